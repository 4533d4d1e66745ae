"""Treatment paths on the real curated graph: applicability, doses for a patient, hierarchy and walks.

Every expected number is computed by hand in the test from the dose as written in graph/articles.
"""

from __future__ import annotations

import math

import jsonschema
import pytest

from kg.errors import InputError, UnknownName
from kg.questions.paths import Patient, path_schema, treatment_path
from kg.read.names import NameIndex
from kg.render.result_json import document

OVERLAP = "scleroderma-myositis overlap"
VALIDATOR = jsonschema.Draft202012Validator(path_schema())
ADULT = "https://w3id.org/guideline-kg/id/article/ssc-myositis-overlap-adult/"
JUVENILE = "https://w3id.org/guideline-kg/id/article/juvenile-uctd-scleroderma-jdm-overlap/"


@pytest.fixture(scope="module")
def names(store) -> NameIndex:
    return NameIndex(store)


@pytest.fixture(scope="module")
def run(store, names):
    def _run(condition=OVERLAP, walk="networkx", **patient):
        path = document(treatment_path(store, names, condition, Patient(**patient), walk=walk))
        VALIDATOR.validate(path)
        return path

    return _run


def step(path: dict, rec: str) -> dict:
    return next(s for s in path["steps"] if s["id"].endswith(rec))


def test_adult_female_70_kg_165_cm_gets_bsa_and_weight_doses(run):
    path = run(age=45, sex="female", weight_kg=70, height_cm=165)
    bsa = math.sqrt(165 * 70 / 3600)  # = 1.791182 m²
    assert path["patient"]["derived"]["bsa_m2"]["value"] == 1.79
    assert [p["label"] for p in path["patient"]["population"]] == ["adults"]
    mtx = step(path, "ssc-myositis-overlap-adult/rec-methotrexate")
    # 15-20 mg/m²/week * 1.791182 = 26.8677-35.8236 -> 26.9-35.8 mg/week, below the 40 mg/week maximum
    assert (mtx["computed"]["min"], mtx["computed"]["max"]) == (round(15 * bsa, 1), round(20 * bsa, 1)) == (26.9, 35.8)
    assert mtx["computed"]["capped"] is False and mtx["dose"]["max_dose"] == {"amount": 40, "unit": "mg", "per": "week"}
    assert mtx["applies"] is True and mtx["stage"]["label"] == "first line"
    pred = step(path, "ssc-myositis-overlap-adult/rec-prednisone")
    # 0.5-1 mg/kg/day * 70 kg = 35-70 mg/day, no maximum stated
    assert (pred["computed"]["min"], pred["computed"]["max"], pred["computed"]["per"]) == (35.0, 70.0, "day")
    assert pred["computed"]["maximum"] == "no maximum stated"
    assert pred["source"]["article"] == ADULT.rstrip("/") and pred["source"]["population"]["label"] == "adults"
    # stages come in the graph's order: first line (1) ... taper/maintenance (6)
    adult = [s for s in path["steps"] if s["population_match"]]
    positions = [s["stage"]["position"] for s in adult]
    assert positions == sorted(positions) and positions[0] == 1 and positions[-1] == 6
    # children's guidance is reached through the hierarchy but is not for this patient
    child = [s for s in path["steps"] if s["population_match"] is False]
    assert child and all(not s["applies"] and "children" in s["reason"] for s in child)


def test_child_reaches_juvenile_article_through_broader_condition(run):
    path = run(age=10, sex="male", weight_kg=30, height_cm=135)
    applies = [s for s in path["steps"] if s["applies"]]
    assert applies and all(s["source"]["article"] == JUVENILE.rstrip("/") for s in applies)
    assert [p["label"] for p in path["patient"]["population"]] == ["children"]
    mtx = step(path, "juvenile-uctd-scleroderma-jdm-overlap/rec-methotrexate")
    bsa = math.sqrt(135 * 30 / 3600)  # = sqrt(1.125) = 1.060660 m²
    # 15-20 mg/m²/week * 1.060660 = 15.9099-21.2132 -> 15.9-21.2
    assert (mtx["computed"]["min"], mtx["computed"]["max"]) == (round(15 * bsa, 1), round(20 * bsa, 1)) == (15.9, 21.2)
    pulse = step(path, "juvenile-uctd-scleroderma-jdm-overlap/rec-methylprednisolone-pulse")
    # 15-30 mg/kg/day * 30 kg = 450-900 mg/day
    assert (pulse["computed"]["min"], pulse["computed"]["max"]) == (450.0, 900.0)
    ivig = step(path, "juvenile-uctd-scleroderma-jdm-overlap/rec-ivig")
    # the juvenile IVIG dose is per kg of actual weight: 2 g/kg * 30 kg = 60 g per course
    assert ivig["computed"]["max"] == 60.0 and ivig["applies"] is False
    # Devine below 5 ft is an extrapolation and the path says so
    assert any("152.4 cm" in w for w in path["warnings"])


