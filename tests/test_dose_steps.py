"""Titration and taper steps are not doses; a starting dose, a usual maintenance dose and a target dose are.

The facts' convention (tests/fixtures/import/articles/README.md): "titration steps are not doses"; an amount a step
moves to with a schedule of its own is the new regimen. Every sentence is written for this test. Defects it pins:
a taper's later steps after 'then' ("reduce by 10 mg each month, then 5 mg each month, and then as little as 1 mg
each month"; "then by 1 mg every month") and the amount a taper leads to ("by 10 mg each month to 20 mg") were drafted
as doses (one as a loading dose), "titrate up to 20 mg over 4 weeks" was drafted as a 20 mg dose per course, and
"adjust by 5 mg/kg" as a dose with no period.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.dose_grammar import parse_statement


def _given(text: str):
    return [d for d in parse_statement(text, 1)
            if not (d.amount_not_stated or d.strength or d.titration or d.rate or d.level or d.threshold
                    or d.rounding or d.given_so_far)]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # a starting dose with steps: the starting dose is a dose, the steps are not
        ("Start sertraline 50 mg once daily; increase to 100 mg after 2 weeks.", ["50"]),
        ("Start amitriptyline 10 mg at night; titrate up to 20 mg over 4 weeks.", ["10"]),
        ("Give methotrexate 15 mg weekly, increasing to 25 mg over 4 weeks.", ["15"]),
        ("Start bisoprolol 1.25 mg once daily; if tolerated, double the dose to 2.5 mg.", ["1.25"]),
        ("Give ramipril 2.5 mg once daily, then increase to 5 mg if needed.", ["2.5"]),
        ("Give deferasirox 20 mg/kg daily, and over the next 3 months adjust by 5 mg/kg.", ["20"]),
        # a taper: every step after 'then' goes on with the same step verb
        ("Reduce prednisolone by 5 mg every week to 10 mg daily, then by 1 mg every month.", ["10"]),
        ("Taper prednisolone by 10 mg each month to 20 mg, then by 2.5 mg every 2 weeks.", []),
        ("Decrease large doses by 10 mg each month initially, then 5 mg each month, and then as little as 1 mg each "
         "month.", []),
        # a usual, maintenance or target dose is a dose
        ("Start lamotrigine 25 mg daily; increase by 25 mg every week to a usual dose of 100-200 mg daily.",
         ["25", "100"]),
        ("Start at 2.5 mg daily, increasing gradually to a maintenance dose of 10 mg daily.", ["2.5", "10"]),
        ("The target dose of bisoprolol is 10 mg once daily.", ["10"]),
        ("Titrate carvedilol up to a target of 25 mg twice daily.", ["25"]),
    ],
)
def test_steps_are_never_doses_and_starting_usual_and_target_doses_are(text, kept):
    assert [str(d.amount_min) for d in _given(text)] == kept
    # each step is still read (for the curator's note), never lost
    steps = [d for d in parse_statement(text, 1) if d.titration]
    assert len(steps) + len(kept) >= len([d for d in parse_statement(text, 1) if not d.amount_not_stated])


def test_a_dose_after_then_with_its_own_schedule_is_still_a_dose():
    # 'then 10 mg daily' is the regimen the steps lead to; only a bare step amount continues the taper
    doses = _given("Reduce prednisolone by 5 mg every week, then give 10 mg daily for 4 weeks.")
    assert [str(d.amount_min) for d in doses] == ["10"]


@settings(max_examples=80, deadline=None, derandomize=True)
@given(verb=st.sampled_from(["Reduce", "Decrease", "Taper", "Lower", "Increase"]),
       first=st.integers(2, 20), later=st.integers(1, 10),
       every=st.sampled_from(["each month", "every week", "every 2 weeks", "monthly"]),
       joiner=st.sampled_from([", then ", ", then by ", ", and then ", " then by "]))
def test_every_later_step_of_a_taper_is_a_step(verb, first, later, every, joiner):
    if every == "monthly" and "by" not in joiner:
        every = "each month"
    text = f"Start prednisolone 40 mg daily. {verb} the dose by {first} mg {every}{joiner}{later} mg {every}."
    assert [str(d.amount_min) for d in _given(text)] == ["40"]
