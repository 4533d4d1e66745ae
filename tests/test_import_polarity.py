"""Polarity and context of imported guidance: every cue that warns against a drug makes a caution or a
contraindication and never a recommendation to give it; "reserved for" and "if ... fails" set a later stage.

The statements are written for this test (invented wording, not from any article); the drugs are real
names so that they are recognised through the graph or the drug lexicon.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from kg.importer.context import clauses, risk_phrase
from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from kg.importer.recognise import Lexicon
from kg.vocab.namespaces import KGV, PREFIXES

PROV = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
TH = PREFIXES["th"]

ARTICLE = """What is the treatment of an invented test condition?

Last updated: May 5, 2021

Invented Test Guidance On Drug Polarity

Cues

{bullets}

References

Guideline
An invented guidance title for a polarity test
Example Publisher, 2020
"""



def draft_of(lexicon: Lexicon, *bullets: str) -> Graph:
    text = ARTICLE.format(bullets="\n".join(f"  • {b} 1" for b in bullets))
    article, _ = read_any(text.encode(), "polarity.txt")
    draft = build_draft(article, lexicon, "polarity.txt")
    return Graph().parse(data=draft.ttl, format="turtle"), draft


def recommended(g: Graph) -> set[str]:
    return {str(t).rsplit("/", 1)[-1] for r in g.subjects(None, KGV.Recommendation) for t in g.objects(r, KGV.therapy)}


def cautioned(g: Graph, kind=None) -> set[str]:
    out = set()
    for cls in [kind] if kind else [KGV.Caution, KGV.Contraindication]:
        for c in g.subjects(None, cls):
            out.update(str(a).rsplit("/", 1)[-1] for a in g.objects(c, KGV.agent))
    return out


def doses(g: Graph) -> list:
    return list(g.subjects(None, KGV.DoseSchedule)) + list(g.subjects(None, KGV.DoseCeiling))


@pytest.mark.parametrize(
    ("statement", "drug", "kind"),
    [
        ("Avoid prednisone above 15 mg/day (renal crisis risk).", "prednisone", KGV.Caution),
        ("Do not give colchicine 1 mg with clarithromycin.", "colchicine", KGV.Contraindication),
        ("Colchicine is contraindicated in severe renal impairment.", "colchicine", KGV.Contraindication),
        ("Aspirin is not recommended in children under 16 years.", "aspirin", KGV.Caution),
        ("Ibuprofen should be avoided in asthma.", "ibuprofen", KGV.Caution),
        ("Never combine methotrexate with trimethoprim.", "methotrexate", KGV.Contraindication),
        ("Use naproxen with caution in heart failure.", "naproxen", KGV.Caution),
    ],
)
def test_each_warning_cue_makes_a_caution_and_no_recommendation(lexicon, statement, drug, kind):
    g, draft = draft_of(lexicon, statement)
    assert drug in cautioned(g, kind), draft.ttl
    assert drug not in recommended(g)
    assert not doses(g), "an amount inside a warning is the caution's threshold, never a dose to give"
    assert any("drafted from" in n.reason and n.level == "warning" for n in draft.notes)


def test_avoid_prednisone_above_15_mg_is_a_caution_with_its_threshold_listed_for_the_curator(lexicon):
    g, draft = draft_of(lexicon, "Avoid prednisone above 15 mg/day (renal crisis risk).")
    (caution,) = g.subjects(None, KGV.Caution)
    assert str(g.value(caution, KGV.agentDoseLevel)) == "above 15 mg/day"
    assert "renal-crisis" in str(g.value(caution, KGV.risk))
    assert not recommended(g)
    notes = [n for n in draft.notes if "caution" in n.reason]
    assert notes and "above 15 mg/day" in notes[0].reason and notes[0].level == "warning"


@pytest.mark.parametrize(
    ("statement", "drug", "stage"),
    [
        ("If colchicine fails, give prednisolone 30 mg daily for 5 days.", "prednisolone", "Escalation"),
        ("Rituximab 1 g is reserved for refractory disease.", "rituximab", "Refractory"),
        ("Add methotrexate 15 mg weekly when the response to prednisone is inadequate.", "methotrexate", "Escalation"),
    ],
)
def test_conditional_cues_set_a_later_stage_and_the_failed_drug_is_not_recommended(lexicon, statement, drug, stage):
    g, draft = draft_of(lexicon, statement)
    recs = {
        str(t).rsplit("/", 1)[-1]: str(g.value(r, KGV.stage)).rsplit("#", 1)[-1]
        for r in g.subjects(None, KGV.Recommendation)
        for t in g.objects(r, KGV.therapy)
    }
    assert recs.get(drug) == stage, draft.ttl
    assert "colchicine" not in recs


def test_negated_wording_drafts_nothing_to_give_and_says_so(lexicon):
    g, draft = draft_of(lexicon, "There is no role for allopurinol during an acute flare.")
    assert "allopurinol" not in recommended(g)
    assert any("negated wording" in n.reason for n in draft.notes)


def test_a_warning_in_one_clause_leaves_the_other_clause_a_recommendation(lexicon):
    g, _ = draft_of(lexicon, "Give naproxen 500 mg twice daily, but avoid it in kidney disease.")
    assert "naproxen" in recommended(g)
    assert len(doses(g)) == 1


def test_lexicon_drugs_outside_the_graph_are_drafted_as_flagged_entities_with_skos_mappings(lexicon):
    g, draft = draft_of(lexicon, "Salbutamol 5 mg nebulised every 20 minutes in the first hour.")
    drug = URIRef(TH + "albuterol")
    assert (drug, None, KGV.Drug) in g or (drug, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), KGV.Drug) in g
    close = {str(o) for o in g.objects(drug, URIRef("http://www.w3.org/2004/02/skos/core#closeMatch"))}
    assert "https://go.drugbank.com/drugs/DB01001" in close
    assert any("new therapy drafted" in n.reason for n in draft.notes)
    assert "albuterol" in recommended(g)


def test_clauses_split_at_but_and_semicolons_and_keep_their_own_reading():
    text = "Give naproxen; avoid aspirin but use paracetamol"
    readings = [c.reading for c in clauses(text)]
    assert readings == ["positive", "caution", "positive"]


def test_risk_phrase_is_read_from_parentheses_and_from_risk_of():
    assert risk_phrase("Avoid X above 15 mg/day (renal crisis risk).") == "renal crisis"
    assert risk_phrase("Avoid X because of the risk of gastric bleeding") == "gastric bleeding"
    assert risk_phrase("Avoid X in pregnancy") is None


# ---- properties over the space of warning phrasings: whatever the cue, drug, amount and risk wording, a drug the
# statement warns against is never drafted as a recommendation or a dose

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as hs  # noqa: E402

DRUGS = ["prednisone", "colchicine", "aspirin", "ibuprofen", "naproxen", "methotrexate", "amoxicillin"]
WARNINGS = [
    "Avoid {drug}{amount}{risk}.",
    "Do not give {drug}{amount}{risk}.",
    "{Drug}{amount} is contraindicated{risk}.",
    "{Drug}{amount} is not recommended{risk}.",
    "{Drug}{amount} should be avoided{risk}.",
    "{Drug}{amount} should not be used{risk}.",
    "Never combine {drug}{amount} with clarithromycin{risk}.",
    "Use {drug}{amount} with caution{risk}.",
]
AMOUNTS = ["", " above 15 mg/day", " at doses over 2 g/day", " 500 mg twice daily", " > 40 mg"]
RISKS = ["", " (renal crisis risk)", " because of the risk of bleeding", " in kidney disease", " due to toxicity"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    template=hs.sampled_from(WARNINGS),
    drug=hs.sampled_from(DRUGS),
    amount=hs.sampled_from(AMOUNTS),
    risk=hs.sampled_from(RISKS),
)
def test_any_warning_phrasing_makes_a_caution_and_never_a_recommendation(lexicon, template, drug, amount, risk):
    statement = template.format(drug=drug, Drug=drug.capitalize(), amount=amount, risk=risk)
    g, draft = draft_of(lexicon, statement)
    assert drug not in recommended(g), statement
    assert not doses(g), statement
    assert drug in cautioned(g), statement


def test_a_dose_bullet_under_a_bullet_naming_the_drug_is_attached_to_it_and_flagged(lexicon):
    g, draft = draft_of(lexicon, "Colchicine is the first-line choice.", "500 mcg two or three times daily")
    assert "colchicine" in recommended(g)
    assert len(doses(g)) == 1
    assert any("named in the bullet above" in n.reason for n in draft.notes)


# ---- third held-out round: who a warning is about, allergy as a reason for the alternative, loading regimens


def stages_of(g: Graph) -> dict[str, str]:
    return {
        str(t).rsplit("/", 1)[-1]: str(g.value(r, KGV.stage)).rsplit("#", 1)[-1]
        for r in g.subjects(None, KGV.Recommendation)
        for t in g.objects(r, KGV.therapy)
    }


@pytest.mark.parametrize(
    ("statement", "subject", "circumstance", "together"),
    [
        ("Avoid clarithromycin in people taking simvastatin (risk of muscle damage).", "clarithromycin", "simvastatin",
         True),
        ("In patients taking simvastatin, avoid clarithromycin.", "clarithromycin", "simvastatin", True),
        ("Do not give trimethoprim to patients who are taking methotrexate.", "trimethoprim", "methotrexate", True),
        ("Ceftriaxone is contraindicated in people with a history of amoxicillin allergy.", "ceftriaxone", "amoxicillin",
         False),
    ],
)
def test_a_drug_named_as_the_circumstance_of_a_warning_is_not_its_subject(lexicon, statement, subject, circumstance,
                                                                          together):
    """The subject is warned; a drug the patient is allergic to is not; a drug the patient takes at the same time is
    warned too by the combination convention (tests/fixtures/import/articles/README.md), flagged as drafted from a
    combination warning, never as the sentence's subject."""
    g, draft = draft_of(lexicon, statement)
    assert subject in cautioned(g), draft.ttl
    assert (circumstance in cautioned(g)) is together, draft.ttl
    assert circumstance not in recommended(g) and subject not in recommended(g)
    assert any("circumstance of the warning" in n.reason for n in draft.notes) or together, \
        [n.reason for n in draft.notes]
    flagged = any("drafted from a combination warning" in n for st in draft.statements for n in st.needs)
    assert flagged is together


