"""The integrity report of a build, kept inside the build and brought up to date incrementally.

A full `kg.questions.integrity.check` reads every marker, entry, statement and flag: 32 CPU-s at 1M triples. A build
that changed one article can only change the findings about the nodes that change reaches. Each build
stores its findings, each with the key it is about (kg.questions.integrity.keyed_check), and every work's printed-field
signatures, in `integrity.json` beside the store. An incremental build then:

1. finds the affected keys: the nodes of the changed triples (article and derived graphs, before and after)
   and the nodes whose findings read them, following the few links the checks follow (a statement's
   markers and section, the flags about a node and their kind, a marker's entry, an entry's work and a
   work's entries, what is derived from a statement, the statements of an article);
2. copies the triples of those nodes and of everything their checks read into a small in-memory store,
   runs the same checks there and keeps the findings about the affected keys;
3. keeps every stored finding about other keys, and re-compares the pairs of works (possible duplicates,
   similar titles) that involve an affected work, from the stored signatures of all the others.

The result is what a full check gives (tests/test_incremental_property.py compares the two after random
edits). Without a stored report (a store built before this existed) the full check runs.

`kg check` reads the report kept with the build it opened (`stored_findings`) instead of checking again: a
build directory is never written after its swap, so the report describes exactly that store. The report
records a fingerprint of the code that wrote it (`_code`); written by other checks, it is not reused.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from rdflib import URIRef
from rdflib.term import Node

from ..findings import Finding
from ..read.description import iri_values
from ..store.base import Store
from ..store.oxigraph import OxigraphStore
from ..vocab.curie import shorten
from .integrity import Key, PrintedFields, keyed_check, pair_findings, sort_findings

CACHE = "integrity.json"
VERSION = 1
_BATCH = 400

KGV = "https://w3id.org/guideline-kg/vocab#"
_PROV = "http://www.w3.org/ns/prov#wasDerivedFrom"


def annotate(store: Store, previous_dir: Path | None, changed: set[str] | None) -> tuple[dict[str, str], list[Finding]]:
    """The build's integrity findings and the file that keeps them (for kg.build's `annotate` hook).

    `changed`: IRIs of the nodes in changed triples (None: a full build); `previous_dir`: the build it changed.
    """
    cache = _load(previous_dir) if changed is not None and previous_dir is not None else None
    if cache is None:
        keyed, signatures = keyed_check(store)
    else:
        keyed, signatures = _update(store, cache, {URIRef(n) for n in changed})
    text = json.dumps({
        "version": VERSION,
        "code": _code(),
        "findings": sorted(([list(k), f.as_dict()] for k, f in set(keyed)), key=lambda r: json.dumps(r, sort_keys=True)),
        "signatures": {w: sorted([s.title, s.source, s.year] for s in sigs) for w, sigs in sorted(signatures.items())},
    }, sort_keys=True)
    return {CACHE: text}, sort_findings(f for _k, f in keyed)


def cached_findings(build_dir: Path) -> list[Finding] | None:
    """The findings stored with a build, or None."""
    cache = _load(build_dir)
    return None if cache is None else sort_findings(f for _k, f in cache["findings"])


def stored_findings(store: Store) -> list[Finding] | None:
    """The findings kept with the build `store` was opened at (a local store), or None: then check in full."""
    build_dir = getattr(store, "build_dir", None)
    return cached_findings(build_dir) if isinstance(build_dir, Path) else None


# The modules whose code decides the findings and their wording: a report written by other code is not reused.
_CODE_FILES = ("questions/integrity.py", "questions/integrity_cache.py", "findings.py", "vocab/curie.py",
               "vocab/labels.py", "vocab/namespaces.py", "read/description.py")


@functools.cache
def _code() -> str:
    kg = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for name in _CODE_FILES:
        digest.update(name.encode() + b"\0" + (kg / name).read_bytes() + b"\0")
    return digest.hexdigest()


def _load(build_dir: Path | None) -> dict | None:
    if build_dir is None:
        return None
    try:
        data = json.loads((build_dir / CACHE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("version") != VERSION or data.get("code") != _code():
        return None
    return {
        "findings": [(tuple(k), Finding(**f)) for k, f in data["findings"]],
        "signatures": {w: {PrintedFields(*s) for s in sigs} for w, sigs in data["signatures"].items()},
    }


def _update(store: Store, cache: dict, changed: set[URIRef]) -> tuple[list[tuple[Key, Finding]], dict]:
    affected, articles = _affected(store, changed)
    sub = OxigraphStore.in_memory((s, p, o, None) for s, p, o in _triples_of(store, _read_by(store, affected, articles)))
    fresh, sub_signatures = keyed_check(sub)
    names = {shorten(n) for n in affected}
    article_names = {shorten(a) for a in articles}

    def is_affected(key: Key) -> bool:
        kind = key[0]
        if kind in ("node", "flag"):
            return key[1] in names
        if kind == "article":
            return key[1] in article_names
        return False

    keyed = [(k, f) for k, f in cache["findings"] if k[0] != "pair" and not is_affected(k)]
    keyed += [(k, f) for k, f in fresh if k[0] != "pair" and is_affected(k)]
    signatures = dict(cache["signatures"])
    works = {str(n) for n in affected}
    for w in works:
        signatures.pop(w, None)
    signatures.update({w: sigs for w, sigs in sub_signatures.items() if w in works})
    touched = {URIRef(w) for w in works if w in signatures} | {URIRef(w) for w in works if w in cache["signatures"]}
    touched_names = {shorten(w) for w in touched}
    keyed += [(k, f) for k, f in cache["findings"]
              if k[0] == "pair" and k[1] not in touched_names and k[2] not in touched_names]
    as_nodes = {URIRef(w): sigs for w, sigs in signatures.items()}
    keyed += [(("pair", shorten(a), shorten(b)), f) for (a, b), f in pair_findings(as_nodes, only=touched)]
    return keyed, signatures


# ---------------------------------------------------------------- what a change reaches


def _linked(store: Store, nodes: Iterable[Node], pattern: str) -> set[URIRef]:
    """?y for every match of `pattern` (a triple pattern over ?x and ?y) with ?x among `nodes`."""
    todo = sorted({n for n in nodes if isinstance(n, URIRef)}, key=str)
    out: set[URIRef] = set()
    for i in range(0, len(todo), _BATCH):
        query = f"SELECT DISTINCT ?y WHERE {{ VALUES ?x {{ {iri_values(todo[i : i + _BATCH])} }} {pattern} }}"
        out |= {row[0] for row in store.select(query).rows if isinstance(row[0], URIRef)}
    return out


def _p(local: str) -> str:
    return f"<{KGV}{local}>"


def _affected(store: Store, changed: set[URIRef]) -> tuple[set[URIRef], set[URIRef]]:
    """The nodes whose findings a change to `changed` can alter, and the articles whose locators it can."""
    sections_changed = _linked(store, changed, f"?y {_p('inSection')} ?x .")  # a heading changed
    statements = set(changed) | sections_changed
    affected = set(statements)
    affected |= _linked(store, changed, f"?y {_p('about')} ?x .")  # flags about a changed node
    affected |= _linked(store, changed, f"?x {_p('about')} ?y .")  # what a changed flag is about
    affected |= _linked(store, changed, f"?y {_p('flagKind')} ?x .")  # flags of a kind relabelled
    affected |= _linked(store, changed, f"?x {_p('resolvesTo')} ?y .")  # entries a changed marker cites
    affected |= _linked(store, changed, f"?x {_p('refersTo')} ?y .")  # works of changed entries
    affected |= _linked(store, changed, f"?y {_p('refersTo')} ?x .")  # entries of changed works
    affected |= _linked(store, changed, f"?x <{_PROV}> ?y .")  # statements something changed derives from
    affected |= _linked(store, changed, f"?y {_p('hasMarker')} ?x .")  # statements of changed markers
    affected |= _linked(store, statements, f"?x {_p('hasMarker')} ?y .")  # markers of changed statements
    affected |= _linked(store, affected, f"?y {_p('about')} ?x .")  # flags about any of those
    articles = {n for n in changed} | _linked(store, statements, f"?x {_p('inArticle')} ?y .")
    return affected, articles


def _read_by(store: Store, affected: set[URIRef], articles: set[URIRef]) -> set[URIRef]:
    """Every node whose triples the checks of `affected` (and the locators of `articles`) read."""
    flags = _linked(store, affected, f"?y {_p('about')} ?x .") | affected
    about = _linked(store, flags, f"?x {_p('about')} ?y .")
    nodes = set(affected) | flags | about
    nodes |= _linked(store, flags, f"?x {_p('flagKind')} ?y .")
    nodes |= _linked(store, affected | about, f"?y {_p('hasMarker')} ?x .")  # a marker's statements
    nodes |= _linked(store, affected, f"?x {_p('hasMarker')} ?y .")  # a statement's markers
    nodes |= _linked(store, affected, f"?y {_p('refersTo')} ?x .")  # a work's entries
    nodes |= _linked(store, affected, f"?x {_p('refersTo')} ?y .")  # an entry's work
    nodes |= _linked(store, affected, f"?y {_p('resolvesTo')} ?x .")  # the markers citing an entry
    nodes |= _linked(store, affected, f"?y <{_PROV}> ?x .")  # what derives from a statement
    nodes |= _linked(store, articles, f"?y {_p('inArticle')} ?x . ?y a {_p('Statement')} .")  # locators
    nodes |= _linked(store, nodes, f"?x {_p('inSection')} ?y .")  # their sections' headings
    nodes |= _linked(store, nodes, f"?x {_p('flagKind')} ?y .")
    return nodes


def _triples_of(store: Store, subjects: set[URIRef]) -> list[tuple[Node, Node, Node]]:
    todo = sorted(subjects, key=str)
    out: list[tuple[Node, Node, Node]] = []
    for i in range(0, len(todo), _BATCH):
        query = f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {iri_values(todo[i : i + _BATCH])} }} ?s ?p ?o }}"
        out += [tuple(row) for row in store.select(query).rows]
    return out
