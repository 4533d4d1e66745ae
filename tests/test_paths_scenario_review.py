"""Defects found by a clinical-scenario review of `kg paths` and `kg compare` (one test each, at its mechanism).

Each expectation was written by reading the articles (/work/shared/seeds; quoted in comments) and
graph/articles before the tool was run; every test here failed before its fix.
"""

from __future__ import annotations

import jsonschema
import pytest

from kg.questions.compare import compare, resolve_subject
from kg.questions.paths import Patient, path_schema, treatment_path
from kg.read.names import NameIndex
from kg.render.compare import render_comparison
from kg.render.render_path import plain
from kg.render.result_json import document

OVERLAP = "scleroderma-myositis overlap"
VALIDATOR = jsonschema.Draft202012Validator(path_schema())
ADULT = "ssc-myositis-overlap-adult/"
CHILD = "juvenile-uctd-scleroderma-jdm-overlap/"
ADULT_WOMAN = {"age": 30, "sex": "female", "weight_kg": 70, "height_cm": 165}


@pytest.fixture(scope="module")
def run(store):
    names = NameIndex(store)

    def _run(condition=OVERLAP, text=None, **patient):
        path = treatment_path(store, names, condition, Patient(**patient))
        if text is not None:
            text.append(plain(path))
        doc = document(path)
        VALIDATOR.validate(doc)
        return doc

    return _run


def step(path: dict, rec: str) -> dict:
    return next(s for s in path["steps"] if s["id"].endswith(rec))


# ------------------------------------------------------------------ continuation reasons


def test_a_continuation_that_applies_says_what_it_continues_not_that_it_applies_to_every_patient(run):
    # The adult article lets a patient stay on MMF for as long as the disease stays controlled: the
    # maintenance step follows a mycophenolate step. At baseline it does not apply, so its reason can never be "applies to
    # every patient of this population"; with an inadequate response (MMF escalation applies) it must say
    # that it continues the escalation step.
    path = run(**ADULT_WOMAN, response="inadequate")
    mmf = step(path, ADULT + "rec-mycophenolate-maintenance")
    assert mmf["status"] == "applies"
    assert "every patient" not in mmf["reason"]
    assert "continues mycophenolate mofetil (escalation)" in mmf["reason"]
    # the prednisone taper continues prednisone, which applies to every adult
    taper = step(path, ADULT + "rec-prednisone-taper")
    assert "every patient" not in taper["reason"] and "continues prednisone (first line)" in taper["reason"]


def test_a_continuation_of_an_option_is_only_an_option_and_does_not_also_claim_to_apply_to_everyone(run):
    # pregnancy planning: azathioprine displaces methotrexate, so "continue methotrexate 12 months"
    # is only an option; the reason must not contradict itself.
    path = run(**ADULT_WOMAN, has=["pregnancy planning"])
    cont = step(path, ADULT + "rec-methotrexate-continue")
    assert cont["status"] == "option"
    assert "every patient" not in cont["reason"]
    assert "continues methotrexate (first line), which is only an option" in cont["reason"]


# ------------------------------------------------------------------ "stands in for it"


def test_an_avoided_step_never_names_an_avoided_alternative_as_standing_in_for_it(run):
    # --avoid steroids (the glucocorticoid class): prednisone is out, and so is its only alternative,
    # pulse IV methylprednisolone. The article offers nothing else in prednisone's place.
    path = run(**ADULT_WOMAN, avoid=["steroids"])
    pred = step(path, ADULT + "rec-prednisone")
    assert pred["status"] == "not-applicable"
    assert step(path, ADULT + "rec-methylprednisolone-pulse")["status"] == "not-applicable"
    assert "stands in for it: methylprednisolone" not in pred["reason"]
    assert "methylprednisolone (alternative) is ruled out too" in pred["reason"]


