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
from tests.draft_reading import section_article

ARTICLE = section_article("dose-gaps", "Dose Gaps", "dose gaps")


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
    (loading,) = [d for d in given_doses(doses) if d.per != "hour"]
    assert loading.duration is None, "the 24 hours are the infusion's, not the 4 g's"
    assert (loading.amount_min, loading.unit, loading.route) == (D(4), "g", "intravenous")
    assert loading.infusion == (D(20), D(20), "minute") and loading.loading_read
    assert (loading.doses, loading.per, loading.loading_read) == ((1, 1), "dose", True)
    # the 1 g/hour after "then" is a dose of its own, per hour (kgv:PerHour), with its own 24 hours
    (rate,) = [d for d in doses if d.per == "hour"]
    assert (rate.amount_min, rate.unit, rate.duration, rate.rate) == (D(1), "g", (D(24), D(24), "hour"), False)


@pytest.mark.parametrize(
    ("sentence", "amount", "unit", "basis"),
    [
        ("Insulin infusion at 0.1 units/kg/hour.", D("0.1"), "units", "body_weight"),
        ("Maintenance fluid at 1 mL/kg/h.", D(1), "mL", "body_weight"),
        ("Heparin 18 units/kg per hour, adjusted to the APTT.", D(18), "units", "body_weight"),
    ],
)
def test_a_rate_is_a_dose_per_hour_never_squeezed_into_per_dose_or_per_day(sentence, amount, unit, basis):
    (dose,) = given_doses(parse_statement(sentence))
    assert (dose.amount_max, dose.unit, dose.basis, dose.per) == (amount, unit, basis, "hour")


def test_a_patch_strength_per_hour_alone_is_a_strength_not_a_dose():
    doses = parse_statement("Fentanyl is available as 25 micrograms/hour patches.")
    assert given_doses(doses) == [] and any(d.rate for d in doses)


def test_a_patch_per_hour_with_its_change_schedule_is_the_dose():
    # "12 micrograms/hour patch, changed every 72 hours" is what the patient wears: the dose a reader writes (a
    # blind set's readers counted it; it was missed entirely while read as a strength), given through the skin
    (d,) = given_doses(parse_statement("Fentanyl 25 micrograms/hour patch, changed every 72 hours."))
    assert (d.amount_min, d.unit, d.per, d.route) == (D(25), "mcg", "hour", "transdermal")


def test_a_rate_after_a_loading_dose_is_drafted_per_hour_with_its_own_duration(lexicon):
    draft = draft_of(lexicon, "- Give magnesium sulfate 4 g IV over 20 minutes, then 1 g/hour for 24 hours.")
    drafted = [d.dose for d in draft.doses if not d.dose.amount_not_stated]
    assert [(d.amount_min, d.unit, d.per, d.duration, d.doses) for d in drafted] == [
        (D(4), "g", "dose", None, (1, 1)), (D(1), "g", "hour", (D(24), D(24), "hour"), None)]
    notes = [n for s in draft.statements for n in s.needs]
    assert any("'4 g'" in n and "loading dose" in n for n in notes), notes
    assert not any("1 g/hour" in n and "by hand" in n for n in notes), notes


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
    assert (a.doses, a.per, a.loading_read) == ((1, 1), "dose", True)
    assert b.per == second_per and b.doses is None and not b.loading_read


def test_two_amounts_with_no_schedule_either_side_of_then_are_not_guessed_at():
    a, b = given_doses(parse_statement("Give 500 mg IV then 250 mg."))
    assert a.doses is None and not a.loading_read and b.doses is None


def test_a_course_segment_with_its_own_schedule_is_not_made_a_loading_dose():
    a, b = given_doses(parse_statement("Prednisolone 40 mg daily for 3 days then 20 mg daily for 3 days."))
    assert (a.per, a.duration, a.doses, a.loading_read) == ("day", (D(3), D(3), "day"), None, False)
    assert (b.amount_min, b.per, b.duration) == (D(20), "day", (D(3), D(3), "day"))


