"""Headings and band lines a reader meets on real pages that must never cost the page its guidance or change a bound.

- A section number printed before a heading's own number ("Section 4 - 3 Antibiotics", "Part 10 - 2 Dosing") is two
  labels, not a range of 4 to 3: the import goes on and the dose under it is drafted, not the whole file refused.
- In Markdown, a line opening with a comparison sign glued to a number (">2 kg: ...", ">=12 years: ...") states a
  band's bound; a blockquote marker is '>' followed by a space or text, as pages write it. The bound is kept, since
  a band "2 kg" where the page says "over 2 kg" is a different patient.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from import_quality import canonical_band

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

DOSE = "Amoxicillin 500 mg by mouth three times a day for 5 days [1]."
REFERENCE = "1. An invented guidance title for a heading test. Example Publisher, 2020."


def _doses(lexicon, text: str, name: str) -> list[tuple[str, str, str | None]]:
    article, _ = read_any(text.encode(), name)
    draft = build_draft(article, lexicon, name)
    return [((dd.therapy or "none").rsplit("/", 1)[-1], str(dd.dose.amount_min), dd.dose.band)
            for dd in draft.doses if not dd.dose.amount_not_stated]


def _page(heading: str, markdown: bool) -> str:
    if markdown:
        return f"# Invented heading test\n\nLast reviewed: 4 May 2025\n\n## {heading}\n\n{DOSE}\n\n## References\n\n{REFERENCE}\n"
    return f"Invented heading test\n\nLast reviewed: 4 May 2025\n\n{heading}\n\n{DOSE}\n\nReferences\n\n{REFERENCE}\n"


def test_a_section_number_before_a_heading_number_is_not_a_backwards_range(lexicon):
    for markdown in (False, True):
        doses = _doses(lexicon, _page("Section 4 - 3 Antibiotics", markdown), "t.md" if markdown else "t.txt")
        assert ("amoxicillin", "500", None) in doses


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
          derandomize=True)
@given(a=st.integers(0, 99), b=st.integers(0, 99), sep=st.sampled_from([" - ", "-", " to ", "–", " – "]),
       word=st.sampled_from(["Antibiotics", "Dosing", "Children", "Treatment"]), markdown=st.booleans())
def test_any_pair_of_numbers_in_a_heading_never_refuses_the_page(lexicon, a, b, sep, word, markdown):
    doses = _doses(lexicon, _page(f"Section {a}{sep}{b} {word}", markdown), "t.md" if markdown else "t.txt")
    assert any(d[0] == "amoxicillin" and d[1] == "500" for d in doses)


def test_a_markdown_band_line_opening_with_a_comparison_sign_keeps_its_bound(lexicon):
    page = ("# Invented band test\n\nLast reviewed: 4 May 2025\n\n## Gentamicin dosing\n\n"
            ">2 kg: gentamicin 5 mg/kg IV every 24 hours [1].\n\n"
            "## References\n\n" + REFERENCE + "\n")
    doses = _doses(lexicon, page, "t.md")
    bands = {d[2] for d in doses if d[0] == "gentamicin"}
    # "over 2 kg" or ">2 kg" as printed: a strict lower bound of 2 kg, never the band "2 kg"
    assert bands and {canonical_band(b) for b in bands} == {">2 kg"}, bands


def test_a_blockquote_with_a_space_after_its_marker_is_still_read_as_its_content(lexicon):
    page = ("# Invented quote test\n\nLast reviewed: 4 May 2025\n\n## Treatment\n\n> " + DOSE + "\n\n"
            "## References\n\n" + REFERENCE + "\n")
    assert ("amoxicillin", "500", None) in _doses(lexicon, page, "t.md")


def test_a_file_of_only_invisible_characters_is_refused_with_a_line_not_a_crash():
    import pytest

    from kg.importer import ImporterError

    for data in ("\u2060", "\u200b\n\u2060\n", "\ufeff\u00ad"):
        for name in ("t.txt", "t.md"):
            with pytest.raises(ImporterError) as e:
                read_any(data.encode(), name)
            assert e.value.line == 1
