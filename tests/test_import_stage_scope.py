"""How far a stage reaches and which words decide it, written from what each phrase says (held-out-10 stage misses,
generalised before the importer was changed).

- A numbered section title ("6. Refractory disease", "3. Step 1 - protect the heart (ECG changes present)",
  "8. Cautions" over its list) heads its section, over a paragraph or over a list, up to a title's length. A
  section's stage ends at the next heading of the same level.
- "Add X" after a failure ("not controlled on one drug: add X", "If ... persists, add X", under "Inadequate
  response") is the escalation the vocabulary defines ("added or switched to when the response is inadequate"),
  not an adjunct; "add X" with no failure stays the adjunct.
- A maintenance dose ("Maintenance dose: ...", "Usual maintenance is ...") is the dose after the starting or loading
  dose, not the taper/maintenance stage; "then continue by mouth" is how the drug just given goes on. "Continue X
  for 6 months" and "X as maintenance after 6 months" still are that stage.
- A drug kept for a group ("only for people who ...", "only in ...") with no failure and no severity named is used
  instead of the usual drug for that group: the alternative, flagged for the curator. With a failure it is the
  escalation.
- "Substitute Y for X" makes Y the alternative and recommends nothing of X.
- A drug class followed by the drugs it stands for ("a DOAC - apixaban or rivaroxaban -", "a DOAC (apixaban or
  rivaroxaban)") recommends those drugs, not the class.
- A non-drug therapy the patient does not have ("does little or no physical exercise") is not recommended.

The stage a sentence gets does not depend on how it is set out (bullet, paragraph, bold lead-in: a hypothesis
property).
"""

from __future__ import annotations

import pytest
from draft_reading import recommended_stages
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

HEAD = """Invented guidance on a stage reading test condition
(test guidance, not clinical advice)

Last updated: May 5, 2021

"""
REFS = """
References
1. An invented guideline title for a stage reading test. Example Publisher; 2020.
"""
MD_HEAD = """# Invented guidance on a stage reading test condition

_Last updated 2021-05-05_

"""
MD_REFS = """
## References

1. An invented guideline title for a stage reading test. Example Publisher; 2020.
"""


def draft(lexicon, body: str, markdown: bool = False):
    name = "stages.md" if markdown else "stages.txt"
    text = (MD_HEAD + body + MD_REFS) if markdown else (HEAD + body + REFS)
    art = read_any(text.encode(), name)[0]
    d = build_draft(art, lexicon.fork(), name)
    return Graph().parse(data=d.ttl, format="turtle"), d, art


def headings(art) -> dict[str, str]:
    """first words of each statement -> the heading it stands under"""
    return {" ".join(i.text.split()[:3]): i.heading for i in art.items}


# ------------------------------------------------------------------ numbered section titles


def test_a_long_numbered_title_over_its_text_heads_its_section(lexicon):
    body = ("1. Assessment\n"
            "Record an ECG in everyone with a raised potassium.\n\n"
            "2. Step 1 - protect the heart (ECG changes present)\n"
            "Give calcium gluconate 10% 30 mL IV over 10 minutes.\n")
    _, _, art = draft(lexicon, body)
    assert headings(art)["Give calcium gluconate"] == "2. Step 1 - protect the heart (ECG changes present)"


def test_a_numbered_title_over_an_unindented_dash_list_heads_its_section(lexicon):
    body = ("1. Treatment\n"
            "Give amoxicillin 500 mg orally three times a day for 5 days.\n\n"
            "2. Cautions\n"
            "- Use amoxicillin with caution in renal impairment.\n"
            "- Do not give amoxicillin after a penicillin anaphylaxis.\n")
    _, _, art = draft(lexicon, body)
    assert headings(art)["Use amoxicillin with"] == "2. Cautions"


