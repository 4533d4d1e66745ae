"""Patient bands in treatment paths: a dose the graph gives for a weight, age or renal-function band
(kgv:forBand -> kgv:PatientBand) is offered only to a patient in the band.

Before this, `kg paths` walked past kgv:forBand: a patient of 70 kg was shown the dose an article gives for
"body weight under 40 kg", a child of 3 years the dose for "12 years and over", and a patient with a creatinine
clearance of 20 mL/min only the usual dose, without a word. The expectations below are read from what each band
says ("under 40 kg" leaves 40 kg out, "40 kg and over" takes it in, "CrCl 10-25 mL/min" takes in both ends), not
from the program's output. The invented article is ours; `kg import` drafts it and `kg build` loads it, so the
bands are exactly the ones the importer writes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import warnings
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.config import GRAPH_DIR
from kg.errors import InputError
from kg.questions.bands import Band, band_status, check_band
from kg.questions.path_model import Ref, TreatmentPath
from kg.questions.paths import Patient, treatment_path, typed_patient
from kg.read.names import NameIndex
from kg.render.render_path import plain
from kg.render.result_json import document, schema_for
from kg.store.oxigraph import OxigraphStore
from kg.vocab.namespaces import KGV

KG = str(Path(sys.executable).with_name("kg"))

WEIGHT = Ref(str(KGV.BodyWeight), "body weight")
AGE = Ref(str(KGV.Age), "age")
CRCL = Ref(str(KGV.CreatinineClearance), "creatinine clearance")
EGFR = Ref(str(KGV.EstimatedGFR), "estimated glomerular filtration rate")
GFR = Ref(str(KGV.GlomerularFiltrationRate), "glomerular filtration rate")


def _band(measure: Ref, low=None, low_in=None, high=None, high_in=None, unit: str | None = "kg") -> Band:
    return Band("urn:band", measure, None if low is None else Decimal(str(low)), low_in,
                None if high is None else Decimal(str(high)), high_in, unit)


def _given(**values) -> dict:
    return {"weight_kg": None, "age": None, "crcl": None, "egfr": None, **values}


# ---------------------------------------------------------------- the band check, one band at a time


def test_a_patient_of_70_kg_is_outside_a_band_for_under_40_kg_and_the_reason_says_why():
    check = check_band(_band(WEIGHT, high=40, high_in=False), _given(weight_kg=70.0))
    assert check.status == "outside"
    assert "under 40 kg" in check.reason and "70 kg" in check.reason


def test_exactly_on_an_exclusive_bound_is_outside_and_on_an_inclusive_bound_is_inside():
    # 'under 40 kg' leaves a patient of 40 kg out; '40 kg and over' takes them in
    assert check_band(_band(WEIGHT, high=40, high_in=False), _given(weight_kg=40.0)).status == "outside"
    assert check_band(_band(WEIGHT, low=40, low_in=True), _given(weight_kg=40.0)).status == "in"
    # 'over 40 kg' leaves 40 kg out; 'up to 27 kg' takes 27 kg in
    assert check_band(_band(WEIGHT, low=40, low_in=False), _given(weight_kg=40.0)).status == "outside"
    assert check_band(_band(WEIGHT, high=27, high_in=True), _given(weight_kg=27.0)).status == "in"


def test_a_child_of_3_years_is_outside_a_band_for_12_years_and_over():
    check = check_band(_band(AGE, low=12, low_in=True, unit="years"), _given(age=3.0))
    assert check.status == "outside" and "3 years" in check.reason


def test_an_age_band_printed_in_months_is_compared_in_months():
    under_6_months = _band(AGE, high=6, high_in=False, unit="months")
    assert check_band(under_6_months, _given(age=0.25)).status == "in"  # 3 months
    half_year = check_band(under_6_months, _given(age=0.5))  # 6 months: not under 6 months
    assert half_year.status == "outside" and "6 months" in half_year.reason
    assert check_band(under_6_months, _given(age=2.0)).status == "outside"


def test_a_renal_band_includes_both_ends_of_a_printed_range():
    band = _band(CRCL, low=10, low_in=True, high=25, high_in=True, unit="mL/min")
    assert [check_band(band, _given(crcl=v)).status for v in (9.9, 10.0, 20.0, 25.0, 25.1)] == [
        "outside", "in", "in", "in", "outside"]


def test_a_band_whose_measure_was_not_given_is_not_evaluated_and_names_the_measure_and_option():
    check = check_band(_band(WEIGHT, high=40, high_in=False), _given(age=30.0))
    assert check.status == "not-evaluated"
    assert check.reason == "band not evaluated: needs body weight (--weight)"


def test_an_egfr_band_is_never_read_from_a_creatinine_clearance_nor_the_other_way():
    egfr_band = _band(EGFR, high=30, high_in=False, unit="mL/min/1.73 m2")
    check = check_band(egfr_band, _given(crcl=20.0))
    assert check.status == "not-evaluated"
    assert "--egfr" in check.reason and "--crcl" in check.reason and "different measure" in check.reason
    crcl_band = _band(CRCL, high=30, high_in=False, unit="mL/min")
    assert check_band(crcl_band, _given(egfr=20.0)).status == "not-evaluated"
    assert check_band(egfr_band, _given(egfr=20.0)).status == "in"


def test_a_gfr_band_that_does_not_say_measured_or_estimated_is_not_evaluated_from_an_egfr():
    check = check_band(_band(GFR, high=30, high_in=False, unit="mL/min/1.73 m2"), _given(egfr=20.0))
    assert check.status == "not-evaluated" and "not converted" in check.reason


def test_a_band_printed_with_no_unit_is_not_evaluated_and_is_left_for_the_curator():
    check = check_band(_band(EGFR, high=45, high_in=False, unit=None), _given(egfr=20.0))
    assert check.status == "not-evaluated" and "no unit" in check.reason and "curator" in check.reason


def test_an_egfr_band_printed_in_plain_ml_per_min_is_not_compared_with_an_egfr_per_1_73_m2():
    check = check_band(_band(EGFR, high=30, high_in=False, unit="mL/min"), _given(egfr=20.0))
    assert check.status == "not-evaluated" and "not converted" in check.reason


def test_a_dose_with_several_bands_is_outside_if_any_band_excludes_the_patient():
    inside = check_band(_band(AGE, low=12, low_in=True, unit="years"), _given(age=14.0, weight_kg=30.0))
    outside = check_band(_band(WEIGHT, low=40, low_in=True), _given(age=14.0, weight_kg=30.0))
    unknown = check_band(_band(CRCL, high=30, high_in=False, unit="mL/min"), _given(age=14.0))
    assert band_status((inside, outside, unknown)) == "outside"
    assert band_status((inside, unknown)) == "not-evaluated"
    assert band_status((inside,)) == "in"
    assert band_status(()) is None


# ---------------------------------------------------------------- properties around each bound

_BOUND = st.decimals(min_value=1, max_value=300, places=1, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(low=st.none() | _BOUND, low_in=st.booleans(), width=st.decimals(min_value=0, max_value=100, places=1),
       high_given=st.booleans(), high_in=st.booleans(),
       offset=st.sampled_from([Decimal("-0.1"), Decimal("-0.001"), Decimal(0), Decimal("0.001"), Decimal("0.1")]),
       at_high=st.booleans(), measure=st.sampled_from([("weight_kg", WEIGHT, "kg"), ("crcl", CRCL, "mL/min"),
                                                      ("egfr", EGFR, "mL/min/1.73 m2"), ("age", AGE, "years")]))
def test_around_each_bound_a_patient_is_in_the_band_exactly_when_every_bound_holds(
        low, low_in, width, high_given, high_in, offset, at_high, measure):
    high = (low or Decimal(0)) + width if high_given or low is None else None
    if low is None and high is not None and high == 0:
        high = Decimal(1)
    attr, ref, unit = measure
    band = _band(ref, low, low_in if low is not None else None, high, high_in if high is not None else None, unit)
    anchor = high if (at_high and high is not None) or low is None else low
    value = anchor + offset
    if value < 0:
        return
    check = check_band(band, _given(**{attr: float(value)}))
    holds = ((low is None or value > low or (value == low and low_in))
             and (high is None or value < high or (value == high and high_in)))
    assert check.status == ("in" if holds else "outside"), check.reason
    assert check.reason.startswith("in the band" if holds else "outside the band")


@settings(max_examples=100, deadline=None)
@given(months=st.integers(min_value=1, max_value=60), inclusive=st.booleans(),
       offset=st.sampled_from([-1, 0, 1]))
def test_an_age_in_whole_years_meets_a_month_bound_exactly_where_the_months_are_equal(months, inclusive, offset):
    years = (months + offset) // 12
    if (months + offset) % 12 or years < 0:
        return  # only ages a patient types as whole years
    band = _band(AGE, high=months, high_in=inclusive, unit="months")
    check = check_band(band, _given(age=float(years)))
    in_months = years * 12
    assert check.status == ("in" if in_months < months or (in_months == months and inclusive) else "outside")


@settings(max_examples=60, deadline=None)
@given(text=st.sampled_from(["40", "40.0", "39.999", "0", "400", "12.5"]), kind=st.sampled_from(["crcl", "egfr"]))
def test_typed_renal_function_is_read_as_the_plain_number_given(text, kind):
    patient = typed_patient(**{kind: text})
    assert getattr(patient, kind) == float(text)


@pytest.mark.parametrize("text", ["-5", "20 mL/min", "1e3", "401", "nan", ""])
def test_typed_renal_function_out_of_range_or_not_a_number_is_refused(text):
    with pytest.raises(InputError):
        typed_patient(crcl=text)


# ---------------------------------------------------------------- a real store built from an imported draft

ARTICLE = """# Septic arthritis: antibiotic doses

