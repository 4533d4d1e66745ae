"""The real curated graph, written by `kg viz` and opened in headless Chromium with the network cut off."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import viz_draw
from click.testing import CliRunner

from kg.questions.projection import project
from kg.vocab.namespaces import THER
from kg_cli.main import main

pytestmark = pytest.mark.browser

OVERLAP = "scleroderma-myositis overlap"


def write_with_cli(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "real.html"
    result = CliRunner().invoke(main, ["viz", *args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def click_node(page: Any, node_id: str) -> None:
    """Centre and zoom on the node until it, and nothing drawn over it, is under the pointer; then click.

    Physics is stopped first so the node stays where its coordinates say. Zooming in further when
    another node covers the centre keeps the click from landing on a neighbour in a dense view.
    """
    # Let the layout settle first: right after the first frame, physics may still hold two nodes together.
    page.evaluate(
        """() => new Promise((resolve) => {
            const net = window.kgViz.network;
            net.once("stabilized", () => resolve(true));
            setTimeout(() => resolve(false), 15000);
            net.stabilize(300);
        })"""
    )
    page.evaluate("() => window.kgViz.network.stopSimulation()")
    point = None
    for scale in (1.6, 3.0, 6.0):
        point = page.evaluate(
            """([id, scale]) => {
                const net = window.kgViz.network;
                net.focus(id, {scale: scale, animation: false});
                const canvasPos = net.getPositions([id])[id];
                const dom = net.canvasToDOM(canvasPos);
                const box = document.getElementById("kg-network").getBoundingClientRect();
                return {x: box.left + dom.x, y: box.top + dom.y, hit: net.getNodeAt(dom)};
            }""",
            [node_id, scale],
        )
        if point["hit"] == node_id:
            break
    assert point is not None and point["hit"] == node_id, f"{node_id} is covered at every zoom level"
    page.mouse.click(point["x"], point["y"])
    page.wait_for_function("(id) => window.kgViz.selected === id", arg=node_id, timeout=10000)


def test_real_condition_view_is_offline_complete_and_clickable(
    cli_env: dict, store: Any, page: Any, tmp_path: Path, artifacts_dir: Path
) -> None:
    path = write_with_cli(tmp_path, OVERLAP)
    stats = viz_draw.open_page(page, path)
    assert stats.external_requests == 0, stats.external_urls
    assert stats.console_errors == [] and stats.page_errors == [], (stats.console_errors, stats.page_errors)
    assert stats.draw_ms is not None

    view = project(store, OVERLAP)
    assert (stats.nodes, stats.edges) == (view.graph.number_of_nodes(), view.graph.number_of_edges())

    methotrexate = str(THER["methotrexate"])
    click_node(page, methotrexate)
    shown = page.text_content("#kg-evidence")
    assert shown == view.graph.nodes[methotrexate]["evidence"]
    assert "Dose: 15\u201320 mg per m\u00b2 body surface area per week" in shown
    assert "Guideline Directed Topic Overview" in shown
    assert page.text_content("#kg-panel-title") == "methotrexate"
    page.screenshot(path=str(artifacts_dir / "viz-real-overlap.png"))


def test_real_reference_view_is_offline_and_marks_what_relies_on_it(
    cli_env: dict, store: Any, page: Any, tmp_path: Path, artifacts_dir: Path
) -> None:
    path = write_with_cli(tmp_path, "--reference", "Scleroderma overlap syndrome.")
    stats = viz_draw.open_page(page, path)
    assert stats.external_requests == 0, stats.external_urls
    assert stats.console_errors == [] and stats.page_errors == []
    view = project(store, reference="Scleroderma overlap syndrome.")
    assert (stats.nodes, stats.edges) == (view.graph.number_of_nodes(), view.graph.number_of_edges())
    widths = page.evaluate("() => Object.fromEntries(window.kgViz.nodes.get().map(n => [n.id, n.borderWidth || 1]))")
    assert {n for n, w in widths.items() if w == 3} == view.highlight
    page.screenshot(path=str(artifacts_dir / "viz-real-reference.png"))


def test_real_path_view_numbers_the_steps_in_the_page(
    cli_env: dict, store: Any, page: Any, tmp_path: Path, artifacts_dir: Path
) -> None:
    path = write_with_cli(tmp_path, OVERLAP, "--path", "--age", "45", "--sex", "female", "--weight", "70",
                          "--height", "165")
    stats = viz_draw.open_page(page, path)
    assert stats.external_requests == 0 and stats.console_errors == [] and stats.page_errors == []
    order = page.evaluate("() => JSON.parse(document.getElementById('kg-data').textContent).path")
    assert order, "no path in the page"
    labels = page.evaluate("(ids) => ids.map(id => window.kgViz.nodes.get(id).label)", order)
    assert [label.split(".", 1)[0] for label in labels] == [str(i) for i in range(1, len(order) + 1)]
    click_node(page, order[0])
    assert page.text_content("#kg-panel-title") == store_label(store, order[0])
    page.screenshot(path=str(artifacts_dir / "viz-real-path.png"))


def store_label(store: Any, rec: str) -> str:
    return project(store, OVERLAP).graph.nodes[rec]["label"]
