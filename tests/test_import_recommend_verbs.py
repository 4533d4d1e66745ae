"""Recommendations stated without dose wording, in the styles of NICE, WHO, BNF and US society pages. Each
expectation is what the phrase tells a prescriber, written before the importer was run: "Offer X and Y unless
contraindicated" recommends both and contraindicates nothing; "switch X to Y" recommends Y as the next step and
not X; "use Y instead" is an alternative; "consider" is the vocabulary's weaker strength.
"""

from __future__ import annotations

import pytest
from draft_reading import recommended_stages
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from kg.importer.context import mask_provisos
from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from kg.importer.recognise import Lexicon
from kg.vocab.namespaces import KGV

ARTICLE = """What is the treatment of an invented verb condition?

Last updated: May 5, 2021

Invented Guidance On Recommendation Verbs

Treatment

{bullets}

References

Guideline
An invented guidance title for a verb test
Example Publisher, 2020
"""



def draft_of(lexicon: Lexicon, *bullets: str):
    text = ARTICLE.format(bullets="\n".join(f"  • {b} 1" for b in bullets))
    article, _ = read_any(text.encode(), "verbs.txt")
    draft = build_draft(article, lexicon, "verbs.txt")
    return Graph().parse(data=draft.ttl, format="turtle"), draft


recommended = recommended_stages


def strengths(g: Graph) -> set[str]:
    return {str(s).rsplit("#", 1)[-1] for r in g.subjects(None, KGV.Recommendation) for s in g.objects(r, KGV.strength)}


def warnings(g: Graph) -> list:
    return [*g.subjects(None, KGV.Contraindication), *g.subjects(None, KGV.Caution)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Offer ramipril and bisoprolol to every adult with the condition unless contraindicated.",
        "Offer ramipril and bisoprolol unless contraindicated.",
        "Give ramipril and bisoprolol (unless contraindicated).",
        "Ramipril and bisoprolol are recommended, unless not tolerated.",
    ],
)
def test_offer_unless_contraindicated_recommends_both_first_line_and_contraindicates_nothing(lexicon, sentence):
    g, _ = draft_of(lexicon, sentence)
    rec = recommended(g)
    assert rec.get("ramipril") == {"FirstLine"} and rec.get("bisoprolol") == {"FirstLine"}
    assert warnings(g) == [], "a proviso is not a warning about the drug"


@pytest.mark.parametrize("verb", ["Offer", "Give", "Start", "Use"])
def test_a_bare_prescribing_verb_recommends_its_drug(lexicon, verb):
    g, _ = draft_of(lexicon, f"{verb} omeprazole to adults with the condition.")
    assert "omeprazole" in recommended(g)


def test_is_recommended_recommends_its_drug(lexicon):
    g, _ = draft_of(lexicon, "Omeprazole is recommended for adults with the condition.")
    assert "omeprazole" in recommended(g)


def test_consider_takes_the_vocabularys_weaker_strength(lexicon):
    g, _ = draft_of(lexicon, "Consider omeprazole for adults with the condition.")
    assert "omeprazole" in recommended(g)
    assert strengths(g) == {"StrengthConsider"}


def test_switch_x_to_y_recommends_y_as_escalation_and_not_x(lexicon):
    g, draft = draft_of(lexicon, "If symptoms persist, switch ramipril to sacubitril/valsartan.")
    rec = recommended(g)
    assert "ramipril" not in rec
    # the product is drafted as its components (the facts convention), each the escalation
    assert rec == {"sacubitril": {"Escalation"}, "valsartan": {"Escalation"}}
    assert any("replaced" in n for s in draft.statements for n in s.needs)


def test_replace_x_with_y_without_a_condition_is_still_a_later_step(lexicon):
    g, _ = draft_of(lexicon, "Replace omeprazole with lansoprazole.")
    rec = recommended(g)
    assert rec == {"lansoprazole": {"Escalation"}}


def test_avoid_x_then_use_y_instead_recommends_y_as_alternative_and_cautions_x(lexicon):
    g, _ = draft_of(lexicon, "Avoid omeprazole in people taking clopidogrel; use lansoprazole instead.")
    rec = recommended(g)
    assert rec == {"lansoprazole": {"Alternative"}}
    # omeprazole, and clopidogrel as the partner of the combination warning (the facts convention); not lansoprazole
    agents = {str(a).rsplit("/", 1)[-1] for w in warnings(g) for a in g.objects(w, KGV.agent)}
    assert agents == {"omeprazole", "clopidogrel"}


