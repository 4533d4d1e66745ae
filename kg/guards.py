"""Query guards shared by `kg query` and `kg serve`: what may run, for how long, and how much comes back.

Three guards, applied in this order:

1. Text guard (`check_query`): a tokenizer that skips strings, comments and IRIs, so a keyword inside
   a literal never trips it and a keyword hidden in a comment never slips past the form check.
   Refused: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY, WITH), SERVICE
   (no outbound requests), and FROM / FROM NAMED naming a graph the store does not hold (rdflib would
   fetch such an IRI from the web or read it as a local file). The tokenizer, not rdflib's parser, is
   used because the parser rejects valid Oxigraph syntax such as LATERAL and costs ~100 ms to import.
2. Timeout (`run_isolated`): the query runs in a forked child process that opens its own read-only
   store handle; when time runs out the child is killed with SIGKILL, so the query really stops
   (pyoxigraph 0.5 has no cancellation API and Python threads cannot be stopped). Other requests are
   unaffected: each runs in its own child, and pyoxigraph releases the GIL while it evaluates.
3. Result cap: at most `max_rows` solutions (or triples) are read; `truncated` says whether more existed.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from rdflib.term import Node

from .errors import KgError, QueryError
from .namespaces import PREFIXES
from .sparql_text import QUERY_FORMS, Token, tokenize
from .store import open_store

UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})

DEFAULT_TIMEOUT = 10.0


class QueryRefused(QueryError):
    """The query asks for something the guards do not allow (SERVICE, FROM outside the store)."""


class UpdateRefused(QueryRefused):
    """SPARQL Update or a Graph Store write: the store is read-only here."""


class QueryTimeout(KgError):
    """The query ran past its time limit and was stopped."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"query timed out after {seconds:g} s and was stopped",
                         "make it more selective (start from a bound entity) or raise --timeout")
        self.seconds = seconds


# ---------------------------------------------------------------- tokenizer

def _prefixes_declared(tokens: list[Token]) -> dict[str, str]:
    declared = dict(PREFIXES)
    for i, tok in enumerate(tokens[:-2]):
        if (tok.kind == "word" and tok.upper == "PREFIX"
                and tokens[i + 1].kind == "pname" and tokens[i + 2].kind == "iri"):
            declared[tokens[i + 1].text.rstrip(":").split(":")[0]] = tokens[i + 2].text[1:-1]
    return declared


def _expand(tok: Token, prefixes: dict[str, str]) -> str | None:
    if tok.kind == "iri":
        return tok.text[1:-1]
    if tok.kind == "pname":
        prefix, _, local = tok.text.partition(":")
        return prefixes[prefix] + local if prefix in prefixes else None
    return None


# ---------------------------------------------------------------- text guard


@dataclass
class Checked:
    """What the text guard learnt: the query form and the graphs named by FROM / FROM NAMED."""

    form: str
    from_graphs: list[str] = field(default_factory=list)


def check_query(text: str) -> Checked:
    """Refuse updates, SERVICE and LOAD; return the form and the FROM graphs (checked against the store later)."""
    tokens = tokenize(text)
    words = [t for t in tokens if t.kind == "word"]
    for tok in words:
        if tok.upper in UPDATE_KEYWORDS:
            raise UpdateRefused(f"SPARQL Update ({tok.upper}) is refused: this store is read-only here")
        if tok.upper == "SERVICE":
            raise QueryRefused("SERVICE is refused: queries run only against this store, with no outbound requests")
    form = next((t.upper for t in words if t.upper in QUERY_FORMS), None)
    if form is None:
        raise QueryError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    prefixes = _prefixes_declared(tokens)
    graphs = []
    for i, tok in enumerate(tokens):
        if tok.kind != "word" or tok.upper != "FROM":
            continue
        j = i + 1
        if j < len(tokens) and tokens[j].kind == "word" and tokens[j].upper == "NAMED":
            j += 1
        iri = _expand(tokens[j], prefixes) if j < len(tokens) else None
        if iri is None:
            raise QueryRefused("FROM must name a graph of this store by IRI")
        graphs.append(iri)
    return Checked(form, graphs)


def check_graphs(checked: Checked, store_graphs: Callable[[], set[str]]) -> None:
    """FROM / FROM NAMED may only name graphs the store holds: no web fetch, no local file read."""
    if not checked.from_graphs:
        return
    known = store_graphs()
    for iri in checked.from_graphs:
        if iri not in known:
            raise QueryRefused(f"FROM <{iri}> is refused: not a graph of this store",
                               "list graphs with: SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")


