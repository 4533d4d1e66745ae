"""A sentence that only says how long to treat ("Treat for 3 days.") printed once near the top of a page, before the
regimens, is every regimen's course: a reader gives each dose printed after it that course, unless the dose states
its own or is one administration. The carry is flagged for the curator, stops at the next such sentence and at the
end of its section, and never crosses a heading that states its own course.

The pages are invented for these tests in the shape of NHS trust antibiotic pages (a course sentence, then stage
labels and regimens one a line); what each test expects is what the page tells a prescriber. The lead words are data
(kg/importer/data/cue_words.txt [course_instruction_leads])."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.course_lines import course_instruction
from tests.draft_reading import treatment_draft


def _courses(lexicon, body: str) -> dict[str, tuple | None]:
    draft = treatment_draft(lexicon, body, test="course instruction", name="course.txt")
    return {(dd.therapy or "none").rsplit("/", 1)[-1]: (dd.dose.duration[:3] if dd.dose.duration else None)
            for dd in draft.doses if not dd.dose.amount_not_stated}


BODY = """Treat for 3 days.

First choice: nitrofurantoin 100 mg orally twice daily.

Second choice: trimethoprim 200 mg orally twice daily.

If both are unsuitable: fosfomycin 3 g orally as a single dose.

Pivmecillinam 400 mg orally three times daily for 5 days if the others cannot be used."""


def test_a_course_sentence_times_every_regimen_after_it(lexicon):
    courses = _courses(lexicon, BODY)
    assert courses["nitrofurantoin"] == (3, 3, "day"), courses
    assert courses["trimethoprim"] == (3, 3, "day"), courses


def test_a_single_dose_and_a_dose_with_its_own_course_keep_theirs(lexicon):
    courses = _courses(lexicon, BODY)
    assert courses["fosfomycin"] is None, courses
    assert courses["amdinocillin-pivoxil"] == (5, 5, "day") or courses.get("pivmecillinam") == (5, 5, "day"), courses


def test_the_carried_course_is_flagged_for_the_curator(lexicon):
    draft = treatment_draft(lexicon, BODY, test="course instruction", name="course.txt")
    needs = [n for s in draft.statements for n in s.needs]
    assert any("Treat for 3 days." in n and "carried" in n for n in needs), needs


def test_the_course_never_reaches_back_to_a_dose_printed_before_it(lexicon):
    body = "Nitrofurantoin 100 mg orally twice daily.\n\nTreat for 3 days.\n\nTrimethoprim 200 mg orally twice daily."
    courses = _courses(lexicon, body)
    assert courses["nitrofurantoin"] is None, courses
    assert courses["trimethoprim"] == (3, 3, "day"), courses


@pytest.mark.parametrize("text", ["Give amoxicillin for 5 days.", "Treat if symptomatic for 5 days.",
                                  "Symptoms usually settle in 3 days.", "Review after 2 days."])
def test_a_sentence_that_says_more_than_how_long_to_treat_is_no_course_instruction(text):
    assert course_instruction(text) is None


@settings(max_examples=40, deadline=None)
@given(lead=st.sampled_from(["Treat for", "Treatment duration:", "Duration of treatment is", "Treat", "Course length:",
                             "Total course"]),
       lo=st.integers(min_value=1, max_value=14), extra=st.integers(min_value=0, max_value=7),
       unit=st.sampled_from(["days", "weeks"]), stop=st.sampled_from(["", "."]))
def test_every_worded_course_instruction_reads_as_its_span(lead, lo, extra, unit, stop):
    span = f"{lo}" if not extra else f"{lo}-{lo + extra}"
    got = course_instruction(f"{lead} {span} {unit}{stop}")
    assert got == (Decimal(lo), Decimal(lo + extra), unit.rstrip("s")), (lead, span, unit, got)
