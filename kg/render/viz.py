"""Interactive, self-contained HTML rendering of a guideline knowledge graph.

The page is built from pyvis' node/edge model and its packaged vis-network
assets, but with our own page shell instead of pyvis' template, because that
template pulls Bootstrap (and, unless ``in_line``, vis-network itself) from
CDNs: the explorer must work from a file, offline, and must never phone home.

Security model: every string that comes from the graph is data. It reaches the
page only as (a) text inside HTML elements, escaped with ``html.escape``, or
(b) JSON inside a ``<script type="application/json">`` block with ``<``, ``>``
and ``&`` escaped, read with ``JSON.parse`` and written to the DOM with
``textContent``. vis-network draws labels on a canvas, and we set no ``title``
so vis never builds a tooltip from data.

Determinism: the same input gives byte-identical HTML (sorted nodes and edges,
seeded layouts rounded to whole pixels, no timestamps), so rendered pages can
be diffed and cached.
"""

from __future__ import annotations

import functools
import html
import itertools
import json
import math
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..vocab.kinds import LEGEND

if TYPE_CHECKING:
    import networkx

__all__ = ["KINDS", "KIND_STYLES", "LAYOUTS", "VizReport", "render_html", "write_html"]

# "force": physics (or the precomputed spring layout for large views).
# "path": only the highlighted path's steps, left to right by stage (vis-network's hierarchical layout),
#         each node carrying its dose; the caller may pass the dose computed for the patient.
# "overview": force layout with statements folded into one group per article (a click opens a group)
#         and references sized by how many statements cite them.
LAYOUTS: tuple[str, ...] = ("force", "path", "overview")

# Order matters: it is the order of the legend and of the kind filters (from the one kind table, kg.vocab.kinds).
KINDS: tuple[str, ...] = LEGEND

# (vis-network shape, fill colour). Shapes differ as well as colours so the
# legend still works for colour-blind readers and in greyscale prints.
KIND_STYLES: dict[str, tuple[str, str]] = {
    "condition": ("ellipse", "#f6c1b8"),
    "therapy": ("box", "#a6cee3"),
    "dose": ("diamond", "#b2df8a"),
    "recommendation": ("hexagon", "#fdbf6f"),
    "caution": ("triangle", "#fb9a99"),
    "monitoring": ("square", "#cab2d6"),
    # Label drawn outside the shape, so the size can say how often the work is cited (not how long its title is).
    "reference": ("triangleDown", "#ffe45c"),
    "article": ("star", "#e5c494"),
    "statement": ("dot", "#bc80bd"),
    "other": ("dot", "#cccccc"),
}

_PATH_COLOUR = "#d62728"
_HIGHLIGHT_COLOUR = "#ff7f0e"
_DIM_FILL = "#eeeeee"
_DIM_BORDER = "#cccccc"
_DIM_TEXT = "#b0b0b0"
_EDGE_COLOUR = "#8a8a8a"
_DIM_EDGE_COLOUR = "#e3e3e3"

# Canvas labels are truncated so a 300-character statement title does not
# turn into a box wider than the screen; the side panel shows the full text.
_LABEL_MAX = 48
_OVERVIEW_LABEL_MAX = 28
_OVERVIEW_LANDMARKS = frozenset({"condition", "therapy", "article", "reference"})

# Typical distance between neighbouring nodes in a precomputed layout, in
# canvas pixels: large enough that box-shaped nodes with a label rarely touch.
_LAYOUT_SPACING = 150.0

# Upper bound on float32 cells per repulsion block in the layout, to keep peak
# memory around 100 MB even for views far above the default --max-nodes.
_LAYOUT_BLOCK_CELLS = 4_000_000

_VIS_DIR = "vis-9.1.2"


@dataclass(frozen=True)
class VizReport:
    """What ended up in the page, so a CLI can tell the user about cuts.

    ``nodes_total`` counts the whole input graph; ``nodes_in_scope`` counts what
    remained after the focus/depth restriction and before the ``max_nodes`` cut.
    """

    nodes_total: int
    nodes_shown: int
    edges_shown: int
    cut: bool
    message: str
    nodes_in_scope: int = 0
    layout: str = "physics"


