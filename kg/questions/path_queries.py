"""The SPARQL a treatment path needs, and the functions that run it.

Every query starts from an entity bound as a parameter (a condition, a feature, a recommendation's
condition) and uses required patterns only, so it stays selective at any store size: nothing here
scans a class or nests OPTIONAL groups over unbound variables. Bound variables are projected because
Oxigraph only substitutes variables that appear in the SELECT clause.

The functions return plain Python data (IRIs as strings, literals as Python values); kg.questions.paths walks it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.term import Node

from ..read.description import read_labels
from ..store.base import Store
from ..vocab.curie import local_name
from ..vocab.labels import choose_labels, label_columns, label_pattern
from ..vocab.namespaces import KGV

# ---------------------------------------------------------------- condition and feature hierarchy

# SPARQL way: one property path from the asked condition down to every narrower one.
NARROWER_CONDITIONS = """
SELECT DISTINCT ?condition ?narrower WHERE { ?narrower skos:broader* ?condition }
"""

# networkx way: one hop at a time; the caller builds the hierarchy graph from the edges it retrieves.
NARROWER_ONE_HOP = """
SELECT ?node ?narrower WHERE { ?narrower skos:broader ?node }
"""

BROADER_ONE_HOP = """
SELECT ?node ?broader WHERE { ?node skos:broader ?broader }
"""

# SPARQL way for a patient feature: the feature and every broader concept it satisfies.
FEATURE_ANCESTORS = """
SELECT DISTINCT ?feature ?ancestor WHERE { ?feature skos:broader* ?ancestor }
"""

# ---------------------------------------------------------------- recommendations of one condition

REC_TRIPLES = """
SELECT ?condition ?rec ?p ?o WHERE {
  ?rec kgv:forCondition ?condition ; a kgv:Recommendation ; kgv:stage ?anyStage ; ?p ?o .
}
"""

# Labels of everything a recommendation points at (therapies, stages, strengths, features, populations).
REC_OBJECT_LABELS = f"""
SELECT DISTINCT ?condition ?node {label_columns("node")} WHERE {{
  ?rec kgv:forCondition ?condition ; kgv:stage ?anyStage ; ?p ?node .
  {label_pattern("node")}
}}
"""

REC_STAGE_POSITIONS = """
SELECT DISTINCT ?condition ?stage ?position WHERE {
  ?rec kgv:forCondition ?condition ; kgv:stage ?stage .
  ?stage kgv:position ?position .
}
"""

# What a therapy named by a recommendation belongs to: its classes (and their broader classes) and
# the members of a combination. Avoiding any of these avoids the therapy; a caution on any of them
# applies to it.
THERAPY_GROUPS = """
SELECT DISTINCT ?condition ?therapy ?group WHERE {
  ?rec kgv:forCondition ?condition ; kgv:stage ?anyStage ; ?p ?therapy .
  ?therapy (kgv:drugClass|kgv:combines|skos:broader)+ ?group .
}
"""

# Drugs the graph relates (skos:related, either way) to a therapy a recommendation names: an --avoid of
# the related drug does not rule the named one out, and the output says so (prednisolone ~ prednisone).
RELATED_THERAPIES = """
SELECT DISTINCT ?condition ?therapy ?related WHERE {
  ?rec kgv:forCondition ?condition ; kgv:stage ?anyStage ; kgv:therapy ?therapy .
  { ?therapy skos:related ?related } UNION { ?related skos:related ?therapy }
}
"""

# Members of a class a recommendation names (drugs whose class, or a broader class, it is), with
# everything each member belongs to: a class step is avoided when every one of its members is.
CLASS_MEMBERS = """
SELECT DISTINCT ?condition ?therapy ?member ?group WHERE {
  ?rec kgv:forCondition ?condition ; kgv:stage ?anyStage ; kgv:therapy ?therapy .
  ?member (kgv:drugClass|skos:broader)+ ?therapy ; a kgv:Drug .
  ?member (kgv:drugClass|kgv:combines|skos:broader)+ ?group .
}
"""

POPULATION_BOUNDS = """
SELECT DISTINCT ?condition ?population ?p ?bound WHERE {
  ?rec kgv:forCondition ?condition ; kgv:stage ?anyStage ; kgv:population ?population .
  ?population ?p ?bound .
  FILTER (?p IN (kgv:minAgeYears, kgv:belowAgeYears))
}
"""

ARTICLE_TITLES = f"""
SELECT DISTINCT ?condition ?article {label_columns("article")} WHERE {{
  ?rec kgv:forCondition ?condition ; kgv:stage ?anyStage ; kgv:inArticle ?article .
  {label_pattern("article")}
}}
"""

# ---------------------------------------------------------------- doses

# Curator flags about a step, one of its doses, a statement it is derived from or a citation marker of
# such a statement (shown with the step / the dose / the citation).
FLAGS_ABOUT = """
SELECT DISTINCT ?condition ?subject ?flag ?kind ?level ?message WHERE {
  ?rec kgv:forCondition ?condition ; kgv:stage ?anyStage .
  # The step itself is matched inside its own branch: a lone `{ BIND (?rec AS ?subject) }` sees ?rec unbound
  # (SPARQL evaluates groups bottom-up), which Oxigraph reads as "any subject" and Virtuoso as none.
  { ?flag kgv:about ?rec . BIND (?rec AS ?subject) }
  UNION { ?rec kgv:dose ?subject . ?flag kgv:about ?subject }
  UNION { ?rec kgv:doseFrom/kgv:dose ?subject . ?flag kgv:about ?subject }
  UNION { ?rec prov:wasDerivedFrom ?subject . ?flag kgv:about ?subject }
  UNION { ?rec prov:wasDerivedFrom/kgv:hasMarker ?subject . ?flag kgv:about ?subject }
  ?flag a kgv:Flag ; kgv:flagKind ?kind ; kgv:level ?level ; kgv:message ?message .
}
"""

# Where a condition with no guidance of its own is part of a condition that has some: the asked
# condition (or a narrower one) is a component, manifestation or complication of it.
# Conditions with guidance that the graph links to the asked one: wholes that have it (or a narrower
# condition) as a part, conditions broader than it, and conditions related to it (skos:related either way).
PART_OF_GUIDED = """
SELECT DISTINCT ?asked ?whole ?relation ?part ?population WHERE {
  {
    ?part skos:broader* ?asked .
    ?whole ?relation ?part .
    FILTER (?relation IN (kgv:hasComponent, kgv:hasManifestation, kgv:hasComplication))
  } UNION {
    ?asked skos:broader+ ?whole .
    BIND (skos:broader AS ?relation) BIND (?asked AS ?part)
  } UNION {
    { ?asked skos:related ?whole } UNION { ?whole skos:related ?asked }
    BIND (skos:related AS ?relation) BIND (?asked AS ?part)
  }
  ?rec kgv:forConditionOrBroader ?whole ; kgv:stage ?anyStage ; kgv:population ?population .
}
"""

DOSE_TRIPLES = """
SELECT ?condition ?rec ?dose ?p ?o WHERE {
  ?rec kgv:forCondition ?condition ; kgv:stage ?anyStage .
  { ?rec kgv:dose ?dose } UNION { ?rec kgv:doseFrom/kgv:dose ?dose }
  ?dose ?p ?o .
}
"""

# The patient bands a dose is given for (kgv:forBand), each with its measure, bounds and unit as the graph states.
DOSE_BANDS = """
SELECT ?condition ?band ?p ?o WHERE {
  ?rec kgv:forCondition ?condition ; kgv:stage ?anyStage .
  { ?rec kgv:dose ?dose } UNION { ?rec kgv:doseFrom/kgv:dose ?dose }
  ?dose kgv:forBand ?band .
  ?band ?p ?o .
}
"""

DOSE_OBJECT_LABELS = f"""
SELECT DISTINCT ?condition ?node {label_columns("node")} WHERE {{
  ?rec kgv:forCondition ?condition ; kgv:stage ?anyStage .
  {{ ?rec kgv:dose ?dose }} UNION {{ ?rec kgv:doseFrom/kgv:dose ?dose }}
  ?dose ?p ?node .
  {label_pattern("node")}
}}
"""

UNIT_CODES = """
SELECT DISTINCT ?condition ?unit ?code WHERE {
  ?rec kgv:forCondition ?condition ; kgv:stage ?anyStage .
  { ?rec kgv:dose ?dose } UNION { ?rec kgv:doseFrom/kgv:dose ?dose }
  ?dose kgv:amountUnit|kgv:maxUnit ?unit .
  ?unit qudt:ucumCode ?code .
}
"""

# How each basis scales: the measure, its unit and (for derived measures) the formula and its inputs (their
# labels are read afterwards by the one label policy, kg.read.description.read_labels).
BASIS_MEASURES = """
SELECT DISTINCT ?condition ?basis ?measure ?measureUnit WHERE {
  ?rec kgv:forCondition ?condition ; kgv:stage ?anyStage .
  { ?rec kgv:dose ?dose } UNION { ?rec kgv:doseFrom/kgv:dose ?dose }
  ?dose kgv:basis ?basis .
  ?basis kgv:scaledBy ?measure .
  ?measure kgv:measureUnit ?measureUnit .
}
"""

MEASURE_FORMULAS = """
SELECT DISTINCT ?condition ?measure ?formula ?needs WHERE {
  ?rec kgv:forCondition ?condition ; kgv:stage ?anyStage .
  { ?rec kgv:dose ?dose } UNION { ?rec kgv:doseFrom/kgv:dose ?dose }
  ?dose kgv:basis/kgv:scaledBy ?measure .
  ?measure kgv:formula ?formula .
  ?formula kgv:needs ?needs .
}
"""

ADJUSTMENT_TRIPLES = """
SELECT ?condition ?adjustment ?p ?o WHERE {
  ?rec kgv:forCondition ?condition ; kgv:stage ?anyStage ; kgv:dose ?dose .
  ?adjustment kgv:adjusts ?dose ; kgv:rangePosition ?anyPosition ; ?p ?o .
}
"""

# ---------------------------------------------------------------- statements and citations

# Statements behind recommendations and dose adjustments, with their locator parts.
REC_STATEMENTS = """
SELECT ?condition ?rec ?statement ?summary ?item ?heading WHERE {
  ?rec kgv:forCondition ?condition ; kgv:stage ?anyStage ; prov:wasDerivedFrom ?statement .
  ?statement kgv:itemPath ?item ; kgv:inSection/kgv:heading ?heading ; kgv:summary ?summary .
}
"""

ADJUSTMENT_STATEMENTS = """
SELECT ?condition ?adjustment ?statement ?summary ?item ?heading WHERE {
  ?rec kgv:forCondition ?condition ; kgv:stage ?anyStage ; kgv:dose ?dose .
  ?adjustment kgv:adjusts ?dose ; kgv:rangePosition ?anyPosition ; prov:wasDerivedFrom ?statement .
  ?statement kgv:itemPath ?item ; kgv:inSection/kgv:heading ?heading ; kgv:summary ?summary .
}
"""

MARKERS = """
SELECT DISTINCT ?condition ?statement ?marker ?label WHERE {
  ?rec kgv:forCondition ?condition ; kgv:stage ?anyStage ; prov:wasDerivedFrom ?statement .
  ?statement kgv:hasMarker ?marker .
  ?marker kgv:markerLabel ?label .
}
"""

RESOLVED_MARKERS = """
SELECT DISTINCT ?condition ?marker ?reference ?title ?year ?source WHERE {
  ?rec kgv:forCondition ?condition ; kgv:stage ?anyStage ; prov:wasDerivedFrom/kgv:hasMarker ?marker .
  ?marker kgv:resolvesTo/kgv:refersTo ?reference .
  ?reference dcterms:title ?title ; dcterms:issued ?year ; kgv:sourceTitle ?source .
}
"""

FLAGGED_MARKERS = """
SELECT DISTINCT ?condition ?marker WHERE {
  ?rec kgv:forCondition ?condition ; kgv:stage ?anyStage ; prov:wasDerivedFrom/kgv:hasMarker ?marker .
  ?marker kgv:flaggedUnresolved true .
}
"""

# ---------------------------------------------------------------- cautions, monitoring, tests

# A caution applies in patients with C when the condition is C, or C is reached from it through
# broader conditions and components.
WITHIN_CONDITIONS = """
SELECT DISTINCT ?condition ?within WHERE { ?condition (skos:broader|kgv:hasComponent)* ?within }
"""

# Typed by the graph: only a kgv:Caution can enter a caution list, only a kgv:MonitoringItem a
# monitoring list (a recommendation also has kgv:forCondition and kgv:population).
CAUTION_TRIPLES = """
SELECT ?within ?caution ?p ?o WHERE {
  ?caution kgv:inPatientsWith ?within ; a kgv:Caution ; kgv:risk ?anyRisk ; ?p ?o .
}
"""

CAUTION_OBJECT_LABELS = f"""
SELECT DISTINCT ?within ?node {label_columns("node")} WHERE {{
  ?caution kgv:inPatientsWith ?within ; a kgv:Caution ; kgv:risk ?anyRisk ; ?p ?node .
  {label_pattern("node")}
}}
"""

CAUTION_POPULATIONS = """
SELECT DISTINCT ?within ?caution ?population WHERE {
  ?caution kgv:inPatientsWith ?within ; a kgv:Caution ; kgv:risk ?anyRisk ; kgv:inArticle/kgv:population ?population .
}
"""

MONITORING_TRIPLES = """
SELECT ?condition ?item ?p ?o WHERE {
  ?item kgv:forCondition ?condition ; a kgv:MonitoringItem ; ?p ?o .
}
"""

TESTS_FOR_CONDITION = """
SELECT ?condition ?test ?p ?o WHERE {
  ?test kgv:forCondition ?condition ; a kgv:DiagnosticTest ; ?p ?o .
}
"""

TESTS_IN_ARTICLE = """
SELECT ?article ?test ?p ?o WHERE {
  ?test kgv:inArticle ?article ; a kgv:DiagnosticTest ; ?p ?o .
}
"""



# ---------------------------------------------------------------- retrieval


def py(term: Node | None):
    """A literal as its Python value (int, Decimal, bool, str); an IRI as its string."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return str(value) if value is term else value
    return str(term)


