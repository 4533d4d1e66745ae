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
from tests.draft_reading import build_errors


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


def _given(text: str) -> list[tuple[str, str | None, int | None]]:
    """(amount, per, times a day) of every amount the grammar reads as a dose to give (no titration step)."""
    from kg.importer.dose_grammar import parse_statement

    return [(str(d.amount_min) + (f"-{d.amount_max}" if d.amount_max != d.amount_min else ""), d.per, d.times_per_day)
            for d in parse_statement(text, 1)
            if not (d.amount_not_stated or d.titration or d.strength or d.rate or d.level)]


@pytest.mark.parametrize(
    "text",
    [
        "Offer gabapentin 300 mg once on day 1, 300 mg twice daily on day 2, 300 mg three times daily on day 3, then "
        "increase by 300 mg a day every 3-7 days to a usual 900-3600 mg a day in 3 divided doses (max 3600 mg a day)",
        "Gabapentin: 300 mg once on the first day, 300 mg twice a day on the second day and 300 mg three times a day "
        "on the third day, then raise by 300 mg a day every 3 to 7 days to a usual 900-3600 mg a day in 3 divided "
        "doses (max 3600 mg a day)",
        "gabapentin 300 mg at night on day 1, 300 mg twice daily on day 2, 300 mg three times daily on day 3; the usual"
        " dose is 900-3600 mg a day in 3 divided doses (max 3600 mg a day)",
    ],
)
def test_amounts_given_day_by_day_as_a_schedule_builds_up_are_titration_steps_not_doses(text):
    # the day-1/2/3 amounts had each been drafted as a dose of 300 mg; only the maintenance range is a dose
    assert _given(text) == [("900-3600", "day", 3)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # days that do not follow one another are two injections, each a dose
        ("Paliperidone palmitate 150 mg IM on day 1 and 100 mg IM on day 8", [("150", "dose", None),
                                                                               ("100", "dose", None)]),
        # a first day set against a run of days: a loading dose, then the course
        ("Azithromycin 500 mg on day 1, then 250 mg once daily on days 2 to 5", [("500", "dose", None),
                                                                                 ("250", "day", 1)]),
    ],
)
def test_amounts_on_days_that_are_not_a_day_by_day_build_up_stay_doses(text, want):
    assert [(a, p) for a, p, _t in _given(text)] == [(a, p) for a, p, _t in want]


def _course(text: str) -> list[tuple]:
    """(amount, count, times a day, duration) of every dose to give, as the facts write them."""
    from kg.importer.dose_grammar import parse_statement

    out = []
    for d in parse_statement(text, 1):
        if d.amount_not_stated or d.titration or d.strength or d.rate or d.level:
            continue
        duration = f"{d.duration[0]} {d.duration[2]}" if d.duration else None
        out.append((str(d.amount_min), d.doses and d.doses[0], d.times_per_day, duration))
    return out


@pytest.mark.parametrize(
    "text",
    [
        "Azithromycin 500 mg on day 1, then 250 mg once daily on days 2 to 5",
        "Azithromycin 500 mg on day one, then 250 mg once daily on days two to five",
        "azithromycin 500 mg orally on day 1, then 250 mg orally once a day on days two-five",
        "Azithromycin 500 mg on day one then 250 mg once daily on days two through five",
    ],
)
def test_a_first_day_then_a_run_of_days_written_in_words_or_digits_is_one_loading_dose_then_a_course(text):
    # 'on days two to five' had been read as no days at all: the 250 mg lost its 4-day course
    assert _course(text) == [("500", 1, None, None), ("250", None, 1, "4 day")]


def test_a_run_of_days_written_as_ordinals_is_the_course_of_its_dose():
    got = _course("then 250 mg once a day on the second to fifth days")
    assert got == [("250", None, 1, "4 day")]


@given(first=st.integers(min_value=1, max_value=11), length=st.integers(min_value=1, max_value=6),
       words=st.booleans())
