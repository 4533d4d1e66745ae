"""An age band with a weight band in brackets after it, or joined by 'and' ('Child 6-17 years (body weight under 70 kg):
Initially 0.5 mg/kg daily', 'Child 1 month-8 years and body weight under 25 kg: 500 micrograms', as a children's
formulary prints them): the dose is for both, one band with two parts; before, the age part was dropped and the dose
read as for every child under 70 kg. Two bands of one measure are never joined so."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kg.importer.dose_grammar import parse_statement

AGES = [("6-17 years", "6-17 years"), ("1 month-8 years", "1 month-8 years"), ("2-11 years", "2-11 years")]
WEIGHTS = [("under 70 kg", "under 70 kg"), ("25 kg and over", "25 kg and over"), ("under 25 kg", "under 25 kg")]
JOINS = ["({w} {band})", "and {w} {band}", ", {w} {band}"]


@given(age=st.sampled_from(AGES), weight=st.sampled_from(WEIGHTS), join=st.sampled_from(JOINS),
       w=st.sampled_from(["body weight", "weight", "weighing"]), amount=st.integers(1, 500))
def test_an_age_band_with_a_weight_band_beside_it_is_one_band_of_both(age, weight, join, w, amount):
    text = f"Child {age[0]} {join.format(w=w, band=weight[0])}: {amount} mg once daily".replace(" ,", ",")
    doses = parse_statement(text)
    assert [d.band for d in doses] == [f"{age[1]}, {weight[1]}"], (text, doses)


def test_two_bands_of_one_measure_are_not_joined():
    doses = parse_statement("Child 2-5 years (or 6-11 years): 5 mg once daily")
    assert all(d.band is None or "," not in d.band for d in doses), doses
