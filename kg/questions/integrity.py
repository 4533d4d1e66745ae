"""Citation integrity: what does not add up between statements, markers, reference lists and works.

`check(store)` returns typed findings (kg.findings.Finding), each naming the article and a locator
("heading › item path" for a statement, "References › N" for a reference-list entry):

- dangling-marker: a marker with no reference-list entry (error; a warning when the curator flagged it)
- uncited-reference: a reference-list entry that no marker cites
- guidance-cites-nothing: a statement of guidance with no citation that resolves
- shared-reference: a work listed by several articles, merged into one node, and how the entries matched
- merged-entries-differ / possible-duplicate-work / similar-titles-kept-distinct: the merge decisions
  checked against each entry's printed title, source and year
- entry-differs-from-work: an entry's printed year, title or type disagrees with the work it refers to
- markers-as-printed-mismatch, flag-contradicts-entry, unflagged-unresolved, flag-without-note,
  cross-article-derivation, duplicate-locator: other things that do not add up
- curator-flag: every kgv:Flag the curators recorded, at its own level

All queries walk from citation nodes (markers, entries, flags); none joins the whole graph.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass

from rdflib.term import Node

from ..findings import Finding, count
from ..read.description import read_labels
from ..store.base import Rows, Store
from ..vocab.curie import shorten

MARKERS = """
SELECT ?marker ?article ?label ?flagged ?entry WHERE {
  ?marker a kgv:CitationMarker ; kgv:inArticle ?article ; kgv:markerLabel ?label .
  OPTIONAL { ?marker kgv:flaggedUnresolved ?flagged }
  OPTIONAL { ?marker kgv:resolvesTo ?entry }
}
"""

MARKER_STATEMENTS = """
SELECT ?marker ?statement ?heading ?path WHERE {
  ?marker a kgv:CitationMarker . ?statement kgv:hasMarker ?marker ; kgv:itemPath ?path ; kgv:inSection ?section .
  ?section kgv:heading ?heading .
}
"""

ENTRIES = """
SELECT ?entry ?article ?position ?work ?type ?title ?source ?year WHERE {
  ?entry a kgv:ReferenceEntry ; kgv:inArticle ?article ; kgv:position ?position ; kgv:refersTo ?work .
  OPTIONAL { ?entry kgv:typeAsPrinted ?type }
  OPTIONAL { ?entry kgv:titleAsPrinted ?title }
  OPTIONAL { ?entry kgv:sourceAsPrinted ?source }
  OPTIONAL { ?entry kgv:yearAsPrinted ?year }
}
"""

WORKS = """
SELECT ?work ?class ?title ?source ?year WHERE {
  VALUES ?class { kgv:GuidelineReference kgv:ResearchReference }
  ?work a ?class .
  OPTIONAL { ?work dcterms:title ?title }
  OPTIONAL { ?work kgv:sourceTitle ?source }
  OPTIONAL { ?work dcterms:issued ?year }
}
"""

UNCITED_GUIDANCE = """
SELECT ?statement ?article ?heading ?path ?printed WHERE {
  ?statement kgv:role kgv:RoleGuidance ; kgv:inArticle ?article ; kgv:itemPath ?path ; kgv:inSection ?section .
  ?section kgv:heading ?heading .
  FILTER NOT EXISTS { ?statement cito:cites ?work }
  OPTIONAL { ?statement kgv:markersAsPrinted ?printed }
}
"""

STATEMENT_MARKER_LABELS = """
SELECT ?statement ?article ?heading ?path ?printed ?label WHERE {
  ?statement a kgv:Statement ; kgv:inArticle ?article ; kgv:itemPath ?path ; kgv:inSection ?section ;
             kgv:markersAsPrinted ?printed .
  ?section kgv:heading ?heading .
  OPTIONAL { ?statement kgv:hasMarker/kgv:markerLabel ?label }
}
"""

FLAGS = """
SELECT ?flag ?article ?kind ?level ?message ?about WHERE {
  ?flag a kgv:Flag ; kgv:flagKind ?kind ; kgv:message ?message .
  OPTIONAL { ?flag kgv:inArticle ?article }
  OPTIONAL { ?flag kgv:level ?level }
  OPTIONAL { ?flag kgv:about ?about }
}
"""

STATEMENT_LOCATORS = """
SELECT ?statement ?article ?heading ?path WHERE {
  ?statement a kgv:Statement ; kgv:inArticle ?article ; kgv:itemPath ?path ; kgv:inSection ?section .
  ?section kgv:heading ?heading .
}
"""

CROSS_ARTICLE = """
SELECT ?holder ?holderArticle ?statement ?statementArticle WHERE {
  ?holder prov:wasDerivedFrom ?statement ; kgv:inArticle ?holderArticle .
  ?statement a kgv:Statement ; kgv:inArticle ?statementArticle .
  FILTER (?holderArticle != ?statementArticle)
}
"""

SIMILAR_TITLE_RATIO = 0.9


@dataclass(frozen=True)
class PrintedFields:
    """An entry's printed title, source and year, normalised for matching."""

    title: str
    source: str
    year: str

    def differing(self, other: PrintedFields) -> list[str]:
        return [name for name in ("title", "source", "year") if getattr(self, name) != getattr(other, name)]


