"""Whose dose an amount is when a line names two drugs and one of them is named only in a condition or
co-medication clause ('taken with', 'if on', 'in people taking', 'after', 'followed by', or 'with' after the
amount). The amount belongs to the drug that governs it: the nearest drug named before it in its own clause, or the
heading's drug when the line names only a co-medication. Sentences are our own; what each should draft is what it
tells a prescriber."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Namespace

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from tests.draft_reading import HEADED_SENTENCE_ARTICLE, doses_by_drug

KGV = Namespace("https://w3id.org/guideline-kg/vocab#")

ARTICLE = HEADED_SENTENCE_ARTICLE


@pytest.mark.parametrize("cue", ["Taken with", "With", "If on", "If already taking", "In people taking",
                                 "For patients on", "Given with"])
def test_a_line_naming_only_a_co_medication_doses_the_headings_drug(lexicon, cue):
    # under 'Apixaban', the line says how much apixaban to take when aspirin is also taken: 25 mg is apixaban's
    doses = doses_by_drug(lexicon, f"{cue} aspirin: 25 mg on alternate days.", heading="Apixaban")
    assert (25.0, "MilliGM") in doses.get("apixaban", set()), doses
    assert "aspirin" not in doses, doses


@pytest.mark.parametrize("join", ["with", "followed by", "then", "and then"])
def test_an_amount_before_a_drug_named_with_its_own_amount_is_never_that_drugs(lexicon, join):
    # 'albumin 20% 1 g/kg ... with furosemide 1 mg/kg': furosemide's dose is 1 mg/kg; the 1 g/kg is albumin's
    doses = doses_by_drug(lexicon, f"Albumin 20% 1 g/kg IV over 4 hours {join} furosemide 1 mg/kg IV.")
    assert (1.0, "GM") not in doses.get("furosemide", set()), doses
    assert (1.0, "MilliGM") in doses.get("furosemide", set()), doses


def test_treating_with_a_drug_names_the_treatment_not_a_co_medication(lexicon):
    # 'treat X with thiamine 500 mg ..., then 250 mg ...': both amounts are thiamine's
    doses = doses_by_drug(lexicon, "Treat suspected encephalopathy with thiamine 500 mg IV three times daily for 3 "
                                   "days, then 250 mg IV once daily for 5 days.")
    assert {(500.0, "MilliGM"), (250.0, "MilliGM")} <= doses.get("thiamine", set()), doses


DRUGS = ["amoxicillin", "metformin", "prednisolone", "furosemide", "omeprazole", "warfarin"]
CUES = ["taken with", "if on", "in people taking", "after", "followed by", "with"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pair=st.permutations(DRUGS).map(lambda p: p[:2]), cue=st.sampled_from(CUES),
       first=st.integers(1, 400), second=st.integers(401, 900), heading_form=st.booleans())
def test_two_drugs_in_one_line_the_dose_goes_to_the_governing_drug(lexicon, pair, cue, first, second, heading_form):
    governing, other = pair
    if heading_form:
        # the heading names the governing drug; the line names only the other, in a co-medication clause
        doses = doses_by_drug(lexicon, f"{cue.capitalize()} {other}: {first} mg once daily.",
                              heading=governing.capitalize())
        assert (float(first), "MilliGM") in doses.get(governing, set()), doses
        assert other not in doses, doses
    else:
        # each drug is named right before its own amount: each amount is its own drug's, whatever the cue
        doses = doses_by_drug(lexicon, f"{governing.capitalize()} {first} mg once daily {cue} {other} {second} mg "
                                       "once daily.")
        assert (float(first), "MilliGM") in doses.get(governing, set()), doses
        assert (float(first), "MilliGM") not in doses.get(other, set()), doses
        assert (float(second), "MilliGM") not in doses.get(governing, set()), doses


@pytest.mark.parametrize(("phrase", "unit"), [("once a month", "Month"), ("once per month", "Month"),
                                               ("once each month", "Month"), ("monthly", "Month"),
                                               ("once a year", "Year"), ("once every year", "Year"),
                                               ("once yearly", "Year"), ("annually", "Year")])
def test_a_dose_once_a_month_or_year_is_per_dose_every_one_month_or_year(lexicon, phrase, unit):
    # 'once a month' says: one dose, then the next a month later; the month stays a month (never 30 days)
    article, _ = read_any(ARTICLE.format(heading="Treatment", sentence=f"Denosumab 60 mg subcutaneously {phrase}.")
                          .encode(), "period.md")
    g = Graph().parse(data=build_draft(article, lexicon, "period.md").ttl, format="turtle")
    doses = list(g.subjects(KGV.amountMin, None))
    assert len(doses) == 1
    dose = doses[0]
    assert g.value(dose, KGV.per) == KGV.PerDose
    assert g.value(dose, KGV.intervalUnit) == KGV[unit]
    assert float(g.value(dose, KGV.intervalValue)) == 1.0


@pytest.mark.parametrize(("sentence", "first"), [
    ("Colecalciferol 800 units (20 micrograms) once daily.", (800.0, "ArbitraryUnit")),
    ("Colecalciferol 20 micrograms (800 units) once daily.", (20.0, "MicroGM")),
    ("Magnesium sulfate 2 g (8 mmol) IV over 20 minutes.", (2.0, "GM")),
])
def test_an_equivalent_in_brackets_is_the_same_dose_restated_never_a_second_dose(lexicon, sentence, first):
    # '800 units (20 micrograms)' gives one amount twice, in two units: one dose, the first, is drafted
    article, _ = read_any(ARTICLE.format(heading="Treatment", sentence=sentence).encode(), "equivalent.md")
    draft = build_draft(article, lexicon, "equivalent.md")
    g = Graph().parse(data=draft.ttl, format="turtle")
    amounts = {(float(g.value(d, KGV.amountMin)), str(g.value(d, KGV.amountUnit)).rsplit("/", 1)[-1].rsplit("#", 1)[-1])
               for d in g.subjects(KGV.amountMin, None)}
    assert amounts == {first}
    assert "restates the dose" in draft.ttl  # the equivalent is kept in a note for the curator


def test_a_second_amount_in_a_bracket_that_says_more_than_a_unit_stays_its_own_dose(lexicon):
    # '500 mg (250 mg in children under 12 years)': a different dose for another band, not an equivalent
    doses = doses_by_drug(lexicon, "Amoxicillin 500 mg (250 mg in children under 12 years) three times daily.")
    assert {(500.0, "MilliGM"), (250.0, "MilliGM")} <= doses.get("amoxicillin", set()), doses


@pytest.mark.parametrize(("sentence", "route"), [
    ("Buccal midazolam 10 mg once.", "RouteBuccal"),
    ("Midazolam 10 mg buccally once.", "RouteBuccal"),
    ("Intravitreal ranibizumab 0.5 mg once.", "RouteIntravitreal"),
    ("Intra-articular triamcinolone 40 mg once.", "RouteIntraArticular"),
    ("Triamcinolone 40 mg by intra-articular injection once.", "RouteIntraArticular"),
    ("Sublingual glyceryl trinitrate 400 micrograms once.", "RouteSublingual"),
    ("Rectal diazepam 10 mg once.", "RouteRectal"),
])
def test_a_dose_carries_the_route_its_line_names(lexicon, sentence, route):
    # 'buccal midazolam 10 mg': held in the cheek; never drafted with the route left unstated
    article, _ = read_any(ARTICLE.format(heading="Treatment", sentence=sentence).encode(), "route.md")
    g = Graph().parse(data=build_draft(article, lexicon, "route.md").ttl, format="turtle")
    routes = {str(g.value(d, KGV.route)).rsplit("#", 1)[-1] for d in g.subjects(KGV.amountMin, None)}
    assert routes == {route}
