"""Make SELECT answers independent of the engine that computed them.

SPARQL leaves several things to the engine, and real engines differ on each (measured on Oxigraph,
rdflib, Virtuoso 7.2 and Jena):

* the order of the values inside a GROUP_CONCAT, and the order of rows the query does not order
  (or orders only partly: ties under ORDER BY);
* the answer for a GROUP_CONCAT over nothing: `""` (rdflib, Jena) or unbound (Oxigraph, Virtuoso);
* a COUNT or SUM over nothing: `0` (the spec; rdflib, Jena) or unbound (Oxigraph for SUM, Virtuoso);
* the lexical form of numbers: `"1.0"^^xsd:decimal` (rdflib keeps the source's form) against
  `"1"^^xsd:decimal` (Oxigraph, Virtuoso), `"01"` against `"1"` for integers.

Every store passes its rows through `normalise_rows`, so the library (and every view above it) sees one
answer whatever the engine. The canonical forms are those of the embedded Oxigraph store, so the default
store's output does not change: GROUP_CONCAT items sorted, empty GROUP_CONCAT unbound, COUNT and SUM never
unbound, numbers in their shortest canonical lexical form, unordered rows (and ORDER BY ties) sorted by
their terms.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from .sparql_text import Token, tokenize

_INTEGER_TYPES = {
    str(XSD[t]) for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                          "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong",
                          "unsignedShort", "unsignedByte")
}
_DECIMAL = str(XSD.decimal)
_DECIMAL_LEXICAL = re.compile(r"\s*([+-]?)(\d*)(?:\.(\d*))?\s*")


class _Shape:
    """What the query text says about its result columns and its order."""

    def __init__(self, query: str) -> None:
        self.concat: dict[str, str] = {}  # column -> GROUP_CONCAT separator
        self.counts: set[str] = set()
        self.order: list[tuple[str, bool]] | None = None  # [(var, descending)], None when not simple
        self.ordered = False
        try:
            tokens = tokenize(query)
        except Exception:  # a query the tokenizer cannot read is left exactly as the engine answered
            return
        self._read_projection(tokens)
        self._read_order(tokens)

    def _read_projection(self, tokens: list[Token]) -> None:
        start = next((i for i, t in enumerate(tokens) if t.kind == "word" and t.upper == "SELECT"), None)
        if start is None:
            return
        depth = 0
        i = start + 1
        while i < len(tokens):
            t = tokens[i]
            if t.text == "{" or (t.kind == "word" and t.upper in ("WHERE", "FROM")):
                break
            if t.text == "(":
                depth += 1
                if depth == 1 and i + 1 < len(tokens):
                    end = _matching(tokens, i)
                    self._read_expression(tokens[i + 1 : end])
                    i = end
                    depth = 0
            i += 1

    def _read_expression(self, inner: list[Token]) -> None:
        """`AGG(...) AS ?v`: note GROUP_CONCAT (with its separator) and COUNT columns."""
        if len(inner) < 3 or inner[-2].upper != "AS" or inner[-1].kind != "var":
            return
        name = inner[-1].text[1:]
        head = inner[0].upper
        if head in ("COUNT", "SUM"):  # over nothing both are 0 (SPARQL 1.1, 18.5.1); some engines leave them unbound
            self.counts.add(name)
        elif head == "GROUP_CONCAT":
            separator = " "
            for k, tok in enumerate(inner):
                if tok.kind == "word" and tok.upper == "SEPARATOR" and k + 2 < len(inner) and inner[k + 2].kind == "string":
                    separator = _string_value(inner[k + 2].text)
            self.concat[name] = separator

    def _read_order(self, tokens: list[Token]) -> None:
        depth = 0
        for i, t in enumerate(tokens):
            if t.text == "{":
                depth += 1
            elif t.text == "}":
                depth -= 1
            elif depth == 0 and t.kind == "word" and t.upper == "ORDER" and i + 1 < len(tokens) \
                    and tokens[i + 1].upper == "BY":
                self.ordered = True
                self.order = _order_keys(tokens[i + 2 :])


def _matching(tokens: list[Token], open_at: int) -> int:
    depth = 0
    for j in range(open_at, len(tokens)):
        if tokens[j].text == "(":
            depth += 1
        elif tokens[j].text == ")":
            depth -= 1
            if depth == 0:
                return j
    return len(tokens) - 1


def _order_keys(tokens: list[Token]) -> list[tuple[str, bool]] | None:
    """ORDER BY keys when every key is a plain variable (`?v`, `ASC(?v)`, `DESC(?v)`); None otherwise."""
    keys: list[tuple[str, bool]] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.kind == "word" and t.upper in ("LIMIT", "OFFSET", "VALUES"):
            break
        if t.kind == "var":
            keys.append((t.text[1:], False))
            i += 1
        elif t.kind == "word" and t.upper in ("ASC", "DESC") and i + 3 < len(tokens) \
                and tokens[i + 1].text == "(" and tokens[i + 2].kind == "var" and tokens[i + 3].text == ")":
            keys.append((tokens[i + 2].text[1:], t.upper == "DESC"))
            i += 4
        else:
            return None
    return keys or None


def _string_value(token: str) -> str:
    quote = 3 if token[:3] in ('"""', "'''") else 1
    body = token[quote:-quote]
    escapes = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(0)), body)