def test_a_warning_naming_only_drugs_in_its_circumstance_still_cautions_them_rather_than_dropping_them(lexicon):
    g, _ = draft_of(lexicon, "Avoid the combination in people taking simvastatin and clarithromycin.")
    assert {"simvastatin", "clarithromycin"} <= cautioned(g)
    assert not recommended(g) & {"simvastatin", "clarithromycin"}


@pytest.mark.parametrize(
    "statement",
    [
        "Clarithromycin 500 mg twice daily for 5 days if the patient is allergic to amoxicillin.",
        "If the patient has an amoxicillin allergy, give clarithromycin 500 mg twice daily.",
    ],
)
def test_an_allergy_to_the_usual_drug_makes_the_drug_given_instead_an_alternative(lexicon, statement):
    g, draft = draft_of(lexicon, statement)
    assert stages_of(g).get("clarithromycin") == "Alternative", draft.ttl
    assert "amoxicillin" not in recommended(g), "the drug the patient is allergic to is not recommended"


def test_the_route_of_a_loading_dose_carries_to_its_maintenance_dose_and_is_flagged(lexicon):
    _, draft = draft_of(lexicon, "Vancomycin loading dose 25 mg/kg IV, then 15 mg/kg every 12 hours.")
    routes = [(str(d.dose.amount_min), d.dose.route) for d in draft.doses]
    assert routes == [("25", "intravenous"), ("15", "intravenous")], routes
    assert any("carried from the dose before" in n for st in draft.statements for n in st.needs)


