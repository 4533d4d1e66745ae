"""A condition with no guidance points to the nearest conditions with guidance by every link the graph
states (component / manifestation / complication, skos:broader, skos:related), or says plainly that none
exist. Before: the pointer followed only part-of links, so `kg paths "localized scleroderma"` said only
"No recommendations are recorded" and pointed nowhere, also when the graph related it to a guided condition.
"""

from __future__ import annotations

import jsonschema
import pytest
from rdflib import URIRef
from rdflib.namespace import SKOS

from kg.questions.path_model import TreatmentPath
from kg.questions.paths import Patient, path_schema, treatment_path
from kg.read.names import NameIndex
from kg.render.render_path import plain
from kg.render.result_json import document
from kg.store.oxigraph import OxigraphStore

COND = "https://w3id.org/guideline-kg/id/condition/"
LOCALIZED = URIRef(COND + "localized-scleroderma")
OVERLAP = URIRef(COND + "scleroderma-myositis-overlap")
VALIDATOR = jsonschema.Draft202012Validator(path_schema())


def _path(store, name: str) -> TreatmentPath:
    path = treatment_path(store, NameIndex(store), name, Patient(age=40))
    VALIDATOR.validate(document(path))
    return path


def _with(store, *triples) -> OxigraphStore:
    extra = OxigraphStore.in_memory(store.quads())
    graph = next(iter(store.named_graphs()))
    extra.add_quads((s, p, o, graph) for s, p, o in triples)
    return extra


def test_the_iri_scheme_of_this_test_is_the_graphs(store) -> None:
    assert store.ask("ASK { ?c a kgv:Condition }", {"c": LOCALIZED})
    assert store.ask("ASK { ?c a kgv:Condition }", {"c": OVERLAP})


def test_a_condition_the_graph_links_to_no_guidance_says_so_plainly(store) -> None:
    path = _path(store, "localized scleroderma")
    assert path.steps == () and path.condition.see_also == ()
    assert any("links localized scleroderma to no condition that has guidance" in w for w in path.warnings)


@pytest.mark.parametrize("relation, triple", [
    ("related condition", (LOCALIZED, SKOS.related, OVERLAP)),
    ("related condition", (OVERLAP, SKOS.related, LOCALIZED)),
    ("broader condition", (LOCALIZED, SKOS.broader, OVERLAP)),
])
def test_a_related_or_broader_condition_with_guidance_is_pointed_to(store, relation, triple) -> None:
    linked = _with(store, triple)
    try:
        path = _path(linked, "localized scleroderma")
    finally:
        linked.close()
    see = [(w.label, w.relation) for w in path.condition.see_also]
    assert ("scleroderma-myositis overlap", relation) in see
    assert any("Guidance that covers it" in w and "scleroderma-myositis overlap" in w for w in path.warnings)
    assert f"is a {relation} of localized scleroderma" in plain(path)
