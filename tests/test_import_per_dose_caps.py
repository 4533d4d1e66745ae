"""A cap on one administration, as formularies print it (the conventions in tests/fixtures/import/articles/README.md,
'Per-dose caps'): the cap's period is 'dose' when its own words say dose ('maximum dose 2 g', 'Maximum dose: 500 mg',
'max 2 g per dose', '(max 2 g single dose)'), 'day' when they say daily, and none when they say neither: a bare
'max 2 g' after '80 mg/kg/dose' states no period, and the period is never inferred from the dose beside it.
Before this rule 'maximum dose 2 g' and '(max 2 g single dose)' were read with no period."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from kg.importer.dose_grammar import parse_statement

DOSES = ["Amoxicillin 50 mg/kg once daily", "Ceftriaxone 80 mg/kg/dose IV", "Ampicillin 25 mg/kg/dose 6 hourly",
         "Cefotaxime 50 mg/kg IV every 8 hours"]


def cap(text: str):
    doses = [d for d in parse_statement(text) if not d.amount_not_stated]
    assert len(doses) == 1, doses
    return doses[0].maximum


@given(dose=st.sampled_from(DOSES), amount=st.sampled_from(["2 g", "500 mg", "1 g", "4 g"]),
       words=st.sampled_from([", maximum dose {a}", ", Maximum dose: {a}", ", max {a} per dose", " (max {a} single dose)",
                              ", maximum single dose {a}"]))
def test_a_cap_whose_words_name_one_dose_is_per_dose(dose, amount, words):
    got = cap(dose + words.format(a=amount))
    number, unit = amount.split()
    assert got == (Decimal(number), unit, "dose"), got


@given(dose=st.sampled_from(DOSES), amount=st.sampled_from(["2 g", "500 mg", "4 g"]),
       words=st.sampled_from([", maximum dose {a} daily", ", max {a} per day", ", maximum {a} a day"]))
def test_a_cap_whose_words_say_daily_is_per_day(dose, amount, words):
    assert cap(dose + words.format(a=amount))[2] == "day"


@given(dose=st.sampled_from(DOSES), amount=st.sampled_from(["2 g", "2g", "500 mg"]),
       words=st.sampled_from([", max {a}", " (max {a})", ", maximum {a}"]))
def test_a_bare_cap_states_no_period_whatever_the_dose_beside_it(dose, amount, words):
    assert cap(dose + words.format(a=amount))[2] is None
