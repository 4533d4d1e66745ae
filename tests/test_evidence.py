"""Trace back, trace forward, impact and statement text, on a fixture with known answers and on the real graph."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner
from evidence_fixture import FIXTURE
from rdflib import URIRef

from kg.questions.evidence import impact, resolve_reference, resolve_thing, trace_back, trace_forward
from kg.sources.reader import read_article, text_checksum
from kg.vocab.namespaces import ART, REF, THER
from kg_cli.main import main

FA, FB = ART["fx-a"], ART["fx-b"]
ADULT = ART["ssc-myositis-overlap-adult"]
JUVENILE = ART["juvenile-uctd-scleroderma-jdm-overlap"]


def test_trace_back_therapy_lists_statements_markers_and_references(fx):
    t = trace_back(fx, THER["fx-drug-a"])
    by_article = t.by_article()
    # drug a: A's rec/dose (st-1) and caution (st-2); B's rec/dose (st-1)
    assert [s.item_path for s in by_article[str(FA)]] == ["1", "2"]
    assert [s.item_path for s in by_article[str(FB)]] == ["1"]
    st1 = by_article[str(FA)][0]
    assert st1.locator == "Part one › 1"
    assert [(c.label, c.position, c.year_as_printed) for c in st1.citations] == [("1", 1, 2021), ("2", 2, 2019)]
    kinds = sorted((h.article, h.kind) for h in t.holders)
    assert kinds == [
        (str(FA), "caution"),
        (str(FA), "dose"),
        (str(FA), "recommendation"),
        (str(FB), "dose"),
        (str(FB), "recommendation"),
    ]


def test_trace_back_says_when_a_marker_does_not_resolve(fx):
    st4 = trace_back(fx, URIRef(str(FA) + "/st-4"))
    (statement,) = st4.statements
    (citation,) = statement.citations
    assert citation.label == "9" and not citation.resolved and citation.flagged_unresolved


def test_trace_forward_shared_reference_reaches_both_articles(fx):
    t = trace_forward(fx, REF["fx-alpha-handbook"])
    assert [(e["article"], e["position"]) for e in t.entries] == [(str(FA), 1), (str(FB), 1)]
    # A: st-1 and st-2 (marker 1) and st-5 (also marker 1); B: st-1
    assert sorted((s.article, s.item_path) for s in t.statements) == [
        (str(FA), "1"),
        (str(FA), "2"),
        (str(FA), "5"),
        (str(FB), "1"),
    ]
    feeds = {(p["condition"], p["stage"]) for h in t.holders for p in h.feeds}
    assert ("fixture disease", "first line") in feeds


def test_impact_withdrawing_one_of_two_references_leaves_the_other(fx):
    im = impact(fx, REF["fx-alpha-handbook"])
    kept = {i.iri: [o["work"] for o in i.other_support] for i in im.keeps_other_support}
    left = {i.iri for i in im.left_without_support}
    # A's rec-alpha and dose-alpha rest on st-1, which also cites Beta (entry 2)
    assert kept[str(FA) + "/rec-alpha"] == [str(REF["fx-beta-trial"])]
    assert kept[str(FA) + "/dose-alpha"] == [str(REF["fx-beta-trial"])]
    # the caution (st-2 cites only marker 1) and B's alpha guidance (st-1 cites only entry 1) lose all support
    assert {str(FA) + "/caution-alpha", str(FB) + "/rec-alpha", str(FB) + "/dose-alpha"} <= left
    assert not left & set(kept)


def test_resolve_thing_by_name_and_by_curie(fx):
    assert resolve_thing(fx, "fixdrug alpha") == (THER["fx-drug-a"], "therapy")
    assert resolve_thing(fx, "art:fx-a/rec-alpha") == (URIRef(str(FA) + "/rec-alpha"), "recommendation")
    assert resolve_reference(fx, "Alpha Handbook") == REF["fx-alpha-handbook"]


def test_cli_trace_json_is_parseable_and_grouped(fx_path, monkeypatch):
    monkeypatch.setenv("KG_STORE", str(fx_path))
    result = CliRunner().invoke(main, ["trace", "fixdrug alpha", "--format", "json", "--sources", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["subject"] == str(THER["fx-drug-a"])
    assert sorted((s["article"], s["locator"]) for s in doc["statements"]) == [
        (str(FA), "Part one › 1"),
        (str(FA), "Part one › 2"),
        (str(FB), "Only part › 1"),
    ]
    # the fixture has no article files: every statement says so instead of showing text
    assert {s["source"]["status"] for s in doc["statements"]} == {"file-not-found"}


def test_cli_impact_json(fx_path, monkeypatch):
    monkeypatch.setenv("KG_STORE", str(fx_path))
    result = CliRunner().invoke(main, ["trace", "--reference", "ref:fx-alpha-handbook", "--impact", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert str(FA) + "/rec-alpha" in {i["iri"] for i in doc["keeps_other_support"]}
    assert str(FA) + "/caution-alpha" in {i["iri"] for i in doc["left_without_support"]}


def test_cli_trace_unknown_name_is_one_line_error(fx_path, monkeypatch):
    monkeypatch.setenv("KG_STORE", str(fx_path))
    result = CliRunner().invoke(main, ["trace", "fixdrug alpah"])
    assert result.exit_code == 2
    assert "fixdrug alpha" in result.output and "Traceback" not in result.output


# ---------------------------------------------------------------- the real graph


def test_real_droracle_overview_is_shared_by_both_articles(store):
    t = trace_forward(store, REF["droracle-2025-guideline-directed-topic-overview"])
    assert {(e["article"], e["position"]) for e in t.entries} == {(str(JUVENILE), 1), (str(ADULT), 2)}
    assert {s.article for s in t.statements} == {str(JUVENILE), str(ADULT)}


def test_real_adult_marker_6_is_dangling(store):
    t = trace_back(store, ART["ssc-myositis-overlap-adult/st-9-2.3"])
    (statement,) = t.statements
    assert [(c.label, c.resolved) for c in statement.citations] == [("6", False)]


def test_real_sources_verify_statement_text_by_checksum(store, seeds_dir):
    t = trace_back(store, THER["ivig"], sources_dir=seeds_dir)
    assert t.statements
    for st in t.statements:
        assert st.source["status"] == "verified", st.locator
        assert text_checksum(st.source["text"]) == st.text_sha256


def test_real_sources_detect_drift_in_a_modified_copy(store, seeds_dir, tmp_path):
    for f in seeds_dir.glob("*.txt"):
        shutil.copy(f, tmp_path / f.name)
    t0 = trace_back(store, ART["ssc-myositis-overlap-adult/rec-ivig"], sources_dir=tmp_path)
    target = next(s for s in t0.statements if s.item_path == "2.2")
    path = tmp_path / target.source_file
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    line = target.source["line"] - 1
    lines[line] = lines[line].replace("2", "3", 1)  # one digit of the dose changed
    path.write_text("".join(lines), encoding="utf-8")
    t1 = trace_back(store, ART["ssc-myositis-overlap-adult/rec-ivig"], sources_dir=tmp_path)
    statuses = {s.item_path: s.source["status"] for s in t1.statements}
    assert statuses["2.2"] == "drift"
    assert statuses["2.1"] == "verified"
    assert read_article(path.read_text(encoding="utf-8"))  # still a readable article


def test_real_cli_trace_text_groups_by_article(cli_env):
    result = CliRunner().invoke(main, ["trace", "IVIG"])
    assert result.exit_code == 0, result.output
    assert "== Initial Treatment for Scleroderma-Myositis Overlap" in result.output
    assert "== Treatment of overlap UCTD with scleroderma and JDM" in result.output
    assert "Educational use only" in result.output