*Invented test guidance for the kg project; not clinical advice.*

## Empirical treatment

Flucloxacillin is the first-line treatment for septic arthritis [1].

- **Body weight under 40 kg:** flucloxacillin 50 mg/kg IV every 6 hours [1].
- **Body weight 40 kg and over:** flucloxacillin 2 g IV every 6 hours [1].

Clindamycin is an alternative in penicillin allergy [1].

- **Children under 12 years:** clindamycin 10 mg/kg orally every 8 hours [1].
- **12 years and over:** clindamycin 450 mg orally every 6 hours [1].

## Pain

Ibuprofen is used for pain [1].

- **Body weight 10-20 kg:** ibuprofen 100 mg orally every 8 hours [1].
- **Body weight 20-30 kg:** ibuprofen 200 mg orally every 8 hours [1].

## Renal impairment

- CrCl 10-25 mL/min: flucloxacillin 1 g IV every 8 hours [1].
- eGFR under 30 mL/min/1.73 m2: clindamycin 300 mg orally every 8 hours [1].

## References

1. Invented A, Author B. Antibiotic dosing in joint infection. J Invented Med. 2020;1:1-2.
"""
CONDITION = "Septic arthritis: antibiotic doses"


@pytest.fixture(scope="module")
def banded_store(tmp_path_factory, store_path: Path) -> Path:
    tmp = tmp_path_factory.mktemp("bands")
    article = tmp / "septic-arthritis.md"
    article.write_text(ARTICLE, encoding="utf-8")
    graph = tmp / "graph"
    shutil.copytree(GRAPH_DIR, graph)
    # the import reads names from the session's built store (a fresh clone has no .kg/store; never the user's)
    proc = subprocess.run([KG, "import", str(article), "--out", str(graph / "articles")], capture_output=True,
                          text=True, env={**os.environ, "KG_STORE": str(store_path)})
    assert proc.returncode == 0, proc.stderr
    proc = subprocess.run([KG, "build", "--store", str(tmp / "store"), "--graph-dir", str(graph), "-q"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return tmp / "store"


def _path(store_dir: Path, **patient) -> TreatmentPath:
    store = OxigraphStore.open_read_only(store_dir)
    return treatment_path(store, NameIndex(store), CONDITION, Patient(**patient))


def _doses(path: TreatmentPath, therapy: str) -> dict[str, object]:
    """The step's doses by their amount as written (first words), e.g. '2 g per dose'."""
    step = next(s for s in path.steps if s.therapy.label.lower() == therapy)
    return {d.as_written.split(",")[0]: d for d in step.doses}


