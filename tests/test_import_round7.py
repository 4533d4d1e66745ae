"""Mechanisms behind the first-sight misses of the seventh held-out set (a blind tester's bacterial meningitis, VTE
and C. difficile pages), each tested on wording of its own: age bands in a heading, a row label or a mixed-unit
range; a drug or a single dose named by the lead-in over a list of steps; laboratory words that are not drugs;
'unless' exceptions; stage wording; label-and-colon monitoring items. Each expectation is what the phrase tells a
prescriber, written before the importer was run on it."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph

from kg.importer.dose_grammar import bands_in, parse_statement
from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from kg.vocab.namespaces import KGV
from tests.draft_reading import combination_partners, warned_subjects

ARTICLE = """What is the treatment of an invented seventh-round condition?

Last updated: May 5, 2021

Invented Round Seven Guidance

{heading}

{body}

References

Guideline
An invented guidance title for a round seven test
Example Publisher, 2020
"""



def draft_of(lexicon, body: str, heading: str = "Treatment", name: str = "round7.txt", text: str | None = None):
    text = text or ARTICLE.format(heading=heading, body=body)
    article, _ = read_any(text.encode(), name)
    draft = build_draft(article, lexicon, name)
    return Graph().parse(data=draft.ttl, format="turtle"), draft


def _drug(dd) -> str:
    return (dd.therapy or "none").rsplit("/", 1)[-1]


def stages(g: Graph) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for r in g.subjects(None, KGV.Recommendation):
        drug = str(g.value(r, KGV.therapy)).rsplit("/", 1)[-1]
        out.setdefault(drug, set()).add(str(g.value(r, KGV.stage)).rsplit("#", 1)[-1])
    return out


def warned(draft) -> set[tuple[str, str]]:
    return {((agent or "none").rsplit("/", 1)[-1], kind) for _st, agent, kind in draft.caution_facts}


# ---------------------------------------------------------------------------------------------- age bands


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("Children 3 months to 17 years", "3 months-17 years"),
        ("First episode, children 1 month–17 years (first line)", "1 month-17 years"),
        ("Children (1 month to 17 years)", "1 month-17 years"),
        ("Neonates (under 28 days)", "under 28 days"),
        ("Under 7 days old: give it", "under 7 days"),
        ("7 to 28 days old: give it", "7-28 days"),
        ("1 to 9 years: 600 mg", "1-9 years"),
    ],
)
def test_an_age_band_in_days_months_or_a_mixed_unit_range_is_read_whole(text, band):
    assert bands_in(text) == [band]


@pytest.mark.parametrize(
    "text",
    ["Give it for 7 days: then review", "Amoxicillin 500 mg three times daily for 5 to 7 days", "7 days: 10 mg"],
)
def test_a_course_length_in_days_is_not_an_age_band(text):
    assert bands_in(text) == []


def test_a_row_label_band_covers_every_dose_of_the_row():
    doses = parse_statement("Under 7 days old: ampicillin 50 mg/kg IV every 8 hours, plus cefotaxime 50 mg/kg IV "
                            "every 8 hours.")
    assert [d.band for d in doses] == ["under 7 days", "under 7 days"]


def test_a_band_in_the_section_heading_is_carried_to_the_doses_under_it_and_said(lexicon):
    _, draft = draft_of(lexicon, "Offer ceftriaxone 80 mg/kg IV once daily (maximum 4 g per day) as first-line "
                                 "treatment. 1", heading="Children 3 months to 17 years")
    (dd,) = draft.doses
    assert (_drug(dd), dd.dose.band) == ("ceftriaxone", "3 months-17 years")
    assert any("carried from the section heading" in n for s in draft.statements for n in s.needs)


def test_a_dose_with_its_own_band_keeps_it_under_a_banded_heading(lexicon):
    _, draft = draft_of(lexicon, "- Under 7 days old: ampicillin 50 mg/kg IV every 8 hours. 1",
                        heading="Neonates (under 28 days)")
    assert [dd.dose.band for dd in draft.doses] == ["under 7 days"]


_AGE = st.sampled_from(["days", "weeks", "months", "years"])


@settings(max_examples=60, deadline=None)
@given(lo=st.integers(2, 30), gap=st.integers(1, 30), u1=_AGE, u2=_AGE)
def test_property_a_childrens_range_is_one_band_with_both_ends(lo, gap, u1, u2):
    hi = lo + gap
    found = bands_in(f"Children {lo} {u1} to {hi} {u2}")
    want = f"{lo}-{hi} {u2}" if u1 == u2 else f"{lo} {u1}-{hi} {u2}"
    assert found == [want]


@settings(max_examples=60, deadline=None)
@given(amount=st.integers(1, 900), days=st.integers(1, 28), unit=st.sampled_from(["days", "weeks"]))
def test_property_a_course_after_a_dose_never_becomes_a_band(amount, days, unit):
    (dose,) = parse_statement(f"Give {amount} mg orally twice daily for {days} {unit}")
    assert dose.band is None and dose.duration is not None and dose.duration[0] == D(days)


# ---------------------------------------------------------------------------------------------- laboratory words


@pytest.mark.parametrize(
    "sentence",
    [
        "Do not use apixaban if creatinine clearance is below 25 mL/min. 1",
        "- Rivaroxaban: contraindicated if creatinine clearance is below 15 mL/min. 1",
    ],
)
def test_a_creatinine_clearance_threshold_names_no_drug(lexicon, sentence):
    g, draft = draft_of(lexicon, sentence)
    assert "creatinine" not in stages(g)
    assert {agent for agent, _ in warned(draft)} <= {"apixaban", "rivaroxaban"}
    assert not any("creatinine" in _drug(dd) for dd in draft.doses)


@pytest.mark.parametrize(
    "sentence",
    [
        "Ceftriaxone is contraindicated in neonates who are jaundiced, and in any neonate given calcium-containing "
        "intravenous fluids. 1",
        "- Contraindicated: ceftriaxone in a neonate with jaundice or acidosis, or one receiving calcium-containing "
        "IV fluids 1",
    ],
)
def test_the_fluid_a_patient_already_receives_is_the_circumstance_not_the_drug_warned_against(lexicon, sentence):
    """Ceftriaxone is the drug warned against; the calcium the neonate receives with it is the circumstance, warned
    only as the partner of the combination (the facts convention), never recommended or dosed."""
    g, draft = draft_of(lexicon, sentence)
    assert warned_subjects(draft) == {("ceftriaxone", "Contraindication")}
    assert combination_partners(draft) == {("calcium", "Contraindication")}
    assert "calcium" not in stages(g) and not draft.doses


@pytest.mark.parametrize(
    "sentence",
    [
        "Use enoxaparin with caution in renal impairment: if creatinine clearance is below 30 mL/min, reduce the dose "
        "to 1 mg/kg subcutaneously once daily. 1",
        "- Enoxaparin in renal impairment: use with caution; below a creatinine clearance of 30 mL/min give 1 mg/kg SC "
        "once daily. 1",
    ],
)
def test_a_renal_dose_after_a_caution_is_the_drugs_dose_with_its_condition_noted(lexicon, sentence):
    g, draft = draft_of(lexicon, sentence, heading="Alternatives")
    (dd,) = draft.doses
    d = dd.dose
    assert (_drug(dd), d.amount_max, d.basis, d.route, d.times_per_day) == (
        "enoxaparin", D(1), "body_weight", "subcutaneous", 1)
    assert warned(draft) == {("enoxaparin", "Caution")}
    # "reduce the dose" adjusts the dose for the kidneys; it is not a taper stage
    assert stages(g) == {"enoxaparin": {"Alternative"}}
    assert any("qualifier" in n for s in draft.statements for n in s.needs)


# ---------------------------------------------------------------------------------------------- headings


PLAIN_TIGHT = """Invented tight-heading guidance (round seven test)
Invented test guidance; not clinical advice.
Published 12 March 2024