@settings(max_examples=40, deadline=None)
def test_a_run_of_days_in_words_reads_as_the_same_run_in_digits(first, length, words):
    names = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
    last = min(first + length, 12)
    a, b = (names[first - 1], names[last - 1]) if words else (str(first), str(last))
    assert _course(f"Give 100 mg once daily on days {a} to {b}") == _course(
        f"Give 100 mg once daily on days {first} to {last}")


CALCIUM_TABLE = """Hypercalcaemia Test Page (Invented Test Guidance)

Updated 2024-05-02

Bisphosphonates

Pamidronate, by slow intravenous infusion, as a single infusion per course:
{i}{q} calcium up to 3.0 mmol/L{s}15-30 mg
{i}{q} calcium 3.0-3.5 mmol/L{s}30-60 mg
{i}{q} calcium 3.5-4.0 mmol/L{s}60-90 mg
"""


@pytest.mark.parametrize("qualifier", ["Corrected", "Adjusted", "Albumin-corrected", "Corrected serum"])
@pytest.mark.parametrize(("indent", "gap"), [("  ", "     "), ("\t", "\t"), ("    ", "  ")])
def test_a_row_keyed_by_corrected_calcium_is_a_dose_of_the_drug_above_for_that_calcium_band(
        lexicon, qualifier, indent, gap):
    # 'Corrected calcium up to 3.0 mmol/L   15-30 mg' had been drafted as 15-30 mg of calcium (the measure read as a
    # drug: a dose given to the wrong drug) with no band; the rows are pamidronate's, each for its calcium band
    got = _doses(lexicon, CALCIUM_TABLE.format(i=indent, q=qualifier, s=gap))
    assert got == [
        ("pamidronate", "15-30", "mg", "corrected calcium <=3 mmol/L"),
        ("pamidronate", "30-60", "mg", "corrected calcium 3-3.5 mmol/L"),
        ("pamidronate", "60-90", "mg", "corrected calcium 3.5-4 mmol/L"),
    ]


UNNAMED_TABLE = """Hypercalcaemia Test Page (Invented Test Guidance)

Updated 2024-05-02

Bisphosphonates

Pamidronate disodium by slow IV infusion, as a single infusion per course, by adjusted calcium:
  Up to 3.0 mmol/L        15-30 mg
  3.0-3.5 mmol/L          30-60 mg
  Over 4.0 mmol/L         90 mg
"""


def _lab_bands(lexicon, text: str) -> tuple[list[tuple[str, str, str | None]], str]:
    """The (drug, amount, band) of each drafted dose of a page, and every note the draft leaves for the curator."""
    article, _ = read_any(text.encode(), "page.txt")
    draft = build_draft(article, lexicon, "page.txt")
    got = sorted((dd.therapy.rsplit("/", 1)[-1], str(dd.dose.amount_min), dd.dose.band) for dd in draft.doses
                 if not dd.dose.amount_not_stated)
    return got, " ".join(n for s in draft.statements for n in s.needs)


def test_a_laboratory_band_printed_with_no_measure_on_its_row_is_kept_as_printed_and_flagged(lexicon):
    got, needs = _lab_bands(lexicon, UNNAMED_TABLE)
    # the band is never dropped (the doses had been drafted for every patient) and no measure is supplied
    assert got == [("pamidronate", "15", "<=3 mmol/L"), ("pamidronate", "30", "3-3.5 mmol/L"),
                   ("pamidronate", "90", ">4 mmol/L")]
    assert needs.count("is a laboratory value with no measure modelled for it") == 3


def test_a_laboratory_band_named_by_a_measure_not_modelled_keeps_its_words_and_is_flagged(lexicon):
    text = UNNAMED_TABLE.replace("  Up to 3.0", "  Serum calcium up to 3.0").replace("  3.0-3.5", "  Serum calcium 3.0-3.5")
    got, needs = _lab_bands(lexicon, text)
    assert got == [("pamidronate", "15", "serum calcium <=3 mmol/L"), ("pamidronate", "30", "serum calcium 3-3.5 mmol/L"),
                   ("pamidronate", "90", ">4 mmol/L")]
    assert needs.count("is a laboratory value with no measure modelled for it") == 3


