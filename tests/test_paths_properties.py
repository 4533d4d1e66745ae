"""Property tests over the patient space (hypothesis): invariants every treatment path keeps.

- no step is both excluded and preferred (preferred implies it applies);
- every computed dose whose schedule states a maximum of the same period and unit is at or below it;
- every list holds only its kind: monitoring lists kgv:MonitoringItem nodes, caution lists kgv:Caution
  nodes, test lists kgv:DiagnosticTest nodes (checked against the store's rdf:type, not the output's own label);
- the output is deterministic: the same question gives byte-identical JSON;
- every step's citations resolve to a reference or say why not;
- only steps that apply are numbered, 1..n within each population; the JSON keeps to its schema.
"""

from __future__ import annotations

import json

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.questions.paths import Patient, path_schema, treatment_path
from kg.read.names import NameIndex
from kg.render.result_json import document

VALIDATOR = jsonschema.Draft202012Validator(path_schema())
KGV = "https://w3id.org/guideline-kg/vocab#"
CONDITIONS = ["scleroderma-myositis overlap", "juvenile overlap syndrome"]


@pytest.fixture(scope="module")
def world(store):
    """Names the patient space draws from, read from the graph: every concept a step, a dose
    adjustment or a test is qualified by, every therapy named, and the typed nodes of each kind."""
    def labels(query: str) -> list[str]:
        return sorted({str(r[0]) for r in store.select(query).rows})

    features = labels("""SELECT DISTINCT ?label WHERE {
        ?x kgv:appliesWhenAll|kgv:appliesWhenAny|kgv:preferredWhenAny ?q . ?q skos:prefLabel ?label }""")
    therapies = labels("""SELECT DISTINCT ?label WHERE {
        ?r a kgv:Recommendation ; kgv:therapy ?t . { ?t skos:prefLabel ?label }
        UNION { ?t kgv:combines/skos:prefLabel ?label } UNION { ?m kgv:drugClass ?t ; skos:prefLabel ?label } }""")
    kinds = {kind: {str(r[0]) for r in store.select(f"SELECT ?x WHERE {{ ?x a kgv:{kind} }}").rows}
             for kind in ("MonitoringItem", "Caution", "DiagnosticTest", "Recommendation")}
    return {"features": features + ["dysphagia"], "therapies": therapies, "kinds": kinds,
            "names": NameIndex(store), "store": store}


def patients(world_features: list[str], world_therapies: list[str]):
    age = st.one_of(st.none(), st.sampled_from([0, 2, 10, 17, 17.9, 18, 18.5, 45, 90, 120]),
                    st.floats(min_value=0, max_value=120, allow_nan=False))
    return st.builds(
        Patient,
        age=age,
        sex=st.one_of(st.none(), st.sampled_from(["female", "male"])),
        weight_kg=st.one_of(st.none(), st.floats(min_value=2, max_value=350, allow_nan=False)),
        height_cm=st.one_of(st.none(), st.floats(min_value=40, max_value=250, allow_nan=False)),
        has=st.lists(st.sampled_from(world_features), max_size=4, unique=True),
        avoid=st.lists(st.sampled_from(world_therapies), max_size=3, unique=True),
        response=st.sampled_from([None, "inadequate"]),
    )


# The strategy needs names read from the store, so it is drawn inside the test with st.data().
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_path_keeps_its_invariants(world, data):
    patient = data.draw(patients(world["features"], world["therapies"]), label="patient")
    condition = data.draw(st.sampled_from(CONDITIONS), label="condition")
    path = document(treatment_path(world["store"], world["names"], condition, patient))
    VALIDATOR.validate(path)

    again = document(treatment_path(world["store"], world["names"], condition, patient))
    assert json.dumps(path, sort_keys=False) == json.dumps(again, sort_keys=False)

    for s in path["steps"]:
        assert not (s["preferred"] and not s["applies"]), s["id"]
        assert not (s["preferred"] and s["status"] == "not-applicable"), s["id"]
        assert (s["number"] is not None) == (s["status"] == "applies" and s["population_match"] is not False)
        for dose in s["doses"]:
            c, mx = dose["computed"], dose["max_dose"]
            if c is None:
                continue
            if c["min"] is not None:
                assert c["min"] <= c["max"]
            if mx and mx["per"] == c["per"] and mx["unit"] == c["unit"]:
                assert c["max"] <= mx["amount"] and not c["uncapped"], (s["id"], c)
            if c["uncapped"]:
                assert c["warnings"], s["id"]
            if c["per"] == "period not stated":
                assert "period not stated" in c["gaps"]
        for cit in s["citations"]:
            if cit["resolved"]:
                assert cit["reference"]["iri"] and cit["reference"]["title"]
            else:
                assert cit["reference"] is None and "does not resolve: " in cit["text"]
                assert cit["text"].split("does not resolve: ", 1)[1].strip()

    monitoring = path["monitoring"] + [m for s in path["steps"] for m in s["monitoring"]]
    cautions = path["cautions"] + [c for s in path["steps"] for c in s["cautions"]]
    assert all(m["id"] in world["kinds"]["MonitoringItem"] for m in monitoring)
    assert all(c["id"] in world["kinds"]["Caution"] for c in cautions)
    assert all(t["id"] in world["kinds"]["DiagnosticTest"] for t in path["diagnostic_tests"])
    assert all(s["id"] in world["kinds"]["Recommendation"] for s in path["steps"])

    for pop in path["populations"]:
        numbers = [s["number"] for s in path["steps"] if s["id"] in pop["steps"] and s["number"] is not None]
        assert numbers == list(range(1, len(numbers) + 1))
    assert path["notice"].startswith("Educational use only")
