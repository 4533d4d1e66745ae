"""Lines that name a drug near warning words without warning against it: no caution drafted.

Each sentence is written for this test from what it tells a prescriber, decided before the importer was run on it:
- a ceiling on the amount ("do not exceed 6 mg in one course", "do not give more than 4 doses in 24 hours", "should
  not exceed 5 mg/kg") is the dose's maximum, a field of the dose (tests/fixtures/import/articles/README.md lists no
  caution for it); a ceiling for a state of the patient ("in frail people", "if eGFR is below 30") is a dose cut for
  that state, which the conventions read as a Caution;
- a lead-in or heading that only says which drug cannot be used ("Alternatives (labetalol unsuitable):", "Second line
  (doxycycline contraindicated)") is the circumstance of the drugs listed under it: they are the alternatives, not
  drugs warned against;
- a bare label of a warnings section ("Cautions and contraindications" on its own line) warns against nothing: the
  warnings under it are read from their own lines.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from tests.draft_reading import PARACETAMOL_LEAD, sentence_draft, treatment_draft
from tests.draft_reading import warned_agents as warned


def draft_of(lexicon, sentence: str):
    return sentence_draft(lexicon, sentence, name="ceilings.txt", title="On Dose Ceilings", test="dose ceiling",
                          lead=PARACETAMOL_LEAD)[1]


# ------------------------------------------------------------------ a ceiling on the amount is the dose's maximum

@pytest.mark.parametrize("ceiling", [
    "do not exceed 6 mg in one course",
    "do not give more than 6 mg in one course",
    "never exceed 6 mg in one course",
    "the total should not exceed 6 mg per course",
    "must not exceed 6 mg in a course",
])
def test_a_ceiling_on_the_amount_is_no_warning_against_the_drug(lexicon, ceiling):
    draft = draft_of(lexicon, f"Give colchicine 500 micrograms orally two to four times a day; {ceiling}.")
    assert not {a for a, _k in warned(draft)} & {"colchicine"}, warned(draft)
    doses = [dd.dose for dd in draft.doses if dd.therapy and dd.therapy.endswith("/colchicine")]
    assert [str(d.amount_min) for d in doses] == ["500"]  # the dose before the ceiling is still given


def test_a_ceiling_alone_on_its_line_is_noted_for_the_curator_not_dropped(lexicon):
    draft = draft_of(lexicon, "Do not give more than 4 doses of paracetamol in 24 hours.")
    assert ("acetaminophen", "Contraindication") not in warned(draft)
    assert any("ceiling on the amount" in n and "4 doses" in n for s in draft.statements for n in s.needs)


@pytest.mark.parametrize("scope", ["in frail people", "if the eGFR is below 30", "in hepatic impairment",
                                   "in children under 12 years"])
def test_a_ceiling_for_a_state_of_the_patient_stays_a_caution(lexicon, scope):
    draft = draft_of(lexicon, f"Do not exceed 2 g of paracetamol a day {scope}.")
    assert ("acetaminophen", "Caution") in warned(draft) or ("acetaminophen", "Contraindication") in warned(draft)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(verb=st.sampled_from(["Do not exceed", "Should not exceed", "Do not use more than", "Never give more than"]),
       amount=st.sampled_from(["1.2 g of ibuprofen a day", "30 mg/kg of ibuprofen a day", "3 doses of ibuprofen a day"]),
       scope=st.sampled_from(["", " in renal impairment", " in older people", " if eGFR is under 30"]))
def test_a_ceiling_warns_only_when_a_state_of_the_patient_scopes_it(lexicon, verb, amount, scope):
    draft = draft_of(lexicon, f"{verb} {amount}{scope}.")
    cautioned = {a for a, _k in warned(draft)}
    assert ("ibuprofen" in cautioned) == bool(scope), (verb, amount, scope, warned(draft))


# ------------------------------------------------------------------ "(X unsuitable)" over a list names the alternatives' reason

@pytest.mark.parametrize("lead", ["Alternatives (labetalol unsuitable, e.g. asthma):",
                                  "Alternatives (labetalol contraindicated):",
                                  "Second line (labetalol is not tolerated):"])
def test_a_lead_in_naming_the_unusable_drug_warns_against_none_of_the_drugs_under_it(lexicon, lead):
    draft = treatment_draft(lexicon, f"{lead}\n\n- Nifedipine modified-release 20 mg orally twice a day 1\n"
                                     "- Methyldopa 250 mg orally three times a day 1", test="unusable lead", name="u.txt")
    assert not {a for a, _k in warned(draft)} & {"nifedipine", "methyldopa"}, warned(draft)
    assert {r.therapy.rsplit("/", 1)[-1] for r in draft.recommendations} >= {"nifedipine", "methyldopa"}


@pytest.mark.parametrize("lead", ["Second line (doxycycline unsuitable):", "Second line (doxycycline contraindicated):"])
def test_drugs_under_a_lead_in_naming_the_unusable_drug_are_its_alternatives_not_a_step_up(lexicon, lead):
    # the drug listed replaces one that cannot be used: the alternative stage, as "if doxycycline is unsuitable" reads
    draft = treatment_draft(lexicon, f"{lead}\n\n- Azithromycin 1 g orally as a single dose 1", test="unusable stage",
                            name="s.txt")
    stages = {r.stage.rsplit("#", 1)[-1] for r in draft.recommendations if r.therapy.endswith("/azithromycin")}
    assert stages == {"Alternative"}, stages


def test_a_lead_in_that_warns_still_warns_the_drugs_under_it(lexicon):
    draft = treatment_draft(lexicon, "Avoid in pregnancy:\n\n- Lisinopril 1\n- Losartan 1", test="warning lead",
                            name="w.txt")
    assert {a for a, _k in warned(draft)} >= {"lisinopril", "losartan"}, warned(draft)


# ------------------------------------------------------------------ a bare label of a warnings section warns nothing

LABELLED = """# Invented condition

## Second line: systemic non-biological agents

| Drug | Dose |
|---|---|
| Acitretin (alternative) | 25 mg orally once daily |

**Cautions and contraindications**

1. Use ciclosporin with caution in hypertension.
"""


def test_the_label_of_a_warnings_section_warns_against_no_drug_above_it(lexicon):
    article, _ = read_any(LABELLED.encode(), "label.md")
    draft = build_draft(article, lexicon, "label.md")
    assert warned(draft) == {("ciclosporin", "Caution")}, warned(draft)
