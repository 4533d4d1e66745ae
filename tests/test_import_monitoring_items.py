"""What is a monitoring item and what is not, and the numbered section titles a plain page sets its monitoring under.

Written from what each line tells a clinician, decided before the importer was run on it:
- a page that numbers its sections ("1. Background" ... "9. Monitoring") sets each list under its title, whether the
  title stands over a blank line, a bulleted list or prose; the title itself is never a monitoring item, and the
  verbless lines under "Monitoring" ("Serum potassium at 1, 2 and 4 hours", "Blood glucose hourly") are;
- a stopping rule or an action on a result ("ALT above 5 times the upper limit: stop the drugs", "If cultures are still
  positive at 4 months, stop the regimen and refer") is not a check to do, and a drug named in the result it waits
  for ("rifampicin resistance") is not given;
- a threshold measured on the patient ("creatinine clearance below 60 mL/min") does not stop a check from being one;
- under a "Cautions" heading a sentence is about the drug it opens with; a drug it names later is its object.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from tests.draft_reading import recommended_stages, section_article
from tests.draft_reading import warned_agents as warned

PAGE = """Invented test condition: monitoring during treatment
Test guidance written for an importer test; not clinical advice.

Published: 12 May 2025

{sections}

References
1. An invented guidance title for a monitoring test. Example Publisher, 2020.
"""


def _draft(lexicon, text: str, name: str = "monitoring.txt"):
    article, _ = read_any(text.encode(), name)
    return article, build_draft(article, lexicon, name)


def _monitored(draft) -> list[str]:
    return [body for _st, body in draft.monitoring_facts]


def _notes(draft) -> list[str]:
    return [n for s in draft.statements for n in s.needs]


_BODIES = {
    "Background": "The invented condition is treated for six weeks [1].",
    "Treatment": "- Offer amoxicillin 500 mg orally three times a day for 5 days [1].",
    "Cautions": "- Use amoxicillin with caution in people with renal impairment [1].",
    "Monitoring": ("- Serum potassium at 1, 2 and 4 hours after the first dose [1].\n"
                   "- Blood glucose hourly while the infusion runs [1]."),
}


def _numbered(order: list[str], blank_after_title: bool) -> str:
    parts = []
    for n, title in enumerate(order, 1):
        parts.append(f"{n}. {title}\n" + ("\n" if blank_after_title else "") + _BODIES[title])
    return "\n\n".join(parts)


def test_numbered_section_titles_over_lists_and_blank_lines_are_headings_and_their_items_are_read(lexicon):
    text = PAGE.format(sections=_numbered(["Background", "Treatment", "Cautions", "Monitoring"], False))
    article, draft = _draft(lexicon, text)
    assert [h for h in article.headings if h[0].isdigit()] == [
        "1. Background", "2. Treatment", "3. Cautions", "4. Monitoring"]
    monitored = _monitored(draft)
    assert any(b.startswith("Serum potassium at 1, 2 and 4 hours") for b in monitored), monitored
    assert any(b.startswith("Blood glucose hourly") for b in monitored), monitored
    assert not any(b.strip(" .") in ("Monitoring", "4. Monitoring") for b in monitored), monitored


def test_a_numbered_list_of_instructions_stays_a_list_of_statements(lexicon):
    steps = "1. Offer amoxicillin 500 mg orally three times a day [1].\n\n2. Consider clarithromycin if allergic [1]."
    text = PAGE.format(sections="Treatment\n\n" + steps)
    article, draft = _draft(lexicon, text)
    assert not [h for h in article.headings if h[0].isdigit()]
    texts = [s.item.text for s in draft.statements]
    assert any(t.startswith("Offer amoxicillin") for t in texts)
    assert any(t.startswith("Consider clarithromycin") for t in texts)


# ------------------------------------------------------------------ an action on a result is not a check


def _under(lexicon, heading: str, body: str):
    text = section_article("monitoring", "Monitoring", "monitoring item").format(heading=heading, body=body)
    return _draft(lexicon, text)


@pytest.mark.parametrize(
    "line",
    [
        "ALT more than 5 times the upper limit of normal, or above 3 times with symptoms: stop the hepatotoxic drugs "
        "and get specialist advice.",
        "If ALT rises above 5 times the upper limit of normal, or above 3 times with symptoms, stop the hepatotoxic "
        "drugs and seek specialist advice.",
        "If the potassium is 6.5 mmol/L or above, contact the renal team.",
        "Platelets below 50 x 10^9/L: withhold the heparin and discuss with haematology.",
    ],
)
def test_a_stopping_rule_under_monitoring_is_not_a_monitoring_item(lexicon, line):
    _article, draft = _under(lexicon, "Monitoring", line)
    assert not _monitored(draft), line
    assert any("an action on a result" in n for n in _notes(draft)), _notes(draft)


def test_a_drug_named_in_the_result_an_action_waits_for_is_not_recommended(lexicon):
    line = ("Cultures still positive at 4 months, or rifampicin resistance on molecular testing: stop the standard "
            "regimen and refer to the specialist service.")
    _article, draft = _under(lexicon, "If treatment fails", line)
    from rdflib import Graph

    g = Graph().parse(data=draft.ttl, format="turtle")
    assert "rifampin" not in recommended_stages(g)
    assert not _monitored(draft)


# checks a reader files as monitoring items: one with a condition of its own, and a test added or considered
_CHECKS = [
    "If the INR is above 3, repeat it in 2 days.",
    "Check the INR daily until it is in range.",
    "Serum urate every 4 weeks while titrating.",
    "Consider measuring FT4 as well as TSH if symptoms persist.",
    "Add FT4 to the TSH when symptoms persist.",
    "Consider a chest X-ray at 6 weeks.",
]


@pytest.mark.parametrize("line", _CHECKS)
def test_a_check_with_a_condition_or_a_test_added_or_considered_under_monitoring_is_a_monitoring_item(lexicon, line):
    _article, draft = _under(lexicon, "Monitoring", line)
    assert _monitored(draft), line


_RESULTS = ["ALT above 5 times the upper limit", "If the eGFR falls below 30 mL/min,", "Neutrophils below 1.0 x 10^9/L:",
            "When the QTc is above 500 ms,"]
_ACTIONS = ["stop the drug", "withhold the next dose", "refer to the specialist team", "seek specialist advice",
            "discontinue treatment"]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(result=st.sampled_from(_RESULTS), action=st.sampled_from(_ACTIONS))
def test_no_result_and_action_is_ever_a_monitoring_item(lexicon, result, action):
    joint = result if result.endswith((",", ":")) else result + ":"
    line = f"{joint} {action}."
    _article, draft = _under(lexicon, "Monitoring", line)
    assert not _monitored(draft), line


# ------------------------------------------------------------------ a measured threshold inside a check


def test_a_measured_threshold_does_not_stop_a_check_being_drafted(lexicon):
    line = ("Check renal function and a full blood count before starting a DOAC and at least once a year, or every 6 "
            "months if creatinine clearance is below 60 mL/min.")
    _article, draft = _under(lexicon, "Monitoring", line)
    assert any("renal function" in b for b in _monitored(draft)), _monitored(draft)


# ------------------------------------------------------------------ the subject of a sentence under a caution heading


@pytest.mark.parametrize(
    ("line", "subject", "other"),
    [
        ("Rifampicin makes hormonal contraceptives less reliable; advise a non-hormonal method.", "rifampin",
         "contraceptive-agents"),
        ("Clarithromycin raises simvastatin levels in the blood.", "clarithromycin",
         "simvastatin"),
    ],
)
def test_under_a_caution_heading_the_sentence_is_about_the_drug_it_opens_with(lexicon, line, subject, other):
    _article, draft = _under(lexicon, "Cautions", line)
    agents = {a for a, _k in warned(draft)}
    assert subject in agents, agents
    assert other not in agents, agents


def test_adding_a_drug_under_monitoring_is_not_a_monitoring_item(lexicon):
    _article, draft = _under(lexicon, "Monitoring", "Add omeprazole 20 mg once daily if dyspepsia develops.")
    assert not _monitored(draft)


# ------------------------------------------------------------------ a check listed without a verb, outside a Monitoring heading


@pytest.mark.parametrize(
    "line",
    [
        "Serum potassium 1, 2 and 4 hours after treatment.",
        "Blood glucose hourly.",
        "Renal function before starting.",
        "U&Es at baseline and at 1 week.",
        "INR: daily during initiation.",
        "Full blood count and liver function tests every 2 weeks for 3 months.",
        "Capillary blood glucose every hour.",
        "Trough vancomycin level before the fourth dose.",
        "Baseline and 3-monthly HbA1c.",
        "Weigh the child daily.",
        "Keep a fluid balance chart.",
        "Do a pregnancy test before starting.",
        "Take bloods for FBC and CRP on admission.",
        "Ask about visual symptoms at each visit.",
        "Look for signs of hypoglycaemia every hour.",
    ],
)
def test_a_measurement_named_with_its_timing_is_a_monitoring_item_under_any_heading(lexicon, line):
    _article, draft = _under(lexicon, "Treatment", line)
    assert _monitored(draft), line


@pytest.mark.parametrize(
    "line",
    [
        "Potassium chloride 40 mmol/L in all IV fluids after the first bolus.",
        "Amoxicillin 500 mg every 8 hours for 5 days.",
        "Give levothyroxine 50 micrograms daily before breakfast.",
        "Low blood pressure after the first dose is common.",
        "Weight loss of 5% before surgery improves outcomes.",
        "Look for a reversible cause.",
    ],
)
def test_a_dose_or_a_statement_about_a_measure_is_not_a_monitoring_item(lexicon, line):
    _article, draft = _under(lexicon, "Treatment", line)
    assert not _monitored(draft), line


@pytest.mark.parametrize(
    "line",
    [
        "On intravenous morphine: respiratory rate and sedation score every hour.",
        "Oxygen saturation with each set of observations.",
    ],
)
def test_a_labelled_measurement_under_an_observations_heading_is_a_monitoring_item(lexicon, line):
    _article, draft = _under(lexicon, "OBSERVATIONS", line)
    assert _monitored(draft), line
    _article, draft = _under(lexicon, "Treatment", line)
    assert _monitored(draft), line
