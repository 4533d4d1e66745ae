"""A whitespace-aligned dose table whose starting-regimen cell wraps onto a line that carries the course on ('then 50
mg once a day for') while the next column wraps too ('divided doses'), as a primary-care summary copied to text prints
it (every page here is written for this test):

  Drug          Starting regimen                  Usual target                 Maximum
  Lamotrigine   25 mg once a day for 2 weeks,     200-400 mg a day in 2        400 mg a day
                then 50 mg once a day for         divided doses
                2 weeks

The wrapped line is the row going on, not a row of its own beside the same drug: 'in 2 divided doses' stays whole in
its cell (before, the line was read as a second row, the target lost its two doses a day and 'divided doses' was
glued to the regimen).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

PAGE = """What is the treatment of an invented test neuralgia?

Last updated: May 5, 2021

Invented Test Neuralgia Summary

Second-line drugs

  * If pain is not controlled, the specialist may add one of the following oral drugs [1]:

  Drug          Starting regimen                  Usual target                 Maximum
  {drug:<14}{start:<34}{target:<29}{maximum}
                {lead} {step} mg once a day for{pad}divided doses
                2 weeks
  Baclofen      5 mg three times a day;           -                            80 mg a day
                increase by 5 mg a dose every
                3 days

References

1. An invented guidance title for a wrapped table test. Example Publisher, 2020.
"""


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drug=st.sampled_from(["Lamotrigine", "Pregabalin", "Gabapentin"]), first=st.integers(5, 50),
       lead=st.sampled_from(["then", "followed by", "Then"]), times=st.integers(2, 4))
def test_a_wrapped_line_that_carries_the_course_on_is_the_same_row(lexicon, drug, first, lead, times):
    step = first * 2
    start = f"{first} mg once a day for 2 weeks,"
    target = f"{step * 2}-{step * 4} mg a day in {times}"
    text = PAGE.format(drug=drug, start=start, target=target, maximum=f"{step * 4} mg a day", lead=lead, step=step,
                       pad=" " * max(1, 34 - len(f"{lead} {step} mg once a day for") - 0))
    article, _ = read_any(text.encode(), "wrapped.txt")
    draft = build_draft(article, lexicon, "wrapped.txt")
    iri = lexicon.therapies(drug)[0].iri
    rows = {dd.statement for dd in draft.doses if dd.therapy == iri}
    assert {dd.therapy.rsplit("/", 1)[-1] for dd in draft.doses if dd.therapy} == {iri.rsplit("/", 1)[-1], "baclofen"}
    assert len(rows) == 1, rows  # one row, never a second beside the same drug
    target_doses = [dd.dose for dd in draft.doses if dd.therapy == iri and dd.dose.amount_min == step * 2]
    assert [d.times_per_day for d in target_doses] == [times], target_doses