def test_on_the_first_day_is_that_days_amount_with_no_count_guessed_and_no_loading_dose_read():
    a, b = given_doses(parse_statement("Doxycycline 200 mg on the first day, then 100 mg daily for 5 days."))
    # the first day's amount may be split; the day is kept as a schedule note, no count is invented
    assert (a.amount_min, a.doses, a.timing, a.loading_read) == (D(200), None, "on the first day", False)
    assert (b.amount_min, b.per, b.duration) == (D(100), "day", (D(5), D(5), "day"))


# ---------------------------------------------------------------------------------------------- bands and risk factors


@pytest.mark.parametrize(
    "sentence",
    [
        "Children with risk factors (under 2 years, attending child care, or given an antibiotic in the past 4 "
        "weeks): amoxicillin 90 mg/kg/day orally in 2 divided doses for 10-14 days.",
        "Children with risk factors (younger than 2 years, in child care, or recent antibiotics): amoxicillin "
        "90 mg/kg/day orally in 2 divided doses.",
        "Offer amoxicillin 90 mg/kg/day in 2 divided doses to children at high risk (under 2 years).",
        "Offer oseltamivir 75 mg twice daily for 5 days to people at high risk (aged 65 and over).",
    ],
)
def test_a_bracketed_risk_factor_is_a_condition_of_the_statement_not_a_dose_band(sentence):
    (d,) = given_doses(parse_statement(sentence))
    assert d.band is None, "who is at risk is not the band the dose is for"
    assert d.condition is not None and d.condition.startswith("at risk: "), "the risk factors are kept, not dropped"


@pytest.mark.parametrize(
    "sentence, band",
    [
        ("Children (10-20 kg): 250 mg twice daily.", "10-20 kg"),
        ("Amoxicillin 500 mg three times a day (under 5 years: 250 mg).", "under 5 years"),
        ("Give 5 mg (older than 12 years: 10 mg).", "over 12 years"),
        ("Children younger than 2 years: 125 mg twice daily.", "under 2 years"),
    ],
)
def test_a_band_that_labels_its_own_dose_stays_the_doses_band(sentence, band):
    assert given_doses(parse_statement(sentence))[-1].band == band


def test_the_risk_factors_are_reported_to_the_curator_in_the_draft(lexicon):
    draft = draft_of(lexicon, "- Children with risk factors (under 2 years, in child care, or an antibiotic in the "
                              "past 4 weeks): amoxicillin 90 mg/kg/day orally in 2 divided doses for 10 days.")
    (dd,) = [d for d in draft.doses if not d.dose.amount_not_stated]
    assert dd.dose.band is None
    notes = [n for s in draft.statements for n in s.needs]
    assert any("under 2 years, in child care" in n and "condition" in n for n in notes), notes


@settings(max_examples=40, deadline=None)
@given(
    age=st.integers(1, 17),
    other=st.sampled_from(["attending child care", "a recent hospital stay", "given an antibiotic in the past month"]),
    lead=st.sampled_from(["Children with risk factors", "Those at risk", "Children"]),
)
def test_an_age_listed_among_other_risk_features_is_never_a_band(age, other, lead):
    sentence = f"{lead} (under {age} years, {other}, or immunosuppression): amoxicillin 45 mg/kg twice daily."
    (d,) = given_doses(parse_statement(sentence))
    assert d.band is None and d.condition is not None


def test_a_line_opening_with_then_continues_the_band_of_the_line_before(lexicon):
    body = ("Azithromycin\n"
            "Children 6 months and older: 10 mg/kg orally as a single dose on day 1 (max 500 mg).\n"
            "Then 5 mg/kg orally once daily on days 2 to 5 (max 250 mg/day).\n"
            "Adults: 500 mg orally as a single dose on day 1.")
    draft = draft_of(lexicon, body, heading="Doses")
    bands = {(d.dose.amount_min, d.dose.unit): d.dose.band for d in draft.doses if not d.dose.amount_not_stated}
    assert bands[(D(10), "mg")] == "6 months and older"
    assert bands[(D(5), "mg")] == "6 months and older"
    assert bands[(D(500), "mg")] is None
    notes = [n for s in draft.statements for n in s.needs]
    assert any("6 months and older" in n and "continues" in n for n in notes), notes


