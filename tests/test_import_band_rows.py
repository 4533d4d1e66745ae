"""Weight and age bands as real pages print them (measured on saved public pages, 2026-11-30; every phrase here is
invented for this test in our own words, decided before the importer was run on it).

- A band list whose rows open on the band and go straight on with the verb, no colon ("2-5 years use 20 mg",
  "Over 40 kg give 1 g"): the band is the row's patient group. Only the "<2 years" form was read; a range or an
  "over" band was dropped, so every row's dose lost its band.
- A smaller dose for lighter patients given as the condition of a dose ("0.5 g once daily if weight ≤27 kg",
  "if the child weighs 27 kg or less"): the band was read but not given to the dose.
- "27 kg or less", "12 years or under" is a band with its bound ("<=27 kg"), not the bare weight "27 kg".
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.dose_grammar import parse_statement


def _bands(text: str) -> list[tuple[str, str | None]]:
    return [(str(d.amount_min), d.band) for d in parse_statement(text, 1) if not d.amount_not_stated]


@pytest.mark.parametrize(
    ("row", "want"),
    [
        ("2-5 years use 20 mg prednisolone", [("20", "2-5 years")]),
        ("2–5 years use 20 mg prednisolone", [("20", "2-5 years")]),
        (">5 years use 30-40 mg prednisolone", [("30", "over 5 years")]),
        ("Over 40 kg give 1 g amoxicillin", [("1", "over 40 kg")]),
        ("10-20 kg give 250 mg", [("250", "10-20 kg")]),
        ("<2 years use 10 mg prednisolone", [("10", "under 2 years")]),
    ],
)
def test_a_band_opening_a_row_before_its_verb_is_the_rows_band(row, want):
    assert _bands(row) == want


@pytest.mark.parametrize(
    "sentence",
    [
        "5 days use 20 mg",  # a course length first is no band: nothing said of the patient
        "Give 500 mg twice daily for 5 days",
    ],
)
def test_a_course_length_is_never_read_as_a_band(sentence):
    assert all(band is None for _amount, band in _bands(sentence))


@pytest.mark.parametrize(
    ("sentence", "want"),
    [
        ("Sulfadiazine 1 g by mouth once daily (0.5 g once daily if weight ≤27 kg)", [("1", None), ("0.5", "up to 27 kg")]),
        ("Give 0.5 g once daily if weight is 27 kg or less", [("0.5", "27 kg or less")]),
        ("Give 250 mg twice daily if the child weighs under 20 kg", [("250", "under 20 kg")]),
    ],
)
def test_a_weight_band_in_the_doses_own_condition_is_that_doses_band(sentence, want):
    assert _bands(sentence) == want


def test_or_less_and_or_under_keep_the_bound_of_the_band():
    assert _bands("Children 12 years or under: 250 mg") == [("250", "12 years or under")]
    assert _bands("Weight 27 kg or less: 0.5 g") == [("0.5", "27 kg or less")]


@settings(max_examples=40, deadline=None)
@given(lo=st.integers(1, 10), span=st.integers(1, 8), unit=st.sampled_from(["years", "kg"]),
       verb=st.sampled_from(["use", "give", "take", "start"]), amount=st.integers(1, 500),
       dash=st.sampled_from(["-", "–", " to "]))
def test_any_ranged_band_opening_a_row_before_its_verb_labels_that_rows_dose(lo, span, unit, verb, amount, dash):
    row = f"{lo}{dash}{lo + span} {unit} {verb} {amount} mg"
    assert _bands(row) == [(str(amount), f"{lo}-{lo + span} {unit}")]
