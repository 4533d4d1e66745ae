"""Typed, frozen results for trace, impact, compare and check, whose JSON is written by one function
(kg.render.result_json.to_json) and follows the JSON Schemas in kg/schemas/. The golden files (tests/golden) show the
bytes did not change when the commands moved onto it; these tests show every document of the real graph, the
evidence fixture (with its known defects) and the mini guideline validates, that the schemas can fail, and that
no command writes its own JSON."""

from __future__ import annotations

import ast
import dataclasses
import json
from pathlib import Path

import jsonschema
import pytest
from rdflib import URIRef

from kg import EDUCATIONAL_NOTICE
from kg.questions.compare import Comparison, compare
from kg.questions.evidence import Impact, Trace, impact, resolve_reference, resolve_thing, trace_back, trace_forward
from kg.questions.integrity import CheckReport, check_report
from kg.questions.path_model import Step, StepDose, TreatmentPath
from kg.questions.paths import Patient, treatment_path
from kg.read.names import NameIndex
from kg.render.result_json import document, schema_for, to_data, to_json
from kg.store.oxigraph import OxigraphStore

CLI = Path(__file__).resolve().parent.parent / "cli"


def _valid(result) -> dict:
    doc = document(result)
    jsonschema.Draft202012Validator(schema_for(type(result))).validate(doc)
    return doc


def _results(store, thing: str, reference: str) -> list:
    iri, kind = resolve_thing(store, thing)
    ref = resolve_reference(store, reference)
    return [trace_back(store, iri, kind), trace_forward(store, ref), impact(store, ref), compare(store),
            check_report(store), check_report(store, "error")]


def test_every_result_of_the_real_graph_follows_its_schema(store) -> None:
    for result in _results(store, "methotrexate", "ref:imaj-2011-scleroderma-overlap-syndrome"):
        _valid(result)


def test_every_result_of_the_defective_fixture_follows_its_schema(fx) -> None:
    # unresolved and flagged markers, a dangling citation, duplicate works: the optional shapes of the schema
    from kg.vocab.namespaces import THER

    for result in _results(fx, str(THER["fx-drug-a"]), "ref:fx-alpha-handbook"):
        _valid(result)


def test_mini_guideline_results_follow_their_schemas(mini_path) -> None:
    mini = OxigraphStore.open_read_only(mini_path)
    trace = trace_back(mini, URIRef("https://w3id.org/guideline-kg/id/article/mini-adult/dose-weight"), "dose")
    doc = _valid(trace)
    assert doc["notice"] == EDUCATIONAL_NOTICE and doc["direction"] == "back"
    assert all(st["locator"] == f"{st['heading']} › {st['item_path']}" for st in doc["statements"])
    _valid(compare(mini))
    _valid(check_report(mini))


def test_the_schemas_refuse_a_document_that_lost_or_grew_a_field(store) -> None:
    report = check_report(store)
    doc = document(report)
    validator = jsonschema.Draft202012Validator(schema_for(CheckReport))
    assert not list(validator.iter_errors(doc))
    assert list(validator.iter_errors({"findings": doc["findings"]})), "summary is required"
    assert list(validator.iter_errors({**doc, "extra": 1})), "no field outside the schema"
    trace_doc = document(trace_back(store, *resolve_thing(store, "methotrexate")))
    del trace_doc["statements"][0]["locator"]
    assert list(jsonschema.Draft202012Validator(schema_for(Trace)).iter_errors(trace_doc))


def test_results_are_frozen(store) -> None:
    for result in _results(store, "methotrexate", "ref:imaj-2011-scleroderma-overlap-syndrome"):
        field = dataclasses.fields(result)[0].name
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(result, field, None)


def test_a_comparison_keeps_its_doses_typed_and_writes_them_as_objects(store) -> None:
    result = compare(store)
    sides = [s for t in result.therapies for r in t.rows for s in r.sides if s.dose is not None]
    assert sides and all(dataclasses.is_dataclass(s.dose) for s in sides)
    written = to_data(result)["therapies"][0]["rows"][0]["sides"][0]
    assert written["dose"] is None or isinstance(written["dose"], dict)


