"""A lead-in that names the patients by a course of another drug they take ("Offer bone protection to anyone expected
to take prednisolone for 3 months or longer:", "For people on long-term methotrexate, give:") gives the drugs listed
under it beside that course: the vocabulary's kgv:Adjunct ("added to the main treatment"), whatever stage the section
heading names (first seen on a blind lupus page, where calcium and alendronic acid under "Tapering and the long-term
dose" were drafted at the taper stage). The phrases are data (kg/importer/data/cue_words.txt [course_patient_words]).
Expectations are read from the articles' wording.
"""

from __future__ import annotations

import pytest
from draft_reading import page_draft, recommended_stage_names
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.cue_words import cue_words

ARTICLE = """# Treatment of an invented inflammatory disease

## Tapering and the long-term dose

Reduce prednisolone to 5 mg a day or less within 3 months.

{lead}

- colecalciferol 800 units by mouth once a day;
- alendronic acid 70 mg by mouth once a week.
"""


def _stages(lexicon, lead: str) -> dict[str, set[str]]:
    return recommended_stage_names(page_draft(lexicon, "", ARTICLE.format(lead=lead), ext="md"))


@pytest.mark.parametrize("lead", [
    "Offer bone protection to anyone expected to take prednisolone for 3 months or longer:",
    "Offer bone protection to people taking prednisolone for 3 months or longer:",
    "Bone protection for patients on long-term prednisolone:",
])
def test_drugs_listed_for_people_on_another_drugs_course_are_its_adjunct(lexicon, lead):
    stages = _stages(lexicon, lead)
    assert stages.get("cholecalciferol") == {"Adjunct"}
    assert stages.get("alendronic-acid") == {"Adjunct"}


def test_a_lead_in_naming_the_patients_by_age_only_makes_no_adjunct(lexicon):
    stages = _stages(lexicon, "Offer bone protection to anyone over 65 years:")
    assert "Adjunct" not in stages.get("alendronic-acid", set())


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(who=st.sampled_from(["anyone", "people", "patients", "adults"]),
       words=st.sampled_from(sorted(cue_words("course_patient_words"))))
def test_every_course_phrase_of_the_data_makes_the_listed_drugs_adjuncts(lexicon, who, words):
    stages = _stages(lexicon, f"Offer bone protection to {who} {words} prednisolone:")
    assert stages.get("alendronic-acid") == {"Adjunct"}
