"""The SPARQL-compiled SHACL validator (kg.publish.shacl) reports what pySHACL reports on the same data.

pySHACL is the reference implementation of the W3C spec; kg build no longer runs it because it re-parses
SPARQL constraints once per focus node. Each broken fixture below is the curated graph with one defect a
curator could make; both validators run on the same derived data and must give the same findings (focus
node, property path, rule, message, severity), including how many of each.
"""

from __future__ import annotations

import random
import shutil
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from kg.config import GRAPH_DIR
from kg.findings import Finding
from kg.publish.build import SHAPES_DIR, derive, load_shapes, read_into, validate
from kg.publish.shacl import UnsupportedShape, _curie, compile_shapes
from kg.store.oxigraph import _from_ox

ADULT = "articles/ssc-myositis-overlap-adult.ttl"


def _shapes_graph() -> Graph:
    g = Graph()
    for path in sorted((GRAPH_DIR / SHAPES_DIR).glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


SHAPES = _shapes_graph()


def pyshacl_findings(data: Graph) -> list[Finding]:
    """pySHACL's results as Finding records (what kg build reported before kg.publish.shacl)."""
    from pyshacl import validate as shacl_validate

    conforms, results, _ = shacl_validate(data, shacl_graph=SHAPES, inference="none", advanced=True,
                                          allow_warnings=True)
    out = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        shape = results.value(result, SH.sourceShape)
        severity = results.value(result, SH.resultSeverity)
        message = results.value(result, SH.resultMessage) or results.value(result, SH.sourceConstraintComponent)
        constraint = results.value(result, SH.sourceConstraint)
        rule = (SHAPES.value(constraint, SH.name) if constraint is not None else None) or SHAPES.value(shape, SH.name)
        out.append(Finding("error" if severity == SH.Violation else "warning", "shacl", str(message),
                           node=_curie(focus) if isinstance(focus, URIRef) else str(focus),
                           path=_curie(path) if isinstance(path, URIRef) else None,
                           rule=str(rule) if rule else _curie(shape)))
    return sorted(out)


def both(graph_dir: Path, *, must_parse: bool = True) -> tuple[list[Finding], list[Finding]] | None:
    store = ox.Store()
    loaded = read_into(store, graph_dir)
    if loaded.findings and not must_parse:
        return None  # a mutation that breaks the Turtle itself is not a SHACL case
    assert not loaded.findings, loaded.findings
    store.extend(ox.Quad(s, p, o, ox.NamedNode("https://w3id.org/guideline-kg/graph/derived"))
                 for s, p, o in derive(store, graph_dir / "rules"))
    ours = [Finding(f.level, f.kind, f.message, node=f.node, path=f.path, rule=f.rule)
            for f in validate(store, load_shapes(graph_dir), loaded)]
    data = Graph()
    for q in store:
        data.add((_from_ox(q.subject), _from_ox(q.predicate), _from_ox(q.object)))
    return sorted(ours), pyshacl_findings(data)


def mutated(tmp_path: Path, old: str, new: str) -> Path:
    target = tmp_path / "graph"
    shutil.copytree(GRAPH_DIR, target)
    path = target / ADULT
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture anchor not found: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


BROKEN = {
    "min above max": ("kgv:amountMin 15 ; kgv:amountMax 20 ;", "kgv:amountMin 25 ; kgv:amountMax 20 ;"),
    "dose without unit": ("kgv:amountMin 1 ; kgv:amountMax 1 ; kgv:amountUnit unit:MilliGM ;",
                          "kgv:amountMin 1 ; kgv:amountMax 1 ;"),
    "neither maximum nor none stated": (
        "kgv:route kgv:RouteNotStated ; kgv:noMaximumStated true ;\n    prov:wasDerivedFrom smo:st-5-1.3 .",
        "kgv:route kgv:RouteNotStated ;\n    prov:wasDerivedFrom smo:st-5-1.3 ."),
    "recommendation without stage": ("kgv:therapy th:folic-acid ; kgv:stage kgv:Adjunct ;",
                                     "kgv:therapy th:folic-acid ;"),
    "stage that is not a stage": ("kgv:therapy th:folic-acid ; kgv:stage kgv:Adjunct ;",
                                  "kgv:therapy th:folic-acid ; kgv:stage kgv:Adjunct, th:folic-acid ;"),
    "statement without item path": ('kgv:inSection smo:sec-5 ; kgv:itemPath "1.3" ;', "kgv:inSection smo:sec-5 ;"),
    "item path of the wrong form": ('kgv:itemPath "1.3" ;', 'kgv:itemPath "1.x" ;'),
    "unflagged dangling marker": ('kgv:markerLabel "6" ;\n    kgv:flaggedUnresolved true .',
                                  'kgv:markerLabel "6" .'),
    "amount as a string": ("kgv:amountMin 15 ; kgv:amountMax 20 ;", 'kgv:amountMin "15" ; kgv:amountMax 20 ;'),
}


def test_current_graph_conforms_under_both_validators(tmp_path: Path) -> None:
    ours, reference = both(GRAPH_DIR)
    assert ours == reference == []


@pytest.mark.parametrize("defect", sorted(BROKEN))
def test_broken_fixture_gives_the_same_findings_as_pyshacl(tmp_path: Path, defect: str) -> None:
    ours, reference = both(mutated(tmp_path, *BROKEN[defect]))
    assert reference, "the fixture must break a shape"
    assert Counter(ours) == Counter(reference)


def _article_triples() -> list[str]:
    """The adult article's Turtle statements ('subject p o ; ... .' blocks) as they are in the file."""
    text = (GRAPH_DIR / ADULT).read_text(encoding="utf-8")
    return [block for block in text.split("\n\n") if block.strip() and not block.lstrip().startswith(("@", "#"))]


BLOCKS = _article_triples()


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=3), st.integers(0, 2**16))
def test_random_lines_removed_give_the_same_findings_as_pyshacl(tmp_path_factory, picks, seed) -> None:
    """Dropping property lines (not whole subjects: a line ends in ';') from random blocks breaks shapes in
    ways no one listed; both validators must still agree."""
    target = tmp_path_factory.mktemp("graph") / "graph"
    shutil.copytree(GRAPH_DIR, target)
    text = (target / ADULT).read_text(encoding="utf-8")
    rng = random.Random(seed)
    for pick in picks:
        block = BLOCKS[pick % len(BLOCKS)]
        lines = block.split("\n")
        removable = [i for i, ln in enumerate(lines[1:-1], 1) if ln.rstrip().endswith(";")]
        if not removable:
            continue
        drop = rng.choice(removable)
        text = text.replace(block, "\n".join(ln for i, ln in enumerate(lines) if i != drop), 1)
    (target / ADULT).write_text(text, encoding="utf-8")
    result = both(target, must_parse=False)
    assume(result is not None)
    ours, reference = result
    assert Counter(ours) == Counter(reference)


def test_unsupported_shacl_feature_stops_the_build_instead_of_being_skipped() -> None:
    g = Graph()
    g.parse(data="""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:qualifiedMinCount 1 ] .""",
            format="turtle")
    with pytest.raises(UnsupportedShape):
        compile_shapes(g)