Escalation
Recurrent disease despite treatment: switch to enoxaparin at full treatment dose. 1

Monitoring
Check the platelet count before starting enoxaparin. 1

References
1) Example Society. An invented guideline for a heading test. 2020.
"""


def test_a_plain_heading_set_directly_over_its_text_is_a_heading():
    article, _ = read_any(PLAIN_TIGHT.encode(), "tight.txt")
    assert [it.heading for it in article.items] == ["Escalation", "Monitoring"]
    assert article.unaccounted(PLAIN_TIGHT) == []


def test_a_heading_over_its_text_gives_its_stage_and_is_no_monitoring_item(lexicon):
    g, draft = draft_of(lexicon, "", text=PLAIN_TIGHT, name="tight.txt")
    assert stages(g) == {"enoxaparin": {"Escalation"}}
    assert [text for _st, text in draft.monitoring_facts] == ["Check the platelet count before starting enoxaparin."]


@pytest.mark.parametrize(
    "lines",
    [
        ["Give amoxicillin 500 mg three times daily. 1", "Review after 3 days. 1"],
        ["Treat for 7 days", "then review the patient. 1"],
        ["  Weight      Dose", "  20-29 kg    20 mg"],
    ],
)
def test_a_statement_or_table_line_over_another_is_not_a_heading(lines):
    from kg.sources.reader import _is_heading

    assert not _is_heading(["", *lines], 1)


# ---------------------------------------------------------------------------------------------- monitoring


def test_label_and_colon_items_of_a_monitoring_section_are_monitoring_items(lexicon):
    body = ("- Glasgow Coma Scale, pulse and blood pressure: at least hourly at first. 1\n"
            "- Audiology: a hearing test within 4 weeks of discharge. 1\n"
            "- INR: daily during warfarin initiation, then less often once stable. 1")
    g, draft = draft_of(lexicon, body, heading="Monitoring")
    texts = [t for _st, t in draft.monitoring_facts]
    assert len(texts) == 3 and "Glasgow" in texts[0] and "hearing test" in texts[1] and texts[2].startswith("INR")
    # "daily" in a monitoring item is how often to check, not a dose of warfarin
    assert not draft.doses and not stages(g)


@pytest.mark.parametrize(
    "sentence",
    [
        "Keep a daily stool chart recording frequency and consistency. 1",
        "Record the Glasgow Coma Scale score, pulse and blood pressure at least hourly. 1",
        "Book a formal hearing test within 4 weeks of discharge. 1",
    ],
)
def test_recording_and_booking_are_monitoring_wherever_they_stand(lexicon, sentence):
    _, draft = draft_of(lexicon, sentence)
    assert len(draft.monitoring_facts) == 1 and not draft.doses


def test_a_sentence_saying_no_monitoring_is_needed_is_no_monitoring_item(lexicon):
    _, draft = draft_of(lexicon, "Apixaban and rivaroxaban need no parenteral lead-in and no routine coagulation "
                                 "monitoring. 1", heading="Overview")
    assert draft.monitoring_facts == []


# ---------------------------------------------------------------------------------------------- lead-ins and exceptions


def test_a_single_dose_in_the_lead_in_is_each_bands_one_dose(lexicon):
    body = ("If transfer will be delayed, give a single dose of benzylpenicillin by intramuscular injection: 1\n"
            "- Under 1 year: 300 mg\n- 1 to 9 years: 600 mg\n- 10 years and over: 1200 mg")
    _, draft = draft_of(lexicon, body)
    got = sorted((dd.dose.amount_max, dd.dose.band, dd.dose.doses, dd.dose.per, dd.dose.route, _drug(dd))
                 for dd in draft.doses)
    assert got == [
        (D(300), "under 1 year", (1, 1), "dose", "intramuscular", "penicillin-g"),
        (D(600), "1-9 years", (1, 1), "dose", "intramuscular", "penicillin-g"),
        (D(1200), "10 years and over", (1, 1), "dose", "intramuscular", "penicillin-g"),
    ]


@pytest.mark.parametrize(
    ("sentence", "drug"),
    [
        ("Give a single dose of benzylpenicillin 1200 mg IM, unless the person has had anaphylaxis to a penicillin. 1",
         "penicillin-g"),
        ("Give a single dose of benzylpenicillin 1200 mg IM, except after penicillin anaphylaxis. 1", "penicillin-g"),
        ("Give systemic thrombolysis with alteplase unless bleeding risk forbids it. 1", "alteplase"),
        ("Offer systemic thrombolysis with alteplase, bleeding risk permitting. 1", "alteplase"),
    ],
)
def test_the_patients_an_unless_leaves_out_are_a_contraindication_and_the_recommendation_stands(
        lexicon, sentence, drug):
    g, draft = draft_of(lexicon, sentence, heading="Escalation")
    assert (drug, "Contraindication") in warned(draft)
    assert drug in stages(g)


@pytest.mark.parametrize(
    "sentence",
    [
        "Give amoxicillin 500 mg three times daily unless contraindicated. 1",
        "Continue amoxicillin unless clearly no longer needed. 1",
        "Use ibuprofen 400 mg three times daily unless advised otherwise by a specialist. 1",
    ],
)
def test_an_unless_of_need_or_contraindication_excludes_no_patients(lexicon, sentence):
    _, draft = draft_of(lexicon, sentence)
    assert not [kind for _agent, kind in warned(draft) if kind == "Contraindication"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Look at current antibiotics: stop it unless essential, or switch to one less likely to cause diarrhoea. 1",
        "Review the antibiotics the person is already taking and stop them unless essential. 1",
    ],
)
def test_stop_it_about_a_drug_named_before_is_an_instruction_to_stop_not_a_recommendation(lexicon, sentence):
    g, draft = draft_of(lexicon, sentence)
    assert stages(g) == {} and not warned(draft)
    assert any("stop or hold back" in n for s in draft.statements for n in s.needs)


def test_a_situation_and_its_drug_under_a_stage_heading_is_recommended_at_that_stage(lexicon):
    g, _ = draft_of(lexicon, "- PE in a haemodynamically unstable patient: systemic thrombolysis with alteplase. 1",
                    heading="Escalation")
    assert stages(g) == {"alteplase": {"Escalation"}}


_GROUPS = st.sampled_from(["the person has had anaphylaxis to a penicillin", "there is active bleeding",
                           "the patient is pregnant", "severe hepatic impairment"])
_NEEDS = st.sampled_from(["essential", "clearly still needed", "contraindicated", "advised by a specialist",
                          "ibuprofen has failed"])


@settings(max_examples=30, deadline=None)
@given(drug=st.sampled_from(["alteplase", "amoxicillin", "ceftriaxone"]), group=_GROUPS, need=_NEEDS)
def test_property_unless_a_group_contraindicates_and_unless_a_need_does_not(lexicon, drug, group, need):
    g, draft = draft_of(lexicon, f"Give {drug} 1 g IV once daily, unless {group}. 1")
    assert (drug, "Contraindication") in warned(draft) and drug in stages(g)
    g, draft = draft_of(lexicon, f"Give {drug} 1 g IV once daily unless {need}. 1")
    assert (drug, "Contraindication") not in warned(draft)


MD_LABEL = """# Invented Label Guidance (Test)

