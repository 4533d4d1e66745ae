"""kg check on a fixture built to contain each defect, and on the two real articles."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.questions.integrity import check, normalise_title
from kg_cli.main import main


@pytest.fixture(scope="module")
def findings(fx):
    return check(fx)


def kinds(findings, kind):
    return [f for f in findings if f.kind == kind]


def test_flagged_dangling_marker_is_a_warning_with_locator(findings):
    (f,) = kinds(findings, "dangling-marker")
    assert (f.level, f.article, f.locator) == ("warning", "art:fx-a", "Part one › 4")


def test_reference_never_cited(findings):
    (f,) = kinds(findings, "uncited-reference")
    assert (f.article, f.locator) == ("art:fx-a", "References › 3")


def test_guidance_citing_nothing(findings):
    assert [(f.level, f.locator) for f in kinds(findings, "guidance-cites-nothing")] == [("warning", "Part one › 3")]


def test_shared_reference_reports_how_entries_matched(findings):
    (shared,) = kinds(findings, "shared-reference")
    assert shared.node == "ref:fx-alpha-handbook" and "year differ" in shared.message
    (differ,) = kinds(findings, "merged-entries-differ")
    assert "year" in differ.message


def test_printed_year_differs_from_work(findings):
    (f,) = kinds(findings, "entry-differs-from-work")
    assert f.locator == "References › 1" and "2021" in f.message and "2020" in f.message


def test_duplicate_and_similar_works(findings):
    (dup,) = kinds(findings, "possible-duplicate-work")
    assert "fx-beta-trial" in dup.message and "fx-beta-trial-copy" in dup.message
    (similar,) = kinds(findings, "similar-titles-kept-distinct")
    assert "source and year differ" in similar.message


def test_markers_as_printed_mismatch_and_curator_flags(findings):
    assert [f.locator for f in kinds(findings, "markers-as-printed-mismatch")] == ["Part one › 5"]
    assert [f.level for f in kinds(findings, "curator-flag")] == ["warning"]


def test_normalised_title_ignores_case_and_trailing_period():
    assert normalise_title("Scleroderma overlap syndrome.") == normalise_title("scleroderma  Overlap syndrome")
    assert normalise_title("Scleroderma overlap syndrome.") != normalise_title("Scleroderma overlap syndromes.")


def test_cli_check_exit_codes_and_json(fx_path, monkeypatch):
    monkeypatch.setenv("KG_STORE", str(fx_path))
    plain = CliRunner().invoke(main, ["check"])
    assert plain.exit_code == 0, plain.output  # warnings only
    strict = CliRunner().invoke(main, ["check", "--strict", "--format", "json"])
    assert strict.exit_code == 1
    doc = json.loads(strict.output)
    assert doc["summary"]["error"] == 0 and doc["summary"]["warning"] == len(
        [f for f in doc["findings"] if f["level"] == "warning"]
    )


def test_real_articles(store):
    found = check(store)
    dangling = {(f.article, f.locator) for f in kinds(found, "dangling-marker")}
    assert dangling == {
        ("art:ssc-myositis-overlap-adult", "Special Considerations for Overlap Syndrome › 2.3"),
        ("art:juvenile-uctd-scleroderma-jdm-overlap", "Potential Pitfalls and Caveats › 3"),
    }
    shared = {f.node for f in kinds(found, "shared-reference")}
    assert shared == {
        "ref:droracle-2025-guideline-directed-topic-overview",
        "ref:imaj-2011-scleroderma-overlap-syndrome",
    }
    (similar,) = kinds(found, "similar-titles-kept-distinct")
    assert "imaj-2011" in similar.message and "2002" in similar.message
    assert not [f for f in found if f.level == "error"]


def test_unflagged_dangling_marker_is_an_error_that_fails_kg_check(fx, tmp_path):
    """SHACL stops `kg build` on such a marker, but a store loaded by another tool (a remote endpoint, say)
    can hold one: kg check must still report it as an error and exit 1."""
    from rdflib import URIRef

    from kg.store.oxigraph import StoreWriter
    from kg.vocab.namespaces import KGV

    flag = URIRef(str(KGV) + "flaggedUnresolved")
    quads = [q for q in fx.quads() if q[1] != flag]
    assert len(quads) < len(list(fx.quads())), "the fixture has a flagged marker to unflag"
    root = tmp_path / "unflagged"
    with StoreWriter(root) as writer:
        writer.write(iter(quads))
        writer.commit()
    from kg.store.oxigraph import OxigraphStore

    (f,) = kinds(check(OxigraphStore.open_read_only(root)), "dangling-marker")
    assert (f.level, f.article, f.locator) == ("error", "art:fx-a", "Part one › 4")
    assert "not flagged" in f.message
    result = CliRunner().invoke(main, ["check", "--store", str(root), "--format", "json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    assert report["summary"]["error"] == 1
    assert [(e["kind"], e["level"]) for e in report["findings"] if e["level"] == "error"] == [("dangling-marker", "error")]