def test_the_calcium_band_is_modelled_as_a_corrected_calcium_band_and_passes_kg_build(lexicon, tmp_path):

    from rdflib import Graph

    from kg.vocab.namespaces import KGV

    article, _ = read_any(CALCIUM_TABLE.format(i="  ", q="Corrected", s="    ").encode(), "calcium.txt")
    draft = build_draft(article, lexicon, "calcium.txt")
    g = Graph().parse(data=draft.ttl, format="turtle")
    bands = sorted((str(g.value(b, KGV.bandMeasure)).rsplit("#", 1)[-1], str(g.value(b, KGV.bandLow)),
                    str(g.value(b, KGV.bandHigh)), str(g.value(b, KGV.bandUnit)))
                   for b in g.objects(None, KGV.forBand))
    assert bands == [("CorrectedCalcium", "3", "3.5", "mmol/L"), ("CorrectedCalcium", "3.5", "4", "mmol/L"),
                     ("CorrectedCalcium", "None", "3", "mmol/L")]
    assert not build_errors(draft, tmp_path)


@given(drug=st.sampled_from(["pamidronate", "zoledronic acid", "ibandronic acid"]),
       qualifier=st.sampled_from(["corrected", "adjusted", "ionised"]),
       lo=st.decimals(min_value="2.0", max_value="4.0", places=1), amount=st.integers(min_value=1, max_value=90))
@settings(max_examples=30, deadline=None)
def test_a_calcium_value_of_the_patient_is_never_the_drug_a_dose_is_given_to(lexicon, drug, qualifier, lo, amount):
    text = (f"Bone Test Page (Invented Test Guidance)\n\nUpdated 2024-05-02\n\nTreatment\n\n{drug.capitalize()} IV:\n"
            f"  {qualifier} calcium {lo}-{lo + 1} mmol/L    {amount} mg\n")
    assert all(d != "calcium" for d, *_ in _doses(lexicon, text))


@pytest.mark.parametrize("text", ["azithromycin 500 mg once on the first day, then 250 mg once a day on the second to "
                                  "fifth days",
                                  "Azithromycin 500 mg orally once on the first day, then 250 mg once daily on days 2-5"])
def test_an_amount_given_once_on_the_first_day_is_one_administration(text):
    # 'once on the first day' had been read with no count (the first day's amount, however split): 'once' says one
    assert _course(text) == [("500", 1, None, None), ("250", None, 1, "4 day")]


def test_an_amount_on_the_first_day_with_no_once_guesses_no_count():
    assert _course("Doxycycline 200 mg on the first day, then 100 mg once daily for 4 days")[0] == (
        "200", None, None, None)


LEAD_IN_DOSE = """Bone Test Page (Invented Test Guidance)

Updated 2024-05-02

Bisphosphonates

Zoledronic acid 4 mg IV; with renal impairment:
   CrCl 50-60   3.5 mg
   CrCl 40-49   3.3 mg
"""


def test_an_amount_a_lead_in_states_for_itself_is_reported_never_lost_without_a_word(lexicon):
    # the lead-in's 4 mg (the usual dose) drafted nothing and was named nowhere in the summary
    article, _ = read_any(LEAD_IN_DOSE.encode(), "page.txt")
    draft = build_draft(article, lexicon, "page.txt")
    needs = " ".join(n for s in draft.statements for n in s.needs)
    assert "the lead-in states the amount '4 mg', not drafted" in needs
    # and nothing is guessed: the rows keep their own amounts and bands, no 4 mg dose is invented
    got = _doses(lexicon, LEAD_IN_DOSE)
    assert got == [("zoledronic-acid", "3.3", "mg", "CrCl 40-49"), ("zoledronic-acid", "3.5", "mg", "CrCl 50-60")]