@pytest.mark.parametrize("mark", ["- ", "* ", "1) ", "1. "])
def test_a_numbered_title_over_a_list_of_another_mark_or_numbered_afresh_heads_its_section(lexicon, mark):
    body = ("1. Treatment\n"
            "Give amoxicillin 500 mg orally three times a day for 5 days.\n\n"
            "8. Cautions\n"
            f"{mark}Use amoxicillin with caution in renal impairment.\n")
    _, _, art = draft(lexicon, body)
    assert headings(art)["Use amoxicillin with"] == "8. Cautions"


def test_a_numbered_list_of_short_steps_stays_a_list(lexicon):
    body = ("Treatment\n\n"
            "1. Give oxygen\n\n"
            "2. Give amoxicillin 500 mg orally three times a day\n\n"
            "3. Review at 48 hours\n")
    _, _, art = draft(lexicon, body)
    assert all(i.heading == "Treatment" for i in art.items if i.text.startswith(("Give", "Review")))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bullet=st.booleans(), extra=st.sampled_from(["", " and resistant disease", " (after two courses)",
                                                   " in adults"]))
def test_a_sections_stage_ends_at_the_next_heading_of_the_same_level(lexicon, bullet, extra):
    mark = "- " if bullet else ""
    body = ("1. Refractory disease" + extra + "\n" + mark +
            "Give clarithromycin 500 mg orally twice a day for 14 days.\n\n"
            "2. Children\n" + mark +
            "Give amoxicillin 40 mg/kg orally once daily for 5 days.\n")
    g, _, _ = draft(lexicon, body)
    stages = recommended_stages(g)
    assert stages.get("clarithromycin") == {"Refractory"}
    assert "Refractory" not in stages.get("amoxicillin", set())


# ------------------------------------------------------------------ "add" after a failure


@pytest.mark.parametrize("body", [
    "Treatment\nBlood pressure not controlled on one drug: add amlodipine 5 mg orally once daily. 1\n",
    "Treatment\nIf blood pressure is still above target on one drug, add amlodipine 5 mg orally once daily. 1\n",
    "Inadequate response to one drug\nAdd amlodipine 5 mg orally once daily to the first drug. 1\n",
    "Treatment\nWhere the first drug has not worked, add amlodipine 5 mg orally once daily. 1\n",
])
def test_a_drug_added_after_a_failure_is_the_escalation(lexicon, body):
    g, _, _ = draft(lexicon, body)
    assert recommended_stages(g).get("amlodipine") == {"Escalation"}


def test_a_drug_added_with_no_failure_stays_the_adjunct(lexicon):
    g, _, _ = draft(lexicon, "Treatment\nAdd omeprazole 20 mg orally once daily to protect the stomach. 1\n")
    assert recommended_stages(g).get("omeprazole") == {"Adjunct"}


# ------------------------------------------------------------------ maintenance doses and "continue"


@pytest.mark.parametrize("line", [
    "- Maintenance dose: amiodarone 200 mg orally once daily. 1",
    "- Maintenance: amiodarone 200 mg orally once daily. 1",
    "- Usual maintenance is amiodarone 200 mg orally once daily. 1",
    "- Amiodarone maintenance dose 200 mg orally once daily. 1",
])
def test_a_maintenance_dose_is_not_the_taper_stage(lexicon, line):
    body = ("First line\nStart amiodarone 200 mg orally three times daily for 1 week. 1\n" + line + "\n")
    g, _, _ = draft(lexicon, body)
    assert "TaperMaintenance" not in recommended_stages(g).get("amiodarone", set())


@pytest.mark.parametrize("tail", ["then continue by mouth", "then continue it orally", "before continuing orally",
                                  "then continue with oral doses"])
def test_continuing_the_drug_just_given_by_another_route_is_not_the_taper_stage(lexicon, tail):
    g, _, _ = draft(lexicon, f"First line\nGive levetiracetam 20 mg/kg IV as a single loading dose, {tail}. 1\n")
    assert recommended_stages(g).get("levetiracetam") == {"FirstLine"}


