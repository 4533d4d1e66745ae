"""kg compare: equal doses written two ways compare equal; differences are classified and cited."""

from __future__ import annotations

import json

from click.testing import CliRunner

from kg.compare import DIFFERENT_BASIS, EXPLAINED, SAME, compare
from kg.namespaces import COND, THER
from kg_cli.main import main


def rows_for(result, label):
    (tc,) = [t for t in result.therapies if t.label == label]
    return tc.rows


def test_one_gram_once_daily_equals_1000_mg_per_day(fx):
    (row,) = rows_for(compare(fx), "fixdrug alpha")
    assert row.classification == SAME
    a, b = (s.dose for s in row.sides)
    # A: 1 g per dose x 1000 = 1000 mg, x 1 dose a day = 1000 mg/day; B: 1000 mg per day
    assert (a["low_mg"], a["period_days"]) == (1000.0, 1.0)
    assert (b["low_mg"], b["period_days"]) == (1000.0, 1.0)
    assert any("× 1000" in step for step in a["formula"])
    # written differently, so the equality is stated with its note
    (dose_diff,) = [d for d in row.differences if d["field"] == "dose"]
    assert dose_diff["equal"] is True


def test_different_dose_explained_by_population(fx):
    (row,) = rows_for(compare(fx), "fixdrug beta")
    # A: 70 mg/kg per week / 7 = 10 mg/kg per day; B: 20 mg/kg per day; populations differ
    assert row.classification == EXPLAINED and row.underlying == "different dose"
    assert any("per day: 10 mg vs 20 mg" in (d.get("note") or "") for d in row.differences)
    assert any(r.startswith("population") for r in row.explained_by)


def test_different_basis_same_population(fx):
    (row,) = rows_for(compare(fx), "fixdrug gamma")
    assert row.classification == DIFFERENT_BASIS
    assert all(side.citations for side in row.sides)  # both sides cite their statements


def test_condition_filter_includes_narrower_conditions(fx):
    result = compare(fx, COND["fx-disease"], "condition")
    assert {t.label for t in result.therapies} == {"fixdrug alpha", "fixdrug beta", "fixdrug gamma"}
    result = compare(fx, THER["fx-drug-a"], "therapy")
    assert [t.label for t in result.therapies] == ["fixdrug alpha"]


def test_cli_compare_json_and_text(fx_path, monkeypatch):
    monkeypatch.setenv("KG_STORE", str(fx_path))
    result = CliRunner().invoke(main, ["compare", "fixdrug alpha", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    (therapy,) = doc["therapies"]
    assert therapy["rows"][0]["classification"] == "same"
    sides = therapy["rows"][0]["sides"]
    assert [c["locator"] for s in sides for c in s["citations"]] == ["Part one › 1", "Only part › 1"]
    text = CliRunner().invoke(main, ["compare"])
    assert text.exit_code == 0 and "== fixdrug beta" in text.output and "Educational use only" in text.output


def test_real_methotrexate_same_in_both_articles(store):
    rows = rows_for(compare(store, THER["methotrexate"], "therapy"), "methotrexate")
    first_line = [r for r in rows if {s.stage for s in r.sides} == {"first line"}]
    (row,) = first_line
    assert row.classification == SAME
    assert {s.population for s in row.sides} == {"adults", "children"}


def test_real_ivig_differs_in_basis(store):
    (row,) = rows_for(compare(store, THER["ivig"], "therapy"), "intravenous immunoglobulin")
    assert row.underlying == DIFFERENT_BASIS
