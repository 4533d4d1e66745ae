"""Defects found by a clinical-scenario review of `kg paths` and `kg compare` (one test each, at its mechanism).

Each expectation was written by reading the articles (/work/shared/seeds; quoted in comments) and
graph/articles before the tool was run; every test here failed before its fix.
"""

from __future__ import annotations

import jsonschema
import pytest

from kg.questions.paths import Patient, path_schema, treatment_path
from kg.read.names import NameIndex
from kg.render.render_path import plain
from kg.render.result_json import document

OVERLAP = "scleroderma-myositis overlap"
VALIDATOR = jsonschema.Draft202012Validator(path_schema())
ADULT = "ssc-myositis-overlap-adult/"
CHILD = "juvenile-uctd-scleroderma-jdm-overlap/"
ADULT_WOMAN = {"age": 30, "sex": "female", "weight_kg": 70, "height_cm": 165}


@pytest.fixture(scope="module")
def run(store):
    names = NameIndex(store)

    def _run(condition=OVERLAP, text=None, **patient):
        path = treatment_path(store, names, condition, Patient(**patient))
        if text is not None:
            text.append(plain(path))
        doc = document(path)
        VALIDATOR.validate(doc)
        return doc

    return _run


def step(path: dict, rec: str) -> dict:
    return next(s for s in path["steps"] if s["id"].endswith(rec))


# ------------------------------------------------------------------ continuation reasons


def test_a_continuation_that_applies_says_what_it_continues_not_that_it_applies_to_every_patient(run):
    # "Can remain on MMF indefinitely as long as disease control is maintained": the maintenance step
    # follows a mycophenolate step. At baseline it does not apply, so its reason can never be "applies to
    # every patient of this population"; with an inadequate response (MMF escalation applies) it must say
    # that it continues the escalation step.
    path = run(**ADULT_WOMAN, response="inadequate")
    mmf = step(path, ADULT + "rec-mycophenolate-maintenance")
    assert mmf["status"] == "applies"
    assert "every patient" not in mmf["reason"]
    assert "continues mycophenolate mofetil (escalation)" in mmf["reason"]
    # the prednisone taper continues prednisone, which applies to every adult
    taper = step(path, ADULT + "rec-prednisone-taper")
    assert "every patient" not in taper["reason"] and "continues prednisone (first line)" in taper["reason"]


def test_a_continuation_of_an_option_is_only_an_option_and_does_not_also_claim_to_apply_to_everyone(run):
    # pregnancy planning: azathioprine displaces methotrexate, so "continue methotrexate 12 months"
    # is only an option; the reason must not contradict itself.
    path = run(**ADULT_WOMAN, has=["pregnancy planning"])
    cont = step(path, ADULT + "rec-methotrexate-continue")
    assert cont["status"] == "option"
    assert "every patient" not in cont["reason"]
    assert "continues methotrexate (first line), which is only an option" in cont["reason"]


# ------------------------------------------------------------------ "stands in for it"


def test_an_avoided_step_never_names_an_avoided_alternative_as_standing_in_for_it(run):
    # --avoid steroids (the glucocorticoid class): prednisone is out, and so is its only alternative,
    # pulse IV methylprednisolone. The article offers nothing else in prednisone's place.
    path = run(**ADULT_WOMAN, avoid=["steroids"])
    pred = step(path, ADULT + "rec-prednisone")
    assert pred["status"] == "not-applicable"
    assert step(path, ADULT + "rec-methylprednisolone-pulse")["status"] == "not-applicable"
    assert "stands in for it: methylprednisolone" not in pred["reason"]
    assert "methylprednisolone (alternative) is ruled out too" in pred["reason"]


def test_a_combination_avoided_for_one_component_is_not_said_to_be_replaced_by_an_alternative_to_another(run):
    # Child, inadequate response, IVIG and MMF avoided: the MTX + ciclosporin + IVIG combination is out
    # because of IVIG. Mycophenolate stands in for methotrexate (not for IVIG), and is itself avoided.
    path = run(age=10, response="inadequate", avoid=["IVIG", "MMF"])
    combo = step(path, CHILD + "rec-combination")
    assert combo["status"] == "not-applicable"
    assert "stands in for it" not in combo["reason"]


def test_an_avoided_drug_lists_only_the_alternatives_that_stand_in_for_this_patient(run):
    # Child avoiding methotrexate: mycophenolate (escalation) stands in for it ("Effective for
    # MTX-refractory or MTX-intolerant patients") and applies, so it is named.
    path = run(age=12, weight_kg=40, height_cm=150, avoid=["methotrexate"])
    mtx = step(path, CHILD + "rec-methotrexate")
    assert "stands in for it: mycophenolate mofetil (escalation)" in mtx["reason"]


def test_a_step_ruled_out_by_population_names_no_alternative_of_the_other_population(run):
    # A 45-year-old avoiding methotrexate: the juvenile MTX step is out because it is for children; the
    # juvenile mycophenolate that stands in for MTX in children is no option for this adult.
    path = run(age=45, sex="female", weight_kg=70, height_cm=165, avoid=["methotrexate"])
    child_mtx = step(path, CHILD + "rec-methotrexate")
    assert child_mtx["reason"] == "for children; the patient is 45 years old"
