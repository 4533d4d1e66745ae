"""A plain-text page that prints its sections in capitals and their subsections in ordinary case (every page here is
written for this test, in the way a prescribing committee's pain guideline prints one subsection per drug):

    FIRST-LINE ORAL TREATMENTS

    Amitriptyline
      Start 10 mg once daily at night.

    Duloxetine
      60 mg once daily.

    SECOND-LINE INTRAVENOUS TREATMENTS

    Vancomycin
      15 mg/kg every 12 hours.

What the capitals say holds in the subsections under them, until the next heading in capitals: the drugs of the first
section are given by mouth, the second section's intravenously. Before this rule every unnumbered plain heading ranked
alike, so 'Duloxetine' closed 'FIRST-LINE ORAL TREATMENTS' and its doses were drafted with no route. A page whose
headings are all in one case is read as before (a heading naming a route holds until the next heading).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

ARTICLE = """What is the treatment of an invented test condition?

Last updated: May 5, 2021

Invented Capital Section Guidance

GENERAL PRINCIPLES

Agree the treatment with the person.

{body}

References

1. An invented guidance title for a capital section test. Example Publisher, 2020.
"""


def drafted(lexicon, body: str) -> dict[str, tuple[str | None, set[str]]]:
    """drug IRI -> (the route of its dose, the stages it is recommended at)."""
    text = ARTICLE.format(body=body)
    article, _ = read_any(text.encode(), "capital-sections.txt")
    draft = build_draft(article, lexicon, "capital-sections.txt")
    routes = {dd.therapy: dd.dose.route for dd in draft.doses if not dd.dose.amount_not_stated}
    stages: dict[str, set[str]] = {}
    for r in draft.recommendations:
        stages.setdefault(r.therapy, set()).add(r.stage.rsplit("#", 1)[-1])
    return {drug: (route, stages.get(drug, set())) for drug, route in routes.items()}


def section(heading: str, drugs: list[tuple[str, str]]) -> str:
    return "\n\n".join([heading, *(f"{name.capitalize()}\n  {dose}" for name, dose in drugs)])


def iri(lexicon, name: str) -> str:
    return lexicon.therapies(name)[0].iri


def test_the_route_a_section_in_capitals_names_holds_in_every_subsection_under_it(lexicon):
    body = "\n\n".join([
        section("FIRST-LINE ORAL TREATMENTS", [("amitriptyline", "Start 10 mg once daily at night."),
                                               ("duloxetine", "60 mg once daily.")]),
        section("SECOND-LINE INTRAVENOUS TREATMENTS", [("vancomycin", "15 mg/kg every 12 hours.")]),
    ])
    got = drafted(lexicon, body)
    assert got[iri(lexicon, "amitriptyline")][0] == "oral"
    assert got[iri(lexicon, "duloxetine")][0] == "oral"
    assert got[iri(lexicon, "vancomycin")][0] == "intravenous"


@pytest.mark.parametrize("case", [str.title, str.upper])
def test_on_a_page_in_one_case_a_heading_holds_only_until_the_next(lexicon, case):
    # the second drug's heading is a sibling of the route heading, not under it: its dose states no route
    body = "\n\n".join([case("Oral treatment"), "Amitriptyline 10 mg once daily at night.",
                        case("Other treatment"), "Duloxetine 60 mg once daily."])
    got = drafted(lexicon, body)
    assert got[iri(lexicon, "amitriptyline")][0] == "oral"
    assert got[iri(lexicon, "duloxetine")][0] is None


ROUTES = st.sampled_from([("ORAL", "oral"), ("INTRAVENOUS", "intravenous"), ("SUBCUTANEOUS", "subcutaneous")])
DRUGS = st.lists(st.sampled_from(["amitriptyline", "duloxetine", "gabapentin", "pregabalin", "vancomycin",
                                  "enoxaparin"]), min_size=1, max_size=4, unique=True)
DOSES = st.sampled_from(["Start 10 mg once daily.", "60 mg once daily.", "300 mg three times a day.",
                         "75 mg twice a day."])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sections=st.lists(st.tuples(ROUTES, DRUGS), min_size=1, max_size=3), dose=DOSES,
       stage=st.sampled_from(["FIRST-LINE", "SECOND-LINE", ""]))
def test_every_subsection_takes_the_route_of_the_capitals_above_it(lexicon, sections, dose, stage):
    seen: set[str] = set()
    body, want = [], {}
    for (printed, route), drugs in sections:
        drugs = [d for d in drugs if d not in seen]
        seen.update(drugs)
        if not drugs:
            continue
        body.append(section(f"{stage} {printed} TREATMENTS".strip(), [(d, dose) for d in drugs]))
        want.update({iri(lexicon, d): route for d in drugs})
    got = drafted(lexicon, "\n\n".join(body))
    assert {drug: route for drug, (route, _) in got.items()} == want, body
