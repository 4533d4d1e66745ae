"""Build: read the curated sources in graph/, derive, validate with SHACL, and load a store.

Sources are Turtle files. Everything under graph/vocab and graph/entities goes into the shared
named graph; each file under graph/articles declares exactly one kgv:GuidelineArticle and its
content goes into the named graph of that article. graph/rules/*.rq are SPARQL CONSTRUCT rules
whose results go into the derived graph (marker resolution, CiTO citations), so derivations are
data that a curator can read, not Python.

Everything runs on Oxigraph. A full build loads the files into an in-memory store (Oxigraph's parser,
no Python object per triple), runs the rules as Oxigraph queries, evaluates SHACL as one SPARQL query
per constraint (kg.publish.shacl) and runs the caller's `annotate` hook (the CLI's integrity report),
all in memory, where Oxigraph answers joins several times faster than on disk; then it writes the
store with Oxigraph's bulk loader from one N-Quads dump. The cost is a small multiple of the bulk load,
linear in the corpus; peak memory holds the corpus once in Oxigraph's memory store.

Incremental: each build records the SHA-256 of every source file next to the store. When only
article files changed since the last build, `build` starts from a copy of the current store
(hard-linked, so cheap), replaces the named graphs of the changed articles, re-runs each rule only
for the nodes the change touches (kg.publish.rule_scope) and applies the difference to the derived graph,
and re-validates only the focus nodes the change touches (the changed triples' subjects and the nodes
that point at them). Shapes and rules come compiled from the previous build's manifest. A change to the
vocabulary, entities, shapes or rules, or to this pipeline's version, makes a full build. Either way
the new store is swapped in atomically, and both paths give the same store (tests compare exports).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.term import Node

from ..errors import BuildFailed, StoreError
from ..findings import Finding
from ..store.base import Quad, with_prefixes
from ..store.oxigraph import OxigraphStore, StoreWriter, _from_ox, _to_ox
from ..vocab.namespaces import DERIVED_GRAPH, KGV, SHARED_GRAPH

Progress = Callable[[str], None]

SHARED_DIRS = ("vocab", "entities")
ARTICLE_DIR = "articles"
SHAPES_DIR = "shapes"
RULES_DIR = "rules"
MANIFEST = "kg-sources.json"  # written inside each build directory: what the build was made from
PIPELINE_VERSION = 1  # bump when build output changes for the same sources: forces a full build
_CHUNK = 50_000  # quads per bulk_extend call
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass
class Sources:
    """The compiled sources as rdflib graphs (one per named graph), for pushing to a remote endpoint."""

    graphs: dict[URIRef, Graph] = field(default_factory=dict)
    defined_in: dict[Node, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def quads(self) -> Iterator[Quad]:
        for name in sorted(self.graphs):
            for s, p, o in self.graphs[name]:
                yield s, p, o, name


@dataclass
class BuildReport:
    location: str
    triples: int
    graphs: list[str]
    findings: list[Finding]
    mode: str = "full"  # "full", "incremental" or "unchanged"
    changed: list[str] = field(default_factory=list)  # article files rebuilt incrementally
    annotation: object = None  # what the `annotate` hook returned besides its files (e.g. integrity findings)


# Called with the new store (kg.store.Store), the build it replaces (incremental builds only) and the IRIs in the
# triples the build changed (None: everything is new); returns files to keep inside the build and a result.
Annotate = Callable[[object, "Path | None", "set[str] | None"], tuple[dict[str, str], object]]


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _first_line(text: str) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    return " ".join(lines[:3]) if lines else "unreadable file"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- reading


@dataclass
class Loaded:
    """What reading the files produced, besides the quads themselves."""

    findings: list[Finding] = field(default_factory=list)
    shared_defined_in: dict = field(default_factory=dict)  # ox subject -> first shared file defining it
    articles: dict[str, str] = field(default_factory=dict)  # article file (relative) -> its graph IRI
    counts: dict[str, int] = field(default_factory=dict)  # graph IRI -> distinct triples
    changed_nodes: set[str] | None = None  # incremental builds: IRIs in the triples added or removed
    rules: list = field(default_factory=list)  # incremental builds: the rules as analysed (kg.publish.rule_scope)
    derived_predicates: list[str] = field(default_factory=list)  # every predicate in the derived graph


def _parse(path: Path, graph_dir: Path, loaded: Loaded) -> list | None:
    import pyoxigraph as ox

    try:
        return list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except (SyntaxError, ValueError, OSError) as e:
        loaded.findings.append(Finding("error", "syntax", _first_line(str(e)), file=_rel(path, graph_dir)))
        return None


def _article_of(triples: list, rel: str, loaded: Loaded, taken: dict[str, str]) -> str | None:
    """The one kgv:GuidelineArticle a file declares, or None with a finding."""
    articles = sorted({t.subject.value for t in triples if t.predicate.value == _RDF_TYPE
                       and getattr(t.object, "value", None) == str(KGV.GuidelineArticle)})
    return _one_article(articles, rel, loaded, taken)


def _one_article(articles: list[str], rel: str, loaded: Loaded, taken: dict[str, str]) -> str | None:
    if len(articles) != 1:
        loaded.findings.append(Finding("error", "article-file",
                                       f"declares {len(articles)} kgv:GuidelineArticle nodes; expected exactly one",
                                       file=rel))
        return None
    if articles[0] in taken.values():
        loaded.findings.append(Finding("error", "article-file",
                                       f"article {articles[0]} is declared in more than one file", file=rel))
        return None
    return articles[0]


def _article_files(graph_dir: Path) -> list[Path]:
    return sorted((graph_dir / ARTICLE_DIR).glob("*.ttl"))


def _shared_files(graph_dir: Path) -> list[Path]:
    return [p for sub in SHARED_DIRS for p in sorted((graph_dir / sub).glob("*.ttl"))]


def read_into(store, graph_dir: Path, progress: Progress | None = None) -> Loaded:
    """Parse every curated file with Oxigraph and load it into `store` (a pyoxigraph.Store), each into its graph.

    Article files are loaded by Oxigraph itself (no Python quad per triple): each is read only up to its
    kgv:GuidelineArticle declaration, loaded into that article's named graph, and the graphs are then checked
    (exactly one article each, triples counted) by two queries. A file that does not fit that (no or several
    articles, an article declared twice, a syntax error) sends the whole read through the exact path
    (`_read_exactly`), which parses each file in full first, so the findings do not depend on the path.
    """
    loaded = _read_shared(store, graph_dir, progress)
    files = _article_files(graph_dir)
    if progress:
        progress(f"reading {len(files)} article files")
    if _load_articles_quickly(store, files, graph_dir, loaded):
        return loaded
    store.clear()
    return _read_exactly(store, graph_dir)


def _read_shared(store, graph_dir: Path, progress: Progress | None) -> Loaded:
    import pyoxigraph as ox

    loaded = Loaded()
    shared = ox.NamedNode(str(SHARED_GRAPH))
    shared_triples: set = set()
    for path in _shared_files(graph_dir):
        rel = _rel(path, graph_dir)
        if progress:
            progress(f"reading {rel}")
        triples = _parse(path, graph_dir, loaded)
        if triples is None:
            continue
        _record_shared(triples, rel, loaded)
        shared_triples.update(triples)
    loaded.counts[str(SHARED_GRAPH)] = len(shared_triples)
    store.bulk_extend([ox.Quad(t.subject, t.predicate, t.object, shared) for t in shared_triples])
    return loaded


def _load_articles_quickly(store, files: list[Path], graph_dir: Path, loaded: Loaded) -> bool:
    """Load each article file into the graph of the first article it declares; False when any file needs the
    exact path (it parses badly, declares no article, several, or one another file declared)."""
    import pyoxigraph as ox

    article_class = str(KGV.GuidelineArticle)
    graphs: dict[str, str] = {}  # article IRI -> file
    for path in files:
        try:
            article = next((t.subject.value for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
                            if t.predicate.value == _RDF_TYPE and getattr(t.object, "value", None) == article_class),
                           None)
            if article is None or article in graphs:
                return False
            store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(article))
        except (SyntaxError, ValueError, OSError):
            return False
        graphs[article] = _rel(path, graph_dir)
    declared: dict[str, int] = {}
    for row in store.query(f"SELECT ?g WHERE {{ GRAPH ?g {{ ?a a <{article_class}> }} }}"):
        declared[row[0].value] = declared.get(row[0].value, 0) + 1
    if any(declared.get(article) != 1 for article in graphs):
        return False
    counts = {row[0].value: int(row[1].value)
              for row in store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    for article, rel in graphs.items():
        loaded.articles[rel] = article
        loaded.counts[article] = counts.get(article, 0)
    return True


def _read_exactly(store, graph_dir: Path) -> Loaded:
    """Each article file parsed in full before it is loaded: the findings for files that are not one article."""
    import pyoxigraph as ox

    loaded = _read_shared(store, graph_dir, None)
    for path in _article_files(graph_dir):
        rel = _rel(path, graph_dir)
        article = _scan_article(path, rel, graph_dir, loaded)
        if article is not None:
            store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(article))
    return loaded


def _record_shared(triples: list, rel: str, loaded: Loaded) -> None:
    """Note `rel` as the file defining each subject not already defined by an earlier shared file."""
    defined = loaded.shared_defined_in
    for t in triples:
        if t.subject not in defined:
            defined[t.subject] = rel


def _scan_article(path: Path, rel: str, graph_dir: Path, loaded: Loaded) -> str | None:
    """The article a file declares, recorded in `loaded` with the file's distinct triples as parsed; None
    (with a finding) when it does not parse or declares none or several. Loading is left to Oxigraph."""
    import pyoxigraph as ox

    article_class = str(KGV.GuidelineArticle)
    try:
        triples = set(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except (SyntaxError, ValueError, OSError) as e:
        loaded.findings.append(Finding("error", "syntax", _first_line(str(e)), file=_rel(path, graph_dir)))
        return None
    articles = sorted({t.subject.value for t in triples
                       if t.predicate.value == _RDF_TYPE and getattr(t.object, "value", None) == article_class})
    article = _one_article(articles, rel, loaded, loaded.articles)
    if article is not None:
        loaded.articles[rel] = article
        loaded.counts[article] = len(triples)
    return article


def _read_article(path: Path, rel: str, graph_dir: Path, loaded: Loaded) -> tuple[str, set] | None:
    """Parse one article file and record it (its article IRI and triple count) in `loaded`.

    None when the file does not parse or names no article; the finding is already in `loaded`.
    Used by the incremental build, which writes one article into an existing store.
    """
    triples = _parse(path, graph_dir, loaded)
    if triples is None:
        return None
    article = _article_of(triples, rel, loaded, loaded.articles)
    if article is None:
        return None
    loaded.articles[rel] = article
    unique = set(triples)
    loaded.counts[article] = len(unique)
    return article, unique


# ---------------------------------------------------------------- deriving


def rule_texts(rules_dir: Path) -> list[tuple[str, str]]:
    """Each rule as the guard's canonical text: a CONSTRUCT with no SERVICE, update or FROM (kg.store.guards)."""
    from ..store.guards import check_rule

    return [(p.name, check_rule(p.read_text(encoding="utf-8"), p.name)) for p in sorted(rules_dir.glob("*.rq"))]


