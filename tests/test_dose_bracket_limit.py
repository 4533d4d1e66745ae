"""A limit printed in brackets right after a dose is that dose's maximum, never lost and never a dose of its own.

"Give 15 mg/kg (up to 1 g) twice daily" means: 15 mg per kg a dose, and no dose above 1 g. Before, the bracket's
"up to 1 g" was dropped with no note, so a heavy patient's computed dose had no ceiling. A bracket that goes on with a
condition ("(up to 1 g in severe infection)") says a different dose for other patients, not a ceiling of this one.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.dose_grammar import parse_statement


def _doses(text: str):
    return [d for d in parse_statement(text, 1) if not d.amount_not_stated]


def test_up_to_in_brackets_after_a_weight_based_dose_is_its_maximum():
    (dose,) = _doses("Give vancomycin 15 mg/kg (up to 1 g) twice daily.")
    assert str(dose.amount_min) == "15" and dose.unit == "mg"
    assert dose.maximum is not None and str(dose.maximum[0]) == "1" and dose.maximum[1] == "g"
    assert dose.times_per_day == 2


def test_a_bracket_that_goes_on_with_a_condition_is_not_a_ceiling_of_the_dose_before_it():
    doses = _doses("Give 500 mg (up to 1 g in severe infection) three times a day.")
    assert all(d.maximum is None for d in doses)
    assert any(str(d.amount_min) == "500" for d in doses)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(amount=st.integers(1, 40), limit=st.integers(1, 4),
       freq=st.sampled_from([("twice daily", 2), ("three times a day", 3), ("four times daily", 4)]),
       unit=st.sampled_from(["g", "mg"]))
def test_a_bracketed_limit_is_always_the_maximum_of_the_one_dose(amount, limit, freq, unit):
    limit_amount = limit * (1 if unit == "g" else 100)
    doses = _doses(f"Give {amount} mg/kg (up to {limit_amount} {unit}) {freq[0]}.")
    assert len(doses) == 1
    (dose,) = doses
    assert str(dose.amount_min) == str(amount) and dose.times_per_day == freq[1]
    assert dose.maximum is not None and str(dose.maximum[0]) == str(limit_amount) and dose.maximum[1] == unit
