"""Tables printed as text with a rule under their column names, and rows whose label cell spans several lines beside
more than one drug (every page here is written for this test, in the way a trust's antibiotic guideline pasted as
text prints its regimens):

      Regimen                       Drug and dose                 Frequency
      ---------------------------------------------------------------------
      Standard                      Co-amoxiclav 1.2 g IV         8-hourly
      Alternative (penicillin       Cefuroxime 1.5 g IV           8-hourly
      allergy)                      with metronidazole 500 mg IV  8-hourly
      Alternative (anaphylaxis      Gentamicin 5 mg/kg IV         once daily
      to a penicillin)              (maximum 480 mg per dose)
                                    with metronidazole 500 mg IV  8-hourly

A reader takes the first line for the column names (the rule under it is the table's furniture, not the underline of
a heading), each row's label for every drug printed beside it, each drug's frequency from its own line, and an aside
printed under a drug's dose ('(maximum 480 mg per dose)') as that dose's. Before this rule the column names were read
as a Setext heading, so the first row became the column names and its drug was drafted again beside every row, and
the aside's maximum went to the drug printed on the line after it (the second drug of the regimen): a maximum for the
wrong drug.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

ARTICLE = """What is the treatment of an invented test condition?

Last updated: May 5, 2021

Invented Ruled Table Guidance

Treatment in hospital

Start intravenous antibiotics within one hour.

{table}

References

1. An invented guidance title for a ruled table test. Example Publisher, 2020.
"""

RULES = {
    "dashes": lambda width: "-" * width,
    "equals": lambda width: "=" * width,
    "box": lambda width: "\u2500" * width,
    # a rule broken under each column, as a Markdown 'simple table' prints it
    "segments": None,
}


def render(header: tuple[str, str, str], rows: list[list[tuple[str, str, str]]], rule: str, indent: int = 2) -> str:
    """The table as printed: each row a list of physical lines of three cells, columns padded to line up."""
    lines = [header, *(line for row in rows for line in row)]
    widths = [max(len(line[k]) for line in lines) + 4 for k in range(3)]

    def printed(cells: tuple[str, str, str]) -> str:
        return (" " * indent + "".join(c.ljust(w) for c, w in zip(cells, widths, strict=True))).rstrip()

    total = sum(widths) - 4
    under = (" " * indent + "  ".join("-" * (w - 2) for w in widths).rstrip()) if rule == "segments" \
        else " " * indent + RULES[rule](total)
    return "\n".join([printed(header), under, *(printed(line) for row in rows for line in row)])


def regimen_lines(label: tuple[str, ...], first: tuple[str, str], aside: str | None, second: tuple[str, str]) -> list[
        tuple[str, str, str]]:
    """One regimen's physical lines: its label wrapped over len(label) lines, the first drug with its frequency, an
    aside under the first drug's dose (or none), the second drug with its own frequency."""
    cells = [first, *([(aside, "")] if aside else []), second]
    out = []
    for k in range(max(len(label), len(cells))):
        drug, freq = cells[k] if k < len(cells) else ("", "")
        out.append((label[k] if k < len(label) else "", drug, freq))
    return out


def drafted(lexicon, table: str) -> tuple[dict[str, list[tuple]], dict[str, set[str]], list[str]]:
    """(drug IRI's local name -> [(amount, unit, basis, times a day, interval, maximum)], local name -> stages, the headings)."""
    text = ARTICLE.format(table=table)
    article, _ = read_any(text.encode(), "ruled-table.txt")
    draft = build_draft(article, lexicon, "ruled-table.txt")

    def name(iri: str | None) -> str:
        return (iri or "-").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    doses: dict[str, list[tuple]] = {}
    for dd in draft.doses:
        d = dd.dose
        if d.amount_not_stated:
            continue
        interval = (d.interval[0].normalize(), d.interval[1]) if d.interval else None
        maximum = (d.maximum[0].normalize(), d.maximum[1], d.maximum[2]) if d.maximum else None
        doses.setdefault(name(dd.therapy), []).append(
            (d.amount_min.normalize(), d.unit, d.basis, d.times_per_day, interval, maximum))
    stages: dict[str, set[str]] = {}
    for r in draft.recommendations:
        stages.setdefault(name(r.therapy), set()).add(r.stage.rsplit("#", 1)[-1])
    return doses, stages, article.headings


def key(lexicon, drug: str) -> str:
    iri = lexicon.therapies(drug)[0].iri
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


HEADER = ("Regimen", "Drug and dose", "Frequency")
EXAMPLE = [
    [("Standard", "Co-amoxiclav 1.2 g IV", "8-hourly")],
    regimen_lines(("Alternative (penicillin", "allergy)"), ("Cefuroxime 1.5 g IV", "8-hourly"), None,
                  ("with metronidazole 500 mg IV", "8-hourly")),
    regimen_lines(("Alternative (anaphylaxis", "to a penicillin)"), ("Gentamicin 5 mg/kg IV", "once daily"),
                  "(maximum 480 mg per dose)", ("with metronidazole 500 mg IV", "8-hourly")),
]