def test_the_route_carried_across_then_is_flagged_for_the_curator(lexicon):
    """'60 mg IV, then 40 mg daily': the later amount names no route, so it is read as given like the first ('1 g
    IV, then 500 mg 12-hourly'), and since a later step is sometimes given another way the draft asks the curator
    to check; a switch between them ('then switch to 40 mg daily') carries nothing (test_import_route_words)."""
    _, draft = draft_of(lexicon, "Prednisolone 60 mg IV once daily, then 40 mg once daily.")
    assert [d.dose.route for d in draft.doses] == ["intravenous", "intravenous"]
    assert any("across 'then'" in n and "needs a curator's eye" in n for st in draft.statements for n in st.needs)


POPULATIONS = ["people", "patients", "children", "adults", "women", "those"]
LINKS = ["taking", "who are taking", "receiving", "on", "already taking", "with a history of {other} allergy"]
CUES = ["Avoid {drug}", "Do not give {drug}", "{Drug} is contraindicated", "{Drug} should be avoided", "Do not use {drug}"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cue=hs.sampled_from(CUES),
    population=hs.sampled_from(POPULATIONS),
    link=hs.sampled_from(LINKS),
    pair=hs.sampled_from(
        [("clarithromycin", "simvastatin"), ("trimethoprim", "methotrexate"), ("ibuprofen", "warfarin"),
         ("ceftriaxone", "amoxicillin")]
    ),
)
def test_any_warning_with_a_co_medication_cautions_the_subject_only_and_recommends_neither(
    lexicon, cue, population, link, pair
):
    """An allergy names a drug that is not warned; a co-medication ('taking', 'receiving', 'on') is warned too by the
    combination convention, with the same kind; neither is ever recommended."""
    drug, other = pair
    tail = f" in {population} {link}" if "{other}" in link else f" in {population} {link} {other}"
    statement = cue.format(drug=drug, Drug=drug.capitalize()) + tail.format(other=other) + "."
    g, draft = draft_of(lexicon, statement)
    assert drug in cautioned(g), statement
    together = "allergy" not in link
    assert (other in cautioned(g)) is together, statement
    if together:
        kind = KGV.Contraindication if drug in cautioned(g, KGV.Contraindication) else KGV.Caution
        assert other in cautioned(g, kind), statement
    assert not recommended(g) & {drug, other}, statement


