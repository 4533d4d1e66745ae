"""Citation markers and reference years in the layouts real pages print them, read before the article reader places
anything (kg.sources.reader), so a marker written '(3)', 'Ref: 3' or '[^3]' is read as the '[3]' it means.

- Parenthesised numbers ('... for 5 days (1).', '(2, 4)', '(2-4)'): read as markers only where a marker stands (the
  end of a sentence or a list item, before its closing punctuation, or alone on a line a wrap put them on) and only
  when every number is an entry of the page's own reference list. A count or an enumeration never is: '(5 days)',
  '(max 4 g)' carry words, a year has four digits, '(1)' opening a list item has nothing before it, and a number
  in a sentence's middle is left as printed (reported when it could have been one).
- A bare number before a sentence's stop ('... (Hashimoto's) thyroiditis 5.'): read as a marker only when every
  number is an entry of the page's reference list and the word before it is not one a number belongs to ('CKD
  stage 4.', 'increase by 25.'; data/counted_words.txt); each is reported.
- Pandoc's superscript '^1,4^' (after a unit's m it is a power: 'm^2^' is m²).
- 'Ref: 3', 'Refs 2, 4', '(Ref. 3)', '[Reference 3]': a labelled citation, read wherever it ends a sentence.
- '[^3]' footnote calls with '[^3]: ...' definitions (Markdown and text copied from it): the calls are markers, the
  definitions the reference list (kg.importer.markdown reads the definitions as the list's entries).
- The year of a reference entry is its publication year: a year printed as the date the page was accessed, cited
  or retrieved, or as the date of a later update, revision, review or e-publication, is not it
  (tests/fixtures/import/articles/README.md, "Reference years").
"""

from __future__ import annotations

import importlib.resources
import re
from functools import lru_cache

# a group of one to three digit numbers in brackets: '(3)', '(2, 4)', '(1,3)', '(2-4)', '(2–4)'
_PAREN = re.compile(r"\((?P<m>\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\)")
# what may follow a marker at a sentence's or an item's end: its closing punctuation, then the line's end or the
# next sentence (a capital, a digit-free opening bracket or quote)
_AFTER_MARKER = re.compile(r"(?P<p>[.!?;:]?)(?=\s*$|\s+[\"“'(\[]?[A-Z])")
# a labelled citation: 'Ref: 3', 'Refs 2, 4', '(Ref. 3)', '[References 1-2]', 'Reference 3'
_LABELLED = re.compile(
    r"(?P<open>[(\[]?)\b(?:refs?|references?)\.?\s*:?\s*(?P<m>\d{1,3}(?:\s*(?:[,–-]|and)\s*\d{1,3})*)(?P<close>[)\]]?)",
    re.IGNORECASE,
)
# a Markdown footnote call '[^3]' (or '[^3,4]'), and its definition '[^3]: text' opening a line
_FOOTNOTE_CALL = re.compile(r"\[\^(?P<m>\d{1,3}(?:\s*,\s*\^?\d{1,3})*)\](?!:)")
FOOTNOTE_DEFINITION = re.compile(r"^\s{0,3}\[\^(?P<n>\d{1,3})\]:\s*(?P<body>.*)$")
# a list item's own mark at the line's start: '-', '•', '1.', '1)', 'a)'
_ITEM_MARK = re.compile(r"^\s*(?:[•\-\*+–‣◦▪]|\d{1,3}[.)]|[a-z]\))?\s*")
# an entry of a numbered reference list: '1. ...', '1) ...', '[1] ...'
_NUMBERED_ENTRY = re.compile(r"^\s*(?:\[\^?(?P<a>\d{1,3})\]:?|(?P<b>\d{1,3})[.)])\s+\S")


def numbers_of(group: str) -> list[int]:
    """The numbers a marker group names: '2, 4' -> [2, 4]; '2-4' -> [2, 3, 4] (a range of at most 20)."""
    out: list[int] = []
    for part in re.split(r"\s*(?:,|\band\b)\s*", group.replace("^", "")):
        bounds = [b for b in re.split(r"\s*[–-]\s*", part.strip()) if b]
        if not bounds or not all(b.isdigit() for b in bounds):
            continue
        lo, hi = int(bounds[0]), int(bounds[-1])
        out += list(range(lo, hi + 1)) if len(bounds) == 2 and lo < hi <= lo + 20 else [lo]
    return list(dict.fromkeys(out))