# ---------------------------------------------------------------------------------------------- volumes of a strength


@pytest.mark.parametrize(
    "sentence, strength",
    [
        ("- Give glucose 2 mL/kg of 10% solution IV.", "10%"),
        ("- Glucose 10% 2 mL/kg IV over 5 minutes.", "10%"),
        ("- Give adrenaline 0.5 mL of 1:1000 IM.", "1:1000"),
    ],
)
def test_a_volume_of_a_stated_strength_is_drafted_in_ml_with_its_strength_and_no_mass_is_computed(
    lexicon, sentence, strength
):
    draft = draft_of(lexicon, sentence)
    drafted = [d.dose for d in draft.doses if not d.dose.amount_not_stated]
    assert [d.unit for d in drafted] == ["mL"], "a volume dose, never a mass computed from the strength"
    notes = [n for s in draft.statements for n in s.needs]
    assert any(f"stated strength ({strength})" in n and "not computed" in n for n in notes), notes


# ---------------------------------------------------------------------------------------------- units and counts


def test_millions_of_units_are_an_amount_drafted_in_units_never_amount_not_stated(lexicon):
    (d,) = [d for d in parse_statement("Benzathine benzylpenicillin 2.4 million units IM as a single dose.")]
    assert (d.amount_min, d.unit, d.route, d.doses) == (D(2400000), "units", "intramuscular", (1, 1))
    assert not d.amount_not_stated
    draft = draft_of(lexicon, "- Give benzathine benzylpenicillin 2.4 million units IM as a single dose.")
    assert [x for x in draft.doses if x.dose.amount_not_stated] == [], "the article states the amount"
    drafted = [x.dose for x in draft.doses]
    assert [(x.amount_max, x.unit) for x in drafted] == [(D(2400000), "units")]


@pytest.mark.parametrize("sentence", ["Give a single 2 g dose of metronidazole.", "Give one 2 g injection IM."])
def test_a_single_amount_dose_is_one_administration(sentence):
    (d,) = given_doses(parse_statement(sentence))
    assert (d.amount_min, d.unit, d.doses, d.per) == (D(2), "g", (1, 1), "dose")


@pytest.mark.parametrize(
    "word, unit", [("milligrammes", "mg"), ("milligramme", "mg"), ("grammes", "g"), ("microgrammes", "mcg")]
)
def test_british_spellings_of_mass_units_are_masses(word, unit):
    (d,) = given_doses(parse_statement(f"Give 500 {word} twice daily."))
    assert (d.amount_min, d.unit, d.times_per_day) == (D(500), unit, 2)


def test_every_mass_unit_word_means_what_the_units_library_says_it_means():
    # the spelling table only names units; how much each is comes from pint (kg.vocab.units), so "1 g" is 1000 mg
    # and "1 microgram" 0.001 mg whatever the spelling
    from kg.importer.dose_grammar import MASS_UNITS
    from kg.vocab.units import registry

    reg = registry()
    pint_names = {"mg": "milligram", "g": "gram", "mcg": "microgram", "ng": "nanogram"}
    for word, code in MASS_UNITS.items():
        (d,) = given_doses(parse_statement(f"Give 3 {word} daily."))
        assert d.unit == code, word
        assert reg.Quantity(3, pint_names[code]).dimensionality == reg.Quantity(1, "gram").dimensionality


# ---------------------------------------------------------------------------------------------- conditional variants


@pytest.mark.parametrize(
    "sentence, field, value, condition",
    [
        ("Give 1 g every 12 hours (every 8 hours if severe).", "interval", (D(12), "hour"), "every 8 hours if severe"),
        ("Give 30 mg twice daily (once daily if eGFR below 30).", "times_per_day", 2, "once daily if eGFR below 30"),
    ],
)
def test_a_bracketed_schedule_under_a_condition_never_replaces_the_doses_own(sentence, field, value, condition):
    (d,) = given_doses(parse_statement(sentence))
    assert getattr(d, field) == value
    assert d.condition == condition


