"""Dose arithmetic by hand: Mosteller, Devine, caps of the same period, missing measurements, rounding."""

from __future__ import annotations

import math

import pytest

from kg.questions.dosing import Measures, Scale, Schedule, compute, devine_ibw, mosteller_bsa
from kg.vocab.namespaces import KGV

BSA = Scale(str(KGV.BodySurfaceArea), "body surface area", "m2", str(KGV.FormulaMosteller), "Mosteller",
            [(str(KGV.Height), "height"), (str(KGV.BodyWeight), "body weight")])
IBW = Scale(str(KGV.IdealBodyWeight), "ideal body weight", "kg", str(KGV.FormulaDevine), "Devine",
            [(str(KGV.Height), "height"), (str(KGV.Sex), "sex")])
WEIGHT = Scale(str(KGV.BodyWeight), "body weight", "kg")


def weekly_mg(lo, hi, max_amount=None, max_per=str(KGV.PerWeek), no_max=False) -> Schedule:
    return Schedule(lo, hi, "mg", "mg", str(KGV.PerWeek), "week", max_amount, "mg" if max_amount else None,
                    max_per if max_amount else None, "week" if max_per == str(KGV.PerWeek) else "day", no_max)


def test_mosteller_bsa_for_adult_female_70_kg_165_cm():
    # sqrt(165 * 70 / 3600) = sqrt(11550 / 3600) = sqrt(3.208333) = 1.791182
    assert mosteller_bsa(165, 70).value == pytest.approx(math.sqrt(3.2083333), abs=1e-6)
    assert mosteller_bsa(165, 70).value == pytest.approx(1.791182, abs=1e-6)


def test_devine_ibw_female_and_male():
    # female 165 cm: 165 / 2.54 = 64.9606 in; 45.5 + 2.3 * 4.9606 = 56.9094 kg
    assert devine_ibw("female", 165).value == pytest.approx(45.5 + 2.3 * (165 / 2.54 - 60), abs=1e-9)
    assert devine_ibw("female", 165).value == pytest.approx(56.9094, abs=1e-4)
    # male 180 cm: 70.8661 in; 50 + 2.3 * 10.8661 = 74.9921 kg
    assert devine_ibw("male", 180).value == pytest.approx(74.9921, abs=1e-4)
    assert devine_ibw("male", 180).warnings == []


def test_devine_below_five_feet_warns_instead_of_hiding():
    # 135 cm = 53.15 in, below 60 in: 50 + 2.3 * (53.1496 - 60) = 34.2441 kg, with a warning
    d = devine_ibw("male", 135)
    assert d.value == pytest.approx(34.2441, abs=1e-4)
    assert any("152.4 cm" in w for w in d.warnings)


def test_bsa_dose_capped_by_weekly_maximum_of_same_period():
    # height 198 cm, weight 88 kg: BSA = sqrt(198 * 88 / 3600) = sqrt(4.84) = 2.2 m²
    # 15-20 mg/m²/week * 2.2 = 33-44 mg/week; max 40 mg/week -> 33-40, capped
    out = compute(weekly_mg(15, 20, 40), BSA, Measures(88, 198, None))
    c = out.computed
    assert c.min_exact == pytest.approx(33.0) and c.max_exact == pytest.approx(44.0)
    assert (c.min, c.max, c.capped) == (33.0, 40.0, True)
    assert c.cap == "capped at 40 mg/week"
    assert "sqrt(198 cm × 88 kg / 3600)" in c.formula and "= 33–44 mg/week" in c.formula  # unrounded, before the cap


def test_maximum_of_another_period_is_not_applied():
    # same 33-44 mg/week, but the stated maximum is per day: not comparable, not applied
    out = compute(weekly_mg(15, 20, 40, max_per=str(KGV.PerDay)), BSA, Measures(88, 198, None))
    assert out.computed.capped is False and out.computed.max == 44.0
    assert "not applied" in out.computed.maximum


def test_no_maximum_stated_is_said():
    # 0.5-1 mg/kg * 70 kg = 35-70 mg
    out = compute(weekly_mg(0.5, 1, no_max=True), WEIGHT, Measures(70, None, None))
    assert (out.computed.min, out.computed.max) == (35.0, 70.0)
    assert out.computed.maximum == "no maximum stated"


