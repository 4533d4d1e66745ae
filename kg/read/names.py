"""Resolve what a user types (IRI, CURIE, label, synonym, abbreviation or a mapped code) to an entity IRI.

Matching ignores case and punctuation, so "Scleroderma myositis overlap", "scleroderma-myositis
overlap" and "cond:scleroderma-myositis-overlap" all name the same node. An unknown name raises
UnknownName with the closest known names.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from ..errors import UnknownName
from ..store.base import Store
from ..vocab.kinds import NAME_KINDS
from ..vocab.labels import LABEL_PROPERTIES
from ..vocab.namespaces import KGV, PREFIXES
from .description import read_labels

# Kinds a name can be looked up as -> the classes that count (from the one kind table, kg.vocab.kinds).
KIND_CLASSES: dict[str, tuple[URIRef, ...]] = NAME_KINDS

# Every name a user may type for an entity: its labels (the one policy's properties, kg.vocab.labels) and its
# synonyms and abbreviations. Suggestions after a miss are drawn from these.
NAME_PROPERTIES: tuple[URIRef, ...] = (*LABEL_PROPERTIES, SKOS.altLabel, KGV.abbreviation)

NAMES_QUERY = f"""
SELECT ?entity ?type ?name WHERE {{
  ?entity a ?type .
  {" UNION ".join(f"{{ ?entity <{prop}> ?name }}" for prop in NAME_PROPERTIES)}
}}
"""

_PUNCT = re.compile(r"[^0-9a-z]+")


def normalise(name: str) -> str:
    return _PUNCT.sub("", name.casefold())


KEY_QUERY = """
SELECT ?entity ?type WHERE { ?entity kgv:nameKey ?key ; a ?type }
"""

MAPPED_QUERY = """
SELECT ?entity ?type WHERE { ?entity skos:exactMatch ?code ; a ?type }
"""

IRI_QUERY = """
SELECT ?type WHERE { ?entity a ?type }
"""


@dataclass(frozen=True)
class NameEntry:
    iri: str
    name: str
    kind_class: str


MAX_NAME = 2_000  # characters; an input-validation bound far above any label or IRI of the graph


class NameIndex:
    """Resolves names with one bound lookup on the derived kgv:nameKey; scans all names only to suggest
    the closest ones after a miss, so resolution stays fast however large the store grows."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._entries: list[NameEntry] | None = None

    def _classes(self, kinds: tuple[str, ...]) -> set[str]:
        return {str(c) for k in kinds for c in KIND_CLASSES[k]}

    def resolve(self, name: str, *kinds: str) -> URIRef:
        """Return the IRI that `name` denotes among entities of the given kinds."""
        classes = self._classes(kinds)
        label = " or ".join(kinds)
        if len(name) > MAX_NAME:  # no label, synonym, CURIE or IRI is this long: skip the fuzzy search
            raise UnknownName(label, name, [], f"longer than any name ({MAX_NAME:,} characters at most)")
        iri = _as_iri(name)
        if iri:
            types = {str(r[0]) for r in self._store.select(IRI_QUERY, {"entity": URIRef(iri)}).rows}
            if types & classes:
                return URIRef(iri)
            # An external code the graph maps an entity to (skos:exactMatch, e.g. mondo:0015925 or an ATC
            # code) names that entity; closeMatch does not, as it is not the same concept.
            rows = self._store.select(MAPPED_QUERY, {"code": URIRef(iri)}).rows
            mapped = sorted({str(e) for e, t in rows if str(t) in classes})
            if len(mapped) == 1:
                return URIRef(mapped[0])
            if len(mapped) > 1:
                raise UnknownName(label, name, [self._label_of(i) for i in mapped])
        key = normalise(name)
        if key:
            rows = self._store.select(KEY_QUERY, {"key": Literal(key)}).rows
            hits = sorted({str(e) for e, t in rows if str(t) in classes})
            if len(hits) == 1:
                return URIRef(hits[0])
            if len(hits) > 1:
                raise UnknownName(label, name, [self._label_of(i) for i in hits])
        pool = [e for e in self._all() if e.kind_class in classes]
        raise UnknownName(label, name, self.closest(name, pool))

    def _all(self) -> list[NameEntry]:
        if self._entries is None:
            wanted = {str(c) for classes in KIND_CLASSES.values() for c in classes}
            self._entries = [
                NameEntry(str(e), str(n), str(t))
                for e, t, n in self._store.select(NAMES_QUERY).rows
                if str(t) in wanted
            ]
        return self._entries

    def closest(self, name: str, pool: list[NameEntry], n: int = 5) -> list[str]:
        by_key: dict[str, str] = {}
        for e in sorted(pool, key=lambda e: (e.iri, e.name)):
            by_key.setdefault(normalise(e.name), e.name)
        keys = difflib.get_close_matches(normalise(name), list(by_key), n=n, cutoff=0.5)
        if not keys:
            contains = [k for k in by_key if normalise(name) and (normalise(name) in k or k in normalise(name))]
            keys = sorted(contains)[:n]
        return [by_key[k] for k in keys]

    def _label_of(self, iri: str) -> str:
        """How an ambiguous candidate is listed: its label by the one policy (kg.vocab.labels)."""
        return read_labels(self._store, [URIRef(iri)]).get(iri, iri)


# Characters RFC 3987 never allows in an IRI: text containing one is a name, not an IRI (and the store
# would reject it as a term), e.g. "<script>…</script>" typed into a form.
_NOT_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _as_iri(name: str) -> str | None:
    text = name.strip()
    if text.startswith("<") and text.endswith(">"):
        iri = text[1:-1]
    elif text.startswith(("http://", "https://", "urn:")):
        iri = text
    else:
        prefix, sep, local = text.partition(":")
        iri = PREFIXES[prefix] + local if sep and prefix in PREFIXES and local else None
    return iri if iri and not _NOT_IRI.search(iri) else None


def expand_curie(text: str) -> str | None:
    """IRI for an IRI, <IRI> or known CURIE; None for anything else."""
    return _as_iri(text)
