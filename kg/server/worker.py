"""What a pool worker process does: keep the store open, run one job at a time, send the answer back.

A job is an endpoint request (run the query, write the answer in the negotiated format, return bytes),
a single Store call (select / ask / construct with bound values, return rdflib terms), or a whole
library call from the explorer (CallJob: e.g. kg.questions.paths.treatment_path, run here against a guarded view
of the store, so its ~100 queries cost no pipe round trips). Every query runs through the guard (kg.store.guards.check_query on the parsed query, check_graphs
for FROM and protocol graphs) and then the canonical text the guard checked. The parent kills a worker whose job runs past
its timeout and starts another, so nothing here needs to be interruptible.

When `kg build` swaps in a new build, the store's `current` link changes: the worker notices before
its next job and reopens, so a long-running server answers from the newest build.
"""

from __future__ import annotations

import functools
import os
import signal
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import pyoxigraph as ox

from ..errors import KgError, QueryError
from ..store import is_remote, open_store
from ..store.base import Store, with_prefixes
from ..store.guards import Checked, QueryRefused, check_graphs, check_query
from ..store.oxigraph import OxigraphStore, _to_ox
from ..store.sparql_text import has_dataset_clause
from . import formats


@dataclass
class EndpointJob:
    """A protocol request: the query text, what decides the format, the protocol dataset."""

    text: str
    accept: str | None
    format_params: list[tuple[str, str]]
    max_rows: int | None
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    # The guard's verdict on `text` (form, FROM graphs, canonical text), when a worker already reached it:
    # set by the pool from its shared cache (kg.server.pool), so only the first worker to see a text parses it.
    checked: Checked | None = None


@dataclass
class EndpointAnswer:
    mtype: str
    body: bytes
    truncated: bool


@dataclass
class LibraryJob:
    """A Store method call (select / ask / construct) made by the explorer through the pool."""

    method: str
    text: str
    bindings: dict | None
    max_rows: int | None
    checked: Checked | None = None  # as EndpointJob.checked


@dataclass
class CallJob:
    """A whole library call, `fn(store, names, *args, **kwargs)`, run inside one worker.

    `fn` is a module-level function of the kg package (pickled by reference, so the job carries its
    name, not code); `store` is the worker's guarded store (GuardedStore: every query is checked as a
    LibraryJob's is) and `names` the worker's NameIndex over it. One pool round trip and one timeout
    cover the whole call: a call still running at the timeout has its worker killed and replaced.
    """

    fn: Callable
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)


class _Backend:
    """The open store, reopened when the store's `current` link moves to a new build."""

    def __init__(self, location: str) -> None:
        self.location = location
        self._target: str | None = None
        self.store: Store | None = None
        self._graphs: set[str] | None = None
        self._names = None
        self.refresh()

    def refresh(self) -> None:
        if is_remote(self.location):
            if self.store is None:
                self.store = open_store(self.location)
            return
        target = os.path.realpath(Path(self.location) / "current")
        if target != self._target or self.store is None:
            if self.store is not None:
                self.store.close()
            self.store = open_store(self.location)
            self._target = target
            self._graphs = None
            self._names = None

    def names(self):
        """A NameIndex over the guarded store, kept until the store is reopened (its names are cached)."""
        if self._names is None:
            from ..read.names import NameIndex

            self._names = NameIndex(GuardedStore(self))
        return self._names

    def graphs(self) -> set[str]:
        if self._graphs is None:
            assert self.store is not None
            self._graphs = {str(g) for g in self.store.named_graphs()}
        return self._graphs

    def check_dataset(self, checked: Checked, protocol: list[str]) -> None:
        check_graphs(checked, self.graphs)
        if protocol:
            try:
                check_graphs(Checked(checked.form, list(protocol)), self.graphs)
            except QueryRefused as e:
                # The guard words it for FROM; the same refusal, named for the protocol parameter.
                raise QueryRefused(e.message.replace("FROM", "default-graph-uri / named-graph-uri", 1), e.hint) from None


# Per-request costs a profile of the worker showed (tokenising the text again for FROM, building the
# prefix prologue), cached per text: the same endpoint queries come back again and again.
_has_dataset_clause = functools.lru_cache(maxsize=256)(has_dataset_clause)


@functools.cache
def _prologue() -> str:
    return with_prefixes("")


def _solutions_ox(store: OxigraphStore, text: str, job: EndpointJob):
    """Run on pyoxigraph directly: terms stay pyoxigraph objects all the way to the serialiser."""
    kwargs: dict = {}
    if job.default_graphs or job.named_graphs:
        # The protocol dataset replaces the query's own FROM / FROM NAMED (SPARQL 1.1 Protocol 2.1.4).
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs] or ox.DefaultGraph()
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    else:
        kwargs["use_default_graph_as_union"] = not _has_dataset_clause(text)
    try:
        return store._ox.query(_prologue() + text, **kwargs)  # noqa: SLF001 - the store's own engine
    except SyntaxError as e:
        raise QueryError(f"SPARQL syntax error: {e}") from e
    except RuntimeError as e:
        raise QueryError(f"query failed: {e}") from e


def _verdict(job: EndpointJob | LibraryJob) -> Checked:
    """The guard's verdict on the job's text: the one the pool attached (reached by check_query in a worker
    of this pool on this exact text), else check_query's own, recorded on the job for the pool to share."""
    if job.checked is None:
        job.checked = check_query(job.text)
    return job.checked


