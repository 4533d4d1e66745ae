"""`kg paths` computes a dose that is not a mass, and a rate, for a patient as it does a mass: the curated
prednisone dose (0.5-1 mg/kg/day) rewritten in a copy of the graph as an insulin-like rate, 0.05-0.1 unit per kg
per hour, gives 3.5-7 unit/hour for 70 kg (0.05 x 70 = 3.5; 0.1 x 70 = 7), with its formula and source; the same
dose as 10 mL per kg per dose gives 700 mL/dose. Expected numbers are worked by hand from the dose as written."""

from __future__ import annotations

import shutil
from pathlib import Path

import jsonschema
import pytest

from kg.config import GRAPH_DIR
from kg.publish.build import build
from kg.questions.paths import Patient, path_schema, treatment_path
from kg.read.names import NameIndex
from kg.render.result_json import document
from kg.store.oxigraph import OxigraphStore

ANCHOR = ("kgv:amountMin 0.5 ; kgv:amountMax 1.0 ; kgv:amountUnit unit:MilliGM ; kgv:basis kgv:BasisBodyWeight ; "
          "kgv:per kgv:PerDay ;")
ADULT = "articles/ssc-myositis-overlap-adult.ttl"


def path_with(tmp_path: Path, replacement: str) -> dict:
    graph = tmp_path / "graph"
    shutil.copytree(GRAPH_DIR, graph)
    article = graph / ADULT
    text = article.read_text(encoding="utf-8")
    assert ANCHOR in text, "fixture anchor: the curated prednisone dose"
    article.write_text(text.replace(ANCHOR, replacement, 1), encoding="utf-8")
    report = build(graph, tmp_path / "store")
    assert not [f for f in report.findings if f.level == "error"]
    store = OxigraphStore.open_read_only(tmp_path / "store")
    path = document(treatment_path(store, NameIndex(store), "scleroderma-myositis overlap",
                                   Patient(age=45, sex="female", weight_kg=70, height_cm=165)))
    jsonschema.Draft202012Validator(path_schema()).validate(path)
    return next(s for s in path["steps"] if s["id"].endswith("ssc-myositis-overlap-adult/rec-prednisone"))


@pytest.mark.parametrize(("replacement", "expected"), [
    ("kgv:amountMin 0.05 ; kgv:amountMax 0.1 ; kgv:amountUnit kgv:ArbitraryUnit ; kgv:basis kgv:BasisBodyWeight ; "
     "kgv:per kgv:PerHour ;", (3.5, 7.0, "unit", "hour", "0.05–0.1 unit per kg × 70 kg = 3.5–7 unit/hour")),
    ("kgv:amountMin 10 ; kgv:amountMax 10 ; kgv:amountUnit unit:MilliL ; kgv:basis kgv:BasisBodyWeight ; "
     "kgv:per kgv:PerDose ;", (700.0, 700.0, "mL", "dose", "10 mL per kg × 70 kg = 700 mL/dose")),
])
def test_a_dose_in_units_per_hour_or_ml_is_computed_for_the_patient_with_formula_and_source(tmp_path, replacement,
                                                                                             expected):
    step = path_with(tmp_path, replacement)
    computed = step["computed"]
    lo, hi, unit, per, formula = expected
    assert (computed["min"], computed["max"], computed["unit"], computed["per"]) == (lo, hi, unit, per)
    assert formula in computed["formula"]
    assert step["source"]["statements"], "every computed dose keeps the statement it comes from"