def test_a_combination_avoided_for_one_component_is_not_said_to_be_replaced_by_an_alternative_to_another(run):
    # Child, inadequate response, IVIG and MMF avoided: the MTX + ciclosporin + IVIG combination is out
    # because of IVIG. Mycophenolate stands in for methotrexate (not for IVIG), and is itself avoided.
    path = run(age=10, response="inadequate", avoid=["IVIG", "MMF"])
    combo = step(path, CHILD + "rec-combination")
    assert combo["status"] == "not-applicable"
    assert "stands in for it" not in combo["reason"]


def test_an_avoided_drug_lists_only_the_alternatives_that_stand_in_for_this_patient(run):
    # Child avoiding methotrexate: mycophenolate (escalation) stands in for it ("Effective for
    # MTX-refractory or MTX-intolerant patients") and applies, so it is named.
    path = run(age=12, weight_kg=40, height_cm=150, avoid=["methotrexate"])
    mtx = step(path, CHILD + "rec-methotrexate")
    assert "stands in for it: mycophenolate mofetil (escalation)" in mtx["reason"]


def test_a_step_ruled_out_by_population_names_no_alternative_of_the_other_population(run):
    # A 45-year-old avoiding methotrexate: the juvenile MTX step is out because it is for children; the
    # juvenile mycophenolate that stands in for MTX in children is no option for this adult.
    path = run(age=45, sex="female", weight_kg=70, height_cm=165, avoid=["methotrexate"])
    child_mtx = step(path, CHILD + "rec-methotrexate")
    assert child_mtx["reason"] == "for children; the patient is 45 years old"


# ------------------------------------------------------------------ curator flags on citations and statements


def test_a_citation_the_curator_flags_as_possibly_misnumbered_carries_that_flag(run):
    # Adult article: azathioprine cites "1, 4"; entry 4 is "Myopathy in scleroderma and in other connective
    # tissue diseases", and the curator flagged markers 4-6 as possibly shifted (graph: flag-markers-4-5-6).
    # A reader must see that doubt next to [4], not a plain resolved reference.
    text: list[str] = []
    path = run(**ADULT_WOMAN, avoid=["methotrexate"], text=text)
    cites = {c["marker"]: c for c in step(path, ADULT + "rec-azathioprine")["citations"]}
    assert [f["kind"] for f in cites["4"]["flags"]] == ["PossibleMisnumbering"]
    assert cites["1"]["flags"] == []
    block = text[0].split("azathioprine — use")[1].split("source:")[0]
    assert "[4] Myopathy in scleroderma" in block and "curator flag on [4] (info)" in block


def test_a_flag_about_a_statement_a_step_is_derived_from_is_shown_with_the_step(run):
    # Juvenile article: the marker "1" is printed only on the last of the three intensification options
    # (the combination); the curator recorded that it may be meant for the whole list (flag about
    # st-7-1.3). The adult taper's rationale ("aggressive tapering") is given without a citation.
    path = run(age=10, has=["severe disease"])
    combo = step(path, CHILD + "rec-combination")
    assert any(f["id"].endswith("flag-uncited-group-markers") for f in combo["flags"])
    adult = run(**ADULT_WOMAN)
    taper = step(adult, ADULT + "rec-prednisone-taper")
    assert any(f["id"].endswith("flag-uncited-rationale") for f in taper["flags"])


# ------------------------------------------------------------------ compare keeps the curator's doubts