def run_endpoint(backend: _Backend, job: EndpointJob) -> EndpointAnswer:
    checked = _verdict(job)
    text = checked.text  # the engine runs exactly the canonical text the guard checked
    mtypes = formats.choose(checked.form, job.format_params, job.accept)
    backend.check_dataset(checked, job.default_graphs + job.named_graphs)
    store = backend.store
    form = checked.form
    cap = job.max_rows
    if isinstance(store, OxigraphStore):
        result = _solutions_ox(store, text, job)
        try:
            if form == "ASK":
                answer: formats.Solutions | list = formats.Solutions([], [], boolean=bool(result))
            elif form == "SELECT":
                names = [v.value for v in result.variables]
                # A solution iterates its values in the order of result.variables (None where unbound).
                rows = [tuple(sol) for sol in (result if cap is None else islice(result, cap + 1))]
                answer = formats.Solutions(names, rows[:cap], truncated=cap is not None and len(rows) > cap)
            else:
                answer = list(result if cap is None else islice(result, cap + 1))
        except RuntimeError as e:  # evaluation errors surface while iterating
            raise QueryError(f"query failed: {e}") from e
    else:  # a remote store behind `kg serve --store URL`: rdflib terms, converted for the writers
        if job.default_graphs or job.named_graphs:
            raise QueryRefused("default-graph-uri / named-graph-uri are not supported when serving a remote store")
        assert store is not None
        if form == "ASK":
            answer = formats.Solutions([], [], boolean=store.ask(text))
        elif form == "SELECT":
            r = store.select(text, max_rows=cap)
            answer = formats.Solutions(r.vars, [tuple(None if t is None else _to_ox(t) for t in row) for row in r.rows],
                                       truncated=r.truncated)
        else:
            answer = [ox.Triple(*(_to_ox(t) for t in triple))
                      for triple in store.construct(text, max_rows=None if cap is None else cap + 1)]
    truncated = False
    if isinstance(answer, list):
        truncated = cap is not None and len(answer) > cap
        answer = answer[:cap] if truncated else answer
    else:
        truncated = answer.truncated
    mtype, body = formats.write(answer, mtypes)
    return EndpointAnswer(mtype, body, truncated)


def run_library(backend: _Backend, job: LibraryJob) -> object:
    store = backend.store
    assert store is not None
    if job.method == "named_graphs":
        return store.named_graphs()
    checked = _verdict(job)
    backend.check_dataset(checked, [])
    text = checked.text
    if job.method == "select":
        return store.select(text, job.bindings, max_rows=job.max_rows)
    if job.method == "ask":
        return store.ask(text, job.bindings)
    if job.method == "construct":
        return store.construct(text, job.bindings, max_rows=job.max_rows)
    raise ValueError(f"unknown store method {job.method!r}")


class GuardedStore:
    """The Store interface inside a worker, with the guard on every query (as run_library applies it).

    Handed to library calls (CallJob) so that code which runs whole question-answering functions
    in the worker gets exactly the checks the explorer's query-by-query calls had.
    """

    def __init__(self, backend: _Backend) -> None:
        self._backend = backend

    @property
    def location(self) -> str:
        return self._backend.location

    def select(self, query: str, bindings: Mapping | None = None, *, max_rows: int | None = None):
        return run_library(self._backend, LibraryJob("select", query, dict(bindings) if bindings else None, max_rows))

    def ask(self, query: str, bindings: Mapping | None = None) -> bool:
        return run_library(self._backend, LibraryJob("ask", query, dict(bindings) if bindings else None, None))

    def construct(self, query: str, bindings: Mapping | None = None, *, max_rows: int | None = None):
        return run_library(self._backend, LibraryJob("construct", query, dict(bindings) if bindings else None,
                                                     max_rows))

    def named_graphs(self):
        return run_library(self._backend, LibraryJob("named_graphs", "", None, None))

    def quads(self):
        raise KgError("reading every quad is not offered through the server's query pool")

    def close(self) -> None:
        pass


def run_call(backend: _Backend, job: CallJob) -> object:
    fn = job.fn
    if not getattr(fn, "__module__", "").startswith("kg."):
        raise KgError(f"refused library call {getattr(fn, '__qualname__', fn)!r}: only kg functions run in a worker")
    return fn(GuardedStore(backend), backend.names(), *job.args, **job.kwargs)


def worker_main(conn, location: str) -> None:
    """The worker's loop. Ctrl-C in the terminal reaches the whole process group: the parent handles it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        backend = _Backend(location)
        conn.send(("ready", os.getpid()))
    except BaseException as e:  # noqa: BLE001 - the parent reports it
        conn.send(("failed", f"{type(e).__name__}: {e}"))
        return
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        started = time.process_time()
        unchecked = getattr(job, "checked", False) is None  # the guard decides here; the verdict goes back
        try:
            backend.refresh()
            if isinstance(job, EndpointJob):
                value = run_endpoint(backend, job)
            elif isinstance(job, CallJob):
                value = run_call(backend, job)
            else:
                value = run_library(backend, job)
            reply: tuple = ("ok", value)
        except KgError as e:
            reply = ("err", e)
        except (formats.NotAcceptable, formats.FormatConflict) as e:
            reply = ("err", e)
        except Exception as e:  # noqa: BLE001 - every failure must reach the parent as an answer
            reply = ("err", KgError(f"{type(e).__name__}: {e}"))
        cpu = time.process_time() - started  # what the job cost this worker: the pool's fast lane learns from it
        verdict = job.checked if unchecked else None  # a new verdict of the guard, for the pool to share
        try:
            conn.send((*reply, cpu, verdict))
        except Exception as e:  # noqa: BLE001 - an unpicklable error still gets an answer
            conn.send(("err", KgError(f"{type(e).__name__}: {e}"), cpu, verdict))
