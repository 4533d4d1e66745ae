"""Stores behind one interface, the way rdflib puts stores behind one Graph API.

Every question the library asks goes through `Store.select` / `ask` / `construct` with values bound as
parameters, so the same code runs on the embedded Oxigraph store (default), on rdflib's in-memory
store (the benchmark baseline and small fixtures) and on a remote SPARQL endpoint.

The default graph is the union of all named graphs (one per article, plus the shared and derived
graphs), so queries need no GRAPH clauses.

Terms crossing this boundary are rdflib terms (URIRef, Literal, BNode).
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib
import itertools
import os
import re
import shutil
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Protocol

from rdflib import BNode, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from .errors import QueryError, StoreError, StoreInUse, StoreMissing
from .namespaces import sparql_prologue
from .result_norm import normalise_rows
from .sparql_text import has_dataset_clause, project_variables, projected_variables, query_form

Quad = tuple[Node, Node, Node, Node]
_LOAD_CHUNK = 50_000  # quads per bulk_extend call: fast, with memory bounded whatever the store size


@dataclass
class Rows:
    """A SELECT result: variable names and rows of terms (None where unbound)."""

    vars: list[str]
    rows: list[tuple[Node | None, ...]]
    truncated: bool = False

    def dicts(self) -> list[dict[str, Node | None]]:
        return [dict(zip(self.vars, row, strict=True)) for row in self.rows]

    def __len__(self) -> int:
        return len(self.rows)


class Store(Protocol):
    location: str

    def select(
        self, query: str, bindings: Mapping[str, Node] | None = None, *, max_rows: int | None = None
    ) -> Rows: ...

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool: ...

    def construct(
        self, query: str, bindings: Mapping[str, Node] | None = None, *, max_rows: int | None = None
    ) -> list[tuple[Node, Node, Node]]: ...

    def quads(self) -> Iterator[Quad]: ...

    def named_graphs(self) -> list[URIRef]: ...

    def close(self) -> None: ...


def _capped(items: Iterable, max_rows: int | None) -> tuple[list, bool]:
    """Read at most max_rows items (all when None) and say whether more were left."""
    if max_rows is None:
        return list(items), False
    out = list(islice(items, max_rows + 1))
    return out[:max_rows], len(out) > max_rows


def with_prefixes(query: str) -> str:
    """Prepend the project prefixes so named queries and users can use CURIEs freely."""
    return sparql_prologue() + query


# ---------------------------------------------------------------- Oxigraph (embedded, persistent)


def _to_ox(term: Node):
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        try:
            return ox.NamedNode(str(term))
        except ValueError as e:  # a bound value the engine cannot hold as an IRI: bad input, not a crash
            raise QueryError(f"not a valid IRI: {str(term)!r} ({e})") from None
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r}")


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _from_ox(term) -> Node | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value, datatype=None if dt == _XSD_STRING else URIRef(dt))
    if isinstance(term, ox.DefaultGraph):
        return None
    raise TypeError(f"cannot convert {term!r}")


def _with_values_hint(text: str, subs: Mapping) -> str | None:
    """``text`` with the substituted values also stated as a VALUES block opening its WHERE group.

    Oxigraph plans a query before the substitutions are known, so a pattern such as
    ``?rec kgv:forCondition ?condition ; a kgv:Recommendation`` started from the type and scanned
    every recommendation in the store (0.11 CPU-s at 1M triples, 0.003 s with the hint). A VALUES
    block is visible to the planner, which then starts from the bound value. The substitution still
    binds the variable, and a VALUES row holding the same term joins with it as the identity, so the
    answer is the one the substitution alone gives. The terms are written by Oxigraph's own N-Triples
    serialiser (IRIs were checked when converted). Blank nodes cannot appear in VALUES: no hint then.
    Returns None when no hint can be written.
    """
    import pyoxigraph as ox

    from .sparql_text import where_brace

    pairs = [(var.value, term) for var, term in subs.items()]
    if any(isinstance(term, ox.BlankNode) or not var.replace("_", "a").isalnum() for var, term in pairs):
        return None
    try:
        at = where_brace(text)
    except QueryError:
        return None
    names = " ".join(f"?{var}" for var, _ in pairs)
    row = " ".join(str(term) for _, term in pairs)
    return f"{text[:at]} VALUES ({names}) {{ ({row}) }} {text[at:]}"


class OxigraphStore:
    """The embedded, persistent store. Queries open it read-only; only `kg build` writes."""

    def __init__(self, ox_store, location: str) -> None:
        self._ox = ox_store
        self.location = location
        self._held: int | None = None  # shared lock on the build being read (see StoreWriter)

    @classmethod
    def open_read_only(cls, root: str | Path) -> OxigraphStore:
        import pyoxigraph as ox

        current = Path(root) / "current"
        if not current.exists():
            raise StoreMissing(str(root))
        # Hold the build we resolved (shared lock) before opening it, then check it is still there: a
        # writer removes only builds nobody holds, so every file the reader opens later stays on disk.
        for _attempt in range(5):
            build_dir = current.resolve()
            held = hold_build(build_dir)
            if build_dir.is_dir():
                break
            if held is not None:
                os.close(held)
        try:
            store = cls(ox.Store.read_only(str(build_dir)), str(root))
        except (OSError, RuntimeError) as e:  # RocksDB reports a damaged store as RuntimeError
            if held is not None:
                os.close(held)
            raise StoreError(f"cannot open store at {root}: {e}") from e
        store._held = held
        return store

    @classmethod
    def in_memory(cls, quads: Iterable[Quad] = ()) -> OxigraphStore:
        import pyoxigraph as ox

        store = cls(ox.Store(), ":memory:")
        store.add_quads(quads)
        return store

    def add_quads(self, quads: Iterable[Quad]) -> None:
        import pyoxigraph as ox

        self._ox.extend(
            ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o), _to_ox(g) if g is not None else ox.DefaultGraph())
            for s, p, o, g in quads
        )

    def _run(self, query: str, bindings: Mapping[str, Node] | None):
        import pyoxigraph as ox

        subs = {ox.Variable(k): _to_ox(v) for k, v in (bindings or {}).items()}
        text = with_prefixes(query)
        if subs and query_form(query) == "SELECT":
            # SEP-0007 substitution binds only projected variables: project the bound names.
            text = project_variables(text, sorted(bindings or {}))
        union = not has_dataset_clause(query)
        hinted = _with_values_hint(text, subs) if subs else None
        try:
            if hinted is not None:
                try:
                    return self._ox.query(hinted, use_default_graph_as_union=union, substitutions=subs)
                except SyntaxError:
                    pass  # e.g. the query BINDs a bound name itself: run it as written, with substitution alone
            # The union of all graphs is the default graph, unless the query names its own dataset.
            return self._ox.query(text, use_default_graph_as_union=union, substitutions=subs or None)
        except SyntaxError as e:
            raise QueryError(f"SPARQL syntax error: {_syntax_message(e)}") from e
        except RuntimeError as e:
            raise QueryError(f"query failed: {_first_line(e)}") from e

    def select(self, query: str, bindings: Mapping[str, Node] | None = None, *, max_rows: int | None = None) -> Rows:
        result = self._run(query, bindings)
        names = [v.value for v in result.variables]
        keep = [n for n in names if not (n in (bindings or {}) and n not in projected_variables(query))]
        # Solutions are produced lazily, so a cap stops evaluation early instead of trimming afterwards.
        # One rdflib term per distinct engine term: answers repeat predicates, classes and labels on every row,
        # and building (and validating) an rdflib term is most of the Python cost of reading a row.
        seen: dict = {}

        def term(value):
            if value is None:
                return None
            found = seen.get(value)
            if found is None:
                found = seen[value] = _from_ox(value)
            return found

        with _reading_results():
            rows, truncated = _capped((tuple(term(sol[n]) for n in keep) for sol in result), max_rows)
        return Rows(keep, normalise_rows(query, keep, rows), truncated)

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        return bool(self._run(query, bindings))

    def construct(
        self, query: str, bindings: Mapping[str, Node] | None = None, *, max_rows: int | None = None
    ) -> list[tuple[Node, Node, Node]]:
        triples = ((_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)) for t in self._run(query, bindings))
        with _reading_results():
            return _capped(triples, max_rows)[0]

    def named_graphs(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self._ox.named_graphs() if hasattr(g, "value"))

    def quads(self) -> Iterator[Quad]:
        for q in self._ox:
            yield _from_ox(q.subject), _from_ox(q.predicate), _from_ox(q.object), _from_ox(q.graph_name)

    def close(self) -> None:
        self._ox = None
        if self._held is not None:
            os.close(self._held)
            self._held = None


# ---------------------------------------------------------------- rdflib (in memory)


class MemoryStore:
    """rdflib's in-memory Dataset: the baseline in benchmarks and a store for small fixtures."""

    def __init__(self, quads: Iterable[Quad] = ()) -> None:
        from rdflib import Dataset

        self.location = ":rdflib-memory:"
        self._ds = Dataset(default_union=True)
        for s, p, o, g in quads:
            self._ds.graph(g).add((s, p, o)) if g is not None else self._ds.add((s, p, o))

    def _run(self, query: str, bindings: Mapping[str, Node] | None):
        from pyparsing import ParseException

        try:
            return self._ds.query(with_prefixes(query), initBindings=dict(bindings or {}))
        except ParseException as e:
            line = e.lineno - sparql_prologue().count("\n")
            raise QueryError(f"SPARQL syntax error: line {line}, column {e.col}: {e.msg}") from e
        except Exception as e:  # rdflib's own evaluation errors (e.g. NotBoundError in an aggregate)
            raise QueryError(f"query failed on rdflib: {type(e).__name__}: {_first_line(e)}") from e

    def select(self, query: str, bindings: Mapping[str, Node] | None = None, *, max_rows: int | None = None) -> Rows:
        result = self._run(query, bindings)
        names = [str(v) for v in result.vars]
        try:
            rows, truncated = _capped((tuple(row) for row in result), max_rows)
        except Exception as e:  # rdflib evaluates lazily and raises its own errors (e.g. NotBoundError)
            raise QueryError(f"query failed on rdflib: {type(e).__name__}: {_first_line(e)}") from e
        return Rows(names, normalise_rows(query, names, rows), truncated)

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        return bool(self._run(query, bindings).askAnswer)

    def construct(
        self, query: str, bindings: Mapping[str, Node] | None = None, *, max_rows: int | None = None
    ) -> list[tuple[Node, Node, Node]]:
        return _capped(iter(self._run(query, bindings)), max_rows)[0]

    def named_graphs(self) -> list[URIRef]:
        return sorted(
            c.identifier
            for c in self._ds.contexts()
            if isinstance(c.identifier, URIRef) and c.identifier != DATASET_DEFAULT_GRAPH_ID
        )

    def quads(self) -> Iterator[Quad]:
        for s, p, o, g in self._ds.quads((None, None, None, None)):
            yield s, p, o, (g.identifier if hasattr(g, "identifier") else g)

    def close(self) -> None:
        pass


