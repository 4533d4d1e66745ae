"""Each defect issue 11 names, tested at its mechanism on the shipped graph.

Expectations come from the articles in /work/shared/seeds (quoted in comments) and graph/articles.
"""

from __future__ import annotations

import jsonschema
import pytest

from kg.questions.paths import Patient, path_schema, treatment_path
from kg.read.names import NameIndex
from kg.render.render_path import plain
from kg.render.result_json import document

OVERLAP = "scleroderma-myositis overlap"
VALIDATOR = jsonschema.Draft202012Validator(path_schema())
KGV = "https://w3id.org/guideline-kg/vocab#"
ADULT = "ssc-myositis-overlap-adult/"
CHILD = "juvenile-uctd-scleroderma-jdm-overlap/"


@pytest.fixture(scope="module")
def run(store):
    names = NameIndex(store)

    def _run(condition=OVERLAP, typed=None, **patient):
        """The path's JSON document, checked against the schema; `typed` (a list) receives the typed path."""
        path = treatment_path(store, names, condition, Patient(**patient))
        if typed is not None:
            typed.append(path)
        doc = document(path)
        VALIDATOR.validate(doc)
        return doc

    return _run


def step(path: dict, rec: str) -> dict:
    return next(s for s in path["steps"] if s["id"].endswith(rec))


ADULT_WOMAN = {"age": 30, "sex": "female", "weight_kg": 70, "height_cm": 165}


def test_pregnancy_planning_makes_azathioprine_preferred_and_methotrexate_an_option(run):
    # "Azathioprine ... particularly preferred for interstitial lung disease or pregnancy planning"
    path = run(**ADULT_WOMAN, has=["pregnancy planning"])
    aza = step(path, ADULT + "rec-azathioprine")
    assert aza["applies"] and aza["preferred"] and aza["status"] == "applies"
    assert aza["displaces"]["label"] == "methotrexate"
    mtx = step(path, ADULT + "rec-methotrexate")
    assert mtx["status"] == "option" and mtx["number"] is None
    assert [b["therapy"] for b in mtx["displaced_by"]] == ["azathioprine"]
    assert "azathioprine is preferred for this patient (pregnancy planning)" in mtx["reason"]
    # folic acid is given with methotrexate, and the methotrexate continuation follows it
    assert step(path, ADULT + "rec-folic-acid")["status"] == "option"
    assert step(path, ADULT + "rec-methotrexate-continue")["status"] == "option"
    # mycophenolate is preferred for severe skin disease, which this patient does not have
    assert step(path, ADULT + "rec-mycophenolate-alternative")["applies"] is False


def test_no_step_is_preferred_while_not_applicable(run):
    # IVIG is preferred for rapid onset but needs an inadequate response first
    path = run(**ADULT_WOMAN, has=["rapid onset of action needed"])
    ivig = step(path, ADULT + "rec-ivig")
    assert ivig["applies"] is False and ivig["preferred"] is False
    assert "does not act" in ivig["preference_note"]


def test_preference_does_not_override_a_qualifier(run):
    # juvenile MMF is preferred for skin disease but only in an inadequate response or severe disease
    path = run(age=10, weight_kg=30, height_cm=135, has=["skin disease"])
    mmf = step(path, CHILD + "rec-mycophenolate")
    assert mmf["applies"] is False and mmf["preferred"] is False
    assert step(path, CHILD + "rec-methotrexate")["status"] == "applies"


def test_monitoring_and_caution_lists_hold_only_their_kind(run, store):
    for patient in ({"age": 45}, {"age": 10}, {}):
        path = run(**patient)
        items = path["monitoring"] + [m for s in path["steps"] for m in s["monitoring"]]
        cautions = path["cautions"] + [c for s in path["steps"] for c in s["cautions"]]
        assert items and cautions
        for kind, elements in (("MonitoringItem", items), ("Caution", cautions)):
            for e in elements:
                assert e["type"] == f"kgv:{kind}"
                rows = store.select("SELECT ?x ?t WHERE { ?x a ?t }", {"x": __import__("rdflib").URIRef(e["id"])}).rows
                assert KGV + kind in {str(r[1]) for r in rows}, e["id"]
        assert not any("/rec-" in m["id"] for m in items)


def test_avoiding_every_member_of_a_class_avoids_the_class_step(run):
    # "Anti-TNF agents (infliximab or adalimumab)"
    path = run(age=12, has=["refractory disease"], avoid=["infliximab", "adalimumab"])
    tnf = step(path, CHILD + "rec-anti-tnf")
    assert tnf["applies"] is False and "every member of anti-TNF agents is avoided" in tnf["reason"]
    # biological agents still has rituximab
    bio = step(path, CHILD + "rec-biologics")
    assert bio["applies"] is True and "avoided members left out: adalimumab, infliximab" in bio["reason"]


