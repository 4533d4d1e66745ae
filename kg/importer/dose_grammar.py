"""A grammar for the dose phrases of guideline articles: a tokenizer and a recursive-descent parser.

    statement  := { dose | other }*
    dose       := [ceiling] quantity ["-"] mass [basis] [period] modifiers*
    quantity   := NUMBER [ ("-" | "to") NUMBER ]
    mass       := mg | g | mcg (and their spelt-out forms)
    basis      := ("/" | "per") (kg | m2 | m²) [ ["of"] ["ideal"] "body weight" | "IBW" ]
    period     := ("/" | "per" | "a" | "each") (day | week | dose | course) | "daily" | "weekly"
    modifiers  := route | frequency | interval | doses | duration | maximum | concentration | descriptor
    maximum    := ("maximum" | "max") ["absolute"] ["dose"] [":" | "of"] quantity mass [basis] [period]
    duration   := ("for" ["at least"] | "over") quantity ["consecutive"] time-unit
    interval   := "every" [quantity] time-unit | quantity time-unit "apart"
    frequency  := ("once" | "twice" | "thrice" | N "times") ("daily" | "a day" | "per day") | "single daily dose"

Modifiers are attached to the nearest dose before them (the words just before a dose, such as a
route or "two ... doses", belong to that dose). The output fields mirror the vocabulary's
DoseSchedule terms (amountMin, amountMax, amountUnit, basis, per, route, timesPerDay, interval,
doses, duration, maximum, concentrationPercent). Only ImporterError ever leaves this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from . import ImporterError

_TOKEN = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d*\.\d+|\d+)"
    r"|(?P<word>[A-Za-zµμ][A-Za-z0-9²µμ]*)"
    r"|(?P<space>\s+)"
    r"|(?P<sym>.)",
    re.DOTALL,
)

MASS_UNITS = {
    "mg": "mg",
    "milligram": "mg",
    "milligrams": "mg",
    "g": "g",
    "gm": "g",
    "gram": "g",
    "grams": "g",
    "mcg": "mcg",
    "µg": "mcg",
    "μg": "mcg",
    "ug": "mcg",
    "microgram": "mcg",
    "micrograms": "mcg",
}
_BASIS_UNITS = {"kg": "body_weight", "m2": "body_surface_area", "m²": "body_surface_area"}
_PERIODS = {"day": "day", "d": "day", "week": "week", "wk": "week", "dose": "dose", "course": "course"}
_TIME_UNITS = {
    "day": "day",
    "days": "day",
    "week": "week",
    "weeks": "week",
    "wk": "week",
    "wks": "week",
    "month": "month",
    "months": "month",
    "year": "year",
    "years": "year",
    "hour": "hour",
    "hours": "hour",
    "minute": "minute",
    "minutes": "minute",
}
ROUTE_WORDS = {
    "iv": "intravenous",
    "intravenous": "intravenous",
    "intravenously": "intravenous",
    "infusion": "intravenous",
    "infusions": "intravenous",
    "oral": "oral",
    "orally": "oral",
    "po": "oral",
    "subcutaneous": "subcutaneous",
    "subcutaneously": "subcutaneous",
    "sc": "subcutaneous",
    "subq": "subcutaneous",
    "topical": "topical",
    "topically": "topical",
}
_NUMBER_WORDS = {
    "one": 1,
    "single": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_TIMES = {"once": 1, "twice": 2, "thrice": 3}
_DASHES = {"-", "–", "—"}
_MAX_WORDS = {"maximum", "max"}
_DESCRIPTOR_LEVELS = {"high", "medium", "low", "moderate"}


@dataclass(frozen=True)
class Token:
    kind: str  # "num", "word" or "sym"
    text: str  # lower-cased for words
    start: int
    end: int


@dataclass(frozen=True)
class Dose:
    """One dose schedule as stated; None means the statement does not say."""

    line: int
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    unit: str | None = None  # mg, g, mcg
    basis: str | None = None  # flat, body_weight, ideal_body_weight, body_surface_area
    per: str | None = None  # dose, day, week, course; None = period not stated
    route: str | None = None  # oral, intravenous, subcutaneous, topical
    times_per_day: int | None = None
    interval: tuple[Decimal, str] | None = None  # (value, time unit)
    doses: tuple[int, int] | None = None
    duration: tuple[Decimal | None, Decimal | None, str] | None = None  # (min, max, time unit)
    maximum: tuple[Decimal, str, str | None] | None = None  # (amount, unit, per)
    concentration: Decimal | None = None  # percent
    descriptor: str | None = None  # high-dose, pulse, ...
    initial: bool = False
    ceiling: bool = False  # only an upper bound is given ("≤10 mg/day")
    amount_not_stated: bool = False
    near: bool = False  # "closer to 1 mg/kg": a position within a range given elsewhere, not a dose
    span: tuple[int, int] = field(default=(0, 0), compare=False)  # characters of the amount phrase

    @property
    def has_schedule(self) -> bool:
        """Something beyond a bare route was said (used to decide whether an amount-less dose is worth drafting)."""
        return any(
            x is not None
            for x in (self.times_per_day, self.interval, self.doses, self.concentration, self.descriptor, self.maximum)
        )


def tokenize(text: str) -> list[Token]:
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "space":
            continue
        value = m.group()
        out.append(Token(kind, value.lower() if kind == "word" else value, m.start(), m.end()))
    return out


def _number(tok: Token, line: int) -> Decimal:
    try:
        return Decimal(tok.text.replace(",", ""))
    except InvalidOperation as e:  # the tokenizer only yields digits, so this is a guard, not a path
        raise ImporterError(line, f"unreadable number {tok.text!r}") from e


@dataclass
class _Core:
    start: int  # token index
    end: int  # token index after the phrase
    lo: Decimal | None
    hi: Decimal
    unit: str
    basis: str
    per: str | None
    ceiling: bool


class _Parser:
    def __init__(self, text: str, line: int) -> None:
        self.text = text
        self.line = line
        self.toks = tokenize(text)

    # ------------------------------------------------------------ primitives

    def tok(self, i: int) -> Token | None:
        return self.toks[i] if 0 <= i < len(self.toks) else None

    def word(self, i: int, *words: str) -> bool:
        t = self.tok(i)
        return t is not None and t.kind == "word" and (not words or t.text in words)

    def sym(self, i: int, *syms: str) -> bool:
        t = self.tok(i)
        return t is not None and t.kind == "sym" and t.text in syms

    def num(self, i: int) -> bool:
        t = self.tok(i)
        return t is not None and t.kind == "num"

    def count_at(self, i: int) -> tuple[int, int] | None:
        """A count written as digits or a number word."""
        t = self.tok(i)
        if t is None:
            return None
        if t.kind == "num" and "." not in t.text:
            return int(t.text.replace(",", "")), i + 1
        if t.kind == "word" and t.text in _NUMBER_WORDS:
            return _NUMBER_WORDS[t.text], i + 1
        return None

    # ------------------------------------------------------------ quantity and amount

    def quantity(self, i: int) -> tuple[Decimal, Decimal, int] | None:
        if not self.num(i):
            return None
        lo = _number(self.toks[i], self.line)
        j = i + 1
        if (self.sym(j, *_DASHES) or self.word(j, "to")) and self.num(j + 1):
            hi = _number(self.toks[j + 1], self.line)
            if hi < lo:
                raise ImporterError(self.line, f"dose range {lo}-{hi} runs backwards (low end above high end)")
            return lo, hi, j + 2
        return lo, lo, j

    def ceiling_prefix(self, i: int) -> int | None:
        """Index after a 'no more than' style prefix at i, or None."""
        if self.sym(i, "≤"):
            return i + 1
        if self.sym(i, "<"):
            return i + 2 if self.sym(i + 1, "=") else i + 1
        if self.word(i, "at") and self.word(i + 1, "most"):
            return i + 2
        if self.word(i, "no", "not") and self.word(i + 1, "more") and self.word(i + 2, "than"):
            return i + 3
        return None

    def amount(self, i: int) -> _Core | None:
        j = i
        ceiling = False
        after = self.ceiling_prefix(j)
        if after is not None:
            ceiling, j = True, after
        q = self.quantity(j)
        if q is None:
            return None
        lo, hi, j = q
        if self.sym(j, *_DASHES) and self.word(j + 1) and self.toks[j + 1].text in MASS_UNITS:
            j += 1  # "1000-mg doses"
        if not (self.word(j) and self.toks[j].text in MASS_UNITS):
            return None
        unit = MASS_UNITS[self.toks[j].text]
        j += 1
        basis, j = self.basis(j)
        per, j = self.period(j)
        if basis != "flat":
            basis, j = self.basis_qualifier(j, basis)
        return _Core(i, j, None if ceiling else lo, hi, unit, basis, per, ceiling)

    def basis(self, j: int) -> tuple[str, int]:
        if self.sym(j, "/") or self.word(j, "per"):
            k = j + 1
            if self.word(k, "kg", "m2", "m²"):
                return _BASIS_UNITS[self.toks[k].text], k + 1
            if self.word(k, "m") and self.sym(k + 1, "^") and self.num(k + 2) and self.toks[k + 2].text == "2":
                return "body_surface_area", k + 3
        return "flat", j

    def basis_qualifier(self, j: int, basis: str) -> tuple[str, int]:
        k = j + 1 if self.word(j, "of") else j
        if self.word(k, "ideal") and self.word(k + 1, "body") and self.word(k + 2, "weight"):
            return "ideal_body_weight", k + 3
        if self.word(k, "ibw"):
            return "ideal_body_weight", k + 1
        if self.word(k, "actual") and self.word(k + 1, "body") and self.word(k + 2, "weight"):
            return basis, k + 3
        if self.word(k, "body") and self.word(k + 1, "weight"):
            return basis, k + 2
        return basis, j

    def period(self, j: int) -> tuple[str | None, int]:
        if (
            (self.sym(j, "/") or self.word(j, "per", "a", "each"))
            and self.word(j + 1)
            and self.toks[j + 1].text in _PERIODS
        ):
            return _PERIODS[self.toks[j + 1].text], j + 2
        if self.word(j, "daily") and not self._times_before(j):
            return "day", j + 1
        if self.word(j, "weekly"):
            return "week", j + 1
        return None, j

    def _times_before(self, j: int) -> bool:
        return self.word(j - 1, *_TIMES) or self.word(j - 1, "times")

    # ------------------------------------------------------------ modifiers

    def time_span(self, i: int) -> tuple[Decimal, Decimal, bool, str, int] | None:
        """quantity ["consecutive"] time-unit -> (lo, hi, consecutive, unit, next index)."""
        q = self.quantity(i)
        if q is None:
            c = self.count_at(i)
            if c is None:
                return None
            q = (Decimal(c[0]), Decimal(c[0]), c[1])
        lo, hi, j = q
        consecutive = self.word(j, "consecutive")
        if consecutive:
            j += 1
        if self.word(j) and self.toks[j].text in _TIME_UNITS:
            return lo, hi, consecutive, _TIME_UNITS[self.toks[j].text], j + 1
        return None

    def modifiers(self, lo: int, hi: int, dose: Dose) -> Dose:
        """Apply every modifier found in tokens [lo, hi) to the dose."""
        changes: dict = {}
        over_days = False
        consecutive_no_period = None
        i = lo
        while i < hi:
            t = self.toks[i]
            nxt = i + 1
            if t.kind == "word":
                if t.text in ROUTE_WORDS and "route" not in changes:
                    changes["route"] = ROUTE_WORDS[t.text]
                elif t.text == "by" and self.word(i + 1, "mouth") and "route" not in changes:
                    changes["route"], nxt = "oral", i + 2
                elif t.text in _TIMES and self.word(i + 1, "daily", "a", "per", "each"):
                    changes["times_per_day"] = _TIMES[t.text]
                elif t.text == "times" and i > lo and self.count_at(i - 1) and self.word(i + 1, "daily", "a", "per"):
                    changes["times_per_day"] = self.count_at(i - 1)[0]
                elif t.text == "single" and self.word(i + 1, "daily") and self.word(i + 2, "dose"):
                    changes["times_per_day"], nxt = 1, i + 3
                elif t.text == "every":
                    if self.word(i + 1, "other") and self.word(i + 2, "day"):
                        changes["interval"], nxt = (Decimal(2), "day"), i + 3
                    else:
                        span = self.time_span(i + 1)
                        if span:
                            changes["interval"], nxt = (span[0], span[3]), span[4]
                        elif self.word(i + 1) and self.toks[i + 1].text in _TIME_UNITS:
                            changes["interval"], nxt = (Decimal(1), _TIME_UNITS[self.toks[i + 1].text]), i + 2
                elif t.text in ("for", "over"):
                    k = i + 1
                    at_least = self.word(k, "at") and self.word(k + 1, "least")
                    if at_least:
                        k += 2
                    span = self.time_span(k)
                    if span:
                        s_lo, s_hi, consecutive, unit, nxt = span
                        changes["duration"] = (s_lo, None if at_least else s_hi, unit)
                        over_days = t.text == "over" and unit in ("day", "week")
                        if consecutive and unit == "day" and t.text == "for":
                            consecutive_no_period = (int(s_lo), int(s_hi))
                elif t.text in ("doses", "dose", "infusions", "injections") and i > lo and self.count_at(i - 1):
                    n = self.count_at(i - 1)[0]
                    changes["doses"] = (n, n)
                elif t.text in _DESCRIPTOR_LEVELS and self.sym(i + 1, "-") and self.word(i + 2, "dose"):
                    changes["descriptor"], nxt = f"{t.text}-dose", i + 3
                elif t.text == "pulse":
                    changes["descriptor"] = "pulse"
                elif t.text == "initially" or (t.text in ("initial", "starting") and self.word(i + 1, "dose")):
                    changes["initial"] = True
            elif t.kind == "num" and self.sym(i + 1, "%") and self.sym(i - 1, "(") and self.sym(i + 2, ")"):
                changes["concentration"] = _number(t, self.line)
                nxt = i + 3
            elif t.kind == "num":
                span = self.time_span(i)
                if span and self.word(span[4], "apart"):
                    changes["interval"], nxt = (span[0], span[3]), span[4] + 1
            i = nxt
        dose = replace(dose, **changes)
        return _settle_period(dose, over_days, consecutive_no_period)

    # ------------------------------------------------------------ statement

    def is_maximum(self, core_start: int) -> bool:
        k = core_start - 1
        skipped = 0
        while k >= 0 and skipped < 4:
            if self.word(k, *_MAX_WORDS):
                return True
            if self.word(k, "exceeding", "exceed"):
                return True
            if self.word(k, "absolute", "dose", "of", "total") or self.sym(k, ":", "(", ","):
                k -= 1
                skipped += 1
                continue
            return False
        return False

    def is_near(self, core_start: int) -> bool:
        if self.word(core_start - 1, "to") and self.word(core_start - 2, "closer", "close", "nearer"):
            return True
        return self.word(core_start - 1, "toward", "towards", "nearer")

    def statement(self) -> list[Dose]:
        cores: list[_Core] = []
        maxima: list[tuple[int, _Core]] = []  # (index of the dose it bounds, core)
        i = 0
        while i < len(self.toks):
            core = self.amount(i)
            if core is None:
                i += 1
                continue
            if self.is_maximum(core.start):
                maxima.append((len(cores) - 1, core))
            else:
                cores.append(core)
            i = core.end
        doses: list[Dose] = []
        for k, core in enumerate(cores):
            first, last = self.toks[core.start], self.toks[core.end - 1]
            dose = Dose(
                line=self.line,
                amount_min=core.lo,
                amount_max=core.hi,
                unit=core.unit,
                basis=core.basis,
                per=core.per,
                ceiling=core.ceiling,
                span=(first.start, last.end),
                near=self.is_near(core.start),
            )
            prefix_lo = 0 if k == 0 else max(cores[k - 1].end, core.start - 4)
            region_hi = cores[k + 1].start - 4 if k + 1 < len(cores) else len(self.toks)
            region_hi = max(region_hi, core.end)
            dose = self.modifiers(prefix_lo, core.start, dose)
            dose = self.modifiers(core.end, region_hi, dose) if region_hi > core.end else dose
            if (
                core.end < len(self.toks)
                and self.word(core.end, "doses")
                and core.start > 0
                and self.count_at(core.start - 1)
            ):
                n = self.count_at(core.start - 1)[0]
                dose = _settle_period(replace(dose, doses=(n, n)), False, None)
            doses.append(dose)
        for target, core in maxima:
            bound = (core.hi, core.unit, core.per)
            if target >= 0:
                doses[target] = replace(doses[target], maximum=bound)
            else:
                doses.append(
                    Dose(
                        line=self.line,
                        amount_not_stated=True,
                        maximum=bound,
                        span=(self.toks[core.start].start, self.toks[core.end - 1].end),
                    )
                )
        if not doses:
            bare = self.modifiers(0, len(self.toks), Dose(line=self.line, amount_not_stated=True))
            if bare.has_schedule or bare.route is not None:
                doses.append(bare)
        return doses


def _settle_period(dose: Dose, over_days: bool, consecutive: tuple[int, int] | None) -> Dose:
    """Fill the period the wording implies when the amount itself carries none."""
    if dose.amount_not_stated:
        return dose
    if dose.per is not None:
        if dose.per == "day" and consecutive is not None and dose.doses is None:
            return replace(dose, doses=consecutive)
        return dose
    if dose.times_per_day is not None and dose.times_per_day >= 2:
        return replace(dose, per="dose")
    if dose.times_per_day == 1:
        return replace(dose, per="day")
    if over_days:
        return replace(dose, per="course")  # spread over days: the amount is the course total
    if dose.doses is not None or dose.descriptor == "pulse" or dose.interval is not None:
        return replace(dose, per="dose")
    if consecutive is not None:
        # "10-20 mg/kg for 1-5 consecutive days": one dose on each day, so the amount is per dose
        return replace(dose, per="dose", doses=consecutive, interval=(Decimal(1), "day"), duration=None)
    return dose


def parse_statement(text: str, line: int = 1) -> list[Dose]:
    """Every dose stated in one statement, in reading order; [] when it states none."""
    if not isinstance(text, str):
        raise ImporterError(line, "dose text must be a string")
    return _Parser(text, max(1, line)).statement()


def parse_dose(text: str, line: int = 1) -> Dose:
    """Exactly one dose with an amount, e.g. '15-20 mg/m2/week (maximum 40 mg/week)'."""
    doses = [d for d in parse_statement(text, line) if not d.amount_not_stated]
    if len(doses) != 1:
        found = "no amount with a unit (mg, g, mcg)" if not doses else f"{len(doses)} amounts"
        raise ImporterError(
            max(1, line), f"expected one dose such as '0.5-1 mg/kg/day'; found {found} in {text[:60]!r}"
        )
    return doses[0]


def routes_in(text: str) -> list[str]:
    """Routes named anywhere in a text (for a lead-in such as 'Oral prednisone:')."""
    found: list[str] = []
    for t in tokenize(text):
        if t.kind == "word" and t.text in ROUTE_WORDS and ROUTE_WORDS[t.text] not in found:
            found.append(ROUTE_WORDS[t.text])
    return found


def route_word_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of route words, so a caller can tell a route from part of a drug name."""
    return [(t.start, t.end) for t in tokenize(text) if t.kind == "word" and t.text in ROUTE_WORDS]