def render_html(
    g: networkx.MultiDiGraph,
    *,
    title: str,
    highlight_path: list[str] | None = None,
    highlight: set[str] | None = None,
    max_nodes: int = 500,
    focus: str | None = None,
    depth: int | None = None,
    physics_threshold: int = 300,
    notice: str | None = None,
    layout: str = "force",
    step_notes: Mapping[str, str] | None = None,
) -> tuple[str, VizReport]:
    """Render ``g`` as one self-contained, offline HTML page.

    ``focus``/``depth`` keep the undirected ``depth``-hop neighbourhood of
    ``focus`` (its whole connected component when ``depth`` is None). If more than
    ``max_nodes`` remain, the view is cut deterministically: nodes of
    ``highlight_path`` first, then ``highlight``, then BFS order from ``focus``
    (or degree, then id) -- so a cut never hides what the caller asked to see.
    The page says so in a visible status line.

    Above ``physics_threshold`` nodes the layout is computed here and browser
    physics is switched off, because vis-network's own simulation needs tens
    of seconds for a few thousand nodes.

    ``layout`` is one of :data:`LAYOUTS`. With "path" the page holds only the
    steps of ``highlight_path`` (a path view, not a neighbourhood); ``step_notes``
    maps a step to the text shown under it (e.g. the dose computed for the
    patient), else the step shows the doses linked to it as written.

    Returns the HTML text and a :class:`VizReport`.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}, got {layout!r}")
    if layout == "path" and not highlight_path:
        raise ValueError("the path layout needs highlight_path")
    if max_nodes < 1:
        raise ValueError(f"max_nodes must be at least 1, got {max_nodes}")
    if depth is not None and depth < 0:
        raise ValueError(f"depth must not be negative, got {depth}")
    if depth is not None and focus is None:
        raise ValueError("depth needs a focus node")
    if focus is not None and focus not in g:
        raise ValueError(f"focus node not in graph: {focus}")

    path = [n for n in (highlight_path or []) if n in g]
    marked = {n for n in (highlight or set()) if n in g}

    if layout == "path":
        scope_order = _unique(path)
    elif focus is not None:
        scope_order = _bfs_order(g, focus, depth)
    else:
        scope_order = sorted(g.nodes, key=lambda n: (-g.degree(n), str(n)))
    in_scope = set(scope_order)

    cut = len(scope_order) > max_nodes
    if cut:
        priority = _unique([n for n in path if n in in_scope] + sorted(marked & in_scope, key=str))
        chosen = set(priority[:max_nodes])
        for n in scope_order:
            if len(chosen) >= max_nodes:
                break
            chosen.add(n)
        kept = chosen
    else:
        kept = in_scope

    node_ids = sorted(kept, key=str)
    # Sorted by label before key: multigraph keys are insertion counters, and
    # the output must not depend on insertion order.
    edge_list = sorted(
        (str(u), str(v), _text(d.get("label", "")), str(k))
        for u, v, k, d in g.edges(keys=True, data=True)
        if u in kept and v in kept
    )

    use_physics = len(node_ids) <= physics_threshold and layout != "path"
    positions = {} if use_physics or layout == "path" else _precomputed_layout(node_ids, edge_list)

    message = _status_message(
        total=g.number_of_nodes(),
        in_scope=len(scope_order),
        shown=len(node_ids),
        edges=len(edge_list),
        cut=cut,
        focus_label=_text(g.nodes[focus].get("label") or focus) if focus is not None else None,
        depth=depth,
    )
    if layout == "path":
        message = (f"The treatment path: {len(node_ids):,} step{'s' if len(node_ids) != 1 else ''} in order, by stage "
                   f"from left to right (of {g.number_of_nodes():,} nodes in the graph).")
    report = VizReport(
        nodes_total=g.number_of_nodes(),
        nodes_shown=len(node_ids),
        edges_shown=len(edge_list),
        cut=cut,
        message=message,
        nodes_in_scope=len(scope_order),
        layout="hierarchical" if layout == "path" else "physics" if use_physics else "precomputed",
    )

    nodes, edges = _build_vis_data(g, node_ids, edge_list, path, marked, positions)
    options = _vis_options(len(node_ids), use_physics)
    _size_references(g, nodes)
    if layout == "path":
        _path_view(g, nodes, edges, [n for n in path if n in kept], step_notes or {}, options)
    elif layout == "overview":
        _overview(nodes, options, use_physics)
    kinds_present = [k for k in KINDS if any(n["kind"] == k for n in nodes)]
    payload = {
        "edges": edges,
        "nodes": nodes,
        "options": options,
        "path": [str(n) for n in path if n in kept],
        "view": layout,
    }
    page = _page(
        title=_text(title),
        notice=_text(notice) if notice else None,
        report=report,
        kinds_present=kinds_present,
        kind_counts={k: sum(1 for n in nodes if n["kind"] == k) for k in kinds_present},
        payload=payload,
        has_path=bool(payload["path"]),
        has_highlight=bool(marked & kept),
        layout=layout,
    )
    return page, report


def write_html(path: str | Path, html_text: str, *, force: bool = False) -> Path:
    """Write the page as UTF-8 with ``\n`` line ends, atomically, through kg.safe_write.

    Explicit encoding and no newline translation keep the file byte-identical across platforms, which
    the determinism guarantee relies on. Like `kg viz -o`, an existing file is replaced only when it is
    exactly what the tool last wrote there (checksum record) or with ``force``: a notebook re-run never destroys a
    file the user wrote or edited.
    """
    from ..safe_write import write_output

    return write_output(path, html_text, force=force)


# --------------------------------------------------------------------------
# graph selection


def _bfs_order(g: networkx.MultiDiGraph, start: str, depth: int | None) -> list[str]:
    """Undirected BFS from ``start``, neighbours in sorted order.

    Sorting the neighbours (instead of using adjacency order) makes the cut
    independent of the order in which the caller inserted nodes and edges.
    """
    seen = {start}
    order = [start]
    queue: deque[tuple[str, int]] = deque([(start, 0)])
    while queue:
        node, dist = queue.popleft()
        if depth is not None and dist >= depth:
            continue
        neighbours = set(g.successors(node)) | set(g.predecessors(node))
        for nb in sorted(neighbours, key=str):
            if nb not in seen:
                seen.add(nb)
                order.append(nb)
                queue.append((nb, dist + 1))
    return order


def _unique(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for it in items:
        if it not in seen:
            seen.add(it)
            out.append(it)
    return out


def _status_message(
    *,
    total: int,
    in_scope: int,
    shown: int,
    edges: int,
    cut: bool,
    focus_label: str | None,
    depth: int | None,
) -> str:
    if total == 0:
        return "The graph is empty: nothing to show."
    if focus_label is not None:
        if depth is None:
            where = f" connected to {focus_label}"
        else:
            where = f" within {depth} hop{'s' if depth != 1 else ''} of {focus_label}"
    else:
        where = ""
    if cut:
        msg = f"Showing {shown:,} of {in_scope:,} nodes{where} (cut by --max-nodes)"
        if in_scope != total:
            msg += f"; the whole graph has {total:,} nodes"
    elif in_scope != total:
        msg = f"Showing {shown:,} of {total:,} nodes{where}"
    else:
        msg = f"Showing all {shown:,} nodes"
    return f"{msg}, {edges:,} edges."


# --------------------------------------------------------------------------
# layout


def _precomputed_layout(node_ids: list[str], edge_list: list[tuple[str, str, str, str]]) -> dict[str, tuple[int, int]]:
    """Seeded Fruchterman-Reingold layout, vectorised with numpy.

    networkx' ``spring_layout`` took 3.4 s (15 iterations) to 10 s
    (50 iterations) for 2,000 nodes on the 2-core CI machine, because above
    500 nodes it switches to a per-node Python loop. This dense float32
    version does 50 iterations for 2,000 nodes in about 1 s. Results are
    rounded to whole pixels so the HTML does not change with last-bit float
    noise.
    """
    import numpy as np

    n = len(node_ids)
    if n == 0:
        return {}
    if n == 1:
        return {str(node_ids[0]): (0, 0)}
    index = {str(nid): i for i, nid in enumerate(node_ids)}
    pairs = [(index[u], index[v]) for u, v, _, _ in edge_list if u != v]
    src = np.array([p[0] for p in pairs], dtype=np.intp)
    dst = np.array([p[1] for p in pairs], dtype=np.intp)

    # Fewer iterations for very large views keep the cost roughly bounded;
    # the view is a hairball at that size anyway.
    iterations = max(15, min(50, int(50 * (2000 / n) ** 2)))
    rng = np.random.default_rng(20240607)
    x = rng.random(n, dtype=np.float32)
    y = rng.random(n, dtype=np.float32)
    k2 = np.float32(1.0 / n)
    k = np.float32(math.sqrt(1.0 / n))
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    block = max(1, _LAYOUT_BLOCK_CELLS // n)

    for _ in range(iterations):
        fx = np.empty(n, dtype=np.float32)
        fy = np.empty(n, dtype=np.float32)
        for start in range(0, n, block):
            stop = min(n, start + block)
            dx = x[start:stop, None] - x[None, :]
            dy = y[start:stop, None] - y[None, :]
            w = dx * dx
            w += dy * dy
            np.maximum(w, np.float32(1e-4), out=w)
            np.divide(k2, w, out=w)
            fx[start:stop] = (dx * w).sum(axis=1)
            fy[start:stop] = (dy * w).sum(axis=1)
        if len(src):
            ex = x[src] - x[dst]
            ey = y[src] - y[dst]
            pull = np.sqrt(ex * ex + ey * ey) / k
            ax = ex * pull
            ay = ey * pull
            fx -= np.bincount(src, ax, n).astype(np.float32)
            fx += np.bincount(dst, ax, n).astype(np.float32)
            fy -= np.bincount(src, ay, n).astype(np.float32)
            fy += np.bincount(dst, ay, n).astype(np.float32)
        length = np.sqrt(fx * fx + fy * fy)
        np.maximum(length, np.float32(1e-2), out=length)
        step = np.float32(temperature) / length
        x += fx * step
        y += fy * step
        temperature -= cooling

    x = x - x.mean()
    y = y - y.mean()
    extent = float(max(np.ptp(x), np.ptp(y), 1e-9))
    scale = _LAYOUT_SPACING * math.sqrt(n) / extent
    return {str(nid): (round(float(x[i]) * scale), round(float(y[i]) * scale)) for i, nid in enumerate(node_ids)}


# --------------------------------------------------------------------------
# vis-network data


def _text(value: Any) -> str:
    """Coerce to str and drop lone surrogates, which cannot be written as UTF-8."""
    if value is None:
        return ""
    s = value if isinstance(value, str) else str(value)
    return s.encode("utf-8", "replace").decode("utf-8")


def _truncate(s: str, limit: int = _LABEL_MAX) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1] + "\u2026"


def _build_vis_data(
    g: networkx.MultiDiGraph,
    node_ids: list[str],
    edge_list: list[tuple[str, str, str, str]],
    path: list[str],
    marked: set[str],
    positions: Mapping[str, tuple[int, int]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Build the vis-network node/edge dicts, in pyvis' model.

    The dicts are what pyvis' ``Network.add_node`` and ``Edge(..., directed=True)``
    produce (the node's options plus ``id``/``label``/``shape``/``color``; the
    edge's plus ``from``/``to``/``arrows``), written here because importing
    ``pyvis.network`` imports IPython and networkx, about 1 CPU-second before
    the first node; the page is not a notebook. See ``_vis_assets`` for the
    vis-network files, which still come from the installed pyvis.
    """
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    kept = set(node_ids)
    path_pos: dict[str, list[int]] = {}
    for i, n in enumerate(p for p in path if p in kept):
        path_pos.setdefault(n, []).append(i + 1)
    emphasis = bool(path_pos) or bool(marked & kept)

    for nid in node_ids:
        d = g.nodes[nid]
        kind = _text(d.get("kind", "other"))
        if kind not in KIND_STYLES:
            kind = "other"
        shape, fill = KIND_STYLES[kind]
        full_label = _text(d.get("label")) or str(nid)
        stage = _text(d.get("stage", ""))
        population = _text(d.get("population", ""))
        article = _text(d.get("article", ""))

        first = _truncate(full_label)
        steps = path_pos.get(nid)
        if steps:
            first = ",".join(str(s) for s in steps) + ". " + first
        second = _truncate(" \u00b7 ".join(x for x in (stage, population) if x))
        label = first + ("\n" + second if second else "")

        opts: dict[str, Any] = {
            "article": article,
            "evidence": _text(d.get("evidence", "")),
            "fullLabel": full_label,
            "kind": kind,
            "population": population,
            "stage": stage,
        }
        colour: dict[str, Any] = {"background": fill, "border": "#555555"}
        if steps:
            opts["borderWidth"] = 4
            colour["border"] = _PATH_COLOUR
            opts["font"] = {"bold": True}
        elif nid in marked:
            opts["borderWidth"] = 3
            colour["border"] = _HIGHLIGHT_COLOUR
        elif emphasis:
            colour = {"background": _DIM_FILL, "border": _DIM_BORDER}
            opts["font"] = {"color": _DIM_TEXT}
        if str(nid) in positions:
            opts["x"], opts["y"] = positions[str(nid)]
        # pyvis falls back to the id when the label is falsy, which is what
        # we want for unlabelled nodes too.
        nodes.append({**opts, "color": colour, "id": str(nid), "label": label or str(nid), "shape": shape})

    path_steps = {frozenset((a, b)) for a, b in itertools.pairwise(path) if a in kept and b in kept}
    emphasised = marked | set(path_pos)
    parallel: dict[tuple[str, str], int] = {}
    for i, (u, v, rel, _key) in enumerate(edge_list):
        pair = (min(u, v), max(u, v))
        nth = parallel.get(pair, 0)
        parallel[pair] = nth + 1
        eopts: dict[str, Any] = {"id": f"e{i}", "label": _truncate(rel, 32), "relation": rel}
        if frozenset((u, v)) in path_steps:
            eopts["color"] = {"color": _PATH_COLOUR, "highlight": _PATH_COLOUR}
            eopts["width"] = 4
        elif emphasis and not (u in emphasised and v in emphasised):
            eopts["color"] = {"color": _DIM_EDGE_COLOUR, "highlight": _EDGE_COLOUR}
            eopts["font"] = {"color": _DIM_TEXT}
        if nth:
            # Parallel edges would otherwise be drawn on top of each other.
            eopts["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.2 * nth}
        edges.append({**eopts, "from": u, "to": v, "arrows": "to"})
    return nodes, edges


def _vis_options(n: int, physics: bool) -> dict[str, Any]:
    large = not physics
    return {
        "autoResize": True,
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": _EDGE_COLOUR, "highlight": "#333333", "hover": "#333333"},
            "font": {"align": "middle", "color": "#555555", "size": 10, "strokeWidth": 3},
            # Straight edges are much cheaper to draw; curves only help small views.
            "smooth": False if large else {"enabled": True, "type": "continuous"},
        },
        "interaction": {
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "hover": True,
            "keyboard": False,
            "multiselect": False,
            "tooltipDelay": 300,
        },
        "layout": {
            # vis' improved layout runs Kamada-Kawai clustering: fine for a
            # handful of nodes, far too slow for hundreds.
            "improvedLayout": physics and n <= 100,
            "randomSeed": 7,
        },
        "nodes": {
            "borderWidth": 1,
            "font": {"color": "#222222", "face": "sans-serif", "size": 14},
            "size": 14,
        },
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            # Keeps nodes from settling exactly on top of one another, which hid one of two therapies.
            "forceAtlas2Based": {"avoidOverlap": 0.5},
            "stabilization": {"enabled": physics, "fit": True, "iterations": 250},
        },
    }


