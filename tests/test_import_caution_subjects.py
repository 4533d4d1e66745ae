"""Who a warning is about, and what kind of warning it is, decided by the cue words and the sentence's structure.

Each sentence is written for this test from what it tells a prescriber, decided before the importer was run on it:
- an imperative ban on giving a drug ("do not offer X", "do not initiate X") is a contraindication, as "do not
  give X" is;
- "X does not lower Y" says what a drug does not do: it is neither a warning about X (or Y) nor an offer of X;
- a condition before a warning ("If eGFR is below 30, do not give X", "When breastfeeding, avoid X") is the
  warning's circumstance: the warning stands, and X is never recommended from it;
- the drug a warning is given "with" ("caution with digoxin", "avoid alongside Y") is the interacting drug, the
  warning's circumstance, not a warning of its own;
- a lower risk is a benefit, not a risk ("X is linked to a lower risk of recurrence than Y");
- the word "alcohol" ("alcohol use") is not the drug benzyl alcohol.
The drugs are real names, recognised through the graph or the drug lexicon (salbutamol is filed as albuterol)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.context import clauses, statement_reading
from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from tests.draft_reading import (
    PARACETAMOL_LEAD,
    combination_partners,
    recommended_stages,
    sentence_draft,
    warned_subjects,
)
from tests.draft_reading import warned_agents as warned


def draft_of(lexicon, sentence: str):
    return sentence_draft(lexicon, sentence, name="subjects.txt", title="On Warning Subjects", test="caution subject",
                          lead=PARACETAMOL_LEAD)


def others_recommended(g) -> set[str]:
    return set(recommended_stages(g)) - {"acetaminophen"}


# ------------------------------------------------------------------ the imperative ban, whatever its verb of giving


@pytest.mark.parametrize("verb", ["give", "use", "offer", "initiate", "prescribe", "administer"])
def test_every_imperative_ban_on_giving_a_drug_is_a_contraindication(lexicon, verb):
    sentence = f"Do not {verb} aspirin monotherapy for stroke prevention."
    g, draft = draft_of(lexicon, sentence)
    assert warned(draft) == {("aspirin", "Contraindication")}, sentence
    assert not others_recommended(g), sentence


def test_a_labelled_ban_reads_as_the_bare_one():
    assert [c.reading for c in clauses("Aspirin: do not offer aspirin monotherapy for stroke prevention.")] == [
        "contraindication"]


# ------------------------------------------------------------------ "X does not ..." describes; it neither warns nor offers


@pytest.mark.parametrize(
    "sentence",
    [
        "Calcium gluconate does not lower the serum potassium.",
        "Salbutamol does not remove potassium from the body.",
        "Digoxin does not control the rate during exercise.",
        "Amoxicillin and clarithromycin do not shorten the illness.",
    ],
)
def test_a_sentence_saying_what_a_drug_does_not_do_drafts_no_caution_and_no_recommendation(lexicon, sentence):
    g, draft = draft_of(lexicon, sentence)
    assert not warned(draft), sentence
    assert not others_recommended(g), sentence
    assert statement_reading(sentence) == "negated"


@pytest.mark.parametrize(
    ("sentence", "reading"),
    [
        ("Do not give metformin.", "contraindication"),
        ("In pregnancy do not use warfarin.", "contraindication"),
        ("Then do not give a second dose of digoxin.", "contraindication"),
        # a failure of the patient, not a warning: the later-stage reading stays
        ("If symptoms do not improve, give amoxicillin.", "conditional"),
        # a relative clause describing patients stays theirs
        ("Children who do not need admission can have amoxicillin.", "positive"),
        # a drug that cannot be had is the condition of the one given instead
        ("If the unit does not stock diamorphine, use intranasal fentanyl instead.", "conditional"),
    ],
)
def test_an_imperative_do_not_still_warns_and_other_do_nots_keep_their_readings(sentence, reading):
    assert clauses(sentence)[0].reading == reading, sentence


# ------------------------------------------------------------------ a condition before the warning is its circumstance


@pytest.mark.parametrize(
    ("sentence", "drug", "kind"),
    [
        ("If eGFR is below 30, do not give metformin.", "metformin", "Contraindication"),
        ("If eGFR is below 30 do not give metformin.", "metformin", "Contraindication"),
        ("If eGFR < 30, avoid metformin.", "metformin", "Caution"),
        ("When breastfeeding, avoid codeine.", "codeine", "Caution"),
        ("If the patient is pregnant, do not use warfarin.", "warfarin", "Contraindication"),
        ("If eGFR is below 30, metformin is contraindicated.", "metformin", "Contraindication"),
    ],
)
def test_a_warning_after_a_condition_stands_and_never_recommends_its_drug(lexicon, sentence, drug, kind):
    g, draft = draft_of(lexicon, sentence)
    assert (drug, kind) in warned(draft), sentence
    assert drug not in recommended_stages(g), sentence


def test_a_cue_inside_the_condition_still_makes_the_next_drug_the_alternative(lexicon):
    g, draft = draft_of(lexicon, "If metformin is contraindicated, offer gliclazide.")
    assert recommended_stages(g).get("gliclazide") == {"Alternative"}
    assert "metformin" not in {a for a, _k in warned(draft)}


def test_a_list_inside_the_condition_does_not_close_it():
    sentence = "Anakinra only where NSAIDs, colchicine and steroids are contraindicated or not tolerated."
    assert clauses(sentence)[0].reading == "conditional"


_CONDITIONS = ["If eGFR is below 30", "If eGFR < 30", "When breastfeeding", "In pregnancy", "If the child is under 12",
               "Where the QT interval is prolonged"]
_WARNINGS = [("do not give {d}", "Contraindication"), ("do not use {d}", "Contraindication"), ("avoid {d}", "Caution"),
             ("never give {d}", "Contraindication"), ("use {d} with caution", "Caution")]
_SUBJECTS = ["metformin", "codeine", "warfarin", "clarithromycin", "ibuprofen"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cond=st.sampled_from(_CONDITIONS), warning=st.sampled_from(_WARNINGS), drug=st.sampled_from(_SUBJECTS),
       comma=st.booleans())
def test_no_condition_before_a_warning_turns_the_warning_into_a_recommendation(lexicon, cond, warning, drug, comma):
    words, kind = warning
    sentence = f"{cond}{',' if comma else ''} {words.format(d=drug)}."
    g, draft = draft_of(lexicon, sentence)
    assert drug not in recommended_stages(g), sentence
    assert (drug, kind) in warned(draft), sentence


# ------------------------------------------------------------------ the interacting drug is the warning's circumstance


_WITH_FRAMES = [
    ("{a}: caution with {b}.", "Caution"),
    ("{a}: avoid with {b}.", "Caution"),
    ("Use {a} with caution alongside {b}.", "Caution"),
    ("{a} is contraindicated in combination with {b}.", "Contraindication"),
    ("Do not give {a} together with {b}.", "Contraindication"),
    ("{a} interacts with {b}: use {a} with caution.", "Caution"),
    ("Avoid {a} when taken concomitantly with {b}.", "Caution"),
    ("Avoid {a} with {b}.", "Caution"),
    ("{a} must not be given with {b}.", "Contraindication"),
    ("Avoid {a} if the patient is taking {b}.", "Caution"),
    ("{a} interacts with {b}.", "Caution"),
    ("The dose of {a} should be reduced when {b} is started.", "Caution"),
]
_PAIRS = [("Calcium gluconate", "digoxin"), ("Clarithromycin", "simvastatin"), ("Amiodarone", "warfarin"),
          ("Colchicine", "clarithromycin"), ("Ibuprofen", "aspirin")]


def _local(name: str) -> str:
    return name.casefold().replace(" ", "-")


# the drug named after "when ... is started" times the warning (a dose cut), it is not given with the warned drug
_TIMING_FRAME = "The dose of {a} should be reduced when {b} is started."


@pytest.mark.parametrize(("frame", "kind"), _WITH_FRAMES)
def test_the_drug_a_warning_is_given_with_is_its_circumstance_not_a_warning_of_its_own(lexicon, frame, kind):
    """The sentence warns against the drug it is about; the drug it is given with is that warning's circumstance, and
    (the combination convention of tests/fixtures/import/articles/README.md) is warned too, as the combination's
    partner, flagged: never as the sentence's own subject, never recommended."""
    sentence = frame.format(a="Calcium gluconate", b="digoxin")
    g, draft = draft_of(lexicon, sentence)
    assert warned_subjects(draft) == {("calcium-gluconate", kind)}, sentence
    assert combination_partners(draft) == (set() if frame == _TIMING_FRAME else {("digoxin", kind)}), sentence
    assert not others_recommended(g), sentence


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(frame=st.sampled_from(_WITH_FRAMES), pair=st.sampled_from(_PAIRS), swap=st.booleans())
def test_swapping_subject_and_interacting_drug_swaps_who_is_warned(lexicon, frame, pair, swap):
    a, b = (pair[1].capitalize(), pair[0].casefold()) if swap else pair
    sentence = frame[0].format(a=a, b=b)
    g, draft = draft_of(lexicon, sentence)
    agents = {agent for agent, _k in warned_subjects(draft)}
    assert agents == {_local(a)}, sentence
    assert _local(b) not in agents and _local(b) not in recommended_stages(g), sentence
    partners = {agent for agent, _k in combination_partners(draft)}
    assert partners == (set() if frame[0] == _TIMING_FRAME else {_local(b)}), sentence


