"""Evidence: trace guidance back to statements and references, and references forward to guidance.

- `trace_back(store, thing)`: every statement that asserts a therapy, dose, recommendation, caution,
  monitoring item or statement, with its article, locator, markers as printed and the reference-list
  entries they resolve to (or that they do not resolve).
- `trace_forward(store, reference)`: from a cited work to the statements citing it in every article,
  the recommendations, doses, cautions and monitoring that rely on them, and the conditions and
  stages of the treatment paths those feed.
- `impact(store, reference)`: if that work were withdrawn, which of those would be left with no
  supporting reference, and which keep other support (and which).

Every query starts from the bound entity (the thing, a statement, a reference) so the cost grows
with the answer, not with the store. Node details come from one subject lookup per node, cached.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from rdflib import RDF, URIRef
from rdflib.term import Node

from ..errors import InputError
from ..read.description import Description, read_description
from ..read.names import NameIndex, expand_curie
from ..sources.source_text import ArticleFiles
from ..store.base import Store
from ..vocab.curie import shorten
from ..vocab.kinds import HOLDER_WORDS, THING_WORDS
from ..vocab.labels import first_label
from ..vocab.namespaces import KGV, QUDT
from .dose import Dose, DoseNames
from .dose_text import DoseFacts, describe, kgv_properties

# ---------------------------------------------------------------- queries (values bound, never spliced)

# Nodes that rely on statements ("holders") for a thing, each branch starting from the bound ?thing.
TRACE_HOLDERS = """
SELECT DISTINCT ?holder ?statement WHERE {
  { ?thing a kgv:Statement . BIND (?thing AS ?statement) BIND (?thing AS ?holder) }
  UNION { ?thing prov:wasDerivedFrom ?statement . BIND (?thing AS ?holder) }
  UNION { ?thing kgv:dose ?holder . ?holder prov:wasDerivedFrom ?statement }
  UNION { ?thing kgv:doseFrom ?source . ?source kgv:dose ?holder . ?holder prov:wasDerivedFrom ?statement }
  UNION { ?holder kgv:adjusts ?thing ; prov:wasDerivedFrom ?statement }
  UNION { ?holder kgv:therapy ?thing ; prov:wasDerivedFrom ?statement }
  UNION { ?rec kgv:therapy ?thing ; kgv:dose ?holder . ?holder prov:wasDerivedFrom ?statement }
  UNION { ?rec kgv:therapy ?thing ; kgv:dose ?dose . ?holder kgv:adjusts ?dose ; prov:wasDerivedFrom ?statement }
  UNION { ?combo kgv:combines ?thing . ?holder kgv:therapy ?combo ; prov:wasDerivedFrom ?statement }
  UNION { ?holder kgv:agent ?thing ; prov:wasDerivedFrom ?statement }
  UNION { ?thing kgv:drugClass ?class . ?holder kgv:agent ?class ; prov:wasDerivedFrom ?statement }
  UNION { ?holder kgv:relatedTherapy ?thing ; prov:wasDerivedFrom ?statement }
  UNION { ?statement kgv:mentions ?thing . BIND (?statement AS ?holder) }
}
"""

STATEMENT_MARKERS = """
SELECT ?marker ?label WHERE { ?statement kgv:hasMarker ?marker . ?marker kgv:markerLabel ?label . }
"""

STATEMENT_RESOLUTIONS = """
SELECT ?marker ?entry ?work WHERE {
  ?statement kgv:hasMarker ?marker . ?marker kgv:resolvesTo ?entry . ?entry kgv:refersTo ?work .
}
"""

REFERENCE_ENTRIES = """
SELECT ?entry ?article ?position WHERE {
  ?entry kgv:refersTo ?reference ; kgv:inArticle ?article ; kgv:position ?position .
}
"""

REFERENCE_STATEMENTS = """
SELECT DISTINCT ?statement WHERE {
  ?entry kgv:refersTo ?reference . ?marker kgv:resolvesTo ?entry . ?statement kgv:hasMarker ?marker .
}
"""

REFERENCE_HOLDERS = """
SELECT DISTINCT ?statement ?holder WHERE {
  ?entry kgv:refersTo ?reference . ?marker kgv:resolvesTo ?entry . ?statement kgv:hasMarker ?marker .
  ?holder prov:wasDerivedFrom ?statement .
}
"""

# The works each source statement of a holder cites (CiTO, derived at build from resolved markers).
HOLDER_SUPPORT = """
SELECT DISTINCT ?statement ?work WHERE { ?holder prov:wasDerivedFrom ?statement . ?statement cito:cites ?work . }
"""

DOSE_USERS = """
SELECT DISTINCT ?rec WHERE { { ?rec kgv:dose ?dose } UNION { ?rec kgv:doseFrom ?source . ?source kgv:dose ?dose } }
"""

HOLDER_CLASSES = HOLDER_WORDS  # rdf:type -> word, from the one kind table (kg.vocab.kinds)
THING_CLASSES = THING_WORDS
TRACE_KINDS = ("therapy", "recommendation", "dose", "caution", "monitoring", "statement")
# Holders listed in impact reports; a statement that merely mentions a thing is not guidance.
GUIDANCE_KINDS = ("recommendation", "dose", "dose adjustment", "caution", "monitoring", "diagnostic test")


# ---------------------------------------------------------------- node details


class NodeView:
    """Outgoing triples of nodes, fetched once per node (kg.read.description): the one lookup every detail
    of evidence, comparison and projection is read from."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._descriptions: dict[Node, Description] = {}
        self._props: dict[Node, dict[URIRef, list[Node]]] = {}

    def describe(self, node: Node) -> Description:
        if node not in self._descriptions:
            self._descriptions[node] = read_description(self.store, node)
        return self._descriptions[node]

    def props(self, node: Node) -> dict[URIRef, list[Node]]:
        if node not in self._props:
            self._props[node] = self.describe(node).props()
        return self._props[node]

    def one(self, node: Node, prop: Node) -> Node | None:
        values = self.props(node).get(prop, [])
        return values[0] if values else None

    def all(self, node: Node, prop: Node) -> list[Node]:
        return list(self.props(node).get(prop, []))

    def types(self, node: Node) -> list[Node]:
        return self.all(node, RDF.type)

    def kind(self, node: Node, classes: dict = HOLDER_CLASSES) -> str | None:
        kinds = sorted({classes[t] for t in self.types(node) if t in classes})
        return kinds[0] if kinds else None

    def label(self, node: Node | None) -> str:
        if node is None:
            return ""
        named = first_label(lambda prop: self.one(node, prop))  # the one label policy (kg.vocab.labels)
        if named is not None:
            return named
        heading = self.one(node, KGV.heading)
        if heading is not None:
            return str(heading)
        kind = self.kind(node)
        if kind == "recommendation":
            return f"{self.label(self.one(node, KGV.therapy))} ({self.label(self.one(node, KGV.stage))})"
        if kind == "dose":
            users = [row[0] for row in self.store.select(DOSE_USERS, {"dose": node}).rows]
            therapies = sorted({self.label(self.one(u, KGV.therapy)) for u in users})
            return (" / ".join(therapies) + " " if therapies else "") + format_dose(self, node)
        if kind == "caution":
            agent = self.one(node, KGV.agent)
            risk = self.label(self.one(node, KGV.risk))
            return f"risk of {risk}" + (f" with {self.label(agent)}" if agent is not None else "")
        if kind == "dose adjustment":
            return (
                f"{self.label(self.one(node, KGV.rangePosition))} of {format_dose(self, self.one(node, KGV.adjusts))}"
            )
        return shorten(node)

    def number(self, node: Node, prop: Node) -> float | None:
        value = self.one(node, prop)
        return float(value) if value is not None else None