def _citations(g: networkx.MultiDiGraph, node: str) -> int:
    """Statements citing ``node`` in the graph (its incoming "cites [n]" edges, each statement once)."""
    return len({u for u, _, d in g.in_edges(node, data=True) if _text(d.get("label", "")).startswith("cites")})


def _size_references(g: networkx.MultiDiGraph, nodes: list[dict[str, Any]]) -> None:
    """Size each reference by how many statements cite it (area grows with the count)."""
    for n in nodes:
        if n["kind"] == "reference":
            count = _citations(g, n["id"])
            n["size"] = round(8 + 6 * math.sqrt(count))
            n["cited"] = count


def _path_view(
    g: networkx.MultiDiGraph,
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    path: list[str],
    notes: Mapping[str, str],
    options: dict[str, Any],
) -> None:
    """Lay the path out left to right: one column per stage in path order, steps top-down in order.

    Each step's label gains its dose: the note given for it (the dose computed for the patient) or the
    doses the graph links to it, as written. Consecutive steps are joined by a "then" edge when the
    graph has no edge between them, so the order reads without the numbers.
    """
    columns: dict[str, int] = {}
    for nid in path:
        columns.setdefault(_text(g.nodes[nid].get("stage", "")), len(columns))
    by_id = {n["id"]: n for n in nodes}
    for nid in path:
        n = by_id[nid]
        n["level"] = columns[_text(g.nodes[nid].get("stage", ""))]
        note = notes.get(nid)
        if note is None:
            doses = sorted(_text(g.nodes[d].get("label", "")) for d in g.successors(nid)
                           if g.nodes[d].get("kind") == "dose")
            note = "; ".join(doses)
        if note:
            n["label"] = n["label"] + "\n" + _wrap(_text(note), 34, 4)
            n["dose"] = _text(note)
        n["shape"] = "box"
        n["widthConstraint"] = {"maximum": 260}
        n["margin"] = 10
    linked = {frozenset((e["from"], e["to"])) for e in edges}
    for i, (a, b) in enumerate(itertools.pairwise(path)):
        if a != b and frozenset((a, b)) not in linked:
            edges.append({"id": f"then{i}", "from": a, "to": b, "label": "then", "relation": "then",
                          "arrows": "to", "color": {"color": _PATH_COLOUR, "highlight": _PATH_COLOUR}, "width": 3})
    options["layout"] = {
        "hierarchical": {"enabled": True, "direction": "LR", "levelSeparation": 290, "nodeSpacing": 150,
                         "treeSpacing": 150, "sortMethod": "directed", "shakeTowards": "roots"},
        "improvedLayout": False,
    }
    options["physics"] = {"enabled": False}
    options["edges"]["smooth"] = {"enabled": True, "type": "cubicBezier", "forceDirection": "horizontal",
                                  "roundness": 0.4}
    options["nodes"]["font"] = {"color": "#222222", "face": "sans-serif", "size": 18, "multi": False}