def derive(store, rules_dir: Path) -> set:
    """Run each CONSTRUCT rule over the union of all graphs; return the triples.

    A full build runs the rules before the derived graph exists, so they see the sources only and the
    order of the rule files does not matter. (Naming the source graphs as the default graph instead makes
    Oxigraph join across every named graph: minutes at 100k triples.) An incremental build runs them with
    the previous derived graph in place, which is the same only when no rule reads a derived predicate:
    `RuleScope.reads_derived` (kg.publish.rule_scope) checks that, and the build falls back to a full one
    when it is not so.
    """
    out: set = set()
    for _name, text in rule_texts(rules_dir):
        for t in store.query(with_prefixes(text), use_default_graph_as_union=True):
            out.add((t.subject, t.predicate, t.object))
    return out


def derive_into(store, rules_dir: Path) -> int:
    """Run each rule as `derive` does and write what they derive into the derived graph; return its triples.

    Every rule runs before anything is written, so the rules still see the sources only. A rule's answer goes
    from Oxigraph's N-Triples writer to its parser, not through a Python object per triple. Oxigraph's parser
    gives blank nodes new names, so an answer holding a blank node (or the text `_:` anywhere) is written
    term by term instead, keeping the nodes the rule matched.
    """
    import pyoxigraph as ox

    graph = ox.NamedNode(str(DERIVED_GRAPH))
    answers = []
    for _name, text in rule_texts(rules_dir):
        data = store.query(with_prefixes(text), use_default_graph_as_union=True).serialize(
            format=ox.RdfFormat.N_TRIPLES)
        if b"_:" in data:
            data = [ox.Quad(t.subject, t.predicate, t.object, graph)
                    for t in store.query(with_prefixes(text), use_default_graph_as_union=True)]
        answers.append(data)
    for data in answers:
        if isinstance(data, bytes):
            store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
        else:
            for i in range(0, len(data), _CHUNK):
                store.bulk_extend(data[i : i + _CHUNK])
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{DERIVED_GRAPH}> {{ ?s ?p ?o }} }}")
    return int(next(iter(rows))[0].value)


