"""Shared fixtures: a store built once per test session from the real curated sources."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

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
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    return SEEDS


@pytest.fixture()
def cli_env(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Environment pointing the CLI at the session store."""
    monkeypatch.setenv("KG_STORE", str(store_path))
    return {"KG_STORE": str(store_path)}
