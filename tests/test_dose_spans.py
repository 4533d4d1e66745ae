"""What a span after a dose means: only a span saying how long the drug is given is its course.

Every sentence is written for this test; what it means was decided from what it tells a prescriber before the
importer was run on it:

- "for 5 days", "for at least 6 weeks", "for up to 6 weeks": how long the drug is given, the course.
- "over 30 minutes": how long one administration (an infusion) runs, never the course.
- "60 mg/kg over 24 hours in 4 divided doses": the amount is what the four doses add up to in the day (per day),
  never each dose's amount (read before as 60 mg/kg a dose, four times a day: four times the dose) and never one
  infusion of 24 hours.
- "2 g/kg divided over 2 to 5 days", "3 g over 3 days": the course total, given over those days.
- "weaning over 6 weeks", "increasing to 25 mg over 4 weeks", "titrate up to 20 mg over 4 weeks": the span a taper or
  titration runs over, not how long the amount before it is given (read before as that amount's course, or as a
  dose of its own 'per course'); kept for the curator, never dropped.
- "until symptoms settle", "within 48 hours of onset", "during pregnancy": no course length is stated.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.dose_grammar import parse_statement
from tests.draft_reading import sentence_draft


def _given(text: str):
    return [d for d in parse_statement(text, 1)
            if not (d.amount_not_stated or d.strength or d.titration or d.rate or d.level or d.threshold
                    or d.rounding or d.given_so_far)]


@pytest.mark.parametrize(
    ("text", "course"),
    [
        ("Give amoxicillin 500 mg three times a day for 5 days.", (D(5), D(5), "day")),
        ("Give doxycycline 100 mg twice a day for at least 6 weeks.", (D(6), None, "week")),
        ("Give aspirin 75 mg daily for up to 6 weeks.", (None, D(6), "week")),
        ("Give methylprednisolone 1 g IV daily over 30 minutes for 3 days.", (D(3), D(3), "day")),
        ("Give ibuprofen 400 mg three times a day until symptoms settle.", None),
        ("Give oseltamivir 75 mg twice daily within 48 hours of symptom onset.", None),
        ("Give cefalexin 500 mg twice daily during pregnancy.", None),
        ("Give 1 g twice daily over 30 minutes.", None),
    ],
)
def test_only_a_span_of_how_long_the_drug_is_given_is_the_course(text, course):
    (dose,) = _given(text)
    assert dose.duration == course


def test_an_infusion_time_is_how_long_one_administration_runs():
    (dose,) = _given("Give vancomycin 1 g twice daily over 60 minutes.")
    assert dose.infusion == (D(60), D(60), "minute") and dose.duration is None and dose.per == "dose"


@pytest.mark.parametrize(
    "text",
    [
        "Give paracetamol 60 mg/kg over 24 hours in 4 divided doses.",
        "Give paracetamol 60 mg/kg over 24 hours, given every 6 hours.",
        "Give 60 mg/kg over 24 hours in 3 to 4 divided doses.",
    ],
)
def test_an_amount_over_24_hours_split_into_doses_is_the_days_total_never_each_dose(text):
    (dose,) = _given(text)
    assert str(dose.amount_min) == "60" and dose.per == "day"
    assert dose.infusion is None  # no single administration runs for 24 hours


def test_an_amount_over_a_longer_span_split_into_doses_is_the_course_total():
    (dose,) = _given("Give 40 mg/kg over 48 hours in 4 divided doses.")
    assert dose.per == "course" and dose.duration == (D(48), D(48), "hour")


@pytest.mark.parametrize(
    ("text", "course"),
    [
        ("Give immunoglobulin 2 g/kg divided over 2 to 5 days.", (D(2), D(5), "day")),
        ("Give 3 g over 3 days.", (D(3), D(3), "day")),
    ],
)
def test_an_amount_spread_over_days_is_the_course_total(text, course):
    (dose,) = _given(text)
    assert dose.per == "course" and dose.duration == course


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Give prednisolone 40 mg daily, weaning over 6 weeks.", ["40"]),
        ("Give methotrexate 15 mg weekly, increasing to 25 mg over 4 weeks.", ["15"]),
        ("Start amitriptyline 10 mg at night; titrate up to 20 mg over 4 weeks.", ["10"]),
        ("Give prednisolone 2 mg/kg once daily, tapering over the next 3 months.", ["2"]),
    ],
)
def test_a_span_a_taper_or_titration_runs_over_is_never_a_course(text, kept):
    doses = _given(text)
    assert [str(d.amount_min) for d in doses] == kept
    assert all(d.duration is None and d.per != "course" for d in doses)
    # the span is kept for the curator, never lost
    assert any(d.step_span for d in parse_statement(text, 1))


def test_the_taper_span_is_told_to_the_curator(lexicon):
    _g, draft = sentence_draft(lexicon, "Give prednisolone 40 mg daily, weaning over 6 weeks.",
                               name="spans.txt", title="For Spans", test="spans")
    assert any("weaning over 6 weeks" in n.reason and "curator" in n.reason for n in draft.notes)


_FREQ = st.sampled_from([("twice daily", 2), ("three times a day", 3), ("every 8 hours", None), ("once daily", 1)])


@settings(max_examples=80, deadline=None, derandomize=True)
@given(verb=st.sampled_from(["weaning", "tapering", "reducing gradually", "increasing to 20 mg", "withdrawing"]),
       n=st.integers(2, 12), unit=st.sampled_from(["weeks", "months", "days"]), freq=_FREQ,
       lead=st.sampled_from(["", "the next ", "a period of "]))
def test_no_span_after_a_step_verb_becomes_the_course_of_the_dose(verb, n, unit, freq, lead):
    text = f"Give prednisolone 40 mg {freq[0]}, {verb} over {lead}{n} {unit}."
    doses = _given(text)
    assert [str(d.amount_min) for d in doses] == ["40"]
    assert doses[0].duration is None


@settings(max_examples=80, deadline=None, derandomize=True)
@given(amount=st.integers(1, 120), n=st.sampled_from([2, 3, 4, 6]),
       split=st.sampled_from(["in {n} divided doses", "divided into {n} doses", "in {n} doses"]),
       basis=st.sampled_from(["mg/kg", "mg"]))
def test_no_days_total_is_ever_read_as_each_doses_amount(amount, n, split, basis):
    text = f"Give {amount} {basis} over 24 hours {split.format(n=n)}."
    (dose,) = _given(text)
    assert dose.per == "day"


@pytest.mark.parametrize(
    ("text", "course"),
    [
        ("Give paracetamol 1 g every 6 hours up to 5 days.", (None, D(5), "day")),
        ("Give amoxicillin 500 mg three times a day, up to 7 days.", (None, D(7), "day")),
    ],
)
def test_up_to_a_number_of_days_after_the_schedule_is_the_courses_upper_bound(text, course):
    # it was dropped with no note: the course bound is as much the course as "for up to 5 days"
    (dose,) = _given(text)
    assert dose.duration == course


def test_up_to_a_number_of_times_is_a_frequency_never_a_course():
    (dose,) = _given("Give salbutamol 2 puffs up to 4 times a day.")
    assert dose.duration is None and dose.times_per_day == 4


def test_during_the_first_days_is_the_course():
    (dose,) = _given("Give 1 g daily during the first 3 days.")
    assert dose.duration == (D(3), D(3), "day")


def test_a_span_after_a_giving_verb_is_the_gift_not_a_step_span_of_an_earlier_step_word():
    # 'increase' here acts on the fluids; the 2 g/kg is given over 2 days (the course total)
    (dose,) = _given("Increase fluids and give 2 g/kg over 2 days.")
    assert dose.per == "course" and dose.duration == (D(2), D(2), "day") and dose.step_span is None
