"""Bands that pages for neonates, infants and children print, and the places a band is printed (every phrase here is
invented for this test in our own words, its meaning decided before the importer was run on it).

At first sight a neonatal article lost most of its doses: bands by gestational or postmenstrual age in weeks
("<37 weeks' gestation", "30-34 weeks") were not read, because a number of weeks was taken for a course length unless
"old" followed it, and so the doses under them had no band (or took a neighbour's). What a reader takes from each:

- "<30 weeks' gestation", "less than 37 weeks gestational age", "born at 30-34 weeks", "corrected gestational age
  >= 35 weeks", "postmenstrual age (PMA) <=29 weeks", "GA 30-34 wk", "term (37 weeks or more)": the baby's gestation
  (or postmenstrual age), a band in weeks with that bound; the draft names the measure with the band.
- "postnatal age 0-7 days", "8-28 days" (a row label), "> 7 days old", "first 72 hours of life", "neonates (birth to
  28 days)": the age since birth; "birth" is printed as it stands, never turned into a number the page does not print.
- "<=29 weeks PMA, 0-28 days" (and a PMA lead-in over postnatal-age rows): a band of two measures; the dose is for
  both parts, never one part kept alone.
- A word band ("preterm", "term") has no number: no numeric band is made of it.
- Carriers: a lead-in line over bullets, a table whose first column holds the bands (named "Gestational age" or with
  the unit in the column's name), a table with the bands across its header, a band in brackets after the dose.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.dose_grammar import parse_statement
from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from import_quality import canonical_band  # noqa: E402  (the facts' conventions for a band)

ARTICLE = """What is the treatment of an invented neonatal test condition?

Last updated: May 5, 2021

Invented Neonatal Test Guidance

## {heading}

{body}

## References

