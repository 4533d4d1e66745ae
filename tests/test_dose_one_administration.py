"""An amount with no frequency is per dose only when the words make it one administration.

Read from the phrases themselves: "over 10 minutes" is how long one infusion runs, "nebulised" is one nebuliser
run, "by slow IV injection" and "as a bolus" are one injection. A bare amount with none of these ("Amoxicillin 500
mg", "500 mg for 5 days"), or only "Give" before it, says nothing of its period.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.dose_grammar import parse_statement


def _only(text: str):
    doses = [d for d in parse_statement(text) if not d.amount_not_stated]
    assert len(doses) == 1, doses
    return doses[0]


def test_an_amount_run_over_minutes_is_one_administration():
    d = _only("Calcium gluconate 10% 30 mL IV over 10 minutes through a large vein.")
    assert (d.amount_min, d.unit, d.route, d.per) == (Decimal(30), "mL", "intravenous", "dose")


def test_a_nebulised_amount_is_one_administration():
    d = _only("Salbutamol 10-20 mg nebulised.")
    assert (d.amount_min, d.amount_max, d.route, d.per) == (Decimal(10), Decimal(20), "inhaled", "dose")


def test_an_amount_by_slow_injection_is_one_administration():
    d = _only("Calcium gluconate 10% 0.5 mL/kg (max 20 mL) by slow IV injection.")
    assert (d.basis, d.route, d.per) == ("body_weight", "intravenous", "dose")


def test_give_alone_does_not_make_a_mass_one_administration():
    # "Give" with no frequency may be one dose of a regimen stated elsewhere: the period stays for the curator
    assert _only("Give amoxicillin 500 mg orally.").per is None
    assert _only("Do not give glucose 25 g by slow IV injection.").per == "dose"  # the injection, not the verb


def test_a_bare_amount_or_a_course_length_keeps_its_period_unstated():
    assert _only("Amoxicillin 500 mg.").per is None
    assert _only("Give amoxicillin 500 mg orally for 5 days.").per is None


def test_a_stated_frequency_still_decides_the_period():
    d = _only("Give amoxicillin 500 mg orally three times daily.")
    assert (d.per, d.times_per_day) == ("dose", 3)
    assert _only("Patiromer 8.4 g orally once daily.").per == "day"


@settings(max_examples=60, deadline=None)
@given(
    amount=st.integers(min_value=1, max_value=900),
    unit=st.sampled_from(["mg", "g", "mL", "units"]),
    cue=st.sampled_from(["over 10 minutes", "nebulised", "by slow IV injection", "as a bolus", ""]),
)
def test_a_one_administration_cue_never_invents_a_frequency_or_changes_the_amount(amount, unit, cue):
    d = _only(f"Drugname {amount} {unit} {cue}.".replace(" .", "."))
    assert d.amount_min == Decimal(amount) and d.times_per_day is None and d.interval is None
    assert d.per == ("dose" if cue else None)