def _overview(nodes: list[dict[str, Any]], options: dict[str, Any], physics: bool) -> None:
    """Room for labels: one short line per node (the side panel has the rest) and stronger repulsion."""
    for n in nodes:
        first = n["label"].split("\n", 1)[0]
        n["label"] = _truncate(first, _OVERVIEW_LABEL_MAX)
        # The landmarks (conditions, therapies, articles, references) keep labels readable at the zoom that
        # fits the whole graph; the rest are drawn small and read when zoomed in or in the side panel.
        size = 34 if n["kind"] in _OVERVIEW_LANDMARKS else 14
        n["font"] = {**n.get("font", {}), "size": size}
    if physics:
        options["physics"]["forceAtlas2Based"] = {"avoidOverlap": 1, "gravitationalConstant": -110,
                                                  "springLength": 110, "springConstant": 0.06}
        options["physics"]["stabilization"]["iterations"] = 400


def _wrap(text: str, width: int, max_lines: int) -> str:
    """Break ``text`` into lines of at most ``width`` characters (vis-network does not wrap canvas text)."""
    import textwrap

    lines = textwrap.wrap(" ".join(text.split()), width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1] + "\u2026"
    return "\n".join(lines)


# --------------------------------------------------------------------------
# page


@functools.lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network JS and CSS from the installed pyvis package.

    Read rather than vendored so upgrading pyvis upgrades vis-network too.
    """
    import importlib.util

    # find_spec locates the package without running its __init__, which imports pyvis.network (and IPython).
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pyvis is not installed: it provides the vis-network files the page inlines")
    base = Path(next(iter(spec.submodule_search_locations))) / "lib" / _VIS_DIR
    js = (base / "vis-network.min.js").read_text(encoding="utf-8")
    css = (base / "vis-network.css").read_text(encoding="utf-8")
    # Defensive: an inline asset must not be able to close its own element.
    js = js.replace("</script", "<\\/script").replace("<!--", "<\\!--")
    css = css.replace("</style", "<\\/style")
    return js, css


def _json_for_script(obj: Any) -> str:
    """JSON safe to place inside a <script> element.

    ``<``/``>``/``&`` escapes stop ``</script>`` or ``<!--`` in data from
    ending or confusing the element; U+2028/2029 are escaped because older JS
    engines treat them as line terminators inside string literals.
    """
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


_SWATCH_CLIP = {
    "box": "none",
    "database": "none",
    "diamond": "polygon(50% 0,100% 50%,50% 100%,0 50%)",
    "dot": "circle(50%)",
    "ellipse": "ellipse(50% 38% at 50% 50%)",
    "hexagon": "polygon(25% 5%,75% 5%,100% 50%,75% 95%,25% 95%,0 50%)",
    "square": "none",
    "star": "polygon(50% 0,61% 35%,98% 35%,68% 57%,79% 91%,50% 70%,21% 91%,32% 57%,2% 35%,39% 35%)",
    "triangle": "polygon(50% 0,100% 100%,0 100%)",
    "triangleDown": "polygon(0 0,100% 0,50% 100%)",
}


def _legend_html(kinds: list[str], counts: Mapping[str, int]) -> str:
    esc = html.escape
    items = []
    for kind in kinds:
        shape, fill = KIND_STYLES[kind]
        radius = "6px" if shape == "database" else "0"
        items.append(
            '<label class="kg-legend-item">'
            f'<input type="checkbox" data-kind="{esc(kind)}" checked>'
            f'<span class="kg-swatch" style="background:{esc(fill)};'
            f'clip-path:{_SWATCH_CLIP[shape]};border-radius:{radius}"></span>'
            f"{esc(kind)} <small>({esc(shape)}, {counts[kind]:,})</small></label>"
        )
    if not items:
        items.append('<span class="kg-muted">no nodes</span>')
    return "\n".join(items)


def _page(
    *,
    title: str,
    notice: str | None,
    report: VizReport,
    kinds_present: list[str],
    kind_counts: Mapping[str, int],
    payload: Mapping[str, Any],
    has_path: bool,
    has_highlight: bool,
    layout: str = "force",
) -> str:
    esc = html.escape
    vis_js, vis_css = _vis_assets()
    status_class = "kg-status kg-cut" if report.cut else "kg-status"
    notice_html = f'<div id="kg-notice" class="kg-notice">{esc(notice)}</div>\n' if notice else ""
    hints = []
    if has_path:
        hints.append(
            f'<span><span class="kg-key" style="border-color:{_PATH_COLOUR}"></span>path, numbered in order</span>'
        )
    if has_highlight:
        hints.append(f'<span><span class="kg-key" style="border-color:{_HIGHLIGHT_COLOUR}"></span>highlighted</span>')
    if layout == "path":
        hints.append("<span>stages left to right; each step shows its dose</span>")
    if layout == "overview":
        hints.append("<span>statements grouped by article (click a group to open it)</span>")
    if "reference" in kinds_present:
        hints.append("<span>reference size: statements citing it</span>")
    hints_html = f'<div class="kg-hints">{"".join(hints)}</div>' if hints else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<style>{vis_css}</style>
<style>{_APP_CSS}</style>
</head>
<body>
<header class="kg-header">
<h1 id="kg-title">{esc(title)}</h1>
<div id="kg-status" class="{status_class}" role="status">{esc(report.message)}</div>
{notice_html}</header>
<div class="kg-controls">
<fieldset class="kg-legend" id="kg-legend"><legend>Kinds (click to filter)</legend>
{_legend_html(kinds_present, kind_counts)}
</fieldset>
<fieldset class="kg-filters"><legend>Filter</legend>
<label>Article <select id="kg-filter-article">
<option value="-1">all articles</option></select></label>
<label>Stage <select id="kg-filter-stage">
<option value="-1">all stages</option></select></label>
<span id="kg-visible" class="kg-muted"></span>
</fieldset>
<fieldset class="kg-find"><legend>Find</legend>
<label for="kg-find-input">Node</label> <input id="kg-find-input" type="search" list="kg-find-list"
 placeholder="name, then Enter" autocomplete="off"><datalist id="kg-find-list"></datalist>
<span id="kg-find-status" class="kg-muted" role="status"></span>
</fieldset>
{hints_html}
</div>
<main class="kg-main">
<div id="kg-network"></div>
<aside id="kg-panel" aria-live="polite">
<h2 id="kg-panel-title">Evidence</h2>
<dl id="kg-panel-meta"></dl>
<pre id="kg-evidence" class="kg-muted">Click or hover a node to see its evidence.</pre>
</aside>
</main>
<script type="application/json" id="kg-data">{_json_for_script(payload)}</script>
<script>{vis_js}</script>
<script>{_APP_JS}</script>
</body>
</html>
"""


