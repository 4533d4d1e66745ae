"""One rdf:type -> kind table (kg.vocab.kinds) that names, trace, the graph views and the viz legend all read, and one
CURIE/local-name implementation (kg.vocab.curie)."""

from __future__ import annotations

from rdflib import URIRef

from kg.config import GRAPH_DIR
from kg.questions import evidence, projection
from kg.read import names
from kg.read.queries import named_queries
from kg.render import viz
from kg.vocab import curie, kinds
from kg.vocab.namespaces import KGV, PREFIXES


def test_every_module_reads_the_same_kind_table() -> None:
    assert projection._KIND_OF_TYPE is kinds.KIND_OF_TYPE
    assert evidence.HOLDER_CLASSES is kinds.HOLDER_WORDS and evidence.THING_CLASSES is kinds.THING_WORDS
    assert names.KIND_CLASSES is kinds.NAME_KINDS
    assert viz.KINDS is kinds.LEGEND


def test_every_view_kind_has_a_legend_entry_and_a_style() -> None:
    assert set(kinds.KIND_OF_TYPE.values()) <= set(kinds.LEGEND)
    assert set(kinds.LEGEND) == set(viz.KIND_STYLES)


def test_trace_and_views_agree_on_the_coarse_kind_of_every_traced_class() -> None:
    for cls, word in kinds.THING_WORDS.items():
        kind = kinds.KIND_OF_TYPE.get(cls)
        assert kind is None or word.startswith(kind) or (word, kind) == ("diagnostic test", "monitoring"), cls


def test_every_class_of_the_table_is_a_class_of_the_closed_vocabulary() -> None:
    for row in kinds.ROWS:
        assert row.cls == getattr(KGV, str(row.cls).rsplit("#", 1)[-1])


def test_every_kind_a_named_query_parameter_names_is_a_name_kind() -> None:
    used = {p.kind for q in named_queries(GRAPH_DIR / "queries").values() for p in q.params}
    assert used - {"string", "integer", "iri"} <= set(kinds.NAME_KINDS)
    assert {"condition", "feature", "therapy", "reference", "population"} <= set(kinds.NAME_KINDS)
    assert kinds.NAME_KINDS["condition"] == (KGV.Condition,)
    assert kinds.NAME_KINDS["feature"] == (KGV.Condition, KGV.PatientState)


def test_curie_forms() -> None:
    art = PREFIXES["art"]
    assert curie.shorten(URIRef(art + "x/rec-1")) == "art:x/rec-1"
    assert curie.shorten(URIRef("http://example.org/a")) == "http://example.org/a"
    assert curie.shorten(None) == ""
    assert curie.turtle_name(str(KGV.Drug)) == "kgv:Drug"
    assert curie.turtle_name(art + "x/rec-1") == "<" + art + "x/rec-1>", "a '/' is not a plain Turtle local name"
    assert curie.turtle_name(str(KGV) + "a.") == "<" + str(KGV) + "a.>"
    assert curie.local_name(art + "x/rec-1") == "rec-1"
    assert curie.local_name(str(KGV.Drug)) == "Drug"
    assert curie.local_name(art + "x/") == "x"


def test_every_reader_names_a_node_by_the_one_label_policy() -> None:
    """Nodes with several label properties (invented): description (paths' neighbours, compare, views) and
    NodeView (trace) pick the same one, prefLabel > rdfs:label > dcterms:title."""
    from rdflib import Literal
    from rdflib.namespace import DCTERMS, RDFS, SKOS

    from kg.questions.evidence import NodeView
    from kg.read.description import read_description, read_descriptions
    from kg.store.memory import MemoryStore
    from kg.vocab.labels import LABEL_PROPERTIES

    g = URIRef("http://example.org/g")
    ex = "http://example.org/"
    subject, all3, label_title = URIRef(ex + "s"), URIRef(ex + "all3"), URIRef(ex + "label-title")
    quads = [
        (all3, SKOS.prefLabel, Literal("preferred"), g), (all3, RDFS.label, Literal("plain"), g),
        (all3, DCTERMS.title, Literal("titled"), g),
        (label_title, RDFS.label, Literal("plain two"), g), (label_title, DCTERMS.title, Literal("titled two"), g),
        (subject, KGV.therapy, all3, g), (subject, KGV.agent, label_title, g),
    ]
    store = MemoryStore(quads)
    assert LABEL_PROPERTIES == (SKOS.prefLabel, RDFS.label, DCTERMS.title)
    one = read_description(store, subject)
    many = read_descriptions(store, [subject])[subject]
    view = NodeView(store)
    for node, expected in ((all3, "preferred"), (label_title, "plain two")):
        assert one.label_of(node) == many.label_of(node) == view.label(node) == expected
        assert read_description(store, node).label == expected
