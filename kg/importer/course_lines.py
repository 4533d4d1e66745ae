"""Course lengths a page states apart from the dose they time.

Real pages often print a drug's course outside the sentence that doses it: a drug table flattened to text puts
the course cell on a line of its own under the dose cell ("Cefalexin 500mg twice daily", then "7 days"), and a
section heading can time every dose under it ("Steroid course (three day duration)"). A reader takes that course
for those doses; these helpers only recognise such a line or heading. What is carried, and the note that tells the
curator, is decided in kg.importer.draft.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .cue_words import cue_words

# how long a course runs, in the units a course is given in (a course in hours or years is not read from a bare
# line: "48 hours" is more often a review time, "2 years" an age)
_UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month", "months": "month"}
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "twenty-one": 21, "twenty eight": 28,
          "twenty-eight": 28}
_NUMBER = r"(?:\d+(?:\.\d+)?|" + "|".join(sorted(map(re.escape, _WORDS), key=len, reverse=True)) + ")"


def _span(tag: str = "") -> str:
    return rf"(?P<lo{tag}>{_NUMBER})(?:\s*(?:-|–|—|to)\s*(?P<hi{tag}>{_NUMBER}))?"


_SPAN = _span()
_UNIT = r"(?P<unit>days?|weeks?|months?)"
_MARKERS = r"(?:\s*\[?\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]?)?"

# a line that holds nothing but a course: "7 days", "5 to 7 days.", "For 5 days", "Duration: 7 days", "x 5 days",
# "14 days in total", "(5 days)", "5-day course"
_COURSE_LINE = re.compile(
    rf"^\(?\s*(?:(?:duration|course(?:\s+length)?|length\s+of\s+course)\s*[:=\-–]?\s*(?:for\s+)?|for\s+|[x×]\s*)?"
    rf"(?:(?P<floor>at\s+least|(?:a\s+)?minimum(?:\s+of)?|no\s+less\s+than|not\s+less\s+than)\s+"
    rf"|(?P<cap>up\s+to|(?:a\s+)?maximum(?:\s+of)?|no\s+more\s+than|not\s+more\s+than)\s+)?"
    rf"{_SPAN}[\s-]*{_UNIT}(?:\s+(?:in\s+total|total|course|of\s+treatment|treatment))?\s*\)?\s*\.?{_MARKERS}\s*$",
    re.IGNORECASE,
)
# a heading that times what is under it: it says so with 'for', 'duration', 'course' or an 'N-day' adjective
_HEADING_COURSE = re.compile(
    rf"(?:\bfor\s+{_span()}\s+{_UNIT}\b"
    rf"|\b{_span('2')}[\s-]*(?P<unit2>days?|weeks?|months?)\s+(?:duration|course|treatment|regimen)\b"
    rf"|\b(?:duration|course)\s*(?:of|:|=|-|–)?\s*{_span('3')}\s+(?P<unit3>days?|weeks?|months?)\b)",
    re.IGNORECASE,
)


def _number(text: str | None) -> Decimal | None:
    if text is None:
        return None
    word = text.casefold()
    return Decimal(_WORDS[word]) if word in _WORDS else Decimal(text)


def _course(m: re.Match, unit: str) -> tuple[Decimal, Decimal, str] | None:
    lo = _number(m.group("lo"))
    hi = _number(m.group("hi")) or lo
    if lo is None or hi < lo or lo <= 0:
        return None
    return lo, hi, _UNITS[unit.casefold()]


def course_line(text: str) -> tuple[Decimal | None, Decimal | None, str] | None:
    """(shortest, longest, unit) when the whole text is a course length and nothing else, or None. A bound ("at least
    7 days", "Duration: up to 14 days") leaves the other end None, as the dose grammar reads "for at least 7 days"."""
    m = _COURSE_LINE.match(" ".join(text.split()))
    course = _course(m, m.group("unit")) if m else None
    if course is None or not (m.group("floor") or m.group("cap")) or m.group("hi"):
        return course if course is None or not (m.group("floor") or m.group("cap")) else None
    lo, hi, unit = course
    return (lo, None, unit) if m.group("floor") else (None, hi, unit)


def heading_course(text: str) -> tuple[Decimal, Decimal, str] | None:
    """(shortest, longest, unit) when a heading states how long the course under it runs, or None. The group names
    repeat a span per alternative, so the one that matched is read."""
    flat = " ".join(text.split())
    for m in _HEADING_COURSE.finditer(flat):
        unit = m.group("unit") or m.group("unit2") or m.group("unit3")
        if unit:
            lo, hi = _first_span(m)
            if lo is None:
                continue
            low, high = _number(lo), _number(hi) or _number(lo)
            if low is None or high is None or low <= 0 or high < low:
                continue
            return low, high, _UNITS[unit.casefold()]
    return None


def _first_span(m: re.Match) -> tuple[str | None, str | None]:
    spans = [(g, m.group(g)) for g in m.re.groupindex if g.startswith(("lo", "hi"))]
    lo = next((v for g, v in spans if g.startswith("lo") and v), None)
    hi = next((v for g, v in spans if g.startswith("hi") and v), None)
    return lo, hi


def every_row_course(text: str) -> tuple[tuple[Decimal | None, Decimal | None, str], int] | None:
    """(course, where it starts) when a line says its course times every row of the list it heads: a word of
    data/cue_words.txt [every_row_words], a colon or dash, then a course ("All: for 7 days; MALToma 14 days" reads
    7 days: what follows the first ';' is another variant, not read). None otherwise."""
    flat = " ".join(text.split())
    words = "|".join(sorted((re.escape(w).replace("\\ ", r"\s+") for w in cue_words("every_row_words")), key=len,
                            reverse=True))
    m = re.search(rf"(?:^|(?<=\s))(?:{words})\s*[:\-–]\s*(?P<course>[^;]+)", flat, re.IGNORECASE)
    if m is None:
        return None
    course = course_line(m.group("course"))
    return (course, m.start()) if course is not None else None


# a sentence that only says how long to treat: its lead words ("Treat", "Treatment duration", "Duration of
# treatment is"; data/cue_words.txt [course_instruction_leads]), then the course ("for 5 days", "5 days", ": 7 days")
_INSTRUCTION = re.compile(rf"^(?P<lead>[A-Za-z][A-Za-z ]*?)\s*(?::|=|\bis\b|\bfor\b)?\s*(?:for\s+)?{_SPAN}[\s-]*{_UNIT}"
                          rf"(?:\s+(?:in\s+total|total))?\s*\.?{_MARKERS}\s*$", re.IGNORECASE)


def course_instruction(text: str) -> tuple[Decimal, Decimal, str] | None:
    """(shortest, longest, unit) when the whole statement is an instruction of how long to treat ("Treat for 5 days.",
    "Treatment duration: 7 days"), a course a page states once for the regimens printed after it; else None."""
    m = _INSTRUCTION.match(" ".join(text.split()))
    if m is None:
        return None
    lead = " ".join(m.group("lead").casefold().split())
    lead = re.sub(r"\s+(?:for|is)$", "", lead)
    if lead not in cue_words("course_instruction_leads"):
        return None
    return _course(m, m.group("unit"))
