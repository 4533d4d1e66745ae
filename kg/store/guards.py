"""Query guards shared by `kg query`, `kg serve`, named queries and build rules: what may run, for how
long, and how much comes back.

Three guards, applied in this order:

1. The parsed-query guard (`check_query`): the text is rewritten into one canonical spelling by a lexer
   that follows the SPARQL 1.1 terminals exactly (kg.store.sparql_text.canonical_query: codepoint escapes
   expanded, comments dropped, prefixed names written as full IRIs, strings re-quoted). The canonical
   text is parsed by rdflib's SPARQL 1.1 parser and its algebra is checked: SPARQL Update (INSERT,
   DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY, WITH), SERVICE (no outbound requests), and FROM /
   FROM NAMED naming a graph the store does not hold (rdflib would fetch it from the web or read it as a
   local file) are refused. The engine then runs the canonical text, never the original, so what runs
   is what was checked. When the original text also parses, its algebra must equal the canonical one;
   otherwise the query is refused as not faithfully checkable rather than run unchecked. Syntax rdflib
   does not know (Oxigraph's LATERAL, for example) is refused as a syntax error.
2. Timeout (`run_isolated`): the query runs in a forked child process that opens its own read-only
   store handle; when time runs out the child is killed with SIGKILL, so the query really stops
   (pyoxigraph 0.5 has no cancellation API and Python threads cannot be stopped). Other requests are
   unaffected: each runs in its own child, and pyoxigraph releases the GIL while it evaluates.
3. Result cap: at most `max_rows` solutions (or triples) are read; `truncated` says whether more existed.
"""

from __future__ import annotations

import functools
import logging
import math
import os
import pickle
import select
import signal
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from rdflib.term import BNode, Node

from ..errors import KgError, QueryError
from ..vocab.namespaces import PREFIXES, sparql_prologue
from . import open_store
from .sparql_text import (
    MAX_NESTING,
    MAX_PATH_STEPS,
    MAX_QUERY_CHARS,
    MAX_QUERY_TOKENS,
    QueryTooComplex,
    canonical_query,
    strict_tokens,
)

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


# ---------------------------------------------------------------- the guard on the parsed query


@dataclass
class Checked:
    """What the guard decided on: the query form, the graphs named by FROM / FROM NAMED, and the
    canonical text (`text`) that the real parser checked and that the engine must run, never the original."""

    form: str
    from_graphs: list[str] = field(default_factory=list)
    text: str = ""


# What a verdict of the guard depends on besides the query text: a cache of verdicts kept outside this
# module (kg.server.pool shares them between its workers) keys them by the text and these bounds.
GUARD_BOUNDS = (MAX_QUERY_CHARS, MAX_QUERY_TOKENS, MAX_NESTING, MAX_PATH_STEPS)

_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


def check_query(text: str) -> Checked:
    """Refuse updates, SERVICE and LOAD on the parsed query; return the form, FROM graphs and canonical text.

    The text is rewritten into canonical form (kg.store.sparql_text.canonical_query), the canonical form is
    parsed with rdflib's SPARQL 1.1 parser and its algebra is checked. When the original also parses,
    its algebra must equal the canonical one, else the query is refused as not faithfully checkable.
    FROM graphs are checked against the store later (`check_graphs`).
    """
    form, graphs, canonical = _check(text)
    return Checked(form, list(graphs), canonical)


def check_rule(text: str, name: str = "rule") -> str:
    """The guard for build rules (graph/rules/*.rq): a CONSTRUCT with no SERVICE, no update and no FROM.

    Returns the canonical text, which is what the build must run (rdflib would fetch a FROM IRI from the
    web or read it as a local file).
    """
    try:
        checked = check_query(text)
    except KgError as e:
        raise QueryRefused(f"rule {name}: {e.message}", e.hint) from e
    if checked.form != "CONSTRUCT":
        raise QueryRefused(f"rule {name}: a rule must be a CONSTRUCT query, not {checked.form}")
    if checked.from_graphs:
        raise QueryRefused(f"rule {name}: FROM <{checked.from_graphs[0]}> is refused in rules",
                           "rules run over the curated sources only")
    return checked.text


