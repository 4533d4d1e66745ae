"""The explorer under `kg serve` runs each page's library call whole inside one query worker.

Before, every store query of a call (a treatment path makes ~100) crossed the pool one by one, a pipe
round trip each (a first treatment-path page took 6.3 s under kg serve, 0.57 s called directly). These
tests count the pool's round trips per page, check the page is the one the explorer renders over the
embedded store, and that a call past the timeout still gets 503 and its worker replaced.
"""

from __future__ import annotations

import time
import warnings
from pathlib import Path

import pytest

from kg.config import GRAPH_DIR
from kg.errors import KgError
from kg.explorer import ExplorerConfig, create_explorer
from kg.server.app import PooledStore, create_app
from kg.server.config import ServerConfig
from kg.server.pool import WorkerPool
from kg.server.worker import CallJob

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

OVERLAP = "scleroderma-myositis overlap"
PATH_PAGE = "/?" + "condition=scleroderma-myositis+overlap&age=50&sex=female&weight=70&height=165"
PAGES = [PATH_PAGE, "/evidence?thing=methotrexate", "/compare?subject=methotrexate", "/compare?subject=",
         "/?condition=no+such+condition"]


@pytest.fixture(scope="module")
def pool(store_path: Path):
    p = WorkerPool(str(store_path), 2)
    yield p
    p.close()


@pytest.fixture(scope="module")
def served(pool: WorkerPool, store_path: Path, seeds_dir: Path) -> TestClient:
    config = ServerConfig(str(store_path), timeout=30, queries_dir=GRAPH_DIR / "queries", sources_dir=seeds_dir,
                          workers=2)
    return TestClient(create_app(config, pool), base_url="http://127.0.0.1")


@pytest.fixture(scope="module")
def direct(store, seeds_dir: Path) -> TestClient:
    return TestClient(create_explorer(store, ExplorerConfig(queries_dir=GRAPH_DIR / "queries", sources_dir=seeds_dir,
                                                            timeout=30)))


def _round_trips(pool: WorkerPool, client: TestClient, url: str):
    before = pool.round_trips
    response = client.get(url)
    return response, pool.round_trips - before


def test_treatment_path_page_takes_a_bounded_number_of_pool_round_trips(pool: WorkerPool, served: TestClient) -> None:
    first, trips = _round_trips(pool, served, PATH_PAGE)
    assert first.status_code == 200, first.text
    assert "Treatment path" in first.text
    # The library call is one round trip; the form's three choice lists are read once and then kept.
    assert trips <= 4, f"{trips} pool round trips for the first treatment-path page"
    again, trips = _round_trips(pool, served, PATH_PAGE)
    assert again.status_code == 200
    assert trips == 1, f"{trips} pool round trips for a treatment-path page once the form's choices are read"


@pytest.mark.parametrize("url", PAGES)
def test_each_page_is_one_round_trip_and_the_page_the_embedded_store_gives(
        pool: WorkerPool, served: TestClient, direct: TestClient, url: str) -> None:
    served.get(url)  # the form's choices, read once
    response, trips = _round_trips(pool, served, url)
    assert trips == 1, f"{url}: {trips} pool round trips"
    expected = direct.get(url)
    assert response.status_code == expected.status_code
    assert response.text == expected.text, f"{url}: the served page differs from the explorer over the embedded store"


def test_graph_view_is_one_round_trip(pool: WorkerPool, served: TestClient) -> None:
    url = "/graph/view.html?condition=scleroderma-myositis+overlap&age=50&weight=70"
    response, trips = _round_trips(pool, served, url)
    assert response.status_code == 200 and "<html" in response.text.lower()
    assert trips == 1


def test_a_worker_runs_only_kg_functions(pool: WorkerPool) -> None:
    with pytest.raises(KgError, match="only kg functions"):
        pool.run(CallJob(time.sleep, (0,)), 30)


def test_a_page_past_the_timeout_is_503_and_its_worker_is_replaced(store_path: Path) -> None:
    pool = WorkerPool(str(store_path), 2)
    try:
        pooled = PooledStore(pool, str(store_path), 30)
        client = TestClient(create_explorer(pooled, ExplorerConfig()))
        assert client.get(PATH_PAGE).status_code == 200  # the form's choices are read with the long timeout
        before = pool.pids()
        pooled.timeout = 0.02  # a treatment path takes far longer than 20 ms
        response = client.get(PATH_PAGE)
        assert response.status_code == 503, response.text
        assert "timed out" in response.text
        pooled.timeout = 30
        deadline = time.monotonic() + 30
        while (len(pool.pids()) < 2 or pool.pids() == before) and time.monotonic() < deadline:
            time.sleep(0.05)
        after = pool.pids()
        assert len(after) == 2, "the pool kept its size"
        assert len(before - after) == 1, "exactly the worker running the call was killed"
        again = client.get(PATH_PAGE)
        assert again.status_code == 200, "the pool answers again after the timeout"
    finally:
        pool.close()


def run_loop(coro):
    """asyncio.run in a thread of its own: in the full suite, Playwright's sync API (browser tests, session
    scoped) keeps an event loop running in the main thread, where asyncio.run refuses to start another."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as executor:
        return executor.submit(asyncio.run, coro).result()


def test_the_event_loop_path_answers_with_a_worker_idle(pool: WorkerPool) -> None:
    from kg.server.worker import EndpointJob

    job = EndpointJob("ASK {}", None, [], 10)
    assert run_loop(pool.run_async(job, 30)).body.strip() == b'{"head": {}, "boolean": true}'


def test_coroutines_and_threads_wait_for_a_worker_in_one_queue_in_arrival_order() -> None:
    # The endpoint's requests wait on the event loop, the explorer's in threads: a worker coming back goes
    # to whichever asked first, so neither kind overtakes the other.
    import asyncio
    import threading
    import time

    from kg.server.pool import _get_any_async, _Lane, _Worker

    lane = _Lane()
    got: list[tuple[str, int]] = []

    def thread_waiter() -> None:
        got.append(("thread", lane.get(30).pid))

    async def main() -> None:
        t = threading.Thread(target=thread_waiter)
        t.start()
        while not lane._waiters:
            await asyncio.sleep(0.01)
        task = asyncio.ensure_future(_get_any_async((lane,), 30, lane.put))
        while len(lane._waiters) < 2:
            await asyncio.sleep(0.01)
        lane.put(_Worker(None, None, 1))  # type: ignore[arg-type]
        await asyncio.sleep(0.05)
        threading.Thread(target=lane.put, args=(_Worker(None, None, 2),)).start()  # from another thread
        got.append(("coroutine", (await task).pid))
        t.join(10)

    run_loop(main())
    time.sleep(0)
    assert sorted(got) == [("coroutine", 2), ("thread", 1)]


def test_a_coroutine_that_gives_up_waiting_leaves_the_worker_to_others() -> None:
    import asyncio
    import queue

    from kg.server.pool import _get_any_async, _Lane, _Worker

    lane = _Lane()

    async def main() -> None:
        with pytest.raises(queue.Empty):  # timed out
            await _get_any_async((lane,), 0.05, lane.put)
        task = asyncio.ensure_future(_get_any_async((lane,), 30, lane.put))
        await asyncio.sleep(0.02)
        task.cancel()  # the client went away
        with pytest.raises(asyncio.CancelledError):
            await task
        lane.put(_Worker(None, None, 5))  # type: ignore[arg-type]

    run_loop(main())
    assert lane.get_nowait().pid == 5, "the worker went idle, not to a request that had given up"
