"""Build: read the curated sources in graph/, derive, validate with SHACL, and load a store.

Sources are Turtle files. Everything under graph/vocab and graph/entities goes into the shared
named graph; each file under graph/articles declares exactly one kgv:GuidelineArticle and its
content goes into the named graph of that article. graph/rules/*.rq are SPARQL CONSTRUCT rules
whose results go into the derived graph (marker resolution, CiTO citations), so derivations are
data that a curator can read, not Python.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from .errors import BuildFailed
from .findings import Finding
from .guards import check_rule
from .namespaces import DERIVED_GRAPH, KGV, SHARED_GRAPH
from .store import MemoryStore, Quad, StoreWriter

Progress = Callable[[str], None]

SHARED_DIRS = ("vocab", "entities")
ARTICLE_DIR = "articles"
SHAPES_DIR = "shapes"
RULES_DIR = "rules"


@dataclass
class Sources:
    """The parsed curated sources: one rdflib graph per named graph, and where each subject was defined."""

    graphs: dict[URIRef, Graph] = field(default_factory=dict)
    defined_in: dict[Node, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def quads(self) -> Iterator[Quad]:
        for name in sorted(self.graphs):
            for s, p, o in self.graphs[name]:
                yield s, p, o, name

    def union(self) -> Graph:
        g = Graph()
        for graph in self.graphs.values():
            g += graph
        return g


@dataclass
class BuildReport:
    location: str
    triples: int
    graphs: list[str]
    findings: list[Finding]


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _parse(path: Path, root: Path, sources: Sources) -> Graph | None:
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except Exception as e:  # rdflib raises several parser types; all mean the same to a curator
        sources.findings.append(Finding("error", "syntax", _first_line(str(e)), file=_rel(path, root)))
        return None
    for s in set(g.subjects()):
        sources.defined_in.setdefault(s, _rel(path, root))
    return g


def _first_line(text: str) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    return " ".join(lines[:3]) if lines else "unreadable file"


def load_sources(graph_dir: Path, progress: Progress | None = None) -> Sources:
    """Parse every curated file; syntax problems become findings instead of stopping at the first."""
    sources = Sources()
    shared = Graph()
    for sub in SHARED_DIRS:
        for path in sorted((graph_dir / sub).glob("*.ttl")):
            if progress:
                progress(f"reading {_rel(path, graph_dir)}")
            g = _parse(path, graph_dir, sources)
            if g is not None:
                shared += g
    sources.graphs[SHARED_GRAPH] = shared
    for path in sorted((graph_dir / ARTICLE_DIR).glob("*.ttl")):
        if progress:
            progress(f"reading {_rel(path, graph_dir)}")
        g = _parse(path, graph_dir, sources)
        if g is None:
            continue
        articles = sorted(g.subjects(RDF.type, KGV.GuidelineArticle))
        if len(articles) != 1:
            sources.findings.append(
                Finding(
                    "error",
                    "article-file",
                    f"declares {len(articles)} kgv:GuidelineArticle nodes; expected exactly one",
                    file=_rel(path, graph_dir),
                )
            )
            continue
        if articles[0] in sources.graphs:
            sources.findings.append(
                Finding(
                    "error",
                    "article-file",
                    f"article {articles[0]} is declared in more than one file",
                    file=_rel(path, graph_dir),
                )
            )
            continue
        sources.graphs[articles[0]] = g
    return sources


def apply_rules(sources: Sources, rules_dir: Path) -> int:
    """Run each CONSTRUCT rule over everything loaded so far; results form the derived graph."""
    store = MemoryStore(sources.quads())
    derived = Graph()
    for path in sorted(rules_dir.glob("*.rq")):
        # The guard refuses SERVICE, updates and FROM; the store runs the canonical text it checked.
        rule = check_rule(path.read_text(encoding="utf-8"), path.name)
        for triple in store.construct(rule):
            derived.add(triple)
    sources.graphs[DERIVED_GRAPH] = derived
    return len(derived)


def validate(data: Graph, shapes: Graph, defined_in: dict[Node, str]) -> list[Finding]:
    """SHACL validation; each result names the file, focus node, property path and rule."""
    from pyshacl import validate as shacl_validate

    conforms, results, _ = shacl_validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    if conforms:
        return []
    findings = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        shape = results.value(result, SH.sourceShape)
        severity = results.value(result, SH.resultSeverity)
        message = results.value(result, SH.resultMessage) or results.value(result, SH.sourceConstraintComponent)
        constraint = results.value(result, SH.sourceConstraint)
        rule = (shapes.value(constraint, SH.name) if constraint is not None else None) or (
            shapes.value(shape, SH.name) if shape is not None else None
        )
        findings.append(
            Finding(
                level="error" if severity == SH.Violation else "warning",
                kind="shacl",
                message=str(message),
                node=_curie(data, focus),
                path=_curie(data, path) if isinstance(path, URIRef) else None,
                rule=str(rule) if rule else (_curie(shapes, shape) if isinstance(shape, URIRef) else None),
                file=defined_in.get(focus),
            )
        )
    return sorted(findings)


def _curie(g: Graph, term: Node | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        from .namespaces import PREFIXES

        for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if str(term).startswith(ns) and len(str(term)) > len(ns):
                return f"{prefix}:{str(term)[len(ns) :]}"
    return str(term)


def compile_sources(graph_dir: Path, progress: Progress | None = None) -> Sources:
    """Read, derive and validate; raise BuildFailed with every error found."""
    sources = load_sources(graph_dir, progress)
    if any(f.level == "error" for f in sources.findings):
        raise BuildFailed(sources.findings)
    if progress:
        progress("deriving (graph/rules)")
    apply_rules(sources, graph_dir / RULES_DIR)
    if progress:
        progress("validating against SHACL shapes")
    shapes = Graph()
    for path in sorted((graph_dir / SHAPES_DIR).glob("*.ttl")):
        shapes.parse(path, format="turtle")
    findings = validate(sources.union(), shapes, sources.defined_in)
    sources.findings.extend(findings)
    if any(f.level == "error" for f in sources.findings):
        raise BuildFailed(sources.findings)
    return sources


def build(graph_dir: Path, store_root: str | Path, progress: Progress | None = None) -> BuildReport:
    """Compile the sources and swap a freshly written store in; on any failure the old store stays.

    The store's lock is taken first, so a second build says "store in use" at once instead of after
    validating; the directory is checked to be a store (or new/empty) before anything is read.
    """
    with StoreWriter(store_root) as writer:
        sources = compile_sources(graph_dir, progress)
        if progress:
            progress(f"writing store {store_root}")
        writer.write(sources.quads())
        writer.commit()
    return BuildReport(
        location=str(store_root),
        triples=sum(len(g) for g in sources.graphs.values()),
        graphs=[str(n) for n in sorted(sources.graphs)],
        findings=sources.findings,
    )


def to_dataset(quads: Iterator[Quad]) -> Dataset:
    ds = Dataset()
    for s, p, o, g in quads:
        ds.graph(g).add((s, p, o))
    return ds
