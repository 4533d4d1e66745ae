"""The built graph read once for an export: labels, typed lookups and citation chains.

An export walks every article anyway, so it reads all quads of the store in one pass into an in-memory
rdflib graph (the union of the named graphs) rather than sending one query per node. Every accessor returns
values in a fixed order (sorted by IRI or text), which is what makes the exports byte-identical.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS
from rdflib.term import Node

from kg.questions.dose import Dose, DoseNames
from kg.questions.dose_text import DoseFacts, kgv_properties
from kg.store.base import Store
from kg.vocab import labels
from kg.vocab.namespaces import KGV, QUDT

# The one label policy (kg.vocab.labels), then a section's heading.
LABEL_PROPERTIES = (*labels.LABEL_PROPERTIES, KGV.heading)


@dataclass(frozen=True)
class Citation:
    """One cited work reached from a statement: statement -> marker -> reference-list entry -> work."""

    work: URIRef
    title: str
    source: str
    year: str
    article: URIRef
    marker: str


@dataclass(frozen=True)
class Unresolved:
    """A marker the curator flagged as having no reference-list entry."""

    article: URIRef
    marker: str


class GraphFacts:
    """The union graph with the few lookups the exporters need."""

    def __init__(self, graph: Graph) -> None:
        self.g = graph

    @classmethod
    def read(cls, store: Store) -> GraphFacts:
        g = Graph()
        for s, p, o, _ in store.quads():
            g.add((s, p, o))
        return cls(g)

    # ------------------------------------------------------------ generic access

    def all(self, s: Node, p: URIRef) -> list[Node]:
        return sorted(set(self.g.objects(s, p)), key=lambda n: (type(n).__name__, str(n)))

    def one(self, s: Node, p: URIRef) -> Node | None:
        values = self.all(s, p)
        return values[0] if values else None

    def text(self, s: Node, p: URIRef) -> str | None:
        value = self.one(s, p)
        return None if value is None else str(value)

    def number(self, s: Node, p: URIRef) -> float | None:
        value = self.one(s, p)
        return None if value is None else float(str(value))

    def flag(self, s: Node, p: URIRef) -> bool:
        value = self.one(s, p)
        return isinstance(value, Literal) and str(value).lower() == "true"

    def of_type(self, *classes: URIRef) -> list[URIRef]:
        found = {s for c in classes for s in self.g.subjects(RDF.type, c) if isinstance(s, URIRef)}
        return sorted(found, key=str)

    def is_a(self, s: Node, cls: URIRef) -> bool:
        return (s, RDF.type, cls) in self.g

    def label(self, node: Node | None) -> str:
        if node is None:
            return ""
        for p in LABEL_PROPERTIES:
            values = sorted(str(v) for v in self.g.objects(node, p))
            if values:
                return values[0]
        return str(node).rstrip("/").replace("#", "/").rsplit("/", 1)[-1]

    def matches(self, s: Node, namespace: str) -> list[str]:
        """Local identifiers of the skos:exactMatch mappings of `s` in one namespace, e.g. ATC codes."""
        return sorted(str(o)[len(namespace):] for o in self.g.objects(s, SKOS.exactMatch) if str(o).startswith(namespace))

    # ------------------------------------------------------------ domain lookups

    def dose(self, dose: URIRef) -> Dose:
        """The one dose model (kg.questions.dose) of a dose node, with its units' UCUM codes."""
        props: dict = {}
        for p, o in self.g.predicate_objects(dose):
            props.setdefault(p, []).append(o)
        names = DoseNames(self.label, lambda unit: self.text(unit, QUDT.ucumCode),
                          lambda unit: self.number(unit, KGV.days))
        return Dose.from_properties(dose, kgv_properties(props), names, self.all(dose, RDF.type))

    def dose_facts(self, dose: URIRef) -> DoseFacts:
        return DoseFacts.of(self.dose(dose))

    def doses_of(self, rec: URIRef) -> list[URIRef]:
        """The recommendation's own doses, or those of the recommendation it takes them from."""
        own = [d for d in self.all(rec, KGV.dose) if isinstance(d, URIRef)]
        if own:
            return own
        source = self.one(rec, KGV.doseFrom)
        return [d for d in self.all(source, KGV.dose) if isinstance(d, URIRef)] if source is not None else []

    def citations(self, things: Iterable[Node]) -> tuple[list[Citation], list[Unresolved]]:
        """Works cited by the statements `things` were derived from, and markers flagged unresolved."""
        cited: set[Citation] = set()
        unresolved: set[Unresolved] = set()
        for thing in things:
            for statement in self.g.objects(thing, PROV.wasDerivedFrom):
                article = self.one(statement, KGV.inArticle)
                for marker in self.g.objects(statement, KGV.hasMarker):
                    label = self.text(marker, KGV.markerLabel) or ""
                    entries = self.all(marker, KGV.resolvesTo)
                    if not entries and self.flag(marker, KGV.flaggedUnresolved):
                        unresolved.add(Unresolved(article, label))
                    for entry in entries:
                        for work in self.g.objects(entry, KGV.refersTo):
                            year = self.text(work, DCTERMS.issued) or ""
                            cited.add(Citation(work, self.label(work), self.text(work, KGV.sourceTitle) or "",
                                               year, article, label))
        return (sorted(cited, key=lambda c: (str(c.work), str(c.article), c.marker)),
                sorted(unresolved, key=lambda u: (str(u.article), u.marker)))

    def locators(self, thing: Node) -> list[str]:
        """'Article title › section heading › item 3' for each statement the thing was derived from."""
        out = []
        for statement in self.all(thing, PROV.wasDerivedFrom):
            section = self.one(statement, KGV.inSection)
            article = self.one(statement, KGV.inArticle)
            out.append(" › ".join(x for x in (self.label(article), self.label(section),
                                                f"item {self.text(statement, KGV.itemPath) or '?'}") if x))
        return out

    def stage_position(self, stage: Node | None) -> int:
        value = self.number(stage, KGV.position) if stage is not None else None
        return int(value) if value is not None else 99

    def recommendations_of(self, article: URIRef) -> list[URIRef]:
        """The article's recommendations in path order: stage position, then rank, then IRI."""
        recs = [r for r in self.g.subjects(KGV.inArticle, article) if self.is_a(r, KGV.Recommendation)]
        return sorted(set(recs), key=lambda r: (self.stage_position(self.one(r, KGV.stage)),
                                                 self.number(r, KGV.rank) or 0, str(r)))
