"""The schedule fields of a dose read from the whole family of ways a page prints them, wherever it prints them: a
lead-in's interval together with its daily ceiling, a course or frequency printed once before several banded amounts
(in the same clause or as a sentence of its own), a day's amount split 'in 1 or 2 doses', a week's amount given 'once a
week' after 'the usual dose of', an amount that is a ceiling because 'or less' follows it, the route and count a
second sentence states before its amount, and an age band opened by 'from'. Each expectation is what the phrase tells
a prescriber (tests/fixtures/import/articles/README.md, "Conventions"), written before the importer was run on it; the
articles are invented."""

from __future__ import annotations

import sys
from decimal import Decimal as D
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.dose_grammar import parse_statement

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from draft_reading import treatment_draft  # noqa: E402
from import_quality import dose_fact  # noqa: E402


def _doses(lexicon, body: str) -> list[tuple]:
    draft = treatment_draft(lexicon, body, test="schedule phrasings", name="schedules.txt")
    return [dose_fact(dd.dose, (dd.therapy or "none").rsplit("/", 1)[-1]) for dd in draft.doses
            if not dd.dose.amount_not_stated]


def _given(text: str):
    return [d for d in parse_statement(text) if not d.amount_not_stated]


# ------------------------------------------------------------- 1. a lead-in's interval and its one daily ceiling

LEAD_WITH_CEILING = """Ibuprofen, by mouth, every 6 to 8 hours when needed (not more than 1.2 g in 24 hours):

- under 12 years: 10 mg/kg
- 12 years and over: 400 mg
"""


def test_a_lead_in_ceiling_does_not_hide_the_lead_ins_interval_and_bounds_every_row(lexicon):
    facts = [f for f in _doses(lexicon, LEAD_WITH_CEILING) if f[0] == "ibuprofen"]
    assert len(facts) == 2
    for fact in facts:
        assert fact[7] == "6-8 hour"  # every 6 to 8 hours
        assert fact[10] == "1.2 g day"  # not more than 1.2 g in 24 hours
        assert fact[5] == "oral"


def test_a_lead_in_ceiling_is_not_read_as_an_amount_left_behind(lexicon):
    draft = treatment_draft(lexicon, LEAD_WITH_CEILING, test="schedule phrasings", name="schedules.txt")
    assert not any("the lead-in states the amount" in need for st in draft.statements for need in st.needs)


def test_a_ceiling_in_a_lead_in_naming_two_drugs_bounds_no_row(lexicon):
    # which drug's rows the one limit bounds is not said: no maximum is given to either
    body = """Ibuprofen or naproxen, by mouth, when needed (not more than 1.2 g in 24 hours):

- ibuprofen 400 mg
- naproxen 250 mg
"""
    facts = _doses(lexicon, body)
    assert facts and all(f[10] is None for f in facts)


# -------------------------------------------- 2. a schedule printed once before the banded amounts of one clause

def test_a_course_and_frequency_before_a_clauses_amounts_are_each_amounts():
    text = ("Severe allergy: clarithromycin by mouth twice a day for 7 days, 7.5 mg/kg for children under 12 years "
            "(maximum 500 mg per dose) and 500 mg from 12 years.")
    child, adult = _given(text)
    for d in (child, adult):
        assert d.times_per_day == 2 and d.duration == (D(7), D(7), "day")
    assert child.band == "under 12 years" and adult.band == "12 years and over"


def test_a_course_alone_before_the_amounts_times_each_amount_that_has_its_own_frequency():
    text = ("Mild allergy: cefuroxime by mouth for 7 days, 15 mg/kg twice a day for children under 12 years and "
            "250 mg twice a day from 12 years.")
    child, adult = _given(text)
    assert child.duration == adult.duration == (D(7), D(7), "day")
    assert child.times_per_day == adult.times_per_day == 2


def test_a_sentence_stating_only_a_schedule_is_the_lead_of_the_band_rows_after_it():
    text = ("Severe allergy: clarithromycin orally once daily for 5 days. Children under 12 years: 15 mg/kg (maximum "
            "500 mg per dose). From 12 years: 500 mg.")
    child, adult = _given(text)
    for d in (child, adult):
        assert d.per == "day" and d.times_per_day == 1 and d.duration == (D(5), D(5), "day")
    assert adult.band == "12 years and over"


def test_a_sentence_lead_does_not_reach_past_a_sentence_that_is_not_a_band_row():
    text = ("Clarithromycin orally once daily for 5 days. Check the liver tests first. Children under 12 years: "
            "15 mg/kg.")
    (child,) = _given(text)
    assert child.duration is None and child.times_per_day is None


def test_another_regimens_schedule_before_an_amount_is_not_its_course():
    # permethrin's 5 days (and its later twice a week) are not the ivermectin dose's course
    text = ("Apply permethrin cream every day for 5 days, then twice a week until cured, plus oral ivermectin "
            "200 micrograms/kg on days 1 and 8.")
    (ivermectin,) = [d for d in _given(text) if d.unit == "micrograms" or d.unit == "mcg"]
    assert ivermectin.duration is None


