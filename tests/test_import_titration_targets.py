"""Titration steps and maxima at first sight (the facts' convention, tests/fixtures/import/articles/README.md:
"titration steps are not doses"). Every phrase is written for this test in our own words; its meaning was decided
before the importer was run on it.

- "increase to 7.5 mg, then 10 mg if needed", "titrate up to 180 mg", "raise the dose to 10 mg after 2-4 weeks",
  "double the dose to 20 mg": the amount a step moves the dose to, with no schedule of its own, is a step of the
  titration. It was drafted as a dose of its own (an amount with no period the page never gives as a regimen).
- "raise it to 120 mg once daily": the amount moved to WITH its own schedule is the new regimen, a dose (as the
  gout and hypertension facts read it).
- a maximum printed beside a dose is the dose's maximum, never a dose.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.dose_grammar import parse_statement


def _doses(text: str):
    """What would be drafted as a dose to give (the draft sets steps, strengths, rates and levels aside)."""
    return [d for d in parse_statement(text, 1)
            if not (d.amount_not_stated or d.titration or d.strength or d.rate or d.level or d.threshold
                    or d.rounding or d.given_so_far)]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Start 5 mg once daily; increase to 7.5 mg, then 10 mg if needed.", ["5"]),
        ("Give 60 mg daily and titrate up to 180 mg.", ["60"]),
        ("Start with 5 mg daily; raise the dose to 10 mg after 2-4 weeks.", ["5"]),
        ("Begin at 10 mg daily; if tolerated, double the dose to 20 mg.", ["10"]),
        ("Give 50 mg daily, then up-titrate to 100 mg as tolerated.", ["50"]),
        ("Give prednisolone 40 mg daily and reduce by 5 mg every week.", ["40"]),
    ],
)
def test_an_amount_a_step_moves_to_without_its_own_schedule_is_a_step_not_a_dose(text, kept):
    assert [str(d.amount_min) for d in _doses(text)] == kept
    # the step is still read (for the curator's note), never silently lost
    assert len(parse_statement(text, 1)) > len(kept)


@pytest.mark.parametrize(
    "text",
    [
        "Febuxostat 80 mg once daily; if urate stays high after 2-4 weeks, raise it to 120 mg once daily.",
        "Amlodipine 5 mg once daily, increased to 10 mg once daily if needed.",
    ],
)
def test_an_amount_moved_to_with_its_own_schedule_is_the_new_regimen(text):
    assert len(_doses(text)) == 2


def test_a_scheduled_regimen_by_days_is_a_dose_per_segment_each_with_its_course():
    text = "Days 1-3: 0.5 mg once daily; days 4-7: 0.5 mg twice daily; from day 8: 1 mg twice daily for 11 weeks."
    doses = _doses(text)
    assert [str(d.amount_min) for d in doses] == ["0.5", "0.5", "1"]
    assert doses[-1].duration is not None and doses[-1].duration[2] == "week"


@pytest.mark.parametrize(
    ("text", "maximum"),
    [
        ("Use 1-2 sprays as needed (max 64 sprays a day).", ("64", "day")),
        ("Give 3 mg twice daily, maximum 9 mg a day.", ("9", "day")),
        ("Give 500 mg every 6 hours, not exceeding 2 g/day.", ("2", "day")),
        ("Give 125 mg twice daily. Increase up to a maximum of 375 mg daily.", ("375", "day")),
    ],
)
def test_a_maximum_beside_a_dose_is_its_maximum_never_a_dose(text, maximum):
    (dose,) = _doses(text)
    assert (str(dose.maximum[0]), dose.maximum[2]) == maximum


_VERB = st.sampled_from(["increase", "raise the dose", "titrate", "titrate up", "increase the dose", "double the dose",
                         "if tolerated, increase", "step up", "reduce the dose", "taper"])


@settings(max_examples=60, deadline=None)
@given(start=st.integers(1, 40), step=st.integers(1, 40), verb=_VERB,
       tail=st.sampled_from(["", " if needed", " after 2 weeks", " as tolerated"]), unit=st.sampled_from(["mg", "g"]))
def test_steps_never_become_doses(start, step, verb, tail, unit):
    text = f"Give {start} {unit} once daily; {verb} to {start + step} {unit}{tail}."
    assert [str(d.amount_min) for d in _doses(text)] == [str(start)]


@settings(max_examples=60, deadline=None)
@given(amount=st.integers(1, 40), extra=st.integers(1, 200),
       lead=st.sampled_from(["max", "maximum", "not exceeding", "up to a maximum of", "no more than"]),
       period=st.sampled_from(["a day", "daily", "per day", "/day"]), bracket=st.booleans())
def test_a_maximum_phrase_never_becomes_a_dose(amount, extra, lead, period, bracket):
    limit = f"{lead} {amount + extra} mg{'' if period == '/day' else ' '}{period}"
    text = f"Give {amount} mg twice daily" + (f" ({limit})." if bracket else f", {limit}.")
    assert [str(d.amount_min) for d in _doses(text)] == [str(amount)]


def test_a_count_maximum_an_hour_and_a_bare_daily_count_are_both_kept_as_the_doses_limits():
    # "max 4 sprays an hour and 64 a day": 4 sprays per hour is the maximum; '64 a day' prints no unit, so it is kept
    # as written for the curator (never given a unit, never a dose, never dropped)
    (dose,) = _doses("Use 1-2 sprays every 30-60 minutes, max 4 sprays an hour and 64 a day.")
    assert (str(dose.maximum[0]), dose.maximum[1], dose.maximum[2]) == ("4", "sprays", "hour")
    assert dose.other_maxima == ("64 a day",)


def test_a_second_limit_joined_by_and_to_a_maximum_is_a_maximum_not_a_dose():
    (dose,) = _doses("Give 2 mg every 4 hours, max 12 mg in 24 hours and 2 mg an hour.")
    assert (str(dose.maximum[0]), dose.maximum[2]) == ("12", "day")
    assert dose.other_maxima == ("2 mg an hour",)


def test_a_dose_after_a_maximum_in_a_new_clause_stays_a_dose():
    doses = _doses("Give 2 mg daily, max 12 mg; give 5 mg at night.")
    assert [str(d.amount_min) for d in doses] == ["2", "5"]
