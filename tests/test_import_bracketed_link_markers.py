"""A Markdown page whose citation markers are links printed with their brackets inside the link text,
'...once daily.[[1]](#r1)[[2]](#r2)', as a page converted from HTML prints a superscript link (every page here is
written for this test). A reader sees the markers [1] and [2]; before, the link was left as it was printed and the
statement cited nothing."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kg.importer.markdown import read_any

PAGE = """# Invented test thromboprophylaxis page

Last updated: May 5, 2021

## Prophylaxis

- Give enoxaparin 40 mg once daily.{markers}
- An italic [note](https://example.org/note) link reads as its words.

## References

{references}
"""


@given(numbers=st.lists(st.integers(1, 9), min_size=1, max_size=3, unique=True),
       anchor=st.sampled_from(["#r{n}", "#ref-{n}", "#cite_note-{n}"]))
def test_a_link_whose_text_is_a_bracketed_citation_number_is_that_marker(numbers, anchor):
    markers = "".join(f"[[{n}]]({anchor.format(n=n)})" for n in numbers)
    references = "\n".join(f'{n}. <a id="r{n}"></a>Invented reference title number {n}, 2020.' for n in range(1, 10))
    article, _ = read_any(PAGE.format(markers=markers, references=references).encode(), "links.md")
    first, second = article.items[:2]
    assert first.markers == tuple(str(n) for n in numbers)
    assert "](" not in first.text
    assert second.text.startswith("An italic note link") and second.markers == ()