def read_dose(view: NodeView, dose: Node, *, codes: bool = False) -> Dose:
    """The one dose model (kg.questions.dose) of a node, labels by the policy; with `codes`, also its units' UCUM codes
    and its interval unit's length in days (one more node read per unit, so only where arithmetic needs them)."""
    names = DoseNames(view.label)
    if codes:
        names = DoseNames(view.label, lambda unit: _str(view.one(unit, QUDT.ucumCode)),
                          lambda unit: view.number(unit, KGV.days))
    return Dose.from_properties(dose, kgv_properties(view.props(dose)), names, view.types(dose))


def dose_facts(view: NodeView, dose: Node) -> DoseFacts:
    return DoseFacts.of(read_dose(view, dose))


def format_dose(view: NodeView, dose: Node | None) -> str:
    """A dose as the graph records it, in words built from the vocabulary's own labels."""
    return "" if dose is None else describe(dose_facts(view, dose))


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class Citation:
    """One citation marker printed after a statement, and what it resolves to."""

    label: str
    resolved: bool
    flagged_unresolved: bool = False
    entry: str | None = None
    position: int | None = None
    type_as_printed: str | None = None
    title_as_printed: str | None = None
    source_as_printed: str | None = None
    year_as_printed: int | None = None
    work: str | None = None
    work_title: str | None = None
    work_type: str | None = None


