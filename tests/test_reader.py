"""The article reader: structure, locators, markers and reference lists of the seed layout."""

from __future__ import annotations

import pytest

from kg.sources.reader import ArticleFormatError, read_article, split_markers, text_checksum

SAMPLE = """What helps with condition X?

Last updated: March 3, 2024View editorial policy

Treating Condition X

Give drug A daily to most patients. 1

First Steps

Drug A:

  • Begin at 5 mg/day 2, 1
  • Then increase
    • nested detail 3

A first sentence here. 1 A second sentence follows. A third one ends it. 2

References

Guideline

Some Guideline Title

Some Publisher, 2020

Research

A paper.

A journal, 2019

Professional Medical Disclaimer

Boilerplate.
"""


def test_reader_finds_question_date_title_and_headings():
    a = read_article(SAMPLE)
    assert a.question == "What helps with condition X?"
    assert a.last_updated == "2024-03-03"
    assert a.title == "Treating Condition X"
    assert a.headings == ["Treating Condition X", "First Steps"]


def test_bullets_nest_under_lead_in_lines_and_indentation():
    a = read_article(SAMPLE)
    paths = [(i.heading, i.path, i.kind) for i in a.items]
    assert ("First Steps", "1", "lead-in") in paths
    assert ("First Steps", "1.1", "bullet") in paths
    assert ("First Steps", "1.2", "bullet") in paths
    assert ("First Steps", "1.2.1", "bullet") in paths


def test_paragraph_sentences_keep_the_markers_printed_after_them():
    a = read_article(SAMPLE)
    sentences = [i for i in a.items if i.kind == "sentence"]
    assert [(s.path, s.markers) for s in sentences] == [("2.s1", ("1",)), ("2.s2", ()), ("2.s3", ("2",))]


def test_markers_are_kept_in_printed_order():
    assert split_markers("Begin at 5 mg/day 2, 1") == ("Begin at 5 mg/day", ("2", "1"))
    assert split_markers("No markers here") == ("No markers here", ())


def test_reference_list_entries_have_type_title_source_and_year():
    refs = read_article(SAMPLE).references
    assert [(r.position, r.ref_type, r.title, r.source, r.year) for r in refs] == [
        (1, "Guideline", "Some Guideline Title", "Some Publisher", 2020),
        (2, "Research", "A paper.", "A journal", 2019),
    ]


def test_checksum_ignores_white_space_differences_only():
    assert text_checksum("a  b\n c") == text_checksum("a b c")
    assert text_checksum("a b c") != text_checksum("a b d")


def test_an_empty_file_is_a_format_error_at_line_1_and_a_missing_date_is_reported_not_refused():
    with pytest.raises(ArticleFormatError) as e:
        read_article("   \n")
    assert e.value.line == 1
    article = read_article("A question?\n\nSome title\n\nGive drug A daily. 1\n")
    assert article.last_updated is None and article.title == "Some title"
    assert any("states no date" in m for _, m in article.problems)
    assert [i.text for i in article.items] == ["Give drug A daily. 1"]


@pytest.mark.parametrize("printed, iso", [("2023-08-20", "2023-08-20"), ("20 August 2023", "2023-08-20"),
                                          ("August 20, 2023", "2023-08-20")])
def test_a_header_line_that_is_only_a_date_is_the_articles_date(printed, iso):
    # publishers often print the date alone under the title, with no "Last updated:" label;
    # the refusal message itself names these forms, so the reader must accept them
    text = f"Some title\n\nWhat helps with condition X?\n\n{printed}\n\nIntro\n\nGive drug A daily.\n"
    article = read_article(text)
    assert article.last_updated == iso
    assert article.title == "Some title"


def test_a_body_sentence_that_only_starts_with_a_date_is_not_a_date_line():
    # "2023-08-20 was when ..." is prose, not the header's date: it stays a statement and the article has no date
    article = read_article("Some title\n\nWhat helps?\n\n2023-08-20 was the day the panel met.\n")
    assert article.last_updated is None
    assert [i.text for i in article.items] == ["2023-08-20 was the day the panel met."]


def test_a_question_standing_alone_in_the_body_is_a_section_heading_not_a_statement():
    # articles often title sections as questions ("How is it monitored?"); a heading says nothing itself
    text = ("Some title\n\nWhat helps with condition X?\n\nLast updated: March 3, 2024\n\n"
            "Which drugs come first?\n\n- Give drug A daily. 1\n\nHow is treatment followed up?\n\n"
            "- See the patient every month. 1\n")
    article = read_article(text)
    assert "How is treatment followed up?" in article.headings
    assert all(not it.text.endswith("?") for it in article.items)
    assert [it.heading for it in article.items] == ["Which drugs come first?", "How is treatment followed up?"]


def test_a_question_inside_a_paragraph_run_is_still_prose():
    # a '?' line next to other text (no blank line on both sides) is part of a paragraph, not a heading
    text = ("Some title\n\nWhat helps?\n\nLast updated: March 3, 2024\n\nIntro\n\n"
            "Is drug A safe in pregnancy?\nThe article does not say. 1\n")
    article = read_article(text)
    assert "Is drug A safe in pregnancy?" not in article.headings
