"""Bands of organ function a dose is given for: "CrCl 26-50 mL/min: 1 g IV every 12 hours", "if eGFR < 45",
"creatinine clearance 10 to 25 mL/min", "in severe renal impairment (CrCl < 15)".

A page doses by renal function as it doses by weight or age: a band of a measured value with its bound and unit. The
measures and their printed names are vocabulary (data/function_measures.txt, one kgv:Measure of graph/vocab each);
this module reads a band from the dose grammar's tokens: the measure's name, then its bound (a range, a comparison
sign or word, 'or more' / 'or less' after the number) and the unit if the page prints one. The band is drafted from
the numbers printed and nothing else: no unit is supplied where the page prints none, and a measure named with no
number ("reduce the dose in low creatinine clearance") is no band at all.
"""

from __future__ import annotations

import importlib.resources
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Protocol

from .route_forms import form_tokens


class _Tok(Protocol):
    kind: str
    text: str


@dataclass(frozen=True)
class FunctionMeasure:
    term: str  # local name of the kgv:Measure in graph/vocab ("CreatinineClearance")
    name: str  # the name the draft gives the band ("CrCl")
    unit: str  # the unit the measure is counted in ("mL/min")
    names: tuple[tuple[str, ...], ...]  # the names a page prints, as tokens, longest first


@lru_cache(maxsize=1)
def function_measures() -> tuple[FunctionMeasure, ...]:
    """The measures of data/function_measures.txt."""
    text = importlib.resources.files(__package__).joinpath("data", "function_measures.txt").read_text(encoding="utf-8")
    out = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = raw.split("\t")
        if len(fields) != 4 or not all(f.strip() for f in fields):
            raise ValueError(f"data/function_measures.txt line {number}: {line!r} is not 'term<TAB>name<TAB>unit<TAB>names'")
        term, name, unit, names = (f.strip() for f in fields)
        runs = sorted({form_tokens(n.strip()) for n in names.split(";") if n.strip()}, key=lambda r: -len(r))
        out.append(FunctionMeasure(term, name, unit, tuple(runs)))
    return tuple(out)


# Comparison words and signs before the number (English, not clinical vocabulary): the bound they make.
_BEFORE = (
    (("less", "than", "or", "equal", "to"), "<="),
    (("greater", "than", "or", "equal", "to"), ">="),
    (("more", "than", "or", "equal", "to"), ">="),
    (("no", "more", "than"), "<="),
    (("not", "more", "than"), "<="),
    (("no", "less", "than"), ">="),
    (("not", "less", "than"), ">="),
    (("less", "than"), "<"),
    (("lower", "than"), "<"),
    (("fewer", "than"), "<"),
    (("more", "than"), ">"),
    (("greater", "than"), ">"),
    (("higher", "than"), ">"),
    (("at", "least"), ">="),
    (("at", "most"), "<="),
    (("up", "to"), "<="),
    (("<", "="), "<="),
    ((">", "="), ">="),
    (("below",), "<"),
    (("under",), "<"),
    (("above",), ">"),
    (("over",), ">"),
    (("exceeding",), ">"),
    (("exceeds",), ">"),
    (("<",), "<"),
    (("≤",), "<="),
    ((">",), ">"),
    (("≥",), ">="),
)
# ... and after it ("30 mL/min or more", "15 or less"): the bound includes the number
_AFTER = (
    (("or", "less"), "<="), (("or", "below"), "<="), (("or", "lower"), "<="), (("or", "under"), "<="),
    (("and", "below"), "<="), (("and", "under"), "<="), (("or", "fewer"), "<="),
    (("or", "more"), ">="), (("or", "above"), ">="), (("or", "greater"), ">="), (("or", "higher"), ">="),
    (("or", "over"), ">="), (("and", "above"), ">="), (("and", "over"), ">="),
)
# words that may stand between the measure's name and its value ("CrCl of 30", "eGFR is below 30", "CrCl: 26-50")
_LINK = ("of", "is", "was", "are", "remains", "falls", "drops", ":", "=", "value", "values", "level", "levels",
         "between", "from")
_DASHES = ("-", "–", "—")
_RANGE_WORDS = ("to", "and")


def _run_at(toks: list[_Tok], i: int, run: tuple[str, ...]) -> bool:
    return i + len(run) <= len(toks) and all(toks[i + n].text == w for n, w in enumerate(run))


def _num(toks: list[_Tok], i: int) -> Decimal | None:
    if 0 <= i < len(toks) and toks[i].kind == "num":
        try:
            return Decimal(re.sub(r"[,\s\u00a0\u2009\u202f]", "", toks[i].text))
        except InvalidOperation:
            return None
    return None


def _plain(value: Decimal) -> str:
    d = value.normalize()
    return str(int(d)) if d == d.to_integral_value() else format(d, "f")


