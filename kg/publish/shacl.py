"""SHACL validation compiled to SPARQL: one query per constraint over the whole store.

pySHACL walks focus nodes one at a time in rdflib, re-parsing each SPARQL-based constraint for every
focus node; on a corpus of a million triples that takes hours. Here every constraint of the shapes
graph becomes one SELECT that returns the violating focus nodes (and value nodes) in a single pass,
evaluated by Oxigraph over the union of all graphs. The findings are the records pySHACL's results
give (focus node, result path, rule = sh:name, message with {?var} filled in, severity), so a build
reports the same problems either way; tests/test_shacl_parity.py holds the two side by side.

Supported: targets sh:targetClass (with rdfs:subClassOf*), sh:targetNode, sh:targetSubjectsOf,
sh:targetObjectsOf; property paths that are an IRI or sh:inversePath of one; constraints sh:minCount,
sh:maxCount, sh:class, sh:datatype, sh:nodeKind, sh:pattern (with sh:flags), sh:in, sh:hasValue,
sh:minLength, sh:maxLength, sh:min/maxInclusive, sh:min/maxExclusive, sh:lessThan,
sh:lessThanOrEquals, sh:equals, sh:disjoint, sh:or of shapes built from those, and sh:sparql
(SELECT) constraints. Anything else in a shapes graph stops the build with a clear error instead of
being skipped silently. A SPARQL constraint's $this must be bound in the top level of its WHERE
group (a triple pattern or a FILTER there), because the focus nodes are joined in at that level.

Validation can be scoped to a set of focus nodes (`focus=`): an incremental build re-validates only
the nodes a change can affect.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from ..errors import BuildFailed
from ..findings import Finding
from ..vocab.curie import shorten
from ..vocab.namespaces import PREFIXES

# Datatypes whose lexical forms Oxigraph can check by casting (an ill-formed literal casts to nothing).
_CASTABLE = {XSD[t] for t in ("integer", "decimal", "double", "float", "boolean", "date", "dateTime", "gYear",
                              "string", "time", "duration")}
_KNOWN_SHAPE_KEYS = {
    RDF.type, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.property, SH.sparql,
    SH.name, SH.message, SH.severity, SH.deactivated, SH.description, SH.path, SH.order, SH.group,
    SH.declare, SH.prefixes, SH.defaultValue,
}
_VALUE_CONSTRAINTS = {
    SH["class"], SH.datatype, SH.nodeKind, SH.pattern, SH.flags, SH["in"], SH.minLength, SH.maxLength,
    SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH["or"],
}
_PROPERTY_CONSTRAINTS = {SH.minCount, SH.maxCount, SH.hasValue, SH.lessThan, SH.lessThanOrEquals, SH.equals,
                         SH.disjoint}


class UnsupportedShape(BuildFailed):
    """The shapes graph uses a SHACL feature this validator does not evaluate."""


@dataclass
class Check:
    """One constraint compiled to a query. Rows give ?this, and ?value where there is a value node."""

    query: str
    rule: str | None
    message: str
    path: str | None
    level: str
    target: str  # the focus-node pattern (binds ?this), kept to scope a check to some focus nodes
    # Rows come from a positive pattern on ?this that does not depend on the target, so joining the target
    # only filters them: the check may run without it and keep rows whose ?this is a focus node.
    filterable: bool = False


@dataclass
class Shapes:
    checks: list[Check] = field(default_factory=list)


def _n3(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    raise UnsupportedShape([_finding(f"blank node {term} cannot appear in a constraint value")])


def _finding(message: str) -> Finding:
    return Finding("error", "shapes", message, file="graph/shapes")


def _curie(term: Node | None) -> str | None:
    return shorten(term) if isinstance(term, URIRef) else None


def _target(g: Graph, shape: Node) -> str | None:
    parts = []
    for cls in sorted(g.objects(shape, SH.targetClass)):
        parts.append(f"{{ ?_t <http://www.w3.org/2000/01/rdf-schema#subClassOf>* {_n3(cls)} . ?this a ?_t }}")
    nodes = sorted(g.objects(shape, SH.targetNode))
    if nodes:
        parts.append("{ VALUES ?this { " + " ".join(_n3(n) for n in nodes) + " } }")
    for p in sorted(g.objects(shape, SH.targetSubjectsOf)):
        parts.append(f"{{ ?this {_n3(p)} ?_o }}")
    for p in sorted(g.objects(shape, SH.targetObjectsOf)):
        parts.append(f"{{ ?_s {_n3(p)} ?this }}")
    if not parts:
        return None
    return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(parts) + " } }"


def _path(g: Graph, path: Node) -> str:
    if isinstance(path, URIRef):
        return _n3(path)
    inverse = g.value(path, SH.inversePath)
    if isinstance(inverse, URIRef):
        return "^" + _n3(inverse)
    raise UnsupportedShape([_finding(f"property path {path} is not an IRI or sh:inversePath of one")])


def _conforms(g: Graph, shape: Node, var: str) -> str:
    """A SPARQL expression true when the node in `var` meets every value constraint of `shape`."""
    tests = []
    for key, value in sorted(g.predicate_objects(shape)):
        if key in (RDF.type, SH.name, SH.message, SH.description, SH.flags):
            continue
        if key not in _VALUE_CONSTRAINTS:
            raise UnsupportedShape([_finding(f"{_curie(key)} inside sh:or is not supported")])
        tests.append(_value_test(g, shape, key, value, var))
    return "(" + " && ".join(tests or ["true"]) + ")"


def _value_test(g: Graph, shape: Node, key: Node, value: Node, v: str) -> str:
    """A SPARQL expression true when the value node `v` meets one constraint."""
    if key == SH["class"]:
        return f"EXISTS {{ {v} a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* {_n3(value)} }}"
    if key == SH.datatype:
        ok = f"(isLiteral({v}) && DATATYPE({v}) = {_n3(value)}"
        if value in _CASTABLE:
            ok += f" && COALESCE(sameTerm({_n3(value)}({v}), {_n3(value)}({v})), false)"
        return ok + ")"
    if key == SH.nodeKind:
        kinds = {
            "IRI": f"isIRI({v})", "BlankNode": f"isBlank({v})", "Literal": f"isLiteral({v})",
            "BlankNodeOrIRI": f"!isLiteral({v})", "BlankNodeOrLiteral": f"!isIRI({v})",
            "IRIOrLiteral": f"!isBlank({v})",
        }
        return "(" + kinds[str(value).rsplit("#", 1)[-1]] + ")"
    if key == SH.pattern:
        flags = g.value(shape, SH.flags)
        args = f", {Literal(str(flags)).n3()}" if flags is not None else ""
        return f"(!isBlank({v}) && COALESCE(REGEX(STR({v}), {Literal(str(value)).n3()}{args}), false))"
    if key == SH["in"]:
        members = list(Collection(g, value))
        return "(" + " || ".join(f"sameTerm({v}, {_n3(m)})" for m in members) + ")" if members else "false"
    if key in (SH.minLength, SH.maxLength):
        op = ">=" if key == SH.minLength else "<="
        return f"(!isBlank({v}) && STRLEN(STR({v})) {op} {int(value)})"
    ops = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
    if key in ops:
        return f"COALESCE({v} {ops[key]} {_n3(value)}, false)"
    if key == SH["or"]:
        return "(" + " || ".join(_conforms(g, alt, v) for alt in Collection(g, value)) + ")"
    raise UnsupportedShape([_finding(f"unsupported constraint {_curie(key)}")])


def _check_meta(g: Graph, shape: Node, owner: Node) -> tuple[str, str]:
    severity = g.value(shape, SH.severity) or g.value(owner, SH.severity)
    level = "error" if severity in (None, SH.Violation) else "warning"
    message = g.value(shape, SH.message)
    return level, str(message) if message is not None else ""


def _rule(g: Graph, shape: Node) -> str | None:
    name = g.value(shape, SH.name)
    return str(name) if name is not None else _curie(shape)


def _compile_value_constraints(
    g: Graph, shape: Node, target: str, value_pattern: str, path: str | None, level: str, message: str, rule: str | None
) -> list[Check]:
    checks = []
    for key, value in sorted(g.predicate_objects(shape)):
        if key not in _VALUE_CONSTRAINTS or key == SH.flags:
            continue
        test = _value_test(g, shape, key, value, "?value")
        text = f"SELECT DISTINCT ?this ?value WHERE {{ {target} {value_pattern} FILTER (!{test}) }}"
        checks.append(Check(text, rule, message or f"value does not meet {_curie(key)}", path, level, target,
                            filterable=value_pattern.startswith("?this ")))
    return checks


def _compile_property(g: Graph, node_shape: Node, prop: Node, target: str) -> list[Check]:
    if g.value(prop, SH.deactivated) == Literal(True):
        return []
    for key in set(g.predicates(prop)) - _KNOWN_SHAPE_KEYS - _VALUE_CONSTRAINTS - _PROPERTY_CONSTRAINTS:
        raise UnsupportedShape([_finding(f"unsupported constraint {_curie(key)} in a property shape")])
    path_node = g.value(prop, SH.path)
    p = _path(g, path_node)
    level, message = _check_meta(g, prop, node_shape)
    rule = _rule(g, prop)
    path = _curie(path_node) if isinstance(path_node, URIRef) else None
    checks = _compile_value_constraints(g, prop, target, f"?this {p} ?value .", path, level, message, rule)

    def add(text: str, default: str, filterable: bool = True) -> None:
        checks.append(Check(text, rule, message or default, path, level, target, filterable))

    for n in g.objects(prop, SH.minCount):
        n = int(n)
        if n == 1:
            add(_min_count_1(target, p), "fewer than 1 value", False)
        elif n > 1:
            add(f"SELECT ?this WHERE {{ {target} OPTIONAL {{ ?this {p} ?_v }} }} GROUP BY ?this "
                f"HAVING (COUNT(DISTINCT ?_v) < {n})", f"fewer than {n} values", False)
    for n in g.objects(prop, SH.maxCount):
        add(f"SELECT ?this WHERE {{ {target} ?this {p} ?_v }} GROUP BY ?this HAVING (COUNT(DISTINCT ?_v) > {int(n)})",
            f"more than {int(n)} values")
    for value in g.objects(prop, SH.hasValue):
        add(f"SELECT ?this WHERE {{ {target} FILTER NOT EXISTS {{ ?this {p} {_n3(value)} }} }}",
            f"missing value {value}", False)
    for other in g.objects(prop, SH.lessThan):
        add(f"SELECT ?this ?value ?_w WHERE {{ {target} ?this {p} ?value . ?this {_n3(other)} ?_w . "
            f"FILTER (!COALESCE(?value < ?_w, false)) }}", f"not less than {_curie(other)}")
    for other in g.objects(prop, SH.lessThanOrEquals):
        add(f"SELECT ?this ?value ?_w WHERE {{ {target} ?this {p} ?value . ?this {_n3(other)} ?_w . "
            f"FILTER (!COALESCE(?value <= ?_w, false)) }}", f"not less than or equal to {_curie(other)}")
    for other in g.objects(prop, SH.equals):
        add(f"SELECT DISTINCT ?this ?value WHERE {{ {target} {{ ?this {p} ?value FILTER NOT EXISTS "
            f"{{ ?this {_n3(other)} ?value }} }} UNION {{ ?this {_n3(other)} ?value FILTER NOT EXISTS "
            f"{{ ?this {p} ?value }} }} }}", f"values differ from {_curie(other)}")
    for other in g.objects(prop, SH.disjoint):
        add(f"SELECT DISTINCT ?this ?value WHERE {{ {target} ?this {p} ?value . ?this {_n3(other)} ?value }}",
            f"values shared with {_curie(other)}")
    return checks


def _min_count_1(target: str, path: str) -> str:
    return f"SELECT ?this WHERE {{ {target} FILTER NOT EXISTS {{ ?this {path} ?_v }} }}"


def _absent_iri(check: Check) -> str | None:
    """The IRI (as <...>) of a sh:minCount 1 check on an IRI path, read back from its query; else None.
    Read from the query rather than kept in the check, so the compiled shapes a build stores stay as they were."""
    start = f"SELECT ?this WHERE {{ {check.target} FILTER NOT EXISTS {{ ?this <"
    end = "> ?_v } }"
    query = check.query
    if not (query.startswith(start) and query.endswith(end)) or len(query) <= len(start) + len(end):
        return None
    iri = "<" + query[len(start) : len(query) - len(end)] + ">"
    return iri if ">" not in iri[1:-1] and " " not in iri and _min_count_1(check.target, iri) == query else None


def _prefix_lines(g: Graph, sparql: Node) -> str:
    lines = [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items()]
    for holder in g.objects(sparql, SH.prefixes):
        for decl in g.objects(holder, SH.declare):
            lines.append(f"PREFIX {g.value(decl, SH.prefix)}: <{g.value(decl, SH.namespace)}>")
    return "\n".join(lines) + "\n"


def _compile_sparql(g: Graph, shape: Node, sparql: Node, target: str) -> Check | None:
    if g.value(sparql, SH.deactivated) == Literal(True):
        return None
    select = g.value(sparql, SH.select)
    if select is None:
        raise UnsupportedShape([_finding(f"SPARQL constraint {_rule(g, sparql)} has no sh:select")])
    name = g.value(sparql, SH.name)
    rule = str(name) if name is not None else _curie(shape)
    from ..errors import KgError
    from ..store.guards import check_query

    # The guard decides on the parsed query (no SERVICE, update or FROM); what runs is its canonical text.
    try:
        checked = check_query(_prefix_lines(g, sparql) + str(select))
    except KgError as e:
        raise UnsupportedShape([_finding(f"SPARQL constraint {rule}: {e.message}")]) from e
    if checked.form != "SELECT" or checked.from_graphs:
        raise UnsupportedShape([_finding(f"SPARQL constraint {rule} must be a SELECT without FROM")])
    text = checked.text
    where = re.search(r"\bWHERE\s*\{", text, re.IGNORECASE)
    brace = where.end() - 1 if where else text.find("{")
    # The focus nodes join the top level of the WHERE group, where pySHACL pre-binds $this.
    text = text[: brace + 1] + f" {target} " + text[brace + 1 :]
    level, message = _check_meta(g, sparql, shape)
    if not message:
        message = str(g.value(shape, SH.message) or "SPARQL constraint reported a violation")
    return Check(text, rule, message, None, level, target)


def compile_shapes(g: Graph) -> Shapes:
    """Compile every node shape with a target into checks; unsupported features raise UnsupportedShape."""
    out = Shapes()
    shapes = set(g.subjects(RDF.type, SH.NodeShape)) | {
        s for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf) for s in g.subjects(p)
    }
    for shape in sorted(shapes, key=str):
        if g.value(shape, SH.deactivated) == Literal(True):
            continue
        target = _target(g, shape)
        if target is None:
            continue  # a shape with no target is reached only through sh:or / sh:property of others
        for key in set(g.predicates(shape)) - _KNOWN_SHAPE_KEYS - _VALUE_CONSTRAINTS:
            raise UnsupportedShape([_finding(f"unsupported constraint {_curie(key)} in {_curie(shape)}")])
        level, message = _check_meta(g, shape, shape)
        out.checks += _compile_value_constraints(g, shape, target, "BIND (?this AS ?value)", None, level, message,
                                                 _rule(g, shape))
        for prop in sorted(g.objects(shape, SH.property), key=str):
            out.checks += _compile_property(g, shape, prop, target)
        for sparql in sorted(g.objects(shape, SH.sparql), key=str):
            check = _compile_sparql(g, shape, sparql, target)
            if check is not None:
                out.checks.append(check)
    return out


def _fill(message: str, row: dict[str, Node | None]) -> str:
    for var, val in row.items():
        if val is not None:
            message = re.sub("{[?$]" + re.escape(var) + "}", lambda _m, v=val: str(v), message)
    return message


@dataclass
class Violation:
    finding: Finding
    focus: Node


_SUBQUERY_TARGET = re.compile(r"\{\s*SELECT\s+DISTINCT\s+\?this\s+WHERE\s*\{")


def _scoped(query: str, target: str, scope: str) -> str:
    """The check with ?this bound by `scope` (a VALUES block). A target written as a sub-query gets the
    block inside it: Oxigraph does not push bound values into a sub-query, so a block outside made every
    check list all its targets in the store (37 ms each at 1M triples; 1 ms inside)."""
    m = _SUBQUERY_TARGET.match(target)
    if m:
        return query.replace(target, target[: m.end()] + " " + scope + target[m.end():], 1)
    return query.replace(target, scope + target, 1)


def run_checks(store, shapes: Shapes, focus: Iterable[Node] | None = None) -> list[Violation]:
    """Evaluate every check on `store` (a kg.store.base.Store); with `focus`, only for those focus nodes."""
    scope = ""
    if focus is not None:
        nodes = sorted({n for n in focus if isinstance(n, URIRef)}, key=str)
        if not nodes:
            return []
        scope = "VALUES ?this { " + " ".join(f"<{n}>" for n in nodes) + " } "
    # A full run lists each distinct target's focus nodes once (135 checks share 14 targets); a filterable
    # check then runs without its target and keeps the rows of focus nodes. Joining the target inside
    # every query cost about half of each check at 1M triples. Without their targets several checks are
    # the same query (sh:maxCount 1 of kgv:inArticle on five classes): each distinct query runs once.
    # The sh:minCount 1 checks of one target run as one query (the target listed once, not once per path).
    focus_of: dict[str, set] = {}
    answers: dict[str, object] = {}
    missing = {} if scope else _missing_values(store, shapes.checks)
    out = []
    for check in shapes.checks:
        query = check.query
        keep = None
        if scope:
            query = _scoped(query, check.target, scope)
        elif check.filterable:
            if check.target not in focus_of:
                focus_of[check.target] = {r[0] for r in store.select(f"SELECT ?this WHERE {check.target}").rows}
            keep = focus_of[check.target]
            query = query.replace(check.target, "", 1)
        if (check.target, _absent_iri(check)) in missing:
            found = missing[(check.target, _absent_iri(check))]
            names, solutions = ["this"], [(this,) for this in found]
        else:
            if query not in answers:
                answers[query] = store.select(query)
            rows = answers[query]
            names, solutions = rows.vars, rows.rows
        for values in solutions:
            row = dict(zip(names, values, strict=True))
            this = row.get("this")
            if keep is not None and this not in keep:
                continue
            out.append(
                Violation(
                    Finding(
                        level=check.level,
                        kind="shacl",
                        message=_fill(check.message, row),
                        node=_curie(this) if isinstance(this, URIRef) else (str(this) if this is not None else None),
                        path=check.path,
                        rule=check.rule,
                    ),
                    this,
                )
            )
    return out


def _missing_values(store, checks: list[Check]) -> dict[tuple[str, str], list[Node]]:
    """(target, path) -> the focus nodes with no value for the path, in the order the check's own query gives,
    for every sh:minCount 1 check on an IRI path: one query per target instead of one per check."""
    paths: dict[str, list[str]] = {}
    for check in checks:
        iri = _absent_iri(check)
        if iri is not None and iri not in paths.setdefault(check.target, []):
            paths[check.target].append(iri)
    out: dict[tuple[str, str], list[Node]] = {}
    for target, iris in paths.items():
        for iri in iris:
            out[(target, iri)] = []
        rows = store.select(f"SELECT ?this ?_p WHERE {{ {target} VALUES ?_p {{ {' '.join(iris)} }} "
                            "FILTER NOT EXISTS { ?this ?_p ?_v } }")
        for this, p in rows.rows:
            out[(target, f"<{p}>")].append(this)
    return out