@contextlib.contextmanager
def _reading_results() -> Iterator[None]:
    """Evaluation is lazy: an engine error (a failing SERVICE, an I/O error) can surface while the results are
    read, after the query call returned. It is a query failure with one line, like one raised up front."""
    try:
        yield
    except (RuntimeError, OSError, SyntaxError) as e:
        raise QueryError(f"query failed while reading results: {_first_line(e)}") from e


def _first_line(e: Exception) -> str:
    return str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__


def _syntax_message(e: Exception) -> str:
    """The parser's message with its line number moved back onto the user's query (before our prefixes)."""
    offset = sparql_prologue().count("\n")
    text = _first_line(e)
    text = re.sub(r"error at (\d+):(\d+)", lambda m: f"line {int(m.group(1)) - offset}, column {m.group(2)}", text)
    return text


# ---------------------------------------------------------------- opening and writing


RDFLIB_SCHEME = "rdflib:"  # `rdflib:PATH`: the store built at PATH, queried by rdflib's in-memory engine
_RDFLIB_COPIES: dict[tuple[str, str], MemoryStore] = {}


def _rdflib_copy(root: str) -> MemoryStore:
    """rdflib's engine over a copy of a built store: the same commands on a second SPARQL engine.

    The copy is kept per build (the `current` target), so the many queries of one command, and the
    query processes forked from this one, load it once."""
    embedded = OxigraphStore.open_read_only(root)
    key = (str(Path(root).resolve()), str((Path(root) / "current").resolve()))
    try:
        if key not in _RDFLIB_COPIES:
            _RDFLIB_COPIES.clear()
            _RDFLIB_COPIES[key] = MemoryStore(embedded.quads())
        copy = _RDFLIB_COPIES[key]
    finally:
        embedded.close()
    copy.location = RDFLIB_SCHEME + root
    return copy


