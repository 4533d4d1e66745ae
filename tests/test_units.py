"""kg.vocab.units: one conversion of UCUM codes for dosing and compare, done by pint."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.questions.dosing import Measures, Scale, Schedule, compute
from kg.vocab import units
from kg.vocab.namespaces import KGV

MASS = ["ng", "ug", "mcg", "mg", "g", "kg"]


def test_every_ucum_code_in_the_shipped_graph_is_understood(store):
    codes = {str(r[0]) for r in store.select("SELECT DISTINCT ?c WHERE { ?u qudt:ucumCode ?c }").rows}
    assert codes, "the graph names its units by UCUM code"
    assert {c for c in codes if not units.known(c)} == set()


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [("g", "mg", 1000.0), ("ug", "mg", 0.001), ("mcg", "ug", 1.0), ("mg", "g", 0.001), ("wk", "d", 7.0),
     ("mg/kg", "g/kg", 0.001), ("mg/m2", "mg/m2", 1.0)],
)
def test_factor_by_definition_of_the_units(source, target, expected):
    assert units.factor(source, target) == expected


@pytest.mark.parametrize(("source", "target"), [("mg", "mL"), ("[iU]", "mg"), ("mg", "mg/kg"), ("mg", "d")])
def test_different_dimensions_are_never_converted(source, target):
    assert units.factor(source, target) is None
    assert units.convert(5.0, source, target) is None


@pytest.mark.parametrize("code", ["", None, "furlongs", "mg//kg", "m g", "1e3"])
def test_unreadable_codes_give_none_not_a_guess(code):
    assert units.known(code) is False
    assert units.factor(code, "mg") is None


@given(st.sampled_from(MASS), st.sampled_from(MASS), st.floats(min_value=1e-6, max_value=1e6))
def test_mass_conversion_round_trips_and_is_positive(a, b, amount):
    there = units.convert(amount, a, b)
    assert there is not None and there > 0
    back = units.convert(there, b, a)
    assert math.isclose(back, amount, rel_tol=1e-9)


@given(st.sampled_from(MASS), st.sampled_from(MASS), st.sampled_from(MASS))
def test_factors_compose(a, b, c):
    assert math.isclose(units.factor(a, b) * units.factor(b, c), units.factor(a, c), rel_tol=1e-9)


def _schedule(max_amount: float, max_code: str) -> Schedule:
    per_day = str(KGV.PerDay)
    return Schedule(amount_min=1, amount_max=1, unit_code="mg", unit_label="mg", per=per_day, per_label="day",
                    max_amount=max_amount, max_unit_code=max_code, max_per=per_day, max_per_label="day")


def test_dosing_applies_a_microgram_maximum_through_the_same_conversion():
    """1 mg/kg/day at 70 kg = 70 mg/day; a stated maximum of 500 ug/day is 0.5 mg/day, so the dose is capped."""
    scale = Scale(str(KGV.BodyWeight), "body weight", "kg")
    out = compute(_schedule(500, "ug"), scale, Measures(weight_kg=70)).computed
    assert out is not None and out.capped and out.max == 0.5
    assert out.max == units.convert(500, "ug", "mg")
    # the same ceiling written in grams gives the same cap
    grams = compute(_schedule(0.0005, "g"), scale, Measures(weight_kg=70)).computed
    assert grams.max == out.max


MICROGRAM_MAX_DOSE = """
@prefix kgv:  <https://w3id.org/guideline-kg/vocab#> .
@prefix unit: <http://qudt.org/vocab/unit/> .
<urn:test:dose> a kgv:DoseSchedule ; kgv:amountMin 1 ; kgv:amountMax 1 ; kgv:amountUnit unit:MilliGM ;
    kgv:basis kgv:BasisBodyWeight ; kgv:per kgv:PerDay ; kgv:maxAmount 500 ; kgv:maxUnit unit:MicroGM ; kgv:maxPer kgv:PerDay .
"""


def test_a_microgram_maximum_is_read_the_same_by_paths_dosing_and_by_compare():
    """One dose, 1 mg/kg per day with a maximum of 500 ug per day, read from a graph by compare and
    computed by dosing for 70 kg: both see the maximum as 0.5 mg per day."""
    from rdflib import Graph, URIRef

    from kg.config import GRAPH_DIR
    from kg.questions.compare import normalise, read_dose
    from kg.questions.evidence import NodeView
    from kg.store.oxigraph import OxigraphStore

    g = Graph().parse(GRAPH_DIR / "vocab" / "guideline.ttl").parse(data=MICROGRAM_MAX_DOSE, format="turtle")
    name = URIRef("urn:test:graph")
    view = NodeView(OxigraphStore.in_memory((s, p, o, name) for s, p, o in g))
    dose = URIRef("urn:test:dose")
    recorded = read_dose(view, dose)
    assert (recorded.max_amount, recorded.max_unit, recorded.unit) == (500, "ug", "mg")
    compared = normalise(view, dose)
    assert (compared.maximum_amount, compared.maximum_unit, compared.maximum_period) == (0.5, "mg", "day")
    assert "(= 0.5 mg)" in compared.maximum
    schedule = Schedule(amount_min=recorded.low, amount_max=recorded.high, unit_code=recorded.unit, unit_label="mg",
                        per=recorded.per, per_label=recorded.period, max_amount=recorded.max_amount,
                        max_unit_code=recorded.max_unit, max_per=str(KGV.PerDay), max_per_label=recorded.max_period)
    computed = compute(schedule, Scale(str(KGV.BodyWeight), "body weight", "kg"), Measures(weight_kg=70)).computed
    assert computed.capped and computed.max == compared.maximum_amount