# ---------------------------------------------------------------- validating


def load_shapes(graph_dir: Path):
    """Parse graph/shapes and compile them; an unsupported SHACL feature fails here, before any writing."""
    from .shacl import compile_shapes

    shapes = Graph()
    broken = []
    for path in sorted((graph_dir / SHAPES_DIR).glob("*.ttl")):
        try:
            shapes.parse(path, format="turtle")
        except Exception as e:  # noqa: BLE001 - rdflib's parser fails on truncated input with IndexError too
            message = _first_line(str(e)) if not isinstance(e, IndexError) else "file ends in the middle of a statement"
            broken.append(Finding("error", "syntax", message, file=_rel(path, graph_dir)))
    if broken:
        raise BuildFailed(broken)
    return compile_shapes(shapes)


def _file_of(store, focus: Node | None, loaded: Loaded, graph_files: dict[str, str]) -> str | None:
    """The first source file (shared files first, then articles in path order) that has `focus` as subject."""
    import pyoxigraph as ox

    if not isinstance(focus, URIRef):
        return None
    term = ox.NamedNode(str(focus))
    if term in loaded.shared_defined_in:
        return loaded.shared_defined_in[term]
    files = sorted(graph_files[q.graph_name.value] for q in store.quads_for_pattern(term, None, None)
                   if getattr(q.graph_name, "value", None) in graph_files)
    return files[0] if files else None


