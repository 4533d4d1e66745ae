"""A heading that names a change of route ('IV or oral step-down', 'IV then oral switch') names two routes: a dose
under it may be given either way, so it takes neither from the heading (the rule for a carrier naming two routes).
Before, the route switched to was not read as a route ('oral' before 'step-down' or 'switch' is the end of a switch,
not a way the line's own dose is given), so the heading carried IV alone to every dose under it, an oral step-down
dose included. A heading naming only the route switched to ('Oral step-down') names that route."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

ARTICLE = """# Invented test guidance on an invented kidney infection

Last updated: 2024-05-01

## {heading}

{line}

## References

1. An invented guidance title for a route carry test. Example Publisher, 2020.
"""

ROUTE_NAMES = {"IV": "intravenous", "intravenous": "intravenous", "oral": "oral", "PO": "oral", "IM": "intramuscular"}


def _routes(lexicon, heading: str, line: str) -> list[str | None]:
    article, _ = read_any(ARTICLE.format(heading=heading, line=line).encode(), "switch.md")
    draft = build_draft(article, lexicon, "switch.md")
    return [d.dose.route for d in draft.doses if not d.dose.amount_not_stated]


def test_an_iv_or_oral_step_down_heading_gives_its_dose_neither_route(lexicon):
    assert _routes(lexicon, "IV or oral step-down", "Gentamicin 5 mg/kg once daily.") == [None]
    assert _routes(lexicon, "IV then oral switch", "Ceftriaxone 1 g once daily.") == [None]


def test_an_oral_step_down_heading_names_the_oral_route(lexicon):
    assert _routes(lexicon, "Oral step-down", "Cefalexin 500 mg twice daily for 7 days.") == ["oral"]


def test_a_dose_line_naming_its_own_route_keeps_it_under_a_switch_heading(lexicon):
    assert _routes(lexicon, "IV or oral step-down", "Cefalexin 500 mg orally twice daily.") == ["oral"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    first=st.sampled_from(["IV", "intravenous", "IM"]),
    second=st.sampled_from(["oral", "PO"]),
    joint=st.sampled_from(["or", "then", "followed by", "with"]),
    switch=st.sampled_from(["step-down", "step down", "switch"]),
    line=st.sampled_from(["Gentamicin 5 mg/kg once daily.", "Ceftriaxone 1 g once daily.", "Co-trimoxazole 960 mg "
                          "twice daily."]),
)
def test_a_heading_naming_a_route_and_the_route_switched_to_never_carries_one_of_them(
    lexicon, first, second, joint, switch, line
):
    assert _routes(lexicon, f"{first} {joint} {second} {switch}", line) == [None]
