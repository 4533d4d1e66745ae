"""Every route the importer can read has a term in the draft. A pessary or vaginal tablet is read as the vaginal
route (kg/importer/data/route_forms.txt), but the draft's route table had no term for it, so drafting any page
that gave a pessary crashed with KeyError 'vaginal' and nothing was drafted."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.dose_grammar import ROUTE_WORDS
from kg.importer.draft import NEW_ROUTES, ROUTES, build_draft
from kg.importer.markdown import read_any
from kg.importer.route_forms import route_forms

ARTICLE = """# Invented test guidance on an invented vaginal infection

Last updated: 2024-05-01

## Treatment

{line}

## References

1. An invented guidance title for a route term test. Example Publisher, 2020.
"""


def _draft(lexicon, line: str):
    article, _ = read_any(ARTICLE.format(line=line).encode(), "routes.md")
    return build_draft(article, lexicon, "routes.md")


def test_every_route_the_data_can_name_has_a_term_in_the_draft():
    named = set(route_forms().values()) | set(ROUTE_WORDS.values())
    assert named <= set(ROUTES) | set(NEW_ROUTES)


def test_a_pessary_dose_is_drafted_with_the_vaginal_route(lexicon):
    draft = _draft(lexicon, "Clotrimazole 500 mg pessary, one at night as a single dose.")
    assert [d.dose.route for d in draft.doses if not d.dose.amount_not_stated] == ["vaginal"]
    assert "kgv:RouteVaginal" in draft.ttl


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(form=st.sampled_from(sorted({" ".join(k) for k in route_forms()})))
def test_a_dose_written_with_any_route_form_is_drafted(lexicon, form):
    # whatever route a form names, the page is drafted (no KeyError), and the draft parses as Turtle
    from rdflib import Graph

    draft = _draft(lexicon, f"Metronidazole 500 mg {form} twice daily for 7 days.")
    Graph().parse(data=draft.ttl, format="turtle")
