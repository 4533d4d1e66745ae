"""A pool of worker processes that keep the store open, with a timeout that really stops a query.

pyoxigraph 0.5 cannot cancel a query and a Python thread cannot be killed, so queries run in worker
processes. Each worker opens the store once and answers jobs one at a time over a pipe; the store is
not re-opened per request (that cost 15-40 ms a query before). When a job runs past its timeout the
worker is killed with SIGKILL and a fresh one is started in the background, so a stuck query stops
using CPU at once and the pool keeps its size.

Cheap queries are not queued behind expensive ones. The pool learns what each query text costs (the CPU
seconds its worker spent on it last time); a text known to cost at most FAST_S runs on a small fast lane of extra workers
that take nothing else, so while every general worker is busy with a slow query, a cheap one still answers
at once. (Measured on the 100k benchmark store: two of the named queries cost 75-110 ms of engine CPU,
the others 1-4 ms; with one FIFO queue the cheap ones waited behind the slow ones, p99 over a second at 8
clients, against ~0.1-0.2 s on Oxigraph's thread per request.) Unknown and slow texts use the general
workers, first come first served; a fast-lane job still has the timeout and a stuck worker is replaced.
A cheap job also takes a general worker when one is free first: once the named queries were rewritten
to cost 1-14 ms, every one of them was cheap, and while they all queued for the one fast-lane worker the
general workers sat idle (kg serve answered on one core).

Workers are started through multiprocessing's forkserver, so they fork from a small clean process
rather than from the server with its event loop and threads. The pool is thread-safe and blocking:
the endpoint calls it from a worker thread, and the explorer's synchronous handlers call it directly.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import multiprocessing as mp
import os
import queue
import signal
import threading
import time
from dataclasses import dataclass

from ..errors import KgError
from ..store.guards import GUARD_BOUNDS, Checked, QueryTimeout, usable_timeout

START_TIMEOUT = 60.0  # seconds a new worker may take to open the store
FAST_S = 0.03  # a query text whose last run cost a worker at most this many CPU seconds is "cheap" (fast lane)
_COSTS_KEPT = 4096  # query texts whose cost is remembered (oldest forgotten first)
_VERDICTS_KEPT = 1024  # guard verdicts shared between the workers (oldest forgotten first)
_VERDICT_MAX_CHARS = 64 * 1024  # longer texts are not shared (bounds the cache's memory at ~128 MiB)


class PoolBusy(KgError):
    """Every worker stayed busy for the whole timeout."""

    unavailable = True  # the explorer answers 503 for it, as the endpoint does


class WorkerFailed(KgError):
    """A worker died or could not start."""


@dataclass
class _Worker:
    process: mp.process.BaseProcess
    conn: object  # multiprocessing.connection.Connection
    pid: int
    fast: bool = False  # on the fast lane: takes only jobs known to be cheap


class _Slot:
    """One request waiting in a lane: the worker handed to it, once one is.

    A thread waits on `event`; a coroutine (the endpoint, `run_async`) on `future`, woken on its event loop,
    so a request waiting for a worker costs no thread hand-off.
    """

    __slots__ = ("event", "worker", "gone", "future", "loop")

    def __init__(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        self.worker: _Worker | None = None
        self.gone = False  # gave up (timed out): skipped by the hand-off
        self.loop = loop
        self.future = loop.create_future() if loop is not None else None
        self.event = threading.Event() if loop is None else None

    def wake(self) -> None:
        if self.event is not None:
            self.event.set()
            return
        assert self.loop is not None
        try:
            here = asyncio.get_running_loop() is self.loop
        except RuntimeError:
            here = False
        if here:
            _resolve(self.future)
        else:
            self.loop.call_soon_threadsafe(_resolve, self.future)


def _resolve(future) -> None:
    if not future.done():  # (a waiter that timed out has cancelled it)
        future.set_result(None)


class _Lane:
    """Idle workers and the requests waiting for one, first come first served.

    A worker that comes back is handed straight to the longest-waiting request. queue.Queue let a thread
    that had just arrived take it ahead of one woken to take it (barging): under load a waiting request
    could starve for the whole timeout and get 503 while later ones were answered.

    Lanes of one pool share a lock, so a request can wait in two of them at once (`_get_any`): the first
    lane that hands it a worker wins, and the other skips it.
    """

    def __init__(self, lock: threading.Lock | None = None) -> None:
        self._lock = lock or threading.Lock()
        self._idle: collections.deque[_Worker] = collections.deque()
        self._waiters: collections.deque[_Slot] = collections.deque()

    def put(self, w: _Worker) -> None:
        with self._lock:
            while self._waiters:
                slot = self._waiters.popleft()
                if not slot.gone and slot.worker is None:  # (a slot may already hold another lane's worker)
                    slot.worker = w
                    slot.wake()
                    return
            self._idle.append(w)

    def get_nowait(self) -> _Worker:
        with self._lock:
            if self._idle:  # (never with requests waiting: put hands a worker to them first)
                return self._idle.popleft()
        raise queue.Empty

    def get(self, timeout: float | None) -> _Worker:
        return _get_any((self,), timeout)


def _get_any(lanes: tuple[_Lane, ...], timeout: float | None) -> _Worker:
    """An idle worker of the first lane that has one; else wait in every lane's queue, in arrival order, and
    take the first worker any of them hands over. The lanes must share one lock."""
    lock = lanes[0]._lock  # noqa: SLF001 - the lanes' shared lock
    with lock:
        for lane in lanes:
            if lane._idle:  # noqa: SLF001
                return lane._idle.popleft()  # noqa: SLF001
        slot = _Slot()
        for lane in lanes:
            lane._waiters.append(slot)  # noqa: SLF001
    assert slot.event is not None
    slot.event.wait(timeout)
    with lock:
        if slot.worker is not None:  # handed over, possibly just as the wait timed out
            return slot.worker
        slot.gone = True
    raise queue.Empty


async def _get_any_async(lanes: tuple[_Lane, ...], timeout: float | None, give_back) -> _Worker:
    """`_get_any` for a coroutine: waits on the event loop, in the same queues and order as threads do.

    Cancelled (the client went away) after a worker was handed over, it gives the worker back (`give_back`)."""
    lock = lanes[0]._lock  # noqa: SLF001 - the lanes' shared lock
    with lock:
        for lane in lanes:
            if lane._idle:  # noqa: SLF001
                return lane._idle.popleft()  # noqa: SLF001
        slot = _Slot(asyncio.get_running_loop())
        for lane in lanes:
            lane._waiters.append(slot)  # noqa: SLF001
    try:
        await asyncio.wait_for(slot.future, timeout)
    except TimeoutError:
        pass
    except BaseException:
        with lock:
            slot.gone = True
            w = slot.worker
        if w is not None:
            give_back(w)
        raise
    with lock:
        if slot.worker is not None:  # handed over, possibly just as the wait timed out
            return slot.worker
        slot.gone = True
    raise queue.Empty


def _cost_key(job: object) -> str | None:
    """What identifies a job's cost: its query text (endpoint and explorer queries); None for whole calls."""
    text = getattr(job, "text", None)
    return text if isinstance(text, str) and text else None


