"""Drugs a sentence only mentions are not recommended. Shapes from real guideline pages (NICE CKS, BNF, Australian
Prescriber, BMJ Best Practice "Differentials" and "Causes" pages): a sentence that opens with a circumstance ("If the
previous treatment was amoxicillin, use doxycycline", "Unlike aspirin, clopidogrel ..."), the patients described by
what they already take ("Consider the diagnosis in patients taking lithium"), drugs named as the cause of the
condition ("drug-induced hyponatraemia (e.g. carbamazepine, thiazides)") and a drug's name heading a syndrome's
("serotonin syndrome"). Each expectation is what the sentence advises a prescriber to give, read before running the
importer: only the drug of the main clause, or none.
"""

from __future__ import annotations

import pytest
from draft_reading import recommended_stages
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

ARTICLE = """What is the treatment of an invented mention condition?

Last updated: May 5, 2021

Invented Guidance On Mentioned Drugs

{heading}

  • {sentence} 1

References

Guideline
An invented guidance title for a mention test
Example Publisher, 2020
"""


def recommended(lexicon, sentence: str, heading: str = "Treatment") -> dict[str, set[str]]:
    text = ARTICLE.format(heading=heading, sentence=sentence)
    article, _ = read_any(text.encode(), "mentions.txt")
    draft = build_draft(article, lexicon, "mentions.txt")
    return recommended_stages(Graph().parse(data=draft.ttl, format="turtle"))


@pytest.mark.parametrize(
    ("sentence", "offered", "mentioned"),
    [
        ("If the previous treatment was amoxicillin, use doxycycline.", "doxycycline", "amoxicillin"),
        ("Unlike aspirin, clopidogrel can be used in people with asthma.", "clopidogrel", "aspirin"),
        ("In people whose symptoms started on amlodipine, offer bisoprolol.", "bisoprolol", "amlodipine"),
        ("Where metformin has been used before, consider sitagliptin.", "sitagliptin", "metformin"),
        ("Although omeprazole is often tried first, offer ranitidine.", "ranitidine", "omeprazole"),
        ("Compared with naproxen, ibuprofen is recommended for older adults.", "ibuprofen", "naproxen"),
    ],
)
def test_a_drug_named_only_in_the_opening_circumstance_is_not_recommended(lexicon, sentence, offered, mentioned):
    rec = recommended(lexicon, sentence)
    assert offered in rec, f"the main clause offers {offered}"
    assert mentioned not in rec, f"{mentioned} only describes the patient or the comparison"


@pytest.mark.parametrize(
    "sentence",
    [
        "Consider the diagnosis in patients taking lithium.",
        "Consider a review in people already on warfarin.",
        "Consider serotonin syndrome in anyone who recently started sertraline.",
        "Consider drug-induced hyponatraemia (e.g. carbamazepine, thiazides).",
        "Consider neuroleptic malignant syndrome.",
    ],
)
def test_a_sentence_whose_drugs_only_describe_the_patient_recommends_nothing(lexicon, sentence):
    assert recommended(lexicon, sentence) == {}


def test_a_drug_the_opening_circumstance_names_is_still_offered_when_the_main_clause_names_none(lexicon):
    # "If ramipril is used, start it at 2.5 mg": the main clause speaks of the same drug through a pronoun; only a
    # drug of the main clause's own displaces the one of the circumstance
    assert "ramipril" in recommended(lexicon, "If ramipril is chosen, start it at a low dose.")


def test_the_drug_given_to_patients_taking_another_is_still_recommended(lexicon):
    rec = recommended(lexicon, "In patients taking warfarin, give omeprazole.")
    assert rec == {"omeprazole": {"FirstLine"}}


OPENERS = ["If the previous treatment was {m}", "Unlike {m}", "Where {m} has been used before",
           "Although {m} is widely used", "In people whose symptoms began on {m}", "Whereas {m} needs monitoring"]
MAIN = ["use {o}", "offer {o}", "consider {o}", "{o} is recommended", "give {o}"]
DRUGS = ["omeprazole", "amoxicillin", "ramipril", "bisoprolol", "clarithromycin", "doxycycline"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(opener=st.sampled_from(OPENERS), main=st.sampled_from(MAIN), pair=st.permutations(DRUGS))
def test_the_opening_circumstances_drug_is_never_recommended_beside_the_main_clauses(lexicon, opener, main, pair):
    mentioned, offered = pair[0], pair[1]
    sentence = opener.format(m=mentioned) + ", " + main.format(o=offered) + "."
    rec = recommended(lexicon, sentence[0].upper() + sentence[1:])
    assert offered in rec
    assert mentioned not in rec
