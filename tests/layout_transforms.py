"""Layout transforms a real saved page shows, for the metamorphic tests of the importer's body reader
(tests/test_import_layout_invariance.py).

Each transform rewrites an article's text the way a publisher, an editor or a "save page as" tool prints the
same content: the words, numbers and structure a reader takes from the page stay the same, only the layout
changes. The header (question, title, subtitle, date) is left as it is (its reading is tested elsewhere);
transforms act on the body (from the line after the header to the line before the references heading), except
those that act on every line (line endings, trailing spaces).

A transform is `f(text, layout, rng) -> text`, deterministic for a given `random.Random`.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from kg.sources.reader import _date_readings

Transform = Callable[[str, str, random.Random], str]

_ATX = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*$")
_MD_BULLET = re.compile(r"^(?P<indent>[ \t]*)(?P<mark>[-*+]|\d{1,3}[.)])\s+(?P<text>.*)$")
_TXT_BULLET = re.compile(r"^(?P<indent>[ \t]*)(?P<mark>[•\-*]|\d{1,3}[.)])\s+(?P<text>.*)$")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")
_REFERENCES = re.compile(r"^(?:#{1,6}\s+)?(?:\d{1,2}\.?\s+)?(?:references|reference list|bibliography|sources)\s*:?$",
                         re.IGNORECASE)
# a token a wrapped line must not start with: it would open a list item or a heading (a reader could not tell
# the wrapped line from a new item either)
_SETEXT_RULE = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_LINK = re.compile(r"\[[^\[\]]+\]\([^()\s]+\)")
_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_OPENS_ITEM = re.compile(r"^(?:[-*+•–—#>|=]|\d{1,3}[.)]|[a-z]\))(?:\s|$)")


_HEADER_ITEMS_DATE = re.compile(r"^\s*(?:version\s+[\d.]+\.?\s+)?(?:approved|published|updated|last updated|issued|"
                                r"date approved)\s*:", re.I)


@dataclass(frozen=True)
class Parts:
    """An article's lines split into header, body and references (0-based line indexes)."""

    lines: list[str]
    body_start: int
    body_end: int

    def body(self) -> range:
        return range(self.body_start, self.body_end)


def split_parts(text: str, layout: str) -> Parts:
    """Where the body starts and ends: after the header's date line and the title and question lines that
    stand next to it; before the references heading."""
    lines = text.split("\n")
    # the references heading is the last line reading as one: a contents list before the body names it too ("7.
    # References" among the section titles), and the body runs on past that entry to the heading itself. The
    # header's date stands before it ("Summaries: Shingles. Last revised 2024." in an entry of the list is a
    # reference's year, not the page's date)
    refs_at = next((i for i in range(len(lines) - 1, -1, -1) if _REFERENCES.match(lines[i].strip().strip("*"))),
                   len(lines))
    date_at = next((i for i, ln in enumerate(lines[:refs_at])
                    if _date_readings(re.sub(r"(\*\*|__)(.+?)\1", r"\2", ln))), None)
    if date_at is None:
        # a date among several header items on one line ("Version 3.0   Approved: 2 September 2024   Review: ...")
        date_at = next((i for i, ln in enumerate(lines[:refs_at]) if _HEADER_ITEMS_DATE.search(ln)), None)
    if date_at is None:
        # a date inside a line of several header items ("Version 4.1. Approved: 11 November 2024. Next review: ..."):
        # the header is the first block of lines, up to the first blank line
        first = next(i for i, ln in enumerate(lines) if ln.strip())
        date_at = next((i for i in range(first, len(lines)) if not lines[i].strip()), len(lines)) - 1
    start = date_at + 1
    seen_question = any(ln.strip().endswith("?") for ln in lines[:date_at])
    seen_title = any(ln.strip() and not ln.strip().endswith("?") for ln in lines[:date_at])
    while True:
        nxt = next((i for i in range(start, len(lines)) if lines[i].strip()), None)
        if nxt is None:
            break
        line = lines[nxt].strip()
        if not seen_question and line.endswith("?") and not line.startswith("##"):
            seen_question, start = True, nxt + 1
        elif layout == "markdown" and not seen_title and re.match(r"^#\s", line):
            seen_title, start = True, nxt + 1
        else:
            break
    end = refs_at if refs_at >= start else len(lines)
    return Parts(lines, start, end)


def _body_map(text: str, layout: str, fn: Callable[[int, str, Parts], list[str] | str]) -> str:
    parts = split_parts(text, layout)
    out: list[str] = parts.lines[: parts.body_start]
    for i in parts.body():
        got = fn(i, parts.lines[i], parts)
        out += [got] if isinstance(got, str) else got
    out += parts.lines[parts.body_end:]
    return "\n".join(out)


