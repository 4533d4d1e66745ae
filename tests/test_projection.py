"""kg.questions.projection on the real curated graph: what is fetched, how evidence reads, and that it stays selective."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

from kg.errors import UnknownName
from kg.questions.projection import project
from kg.render.viz import KINDS
from kg.store.oxigraph import OxigraphStore
from kg.vocab.namespaces import COND, KGV, REF, THER

ADULT = "https://w3id.org/guideline-kg/id/article/ssc-myositis-overlap-adult/"
JUVENILE = "https://w3id.org/guideline-kg/id/article/juvenile-uctd-scleroderma-jdm-overlap/"
OVERLAP = "scleroderma-myositis overlap"
ARROW = " \u203a "

# Independent answers, asked of the store directly rather than through the projection.
RECS_FOR_CONDITION_OR_NARROWER = """
SELECT DISTINCT ?rec WHERE { ?c skos:broader* ?condition . ?rec kgv:forCondition ?c ; a kgv:Recommendation }
"""
STATEMENTS_CITING = """
SELECT DISTINCT ?statement WHERE {
  ?entry kgv:refersTo ?work . ?marker kgv:resolvesTo ?entry . ?statement kgv:hasMarker ?marker }
"""


@pytest.fixture(scope="module")
def overlap(store):
    return project(store, OVERLAP)


@pytest.fixture(scope="module")
def everything(store):
    return project(store)


def evidence(view, iri: str) -> str:
    return view.graph.nodes[iri]["evidence"]


def test_every_node_has_a_known_kind_label_and_evidence(everything):
    g = everything.graph
    assert g.number_of_nodes() > 0
    for n, d in g.nodes(data=True):
        assert d["kind"] in KINDS and d["kind"] != "other", n
        assert d["label"] and d["evidence"], n
    for u, v, d in g.edges(data=True):
        assert d["label"], (u, v)


def test_condition_view_holds_its_recommendations_and_those_of_narrower_conditions(store, overlap):
    # juvenile overlap is skos:broader the adult overlap, so both articles' recommendations belong here.
    expected = store.select(RECS_FOR_CONDITION_OR_NARROWER, {"condition": COND["scleroderma-myositis-overlap"]})
    assert overlap.recommendations == sorted(str(r[0]) for r in expected.rows)
    populations = {overlap.graph.nodes[r]["population"] for r in overlap.recommendations}
    assert populations == {"adults", "children"}
    juvenile = str(COND["juvenile-uctd-scleroderma-jdm-overlap"])
    assert overlap.graph.has_edge(juvenile, str(COND["scleroderma-myositis-overlap"]))
    assert overlap.focus == str(COND["scleroderma-myositis-overlap"])


def test_narrower_condition_view_leaves_out_the_broader_conditions_recommendations(store):
    view = project(store, "juvenile overlap syndrome")
    juvenile = COND["juvenile-uctd-scleroderma-jdm-overlap"]
    expected = store.select(RECS_FOR_CONDITION_OR_NARROWER, {"condition": juvenile})
    assert view.recommendations == sorted(str(r[0]) for r in expected.rows)
    assert {view.graph.nodes[r]["population"] for r in view.recommendations} == {"children"}


def test_feature_view_reaches_recommendations_gated_by_it(store):
    # Dysphagia is no condition of any recommendation, only a qualifier: the adult IV methylprednisolone
    # step (any of ... dysphagia ...) and IVIG escalation (any of dysphagia, ...) are gated by it.
    view = project(store, "difficulty swallowing")
    assert set(view.recommendations) == {ADULT + "rec-methylprednisolone-severe", ADULT + "rec-ivig"}
    for rec in view.recommendations:
        assert view.graph.has_edge(rec, str(COND["dysphagia"]))


def test_recommendation_nodes_carry_stage_population_article_and_dose(overlap):
    node = overlap.graph.nodes[ADULT + "rec-methotrexate"]
    assert node["stage"] == "first line"
    assert node["population"] == "adults"
    assert node["article"] == "Initial Treatment for Scleroderma-Myositis Overlap"
    text = node["evidence"]
    assert "Stage: first line (rank 2 within the stage); population: adults" in text
    assert "Start together with: prednisone" in text


def test_dose_is_written_out_from_its_fields(overlap):
    # amountMin 15, amountMax 20, mg, basis BSA, per week, route not stated, preferred subcutaneous,
    # maximum 40 mg per week -> one clause per field group, joined with ", " (kg.questions.dose_text.describe).
    dose = overlap.graph.nodes[ADULT + "dose-methotrexate"]
    expected = ("15\u201320 mg per m\u00b2 body surface area per week, route not stated (subcutaneous preferred), "
                "maximum 40 mg per week")
    assert dose["evidence"].startswith(f"Dose: {expected}\n")
    assert dose["label"] == "15\u201320 mg per m\u00b2 body surface area per week"
    assert dose["stage"] == "first line" and dose["population"] == "adults"


def test_absent_maximum_and_period_are_said_never_filled_in(overlap):
    prednisone = evidence(overlap, ADULT + "dose-prednisone")
    assert "no maximum stated" in prednisone and "maximum 40" not in prednisone
    # 0.5-1 mg/kg per day, descriptor high-dose, oral, once daily, 2-4 weeks, as recorded.
    expected = ("0.5\u20131 mg per kg body weight per day, high-dose, oral, once a day, for 2\u20134 weeks, "
                "no maximum stated")
    assert expected in prednisone
    azathioprine = evidence(overlap, ADULT + "dose-azathioprine")
    assert "2 mg per kg ideal body weight, period not stated" in azathioprine
    assert "Curator flag (warning)" in azathioprine
    cyclophosphamide = evidence(overlap, ADULT + "dose-cyclophosphamide")
    assert cyclophosphamide.startswith("Dose: amount not stated, intravenous, every 4 weeks, for 3\u20136 months")


def test_dose_adjustments_are_shown_on_the_dose(overlap):
    text = evidence(overlap, ADULT + "dose-prednisone")
    assert "Range position: lower end when any of diabetes, glaucoma, osteoporosis" in text


def test_statement_evidence_has_locator_markers_and_resolved_titles(overlap):
    text = evidence(overlap, ADULT + "st-5-1.1")
    locator = ARROW.join(["Initial Treatment for Scleroderma-Myositis Overlap",
                          "Mandatory Concurrent Steroid-Sparing Agent", "item 1.1"])
    assert text.startswith(f"Statement: {locator}\n")
    assert "Markers as printed: 2, 1" in text
    # Printed order is kept: marker 2 before marker 1.
    two = text.index("[2] Guideline Directed Topic Overview (2025)")
    one = text.index("[1] Treatment of Inflammatory Myopathy")
    assert two < one
    assert overlap.graph.nodes[ADULT + "st-5-1.1"]["label"] == "\u00a75" + ARROW + "1.1"


def test_dangling_marker_is_reported_as_not_resolving(everything):
    text = evidence(everything, ADULT + "st-9-2.3")
    assert "[6] marker 6 does not resolve" in text
    # No edge may claim a citation the article does not resolve.
    assert not [v for _, v, d in everything.graph.out_edges(ADULT + "st-9-2.3", data=True) if d["label"] == "cites [6]"]


def test_citation_edges_follow_resolved_markers(store, everything):
    g = everything.graph
    for u, v, d in g.edges(data=True):
        if d["label"].startswith("cites ["):
            assert g.nodes[u]["kind"] == "statement" and g.nodes[v]["kind"] == "reference"
            citing = {str(r[0]) for r in store.select(STATEMENTS_CITING, {"work": URIRef(v)}).rows}
            assert u in citing, (u, v)


def test_therapy_evidence_gathers_its_recommendations_doses_and_references(overlap):
    text = evidence(overlap, str(THER["methotrexate"]))
    assert text.startswith("Therapy: methotrexate\nAlso called: MTX\n")
    assert "first line, adults: methotrexate (start)" in text
    assert "first line, children: methotrexate (start)" in text
    assert "Dose: 15\u201320 mg per m\u00b2 body surface area per week" in text
    assert "Guideline Directed Topic Overview" in text


def test_reference_view_is_what_relies_on_the_work_and_highlights_it(store):
    work = REF["imaj-2011-scleroderma-overlap-syndrome"]
    view = project(store, reference="Scleroderma overlap syndrome.")
    citing = {str(r[0]) for r in store.select(STATEMENTS_CITING, {"work": work}).rows}
    assert citing and citing <= view.highlight
    assert str(work) in view.highlight and view.focus == str(work)
    assert view.highlight <= set(view.graph.nodes)
    # The renal-crisis caution rests on statements citing this work; methotrexate's dose does not.
    assert ADULT + "caution-renal-crisis" in view.highlight
    assert ADULT + "dose-methotrexate" not in view.highlight


def test_condition_with_reference_highlights_inside_the_condition_view(store, overlap):
    view = project(store, OVERLAP, reference="ref:imaj-2011-scleroderma-overlap-syndrome")
    assert set(view.graph.nodes) == set(overlap.graph.nodes)
    assert view.highlight and view.highlight < set(view.graph.nodes)
    assert "relying on Scleroderma overlap syndrome." in view.title


def test_unknown_condition_lists_closest_names(store):
    with pytest.raises(UnknownName) as err:
        project(store, "sclerodermia myositis overlap")
    assert "scleroderma-myositis overlap" in str(err.value)


def test_projection_is_deterministic(store, overlap):
    again = project(store, OVERLAP)
    assert sorted(again.graph.nodes(data=True)) == sorted(overlap.graph.nodes(data=True))
    assert sorted(again.graph.edges(data="label")) == sorted(overlap.graph.edges(data="label"))


class CountingStore:
    """A real store that counts the queries it answers."""

    def __init__(self, inner) -> None:
        self.inner, self.queries = inner, 0
        self.location = inner.location

    def select(self, query, bindings=None):
        self.queries += 1
        return self.inner.select(query, bindings)


def test_unrelated_data_changes_neither_the_view_nor_the_number_of_queries(store):
    # 2,000 recommendations for 200 other conditions, with doses and statements: a selective projection
    # must not see them or spend a single extra query on them.
    base = list(store.quads())
    noise = []
    ns = "https://example.org/noise/"
    for i in range(2000):
        rec, cond, dose = URIRef(f"{ns}rec-{i}"), URIRef(f"{ns}cond-{i % 200}"), URIRef(f"{ns}dose-{i}")
        noise += [
            (cond, RDF.type, KGV.Condition, None), (cond, SKOS.prefLabel, Literal(f"noise condition {i % 200}"), None),
            (rec, RDF.type, KGV.Recommendation, None), (rec, KGV.forCondition, cond, None),
            (rec, KGV.therapy, THER["methotrexate"] if i % 2 else URIRef(f"{ns}drug-{i}"), None),
            (rec, KGV.dose, dose, None), (dose, RDF.type, KGV.DoseSchedule, None),
            (dose, KGV.amountMin, Literal(i), None),
        ]
    small, big = CountingStore(OxigraphStore.in_memory(base)), CountingStore(OxigraphStore.in_memory(base + noise))
    a = project(small, "juvenile overlap syndrome")
    b = project(big, "juvenile overlap syndrome")
    assert sorted(a.graph.nodes) == sorted(b.graph.nodes)
    assert small.queries == big.queries
