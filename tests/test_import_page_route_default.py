"""Two readings of a national prescribing page (every page here is written for this test, in the layout of a GP
antibiotic-prescribing page):

    Doses are oral and for adults unless otherwise stated.
    ...
    IV or IM benzylpenicillin Adults and children
    10 yr and over: 1200 mg
    Children 1 - 9 yr: 600 mg

- the page's default route ('oral unless otherwise stated') yields to a carrier over the doses that states a route of
  its own, even one naming two: the doses are not oral; which of the two they take is left unstated (before this
  rule they were drafted oral, a route the page never gives them);
- 'Y is an acceptable alternative to X' stages Y, never X: X is what Y replaces (before, X took the alternative stage
  from that sentence when nothing else staged it).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

PAGE = """Invented Route Default Guidance for a Test Meningitis

Last updated: May 5, 2021

Doses are oral and for adults unless otherwise stated.

Comments

  * {comment}
  * Amoxicillin 500 mg three times daily for 5 days.

Treatment Dose
{carrier} benzylpenicillin Adults and children
10 yr and over: 1200 mg
Children 1 - 9 yr: 600 mg

References

1. An invented guidance title for a route default test. Example Publisher, 2020.
"""


def draft_of(lexicon, carrier: str, comment: str = "Transfer all patients to hospital immediately."):
    text = PAGE.format(carrier=carrier, comment=comment)
    article, _ = read_any(text.encode(), "route-default.txt")
    return build_draft(article, lexicon, "route-default.txt")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(carrier=st.sampled_from(["IV or IM", "IV/IM", "IM or IV", "IV or SC"]))
def test_the_pages_default_route_yields_to_a_carrier_naming_two_routes(lexicon, carrier):
    draft = draft_of(lexicon, carrier)
    routes = {dd.dose.route for dd in draft.doses if dd.therapy and dd.therapy.endswith("/penicillin-g")
              and not dd.dose.amount_not_stated}
    assert routes and "oral" not in routes, routes
    # a dose under no carrier still takes the page's default
    assert {dd.dose.route for dd in draft.doses if dd.therapy and dd.therapy.endswith("/amoxicillin")} == {"oral"}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(carrier=st.sampled_from(["IV", "Intravenous", "IM"]))
def test_a_carrier_naming_one_route_gives_it(lexicon, carrier):
    draft = draft_of(lexicon, carrier)
    routes = {dd.dose.route for dd in draft.doses if dd.therapy and dd.therapy.endswith("/penicillin-g")
              and not dd.dose.amount_not_stated}
    assert routes == {"intravenous" if carrier != "IM" else "intramuscular"}, routes


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(comment=st.sampled_from([
    "If available, ceftriaxone can be used and is an acceptable alternative to benzylpenicillin.",
    "Ceftriaxone is an alternative antibiotic to benzylpenicillin when it is available.",
    "Ceftriaxone may be given as a substitute for benzylpenicillin."]))
def test_the_drug_an_alternative_replaces_takes_no_alternative_stage(lexicon, comment):
    draft = draft_of(lexicon, "IV", comment)
    stages = {r.stage.rsplit("#", 1)[-1] for r in draft.recommendations if r.therapy.endswith("/penicillin-g")}
    assert "Alternative" not in stages, stages
