"""Dose tables as real pages print them, read at first sight (issue 13; the tables round after held-out-10).

Each test is written from what the table says to a reader: every row of a table is a row (whatever its cells'
widths), a caption, a heading or a column's name that states the band, the route or the schedule gives it to every
row, a table of what a tablet contains lists strengths (never doses), and a "Notes" column's warning is a warning.
The generator at the end writes known doses into varying table layouts and checks that the draft recovers exactly
those doses or flags the row for the curator.
"""

from __future__ import annotations

from decimal import Decimal as D

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

MD = "# Test guidance\n\nLast updated: 2024-03-03\n\n## Treatment\n\n{body}\n\n## References\n\n1. A. Work. Pub; 2020.\n"
TXT = "Test guidance\n\nLast updated: 2024-03-03\n\nTreatment\n\n{body}\n\nReferences\n1. A. Work. Pub; 2020.\n"


def _draft(lexicon, body: str, layout: str = "md"):
    text = (MD if layout == "md" else TXT).format(body=body)
    name = f"t.{layout}"
    article, _ = read_any(text.encode(), name)
    assert article.unaccounted(text) == []
    return article, build_draft(article, lexicon, name)


def doses(lexicon, body: str, layout: str = "md") -> set[tuple]:
    """(drug, amount, unit, per, route, times a day, band) of every dose the draft states an amount for."""
    _article, draft = _draft(lexicon, body, layout)
    return {((dd.therapy or "-").rsplit("/", 1)[-1], dd.dose.amount_min, dd.dose.unit, dd.dose.per, dd.dose.route,
             dd.dose.times_per_day, dd.dose.band)
            for dd in draft.doses if not dd.dose.amount_not_stated}


def test_every_row_of_a_pipe_table_whose_rows_line_up_is_a_row_and_the_first_is_never_taken_for_a_header(lexicon):
    # three rows of the same shape: cells of equal width line up as a text table's would, but the table is a pipe
    # table whose header row is the one over the rule; its first data row is a dose row like the others
    body = ("| Body weight | Pyrazinamide | Ethambutol |\n|---|---|---|\n"
            "| 40-55 kg | 1000 mg | 800 mg |\n| 56-75 kg | 1500 mg | 1200 mg |\n| 76-90 kg | 2000 mg | 1600 mg |")
    got = {(drug, amount, band) for drug, amount, _u, _p, _r, _t, band in doses(lexicon, body)}
    assert got == {
        ("pyrazinamide", D(1000), "40-55 kg"), ("ethambutol", D(800), "40-55 kg"),
        ("pyrazinamide", D(1500), "56-75 kg"), ("ethambutol", D(1200), "56-75 kg"),
        ("pyrazinamide", D(2000), "76-90 kg"), ("ethambutol", D(1600), "76-90 kg"),
    }


def test_a_warning_table_whose_rows_line_up_keeps_every_drugs_warning(lexicon):
    body = ("| Drug | Warning |\n|---|---|\n| Isoniazid | Contraindicated in liver disease. |\n"
            "| Rifampicin | Contraindicated in jaundice. |\n| Ethambutol | Contraindicated in optic neuritis. |")
    _article, draft = _draft(lexicon, body)
    warned = {(agent or "-").rsplit("/", 1)[-1] for _st, agent, _kind in draft.caution_facts}
    assert {"isoniazid", "rifampin", "ethambutol"} <= warned
