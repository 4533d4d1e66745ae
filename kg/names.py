"""Resolve what a user types (IRI, CURIE, label, synonym or abbreviation) to an entity IRI.

Matching ignores case and punctuation, so "Scleroderma myositis overlap", "scleroderma-myositis
overlap" and "cond:scleroderma-myositis-overlap" all name the same node. An unknown name raises
UnknownName with the closest known names.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from rdflib import URIRef

from .errors import UnknownName
from .namespaces import PREFIXES
from .store import Store

# Kinds a name can be looked up as: the classes that count, as SPARQL VALUES-free patterns.
KIND_CLASSES: dict[str, tuple[str, ...]] = {
    "condition": ("kgv:Condition",),
    "feature": ("kgv:Condition", "kgv:PatientState"),
    "therapy": ("kgv:Drug", "kgv:DrugClass", "kgv:NonDrugTherapy", "kgv:CombinationTherapy"),
    "reference": ("kgv:GuidelineReference", "kgv:ResearchReference"),
    "article": ("kgv:GuidelineArticle",),
    "population": ("kgv:Population",),
    "recommendation": ("kgv:Recommendation",),
    "dose": ("kgv:DoseSchedule", "kgv:DoseCeiling"),
    "caution": ("kgv:Caution",),
    "monitoring": ("kgv:MonitoringItem", "kgv:DiagnosticTest"),
    "statement": ("kgv:Statement",),
}

NAMES_QUERY = """
SELECT ?entity ?type ?name WHERE {
  ?entity a ?type .
  { ?entity skos:prefLabel ?name } UNION { ?entity skos:altLabel ?name } UNION { ?entity kgv:abbreviation ?name }
  UNION { ?entity dcterms:title ?name } UNION { ?entity rdfs:label ?name }
}
"""

_PUNCT = re.compile(r"[^0-9a-z]+")


def normalise(name: str) -> str:
    return _PUNCT.sub("", name.casefold())


@dataclass(frozen=True)
class NameEntry:
    iri: str
    name: str
    kind_class: str


class NameIndex:
    """All names of all entities, loaded once per process from the store."""

    def __init__(self, store: Store) -> None:
        self._entries: list[NameEntry] = []
        expand = {k: PREFIXES["kgv"] + k.split(":", 1)[1] for cls in KIND_CLASSES.values() for k in cls}
        wanted = set(expand.values())
        for row in store.select(NAMES_QUERY).rows:
            entity, type_, name = (str(x) for x in row)
            if type_ in wanted:
                self._entries.append(NameEntry(entity, name, type_))
        self._expand = expand
        self._iris = {e.iri for e in self._entries}

    def _classes(self, kinds: tuple[str, ...]) -> set[str]:
        return {self._expand[c] for k in kinds for c in KIND_CLASSES[k]}

    def resolve(self, name: str, *kinds: str) -> URIRef:
        """Return the IRI that `name` denotes among entities of the given kinds."""
        classes = self._classes(kinds)
        pool = [e for e in self._entries if e.kind_class in classes]
        iri = _as_iri(name)
        if iri and iri in {e.iri for e in pool}:
            return URIRef(iri)
        key = normalise(name)
        exact = sorted({e.iri for e in pool if normalise(e.name) == key or normalise(_local(e.iri)) == key})
        if len(exact) == 1:
            return URIRef(exact[0])
        label = " or ".join(kinds)
        if len(exact) > 1:
            raise UnknownName(label, name, [self.label_of(i) for i in exact])
        raise UnknownName(label, name, self.closest(name, pool))

    def closest(self, name: str, pool: list[NameEntry], n: int = 5) -> list[str]:
        by_key: dict[str, str] = {}
        for e in sorted(pool, key=lambda e: (e.iri, e.name)):
            by_key.setdefault(normalise(e.name), e.name)
        keys = difflib.get_close_matches(normalise(name), list(by_key), n=n, cutoff=0.5)
        if not keys:
            contains = [k for k in by_key if normalise(name) and (normalise(name) in k or k in normalise(name))]
            keys = sorted(contains)[:n]
        return [by_key[k] for k in keys]

    def label_of(self, iri: str) -> str:
        names = sorted(e.name for e in self._entries if e.iri == iri)
        return names[0] if names else iri

    def known(self, iri: str) -> bool:
        return iri in self._iris


def _local(iri: str) -> str:
    return re.split(r"[/#]", iri)[-1]


def _as_iri(name: str) -> str | None:
    text = name.strip()
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    if text.startswith(("http://", "https://", "urn:")):
        return text
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and local and " " not in local:
        return PREFIXES[prefix] + local
    return None


def expand_curie(text: str) -> str | None:
    """IRI for an IRI, <IRI> or known CURIE; None for anything else."""
    return _as_iri(text)
