"""A remote SPARQL 1.1 endpoint as a Store (`kg.publish.push` loads the curated graph into one).

Speaks only the standard protocols, so Oxigraph server, Apache Jena Fuseki, GraphDB and Virtuoso all
work: the SPARQL 1.1 Protocol for queries (HTTP POST, results as SPARQL JSON) and updates, and the Graph
Store Protocol (PUT ?graph=IRI) to upload graphs.

Endpoints. The --store URL is the query endpoint. The update and Graph Store URLs are set with
$KG_STORE_UPDATE and $KG_STORE_GSP, or derived from the query URL and the engine, which is recognised by
its `Server` header: Virtuoso `.../sparql` -> `.../sparql-auth` and `.../sparql-graph-crud-auth` (the
authenticated endpoints; the plain ones refuse writes); Oxigraph `.../query` -> `.../update`, `.../store`;
Fuseki `.../sparql` or `.../query` -> `.../update`, `.../data`.

Credentials come from $KG_STORE_USER / $KG_STORE_PASSWORD or a netrc file ($NETRC, else ~/.netrc; the
entry for the endpoint's host), and are answered to the server's Basic or Digest challenge. They are never
taken from the command line or the URL and never appear in a message.

Parameters. The protocol has no way to pass bindings, so values are sent as a VALUES block placed as the
first element of the query's WHERE group (`WHERE { VALUES (?a ?b) { (<iri> "text") } ...`), which joins
them with the rest of the pattern where pre-binding would. Each IRI parameter is also stated as
`FILTER(?v = <iri>)`: Virtuoso does not take a VALUES-bound variable as the start of a property path
(`?c skos:broader* ?x` fails with "transitive start not given"), but does take a constant from a filter;
the filter changes no answer on any engine. Each value is a typed rdflib term written with `term.n3()`:
IRIs are checked for characters that could close the `<...>` and literals are N-Triples escaped, so a
value can never end its own token and add query text.

Preconditions checked rather than assumed: the endpoint holds this project's graphs and answers queries
over their union by default (as the embedded store does); an answer the server cut at its own row limit
(Virtuoso's ResultSetMaxRows, announced in `X-SPARQL-MaxRows`) is an error, never a short result; an
export reads every graph and compares what it read with the graph's COUNT.
"""

from __future__ import annotations

import json
import netrc
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ..errors import InputError, QueryError, StoreError
from ..vocab.namespaces import BASE
from .base import Quad, Rows, _capped, with_prefixes
from .result_norm import normalise_rows
from .sparql_text import where_brace

UPDATE_ENV = "KG_STORE_UPDATE"
GSP_ENV = "KG_STORE_GSP"
USER_ENV = "KG_STORE_USER"
PASSWORD_ENV = "KG_STORE_PASSWORD"
LOAD_ENV = "KG_STORE_LOAD"  # "transaction" or "staging"; default: transaction up to TXN_LIMIT bytes
JSON_RESULTS = "application/sparql-results+json"
STAGING_PREFIX = BASE + "graph/staging-"
TXN_LIMIT = 8_000_000  # bytes of N-Triples sent as one update request; larger loads go through staging graphs
_IRI_FORBIDDEN = set('<>"{}|^`\\') | {chr(c) for c in range(0x21)}

UNION_HINT = {
    "oxigraph": "start it with `oxigraph serve --union-default-graph`",
    "fuseki": "set `tdb2:unionDefaultGraph true` on the dataset",
    "virtuoso": "Virtuoso does this unless the endpoint was configured with a fixed default graph",
}


# ---------------------------------------------------------------- endpoints and credentials


@dataclass(frozen=True)
class Endpoints:
    query: str
    update: str
    gsp: str


def _engine_of(server_header: str) -> str:
    low = server_header.lower()
    for engine in ("virtuoso", "oxigraph", "fuseki", "jena", "graphdb"):
        if engine in low:
            return "fuseki" if engine == "jena" else engine
    return ""


def endpoint_urls(query_url: str, engine: str = "", authenticated: bool = False) -> Endpoints:
    """Update and Graph Store URLs for a query URL: $KG_STORE_UPDATE / $KG_STORE_GSP, or derived."""
    url = query_url.rstrip("/")
    base, _, last = url.rpartition("/")
    if engine == "virtuoso" and last == "sparql":
        suffix = "-auth" if authenticated else ""
        update, gsp = f"{url}{suffix}", f"{base}/sparql-graph-crud{suffix}"
    elif last == "query":
        update, gsp = f"{base}/update", f"{base}/store" if engine != "fuseki" else f"{base}/data"
    elif last == "sparql":
        update, gsp = f"{base}/update", f"{base}/data"
    else:
        update, gsp = f"{url}/statements", f"{url}/rdf-graphs/service"
    return Endpoints(query_url, os.environ.get(UPDATE_ENV) or update, os.environ.get(GSP_ENV) or gsp)


