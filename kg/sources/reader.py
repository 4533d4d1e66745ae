"""Read guideline articles in the plain-text layout of the seed articles.

The reader turns an article file into its structure (question, dates, title,
sections, statement-bearing items with locators, citation markers, reference
list). It is pure: it takes text and returns data, so the build, the tracer,
`kg sources verify` and the importer all agree on what a locator points at.

A locator is (section heading, item path). Items are numbered within their
section in reading order: plain lines are top-level items, bullets nest under
a preceding lead-in line that ends with a colon, and deeper indentation nests
further ("2.1.3"). A paragraph of several sentences yields one item per
sentence, addressed as "N.sK".
"""

from __future__ import annotations

import hashlib
import importlib.resources
import re
from dataclasses import dataclass, field
from functools import lru_cache

from kg.sources.citations import (
    footnote_calls,
    labelled_markers,
    listed_numbers,
    numbers_of,
    pandoc_superscripts,
    parenthesised_markers,
    publication_year_at,
    stop_markers,
)
from kg.sources.page_chrome import (
    YAML_DATE_KEYS,
    YAML_TITLE_KEYS,
    carries_guidance,
    chrome_reason,
    contents_blocks,
    is_navigation_heading,
    is_organisation_name,
    navigation_items,
    yaml_front_matter,
)
from kg.sources.printed_chars import repair_lines
from kg.sources.tables import (
    MERGED_CELL_NOTE,
    aligned_tables,
    frame_inner_pipe_tables,
    group_label,
    header_over_rule,
    is_field_name,
    same_as_above,
    table_row_text,
)

# Layout chrome that the publisher prints around every article; matched by
# prefix so the project never stores the boilerplate text itself.
_CHROME_PREFIXES = (
    "Medical Advisory Board",
    "Educational purpose only",
    "Article Review Status",
    "Submitted",
    "Under Review",
    "Approved",
    "Personalize",
    "Help us tailor",
    "Which best describes you",
)
_REFERENCES_HEADING = "References"
_DISCLAIMER_HEADING = "Professional Medical Disclaimer"
# List items: '•', '-', '*', '+', '–' (pages copied as text print all of these), '1.' / '1)' and 'a)'
# ('o' is the sub-bullet a word processor's hollow circle becomes in a copy to text: 'o Start with 100 mg', only before
# a capital or a digit, so no sentence is taken for one)
_BULLET = re.compile(r"^(?P<indent>[ \t]*)(?:[•\-\*+–‣◦▪]|\d{1,3}[.)]|[a-z]\)|o(?=[ \t]+[A-Z0-9]))\s+(?P<text>.*)$")
_TRAILING_MARKERS = re.compile(r"(?<=\S)\s+(?P<markers>\d{1,3}(?:\s*,\s*\d{1,3})*)\s*$")
# A trailing number after one of these words is part of the sentence ("keep it below 140"), not a marker.
# ("aged 12 years and over 3": "and over" / "or above" close an age phrase, so the number after them is a marker)
_NUMBER_WORDS_BEFORE = re.compile(
    r"(?:(?<!\band )(?<!\bor )\b(?:above|over)|\b(?:below|under|than|of|to|least|most|reaches|exceeds|exceeding|"
    r"around|about|approximately|version|edition)|[<>≤≥=×~])\s*$",
    re.IGNORECASE,
)
# Bracketed and caret markers: "[1]", "[1, 2]", "[1-3]", "[1][2]", "^1", "^1,2", "^1 ^5"; rewritten to the trailing form.
_BRACKET_MARKERS = re.compile(
    r"(?<=\S)(?P<m>(?:\s*\[\d{1,3}(?:\s*[-–,]\s*\d{1,3})*\])+|(?:\s*\^\d{1,3}(?:\s*,\s*\d{1,3})*)+)(?P<p>[.;:!?]?)"
    r"(?=\s|$|\))"
)
# The date line's label in the wordings publishers use: "Last updated", "Date of issue", "Issued", "Publication
# date", "Last revised on", "Last edited", "Page last reviewed", "This page was last updated on". A "Next review" date is a plan, not the article's date, and is not taken.
_DATE_LINE = re.compile(
    r"^(?!next\b)(?:(?:this\s+)?(?:page|content|article|document|guideline|guidance|information|text)\s+"
    r"(?:was\s+)?)?(?:(?:issue|publication|review|revision|approval|effective|version)\s+date|"
    r"(?:last|first|date\s+(?:of\s+)?(?:last\s+)?)?\s*(?:updated|update|reviewed|review|revised|revision|"
    r"published|publication|issued|issue|modified|approved|approval|edited|created|posted|released)(?:\s+online)?|date)"
    r"\s*(?:on)?\s*(?:[:–—-]\s*)?(?P<date>.+)$",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(r"(?P<month>[A-Z][a-z]+)\.?,? (?P<y>\d{4})\s*$")
_ISO_MONTH = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})\s*$")
_ISO_DATE = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})")
_WRITTEN_DATE = re.compile(r"(?P<month>[A-Z][a-z]+)\.? (?P<d>\d{1,2}),? (?P<y>\d{4})")
_WRITTEN_DATE_DMY = re.compile(r"(?P<d>\d{1,2}) (?P<month>[A-Z][a-z]+)\.?,? (?P<y>\d{4})")
# "21/01/2025", "01.21.2025", "21-01-2025": day and month in an order the page does not say; read by _numeric_readings
_NUMERIC_DATE = re.compile(r"(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?!\d)")
_NUMERIC_DATE_ANYWHERE = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\d/-])")
# A header line of several items ("Version 2 | Date of issue: 9 May 2024 | Review due: May 2027", "Version 4.1.
# Approved: 11 November 2024. Next review: November 2026."): the separators publishers print between them, each
# with a space either side so a date's own '/' or '-' is never one, or a full stop closing an item.
_HEADER_ITEM_SEPARATOR = re.compile(r"\s+[|·•;–—]\s+|(?<=[A-Za-z0-9)]\.)\s+(?=[A-Z])")
# An item giving a date the article is not dated by: a planned review, an expiry.
_NOT_THE_ARTICLES_DATE = re.compile(r"\b(?:next|due|expir\w*|until|valid)\b", re.IGNORECASE)
# ('[^3]: ...', a Markdown footnote definition, numbers its entry as '[3]' does: a reference list printed as footnotes)
_NUMBERED_REFERENCE = re.compile(r"^\s*(?:\[\^?(?P<a>\d{1,3})\]:?|(?P<b>\d{1,3})[.)])\s+(?P<body>\S.*)$")
# an entry numbered with a bare number set apart by a tab or two or more spaces ('1  National Institute for ...'), as a
# list copied from a PDF prints it; read as numbered only in order (a wrapped line may open on a number, never on the
# next entry's number followed by a gap and a capital)
_BARE_NUMBERED_REFERENCE = re.compile(r"^\s*(?P<b>\d{1,3})(?:\t|\s{2,})(?P<body>[A-Z\[(\"'\u201c].*)$")
_QUESTION_HEADING = re.compile(
    r"^(?:(?:section\s+)?\d{1,2}(?:\.\d{1,2})*[.)]?\s+)?"  # a numbered question titles its section too ("5. How is ...?")
    r"(?:how|what|which|when|who|whom|why|where|should|is|are|can|do|does|must|may)\b[^?]*\?$", re.IGNORECASE
)
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
# (a delimiter cell is two dashes or more, or dashes with a colon: '|:--|:--|', '|:-:|', '|-:|', '|---|')
_PIPE_RULE = re.compile(r"^\s*\|?\s*(?::-+:?|-+:|-{2,})\s*(?:\|\s*(?::-+:?|-+:|-{2,})\s*)+\|?\s*$")
_UNPLACEABLE = re.compile(r"^\s*(?:\|.*\||</?[a-zA-Z][^>]*>|```|<!--)")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?:(?P<markers>\d{1,3}(?:\s*,\s*\d{1,3})*)\s+)?(?=[A-Z])")
_LAST_UPDATED = re.compile(r"^Last updated:\s*(?P<date>[A-Z][a-z]+ \d{1,2}, \d{4})")
_MONTHS = {
    m: i
    for i, m in enumerate(
        "January February March April May June July August September October November December".split(),
        start=1,
    )
}


class ArticleFormatError(ValueError):
    """The text is not in the expected article layout; carries the 1-based line."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Item:
    """One statement-bearing unit of an article: a bullet, a line or a sentence."""

    heading: str
    path: str
    text: str
    markers: tuple[str, ...]
    line: int
    kind: str  # "bullet", "paragraph", "sentence" or "lead-in"
    # the headings of the sections the item's section is part of, nearest first, never the title ("4. Oral doses for
    # adults" over "Lamotrigine (monotherapy)"); empty for a section of the page's top level (see heading_rank)
    outer: tuple[str, ...] = ()

    @property
    def markers_printed(self) -> str:
        return ", ".join(self.markers)

    @property
    def checksum(self) -> str:
        return text_checksum(self.text)

    @property
    def locator(self) -> str:
        return f"{self.heading} › {self.path}"


@dataclass(frozen=True)
class ReferenceEntry:
    position: int
    ref_type: str
    title: str
    source: str
    year: int | None
    line: int


@dataclass
class Article:
    question: str
    last_updated: str | None  # ISO date, 'YYYY-MM', 'YYYY' (an ambiguous day and month) or None (no date stated)
    title: str
    headings: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    references: list[ReferenceEntry] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (line, why) of lines read but not kept
    accounted: set[int] = field(default_factory=set)  # 1-based lines the reader placed (header, body, references)
    line_count: int = 0  # non-blank lines in the file
    subtitle: str = ""  # the line(s) printed under the title before the date, if any
    table_rows: set[int] = field(default_factory=set)  # 1-based lines read as rows of a table (indented, no bullet)
    # 1-based lines of footnotes under a table, opened by the mark a cell above carries ('* 1 g in severe infection'
    # under '500 mg*'): the reader takes the asterisk for a bullet, so the mark is kept here for the importer
    footnote_lines: set[int] = field(default_factory=set)
    date_line: int | None = None  # 1-based line the date was read from (None: the article states no date)
    date_readings: tuple[str, ...] = ()  # the date line's readings; two for an ambiguous numeric date
    # 1-based line of a table row -> (1-based line of its table's header row, the header's cells): the rows of one
    # table share it, so a caption's reach ends with its table and a drug named in the first header cell is known
    table_header: dict[int, tuple[int, tuple[str, ...]]] = field(default_factory=dict)
    # each heading the body reader placed, in page order: (1-based line, heading, the headings it stands under), so a
    # later stage can tell a heading with nothing under it (kg.importer.heading_lists)
    heading_at: list[tuple[int, str, tuple[str, ...]]] = field(default_factory=list)
    empty_headings: list[int] = field(default_factory=list)  # 1-based lines of headings with nothing under them
    # the text of the glossary entries skipped above ("ICS: inhaled corticosteroid"): not guidance, but what the page's
    # own abbreviations stand for, which a reader of its warnings needs
    glossary: list[str] = field(default_factory=list)

    def unaccounted(self, text: str) -> list[int]:
        """Non-blank lines of the text the reader did not place anywhere (should be none)."""
        placed = self.accounted | {n for n, _ in self.skipped}
        return [i + 1 for i, ln in enumerate(text.splitlines()) if ln.strip() and i + 1 not in placed]

    def find(self, heading: str, path: str) -> Item | None:
        for item in self.items:
            if item.heading == heading and item.path == path:
                return item
        return None


def normalise_text(text: str) -> str:
    """Collapse white space so a checksum survives re-wrapping and indentation."""
    return " ".join(text.split())


def text_checksum(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def split_markers(text: str) -> tuple[str, tuple[str, ...]]:
    """Split trailing citation markers ("... 2, 1") off a line of guidance.

    A bare number after a comparison or quantity word ("keep it below 140") belongs to the sentence."""
    m = _TRAILING_MARKERS.search(text)
    if not m or _NUMBER_WORDS_BEFORE.search(text[: m.start()]):
        return text.strip(), ()
    markers = tuple(x.strip() for x in m.group("markers").split(","))
    return text[: m.start()].strip(), markers


def _note_sentence_number(text: str, markers: tuple[str, ...], line: int, article: Article) -> None:
    m = _TRAILING_MARKERS.search(text)
    if m and not markers:
        article.problems.append(
            (line, f"trailing number {m.group('markers')!r} read as part of the sentence, not a citation marker")
        )


_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
# superscript markers as web pages copy them ("text.¹", "dose¹,²"): rewritten to the caret form first
# (not after "m": "m²" is square metres)
_SUPERSCRIPT_MARKERS = re.compile(r"(?<=[^\s⁰¹²³⁴⁵⁶⁷⁸⁹mM])([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}(?:\s*,\s*[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})*)")
# superscript markers that lost their raising when the page was copied as text: digits straight after a sentence's
# full stop ("... 7 to 10 days.1,3", '("double sickening").1,2'), at the end of the line or before the next
# sentence. A word, closing bracket, quote or '%' must stand before the stop, so a decimal ("2.5", "4.2") never is one.
_GLUED_MARKERS = re.compile(r"(?<=[A-Za-z)\]\"”’'%])\.(?P<m>\d{1,3}(?:(?:,\s?|\s)\d{1,3})*)(?=$|\s+[A-Z])")


_MARKERS_LINE = re.compile(r"^(?P<indent>\s*)(?P<m>(?:\[\d{1,3}(?:\s*,\s*\d{1,3})*\]\s*)+|\^\d{1,3}(?:\s*,\s*\d{1,3})*)"
                           r"(?P<p>[.;:]?)\s*$")
# bracket markers opening a line before more text ("[1][2]. Plasma potassium drops ..."): the markers of the
# statement a wrap ended on the line above, followed by the next sentence
_LEADING_MARKERS = re.compile(r"^\s*(?:\[\d{1,3}(?:\s*[-–,]\s*\d{1,3})*\]\s*)+(?=[.;:!?]?(?:\s|$))")


def canonical_markers(line: str, whole: bool = False) -> str:
    """Rewrite bracket, caret and superscript markers ('[1][2]', '[1-3]', '^2', '²') into the trailing form ' 1, 2'
    at the end of the sentence they stand in. `whole`: the line is a whole statement (its wrapped lines joined), so
    a sentence that does not end on it ends where it does; otherwise bracket markers inside a sentence that goes on
    past the line's end are left as printed until its lines are joined."""
    if _MARKERS_LINE.match(line):
        # a line of nothing but markers (a statement's markers wrapped onto a line of their own) is left whole: it is
        # rewritten with the statement it ends, once the wrapped lines are joined (wrapped_lines)
        return line
    if not whole and _OPEN_TAIL.search(line):
        # markers ending a line before the comma or semicolon (or the joining word) that carries the sentence
        # on ("... where you can [1];" / "doses assume ..."; "... for 1 week [1], then" / "taper ..."): the sentence goes
        # on past the line, so they are left as printed until its lines are joined; rewritten here they would stand
        # as a bare number before the next line's words ("can; 1 doses", "then 1 taper")
        return line
    leading = _LEADING_MARKERS.match(line)
    if leading:
        # so are the markers a wrap put at the start of a line before the next sentence: rewriting them alone would
        # read the first as text and the others as its markers ("[1]. 2 Plasma ..."); joined, they end their statement
        return line[: leading.end()] + canonical_markers(line[leading.end():]) if leading.end() < len(line) else line
    line = _SUPERSCRIPT_MARKERS.sub(lambda m: "^" + m.group(1).translate(_SUPERSCRIPT), line)
    line = _GLUED_MARKERS.sub(lambda m: ". " + ", ".join(re.split(r",\s?|\s", m.group("m"))), line)
    line = _markers_to_sentence_end(line, whole)

    def repl(m: re.Match[str]) -> str:
        numbers: list[str] = []
        for part in re.findall(r"\d{1,3}(?:\s*[-–]\s*\d{1,3})?", m.group("m")):
            bounds = re.split(r"\s*[-–]\s*", part)
            if len(bounds) == 2 and int(bounds[0]) < int(bounds[1]) <= int(bounds[0]) + 20:
                numbers += [str(n) for n in range(int(bounds[0]), int(bounds[1]) + 1)]
            else:
                numbers.append(bounds[0])
        if not whole and _MID_GROUP.match(line, m.start("m")) and _MID_GROUP.match(line, m.start("m")).end() == m.end("m"):
            return m.group(0)  # inside a sentence that goes on past the line (see above)
        # a marker before the sentence's full stop moves after it: "text [1]." -> "text. 1"
        return m.group("p") + " " + ", ".join(dict.fromkeys(numbers))

    return _BRACKET_MARKERS.sub(repl, line)


