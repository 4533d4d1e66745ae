"""Reading an importer draft back as a curator would: which therapy is recommended at which stage."""

from __future__ import annotations

from rdflib import Graph

from kg.vocab.namespaces import KGV


def recommended_stages(g: Graph) -> dict[str, set[str]]:
    """therapy local name -> the stages the draft recommends it at"""
    out: dict[str, set[str]] = {}
    for r in g.subjects(None, KGV.Recommendation):
        for t in g.objects(r, KGV.therapy):
            for s in g.objects(r, KGV.stage):
                out.setdefault(str(t).rsplit("/", 1)[-1], set()).add(str(s).rsplit("#", 1)[-1])
    return out
