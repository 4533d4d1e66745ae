"""The dose grammar: phrases from guideline wording to vocabulary fields, and nothing but ImporterError on any text."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer import ImporterError
from kg.importer.dose_grammar import parse_dose, parse_statement, routes_in


def test_weight_based_range_per_day_with_single_daily_dose_and_duration():
    d = parse_dose("0.5-1 mg/kg/day, one single daily dose, given for 2-4 weeks", line=30)
    assert (d.amount_min, d.amount_max, d.unit, d.basis, d.per) == (Decimal("0.5"), Decimal("1"), "mg", "body_weight", "day")
    assert d.times_per_day == 1 and d.duration == (Decimal(2), Decimal(4), "week") and d.line == 30


def test_surface_area_dose_per_week_with_absolute_maximum_in_both_spellings():
    for text in ("12-18 mg/m²/week (maximum absolute dose 30 mg/week)", "12-18 mg/m2/week (maximum 30 mg/week)"):
        d = parse_dose(text)
        assert (d.basis, d.per, d.maximum) == ("body_surface_area", "week", (Decimal(30), "mg", "week"))


def test_grams_per_kg_ideal_body_weight_over_consecutive_days_is_a_course_total():
    d = parse_dose("1.5-2 g/kg ideal body weight over 3 consecutive days")
    assert (d.unit, d.basis, d.per, d.duration) == ("g", "ideal_body_weight", "course", (Decimal(3), Decimal(3), "day"))


def test_consecutive_days_without_a_period_means_one_dose_a_day():
    d = parse_dose("10-20 mg/kg for 1-5 consecutive days")
    assert (d.per, d.doses, d.interval) == ("dose", (1, 5), (Decimal(1), "day"))


def test_counted_hyphenated_doses_weeks_apart():
    d = parse_dose("two 1000-mg doses given 2 weeks apart")
    assert (d.amount_min, d.per, d.doses, d.interval) == (Decimal(1000), "dose", (2, 2), (Decimal(2), "week"))


def test_two_doses_in_one_statement_keep_their_own_frequency():
    bsa, flat = parse_statement("500-1000 mg/m² or 500 mg twice daily initially")
    assert (bsa.basis, bsa.per, bsa.times_per_day) == ("body_surface_area", None, None)
    assert (flat.basis, flat.per, flat.times_per_day, flat.initial) == ("flat", "dose", 2, True)


def test_ceiling_route_interval_and_topical_concentration():
    assert parse_dose("ideally ≤10 mg/day").ceiling and parse_dose("ideally ≤10 mg/day").amount_min is None
    assert parse_dose("2g/kg IV over 2 days every 28 days").route == "intravenous"
    assert parse_dose("2g/kg IV over 2 days every 28 days").interval == (Decimal(28), "day")
    (topical,) = parse_statement("Topical tacrolimus (0.1%) for redness")
    assert topical.amount_not_stated and topical.concentration == Decimal("0.1") and topical.route == "topical"
    assert parse_dose("500 mcg orally twice daily").unit == "mcg" and routes_in("Oral prednisone:") == ["oral"]


def test_schedule_without_an_amount_is_marked_amount_not_stated():
    (d,) = parse_statement("Infusions given every 4 weeks for 3-6 months")
    assert d.amount_not_stated and d.route == "intravenous" and d.duration == (Decimal(3), Decimal(6), "month")


def test_percentages_durations_and_onsets_are_not_doses():
    assert parse_statement("fails in 86% of patients") == []
    assert parse_statement("Can take up to 26 weeks to work") == []


def test_backwards_range_and_missing_amount_raise_importer_error_with_line():
    with pytest.raises(ImporterError) as e:
        parse_dose("20-15 mg/kg", line=7)
    assert e.value.line == 7 and "backwards" in str(e.value)
    with pytest.raises(ImporterError) as e:
        parse_dose("give generously", line=3)
    assert e.value.line == 3


@settings(max_examples=400, deadline=None)
@given(st.text(), st.integers(min_value=-5, max_value=10_000))
def test_arbitrary_text_yields_doses_or_importer_error_with_a_line(text, line):
    try:
        doses = parse_statement(text, line)
    except ImporterError as e:
        assert e.line >= 1
        return
    for d in doses:
        assert d.line >= 1
        assert d.amount_not_stated or d.amount_max is not None


_DOSEY = st.lists(st.sampled_from(
    ["0.5", "-", "15", "20", "mg", "g", "mcg", "/", "kg", "m²", "m2", "day", "week", "per", "maximum", "max", "(", ")",
     "%", "twice", "daily", "every", "for", "over", "consecutive", "days", "weeks", "doses", "two", "IV", "oral",
     "ideal", "body", "weight", "≤", "to", "apart", "times", "3", "0.1", ",", ":"]), max_size=25).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(_DOSEY)
def test_dose_like_word_salad_yields_doses_or_importer_error(text):
    try:
        for d in parse_statement(text, 2):
            if not d.amount_not_stated and d.amount_min is not None:
                assert d.amount_min <= d.amount_max
    except ImporterError as e:
        assert e.line == 2
