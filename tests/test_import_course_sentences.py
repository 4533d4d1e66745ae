"""How long to treat, printed in ways guideline pages print it (every page here is written for this test):

- a course line with '=' ('Duration = 10 days', 'Course length = 5 days'), as a flattened table or a form prints it, is
  the course of the dose line above it (before, '=' made it a heading, and the course vanished);
- a drug given with only its course ('If mild infection, cefalexin for 5 days.', 'In adults, nitrofurantoin for 3
  days.', 'Mild infection: doxycycline orally for 7 days.') is an instruction to give the drug: recommended (before,
  nothing was drafted unless a route word happened to stand between drug and course);
- the amount of the next sentence, which names no drug ('Give 500 mg four times daily.'), is that drug's and takes that
  course, both flagged as carried.

A warning never becomes a recommendation this way ('Do not give X for more than 5 days').
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from kg.vocab.namespaces import KGV

ARTICLE = """What is the treatment of an invented skin infection?

Last updated: May 5, 2021

Invented Course Guidance

{mark}Treatment

{body}

{mark}References

1. An invented guidance title for a course test. Example Publisher, 2020.
"""

LAYOUTS = ("txt", "md")


def draft_of(lexicon, lines: list[str], layout: str):
    name = f"course.{layout}"
    body = "\n".join(f"- {line}" for line in lines) if layout == "md" else "\n\n".join(lines)
    text = ARTICLE.format(mark="## " if layout == "md" else "", body=body)
    article, _ = read_any(text.encode(), name)
    draft = build_draft(article, lexicon, name)
    return Graph().parse(data=draft.ttl, format="turtle"), draft


def recommended(g: Graph) -> set[str]:
    return {str(t).rsplit("/", 1)[-1] for r in g.subjects(None, KGV.Recommendation) for t in g.objects(r, KGV.therapy)}


def courses(draft) -> dict[str, tuple]:
    """amount as printed ('500 mg') -> (drug local name, course as (shortest, longest, unit) or None)"""
    return {f"{dd.dose.amount_min.normalize():f} {dd.dose.unit}": (
        (dd.therapy or "none").rsplit("/", 1)[-1],
        None if dd.dose.duration is None else (str(dd.dose.duration[0]), str(dd.dose.duration[1]), dd.dose.duration[2]))
        for dd in draft.doses if not dd.dose.amount_not_stated}


def local(lexicon, name: str) -> str:
    return lexicon.therapies(name)[0].iri.rsplit("/", 1)[-1]


@pytest.mark.parametrize("layout", ("txt",))
@pytest.mark.parametrize("course", ["Duration = 10 days", "Course length = 10 days", "Duration= 10 days"])
def test_a_course_line_with_an_equals_sign_times_the_dose_line_above(lexicon, layout, course):
    _g, draft = draft_of(lexicon, ["Amoxicillin 500 mg three times daily.", course], layout)
    assert courses(draft) == {"500 mg": (local(lexicon, "amoxicillin"), ("10", "10", "day"))}, courses(draft)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(("line", "drug"), [
    ("If mild or moderate infection, cefalexin for 5 days.", "cefalexin"),
    ("For mild infection, doxycycline for 7 days.", "doxycycline"),
    ("In adults, nitrofurantoin for 3 days.", "nitrofurantoin"),
    ("Mild infection: doxycycline orally for 7 days.", "doxycycline"),
    ("Clarithromycin for 7 days.", "clarithromycin"),
    ("Where the infection is mild, amoxicillin for 5 to 7 days.", "amoxicillin"),
])
def test_a_drug_given_with_only_its_course_is_recommended(lexicon, layout, line, drug):
    g, draft = draft_of(lexicon, [line], layout)
    assert local(lexicon, drug) in recommended(g), draft.ttl


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("line", [
    "Do not give cefalexin for more than 5 days.",
    "Avoid doxycycline for 7 days after the last dose of isotretinoin.",
    "Cefalexin must not be used for 5 days.",
])
def test_a_warning_about_a_course_is_never_a_recommendation(lexicon, layout, line):
    g, draft = draft_of(lexicon, [line], layout)
    assert not {local(lexicon, "cefalexin"), local(lexicon, "doxycycline")} & recommended(g), draft.ttl


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_next_sentences_amount_is_the_drugs_and_takes_its_course(lexicon, layout):
    _g, draft = draft_of(lexicon, ["If mild or moderate infection, cefalexin for 5 days. Give 500 mg four times "
                                   "daily."], layout)
    assert courses(draft) == {"500 mg": (local(lexicon, "cefalexin"), ("5", "5", "day"))}, courses(draft)
    needs = [n for s in draft.statements for n in s.needs]
    assert any("the sentence before, naming the drug" in n for n in needs), needs


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_sentence_naming_its_own_drug_does_not_take_the_course_of_the_drug_before(lexicon, layout):
    _g, draft = draft_of(lexicon, ["If mild infection, cefalexin for 5 days. Flucloxacillin 500 mg four times daily."],
                         layout)
    assert courses(draft) == {"500 mg": (local(lexicon, "flucloxacillin"), None)}, courses(draft)


_DRUGS = ("cefalexin", "doxycycline", "nitrofurantoin", "clarithromycin", "amoxicillin", "flucloxacillin")
_OPENINGS = ("If mild infection, {d}", "For uncomplicated infection, {d}", "In adults, {d}", "Mild infection: {d}",
             "{D}", "If the infection is mild, {d} orally")
_COURSES = (("5 days", ("5", "5", "day")), ("7 days", ("7", "7", "day")), ("2 weeks", ("2", "2", "week")),
            ("5 to 7 days", ("5", "7", "day")))
_AMOUNTS = ("Give 500 mg four times daily.", "Take 250 mg twice daily.", "Give 100 mg twice a day.")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drug=st.sampled_from(_DRUGS), opening=st.sampled_from(_OPENINGS), course=st.sampled_from(_COURSES),
       amount=st.sampled_from(_AMOUNTS), layout=st.sampled_from(LAYOUTS))
def test_any_drug_given_for_a_course_is_recommended_and_the_next_amount_takes_drug_and_course(
        lexicon, drug, opening, course, amount, layout):
    line = f"{opening.format(d=drug, D=drug.capitalize())} for {course[0]}. {amount}"
    g, draft = draft_of(lexicon, [line], layout)
    assert local(lexicon, drug) in recommended(g), line
    (got,) = courses(draft).values()
    assert got == (local(lexicon, drug), course[1]), (line, got)


@pytest.mark.parametrize(("text", "course"), [
    ("gentamicin 5mg/kg iv. (Gentamicin is for maximum of 3 days).", (None, "3", "day")),
    ("Amoxicillin 500 mg three times daily. Treatment should be continued for 7 days.", ("7", "7", "day")),
    ("Amoxicillin 500 mg three times daily. Treatment is for 5 days.", ("5", "5", "day")),
    ("Doxycycline 100 mg twice daily. It is only given for up to 14 days.", (None, "14", "day")),
])
def test_a_course_sentence_with_its_own_subject_after_the_dose_times_it(text, course):
    # a real Oxford pyelonephritis-in-pregnancy page: 'gentamicin 5mg/kg iv. (Gentamicin is for maximum of 3 days).'
    from kg.importer.dose_grammar import parse_statement

    (d,) = [d for d in parse_statement(text) if not d.amount_not_stated]
    got = None if d.duration is None else tuple(None if x is None else f"{x.normalize():f}" if not isinstance(x, str)
                                                 else x for x in d.duration)
    assert got == course, d.duration
