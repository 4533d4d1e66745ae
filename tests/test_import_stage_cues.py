"""Stages read from the clause that governs a drug, as a prescriber reads them: a drug for someone who cannot take
the usual one ("cannot take", "causes side effects", "allergic to") is its alternative; one for a treatment that is
not enough ("no response", "continues after", "worsens", severe disease) is the step up; one given when the step up
itself has failed is refractory care; 'start' says when a drug begins, not that it is the first stage; 'from the
start' is a time; 'supportive treatment' is an adjunct; stopping one drug before giving another is no taper; a drug
'added' after another in one sentence is the adjunct. Every sentence is written for this test and each expected stage
was decided from its wording (and the vocabulary's definitions in graph/vocab) before the importer ran on it."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_import_stage_reading import stages_of

USUAL = "Treatment\n\nOffer amoxicillin 500 mg orally three times a day for 5 days. 1\n"
NEXT = "doxycycline 100 mg orally twice daily"

# the usual drug cannot be used: what is given instead is the alternative (kgv:Alternative, "used instead of another
# therapy, for example when that one is contraindicated or not tolerated")
CANNOT_USE = [
    "if amoxicillin is not tolerated",
    "if the person is allergic to penicillin",
    "where amoxicillin is contraindicated",
    "for people who cannot take amoxicillin",
    "if amoxicillin causes side effects",
    "for patients who develop adverse effects on amoxicillin",
    "in penicillin allergy",
    "if the patient is intolerant of amoxicillin",
]
# the treatment so far is not enough: the step up (kgv:Escalation, "added or switched to when the response is
# inadequate ..., or for severe disease")
NOT_ENOUGH = [
    "if there is no response after 48 hours",
    "if symptoms worsen",
    "if the infection is not improving after 3 days",
    "if symptoms continue after 48 hours",
    "if fever continues despite 48 hours of treatment",
    "if amoxicillin fails",
    "for people who do not respond to amoxicillin",
    "in severe infection",
    "if the infection is severe",
]
FORMS = [
    "{C}, give {N}.",
    "{N_cap} {c}.",
    "{C}: {N}.",
    "{C}, offer {N}.",
    "{C}, {N} is recommended.",
]


def _line(cue: str, form: str) -> str:
    return form.format(C=cue[0].upper() + cue[1:], c=cue, N=NEXT, N_cap=NEXT[0].upper() + NEXT[1:])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(family=st.sampled_from([("Alternative", CANNOT_USE), ("Escalation", NOT_ENOUGH)]), data=st.data())
def test_the_same_drug_under_paraphrased_cues_gets_the_cue_s_stage_and_swapping_the_cue_changes_it(lexicon, family, data):
    stage, cues = family
    cue = data.draw(st.sampled_from(cues), label="cue")
    form = data.draw(st.sampled_from(FORMS), label="form")
    got = stages_of(lexicon, USUAL + _line(cue, form) + " 1\n")
    assert got["doxycycline"] == {stage}
    assert got["amoxicillin"] == {"FirstLine"}
    other = NOT_ENOUGH if stage == "Alternative" else CANNOT_USE
    swapped = stages_of(lexicon, USUAL + _line(data.draw(st.sampled_from(other), label="swapped"), form) + " 1\n")
    assert swapped["doxycycline"] != {stage}


@pytest.mark.parametrize("verb", ["Start", "Give", "Offer", ""])
@pytest.mark.parametrize("heading, stage", [
    ("If first-line treatment fails", "Escalation"),
    ("No response after 48 hours", "Escalation"),
    ("Severe disease", "Escalation"),
    ("Second line", "Escalation"),
    ("Penicillin allergy", "Alternative"),
    ("If amoxicillin cannot be taken", "Alternative"),
    ("Refractory disease", "Refractory"),
])
def test_a_drug_under_a_heading_that_carries_the_stage_takes_it_whatever_verb_starts_its_line(lexicon, heading, stage,
                                                                                               verb):
    line = f"{verb} {NEXT}." if verb else f"{NEXT[0].upper() + NEXT[1:]}."
    got = stages_of(lexicon, USUAL + f"\n{heading}\n\n{line} 1\n")
    assert got["doxycycline"] == {stage}


def test_start_under_a_severity_step_is_when_the_drug_begins_not_the_first_stage(lexicon):
    got = stages_of(lexicon, (
        "Management\n\nStep 1 - mild pain (first line)\n\nParacetamol 15 mg/kg orally every 6 hours. 1\n\n"
        "Step 2 - moderate to severe pain\n\nThen start oral morphine 200 micrograms/kg every 4 hours. 1\n"
    ))
    assert got["morphine"] == {"Escalation"}
    assert got["acetaminophen"] == {"FirstLine"}


def test_from_the_start_is_a_time_and_supportive_treatment_is_an_adjunct(lexicon):
    got = stages_of(lexicon, (
        "Management\n\nGive morphine 200 micrograms/kg orally every 4 hours. 1\n\nSupportive treatment\n\n"
        "Constipation: prescribe lactulose 5 mL orally twice daily from the start. 1\n"
    ))
    assert got["lactulose"] == {"Adjunct"}
    assert got["morphine"] == {"FirstLine"}


def test_stopping_another_drug_before_giving_this_one_is_no_taper_of_it(lexicon):
    got = stages_of(lexicon, (
        "Management\n\nGive morphine 200 micrograms/kg orally every 4 hours. 1\n\nSupportive treatment\n\n"
        "Opioid toxicity: stop the opioid and give naloxone 4 micrograms/kg IV. 1\n"
    ))
    assert got["naloxone"] == {"Adjunct"}


def test_supplemental_oxygen_is_the_gas_given_not_an_add_on(lexicon):
    got = stages_of(lexicon, "Treatment\n\nGive supplemental oxygen to keep saturation at 94% or above. 1\n")
    assert "Adjunct" not in got.get("oxygen", set())


def test_a_drug_added_after_another_in_one_sentence_is_the_adjunct_and_the_first_keeps_its_stage(lexicon):
    got = stages_of(lexicon, "Treatment\n\nStart metformin 500 mg orally twice daily, and add gliclazide 40 mg "
                             "orally once daily if hyperglycaemia is symptomatic. 1\n")
    assert got["metformin"] == {"FirstLine"}
    assert got["gliclazide"] == {"Adjunct"}


def test_a_drug_given_when_the_step_up_has_failed_is_refractory_care(lexicon):
    got = stages_of(lexicon, (
        "Shock\n\nGive sodium chloride 0.9% 500 mL IV over 15 minutes. 1\n"
        "If hypotension continues after fluids, start noradrenaline 0.1 micrograms/kg/minute IV. 1\n"
        "If shock persists despite noradrenaline, add vasopressin 0.03 units/minute IV. 1\n"
    ))
    assert got["sodium-chloride"] == {"FirstLine"}
    assert got["norepinephrine"] == {"Escalation"}
    assert got["vasopressins"] == {"Refractory"}


def test_a_failure_of_the_first_drug_is_still_only_the_step_up(lexicon):
    got = stages_of(lexicon, (
        "Shock\n\nGive sodium chloride 0.9% 500 mL IV over 15 minutes. 1\n"
        "If shock persists despite fluids, start noradrenaline 0.1 micrograms/kg/minute IV. 1\n"
    ))
    assert got["norepinephrine"] == {"Escalation"}


def test_the_line_s_own_stage_word_wins_over_what_failed_before(lexicon):
    # 'second-line' named outright: the step up, even after two agents failed (the status-epilepticus facts read
    # "give one of the following second-line drugs" after two benzodiazepine doses the same way)
    got = stages_of(lexicon, (
        "Treatment\n\nOffer flucloxacillin 500 mg orally four times a day. 1\n"
        "If there is no improvement, switch to clindamycin 450 mg orally four times a day. 1\n"
        "If there is no response to clindamycin, linezolid 600 mg orally twice daily is the second-line choice. 1\n"
    ))
    assert got["linezolid"] == {"Escalation"}


MD_TABLE = """# Invented test condition guidance

