"""The worker pool hands workers out first come first served, and cheap queries do not wait behind slow ones.

Not timed: the tests assert the order things happen in (who gets a worker, which answer comes back while a
slow query still runs), never a latency.
"""

from __future__ import annotations

import queue
import threading
import time
from pathlib import Path

import pytest

from kg.server.pool import WorkerPool, _get_any, _Lane, _Worker
from kg.server.worker import EndpointJob

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }"  # never finishes on the curated store
CHEAP = "SELECT ?d WHERE { ?d a kgv:Drug } ORDER BY ?d LIMIT 1"


def _worker(n: int) -> _Worker:
    return _Worker(process=None, conn=None, pid=n)  # type: ignore[arg-type]


def test_a_returned_worker_goes_to_the_longest_waiting_request_not_to_a_newcomer() -> None:
    lane = _Lane()
    got: list[tuple[str, int]] = []
    started = threading.Event()

    def waiter(name: str) -> None:
        started.set()
        got.append((name, lane.get(30).pid))

    first = threading.Thread(target=waiter, args=("first",))
    first.start()
    started.wait()
    while not lane._waiters:  # the first request is queued
        time.sleep(0.01)
    lane.put(_worker(1))
    with pytest.raises(queue.Empty):
        lane.get_nowait()  # a newcomer cannot take the worker handed to the waiting request
    first.join(10)
    assert got == [("first", 1)]


def test_requests_get_workers_in_the_order_they_asked() -> None:
    lane = _Lane()
    order: list[str] = []
    threads = []
    for name in "abcde":
        t = threading.Thread(target=lambda n=name: order.append((n, lane.get(30).pid)))
        t.start()
        threads.append(t)
        while len(lane._waiters) < len(threads):
            time.sleep(0.01)
    for pid in range(5):
        lane.put(_worker(pid))
        time.sleep(0.05)
    for t in threads:
        t.join(10)
    assert [n for n, _ in order] == list("abcde")
    assert [pid for _, pid in order] == list(range(5))


def test_a_request_that_gave_up_is_skipped_and_the_worker_stays_available() -> None:
    lane = _Lane()
    with pytest.raises(queue.Empty):
        lane.get(0.05)
    lane.put(_worker(7))
    assert lane.get_nowait().pid == 7


def _job(text: str) -> EndpointJob:
    return EndpointJob(text, "application/sparql-results+json", [], 100)


def test_a_cheap_query_answers_on_the_fast_lane_while_every_general_worker_runs_a_slow_one(store_path: Path) -> None:
    pool = WorkerPool(str(store_path), 1, fast=1)
    try:
        for _ in range(3):  # learn its cost (the first run on a worker also parses it)
            pool.run(_job(CHEAP), 30)
        assert pool.is_cheap(_job(CHEAP)) and not pool.is_cheap(_job(SLOW))
        slow: dict = {}

        def run_slow() -> None:
            try:
                pool.run(_job(SLOW), 4)
            except Exception as e:  # noqa: BLE001 - the slow query times out: that is the point
                slow["error"] = e

        thread = threading.Thread(target=run_slow)
        thread.start()
        time.sleep(0.3)
        before = pool.fast_jobs
        answer = pool.run(_job(CHEAP), 30)  # the only general worker is busy with the slow query
        assert thread.is_alive(), "the cheap answer came back while the slow query still ran"
        assert pool.fast_jobs == before + 1
        assert b"\"bindings\"" in answer.body
        thread.join(30)
        assert "timed out" in str(slow.get("error", ""))
    finally:
        pool.close()


def test_an_unknown_or_slow_query_never_takes_the_fast_lane(store_path: Path) -> None:
    pool = WorkerPool(str(store_path), 1, fast=1)
    try:
        before = pool.fast_jobs
        pool.run(_job(CHEAP + " "), 30)  # a text never seen: its cost is unknown
        assert pool.fast_jobs == before
    finally:
        pool.close()


def test_a_request_waiting_in_two_lanes_takes_the_first_worker_either_hands_back() -> None:
    lock = threading.Lock()
    fast, general = _Lane(lock), _Lane(lock)
    got: list[int] = []
    t = threading.Thread(target=lambda: got.append(_get_any((fast, general), 30).pid))
    t.start()
    while not (fast._waiters and general._waiters):  # queued in both lanes
        time.sleep(0.01)
    general.put(_worker(3))
    t.join(10)
    assert got == [3]
    fast.put(_worker(4))  # the request was served: the fast lane's worker stays idle for the next one
    assert fast.get_nowait().pid == 4


def test_a_cheap_query_takes_a_free_general_worker_when_the_fast_lane_is_busy(store_path: Path) -> None:
    pool = WorkerPool(str(store_path), 1, fast=1)
    try:
        for _ in range(3):  # learn its cost
            pool.run(_job(CHEAP), 30)
        assert pool.is_cheap(_job(CHEAP))
        busy = pool._fast_idle.get_nowait()  # the fast-lane worker is taken (as by a running cheap query)
        try:
            before = pool.round_trips
            answer = pool.run(_job(CHEAP), 5)  # before the fix: waited for the fast lane only, PoolBusy after 5 s
            assert b"\"bindings\"" in answer.body
            assert pool.round_trips == before + 1
        finally:
            pool._fast_idle.put(busy)
    finally:
        pool.close()
