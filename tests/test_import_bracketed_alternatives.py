"""An adult amount with the children's amount in brackets, then the schedule after a comma, as a journal's treatment
table prints it (a real NEJM Lyme-disease table: '200 mg/day (pediatric dose, 4 mg/kg/day) orally, divided into two
doses per day'; every phrase here is written for this test). The schedule after the bracket is both amounts' (it was
already when no comma stood before it); a comma used to end it for the adult amount, which lost its two doses a day.
A comma opening anything else ('..., in severe infection 1 g') still ends it. And a duration cell that prints its
number with an aside ('14 (range, 10-21)') under a column that names the unit ('Duration (days)') is read as 14 days,
as a bare '14' already was.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.dose_grammar import parse_statement
from kg.importer.draft import build_draft
from kg.importer.markdown import read_any


def schedules(text: str) -> list[tuple]:
    out = []
    for d in parse_statement(text):
        if d.amount_not_stated:
            continue
        every = f"{d.interval[0].normalize():f} {d.interval[1]}" if d.interval else d.times_per_day
        out.append((f"{d.amount_min.normalize():f} {d.unit}", d.route, every))
    return out


@pytest.mark.parametrize(("tail", "every"), [
    ("divided into two doses per day", 2),
    ("divided into three doses per day", 3),
    ("in two divided doses", 2),
    ("divided into doses administered every 8 hr", "8 hour"),
    ("given every 12 hours", "12 hour"),
])
def test_the_schedule_after_a_comma_is_the_adult_amounts_and_the_bracketed_childrens(tail, every):
    got = schedules(f"200 mg/day (pediatric dose, 4 mg/kg/day) orally, {tail}")
    assert [g[2] for g in got] == [every, every], got
    assert [g[1] for g in got] == ["oral", "oral"], got


def test_a_comma_opening_another_dose_still_ends_the_words_after_the_bracket():
    got = schedules("500 mg (250 mg in children under 12 years), in severe infection 1 g twice daily")
    assert got[0][2] is None and got[1][2] is None, got


ARTICLE = """# Invented treatment table for a duration column test

Last updated: 5 May 2021

## Treatment

| Drug | Dose | {column} |
|---|---|---|
| Doxycycline | 100 mg orally twice daily | {cell} |

## References

1. An invented guideline title for a duration column test. Example Publisher; 2020.
"""


def course_of(lexicon, column: str, cell: str):
    text = ARTICLE.format(column=column, cell=cell)
    article, _ = read_any(text.encode(), "table.md")
    draft = build_draft(article, lexicon, "table.md")
    (dose,) = [dd.dose for dd in draft.doses if not dd.dose.amount_not_stated]
    return None if dose.duration is None else (f"{dose.duration[0].normalize():f}", dose.duration[2])


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(n=st.integers(3, 28), unit=st.sampled_from(("days", "weeks")),
       aside=st.sampled_from(("(range, {a}–{b})", "({a}-{b})", "(range {a} to {b})", "")))
def test_a_duration_cell_with_an_aside_is_in_the_unit_its_column_names(lexicon, n, unit, aside):
    cell = f"{n} " + aside.format(a=max(1, n - 2), b=n + 7) if aside else str(n)
    assert course_of(lexicon, f"Duration ({unit})", cell.strip()) == (str(n), unit.rstrip("s")), cell
