"""A drug table flattened to lines, one row a line: the row's first cell names the medicine, the next its route
('Prochlorperazine Rectal 25 mg per day', 'Ginger Oral (biscuits, ...) Up to 1 g per day'), sometimes after a
one-letter category cell ('A Pyridoxine (vitamin B6) Oral 20 mg ...', a pregnancy category). Seen on a real review's
antiemetic table. What the page tells a prescriber: each amount is the medicine of its own row.

Before the fix the ginger row's 1 g a day was drafted for prochlorperazine (a drug of another row, carried through
the header row's word 'Medication'), and 'A Pyridoxine' was read as the indefinite article before a class and drafted
a new class 'pyridoxines'."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.draft_reading import treatment_draft

ROWS = """Medication Administration Suggested dosage

A Pyridoxine (vitamin B6) Oral 20 mg 3 times per day (max. dose: 200 mg per day)
  Metoclopramide Oral 5-10 mg 3 times per day
C Promethazine Oral 12.5-25 mg up to 6 times per day
  Prochlorperazine Rectal 25 mg per day
  {name} {route} (biscuits, capsules, fresh root) Up to 1 g per day in divided doses
"""


def _owners(lexicon, body: str) -> dict[str, set[str]]:
    draft = treatment_draft(lexicon, body, test="table row subjects", name="rows.txt")
    out: dict[str, set[str]] = {}
    for dd in draft.doses:
        if not dd.dose.amount_not_stated:
            out.setdefault((dd.therapy or "none").rsplit("/", 1)[-1], set()).add(f"{dd.dose.amount_max} {dd.dose.unit}")
    return out


def test_a_row_opening_with_an_unknown_name_and_its_route_is_that_names_dose_never_another_rows(lexicon):
    owners = _owners(lexicon, ROWS.format(name="Ginger", route="Oral"))
    assert "1 g" in owners.get("ginger", set()), owners
    assert all("1 g" not in amounts for drug, amounts in owners.items() if drug != "ginger"), owners


def test_a_capital_a_category_cell_before_a_drugs_name_is_no_article_and_makes_no_class(lexicon):
    owners = _owners(lexicon, ROWS.format(name="Ginger", route="Oral"))
    assert "20 mg" in owners.get("pyridoxine", set()), owners
    assert "pyridoxines" not in owners, owners


@settings(max_examples=15, deadline=None)
@given(name=st.from_regex(r"[A-Z][a-z]{2}(?:ozine|ither|amane|ulpex)", fullmatch=True),
       route=st.sampled_from(["Oral", "Rectal", "Topical", "IV"]))
def test_no_unknown_rows_dose_is_ever_drafted_for_the_drug_of_another_row(lexicon, name, route):
    owners = _owners(lexicon, ROWS.format(name=name, route=route))
    assert all("1 g" not in amounts for drug, amounts in owners.items()
               if drug in ("pyridoxine", "metoclopramide", "promethazine", "prochlorperazine")), (name, owners)


def test_a_patient_label_opening_a_row_is_no_substance(lexicon):
    # 'Adults Oral ...' is who the row is for, not what is given: nothing is drafted under the name 'adults'
    owners = _owners(lexicon, ROWS.format(name="Adults", route="Oral"))
    assert "adults" not in owners, owners


def test_one_row_alone_drafts_no_substance(lexicon):
    # without rows of known drugs around it, a capitalised word and a route is no table row
    owners = _owners(lexicon, "Ginger Oral (biscuits, capsules, fresh root) Up to 1 g per day in divided doses\n")
    assert "ginger" not in owners, owners