@functools.lru_cache(maxsize=256)
def _check(text: str) -> tuple[str, tuple[str, ...], str]:
    canonical = canonical_query(text, dict(PREFIXES))
    words = {t.upper for t in strict_tokens(canonical) if t.kind == "word"}
    # In canonical text a word token is always syntax (names are <IRI>s, values are quoted), so this
    # refusal cannot be dodged by spelling; the algebra check below is the second, independent one.
    for word in sorted(words & UPDATE_KEYWORDS):
        raise UpdateRefused(f"SPARQL Update ({word}) is refused: this store is read-only here")
    if "SERVICE" in words:
        raise QueryRefused(SERVICE_REFUSED)
    checked = _parse(canonical)
    if not isinstance(checked, tuple):
        original = _parse(sparql_prologue() + text)
        if not isinstance(original, tuple):
            raise QueryError(_syntax_message(original))
        raise QueryError("this query cannot be checked faithfully (its spelling is read differently by SPARQL "
                         "parsers), so it was not run", "remove comments and escapes inside names and strings")
    algebra = checked[1]
    steps = _longest_path(algebra)
    if steps > MAX_PATH_STEPS:
        raise QueryTooComplex(f"property path too long: {steps:,} predicates in one path (the limit is "
                              f"{MAX_PATH_STEPS}); it was not run", "split it into triple patterns joined by variables")
    if _contains(algebra, "ServiceGraphPattern"):
        raise QueryRefused(SERVICE_REFUSED)
    form = _FORMS.get(algebra.name)
    if form is None:
        raise QueryError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    original = _parse(sparql_prologue() + text)
    if isinstance(original, tuple) and _normal(original[1]) != _normal(algebra):
        raise QueryError("this query cannot be checked faithfully (SPARQL parsers read its spelling "
                         "differently), so it was not run", "remove comments and escapes inside names and strings")
    graphs = tuple(str(c.default if c.default is not None else c.named) for c in (algebra.datasetClause or []))
    return form, graphs, canonical


# The algebra of a long UNION chain or OPTIONAL sequence nests one level per operand (a few hundred
# within MAX_QUERY_TOKENS), so the walks below use an explicit stack, never Python recursion.


def _children(node: object) -> list | None:
    """The parts of an algebra node to walk into, or None for a leaf (a term, a string, a number)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        return list(node.values())
    if isinstance(node, (list, tuple, set, frozenset, ParseResults)):
        return list(node)
    return None


def _walk(root: object):
    """Every node of the algebra, depth first."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(_children(node) or ())


def _contains(node: object, name: str) -> bool:
    """Whether the algebra holds a node called `name` anywhere (patterns, sub-queries, EXISTS filters)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    return any(isinstance(n, CompValue) and n.name == name for n in _walk(node))


def _path_steps(path: object) -> int:
    """Predicates (IRIs) written in one rdflib property path object; 1 for a plain IRI."""
    from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, SequencePath

    count, stack = 0, [path]
    while stack:
        p = stack.pop()
        if isinstance(p, (SequencePath, AlternativePath, NegatedPath)):
            stack.extend(p.args)
        elif isinstance(p, InvPath):
            stack.append(p.arg)
        elif isinstance(p, MulPath):
            stack.append(p.path)
        else:
            count += 1
    return count


def _longest_path(node: object) -> int:
    """The most predicates any one property path of the algebra holds (0 when it has no path)."""
    from rdflib.paths import Path

    return max((_path_steps(n) for n in _walk(node) if isinstance(n, Path)), default=0)


class _Mark:
    """A bracket in the flat form of the algebra: equal only to the same bracket, never to a leaf value."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Mark) and other.text == self.text

    def __hash__(self) -> int:
        return hash(("_Mark", self.text))


_END = _Mark(")")


def _normal(root: object) -> tuple:
    """The algebra as one flat tuple of comparable values (pre-order, with bracket marks), so comparing two
    algebras never recurses, however deep they nest; blank nodes (fresh at each parse) all become one
    placeholder and sets are written in a fixed order."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    out: list[object] = []
    stack: list[object] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, _Mark):
            out.append(node)
        elif isinstance(node, CompValue):
            out.append(_Mark("(" + node.name))
            stack.append(_END)
            for key, value in reversed(list(node.items())):
                stack.append(value)
                stack.append(_Mark(key + "="))
        elif isinstance(node, (list, tuple, ParseResults)):
            out.append(_Mark("["))
            stack.append(_END)
            stack.extend(reversed(list(node)))
        elif isinstance(node, (set, frozenset)):
            members = sorted((_normal(m) for m in node), key=repr)  # sets hold variables: shallow
            out.append(_Mark("{"))
            out.extend(v for m in members for v in m)
            out.append(_END)
        else:
            out.append("_:" if isinstance(node, BNode) else node)
    return tuple(out)


def _syntax_message(e: Exception) -> str:
    """rdflib's parse error with its line moved back onto the user's query (before the predeclared prefixes)."""
    line = getattr(e, "lineno", None)
    if line is None:
        return f"SPARQL syntax error: {_first_line(e)}"
    line -= sparql_prologue().count("\n")
    return f"SPARQL syntax error: line {line}, column {getattr(e, 'col', '?')}: {getattr(e, 'msg', e)}"


def _first_line(e: Exception) -> str:
    return str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__


SERVICE_REFUSED = "SERVICE is refused: queries run only against this store, with no outbound requests"


def _parse(text: str):
    """(parse tree, algebra) from rdflib's SPARQL 1.1 parser, or its ParseException; updates are refused."""
    term_log = logging.getLogger("rdflib.term")
    level = term_log.level
    term_log.setLevel(logging.ERROR)  # rdflib warns on stderr about odd IRIs; the guard reports, not rdflib
    try:
        return _parse_quietly(text)
    finally:
        term_log.setLevel(level)