@pytest.mark.parametrize("sentence", [
    "Continue apixaban 2.5 mg orally twice daily for at least 6 months. 1",
    "After 6 months, apixaban 2.5 mg orally twice daily can be used as maintenance. 1",
    "Taper prednisolone by 5 mg a week once the flare settles. 1",
])
def test_how_long_to_continue_and_how_to_reduce_stay_the_taper_stage(lexicon, sentence):
    g, _, _ = draft(lexicon, f"Later treatment\n{sentence}\n")
    stages = recommended_stages(g)
    drug = "apixaban" if "apixaban" in sentence else "prednisolone"
    assert stages.get(drug) == {"TaperMaintenance"}


# ------------------------------------------------------------------ a drug kept for a group


# (sentence, the stage it gives digoxin): kept for a group with no failure named, the alternative; kept for a
# failure of the first-line drug, the escalation
_KEPT_FOR = [
    ("Consider digoxin 125 micrograms orally once daily only for people who take little or no exercise. 1",
     "Alternative"),
    ("Use digoxin 125 micrograms orally once daily as monotherapy only in people who are sedentary. 1", "Alternative"),
    ("Digoxin 125 micrograms orally once daily is reserved for people who are sedentary. 1", "Alternative"),
    ("Digoxin 125 micrograms orally once daily is reserved for people whose rate is not controlled on bisoprolol. 1",
     "Escalation"),
    ("Use digoxin 125 micrograms orally once daily only if the rate stays high despite bisoprolol. 1", "Escalation"),
    ("Digoxin 125 micrograms orally once daily is reserved for disease resistant to bisoprolol. 1", "Escalation"),
]


@pytest.mark.parametrize(("sentence", "stage"), _KEPT_FOR)
def test_a_drug_kept_for_a_group_is_the_alternative_and_kept_for_a_failure_the_escalation(lexicon, sentence, stage):
    body = "First line\nOffer bisoprolol 2.5 mg orally once daily. 1\n\nDigoxin\n" + sentence + "\n"
    g, _, _ = draft(lexicon, body)
    assert recommended_stages(g).get("digoxin") == {stage}


def test_a_patient_who_takes_no_exercise_is_not_offered_an_exercise_programme(lexicon):
    g, _, _ = draft(lexicon, "Digoxin\nUse digoxin 125 micrograms orally once daily only when the person does "
                             "little or no physical exercise. 1\n")
    assert not any("exercise" in t for t in recommended_stages(g))


# ------------------------------------------------------------------ substitution


@pytest.mark.parametrize("sentence", [
    "For people taking interacting medicines, substitute rifabutin 5 mg/kg orally once daily for rifampicin. 1",
    "Rifabutin 5 mg/kg orally once daily can be substituted for rifampicin when interactions matter. 1",
    "Rifabutin 5 mg/kg orally once daily is substituted for rifampicin when interactions matter. 1",
])
def test_a_substituted_drug_is_the_alternative_and_the_replaced_one_is_not_recommended(lexicon, sentence):
    g, _, _ = draft(lexicon, "Interactions with other medicines\n" + sentence + "\n")
    stages = recommended_stages(g)
    assert stages.get("rifabutin") == {"Alternative"}
    assert "rifampin" not in stages


# ------------------------------------------------------------------ a class and the drugs it stands for


@pytest.mark.parametrize(("sentence", "drugs"), [
    ("Offer a direct-acting oral anticoagulant (apixaban or rivaroxaban) when the risk score is 2 or more. 1",
     {"apixaban", "rivaroxaban"}),
    ("Offer a direct-acting oral anticoagulant: apixaban or rivaroxaban, when the risk score is 2 or more. 1",
     {"apixaban", "rivaroxaban"}),
    ("A beta-blocker (bisoprolol or metoprolol) is the first drug to offer. 1", {"bisoprolol", "metoprolol"}),
])
def test_a_class_followed_by_the_drugs_it_stands_for_recommends_those_drugs(lexicon, sentence, drugs):
    g, _, _ = draft(lexicon, "First line\n" + sentence + "\n")
    stages = recommended_stages(g)
    assert stages == {d: {"FirstLine"} for d in drugs}


