"""kg.render.viz HTML output, checked on the string without a browser.

The browser-level behaviour (clicks, draw time, blocked requests) lives in
tests/browser/; these tests pin the properties a reviewer can read off the
file: escaping, offline-ness, the cap message and determinism.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from kg.render.viz import KINDS, VizReport, render_html, write_html

HOSTILE_LABEL = "</script><script>alert(1)</script>"
HOSTILE_IMG = "<img src=x onerror=alert(2)>"


def make_graph(n: int, *, edges_per_node: int = 2, reverse: bool = False) -> nx.MultiDiGraph:
    """Deterministic graph with n nodes and about edges_per_node * n edges.

    ``reverse`` inserts the same nodes and edges in the opposite order, to
    check that output does not depend on insertion order.
    """
    nodes = []
    for i in range(n):
        kind = KINDS[i % len(KINDS)]
        nodes.append(
            (
                f"urn:t:{i:05d}",
                {
                    "kind": kind,
                    "label": f"{kind} {i}",
                    "evidence": f"evidence {i}\nline two",
                    "article": f"Art {i % 5}",
                    "stage": ("", "Stage I", "Stage II")[i % 3],
                    "population": ("", "adults")[i % 2],
                },
            )
        )
    edges = []
    for i in range(1, n):
        edges.append((f"urn:t:{(i * 7919 + 13) % i:05d}", f"urn:t:{i:05d}", {"label": "treats"}))
    j = 0
    while n > 1 and len(edges) < edges_per_node * n:
        a, b = (j * 31 + 3) % n, (j * 17 + 11) % n
        if a != b:
            edges.append((f"urn:t:{a:05d}", f"urn:t:{b:05d}", {"label": "cites"}))
        j += 1
    g = nx.MultiDiGraph()
    g.add_nodes_from(reversed(nodes) if reverse else nodes)
    g.add_edges_from(reversed(edges) if reverse else edges)
    return g


def payload(page: str) -> dict:
    """The JSON data block the page's script reads."""
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.DOTALL)
    assert m, "data block missing"
    return json.loads(m.group(1))


def status_text(page: str) -> str:
    m = re.search(r'<div id="kg-status"[^>]*>(.*?)</div>', page, re.DOTALL)
    assert m, "status line missing"
    return m.group(1)


