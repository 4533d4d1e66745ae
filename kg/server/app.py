"""The ASGI app of `kg serve`: the SPARQL 1.1 Protocol endpoint at /sparql, and the explorer at /.

Request handling follows the SPARQL 1.1 Protocol (https://www.w3.org/TR/sparql11-protocol/):

* GET /sparql?query=…, POST form-encoded (`query=` in the body), POST `application/sparql-query`.
  Exactly one `query`; a second one is 400. A POST without a Content-Type, or with one that is neither
  of the two, is 415; a charset other than UTF-8 is 415; a body that is not UTF-8 is 400.
* `default-graph-uri` / `named-graph-uri` (repeatable) set the dataset, replacing the query's FROM /
  FROM NAMED; each must name a graph of the store (else 403).
* The result format: the `Accept` header, unless the request names one with `format=` (or `output=`,
  as Fuseki and SPARQLWrapper send it), which then wins. Short names follow the query form
  (`xml` is results XML for SELECT/ASK and RDF/XML for CONSTRUCT/DESCRIBE).
* Read-only: `update=`, `application/sparql-update` and RDF bodies (Graph Store writes) get 403.

Guards: kg.store.guards decides on the parsed query (check_query) and on the dataset (check_graphs), inside a
pool worker, and the worker runs the canonical text the guard checked; the timeout covers the check
too and is enforced by killing the worker (kg.server.pool). Parsing in the workers also keeps the
event loop free and spreads the guard's cost over the cores. The pool shares each verdict between its workers
(kg.server.pool: a text is parsed by the guard once per server, not once per worker).

/sparql's GET, HEAD and POST are answered by a plain ASGI handler (`sparql` in create_app) rather than a
Starlette route: Starlette's Request/Response objects cost about as much parent CPU per request as the
rest of a cheap query's handling. Everything else (OPTIONS, the page, the explorer) is Starlette's.
"""

from __future__ import annotations

import codecs
import html
import re
import urllib.parse
from collections.abc import Mapping
from contextlib import asynccontextmanager

import anyio
from rdflib.term import Node
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.types import Receive, Scope, Send

from ..errors import KgError, QueryError
from ..store.base import Rows
from ..store.guards import QueryRefused, QueryTimeout
from . import formats
from .config import ServerConfig
from .guard_http import HostOriginGuard
from .pool import PoolBusy, WorkerPool
from .worker import CallJob, EndpointAnswer, EndpointJob, LibraryJob

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
# Bodies that would write to the store: SPARQL Update and Graph Store Protocol uploads.
WRITE_TYPES = frozenset({UPDATE, "text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json",
                         "application/n-quads", "application/trig", "text/n3", "application/x-turtle"})
BODY_TIMEOUT = 30.0  # seconds a client may take to send its request body


class ProtocolError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


# ---------------------------------------------------------------- the store as the explorer sees it


class PooledStore:
    """The kg.store.base.Store interface, answered by the worker pool: the explorer's queries get the same
    guards as the endpoint (text guard, timeout with the worker killed, FROM limited to the store).

    Methods block; call them from a thread (Starlette runs synchronous handlers in its thread pool).
    """

    def __init__(self, pool: WorkerPool, location: str, timeout: float) -> None:
        self._pool = pool
        self.location = location
        self.timeout = timeout

    def _run(self, method: str, query: str, bindings: Mapping[str, Node] | None, max_rows: int | None):
        job = LibraryJob(method, query, dict(bindings) if bindings else None, max_rows)
        return self._pool.run(job, self.timeout)

    def select(self, query: str, bindings: Mapping[str, Node] | None = None, *, max_rows: int | None = None) -> Rows:
        return self._run("select", query, bindings, max_rows)

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        return self._run("ask", query, bindings, None)

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None, *, max_rows: int | None = None):
        return self._run("construct", query, bindings, max_rows)

    def named_graphs(self):
        return self._pool.run(LibraryJob("named_graphs", "", None, None), self.timeout)

    def call(self, fn, *args, **kwargs):
        """`fn(store, names, *args, **kwargs)` run whole inside one worker (one round trip, one timeout).

        The explorer's pages use this for their library call (a treatment path makes ~100 queries,
        which one by one through the pool cost a pipe round trip each); the worker's store applies
        the same guard to every query, and a call past the timeout has its worker killed (503).
        """
        return self._pool.run(CallJob(fn, args, kwargs), self.timeout)

    def quads(self):
        raise KgError("reading every quad is not offered through the server's query pool")

    def close(self) -> None:
        pass


