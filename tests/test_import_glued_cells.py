"""Table cells a copy joined with no space between them (every page here is written for this test, in the way a
journal table's HTML reads once its tags are stripped):

    Starting doseTarget dose
     Bisoprolol1.25 mg once daily10 mg once daily
     Candesartan4-8 mg daily32 mg daily

A reader sees the cells: 'Bisoprolol | 1.25 mg once daily | 10 mg once daily'. A word in lower case run straight into
an amount with a dose unit is read with a space between them, and the page is told so once. Before this rule no amount
of such a page was read ('Bisoprolol1' and 'daily10' are no drug and no amount): a real journal table of heart-failure
doses drafted 0 of its 36 doses. Names that end in a digit ('B12', 'CYP3A4', 'H2') and units ('1.73m2') stay whole.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from kg.sources.printed_chars import repair_lines

ARTICLE = """What is the treatment of an invented test condition?

Last updated: May 5, 2021

Invented Glued Cell Guidance

Treatment

Starting dose and target dose:
{rows}

References

1. An invented guidance title for a glued cell test. Example Publisher, 2020.
"""


def drafted(lexicon, rows: list[str]) -> tuple[list[tuple], list]:
    text = ARTICLE.format(rows="\n".join(rows))
    article, _ = read_any(text.encode(), "glued.txt")
    draft = build_draft(article, lexicon, "glued.txt")
    doses = sorted((dd.therapy, f"{dd.dose.amount_min.normalize():f}", dd.dose.times_per_day)
                   for dd in draft.doses if not dd.dose.amount_not_stated)
    return doses, article.problems


ROWS = [("Bisoprolol", "1.25 mg once daily", "10 mg once daily"), ("Candesartan", "4 mg daily", "32 mg daily"),
        ("Enalapril", "2.5 mg twice daily", "20 mg twice daily")]


def test_glued_cells_draft_what_the_same_cells_with_spaces_draft(lexicon):
    glued, problems = drafted(lexicon, [f" {d}{a}{b}" for d, a, b in ROWS])
    spaced, _ = drafted(lexicon, [f" {d} {a} {b}" for d, a, b in ROWS])
    assert glued == spaced and len(glued) == 6
    assert any("a word run into an amount, a route or the next cell" in why for _, why in problems)


@pytest.mark.parametrize("line", ["Vitamin B12 1 mg once a month", "Avoid strong CYP3A4 inhibitors",
                                  "eGFR below 30 mL/min/1.73m2", "H2 blockers 20 mg twice daily", "take 500mg twice"])
def test_a_name_ending_in_a_digit_or_a_unit_is_never_split(line):
    assert repair_lines(line) == (line, [])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(st.sampled_from(["Bisoprolol", "Carvedilol", "Ramipril", "Lisinopril", "Losartan",
                                                "Spironolactone", "Eplerenone"]),
                               st.sampled_from(["1.25", "2.5", "5", "12.5", "25"]),
                               st.sampled_from(["10", "20", "50", "100"]),
                               st.sampled_from(["once daily", "twice daily", "daily"])),
                     min_size=1, max_size=5, unique_by=lambda r: r[0]))
def test_any_glued_row_reads_as_its_spaced_row(lexicon, rows):
    glued = [f" {d}{lo} mg {how}{hi} mg {how}" for d, lo, hi, how in rows]
    spaced = [f" {d} {lo} mg {how} {hi} mg {how}" for d, lo, hi, how in rows]
    assert drafted(lexicon, glued)[0] == drafted(lexicon, spaced)[0], glued


# A drug's name run into the route cell printed before its amount (a real NHS regional pneumonia page:
# 'Doxycyclineoral 200mg on day 1 then 100mg daily', where the drug and route cells lost their break): before this rule
# 'Doxycyclineoral' named no drug and the page's doxycycline doses went to the drug on the line above.
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drug=st.sampled_from(["Doxycycline", "Amoxicillin", "Clarithromycin", "Levofloxacin", "Metronidazole"]),
       route=st.sampled_from(["oral", "IV", "PO", "IM"]), amount=st.sampled_from(["100mg", "200 mg", "1g", "500mg"]))
def test_a_drug_name_glued_to_its_route_reads_as_the_spaced_cells(lexicon, drug, route, amount):
    glued, problems = drafted(lexicon, [f" {drug}{route} {amount} 12 hourly"])
    spaced, _ = drafted(lexicon, [f" {drug} {route} {amount} 12 hourly"])
    assert glued == spaced and len(glued) == 1, (glued, spaced)
    assert any("run into an amount, a route" in why for _, why in problems)


@pytest.mark.parametrize("line", ["intraoral 2mg lidocaine gel", "transoral 5 mg", "a moral 5mg", "a floral 10 mg"])
def test_a_word_that_ends_in_oral_is_never_split(line):
    assert repair_lines(line) == (line, [])


# A prophylaxis table of the same journal kind ('propranolol20 mg twice daily40 mg/wk40-120 mg twice dailyAvoid in
# asthma'; 'First lineIbuprofen 400 mg'): an amount's period run into the next cell's amount, and a cell's last word in
# lower case run into the next cell's capitalised first word, are cell breaks too (before, '/wk40' hid the target dose
# and 'lineIbuprofen' hid both the stage and the drug). A name with a capital inside ('GlucaGen', 'AmBisome', 'eGFR',
# 'mmHg', 'iPhone') is never cut.
CELL_WORDS = st.sampled_from(["twice daily", "at bedtime", "mg/d", "mg/wk", "First line", "Second line", "once daily"])
NEXT_WORDS = st.sampled_from(["Avoid in asthma", "Consider if depressed", "Few side effects", "Ibuprofen 400 mg"])
NAMES = st.sampled_from(["GlucaGen", "AmBisome", "eGFR", "mmHg", "iPhone", "NovoRapid", "EpiPen", "pMDI", "dsDNA"])


@given(left=CELL_WORDS, right=NEXT_WORDS)
def test_a_lower_case_word_run_into_a_capitalised_one_is_a_cell_break(left, right):
    fixed, problems = repair_lines(f"{left}{right}")
    assert fixed == f"{left} {right}"
    assert problems


@given(amount=st.integers(1, 500), period=st.sampled_from(["/d", "/wk", "/day", "/week"]),
       target=st.integers(1, 500))
def test_an_amounts_period_run_into_the_next_amount_is_a_cell_break(amount, period, target):
    fixed, _ = repair_lines(f"{amount} mg{period}{target} mg twice daily")
    assert fixed == f"{amount} mg{period} {target} mg twice daily"


@given(name=NAMES, before=st.sampled_from(["", "Give ", "use "]))
def test_a_name_with_a_capital_inside_is_never_cut(name, before):
    text = f"{before}{name} as directed"
    assert repair_lines(text)[0] == text