What is the regimen for an invented refractory condition?

Updated: 2024-01-01

## Refractory: multiple recurrences

{label}

1. 125 mg QDS for 10–14 days
2. 125 mg BD for 7 days

## References

1. Guideline | Invented guidance on labels (test fixture) | Example Society, 2020
"""


def test_a_bold_line_naming_one_drug_carries_it_and_its_route_to_the_numbered_steps_under_it(lexicon):
    g, draft = draft_of(lexicon, "", name="label.md", text=MD_LABEL.format(label="**Vancomycin, tapered and pulsed "
                                                                                "(oral)** [1]"))
    got = sorted((dd.dose.times_per_day, _drug(dd), dd.dose.route, dd.dose.duration) for dd in draft.doses)
    assert got == [(2, "vancomycin", "oral", (D(7), D(7), "day")), (4, "vancomycin", "oral", (D(10), D(14), "day"))]
    # the steps are the refractory regimen the heading names; "tapered" describes the regimen, the label is no step
    assert stages(g) == {"vancomycin": {"Refractory"}}
    assert any("named in the line over the list" in n for s in draft.statements for n in s.needs)


@pytest.mark.parametrize("label", ["Vancomycin or fidaxomicin may be used [1]", "Vancomycin and fidaxomicin [1]"])
def test_a_line_naming_two_drugs_is_no_label_for_the_steps(lexicon, label):
    _, draft = draft_of(lexicon, "", name="label.md", text=MD_LABEL.format(label=label))
    assert not [dd for dd in draft.doses if dd.dose.times_per_day and dd.therapy]


# ---------------------------------------------------------------------------------------------- stages


@pytest.mark.parametrize(
    ("sentence", "heading", "drug", "stage"),
    [
        ("Alternative, only for non-severe infection when neither vancomycin nor fidaxomicin can be obtained: "
         "metronidazole 500 mg orally three times a day for 10 days. 1", "First episode (adults)", "metronidazole",
         "Alternative"),
        ("- Edoxaban: 60 mg orally once daily, only after at least 5 days of a parenteral anticoagulant. 1",
         "Alternatives", "edoxaban", "Alternative"),
        ("Warfarin: start 10 mg orally once daily for 2 days in younger outpatients. 1", "Alternatives", "warfarin",
         "Alternative"),
        ("Edoxaban is another option: edoxaban 60 mg orally once daily. 1", "Treatment", "edoxaban", "Alternative"),
        ("Relapse within 12 weeks of symptoms settling: fidaxomicin 200 mg orally twice a day for 10 days. 1",
         "Relapse or recurrence", "fidaxomicin", "Escalation"),
    ],
)
def test_the_stage_the_article_names_is_kept(lexicon, sentence, heading, drug, stage):
    g, _ = draft_of(lexicon, sentence, heading=heading)
    assert stages(g) == {drug: {stage}}


def test_a_failure_condition_still_moves_to_escalation_under_an_alternatives_heading(lexicon):
    g, _ = draft_of(lexicon, "If doxycycline fails, give azithromycin 500 mg once daily for 3 days. 1",
                    heading="Alternatives")
    assert "Escalation" in stages(g).get("azithromycin", set())


_WORDS = st.lists(st.sampled_from(["give", "the", "drug", "Check", "renal", "function", "daily", "Offer", "dose"]),
                  min_size=1, max_size=7)


@settings(max_examples=60, deadline=None)
@given(first=_WORDS, second=_WORDS, end=st.sampled_from([". 1", ".", " 2", "; 3", ":", "?"]))
def test_property_a_punctuated_or_cited_line_over_text_is_never_a_heading(first, second, end):
    from kg.sources.reader import _is_heading

    line = " ".join(first).capitalize() + end
    assert not _is_heading(["", line, " ".join(second).capitalize() + "."], 1)


@settings(max_examples=25, deadline=None)
@given(lo=st.integers(1, 11), gap=st.integers(1, 6), amount=st.integers(1, 90))
def test_property_a_heading_band_reaches_a_bandless_dose_and_never_replaces_its_own(lexicon, lo, gap, amount):
    heading = f"Children {lo} months to {lo + gap} years"
    _, draft = draft_of(lexicon, f"- Offer ceftriaxone {amount} mg/kg IV once daily. 1\n"
                                 f"- Under 7 days old: ampicillin {amount} mg/kg IV every 8 hours. 1", heading=heading)
    bands = {_drug(dd): dd.dose.band for dd in draft.doses}
    assert bands == {"ceftriaxone": f"{lo} months-{lo + gap} years" if lo > 1 else f"1 month-{lo + gap} years",
                     "ampicillin": "under 7 days"}