# ---------------------------------------------------------------- request parsing


_BAD_ESCAPE = re.compile(rb"%(?![0-9A-Fa-f]{2})")


def _unquote_plus(part: bytes) -> str:
    """urllib.parse.unquote_plus on ASCII bytes, strict UTF-8, with the %XX escapes decoded in C: a form
    body is a query text percent-encoded nearly character by character, and urllib's pure-Python unquote
    was the largest single cost of the server's parent in a profile. A stray '%' (not followed by two hex
    digits) stays as it is, as urllib leaves it: such parts take urllib's own path."""
    part = part.replace(b"+", b" ")
    if b"%" in part:
        if _BAD_ESCAPE.search(part):
            part = urllib.parse.unquote_to_bytes(part)
        else:  # every '%' starts an escape: as \xHH (backslashes doubled first) for the C decoder
            part = codecs.escape_decode(part.replace(b"\\", b"\\\\").replace(b"%", b"\\x"))[0]
    return part.decode("utf-8")


def _pairs(raw: bytes, what: str) -> list[tuple[str, str]]:
    """urllib.parse.parse_qsl(raw, keep_blank_values=True, errors="strict") on an ASCII query string or
    form body (a property test holds the two equal); 400 for bytes that are not ASCII, or not UTF-8 once
    percent-decoded."""
    try:
        raw.decode("ascii")
        out = []
        for field in raw.split(b"&"):
            if field:
                name, _, value = field.partition(b"=")
                out.append((_unquote_plus(name), _unquote_plus(value)))
        return out
    except UnicodeDecodeError:
        raise ProtocolError(400, f"the {what} is not valid UTF-8 once percent-decoded") from None


def _media_type(header: str | None) -> tuple[str, dict[str, str]]:
    if not header:
        return "", {}
    main, *params = header.split(";")
    out = {}
    for p in params:
        k, _, v = p.partition("=")
        out[k.strip().lower()] = v.strip().strip('"').lower()
    return main.strip().lower(), out


class _Head:
    """What the endpoint reads of an ASGI request: method, raw query string, headers (first value of each)."""

    __slots__ = ("method", "query_string", "headers")

    def __init__(self, scope: Scope) -> None:
        self.method: str = scope["method"]
        self.query_string: bytes = scope.get("query_string", b"")
        headers: dict[str, str] = {}
        for k, v in scope["headers"]:
            name = k.decode("latin-1")
            if name not in headers:  # the first one, as Starlette's Headers.get read it
                headers[name] = v.decode("latin-1")
        self.headers = headers


async def _read_body(receive: Receive, cap: int) -> bytes:
    chunks, size = [], 0
    try:
        with anyio.fail_after(BODY_TIMEOUT):
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    raise ClientDisconnect()
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > cap:
                    raise ProtocolError(413, f"request body over {cap} bytes")
                chunks.append(chunk)
                if not message.get("more_body", False):
                    break
    except TimeoutError:
        raise ProtocolError(408, f"the request body did not arrive within {BODY_TIMEOUT:g} s") from None
    return b"".join(chunks)


def _one(params: list[tuple[str, str]], name: str) -> str | None:
    values = [v for k, v in params if k == name]
    if len(values) > 1:
        raise ProtocolError(400, f"more than one '{name}' parameter: send exactly one")
    return values[0] if values else None


