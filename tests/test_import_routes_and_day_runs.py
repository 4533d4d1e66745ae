"""Dose wording found on real guideline pages: routes written as phrases ('per os', 'via nasogastric tube'), a
loading day and the run of days after it ('on day 1, then ... on days 2 to 5'), and a frequency printed after a
maximum. Each expectation is what the phrase tells a prescriber, written before the importer was run on it."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph

from kg.importer.dose_grammar import parse_statement, routes_in
from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

ARTICLE = """What is the treatment of an invented route-and-days condition?

Last updated: May 5, 2021

Invented Route And Days Guidance

Treatment

{body}

References

Guideline
An invented guidance title for a route and days test
Example Publisher, 2020
"""



# ---------------------------------------------------------------------------------------------- routes


@pytest.mark.parametrize(
    ("text", "route"),
    [
        ("Amoxicillin 500 mg per os three times daily", "oral"),
        ("Amoxicillin 500 mg by mouth three times daily", "oral"),
        ("Amoxicillin 500 mg orally three times daily", "oral"),
        ("Prednisolone 1 mg/kg P.O. once daily", "oral"),
        ("Methylprednisolone 1 g by slow IV injection", "intravenous"),
        ("Methylprednisolone 1 g by IV infusion over 30 minutes", "intravenous"),
        ("Paracetamol 1 g per rectum every 6 hours", "rectal"),
    ],
)
def test_a_route_written_as_a_word_or_a_phrase_is_read(text, route):
    (dose,) = parse_statement(text)
    assert dose.route == route


def test_an_infusion_over_minutes_is_how_long_it_runs_not_the_course():
    (dose,) = parse_statement("Methylprednisolone 1 g by IV infusion over 30 minutes")
    assert dose.route == "intravenous" and dose.duration is None and dose.infusion == (D(30), D(30), "minute")


@pytest.mark.parametrize("text", ["Omeprazole 10 mg via nasogastric tube once daily", "Omeprazole 10 mg via NG tube once daily"])
def test_a_nasogastric_tube_is_read_as_its_own_route_never_guessed_as_oral(text):
    (dose,) = parse_statement(text)
    assert dose.route == "nasogastric"


@pytest.mark.parametrize(
    ("text", "route"),
    [
        ("Midazolam 0.2 mg/kg intranasally once", "intranasal"),
        ("Nicotine 21 mg transdermal patch once daily", "transdermal"),
        ("Methotrexate 12 mg intrathecally once", "intrathecal"),
        ("Baclofen 5 mg via PEG tube three times daily", "gastrostomy"),
        ("Baclofen 5 mg via gastrostomy three times daily", "gastrostomy"),
    ],
)
def test_routes_outside_the_vocabulary_are_read_as_stated_not_as_a_near_route(text, route):
    routes = [d.route for d in parse_statement(text) if d.route is not None]
    assert routes == [route]


def test_ng_alone_is_the_nanogram_unit_not_a_tube():
    assert routes_in("keep the trough level below 5 ng/mL") == []
    assert routes_in("give it down the NG tube") == ["nasogastric"]


def test_a_route_the_vocabulary_lacks_is_drafted_as_a_new_term_and_reported(lexicon):
    text = ARTICLE.format(body="- Give omeprazole 10 mg via nasogastric tube once daily.")
    article, _ = read_any(text.encode(), "routes.txt")
    draft = build_draft(article, lexicon, "routes.txt")
    g = Graph().parse(data=draft.ttl, format="turtle")
    routes = {str(o).rsplit("#", 1)[-1] for o in g.objects(None, g.namespace_manager.expand_curie("kgv:route"))}
    assert routes == {"RouteNasogastric"}
    assert any("'nasogastric' is not in the vocabulary" in n.reason and n.level == "warning" for n in draft.notes)


# ---------------------------------------------------------------------------------------------- day runs


@pytest.mark.parametrize("joiner", ["to", "through", "-", "–"])
def test_a_first_day_dose_then_a_daily_run_of_days_each_keep_their_own_count(joiner):
    first, rest = parse_statement(f"Azithromycin 10 mg/kg on day 1, then 5 mg/kg once daily on days 2 {joiner} 5")
    # day 1: one dose; days 2 to 5: four days, once a day
    assert (first.amount_min, first.doses, first.duration) == (D(10), (1, 1), None)
    assert (rest.amount_min, rest.times_per_day, rest.duration) == (D(5), 1, (D(4), D(4), "day"))
    assert rest.doses in (None, (4, 4))


@pytest.mark.parametrize(
    "text",
    [
        "Day 1: 500 mg; days 2-5: 250 mg once daily",
        "On day 1, 500 mg; on days 2 to 5, 250 mg once daily",
        "500 mg on day 1; 250 mg once daily on days 2 through 5",
    ],
)
def test_days_written_as_a_label_before_the_amount_go_to_that_amount_not_the_one_before(text):
    first, rest = parse_statement(text)
    assert (first.amount_min, first.doses, first.duration) == (D(500), (1, 1), None)
    assert (rest.amount_min, rest.times_per_day, rest.duration) == (D(250), 1, (D(4), D(4), "day"))


def test_a_list_of_days_is_a_count_not_a_single_day():
    (dose,) = parse_statement("Rituximab 375 mg/m2 on day 1, 8 and 15")
    assert dose.doses == (3, 3) and dose.interval == (D(7), "day")


def test_a_run_of_days_without_a_frequency_is_one_dose_on_each_day():
    (dose,) = parse_statement("Give 100 mg on days 1 to 3")
    assert (dose.per, dose.doses, dose.interval) == ("dose", (3, 3), (D(1), "day"))


def test_a_frequency_range_after_a_count_of_days_is_not_a_run_of_days():
    (dose,) = parse_statement("Salbutamol 2.5 mg 2 to 3 times daily")
    assert dose.timing is None and dose.duration is None


@settings(max_examples=60, deadline=None)
@given(
    first=st.integers(min_value=1, max_value=60),
    length=st.integers(min_value=2, max_value=30),
    amount=st.integers(min_value=1, max_value=900),
)
def test_a_run_of_days_counts_both_ends(first, length, amount):
    last = first + length - 1
    (dose,) = parse_statement(f"{amount} mg once daily on days {first} to {last}")
    assert dose.amount_min == D(amount) and dose.times_per_day == 1
    assert dose.duration == (D(length), D(length), "day")


# ---------------------------------------------------------------------------------------------- frequency after a maximum


@pytest.mark.parametrize(
    "text",
    [
        "Paracetamol 15 mg/kg (max 500 mg), twice daily",
        "Paracetamol 15 mg/kg, max 500 mg, twice daily",
        "Paracetamol 15 mg/kg; maximum 500 mg; twice daily",
        "Paracetamol 15 mg/kg up to a maximum of 500 mg, twice daily",
    ],
)
def test_a_frequency_printed_after_the_maximum_still_belongs_to_the_dose(text):
    (dose,) = parse_statement(text)
    assert dose.times_per_day == 2 and dose.maximum[:2] == (D(500), "mg")


@settings(max_examples=60, deadline=None)
@given(
    amount=st.integers(min_value=1, max_value=50),
    cap=st.integers(min_value=51, max_value=2000),
    freq=st.sampled_from([("once daily", 1), ("twice daily", 2), ("three times daily", 3), ("four times a day", 4)]),
    sep=st.sampled_from([", max {c} mg, ", " (max {c} mg), ", " (maximum {c} mg) ", "; max {c} mg; "]),
)
def test_any_frequency_after_any_maximum_attaches_to_the_dose(amount, cap, freq, sep):
    words, times = freq
    (dose,) = parse_statement(f"{amount} mg/kg{sep.format(c=cap)}{words}")
    assert dose.times_per_day == times and dose.maximum[:2] == (D(cap), "mg")