def test_avoiding_one_member_keeps_the_class_step_and_says_so(run):
    path = run(age=12, has=["refractory disease"], avoid=["infliximab"])
    tnf = step(path, CHILD + "rec-anti-tnf")
    assert tnf["applies"] is True and "infliximab" in tnf["reason"]


def test_avoiding_a_component_avoids_the_combination(run):
    # "Combination therapy with high-dose MTX, Ciclosporin A, and IVIG"
    path = run(age=12, has=["refractory disease"], avoid=["ciclosporin"])
    combo = step(path, CHILD + "rec-combination")
    assert combo["applies"] is False and "avoided" in combo["reason"]


def test_a_feature_the_juvenile_article_never_mentions_is_reported(run):
    path = run(age=10, weight_kg=30, has=["dysphagia"])
    texts = [u["text"] for u in path["unmatched"]]
    assert any("says nothing about dysphagia" in t for t in texts)
    assert any("says nothing about dysphagia" in w for w in path["warnings"])
    # the adult article names dysphagia (IV methylprednisolone, IVIG): no such report for adults
    adult = run(age=40, weight_kg=70, has=["dysphagia"])
    assert adult["unmatched"] == []


def test_an_avoid_that_rules_out_nothing_is_reported(run):
    path = run(age=40, avoid=["infliximab"])
    assert [u["kind"] for u in path["unmatched"]] == ["avoid"]


@pytest.mark.parametrize("name, whole", [
    ("JDM", "overlap UCTD with scleroderma and juvenile dermatomyositis"),
    ("UCTD", "overlap UCTD with scleroderma and juvenile dermatomyositis"),
    ("scleroderma", "scleroderma-myositis overlap"),
])
def test_a_condition_without_guidance_points_to_the_conditions_that_have_it(run, name, whole):
    typed = []
    path = run(name, age=10, typed=typed)
    assert path["steps"] == []
    assert whole in [w["label"] for w in path["condition"]["see_also"]]
    assert any("Guidance that covers it" in w for w in path["warnings"])
    assert "See: " in plain(typed[0])


def test_without_age_each_population_is_numbered_on_its_own(run):
    typed = []
    path = run(typed=typed)
    assert {p["label"]: p["fits"] for p in path["populations"]} == {"adults": None, "children": None}
    for pop in path["populations"]:
        numbers = [s["number"] for s in path["steps"] if s["id"] in pop["steps"] and s["number"]]
        assert numbers == list(range(1, len(numbers) + 1))
    for s in path["steps"]:
        assert (s["number"] is not None) == (s["status"] == "applies")
    text = plain(typed[0])
    assert "numbered on its own" in text and "give --age to choose one" in text
    assert "opt methylprednisolone" in text  # the optional pulse is not numbered


def test_uncapped_computed_dose_carries_a_warning(run):
    # "Consider pulse IV methylprednisolone (30 mg/kg)": 30 x 70 = 2100 mg per dose, no maximum stated
    path = run(**ADULT_WOMAN)
    pulse = step(path, ADULT + "rec-methylprednisolone-pulse")["doses"][0]["computed"]
    assert pulse["max"] == 2100 and pulse["uncapped"] is True
    assert any("2100 mg/dose" in w and "not checked against any maximum" in w for w in pulse["warnings"])
    assert any("methylprednisolone (alternative): 2100 mg/dose" in w for w in path["warnings"])
    mtx = step(path, ADULT + "rec-methotrexate")["doses"][0]["computed"]
    assert mtx["uncapped"] is False and mtx["warnings"] == []


def test_computed_line_keeps_period_not_stated(run):
    # "Azathioprine at 2 mg/kg ideal body weight": no period. IBW(f,165) = 45.5 + 2.3 x (165/2.54 - 60) = 56.909
    typed = []
    path = run(**ADULT_WOMAN, avoid=["methotrexate"], typed=typed)
    aza = step(path, ADULT + "rec-azathioprine")["doses"][0]["computed"]
    assert aza["max"] == round(2 * (45.5 + 2.3 * (165 / 2.54 - 60)), 1) == 113.8
    assert aza["gaps"][0] == "period not stated" and aza["formula"].endswith("(period not stated)")
    text = plain(typed[0])
    assert "for this patient: 113.8 mg [period not stated" in text