def test_methotrexate_capped_at_40_mg_per_week_for_large_bsa(run):
    # 198 cm, 88 kg: BSA = sqrt(198 * 88 / 3600) = sqrt(4.84) = 2.2 m²; 15-20 * 2.2 = 33-44 mg/week > 40
    path = run(age=50, sex="male", weight_kg=88, height_cm=198)
    mtx = step(path, "ssc-myositis-overlap-adult/rec-methotrexate")["computed"]
    assert (mtx["min"], mtx["max"], mtx["capped"]) == (33.0, 40.0, True)
    assert mtx["max_exact"] == pytest.approx(44.0)
    assert mtx["cap"] == "capped at 40 mg/week"


def test_azathioprine_and_ivig_use_devine_ideal_body_weight(run):
    path = run(age=45, sex="female", weight_kg=90, height_cm=165)
    ibw = 45.5 + 2.3 * (165 / 2.54 - 60)  # = 56.9094 kg, not the actual 90 kg
    aza = step(path, "ssc-myositis-overlap-adult/rec-azathioprine")["computed"]
    assert aza["max"] == round(2 * ibw, 1) == 113.8
    assert "Devine" in aza["formula"]
    ivig = step(path, "ssc-myositis-overlap-adult/rec-ivig")["computed"]
    # 1-2 g/kg IBW per course = 56.91-113.82 g
    assert (ivig["min"], ivig["max"], ivig["per"]) == (round(ibw, 2), round(2 * ibw, 2), "course")


def test_ideal_body_weight_dose_needs_sex_and_height(run):
    path = run(age=45, weight_kg=70, height_cm=165)
    aza = step(path, "ssc-myositis-overlap-adult/rec-azathioprine")["dose"]
    assert aza["computed"] is None and aza["missing"] == ["sex needed"]


def test_missing_height_shows_bsa_dose_as_written(run):
    path = run(age=45, weight_kg=70)
    mtx = step(path, "ssc-myositis-overlap-adult/rec-methotrexate")
    assert mtx["computed"] is None and mtx["dose"]["missing"] == ["height needed"]
    assert mtx["dose"]["as_written"].startswith("15–20 mg per m² body surface area per week")
    assert step(path, "ssc-myositis-overlap-adult/rec-prednisone")["computed"]["max"] == 70.0  # 1 mg/kg * 70 kg


def test_diabetes_moves_prednisone_to_lower_end_with_its_statement(run):
    path = run(age=45, sex="female", weight_kg=70, height_cm=165, has=["diabetes"])
    pos = step(path, "ssc-myositis-overlap-adult/rec-prednisone")["dose"]["range_position"]
    assert [p["position"] for p in pos] == ["lower end"]
    # lower end of 0.5-1 mg/kg/day is 0.5 mg/kg; * 70 kg = 35 mg/day
    assert pos[0]["amount"] == 0.5 and pos[0]["computed"] == 35.0
    assert [f["label"] for f in pos[0]["because"]] == ["diabetes"]
    assert pos[0]["statements"][0]["locator"].endswith("item 1.3")
    without = run(age=45, sex="female", weight_kg=70, height_cm=165)
    assert step(without, "ssc-myositis-overlap-adult/rec-prednisone")["dose"]["range_position"] == []


def test_both_ends_selected_are_both_shown_with_a_warning(run):
    path = run(age=45, weight_kg=70, has=["diabetes", "high relapse risk", "low adverse-event risk"])
    pos = step(path, "ssc-myositis-overlap-adult/rec-prednisone")["dose"]["range_position"]
    # lower end 0.5 * 70 = 35, upper end 1 * 70 = 70
    assert sorted((p["position"], p["computed"]) for p in pos) == [("lower end", 35.0), ("upper end", 70.0)]
    assert any("both ends" in w for w in path["warnings"])