@dataclass(frozen=True)
class StatementEvidence:
    iri: str
    article: str
    article_title: str
    heading: str
    section_position: int
    item_path: str
    source_line: int | None
    text_sha256: str
    markers_as_printed: str
    summary: str | None
    roles: list[str]
    citations: list[Citation]
    supports: list[str] = field(default_factory=list)
    source_file: str | None = None
    heading_sha256: str | None = None
    source: dict | None = None  # kg.sources.source_text.SourceText.as_dict() when --sources was given

    @property
    def locator(self) -> str:
        return f"{self.heading} › {self.item_path}"

    @property
    def works(self) -> list[str]:
        return sorted({c.work for c in self.citations if c.work})


@dataclass(frozen=True)
class Holder:
    """Something that relies on statements: a recommendation, dose, caution, monitoring item."""

    iri: str
    kind: str
    label: str
    article: str | None
    statements: list[str] = field(default_factory=list)
    feeds: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class Trace:
    """Statements behind a thing (trace back) or relying on a reference (trace forward)."""

    subject: str
    subject_kind: str
    subject_label: str
    direction: str
    holders: list[Holder]
    statements: list[StatementEvidence]
    entries: list[dict] = field(default_factory=list)  # forward: where each article lists the work

    def by_article(self) -> dict[str, list[StatementEvidence]]:
        out: dict[str, list[StatementEvidence]] = {}
        for st in self.statements:
            out.setdefault(st.article, []).append(st)
        return out



@dataclass(frozen=True)
class ImpactItem:
    iri: str
    kind: str
    label: str
    article: str | None
    statements_citing: list[str]
    other_support: list[dict]  # [{work, title, statements}]
    feeds: list[dict]

    @property
    def left_without_support(self) -> bool:
        return not self.other_support


@dataclass(frozen=True)
class Impact:
    reference: str
    reference_label: str
    left_without_support: list[ImpactItem]
    keeps_other_support: list[ImpactItem]
    feeds: list[dict]


# ---------------------------------------------------------------- resolving what the user names


def resolve_thing(store: Store, text: str, names: NameIndex | None = None) -> tuple[URIRef, str]:
    """An IRI/CURIE of any traceable node, or a name of a therapy, dose, recommendation, caution or monitoring item."""
    view = NodeView(store)
    iri = expand_curie(text)
    if iri:
        kind = view.kind(URIRef(iri), THING_CLASSES)
        if kind:
            return URIRef(iri), kind
        if view.types(URIRef(iri)):
            raise InputError(
                f"{text} is not something that can be traced",
                "trace a therapy, recommendation, dose, caution, monitoring item or statement",
            )
    names = names or NameIndex(store)
    found = names.resolve(text, *TRACE_KINDS)
    return found, view.kind(found, THING_CLASSES) or "thing"


def resolve_reference(store: Store, text: str, names: NameIndex | None = None) -> URIRef:
    iri = expand_curie(text)
    if iri and (
        KGV.GuidelineReference in NodeView(store).types(URIRef(iri))
        or KGV.ResearchReference in NodeView(store).types(URIRef(iri))
    ):
        return URIRef(iri)
    return (names or NameIndex(store)).resolve(text, "reference")


# ---------------------------------------------------------------- statements


def statement_evidence(view: NodeView, statement: Node, files: ArticleFiles | None = None) -> StatementEvidence:
    """Article, locator, markers as printed and what each marker resolves to; text when files are given."""
    section = view.one(statement, KGV.inSection)
    article = view.one(statement, KGV.inArticle)
    markers = {m: str(label) for m, label in view.store.select(STATEMENT_MARKERS, {"statement": statement}).rows}
    resolved: dict[Node, list[tuple[Node, Node]]] = {}
    for marker, entry, work in view.store.select(STATEMENT_RESOLUTIONS, {"statement": statement}).rows:
        resolved.setdefault(marker, []).append((entry, work))
    citations = []
    for marker, label in markers.items():
        flagged = str(view.one(marker, KGV.flaggedUnresolved)) == "true"
        if marker not in resolved:
            citations.append(Citation(label, False, flagged))
            continue
        for entry, work in sorted(resolved[marker], key=str):
            year = view.one(entry, KGV.yearAsPrinted)
            position = view.one(entry, KGV.position)
            citations.append(
                Citation(
                    label,
                    True,
                    flagged,
                    str(entry),
                    int(position) if position is not None else None,
                    _str(view.one(entry, KGV.typeAsPrinted)),
                    _str(view.one(entry, KGV.titleAsPrinted)),
                    _str(view.one(entry, KGV.sourceAsPrinted)),
                    int(year) if year is not None else None,
                    str(work),
                    view.label(work),
                    _work_type(view, work),
                )
            )
    citations.sort(key=_marker_order(str(view.one(statement, KGV.markersAsPrinted) or "")))
    line = view.one(statement, KGV.sourceLine)
    ev = StatementEvidence(
        iri=str(statement),
        article=str(article),
        article_title=view.label(article),
        heading=str(view.one(section, KGV.heading) or "") if section is not None else "",
        section_position=int(view.one(section, KGV.position) or 0) if section is not None else 0,
        item_path=str(view.one(statement, KGV.itemPath) or ""),
        source_line=int(line) if line is not None else None,
        text_sha256=str(view.one(statement, KGV.textSha256) or ""),
        markers_as_printed=str(view.one(statement, KGV.markersAsPrinted) or ""),
        summary=_str(view.one(statement, KGV.summary)),
        roles=sorted(view.label(r) for r in view.all(statement, KGV.role)),
        citations=citations,
        source_file=_str(view.one(article, KGV.sourceFile)) if article is not None else None,
        heading_sha256=_str(view.one(section, KGV.headingSha256)) if section is not None else None,
    )
    if files is not None:
        text = files.text_of(ev.source_file, ev.heading_sha256 or "", ev.item_path, ev.text_sha256)
        ev = replace(ev, source=text.as_dict())
    return ev