# Things a browser would fetch: src/href attributes, CSS url() and @import,
# whether absolute (http:, https:) or protocol-relative (//host).
FETCH_PATTERNS = [
    re.compile(r"""\b(?:src|href|srcset|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE),
    re.compile(r"""url\(\s*["']?\s*(?:https?:)?//""", re.IGNORECASE),
    re.compile(r"""@import\b""", re.IGNORECASE),
    re.compile(r"""<link\b""", re.IGNORECASE),
    re.compile(r"""<script\b[^>]*\bsrc\s*=""", re.IGNORECASE),
]


class TagCollector(HTMLParser):
    """Start tags as the browser's tokenizer sees them (script bodies are raw text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = TagCollector()
    parser.feed(page)
    parser.close()
    return parser.tags


def assert_offline(page: str) -> None:
    for tag, attrs in tags(page):
        assert tag not in ("link", "iframe", "img", "embed", "object"), tag
        for name in ("src", "href", "srcset", "action", "poster", "data"):
            assert attrs.get(name) is None, (tag, name, attrs[name])
    for pat in FETCH_PATTERNS:
        m = pat.search(page)
        assert m is None, f"page would fetch something: {page[max(0, m.start() - 80) : m.end() + 80]!r}"


@pytest.mark.parametrize("n", [0, 1, 2000])
def test_renders_sizes(n: int) -> None:
    g = make_graph(n)
    page, report = render_html(g, title="T", max_nodes=max(n, 1))
    assert isinstance(report, VizReport)
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    data = payload(page)
    assert report.nodes_total == n
    assert report.nodes_shown == len(data["nodes"]) == n
    assert report.edges_shown == len(data["edges"]) == g.number_of_edges()
    assert not report.cut
    assert_offline(page)
    if n == 0:
        assert "empty" in report.message
    if n == 2000:
        # Big views get a precomputed layout and no physics, for draw speed.
        assert report.layout == "precomputed"
        assert data["options"]["physics"]["enabled"] is False
        assert all(isinstance(node["x"], int) and isinstance(node["y"], int) for node in data["nodes"])
    else:
        assert report.layout == "physics"


def test_cap_message_in_page() -> None:
    g = make_graph(2013)
    page, report = render_html(g, title="cap", max_nodes=500)
    assert report.cut
    assert (report.nodes_total, report.nodes_shown, report.nodes_in_scope) == (2013, 500, 2013)
    assert "Showing 500 of 2,013 nodes (cut by --max-nodes)" in report.message
    assert "Showing 500 of 2,013 nodes (cut by --max-nodes)" in status_text(page)
    assert 'class="kg-status kg-cut"' in page
    data = payload(page)
    assert len(data["nodes"]) == 500
    kept = {node["id"] for node in data["nodes"]}
    assert all(e["from"] in kept and e["to"] in kept for e in data["edges"])
    assert report.edges_shown == len(data["edges"])


def test_cut_by_degree_is_deterministic_and_keeps_hubs() -> None:
    g = make_graph(300)
    hub = max(g.nodes, key=lambda n: (g.degree(n), n))
    _, report = render_html(g, title="x", max_nodes=10)
    page, _ = render_html(g, title="x", max_nodes=10)
    assert report.nodes_shown == 10
    assert hub in {n["id"] for n in payload(page)["nodes"]}


def test_focus_depth_and_bfs_cut() -> None:
    g = nx.MultiDiGraph()
    # a - b - c - d chain plus a fan around b; directions mixed on purpose,
    # because the neighbourhood is undirected.
    for n in "abcdxyz":
        g.add_node(n, kind="other", label=n)
    g.add_edge("a", "b", label="r")
    g.add_edge("c", "b", label="r")
    g.add_edge("c", "d", label="r")
    for n in "xyz":
        g.add_edge(n, "b", label="r")
    page, report = render_html(g, title="f", focus="a", depth=1)
    assert {n["id"] for n in payload(page)["nodes"]} == {"a", "b"}
    assert report.nodes_in_scope == 2 and not report.cut
    assert "within 1 hop of a" in report.message

    page, report = render_html(g, title="f", focus="a", depth=2, max_nodes=3)
    # BFS from a: a, then b, then b's neighbours sorted: c, x, y, z.
    assert {n["id"] for n in payload(page)["nodes"]} == {"a", "b", "c"}
    assert report.cut and report.nodes_in_scope == 6
    assert "Showing 3 of 6 nodes within 2 hops of a (cut by --max-nodes)" in report.message
    assert "the whole graph has 7 nodes" in report.message


def test_cut_keeps_highlight_path() -> None:
    g = make_graph(400)
    path = ["urn:t:00399", "urn:t:00398"]
    page, _ = render_html(g, title="p", max_nodes=5, highlight_path=path)
    data = payload(page)
    ids = {n["id"] for n in data["nodes"]}
    assert set(path) <= ids
    assert data["path"] == path
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert labels["urn:t:00399"].startswith("1. ")
    assert labels["urn:t:00398"].startswith("2. ")


def test_highlight_dims_others() -> None:
    g = make_graph(20)
    page, _ = render_html(g, title="h", highlight={"urn:t:00001", "urn:t:00002"})
    nodes = {n["id"]: n for n in payload(page)["nodes"]}
    assert nodes["urn:t:00001"]["borderWidth"] == 3
    assert nodes["urn:t:00005"]["color"]["background"] == "#eeeeee"


def test_stage_and_population_in_label() -> None:
    g = nx.MultiDiGraph()
    g.add_node("n", kind="therapy", label="Drug A", stage="Stage II", population="adults")
    page, _ = render_html(g, title="s")
    (node,) = payload(page)["nodes"]
    assert node["label"] == "Drug A\nStage II \u00b7 adults"
    assert node["shape"] == "box"
    assert "title" not in node  # no vis tooltip: the panel shows details as text


def test_hostile_strings_are_escaped() -> None:
    g = nx.MultiDiGraph()
    g.add_node(
        HOSTILE_LABEL,
        kind="therapy",
        label=HOSTILE_LABEL,
        evidence=HOSTILE_IMG + "\n" + HOSTILE_LABEL + "\u2028x\u2029",
        article=HOSTILE_IMG,
        stage="<b>stage</b>",
        population="&amp; <i>",
    )
    g.add_node("b", kind="<script>", label=HOSTILE_IMG)
    g.add_edge(HOSTILE_LABEL, "b", label=HOSTILE_LABEL)
    page, _ = render_html(g, title=HOSTILE_LABEL + HOSTILE_IMG, notice=HOSTILE_IMG)
    # Exactly our three script elements (data, vis-network, app), no injected
    # elements and no event-handler attributes anywhere.
    found = tags(page)
    assert [t for t, _ in found if t == "script"] == ["script"] * 3
    assert not [t for t, _ in found if t in ("img", "b", "i")]
    assert not [(t, a) for t, a in found for name in a if name.startswith("on")]
    assert "<img" not in page
    assert "<script>alert" not in page
    assert "onerror=alert(2)>" not in page
    assert "\u2028" not in page and "\u2029" not in page
    assert f"<title>{'&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;'}" in page
    assert '<div id="kg-notice" class="kg-notice">&lt;img src=x onerror=alert(2)&gt;</div>' in page
    data = payload(page)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes[HOSTILE_LABEL]["fullLabel"] == HOSTILE_LABEL
    assert nodes[HOSTILE_LABEL]["evidence"].startswith(HOSTILE_IMG)
    assert nodes["b"]["kind"] == "other"  # unknown kinds never reach CSS/HTML attributes
    assert data["edges"][0]["relation"] == HOSTILE_LABEL
    assert_offline(page)


def test_no_external_urls_in_assets() -> None:
    page, _ = render_html(make_graph(30), title="offline", notice="see https://example.org/x")
    assert_offline(page)
    assert "bootstrap" not in page.lower()
    assert "cdnjs" not in page and "jsdelivr" not in page


def test_deterministic_output() -> None:
    for n, threshold in ((50, 300), (600, 300)):
        a, ra = render_html(make_graph(n), title="d", highlight_path=["urn:t:00001"], physics_threshold=threshold)
        b, rb = render_html(make_graph(n), title="d", highlight_path=["urn:t:00001"], physics_threshold=threshold)
        c, _ = render_html(
            make_graph(n, reverse=True),
            title="d",
            highlight_path=["urn:t:00001"],
            physics_threshold=threshold,
        )
        assert a == b
        assert a == c, "output must not depend on insertion order"
        assert ra == rb


_RENDER_IN_CHILD = """
import hashlib, networkx as nx
from kg.render.viz import render_html
g = nx.MultiDiGraph()
for i in range(400):
    g.add_node(f"n{i:03d}", kind=("therapy", "dose")[i % 2], label=f"x{i}", stage="S" * (i % 3))
for i in range(1, 400):
    g.add_edge(f"n{(i * 37) % i:03d}", f"n{i:03d}", label="r")
    g.add_edge(f"n{i:03d}", f"n{(i * 11) % 400:03d}", label="s")
page, _ = render_html(g, title="t", highlight={"n001", "n002"}, max_nodes=350)
print(hashlib.sha256(page.encode("utf-8")).hexdigest())
"""


def test_deterministic_across_processes() -> None:
    # Set iteration order changes with PYTHONHASHSEED; the page must not.
    root = str(Path(__file__).resolve().parents[1])
    digests = set()
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        env["PYTHONPATH"] = os.pathsep.join([root, *filter(None, [env.get("PYTHONPATH")])])
        out = subprocess.run(
            [sys.executable, "-c", _RENDER_IN_CHILD],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        digests.add(out.stdout.strip())
    assert len(digests) == 1, digests
    assert len(hashlib.sha256(b"").hexdigest()) == len(digests.pop())


DOSE_TEXT = "\u03a9 5 mg/m\u00b2 \u2014 \u2265 2 \u00d7 t\u00e4glich"


def test_write_html_utf8(tmp_path) -> None:
    g = nx.MultiDiGraph()
    g.add_node("n", kind="dose", label=DOSE_TEXT)
    page, _ = render_html(g, title="Übersicht")
    out = write_html(tmp_path / "sub" / "v.html", page)
    raw = out.read_bytes()
    assert raw.decode("utf-8") == page
    assert DOSE_TEXT.encode("utf-8") in raw
    assert b"\r\n" not in raw


def test_invalid_arguments() -> None:
    g = make_graph(3)
    with pytest.raises(ValueError, match="focus"):
        render_html(g, title="x", focus="nope")
    with pytest.raises(ValueError, match="max_nodes"):
        render_html(g, title="x", max_nodes=0)
    with pytest.raises(ValueError, match="focus"):
        render_html(g, title="x", depth=1)


def _stage_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for rec, stage in (("r1", "first line"), ("r2", "first line"), ("r3", "escalation"), ("r4", "taper")):
        g.add_node(rec, kind="recommendation", label=f"drug {rec}", stage=stage, population="adults")
    g.add_node("d1", kind="dose", label="15–20 mg per m² per week")
    g.add_edge("r1", "d1", label="dose")
    g.add_node("other", kind="therapy", label="not on the path")
    g.add_edge("r1", "other", label="therapy")
    for i, st in enumerate(("s1", "s2", "s3")):
        g.add_node(st, kind="statement", label=f"statement {i}", article="A")
    g.add_node("ref-many", kind="reference", label="cited thrice")
    g.add_node("ref-once", kind="reference", label="a much longer reference title cited only once by anyone")
    for st in ("s1", "s2", "s3"):
        g.add_edge(st, "ref-many", label="cites [1]")
    g.add_edge("s1", "ref-once", label="cites [2]")
    return g


def test_path_layout_puts_stages_in_columns_left_to_right_with_doses_on_the_steps() -> None:
    g = _stage_graph()
    page, report = render_html(g, title="p", highlight_path=["r1", "r2", "r3", "r4"], layout="path",
                               step_notes={"r2": "35–70 mg/day for this patient"})
    data = payload(page)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert set(nodes) == {"r1", "r2", "r3", "r4"}  # the path alone
    assert [nodes[r]["level"] for r in ("r1", "r2", "r3", "r4")] == [0, 0, 1, 2]
    assert "15–20 mg per m² per week" in nodes["r1"]["label"]  # linked dose, as written
    assert "35–70 mg/day for this patient" in nodes["r2"]["label"].replace("\n", " ")  # the caller's note
    assert data["options"]["layout"]["hierarchical"]["direction"] == "LR"
    assert report.layout == "hierarchical" and "treatment path: 4 steps" in report.message


def test_path_layout_without_a_path_is_refused() -> None:
    with pytest.raises(ValueError, match="needs highlight_path"):
        render_html(_stage_graph(), title="p", layout="path")


def test_references_are_sized_by_how_many_statements_cite_them_not_by_title() -> None:
    page, _ = render_html(_stage_graph(), title="o", layout="overview")
    data = payload(page)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["ref-many"]["cited"] == 3 and nodes["ref-once"]["cited"] == 1
    assert nodes["ref-many"]["size"] > nodes["ref-once"]["size"]
    assert nodes["ref-many"]["shape"] not in ("box", "database", "ellipse", "circle", "text")  # label outside
    assert data["view"] == "overview"
