"""Every drug a sentence offers is drafted, whichever clause names it. Guidelines put the first-line drug and its
alternative in one sentence in several orders: "If X is not tolerated, give Y; otherwise give X" (X first line, Y
the alternative), "Offer X as first-line treatment, or Y if ..." (Y the alternative, under its condition), "Offer X
as first-line treatment or Y as an alternative". Expectations are what such sentences tell a prescriber, written
before the importer was run; the verbs are the ones public guidelines (NICE, BNF, WHO, IDSA, AAFP) use.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_import_recommend_verbs import draft_of, recommended, strengths

PAIRS = [("ramipril", "bisoprolol"), ("omeprazole", "lansoprazole")]


@pytest.mark.parametrize("x,y", PAIRS)
@pytest.mark.parametrize(
    "template",
    [
        "If {x} is not tolerated, give {y}; otherwise give {x}.",
        "If {x} is contraindicated, use {y}; otherwise use {x}.",
        "If {x} is not tolerated, give {y} 5 mg once daily; otherwise give {x} 10 mg once daily.",
        "Where {x} is unsuitable, offer {y}. Otherwise offer {x}.",
    ],
)
def test_otherwise_clause_keeps_the_first_line_drug(lexicon, template, x, y):
    g, _ = draft_of(lexicon, template.format(x=x, y=y))
    rec = recommended(g)
    assert rec.get(y) == {"Alternative"}
    assert rec.get(x) == {"FirstLine"}


@pytest.mark.parametrize("x,y", PAIRS)
@pytest.mark.parametrize(
    "template",
    [
        "Offer {x} as first-line treatment, or {y} if {x} is not tolerated.",
        "Offer {x} as first-line treatment, or {y} if intolerant.",
        "Give {x} as first-line treatment, or {y} if {x} is contraindicated.",
        "Offer {x} as first-line treatment, or {y} if the person is pregnant.",
        "Offer {x} as first-line treatment or {y} as an alternative.",
        "Use {x} as the first-line treatment and {y} as an alternative.",
    ],
)
def test_the_alternative_after_a_first_line_phrase_is_drafted_as_the_alternative(lexicon, template, x, y):
    g, _ = draft_of(lexicon, template.format(x=x, y=y))
    rec = recommended(g)
    assert rec.get(x) == {"FirstLine"}
    assert rec.get(y) == {"Alternative"}


@pytest.mark.parametrize(
    ("sentence", "strength"),
    [
        ("Prescribe omeprazole to adults with the condition.", "StrengthUse"),
        ("Prescribe omeprazole 20 mg once daily.", "StrengthUse"),
        ("Treat with omeprazole.", "StrengthUse"),
        ("Administer omeprazole.", "StrengthUse"),
        ("Adults should receive omeprazole.", "StrengthUse"),
        ("Omeprazole should be used.", "StrengthUse"),
        ("We recommend omeprazole for adults with the condition.", "StrengthUse"),
        ("Recommended: omeprazole.", "StrengthUse"),
        ("Recommended regimen: omeprazole.", "StrengthUse"),
        ("Suggested regimen: omeprazole.", "StrengthUse"),
        ("Initiate omeprazole.", "StrengthStart"),
        ("Commence omeprazole.", "StrengthStart"),
        ("Omeprazole is the drug of choice.", "StrengthPreferred"),
        ("Omeprazole is the treatment of choice.", "StrengthPreferred"),
        ("Omeprazole is the preferred agent.", "StrengthPreferred"),
        ("Omeprazole is a first-line option.", "StrengthUse"),
        ("We suggest omeprazole for adults with the condition.", "StrengthConsider"),
        ("Omeprazole is suggested for adults with the condition.", "StrengthConsider"),
        ("Omeprazole can be used.", "StrengthConsider"),
    ],
)
def test_each_recommending_verb_of_public_guidelines_recommends_its_drug(lexicon, sentence, strength):
    g, _ = draft_of(lexicon, sentence)
    assert "omeprazole" in recommended(g), sentence
    assert strengths(g) == {strength}


@pytest.mark.parametrize(
    "sentence",
    [
        "Do not prescribe omeprazole to adults with the condition.",
        "Omeprazole should not be administered.",
        "We recommend against omeprazole.",
        "Omeprazole is not the drug of choice.",
        "Omeprazole is not recommended.",
    ],
)
def test_the_same_verbs_negated_recommend_nothing(lexicon, sentence):
    g, _ = draft_of(lexicon, sentence)
    assert recommended(g) == {}, sentence


_VERBS = ["Offer", "Give", "Prescribe", "Use", "Start", "Initiate", "Administer", "Treat with", "Consider"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    pair=st.sampled_from(PAIRS),
    verb=st.sampled_from(_VERBS),
    verb2=st.sampled_from(_VERBS),
    condition=st.sampled_from(["is not tolerated", "is contraindicated", "is unavailable", "is unsuitable"]),
)
def test_both_drugs_of_an_otherwise_sentence_are_drafted_whatever_the_verbs(lexicon, pair, verb, verb2, condition):
    x, y = pair
    g, _ = draft_of(lexicon, f"If {x} {condition}, {verb.lower()} {y}; otherwise {verb2.lower()} {x}.")
    rec = recommended(g)
    assert rec.get(y) == {"Alternative"}
    assert x in rec and "Alternative" not in rec[x]


@pytest.mark.parametrize("x,y", PAIRS)
def test_each_clause_gives_its_own_drug_its_stage(lexicon, x, y):
    # "X is the drug of choice; Y is an alternative": Y's clause says alternative, and that is not X's stage
    g, _ = draft_of(lexicon, f"{x.capitalize()} is the drug of choice; {y} is an alternative.")
    assert recommended(g) == {x: {"FirstLine"}, y: {"Alternative"}}


@pytest.mark.parametrize("x,y", PAIRS)
def test_first_choice_then_second_choice_drafts_both_in_order(lexicon, x, y):
    # NICE antimicrobial prescribing style: the second choice is the later step (the vocabulary's second line)
    g, _ = draft_of(lexicon, f"First choice: {x}. Second choice: {y}.")
    assert recommended(g) == {x: {"FirstLine"}, y: {"Escalation"}}