def credentials(url: str) -> tuple[str, str] | None:
    """(user, password) for the endpoint: $KG_STORE_USER/$KG_STORE_PASSWORD, else the netrc entry for its host."""
    user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
    if user and password is not None:
        return user, password
    path = os.environ.get("NETRC") or str(Path.home() / ".netrc")
    if not os.path.isfile(path):
        return None
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        entry = netrc.netrc(path).authenticators(host)
    except (netrc.NetrcParseError, OSError) as e:
        # The message of NetrcParseError quotes the offending line, which may hold a password.
        raise StoreError(f"cannot read the netrc file {path}: {type(e).__name__} at line {getattr(e, 'lineno', '?')}") \
            from None
    if entry and entry[2] is not None:
        return entry[0] or "", entry[2]
    return None


def _detail(body: bytes) -> str:
    """The first informative line of an error body (HTML pages reduced to their text)."""
    text = body.decode("utf-8", "replace")
    if "<" in text and ">" in text:
        text = re.sub(r"(?is)<(head|style|script|title)\b.*?</\1>", " ", text)
        text = re.sub(r"<[^>]*>", "\n", text)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return f": {' '.join(lines)[:200]}" if lines else ""


def _without_secrets(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, "", ""))


# ---------------------------------------------------------------- parameters


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
    """Put the bindings into the query: a VALUES block at the start of its WHERE group, plus a FILTER
    stating each IRI parameter (see the module docstring for why Virtuoso needs it)."""
    if not bindings:
        return query
    names = sorted(bindings)
    for name in names:
        if not name.replace("_", "a").isalnum():
            raise QueryError(f"invalid parameter name {name!r}")
    terms = {n: term_sparql(bindings[n]) for n in names}
    block = "VALUES (" + " ".join(f"?{n}" for n in names) + ") { (" + " ".join(terms[n] for n in names) + ") }\n"
    block += "".join(f"FILTER(?{n} = {terms[n]})\n" for n in names if isinstance(bindings[n], URIRef))
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


def is_project_graph(graph: Node) -> bool:
    """A graph this project writes (under its base IRI), not a staging graph or anyone else's."""
    return isinstance(graph, URIRef) and str(graph).startswith(BASE) and not str(graph).startswith(STAGING_PREFIX)


# ---------------------------------------------------------------- the store


