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
    raise AssertionError(edit)


class _NothingToEdit(Exception):
    """The article has nothing this edit applies to."""


def _write(path: Path, triples: list) -> None:
    path.write_text("".join(f"{t} .\n" for t in sorted(triples, key=str)), encoding="utf-8")


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), edits=st.lists(st.sampled_from(EDITS), min_size=1, max_size=3))
def test_incremental_rebuild_after_random_article_edits_equals_a_full_build(corpus, data, edits: list[str]) -> None:
    gen0, store0 = corpus
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        gen, store = work / "gen", work / "store"
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