Last updated: May 5, 2021

## Treatment

| Patient | {first} | {second} |
|---|---|---|
| Adults | amoxicillin 500 mg orally three times a day [1] | doxycycline 100 mg orally twice daily [1] |
| Children | amoxicillin 30 mg/kg orally three times a day [1] | clarithromycin 7.5 mg/kg orally twice daily [1] |

## References

1. An invented guidance title for a stage reading test. Example Publisher, 2020.
"""


@pytest.mark.parametrize("second, stage", [
    ("Alternative (penicillin allergy)", "Alternative"),
    ("Penicillin allergy", "Alternative"),
    ("If no response after 48 hours", "Escalation"),
    ("Second line", "Escalation"),
])
@pytest.mark.parametrize("first", ["First choice", "First line", "Preferred"])
def test_a_table_column_that_names_the_option_gives_the_stage_of_each_drug_in_it(lexicon, first, second, stage):
    got = stages_of(lexicon, MD_TABLE.format(first=first, second=second), "stages.md")
    assert got["amoxicillin"] == {"FirstLine"}
    assert got["doxycycline"] == {stage}
    assert got["clarithromycin"] == {stage}


def test_a_text_table_column_that_names_the_option_gives_the_stage_of_each_drug_in_it(lexicon):
    got = stages_of(lexicon, (
        "Treatment\n\n"
        "Patient         First line                          Penicillin allergy\n"
        "Adults          amoxicillin 500 mg orally tds       doxycycline 100 mg orally bd\n"
        "Children        amoxicillin 30 mg/kg orally tds     clarithromycin 7.5 mg/kg orally bd\n"
    ))
    assert got["amoxicillin"] == {"FirstLine"}
    assert got["doxycycline"] == {"Alternative"}
    assert got["clarithromycin"] == {"Alternative"}


@pytest.mark.parametrize("line", [
    "When the patient is afebrile for 24 hours, switch to oral co-amoxiclav 625 mg three times a day.",
    "Switch to co-amoxiclav 625 mg orally three times a day once clinically stable.",
    "Once improving, change to oral co-amoxiclav 625 mg three times a day to complete 7 days.",
    "Step down to co-amoxiclav 625 mg orally three times a day when the patient can swallow.",
])
def test_a_switch_to_oral_treatment_on_improvement_continues_the_course_at_its_stage(lexicon, line):
    # neither a step up (kgv:Escalation is for an inadequate response) nor the taper stage: the course goes on by mouth
    got = stages_of(lexicon, f"Treatment\n\nGive ceftriaxone 2 g IV once daily. 1\n{line} 1\n")
    assert got["ceftriaxone"] == {"FirstLine"}
    assert got["co-amoxiclav"] == {"FirstLine"}


def test_a_switch_because_the_patient_is_not_improving_is_still_the_step_up(lexicon):
    got = stages_of(lexicon, "Treatment\n\nGive amoxicillin 500 mg orally three times a day. 1\n"
                             "If the patient is not improving after 48 hours, switch to co-amoxiclav 625 mg orally "
                             "three times a day. 1\n")
    assert got["co-amoxiclav"] == {"Escalation"}


def test_continuing_a_drug_the_section_already_gives_is_how_long_it_goes_on_not_the_taper_stage(lexicon):
    got = stages_of(lexicon, (
        "Treatment\n\nStart warfarin 5 mg orally once daily and enoxaparin 1.5 mg/kg subcutaneously once daily. 1\n"
        "Continue enoxaparin for at least 5 days and until the INR is 2 or more for 24 hours. 1\n"
    ))
    assert got["enoxaparin"] == {"FirstLine"}


def test_a_failure_named_in_the_condition_after_the_step_up_makes_the_next_drug_refractory_care(lexicon):
    got = stages_of(lexicon, (
        "Treatment\n\nOffer amoxicillin 500 mg orally three times a day for 5 days. 1\n"
        "If no response, give ceftriaxone 2 g IV once daily. 1\n"
        "If there is still no response after ceftriaxone, give meropenem 1 g IV every 8 hours. 1\n"
    ))
    assert got["ceftriaxone"] == {"Escalation"}
    assert got["meropenem"] == {"Refractory"}


def test_a_class_given_as_such_is_still_recommended(lexicon):
    got = stages_of(lexicon, "Treatment\n\nGive naproxen 500 mg orally twice daily. 1\n"
                             "Add a proton pump inhibitor if the patient is over 65. 1\n")
    assert got["proton-pump-inhibitors"] == {"Adjunct"}


def test_a_lead_in_that_starts_a_drug_over_its_dose_rows_defers_to_the_severity_heading(lexicon):
    got = stages_of(lexicon, (
        "Management\n\nStep 1 - mild pain (first line)\n\nParacetamol 15 mg/kg orally every 6 hours. 1\n\n"
        "Step 2 - moderate to severe pain\n\nThen start oral morphine every 4 hours: 1\n"
        "- Child 1-2 years: 200-400 micrograms/kg every 4 hours\n"
        "- Child 12-17 years: 5-20 mg every 4 hours\n"
    ))
    assert got["morphine"] == {"Escalation"}


def test_dose_rows_take_the_stage_a_later_condition_gives_their_drug_even_when_a_key_point_names_it_first(lexicon):
    # the key point names ondansetron before the section that gives its stage ("Second line: if vomiting prevents oral
    # rehydration" is why it replaces oral rehydration alone: the alternative); the weight rows say no stage of their
    # own and take the one the article gives the drug, however early it was first named
    from rdflib import Graph

    from kg.importer.draft import build_draft
    from kg.importer.markdown import read_any
    from tests.test_import_stage_reading import HEAD, TAIL

    body = ("Key points\n\nA single dose of ondansetron can make oral rehydration possible in the vomiting child. 1\n\n"
            "Treatment\n\nGive oral rehydration solution 50 mL/kg orally over 4 hours. 1\n"
            "Second line: if vomiting prevents oral rehydration, give a single dose of ondansetron. 1\n\n"
            "Weight        Ondansetron dose (oral, single dose)\n8-15 kg       2 mg\n15-30 kg      4 mg\n")
    article, _ = read_any((HEAD + body + TAIL).encode(), "stages.txt")
    g = Graph().parse(data=build_draft(article, lexicon, "stages.txt").ttl, format="turtle")
    rows = g.query("""PREFIX kgv: <https://w3id.org/guideline-kg/vocab#>
        SELECT ?stage (COUNT(DISTINCT ?d) AS ?n) WHERE { ?rec kgv:dose ?d ; kgv:stage ?stage ; kgv:therapy ?t .
        FILTER(STRENDS(STR(?t), "/ondansetron")) } GROUP BY ?stage""")
    doses = {str(r[0]).rsplit("#", 1)[-1]: int(r[1]) for r in rows}
    assert doses.get("Alternative", 0) >= 2  # the two weight rows
    assert "FirstLine" not in doses