def _is_table_line(line: str) -> bool:
    # a row written without outer pipes ('First line | Amoxicillin 500 mg') is as much a row: a line break ends a
    # Markdown table row, so no page wraps one (wrapping it would make it prose, not a layout change)
    return bool(_PIPE_ROW.match(line) or _PIPE_RULE.match(line) or re.search(r"\S \| \S", line))


def _md_heading_lines(parts: Parts) -> set[int]:
    return {i for i in parts.body() if _ATX.match(parts.lines[i])}


def _txt_heading_lines(parts: Parts, headings: set[str]) -> set[int]:
    """Plain-layout section headings: lines the reader read as a heading (their text is one of the article's
    headings, they are not list items and they stand alone)."""
    return {i for i in parts.body() if parts.lines[i].strip() and parts.lines[i].strip() in headings
            and not _TXT_BULLET.match(parts.lines[i]) and parts.lines[i] == parts.lines[i].lstrip()}


# --- line endings and white space -------------------------------------------------------------------------------

def crlf(text: str, layout: str, rng: random.Random) -> str:
    """Windows line endings, as a page saved on Windows has them."""
    return text.replace("\n", "\r\n")


def trailing_spaces(text: str, layout: str, rng: random.Random) -> str:
    """One to three spaces (or a tab) after some lines, as editors leave them."""
    return "\n".join(ln + rng.choice(["", " ", "  ", "   ", "\t"]) if ln.strip() else ln for ln in text.split("\n"))


_NUMBER_UNIT = re.compile(r"(?<=\d) (?=(?:mg|g|mcg|micrograms?|µg|ml|mL|kg|mmol|units?|IU|hours?|days?|weeks?|"
                          r"minutes?|years?|months?)\b)")


def unit_spaces(text: str, layout: str, rng: random.Random) -> str:
    """A no-break, narrow no-break or thin space between a number and its unit ("500\u00a0mg", "10\u202fmg/kg"),
    as typeset pages print them."""
    space = rng.choice(["\u00a0", "\u202f", "\u2009"])
    return _body_map(text, layout, lambda i, ln, p: _NUMBER_UNIT.sub(space, ln))


_RANGE_DASH = re.compile(r"(?<=\d)\s?[-–—]\s?(?=\d)")


def range_dashes(text: str, layout: str, rng: random.Random) -> str:
    """Ranges printed with an en dash, an em dash or a hyphen ("2–4 weeks", "5-14 kg")."""
    dash = rng.choice(["-", "–", "—"])

    def line(i: int, ln: str, p: Parts) -> str:
        if ln.lstrip().startswith(("[", "|")) and not _PIPE_ROW.match(ln):
            return ln
        # not in a marker group ("[1-3]") nor a date: only between numbers standing apart from brackets
        return re.sub(r"(?<![\[\d,])(\d+(?:\.\d+)?)\s?[-–—]\s?(\d+(?:\.\d+)?)(?![\]\d])",
                      lambda m: f"{m.group(1)}{dash}{m.group(2)}", ln)

    return _body_map(text, layout, line)


def smart_quotes(text: str, layout: str, rng: random.Random) -> str:
    """Typographic quotes and apostrophes ("don’t", “double sickening”), as word processors print them."""

    def line(i: int, ln: str, p: Parts) -> str:
        ln = re.sub(r"(?<=\w)'(?=\w)", "’", ln)
        ln = re.sub(r"'(?=\w)", "‘", ln)
        ln = ln.replace("'", "’")
        ln = re.sub(r'"(?=\w)', "“", ln)
        return ln.replace('"', "”")

    return _body_map(text, layout, line)


def tab_indents(text: str, layout: str, rng: random.Random) -> str:
    """Indentation written with tabs instead of spaces: one tab per level, a level being the page's own indent step
    (its smallest indent, two to four spaces), so nesting the page prints stays nesting ("  Paracetamol" over
    "    12-17 years: 400 mg" is one tab over two, never one tab each)."""
    indents = [len(ln) - len(ln.lstrip(" ")) for ln in text.splitlines()
               if ln.strip() and ln.startswith(" ") and not _is_table_line(ln)]
    step = min(max(min(indents, default=2), 2), 4)

    def line(i: int, ln: str, p: Parts) -> str:
        stripped = ln.lstrip(" ")
        n = len(ln) - len(stripped)
        if not n or _is_table_line(ln):
            return ln
        return "\t" * max(1, round(n / step)) + stripped

    return _body_map(text, layout, line)


