"""A lead-in that names a stage, printed straight over a drug's name line and its dose lines (every page here is written
for this test, in the way a regional formulary chapter prints its alternatives):

    Propranolol
        40 mg orally three times daily.

    Alternative if propranolol is unsuitable, for example when three-times-daily dosing is not practical:
    Atenolol
        25-50 mg orally once daily.

The lead-in is the condition and stage of the drug block under it, as a condition printed over a heading that names
one drug is: atenolol is the alternative. Before this rule the lead-in had no items nested under it, so its stage
reached no drug and atenolol took the section's stage (first line).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

ARTICLE = """What is the treatment of an invented test condition?

Last updated: May 5, 2021

Invented Lead-in Guidance

1  SYMPTOM CONTROL

Propranolol
    40 mg orally three times daily.

{lead}
{drug}
    {dose}

References

1. An invented guidance title for a lead-in test. Example Publisher, 2020.
"""


def stages(lexicon, lead: str, drug: str, dose: str) -> dict[str, set[str]]:
    text = ARTICLE.format(lead=lead, drug=drug, dose=dose)
    article, _ = read_any(text.encode(), "lead-in.txt")
    draft = build_draft(article, lexicon, "lead-in.txt")
    out: dict[str, set[str]] = {}
    for r in draft.recommendations:
        out.setdefault(r.therapy, set()).add(r.stage.rsplit("#", 1)[-1])
    return out


def iri(lexicon, name: str) -> str:
    return lexicon.therapies(name)[0].iri


def test_a_stage_lead_in_over_a_drug_line_is_the_stage_of_that_drugs_doses(lexicon):
    got = stages(lexicon, "Alternative if propranolol is unsuitable, for example when three-times-\ndaily dosing "
                          "is not practical:", "Atenolol", "25-50 mg orally once daily.")
    assert got[iri(lexicon, "atenolol")] == {"Alternative"}
    assert "Alternative" not in got[iri(lexicon, "propranolol")]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lead=st.sampled_from([("Alternative if propranolol is unsuitable:", "Alternative"),
                             ("Alternative if a beta-blocker is contraindicated (for example asthma):", "Alternative"),
                             ("Alternative when propranolol is not tolerated:", "Alternative")]),
       drug=st.sampled_from([("Atenolol", "25-50 mg orally once daily."), ("Diltiazem", "60 mg orally three times "
                                                                                     "daily."),
                             ("Verapamil", "40 mg orally three times daily.")]))
def test_any_stage_lead_in_over_any_drug_block_stages_that_drug(lexicon, lead, drug):
    got = stages(lexicon, lead[0], drug[0], drug[1])
    assert got[iri(lexicon, drug[0])] == {lead[1]}, got
