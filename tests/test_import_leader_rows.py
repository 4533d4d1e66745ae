"""Rows printed with dot leaders between a band and its dose (every page here is written for this test, in the way a
children's formulary summary prints a drug's doses by weight or age):

    First line: OMEPRAZOLE, oral, once daily, for 4 weeks
      Infants 1 month to 11 months ... 1 mg/kg once daily (maximum 10 mg per dose)
      Children 10-19 kg .............. 10 mg once daily
      Children 20 kg and over ........ 20 mg once daily

Each row is one band's dose. A wrap never leaves a label and a run of dots at the start of a line, so a row under a
long row is a row of its own. Before this rule a long first row ran on into the rows under it (the plain-text reader
took a capitalised line after a filled line for the same sentence wrapped), so the second row's dose took the third
row's band and the third's took none: each dose for the wrong children.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

ARTICLE = """What is the treatment of an invented test condition?

Last updated: May 5, 2021

Invented Leader Row Guidance

Treatment

{body}

References

1. An invented guidance title for a leader row test. Example Publisher, 2020.
"""


def drafted(lexicon, body: str) -> list[tuple]:
    """(drug IRI, amount, unit, basis, band, maximum) of every dose drafted from `body`, in the page's order."""
    text = ARTICLE.format(body=body)
    article, _ = read_any(text.encode(), "leader-rows.txt")
    draft = build_draft(article, lexicon, "leader-rows.txt")
    out = []
    for dd in sorted(draft.doses, key=lambda dd: dd.dose.line):
        d = dd.dose
        if d.amount_not_stated:
            continue
        maximum = (f"{d.maximum[0].normalize():f}", d.maximum[1]) if d.maximum else None
        out.append((dd.therapy, d.amount_min.normalize(), d.unit, d.basis, d.band, maximum))
    return out


def leader_rows(rows: list[tuple[str, str]], width: int, indent: int) -> str:
    """Each (band, dose) printed as the band, a run of dots out to `width`, a space and the dose."""
    return "\n".join(" " * indent + f"{band} ".ljust(width, ".") + f" {dose}" for band, dose in rows)


OMEPRAZOLE = [
    ("Infants 1 month to 11 months", "1 mg/kg once daily (maximum 10 mg per dose)"),
    ("Children 10-19 kg", "10 mg once daily"),
    ("Children 20 kg and over", "20 mg once daily"),
]


def test_each_row_under_a_long_row_keeps_its_own_band(lexicon):
    body = "First line: OMEPRAZOLE, oral, once daily, for 4 weeks\n" + leader_rows(OMEPRAZOLE, 32, 2)
    omeprazole = lexicon.therapies("omeprazole")[0].iri
    assert drafted(lexicon, body) == [
        # the band as the importer spells every span: its two ends and the unit once
        (omeprazole, Decimal("1"), "mg", "body_weight", "1-11 months", ("10", "mg")),
        (omeprazole, Decimal("10"), "mg", "flat", "10-19 kg", None),
        (omeprazole, Decimal("20"), "mg", "flat", "20 kg and over", None),
    ]


BANDS = st.sampled_from([("Children 10-19 kg", "10-19 kg"), ("Under 30 kg", "under 30 kg"),
                         ("30 kg and over", "30 kg and over"), ("Children 20 kg and over", "20 kg and over"),
                         ("Child 1-4 years", "1-4 years"), ("Child 12-17 years", "12-17 years")])
AMOUNTS = st.sampled_from([("10 mg", Decimal("10")), ("15 mg", Decimal("15")), ("20 mg", Decimal("20")),
                           ("30 mg", Decimal("30")), ("40 mg", Decimal("40"))])
SCHEDULES = st.sampled_from(["once daily", "twice daily", "once daily before breakfast",
                             "once daily (maximum 40 mg per dose)"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(BANDS, AMOUNTS, SCHEDULES), min_size=2, max_size=4, unique_by=lambda r: r[0][0]),
       width=st.integers(18, 40), indent=st.integers(0, 4),
       drug=st.sampled_from(["omeprazole", "lansoprazole", "ranitidine"]))
def test_every_leader_row_is_the_dose_of_its_own_band(lexicon, rows, width, indent, drug):
    printed = [(band, f"{amount} {schedule}") for (band, _), (amount, _), schedule in rows]
    body = f"First line: {drug.upper()}, oral, for 4 weeks\n" + leader_rows(printed, width, indent)
    got = [(band, amount) for _, amount, _, _, band, _ in drafted(lexicon, body)]
    assert got == [(band, value) for (_, band), (_, value), _ in rows], body
