"""A page that opens with a summary of its regimen and then gives the detail (the common question-and-answer page:
the answer first, the detail under headings) states some doses twice. Only a summary dose that the detail restates
is left out; a summary dose with a schedule the detail never gives is the only place that dose is tied to its
drug, and is kept (measured on saved public pages, 2026-11-30: the summary's maintenance dose was dropped because the
detail gave the same amount as a one-off). Sentences invented for this test in our own words."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

PAGE = """Treating an invented flare with prednisolone

Last updated: 2 May 2025

{summary}

Dosing detail

{detail}
"""


def _doses(lexicon, summary: str, detail: str):
    text = PAGE.format(summary=summary, detail=detail)
    article, _ = read_any(text.encode(), "summary.txt")
    draft = build_draft(article, lexicon, "summary.txt")
    return [
        (str(dd.dose.amount_min), dd.dose.times_per_day, dd.dose.doses, dd.statement)
        for dd in draft.doses if (dd.therapy or "").endswith("/prednisolone") and not dd.dose.amount_not_stated
    ]


def test_a_summary_dose_with_a_schedule_the_detail_never_gives_is_kept(lexicon):
    doses = _doses(
        lexicon,
        "Give prednisolone 40 mg as a single dose at once, then 10 mg twice daily until the flare settles. 1",
        "Start with prednisolone 40 mg as a single dose. Then 10 mg as one dose the next morning. 2",
    )
    twice_daily = [d for d in doses if d[0] == "10" and d[1] == 2]
    assert twice_daily, doses  # only the summary says 10 mg twice daily
    # the one-off 40 mg the detail restates is drafted once, from the detail
    assert len([d for d in doses if d[0] == "40"]) == 1, doses


def test_a_summary_dose_the_detail_restates_is_drafted_once(lexicon):
    doses = _doses(lexicon, "Give prednisolone 10 mg twice daily. 1", "Prednisolone 10 mg twice daily for 5 days. 2")
    assert len(doses) == 1 and doses[0][1] == 2, doses


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(amount=st.sampled_from(["5", "10", "20", "30"]), times=st.sampled_from([("twice", 2), ("three times", 3)]),
       again=st.booleans())
def test_every_schedule_the_page_gives_an_amount_is_drafted(lexicon, amount, times, again):
    word, n = times
    summary = f"Give prednisolone {amount} mg {word} daily until the flare settles. 1"
    detail = (f"Prednisolone {amount} mg {word} daily. 2" if again else f"Prednisolone {amount} mg as a single dose. 2")
    doses = _doses(lexicon, summary, detail)
    assert any(d[0] == amount and d[1] == n for d in doses), doses  # the schedule never lost
    assert len([d for d in doses if d[1] == n]) == 1, doses  # and never drafted twice
