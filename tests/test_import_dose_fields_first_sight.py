"""Dose fields a reader fills at first sight on pages of any condition: the period of a bare amount, a route written as
a form or a method, a titration step kept out of the dose it titrates, a maximum printed after the dose sentence,
and a schedule of named days. Each expectation is what the phrase tells a prescriber, written before the importer was
run on it (tests/fixtures/import/articles/README.md, "Conventions", says how the facts are read)."""

from __future__ import annotations

import sys
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.dose_grammar import parse_statement
from kg.importer.route_forms import route_forms

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from draft_reading import treatment_draft  # noqa: E402
from import_quality import canonical_dose, dose_fact  # noqa: E402


def _drafted(lexicon, body: str):
    return treatment_draft(lexicon, body, test="dose fields", name="fields.txt")


def _doses(lexicon, body: str) -> list[tuple]:
    draft = _drafted(lexicon, body)
    return [dose_fact(dd.dose, (dd.therapy or "none").rsplit("/", 1)[-1]) for dd in draft.doses
            if not dd.dose.amount_not_stated]


# ------------------------------------------------------------------------------------- 1. a bare amount's period

@pytest.mark.parametrize(
    ("line", "drug", "route"),
    [
        ("- Buccal midazolam 5 mg 1", "midazolam", "buccal"),
        ("- Haloperidol 5 mg IM 1", "haloperidol", "intramuscular"),
        ("- Lorazepam 0.1 mg/kg IV (max 4 mg) 1", "lorazepam", "intravenous"),
    ],
)
def test_an_amount_with_no_frequency_is_the_amount_given_at_one_time(lexicon, line, drug, route):
    (fact,) = [f for f in _doses(lexicon, line) if f[0] == drug]
    assert fact[4] == "dose" and fact[5] == route
    assert fact[6] is None and fact[7] is None  # nothing invented: no times a day, no interval


def test_a_bare_amount_read_per_dose_is_flagged_for_the_curator(lexicon):
    draft = _drafted(lexicon, "- Haloperidol 5 mg IM 1")
    assert any("no frequency" in n.reason for n in draft.notes)


def test_an_upper_bound_alone_is_not_read_as_one_administration(lexicon):
    # 'up to 4 g' may be a day's ceiling: the period stays not stated
    facts = _doses(lexicon, "- Paracetamol up to 4 g 1")
    assert all(f[4] != "dose" for f in facts)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(amount=st.integers(1, 900), unit=st.sampled_from(["mg", "micrograms", "g"]),
       route=st.sampled_from(["IV", "IM", "orally", "", "by mouth"]))
def test_a_bare_amount_is_never_drafted_as_a_days_amount(lexicon, amount, unit, route):
    facts = _doses(lexicon, f"- Haloperidol {amount} {unit} {route} 1".replace("  ", " "))
    assert facts and all(f[4] == "dose" and f[6] is None for f in facts)


def test_the_scorer_joins_per_none_and_per_dose_only_when_nothing_times_the_amount():
    bare = ("d", "5", "mg", "flat", "none", "oral", None, None, None, None, None, None)
    assert canonical_dose(bare) == canonical_dose(bare[:4] + ("dose",) + bare[5:])
    twice = ("d", "5", "mg", "flat", "none", "oral", "2", None, None, None, None, None)
    assert canonical_dose(twice) != canonical_dose(twice[:4] + ("dose",) + twice[5:])
    every = ("d", "5", "mg", "flat", "none", "oral", None, "8 hour", None, None, None, None)
    assert canonical_dose(every) != canonical_dose(every[:4] + ("dose",) + every[5:])


# ------------------------------------------------------------------------------ 2b. a route written as a form

def _parsed(text: str):
    return [d for d in parse_statement(text) if not d.amount_not_stated]


@pytest.mark.parametrize(
    ("text", "route"),
    [
        ("Levomepromazine 6.25 mg s/c at night", "subcutaneous"),
        ("Levomepromazine 6.25 mg S/C at night", "subcutaneous"),
        ("Morphine 2.5 mg by subcutaneous injection every 4 hours", "subcutaneous"),
        ("Haloperidol 1.5 mg subcut at night", "subcutaneous"),
        ("Fentanyl 12 micrograms/hour patch, changed every 72 hours", "transdermal"),
        ("Bisacodyl 10 mg suppository at night", "rectal"),
        ("Prednisolone 20 mg foam enema at night", "rectal"),
        ("Amoxicillin 500 mg dispersible tablets three times a day", "oral"),
        ("Clotrimazole 500 mg vaginal tablet at night", "vaginal"),
    ],
)
def test_a_route_written_as_a_form_or_a_method_is_read(text, route):
    (dose,) = _parsed(text)
    assert dose.route == route and not dose.strength


@pytest.mark.parametrize(
    "text",
    [
        "If unable to take tablets, give 1 g IV",  # the route word wins; the form is one the patient cannot take
        "Amoxicillin 500 mg capsules three times a day, or 1 g IV",
    ],
)
def test_a_route_word_is_never_overruled_by_a_form(text):
    assert any(d.route == "intravenous" for d in _parsed(text))


@pytest.mark.parametrize("text", ["Give 500 mg of it", "Ibuprofen 400 mg three times a day with food",
                                  "Budesonide 2 mg foam once daily"])
