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


# ------------------------------------------------- 'one hour later', 'now': one administration at that time

@pytest.mark.parametrize(
    "text",
    [
        "Take 1 mg at once, followed by 0.5 mg one hour later.",
        "Give 1 mg, then 0.5 mg 2 hours later",
        "Take the first dose (1 mg followed by 0.5 mg one hour later), then stop for 12 hours.",
        "Give 0.5 mg orally one hour later.",
    ],
)
def test_an_amount_given_a_time_later_is_one_administration(text):
    later = [d for d in parse_statement(text, 1) if not d.amount_not_stated and str(d.amount_min) == "0.5"]
    assert len(later) == 1 and later[0].doses == (1, 1) and later[0].per == "dose"


@pytest.mark.parametrize(
    "text",
    ["Give 500 mg three times daily; review one week later.", "Give 500 mg, review one week later.",
     "Give 500 mg twice daily, and reassess 2 days later."],
)
def test_a_later_review_after_the_dose_is_not_a_single_dose(text):
    (dose,) = _given_all(text)
    assert dose.doses is None


def test_an_amount_given_now_is_one_administration_but_now_and_daily_is_a_course():
    (first, _second) = _given_all("Give 10 mg now and 10 mg 12 hours later")
    assert first.doses == (1, 1)
    (alone,) = _given_all("Give 10 mg immediately.")
    assert alone.doses == (1, 1) and alone.per == "dose"
    (course,) = _given_all("Start 10 mg now and daily thereafter")
    assert course.doses is None


def _given_all(text: str):
    return [d for d in parse_statement(text, 1) if not d.amount_not_stated]


@settings(max_examples=40, deadline=None)
@given(first=st.integers(1, 90), second=st.integers(1, 90), n=st.integers(1, 12),
       unit=st.sampled_from(["hour", "hours", "minutes"]), word=st.sampled_from(["followed by", "then"]))
def test_any_dose_a_time_later_is_counted_once_and_the_first_keeps_its_own_reading(first, second, n, unit, word):
    doses = _given_all(f"Give {first} mg, {word} {second} mg {n} {unit} later.")
    assert len(doses) == 2
    assert doses[1].doses == (1, 1) and doses[1].interval is None