def test_a_conditional_schedule_alone_gives_the_dose_no_schedule():
    (d,) = given_doses(parse_statement("Give 1 g IV (every 8 hours if severe) for 7 days."))
    assert d.interval is None and d.times_per_day is None and d.condition == "every 8 hours if severe"
    assert d.duration == (D(7), D(7), "day")


@settings(max_examples=50, deadline=None)
@given(
    base=st.sampled_from([("every 12 hours", "interval", (D(12), "hour")), ("twice daily", "times_per_day", 2),
                          ("every 6 hours", "interval", (D(6), "hour")), ("three times daily", "times_per_day", 3)]),
    variant=st.sampled_from(["every 8 hours", "four times daily", "once daily", "q4h"]),
    cond=st.sampled_from(["if severe", "when eGFR is below 30", "if the infection is deep", "unless tolerated"]),
)
def test_no_bracketed_variant_under_a_condition_changes_the_base_schedule(base, variant, cond):
    words, field, value = base
    (d,) = given_doses(parse_statement(f"Give 500 mg orally {words} ({variant} {cond})."))
    assert getattr(d, field) == value and d.route == "oral"


@pytest.mark.parametrize(
    "sentence, duration, condition",
    [
        ("Trimethoprim 200 mg twice a day for 3 days (7 days in men).", (D(3), D(3), "day"), "7 days in men"),
        ("Give 100 mg twice daily for 5 days (up to 14 days for deep infection).", (D(5), D(5), "day"),
         "up to 14 days for deep infection"),
        ("Give 1 g daily (for 7 days in pregnancy).", None, "for 7 days in pregnancy"),
    ],
)
def test_a_bracketed_course_length_for_a_group_is_a_condition_never_the_course_length(sentence, duration, condition):
    (d,) = given_doses(parse_statement(sentence))
    assert d.duration == duration and d.condition == condition


@pytest.mark.parametrize(
    "sentence, duration",
    [
        ("Give 500 mg twice daily (for 5 days).", (D(5), D(5), "day")),
        ("Give 500 mg (in 2 divided doses) for 5 days.", (D(5), D(5), "day")),
        ("Give 2 g IV every 8 hours (for at least 10 days).", (D(10), None, "day")),
    ],
)
def test_a_bracket_that_only_states_the_schedule_is_still_read_as_the_schedule(sentence, duration):
    (d,) = given_doses(parse_statement(sentence))
    assert d.duration == duration and d.condition is None


@pytest.mark.parametrize(
    "sentence, band",
    [
        ("Oseltamivir 3 mg/kg/dose twice daily for infants under 1 year.", "under 1 year"),
        ("Give 10 mg/kg once daily for 5 days in children aged 6 months to 5 years.", "6 months-5 years"),
    ],
)
def test_a_band_said_of_the_patient_later_in_the_doses_own_words_is_its_band(sentence, band):
    (d,) = given_doses(parse_statement(sentence))
    assert d.band == band


def test_a_band_after_a_comma_or_an_alternative_course_is_not_taken_for_the_first_doses_band():
    (d,) = given_doses(parse_statement("Give 500 mg twice daily for 5 days, or 10 days for children under 2 years."))
    assert d.band is None


@pytest.mark.parametrize(
    "sentence, maximum",
    [
        ("Naloxone 400 micrograms IV, repeated every 2-3 minutes to a total of 2 mg.", (D(2), "mg", "course")),
        ("Repeat every 2-3 minutes up to a total of 10 mg.", (D(10), "mg", "course")),
    ],
)
def test_up_to_a_total_of_is_a_course_maximum_never_an_amount_to_give(sentence, maximum):
    doses = parse_statement(sentence)
    assert [d for d in doses if not d.amount_not_stated and d.amount_min == maximum[0]] == []
    assert [d.maximum for d in doses if d.maximum] == [maximum]


def test_a_total_after_the_doses_it_sums_and_a_course_total_alone_are_read_as_before():
    *_, total = parse_statement("Give 3 doses of 2 g, a total of 6 g.")
    assert total.total
    (course,) = parse_statement("Give a total of 2 g/kg over 2 days.")
    assert course.per == "course" and course.amount_min == D(2)