def _unit_at(toks: list[_Tok], i: int, measure: FunctionMeasure | None = None) -> tuple[str, int] | None:
    """('mL/min' or 'mL/min/1.73 m2', index after) for the unit printed at i ('ml/min', 'mL/minute',
    'mL/min/1.73 m²', 'mL/min per 1.73m2'), or None. A measure counted in another unit (a laboratory value,
    'corrected calcium' in mmol/L) is read in its own unit as data/function_measures.txt writes it, and no other."""
    if measure is not None and not measure.unit.startswith("mL/min"):
        run = form_tokens(measure.unit)
        if _run_at(toks, i, run):
            return measure.unit, i + len(run)
        return None
    if not (_run_at(toks, i, ("ml", "/")) and i + 2 < len(toks) and toks[i + 2].text in ("min", "minute", "mins")):
        return None
    j = i + 3
    if (j < len(toks) and toks[j].text in ("/", "per")) and _num(toks, j + 1) is not None and j + 2 < len(toks) \
            and toks[j + 2].text in ("m2", "m²", "m"):
        area = _plain(_num(toks, j + 1))
        j += 3
        if toks[j - 1].text == "m" and j < len(toks) and toks[j].text in ("2", "²"):
            j += 1
        return f"mL/min/{area} m2", j
    return "mL/min", j


def _bound_before(toks: list[_Tok], i: int) -> tuple[str, int]:
    for run, bound in _BEFORE:
        if _run_at(toks, i, run):
            return bound, i + len(run)
    return "", i


def _bound_after(toks: list[_Tok], i: int) -> tuple[str, int]:
    for run, bound in _AFTER:
        if _run_at(toks, i, run):
            return bound, i + len(run)
    return "", i


@lru_cache(maxsize=8192)
def _measures_named_from(word: str) -> tuple[tuple[FunctionMeasure, tuple[tuple[str, ...], ...]], ...]:
    """The measures with a name whose first token is `word`, in function_measures()'s order, each with those names in
    its own order: all a band starting at that word can be (band_at looks up no other measure)."""
    out = []
    for measure in function_measures():
        runs = tuple(r for r in measure.names if r and r[0] == word)
        if runs:
            out.append((measure, runs))
    return tuple(out)


@lru_cache(maxsize=1)
def _before_by_last_word() -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """_BEFORE's comparison words grouped by their last token, each group in _BEFORE's order."""
    out: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for run, bound in _BEFORE:
        out.setdefault(run[-1], []).append((run, bound))
    return {word: tuple(runs) for word, runs in out.items()}


def band_at(toks: list[_Tok], i: int, given: str = "") -> tuple[int, str, str] | None:
    """(index after, band text, measure term) when a function band starts at token i with the measure's name, else
    None. The band is written as the measure's name, its bound and the unit as printed ('CrCl 26-50 mL/min',
    'eGFR <30 mL/min/1.73 m2', 'CrCl <15' when no unit is printed). `given` is a bound printed before the name
    ('below a CrCl of 30'); the name must then be followed by the number alone."""
    if i >= len(toks):
        return None
    for measure, runs in _measures_named_from(toks[i].text):
        run = next((r for r in runs if _run_at(toks, i, r)), None)
        if run is None:
            continue
        j = i + len(run)
        # 'creatinine clearance (CrCl) below 30': the abbreviation in brackets after the full name
        if j + 2 < len(toks) and toks[j].text == "(" and toks[j + 2].text == ")" and any(
                (toks[j + 1].text,) in m.names for m in function_measures()):
            j += 3
        # 'Creatinine clearance (mL/min)' / 'eGFR (mL/min/1.73m2)' over a column of bare numbers: the unit printed in
        # brackets after the name is the unit of the value after it (a table's column name read into each row)
        named_unit = None
        if j < len(toks) and toks[j].text == "(":
            inner = _unit_at(toks, j + 1, measure)
            if inner is not None and inner[1] < len(toks) and toks[inner[1]].text == ")":
                named_unit, j = inner[0], inner[1] + 1
                if j < len(toks) and toks[j].text == ":":
                    j += 1
        between = False
        for _ in range(3):
            if j < len(toks) and toks[j].text in _LINK:
                between = between or toks[j].text == "between"
                j += 1
        bound, j = _bound_before(toks, j)
        if given:
            if bound or between:
                return None
            bound = given
        lo = _num(toks, j)
        if lo is None:
            return None
        j += 1
        unit = None
        found = _unit_at(toks, j, measure)
        if found is not None:
            unit, j = found
        hi = None
        if not bound and j < len(toks) and (toks[j].text in _DASHES or toks[j].text in _RANGE_WORDS) and (
                toks[j].text != "and" or between):
            hi = _num(toks, j + 1)
            if hi is not None and hi > lo:
                j += 2
                found = _unit_at(toks, j, measure)
                if found is not None:
                    unit, j = found
            else:
                hi = None
        if between and hi is None:
            return None  # 'between 30' with no second number: not a band the page states
        if not bound and hi is None:
            bound, j = _bound_after(toks, j)
            if unit is None:
                found = _unit_at(toks, j, measure)
                if found is not None:
                    unit, j = found
        if not bound and hi is None:
            return None  # 'a CrCl of 30 mL/min' with no bound or range states no band (the caller looks before it)
        unit = unit or named_unit
        value = f"{_plain(lo)}-{_plain(hi)}" if hi is not None else f"{bound}{_plain(lo)}"
        text = f"{measure.name} {value}" + (f" {unit}" if unit else "")
        return j, text, measure.term
    return None


