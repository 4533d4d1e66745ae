"""Fixtures for real-browser tests of kg.render.viz pages.

The launch and measure code is shared with benchmarks/viz_draw.py so the tests
exercise exactly what the benchmark times. A missing browser is a FAILURE, not
a skip: these tests guard the offline/escaping guarantees and must run in CI.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = ROOT / "benchmarks"
ARTIFACTS = ROOT / "tests" / "artifacts"

for p in (str(ROOT), str(BENCHMARKS)):
    if p not in sys.path:
        sys.path.insert(0, p)

# Imported after (and through) the sys.path entries above.
viz_draw = importlib.import_module("viz_draw")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives headless chromium through Playwright")


@pytest.fixture(scope="session")
def browser_context() -> Iterator[Any]:
    problem = None
    try:
        viz_draw.check_browser()
    except viz_draw.BrowserUnavailable as exc:
        problem = str(exc)
    if problem:
        # Fail, never skip: a silently skipped browser suite would hide
        # regressions in the offline and escaping guarantees.
        pytest.fail(f"browser tests cannot run: {problem}", pytrace=False)
    with viz_draw.launch_browser() as context:
        yield context


@pytest.fixture
def page(browser_context: Any) -> Iterator[Any]:
    pg = browser_context.new_page()
    yield pg
    pg.close()


@pytest.fixture
def dialogs(page: Any) -> list[str]:
    """Messages of every alert/confirm/prompt the page opens.

    Any dialog at all means data was executed as script; dismissing keeps the
    page from blocking.
    """
    seen: list[str] = []

    def on_dialog(dialog: Any) -> None:
        seen.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return seen


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def open_viz(page: Any, tmp_path: Path) -> Callable[..., tuple[Any, viz_draw.PageStats, Any]]:
    """Render a graph, write it to a file and open it: returns (page, stats, report)."""
    from kg.render.viz import render_html, write_html

    def _open(g: Any, name: str = "viz.html", **kwargs: Any) -> tuple[Any, viz_draw.PageStats, Any]:
        kwargs.setdefault("title", name)
        html_text, report = render_html(g, **kwargs)
        path = write_html(tmp_path / name, html_text)
        stats = viz_draw.open_page(page, path)
        return page, stats, report

    return _open
