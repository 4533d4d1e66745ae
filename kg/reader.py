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
import re
from dataclasses import dataclass, field

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
_BULLET = re.compile(r"^(?P<indent>[ \t]*)[•\-\*]\s+(?P<text>.*)$")
_TRAILING_MARKERS = re.compile(r"(?<=\S)\s+(?P<markers>\d{1,3}(?:\s*,\s*\d{1,3})*)\s*$")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?:(?P<markers>\d{1,3}(?:\s*,\s*\d{1,3})*)\s+)?(?=[A-Z])")
_LAST_UPDATED = re.compile(r"^Last updated:\s*(?P<date>[A-Z][a-z]+ \d{1,2}, \d{4})")
_YEAR_AT_END = re.compile(r",\s*(?P<year>\d{4})\s*$")
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
    last_updated: str | None  # ISO date
    title: str
    headings: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    references: list[ReferenceEntry] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)

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
    """Split trailing citation markers ("... 2, 1") off a line of guidance."""
    m = _TRAILING_MARKERS.search(text)
    if not m:
        return text.strip(), ()
    markers = tuple(x.strip() for x in m.group("markers").split(","))
    return text[: m.start()].strip(), markers


def _is_chrome(line: str) -> bool:
    return line.startswith(_CHROME_PREFIXES)


def _is_heading(lines: list[str], i: int) -> bool:
    line = lines[i].strip()
    if not line or _BULLET.match(lines[i]) or _is_chrome(line):
        return False
    if line[-1] in ":.?!;," or _TRAILING_MARKERS.search(line):
        return False
    if len(line) > 100 or len(line.split()) > 14:
        return False
    before_blank = i == 0 or not lines[i - 1].strip()
    after_blank = i + 1 >= len(lines) or not lines[i + 1].strip()
    return before_blank and after_blank


def _iso_date(text: str) -> str | None:
    m = re.match(r"([A-Z][a-z]+) (\d{1,2}), (\d{4})", text)
    if not m or m.group(1) not in _MONTHS:
        return None
    return f"{int(m.group(3)):04d}-{_MONTHS[m.group(1)]:02d}-{int(m.group(2)):02d}"


def _sentences(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Split a paragraph into sentences, each keeping the markers printed after it."""
    out: list[tuple[str, tuple[str, ...]]] = []
    start = 0
    for m in _SENTENCE_BREAK.finditer(text):
        body = text[start : m.start()].strip()
        markers = tuple(x.strip() for x in m.group("markers").split(",")) if m.group("markers") else ()
        printed = body + (" " + ", ".join(markers) if markers else "")
        out.append((printed, markers))
        start = m.end()
    tail = text[start:].strip()
    _, markers = split_markers(tail)
    out.append((tail, markers))
    return out


def read_article(text: str, heading_lines: frozenset[int] | None = None) -> Article:
    """Parse an article; raise ArticleFormatError when the layout is not recognised.

    `heading_lines` (0-based line indexes) lets a layout that marks its headings explicitly, such
    as Markdown, say which lines are headings; the plain layout infers them from blank lines."""
    if not text.strip():
        raise ArticleFormatError(
            1, "the file is empty; expected a question line, a 'Last updated:' line, a title and sections"
        )
    lines = text.splitlines()
    first = next(i for i, ln in enumerate(lines) if ln.strip())
    question = lines[first].strip()
    updated_at = next((i for i, ln in enumerate(lines) if _LAST_UPDATED.match(ln.strip())), None)
    if updated_at is None:
        raise ArticleFormatError(first + 1, "no 'Last updated: <Month D, YYYY>' line found after the question")
    last_updated = _iso_date(_LAST_UPDATED.match(lines[updated_at].strip()).group("date"))
    body_start = updated_at + 1
    title_at = next(
        (i for i in range(body_start, len(lines)) if lines[i].strip() and not _is_chrome(lines[i].strip())),
        None,
    )
    if title_at is None:
        raise ArticleFormatError(updated_at + 1, "no title line after the 'Last updated:' line")
    article = Article(question=question, last_updated=last_updated, title=lines[title_at].strip())
    refs_at = next((i for i in range(title_at + 1, len(lines)) if lines[i].strip() == _REFERENCES_HEADING), None)
    end = refs_at if refs_at is not None else len(lines)
    if refs_at is None:
        article.problems.append((title_at + 1, "no 'References' heading: the article has no reference list"))
    _read_body(lines, title_at, end, article, heading_lines)
    if refs_at is not None:
        _read_references(lines, refs_at + 1, article)
    return article


def _read_body(
    lines: list[str], title_at: int, end: int, article: Article, heading_lines: frozenset[int] | None = None
) -> None:
    heading = article.title
    article.headings.append(heading)
    seen = {heading}  # a set, so an article with many sections still reads in linear time
    top = 0
    lead_in: str | None = None  # path of the lead-in that bullets nest under
    indents: list[tuple[int, list[int]]] = []  # stack of (indent, path of last bullet at that depth)
    for i in range(title_at + 1, end):
        raw = lines[i]
        line = raw.strip()
        if not line:
            continue
        if (i in heading_lines) if heading_lines is not None else _is_heading(lines, i):
            if line in seen:
                article.problems.append(
                    (i + 1, f"heading {line!r} appears more than once; locators use its first occurrence")
                )
            heading = line
            article.headings.append(heading)
            seen.add(heading)
            top, lead_in, indents = 0, None, []
            continue
        bullet = _BULLET.match(raw)
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
            article.items.append(Item(heading, ".".join(map(str, path)), text, markers, i + 1, "bullet"))
            continue
        top += 1
        indents = []
        text = normalise_text(line)
        body, markers = split_markers(text)
        lead_in = str(top) if body.endswith(":") else None
        sentences = _sentences(text)
        if len(sentences) == 1:
            kind = "lead-in" if lead_in else "paragraph"
            article.items.append(Item(heading, str(top), text, markers, i + 1, kind))
        else:
            for k, (sentence, s_markers) in enumerate(sentences, start=1):
                article.items.append(Item(heading, f"{top}.s{k}", sentence, s_markers, i + 1, "sentence"))


def _read_references(lines: list[str], start: int, article: Article) -> None:
    block: list[tuple[int, str]] = []
    for i in range(start, len(lines)):
        line = lines[i].strip()
        if line == _DISCLAIMER_HEADING:
            break
        if line:
            block.append((i + 1, line))
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
        m = _YEAR_AT_END.search(source_line)
        year = int(m.group("year")) if m else None
        source = source_line[: m.start()].strip() if m else source_line
        if year is None:
            article.problems.append(
                (
                    block[k + 2][0] if k + 2 < len(block) else lineno,
                    f"reference {position} has no year after its source",
                )
            )
        article.references.append(ReferenceEntry(position, ref_type, title, source, year, lineno))
        k += 3
