"""Property: for random edits of one article, the incremental rebuild's store equals a full build's, byte for byte,
and its integrity report (kg.questions.integrity_cache, updated from the previous build's) equals a full `kg check`.

The incremental build re-runs each rule only for the nodes the edit touches (kg.publish.rule_scope) and applies the
difference to the derived graph. Edits that cross what a rule joins are drawn on purpose: a marker relabelled
so it resolves to another entry, an entry added or removed, a statement citing another article's marker, a
work typed inside an article, a condition made narrower (a path rule), a dose changed, any triple dropped.
An edit the shapes reject must fail the incremental build too and leave the store as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from generate import generate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import BuildFailed
from kg.publish.build import build
from kg.questions.integrity import check
from kg.questions.integrity_cache import annotate
from kg.render.export import export
from kg.store.oxigraph import OxigraphStore

KGV = "https://w3id.org/guideline-kg/vocab#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
BROADER = "http://www.w3.org/2004/02/skos/core#broader"
EDITS = ("drop-triple", "relabel-marker", "change-dose", "add-citation", "cite-other-article", "drop-entry",
         "add-entry", "type-work", "narrower-condition")
# Curator flags and headings: the curated articles have them, the generated ones do not.
FLAG_EDITS = ("add-flag", "drop-flag", "drop-flag-message", "retarget-flag", "flag-marker-unresolved", "rename-heading", "relabel-marker",
              "add-citation", "drop-entry", "drop-triple")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("incremental-property")
    gen = base / "gen"
    generate(2_000, gen)
    store = base / "store"
    build(gen, store, annotate=annotate)
    return gen, store


def _export(root: Path) -> str:
    store = OxigraphStore.open_read_only(root)
    try:
        return export(store, "nq")
    finally:
        store.close()


def _check(root: Path) -> list:
    store = OxigraphStore.open_read_only(root)
    try:
        return check(store)
    finally:
        store.close()


def _of(triples: list, predicate: str) -> list:
    return [t for t in triples if t.predicate.value == predicate]


def _typed(triples: list, cls: str) -> list:
    return sorted({t.subject for t in triples if t.predicate.value == RDF_TYPE and t.object.value == cls},
                  key=str)


def _apply(edit: str, triples: list, others: list, pick) -> list:
    """One edit of an article's triples; `others` are another article's triples; `pick(seq)` chooses."""
    nn, lit = ox.NamedNode, ox.Literal
    if edit == "drop-triple":
        gone = pick(triples)
        return [t for t in triples if t != gone]
    if edit == "relabel-marker":
        old = pick(_of(triples, KGV + "markerLabel"))
        return [t for t in triples if t != old] + [ox.Triple(old.subject, old.predicate, lit(str(pick(range(1, 12)))))]
    if edit == "change-dose":
        doses = _of(triples, KGV + "amountMin") + _of(triples, KGV + "amountMax")
        if not doses:
            return triples
        old = pick(doses)
        value = lit(str(pick([0.5, 2, 7.5, 12.5, 40])), datatype=nn("http://www.w3.org/2001/XMLSchema#decimal"))
        return [t for t in triples if t != old] + [ox.Triple(old.subject, old.predicate, value)]
    if edit in ("add-citation", "cite-other-article"):
        statement = pick(_typed(triples, KGV + "Statement"))
        marker = pick(_typed(triples if edit == "add-citation" else others, KGV + "CitationMarker"))
        return triples + [ox.Triple(statement, nn(KGV + "hasMarker"), marker)]
    if edit == "drop-entry":
        entry = pick(_typed(triples, KGV + "ReferenceEntry"))
        return [t for t in triples if t.subject != entry]
    if edit == "add-entry":
        template = pick(_typed(triples, KGV + "ReferenceEntry"))
        work = pick(sorted({t.object for t in _of(triples + others, KGV + "refersTo")}, key=str))
        entry = nn(f"{template.value}-added")
        position = lit(str(pick(range(1, 12))), datatype=nn("http://www.w3.org/2001/XMLSchema#integer"))
        copied = [ox.Triple(entry, t.predicate, t.object) for t in triples if t.subject == template
                  and t.predicate.value not in (KGV + "position", KGV + "refersTo")]
        return triples + copied + [ox.Triple(entry, nn(KGV + "position"), position),
                                   ox.Triple(entry, nn(KGV + "refersTo"), work)]
    if edit == "type-work":
        work = pick(sorted({t.object for t in _of(triples, KGV + "refersTo")}, key=str))
        cls = pick([KGV + "GuidelineReference", KGV + "ResearchReference"])
        return triples + [ox.Triple(work, nn(RDF_TYPE), nn(cls))]
    if edit == "narrower-condition":
        conditions = sorted({t.object for t in _of(triples + others, KGV + "forCondition")}, key=str)
        if len(conditions) < 2:
            return triples
        narrow, broad = pick(conditions), pick(conditions)
        return triples + ([ox.Triple(narrow, nn(BROADER), broad)] if narrow != broad else [])
    if edit == "add-flag":
        article = _typed(triples, KGV + "GuidelineArticle")[0]
        about = pick(_typed(triples, KGV + "Statement") + _typed(triples, KGV + "CitationMarker"))
        flag = nn(f"{article.value}/flag-added")
        return triples + [ox.Triple(flag, nn(RDF_TYPE), nn(KGV + "Flag")),
                          ox.Triple(flag, nn(KGV + "inArticle"), article),
                          ox.Triple(flag, nn(KGV + "flagKind"), nn(KGV + pick(["NotStatedInSource", "DanglingMarker"]))),
                          ox.Triple(flag, nn(KGV + "level"), lit(pick(["info", "warning", "error"]))),
                          ox.Triple(flag, nn(KGV + "about"), about),
                          ox.Triple(flag, nn(KGV + "message"), lit("a flag added by the test"))]
    if edit == "drop-flag":
        flag = pick(_typed(triples, KGV + "Flag"))
        return [t for t in triples if t.subject != flag]
    if edit == "drop-flag-message":  # the flag stops being one (a flag needs a message), its `about` stays
        old = pick(_of(triples, KGV + "message"))
        return [t for t in triples if t != old]
    if edit == "retarget-flag":
        old = pick(_of(triples, KGV + "about"))
        about = pick(_typed(triples, KGV + "Statement") + _typed(triples, KGV + "CitationMarker"))
        return [t for t in triples if t != old] + [ox.Triple(old.subject, old.predicate, about)]
    if edit == "flag-marker-unresolved":
        marker = pick(_typed(triples, KGV + "CitationMarker"))
        return [t for t in triples if not (t.subject == marker and t.predicate.value == KGV + "flaggedUnresolved")] + [
            ox.Triple(marker, nn(KGV + "flaggedUnresolved"), lit(pick(["true", "false"]),
                                                                   datatype=nn("http://www.w3.org/2001/XMLSchema#boolean")))]
    if edit == "rename-heading":
        old = pick(_of(triples, KGV + "heading"))
        return [t for t in triples if t != old] + [ox.Triple(old.subject, old.predicate, lit("a renamed section"))]
    raise AssertionError(edit)


class _NothingToEdit(Exception):
    """The article has nothing this edit applies to."""


def _write(path: Path, triples: list) -> None:
    path.write_text("".join(f"{t} .\n" for t in sorted(triples, key=str)), encoding="utf-8")


@pytest.fixture(scope="module")
def curated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from kg.config import GRAPH_DIR

    base = tmp_path_factory.mktemp("incremental-property-curated")
    gen = base / "graph"
    shutil.copytree(GRAPH_DIR, gen)
    store = base / "store"
    build(gen, store, annotate=annotate)
    return gen, store


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), edits=st.lists(st.sampled_from(EDITS), min_size=1, max_size=3))
def test_incremental_rebuild_after_random_article_edits_equals_a_full_build(corpus, data, edits: list[str]) -> None:
    _edit_and_compare(corpus, data, edits)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), edits=st.lists(st.sampled_from(FLAG_EDITS), min_size=1, max_size=3))
def test_incremental_integrity_report_after_flag_and_heading_edits_equals_a_full_check(curated, data,
                                                                                       edits: list[str]) -> None:
    _edit_and_compare(curated, data, edits)


def _edit_and_compare(corpus: tuple[Path, Path], data, edits: list[str]) -> None:
    gen0, store0 = corpus
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        gen, store = work / gen0.name, work / "store"
        shutil.copytree(gen0, gen)
        shutil.copytree(store0, store, symlinks=True)
        files = sorted((gen / "articles").glob("*.ttl"))
        path = data.draw(st.sampled_from(files), label="article")
        other = data.draw(st.sampled_from([f for f in files if f != path]), label="other article")
        triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        others = list(ox.parse(path=str(other), format=ox.RdfFormat.TURTLE))

        def pick(seq):
            seq = list(seq)
            if not seq:
                raise _NothingToEdit
            return data.draw(st.sampled_from(seq))

        for edit in edits:
            try:
                triples = _apply(edit, triples, others, pick)
            except _NothingToEdit:
                pass
        _write(path, triples)

        current, before = os.readlink(store / "current"), _export(store)
        try:
            full = build(gen, work / "full", annotate=annotate)
        except BuildFailed as e:
            with pytest.raises(BuildFailed) as incremental:
                build(gen, store, annotate=annotate)
            assert {f.node for f in incremental.value.findings if f.level == "error"} <= {
                f.node for f in e.findings if f.level == "error"}
            assert os.readlink(store / "current") == current and _export(store) == before
            return
        report = build(gen, store, annotate=annotate)
        assert report.mode == "incremental"
        assert (report.triples, report.graphs) == (full.triples, full.graphs)
        assert _export(store) == _export(work / "full")
        # The integrity report brought up to date from the stored one states what a full check states.
        assert report.annotation == full.annotation == _check(work / "full")


def test_removing_the_flag_that_explains_a_marker_re_checks_the_marker(curated) -> None:
    """Marker 6 of the adult article is flagged unresolved and two curator flags explain it. Without them the
    marker is flagged with no note: the incremental report must say so, as a full check does."""
    gen0, store0 = curated
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        gen, store = work / gen0.name, work / "store"
        shutil.copytree(gen0, gen)
        shutil.copytree(store0, store, symlinks=True)
        path = gen / "articles" / "ssc-myositis-overlap-adult.ttl"
        triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        flags = {t.subject for t in triples if t.subject.value.endswith(("/flag-marker-6", "/flag-markers-4-5-6"))}
        assert len(flags) == 2
        _write(path, [t for t in triples if t.subject not in flags])
        report = build(gen, store, annotate=annotate)
        assert report.mode == "incremental"
        full = _check(store)
        assert any(f.kind == "flag-without-note" and f.node.endswith("m-6") for f in full)
        assert report.annotation == full