def test_no_route_is_invented_where_no_word_says_one(text):
    assert all(d.route is None for d in _parsed(text))


def test_every_route_form_in_the_data_file_names_a_route_and_is_read_in_a_dose():
    forms = route_forms()
    assert forms and all(route for route in forms.values())
    for form, route in forms.items():
        (dose,) = _parsed(f"Give 10 mg every 8 hours {' '.join(form).replace(' / ', '/')}")
        assert dose.route == route, form


# ---------------------------------------------------- a strength with its form and a schedule is the dose itself

@pytest.mark.parametrize(
    ("text", "amount", "route"),
    [("Diclofenac 100 mg suppository once daily", "100", "rectal"),
     ("Bisacodyl 10 mg suppository at night", "10", "rectal")],
)
def test_the_only_amount_of_a_scheduled_form_is_the_dose(text, amount, route):
    (dose,) = _parsed(text)
    assert (str(dose.amount_min), dose.route, dose.strength) == (amount, route, False)


@pytest.mark.parametrize("text", ["Take two 500 mg tablets twice daily", "Levothyroxine 25 microgram tablets",
                                  "Available as 500 mg tablets; take twice daily",
                                  "Paracetamol 500 mg tablets, two tablets four times a day"])
def test_a_strength_stays_a_strength_when_a_count_or_listing_goes_with_it(text):
    assert all(d.strength for d in _parsed(text) if str(d.amount_min) == "500" or d.unit == "mcg")


# ------------------------------------------------------------------------------------ 4. a schedule of named days

def test_one_injection_on_day_1_and_another_on_day_8_is_two_doses_a_week_apart():
    (dose,) = _parsed("Benzathine benzylpenicillin 2.4 million units IM, one injection on day 1 and another on day 8")
    assert dose.doses == (2, 2) and dose.interval == (D(7), "day") and dose.per == "dose"


def test_a_list_of_days_never_runs_into_the_next_amount():
    first, second = _parsed("Methotrexate 50 mg on day 1 and 100 mg on day 8")
    assert first.interval is None and second.interval is None  # never 99 days (100 - 1)
    assert first.doses == (1, 1) and second.doses == (1, 1)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(day=st.integers(1, 30), amount=st.integers(2, 999), unit=st.sampled_from(["mg", "g", "micrograms", "units"]))
def test_an_amount_after_a_named_day_is_never_read_as_a_day(day, amount, unit):
    doses = _parsed(f"Give 40 mg on day {day} and {amount} {unit} on day {day + 7}")
    assert all(d.interval is None or d.interval[0] < 40 for d in doses)
    assert len(doses) == 2


# ------------------------------------------------------------------ 3. a titration step's timing is not the dose's

@pytest.mark.parametrize(
    ("text", "per", "times", "interval"),
    [
        ("Levothyroxine 250 micrograms TDS, increased at weekly intervals", "dose", 3, None),
        ("Insulin 20 units/hour, doubled every 30 minutes", "hour", None, None),
        ("Amitriptyline 10 mg at night, increase every 2 weeks", "day", 1, None),
        ("Propranolol 40 mg twice daily, titrated every 3 days", "dose", 2, None),
    ],
)
def test_the_steps_interval_or_period_is_never_the_doses(text, per, times, interval):
    (dose,) = _parsed(text)
    assert (dose.per, dose.times_per_day, dose.interval) == (per, times, interval)


def test_double_strength_is_a_product_not_a_step():
    (dose,) = _parsed("Co-trimoxazole 960 mg, double strength, twice daily")
    assert dose.times_per_day == 2


@settings(max_examples=30, deadline=None, derandomize=True)
@given(verb=st.sampled_from(["increased", "titrated", "reduced", "doubled", "increase", "taper"]),
       n=st.integers(1, 12), unit=st.sampled_from(["days", "weeks", "minutes", "hours"]))
def test_a_change_every_n_units_after_a_twice_daily_dose_leaves_its_schedule_alone(verb, n, unit):
    (dose,) = _parsed(f"Give 40 mg twice daily, {verb} every {n} {unit}")
    assert (dose.per, dose.times_per_day, dose.interval) == ("dose", 2, None)


# ------------------------------------------------------------- 4. a maximum printed on the line under the dose

def test_a_maximum_on_the_line_under_a_dose_is_that_doses_maximum(lexicon):
    facts = _doses(lexicon, "- Gabapentin 300 mg orally three times a day 1\n- Maximum 3.6 g a day 1")
    assert facts == [("gabapentin", "300", "mg", "flat", "dose", "oral", "3", None, None, None, "3.6 g day", None)]


def test_a_maximum_line_under_two_drugs_bounds_neither(lexicon):
    facts = _doses(lexicon, "- Gabapentin 300 mg three times a day, or pregabalin 75 mg twice daily 1\n"
                            "- Maximum 600 mg a day 1")
    assert all(f[10] is None for f in facts)


def test_a_maximum_line_naming_another_drug_is_not_carried(lexicon):
    facts = _doses(lexicon, "- Gabapentin 300 mg three times a day 1\n- Pregabalin: maximum 600 mg a day 1")
    assert all(f[10] is None for f in facts if f[0] == "gabapentin")
