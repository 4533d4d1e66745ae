"""A sexually-transmitted-infection page laid out as a national treatment guideline prints it (the page here is written
for this test, in that layout): each infection site's title, straight under it a 'Recommended Regimen' line, then a
blank line and the regimen; later an 'Alternative Regimen' line between blank lines. Three readings:

- the 'Recommended Regimen' line set straight under the site's title, with a blank line after it, titles the site's
  first sub-section as its 'Alternative Regimen' sibling titles the next one (before this rule it was a paragraph of
  the site's section, so nothing gave the recommended drugs a stage of their own);
- 'recommended regimen' / 'preferred regimen' is the first-line stage's wording (data/cue_words.txt
  [firstline_stage_words]);
- a band after the dose whose bound is printed as a sign ('for persons weighing <150kg') is the dose's band, as
  'for persons weighing under 150 kg' already was.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.dose_grammar import parse_statement
from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

ARTICLE = """Invented Regimen Guidance for a Test Infection

Last updated: May 5, 2021

{site}
{recommended}

Ceftriaxone 500 mg IM in a single dose

Alternative Regimen

Gentamicin 240 mg IM in a single dose

PLUS

Azithromycin 2 g orally in a single dose

References

1. An invented guidance title for a regimen heading test. Example Publisher, 2020.
"""


def stages(lexicon, site: str, recommended: str) -> dict[str, set[str]]:
    text = ARTICLE.format(site=site, recommended=recommended)
    article, _ = read_any(text.encode(), "regimens.txt")
    draft = build_draft(article, lexicon, "regimens.txt")
    out: dict[str, set[str]] = {}
    for r in draft.recommendations:
        out.setdefault(r.therapy.rsplit("/", 1)[-1], set()).add(r.stage.rsplit("#", 1)[-1])
    return out


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(site=st.sampled_from(["Uncomplicated Infection of the Cervix, Urethra, Rectum",
                             "Uncomplicated Infection of the Pharynx", "Infection in Adolescents and Adults"]),
       recommended=st.sampled_from(["Recommended Regimen", "Recommended Regimens", "Preferred Regimen",
                                    "Recommended regimen"]))
def test_a_recommended_regimen_line_under_a_site_title_stages_its_drugs_first_line(lexicon, site, recommended):
    got = stages(lexicon, site, recommended)
    assert got["ceftriaxone"] == {"FirstLine"}, got
    assert got["gentamicin"] == {"Alternative"} and got["azithromycin"] == {"Alternative"}, got


@settings(max_examples=40, deadline=None)
@given(who=st.sampled_from(["persons", "children", "adults", "patients"]),
       sign=st.sampled_from([("<", "under"), ("≥", "at least"), ("≤", "up to"), (">", "over")]),
       weight=st.integers(min_value=5, max_value=150), space=st.sampled_from(["", " "]))
def test_a_signed_weight_band_after_the_dose_is_the_doses_band(who, sign, weight, space):
    signed = parse_statement(f"Ceftriaxone 500 mg IM in a single dose for {who} weighing {sign[0]}{space}{weight}kg")
    worded = parse_statement(f"Ceftriaxone 500 mg IM in a single dose for {who} weighing {sign[1]} {weight} kg")
    assert len(signed) == 1 and signed[0].band is not None
    assert signed[0].band == worded[0].band, (signed[0].band, worded[0].band)