_APP_CSS = """
html, body { margin: 0; padding: 0; font-family: sans-serif; color: #222; background: #fff; }
/* Column layout so the graph takes whatever height the header leaves. */
body { display: flex; flex-direction: column; height: 100vh; }
.kg-header { padding: 8px 16px 4px; border-bottom: 1px solid #ddd; }
.kg-header h1 { font-size: 1.3em; margin: 0 0 4px; overflow-wrap: anywhere; }
.kg-status { font-size: 0.95em; }
.kg-status.kg-cut { background: #fff3cd; border: 1px solid #e0c36a; padding: 3px 8px;
  display: inline-block; }
.kg-notice { margin-top: 4px; padding: 3px 8px; background: #e8f0fe; border: 1px solid #a8c1f0;
  white-space: pre-wrap; overflow-wrap: anywhere; }
.kg-controls { display: flex; flex-wrap: wrap; gap: 8px; padding: 4px 16px;
  align-items: flex-start; }
.kg-controls fieldset { border: 1px solid #ddd; margin: 0; padding: 2px 8px 6px; }
.kg-controls legend { font-size: 0.8em; color: #666; }
.kg-legend-item { display: inline-flex; align-items: center; gap: 4px; margin-right: 10px;
  font-size: 0.9em; cursor: pointer; }
.kg-swatch { display: inline-block; width: 16px; height: 16px; border: 1px solid #555;
  box-sizing: border-box; }
.kg-filters label { margin-right: 10px; font-size: 0.9em; }
.kg-find label { font-size: 0.9em; }
.kg-find input { width: 16em; }
.kg-filters select { max-width: 16em; }
.kg-hints { font-size: 0.85em; align-self: center; }
.kg-hints > span { margin-right: 12px; }
.kg-key { display: inline-block; width: 12px; height: 12px; border: 3px solid; margin-right: 4px;
  vertical-align: middle; }
.kg-muted { color: #777; }
.kg-main { display: flex; flex: 1 1 auto; min-height: 420px; }
#kg-network { flex: 1 1 auto; min-width: 0; border-right: 1px solid #ddd; position: relative; }
#kg-panel { flex: 0 0 340px; overflow: auto; padding: 8px 12px; background: #fafafa; }
#kg-panel h2 { font-size: 1.05em; margin: 4px 0 8px; overflow-wrap: anywhere; }
#kg-panel dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 8px;
  font-size: 0.85em; margin: 0 0 8px; }
#kg-panel dt { color: #666; }
#kg-panel dd { margin: 0; overflow-wrap: anywhere; }
#kg-evidence { white-space: pre-wrap; overflow-wrap: anywhere; font-family: inherit;
  font-size: 0.9em; margin: 0; }
"""

