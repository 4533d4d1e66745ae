"""Two readings of a band list under a drug heading (every page here is written for this test, in the layout of a
national paediatric endocrine group's treatment page):

    Vitamin D (cholecalciferol or ergocalciferol)
      - Age less than 3 months - Give 2000 units once daily.
      - Age 3 to 6 months - Give 2000 units once daily together with calcium if required.
      - Age 6 months to 12 years - Give 3000-6400 units once daily together with calcium if required.

- the bracket straight after the heading's drug names what it is given as: the heading is about vitamin D (before,
  the three names made the heading's drug uncertain and the doses went to no drug);
- a drug the bullet above names only as what its dose is given with ('together with calcium') is not carried down as
  the drug of the next bullet's dose (before, the last bullet's dose went to calcium).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

PAGE = """Treatment of an invented test deficiency in children
Last reviewed 14-Feb-2025.

Treatment

{heading}

{bullets}

References
1. An invented guidance title for a heading test. Example Publisher, 2024.
"""

BANDS = ["Age less than 3 months", "Age 3 to 6 months", "Age 6 months to 12 years", "Age 12 to 18 years"]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(amounts=st.lists(st.integers(4, 64).map(lambda n: n * 100), min_size=2, max_size=4, unique=True),
       partner=st.sampled_from(["together with calcium if required", "with calcium if required", ""]),
       forms=st.sampled_from(["(cholecalciferol or ergocalciferol)", "(ergocalciferol)", ""]))
def test_band_doses_under_a_drug_heading_are_its_own(lexicon, amounts, partner, forms):
    bullets = "\n".join(f"  • {band} - Give {amount} units once daily{' ' + partner if partner and k else ''}."
                        for k, (band, amount) in enumerate(zip(BANDS, amounts, strict=False)))
    text = PAGE.format(heading=f"Vitamin D {forms}".strip(), bullets=bullets)
    article, _ = read_any(text.encode(), "deficiency.txt")
    draft = build_draft(article, lexicon, "deficiency.txt")
    vitamin_d = lexicon.therapies("vitamin D")[0].iri
    by_drug: dict[str | None, list[int]] = {}
    for dd in draft.doses:
        if not dd.dose.amount_not_stated:
            by_drug.setdefault(dd.therapy, []).append(int(dd.dose.amount_min))
    assert sorted(by_drug.get(vitamin_d, [])) == sorted(amounts), by_drug
    assert set(by_drug) == {vitamin_d}, by_drug
