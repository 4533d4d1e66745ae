"""A reference list printed as Markdown footnote definitions under the page's 'References' heading (every page here is
written for this test, as pages exported from wikis and static-site generators print it):

    ## References

    [^1]: Paediatric Formulary Committee. *BNF for Children.* London: BMJ Group; 2024.
    [^2]: Gates A, Gates M. Glucocorticoids for croup in children. *Cochrane Database Syst Rev.* 2018;8:CD001955.

'[^n]:' numbers its entry as '[n]' does, and the '[^n]' calls in the text are the markers that cite it. Before this
rule such a list under a heading was read as one three-line entry after another (a blind held-out page: one reference
of five, with a title starting '[^2]:'), so its markers resolved to nothing.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.markdown import read_any

ENTRIES = [
    ("Paediatric Formulary Committee. BNF for Children. London: BMJ Group and Pharmaceutical Press; 2024.", 2024),
    ("Gates A, Gates M, Vandermeer B. Glucocorticoids for croup in children. Cochrane Database Syst Rev. 2018;8:CD001955.",
     2018),
    ("Bjornson CL, Johnson DW. Croup in children. CMAJ. 2013;185(15):1317-1323.", 2013),
    ("Medicines and Healthcare products Regulatory Agency. Cough and cold medicines for children. Drug Safety Update. "
     "2009.", 2009),
    ("Royal Children's Hospital Melbourne. Clinical practice guideline: croup. 2021.", 2021),
]

PAGE = """# Invented Footnote Guidance for a Test Croup

Last updated: 2021-05-05

## Treatment

- Give dexamethasone 150 micrograms/kg by mouth as a single dose.{call_a}
- Observe the child for at least 3 hours after the last dose.{call_b}

## References

{entries}
"""


def read(numbering: str, n: int):
    calls = ("[^1]", f"[^{n}]") if numbering == "footnote" else ("[1]", f"[{n}]")
    entries = "\n".join((f"[^{k}]: " if numbering == "footnote" else f"[{k}] ") + ENTRIES[k - 1][0]
                        for k in range(1, n + 1))
    text = PAGE.format(call_a=calls[0], call_b=calls[1], entries=entries)
    article, _ = read_any(text.encode(), "footnotes.md")
    return article


@settings(max_examples=10, deadline=None)
@given(n=st.integers(min_value=2, max_value=len(ENTRIES)))
def test_footnote_definitions_under_a_references_heading_are_the_numbered_reference_list(n):
    article = read("footnote", n)
    assert [(r.position, r.year) for r in article.references] == [(k, ENTRIES[k - 1][1]) for k in range(1, n + 1)]
    assert not any(r.title.startswith("[^") for r in article.references)
    markers = [item.markers for item in article.items if item.heading == "Treatment"]
    assert markers == [("1",), (str(n),)]


@settings(max_examples=10, deadline=None)
@given(n=st.integers(min_value=2, max_value=len(ENTRIES)))
def test_a_footnote_list_reads_as_the_same_list_numbered_in_brackets(n):
    footnotes, brackets = read("footnote", n), read("bracket", n)
    assert [(r.position, r.year, r.title) for r in footnotes.references] == [
        (r.position, r.year, r.title) for r in brackets.references]


TAIL_PAGE = """# Invented Footnote Tail Guidance for a Test Neuralgia

Last updated: 2021-05-05

## Treatment

- Give carbamazepine 100 mg by mouth twice daily.{call_a}
- Check sodium before starting.{call_b}

{rule}
{entries}
"""


@settings(max_examples=15, deadline=None)
@given(n=st.integers(min_value=2, max_value=len(ENTRIES)), rule=st.sampled_from(["---", "", "***"]),
       gap=st.sampled_from(["\n", "\n\n"]))
def test_footnote_definitions_ending_a_page_with_no_references_heading_are_its_reference_list(n, rule, gap):
    entries = gap.join(f"[^{k}]: {ENTRIES[k - 1][0]}" for k in range(1, n + 1))
    text = TAIL_PAGE.format(call_a="[^1]", call_b=f"[^{n}]", rule=rule, entries=entries)
    article, _ = read_any(text.encode(), "tail.md")
    assert [(r.position, r.year) for r in article.references] == [(k, ENTRIES[k - 1][1]) for k in range(1, n + 1)]
    assert [item.markers for item in article.items if item.heading == "Treatment"] == [("1",), (str(n),)]
    assert not any("[^" in item.text for item in article.items)
