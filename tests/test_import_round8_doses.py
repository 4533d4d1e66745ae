"""Mechanisms behind the first-sight dose misses of the eighth held-out set (a blind tester's pertussis, sinusitis and
nausea-in-pregnancy pages), each tested on wording of its own: 'divided into N doses' is a daily frequency, not a
course of N doses; two amounts joined by 'with' or 'of X and' are the components of one administration and share the
schedule said after the last; an amount followed by 'of <drug>' is that drug's. Each expectation is what the phrase
tells a prescriber, written before the importer was run on it."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.dose_grammar import parse_statement
from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from tests.draft_reading import section_article

ARTICLE = section_article("eighth-round", "Round Eight", "round eight")



def doses_of(lexicon, body: str, heading: str = "Treatment"):
    article, _ = read_any(ARTICLE.format(heading=heading, body=body).encode(), "round8.txt")
    draft = build_draft(article, lexicon, "round8.txt")
    return {(dd.therapy or "none").rsplit("/", 1)[-1]: dd.dose for dd in draft.doses}, draft


# ---------------------------------------------------------------------------------------------- divided doses


@pytest.mark.parametrize(
    "sentence",
    [
        "Give 30-40 mg/kg/day orally divided into 3 doses.",
        "Give 30-40 mg/kg/day orally, divided in three doses, for 10 days.",
    ],
)
def test_divided_into_n_doses_is_n_a_day_not_a_course_of_n_doses(sentence):
    (d,) = parse_statement(sentence)
    assert d.times_per_day == 3 and d.doses is None


@settings(max_examples=60, deadline=None)
@given(n=st.integers(2, 6), amount=st.integers(1, 90))
def test_property_a_divided_daily_amount_never_counts_its_divisions_as_a_course(n, amount):
    (d,) = parse_statement(f"Give {amount} mg/kg/day by mouth divided into {n} doses")
    assert (d.per, d.times_per_day, d.doses) == ("day", n, None)


# ---------------------------------------------------------------------------------------------- components


def test_a_component_given_with_another_shares_the_route_frequency_and_course_said_after_both(lexicon):
    doses, draft = doses_of(
        lexicon, "Give trimethoprim 160 mg with sulfamethoxazole 800 mg orally twice daily for 14 days. 1")
    for drug in ("trimethoprim", "sulfamethoxazole"):
        d = doses[drug]
        assert (d.amount_min, d.per, d.route, d.times_per_day, d.duration) == (
            d.amount_min, "dose", "oral", 2, (D(14), D(14), "day")), drug
    assert doses["trimethoprim"].amount_min == D(160)
    assert any("carried to the component" in n for s in draft.statements for n in s.needs)


def test_weight_based_components_with_divided_doses_share_the_schedule(lexicon):
    doses, _ = doses_of(lexicon, "Give trimethoprim 8 mg/kg/day with sulfamethoxazole 40 mg/kg/day by mouth in 2 "
                                 "divided doses for 10 days. 1")
    t = doses["trimethoprim"]
    assert (t.amount_min, t.per, t.route, t.times_per_day, t.duration) == (D(8), "day", "oral", 2, (D(10), D(10), "day"))


def test_given_with_food_is_not_a_second_component(lexicon):
    _, draft = doses_of(lexicon, "Give amoxicillin 500 mg with food and amoxicillin 250 mg orally three times daily. 1")
    first = next(dd.dose for dd in draft.doses if dd.dose.amount_min == D(500))
    assert first.times_per_day is None and first.route is None


def test_an_amount_of_a_named_drug_belongs_to_that_drug_not_the_one_before(lexicon):
    doses, _ = doses_of(lexicon, "Give amoxicillin-clavulanate as 45 mg/kg/day of amoxicillin and 3.2 mg/kg/day of "
                                 "clavulanic acid orally in 2 divided doses for 7 days. 1")
    assert doses["amoxicillin"].amount_min == D(45)
    assert doses["clavulanic-acid"].amount_min == D("3.2")
    assert doses["amoxicillin"].times_per_day == 2 and doses["amoxicillin"].duration == (D(7), D(7), "day")


# ---------------------------------------------------------------------------------------------- plain drug-name line


PLAIN_LABEL = """Invented label-line guidance (round eight test)
Invented test guidance; not clinical advice.
Published 12 March 2024

Dosing
Doxycycline
Children 8 years and older: 2 mg/kg orally twice daily for 7 days [1].
Adults: 100 mg orally twice daily for 7 days [1].

Cautions
Avoid doxycycline in pregnancy [1].

