"""One typed dose model (kg.questions.dose.Dose), read once from a dose's properties, that every dose view derives from:
the wording (dose_text.DoseFacts), the arithmetic (dosing.Schedule), the comparison (compare.RecordedDose), the
paths JSON and the FHIR export. On the mini guideline (tests/fixtures/mini, invented): one dose per basis and
amounts in mg, g and ug; the expected values are the fixture's Turtle (mini-adult.ttl, mini-child.ttl)."""

from __future__ import annotations

import dataclasses
import json

import pytest
from data import run
from rdflib import URIRef

from kg.questions.compare import RecordedDose, normal_dose
from kg.questions.dose import Dose, DoseNames
from kg.questions.dose_text import DoseFacts, kgv_properties
from kg.questions.dosing import Schedule
from kg.questions.evidence import NodeView, read_dose
from kg.render.exports.facts import GraphFacts
from kg.store.oxigraph import OxigraphStore
from kg.vocab.namespaces import KGV

ADULT = "https://w3id.org/guideline-kg/id/article/mini-adult/"
CHILD = "https://w3id.org/guideline-kg/id/article/mini-child/"

# dose -> (amount min, max, UCUM code, basis, period, maximum, its UCUM code, its period), from the Turtle.
FIXTURE = {
    ADULT + "dose-bsa": (10, 20, "mg", KGV.BasisBodySurfaceArea, KGV.PerWeek, 30, "mg", KGV.PerWeek),
    ADULT + "dose-weight": (2, 2, "mg", KGV.BasisBodyWeight, KGV.PerDay, 150000, "ug", KGV.PerDay),
    ADULT + "dose-ideal": (1, 1, "g", KGV.BasisIdealBodyWeight, KGV.PerCourse, None, None, None),
    ADULT + "dose-flat": (500, 500, "ug", KGV.BasisFlat, KGV.PerDay, None, None, None),
    CHILD + "dose-bsa": (0.015, 0.015, "g", KGV.BasisBodySurfaceArea, KGV.PerWeek, None, None, None),
}


@pytest.fixture(scope="module")
def mini(mini_path) -> OxigraphStore:
    return OxigraphStore.open_read_only(mini_path)