Triples = dict[str, dict[str, list]]


@dataclass
class PathData:
    """Everything retrieved for one question: node descriptions keyed by IRI, and lookups."""

    recs: Triples = field(default_factory=dict)
    rec_condition: dict[str, str] = field(default_factory=dict)
    doses: Triples = field(default_factory=dict)
    bands: Triples = field(default_factory=dict)  # kgv:PatientBand -> its properties
    rec_doses: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    adjustments: Triples = field(default_factory=dict)
    cautions: Triples = field(default_factory=dict)
    caution_conditions: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    caution_populations: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    monitoring: Triples = field(default_factory=dict)
    tests: Triples = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    stage_positions: dict[str, int] = field(default_factory=dict)
    therapy_groups: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    class_members: dict[str, dict[str, set[str]]] = field(default_factory=lambda: defaultdict(dict))
    related_named: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # related drug -> named
    flags: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    population_bounds: dict[str, dict[str, float]] = field(default_factory=lambda: defaultdict(dict))
    article_titles: dict[str, str] = field(default_factory=dict)
    unit_codes: dict[str, str] = field(default_factory=dict)
    basis_measure: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    formulas: dict[str, tuple[str, str]] = field(default_factory=dict)
    formula_needs: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    statements: dict[str, dict] = field(default_factory=dict)
    owner_statements: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    statement_markers: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    marker_refs: dict[str, dict] = field(default_factory=dict)
    flagged_markers: set[str] = field(default_factory=set)