# ------------------------------------------------------------------ more ways pages warn


@pytest.mark.parametrize(
    ("sentence", "drug"),
    [
        ("Take care with digoxin in renal impairment.", "digoxin"),
        ("Warfarin is not safe in pregnancy.", "warfarin"),
        ("Reduce the dose of gabapentin in renal impairment.", "gabapentin"),
        ("Reduce the gabapentin dose if eGFR is below 60 mL/min.", "gabapentin"),
        ("The dose of digoxin should be halved in older people.", "digoxin"),
    ],
)
def test_care_unsafe_and_a_dose_cut_for_the_patients_state_are_cautions_not_recommendations(lexicon, sentence, drug):
    g, draft = draft_of(lexicon, sentence)
    assert warned(draft) == {(drug, "Caution")}, sentence
    assert drug not in recommended_stages(g), sentence


def test_a_taper_as_symptoms_settle_is_not_a_caution(lexicon):
    # a dose cut for the course of the illness, not for a state of the patient
    _g, draft = draft_of(lexicon, "Reduce the prednisolone dose when symptoms settle.")
    assert not warned(draft)


def test_a_described_negation_and_the_warning_after_so_are_separate_clauses(lexicon):
    sentence = "Paracetamol and ibuprofen do not shorten the illness, so do not prescribe antibiotics."
    assert [c.reading for c in clauses(sentence)] == ["negated", "contraindication"]
    _g, draft = draft_of(lexicon, sentence)
    assert {a for a, _k in warned(draft)} == {"anti-bacterial-agents"}


