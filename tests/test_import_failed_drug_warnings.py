"""A culture-directed list names the drug the organism resists before the next one to give ("If resistant to
cefalexin: trimethoprim 200 mg bd (avoid in the first trimester)"). The bracketed warning is about the drug the line
gives; the resisted drug is the line's circumstance, so no caution is drafted for it (a wrong-owner warning).

The lines are invented for these tests in the shape of NHS trust culture-directed lists; what each test expects is
what the line tells a prescriber."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.draft_reading import sentence_draft, warned_agents

OPENERS = ["If resistant to {a}:", "If the organism is resistant to {a}:", "If {a} has failed:",
           "Despite {a}, if symptoms persist:"]


@pytest.mark.parametrize("opener", OPENERS)
def test_a_bracketed_warning_after_the_next_step_is_not_the_resisted_drugs(lexicon, opener):
    line = opener.format(a="cefalexin") + " trimethoprim 200 mg orally twice daily (avoid in the first trimester)."
    _graph, draft = sentence_draft(lexicon, line, name="resisted.txt", title="resisted", test="resisted drug")
    warned = warned_agents(draft)
    assert ("trimethoprim", "Caution") in warned, warned
    assert not any(agent == "cephalexin" for agent, _kind in warned), warned


@settings(max_examples=10, deadline=None)
@given(resisted=st.sampled_from(["amoxicillin", "nitrofurantoin", "cefalexin", "pivmecillinam"]),
       opener=st.sampled_from(OPENERS))
def test_no_resisted_drug_takes_the_next_steps_warning(lexicon, resisted, opener):
    line = opener.format(a=resisted) + " trimethoprim 200 mg orally twice daily (avoid in the first trimester)."
    _graph, draft = sentence_draft(lexicon, line, name="resisted.txt", title="resisted", test="resisted drug")
    assert {agent for agent, _kind in warned_agents(draft)} == {"trimethoprim"}, (line, warned_agents(draft))
