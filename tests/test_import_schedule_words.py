"""Schedule words a reader meets at first sight on pages of any condition: "every other week" and its kin as an
interval, a day's amount "in 2-3 divided doses" as two or three doses a day, a dose given "at week 0" as one
administration, "two applications 7 days apart" as a count, a week label ("Weeks 1-2: 25 mg once daily") as the
course of the dose under it, a taper's steps and targets as steps (never doses), "a lactulose retention enema" as
lactulose (never a class "lactuloses"), "a lactate of 4 mmol/L" as a measure, and "retained for 30-60 minutes" as
how long one application stays, not the course. Each expectation is what the phrase tells a prescriber, written before
the importer was run on it (tests/fixtures/import/articles/README.md, "Conventions")."""

from __future__ import annotations

import sys
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.dose_grammar import parse_statement

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from draft_reading import treatment_draft  # noqa: E402

ORDINALS = {"other": 2, "alternate": 2, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
PERIODS = {"day": "day", "week": "week", "month": "month"}


def _given(text: str):
    """The doses a statement gives (never a titration step)."""
    return [d for d in parse_statement(text) if not d.titration and not d.amount_not_stated]


@settings(max_examples=60, deadline=None)
@given(amount=st.integers(1, 900), ordinal=st.sampled_from(sorted(ORDINALS)), period=st.sampled_from(sorted(PERIODS)),
       route=st.sampled_from(["SC", "orally", "IM", ""]))
def test_every_nth_period_is_an_interval_of_n_periods(amount, ordinal, period, route):
    (d,) = _given(f"{amount} mg {route} every {ordinal} {period}".replace("  ", " "))
    assert d.interval == (D(ORDINALS[ordinal]), PERIODS[period])
    assert d.per == "dose" and d.times_per_day is None and d.doses is None


@pytest.mark.parametrize("phrase, interval", [
    ("40 mg SC every other week", (D(2), "week")),
    ("40 mg SC every alternate week", (D(2), "week")),
    ("40 mg on alternate weeks", (D(2), "week")),
    ("40 mg on alternate days", (D(2), "day")),
    ("40 mg every second day", (D(2), "day")),
    ("40 mg fortnightly", (D(2), "week")),
])
def test_alternate_and_other_periods_read_as_every_two(phrase, interval):
    (d,) = _given(phrase)
    assert d.interval == interval


def test_twice_and_three_times_a_week_stay_times_a_week_not_an_interval():
    for phrase, n in (("40 mg twice weekly", 2), ("40 mg three times a week", 3)):
        (d,) = _given(phrase)
        assert d.times_per_week == n and d.interval is None and d.times_per_day is None


def test_every_other_hour_is_not_read_as_a_schedule():
    # 'other' before an hour is not how a page gives a schedule: no interval is guessed
    assert all(d.interval is None for d in _given("5 mg every other hour"))


@settings(max_examples=60, deadline=None)
@given(low=st.integers(1, 3), extra=st.integers(1, 2), amount=st.integers(5, 900),
       daily=st.sampled_from(["daily", "a day", "per day", "PO daily", "orally daily"]),
       split=st.sampled_from(["in {a}-{b} divided doses", "in {a} to {b} divided doses", "divided into {a}-{b} doses",
                              "divided into {a} or {b} doses"]))
def test_a_days_amount_in_a_range_of_divided_doses_is_that_many_doses_a_day(low, extra, amount, daily, split):
    high = low + extra
    (d,) = _given(f"{amount} mg {daily} {split.format(a=low, b=high)}")
    assert d.per == "day" and d.times_range == (low, high)
    assert d.times_per_day is None, "a day's amount split into 2-3 doses is not given once a day"


def test_hydrocortisone_daily_in_two_to_three_divided_doses():
    (d,) = _given("hydrocortisone 15-25 mg orally daily in 2-3 divided doses")
    assert (d.amount_min, d.amount_max, d.per, d.route, d.times_range, d.times_per_day) == (
        D(15), D(25), "day", "oral", (2, 3), None)


def test_a_dose_at_week_n_is_one_administration_and_the_maintenance_is_not():
    first, second, maintenance = _given(
        "160 mg SC at week 0, then 80 mg SC at week 2, then 40 mg SC every other week")
    assert first.doses == (1, 1) and second.doses == (1, 1)
    assert maintenance.doses is None and maintenance.interval == (D(2), "week")
    # the same without 'then' between the first two
    a, b, _ = _given("160 mg SC at week 0, 80 mg SC at week 2, then 40 mg SC every other week.")
    assert a.doses == (1, 1) and b.doses == (1, 1)


def test_a_list_of_weeks_is_not_one_administration():
    (d,) = _given("5 mg/kg IV at weeks 0, 2 and 6")
    assert d.doses != (1, 1)


@pytest.mark.parametrize("noun", ["applications", "doses", "injections", "administrations"])
def test_two_applications_days_apart_are_a_count_of_two(noun):
    (d,) = _given(f"up to 30 g of permethrin 5% cream to the whole body; give two {noun} 7 days apart")
    assert d.doses == (2, 2) and d.interval == (D(7), "day")


def test_week_labels_give_the_course_of_each_dose_under_them():
    text = "weeks 1-2: 25 mg once daily weeks 3-4: 50 mg once daily week 5: 100 mg once daily then: 200 mg once daily"
    doses = _given(text)
    assert [(d.amount_min, d.duration) for d in doses] == [
        (D(25), (D(2), D(2), "week")), (D(50), (D(2), D(2), "week")), (D(100), (D(1), D(1), "week")), (D(200), None)]


def test_a_week_label_over_a_lone_amount_reads_no_course():
    # "Week 2: 80 mg SC": one amount that week, not a dose given through it
    (d,) = _given("Week 2: 80 mg SC")
    assert d.duration is None


def test_a_stated_course_wins_over_the_week_label():
    (d,) = _given("Week 1: 150 mg PO once daily for 6 days.")
    assert d.duration == (D(6), D(6), "day")


@pytest.mark.parametrize("text", [
    "then reduce by 10 mg every 2 weeks down to 20 mg;",
    "then by 2.5 mg every 2-4 weeks down to 10 mg;",
    "then by 1 mg every 1-2 months, provided there is no relapse.",
    "2, Reduction 10 mg every 2 weeks, Continue until 20 mg reached",
    "3, Reduction 2.5 mg every 2–4 weeks, Continue until 10 mg reached",
    "Dose reduction: 10 mg every 2 weeks",
])
def test_taper_steps_and_their_targets_are_not_doses(text):
    assert _given(text) == [], "a taper's step or the amount it reaches is not a dose to give"


def test_followed_by_an_amount_is_still_a_dose():
    first, second = _given("500 mg IV, followed by 250 mg every 6 hours")
    assert second.interval == (D(6), "hour") and not second.titration


@pytest.mark.parametrize("verb", ["retained", "left on", "kept"])
def test_how_long_an_application_stays_is_not_the_course(verb):
    d = _given(f"300 mL lactulose, given rectally every 4-6 hours and {verb} for 30-60 minutes")[0]
    assert d.duration is None and d.interval == (D(4), "hour")


def test_a_course_of_days_after_a_contact_verb_is_still_read():
    # only minutes and hours are how long one application stays; "kept for 7 days" is not read as contact time
    (d,) = _given("1 g orally once daily, kept for 7 days")
    assert d.duration == (D(7), D(7), "day")


ENEMA_BODY = """- When oral lactulose cannot be given, use a lactulose retention enema: 300 mL lactulose mixed with 700 mL
  water, given rectally every 4-6 hours and retained for 30-60 minutes.
- A sodium phosphate enema 128 mL rectally once daily can be used instead.
"""


def test_a_drug_named_in_its_preparation_after_a_is_that_drug_not_a_class(lexicon):
    draft = treatment_draft(lexicon, ENEMA_BODY, test="preparations", name="enema.txt")
    drugs = {(dd.therapy or "none").rsplit("/", 1)[-1] for dd in draft.doses}
    assert "lactulose" in drugs and not any(d.endswith(("uloses", "phates")) for d in drugs), drugs


def test_a_lactate_of_a_lab_value_is_a_measure_not_a_drug(lexicon):
    body = "- In hypotension, or a lactate of 4 mmol/L or more, give 30 mL/kg of intravenous crystalloid.\n"
    draft = treatment_draft(lexicon, body, test="measures", name="lactate.txt")
    drugs = {(dd.therapy or "none").rsplit("/", 1)[-1] for dd in draft.doses}
    assert not any("lactate" in d for d in drugs), drugs


@pytest.mark.parametrize("shared", ["both for 14 days", "each for 14 days", "both given for 14 days"])
def test_a_course_printed_once_for_both_doses_is_each_doses_course(shared):
    first, second = _given(f"Doxycycline 100 mg PO BID and metronidazole 400 mg PO BID, {shared}.")
    assert first.duration == second.duration == (D(14), D(14), "day")


def test_a_shared_course_never_crosses_a_sentence_or_reaches_a_single_dose():
    a, b = _given("Ceftriaxone 1 g IM once. Doxycycline 100 mg BID, both for 14 days")
    assert a.duration is None and b.duration == (D(14), D(14), "day")
    single, course = _given("ceftriaxone 500 mg IM once and doxycycline 100 mg BID, both for 14 days")
    assert single.duration is None and single.doses == (1, 1)


LITHIUM_PAGE = """Invented guidance for a fuller-name test

Last updated: 5 May 2021

AUGMENTATION WITH LITHIUM

For resistant disease, consider adding lithium, with specialist advice 1.

Lithium carbonate - Adults: start 400 mg orally once daily at night 1.
  Adults over 65 years: start 200 mg orally once daily at night 1.

REFERENCES
[1] An invented guideline title. Example Publisher; 2020.
"""


def test_a_drug_and_its_fuller_name_are_one_owner_not_an_ambiguity(lexicon):
    # the heading says "lithium", the line above says "Lithium carbonate": the band dose is lithium carbonate's,
    # flagged, never left without a drug as if two drugs competed for it
    from kg.importer.draft import build_draft
    from kg.importer.markdown import read_any

    article, _ = read_any(LITHIUM_PAGE.encode(), "lithium.txt")
    draft = build_draft(article, lexicon, "lithium.txt")
    owners = {dd.dose.amount_min: (dd.therapy or "none").rsplit("/", 1)[-1] for dd in draft.doses}
    assert owners.get(D(200)) == owners.get(D(400)) == "lithium-carbonate", owners
    assert any("fuller name" in n.reason for n in draft.notes)