# bracket markers inside a sentence: followed by a comma, by a clause after a semicolon or colon, or by the sentence's
# next word ('As NICE advises [2], give ...', 'Give amoxicillin [1] 500 mg ...', 'single dose [4], or')
_MID_GROUP = re.compile(r"(?<=\S)(?P<g>\s*(?:\[\d{1,3}(?:\s*[-–,]\s*\d{1,3})*\])+)(?=,|[;:]\s+[a-z]|\s+[a-z0-9(])")
# where such a sentence ends on the line: its closing stop before the next sentence or the line's end, or the
# bracket markers it closes with
_SENTENCE_END = re.compile(r"(?=[.!?](?:\s+[\"“'(\[]?[A-Z]|\s*$))|\s*(?P<g>(?:\[\d{1,3}(?:\s*[-–,]\s*\d{1,3})*\])+)"
                           r"(?=[.;:!?]?(?:\s*$|\s+[A-Z]))")
# bracket markers at a line's end before what carries the sentence on: a comma or semicolon, a joining word (or right
# after the comma or semicolon: "... for one week,[1]" / "then lower the dose ..."); a colon after them ends a lead-in
# over its items ("... age 12 years and over [2,4]:"), which the line-by-line rewrite reads as it always has
_OPEN_TAIL = re.compile(r"(?<=\S)(?:\s*\[\d{1,3}(?:\s*[-–,]\s*\d{1,3})*\])+"
                        r"(?:\s*[,;](?:\s*(?:or|and|then|plus))?|\s*,?\s*(?:or|and|then|plus))\s*$"
                        r"|(?<=[,;])(?:\s*\[\d{1,3}(?:\s*[-–,]\s*\d{1,3})*\])+\s*$")
# a sentence's stop followed by its markers already in the trailing form (" 1, 4" after "stopped."), ending the text
_STOP_TRAILING = re.compile(r"(?<=[.!?])\s+(?P<m>\d{1,3}(?:\s*,\s*\d{1,3})*)\s*$")
# what may follow a list item's last marker: its comma or semicolon and the word joining it to the next item
_ITEM_TAIL = re.compile(r"\s*[,;]?\s*(?:(?:or|and|then|plus)\s*)?")


def _markers_to_sentence_end(line: str, whole: bool = False) -> str:
    """Bracket markers printed inside a sentence moved to its end, where the trailing form reads them as the
    statement's markers, in the order printed: in place they would be rewritten into the sentence's own words as a
    bare number ('Give amoxicillin [1] 500 mg' would read 'amoxicillin 1 500 mg'). A sentence that does not end on
    this line keeps them (the joined statement is rewritten once its wrapped lines are read together, `whole`),
    except a list item's last clause before its ', or'."""
    for _ in range(16):
        m = _MID_GROUP.search(line)
        if m is None:
            return line
        end = _SENTENCE_END.search(line, m.end())
        trailing = _STOP_TRAILING.search(line, m.end()) if end is None and whole else None
        if trailing is not None and not any(ch in ".!?" for ch in line[m.end():trailing.start() - 1]):
            # the statement's last line had its markers rewritten to the trailing form before its lines were joined
            # ("... one week**,[1] then lower the" / "dose ... stopped. 1, 4"): the markers inside the sentence join
            # those at its end, in the order printed, never left after them as another number ("stopped. 1, 4 1")
            stop = trailing.start()
            mids = [g for g in _MID_GROUP.finditer(line, m.start(), stop)]
            text = line[m.start():stop]
            for g in reversed(mids):
                a, b = g.start() - m.start(), g.end() - m.start()
                text = text[:a] + text[b:]
            groups = "".join(g.group("g").strip() for g in mids)
            line = line[: m.start()] + text + groups + "[" + trailing.group("m") + "]"
            continue
        if end is not None:
            stop = end.start()
        elif whole or _ITEM_TAIL.fullmatch(line, m.end()):
            stop = len(line.rstrip())
        else:
            return line
        mids = [g for g in _MID_GROUP.finditer(line, m.start(), stop)]
        text = line[m.start():stop]
        groups = ""
        for g in reversed(mids):  # cut from the last, so the earlier spans stay where they are
            a, b = g.start() - m.start(), g.end() - m.start()
            text = text[:a] + text[b:]
            groups = g.group("g").strip() + groups
        tail = line[stop:]
        line = line[: m.start()] + (text + groups if end is not None else text.rstrip() + " " + groups) + tail
    return line


def line_markers(line: str) -> str:
    """canonical_markers for one line of a page, except where the rewrite would turn the line into a list item: a
    statement wrapped before its last number and markers ("... is below" / "30.[3]") keeps "30.[3]" as printed
    ("30. 3" would read as item 30), and is rewritten once joined to the line it goes on from (wrapped_lines)."""
    out = canonical_markers(line)
    return line if _BULLET.match(out) and not _BULLET.match(line) else out


def _is_chrome(line: str) -> bool:
    # a journal page's review-status list ("Submitted", "Under Review", "Approved") is furniture, but a line that
    # dates the page under one of those words ("Approved: 2 May 2024 | Review date: May 2027") is the article's date
    return line.startswith(_CHROME_PREFIXES) and not _labelled_date_line(line)


_SETEXT_RULE = re.compile(r"^\s{0,3}(?:={3,}|-{3,})\s*$")
# "4. Monitoring": a section number with a stop, then a short title
_NUMBERED_TITLE = re.compile(r"^\d{1,2}[.)]\s+\S.*$")


def _is_numbered_heading(lines: list[str], i: int) -> bool:
    """A numbered line that titles a section ("1. Scope" over its text) rather than opening a numbered list: after a
    blank line, not indented, a short title with no closing stop, and the next line is text, not the list's next
    item."""
    line = lines[i]
    if not _NUMBERED_TITLE.match(line) or line != line.lstrip() or len(line.split()) > 12:
        return False
    if i + 1 < len(lines) and _SETEXT_RULE.match(lines[i + 1]) and not split_markers(line.strip())[1]:
        return True  # "2. Step 1 - mild pain" underlined with '-----': a Setext heading, as its unnumbered printing is
    if i > 0 and lines[i - 1].strip():
        return False
    if len(line.split()) > 8 and not _title_like(line.strip(), times=True, words=12):
        # a long numbered line is a title only when it reads as one ("3. Step 1 - protect the heart (ECG changes
        # present)"): no amount, no closing stop, no markers; a long numbered step stays a list item
        return False
    if i + 1 >= len(lines):
        return False
    if not lines[i + 1].strip():
        return _numbered_title_alone(lines, i)
    nxt = lines[i + 1]
    if _CAPITALS_TITLE.match(line) and nxt != nxt.lstrip() and _BULLET.match(nxt):
        # "8. CAUTIONS" over an indented list: a section number and a title in capitals, as the page's other
        # section titles are printed; a numbered step is written as a sentence, not in capitals
        return True
    if (nxt != nxt.lstrip() and _BULLET.match(nxt) and not re.match(r"\s*\d{1,3}[.)]\s", nxt)
            and len(line.split()) <= 8 and _title_like(line.strip()) and not _STEP_VERB.match(line.split(None, 1)[1])):
        # "7. Supportive treatment" after a blank line over an indented list of bullets: a short numbered title, not
        # a step (a step opens with its verb), heads the list under it as its capitals printing does
        return True
    same_numbering = re.match(r"(\d{1,3})\.\s", nxt)
    restarts = same_numbering is not None and same_numbering.group(1) == "1" and not line.startswith("1.")
    if (_BULLET.match(nxt) and nxt == nxt.lstrip() and (same_numbering is None or restarts) and len(line.split()) <= 8
            and _title_like(line.strip()) and not _STEP_VERB.match(line.split(None, 1)[1])):
        # "8. Cautions" over a list set flush with it ("- Use X with caution ...", "1) Use ..."): a short numbered title
        # over a list of another mark, or over a list numbered afresh from 1, heads that list; the next step of the same
        # numbering ("9. Give ..."), or a numbered step opening with its verb ("2. Give oxygen"), is a list item
        return True
    return not _BULLET.match(nxt) and nxt == nxt.lstrip() and not _PIPE_ROW.match(nxt)


def _numbered_title_alone(lines: list[str], i: int) -> bool:
    """A numbered line standing between blank lines ("4. Oral doses for adults", "5) Monitoring") titles the section
    under it when it reads as a title (short, no amount, no closing stop, not a step opening with its verb) and the
    lines around it are not the items before and after it in a list spaced by blank lines ("2. Salbutamol" between
    "1. Oxygen" and "3. Ipratropium")."""
    line = lines[i].strip()
    m = re.match(r"(\d{1,2})([.)])\s+(.*)$", line)
    # a standing question numbered as a section ("1. Which drugs are started first?") titles it as the unnumbered
    # question does
    question = m is not None and _QUESTION_HEADING.match(m.group(3)) is not None and len(line.split()) <= 14
    if m is None or not (question or _title_like(line, times=True, words=12)) or _STEP_VERB.match(m.group(3)):
        return False
    number, mark = int(m.group(1)), m.group(2)
    below = next((lines[k] for k in range(i + 1, len(lines)) if lines[k].strip()), None)
    above = next((lines[k] for k in range(i - 1, -1, -1) if lines[k].strip()), None)
    if below is None:
        return False

    def item(text: str | None, n: int) -> bool:
        return text is not None and re.match(rf"\s*{n}{re.escape(mark)}\s", text) is not None

    return not item(below, number + 1) and not item(above, number - 1)


# the verb a numbered step of a procedure opens with ("1. Give oxygen", "2. Check the glucose")
_STEP_VERB = re.compile(r"(?:give|offer|start|use|check|take|stop|add|assess|record|measure|monitor|repeat|review|"
                        r"refer|consider|treat|call|admit|discharge|continue|switch|change|prescribe|avoid|do|make|"
                        r"send|seek|arrange|ensure|apply|insert|place|remove|put|keep|ask|tell|explain|document)\b",
                        re.I)


_CAPITALS_TITLE = re.compile(r"^\d{1,2}\.\s+(?=[^a-z]*[A-Z]{3})[^a-z.:;!?]+$")


# a section number and a title in one line ("5. Penicillin allergy", "6 Severe infection requiring admission")
_SECTION_TITLE = re.compile(r"^(\d{1,2})[.)]?\s+(\S.*)$")
_run_cache: list = [None, frozenset()]  # the last page's lines (by identity) and its section run


def _section_run(lines: list[str]) -> frozenset[int]:
    """The lines of a page that numbers its sections in one run ("1. DIAGNOSIS" ... "5. Penicillin allergy" ...
    "14. MONITORING"): short title-like numbered lines, not indented, numbered 1, 2, 3, ... in page order, most of them
    with text between one and the next, and no other numbered line among them (a page with a numbered list inside
    its sections is left to the line-by-line reading). Such a title is a heading wherever it stands: right after a
    statement, over a statement, or straight over the next section's title ("3. ADULTS" / "4. First line"), as it is
    when the page prints it unnumbered. Computed once per page."""
    if _run_cache[0] is lines:
        return _run_cache[1]
    chain: list[int] = []
    numbered: list[int] = []
    for i, raw in enumerate(lines):
        m = _SECTION_TITLE.match(raw)
        if m is None or raw != raw.lstrip():
            continue
        if _BULLET.match(raw):
            numbered.append(i)
        title = m.group(2).strip()
        if (int(m.group(1)) == len(chain) + 1 and title[0].isupper() and _title_like(raw.strip(), times=True, words=12)
                and not _STEP_VERB.match(title) and not title.endswith(":")):
            chain.append(i)
    run: frozenset[int] = frozenset()
    marks = {_NUMBER_MARK.match(lines[i]).group(1) for i in chain}
    # a numbered list inside a section ("1) Do not use X ... (3)." / "2) Avoid Y in pregnancy.") does not stop the
    # run: its items are sentences, steps opening with their verb, or numbered with another mark than the titles; a
    # numbered line that reads as a title of the same numbering could be either, and leaves the page to the
    # line-by-line reading
    if len(chain) >= 3 and not [i for i in numbered if chain[0] <= i <= chain[-1] and i not in chain
                                and _could_be_section_title(lines[i], marks)]:
        apart = sum(1 for a, b in zip(chain, chain[1:], strict=False)
                    if any(lines[k].strip() for k in range(a + 1, b)))
        if apart * 2 >= len(chain) - 1:
            run = frozenset(chain)
    _run_cache[0], _run_cache[1] = lines, run
    return run


_NUMBER_MARK = re.compile(r"^\d{1,2}([.)]?)")


def _could_be_section_title(raw: str, marks: set[str]) -> bool:
    """A numbered line among the page's numbered section titles that could be one of them: numbered with their mark,
    reading as a title, not a step opening with its verb."""
    m = _SECTION_TITLE.match(raw)
    if m is None or _NUMBER_MARK.match(raw).group(1) not in marks:
        return False
    return _title_like(raw.strip(), times=True, words=12) and not _STEP_VERB.match(m.group(2).strip())


def _numbered_section(lines: list[str], i: int) -> bool:
    """A numbered line that titles a section: by its own look and place, or as a member of the page's section run."""
    return _is_numbered_heading(lines, i) or i in _section_run(lines)