def test_taking_a_drug_for_a_time_is_not_an_age_band_of_the_rows_under_it(lexicon):
    body = """Offer bone protection to anyone expected to take prednisolone for 3 months or more:

- calcium carbonate 1.25 g by mouth twice a day
"""
    facts = _doses(lexicon, body)
    assert facts
    for fact in facts:
        assert fact[11] is None  # no band: the 3 months are how long prednisolone is taken
        assert fact[8] is None  # ... and not the course of what is offered


# --------------------------------------------------------------- 3. a day's amount split into one or two doses

_PER_DAY = ("a day", "daily", "per day")


@settings(max_examples=60, deadline=None)
@given(
    per_day=st.sampled_from(_PER_DAY),
    low=st.integers(1, 3),
    extra=st.integers(1, 2),
    shape=st.sampled_from(("in {a} or {b} doses", "in {a} to {b} divided doses", "in {a} or {b} divided doses",
                           "in {a}-{b} doses")),
    words=st.booleans(),
)
def test_a_days_amount_in_n_or_m_doses_is_given_n_to_m_times_a_day(per_day, low, extra, shape, words):
    names = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}
    high = low + extra
    a, b = (names[low], names[high]) if words and "-" not in shape else (str(low), str(high))
    (d,) = _given(f"Give 2 mg/kg {per_day} by mouth, {shape.format(a=a, b=b)}.")
    assert d.per == "day"
    assert d.times_range == (low, high) and d.times_per_day is None
    assert d.doses is None  # how the day's amount is split, never a number of doses in all


@settings(max_examples=30, deadline=None)
@given(
    first=st.sampled_from(("as a single dose", "in a single dose", "once daily", "once a day")),
    high=st.integers(2, 4),
    divided=st.booleans(),
)
def test_a_days_amount_once_or_in_m_doses_is_given_one_to_m_times_a_day(first, high, divided):
    (d,) = _given(f"200-400 mg a day by mouth, {first} or in {high} {'divided ' if divided else ''}doses.")
    assert d.per == "day" and d.times_range == (1, high) and d.doses is None


def test_doses_split_over_more_than_a_day_are_still_a_count():
    (d,) = _given("2 g/kg a day in 2 to 4 doses over 48 hours.")
    assert d.times_range is None


# ------------------------------------------------------------------- 4. a week's amount and a ceiling after it

@settings(max_examples=30, deadline=None)
@given(weekly=st.sampled_from(("once a week", "once weekly", "once per week", "once every week")),
       lead=st.sampled_from(("the usual dose of ", "a maintenance dose of ", "")))
def test_an_amount_given_once_a_week_is_the_weeks_amount(weekly, lead):
    (d,) = _given(f"Raise it to {lead}15-20 mg {weekly}.") if lead else _given(f"Give 15-20 mg {weekly}.")
    assert d.per == "week" and d.times_per_week is None


@settings(max_examples=40, deadline=None)
@given(amount=st.sampled_from(("5", "7.5", "10", "2.5")), period=st.sampled_from(("a day", "daily", "per day")),
       word=st.sampled_from(("less", "lower")))
def test_an_amount_followed_by_or_less_is_a_ceiling(amount, period, word):
    (d,) = _given(f"Reduce oral prednisolone to a maintenance dose of {amount} mg {period} or {word} within 3 months.")
    assert d.ceiling and d.amount_min is None and d.amount_max == D(amount) and d.per == "day"


def test_or_less_after_a_range_is_not_read_as_a_ceiling():
    (d,) = _given("Give 5-10 mg a day or less often if tolerated.")
    assert not d.ceiling


# -------------------------------------------------- 5. a second sentence's own words before its amount, and bands

def test_a_second_sentences_route_and_single_dose_before_its_amount_are_the_amounts():
    text = ("Mild flare: prednisolone 20 mg by mouth once a day for 1 week, then taper. Alternatively, give a "
            "single intramuscular injection of methylprednisolone acetate (a depot brand) 80-120 mg.")
    _pred, methyl = _given(text)
    assert methyl.route == "intramuscular" and methyl.doses == (1, 1) and methyl.per == "dose"


@settings(max_examples=30, deadline=None)
@given(age=st.integers(2, 17), unit=st.sampled_from(("years",)),
       shape=st.sampled_from(("From {n} {u}: 500 mg twice daily.", "500 mg twice a day from {n} {u}.")))
def test_from_an_age_is_the_open_band_of_that_age_and_over(age, unit, shape):
    (d,) = _given(shape.format(n=age, u=unit))
    assert d.band == f"{age} years and over"


def test_from_a_time_after_an_event_is_not_an_age_band():
    (d,) = _given("Give 10 mg daily from 3 months after diagnosis.")
    assert d.band is None