1. An invented guidance title for a neonatal band test. Example Publisher, 2020.
"""


def _bands(text: str) -> list[tuple[str, str | None]]:
    return [(str(d.amount_min), d.band) for d in parse_statement(text, 1) if not d.amount_not_stated]


def _draft_doses(lexicon, heading: str, body: str) -> list[tuple[str, str, str | None]]:
    """(drug local name, amount, band) of every drafted dose of the invented article."""
    article, _ = read_any(ARTICLE.format(heading=heading, body=body).encode(), "neonatal-bands.md")
    draft = build_draft(article, lexicon, "neonatal-bands.md")
    return [((dd.therapy or "none").rsplit("/", 1)[-1], str(dd.dose.amount_min), dd.dose.band)
            for dd in draft.doses if not dd.dose.amount_not_stated]


@pytest.mark.parametrize(
    ("row", "bound", "measure"),
    [
        ("<30 weeks' gestation: 5 mg/kg IV every 48 hours", "<30 weeks", "gestational age"),
        ("Less than 37 weeks gestational age: 5 mg/kg IV every 48 hours", "<37 weeks", "gestational age"),
        ("37 weeks gestational age or more: 4 mg/kg IV every 24 hours", ">=37 weeks", "gestational age"),
        ("Babies born at 30-34 weeks: 4.5 mg/kg IV every 36 hours", "30-34 weeks", "gestational age"),
        ("Corrected gestational age ≥ 35 weeks: 4 mg/kg IV every 24 hours", ">=35 weeks", "corrected gestational age"),
        ("Postmenstrual age (PMA) ≤29 weeks: 5 mg/kg IV every 48 hours", "<=29 weeks", "postmenstrual age"),
        ("GA 30–34 wk: 4.5 mg/kg IV every 36 hours", "30-34 weeks", "gestational age"),
        ("Term (37 weeks or more): 4 mg/kg IV every 24 hours", ">=37 weeks", "gestational age"),
        ("Postnatal age 0-7 days: 50 mg/kg IV every 12 hours", "0-7 days", "postnatal age"),
    ],
)
def test_a_band_counted_in_weeks_of_gestation_or_days_since_birth_is_the_patients_band_with_its_measure(
        row, bound, measure):
    [(_amount, band)] = _bands(row)
    assert band is not None and canonical_band(band) == bound
    assert f"({measure})" in band  # the draft says how the age is counted, as the page does


@pytest.mark.parametrize(
    ("row", "bound"),
    [
        ("8-28 days: 50 mg/kg IV every 8 hours", "8-28 days"),
        ("> 7 days old: 50 mg/kg IV every 8 hours", ">7 days"),
        ("Infants 1-3 months: 30 mg/kg orally three times daily", "1-3 months"),
        ("1 month to 2 years: 125 mg orally three times daily", "1 month-2 years"),
        ("6 months-5 yrs: 250 mg orally three times daily", "6 months-5 years"),
        ("< 2 yr: 125 mg orally three times daily", "<2 years"),
        ("≥12 y: 500 mg orally three times daily", ">=12 years"),
        ("Adolescents 12-17 years: 500 mg orally three times daily", "12-17 years"),
        ("3-5 kg: 125 mg orally three times daily", "3-5 kg"),
        ("<10 kg: 250 mg orally three times daily", "<10 kg"),
        ("≥ 50 kg: 500 mg orally three times daily", ">=50 kg"),
    ],
)
def test_age_and_weight_bands_as_childrens_pages_print_them(row, bound):
    [(_amount, band)] = _bands(row)
    assert band is not None and canonical_band(band) == bound


def test_from_birth_is_kept_as_printed_and_the_first_hours_of_life_are_an_age():
    [(_a, band)] = _bands("Neonates (birth to 28 days): 50 mg/kg IV every 12 hours")
    assert band == "birth-28 days"  # no "0" the page does not print; the scorer reads it as 0-28 days
    [(_a, band)] = _bands("First 72 hours of life: 50 mg/kg IV every 12 hours")
    assert band == "first 72 hours"
    # the first hours of a course are no age band
    assert all(b is None for _a, b in _bands("Give 50 mg/kg IV every 12 hours for the first 72 hours"))


@pytest.mark.parametrize(
    ("row", "parts"),
    [
        ("≤29 weeks PMA, 0-28 days: 5 mg/kg IV every 48 hours", "<=29 weeks, 0-28 days"),
        ("≤29 weeks PMA, over 28 days: 4 mg/kg IV every 36 hours", "<=29 weeks, >28 days"),
        ("<30 weeks, 0-7 days: 5 mg/kg IV every 48 hours", "<30 weeks, 0-7 days"),
        ("Children 1-5 years, 10-18 kg: 250 mg orally twice daily", "1-5 years, 10-18 kg"),
    ],
)
def test_a_band_of_two_measures_keeps_both_parts(row, parts):
    [(_amount, band)] = _bands(row)
    assert canonical_band(band) == parts


@pytest.mark.parametrize(
    "sentence",
    [
        "Give 40 mg daily for 2-4 weeks: then stop",
        "Reduce to 5 mg daily over the next 3 days: review",
        "Prednisolone 40 mg daily for 6 weeks",
        "Give 50 mg/kg IV every 12 hours (for 6 weeks)",
    ],
)
def test_a_course_length_in_weeks_or_days_is_never_a_band(sentence):
    assert all(band is None for _amount, band in _bands(sentence))


@pytest.mark.parametrize("row", ["Preterm: 5 mg/kg IV every 48 hours", "Term neonates: 4 mg/kg IV every 24 hours",
                                 "Neonates: 50 mg/kg IV every 12 hours", "Elderly: 250 mg orally daily"])
def test_a_word_band_never_becomes_a_number_the_page_does_not_print(row):
    for _amount, band in _bands(row):
        assert band is None or not any(ch.isdigit() for ch in band)


def test_a_band_in_brackets_after_the_dose_is_that_doses_band():
    got = _bands("4.5 mg/kg IV every 36 hours (30-34 weeks)")
    assert [(a, canonical_band(b)) for a, b in got] == [("4.5", "30-34 weeks")]
    got = _bands("5 mg/kg IV every 48 hours (<30 weeks)")
    assert [(a, canonical_band(b)) for a, b in got] == [("5", "<30 weeks")]


def test_a_lead_in_of_gestation_over_rows_of_postnatal_age_gives_each_dose_both(lexicon):
    body = ("Postmenstrual age 29 weeks or less:\n\n- 0-28 days: 5 mg/kg IV every 48 hours\n"
            "- over 28 days: 4 mg/kg IV every 36 hours\n\nPostmenstrual age 30-34 weeks:\n\n"
            "- 0-14 days: 4.5 mg/kg IV every 36 hours\n- over 14 days: 4 mg/kg IV every 24 hours")
    got = {(drug, amount, canonical_band(band)) for drug, amount, band in _draft_doses(lexicon, "Gentamicin", body)}
    assert got == {("gentamicin", "5", "<=29 weeks, 0-28 days"), ("gentamicin", "4", "<=29 weeks, >28 days"),
                   ("gentamicin", "4.5", "30-34 weeks, 0-14 days"), ("gentamicin", "4", "30-34 weeks, >14 days")}


def test_a_table_of_gestational_age_rows_gives_each_row_its_band(lexicon):
    body = ("| Gestational age (weeks) | Dose | Interval |\n| --- | --- | --- |\n| <30 | 5 mg/kg IV | every 48 hours |\n"
            "| 30-34 | 4.5 mg/kg IV | every 36 hours |\n| ≥35 | 4 mg/kg IV | every 24 hours |")
    got = {(drug, amount, canonical_band(band)) for drug, amount, band in _draft_doses(lexicon, "Gentamicin", body)}
    assert got == {("gentamicin", "5", "<30 weeks"), ("gentamicin", "4.5", "30-34 weeks"),
                   ("gentamicin", "4", ">=35 weeks")}


# --- the property: any band, in any carrier, on exactly the doses under it ----------------------------------------

_HEADER = {"kg": "Weight", "weeks": "Gestational age", "days": "Postnatal age", "months": "Age", "years": "Age"}


@st.composite
def _band(draw, unit: str, lo_min: int, lo_max: int, measured: bool = True):
    """(printed band, the band by the facts' conventions); `measured`: weeks may name the gestation, days always
    say they are an age"""
    kind = draw(st.sampled_from(["closed", "under", "over", "at least", "up to"]))
    lo = draw(st.integers(lo_min, lo_max))
    hi = lo + draw(st.integers(1, 6))
    if kind == "closed":
        printed = draw(st.sampled_from([f"{lo}-{hi} {unit}", f"{lo} to {hi} {unit}", f"{lo}–{hi} {unit}"]))
        want = f"{lo}-{hi} {unit}"
    elif kind == "under":
        printed = draw(st.sampled_from([f"<{lo} {unit}", f"under {lo} {unit}", f"less than {lo} {unit}"]))
        want = f"<{lo} {unit}"
    elif kind == "over":
        printed = draw(st.sampled_from([f">{lo} {unit}", f"over {lo} {unit}", f"more than {lo} {unit}"]))
        want = f">{lo} {unit}"
    elif kind == "at least":
        printed = draw(st.sampled_from([f"≥{lo} {unit}", f"{lo} {unit} or more", f"{lo} {unit} and over",
                                        f"at least {lo} {unit}"]))
        want = f">={lo} {unit}"
    else:
        printed = draw(st.sampled_from([f"≤{lo} {unit}", f"{lo} {unit} or less", f"up to {lo} {unit}"]))
        want = f"<={lo} {unit}"
    if unit == "weeks" and measured and draw(st.booleans()):
        printed = printed.replace(" weeks", draw(st.sampled_from([" weeks' gestation", " weeks gestational age",
                                                                  " weeks PMA", " weeks of gestation"])), 1)
    if unit == "days" and measured:
        printed = draw(st.sampled_from([f"postnatal age {printed}", f"{printed} old"])) \
            if not printed.endswith(("more", "over", "less")) else f"postnatal age {printed}"
    return printed, want


_UNIT_RANGE = {"kg": (2, 40), "weeks": (24, 36), "days": (2, 20), "months": (2, 11), "years": (2, 12)}


@st.composite
def _case(draw):
    unit = draw(st.sampled_from(sorted(_UNIT_RANGE)))
    n = draw(st.integers(2, 3))
    carrier = draw(st.sampled_from(["rows", "lead-in", "table", "header", "after", "first-cell"]))
    # (a table whose first header cell is the drug's name prints each band alone in its cell)
    bands = [draw(_band(unit, *_UNIT_RANGE[unit], measured=carrier != "first-cell")) for _ in range(n)]
    if len({want for _p, want in bands}) < n:
        bands = bands[:1]
    hours = [6, 8, 12, 24, 36, 48]
    doses = [(f"{k + 2}", hours[k]) for k in range(len(bands))]
    if carrier == "after" and unit in ("days",):
        carrier = "rows"
    if carrier == "rows":
        body = "\n".join(f"- {p}: {a} mg/kg IV every {h} hours" for (p, _w), (a, h) in zip(bands, doses, strict=True))
    elif carrier == "lead-in":
        # (a line opening with ">" is a Markdown block quote, not a bound: the lead-in spells it)
        bands = [(f"over {p[1:]}" if p.startswith(">") else p, w) for p, w in bands]
        body = "\n\n".join(f"{p[0].upper()}{p[1:]}:\n\n- {a} mg/kg IV every {h} hours"
                           for (p, _w), (a, h) in zip(bands, doses, strict=True))
    elif carrier == "table":
        rows = "\n".join(f"| {p} | {a} mg/kg IV every {h} hours |" for (p, _w), (a, h) in zip(bands, doses, strict=True))
        body = f"| {_HEADER[unit]} | Dose |\n| --- | --- |\n{rows}"
    elif carrier == "header":
        head = " | ".join(p for p, _w in bands)
        cells = " | ".join(f"{a} mg/kg IV every {h} hours" for a, h in doses)
        body = f"| Drug | {head} |\n| --- |{' --- |' * len(bands)}\n| Gentamicin | {cells} |"
    elif carrier == "first-cell":
        rows = "\n".join(f"| {p} | {a} mg/kg IV every {h} hours |" for (p, _w), (a, h) in zip(bands, doses, strict=True))
        body = f"| Gentamicin | Dose |\n| --- | --- |\n{rows}"
    else:
        # ('(over 2 years)' after a dose may be how long it runs: a bracket after the dose spells the bound '>')
        bands = [(f">{p[5:]}" if p.startswith("over ") else p, w) for p, w in bands]
        body = "\n".join(f"- {a} mg/kg IV every {h} hours ({p})" for (p, _w), (a, h) in zip(bands, doses, strict=True))
    heading = "Antibiotic dosing" if carrier in ("header", "first-cell") else "Gentamicin"
    want = {("gentamicin", a, w) for (_p, w), (a, _h) in zip(bands, doses, strict=True)}
    return heading, body, want


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(case=_case())
def test_any_band_in_any_carrier_is_carried_on_exactly_the_doses_under_it(lexicon, case):
    heading, body, want = case
    got = {(drug, amount, canonical_band(band)) for drug, amount, band in _draft_doses(lexicon, heading, body)}
    assert got == want, body


def test_an_age_lead_in_over_weight_rows_is_named_for_the_curator_and_the_rows_keep_their_weight(lexicon):
    body = "Children 1 year and older:\n\n- 10-15 kg: 30 mg orally twice daily\n- over 40 kg: 75 mg orally twice daily"
    article, _ = read_any(ARTICLE.format(heading="Oseltamivir", body=body).encode(), "neonatal-bands.md")
    draft = build_draft(article, lexicon, "neonatal-bands.md")
    got = {(str(dd.dose.amount_min), canonical_band(dd.dose.band)) for dd in draft.doses}
    assert got == {("30", "10-15 kg"), ("75", ">40 kg")}
    needs = [n for s in draft.statements for n in s.needs if "1 year and older" in n]
    assert len(needs) == 2 and all("curator" in n for n in needs)  # never silently half


def test_the_scorer_compares_an_age_in_weeks_by_its_bound_not_by_how_it_is_counted():
    same = ["<37 weeks' gestation", "under 37 weeks (gestational age)", "<37 weeks", "less than 37 weeks gestational age"]
    assert {canonical_band(b) for b in same} == {"<37 weeks"}
    assert canonical_band("≤29 weeks PMA, 0-28 days") == canonical_band("up to 29 weeks (postmenstrual age), 0-28 days")
    assert canonical_band("birth to 28 days") == canonical_band("birth-28 days") == "0-28 days"
    # a bound still tells bands apart, as it does for weights
    assert canonical_band("over 37 weeks (gestational age)") != canonical_band("37 weeks or more (gestational age)")
    assert canonical_band("30-34 weeks, 0-7 days") != canonical_band("30-34 weeks")


def test_the_draft_names_the_measure_with_the_band_in_its_schedule_note(lexicon):
    article, _ = read_any(ARTICLE.format(heading="Gentamicin", body="- <30 weeks' gestation: 5 mg/kg IV every 48 hours")
                          .encode(), "neonatal-bands.md")
    draft = build_draft(article, lexicon, "neonatal-bands.md")
    assert 'for patients in the band under 30 weeks (gestational age)' in draft.ttl


def test_a_gestation_named_in_words_labels_its_row_as_printed():
    assert _bands("Preterm: 5 mg/kg IV every 48 hours; term: 4 mg/kg IV every 24 hours") == [
        ("5", "preterm"), ("4", "term")]
    assert _bands("Term neonates: 4 mg/kg IV every 24 hours") == [("4", "term neonates")]
    # "long-term" and "short term" say how long, never who
    assert _bands("Long-term: 10 mg daily") == [("10", None)]
    assert _bands("Short term: 10 mg daily") == [("10", None)]


def test_a_table_of_postmenstrual_and_postnatal_age_gives_each_row_both_parts(lexicon):
    # the PMA cell is merged over two rows (blank below it), as neonatal dosing tables print it
    body = ("| PMA (weeks) | Postnatal age (days) | Dose | Interval |\n| --- | --- | --- | --- |\n"
            "| ≤29 | 0-7 | 5 mg/kg IV | every 48 hours |\n| | 8-28 | 4 mg/kg IV | every 36 hours |\n"
            "| 30-34 | 0-7 | 4.5 mg/kg IV | every 36 hours |\n| | over 7 | 3 mg/kg IV | every 24 hours |")
    got = {(drug, amount, canonical_band(band)) for drug, amount, band in _draft_doses(lexicon, "Gentamicin", body)}
    assert got == {("gentamicin", "5", "<=29 weeks, 0-7 days"), ("gentamicin", "4", "<=29 weeks, 8-28 days"),
                   ("gentamicin", "4.5", "30-34 weeks, 0-7 days"), ("gentamicin", "3", "30-34 weeks, >7 days")}


@pytest.mark.parametrize(
    ("sentence", "bound"),
    [
        ("Babies born before 32 weeks: 5 mg/kg IV every 48 hours", "<32 weeks"),
        ("Gentamicin 5 mg/kg IV every 36 hours if born at less than 32 weeks", "<32 weeks"),
        ("Gentamicin 5 mg/kg IV every 36 hours if born before 32 weeks", "<32 weeks"),
        ("Neonates 0–7 days (PNA): 50 mg/kg IV every 12 hours", "0-7 days"),
        ("Gestational age < 32 weeks and postnatal age < 7 days: 5 mg/kg IV every 48 hours", "<32 weeks, <7 days"),
    ],
)
def test_a_gestation_said_of_the_birth_or_after_the_dose_is_the_doses_band(sentence, bound):
    [(_amount, band)] = _bands(sentence)
    assert band is not None and canonical_band(band) == bound


def test_a_bound_printed_without_a_unit_is_kept_as_printed_and_flagged(lexicon):
    assert _bands("Adults and children over 12: 500 mg orally three times daily") == [("500", "over 12")]
    assert _bands("Children older than 12: 500 mg orally three times daily") == [("500", "over 12")]
    # an amount is never taken for a band
    assert all(b is None for _a, b in _bands("Give 500 mg to adults, up to 60 mg/kg"))
    article, _ = read_any(ARTICLE.format(heading="Amoxicillin", body="- Adults and children over 12: 500 mg orally "
                                         "three times daily").encode(), "neonatal-bands.md")
    draft = build_draft(article, lexicon, "neonatal-bands.md")
    assert any("no unit" in n and "curator" in n for s in draft.statements for n in s.needs)


def test_a_table_whose_first_header_cell_names_the_drug_gives_each_band_row_to_that_drug(lexicon):
    # the section heading names only a class: the rows are gentamicin's, never the class's
    body = ("| Gentamicin | Dose |\n| --- | --- |\n| <30 weeks | 5 mg/kg IV every 48 hours |\n"
            "| 30-34 weeks | 4.5 mg/kg IV every 36 hours |\n| ≥35 weeks | 4 mg/kg IV every 24 hours |")
    got = {(drug, amount, canonical_band(band)) for drug, amount, band in _draft_doses(lexicon, "Antibiotic dosing", body)}
    assert got == {("gentamicin", "5", "<30 weeks"), ("gentamicin", "4.5", "30-34 weeks"),
                   ("gentamicin", "4", ">=35 weeks")}


def test_a_band_said_of_the_patients_a_dose_is_given_to_is_that_doses_never_the_next_ones():
    got = _bands("Give gentamicin 5 mg/kg IV every 48 hours to babies under 30 weeks' gestation and 4 mg/kg IV every "
                 "24 hours to those of 35 weeks or more.")
    assert [(a, canonical_band(b)) for a, b in got] == [("5", "<30 weeks"), ("4", ">=35 weeks")]
    # a course length after 'for' stays a course
    assert all(b is None for _a, b in _bands("Give 500 mg daily to patients for 7 days or more"))


@pytest.mark.parametrize(
    ("row", "band"),
    [
        ("1 month – < 12 years: 10 mg/kg IV every 8 hours", "1 month to under 12 years"),
        ("1 month to under 2 years: 125 mg orally three times daily", "1 month to under 2 years"),
        ("6 months to <5 years: 250 mg orally three times daily", "6 months to under 5 years"),
    ],
)
def test_a_half_open_band_whose_ends_are_in_different_units_keeps_its_lower_end(row, band):
    assert _bands(row) == [(row.split(": ")[1].split(" ")[0], band)]


def test_long_term_in_brackets_is_a_time_never_a_gestation():
    for row in ("Long-term (6 weeks or more): 5 mg orally daily", "Short term (up to 2 weeks): 10 mg orally daily"):
        assert all(band is None for _a, band in _bands(row))
    [(_a, band)] = _bands("Term (37 weeks or more): 4 mg/kg IV every 24 hours")
    assert band is not None and "gestational age" in band
