"""A table of one row: a page that doses a single drug in a table prints a header of column names and one line of
cells under it ("Drug  Dose  Frequency  Duration" over "Flucloxacillin  500 mg orally  four times a day  7 days"). A
reader sees a table; the plain-text reader needed two rows, so the header became a heading and the row's cells ran
together, losing what the Duration column says. Every line here is invented for this test in our own words; what it
should draft was decided before the importer was run on it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

TXT = ("Impetigo in adults: invented test guidance\n\nLast updated: 2024-03-03\n\nTreatment\n\n"
       "Widespread impetigo needs an antibiotic by mouth.\n\n{table}\n\nMonitoring\n\nReview after 7 days.\n\n"
       "References\n1. A. Work. Pub; 2020.\n")


def _read(table: str):
    text = TXT.format(table=table)
    article, _ = read_any(text.encode(), "t.txt")
    assert article.unaccounted(text) == []
    return article


def _doses(lexicon, table: str) -> set[tuple]:
    article = _read(table)
    draft = build_draft(article, lexicon, "t.txt")
    return {((dd.therapy or "-").rsplit("/", 1)[-1], dd.dose.amount_min, dd.dose.unit, dd.dose.per, dd.dose.route,
             dd.dose.times_per_day, dd.dose.duration) for dd in draft.doses if not dd.dose.amount_not_stated}


ONE_ROW = ("Drug            Dose             Frequency            Duration\n"
           "Flucloxacillin  500 mg orally    four times a day     7 days")


def test_a_header_over_one_aligned_row_is_a_table_not_a_heading(lexicon):
    article = _read(ONE_ROW)
    assert "Drug            Dose             Frequency            Duration" not in article.headings
    assert [i.heading for i in article.items if i.text.startswith("Flucloxacillin")] == ["Treatment"]
    durations = {d[-1] for d in _doses(lexicon, ONE_ROW) if d[0] == "flucloxacillin"}
    assert len(durations) == 1 and "7" in str(durations.pop())


def test_a_header_over_one_row_of_cells_set_apart_by_tabs_is_a_table_too(lexicon):
    tabbed = "Drug\tDose\tFrequency\tDuration\nFlucloxacillin\t500 mg orally\tfour times a day\t7 days"
    assert _doses(lexicon, tabbed) == _doses(lexicon, ONE_ROW)


def test_two_lines_with_wide_spaces_inside_a_paragraph_are_not_a_table():
    # no blank line above the first: the lines are prose a page happened to space widely
    article = _read("Give it  by mouth  with food\nTake it  after  meals")
    assert not article.table_rows


@settings(max_examples=25, deadline=None)
@given(widths=st.lists(st.integers(2, 6), min_size=3, max_size=3),
       drug=st.sampled_from(["Flucloxacillin", "Clarithromycin", "Doxycycline"]),
       duration=st.sampled_from(["5 days", "7 days", "10 days"]))
def test_one_row_under_column_names_is_read_with_every_cell_under_its_column(widths, drug, duration):
    names, cells = ["Drug", "Dose", "Frequency", "Duration"], [drug, "500 mg orally", "twice a day", duration]
    cols = [max(len(a), len(b)) for a, b in zip(names, cells, strict=True)]
    row = lambda parts: "".join(p.ljust(c + w) for p, c, w in zip(parts, cols, [*widths, 0], strict=True)).rstrip()  # noqa: E731
    article = _read(row(names) + "\n" + row(cells))
    [item] = [i for i in article.items if i.text.startswith(drug)]
    assert duration in item.text and item.heading == "Treatment"
