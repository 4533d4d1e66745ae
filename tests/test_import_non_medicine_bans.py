"""A ban that names no drug is carried to the drug of the line above only when its verb handles a medicine ("Do not
exceed 4 doses in 24 hours", "Do not crush"). Patient leaflets list household advice in the same imperative shape
under the treatment ("Do not share towels", "Do not shake bedding", "Do not bite nails"): those bans are about towels,
bedding and nails, never about the medicine above, so no caution is drafted for that medicine (a caution against a
drug the page recommends would be a wrong-owner warning).

The pages are invented for these tests in the shape of NHS patient pages on worm and skin infestations; the verbs
that handle a medicine are data (kg/importer/data/cue_words.txt [medicine_handling_verbs])."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.cue_words import cue_words
from tests.draft_reading import treatment_draft, warned_agents

HOUSEHOLD = ["Do not share flannels or towels", "Do not shake out sheets indoors", "Do not bite nails or suck thumbs",
             "Do not scratch the skin around the bottom", "Never lend nightclothes to others"]


def _warned(lexicon, body: str) -> set[tuple[str, str]]:
    return warned_agents(treatment_draft(lexicon, body, test="household bans", name="bans.txt"))


@pytest.mark.parametrize("ban", HOUSEHOLD)
def test_a_household_ban_under_a_drug_line_warns_no_drug(lexicon, ban):
    body = ("- Give mebendazole 100 mg by mouth as a single dose to everyone in the household.\n"
            "- Wash bedding and towels at a hot temperature.\n"
            f"- {ban}.\n")
    warned = _warned(lexicon, body)
    assert not any(agent == "mebendazole" for agent, _kind in warned), warned


@pytest.mark.parametrize("ban", ["Do not crush or chew the tablets", "Do not split the tablets"])
def test_a_ban_on_how_the_medicine_is_taken_is_still_the_medicines(lexicon, ban):
    body = f"- Give paracetamol 1 g by mouth every 6 hours when needed.\n- {ban}.\n"
    warned = _warned(lexicon, body)
    # (the lexicon files paracetamol under its international name)
    assert any(agent in ("paracetamol", "acetaminophen") for agent, _kind in warned), warned


@settings(max_examples=12, deadline=None)
@given(verb=st.sampled_from(["share", "shake", "bite", "scratch", "lend", "borrow", "wear", "touch"]),
       thing=st.sampled_from(["towels", "bedding", "fingers", "clothes", "toys"]))
def test_no_ban_with_a_verb_that_handles_no_medicine_is_carried_to_the_drug_above(lexicon, verb, thing):
    assert verb not in cue_words("medicine_handling_verbs")
    body = (f"- Give mebendazole 100 mg by mouth as a single dose.\n- Do not {verb} {thing}.\n")
    warned = _warned(lexicon, body)
    assert not any(agent == "mebendazole" for agent, _kind in warned), (verb, thing, warned)
