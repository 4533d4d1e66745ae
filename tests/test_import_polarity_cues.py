"""Polarity cues real guideline pages use that earlier rounds did not read: each warns against a drug, restricts it to
specialist hands, or sets its stage, and none of them ever recommends giving the drug from the page.

Every sentence is written for this test; the expected reading is what the sentence tells a prescriber, decided
before the importer was run on it. The drugs are real names, recognised through the graph or the drug lexicon."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.context import later_stage, statement_reading
from kg.importer.markdown import read_any
from tests.draft_reading import PARACETAMOL_LEAD, recommended_stages, sentence_draft
from tests.draft_reading import warned_agents as warned


def draft_of(lexicon, sentence: str):
    return sentence_draft(
        lexicon, sentence, name="cues.txt", title="On Polarity Cues", test="polarity cue", lead=PARACETAMOL_LEAD
    )


# (sentence, drug as drafted, what the sentence tells a prescriber)
WARNINGS = [
    ("Ciprofloxacin should not be used in children.", "ciprofloxacin", "Caution"),
    ("Codeine is not advised in women who are breastfeeding.", "codeine", "Caution"),
    ("Aspirin is unsuitable for children under 16 years.", "aspirin", "Caution"),
    ("Avoid ibuprofen in severe renal impairment.", "ibuprofen", "Caution"),
    ("Tramadol is not for use in people with epilepsy.", "tramadol", "Caution"),
    ("Codeine is not for children under 12 years.", "codeine", "Caution"),
    ("Do not give metoclopramide to children under 1 year.", "metoclopramide", "Contraindication"),
    ("Seek specialist advice before starting methotrexate.", "methotrexate", "Caution"),
    ("Use ciclosporin only under specialist supervision.", "ciclosporin", "Caution"),
    ("Only give ceftriaxone under specialist supervision.", "ceftriaxone", "Caution"),
    ("Prednisolone should only be started on consultant advice.", "prednisolone", "Caution"),
    ("Gentamicin: hospital use only.", "gentamicin", "Caution"),
]


@pytest.mark.parametrize(("sentence", "drug", "kind"), WARNINGS)
def test_a_warning_or_restriction_cue_drafts_a_caution_and_never_a_recommendation(lexicon, sentence, drug, kind):
    g, draft = draft_of(lexicon, sentence)
    assert drug not in recommended_stages(g), sentence
    assert (drug, kind) in warned(draft), sentence
    # the first-line drug of the sentence before is untouched
    assert recommended_stages(g).get("acetaminophen") == {"FirstLine"}


@pytest.mark.parametrize(
    ("sentence", "drug", "stage"),
    [
        # reserving a drug for severe disease or a failure: a step up, never first line
        ("Reserve vancomycin for severe infection.", "vancomycin", "Escalation"),
        ("Reserve vancomycin for infection that has not responded to metronidazole.", "vancomycin", "Escalation"),
        # only for people who cannot take the usual drug: its alternative
        ("Consider clindamycin only if the person is allergic to penicillin.", "clindamycin", "Alternative"),
        ("Reserve clarithromycin for people who cannot take amoxicillin.", "clarithromycin", "Alternative"),
        # only once the usual drug has failed: a step up
        ("Consider clindamycin only if amoxicillin has failed.", "clindamycin", "Escalation"),
    ],
)
def test_reserve_and_consider_only_if_set_the_later_stage_the_condition_names(lexicon, sentence, drug, stage):
    g, _ = draft_of(lexicon, sentence)
    assert recommended_stages(g).get(drug) == {stage}, sentence


def test_the_failed_or_unusable_drug_of_a_reserve_sentence_is_not_recommended(lexicon):
    g, _ = draft_of(lexicon, "Reserve clarithromycin for people who cannot take amoxicillin.")
    assert "amoxicillin" not in recommended_stages(g)


_CUES = [
    "{d} should not be used in {p}.",
    "{d} is not advised in {p}.",
    "{d} is unsuitable for {p}.",
    "Avoid {d} in {p}.",
    "{d} is not for use in {p}.",
    "Do not give {d} to {p}.",
    "Seek specialist advice before giving {d} to {p}.",
    "In {p}, use {d} only under specialist supervision.",
    "{d} should only be prescribed by a specialist for {p}.",
]
_DRUGS = ["Ciprofloxacin", "Codeine", "Tramadol", "Gentamicin", "Methotrexate", "Ceftriaxone"]
_PEOPLE = ["children", "pregnant women", "older people", "people with epilepsy", "severe renal impairment"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cue=st.sampled_from(_CUES), drug=st.sampled_from(_DRUGS), people=st.sampled_from(_PEOPLE))
def test_no_warning_cue_in_any_frame_ever_recommends_its_drug(lexicon, cue, drug, people):
    sentence = cue.format(d=drug, p=people)
    sentence = sentence[0].upper() + sentence[1:]
    assert statement_reading(sentence) in ("caution", "contraindication"), sentence
    g, draft = draft_of(lexicon, sentence)
    recommended = set(recommended_stages(g)) - {"acetaminophen"}
    assert not recommended, (sentence, recommended)
    assert {agent for agent, _kind in warned(draft)} - {"none"}, sentence


def test_only_if_allergic_points_to_the_alternative_and_only_if_failed_to_escalation():
    assert later_stage("only if", "Consider clindamycin only if the person is allergic to penicillin.") == "Alternative"
    assert later_stage("only if", "Consider clindamycin only if amoxicillin has failed.") == "Escalation"


def test_a_restriction_beside_a_later_stage_qualifies_the_recommendation_and_is_noted(lexicon):
    sentence = ("Hydrocortisone is reserved for people whose vomiting has not settled on ondansetron, and only after a "
                "consultant has seen them.")
    g, draft = draft_of(lexicon, sentence)
    assert recommended_stages(g).get("hydrocortisone") == {"Escalation"}
    assert "hydrocortisone" not in {agent for agent, _ in warned(draft)}
    notes = [n for s in draft.statements for n in s.needs]
    assert any("restricted to specialist hands" in n for n in notes)


def test_a_markdown_file_of_only_a_heading_mark_and_a_control_character_is_refused_at_line_1():
    # found by the arbitrary-bytes property (tests/test_importer.py): it raised StopIteration, not a reader error
    from kg.importer import ImporterError

    with pytest.raises(ImporterError, match="only Markdown marks") as e:
        read_any(b"#\x1f", "x.md")
    assert e.value.line == 1