def test_a_class_in_a_paragraph_over_a_list_dosing_its_members_is_that_lists_topic(lexicon):
    body = ("First line\nOffer a beta-blocker or diltiazem as the first drug for rate control. 1\nAdults:\n"
            "  * Bisoprolol 1.25-20 mg orally once daily. 1\n  * Metoprolol 25-100 mg orally twice daily. 1\n"
            "  * Diltiazem 60 mg orally three times daily. 1\n")
    g, _, _ = draft(lexicon, body)
    assert set(recommended_stages(g)) == {"bisoprolol", "metoprolol", "diltiazem"}


def test_a_class_offered_in_a_list_item_of_its_own_is_kept(lexicon):
    body = ("First line\n- Offer an ACE inhibitor and a beta-blocker to every adult. 1\n"
            "- Ramipril: start at 1.25 mg once daily. 1\n- Bisoprolol: start at 1.25 mg once daily. 1\n")
    g, _, _ = draft(lexicon, body)
    assert {"ramipril", "bisoprolol"} < set(recommended_stages(g))
    assert len(recommended_stages(g)) == 4


# ------------------------------------------------------------------ the layout does not change the stage

SENTENCES = [
    ("Blood pressure not controlled on one drug: add amlodipine 5 mg orally once daily.", "amlodipine", "Escalation"),
    ("Maintenance dose: amiodarone 200 mg orally once daily.", "amiodarone", None),
    ("Substitute rifabutin 5 mg/kg orally once daily for rifampicin when interactions matter.", "rifabutin",
     "Alternative"),
    ("Use digoxin 125 micrograms orally once daily only in people who are sedentary.", "digoxin", "Alternative"),
]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=st.sampled_from(SENTENCES), layout=st.sampled_from(["paragraph", "bullet", "numbered", "bold"]),
       markdown=st.booleans())
def test_the_stage_of_a_sentence_does_not_change_with_its_layout(lexicon, case, layout, markdown):
    sentence, drug, stage = case
    if layout == "bold" and markdown and ":" in sentence:
        label, rest = sentence.split(":", 1)
        line = f"**{label}:**{rest}"
    elif layout == "bold" and markdown:
        line = f"**Note.** {sentence}"
    else:
        line = {"paragraph": sentence, "bullet": f"- {sentence}", "numbered": f"1. {sentence}",
                "bold": sentence}[layout]
    heading = "## Treatment\n\n" if markdown else "Treatment\n"
    g, _, _ = draft(lexicon, heading + line + " 1\n", markdown=markdown)
    base, _, _ = draft(lexicon, "Treatment\n" + sentence + " 1\n")
    got, want = recommended_stages(g).get(drug), recommended_stages(base).get(drug)
    assert got == want
    if stage is not None:
        assert got == {stage}
    else:
        assert "TaperMaintenance" not in (got or set())


# ------------------------------------------------------------------ a failure said with "despite" / "stays at"


def test_a_drug_given_when_the_disease_goes_on_despite_treatment_takes_the_refractory_heading(lexicon):
    body = ("Refractory hyperkalaemia\nIf the potassium stays at 6.5 mmol/L or above despite these measures, contact "
            "the renal team about dialysis; IV sodium bicarbonate may be given for severe acidosis while dialysis is "
            "arranged. 1\n")
    g, _, _ = draft(lexicon, body)
    assert recommended_stages(g).get("sodium-bicarbonate") == {"Refractory"}


@pytest.mark.parametrize("sentence", [
    "If the rate stays at 110 beats per minute or above despite bisoprolol, digoxin may be given. 1",
    "When symptoms persist despite treatment, digoxin can be given. 1",
])
def test_a_drug_given_when_the_treatment_so_far_is_not_enough_is_the_escalation(lexicon, sentence):
    g, _, _ = draft(lexicon, "Rate control\n" + sentence + "\n")
    assert recommended_stages(g).get("digoxin") == {"Escalation"}


@pytest.mark.parametrize("verb", ["may be given", "can be given", "should be given"])
def test_a_drug_that_may_be_given_is_recommended(lexicon, verb):
    g, _, _ = draft(lexicon, f"First line\nIbuprofen {verb} for pain. 1\n")
    assert recommended_stages(g).get("ibuprofen") == {"FirstLine"}


