"""The one label policy: which property names a node when it is shown.

skos:prefLabel first (the curated name), then rdfs:label (the vocabulary's terms), then dcterms:title (works
and articles). Every reader of node labels (kg.description for paths' neighbours, compare and the views;
kg.evidence.NodeView for trace) takes them in this order, so a node with several is named the same by
`kg trace`, `kg compare` and `kg viz`. What follows when none is present is each reader's own fallback
(a section heading, a synthesized recommendation or dose label, the local name).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS
from rdflib.term import Node

LABEL_PROPERTIES: tuple[URIRef, ...] = (SKOS.prefLabel, RDFS.label, DCTERMS.title)


def first_label(value_of: Callable[[URIRef], Node | None]) -> str | None:
    """The label by the policy, given how to read one value of a property; None when the node has none."""
    for prop in LABEL_PROPERTIES:
        value = value_of(prop)
        if value is not None:
            return str(value)
    return None


def first_of(values: Sequence[Node | None]) -> str | None:
    """The label by the policy from values read in LABEL_PROPERTIES order (one query's OPTIONAL columns)."""
    return next((str(v) for v in values if v is not None), None)
