"""A read-only SPARQL 1.1 Protocol endpoint over the store, at /sparql, with a small query page at /.

Standard library only (http.server.ThreadingHTTPServer): a thread per request, and each query in its
own killable child process (kg.guards), so a runaway query is stopped at its timeout while other
requests are still answered.

Safe by default: binds 127.0.0.1; SPARQL Update and every Graph Store write (PUT, DELETE, PATCH,
POST of RDF) answered 403; SERVICE, LOAD and FROM outside the store refused (403) so the server never
makes an outbound request nor reads a local file; per-query timeout (503 with the reason); a result
cap stated in the `X-KG-Truncated` header and, for JSON, a top-level "truncated" member; no CORS
header unless an origin is configured.
"""

from __future__ import annotations

import html
import json
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Literal, URIRef

from .errors import KgError, QueryError
from .guards import DEFAULT_TIMEOUT, Answer, Limits, QueryRefused, QueryTimeout, guarded_query
from .results_format import term_json, to_csv, to_tsv

MAX_BODY = 1 << 20
JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
RESULT_TYPES = (JSON, XML, CSV, TSV, "application/json")
GRAPH_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
               "application/rdf+xml": "xml"}
FORMAT_ALIASES = {"json": JSON, "xml": XML, "csv": CSV, "tsv": TSV, "turtle": "text/turtle", "ttl": "text/turtle",
                  "nt": "application/n-triples", "jsonld": "application/ld+json"}
WRITE_TYPES = ("application/sparql-update",)


@dataclass
class ServerConfig:
    location: str
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = 10_000
    cors_origin: str | None = None
    queries_dir: Path | None = None


# ---------------------------------------------------------------- content negotiation and rendering


def negotiate(accept: str | None, offered: tuple[str, ...]) -> str | None:
    """The offered type the Accept header prefers (q-values honoured); the first offer for */* or none."""
    if not accept:
        return offered[0]
    choices: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        mtype, q = fields[0].lower(), 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        for offer in offered:
            if mtype in (offer, "*/*") or (mtype.endswith("/*") and offer.startswith(mtype[:-1])):
                choices.append((-q, i if mtype != "*/*" else 1000 + i, offer if mtype != "*/*" else offered[0]))
    return sorted(choices)[0][2] if choices else None


def results_xml(answer: Answer) -> str:
    """The W3C SPARQL Query Results XML Format."""
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    if answer.form == "ASK":
        out += ["</head>", f"<boolean>{'true' if answer.boolean else 'false'}</boolean>", "</sparql>"]
        return "\n".join(out) + "\n"
    rows = answer.rows
    out += [f"<variable name={quoteattr(v)}/>" for v in rows.vars]
    out += ["</head>", "<results>"]
    for row in rows.rows:
        out.append("<result>")
        for var, term in zip(rows.vars, row, strict=True):
            if term is None:
                continue
            if isinstance(term, URIRef):
                value = f"<uri>{escape(str(term))}</uri>"
            elif isinstance(term, BNode):
                value = f"<bnode>{escape(str(term))}</bnode>"
            else:
                assert isinstance(term, Literal)
                attr = (f" xml:lang={quoteattr(term.language)}" if term.language
                        else f" datatype={quoteattr(str(term.datatype))}" if term.datatype else "")
                value = f"<literal{attr}>{escape(str(term))}</literal>"
            out.append(f"<binding name={quoteattr(var)}>{value}</binding>")
        out.append("</result>")
    out += ["</results>", "</sparql>"]
    return "\n".join(out) + "\n"


def results_json(answer: Answer) -> str:
    if answer.form == "ASK":
        return json.dumps({"head": {}, "boolean": bool(answer.boolean)})
    rows = answer.rows
    bindings = [{v: term_json(t) for v, t in zip(rows.vars, r, strict=True) if t is not None} for r in rows.rows]
    doc = {"head": {"vars": rows.vars}, "results": {"bindings": bindings}}
    if answer.truncated:
        doc["truncated"] = True  # not in the W3C format; clients that do not know it ignore it
    return json.dumps(doc, ensure_ascii=False)


def render(answer: Answer, ctype: str) -> bytes:
    if answer.form in ("CONSTRUCT", "DESCRIBE"):
        from rdflib import Graph

        g = Graph()
        for t in answer.triples or []:
            g.add(t)
        return g.serialize(format=GRAPH_TYPES[ctype], encoding="utf-8")
    if ctype in (JSON, "application/json"):
        return results_json(answer).encode()
    if ctype == XML:
        return results_xml(answer).encode()
    if answer.form == "ASK":
        return (("true" if answer.boolean else "false") + "\n").encode()
    return (to_csv(answer.rows) if ctype == CSV else to_tsv(answer.rows)).encode()


# ---------------------------------------------------------------- the query page


