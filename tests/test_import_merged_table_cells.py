"""A Markdown dose table whose leading cells the page merged over the rows of one drug, with its route column before
a patient column and a footnote call in a cell (every page here is written for this test, as formulary tables are
exported to Markdown):

    | Stage | Drug | Route | Child | Dose |
    |---|---|---|---|---|
    | Alternative, if dexamethasone is not available[^1] | Prednisolone | By mouth | under 10 kg | 10 mg as a single dose |
    | | | | 10-19 kg | 20 mg as a single dose |

- every blank cell of a row's leading run is the row above's (before, only the first was filled, so the second and
  third rows named no drug and their doses were drafted with none);
- a route cell printed before the amounts, with a patient cell between, is read straight before the first amount
  (before, 'By mouth under 10 kg 10 mg' left the dose with no route);
- '[^1]' in a cell is the row's citation marker, as '[1]' is (before, it stayed in the text as ' 1').
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

PAGE = """# Invented Merged Cell Guidance for a Test Croup

Last updated: 2021-05-05

## Corticosteroid doses

| Stage | Drug | Route | Child | Dose |
|---|---|---|---|---|
| First line | Dexamethasone | By mouth | — | 150 micrograms/kg as a single dose[^2] |
{rows}

## References

[^1]: An invented guidance title for a merged cell test. Example Publisher, 2020.
[^2]: Another invented guidance title for a merged cell test. Example Publisher, 2021.
"""


def rows_of(drug: str, route: str, bands: list[tuple[str, int]], marker: str) -> str:
    first, *rest = bands
    lines = [f"| Alternative, if dexamethasone is not available{marker} | {drug} | {route} | {first[0]} | "
             f"{first[1]} mg as a single dose |"]
    lines += [f"| | | | {band} | {amount} mg as a single dose |" for band, amount in rest]
    return "\n".join(lines)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drug=st.sampled_from([("Prednisolone", "prednisolone"), ("Budesonide", "budesonide")]),
       route=st.sampled_from([("By mouth", "oral"), ("Nebulised", "inhaled"), ("Oral", "oral")]),
       bands=st.lists(st.tuples(st.sampled_from(["under 10 kg", "10-19 kg", "20 kg and over", "under 1 year",
                                                 "1 year and over"]), st.integers(min_value=1, max_value=40)),
                      min_size=2, max_size=4, unique_by=lambda b: b[0]),
       marker=st.sampled_from(["[^1]", "[1]"]))
def test_every_row_of_a_merged_block_is_the_drugs_dose_with_the_blocks_route(lexicon, drug, route, bands, marker):
    text = PAGE.format(rows=rows_of(drug[0], route[0], bands, marker))
    article, _ = read_any(text.encode(), "merged.md")
    draft = build_draft(article, lexicon, "merged.md")
    got = sorted((dd.therapy.rsplit("/", 1)[-1], int(dd.dose.amount_min), dd.dose.route) for dd in draft.doses
                 if not dd.dose.amount_not_stated and not dd.therapy.endswith("/dexamethasone"))
    assert got == sorted((drug[1], amount, route[1]) for _, amount in bands), got
    rows = [item for item in article.items if "dexamethasone is not available" in item.text]
    assert len(rows) == len(bands)
    assert all(item.markers == ("1",) and "available 1" not in item.text and "[^" not in item.text for item in rows)
