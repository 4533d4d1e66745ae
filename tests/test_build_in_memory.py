"""A full build works in an in-memory Oxigraph store and bulk-loads the result: what it writes, what it
reports and what it leaves behind must be what the sources and `kg check` say.

The counts and graphs are checked against an independent parse of each file; the integrity findings
the build returns against `kg.questions.integrity.check` run afterwards on the store it wrote.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
from generate import generate

from kg.publish.build import MANIFEST, build
from kg.questions.integrity import check
from kg.questions.integrity_cache import annotate
from kg.store.oxigraph import OxigraphStore
from kg.vocab.namespaces import SHARED_GRAPH


def _stored_triples(root: Path, graph: str) -> set[str]:
    store = ox.Store.read_only(str((root / "current").resolve()))
    return {_key(q) for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))}


def _parsed(files: list[Path]) -> set[str]:
    """What Oxigraph stores for these files, read by a separate in-memory store (it writes a decimal
    "1.0" as "1"), with blank nodes named by position instead of their generated ids."""
    memory = ox.Store()
    for f in files:
        memory.load(path=str(f), format=ox.RdfFormat.TURTLE)
    return {_key(q) for q in memory}


def _key(q) -> str:
    def term(t) -> str:
        return "_:b" if isinstance(t, ox.BlankNode) else str(t)

    return f"{term(q.subject)} {term(q.predicate)} {term(q.object)}"


def test_full_build_returns_the_integrity_findings_kg_check_gives_on_the_written_store(tmp_path: Path) -> None:
    gen = tmp_path / "gen"
    generate(3_000, gen)
    report = build(gen, tmp_path / "store", annotate=annotate)
    assert report.mode == "full" and report.annotation is not None
    store = OxigraphStore.open_read_only(tmp_path / "store")
    try:
        assert report.annotation == check(store)
    finally:
        store.close()
    assert report.annotation, "the generated corpus has shared references, so the check has findings to compare"


def test_each_graph_holds_exactly_its_files_triples_and_the_manifest_counts_them(tmp_path: Path) -> None:
    gen = tmp_path / "gen"
    generate(2_000, gen)
    root = tmp_path / "store"
    build(gen, root)
    manifest = json.loads((root / "current" / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["articles"], "the generated corpus has article files"
    for rel, article in manifest["articles"].items():
        path = gen.parent / rel
        assert _stored_triples(root, article) == _parsed([path]), rel
        assert manifest["counts"][article] == len(set(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))), rel
    shared = sorted((gen / "vocab").glob("*.ttl")) + sorted((gen / "entities").glob("*.ttl"))
    assert _stored_triples(root, str(SHARED_GRAPH)) == _parsed(shared)


def test_a_killed_builds_load_file_is_removed_by_the_next_build_and_nothing_else_is(tmp_path: Path) -> None:
    gen = tmp_path / "gen"
    generate(2_000, gen)
    root = tmp_path / "store"
    build(gen, root)
    left = root / ".load-4242.nq"  # what a full build killed between its dump and its bulk load leaves
    left.write_text("<urn:a> <urn:b> <urn:c> <urn:g> .\n", encoding="utf-8")
    other = root / "notes.nq"
    other.write_text("kept\n", encoding="utf-8")
    build(gen, root, full=True)
    assert not left.exists()
    assert other.read_text(encoding="utf-8") == "kept\n"
    assert not any(p.name.startswith(".load-") for p in root.iterdir())
