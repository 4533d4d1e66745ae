"""Draw-time benchmark for kg.render.viz pages in headless Chromium.

Usage:  python benchmarks/viz_draw.py [--nodes 1000 2000] [--repeat 3] [--json out.json]

Builds deterministic synthetic graphs (N nodes, 2N edges, all kinds), renders
them with kg.render.viz.render_html, opens each file in Debian's chromium through
Playwright with every non-file request aborted and counted, and reports the
time from navigation start to vis-network's first ``afterDrawing``.

The launch and measure helpers are imported by tests/browser/conftest.py, so
the tests and the benchmark drive the browser the same way. Playwright is
imported lazily so that importing this module never fails: the tests want to
report a missing Playwright with their own, actionable message.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx
    from playwright.sync_api import BrowserContext, Page

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    # Running as `python benchmarks/viz_draw.py` puts benchmarks/ on the path,
    # not the repo root where the kg package lives.
    sys.path.insert(0, str(ROOT))

CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
GOAL_MS = 3000.0
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
from kg.vocab.kinds import LEGEND as KINDS  # noqa: E402  (the one kind table; after the sys.path set-up)

RELATIONS = ("treats", "hasDose", "recommends", "cautions", "monitors", "cites", "partOf", "states")


class BrowserUnavailable(RuntimeError):
    """Playwright or chromium is missing; the message says how to fix it."""


@dataclass
class PageStats:
    """What one page load did: draw time, blocked requests, JS errors."""

    url: str
    draw_ms: float | None
    nodes: int
    edges: int
    external_requests: int
    external_urls: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


def check_browser() -> None:
    """Raise BrowserUnavailable with a fix-it hint if we cannot drive chromium."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        raise BrowserUnavailable(
            f"Python package 'playwright' is not importable ({exc}). "
            "Run `make test`, which installs the test dependencies and chromium."
        ) from exc
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        raise BrowserUnavailable(
            f"chromium not found at {CHROMIUM}. Run `make test` (it calls "
            "scripts/install-browser.sh), or set KG_CHROMIUM to another chromium binary."
        )


@contextmanager
def launch_browser() -> Iterator[BrowserContext]:
    """Headless chromium with a fresh, throw-away profile.

    ``playwright install`` cannot download its own browser here, so we point
    Playwright at the distribution's chromium. A persistent context on a new
    temporary directory gives the fresh user-data-dir we want without passing
    --user-data-dir (which Playwright rejects in ``launch``).
    """
    check_browser()
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="kg-viz-chromium-")
    try:
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                profile,
                executable_path=CHROMIUM,
                headless=True,
                args=CHROMIUM_ARGS,
                viewport={"width": 1400, "height": 900},
                offline=False,
            )
            try:
                yield context
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def _is_local(url: str) -> bool:
    return url.startswith(("file:", "data:", "blob:", "about:"))


def open_page(page: Page, path: str | Path, *, timeout_ms: float = 60_000) -> PageStats:
    """Load ``path`` with the network cut off and wait for the first draw.

    Every non-local request is aborted and counted, both through routing and
    through the request event (belt and braces: the event also sees requests
    that routing might not intercept). ``draw_ms`` is ``kgViz.drawnAt``, i.e.
    performance.now() at the first afterDrawing, measured from navigation start.
    """
    from playwright.sync_api import Error as PlaywrightError

    external: list[str] = []
    console_errors: list[str] = []
    page_errors: list[str] = []

    def on_route(route: Any) -> None:
        url = route.request.url
        if _is_local(url):
            route.continue_()
        else:
            external.append(url)
            route.abort()

    def on_request(request: Any) -> None:
        if not _is_local(request.url) and request.url not in external:
            external.append(request.url)

    page.route("**/*", on_route)
    page.on("request", on_request)
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: page_errors.append(str(exc)))

    url = Path(path).resolve().as_uri()
    page.goto(url, wait_until="load", timeout=timeout_ms)
    draw_ms: float | None
    try:
        page.wait_for_function("() => window.kgViz && window.kgViz.drawnAt !== null", timeout=timeout_ms)
        draw_ms = float(page.evaluate("() => window.kgViz.drawnAt"))
    except PlaywrightError as exc:  # a page that never draws is a result, not a crash
        page_errors.append(f"no first draw within {timeout_ms:.0f} ms: {exc}")
        draw_ms = None
    counts = page.evaluate("() => window.kgViz ? [window.kgViz.nodes.length, window.kgViz.edges.length] : [0, 0]")
    return PageStats(
        url=url,
        draw_ms=draw_ms,
        nodes=int(counts[0]),
        edges=int(counts[1]),
        external_requests=len(external),
        external_urls=external,
        console_errors=console_errors,
        page_errors=page_errors,
    )


