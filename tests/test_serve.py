"""`kg serve` over the session store, spoken to with SPARQLWrapper (a real client) and raw HTTP."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from serve_server import Server, pid_alive
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from kg.store.oxigraph import OxigraphStore

pytestmark = pytest.mark.server

DRUGS = "SELECT ?d WHERE { ?d a kgv:Drug } ORDER BY ?d"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }"  # ~3400^3 solutions: never finishes
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"


@pytest.fixture(scope="module")
def server(store_path: Path) -> Iterator[Server]:
    s = Server(store_path, "--timeout", "2", "--max-rows", "5")
    yield s
    s.stop()


def http(method: str, url: str, data: bytes | None = None, headers: dict[str, str] | None = None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers, resp.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode("utf-8")


def get(server: Server, query: str, accept: str | None = None, **extra: str):
    qs = urllib.parse.urlencode({"query": query, **extra})
    return http("GET", f"{server.url}?{qs}", headers={"Accept": accept} if accept else {})


def expected_drugs(store: OxigraphStore) -> list[str]:
    return [str(r[0]) for r in store.select(DRUGS).rows]


# ---------------------------------------------------------------- a real client


def test_sparqlwrapper_get_and_post_return_what_the_embedded_store_returns(server: Server, store) -> None:
    # The cap is 5: ask for 4 drugs so the answer is complete and comparable.
    query = DRUGS + " LIMIT 4"
    expected = expected_drugs(store)[:4]
    for method in ("GET", POST):
        client = SPARQLWrapper(server.url)
        client.setQuery(query)
        client.setMethod(method)
        client.setReturnFormat(JSON)
        result = client.query().convert()
        assert [b["d"]["value"] for b in result["results"]["bindings"]] == expected


def test_sparqlwrapper_update_is_refused_with_403(server: Server) -> None:
    client = SPARQLWrapper(server.url)
    client.setMethod(POST)
    client.setQuery("INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }")
    with pytest.raises(Exception) as info:
        client.query()
    assert "403" in str(info.value) or getattr(info.value, "code", None) == 403


# ---------------------------------------------------------------- content negotiation


def test_each_accept_format_carries_the_same_drugs(server: Server, store) -> None:
    query = DRUGS + " LIMIT 4"
    expected = expected_drugs(store)[:4]
    status, headers, body = get(server, query, "application/sparql-results+json")
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+json")
    assert [b["d"]["value"] for b in json.loads(body)["results"]["bindings"]] == expected
    status, headers, body = get(server, query, "application/sparql-results+xml")
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+xml")
    root = ET.fromstring(body)
    assert [u.text for u in root.iter(f"{RESULTS_NS}uri")] == expected
    status, headers, body = get(server, query, "text/csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert [row[0] for row in csv.reader(io.StringIO(body))] == ["d", *expected]
    status, headers, body = get(server, query, "text/tab-separated-values")
    assert status == 200 and headers["Content-Type"].startswith("text/tab-separated-values")
    assert body.splitlines() == ["?d", *[f"<{d}>" for d in expected]]


def test_accept_preference_and_unacceptable_type(server: Server) -> None:
    status, headers, _ = get(server, DRUGS, "text/csv;q=0.5, application/sparql-results+xml")
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+xml")
    status, _, _ = get(server, DRUGS, "image/png")
    assert status == 406


def test_post_bodies_form_and_direct(server: Server, store) -> None:
    expected = expected_drugs(store)[:4]
    form = urllib.parse.urlencode({"query": DRUGS + " LIMIT 4"}).encode()
    for data, ctype in ((form, "application/x-www-form-urlencoded"),
                        ((DRUGS + " LIMIT 4").encode(), "application/sparql-query")):
        status, _, body = http("POST", server.url, data, {"Content-Type": ctype, "Accept": "text/csv"})
        assert status == 200
        assert body.splitlines()[1:] == expected


def test_construct_is_served_as_turtle(server: Server) -> None:
    status, headers, body = get(server, "CONSTRUCT { ?d a kgv:Drug } WHERE { ?d a kgv:Drug } LIMIT 2", "text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    from rdflib import Graph

    assert len(Graph().parse(data=body, format="turtle")) == 2


# ---------------------------------------------------------------- read-only and guards


@pytest.mark.parametrize("method,path,body,ctype", [
    ("POST", "/sparql", b"update=INSERT+DATA+%7B%3Chttp%3A%2F%2Fa%3E+%3Chttp%3A%2F%2Fb%3E+%3Chttp%3A%2F%2Fc%3E%7D",
     "application/x-www-form-urlencoded"),
    ("POST", "/sparql", b"DROP ALL", "application/sparql-update"),
    ("POST", "/sparql", b"<http://a> <http://b> <http://c> .", "application/n-triples"),
    ("PUT", "/sparql?graph=http%3A%2F%2Fa", b"<http://a> <http://b> <http://c> .", "application/n-triples"),
    ("DELETE", "/sparql?graph=http%3A%2F%2Fa", None, "text/plain"),
    ("POST", "/store?default", b"<http://a> <http://b> <http://c> .", "text/turtle"),
])
def test_updates_and_graph_store_writes_get_403(server: Server, store, method, path, body, ctype) -> None:
    before = len(store.select("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }"))
    status, _, _ = http(method, server.base + path, body, {"Content-Type": ctype})
    assert status == 403
    assert len(store.select("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }")) == before


@pytest.mark.parametrize("query,word", [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "FROM"),
    ("SELECT * FROM NAMED <http://example.org/elsewhere> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM"),
    ("LOAD <file:///etc/passwd>", "LOAD"),
])
def test_service_load_and_outside_from_are_refused(server: Server, query: str, word: str) -> None:
    status, _, body = get(server, query)
    assert status == 403
    assert word in body


def test_keywords_inside_strings_and_comments_are_not_refused(server: Server) -> None:
    query = 'SELECT ?x WHERE { BIND("SERVICE LOAD DROP" AS ?x) } # INSERT DATA'
    status, _, body = get(server, query, "text/csv")
    assert status == 200
    assert body.splitlines() == ["x", "SERVICE LOAD DROP"]


def test_from_naming_a_graph_of_the_store_is_allowed(server: Server) -> None:
    query = "SELECT ?s WHERE { ?s a kgv:GuidelineArticle } LIMIT 1"
    status, _, _ = get(server, query.replace("WHERE", "FROM <https://w3id.org/guideline-kg/graph/shared> WHERE"))
    assert status == 200


# ---------------------------------------------------------------- timeout and cap


def test_timeout_kills_the_stuck_worker_and_the_pool_keeps_answering(server: Server, store) -> None:
    before = server.workers()
    assert len(before) >= 2, "a pool of workers is running before any query"
    slow: dict = {}

    def run_slow() -> None:
        t0 = time.monotonic()
        slow["answer"] = get(server, SLOW)
        slow["seconds"] = time.monotonic() - t0

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.3)
    status, _, body = get(server, DRUGS + " LIMIT 1", "text/csv")  # answered while the slow one runs
    assert status == 200 and body.splitlines()[1] == expected_drugs(store)[0]
    assert "answer" not in slow, "the fast answer came back before the slow query ended"
    thread.join(timeout=30)
    status, _, body = slow["answer"]
    assert status == 503
    assert "timed out after 2 s" in body
    assert slow["seconds"] < 10, "the server answered at its 2 s timeout, not when the query would end"
    killed = [pid for pid in before if not pid_alive(pid)]
    assert len(killed) == 1, "exactly the worker running the stuck query was killed"
    deadline = time.monotonic() + 20
    while len(server.workers()) < len(before) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(server.workers()) == len(before), "a fresh worker replaced the killed one"
    for _ in range(2 * len(before)):  # every worker, old and new, answers
        status, _, _ = get(server, DRUGS + " LIMIT 1", "text/csv")
        assert status == 200


def test_workers_keep_the_store_open_between_queries(server: Server) -> None:
    before = server.workers()
    for _ in range(10):
        assert get(server, DRUGS + " LIMIT 1")[0] == 200
    assert server.workers() == before, "queries are answered by the same worker processes, not a fork each"


def test_cap_truncates_and_says_so(server: Server, store) -> None:
    total = len(store.select("SELECT ?s WHERE { ?s a kgv:Statement }"))
    assert total > 5  # the server's cap is 5
    status, headers, body = get(server, "SELECT ?s WHERE { ?s a kgv:Statement }", "application/sparql-results+json")
    doc = json.loads(body)
    assert status == 200
    assert len(doc["results"]["bindings"]) == 5
    assert doc["truncated"] is True
    assert headers["X-KG-Truncated"] == "true"
    status, headers, body = get(server, "SELECT ?s WHERE { ?s a kgv:Statement }", "text/csv")
    assert len(body.splitlines()) == 1 + 5 and headers["X-KG-Truncated"] == "true"
    status, headers, body = get(server, DRUGS + " LIMIT 3", "application/sparql-results+json")
    assert headers["X-KG-Truncated"] == "false" and "truncated" not in json.loads(body)


# ---------------------------------------------------------------- page, binding, CORS


def test_sparql_without_a_query_shows_the_endpoint_page_with_the_named_queries(server: Server) -> None:
    status, headers, body = http("GET", server.url)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "script-src" not in headers["Content-Security-Policy"] and "default-src 'none'" in headers["Content-Security-Policy"]
    from kg.config import GRAPH_DIR
    from kg.read.queries import named_queries

    for name in named_queries(GRAPH_DIR / "queries"):
        assert f">{name}</a>" in body


def test_the_explorer_is_mounted_at_the_root_behind_the_same_guards(server: Server) -> None:
    status, headers, body = http("GET", server.base + "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "Show treatment path" in body and "not medical advice" in body
    # The Host check of the endpoint covers the explorer's pages too (DNS rebinding).
    status, _, _ = http("GET", server.base + "/", headers={"Host": "attacker.example"})
    assert status == 403
    # So does the Origin check, and the read-only methods.
    status, _, _ = http("GET", server.base + "/search?q=a", headers={"Origin": "http://attacker.example"})
    assert status == 403
    status, _, _ = http("DELETE", server.base + "/")
    assert status == 403


def test_no_cors_header_by_default(server: Server) -> None:
    _, headers, _ = get(server, DRUGS + " LIMIT 1")
    assert not any(k.lower().startswith("access-control-") for k in headers)


def test_cors_only_for_the_configured_origin(store_path: Path) -> None:
    s = Server(store_path, "--cors", "http://localhost:3000")
    try:
        qs = urllib.parse.urlencode({"query": DRUGS + " LIMIT 1"})
        _, headers, _ = http("GET", f"{s.url}?{qs}", headers={"Origin": "http://localhost:3000"})
        assert headers["Access-Control-Allow-Origin"] == "http://localhost:3000"
        status, headers, _ = http("GET", f"{s.url}?{qs}", headers={"Origin": "http://localhost:4000"})
        assert status == 403 and headers["Access-Control-Allow-Origin"] is None
    finally:
        s.stop()


def test_binds_loopback_by_default(server: Server) -> None:
    assert server.base.startswith("http://127.0.0.1:")
