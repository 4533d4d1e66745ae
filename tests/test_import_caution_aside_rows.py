"""Two rows of a beta-blocker dose table as formularies print them (every page here is written for this test):

    | Drug | Stage | Oral dose |
    | Atenolol, eGFR below 15 mL/min | Alternative | use with caution; 25 mg on alternate days |
    | Diltiazem | Alternative (beta-blocker contraindicated) | 60 mg three times daily |

- a clause that is only the dose, after a warning that only asks for caution about one drug, is that drug's careful
  dose (before, the 25 mg was drafted with no drug);
- a bracket naming what cannot be used ('(beta-blocker contraindicated)', '(if metformin not tolerated)') says why
  the drug is given; it warns against neither the drug before it nor the dose after it (before, its clause ran to the
  end of the row, so the 60 mg was read as printed for the beta-blocker and drafted with no drug). A bracket opening on
  its cue ('(contraindicated in pregnancy)') still warns against the drug before it.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.context import clauses
from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

PAGE = """# Invented Caution Row Guidance for a Test Thyrotoxicosis

Last updated: 2021-05-05

## Symptom control

| Drug | Stage | Oral dose |
|---|---|---|
| Propranolol | First line | 40 mg three times daily |
| {drug}, eGFR below 15 mL/min | Alternative | {caution}; {amount} mg on alternate days |
| {other} | Alternative ({blocked} contraindicated) | 60 mg three times daily |

## References

1. An invented guidance title for a caution row test. Example Publisher, 2020.
"""


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drug=st.sampled_from(["Atenolol", "Bisoprolol", "Metoprolol"]),
       caution=st.sampled_from(["use with caution", "caution", "use with caution in renal impairment"]),
       amount=st.sampled_from([25, 50, 5]),
       other=st.sampled_from(["Diltiazem", "Verapamil"]),
       blocked=st.sampled_from(["beta-blocker", "a beta-blocker", "propranolol"]))
def test_a_careful_dose_and_a_row_with_a_blocked_drug_aside_keep_their_drugs(lexicon, drug, caution, amount, other,
                                                                            blocked):
    text = PAGE.format(drug=drug, caution=caution, amount=amount, other=other, blocked=blocked)
    article, _ = read_any(text.encode(), "caution-rows.md")
    draft = build_draft(article, lexicon, "caution-rows.md")
    by_drug = {(dd.therapy, int(dd.dose.amount_min)) for dd in draft.doses if not dd.dose.amount_not_stated}
    assert (lexicon.therapies(drug)[0].iri, amount) in by_drug, by_drug
    assert (lexicon.therapies(other)[0].iri, 60) in by_drug, by_drug
    assert not any(t is None for t, _ in by_drug), by_drug


def test_a_bracket_opening_on_its_cue_still_warns_against_the_drug_before_it():
    for text in ["Warfarin (contraindicated in pregnancy) 5 mg daily", "Lisinopril (is contraindicated) 5 mg daily"]:
        assert any(c.reading == "contraindication" for c in clauses(text)), text