def _is_heading(lines: list[str], i: int) -> bool:
    line = lines[i].strip()
    if not line or _is_chrome(line):
        return False
    if i in _section_run(lines):
        return True
    if (i + 1 < len(lines) and _SETEXT_RULE.match(lines[i + 1])
            and (not _BULLET.match(lines[i]) or _is_numbered_heading(lines, i)) and not header_over_rule(lines, i)
            and not (i > 0 and header_over_rule(lines, i - 1))
            and len(line.split()) <= 14 and not split_markers(line)[1]):
        return True  # a Setext heading: the title underlined with '=====' or '-----'  (the rule is page furniture)
    if _BULLET.match(lines[i]) and not _is_numbered_heading(lines, i):
        return False
    if _GLOSSARY_HEADING.match(line) and (i == 0 or not lines[i - 1].strip()) and lines[i] == lines[i].lstrip():
        return True  # "Abbreviations" over its entries, whatever case the first short form is printed in ("bd")
    if wrapped_title(lines, i):
        return True
    if line[-1] == ":" and line == line.upper() and _title_like(line[:-1].strip()) and _between_blanks(lines, i):
        # "CAUTIONS:" standing alone in capitals titles its section. A sentence-case line ending in ':' between
        # blank lines stays a lead-in ("Adults:", "Give one of:"): the items under it are its, within the section.
        return True
    if line[-1] in ":.!;," or _TRAILING_MARKERS.search(line):
        return False
    if _JOIN_LINE.match(line) or _JOIN_LEAD.match(line):
        # 'or' / 'and' between blank lines joins the options around it, and so does a line opening on such a word
        # ('PLUS ONE OF THE FOLLOWING', 'OR if the child is vomiting'): it titles nothing, however it is printed
        return False
    if line[-1] == "?" and not _QUESTION_HEADING.match(_SECTION_NUMBER.sub("", line)):
        # a standing question ("How is treatment monitored?") titles its section; other '?' lines are prose
        return False
    if len(line) > 100 or len(line.split()) > 14:
        return False
    if _titles_hanging_rows(lines, i):
        return True
    before_blank = i == 0 or not lines[i - 1].strip()
    after_blank = i + 1 >= len(lines) or not lines[i + 1].strip()
    if before_blank and not after_blank:
        # a heading set directly over its text ("Monitoring" then "Check the INR daily ...", and in pages copied as
        # text "CAUTIONS", "4 Severe exacerbation (hospital)", "Follow-up"): a short line after a blank, not
        # indented, that reads as a title (a capital or a section number first, no digit after that, no markers,
        # no closing punctuation), over a line that opens a statement or a list
        nxt = lines[i + 1].strip()
        # the title may give its time span in brackets ("Stage 1: Benzodiazepine (0-10 minutes)"); a question titles
        # the list under it ("How is treatment monitored?" over "• Check ..."), while a question over a line of
        # prose is the paragraph's own
        return (
            lines[i] == lines[i].lstrip()
            and (_title_like(line, times=True)
                 # a title in capitals with its qualifier in lower case ("MILD INFECTION - oral, 7 days (review,
                 # extend to 14 days if slow)") runs longer than a plain title; its capitals mark it a title
                 or _CAPITALS_LEAD.match(line) is not None and _title_like(line, times=True, words=14)
                 or bool(_QUESTION_HEADING.match(line)) and bool(_BULLET.match(lines[i + 1])))
            and (nxt[0].isupper() or nxt[0].isdigit() or bool(_BULLET.match(lines[i + 1])))
            and not _is_chrome(nxt)
            and not _is_chrome(line)
            and not _breaks_into_rest(lines, i)
            # a filled line over a line opening with a bare amount is a sentence a wrap broke before its amount
            # ("First line for perianal fistula ... (after drainage): metronidazole" / "400 mg orally ..."): no
            # statement opens on a bare amount, so the line is not a title over its text
            and not (len(line) > _WRAPPED_WIDTH and _OPENS_WITH_AMOUNT.match(nxt))
        )
    if (after_blank and not before_blank and i >= 2 and not lines[i - 2].strip() and len(line.split()) <= 6
            and lines[i] == lines[i].lstrip() and lines[i - 1] == lines[i - 1].lstrip()
            and _title_like(line) and _title_like(lines[i - 1].strip()) and not _is_chrome(line)
            and not _DOSING_LINE.search(line) and not _BULLET.match(lines[i - 1])):
        # a short title set straight under the section's title, then a blank line ('Uncomplicated Gonococcal
        # Infection of the Pharynx' / 'Recommended Regimen' / '' / 'Ceftriaxone 500 mg IM ...'): the section's first
        # sub-section, titled as its later siblings are ('Alternative Regimen' between blank lines)
        return True
    if before_blank and after_blank and _DOSING_LINE.search(line):
        # a drug table flattened to text sets every cell between blank lines ("Drug 250mg twice a day", "apply
        # three times a day", "7 days"): a line stating an amount to give, a frequency or a bare course length is
        # a statement of what to give, never the title of a section (its dose would vanish with the heading)
        return False
    return (before_blank and after_blank) or _is_sub_heading(lines, i)


def _titles_hanging_rows(lines: list[str], i: int) -> bool:
    """A title at the margin over rows indented under it that open on a number ("First line - Trimethoprim PO" /
    "  4 mg/kg twice daily ..."; "Alternative - Nitrofurantoin PO (if ...)" / "  3 months-11 years: ..."): the rows
    are its text, so it titles them whatever stands above it: a blank line, the section's heading set directly over
    it, or the last row of the block before (the block's siblings are printed the same way, and the blank line
    between them is the page's spacing, not what makes a title)."""
    if i + 1 >= len(lines) or lines[i] != lines[i].lstrip() or not _title_like(lines[i].strip(), times=True, words=12):
        return False
    nxt = lines[i + 1]
    if nxt == nxt.lstrip() or not nxt.strip()[:1].isdigit() or _BULLET.match(nxt):
        return False
    prev = lines[i - 1] if i else ""
    # above it: a blank line, an indented row (the sibling block's last), or a title at the margin (the section's
    # heading with no blank line under it); a sentence at the margin above could be running on into this line
    return (not prev.strip() or prev != prev.lstrip()
            or _title_like(prev.strip(), times=True, words=14) and not _BULLET.match(prev))


def _breaks_into_rest(lines: list[str], i: int) -> bool:
    """Line i is a filled line whose sentence a re-wrap broke (see _rewrapped_page): the short line under it does not
    end a sentence and the line after that goes on in lower case ("Use the Glasgow-Blatchford score at first
    assessment and the full" / "Rockall" / "score after endoscopy [1]."), so it is a sentence's first line, not a
    title over its text."""
    if i + 2 >= len(lines) or len(lines[i].strip()) <= _WRAPPED_WIDTH:
        return False
    rest, after = lines[i + 1].strip(), lines[i + 2].strip()
    return (bool(rest) and bool(after) and len(rest) < _WRAPPED_WIDTH // 2 and rest[-1] not in ".!?:;"
            and after[0].islower() and not _BULLET.match(lines[i + 1]) and not _BULLET.match(lines[i + 2]))


# a line opening with two or more words in capitals, then a dash, comma, colon or bracket before its lower-case part
_CAPITALS_LEAD = re.compile(r"^(?:\d{1,2}[.)]?\s+)?[A-Z]{2,}[A-Z'/&-]*(?:\s+[A-Z]{2,}[A-Z'/&-]*)+\s*[-–—,:(]")


def wrapped_title(lines: list[str], i: int) -> bool:
    """A section or band title a page wrapped over two lines ("Life-threatening infection (hypotension, shock, ileus
    or" / "toxic megacolon)") set directly over its text: after a blank line, the first line cannot end a title (it
    ends on a word that needs another, leaves a bracket open or the next line goes on in lower case), the two lines
    joined read as a title, and a statement or a list follows them. Read as one heading (wrapped_lines joins the
    second line to it), so the band it names reaches the doses under it instead of the band above."""
    if i + 2 >= len(lines) or (i > 0 and lines[i - 1].strip()):
        return False
    first, second, third = lines[i], lines[i + 1], lines[i + 2]
    if not (first.strip() and second.strip() and third.strip()):
        return False
    if any(ln != ln.lstrip() or _BULLET.match(ln) or _PIPE_ROW.match(ln) for ln in (first, second)):
        return False
    head, tail = first.strip(), second.strip()
    if not (_OPEN_ENDING.search(head) or head.count("(") > head.count(")") or tail[0].islower()):
        return False
    joined = f"{head} {tail}"
    if len(joined.split()) > 14 or not _title_like(joined, times=True) or _is_chrome(joined):
        return False
    nxt = third.strip()
    if _BULLET.match(third):
        return True
    return third == third.lstrip() and (nxt[0].isupper() or nxt[0].isdigit()) \
        and _ends_statement(_statement_end(lines, i + 2))


def _between_blanks(lines: list[str], i: int) -> bool:
    return (i == 0 or not lines[i - 1].strip()) and (i + 1 >= len(lines) or not lines[i + 1].strip())


def _ends_statement(line: str) -> bool:
    """A line that closes a statement: a sentence's stop or its citation markers at the end."""
    text = line.strip()
    return bool(text) and (text[-1] in ".!" or bool(split_markers(text)[1]))


def _is_sub_heading(lines: list[str], i: int) -> bool:
    """A short title printed on its own line inside a section, with no blank lines around it ("ADULTS" / "First
    line" / "Give ..." / "Penicillin allergy" / "Give ..."): it stands right under the section's heading or after a
    finished statement, and a statement (or a list) follows it. A run of names, a sentence wrapped over two lines or
    a row under a lead-in has no finished statement on both sides and stays text."""
    line = lines[i]
    if i == 0 or i + 1 >= len(lines) or line != line.lstrip() or len(line.split()) > 8:
        return False
    if not _title_like(line.strip()) or _BULLET.match(line):
        return False
    prev, nxt = lines[i - 1], lines[i + 1]
    if not prev.strip() or not nxt.strip() or nxt != nxt.lstrip() or prev != prev.lstrip():
        return False
    prev_opens_section = (i < 2 or not lines[i - 2].strip()) and _title_like(prev.strip()) and not _BULLET.match(prev)
    if not (prev_opens_section or _ends_statement(prev)):
        return False
    return bool(_BULLET.match(nxt)) or (nxt.strip()[0].isupper() and _ends_statement(_statement_end(lines, i + 1)))


def _statement_end(lines: list[str], j: int) -> str:
    """The last line of the statement that starts on line j, following the lines a page wrapped it over (see
    wrapped_lines; headings and tables are not looked at here, so this never recurses into _is_heading)."""
    last = lines[j].strip()
    k = j + 1
    while k < len(lines) and lines[k].strip() and lines[k] == lines[k].lstrip() and not _BULLET.match(lines[k]) \
            and not _PIPE_ROW.match(lines[k]) and _goes_on(last, lines[k].strip()):
        last, k = lines[k].strip(), k + 1
    return last


# Real pages print a strapline or a status line under the title ("Guidance for adults and children",
# "Not clinical advice"); a few such lines are the title's, but a longer run before the date is body text
# in the wrong place, which the reader reads as body (reported), never as more subtitle.
_MAX_SUBTITLES = 3


def _reads_as_prose(lines: list[str], i: int) -> bool:
    """The first line of a paragraph of guidance rather than a title: a full sentence (five words or more ending
    in a stop), a line running on to the next one (a wrapped paragraph: the next line goes on with the sentence in
    lower case; a title over its capitalised subtitle or date is not one), or more than 20 words."""
    line = lines[i].strip()
    words = len(line.split())
    # a sentence wrapped onto the next line goes on in lower case ("... when it is" / "started early."); a title's
    # subtitle printed under it starts a line of its own
    nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
    wrapped = words >= 6 and bool(nxt) and nxt[0].islower() and not _BULLET.match(lines[i + 1])
    return (words >= 5 and line[-1] in ".!") or words > 20 or wrapped


def _is_subtitle(lines: list[str], i: int, title_at: int, heading_lines: frozenset[int] | None) -> bool:
    """A header line after the title that can only be a subtitle: not a list item, table row or section
    heading, and without citation markers (a cited line is guidance)."""
    line = lines[i].strip()
    if i < title_at or _BULLET.match(lines[i]) or _PIPE_ROW.match(line) or _UNPLACEABLE.match(line):
        return False
    if heading_lines is not None and i in heading_lines:
        return False
    return not split_markers(line)[1] and len(line.split()) <= 40


# A title-like line: a capital (or a section number "4 " / "2.1 " / "4) " and a capital) first, no bracketed or caret
# markers, and it ends in a word or a closing bracket. Numbers are allowed for a band ("Children 3 months to 17
# years"), but an amount with its unit or a time in hours makes the line a statement ("Give amoxicillin 500 mg
# three times daily", "Review at 48 hours").
_TITLE_LIKE = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*[.)]?\s+)?[A-Z][^\[\]^]*[A-Za-z)]$")
_AMOUNT_IN_LINE = re.compile(
    r"\d\s*(?:mg|g|mcg|micrograms?|µg|ml|mL|L|units?|IU|mmol|mEq|%|mmHg|puffs?|tablets?|capsules?|drops?|"
    r"hours?|hrs?|h|minutes?|mins?)\b", re.I
)  # a time of day or an interval in hours ("Review at 48 hours") times an action; a band is in days to years


# a line that only joins the items around it ("PLUS", "OR", "and/or"): never the label of the list below
_JOIN_LINE = re.compile(r"^(?:plus|and|or|and/or|with|then|followed by|together with)$", re.IGNORECASE)
JOIN_LINE = _JOIN_LINE  # the drafter reads such a line as joining the options around it
# a line that opens on a joining word and goes on ('PLUS ONE OF THE FOLLOWING', 'OR if the child is vomiting', 'And/or
# one of:'): no title opens so ('With ...' and 'Then ...' may, so only these)
_JOIN_LEAD = re.compile(r"^(?:plus|or|and/or|and),?\s+\S", re.IGNORECASE)


def _labels_the_list_below(lines: list[str], i: int, body: str) -> bool:
    """A short line that ends without a full stop and is printed straight over a bulleted list ('Alternative Regimens
    (for patients with a penicillin allergy)' over '• Oral doxycycline 100mg twice daily'), as pages copied without
    their heading styles print a list's label: it labels the list as a line ending in ':' does. Never a line that
    states a number, ends a sentence, is indented, or only joins the items around it ('PLUS')."""
    if lines[i][:1] in (" ", "\t") or re.search(r"\d", body):
        return False  # an indented line is an item's own text; a line with a number is a band or a dose row
    if i + 1 >= len(lines) or not _BULLET.match(lines[i + 1]) or not body or body[-1] in ".!?;,)" and not (
            body.endswith(")") and "(" in body and not body.rstrip(")").endswith((".", "!", "?"))):
        return False
    return len(body.split()) <= 14 and not _JOIN_LINE.match(body.strip()) and not _DOSING_LINE.search(body)


# what a dosing cell states: an amount to give (not a laboratory value per minute or per litre), a frequency, or
# a course length standing alone ("5 days", "5 - 7 days", "5 days to maximum of 10 days")
_DOSING_LINE = re.compile(
    r"\d\s*(?:mg|g|mcg|micrograms?|µg|milligrams?|grams?|units?|IU|mL|ml|mmol)\b(?!\s*/\s*(?:min|l|dl|ml|mmol)\b)"
    r"|\b(?:once|twice|three times|four times|\d\s*(?:x|times))\s+(?:a\s+|per\s+|each\s+)?(?:day|daily)\b"
    r"|\b\d+\s*-?\s*hourly\b|\bevery\s+\d+(?:\s*(?:-|–|to)\s*\d+)?\s*(?:hours?|hrs?|h)\b"
    r"|\b(?:bd|bid|tds|tid|qds|qid|nocte|mane)\b"
    r"|^\d+(?:\s*(?:-|–|to)\s*\d+)?\s*(?:days?|weeks?)(?:\s+to\s+(?:a\s+)?maximum\s+of\s+\d+\s*(?:days?|weeks?))?$"
    # the course cell with its label or in words ("Duration: 7 days", "For 5 days", "x 7 days", "(5 days)", "five
    # days.", "3-day course"): still the course of the row above, never a heading
    r"|^\(?\s*(?:(?:duration|course(?:\s+length)?)\s*[:=\-–]?\s*|for\s+|[x×]\s*)?"
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fourteen)"
    r"(?:\s*(?:-|–|to)\s*(?:\d+|five|seven|ten|fourteen))?[\s-]*(?:days?|weeks?|months?)"
    r"(?:\s+(?:in\s+total|total|course))?\s*\)?\s*\.?$",
    re.I,
)


# the threshold a section's title is scoped to, in brackets at its end ("Severe hyperkalaemia (K+ 6.5 mmol/L or
# above)", "Severe disease (potassium over 6.5 mmol/L)"): a level that defines the section, not an amount to give
_THRESHOLD_SPAN = re.compile(r"\((?=[^()]*(?:\bor (?:above|more|over|higher|below|less|under|lower)\b|[<>≥≤]|\b(?:above|"
                             r"over|below|under|at least|more than|less than|greater than)\s+[\d.]))[^()]*\)\s*$", re.I)
_TIME_SPAN = re.compile(r"\(\s*(?:after\s+|over\s+|within\s+|first\s+|up\s+to\s+)?\d+(?:\s*[-–]\s*\d+)?\s*"
                        r"(?:hours?|hrs?|h|minutes?|mins?)\s*\)", re.I)


# a title never ends on a word that needs another after it; a line that does is a sentence a page wrapped
_OPEN_ENDING = re.compile(r"\b(?:a|an|the|and|or|of|by|to|with|in|for|on|at|from|as|is|are|be|than|that|which|who|"
                          r"whose|if|when|but|into|per|after|before|while|below|under|least|most|between|every|each|"
                          r"within|until|via|without|during|despite|about|around|approximately|including|such)$",
                          re.IGNORECASE)