def _keep_tabs() -> None:
    """Make rdflib's SPARQL parser read a tab inside a string literal as a tab.

    pyparsing expands tabs to spaces before parsing unless told not to, so rdflib would read "a<TAB>b" as
    "a        b" while Oxigraph reads the tab: the same text would mean two things, and the guard would refuse a
    valid query as not faithfully checkable. Between tokens a tab is still white space.
    """
    from rdflib.plugins.sparql import parser

    for element in (parser.Query, parser.UpdateUnit):
        if not element.keepTabs:
            (getattr(element, "parse_with_tabs", None) or element.parseWithTabs)()  # name by pyparsing version


# Python frames rdflib's parser needs within the documented bounds: up to ~60 a bracket level (`!(` nested 20
# deep exhausts the default 1,000) and ~12 a triple pattern (its grammar recurses once per `.`: 1,000
# patterns, the most MAX_QUERY_TOKENS allows, need 12,500). Depth and size are bounded before parsing
# (kg.sparql_text.check_size), so a query within them must never fail for want of frames. Measured safe
# for the C stack of a default 8 MiB thread. The limit is only ever raised, never lowered: lowering it
# while another thread is deep in a parse would fail that parse.
_PARSER_FRAMES = 20_000


def _enough_frames() -> None:
    if sys.getrecursionlimit() < _PARSER_FRAMES:
        sys.setrecursionlimit(_PARSER_FRAMES)


def _parse_quietly(text: str):
    from pyparsing import ParseException as PE
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    _keep_tabs()
    _enough_frames()
    try:
        tree = parseQuery(text)
    except PE as e:
        try:
            parseUpdate(text)
        except Exception:
            return e
        raise UpdateRefused("SPARQL Update is refused: this store is read-only here") from None
    except RecursionError:
        raise QueryError("query nested too deeply to check") from None
    except Exception as e:  # noqa: BLE001 - rdflib's parse actions raise TypeError/ValueError on some input
        raise QueryError(f"the guard's SPARQL parser (rdflib) cannot read this query: {_first_line(e)}",
                         "the query was not run") from None
    try:
        return tree, translateQuery(tree).algebra
    except RecursionError:
        raise QueryError("query nested too deeply to check") from None
    except Exception as e:  # noqa: BLE001 - rdflib's translation rejects some ill-formed queries the grammar accepts
        raise QueryError(f"the guard's SPARQL parser (rdflib) cannot read this query: {_first_line(e)}",
                         "the query was not run") from None


def check_graphs(checked: Checked, store_graphs: Callable[[], set[str]]) -> None:
    """FROM / FROM NAMED may only name graphs the store holds: no web fetch, no local file read."""
    if not checked.from_graphs:
        return
    known = store_graphs()
    for iri in checked.from_graphs:
        if iri not in known:
            raise QueryRefused(f"FROM <{iri}> is refused: not a graph of this store",
                               "list graphs with: SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")


# ---------------------------------------------------------------- isolation and timeout


def usable_timeout(timeout: float | None) -> float | None:
    """A timeout the waits can use: None or 0 is no limit, and so is an infinite or astronomically long one
    (select() overflows past time_t); NaN or a negative number is refused."""
    if timeout is None:
        return None
    if math.isnan(timeout) or timeout < 0:
        raise QueryError(f"invalid timeout {timeout!r}: give a number of seconds, 0 for no limit")
    return None if timeout == 0 or timeout > 1e7 else timeout


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
    timeout = usable_timeout(timeout)
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
        _, status = os.waitpid(pid, 0)
    if not chunks:
        if os.WIFSIGNALED(status):
            try:
                name = signal.Signals(os.WTERMSIG(status)).name
            except ValueError:
                name = f"signal {os.WTERMSIG(status)}"
            raise QueryError(f"the query engine crashed ({name}) and gave no answer; nothing was changed",
                             f"queries within the documented limits (nesting {MAX_NESTING}, see README "
                             "'Reliability') should not do this: please report it with the query")
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
    rows: object = None  # kg.store.base.Rows for SELECT
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
    max_rows = limits.max_rows if limits.max_rows and limits.max_rows > 0 else None
    if max_rows is not None and max_rows >= sys.maxsize:
        max_rows = None  # more rows than can exist: no cap (islice takes at most sys.maxsize)
    timeout = usable_timeout(limits.timeout)

    def work() -> Answer:
        # The check runs in the child too, under the same timeout: rdflib's parser takes minutes on some
        # texts (20,000 alternatives), and that time must not escape --timeout.
        checked = check_query(text)
        query = checked.text  # the engine runs exactly the canonical text the guard checked
        store = open_store(location, timeout=timeout)
        try:
            check_graphs(checked, lambda: {str(g) for g in store.named_graphs()})
            bound = bindings(store) if callable(bindings) else bindings
            if checked.form == "SELECT":
                rows = store.select(query, bound, max_rows=max_rows)
                return Answer("SELECT", rows=rows, truncated=rows.truncated)
            if checked.form == "ASK":
                return Answer("ASK", boolean=store.ask(query, bound))
            triples = store.construct(query, bound, max_rows=max_rows + 1 if max_rows else None)
            truncated = max_rows is not None and len(triples) > max_rows
            return Answer(checked.form, triples=triples[:max_rows] if truncated else triples, truncated=truncated)
        finally:
            store.close()

    return run_isolated(work, timeout)  # type: ignore[return-value]