@pytest.mark.parametrize(
    "statement",
    [
        "Repeat arterial blood gases if saturation stays below 92%.",
        "Repeat the full blood count after two weeks.",
        "Repeat renal function before the third dose.",
        "Repeat blood cultures if fever persists.",
    ],
)
def test_repeating_a_named_measurement_is_monitoring(statement):
    from kg.importer.recognise import is_monitoring

    assert is_monitoring(statement)


@pytest.mark.parametrize("statement", ["Repeat the dose after 5 minutes if needed.", "Repeat the course once."])
def test_repeating_a_dose_is_not_monitoring(statement):
    from kg.importer.recognise import is_monitoring

    assert not is_monitoring(statement)


@pytest.mark.parametrize(
    ("statement", "basis"),
    [
        ("Ferrous fumarate 2-3 mg/kg twice daily (maximum 6 mg/kg/day).", "kgv:BasisBodyWeight"),
        ("Methotrexate 15 mg/m2 weekly, max 25 mg/m2/week.", "kgv:BasisBodySurfaceArea"),
    ],
)
def test_a_maximum_per_kg_or_m2_is_drafted_with_its_basis_never_as_an_absolute_cap(lexicon, statement, basis):
    """'6 mg/kg/day' written as kgv:maxAmount alone would read as a 6 mg/day cap: kgv:maxBasis keeps its scale."""
    _, draft = draft_of(lexicon, statement)
    g = Graph().parse(data=draft.ttl, format="turtle")
    maxima = [(s, b) for s, b in g.subject_objects(KGV.maxBasis)]
    assert len(maxima) == 1
    assert maxima[0][1] == KGV[basis.split(":")[1]]
    assert g.value(maxima[0][0], KGV.maxAmount) is not None


