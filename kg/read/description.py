"""One node's outgoing triples, read with one query, each object with its display label.

The single way the question modules read "everything about this node": kg.questions.evidence.NodeView caches
these per node, and kg.questions.projection draws from the same cache. The query starts from the bound
subject, so it is an index lookup whatever the size of the store.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from ..store.base import Store
from ..vocab.curie import local_name
from ..vocab.labels import choose_labels, first_label, first_of, label_columns, label_optionals, label_pattern

DESCRIBE_QUERY = f"""
SELECT ?p ?o {label_columns("o")} WHERE {{
  ?subject ?p ?o .
  {label_optionals("o")}
}}
"""


@dataclass
class Description:
    """The outgoing triples of one subject, with a display label for each object."""

    iri: Node
    triples: list[tuple[URIRef, Node, str | None]] = field(default_factory=list)
    # Predicate -> sorted distinct objects, built on first use (views call all() tens of thousands of times,
    # and a scan of the triples per call was a third of a 500-node view's CPU). Keyed by the number of
    # triples it was built from, so a description still being filled is never answered from a stale index.
    _index: tuple[int, dict[Node, list[Node]]] | None = field(default=None, repr=False, compare=False)

    def all(self, pred: URIRef) -> list[Node]:
        if self._index is None or self._index[0] != len(self.triples):
            grouped: dict[Node, set[Node]] = {}
            for p, o, _ in self.triples:
                grouped.setdefault(p, set()).add(o)
            self._index = (len(self.triples), {p: sorted(os, key=str) for p, os in grouped.items()})
        return list(self._index[1].get(pred, ()))

    def one(self, pred: URIRef) -> Node | None:
        values = self.all(pred)
        return values[0] if values else None

    def text(self, pred: URIRef) -> str:
        value = self.one(pred)
        return str(value) if value is not None else ""

    def flag(self, pred: URIRef) -> bool:
        value = self.one(pred)
        return isinstance(value, Literal) and bool(value.toPython())

    def label_of(self, obj: Node) -> str:
        for _, o, label in self.triples:
            if o == obj and label:
                return label
        return local_name(str(obj))

    def props(self) -> dict[URIRef, list[Node]]:
        """Predicate -> its distinct objects, sorted (an object with several labels is listed once)."""
        out: dict[URIRef, list[Node]] = {}
        for p, o, _ in self.triples:
            values = out.setdefault(p, [])
            if o not in values:
                values.append(o)
        for values in out.values():
            values.sort(key=str)
        return out

    @property
    def types(self) -> set[Node]:
        return set(self.all(RDF.type))

    @property
    def label(self) -> str:
        return first_label(self.one) or local_name(str(self.iri))


# The same read for many subjects at once: one query per chunk of subjects instead of one per node.
DESCRIBE_MANY_QUERY = f"""
SELECT ?subject ?p ?o {label_columns("o")} WHERE {{
  VALUES ?subject {{ %s }}
  ?subject ?p ?o .
  {label_optionals("o")}
}}
"""

# The labels alone of many nodes (by the one policy), for readers that need a name and nothing else.
LABELS_MANY_QUERY = f"""
SELECT DISTINCT ?node {label_columns("node")} WHERE {{
  VALUES ?node {{ %s }}
  {label_pattern("node")}
}}
"""
BATCH = 200  # subjects per query: few round trips, queries of a few kilobytes

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def iri_values(nodes: Iterable[Node]) -> str:
    """IRIs as the body of a VALUES block. Only IRIs read from the store reach here; any that could not be
    written back as an IRI token is refused rather than spliced."""
    out = []
    for n in nodes:
        if not isinstance(n, URIRef) or _IRI_FORBIDDEN.search(str(n)):
            raise ValueError(f"not an IRI that can be written in a query: {n!r}")
        out.append(f"<{n}>")
    return " ".join(out)


def read_descriptions(store: Store, nodes: Iterable[Node]) -> dict[Node, Description]:
    """Descriptions of many IRIs, BATCH per query; same content as read_description for each."""
    todo = sorted({n for n in nodes if isinstance(n, URIRef)}, key=str)
    out: dict[Node, Description] = {n: Description(n) for n in todo}
    for i in range(0, len(todo), BATCH):
        chunk = todo[i : i + BATCH]
        for subject, p, o, pref, label, title in store.select(DESCRIBE_MANY_QUERY % iri_values(chunk)).rows:
            shown = first_of((pref, label, title))  # the one label policy (kg.vocab.labels)
            out[subject].triples.append((p, o, shown))
    for d in out.values():
        d.triples.sort(key=lambda t: (str(t[0]), str(t[1]), t[2] or ""))
    return out


def read_labels(store: Store, nodes: Iterable[Node]) -> dict[str, str]:
    """IRI string -> label by the one policy (kg.vocab.labels), for the IRIs among `nodes` that have one; BATCH
    nodes per query."""
    todo = sorted({n for n in nodes if isinstance(n, URIRef)}, key=str)
    out: dict[str, str] = {}
    for i in range(0, len(todo), BATCH):
        out.update(choose_labels(store.select(LABELS_MANY_QUERY % iri_values(todo[i : i + BATCH])).rows))
    return out


def prefetch_closure(store: Store, cache: dict[Node, Description], seeds: Iterable[Node], hops: int = 4,
                     skip: Iterable[URIRef] = ()) -> None:
    """Fill `cache` (e.g. kg.questions.evidence.NodeView's) with the descriptions of `seeds` and of what they point at,
    `hops` deep (recommendation -> statement -> marker -> entry -> work), one batched read per hop instead of
    one query per node. rdf:type objects (classes) are not followed, nor the predicates in `skip`."""
    from rdflib.namespace import RDF

    unfollowed = {RDF.type, *skip}
    frontier = {n for n in seeds if isinstance(n, URIRef) and n not in cache}
    for hop in range(hops + 1):
        if not frontier:
            return
        cache.update(read_descriptions(store, frontier))
        if hop == hops:
            return
        frontier = {o for n in frontier for p, o, _ in cache[n].triples
                    if isinstance(o, URIRef) and p not in unfollowed and o not in cache}


def read_description(store: Store, node: Node) -> Description:
    d = Description(node)
    for p, o, pref, label, title in store.select(DESCRIBE_QUERY, {"subject": node}).rows:
        shown = first_of((pref, label, title))  # the one label policy (kg.vocab.labels)
        d.triples.append((p, o, shown))
    d.triples.sort(key=lambda t: (str(t[0]), str(t[1]), t[2] or ""))
    return d