def query_page(config: ServerConfig, query: str = "") -> bytes:
    """The browser page: a form, and the named queries as examples (all text escaped, no script)."""
    examples = []
    if config.queries_dir is not None:
        from .queries import named_queries

        for q in named_queries(config.queries_dir).values():
            params = ", ".join(f"?{p.name} ({p.kind})" for p in q.params)
            link = "/?" + urllib.parse.urlencode({"query": q.text})
            examples.append(
                f"<li><a href=\"{html.escape(link)}\">{html.escape(q.name)}</a>: {html.escape(q.title)}"
                + (f"<br><small>binds {html.escape(params)}: add a VALUES clause or use "
                   f"<code>kg query {html.escape(q.name)} --param …</code></small>" if params else "")
                + "</li>")
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Guideline KG SPARQL endpoint</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}textarea{{width:100%;height:14em}}</style></head>
<body><h1>Guideline KG SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 endpoint at <code>/sparql</code>. Project prefixes (kgv:, th:, cond:, ref: …) are
predeclared; the default graph is the union of all named graphs. Queries stop after {config.timeout:g} s;
at most {config.max_rows} rows are returned. Educational use only: not medical advice.</p>
<form method="get" action="/sparql">
<textarea name="query" aria-label="SPARQL query">{html.escape(query)}</textarea>
<p><label>Format <select name="format"><option>json</option><option>xml</option><option>csv</option>
<option>tsv</option><option>turtle</option></select></label> <button type="submit">Run</button></p></form>
<h2>Named queries</h2><ul>{''.join(examples) or '<li>none found</li>'}</ul></body></html>
"""
    return page.encode("utf-8")


# ---------------------------------------------------------------- HTTP


class Handler(BaseHTTPRequestHandler):
    server_version = "kg-serve"
    config: ServerConfig  # set by make_server on a subclass

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass  # the CLI prints one start-up line; no per-request noise

    # ---- responses

    def _send(self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        if ctype == "text/html":
            self.send_header("Content-Security-Policy",
                             "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
        if self.config.cors_origin:
            self.send_header("Access-Control-Allow-Origin", self.config.cors_origin)
            self.send_header("Vary", "Origin")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, (message + "\n").encode("utf-8"), "text/plain")

    # ---- methods

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if url.path == "/" or (url.path == "/sparql" and "query" not in params and "update" not in params):
            self._send(200, query_page(self.config, params.get("query", [""])[0]), "text/html")
        elif url.path == "/sparql":
            if "update" in params:
                return self._error(403, "SPARQL Update is refused: this endpoint is read-only")
            self._query(params["query"][0], params)
        else:
            self._error(404, "not found: the endpoint is /sparql")

    do_HEAD = do_GET

    def do_POST(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        length = int(self.headers.get("Content-Length") or 0)
        if url.path != "/sparql":
            return self._error(403 if url.path in ("/store", "/data", "/update") else 404,
                               "this endpoint is read-only; queries go to /sparql")
        if ctype in WRITE_TYPES or (ctype and ctype not in ("application/sparql-query",
                                                              "application/x-www-form-urlencoded")):
            return self._error(403, "SPARQL Update and Graph Store writes are refused: this endpoint is read-only")
        if length > MAX_BODY:
            return self._error(413, f"request body over {MAX_BODY} bytes")
        body = self.rfile.read(length).decode("utf-8", "replace")
        if ctype == "application/sparql-query":
            return self._query(body, params)
        form = urllib.parse.parse_qs(body, keep_blank_values=True)
        if "update" in form:
            return self._error(403, "SPARQL Update is refused: this endpoint is read-only")
        if "query" not in form:
            return self._error(400, "missing 'query' parameter")
        self._query(form["query"][0], {**params, **form})

    def _refuse_write(self) -> None:
        self._error(403, "Graph Store writes are refused: this endpoint is read-only")

    do_PUT = do_DELETE = do_PATCH = _refuse_write

    def do_OPTIONS(self) -> None:
        extra = {"Allow": "GET, HEAD, POST, OPTIONS"}
        if self.config.cors_origin:
            extra.update({"Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                          "Access-Control-Allow-Headers": "Content-Type, Accept"})
        self._send(204, b"", "text/plain", extra)

    # ---- the query

    def _query(self, text: str, params: dict[str, list[str]]) -> None:
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            return self._error(403, "default-graph-uri / named-graph-uri are refused: the dataset is this store")
        try:
            answer = guarded_query(self.config.location, text,
                                   Limits(timeout=self.config.timeout, max_rows=self.config.max_rows))
        except QueryRefused as e:
            return self._error(403, f"refused: {e}")
        except QueryTimeout as e:
            return self._error(503, str(e))
        except QueryError as e:
            return self._error(400, str(e))
        except KgError as e:
            return self._error(500, str(e))
        graph = answer.form in ("CONSTRUCT", "DESCRIBE")
        offered = tuple(GRAPH_TYPES) if graph else RESULT_TYPES
        wanted = params.get("format", [None])[0]
        ctype = FORMAT_ALIASES.get(wanted or "") if wanted else negotiate(self.headers.get("Accept"), offered)
        if ctype not in offered:
            return self._error(406, "no acceptable format; offered: " + ", ".join(offered))
        extra = {"X-KG-Truncated": "true" if answer.truncated else "false"}
        if answer.truncated:
            extra["X-KG-Max-Rows"] = str(self.config.max_rows)
        self._send(200, render(answer, ctype), ctype, extra)


def make_server(config: ServerConfig, host: str = "127.0.0.1", port: int = 7878) -> ThreadingHTTPServer:
    handler = type("ConfiguredHandler", (Handler,), {"config": config})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server
