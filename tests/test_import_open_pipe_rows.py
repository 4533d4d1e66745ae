"""A table saved from a web page as Markdown without its rule row or its leading pipes, each row ending on its cell
separator ("Aspirin 30-50 mg/kg/day in 4 divided doses | ||"), as a flow chart of a guideline often comes out
(measured on saved public pages, 2026-11-30; the rows here are invented for this test in our own words, what each
means decided before the importer was run on it).

Each such line is a row of its own: the rows were joined into one paragraph, so one row's "6 monthly" became the
interval of the dose in the row above; and the cells of a row stand side by side (a flow chart's branches), so
"Stop" in one cell never cancels the dose in the next.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

PAGE = """Invented flow chart for an inflammatory fever

Last updated: 2 May 2025

## Treatment

{rows}
"""

CHART = """Give infliximab 5 mg/kg as a single infusion | ||
Then naproxen 10 mg/kg/day in 2 divided doses | ||
Check the heart scan | ||
Stop naproxen at 6 weeks | Continue naproxen | Lifelong naproxen 5 mg/kg/day |
Review every 2 years | Repeat the heart scan at 6 monthly intervals | Consider warfarin |"""


def _read(rows: str):
    text = PAGE.format(rows=rows)
    article, _ = read_any(text.encode(), "chart.md")
    return text, article


def test_every_open_pipe_row_is_a_statement_of_its_own():
    text, article = _read(CHART)
    texts = [i.text for i in article.items]
    assert any(t.startswith("Give infliximab 5 mg/kg") and "naproxen" not in t for t in texts), texts
    assert any(t.startswith("Then naproxen 10 mg/kg/day") and "heart scan" not in t for t in texts), texts
    assert article.unaccounted(text) == []


def test_a_dose_in_one_cell_is_neither_cancelled_by_the_next_cell_nor_timed_by_the_next_row(lexicon):
    text, article = _read(CHART)
    draft = build_draft(article, lexicon, "chart.md")
    naproxen = [dd.dose for dd in draft.doses if (dd.therapy or "").endswith("/naproxen") and not dd.dose.amount_not_stated]
    lifelong = [d for d in naproxen if str(d.amount_min) == "5"]
    assert lifelong, [(str(d.amount_min), d.interval) for d in naproxen]
    # the "6 monthly intervals" of the heart scan in the row below is not the dose's interval
    assert all(d.interval is None for d in naproxen), [(str(d.amount_min), d.interval) for d in naproxen]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.sampled_from(["Give naproxen 10 mg/kg/day", "Check the heart scan", "Consider warfarin",
                                      "Review every 2 years", "Repeat the blood count at 6 monthly intervals"]),
                     min_size=2, max_size=6),
       ending=st.sampled_from([" | ||", " |", " | |"]))
def test_any_run_of_open_pipe_rows_reads_one_statement_per_row(rows, ending):
    body = "\n".join(r + ending for r in rows)
    text, article = _read(body)
    assert [i.text for i in article.items] == rows
    assert article.unaccounted(text) == []
