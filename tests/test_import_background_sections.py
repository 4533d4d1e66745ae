"""Sections that explain the condition rather than treat it. Real pages (BMJ Best Practice "Aetiology" and
"Differentials", NICE CKS "Background information" and "Causes", Australian Prescriber reviews) name drugs there as
the condition's causes, its history or its look-alikes: "Drugs that can cause it include lithium and amiodarone",
"Consider giant cell arteritis, which responds to prednisolone". Such a sentence advises giving nothing and warns no
prescriber, so no recommendation or statement-of-risk caution is drafted from it (the curator is told); a warning's
own words there ("avoid", "contraindicated") are still drafted. Expectations written from the phrasing, before the
importer was run.
"""

from __future__ import annotations

import pytest
from draft_reading import recommended_stage_names, warned_kinds
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

ARTICLE = """What is the treatment of an invented background condition?

Last updated: May 5, 2021

Invented Guidance On Background Sections

{heading}

  • {sentence} 1

Treatment

  • Offer omeprazole 20 mg orally once daily. 1

References

Guideline
An invented guidance title for a background section test
Example Publisher, 2020
"""


def draft_of(lexicon, heading: str, sentence: str):
    article, _ = read_any(ARTICLE.format(heading=heading, sentence=sentence).encode(), "background.txt")
    return build_draft(article, lexicon, "background.txt")


@pytest.mark.parametrize(
    ("heading", "sentence"),
    [
        ("Background", "Lithium is recommended in many older guidelines but is now less used."),
        ("Differential diagnosis", "Consider giant cell arteritis, which responds to prednisolone."),
        ("Causes", "Consider whether amiodarone started recently is the cause."),
        ("2. Aetiology", "Treatment with lithium is the commonest cause."),
    ],
)
def test_a_drug_named_in_a_section_about_the_condition_is_not_recommended(lexicon, heading, sentence):
    assert recommended_stage_names(draft_of(lexicon, heading, sentence)) == {"omeprazole": {"FirstLine"}}


def test_a_drug_named_as_a_cause_is_not_cautioned(lexicon):
    draft = draft_of(lexicon, "Causes", "Drugs that can cause it include lithium and amiodarone.")
    assert warned_kinds(draft) == {}


def test_a_warning_in_a_background_section_is_still_drafted(lexicon):
    draft = draft_of(lexicon, "Background", "Avoid amiodarone in people with heart block.")
    assert warned_kinds(draft) == {"amiodarone": {"Caution"}}


def test_the_same_sentence_under_treatment_still_recommends(lexicon):
    draft = draft_of(lexicon, "Treatment", "Lithium is recommended for maintenance.")
    assert "lithium" in recommended_stage_names(draft)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    heading=st.sampled_from(["Background", "Causes", "Aetiology", "Epidemiology", "Differential diagnosis",
                             "Risk factors", "Overview"]),
    drug=st.sampled_from(["lithium", "amiodarone", "carbamazepine", "sertraline", "prednisolone"]),
    template=st.sampled_from(["{d} is widely recommended.", "Consider {d}-related causes first.",
                              "Many patients are started on {d}.", "{d} can be used, but it may cause this."]),
)
def test_no_dose_free_sentence_of_a_section_about_the_condition_recommends_its_drug(lexicon, heading, drug, template):
    sentence = template.format(d=drug)
    draft = draft_of(lexicon, heading, sentence[0].upper() + sentence[1:])
    assert drug not in recommended_stage_names(draft)