# ---------------------------------------------------------------------------------------------- lead-ins naming two drugs

TWO_DRUG_TABLE = """Give oral paracetamol every 4-6 hours, or oral ibuprofen every 6-8 hours:

      Age              Paracetamol        Ibuprofen
  3-5 months              60 mg             50 mg
 6-23 months             120 mg             50 mg
   2-3 years             180 mg            100 mg"""

TWO_DRUG_BULLETS = """Give oral paracetamol every 4-6 hours, or oral ibuprofen every 6-8 hours:
- 3-5 months: paracetamol 60 mg; ibuprofen 50 mg
- 2-3 years: paracetamol 180 mg; ibuprofen 100 mg"""


@pytest.mark.parametrize("body", [TWO_DRUG_TABLE, TWO_DRUG_BULLETS])
def test_each_drug_under_a_lead_in_takes_its_own_clauses_schedule_never_the_other_drugs(lexicon, body):
    draft = draft_of(lexicon, body, heading="Doses by age")
    got = {(d.therapy.rsplit("/", 1)[-1], d.dose.amount_min): d.dose.interval + (d.dose.interval_max,)
           for d in draft.doses if not d.dose.amount_not_stated}
    assert got[("acetaminophen", D(60))] == (D(4), "hour", D(6))
    assert got[("acetaminophen", D(180))] == (D(4), "hour", D(6))
    assert got[("ibuprofen", D(50))] == (D(6), "hour", D(8))
    assert got[("ibuprofen", D(100))] == (D(6), "hour", D(8))


def test_a_lead_in_with_one_schedule_for_two_drugs_still_gives_it_to_both(lexicon):
    body = "Give oral paracetamol or ibuprofen every 6 hours:\n- 3-5 months: paracetamol 60 mg; ibuprofen 50 mg"
    draft = draft_of(lexicon, body, heading="Doses by age")
    intervals = {d.dose.interval for d in draft.doses if not d.dose.amount_not_stated}
    assert intervals == {(D(6), "hour")}


# ---------------------------------------------------------------------------------------------- a title with its notice

NOTICE_PAGE = """{title}

What antibiotics should be given for suspected sepsis in children?

Last reviewed: 3 October 2023

Treatment

- Give cefotaxime 50 mg/kg every 8 hours IV [1].

References

1. Invented Group. Sepsis antibiotics. Invented Journal, 2021.
"""


@pytest.mark.parametrize(
    "title, name",
    [
        ("# Neonatal sepsis: invented test guidance, not clinical advice", "page.md"),
        ("Neonatal sepsis (invented test guidance, not clinical advice)", "page.txt"),
        ("Neonatal sepsis in the first week - not clinical advice", "page.txt"),
    ],
)
def test_a_title_that_carries_its_not_advice_notice_stays_the_title(title, name):
    page = NOTICE_PAGE.format(title=title)
    if name.endswith(".md"):
        page = page.replace("\nTreatment\n", "\n## Treatment\n").replace("\nReferences\n", "\n## References\n")
    article, _ = read_any(page.encode(), name)
    assert article.title.startswith("Neonatal sepsis"), article.title
    assert "Treatment" in article.headings, "the first section stays a section, not the title"
    assert not [p for p in article.problems if "furniture" in p[1]]


@pytest.mark.parametrize(
    "notice",
    [
        "Invented test guidance written for the kg project; not clinical advice.",
        "Educational test guidance written for this project; it is not clinical advice.",
        "Disclaimer: this page is not clinical advice.",
    ],
)
def test_a_notice_line_of_its_own_above_the_title_is_still_set_aside(notice):
    from kg.sources.page_chrome import chrome_reason

    assert chrome_reason(notice) == "a disclaimer"


