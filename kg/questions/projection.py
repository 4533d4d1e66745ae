"""Project the RDF graph around a question into the networkx graph that kg.render.viz draws.

Only the neighbourhood needed is fetched, with small selective queries that start from a bound
entity: the condition (and the conditions narrower than it), the recommendations for it or gated by
it, their therapies, doses, cautions and monitoring, the statements they were derived from, the
citation markers of those statements, the reference-list entries the markers resolve to, the cited
works and the articles. With ``reference=`` the neighbourhood is everything that relies on one cited
work. Each entity is read once with kg.read.description.DESCRIBE_QUERY (its outgoing triples and the labels
of their objects, cached by kg.questions.evidence.NodeView), so the number of queries grows with the view, never with the store.

Every node carries plain-text ``evidence`` written out from the graph: structured doses in words,
statement locators (article title › section heading › item path), citation markers as printed with
the works they resolve to (or that they do not resolve), qualifiers, stage and population. Nothing
here knows a drug, dose or stage: labels and numbers all come from the store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS
from rdflib.term import Node

from ..errors import InputError
from ..read.description import BATCH, Description, iri_values, local_name, prefetch_closure, read_descriptions
from ..store.base import Store
from ..vocab.kinds import KIND_OF_TYPE
from ..vocab.namespaces import CITO, KGV
from .dose import Dose, DoseNames
from .dose_text import DoseFacts, amount_text, describe, duration_text, kgv_properties, quantity_text
from .evidence import DOSE_USERS, NodeView, resolve_reference

if TYPE_CHECKING:
    import networkx

    from ..read.names import NameIndex
    from .paths import Patient

__all__ = ["Projection", "dose_text", "path_steps", "project", "relying_on_reference"]

# ---------------------------------------------------------------------------------------- queries
# Every query starts from a bound IRI (?subject, ?condition, ?feature, ...), so each one is an index
# lookup whatever the size of the store. Without a named condition the view pages through the catalogue of
# conditions (CONDITIONS, a few hundred IRIs at 1M triples) in IRI order, GUIDED_AMONG a page at a time.

# skos:broader* includes the condition itself (zero-length path).
NARROWER_QUERY = """
SELECT DISTINCT ?narrower WHERE { ?narrower skos:broader* ?condition }
"""

RECOMMENDATIONS_FOR_FEATURE = """
SELECT DISTINCT ?rec ?relation WHERE {
  VALUES ?relation { kgv:forCondition kgv:appliesWhenAny kgv:appliesWhenAll kgv:preferredWhenAny }
  ?rec ?relation ?feature .
  ?rec a kgv:Recommendation .
}
"""

COMPONENTS_QUERY = """
SELECT DISTINCT ?component WHERE { ?condition kgv:hasComponent ?component }
"""

CAUTIONS_FOR_FEATURE = """
SELECT DISTINCT ?caution WHERE {
  { ?caution kgv:inPatientsWith ?feature } UNION { ?caution kgv:risk ?feature }
  ?caution a kgv:Caution .
}
"""

CAUTIONS_FOR_AGENT = """
SELECT DISTINCT ?caution WHERE { ?caution kgv:agent ?agent . ?caution a kgv:Caution }
"""

CAUTIONS_MITIGATED_BY = """
SELECT DISTINCT ?caution WHERE { ?caution kgv:mitigatedBy ?rec }
"""

MONITORING_FOR_CONDITION = """
SELECT DISTINCT ?item WHERE {
  ?item kgv:forCondition ?condition .
  { ?item a kgv:MonitoringItem } UNION { ?item a kgv:DiagnosticTest }
}
"""

ADJUSTMENTS_OF_DOSE = """
SELECT DISTINCT ?adjustment WHERE { ?adjustment kgv:adjusts ?dose }
"""

FLAGS_ABOUT = """
SELECT ?flag ?level ?message WHERE { ?flag kgv:about ?subject ; kgv:level ?level ; kgv:message ?message }
ORDER BY ?flag
"""

# Batched forms: the same lookups for many bound IRIs in one query (VALUES), keyed by the bound IRI, so a view
# costs a number of queries bounded by its walk's depth, not by its node count.
RECOMMENDATIONS_FOR_FEATURES = """
SELECT DISTINCT ?key ?rec WHERE {
  VALUES ?key { %s }
  VALUES ?relation { kgv:forCondition kgv:appliesWhenAny kgv:appliesWhenAll kgv:preferredWhenAny }
  ?rec ?relation ?key .
  ?rec a kgv:Recommendation .
}
"""

MONITORING_FOR_CONDITIONS = """
SELECT DISTINCT ?key ?item WHERE {
  VALUES ?key { %s }
  ?item kgv:forCondition ?key .
  { ?item a kgv:MonitoringItem } UNION { ?item a kgv:DiagnosticTest }
}
"""

COMPONENTS_OF = """
SELECT DISTINCT ?key ?component WHERE { VALUES ?key { %s } ?key kgv:hasComponent ?component }
"""

CAUTIONS_FOR_FEATURES = """
SELECT DISTINCT ?key ?caution WHERE {
  VALUES ?key { %s }
  { ?caution kgv:inPatientsWith ?key } UNION { ?caution kgv:risk ?key }
  ?caution a kgv:Caution .
}
"""

CAUTIONS_FOR_AGENTS = """
SELECT DISTINCT ?key ?caution WHERE { VALUES ?key { %s } ?caution kgv:agent ?key . ?caution a kgv:Caution }
"""

CAUTIONS_MITIGATED_BY_ANY = """
SELECT DISTINCT ?key ?caution WHERE { VALUES ?key { %s } ?caution kgv:mitigatedBy ?key }
"""

ADJUSTMENTS_OF_DOSES = """
SELECT DISTINCT ?key ?adjustment WHERE { VALUES ?key { %s } ?adjustment kgv:adjusts ?key }
"""

FLAGS_ABOUT_ANY = """
SELECT ?key ?flag ?level ?message WHERE {
  VALUES ?key { %s }
  ?flag kgv:about ?key ; kgv:level ?level ; kgv:message ?message
}
ORDER BY ?key ?flag
"""

# Guidance is for a kgv:Condition (the shapes require sh:class kgv:Condition of kgv:forCondition), so the
# conditions with guidance are found among the catalogue of conditions, a page at a time, instead of by
# reading every recommendation in the store (0.6 CPU-s at 1M triples) to list them.
CONDITIONS = """
SELECT ?condition WHERE { ?condition a kgv:Condition }
"""

GUIDED_AMONG = """
SELECT DISTINCT ?key WHERE {
  VALUES ?key { %s }
  ?guidance kgv:forCondition ?key .
  { ?guidance a kgv:Recommendation } UNION { ?guidance a kgv:MonitoringItem } UNION { ?guidance a kgv:DiagnosticTest }
}
"""

# Conditions, and pieces of guidance, read per step of a walk: a step stops once the view is full, so a
# store with far more guidance than fits costs a page more than the view, not the whole neighbourhood.
_PAGE = 25

# ---------------------------------------------------------------------------------------- kinds

_KIND_OF_TYPE = KIND_OF_TYPE  # rdf:type -> node kind of kg.render.viz, from the one kind table (kg.vocab.kinds)

# Recommendation links to features, as edge labels (the vocabulary's own wording, shortened).
_QUALIFIERS: tuple[tuple[URIRef, str, str], ...] = (
    (KGV.appliesWhenAny, "applies when any", "Applies when any of"),
    (KGV.appliesWhenAll, "applies when all", "Applies only when all of"),
    (KGV.preferredWhenAny, "preferred when", "Particularly suited when any of"),
)
_THERAPY_LINKS: tuple[tuple[URIRef, str, str], ...] = (
    (KGV.alternativeTo, "alternative to", "Alternative to"),
    (KGV.adjunctTo, "adjunct to", "Adjunct to"),
    (KGV.startsWith, "starts with", "Start together with"),
    (KGV.preferredOver, "preferred over", "Preferred over"),
)

# Links the walk never draws or writes from, so prefetching does not read their targets: an article's (and a
# statement's) derived cito:cites reach every work in its reference list; the view reaches the works it draws
# through the statements' markers.
_NOT_FOLLOWED = (CITO.cites,)

ARROW = " \u203a "  # the locator separator: article title › section heading › item path


# ---------------------------------------------------------------------------------------- reading


@dataclass
class Projection:
    """A view ready for kg.render.viz.render_html: the graph, what to centre on and what to emphasise."""

    graph: networkx.MultiDiGraph
    title: str
    focus: str | None = None
    highlight: set[str] = field(default_factory=set)
    truncated: bool = False  # the walk stopped at max_nodes: the store holds more guidance than drawn

    @property
    def recommendations(self) -> list[str]:
        return sorted(n for n, d in self.graph.nodes(data=True) if d.get("kind") == "recommendation")


def project(
    store: Store,
    condition: str | None = None,
    *,
    reference: str | None = None,
    names: NameIndex | None = None,
    max_nodes: int | None = None,
    include: Iterable[str] = (),
) -> Projection:
    """The graph around ``condition`` (a name, CURIE or IRI), around ``reference``, or of all guidance.

    With both, the condition's view is drawn and everything in it that relies on the reference is
    highlighted. Names resolve through kg.read.names.NameIndex (UnknownName lists the closest names).

    ``max_nodes`` bounds the walk: conditions are walked one at a time (the named one first) until the
    view holds that many nodes, so a view of N nodes reads about N nodes' worth of the store whatever
    its size; ``Projection.truncated`` then says guidance was left out. Recommendations in ``include``
    (e.g. a patient's path) are walked first, so a cut never loses them.
    """
    if (condition or reference) and names is None:
        from ..read.names import NameIndex

        names = NameIndex(store)
    p = _Projector(store, max_nodes)
    cond_iri = names.resolve(condition, "condition", "feature") if condition else None
    ref_iri = resolve_reference(store, reference, names) if reference else None

    required = [URIRef(r) for r in include]
    p.prefetch_closure(required)
    for rec in required:
        p.walk_recommendation(rec)
    if cond_iri is not None:
        p.walk_condition(cond_iri)
    elif ref_iri is None:
        p.walk_all_guidance()

    highlight: set[str] = set()
    if ref_iri is not None:
        relying = relying_on_reference(store, ref_iri)
        if cond_iri is None:
            p.walk_relying(ref_iri, relying)
        highlight = {str(x) for x in relying | {ref_iri}} & set(p.g.nodes)

    p.finish()
    if cond_iri is not None:
        title = f"Guidance graph: {p.describe(cond_iri).label}"
        if ref_iri is not None:
            title += f" (relying on {p.describe(ref_iri).label})"
        focus: str | None = str(cond_iri)
    elif ref_iri is not None:
        title = f"What relies on: {p.describe(ref_iri).label}"
        focus = str(ref_iri)
    else:
        title = "Guidance graph: all curated guidance"
        focus = None
    return Projection(graph=p.g, title=title, focus=focus, highlight=highlight, truncated=p.truncated)


def path_steps(store: Store, condition: str, patient: Patient, names: NameIndex | None = None) -> list[str]:
    """The recommendations kg.questions.paths finds applicable for ``patient``, in path order.

    Node ids of a projection are recommendation IRIs, so the result can be passed straight to
    kg.render.viz.render_html(highlight_path=...).
    """
    from ..read.names import NameIndex
    from .paths import treatment_path

    path = treatment_path(store, names or NameIndex(store), condition, patient)
    return [step.id for step in path.steps if step.applies]


def relying_on_reference(store: Store, reference: URIRef) -> set[URIRef]:
    """Everything that relies on a cited work: kg.questions.evidence.trace_forward's statements and holders
    (recommendations, doses, cautions, monitoring, tests), plus the recommendations using a dose that
    relies on it (directly or through kgv:doseFrom)."""
    from .evidence import trace_forward

    trace = trace_forward(store, reference)
    relying = {URIRef(h.iri) for h in trace.holders} | {URIRef(st.iri) for st in trace.statements}
    for h in trace.holders:
        if h.kind == "dose":
            relying |= {row[0] for row in store.select(DOSE_USERS, {"dose": URIRef(h.iri)}).rows}
    return relying


# ---------------------------------------------------------------------------------------- walking


class _Projector:
    def __init__(self, store: Store, max_nodes: int | None = None) -> None:
        import networkx as nx

        self.store = store
        self.max_nodes = max_nodes
        self.truncated = False
        self.g: networkx.MultiDiGraph = nx.MultiDiGraph()
        self.view = NodeView(store)
        self._edges: set[tuple[str, str, str]] = set()
        self._walked: set[URIRef] = set()
        self._caution_sources: set[URIRef] = set()  # therapies, classes and steps whose cautions are walked
        self._flag_cache: dict[Node, list[str]] = {}
        self._adjustments: dict[Node, list[URIRef]] | None = None  # filled in batch by finish()

    def full(self) -> bool:
        return self.max_nodes is not None and self.g.number_of_nodes() >= self.max_nodes

    # -- store access

    def describe(self, iri: Node) -> Description:
        assert isinstance(iri, URIRef), iri
        return self.view.describe(iri)

    def prefetch(self, nodes: Iterable[Node]) -> None:
        """Read the descriptions of many nodes in batched queries into the NodeView cache."""
        cache = self.view._descriptions  # NodeView's cache: describe() then finds them without a query
        todo = {n for n in nodes if isinstance(n, URIRef) and n not in cache}
        if todo:
            cache.update(read_descriptions(self.store, todo))

    def prefetch_closure(self, seeds: Iterable[Node], hops: int = 4) -> None:
        """Prefetch ``seeds`` and what they point at, ``hops`` deep: one batched query per hop."""
        prefetch_closure(self.store, self.view._descriptions, seeds, hops, skip=_NOT_FOLLOWED)

    def _batched(self, query: str, keys: Iterable[Node]) -> dict[Node, list[URIRef]]:
        """key -> sorted values, for a two-column batched query (?key first)."""
        out: dict[Node, set] = {}
        todo = sorted({k for k in keys if isinstance(k, URIRef)}, key=str)
        for i in range(0, len(todo), BATCH):
            for key, value in self.store.select(query % iri_values(todo[i : i + BATCH])).rows:
                out.setdefault(key, set()).add(value)
        return {k: sorted(v, key=str) for k, v in out.items()}

    def _column(self, query: str, **bindings: Node) -> list[URIRef]:
        return sorted({row[0] for row in self.store.select(query, bindings).rows}, key=str)

    # -- graph building

    def node(self, iri: Node, **attrs: str) -> str:
        key = str(iri)
        if key not in self.g:
            d = self.describe(iri)
            self.g.add_node(key, kind=_kind(d), label=d.label, evidence="", article="", stage="", population="")
        for k, v in attrs.items():
            if v and not self.g.nodes[key].get(k):
                self.g.nodes[key][k] = v
        return key

    def edge(self, u: Node, v: Node, label: str) -> None:
        key = (str(u), str(v), label)
        if key[0] in self.g and key[1] in self.g and key not in self._edges:
            self._edges.add(key)
            self.g.add_edge(key[0], key[1], label=label)

    # -- walks

    def _stop(self) -> bool:
        """The view is full: say that guidance was left out, and stop the walk."""
        if self.full():
            self.truncated = True
            return True
        return False

    def walk_all_guidance(self) -> None:
        """Every condition with guidance, in IRI order, until the view is full."""
        conditions = self._column(CONDITIONS)
        for i in range(0, len(conditions), _PAGE):
            page = conditions[i : i + _PAGE]
            guided = {row[0] for row in self.store.select(GUIDED_AMONG % iri_values(page)).rows}
            for c in page:
                if c in guided:
                    if self._stop():
                        return
                    self.walk_condition(c)

    def walk_condition(self, condition: URIRef) -> None:
        narrower = self._column(NARROWER_QUERY, condition=condition)
        conditions = [condition] + [c for c in narrower if c != condition]  # the named one first
        walked: list[URIRef] = []
        for i in range(0, len(conditions), _PAGE):
            if self._stop():
                break
            page = conditions[i : i + _PAGE]
            self.prefetch(page)
            recs = self._batched(RECOMMENDATIONS_FOR_FEATURES, page)
            monitoring = self._batched(MONITORING_FOR_CONDITIONS, page)
            for c in page:
                if self._stop():
                    break
                walked.append(c)
                self.node(c)
                guidance = [(rec, self.walk_recommendation) for rec in recs.get(c, [])]
                guidance += [(item, self.walk_monitoring) for item in monitoring.get(c, [])]
                self._walk_paged(guidance)
        for c in walked:
            for broader in self.describe(c).all(SKOS.broader):
                if str(broader) in self.g:
                    self.edge(c, broader, "narrower than")
        # Cautions of the disease itself, of its components, and of the agents and steps in view.
        features = set(walked)
        for found in self._batched(COMPONENTS_OF, walked).values():
            features |= set(found)
        by_feature = self._batched(CAUTIONS_FOR_FEATURES, features)
        self._walk_paged([(c, self.walk_caution) for f in sorted(features, key=str) for c in by_feature.get(f, [])])
        therapies, recs_in_view = [], []
        for key in sorted(self.g.nodes):
            iri = URIRef(key)
            if iri in self._caution_sources:
                continue
            kind = self.g.nodes[key]["kind"]
            if kind == "therapy":
                therapies.append(iri)
            elif kind == "recommendation":
                recs_in_view.append(iri)
        self._caution_sources |= set(therapies) | set(recs_in_view)
        self.prefetch(therapies)
        agents_of = {t: [t, *self.describe(t).all(KGV.drugClass)] for t in therapies}
        by_agent = self._batched(CAUTIONS_FOR_AGENTS, {a for agents in agents_of.values() for a in agents})
        by_rec = self._batched(CAUTIONS_MITIGATED_BY_ANY, recs_in_view)
        # A therapy shared across a large corpus is named by cautions in many articles: walked (and read) only
        # until the view is full.
        cautions = []
        for key in sorted(str(x) for x in therapies + recs_in_view):
            iri = URIRef(key)
            for agent in agents_of.get(iri, []):
                cautions += by_agent.get(agent, [])
            cautions += by_rec.get(iri, [])
        self._walk_paged([(c, self.walk_caution) for c in cautions])

    def _walk_paged(self, items: list[tuple[URIRef, Callable[[URIRef], None]]]) -> None:
        """Walk each (node, walk) in order until the view is full, prefetching the closure of a page at a time.

        Nodes already walked cost nothing; the check comes before each walk, so the walk stops within
        one item's neighbourhood of max_nodes.
        """
        todo = [(n, walk) for n, walk in items if n not in self._walked]
        for i in range(0, len(todo), _PAGE):
            if self._stop():
                return
            page = todo[i : i + _PAGE]
            self.prefetch_closure(n for n, _ in page)
            for n, walk in page:
                if self._stop():
                    return
                walk(n)

    def walk_relying(self, reference: URIRef, relying: set[URIRef]) -> None:
        self.walk_reference(reference)
        self._walk_paged([(iri, self._walk_relying_one) for iri in sorted(relying, key=str)])

    def _walk_relying_one(self, iri: URIRef) -> None:
        kind = _kind(self.describe(iri))
        if kind == "recommendation":
            self.walk_recommendation(iri)
        elif kind == "caution":
            self.walk_caution(iri)
        elif kind == "monitoring":
            self.walk_monitoring(iri)
        elif kind == "statement":
            self.walk_statement(iri)
        elif kind == "dose":
            # A dose reached only through its statement: draw it with the recommendations using it.
            for rec in self._column(DOSE_USERS, dose=iri):
                self.walk_recommendation(rec)

    def walk_recommendation(self, rec: URIRef) -> None:
        if rec in self._walked:
            return
        self._walked.add(rec)
        d = self.describe(rec)
        article = self._article_title(d.one(KGV.inArticle))
        stage = d.label_of(d.one(KGV.stage)) if d.one(KGV.stage) is not None else ""
        population = d.label_of(d.one(KGV.population)) if d.one(KGV.population) is not None else ""
        therapy = d.one(KGV.therapy)
        label = d.label_of(therapy) if therapy is not None else local_name(str(rec))
        if d.one(KGV.strength) is not None:
            label += f" ({d.label_of(d.one(KGV.strength))})"
        key = self.node(rec, article=article, stage=stage, population=population)
        self.g.nodes[key]["label"] = label

        for cond in d.all(KGV.forCondition):
            self.node(cond)
            self.edge(rec, cond, "for condition")
        if therapy is not None:
            self.node(therapy)
            self.edge(rec, therapy, "therapy")
        for pred, edge_label, _ in _THERAPY_LINKS:
            for t in d.all(pred):
                self.node(t)
                self.edge(rec, t, edge_label)
        for pred, edge_label, _ in _QUALIFIERS:
            for f in d.all(pred):
                self.node(f)
                self.edge(rec, f, edge_label)
        for dose in d.all(KGV.dose):
            self.node(dose, article=article, stage=stage, population=population)
            self.edge(rec, dose, "dose")
            for st in self.describe(dose).all(PROV.wasDerivedFrom):
                self.walk_statement(st)
                self.edge(dose, st, "derived from")
        for other, edge_label in [(o, "dose as given for") for o in d.all(KGV.doseFrom)] + [
            (o, "follows") for o in d.all(KGV.follows)
        ]:
            self.walk_recommendation(other)
            self.edge(rec, other, edge_label)
        for st in d.all(PROV.wasDerivedFrom):
            self.walk_statement(st)
            self.edge(rec, st, "derived from")

    def walk_caution(self, caution: URIRef) -> None:
        if caution in self._walked:
            return
        self._walked.add(caution)
        d = self.describe(caution)
        article = self._article_title(d.one(KGV.inArticle))
        risk = d.one(KGV.risk)
        key = self.node(caution, article=article)
        if risk is not None:
            self.g.nodes[key]["label"] = f"risk: {d.label_of(risk)}"
        for pred, edge_label in ((KGV.agent, "agent"), (KGV.risk, "risk"), (KGV.inPatientsWith, "in patients with")):
            for o in d.all(pred):
                self.node(o)
                self.edge(caution, o, edge_label)
        for rec in d.all(KGV.mitigatedBy):
            if str(rec) in self.g:
                self.edge(caution, rec, "mitigated by")
        for item in d.all(KGV.callsForMonitoring):
            self.walk_monitoring(item)
            self.edge(caution, item, "calls for monitoring")
        for st in d.all(PROV.wasDerivedFrom):
            self.walk_statement(st)
            self.edge(caution, st, "derived from")

    def walk_monitoring(self, item: URIRef) -> None:
        if item in self._walked:
            return
        self._walked.add(item)
        d = self.describe(item)
        article = self._article_title(d.one(KGV.inArticle))
        population = d.label_of(d.one(KGV.population)) if d.one(KGV.population) is not None else ""
        self.node(item, article=article, population=population)
        for pred, edge_label in (
            (KGV.forCondition, "for condition"),
            (KGV.monitorsFor, "monitors for"),
            (KGV.relatedTherapy, "related therapy"),
        ):
            for o in d.all(pred):
                self.node(o)
                self.edge(item, o, edge_label)
        for member in d.all(KGV.member):
            self.walk_monitoring(member)
            self.node(member, article=article)
            self.edge(item, member, "member")
        for st in d.all(PROV.wasDerivedFrom):
            self.walk_statement(st)
            self.edge(item, st, "derived from")

    def walk_statement(self, st: URIRef) -> None:
        if st in self._walked:
            return
        self._walked.add(st)
        d = self.describe(st)
        art = d.one(KGV.inArticle)
        article = self._article_title(art)
        section = self.describe(d.one(KGV.inSection)) if d.one(KGV.inSection) is not None else None
        position = section.text(KGV.position) if section else "?"
        population = ""
        if art is not None:
            pop = self.describe(art).one(KGV.population)
            population = self.describe(art).label_of(pop) if pop is not None else ""
        key = self.node(st, article=article, population=population)
        self.g.nodes[key]["label"] = f"\u00a7{position}{ARROW}{d.text(KGV.itemPath)}"
        if art is not None:
            self.walk_article(art)
            self.edge(st, art, "in article")
        for marker in d.all(KGV.hasMarker):
            m = self.describe(marker)
            entry = m.one(KGV.resolvesTo)
            if entry is None:
                continue
            work = self.describe(entry).one(KGV.refersTo)
            if work is not None:
                self.walk_reference(work)
                self.edge(st, work, f"cites [{m.text(KGV.markerLabel)}]")

    def walk_reference(self, work: URIRef) -> None:
        self.node(work)

    def walk_article(self, art: URIRef) -> None:
        self.node(art, article=self._article_title(art))

    def _article_title(self, art: Node | None) -> str:
        return self.describe(art).label if art is not None else ""

    # -- evidence, once every node is known

    def finish(self) -> None:
        # Everything the evidence texts read, in batches: node descriptions one hop out, flags, adjustments.
        nodes = [URIRef(k) for k in self.g.nodes]
        self.prefetch_closure(nodes, hops=3)
        cache = self.view._descriptions
        markers = {o for n in nodes for p, o, _ in cache[n].triples if p == KGV.hasMarker}
        for key, flags in self._flag_rows(set(nodes) | markers).items():
            self._flag_cache[key] = flags
        self._adjustments = self._batched(ADJUSTMENTS_OF_DOSES,
                                          [n for n in nodes if self.g.nodes[str(n)]["kind"] == "dose"])
        self.prefetch_closure({a for adjs in self._adjustments.values() for a in adjs}, hops=1)
        writers = {
            "recommendation": self._recommendation_evidence,
            "dose": self._dose_evidence,
            "therapy": self._therapy_evidence,
            "caution": self._caution_evidence,
            "monitoring": self._monitoring_evidence,
            "statement": self._statement_evidence,
            "reference": self._reference_evidence,
            "article": self._article_evidence,
            "condition": self._condition_evidence,
        }
        for key in sorted(self.g.nodes):
            data = self.g.nodes[key]
            writer = writers.get(data["kind"])
            if writer is not None:
                data["evidence"] = writer(URIRef(key))
            if data["kind"] == "dose":
                # The amount clause names a dose better than its IRI does.
                data["label"] = amount_text(dose_facts(self.describe(URIRef(key))))
                if "not stated" in data["label"]:
                    therapies = sorted(
                        self.describe(URIRef(r)).label_of(self.describe(URIRef(r)).one(KGV.therapy))
                        for r in self.g.predecessors(key)
                        if self.g.nodes[r]["kind"] == "recommendation" and self.describe(URIRef(r)).one(KGV.therapy)
                    )
                    if therapies:
                        data["label"] = f"{therapies[0]}: {data['label']}"
        # A therapy (or condition) drawn for one article only can be filtered with that article.
        for key in sorted(self.g.nodes):
            data = self.g.nodes[key]
            if data["kind"] in ("therapy", "condition", "reference") and not data["article"]:
                arts = {self.g.nodes[n].get("article") for n in self._neighbours(key)} - {""}
                if len(arts) == 1:
                    data["article"] = arts.pop()

    def _neighbours(self, key: str) -> set[str]:
        return set(self.g.successors(key)) | set(self.g.predecessors(key))

    def _flag_rows(self, nodes: set[Node]) -> dict[Node, list[str]]:
        out: dict[Node, list[str]] = {n: [] for n in nodes if isinstance(n, URIRef)}
        todo = sorted(out, key=str)
        for i in range(0, len(todo), BATCH):
            for key, _flag, level, message in self.store.select(FLAGS_ABOUT_ANY % iri_values(todo[i : i + BATCH])).rows:
                out[key].append(f"Curator flag ({level}): {message}")
        return out

    def _flags(self, iri: URIRef) -> list[str]:
        if iri not in self._flag_cache:
            rows = self.store.select(FLAGS_ABOUT, {"subject": iri}).rows
            self._flag_cache[iri] = [f"Curator flag ({level}): {message}" for _, level, message in rows]
        return self._flag_cache[iri]

    def _labels(self, d: Description, pred: URIRef) -> str:
        return ", ".join(sorted(d.label_of(o) for o in d.all(pred)))

    def _recommendation_evidence(self, rec: URIRef) -> str:
        d = self.describe(rec)
        data = self.g.nodes[str(rec)]
        lines = [f"Recommendation: {data['label']}"]
        rank = d.text(KGV.rank)
        lines.append(
            f"Stage: {data['stage'] or 'not recorded'}"
            + (f" (rank {rank} within the stage)" if rank else "")
            + f"; population: {data['population'] or 'not recorded'}"
        )
        if data["article"]:
            lines.append(f"Article: {data['article']}")
        if d.all(KGV.forCondition):
            lines.append(f"For condition: {self._labels(d, KGV.forCondition)}")
        for pred, _, words in _QUALIFIERS + _THERAPY_LINKS:
            if d.all(pred):
                lines.append(f"{words}: {self._labels(d, pred)}")
        if d.all(KGV.alternativeWhen):
            lines.append(f"Alternative when the other therapy is: {self._labels(d, KGV.alternativeWhen)}")
        for other in d.all(KGV.follows):
            lines.append(f"Follows: {self._rec_label(other)}")
        window = _amount_with_unit(d, KGV.responseWindowValue, KGV.responseWindowUnit)
        if window:
            lines.append(f"Response window: inadequate response within {window}")
        onset = _amount_with_unit(d, KGV.onsetMaxValue, KGV.onsetUnit)
        if onset:
            lines.append(f"May take up to {onset} to work")
        duration = _duration(d)
        if duration or d.text(KGV.durationAnchor):
            anchor = d.text(KGV.durationAnchor)
            lines.append(f"Duration: {duration or 'not stated'}" + (f"; counted from: {anchor}" if anchor else ""))
        if d.text(KGV.purpose):
            lines.append(f"Purpose: {d.text(KGV.purpose)}")
        if d.text(KGV.note):
            lines.append(f"Curator's note: {d.text(KGV.note)}")
        doses = d.all(KGV.dose)
        for dose in doses:
            lines.append(f"Dose: {dose_text(self.describe(dose))}")
        for other in d.all(KGV.doseFrom):
            for dose in self.describe(other).all(KGV.dose):
                lines.append(f"Dose (as given for {self._rec_label(other)}): {dose_text(self.describe(dose))}")
        if not doses and not d.all(KGV.doseFrom):
            lines.append("Dose: none given in the article")
        lines += self._flags(rec)
        lines += self._sources(d.all(PROV.wasDerivedFrom))
        return "\n".join(lines)

    def _rec_label(self, rec: Node) -> str:
        if str(rec) in self.g:
            data = self.g.nodes[str(rec)]
            return f"{data['label']}, {data['stage']}" if data["stage"] else data["label"]
        return self.describe(rec).label

    def _dose_evidence(self, dose: URIRef) -> str:
        d = self.describe(dose)
        lines = [f"Dose: {dose_text(d)}"]
        recs = [r for r in self._neighbours(str(dose)) if self.g.nodes[r]["kind"] == "recommendation"]
        for r in sorted(recs):
            lines.append(f"Dose of: {self._rec_label(URIRef(r))}")
        adjustments = (self._column(ADJUSTMENTS_OF_DOSE, dose=dose) if self._adjustments is None
                       else self._adjustments.get(dose, []))
        for adj in adjustments:
            a = self.describe(adj)
            when = []
            if a.all(KGV.appliesWhenAny):
                when.append(f"any of {self._labels(a, KGV.appliesWhenAny)}")
            if a.all(KGV.appliesWhenAll):
                when.append(f"all of {self._labels(a, KGV.appliesWhenAll)}")
            position = a.label_of(a.one(KGV.rangePosition)) if a.one(KGV.rangePosition) is not None else "?"
            lines.append(f"Range position: {position} when {' and '.join(when) or 'not stated'}")
        lines += self._flags(dose)
        lines += self._sources(d.all(PROV.wasDerivedFrom))
        return "\n".join(lines)

    def _therapy_evidence(self, therapy: URIRef) -> str:
        d = self.describe(therapy)
        lines = [f"Therapy: {d.label}"]
        also = sorted({str(o) for o in d.all(SKOS.altLabel) + d.all(KGV.abbreviation)})
        if also:
            lines.append(f"Also called: {', '.join(also)}")
        if d.all(KGV.drugClass):
            lines.append(f"Drug class: {self._labels(d, KGV.drugClass)}")
        if d.all(KGV.combines):
            lines.append(f"Combines: {self._labels(d, KGV.combines)}")
        recs = sorted(
            (r for r in self.g.predecessors(str(therapy)) if self.g.nodes[r]["kind"] == "recommendation"),
            key=lambda r: (self.g.nodes[r]["article"], r),
        )
        if not recs:
            lines.append("No recommendation in this view names it as its therapy.")
        for r in recs:
            rd = self.describe(URIRef(r))
            if URIRef(str(therapy)) not in rd.all(KGV.therapy):
                continue
            data = self.g.nodes[r]
            lines.append("")
            where = f"{data['stage'] or 'no stage'}, {data['population'] or 'no population'}"
            lines.append(f"\u2022 {where}: {data['label']}")
            lines.append(f"  Article: {data['article']}")
            for dose in rd.all(KGV.dose):
                lines.append(f"  Dose: {dose_text(self.describe(dose))}")
            for other in rd.all(KGV.doseFrom):
                for dose in self.describe(other).all(KGV.dose):
                    lines.append(f"  Dose (as given for {self._rec_label(other)}): {dose_text(self.describe(dose))}")
            lines += ["  " + s for s in self._sources(rd.all(PROV.wasDerivedFrom))]
        return "\n".join(lines)

    def _caution_evidence(self, caution: URIRef) -> str:
        d = self.describe(caution)
        lines = [f"Caution: {self.g.nodes[str(caution)]['label']}"]
        if d.all(KGV.agent):
            level = d.text(KGV.agentDoseLevel)
            lines.append(f"Agent: {self._labels(d, KGV.agent)}" + (f" ({level})" if level else ""))
        if d.all(KGV.inPatientsWith):
            lines.append(f"In patients with: {self._labels(d, KGV.inPatientsWith)}")
        if d.text(KGV.mitigation):
            lines.append(f"What to do: {d.text(KGV.mitigation)}")
        for rec in d.all(KGV.mitigatedBy):
            lines.append(f"Mitigated by: {self._rec_label(rec)}")
        if d.all(KGV.callsForMonitoring):
            lines.append(f"Monitoring: {self._labels(d, KGV.callsForMonitoring)}")
        if d.text(KGV.note):
            lines.append(f"Curator's note: {d.text(KGV.note)}")
        lines += self._flags(caution)
        lines += self._sources(d.all(PROV.wasDerivedFrom))
        return "\n".join(lines)

    def _monitoring_evidence(self, item: URIRef) -> str:
        d = self.describe(item)
        kind = "Diagnostic test" if KGV.DiagnosticTest in d.types else "Monitoring"
        lines = [f"{kind}: {d.label}"]
        for pred, words in (
            (KGV.forCondition, "For condition"),
            (KGV.monitorsFor, "Watches for"),
            (KGV.relatedTherapy, "Related therapy"),
            (KGV.member, "Panel members"),
            (KGV.appliesWhenAny, "When any of"),
            (KGV.appliesWhenAll, "Only when all of"),
        ):
            if d.all(pred):
                lines.append(f"{words}: {self._labels(d, pred)}")
        if d.text(KGV.purpose):
            lines.append(f"Purpose: {d.text(KGV.purpose)}")
        lines += self._sources(d.all(PROV.wasDerivedFrom))
        return "\n".join(lines)

    def _statement_evidence(self, st: URIRef) -> str:
        d = self.describe(st)
        lines = [f"Statement: {self._locator(st)}"]
        if d.one(KGV.role) is not None:
            lines.append(f"Role: {d.label_of(d.one(KGV.role))}")
        if d.text(KGV.summary):
            lines.append(f"Summary (curator's words): {d.text(KGV.summary)}")
        lines += self._citations(st)
        lines += self._flags(st)
        return "\n".join(lines)

    def _reference_evidence(self, work: URIRef) -> str:
        d = self.describe(work)
        lines = [f"Reference: {d.label}"]
        kind = sorted(self.describe(work).label_of(t) for t in d.types if t in _KIND_OF_TYPE)
        if kind:
            lines.append(f"Type: {', '.join(kind)}")
        if d.text(KGV.sourceTitle):
            lines.append(f"Source: {d.text(KGV.sourceTitle)}")
        if d.text(DCTERMS.issued):
            lines.append(f"Year: {d.text(DCTERMS.issued)}")
        citing = sorted(r for r in self.g.predecessors(str(work)) if self.g.nodes[r]["kind"] == "statement")
        if citing:
            lines.append(f"Cited in this view by {len(citing)} statement(s):")
            lines += [f"  {self._locator(URIRef(s))}" for s in citing]
        return "\n".join(lines)

    def _article_evidence(self, art: URIRef) -> str:
        d = self.describe(art)
        lines = [f"Article: {d.label}"]
        if d.text(KGV.question):
            lines.append(f"Question: {d.text(KGV.question)}")
        if d.all(KGV.aboutCondition):
            lines.append(f"About: {self._labels(d, KGV.aboutCondition)}")
        if d.all(KGV.population):
            lines.append(f"Population: {self._labels(d, KGV.population)}")
        if d.text(DCTERMS.publisher):
            lines.append(f"Publisher: {d.text(DCTERMS.publisher)}")
        if d.text(DCTERMS.modified):
            lines.append(f"Last modified: {d.text(DCTERMS.modified)}")
        lines += self._flags(art)
        return "\n".join(lines)

    def _condition_evidence(self, cond: URIRef) -> str:
        d = self.describe(cond)
        kind = "Patient state" if KGV.PatientState in d.types else "Condition"
        lines = [f"{kind}: {d.label}"]
        also = sorted({str(o) for o in d.all(SKOS.altLabel) + d.all(KGV.abbreviation)})
        if also:
            lines.append(f"Also called: {', '.join(also)}")
        for pred, words in (
            (SKOS.broader, "Narrower than"),
            (KGV.hasComponent, "Components"),
            (KGV.hasComplication, "Complications"),
            (KGV.hasManifestation, "Manifestations"),
        ):
            if d.all(pred):
                lines.append(f"{words}: {self._labels(d, pred)}")
        recs = [r for r in self.g.predecessors(str(cond)) if self.g.nodes[r]["kind"] == "recommendation"]
        lines.append(f"Recommendations in this view linked to it: {len(set(recs))}")
        return "\n".join(lines)

    # -- locators and citations

    def _locator(self, st: URIRef) -> str:
        d = self.describe(st)
        parts = [self._article_title(d.one(KGV.inArticle)) or "unknown article"]
        section = d.one(KGV.inSection)
        parts.append(self.describe(section).text(KGV.heading) if section is not None else "unknown section")
        parts.append(f"item {d.text(KGV.itemPath)}")
        return ARROW.join(parts)

    def _sources(self, statements: Iterable[Node]) -> list[str]:
        lines = []
        for st in statements:
            lines.append(f"Source: {self._locator(st)}")
            lines += ["  " + c for c in self._citations(st)]
        return lines

    def _citations(self, st: URIRef) -> list[str]:
        d = self.describe(st)
        printed = d.text(KGV.markersAsPrinted)
        if not printed:
            return ["Markers as printed: none"]
        lines = [f"Markers as printed: {printed}"]
        by_label = {self.describe(m).text(KGV.markerLabel): m for m in d.all(KGV.hasMarker)}
        for label in [x.strip() for x in printed.split(",") if x.strip()]:
            marker = by_label.get(label)
            entry = self.describe(marker).one(KGV.resolvesTo) if marker is not None else None
            work = self.describe(entry).one(KGV.refersTo) if entry is not None else None
            if work is None:
                lines.append(f"[{label}] marker {label} does not resolve (no such entry in the reference list)")
                if marker is not None:
                    lines += ["  " + f for f in self._flags(marker)]
                continue
            # Title and year identify the work; its journal is on the reference node itself.
            w = self.describe(work)
            year = w.text(DCTERMS.issued)
            lines.append(f"[{label}] {w.label}" + (f" ({year})" if year else ""))
        return lines


# ---------------------------------------------------------------------------------------- doses


def dose_facts(d: Description) -> DoseFacts:
    """The wording of a described dose, through the one dose model (kg.questions.dose.Dose)."""
    return DoseFacts.of(Dose.from_properties(d.iri, kgv_properties(d.props()), DoseNames(d.label_of), d.types))


def dose_text(d: Description) -> str:
    """A structured dose written out in words from its fields (see kg.questions.dose_text.describe)."""
    return describe(dose_facts(d))


def _amount_with_unit(d: Description, value_pred: URIRef, unit_pred: URIRef) -> str:
    value = d.one(value_pred)
    unit = d.label_of(d.one(unit_pred)) if d.one(unit_pred) is not None else None
    return quantity_text(value, value, unit)


def _duration(d: Description) -> str:
    return duration_text(dose_facts(d))


def _kind(d: Description) -> str:
    kinds = sorted({_KIND_OF_TYPE[t] for t in d.types if t in _KIND_OF_TYPE})
    return kinds[0] if kinds else "other"


def require_focus_for_depth(depth: int | None, focus: str | None) -> None:
    """--depth counts hops from a named entity; without one there is nothing to count from."""
    if depth is not None and focus is None:
        raise InputError("--depth needs a CONDITION or --reference to count hops from")