def _marker_order(printed: str):
    order = [x.strip() for x in printed.split(",") if x.strip()]

    def key(c: Citation):
        return (order.index(c.label) if c.label in order else len(order), c.label, c.position or 0)

    return key


def _str(node: Node | None) -> str | None:
    return str(node) if node is not None else None


def _work_type(view: NodeView, work: Node) -> str | None:
    types = view.types(work)
    if KGV.GuidelineReference in types:
        return view.label(KGV.GuidelineReference)
    if KGV.ResearchReference in types:
        return view.label(KGV.ResearchReference)
    return None


def _statement_sort_key(st: StatementEvidence):
    return (st.article, st.section_position, [_path_part(p) for p in st.item_path.split(".")])


def _path_part(part: str) -> tuple[int, int]:
    return (
        (1, int(part[1:])) if part.startswith("s") and part[1:].isdigit() else (0, int(part) if part.isdigit() else 0)
    )


# ---------------------------------------------------------------- what guidance feeds


def feeds(view: NodeView, holder: Node) -> list[dict]:
    """The treatment-path places (condition, stage, therapy, population) a holder's guidance reaches."""
    kind = view.kind(holder)
    recs: list[Node] = []
    places: list[dict] = []
    if kind == "recommendation":
        recs = [holder]
    elif kind == "dose":
        recs = [row[0] for row in view.store.select(DOSE_USERS, {"dose": holder}).rows]
    elif kind == "dose adjustment":
        for dose in view.all(holder, KGV.adjusts):
            recs += [row[0] for row in view.store.select(DOSE_USERS, {"dose": dose}).rows]
    elif kind == "caution":
        recs = view.all(holder, KGV.mitigatedBy)
        for condition in view.all(holder, KGV.inPatientsWith):
            places.append(
                {
                    "condition": view.label(condition),
                    "stage": None,
                    "therapy": None,
                    "population": None,
                    "via": f"caution: {view.label(holder)}",
                }
            )
    elif kind in ("monitoring", "diagnostic test"):
        for condition in view.all(holder, KGV.forCondition):
            places.append(
                {
                    "condition": view.label(condition),
                    "stage": None,
                    "therapy": None,
                    "population": view.label(view.one(holder, KGV.population)) or None,
                    "via": f"{kind}: {view.label(holder)}",
                }
            )
    for rec in recs:
        for condition in view.all(rec, KGV.forCondition) or [None]:
            places.append(
                {
                    "condition": view.label(condition) or None,
                    "stage": view.label(view.one(rec, KGV.stage)) or None,
                    "therapy": view.label(view.one(rec, KGV.therapy)) or None,
                    "population": view.label(view.one(rec, KGV.population)) or None,
                    "via": f"recommendation {shorten(rec)}",
                }
            )
    unique = {tuple(sorted((k, v or "") for k, v in p.items())): p for p in places}
    return [unique[k] for k in sorted(unique)]


def _holder(view: NodeView, iri: Node, statements: Iterable[Node]) -> Holder:
    kind = view.kind(iri) or "thing"
    article = view.one(iri, KGV.inArticle)
    if article is None and kind == "dose":
        users = view.store.select(DOSE_USERS, {"dose": iri}).rows
        article = view.one(users[0][0], KGV.inArticle) if users else None
    return Holder(
        str(iri),
        kind,
        view.label(iri),
        str(article) if article is not None else None,
        sorted({str(s) for s in statements}),
        feeds(view, iri),
    )


