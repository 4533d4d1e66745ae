"""A band table flattened to text one cell a line, as real guideline pages copy out of a browser: the column names
on lines of their own first ("Age" / "Dose"), then each row's band cell over its dose cell ("Under 6 months" /
"100 micrograms" / "6-12 years" / "300 micrograms"), with or without blank lines between the cells; and a band
line over a drug's dose line under a table caption ("1 month to 11 months" / "Amoxicillin 125 mg three times a day").
Each band line is the band of the dose line under it, never of another row; a bare range printed under a dose with no
band column above it stays that dose's course.

The pages are invented in the shape of the NHS trust, NICE CKS-like and Australian pages the real-page round read;
what each test expects is what the invented text tells a prescriber, not what the program printed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.markdown import read_any
from tests.draft_reading import treatment_draft


def _doses(lexicon, body: str, name: str = "flattened.txt") -> dict[Decimal, tuple[str, str | None]]:
    draft = treatment_draft(lexicon, body, test="flattened band cells", name=name)
    return {dd.dose.amount_min: ((dd.therapy or "none").rsplit("/", 1)[-1], dd.dose.band)
            for dd in draft.doses if not dd.dose.amount_not_stated}


AGE_DOSE_CELLS = ["Adrenaline IM dose by age", "Age", "Dose", "Under 6 months", "100 micrograms",
                  "6 months to 6 years", "150 micrograms", "6-12 years", "300 micrograms", "Adults", "500 micrograms"]


@pytest.mark.parametrize("gap", ["\n", "\n\n"], ids=["one cell a line", "blank lines between cells"])
def test_each_band_cell_is_the_band_of_the_dose_cell_under_it(lexicon, gap):
    # the page says: under 6 months 100 micrograms, 6 months to 6 years 150, 6 to 12 years 300, adults 500
    doses = _doses(lexicon, gap.join(AGE_DOSE_CELLS))
    assert doses[Decimal("100")][1] == "under 6 months", doses
    assert doses[Decimal("150")][1] == "6 months-6 years", doses
    assert doses[Decimal("300")][1] == "6-12 years", doses
    # 'Adults' names no band: the adult dose must never take a child's band from a row above it
    assert doses[Decimal("500")][1] is None, doses


@pytest.mark.parametrize("gap", ["\n", "\n\n"], ids=["one cell a line", "blank lines between cells"])
def test_the_drug_of_the_caption_keeps_every_row_of_a_flattened_table(lexicon, gap):
    # between blank lines the caption and the column names ('Age', 'Dose') read as headings of their own: the
    # column names do not cut the band rows off from the drug named over them
    doses = _doses(lexicon, gap.join(AGE_DOSE_CELLS))
    assert {drug for drug, _ in doses.values()} == {"epinephrine"}, doses


CAPTIONED_ROWS = ["Table 2: Oral antibiotic doses for children",
                  "1 month to 11 months", "Amoxicillin 125 mg three times a day for 5 days",
                  "1 year to 4 years", "Amoxicillin 250 mg three times a day for 5 days",
                  "5 years to 17 years", "Amoxicillin 500 mg three times a day for 5 days"]


@pytest.mark.parametrize("gap", ["\n", "\n\n"], ids=["one cell a line", "blank lines between cells"])
def test_a_band_line_under_a_caption_is_the_band_of_the_drug_dose_under_it(lexicon, gap):
    # a range of one unit repeated ('1 year to 4 years') is a band when it labels a row, as '1-4 years:' is
    doses = _doses(lexicon, gap.join(CAPTIONED_ROWS))
    assert doses[Decimal("125")] == ("amoxicillin", "1-11 months"), doses
    assert doses[Decimal("250")] == ("amoxicillin", "1-4 years"), doses
    assert doses[Decimal("500")] == ("amoxicillin", "5-17 years"), doses


def test_a_bare_range_under_a_dose_with_no_band_column_stays_its_course(lexicon):
    # 'Amoxicillin' / '500 mg three times a day' / '6-12 months': how long to give it, not whom it is for
    doses = _doses(lexicon, "Antibiotic choices\nAmoxicillin\n500 mg three times a day\n6-12 months\n"
                   "Clarithromycin\n250 mg twice a day\n5 days")
    assert doses[Decimal("500")] == ("amoxicillin", None), doses


def test_a_heading_that_opens_on_an_age_is_not_a_numbered_section():
    # '6 months to 6 years' is a band, not section 6: the band heading after it ('6-12 years') is its sibling, so it
    # cannot read the band of the heading before it
    body = "\n\n".join(["Under 6 months", "100 micrograms", "6 months to 6 years", "150 micrograms", "6-12 years",
                        "300 micrograms", "Adults", "500 micrograms"])
    text = ("Treatment of an Invented Condition (Invented Test Guidance)\n\nLast updated: May 5, 2021\n\n"
            f"Treatment\n\n{body}\n\nReferences\n\n1) An invented title. Example Publisher. 2020.\n")
    article, _ = read_any(text.encode(), "numbered.txt")
    outer = {i.heading: i.outer for i in article.items}
    assert "6 months to 6 years" not in outer.get("6-12 years", ()), outer
    assert "6 months to 6 years" not in outer.get("Adults", ()), outer


_AGES = st.lists(st.integers(1, 17), min_size=3, max_size=5, unique=True).map(sorted)


@settings(max_examples=20, deadline=None)
@given(ages=_AGES, gap=st.sampled_from(["\n", "\n\n"]), header=st.sampled_from(["Age", "Age group", "Weight"]),
       unit=st.sampled_from(["years", "yrs"]), join=st.sampled_from(["-", " to ", " - "]))
def test_no_dose_cell_takes_the_band_of_another_row(lexicon, ages, gap, header, unit, join):
    # rows 'a-b years' / 'N mg' with distinct amounts: each amount is drafted with its own row's band or none
    rows = list(zip(ages, ages[1:], strict=False))
    cells = ["Paracetamol oral dose", header, "Dose"]
    want: dict[Decimal, str] = {}
    for k, (lo, hi) in enumerate(rows):
        amount = Decimal(100 + 10 * k)
        cells += [f"{lo}{join}{hi} {unit}", f"{amount} mg"]
        want[amount] = f"{lo}-{hi} years"
    doses = _doses(lexicon, gap.join(cells))
    for amount, band in want.items():
        assert amount in doses, (cells, doses)
        assert doses[amount][1] in (band, None), (cells, doses)
        assert doses[amount][0] == "acetaminophen", (cells, doses)
