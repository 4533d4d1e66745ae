"""The W3C SPARQL 1.1 Protocol tests that apply to a read-only endpoint, as executable cases.

Written from the Working Group's protocol test descriptions (the "Proposed SPARQL 1.1 Protocol Tests"
list behind the `protocol/manifest` of the SPARQL 1.1 test suite): each case sends the request the
description shows and checks what it expects (a 4xx for the negative tests; 2xx/3xx, the content
types and the boolean for the positive ones). Nothing is downloaded: the descriptions load
`kasei.us/…/data{0..3}.rdf` into the endpoint, which a read-only endpoint cannot do, so the dataset
tests use graphs the store already holds, with the same shape of query (data1 -> article graph A,
data2 -> article graph B, data3 -> the shared graph). Left out: the positive update tests
(update_dataset_*, update_base_uri, update_post_*), which need a writable store.

Two deliberate deviations, both as real clients send it: the form POSTs use the registered type
`application/x-www-form-urlencoded` (the descriptions misspell it `x-www-url-form-urlencoded`), and
the CONSTRUCT test uses absolute IRIs (the description's `<s> <p> 1` needs a base IRI).

A case is a function (endpoint URL, Graphs) -> None that raises AssertionError on failure; the same
cases score `kg serve` (tests/test_serve_protocol.py) and Oxigraph server (benchmarks/protocol_score.py).
"""

from __future__ import annotations

import http.client
import json
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
RESULT_TYPES = ("application/sparql-results+xml", "application/sparql-results+json")
SRX = "{http://www.w3.org/2005/sparql-results#}"


@dataclass(frozen=True)
class Graphs:
    """Three graphs of the served store; `a` and `b` each hold a triple `<a> rdf:type ?t` with the same ?t."""

    a: str
    b: str
    shared: str


@dataclass
class Reply:
    status: int
    ctype: str
    body: bytes


def send(method: str, url: str, body: bytes | None = None, ctype: str | None = None,
         accept: str | None = None) -> Reply:
    """One request with exactly the headers given (http.client: urllib would add a form Content-Type)."""
    parts = urllib.parse.urlsplit(url)
    headers = {"User-Agent": "sparql-client/0.1"}
    if ctype is not None:
        headers["Content-Type"] = ctype
    if accept is not None:
        headers["Accept"] = accept
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), body=body, headers=headers)
        resp = conn.getresponse()
        return Reply(resp.status, resp.headers.get("Content-Type", ""), resp.read())
    finally:
        conn.close()


def q(params: list[tuple[str, str]]) -> str:
    return urllib.parse.urlencode(params)


def boolean(reply: Reply) -> bool:
    mtype = reply.ctype.split(";")[0].strip()
    if mtype == "application/sparql-results+json":
        return json.loads(reply.body)["boolean"]
    root = ET.fromstring(reply.body)
    return root.find(f"{SRX}boolean").text.strip() == "true"  # type: ignore[union-attr]


def expect_4xx(reply: Reply) -> None:
    assert 400 <= reply.status < 500, f"expected 4xx, got {reply.status}"


def expect_results(reply: Reply, value: bool | None = True, types: tuple[str, ...] = RESULT_TYPES) -> None:
    assert 200 <= reply.status < 400, f"expected 2xx/3xx, got {reply.status}: {reply.body[:200]!r}"
    mtype = reply.ctype.split(";")[0].strip()
    assert mtype in types, f"content type {reply.ctype!r} not in {types}"
    if value is not None:
        assert boolean(reply) is value, "expected a true result"


# ---------------------------------------------------------------- negative tests


def bad_query_method(url: str, g: Graphs) -> None:
    expect_4xx(send("PUT", url + "?" + q([("query", "ASK {}")])))


def bad_multiple_queries(url: str, g: Graphs) -> None:
    expect_4xx(send("GET", url + "?" + q([("query", "ASK {}"), ("query", "SELECT * {}")])))


