"""A remote SPARQL 1.1 endpoint as a Store, and `push` to load the curated graph into one.

Speaks only the standard protocols, so Oxigraph server, Apache Jena Fuseki, GraphDB, Virtuoso and
QLever all work: SPARQL 1.1 Protocol for queries (HTTP POST, results as SPARQL JSON), the Graph
Store Protocol (PUT ?graph=IRI) to replace each named graph, and SPARQL Update where GSP is absent.

Parameters. The protocol has no way to pass bindings, so values are sent as a VALUES block placed
as the first element of the query's WHERE group (`WHERE { VALUES (?a ?b) { (<iri> "text") } ...`),
which joins them with the rest of the pattern exactly where pre-binding would. Each value is a
typed rdflib term written with `term.n3()`: IRIs are checked for characters that could close the
`<...>` and literals are N-Triples escaped (quotes, backslashes, newlines), so a value can never end
its own token and add query text. Raw user text is never placed in the query; only terms are.

The endpoint must answer queries over the union of its named graphs by default, as the embedded
store does: Oxigraph `serve --union-default-graph`; Fuseki `tdb2:unionDefaultGraph true`; GraphDB
and Virtuoso do so out of the box.

Endpoint URLs: the --store URL is the query endpoint. Update and Graph Store URLs are derived from it
(`.../query` -> `.../update`, `.../store`; `.../sparql` -> `.../update`, `.../data`) or set with
$KG_STORE_UPDATE and $KG_STORE_GSP.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .build import BuildReport, Progress, compile_sources
from .errors import QueryError, StoreError
from .guards import where_brace
from .namespaces import BASE
from .store import Quad, Rows, _capped, with_prefixes

UPDATE_ENV = "KG_STORE_UPDATE"
GSP_ENV = "KG_STORE_GSP"
JSON_RESULTS = "application/sparql-results+json"
_IRI_FORBIDDEN = set('<>"{}|^`\\') | {chr(c) for c in range(0x21)}


def _endpoint_urls(query_url: str) -> tuple[str, str]:
    base, _, last = query_url.rstrip("/").rpartition("/")
    if last == "query":
        update, gsp = f"{base}/update", f"{base}/store"
    elif last == "sparql":
        update, gsp = f"{base}/update", f"{base}/data"
    else:
        update, gsp = f"{query_url.rstrip('/')}/statements", f"{query_url.rstrip('/')}/rdf-graphs/service"
    return os.environ.get(UPDATE_ENV, update), os.environ.get(GSP_ENV, gsp)


def term_sparql(term: Node) -> str:
    """A term as SPARQL text: N-Triples syntax, refusing IRIs that could break out of `<...>`."""
    if isinstance(term, URIRef):
        if any(ch in _IRI_FORBIDDEN for ch in str(term)):
            raise QueryError(f"not a valid IRI for a parameter: {str(term)!r}")
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()  # rdflib escapes quotes, backslashes and line breaks
    raise QueryError(f"cannot send a {type(term).__name__} as a parameter to a remote store")


def inject_values(query: str, bindings: Mapping[str, Node] | None) -> str:
    """Put the bindings into the query as a VALUES block at the start of its WHERE group."""
    if not bindings:
        return query
    names = sorted(bindings)
    for name in names:
        if not name.replace("_", "a").isalnum():
            raise QueryError(f"invalid parameter name {name!r}")
    block = "VALUES (" + " ".join(f"?{n}" for n in names) + ") { (" + " ".join(
        term_sparql(bindings[n]) for n in names) + ") }\n"
    at = where_brace(query)
    return query[:at] + "\n" + block + query[at:]


def _from_json(term: dict | None) -> Node | None:
    if term is None:
        return None
    kind = term["type"]
    if kind == "uri":
        return URIRef(term["value"])
    if kind == "bnode":
        return BNode(term["value"])
    lang = term.get("xml:lang")
    datatype = term.get("datatype")
    if lang:
        return Literal(term["value"], lang=lang)
    if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term["value"], datatype=URIRef(datatype))
    return Literal(term["value"])


class RemoteStore:
    """A SPARQL 1.1 endpoint behind the Store interface."""

    def __init__(self, url: str, timeout: float = 60.0) -> None:
        self.location = url
        self.query_url = url
        self.update_url, self.gsp_url = _endpoint_urls(url)
        self.timeout = timeout

    # -------------------------------------------------------- HTTP

    def _request(self, url: str, data: bytes | None, headers: dict[str, str], method: str = "POST") -> bytes:
        req = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return resp.read()
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", "replace").strip().splitlines()
            message = f"{self.location} answered {e.code} {e.reason}" + (f": {detail[0][:200]}" if detail else "")
            if e.code == 400:
                raise QueryError(message) from e
            raise StoreError(message) from e
        except (urllib.error.URLError, OSError) as e:
            raise StoreError(f"cannot reach SPARQL endpoint {self.location}: {getattr(e, 'reason', e)}") from e

    def _query(self, query: str, bindings: Mapping[str, Node] | None, accept: str) -> bytes:
        text = inject_values(with_prefixes(query), bindings)
        body = urllib.parse.urlencode({"query": text}).encode()
        return self._request(self.query_url, body, {
            "Content-Type": "application/x-www-form-urlencoded", "Accept": accept})

    def _update(self, update: str) -> None:
        self._request(self.update_url, update.encode("utf-8"), {"Content-Type": "application/sparql-update"})

    # -------------------------------------------------------- Store interface

    def select(self, query: str, bindings: Mapping[str, Node] | None = None, *, max_rows: int | None = None) -> Rows:
        doc = json.loads(self._query(query, bindings, JSON_RESULTS))
        names = doc["head"]["vars"]
        rows, truncated = _capped(
            (tuple(_from_json(b.get(n)) for n in names) for b in doc["results"]["bindings"]), max_rows)
        return Rows(names, rows, truncated)

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        return bool(json.loads(self._query(query, bindings, JSON_RESULTS))["boolean"])

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None, *,
                  max_rows: int | None = None) -> list[tuple[Node, Node, Node]]:
        from rdflib import Graph

        g = Graph()
        g.parse(data=self._query(query, bindings, "application/n-triples"), format="nt")
        return _capped(iter(sorted(g)), max_rows)[0]

    def quads(self) -> Iterator[Quad]:
        rows = self.select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        yield from rows.rows  # type: ignore[misc]

    def named_graphs(self) -> list[URIRef]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(g for (g,) in rows.rows if isinstance(g, URIRef))

    def close(self) -> None:
        pass

    # -------------------------------------------------------- writing

    def put_graph(self, graph: URIRef, ntriples: bytes) -> None:
        """Replace one named graph: Graph Store Protocol PUT, or SPARQL Update where GSP is missing."""
        url = self.gsp_url + "?" + urllib.parse.urlencode({"graph": str(graph)})
        try:
            self._request(url, ntriples, {"Content-Type": "application/n-triples"}, method="PUT")
        except StoreError as e:
            if not any(f" {code} " in str(e) for code in (404, 405, 501)):
                raise
            self._update(f"DROP SILENT GRAPH {term_sparql(graph)} ;\n"
                         f"INSERT DATA {{ GRAPH {term_sparql(graph)} {{\n{ntriples.decode('utf-8')}\n}} }}")

    def drop_graph(self, graph: URIRef) -> None:
        self._update(f"DROP SILENT GRAPH {term_sparql(graph)}")


def push(graph_dir: Path, url: str, progress: Progress | None = None) -> BuildReport:
    """Compile and validate the sources like `kg build`, then replace each named graph on the endpoint.

    Graphs of this project (IRIs under the project base) that the endpoint holds but the sources no
    longer produce are dropped; graphs of anyone else on the same endpoint are left alone.
    """
    sources = compile_sources(graph_dir, progress)
    remote = RemoteStore(url)
    for name in sorted(sources.graphs):
        if progress:
            progress(f"uploading graph {name} ({len(sources.graphs[name])} triples)")
        ntriples = sources.graphs[name].serialize(format="nt", encoding="utf-8")
        remote.put_graph(name, ntriples)
    for stale in set(remote.named_graphs()) - set(sources.graphs):
        if str(stale).startswith(BASE):
            if progress:
                progress(f"dropping graph {stale} (no longer in the sources)")
            remote.drop_graph(stale)
    return BuildReport(
        location=url,
        triples=sum(len(g) for g in sources.graphs.values()),
        graphs=[str(n) for n in sorted(sources.graphs)],
        findings=sources.findings,
    )
