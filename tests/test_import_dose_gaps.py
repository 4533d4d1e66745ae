"""The dose grammar's known gaps, each tested on what the phrase tells a prescriber (written before the importer was
run on it): a concentration in a fluid ('a trough of 15-20 mg/L', '20 mmol/L of fluid') is never an amount to give;
a strength stays a strength behind a formulation word or a bracket ('modified-release tablets (10 mg/10 mg)'); a
rate keeps its own duration ('4 g over 20 minutes then 1 g/hour for 24 hours'); a first amount before 'then' that
has no schedule of its own is one loading dose; a bracketed list of risk factors ('(under 2 years, in child care,
or ...)') is a condition of the statement, not the weight or age band of its dose; a line that opens with 'Then'
continues the band of the line before it."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.dose_grammar import parse_statement
from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

ARTICLE = """What is the treatment of an invented dose-gaps condition?

Last updated: May 5, 2021

Invented Dose Gaps Guidance

{heading}

{body}

References

Guideline
An invented guidance title for a dose gaps test
Example Publisher, 2020
"""


def draft_of(lexicon, body: str, heading: str = "Treatment"):
    article, _ = read_any(ARTICLE.format(heading=heading, body=body).encode(), "gaps.txt")
    return build_draft(article, lexicon, "gaps.txt")


def given_doses(doses):
    """The doses the parser offers as amounts to give (not strengths, rates, levels or titration steps)."""
    return [d for d in doses if not (d.amount_not_stated or d.strength or d.rate or d.level or d.titration)]


# ---------------------------------------------------------------------------------------------- levels in a fluid


@pytest.mark.parametrize(
    "sentence",
    [
        "Aim for a vancomycin trough level of 15-20 mg/L.",
        "Check the lithium level; target 0.4-1.0 mmol/L.",
        "Add potassium chloride 20 mmol per litre of fluid.",
        "Start insulin when glucose is above 14 mmol/L.",
        "Keep the peak below 10 mg/dL.",
        "Stop if the level exceeds 30 µmol/L.",
    ],
)
def test_a_concentration_in_a_fluid_is_never_an_amount_to_give(sentence):
    doses = parse_statement(sentence)
    assert given_doses(doses) == []
    assert [d for d in doses if d.level], "the concentration is read (for the curator's note), not skipped"


def test_a_target_level_after_a_dose_neither_becomes_a_second_dose_nor_changes_the_first():
    doses = parse_statement("Gentamicin 7 mg/kg IV once daily; aim for a trough below 1 mg/L.")
    (d,) = given_doses(doses)
    assert (d.amount_min, d.unit, d.basis, d.route, d.times_per_day) == (D(7), "mg", "body_weight", "intravenous", 1)


def test_a_level_is_reported_in_the_draft_and_never_drafted_as_a_dose(lexicon):
    draft = draft_of(lexicon, "- Give vancomycin 15 mg/kg IV every 12 hours, aiming for a trough of 15-20 mg/L.")
    amounts = sorted((d.dose.amount_min, d.dose.amount_max) for d in draft.doses if not d.dose.amount_not_stated)
    assert amounts == [(D(15), D(15))]
    notes = [n for s in draft.statements for n in s.needs]
    assert any("15-20 mg/L" in n and "concentration" in n for n in notes), notes


@settings(max_examples=60, deadline=None)
@given(
    lo=st.integers(1, 40),
    width=st.integers(0, 20),
    unit=st.sampled_from(["mg", "mmol", "micrograms", "mcg", "g"]),
    per=st.sampled_from(["/L", "/dL", " per litre", " per L", "/litre"]),
    lead=st.sampled_from(["Aim for a trough of", "Keep the level at", "Target", "If the level is above"]),
)
def test_no_amount_per_litre_is_ever_read_as_a_dose(lo, width, unit, per, lead):
    amount = f"{lo}-{lo + width}" if width else f"{lo}"
    assert given_doses(parse_statement(f"{lead} {amount} {unit}{per}.")) == []


# ---------------------------------------------------------------------------------------------- strengths


@pytest.mark.parametrize(
    "sentence",
    [
        "Doxylamine-pyridoxine modified-release tablets (10 mg/10 mg) are a first-line option, two tablets at bedtime.",
        "Doxylamine-pyridoxine (10 mg/10 mg modified-release tablets) is a first-line choice; begin with two tablets "
        "at night.",
        "Paracetamol 500 mg film-coated tablets are stocked on the ward.",
        "Metformin 500 mg prolonged-release tablets may suit those with stomach upset.",
    ],
)
def test_a_strength_behind_a_formulation_word_or_a_bracket_is_no_dose_to_give(sentence):
    doses = parse_statement(sentence)
    assert given_doses(doses) == []
    assert any(d.strength for d in doses)


def test_a_combinations_two_amounts_with_no_product_word_stay_doses():
    doses = given_doses(parse_statement("Amoxicillin-clavulanate 875 mg/125 mg orally twice daily."))
    assert sorted(d.amount_min for d in doses) == [D(125), D(875)]


def test_the_dose_beside_a_bracketed_tablet_strength_is_still_the_dose():
    (d,) = given_doses(parse_statement("Give prednisolone 40 mg orally (as 5 mg tablets) once daily."))
    assert (d.amount_min, d.route, d.times_per_day) == (D(40), "oral", 1)


def test_combination_tablet_strengths_are_not_drafted_as_doses(lexicon):
    draft = draft_of(lexicon, "Doxylamine-pyridoxine modified-release tablets (10 mg/10 mg) are a licensed "
                              "first-line option, two tablets at bedtime to start.")
    assert [d for d in draft.doses if not d.dose.amount_not_stated] == []
    notes = [n for s in draft.statements for n in s.needs]
    assert sum("product strength" in n for n in notes) == 2, notes


# ---------------------------------------------------------------------------------------------- rates and loading doses


def test_a_rate_keeps_its_own_duration_and_the_loading_dose_before_it_is_given_once():
    doses = parse_statement("Magnesium sulfate 4 g IV over 20 minutes then 1 g/hour for 24 hours.")
    (loading,) = given_doses(doses)
    assert loading.duration is None, "the 24 hours are the infusion's, not the 4 g's"
    assert (loading.amount_min, loading.unit, loading.route) == (D(4), "g", "intravenous")
    assert loading.infusion == (D(20), D(20), "minute")
    assert (loading.doses, loading.per, loading.initial) == ((1, 1), "dose", True)
    (rate,) = [d for d in doses if d.rate]
    assert (rate.amount_min, rate.unit) == (D(1), "g")


@pytest.mark.parametrize(
    "sentence",
    [
        "Insulin infusion at 0.1 units/kg/hour.",
        "Fentanyl 25 micrograms/hour patch, changed every 72 hours.",
        "Maintenance fluid at 1 mL/kg/h.",
        "Heparin 18 units/kg per hour, adjusted to the APTT.",
    ],
)
def test_a_rate_is_never_squeezed_into_a_dose(sentence):
    doses = parse_statement(sentence)
    assert given_doses(doses) == [] and any(d.rate for d in doses)


def test_a_rate_is_reported_for_the_curator_and_not_drafted(lexicon):
    draft = draft_of(lexicon, "- Give magnesium sulfate 4 g IV over 20 minutes, then 1 g/hour for 24 hours.")
    drafted = [d.dose for d in draft.doses if not d.dose.amount_not_stated]
    assert [(d.amount_min, d.unit, d.duration) for d in drafted] == [(D(4), "g", None)]
    notes = [n for s in draft.statements for n in s.needs]
    assert any("1 g/hour" in n and "rate" in n and "by hand" in n for n in notes), notes


@pytest.mark.parametrize(
    "sentence, first, second_per",
    [
        ("Azithromycin 1 g then 500 mg daily for 2 days.", (D(1), "g"), "day"),
        ("Give 25 mg/kg IV, then 15 mg/kg every 8 hours.", (D(25), "mg"), "dose"),
        ("Give 10 mg/kg IV; then 5 mg/kg twice daily.", (D(10), "mg"), "dose"),
        ("Give 2 g orally, followed by 1 g twice daily for 3 days.", (D(2), "g"), "dose"),
    ],
)
def test_an_amount_with_no_schedule_before_then_and_a_scheduled_dose_is_one_loading_dose(sentence, first, second_per):
    a, b = given_doses(parse_statement(sentence))
    assert (a.amount_min, a.unit) == first
    assert (a.doses, a.per, a.initial) == ((1, 1), "dose", True)
    assert b.per == second_per and b.doses is None and not b.initial


def test_two_amounts_with_no_schedule_either_side_of_then_are_not_guessed_at():
    a, b = given_doses(parse_statement("Give 500 mg IV then 250 mg."))
    assert a.doses is None and not a.initial and b.doses is None


def test_a_course_segment_with_its_own_schedule_is_not_made_a_loading_dose():
    a, b = given_doses(parse_statement("Prednisolone 40 mg daily for 3 days then 20 mg daily for 3 days."))
    assert (a.per, a.duration, a.doses, a.initial) == ("day", (D(3), D(3), "day"), None, False)
    assert (b.amount_min, b.per, b.duration) == (D(20), "day", (D(3), D(3), "day"))


def test_on_the_first_day_is_day_one():
    a, b = given_doses(parse_statement("Doxycycline 200 mg on the first day, then 100 mg daily for 5 days."))
    assert (a.amount_min, a.doses, a.per) == (D(200), (1, 1), "dose")
    assert (b.amount_min, b.per, b.duration) == (D(100), "day", (D(5), D(5), "day"))
