"""The mini guideline (tests/fixtures/mini): a tiny invented guideline for logic tests of paths, evidence and
compare, so that curating a real article never churns them. Two articles (adults; children, on a narrower
condition), a condition hierarchy, one dose per basis (flat, body weight, ideal body weight, body surface area)
and amounts in mg, g and ug (a microgram maximum among them). Facts about the real articles stay in their own
tests (test_curated_facts, test_paths_scenarios...)."""

from __future__ import annotations

import shutil
from pathlib import Path

from kg.config import GRAPH_DIR

MINI = Path(__file__).parent / "fixtures" / "mini" / "graph"


def mini_graph(tmp: Path) -> Path:
    """Copy the mini articles and entities, and the project's vocabulary, shapes and rules, under tmp."""
    graph = tmp / "graph"
    shutil.copytree(MINI, graph)
    for sub in ("vocab", "shapes", "rules"):
        shutil.copytree(GRAPH_DIR / sub, graph / sub)
    return graph
