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


def test_the_event_loop_path_never_takes_a_worker_ahead_of_waiting_requests(pool: WorkerPool) -> None:

    from kg.server.worker import EndpointJob

    job = EndpointJob("ASK {}", None, [], 10)
    waited = []

    async def wait():
        waited.append(True)
        return "queued"

    assert run_loop(pool.run_async(job, 30, wait)).body.strip() in (b'{"head": {}, "boolean": true}',)
    assert waited == [], "with a worker idle and nobody waiting, the event loop sends the job itself"
    pool._waiting += 1  # a request queued in `run` for a worker (the state while the pool is saturated)
    try:
        assert run_loop(pool.run_async(job, 30, wait)) == "queued"
    finally:
        pool._waiting -= 1
    assert waited == [True], "a new request joins the queue behind the waiting one"