def _add_triple(table: Triples, subject: str, p: Node, o: Node) -> None:
    values = table.setdefault(subject, {}).setdefault(str(p), [])
    value = py(o)
    if value not in values:
        values.append(value)


def narrower_conditions_sparql(store: Store, condition: URIRef) -> set[str]:
    rows = store.select(NARROWER_CONDITIONS, {"condition": condition})
    return {str(r[1]) for r in rows.rows}


def hierarchy_edges(store: Store, start: URIRef, direction: str) -> list[tuple[str, str]]:
    """skos:broader edges (narrower, broader) reachable from `start`, one selective hop at a time."""
    query, var = (NARROWER_ONE_HOP, "narrower") if direction == "down" else (BROADER_ONE_HOP, "broader")
    edges: list[tuple[str, str]] = []
    seen, frontier = {str(start)}, [str(start)]
    while frontier:
        node = frontier.pop()
        for row in store.select(query, {"node": URIRef(node)}).dicts():
            other = str(row[var])
            edges.append((other, node) if direction == "down" else (node, other))
            if other not in seen:
                seen.add(other)
                frontier.append(other)
    return sorted(set(edges))


def guided_wholes(store: Store, condition: URIRef) -> list[tuple[str, str, str, list[str]]]:
    """(whole, relation local name, part, populations its guidance is for) for conditions with guidance
    that have `condition` (or a narrower one) as a part, are broader than it, or are related to it."""
    rows = store.select(PART_OF_GUIDED, {"asked": condition}).rows
    pops: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for _, w, r, p, population in rows:
        pops[(str(w), str(r).rsplit("#", 1)[-1], str(p))].add(str(population))
    return [(w, r, p, sorted(pops[(w, r, p)])) for w, r, p in sorted(pops)]


