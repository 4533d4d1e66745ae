"""An incremental `kg build` (only article files changed) gives the store a full build gives, byte for byte.

Each test edits sources after a first build, rebuilds the same store (incremental) and builds a fresh store
from the edited sources (full), then compares the two N-Quads exports.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from data import copy_store
from generate import generate

from kg.config import GRAPH_DIR
from kg.errors import BuildFailed
from kg.publish.build import build, read_manifest
from kg.render.export import export
from kg.store.oxigraph import OxigraphStore

ADULT = "articles/ssc-myositis-overlap-adult.ttl"


def _export(root: Path) -> str:
    store = OxigraphStore.open_read_only(root)
    try:
        return export(store, "nq")
    finally:
        store.close()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"anchor not found: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def graph(tmp_path: Path) -> Path:
    target = tmp_path / "graph"
    shutil.copytree(GRAPH_DIR, target)
    return target


def _rebuild_matches_full(graph: Path, store: Path, tmp_path: Path, mode: str = "incremental") -> None:
    report = build(graph, store)
    assert report.mode == mode
    full = build(graph, tmp_path / "full")
    assert full.mode == "full"
    assert (report.triples, report.graphs) == (full.triples, full.graphs)
    assert _export(store) == _export(tmp_path / "full")
    # What the next build decides from (does a rule read a derived predicate?) is what a full build records.
    assert read_manifest(store)["derived_predicates"] == read_manifest(tmp_path / "full")["derived_predicates"]


def test_edited_dose_rebuilds_incrementally_with_the_full_build_result(graph: Path, tmp_path: Path, store_path: Path) -> None:
    store = copy_store(store_path, tmp_path / "store")  # = build(graph, store): graph/ is unchanged so far
    _edit(graph / ADULT, "kgv:amountMin 15 ; kgv:amountMax 20 ;", "kgv:amountMin 12.5 ; kgv:amountMax 20 ;")
    _rebuild_matches_full(graph, store, tmp_path)
    assert '"12.5"^^<http://www.w3.org/2001/XMLSchema#decimal>' in _export(store)


def test_changed_marker_is_re_derived(graph: Path, tmp_path: Path, store_path: Path) -> None:
    """A marker that resolved no longer does once flagged and renumbered: the derived graph follows."""
    store = copy_store(store_path, tmp_path / "store")  # = build(graph, store): graph/ is unchanged so far
    before = _export(store)
    _edit(graph / ADULT, 'kgv:markerLabel "6" ;\n    kgv:flaggedUnresolved true .', 'kgv:markerLabel "1" .')
    _rebuild_matches_full(graph, store, tmp_path)
    assert _export(store) != before


def test_removed_and_added_article_files(graph: Path, tmp_path: Path, store_path: Path) -> None:
    store = copy_store(store_path, tmp_path / "store")  # = build(graph, store): graph/ is unchanged so far
    (graph / ADULT).rename(graph / "articles" / "renamed-adult.ttl")
    report = build(graph, store)
    assert report.mode == "incremental" and sorted(report.changed) == sorted(
        ["graph/" + ADULT, "graph/articles/renamed-adult.ttl"])
    full = build(graph, tmp_path / "full")
    assert _export(store) == _export(tmp_path / "full")
    assert report.graphs == full.graphs


def test_unchanged_sources_leave_the_store_alone(graph: Path, tmp_path: Path, store_path: Path) -> None:
    store = copy_store(store_path, tmp_path / "store")  # = build(graph, store): graph/ is unchanged so far
    current = os.readlink(store / "current")
    assert build(graph, store).mode == "unchanged"
    assert os.readlink(store / "current") == current


def test_change_to_shared_entities_or_shapes_makes_a_full_build(graph: Path, tmp_path: Path, store_path: Path) -> None:
    store = copy_store(store_path, tmp_path / "store")  # = build(graph, store): graph/ is unchanged so far
    with (graph / "entities" / "conditions.ttl").open("a", encoding="utf-8") as fh:
        fh.write("\n# a comment changes the file's checksum\n")
    _rebuild_matches_full(graph, store, tmp_path, mode="full")
    assert build(graph, store, full=True).mode == "full"


def test_incremental_build_that_breaks_a_shape_fails_and_keeps_the_old_store(graph: Path, tmp_path: Path, store_path: Path) -> None:
    store = copy_store(store_path, tmp_path / "store")  # = build(graph, store): graph/ is unchanged so far
    current, before = os.readlink(store / "current"), _export(store)
    _edit(graph / ADULT, "kgv:therapy th:folic-acid ; kgv:stage kgv:Adjunct ;", "kgv:therapy th:folic-acid ;")
    with pytest.raises(BuildFailed) as e:
        build(graph, store)
    assert any(f.rule == "recommendation-stage" and f.file == "graph/" + ADULT for f in e.value.findings)
    assert os.readlink(store / "current") == current and _export(store) == before
    assert [p.name for p in store.iterdir() if p.name.startswith("build-") and p.is_dir()] == [current]


def test_change_in_one_article_revalidates_nodes_of_another_that_point_at_it(tmp_path: Path) -> None:
    """a1's recommendation cites a statement of a0; removing that statement's type in a0 must fail the
    incremental build exactly as it fails a full build, although a1 did not change."""
    gen = tmp_path / "gen"
    generate(3_000, gen)
    a0, a1 = gen / "articles" / "a000000.ttl", gen / "articles" / "a000001.ttl"
    st = "<https://w3id.org/guideline-kg/id/article/a0/st-1-1>"
    _edit(a1, "prov:wasDerivedFrom <https://w3id.org/guideline-kg/id/article/a1/st-1-2>",
          f"prov:wasDerivedFrom {st}")
    store = tmp_path / "store"
    build(gen, store)
    _edit(a0, f"{st} a kgv:Statement ;", f"{st} a kgv:Section ;")
    with pytest.raises(BuildFailed) as incremental:
        build(gen, store)
    with pytest.raises(BuildFailed) as full:
        build(gen, tmp_path / "full")
    assert any(f.node == "art:a1/dose-1" for f in incremental.value.findings)
    assert sorted(incremental.value.findings) == sorted(
        f for f in full.value.findings if f.node in {x.node for x in incremental.value.findings})
    assert {f.node for f in full.value.findings} == {f.node for f in incremental.value.findings}


ADULT_TITLE = 'dcterms:title "Initial Treatment for Scleroderma-Myositis Overlap" ;'


def test_derived_predicate_whose_last_triple_goes_leaves_the_manifest(graph: Path, tmp_path: Path) -> None:
    """A rule derives a predicate for one article only; renaming that article removes the predicate's last
    derived triple, and the incremental build's manifest no longer lists it, as a full build's does not."""
    echo = "https://w3id.org/guideline-kg/vocab#testTitledOverlap"
    (graph / "rules" / "90-test-titled.rq").write_text(
        f'CONSTRUCT {{ ?a <{echo}> ?a }}\nWHERE {{ ?a dcterms:title "Initial Treatment for Scleroderma-Myositis Overlap" }}\n',
        encoding="utf-8")
    store = tmp_path / "store"
    build(graph, store)
    assert echo in read_manifest(store)["derived_predicates"]
    _edit(graph / ADULT, ADULT_TITLE, 'dcterms:title "Initial Treatment (renamed)" ;')
    _rebuild_matches_full(graph, store, tmp_path)
    assert echo not in read_manifest(store)["derived_predicates"]


def test_rule_reading_a_derived_predicate_makes_a_full_build_and_writes_nothing_first(graph: Path, tmp_path: Path) -> None:
    """A rule that reads what another rule derives cannot be re-run for the changed nodes alone: the build
    decides so from the manifest before it copies the store, builds in full, and leaves no half-made build."""
    (graph / "rules" / "90-test-reads-derived.rq").write_text(
        "CONSTRUCT { ?w <https://w3id.org/guideline-kg/vocab#testCitedBy> ?a }\nWHERE { ?a cito:cites ?w }\n",
        encoding="utf-8")
    store = tmp_path / "store"
    build(graph, store)
    _edit(graph / ADULT, "kgv:amountMin 15 ; kgv:amountMax 20 ;", "kgv:amountMin 12.5 ; kgv:amountMax 20 ;")
    _rebuild_matches_full(graph, store, tmp_path, mode="full")
    builds = sorted(p.name for p in store.iterdir() if p.name.startswith("build-") and p.is_dir())
    assert builds == sorted({os.readlink(store / "current"), os.readlink(store / "previous")})


def test_store_opens_right_after_every_incremental_rebuild(tmp_path: Path) -> None:
    # An incremental rebuild left its writable Oxigraph store open (a reference held in a cycle), and
    # RocksDB's background compaction then removed files a reader opening the new build had just listed:
    # about every second rebuild's store failed to open ("000053.sst: No such file"). Several rounds make
    # the race show before the fix; after it, every round opens and reads the whole store.
    gen = tmp_path / "gen"
    generate(2000, gen)
    root = tmp_path / "store"
    build(gen, root)
    article = sorted((gen / "articles").glob("*.ttl"))[1]
    for round_ in range(4):
        previous = '"summary of statement 1.1 in article' if round_ == 0 else f'"summary {round_ - 1} of statement 1.1'
        _edit(article, previous, f'"summary {round_} of statement 1.1')
        report = build(gen, root)
        assert report.mode == "incremental"
        store = OxigraphStore.open_read_only(root)
        assert sum(1 for _ in store.quads()) == report.triples
        store.close()


def test_cli_rebuild_prints_phase_timings_and_the_same_integrity_warnings_as_a_full_build(graph: Path, tmp_path: Path) -> None:
    """`kg build --timings` names every phase of the incremental build with wall and CPU seconds, and the
    integrity warnings it prints (from the report kept in the store, updated for the change) are those a
    full build prints."""
    import json

    from click.testing import CliRunner

    from kg_cli.main import main

    store = tmp_path / "store"
    assert CliRunner().invoke(main, ["build", "-q", "--graph-dir", str(graph), "--store", str(store)]).exit_code == 0
    _edit(graph / ADULT, 'kgv:markerLabel "6" ;\n    kgv:flaggedUnresolved true .', 'kgv:markerLabel "1" .')
    rebuilt = CliRunner().invoke(main, ["build", "-q", "--timings", "--graph-dir", str(graph), "--store", str(store)])
    full = CliRunner().invoke(main, ["build", "-q", "--graph-dir", str(graph), "--store", str(tmp_path / "full")])
    assert rebuilt.exit_code == 0 and "incremental" in rebuilt.stdout
    timing_lines = [line for line in rebuilt.stderr.splitlines() if line.startswith("timings: ")]
    phases = json.loads(timing_lines[0][len("timings: "):])
    for phase in ("copy current store", "derive after the change (scoped)", "validate affected nodes",
                  "integrity report", "swap"):
        assert phases[f"{phase} wall s"] >= 0 and phases[f"{phase} cpu s"] >= 0
    warnings = [line for line in rebuilt.stderr.splitlines() if not line.startswith("timings: ")]
    assert warnings == full.stderr.splitlines() and any("integrity warning" in line for line in warnings)


def test_settled_unchanged_files_are_not_read_again_and_a_same_size_edit_with_its_time_restored_is_seen(
        graph: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fingerprint keeps the recorded hash of a file whose identity (inode, size, times) is unchanged;
    an edit that keeps the size and puts the modification time back still changes the status-change time,
    so the file is hashed again and rebuilt."""
    import kg.publish.build as build_module

    monkeypatch.setattr(build_module, "_SETTLED_NS", 0)  # every file is settled once the fingerprint is taken
    store = tmp_path / "store"
    build(graph, store)
    hashed: list[str] = []
    real = build_module._sha256
    monkeypatch.setattr(build_module, "_sha256", lambda p: hashed.append(p.name) or real(p))
    assert build(graph, store).mode == "unchanged" and hashed == []
    article = graph / ADULT
    before = article.stat()
    _edit(article, "kgv:amountMin 15 ; kgv:amountMax 20 ;", "kgv:amountMin 16 ; kgv:amountMax 20 ;")
    os.utime(article, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert article.stat().st_size == before.st_size and article.stat().st_mtime_ns == before.st_mtime_ns
    report = build(graph, store)
    assert report.mode == "incremental" and report.changed == ["graph/" + ADULT]
    assert hashed == [article.name]
    full = build(graph, tmp_path / "full")
    assert _export(store) == _export(tmp_path / "full") and full.triples == report.triples


def test_incremental_build_validates_and_reports_on_the_copy_closed_for_writing(
        graph: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Validation and the integrity report read the new build read-only: the writable copy is closed once the
    change is written, which stops RocksDB's background compaction of it (a third of a rebuild's CPU at 1M)."""
    import pyoxigraph as ox

    import kg.publish.build as build_module

    probe = ox.Quad(ox.NamedNode("https://example.org/probe"), ox.NamedNode("https://example.org/p"),
                    ox.Literal("x"), ox.NamedNode("https://example.org/g"))
    writable: list[bool] = []

    def is_writable(oxstore) -> bool:
        try:
            oxstore.add(probe)
        except RuntimeError:
            return False
        oxstore.remove(probe)
        return True

    real_validate = build_module.validate
    monkeypatch.setattr(build_module, "validate",
                        lambda store, *a, **k: writable.append(is_writable(store)) or real_validate(store, *a, **k))

    def annotate(store, previous_dir, changed):
        writable.append(is_writable(store._ox))
        return {}, None

    store = tmp_path / "store"
    build(graph, store)
    _edit(graph / ADULT, "kgv:amountMin 15 ; kgv:amountMax 20 ;", "kgv:amountMin 12.5 ; kgv:amountMax 20 ;")
    writable.clear()
    assert build(graph, store, annotate=annotate).mode == "incremental"
    assert writable == [False, False]
    full = build(graph, tmp_path / "full")
    assert _export(store) == _export(tmp_path / "full") and full.mode == "full"