def test_curator_reading_of_juvenile_ivig_basis_is_shown_with_the_dose(run):
    typed = []
    path = run(age=10, weight_kg=30, response="inadequate", typed=typed)
    dose = step(path, CHILD + "rec-ivig")["doses"][0]
    assert dose["computed"]["max"] == 60  # 2 g/kg x 30 kg
    assert any("actual body weight" in f["message"] for f in dose["flags"])
    assert any("actual body weight" in g for g in dose["computed"]["gaps"])
    assert "actual body weight" in plain(typed[0])


def test_severe_case_brings_iv_methylprednisolone_into_adult_first_line(run, store):
    # adult opening summary: prednisone, or IV methylprednisolone when the case is severe, with MTX
    path = run(**ADULT_WOMAN, has=["severe disease"])
    mp = step(path, ADULT + "rec-methylprednisolone-severe")
    assert mp["stage"]["label"] == "first line" and mp["status"] == "applies"



def test_first_line_therapies_query_returns_adult_iv_methylprednisolone(cli_env):
    import json

    from click.testing import CliRunner

    from kg_cli.main import main

    result = CliRunner().invoke(main, ["query", "first-line-therapies", "--param",
                                       f"condition={OVERLAP}", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["results"]["bindings"]
    adult = {(r["therapy"]["value"], r["amountMin"]["value"], r["amountMax"]["value"])
             for r in rows if r["population"]["value"] == "adults"}
    assert ("methylprednisolone", "10", "20") in adult


def test_a_feature_named_only_in_cautions_is_reported_as_changing_no_step(run):
    # adult article: renal-crisis caution "in systemic sclerosis patients"; no step is gated by it
    path = run(age=40, has=["systemic sclerosis"])
    [u] = path["unmatched"]
    assert u["mentioned"] is True and "only in its cautions or monitoring" in u["text"]


def test_no_other_kind_can_enter_the_monitoring_caution_or_test_lists(store):
    """A node carrying every property the list queries look at, but typed as something else
    (here a kgv:Recommendation, the kind that leaked before), never reaches those lists."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF, SKOS

    from kg.store.oxigraph import OxigraphStore

    kgv = lambda t: URIRef(KGV + t)  # noqa: E731
    cond = URIRef("https://w3id.org/guideline-kg/id/condition/scleroderma-myositis-overlap")
    ssc = URIRef("https://w3id.org/guideline-kg/id/condition/systemic-sclerosis")
    article = URIRef("https://w3id.org/guideline-kg/id/article/ssc-myositis-overlap-adult")
    intruder = URIRef("https://example.org/intruder")
    g = URIRef("https://example.org/g")
    extra = [(intruder, RDF.type, kgv("Recommendation")), (intruder, kgv("forCondition"), cond),
             (intruder, kgv("monitorsFor"), cond), (intruder, kgv("population"),
                                                    URIRef("https://w3id.org/guideline-kg/id/population/adult")),
             (intruder, kgv("risk"), ssc), (intruder, kgv("inPatientsWith"), ssc),
             (intruder, kgv("inArticle"), article), (intruder, SKOS.prefLabel, Literal("intruder"))]
    mem = OxigraphStore.in_memory(store.quads())
    mem.add_quads((s, p, o, g) for s, p, o in extra)
    path = document(treatment_path(mem, NameIndex(mem), OVERLAP, Patient(age=45)))
    VALIDATOR.validate(path)
    listed = [m["id"] for m in path["monitoring"]] + [c["id"] for c in path["cautions"]] + \
        [m["id"] for s in path["steps"] for m in s["monitoring"]] + \
        [c["id"] for s in path["steps"] for c in s["cautions"]] + [t["id"] for t in path["diagnostic_tests"]]
    assert listed and str(intruder) not in listed


def test_pointers_from_a_condition_without_guidance_put_the_patients_population_first(run):
    # systemic sclerosis (scleroderma) is a component of both overlaps; only the adult overlap's guidance
    # includes adults, so a 40-year-old is pointed there first
    adult = run("scleroderma", age=40)["condition"]["see_also"]
    assert adult[0]["label"] == "scleroderma-myositis overlap"
    assert {p["label"] for p in adult[0]["populations"]} == {"adults", "children"}
    assert [p["label"] for p in adult[1]["populations"]] == ["children"]
    # myositis: the juvenile overlap has it only through juvenile dermatomyositis, and says so
    path = run("myositis", age=10)
    juvenile = next(w for w in path["condition"]["see_also"] if w["label"].startswith("overlap UCTD"))
    assert juvenile["part"]["label"] == "juvenile dermatomyositis"
    assert any("juvenile dermatomyositis, a narrower condition" in w for w in path["warnings"])
    assert not any(w.startswith("Age not given") for w in run("JDM")["warnings"])
