"""Shared fixtures: a store built once per test session from the real curated sources."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from data import copy_store

from kg.build import build
from kg.config import GRAPH_DIR
from kg.store import OxigraphStore

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
# The benchmark scripts (generate, import_scale) are plain modules that some tests reuse.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from graph/ into a temporary directory (never the user's .kg/store)."""
    root = tmp_path_factory.mktemp("store")
    build(GRAPH_DIR, root)
    return root


@pytest.fixture(scope="session")
def store(store_path: Path) -> OxigraphStore:
    return OxigraphStore.open_read_only(store_path)


@pytest.fixture()
def store_copy(store_path: Path, tmp_path: Path) -> Path:
    """Copy-on-write: a test that writes to a store (rebuilds, locks, kills a writer) gets its own copy of the
    session store instead of building one. The copy's manifest matches graph/, so `build(GRAPH_DIR, copy)`
    is "unchanged" unless asked for `full=True`, exactly as after a real build."""
    return copy_store(store_path, tmp_path / "store")


@pytest.fixture(scope="session")
def fx_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from the evidence fixture (tests/fixtures/evidence): invented articles with known defects."""
    from evidence_fixture import fixture_graph

    tmp = tmp_path_factory.mktemp("evidence-fixture")
    build(fixture_graph(tmp), tmp / "store")
    return tmp / "store"


@pytest.fixture(scope="session")
def fx(fx_path: Path) -> OxigraphStore:
    return OxigraphStore.open_read_only(fx_path)


@pytest.fixture(scope="session")
def mini_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from the mini guideline (tests/fixtures/mini, see tests/mini_fixture.py)."""
    from mini_fixture import mini_graph

    tmp = tmp_path_factory.mktemp("mini")
    build(mini_graph(tmp), tmp / "store")
    return tmp / "store"


# Tests that take tens of seconds each (a real browser, a notebook kernel, full rebuilds, benchmark smoke runs)
# are `slow`: `make test` runs every test (CI), `make test-fast` leaves these out for the developer loop.
SLOW_MARKERS = ("browser", "notebook")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if any(item.get_closest_marker(m) for m in SLOW_MARKERS):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    return SEEDS


@pytest.fixture()
def cli_env(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Environment pointing the CLI at the session store."""
    monkeypatch.setenv("KG_STORE", str(store_path))
    return {"KG_STORE": str(store_path)}


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory):
    """A real Virtuoso (Debian's package) on 127.0.0.1, loaded with `kg build --store URL`; stopped at the end."""
    from click.testing import CliRunner
    from engines import start_virtuoso

    from kg_cli.main import main

    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    try:
        result = CliRunner().invoke(main, ["build", "-q", "--store", server.url], env={"KG_STORE": None, **server.env})
        assert result.exit_code == 0, f"kg build --store {server.url} failed: {result.output[-2000:]}"
        yield server
    finally:
        server.stop()