def test_missing_height_names_the_measurement_and_computes_nothing():
    out = compute(weekly_mg(15, 20, 40), BSA, Measures(70, None, None))
    assert out.computed is None and out.missing == ["height"]
    out = compute(weekly_mg(2, 2), IBW, Measures(70, 165, None))
    assert out.computed is None and out.missing == ["sex"]


def test_grams_round_to_two_places_and_keep_exact_values():
    # IVIG 1-2 g/kg IBW, female 165 cm: 56.9094-113.8189 g -> 56.91-113.82
    s = Schedule(1, 2, "g", "g", str(KGV.PerCourse), "course", no_maximum_stated=True)
    c = compute(s, IBW, Measures(None, 165, "female")).computed
    assert (c.min, c.max) == (56.91, 113.82)
    assert c.max_exact == pytest.approx(2 * (45.5 + 2.3 * (165 / 2.54 - 60)))
    assert c.rounding == "rounded to 2 decimal places"


def test_flat_and_unstated_amounts_are_not_computed():
    flat = Schedule(1, 1, "mg", "mg", str(KGV.PerDay), "day", no_maximum_stated=True)
    assert compute(flat, None, Measures(70, 165, "female")).computed is None
    unstated = Schedule(None, None, None, None, None, None)
    assert compute(unstated, WEIGHT, Measures(70, 165, "female")).note == "amount not stated"


def test_a_dose_without_a_maximum_of_its_period_is_uncapped_with_a_warning():
    m = Measures(weight_kg=70, height_cm=165)
    none = compute(weekly_mg(15, 20, no_max=True), BSA, m).computed
    assert none.uncapped and any("not checked against any maximum" in w for w in none.warnings)
    other_period = compute(weekly_mg(15, 20, max_amount=5, max_per=str(KGV.PerDay)), BSA, m).computed
    assert other_period.uncapped and not other_period.capped and "not applied" in other_period.maximum
    same = compute(weekly_mg(15, 20, max_amount=40), BSA, m).computed
    assert not same.uncapped and same.warnings == ()


def test_period_not_stated_stays_on_the_number_and_a_matching_maximum_still_counts():
    # 2 mg/kg, no period; a maximum recorded for the same (unstated) period is compared, not ignored
    per = str(KGV.PeriodNotStated)
    sched = Schedule(2, 2, "mg", "mg", per, "period not stated", 100, "mg", per, "period not stated")
    c = compute(sched, WEIGHT, Measures(weight_kg=70)).computed
    assert c.max == 100 and c.capped and not c.uncapped  # 2 x 70 = 140 > 100
    assert c.formula.endswith("(period not stated); capped at 100 mg (period not stated) (stated maximum)")


def _per_kg_day(lo, hi, max_amount, max_basis, basis=str(KGV.BasisBodyWeight)) -> Schedule:
    return Schedule(lo, hi, "mg", "mg", str(KGV.PerDay), "day", max_amount, "mg", str(KGV.PerDay), "day",
                    max_basis=max_basis, max_basis_label="per kg body weight" if max_basis else None, basis=basis)


def test_a_maximum_per_kg_scales_with_the_patient_like_the_amount():
    # 15-20 mg/kg/day, maximum 18 mg/kg/day, 30 kg: 450-600 mg/day, maximum 18 x 30 = 540 mg/day -> capped at 540
    c = compute(_per_kg_day(15, 20, 18, str(KGV.BasisBodyWeight)), WEIGHT, Measures(30, None, None)).computed
    assert (c.min, c.max, c.capped, c.uncapped) == (450.0, 540.0, True, False)
    assert "18 mg per kg × 30 kg = 540 mg/day" in c.maximum


def test_the_same_number_as_an_absolute_maximum_caps_far_lower():
    # the same 18 read as 18 mg/day (no kgv:maxBasis) caps 450-600 mg/day at 18: why the basis must be kept
    c = compute(_per_kg_day(15, 20, 18, None), WEIGHT, Measures(30, None, None)).computed
    assert (c.min, c.max, c.capped) == (18.0, 18.0, True)


def test_a_maximum_per_kg_on_a_dose_per_m2_is_not_compared_and_says_so():
    s = _per_kg_day(15, 20, 18, str(KGV.BasisBodyWeight), basis=str(KGV.BasisBodySurfaceArea))
    c = compute(s, BSA, Measures(88, 198, None)).computed
    assert c.capped is False and c.uncapped is True
    assert "not compared" in c.maximum and "another measure" in c.maximum
