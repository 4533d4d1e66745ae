"""A dose table a browser's copy printed one cell a line (every page here is written for this test, in the way a
clinical reference site's age table reads once copied as text):

    Doses of emergency drugs:

    Drugs
    Adult or child older than 12 years
    Child aged 6-12 years
    Child aged under 6 months
    Adrenaline (IM) 1:1000
    500 micrograms (0.5 mL)
    300 micrograms (0.3 mL)
    100-150 micrograms (0.1 to 0.15 mL)

A reader sees the table: each amount is the dose for the column's patients. It is read only when it cannot be
anything else (a first line naming what the rows are, two or more lines naming patients, then a label and exactly one
amount per column), and the page is told so. Before this rule every line was a paragraph or a heading of its own, and
the amounts were drafted with no band (a real GPnotebook page: 0 of its 5 doses right).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

BANDS = [("Adult or child older than 12 years", "over 12 years"), ("Child aged 6-12 years", "6-12 years"),
         ("Child aged 6 months - 6 years", "6 months-6 years"), ("Child aged under 6 months", "under 6 months"),
         ("Weight 10-15 kg", "10-15 kg")]

PAGE = """Invented Stacked Table Guidance for a Test Anaphylaxis

Last updated: May 5, 2021

Treatment

Doses of emergency drugs:
{table}

Call for help after the first dose.

References

1. An invented guidance title for a stacked table test. Example Publisher, 2020.
"""


def draft_of(lexicon, lines: list[str], gap: str):
    text = PAGE.format(table="\n" + gap.join(line + "\n" for line in lines))
    article, _ = read_any(text.encode(), "stacked.txt")
    return article, build_draft(article, lexicon, "stacked.txt")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bands=st.lists(st.sampled_from(BANDS), min_size=2, max_size=4, unique=True),
       amounts=st.lists(st.integers(min_value=10, max_value=900), min_size=4, max_size=4),
       drug=st.sampled_from([("Adrenaline (IM) 1:1000", "adrenaline", "intramuscular"),
                             ("Intramuscular adrenaline 1 in 1000", "adrenaline", "intramuscular"),
                             ("Chlorphenamine (IM or slow IV)", "chlorphenamine", None)]),
       gap=st.sampled_from(["", "\n"]))
def test_each_amount_of_a_stacked_table_is_the_dose_for_its_columns_patients(lexicon, bands, amounts, drug, gap):
    cells = [f"{amount} micrograms" for amount in amounts[: len(bands)]]
    article, draft = draft_of(lexicon, ["Drugs", *(b for b, _ in bands), drug[0], *cells], gap)
    iri = lexicon.therapies(drug[1])[0].iri
    got = sorted((int(dd.dose.amount_min), dd.dose.band) for dd in draft.doses
                 if dd.therapy == iri and not dd.dose.amount_not_stated)
    want = sorted((amount, band) for amount, (_, band) in zip(amounts, bands, strict=False))
    assert [a for a, _ in got] == [a for a, _ in want], got
    assert all(band is not None for _, band in got), got
    assert any("one cell a line" in why for _, why in article.problems)
    if drug[2]:
        assert {dd.dose.route for dd in draft.doses if dd.therapy == iri and not dd.dose.amount_not_stated} == {drug[2]}


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bands=st.lists(st.sampled_from(BANDS), min_size=2, max_size=4, unique=True), extra=st.integers(1, 2))
def test_a_run_whose_amounts_do_not_fill_the_columns_is_not_read_as_a_table(lexicon, bands, extra):
    # one amount too few or too many: which column each belongs to is not said, so the lines stay as printed
    count = len(bands) - 1 if extra == 1 else len(bands) + 1
    cells = [f"{100 + k} micrograms" for k in range(count)]
    article, _ = draft_of(lexicon, ["Drugs", *(b for b, _ in bands), "Adrenaline (IM) 1:1000", *cells], "\n")
    assert not any("one cell a line" in why for _, why in article.problems)