class WorkerPool:
    def __init__(self, location: str, size: int, fast: int = 0) -> None:
        if size < 1:
            raise ValueError("the pool needs at least one worker")
        if fast < 0:
            raise ValueError("the fast lane cannot have a negative number of workers")
        self.location = location
        self.size = size
        self.fast = fast
        self._ctx = mp.get_context("forkserver")
        # Preloaded once in the forkserver, so a replacement worker starts in milliseconds, and every worker
        # forks with the library the explorer calls imported and the guard's verdicts on its queries cached.
        self._ctx.set_forkserver_preload(["kg.server.worker", "rdflib.plugins.sparql.parser",
                                          "rdflib.plugins.sparql.algebra", "kg.server.warm"])
        lanes_lock = threading.Lock()  # shared: a cheap request waits in both lanes at once
        self._idle = _Lane(lanes_lock)
        self._fast_idle = _Lane(lanes_lock)
        self._costs: dict[str, float] = {}  # query text -> seconds its last answer took (insertion-ordered)
        # (query text, guard bounds) -> the guard's verdict a worker reached on it (kg.store.guards.check_query).
        # Attached to later jobs with that exact text, so each text is parsed by the guard once per pool,
        # not once per worker (100-400 ms of rdflib parsing each).
        self._verdicts: dict[tuple[str, tuple], Checked] = {}
        self.verdicts_shared = 0  # jobs sent with a verdict from the cache (tests and diagnostics)
        self.fast_jobs = 0  # jobs the fast lane answered (tests and diagnostics)
        self._all: set[int] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.round_trips = 0  # jobs sent to a worker (tests count the explorer's pipe round trips)
        self._waiting = 0  # requests waiting in `run` for an idle worker
        workers = [self._spawn() for _ in range(size)] + [self._spawn(fast=True) for _ in range(fast)]
        for w in workers:
            self._await_ready(w)
            self._put_idle(w)

    # ---- workers

    def _spawn(self, fast: bool = False) -> _Worker:
        from .worker import worker_main

        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(target=worker_main, args=(child, self.location), daemon=True,
                                    name="kg-serve-worker")
        process.start()
        child.close()
        return _Worker(process, parent, process.pid or 0, fast)

    def _put_idle(self, w: _Worker) -> None:
        (self._fast_idle if w.fast else self._idle).put(w)

    # ---- what a query costs

    def is_cheap(self, job: object) -> bool:
        """The job's query text cost at most FAST_S CPU seconds last time (unknown texts are not cheap)."""
        key = _cost_key(job)
        with self._lock:
            cost = self._costs.get(key) if key is not None else None
        return cost is not None and cost <= FAST_S

    def _record(self, job: object, seconds: float) -> None:
        """The CPU seconds the job's worker spent on it (not the round trip, which a busy machine stretches)."""
        key = _cost_key(job)
        if key is None:
            return
        with self._lock:
            self._costs.pop(key, None)
            self._costs[key] = seconds
            if len(self._costs) > _COSTS_KEPT:
                del self._costs[next(iter(self._costs))]

    # ---- the guard's verdicts, shared between workers

    def _attach_verdict(self, job: object) -> None:
        """Give the job the verdict a worker already reached on its exact text, if any."""
        if getattr(job, "checked", False) is not None:  # not a query job, or already decided
            return
        with self._lock:
            verdict = self._verdicts.get((job.text, GUARD_BOUNDS))  # type: ignore[attr-defined]
            if verdict is not None:
                self.verdicts_shared += 1
        job.checked = verdict  # type: ignore[attr-defined]

    def _learn_verdict(self, job: object, verdict: Checked | None) -> None:
        text = getattr(job, "text", None)
        if not isinstance(verdict, Checked) or not isinstance(text, str) or len(text) > _VERDICT_MAX_CHARS:
            return
        with self._lock:
            self._verdicts[(text, GUARD_BOUNDS)] = verdict
            if len(self._verdicts) > _VERDICTS_KEPT:
                del self._verdicts[next(iter(self._verdicts))]

    def _take_fast(self, job: object) -> _Worker | None:
        """An idle fast-lane worker for a cheap job, or None."""
        if not self.fast or not self.is_cheap(job):
            return None
        try:
            return self._fast_idle.get_nowait()
        except queue.Empty:
            return None

    def _await_ready(self, w: _Worker) -> None:
        if not w.conn.poll(START_TIMEOUT):
            self._kill(w)
            raise WorkerFailed(f"a query worker did not open the store within {START_TIMEOUT:g} s")
        try:
            status, detail = w.conn.recv()
        except (EOFError, OSError) as e:
            raise WorkerFailed(f"a query worker died while opening the store: {e}") from e
        if status != "ready":
            self._kill(w)
            raise WorkerFailed(f"a query worker could not open the store: {detail}")
        with self._lock:
            self._all.add(w.pid)

    def _kill(self, w: _Worker) -> None:
        try:
            os.kill(w.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        w.process.join(5)
        try:
            w.conn.close()
        except OSError:
            pass
        with self._lock:
            self._all.discard(w.pid)

    def _replace(self, w: _Worker) -> None:
        """Kill a worker now and start its successor in the background; the pool keeps its size."""
        self._kill(w)

        def start() -> None:
            while not self._closed:
                try:
                    fresh = self._spawn(fast=w.fast)
                    self._await_ready(fresh)
                except Exception:  # noqa: BLE001 - e.g. the store is being swapped: try again shortly
                    time.sleep(1)
                    continue
                if self._closed:
                    self._kill(fresh)
                else:
                    self._put_idle(fresh)
                return

        threading.Thread(target=start, name="kg-serve-respawn", daemon=True).start()

    def pids(self) -> set[int]:
        """Process ids of the live workers (for tests and diagnostics)."""
        with self._lock:
            return set(self._all)

    # ---- jobs

    def run(self, job: object, timeout: float | None) -> object:
        """Run one job on an idle worker; QueryTimeout after `timeout` seconds (the worker is replaced).

        Waiting for an idle worker is bounded by the same timeout (PoolBusy). A job known to be cheap
        waits for the fast lane (whose jobs end within milliseconds) or a general worker, whichever frees first.
        """
        limit = usable_timeout(timeout)
        w = self._take_fast(job)
        if w is None:
            w = self._wait_for_worker(job, limit)
        self._attach_verdict(job)
        with self._exchange(w, job):
            w.conn.send(job)
            if not w.conn.poll(limit):
                self._replace(w)
                raise QueryTimeout(limit or 0)
            status, value, cpu, verdict = w.conn.recv()
            self._record(job, cpu)
            self._learn_verdict(job, verdict)
        if status == "err":
            raise value
        return value

    def _wait_for_worker(self, job: object, limit: float | None) -> _Worker:
        cheap = bool(self.fast) and self.is_cheap(job)
        with self._lock:
            self._waiting += 1
        try:
            # A cheap job takes the fast lane's worker or a general one, whichever is free first: when every
            # query is cheap, the general workers must not sit idle while all wait for the fast lane. In the
            # general lane it queues in arrival order, never ahead of requests already waiting there.
            return _get_any((self._fast_idle, self._idle) if cheap else (self._idle,), limit)
        except queue.Empty:
            raise PoolBusy(f"all {self.size} query workers stayed busy for {limit:g} s",
                           "try again shortly, or start kg serve with more --workers") from None
        finally:
            with self._lock:
                self._waiting -= 1

    async def _wait_for_worker_async(self, job: object, limit: float | None) -> _Worker:
        cheap = bool(self.fast) and self.is_cheap(job)
        with self._lock:
            self._waiting += 1
        try:
            return await _get_any_async((self._fast_idle, self._idle) if cheap else (self._idle,), limit,
                                        self._put_idle)
        except queue.Empty:
            raise PoolBusy(f"all {self.size} query workers stayed busy for {limit:g} s",
                           "try again shortly, or start kg serve with more --workers") from None
        finally:
            with self._lock:
                self._waiting -= 1

    @contextlib.contextmanager
    def _exchange(self, w, job: object = None):
        """One job's exchange with worker `w`, for `run` and `run_async` alike: counts the round trip,
        replaces the worker when it died, or when the exchange stopped half-way (interrupted or cancelled:
        its pipe is in an unknown state), and puts it back idle after a complete answer. A timeout has already replaced the worker where it was detected."""
        with self._lock:
            self.round_trips += 1
            if w.fast:
                self.fast_jobs += 1
        try:
            yield
        except (EOFError, OSError) as e:
            self._replace(w)
            raise WorkerFailed(f"the query worker died: {e}", "the server started a new one") from e
        except QueryTimeout:
            raise
        except BaseException:
            self._replace(w)
            raise
        self._put_idle(w)

    async def run_async(self, job: object, timeout: float | None) -> object:
        """`run` for the event loop: waits for a worker, sends the job and awaits its answer on the pipe,
        all without a thread hop; the queueing (first come first served, with the threads of `run`), the
        timeout and the replacement of a stuck worker are the same as `run`'s.
        """
        limit = usable_timeout(timeout)  # before taking a worker: an invalid timeout must not leak one
        w = self._take_fast(job)
        if w is None:
            w = await self._wait_for_worker_async(job, limit)
        self._attach_verdict(job)
        with self._exchange(w, job):
            w.conn.send(job)
            if not w.conn.poll(0):
                loop = asyncio.get_running_loop()
                ready = loop.create_future()
                fd = w.conn.fileno()
                loop.add_reader(fd, lambda: ready.done() or ready.set_result(None))
                try:
                    await asyncio.wait_for(ready, limit)
                except TimeoutError:
                    self._replace(w)
                    raise QueryTimeout(limit or 0) from None
                finally:
                    loop.remove_reader(fd)
            status, value, cpu, verdict = w.conn.recv()
            self._record(job, cpu)
            self._learn_verdict(job, verdict)
        if status == "err":
            raise value
        return value

    def close(self) -> None:
        self._closed = True
        for idle in (self._idle, self._fast_idle):
            while True:
                try:
                    w = idle.get_nowait()
                except queue.Empty:
                    break
                self._kill(w)
        with self._lock:
            left = set(self._all)
        for pid in left:  # busy workers: their requests get an error
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