def normalise_title(text: str | None) -> str:
    """Casefold, drop punctuation (a trailing period included) and collapse white space."""
    return " ".join(re.sub(r"[^\w\s]", " ", (text or "").casefold()).split())


def _fields(title: Node | None, source: Node | None, year: Node | None) -> PrintedFields:
    return PrintedFields(
        normalise_title(str(title) if title is not None else ""),
        normalise_title(str(source) if source is not None else ""),
        str(year)[:4] if year is not None else "",
    )


def check(store: Store) -> list[Finding]:
    """Every integrity finding, sorted (errors first)."""
    keyed, _signatures = keyed_check(store)
    return sort_findings(f for _key, f in keyed)


Key = tuple[str, ...]  # what a finding is about: ("node", curie), ("flag", curie), ("article", curie), ("pair", a, b)


def keyed_check(store: Store) -> tuple[list[tuple[Key, Finding]], dict[str, set[PrintedFields]]]:
    """Every finding with the key it is about, and each work's printed-field signatures (for kg.integrity_cache,
    which re-checks only the keys a change can affect)."""
    store = _AnswerOnce(store)
    locators = _statement_locators(store)
    by_node: list[Finding] = []
    by_node += _markers(store, locators)
    entry_findings, signatures = _entries(store)
    by_node += entry_findings
    by_node += _uncited_guidance(store, locators)
    by_node += _printed_markers(store)
    by_node += _cross_article(store)
    keyed: list[tuple[Key, Finding]] = [(("node", f.node or ""), f) for f in by_node]
    keyed += [(("flag", shorten(flag)), f) for flag, f in _flag_findings(store, locators)]
    keyed += [(("article", f.article or ""), f) for f in _duplicate_locators(store)]
    keyed += [(("pair", shorten(a), shorten(b)), f) for (a, b), f in pair_findings(signatures)]
    return keyed, {str(w): sigs for w, sigs in signatures.items()}


