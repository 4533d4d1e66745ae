"""The graph as KGX TSV (a nodes file and an edges file) aligned to the Biolink Model.

Nodes are the therapies, conditions, patient states, populations, articles and cited works. A
recommendation becomes a `biolink:treats` edge from the therapy to the condition, with the population as
`population_context_qualifier`, the works its statements cite as `publications`, and the treatment stage in
project columns (`treatment_stage`, `stage_position`): Biolink's `stage_qualifier` means a developmental
stage, which is not what a guideline stage is. Cautions become `biolink:has_adverse_event` edges (agent ->
risk) and contraindications `biolink:contraindicated_in` edges; hierarchy, class membership, combinations,
components, manifestations and the articles' subjects become edges too. Mappings the graph holds
(skos:exactMatch to ATC, RxNorm, MONDO, HP) are `xref`s; nothing else is coded.

Identifiers are CURIEs with the project's prefixes, so they stay stable; every row and every list cell is
sorted, so the files are byte-identical for identical sources.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import SKOS

from kg.store.base import Store
from kg.vocab.namespaces import ATC, HP, KGV, MONDO, PREFIXES, RXNORM

from .facts import GraphFacts

SOURCE = "infores:guideline-kg"
LIST_SEPARATOR = "|"
NODE_COLUMNS = ("id", "category", "name", "description", "xref", "provided_by")
EDGE_COLUMNS = ("id", "subject", "predicate", "object", "category", "knowledge_level", "agent_type",
                "primary_knowledge_source", "publications", "population_context_qualifier", "treatment_stage",
                "stage_position", "qualifiers_text", "provided_by")
XREF_PREFIXES = ((str(ATC), "ATC:"), (str(RXNORM), "RXNORM:"), (str(MONDO), "MONDO:"), (str(HP), "HP:"))
# Order matters: the first class a node has decides its category.
CATEGORY_OF_CLASS = (
    (KGV.Drug, "biolink:Drug"),
    (KGV.DrugClass, "biolink:ChemicalEntity"),  # Biolink has no drug-class category
    (KGV.CombinationTherapy, "biolink:Treatment"),
    (KGV.NonDrugTherapy, "biolink:Treatment"),
    (KGV.PatientState, "biolink:ClinicalFinding"),
    (KGV.Condition, "biolink:DiseaseOrPhenotypicFeature"),
    (KGV.Population, "biolink:PopulationOfIndividualOrganisms"),
    (KGV.GuidelineArticle, "biolink:Article"),
    (KGV.Reference, "biolink:Publication"),
    (KGV.GuidelineReference, "biolink:Publication"),
    (KGV.ResearchReference, "biolink:Publication"),
)
THERAPY_ASSOCIATION = "biolink:ChemicalOrDrugOrTreatmentToDiseaseOrPhenotypicFeatureAssociation"


@dataclass(frozen=True)
class KgxFiles:
    nodes: str
    edges: str


def curie(iri: URIRef | str) -> str:
    text = str(iri)
    best = ""
    for prefix, namespace in PREFIXES.items():
        if text.startswith(namespace) and len(namespace) > len(best):
            best, chosen = namespace, prefix
    return f"{chosen}:{text[len(best):]}" if best else text


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(_cell(v) for v in value)
    # TSV has no escapes: a tab or line break inside a value would split the row.
    return " ".join(str(value).replace("\t", " ").splitlines())


def _table(columns: tuple[str, ...], rows: list[dict]) -> str:
    lines = ["\t".join(columns)]
    for row in sorted(rows, key=lambda r: tuple(_cell(r.get(c)) for c in columns)):
        lines.append("\t".join(_cell(row.get(c)) for c in columns))
    return "\n".join(lines) + "\n"


class KgxBuilder:
    def __init__(self, facts: GraphFacts) -> None:
        self.f = facts
        self.nodes: dict[str, dict] = {}
        self.edges: list[dict] = []

    def category(self, node) -> str | None:
        for cls, category in CATEGORY_OF_CLASS:
            if self.f.is_a(node, cls):
                if category == "biolink:DiseaseOrPhenotypicFeature":
                    if self.f.matches(node, str(MONDO)):
                        return "biolink:Disease"
                    if self.f.matches(node, str(HP)):
                        return "biolink:PhenotypicFeature"
                return category
        return None

    def node(self, iri) -> str | None:
        """Add the node (once) and return its CURIE, or None for a node with no Biolink category."""
        if iri is None:
            return None
        category = self.category(iri)
        if category is None:
            return None
        key = curie(iri)
        if key not in self.nodes:
            xrefs = sorted(prefix + str(o)[len(ns):] for o in self.f.g.objects(iri, SKOS.exactMatch)
                           for ns, prefix in XREF_PREFIXES if str(o).startswith(ns))
            self.nodes[key] = {"id": key, "category": [category], "name": self.f.label(iri),
                               "description": self.f.text(iri, KGV.question) or "",
                               "xref": xrefs, "provided_by": [SOURCE]}
        return key

    def edge(self, edge_id: str, subject, predicate: str, obj, category: str = "biolink:Association", **extra) -> None:
        s, o = self.node(subject), self.node(obj)
        if s is None or o is None:
            return
        row = {"id": edge_id, "subject": s, "predicate": predicate, "object": o, "category": [category],
               "knowledge_level": "knowledge_assertion", "agent_type": "manual_agent",
               "primary_knowledge_source": SOURCE, "provided_by": [SOURCE]}
        row.update(extra)
        self.edges.append(row)

    def publications(self, things) -> list[str]:
        cited, _ = self.f.citations(things)
        for c in cited:
            self.node(c.work)
        return sorted({curie(c.work) for c in cited})

    def build(self) -> KgxFiles:
        f = self.f
        for art in f.of_type(KGV.GuidelineArticle):
            self.node(art)
            condition = f.one(art, KGV.aboutCondition)
            if condition is not None:
                self.edge(f"{curie(art)}#about", art, "biolink:mentions", condition)
            for rec in f.recommendations_of(art):
                therapy, condition = f.one(rec, KGV.therapy), f.one(rec, KGV.forCondition)
                stage, population = f.one(rec, KGV.stage), f.one(rec, KGV.population)
                qualifiers = []
                for prop, words in ((KGV.appliesWhenAll, "applies when all of"), (KGV.appliesWhenAny, "applies when any of"),
                                    (KGV.preferredWhenAny, "singled out for")):
                    features = f.all(rec, prop)
                    if features:
                        qualifiers.append(f"{words}: " + "; ".join(sorted(f.label(x) for x in features)))
                self.node(population)
                self.edge(curie(rec), therapy, "biolink:treats", condition, THERAPY_ASSOCIATION,
                          publications=self.publications([rec, *f.doses_of(rec)]),
                          population_context_qualifier=curie(population) if population is not None else "",
                          treatment_stage=f.label(stage), stage_position=f.stage_position(stage),
                          qualifiers_text=qualifiers)
        for caution in f.of_type(KGV.Caution, KGV.Contraindication):
            agent = f.one(caution, KGV.agent)
            if f.is_a(caution, KGV.Contraindication):
                self.edge(curie(caution), agent, "biolink:contraindicated_in", f.one(caution, KGV.inPatientsWith),
                          publications=self.publications([caution]))
            else:
                self.edge(curie(caution), agent, "biolink:has_adverse_event", f.one(caution, KGV.risk),
                          THERAPY_ASSOCIATION, publications=self.publications([caution]))
        for node in list(f.of_type(KGV.Drug, KGV.DrugClass, KGV.CombinationTherapy, KGV.Condition, KGV.PatientState)):
            for broader in f.all(node, SKOS.broader):
                self.edge(f"{curie(node)}#broader-{curie(broader)}", node, "biolink:subclass_of", broader)
            for cls in f.all(node, KGV.drugClass):
                self.edge(f"{curie(node)}#class-{curie(cls)}", node, "biolink:subclass_of", cls)
            for part in f.all(node, KGV.combines) + f.all(node, KGV.hasComponent):
                self.edge(f"{curie(node)}#part-{curie(part)}", node, "biolink:has_part", part)
            for feature in f.all(node, KGV.hasManifestation):
                self.edge(f"{curie(node)}#manifestation-{curie(feature)}", node, "biolink:has_manifestation", feature)
        return KgxFiles(_table(NODE_COLUMNS, list(self.nodes.values())), _table(EDGE_COLUMNS, self.edges))


def to_kgx(store: Store) -> KgxFiles:
    """Nodes and edges TSV text, byte-identical for identical sources."""
    return KgxBuilder(GraphFacts.read(store)).build()
