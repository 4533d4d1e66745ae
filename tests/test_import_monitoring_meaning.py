"""A monitoring item is a measurement or observation of the patient (or of a drug level) made again over time or at
set points of treatment: what is measured, and when. A line is not one because it says "check", "assess" or
"monitoring".

Written from what each line tells a clinician, decided before the importer was run on it:
- a scope or purpose sentence ("This guideline covers adults presenting with ...: assessment, treatment and
  monitoring") says what the page is about; a section title ("After recovery and monitoring", "Antibiotic treatment
  and monitoring") names a section; neither asks for a check;
- an instruction to act in which a check is one step, done once, before treatment ("Call for help and check airway,
  breathing and circulation", "Take blood cultures, then give antibiotics within one hour", "Check for H. pylori and
  eradicate it if present") is the action, not a check repeated over time; a check whose result decides the action
  ("check visual acuity and refer the same day if abnormal") still is one;
- a check of a calculation against a limit ("Calculate every dose from the weight and check it against the maximum")
  checks the prescription, not the patient; a review of the treatment ("Review antibiotics at 48-72 hours") reviews
  the drugs, not the patient;
- a score used once to stratify risk ("Use the Glasgow-Blatchford score at first assessment", "Assess stroke risk with
  the CHA2DS2-VASc score before starting") is an assessment made once; a score recorded at every assessment is
  monitoring;
- a specimen sent for culture before the first dose is the diagnosis, not a check of the response;
- "either start an antibiotic or observe for 3 days" offers waiting as the alternative to treating;
- levels and markers named with their timing and no verb ("Peak and trough levels around the third dose",
  "C-reactive protein at 24 and 48 hours", "Pain scores every hour") are monitoring items.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from kg.importer.recognise import is_monitoring, monitoring_reading
from tests.draft_reading import recommended_stages, section_article


def _draft(lexicon, heading: str, body: str):
    text = section_article("monitoring", "Monitoring Meaning", "monitoring meaning").format(heading=heading, body=body)
    article, _ = read_any(text.encode(), "monitoring-meaning.txt")
    return build_draft(article, lexicon, "monitoring-meaning.txt")


def _monitored(draft) -> list[str]:
    return [body for _st, body in draft.monitoring_facts]


def _notes(draft) -> list[str]:
    return [n for s in draft.statements for n in s.needs]


NOT_CHECKS = [
    # scope and purpose
    "This guideline covers adults presenting with haematemesis or melaena: risk assessment, drug treatment and "
    "monitoring.",
    "This guidance applies to children aged 1 month to 16 years and covers assessment and monitoring.",
    "The pathway is for adults admitted with pneumonia; it sets out assessment, antibiotic choice and follow-up.",
    # section titles standing as lines
    "After recovery and monitoring",
    "Early-onset infection (suspected sepsis in the first 72 hours): antibiotic treatment and monitoring",
    "ASSESSMENT",
    "Assessment and initial management",
    # an instruction to act with a check as one step
    "Call for help and check airway, breathing and circulation.",
    "Take blood cultures, then give antibiotics within one hour of recognising sepsis.",
    "Treat it as a medical emergency: take blood cultures and give the first antibiotic dose within one hour.",
    "Check for H. pylori and eradicate it if present.",
    "Screen for sepsis, and admit anyone who is vomiting or systemically very unwell.",
    "Measure pain with a tool that suits the child's age, and treat it on a regular schedule.",
    # a check of the prescription, not of the patient
    "Calculate every dose from the child's weight and check it against the maximum for the drug.",
    "Always work from the child's weight and check the dose against the drug's ceiling.",
    # a review of the treatment
    "Review the treatment at 48 hours and switch to tablets where possible.",
    "Review intravenous therapy by 48 hours.",
    # a score used once to stratify risk
    "Use the Glasgow-Blatchford score at first assessment and the full Rockall score after endoscopy.",
    "Assess stroke risk with the CHA2DS2-VASc score and bleeding risk with the ORBIT score before starting "
    "anticoagulation.",
    # a specimen for the diagnosis
    "Send a midstream urine for culture before the first antibiotic dose.",
    "Take blood cultures before starting treatment.",
    # waiting offered instead of treating
    "Children: with persistent illness, either start an antibiotic or observe for 3 more days.",
]

CHECKS = [
    "Peak and trough levels around the third dose.",
    "Gentamicin peak and trough levels before and after the third dose.",
    "C-reactive protein at 24 and 48 hours.",
    "Pain scores every hour while on morphine.",
    "Check C-reactive protein at 24 and 48 hours.",
    "Record a PUQE score at every assessment.",
    "Use the PEWS score with every set of observations.",
    "Reassess the pain score every 30 minutes until pain is controlled.",
    "Give analgesia within 30 minutes of arrival and reassess the pain score every 30 minutes until pain is controlled.",
    "In periorbital swelling, check visual acuity and eye movements and refer the same day if abnormal.",
    "Measure oxygen saturation with the other observations; give oxygen if below 95%.",
    "Check the INR daily and adjust the warfarin dose to keep it in range.",
    "Measure the serum gentamicin concentration and adjust later doses to the local chart.",
    "Send a urine culture if symptoms persist after treatment.",
    "Check renal function before and during aminoglycoside treatment.",
    "Review the child at 48 hours.",
    "Observe for at least 6 hours after the last naloxone dose.",
    "Check blood glucose hourly and give glucose if it falls below 4 mmol/L.",
]


# more of the ways pages word a check, and a line that only looks like one
MORE_CHECKS = [
    "Vancomycin: pre-dose (trough) level before the 4th dose.",
    "Peak and trough gentamicin levels.",
    "Continuous pulse oximetry.",
    "ECG at baseline and after each dose increase.",
    "Pain, sedation and respiratory rate should be recorded hourly.",
    "Record pain scores and sedation every hour.",
    "Monitor vital signs every 15 minutes for the first hour.",
    "Repeat CRP on day 3.",
]
MORE_NOT_CHECKS = [
    "Children need close monitoring because they deteriorate quickly.",
    "Monitoring of drug levels is not routinely required.",
    "Check the patient's allergy status before prescribing.",
    "Check for contraindications before giving thrombolysis.",
    "Check the child's weight and calculate the dose in mg/kg.",
    "Screen all patients for sepsis using the NEWS2 score.",
    "Who this guideline is for: staff assessing and monitoring adults with sepsis.",
    "Treatment and monitoring of hyperkalaemia",
    "Review the diagnosis if there is no response.",
    "Assess severity using the CURB-65 score.",
]


@pytest.mark.parametrize("line", MORE_CHECKS)
def test_more_wordings_of_a_measurement_with_what_and_when_are_monitoring(line):
    assert is_monitoring(line), line


@pytest.mark.parametrize("line", MORE_NOT_CHECKS)
def test_more_lines_that_only_look_like_a_check_are_not_monitoring(line):
    assert not is_monitoring(line), line


@pytest.mark.parametrize("line", NOT_CHECKS)
def test_a_line_worded_like_a_check_that_asks_for_no_repeated_measurement_is_not_monitoring(line):
    assert not is_monitoring(line), line
    checked, _why = monitoring_reading(line)
    assert not checked, line


@pytest.mark.parametrize("line", CHECKS)
def test_a_measurement_of_the_patient_with_what_and_when_is_monitoring(line):
    assert is_monitoring(line), line


@pytest.mark.parametrize(
    "line",
    [
        "Review antibiotics at 48-72 hours.",
        "Review all antibiotics at 48-72 hours once culture results are known.",
        "Review every antibiotic at 48-72 hours against culture results.",
    ],
)
def test_a_review_of_the_drugs_is_neither_a_monitoring_item_nor_an_offer_of_them(lexicon, line):
    draft = _draft(lexicon, "Antibiotic treatment", line)
    assert not _monitored(draft), line
    from rdflib import Graph

    g = Graph().parse(data=draft.ttl, format="turtle")
    assert not recommended_stages(g), (line, recommended_stages(g))


@pytest.mark.parametrize("line", NOT_CHECKS[:8] + NOT_CHECKS[-3:])
def test_a_line_that_is_not_a_check_is_drafted_as_no_monitoring_item_and_the_curator_is_told(lexicon, line):
    # the line as an item of a list under a neutral heading, after an item that gives a dose
    draft = _draft(lexicon, "Management", f"- Offer paracetamol 1 g orally every 6 hours [1].\n- {line}")
    assert not _monitored(draft), line
    statement = [s for s in draft.statements if s.item.text.startswith(line[:12])]
    assert statement, [s.item.text for s in draft.statements]
    assert any("not drafted as a monitoring item" in n or "scope" in n for n in statement[0].needs), statement[0].needs


@pytest.mark.parametrize("line", CHECKS[:6])
def test_a_verbless_level_or_score_with_its_timing_is_drafted_as_a_monitoring_item(lexicon, line):
    draft = _draft(lexicon, "Management", line)
    assert _monitored(draft), line


def test_a_scope_sentence_recommends_no_drug_class_it_names(lexicon):
    line = ("This guideline covers children with acute pain: analgesics by age and weight, opioids in hospital and "
            "monitoring.")
    draft = _draft(lexicon, "Scope", line)
    from rdflib import Graph

    g = Graph().parse(data=draft.ttl, format="turtle")
    assert not recommended_stages(g), recommended_stages(g)
    assert not draft.caution_facts
    assert not _monitored(draft)


# ------------------------------------------------------------------ property: checks vs actions and scope

_MEASURES = ["serum potassium", "blood glucose", "the INR", "renal function", "trough levels", "the pain score",
             "oxygen saturation", "C-reactive protein", "respiratory rate"]
_REPEATS = ["every hour", "daily", "every 4 hours", "at 24 and 48 hours", "weekly for 4 weeks",
            "at every review", "4-hourly until stable"]
_CHECK_VERBS = ["Check", "Measure", "Monitor", "Record", ""]
_ACTIONS = ["give the first dose within one hour", "call for help", "admit to hospital", "start treatment at once",
            "give antibiotics without delay"]
_ONE_OFF_CHECKS = ["check airway, breathing and circulation", "take blood cultures", "check for H. pylori",
                   "screen for sepsis", "check the dose against the maximum"]
_SCOPE_OPENERS = ["This guideline covers", "This guidance applies to", "This page is for", "This document describes"]
_TOPICS = ["adults with sepsis: recognition, treatment and monitoring",
           "children with pain: assessment, analgesia and follow-up",
           "women with pyelonephritis, their assessment and monitoring"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(verb=st.sampled_from(_CHECK_VERBS), measure=st.sampled_from(_MEASURES), when=st.sampled_from(_REPEATS))
def test_any_measure_with_its_repeat_timing_is_monitoring(verb, measure, when):
    what = measure if verb else measure[4:] if measure.startswith("the ") else measure
    line = f"{verb} {what} {when}." if verb else f"{what[0].upper()}{what[1:]} {when}."
    assert is_monitoring(line), line


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(check=st.sampled_from(_ONE_OFF_CHECKS), action=st.sampled_from(_ACTIONS), order=st.booleans(),
       joint=st.sampled_from([", then ", " and ", "; "]))
def test_a_one_off_check_joined_to_an_action_is_never_monitoring(check, action, order, joint):
    first, second = (check, action) if order else (action, check)
    line = f"{first[0].upper()}{first[1:]}{joint}{second}."
    assert not is_monitoring(line), line


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(opener=st.sampled_from(_SCOPE_OPENERS), topic=st.sampled_from(_TOPICS))
def test_a_scope_sentence_is_never_monitoring(opener, topic):
    line = f"{opener} {topic}."
    assert not is_monitoring(line), line


# ------------------------------------------------------------------ under a monitoring heading


@pytest.mark.parametrize(
    "line",
    [
        "Escalate to the critical care outreach team if NEWS2 is 5 or more.",
        "Involve the critical care team early if the patient deteriorates.",
        "Call for senior help if the respiratory rate rises above 30.",
        "Contact the on-call microbiologist if cultures are positive.",
        "Most children can go home once they are drinking well.",
    ],
)
def test_an_escalation_or_a_statement_under_a_monitoring_heading_is_not_a_monitoring_item(lexicon, line):
    draft = _draft(lexicon, "Monitoring", f"- Blood glucose hourly [1].\n- {line}")
    assert not [b for b in _monitored(draft) if b.startswith(line[:12])], _monitored(draft)
    assert [b for b in _monitored(draft) if b.startswith("Blood glucose")], _monitored(draft)


@pytest.mark.parametrize(
    "line",
    [
        "Heart disease: ask about angina and palpitations whenever the dose is raised.",
        "Document the pain score before and after each dose.",
        "Respiratory rate, oxygen saturation and heart rate every hour.",
    ],
)
def test_a_labelled_or_listed_check_is_a_monitoring_item_under_any_heading(lexicon, line):
    for heading in ("Monitoring", "Treatment"):
        draft = _draft(lexicon, heading, f"- Blood glucose hourly [1].\n- {line}")
        assert [b for b in _monitored(draft) if b.startswith(line[:12])], (heading, _monitored(draft))