def listed_numbers(lines: list[str], start: int) -> frozenset[int]:
    """The numbers of the reference list that starts at line `start` (0-based, its heading's next line): the printed
    numbers of a numbered list, else 1..N for N unnumbered entries (a bulleted list, or type / title / 'source, year'
    blocks of three lines)."""
    entries = [ln for ln in lines[start:] if ln.strip()]
    printed = [int(m.group("a") or m.group("b")) for ln in entries if (m := _NUMBERED_ENTRY.match(ln))]
    if printed:
        return frozenset(printed)
    bullets = [ln for ln in entries if re.match(r"^\s*[-*+•]\s+\S", ln)]
    count = len(bullets) if bullets else len(entries) // 3
    return frozenset(range(1, count + 1))


def _marker_position(line: str, start: int, end: int) -> re.Match[str] | None:
    """The closing punctuation after a bracketed group at line[start:end] when the group stands where a marker stands:
    text before it on the line (not only a list item's mark), no digit glued before it (a power, '10(3)'), and the
    end of the line or the next sentence after it."""
    before = line[:start]
    if not before.strip() or _ITEM_MARK.fullmatch(before) or before[-1].isdigit():
        return None
    return _AFTER_MARKER.match(line, end)


def parenthesised_markers(lines: list[str], numbers: frozenset[int], limit: int | None = None
                          ) -> tuple[list[str], list[tuple[int, str]]]:
    """The lines (up to `limit`, the reference list's heading) with each parenthesised citation standing where a
    marker stands rewritten as the bracket marker it means ('(2, 4).' -> '[2, 4].'), and report lines (1-based) for
    each group in a marker's place that is not read as one (a number the reference list does not hold), and for each
    range read as markers (a range could be a count: needs a curator's eye)."""
    out = list(lines)
    notes: list[tuple[int, str]] = []
    end = len(lines) if limit is None else min(limit, len(lines))
    for i in range(end):
        line = out[i]
        if "(" not in line:
            continue
        only = re.fullmatch(r"\s*\((?P<m>\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\)(?P<p>[.;:]?)\s*", line)
        if only and i > 0 and out[i - 1].strip():
            # a line of nothing but the group, under a line of text: the statement's markers, wrapped onto a line of
            # their own ('... for a further 4 days' / '(1,3).')
            wanted = numbers_of(only.group("m"))
            if wanted and numbers and set(wanted) <= numbers:
                out[i] = line.replace("(", "[", 1).replace(")", "]", 1)
            elif wanted:
                notes.append((i + 1, _not_read(only.group(0).strip(), wanted, numbers)))
            continue
        pieces: list[str] = []
        at = 0
        for m in _PAREN.finditer(line):
            after = _marker_position(line, m.start(), m.end())
            if after is None:
                continue
            wanted = numbers_of(m.group("m"))
            if not numbers or not wanted or not set(wanted) <= numbers:
                if wanted:
                    notes.append((i + 1, _not_read(m.group(0), wanted, numbers)))
                continue
            if re.search(r"[–-]", m.group("m")):
                notes.append((i + 1, f"'{m.group(0)}' read as citation markers {', '.join(map(str, wanted))} (a range "
                                     "in brackets could also be a count: needs a curator's eye)"))
            pieces += [line[at:m.start()], f"[{m.group('m')}]"]
            at = m.end()
        if pieces:
            out[i] = "".join(pieces) + line[at:]
    return out, notes


@lru_cache(maxsize=4)
def _word_list(name: str) -> frozenset[str]:
    text = importlib.resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    return frozenset(ln.strip().casefold() for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))


def counted_words() -> frozenset[str]:
    """The words a number printed after them belongs to (data/counted_words.txt)."""
    return _word_list("counted_words.txt")


def _counts_the_number(before: str) -> bool:
    """Whether the last word of `before` is one the number printed after it belongs to ('CKD stage', 'by'): a
    counted word after a determiner or a number of its own ('every visit', '1 month'; data/determiners.txt) does not
    take a further number."""
    words = re.findall(r"[A-Za-z0-9][A-Za-z0-9'’.-]*", before)
    if not words or words[-1].casefold() not in counted_words():
        return False
    return not (len(words) > 1 and (words[-2].casefold() in _word_list("determiners.txt")
                                    or re.fullmatch(r"\d+(?:\.\d+)?", words[-2])))


# a bare number (or list) between a word and the sentence's stop, at the line's end or before the next sentence
# (or before the colon closing a lead-in: '... applied once daily in the evening to all affected skin 1,2:')
_BEFORE_STOP = re.compile(r"(?<=[A-Za-z)’'])(?P<s>\s+)(?P<m>\d{1,3}(?:\s*,\s*\d{1,3})*)"
                          r"(?=[.!?](?:\s*$|\s+[\"“'(\[]?[A-Z])|(?P<colon>:)\s*$)")
