"""The bounds of a drafted patient band, for the graph's kgv:PatientBand: '10-20 kg' is body weight from 10 to 20 kg
(both in), 'under 12 years' an age below 12, 'CrCl 26-50 mL/min' a creatinine clearance from 26 to 50 mL/min.

The band text is the dose grammar's (kg.importer.dose_grammar, kg.importer.function_bands); this module only reads
back the numbers it printed. A band whose bounds cannot be read without guessing (two measures in one part, ages in
two units, a bound with no unit beside an age or weight, a gestation) gives None: the draft keeps it as the dose's
schedule note only, so no bound, unit or measure is ever supplied that the article did not print.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .function_bands import function_measure_of


@dataclass(frozen=True)
class BandBounds:
    measure: str  # local name of the kgv:Measure ("BodyWeight", "Age", "CreatinineClearance")
    low: Decimal | None
    low_inclusive: bool | None
    high: Decimal | None
    high_inclusive: bool | None
    unit: str | None  # as printed ("kg", "years", "mL/min"); None when the article prints none


_NUMBER = r"\d+(?:\.\d+)?"
_AGE_UNITS = {"year": "years", "years": "years", "month": "months", "months": "months", "week": "weeks",
              "weeks": "weeks", "day": "days", "days": "days"}
# bound words the grammar writes before a number -> (which end, inclusive)
_PREFIX = {"under": ("high", False), "below": ("high", False), "less than": ("high", False), "<": ("high", False),
           "up to": ("high", True), "<=": ("high", True),
           "over": ("low", False), "above": ("low", False), "more than": ("low", False), ">": ("low", False),
           "at least": ("low", True), ">=": ("low", True)}
# ... and after the unit ('35 kg and over', '27 kg or less')
_SUFFIX = {"and over": ("low", True), "or over": ("low", True), "and above": ("low", True), "or above": ("low", True),
           "and older": ("low", True), "or older": ("low", True), "or more": ("low", True), "and more": ("low", True),
           "and under": ("high", True), "or under": ("high", True), "and below": ("high", True),
           "or below": ("high", True), "or less": ("high", True), "and less": ("high", True),
           "and younger": ("high", True), "or younger": ("high", True)}
_PLAIN = re.compile(
    rf"^(?P<prefix>under|below|less than|up to|over|above|more than|at least|<=|>=|<|>)?\s*(?P<lo>{_NUMBER})"
    rf"(?:\s*-\s*(?P<hi>{_NUMBER}))?(?:\s+(?P<unit>[a-zA-Z]+(?:/[a-zA-Z]+)*(?:/{_NUMBER} m2)?))?"
    rf"(?:\s+(?P<suffix>(?:and|or) (?:over|above|older|more|under|below|less|younger)))?$"
)


def _measure_of_unit(unit: str | None) -> tuple[str, str] | None:
    if unit == "kg":
        return "BodyWeight", "kg"
    if unit in _AGE_UNITS:
        return "Age", _AGE_UNITS[unit]
    return None


def band_bounds(band: str) -> BandBounds | None:
    """The measure and bounds of one drafted band, or None when they cannot be read without guessing."""
    text = " ".join(band.split())
    function = function_measure_of(text)
    if function is not None:
        text = text[len(function.name) + 1 :]
    if "," in text or "(" in text:
        return None  # two measures, or an age counted from conception ('<30 weeks (gestational age)')
    m = _PLAIN.match(text)
    if m is None:
        return None
    unit = m.group("unit")
    if function is not None:
        if unit is not None and not unit.startswith("mL/min") and unit != function.unit:
            return None
        measure, unit_name = function.term, unit
    else:
        found = _measure_of_unit(unit)
        if found is None:
            return None  # 'over 12' (no unit printed) or a unit no measure of the vocabulary is counted in
        measure, unit_name = found
    lo, hi = Decimal(m.group("lo")), m.group("hi")
    prefix, suffix = m.group("prefix"), m.group("suffix")
    if hi is not None:
        if prefix or suffix or Decimal(hi) < lo:
            return None
        return BandBounds(measure, lo, True, Decimal(hi), True, unit_name)
    if prefix and suffix:
        return None
    said = _PREFIX.get(prefix) if prefix else _SUFFIX.get(suffix) if suffix else None
    if said is None:
        return None  # a single number with no bound is not a band ('12 years')
    end, inclusive = said
    if end == "low":
        return BandBounds(measure, lo, inclusive, None, None, unit_name)
    return BandBounds(measure, None, None, lo, inclusive, unit_name)
