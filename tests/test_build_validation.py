"""SHACL validation rejects broken curation with messages naming file, node, property and rule."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from data import ADULT_FILE

from kg.config import GRAPH_DIR
from kg.errors import BuildFailed
from kg.publish.build import compile_sources
from kg_cli.main import main


def broken_graph(tmp_path: Path, old: str, new: str) -> Path:
    target = tmp_path / "graph"
    shutil.copytree(GRAPH_DIR, target)
    path = target / ADULT_FILE
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture anchor not found: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def findings_for(tmp_path: Path, old: str, new: str) -> list:
    """The findings of compiling the broken sources: the same read, derive and SHACL steps `kg build` runs
    before it writes anything (writing is tested once, below, through the CLI)."""
    with pytest.raises(BuildFailed) as e:
        compile_sources(broken_graph(tmp_path, old, new))
    return e.value.findings


def test_dose_with_low_amount_above_high_amount_is_rejected(tmp_path):
    findings = findings_for(tmp_path, "kgv:amountMin 15 ; kgv:amountMax 20 ;", "kgv:amountMin 25 ; kgv:amountMax 20 ;")
    [f] = [f for f in findings if f.rule == "dose-min-le-max"]
    assert f.file == "graph/articles/ssc-myositis-overlap-adult.ttl"
    assert f.node.endswith("dose-methotrexate") and f.path == "kgv:amountMin"
    assert "must not exceed" in f.message


def test_dose_without_unit_is_rejected_naming_the_missing_property(tmp_path):
    findings = findings_for(
        tmp_path,
        "kgv:amountMin 1 ; kgv:amountMax 1 ; kgv:amountUnit unit:MilliGM ;",
        "kgv:amountMin 1 ; kgv:amountMax 1 ;",
    )
    [f] = [f for f in findings if f.rule == "dose-amount-structured"]
    assert f.node.endswith("dose-folic-acid") and "kgv:amountUnit" in f.message


def test_dose_with_neither_maximum_nor_no_maximum_stated_is_rejected(tmp_path):
    findings = findings_for(
        tmp_path,
        "kgv:route kgv:RouteNotStated ; kgv:noMaximumStated true ;\n    prov:wasDerivedFrom smo:st-5-1.3 .",
        "kgv:route kgv:RouteNotStated ;\n    prov:wasDerivedFrom smo:st-5-1.3 .",
    )
    assert any(f.rule == "dose-maximum-or-none-stated" and f.node.endswith("dose-folic-acid") for f in findings)


def test_recommendation_without_stage_is_rejected(tmp_path):
    findings = findings_for(
        tmp_path, "kgv:therapy th:folic-acid ; kgv:stage kgv:Adjunct ;", "kgv:therapy th:folic-acid ;"
    )
    assert any(
        f.rule == "recommendation-stage" and f.node.endswith("rec-folic-acid") and f.path == "kgv:stage"
        for f in findings
    )


def test_statement_without_locator_path_is_rejected(tmp_path):
    findings = findings_for(tmp_path, 'kgv:inSection smo:sec-5 ; kgv:itemPath "1.3" ;', "kgv:inSection smo:sec-5 ;")
    assert any(f.rule == "statement-locator-path" and f.node.endswith("st-5-1.3") for f in findings)


def test_dangling_marker_must_be_flagged(tmp_path):
    findings = findings_for(
        tmp_path, 'kgv:markerLabel "6" ;\n    kgv:flaggedUnresolved true .', 'kgv:markerLabel "6" .'
    )
    [f] = [f for f in findings if f.rule == "marker-resolves-or-flagged"]
    assert f.node.endswith("m-6") and "marker 6" in f.message


def test_turtle_syntax_error_names_the_file(tmp_path):
    findings = findings_for(
        tmp_path, "smo:rec-folic-acid a kgv:Recommendation ;", "smo:rec-folic-acid a kgv:Recommendation ;;; <<"
    )
    assert findings[0].kind == "syntax" and findings[0].file == "graph/articles/ssc-myositis-overlap-adult.ttl"


def test_failed_build_leaves_the_previous_store_intact_and_cli_exits_1(tmp_path, store_copy):
    store = store_copy
    before = (store / "current").resolve()
    graph = broken_graph(tmp_path, "kgv:therapy th:folic-acid ; kgv:stage kgv:Adjunct ;", "kgv:therapy th:folic-acid ;")
    result = CliRunner().invoke(main, ["build", "--graph-dir", str(graph), "--store", str(store), "-q"])
    assert result.exit_code == 1
    assert "rule recommendation-stage" in result.output and "Traceback" not in result.output
    assert (store / "current").resolve() == before
    assert sorted(p.name for p in store.iterdir() if p.name.startswith("build-") and p.is_dir()) == [before.name]
