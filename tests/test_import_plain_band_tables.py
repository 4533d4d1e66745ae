"""Dose tables printed as plain text, titration schedules by day and day-by-day courses (branch fixTB).

Written from what each phrase says, every article invented here in our own words and laid out as unseen pages lay
them out (a drug line, then indented rows of a band and an amount set apart by spaces, with no row of column names).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from kg.sources.tables import aligned_header


def _doses(lexicon, text: str, name: str = "page.txt") -> list[tuple]:
    """(drug, amount, unit, band) of every dose the draft gives, sorted."""
    article, _ = read_any(text.encode(), name)
    draft = build_draft(article, lexicon, name)
    return sorted((dd.therapy.rsplit("/", 1)[-1] if dd.therapy else None, str(dd.dose.amount_min)
                   + (f"-{dd.dose.amount_max}" if dd.dose.amount_max != dd.dose.amount_min else ""),
                   dd.dose.unit, dd.dose.band)
                  for dd in draft.doses if not dd.dose.amount_not_stated)


RENAL_TABLE = """Bone Disease Test Page (Invented Test Guidance)

Updated 2024-05-02

Bisphosphonates

Zoledronic acid, IV over at least 15 minutes:
{i}CrCl over 60 mL/min{s}4 mg
{i}CrCl 50-60 mL/min{s}3.5 mg
{i}CrCl 40-49 mL/min{s}3.3 mg
{i}CrCl 30-39 mL/min{s}3 mg
"""


@pytest.mark.parametrize(("indent", "gap"), [("    ", "      "), ("  ", "   "), ("\t", "\t\t"), ("", "    ")])
def test_the_first_row_of_a_band_table_with_no_column_names_is_a_dose_of_its_own_band(lexicon, indent, gap):
    # The first row ('CrCl over 60 mL/min   4 mg') had been taken for a row of column names, so its 4 mg was read into
    # every band below it (4 mg for CrCl 30-39) and its own band lost: every row is the dose of its own band.
    got = _doses(lexicon, RENAL_TABLE.format(i=indent, s=gap))
    assert got == [
        ("zoledronic-acid", "3", "mg", "CrCl 30-39 mL/min"),
        ("zoledronic-acid", "3.3", "mg", "CrCl 40-49 mL/min"),
        ("zoledronic-acid", "3.5", "mg", "CrCl 50-60 mL/min"),
        ("zoledronic-acid", "4", "mg", "CrCl >60 mL/min"),
    ]


@given(band=st.sampled_from(["CrCl 50-60 mL/min", "Weight 10-20 kg", "Age 2-5 years", "Corrected calcium up to 3"]),
       amount=st.decimals(min_value="0.5", max_value="900", places=1).map(str),
       unit=st.sampled_from(["mg", "g", "mcg", "micrograms", "mL", "units", "mmol"]),
       gap=st.integers(min_value=2, max_value=8))
@settings(max_examples=60, deadline=None)
def test_a_line_with_a_cell_that_is_an_amount_is_never_a_row_of_column_names(band, amount, unit, gap):
    assert aligned_header(f"  {band}{' ' * gap}{amount} {unit}") is None


@pytest.mark.parametrize("line", ["Weight  Dose  Frequency", "Age band    Oral dose (mg/kg)    Maximum",
                                  "Drug   Dose per 24 hours   Notes"])
def test_column_names_are_still_a_header(line):
    assert aligned_header(line) is not None