# --- lists -----------------------------------------------------------------------------------------------------

def _lists(parts: Parts, layout: str, headings: set[str] = frozenset()) -> list[list[int]]:
    """Runs of list items at the same indentation (a new run after a blank line, heading or other line); a
    numbered section heading ("1. Scope") is not a list item."""
    pattern = _MD_BULLET if layout == "markdown" else _TXT_BULLET
    runs: list[list[int]] = []
    current: dict[int, list[int]] = {}
    for i in parts.body():
        ln = parts.lines[i]
        m = pattern.match(ln)
        # a numbered line at the margin after a blank line, over flush text, titles a section ("3. Step 1 - protect
        # the heart" over "Give calcium gluconate ..."): it is not a list item, so its number is not a list mark
        section_title = (m is not None and layout != "markdown" and m.group("mark")[0].isdigit() and not m.group("indent")
                         and i > 0 and not parts.lines[i - 1].strip() and i + 1 < len(parts.lines)
                         and parts.lines[i + 1].strip() and not pattern.match(parts.lines[i + 1])
                         and parts.lines[i + 1] == parts.lines[i + 1].lstrip())
        depth = len(m.group("indent").expandtabs(4)) if m else 0
        # a number that does not count on from the list at its depth ("... (days 1, 8 and" / "15) [4].") is the
        # sentence above wrapped before it, not a list item: a numbered list counts from 1, one by one
        number = m.group("mark")[:-1] if m and m.group("mark")[0].isdigit() else None
        wrapped_number = number is not None and number != "1" and not (
            current.get(depth) and (prev := pattern.match(parts.lines[current[depth][-1]])) is not None
            and prev.group("mark")[:-1] == str(int(number) - 1))
        if not m or (layout == "markdown" and _ATX.match(ln)) or ln.strip() in headings \
                or m.group("text").strip() in headings or section_title or wrapped_number:
            current = {} if not ln.startswith((" ", "\t")) or not ln.strip() else current
            continue
        for deeper in [d for d in current if d > depth]:
            del current[deeper]
        run = current.get(depth)
        if run is None:
            run = current[depth] = []
            runs.append(run)
        run.append(i)
    return runs


def bullet_marks(text: str, layout: str, rng: random.Random, headings: set[str] | None = None) -> str:
    """Each list printed with another bullet: '*', '+', '-', '•', '–' or numbered '1)', '1.', 'a)'. A numbered
    list stays numbered (a list read as steps), so only unordered lists change to another kind."""
    parts = split_parts(text, layout)
    pattern = _MD_BULLET if layout == "markdown" else _TXT_BULLET
    lines = list(parts.lines)
    # Markdown's own list marks in a Markdown file; in a plain file also the marks pages copied as text show
    marks = ["*", "+", "-", "1)", "1."] if layout == "markdown" else ["*", "+", "-", "•", "–", "1)", "1.", "a)"]
    for run in _lists(parts, layout, headings or set()):
        mark = rng.choice(marks)
        for n, i in enumerate(run):
            m = pattern.match(lines[i])
            assert m is not None
            if mark == "1)":
                printed = f"{n + 1})"
            elif mark == "1.":
                printed = f"{n + 1}."
            elif mark == "a)":
                if n >= 26:
                    printed = f"{n + 1})"
                else:
                    printed = f"{'abcdefghijklmnopqrstuvwxyz'[n]})"
            else:
                printed = mark
            lines[i] = f"{m.group('indent')}{printed} {m.group('text')}"
    return "\n".join(lines)


def nested_indent(text: str, layout: str, rng: random.Random) -> str:
    """Nested items indented by two or by four spaces per level (the other of the two when the article already
    uses the one drawn)."""
    first = rng.choice([2, 4])
    for step in (first, 6 - first):
        out = _nested(text, layout, step)
        if out != text:
            return out
    return text


def _nested(text: str, layout: str, step: int) -> str:
    pattern = _MD_BULLET if layout == "markdown" else _TXT_BULLET

    def line(i: int, ln: str, p: Parts) -> str:
        m = pattern.match(ln)
        if not m or not m.group("indent"):
            return ln
        depth = len(m.group("indent").expandtabs(4))
        levels = max(1, round(depth / (2 if depth < 4 else 4))) if depth else 0
        return " " * (step * levels) + ln.lstrip()

    return _body_map(text, layout, line)


