"""How many times a dose is given, and how, in the words real pages use (measured on saved public pages,
2026-11-30; every phrase is invented for this test in our own words, what it means decided before the importer was
run on it).

- "repeated in 2 weeks", "repeat after 14 days", "a second dose after 2 weeks": the dose is given once more, so two
  doses that far apart; "repeat after 5 minutes if needed" (or "until ...") may go on, so no count is read, and
  "repeated every 2 weeks" is a regular interval.
- "as a single infusion over 12 hours": one dose, and an infusion is how it runs (the 'single' took the word
  'infusion' with it and the route was lost).
- "2.5 mg salbutamol nebuliser", "add 250 micrograms to the nebuliser": one nebuliser run, so the amount is that
  one administration's, as "2.5 mg nebulised" already was.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.dose_grammar import parse_statement


def _one(text: str):
    (dose,) = [d for d in parse_statement(text, 1) if not d.amount_not_stated]
    return dose


@pytest.mark.parametrize(
    ("text", "every"),
    [
        ("Take mebendazole 100 mg, repeated in 2 weeks.", (2, "week")),
        ("Give 200 micrograms/kg by mouth (repeat after 14 days).", (14, "day")),
        ("Give 100 mg once, repeated after 2 weeks.", (2, "week")),
        ("Oral ivermectin (200 micrograms/kg) needs a second dose after 7 days.", (7, "day")),
        ("Give 1 g, and a further dose in 4 weeks.", (4, "week")),
    ],
)
def test_a_repeat_after_a_time_is_two_doses_that_far_apart(text, every):
    dose = _one(text)
    assert dose.doses == (2, 2)
    assert (int(dose.interval[0]), dose.interval[1]) == every


@pytest.mark.parametrize(
    "text",
    [
        "Give 0.5 mg IM; repeat after 5 minutes if needed.",
        "Give 0.5 mg IM, repeat after 5 minutes if there is no response.",
        "Give 2 mg IV, repeated after 3 minutes until breathing recovers.",
        "Give 10 mg, repeated every 2 weeks.",
        "Give 10 mg, repeat after 4 hours as required.",
    ],
)
def test_an_open_or_regular_repeat_is_never_counted_as_two_doses(text):
    assert _one(text).doses is None


@pytest.mark.parametrize(
    ("text", "route"),
    [
        ("Immunoglobulin 2 g/kg as a single infusion over 12 hours", "intravenous"),
        ("Give 2 g/kg as a single infusion", "intravenous"),
        ("Give 500 mg as a single subcutaneous infusion", "subcutaneous"),
    ],
)
def test_a_single_infusion_is_one_dose_given_by_infusion(text, route):
    dose = _one(text)
    assert dose.doses == (1, 1) and dose.route == route and dose.per == "dose"


@pytest.mark.parametrize(
    "text",
    ["Start with 2.5 mg salbutamol nebuliser", "Add 250 micrograms ipratropium to the nebuliser", "5 mg via nebulizer"],
)
def test_an_amount_for_the_nebuliser_is_one_administration(text):
    dose = _one(text)
    assert dose.route == "inhaled" and dose.per == "dose"


def test_a_nebuliser_dose_with_a_frequency_keeps_it():
    dose = _one("5 mg via nebuliser every 4 hours")
    assert dose.per == "dose" and (int(dose.interval[0]), dose.interval[1]) == (4, "hour")


@settings(max_examples=40, deadline=None)
@given(amount=st.integers(1, 900), n=st.integers(1, 28), unit=st.sampled_from(["days", "weeks"]),
       shape=st.sampled_from(["Give {a} mg, repeated in {n} {u}.", "Give {a} mg; repeat after {n} {u}.",
                              "Give {a} mg and a second dose after {n} {u}."]),
       open_end=st.sampled_from(["", " if needed", " if symptoms persist"]))
def test_a_repeat_is_counted_only_when_it_is_given_once_more(amount, n, unit, shape, open_end):
    text = shape.format(a=amount, n=n, u=unit).rstrip(".") + open_end + "."
    dose = _one(text)
    assert (int(dose.interval[0]), dose.interval[1]) == (n, unit.rstrip("s"))
    assert dose.doses == (None if open_end else (2, 2))