References
1. An invented guidance title for a round eight test. Example Publisher; 2020.
"""


def test_a_drug_name_line_straight_under_a_heading_names_the_drug_of_the_rows_under_it(lexicon):
    article, _ = read_any(PLAIN_LABEL.encode(), "label8.txt")
    draft = build_draft(article, lexicon, "label8.txt")
    got = sorted(((dd.therapy or "none").rsplit("/", 1)[-1], dd.dose.amount_min) for dd in draft.doses)
    assert got == [("doxycycline", D(2)), ("doxycycline", D(100))]
    # the reader may take the line as a sub-heading or the draft as a label over the rows: either way the curator
    # is told where the drug came from
    assert any(("named in the line over the list" in n or "named in the section heading" in n)
               for s in draft.statements for n in s.needs)


def test_a_cited_sentence_naming_a_drug_is_not_a_label_for_the_dose_line_after_it(lexicon):
    text = PLAIN_LABEL.replace("Doxycycline\n", "Doxycycline is not preferred [1]\n").replace(
        "Adults: 100 mg", "Adults: amoxicillin 100 mg")
    article, _ = read_any(text.encode(), "label8.txt")
    draft = build_draft(article, lexicon, "label8.txt")
    assert not any("named in the line over the list" in n for s in draft.statements for n in s.needs)


# ---------------------------------------------------------------------------------------------- stage of a dose row


STAGED = """Invented stage-carry guidance (round eight test)
Invented test guidance; not clinical advice.
Published 12 March 2024

Choosing a drug
Amoxicillin is the first-line antibiotic [1].
Doxycycline is an alternative when amoxicillin cannot be used [1].

Dosing

Doxycycline
Adults: 100 mg orally twice daily for 7 days [1].

Amoxicillin
Adults: 500 mg orally three times daily for 7 days [1].

References
1. An invented guidance title for a round eight test. Example Publisher; 2020.
"""


def _stages(draft) -> dict[str, set[str]]:
    from rdflib import Graph

    from kg.vocab.namespaces import KGV

    g = Graph().parse(data=draft.ttl, format="turtle")
    out: dict[str, set[str]] = {}
    for r in g.subjects(None, KGV.Recommendation):
        out.setdefault(str(g.value(r, KGV.therapy)).rsplit("/", 1)[-1], set()).add(
            str(g.value(r, KGV.stage)).rsplit("#", 1)[-1])
    return out


def test_a_dose_row_with_no_stage_wording_takes_the_stage_the_article_gave_the_drug(lexicon):
    article, _ = read_any(STAGED.encode(), "staged8.txt")
    draft = build_draft(article, lexicon, "staged8.txt")
    assert _stages(draft) == {"amoxicillin": {"FirstLine"}, "doxycycline": {"Alternative"}}
    assert any("stage taken from what the article says of this drug" in n for s in draft.statements for n in s.needs)


def test_a_drug_given_two_stages_elsewhere_is_not_guessed_for_its_dose_row(lexicon):
    text = STAGED.replace("when amoxicillin cannot be used [1].",
                          "when amoxicillin cannot be used [1].\nDoxycycline is second-line for severe disease [1].")
    article, _ = read_any(text.encode(), "staged8.txt")
    draft = build_draft(article, lexicon, "staged8.txt")
    (row,) = [s for s in draft.statements if s.item.text.startswith("Adults: 100 mg")]
    assert not any("stage taken from what the article says" in n for n in row.needs)
    assert _stages(draft)["doxycycline"] >= {"FirstLine", "Alternative", "Escalation"}


def test_the_drug_another_is_not_given_instead_of_takes_no_stage_from_that_sentence(lexicon):
    text = STAGED.replace("Doxycycline is an alternative when amoxicillin cannot be used [1].",
                          "Do not give doxycycline instead of amoxicillin [1].").replace(
        "Amoxicillin is the first-line antibiotic [1].", "Amoxicillin is the most important treatment [1].")
    article, _ = read_any(text.encode(), "staged8.txt")
    draft = build_draft(article, lexicon, "staged8.txt")
    assert "Alternative" not in _stages(draft).get("amoxicillin", set())


# ---------------------------------------------------------------------------------------------- two-part amounts


def test_a_combinations_two_masses_are_each_parts_amount_with_the_shared_schedule(lexicon):
    doses, _ = doses_of(lexicon, "Give amoxicillin-clavulanate 500 mg/62.5 mg orally three times daily for 7 days. 1")
    a, c = doses["amoxicillin"], doses["clavulanic-acid"]
    assert (a.amount_min, c.amount_min) == (D(500), D("62.5"))
    for d in (a, c):
        assert (d.unit, d.route, d.times_per_day, d.duration) == ("mg", "oral", 3, (D(7), D(7), "day"))


def test_a_mass_over_a_volume_is_still_a_concentration_not_a_second_part():
    found = [d for d in parse_statement("Give 250 mg/5 mL suspension, 5 mL three times daily") if not d.amount_not_stated]
    assert all(d.amount_min != D(5) or d.unit != "mg" for d in found)
    assert not any(d.unit == "mg" and d.amount_min == D(5) for d in found)


@settings(max_examples=40, deadline=None)
@given(first=st.integers(100, 2000), second=st.integers(5, 250))
def test_property_two_masses_joined_by_a_slash_are_two_amounts_in_order(first, second):
    found = [d for d in parse_statement(f"Give {first} mg/{second} mg orally twice daily") if not d.amount_not_stated]
    assert [d.amount_min for d in found] == [D(first), D(second)]
    assert found[1].times_per_day == 2
