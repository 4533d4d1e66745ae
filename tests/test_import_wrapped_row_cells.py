"""Rows printed with their cells set apart by spaces, no column names, whose last cell the page wrapped onto the next
line under that cell (every page here is written for this test, in the way a regional formulary's emergency box
prints a regimen):

    Escalate to the acute medical team and give together:
        Propylthiouracil   500 mg orally as a loading dose, then 250 mg
                           orally every 4 hours
        Propranolol        60-80 mg orally every 4 hours

The wrapped line is the row above going on, so the 250 mg is given every 4 hours. Before this rule such a row was never
continued (a row with spaced cells opens a statement of its own and was read alone), and the wrapped line was a
statement with no drug and no amount: the 250 mg dose lost its interval. A line that sets cells apart itself, starts
elsewhere, or opens a sentence of its own after a finished row is a row or statement of its own.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

ARTICLE = """What is the treatment of an invented test condition?

Last updated: May 5, 2021

Invented Wrapped Cell Guidance

Treatment

{body}

References

1. An invented guidance title for a wrapped cell test. Example Publisher, 2020.
"""


def drafted(lexicon, body: str) -> list[tuple[str, Decimal, tuple | None]]:
    text = ARTICLE.format(body=body)
    article, _ = read_any(text.encode(), "wrapped-cells.txt")
    assert article.unaccounted(text) == []
    draft = build_draft(article, lexicon, "wrapped-cells.txt")
    return sorted(((dd.therapy or "-").rsplit("/", 1)[-1], dd.dose.amount_min.normalize(),
                   (dd.dose.interval[0].normalize(), dd.dose.interval[1]) if dd.dose.interval else None)
                  for dd in draft.doses if not dd.dose.amount_not_stated)


def rows(first: tuple[str, str, str], second: tuple[str, str], gap: int, indent: int) -> str:
    """The lead-in, the first row with its last cell wrapped (drug, the cell's first line, its wrapped rest), and a
    second row."""
    width = max(len(first[0]), len(second[0])) + gap
    pad = " " * indent
    return "\n".join(["Escalate to the acute medical team and give together:",
                      pad + first[0].ljust(width) + first[1],
                      pad + " " * width + first[2],
                      pad + second[0].ljust(width) + second[1]])


def key(lexicon, name: str) -> str:
    return lexicon.therapies(name)[0].iri.rsplit("/", 1)[-1]


def test_a_last_cell_wrapped_under_itself_is_the_row_going_on(lexicon):
    body = rows(("Propylthiouracil", "500 mg orally as a loading dose, then 250 mg", "orally every 4 hours"),
                ("Propranolol", "60-80 mg orally every 4 hours"), 3, 4)
    got = drafted(lexicon, body)
    ptu = key(lexicon, "propylthiouracil")
    assert (ptu, Decimal("250"), (Decimal("4"), "hour")) in got
    assert (key(lexicon, "propranolol"), Decimal("60"), (Decimal("4"), "hour")) in got


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drug=st.sampled_from(["propylthiouracil", "hydrocortisone", "gentamicin", "amoxicillin"]),
       amount=st.sampled_from(["250", "100", "500"]), hours=st.sampled_from(["4", "6", "8", "12"]),
       split=st.sampled_from([("{a} mg", "orally every {h} hours"), ("{a} mg orally", "every {h} hours"),
                              ("{a} mg orally every", "{h} hours")]),
       gap=st.integers(2, 6), indent=st.integers(2, 6))
def test_any_wrap_of_a_rows_last_cell_keeps_the_dose_whole(lexicon, drug, amount, hours, split, gap, indent):
    head, rest = (part.format(a=amount, h=hours) for part in split)
    body = rows((drug.capitalize(), f"Give {head}", rest), ("Propranolol", "40 mg orally every 8 hours"), gap, indent)
    got = drafted(lexicon, body)
    assert (key(lexicon, drug), Decimal(amount), (Decimal(hours), "hour")) in got, body
    assert (key(lexicon, "propranolol"), Decimal("40"), (Decimal("8"), "hour")) in got, body