# Engines opened by URL scheme, named "module:Class" and imported only when a location asks for one (as
# rdflib's plugin registry names its stores): the store layer holds no import of any engine module, so the
# remote engine may build on this module without a cycle. The class is called as Class(location, timeout=…).
ENGINES: dict[str, str] = {"http://": "kg.remote:RemoteStore", "https://": "kg.remote:RemoteStore"}


def is_remote(location: str) -> bool:
    return location.startswith(tuple(ENGINES))


def _engine(location: str) -> type:
    scheme = next(s for s in ENGINES if location.startswith(s))
    module, _, name = ENGINES[scheme].partition(":")
    return getattr(importlib.import_module(module), name)


def open_store(location: str, timeout: float | None = None) -> Store:
    """Open the store at a path (embedded Oxigraph, read-only) or a SPARQL endpoint URL.

    `timeout` (seconds) bounds each request to a remote store, and is sent to engines that take a
    per-query limit so that the server stops too (the embedded store is stopped by `kg.guards`)."""
    if is_remote(location):
        return _engine(location)(location, timeout=timeout or 60.0)
    if location.startswith(RDFLIB_SCHEME):
        return _rdflib_copy(location[len(RDFLIB_SCHEME):])
    return OxigraphStore.open_read_only(location)


MARKER = ".kg-store"  # names a directory as a store `kg build` made; nothing else is ever written over
MARKER_TEXT = "guideline-kg store: written by `kg build`; remove the whole directory to delete it\n"
_BUILD = re.compile(r"build-\d+")
_TMP_LINK = re.compile(r"current\.tmp\d+")
_READERS = re.compile(r"\.(build-\d+)\.readers")