@pytest.mark.parametrize("rule", sorted(RULES))
def test_column_names_over_a_rule_are_the_tables_header_not_a_heading(lexicon, rule):
    doses, _, headings = drafted(lexicon, render(HEADER, EXAMPLE, rule))
    assert not any("Drug and dose" in h for h in headings), headings
    # the first row is a row: its drug is drafted once, for its own line, never again beside every other row
    assert doses[key(lexicon, "co-amoxiclav")] == [(Decimal("1.2"), "g", "flat", None, (Decimal("8"), "hour"), None)]
    assert doses[key(lexicon, "cefuroxime")] == [(Decimal("1.5"), "g", "flat", None, (Decimal("8"), "hour"), None)]


@pytest.mark.parametrize("rule", sorted(RULES))
def test_an_aside_under_a_drugs_dose_is_that_drugs_maximum_never_the_next_drugs(lexicon, rule):
    doses, _, _ = drafted(lexicon, render(HEADER, EXAMPLE, rule))
    (gentamicin,) = doses[key(lexicon, "gentamicin")]
    assert gentamicin[:3] == (Decimal("5"), "mg", "body_weight")
    assert gentamicin[3] == 1  # once daily: its own line's frequency, not the metronidazole line's 8-hourly
    assert gentamicin[5] == (Decimal("480"), "mg", "dose")
    metronidazole = doses[key(lexicon, "metronidazole")]
    assert len(metronidazole) == 2  # once beside each regimen's label
    for dose in metronidazole:
        assert dose == (Decimal("500"), "mg", "flat", None, (Decimal("8"), "hour"), None)


def test_a_label_wrapped_over_two_lines_is_the_stage_of_every_drug_beside_it(lexicon):
    doses, stages, _ = drafted(lexicon, render(HEADER, EXAMPLE, "dashes"))
    assert stages[key(lexicon, "cefuroxime")] == {"Alternative"}
    assert stages[key(lexicon, "gentamicin")] == {"Alternative"}
    assert "Alternative" in stages[key(lexicon, "metronidazole")]


FIRST = st.sampled_from([("Gentamicin", "5 mg/kg", (Decimal("5"), "mg", "body_weight")),
                         ("Amikacin", "15 mg/kg", (Decimal("15"), "mg", "body_weight")),
                         ("Ceftriaxone", "2 g", (Decimal("2"), "g", "flat")),
                         ("Cefuroxime", "1.5 g", (Decimal("1.5"), "g", "flat"))])
SECOND = st.sampled_from([("metronidazole", "500 mg", (Decimal("500"), "mg", "flat")),
                          ("clindamycin", "600 mg", (Decimal("600"), "mg", "flat"))])
FREQUENCY = st.sampled_from([("once daily", 1, None), ("twice daily", 2, None),
                             ("8-hourly", None, (Decimal("8"), "hour")), ("12-hourly", None, (Decimal("12"), "hour")),
                             ("6-hourly", None, (Decimal("6"), "hour"))])
ASIDE = st.sampled_from([None, ("(maximum 480 mg per dose)", (Decimal("480"), "mg", "dose")),
                         ("(max 500 mg per dose)", (Decimal("500"), "mg", "dose")),
                         ("(maximum 2 g per dose)", (Decimal("2"), "g", "dose"))])
LABEL = st.sampled_from([("Alternative (penicillin", "allergy)"), ("Alternative (anaphylaxis", "to a penicillin)"),
                         ("Alternative (allergy to", "penicillin)")])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=FIRST, second=SECOND, f1=FREQUENCY, f2=FREQUENCY, aside=ASIDE, label=LABEL,
       rule=st.sampled_from(sorted(RULES)), indent=st.integers(0, 4))
def test_each_drug_beside_a_wrapped_label_keeps_its_own_frequency_and_maximum(lexicon, first, second, f1, f2, aside,
                                                                               label, rule, indent):
    (drug1, amount1, want1), (drug2, amount2, want2) = first, second
    row = regimen_lines(label, (f"{drug1} {amount1} IV", f1[0]), aside[0] if aside else None,
                        (f"with {drug2} {amount2} IV", f2[0]))
    table = render(HEADER, [[("Standard", "Co-amoxiclav 1.2 g IV", "8-hourly")], row], rule, indent)
    doses, stages, _ = drafted(lexicon, table)
    assert doses[key(lexicon, drug1)] == [(*want1, f1[1], f1[2], aside[1] if aside else None)], table
    assert doses[key(lexicon, drug2)] == [(*want2, f2[1], f2[2], None)], table
    assert stages[key(lexicon, drug1)] == {"Alternative"}, table


# ------------------------------------------------------------------ column names wrapped over the rule; renal bands

