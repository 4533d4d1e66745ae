"""A continuous infusion that runs the whole day ('Syringe driver: 10 mg over 24 hours', '5 mg subcutaneously over 24
hours', as a last-days-of-life chart prints the 24-hour doses): the amount is given each 24 hours, per day, and how it
runs is kept as its infusion; before, it was drafted as one administration (per dose). An amount over 24 hours in
divided doses stays the day's total; one given once over 24 hours stays a single dose; a shorter infusion ('over 30
minutes') stays per dose."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from kg.importer.dose_grammar import parse_statement
from tests.draft_reading import build_errors, sentence_draft

AMOUNTS = st.tuples(st.integers(1, 200), st.sampled_from(["mg", "micrograms", "g"]))
LEADS = st.sampled_from(["Syringe driver: ", "Continuous subcutaneous infusion: ", "CSCI ", ""])
ROUTES = st.sampled_from(["", "subcutaneously ", "SC ", "by syringe driver "])


@given(amount=AMOUNTS, lead=LEADS, route=ROUTES, span=st.sampled_from(["24 hours", "24 h", "24 hrs"]))
def test_an_amount_over_the_whole_day_is_per_day(amount, lead, route, span):
    text = f"{lead}{amount[0]} {amount[1]} {route}over {span}"
    doses = parse_statement(text)
    assert [(d.amount_min, d.per) for d in doses] == [(Decimal(amount[0]), "day")], (text, doses)


@given(amount=AMOUNTS)
def test_divided_single_and_short_infusions_keep_their_reading(amount):
    a, unit = amount
    assert [d.per for d in parse_statement(f"{a} {unit} over 24 hours in 4 divided doses")] == ["day"]
    once = parse_statement(f"{a} {unit} IV over 24 hours once")
    assert [(d.per, d.doses) for d in once] == [("dose", (1, 1))]
    assert [d.per for d in parse_statement(f"{a} {unit} IV over 30 minutes")] == ["dose"]


def test_a_syringe_driver_dose_drafts_into_a_graph_the_build_accepts(lexicon, tmp_path):
    _, draft = sentence_draft(lexicon, "Syringe driver: midazolam 10-30 mg over 24 hours (max 60 mg in 24 hours).",
                              name="driver.md", title="Invented test last-days chart", test="driver")
    doses = [dd.dose for dd in draft.doses if dd.therapy and dd.therapy.endswith("/midazolam")]
    assert [(d.amount_min, d.amount_max, d.per) for d in doses] == [(Decimal(10), Decimal(30), "day")]
    assert build_errors(draft, tmp_path) == []