_ONLY_NUMBER_STOP = re.compile(r"\s*(?P<m>\d{1,3}(?:\s*,\s*\d{1,3})*)\.\s*")
_LAST_WORD = re.compile(r"(?P<w>[A-Za-z][A-Za-z'’-]*)\)?$")


def stop_markers(lines: list[str], numbers: frozenset[int], limit: int | None = None
                 ) -> tuple[list[str], list[tuple[int, str]]]:
    """The lines (up to `limit`) with a bare number before a sentence's stop rewritten as the bracket marker it is
    ('... thyroiditis 5.' -> '... thyroiditis [5].') where every number is an entry of the reference list and the word
    before it is not one a number belongs to (counted_words), and a report line for each so read."""
    out = list(lines)
    notes: list[tuple[int, str]] = []
    if not numbers:
        return out, notes
    for i in range(len(lines) if limit is None else min(limit, len(lines))):
        line = out[i]
        only = _ONLY_NUMBER_STOP.fullmatch(line)
        if only and i > 0 and out[i - 1].strip() and out[i - 1].rstrip()[-1:] not in ".!?:;" \
                and not _counts_the_number(out[i - 1]):
            # the sentence's number, wrapped onto a line of its own under it ('... once daily to start' / '4.')
            wanted = numbers_of(only.group("m"))
            if wanted and set(wanted) <= numbers:
                out[i] = line.replace(only.group("m"), f"[{only.group('m')}]", 1)
                notes.append((i + 1, f"the number '{only.group('m')}' on a line of its own after an unfinished "
                                     f"sentence is read as citation marker{'s' if len(wanted) > 1 else ''} "
                                     f"{', '.join(map(str, wanted))} (an entry of the reference list)"))
            continue
        pieces: list[str] = []
        at = 0
        for m in _BEFORE_STOP.finditer(line):
            word = _LAST_WORD.search(line[: m.start()])
            wanted = numbers_of(m.group("m"))
            before = _ITEM_MARK.sub("", line[: m.start()], count=1)
            # the words before it, from the line above too when a wrap left this line short ('after 1' / 'month 4.')
            context = (out[i - 1] + " " if i > 0 and len(before.split()) < 3 else "") + line[: m.start()]
            if (word is None or _counts_the_number(context) or not wanted or not set(wanted) <= numbers
                    or not before.strip() or m.group("colon") and len(before.split()) < 4):
                # (a short label before a colon, 'Regimen 2:', names its own number)
                continue
            notes.append((i + 1, f"the number '{m.group('m')}' before the sentence's stop is read as citation "
                                 f"marker{'s' if len(wanted) > 1 else ''} {', '.join(map(str, wanted))} (an entry of the "
                                 "reference list), not as part of the sentence"))
            pieces += [line[at: m.start()], f"[{m.group('m')}]"]
            at = m.end()
        if pieces:
            out[i] = "".join(pieces) + line[at:]
    return out, notes


def _not_read(printed: str, wanted: list[int], numbers: frozenset[int]) -> str:
    if not numbers:
        why = "the page has no numbered reference list"
    else:
        missing = [n for n in wanted if n not in numbers]
        why = f"{', '.join(map(str, missing))} {'is' if len(missing) == 1 else 'are'} not in the reference list"
    return (f"'{printed}' stands where a citation marker stands but is read as part of the text ({why}; needs a "
            "curator's eye)")


def labelled_markers(line: str) -> str:
    """'Ref: 3', 'Refs 2, 4', '(Ref. 3)' ending a sentence or a line rewritten as the bracket marker '[3]'."""
    if "ref" not in line.casefold():
        return line

    def repl(m: re.Match[str]) -> str:
        if bool(m.group("open")) != bool(m.group("close")):
            return m.group(0)
        if _AFTER_MARKER.match(line, m.end()) is None or not line[: m.start()].strip():
            return m.group(0)
        wanted = numbers_of(re.sub(r"\band\b", ",", m.group("m")))
        return "[" + ", ".join(map(str, wanted)) + "]" if wanted else m.group(0)

    return _LABELLED.sub(repl, line)


# Pandoc's superscript '^1,4^' (a citation after a word, a power after a unit's m: 'm^2^')
_PANDOC_SUPERSCRIPT = re.compile(r"\^(?P<m>\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\^")