def validate(store, shapes, loaded: Loaded, focus: Iterable[Node] | None = None) -> list[Finding]:
    """SHACL findings, each naming file, focus node, property path and rule."""
    from .shacl import run_checks

    graph_files = {g: f for f, g in loaded.articles.items()}
    out = []
    for v in run_checks(OxigraphStore(store, ":build:"), shapes, focus):
        f = v.finding
        out.append(Finding(f.level, f.kind, f.message, node=f.node, path=f.path, rule=f.rule,
                           file=_file_of(store, v.focus, loaded, graph_files)))
    return sorted(out)


# ---------------------------------------------------------------- the manifest of a build


_SETTLED_NS = 2_000_000_000  # a file changed this close to the last fingerprint is hashed again (see below)


def fingerprint(graph_dir: Path, previous: dict | None = None) -> tuple[dict[str, str], dict[str, list[int]]]:
    """SHA-256 of every file the build reads, keyed by its path relative to graph_dir's parent, and each
    file's identity (device, inode, size, modification and status-change times in ns) for the manifest.

    A file whose identity is the one `previous` (the last build's manifest) recorded keeps its recorded
    hash instead of being read again (at 1M triples: 54 MB, a tenth of a rebuild's CPU). Any write to a
    file changes its status-change time, which no program can set back (restoring the modification time
    or the size does not hide an edit), and a rename or copy changes its inode. Like git's index, a file
    whose status changed within two seconds before that fingerprint was taken is hashed again: a write in
    the same clock tick as the fingerprint would leave its times unchanged.
    """
    files = _shared_files(graph_dir) + _article_files(graph_dir)
    files += sorted((graph_dir / SHAPES_DIR).glob("*.ttl")) + sorted((graph_dir / RULES_DIR).glob("*.rq"))
    known = (previous or {}).get("stats") or {}
    hashes = (previous or {}).get("files") or {}
    settled_before = (previous or {}).get("fingerprinted_ns", 0) - _SETTLED_NS
    sums, stats = {}, {}
    for path in files:
        rel = _rel(path, graph_dir)
        st = path.stat()
        stats[rel] = [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]
        if known.get(rel) == stats[rel] and rel in hashes and st.st_ctime_ns < settled_before:
            sums[rel] = hashes[rel]
        else:
            sums[rel] = _sha256(path)
    return sums, stats


