"""A warning filed under a heading or lead-in that names its items contraindications is a contraindication, whatever
its own verb (measured on saved public pages, 2026-11-30: an 'Absolute contraindications' section whose items say
'avoid ... entirely' or 'should not use' was drafted as two cautions). Every sentence is invented for this test in our
own words; what it should draft was decided before the importer was run on it."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

HEADER = "Treating an invented joint condition\n\nLast updated: 2 May 2025\n\n"


def _kinds(lexicon, body: str) -> set[tuple[str, str]]:
    text = HEADER + body
    article, _ = read_any(text.encode(), "contra.txt")
    assert article.unaccounted(text) == []
    draft = build_draft(article, lexicon, "contra.txt")
    return {((agent or "none").rsplit("/", 1)[-1], kind) for _st, agent, kind in draft.caution_facts}


@pytest.mark.parametrize("heading", ["Contraindications", "Absolute contraindications", "When it is contraindicated"])
@pytest.mark.parametrize(
    "sentence",
    [
        "Avoid allopurinol altogether in people who carry HLA-B*58:01.",
        "People on dialysis should not take allopurinol.",
        "Allopurinol is not recommended after a severe skin reaction to it.",
    ],
)
def test_a_milder_warning_under_a_contraindications_heading_is_a_contraindication(lexicon, heading, sentence):
    assert _kinds(lexicon, f"{heading}\n\n{sentence}\n") == {("allopurinol", "Contraindication")}


def test_a_contraindications_lead_in_files_its_bullets_as_contraindications(lexicon):
    body = "Safety\n\nContraindications:\n  - Avoid naproxen in active peptic ulcer.\n  - Avoid naproxen in severe heart failure.\n"
    assert _kinds(lexicon, body) == {("naproxen", "Contraindication")}


@pytest.mark.parametrize("heading", ["Cautions and contraindications", "Cautions", "Warnings", "Relative contraindications",
                                     "Interactions"])
def test_a_heading_that_also_names_milder_warnings_leaves_avoid_a_caution(lexicon, heading):
    assert _kinds(lexicon, f"{heading}\n\nAvoid naproxen in active peptic ulcer.\n") == {("naproxen", "Caution")}


def test_outside_such_a_section_avoid_stays_a_caution(lexicon):
    assert _kinds(lexicon, "Treatment\n\nAvoid naproxen in active peptic ulcer.\n") == {("naproxen", "Caution")}


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    drug=st.sampled_from(["naproxen", "colchicine", "allopurinol", "febuxostat"]),
    cue=st.sampled_from(["Avoid {d} in", "{D} should not be used in", "{D} is not advised in", "Do not give {d} in",
                         "{D} is contraindicated in"]),
    heading=st.sampled_from(["Contraindications", "Absolute contraindications"]),
)
def test_nothing_under_a_contraindications_heading_is_drafted_milder_or_recommended(lexicon, drug, cue, heading):
    sentence = cue.format(d=drug, D=drug.capitalize()) + " severe kidney disease."
    text = HEADER + f"{heading}\n\n{sentence}\n"
    article, _ = read_any(text.encode(), "contra.txt")
    draft = build_draft(article, lexicon, "contra.txt")
    kinds = {kind for _st, agent, kind in draft.caution_facts if (agent or "").endswith("/" + drug)}
    assert kinds == {"Contraindication"}, sentence
    assert not any(r.therapy.endswith("/" + drug) for r in draft.recommendations), sentence
