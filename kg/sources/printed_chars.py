"""Characters a saved page carries that a reader never sees as such, read as the reader sees them.

- Invisible characters inside words: a soft hyphen (U+00AD, a place a browser may break a long word such as
  'amoxi\u00adcillin'), zero-width spaces and joiners (U+200B-U+200D, U+2060, U+FEFF, set after a slash or inside a
  long word so it can wrap). A reader sees the word without them; they are removed.
- Hyphens a typesetter chose for their line-breaking: the non-breaking hyphen (U+2011) and the hyphen (U+2010) in
  'co\u2011amoxiclav' or 'first\u2011line' print as '-' and are read as it.
- Latin ligatures of a PDF copy ('\ufb01rst-line', '\ufb02uids'): the letters they print.
- A page saved as UTF-8 by a tool that had read it in another encoding (mojibake: '500Â\u00a0mg', '2â€“4 weeks',
  'donâ€™t', 'Âµg'): repaired with ftfy, a well-kept library that undoes exactly this (it only changes text whose
  characters are the bytes of another character mis-decoded), and reported with the first line it was found on. Only
  a page that shows what nothing but mis-decoding prints (a dash, quote or no-break space garbled) is repaired, so a
  word of another language that happens to look garbled ('Âª') is left as written.

- Table cells a copy joined with no space between them ('Bisoprolol1.25 mg once daily10 mg once daily', a journal
  table's HTML read as text): a word in lower case run straight into an amount with a dose unit is two cells, read
  with a space between them and reported with the first line it was found on. Only a lower-case word of three or
  more letters counts, so names that end in a digit ('B12', 'CYP3A4', 'H2', 'T4') and units ('1.73m2') stay whole.

Each line is read in place (the line count never changes), so report lines and locators keep their numbers.
"""

from __future__ import annotations

import re

import ftfy

_INVISIBLE = str.maketrans({
    "\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None,
    "\u2010": "-", "\u2011": "-",
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st",
})
_HAS_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff\u2010\u2011\ufb00-\ufb06]")
# the lead bytes of UTF-8 read as Windows-1252 or Latin-1 ('Â', 'Ã', 'â', 'Ð' ...) followed by a character a
# continuation byte becomes: a line with none of these is never handed to the repair
_MOJIBAKE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                       "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")


# a no-break space mis-decoded and then given back as a plain space ('500Â mg'): on a mis-decoded page an 'Â' standing
# alone before a space is the lead byte of that space
_ANY_LONE_A0 = re.compile("(?<![A-Za-z\u00c0-\u017f])\u00c2(?=[ \u00a0])")


# what only a mis-decoded page prints: the bytes of a dash, quote, bullet or no-break space read as 'â€' + one more
# character, 'Â' before a no-break space, a degree or plus-minus sign, or 'Â' left after a number before a space
# ('500Â mg'). Letters alone ('Âª', 'Ãª') may be real words of some language, so they are repaired only on a page
# that shows this evidence.
_EVIDENCE = re.compile("\u00e2\u20ac|\u00c2[\u00a0\u00b0\u00b1\u00b7]|(?<=[0-9])\u00c2(?= )")


# a lower-case word run straight into an amount and its dose unit: two table cells joined by the copy; and a drug's
# name run into the route cell printed before the amount ('Doxycyclineoral 200mg', 'AmoxicillinIV 1g'): 'oral' only
# after a long word that is not 'intra' or 'trans', so 'intraoral' stays whole
_AMOUNT_UNIT = r"\d+(?:[.,]\d+)?(?:\s*[-\u2013]\s*\d+(?:[.,]\d+)?)?\s*(?:mg|g|mcg|micrograms?|milligrams?|units?|mL|ml|mmol)\b"
_GLUED_CELL = re.compile(rf"(?<=[a-z]{{3}})(?={_AMOUNT_UNIT})"
                         rf"|(?<=[a-z]{{6}})(?<!intra)(?<!trans)(?=oral\s*{_AMOUNT_UNIT})"
                         rf"|(?<=[a-z]{{3}})(?=(?:IV|PO|IM|SC)\s*{_AMOUNT_UNIT})"
                         # an amount's period run into the next cell's amount ('40 mg/wk40-120 mg twice daily')
                         rf"|(?:(?<=/d)|(?<=/wk)|(?<=/day)|(?<=/week)|(?<=/h)|(?<=/hr))(?={_AMOUNT_UNIT})")
# a cell's last word, all in lower case, run into the next cell's first word, capitalised ('First lineIbuprofen 400 mg',
# 'twice dailyAvoid in asthma', '16 mg/dFew side effects'); a name with a capital inside ('GlucaGen', 'AmBisome',
# 'eGFR', 'mmHg', 'iPhone') opens no such break
_GLUED_WORDS = re.compile(r"(?:\b[a-z]{2,}|(?<=/)[a-z]+)(?=[A-Z][a-z]{2})")


def reader_chars(line: str) -> str:
    """A line with its invisible characters, typesetter's hyphens and ligatures read as a reader sees them."""
    return line.translate(_INVISIBLE) if _HAS_INVISIBLE.search(line) else line


def repair_lines(text: str) -> tuple[str, list[tuple[int, str]]]:
    """The text with mis-decoded lines repaired and invisible characters read (see above), line for line, and the
    report lines saying what was repaired (1-based line, message)."""
    garbled = _EVIDENCE.search(text) is not None
    glued = _GLUED_CELL.search(text) is not None or _GLUED_WORDS.search(text) is not None
    if not (garbled or glued or _HAS_INVISIBLE.search(text)):
        return text, []
    notes: list[tuple[int, str]] = []
    lines = text.split("\n")
    if glued:
        joined = [n for n, line in enumerate(lines) if _GLUED_CELL.search(line) or _GLUED_WORDS.search(line)]
        first_glue = _GLUED_CELL.search(lines[joined[0]]) or _GLUED_WORDS.search(lines[joined[0]])
        at = first_glue.end() if first_glue.re is _GLUED_WORDS else first_glue.start()
        shown = lines[joined[0]][max(0, at - 12) : at + 8].strip()
        for n in joined:
            lines[n] = _GLUED_WORDS.sub(lambda m: m.group(0) + " ", _GLUED_CELL.sub(" ", lines[n]))
        notes.append((joined[0] + 1, f"a word run into an amount, a route or the next cell's word with no space ({shown!r}), "
                                     "as table cells copied "
                                     f"without their breaks print, on {len(joined)} line(s): read with a space "
                                     "between them; check those rows"))
    repaired = 0
    first: tuple[int, str] | None = None
    for n, line in enumerate(lines):
        if garbled and (_MOJIBAKE.search(line) or _ANY_LONE_A0.search(line)):
            fixed = _ANY_LONE_A0.sub("", ftfy.fix_encoding(line))
            if fixed != line and "\n" not in fixed:
                if first is None:
                    first = (n + 1, (_MOJIBAKE.search(line) or _ANY_LONE_A0.search(line)).group(0))
                repaired += 1
                lines[n] = fixed
        lines[n] = reader_chars(lines[n])
    if first is not None:
        notes.append((first[0], f"text mis-decoded by the tool that saved the page (mojibake such as {first[1]!r}) on "
                                f"{repaired} line(s): read as repaired; check the numbers and units of those lines"))
    return "\n".join(lines), notes
