"""Edges of `kg paths` a clinician reaches that the scenario files cannot express: absurd measurements
refused with a clear error (never a dose), the CLI's JSON equal to the library's path, and the text view
agreeing with the JSON on every status, reason, computed amount, missing measurement and warning.

Expectations come from the two seed articles (/work/shared/seeds) and docs/path-semantics.md.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg import EDUCATIONAL_NOTICE
from kg.errors import InputError
from kg.questions.dose_text import range_text
from kg.questions.paths import Patient, check_patient, treatment_path
from kg.read.names import NameIndex
from kg.render.render_path import plain
from kg.render.result_json import document
from kg_cli.main import main

OVERLAP = "scleroderma-myositis overlap"

ABSURD = [
    ({"weight_kg": -70}, "weight"),
    ({"weight_kg": 0}, "weight"),
    ({"weight_kg": 500}, "weight"),
    ({"weight_kg": float("nan")}, "weight"),
    ({"weight_kg": float("inf")}, "weight"),
    ({"height_cm": 30}, "height"),
    ({"height_cm": -165}, "height"),
    ({"height_cm": 400}, "height"),
    ({"height_cm": float("nan")}, "height"),
    ({"age": -1}, "age"),
    ({"age": 150}, "age"),
    ({"age": float("nan")}, "age"),
]


@pytest.mark.parametrize(("given", "measure"), ABSURD, ids=[f"{next(iter(g))}={next(iter(g.values()))}"
                                                           for g, _ in ABSURD])
def test_absurd_measurement_is_an_input_error_naming_the_measure(given, measure):
    with pytest.raises(InputError) as e:
        check_patient(Patient(**given))
    assert measure in str(e.value)


@pytest.mark.parametrize(("args", "measure"), [
    (["--weight", "-70"], "weight"),
    (["--weight", "500"], "weight"),
    (["--height", "30"], "height"),
    (["--age", "-3"], "age"),
    (["--weight", "nan"], "weight"),
])
def test_cli_refuses_absurd_measurement_with_exit_2_and_no_dose(cli_env, args, measure):
    r = CliRunner().invoke(main, ["paths", OVERLAP, "--age", "40", *args, "--format", "json"])
    assert r.exit_code == 2, r.output
    assert measure in r.output
    assert "for this patient" not in r.output and '"computed"' not in r.output


def test_treatment_path_itself_refuses_absurd_values_not_only_the_cli(store):
    # a caller of the library (notebook, HTTP) must get the same refusal as the CLI user
    with pytest.raises(InputError):
        treatment_path(store, NameIndex(store), OVERLAP, Patient(age=40, weight_kg=-70, height_cm=170))
    with pytest.raises(InputError):
        treatment_path(store, NameIndex(store), OVERLAP, Patient(age=40, weight_kg=70, height_cm=30))


PATIENTS = [
    {"age": 45, "sex": "female", "weight_kg": 70, "height_cm": 165, "has": ["pregnancy planning", "diabetes"]},
    {"age": 39, "sex": "male", "weight_kg": 150, "height_cm": 182, "has": ["severe weakness"],
     "response": "inadequate"},
    {"age": 12, "weight_kg": 30, "has": ["refractory disease", "calcinosis"], "avoid": ["infliximab"]},
    {"has": ["dysphagia"], "avoid": ["methotrexate"]},
    {"age": 60, "has": ["glaucoma"]},
]


@pytest.mark.parametrize("patient", PATIENTS, ids=[str(i) for i in range(len(PATIENTS))])
def test_text_agrees_with_json_on_every_step_dose_and_warning(store, patient):
    typed = treatment_path(store, NameIndex(store), OVERLAP, Patient(**patient))
    text = plain(typed)
    path = document(typed)
    assert text.splitlines()[0] == EDUCATIONAL_NOTICE == path["notice"]
    for w in path["warnings"]:
        assert w in text, w
    marks = {"applies": "APPLIES", "option": "OPTION", "not-applicable": "NOT APPLICABLE"}
    for s in path["steps"]:
        if s["population_match"] is False:
            continue  # listed in one line under "other populations"
        head = f"{s['therapy']['label']} — {s['strength']}  [{marks[s['status']]}"
        assert head in text, head
        assert f"why: {s['reason']}" in text
        for d in s["doses"]:
            c = d["computed"]
            if c:
                assert f"for this patient: {range_text(c['min'], c['max'])} {c['unit']}" in text
                assert c["formula"] in text
                for w in c["warnings"]:
                    assert w in text, w
            elif d["missing"]:
                assert "not computed: " + ", ".join(d["missing"]) in text
    for u in path["unmatched"]:
        assert u["input"]["given_as"] in text


def test_cli_json_is_the_library_path_and_text_carries_the_notice(cli_env, store):
    args = [OVERLAP, "--age", "30", "--sex", "female", "--weight", "70", "--height", "165",
            "--has", "pregnancy planning", "--has", "ILD"]
    rj = CliRunner().invoke(main, ["paths", *args, "--format", "json"])
    assert rj.exit_code == 0, rj.output
    got = json.loads(rj.stdout)
    want = document(treatment_path(store, NameIndex(store), OVERLAP,
                                   Patient(age=30, sex="female", weight_kg=70, height_cm=165,
                                           has=["pregnancy planning", "ILD"])))
    assert got["notice"] == EDUCATIONAL_NOTICE
    assert [(s["id"], s["status"], s["preferred"]) for s in got["steps"]] == \
        [(s["id"], s["status"], s["preferred"]) for s in want["steps"]]
    rt = CliRunner().invoke(main, ["paths", *args])
    assert rt.exit_code == 0, rt.output
    assert rt.stdout.splitlines()[0] == EDUCATIONAL_NOTICE
    assert "APPLIES, PREFERRED" in rt.stdout


def test_unknown_feature_is_an_error_with_close_names(cli_env):
    r = CliRunner().invoke(main, ["paths", OVERLAP, "--age", "40", "--has", "pregnancy plannig"])
    assert r.exit_code == 2
    assert "pregnancy planning" in r.output


def test_a_close_match_code_is_not_taken_for_the_drug(store):
    # mycophenolate mofetil is only skos:closeMatch atc:L04AA06 (that code is mycophenolic acid):
    # a close match is another concept, so the code must not silently resolve to MMF
    from kg.errors import UnknownName

    with pytest.raises(UnknownName):
        NameIndex(store).resolve("atc:L04AA06", "therapy")
    assert str(NameIndex(store).resolve("rxnorm:6851", "therapy")).endswith("methotrexate")
