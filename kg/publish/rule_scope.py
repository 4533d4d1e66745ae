"""Re-deriving only what a change can affect: each rule run restricted to the nodes the change touches.

A rule is a CONSTRUCT whose WHERE clause is made of triple patterns. A solution can only change when one of
the triples it matched changed, and a matched triple's subject is the value of the pattern's subject
variable (or its object the value of the object variable). So the solutions a change can affect are the
solutions in which an *anchor* variable, one per triple pattern, takes the subject (object) of a changed
triple. `RuleScope` finds the anchors of a rule from its algebra; `run_scoped` evaluates the rule once per
anchor with that variable bound by VALUES to the changed nodes: indexed lookups from the change outwards,
never a pass over the corpus.

What cannot be scoped this way is said so, and the caller runs that rule over the whole store instead:
a pattern with no variable, a blank node or BIND-made variable where an anchor is needed, a changed triple
whose subject is a blank node (it cannot be named in VALUES), and a property path other than a choice of
IRIs when a changed triple uses one of its predicates (`skos:broader*` walks nodes no variable names).

The incremental build (kg.publish.build) runs each rule scoped before and after the change; a derived triple
produced before but not after is removed only if no other solution still produces it (re-checked by the
same scoped run from its own subject and object), so the derived graph equals a full derivation's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field

_VALUES_CHUNK = 400  # nodes per VALUES block: one query stays small, the number of queries stays low


@dataclass
class RuleScope:
    """What a rule reads, for running it restricted to changed nodes."""

    name: str
    text: str  # the guard's canonical text (a CONSTRUCT)
    scoped_text: str = ""  # the same rule for scoped runs (see `_binds_as_filters`)
    anchors: list[tuple[str, str]] = field(default_factory=list)  # (variable, "s" or "o"), one per pattern
    # Per anchor: the predicates of the patterns it anchors (None: any, a variable or path predicate), so a
    # changed triple counts for an anchor only when a pattern could match it; and the required patterns
    # on the anchor, repeated after its VALUES so the engine starts its joins from the changed nodes.
    anchor_predicates: dict[str, set[str] | None] = field(default_factory=dict)
    anchor_patterns: dict[str, str] = field(default_factory=dict)
    path_predicates: set[str] = field(default_factory=set)  # IRIs inside paths that walk unnamed nodes
    scopable: bool = True  # False: the rule always runs over the whole store
    # Whether every triple the rule constructs has an anchor in subject or object position, so that "is
    # this triple still derived?" is a scoped run from its own nodes (else that check runs the whole rule).
    recheckable: bool = True
    template_anchors: list[str] = field(default_factory=list)  # bound variables the constructed triples use
    reads_predicates: set[str] = field(default_factory=set)  # every IRI its WHERE clause uses as a predicate
    reads_any_predicate: bool = False  # a variable in predicate position: it could read any triple

    def reads_derived(self, derived_predicates: set[str]) -> bool:
        return self.reads_any_predicate or bool(self.reads_predicates & derived_predicates)

    def to_json(self) -> dict:
        """For the build manifest: an incremental build (rules unchanged) reads it instead of re-parsing."""
        out = asdict(self)
        out["path_predicates"] = sorted(self.path_predicates)
        out["reads_predicates"] = sorted(self.reads_predicates)
        out["anchors"] = [list(a) for a in self.anchors]
        out["anchor_predicates"] = {k: None if v is None else sorted(v) for k, v in self.anchor_predicates.items()}
        return out

    @classmethod
    def from_json(cls, data: dict) -> RuleScope:
        scope = cls(**data)
        scope.path_predicates = set(data["path_predicates"])
        scope.reads_predicates = set(data["reads_predicates"])
        scope.anchors = [tuple(a) for a in data["anchors"]]
        scope.anchor_predicates = {k: None if v is None else set(v) for k, v in data["anchor_predicates"].items()}
        return scope

    def needs_full_run(self, changed_predicates: set[str], has_blank_subjects: bool) -> bool:
        return not self.scopable or has_blank_subjects or bool(self.path_predicates & changed_predicates)


_PLAIN = {"ConstructQuery", "Project", "Extend", "Filter", "Join", "LeftJoin", "Union", "BGP"}


def analyse(name: str, text: str) -> RuleScope:
    """Classify one rule by what its WHERE clause reads (see the module docstring).

    An anchor must be a variable every solution binds (bound in the required part of every UNION branch):
    VALUES on a variable some branch leaves unbound would bind it there and derive triples the rule does not.
    """
    from rdflib import BNode, URIRef, Variable
    from rdflib.paths import AlternativePath, Path
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    from ..store.base import with_prefixes

    scope = RuleScope(name, text)
    algebra = prepareQuery(with_prefixes(text)).algebra
    patterns: list[tuple] = []
    by_bind: set[str] = set()
    plain = True

    def certain(node) -> tuple[set[str], set[tuple]]:
        """Variables bound in every solution of `node`, and the triple patterns every solution matches;
        collects all its triple patterns on the way."""
        nonlocal plain
        if not isinstance(node, CompValue):
            return set(), set()
        kind = node.name
        if kind not in _PLAIN:
            plain = False
            return set(), set()
        if kind == "BGP":
            patterns.extend(node["triples"])
            return ({str(v) for t in node["triples"] for v in t if isinstance(v, Variable) and not isinstance(v, BNode)},
                    set(node["triples"]))
        if kind == "Union":
            (v1, t1), (v2, t2) = certain(node["p1"]), certain(node["p2"])
            return v1 & v2, t1 & t2
        if kind == "Join":
            (v1, t1), (v2, t2) = certain(node["p1"]), certain(node["p2"])
            return v1 | v2, t1 | t2
        if kind == "LeftJoin":
            certain(node["p2"])
            return certain(node["p1"])
        if kind == "Extend":
            by_bind.add(str(node["var"]))
        return certain(node["p"])

    bound, required = certain(algebra)
    if not plain or re.search(r"\b(EXISTS|MINUS|SELECT|GRAPH|VALUES)\b", text, re.IGNORECASE):
        scope.scopable = False  # (in canonical text the words are syntax; a literal holding one only costs speed)
    anchors: dict[tuple[str, str], None] = {}
    for _s, p, _o in patterns:
        if isinstance(p, Variable):
            scope.reads_any_predicate = True
        elif isinstance(p, URIRef):
            scope.reads_predicates.add(str(p))
        else:  # a property path: any IRI in it
            scope.reads_predicates |= set(re.findall(r"<([^>]+)>", p.n3()))
    for s, p, o in patterns:
        if isinstance(p, Path) and not (isinstance(p, AlternativePath) and all(isinstance(x, URIRef) for x in p.args)):
            scope.path_predicates |= set(re.findall(r"<([^>]+)>", p.n3()))
        if isinstance(s, Variable) and str(s) in bound:
            var, position = str(s), "s"
        elif isinstance(o, Variable) and str(o) in bound:
            var, position = str(o), "o"
        else:
            scope.scopable = False
            continue
        anchors[(var, position)] = None
        preds = scope.anchor_predicates.setdefault(var, set())
        if isinstance(p, URIRef) and preds is not None:
            preds.add(str(p))
        elif isinstance(p, AlternativePath) and preds is not None and all(isinstance(x, URIRef) for x in p.args):
            preds |= {str(x) for x in p.args}
        else:  # a variable predicate or a path: any changed triple may match
            scope.anchor_predicates[var] = None
    scope.anchors = list(anchors)
    template = algebra.get("template") or []
    used = [{str(x) for x in (s, o) if isinstance(x, Variable)} & bound for s, _p, o in template]
    scope.template_anchors = sorted(set().union(*used)) if used else []
    scope.recheckable = bool(template) and all(used)
    for var in {v for v, _pos in scope.anchors} | set(scope.template_anchors):
        repeated = [t for t in required if Variable(var) in t and isinstance(t[1], URIRef)
                    and not any(isinstance(x, Variable) and str(x) in by_bind for x in t)]
        scope.anchor_patterns[var] = " ".join(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in sorted(repeated))
    if not re.search(r"\bWHERE\s*\{", text):
        scope.scopable = False
    scope.scoped_text = _binds_as_filters(text)
    return scope


def _binds_as_filters(text: str) -> str:
    """`BIND (e AS ?x)` as `FILTER (sameTerm(?x, e))` where a triple pattern of the same group binds ?x.

    The same solutions (a filter applies to its whole group, wherever it stands; e is a function of bound
    variables here), but the group is then one join the engine can start from the VALUES-bound nodes: a
    BIND between two patterns splits the group, and the part after it was evaluated over the whole store
    (0.15 CPU s for one marker at 1M triples, against 1 ms as a filter).
    """
    groups = _groups(text)
    out, i = [], 0
    for m in re.finditer(r"\bBIND\s*\(", text):
        if m.start() < i:
            continue
        end = _closing(text, m.end() - 1)
        bind = re.fullmatch(r"(?s)\s*(.*)\s+AS\s+\?(\w+)\s*", text[m.end():end])
        start, stop = next(((a, b) for a, b in groups if a < m.start() < b), (0, len(text)))
        own = _flat(text[start + 1 : m.start()] + " " + text[end + 1 : stop])
        if bind is None or not re.search(rf"\?{bind.group(2)}\b", own):
            continue
        out.append(text[i:m.start()])
        out.append(f"FILTER (sameTerm(?{bind.group(2)}, {bind.group(1)}))")
        i = end + 1
    out.append(text[i:])
    return "".join(out)


def _unquoted(text: str, start: int = 0) -> Iterator[tuple[int, str]]:
    """(index, character) of every character of `text` from `start` that is outside a quoted string (a
    backslash escapes the next character inside one). The one scanner both bracket matchers below share."""
    quote, i = None, start
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = None
        elif c in "\"'":
            quote = c
        else:
            yield i, c
        i += 1


def _groups(text: str) -> list[tuple[int, int]]:
    """(open, close) index of every {...} group, innermost first when sorted by size."""
    stack, out = [], []
    for i, c in _unquoted(text):
        if c == "{":
            stack.append(i)
        elif c == "}" and stack:
            out.append((stack.pop(), i))
    return sorted(out, key=lambda g: g[1] - g[0])


def _flat(group: str) -> str:
    """A group's own triple patterns: nested groups, BIND and FILTER expressions and strings taken out."""
    group = re.sub(r'"(?:[^"\\]|\\.)*"', '""', group)
    while re.search(r"\{[^{}]*\}", group):
        group = re.sub(r"\{[^{}]*\}", " ", group)
    out, i = [], 0
    for m in re.finditer(r"\b(BIND|FILTER)\s*\(", group):
        if m.start() < i:
            continue
        out.append(group[i:m.start()])
        i = _closing(group, m.end() - 1) + 1
    out.append(group[i:])
    return "".join(out)


