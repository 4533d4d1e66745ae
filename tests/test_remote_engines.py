"""Remote stores done properly, against real servers: Virtuoso 7.2 (Debian's package) and Oxigraph server.

Endpoints and credentials, the union-default-graph precondition, answers cut by the server's row
limit, exports of this project's graphs only, atomic pushes, timeouts that stop the server, and errors
that name the URL that failed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from engines import Server, start_oxigraph, start_virtuoso
from rdflib import URIRef

from kg.config import GRAPH_DIR
from kg.errors import InputError, StoreError
from kg.publish.push import push
from kg.store.remote import STAGING_PREFIX, RemoteStore, endpoint_urls
from kg.vocab.namespaces import BASE

pytestmark = [pytest.mark.server, pytest.mark.slow]

# A join of every triple with every triple with every triple: hours of work on any engine.
ENDLESS = 'SELECT ?a ?f WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(CONCAT(STR(?c), STR(?f), STR(?i)) = "x") }'


@pytest.fixture()
def creds(monkeypatch: pytest.MonkeyPatch):
    def use(server: Server) -> None:
        for key, value in server.env.items():
            monkeypatch.setenv(key, value)
    monkeypatch.delenv("KG_STORE_USER", raising=False)
    monkeypatch.delenv("KG_STORE_PASSWORD", raising=False)
    monkeypatch.setenv("NETRC", "/nonexistent/netrc")
    return use


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Virtuoso capped at 1,000 rows (VIRTUOSO_MAX_ROWS), below the size of the graph, so that truncation is
    real: an export must page and a larger answer must be refused, not cut."""
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso-capped"))
    saved = {k: os.environ.get(k) for k in server.env}
    os.environ.update(server.env)
    try:
        push(GRAPH_DIR, server.url)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    yield server
    server.stop()


@pytest.fixture()
def oxigraph(tmp_path: Path) -> Iterator[Server]:
    server = start_oxigraph(tmp_path / "db")
    yield server
    server.stop()


# ---------------------------------------------------------------- endpoints and credentials


def test_virtuoso_endpoints_are_its_authenticated_update_and_graph_store_urls(monkeypatch) -> None:
    monkeypatch.delenv("KG_STORE_UPDATE", raising=False)
    monkeypatch.delenv("KG_STORE_GSP", raising=False)
    urls = endpoint_urls("http://127.0.0.1:8890/sparql", "virtuoso", authenticated=True)
    assert (urls.update, urls.gsp) == ("http://127.0.0.1:8890/sparql-auth", "http://127.0.0.1:8890/sparql-graph-crud-auth")
    urls = endpoint_urls("http://127.0.0.1:7878/query", "oxigraph")
    assert (urls.update, urls.gsp) == ("http://127.0.0.1:7878/update", "http://127.0.0.1:7878/store")
    urls = endpoint_urls("http://127.0.0.1:3030/ds/sparql", "fuseki")
    assert (urls.update, urls.gsp) == ("http://127.0.0.1:3030/ds/update", "http://127.0.0.1:3030/ds/data")
    monkeypatch.setenv("KG_STORE_GSP", "http://127.0.0.1:1/gsp")
    assert endpoint_urls("http://127.0.0.1:7878/query", "oxigraph").gsp == "http://127.0.0.1:1/gsp"


def test_credentials_in_the_url_are_refused_without_echoing_them() -> None:
    with pytest.raises(InputError) as err:
        RemoteStore("http://dba:s3cret-pw@127.0.0.1:8890/sparql")
    assert "s3cret-pw" not in str(err.value)
    assert "KG_STORE_USER" in str(err.value)


def test_virtuoso_write_without_credentials_names_the_graph_store_url_and_the_fix(virtuoso, creds) -> None:
    with pytest.raises(StoreError) as err:
        push(GRAPH_DIR, virtuoso.url)
    message = str(err.value)
    assert "/sparql-graph-crud" in message and "403" in message
    assert "KG_STORE_USER" in message


