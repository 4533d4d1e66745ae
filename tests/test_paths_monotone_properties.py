"""Property tests (hypothesis) over the scenario space: what adding to a patient may and may not change.

Invariants read from the walk's rules (docs/path-semantics.md), not from the program's output:

- a step ruled out by an --avoid stays ruled out whatever features, response or measurements are added,
  and whatever else is avoided: nothing re-admits an avoided therapy;
- a step ruled out by population stays out when features or avoids are added (only age chooses it);
- avoiding more never makes a step apply that did not (rules 2-3 only remove; an alternative that
  stands in for an avoided therapy is the one exception, and it must name that therapy as avoided);
- an avoided step's reason never offers, as standing in for it, a step that is itself not applicable;
- a continuation's reason never claims to apply to every patient;
- every step has a source (its article and at least one statement) and every unmatched input's text is
  among the warnings.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.questions.paths import Patient, treatment_path
from kg.read.names import NameIndex
from kg.render.result_json import document

CONDITIONS = ["scleroderma-myositis overlap", "juvenile overlap syndrome"]


@pytest.fixture(scope="module")
def world(store):
    def labels(query: str) -> list[str]:
        return sorted({str(r[0]) for r in store.select(query).rows})

    features = labels("""SELECT DISTINCT ?label WHERE {
        ?x kgv:appliesWhenAll|kgv:appliesWhenAny|kgv:preferredWhenAny ?q . ?q skos:prefLabel ?label }""")
    therapies = labels("""SELECT DISTINCT ?label WHERE {
        ?r a kgv:Recommendation ; kgv:therapy ?t . { ?t skos:prefLabel ?label }
        UNION { ?t kgv:combines/skos:prefLabel ?label } UNION { ?m kgv:drugClass ?t ; skos:prefLabel ?label } }""")
    return {"features": features + ["dysphagia", "diabetes"], "therapies": therapies,
            "names": NameIndex(store), "store": store}


def _path(world, condition: str, p: Patient) -> dict:
    return document(treatment_path(world["store"], world["names"], condition, p))


def _by_id(path: dict) -> dict[str, dict]:
    return {s["id"]: s for s in path["steps"]}


def _grow(base: Patient, has: list[str], avoid: list[str], response: str | None) -> Patient:
    return Patient(age=base.age, sex=base.sex, weight_kg=base.weight_kg, height_cm=base.height_cm,
                   has=sorted(set(base.has) | set(has)), avoid=sorted(set(base.avoid) | set(avoid)),
                   response=base.response or response)


def _base(world):
    return st.builds(
        Patient,
        age=st.one_of(st.none(), st.sampled_from([0.5, 10, 17, 18, 45, 90])),
        sex=st.one_of(st.none(), st.sampled_from(["female", "male"])),
        weight_kg=st.one_of(st.none(), st.sampled_from([7, 30, 70, 200])),
        height_cm=st.one_of(st.none(), st.sampled_from([65, 150, 165, 190])),
        has=st.lists(st.sampled_from(world["features"]), max_size=3, unique=True),
        avoid=st.lists(st.sampled_from(world["therapies"]), max_size=2, unique=True),
        response=st.sampled_from([None, "inadequate"]),
    )


def _check_one(path: dict) -> None:
    steps = _by_id(path)
    for s in steps.values():
        assert s["source"]["article"] and s["source"]["statements"], f"{s['id']} has no source"
        if s["continues"]:
            assert "every patient" not in s["reason"], (s["id"], s["reason"])
        if "stands in for it: " in s["reason"]:
            named = s["reason"].split("stands in for it: ", 1)[1].split(";")[0]
            usable = {f"{o['therapy']['label']} ({o['stage']['label']})" for o in steps.values()
                      if o["source"]["article"] == s["source"]["article"] and o["status"] != "not-applicable"}
            for alternative in named.split(", "):
                assert alternative in usable, (s["id"], s["reason"])
    for u in path["unmatched"]:
        assert u["text"] in path["warnings"]


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_adding_features_or_avoids_never_readmits_a_step_ruled_out_by_avoid_or_population(world, data):
    condition = data.draw(st.sampled_from(CONDITIONS), label="condition")
    base = data.draw(_base(world), label="base")
    more_has = data.draw(st.lists(st.sampled_from(world["features"]), max_size=3, unique=True), label="more has")
    more_avoid = data.draw(st.lists(st.sampled_from(world["therapies"]), max_size=2, unique=True),
                           label="more avoid")
    response = data.draw(st.sampled_from([None, "inadequate"]), label="response")
    before = _path(world, condition, base)
    after = _path(world, condition, _grow(base, more_has, more_avoid, response))
    _check_one(before)
    _check_one(after)
    b, a = _by_id(before), _by_id(after)
    assert set(b) == set(a), "the steps reached depend on the condition, never on the patient"
    for rec, s in b.items():
        out_by_avoid = s["status"] == "not-applicable" and s["reason"].startswith("avoided:")
        out_by_population = s["population_match"] is False
        if out_by_avoid or out_by_population:
            assert a[rec]["status"] == "not-applicable", (rec, s["reason"], a[rec]["reason"])


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_avoiding_more_makes_no_step_apply_except_an_alternative_to_what_is_now_avoided(world, data):
    condition = data.draw(st.sampled_from(CONDITIONS), label="condition")
    base = data.draw(_base(world), label="base")
    more_avoid = data.draw(st.lists(st.sampled_from(world["therapies"]), min_size=1, max_size=2, unique=True),
                           label="more avoid")
    before = _by_id(_path(world, condition, base))
    after_path = _path(world, condition, _grow(base, [], more_avoid, None))
    _check_one(after_path)
    for rec, s in _by_id(after_path).items():
        if s["status"] == "applies" and before[rec]["status"] != "applies":
            # only an alternative standing in for an avoided therapy (or a continuation of one) may open
            opened_by = s["reason"]
            assert ("which is avoided" in opened_by or opened_by.startswith("continues")), (rec, opened_by)