# ------------------------------------------------------------------ a benefit is not a risk; 'alcohol' is not a drug


@pytest.mark.parametrize(
    "sentence",
    [
        "Fidaxomicin is linked to a lower risk of recurrence than vancomycin.",
        "Apixaban is associated with less bleeding than warfarin.",
        "Ceftriaxone is associated with fewer treatment failures.",
    ],
)
def test_a_lower_risk_or_fewer_harms_is_a_benefit_and_drafts_no_caution(lexicon, sentence):
    _g, draft = draft_of(lexicon, sentence)
    assert not warned(draft), sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "Amoxicillin is contraindicated after anaphylaxis to penicillin.",
        "Do not give cefalexin to anyone with anaphylaxis to a penicillin.",
    ],
)
def test_the_drug_a_patient_had_anaphylaxis_to_is_the_circumstance(lexicon, sentence):
    _g, draft = draft_of(lexicon, sentence)
    agents = {a for a, _k in warned(draft)}
    assert agents and not {"penicillins", "penicillin", "penicillin-g"} & agents, (sentence, agents)


def test_a_higher_risk_is_still_a_caution(lexicon):
    _g, draft = draft_of(lexicon, "Erythromycin is associated with infantile pyloric stenosis.")
    assert ("erythromycin", "Caution") in warned(draft)