def _title_like(line: str, times: bool = False, words: int = 10) -> bool:
    """A title-like line (see above); with `times`, a time span in brackets ("(0-10 minutes)") is allowed."""
    return (
        _TITLE_LIKE.match(line) is not None
        and _OPEN_ENDING.search(line) is None
        and _AMOUNT_IN_LINE.search(_TIME_SPAN.sub(" ", _THRESHOLD_SPAN.sub(" ", line)) if times else line) is None
        and not split_markers(line)[1]
        and len(line.split()) <= words
    )


def _iso_date(text: str) -> str | None:
    """ISO date of 'March 3, 2024', '3 March 2024', 'Mar 3, 2024' or '2024-03-03' ('2024-03' for 'March 2024');
    None if not a real date."""
    import datetime

    m = _ISO_DATE.match(text.strip())
    if m:
        y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    else:
        m = _WRITTEN_DATE.match(text.strip()) or _WRITTEN_DATE_DMY.match(text.strip())
        if not m:
            # "March 2024", "2024-03": a month only; kept as a month (xsd:gYearMonth), never given an invented day
            ym = _MONTH_YEAR.match(text.strip()) or _ISO_MONTH.match(text.strip())
            month = (_month(ym.group("month")) if "month" in ym.groupdict() else int(ym.group("m"))) if ym else None
            if ym is None or month is None or not 1 <= month <= 12:
                return None
            return f"{int(ym.group('y')):04d}-{month:02d}"
        month = _month(m.group("month"))
        if month is None:
            return None
        y, mo, d = int(m.group("y")), month, int(m.group("d"))
    try:
        return datetime.date(y, mo, d).isoformat()
    except ValueError:
        return None


def _numeric_readings(text: str) -> tuple[str, str] | None:
    """The day-first and month-first ISO readings of a numeric date ('21/01/2025'), None in place of a reading that
    is no real date; None if the text is not a numeric date."""
    import datetime

    m = _NUMERIC_DATE.match(text.strip())
    if not m:
        return None
    a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("y"))

    def real(day: int, month: int) -> str | None:
        try:
            return datetime.date(y, month, day).isoformat()
        except ValueError:
            return None

    return real(a, b), real(b, a)  # type: ignore[return-value]


def _page_order(text: str) -> str | None:
    """'day' or 'month' when every numeric date on the page that can be read only one way is read day first (or
    month first): the page's own convention for its ambiguous dates; None when the page shows none or both."""
    orders = set()
    for a, _sep, b, _y in _NUMERIC_DATE_ANYWHERE.findall(text):
        a, b = int(a), int(b)
        if a > 12 >= b >= 1:
            orders.add("day")
        elif b > 12 >= a >= 1:
            orders.add("month")
    return orders.pop() if len(orders) == 1 else None


def _date_items(line: str) -> list[tuple[str, bool]]:
    """The texts of a header line that may hold its date, each with whether it is bare (then the date must be the
    whole text): the labelled date, the whole line, and, for a line of several items separated by ' | ' (not a
    table row), each labelled item that is not a planned review or an expiry."""
    text = line.strip().strip("*_").strip()
    out: list[tuple[str, bool]] = []
    labelled = _DATE_LINE.match(text)
    if labelled:
        out.append((labelled.group("date"), False))
    out.append((text, True))
    items = _HEADER_ITEM_SEPARATOR.split(text)
    if len(items) > 1 and not _PIPE_ROW.match(text):
        # the last update first ("Published 1 March 2020 · Updated 3 May 2024" is dated by its update)
        labelled_items = []
        for item in items:
            item = item.strip().strip("*_").strip()
            lab = _DATE_LINE.match(item)
            if lab and not _NOT_THE_ARTICLES_DATE.search(item):
                labelled_items.append((not _UPDATE_LABEL.search(item[: lab.start("date")]), lab.group("date")))
        out[:0] = [(date, False) for _, date in sorted(labelled_items, key=lambda t: t[0])]
    if len(text.split()) <= 16:
        # a label after the page's own name ("NICE guideline [NG999] Published: 09 June 2022"): the date must then be
        # all that follows the label, so a sentence that mentions a publication is never taken
        inner = _LABEL_INSIDE.search(text)
        if inner and not _NOT_THE_ARTICLES_DATE.search(text[: inner.start("date")]):
            out.append((inner.group("date"), True))
    return [(_clean_date_text(t), bare) for t, bare in out]


