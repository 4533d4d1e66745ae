"""A condition belongs to the drug of its own clause. "Offer X, or Y if X is not tolerated" recommends X as the
sentence's main treatment and Y as the alternative for patients who cannot take X; "Use X; if X fails, Y" makes Y
the next step up. Expectations are what such sentences tell a prescriber, written before the importer was run.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.context import clauses
from tests.test_import_recommend_verbs import draft_of, recommended

PAIRS = [("ramipril", "bisoprolol"), ("bisoprolol", "ramipril")]


@pytest.mark.parametrize("x,y", PAIRS)
@pytest.mark.parametrize(
    "template",
    [
        "Offer {x}, or {y} if {x} is not tolerated.",
        "Offer {x} or, if not tolerated, {y}.",
        "Give {x}, or {y} if {x} is contraindicated.",
        "Give {x} or {y} if {x} is unavailable.",
        "Give {x}, or {y} if {x} is not suitable.",
        "Offer {x}, or {y} if {x} cannot be used.",
    ],
)
def test_only_the_drug_under_the_intolerance_condition_is_the_alternative(lexicon, template, x, y):
    g, _ = draft_of(lexicon, template.format(x=x, y=y))
    rec = recommended(g)
    assert rec.get(y) == {"Alternative"}
    assert x in rec and "Alternative" not in rec[x]


@pytest.mark.parametrize("x,y", PAIRS)
@pytest.mark.parametrize(
    "template",
    [
        "Use {x}; if {x} fails, use {y}.",
        "Use {x}; if {x} fails, {y}.",
        "Offer {x}, or {y} if there is no response to {x}.",
    ],
)
def test_the_drug_after_a_failure_is_the_escalation_and_the_first_keeps_its_own_stage(lexicon, template, x, y):
    g, _ = draft_of(lexicon, template.format(x=x, y=y))
    rec = recommended(g)
    assert rec.get(y) == {"Escalation"}
    assert x in rec and not rec[x] & {"Escalation", "Alternative"}


def test_doses_of_each_drug_follow_their_own_clauses_stage(lexicon):
    g, _ = draft_of(
        lexicon, "Offer ramipril 2.5 mg once daily, or bisoprolol 5 mg once daily if ramipril is not tolerated."
    )
    rec = recommended(g)
    assert rec.get("bisoprolol") == {"Alternative"}
    assert "ramipril" in rec and "Alternative" not in rec["ramipril"]


def test_first_line_wording_is_kept_by_the_unconditioned_drug(lexicon):
    g, _ = draft_of(lexicon, "As first-line treatment, offer ramipril, or bisoprolol if ramipril is contraindicated.")
    rec = recommended(g)
    assert rec.get("ramipril") == {"FirstLine"}
    assert rec.get("bisoprolol") == {"Alternative"}


def test_a_failure_of_a_third_drug_still_conditions_both_listed_options(lexicon):
    # "X or Y if Z fails": both X and Y are the options after Z, so neither is split off as unconditioned
    g, _ = draft_of(lexicon, "Give ramipril or bisoprolol if lansoprazole fails.")
    rec = recommended(g)
    assert rec.get("ramipril") == {"Escalation"} and rec.get("bisoprolol") == {"Escalation"}


def test_the_conditioned_clause_starts_at_its_or_and_keeps_its_cue():
    text = "Offer ramipril, or bisoprolol if ramipril is not tolerated."
    cl = clauses(text)
    assert [c.reading for c in cl] == ["positive", "conditional"]
    assert text[cl[0].start : cl[0].end] == "Offer ramipril"
    assert "bisoprolol" in text[cl[1].start : cl[1].end]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    pair=st.sampled_from(PAIRS),
    verb=st.sampled_from(["Offer", "Give", "Use"]),
    condition=st.sampled_from(["is not tolerated", "is contraindicated", "is unavailable", "is not suitable"]),
    shape=st.sampled_from(["{v} {x}, or {y} if {x} {c}.", "{v} {x} or {y} if {x} {c}."]),
)
def test_the_unconditioned_drug_never_takes_the_stage_of_the_condition_naming_it(lexicon, pair, verb, condition, shape):
    x, y = pair
    sentence = shape.format(v=verb, v2=verb.lower(), x=x, y=y, c=condition)
    rec = recommended(draft_of(lexicon, sentence)[0])
    assert "Alternative" not in rec.get(x, set())
    assert rec.get(y) == {"Alternative"}
