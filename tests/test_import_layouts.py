"""Article layouts `kg import` reads (issue 13): title-first or question-first headers, ISO or written dates,
numbered bullets, '[n]', '[1][2]', '^n' and trailing-number markers, reference lists numbered '1.', '[1]' or
'1)', bold lead-ins; a header line it cannot place is refused with its line; every line is accounted for."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.importer.markdown import detect_layout, read_any
from kg.sources.printed_chars import reader_chars
from kg.sources.reader import canonical_markers, split_markers

BODY = """
Give the first drug early. {m1}

Section One

  • Drug A 5 mg daily {m12}
  1. Drug B 10 mg daily {m2}

References

{refs}
"""


def article(header: str, m1="1", m12="1, 2", m2="2", refs="1. First work. Publisher A; 2020.\n2. Second work. Publisher B; 2019.") -> bytes:
    return (header + BODY.format(m1=m1, m12=m12, m2=m2, refs=refs)).encode()


@pytest.mark.parametrize(
    "header",
    [
        "What is the treatment?\n\nLast updated: March 3, 2024\n\nA Test Title\n",
        "A Test Title\n\nWhat is the treatment?\n\nLast updated: 2024-03-03\n",
        "A Test Title\n\nUpdated 3 March 2024\n\nWhat is the treatment?\n",
        "What is the treatment?\n\nPublished: 2024-03-03\n\nA Test Title\n",
    ],
)
def test_title_first_or_question_first_headers_with_iso_or_written_dates(header):
    a, _ = read_any(article(header), "x.txt")
    assert (a.title, a.question, a.last_updated) == ("A Test Title", "What is the treatment?", "2024-03-03")
    assert [i.text.split(" ")[0] for i in a.items] == ["Give", "Drug", "Drug"]


@pytest.mark.parametrize(
    ("m1", "m12", "m2"),
    [("1", "1, 2", "2"), ("[1]", "[1][2]", "[2]"), ("^1", "^1,2", "^2"), ("[1]", "[1, 2]", "[2]"), ("[1]", "[1-2]", "[2]")],
)
def test_every_marker_style_gives_the_same_markers(m1, m12, m2):
    header = "What is the treatment?\n\nLast updated: March 3, 2024\n\nA Test Title\n"
    a, _ = read_any(article(header, m1, m12, m2), "x.txt")
    assert [i.markers for i in a.items] == [("1",), ("1", "2"), ("2",)]


@pytest.mark.parametrize(
    "refs",
    [
        "1. First work. Publisher A; 2020.\n2. Second work. Publisher B; 2019.",
        "[1] First work. Publisher A, 2020.\n[2] Second work. Publisher B, 2019.",
        "1) First work. Publisher A. 2020.\n2) Second work. Publisher B. 2019.",
        "Guideline\nFirst work\nPublisher A, 2020\n\nResearch\nSecond work\nPublisher B, 2019",
    ],
)
def test_reference_lists_numbered_or_in_blocks(refs):
    header = "What is the treatment?\n\nLast updated: March 3, 2024\n\nA Test Title\n"
    a, _ = read_any(article(header, refs=refs), "x.txt")
    assert [(r.position, r.title, r.year) for r in a.references] == [(1, "First work", 2020), (2, "Second work", 2019)]


def test_reference_numbers_are_the_printed_ones():
    header = "What is the treatment?\n\nLast updated: March 3, 2024\n\nA Test Title\n"
    a, _ = read_any(article(header, refs="1. First work. A; 2020.\n3. Third work. C; 2018."), "x.txt")
    assert [r.position for r in a.references] == [1, 3]
    assert any("not 1..N" in message for _, message in a.problems)


def test_markdown_title_first_with_bold_lead_in_and_numbered_items():
    text = (
        "# A Test Title\n\nWhat is the treatment?\n\nLast updated: 2024-03-03\n\nGive it early. [1]\n\n"
        "## Doses\n\n**Drug A:** 5 mg daily [1][2]\n\n1. Drug B 10 mg daily ^2\n\n## References\n\n"
        "1. First work. Publisher A; 2020.\n2. Second work. Publisher B; 2019.\n"
    )
    a, layout = read_any(text.encode(), "x.md")
    assert layout == "markdown" and a.title == "A Test Title" and a.last_updated == "2024-03-03"
    assert [(i.text, i.markers) for i in a.items] == [
        ("Give it early. 1", ("1",)), ("Drug A: 5 mg daily 1, 2", ("1", "2")), ("Drug B 10 mg daily 2", ("2",))
    ]
    assert a.unaccounted(text) == []


def test_a_single_hash_line_does_not_switch_a_text_file_to_markdown_and_is_reported():
    text = "What is it?\n\nLast updated: March 3, 2024\n\nTitle\n\n# not a heading, a stray line\n\nDrug A 5 mg daily 1\n"
    assert detect_layout(text, "x.txt") == "text"
    a, layout = read_any(text.encode(), "x.txt")
    assert layout == "text" and any("starts with '#'" in m for _, m in a.problems)


def test_a_guidance_line_before_the_date_is_read_as_body_and_the_date_line_is_still_the_date():
    # a cited dose line (or a list item) before the date is guidance out of place: it is read as a statement,
    # never skipped as a subtitle, and the date line below it still dates the article
    text = b"A Title\n\nDrug A 5 mg daily 1\n\nWhat is it?\n\nLast updated: March 3, 2024\n\nDrug A 5 mg daily 1\n"
    a, _ = read_any(text, "x.txt")
    assert a.title == "A Title" and a.last_updated == "2024-03-03" and a.date_line == 7
    assert [(i.line, i.markers) for i in a.items if "Drug A" in i.text] == [(3, ("1",)), (9, ("1",))]
    assert a.unaccounted(text.decode()) == []
    bullet = b"A Title\n\n- Drug A 5 mg daily\n\nLast updated: March 3, 2024\n\nDrug A 5 mg daily 1\n"
    a, _ = read_any(bullet, "x.txt")
    assert [(i.line, i.kind) for i in a.items] == [(3, "bullet"), (7, "paragraph")]
    assert a.last_updated == "2024-03-03" and a.unaccounted(bullet.decode()) == []


def test_a_subtitle_line_under_the_title_is_the_titles_not_a_refusal():
    # real pages print a strapline under the title ("Test guidance ... It is not clinical advice.")
    text = (b"Uncomplicated malaria: treatment for adults and children\n"
            b"Test guidance written for a project. It is not clinical advice.\n"
            b"Published: 12 March 2024\n\nScope\n\nGive drug A 5 mg daily. 1\n")
    a, _ = read_any(text, "x.txt")
    assert a.title == "Uncomplicated malaria: treatment for adults and children"
    assert a.subtitle == "Test guidance written for a project. It is not clinical advice."
    assert a.last_updated == "2024-03-12" and a.unaccounted(text.decode()) == []
    assert [i.text for i in a.items] == ["Give drug A 5 mg daily. 1"]
    assert any(line == 2 and "subtitle" in m for line, m in a.problems)
    md = (b"# Malaria: what to give\n\n_Written as test guidance; not clinical advice._\n\n**Date:** 2025-06-30\n\n"
          b"## First line\n\n- Drug A 5 mg daily [1]\n")
    a, _ = read_any(md, "x.md")
    assert a.title == "Malaria: what to give" and a.subtitle == "Written as test guidance; not clinical advice."
    assert a.last_updated == "2025-06-30" and a.unaccounted(md.decode()) == []


def test_more_plain_lines_than_a_header_carries_open_the_body_instead_of_refusing_the_file():
    # three short lines under a title are its subtitle; a fourth is body text in the wrong place: read as body,
    # with the date line below it still the date and nothing dropped
    text = b"Title\n\nOne\n\nTwo\n\nThree\n\nFour\n\nLast updated: March 3, 2024\n\nDrug A 5 mg daily 1\n"
    a, _ = read_any(text, "x.txt")
    assert a.last_updated == "2024-03-03" and a.subtitle == "One Two Three"
    assert [i.text for i in a.items] == ["Drug A 5 mg daily 1"] and a.unaccounted(text.decode()) == []


@given(st.lists(st.text(alphabet=st.characters(whitelist_categories=("L",)), min_size=1, max_size=12)
                .map(lambda w: w.strip()).filter(bool), min_size=1, max_size=3))
def test_any_short_unmarked_lines_under_a_title_are_read_as_its_subtitle(words):
    # property: up to three plain lines between the title and the date never refuse the file and are all placed;
    # the subtitle reads as a reader sees it (a ligature 'ﬀ' as its letters, kg.sources.printed_chars)
    header = "\n".join(f"Strapline {w}" for w in words)
    text = f"A Title\n{header}\nLast updated: March 3, 2024\n\nDrug A 5 mg daily 1\n"
    a, _ = read_any(text.encode(), "x.txt")
    assert a.title == "A Title" and a.subtitle == " ".join(f"Strapline {reader_chars(w)}" for w in words)
    assert a.unaccounted(text) == []


def test_a_bare_number_after_a_comparison_stays_in_the_sentence_and_is_reported():
    assert split_markers("Keep systolic pressure below 140") == ("Keep systolic pressure below 140", ())
    assert split_markers("Keep systolic pressure below 140 2") == ("Keep systolic pressure below 140", ("2",))
    assert split_markers("Check serum urate until on target 2") == ("Check serum urate until on target", ("2",))
    text = b"What is it?\n\nLast updated: March 3, 2024\n\nTitle\n\nKeep systolic pressure below 140\n"
    a, _ = read_any(text, "x.txt")
    assert a.items[0].markers == () and any("read as part of the sentence" in m for _, m in a.problems)


def test_canonical_markers_leave_a_leading_reference_number_alone():
    assert canonical_markers("[1] A reference entry, 2020.") == "[1] A reference entry, 2020."
    assert canonical_markers("Give it [1][2].") == "Give it. 1, 2"


def test_publisher_chrome_and_trailing_sections_are_counted_as_skipped(seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        a, _ = read_any(text.encode(), path.name)
        assert a.unaccounted(text) == [] and a.skipped
