"""A warning that names two drugs as "Neither X nor Y is recommended for ..." covers both: neither drug is recommended by
it and both are warned against, the first as much as the second (first seen on a blind page about lupus biologics:
"Neither belimumab nor anifrolumab is recommended for severe active neuropsychiatric lupus" drafted belimumab as a
recommendation at the escalation stage and warned only anifrolumab). Kinds by the fixtures' caution convention: "not
recommended" is a Caution. The expectations are read from the sentences' wording.
"""

from __future__ import annotations

import pytest
from draft_reading import recommended_stage_names, sentence_draft, warned_kinds
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# (first drug as printed, its entity, second drug as printed, its entity)
PAIRS = [
    ("clarithromycin", "clarithromycin", "doxycycline", "doxycycline"),
    ("azathioprine", "azathioprine", "methotrexate", "methotrexate"),
    ("naproxen", "naproxen", "ibuprofen", "ibuprofen"),
]


def _draft(lexicon, sentence: str):
    return sentence_draft(lexicon, sentence, name="neither.txt", title="On Neither Nor", test="neither nor")[1]


@pytest.mark.parametrize(("first", "first_iri", "second", "second_iri"), PAIRS)
def test_neither_drug_of_a_neither_nor_warning_is_recommended_and_both_are_warned(
        lexicon, first, first_iri, second, second_iri):
    draft = _draft(lexicon, f"Neither {first} nor {second} is recommended in severe kidney disease.")
    stages = recommended_stage_names(draft)
    assert first_iri not in stages and second_iri not in stages
    kinds = warned_kinds(draft)
    assert kinds.get(first_iri) == {"Caution"} and kinds.get(second_iri) == {"Caution"}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pair=st.sampled_from(PAIRS), verb=st.sampled_from(["is recommended", "is advised", "should be recommended",
                                                          "is suitable"]),
       state=st.sampled_from(["in pregnancy", "for severe disease", "for children under 12 years"]))
def test_whatever_its_wording_a_neither_nor_warning_never_recommends_its_first_drug(lexicon, pair, verb, state):
    first, first_iri, second, second_iri = pair
    draft = _draft(lexicon, f"Neither {first} nor {second} {verb} {state}.")
    assert first_iri not in recommended_stage_names(draft)
    assert first_iri in warned_kinds(draft)


def test_a_drug_offered_beside_a_neither_nor_warning_is_still_recommended(lexicon):
    draft = _draft(lexicon, "Neither clarithromycin nor doxycycline is recommended in pregnancy; use amoxicillin.")
    stages = recommended_stage_names(draft)
    assert "amoxicillin" in stages
    assert "clarithromycin" not in stages and "doxycycline" not in stages
