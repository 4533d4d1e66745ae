"""What the explorer's form offers and what its search box finds: read from the graph, never listed in code.

- condition names: every label, synonym and abbreviation of a kgv:Condition (the autocomplete list);
- features: the qualifiers recommendations and dose adjustments are gated or preferred on, and every
  narrower concept of them (a narrower feature satisfies its broader qualifier, as kg.questions.paths applies);
- therapies: drugs, drug classes, non-drug therapies and combinations (the "Avoid" choices);
- search: conditions, therapies, references and statements whose names or summary contain the words typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..read.names import normalise
from ..store.base import Store

CONDITION_NAMES = """
SELECT ?condition ?label ?name WHERE {
  ?condition a kgv:Condition ; skos:prefLabel ?label .
  { ?condition skos:prefLabel ?name } UNION { ?condition skos:altLabel ?name }
  UNION { ?condition kgv:abbreviation ?name }
}
"""

FEATURES = """
SELECT DISTINCT ?feature ?label WHERE {
  ?x kgv:appliesWhenAll|kgv:appliesWhenAny|kgv:preferredWhenAny ?q .
  ?feature skos:broader* ?q ; skos:prefLabel ?label .
}
"""

THERAPIES = """
SELECT DISTINCT ?therapy ?label ?kind WHERE {
  VALUES (?type ?kind) {
    (kgv:Drug "drug") (kgv:DrugClass "drug class") (kgv:NonDrugTherapy "non-drug therapy")
    (kgv:CombinationTherapy "combination")
  }
  ?therapy a ?type ; skos:prefLabel ?label .
}
"""

SEARCHABLE = """
SELECT ?thing ?kind ?label ?text WHERE {
  {
    VALUES (?type ?kind) { (kgv:Condition "condition") (kgv:PatientState "feature") }
    ?thing a ?type ; skos:prefLabel ?label .
    { ?thing skos:prefLabel ?text } UNION { ?thing skos:altLabel ?text } UNION { ?thing kgv:abbreviation ?text }
  } UNION {
    VALUES (?type ?kind) {
      (kgv:Drug "therapy") (kgv:DrugClass "therapy") (kgv:NonDrugTherapy "therapy") (kgv:CombinationTherapy "therapy")
    }
    ?thing a ?type ; skos:prefLabel ?label .
    { ?thing skos:prefLabel ?text } UNION { ?thing skos:altLabel ?text } UNION { ?thing kgv:abbreviation ?text }
  } UNION {
    VALUES (?type ?kind) { (kgv:GuidelineReference "reference") (kgv:ResearchReference "reference") }
    ?thing a ?type ; dcterms:title ?label .
    { ?thing dcterms:title ?text } UNION { ?thing kgv:sourceTitle ?text }
  } UNION {
    ?thing a kgv:Statement ; kgv:summary ?text .
    BIND ("statement" AS ?kind)
    OPTIONAL { ?thing kgv:inSection/kgv:heading ?heading }
    OPTIONAL { ?thing kgv:itemPath ?path }
    BIND (CONCAT(COALESCE(?heading, "?"), " › ", COALESCE(?path, "?")) AS ?label)
  }
}
"""

KIND_ORDER = ("condition", "feature", "therapy", "reference", "statement")


@dataclass(frozen=True)
class Choice:
    iri: str
    label: str
    kind: str = ""


@dataclass(frozen=True)
class Hit:
    iri: str
    kind: str
    label: str
    matched: str  # the name or summary that matched


class Choices:
    """The graph's names for the form and search, read once per store (the store is read-only)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._cache: dict[str, list] = {}

    def _once(self, key: str, make):
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def condition_names(self) -> list[str]:
        """Every name a condition answers to (label, synonyms, abbreviations), sorted case-insensitively."""
        def make() -> list[str]:
            names = {str(r[2]) for r in self._store.select(CONDITION_NAMES).rows}
            return sorted(names, key=lambda n: (n.casefold(), n))
        return self._once("conditions", make)

    def features(self) -> list[Choice]:
        """Qualifier features; "inadequate response" is left to the form's Response field, as `kg paths`
        leaves it to --response."""
        from ..questions.paths import INADEQUATE_RESPONSE_LABEL

        def make() -> list[Choice]:
            rows = {(str(f), str(lbl)) for f, lbl in self._store.select(FEATURES).rows
                    if str(lbl) != INADEQUATE_RESPONSE_LABEL}
            return sorted((Choice(i, lbl) for i, lbl in rows), key=lambda c: (c.label.casefold(), c.iri))
        return self._once("features", make)

    def therapies(self) -> list[Choice]:
        def make() -> list[Choice]:
            rows = {(str(t), str(lbl), str(k)) for t, lbl, k in self._store.select(THERAPIES).rows}
            return sorted((Choice(i, lbl, k) for i, lbl, k in rows), key=lambda c: (c.label.casefold(), c.iri))
        return self._once("therapies", make)

    def _searchable(self) -> list[tuple[str, str, str, str]]:
        def make() -> list[tuple[str, str, str, str]]:
            return sorted({(str(t), str(k), str(lbl), str(txt)) for t, k, lbl, txt in self._store.select(SEARCHABLE).rows})
        return self._once("search", make)

    def search(self, text: str, limit: int = 50) -> dict[str, list[Hit]]:
        """Things whose names (or, for statements, summaries) contain every word typed; grouped by kind.

        Matching ignores case and punctuation word by word; a whole-name match ranks first, then a
        name that starts with the query, then any other match; each thing is listed once.
        """
        words = [normalise(w) for w in text.split()]
        words = [w for w in words if w]
        if not words:
            return {}
        whole = normalise(text)
        best: dict[str, tuple[tuple, Hit]] = {}
        for iri, kind, label, matched in self._searchable():
            key = normalise(matched)
            if not all(w in key for w in words):
                continue
            rank = (0 if key == whole else 1 if key.startswith(whole) else 2, len(matched), label.casefold())
            if iri not in best or rank < best[iri][0]:
                best[iri] = (rank, Hit(iri, kind, label, matched))
        grouped: dict[str, list[Hit]] = {}
        for _, hit in sorted(best.values(), key=lambda x: (KIND_ORDER.index(x[1].kind), x[0], x[1].iri)):
            items = grouped.setdefault(hit.kind, [])
            if len(items) < limit:
                items.append(hit)
        return grouped