def hard_wrap(text: str, layout: str, rng: random.Random) -> str:
    """Paragraphs and list items hard-wrapped at 60 to 100 columns, a list item's continuation lines indented
    under its text (a hanging indent), as text saved from an e-mail or a PDF is. A line is never broken where
    the next line would start like a new item ('- ', '1. ', '#'); headings and table rows are not wrapped."""
    width = rng.randint(60, 100)
    pattern = _MD_BULLET if layout == "markdown" else _TXT_BULLET

    def line(i: int, ln: str, p: Parts) -> list[str] | str:
        if len(ln) <= width or _is_table_line(ln) or _ATX.match(ln) or ln.startswith("  ") and not pattern.match(ln):
            return ln
        if i + 1 < len(p.lines) and _SETEXT_RULE.match(p.lines[i + 1]):
            return ln  # a Setext heading's text
        m = pattern.match(ln)
        if m:
            first = ln[: m.start("text")]
            hang = " " * len(first.expandtabs(4))
            words = m.group("text").split(" ")
        else:
            first, hang, words = "", "", ln.split(" ")
        out: list[str] = []
        current = first
        for word in words:
            candidate = current + ("" if current in (first, hang) else " ") + word
            # in the plain layout a line is never broken right after a colon: an indented line under a list item
            # ending in ':' is as much a row of that item's table as its wrapped text, to a reader as to the reader
            after_colon = layout != "markdown" and current.endswith(":")
            if len(candidate) > width and current not in (first, hang) and not _OPENS_ITEM.match(word + " ") \
                    and not after_colon:
                out.append(current)
                current = hang + word
            else:
                current = candidate
        out.append(current)
        return out

    return _body_map(text, layout, line)


# --- headings --------------------------------------------------------------------------------------------------

def uppercase_headings(text: str, layout: str, rng: random.Random, headings: set[str] | None = None) -> str:
    """Section headings printed in capitals ("FIRST-LINE TREATMENT"), as many pages style them."""
    parts = split_parts(text, layout)
    targets = _md_heading_lines(parts) if layout == "markdown" else _txt_heading_lines(parts, headings or set())
    lines = list(parts.lines)
    for i in targets:
        m = _ATX.match(lines[i])
        lines[i] = f"{m.group('hashes')} {_upper(m.group('text'))}" if m else _upper(lines[i])
    return "\n".join(lines)


def _upper(text: str) -> str:
    """Capitals, leaving HTML entities as written ('&ndash;' is not '&NDASH;')."""
    return "".join(piece if piece.startswith("&") else piece.upper() for piece in re.split(r"(&[a-zA-Z]+;)", text))


def colon_headings(text: str, layout: str, rng: random.Random, headings: set[str] | None = None) -> str:
    """Section headings ending in ':' ("Cautions:"), as pages copied as text often print them.

    In the plain layout only headings in capitals standing between blank lines ("CAUTIONS:"): a sentence-case
    line ending in ':' is as much a lead-in ("Adults:", "Give one of:") as a heading there, and a reader cannot
    tell which either, so the reader keeps it a lead-in (its items nest under it within the section) and the
    transform does not claim the two read alike. A Markdown heading is marked, so every one gets its colon."""
    parts = split_parts(text, layout)
    if layout == "markdown":
        targets = _md_heading_lines(parts)
    else:
        lines = parts.lines
        targets = {i for i in _txt_heading_lines(parts, headings or set()) if lines[i] == lines[i].upper()
                   and not lines[i - 1].strip() and (i + 1 >= len(lines) or not lines[i + 1].strip())}
    lines = list(parts.lines)
    for i in targets:
        # the colon ends the title, before a heading's attribute block ("## References: {#refs}"), which Markdown
        # reads only at the very end of the line
        m = re.match(r"^(?P<title>.*?)(?P<attrs>\s*\{[#.][^{}]*\})?\s*$", lines[i])
        if not m.group("title").endswith(("?", ":")):
            lines[i] = m.group("title") + ":" + (m.group("attrs") or "")
    return "\n".join(lines)


def heading_spacing(text: str, layout: str, rng: random.Random, headings: set[str] | None = None) -> str:
    """No blank line between a section heading and its text, or two blank lines; in Markdown, where a heading
    is marked, also a blank line removed before it."""
    parts = split_parts(text, layout)
    targets = _md_heading_lines(parts) if layout == "markdown" else _txt_heading_lines(parts, headings or set())
    out: list[str] = []
    lines = parts.lines
    for i, ln in enumerate(lines):
        if i - 1 in targets and not ln.strip() and i + 1 < len(lines) and lines[i + 1].strip():
            choice = rng.choice(["none", "two"])
            out += [] if choice == "none" else ["", ""]
            continue
        out.append(ln)
    return "\n".join(out)


