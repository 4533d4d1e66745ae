"""A dose the page restricts to specialist hands in the same sentence (every page here is written for this test, as
antimicrobial pages print their reserve drugs):

    * Meropenem 1 g IV every 8 hours may be used only on the advice of a consultant microbiologist.

The facts conventions read the restriction as a Caution (tests/fixtures/import/articles/README.md, 'cautions'), and
the amount is still the dose to give when the specialist agrees: the restriction says who decides, not an amount to
stay under. Before this rule the amount was read as the caution's threshold and no dose or recommendation was drafted.
A real warning's amount ('avoid prednisolone above 15 mg a day') stays a threshold, never a dose.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

PAGE = """Invented Restricted Dose Guidance for a Test Infection

Last updated: May 5, 2021

Escalation

  * Escalate to piperacillin-tazobactam 4.5 g IV every 8 hours.
  * {line}

References

1. An invented guidance title for a restricted dose test. Example Publisher, 2020.
"""


def draft_of(lexicon, line: str):
    article, _ = read_any(PAGE.format(line=line).encode(), "restricted.txt")
    return build_draft(article, lexicon, "restricted.txt")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drug=st.sampled_from([("Meropenem", "meropenem", "1 g IV every 8 hours"),
                             ("Vancomycin", "vancomycin", "15 mg/kg IV every 12 hours"),
                             ("Linezolid", "linezolid", "600 mg orally twice daily")]),
       restriction=st.sampled_from(["may be used only on the advice of a consultant microbiologist",
                                    "should be given only under specialist supervision",
                                    "is for use only after discussion with the infection specialist"]))
def test_a_dose_restricted_to_specialist_hands_is_still_drafted_with_its_caution(lexicon, drug, restriction):
    draft = draft_of(lexicon, f"{drug[0]} {drug[2]} {restriction}.")
    doses = [dd for dd in draft.doses if dd.therapy and dd.therapy.endswith("/" + drug[1])
             and not dd.dose.amount_not_stated]
    assert len(doses) == 1, [(dd.therapy, dd.dose) for dd in draft.doses]
    assert any(r.therapy.endswith("/" + drug[1]) for r in draft.recommendations)
    assert any(agent and agent.endswith("/" + drug[1]) and kind.endswith("Caution")
               for _st, agent, kind in draft.caution_facts)


def test_a_warnings_amount_stays_its_threshold_not_a_dose(lexicon):
    draft = draft_of(lexicon, "Avoid prednisolone above 15 mg a day because of the risk of renal crisis.")
    assert not [dd for dd in draft.doses if dd.therapy and dd.therapy.endswith("/prednisolone")
                and not dd.dose.amount_not_stated]
    assert not any(r.therapy.endswith("/prednisolone") for r in draft.recommendations)
