"""On a page about one drug, a line that doses or warns about 'the dose' without naming the drug speaks of the page's
drug, as a reader takes it (measured on saved public pages, 2026-11-30; sentences invented for this test in our own
words, what each should draft decided before the importer was run on it).

- "After the first two doses, wait 12 hours, then resume 0.5 mg twice daily": the instruction opens a later clause,
  straight before its amount; it was left with no drug on a page whose title names one.
- "Never start at the full dose in people with heart disease": a warning about the page's drug's dose; it was noted
  as naming no therapy and drafted nothing. Only a warning about a dose is read so, only with an instruction's cue
  (never, do not, avoid), and never when the title names two drugs or a heading names another.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

PAGE = """Starting {drug} in adults

Last updated: 2 May 2025

{heading}

{line}
"""


def _draft(lexicon, line: str, drug: str = "levothyroxine", heading: str = "Older adults"):
    text = PAGE.format(drug=drug, heading=heading, line=line)
    article, _ = read_any(text.encode(), "page-drug.txt")
    return build_draft(article, lexicon, "page-drug.txt")


def _warned(draft) -> set[tuple[str, str]]:
    return {((agent or "none").rsplit("/", 1)[-1], kind) for _st, agent, kind in draft.caution_facts}


def _dosed(draft) -> set[tuple[str, str]]:
    return {((dd.therapy or "none").rsplit("/", 1)[-1], str(dd.dose.amount_min)) for dd in draft.doses
            if not dd.dose.amount_not_stated}


@pytest.mark.parametrize(
    "line",
    [
        "After the first dose, wait a day, then resume 25 micrograms daily.",
        "Check the pulse first; then give 25 micrograms once daily.",
        "If the heart rate is steady, continue 25 micrograms daily.",
    ],
)
def test_an_instruction_opening_a_later_clause_doses_the_pages_one_drug(lexicon, line):
    draft = _draft(lexicon, line)
    assert ("levothyroxine", "25") in _dosed(draft), _dosed(draft)


def test_a_described_regimen_with_no_instruction_is_not_pinned_on_the_pages_drug(lexicon):
    draft = _draft(lexicon, "An older regimen (200 micrograms in the first week) is no longer followed.")
    assert ("levothyroxine", "200") not in _dosed(draft)


@pytest.mark.parametrize(
    "line",
    [
        "Never start at the full dose in people with heart disease.",
        "Do not exceed 200 micrograms a day in frail people.",
        "Avoid high doses in people with angina.",
    ],
)
def test_a_warning_about_the_dose_on_a_one_drug_page_is_about_that_drug(lexicon, line):
    draft = _draft(lexicon, line)
    assert {agent for agent, _kind in _warned(draft)} == {"levothyroxine"}, _warned(draft)
    assert not any(r.therapy.endswith("/levothyroxine") for r in draft.recommendations)


@pytest.mark.parametrize(
    ("line", "drug", "heading"),
    [
        ("Do not delay treatment while waiting for blood tests.", "levothyroxine", "Older adults"),  # not about a dose
        ("Never start at the full dose in people with heart disease.", "levothyroxine and liothyronine", "Older adults"),
        ("Never start at the full dose in people with heart disease.", "levothyroxine", "Amiodarone users"),
        ("The usual dose does not need changing in mild kidney disease.", "levothyroxine", "Older adults"),
    ],
)
def test_no_page_drug_is_warned_against_without_a_dose_warning_about_it_alone(lexicon, line, drug, heading):
    draft = _draft(lexicon, line, drug=drug, heading=heading)
    assert "levothyroxine" not in {agent for agent, _kind in _warned(draft)}, _warned(draft)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cue=st.sampled_from(["Never start at", "Do not start at", "Avoid starting at", "Do not give"]),
       what=st.sampled_from(["the full dose", "a high dose", "doses above 100 micrograms"]),
       who=st.sampled_from(["in people with heart disease", "in frail older people", "after a heart attack"]))
def test_any_dose_warning_on_a_one_drug_page_never_recommends_the_drug(lexicon, cue, what, who):
    draft = _draft(lexicon, f"{cue} {what} {who}.")
    assert {agent for agent, _kind in _warned(draft)} <= {"levothyroxine"}
    assert not any(r.therapy.endswith("/levothyroxine") for r in draft.recommendations)