def test_a_70_kg_patient_is_not_offered_the_under_40_kg_dose_of_a_built_store(banded_store):
    path = _path(banded_store, age=45.0, weight_kg=70.0)
    doses = _doses(path, "flucloxacillin")
    small = doses["50 mg per kg body weight per dose"]
    assert small.offered is False and small.computed is None
    assert "under 40 kg" in small.computed_note and "70 kg" in small.computed_note
    assert doses["2 g per dose"].offered is True and doses["2 g per dose"].band_status == "in"
    step = next(s for s in path.steps if s.therapy.label.lower() == "flucloxacillin")
    assert step.dose is doses["2 g per dose"]  # the step's dose is one offered to the patient


def test_a_child_of_3_years_is_not_offered_the_dose_for_12_years_and_over(banded_store):
    doses = _doses(_path(banded_store, age=3.0, weight_kg=14.0), "clindamycin")
    assert doses["450 mg per dose"].offered is False
    assert "12" in doses["450 mg per dose"].bands[0].reason and "3 years" in doses["450 mg per dose"].bands[0].reason
    assert doses["10 mg per kg body weight per dose"].band_status == "in"


def test_without_a_weight_the_weight_bands_are_not_evaluated_and_neither_dose_is_chosen_silently(banded_store):
    path = _path(banded_store, age=45.0)
    doses = _doses(path, "flucloxacillin")
    for said in ("50 mg per kg body weight per dose", "2 g per dose"):
        assert doses[said].band_status == "not-evaluated" and doses[said].offered is True
        assert doses[said].bands[0].reason == "band not evaluated: needs body weight (--weight)"
    assert any("needs body weight (--weight)" in w for w in path.warnings)