# ---------------------------------------------------------------- trace back, forward, impact


def trace_back(store: Store, thing: URIRef, kind: str | None = None, sources_dir: Path | None = None) -> Trace:
    """Every statement asserting `thing`, grouped with what relies on it."""
    view = NodeView(store)
    by_holder: dict[Node, set[Node]] = {}
    for holder, statement in store.select(TRACE_HOLDERS, {"thing": thing}).rows:
        by_holder.setdefault(holder, set()).add(statement)
    files = ArticleFiles(sources_dir) if sources_dir is not None else None
    holders = sorted(
        (_holder(view, h, s) for h, s in by_holder.items()), key=lambda h: (h.article or "", h.kind, h.iri)
    )
    statements = _statements(view, by_holder, files)
    return Trace(
        str(thing), kind or view.kind(thing, THING_CLASSES) or "thing", view.label(thing), "back", holders, statements
    )


def _statements(
    view: NodeView, by_holder: dict[Node, set[Node]], files: ArticleFiles | None
) -> list[StatementEvidence]:
    supports: dict[Node, set[str]] = {}
    for holder, statements in by_holder.items():
        for st in statements:
            if holder is not None:
                supports.setdefault(st, set()).add(str(holder))
            else:
                supports.setdefault(st, set())
    out = []
    for st, holders in supports.items():
        ev = statement_evidence(view, st, files)
        out.append(replace(ev, supports=sorted(h for h in holders if h != ev.iri)))
    return sorted(out, key=_statement_sort_key)


def trace_forward(store: Store, reference: URIRef, sources_dir: Path | None = None) -> Trace:
    """Everything that relies on a cited work, across all articles."""
    view = NodeView(store)
    by_holder: dict[Node | None, set[Node]] = {
        None: {row[0] for row in store.select(REFERENCE_STATEMENTS, {"reference": reference}).rows}
    }
    for statement, holder in store.select(REFERENCE_HOLDERS, {"reference": reference}).rows:
        by_holder.setdefault(holder, set()).add(statement)
    files = ArticleFiles(sources_dir) if sources_dir is not None else None
    holders = sorted(
        (_holder(view, h, s) for h, s in by_holder.items() if h is not None),
        key=lambda h: (h.article or "", h.kind, h.iri),
    )
    statements = _statements(view, by_holder, files)
    entries = sorted(
        (
            {"article": str(a), "article_title": view.label(a), "position": int(p), "entry": str(e)}
            for e, a, p in store.select(REFERENCE_ENTRIES, {"reference": reference}).rows
        ),
        key=lambda d: (d["article"], d["position"]),
    )
    for entry in entries:
        entry["cited_by_statements"] = sum(1 for st in statements for c in st.citations if c.entry == entry["entry"])
    return Trace(str(reference), "reference", view.label(reference), "forward", holders, statements, entries)


def impact(store: Store, reference: URIRef) -> Impact:
    """If `reference` were withdrawn: what loses all supporting references, and what keeps others."""
    view = NodeView(store)
    citing: dict[Node, set[Node]] = {}
    for statement, holder in store.select(REFERENCE_HOLDERS, {"reference": reference}).rows:
        if view.kind(holder) in GUIDANCE_KINDS:
            citing.setdefault(holder, set()).add(statement)
    left: list[ImpactItem] = []
    kept: list[ImpactItem] = []
    all_feeds: dict[tuple, dict] = {}
    for holder, statements in citing.items():
        others: dict[Node, set[str]] = {}
        for statement, work in store.select(HOLDER_SUPPORT, {"holder": holder}).rows:
            if work != reference:
                others.setdefault(work, set()).add(str(statement))
        h = _holder(view, holder, statements)
        item = ImpactItem(
            h.iri,
            h.kind,
            h.label,
            h.article,
            sorted(str(s) for s in statements),
            [
                {"work": str(w), "title": view.label(w), "statements": sorted(s)}
                for w, s in sorted(others.items(), key=str)
            ],
            h.feeds,
        )
        (kept if others else left).append(item)
        for place in h.feeds:
            all_feeds[tuple(sorted((k, v or "") for k, v in place.items() if k != "via"))] = {
                k: v for k, v in place.items() if k != "via"
            }
    order = lambda i: (i.article or "", i.kind, i.iri)  # noqa: E731
    return Impact(
        str(reference),
        view.label(reference),
        sorted(left, key=order),
        sorted(kept, key=order),
        [all_feeds[k] for k in sorted(all_feeds)],
    )