def test_do_not_give_x_instead_of_y_recommends_neither(lexicon):
    g, _ = draft_of(lexicon, "Do not give omeprazole instead of lansoprazole.")
    assert recommended(g) == {}


def test_a_contraindication_that_is_not_a_proviso_is_still_drafted(lexicon):
    g, _ = draft_of(lexicon, "Omeprazole is contraindicated in people taking clopidogrel.")
    assert list(g.subjects(None, KGV.Contraindication))
    assert "omeprazole" not in recommended(g)


PROVISOS = ["unless contraindicated", "unless not tolerated", "if not contraindicated", "where not contraindicated",
            "unless there is a contraindication", "(unless contraindicated)"]
RECOMMENDATIONS = ["Offer {d}", "Give {d} 500 mg twice daily", "Start {d}", "Consider {d}", "{d} is recommended",
                   "Use {d} 20 mg once daily for 5 days", "Add {d}"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    template=st.sampled_from(RECOMMENDATIONS),
    drug=st.sampled_from(["omeprazole", "amoxicillin", "ramipril", "bisoprolol", "clarithromycin"]),
    proviso=st.sampled_from(PROVISOS),
    comma=st.booleans(),
)
def test_a_proviso_appended_to_any_recommendation_never_makes_a_contraindication(
    lexicon, template, drug, proviso, comma
):
    sentence = template.format(d=drug) + ("," if comma else "") + " " + proviso + "."
    g, _ = draft_of(lexicon, sentence)
    assert warnings(g) == []
    assert drug in recommended(g)
    assert "Alternative" not in recommended(g)[drug]


@given(text=st.text(max_size=80), proviso=st.sampled_from(PROVISOS))
def test_masking_a_proviso_keeps_every_position(text, proviso):
    sentence = text + " " + proviso + " " + text
    masked = mask_provisos(sentence)
    assert len(masked) == len(sentence)
    assert "contraindicat" not in masked[len(text) : len(text) + len(proviso) + 2].casefold()


# ------------------------------------------------------------------ loading doses and dose-day lists


def test_a_loading_dose_is_one_administration_and_the_maintenance_dose_is_not(lexicon):
    from kg.importer.dose_grammar import parse_statement

    loading, maintenance = [d for d in parse_statement("Loading dose 20 mg/kg IV, then 5 mg/kg daily") if d.unit]
    assert loading.initial and loading.doses == (1, 1) and loading.per == "dose"
    assert maintenance.doses is None and not maintenance.initial


@pytest.mark.parametrize(
    ("phrase", "count", "interval"),
    [
        ("1 g IV on days 1 and 15", 2, (14, "day")),
        ("375 mg/m2 IV at weeks 0, 1, 2 and 3", 4, (1, "week")),
        ("500 mg IV on days 1, 8 and 15", 3, (7, "day")),
        ("1 g IM at 0, 2 and 6 weeks", 3, None),  # uneven: no single interval says it
    ],
)
def test_a_list_of_dose_days_drafts_the_count_and_an_even_interval_and_keeps_the_days(phrase, count, interval):
    from decimal import Decimal

    from kg.importer.dose_grammar import parse_statement

    (dose,) = [d for d in parse_statement(phrase) if d.unit]
    assert dose.doses == (count, count) and dose.per == "dose"
    assert dose.interval == (None if interval is None else (Decimal(interval[0]), interval[1]))
    assert dose.timing and dose.timing.split()[-1] in phrase


def test_uneven_dose_days_are_flagged_and_kept_in_the_schedule_note(lexicon):
    g, draft = draft_of(lexicon, "Give ceftriaxone 1 g IM at 0, 2 and 6 weeks.")
    notes = [str(n) for n in g.objects(None, KGV.scheduleNote)]
    assert any("0, 2 and 6 weeks" in n for n in notes)
    assert any("cannot hold a list of days" in n for s in draft.statements for n in s.needs)
    assert [int(v) for v in g.objects(None, KGV.dosesMax)] == [3]


@settings(max_examples=40, deadline=None)
@given(days=st.lists(st.integers(0, 60), min_size=2, max_size=5, unique=True).map(sorted), unit=st.sampled_from(["days", "weeks"]))
def test_every_listed_day_is_one_dose(days, unit):
    from kg.importer.dose_grammar import parse_statement

    listed = ", ".join(map(str, days[:-1])) + f" and {days[-1]}"
    (dose,) = [d for d in parse_statement(f"Give 1 g IV on {unit} {listed}") if d.unit]
    assert dose.doses == (len(days), len(days))
    steps = {b - a for a, b in zip(days, days[1:], strict=False)}
    assert (dose.interval is not None) == (len(steps) == 1)