def readers_lock(build_dir: Path) -> Path:
    """The file readers of a build hold a shared lock on, so no writer removes the build under them."""
    return build_dir.with_name(f".{build_dir.name}.readers")


def hold_build(build_dir: Path) -> int | None:
    """Take a shared lock on a build for as long as the returned descriptor stays open (None: cannot)."""
    try:
        fd = os.open(readers_lock(build_dir), os.O_RDONLY)
    except OSError:
        return None  # a store built before reader locks, or an unreadable one: read without the guarantee
    fcntl.flock(fd, fcntl.LOCK_SH)
    return fd


def is_store(root: Path) -> bool:
    """A directory `kg build` made: it holds the marker file (or, for stores built before the marker,
    a `current` link to one of its own `build-<n>` directories)."""
    if (root / MARKER).is_file():
        return True
    link = root / "current"
    return link.is_symlink() and bool(_BUILD.fullmatch(os.readlink(link))) and (root / os.readlink(link)).is_dir()


class StoreWriter:
    """Builds a new store beside the current one and swaps it in atomically.

    Layout under the store root: the marker file `.kg-store`; `current`, a symlink to `build-<n>`;
    `previous`, a symlink to the build it replaced; `.lock`, held by the one writer. A build writes a
    fresh `build-<n+1>`, then replaces `current` with one rename. Old builds are removed only when they
    are neither current nor previous and no reader holds their `.build-<n>.readers` lock, so a reader
    that resolved `current` just before a swap still finds every file it opens.

    The writer never removes or overwrites anything it did not create: a directory that is not empty
    and has no marker is refused, and only entries named exactly like its own (`build-<digits>`,
    `current.tmp<digits>`) are ever removed.
    """

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self._lock_fd: int | None = None
        self._build_dir: Path | None = None

    def __enter__(self) -> StoreWriter:
        if self.root.is_symlink() or (self.root.exists() and not self.root.is_dir()):
            raise StoreError(f"{self.root} is not a directory", "give --store a directory built by `kg build`")
        if self.root.is_dir() and any(self.root.iterdir()) and not is_store(self.root):
            raise StoreError(f"{self.root} is not empty and is not a store built by `kg build` (no {MARKER} file); "
                             "nothing was written", "choose a new or empty directory for --store")
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            self._lock_fd = os.open(self.root / ".lock", os.O_CREAT | os.O_RDWR | os.O_NOFOLLOW, 0o644)
        except OSError as e:
            raise StoreError(f"cannot write the store at {self.root}: {e.strerror or e}") from e
        try:
            fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            os.close(self._lock_fd)
            self._lock_fd = None
            raise StoreInUse(str(self.root)) from e
        marker = self.root / MARKER
        if not marker.is_file():
            marker.write_text(MARKER_TEXT, encoding="utf-8")
        self._clean_orphans()
        self._build_dir = self.root / f"build-{time.time_ns()}"
        return self

    def _kept(self) -> set[str]:
        kept = set()
        for name in ("current", "previous"):
            link = self.root / name
            if link.is_symlink():
                kept.add(os.readlink(link))
        return kept

    def _clean_orphans(self) -> None:
        """Remove our own old builds that no reader holds, and link files a killed writer left behind."""
        kept = self._kept()
        for child in self.root.iterdir():
            if _TMP_LINK.fullmatch(child.name) and child.is_symlink():
                child.unlink(missing_ok=True)
            elif (m := _READERS.fullmatch(child.name)) and not (self.root / m.group(1)).exists() \
                    and child.is_file() and not child.is_symlink():
                child.unlink(missing_ok=True)  # the lock file of a build already removed
            elif (_BUILD.fullmatch(child.name) and child.is_dir() and not child.is_symlink()
                  and child.name not in kept and child != self._build_dir):
                self._remove_unread(child)

    @staticmethod
    def _remove_unread(build_dir: Path) -> None:
        lock = readers_lock(build_dir)
        try:
            fd = os.open(lock, os.O_RDONLY | os.O_NOFOLLOW)
        except FileNotFoundError:
            fd = None
        except OSError:
            return
        try:
            if fd is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return  # a reader still has it open: removed by a later build
            shutil.rmtree(build_dir, ignore_errors=True)
            lock.unlink(missing_ok=True)
        finally:
            if fd is not None:
                os.close(fd)

    def write(self, quads: Iterable[Quad]) -> None:
        try:
            self._write(quads)
        except OSError as e:  # a full disk or a file-size limit: one clear line, the previous store stays
            raise StoreError(f"cannot write the store at {self.root}: {e.strerror or _first_line(e)}; "
                             "the previous store (if any) is unchanged") from e

    def _write(self, quads: Iterable[Quad]) -> None:
        import pyoxigraph as ox

        assert self._build_dir is not None
        store = ox.Store(str(self._build_dir))
        writer = OxigraphStore(store, str(self._build_dir))
        writer.add_quads(quads)
        store.flush()
        store.optimize()
        del store

    def new_store(self, based_on_current: bool = False, replace: bool = False):
        """Open the new build as a writable pyoxigraph.Store: empty, or a copy of the current store.

        The copy is an Oxigraph backup, which hard-links the current store's immutable files, so it costs
        little whatever the size; the current store is never opened for writing.
        """
        import pyoxigraph as ox

        assert self._build_dir is not None
        if replace:
            shutil.rmtree(self._build_dir, ignore_errors=True)
        if based_on_current:
            current = ox.Store.read_only(str((self.root / "current").resolve()))
            current.backup(str(self._build_dir))
            del current
        return ox.Store(str(self._build_dir))

    def write_file(self, name: str, text: str) -> None:
        """A small file inside the new build (e.g. what it was built from), swapped in with it."""
        assert self._build_dir is not None
        tmp = self._build_dir / f".{name}.tmp"
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, self._build_dir / name)

    def load_files(self, files: Iterable[tuple[Path, URIRef]]) -> None:
        """Bulk-load RDF files straight into the new build, each into its named graph.

        Uses Oxigraph's own parser and bulk loader (no rdflib terms in between): the fast path for
        sources that were already validated, and what the benchmark measures at 1M triples.
        """
        import pyoxigraph as ox

        assert self._build_dir is not None
        store = ox.Store(str(self._build_dir))
        quads = (
            ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(str(graph)))
            for path, graph in files
            for t in ox.parse(path=str(path), format=ox.RdfFormat.from_extension(path.suffix.lstrip(".")))
        )
        # One loader over all files, fed in chunks: calling bulk_load per file restarts the loader each
        # time (slow with thousands of files), and one unbounded bulk_extend buffers everything in memory.
        while chunk := list(itertools.islice(quads, _LOAD_CHUNK)):
            store.bulk_extend(chunk)
        store.flush()
        del store

    def commit(self) -> None:
        assert self._build_dir is not None
        readers_lock(self._build_dir).touch()
        current = self.root / "current"
        old = os.readlink(current) if current.is_symlink() else None
        tmp = self.root / f"current.tmp{os.getpid()}"
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(self._build_dir.name)
        os.replace(tmp, current)
        if old is not None and old != self._build_dir.name:
            prev = self.root / f"current.tmp{os.getpid()}"
            prev.symlink_to(old)
            os.replace(prev, self.root / "previous")
        self._build_dir = None
        self._clean_orphans()

    def __exit__(self, *exc) -> None:
        if self._build_dir is not None:
            shutil.rmtree(self._build_dir, ignore_errors=True)
            readers_lock(self._build_dir).unlink(missing_ok=True)
        if self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