async def parse_request(head: _Head, receive: Receive, config: ServerConfig) -> tuple[str | None, list[tuple[str, str]]]:
    """The query text (None: no query, show the page) and every protocol parameter."""
    params = _pairs(head.query_string, "query string")
    if head.method == "POST":
        ctype, cparams = _media_type(head.headers.get("content-type"))
        if ctype in WRITE_TYPES:
            raise ProtocolError(403, "SPARQL Update and Graph Store writes are refused: this endpoint is read-only")
        if ctype not in (FORM, DIRECT):
            raise ProtocolError(415, ("a POST needs a Content-Type: " if not ctype else f"{ctype} is not accepted: ")
                                + f"send {FORM} (query=…) or {DIRECT}")
        charset = cparams.get("charset")
        if charset and charset not in ("utf-8", "utf8"):
            raise ProtocolError(415, f"charset {charset} is not accepted: the SPARQL Protocol requires UTF-8")
        body = await _read_body(receive, config.max_body)
        if ctype == DIRECT:
            if any(k in ("query", "update") for k, _ in params):
                raise ProtocolError(400, f"a {DIRECT} POST carries the query in its body, not in a 'query' parameter")
            try:
                return body.decode("utf-8"), params
            except UnicodeDecodeError:
                raise ProtocolError(400, "the query is not valid UTF-8") from None
        params = params + _pairs(body, "form body")
    if any(k in ("update", "using-graph-uri", "using-named-graph-uri") for k, _ in params):
        raise ProtocolError(403, "SPARQL Update is refused: this endpoint is read-only")
    return _one(params, "query"), params


# ---------------------------------------------------------------- responses


def _headers(config: ServerConfig, request: Request | _Head, extra: dict[str, str] | None = None) -> dict[str, str]:
    h = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store", "Vary": "Accept, Origin"}
    origin = request.headers.get("origin")
    if config.cors_origin and origin and origin.rstrip("/").lower() == config.cors_origin.rstrip("/").lower():
        h["Access-Control-Allow-Origin"] = config.cors_origin
    h.update(extra or {})
    return h


def _error(config: ServerConfig, request: Request, status: int, message: str) -> Response:
    return PlainTextResponse(message + "\n", status_code=status, headers=_headers(config, request))


async def _send(send: Send, status: int, body: bytes, headers: dict[str, str]) -> None:
    """One whole response, as Starlette's Response sends it (content-length but for 204/304; a HEAD
    request's body is dropped by uvicorn)."""
    raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
    if status not in (204, 304):
        raw.append((b"content-length", str(len(body)).encode("latin-1")))
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


async def _send_error(send: Send, config: ServerConfig, head: _Head, status: int, message: str,
                      close: bool = False) -> None:
    headers = {**_headers(config, head), "Content-Type": "text/plain; charset=utf-8"}
    if close:  # the rest of the body is unread: this connection cannot carry another request
        headers["Connection"] = "close"
    await _send(send, status, (message + "\n").encode("utf-8"), headers)


def _content_type(mtype: str) -> str:
    return mtype + ("; charset=utf-8" if mtype.startswith("text/") or mtype.endswith(("+json", "+xml", "/json"))
                    else "")