def test_a_patient_with_crcl_20_is_told_the_article_gives_a_dose_for_their_band(banded_store):
    path = _path(banded_store, age=70.0, weight_kg=80.0, crcl=20.0)
    doses = _doses(path, "flucloxacillin")
    assert doses["1 g per dose"].band_status == "in" and doses["1 g per dose"].offered is True
    told = [w for w in path.warnings if w.startswith("Flucloxacillin") and "clinical judgement" in w]
    assert told and "creatinine clearance at least 10 and up to 25 mL/min" in told[0]


def test_a_patient_with_crcl_30_is_not_offered_the_dose_for_crcl_10_to_25(banded_store):
    doses = _doses(_path(banded_store, age=70.0, weight_kg=80.0, crcl=30.0), "flucloxacillin")
    assert doses["1 g per dose"].offered is False and "30 mL/min" in doses["1 g per dose"].computed_note


def test_an_egfr_is_not_taken_for_the_crcl_band_and_the_path_says_they_differ(banded_store):
    path = _path(banded_store, age=70.0, weight_kg=80.0, egfr=20.0)
    fluclox = _doses(path, "flucloxacillin")["1 g per dose"]
    assert fluclox.band_status == "not-evaluated" and "different measure" in fluclox.bands[0].reason
    clinda = _doses(path, "clindamycin")["300 mg per dose"]
    assert clinda.band_status == "in"


def test_json_and_text_of_a_banded_path_say_the_same_and_the_json_follows_the_schema(banded_store):
    path = _path(banded_store, age=45.0, weight_kg=70.0, crcl=20.0)
    doc = document(path)
    jsonschema.Draft202012Validator(schema_for(TreatmentPath)).validate(doc)
    assert doc["patient"]["crcl_ml_min"] == 20 and "egfr_ml_min_173m2" not in doc["patient"]
    text = plain(path)
    step = next(s for s in doc["steps"] if s["therapy"]["label"].lower() == "flucloxacillin")
    not_offered = [d for d in step["doses"] if d.get("offered") is False]
    assert not_offered
    for d in not_offered:
        assert d["bands"][0]["reason"] in text
    assert "NOT OFFERED for this patient" in text
    assert "Educational use only" in text or "educational" in doc["notice"].lower()