def _is_article(rel: str) -> bool:
    parts = rel.split("/")  # relative paths as fingerprint() writes them (POSIX separators)
    return len(parts) >= 2 and parts[-2] == ARTICLE_DIR


def read_manifest(store_root: str | Path) -> dict | None:
    path = Path(store_root) / "current" / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if manifest.get("version") == PIPELINE_VERSION else None


def _changed_articles(previous: dict | None, now: dict[str, str]) -> list[str] | None:
    """Article files changed since `previous`, or None when only a full build is right."""
    if previous is None:
        return None
    before = previous["files"]
    others_before = {k: v for k, v in before.items() if not _is_article(k)}
    if others_before != {k: v for k, v in now.items() if not _is_article(k)}:
        return None
    arts = {k for k in set(before) | set(now) if _is_article(k)}
    return sorted(k for k in arts if before.get(k) != now.get(k))


# ---------------------------------------------------------------- building


def _raise_on_errors(findings: list[Finding]) -> None:
    if any(f.level == "error" for f in findings):
        raise BuildFailed(sorted(findings))


def _full(store, graph_dir: Path, shapes, progress: Progress | None) -> tuple[Loaded, list[Finding], int]:
    loaded = read_into(store, graph_dir, progress)
    _raise_on_errors(loaded.findings)
    if progress:
        progress("deriving (graph/rules)")
    loaded.counts[str(DERIVED_GRAPH)] = derive_into(store, graph_dir / RULES_DIR)
    loaded.derived_predicates = _derived_predicates(store)
    if progress:
        progress(f"validating against SHACL shapes ({len(shapes.checks)} constraints)")
    findings = loaded.findings + validate(store, shapes, loaded)
    _raise_on_errors(findings)
    return loaded, findings, sum(loaded.counts.values())


def _incremental(
    writer: StoreWriter, graph_dir: Path, shapes, previous: dict, changed: list[str], progress: Progress | None,
    timings: dict[str, float] | None = None,
) -> tuple[object, Loaded, list[Finding], int]:
    """Apply the changed articles to a copy of the current store; return it re-opened read-only, with the rest.

    The copy is open for writing only while the change and its derived difference are written; validation
    and the caller's integrity report read it read-only. Opening a copy for writing lets RocksDB start
    compacting it in the background (a bulk-loaded store always has files to merge: at 1M triples it
    rewrote about 140 MB and took a third of the rebuild's CPU, and the more so the longer the store stayed
    open); closing it stops that compaction at once, and nothing the build reads needs it.
    """
    import pyoxigraph as ox

    clock = _Clock(timings)
    scopes = _stored_rule_scopes(previous, graph_dir / RULES_DIR)
    current = ox.Store.read_only(str((writer.root / "current").resolve()))  # the store before the change
    derived_predicates = previous.get("derived_predicates")
    if derived_predicates is None:  # a build made before the manifest kept them
        derived_predicates = _derived_predicates(current)
    if any(scope.reads_derived(set(derived_predicates)) for scope in scopes):
        raise _NeedsFullBuild
    clock.lap("analyse rules")
    loaded = Loaded(articles={k: v for k, v in previous["articles"].items() if k not in changed},
                    counts=dict(previous["counts"]), rules=scopes)
    for path in _shared_files(graph_dir):  # file names for findings on shared nodes (small, read-only parse)
        _record_shared(_parse(path, graph_dir, loaded) or [], _rel(path, graph_dir), loaded)
    for rel in changed:  # all removals first: a renamed file keeps its article's graph
        if rel in previous["articles"]:
            del loaded.counts[previous["articles"][rel]]
    new_quads: set = set()  # the changed articles' quads after the change
    for rel in changed:
        path = graph_dir.parent / rel
        if not path.exists():
            continue
        if progress:
            progress(f"reading {rel}")
        read = _read_article(path, rel, graph_dir, loaded)
        if read is None:
            continue
        article, unique = read
        graph = ox.NamedNode(article)
        new_quads.update(ox.Quad(t.subject, t.predicate, t.object, graph) for t in unique)
    old_quads: set = set()  # the changed articles' quads before the change
    for rel in changed:
        old = previous["articles"].get(rel)
        if old is not None:
            old_quads.update(current.quads_for_pattern(None, None, None, ox.NamedNode(old)))
    _raise_on_errors(loaded.findings)
    clock.lap("read changed articles")
    removed, added = old_quads - new_quads, new_quads - old_quads
    if progress:
        progress("deriving (graph/rules) for the changed nodes and applying the difference")
    rules = _ScopedRules(scopes, removed | added)
    rules.before(current)  # on the current store, read-only: the copy is open for writing only to write
    del current
    clock.lap("derive before the change (scoped)")
    store = writer.new_store(based_on_current=True)
    clock.lap("copy current store")
    for q in removed:
        store.remove(q)
    store.extend(list(added))
    clock.lap("write changed graphs")
    gone, new = rules.after(store)
    clock.lap("derive after the change (scoped)")
    derived = ox.NamedNode(str(DERIVED_GRAPH))
    count = previous["counts"].get(str(DERIVED_GRAPH), 0)
    for s, p, o in gone:
        store.remove(ox.Quad(s, p, o, derived))
    fresh = [ox.Quad(s, p, o, derived) for s, p, o in new if ox.Quad(s, p, o, derived) not in store]
    store.extend(fresh)
    loaded.counts[str(DERIVED_GRAPH)] = count - len(gone) + len(fresh)
    loaded.derived_predicates = _still_derived(store, set(derived_predicates), gone, fresh)
    touched = {q.subject for q in removed | added} | {s for s, _p, _o in gone} | {q.subject for q in fresh}
    loaded.changed_nodes = {t.value for q in removed | added | set(fresh) for t in (q.subject, q.object)
                            if isinstance(t, ox.NamedNode)}
    loaded.changed_nodes |= {t.value for s, _p, o in gone for t in (s, o) if isinstance(t, ox.NamedNode)}
    clock.lap("write derived difference")
    store.flush()
    del store, rules
    _release_stores()
    store = writer.open_new_read_only()
    clock.lap("close and re-open read-only")
    focus = _with_referrers(store, touched)
    if progress:
        progress(f"validating {len(focus)} affected nodes against SHACL shapes")
    findings = validate(store, shapes, loaded, focus)
    clock.lap("validate affected nodes")
    _raise_on_errors(findings)
    return store, loaded, findings, sum(loaded.counts.values())