def _bound_ending_at(toks: list[_Tok], i: int) -> tuple[str, int] | None:
    """(bound, first token) of the comparison words ending just before token i, past an article ('below a
    creatinine clearance of 30 mL/min', 'under an eGFR of 30'), or None."""
    k = i - 1
    if k >= 0 and toks[k].text in ("a", "an", "the"):
        k -= 1
    if k < 0:
        return None
    for run, bound in _before_by_last_word().get(toks[k].text, ()):
        start = k - len(run) + 1
        if start >= 0 and _run_at(toks, start, run):
            return bound, start
    return None


def _unnamed_band_at(toks: list[_Tok], i: int) -> tuple[int, str, str] | None:
    """A row label that is a value in a laboratory measure's unit with no measure named ('Up to 3.0 mmol/L   15-30 mg',
    '3.0-3.5 mmol/L   30-60 mg' under a lead-in that names the measure once), right before the row's amount: the
    band as printed, its bound, numbers and unit, with no measure (the page names none on the row; the draft flags it
    for the curator and never supplies one). Only the units of data/function_measures.txt's laboratory measures count,
    so a weight, an age or a dose is never read so."""
    for measure in function_measures():
        if measure.unit.startswith("mL/min"):
            continue
        bound, j = _bound_before(toks, i)
        lo = _num(toks, j)
        if lo is None:
            continue
        j += 1
        hi = None
        if not bound and j < len(toks) and toks[j].text in _DASHES:
            hi = _num(toks, j + 1)
            if hi is None or hi <= lo:
                continue
            j += 2
        found = _unit_at(toks, j, measure)
        if found is None:
            continue
        unit, j = found
        if not bound and hi is None:
            bound, j = _bound_after(toks, j)
            if not bound:
                continue
        if j >= len(toks) or toks[j].kind != "num":
            continue  # a label right before the row's amount, nothing else ('4 mmol/L of potassium' is no band)
        value = f"{_plain(lo)}-{_plain(hi)}" if hi is not None else f"{bound}{_plain(lo)}"
        return j, f"{value} {unit}", measure.term
    return None


def is_unnamed_band(band: str) -> bool:
    """Whether a drafted band is a laboratory value printed with no measure named ('3-3.5 mmol/L')."""
    return any(band.endswith(f" {m.unit}") and not band.startswith(f"{m.name} ") for m in function_measures()
               if not m.unit.startswith("mL/min"))


def function_bands(toks: list[_Tok]) -> list[tuple[int, int, str]]:
    """(start token, end token, text) of every organ-function band the tokens state, in order."""
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(toks):
        found = band_at(toks, i) if toks[i].kind == "word" else None
        if found is None and (i == 0 or toks[i - 1].text == ";"):
            found = _unnamed_band_at(toks, i)
            # 'Serum calcium 3.0-3.5 mmol/L   30-60 mg': a value named by words no measure of the data file has; the
            # words are kept as printed before it, and the band is flagged as one naming no measure the draft models
            k = i
            while found is None and k < i + 4 and k < len(toks) and toks[k].kind == "word" and not any(
                    _run_at(toks, k, run) for run, _ in _BEFORE):
                k += 1
                found = _unnamed_band_at(toks, k)
                if found is not None:
                    found = (found[0], " ".join(t.text for t in toks[i:k]) + " " + found[1], found[2])
        start = i
        if found is None and toks[i].kind == "word":
            # the bound printed before the measure's name: 'below a creatinine clearance of 30 mL/min'
            before = _bound_ending_at(toks, i)
            if before is not None:
                found = band_at(toks, i, given=before[0])
                start = before[1]
        if found is None:
            i += 1
            continue
        end, text, _term = found
        out.append((start, end, text))
        i = end
    return out


def is_function_band(band: str) -> bool:
    """Whether a drafted band is an organ-function band ('CrCl 26-50 mL/min')."""
    return any(band.startswith(f"{m.name} ") for m in function_measures())


def function_measure_of(band: str) -> FunctionMeasure | None:
    """The measure a drafted organ-function band is stated in, or None for a weight or age band."""
    return next((m for m in function_measures() if band.startswith(f"{m.name} ")), None)