def feature_ancestors_sparql(store: Store, feature: URIRef) -> set[str]:
    return {str(r[1]) for r in store.select(FEATURE_ANCESTORS, {"feature": feature}).rows}


def fetch_path_data(store: Store, conditions: list[str]) -> PathData:
    """Retrieve the recommendations of each condition and what they point at; several small queries."""
    data = PathData()
    for c in sorted(conditions):
        bind = {"condition": URIRef(c)}
        for _, rec, p, o in store.select(REC_TRIPLES, bind).rows:
            _add_triple(data.recs, str(rec), p, o)
            data.rec_condition[str(rec)] = c
        if not any(data.rec_condition.get(r) == c for r in data.recs):
            _fetch_condition_extras(store, data, bind)
            continue
        for query in (REC_OBJECT_LABELS, DOSE_OBJECT_LABELS):
            for node, label in choose_labels(row[1:] for row in store.select(query, bind).rows).items():
                data.labels.setdefault(node, label)
        for _, stage, pos in store.select(REC_STAGE_POSITIONS, bind).rows:
            data.stage_positions[str(stage)] = int(py(pos))
        for _, therapy, group in store.select(THERAPY_GROUPS, bind).rows:
            data.therapy_groups[str(therapy)].add(str(group))
        for _, therapy, member, group in store.select(CLASS_MEMBERS, bind).rows:
            data.class_members[str(therapy)].setdefault(str(member), set()).add(str(group))
        for _, therapy, related in store.select(RELATED_THERAPIES, bind).rows:
            data.related_named[str(related)].add(str(therapy))
        for _, subject, flag, kind, level, message in store.select(FLAGS_ABOUT, bind).rows:
            entry = {"id": str(flag), "kind": str(kind).rsplit("#", 1)[-1], "level": str(level),
                     "message": str(message)}
            if entry not in data.flags[str(subject)]:
                data.flags[str(subject)] = sorted([*data.flags[str(subject)], entry], key=lambda f: f["id"])
        for _, population, p, bound in store.select(POPULATION_BOUNDS, bind).rows:
            data.population_bounds[str(population)][str(p).rsplit("#", 1)[-1]] = float(py(bound))
        data.article_titles.update(choose_labels(row[1:] for row in store.select(ARTICLE_TITLES, bind).rows))
        for _, rec, dose, p, o in store.select(DOSE_TRIPLES, bind).rows:
            _add_triple(data.doses, str(dose), p, o)
            if str(dose) not in data.rec_doses[str(rec)]:
                data.rec_doses[str(rec)] = sorted([*data.rec_doses[str(rec)], str(dose)])
        for _, band, p, o in store.select(DOSE_BANDS, bind).rows:
            _add_triple(data.bands, str(band), p, o)
        for _, unit, code in store.select(UNIT_CODES, bind).rows:
            data.unit_codes[str(unit)] = str(code)
        measures = store.select(BASIS_MEASURES, bind).rows
        formulas = store.select(MEASURE_FORMULAS, bind).rows
        named = read_labels(store, {r[2] for r in measures} | {n for r in formulas for n in (r[2], r[3])})
        for _, basis, measure, munit in measures:
            data.basis_measure[str(basis)] = (str(measure), _named(named, measure), str(munit))
        for _, measure, formula, needs in formulas:
            data.formulas[str(measure)] = (str(formula), _named(named, formula))
            if (str(needs), _named(named, needs)) not in data.formula_needs[str(formula)]:
                data.formula_needs[str(formula)].append((str(needs), _named(named, needs)))
        for _, adj, p, o in store.select(ADJUSTMENT_TRIPLES, bind).rows:
            _add_triple(data.adjustments, str(adj), p, o)
        for query in (REC_STATEMENTS, ADJUSTMENT_STATEMENTS):
            for _, owner, st, summary, item, heading in store.select(query, bind).rows:
                data.statements[str(st)] = {"summary": str(summary), "item": str(item), "heading": str(heading)}
                if str(st) not in data.owner_statements[str(owner)]:
                    data.owner_statements[str(owner)].append(str(st))
        for _, st, marker, label in store.select(MARKERS, bind).rows:
            if (str(marker), str(label)) not in data.statement_markers[str(st)]:
                data.statement_markers[str(st)].append((str(marker), str(label)))
        for _, marker, ref, title, year, source in store.select(RESOLVED_MARKERS, bind).rows:
            data.marker_refs[str(marker)] = {"iri": str(ref), "title": str(title), "year": str(year),
                                             "source": str(source)}
        for _, marker in store.select(FLAGGED_MARKERS, bind).rows:
            data.flagged_markers.add(str(marker))
        _fetch_condition_extras(store, data, bind)
    for article in sorted({a for r in data.recs.values() for a in r.get(str(KGV.inArticle), [])}):
        for _, test, p, o in store.select(TESTS_IN_ARTICLE, {"article": URIRef(article)}).rows:
            _add_triple(data.tests, str(test), p, o)
    _label_members(store, data)
    return data


