"""Two sections with the same title under different parent headings ('First line' under 'ACUTE FLARE' and again
under 'URATE-LOWERING THERAPY') share one section in the draft, and so share the paths of their statements. A dose
sentence that takes its drug from the sentence before it ('Allopurinol is first line. Start 100 mg orally once
daily.') looked the sentence up by path and found the FIRST section's sentence, so the dose went to the drug of the
other section (found at first sight on a blind gout page: allopurinol's doses drafted for colchicine). The lookup
now takes the nearest sentence above, which is the one of its own paragraph."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

ARTICLE = """INVENTED TEST GUIDANCE ON AN INVENTED JOINT CONDITION

Last updated: 2024-05-01

ACUTE ATTACKS

First line
{first} is the first-line drug for an attack. Give {first_dose} orally once daily.

LONG-TERM TREATMENT

First line
{second} is the first-line long-term drug. Start {second_dose} orally once daily.

REFERENCES
1. An invented guidance title for a repeated heading test. Example Publisher, 2020.
"""

DRUGS = {"Prednisolone": "prednisolone", "Allopurinol": "allopurinol", "Colchicine": "colchicine",
         "Naproxen": "naproxen", "Febuxostat": "febuxostat"}


def _owners(lexicon, first: str, second: str) -> dict[str, str]:
    text = ARTICLE.format(first=first, second=second, first_dose="30 mg", second_dose="100 mg")
    article, _ = read_any(text.encode(), "repeated.txt")
    draft = build_draft(article, lexicon, "repeated.txt")
    return {str(d.dose.amount_min): (d.therapy or "").rsplit("/", 1)[-1] for d in draft.doses
            if not d.dose.amount_not_stated}


def test_a_dose_sentence_takes_the_drug_of_its_own_paragraph_under_a_repeated_subheading(lexicon):
    assert _owners(lexicon, "Colchicine", "Allopurinol") == {"30": "colchicine", "100": "allopurinol"}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pair=st.permutations(sorted(DRUGS)).map(lambda p: p[:2]))
def test_no_dose_goes_to_the_drug_of_a_same_titled_section(lexicon, pair):
    first, second = pair
    owners = _owners(lexicon, first, second)
    assert owners.get("30") == DRUGS[first] and owners.get("100") == DRUGS[second]