def test_the_cli_takes_crcl_and_egfr_and_the_json_carries_each_band(banded_store):
    proc = subprocess.run([KG, "paths", CONDITION, "--store", str(banded_store), "--age", "70", "--weight", "80",
                           "--crcl", "20", "--egfr", "25", "--format", "json"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["patient"]["crcl_ml_min"] == 20 and doc["patient"]["egfr_ml_min_173m2"] == 25
    statuses = {d["as_written"].split(",")[0]: d["band_status"] for s in doc["steps"] for d in s["doses"]}
    assert statuses["1 g per dose"] == "in" and statuses["300 mg per dose"] == "in"
    assert statuses["450 mg per dose"] == "in" and statuses["10 mg per kg body weight per dose"] == "outside"
    bad = subprocess.run([KG, "paths", CONDITION, "--store", str(banded_store), "--crcl", "20 mL/min"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "crcl" in bad.stderr and "Traceback" not in bad.stderr


def test_the_explorer_path_page_uses_the_same_band_checks(banded_store):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from kg.explorer import ExplorerConfig, create_explorer

    store = OxigraphStore.open_read_only(banded_store)
    client = TestClient(create_explorer(store, ExplorerConfig(queries_dir=GRAPH_DIR / "queries")))
    page = client.get("/", params={"condition": CONDITION, "age": "45", "weight": "70", "crcl": "30"})
    assert page.status_code == 200
    library = _path(banded_store, age=45.0, weight_kg=70.0, crcl=30.0)
    for step in library.steps:
        for d in step.doses:
            for b in d.bands or ():
                assert b.reason.replace("'", "&#39;") in page.text
    assert "Not offered" in page.text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(weight=st.none() | st.sampled_from([39.999, 40.0, 40.001]) | st.floats(min_value=0.2, max_value=350),
       age=st.none() | st.sampled_from([11.999, 12.0, 3.0]) | st.floats(min_value=0, max_value=120),
       crcl=st.none() | st.sampled_from([9.999, 10.0, 25.0, 25.001]) | st.floats(min_value=0, max_value=400))
def test_on_a_built_store_a_dose_is_withheld_exactly_when_one_of_its_bands_excludes_the_patient(
        banded_store, weight, age, crcl):
    tidy = {k: None if v is None else round(v, 3)
            for k, v in {"weight_kg": weight, "age": age, "crcl": crcl}.items()}
    path = _path(banded_store, **tidy)
    for step in path.steps:
        for d in step.doses:
            statuses = [b.status for b in d.bands or ()]
            assert (d.offered is False) == ("outside" in statuses)
            if d.offered is False:
                assert d.computed is None
                # (a step for another population says that first; its bands still say why the dose is withheld)
                assert d.computed_note.startswith("not offered") or step.population_match is False
            for b in d.bands or ():
                # a measure the patient did not give is never used to choose
                given = {"body weight": tidy["weight_kg"], "age": tidy["age"], "creatinine clearance": tidy["crcl"]}
                if given.get(b.measure.label) is None:
                    assert b.status == "not-evaluated" and b.reason.startswith("band not evaluated: needs")
        offered = [d for d in step.doses if d.offered is not False]
        if offered and step.dose is not None:
            assert step.dose.offered is not False


def test_a_patient_on_the_shared_end_of_two_printed_weight_bands_is_offered_both_and_told_they_overlap(banded_store):
    # '10-20 kg' and '20-30 kg' both take in 20 kg: both doses hold, and the path must not pick one silently
    path = _path(banded_store, age=45.0, weight_kg=20.0)
    doses = _doses(path, "ibuprofen")
    assert doses["100 mg per dose"].band_status == "in" and doses["200 mg per dose"].band_status == "in"
    told = [w for w in path.warnings if w.startswith("Ibuprofen") and "overlap" in w]
    assert told and "clinical judgement" in told[0]
    one = _path(banded_store, age=45.0, weight_kg=25.0)
    assert _doses(one, "ibuprofen")["100 mg per dose"].offered is False
    assert not [w for w in one.warnings if w.startswith("Ibuprofen")]
