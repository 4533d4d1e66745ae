"""The evidence fixture graph: invented articles with known citation defects, plus the project's vocabulary."""

from __future__ import annotations

import shutil
from pathlib import Path

from kg.config import GRAPH_DIR

FIXTURE = Path(__file__).parent / "fixtures" / "evidence" / "graph"


def fixture_graph(tmp: Path) -> Path:
    """Copy the fixture articles and entities, and the project's vocabulary, shapes and rules, under tmp."""
    graph = tmp / "graph"
    shutil.copytree(FIXTURE, graph)
    for sub in ("vocab", "shapes", "rules"):
        shutil.copytree(GRAPH_DIR / sub, graph / sub)
    return graph