# ------------------------------------------------------------------ a drug that cannot be used


def test_a_drug_that_is_unsuitable_or_not_tolerated_is_replaced_by_the_alternative(lexicon):
    body = ("Anticoagulation\nIf apixaban is unsuitable (for example with a mechanical heart valve or moderate to "
            "severe mitral stenosis) or not tolerated, offer warfarin adjusted to a target INR of 2.5. 1\n")
    g, _, _ = draft(lexicon, body)
    assert recommended_stages(g).get("warfarin") == {"Alternative"}


# ------------------------------------------------------------------ a heading with its threshold in brackets


@pytest.mark.parametrize("title", ["Severe hyperkalaemia (K+ 6.5 mmol/L or above)", "Severe hyperkalaemia (K+ >= 6.5)",
                                   "Severe disease (potassium over 6.5 mmol/L)"])
def test_a_heading_with_its_threshold_in_brackets_heads_its_section(lexicon, title):
    body = ("Shift potassium into cells\nGive soluble insulin 10 units IV with glucose 25 g IV. 1\n\n"
            f"{title}\nSalbutamol 10-20 mg nebulised. 1\n")
    g, _, art = draft(lexicon, body)
    assert headings(art)["Salbutamol 10-20 mg"] == title
    assert recommended_stages(g).get("albuterol") == {"Escalation"}


# ------------------------------------------------------------------ "use it only in ...": the pronoun is the drug


@pytest.mark.parametrize("sentence", [
    "Digoxin slows the rate at rest but not on exertion, so use it only in people who take little exercise. 1",
    "Digoxin controls the rate at rest; consider it only for people who are sedentary. 1",
])
def test_a_group_restriction_said_of_the_drug_by_a_pronoun_makes_that_drug_the_alternative(lexicon, sentence):
    body = "First line\nOffer bisoprolol 2.5 mg orally once daily. 1\n\nDigoxin\n" + sentence + "\n"
    g, _, _ = draft(lexicon, body)
    assert recommended_stages(g).get("digoxin") == {"Alternative"}


@pytest.mark.parametrize("phrase", ["little or no physical exercise", "no regular exercise", "no exercise"])
@pytest.mark.parametrize("lead", ["Use digoxin 125 micrograms orally once daily",
                                  "Digoxin slows the rate at rest but not on exertion, so use it"])
def test_a_therapy_the_patient_does_not_have_is_not_recommended(lexicon, phrase, lead):
    g, _, _ = draft(lexicon, f"Digoxin\n{lead} only when the person does {phrase}. 1\n")
    assert not any("exercise" in t for t in recommended_stages(g))


def test_no_more_than_an_amount_still_recommends_the_drug(lexicon):
    g, _, _ = draft(lexicon, "First line\nGive no more than 4 g of ibuprofen in a day for pain. 1\n")
    assert "ibuprofen" in recommended_stages(g)


def test_a_route_that_is_available_is_no_reason_for_an_alternative_and_a_failure_escalates(lexicon):
    body = ("Escalation\nWhen IV access exists, or IM doses are not working, escalate to IV naloxone 400 micrograms. "
            "1\n")
    g, _, _ = draft(lexicon, body)
    assert recommended_stages(g).get("naloxone") == {"Escalation"}


def test_no_iv_access_still_makes_the_other_route_the_alternative(lexicon):
    g, _, _ = draft(lexicon, "Treatment\nGive naloxone 400 micrograms IV. 1\nIf there is no IV access, give naloxone "
                             "400 micrograms IM instead. 1\n")
    assert "Alternative" in recommended_stages(g).get("naloxone", set())


def test_a_second_line_drug_for_when_the_first_treatment_cannot_be_taken_is_the_alternative(lexicon):
    body = ("Dehydration\nSecond line: if vomiting prevents oral rehydration, give a single dose of ondansetron 2 mg "
            "orally. 1\n")
    g, _, _ = draft(lexicon, body)
    assert recommended_stages(g).get("ondansetron") == {"Alternative"}