@pytest.mark.parametrize("cell", ["Loading 7 mg/kg", "Loading: 7 mg/kg", "loading dose 7 mg/kg"])
def test_a_loading_amount_from_a_loading_dose_column_is_one_initial_administration(cell):
    d, maintenance = given_doses(parse_statement(f"weight under 10 kg: {cell}, Maintenance 5 mg/kg every 24 hours"))
    assert maintenance.doses is None and not maintenance.initial
    assert (d.amount_min, d.doses, d.per, d.initial, d.band) == (D(7), (1, 1), "dose", True, "under 10 kg")


def test_a_loading_dose_column_of_a_pipe_table_drafts_one_initial_administration(lexicon):
    body = ("| Weight | Loading dose | Maintenance dose |\n|---|---|---|\n"
            "| under 10 kg | 7 mg/kg | 5 mg/kg every 24 hours |\n| 10 kg and over | 7 mg/kg | 5 mg/kg every 24 hours |")
    draft = draft_of(lexicon, body, heading="Gentamicin dosing by weight")
    loading = [d.dose for d in draft.doses if d.dose.amount_min == D(7)]
    assert len(loading) == 2 and all(d.doses == (1, 1) and d.initial for d in loading)
    maintenance = [d.dose for d in draft.doses if d.dose.amount_min == D(5)]
    assert len(maintenance) == 2 and all(d.doses is None and not d.initial for d in maintenance)


@pytest.mark.parametrize(
    "sentence, band",
    [
        ("Neonates under 72 hours old: benzylpenicillin 25 mg/kg every 12 hours IV.", "under 72 hours"),
        ("Neonates 72 hours and older: cefotaxime 50 mg/kg every 8 hours IV.", "72 hours and older"),
        ("Under 24 hours old: 5 mg/kg.", "under 24 hours"),
    ],
)
def test_a_neonates_age_in_hours_is_a_band(sentence, band):
    (d,) = given_doses(parse_statement(sentence))
    assert d.band == band


@pytest.mark.parametrize(
    "sentence",
    ["Give 500 mg every 8 hours for 72 hours.", "Give 10 mg/kg every 12 hours for 48 hours or more.",
     "Give 2 g over 24 hours."],
)
def test_hours_of_a_course_or_an_infusion_are_never_a_band(sentence):
    (d,) = given_doses(parse_statement(sentence))
    assert d.band is None


@pytest.mark.parametrize(
    "sentence, first_route, second_route",
    [
        ("Benzylpenicillin 25 mg/kg every 12 hours IV with gentamicin 5 mg/kg every 36 hours.", "intravenous", None),
        ("Give 1 g IV and 500 mg orally.", "intravenous", "oral"),
        ("Give ceftriaxone 2 g IV plus azithromycin 500 mg orally.", "intravenous", "oral"),
    ],
)
def test_a_route_written_before_with_and_or_plus_is_the_dose_before_it(sentence, first_route, second_route):
    a, b = given_doses(parse_statement(sentence))
    assert (a.route, b.route) == (first_route, second_route)


def test_a_component_joined_by_with_still_shares_the_schedule_said_after_it(lexicon):
    draft = draft_of(lexicon, "- Give 90 mg/kg/day of amoxicillin with 6.4 mg/kg/day of clavulanate orally in 2 "
                              "divided doses for 10 days.")
    got = {d.therapy.rsplit("/", 1)[-1]: d.dose for d in draft.doses if not d.dose.amount_not_stated}
    assert got["amoxicillin"].route == got["clavulanic-acid"].route == "oral"
    assert got["amoxicillin"].times_per_day == got["clavulanic-acid"].times_per_day == 2


# ---------------------------------------------------------------------------------------------- more table shapes

DRIFTING_TABLE = """Drug              Dose         Route    Frequency       Max daily dose
Ceftriaxone       1-2 g        IV       q24h            2 g
Ampicillin-sulbactam  1.5-3 g  IV       q6h             12 g
Azithromycin      500 mg       IV/PO    daily           500 mg"""