def bad_query_wrong_media_type(url: str, g: Graphs) -> None:
    expect_4xx(send("POST", url, b"ASK {}", "text/plain"))


def bad_query_missing_form_type(url: str, g: Graphs) -> None:
    expect_4xx(send("POST", url, b"query=ASK%20%7B%7D", None))


def bad_query_missing_direct_type(url: str, g: Graphs) -> None:
    expect_4xx(send("POST", url, b"ASK {}", None))


def bad_query_non_utf8(url: str, g: Graphs) -> None:
    expect_4xx(send("POST", url, "ASK {}".encode("utf-16"), "application/sparql-query; charset=UTF-16"))


def bad_query_syntax(url: str, g: Graphs) -> None:
    expect_4xx(send("GET", url + "?" + q([("query", "ASK {")])))


def bad_update_get(url: str, g: Graphs) -> None:
    expect_4xx(send("GET", url + "?" + q([("update", "CLEAR ALL")])))


def bad_multiple_updates(url: str, g: Graphs) -> None:
    expect_4xx(send("POST", url, b"update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", FORM))


def bad_update_wrong_media_type(url: str, g: Graphs) -> None:
    expect_4xx(send("POST", url, b"CLEAR NAMED", "text/plain"))


def bad_update_missing_form_type(url: str, g: Graphs) -> None:
    expect_4xx(send("POST", url, b"update=CLEAR%20NAMED", None))


def bad_update_non_utf8(url: str, g: Graphs) -> None:
    expect_4xx(send("POST", url, "CLEAR NAMED".encode("utf-16"), "application/sparql-update; charset=UTF-16"))


def bad_update_syntax(url: str, g: Graphs) -> None:
    expect_4xx(send("POST", url, b"update=CLEAR%20XYZ", FORM))


def bad_update_dataset_conflict(url: str, g: Graphs) -> None:
    update = ("PREFIX foaf: <http://xmlns.com/foaf/0.1/>\nWITH <http://example/addresses>\n"
              "DELETE { ?person foaf:givenName 'Bill' }\nINSERT { ?person foaf:givenName 'William' }\n"
              "WHERE { ?person foaf:givenName 'Bill' }\n")
    expect_4xx(send("POST", url, q([("using-named-graph-uri", "http://example/people"), ("update", update)]).encode(),
                    FORM))


# ---------------------------------------------------------------- positive tests


def query_get(url: str, g: Graphs) -> None:
    expect_results(send("GET", url + "?" + q([("query", "ASK {}")])))


def query_post_form(url: str, g: Graphs) -> None:
    expect_results(send("POST", url, b"query=ASK%20%7B%7D", FORM))


def query_post_direct(url: str, g: Graphs) -> None:
    expect_results(send("POST", url, b"ASK {}", DIRECT))


def query_dataset_default_graph(url: str, g: Graphs) -> None:
    expect_results(send("POST", url + "?" + q([("default-graph-uri", g.a)]), f"ASK {{ <{g.a}> ?p ?o }}".encode(),
                        DIRECT))


def query_dataset_default_graphs_get(url: str, g: Graphs) -> None:
    query = f"ASK {{ <{g.a}> a ?type . <{g.b}> a ?type . }}"
    expect_results(send("GET", url + "?" + q([("query", query), ("default-graph-uri", g.a),
                                             ("default-graph-uri", g.b)])))


def query_dataset_default_graphs_post(url: str, g: Graphs) -> None:
    query = f"ASK {{ <{g.a}> ?p ?o . <{g.b}> ?p ?o }}"
    expect_results(send("POST", url + "?" + q([("default-graph-uri", g.a), ("default-graph-uri", g.b)]),
                        query.encode(), DIRECT))


