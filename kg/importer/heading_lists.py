"""Headings with nothing under them: a list pasted from a web page under "Contraindications" sets one condition or
drug per line, each between blank lines, with no bullet and no stop ("Pregnancy", "Severe renal impairment"). The
layout reader can only take such short lines for headings; read by what the heading above them says (a list of
warnings, cautions, side effects), they are the items of that heading's list, and are read as its bullets here.

Any other heading that has no statement under it is kept as a heading and reported with its line, so a list the page
printed as bare lines is never dropped without a word (the report counts them)."""

from __future__ import annotations

import re
from bisect import bisect_right

from kg.sources.reader import Article, Item, normalise_text, split_markers

from .context import CONTRAINDICATION_LABEL, MILDER_LABEL, statement_reading

# a heading that names a list is short ("Contraindications", "Do not use in", "Side effects of methotrexate"); a
# longer line is a section title whose own text should follow it
_LIST_HEADING_WORDS = 6
# an item of such a list is a name or a short condition ("Severe renal impairment", "Children under 2 years")
_ITEM_WORDS = 8
_DIGIT = re.compile(r"\d")

EMPTY_HEADING_NOTE = ("heading {!r} has no statement under it (the next line is another heading or the end): kept as a "
                      "title over what follows; if it is an item of a list, nothing was drafted from it")


def lists_items(heading: str) -> bool:
    """A heading that names the kind of list under it: a warning ("Avoid in", "Do not use in", "Cautions"), a
    contraindication label, or a list of side effects, interactions or precautions."""
    if len(heading.split()) > _LIST_HEADING_WORDS:
        return False
    return (statement_reading(heading) in ("contraindication", "caution")
            or CONTRAINDICATION_LABEL.search(heading) is not None or MILDER_LABEL.search(heading) is not None)


def _bare(item: Item) -> bool:
    """An item that can only be one entry of a list: a name or a short condition, no stop, no markers, no colon."""
    text = item.text.strip()
    return (item.kind == "paragraph" and 0 < len(text.split()) <= _ITEM_WORDS and text[-1] not in ".:;!?"
            and not item.markers)


def titled_lists(article: Article) -> None:
    """A line that only names a list ("**Contraindications**" in Markdown, a paragraph of its own) over bare lines
    ("Pregnancy", "Severe renal impairment", each a paragraph of its own) titles that list, as a heading would: the
    line is read as the list's heading (within the section it stands in) and the lines as its items, so what it says
    of them ("contraindication") holds for each. Without a bare line under it, it stays a statement."""
    items = article.items
    out: list[Item] = []
    k = 0
    while k < len(items):
        item = items[k]
        text = item.text.strip()
        run = 0
        # a title names the list and nothing else: no amount, not a row of a table (a row's warning cell is the
        # row's own, and the rows under it are the table's)
        if item.kind in ("paragraph", "lead-in") and not item.markers and text[-1:] not in ".;!?" \
                and not _DIGIT.search(text) and item.line not in article.table_rows and lists_items(text.rstrip(":")):
            while (k + 1 + run < len(items) and items[k + 1 + run].heading == item.heading
                   and _bare(items[k + 1 + run]) and items[k + 1 + run].line not in article.table_rows
                   and not lists_items(items[k + 1 + run].text)):
                run += 1
        if not run:
            out.append(item)
            k += 1
            continue
        if item.kind == "lead-in":
            # "Avoid in:" over bare lines set flush with it: its items, as the bullets under a lead-in are
            out.append(item)
            out.extend(Item(item.heading, f"{item.path}.{n}", entry.text, entry.markers, entry.line, "bullet",
                            item.outer) for n, entry in enumerate(items[k + 1 : k + 1 + run], start=1))
            k += 1 + run
            continue
        title = text.rstrip(":").strip()
        outer = (item.heading, *item.outer) if item.heading != article.title else item.outer
        for n, entry in enumerate(items[k + 1 : k + 1 + run], start=1):
            out.append(Item(title, str(n), entry.text, entry.markers, entry.line, "bullet", outer))
        at = next((n for n, (line, _, _) in enumerate(article.heading_at) if line > item.line), len(article.heading_at))
        in_order = article.headings[1:] == [h for _, h, _ in article.heading_at]
        article.heading_at.insert(at, (item.line, title, outer))
        article.headings.insert(1 + at if in_order else len(article.headings), title)
        k += 1 + run
    article.items = out


def _no_statement(article: Article, k: int, item_lines: list[int]) -> bool:
    """Heading k has no statement of its own: no item between its line and the next heading's."""
    heads = article.heading_at
    line = heads[k][0]
    end = heads[k + 1][0] if k + 1 < len(heads) else None
    # item_lines is sorted: the first item line after the heading's, found by bisection (a scan per heading made
    # folding a long page quadratic)
    at = bisect_right(item_lines, line)
    return not (at < len(item_lines) and (end is None or item_lines[at] < end))


def _empty(article: Article, k: int, item_lines: list[int]) -> bool:
    """Heading k has no statement under it: no item between its line and the next heading's, and the next heading is
    not one of its subsections."""
    heads = article.heading_at
    if not _no_statement(article, k, item_lines):
        return False
    return k + 1 >= len(heads) or heads[k][1] not in heads[k + 1][2]


def fold_heading_lists(article: Article) -> None:
    """Read the bare lines under a list heading, which the layout reader placed as headings with nothing under them,
    as that heading's items (bullets in page order, under the heading's own outline), and the bare lines under a line
    that only names a list as its items (titled_lists); report every other heading with nothing under it
    (article.empty_headings and a problem line each)."""
    titled_lists(article)
    heads = article.heading_at
    item_lines = sorted(item.line for item in article.items)
    # a list heading's bare lines may read as its subsections (a heading in capitals over lines in ordinary case), so
    # the fold asks only that the heading and its lines have no statement of their own
    empty = [_no_statement(article, k, item_lines) for k in range(len(heads))]
    folded: list[Item] = []
    gone: set[int] = set()
    k = 0
    while k < len(heads):
        line, heading, outer = heads[k]
        if not (empty[k] and lists_items(heading)):
            k += 1
            continue
        j, count = k + 1, 0
        while (j < len(heads) and empty[j] and not lists_items(heads[j][1])
               and len(heads[j][1].split()) <= _ITEM_WORDS):
            count += 1
            text = normalise_text(heads[j][1])
            folded.append(Item(heading, str(count), text, split_markers(text)[1], heads[j][0], "bullet", outer))
            gone.add(j)
            j += 1
        k = j if count else k + 1
    if folded:
        items = list(article.items)
        for item in folded:  # each before the first statement printed below it (the others keep their order)
            at = next((n for n, other in enumerate(items) if other.line > item.line), len(items))
            items.insert(at, item)
        article.items = items
        if article.headings[1:] == [h for _, h, _ in heads]:
            article.headings[1:] = [h for j, (_, h, _) in enumerate(heads) if j not in gone]
        else:
            for j in sorted(gone, reverse=True):
                article.headings.remove(heads[j][1])
        article.heading_at = [h for j, h in enumerate(heads) if j not in gone]
    item_lines = sorted(item.line for item in article.items)
    for k, (line, heading, _) in enumerate(article.heading_at):
        if _empty(article, k, item_lines):
            article.empty_headings.append(line)
            article.problems.append((line, EMPTY_HEADING_NOTE.format(heading)))