# Static script: it never has data interpolated into it; all data comes from
# the JSON block and is written with textContent / option.value.
_APP_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var kgViz = { nodes: nodes, edges: edges, network: null, drawnAt: null, selected: null };
  window.kgViz = kgViz;

  var container = document.getElementById("kg-network");
  // Empty data first so the afterDrawing listener is attached before vis can
  // draw anything; drawnAt then really marks the first frame with the graph.
  var network = new vis.Network(container, {}, data.options);
  kgViz.network = network;
  network.once("afterDrawing", function () {
    kgViz.drawnAt = performance.now();
    document.body.setAttribute("data-drawn", "1");
  });
  network.setData({ nodes: nodes, edges: edges });

  var titleEl = document.getElementById("kg-panel-title");
  var metaEl = document.getElementById("kg-panel-meta");
  var evidenceEl = document.getElementById("kg-evidence");

  function addMeta(name, value) {
    if (!value) { return; }
    var dt = document.createElement("dt");
    dt.textContent = name;
    var dd = document.createElement("dd");
    dd.textContent = value;
    metaEl.appendChild(dt);
    metaEl.appendChild(dd);
  }

  function showNode(id) {
    var n = id === null || id === undefined ? null : nodes.get(id);
    while (metaEl.firstChild) { metaEl.removeChild(metaEl.firstChild); }
    if (!n) {
      titleEl.textContent = "Evidence";
      evidenceEl.textContent = "Click or hover a node to see its evidence.";
      evidenceEl.className = "kg-muted";
      container.removeAttribute("data-shown");
      return;
    }
    titleEl.textContent = n.fullLabel;
    addMeta("kind", n.kind);
    addMeta("article", n.article);
    addMeta("stage", n.stage);
    addMeta("population", n.population);
    if (typeof n.cited === "number") { addMeta("cited by", n.cited + " statement(s) in this view"); }
    addMeta("id", String(n.id));
    evidenceEl.textContent = n.evidence || "(no evidence recorded)";
    evidenceEl.className = "";
    container.setAttribute("data-shown", String(n.id));
  }
  kgViz.showNode = showNode;

  network.on("click", function (params) {
    kgViz.selected = params.nodes.length ? params.nodes[0] : null;
    showNode(kgViz.selected);
  });
  network.on("hoverNode", function (params) { showNode(params.node); });
  network.on("blurNode", function () { showNode(kgViz.selected); });

  // ---- filters -----------------------------------------------------------
  var articleSel = document.getElementById("kg-filter-article");
  var stageSel = document.getElementById("kg-filter-stage");
  var visibleEl = document.getElementById("kg-visible");
  var kindBoxes = Array.prototype.slice.call(document.querySelectorAll("input[data-kind]"));

  function distinct(field) {
    var seen = {}, out = [];
    nodes.forEach(function (n) {
      var v = n[field];
      if (v && !Object.prototype.hasOwnProperty.call(seen, v)) { seen[v] = true; out.push(v); }
    });
    out.sort();
    return out;
  }
  function fillSelect(sel, values) {
    values.forEach(function (v, i) {
      var opt = document.createElement("option");
      opt.value = String(i);
      opt.textContent = v;
      sel.appendChild(opt);
    });
    sel.disabled = values.length === 0;
  }
  var articles = distinct("article");
  var stages = distinct("stage");
  fillSelect(articleSel, articles);
  fillSelect(stageSel, stages);

  function applyFilters() {
    var kinds = {};
    kindBoxes.forEach(function (cb) { kinds[cb.getAttribute("data-kind")] = cb.checked; });
    var ai = parseInt(articleSel.value, 10), si = parseInt(stageSel.value, 10);
    var article = ai >= 0 ? articles[ai] : null, stage = si >= 0 ? stages[si] : null;
    var hidden = {}, nodeUpdates = [], edgeUpdates = [], visible = 0;
    nodes.forEach(function (n) {
      var hide = kinds[n.kind] === false ||
        (article !== null && n.article !== article) ||
        (stage !== null && n.stage !== stage);
      if (hide) { hidden[n.id] = true; } else { visible += 1; }
      if (Boolean(n.hidden) !== hide) { nodeUpdates.push({ id: n.id, hidden: hide }); }
    });
    edges.forEach(function (e) {
      var hide = Boolean(hidden[e.from] || hidden[e.to]);
      if (Boolean(e.hidden) !== hide) { edgeUpdates.push({ id: e.id, hidden: hide }); }
    });
    if (nodeUpdates.length) { nodes.update(nodeUpdates); }
    if (edgeUpdates.length) { edges.update(edgeUpdates); }
    visibleEl.textContent =
      visible === nodes.length ? "" : visible + " of " + nodes.length + " nodes visible";
  }
  kgViz.applyFilters = applyFilters;
  kindBoxes.forEach(function (cb) { cb.addEventListener("change", applyFilters); });
  articleSel.addEventListener("change", applyFilters);
  stageSel.addEventListener("change", applyFilters);

  // ---- overview: statements folded into one group per article --------------
  var groups = [];
  function clusterStatements() {
    var byArticle = {};
    nodes.forEach(function (n) {
      if (n.kind === "statement" && n.article) { (byArticle[n.article] = byArticle[n.article] || []).push(n.id); }
    });
    Object.keys(byArticle).sort().forEach(function (article, i) {
      var members = byArticle[article];
      if (members.length < 2) { return; }
      var id = "kg-group-" + i;
      network.cluster({
        joinCondition: function (n) { return n.kind === "statement" && n.article === article; },
        clusterNodeProperties: {
          id: id, shape: "dot", size: 18 + Math.round(3 * Math.sqrt(members.length)),
          label: members.length + " statements\n" + (article.length > 40 ? article.slice(0, 39) + "\u2026" : article),
          font: { size: 34 },
          color: { background: "#bc80bd", border: "#555555" }, borderWidth: 2,
          kind: "statement", article: article, fullLabel: "Statements of " + article,
          evidence: members.length + " statements of this article are grouped here; click the group to open it."
        }
      });
      groups.push(id);
    });
  }
  kgViz.groups = groups;
  if (data.view === "overview") {
    clusterStatements();
    network.on("selectNode", function (params) {
      var id = params.nodes[0];
      if (network.isCluster(id)) { network.openCluster(id); }
    });
  }

  // ---- find: focus a node by name -------------------------------------------
  var findInput = document.getElementById("kg-find-input");
  var findList = document.getElementById("kg-find-list");
  var findStatus = document.getElementById("kg-find-status");
  var names = {};
  nodes.forEach(function (n) { if (n.fullLabel && !names[n.fullLabel]) { names[n.fullLabel] = n.id; } });
  Object.keys(names).sort().forEach(function (name) {
    var opt = document.createElement("option");
    opt.value = name;
    findList.appendChild(opt);
  });
  function find(text) {
    var q = text.trim().toLowerCase();
    if (!q) { return null; }
    if (Object.prototype.hasOwnProperty.call(names, text.trim())) { return names[text.trim()]; }
    var hit = null;
    nodes.forEach(function (n) {
      if (hit === null && !n.hidden && String(n.fullLabel || "").toLowerCase().indexOf(q) >= 0) { hit = n.id; }
    });
    return hit;
  }
  function focusNode(id) {
    var clusters = network.clustering.findNode(id);
    for (var i = 0; i < clusters.length - 1; i++) {
      if (network.isCluster(clusters[i])) { network.openCluster(clusters[i]); }
    }
    network.selectNodes([id]);
    network.focus(id, { scale: 1.3, animation: { duration: 300 } });
    kgViz.selected = id;
    showNode(id);
  }
  kgViz.focusNode = focusNode;
  function onFind() {
    var id = find(findInput.value);
    if (id === null) { findStatus.textContent = "not found"; return; }
    findStatus.textContent = "";
    focusNode(id);
  }
  findInput.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); onFind(); } });
  findInput.addEventListener("change", onFind);
})();
"""
