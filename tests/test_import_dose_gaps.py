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
