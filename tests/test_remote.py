"""Remote-store parity: push the graph to a real Oxigraph server and get the embedded store's answers back."""

from __future__ import annotations

import dataclasses
import shlex
from collections.abc import Iterator

import pytest
from engines import start_oxigraph
from rdflib import Literal, URIRef

from kg.config import GRAPH_DIR
from kg.errors import QueryError
from kg.publish.push import push
from kg.read.catalog import LISTINGS, listing
from kg.read.names import NameIndex
from kg.read.queries import bind_params, named_queries
from kg.store.remote import RemoteStore, inject_values

pytestmark = pytest.mark.server

NAMED = named_queries(GRAPH_DIR / "queries")


@pytest.fixture(scope="module")
def remote_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    report = push(GRAPH_DIR, server.url)
    assert report.triples > 0
    yield server.url
    server.stop()


@pytest.fixture(scope="module")
def remote(remote_url: str) -> RemoteStore:
    return RemoteStore(remote_url)


def _rows(rows) -> list[tuple[str, ...]]:
    """Rows exactly as the library returns them: order, GROUP_CONCAT order and number forms are normalised
    by the library (kg.store.result_norm), so the comparison needs no leniency."""
    return [tuple("" if t is None else t.n3() for t in row) for row in rows.rows]


def _example_params(query) -> dict[str, str]:
    for example in query.examples:
        args = shlex.split(example)
        params = [a for i, a in enumerate(args) if i > 0 and args[i - 1] in ("--param", "-p")]
        if params:
            return dict(p.split("=", 1) for p in params)
    return {}


def test_push_puts_every_named_graph_and_every_quad(store, remote: RemoteStore) -> None:
    assert remote.named_graphs() == store.named_graphs()
    key = lambda q: tuple(t.n3() for t in q)  # noqa: E731
    assert sorted(remote.quads(), key=key) == sorted(store.quads(), key=key)


@pytest.mark.parametrize("name", sorted(NAMED))
def test_named_query_gives_the_same_answer(store, remote: RemoteStore, name: str) -> None:
    query = NAMED[name]
    raw = _example_params(query)
    local = store.select(query.text, bind_params(query, raw, NameIndex(store)))
    far = remote.select(query.text, bind_params(query, raw, NameIndex(remote)))
    assert local.vars == far.vars
    assert _rows(far) == _rows(local)


@pytest.mark.parametrize("kind", sorted(LISTINGS))
def test_listing_gives_the_same_answer(store, remote: RemoteStore, kind: str) -> None:
    assert _rows(listing(remote, kind)) == _rows(listing(store, kind))


def test_values_injection_keeps_hostile_text_as_data(remote: RemoteStore) -> None:
    hostile = 'x" } } ; DROP ALL ; SELECT * { ?s ?p "'
    rows = remote.select("SELECT ?out WHERE { BIND(?v AS ?out) }", {"v": Literal(hostile)})
    assert rows.rows == [(Literal(hostile),)]
    assert len(remote.named_graphs()) > 0, "nothing was dropped"


def test_iri_parameter_that_could_close_its_brackets_is_refused() -> None:
    with pytest.raises(QueryError, match="not a valid IRI"):
        inject_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": URIRef("http://example.org/a> } ; DROP ALL ; #")})


def test_values_block_goes_into_the_where_group_not_the_construct_template() -> None:
    text = inject_values("CONSTRUCT { ?s a ?t } WHERE { ?s a ?t }", {"t": URIRef("http://example.org/T")})
    assert text.index("VALUES") > text.index("WHERE")


def test_paths_give_the_same_answer(store, remote: RemoteStore) -> None:
    paths = pytest.importorskip("kg.questions.paths")
    patient = paths.Patient(age=45, sex="female", weight_kg=70, height_cm=165)
    condition = "scleroderma-myositis overlap"
    local = paths.treatment_path(store, NameIndex(store), condition, patient)
    far = paths.treatment_path(remote, NameIndex(remote), condition, patient)
    assert far == local


def test_traces_give_the_same_answer(store, remote: RemoteStore) -> None:
    evidence = pytest.importorskip("kg.questions.evidence")
    names = NameIndex(store)
    reference = names.resolve("Guideline Directed Topic Overview", "reference")
    therapy = names.resolve("methotrexate", "therapy")
    assert dataclasses.asdict(evidence.trace_forward(remote, reference)) == dataclasses.asdict(
        evidence.trace_forward(store, reference))
    assert dataclasses.asdict(evidence.trace_back(remote, therapy)) == dataclasses.asdict(
        evidence.trace_back(store, therapy))
