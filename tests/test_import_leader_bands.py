"""Two readings of a children's emergency pathway printed as text (every line here is written for this test):

- a band printed before its amount with a dot leader ('2-11 years ............ 1 mg/kg/hour') is the band of that
  amount, as '2-11 years: 1 mg/kg/hour' is (before, the leader hid the band and the dose was drafted for everyone);
- 'oxygen-driven nebulised salbutamol': a past participle joined to a drug's name qualifies it; it is not a second,
  unknown drug of a combination (before, 'driven' was drafted as a new drug and recommended).
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from kg.importer.dose_grammar import parse_statement
from tests.draft_reading import recommended_stage_names, sentence_draft

LEADERS = st.sampled_from([" ", ""]).flatmap(
    lambda pad: st.integers(3, 20).map(lambda n: pad + "." * n + " ")) | st.just(" … ")
BANDS = [("2-11 years", "2-11 years"), ("12-18 years", "12-18 years"), ("Under 30 kg", "under 30 kg"),
         ("Children 10-19 kg", "10-19 kg")]


@given(band=st.sampled_from(BANDS), leader=LEADERS, amount=st.integers(1, 900),
       unit=st.sampled_from(["mg/kg/hour", "mg once daily", "micrograms twice daily", "mg/kg every 8 hours"]))
def test_a_dot_leader_between_a_band_and_its_amount_reads_as_the_colon_it_stands_for(band, leader, amount, unit):
    label, _ = band
    text = f"{label}{leader}{amount} {unit}"
    colon = f"{label}: {amount} {unit}"

    def reading(doses):
        return [replace(d, span=(0, 0), line=1) for d in doses]

    doses = parse_statement(text)
    assert reading(doses) == reading(parse_statement(colon)), (text, doses)
    # and the span still points at the amount as printed
    assert doses and text[doses[0].span[0]:].startswith(str(amount)), (text, doses)


@given(band=st.sampled_from(BANDS), leader=LEADERS, amount=st.integers(1, 900))
def test_a_dot_leader_gives_a_flat_dose_its_band(band, leader, amount):
    label, want = band
    doses = parse_statement(f"{label}{leader}{amount} mg once daily")
    assert [(d.amount_min, d.band) for d in doses] == [(amount, want)], doses


def test_an_ellipsis_in_prose_is_not_a_band_label():
    doses = parse_statement("Give the dose... then review")
    assert doses == []


def test_a_participle_joined_to_a_drug_is_not_a_second_drug(lexicon):
    _, draft = sentence_draft(lexicon, "Severe attack: switch to oxygen-driven nebulised salbutamol and add nebulised ipratropium bromide.",
                           name="participle.md", title="Invented test asthma pathway", test="participle")
    stages = recommended_stage_names(draft)
    assert "driven" not in stages, stages
    assert "driven" not in draft.ttl
    assert "albuterol" in stages, stages