def setext_headings(text: str, layout: str, rng: random.Random) -> str:
    """Markdown section headings written Setext style: the text over a line of '=' (level 1) or '-' (level 2)."""
    if layout != "markdown":
        return text

    def line(i: int, ln: str, p: Parts) -> list[str] | str:
        m = _ATX.match(ln)
        if not m or len(m.group("hashes")) > 2:
            return ln
        rule = ("=" if len(m.group("hashes")) == 1 else "-") * rng.randint(3, max(3, len(m.group("text"))))
        # right under a paragraph line a Setext heading needs a blank line first (CommonMark would make the
        # paragraph's line part of the heading)
        blank = [""] if i > 0 and p.lines[i - 1].strip() else []
        return [*blank, m.group("text"), rule]

    return _body_map(text, layout, line)


def closing_hashes(text: str, layout: str, rng: random.Random) -> str:
    """ATX headings closed with '#'s ("## Monitoring ##")."""
    if layout != "markdown":
        return text

    def line(i: int, ln: str, p: Parts) -> str:
        m = _ATX.match(ln)
        return f"{ln.rstrip()} {m.group('hashes')}" if m else ln

    return _body_map(text, layout, line)


# --- Markdown inline -------------------------------------------------------------------------------------------

_BOLD = re.compile(r"\*\*(?P<t>[^*]+?)\*\*(?P<colon>:?)")


def lead_in_emphasis(text: str, layout: str, rng: random.Random) -> str:
    """Bold and italic spans written the other ways Markdown allows: '**Adults:**', '**Adults**:',
    '__Adults__:', '*Adults*:', '_Adults:_'."""
    if layout != "markdown":
        return text

    def span(m: re.Match[str]) -> str:
        t, colon = m.group("t"), m.group("colon")
        inner, outer = (t[:-1], ":") if t.endswith(":") else (t, colon)
        style = rng.choice(["**", "__", "*", "_"])
        if outer and rng.random() < 0.5:
            return f"{style}{inner}:{style}"
        return f"{style}{inner}{style}{outer}"

    return _body_map(text, layout, lambda i, ln, p: _BOLD.sub(span, ln))


def html_entities(text: str, layout: str, rng: random.Random) -> str:
    """Characters written as HTML entities, as HTML-to-Markdown converters leave them: '&nbsp;' between a number
    and its unit, '&ndash;' in ranges, '&gt;=' and '&ge;', '&micro;g' for mcg, '&amp;'."""
    if layout != "markdown":
        return text

    def line(i: int, ln: str, p: Parts) -> str:
        if _PIPE_RULE.match(ln):
            return ln
        ln = ln.replace("&", "&amp;")
        ln = re.sub(r"(?<=\d)[–](?=\d)", "&ndash;", ln)
        ln = re.sub(r"(?<=\d)-(?=\d)", rng.choice(["-", "&ndash;"]), ln)
        ln = ln.replace("≥", "&ge;").replace("≤", "&le;").replace(">=", "&gt;=").replace("<=", "&lt;=")
        ln = re.sub(r"(?<![<>&])>(?!=)", "&gt;", ln) if not ln.lstrip().startswith(">") else ln
        ln = re.sub(r"\bmcg\b", "&micro;g", ln)
        return _NUMBER_UNIT.sub("&nbsp;", ln)

    return _body_map(text, layout, line)


def escaped_punctuation(text: str, layout: str, rng: random.Random) -> str:
    """ASCII punctuation escaped with a backslash as HTML-to-Markdown converters write it: '\\[1\\]', '\\(',
    '\\_', '\\*', '\\+', '\\>' and '1\\.' at the start of a line that is not a list item."""
    if layout != "markdown":
        return text

    def line(i: int, ln: str, p: Parts) -> str:
        if _is_table_line(ln) or _ATX.match(ln):
            return ln
        # a blockquote's own '>' marks come from the page's <blockquote>: a converter writes them as marks, never
        # escaped (an escaped '\>' is a literal 'greater than'); the quoted line's text is escaped as any other
        quote = re.match(r"^\s{0,3}(?:>\s?)+", ln)
        marks, ln = (quote.group(0), ln[quote.end():]) if quote else ("", ln)
        m = _MD_BULLET.match(ln)
        head, body = (ln[: m.start("text")], m.group("text")) if m else ("", ln)
        # links stay links, and HTML tags stay tags (a converter escapes the text around them, not the syntax it
        # writes)
        pieces = re.split(f"({_LINK.pattern}|{_HTML_TAG.pattern})", body)
        return marks + head + "".join(piece if k % 2 else _escape(piece) for k, piece in enumerate(pieces))

    return _body_map(text, layout, line)


