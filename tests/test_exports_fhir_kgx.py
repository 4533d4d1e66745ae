"""FHIR R4 (CPG-on-FHIR) and KGX/Biolink exports: valid for their ecosystems' own tools, faithful to the
articles, coded only where the graph holds a mapping, and byte-identical across runs.

Expected doses are read from the adult article (shared/seeds/000_…): prednisone 0.5–1 mg/kg/day as a single
daily dose for 2–4 weeks; methotrexate 15–20 mg/m²/week, at most 40 mg/week; IV methylprednisolone
10–20 mg/kg for 1–5 consecutive days; azathioprine 2 mg/kg ideal body weight with no period given;
mycophenolate mofetil 500 mg twice daily initially.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from kg import EDUCATIONAL_NOTICE
from kg.config import GRAPH_DIR
from kg.render.export import export
from kg.render.exports.facts import GraphFacts
from kg.render.exports.fhir import FhirBuilder, FhirInvalid, validate
from kg.render.exports.kgx import to_kgx
from kg.vocab.namespaces import ATC, HP, KGV, MONDO, PREFIXES, RXNORM
from kg_cli.main import main

TESTS = Path(__file__).parent
ADULT = PREFIXES["art"] + "ssc-myositis-overlap-adult"


@pytest.fixture(scope="module")
def bundle(store) -> dict:
    return json.loads(export(store, "fhir"))


def resources(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def activity_for(bundle: dict, rec_local: str) -> dict:
    url = f"{ADULT}/{rec_local}#activity"
    found = [r for r in resources(bundle, "ActivityDefinition") if r["url"] == url]
    assert found, f"no ActivityDefinition {url}"
    return found[0]


# ------------------------------------------------------------------ FHIR: validity and structure


def test_fhir_bundle_validates_with_fhir_resources_r4b_models(bundle):
    from fhir.resources.R4B.bundle import Bundle

    parsed = Bundle.model_validate(bundle)
    assert parsed.type == "collection" and len(parsed.entry) == len(bundle["entry"])


def test_fhir_validation_refuses_a_structurally_wrong_bundle(bundle):
    broken = copy.deepcopy(bundle)
    activity = resources(broken, "ActivityDefinition")[0]
    activity["dosage"][0]["sequence"] = "first"  # an integer element given text
    with pytest.raises(FhirInvalid, match="does not validate"):
        validate(broken)


def test_fhir_has_one_guideline_plan_per_article_with_stages_in_graph_order(bundle):
    plans = {p["url"]: p for p in resources(bundle, "PlanDefinition")}
    article = plans[ADULT]
    assert article["type"]["coding"][0]["code"] == "clinical-protocol"
    titles = [a["title"] for a in article["action"] if a["id"].startswith("stage-")]
    # The vocabulary orders stages first line (1) < adjunct (2) < alternative (3) < escalation (4) < ...
    order = ["first line", "adjunct", "alternative", "escalation", "refractory", "taper / maintenance"]
    assert titles == sorted(titles, key=order.index)
    assert titles[0] == "first line"
    # every recommendation action points at a recommendation PlanDefinition that is in the Bundle
    for stage in article["action"]:
        for action in stage.get("action", []):
            if "definitionCanonical" in action:
                assert plans[action["definitionCanonical"]]["type"]["coding"][0]["code"] == "eca-rule"


def test_fhir_every_recommendation_points_to_its_medication_request_proposal(bundle):
    activities = {a["url"]: a for a in resources(bundle, "ActivityDefinition")}
    recs = [p for p in resources(bundle, "PlanDefinition") if p["type"]["coding"][0]["code"] == "eca-rule"]
    assert recs
    for rec in recs:
        target = activities[rec["action"][0]["definitionCanonical"]]
        if target["kind"] == "MedicationRequest":
            assert target["intent"] == "proposal" and target["doNotPerform"] is False


def test_fhir_every_resource_carries_the_educational_notice(bundle):
    for entry in bundle["entry"]:
        assert entry["resource"]["usage"] == EDUCATIONAL_NOTICE


# ------------------------------------------------------------------ FHIR: doses as the article states them


def ucum(q: dict) -> tuple:
    assert q["system"] == "http://unitsofmeasure.org"
    return q["value"], q["code"]


def test_fhir_methotrexate_is_a_weekly_rate_per_m2_with_its_weekly_maximum(bundle):
    dosage = activity_for(bundle, "rec-methotrexate")["dosage"][0]
    rate = dosage["doseAndRate"][0]["rateRange"]
    assert ucum(rate["low"]) == (15, "mg/m2/wk") and ucum(rate["high"]) == (20, "mg/m2/wk")
    maximum = dosage["maxDosePerPeriod"]
    assert ucum(maximum["numerator"]) == (40, "mg") and ucum(maximum["denominator"]) == (1, "wk")
    assert "doseQuantity" not in dosage["doseAndRate"][0], "a weekly total is not a per-administration dose"


def test_fhir_prednisone_daily_rate_once_a_day_for_two_to_four_weeks(bundle):
    activity = [a for a in resources(bundle, "ActivityDefinition")
                if a["url"].startswith(ADULT) and a["title"] == "prednisone" and a["dosage"][0].get("doseAndRate")]
    dosage = activity[0]["dosage"][0]
    rate = dosage["doseAndRate"][0]["rateRange"]
    assert ucum(rate["low"]) == (0.5, "mg/kg/d") and ucum(rate["high"]) == (1, "mg/kg/d")
    repeat = dosage["timing"]["repeat"]
    assert (repeat["frequency"], repeat["period"], repeat["periodUnit"]) == (1, 1, "d")
    assert ucum(repeat["boundsRange"]["low"]) == (2, "wk") and ucum(repeat["boundsRange"]["high"]) == (4, "wk")
    assert dosage["route"]["text"] == "oral"
    assert "no maximum stated" in dosage["text"] and "maxDosePerPeriod" not in dosage


def test_fhir_iv_methylprednisolone_is_per_dose_on_one_to_five_days(bundle):
    doses = [d for a in resources(bundle, "ActivityDefinition") if a["url"].startswith(ADULT)
             for d in a.get("dosage", []) if "doseAndRate" in d and "doseRange" in d["doseAndRate"][0]]
    severe = [d for d in doses if ucum(d["doseAndRate"][0]["doseRange"]["low"]) == (10, "mg/kg")]
    assert severe, "the 10–20 mg/kg IV methylprednisolone dose is missing"
    d = severe[0]
    assert ucum(d["doseAndRate"][0]["doseRange"]["high"]) == (20, "mg/kg")
    assert (d["timing"]["repeat"]["count"], d["timing"]["repeat"]["countMax"]) == (1, 5)
    assert d["route"]["text"] == "intravenous"


def test_fhir_dose_with_no_stated_period_stays_text_only(bundle):
    dosage = activity_for(bundle, "rec-azathioprine")["dosage"][0]
    assert "doseAndRate" not in dosage, "the article gives no period: a structured dose would invent one"
    assert "period not stated" in dosage["text"] and "ideal body weight" in dosage["text"]


def test_fhir_mycophenolate_initial_500_mg_twice_a_day(bundle):
    doses = activity_for(bundle, "rec-mycophenolate-alternative")["dosage"]
    initial = [d for d in doses if d.get("timing", {}).get("repeat", {}).get("frequency") == 2]
    assert initial and ucum(initial[0]["doseAndRate"][0]["doseQuantity"]) == (500, "mg")


def test_fhir_recommendation_without_a_dose_says_so(bundle):
    rituximab = [a for a in resources(bundle, "ActivityDefinition") if a["title"] == "rituximab"
                 and a["url"].startswith(PREFIXES["art"] + "juvenile")]
    assert rituximab and rituximab[0]["dosage"] == [
        {"sequence": 1, "text": "the article gives no dose for this recommendation"}]


# ------------------------------------------------------------------ FHIR: codes only from the graph


def curated_mappings() -> dict[str, set[str]]:
    """skos:exactMatch codes as the curators wrote them in graph/entities, read straight from the Turtle."""
    g = Graph()
    for path in sorted((GRAPH_DIR / "entities").glob("*.ttl")):
        g.parse(path)
    out: dict[str, set[str]] = {}
    for s, o in g.subject_objects(SKOS.exactMatch):
        out.setdefault(str(s), set()).add(str(o))
    return out


SYSTEM_NAMESPACE = {"http://www.whocc.no/atc": (str(ATC), ""), "http://www.nlm.nih.gov/research/umls/rxnorm": (str(RXNORM), ""),
                    "http://purl.obolibrary.org/obo/mondo.owl": (str(MONDO), "MONDO:"),
                    "http://human-phenotype-ontology.org": (str(HP), "HP:")}


def codings(node) -> list[dict]:
    if isinstance(node, dict):
        found = [node] if {"system", "code"} <= node.keys() and node.get("system") in SYSTEM_NAMESPACE else []
        return found + [c for v in node.values() for c in codings(v)]
    if isinstance(node, list):
        return [c for v in node for c in codings(v)]
    return []


def test_fhir_every_drug_or_condition_code_is_a_mapping_the_graph_holds(bundle):
    held = {iri for iris in curated_mappings().values() for iri in iris}
    found = codings(bundle)
    assert found, "the graph maps drugs to ATC and RxNorm; some codes must appear"
    for c in found:
        namespace, prefix = SYSTEM_NAMESPACE[c["system"]]
        assert namespace + c["code"].removeprefix(prefix) in held, f"invented code {c}"


def test_fhir_product_codes_are_exactly_the_drugs_mappings(bundle, store):
    facts = GraphFacts.read(store)
    mappings = curated_mappings()
    for activity in resources(bundle, "ActivityDefinition"):
        if "productCodeableConcept" not in activity:
            continue
        rec = activity["url"].removesuffix("#activity")
        therapy = str(facts.one(URIRef(rec), KGV.therapy))
        expected = {iri for iri in mappings.get(therapy, set())
                    if iri.startswith((str(ATC), str(RXNORM)))}
        got = {SYSTEM_NAMESPACE[c["system"]][0] + c["code"] for c in activity["productCodeableConcept"].get("coding", [])}
        assert got == expected, activity["title"]


def test_fhir_citations_are_the_works_the_source_statements_cite(bundle):
    # The adult article's methotrexate bullet carries markers "2, 1": reference-list entries 2 and 1.
    plan = [p for p in resources(bundle, "PlanDefinition") if p["url"] == f"{ADULT}/rec-methotrexate"][0]
    cited = {a["url"] for a in plan["relatedArtifact"] if a["type"] == "citation"}
    assert cited, "methotrexate's statements cite works"
    assert all(url.startswith(PREFIXES["ref"]) for url in cited)
    located = [a["display"] for a in plan["relatedArtifact"] if a["type"] == "documentation"]
    assert located and all(d.startswith("source statement: Initial Treatment for Scleroderma-Myositis Overlap › ")
                           for d in located)


# ------------------------------------------------------------------ KGX


@pytest.fixture(scope="module")
def kgx_files(store, tmp_path_factory) -> tuple[Path, Path]:
    files = to_kgx(store)
    folder = tmp_path_factory.mktemp("kgx")
    nodes, edges = folder / "g_nodes.tsv", folder / "g_edges.tsv"
    nodes.write_text(files.nodes, encoding="utf-8")
    edges.write_text(files.edges, encoding="utf-8")
    return nodes, edges


def read_tsv(path: Path) -> list[dict[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


def test_kgx_validator_reports_nothing_but_the_projects_own_id_prefixes(kgx_files):
    sys.path.insert(0, str(TESTS))
    from kgx_offline import validate_kgx

    errors = validate_kgx(*kgx_files)
    for level, kinds in errors.items():
        for kind, messages in kinds.items():
            for message in messages:
                assert "not represented in Biolink Model JSON-LD context" in message and any(
                    f"prefix '{p}'" in message for p in PREFIXES), (level, kind, message)


def test_kgx_recommendations_are_treats_edges_with_population_stage_and_publications(kgx_files):
    nodes = {n["id"]: n for n in read_tsv(kgx_files[0])}
    edges = read_tsv(kgx_files[1])
    mtx = [e for e in edges if e["id"] == "art:ssc-myositis-overlap-adult/rec-methotrexate"][0]
    assert (mtx["subject"], mtx["predicate"], mtx["object"]) == (
        "th:methotrexate", "biolink:treats", "cond:scleroderma-myositis-overlap")
    assert mtx["population_context_qualifier"] == "pop:adult" and mtx["treatment_stage"] == "first line"
    assert mtx["publications"] and all(p.startswith("ref:") and p in nodes for p in mtx["publications"].split("|"))
    assert nodes["th:methotrexate"]["category"] == "biolink:Drug"
    assert set(nodes["th:methotrexate"]["xref"].split("|")) == {"ATC:L04AX03", "ATC:L01BA01", "RXNORM:6851"}
    for e in edges:
        assert e["subject"] in nodes and e["object"] in nodes


def test_kgx_caution_of_high_dose_glucocorticoids_is_an_adverse_event_edge(kgx_files):
    edges = read_tsv(kgx_files[1])
    renal = [e for e in edges if e["predicate"] == "biolink:has_adverse_event"
             and e["object"] == "cond:scleroderma-renal-crisis"]
    assert renal and all(e["subject"] == "cls:glucocorticoid" for e in renal)


def test_kgx_cli_needs_a_prefix_and_writes_two_files(cli_env, tmp_path):
    runner = CliRunner()
    refused = runner.invoke(main, ["export", "--format", "kgx"])
    assert refused.exit_code == 2 and "-o" in refused.output
    ok = runner.invoke(main, ["export", "--format", "kgx", "-o", str(tmp_path / "g")])
    assert ok.exit_code == 0, ok.output
    assert (tmp_path / "g_nodes.tsv").read_text().startswith("id\tcategory\t")
    assert (tmp_path / "g_edges.tsv").read_text().startswith("id\tsubject\tpredicate\tobject\t")


# ------------------------------------------------------------------ RDF/XML and aliases


def test_rdfxml_parses_back_to_the_same_triples(store):
    g = Graph().parse(data=export(store, "rdfxml"), format="xml")
    assert len(g) == len({(s, p, o) for s, p, o, _ in store.quads()})


@pytest.mark.parametrize("alias, name", [("turtle", "ttl"), ("json-ld", "jsonld"), ("nquads", "nq"),
                                         ("xml", "rdfxml"), ("TURTLE", "ttl")])
def test_format_aliases_give_the_same_bytes(store, alias, name):
    assert export(store, alias) == export(store, name)


def test_rdfxml_refuses_a_literal_xml_cannot_hold():
    from rdflib import Literal, URIRef

    from kg.errors import InputError
    from kg.store.oxigraph import OxigraphStore

    bad = OxigraphStore.in_memory([(URIRef("urn:a"), URIRef("urn:p/q"), Literal("bell\x07"), URIRef("urn:g"))])
    with pytest.raises(InputError, match="U\\+0007"):
        export(bad, "rdfxml")


def test_unknown_export_format_is_refused_with_the_choices(store):
    from kg.errors import InputError

    with pytest.raises(InputError, match="unknown export format"):
        export(store, "owl")


# ------------------------------------------------------------------ determinism


def test_fhir_kgx_and_rdfxml_are_byte_identical_across_processes_with_different_hash_seeds(store_path):
    code = ("import hashlib,sys; from kg.store.oxigraph import OxigraphStore; from kg.render.export import export; "
            "from kg.render.exports.kgx import to_kgx; s=OxigraphStore.open_read_only(sys.argv[1]); k=to_kgx(s); "
            "print(hashlib.sha256((export(s,'fhir')+export(s,'rdfxml')+k.nodes+k.edges).encode()).hexdigest())")
    digests = set()
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        out = subprocess.run([sys.executable, "-c", code, str(store_path)], env=env, capture_output=True,
                             text=True, check=True)
        digests.add(out.stdout.strip())
    assert len(digests) == 1


def test_fhir_builder_orders_actions_stably(store):
    facts = GraphFacts.read(store)
    assert FhirBuilder(facts).bundle() == FhirBuilder(GraphFacts.read(store)).bundle()