def _still_derived(store, before: set[str], gone: set, fresh: list) -> list[str]:
    """The predicates in the derived graph after a change: those before, those added, less any whose last
    triple went (one index lookup each)."""
    import pyoxigraph as ox

    derived = ox.NamedNode(str(DERIVED_GRAPH))
    out = before | {q.predicate.value for q in fresh}
    for p in {p for _s, p, _o in gone}:
        if next(iter(store.quads_for_pattern(None, p, None, derived)), None) is None:
            out.discard(p.value)
    return sorted(out)


class _Clock:
    """Wall and CPU time of each phase, when the caller asked for them (benchmarks, `--timings`)."""

    def __init__(self, timings: dict[str, float] | None) -> None:
        import time

        self._timings = timings
        self._last = (time.perf_counter(), time.process_time())

    def lap(self, phase: str) -> None:
        import time

        if self._timings is None:
            return
        now = (time.perf_counter(), time.process_time())
        self._timings[f"{phase} wall s"] = round(now[0] - self._last[0], 4)
        self._timings[f"{phase} cpu s"] = round(now[1] - self._last[1], 4)
        self._last = now


class _ScopedRules:
    """The rules re-run for what a change to some quads can affect (kg.publish.rule_scope), before and after it.

    `before(store)` runs each rule restricted to the changed nodes on the store as it was (the current build,
    read-only); `after(store)` runs the same on the changed store and returns (derived triples to remove, derived triples the change can add). A
    triple derived before but not after is removed only when no rule still derives it. A rule that cannot
    be restricted for this change runs over the whole store both times.
    """

    def __init__(self, scopes: list, changed_quads: set) -> None:
        import pyoxigraph as ox

        self._store = None
        self._scopes = scopes
        self._changed = {(q.subject, q.predicate, q.object) for q in changed_quads}
        blank = any(isinstance(t, ox.BlankNode) for q in changed_quads for t in (q.subject, q.object))
        predicates = {q.predicate.value for q in changed_quads}
        self._full = [s.needs_full_run(predicates, blank) for s in self._scopes]
        self._before: set = set()

    def _run(self, nodes: set | None = None) -> set:
        from .rule_scope import run_for_triples, run_full, run_scoped

        out: set = set()
        for scope, full in zip(self._scopes, self._full, strict=True):
            if full or (nodes is not None and not scope.recheckable):
                out |= run_full(self._store, scope)
            elif nodes is not None:
                out |= run_for_triples(self._store, scope, nodes)
            else:
                out |= run_scoped(self._store, scope, self._changed)
        return out

    def before(self, store) -> None:
        self._store = store
        try:
            self._before = self._run()
        finally:
            self._store = None  # the caller closes the store: keep no reference to it

    def after(self, store) -> tuple[set, set]:
        import pyoxigraph as ox

        self._store = store
        try:
            after = self._run()
            candidates = self._before - after
            if not candidates:
                return set(), after
            nodes = {s for s, _p, _o in candidates} | {o for _s, _p, o in candidates}
            if any(isinstance(n, ox.BlankNode) for n in nodes):  # not nameable in VALUES: ask every rule in full
                self._full = [True] * len(self._scopes)
            still = self._run(nodes) & candidates
            return candidates - still, after
        finally:
            self._store = None


