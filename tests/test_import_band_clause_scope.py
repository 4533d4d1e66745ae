"""A band that labels a dose statement scopes to its own clauses: a later clause that names other patients starts
its own band (every statement here is written for this test, in the way formulary and guideline pages print dose
bands).

Pages print a child's and an adult's dose in one statement: "Under 12 years: 250 mg twice daily; adults 500 mg twice
daily". The band that opens the statement ("Under 12 years:") is the band of the doses after it that print none of
their own, up to a clause that opens on other patients ("adults", "and in adolescents", "older children and
adults"); before this rule the adults' 500 mg was drafted for children under 12 years, a dose given to the wrong
patients. The adults' dose has no band (the page prints no number for it: the facts convention, README "bands");
a later clause that prints its own band ("12 years and over", "children over 40 kg") has that band.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

ARTICLE = """What is the treatment of an invented test condition?

Last updated: May 5, 2021

Invented Band Scope Guidance

{mark}Treatment

{body}

{mark}References

1. An invented guidance title for a band scope test. Example Publisher, 2020.
"""


def drafted_bands(lexicon, body: str, layout: str) -> dict[str, str | None]:
    """amount as printed ('250 mg') -> the band drafted for it, from `body` under a Treatment heading of an invented
    page read in the layout ('txt' or 'md')."""
    name = f"band-scope.{layout}"
    text = ARTICLE.format(mark="## " if layout == "md" else "", body=body)
    article, _ = read_any(text.encode(), name)
    draft = build_draft(article, lexicon, name)
    return {f"{dd.dose.amount_min.normalize():f} {dd.dose.unit}" + ("/kg" if dd.dose.basis == "body_weight" else ""):
            dd.dose.band for dd in draft.doses if not dd.dose.amount_not_stated}


LAYOUTS = ("txt", "md")


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(
    ("body", "child", "other"),
    [
        ("Give clarithromycin orally. Under 12 years: 250 mg twice daily; adults 500 mg twice daily.",
         ("250 mg", "under 12 years"), ("500 mg", None)),
        ("Cefalexin orally. Children under 12 years: 250 mg three times daily, adults 500 mg three times daily.",
         ("250 mg", "under 12 years"), ("500 mg", None)),
        ("Azithromycin by mouth. Under 5 years: 10 mg/kg once daily; older children and adults 500 mg once daily.",
         ("10 mg/kg", "under 5 years"), ("500 mg", None)),
        ("Amoxicillin orally. Under 12 years: 250 mg three times daily; and in adults 500 mg three times daily.",
         ("250 mg", "under 12 years"), ("500 mg", None)),
        # a later clause printing a band of its own keeps it
        ("Clarithromycin orally. Under 12 years: 250 mg twice daily; 12 years and over: 500 mg twice daily.",
         ("250 mg", "under 12 years"), ("500 mg", "12 years and over")),
        ("Azithromycin by mouth. Under 40 kg: 10 mg/kg once daily; children over 40 kg 500 mg once daily.",
         ("10 mg/kg", "under 40 kg"), ("500 mg", "over 40 kg")),
    ],
)
def test_a_band_opening_a_statement_is_not_the_band_of_a_later_clause_naming_other_patients(
        lexicon, layout, body, child, other):
    bands = drafted_bands(lexicon, body, layout)
    assert bands.get(child[0]) == child[1], bands
    assert other[0] in bands and bands[other[0]] == other[1], bands


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_label_band_still_covers_every_dose_of_its_own_clauses(lexicon, layout):
    # no other patients are named: both doses are the label's ('plus' joins a second drug for the same children)
    bands = drafted_bands(lexicon, "Under 7 days old: ampicillin 50 mg/kg every 12 hours, plus gentamicin 4 mg/kg "
                                   "every 24 hours.", layout)
    assert bands == {"50 mg/kg": "under 7 days", "4 mg/kg": "under 7 days"}, bands


_DRUGS = ("clarithromycin", "amoxicillin", "cefalexin", "azithromycin", "erythromycin")
_LABELS = (("Under 12 years", "under 12 years"), ("Children under 12 years", "under 12 years"),
           ("Under 6 years", "under 6 years"), ("Children 1-11 years", "1-11 years"))
_OTHERS = ("adults", "for adults", "and adults", "in adults", "adolescents and adults", "older children and adults")
_SEPARATORS = ("; ", ", ")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drug=st.sampled_from(_DRUGS), label=st.sampled_from(_LABELS), other=st.sampled_from(_OTHERS),
       sep=st.sampled_from(_SEPARATORS), layout=st.sampled_from(LAYOUTS))
def test_no_phrasing_of_a_later_group_takes_the_band_that_opens_the_statement(lexicon, drug, label, other, sep,
                                                                               layout):
    body = f"Give {drug} orally. {label[0]}: 250 mg twice daily{sep}{other} 500 mg twice daily."
    bands = drafted_bands(lexicon, body, layout)
    assert bands.get("250 mg") == label[1], (body, bands)
    assert "500 mg" in bands and bands["500 mg"] is None, (body, bands)