RENAL = """  Creatinine clearance     Gentamicin dose
  (mL/min)
  -----------------------  ---------------------------------------------
  30-60                    1 mg/kg IV every 24 hours
  under 30                 1 mg/kg IV as a single dose"""


def test_column_names_wrapped_over_the_rule_name_the_unit_of_each_rows_band(lexicon):
    # 'Creatinine clearance' / '(mL/min)' over the rule: one column name, whose unit is the unit of the bare numbers
    # under it, so each row's dose is for its own clearance band (before: '(mL/min)' was read as a Setext heading
    # and the rows' bands were lost)
    doses, _, headings = drafted_with_bands(lexicon, RENAL)
    assert "(mL/min)" not in headings
    gent = key(lexicon, "gentamicin")
    assert sorted(doses[gent]) == sorted([("1", "CrCl 30-60 mL/min"), ("1", "CrCl <30 mL/min")])


def drafted_with_bands(lexicon, table: str):
    text = ARTICLE.format(table=table)
    article, _ = read_any(text.encode(), "ruled-table.txt")
    draft = build_draft(article, lexicon, "ruled-table.txt")
    out: dict[str, list[tuple[str, str | None]]] = {}
    for dd in draft.doses:
        if not dd.dose.amount_not_stated:
            out.setdefault((dd.therapy or "-").rsplit("/", 1)[-1], []).append(
                (f"{dd.dose.amount_min.normalize():f}", dd.dose.band))
    return out, None, article.headings


@pytest.mark.parametrize(("measure", "unit", "want"), [
    ("Creatinine clearance", "(mL/min)", "CrCl {} mL/min"),
    ("CrCl", "(mL/min)", "CrCl {} mL/min"),
    ("eGFR", "(mL/min/1.73m2)", "eGFR {} mL/min/1.73 m2"),
])
def test_a_bare_band_under_a_measure_and_its_bracketed_unit_is_that_measures_band(lexicon, measure, unit, want):
    table = render((measure + " " + unit, "Dose", "Frequency"),
                   [[("30-60", "Gentamicin 1 mg/kg IV", "every 24 hours")],
                    [("10-29", "Gentamicin 1 mg/kg IV", "every 48 hours")]], "dashes")
    doses, _, _ = drafted_with_bands(lexicon, table)
    assert sorted(b for _, b in doses[key(lexicon, "gentamicin")]) == sorted([want.format("30-60"),
                                                                           want.format("10-29")])


# ------------------------------------------------------------------ regimens printed over several lines

REGIMENS = """  Setting                     Drugs                        Dose and frequency
  --------------------------  ---------------------------  ----------------------------
  Native valve                Amoxicillin                  2 g every 4 hours
  (first line)                PLUS gentamicin              1 mg/kg every 12 hours
  Native valve, penicillin    Vancomycin                   1 g every 12 hours
  allergy (alternative)
                              PLUS gentamicin              1 mg/kg every 12 hours"""


def test_a_label_wrapped_in_brackets_or_lower_case_and_a_plus_row_each_keep_their_regimen(lexicon):
    doses, stages, _ = drafted(lexicon, REGIMENS)
    gent, amox, vanc = (key(lexicon, d) for d in ("gentamicin", "amoxicillin", "vancomycin"))
    assert [d[:2] for d in doses[amox]] == [(Decimal("2"), "g")]
    assert [d[:2] for d in doses[vanc]] == [(Decimal("1"), "g")]
    # gentamicin on a row of its own beside each label: twice, its own frequency, never merged into the row above
    assert [(d[0], d[4]) for d in doses[gent]] == [(Decimal("1"), (Decimal("12"), "hour"))] * 2
    assert stages[amox] == {"FirstLine"} and stages[vanc] == {"Alternative"}
    assert stages[gent] == {"FirstLine", "Alternative"}


def test_a_complete_row_with_a_lower_case_label_is_a_row_of_its_own():
    # 'oral  500 mg  ...' over 'intravenous  1 g  ...': each row fills every column, so neither label goes on the other
    from kg.sources.tables import aligned_tables
    lines = ["  Route          Dose      Frequency", "  -------------  --------  ---------",
             "  oral           500 mg    every 8 hours", "  intravenous    1 g       every 8 hours"]
    _, rows, _, _ = aligned_tables(lines, 0, len(lines))
    assert [cells[0] for cells in rows.values()] == ["oral", "intravenous"]


def test_a_complete_row_under_a_label_ending_in_a_joining_word_is_a_row_of_its_own():
    # a label ending in 'or' over a line that fills every column (found by the aligned-table property in CI): two rows
    from kg.sources.tables import aligned_tables
    lines = ["  aa      aaa", "  1 or    1 aa", "  1 aa    1 aa"]
    _, rows, _, _ = aligned_tables(lines, 0, len(lines))
    assert list(rows.values()) == [["1 or", "1 aa"], ["1 aa", "1 aa"]]
