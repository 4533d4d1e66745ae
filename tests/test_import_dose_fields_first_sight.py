"""Dose fields a reader fills at first sight on pages of any condition: the period of a bare amount, a route written as
a form or a method, a titration step kept out of the dose it titrates, a maximum printed after the dose sentence,
and a schedule of named days. Each expectation is what the phrase tells a prescriber, written before the importer was
run on it (tests/fixtures/import/articles/README.md, "Conventions", says how the facts are read)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from import_quality import canonical_dose, dose_fact  # noqa: E402

ARTICLE = """Treatment of an Invented Condition (Invented Test Guidance)

Last updated: May 5, 2021

Treatment

{body}

References

1) An invented guidance title for a dose fields test. Example Publisher. 2020.
"""


def _drafted(lexicon, body: str):
    article, _ = read_any(ARTICLE.format(body=body).encode(), "fields.txt")
    return build_draft(article, lexicon, "fields.txt")


def _doses(lexicon, body: str) -> list[tuple]:
    draft = _drafted(lexicon, body)
    return [dose_fact(dd.dose, (dd.therapy or "none").rsplit("/", 1)[-1]) for dd in draft.doses
            if not dd.dose.amount_not_stated]


# ------------------------------------------------------------------------------------- 1. a bare amount's period

@pytest.mark.parametrize(
    ("line", "drug", "route"),
    [
        ("- Buccal midazolam 5 mg 1", "midazolam", "buccal"),
        ("- Haloperidol 5 mg IM 1", "haloperidol", "intramuscular"),
        ("- Lorazepam 0.1 mg/kg IV (max 4 mg) 1", "lorazepam", "intravenous"),
    ],
)
def test_an_amount_with_no_frequency_is_the_amount_given_at_one_time(lexicon, line, drug, route):
    (fact,) = [f for f in _doses(lexicon, line) if f[0] == drug]
    assert fact[4] == "dose" and fact[5] == route
    assert fact[6] is None and fact[7] is None  # nothing invented: no times a day, no interval


def test_a_bare_amount_read_per_dose_is_flagged_for_the_curator(lexicon):
    draft = _drafted(lexicon, "- Haloperidol 5 mg IM 1")
    assert any("no frequency" in n.reason for n in draft.notes)


def test_an_upper_bound_alone_is_not_read_as_one_administration(lexicon):
    # 'up to 4 g' may be a day's ceiling: the period stays not stated
    facts = _doses(lexicon, "- Paracetamol up to 4 g 1")
    assert all(f[4] != "dose" for f in facts)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(amount=st.integers(1, 900), unit=st.sampled_from(["mg", "micrograms", "g"]),
       route=st.sampled_from(["IV", "IM", "orally", "", "by mouth"]))
def test_a_bare_amount_is_never_drafted_as_a_days_amount(lexicon, amount, unit, route):
    facts = _doses(lexicon, f"- Haloperidol {amount} {unit} {route} 1".replace("  ", " "))
    assert facts and all(f[4] == "dose" and f[6] is None for f in facts)


def test_the_scorer_joins_per_none_and_per_dose_only_when_nothing_times_the_amount():
    bare = ("d", "5", "mg", "flat", "none", "oral", None, None, None, None, None, None)
    assert canonical_dose(bare) == canonical_dose(bare[:4] + ("dose",) + bare[5:])
    twice = ("d", "5", "mg", "flat", "none", "oral", "2", None, None, None, None, None)
    assert canonical_dose(twice) != canonical_dose(twice[:4] + ("dose",) + twice[5:])
    every = ("d", "5", "mg", "flat", "none", "oral", None, "8 hour", None, None, None, None)
    assert canonical_dose(every) != canonical_dose(every[:4] + ("dose",) + every[5:])
