"""Clinical scenarios (tests/scenarios/*.toml, one per file) run against the shipped graph.

Each scenario was written by reading the two seed articles (/work/shared/seeds) and graph/articles,
with the walk's rules in docs/path-semantics.md: the patient, the condition asked for, which steps
apply, are options or do not apply, which are preferred, the doses with their arithmetic written out
(`min_expr` / `max_expr` are evaluated here and must equal the computed amount after rounding) and
the warnings a clinician must see. The format is documented in tests/scenarios/README.md.
"""

from __future__ import annotations

import ast
import math
import operator
import tomllib
from pathlib import Path

import jsonschema
import pytest

from kg.questions.paths import Patient, path_schema, treatment_path
from kg.read.names import NameIndex
from kg.render.render_path import plain
from kg.render.result_json import document

SCENARIOS = sorted((Path(__file__).parent / "scenarios").glob("*.toml"))
VALIDATOR = jsonschema.Draft202012Validator(path_schema())
ARTICLES = {"adult": "ssc-myositis-overlap-adult/", "child": "juvenile-uctd-scleroderma-jdm-overlap/"}
STATUS = {"applies": "applies", "options": "option", "not_applicable": "not-applicable"}


def test_at_least_forty_scenarios_are_shipped():
    assert len(SCENARIOS) >= 40


_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def arithmetic(expr: str) -> float:
    """Evaluate the written-out arithmetic: numbers, + - * /, parentheses and sqrt() only."""

    def ev(node):
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return float(node.value)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -ev(node.operand)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "sqrt" and len(node.args) == 1:
            return math.sqrt(ev(node.args[0]))
        raise ValueError(f"not plain arithmetic: {ast.dump(node)}")

    return ev(ast.parse(expr, mode="eval"))


def _step(path: dict, key: str) -> dict:
    article, rec = key.split("/", 1)
    suffix = ARTICLES[article] + rec
    found = [s for s in path["steps"] if s["id"].endswith(suffix)]
    assert found, f"step {key} not in the path"
    return found[0]


@pytest.fixture(scope="module")
def names(store) -> NameIndex:
    return NameIndex(store)


@pytest.mark.parametrize("file", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario(file: Path, store, names):
    sc = tomllib.loads(file.read_text(encoding="utf-8"))
    assert sc.get("title") and sc.get("source"), "every scenario names what it checks and where that is written"
    p = sc.get("patient", {})
    patient = Patient(age=p.get("age"), sex=p.get("sex"), weight_kg=p.get("weight_kg"), height_cm=p.get("height_cm"),
                      has=p.get("has", []), avoid=p.get("avoid", []), response=p.get("response"))
    typed = treatment_path(store, names, sc["condition"], patient)
    path = document(typed)
    VALIDATOR.validate(path)
    text = plain(typed)
    assert text.splitlines()[0] == path["notice"] and "Educational use only" in path["notice"]
    ex = sc["expect"]
    for field, status in STATUS.items():
        for key in ex.get(field, []):
            s = _step(path, key)
            assert s["status"] == status, f"{key}: expected {status}, got {s['status']} ({s['reason']})"
    if "preferred" in ex:
        got = sorted(s["id"] for s in path["steps"] if s["preferred"])
        want = sorted(_step(path, k)["id"] for k in ex["preferred"])
        assert got == want
    for key in ex.get("displaced", []):
        assert _step(path, key)["displaced_by"], f"{key} should be displaced"
    if "population" in ex:
        assert [x["label"] for x in path["patient"]["population"]] == ex["population"]
    if "step_count" in ex:
        assert len(path["steps"]) == ex["step_count"]
    for label in ex.get("see_also", []):
        assert label in [w["label"] for w in path["condition"]["see_also"]]
    if "unmatched" in ex:
        assert sorted(u["input"]["given_as"] for u in path["unmatched"]) == sorted(ex["unmatched"])
    for needle in ex.get("warnings_contain", []):
        assert any(needle in w for w in path["warnings"]), f"no warning contains {needle!r}: {path['warnings']}"
    for needle in ex.get("warnings_absent", []):
        assert not any(needle in w for w in path["warnings"]), f"a warning contains {needle!r}"
    for key, words in ex.get("reason_contains", {}).items():
        assert words in _step(path, key)["reason"], _step(path, key)["reason"]
    for needle in ex.get("text_contains", []):
        assert needle in text, needle
    tests = {t["label"]: t["applies"] for t in path["diagnostic_tests"]}
    for label in ex.get("tests_apply", []):
        assert tests.get(label) is True, f"test {label!r}: {tests}"
    for label in ex.get("tests_not_apply", []):
        assert tests.get(label) is False, f"test {label!r}: {tests}"
    for d in ex.get("doses", []):
        _check_dose(path, d)
    # numbering: only steps that apply are numbered, 1..n within each population
    for pop in path["populations"]:
        numbers = [s["number"] for s in path["steps"] if s["id"] in pop["steps"] and s["number"] is not None]
        assert numbers == list(range(1, len(numbers) + 1))


def _check_dose(path: dict, d: dict) -> None:
    assert d.get("arithmetic"), f"{d['step']}: every expected dose writes out its arithmetic"
    step = _step(path, d["step"])
    doses = step["doses"]
    dose = doses[d.get("index", 0)]
    c = dose["computed"]
    if d.get("computed", True) is False:
        assert c is None, f"{d['step']}: expected no computed dose, got {c}"
        for m in d.get("missing", []):
            assert f"{m} needed" in dose["missing"], dose["missing"]
        if "note" in d:
            assert d["note"] in (dose["computed_note"] or "")
        return
    assert c is not None, f"{d['step']}: not computed ({dose['missing']}, {dose['computed_note']})"
    places = d.get("places", 1)
    if "min_expr" in d:
        assert c["min"] == round(arithmetic(d["min_expr"]), places), (d["arithmetic"], c["formula"])
    if "max_expr" in d:
        assert c["max"] == round(arithmetic(d["max_expr"]), places), (d["arithmetic"], c["formula"])
    for key in ("unit", "per", "capped", "uncapped"):
        if key in d:
            assert c[key] == d[key], f"{d['step']} {key}: {c[key]!r}"
    for g in d.get("gaps_contain", []):
        assert any(g in x for x in c["gaps"]), c["gaps"]
    if "maximum" in d:
        assert c["maximum"] == d["maximum"]
    if c["uncapped"]:
        assert any("not checked against any maximum" in w for w in c["warnings"])
    if "range_position" in d:
        assert [r["position"] for r in dose["range_position"]] == d["range_position"]
