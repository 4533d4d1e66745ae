"""The curated graph holds each group of facts the two articles state, with its citations.

Expected values are read off the articles in ../shared/seeds by hand (the fact, its unit, basis and period,
and the reference the printed marker points to); the tests read them back from the built store.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Literal, URIRef

from kg.vocab.namespaces import ART, COND, KGV, THER

ADULT = ART["ssc-myositis-overlap-adult"]
CHILD = ART["juvenile-uctd-scleroderma-jdm-overlap"]

DOSES = """
SELECT ?dose ?min ?max ?unit ?basis ?per ?route ?maxAmount ?maxUnit ?maxPer ?noMax ?stage WHERE {
  ?rec kgv:inArticle ?article ; kgv:therapy ?therapy ; kgv:dose ?dose ; kgv:stage ?stage .
  ?dose kgv:route ?route .
  OPTIONAL { ?dose kgv:amountMin ?min } OPTIONAL { ?dose kgv:amountMax ?max }
  OPTIONAL { ?dose kgv:amountUnit/qudt:ucumCode ?unit } OPTIONAL { ?dose kgv:basis ?basis } OPTIONAL { ?dose kgv:per ?per }
  OPTIONAL { ?dose kgv:maxAmount ?maxAmount ; kgv:maxUnit/qudt:ucumCode ?maxUnit ; kgv:maxPer ?maxPer }
  OPTIONAL { ?dose kgv:noMaximumStated ?noMax }
}"""

CITED_TITLES = """
SELECT ?printed ?title WHERE {
  ?dose prov:wasDerivedFrom ?statement .
  ?statement kgv:markersAsPrinted ?printed .
  OPTIONAL { ?statement kgv:hasMarker/kgv:resolvesTo/kgv:refersTo/dcterms:title ?title }
}"""


def doses(store, article: URIRef, therapy: URIRef) -> list[dict]:
    rows = store.select(DOSES, {"article": article, "therapy": therapy}).dicts()
    return [{k: (v.toPython() if isinstance(v, Literal) else v) for k, v in r.items()} for r in rows]


def one(rows: list[dict], **match) -> dict:
    hits = [r for r in rows if all(r[k] == v for k, v in match.items())]
    assert len(hits) == 1, f"expected one dose matching {match}, got {hits}"
    return hits[0]


def cited(store, dose: URIRef) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for row in store.select(CITED_TITLES, {"dose": dose}).rows:
        out.setdefault(str(row[0]), set()).update({str(row[1])} if row[1] is not None else set())
    return out


@pytest.mark.parametrize("article", [ADULT, CHILD])
def test_methotrexate_weekly_dose_per_m2_with_40_mg_weekly_maximum_in_both_articles(store, article):
    d = one(doses(store, article, THER["methotrexate"]))
    assert (d["min"], d["max"], d["unit"]) == (Decimal(15), Decimal(20), "mg")
    assert (d["basis"], d["per"]) == (KGV.BasisBodySurfaceArea, KGV.PerWeek)
    assert (d["maxAmount"], d["maxUnit"], d["maxPer"]) == (Decimal(40), "mg", KGV.PerWeek)
    assert d["noMax"] is None and d["stage"] == KGV.FirstLine


def test_methotrexate_citations_resolve_as_printed_in_each_article(store):
    adult_dose = one(doses(store, ADULT, THER["methotrexate"]))["dose"]
    child_dose = one(doses(store, CHILD, THER["methotrexate"]))["dose"]
    # Adult: "2, 1" -> entry 2 Guideline Directed Topic Overview, entry 1 Treatment of Inflammatory Myopathy.
    assert cited(store, adult_dose)["2, 1"] == {
        "Guideline Directed Topic Overview",
        "Treatment of Inflammatory Myopathy",
    }
    # Juvenile: "1" -> entry 1 is the same Dr.Oracle overview.
    assert cited(store, child_dose)["1"] == {"Guideline Directed Topic Overview"}


def test_methotrexate_route_is_not_stated_but_subcutaneous_is_preferred(store):
    for article in (ADULT, CHILD):
        d = one(doses(store, article, THER["methotrexate"]))
        assert d["route"] == KGV.RouteNotStated
        assert store.ask("ASK { ?dose kgv:preferredRoute kgv:RouteSubcutaneous }", {"dose": URIRef(d["dose"])})


def test_adult_prednisone_is_half_to_one_mg_per_kg_daily_orally_with_no_maximum(store):
    d = one(doses(store, ADULT, THER["prednisone"]), stage=KGV.FirstLine)
    assert (d["min"], d["max"], d["unit"], d["basis"], d["per"]) == (
        Decimal("0.5"),
        Decimal("1.0"),
        "mg",
        KGV.BasisBodyWeight,
        KGV.PerDay,
    )
    assert d["route"] == KGV.RouteOral and d["noMax"] is True and d["maxAmount"] is None


def test_child_prednisolone_is_one_to_two_mg_per_kg_daily(store):
    d = one(doses(store, CHILD, THER["prednisolone"]))
    assert (d["min"], d["max"], d["basis"], d["per"], d["route"]) == (
        Decimal(1),
        Decimal(2),
        KGV.BasisBodyWeight,
        KGV.PerDay,
        KGV.RouteOral,
    )


def test_methylprednisolone_doses_differ_between_articles(store):
    adult = doses(store, ADULT, THER["methylprednisolone"])
    severe = one(adult, min=Decimal(10))
    assert (severe["max"], severe["per"], severe["route"]) == (Decimal(20), KGV.PerDose, KGV.RouteIntravenous)
    pulse = one(adult, min=Decimal(30))
    assert pulse["max"] == Decimal(30) and pulse["stage"] == KGV.Alternative
    child = one(doses(store, CHILD, THER["methylprednisolone"]))
    assert (child["min"], child["max"], child["per"], child["stage"]) == (
        Decimal(15),
        Decimal(30),
        KGV.PerDay,
        KGV.FirstLine,
    )
    assert store.ask(
        "ASK { ?d kgv:dosesMin 3 ; kgv:dosesMax 3 ; kgv:durationUnit kgv:Day }", {"d": URIRef(child["dose"])}
    )
    assert store.ask("ASK { ?d kgv:dosesMin 1 ; kgv:dosesMax 5 }", {"d": URIRef(severe["dose"])})


def test_azathioprine_is_per_kg_ideal_body_weight_with_no_period_stated_and_replaces_methotrexate(store):
    d = one(doses(store, ADULT, THER["azathioprine"]))
    assert (d["min"], d["max"], d["basis"], d["per"]) == (
        Decimal(2),
        Decimal(2),
        KGV.BasisIdealBodyWeight,
        KGV.PeriodNotStated,
    )
    assert store.ask("""ASK { ?rec kgv:therapy th:azathioprine ; kgv:alternativeTo th:methotrexate ;
                             kgv:alternativeWhen kgv:ReasonContraindicated ;
                             kgv:preferredWhenAny cond:interstitial-lung-disease, ft:pregnancy-planning }""")
    assert cited(store, URIRef(d["dose"]))["1, 4"] == {
        "Treatment of Inflammatory Myopathy",
        "Myopathy in scleroderma and in other connective tissue diseases.",
    }


def test_mycophenolate_has_a_bsa_range_and_an_initial_flat_twice_daily_dose_in_adults(store):
    adult = doses(store, ADULT, THER["mycophenolate-mofetil"])
    bsa = one(adult, basis=KGV.BasisBodySurfaceArea)
    assert (bsa["min"], bsa["max"], bsa["per"]) == (Decimal(500), Decimal(1000), KGV.PeriodNotStated)
    flat = one(adult, basis=KGV.BasisFlat)
    assert (flat["min"], flat["max"], flat["per"]) == (Decimal(500), Decimal(500), KGV.PerDose)
    assert store.ask("ASK { ?d kgv:timesPerDay 2 ; kgv:initialOnly true }", {"d": URIRef(flat["dose"])})
    child = one(doses(store, CHILD, THER["mycophenolate-mofetil"]))
    assert (child["min"], child["max"], child["basis"]) == (Decimal(500), Decimal(1000), KGV.BasisBodySurfaceArea)


def test_ivig_is_per_kg_ideal_weight_in_adults_and_per_kg_every_28_days_in_children(store):
    adult = one(doses(store, ADULT, THER["ivig"]))
    assert (adult["min"], adult["max"], adult["unit"], adult["basis"], adult["per"]) == (
        Decimal(1),
        Decimal(2),
        "g",
        KGV.BasisIdealBodyWeight,
        KGV.PerCourse,
    )
    child = one(doses(store, CHILD, THER["ivig"]))
    assert (child["min"], child["max"], child["basis"]) == (Decimal(2), Decimal(2), KGV.BasisBodyWeight)
    assert store.ask(
        "ASK { ?d kgv:intervalValue 28 ; kgv:intervalUnit kgv:Day ; kgv:durationMax 2 }", {"d": URIRef(child["dose"])}
    )
    assert cited(store, URIRef(child["dose"]))["2"] == {"Intravenous Immunoglobulin Therapy for Dermatomyositis"}


def test_rituximab_two_1000_mg_doses_two_weeks_apart_and_cyclophosphamide_without_amount(store):
    r = one(doses(store, ADULT, THER["rituximab"]))
    assert (r["min"], r["max"], r["basis"], r["per"]) == (Decimal(1000), Decimal(1000), KGV.BasisFlat, KGV.PerDose)
    assert store.ask(
        "ASK { ?d kgv:dosesMax 2 ; kgv:intervalValue 2 ; kgv:intervalUnit kgv:Week }", {"d": URIRef(r["dose"])}
    )
    c = one(doses(store, ADULT, THER["cyclophosphamide"]))
    assert c["min"] is None and c["route"] == KGV.RouteIntravenous
    assert store.ask(
        "ASK { ?d kgv:amountNotStated true ; kgv:intervalValue 4 ; kgv:durationMin 3 ; kgv:durationMax 6 }",
        {"d": URIRef(c["dose"])},
    )


def test_taper_target_is_a_ceiling_of_10_mg_per_day_and_folic_acid_1_mg_per_day(store):
    assert store.ask(
        "ASK { ?d a kgv:DoseCeiling ; kgv:amountMax 10 ; kgv:per kgv:PerDay ; prov:wasDerivedFrom ?s . "
        "?rec kgv:dose ?d ; kgv:stage kgv:TaperMaintenance ; kgv:therapy th:prednisone }"
    )
    d = one(doses(store, ADULT, THER["folic-acid"]))
    assert (d["min"], d["max"], d["basis"], d["per"]) == (Decimal(1), Decimal(1), KGV.BasisFlat, KGV.PerDay)


def test_topical_tacrolimus_carries_its_concentration(store):
    assert store.ask(
        "ASK { ?rec kgv:therapy th:tacrolimus-topical ; kgv:dose ?d . "
        "?d kgv:concentrationPercent 0.1 ; kgv:route kgv:RouteTopical }"
    )


def test_renal_crisis_caution_in_both_articles_and_blood_pressure_monitoring_only_in_the_adult(store):
    rows = store.select(
        "SELECT ?a ?m WHERE { ?c a kgv:Caution ; kgv:risk cond:scleroderma-renal-crisis ; "
        "kgv:agent cls:glucocorticoid ; kgv:inArticle ?a . OPTIONAL { ?c kgv:callsForMonitoring ?m } }"
    ).rows
    by_article = {a: m for a, m in rows}
    assert set(by_article) == {ADULT, CHILD}
    assert by_article[ADULT] is not None and by_article[CHILD] is None


def test_escalation_window_is_12_weeks_in_both_articles(store):
    rows = store.select(
        "SELECT DISTINCT ?a WHERE { ?r kgv:stage kgv:Escalation ; kgv:responseWindowValue 12 ; "
        "kgv:responseWindowUnit kgv:Week ; kgv:inArticle ?a }"
    ).rows
    assert {r[0] for r in rows} == {ADULT, CHILD}


def test_works_cited_by_both_articles_are_one_node(store):
    rows = store.select(
        "SELECT ?work (COUNT(DISTINCT ?a) AS ?n) WHERE { ?e kgv:refersTo ?work ; kgv:inArticle ?a } "
        "GROUP BY ?work HAVING (COUNT(DISTINCT ?a) > 1)"
    ).rows
    titles = {str(store.select("SELECT ?t WHERE { ?w dcterms:title ?t }", {"w": w}).rows[0][0]) for w, _ in rows}
    assert titles == {"Guideline Directed Topic Overview", "Scleroderma overlap syndrome."}
    assert (
        len(store.select("SELECT ?w WHERE { { ?w a kgv:GuidelineReference } UNION { ?w a kgv:ResearchReference } }"))
        == 7
    )


def test_dangling_markers_are_recorded_as_printed_and_flagged(store):
    rows = store.select(
        "SELECT ?a ?label WHERE { ?m kgv:flaggedUnresolved true ; kgv:markerLabel ?label ; kgv:inArticle ?a . "
        "FILTER NOT EXISTS { ?m kgv:resolvesTo ?e } }"
    ).rows
    assert {(a, str(label)) for a, label in rows} == {(ADULT, "6"), (CHILD, "5")}


def test_prednisone_range_position_moves_with_comorbidities(store):
    lower = store.select("SELECT ?f WHERE { ?adj kgv:rangePosition kgv:LowerEnd ; kgv:appliesWhenAny ?f }").rows
    assert {r[0] for r in lower} == {COND["diabetes"], COND["osteoporosis"], COND["glaucoma"]}
    upper = store.select("SELECT ?f WHERE { ?adj kgv:rangePosition kgv:UpperEnd ; kgv:appliesWhenAll ?f }").rows
    assert {str(r[0]).rsplit("/", 1)[-1] for r in upper} == {"high-relapse-risk", "low-adverse-event-risk"}


def test_myositis_antibody_panel_lists_five_antibodies(store):
    rows = store.select(
        'SELECT ?l WHERE { ?t skos:prefLabel "myositis-associated antibodies" ; kgv:member/skos:prefLabel ?l }'
    ).rows
    assert {str(r[0]) for r in rows} == {"anti-PM/Scl", "anti-U1-RNP", "anti-La", "anti-Ro", "anti-Sm"}


def test_every_dose_has_a_maximum_or_says_none_is_stated(store):
    rows = store.select(
        "SELECT ?d WHERE { ?d a ?t . VALUES ?t { kgv:DoseSchedule kgv:DoseCeiling } "
        "FILTER NOT EXISTS { ?d kgv:maxAmount ?m } FILTER NOT EXISTS { ?d kgv:noMaximumStated true } }"
    ).rows
    assert rows == []