def test_documents_lead_with_the_notice_where_the_command_prints_it(store) -> None:
    results = _results(store, "methotrexate", "ref:imaj-2011-scleroderma-overlap-syndrome")
    for result in results:
        doc = json.loads(to_json(result))
        has_notice = isinstance(result, (Trace, Impact, Comparison))
        assert ("notice" in doc) == has_notice, type(result).__name__
    check_doc = to_json(check_report(store))
    assert list(json.loads(check_doc)) == ["summary", "findings"], "check keeps its key order"


def test_an_object_that_is_no_result_has_no_document() -> None:
    with pytest.raises(TypeError):
        to_json({"not": "a result"})


@pytest.mark.parametrize("command", ["trace_cmd.py", "compare_cmd.py", "check_cmd.py", "paths_cmd.py"])
def test_no_command_writes_its_own_json(command: str) -> None:
    tree = ast.parse((CLI / command).read_text(encoding="utf-8"))
    dumps = [n for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr in ("dumps", "dump")
             and isinstance(n.value, ast.Name) and n.value.id == "json"]
    assert not dumps, f"cli/{command} writes JSON itself; use kg.render.result_json.to_json"
    calls = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    assert "write_result" in calls, f"cli/{command} writes its result through kg.render.WRITERS (write_result)"


@pytest.mark.parametrize("result_type", ["Trace", "Impact", "Comparison", "CheckReport", "TreatmentPath"])
def test_the_registry_writes_json_of_every_typed_result_with_to_json(result_type: str) -> None:
    from kg.render import WRITERS

    key = next(k for k in WRITERS if k[0].endswith(f":{result_type}") and k[1] == "json")
    assert WRITERS[key] == "kg.render.result_json:to_json"


# A patient per shape of the path: adult with measures (computed doses, IBW), a child with an inadequate
# response (range positions, curator flags on a dose), no age (both populations, numbered on their own).
_PATIENTS = {
    "adult": ("scleroderma-myositis overlap", Patient(age=30, sex="female", weight_kg=70, height_cm=165,
                                                      has=["pregnancy planning"])),
    "child": ("scleroderma-myositis overlap", Patient(age=10, weight_kg=30, height_cm=135, response="inadequate")),
    "no-age": ("scleroderma-myositis overlap", Patient()),
}


@pytest.mark.parametrize("who", sorted(_PATIENTS))
def test_a_treatment_path_is_typed_and_frozen_and_its_document_follows_the_path_schema(store, who: str) -> None:
    condition, patient = _PATIENTS[who]
    path = treatment_path(store, NameIndex(store), condition, patient)
    assert isinstance(path, TreatmentPath) and path.steps
    assert all(isinstance(s, Step) for s in path.steps)
    assert all(isinstance(d, StepDose) for s in path.steps for d in s.doses)
    with pytest.raises(dataclasses.FrozenInstanceError):
        path.steps[0].reason = "changed"  # type: ignore[misc]
    doc = _valid(path)
    assert list(doc)[:3] == ["notice", "walk", "condition"], "the notice leads; keys in field order"
    assert json.loads(to_json(path)) == doc


def test_keys_only_some_path_items_carry_stay_absent_where_they_were(store) -> None:
    # A resolved citation has no `flagged`; a step's caution has no `population`/`conditions` (the path's own
    # cautions do); a step's monitoring item says how it is linked, the path's list does not.
    condition, patient = _PATIENTS["adult"]
    doc = document(treatment_path(store, NameIndex(store), condition, patient))
    cites = [c for s in doc["steps"] for c in s["citations"]]
    assert cites and all(("flagged" in c) == (not c["resolved"]) for c in cites)
    step_cautions = [c for s in doc["steps"] for c in s["cautions"]]
    assert step_cautions and all("population" not in c and "conditions" not in c for c in step_cautions)
    assert all("population" in c and "conditions" in c for c in doc["cautions"])
    step_monitoring = [m for s in doc["steps"] for m in s["monitoring"]]
    assert step_monitoring and all("linked_by" in m for m in step_monitoring)
    assert all("linked_by" not in m for m in doc["monitoring"])
    durations = [s["duration"] for s in doc["steps"] if s["duration"]]
    assert all("from" in d and "from_" not in d for d in durations)
