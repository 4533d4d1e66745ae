"""A maximum printed after its amount, and a period printed after the drug's name (measured on saved public pages,
2026-11-30; every phrase here is invented for this test in our own words, its meaning decided before the importer
was run on it).

- "(40 mg maximum)", "(up to 60 mg weekly maximum)", "80 mg daily max": the amount whose words end on 'maximum' is
  the limit of the dose before it. It was drafted as a second dose to give, at the maximum: a dose the page never
  recommends.
- "at least 5 mg of folic acid per week": the period after the drug's name is the amount's (it was 'not stated').
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.dose_grammar import parse_statement


def _given(text: str):
    return [d for d in parse_statement(text, 1) if not d.amount_not_stated]


@pytest.mark.parametrize(
    ("text", "amount", "maximum"),
    [
        ("Raise to 20-25 mg weekly (up to 30 mg weekly maximum) as tolerated.", "20", ("30", "mg", "week")),
        ("Give prednisolone 1 mg/kg daily (60 mg maximum).", "1", ("60", "mg", None)),
        ("Start 40 mg daily (up to 80 mg daily max)", "40", ("80", "mg", "day")),
        ("Give 15 mg/kg (1 g per dose maximum) three times a day", "15", ("1", "g", "dose")),
    ],
)
def test_an_amount_ending_on_maximum_limits_the_dose_before_it_and_is_never_a_dose(text, amount, maximum):
    (dose,) = _given(text)
    assert str(dose.amount_min) == amount
    got = (str(dose.maximum[0]), dose.maximum[1], dose.maximum[2])
    assert got == maximum


def test_an_amount_after_a_maximum_word_elsewhere_is_still_a_dose():
    # 'maximum' that ends another phrase, not the amount's own words, leaves the amount a dose
    doses = _given("Give 10 mg daily; the maximum benefit is seen at 4 weeks, then give 20 mg daily.")
    assert [str(d.amount_min) for d in doses] == ["10", "20"]


@pytest.mark.parametrize(
    ("text", "per"),
    [
        ("Take at least 5 mg of folic acid per week.", "week"),
        ("Give 400 micrograms of folic acid per day.", "day"),
    ],
)
def test_a_period_after_the_drugs_name_is_the_amounts(text, per):
    (dose,) = _given(text)
    assert dose.per == per


@settings(max_examples=50, deadline=None)
@given(amount=st.integers(1, 50), extra=st.integers(1, 50), period=st.sampled_from(["daily", "weekly", "per day", ""]),
       word=st.sampled_from(["maximum", "max"]), upto=st.booleans())
def test_a_trailing_maximum_is_never_drafted_as_a_dose_to_give(amount, extra, period, word, upto):
    limit = amount + extra
    inner = f"{'up to ' if upto else ''}{limit} mg {period} {word}".replace("  ", " ")
    text = f"Give {amount} mg {period} ({inner}).".replace("  ", " ")
    doses = _given(text)
    assert len(doses) == 1, text
    assert doses[0].amount_min == amount and doses[0].maximum is not None and doses[0].maximum[0] == limit, text