def test_compare_shows_the_curators_flags_next_to_the_doses_it_pairs(store):
    # Juvenile IVIG "2g/kg IV over 2 days every 28 days" does not say actual or ideal body weight; the adult
    # article says ideal. The graph reads the juvenile basis as actual weight and flags that reading, so a
    # comparison that reports "different basis" must show the flag, or it smooths a silence into a
    # disagreement. Likewise mycophenolate 500-1000 mg/m2 has no period in either article.
    iri, kind = resolve_subject(store, OVERLAP)
    result = compare(store, iri, kind)
    doc = document(result)
    sides = {(t["label"], s["recommendation"].rsplit("/", 2)[-2][:5], s["stage"]): s
             for t in doc["therapies"] for r in t["rows"] for s in r["sides"]}
    ivig = sides[("intravenous immunoglobulin", "juven", "escalation")]
    assert [f["id"].rsplit("/", 1)[-1] for f in ivig["flags"]] == ["flag-ivig-basis"]
    assert sides[("intravenous immunoglobulin", "ssc-m", "escalation")]["flags"] == []
    # the adult escalation takes its doses from the alternative; the per-m2 one has no period
    mmf_adult = [s for t in doc["therapies"] for r in t["rows"] for s in r["sides"]
                 if s["recommendation"].endswith("adult/rec-mycophenolate-escalation")
                 and s["dose"] and "m²" in s["dose"]["display"]]
    assert mmf_adult and all(any(f["id"].endswith("flag-periods") for f in s["flags"]) for s in mmf_adult)
    text = render_comparison(result)
    assert "curator flag (info): 2 g/kg is read as per kg of actual body weight" in text


# ------------------------------------------------------------------ an --avoid of a related drug


def test_avoiding_a_drug_the_article_does_not_name_points_to_the_related_drug_it_does_name(run):
    # The adult article names prednisone; the graph relates prednisolone to it (a prodrug turned into
    # prednisolone, compared mg for mg). --avoid prednisolone must not silently leave prednisone in the
    # path as if unrelated, nor exclude it on the tool's own authority: it applies, and the output says so.
    path = run(age=40, avoid=["prednisolone"])
    assert step(path, ADULT + "rec-prednisone")["status"] == "applies"
    [note] = [u["text"] for u in path["unmatched"] if u["kind"] == "avoid"]
    assert "it names prednisone, which the graph relates to prednisolone" in note
    assert "--avoid does not rule it out" in note
    # a drug with no related drug keeps the plain sentence
    other = run(age=40, avoid=["infliximab"])
    [plain_note] = [u["text"] for u in other["unmatched"] if u["kind"] == "avoid"]
    assert plain_note.endswith("names no therapy that --avoid infliximab rules out.")


def test_a_continuation_with_one_member_of_its_class_avoided_still_names_what_it_continues(run):
    # Found by the hypothesis property (tests/test_paths_monotone_properties.py): the juvenile
    # glucocorticoid taper continues the pulse and prednisolone; with prednisolone avoided it follows the
    # pulse alone, and its reason said "applies to every patient ...; avoided members left out".
    path = run(age=10, avoid=["prednisolone"])
    taper = step(path, CHILD + "rec-glucocorticoid-taper")
    assert taper["status"] == "applies"
    assert taper["reason"] == ("continues methylprednisolone (first line), which applies to this patient; "
                               "avoided members left out: prednisolone")


# ------------------------------------------------------------------ a stage the patient needs, emptied by --avoid


def test_when_every_step_a_feature_selects_in_a_stage_is_avoided_the_path_says_none_is_left(run):
    # Juvenile article, "For Severe/Refractory Disease": rituximab, anti-TNF agents or the MTX + ciclosporin
    # + IVIG combination, and biological agents for resistant overlaps. A refractory child who can take
    # neither biologics nor methotrexate has none of them left; each step says why, and the path must say
    # that the stage is empty rather than leave the reader to add it up.
    path = run(age=12, has=["refractory disease"], avoid=["biologics", "methotrexate"])
    [w] = [w for w in path["warnings"] if "refractory" in w and "is left" in w]
    assert w.startswith('No refractory step of "Treatment of overlap UCTD with scleroderma and JDM" is left')
    for name in ("rituximab", "anti-TNF agents", "biological agents",
                 "high-dose methotrexate with ciclosporin A and IVIG"):
        assert name in w
    # one refractory option left (cyclophosphamide for an adult avoiding rituximab): no such warning
    adult = run(age=50, has=["refractory disease"], avoid=["rituximab"])
    assert not any("is left" in w and "refractory" in w for w in adult["warnings"])
    # nothing selected the stage (no refractory disease): no warning either
    calm = run(age=12, avoid=["biologics", "methotrexate"])
    assert not any("is left" in w and "refractory" in w for w in calm["warnings"])