def _named(labels: dict[str, str], node: Node) -> str:
    """A node's label by the one policy, or its local name when it has none."""
    return labels.get(str(node)) or local_name(str(node))


def _fetch_condition_extras(store: Store, data: PathData, bind: dict) -> None:
    condition = str(bind["condition"])
    for (_, within) in sorted(store.select(WITHIN_CONDITIONS, bind).rows, key=str):
        wbind = {"within": within}
        for _, caution, p, o in store.select(CAUTION_TRIPLES, wbind).rows:
            _add_triple(data.cautions, str(caution), p, o)
            data.caution_conditions[str(caution)].add(condition)
        for _, caution, population in store.select(CAUTION_POPULATIONS, wbind).rows:
            data.caution_populations[str(caution)].add(str(population))
        rows = store.select(CAUTION_OBJECT_LABELS, wbind).rows
        for node, label in choose_labels(row[1:] for row in rows).items():
            data.labels.setdefault(node, label)
    for _, item, p, o in store.select(MONITORING_TRIPLES, bind).rows:
        _add_triple(data.monitoring, str(item), p, o)
    for _, test, p, o in store.select(TESTS_FOR_CONDITION, bind).rows:
        _add_triple(data.tests, str(test), p, o)


# Properties whose objects are shown by name (through the closed vocabulary: a typo fails at import).
_NAMED_BY = (KGV.member, KGV.monitorsFor, KGV.appliesWhenAll, KGV.appliesWhenAny, KGV.relatedTherapy, KGV.risk,
             KGV.agent, KGV.inPatientsWith, KGV.rangePosition, KGV.callsForMonitoring, KGV.bandMeasure)


def _label_members(store: Store, data: PathData) -> None:
    """Labels for nodes named only by tests, monitoring and cautions (few; one bound lookup each)."""
    wanted: set[str] = set()
    for table in (data.tests, data.monitoring, data.cautions, data.adjustments, data.bands):
        for props in table.values():
            for key in _NAMED_BY:
                wanted.update(v for v in props.get(str(key), []) if isinstance(v, str))
    data.labels.update(read_labels(store, [URIRef(n) for n in wanted - set(data.labels)]))
