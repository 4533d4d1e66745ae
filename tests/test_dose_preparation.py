"""A preparation is not a dose: the fluid a dose is made up in, and its volume, are how it is prepared.

"Give ceftriaxone 2 g in 100 mL sodium chloride 0.9%" tells a prescriber to give 2 g of ceftriaxone; the 100 mL of
saline is what the 2 g is dissolved in for the infusion. Before, "2 g in 100 mL" was read like a product's
concentration ("250 mg in 5 mL" of a suspension), so the 2 g dose was not drafted at all. A product's concentration
("500 mg/5 mL oral suspension", "250 mg in 5 mL oral solution") stays a strength, never the dose. Every sentence is
written for this test; what it should draft was decided from what it tells a prescriber.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.dose_grammar import parse_statement
from tests.draft_reading import sentence_draft


def _given(text: str):
    """The amounts a prescriber is told to give (what the draft keeps as doses)."""
    return [d for d in parse_statement(text, 1)
            if not (d.amount_not_stated or d.strength or d.titration or d.rate or d.level or d.threshold
                    or d.rounding or d.given_so_far)]


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("Give ceftriaxone 2 g in 100 mL sodium chloride 0.9% IV once daily.", "2", "g"),
        ("Give magnesium sulfate 2 g in 50 mL sodium chloride 0.9% over 20 minutes.", "2", "g"),
        ("Give vancomycin 1 g in 250 mL 5% glucose over 60 minutes every 12 hours.", "1", "g"),
        ("Give gentamicin 7 mg/kg in 100 mL of fluid over 30 minutes once daily.", "7", "mg"),
        ("Give 1.2 g in 100 mL water for injection over 30 minutes.", "1.2", "g"),
        ("Give 600 mg in 250 mL over 1 hour.", "600", "mg"),
        ("Infuse 1 g in 1 L over 8 hours.", "1", "g"),
    ],
)
def test_the_drug_amount_given_in_a_fluid_is_the_dose(text, amount, unit):
    (dose,) = _given(text)
    assert (str(dose.amount_min), dose.unit) == (amount, unit)


@pytest.mark.parametrize(
    "text",
    [
        "Give ceftriaxone 2 g in 100 mL sodium chloride 0.9% IV once daily.",
        "Give amiodarone 300 mg made up to 50 mL with water for injection over 20 minutes.",
        "Give aciclovir 10 mg/kg IV every 8 hours, each dose diluted to 100 mL and given over 1 hour.",
    ],
)
def test_the_volume_a_dose_is_made_up_in_is_its_preparation_never_a_dose(text):
    doses = parse_statement(text, 1)
    volumes = [d for d in doses if d.unit == "mL"]
    assert volumes and all(d.preparation and d.strength for d in volumes)
    assert all(d.unit != "mL" for d in _given(text))


@pytest.mark.parametrize(
    "text",
    [
        "Amoxicillin 250 mg in 5 mL oral suspension: give 5 mL three times a day.",
        "Amoxicillin 500 mg/5 mL oral suspension: give 5 mL three times a day.",
        "Paracetamol 120 mg per 5 mL oral solution: give 10 mL every 6 hours.",
    ],
)
def test_a_products_concentration_is_a_strength_never_the_dose(text):
    doses = _given(text)
    assert [(str(d.amount_min), d.unit) for d in doses] == [("5" if "give 5" in text else "10", "mL")]
    assert any(d.strength and d.unit == "mg" for d in parse_statement(text, 1))


def test_the_fluid_is_never_drafted_as_a_drug_given(lexicon):
    _g, draft = sentence_draft(lexicon, "Give ceftriaxone 2 g in 100 mL sodium chloride 0.9% IV once daily.",
                               name="prep.txt", title="For Preparation", test="preparation")
    drafted = [((dd.therapy or "none").rsplit("/", 1)[-1], str(dd.dose.amount_min), dd.dose.unit)
               for dd in draft.doses if not dd.dose.amount_not_stated]
    assert drafted == [("ceftriaxone", "2", "g")]
    assert {r.therapy.rsplit("/", 1)[-1] for r in draft.recommendations} == {"ceftriaxone"}
    # the volume is reported to the curator as the preparation, not lost
    assert any("100 mL" in n.reason and "preparation" in n.reason for n in draft.notes)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(amount=st.sampled_from(["1", "2", "500", "1.2", "7"]), unit=st.sampled_from(["g", "mg"]),
       volume=st.sampled_from(["50", "100", "250", "500"]),
       fluid=st.sampled_from(["sodium chloride 0.9%", "0.9% sodium chloride", "glucose 5%", "of fluid",
                              "water for injection", "of diluent"]),
       tail=st.sampled_from(["", " over 30 minutes", " IV once daily", " over 1 hour every 8 hours"]))
def test_any_amount_in_a_volume_of_a_fluid_is_the_dose_and_the_volume_its_preparation(amount, unit, volume, fluid, tail):
    text = f"Give {amount} {unit} in {volume} mL {fluid}{tail}."
    (dose,) = _given(text)
    assert (str(dose.amount_min), dose.unit) == (amount, unit)
    assert [d for d in parse_statement(text, 1) if d.unit == "mL"][0].preparation


@pytest.mark.parametrize(
    "sentence",
    [
        "Give 2 g IV in 100 mL sodium chloride 0.9% over 30 minutes.",
        "Dilute 1 g in 100 mL sodium chloride 0.9% and infuse over 30 minutes.",
        "Give 1 g made up to 50 mL with sodium chloride 0.9% over 20 minutes.",
    ],
)
def test_a_dose_is_never_drafted_for_the_fluid_it_is_made_up_in(lexicon, sentence):
    # no drug but the fluid is named: the dose's drug is not the fluid (attached to none and flagged)
    _g, draft = sentence_draft(lexicon, sentence, name="prep.txt", title="For Preparation", test="preparation")
    owners = {(dd.therapy or "none").rsplit("/", 1)[-1] for dd in draft.doses if not dd.dose.amount_not_stated}
    assert owners == {"none"}
    assert not any(r.therapy.rsplit("/", 1)[-1] in ("sodium-chloride", "glucose") for r in draft.recommendations)
    if " in 100 mL " in sentence:
        assert any("fluid a dose is made up" in n.reason for n in draft.notes)
