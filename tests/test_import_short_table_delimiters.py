"""A Markdown table whose delimiter row uses short cells ('|:--|:--|', '|:-:|--:|'), as GitHub-flavoured Markdown
allows and many converters write (every page here is written for this test): it is a table, each row read with its
column names; before, only cells of three dashes or more made a delimiter row, and the rows were read as text with the
delimiter row as a line of its own."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

PAGE = """# Invented test pain relief page

_Invented test guidance, not clinical advice._ Last reviewed February 14, 2025.

## Symptom relief

| Drug | Oral dose | Frequency |
{rule}
| Ibuprofen | {a} mg/kg | 3 times daily |
| Naproxen | {b} mg/kg | twice daily |

## References

1. An invented guidance title for a delimiter test. Example Publisher, 2024.
"""

CELLS = st.sampled_from([":--", "--", ":-:", "--:", "---", ":-", "-:"])


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(CELLS, min_size=3, max_size=3), outer=st.booleans(), a=st.integers(1, 20),
       b=st.integers(1, 20))
def test_a_short_delimiter_row_makes_a_table(lexicon, cells, outer, a, b):
    rule = "|".join(cells)
    rule = f"|{rule}|" if outer else rule
    article, _ = read_any(PAGE.format(rule=rule, a=a, b=b).encode(), "table.md")
    assert not any(set(i.text) <= set(":-|; ") for i in article.items), [i.text for i in article.items]
    draft = build_draft(article, lexicon, "table.md")
    got = sorted((dd.therapy.rsplit("/", 1)[-1], dd.dose.amount_min, dd.dose.times_per_day) for dd in draft.doses
                 if dd.therapy and not dd.dose.amount_not_stated)
    assert got == sorted([("ibuprofen", Decimal(a), 3), ("naproxen", Decimal(b), 2)]), got