def query_page(config: ServerConfig, query: str = "") -> str:
    """A minimal page (used until the explorer package is installed): a form and the named queries."""
    examples = []
    if config.queries_dir is not None:
        from ..read.queries import named_queries

        for q in named_queries(config.queries_dir).values():
            params = ", ".join(f"?{p.name} ({p.kind})" for p in q.params)
            link = "/?" + urllib.parse.urlencode({"query": q.text})
            examples.append(
                f"<li><a href=\"{html.escape(link)}\">{html.escape(q.name)}</a>: {html.escape(q.title)}"
                + (f"<br><small>binds {html.escape(params)}: add a VALUES clause or use "
                   f"<code>kg query {html.escape(q.name)} --param …</code></small>" if params else "")
                + "</li>")
    return f"""<!doctype html>
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


SPARQL_PATHS = frozenset({"/sparql", "/sparql/"})
PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"


# ---------------------------------------------------------------- the app


def create_app(config: ServerConfig, pool: WorkerPool | None = None, *, bound_host: str = "127.0.0.1",
               port: int | None = None) -> Starlette:
    """The whole app: /sparql, and the explorer at / when kg.explorer is installed (else a small page).

    Starts the worker pool unless one is given; the app's shutdown closes it.
    """
    pool = pool or WorkerPool(config.location, config.workers, config.fast_workers)

    async def sparql(scope: Scope, receive: Receive, send: Send) -> None:
        """/sparql as a plain ASGI handler: the hot path of the server, without Starlette's request and
        response objects (which cost about as much CPU as the rest of a cheap query's request)."""
        head = _Head(scope)
        status, message = 500, ""
        try:
            text, params = await parse_request(head, receive, config)
            if text is None:
                if head.method == "POST":
                    raise ProtocolError(400, "missing 'query' parameter")
                page_headers = {**_headers(config, head, {"Content-Security-Policy": PAGE_CSP}),
                                "Content-Type": "text/html; charset=utf-8"}
                await _send(send, 200, query_page(config).encode("utf-8"), page_headers)
                return
            job = EndpointJob(text, head.headers.get("accept"),
                              [(k, v) for k, v in params if k in ("format", "output")], config.max_rows,
                              [v for k, v in params if k == "default-graph-uri"],
                              [v for k, v in params if k == "named-graph-uri"])
            answer: EndpointAnswer = await pool.run_async(job, config.timeout)  # type: ignore[assignment]
        except ProtocolError as e:
            await _send_error(send, config, head, e.status, str(e), close=e.status in (408, 413))
            return
        except ClientDisconnect:
            status, message = 400, "the client went away"
        except QueryRefused as e:
            status, message = 403, f"refused: {e}"
        except (QueryTimeout, PoolBusy) as e:
            status, message = 503, str(e)
        except QueryError as e:
            status, message = 400, str(e)
        except formats.NotAcceptable as e:
            status, message = 406, str(e)
        except formats.FormatConflict as e:
            status, message = 400, str(e)
        except KgError as e:
            status, message = 500, str(e)
        else:
            extra = {"X-KG-Truncated": "true" if answer.truncated else "false"}
            if answer.truncated:
                extra["X-KG-Max-Rows"] = str(config.max_rows)
            await _send(send, 200, answer.body, {"Content-Type": _content_type(answer.mtype),
                                                 **_headers(config, head, extra)})
            return
        await _send_error(send, config, head, status, message)

    async def options(request: Request) -> Response:
        extra = {"Allow": "GET, HEAD, POST, OPTIONS"}
        if config.cors_origin:
            extra.update({"Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                          "Access-Control-Allow-Headers": "Content-Type, Accept"})
        return Response(b"", status_code=204, headers=_headers(config, request, extra))

    async def page(request: Request) -> Response:
        return HTMLResponse(query_page(config, request.query_params.get("query", "")),
                            headers=_headers(config, request, {"Content-Security-Policy": PAGE_CSP}))

    async def write_refused(request: Request) -> Response:
        return _error(config, request, 403, "this endpoint is read-only; queries go to /sparql")

    routes: list = [  # (GET, HEAD and POST of /sparql never reach these: `endpoint` below answers them)
        Route("/sparql", options, methods=["OPTIONS"]),
        Route("/{path:path}", write_refused, methods=["POST"]),
    ]
    explorer = _explorer(config, PooledStore(pool, config.location, config.timeout))
    # The explorer owns "/" and its pages, mounted after the endpoint's routes.
    routes.append(Mount("/", app=explorer) if explorer is not None else Route("/", page, methods=["GET", "HEAD"]))

    @asynccontextmanager
    async def lifespan(app: Starlette):
        try:
            yield
        finally:
            pool.close()

    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.pool = pool

    async def endpoint(scope: Scope, receive: Receive, send: Send) -> None:
        """GET, HEAD and POST of /sparql (and /sparql/) straight to `sparql`; everything else to Starlette."""
        if scope["type"] == "http" and scope["path"] in SPARQL_PATHS and scope["method"] in ("GET", "HEAD", "POST"):
            await sparql(scope, receive, send)
        else:
            await app(scope, receive, send)

    endpoint.state = app.state  # type: ignore[attr-defined]
    guard = HostOriginGuard(endpoint, bound_host=bound_host, port=port, allowed_hosts=config.allowed_hosts,
                            cors_origin=config.cors_origin, max_body=config.max_body)
    app.state.guard = guard
    return guard  # type: ignore[return-value]


def _explorer(config: ServerConfig, store: PooledStore):
    try:
        from ..explorer import create_explorer
    except ImportError:
        return None
    try:
        from ..explorer import ExplorerConfig
    except ImportError:  # the contract is create_explorer(store, config); the config class is theirs
        return create_explorer(store, config)
    return create_explorer(store, ExplorerConfig(queries_dir=config.queries_dir, sources_dir=config.sources_dir,
                                                 sparql_path="/sparql", timeout=config.timeout,
                                                 max_rows=config.max_rows))