def test_the_word_alcohol_is_not_benzyl_alcohol(lexicon):
    assert not lexicon.therapies("Hepatitis is more likely with older age and alcohol use.")
    assert [m.iri.rsplit("/", 1)[-1] for m in lexicon.therapies("benzyl alcohol lotion")] == ["benzyl-alcohol"]


# ------------------------------------------------------------------ a drug's name inside a state of the patient or a role


@pytest.mark.parametrize(
    ("sentence", "subject", "state"),
    [
        ("Naloxone should be used with caution in opioid dependence, where it can precipitate withdrawal.", "naloxone",
         "analgesics-opioid"),
        ("Use calcium gluconate with caution in digoxin toxicity.", "calcium-gluconate", "digoxin"),
        ("Flumazenil is contraindicated in benzodiazepine overdose with seizures.", "flumazenil", "benzodiazepines"),
        ("Doxapram is not recommended as a respiratory stimulant in opioid toxicity.", "doxapram",
         "respiratory-system-agents"),
        ("Do not use clarithromycin as an alternative to amoxicillin in pregnancy.", "clarithromycin", "amoxicillin"),
    ],
)
def test_a_drug_naming_a_state_of_the_patient_or_the_role_of_the_warned_drug_is_not_warned(lexicon, sentence, subject,
                                                                                          state):
    _g, draft = draft_of(lexicon, sentence)
    agents = {a for a, _k in warned(draft)}
    assert subject in agents and state not in agents, (sentence, agents)


def test_not_for_routine_use_reads_as_not_routinely_and_drafts_nothing(lexicon):
    g, draft = draft_of(lexicon, "Antibiotics: not for routine use.")
    assert statement_reading("Antibiotics: not for routine use.") == "negated"
    assert not warned(draft) and not others_recommended(g)
    # who may not have it stays a caution
    assert statement_reading("Tramadol is not for use in people with epilepsy.") == "caution"


def test_an_unless_that_prefers_another_approach_is_not_a_contraindication(lexicon):
    sentence = "Offer diltiazem for rate control, unless rhythm control is more suitable."
    g, draft = draft_of(lexicon, sentence)
    assert not warned(draft), sentence
    assert "diltiazem" in recommended_stages(g)
    # an unless naming the patient's harm still is one
    _g, draft = draft_of(lexicon, "Offer amoxicillin, unless the person has had anaphylaxis to a penicillin.")
    assert ("amoxicillin", "Contraindication") in warned(draft)


# ------------------------------------------------------------------ the patients' own medicine or allergy is who they are


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the patients' own medicine given with the drug warned against: warned too, as the combination's partner
        ("Patients taking warfarin should not receive aspirin.", {("aspirin", "Caution"), ("warfarin", "Caution")}),
        ("People on methotrexate must not take trimethoprim.",
         {("trimethoprim", "Contraindication"), ("methotrexate", "Contraindication")}),
        ("Give amoxicillin 500 mg three times a day (avoid if penicillin allergic).", {("amoxicillin", "Caution")}),
        ("Amoxicillin 500 mg three times a day; do not use in penicillin allergy.",
         {("amoxicillin", "Contraindication")}),
        ("Contraindications: warfarin in pregnancy.", {("warfarin", "Contraindication")}),
    ],
)
def test_the_patients_medicine_or_allergy_is_the_circumstance_and_the_warning_finds_its_drug(lexicon, sentence,
                                                                                             expected):
    _g, draft = draft_of(lexicon, sentence)
    assert warned(draft) == expected, sentence