def synthetic_graph(n: int, *, seed: int = 7, edges_per_node: int = 2) -> networkx.MultiDiGraph:
    """Deterministic test graph: a random spanning tree plus random extra edges.

    The tree keeps it connected (like a real guideline graph around its
    articles); kinds, articles and stages cycle so every filter has values.
    """
    import networkx as nx

    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    for i in range(n):
        kind = KINDS[i % len(KINDS)]
        g.add_node(
            f"urn:kg:n{i:05d}",
            kind=kind,
            label=f"{kind} {i}",
            evidence=f"Evidence for {kind} {i}\nStatement S{i % 97}, reference [{i % 13}]",
            article=f"Article {i % 12}",
            stage=("", "Stage I", "Stage II", "Stage III")[i % 4],
            population=("", "adults", "children")[i % 3],
        )
    target = edges_per_node * n
    count = 0
    for i in range(1, n):
        g.add_edge(f"urn:kg:n{rnd.randrange(i):05d}", f"urn:kg:n{i:05d}", label=rnd.choice(RELATIONS))
        count += 1
    while count < target and n > 1:
        a, b = rnd.randrange(n), rnd.randrange(n)
        if a != b:
            g.add_edge(f"urn:kg:n{a:05d}", f"urn:kg:n{b:05d}", label=rnd.choice(RELATIONS))
            count += 1
    return g


def run(sizes: list[int], repeat: int, outdir: Path) -> list[dict[str, Any]]:
    from kg.render.viz import render_html, write_html

    results: list[dict[str, Any]] = []
    with launch_browser() as context:
        for n in sizes:
            g = synthetic_graph(n)
            t0 = time.perf_counter()
            page_html, report = render_html(g, title=f"Synthetic {n}", max_nodes=max(n, 1))
            render_s = time.perf_counter() - t0
            path = write_html(outdir / f"viz-{n}.html", page_html)
            draws: list[float] = []
            stats = None
            for _ in range(repeat):
                page = context.new_page()
                stats = open_page(page, path)
                page.close()
                if stats.draw_ms is not None:
                    draws.append(stats.draw_ms)
            assert stats is not None
            median = statistics.median(draws) if draws else None
            results.append(
                {
                    "nodes": n,
                    "edges": g.number_of_edges(),
                    "nodes_drawn": stats.nodes,
                    "edges_drawn": stats.edges,
                    "layout": report.layout,
                    "render_s": round(render_s, 3),
                    "html_bytes": path.stat().st_size,
                    "draw_ms_runs": [round(d, 1) for d in draws],
                    "draw_ms_median": None if median is None else round(median, 1),
                    "goal_ms": GOAL_MS,
                    "ratio_to_goal": None if median is None else round(median / GOAL_MS, 3),
                    "external_requests": stats.external_requests,
                    "console_errors": len(stats.console_errors) + len(stats.page_errors),
                }
            )
    return results


def print_table(results: list[dict[str, Any]]) -> None:
    head = (
        f"{'nodes':>6} {'edges':>6} {'layout':>11} {'render s':>8} {'draw ms':>8} "
        f"{'goal ms':>7} {'ratio':>6} {'ext req':>7} {'errors':>6}"
    )
    print(head)
    print("-" * len(head))
    for r in results:
        draw = "n/a" if r["draw_ms_median"] is None else f"{r['draw_ms_median']:.0f}"
        ratio = "n/a" if r["ratio_to_goal"] is None else f"{r['ratio_to_goal']:.2f}"
        print(
            f"{r['nodes']:>6} {r['edges']:>6} {r['layout']:>11} {r['render_s']:>8.2f} {draw:>8} "
            f"{r['goal_ms']:>7.0f} {ratio:>6} {r['external_requests']:>7} {r['console_errors']:>6}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, nargs="+", default=[1000, 2000], help="graph sizes (edges = 2x)")
    parser.add_argument("--repeat", type=int, default=3, help="page loads per size; the median is reported")
    parser.add_argument("--json", type=Path, help="also write results as JSON to this file")
    parser.add_argument("--keep", type=Path, help="keep the rendered pages in this directory")
    args = parser.parse_args(argv)

    try:
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            results = run(args.nodes, args.repeat, args.keep)
        else:
            with tempfile.TemporaryDirectory(prefix="kg-viz-bench-") as tmp:
                results = run(args.nodes, args.repeat, Path(tmp))
    except BrowserUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print_table(results)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"goal_ms": GOAL_MS, "results": results}, indent=2) + "\n", encoding="utf-8")
    bad = [r for r in results if r["draw_ms_median"] is None or r["external_requests"] or r["console_errors"]]
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