def test_an_absolute_maximum_is_drafted_without_that_flag(lexicon):
    _, draft = draft_of(lexicon, "Paracetamol 15 mg/kg every 6 hours, max 4 g/day.")
    g = Graph().parse(data=draft.ttl, format="turtle")
    assert list(g.subject_objects(KGV.maxBasis)) == []
    assert "kgv:maxAmount 4" in draft.ttl


@pytest.mark.parametrize(
    "statement",
    [
        "Repeat the withdrawal score every 2 hours.",
        "Repeat the delirium assessment each shift.",
        "Repeat the STOP-X every hour until the score is under 8.",
        "Retest with a stool antigen test 6 weeks after treatment.",
        "Re-assess the patient after the second dose.",
        "Remeasure blood pressure after a week.",
    ],
)
def test_doing_a_test_or_score_again_is_monitoring(statement):
    # a score, scale or test done again, or done until a reading is reached, is follow-up of the patient
    from kg.importer.recognise import is_monitoring

    assert is_monitoring(statement)


@pytest.mark.parametrize("statement", ["Repeat the dose until the seizure stops.", "Restart the tablets after surgery."])
def test_repeating_a_dose_until_a_clinical_end_point_is_not_monitoring(statement):
    from kg.importer.recognise import is_monitoring

    assert not is_monitoring(statement)


@pytest.mark.parametrize(
    ("statement", "warned", "timing"),
    [
        ("Do not give naproxen within 8 hours of the last ibuprofen dose.", "naproxen", "ibuprofen"),
        ("Never start colchicine for 3 days after stopping clarithromycin.", "colchicine", "clarithromycin"),
        ("Do not give methotrexate before the first trimethoprim dose is finished.", "methotrexate", "trimethoprim"),
    ],
)
def test_a_drug_that_only_times_the_warning_is_not_contraindicated(lexicon, statement, warned, timing):
    # "within N hours of the last Y dose" says when the warned drug may not be given, measured from Y:
    # Y is the clock, not the subject of the contraindication
    g, _ = draft_of(lexicon, statement)
    assert warned in cautioned(g)
    assert timing not in cautioned(g)
    assert not recommended(g) & {warned, timing}


@pytest.mark.parametrize(
    ("statement", "drug"),
    [
        ("Stop naproxen 3 days before surgery.", "naproxen"),
        ("Withhold methotrexate during an acute infection.", "methotrexate"),
        ("Ibuprofen should be discontinued a week before the biopsy.", "ibuprofen"),
    ],
)
def test_an_instruction_to_stop_a_drug_is_never_a_recommendation_to_give_it(lexicon, statement, drug):
    # stopping or holding back a drug before a test or procedure tells the clinician not to give it for a
    # while; it is flagged for the curator, not drafted as guidance to give the drug
    g, draft = draft_of(lexicon, statement)
    assert drug not in recommended(g)
    assert "stop or hold back" in draft.ttl


@pytest.mark.parametrize(
    ("lead_in", "stage"),
    [
        ("If the patient is allergic to aspirin, give this instead:", "Alternative"),
        ("When aspirin is not tolerated, use this regimen:", "Alternative"),
        ("If aspirin fails to control the pain, give:", "Escalation"),
    ],
)
def test_bullets_under_a_conditional_lead_in_take_the_lead_ins_condition(lexicon, lead_in, stage):
    # an allergy or intolerance makes the listed regimen an alternative to the first one; a failure makes it
    # the next step: the bullets carry no condition words of their own, so the lead-in's condition decides
    text = ARTICLE.format(bullets=f"{lead_in} 1\n  • Naproxen 250 mg twice daily\n  • Ibuprofen 400 mg three times daily")
    article, _ = read_any(text.encode(), "polarity.txt")
    g = Graph().parse(data=build_draft(article, lexicon, "polarity.txt").ttl, format="turtle")
    recs = {str(t).rsplit("/", 1)[-1]: str(g.value(r, KGV.stage)).rsplit("#", 1)[-1]
            for r in g.subjects(None, KGV.Recommendation) for t in g.objects(r, KGV.therapy)}
    assert recs.get("naproxen") == stage and recs.get("ibuprofen") == stage, recs