_YEAR_ONLY = re.compile(r"(?:19|20)\d{2}")
# A label of the article's last change: among several dates on a header line this one dates the article
_UPDATE_LABEL = re.compile(r"\b(?:updated?|reviewed|revised|revision|modified|edited)\b", re.IGNORECASE)
# A date label inside a header line, after other words; the date is the rest of the line.
_LABEL_INSIDE = re.compile(
    r"(?<=\S)\s+(?:last\s+)?(?:updated|reviewed|revised|published|issued|modified|edited)(?:\s+online)?"
    r"\s*(?:on)?\s*:?\s*(?P<date>\S.*)$",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(r"^(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\.?,?\s+", re.IGNORECASE)
_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b(?:\s+of\b)?", re.IGNORECASE)
_YEAR_FIRST = re.compile(r"^(?P<y>\d{4})[/.](?P<m>\d{1,2})[/.](?P<d>\d{1,2})$")


def _clean_date_text(text: str) -> str:
    """A date as pages print it, in the forms the parsers read: no weekday ('Monday, 3 June 2024'), no ordinal
    ('12th May', '1st of March'), a year-first '2024/05/12' as ISO (only one reading: a year first is never
    followed by the day), no closing stop."""
    text = _WEEKDAY.sub("", text.strip()).rstrip(" .")
    text = _ORDINAL.sub(lambda m: m.group(1), text)
    m = _YEAR_FIRST.match(text)
    if m:
        text = f"{m.group('y')}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"
    return text


def _date_readings(line: str) -> tuple[str, ...]:
    """The possible ISO dates of a header date line: one for 'Last updated: March 3, 2024', a bare '2024-03-03' or
    an unambiguous '21/01/2025'; two for an ambiguous numeric date ('03/04/2025'); none for any other line."""
    for text, bare in _date_items(line):
        # a bare date counts only when the date is the whole line, so a sentence starting with a date is not taken
        if bare and not any(p.fullmatch(text) for p in (_ISO_DATE, _WRITTEN_DATE, _WRITTEN_DATE_DMY, _NUMERIC_DATE)):
            continue
        if not bare and _YEAR_ONLY.fullmatch(text):
            return (text,)  # 'Last reviewed: 2024': the year is all the page says (xsd:gYear)
        numeric = _numeric_readings(text)
        if numeric is not None:
            readings = tuple(dict.fromkeys(r for r in numeric if r is not None))
            if readings:
                return readings
            continue
        found = _iso_date(text)
        if found is not None:
            return (found,)
    return ()


def _date_of_line(line: str) -> str | None:
    """ISO date of a header date line: a labelled one ('Last updated: March 3, 2024') or a line that is
    nothing but a date ('2024-03-03', '3 March 2024'), as publishers print it under the title; None otherwise
    (and None for an ambiguous numeric date, which only the page's convention can settle)."""
    readings = _date_readings(line)
    return readings[0] if len(readings) == 1 else None


def _settled_date(line: str, text: str) -> tuple[str | None, str | None]:
    """The date of the date line and a note for the report: an ambiguous numeric date ('03/04/2025') takes the order
    the page's other numeric dates show; with no such convention only its year is kept (xsd:gYear), never a guessed
    day or month, and the note names both readings."""
    import datetime

    readings = _date_readings(line)
    if len(readings) == 1:
        return readings[0], None
    if not readings:
        return None, None
    order = _page_order(text)
    if order is not None:
        return (readings[0] if order == "day" else readings[1]), None
    day_first, month_first = (datetime.date.fromisoformat(r) for r in readings)
    return f"{day_first.year:04d}", (
        f"ambiguous numeric date in '{line.strip()}': it reads as {day_first.day} {day_first:%B %Y} (day first) or "
        f"{month_first.day} {month_first:%B %Y} (month first), and no other date on the page settles the order; "
        f"only the year {day_first.year} is kept, never a guessed day (needs a curator's eye: write the date as "
        f"'{day_first.day} {day_first:%B %Y}' or '{month_first.day} {month_first:%B %Y}')"
    )


def _month(name: str) -> int | None:
    for full, number in _MONTHS.items():
        if name == full or (len(name) >= 3 and full.startswith(name)):
            return number
    return None


# A full stop of an abbreviation ends no sentence. Abbreviations that lead into what follows them ("max. 4 g",
# "e.g. Codeine", "Dr. Jones", "Smith et al. 2020", "vs. placebo", "No. 5") never end one; a run of single letters
# each with its stop ("b.d.", "t.d.s.", "p.o.", "i.v.") or a cut word of a unit or form ("tab.", "caps.", "wk.",
# "yrs.") ends one only when a capital follows (the stop then doubles as the sentence's, "500 mg b.d. Review at 48
# hours"), so a line wrapped after one ("every 6 hours, max." / "4 g daily") goes on. These are words of English
# and of prescription writing, read as punctuation, not clinical facts.
_LEADING_ABBREVIATIONS = frozenset(
    "max min approx ca circa cf eg e.g ie i.e viz vs dr prof mr mrs ms fig figs ref refs incl esp".split()
)
_TRAILING_ABBREVIATIONS = frozenset(
    "tab tabs cap caps inj susp soln sol syr amp supp oint wk wks yr yrs mo mos hr hrs mins sec secs wt ht conc "
    "equiv etc no nos".split()
)
_DOTTED_LETTERS = re.compile(r"(?:^|(?<=[\s(\[/,;]))(?:[A-Za-z]\.){2,}$")
_LAST_WORD = re.compile(r"(?:^|(?<=[\s(\[/,;]))(?P<w>[A-Za-z][A-Za-z.']*)\.$")


def abbreviation_stop(text: str) -> str | None:
    """'leading' when `text` ends on the full stop of an abbreviation that never ends a sentence ('max.', 'e.g.',
    'et al.', 'Dr.'), 'trailing' when it ends on one that may also end it ('b.d.', 't.d.s.', 'tab.', 'yrs.'), None
    when its stop is a sentence's."""
    text = text.rstrip()
    if not text.endswith("."):
        return None
    m = _LAST_WORD.search(text)
    if m is None:
        return None
    word = m.group("w").casefold()
    if word in _LEADING_ABBREVIATIONS or word.rstrip(".") in _LEADING_ABBREVIATIONS or (
            word == "al" and text[: m.start()].rstrip().casefold().endswith("et")):
        return "leading"
    if word in _TRAILING_ABBREVIATIONS or _DOTTED_LETTERS.search(text):
        return "trailing"
    return None


def _sentences(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Split a paragraph into sentences, each keeping the markers printed after it; never after the full stop of an
    abbreviation that leads into what follows it (abbreviation_stop)."""
    out: list[tuple[str, tuple[str, ...]]] = []
    start = 0
    for m in _SENTENCE_BREAK.finditer(text):
        if not m.group("markers") and abbreviation_stop(text[start : m.start()]) == "leading":
            continue
        body = text[start : m.start()].strip()
        markers = tuple(x.strip() for x in m.group("markers").split(",")) if m.group("markers") else ()
        printed = body + (" " + ", ".join(markers) if markers else "")
        out.append((printed, markers))
        start = m.end()
    tail = text[start:].strip()
    _, markers = split_markers(tail)
    out.append((tail, markers))
    return out


def sentence_starts(text: str) -> list[int]:
    """Where each sentence after the first starts in `text` (a list item or a statement of several sentences), by the
    rule _sentences splits a paragraph with: a stop, its citation markers if any, then a capital; never after the full
    stop of an abbreviation that leads into what follows it ('max. 2 g')."""
    out: list[int] = []
    start = 0
    for m in _SENTENCE_BREAK.finditer(text):
        if not m.group("markers") and abbreviation_stop(text[start : m.start()]) == "leading":
            continue
        out.append(m.end())
        start = m.end()
    return out


_TYPESET_SPACES = str.maketrans({c: " " for c in "\u00a0\u202f\u2009\u2007\u200a\u2002\u2003\u2004\u2005\u2006"})


def read_article(
    text: str, heading_lines: frozenset[int] | None = None, title_lines: frozenset[int] | None = None,
    pipe_rows: frozenset[int] = frozenset(), heading_levels: dict[int, int] | None = None,
    source_lines: list[str] | None = None, reference_numbers: frozenset[int] | None = None,
) -> Article:
    """Parse an article. Only a file with nothing to read is refused (ArticleFormatError): an empty one here, one
    with no statement in kg.importer.markdown.read_any.

    `heading_lines` (0-based line indexes) lets a layout that marks its headings explicitly, such
    as Markdown, say which lines are headings; the plain layout infers them from blank lines. `title_lines` are
    the lines marked as the page's title (Markdown's '# '): lines above the first, if none carries guidance, are
    set aside as the site's name or a section label, not taken for the title. `pipe_rows` are the lines a layout
    already read as rows of a pipe table (Markdown): each is a row of its own table, never a header or row of a
    table aligned by spaces, however its cells happen to line up with the rows next to it. `heading_levels` gives
    the level a layout marks each heading at (Markdown's '#' count); with the headings' section numbers it places
    each item in its enclosing sections (Item.outer, heading_rank). `source_lines` are the lines as the file prints
    them, when a layout rewrote them line for line before this reading (Markdown: entities, links and escapes read):
    a page wraps its source, so where a wrap fell is measured on them. `reference_numbers` are the numbers of the
    page's reference list when a layout read that list itself (Markdown); a parenthesised citation is read only when
    its numbers are among them (kg.sources.citations).

    The header is read as a reader reads a saved page: page furniture (breadcrumbs, author, DOI, share links,
    front matter; kg.sources.page_chrome) is set aside with a report line naming it; the title is the first line
    left; a question line and up to three subtitle lines may stand with it; a line that carries guidance (a list
    item, a citation marker, an amount, advice) opens the body wherever it stands. The date is the header's date
    line, or else a labelled date line anywhere (a 'Page last reviewed' footer); a page with none says so, and an
    ambiguous numeric date keeps only its year, with both readings reported."""
    if not text.strip():
        raise ArticleFormatError(
            1, "the file is empty; expected a question line, a 'Last updated:' line, a title and sections"
        )
    # invisible characters, typesetter's hyphens, ligatures and a wrong encoding read as a reader sees them (line for
    # line; kg.sources.printed_chars)
    text, char_notes = repair_lines(text)
    if not text.strip():
        # only invisible characters (a word joiner, zero-width spaces): nothing a reader sees is left
        raise ArticleFormatError(
            1, "the file holds only invisible characters; expected a question line, a 'Last updated:' line, a title "
            "and sections"
        )
    _refuse_non_article(text)
    # a pipe table row keeps its cells' markers where they are: the row is read cell by cell (kg.sources.tables)
    # Trailing white space and the typesetter's spaces (no-break, narrow no-break, thin, figure, hair: "500\u00a0mg")
    # carry no meaning a reader sees; a statement's text collapses them anyway (normalise_text), so every rule reads
    # the line as a reader sees it.
    plain = [ln.translate(_TYPESET_SPACES).rstrip() for ln in text.splitlines()]
    # a table printed with pipes only between its cells, its header wrapped over lines, is the pipe table it shows
    plain, table_joins = frame_inner_pipe_tables(plain)
    # citations printed '(3)', 'Ref: 3' or '[^3]' read as the bracket markers they mean, before anything is placed
    plain, citation_notes = _citations_as_brackets(plain, reference_numbers)
    lines = [line_markers(ln) if ("[" in ln or "^" in ln or _SUPERSCRIPT_MARKERS.search(ln) or _GLUED_MARKERS.search(ln))
             and not _PIPE_ROW.match(ln)
             else ln for ln in plain]
    front: dict[int, str] = {}  # 0-based line -> what page furniture or front matter it is (skipped, reported)
    start = 0
    date_at: int | None = None
    date_text: str | None = None
    title_text: str | None = None
    title_at: int | None = None
    matter = yaml_front_matter(lines)
    if matter is not None:
        first_yaml, last_yaml, fields = matter
        front.update({k: "YAML front matter" for k in range(first_yaml, last_yaml + 1) if lines[k].strip()})
        start = last_yaml + 1
        title_field = next((fields[k] for k in YAML_TITLE_KEYS if k in fields and fields[k][1]), None)
        if title_field is not None:
            title_at, title_text = title_field
        date_field = next((fields[k] for k in YAML_DATE_KEYS if k in fields and _date_readings(f"Date: {fields[k][1]}")),
                          None)
        if date_field is not None:
            date_at, date_text = date_field[0], f"Date: {date_field[1]}"
    # a table of contents ("Contents" / "1. Definitions" ... "8. References") lists the sections the page prints
    # below it: navigation, set aside before anything else, so its "References" entry never opens the reference list
    # and its titles are never read as the page's title, headings or statements
    front.update(contents_blocks(lines, start))
    # in a layout that marks its headings (Markdown), a line under a paragraph's line is that paragraph going on, never
    # a heading: a wrapped contents line ("**In this guideline:** ... ·" / "[References](#refs)") opens no list
    refs_limit = reference_list_heading(lines, [i for i in range(start, len(lines))
                                                if i not in front and is_references_heading(lines[i].strip())
                                                and not _paragraph_goes_on(lines, i, heading_lines)])
    header_date = _header_date(lines, start, refs_limit) if date_at is None else None
    question_at: int | None = None
    subtitles: list[int] = []
    body_start: int | None = None
    marked_title = _marked_title(lines, start, refs_limit, title_lines) if title_at is None else None
    after_date = title_at is not None and date_at is not None  # YAML gave both: the body follows
    pending_title = title_text is not None  # a YAML title: the page's own '# Title' line may repeat it
    for i in range(start, refs_limit):
        raw = lines[i]
        line = raw.strip()
        if not line or i in front or _is_chrome(line):
            continue
        if i == header_date:
            date_at = i
            after_date = title_at is not None
            continue
        if header_date is not None and _labelled_date_line(raw):
            front[i] = f"a further date line (the article's date is read from line {header_date + 1})"
            continue
        if title_at is not None and i == _next_line(lines, title_at) and _UNDERLINE.match(line) and i > start:
            front[i] = "the title's underline"
            continue
        if is_navigation_heading(line):
            front[i] = "a list of the page's own links"
            front.update({k: "an entry of the page's list of links" for k in navigation_items(lines, i)})
            continue
        if pending_title:
            pending_title = False
            if normalise_text(line.lstrip("#").strip()) == normalise_text(title_text or ""):
                front[i] = "the title again (the front matter gives it)"
                continue
        # a not-advice notice under the title is the title's subtitle; anywhere else in the header it is furniture
        reason = chrome_reason(line, disclaimers=title_at is None or after_date)
        if reason is not None:
            front[i] = reason
            if title_at is None and line.strip("*_[]#> ").casefold() == "home":
                front.update({k: "a breadcrumb trail printed one part a line" for k in _crumbs_under_home(lines, i)})
            continue
        if after_date:
            if question_at is None and line.endswith("?") and not _BULLET.match(raw):
                question_at = i  # title first, question after the date ("# Title / Last updated / What is ...?")
                continue
            body_start = i
            break
        listed = bool(_BULLET.match(raw) or _PIPE_ROW.match(line) or _UNPLACEABLE.match(line) or split_markers(line)[1])
        guidance = listed or bool(_AMOUNT_IN_LINE.search(line))
        if title_at is None and is_organisation_name(line) and _title_follows(lines, i, refs_limit, header_date):
            front[i] = "the site's or publisher's name above the title"
            continue
        if title_at is None and marked_title is not None and i < marked_title and not line.endswith("?"):
            front[i] = "a line above the '# ' title (the site's name or a section label)"
            continue
        if title_at is None:
            if listed and not (heading_lines is not None and i in heading_lines):
                body_start = i  # no title: the first line is guidance already
                break
            if question_at is None and line.endswith("?"):
                question_at = i
                continue
            if _reads_as_prose(lines, i):
                # a page with no title line opens on its guidance ("For widespread X, give Y.", or the answer under
                # a question): that paragraph is a statement, never the title (its dose would vanish with it)
                body_start = i
                break
            title_at = i
            if date_at is not None:
                body_start = i + 1  # question and date first, then the title: the body follows it
                break
            continue
        heading = (i in heading_lines) if heading_lines is not None else _is_heading(lines, i)
        if question_at is None and line.endswith("?") and not guidance and not (heading and header_date is None
                                                                                and heading_lines is not None):
            question_at = i
            continue
        if header_date is None and heading:
            body_start = i
            break
        # with no date line below it, a subtitle is printed with the title (no blank line between), or is a
        # not-advice notice; a paragraph of its own is read as body, so no prose is set aside on a guess
        joined = header_date is not None or not lines[i - 1].strip() == "" or (
            chrome_reason(line) == "a disclaimer")
        if joined and not guidance and not carries_guidance(line) and len(subtitles) < _MAX_SUBTITLES and _is_subtitle(
            lines, i, title_at, heading_lines if header_date is not None else None
        ):
            subtitles.append(i)
            continue
        body_start = i
        break
    if body_start is None:
        body_start = refs_limit
    if date_at is None and header_date is not None:
        date_at = header_date  # the body opened above the header's date line (a list or a cited line came first)
    article_problems: list[tuple[int, str]] = list(char_notes) + citation_notes
    if title_at is None and question_at is not None:
        title = lines[question_at].strip()
        article_problems.append((question_at + 1, "no title line: the question stands in for it; write the article's "
                                                  "title (needs a curator's eye)"))
    elif title_at is None:
        title = "(no title)"
        article_problems.append((body_start + 1 if body_start < len(lines) else 1,
                                 "no title line before the guidance: the draft's title is '(no title)'; "
                                 "write the article's title (needs a curator's eye)"))
    else:
        title = title_text if title_text is not None else lines[title_at].strip()
    # page furniture in the body and after it ("Next review due", "Content source", share links, copyright)
    for i in range(body_start, len(lines)):
        raw = lines[i]
        if i in front or not raw.strip() or (heading_lines is not None and i in heading_lines) or _BULLET.match(raw):
            continue
        if is_navigation_heading(raw):
            front[i] = "a list of the page's own links"
            front.update({k: "an entry of the page's list of links" for k in navigation_items(lines, i)})
            continue
        reason = chrome_reason(raw.strip()) if i < refs_limit else footer_reason(raw)
        if reason in (_FURNITURE_IN_BODY if i < refs_limit else _FURNITURE_AFTER_REFERENCES):
            front[i] = reason
    if date_at is None:
        # no date in the header: a labelled date line anywhere ("Page last reviewed: 12 May 2024" at the foot)
        date_at = next((i for i in range(body_start, len(lines))
                        if i not in front and _labelled_date_line(lines[i])
                        and not _in_reference_entry(lines, i, refs_limit)), None)
        if date_at is not None:
            article_problems.append(
                (date_at + 1, "the article's date is read from this line, below the article's text")
            )
    # any further labelled date line in or after the body ('Published: ...' beside 'Last reviewed: ...') is the
    # page's, not guidance
    front.update({i: f"a further date line (the article's date is read from line {date_at + 1})"
                  for i in range(body_start, len(lines))
                  if date_at is not None and i != date_at and i not in front and _labelled_date_line(lines[i])
                  and not _in_reference_entry(lines, i, refs_limit)})
    readings: tuple[str, ...] = ()
    if date_at is not None:
        date_line = date_text if date_text is not None else lines[date_at]
        readings = _date_readings(date_line)
        last_updated, note = _settled_date(date_line, text)
        if note:
            article_problems.append((date_at + 1, note))
    else:
        last_updated = None
        article_problems.append(
            (1, "the article states no date (no 'Last updated', 'Reviewed' or 'Published' line, top or bottom): the "
                "draft records kgv:statesNoDate; add dcterms:modified if the publisher gives a date elsewhere "
                "(needs a curator's eye)")
        )
    question = lines[question_at].strip() if question_at is not None else title
    article = Article(question=question, last_updated=last_updated, title=title)
    article.date_line = date_at + 1 if date_at is not None else None
    article.date_readings = readings
    article.subtitle = " ".join(normalise_text(lines[i].strip().strip("*_")) for i in subtitles)
    article.skipped = [(i + 1, "publisher chrome") for i in range(len(lines)) if lines[i].strip()
                       and _is_chrome(lines[i].strip()) and i not in front]
    article.skipped += [(i + 1, f"page furniture: {why}") for i, why in sorted(front.items())]
    article.skipped += [(i + 1, why) for i, why in sorted(table_joins.items())]
    article.accounted.update(i + 1 for i in (date_at, title_at, question_at, *subtitles) if i is not None)
    article.problems += article_problems
    article.problems += [
        (i + 1, "read as the title's subtitle (a strapline printed under the title), not as guidance")
        for i in subtitles
    ]
    article.problems += [(i + 1, f"set aside as page furniture, not read as guidance: {why}")
                         for i, why in sorted(front.items()) if why != "YAML front matter"]
    if matter is not None:
        article.problems.append((matter[0] + 1, "YAML front matter read for the title and date; its other fields "
                                                "are set aside"))
    article.line_count = sum(1 for ln in lines if ln.strip())
    if question_at is None:
        article.problems.append(((title_at or 0) + 1, "no question line (ending in '?'): the title stands in for it"))
    placed = set(front) | {i for i in (date_at, question_at, title_at, *subtitles) if i is not None}
    body_from = body_start - 1
    refs_at = refs_limit if refs_limit < len(lines) and refs_limit >= body_start else None
    end = refs_at if refs_at is not None else len(lines)
    if refs_at is None:
        article.problems.append(((title_at or 0) + 1, "no 'References' heading: the article has no reference list"))
    _read_body(lines, body_from, end, article, heading_lines, frozenset(placed), pipe_rows, plain, heading_levels,
               source_lines)
    if refs_at is not None:
        _read_references(lines, refs_at + 1, article, frozenset(placed))
    return article


def _joined(first: str, more: list[str]) -> str:
    """A statement's wrapped lines joined; a line of markers under a line its own markers already end ("... advice.
    1" / "^5") adds its numbers to theirs ("... advice. 1, 5"), where joined as printed it would read as a number of
    the sentence ("advice. 1 5")."""
    out = first.rstrip()
    for line in more:
        if _MORE_MARKERS.match(line) and split_markers(out)[1]:
            out += ", " + ", ".join(map(str, numbers_of(re.sub(r"[\[\]^]", ",", line.rstrip(".;:")).strip(","))))
        else:
            out += " " + line
    return out


def _paragraph_goes_on(lines: list[str], i: int, heading_lines: frozenset[int] | None) -> bool:
    """Line i goes on the paragraph above it in a layout that marks its headings: the line above is text (not blank,
    not a marked heading) and line i is not marked a heading itself."""
    return (heading_lines is not None and i not in heading_lines and i > 0 and bool(lines[i - 1].strip())
            and i - 1 not in heading_lines)


def _in_reference_entry(lines: list[str], i: int, refs_limit: int) -> bool:
    """Line i is part of an entry of the reference list that opens at line `refs_limit`: a numbered entry, or a line
    indented under the entry above it ('1) NICE. Clinical Knowledge' / '   Summaries: Shingles. Last revised 2024.'),
    whose dates are the work's, never the page's."""
    if i <= refs_limit:
        return False
    return bool(_NUMBERED_REFERENCE.match(lines[i]) or _BARE_NUMBERED_REFERENCE.match(lines[i])) or (
        lines[i][:1] in (" ", "\t") and bool(lines[i - 1].strip()))


def _citations_as_brackets(plain: list[str], reference_numbers: frozenset[int] | None
                           ) -> tuple[list[str], list[tuple[int, str]]]:
    """The page's lines above its reference list with parenthesised, labelled and footnote citations rewritten as
    bracket markers (kg.sources.citations), and the report lines for parenthesised numbers left as text."""
    refs = reference_list_heading(plain, [i for i, ln in enumerate(plain) if is_references_heading(ln.strip())])
    numbers = reference_numbers if reference_numbers is not None else (
        listed_numbers(plain, refs + 1) if refs < len(plain) else frozenset())
    lines, notes = parenthesised_markers(plain, numbers, refs)
    lines, stop_notes = stop_markers(lines, numbers, refs)
    notes += stop_notes
    return [footnote_calls(labelled_markers(pandoc_superscripts(ln))) if k < refs and not _PIPE_ROW.match(ln) else ln
            for k, ln in enumerate(lines)], notes


_MARKUP_PAGE = re.compile(r"^\s*<(?:!doctype\s+html|html|head|body|\?xml)\b", re.IGNORECASE)


def _refuse_non_article(text: str) -> None:
    """Refuse a file with nothing to read as an article: binary data, or a web page's markup rather than its text."""
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ArticleFormatError(line, "binary data (a NUL byte), not text: save the article as text or Markdown")
    first = next(ln for ln in text.splitlines() if ln.strip())
    if _MARKUP_PAGE.match(first):
        raise ArticleFormatError(
            1, "an HTML or XML page, not an article saved as text: save the page as text or Markdown"
        )


# Page furniture recognised inside and after the body too; an author or subtitle-like line there stays text.
_FURNITURE_IN_BODY = frozenset({
    "a navigation, share or print control", "a breadcrumb trail", "a copyright line", "a DOI",
    "a planned review date (not the article's date)", "a page-information line", "a disclaimer", "a line of links",
    "a web address", "a citation of the page itself", "a rule line", "a decoration line",
})
# In and after the reference list only what cannot be part of an entry (a DOI or an address line may be)
_FURNITURE_AFTER_REFERENCES = frozenset({
    "a navigation, share or print control", "a breadcrumb trail", "a copyright line",
    "a planned review date (not the article's date)", "a page-information line", "a disclaimer", "a rule line",
    "a decoration line",
})


def footer_reason(line: str) -> str | None:
    """What page furniture a line after the reference list is (chrome_reason), reading a line of links by what its
    links say: '[Back to top](#top)' or '[Accessibility](/a) | [Cookies](/c)' is a control, while a line that only
    links a work ('[Smith J. Title. 2020](https://...)') may be an entry and stays one."""
    reason = chrome_reason(line.strip())
    if reason == "a line of links":
        shown = chrome_reason(_LINK_TEXT.sub(lambda m: m.group("t"), line.strip()))
        return shown if shown in _FURNITURE_AFTER_REFERENCES else reason
    return reason


_LINK_TEXT = re.compile(r"!?\[(?P<t>[^\]]*)\]\([^)]*\)")


def is_page_footer_line(line: str) -> bool:
    """A line after the reference list that belongs to the page, not to an entry: a labelled date ('Page last
    reviewed: 12 May 2024'), a planned review, a content-source or copyright line, share links."""
    return (bool(line.strip()) and not _BULLET.match(line)
            and (_labelled_date_line(line) or footer_reason(line) in _FURNITURE_AFTER_REFERENCES))


# "=====" or "-----" under a title (a Setext heading)
_UNDERLINE = re.compile(r"^(?:=+|-+)\s*$")
# the non-blank lines before a date line that make it the header's (title, question, subtitles, furniture)
_HEADER_LINES = 12


def _marked_title(lines: list[str], start: int, end: int, title_lines: frozenset[int] | None) -> int | None:
    """The first line marked as the page's title, when only header lines (no list item, cited line or table row)
    stand above it."""
    first = min((k for k in (title_lines or ()) if start <= k < end), default=None)
    if first is None:
        return None
    for i in range(start, first):
        line = lines[i].strip()
        if line and (_BULLET.match(lines[i]) or _PIPE_ROW.match(line) or split_markers(line)[1]):
            return None
    return first


def _crumbs_under_home(lines: list[str], home: int) -> list[int]:
    """The parts of a breadcrumb trail printed one a line under 'Home' ('Home / Health A to Z / Gout', each on its
    own line): short lines with no closing punctuation, no date and no guidance, up to the blank line that ends
    the trail; none when no blank line ends it within six lines."""
    out = []
    for k in range(home + 1, min(len(lines), home + 8)):
        line = lines[k].strip()
        if not line:
            return out
        if (len(line.split()) > 5 or line[-1] in ".:;?!" or _BULLET.match(lines[k]) or _date_readings(line)
                or carries_guidance(line) or _AMOUNT_IN_LINE.search(line)):
            return []
        out.append(k)
    return []


def _title_follows(lines: list[str], i: int, end: int, header_date: int | None) -> bool:
    """Whether a title follows line i in the header: the next line that is not page furniture, a question or a date
    line is title-like (no list item, cited line or table row) and stands as a title does, not as a section heading
    set over its text (the line after it is blank, a date, a question or furniture)."""
    def header_only(k: int) -> bool:
        line = lines[k].strip()
        return (not line or _is_chrome(line) or chrome_reason(line) is not None or line.endswith("?")
                or k == header_date or bool(_date_readings(line)))

    for k in range(i + 1, end):
        if header_only(k):
            continue
        raw = lines[k]
        line = raw.strip()
        if _BULLET.match(raw) or _PIPE_ROW.match(line) or split_markers(line)[1]:
            return False
        return k + 1 >= len(lines) or header_only(k + 1)
    return False


def _next_line(lines: list[str], i: int) -> int | None:
    return next((k for k in range(i + 1, len(lines)) if lines[k].strip()), None)


def _header_date(lines: list[str], start: int, end: int) -> int | None:
    """The header's date line: the first dated line with only header lines above it (a title, a question,
    subtitles, furniture); None when guidance (a list item, a table row, a cited line, an amount) or more than a
    header's worth of lines comes first."""
    seen = 0
    for i in range(start, min(end, start + 400)):
        raw = lines[i]
        line = raw.strip()
        if not line or _is_chrome(line):
            continue
        if not _BULLET.match(raw) and _date_readings(line):
            return _latest_update(lines, i, end)
        if chrome_reason(line) is not None or is_navigation_heading(line):
            continue
        if (_BULLET.match(raw) or _PIPE_ROW.match(line) or split_markers(line)[1]
                or _AMOUNT_IN_LINE.search(line)):
            return None
        seen += 1
        if seen > _HEADER_LINES:
            return None
    return None


def _latest_update(lines: list[str], first: int, end: int) -> int:
    """Of the dated lines printed together in the header (no other line between), the one labelled as the last
    update or review ('Published: 1 March 2020' / 'Last updated: 3 May 2024' is dated by the second); the first
    when none or several are."""
    block = [first]
    for k in range(first + 1, min(end, first + 4)):
        if not lines[k].strip():
            continue
        if not _labelled_date_line(lines[k]):
            break
        block.append(k)
    updates = [k for k in block if (m := _DATE_LINE.match(lines[k].strip().strip("*_").strip()))
               and _UPDATE_LABEL.search(m.group(0)[: m.start("date")])]
    return updates[0] if len(updates) == 1 else first


def _labelled_date_line(line: str) -> bool:
    """A short line that gives a date under a label ('Page last reviewed: 12 May 2024', 'Last Reviewed: May 2024'),
    as pages print it at their foot; a bare date or a sentence is not taken."""
    text = line.strip().strip("*_").strip()
    if _BULLET.match(line) or len(text.split()) > 14:
        return False
    labelled = _DATE_LINE.match(text) or any(
        _DATE_LINE.match(item.strip().strip("*_").strip()) for item in _HEADER_ITEM_SEPARATOR.split(text)
    )
    return bool(labelled) and bool(_date_readings(text))


_REFERENCE_LIKE = re.compile(r"\b(?:19|20)\d{2}\b|\bet\s+al\b|\bdoi\b|https?://|\bpmid\b", re.I)


def reference_list_heading(lines: list[str], candidates: list[int]) -> int:
    """The line that opens the reference list among the `candidates` (lines titled 'References', 'Bibliography'
    ...): the last one whose next lines read as references (a year, 'et al', a DOI or an address among the first
    five), as a page's own list comes at its end after any mention of the title (a contents entry, a 'see
    References' line); with none such, the first candidate; len(lines) when there is no candidate."""
    def entries_follow(i: int) -> bool:
        seen = 0
        for k in range(i + 1, len(lines)):
            if k in candidates:
                return False
            if lines[k].strip():
                if _REFERENCE_LIKE.search(lines[k]):
                    return True
                seen += 1
                if seen >= 5:
                    return False
        return False

    listed = [i for i in candidates if entries_follow(i)]
    return listed[-1] if listed else candidates[0] if candidates else len(lines)


def is_references_heading(line: str) -> bool:
    """A line titling the reference list: 'References', 'Bibliography', '9. References', 'Section 9 - Sources'."""
    # a numbered section heading ("9. References", "9) References", "Section 9 - References") names the list the same
    # way
    return re.sub(r"^(?:section\s+)?\d{1,2}(?:\.\d{1,2})*[.)]?\s*[-–—:]?\s+", "", line.strip("#*: "),
                  flags=re.I).casefold().rstrip(" :") in ("references", "reference list", "bibliography", "sources",
                                                           "references and further reading", "cited references",
                                                           "literature cited", "works cited")


# A line a page wrapped because it was too long (text saved from e-mail, PDF or a narrow column; a Markdown
# paragraph or list item written over several lines) goes on on the next line: the statement is unfinished (no
# closing stop, colon or citation markers) and the next line opens nothing of its own (no list item, heading or
# table row). A next line starting in lower case goes on whatever the length; one starting with a capital only
# when the line before it is long enough that a wrap is why it stopped (so a list of short unpunctuated lines,
# "Check potassium" / "Check creatinine", stays one statement a line). Under a paragraph an indented line is a
# table row, never a continuation; under a list item an indented line is its hanging indent.
_WRAPPED_WIDTH = 55
_ONLY_MARKERS = re.compile(r"^(?:(?:\[\d{1,3}(?:\s*[-–,]\s*\d{1,3})*\])+|\^\d{1,3}(?:\s*,\s*\d{1,3})*|"
                           r"\d{1,3}(?:\s*,\s*\d{1,3})*)[.;:]?$")
_MORE_MARKERS = re.compile(r"^(?:(?:\[\d{1,3}(?:\s*[-–,]\s*\d{1,3})*\])+|\^\d{1,3}(?:\s*,\s*\d{1,3})*)[.;:]?$")
_SPACED_CELLS = re.compile(r"\S {2,}\S")


def _opens_something(lines: list[str], j: int, heading_lines: frozenset[int] | None, tables: set[int]) -> bool:
    raw = lines[j]
    if j in tables or _BULLET.match(raw) or _PIPE_ROW.match(raw) or _PIPE_RULE.match(raw) or _UNPLACEABLE.match(raw):
        return True
    if _SPACED_CELLS.search(raw.strip()) or _is_chrome(raw.strip()):
        return True
    return (j in heading_lines) if heading_lines is not None else _is_heading(lines, j)


# a band line's own words besides its patient words: numbers, bounds, and the units of an age or a weight
_BAND_LINE_WORDS = re.compile(
    r"\d+(?:\.\d+)?|[-–—<>≤≥=()/]|\b(?:kg|years?|yrs?|months?|weeks?|days?|hours?|old|to|and|or|under|over|below|"
    r"above|up|less|more|than|at|least|from|of|older|younger)\b", re.I)
_BAND_LINE_BAND = re.compile(r"\d\s*(?:kg|years?|yrs?|months?|weeks?|days?|hours?)\b", re.I)


@lru_cache(maxsize=1)
def _patient_words() -> frozenset[str]:
    text = importlib.resources.files(__package__).joinpath("data", "patient_words.txt").read_text(encoding="utf-8")
    return frozenset(ln.strip().casefold() for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))


def _band_line(line: str) -> bool:
    """A line that is one band of patients and nothing else, as a formulary prints it over its dose lines ('Child
    1-11 months:', '**Neonates 7-28 days**', 'Body-weight 10-20 kg', 'Under 40 kg:', 'Adults:'): patient words
    (data/patient_words.txt), a bound and an age or a weight, or one or two patient words alone ('Adults'); it
    opens with a capital. A page never wraps a sentence onto such a line, so it is never the statement above going on."""
    t = line.strip().strip("*_").strip()
    colon = t.endswith(":")
    t = t.rstrip(":").strip("*_ ")
    if not t or len(t.split()) > 8 or not t[0].isupper():
        return False
    words = _BAND_LINE_WORDS.sub(" ", t).casefold().split()
    if any(w not in _patient_words() for w in words):
        return False
    if _BAND_LINE_BAND.search(t):
        return True
    return 0 < len(words) <= 2 and (colon or len(t.split()) == len(words))


def _goes_on(last: str, nxt: str, hanging: bool = False, markdown: bool = False, within: bool = False,
             source: tuple[str, str] | None = None, rewrapped: bool = False, unwrapped: bool = False) -> bool:
    """Whether line `nxt` continues the statement whose line so far ends with `last` (see above); `hanging`: `nxt`
    is indented under a list item's text (its hanging indent), so an unfinished item goes on into it whatever
    the line's length or first letter; in Markdown even after a colon, since an indented line under a list item
    is that item's paragraph there (a plain page's indented lines under a bullet ending in ':' are its rows);
    `within`: `last` is itself a line the statement was wrapped onto (or a list item's), so a next line opening
    with an amount goes on however short `last` is (a line wrapped twice: "... rifampicin 150 mg," / "pyrazinamide"
    / "400 mg and ethambutol 275 mg."). A statement's short first line over an amount is left as it is: it may be
    a band's label ("Adults 18 years and over") or one step of a list that lost its bullets ("Prednisolone 40 mg
    daily" / "30 mg daily"). `source`: the two lines as the file prints them (Markdown before its entities and links
    are read): a page wraps the text it is written in, so a line whose source is long was wrapped however short it
    reads ("**Type I penicillin allergy:** levofloxacin" over "10&ndash;20&nbsp;mg/kg/day ...").
    `rewrapped`: `last` is the short rest of a line a narrower re-wrap broke (see _rewrapped_page): it ends where the
    page's own wrap fell, so it is read as a filled line. `unwrapped`: the page prints one block a line (see
    _unwrapped_page), so a line ends its block unless it ends on a word or a comma that needs more."""
    # a line opening in lower case or with a bracket goes on the sentence, but not one opening with an item's letter
    # or numeral in brackets ("(c) Four-factor ...", "(ii) Give ..."): that is the next item of an enumerated list
    lower = (nxt[0].islower() or nxt[0] in "([^,;–—-") and not _ENUMERATION_MARK.match(nxt)
    amount = _OPENS_WITH_AMOUNT.match(nxt) is not None
    if _ROW_ENDING_IN_AMOUNT.search(last) and _ROW_ENDING_IN_AMOUNT.search(nxt):
        # two rows of a table printed with no column names ('Corrected serum calcium up to 3.0 mmol/L<TAB>15-30 mg'
        # over the next band's row): a label, a wide gap, an amount; a wrap never leaves a tab or a run of spaces
        # inside a line, however long the row reads once its tab is expanded
        return False
    if _LEADER_ROW.search(nxt) and (_LEADER_ROW.search(last) or _OPEN_ENDING.search(last) is None
                                    and last[-1] not in ",(–-/"):
        # a row of a list printed with dot leaders ('Children 10-19 kg .............. 10 mg once daily' under the
        # band above's row): a label, a run of dots, its amount; a wrap never carries a row's label and leader, so it
        # opens a row of its own however long the line above is
        return False
    if _semicolon_cells(last) >= 4 and _semicolon_cells(last) == _semicolon_cells(nxt):
        # two rows of a table printed with its cells split by semicolons ('Benzathine benzylpenicillin; under 20 kg;
        # 600,000 units; deep intramuscular; every 4 weeks' over the next drug's row): the same number of cells on
        # both lines, which a wrap of one sentence never leaves; each row is read on its own
        return False
    # the next word would not have fitted
    filled = rewrapped or len(last) + 1 + len(nxt.split()[0]) > _WRAPPED_WIDTH
    if source is not None and not filled and source[0].strip() and source[1].strip():
        filled = len(source[0].strip()) + 1 + len(_QUOTE_MARKS.sub("", source[1]).split()[0]) > _WRAPPED_WIDTH
    if _ONLY_MARKERS.match(nxt) and not split_markers(last)[1]:
        return True  # the statement's citation markers, wrapped onto a line of their own
    if _MORE_MARKERS.match(nxt) and split_markers(last)[1]:
        return True  # more of its markers ("... advice.^1" / "^5"): a line of bracket or caret markers opens nothing
    if not hanging and not markdown and _band_line(nxt) and _OPEN_ENDING.search(last) is None \
            and last[-1] not in ",(–-/":
        # 'Child 1-4 years:' (or 'Child 1-4 years') under a long dose line ('125 mg three times a day; increased if
        # necessary to 30 mg/kg three times a day'): the band of the dose lines under it, never the line above going on
        return False
    if unwrapped and not hanging:
        # a page copied from a web page one block a line ("Preferred - Empirical" / "nitrofurantoin 50mg po qds." /
        # "Caution: Do not use if eGFR is under 45"): no wrap ever broke its lines, so neither the line's length nor
        # the next line's lower-case first letter says the block goes on; only a line ending on a word or mark that
        # needs another ("... given with" / "...,") does
        return _OPEN_ENDING.search(last) is not None or last[-1] in ",(–-/" or nxt[0] in ",;)"
    if _labelled_field(nxt) and _labelled_field(last):
        return False  # one field of a definition list under another ("Dose: 500 mg orally" / "Duration: 5 days")
    if last[-1] == "." and nxt[0].islower() and not split_markers(last)[1]:
        return True  # a stop a sentence does not end at ("to cause C." / "difficile"): no statement opens in lower case
    stop = abbreviation_stop(last) if last[-1] == "." else None
    if stop == "leading" or stop == "trailing" and (nxt[0].isdigit() or amount):
        # the stop of an abbreviation ("every 6 hours, max." / "4 g daily", "e.g." / "Codeine 30 mg", "500 mg b.d." /
        # "for 5 days"): the sentence goes on
        return True
    body, marks = split_markers(last)
    if len(marks) == 1 and nxt[0].islower() and _OPENS_WITH_UNIT.match(nxt):
        # a number a wrap left at the line's end before its unit on the next line ("... 6-hourly (max. 2" / "g/dose)",
        # "max. 150" / "mg/day"): the amount goes on; a citation marker is never followed by a unit
        return True
    after_colon = body.endswith(":") and not _AMOUNT_IN_LINE.search(f"{marks[-1]} {nxt.split()[0]}") if marks else False
    if last[-1] in ".!?" or (marks and (not lower or after_colon or body.rstrip()[-1:] in (".", "!", "?"))):
        # a line closed by its stop, or by citation markers: before a capital, after the full stop they follow
        # ('... by slow injection [1].' over '(c) Four-factor ...'), or after a lead-in's colon ('... age
        # 12 years and over [2,4]:' over its items), where no wrap falls; one number after a colon may be the amount
        # the next line goes on with ('... who cannot swallow: 12' / 'micrograms/hour patch'), so it does not close
        return False
    if hanging and (last[-1] != ":" or markdown):
        return True
    if last[-1] == ";":
        return lower  # no statement ends on a semicolon
    if last[-1] == ":":
        # a lead-in ("Options:") over its items; a colon a wrap fell after goes on (in Markdown also into an amount).
        # In Markdown a line under a paragraph's line is the same paragraph, so a lead-in ("**Type I penicillin
        # allergy:**") whose text a wrap put on the next line goes on into it whatever the line's length
        return (lower or markdown and nxt[0].isdigit()) and (filled or markdown)
    # a line ending on a word that needs another ("divided BID for") goes on whatever its length (a page converted
    # from HTML wraps its source, whose entities make a line look shorter once read)
    return lower or filled or _OPEN_ENDING.search(last) is not None or amount and within


# a dot leader between a row's label and its amount ('Under 30 kg ........ 15 mg once daily', 'Infants ... 1 mg/kg')
_LEADER_ROW = re.compile(r"\S\s*(?:\.{3,}|…+)\s*(?:up to |max(?:imum)? )?\d")


def _semicolon_cells(line: str) -> int:
    """How many cells a line splits into at its semicolons outside brackets (1 for a line with none)."""
    depth, cells = 0, 1
    for ch in line:
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        elif ch == ";" and depth == 0:
            cells += 1
    return cells


_FIELD_LABEL = re.compile(r"^\s*(?:\*\*|__)?(?P<label>[A-Za-z][A-Za-z' ()/-]{0,40}?)\s*(?:\*\*|__)?\s*:\s*\S")


def _labelled_field(line: str) -> bool:
    """A line that is one field of a definition list: a dose's field name, its colon, its value ("Route: oral")."""
    m = _FIELD_LABEL.match(line)
    return m is not None and is_field_name(m.group("label"))


# an enumerated item's mark in brackets before its text: "(c) ", "(ii) ", "(4) "
_ENUMERATION_MARK = re.compile(r"^\((?:[a-z]|[ivx]{1,4}|\d{1,2})\)\s", re.I)


# a table's row with no column names: a label, a tab or two or more spaces, then its amount with a unit as the last cell
_ROW_ENDING_IN_AMOUNT = re.compile(r"\S(?:\t+| {2,})[ \t]*(?:up to |max(?:imum)? )?\d[\d.,]*(?:\s*[-–]\s*\d[\d.,]*)?\s*"
                                   r"(?:mg|g|mcg|micrograms?|µg|ml|mL|units?|IU|mmol)\b[^\t]{0,30}$")


# a line opening with an amount and its unit ("400 mg and ethambutol 275 mg."): no statement opens on a bare amount,
# so after a line that does not end its sentence it is the sentence going on
_OPENS_WITH_AMOUNT = re.compile(r"^\d+(?:[.,]\d+)?(?:\s*[-–]\s*\d+(?:[.,]\d+)?)?\s*"
                                r"(?:mg|g|mcg|micrograms?|µg|ml|mL|units?|IU|mmol|mEq|%)(?:/\S+)?(?:\s|[,.;)]|$)")


# a unit opening a line, the unit of the number a wrap left at the end of the line above ("g/dose)", "mg/day.")
_OPENS_WITH_UNIT = re.compile(r"(?:mg|g|mcg|micrograms?|µg|ml|mL|units?|mmol|mEq|nanograms?|kg)(?:/\S+)?(?:\s|[,.;)]|$)")


def _rewrapped_page(lines: list[str], start: int, end: int) -> bool:
    """A page re-wrapped narrower than it was written (text wrapped once, then again by a mail client or a narrower
    window): each of its lines broke into a long line and a short rest, so short lines stand inside its sentences
    ("... test for" / "HLA-B*1502 before" / "starting carbamazepine ..."). A page wrapped once never has one: the
    next line's first word would have fitted on the short line. Read from the page: a short line under a filled one
    (the short line's first word did not fit on it), not ending its sentence, over a long line going on in lower case.
    On such a page the short rest of a filled line ends where the page's own wrap fell, not where a statement ends."""
    for k in range(start + 1, end - 1):
        above, line, below = lines[k - 1].strip(), lines[k].strip(), lines[k + 1].strip()
        if (above and line and below and len(above) + 1 + len(line.split()[0]) > _WRAPPED_WIDTH
                and len(line) < _WRAPPED_WIDTH // 2 and len(below) > _WRAPPED_WIDTH * 2 // 3
                and line[-1] not in ".!?:;" and below[0].islower() and not split_markers(line)[1]
                and not any(_BULLET.match(lines[n]) or _PIPE_ROW.match(lines[n]) for n in (k, k + 1))):
            return True
    return False


# A line this long (in characters and words), with no tab or column gap, is a block no wrap broke; two of them make a
# page printed one block a line (a web page's text copied out), where a line break ends a block (_unwrapped_page)
_UNWRAPPED_LINE = 150
_UNWRAPPED_WORDS = 20


def _unwrapped_page(lines: list[str], start: int, end: int) -> bool:
    """A page that prints each block (paragraph, list item, table cell, label) on one line of its own, however long:
    two or more prose lines longer than any wrap (_UNWRAPPED_LINE characters and _UNWRAPPED_WORDS words, no tab, no
    column gap, no pipe row). A hard-wrapped page never has such a line, so its reading is unchanged."""
    long = 0
    for k in range(start, end):
        raw = lines[k]
        text = raw.strip()
        if (len(text) > _UNWRAPPED_LINE and len(text.split()) >= _UNWRAPPED_WORDS and "\t" not in raw
                and "   " not in text and not _PIPE_ROW.match(raw)):
            long += 1
            if long >= 2:
                return True
    return False


# a blockquote's marks before a line's text ('> ', '>> ')
_QUOTE_MARKS = re.compile(r"^\s*(?:>\s?)*")


def _wrapped_cell_lines(lines: list[str], i: int, end: int, tables: set[int]) -> list[int]:
    """The lines carrying on the last cell of row i, a line with its cells set apart by a gap of spaces and no table
    around it: each starts where that cell starts (a column's hanging indent), sets no cells apart itself, and goes
    on the text above it (it opens in lower case, or the text above ends on a word that needs more). [] for any other
    line."""
    raw = lines[i].expandtabs(4)
    if i in tables or not raw.strip() or _BULLET.match(raw) or _PIPE_ROW.match(raw) or not _SPACED_CELLS.search(
            raw.strip()):
        return []
    cells = [m.end() for m in re.finditer(r"\S(?: {2,}|\t+)(?=\S)", raw)]
    if not cells:
        return []
    at = cells[-1]
    out: list[int] = []
    last = raw.strip()
    j = i + 1
    while j < end and lines[j].strip() and j not in tables:
        nxt = lines[j].expandtabs(4)
        indent = len(nxt) - len(nxt.lstrip())
        text = nxt.strip()
        if abs(indent - at) > 1 or _SPACED_CELLS.search(text) or _BULLET.match(nxt):
            break
        if not (text[0].islower() or _OPEN_ENDING.search(last) is not None or last[-1] in ",(–-/"):
            break
        out.append(j)
        last, j = text, j + 1
    return out


def wrapped_lines(
    lines: list[str], start: int, end: int, heading_lines: frozenset[int] | None, tables: set[int],
    source_lines: list[str] | None = None,
) -> dict[int, list[int]]:
    """The body lines that go on over the following lines (see above): first line index -> continuation indexes;
    `source_lines`: the lines as the file prints them (read_article), on which a wrap's width is measured."""
    out: dict[int, list[int]] = {}
    # a page with lines longer than any wrap was never wrapped, so never re-wrapped either: its short lines between
    # long ones are blocks of their own ("Preferred - Empirical"), not the rests of broken lines
    unwrapped = heading_lines is None and _unwrapped_page(lines, start, end)
    rewrapped = not unwrapped and _rewrapped_page(lines, start, end)
    i = start
    while i < end:
        if heading_lines is None and i not in tables and wrapped_title(lines, i):
            out[i] = [i + 1]  # a title wrapped over two lines: one heading
            i += 2
            continue
        row_wrap = _wrapped_cell_lines(lines, i, end, tables) if heading_lines is None else []
        if row_wrap:
            # a row printed with its cells set apart ('Propylthiouracil   500 mg orally as a loading dose, then 250
            # mg') whose last cell the page wrapped onto the next line, under that cell ('orally every 4 hours')
            out[i] = row_wrap
            i = row_wrap[-1] + 1
            continue
        if not lines[i].strip() or _opens_something(lines, i, heading_lines, tables) and (
            not _BULLET.match(lines[i])
            # a numbered section title ("3. Step 1 - protect the heart (ECG changes present)") is a heading, not a
            # list item: it never runs on into the text under it, however long it is
            or (i in heading_lines if heading_lines is not None else _numbered_section(lines, i))
        ):
            i += 1
            continue
        first = lines[i]
        bullet = _BULLET.match(first)
        indent = len(first.expandtabs(4)) - len(first.expandtabs(4).lstrip())
        last, j = first.strip(), i + 1
        while j < end and lines[j].strip() and not _opens_something(lines, j, heading_lines, tables):
            nxt = lines[j].strip()
            nxt_indent = len(lines[j].expandtabs(4)) - len(lines[j].expandtabs(4).lstrip())
            source = ((source_lines[j - 1], source_lines[j])
                      if source_lines is not None and j < len(source_lines) else None)
            # on a re-wrapped page, a short line going on from a filled one is the rest of a line of the page's own
            above = lines[j - 2].strip() if j > i + 1 else ""
            rest = rewrapped and bool(above) and len(above) + 1 + len(last.split()[0]) > _WRAPPED_WIDTH
            if (bullet and heading_lines is None and nxt_indent <= indent and nxt[0].isupper()
                    and _OPEN_ENDING.search(last) is None and last[-1] not in ",(–-/"
                    and _labels_the_list_below(lines, j, nxt)):
                # a label line straight over the next list ('Alternative Regimens (for nonpregnant patients)' under
                # '• Oral doxycycline 100mg twice daily for 14 days' and over '• Ceftriaxone ...'), back at the
                # margin: the next list's label, never the item above wrapped, however long that item's line is
                break
            if not _goes_on(last, nxt, hanging=bool(bullet) and nxt_indent > indent, markdown=heading_lines is not None,
                            within=bool(bullet) or j > i + 1, source=source, rewrapped=rest, unwrapped=unwrapped):
                break
            # a deeper line under a paragraph at the margin opens something of its own (a row of a table the page
            # printed as indented text); under an indented line with no mark (an item whose bullet the page lost,
            # a row) it is that line's hanging indent, read as a line at the same depth would be: how deep a page
            # indents its wrapped lines (two spaces more, a tab) never decides where a statement ends
            if not bullet and nxt_indent > indent and not indent:
                break
            # a line back at a shallower depth after an indented line with no mark (a row of a band table the page
            # printed as indented text: "  CrCl 10-25 mL/min: 500 mg IV every 12 hours" over "Piperacillin-tazobactam
            # needs no change ...") is the block ending: a wrap puts its line at the same depth or under it, never
            # back out. Only a line opening in lower case, or one after a word that needs another, goes on: else a
            # row's dose would be read with a drug named only in the sentence after it
            if not bullet and indent and nxt_indent < indent and not (
                    nxt[0].islower() or _OPEN_ENDING.search(last) is not None):
                break
            out.setdefault(i, []).append(j)
            last, j = nxt, j + 1
        i = j
    return out


# A section number printed before a heading's title: "4.", "4", "2.3", "Section 5 -", "Part 2:", "5)".
# (a number followed by a unit is a quantity, never a section's number: '6 months to 6 years' heading a flattened
# table's band row is a band, not section 6 with the next band '6-12 years' nested inside it and reading its band)
_SECTION_NUMBER = re.compile(r"^(?:(?:section|part|chapter)\s+)?(?P<n>\d{1,2}(?:\.\d{1,2})*)(?:\.|\))?(?:\s*[-–—:]\s*|\s+)"
                             r"(?=[A-Za-z(])(?!(?:months?|years?|yrs?|weeks?|days?|hours?|kg|mg|g|mcg|micrograms?|"
                             r"milligrams?|ml|to)\b)", re.I)


# A section listing the page's abbreviations, and a paragraph opening with that label.
_GLOSSARY_HEADING = re.compile(
    r"^(?:(?:section\s+)?\d{1,2}(?:\.\d{1,2})*[.)]?\s+)?(?:list\s+of\s+|key\s+to\s+(?:the\s+)?)?"
    r"(?:abbreviations?|acronyms|glossary(?:\s+of\s+(?:terms|abbreviations))?|abbreviations\s+and\s+acronyms)"
    r"(?:\s+used(?:\s+in\s+this\s+\w+)?)?\s*:?$", re.I)
# an entry: the short form, then what it stands for after ':', '=', a dash, a comma or a gap of spaces
_GLOSSARY_ENTRY = re.compile(r"^\s*(?:[-*•+]\s+)?[A-Za-z][\w&/.+'-]{0,11}(?:\s*(?::|=|–|—|-|,)\s*|\s{2,}|\t+)\S")
_GLOSSARY_LINE = re.compile(r"^\W*(?:abbreviations?|acronyms)(?:\s+used)?\s*:\s*\S", re.I)


def heading_rank(text: str, marked: int = 0) -> tuple[int, int, int]:
    """Where a heading stands in the page's outline, lower is higher: the level its layout marks (Markdown's '#'
    count; 0 where nothing marks one), then its section number's depth ("4." 1, "2.3" 2, "2.3.1" 3). An unnumbered
    heading ranks below every numbered one of the same mark: a page that numbers its sections prints its unnumbered
    titles inside them ("4. Oral doses for adults" over "Lamotrigine (monotherapy)"), so what the numbered heading
    says (a route, a band) holds in the subsections under it."""
    m = _SECTION_NUMBER.match(text.strip())
    return marked, (m.group("n").count(".") + 1 if m else 9), 0 if marked or _capital_heading(text) else 1


def _capital_heading(text: str) -> bool:
    """A heading printed in capitals ('FIRST-LINE ORAL TREATMENTS'). A plain page that prints some headings in
    capitals and others in ordinary case ('Amitriptyline', 'Gabapentin' under it) sets its sections in capitals and
    their subsections in ordinary case, so what the capitals say (a route, a stage) holds in the subsections under it;
    a short acronym ('HIV') is not such a heading's style."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 5 and not any(c.islower() for c in letters)


# a mark stuck to a table cell's word or amount ('500 mg*', 'Amoxicillin**') and a line opening with that mark
_CELL_STAR = re.compile(r"[^\s*|]\*{1,3}(?=\s|$|[|,;:)])")
_STAR_NOTE = re.compile(r"^\*{1,3}\s+\S")


def mark_table_footnotes(lines: list[str], start: int, end: int, rows: set[int], article: Article) -> None:
    """Record the lines under a table that open with an asterisk some row of the table carries on a cell: they are
    the table's footnotes, not bullets of a list (article.footnote_lines)."""
    last_row = None
    for i in range(start, end):
        if i in rows:
            last_row = i
            continue
        if last_row is None or i - last_row > 6 or not _STAR_NOTE.match(lines[i]):
            continue
        mark = lines[i].split()[0]
        table = [k for k in range(max(start, last_row - 40), last_row + 1) if k in rows]
        if any(m.group(0)[1:] == mark for k in table for m in _CELL_STAR.finditer(lines[k])):
            article.footnote_lines.add(i + 1)


def _read_body(
    lines: list[str], title_at: int, end: int, article: Article, heading_lines: frozenset[int] | None = None,
    placed: frozenset[int] = frozenset(), pipe_rows: frozenset[int] = frozenset(), printed: list[str] | None = None,
    heading_levels: dict[int, int] | None = None, source_lines: list[str] | None = None,
) -> None:
    heading = article.title
    outline: list[tuple[tuple[int, int, int], str]] = []  # the open sections, outermost first: (rank, heading)
    glossary = False  # the section is the page's list of abbreviations
    outer: tuple[str, ...] = ()
    article.headings.append(heading)
    seen = {heading}  # a set, so an article with many sections still reads in linear time
    top = 0
    lead_in: str | None = None  # path of the lead-in that bullets nest under
    rows = 0  # table rows read under the current lead-in
    columns: list[str] | None = None  # the column names of the pipe table being read
    header_at = 0  # the 0-based line of that table's header row
    previous_cells: list[str] | None = None  # the cells of the pipe table's row above (a cell merged over two rows)
    group: str | None = None  # the label of the table's group row above (kg.sources.tables.group_label)
    indents: list[tuple[int, list[int]]] = []  # stack of (indent, path of last bullet at that depth)
    # tables printed as text with their columns aligned by spaces: header lines and the rows placed under them
    # (read from the lines as printed: a marker in a cell, '500 [1]', stays in its cell, where the row's reading takes
    # it, instead of being rewritten into the cell's text as the plain layout's trailing '500 1')
    aligned_headers, aligned_rows, aligned_wrapped, aligned_problems = aligned_tables(
        printed or lines, title_at + 1, end, (heading_lines or frozenset()) | pipe_rows)
    article.problems.extend(aligned_problems)
    mark_table_footnotes(lines, title_at + 1, end, set(aligned_rows) | set(pipe_rows) | {
        k for k in range(title_at + 1, end) if _PIPE_ROW.match(lines[k])}, article)
    # a row of a pipe table is a row of its own, never the wrapped end of the row above
    continued = wrapped_lines(lines, title_at + 1, end, heading_lines,
                              set(aligned_headers) | set(aligned_rows) | set(aligned_wrapped) | set(pipe_rows),
                              source_lines)
    continuations = {k for ks in continued.values() for k in ks}
    for i in range(title_at + 1, end):
        if i in aligned_wrapped:
            article.accounted.add(i + 1)  # a table cell wrapped onto its own line: read into the row above it
            continue
        if i in continuations:
            article.accounted.add(i + 1)  # read as part of the statement above it (a line wrapped by the page)
            continue
        raw = lines[i]
        if i in continued:
            raw = canonical_markers(_joined(raw, [lines[k].strip() for k in continued[i]]), whole=True)
        elif "[" in raw and i not in aligned_rows and not _PIPE_ROW.match(raw):
            raw = canonical_markers(raw, whole=True)  # a statement on one line: its markers inside end it
        line = raw.strip()
        if not line or i in placed:
            continue  # a placed line (the date, furniture) was recorded by read_article
        is_heading = i not in aligned_rows and (
            (i in heading_lines) if heading_lines is not None else _is_heading(lines, i))
        if not is_heading and (glossary and _GLOSSARY_ENTRY.match(raw) and len(line.split()) <= 20
                               or _GLOSSARY_LINE.match(line)) and not _AMOUNT_IN_LINE.search(line):
            # a list of the page's abbreviations ("NSAID: non-steroidal anti-inflammatory drug", "bd  twice daily",
            # "Abbreviations: IV, intravenous; PPI, proton pump inhibitor"): what a short form stands for, never
            # guidance to draft (a drug class it spells out is not recommended, a frequency is not a dose)
            article.skipped.append((i + 1, "a glossary entry (an abbreviation and what it stands for), not guidance"))
            article.accounted.add(i + 1)
            entry = _BULLET.match(line)
            article.glossary.append(entry.group("text") if entry else line)
            continue
        if i in aligned_headers:
            columns, group = aligned_headers[i], None
            header_at = i
            article.skipped.append((i + 1, "table header row (its column names are read into every row below it)"))
            continue
        if is_heading:
            if line in seen:
                article.problems.append(
                    (i + 1, f"heading {line!r} appears more than once; locators use its first occurrence")
                )
            heading = line
            glossary = bool(_GLOSSARY_HEADING.match(line))
            rank = heading_rank(line, (heading_levels or {}).get(i, 0))
            while outline and outline[-1][0] >= rank:
                outline.pop()
            outer = tuple(h for _, h in reversed(outline))
            outline.append((rank, heading))
            article.headings.append(heading)
            article.heading_at.append((i + 1, heading, outer))
            article.accounted.add(i + 1)
            seen.add(heading)
            top, lead_in, indents = 0, None, []
            continue
        bullet = _BULLET.match(raw)
        if bullet and rows:
            # a list after a table is the article's next point, not another row of the caption's table
            lead_in, rows, indents = None, 0, []
        if bullet:
            indent = len(bullet.group("indent").expandtabs(4))
            while indents and indents[-1][0] > indent:
                indents.pop()
            if indents and indents[-1][0] == indent:
                prefix = indents[-1][1][:-1]
                path = prefix + [indents[-1][1][-1] + 1]
                indents[-1] = (indent, path)
            elif indents:
                path = indents[-1][1] + [1]
                indents.append((indent, path))
            else:
                if lead_in is None:
                    top += 1
                    path = [top]
                else:
                    path = [top, 1]
                indents.append((indent, path))
            if len(path) == 1:
                top = path[0]
            text = normalise_text(bullet.group("text"))
            _, markers = split_markers(text)
            _note_sentence_number(text, markers, i + 1, article)
            article.accounted.add(i + 1)
            sentences = _sentences(text)
            own_sources = (all(s_markers for _, s_markers in sentences)
                           and len({s_markers for _, s_markers in sentences}) > 1)
            if len(sentences) > 1 and any(s_markers for _, s_markers in sentences[:-1]) and not own_sources:
                # an item whose markers stand inside it, after one of its sentences, but whose sentences do not each
                # cite a source of their own ('... max 6 mg per course [1]. Wait at least 3 days before a further
                # course.', '100 mg twice daily.[2] Raise ... Max 2.4 g daily.[2]'): one statement, citing every
                # source printed in it, in the order printed (a number left between its sentences would read as
                # part of the text, and its dose keeps the maximum a later sentence gives)
                cited = tuple(dict.fromkeys(m for _, s_markers in sentences for m in s_markers))
                bodies = [split_markers(sentence)[0] if s_markers else sentence for sentence, s_markers in sentences]
                text = " ".join(bodies) + " " + ", ".join(cited)
                markers = cited
            elif len(sentences) > 1 and any(s_markers for _, s_markers in sentences[:-1]):
                # an item of several sentences, each citing sources of its own ('... in pregnancy.[2] Isoniazid ...
                # may be given.[1]'): each sentence is a statement with its markers, as a paragraph's sentences are;
                # the first keeps the item's place, the others follow it
                first, first_markers = sentences[0]
                article.items.append(Item(heading, ".".join(map(str, path)), first, first_markers, i + 1, "bullet",
                                          outer))
                for k, (sentence, s_markers) in enumerate(sentences[1:], start=2):
                    article.items.append(Item(heading, ".".join(map(str, path)) + f".s{k}", sentence, s_markers, i + 1,
                                              "sentence", outer))
                continue
            article.items.append(Item(heading, ".".join(map(str, path)), text, markers, i + 1, "bullet", outer))
            continue
        if _PIPE_RULE.match(raw):
            article.skipped.append((i + 1, "table rule (the line under a table's header row)"))
            continue
        pipe_row = _PIPE_ROW.match(raw) or i in aligned_rows or i in pipe_rows
        row_text = None
        if i in aligned_rows:
            label = group_label(aligned_rows[i])
            group = label or group
            row_text = normalise_text(canonical_markers(table_row_text(columns or [], aligned_rows[i],
                                                                       None if label else group)))
        elif i in pipe_rows:
            pass  # a row the layout has already read cell by cell (a Markdown pipe table's row)
        elif pipe_row:
            cells = [c.strip() for c in line.strip("|").split("|")]
            if i + 1 < end and _PIPE_RULE.match(lines[i + 1]):
                # the header row names the columns; its words are read into every row below it
                columns = cells
                header_at = i
                previous_cells = group = None
                article.skipped.append((i + 1, "table header row (its column names are read into every row below it)"))
                continue
            cells, filled = same_as_above(previous_cells, cells)
            if filled is not None:
                article.problems.append((i + 1, MERGED_CELL_NOTE.format(filled)))
            previous_cells = cells
            label = group_label(cells) if columns is not None else None
            group = label or group
            row_text = normalise_text(canonical_markers(table_row_text(columns or [], cells, None if label else group)))
        else:
            columns = previous_cells = group = None
        if columns is not None and (i in aligned_rows or pipe_row):
            article.table_header[i + 1] = (header_at + 1, tuple(columns))
        if lead_in is not None and (raw[:1] in (" ", "\t") or pipe_row):
            # an indented line (or a '| a | b |' row) under a lead-in that ends with ":" is a row of a table
            # rendered as text ("  10-15 kg      30 mg"): it nests under the caption as a bullet would, keeping
            # the caption's words
            rows += 1
            article.table_rows.add(i + 1)
            text = row_text if row_text is not None else normalise_text(line)
            _, markers = split_markers(text)
            _note_sentence_number(text, markers, i + 1, article)
            article.accounted.add(i + 1)
            article.items.append(Item(heading, f"{lead_in}.{rows}", text, markers, i + 1, "bullet", outer))
            continue
        if (indents and _JOIN_LINE.match(line.strip()) and i + 1 < len(lines) and _BULLET.match(lines[i + 1])
                and i > 0 and _BULLET.match(lines[i - 1])):
            # 'PLUS' printed on its own line between two bullets ('• Procaine penicillin ...' / 'PLUS' / '• Probenecid
            # ...'): it joins the two items of one list, which goes on under the same label; kept as an item of it
            level, path = indents[-1]
            path = path[:-1] + [path[-1] + 1]
            indents[-1] = (level, path)
            article.accounted.add(i + 1)
            article.items.append(Item(heading, ".".join(map(str, path)), normalise_text(line), (), i + 1, "paragraph",
                                      outer))
            continue
        rows = 0
        top += 1
        indents = []
        if raw[:1] in (" ", "\t") or pipe_row:
            article.table_rows.add(i + 1)  # a row of a table with no caption ending in ":" above it
        text = row_text if row_text is not None else normalise_text(line)
        body, markers = split_markers(text)
        _note_sentence_number(text, markers, i + 1, article)
        article.accounted.add(i + 1)
        lead_in = str(top) if body.endswith(":") or _labels_the_list_below(lines, i, body) else None
        sentences = _sentences(text)
        if len(sentences) == 1:
            kind = "lead-in" if lead_in else "paragraph"
            article.items.append(Item(heading, str(top), text, markers, i + 1, kind, outer))
        else:
            for k, (sentence, s_markers) in enumerate(sentences, start=1):
                article.items.append(Item(heading, f"{top}.s{k}", sentence, s_markers, i + 1, "sentence",
                                          outer))


def _read_references(lines: list[str], start: int, article: Article, placed: frozenset[int] = frozenset()) -> None:
    block: list[tuple[int, str]] = []
    for i in range(start, len(lines)):
        line = lines[i].strip()
        if line == _DISCLAIMER_HEADING:
            article.skipped += [(k + 1, "after the reference list") for k in range(i, len(lines))
                                if lines[k].strip() and k not in placed]
            break
        if line and i not in placed:
            block.append((i + 1, line))
    article.accounted.update(n for n, _ in block)
    if start > 0:
        article.accounted.add(start)  # the 'References' heading
    bare = _BARE_NUMBERED_REFERENCE.match(block[0][1]) if block else None
    if block and (_NUMBERED_REFERENCE.match(block[0][1]) or bare and bare.group("b") == "1"):
        article.references = numbered_references(block, article)
        return
    position = 0
    k = 0
    while k < len(block):
        lineno, ref_type = block[k]
        if k + 2 >= len(block) + 0 and k + 1 >= len(block):
            article.problems.append(
                (
                    lineno,
                    f"reference entry starting {ref_type!r} is incomplete: expected type, title and 'source, year'",
                )
            )
            break
        position += 1
        title = block[k + 1][1] if k + 1 < len(block) else ""
        source_line = block[k + 2][1] if k + 2 < len(block) else ""
        year, note, at = publication_year_at(source_line)
        source = source_line[:at].strip(" ,;.(") if at is not None else source_line
        if note:
            article.problems.append((block[k + 2][0] if k + 2 < len(block) else lineno, f"reference {position}: {note}"))
        if year is None:
            article.problems.append(
                (
                    block[k + 2][0] if k + 2 < len(block) else lineno,
                    f"reference {position} has no year after its source",
                )
            )
        article.references.append(ReferenceEntry(position, ref_type, title, source, year, lineno))
        k += 3


_GUIDELINE_WORDS = re.compile(r"\b(?:guideline|guidelines|guidance|recommendations?|consensus|position statement|"
                              r"practice parameter|statement)\b", re.IGNORECASE)
_AUTHORS = re.compile(r"^(?:[A-Z][A-Za-z'\-]+(?: [A-Z]{1,3})?(?:, | and |, and )?)+(?:,? et al)?$")


def numbered_references(block: list[tuple[int, str]], article: Article) -> list[ReferenceEntry]:
    """Reference lists numbered '1.', '[1]' or '1)', one entry per number (continuation lines joined).

    The position is the printed number, so '[3]' in the text finds the entry printed as 3 even when the
    list skips or repeats a number (that is reported). An entry is 'Type | Title | Source, Year' or a
    free citation ('Authors. Title. Source; 2021.'): its year is the last four-digit year, its title the
    first sentence that is not an author list, its type Guideline when it says guideline or guidance."""
    entries: list[tuple[int, int, str]] = []  # (line, printed number, text)
    for lineno, text in block:
        m = _NUMBERED_REFERENCE.match(text)
        if m is None and (bare := _BARE_NUMBERED_REFERENCE.match(text)) is not None and int(bare.group("b")) == (
                entries[-1][1] + 1 if entries else 1):
            m = bare
        if m:
            entries.append((lineno, int(m.groupdict().get("a") or m.group("b")), m.group("body").strip()))
        elif entries:
            line0, number, body = entries[-1]
            entries[-1] = (line0, number, f"{body} {text}")
        else:
            article.problems.append((lineno, "a line before the first numbered reference entry; not read"))
            article.skipped.append((lineno, "unnumbered line in the reference list"))
    out: list[ReferenceEntry] = []
    seen: set[int] = set()
    for lineno, number, body in entries:
        if number in seen:
            article.problems.append((lineno, f"reference number {number} is printed twice; the first is used"))
            article.skipped.append((lineno, f"duplicate reference number {number}"))
            continue
        seen.add(number)
        out.append(parse_reference_text(number, body, lineno, article))
    expected = list(range(1, len(out) + 1))
    if [r.position for r in out] != expected:
        article.problems.append(
            (entries[0][0] if entries else 1, "reference numbers are not 1..N in order; markers use the printed numbers")
        )
    return out


def parse_reference_text(number: int, body: str, lineno: int, article: Article) -> ReferenceEntry:
    fields = [f.strip() for f in re.split(r"\s+(?:\||—|--)\s+", body) if f.strip()]
    note: str | None = None
    if len(fields) >= 3:
        ref_type, title, source_line = fields[0], fields[1], " | ".join(fields[2:])
        year, note, at = publication_year_at(source_line)
        source = source_line[:at].strip(" ,;.(") if at is not None else source_line.rstrip(". ")
    else:
        year, note, _ = publication_year_at(body)
        parts = [p.strip() for p in re.split(r"(?<=[a-z0-9)\]])\.\s+", body) if p.strip()]
        if len(parts) > 1 and _AUTHORS.match(parts[0].rstrip(".")):
            parts = parts[1:]
        title = parts[0].rstrip(".") if parts else body
        rest = " ".join(parts[1:]) if len(parts) > 1 else ""
        source = re.sub(r"[;,.]?\s*(?:19|20)\d{2}\b.*$", "", rest).strip(" .;,") if rest else ""
        ref_type = "Guideline" if _GUIDELINE_WORDS.search(body) else "Research"
    if note:
        article.problems.append((lineno, f"reference {number}: {note}"))
    if year is None:
        article.problems.append((lineno, f"reference {number} has no year"))
    return ReferenceEntry(number, ref_type, title, source, year, lineno)
