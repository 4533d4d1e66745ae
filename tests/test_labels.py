"""One label policy (kg.vocab.labels: skos:prefLabel, then rdfs:label, then dcterms:title; the smallest value of the
first present) read by every reader of labels: the node reader (kg.read.description), trace (evidence.NodeView),
paths' retrieval (kg.questions.path_queries, kg.questions.paths), name suggestions (kg.read.names) and the exports' graph.

Two kinds of test: a behavioural one on invented nodes with only rdfs:label, only dcterms:title, both, and all
three; and a source test that fails when a module of kg/ names a label property outside kg/vocab/labels.py, i.e.
grows a label rule of its own, unless the use is listed below with why it is not a display-label choice."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from kg.questions.evidence import NodeView
from kg.questions.path_queries import fetch_path_data
from kg.questions.paths import node_label
from kg.read.description import read_description, read_descriptions, read_labels
from kg.read.names import NameIndex
from kg.render.exports.facts import GraphFacts
from kg.store.memory import MemoryStore
from kg.vocab import labels
from kg.vocab.namespaces import KGV

EX = "http://example.org/"
G = URIRef(EX + "g")
ONLY_LABEL, ONLY_TITLE, LABEL_AND_TITLE, ALL_THREE = (URIRef(EX + n) for n in ("only-label", "only-title",
                                                                                "label-title", "all-three"))
EXPECTED = {ONLY_LABEL: "plain", ONLY_TITLE: "titled", LABEL_AND_TITLE: "plain two", ALL_THREE: "preferred"}
CONDITION, REC, STAGE, DOSE = (URIRef(EX + n) for n in ("condition", "rec", "stage", "dose"))


def _quads() -> list[tuple]:
    t = [
        (ONLY_LABEL, RDFS.label, Literal("plain")),
        (ONLY_TITLE, DCTERMS.title, Literal("titled")),
        (LABEL_AND_TITLE, RDFS.label, Literal("plain two")), (LABEL_AND_TITLE, DCTERMS.title, Literal("a title")),
        # two values of the winning property: the smallest by text, whatever the engine's row order
        (ALL_THREE, SKOS.prefLabel, Literal("preferred")), (ALL_THREE, SKOS.prefLabel, Literal("zz later")),
        (ALL_THREE, RDFS.label, Literal("a plain")), (ALL_THREE, DCTERMS.title, Literal("a title three")),
        # a recommendation pointing at each kind of node, as paths retrieves them
        (CONDITION, RDF.type, KGV.Condition), (CONDITION, RDFS.label, Literal("the condition")),
        (REC, RDF.type, KGV.Recommendation), (REC, KGV.forCondition, CONDITION), (REC, KGV.stage, STAGE),
        (REC, KGV.therapy, ONLY_LABEL), (REC, KGV.population, ONLY_TITLE), (REC, KGV.strength, LABEL_AND_TITLE),
        (REC, KGV.aimsAt, ALL_THREE), (REC, KGV.dose, DOSE), (DOSE, KGV.route, LABEL_AND_TITLE),
        (STAGE, SKOS.prefLabel, Literal("a stage")),
    ]
    return [(*triple, G) for triple in t]


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    return MemoryStore(_quads())


def test_the_policy_order_is_pref_label_then_rdfs_label_then_title() -> None:
    assert labels.LABEL_PROPERTIES == (SKOS.prefLabel, RDFS.label, DCTERMS.title)


@pytest.mark.parametrize("node", list(EXPECTED), ids=lambda n: n.rsplit("/", 1)[-1])
def test_every_reader_names_a_node_by_the_one_policy(store: MemoryStore, node: URIRef) -> None:
    expected = EXPECTED[node]
    assert read_labels(store, [node]) == {str(node): expected}
    assert read_description(store, node).label == expected
    assert NodeView(store).label(node) == expected
    assert node_label(store, str(node)) == expected
    assert NameIndex(store)._label_of(str(node)) == expected
    assert GraphFacts.read(store).label(node) == expected


def test_neighbours_are_named_alike_by_the_single_and_batched_reads(store: MemoryStore) -> None:
    one = read_description(store, REC)
    many = read_descriptions(store, [REC])[REC]
    for node, expected in EXPECTED.items():
        assert one.label_of(node) == many.label_of(node) == expected


def test_paths_retrieval_names_what_a_recommendation_points_at_by_the_policy(store: MemoryStore) -> None:
    data = fetch_path_data(store, [str(CONDITION)])
    assert {n: data.labels.get(str(n)) for n in EXPECTED} == {n: v for n, v in EXPECTED.items()}


def test_choose_labels_takes_the_first_property_then_the_smallest_value() -> None:
    rows = [("n", None, "b", "a"), ("n", None, "a2", "a"), ("m", None, None, "t"), ("k", "z", "a", None)]
    assert labels.choose_labels(rows) == {"n": "a2", "m": "t", "k": "z"}
    assert labels.label_of_props({str(RDFS.label): ["y", "x"], str(DCTERMS.title): ["a"]}) == "x"
    assert labels.label_of_props({}) is None


# ---------------------------------------------------------------- no module grows its own label rule

KG = Path(__file__).resolve().parent.parent / "kg"
_SPELLINGS = ("prefLabel", "rdfs:label", str(RDFS.label), "dcterms:title", str(DCTERMS.title))
_ATTRIBUTES = {("SKOS", "prefLabel"), ("RDFS", "label"), ("DCTERMS", "title")}

# (module, top-level definition) -> why naming a label property there is not a choice of display label.
ALLOWED = {
    ("read/catalog.py", "CONDITIONS"): "lists conditions by skos:prefLabel, which the shapes require exactly once",
    ("read/catalog.py", "THERAPIES"): "lists therapies by skos:prefLabel, which the shapes require exactly once",
    ("read/catalog.py", "REFERENCES"): "a work's bibliographic title is a listed field, not its display label",
    ("explorer/choices.py", "CONDITION_NAMES"): "autocomplete: every name a condition can be typed as",
    ("explorer/choices.py", "FEATURES"): "features by skos:prefLabel, which the shapes require exactly once",
    ("explorer/choices.py", "THERAPIES"): "therapies by skos:prefLabel, which the shapes require exactly once",
    ("explorer/choices.py", "SEARCHABLE"): "search: every name or title a thing can be found by",
    ("importer/draft.py", "_Builder.article_condition"): "writes a curated draft (Turtle), reads no label",
    ("importer/warning_reading.py", "WarningReading.monitoring"): "writes a curated draft (Turtle), reads no label",
    **{("importer/draft_turtle.py", f"DraftTurtle.{m}"): "writes a curated draft (Turtle), reads no label" for m in (
        "draft_lexicon_therapies", "emit", "new_condition", "route_term", "work_ttl")},
    ("importer/turtle_out.py", "_RDFS_LABEL"): "lays a draft out as rdflib's writer does (type, then rdfs:label first); reads no label",
    ("importer/recognise.py", "STAGES_QUERY"): "the vocabulary's stage words, matched in article text",
    ("importer/recognise.py", "REFERENCES_QUERY"): "titles of known works, matched against a reference list",
    ("questions/integrity.py", "WORKS"): "a work's title compared with the title a reference list prints",
    ("questions/path_queries.py", "RESOLVED_MARKERS"): "a cited work's bibliographic title, year and source",
}


def _uses(path: Path, root: Path = KG) -> set[tuple[str, str]]:
    """(module, top-level definition) pairs where `path` names a label property (docstrings excepted)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(root).as_posix()
    found: set[tuple[str, str]] = set()

    def visit(node: ast.AST, owner: str) -> None:
        for child in ast.iter_child_nodes(node):
            name = owner
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{owner}.{child.name}" if owner else child.name
                body = child.body
                if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                    body = body[1:]  # a docstring may speak of the properties
                for stmt in body:
                    visit_stmt(stmt, name)
                continue
            visit_stmt(child, name)

    def visit_stmt(stmt: ast.AST, owner: str) -> None:
        if not owner and isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name):
            owner = stmt.targets[0].id
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            visit(ast.Module(body=[stmt], type_ignores=[]), owner)
            return
        for node in ast.walk(stmt):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if any(s in node.value for s in _SPELLINGS):
                    found.add((rel, owner or "<module>"))
            elif (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                  and (node.value.id, node.attr) in _ATTRIBUTES):
                found.add((rel, owner or "<module>"))

    body = tree.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the module docstring
    for stmt in body:
        visit_stmt(stmt, "")
    return found


def test_no_module_but_the_policy_names_a_label_property() -> None:
    used = set().union(*(_uses(p) for p in sorted(KG.rglob("*.py")) if p.name != "labels.py"))
    grown = sorted(used - set(ALLOWED))
    assert not grown, f"label properties read outside kg/vocab/labels.py (use kg.vocab.labels / kg.read.description): {grown}"
    stale = sorted(set(ALLOWED) - used)
    assert not stale, f"allowed uses that no longer exist (remove them): {stale}"


def test_the_source_test_sees_a_module_that_grows_its_own_rule(tmp_path: Path) -> None:
    rogue = tmp_path / "rogue.py"
    rogue.write_text('"""Docstrings may say skos:prefLabel."""\n'
                     'Q = "SELECT ?l WHERE { ?n skos:prefLabel|rdfs:label ?l }"\n'
                     "class C:\n    def f(self, g, n):\n        return g.value(n, RDFS.label)\n", encoding="utf-8")
    assert _uses(rogue, tmp_path) == {("rogue.py", "Q"), ("rogue.py", "C.f")}
