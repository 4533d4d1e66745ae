"""Read articles written as Markdown, and pick the reader for any article file.

The Markdown layout carries the same content as the plain layout of the seed articles:

    What is the treatment of ...?            <- the question (a leading '>' is allowed)
    Last updated: March 3, 2024
    # Title
    A summary paragraph. [1]
    ## Section heading
    Lead-in line:
    - bullet [2, 1]
      - nested bullet [1]
    ## References
    1. Guideline | Title of the work | Source, 2020

Markers are written '[1]' or '[2, 1]'. Each line is rewritten in place into the plain layout
(headings lose their '#', markers move to the end as '2, 1') and read by kg.sources.reader with the
heading lines given explicitly, so locators and checksums follow exactly the same rules and a
Markdown copy of a plain article yields the same statement checksums. Reference entries are one
list item each, fields separated by ' | ' or ' — '; the plain three-line form is also accepted.
"""

from __future__ import annotations

import html
import re

from kg.sources.citations import FOOTNOTE_DEFINITION, listed_numbers, publication_year_at
from kg.sources.printed_chars import repair_lines
from kg.sources.reader import (
    _NUMBERED_REFERENCE,
    Article,
    ArticleFormatError,
    ReferenceEntry,
    canonical_markers,
    is_page_footer_line,
    is_references_heading,
    line_markers,
    mark_table_footnotes,
    numbered_references,
    parse_reference_text,
    read_article,
    reference_list_heading,
)
from kg.sources.tables import MERGED_CELL_NOTE, by_column, fields_in_rows, group_label, same_as_above, table_row_text

from . import ImporterError
from .field_lists import fold_field_blocks, pair_label_lines
from .heading_lists import fold_heading_lists

