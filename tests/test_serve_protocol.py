"""`kg serve` against the SPARQL 1.1 Protocol (issue 15): the W3C protocol tests that apply to a
read-only endpoint (tests/protocol_cases.py), and the negotiation and dataset rules the server documents."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import protocol_cases as pc
import pyoxigraph as ox
import pytest
from serve_server import Server
from SPARQLWrapper import JSONLD, N3, RDFXML, TURTLE, XML, SPARQLWrapper

pytestmark = pytest.mark.server

ART = "https://w3id.org/guideline-kg/id/article/"
GRAPHS = pc.Graphs(a=ART + "ssc-myositis-overlap-adult", b=ART + "juvenile-uctd-scleroderma-jdm-overlap",
                   shared="https://w3id.org/guideline-kg/graph/shared")
DRUGS = "CONSTRUCT { ?d a <https://w3id.org/guideline-kg/vocab#Drug> } WHERE { ?d a <https://w3id.org/guideline-kg/vocab#Drug> }"


@pytest.fixture(scope="module")
def server(store_path: Path) -> Iterator[Server]:
    s = Server(store_path)
    yield s
    s.stop()


@pytest.mark.parametrize("case", list(pc.CASES))
def test_w3c_protocol_case(server: Server, case: str) -> None:
    pc.CASES[case](server.url, GRAPHS)


# ---------------------------------------------------------------- negotiation


@pytest.mark.parametrize("fmt,mtype,parse", [
    (None, "application/rdf+xml", ox.RdfFormat.RDF_XML),  # SPARQLWrapper's default: format=xml
    (XML, "application/rdf+xml", ox.RdfFormat.RDF_XML),
    (RDFXML, "application/rdf+xml", ox.RdfFormat.RDF_XML),
    (TURTLE, "text/turtle", ox.RdfFormat.TURTLE),
    (N3, "text/n3", ox.RdfFormat.N3),
    (JSONLD, "application/ld+json", ox.RdfFormat.JSON_LD),
])
def test_sparqlwrapper_construct_in_each_rdf_format(server: Server, store, fmt, mtype: str, parse) -> None:
    client = SPARQLWrapper(server.url)
    client.setQuery(DRUGS)
    if fmt is not None:
        client.setReturnFormat(fmt)
    response = client.query().response
    assert response.status == 200
    assert response.headers["Content-Type"].startswith(mtype)
    triples = list(ox.parse(response.read(), format=parse))
    expected = {str(r[0]) for r in store.select("SELECT ?d WHERE { ?d a kgv:Drug }").rows}
    assert {t.subject.value for t in triples} == expected


def get(server: Server, params: list[tuple[str, str]], accept: str | None = None) -> pc.Reply:
    return pc.send("GET", server.url + "?" + urllib.parse.urlencode(params), accept=accept)


def test_format_parameter_wins_over_accept(server: Server) -> None:
    reply = get(server, [("query", "ASK {}"), ("format", "xml")], accept="application/sparql-results+json")
    assert reply.status == 200 and reply.ctype.startswith("application/sparql-results+xml")
    reply = get(server, [("query", DRUGS), ("format", "nt")], accept="text/turtle")
    assert reply.ctype.startswith("application/n-triples")


def test_accept_decides_without_a_format_parameter(server: Server) -> None:
    reply = get(server, [("query", DRUGS)], accept="application/n-triples;q=0.4, application/ld+json")
    assert reply.ctype.startswith("application/ld+json")
    reply = get(server, [("query", DRUGS)], accept="image/png")
    assert reply.status == 406


def test_format_the_query_form_cannot_have_is_406(server: Server) -> None:
    assert get(server, [("query", DRUGS), ("format", "csv")]).status == 406


def test_conflicting_format_parameters_are_400(server: Server) -> None:
    assert get(server, [("query", "ASK {}"), ("format", "json"), ("format", "xml")]).status == 400


# ---------------------------------------------------------------- dataset


def test_default_graph_uri_restricts_the_default_graph(server: Server) -> None:
    ask = f"ASK {{ <{GRAPHS.b}> ?p ?o }}"
    assert pc.boolean(get(server, [("query", ask), ("default-graph-uri", GRAPHS.b)])) is True
    assert pc.boolean(get(server, [("query", ask), ("default-graph-uri", GRAPHS.a)])) is False


def test_named_graph_uri_limits_graph_patterns(server: Server) -> None:
    reply = get(server, [("query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"),
                         ("named-graph-uri", GRAPHS.a)], accept="application/sparql-results+json")
    assert [b["g"]["value"] for b in json.loads(reply.body)["results"]["bindings"]] == [GRAPHS.a]


@pytest.mark.parametrize("param", ["default-graph-uri", "named-graph-uri"])
@pytest.mark.parametrize("iri", ["file:///etc/passwd", "http://127.0.0.1:9/elsewhere"])
def test_graph_uri_outside_the_store_is_refused(server: Server, param: str, iri: str) -> None:
    reply = get(server, [("query", "ASK { ?s ?p ?o }"), (param, iri)])
    assert reply.status == 403 and b"not a graph of this store" in reply.body


# ---------------------------------------------------------------- malformed requests


@pytest.mark.parametrize("body,ctype,status", [
    (b"ASK {}", None, 415),
    (b"query=ASK%20%7B%7D", None, 415),
    (b"ASK {}", "text/plain", 415),
    (b"ASK {}", "application/sparql-query; charset=ISO-8859-1", 415),
    ("ASK { FILTER(\"é\") }".encode("latin-1"), "application/sparql-query", 400),
    (b"query=ASK%20%7B%7D&query=ASK%20%7B%7D", "application/x-www-form-urlencoded", 400),
    (b"query=%FF", "application/x-www-form-urlencoded", 400),
    (b"other=1", "application/x-www-form-urlencoded", 400),
])
def test_malformed_posts(server: Server, body: bytes, ctype: str | None, status: int) -> None:
    assert pc.send("POST", server.url, body, ctype).status == status


def test_duplicate_query_in_url_and_form_is_400(server: Server) -> None:
    reply = pc.send("POST", server.url + "?query=ASK%7B%7D", b"query=ASK%20%7B%7D", "application/x-www-form-urlencoded")
    assert reply.status == 400