# ------------------------------------------------------ 6. 'every N or M weeks', and a row of a renal band

@settings(max_examples=40, deadline=None)
@given(low=st.integers(1, 6), extra=st.integers(1, 4),
       unit=st.sampled_from((("hours", "hour"), ("days", "day"), ("weeks", "week"))),
       joiner=st.sampled_from(("or", "to", "-")))
def test_every_n_or_m_units_is_the_interval_range_they_span(low, extra, unit, joiner):
    high = low + extra
    sep = "-" if joiner == "-" else f" {joiner} "
    (d,) = _given(f"1.2 million units by deep intramuscular injection every {low}{sep}{high} {unit[0]}.")
    assert d.interval == (D(low), unit[1]) and d.interval_max == D(high)
    assert d.route == "intramuscular"


def test_a_renal_band_row_restating_the_usual_amount_keeps_its_intravenous_route(lexicon):
    body = """Pentamidine may be used under specialist supervision:

- 4 mg/kg once a day by slow intravenous infusion over 60 minutes, for 14 days.
- If CrCl is below 10 mL/min: 4 mg/kg every 48 hours.
"""
    facts = [f for f in _doses(lexicon, body) if f[0] == "pentamidine"]
    renal = [f for f in facts if f[11] is not None]
    assert len(renal) == 1 and renal[0][5] == "intravenous" and renal[0][7] == "48 hour"


def test_a_renal_band_row_with_another_amount_takes_no_parenteral_route(lexicon):
    # another amount may be another regimen (given another way): the route is not guessed
    body = """Pentamidine may be used under specialist supervision:

- 4 mg/kg once a day by slow intravenous infusion over 60 minutes, for 14 days.
- If CrCl is below 10 mL/min: 3 mg/kg every 48 hours.
"""
    renal = [f for f in _doses(lexicon, body) if f[0] == "pentamidine" and f[11] is not None]
    assert renal and all(f[5] == "none" for f in renal)


# ------------------------------------------------ 7. what the patients already take, and a condition's colon

@settings(max_examples=20, deadline=None)
@given(who=st.sampled_from(("those taking", "people taking", "anyone on", "patients receiving")),
       more=st.sampled_from(("or more", "or above", "or higher")))
def test_a_floor_of_what_the_patients_take_is_not_a_dose_to_give(lexicon, who, more):
    body = f"Offer prophylaxis to {who} prednisolone 20 mg a day {more} for at least 4 weeks 1."
    assert not [f for f in _doses(lexicon, body) if f[0] == "prednisolone"]


def test_an_amount_given_to_a_patient_on_another_drug_is_still_drafted(lexicon):
    facts = _doses(lexicon, "In people taking methotrexate, give at least 5 mg of folic acid once a week 1.")
    assert [f for f in facts if f[0] == "folic-acid"]


def test_an_amount_after_a_condition_that_a_drug_is_not_available_is_a_dose_not_a_strength():
    (d,) = _given("Aspirin is the alternative when naproxen is not tolerated or not available: 50-60 mg/kg a day "
                  "by mouth in four divided doses, up to 4 g a day.")
    assert not d.strength and d.per == "day" and d.times_per_day == 4


def test_an_amount_after_the_words_available_as_is_still_a_strength():
    (d,) = [x for x in parse_statement("Tablets are available as 2.5 mg.") if not x.amount_not_stated] or [None]
    assert d is None or d.strength


# ------------------------------------------------------------ 8. a table printed with semicolons between cells

SEMICOLON_TABLE = """Prophylaxis regimens (drug; weight; dose; route; frequency)
Benzathine benzylpenicillin; under 25 kg; 450,000 units; deep intramuscular; every 4 weeks
Benzathine benzylpenicillin; 25 kg and over; 900,000 units; deep intramuscular; every 3 weeks
Erythromycin; penicillin allergy; 250 mg; oral; twice daily
"""


def test_rows_of_a_semicolon_table_are_read_one_row_at_a_time(lexicon):
    facts = _doses(lexicon, SEMICOLON_TABLE)
    bicillin = sorted(f for f in facts if f[0] == "penicillin-g-benzathine")
    assert [(f[1], f[5], f[7]) for f in bicillin] == [("450000", "intramuscular", "4 week"),
                                                      ("900000", "intramuscular", "3 week")]
    (ery,) = [f for f in facts if f[0] == "erythromycin"]
    assert ery[5] == "oral" and ery[6] == "2"


def test_a_schedule_in_the_cell_before_a_flattened_table_row_is_not_the_rows_course():
    # a table flattened to one line: 'for 3 wk' ends the row before, the next row opens with a capitalised cell
    text = ("Late disease Tetracycline, 500 mg p.o. qid for 3 wk Nerve involvement Aqueous penicillin G, 18 million "
            "units daily, given as 3 million units i.v. every 4 h")
    later = [d for d in _given(text) if d.amount_min == D(18000000)]
    assert later and later[0].duration is None