def canonical_term(term: Node | None) -> Node | None:
    """Numbers in their shortest canonical lexical form; every other term unchanged."""
    if not isinstance(term, Literal) or term.datatype is None:
        return term
    dt = str(term.datatype)
    lexical = str(term)
    try:
        if dt in _INTEGER_TYPES:
            canonical = str(int(lexical.strip()))
        elif dt == _DECIMAL:
            # Digits, not Decimal arithmetic: Decimal.normalize() rounds to 28 significant digits.
            m = _DECIMAL_LEXICAL.fullmatch(lexical)
            if not m or not (m.group(2) or m.group(3)):
                return term
            whole, fraction = m.group(2).lstrip("0") or "0", (m.group(3) or "").rstrip("0")
            negative = m.group(1) == "-" and (whole != "0" or fraction)
            canonical = ("-" if negative else "") + whole + ("." + fraction if fraction else "")
        else:
            return term
    except ValueError:
        return term
    return term if canonical == lexical else Literal(canonical, datatype=URIRef(dt))


def _memo_by_identity(fn: Callable[[Node], object]) -> Callable[[Node | None], object]:
    """fn per distinct term object: a store's answer shares one term object per distinct term across rows
    (predicates, classes, labels repeat on every row), so each is canonicalised and printed once. The
    cache holds the term itself, so its id cannot be reused while the cache lives."""
    cache: dict[int, tuple[Node, object]] = {}

    def memo(term: Node | None) -> object:
        if term is None:
            return None
        hit = cache.get(id(term))
        if hit is None:
            hit = cache[id(term)] = (term, fn(term))
        return hit[1]

    return memo


def normalise_rows(
    query: str, names: list[str], rows: list[tuple[Node | None, ...]], *, canonical: bool = False
) -> list[tuple[Node | None, ...]]:
    """The rows of a SELECT answer in the engine-independent form described in the module docstring.

    `canonical`: every term is already in canonical form (the caller applied `canonical_term` once per
    distinct term), so only the GROUP_CONCAT and COUNT columns and the order remain to do.
    """
    shape = _Shape(query)
    concat = {i: shape.concat[n] for i, n in enumerate(names) if n in shape.concat}
    counts = {i for i, n in enumerate(names) if n in shape.counts}
    if not concat and not counts:
        if canonical:
            return _order(shape, names, rows)
        memo = _memo_by_identity(canonical_term)
        return _order(shape, names, [tuple([memo(term) for term in row]) for row in rows])
    canonical_of = _memo_by_identity(canonical_term)
    out = []
    for row in rows:
        new = []
        for i, term in enumerate(row):
            if i in concat:
                term = _sorted_concat(term, concat[i])
            elif i in counts and term is None:
                term = Literal(0, datatype=XSD.integer)
            new.append(canonical_of(term))
        out.append(tuple(new))
    return _order(shape, names, out)


def _sorted_concat(term: Node | None, separator: str) -> Node | None:
    if term is None or (isinstance(term, Literal) and str(term) == ""):
        return None
    if not isinstance(term, Literal) or not separator:
        return term
    items = sorted(str(term).split(separator))
    return Literal(separator.join(items), lang=term.language, datatype=term.datatype)


def _order(shape: _Shape, names: list[str], rows: list[tuple[Node | None, ...]]) -> list[tuple[Node | None, ...]]:
    # Each distinct term object is printed once: answers share one term object per distinct term.
    printed: dict[int, str] = {}

    def _sort_key(row: tuple[Node | None, ...]) -> tuple[str, ...]:
        key = []
        for t in row:
            if t is None:
                key.append("")
                continue
            text = printed.get(id(t))
            if text is None:
                text = printed[id(t)] = t.n3()
            key.append(text)
        return tuple(key)

    if not shape.ordered:
        return sorted(rows, key=_sort_key)  # the rows hold every term, so no id is reused while sorting
    if shape.order is None or any(v not in names for v, _ in shape.order):
        return rows  # ordered by expressions: keep the engine's order, which is then fully specified or not ours to fix
    # Ordered by projected variables: the engine decides only the order of ties; sort each run of ties.
    index = [names.index(v) for v, _ in shape.order]
    out: list[tuple[Node | None, ...]] = []
    run: list[tuple[Node | None, ...]] = []
    for row in rows:
        if run and _sort_key(tuple(run[0][i] for i in index)) != _sort_key(tuple(row[i] for i in index)):
            out.extend(sorted(run, key=_sort_key))
            run = []
        run.append(row)
    out.extend(sorted(run, key=_sort_key))
    return out
