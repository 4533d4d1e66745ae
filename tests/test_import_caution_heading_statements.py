"""Statements under a heading of warnings that warn against nothing. Real pages (BNF monographs, NICE CKS
"Prescribing information", hospital formularies) print beside their cautions what a drug comes as ("Amitriptyline is
available as 10 mg tablets"), an instruction to give ("Give at least 15 mg ...") and a replacement ("Use doxycycline
instead of tetracycline in renal impairment"). The heading's warning is not theirs: a pack strength warns nothing, an
instruction to give is advice, and of "use X instead of Y" only Y, the drug replaced, is warned against, while X is
offered as the alternative (graph/vocab kgv:Alternative, "used instead of another therapy"). The expectations are
those readings, written before running the importer.
"""

from __future__ import annotations

import pytest
from draft_reading import recommended_stage_names, warned_kinds
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

ARTICLE = """What is the treatment of an invented warnings-heading condition?

Last updated: May 5, 2021

Invented Guidance On Warning Headings

{heading}

  • {sentence} 1

References

Guideline
An invented guidance title for a warnings heading test
Example Publisher, 2020
"""


def draft_of(lexicon, sentence: str, heading: str = "Cautions"):
    article, _ = read_any(ARTICLE.format(heading=heading, sentence=sentence).encode(), "warnings.txt")
    return build_draft(article, lexicon, "warnings.txt")


@pytest.mark.parametrize(
    "sentence",
    [
        "Amitriptyline is available as 10 mg tablets.",
        "Amitriptyline is available as 10 mg, 25 mg and 50 mg tablets.",
        "Lactulose comes as a 3.35 g/5 mL oral solution.",
        "Gentamicin is supplied in 80 mg/2 mL vials.",
    ],
)
@pytest.mark.parametrize("heading", ["Cautions", "Contraindications", "Warnings"])
def test_what_a_drug_is_available_as_is_no_warning_under_a_warnings_heading(lexicon, sentence, heading):
    assert warned_kinds(draft_of(lexicon, sentence, heading)) == {}


def test_an_instruction_to_give_under_a_cautions_heading_is_not_a_caution(lexicon):
    assert warned_kinds(draft_of(lexicon, "Give at least 15 mg of morphine before escalating.")) == {}


def test_use_x_instead_of_y_under_cautions_warns_y_and_offers_x(lexicon):
    draft = draft_of(lexicon, "Use doxycycline instead of tetracycline in renal impairment.")
    assert warned_kinds(draft) == {"tetracycline": {"Caution"}}
    assert recommended_stage_names(draft) == {"doxycycline": {"Alternative"}}


def test_a_warning_of_its_own_under_cautions_is_still_drafted(lexicon):
    # the pack strength sentence's second clause is its own warning: drafted as always
    draft = draft_of(lexicon, "Avoid amitriptyline in people with a recent myocardial infarction.")
    assert warned_kinds(draft) == {"amitriptyline": {"Caution"}}


def test_a_verbless_item_under_contraindications_is_still_the_headings_warning(lexicon):
    draft = draft_of(lexicon, "Amitriptyline in the recovery phase after myocardial infarction.", "Contraindications")
    assert warned_kinds(draft) == {"amitriptyline": {"Contraindication"}}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    pair=st.permutations(["doxycycline", "tetracycline", "omeprazole", "lansoprazole", "amoxicillin", "cefalexin"]),
    joint=st.sampled_from(["instead of", "rather than", "in preference to", "in place of"]),
    heading=st.sampled_from(["Cautions", "Precautions", "Warnings"]),
)
def test_the_replacement_a_warnings_heading_names_is_never_warned(lexicon, pair, joint, heading):
    offered, replaced = pair[0], pair[1]
    kinds = warned_kinds(draft_of(lexicon, f"Use {offered} {joint} {replaced} in renal impairment.", heading))
    assert offered not in kinds
