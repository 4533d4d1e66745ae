"""The named queries are written so Oxigraph evaluates their OPTIONAL parts from the bound parameter outward.

Oxigraph plans an OPTIONAL as a for-loop (a lookup per row already found) only when its right-hand side is a
single pattern, or starts with one and nests the rest; a group of several patterns that share only the bound
variable (`OPTIONAL { ?dose kgv:amountMax ?a ; kgv:amountUnit/rdfs:label ?u }`) becomes a hash join over every
matching node in the store. So each such group is written as its first pattern with the others nested as
OPTIONALs, and a FILTER that all of them matched (graph/queries/*.rq). Two things are checked here:

* the rewritten queries give the answers of the grouped form they replaced (tests/fixtures/grouped-queries)
  on any data, valid or not: fields present or missing independently, repeated, unlabelled; on Oxigraph
  and on rdflib's engine (hypothesis);
* the work Oxigraph does for a bound question does not grow with guidance the question does not reach:
  the rows every node of the query plan produces (`oxigraph query --explain --stats`) are the same with and
  without 60 unrelated recommendations with full doses in the store. With the grouped forms they grew.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef

from kg.config import GRAPH_DIR
from kg.read.queries import named_queries
from kg.store.memory import MemoryStore
from kg.store.oxigraph import OxigraphStore
from kg.store.remote import inject_values
from kg.vocab.namespaces import KGV, sparql_prologue

GROUPED = Path(__file__).parent / "fixtures" / "grouped-queries"
OXIGRAPH = Path(sys.executable).parent / "oxigraph"
EX = "http://example.org/plan/"
G = URIRef(EX + "graph")
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
PREF_LABEL = URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")
TITLE = URIRef("http://purl.org/dc/terms/title")
DERIVED = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
CONDITION = URIRef(EX + "condition")
THERAPY = URIRef(EX + "therapy")
PARAMS = {"first-line-therapies": "condition", "escalation-steps": "condition",
          "recommendations-by-stage": "condition", "doses-for-therapy": "therapy",
          "alternatives-when-unavailable": "therapy"}
BOUND = {"condition": CONDITION, "therapy": THERAPY}


def _rewritten() -> dict[str, str]:
    named = named_queries(GRAPH_DIR / "queries")
    return {name: named[name].text for name in PARAMS}


def _grouped() -> dict[str, str]:
    return {name: (GROUPED / f"{name}.rq").read_text(encoding="utf-8") for name in PARAMS}


def test_every_rewritten_named_query_has_its_grouped_reference():
    rewritten, grouped = _rewritten(), _grouped()
    for name in PARAMS:
        assert rewritten[name] != grouped[name], f"{name} is no longer rewritten: drop its reference and this case"


# ---------------------------------------------------------------- the same answers on any data

def local(prop: URIRef) -> str:
    return str(prop).rsplit("#", 1)[-1]


def _labelled(node: URIRef, prop: URIRef, labels: int, quads: list, text: str) -> None:
    for k in range(labels):
        quads.append((node, prop, Literal(f"{text} {k}"), G))


LINK = st.integers(0, 2)  # how many times a link or a label is stated: missing, once, repeated (invalid data)


@st.composite
def _dose(draw, rec: URIRef, i: int, quads: list) -> None:
    dose = URIRef(f"{rec}/dose{i}")
    quads.append((rec, KGV.dose, dose, G))
    for prop, kind in ((KGV.route, "route"), (KGV.amountUnit, "unit"), (KGV.basis, "basis"), (KGV.per, "per"),
                       (KGV.intervalUnit, "interval unit"), (KGV.durationUnit, "duration unit"),
                       (KGV.maxUnit, "max unit"), (KGV.maxPer, "max per")):
        for _k in range(draw(LINK)):
            node = URIRef(f"{EX}{kind.replace(' ', '-')}/{draw(st.integers(0, 2))}")
            quads.append((dose, prop, node, G))
            _labelled(node, RDFS_LABEL, draw(st.integers(0, 1)), quads, kind)
    for prop in (KGV.amountMin, KGV.amountMax, KGV.timesPerDay, KGV.intervalValue, KGV.dosesMin, KGV.dosesMax,
                 KGV.durationMin, KGV.durationMax, KGV.maxAmount):
        for k in range(draw(st.integers(0, 1)) + (1 if draw(st.integers(0, 9)) == 0 else 0)):
            quads.append((dose, prop, Literal(draw(st.integers(1, 4)) + k), G))
    for k in range(draw(st.integers(0, 1))):
        quads.append((dose, DERIVED, URIRef(f"{rec}/statement{k}"), G))


@st.composite
def _guidance(draw) -> list:
    quads: list = []
    for stage, label, position in ((KGV.FirstLine, "first line", 1), (KGV.Escalation, "escalation", 3),
                                   (KGV.Refractory, "refractory", 4)):
        quads += [(stage, RDFS_LABEL, Literal(label), G), (stage, KGV.position, Literal(position), G)]
    for r in range(draw(st.integers(1, 3))):
        rec = URIRef(f"{EX}rec{r}")
        quads += [(rec, KGV.forConditionOrBroader, CONDITION, G), (rec, KGV.therapy, THERAPY, G),
                  (rec, KGV.stage, draw(st.sampled_from([KGV.FirstLine, KGV.Escalation, KGV.Refractory])), G),
                  (rec, KGV.rank, Literal(r + 1), G), (rec, KGV.strength, URIRef(EX + "strength"), G),
                  (rec, KGV.population, URIRef(EX + "population"), G), (rec, KGV.inArticle, URIRef(EX + "article"), G)]
        for prop in (KGV.appliesWhenAny, KGV.appliesWhenAll):
            for f in draw(st.lists(st.integers(0, 3), max_size=3)):  # repeats allowed; one feature may be in both
                feature = URIRef(f"{EX}feature{f}")
                quads.append((rec, prop, feature, G))
                _labelled(feature, PREF_LABEL, f % 3, quads, f"feature {f}")
        for _k in range(draw(st.integers(0, 1))):
            quads.append((rec, KGV.responseWindowValue, Literal(draw(st.integers(1, 12))), G))
        for k in range(draw(LINK)):
            unit = URIRef(f"{EX}time-unit/{k}")
            quads.append((rec, KGV.responseWindowUnit, unit, G))
            _labelled(unit, RDFS_LABEL, draw(st.integers(0, 1)), quads, "week")
        for i in range(draw(st.integers(0, 2))):
            draw(_dose(rec, i, quads))
        if draw(st.booleans()):  # an alternative to the therapy, or to its class
            target = draw(st.sampled_from([THERAPY, URIRef(EX + "class")]))
            quads.append((rec, KGV.alternativeTo, target, G))
        for prop, label in ((KGV.alternativeWhen, RDFS_LABEL), (KGV.preferredWhenAny, PREF_LABEL)):
            for f in draw(st.lists(st.integers(0, 2), max_size=2)):
                node = URIRef(f"{EX}{local(prop)}/{f}")
                quads.append((rec, prop, node, G))
                _labelled(node, label, draw(st.integers(0, 2)), quads, f"{local(prop)} {f}")
    if draw(st.booleans()):
        quads.append((THERAPY, KGV.drugClass, URIRef(EX + "class"), G))
    quads += [(THERAPY, PREF_LABEL, Literal("therapy"), G), (URIRef(EX + "strength"), RDFS_LABEL, Literal("use"), G),
              (URIRef(EX + "population"), PREF_LABEL, Literal("adults"), G),
              (URIRef(EX + "article"), TITLE, Literal("an article"), G)]
    return list(dict.fromkeys(quads))


def _answers(store, text: str, param: str) -> list | str:
    try:
        return store.select(text, {param: BOUND[param]}).rows
    except Exception as e:  # an engine error must be the same error for both forms
        return f"error: {type(e).__name__}"


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(quads=_guidance())
def test_rewritten_named_queries_answer_as_their_grouped_forms_on_oxigraph(quads):
    store = OxigraphStore.in_memory(quads)
    rewritten, grouped = _rewritten(), _grouped()
    for name, param in PARAMS.items():
        assert _answers(store, rewritten[name], param) == _answers(store, grouped[name], param), name


@pytest.mark.slow  # rdflib's engine takes about 1.5 s per example on these queries
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(quads=_guidance())
def test_rewritten_named_queries_answer_as_their_grouped_forms_on_rdflib(quads):
    store = MemoryStore(quads)
    rewritten, grouped = _rewritten(), _grouped()
    for name, param in PARAMS.items():
        assert _answers(store, rewritten[name], param) == _answers(store, grouped[name], param), name


# ---------------------------------------------------------------- work bounded by what the question reaches

def _full_recommendations(prefix: str, condition: URIRef, therapy: URIRef, count: int) -> list:
    """`count` recommendations with every dose field stated, as valid guidance has them."""
    quads: list = []
    for r in range(count):
        rec = URIRef(f"{EX}{prefix}/rec{r}")
        dose = URIRef(f"{rec}/dose")
        quads += [(rec, KGV.forConditionOrBroader, condition, G), (rec, KGV.therapy, therapy, G),
                  (rec, KGV.stage, [KGV.FirstLine, KGV.Escalation][r % 2], G), (rec, KGV.rank, Literal(1), G),
                  (rec, KGV.strength, URIRef(EX + "strength"), G), (rec, KGV.population, URIRef(EX + "population"), G),
                  (rec, KGV.inArticle, URIRef(EX + "article"), G), (rec, KGV.appliesWhenAny, URIRef(EX + "feature"), G),
                  (rec, KGV.responseWindowValue, Literal(4), G), (rec, KGV.responseWindowUnit, URIRef(EX + "week"), G),
                  (rec, KGV.dose, dose, G), (dose, KGV.route, URIRef(EX + "route"), G), (dose, DERIVED, rec, G),
                  (rec, KGV.alternativeTo, therapy, G),
                  (rec, KGV.alternativeWhen, URIRef(EX + "route"), G), (rec, KGV.preferredWhenAny, URIRef(EX + "feature"), G)]
        for prop, value in ((KGV.amountMin, Literal(1)), (KGV.amountMax, Literal(2)), (KGV.amountUnit, URIRef(EX + "mg")),
                            (KGV.basis, URIRef(EX + "flat")), (KGV.per, URIRef(EX + "day")),
                            (KGV.intervalValue, Literal(1)), (KGV.intervalUnit, URIRef(EX + "week")),
                            (KGV.dosesMin, Literal(1)), (KGV.dosesMax, Literal(2)), (KGV.durationMin, Literal(3)),
                            (KGV.durationUnit, URIRef(EX + "week")), (KGV.maxAmount, Literal(5)),
                            (KGV.maxUnit, URIRef(EX + "mg")), (KGV.maxPer, URIRef(EX + "day"))):
            quads.append((dose, prop, value, G))
    return quads


def _shared_labels() -> list:
    quads = [(URIRef(EX + name), RDFS_LABEL, Literal(name), G) for name in ("route", "mg", "flat", "day", "week", "strength")]
    quads += [(URIRef(EX + "feature"), PREF_LABEL, Literal("feature"), G), (URIRef(EX + "population"), PREF_LABEL, Literal("adults"), G),
              (URIRef(EX + "article"), TITLE, Literal("an article"), G), (THERAPY, PREF_LABEL, Literal("therapy"), G),
              (URIRef(EX + "other-therapy"), PREF_LABEL, Literal("other"), G)]
    for stage, label, position in ((KGV.FirstLine, "first line", 1), (KGV.Escalation, "escalation", 3)):
        quads += [(stage, RDFS_LABEL, Literal(label), G), (stage, KGV.position, Literal(position), G)]
    return quads


def _ox_term(term: URIRef | Literal) -> ox.NamedNode | ox.Literal:
    if isinstance(term, Literal):
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype))) if term.datatype else ox.Literal(str(term))
    return ox.NamedNode(str(term))


def _plan_rows(tmp: Path, quads: list, text: str) -> int:
    """Rows produced by all nodes of Oxigraph's plan for the query (its own statistics; no timing)."""
    store = ox.Store(str(tmp))
    store.extend(ox.Quad(ox.NamedNode(str(s)), ox.NamedNode(str(p)),
                         _ox_term(o), ox.NamedNode(str(g))) for s, p, o, g in quads)
    store.flush()
    del store
    query = tmp.parent / f"{tmp.name}.rq"
    query.write_text(text, encoding="utf-8")
    plan = tmp.parent / f"{tmp.name}.json"
    subprocess.run([str(OXIGRAPH), "query", "--location", str(tmp), "--query-file", str(query), "--results-format", "tsv",
                    "--union-default-graph", "--explain-file", str(plan), "--stats"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def rows(node: dict) -> int:
        return node.get("number of results", 0) + sum(rows(child) for child in node.get("children", []))

    return rows(json.loads(plan.read_text(encoding="utf-8"))["plan"])


def _work_with_and_without_unrelated_guidance(tmp_path: Path, texts: dict[str, str]) -> dict[str, tuple[int, int]]:
    asked = _shared_labels() + _full_recommendations("asked", CONDITION, THERAPY, 3)
    unrelated = _full_recommendations("unrelated", URIRef(EX + "other-condition"), URIRef(EX + "other-therapy"), 60)
    prologue = sparql_prologue()
    out = {}
    for name, param in PARAMS.items():
        text = prologue + inject_values(texts[name], {param: BOUND[param]})
        out[name] = (_plan_rows(tmp_path / f"{name}-alone", asked, text),
                     _plan_rows(tmp_path / f"{name}-among", asked + unrelated, text))
    return out


needs_cli = pytest.mark.skipif(not OXIGRAPH.exists(), reason="the oxigraph CLI (pip install oxigraph) is not in the venv")


@needs_cli
def test_oxigraph_work_for_a_bound_question_does_not_grow_with_unrelated_guidance(tmp_path):
    work = _work_with_and_without_unrelated_guidance(tmp_path, _rewritten())
    assert {name: alone for name, (alone, _) in work.items()} == {name: among for name, (_, among) in work.items()}


@needs_cli
def test_the_grouped_forms_did_grow_with_unrelated_guidance(tmp_path):
    """The defect the rewrite fixes, shown on the reference forms: their plans read every dose in the store."""
    work = _work_with_and_without_unrelated_guidance(tmp_path, _grouped())
    assert work["first-line-therapies"][1] > work["first-line-therapies"][0]
    assert work["doses-for-therapy"][1] > work["doses-for-therapy"][0]
    assert work["alternatives-when-unavailable"][1] > work["alternatives-when-unavailable"][0]