def test_a_text_table_row_pushed_along_by_a_long_cell_is_read_in_column_order(lexicon):
    article, _ = read_any(ARTICLE.format(heading="Inpatients", body=DRIFTING_TABLE).encode(), "gaps.txt")
    texts = [i.text for i in article.items]
    assert any("Ampicillin-sulbactam" in t and "1.5-3 g" in t and "maximum 12 g per day" in t for t in texts), texts
    draft = draft_of(lexicon, DRIFTING_TABLE, heading="Inpatients")
    got = {d.therapy.rsplit("/", 1)[-1]: d.dose for d in draft.doses if not d.dose.amount_not_stated}
    assert got["ceftriaxone"].maximum == (D(2), "g", "day")
    assert got["ceftriaxone"].interval == (D(24), "hour")


@pytest.mark.parametrize(
    "column, cell, text",
    [
        ("Max daily dose", "2 g", "maximum 2 g per day"),
        ("Maximum per dose", "1 g", "maximum 1 g per dose"),
        ("Max daily dose", "4 g/day", "maximum 4 g/day"),
        ("Maximum", "2 g", "maximum 2 g"),
    ],
)
def test_a_maximum_columns_period_is_the_maximums(column, cell, text):
    from kg.sources.tables import table_row_text

    assert text in table_row_text(["Drug", column], ["Ceftriaxone", cell])


def test_a_sentence_with_wide_spaces_is_never_a_table_row():
    body = ("Drug              Dose\n"
            "Give ceftriaxone  for severe  infection.\n")
    article, _ = read_any(ARTICLE.format(heading="Inpatients", body=body).encode(), "gaps.txt")
    assert not article.table_rows


def test_first_dose_amount_is_one_initial_administration_and_the_course_dose_keeps_its_schedule():
    a, b = given_doses(parse_statement("Doxycycline 100 mg PO BID x 5 days (first dose 200 mg)."))
    assert (a.amount_min, a.times_per_day, a.doses, a.initial) == (D(100), 2, None, False)
    assert (b.amount_min, b.doses, b.per, b.initial) == (D(200), (1, 1), "dose", True)


def test_a_target_trough_per_ml_is_a_level_not_a_product_strength():
    doses = parse_statement("Add vancomycin 15 mg/kg IV q12h (target trough 15-20 mcg/mL).")
    (level,) = [d for d in doses if d.level]
    assert (level.amount_min, level.amount_max, level.unit) == (D(15), D(20), "mcg")
    assert [d.amount_min for d in given_doses(doses)] == [D(15)]
    (strength,) = parse_statement("Amoxicillin 125 mg/5 mL suspension.")
    assert strength.strength and not strength.level


def test_rows_of_a_markdown_pipe_table_are_never_read_again_as_a_text_table_under_their_first_row(lexicon):
    text = ("# Invented H. pylori guidance\n\nWhat should be given?\n\nLast updated: May 5, 2021\n\n## Treatment\n\n"
            "First-line triple therapy for 7 days:\n\n| Drug | Dose | Route | Frequency |\n| --- | --- | --- | --- |\n"
            "| Omeprazole | 20 mg | oral | twice daily |\n| Amoxicillin | 1 g | oral | twice daily |\n"
            "| Clarithromycin | 500 mg | oral | twice daily |\n\n## References\n\n1. A. A title. Journal 2020.\n")
    article, _ = read_any(text.encode(), "hp.md")
    draft = build_draft(article, lexicon, "hp.md")
    got = sorted((d.therapy.rsplit("/", 1)[-1], d.dose.amount_min, d.dose.unit) for d in draft.doses
                 if not d.dose.amount_not_stated)
    assert got == [("amoxicillin", D(1), "g"), ("clarithromycin", D(500), "mg"), ("omeprazole", D(20), "mg")]


# ---------------------------------------------------------------------------------------------- alternatives and labels


@pytest.mark.parametrize(
    "sentence, schedule",
    [
        ("Give 500 mg (250 mg in children under 12 years) twice daily.", (2, None)),
        ("Give 500 mg (250 mg in children under 12 years) twice daily for 5 days.", (2, (D(5), D(5), "day"))),
    ],
)
def test_the_schedule_after_a_bracketed_alternative_amount_is_the_main_doses_too(sentence, schedule):
    main, child = given_doses(parse_statement(sentence))
    assert (main.amount_min, main.times_per_day, main.duration, main.band) == (D(500), *schedule, None)
    assert (child.amount_min, child.times_per_day, child.duration, child.band) == (D(250), *schedule, "under 12 years")


