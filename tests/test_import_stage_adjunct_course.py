"""A drug given beside the main treatment while that treatment runs is its adjunct (graph/vocab kgv:Adjunct: "added
to the main treatment, or for a particular feature"): a course called bridging or transitional (given until the main
drug works), and a drug the page gives only while or during another drug's course ("while the prednisolone dose is
high", "from the start of long-term glucocorticoid treatment"). A course whose own sentence ends "then reduce by 10 mg
every 3 days to stop" is one course coming down, not a taper stage of its own; "Maintenance 500 mg" in a regimen row
is the dose after the starting dose, not the maintenance stage. Every sentence is written for this test and each
expected stage was decided from its wording and the vocabulary's definitions before the importer ran on it."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_import_stage_reading import stages_of

MAIN = "First-line treatment\n\nOffer methotrexate 15 mg orally once a week. 1\n\n"


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(word=st.sampled_from(["Bridging", "Transitional", "Bridging (transitional)"]),
       noun=st.sampled_from(["glucocorticoids", "treatment", "course", "therapy"]),
       taper=st.sampled_from([", then taper and stop", ", then reduce by 2.5 mg every week to stop",
                              ", then tapered off", ""]))
def test_a_bridging_or_transitional_course_is_the_adjunct_and_its_own_taper_is_no_stage(lexicon, word, noun, taper):
    got = stages_of(lexicon, MAIN + f"{word} {noun}\n\nPrednisolone 10 mg orally once daily for 8 weeks{taper}. 1\n")
    assert got["methotrexate"] == {"FirstLine"}
    assert got["prednisolone"] == {"Adjunct"}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(when=st.sampled_from(["while the methotrexate dose is high", "during methotrexate treatment",
                             "from the start of methotrexate treatment", "throughout the methotrexate course",
                             "for as long as methotrexate is taken"]),
       heading=st.sampled_from(["Other drugs", "Protecting the stomach", "Additional measures"]))
def test_a_drug_given_only_while_another_drugs_course_runs_is_its_adjunct(lexicon, when, heading):
    got = stages_of(lexicon, MAIN + f"{heading}\n\nOmeprazole 20 mg orally once daily {when}. 1\n")
    assert got["methotrexate"] == {"FirstLine"}
    assert got["omeprazole"] == {"Adjunct"}


def test_a_drug_given_with_another_is_not_made_an_adjunct_by_the_with_alone(lexicon):
    # "isoniazid ... with pyridoxine": a combination given together; neither is said to run during the other's course
    got = stages_of(lexicon, "Treatment\n\nOffer isoniazid 300 mg orally once daily with pyridoxine. 1\n")
    assert got["isoniazid"] == {"FirstLine"}


def test_a_course_that_is_given_during_the_main_drug_but_names_its_own_stage_keeps_it(lexicon):
    got = stages_of(lexicon, MAIN + "If there is no response\n\nAdd ciclosporin 2.5 mg/kg orally twice daily during "
                                    "methotrexate treatment. 1\n")
    assert got["ciclosporin"] == {"Escalation"}


def test_maintenance_followed_by_its_amount_is_the_regimen_s_later_dose_not_the_maintenance_stage(lexicon):
    got = stages_of(lexicon, (
        "First-line treatment\n\nOffer lamotrigine. 1\n\n"
        "Dosing\n\nLamotrigine: starting 25 mg once daily for 14 days, maintenance 100-200 mg daily. 1\n"
    ))
    assert "TaperMaintenance" not in got["lamotrigine"]


def test_maintenance_as_a_stage_of_its_own_is_still_the_maintenance_stage(lexicon):
    got = stages_of(lexicon, (
        "First-line treatment\n\nOffer prednisolone 40 mg orally once daily. 1\n\n"
        "Maintenance\n\nAzathioprine 2 mg/kg orally once daily. 1\n"
    ))
    assert got["azathioprine"] == {"TaperMaintenance"}


def test_the_drug_a_bridging_course_runs_beside_keeps_its_own_stage(lexicon):
    # "while methotrexate is being titrated" names the main course, not a drug the bridging line gives
    got = stages_of(lexicon, MAIN + "Bridging course\n\nPrednisolone 10 mg orally once daily for 8 weeks. 1\n"
                                    "Use it only while methotrexate is being titrated. 1\n")
    assert got["methotrexate"] == {"FirstLine"}
    assert got["prednisolone"] == {"Adjunct"}


def test_a_title_listing_a_bridging_course_among_its_topics_does_not_make_every_drug_an_adjunct(lexicon):
    article = (
        "# Arthritis: first-line drugs, bridging steroids and biologics (invented test guidance)\n\n"
        "Last updated: May 5, 2021\n\n"
        "Start methotrexate as soon as the diagnosis is made [1].\n\n"
        "## Bridging steroids\n\nPrednisolone 10 mg orally once daily for 8 weeks [1].\n\n"
        "## References\n\n1. An invented guidance title for a bridging title test. Example Publisher; 2020.\n"
    )
    got = stages_of(lexicon, article, name="bridging-title.md")
    assert got["methotrexate"] == {"FirstLine"}
    assert got["prednisolone"] == {"Adjunct"}


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(named=st.sampled_from(["escalation", "second-line", "step-up"]),
       failed=st.sampled_from(["when first-line treatment has failed", "after failed first-line treatment"]))
def test_rescue_that_names_the_escalation_outright_is_the_escalation_and_bare_rescue_stays_refractory(lexicon, named,
                                                                                                      failed):
    got = stages_of(lexicon, MAIN + f"Rescue ({named} {failed})\n\nCiclosporin 2.5 mg/kg orally twice daily. 1\n")
    assert got["ciclosporin"] == {"Escalation"}
    bare = stages_of(lexicon, MAIN + f"Rescue ({failed})\n\nCiclosporin 2.5 mg/kg orally twice daily. 1\n")
    assert bare["ciclosporin"] == {"Refractory"}