def _stored_rule_scopes(previous: dict, rules_dir: Path) -> list:
    """The analysed rules kept in the previous build's manifest, or the rules analysed again."""
    from .rule_scope import RuleScope

    try:
        return [RuleScope.from_json(r) for r in previous["rules"]] if previous.get("rules") else _rule_scopes(rules_dir)
    except (TypeError, KeyError):  # kept by another version of kg.publish.rule_scope: analyse again
        return _rule_scopes(rules_dir)


def _rule_scopes(rules_dir: Path) -> list:
    from .rule_scope import analyse

    return [analyse(name, text) for name, text in rule_texts(rules_dir)]


def _stored_shapes(previous: dict | None):
    """The compiled shapes kept in the previous build's manifest (None when it has none)."""
    from .shacl import Check, Shapes

    if not previous or "shapes" not in previous:
        return None
    try:
        return Shapes([Check(**c) for c in previous["shapes"]])
    except TypeError:  # kept by another version of kg.publish.shacl: compile again
        return None


def _derived_predicates(store) -> list[str]:
    rows = store.query(f"SELECT DISTINCT ?p WHERE {{ GRAPH <{DERIVED_GRAPH}> {{ ?s ?p ?o }} }}")
    return sorted({row[0].value for row in rows})


class _NeedsFullBuild(Exception):
    """An incremental build found it cannot give the full build's result; start over with a full one."""


def _with_referrers(store, subjects: set) -> set[Node]:
    """The touched subjects and every node pointing at one: the focus nodes whose results a change can alter."""
    import pyoxigraph as ox

    named = sorted({s.value for s in subjects if isinstance(s, ox.NamedNode)})
    out: set[Node] = {URIRef(s) for s in named}
    for i in range(0, len(named), 500):
        values = " ".join(f"<{s}>" for s in named[i : i + 500])
        for row in store.query(f"SELECT DISTINCT ?x WHERE {{ VALUES ?s {{ {values} }} ?x ?p ?s }}",
                               use_default_graph_as_union=True):
            if isinstance(row[0], ox.NamedNode):
                out.add(URIRef(row[0].value))
    return out


def build(graph_dir: Path, store_root: str | Path, progress: Progress | None = None, *, full: bool = False,
          timings: dict[str, float] | None = None, annotate: Annotate | None = None) -> BuildReport:
    """Compile the sources and swap a new store in; on any failure the old store stays.

    Rebuilds incrementally when only article files changed since the last build (unless `full`).
    `timings`, when given, receives the wall and CPU seconds of each phase of an incremental build.
    `annotate`, when given, runs on the new store before the swap; the files it returns are swapped in with
    the build (the CLI keeps the integrity report there, brought up to date incrementally).
    """
    graph_dir = Path(graph_dir)
    try:
        return _build(graph_dir, store_root, progress, full, timings, annotate)
    except OSError as e:  # a full disk or a file-size limit: one clear line, the previous store stays
        raise StoreError(f"cannot write the store at {store_root}: {e.strerror or e}; "
                         "the previous store (if any) is unchanged") from e


