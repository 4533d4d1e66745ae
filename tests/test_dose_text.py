"""kg.questions.dose_text: one neutral form of a dose schedule and one wording for it, shared by every view.

Each expected line below is written by hand from the fields given, clause by clause: amount (unit,
basis, period), descriptor, route, frequency, duration, starting dose, maximum.
"""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from kg.questions.dose_text import (
    DoseFacts,
    describe,
    duration_text,
    frequency_text,
    kgv_properties,
    maximum_text,
    number_text,
    quantity_text,
    range_text,
)
from kg.questions.evidence import NodeView, format_dose
from kg.questions.paths import Patient, treatment_path
from kg.questions.projection import project
from kg.read.names import NameIndex
from kg.vocab.namespaces import KGV

MG = URIRef("http://qudt.org/vocab/unit/MilliGM")
G = URIRef("http://qudt.org/vocab/unit/GM")
# The vocabulary's own labels (graph/vocab/guideline.ttl), as a view would look them up.
LABELS = {
    MG: "mg", G: "g",
    KGV.BasisFlat: "flat", KGV.BasisBodyWeight: "per kg body weight",
    KGV.PerDose: "dose", KGV.PerDay: "day", KGV.PerWeek: "week", KGV.PerCourse: "course",
    KGV.PeriodNotStated: "period not stated",
    KGV.Day: "day", KGV.Week: "week",
    KGV.RouteOral: "oral", KGV.RouteIntravenous: "intravenous", KGV.RouteTopical: "topical",
    KGV.RouteNotStated: "route not stated",
}


def label(iri) -> str:
    return LABELS[URIRef(str(iri))]


def dec(text: str) -> Literal:
    return Literal(text, datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))


def test_bsa_weekly_dose_with_maximum_reads_amount_route_preference_and_maximum():
    facts = DoseFacts(amount_min=15, amount_max=20, unit="mg", basis="per m² body surface area", period="week",
                      route="route not stated", preferred_route="subcutaneous", max_amount=40, max_unit="mg",
                      max_per="week")
    assert describe(facts) == (
        "15–20 mg per m² body surface area per week, route not stated (subcutaneous preferred), maximum 40 mg per week"
    )


def test_flat_twice_daily_starting_dose_from_graph_properties_leaves_out_the_flat_basis():
    # 500 mg per dose, basis flat (not said), oral, 2 a day, initial only, no maximum stated.
    props = {
        "amountMin": [dec("500")], "amountMax": [dec("500")], "amountUnit": [MG], "basis": [KGV.BasisFlat],
        "per": [KGV.PerDose], "route": [KGV.RouteOral], "timesPerDay": [Literal(2)],
        "initialOnly": [Literal(True)], "noMaximumStated": [Literal(True)],
    }
    facts = DoseFacts.from_properties(props, label)
    assert facts.basis is None and facts.times_per_day == 2.0 and facts.initial_only
    assert describe(facts) == "500 mg per dose, oral, twice a day, starting dose, no maximum stated"


def test_per_course_ivig_with_interval_and_duration_keyed_by_full_iris():
    # 2 g per kg per course, intravenous, repeated every 4 weeks, each course over 2 days.
    props = {
        str(KGV.amountMin): [dec("2.0")], str(KGV.amountMax): [dec("2.0")], str(KGV.amountUnit): [G],
        str(KGV.basis): [KGV.BasisBodyWeight], str(KGV.per): [KGV.PerCourse],
        str(KGV.route): [KGV.RouteIntravenous], str(KGV.intervalValue): [dec("4")],
        str(KGV.intervalUnit): [KGV.Week], str(KGV.durationMin): [dec("2")], str(KGV.durationMax): [dec("2")],
        str(KGV.durationUnit): [KGV.Day], str(KGV.noMaximumStated): [Literal(True)],
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": [KGV.DoseSchedule],
    }
    facts = DoseFacts.from_properties(kgv_properties(props), label)
    assert frequency_text(facts) == "every 4 weeks"
    assert duration_text(facts) == "2 days"
    assert describe(facts) == (
        "2 g per kg body weight per course, intravenous, every 4 weeks, for 2 days, no maximum stated"
    )


def test_amount_not_stated_topical_shows_concentration_with_route_and_no_period():
    facts = DoseFacts(amount_not_stated=True, period="day", concentration_percent=0.1, route="topical",
                      no_maximum_stated=True)
    assert describe(facts) == "amount not stated, 0.1% topical, no maximum stated"


def test_ceiling_without_lower_end_reads_at_most_and_keeps_the_curator_note():
    facts = DoseFacts(amount_max=10, unit="mg", period="day", route="route not stated", no_maximum_stated=True,
                      note="target of a taper")
    assert describe(facts) == "at most 10 mg per day, route not stated, no maximum stated (schedule note: target of a taper)"


def test_absent_route_period_and_maximum_are_said_absent_never_filled_in():
    props = {"amountMin": [dec("2")], "amountMax": [dec("2")], "amountUnit": [MG], "per": [KGV.PeriodNotStated]}
    facts = DoseFacts.from_properties(props, label)
    assert facts.period is None and facts.period_not_stated
    assert describe(facts) == "2 mg, period not stated, route not recorded, maximum not recorded"
    assert maximum_text(DoseFacts(no_maximum_stated=True)) == "no maximum stated"


@pytest.mark.parametrize(("facts", "expected"), [
    (DoseFacts(times_per_day=1), "once a day"),
    (DoseFacts(times_per_day=2), "twice a day"),
    (DoseFacts(times_per_day=3), "3 times a day"),
    (DoseFacts(interval=1, interval_unit="week"), "every week"),
    (DoseFacts(doses_min=1, doses_max=1), "1 dose"),
    (DoseFacts(doses_min=1, doses_max=5, interval=1, interval_unit="day"), "every day, 1–5 doses"),
])
def test_frequency_words(facts, expected):
    assert frequency_text(facts) == expected


def test_numbers_are_written_as_recorded_and_computed_ones_rounded_on_request():
    assert number_text(dec("0.50")) == "0.5" and number_text(15.0) == "15" and number_text(0.00001) == "0.00001"
    assert number_text(1000 / 7, places=4) == "142.8571"  # 142.857142... to 4 places
    assert range_text(15, 20) == "15–20" and range_text(None, 4) == "up to 4" and range_text(2, 2) == "2"
    assert quantity_text(2, None, "week") == "at least 2 weeks"
    assert quantity_text(2, 4, "weeks") == "2–4 weeks"  # a label already plural stays as it is
    assert quantity_text(1, 1, None) == "1 (unit not recorded)"
    assert number_text("as printed") == "as printed"  # not a number: left as it is


def test_evidence_paths_and_projection_write_a_real_dose_the_same_way(store):
    # One wording for every view: the adult methotrexate dose as evidence, path and graph node show it.
    dose = "https://w3id.org/guideline-kg/id/article/ssc-myositis-overlap-adult/dose-methotrexate"
    expected = (
        "15–20 mg per m² body surface area per week, route not stated (subcutaneous preferred), maximum 40 mg per week"
    )
    assert format_dose(NodeView(store), URIRef(dose)) == expected
    path = treatment_path(store, NameIndex(store), "scleroderma-myositis overlap", Patient(age=45))
    written = {d.as_written for s in path.steps for d in s.doses if d.id == dose}
    assert written == {expected}
    node = project(store, "scleroderma-myositis overlap").graph.nodes[dose]
    assert node["evidence"].splitlines()[0] == f"Dose: {expected}"
