"""A page whose title names one drug (a drug monograph, an MSF or BNF-style entry) prints its doses as labelled lines
with no drug in them ('Child 1 to 5 years: 125 mg twice daily', 'Adults: 500 mg four times daily') or as a bare
amount ('250 mg four times daily for 10 days'). A reader takes every such line as that drug's. The importer left them
unattached ('no drug is named for it') unless the line opened on an instruction verb ('Give ...'), so a real MSF
phenoxymethylpenicillin page drafted its doses for no drug. Such a dose is now the title drug's, flagged for the
curator; a page that doses any other therapy anywhere is not a one-drug page, and its bare lines stay unattached
(never guessed). Every page here is written for this test.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

ARTICLE = """{title}

Last updated: May 5, 2021

{mark}Dosage

{body}

{mark}References

1. An invented monograph for a one-drug page test. Example Publisher, 2020.
"""

LAYOUTS = ("txt", "md")


def draft_of(lexicon, title: str, lines: list[str], layout: str):
    name = f"one-drug.{layout}"
    body = "\n".join(f"- {line}" for line in lines) if layout == "md" else "\n\n".join(lines)
    text = ARTICLE.format(title=title, mark="## " if layout == "md" else "", body=body)
    article, _ = read_any(text.encode(), name)
    return build_draft(article, lexicon, name)


def owners(draft) -> dict[str, str | None]:
    """amount as printed ('125 mg') -> the IRI of the drug its dose was drafted for (None: unattached)"""
    return {f"{dd.dose.amount_min.normalize():f} {dd.dose.unit}": dd.therapy
            for dd in draft.doses if not dd.dose.amount_not_stated}


def iri(lexicon, name: str) -> str:
    return lexicon.therapies(name)[0].iri


_LINES = ["Child under 1 year: 62.5 mg twice daily", "Child 1 to 5 years: 125 mg twice daily",
          "Adults: 500 mg four times daily", "250 mg four times daily for 10 days"]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("title", ["Phenoxymethylpenicillin", "Phenoxymethylpenicillin (oral)",
                                   "Phenoxymethylpenicillin for streptococcal tonsillitis"])
def test_labelled_and_bare_dose_lines_of_a_one_drug_page_are_the_title_drugs(lexicon, layout, title):
    draft = draft_of(lexicon, title, _LINES, layout)
    drug = iri(lexicon, "phenoxymethylpenicillin")
    assert owners(draft) == {"62.5 mg": drug, "125 mg": drug, "500 mg": drug, "250 mg": drug}, owners(draft)
    needs = [n for s in draft.statements for n in s.needs]
    assert sum("the one drug the article's title names" in n for n in needs) == 4, needs


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_page_dosing_another_drug_is_not_a_one_drug_page_and_its_bare_lines_stay_unattached(lexicon, layout):
    draft = draft_of(lexicon, "Phenoxymethylpenicillin",
                     [*_LINES, "For fever give paracetamol 500 mg every 6 hours."], layout)
    got = owners(draft)
    assert got["500 mg"] == iri(lexicon, "paracetamol"), got
    assert got["62.5 mg"] is None and got["125 mg"] is None and got["250 mg"] is None, got


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("title", ["Amoxicillin and clarithromycin", "Antibiotics for tonsillitis"])
def test_a_title_naming_two_drugs_or_a_class_gives_no_line_its_drug(lexicon, layout, title):
    draft = draft_of(lexicon, title, _LINES, layout)
    assert set(owners(draft).values()) == {None}, owners(draft)


_DRUGS = ("amoxicillin", "doxycycline", "nitrofurantoin", "clarithromycin", "prednisolone", "metformin")
_LABELS = ("Adults", "Child 1 to 5 years", "Elderly", "Over 40 kg", "Maintenance", "Renal impairment")
_AMOUNTS = ("250 mg twice daily", "500 mg three times daily", "100 mg once daily", "5 mg daily for 7 days")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drug=st.sampled_from(_DRUGS), label=st.sampled_from(_LABELS), amount=st.sampled_from(_AMOUNTS),
       other=st.sampled_from((None, *_DRUGS)), layout=st.sampled_from(LAYOUTS))
def test_a_bare_dose_line_is_the_title_drugs_exactly_when_no_other_therapy_is_dosed_on_the_page(
        lexicon, drug, label, amount, other, layout):
    lines = [f"{label}: {amount}"]
    if other is not None and other != drug:
        lines.append(f"For other symptoms, {other} 40 mg once daily.")
    draft = draft_of(lexicon, drug.capitalize(), lines, layout)
    amount_key = next(k for k in owners(draft) if k.startswith(amount.split(" mg")[0] + " "))
    want = iri(lexicon, drug) if other is None or other == drug else None
    assert owners(draft)[amount_key] == want, (lines, owners(draft))