def _build(graph_dir: Path, store_root: str | Path, progress: Progress | None, full: bool,
           timings: dict[str, float] | None, annotate: Annotate | None) -> BuildReport:
    clock = _Clock(timings)
    with StoreWriter(store_root) as writer:  # the lock first: a second build waits for nothing and fails fast
        clock.lap("lock")
        import time

        previous = None if full else read_manifest(writer.root)
        fingerprinted_ns = time.time_ns()
        now, stats = fingerprint(graph_dir, previous)
        changed = _changed_articles(previous, now)
        clock.lap("fingerprint sources")
        # Shapes and rules are unchanged when the build is incremental: the previous build's compiled ones.
        shapes = _stored_shapes(previous) if changed else None
        if shapes is None:
            shapes = load_shapes(graph_dir)
        clock.lap("load shapes")
        if changed == [] and previous is not None:
            return BuildReport(str(store_root), previous["triples"], previous["graphs"], [], mode="unchanged")
        if progress:  # everything below writes into the new store; the old one stays until the swap
            progress(f"writing store {store_root}" + ("" if changed is None else f" ({len(changed)} changed articles)"))
        if changed is not None:
            try:  # the rules are checked before anything is written: nothing to undo when a full build is needed
                store, loaded, findings, triples = _incremental(writer, graph_dir, shapes, previous, changed,
                                                                progress, timings)
                clock.lap("incremental total")
            except _NeedsFullBuild:
                changed = None
        if changed is None:
            # In memory: the rules', the shapes' and the integrity report's joins run several times faster
            # there than on disk, and the bulk loader then writes the finished store in one pass.
            import pyoxigraph as ox

            store = ox.Store()
            loaded, findings, triples = _full(store, graph_dir, shapes, progress)
            clock.lap("full build")
        graphs = sorted(loaded.counts)
        manifest = {"version": PIPELINE_VERSION, "files": now, "stats": stats, "fingerprinted_ns": fingerprinted_ns,
                    "articles": loaded.articles, "counts": loaded.counts,
                    "triples": triples, "graphs": graphs, "shapes": [asdict(c) for c in shapes.checks],
                    "derived_predicates": loaded.derived_predicates,
                    "rules": [r.to_json() for r in loaded.rules or _rule_scopes(graph_dir / RULES_DIR)]}
        files, annotation = {}, None
        if annotate is not None:
            if progress:
                progress("integrity report" + (" (changed nodes only)" if changed is not None else ""))
            previous_dir = (writer.root / "current").resolve() if changed is not None else None
            files, annotation = annotate(OxigraphStore(store, ":build:"), previous_dir, loaded.changed_nodes)
            clock.lap("integrity report")
        if changed is None:
            if progress:
                progress(f"writing {triples} triples")
            writer.load_from(store)
            clock.lap("write store")
        del store  # an incremental build's store is already written and open read-only
        _release_stores()
        clock.lap("flush and close")
        for name, text in files.items():
            writer.write_file(name, text)
        writer.write_file(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
        writer.commit()
        clock.lap("swap")
    return BuildReport(str(store_root), triples, graphs, findings,
                       mode="full" if changed is None else "incremental", changed=changed or [], annotation=annotation)


def _release_stores() -> None:
    """Make sure the writable Oxigraph store is really closed before the new build is swapped in.

    pyoxigraph closes a store only when its last reference goes. A reference left in a reference cycle (a
    wrapper, a traceback frame of the validation) kept RocksDB open after `del`, and its background
    compaction then deleted files that a reader opening the new build had just listed ("000053.sst: No such
    file": about every second incremental rebuild failed that way). Collecting cycles drops them.
    """
    import gc

    gc.collect()


def compile_sources(graph_dir: Path, progress: Progress | None = None) -> Sources:
    """Read, derive and validate in memory; raise BuildFailed with every error found.

    For pushing to a remote endpoint: returns each named graph as an rdflib graph.
    """
    import pyoxigraph as ox

    graph_dir = Path(graph_dir)
    shapes = load_shapes(graph_dir)
    store = ox.Store()
    _loaded, findings, _n = _full(store, graph_dir, shapes, progress)
    sources = Sources(findings=findings)
    for q in store:
        name = URIRef(q.graph_name.value)
        sources.graphs.setdefault(name, Graph()).add((_from_ox(q.subject), _from_ox(q.predicate), _from_ox(q.object)))
    return sources


def to_ox_quads(quads: Iterable[Quad]):
    """rdflib quads as pyoxigraph quads (for tests and tools that start from rdflib terms)."""
    import pyoxigraph as ox

    return [ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o), _to_ox(g) if g is not None else ox.DefaultGraph())
            for s, p, o, g in quads]
