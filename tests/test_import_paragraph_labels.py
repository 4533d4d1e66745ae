"""A label opening a paragraph ('Elderly:', 'Children under 12 years:', 'Second line:') scopes to every sentence of
that paragraph, in both layouts (every paragraph here is written for this test, as guideline pages print them).

The readers split a paragraph into its sentences (items 'N.s1', 'N.s2', ...), so a label printed once at the
paragraph's start was seen by its first sentence only. On a real rapid-tranquillisation page "Elderly: Avoid
medication unless essential. Reduce dose of lorazepam or antipsychotics (at least by half)." drafted lorazepam and the
antipsychotics as TaperMaintenance recommendations, a polarity inversion: the cut is a caution about them in the
elderly (the facts convention, caution kinds: "a dose cut for a state of the patient"). The same loss gave a later
sentence's dose no band ('Children under 12 years: ... In severe infection give 500 mg ...') and a later sentence's
drug the first-line stage under 'Second line:'. A later sentence that prints its own label, or names other patients,
is not the label's.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from kg.vocab.namespaces import KGV

ARTICLE = """What is the treatment of an invented test condition?

Last updated: May 5, 2021

Invented Paragraph Label Guidance

{mark}{heading}

{body}

{mark}References

1. An invented guidance title for a paragraph label test. Example Publisher, 2020.
"""

LAYOUTS = ("txt", "md")


def draft_of(lexicon, body: str, layout: str, heading: str = "Treatment"):
    """(graph, draft) of `body` under `heading` on an invented page read in the layout ('txt' or 'md')."""
    name = f"paragraph-label.{layout}"
    text = ARTICLE.format(mark="## " if layout == "md" else "", heading=heading, body=body)
    article, _ = read_any(text.encode(), name)
    draft = build_draft(article, lexicon, name)
    return Graph().parse(data=draft.ttl, format="turtle"), draft


def recommended(g: Graph) -> dict[str, set[str]]:
    """therapy local name -> the stages it is recommended at"""
    out: dict[str, set[str]] = {}
    for r in g.subjects(None, KGV.Recommendation):
        for t in g.objects(r, KGV.therapy):
            out.setdefault(str(t).rsplit("/", 1)[-1], set()).update(
                str(s).rsplit("#", 1)[-1] for s in g.objects(r, KGV.stage))
    return out


def cautioned(g: Graph) -> set[str]:
    return {str(a).rsplit("/", 1)[-1] for cls in (KGV.Caution, KGV.Contraindication)
            for c in g.subjects(None, cls) for a in g.objects(c, KGV.agent)}


def bands(draft) -> dict[str, str | None]:
    """amount as printed ('500 mg') -> its drafted band"""
    return {f"{dd.dose.amount_min.normalize():f} {dd.dose.unit}": dd.dose.band
            for dd in draft.doses if not dd.dose.amount_not_stated}


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(
    ("body", "drugs"),
    [
        ("Elderly: Avoid medication unless essential. Reduce dose of lorazepam or antipsychotics (at least by half).",
         {"lorazepam", "antipsychotic-agents"}),
        ("Frail patients: keep sedation for when it is truly needed. Lower the dose of haloperidol.", {"haloperidol"}),
        ("In renal impairment: check the eGFR first. Then halve the dose of gabapentin.", {"gabapentin"}),
    ],
)
def test_a_dose_cut_in_a_later_sentence_under_a_paragraphs_state_label_is_a_caution_never_a_recommendation(
        lexicon, layout, body, drugs):
    g, draft = draft_of(lexicon, body, layout, heading="Rapid tranquillisation")
    assert drugs <= cautioned(g), draft.ttl
    assert not drugs & set(recommended(g)), recommended(g)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_paragraphs_band_label_is_the_band_of_its_later_sentences_doses(lexicon, layout):
    _g, draft = draft_of(lexicon, "Children under 12 years: give amoxicillin 250 mg three times daily. In severe "
                                  "infection give 500 mg three times daily.", layout)
    assert bands(draft) == {"250 mg": "under 12 years", "500 mg": "under 12 years"}, bands(draft)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(
    "later",
    ["Adults should take 500 mg three times daily.", "Over 12 years: 500 mg three times daily."],
)
def test_a_later_sentence_naming_other_patients_is_not_the_labels(lexicon, layout, later):
    _g, draft = draft_of(lexicon, f"Children under 12 years: give amoxicillin 250 mg three times daily. {later}",
                         layout)
    assert bands(draft)["250 mg"] == "under 12 years", bands(draft)
    assert bands(draft)["500 mg"] != "under 12 years", bands(draft)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_paragraphs_stage_label_is_the_stage_of_its_later_sentences_drugs(lexicon, layout):
    g, _draft = draft_of(lexicon, "Second line: give clarithromycin 500 mg twice daily. Erythromycin 500 mg four "
                                  "times daily may also be used.", layout)
    stages = recommended(g)
    assert stages.get("erythromycin") == stages.get("clarithromycin") == {"Escalation"}, stages


_STATES = ("Elderly", "Older people", "Frail patients", "In hepatic impairment", "Patients with renal failure")
_OPENERS = ("Avoid sedation unless essential.", "Use the lowest effective dose.", "Review every day.")
_DRUGS = ("lorazepam", "haloperidol", "diazepam", "morphine", "amitriptyline")
_CUTS = ("Reduce dose of {d} (at least by half).", "Halve the dose of {d}.", "Lower the {d} dose.",
         "Reduce the dose of {d}.")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(state=st.sampled_from(_STATES), opener=st.sampled_from(_OPENERS), drug=st.sampled_from(_DRUGS),
       cut=st.sampled_from(_CUTS), layout=st.sampled_from(LAYOUTS))
def test_any_dose_cut_after_the_first_sentence_of_a_state_labelled_paragraph_warns_the_drug(
        lexicon, state, opener, drug, cut, layout):
    g, draft = draft_of(lexicon, f"{state}: {opener} {cut.format(d=drug)}", layout)
    assert drug in cautioned(g), draft.ttl
    assert drug not in recommended(g), draft.ttl
