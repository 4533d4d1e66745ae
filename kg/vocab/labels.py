"""The one label policy: which property names a node when it is shown.

skos:prefLabel first (the curated name), then rdfs:label (the vocabulary's terms), then dcterms:title (works
and articles); among several values of the first property present, the smallest by text (so the choice does
not depend on an engine's row order). Every reader of node labels takes them through this module: the node
reader (kg.read.description: paths' neighbours, compare and the views; its batched `read_labels` for paths and
name suggestions), kg.questions.evidence.NodeView (trace), the path retrieval queries (kg.questions.path_queries, whose SPARQL
reads the label columns with `label_pattern` and chooses with `choose_labels`) and the exports' in-memory
graph. tests/test_labels.py fails if a module names a label property outside this module, so a node with
several is named the same by `kg paths`, `kg trace`, `kg compare` and `kg viz`. What follows when none is
present is each reader's own fallback (a section heading, a synthesized recommendation or dose label, the
local name).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS
from rdflib.term import Node

LABEL_PROPERTIES: tuple[URIRef, ...] = (SKOS.prefLabel, RDFS.label, DCTERMS.title)

# The SPARQL spelling of each (the store's prologue declares these prefixes).
_SPARQL_NAMES = ("skos:prefLabel", "rdfs:label", "dcterms:title")


def first_label(value_of: Callable[[URIRef], Node | None]) -> str | None:
    """The label by the policy, given how to read one value of a property (the smallest, when several);
    None when the node has none."""
    for prop in LABEL_PROPERTIES:
        value = value_of(prop)
        if value is not None:
            return str(value)
    return None


def first_of(values: Sequence[Node | None]) -> str | None:
    """The label by the policy from values read in LABEL_PROPERTIES order (one query's OPTIONAL columns)."""
    return next((str(v) for v in values if v is not None), None)


def label_of_values(values_of: Callable[[URIRef], Iterable[object]]) -> str | None:
    """The label by the policy, given all values of each property: the smallest value of the first
    property that has any."""
    for prop in LABEL_PROPERTIES:
        values = sorted(str(v) for v in values_of(prop) if v is not None)
        if values:
            return values[0]
    return None


def label_of_props(props: Mapping[str, Sequence[object]]) -> str | None:
    """The label by the policy from properties keyed by IRI string (kg.questions.path_queries' node tables)."""
    return label_of_values(lambda prop: props.get(str(prop), ()))


def label_optionals(node: str) -> str:
    """SPARQL that binds `?<node>_label0..2` to the node's label values, one column per property in policy
    order, each left unbound when the node has none. Write it at the level where ?<node> is bound (never
    alone inside an OPTIONAL group, where ?<node> would be unbound); read the rows with `choose_labels`."""
    return " ".join(f"OPTIONAL {{ ?{node} {name} ?{node}_label{i} }}" for i, name in enumerate(_SPARQL_NAMES))


def label_pattern(node: str) -> str:
    """`label_optionals`, keeping only nodes with at least one label. Use it under SELECT DISTINCT: the
    required pattern that keeps them repeats a row per label value. (A FILTER on BOUND after the OPTIONALs
    would say the same, but rdflib drops every row of VALUES followed by two OPTIONALs.)"""
    return f"?{node} {'|'.join(_SPARQL_NAMES)} ?{node}_anyLabel . {label_optionals(node)}"


def label_columns(node: str) -> str:
    """The projection of `label_pattern`'s columns: `?<node>_label0 ?<node>_label1 ?<node>_label2`."""
    return " ".join(f"?{node}_label{i}" for i in range(len(_SPARQL_NAMES)))


def choose_labels(rows: Iterable[Sequence[Node | None]]) -> dict[str, str]:
    """node -> label by the policy, from rows (node, label0, label1, label2) as `label_pattern` gives them
    (one row per combination of values): the first property present wins, then the smallest value."""
    best: dict[str, tuple[int, str]] = {}
    for node, *values in rows:
        for rank, value in enumerate(values):
            if value is not None:
                candidate = (rank, str(value))
                key = str(node)
                if key not in best or candidate < best[key]:
                    best[key] = candidate
                break
    return {node: label for node, (_, label) in best.items()}