def where_brace(text: str) -> int:
    """Offset just after the `{` that opens the query's WHERE pattern (for inserting a VALUES block).

    The WHERE keyword is optional in SELECT/ASK/DESCRIBE; in CONSTRUCT the first top-level group is the
    template unless written `CONSTRUCT WHERE { ... }`.
    """
    tokens = tokenize(text)
    form = next((t.upper for t in tokens if t.kind == "word" and t.upper in QUERY_FORMS), None)
    depth = 0
    seen_where = False
    groups_closed = 0
    for tok in tokens:
        if tok.kind == "word" and tok.upper == "WHERE" and depth == 0:
            seen_where = True
        elif tok.text == "{":
            if depth == 0 and (seen_where or form != "CONSTRUCT" or groups_closed >= 1):
                return tok.end
            depth += 1
        elif tok.text == "}":
            depth -= 1
            if depth == 0:
                groups_closed += 1
    raise QueryError("cannot find the WHERE pattern of the query")


# ---------------------------------------------------------------- isolation and timeout


def run_isolated(fn: Callable[[], object], timeout: float | None) -> object:
    """Run `fn` in a forked child and return its (pickled) result; kill it after `timeout` seconds.

    Exceptions raised by `fn` are re-raised here. The child must open its own store handle: sharing the
    parent's across fork is not safe. With timeout None or 0 the call still runs isolated, without a limit.
    """
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never return into the caller's stack
        os.close(read_fd)
        code = 0
        try:
            try:
                payload = pickle.dumps(("ok", fn()), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException as e:  # noqa: BLE001 - every failure must reach the parent
                try:
                    payload = pickle.dumps(("err", e), protocol=pickle.HIGHEST_PROTOCOL)
                except Exception:
                    payload = pickle.dumps(("err", QueryError(f"{type(e).__name__}: {e}")))
            with os.fdopen(write_fd, "wb") as out:
                out.write(payload)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write_fd)
    deadline = time.monotonic() + timeout if timeout else None
    chunks: list[bytes] = []
    try:
        while True:
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([read_fd], [], [], wait)
            if not ready:
                os.kill(pid, signal.SIGKILL)
                raise QueryTimeout(timeout or 0)
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        os.waitpid(pid, 0)
    if not chunks:
        raise QueryError("the query process ended without an answer")
    status, value = pickle.loads(b"".join(chunks))
    if status == "err":
        raise value
    return value


# ---------------------------------------------------------------- one guarded query


@dataclass
class Limits:
    timeout: float | None = DEFAULT_TIMEOUT
    max_rows: int | None = None


@dataclass
class Answer:
    """The result of a guarded query: rows (SELECT), boolean (ASK) or triples (CONSTRUCT/DESCRIBE)."""

    form: str
    rows: object = None  # kg.store.Rows for SELECT
    boolean: bool | None = None
    triples: list[tuple[Node, Node, Node]] | None = None
    truncated: bool = False


def guarded_query(
    location: str,
    text: str,
    limits: Limits,
    bindings: Mapping[str, Node] | Callable[[object], Mapping[str, Node]] | None = None,
) -> Answer:
    """Check, then run a query against the store at `location` in an isolated, time-limited child.

    `bindings` may be a callable taking the opened store (so name resolution happens in the child too).
    """
    checked = check_query(text)
    max_rows = limits.max_rows if limits.max_rows and limits.max_rows > 0 else None

    def work() -> Answer:
        store = open_store(location)
        try:
            check_graphs(checked, lambda: {str(g) for g in store.named_graphs()})
            bound = bindings(store) if callable(bindings) else bindings
            if checked.form == "SELECT":
                rows = store.select(text, bound, max_rows=max_rows)
                return Answer("SELECT", rows=rows, truncated=rows.truncated)
            if checked.form == "ASK":
                return Answer("ASK", boolean=store.ask(text, bound))
            triples = store.construct(text, bound, max_rows=max_rows + 1 if max_rows else None)
            truncated = max_rows is not None and len(triples) > max_rows
            return Answer(checked.form, triples=triples[:max_rows] if truncated else triples, truncated=truncated)
        finally:
            store.close()

    return run_isolated(work, limits.timeout)  # type: ignore[return-value]
