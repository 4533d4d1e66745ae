"""The embedded, persistent Oxigraph store (the default engine) and StoreWriter, which builds a new
store beside the current one and swaps it in atomically.
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import os
import re
import shutil
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ..errors import QueryError, StoreError, StoreInUse, StoreMissing
from ..vocab.namespaces import sparql_prologue
from .base import Quad, Rows, _capped, _first_line, with_prefixes
from .result_norm import canonical_term, normalise_rows
from .sparql_text import has_dataset_clause, project_variables, projected_variables, query_form

_BULK_PART = 250_000  # N-Quads lines per bulk_load call when a full build writes its store
_LOAD_CHUNK = 50_000  # quads per bulk_extend call: fast, with memory bounded whatever the store size


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
        # The same object URIRef(value) gives, without rdflib's validity check (which only logs a warning):
        # Oxigraph has parsed the IRI already, and skipping the check makes each IRI term 2.5x cheaper.
        return str.__new__(URIRef, term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value, datatype=None if dt == _XSD_STRING else str.__new__(URIRef, dt))
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
        self.build_dir: Path | None = None  # the build directory opened (read-only stores), for files kept with it

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
        store.build_dir = build_dir
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
        # One rdflib term per distinct engine term, made canonical once: answers repeat predicates, classes and
        # labels on every row, and building (and validating) an rdflib term is most of the Python cost of a row.
        seen: dict = {}
        index = [names.index(n) for n in keep]

        def row(sol) -> tuple:
            out = []
            for i in index:
                value = sol[i]
                if value is None:
                    out.append(None)
                    continue
                found = seen.get(value)
                if found is None:
                    found = seen[value] = canonical_term(_from_ox(value))
                out.append(found)
            return tuple(out)

        with _reading_results():
            rows, truncated = _capped(map(row, result), max_rows)
        return Rows(keep, normalise_rows(query, keep, rows, canonical=True), truncated)

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


@contextlib.contextmanager
def _reading_results() -> Iterator[None]:
    """Evaluation is lazy: an engine error (a failing SERVICE, an I/O error) can surface while the results are
    read, after the query call returned. It is a query failure with one line, like one raised up front."""
    try:
        yield
    except (RuntimeError, OSError, SyntaxError) as e:
        raise QueryError(f"query failed while reading results: {_first_line(e)}") from e


def _syntax_message(e: Exception) -> str:
    """The parser's message with its line number moved back onto the user's query (before our prefixes)."""
    offset = sparql_prologue().count("\n")
    text = _first_line(e)
    text = re.sub(r"error at (\d+):(\d+)", lambda m: f"line {int(m.group(1)) - offset}, column {m.group(2)}", text)
    return text


MARKER = ".kg-store"  # names a directory as a store `kg build` made; nothing else is ever written over
MARKER_TEXT = "guideline-kg store: written by `kg build`; remove the whole directory to delete it\n"
_BUILD = re.compile(r"build-\d+")
_LOAD_FILE = re.compile(r"\.load-\d+\.nq")  # a full build's N-Quads hand-off to the bulk loader
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
    `current.tmp<digits>`, `.load-<digits>.nq`) are ever removed.
    """

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self._lock_fd: int | None = None
        self._build_dir: Path | None = None

    def __enter__(self) -> StoreWriter:
        if self.root.is_symlink():
            # A store directory reached through a link (e.g. a data disk linked into the project) is used
            # where it really is: the marker and emptiness checks below then apply to the real directory.
            target = self.root.resolve()
            if not target.is_dir():
                raise StoreError(f"{self.root} is a symbolic link to {target}, which is not a directory",
                                 "give --store a directory (new, empty, or built by `kg build`)")
            self.root = target
        if self.root.exists() and not self.root.is_dir():
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
            elif _LOAD_FILE.fullmatch(child.name) and child.is_file() and not child.is_symlink():
                child.unlink(missing_ok=True)  # a killed full build's hand-off file
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

    def new_store(self, based_on_current: bool = False):
        """Open the new build as a writable pyoxigraph.Store: empty, or a copy of the current store.

        The copy is an Oxigraph backup, which hard-links the current store's immutable files, so it costs
        little whatever the size; the current store is never opened for writing.
        """
        import pyoxigraph as ox

        assert self._build_dir is not None
        if based_on_current:
            current = ox.Store.read_only(str((self.root / "current").resolve()))
            current.backup(str(self._build_dir))
            del current
        return ox.Store(str(self._build_dir))

    def open_new_read_only(self):
        """The new build as a read-only pyoxigraph.Store, once the writable one is closed (`new_store`).

        Read-only, RocksDB starts no background compaction: a build that only reads after writing (an
        incremental build's validation and integrity report) pays none of it.
        """
        import pyoxigraph as ox

        assert self._build_dir is not None
        return ox.Store.read_only(str(self._build_dir))

    def discard_new_store(self) -> None:
        """Remove what was written of the new build (its store must be closed), to start it again empty."""
        assert self._build_dir is not None
        shutil.rmtree(self._build_dir, ignore_errors=True)

    def load_from(self, source) -> None:
        """Write everything in `source` (an in-memory pyoxigraph.Store) into the new build, which must be empty.

        Oxigraph serialises it to an N-Quads file next to the builds and bulk-loads that file: no Python
        object per quad, and the loader writes sorted files instead of inserting quad by quad. The file
        goes to the loader in parts of _BULK_PART lines: the loader buffers what one call gives it, so
        one call with the whole corpus doubled the build's peak memory.
        """
        import pyoxigraph as ox

        assert self._build_dir is not None
        dump = self.root / f".load-{os.getpid()}.nq"
        try:
            source.dump(output=str(dump), format=ox.RdfFormat.N_QUADS)
            store = ox.Store(str(self._build_dir))
            with dump.open("rb") as lines:
                while part := b"".join(itertools.islice(lines, _BULK_PART)):
                    store.bulk_load(part, format=ox.RdfFormat.N_QUADS)
            store.flush()
            del store
        finally:
            dump.unlink(missing_ok=True)

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
