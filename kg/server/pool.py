"""A pool of worker processes that keep the store open, with a timeout that really stops a query.

pyoxigraph 0.5 cannot cancel a query and a Python thread cannot be killed, so queries run in worker
processes. Each worker opens the store once and answers jobs one at a time over a pipe; the store is
not re-opened per request (that cost 15-40 ms a query before). When a job runs past its timeout the
worker is killed with SIGKILL and a fresh one is started in the background, so a stuck query stops
using CPU at once and the pool keeps its size.

Workers are started through multiprocessing's forkserver, so they fork from a small clean process
rather than from the server with its event loop and threads. The pool is thread-safe and blocking:
the endpoint calls it from a worker thread, and the explorer's synchronous handlers call it directly.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing as mp
import os
import queue
import signal
import threading
import time
from dataclasses import dataclass

from ..errors import KgError
from ..store.guards import QueryTimeout, usable_timeout

START_TIMEOUT = 60.0  # seconds a new worker may take to open the store


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


class WorkerPool:
    def __init__(self, location: str, size: int) -> None:
        if size < 1:
            raise ValueError("the pool needs at least one worker")
        self.location = location
        self.size = size
        self._ctx = mp.get_context("forkserver")
        # Preloaded once in the forkserver, so a replacement worker starts in milliseconds, and every worker
        # forks with the library the explorer calls imported and the guard's verdicts on its queries cached.
        self._ctx.set_forkserver_preload(["kg.server.worker", "rdflib.plugins.sparql.parser",
                                          "rdflib.plugins.sparql.algebra", "kg.server.warm"])
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[int] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.round_trips = 0  # jobs sent to a worker (tests count the explorer's pipe round trips)
        self._waiting = 0  # requests waiting in `run` for an idle worker
        workers = [self._spawn() for _ in range(size)]
        for w in workers:
            self._await_ready(w)
            self._idle.put(w)

    # ---- workers

    def _spawn(self) -> _Worker:
        from .worker import worker_main

        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(target=worker_main, args=(child, self.location), daemon=True,
                                    name="kg-serve-worker")
        process.start()
        child.close()
        return _Worker(process, parent, process.pid or 0)

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
                    fresh = self._spawn()
                    self._await_ready(fresh)
                except Exception:  # noqa: BLE001 - e.g. the store is being swapped: try again shortly
                    time.sleep(1)
                    continue
                if self._closed:
                    self._kill(fresh)
                else:
                    self._idle.put(fresh)
                return

        threading.Thread(target=start, name="kg-serve-respawn", daemon=True).start()

    def pids(self) -> set[int]:
        """Process ids of the live workers (for tests and diagnostics)."""
        with self._lock:
            return set(self._all)

    # ---- jobs

    def run(self, job: object, timeout: float | None) -> object:
        """Run one job on an idle worker; QueryTimeout after `timeout` seconds (the worker is replaced).

        Waiting for an idle worker is bounded by the same timeout (PoolBusy).
        """
        limit = usable_timeout(timeout)
        with self._lock:
            self._waiting += 1
        try:
            w = self._idle.get(timeout=limit)
        except queue.Empty:
            raise PoolBusy(f"all {self.size} query workers stayed busy for {limit:g} s",
                           "try again shortly, or start kg serve with more --workers") from None
        finally:
            with self._lock:
                self._waiting -= 1
        with self._exchange(w):
            w.conn.send(job)
            if not w.conn.poll(limit):
                self._replace(w)
                raise QueryTimeout(limit or 0)
            status, value = w.conn.recv()
        if status == "err":
            raise value
        return value

    @contextlib.contextmanager
    def _exchange(self, w):
        """One job's exchange with worker `w`, for `run` and `run_async` alike: counts the round trip,
        replaces the worker when it died, or when the exchange stopped half-way (interrupted or cancelled:
        its pipe is in an unknown state), and puts it back idle after a complete answer. A timeout has
        already replaced the worker where it was detected."""
        with self._lock:
            self.round_trips += 1
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
        self._idle.put(w)

    async def run_async(self, job: object, timeout: float | None, wait):
        """`run` for the event loop: with a worker idle, send the job and await its answer on the pipe
        without a thread hop; the timeout and the replacement of a stuck worker are the same as `run`'s.

        With no worker idle, or requests already waiting for one, `await wait()` (the caller runs `run` in a
        thread, which queues for a worker): a new request never takes a worker ahead of those waiting.
        """
        limit = usable_timeout(timeout)  # before taking a worker: an invalid timeout must not leak one
        if self._waiting:
            return await wait()
        try:
            w = self._idle.get_nowait()
        except queue.Empty:
            return await wait()
        with self._exchange(w):
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
            status, value = w.conn.recv()
        if status == "err":
            raise value
        return value

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                w = self._idle.get_nowait()
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