def test_pipe_table_rows_take_the_course_length_of_their_caption(lexicon):
    # a Markdown table under "..., for 7 days:" lists what to take; each row is taken for those 7 days
    text = ("# Invented Test Guidance On Tables\n\nWhat is the treatment of an invented test condition?\n\n"
            "Last updated: May 5, 2021\n\n## Regimen\n\nIf aspirin cannot be taken, use this regimen instead, for 7 days:[1]\n\n"
            "| Drug | Dose | Frequency |\n| --- | --- | --- |\n| Naproxen | 250 mg | twice daily |\n"
            "| Ibuprofen | 400 mg | three times daily |\n\n## References\n\n"
            "1. Guideline | An invented guidance title for a table test | Example Publisher, 2020\n")
    article, _ = read_any(text.encode(), "tables.md")
    g = Graph().parse(data=build_draft(article, lexicon, "tables.md").ttl, format="turtle")
    schedules = list(g.subjects(None, KGV.DoseSchedule))
    assert len(schedules) == 2
    for s in schedules:
        assert int(g.value(s, KGV.durationMin)) == 7 and int(g.value(s, KGV.durationMax)) == 7


# ---- held-out-8: a statement of risk, harm or association about a drug is a caution for the curator, never a
# recommendation to give the drug (no advice is worded in it)

RISK_STATEMENTS = [
    "{Drug} taken in the first 12 weeks carries a small increased risk of {harm}.",
    "{Drug} carries a risk of {harm}.",
    "{Drug} raises the risk of {harm}.",
    "{Drug} can cause {harm}.",
    "{Drug} may cause {harm} in older people.",
    "{Drug} is associated with {harm}.",
    "{Drug} use has been linked to {harm}.",
    "{Drug} increases the risk of {harm} when used for long periods.",
    "{Drug}: small rise in the risk of {harm} with use in the first 12 weeks.",
]
HARMS = ["oral clefts", "bleeding", "extrapyramidal effects", "tendon rupture", "renal crisis"]


def test_ondansetron_carrying_a_risk_in_the_first_12_weeks_is_a_caution_not_a_first_line_recommendation(lexicon):
    g, draft = draft_of(
        lexicon, "Ondansetron taken in the first 12 weeks carries a small increased risk of oral clefts."
    )
    assert "ondansetron" not in recommended(g), draft.ttl
    assert "ondansetron" in cautioned(g), draft.ttl


def test_advice_to_give_a_drug_with_its_side_effect_named_is_still_a_recommendation(lexicon):
    g, draft = draft_of(lexicon, "Give ibuprofen first line, which can cause indigestion.")
    assert "ibuprofen" in recommended(g), draft.ttl


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(template=hs.sampled_from(RISK_STATEMENTS), drug=hs.sampled_from(DRUGS), harm=hs.sampled_from(HARMS))
def test_any_risk_statement_about_a_drug_never_recommends_it_and_cautions_it(lexicon, template, drug, harm):
    statement = template.format(Drug=drug.capitalize(), harm=harm)
    g, draft = draft_of(lexicon, statement)
    assert drug not in recommended(g), statement
    assert not doses(g), statement
    assert drug in cautioned(g), statement


# a fluid named as printed and the substance it is (dextrose is glucose, saline is the lexicon's saline solution: its
# own entries since the fluid-names round)
@pytest.mark.parametrize(("substance", "entity"),
                         [("dextrose", "glucose"), ("glucose", "glucose"), ("saline", "saline-solution")])
def test_a_warning_about_a_fluid_is_drafted_on_that_fluid_never_shifted_to_the_drug_after_until(
    lexicon, substance, entity
):
    g, draft = draft_of(
        lexicon, f"Avoid {substance}-containing intravenous fluids until thiamine has been given (risk of encephalopathy)."
    )
    assert "thiamine" not in cautioned(g), draft.ttl
    assert "thiamine" not in recommended(g)
    assert entity in cautioned(g), draft.ttl
    assert "needs curation" in draft.ttl
