"""A stage label standing on a line of its own under a heading that names a drug class (every page here is written for
this test, in the way a regional formulary prints its choices):

    ## 1st choice NSAID

    Naproxen 500 mg twice daily

    3rd choice

    Prednisolone 10-20 mg once a day for 5 days

The label recommends nothing itself. Before this rule '3rd choice' took the heading's drug class, and the one member
of it the page names, so naproxen was drafted as a third-choice (refractory) treatment: a recommendation no sentence
of the page makes (a real formulary gout page of real-9 drafted it so).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

PAGE = """# Invented Stage Label Guidance for a Test Gout

Last updated: 2021-05-05

## 1st choice NSAID

Naproxen 500 mg twice daily

{label}

Prednisolone 10-20 mg once a day for 5 days

## References

1. An invented guidance title for a stage label test. Example Publisher, 2020.
"""


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(label=st.sampled_from(["3rd choice", "Third line", "2nd choice", "Second line", "Alternative"]))
def test_a_stage_label_alone_recommends_no_drug_of_the_heading(lexicon, label):
    article, _ = read_any(PAGE.format(label=label).encode(), "stage-label.md")
    draft = build_draft(article, lexicon, "stage-label.md")
    naproxen = lexicon.therapies("naproxen")[0].iri
    assert {r.stage.rsplit("#", 1)[-1] for r in draft.recommendations if r.therapy == naproxen} == {"FirstLine"}
    line = next(s for s in draft.statements if s.item.text.strip(" :") == label.strip(" :"))
    assert any("a stage label standing alone" in n for n in line.needs)