def _escape(body: str) -> str:
    body = re.sub(r"(?<!\*)\*(?!\*)", r"\\*", body)
    if "**" not in body and "__" not in body:
        return re.sub(r"([\[\]()+>_!])", r"\\\1", body)
    return re.sub(r"([\[\]()+>!])", r"\\\1", body)


def drug_links(text: str, layout: str, rng: random.Random, drugs: set[str] | None = None) -> str:
    """Drug names written as links to a drug page ("[amoxicillin](https://example.org/drugs/amoxicillin)")."""
    if layout != "markdown" or not drugs:
        return text
    names = sorted(drugs, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w\[/*_-])(" + "|".join(map(re.escape, names)) + r")(?![\w\]/*_-])", re.IGNORECASE)

    def line(i: int, ln: str, p: Parts) -> str:
        if _is_table_line(ln) or _ATX.match(ln):
            return ln
        return pattern.sub(lambda m: f"[{m.group(1)}](https://example.org/drugs/{m.group(1).casefold()})", ln)

    return _body_map(text, layout, line)


def table_style(text: str, layout: str, rng: random.Random) -> str:
    """Pipe tables written with alignment colons in the rule row ('|:---|---:|') and without outer pipes, and
    '<br>' between the parts of a cell that a semicolon separated."""
    if layout != "markdown":
        return text
    outer = rng.random() < 0.5

    def line(i: int, ln: str, p: Parts) -> str:
        if _PIPE_RULE.match(ln):
            cells = [c.strip() for c in ln.strip().strip("|").split("|")]
            cells = [rng.choice([":---", "---:", ":---:", "---"]) for _ in cells]
            return " | ".join(cells) if not outer else "| " + " | ".join(cells) + " |"
        if _PIPE_ROW.match(ln):
            cells = [c.strip().replace("; ", "<br>") for c in ln.strip()[1:-1].split("|")]
            return " | ".join(cells) if not outer else "| " + " | ".join(cells) + " |"
        return ln

    return _body_map(text, layout, line)


# --- page structure --------------------------------------------------------------------------------------------

_CAPTIONS = ["Contents", "CONTENTS", "On this page", "In this guideline", "Table of contents"]


def _section_titles(parts: Parts, layout: str, headings: set[str]) -> list[tuple[int, str]]:
    """The body's section headings in order: (line index, title as printed, without Markdown marks)."""
    if layout == "markdown":
        return [(i, _ATX.match(parts.lines[i]).group("text")) for i in sorted(_md_heading_lines(parts))]
    return [(i, parts.lines[i].strip()) for i in sorted(_txt_heading_lines(parts, headings))]


def contents_block(text: str, layout: str, rng: random.Random, headings: set[str] | None = None) -> str:
    """A table of contents printed before the body, as many guideline pages print one: a caption ('Contents', 'On
    this page', 'In this guideline'), then the page's section titles (numbered, bulleted, as anchor links in
    Markdown, or with dot leaders and page numbers), ending with 'References'. A reader skips it: it lists the
    sections, it says nothing of its own."""
    parts = split_parts(text, layout)
    titles = [t for _, t in _section_titles(parts, layout, headings or set())] + ["References"]
    style = rng.choice(["numbered", "bullets", "leaders"] + (["links", "numbered-links"] if layout == "markdown" else []))
    caption = rng.choice(_CAPTIONS)

    def entry(n: int, title: str) -> str:
        slug = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")
        return {"numbered": f"{n}. {title}", "bullets": f"- {title}", "leaders": f"{n}. {title} ........ {n + 1}",
                "links": f"- [{title}](#{slug})", "numbered-links": f"{n}. [{title}](#{slug})"}[style]

    block = [f"## {caption}" if layout == "markdown" else caption, *([""] if layout == "markdown" else [])]
    block += [entry(n, t) for n, t in enumerate(titles, start=1)] + [""]
    lines = parts.lines
    before = [] if parts.body_start == 0 or not lines[parts.body_start - 1].strip() else [""]
    return "\n".join(lines[: parts.body_start] + before + block + lines[parts.body_start:])


def section_numbers(text: str, layout: str, rng: random.Random, headings: set[str] | None = None) -> str:
    """The body's section headings numbered as many pages number them ("1. Treatment", "2 Monitoring", "Section 3 -
    Cautions"; a Markdown subsection "2.1 ..."): the numbers only order the sections. A plain page that numbers its
    sections itself keeps its numbers: its unnumbered titles under a numbered section become that section's
    subsections ("4.1 Lamotrigine" under "4. Oral doses for adults"; numbered on in the page's top-level run, "5.
    Lamotrigine" would stand before the page's own "5. Emergency treatment", which no writer prints), and the titles
    before its first numbered section (a "KEY POINTS" box) stay unnumbered."""
    parts = split_parts(text, layout)
    style = rng.choice(["{n}. {t}", "{n} {t}"])
    lines = list(parts.lines)
    top, sub = 0, 0
    titles = _section_titles(parts, layout, headings or set())
    # the page's own numbered titles ("4. Oral doses for adults"; _section_titles leaves them out in the plain layout,
    # where they look like list items)
    own = [i for i in parts.body() if layout != "markdown" and parts.lines[i].strip() in (headings or set())
           and re.match(r"\d{1,2}[.)]?\s", parts.lines[i])]
    for i, title in sorted(titles + [(i, parts.lines[i].strip()) for i in own]):
        if re.match(r"\d", title):
            # numbered already; the page's own section number is where its numbering stands ("4. Oral doses for
            # adults"), and its own subsection number ("2.1 Glucocorticoid") where the subsections count from
            m = re.match(r"(\d{1,2})(?:\.(\d{1,2}))?", title)
            top, sub = int(m.group(1)), int(m.group(2) or 0)
            continue
        if own and layout != "markdown":
            # a plain page that numbers its sections itself: a writer numbering the rest does not number the titles
            # before its first section (a "KEY POINTS" box) in that run, and numbers a title under a numbered
            # section as its subsection ("4.1 Lamotrigine" under "4. Oral doses for adults"), never "5. Lamotrigine"
            # ahead of the page's own "5. Emergency treatment"
            if i < own[0]:
                continue
            sub += 1
            lines[i] = f"{top}.{sub} {title}"
            continue
        m = _ATX.match(lines[i])
        if m and len(m.group("hashes")) > 2 and top:
            sub += 1
            lines[i] = f"{m.group('hashes')} {top}.{sub} {title}"
            continue
        top, sub = top + 1, 0
        numbered = style.format(n=top, t=title)
        lines[i] = f"{m.group('hashes')} {numbered}" if m else numbered
    return "\n".join(lines)


# --- what real saved pages add: page furniture, invisible characters, a wrong encoding, HTML left in Markdown ----

def page_chrome(text: str, layout: str, rng: random.Random, headings: set[str] | None = None) -> str:
    """The site's furniture a saved page keeps around the article: a 'Skip to content' link and a cookie banner
    above it, 'Share this page' / 'Print' controls and 'Back to top' links between its sections, and a footer
    (links, copyright) after its reference list. None of it is guidance."""
    parts = split_parts(text, layout)
    md = layout == "markdown"
    top = rng.choice([["Skip to main content", "", "Accept all cookies | Cookie settings", ""],
                      ["[Skip to content](#main)", "", "We use cookies to improve your experience. Accept cookies", ""],
                      ["Skip to content", "Menu", "Search", ""]])
    controls = rng.choice(["Share this page", "Print this page", "Share | Print | Email", "Back to top",
                           "[Back to top](#top)" if md else "Back to top"])
    footer = ["", rng.choice(["Back to top", "[Back to top](#top)" if md else "Top of page"]),
              rng.choice(["Accessibility | Cookies | Contact us", "Share this page", "Print"]),
              "© 2025 Example Health Service. All rights reserved."]
    targets = _md_heading_lines(parts) if md else _txt_heading_lines(parts, headings or set())
    # the controls stand before some section headings (a heading's blank line above it kept), as pages print them
    chosen = {i for i in sorted(targets) if i > parts.body_start and rng.random() < 0.5}
    lines = list(parts.lines)
    out: list[str] = []
    for i, ln in enumerate(lines):
        if i in chosen:
            out += [controls, ""] if not out or not out[-1].strip() else ["", controls, ""]
        out.append(ln)
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(top + out + footer) + ("\n" if text.endswith("\n") else "")


_DRUG_WORD = re.compile(r"\b[a-z]{9,}\b")


def invisible_characters(text: str, layout: str, rng: random.Random, drugs: set[str] | None = None) -> str:
    """Characters a reader does not see that pages carry inside words: a soft hyphen (U+00AD) at a syllable break
    of long drug names and words ('amoxi\u00adcillin'), a non-breaking hyphen (U+2011) for a word's hyphen
    ('co\u2011amoxiclav'), a zero-width space (U+200B) after a slash or inside a long word, and the 'fi'/'fl'
    ligatures of a PDF copy ('\ufb01rst-line', '\ufb02uids')."""
    names = {d.casefold() for d in drugs or set()}

    def soft(word: str) -> str:
        if len(word) < 9 or (names and word.casefold() not in names and rng.random() < 0.6):
            return word
        cut = rng.randint(3, len(word) - 4)
        return word[:cut] + "\u00ad" + word[cut:]

    def line(i: int, ln: str, p: Parts) -> str:
        if _PIPE_RULE.match(ln) or _ATX.match(ln) or _SETEXT_RULE.match(ln):
            return ln
        ln = re.sub(r"\b[A-Za-z]{9,}\b", lambda m: soft(m.group(0)), ln)
        ln = re.sub(r"(?<=[a-z])-(?=[a-z])", lambda m: "\u2011" if rng.random() < 0.5 else "-", ln)
        ln = re.sub(r"(?<=[A-Za-z])/(?=[A-Za-z])", lambda m: "/\u200b" if rng.random() < 0.5 else "/", ln)
        ln = re.sub(r"fi(?=[a-z])", lambda m: "\ufb01" if rng.random() < 0.5 else "fi", ln)
        return re.sub(r"fl(?=[a-z])", lambda m: "\ufb02" if rng.random() < 0.5 else "fl", ln)

    return _body_map(text, layout, line)


def wrong_encoding(text: str, layout: str, rng: random.Random) -> str:
    """A page saved as UTF-8 by a tool that had read it as Windows-1252 (mojibake): every non-ASCII character
    of the body becomes the two or three characters its UTF-8 bytes are in that encoding ('500Â\u00a0mg',
    '2â€“4 weeks', 'donâ€™t', 'Âµg'). The typesetter's spaces the page had ('500\u00a0mg') go through it too, and
    some tools give such a space back as a plain one ('500Â mg')."""
    text = _NUMBER_UNIT.sub("\u00a0", text) if rng.random() < 0.7 else text

    def garble(ch: str) -> str:
        try:
            return ch.encode("utf-8").decode("cp1252")
        except UnicodeDecodeError:
            return ch  # a byte cp1252 leaves undefined: the tool would have kept the character

    plain_space = rng.random() < 0.5  # some tools then give the garbled no-break space back as a plain one

    def line(i: int, ln: str, p: Parts) -> str:
        ln = "".join(garble(c) if ord(c) > 127 else c for c in ln)
        return ln.replace("\u00c2\u00a0", "\u00c2 ") if plain_space else ln

    return _body_map(text, layout, line)


def html_remnants(text: str, layout: str, rng: random.Random) -> str:
    """HTML a converter or an author left in a Markdown page: a section folded into '<details>' with its heading
    as the '<summary>', '<div>' wrappers, '<p>' and '<strong>' tags around a paragraph's text, an HTML comment."""
    if layout != "markdown":
        return text
    parts = split_parts(text, layout)
    lines = list(parts.lines)
    heads = sorted(_md_heading_lines(parts))
    out: list[str] = lines[: parts.body_start]
    fold = {h for h in heads if rng.random() < 0.5 and len(_ATX.match(lines[h]).group("hashes")) >= 2}
    open_fold = False
    out += ["", rng.choice(['<div class="article-body">', "<!-- main content -->", '<div id="content">'])]
    for i in parts.body():
        ln = lines[i]
        if i in heads and open_fold:
            out += ["", "</details>", ""]
            open_fold = False
        if i in fold:
            m = _ATX.match(ln)
            out += ["<details>", f"<summary>{m.group('text')}</summary>", ""]
            open_fold = True
            continue
        stripped = ln.strip()
        plain = (stripped and not _ATX.match(ln) and not _is_table_line(ln) and not _MD_BULLET.match(ln)
                 and not ln.startswith((" ", "\t", ">")) and not _SETEXT_RULE.match(ln)
                 and (i + 1 >= len(lines) or not _SETEXT_RULE.match(lines[i + 1]))
                 and (i == 0 or not lines[i - 1].strip()) and (i + 1 >= len(lines) or not lines[i + 1].strip()))
        if plain and rng.random() < 0.5:
            ln = f"<p>{stripped}</p>"
        out.append(ln)
    if open_fold:
        out += ["", "</details>"]
    out += ["", "</div>", ""] if out[parts.body_start + 1].startswith("<div") else [""]
    out += lines[parts.body_end:]
    return "\n".join(out)