def pandoc_superscripts(line: str) -> str:
    """'^1,4^' after a word rewritten as the bracket marker '[1,4]'; 'm^2^' as m²."""
    if line.count("^") < 2:
        return line

    def repl(m: re.Match[str]) -> str:
        if line[: m.start()].endswith(("m", "M")) and m.group("m") in ("2", "3"):
            return "²" if m.group("m") == "2" else "³"
        return f"[{m.group('m')}]"

    return _PANDOC_SUPERSCRIPT.sub(repl, line)


def footnote_calls(line: str) -> str:
    """'[^3]' footnote calls rewritten as the bracket marker '[3]' (a definition line '[^3]: ...' is left whole)."""
    if "[^" not in line or FOOTNOTE_DEFINITION.match(line):
        return line
    return _FOOTNOTE_CALL.sub(lambda m: "[" + m.group("m").replace("^", "") + "]", line)


def footnote_definitions(lines: list[str]) -> list[int]:
    """The 0-based lines of '[^n]: ...' footnote definitions: a page's reference list when it has no other."""
    return [i for i, ln in enumerate(lines) if FOOTNOTE_DEFINITION.match(ln)]


# A year printed as something other than the work's publication: the date a page was accessed, cited, retrieved or
# viewed, or of a later update, revision, review, reaffirmation or e-publication ('2016, updated 2024', '2016
# (updated 2024)', '(2016, revised 2024)', '[cited 2024 May 3]', 'Accessed 12 May 2024', 'last reviewed 05/2024',
# 'Epub 2023 Jan 5'). What may stand between the label and the year: 'on', ':', a day and a month.
_SECONDARY = re.compile(
    r"\b(?P<label>accessed|access(?:ed)?\s+date|date\s+accessed|cited|retrieved|viewed|visited|downloaded|consulted|"
    r"(?:last\s+)?updated?|(?:last\s+)?revised|revision|(?:last\s+)?reviewed|review(?:ed)?\s+date|reaffirmed|amended|"
    r"(?:last\s+)?modified|e-?pub(?:lished)?(?:\s+ahead\s+of\s+print)?)"
    r"\s*(?:on|in)?\s*:?\s*(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?)?(?:[A-Z][a-z]{2,8}\.?,?\s+)?(?:\d{1,2},?\s+)?"
    r"(?:\d{1,2}[/.-](?:\d{1,2}[/.-])?)?$",
    re.IGNORECASE,
)
# a year: four digits on their own, not a page number ('375:1969-87', '1969-1987')
_YEAR = re.compile(r"(?<!:)(?<!: )(?<!\d[-–])\b(?P<year>(?:19|20)\d{2})\b")
_ACCESS_LABEL = re.compile(r"^(?:access|date\s+accessed|cited|retrieved|viewed|visited|downloaded|consulted)",
                           re.IGNORECASE)


def publication_year(text: str) -> tuple[int | None, str | None]:
    year, note, _ = publication_year_at(text)
    return year, note


def publication_year_at(text: str) -> tuple[int | None, str | None, int | None]:
    """The publication year of a reference entry's text, and a report line when the entry prints other years too.

    The publication year is the last year printed that no label marks as another date (accessed, cited, updated,
    revised, reviewed, e-published ...). An entry whose only years are an update's or a review's is read with the
    latest of them, reported; one whose only year is the date it was accessed is read with no year, reported
    (an access date is never the work's)."""
    years = [(m, _SECONDARY.search(text[: m.start()])) for m in _YEAR.finditer(text)]
    plain = [m for m, label in years if label is None]
    labelled = [(m, label) for m, label in years if label is not None]
    if plain:
        note = None
        if labelled:
            others = ", ".join(f"{label.group('label').strip()} {m.group('year')}" for m, label in labelled)
            note = f"publication year read as {plain[-1].group('year')}, not the other date it prints ({others})"
        return int(plain[-1].group("year")), note, plain[-1].start()
    versions = [(m, label) for m, label in labelled if not _ACCESS_LABEL.match(label.group("label"))]
    if versions:
        m, label = versions[-1]
        return int(m.group("year")), (f"no publication year printed: read as the year it was "
                                      f"{label.group('label').strip().casefold()}, {m.group('year')} (needs a "
                                      "curator's eye)"), label.start()
    if labelled:
        return None, (f"the only year printed is the date the page was {labelled[-1][1].group('label').strip()} "
                      f"({labelled[-1][0].group('year')}), not the work's year: no year read (needs a curator's eye)"), \
            labelled[-1][1].start()
    return None, None, None
