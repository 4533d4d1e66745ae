"""A sentence that says how every dose of a section or of the page is given (every page here is written for this test,
in the way trust antimicrobial guides and children's formulary pages print it):

    1. EMPIRICAL TREATMENT
    All doses in this section are intravenous unless marked otherwise.
    - Amoxicillin 2 g every 4 hours
    - Rifampicin 450 mg orally twice daily

    Doses on this page are oral unless stated otherwise.

Every dose of the section (or page) that states no route of its own is given that way; a dose that names its own
route keeps it, a section's statement reaches no other section, and a page's reaches every section after it. Before
this rule such a sentence reached only a list printed straight under it (as the list's caption), never the doses after
another paragraph or a table, and a page's reached no other section.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

ARTICLE = """What is the treatment of an invented test condition?

Last updated: May 5, 2021

Invented Route Scope Guidance

{mark}Background

{page_scope}Take blood cultures before the first dose.

{mark}1. Empirical treatment

{section_scope}
Discuss every patient with the infection team.

- Amoxicillin 2 g every 4 hours.
- Rifampicin 450 mg orally twice daily.

{mark}2. Step-down treatment

- Doxycycline 100 mg twice daily.

{mark}References

1. An invented guidance title for a route scope test. Example Publisher, 2020.
"""


def routes(lexicon, layout: str, section_scope: str = "", page_scope: str = "") -> dict[str, str | None]:
    name = f"route-scope.{layout}"
    text = ARTICLE.format(mark="## " if layout == "md" else "", section_scope=section_scope,
                          page_scope=page_scope + ("\n\n" if page_scope else ""))
    article, _ = read_any(text.encode(), name)
    draft = build_draft(article, lexicon, name)
    names = {lexicon.therapies(n)[0].iri: n for n in ("amoxicillin", "rifampicin", "doxycycline")}
    return {names.get(dd.therapy, dd.therapy): dd.dose.route for dd in draft.doses
            if dd.therapy and not dd.dose.amount_not_stated}


@pytest.mark.parametrize("layout", ["txt", "md"])
def test_a_sections_route_sentence_gives_its_route_to_the_sections_doses_only(lexicon, layout):
    got = routes(lexicon, layout, section_scope="All doses in this section are intravenous unless marked otherwise.")
    assert got["amoxicillin"] == "intravenous"
    assert got["rifampicin"] == "oral"  # its own route
    assert got["doxycycline"] is None  # another section: the page never says how it is given


@pytest.mark.parametrize("layout", ["txt", "md"])
def test_a_pages_route_sentence_reaches_every_section_after_it(lexicon, layout):
    got = routes(lexicon, layout, page_scope="Doses on this page are oral unless stated otherwise.")
    assert got == {"amoxicillin": "oral", "rifampicin": "oral", "doxycycline": "oral"}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(opening=st.sampled_from(["All doses in this section are", "Doses in this section are",
                                "All doses in this table are", "The doses in this section are"]),
       route=st.sampled_from([("intravenous", "intravenous"), ("given intravenously", "intravenous"),
                              ("by mouth", "oral"), ("oral", "oral"), ("given by intramuscular injection",
                                                                        "intramuscular")]),
       tail=st.sampled_from(["", " unless marked otherwise", " unless stated otherwise", ", except where stated"]),
       layout=st.sampled_from(["txt", "md"]))
def test_any_phrasing_of_a_sections_route_reaches_its_doses_that_state_none(lexicon, opening, route, tail, layout):
    got = routes(lexicon, layout, section_scope=f"{opening} {route[0]}{tail}.")
    assert got["amoxicillin"] == route[1]
    assert got["rifampicin"] == "oral"
    assert got["doxycycline"] is None