def test_avoiding_methotrexate_brings_in_its_alternatives(run):
    path = run(age=45, sex="female", weight_kg=70, height_cm=165, avoid=["methotrexate"])
    mtx = step(path, "ssc-myositis-overlap-adult/rec-methotrexate")
    assert mtx["applies"] is False and mtx["reason"].startswith("avoided")
    assert {a["therapy"] for a in mtx["alternatives"]} == {"azathioprine", "mycophenolate mofetil"}
    for rec in ("rec-azathioprine", "rec-mycophenolate-alternative", "rec-mycophenolate-escalation"):
        s = step(path, "ssc-myositis-overlap-adult/" + rec)
        assert s["applies"] is True and "methotrexate, which is avoided" in s["reason"]
    folic = step(path, "ssc-myositis-overlap-adult/rec-folic-acid")
    assert folic["applies"] is False and "adjunct to methotrexate" in folic["reason"]
    # the same alternatives without --avoid do not apply
    plain = run(age=45, sex="female", weight_kg=70, height_cm=165)
    assert step(plain, "ssc-myositis-overlap-adult/rec-azathioprine")["applies"] is False
    # the escalation mycophenolate takes its dose from the alternative and says so
    esc = step(path, "ssc-myositis-overlap-adult/rec-mycophenolate-escalation")
    assert esc["dose_from"]["recommendation"].endswith("rec-mycophenolate-alternative")
    # 500-1000 mg/m² * 1.791182 = 895.6-1791.2 mg
    bsa_dose = next(d for d in esc["doses"] if d["basis"] == "per m² body surface area")
    assert (bsa_dose["computed"]["min"], bsa_dose["computed"]["max"]) == (895.6, 1791.2)


def test_avoiding_a_drug_class_rules_out_its_members(run):
    path = run(age=45, avoid=["glucocorticoids"])
    for rec in ("rec-prednisone", "rec-methylprednisolone-pulse", "rec-prednisone-taper"):
        assert step(path, "ssc-myositis-overlap-adult/" + rec)["applies"] is False


def test_inadequate_response_selects_escalation(run):
    path = run(age=45, sex="female", weight_kg=70, height_cm=165, response="inadequate")
    mmf = step(path, "ssc-myositis-overlap-adult/rec-mycophenolate-escalation")
    assert mmf["applies"] is True and "inadequate response" in mmf["reason"]
    ivig = step(path, "ssc-myositis-overlap-adult/rec-ivig")
    assert ivig["applies"] is False and "needs one of" in ivig["reason"]
    rtx = step(path, "ssc-myositis-overlap-adult/rec-rituximab")
    assert rtx["applies"] is False  # refractory disease is narrower than inadequate response
    with_weakness = run(age=45, sex="female", weight_kg=70, height_cm=165, response="inadequate",
                        has=["severe weakness"])
    ivig = step(with_weakness, "ssc-myositis-overlap-adult/rec-ivig")
    assert ivig["applies"] is True
    assert [f["label"] for q in ivig["qualifiers"]["any"] for f in q["matched_by"]] == ["severe weakness"]
    before = run(age=45)
    assert "requires --response inadequate" in step(before, "ssc-myositis-overlap-adult/rec-ivig")["reason"]


def test_narrower_feature_satisfies_broader_qualifier_and_preference(run):
    path = run(age=45, has=["severe respiratory muscle weakness"], response="inadequate")
    mp = step(path, "ssc-myositis-overlap-adult/rec-methylprednisolone-severe")
    assert mp["applies"] is True and "respiratory muscle involvement" in mp["reason"]
    ivig = step(path, "ssc-myositis-overlap-adult/rec-ivig")
    assert [f["label"] for f in ivig["preferred_matches"]] == ["severe respiratory muscle weakness"]


def test_refractory_disease_satisfies_inadequate_response(run):
    path = run(age=45, has=["refractory disease"])
    assert step(path, "ssc-myositis-overlap-adult/rec-rituximab")["applies"] is True
    assert step(path, "ssc-myositis-overlap-adult/rec-mycophenolate-escalation")["applies"] is True