def test_a_conditional_alternative_in_a_bracket_leaves_the_main_doses_own_schedule():
    main, alt = given_doses(parse_statement("Give 60 mg BD (30 mg BD if eGFR 10-30)."))
    assert (main.times_per_day, main.condition) == (2, None)
    assert (alt.amount_min, alt.condition) == (D(30), "if eGFR 10-30")


@pytest.mark.parametrize(
    "sentence",
    ["Children aged 1 to 4 years: 2.5 mg; 5 to 11 years: 5 mg; 12 years and over: 10 mg.",
     "1 to 4 years: 2.5 mg, 5 to 11 years: 5 mg, 12 years and over: 10 mg."],
)
def test_each_band_opening_a_clause_labels_that_clauses_dose(sentence):
    bands = [d.band for d in given_doses(parse_statement(sentence))]
    assert bands == ["1-4 years", "5-11 years", "12 years and over"]


def test_a_course_length_opening_a_clause_is_not_a_band():
    (d,) = given_doses(parse_statement("Give 5 mg for 3 days; 7 days: review."))
    assert d.band is None


# ---------------------------------------------------------------------------------------------- course segments


@pytest.mark.parametrize(
    "sentence, first, later",
    [
        ("Give 500 mg twice daily for 3 days, then once daily for 4 days.",
         (2, None, (D(3), D(3), "day")), (1, None, (D(4), D(4), "day"))),
        ("Give 1 g every 8 hours for 48 hours, then every 12 hours.",
         (None, (D(8), "hour"), (D(48), D(48), "hour")), (None, (D(12), "hour"), None)),
    ],
)
def test_a_schedule_after_then_with_no_amount_is_a_later_segment_never_the_first_segments_schedule(
    sentence, first, later
):
    a, b = given_doses(parse_statement(sentence))
    assert (a.times_per_day, a.interval, a.duration) == first and not a.segment
    assert (b.times_per_day, b.interval, b.duration) == later and b.segment
    assert (a.amount_min, a.unit) == (b.amount_min, b.unit)


@pytest.mark.parametrize(
    "sentence",
    ["Give 500 mg twice daily for 3 days, then stop.",
     "Give 2 g IV daily, then switch to oral amoxicillin twice daily.",
     "Give 500 mg twice daily for 3 days, then review the need for antibiotics."],
)
def test_words_after_then_that_name_an_action_or_another_drug_make_no_segment_and_leave_the_first_schedule(sentence):
    (a,) = given_doses(parse_statement(sentence))
    assert not a.segment and (a.times_per_day in (1, 2))


def test_a_later_segment_is_drafted_with_a_note_for_the_curator(lexicon):
    draft = draft_of(lexicon, "- Give amoxicillin 500 mg orally twice daily for 3 days, then once daily for 4 days.")
    got = sorted((d.dose.times_per_day, d.dose.duration) for d in draft.doses if not d.dose.amount_not_stated)
    assert got == [(1, (D(4), D(4), "day")), (2, (D(3), D(3), "day"))]
    notes = [n for s in draft.statements for n in s.needs]
    assert any("later course segment" in n for n in notes), notes


@settings(max_examples=40, deadline=None)
@given(
    first=st.sampled_from([("twice daily", 2), ("three times daily", 3), ("four times a day", 4)]),
    later=st.sampled_from([("once daily", 1), ("twice daily", 2)]),
    days=st.integers(2, 9),
)
def test_no_schedule_after_then_ever_replaces_the_first_segments_frequency(first, later, days):
    (w1, n1), (w2, n2) = first, later
    a, *rest = given_doses(parse_statement(f"Give 250 mg {w1} for {days} days, then {w2} for 5 days."))
    assert a.times_per_day == n1 and a.duration == (D(days), D(days), "day")
    assert [d.times_per_day for d in rest] == [n2]