@pytest.mark.parametrize("dose", sorted(FIXTURE), ids=lambda d: d.rsplit("/", 2)[-2] + "/" + d.rsplit("/", 1)[-1])
def test_a_dose_is_read_into_one_typed_model_with_its_units_ucum_codes(mini: OxigraphStore, dose: str) -> None:
    low, high, code, basis, per, max_amount, max_code, max_per = FIXTURE[dose]
    d = read_dose(NodeView(mini), URIRef(dose), codes=True)
    assert (d.amount_min, d.amount_max, d.unit_code) == (low, high, code)
    assert (d.basis.iri, d.per.iri) == (str(basis), str(per))
    assert d.flat == (basis == KGV.BasisFlat)
    assert d.max_amount == max_amount and d.max_unit_code == max_code
    assert (d.max_per.iri if d.max_per else None) == (str(max_per) if max_per else None)
    assert d.no_maximum_stated == (max_amount is None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.amount_max = 0  # type: ignore[misc]


@pytest.mark.parametrize("dose", sorted(FIXTURE), ids=lambda d: d.rsplit("/", 1)[-1])
def test_the_store_reader_and_the_export_reader_build_the_same_dose(mini: OxigraphStore, dose: str) -> None:
    assert read_dose(NodeView(mini), URIRef(dose), codes=True) == GraphFacts.read(mini).dose(URIRef(dose))


def test_a_microgram_maximum_is_one_factor_for_paths_and_compare(mini: OxigraphStore) -> None:
    """150000 ug per day caps 2 mg/kg/day: 150 mg. Both the arithmetic and the comparison read the factor
    through kg.vocab.units (pint), where two tables used to disagree about ug."""
    d = read_dose(NodeView(mini), URIRef(ADULT + "dose-weight"), codes=True)
    assert d.max_factor() == pytest.approx(0.001)
    normal = normal_dose(RecordedDose.of(d))
    assert (normal.maximum_amount, normal.maximum_unit) == (pytest.approx(150.0), "mg")
    assert "(= 150 mg)" in normal.maximum
    schedule = Schedule.of(d)
    assert (schedule.max_amount, schedule.max_unit_code, schedule.unit_code) == (150000, "ug", "mg")


def test_grams_and_micrograms_are_compared_in_milligrams(mini: OxigraphStore) -> None:
    view = NodeView(mini)
    child = normal_dose(RecordedDose.of(read_dose(view, URIRef(CHILD + "dose-bsa"), codes=True)))
    flat = normal_dose(RecordedDose.of(read_dose(view, URIRef(ADULT + "dose-flat"), codes=True)))
    assert (child.low, child.high, child.unit) == (pytest.approx(15.0), pytest.approx(15.0), "mg")
    assert (flat.low, flat.high, flat.unit) == (pytest.approx(0.5), pytest.approx(0.5), "mg")


@pytest.mark.parametrize("dose", sorted(FIXTURE), ids=lambda d: d.rsplit("/", 1)[-1])
def test_wording_and_arithmetic_carry_the_models_numbers_and_labels(mini: OxigraphStore, dose: str) -> None:
    view = NodeView(mini)
    d = read_dose(view, URIRef(dose), codes=True)
    facts, schedule = DoseFacts.of(d), Schedule.of(d)
    assert (facts.amount_min, facts.amount_max) == (schedule.amount_min, schedule.amount_max) == (
        d.amount_min, d.amount_max)
    assert facts.unit == schedule.unit_label == view.label(URIRef(d.unit.iri))
    assert facts.basis == (None if d.flat else view.label(URIRef(d.basis.iri)))
    assert schedule.per == d.per.iri and schedule.per_label == facts.period == view.label(URIRef(d.per.iri))
    # the older entry point reads through the same model
    assert DoseFacts.from_properties(kgv_properties(view.props(URIRef(dose))), view.label) == facts


def test_a_dose_without_a_unit_code_reader_still_reads_its_numbers() -> None:
    d = Dose.from_properties("d", {"amountMin": ["1.5"], "amountMax": ["3"], "noMaximumStated": [True]},
                             DoseNames(str))
    assert (d.amount_min, d.amount_max, d.unit, d.unit_code, d.no_maximum_stated) == (1.5, 3.0, None, None, True)
    assert d.max_factor() == 1.0 and d.interval_days is None


def test_paths_json_shows_the_same_dose_as_the_model(mini_path, mini: OxigraphStore) -> None:
    result = run("paths", "mini disease", "--age", "40", "--sex", "male", "--weight", "100", "--height", "180",
                 "--format", "json", env={"KG_STORE": str(mini_path)})
    assert result.exit_code == 0, result.output
    doses = {dose["id"]: dose for s in json.loads(result.stdout)["steps"] for dose in s.get("doses") or []}
    view = NodeView(mini)
    seen = 0
    for iri in FIXTURE:
        if iri not in doses:
            continue
        seen += 1
        d, shown = read_dose(view, URIRef(iri), codes=True), doses[iri]
        assert (shown["min"], shown["max"]) == (d.amount_min, d.amount_max)
        assert (shown["unit"], shown["basis"], shown["per"]) == (d.unit.label, d.basis.label, d.per.label)
        assert shown["max_dose"] == (None if d.max_amount is None else
                                     {"amount": d.max_amount, "unit": d.max_unit.label, "per": d.max_per.label})
        assert shown["no_maximum_stated"] == d.no_maximum_stated
    assert seen == len(FIXTURE), "every mini dose is on the broader condition's path"


def test_a_maximum_that_scales_is_carried_to_the_wording_and_the_arithmetic() -> None:
    """kgv:maxBasis ("maximum 20 mg per kg body weight per day") reaches DoseFacts and Schedule from the model."""
    props = {"amountMax": ["10"], "amountUnit": ["u:mg"], "basis": [str(KGV.BasisBodyWeight)], "per": [str(KGV.PerDay)],
             "maxAmount": ["20"], "maxUnit": ["u:mg"], "maxPer": [str(KGV.PerDay)],
             "maxBasis": [str(KGV.BasisBodyWeight)]}
    names = DoseNames(lambda iri: str(iri).rsplit("#", 1)[-1].rsplit(":", 1)[-1], lambda unit: "mg")
    d = Dose.from_properties("d", props, names)
    assert d.max_basis_scaling == d.basis_scaling == str(KGV.BasisBodyWeight)
    assert DoseFacts.of(d).max_basis == "BasisBodyWeight"
    schedule = Schedule.of(d)
    assert (schedule.max_basis, schedule.basis, schedule.max_unit_code) == (str(KGV.BasisBodyWeight),) * 2 + ("mg",)
    flat = Dose.from_properties("d", {**props, "maxBasis": [str(KGV.BasisFlat)]}, names)
    assert flat.max_basis_scaling is None and Schedule.of(flat).max_basis is None and DoseFacts.of(flat).max_basis is None


# ---------------------------------------------------------------- no module models a dose of its own

_DOSE_ONLY = ("amountMin", "amountMax", "amountUnit", "maxAmount", "maxUnit", "maxPer", "maxBasis", "noMaximumStated",
              "timesPerDay", "intervalValue", "dosesMin", "dosesMax", "concentrationPercent", "amountNotStated",
              "doseDescriptor", "initialOnly", "scheduleNote")
# Where a dose property may be named outside kg/questions/dose.py, and why.
_ALLOWED_DOSE_READS = {
    "vocab/namespaces.py": "declares the closed vocabulary",
    "questions/path_queries.py": "retrieves the UCUM codes of a dose's units for the model (UNIT_CODES)",
    "questions/dose_text.py": "a docstring example of the keys DoseFacts.from_properties passes on to the model",
    "questions/dosing.py": "a comment naming kgv:maxBasis",
}


def test_no_module_but_the_dose_model_reads_a_doses_properties() -> None:
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "kg"
    readers = set()
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel == "questions/dose.py" or rel.startswith("importer/"):  # the importer writes drafts from article text
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            named = (isinstance(node, ast.Constant) and isinstance(node.value, str)
                     and any(p in node.value for p in _DOSE_ONLY)) or (
                isinstance(node, ast.Attribute) and node.attr in _DOSE_ONLY)
            if named:
                readers.add(rel)
        if any(p in line for line in path.read_text(encoding="utf-8").splitlines() if line.lstrip().startswith("#")
               for p in _DOSE_ONLY):
            readers.add(rel)
    assert readers <= set(_ALLOWED_DOSE_READS), f"read the dose through kg.questions.dose.Dose: {sorted(readers - set(_ALLOWED_DOSE_READS))}"