def test_wrong_password_fails_without_showing_the_password(virtuoso, creds, monkeypatch) -> None:
    monkeypatch.setenv("KG_STORE_USER", "dba")
    monkeypatch.setenv("KG_STORE_PASSWORD", "not-the-password-41")
    with pytest.raises(StoreError) as err:
        push(GRAPH_DIR, virtuoso.url)
    assert "401" in str(err.value) and "sparql-graph-crud-auth" in str(err.value)
    assert "not-the-password-41" not in str(err.value)


def test_credentials_from_a_netrc_file_let_kg_write_to_virtuoso(virtuoso, creds, monkeypatch, tmp_path) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login dba password dba\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    report = push(GRAPH_DIR, virtuoso.url)
    assert report.triples > 0
    assert [g for g in RemoteStore(virtuoso.url).all_graphs() if str(g).startswith(STAGING_PREFIX)] == []


# ---------------------------------------------------------------- reading: project graphs, truncation


def test_export_reads_only_this_projects_graphs_and_every_quad_despite_the_row_cap(virtuoso, store) -> None:
    remote = RemoteStore(virtuoso.url)
    others = [g for g in remote.all_graphs() if not str(g).startswith(BASE)]
    assert others, "Virtuoso holds its own system graphs"
    assert remote.named_graphs() == store.named_graphs()
    quads = list(remote.quads())
    assert len(quads) == len(list(store.quads())) > 1000  # more than the test instance's ResultSetMaxRows
    assert len(set(quads)) == len(quads)
    assert {q[3] for q in quads} == set(store.named_graphs())


def test_an_answer_cut_at_the_servers_row_limit_is_an_error_not_a_short_answer(virtuoso) -> None:
    remote = RemoteStore(virtuoso.url)
    with pytest.raises(StoreError, match=r"cut the answer at 1000 rows"):
        remote.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    capped = remote.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", max_rows=10)
    assert len(capped) == 10 and capped.truncated


def test_iri_parameter_starts_a_property_path_on_virtuoso(virtuoso, store) -> None:
    query = "SELECT ?up WHERE { ?c skos:broader* ?up }"
    condition = URIRef(BASE + "id/condition/severe-respiratory-muscle-weakness")
    local = store.select(query, {"c": condition})
    assert len(local) == 4  # itself and its three broader conditions
    assert RemoteStore(virtuoso.url).select(query, {"c": condition}).rows == local.rows


# ---------------------------------------------------------------- preconditions


def test_a_server_without_union_default_graph_is_refused_with_the_fix(tmp_path: Path) -> None:
    server = start_oxigraph(tmp_path / "db", union_default=False)
    try:
        with pytest.raises(StoreError, match="union") as err:
            push(GRAPH_DIR, server.url)
        assert "--union-default-graph" in str(err.value)
        with pytest.raises(StoreError, match="union"):
            RemoteStore(server.url).select("SELECT ?c WHERE { ?c a kgv:Condition }")
    finally:
        server.stop()


def test_an_empty_endpoint_says_to_build_first(oxigraph: Server) -> None:
    with pytest.raises(StoreError, match="holds none of this project's graphs") as err:
        RemoteStore(oxigraph.url).select("SELECT ?c WHERE { ?c a kgv:Condition }")
    assert "kg build --store" in str(err.value)


# ---------------------------------------------------------------- atomic push


def _snapshot(url: str) -> list:
    return sorted(RemoteStore(url, check=False).quads(), key=lambda q: tuple(t.n3() for t in q))


