"""Two drugs given together in one sentence ('X 500 mg 6 hourly PLUS IV Y 500 mg 8 hourly'), read as a reader of the
page reads them (every phrase here is written for this test, modelled on a real NHS C. difficile page and an STI
guideline):

- a route printed after the joining word ('plus IV metronidazole', 'with oral clarithromycin') is the NEXT drug's
  route: before, 'amoxicillin 500 mg three times daily plus IV gentamicin' drafted amoxicillin intravenous (a wrong
  route), and 'vancomycin 500 mg 6 hourly PLUS IV metronidazole 500 mg 8 hourly' lost vancomycin's 6-hourly interval;
- a course printed once after the last dose of a regimen joined by 'plus' / '+' ('(duration 10 days)') is every
  dose's of that regimen that prints none of its own (a cap, 'for up to 3 days', stays the last drug's);
- a route printed in the shared course phrase ('both orally for 14 days') is every dose's.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.dose_grammar import parse_statement


def read(text: str) -> list[tuple]:
    """(amount, route, interval or times, course) of each dose with an amount"""
    out = []
    for d in parse_statement(text):
        if d.amount_not_stated:
            continue
        every = (f"{d.interval[0].normalize():f} {d.interval[1]}" if d.interval else
                 f"x{d.times_per_day}" if d.times_per_day else None)
        course = None if d.duration is None else (
            None if d.duration[0] is None else f"{d.duration[0].normalize():f}", f"{d.duration[1].normalize():f}",
            d.duration[2])
        out.append((f"{d.amount_min.normalize():f} {d.unit}", d.route, every, course))
    return out


@pytest.mark.parametrize("join", ["plus", "PLUS", "with", "and", "+"])
def test_a_route_after_the_joiner_is_the_next_drugs_and_the_first_keeps_its_schedule(join):
    got = read(f"oral vancomycin 500 mg 6 hourly {join} IV metronidazole 500 mg 8 hourly")
    assert got == [("500 mg", "oral", "6 hour", None), ("500 mg", "intravenous", "8 hour", None)], got


@pytest.mark.parametrize("text", [
    "amoxicillin 500 mg three times daily plus IV gentamicin",
    "amoxicillin 500 mg three times daily, plus IV gentamicin",
    "amoxicillin 500 mg three times daily with IV gentamicin",
    "amoxicillin 500 mg three times daily for 5 days, plus IV gentamicin",
])
def test_a_route_naming_a_later_drug_without_an_amount_is_never_the_dose_befores(text):
    (dose,) = read(text)
    assert dose[1] is None, dose


@pytest.mark.parametrize("text", ["Give 1 g orally and IV if vomiting", "Give 1 g IV and oral"])
def test_a_second_route_of_the_same_dose_is_not_taken_for_another_drug(text):
    (dose,) = read(text)
    assert dose[1] in ("oral", "intravenous"), dose


@pytest.mark.parametrize("course", ["(duration 10 days)", "for 10 days", ", for 10 days"])
def test_a_course_printed_once_after_a_plus_joined_regimen_is_every_doses(course):
    got = read(f"oral vancomycin 500mg 6 hourly PLUS IV metronidazole 500mg 8 hourly {course}.")
    assert [d[3] for d in got] == [("10", "10", "day")] * 2, got


def test_a_capped_course_after_a_plus_joined_regimen_stays_the_last_drugs():
    got = read("amoxicillin 1 g three times daily plus gentamicin 5 mg/kg once daily for up to 3 days")
    assert got[0][3] is None and got[1][3] == (None, "3", "day"), got


def test_a_regimen_joined_by_and_keeps_a_course_printed_after_the_last_dose_to_the_last():
    # 'and' joins alternatives and sequences as often as a combined regimen: only 'both/each for' shares the course
    got = read("amoxicillin 1 g twice daily and clarithromycin 500 mg twice daily for 7 days")
    assert got[0][3] is None and got[1][3] == ("7", "7", "day"), got


@pytest.mark.parametrize("route, name", [("orally", "oral"), ("IV", "intravenous"), ("intravenously", "intravenous")])
def test_a_route_in_the_shared_course_phrase_is_every_doses(route, name):
    got = read(f"Doxycycline 100mg twice daily plus metronidazole 400mg twice daily, both {route} for 14 days.")
    assert [(d[1], d[3]) for d in got] == [(name, ("14", "14", "day"))] * 2, got


_DRUGS = ("vancomycin", "amoxicillin", "clarithromycin", "metronidazole", "gentamicin", "ceftriaxone")
_ROUTES = (("IV", "intravenous"), ("oral", "oral"), ("IM", "intramuscular"))
_SCHEDULES = (("6 hourly", "6 hour"), ("8-hourly", "8 hour"), ("every 12 hours", "12 hour"), ("twice daily", "x2"),
              ("three times daily", "x3"))


@settings(max_examples=60, deadline=None)
@given(first=st.sampled_from(_DRUGS), second=st.sampled_from(_DRUGS), r1=st.sampled_from(_ROUTES),
       r2=st.sampled_from(_ROUTES), s1=st.sampled_from(_SCHEDULES), s2=st.sampled_from(_SCHEDULES),
       join=st.sampled_from(("plus", "PLUS", "with", "+")), second_dosed=st.booleans())
def test_each_drug_of_a_joined_regimen_keeps_its_own_route_and_schedule(first, second, r1, r2, s1, s2, join,
                                                                        second_dosed):
    tail = f" 400 mg {s2[0]}" if second_dosed else ""
    got = read(f"{r1[0]} {first} 500 mg {s1[0]} {join} {r2[0]} {second}{tail}")
    assert got[0] == ("500 mg", r1[1], s1[1], None), got
    if second_dosed:
        assert got[1] == ("400 mg", r2[1], s2[1], None), got
    else:
        assert len(got) == 1, got