def _closing(text: str, open_at: int) -> int:
    """Index of the parenthesis closing the one at `open_at`, skipping quoted strings."""
    depth = 0
    for i, c in _unquoted(text, open_at):
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
    raise ValueError("unbalanced parentheses in a rule")


def _restricted(scope: RuleScope, var: str, values: Iterable[str]) -> str:
    """The rule with `var` bound to `values` (N-Triples terms) at the start of its WHERE group, followed by
    the required patterns on `var` (a repeated pattern of the required part changes no solution)."""
    text = scope.scoped_text or scope.text
    m = re.search(r"\bWHERE\s*\{", text)
    assert m is not None
    block = f" VALUES ?{var} {{ {' '.join(values)} }} {scope.anchor_patterns.get(var, '')} "
    return text[: m.end()] + block + text[m.end():]


def run_scoped(store, scope: RuleScope, changed: Iterable[tuple]) -> set:
    """The triples the rule derives from solutions in which an anchor takes a node of a changed triple
    that one of the anchor's patterns could match. `changed`: (s, p, o) pyoxigraph terms, no blank node."""
    changed = list(changed)
    bindings = []
    for var, position in scope.anchors:
        preds = scope.anchor_predicates.get(var)
        relevant = [t for t in changed if preds is None or t[1].value in preds]
        bindings.append((var, {t[0] if position == "s" else t[2] for t in relevant}))
    return _run(store, scope, bindings)


def run_for_triples(store, scope: RuleScope, nodes: set) -> set:
    """Every triple the rule derives with one of `nodes` in subject or object position (and maybe more):
    a solution constructing such a triple binds a template variable to the node."""
    return _run(store, scope, [(v, nodes) for v in scope.template_anchors])


def _run(store, scope: RuleScope, bindings: list[tuple[str, set]]) -> set:
    from ..store.base import with_prefixes

    out: set = set()
    for var, terms in bindings:
        nodes = sorted(str(n) for n in terms if not _is_blank(n))
        for i in range(0, len(nodes), _VALUES_CHUNK):
            query = with_prefixes(_restricted(scope, var, nodes[i : i + _VALUES_CHUNK]))
            for t in store.query(query, use_default_graph_as_union=True):
                out.add((t.subject, t.predicate, t.object))
    return out


def run_full(store, scope: RuleScope) -> set:
    from ..store.base import with_prefixes

    return {(t.subject, t.predicate, t.object)
            for t in store.query(with_prefixes(scope.text), use_default_graph_as_union=True)}


def _is_blank(term) -> bool:
    import pyoxigraph as ox

    return isinstance(term, ox.BlankNode)