@pytest.mark.parametrize("mode", ["staging", "transaction"])
def test_a_push_that_fails_midway_leaves_the_previous_graphs_exactly(oxigraph: Server, monkeypatch, mode) -> None:
    remote = RemoteStore(oxigraph.url, check=False)
    shared = URIRef(BASE + "graph/shared")
    remote.put_graph(shared, b'<https://w3id.org/guideline-kg/id/x> <http://www.w3.org/2000/01/rdf-schema#label> "old" .\n')
    before = _snapshot(oxigraph.url)
    calls = {"n": 0}
    real_put, real_update = RemoteStore.put_graph, RemoteStore._update

    def failing_put(self, graph, data):
        calls["n"] += 1
        if calls["n"] == 3:
            raise StoreError("connection reset while uploading (injected)")
        return real_put(self, graph, data)

    def failing_update(self, text, timeout=None):
        if "INSERT DATA" in text or "MOVE" in text:
            raise StoreError("server went away (injected)")
        return real_update(self, text, timeout)

    monkeypatch.setattr(RemoteStore, "put_graph", failing_put)
    monkeypatch.setattr(RemoteStore, "_update", failing_update)
    with pytest.raises(StoreError, match="injected"):
        push(GRAPH_DIR, oxigraph.url, load=mode)
    monkeypatch.undo()
    assert _snapshot(oxigraph.url) == before
    assert [g for g in remote.all_graphs() if str(g).startswith(STAGING_PREFIX)] == []


@pytest.mark.parametrize("mode", ["staging", "transaction"])
def test_push_replaces_the_graphs_and_removes_what_a_killed_push_left(oxigraph: Server, store, mode) -> None:
    remote = RemoteStore(oxigraph.url, check=False)
    leftover = URIRef(STAGING_PREFIX + "123-0")
    stale = URIRef(BASE + "graph/no-longer-built")
    foreign = URIRef("http://example.org/someone-else")
    for graph in (leftover, stale, foreign):
        remote.put_graph(graph, b"<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n")
    push(GRAPH_DIR, oxigraph.url, load=mode)
    assert remote.all_graphs() == sorted([*store.named_graphs(), foreign])
    assert _snapshot(oxigraph.url) == sorted(store.quads(), key=lambda q: tuple(t.n3() for t in q))


# ---------------------------------------------------------------- timeouts and failing URLs


def test_client_timeout_fails_fast_and_names_the_url(oxigraph: Server) -> None:
    push(GRAPH_DIR, oxigraph.url)
    started = time.monotonic()
    with pytest.raises(StoreError, match=r"gave no answer within 2 s") as err:
        RemoteStore(oxigraph.url, timeout=2).select(ENDLESS)
    assert time.monotonic() - started < 15
    assert oxigraph.url in str(err.value)


def test_the_timeout_is_sent_to_engines_that_can_stop_a_query() -> None:
    remote = RemoteStore("http://127.0.0.1:1/sparql", timeout=5)
    remote._engine = "virtuoso"
    assert remote._server_timeout() == {"timeout": "4000"}  # milliseconds, under the client's 5 s
    remote._engine = "fuseki"
    assert remote._server_timeout() == {"timeout": "4.000"}  # seconds
    remote._engine = "oxigraph"  # no per-request limit: start it with --timeout-s
    assert remote._server_timeout() == {}


def test_a_slow_query_on_virtuoso_fails_within_the_timeout_and_names_the_url(virtuoso) -> None:
    remote = RemoteStore(virtuoso.url, timeout=3)
    started = time.monotonic()
    with pytest.raises(StoreError, match="time limit|no answer within") as err:
        remote.select(ENDLESS)
    assert time.monotonic() - started < 15
    assert virtuoso.url in str(err.value)


def test_a_failing_graph_store_url_is_named_in_the_error(oxigraph: Server, monkeypatch) -> None:
    bogus = oxigraph.url.rsplit("/", 1)[0] + "/no-such-graph-store"
    monkeypatch.setenv("KG_STORE_GSP", bogus)
    with pytest.raises(StoreError) as err:
        push(GRAPH_DIR, oxigraph.url, load="staging")
    assert f"PUT {bogus}" in str(err.value)
