"""A course length printed apart from the dose it times, as real pages print it (measured on saved public pages,
2026-11-30; every line here is invented for this test in our own words, decided before the importer was run).

- A drug table flattened to text gives each cell a line of its own: the dose cell ("Cefalexin 500mg twice daily"),
  then the course cell ("7 days"), sometimes with a link label between them ("child dose"). A prescriber reads
  the course as that dose's; the draft had the course line as a statement of its own and the dose with none.
- A heading can time the rows under it ("Oral steroid (five day course)" over one row per age band). The course
  belongs to that run of rows only, never to a later step of another drug printed under the same heading.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.course_lines import course_line, heading_course
from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

HEADER = """Treating an invented chest infection

Last updated: 2 May 2025

"""


def _doses(lexicon, body: str) -> list[tuple[str, str, object]]:
    """(drug, amount, course as 'lo-hi unit' or None) for each dose drafted from the body"""
    text = HEADER + body
    article, _ = read_any(text.encode(), "course.txt")
    assert article.unaccounted(text) == []
    draft = build_draft(article, lexicon, "course.txt")
    out = []
    for dd in draft.doses:
        if dd.dose.amount_not_stated:
            continue
        course = None
        if dd.dose.duration is not None:
            lo, hi, unit = dd.dose.duration
            course = f"{lo}-{hi} {unit}"
        out.append(((dd.therapy or "none").rsplit("/", 1)[-1], str(dd.dose.amount_min), course))
    return out


ROWS = """Drug details

Usual choice

Doxycycline 100mg twice daily

{course}

If doxycycline is unsuitable

Clarithromycin 500mg twice a day

{other}
"""


@pytest.mark.parametrize(
    ("course", "other", "first", "second"),
    [
        ("5 days", "7 days", "5-5 day", "7-7 day"),
        ("5 days.", "Duration: 7 days", "5-5 day", "7-7 day"),
        ("For 5 days", "5 to 7 days", "5-5 day", "5-7 day"),
        ("five days", "x 7 days", "5-5 day", "7-7 day"),
    ],
)
def test_a_course_on_the_line_after_a_dose_row_times_that_dose(lexicon, course, other, first, second):
    doses = _doses(lexicon, ROWS.format(course=course, other=other))
    assert ("doxycycline", "100", first) in doses, doses
    assert ("clarithromycin", "500", second) in doses, doses


def test_a_link_label_between_the_dose_and_its_course_does_not_stop_the_course(lexicon):
    body = "Widespread infection\n\noral Cefalexin\n\n\n500mg 2 x daily\n\nchild dose\n\n\n7 days\n"
    doses = _doses(lexicon, body)
    # (the lexicon lists the INN and the US name as one entity, drafted under its canonical name "cephalexin")
    assert ("cephalexin", "500", "7-7 day") in doses, doses


def test_a_course_line_after_a_dose_with_its_own_course_changes_nothing(lexicon):
    body = "Treatment\n\nAmoxicillin 500mg three times daily for 5 days\n\n7 days\n"
    assert _doses(lexicon, body) == [("amoxicillin", "500", "5-5 day")]


def test_a_course_line_after_a_single_dose_is_not_its_course(lexicon):
    # one administration has no course; '3 days' after it is something else (a review time, the next step)
    body = "Treatment\n\nGive azithromycin 1 g as a single dose\n\n3 days\n"
    assert _doses(lexicon, body) == [("azithromycin", "1", None)]


def test_a_course_line_after_a_line_dosing_two_drugs_is_carried_to_neither(lexicon):
    # which drug the course times is not said, so the draft does not guess
    body = "Treatment\n\nAmoxicillin 500mg three times daily with clarithromycin 500mg twice daily\n\n7 days\n"
    assert all(course is None for _drug, _amount, course in _doses(lexicon, body))


def test_a_course_line_is_not_carried_across_a_heading_that_names_another_drug(lexicon):
    body = "Treatment\n\nAmoxicillin 500mg three times daily\n\nNitrofurantoin\n\n7 days\n"
    assert _doses(lexicon, body) == [("amoxicillin", "500", None)]


HEADED = """First-line treatment

Oral steroid ({course} course)

Under 2 years: 10 mg prednisolone

2 to 5 years: 20 mg prednisolone

If not settling:

Give 2.5 mg salbutamol by nebuliser
"""


@pytest.mark.parametrize(("course", "want"), [("five day", "5-5 day"), ("3-day", "3-3 day"), ("7 day", "7-7 day")])
def test_a_heading_that_times_its_rows_gives_them_its_course_and_only_them(lexicon, course, want):
    doses = _doses(lexicon, HEADED.format(course=course))
    assert ("prednisolone", "10", want) in doses, doses
    assert ("prednisolone", "20", want) in doses, doses
    # the later step of another drug under the same heading is not part of the steroid course
    assert ("albuterol", "2.5", None) in doses, doses


@pytest.mark.parametrize(
    ("line", "want"),
    [
        ("7 days", (7, 7, "day")),
        ("5 to 7 days.", (5, 7, "day")),
        ("Duration: 14 days", (14, 14, "day")),
        ("(6 weeks)", (6, 6, "week")),
        ("3-day course", (3, 3, "day")),
        ("500mg twice daily", None),
        ("48 hours", None),  # more often a review time than a course
        ("2 years", None),  # an age
        ("Day 5", None),
        ("5 days. Can be extended to 7 days if needed.", None),  # a sentence, read as one
    ],
)
def test_only_a_line_holding_nothing_but_a_course_reads_as_a_course(line, want):
    got = course_line(line)
    assert (None if got is None else (int(got[0]), int(got[1]), got[2])) == want


@pytest.mark.parametrize(
    ("heading", "want"),
    [
        ("Steroid treatment (three day duration)", (3, 3, "day")),
        ("Give for 5 days", (5, 5, "day")),
        ("Course: 6 weeks", (6, 6, "week")),
        ("Children 2-5 years", None),  # a band, not a course
        ("Review at day 3", None),
        ("Over 5 years", None),
    ],
)
def test_a_heading_reads_as_a_course_only_when_it_says_it_times_something(heading, want):
    got = heading_course(heading)
    assert (None if got is None else (int(got[0]), int(got[1]), got[2])) == want


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    drug=st.sampled_from([("Doxycycline 100mg twice daily", "doxycycline"), ("Cefalexin 500mg 3 x daily", "cephalexin"),
                          ("Clarithromycin 250 mg bd", "clarithromycin")]),
    n=st.integers(1, 28),
    unit=st.sampled_from(["days", "weeks"]),
    shape=st.sampled_from(["{n} {u}", "{n} {u}.", "For {n} {u}", "Duration: {n} {u}"]),
    label=st.sampled_from(["", "child dose\n\n"]),
)
def test_any_course_line_after_a_dose_row_gives_exactly_that_course(lexicon, drug, n, unit, shape, label):
    row, name = drug
    body = f"Treatment\n\n{row}\n\n{label}{shape.format(n=n, u=unit)}\n"
    doses = _doses(lexicon, body)
    want = f"{Decimal(n)}-{Decimal(n)} {unit.rstrip('s')}"
    assert [(d, c) for d, _a, c in doses] == [(name, want)], doses