_ATX = re.compile(r"^\s{0,3}(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
_MARKER = re.compile(r"\s*\[(?P<m>\d{1,3}(?:\s*,\s*\d{1,3})*)\](?P<p>[.!?;:,]?)")
_EMPHASIS = re.compile(r"(\*\*|__)(?P<t>[^*_]+?)\1")
_SPACED_COLUMNS = re.compile(r"\S {2,}\S")  # two cells set apart by 2+ spaces
_PLUS_BULLET = re.compile(r"^(?P<indent>\s*)[+]\s+")
_NUMBERED = re.compile(r"^(?P<indent>\s*)\d{1,3}[.)]\s+")
_REF_ITEM = re.compile(r"^\s*(?:\d{1,3}[.)]|[-*+])\s+(?P<body>.+)$")
# a bulleted item ('- ', '* ', '+ '); a numbered line over a Setext rule is a numbered section title
_BULLET_ITEM = re.compile(r"^\s{0,3}[-*+]\s+\S")
_REF_SPLIT = re.compile(r"\s+(?:\||—|--)\s+")
_DISCLAIMER = ("professional medical disclaimer", "disclaimer")

PLAIN_LAYOUT = (
    "a header with a title and a question line (either order) and a date line ('Last updated: March 3, 2024', "
    "'Updated 3 March 2024' or '2024-03-03'), sections whose headings stand between blank lines, bullets "
    "('•', '-', '*', '1.', '1)') or paragraphs with citation markers (trailing '2, 1', '[1]', '[1][2]' or '^1'), "
    "and a 'References' list (type / title / 'source, year' blocks, or entries numbered '1.', '[1]' or '1)')"
)
MARKDOWN_LAYOUT = (
    "a '# Title' and a question line (either order), a date line, '## Section' headings, '-' or '1.' items or "
    "paragraphs (bold lead-ins allowed) with '[1]', '[1][2]' or '^1' markers, and '## References' with one numbered "
    "entry per work ('1. Type | Title | Source, Year' or a free citation ending in its year)"
)


def detect_layout(text: str, name: str = "") -> str:
    """'markdown' for .md files, or for other files with at least two '#' heading lines; else 'text'.
    One stray '# ' line does not switch a text file to Markdown (read_any says so in the report)."""
    if name.lower().endswith((".md", ".markdown")):
        return "markdown"
    headings = sum(1 for line in text.splitlines()[:2000] if _ATX.match(line))
    return "markdown" if headings >= 2 else "text"


def _layout_notes(text: str, name: str, chosen: str, forced: bool) -> list[tuple[int, str]]:
    """Report lines saying why the layout was chosen when the file name did not say it."""
    if forced or name.lower().endswith((".md", ".markdown")):
        return []
    atx = [i + 1 for i, line in enumerate(text.splitlines()[:2000]) if _ATX.match(line)]
    if chosen == "markdown":
        return [(atx[0], f"read as Markdown: {len(atx)} '#' heading lines in a file not named .md")]
    if atx:
        return [(atx[0], "a line starts with '#' but the file is read as plain text; pass --layout markdown if it is Markdown")]
    return []


def decode(data: bytes, name: str = "") -> str:
    """UTF-8 text of an article file; an undecodable byte is an ImporterError naming its line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise ImporterError(
            line, f"not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start}); save the article as UTF-8", name
        ) from None


def read_any(data: bytes, name: str = "", layout: str | None = None) -> tuple[Article, str]:
    """Read an article file in either layout; returns the article and the layout used."""
    text = decode(data, name)
    forced = layout is not None
    layout = layout or detect_layout(text, name)
    expected = MARKDOWN_LAYOUT if layout == "markdown" else PLAIN_LAYOUT
    # a definition list printed one label or value a line is put back label by value first (line for line)
    text, paired, folded = pair_label_lines(text)
    try:
        article = read_markdown(text) if layout == "markdown" else read_article(text)
    except ArticleFormatError as e:
        raise ImporterError(e.line, f"{e.message}. Expected {layout} layout: {expected}", name) from None
    except RecursionError:  # defensive: no reader recurses, but arbitrary input must not escape as a crash
        raise ImporterError(1, f"unreadable article. Expected {layout} layout: {expected}", name) from None
    article.problems[:0] = _layout_notes(text, name, layout, forced) + paired
    article.accounted |= folded
    fold_heading_lists(article)
    fold_field_blocks(article)
    if not article.items:
        raise ImporterError(
            len(text.splitlines()) or 1,
            f"no statements: the article has {len(article.headings)} heading(s) but no bullets or paragraphs "
            f"under them. Expected {layout} layout: {expected}",
            name,
        )
    return article, layout


def title_lines(text: str) -> frozenset[int]:
    """Indexes of the '# ' (level-one) heading lines: the page's own title where it prints one."""
    return frozenset(i for i, raw in enumerate(text.splitlines()) if (m := _ATX.match(raw)) and m.group("hashes") == "#")


# Inline Markdown that prints as plain text: HTML entities ('&nbsp;', '&ndash;', '&gt;=', '&micro;g'), backslash
# escapes ('\\[1\\]', '1\\.', '\\*'), links ('[amoxicillin](https://...)' reads 'amoxicillin'; a link whose text is
# a citation number, '[2](#ref-2)' or '[[2]](#ref-2)', stays the marker '[2]'), italics ('*Adults*:', '_Adults:_') and '<br>' (a line
# break inside a table cell or a paragraph). A page converted from HTML carries all of these; the reader takes
# the text a browser would show.
_LINK = re.compile(r"(?<!!)\[(?P<t>\[[^\[\]]+\]|[^\[\]]+)\]\((?P<u>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+\"[^\"]*\")?\)")
_ESCAPE = re.compile(r"\\(?P<c>[!-/:-@\[-`{-~])")
_ITALIC = re.compile(r"(?<![*\w\\])(?P<m>[*_])(?![\s*_])(?P<t>[^*_]+?)(?<![\s\\])(?P=m)(?![*\w])")
_BREAK = re.compile(r"\s*<br\s*/?>\s*", re.IGNORECASE)


def _inline(line: str, in_table: bool = False) -> str:
    """The text a browser shows for a line of Markdown (see above); a table keeps its '\\|' escapes (a pipe inside
    a cell) and its '<br>' (read as the cell's own separator by kg.sources.tables)."""
    if "&" in line:
        line = html.unescape(line)
    if "](" in line:
        # (a citation number printed in brackets inside the link, '[[1]](#r1)', is the same marker)
        line = _LINK.sub(lambda m: f"[{m.group('t').strip('[]')}]" if re.fullmatch(
            r"\[?\d{1,3}(?:\s*[,-–]\s*\d{1,3})*\]?", m.group("t")) else m.group("t"), line)
    if "\\" in line:
        line = _ESCAPE.sub(lambda m: m.group(0) if in_table and m.group("c") == "|" else m.group("c"), line)
    if "*" in line or "_" in line:
        line = _ITALIC.sub(lambda m: m.group("t"), line)
    if not in_table and "<" in line:
        line = _BREAK.sub("; ", line)
    return line


def to_plain_lines(text: str) -> tuple[list[str], frozenset[int], int | None, frozenset[int], list[tuple[int, str]]]:
    """Rewrite Markdown lines in place; return the lines, heading line indexes, the References line, the indexes of
    the pipe-table rows rewritten as text (each a row of its pipe table, however its cells line up) and report lines
    for the blank cells read as merged with the row above."""
    lines = text.splitlines()
    out: list[str] = []
    headings: set[int] = set()
    rows: set[int] = set()
    previous_row: list[str] | None = None  # the cells of the table row above (for a cell merged over two rows)
    group: str | None = None  # the label of the table's group row above (see kg.sources.tables.group_label)
    merged: list[tuple[int, str]] = []  # (1-based line, report line) for each such cell
    columnwise: dict[int, str] = {}  # row line -> its text, for a table read by its columns (fields_in_rows)
    read_by_column: list[int] = []  # 1-based lines of such a table's rows whose cells were read into other lines
    refs_at: int | None = None
    refs_heading = _reference_heading(lines)
    footnotes_at = _footnote_list_start(lines) if refs_heading is None else None
    header: list[str] | None = None  # the column names of the table being read
    for i, raw in enumerate(lines):
        if refs_at is not None:
            # the reference list is read separately; the page's own footer lines after it (a 'Page last reviewed'
            # date, 'Next review due', 'Content source') stay for the reader to place
            out.append(raw.strip() if is_page_footer_line(raw) else "")
            continue
        if i == footnotes_at:
            # the page's reference list printed as footnote definitions at its end, with no heading over it
            refs_at = i - 1
            out.append("")
            continue
        # a blockquote ('> **Key points**' / '> - item') is read as its content: a box of key points is guidance
        raw = _BLOCKQUOTE.sub("", raw)
        if not _TABLE_ROW.match(raw) and not _TABLE_RULE.match(raw):
            header = None
        raw = _inline(raw, in_table=bool(_TABLE_ROW.match(raw) or _TABLE_RULE.match(raw)))
        if (_SETEXT_RULE.match(lines[i + 1] if i + 1 < len(lines) else "") and raw.strip() and not _ATX.match(raw)
                and not _BULLET_ITEM.match(raw) and not _TABLE_ROW.match(raw) and (i == 0 or not lines[i - 1].strip())):
            # a Setext heading ('Treatment' over '---------'); its rule is set aside by the reader as page furniture.
            # A numbered section title underlined the same way ('2. Preventing stroke' over '-----', or '2\.' as a
            # converter escapes it) is a heading too: one numbered line standing alone over a rule titles what
            # follows. A bulleted line over '---' stays an item (the rule under a list is a thematic break).
            heading = _MARKER.sub(lambda mm: mm.group("p"), raw).strip()
            if i == refs_heading:
                refs_at = i
                out.append("References")
                continue
            out.append(heading)
            headings.add(i)
            continue
        m = _ATX.match(raw)
        if m:
            heading = _MARKER.sub(lambda mm: mm.group("p"), m.group("text")).strip()
            if i == refs_heading:
                refs_at = i
                out.append("References")
                continue
            out.append(heading)
            headings.add(i)  # the title's own line is never read as a section, so marking it is harmless
            continue
        if _TABLE_RULE.match(raw):
            out.append("")  # the rule under a table's header row: recorded as skipped by read_markdown
            continue
        if _TABLE_ROW.match(raw):
            # a pipe table row becomes an indented line whose cells stand apart, as a table rendered as text;
            # under a caption that ends with ":" the plain reader nests it like a bullet. The header row (the
            # row above the rule) is not a statement: its names are read into every row below it.
            cells = [c.strip() for c in raw.strip().strip("|").split("|")]
            if header is None and i + 1 < len(lines) and _TABLE_RULE.match(lines[i + 1]):
                header = cells
                previous_row = group = None
                out.append("")
                body = []
                k = i + 2
                while k < len(lines) and _TABLE_ROW.match(lines[k]):
                    body.append([c.strip() for c in _inline(lines[k], in_table=True).strip().strip("|").split("|")])
                    k += 1
                if fields_in_rows(header, body):
                    if len(header) - 1 <= len(body):
                        # drugs across the columns, fields down the rows: each drug's column is read as its row, on
                        # the lines of the table's rows in order; the rows left over are read into those
                        names, drug_rows = by_column(header, body)
                        for n in range(len(body)):
                            columnwise[i + 2 + n] = (canonical_markers(table_row_text(names, drug_rows[n]))
                                                     if n < len(drug_rows) else "")
                    else:
                        merged.append((i + 1, "a table with its drugs across the columns and its fields down the rows, "
                                              "more drugs than rows: read row by row; check each drug's dose by hand "
                                              "(needs a curator's eye)"))
                continue
            if i in columnwise:
                out.append(columnwise[i])
                rows.add(i)
                if not columnwise[i]:
                    read_by_column.append(i + 1)
                continue
            cells, filled = same_as_above(previous_row if header is not None else None, cells)
            if filled is not None:
                merged.append((i + 1, MERGED_CELL_NOTE.format(filled)))
            previous_row = cells
            if header is None and sum(1 for c in cells if c) >= 2:
                # a row with no header row over it: its cells stand side by side as separate clauses (a flow chart's
                # branches, 'Stop aspirin at 6 weeks | Continue aspirin | Lifelong aspirin 2-5 mg/kg/day'), so the
                # words of one cell ('Stop') never reach the dose in the next
                out.append(canonical_markers("  " + "; ".join(c.rstrip(" ;.") for c in cells if c)))
            else:
                label = group_label(cells) if header is not None else None
                if label is not None:
                    group = label
                out.append(canonical_markers(table_row_text(header or [], cells, None if label else group)))
            rows.add(i)
            continue
        line = _PLUS_BULLET.sub(lambda mm: mm.group("indent") + "- ", raw)
        line = _NUMBERED.sub(lambda mm: mm.group("indent") + "- ", line)
        if _SPACED_COLUMNS.search(line.strip()):
            # a line of a table aligned by spaces: the emphasis marks give way to spaces, so every column still
            # starts where it did and the plain reader lines the cells up under the header's names
            line = _EMPHASIS.sub(lambda mm: mm.group("t") + " " * (2 * len(mm.group(1))), line)
        line = _EMPHASIS.sub(lambda mm: mm.group("t"), line)  # '**Paracetamol:** 15 mg/kg' -> 'Paracetamol: 15 mg/kg'
        line = line_markers(line)
        out.append(line.rstrip())
    merged += [(n, "row of a table read by its columns (drugs across, fields down): its cells are read into each "
                   "drug's row above it") for n in read_by_column]
    return out, frozenset(headings), refs_at, frozenset(rows), merged


_SETEXT_RULE = re.compile(r"^\s{0,3}(?:={3,}|-{3,})\s*$")

# HTML an author or a converter left in a Markdown page (Markdown allows it), read as a browser shows it. Only the
# tags of text and layout, by name, so a comparison ('<6 years', '< 140 mmHg') is never taken for one.
_TAG_NAMES = (r"p|div|span|section|article|main|aside|header|footer|nav|details|summary|strong|b|em|i|u|sup|sub|small|"
              r"mark|font|a|center|blockquote|figure|figcaption|ul|ol|li|h[1-6]|br|hr")
_TAG = re.compile(rf"</?(?:{_TAG_NAMES})(?:\s+[^<>]*)?/?>", re.IGNORECASE)
# a line made only of tags (and an HTML comment): '<details>', '</div>', '<div class="box">', '<hr/>'
_TAG_LINE = re.compile(rf"^\s*(?:(?:</?(?:{_TAG_NAMES})(?:\s+[^<>]*)?/?>|<!--.*?-->)\s*)+$", re.IGNORECASE)
# a folded section's title, or an HTML heading, on its own line: read as a section heading
_TAG_HEADING = re.compile(r"^\s*(?:<details[^<>]*>\s*)?<(?P<tag>summary|h[1-6])(?:\s+[^<>]*)?>(?P<t>.*?)</(?P=tag)>\s*$",
                          re.IGNORECASE)
_SUP = re.compile(r"<sup>(?P<t>[^<>]*)</sup>", re.IGNORECASE)
_STRONG = re.compile(r"<(?P<tag>strong|b)(?:\s+[^<>]*)?>(?P<t>[^<>]*)</(?P=tag)>", re.IGNORECASE)
_EM = re.compile(r"<(?P<tag>em|i)(?:\s+[^<>]*)?>(?P<t>[^<>]*)</(?P=tag)>", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->")


def html_remnants(text: str) -> tuple[str, list[tuple[int, str]]]:
    """The text with HTML read as a browser shows it, line for line, and the lines that were only tags (set aside as
    layout, reported as skipped): '<summary>Monitoring</summary>' and '<h3>Monitoring</h3>' are section headings;
    '<p>', '<div>', '<span>' around text give their text; '<strong>'/'<b>' are bold and '<em>'/'<i>' italic, as
    Markdown's marks; '<sup>1,2</sup>' after a word is a citation marker ('[1,2]') and after a unit letter a power
    ('m<sup>2</sup>' is m²)."""
    if "<" not in text:
        return text, []
    lines = text.split("\n")
    skipped: list[tuple[int, str]] = []
    for n, line in enumerate(lines):
        if "<" not in line:
            continue
        head = _TAG_HEADING.match(line)
        if head:
            # a folded section ('<summary>') stands beside the sections around it: the level of the last heading
            # above it (the page's title aside), or a section's level 2
            above = next((m for k in range(n - 1, -1, -1) if (m := _ATX.match(lines[k])) and len(m.group("hashes")) > 1),
                         None)
            level = (int(head.group("tag")[1]) if head.group("tag").lower().startswith("h")
                     else len(above.group("hashes")) if above else 2)
            lines[n] = "#" * level + " " + _TAG.sub("", head.group("t")).strip()
            continue
        if _TAG_LINE.match(line) and not _COMMENT.fullmatch(line.strip()):
            skipped.append((n + 1, "an HTML tag line (page layout, no text)"))
            lines[n] = ""
            continue
        line = _SUP.sub(lambda m, printed=line: _superscript(printed, m), line)
        line = _STRONG.sub(lambda m: f"**{m.group('t')}**", line)
        line = _EM.sub(lambda m: f"*{m.group('t')}*", line)
        lines[n] = _TAG.sub(lambda m: "<br>" if m.group(0).lower().startswith("<br") else "", line)
    return "\n".join(lines), skipped


# Pandoc's and kramdown's attributes after a heading's text ('## References {#refs}', '{.unnumbered}', '{-}',
# '{#bv .tabset lang=en}'), and kramdown's attribute line under a heading or a block ('{: #refs}', '{:.no_toc}')
_ATTRIBUTE = r"(?:[#.][\w:.-]+|-|[\w-]+=(?:\"[^\"]*\"|'[^']*'|[^\s}]+))"
# (a colon typed after the block, '## References {#refs}:', still ends the title: the block is taken off, the colon kept)
_HEADING_ATTRIBUTES = re.compile(rf"\s+\{{:?\s*{_ATTRIBUTE}(?:\s+{_ATTRIBUTE})*\s*\}}(?=\s*:?\s*#*\s*$)")
_ATTRIBUTE_LINE = re.compile(rf"^\s{{0,3}}\{{:\s*(?:{_ATTRIBUTE}(?:\s+{_ATTRIBUTE})*)?\s*\}}\s*$")


def heading_attributes(text: str) -> tuple[str, list[tuple[int, str]]]:
    """The text with the attributes a heading carries ('## References {#refs}') taken off every heading line, ATX or
    Setext, so the heading reads as its title wherever a heading is read; kramdown's attribute lines ('{: #refs}')
    set aside as layout (reported as skipped)."""
    if "{" not in text:
        return text, []
    lines = text.split("\n")
    skipped: list[tuple[int, str]] = []
    for n, line in enumerate(lines):
        if "{" not in line:
            continue
        if _ATTRIBUTE_LINE.match(line):
            skipped.append((n + 1, "a heading's or block's attributes ('{: ...}', page layout, no text)"))
            lines[n] = ""
            continue
        setext = n + 1 < len(lines) and _SETEXT_RULE.match(lines[n + 1]) and line.strip()
        if _ATX.match(line) or setext:
            lines[n] = _HEADING_ATTRIBUTES.sub("", line.rstrip("\r")) + ("\r" if line.endswith("\r") else "")
    return "\n".join(lines), skipped


def _superscript(line: str, m: re.Match[str]) -> str:
    inner = m.group("t").strip()
    if re.fullmatch(r"\d{1,3}(?:\s*[,–-]\s*\d{1,3})*", inner):
        if line[: m.start()].endswith(("m", "cm", "M")) and inner in ("2", "3"):
            return "²" if inner == "2" else "³"  # m², m³: a unit's power, not a citation
        return f"[{inner}]"
    return inner


def _heading_level(lines: list[str], i: int) -> int:
    """The level Markdown marks heading line i at: its '#' count, or 1 for a Setext title over '===', 2 over '---'."""
    m = _ATX.match(_BLOCKQUOTE.sub("", lines[i]))
    if m:
        return len(m.group("hashes"))
    return 1 if i + 1 < len(lines) and lines[i + 1].strip().startswith("=") else 2


def _footnote_list_start(lines: list[str]) -> int | None:
    """The first line of the run of footnote definitions ('[^1]: National Institute ...') that ends the page, when the
    page has no References heading: that run is its reference list. Blank lines and indented continuation lines may
    stand between the definitions; None when the page does not end so."""
    start = None
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if FOOTNOTE_DEFINITION.match(line):
            start = i
        elif line.strip() and not (start is not None and line[:1] in (" ", "\t")):
            break
    return start if start is not None and start > 0 else None


def _reference_heading(lines: list[str]) -> int | None:
    """The heading line ('## References', '## 9. References', 'Bibliography' over '---') that opens the reference
    list: the last so titled with references under it (kg.sources.reader.reference_list_heading), so a 'References'
    heading of a contents box or a section that only mentions it never swallows the page below it."""
    candidates = []
    for i, raw in enumerate(lines):
        m = _ATX.match(raw)
        setext = (not m and raw.strip() and i + 1 < len(lines) and _SETEXT_RULE.match(lines[i + 1])
                  and not _REF_ITEM.match(raw) and not _TABLE_ROW.match(raw) and (i == 0 or not lines[i - 1].strip()))
        if m or setext:
            text = _MARKER.sub(lambda mm: mm.group("p"), _inline(m.group("text") if m else raw)).strip()
            if is_references_heading(text):
                candidates.append(i)
    chosen = reference_list_heading(lines, candidates)
    return chosen if chosen < len(lines) else None


def _outer_pipes(text: str) -> str:
    """A pipe table written without its outer pipes ('Drug | Dose' over '--- | :---:') given them, line for line:
    the header row is the line over a rule row, and the rows are the lines with a '|' under the rule up to a
    blank line."""
    lines = text.split("\n")
    k = 1
    while k < len(lines):
        if _TABLE_RULE.match(lines[k]) and "|" in lines[k - 1] and not _TABLE_ROW.match(lines[k - 1]):
            j = k - 1
            while j < len(lines) and lines[j].strip() and "|" in lines[j]:
                if not _TABLE_ROW.match(lines[j]):
                    body = lines[j].rstrip("\r")
                    lines[j] = "| " + body.strip() + " |" + ("\r" if body != lines[j] else "")
                j += 1
            k = j
        k += 1
    # rows copied from a web page's table without its rule row or its leading pipe, each ending on its cell
    # separator ('Aspirin 30-50 mg/kg/day in 4 divided doses | ||'): two or more such lines in a row are rows of a
    # table, each a row of its own, so a cell's frequency never runs on into the dose of the line above or below
    k = 0
    while k < len(lines):
        j = k
        while j < len(lines) and _OPEN_ROW.match(lines[j]):
            j += 1
        if j - k >= 2:
            for n in range(k, j):
                body = lines[n].rstrip("\r")
                lines[n] = "| " + body.strip() + ("\r" if body != lines[n] else "")
        k = max(j, k + 1)
    return "\n".join(lines)


# a line that ends on a cell separator but does not open with one, and is not a heading, a rule or a quote
_OPEN_ROW = re.compile(r"^\s{0,3}(?![|#>\s])(?!-{3,}).*[^|\s\\].*\|\s*\r?$")


# a '>' glued to a number or '=' is a bound (">2 kg:", ">=12 years:"), not a quote marker: pages write "> text"
_BLOCKQUOTE = re.compile(r"^\s{0,3}(?:>(?![\d=.,])\s?)+")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
# (a delimiter cell is two dashes or more, or dashes with a colon: '|:--|:--|', '|:-:|', '|-:|', '|---|')
_TABLE_RULE = re.compile(r"^\s*\|?\s*(?::-+:?|-+:|-{2,})\s*(?:\|\s*(?::-+:?|-+:|-{2,})\s*)+\|?\s*$")


def _canonical_markers(group: str) -> str:
    return ", ".join(x.strip() for x in group.split(","))


def read_markdown(text: str) -> Article:
    if not text.strip():
        raise ArticleFormatError(
            1, "the file is empty; expected a question line, a 'Last updated:' line, a title and sections"
        )
    # read as a reader sees it before any Markdown rule looks at it (kg.sources.printed_chars): a soft hyphen or a
    # mis-decoded byte must not hide a heading, a list mark or a marker
    text, char_notes = repair_lines(text)
    printed = text.splitlines()
    text, tag_lines = html_remnants(text)
    text, attribute_lines = heading_attributes(text)
    tag_lines += attribute_lines
    text = _outer_pipes(text)
    lines, headings, refs_at, pipe_rows, merged = to_plain_lines(text)
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first is None:
        # nothing but heading marks and invisible characters ('#' and a control character)
        raise ArticleFormatError(1, "the file has no text, only Markdown marks; expected a title and sections")
    lines[first] = lines[first].lstrip("> ").strip()
    source = text.splitlines()
    levels = {i: _heading_level(source, i) for i in headings}
    numbers = listed_numbers(source, refs_at + 1) if refs_at is not None else frozenset()
    article = read_article("\n".join(lines), heading_lines=headings, title_lines=title_lines(text), pipe_rows=pipe_rows,
                           heading_levels=levels, source_lines=printed, reference_numbers=numbers)
    article.problems.extend(merged)
    article.problems[:0] = char_notes
    article.skipped += [(n, why) for n, why in tag_lines]
    article.skipped += [(n, why) for n, why in merged if why.startswith("row of a table read by its columns")]
    end = refs_at if refs_at is not None else len(text.splitlines())
    source = text.splitlines()
    article.skipped += [(i + 1, "table rule (the line under a table's header row)")
                        for i, raw in enumerate(source[:end]) if _TABLE_RULE.match(raw)]
    article.skipped += [(i + 1, "an empty blockquote line ('>')") for i, raw in enumerate(source[:end])
                        if raw.strip() and not _BLOCKQUOTE.sub("", raw).strip()]
    # '| |||' between the rows of a table copied from a web page (a spacer row): no cell has text, so there is nothing
    # to read, and the report says so rather than leaving the line unplaced
    article.skipped += [(i + 1, "an empty table row (no cell has text)") for i, raw in enumerate(source[:end])
                        if _TABLE_ROW.match(raw) and not raw.replace("|", "").strip()
                        and (i + 1 >= len(source) or not _TABLE_RULE.match(source[i + 1]))]
    article.skipped += [(i + 1, "table header row (its column names are read into every row below it)")
                        for i, raw in enumerate(source[:end])
                        if _TABLE_ROW.match(raw) and i + 1 < len(source) and _TABLE_RULE.match(source[i + 1])]
    # '* 1 g in severe infection' under a pipe table whose '500 mg*' cell calls it: a footnote, not a bullet (the
    # rows were rewritten as text without their marks, so the marks are looked for in the rows as printed)
    mark_table_footnotes(source, 0, end, {i for i, raw in enumerate(source[:end]) if _TABLE_ROW.match(raw)}, article)
    header_at: int | None = None
    for i, raw in enumerate(source[:end]):
        if not _TABLE_ROW.match(raw):
            header_at = None
        elif i + 1 < end and _TABLE_RULE.match(source[i + 1]):
            header_at = i
        elif header_at is not None and i + 1 in article.table_rows:
            cells = tuple(c.strip() for c in _inline(source[header_at], in_table=True).strip().strip("|").split("|"))
            article.table_header[i + 1] = (header_at + 1, cells)
    if refs_at is not None:
        article.problems = [p for p in article.problems if "no 'References' heading" not in p[1]]
        article.references = _references(text.splitlines(), refs_at + 1, article)
        article.accounted.add(refs_at + 1)
    return article


def _references(lines: list[str], start: int, article: Article) -> list[ReferenceEntry]:
    entries: list[ReferenceEntry] = []
    block: list[tuple[int, str]] = []
    placed = {n for n, _ in article.skipped} | ({article.date_line} if article.date_line else set())
    for i in range(start, len(lines)):
        if i + 1 in placed:
            continue  # the page's footer (its date, a planned review), placed by the reader
        line = lines[i].strip()
        m = _ATX.match(lines[i])
        if (m and m.group("text").strip().casefold() in _DISCLAIMER) or line.casefold() in _DISCLAIMER:
            article.skipped += [(k + 1, "after the reference list") for k in range(i, len(lines)) if lines[k].strip()]
            break
        if line:
            block.append((i + 1, line))
    article.accounted.update(n for n, _ in block)
    if block and _NUMBERED_REFERENCE.match(block[0][1]):
        return numbered_references(block, article)
    items = [(n, _REF_ITEM.match(t)) for n, t in block]
    if items and all(m for _, m in items) and not all(_REF_SPLIT.search(m.group("body")) for _, m in items):
        return [parse_reference_text(k, m.group("body").strip(), n, article) for k, (n, m) in enumerate(items, start=1)]
    if items and all(m for _, m in items):
        for position, (lineno, m) in enumerate(items, start=1):
            fields = _REF_SPLIT.split(m.group("body").strip())
            if len(fields) < 3:
                article.problems.append((lineno, f"reference {position} needs 'Type | Title | Source, Year'"))
                fields = fields + [""] * (3 - len(fields))
            ref_type, title, source_line = fields[0].strip(), fields[1].strip(), " | ".join(fields[2:]).strip()
            entries.append(_entry(position, ref_type, title, source_line, lineno, article))
        return entries
    # the plain three-line form: type, title, 'source, year'
    for position, k in enumerate(range(0, len(block), 3), start=1):
        chunk = block[k : k + 3]
        if len(chunk) < 3:
            article.problems.append(
                (
                    chunk[0][0],
                    f"reference entry starting {chunk[0][1]!r} is incomplete: expected type, title and 'source, year'",
                )
            )
            break
        entries.append(_entry(position, chunk[0][1], chunk[1][1], chunk[2][1], chunk[0][0], article))
    return entries


def _entry(position: int, ref_type: str, title: str, source_line: str, lineno: int, article: Article) -> ReferenceEntry:
    year, note, at = publication_year_at(source_line)
    source = source_line[:at].strip(" ,;.(") if at is not None else source_line
    if note:
        article.problems.append((lineno, f"reference {position}: {note}"))
    if year is None:
        article.problems.append((lineno, f"reference {position} has no year after its source"))
    return ReferenceEntry(position, ref_type, title, source, year, lineno)
