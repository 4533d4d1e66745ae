"""The stage of a drug when the page names a later stage over it, read as a clinician reads the page (written from
what each layout says, before the importer was changed; first seen on a blind page about hospital pneumonia).

The vocabulary (graph/vocab): kgv:Alternative is "used instead of another therapy, for example when that one is
contraindicated or not tolerated"; kgv:Escalation is "added or switched to when the response is inadequate ..., or
for severe disease"; kgv:Refractory is "for disease that has not responded to escalation".

- "Penicillin allergy (non-severe): ceftazidime 2 g IV q8h" under "Escalate to IV therapy:", or a table row
  "Severe, penicillin allergy | Escalation | Ceftazidime ...": the allergy says who gets the drug at the step the page
  names; the drug is the escalation for those patients, not the alternative to the first line. Under "First line:"
  the same line is still the alternative. A line that says "instead" or "alternative", or a drug for an intolerance
  ("if morphine is not tolerated"), is the alternative whatever the step.
- "MRSA: add vancomycin" under "Severe infection - escalate to IV" (or in the section "Severe HAP"): a drug added to
  the regimen of a later stage, or of severe disease, is given at that stage (the vocabulary's escalation is "added
  ... for severe disease"); under a heading with no stage or severity it stays an adjunct.
- "If the stool frequency remains above 8 on day 3 of IV steroids, offer rescue therapy:" over a list: the lead-in's
  own words name the refractory stage of the drugs listed under it.
"""

from __future__ import annotations

from draft_reading import page_draft, recommended_stage_names
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HEADER = """Treating an invented hospital chest infection

Last updated: 2 May 2025

"""

ALLERGIES = ("Penicillin allergy (non-severe)", "Non-immediate penicillin allergy", "If allergic to penicillin",
             "Penicillin hypersensitivity")
LATER_LEADS = {"Escalation": ("Escalate to IV therapy:", "Step up to IV treatment:", "Escalation:"),
               "Refractory": ("Refractory disease:", "Refractory infection:")}


def _stages(body: str, ext: str = "txt") -> dict[str, set[str]]:
    head = HEADER if ext == "txt" else "# Treating an invented hospital chest infection\n\n"
    return recommended_stage_names(page_draft(_lexicon_holder[0], head, body, ext))


_lexicon_holder: list = []


def _use(lexicon) -> None:
    _lexicon_holder[:] = [lexicon]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(allergy=st.sampled_from(ALLERGIES), stage=st.sampled_from(sorted(LATER_LEADS)), data=st.data())
def test_an_allergy_line_under_a_later_stage_lead_in_is_at_that_stage(lexicon, allergy, stage, data) -> None:
    _use(lexicon)
    lead = data.draw(st.sampled_from(LATER_LEADS[stage]))
    body = ("3. SEVERE INFECTION\n"
            f"{lead}\n"
            "  - Piperacillin-tazobactam 4.5 g IV every 8 hours\n"
            f"  - {allergy}: ceftazidime 2 g IV every 8 hours\n")
    assert _stages(body).get("ceftazidime") == {stage}, body


def test_an_intolerance_line_under_a_later_stage_stays_the_alternative(lexicon) -> None:
    # "if X is not tolerated" says the drug replaces X within the step: the alternative (the fixture facts read it so)
    _use(lexicon)
    body = ("Alternatives (second line)\n"
            "Oxycodone if morphine is not tolerated: 10 mg orally every 12 hours.\n")
    assert _stages(body).get("oxycodone") == {"Alternative"}


def test_an_allergy_line_under_first_line_is_still_the_alternative(lexicon) -> None:
    _use(lexicon)
    body = ("2. NON-SEVERE INFECTION\n"
            "First line:\n"
            "  - Amoxicillin 500 mg orally three times a day for 5 days\n"
            "  - Penicillin allergy: doxycycline 100 mg orally once daily for 5 days\n")
    assert _stages(body).get("doxycycline") == {"Alternative"}


def test_a_table_row_naming_its_stage_beside_an_allergy_is_at_that_stage(lexicon) -> None:
    _use(lexicon)
    body = ("## Empirical treatment\n\n| Severity | Choice | Regimen |\n|---|---|---|\n"
            "| Severe | Escalation | Piperacillin-tazobactam 4.5 g IV every 8 hours |\n"
            "| Severe, non-severe penicillin allergy | Escalation | Ceftazidime 2 g IV every 8 hours |\n")
    assert _stages(body, "md").get("ceftazidime") == {"Escalation"}


def test_a_line_that_says_instead_stays_the_alternative_under_a_later_stage(lexicon) -> None:
    _use(lexicon)
    body = ("3.2 Second-line: ergometrine\n\n"
            "If the uterus remains atonic, give ergometrine 500 micrograms IM.\n"
            "Carboprost 250 micrograms IM may be used instead in a woman who has already had ergometrine.\n")
    assert _stages(body).get("carboprost") == {"Alternative"}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(heading=st.sampled_from(["Severe infection - escalate to IV", "SEVERE INFECTION (sepsis)",
                                "Escalation: severe disease"]),
       line=st.sampled_from(["MRSA: add vancomycin 15 mg/kg IV every 12 hours.",
                             "If MRSA is suspected, add vancomycin 15 mg/kg IV every 12 hours.",
                             "Add vancomycin 15 mg/kg IV every 12 hours when MRSA is likely."]))
def test_a_drug_added_at_a_later_stage_or_for_severe_disease_is_escalation(lexicon, heading, line) -> None:
    _use(lexicon)
    body = f"## {heading}\n\n- Piperacillin-tazobactam 4.5 g IV every 8 hours.\n- {line}\n"
    assert _stages(body, "md").get("vancomycin") == {"Escalation"}, body


def test_a_drug_added_with_no_stage_or_severity_over_it_stays_an_adjunct(lexicon) -> None:
    _use(lexicon)
    body = "## Treatment\n\n- Amoxicillin 500 mg orally three times a day.\n- MRSA: add doxycycline 100 mg orally twice a day.\n"
    assert _stages(body, "md").get("doxycycline") == {"Adjunct"}


def test_a_conditional_lead_in_naming_rescue_therapy_puts_its_items_at_the_refractory_stage(lexicon) -> None:
    _use(lexicon)
    body = ("Acute severe colitis (inpatient)\n"
            "- Escalation, first choice: hydrocortisone 100 mg IV four times daily.\n\n"
            "If the stool frequency remains above 8 a day on day 3 of IV steroids, offer rescue therapy:\n"
            "1. Ciclosporin 2 mg/kg/day by continuous IV infusion.\n"
            "2. Infliximab 5 mg/kg IV, given at weeks 0, 2 and 6.\n")
    stages = _stages(body)
    assert stages.get("ciclosporin") == {"Refractory"}
    assert stages.get("infliximab") == {"Refractory"}
