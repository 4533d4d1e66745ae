"""Polarity and context of imported guidance: every cue that warns against a drug makes a caution or a
contraindication and never a recommendation to give it; "reserved for" and "if ... fails" set a later stage.

The statements are written for this test (invented wording, not from any article); the drugs are real
names so that they are recognised through the graph or the drug lexicon.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from kg.importer.context import clauses, risk_phrase
from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from kg.importer.recognise import Lexicon
from kg.namespaces import KGV, PREFIXES

PROV = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
TH = PREFIXES["th"]

ARTICLE = """What is the treatment of an invented test condition?

Last updated: May 5, 2021

Invented Test Guidance On Drug Polarity

Cues

{bullets}

References

Guideline
An invented guidance title for a polarity test
Example Publisher, 2020
"""


@pytest.fixture(scope="module")
def lexicon(store_path):
    from kg.store import OxigraphStore

    return Lexicon.from_store(OxigraphStore.open_read_only(store_path))


def draft_of(lexicon: Lexicon, *bullets: str) -> Graph:
    text = ARTICLE.format(bullets="\n".join(f"  • {b} 1" for b in bullets))
    article, _ = read_any(text.encode(), "polarity.txt")
    draft = build_draft(article, lexicon, "polarity.txt")
    return Graph().parse(data=draft.ttl, format="turtle"), draft


def recommended(g: Graph) -> set[str]:
    return {str(t).rsplit("/", 1)[-1] for r in g.subjects(None, KGV.Recommendation) for t in g.objects(r, KGV.therapy)}


def cautioned(g: Graph, kind=None) -> set[str]:
    out = set()
    for cls in [kind] if kind else [KGV.Caution, KGV.Contraindication]:
        for c in g.subjects(None, cls):
            out.update(str(a).rsplit("/", 1)[-1] for a in g.objects(c, KGV.agent))
    return out


def doses(g: Graph) -> list:
    return list(g.subjects(None, KGV.DoseSchedule)) + list(g.subjects(None, KGV.DoseCeiling))


@pytest.mark.parametrize(
    ("statement", "drug", "kind"),
    [
        ("Avoid prednisone above 15 mg/day (renal crisis risk).", "prednisone", KGV.Caution),
        ("Do not give colchicine 1 mg with clarithromycin.", "colchicine", KGV.Contraindication),
        ("Colchicine is contraindicated in severe renal impairment.", "colchicine", KGV.Contraindication),
        ("Aspirin is not recommended in children under 16 years.", "aspirin", KGV.Caution),
        ("Ibuprofen should be avoided in asthma.", "ibuprofen", KGV.Caution),
        ("Never combine methotrexate with trimethoprim.", "methotrexate", KGV.Contraindication),
        ("Use naproxen with caution in heart failure.", "naproxen", KGV.Caution),
    ],
)
def test_each_warning_cue_makes_a_caution_and_no_recommendation(lexicon, statement, drug, kind):
    g, draft = draft_of(lexicon, statement)
    assert drug in cautioned(g, kind), draft.ttl
    assert drug not in recommended(g)
    assert not doses(g), "an amount inside a warning is the caution's threshold, never a dose to give"
    assert any("drafted from" in n.reason and n.level == "warning" for n in draft.notes)


def test_avoid_prednisone_above_15_mg_is_a_caution_with_its_threshold_listed_for_the_curator(lexicon):
    g, draft = draft_of(lexicon, "Avoid prednisone above 15 mg/day (renal crisis risk).")
    (caution,) = g.subjects(None, KGV.Caution)
    assert str(g.value(caution, KGV.agentDoseLevel)) == "above 15 mg/day"
    assert "renal-crisis" in str(g.value(caution, KGV.risk))
    assert not recommended(g)
    notes = [n for n in draft.notes if "caution" in n.reason]
    assert notes and "above 15 mg/day" in notes[0].reason and notes[0].level == "warning"


@pytest.mark.parametrize(
    ("statement", "drug", "stage"),
    [
        ("If colchicine fails, give prednisolone 30 mg daily for 5 days.", "prednisolone", "Escalation"),
        ("Rituximab 1 g is reserved for refractory disease.", "rituximab", "Refractory"),
        ("Add methotrexate 15 mg weekly when the response to prednisone is inadequate.", "methotrexate", "Escalation"),
    ],
)
def test_conditional_cues_set_a_later_stage_and_the_failed_drug_is_not_recommended(lexicon, statement, drug, stage):
    g, draft = draft_of(lexicon, statement)
    recs = {
        str(t).rsplit("/", 1)[-1]: str(g.value(r, KGV.stage)).rsplit("#", 1)[-1]
        for r in g.subjects(None, KGV.Recommendation)
        for t in g.objects(r, KGV.therapy)
    }
    assert recs.get(drug) == stage, draft.ttl
    assert "colchicine" not in recs


def test_negated_wording_drafts_nothing_to_give_and_says_so(lexicon):
    g, draft = draft_of(lexicon, "There is no role for allopurinol during an acute flare.")
    assert "allopurinol" not in recommended(g)
    assert any("negated wording" in n.reason for n in draft.notes)


def test_a_warning_in_one_clause_leaves_the_other_clause_a_recommendation(lexicon):
    g, _ = draft_of(lexicon, "Give naproxen 500 mg twice daily, but avoid it in kidney disease.")
    assert "naproxen" in recommended(g)
    assert len(doses(g)) == 1


def test_lexicon_drugs_outside_the_graph_are_drafted_as_flagged_entities_with_skos_mappings(lexicon):
    g, draft = draft_of(lexicon, "Salbutamol 5 mg nebulised every 20 minutes in the first hour.")
    drug = URIRef(TH + "albuterol")
    assert (drug, None, KGV.Drug) in g or (drug, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), KGV.Drug) in g
    close = {str(o) for o in g.objects(drug, URIRef("http://www.w3.org/2004/02/skos/core#closeMatch"))}
    assert "https://go.drugbank.com/drugs/DB01001" in close
    assert any("new therapy drafted" in n.reason for n in draft.notes)
    assert "albuterol" in recommended(g)


def test_clauses_split_at_but_and_semicolons_and_keep_their_own_reading():
    text = "Give naproxen; avoid aspirin but use paracetamol"
    readings = [c.reading for c in clauses(text)]
    assert readings == ["positive", "caution", "positive"]


def test_risk_phrase_is_read_from_parentheses_and_from_risk_of():
    assert risk_phrase("Avoid X above 15 mg/day (renal crisis risk).") == "renal crisis"
    assert risk_phrase("Avoid X because of the risk of gastric bleeding") == "gastric bleeding"
    assert risk_phrase("Avoid X in pregnancy") is None


# ---- properties over the space of warning phrasings: whatever the cue, drug, amount and risk wording, a drug the
# statement warns against is never drafted as a recommendation or a dose

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as hs  # noqa: E402

DRUGS = ["prednisone", "colchicine", "aspirin", "ibuprofen", "naproxen", "methotrexate", "amoxicillin"]
WARNINGS = [
    "Avoid {drug}{amount}{risk}.",
    "Do not give {drug}{amount}{risk}.",
    "{Drug}{amount} is contraindicated{risk}.",
    "{Drug}{amount} is not recommended{risk}.",
    "{Drug}{amount} should be avoided{risk}.",
    "{Drug}{amount} should not be used{risk}.",
    "Never combine {drug}{amount} with clarithromycin{risk}.",
    "Use {drug}{amount} with caution{risk}.",
]
AMOUNTS = ["", " above 15 mg/day", " at doses over 2 g/day", " 500 mg twice daily", " > 40 mg"]
RISKS = ["", " (renal crisis risk)", " because of the risk of bleeding", " in kidney disease", " due to toxicity"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    template=hs.sampled_from(WARNINGS),
    drug=hs.sampled_from(DRUGS),
    amount=hs.sampled_from(AMOUNTS),
    risk=hs.sampled_from(RISKS),
)
def test_any_warning_phrasing_makes_a_caution_and_never_a_recommendation(lexicon, template, drug, amount, risk):
    statement = template.format(drug=drug, Drug=drug.capitalize(), amount=amount, risk=risk)
    g, draft = draft_of(lexicon, statement)
    assert drug not in recommended(g), statement
    assert not doses(g), statement
    assert drug in cautioned(g), statement


def test_a_dose_bullet_under_a_bullet_naming_the_drug_is_attached_to_it_and_flagged(lexicon):
    g, draft = draft_of(lexicon, "Colchicine is the first-line choice.", "500 mcg two or three times daily")
    assert "colchicine" in recommended(g)
    assert len(doses(g)) == 1
    assert any("named in the bullet above" in n.reason for n in draft.notes)