def test_cautions_monitoring_and_citations_on_glucocorticoid_step(run):
    path = run(age=45)
    pred = step(path, "ssc-myositis-overlap-adult/rec-prednisone")
    assert [c["risk"]["label"] for c in pred["cautions"]] == ["scleroderma renal crisis"]
    assert pred["cautions"][0]["monitoring"][0]["label"] == "blood pressure"
    assert [m["label"] for m in pred["monitoring"]] == ["blood pressure"]
    mtx = step(path, "ssc-myositis-overlap-adult/rec-methotrexate")
    assert mtx["cautions"] == []
    assert [c["text"] for c in mtx["citations"]] == [
        "[1] Treatment of Inflammatory Myopathy (2025)", "[2] Guideline Directed Topic Overview (2025)"]
    assert all(c["resolved"] for c in mtx["citations"])


def test_juvenile_condition_for_adult_says_so_and_shows_steps_as_not_applicable(run):
    path = run(condition="juvenile overlap syndrome", age=40)
    assert path["steps"] and not any(s["applies"] for s in path["steps"])
    assert any("only guidance" in w and "children" in w for w in path["warnings"])


def test_without_age_every_population_is_shown(run):
    path = run()
    assert any("Age not given" in w for w in path["warnings"])
    pops = {s["source"]["population"]["label"] for s in path["steps"]}
    assert pops == {"adults", "children"}
    assert all(s["population_match"] is None for s in path["steps"])


@pytest.mark.parametrize("patient", [
    {"age": 45, "sex": "female", "weight_kg": 70, "height_cm": 165},
    {"age": 45, "avoid": ["methotrexate"], "response": "inadequate", "has": ["severe weakness", "diabetes"]},
    {"age": 10, "weight_kg": 30, "height_cm": 135, "has": ["calcinosis"]},
    {"age": 30, "sex": "female", "height_cm": 165, "has": ["pregnancy planning"]},
    {"age": 12, "has": ["refractory disease"], "avoid": ["infliximab", "adalimumab"]},
    {},
])
def test_networkx_and_sparql_walks_select_the_same_steps(run, patient):
    a, b = run(walk="networkx", **patient), run(walk="sparql", **patient)
    fields = ("id", "applies", "status", "number", "preferred", "reason")
    assert [tuple(s[f] for f in fields) for s in a["steps"]] == [tuple(s[f] for f in fields) for s in b["steps"]]
    assert a["condition"]["reached"] == b["condition"]["reached"]
    assert [s["alternatives"] for s in a["steps"]] == [s["alternatives"] for s in b["steps"]]


@pytest.mark.parametrize("patient,message", [
    ({"weight_kg": 0}, "weight 0 kg"), ({"weight_kg": 351}, "weight 351 kg"),
    ({"height_cm": 39}, "height 39 cm"), ({"height_cm": 251}, "height 251 cm"),
    ({"age": -1}, "age -1 years"), ({"age": 121}, "age 121 years"),
])
def test_implausible_measurements_are_rejected(run, patient, message):
    with pytest.raises(InputError) as e:
        run(**patient)
    assert message in str(e.value) and "accepted" in str(e.value) and e.value.exit_code == 2


def test_unknown_feature_lists_closest_names(run):
    with pytest.raises(UnknownName) as e:
        run(has=["diabetis"])
    assert "diabetes" in e.value.candidates


def test_maintenance_step_applies_only_when_what_it_continues_applies(run):
    # Mycophenolate maintenance continues the alternative or the escalation mycophenolate (kgv:continues).
    plain = run(age=45)
    maintenance = step(plain, "ssc-myositis-overlap-adult/rec-mycophenolate-maintenance")
    assert maintenance["applies"] is False and maintenance["reason"].startswith("continues mycophenolate mofetil")
    escalated = run(age=45, response="inadequate")
    assert step(escalated, "ssc-myositis-overlap-adult/rec-mycophenolate-escalation")["applies"] is True
    assert step(escalated, "ssc-myositis-overlap-adult/rec-mycophenolate-maintenance")["applies"] is True
    # Continuing methotrexate follows methotrexate: avoided methotrexate leaves nothing to continue.
    avoided = run(age=45, avoid=["methotrexate"])
    cont = step(avoided, "ssc-myositis-overlap-adult/rec-methotrexate-continue")
    assert cont["applies"] is False
    assert step(plain, "ssc-myositis-overlap-adult/rec-methotrexate-continue")["applies"] is True
