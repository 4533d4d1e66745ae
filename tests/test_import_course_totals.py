"""A course stated as its total and its parts, as a real CDC syphilis summary prints it ('Benzathine penicillin G 7.2
million units total, administered as 3 separate doses of 2.4 million units intramuscularly, each at 1-week intervals';
the phrasings here are written for this test). Before, the total was an amount with no period (as if one
administration), the three doses had no count and the weekly spacing was lost, so the draft said a single 2.4 million
unit dose. Now: an amount followed by 'total' / 'in total' is the course's (per course; 'total daily' stays a day's);
'N separate doses of X' is N administrations; 'at N-week intervals' / 'at intervals of N weeks' is every N weeks.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.dose_grammar import parse_statement


def doses(text: str) -> list:
    return [d for d in parse_statement(text) if not d.amount_not_stated]


def test_the_syphilis_course_reads_as_its_total_and_three_weekly_doses():
    total, each = doses("Benzathine penicillin G 7.2 million units total, administered as 3 separate doses of 2.4 "
                        "million units intramuscularly, each at 1-week intervals")
    assert (total.amount_min, total.per) == (7200000, "course")
    assert (each.amount_min, each.route, each.doses, each.interval) == (2400000, "intramuscular", (3, 3), (1, "week"))


@pytest.mark.parametrize("text", ["give 7.2 million units in total", "2 g total over the course"])
def test_an_amount_said_to_be_the_total_is_the_courses(text):
    (d,) = doses(text)
    assert d.per == "course", d


def test_a_total_daily_amount_stays_a_days():
    (d,) = doses("1 g total daily")
    assert d.per == "day", d


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 12), unit=st.sampled_from(("day", "week", "month")),
       form=st.sampled_from(("at {n}-{u} intervals", "at {n} {u} intervals", "at intervals of {n} {u}s")),
       count=st.integers(2, 6), word=st.sampled_from(("separate", "individual")))
def test_spaced_doses_are_counted_and_every_n_units(n, unit, form, count, word):
    (d,) = doses(f"administered as {count} {word} doses of 600 mg intramuscularly, {form.format(n=n, u=unit)}")
    assert d.doses == (count, count), d
    assert d.interval == (n, unit), d