@pytest.mark.parametrize(
    ("sentence", "given", "circumstance"),
    [
        ("In patients taking digoxin, give calcium gluconate slowly.", "calcium-gluconate", "digoxin"),
        ("Patients allergic to penicillin should receive clarithromycin.", "clarithromycin", "penicillins"),
        ("Offer lansoprazole to people taking clopidogrel.", "lansoprazole", "clopidogrel"),
    ],
)
def test_a_drug_describing_the_patients_is_never_the_drug_recommended(lexicon, sentence, given, circumstance):
    g, _draft = draft_of(lexicon, sentence)
    stages = recommended_stages(g)
    assert given in stages and circumstance not in stages, (sentence, stages)


def test_a_disease_treated_with_a_regimen_recommends_the_regimen(lexicon):
    g, _draft = draft_of(lexicon, "Resistant disease is treated with bedaquiline and linezolid under specialist care.")
    assert "bedaquiline" in recommended_stages(g)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pair=st.sampled_from(_PAIRS), swap=st.booleans(),
       frame=st.sampled_from(["Patients taking {b} should not receive {a}.", "People on {b} must not take {a}.",
                              "In patients taking {b}, give {a}."]))
def test_swapping_the_patients_medicine_and_the_drug_swaps_who_the_sentence_is_about(lexicon, pair, swap, frame):
    a, b = (pair[1], pair[0].casefold()) if swap else (pair[0].casefold(), pair[1])
    sentence = frame.format(a=a, b=b)
    sentence = sentence[0].upper() + sentence[1:]
    g, draft = draft_of(lexicon, sentence)
    about = {x for x, _k in warned_subjects(draft)} | set(recommended_stages(g)) - {"acetaminophen"}
    assert about == {_local(a)}, (sentence, about)


def test_a_drug_the_unit_does_not_stock_makes_the_one_used_instead_a_later_stage_with_its_dose(lexicon):
    g, draft = draft_of(lexicon, "If the ward does not stock diamorphine, use intranasal fentanyl 1.5 micrograms/kg "
                                 "once instead.")
    assert "fentanyl" in recommended_stages(g)
    assert "diamorphine" not in recommended_stages(g)
    assert not warned(draft)


# ------------------------------------------------------------------ a pointer to the cautions; a warning stated twice


@pytest.mark.parametrize(
    "sentence",
    [
        "Offer ciprofloxacin 500 mg orally twice a day for 7 days (read the cautions first).",
        "Ciprofloxacin 400 mg IV twice a day, see cautions.",
        "Give gentamicin 5 mg/kg IV once daily (see the contraindications below).",
    ],
)
def test_a_pointer_to_the_cautions_is_not_a_caution_and_keeps_the_recommendation(lexicon, sentence):
    g, draft = draft_of(lexicon, sentence)
    assert not warned(draft), sentence
    assert others_recommended(g), sentence


def test_one_warning_stated_twice_in_an_article_is_drafted_once(lexicon):
    text = section_article_two(
        "Codeine is contraindicated in children under 12 years.",
        "Codeine: contraindicated in children under 12 years, as its metabolism varies.",
    )
    article, _ = read_any(text.encode(), "twice.txt")
    draft = build_draft(article, lexicon, "twice.txt")
    assert [kind for _s, a, kind in draft.caution_facts if a and a.endswith("/codeine")] == ["Contraindication"]
    assert any("restates the contraindication about" in n for s in draft.statements for n in s.needs)


def test_two_different_warnings_about_one_drug_are_both_drafted(lexicon):
    text = section_article_two(
        "Codeine is contraindicated in children under 12 years.",
        "Codeine is contraindicated in breastfeeding mothers.",
    )
    article, _ = read_any(text.encode(), "twice.txt")
    draft = build_draft(article, lexicon, "twice.txt")
    assert [kind for _s, a, kind in draft.caution_facts if a and a.endswith("/codeine")] == ["Contraindication"] * 2


def section_article_two(first: str, second: str) -> str:
    return f"""What is the treatment of an invented test condition?

Last updated: May 5, 2021

Invented Test Guidance On Restated Warnings

Key points

{first} 1

Cautions

{second} 1

References

1. An invented guidance title for a restated warning test. Example Publisher, 2020.
"""
