"""Deterministic export: the same store gives byte-identical files.

Quads are sorted before serialisation and added to a fresh rdflib Dataset in that order; rdflib's
serialisers then emit them in a stable order. Blank nodes do not occur in the curated graph.
"""

from __future__ import annotations

from rdflib import Dataset, Graph

from .errors import InputError
from .namespaces import PREFIXES
from .store import Store

FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig", "nq": "nquads"}


def _sort_key(quad) -> tuple[str, ...]:
    return tuple(t.n3() if t is not None else "" for t in (quad[3], quad[0], quad[1], quad[2]))


def export(store: Store, fmt: str) -> str:
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}", "choose one of " + ", ".join(FORMATS))
    quads = sorted(store.quads(), key=_sort_key)
    if fmt in ("trig", "nq"):
        ds = Dataset()
        for p, ns in PREFIXES.items():
            ds.bind(p, ns)
        for s, p, o, g in quads:
            ds.graph(g).add((s, p, o))
        out = ds.serialize(format=FORMATS[fmt])
    else:
        g = Graph()
        for p, ns in PREFIXES.items():
            g.bind(p, ns)
        for s, p, o, _ in quads:
            g.add((s, p, o))
        out = g.serialize(format=FORMATS[fmt], **({"auto_compact": True} if fmt == "jsonld" else {}))
    if fmt in ("nt", "nq"):
        out = "".join(sorted(set(out.splitlines(keepends=True))))
    return out