class RemoteStore:
    """A SPARQL 1.1 endpoint behind the Store interface."""

    def __init__(self, url: str, timeout: float | None = 60.0, *, check: bool = True) -> None:
        if "@" in urllib.parse.urlsplit(url).netloc:
            raise InputError(
                "credentials in the store URL would show in shell history and process lists",
                f"remove them from the URL and set ${USER_ENV}/${PASSWORD_ENV} or a netrc entry")
        self.location = url
        self.query_url = url
        self.timeout = timeout if timeout and timeout > 0 else None
        self._auth = credentials(url)
        self._opener = self._build_opener()
        self._engine: str | None = None
        self._endpoints: Endpoints | None = None
        self._checked = not check

    def _build_opener(self) -> urllib.request.OpenerDirector:
        if not self._auth:
            return urllib.request.build_opener()
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        parts = urllib.parse.urlsplit(self.query_url)
        manager.add_password(None, f"{parts.scheme}://{parts.netloc}/", *self._auth)
        return urllib.request.build_opener(
            urllib.request.HTTPBasicAuthHandler(manager), urllib.request.HTTPDigestAuthHandler(manager))

    # -------------------------------------------------------- HTTP

    def _request(self, url: str, data: bytes | None, headers: dict[str, str], method: str = "POST",
                 timeout: float | None = None) -> tuple[bytes, Mapping[str, str]]:
        req = urllib.request.Request(url, data=data, headers=headers, method=method)
        shown = f"{method} {_without_secrets(url)}"
        try:
            with self._opener.open(req, timeout=timeout or self.timeout) as resp:
                body = resp.read()
                if self._engine is None:
                    self._engine = _engine_of(resp.headers.get("Server", ""))
                return body, resp.headers
        except urllib.error.HTTPError as e:
            message = f"{shown} answered {e.code} {e.reason}" + _detail(e.read())
            if e.code in (401, 403) and not self._auth:
                message += f" (the endpoint wants credentials: set ${USER_ENV}/${PASSWORD_ENV} or a netrc entry)"
            if e.code == 400:
                raise QueryError(message) from None
            raise StoreError(message) from None
        except TimeoutError:
            raise StoreError(f"{shown} gave no answer within {timeout or self.timeout:g} s") from None
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            if isinstance(reason, TimeoutError) or "timed out" in str(reason):
                raise StoreError(f"{shown} gave no answer within {timeout or self.timeout:g} s") from None
            raise StoreError(f"cannot reach {shown}: {reason}") from None

    def engine(self) -> str:
        """The engine behind the endpoint (virtuoso, oxigraph, fuseki, graphdb or ''), from its Server header."""
        if self._engine is None:
            self._query_raw("ASK {}", JSON_RESULTS)
        return self._engine or ""

    def endpoints(self) -> Endpoints:
        if self._endpoints is None:
            self._endpoints = endpoint_urls(self.query_url, self.engine(), authenticated=self._auth is not None)
        return self._endpoints

    def _server_timeout(self) -> dict[str, str]:
        """Ask the server to stop the query too, where the engine takes a per-request limit."""
        if not self.timeout or self._engine is None:
            return {}
        # A little under the client's limit, so that the server's own "stopped" answer arrives first.
        server = max(self.timeout * 0.8, self.timeout - 1.0)
        if self._engine == "virtuoso":
            return {"timeout": str(int(server * 1000))}  # milliseconds
        if self._engine == "fuseki":
            return {"timeout": f"{server:.3f}"}  # seconds
        return {}

    def _query_raw(self, text: str, accept: str) -> tuple[bytes, Mapping[str, str]]:
        body = urllib.parse.urlencode({"query": text, **self._server_timeout()}).encode()
        payload, headers = self._request(self.query_url, body, {
            "Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
        if headers.get("X-SQL-State") == "S1TAT":
            # Virtuoso's "anytime" answer: what it found before its time ran out, sent as a success.
            raise StoreError(f"POST {_without_secrets(self.query_url)} stopped the query at its time limit "
                             f"({self.timeout:g} s) and sent a partial answer; kg does not show partial answers")
        return payload, headers

    def _query(self, query: str, bindings: Mapping[str, Node] | None, accept: str) -> tuple[bytes, Mapping[str, str]]:
        if not self._checked:
            self._checked = True
            self.check_union_default()
        return self._query_raw(inject_values(with_prefixes(query), bindings), accept)

    def _update(self, update: str, timeout: float | None = None) -> None:
        self._request(self.endpoints().update, update.encode("utf-8"),
                      {"Content-Type": "application/sparql-update"}, timeout=timeout)

    def _select_raw(self, text: str) -> list[dict]:
        doc = json.loads(self._query_raw(with_prefixes(text), JSON_RESULTS)[0])
        return doc["results"]["bindings"]

    # -------------------------------------------------------- preconditions

    def check_union_default(self) -> None:
        """Fail clearly unless the endpoint holds this project's graphs and queries see their union."""
        found = self._select_raw(
            f"SELECT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), {Literal(BASE).n3()}) "
            f"&& !STRSTARTS(STR(?g), {Literal(STAGING_PREFIX).n3()}) && !isBLANK(?s) && !isBLANK(?o)) }} LIMIT 1")
        if not found:
            raise StoreError(f"{self.query_url} holds none of this project's graphs",
                             f"run `kg build --store {self.query_url}` first")
        s, p, o = (_from_json(found[0][v]) for v in ("s", "p", "o"))
        ask = f"ASK {{ {term_sparql(s)} {term_sparql(p)} {term_sparql(o)} }}"
        if not json.loads(self._query_raw(ask, JSON_RESULTS)[0])["boolean"]:
            hint = UNION_HINT.get(self._engine or "", "configure the endpoint so that its default graph is the "
                                  "union of its named graphs")
            raise StoreError(
                f"{self.query_url} does not answer queries over the union of its named graphs, so every "
                "question would see an empty graph", hint)

    # -------------------------------------------------------- Store interface

    def select(self, query: str, bindings: Mapping[str, Node] | None = None, *, max_rows: int | None = None) -> Rows:
        payload, headers = self._query(query, bindings, JSON_RESULTS)
        doc = json.loads(payload)
        names = doc["head"]["vars"]
        bindings_json = doc["results"]["bindings"]
        cap = headers.get("X-SPARQL-MaxRows")
        if cap and cap.isdigit() and len(bindings_json) >= int(cap) and (max_rows is None or max_rows >= int(cap)):
            raise StoreError(
                f"POST {_without_secrets(self.query_url)} cut the answer at {cap} rows (the server's result limit); "
                "kg does not show a silently shortened answer",
                "narrow the query, pass --max-rows below the limit, or raise the limit (Virtuoso: "
                "ResultSetMaxRows in [SPARQL] of virtuoso.ini)")
        rows, truncated = _capped((tuple(_from_json(b.get(n)) for n in names) for b in bindings_json), max_rows)
        return Rows(names, normalise_rows(query, names, rows), truncated)

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        return bool(json.loads(self._query(query, bindings, JSON_RESULTS)[0])["boolean"])

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None, *,
                  max_rows: int | None = None) -> list[tuple[Node, Node, Node]]:
        from rdflib import Graph

        g = Graph()
        g.parse(data=self._query(query, bindings, "application/n-triples")[0], format="nt")
        return _capped(iter(sorted(g)), max_rows)[0]

    def _count(self, graph: URIRef) -> int:
        rows = self._select_raw(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {term_sparql(graph)} {{ ?s ?p ?o }} }}")
        return int(rows[0]["n"]["value"]) if rows else 0

    def graph_triples(self, graph: URIRef) -> set[tuple[Node, Node, Node]]:
        """Every triple of one graph, checked against its COUNT; paged with LIMIT/OFFSET where the server
        caps answers, and an error (naming the URL) if the count still cannot be reached."""
        expected = self._count(graph)
        pattern = f"SELECT ?s ?p ?o WHERE {{ GRAPH {term_sparql(graph)} {{ ?s ?p ?o }} }}"

        def read(text: str) -> list[tuple[Node, Node, Node]]:
            return [tuple(_from_json(b[v]) for v in ("s", "p", "o")) for b in self._select_raw(text)]

        triples = set(read(pattern))
        if len(triples) < expected and triples:
            page = len(triples)
            offset = page
            while len(triples) < expected:
                chunk = read(f"{pattern} LIMIT {page} OFFSET {offset}")
                if not chunk:
                    break
                triples.update(chunk)
                offset += page
        if len(triples) != expected:
            raise StoreError(
                f"POST {_without_secrets(self.query_url)}: graph <{graph}> has {expected} triples but only "
                f"{len(triples)} could be read; nothing was written",
                "raise the server's result limit (Virtuoso: ResultSetMaxRows)")
        return triples

    def quads(self) -> Iterator[Quad]:
        """This project's quads only: other graphs on the endpoint (Virtuoso's system graphs) are not ours."""
        for graph in self.named_graphs():
            for s, p, o in sorted(self.graph_triples(graph)):
                yield s, p, o, graph

    def named_graphs(self) -> list[URIRef]:
        rows = self._select_raw("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(g for g in (_from_json(r.get("g")) for r in rows) if is_project_graph(g))  # type: ignore[misc]

    def all_graphs(self) -> list[URIRef]:
        rows = self._select_raw("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(g for g in (_from_json(r.get("g")) for r in rows) if isinstance(g, URIRef))

    def close(self) -> None:
        pass

    # -------------------------------------------------------- writing

    def put_graph(self, graph: URIRef, ntriples: bytes) -> None:
        """Replace one named graph: Graph Store Protocol PUT, or SPARQL Update where GSP is missing."""
        url = self.endpoints().gsp + "?" + urllib.parse.urlencode({"graph": str(graph)})
        try:
            self._request(url, ntriples, {"Content-Type": "application/n-triples"}, method="PUT")
        except StoreError as e:
            # An endpoint without a Graph Store gets SPARQL Update instead, unless the user named the GSP URL.
            if os.environ.get(GSP_ENV) or not any(f" {code} " in str(e) for code in (404, 405, 501)):
                raise
            self._update(f"DROP SILENT GRAPH {term_sparql(graph)} ;\n"
                         f"INSERT DATA {{ GRAPH {term_sparql(graph)} {{\n{ntriples.decode('utf-8')}\n}} }}")

    def drop_graph(self, graph: URIRef) -> None:
        self._update(f"DROP SILENT GRAPH {term_sparql(graph)}")
