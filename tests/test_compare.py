"""kg compare: what is paired and why, and doses compared only per their own period and basis.

The expectations on the real graph are the articles' facts (shared/seeds), restated:
- adult: methotrexate 15–20 mg per m² each week, never above 40 mg a week; rituximab as two doses of
  1000 mg two weeks apart; IVIG 1–2 g per kg of ideal body weight spread over two days in a row; oral
  prednisone 0.5–1 mg per kg daily; IV methylprednisolone 10–20 mg per kg on each of 1 to 5 days in a row;
  a pulse of IV methylprednisolone at 30 mg per kg on a schedule the article leaves open.
- juvenile: methotrexate 15–20 mg per m² each week, capped at 40 mg a week; IVIG 2 g per kg IV over two
  days, repeated every 28 days; a methylprednisolone pulse of 15–30 mg per kg daily on 3 days in a row,
  then oral prednisolone 1–2 mg per kg daily.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import URIRef

from kg.questions import compare as compare_module
from kg.questions.compare import (
    DIFFERENT_BASIS,
    DIFFERENT_DOSE,
    EXPLAINED,
    NOT_COMPARABLE,
    RELATED_DRUGS,
    SAME,
    SAME_CLASS,
    SAME_DRUG,
    RecordedDose,
    compare,
    dose_relation,
    normal_dose,
    pairing,
    resolve_subject,
)
from kg.questions.evidence import NodeView
from kg.render.result_json import to_json
from kg.store.oxigraph import OxigraphStore
from kg.vocab.namespaces import COND, DCLS, KGV, THER
from kg_cli.main import main

ADULT = "https://w3id.org/guideline-kg/id/article/ssc-myositis-overlap-adult"
CHILD = "https://w3id.org/guideline-kg/id/article/juvenile-uctd-scleroderma-jdm-overlap"


def rows_for(result, label):
    (tc,) = [t for t in result.therapies if t.label == label]
    return tc.rows


def side_of(row, article):
    (side,) = [s for s in row.sides if s.article == article]
    return side


def run(store_path, *args):
    result = CliRunner().invoke(main, list(args), env={"KG_STORE": str(store_path)})
    assert result.exit_code == 0, result.output
    return result.output


# ---------------------------------------------------------------- the fixture's arithmetic


def test_one_gram_once_daily_equals_1000_mg_per_day_as_daily_totals(fx):
    (row,) = rows_for(compare(fx), "fixdrug alpha")
    assert row.classification == SAME
    a, b = (s.dose for s in row.sides)
    # A: 1 g per dose, once a day: 1 g = 1000 mg, kept per dose; its exact daily total is 1000 mg per day
    assert (a.low, a.unit, a.period) == (1000.0, "mg", "dose")
    assert tuple(a.daily_total) == (1000.0, 1000.0)
    assert (b.low, b.period) == (1000.0, "day")
    assert any("× 1000" in step for step in a.formula)
    (dose_diff,) = [d for d in row.differences if d["field"] == "dose"]
    assert dose_diff["equal"] is True and dose_diff["note"].startswith("as daily totals")


def test_a_weekly_amount_is_not_spread_over_days(fx):
    """A: 70 mg/kg per week; B: 20 mg/kg per day. Dividing the week by 7 would invent a daily dose."""
    (row,) = rows_for(compare(fx), "fixdrug beta")
    assert row.classification == EXPLAINED and row.underlying == NOT_COMPARABLE
    (dose_diff,) = [d for d in row.differences if d["field"] == "dose"]
    assert "not compared: per week vs per day" in dose_diff["note"]
    assert "10 mg" not in json.dumps(row.differences)
    assert any(r.startswith("population") for r in row.explained_by)


def test_different_basis_same_population(fx):
    (row,) = rows_for(compare(fx), "fixdrug gamma")
    assert row.classification == DIFFERENT_BASIS
    assert all(side.citations for side in row.sides)  # both sides cite their statements


def test_condition_filter_includes_narrower_conditions(fx):
    result = compare(fx, COND["fx-disease"], "condition")
    assert {t.label for t in result.therapies} == {"fixdrug alpha", "fixdrug beta", "fixdrug gamma"}
    result = compare(fx, THER["fx-drug-a"], "therapy")
    assert [t.label for t in result.therapies] == ["fixdrug alpha"]


def test_cli_compare_json_and_text(fx_path, monkeypatch):
    monkeypatch.setenv("KG_STORE", str(fx_path))
    result = CliRunner().invoke(main, ["compare", "fixdrug alpha", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    (therapy,) = doc["therapies"]
    assert therapy["rows"][0]["classification"] == "same"
    assert therapy["pairing"]["kind"] == SAME_DRUG
    sides = therapy["rows"][0]["sides"]
    assert [c["locator"] for s in sides for c in s["citations"]] == ["Part one › 1", "Only part › 1"]
    text = CliRunner().invoke(main, ["compare"])
    assert text.exit_code == 0 and "== fixdrug beta" in text.output and "Educational use only" in text.output


def test_cli_unknown_subject_is_a_one_line_error(fx_path, monkeypatch):
    monkeypatch.setenv("KG_STORE", str(fx_path))
    result = CliRunner().invoke(main, ["compare", "no such drug at all"])
    assert result.exit_code != 0
    assert "Traceback" not in result.output


# ---------------------------------------------------------------- the real articles


def test_weekly_methotrexate_stays_per_week_in_both_articles(store, store_path):
    rows = rows_for(compare(store, THER["methotrexate"], "therapy"), "methotrexate")
    (row,) = [r for r in rows if {s.stage for s in r.sides} == {"first line"}]
    assert row.classification == SAME
    assert {s.population for s in row.sides} == {"adults", "children"}
    for side in row.sides:
        assert side.dose.period == "week" and side.dose.daily_total is None
        assert side.dose.quantity == "15–20 mg per m² body surface area per week"
        assert side.maximum == "maximum 40 mg per week"
    text = run(store_path, "compare", "methotrexate")
    assert "per day" not in text and "2.14" not in text and "2.86" not in text


def test_rituximab_two_1000_mg_doses_are_never_a_daily_figure(store, store_path):
    rows = rows_for(compare(store, THER["rituximab"], "therapy"), "rituximab")
    (adult,) = [s for r in rows for s in r.sides if s.article == ADULT and s.dose]
    assert adult.dose.quantity == "1000 mg per dose"
    assert adult.dose.daily_total is None  # one dose every 2 weeks is not a daily dose
    assert adult.frequency == "every 2 weeks, 2 doses"
    text = run(store_path, "compare", "rituximab")
    assert "71.4" not in text and "per day" not in text


def test_ivig_keeps_per_kg_and_differs_in_basis(store, store_path):
    (row,) = rows_for(compare(store, THER["ivig"], "therapy"), "intravenous immunoglobulin")
    assert row.underlying == DIFFERENT_BASIS
    # juvenile 2 g/kg actual weight per course; adult 1-2 g/kg ideal body weight per course
    assert side_of(row, CHILD).dose.quantity == "2000 mg per kg body weight per course"
    assert side_of(row, ADULT).dose.quantity == "1000–2000 mg per kg ideal body weight per course"
    (dose_diff,) = [d for d in row.differences if d["field"] == "dose"]
    assert "per kg body weight per course" in dose_diff["note"]
    assert "per kg ideal body weight per course" in dose_diff["note"]
    text = run(store_path, "compare", "IVIG")
    assert "per course: 2000 mg vs" not in text  # never a bare mg figure without its /kg


def test_glucocorticoids_class_compares_its_drugs_across_articles(store, store_path):
    result = compare(store, *resolve_subject(store, "glucocorticoids"))
    labels = {t.label for t in result.therapies}
    # methylprednisolone is in both articles; prednisone (adult) and prednisolone (juvenile) are paired
    assert {"methylprednisolone", "prednisolone / prednisone"} <= labels
    (cls,) = result.classes
    assert cls.label == "glucocorticoids" and set(cls.by_article) == {ADULT, CHILD}
    text = run(store_path, "compare", "glucocorticoids")
    assert "no therapy" not in text and "paired because" in text


def test_prednisone_and_prednisolone_are_paired_with_the_graphs_reason(store):
    result = compare(store, THER["prednisone"], "therapy")
    (group,) = [t for t in result.therapies if t.label == "prednisolone / prednisone"]
    assert group.pairing.kind == RELATED_DRUGS and group.pairing.relation == "skos:related"
    assert group.pairing.justification and group.pairing.source  # both read from therapies.ttl
    (row,) = [r for r in group.rows if {s.stage for s in r.sides} == {"first line"}]
    # juvenile prednisolone 1-2 mg/kg/day vs adult prednisone 0.5-1 mg/kg/day: different, and for other patients
    assert (row.classification, row.underlying) == (EXPLAINED, DIFFERENT_DOSE)
    assert {s.therapy_label for s in row.sides} == {"prednisone", "prednisolone"}
    assert any(reason.startswith("related drugs (skos:related)") for reason in row.paired_because)
    assert "same stage: first line" in row.paired_because


def test_pairing_of_related_drugs_comes_from_the_graph_not_the_code(store):
    """Drop the curated skos:related triple: prednisone and prednisolone are then only of one class."""
    related = "http://www.w3.org/2004/02/skos/core#related"
    quads = [q for q in store.quads() if str(q[1]) != related]
    bare = OxigraphStore.in_memory(quads)
    view = NodeView(bare)
    why = pairing(view, THER["prednisone"], THER["prednisolone"])
    assert why.kind == SAME_CLASS and why.via == "glucocorticoids"
    assert "prednisolone / prednisone" not in {t.label for t in compare(bare).therapies}


def test_no_drug_is_named_in_the_comparison_code(store):
    source = open(compare_module.__file__, encoding="utf-8").read().casefold()
    labels = {str(r[0]).casefold() for r in store.select(
        "SELECT ?l WHERE { ?d a kgv:Drug ; skos:prefLabel|skos:altLabel ?l }").rows}
    assert [label for label in labels if re.search(rf"\b{re.escape(label)}\b", source)] == []


def test_methylprednisolone_daily_doses_compare_as_daily_totals_and_an_unscheduled_pulse_does_not(store):
    rows = rows_for(compare(store, THER["methylprednisolone"], "therapy"), "methylprednisolone")
    (row,) = [r for r in rows if len(r.sides) == 2]
    # juvenile 15-30 mg/kg/day for 3 days vs adult 10-20 mg/kg, one dose on each of 1-5 days: both daily
    assert (row.classification, row.underlying) == (EXPLAINED, DIFFERENT_DOSE)
    (dose_diff,) = [d for d in row.differences if d["field"] == "dose"]
    assert dose_diff["note"] == (
        "as daily totals: 15–30 mg per kg body weight per day vs 10–20 mg per kg body weight per day"
    )
    # adult pulse 30 mg/kg "with various administration schedules": no daily figure can be made of it
    view = NodeView(store)
    pulse = compare_module.normalise(view, URIRef(ADULT + "/dose-methylprednisolone-pulse"))
    child = compare_module.normalise(view, URIRef(CHILD + "/dose-methylprednisolone-pulse"))
    assert pulse.quantity == "30 mg per kg body weight per dose" and pulse.daily_total is None
    equal, note = dose_relation(child, pulse)
    assert equal is None and note.startswith("not compared: per day vs per dose")


def test_a_class_named_as_therapy_is_paired_with_a_drug_of_that_class(store):
    """Juvenile: rituximab or anti-TNF agents for refractory disease; adult: rituximab."""
    result = compare(store)
    (bio,) = [c for c in result.classes if c.drug_class == str(DCLS["biologic"])]
    pairs = {(p.stage, tuple(p.labels), p.because.kind) for p in bio.pairs}
    assert ("refractory", ("anti-TNF agents", "rituximab"), SAME_CLASS) in pairs


# ---------------------------------------------------------------- properties

PERIODS = [(str(KGV.PerDay), "day"), (str(KGV.PerWeek), "week"), (str(KGV.PerDose), "dose"),
           (str(KGV.PerCourse), "course"), (str(KGV.PeriodNotStated), "period not stated")]
BASES = [(str(KGV.BasisFlat), "flat"), (str(KGV.BasisBodyWeight), "per kg body weight"),
         (str(KGV.BasisIdealBodyWeight), "per kg ideal body weight"),
         (str(KGV.BasisBodySurfaceArea), "per m² body surface area"), (None, None)]
amounts = st.one_of(st.none(), st.floats(min_value=0.001, max_value=5000, allow_nan=False))


@st.composite
def recorded_doses(draw):
    per, period = draw(st.sampled_from(PERIODS))
    basis, basis_label = draw(st.sampled_from(BASES))
    low, high = draw(amounts), draw(amounts)
    if low is not None and high is not None and low > high:
        low, high = high, low
    return RecordedDose(
        display="as recorded", low=low, high=high, unit=draw(st.sampled_from(["mg", "g", "ug", "mcg", "[iU]", None])),
        per=per, period=period, basis=basis, basis_label=basis_label,
        times_per_day=draw(st.one_of(st.none(), st.integers(1, 4).map(float))),
        interval_days=draw(st.one_of(st.none(), st.sampled_from([1.0, 7.0, 14.0, 28.0]))),
    )


@given(recorded_doses())
def test_normalising_keeps_period_and_basis(d):
    n = normal_dose(d)
    assert n.period == d.period and n.basis == d.basis_label


@given(recorded_doses())
def test_no_per_course_week_or_unstated_amount_becomes_per_day(d):
    n = normal_dose(d)
    if d.per in (str(KGV.PerWeek), str(KGV.PerCourse), str(KGV.PeriodNotStated)):
        assert n.daily_total is None and "per day" not in " ".join(n.formula)
    if d.per == str(KGV.PerDose) and d.times_per_day is None and d.interval_days != 1.0:
        assert n.daily_total is None  # one dose every N days is not spread over the N days


@given(recorded_doses(), recorded_doses())
def test_dose_relation_is_symmetric_and_never_equates_different_bases(a, b):
    na, nb = normal_dose(a), normal_dose(b)
    (eq_ab, _), (eq_ba, _) = dose_relation(na, nb), dose_relation(nb, na)
    assert eq_ab == eq_ba
    if eq_ab is True and na.high is not None:
        assert na.basis == nb.basis and na.unit == nb.unit
        assert na.period == nb.period or (na.daily_total and nb.daily_total)


@pytest.fixture(scope="module")
def therapies(store):
    return sorted({r[0] for r in store.select("SELECT ?t WHERE { ?r kgv:therapy ?t }").rows}, key=str)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_pairing_is_symmetric_and_deterministic(store, therapies, data):
    a, b = data.draw(st.sampled_from(therapies)), data.draw(st.sampled_from(therapies))
    view = NodeView(store)
    assert pairing(view, a, b) == pairing(view, b, a) == pairing(NodeView(store), a, b)
    if a == b:
        assert pairing(view, a, b).kind == SAME_DRUG


def test_comparison_is_deterministic(store):
    first = to_json(compare(store))
    assert first == to_json(compare(store))


def test_explorer_compare_page_says_why_items_were_paired(store):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Starlette deprecates httpx in its test client; it still works
        from starlette.testclient import TestClient

    from kg.config import GRAPH_DIR
    from kg.explorer import ExplorerConfig, create_explorer

    client = TestClient(create_explorer(store, ExplorerConfig(queries_dir=GRAPH_DIR / "queries")))
    page = client.get("/compare", params={"subject": "glucocorticoids"})
    assert page.status_code == 200
    assert "related drugs (skos:related): prednisolone and prednisone" in page.text
    assert "same class: glucocorticoids" in page.text and ">prednisolone</a>" in page.text


def test_a_subject_only_one_article_addresses_says_which(store, store_path):
    """Only the juvenile article names anti-TNF agents (infliximab or adalimumab) for refractory disease."""
    result = compare(store, DCLS["anti-tnf"], "therapy")
    assert result.therapies == [] and result.addressed_by == [CHILD]
    text = run(store_path, "compare", "anti-TNF")
    assert "addressed by: art:juvenile-uctd-scleroderma-jdm-overlap" in text


def test_every_dose_in_the_graph_keeps_its_period_and_basis_when_normalised(store):
    view = NodeView(store)
    doses = [r[0] for r in store.select(
        "SELECT DISTINCT ?d WHERE { ?d a ?t . VALUES ?t { kgv:DoseSchedule kgv:DoseCeiling } }").rows]
    assert doses
    for dose in doses:
        n = compare_module.normalise(view, dose)
        per, basis = view.one(dose, KGV.per), view.one(dose, KGV.basis)
        assert n.period == (view.label(per) if per is not None else "period not stated")
        assert n.basis == (view.label(basis) if basis is not None else None)
        if per in (KGV.PerWeek, KGV.PerCourse, KGV.PeriodNotStated) or per is None:
            assert n.daily_total is None, dose
        if n.quantity and basis is not None and basis != KGV.BasisFlat:
            assert view.label(basis) in n.quantity, dose  # "/kg", "/m²" are never dropped