class _AnswerOnce:
    """The store as the checks see it: several checks ask the same question (markers, locators, flags);
    each is sent once and its rows shared."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._answers: dict[str, Rows] = {}

    def select(self, query: str) -> Rows:
        if query not in self._answers:
            self._answers[query] = self._store.select(query)
        return self._answers[query]


def sort_findings(findings) -> list[Finding]:
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(
        set(findings), key=lambda f: (order.get(f.level, 3), f.kind, f.article or "", f.locator or "", f.message)
    )


@dataclass(frozen=True)
class CheckReport:
    """What `kg check` reports: counts of every finding by level, and the findings at the asked level and
    above (errors first)."""

    summary: dict[str, int]
    findings: tuple[Finding, ...]

    @property
    def failed(self) -> bool:
        """Whether there are errors (the command's exit status 1)."""
        return self.summary["error"] > 0


SHOWN_LEVELS = {"error": ("error",), "warning": ("error", "warning"), "info": ("error", "warning", "info")}


def check_report(store: Store, level: str = "info", findings: list[Finding] | None = None) -> CheckReport:
    """Every finding counted by level; those at `level` and above listed. `findings`: the store's findings when
    already known (the report kept with the build, kg.questions.integrity_cache.stored_findings); else checked."""
    if findings is None:
        findings = check(store)
    shown = tuple(f for f in findings if f.level in SHOWN_LEVELS[level])
    return CheckReport({lv: count(findings, lv) for lv in ("error", "warning", "info")}, shown)


def _art(article: Node | None) -> str | None:
    return shorten(article) if article is not None else None


def _statement_locators(store: Store) -> dict[Node, str]:
    return {st: f"{heading} › {path}" for st, _a, heading, path in store.select(STATEMENT_LOCATORS).rows}


def _markers(store: Store, locators: dict[Node, str]) -> list[Finding]:
    where = _marker_locators(store, locators)
    flagged_notes = _flagged_nodes(store)
    out = []
    rows: dict[Node, dict] = {}
    for marker, article, label, flagged, entry in store.select(MARKERS).rows:
        row = rows.setdefault(marker, {"article": article, "label": str(label), "flagged": False, "entries": set()})
        row["flagged"] |= str(flagged) == "true"
        if entry is not None:
            row["entries"].add(entry)
    for marker, row in rows.items():
        locs = sorted(where.get(marker, [])) or [None]
        label = row["label"]
        if not row["entries"]:
            if row["flagged"]:
                msg = f"citation marker {label} has no reference-list entry (flagged by the curator as unresolved)"
                level = "warning"
            else:
                msg = f"citation marker {label} has no reference-list entry and is not flagged"
                level = "error"
            for loc in locs:
                out.append(Finding(level, "dangling-marker", msg, _art(row["article"]), loc, shorten(marker)))
            if row["flagged"] and marker not in flagged_notes:
                out.append(
                    Finding(
                        "warning",
                        "flag-without-note",
                        f"marker {label} is flagged unresolved but no kgv:Flag explains it",
                        _art(row["article"]),
                        locs[0],
                        shorten(marker),
                    )
                )
        elif row["flagged"]:
            out.append(
                Finding(
                    "error",
                    "flag-contradicts-entry",
                    f"citation marker {label} is flagged unresolved but resolves to a reference-list entry",
                    _art(row["article"]),
                    locs[0],
                    shorten(marker),
                )
            )
        if not where.get(marker):
            out.append(
                Finding(
                    "info",
                    "unused-marker",
                    f"citation marker {label} is printed after no statement",
                    _art(row["article"]),
                    None,
                    shorten(marker),
                )
            )
    return out


def _marker_locators(store: Store, locators: dict[Node, str]) -> dict[Node, list[str]]:
    """Each marker's statements' locators, one per row (a statement without one: its CURIE)."""
    where: dict[Node, list[str]] = defaultdict(list)
    for marker, statement, _h, _p in store.select(MARKER_STATEMENTS).rows:
        loc = locators.get(statement)
        where[marker].append(loc if loc is not None else shorten(statement))
    return where


def _flagged_nodes(store: Store) -> set[Node]:
    return {about for *_rest, about in store.select(FLAGS).rows if about is not None}


def _entries(store: Store) -> tuple[list[Finding], dict[Node, set[PrintedFields]]]:
    out: list[Finding] = []
    cited = {entry for *_r, entry in store.select(MARKERS).rows if entry is not None}
    works: dict[Node, dict] = {}
    for work, cls, title, source, year in store.select(WORKS).rows:
        works[work] = {
            "class": cls,
            "fields": _fields(title, source, year),
            "title": str(title or ""),
            "year": str(year)[:4] if year is not None else "",
        }
    entries = store.select(ENTRIES).rows
    by_work: dict[Node, list[tuple]] = defaultdict(list)
    for entry, article, position, work, type_, title, source, year in entries:
        loc = f"References › {position}"
        fields = _fields(title, source, year)
        by_work[work].append((article, int(position), fields, entry))
        if entry not in cited:
            out.append(
                Finding(
                    "warning",
                    "uncited-reference",
                    f"reference {position} ({title}) is listed but no citation marker cites it",
                    _art(article),
                    loc,
                    shorten(entry),
                )
            )
        info = works.get(work)
        if info is None:
            continue
        differ = fields.differing(info["fields"])
        if differ:
            detail = "; ".join(
                f"{name} printed {getattr(fields, name)!r} vs work {getattr(info['fields'], name)!r}" for name in differ
            )
            out.append(
                Finding(
                    "warning",
                    "entry-differs-from-work",
                    f"reference {position} refers to {shorten(work)} but its printed fields differ: {detail}",
                    _art(article),
                    loc,
                    shorten(entry),
                )
            )
        printed_type = normalise_title(str(type_) if type_ is not None else "")
        work_type = "guideline" if str(info["class"]).endswith("GuidelineReference") else "research"
        if printed_type and printed_type != work_type:
            out.append(
                Finding(
                    "warning",
                    "entry-differs-from-work",
                    f"reference {position} is printed as {type_} but {shorten(work)} is typed {work_type}",
                    _art(article),
                    loc,
                    shorten(entry),
                )
            )
    out += _merges(by_work, works)
    signatures: dict[Node, set[PrintedFields]] = {w: {f for *_x, f, _e in listed} for w, listed in by_work.items()}
    return out, signatures


def _merges(by_work: dict[Node, list[tuple]], works: dict[Node, dict]) -> list[Finding]:
    out: list[Finding] = []
    for work, listed in sorted(by_work.items(), key=lambda kv: str(kv[0])):
        articles = sorted({a for a, *_ in listed}, key=str)
        where = ", ".join(f"{_art(a)} #{p}" for a, p, *_ in sorted(listed, key=lambda x: (str(x[0]), x[1])))
        first = listed[0][2]
        differ = sorted({name for *_x, fields, _e in listed[1:] for name in fields.differing(first)})
        if len(articles) > 1:
            how = (
                "normalised title, source and year all match"
                if not differ
                else f"merged although {', '.join(differ)} differ"
            )
            out.append(
                Finding(
                    "info",
                    "shared-reference",
                    f"{works.get(work, {}).get('title') or shorten(work)} is listed by {len(articles)} articles "
                    f"({where}) and merged into one node {shorten(work)}: {how}",
                    None,
                    None,
                    shorten(work),
                )
            )
        if differ:
            out.append(
                Finding(
                    "warning",
                    "merged-entries-differ",
                    f"entries merged into {shorten(work)} differ in printed {', '.join(differ)} ({where})",
                    None,
                    None,
                    shorten(work),
                )
            )
    return out


def pair_findings(signatures: dict, only: set | None = None) -> list[tuple[tuple, Finding]]:
    """Findings on pairs of works, each with its pair; with `only`, just the pairs with a work in it.

    Distinct works whose entries match on every printed field may be one work curated twice; works
    whose titles nearly match but whose source or year differ are reported as kept apart, and why.
    Titles are compared within blocks sharing their first five characters; inside a block only the
    pairs whose character counts allow a similar-enough title reach difflib (see _candidate_pairs),
    so a block of thousands of titles with one common opening does not cost a difflib run per pair.
    """
    blocks: dict[str, list] = defaultdict(list)
    for work, sigs in signatures.items():
        for key in {s.title[:5] for s in sigs}:
            blocks[key].append(work)
    if only is not None:
        wanted = {key for w in only for key in {s.title[:5] for s in signatures.get(w, ())}}
        blocks = {key: members for key, members in blocks.items() if key in wanted}
    out: list[tuple[tuple, Finding]] = []
    seen: set[tuple] = set()
    for members in blocks.values():
        members = sorted(set(members), key=str)
        for i, j in _candidate_pairs(members, signatures, only):
            a, b = members[i], members[j]
            if (a, b) in seen:
                continue
            seen.add((a, b))
            out += [((a, b), f) for f in _compare_works(a, b, signatures[a], signatures[b])]
    return out


def _candidate_pairs(members: list, signatures: dict, only: set | None) -> list[tuple[int, int]]:
    """Index pairs (i < j, in order) of members that _compare_works could report on.

    difflib's ratio never exceeds 2 * (characters the two titles have in common, counted as multisets)
    / (sum of lengths) -- its quick_ratio bound, computed here in the same float arithmetic -- and
    equal entries give 1.0. Pairs under SIMILAR_TITLE_RATIO for every pair of their entries would
    yield no finding, so skipping them leaves the findings identical. The bound is one vectorised
    row per entry instead of one difflib run per pair.
    """
    rows = [(i, s.title) for i, m in enumerate(members) for s in signatures[m]]
    if len(members) < 2 or not rows:
        return []
    import numpy as np  # here, not at module level: `kg paths` and other light commands import this module

    alphabet = {c: k for k, c in enumerate(sorted({c for _, t in rows for c in t}))}
    counts = np.zeros((len(rows), max(len(alphabet), 1)), dtype=np.int32)
    for r, (_, title) in enumerate(rows):
        for c in title:
            counts[r, alphabet[c]] += 1
    lengths = counts.sum(axis=1)
    owner = np.array([i for i, _ in rows])
    wanted = range(len(rows)) if only is None else [r for r, (i, _) in enumerate(rows) if members[i] in only]
    pairs: set[tuple[int, int]] = set()
    for r in wanted:
        common = np.minimum(counts[r], counts).sum(axis=1)
        total = lengths[r] + lengths
        bound = np.where(total > 0, 2.0 * common / np.maximum(total, 1), 1.0)
        for other in np.nonzero((bound >= SIMILAR_TITLE_RATIO) & (owner != owner[r]))[0]:
            i, j = sorted((int(owner[r]), int(owner[other])))
            pairs.add((i, j))
    return sorted(pairs)


def _compare_works(a: Node, b: Node, sigs_a: set[PrintedFields], sigs_b: set[PrintedFields]) -> list[Finding]:
    if sigs_a & sigs_b:
        return [
            Finding(
                "warning",
                "possible-duplicate-work",
                f"{shorten(a)} and {shorten(b)} are separate works but their entries match on normalised "
                "title, source and year",
                None,
                None,
                shorten(a),
            )
        ]
    best = max(
        ((difflib.SequenceMatcher(None, x.title, y.title).ratio(), x, y) for x in sigs_a for y in sigs_b),
        key=lambda t: t[0],
    )
    ratio, x, y = best
    if ratio >= SIMILAR_TITLE_RATIO:
        differ = [n for n in x.differing(y) if n != "title"] or ["title"]
        return [
            Finding(
                "info",
                "similar-titles-kept-distinct",
                f"{shorten(a)} ({x.source or '?'}, {x.year or '?'}) and {shorten(b)} ({y.source or '?'}, "
                f"{y.year or '?'}) have similar titles ({ratio:.0%} alike) but are kept distinct because "
                f"{' and '.join(differ)} differ",
                None,
                None,
                shorten(a),
            )
        ]
    return []


def _uncited_guidance(store: Store, locators: dict[Node, str]) -> list[Finding]:
    flagged = _flagged_nodes(store)
    out = []
    for statement, article, heading, path, printed in store.select(UNCITED_GUIDANCE).rows:
        has_markers = bool(str(printed or "").strip())
        msg = (
            "statement of guidance cites only markers that resolve to no reference"
            if has_markers
            else "statement of guidance cites nothing"
        )
        level = "warning"
        if statement in flagged:
            msg += " (a curator flag notes it)"
            level = "info"
        out.append(
            Finding(level, "guidance-cites-nothing", msg, _art(article), f"{heading} › {path}", shorten(statement))
        )
    return out


def _printed_markers(store: Store) -> list[Finding]:
    rows: dict[Node, dict] = {}
    for statement, article, heading, path, printed, label in store.select(STATEMENT_MARKER_LABELS).rows:
        row = rows.setdefault(
            statement, {"article": article, "loc": f"{heading} › {path}", "printed": str(printed), "labels": set()}
        )
        if label is not None:
            row["labels"].add(str(label))
    out = []
    for statement, row in rows.items():
        printed = {x.strip() for x in row["printed"].split(",") if x.strip()}
        if printed != row["labels"]:
            out.append(
                Finding(
                    "warning",
                    "markers-as-printed-mismatch",
                    f"markers printed {row['printed']!r} but the statement has markers "
                    f"{', '.join(sorted(row['labels'])) or 'none'}",
                    _art(row["article"]),
                    row["loc"],
                    shorten(statement),
                )
            )
    return out


def _flag_findings(store: Store, locators: dict[Node, str]) -> list[tuple[Node, Finding]]:
    grouped: dict[Node, dict] = {}
    rows = store.select(FLAGS).rows
    marker_where = _marker_locators(store, locators) if rows else {}
    kind_labels = read_labels(store, {row[2] for row in rows})  # the one label policy (kg.vocab.labels)
    for flag, article, kind, level, message, about in rows:
        row = grouped.setdefault(
            flag,
            {
                "article": article,
                "kind": kind_labels.get(str(kind)) or shorten(kind),
                "level": str(level or "info"),
                "message": str(message),
                "about": [],
            },
        )
        if about is not None:
            row["about"].append(about)
    out = []
    for flag, row in grouped.items():
        level = row["level"] if row["level"] in ("error", "warning", "info") else "info"
        about = sorted(row["about"], key=str)
        locs = sorted({loc for a in about for loc in ([locators[a]] if a in locators else marker_where.get(a, []))})
        out.append((flag, Finding(
                level,
                "curator-flag",
                f"{row['kind']}: {row['message']}",
                _art(row["article"]),
                "; ".join(locs) or None,
                ", ".join(shorten(a) for a in about) or shorten(flag),
            )
        ))
    return out


def _cross_article(store: Store) -> list[Finding]:
    return [
        Finding(
            "warning",
            "cross-article-derivation",
            f"{shorten(holder)} belongs to {shorten(ha)} but is derived from a statement of {shorten(sa)}",
            _art(ha),
            None,
            shorten(statement),
        )
        for holder, ha, statement, sa in store.select(CROSS_ARTICLE).rows
    ]


def _duplicate_locators(store: Store) -> list[Finding]:
    seen: dict[tuple, list[Node]] = defaultdict(list)
    for statement, article, heading, path in store.select(STATEMENT_LOCATORS).rows:
        seen[(article, str(heading), str(path))].append(statement)
    return [
        Finding(
            "error",
            "duplicate-locator",
            f"{len(sts)} statements share one locator: {', '.join(sorted(shorten(s) for s in sts))}",
            _art(article),
            f"{heading} › {path}",
            None,
        )
        for (article, heading, path), sts in seen.items()
        if len(sts) > 1
    ]
