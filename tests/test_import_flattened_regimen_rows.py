"""A regimen table flattened to one line a row, as real journal tables copy out of a browser: the drug, the adult
cell, the child cell and the course cell side by side with no comma between them ("Clarithromycin 250 mg po BID
7.5 mg/kg/day in two divided doses (maximum 250 mg/dose) 10 days (7-14 days)"). What each test expects is what such
a row tells a prescriber:

- the route and frequency printed right after the first amount are that amount's, never the next cell's (a
  frequency is printed after the amount it times, and the child cell has a schedule of its own);
- the course cell printed once at the row's end is the whole row's: the adult cell shares it;
- a course printed as its main figure with a range in brackets ("10 days (7-14 days)", under a "Duration (Range)"
  column) is the main figure; the bracket is the range around it, not the course;
- "once daily in a single dose" gives the day's amount at once, every day of the course: once a day, not one
  administration in all (alone, "2 g IV in a single dose" stays one administration).

The rows are written for these tests in the shape of the real tables (US society guidelines, journal tables)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.dose_grammar import parse_statement


def _fields(text: str) -> list[tuple]:
    out = []
    for d in parse_statement(text):
        if d.amount_not_stated or d.strength or d.titration:
            continue
        out.append((d.amount_min, d.unit, d.basis, d.per, d.route, d.times_per_day, d.duration))
    return out


ROW = "Clarithromycin 250 mg po BID 7.5 mg/kg/day in two divided doses (maximum 250 mg/dose) 10 days (7–14 days)"


def test_route_and_frequency_after_the_adult_amount_are_the_adult_cells():
    adult, child = parse_statement(ROW)[:2]
    assert (adult.route, adult.times_per_day) == ("oral", 2), adult
    # the child cell states its own frequency ("in two divided doses") and no route: it never takes the adult's 'po'
    assert child.route is None, child
    assert child.times_per_day == 2, child


def test_the_course_cell_at_the_rows_end_is_both_cells_main_figure():
    adult, child = parse_statement(ROW)[:2]
    assert adult.duration is not None and child.duration is not None
    assert (adult.duration[0], adult.duration[1], adult.duration[2]) == (10, 10, "day"), adult.duration
    assert (child.duration[0], child.duration[1], child.duration[2]) == (10, 10, "day"), child.duration


def test_a_course_with_its_range_in_brackets_is_the_main_figure():
    (d,) = parse_statement("Azithromycin 500 mg orally once daily for 3 days (3-5 days)")
    assert d.duration[:3] == (3, 3, "day"), d.duration
    (d,) = parse_statement("Doxycycline 100 mg orally twice daily 21 days (14–28 days)")
    assert d.duration[:3] == (21, 21, "day"), d.duration


def test_once_daily_in_a_single_dose_is_once_a_day_not_one_administration():
    adult, child = parse_statement(
        "Ceftriaxone 2 g IV qd 40–60 mg/kg IV qd in a single dose (maximum 2 g/day) 14 days (10–28 days)")[:2]
    assert child.doses is None, child
    assert child.times_per_day == 1 and child.per == "day", child
    assert adult.times_per_day == 1 and adult.route == "intravenous", adult
    (d,) = parse_statement("Procaine penicillin 600 mg IM daily in a single dose for 10 days")
    assert d.doses is None and d.times_per_day == 1, d


def test_a_single_dose_with_no_daily_frequency_stays_one_administration():
    (d,) = parse_statement("Benzathine penicillin 1.2 million units IM in a single dose")
    assert d.doses == (1, 1), d
    (d,) = parse_statement("Azithromycin 1 g orally as a single dose")
    assert d.doses == (1, 1), d


_FREQ = {"BID": 2, "TID": 3, "QID": 4, "bd": 2, "tds": 3, "qds": 4}
_ROUTE = {"po": "oral", "IV": "intravenous", "IM": "intramuscular"}


@settings(max_examples=40, deadline=None)
@given(
    adult=st.sampled_from(["250", "500", "100", "1"]),
    freq=st.sampled_from(sorted(_FREQ)),
    route=st.sampled_from(sorted(_ROUTE)),
    child=st.sampled_from(["10", "30", "50", "7.5"]),
    divided=st.sampled_from(["two", "three", "four"]),
    days=st.integers(min_value=5, max_value=28),
)
def test_any_two_cell_row_gives_the_adult_schedule_to_the_adult_amount(adult, freq, route, child, divided, days):
    unit = "g" if adult == "1" else "mg"
    text = (f"Drugname {adult} {unit} {route} {freq} {child} mg/kg/day in {divided} divided doses "
            f"(maximum {adult} {unit}/dose) {days} days ({days}–{days + 7} days)")
    doses = [d for d in parse_statement(text) if not d.amount_not_stated]
    first, second = doses[0], doses[1]
    assert (first.route, first.times_per_day) == (_ROUTE[route], _FREQ[freq]), (text, first)
    assert second.route is None, (text, second)
    assert second.times_per_day == {"two": 2, "three": 3, "four": 4}[divided], (text, second)
    assert first.duration[:3] == (days, days, "day") and second.duration[:3] == (days, days, "day"), text
