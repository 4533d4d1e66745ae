"""Stage labels as real guideline pages print them ("1st choice", "2nd line", "Treatment failure", "Option 2",
"Third-line"; NICE antimicrobial tables, BNF, Scottish and Australian therapeutic guidelines) read as the stage the
vocabulary defines (graph/vocab/guideline.ttl: kgv:FirstLine "Initial treatment", kgv:Alternative "Used instead of
another therapy", kgv:Escalation "Added or switched to when the response is inadequate", kgv:Refractory "For disease
that has not responded to escalation"). The words are data (kg/importer/data/cue_words.txt, one
"[<stage>_stage_words]" list a stage); the expectations are the vocabulary's definitions, written before the
importer was run.
"""

from __future__ import annotations

import pytest
from draft_reading import recommended_stages
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from kg.importer.cue_words import stage_words
from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

ARTICLE = """What is the treatment of an invented stage-label condition?

Last updated: May 5, 2021

Invented Guidance On Stage Labels

Treatment

  • {line} 1

References

Guideline
An invented guidance title for a stage label test
Example Publisher, 2020
"""


def stages(lexicon, line: str) -> dict[str, set[str]]:
    article, _ = read_any(ARTICLE.format(line=line).encode(), "stages.txt")
    draft = build_draft(article, lexicon, "stages.txt")
    return recommended_stages(Graph().parse(data=draft.ttl, format="turtle"))


@pytest.mark.parametrize(
    ("label", "stage"),
    [
        ("1st choice", "FirstLine"),
        ("1st-line", "FirstLine"),
        ("2nd line", "Escalation"),
        ("2nd-line", "Escalation"),
        ("2nd choice", "Escalation"),
        ("Treatment failure", "Escalation"),
        ("Option 2", "Alternative"),
        ("Third-line", "Refractory"),
        ("3rd line", "Refractory"),
    ],
)
def test_a_printed_stage_label_gives_its_drug_the_vocabularys_stage(lexicon, label, stage):
    assert stages(lexicon, f"{label}: fosfomycin 3 g orally as a single dose.") == {"fosfomycin": {stage}}


def test_every_stage_word_list_names_a_stage_of_the_vocabulary():
    # a list for a stage the vocabulary does not have would never be read
    from kg.importer.cue_words import _lists

    named = {name.removesuffix("_stage_words") for name in _lists() if name.endswith("_stage_words")}
    assert named <= {"firstline", "adjunct", "alternative", "escalation", "refractory", "tapermaintenance"}
    assert stage_words("Escalation") and stage_words("Adjunct")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    stage=st.sampled_from(["FirstLine", "Alternative", "Escalation", "Refractory"]),
    drug=st.sampled_from(["fosfomycin", "nitrofurantoin", "trimethoprim", "cefalexin"]),
    data=st.data(),
)
def test_any_listed_stage_word_as_a_label_gives_that_stage(lexicon, stage, drug, data):
    word = data.draw(st.sampled_from(sorted(stage_words(stage))))
    label = word[0].upper() + word[1:]
    # (cefalexin is drafted under the lexicon's canonical name for the one entity, "cephalexin")
    drafted = {"cefalexin": "cephalexin"}.get(drug, drug)
    assert stages(lexicon, f"{label}: {drug} 100 mg orally twice daily for 3 days.") == {drafted: {stage}}
