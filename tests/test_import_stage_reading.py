"""Stages a reader takes from where a statement stands and what its condition names: a heading that is itself a
condition, a severity in a row's own label, the earlier stage named as what was tried, an allergy that scopes only
the alternative it follows, a taper of the drug just started, 'switch to A (or to B)'. Every sentence is written
for this test; each expected stage is what the wording tells a prescriber, decided before the importer ran on it."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from tests.draft_reading import recommended_stages

HEAD = """What is the treatment of an invented test condition?

Last updated: May 5, 2021

Invented Test Guidance On Stage Reading

"""
TAIL = """
References

1. An invented guidance title for a stage reading test. Example Publisher, 2020.
"""


def stages_of(lexicon, body: str, name: str = "stages.txt") -> dict[str, set[str]]:
    text = body if name.endswith(".md") else HEAD + body + TAIL
    article, _ = read_any(text.encode(), name)
    draft = build_draft(article, lexicon, name)
    return recommended_stages(Graph().parse(data=draft.ttl, format="turtle"))


def test_drugs_under_a_heading_that_is_a_failure_condition_are_the_escalation_even_when_it_names_first_line(lexicon):
    got = stages_of(lexicon, (
        "First-line treatment\n\nOffer amoxicillin 500 mg orally three times a day for 5 days. 1\n\n"
        "If first-line treatment fails\n\n"
        "Doxycycline 100 mg orally twice daily for 5 days. 1\nClarithromycin 500 mg orally twice daily for 5 days. 1\n"
    ))
    assert got["amoxicillin"] == {"FirstLine"}
    assert got["doxycycline"] == {"Escalation"}
    assert got["clarithromycin"] == {"Escalation"}


def test_drugs_under_a_heading_that_is_an_allergy_condition_are_the_alternative(lexicon):
    got = stages_of(lexicon, (
        "Treatment\n\nOffer amoxicillin 500 mg orally three times a day for 5 days. 1\n\n"
        "If the person is allergic to penicillin\n\nDoxycycline 100 mg orally twice daily for 5 days. 1\n"
    ))
    assert got["doxycycline"] == {"Alternative"}


def test_the_earlier_stage_named_as_what_was_tried_is_not_the_stage_of_the_drug_given_next(lexicon):
    got = stages_of(lexicon, (
        "Treatment\n\nOffer amoxicillin 500 mg orally three times a day for 5 days. 1\n"
        "No better after 3 days on first-line treatment: change to doxycycline 100 mg orally twice daily. 1\n"
    ))
    assert "FirstLine" not in got["doxycycline"]


def test_switch_to_a_or_to_b_recommends_a_rather_than_reading_a_as_replaced(lexicon):
    got = stages_of(lexicon, (
        "Treatment\n\nOffer amoxicillin 500 mg orally three times a day for 5 days. 1\n"
        "If symptoms do not improve within 72 hours, switch to doxycycline (or to clarithromycin in pregnancy). 1\n"
    ))
    assert got["doxycycline"] == {"Escalation"}
    assert "clarithromycin" in got and "FirstLine" not in got["clarithromycin"]


def test_an_allergy_condition_after_or_scopes_only_the_drug_it_follows(lexicon):
    got = stages_of(lexicon, (
        "If treatment fails\n\n"
        "Not improved after 72 hours: change to doxycycline, or to clarithromycin if allergic to tetracyclines. 1\n"
    ))
    assert got["doxycycline"] == {"Escalation"}
    assert got["clarithromycin"] == {"Alternative"}


def test_a_combination_named_with_a_schedule_and_no_amount_recommends_both_parts(lexicon):
    got = stages_of(lexicon, (
        "Treatment\n\nOffer amoxicillin 500 mg orally three times a day for 5 days. 1\n"
        "If there is no improvement after 3 days, switch to high-dose ceftazidime-avibactam for 7 days. 1\n"
    ))
    assert got.get("ceftazidime") == {"Escalation"}
    assert got.get("avibactam") == {"Escalation"}


@pytest.mark.parametrize(
    "body",
    [
        # a table row whose label cell names the severity
        "## Adults\n\n| Indication | Regimen |\n| --- | --- |\n| Mild infection | Amoxicillin 500 mg PO TDS[1] |\n"
        "| Severe infection (admitted) | Cefotaxime 2 g IV every 8 hours[1] |\n",
        # a labelled line
        "## Adults\n\n**Mild infection:** amoxicillin 500 mg PO TDS.[1]\n\n"
        "**Severe infection (admitted):** cefotaxime 2 g IV every 8 hours.[1]\n",
    ],
)
def test_a_severity_in_a_rows_own_label_is_read_as_a_severity_heading_is(lexicon, body):
    text = ("# Invented test guidance on stage reading\n\nWhat is the treatment of an invented test condition?\n\n"
            "Last updated: May 5, 2021\n\n" + body + "\n## References\n\n1. An invented title. Example Publisher, 2020.\n")
    got = stages_of(lexicon, text, "stages.md")
    assert got["cefotaxime"] == {"Escalation"}
    assert "Escalation" not in got["amoxicillin"]


def test_risk_factors_for_resistance_are_not_refractory_disease(lexicon):
    got = stages_of(lexicon, (
        "First line\n\nWhere there are risk factors for resistance (recent antibiotics, age over 65), use "
        "cefuroxime 500 mg orally twice daily for 5 days. 1\n"
    ))
    assert got["cefuroxime"] == {"FirstLine"}


@pytest.mark.parametrize(
    "sentence",
    [
        "When vomiting has settled, switch to prednisolone 40 mg orally once daily, tapering slowly to the lowest dose. 1",
        "Once settled, change to prednisolone 40 mg orally once daily and reduce it gradually. 1",
    ],
)
def test_tapering_the_drug_just_started_is_how_it_is_given_not_a_taper_stage(lexicon, sentence):
    got = stages_of(lexicon, f"Refractory disease\n\nHydrocortisone 100 mg intravenously twice daily. 1\n{sentence}\n")
    assert got["prednisolone"] == {"Refractory"}


_FAILURES = ["If first-line treatment fails", "If symptoms persist after 48 hours", "If there is no response to first-line treatment",
             "When first-line treatment has failed", "If symptoms worsen despite initial treatment"]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(heading=st.sampled_from(_FAILURES), drug=st.sampled_from(["Doxycycline", "Clarithromycin", "Cefuroxime"]))
def test_no_drug_under_a_failure_heading_is_ever_drafted_first_line(lexicon, heading, drug):
    got = stages_of(lexicon, (
        "First-line treatment\n\nOffer amoxicillin 500 mg orally three times a day for 5 days. 1\n\n"
        f"{heading}\n\n{drug} 500 mg orally twice daily for 5 days. 1\n"
    ))
    assert got.get(drug.casefold()) and "FirstLine" not in got[drug.casefold()], (heading, got)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("If symptoms persist after 48 hours, offer", "co-amoxiclav 625 mg orally three times a day for 5 days. 1"),
        ("If symptoms persist after 48 hours,", "offer co-amoxiclav 625 mg orally three times a day for 5 days. 1"),
        ("Where amoxicillin has failed, switch to", "co-amoxiclav 625 mg orally three times a day for 5 days. 1"),
    ],
)
def test_a_sentence_printed_over_two_lines_keeps_its_condition_for_the_drug_on_the_second(lexicon, first, second):
    got = stages_of(lexicon, (
        "Treatment\n\nOffer amoxicillin 500 mg orally three times a day for 5 days. 1\n" f"{first}\n{second}\n"
    ))
    assert got["co-amoxiclav"] == {"Escalation"}
    assert got["amoxicillin"] == {"FirstLine"}


def test_a_finished_line_is_not_the_lead_in_of_the_next(lexicon):
    # the first line ends its sentence: the next line's drug keeps its own (first-line) reading
    got = stages_of(lexicon, (
        "Treatment\n\nIf symptoms persist after 48 hours, review the diagnosis. 1\n"
        "Offer co-amoxiclav 625 mg orally three times a day for 5 days as first-line treatment. 1\n"
    ))
    assert got["co-amoxiclav"] == {"FirstLine"}


@pytest.mark.parametrize(
    ("heading", "stage"),
    [
        ("Treatment failure", "Escalation"),
        ("No response after 48 hours", "Escalation"),
        ("Not improving on antibiotics", "Escalation"),
        ("If oral treatment is not possible", "Alternative"),
        ("Third-line options", "Refractory"),
    ],
)
def test_a_heading_naming_a_failure_or_an_unusable_route_sets_the_stage_of_what_is_under_it(lexicon, heading, stage):
    got = stages_of(lexicon, (
        "First-line treatment\n\nOffer amoxicillin 500 mg orally three times a day for 5 days. 1\n\n"
        f"{heading}\n\nCefuroxime 750 mg intravenously three times a day. 1\n"
    ))
    assert got["cefuroxime"] == {stage}, heading
    assert got["amoxicillin"] == {"FirstLine"}


@pytest.mark.parametrize(
    ("sentence", "drug", "stage"),
    [
        ("For a severe infection, or when oral treatment is not possible, give cefuroxime 750 mg IV every 8 hours. 1",
         "cefuroxime", "Escalation"),
        ("When oral treatment is not possible, give cefuroxime 750 mg IV every 8 hours. 1", "cefuroxime", "Alternative"),
        ("If the person has a severe penicillin allergy, give clarithromycin 500 mg orally twice daily. 1",
         "clarithromycin", "Alternative"),
    ],
)
def test_severity_beside_an_unusable_route_is_the_step_up_but_an_allergy_stays_the_alternative(lexicon, sentence, drug,
                                                                                               stage):
    got = stages_of(lexicon, f"Treatment\n\nOffer amoxicillin 500 mg orally three times a day for 5 days. 1\n{sentence}\n")
    assert got[drug] == {stage}, sentence


def test_a_bullet_opening_on_a_drug_under_a_stage_heading_is_offered_at_that_stage(lexicon):
    got = stages_of(lexicon, (
        "First-line treatment\n\nOffer ibuprofen 400 mg orally three times a day. 1\n\n"
        "Alternatives\n\n"
        "  • Intra-articular triamcinolone for a single large joint, the amount set by the joint size. 1\n"
        "  • Overlap with paracetamol for the first 2 days. 1\n"
    ))
    assert got["triamcinolone"] == {"Alternative"}
    # a bullet that opens on an instruction names its drug in passing: not offered by the list
    assert "acetaminophen" not in got


def test_a_bullet_opening_on_a_drug_under_a_heading_with_no_stage_is_not_a_recommendation(lexicon):
    got = stages_of(lexicon, (
        "First-line treatment\n\nOffer ibuprofen 400 mg orally three times a day. 1\n\n"
        "Background\n\n  • Triamcinolone is a long-acting corticosteroid. 1\n"
    ))
    assert "triamcinolone" not in got


def test_a_line_that_names_a_drug_and_ends_mid_sentence_is_not_made_a_lead_in_and_keeps_its_drug(lexicon):
    # an aligned table whose last cell wraps ('aged 80 years or' / 'over'): the row names its drug and doses; it is
    # not read as the lead-in of the wrapped cell (a lead-in drafts nothing, so the drug and its doses were lost)
    got = stages_of(lexicon, (
        "First-line treatment\n\nOffer an anticoagulant to adults with a risk score of 2 or more. 1\n\n"
        "Table 1. Doses (all taken orally)\n"
        "Drug           Usual dose              Reduced dose            Reduce when\n"
        "Rivaroxaban    20 mg once daily        15 mg once daily        CrCl 15-49\n"
        "                                                               mL/min\n"
        "Dabigatran     150 mg twice daily      110 mg twice daily      aged 80 years or\n"
        "                                                               over\n"
        "Take rivaroxaban with the evening meal. 1\n"
    ))
    assert "dabigatran" in got
