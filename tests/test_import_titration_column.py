"""A dose table with a column for how the dose goes up, its amounts printed with a plus sign (every page here is written
for this test, in the layout of a children's formulary table):

    | Medicine | Age | Starting dose | Titration | Maximum |
    | Methylphenidate | 6-17 years | 5 mg once or twice a day | +5-10 mg a day, weekly | 60 mg a day |

'+5-10 mg' is the step the dose goes up by, not a dose to give, and the row's maximum bounds the starting dose (before,
the step was drafted as a second dose and took the maximum, and the starting dose was left with none). A plus sign
that joins two amounts or drugs ('500 mg + 125 mg'), or sits apart from the amount as a bullet might ('+ 2 mg'), is
no step.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.dose_grammar import parse_statement
from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from tests.draft_reading import iri_local

PAGE = """# Invented test table of titrated medicines

_Invented test guidance, not clinical advice._ Last reviewed February 14, 2025.

## Doses

All doses below are by mouth.

| Medicine | Age | Starting dose | Titration | Maximum |
|---|---|---|---|---|
{rows}

## References

1. An invented formulary title for a titration test. Example Publisher, 2024.
"""

DRUGS = ["Carbamazepine", "Gabapentin", "Pregabalin", "Amitriptyline"]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(st.sampled_from(DRUGS), st.integers(1, 50), st.integers(1, 20), st.integers(2, 9),
                               st.booleans()),
                     min_size=1, max_size=3, unique_by=lambda r: r[0]))
def test_a_signed_step_in_a_titration_column_is_no_dose_and_the_maximum_bounds_the_starting_dose(lexicon, rows):
    lines = []
    for drug, start, step, times, upto in rows:
        lines.append(f"| {drug} | 18 years and over | {start} mg once a day | {'up to ' if upto else ''}+{step} mg a day, "
                     f"weekly | {start * times} mg a day |")
    article, _ = read_any(PAGE.format(rows="\n".join(lines)).encode(), "titration.md")
    draft = build_draft(article, lexicon, "titration.md")
    for drug, start, _step, times, _ in rows:
        iri = lexicon.therapies(drug)[0].iri
        got = [dd.dose for dd in draft.doses if dd.therapy == iri and not dd.dose.amount_not_stated]
        assert [(d.amount_min, d.maximum[0] if d.maximum else None) for d in got] == [
            (Decimal(start), Decimal(start * times))], (drug, got)
    assert {iri_local(dd.therapy) for dd in draft.doses if dd.therapy} == {d.lower() for d, *_ in rows}


def test_a_plus_sign_between_amounts_or_set_apart_is_no_step():
    joined = parse_statement("co-amoxiclav 500 mg + 125 mg three times daily")
    assert [d.amount_min for d in joined if not d.titration] == [Decimal(500), Decimal(125)]
    apart = parse_statement("+ 2 mg daily")
    assert [d.titration for d in apart] == [False]
    glued = parse_statement("Titration: +2 mg daily, weekly")
    assert [d.titration for d in glued] == [True]
