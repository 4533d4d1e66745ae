"""Doses that are not a mass, and rates: the vocabulary's units and periods, SHACL, and a dose computed for a weight.

Real guidance doses by volume ("0.9% sodium chloride 10 mL/kg bolus"), amount of substance ("potassium chloride
40 mmol"), units of activity ("insulin 0.05-0.1 units/kg/hour", "benzathine benzylpenicillin 600,000 units"),
counts of a dose form ("salbutamol 4-10 puffs") and rates (per hour, per minute). Each unit carries its UCUM code
(UCUM: mL, L, mmol, [iU] international unit, [arb'U] arbitrary unit, {annotation} for a counted form); amounts are
converted only within one dimension.
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.config import GRAPH_DIR
from kg.questions.dosing import Measures, Scale, Schedule, compute
from kg.vocab import units
from kg.vocab.namespaces import KGV, QUDT, UNIT

VOCAB = Graph().parse(GRAPH_DIR / "vocab" / "guideline.ttl")
WEIGHT = Scale(str(KGV.BodyWeight), "body weight", "kg")

# (unit IRI, label, UCUM code) of each unit a guideline doses by, as UCUM spells it
NEW_UNITS = [
    (UNIT.MilliL, "mL", "mL"),
    (UNIT.L, "L", "L"),
    (UNIT.MilliMOL, "mmol", "mmol"),
    (UNIT.IU, "IU", "[iU]"),
    (KGV.ArbitraryUnit, "unit", "[arb'U]"),
    (KGV.Puff, "puff", "{puff}"),
    (KGV.Tablet, "tablet", "{tbl}"),
    (KGV.Drop, "drop", "{drop}"),
]
DIMENSIONS = {"mass": ["mg", "g", "ug"], "volume": ["mL", "L"], "substance": ["mmol"], "international": ["[iU]"],
              "arbitrary": ["[arb'U]"], "puff": ["{puff}"], "tablet": ["{tbl}"], "drop": ["{drop}"]}
ALL_CODES = [code for codes in DIMENSIONS.values() for code in codes]
DIMENSION_OF = {code: dim for dim, codes in DIMENSIONS.items() for code in codes}


@pytest.mark.parametrize(("iri", "label", "code"), NEW_UNITS)
def test_each_new_unit_is_a_kgv_unit_with_its_ucum_code(iri, label, code):
    assert (iri, RDF.type, KGV.Unit) in VOCAB
    assert str(VOCAB.value(iri, RDFS.label)) == label
    assert str(VOCAB.value(iri, QUDT.ucumCode)) == code
    assert units.known(code), f"{code} must be readable by kg.vocab.units"


@pytest.mark.parametrize(("period", "label", "days"), [(KGV.PerHour, "hour", 1 / 24), (KGV.PerMinute, "minute", 1 / 1440)])
def test_rate_periods_are_dose_periods_of_their_length(period, label, days):
    assert (period, RDF.type, KGV.DosePeriod) in VOCAB
    assert str(VOCAB.value(period, RDFS.label)) == label
    assert math.isclose(float(VOCAB.value(period, KGV.days)), days, rel_tol=1e-12)


@pytest.mark.parametrize(("source", "target", "expected"),
                         [("L", "mL", 1000.0), ("mL", "L", 0.001), ("mmol", "umol", 1000.0),
                          ("[iU]", "[IU]", 1.0), ("mL/kg/h", "L/kg/h", 0.001), ("[arb'U]/kg/min", "[arb'U]/kg/h", 60.0)])
def test_conversions_within_one_dimension_by_definition(source, target, expected):
    assert units.factor(source, target) == expected


@given(st.sampled_from(ALL_CODES), st.sampled_from(ALL_CODES))
def test_never_converts_across_dimensions(a, b):
    """A mass is never a volume; units are not international units; a puff is not a tablet or a drop."""
    factor = units.factor(a, b)
    if DIMENSION_OF[a] == DIMENSION_OF[b]:
        assert factor is not None and factor > 0
    else:
        assert factor is None


def test_counted_drop_is_not_ucums_metric_drop():
    # UCUM's [drp] is 1/20 mL; a drop counted into an eye is a count, not a volume
    assert units.factor("{drop}", "mL") is None


def _schedule(lo, hi, code, label, per, per_label, max_amount=None, max_code=None, max_per=None, max_label=None):
    return Schedule(lo, hi, code, label, per, per_label, max_amount, max_code, max_per, max_label,
                    no_maximum_stated=max_amount is None)


def test_ml_per_kg_bolus_times_weight_gives_ml():
    """'0.9% sodium chloride 10 mL/kg bolus' for a 20 kg child is 200 mL a dose."""
    out = compute(_schedule(10, 10, "mL", "mL", str(KGV.PerDose), "dose"), WEIGHT, Measures(weight_kg=20)).computed
    assert (out.max, out.unit, out.per) == (200.0, "mL", "dose")
    assert "10 mL per kg × 20 kg = 200 mL/dose" in out.formula


def test_units_per_kg_per_hour_times_weight_gives_units_per_hour():
    """'insulin 0.05-0.1 units/kg/hour' at 70 kg is 3.5-7 units an hour, a rate, not a daily amount."""
    out = compute(_schedule(0.05, 0.1, "[arb'U]", "unit", str(KGV.PerHour), "hour"), WEIGHT,
                  Measures(weight_kg=70)).computed
    assert (out.min, out.max, out.unit, out.per) == (3.5, 7.0, "unit", "hour")
    assert out.formula.endswith("= 3.5–7 unit/hour")


def test_small_child_rate_keeps_two_places():
    """0.05 units/kg/hour for a 3 kg baby is 0.15 units an hour: rounding never makes it 0.1 or 0.2."""
    out = compute(_schedule(0.05, 0.05, "[arb'U]", "unit", str(KGV.PerHour), "hour"), WEIGHT,
                  Measures(weight_kg=3)).computed
    assert out.max == 0.15


def test_maximum_in_mg_against_dose_in_ml_is_not_comparable_and_not_applied():
    out = compute(_schedule(10, 10, "mL", "mL", str(KGV.PerDose), "dose", 500, "mg", str(KGV.PerDose), "dose"),
                  WEIGHT, Measures(weight_kg=100)).computed
    assert out.capped is False and out.max == 1000.0
    assert "not comparable" in out.maximum and "mg" in out.maximum and "mL" in out.maximum
    assert out.uncapped  # and the patient's number is flagged as checked against no maximum


def test_maximum_in_international_units_is_not_applied_to_plain_units():
    out = compute(_schedule(18, 18, "[arb'U]", "unit", str(KGV.PerHour), "hour", 1000, "[iU]", str(KGV.PerHour), "hour"),
                  WEIGHT, Measures(weight_kg=80)).computed
    assert out.capped is False and out.max == 1440.0 and "not comparable" in out.maximum


def test_maximum_in_litres_caps_a_dose_in_ml_per_hour():
    """10 mL/kg/hour at 120 kg is 1200 mL/hour; a stated maximum of 1 L/hour caps it at 1000 mL/hour."""
    out = compute(_schedule(10, 10, "mL", "mL", str(KGV.PerHour), "hour", 1, "L", str(KGV.PerHour), "hour"),
                  WEIGHT, Measures(weight_kg=120)).computed
    assert out.capped and out.max == 1000.0 and out.cap == "capped at 1000 mL/hour"


def test_maximum_per_day_is_not_applied_to_a_rate_per_hour():
    out = compute(_schedule(1, 1, "mmol", "mmol", str(KGV.PerHour), "hour", 5, "mmol", str(KGV.PerDay), "day"),
                  WEIGHT, Measures(weight_kg=70)).computed
    assert out.capped is False and out.max == 70.0 and "not applied" in out.maximum


CODES_AND_LABELS = [(code, code) for code in ("mg", "g", "mL", "L", "mmol", "[iU]")] + [
    ("[arb'U]", "unit"), ("{puff}", "puff"), ("{drop}", "drop")]
PERIODS = [(str(KGV.PerDose), "dose"), (str(KGV.PerDay), "day"), (str(KGV.PerHour), "hour"),
           (str(KGV.PerMinute), "minute")]


@given(st.sampled_from(CODES_AND_LABELS), st.sampled_from(PERIODS),
       st.decimals(min_value="0.01", max_value="1000", places=2), st.floats(min_value=0.5, max_value=250))
def test_computed_amount_is_amount_times_weight_in_the_same_unit_and_period(unit, period, amount, weight):
    code, label = unit
    out = compute(_schedule(float(amount), float(amount), code, label, *period), WEIGHT,
                  Measures(weight_kg=weight)).computed
    assert math.isclose(out.max_exact, float(amount) * weight, rel_tol=1e-12)
    assert out.unit == label and out.per == period[1]
    assert f"{label}/{period[1]}" in out.formula


@given(st.sampled_from(ALL_CODES), st.sampled_from(ALL_CODES), st.floats(min_value=0.01, max_value=1e4),
       st.floats(min_value=0.5, max_value=250))
def test_a_maximum_is_applied_only_within_its_dimension(dose_code, max_code, max_amount, weight):
    per = str(KGV.PerDose)
    out = compute(_schedule(1, 1, dose_code, dose_code, per, "dose", max_amount, max_code, per, "dose"), WEIGHT,
                  Measures(weight_kg=weight)).computed
    if DIMENSION_OF[dose_code] != DIMENSION_OF[max_code]:
        assert not out.capped and out.max_exact == pytest.approx(weight) and "not comparable" in out.maximum
    else:
        ceiling = max_amount * units.factor(max_code, dose_code)
        assert out.capped == (weight > ceiling) and "not comparable" not in out.maximum


# --- SHACL: a curated dose in the new units validates; the same checks as pySHACL ---

RATE_DOSE = ("kgv:amountMin 10 ; kgv:amountMax 20 ; kgv:amountUnit unit:MilliGM ; kgv:basis kgv:BasisBodyWeight ; "
             "kgv:per kgv:PerDose ;")


@pytest.mark.parametrize(("unit", "per"), [("unit:MilliL", "kgv:PerDose"), ("kgv:ArbitraryUnit", "kgv:PerHour"),
                                           ("unit:MilliMOL", "kgv:PerMinute"), ("kgv:Puff", "kgv:PerDose"),
                                           ("unit:IU", "kgv:PerHour")])
def test_a_dose_in_a_new_unit_and_period_conforms(tmp_path: Path, unit, per):
    from test_shacl_parity import both, mutated

    changed = RATE_DOSE.replace("unit:MilliGM", unit).replace("kgv:PerDose", per)
    ours, reference = both(mutated(tmp_path, RATE_DOSE, changed))
    assert ours == reference == []


def test_a_dose_whose_unit_is_not_a_unit_is_refused(tmp_path: Path):
    from test_shacl_parity import both, mutated

    ours, reference = both(mutated(tmp_path, RATE_DOSE, RATE_DOSE.replace("unit:MilliGM", "kgv:Hour")))
    assert reference and Counter(ours) == Counter(reference)
    assert any(f.rule == "dose-unit-class" for f in ours)


def test_every_unit_in_the_vocabulary_has_one_readable_ucum_code():
    for unit_iri in VOCAB.subjects(RDF.type, KGV.Unit):
        codes = list(VOCAB.objects(unit_iri, QUDT.ucumCode))
        assert len(codes) == 1 and isinstance(codes[0], Literal) and units.known(str(codes[0])), unit_iri
    assert isinstance(KGV.ArbitraryUnit, URIRef)