def query_dataset_named_graphs_get(url: str, g: Graphs) -> None:
    query = f"ASK {{ GRAPH ?g1 {{ <{g.a}> a ?type }} GRAPH ?g2 {{ <{g.b}> a ?type }} }}"
    expect_results(send("GET", url + "?" + q([("query", query), ("named-graph-uri", g.a),
                                             ("named-graph-uri", g.b)])))


def query_dataset_named_graphs_post(url: str, g: Graphs) -> None:
    expect_results(send("POST", url + "?" + q([("named-graph-uri", g.a), ("named-graph-uri", g.b)]),
                        b"ASK { GRAPH ?g { ?s ?p ?o } }", DIRECT))


def query_dataset_full(url: str, g: Graphs) -> None:
    reply = send("POST", url + "?" + q([("default-graph-uri", g.shared), ("named-graph-uri", g.a),
                                        ("named-graph-uri", g.b)]),
                 b"SELECT ?g ?x ?s { ?x ?y ?o  GRAPH ?g { ?s ?p ?o } } LIMIT 100", DIRECT,
                 accept="application/sparql-results+json")
    expect_results(reply, None, ("application/sparql-results+json",))
    graphs = {b["g"]["value"] for b in json.loads(reply.body)["results"]["bindings"]}
    assert graphs <= {g.a, g.b}, f"GRAPH ?g ranged over graphs outside named-graph-uri: {graphs - {g.a, g.b}}"


def query_multiple_dataset(url: str, g: Graphs) -> None:
    # The protocol's default-graph-uri replaces the query's FROM: <b> is only found in graph b.
    expect_results(send("POST", url + "?" + q([("default-graph-uri", g.b)]),
                        f"ASK FROM <{g.a}> {{ <{g.b}> ?p ?o }}".encode(), DIRECT))


def query_content_type_select(url: str, g: Graphs) -> None:
    expect_results(send("POST", url, b"SELECT (1 AS ?value) {}", DIRECT), None,
                   RESULT_TYPES + ("text/tab-separated-values", "text/csv"))


def query_content_type_ask(url: str, g: Graphs) -> None:
    expect_results(send("POST", url, b"ASK {}", DIRECT), None)


def query_content_type_describe(url: str, g: Graphs) -> None:
    expect_results(send("POST", url, b"DESCRIBE <http://example.org/>", DIRECT), None,
                   ("application/rdf+xml", "application/rdf+json", "text/turtle"))


def query_content_type_construct(url: str, g: Graphs) -> None:
    expect_results(send("POST", url, b"CONSTRUCT { <http://example.org/s> <http://example.org/p> 1 } WHERE {}",
                        DIRECT), None, ("application/rdf+xml", "application/rdf+json", "text/turtle"))


CASES: dict[str, Callable[[str, Graphs], None]] = {f.__name__: f for f in (
    bad_query_method, bad_multiple_queries, bad_query_wrong_media_type, bad_query_missing_form_type,
    bad_query_missing_direct_type, bad_query_non_utf8, bad_query_syntax, bad_update_get, bad_multiple_updates,
    bad_update_wrong_media_type, bad_update_missing_form_type, bad_update_non_utf8, bad_update_syntax,
    bad_update_dataset_conflict, query_get, query_post_form, query_post_direct, query_dataset_default_graph,
    query_dataset_default_graphs_get, query_dataset_default_graphs_post, query_dataset_named_graphs_get,
    query_dataset_named_graphs_post, query_dataset_full, query_multiple_dataset, query_content_type_select,
    query_content_type_ask, query_content_type_describe, query_content_type_construct)}


def score(url: str, graphs: Graphs) -> dict[str, str]:
    """Run every case; name -> "pass" or the failure message."""
    out = {}
    for name, case in CASES.items():
        try:
            case(url, graphs)
            out[name] = "pass"
        except AssertionError as e:
            out[name] = f"fail: {e}"
        except Exception as e:  # noqa: BLE001 - a dropped connection or unparsable body is a failure too
            out[name] = f"fail: {type(e).__name__}: {e}"
    return out
