"""One unit conversion for the whole package: UCUM codes from the graph, arithmetic by pint.

The graph names each amount's unit by its UCUM code (`qudt:ucumCode`: "mg", "g", "ug"...). Every
module that converts an amount (dose arithmetic in `dosing`, side-by-side comparison in `compare`)
asks this module, so a unit is understood the same way everywhere: a microgram maximum is applied by
`kg paths` exactly as it is compared by `kg compare`.

pint does the arithmetic (a maintained units library with SI prefixes and dimensional checks, so a
mass is never converted to a volume). UCUM and pint spell a few atoms differently; `_UCUM_ATOMS`
maps those, and only those. A code this module cannot read, or two codes of different dimensions,
give None: the caller then says the amounts were not compared, it never guesses.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pint costs ~0.2 CPU-s to import: loaded on first real conversion, not by `kg paths --help`
    import pint

# UCUM atoms whose pint spelling differs (or which pint lacks). Unit knowledge, not clinical knowledge.
# "mcg" is not UCUM but is how prescriptions write micrograms; "[iU]"/"[IU]" are international units,
# a dimension of their own (never convertible to a mass); "[arb'U]" (the article's plain "units") is
# another, not convertible to international units either; "{puff}", "{tbl}", "{drop}", "{capsule}", "{spray}",
# "{sachet}", "{patch}" are counts of a dose form, one dimension each.
_UCUM_ATOMS = {
    "ug": "microgram",
    "mcg": "microgram",
    "ng": "nanogram",
    "mg": "milligram",
    "g": "gram",
    "kg": "kilogram",
    "L": "liter",
    "l": "liter",
    "mL": "milliliter",
    "ml": "milliliter",
    "uL": "microliter",
    "m2": "meter ** 2",
    "m": "meter",
    "cm": "centimeter",
    "h": "hour",
    "min": "minute",
    "s": "second",
    "d": "day",
    "wk": "week",
    "mo": "month",
    "a": "year",
    "[iU]": "international_unit",
    "[IU]": "international_unit",
    "[arb'U]": "arbitrary_unit",
    "U": "enzyme_unit",
    # UCUM annotations are dimensionless (all equal to 1); a count of puffs is never a count of tablets,
    # so each dose form counted is a dimension of its own here.
    "{puff}": "puff",
    "{tbl}": "tablet",
    "{drop}": "counted_drop",
    "{capsule}": "capsule",
    "{spray}": "spray",
    "{sachet}": "sachet",
    "{patch}": "patch",
    "mmol": "millimole",
    "umol": "micromole",
    "mol": "mole",
}

# One UCUM atom: a bracketed atom or letters, with an optional integer exponent (m2 = m²).
_ATOM = re.compile(r"(\[[^\]]+\]|\{[a-z]+\}|[A-Za-z]+)(-?\d+)?")


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    """The package's one unit registry (built once; pint's registry is costly to build)."""
    import pint

    reg = pint.UnitRegistry()
    reg.define("international_unit = [international_unit]")
    reg.define("arbitrary_unit = [arbitrary_unit]")
    for form in ("puff", "tablet", "counted_drop", "capsule", "spray", "sachet", "patch"):
        reg.define(f"{form} = [{form}]")
    return reg


def _pint_expression(code: str) -> str | None:
    """A UCUM code as a pint expression ("mg/kg" -> "milligram / kilogram"), or None if not readable."""
    code = code.strip()
    if not code:
        return None
    parts = re.split(r"([./])", code)
    out = []
    for part in parts:
        if part == ".":
            out.append(" * ")
        elif part == "/":
            out.append(" / ")
        else:
            match = _ATOM.fullmatch(part)
            if match is None or match.group(1) not in _UCUM_ATOMS:
                return None
            atom = _UCUM_ATOMS[match.group(1)]
            out.append(f"({atom}) ** {match.group(2)}" if match.group(2) else f"({atom})")
    return "".join(out)


@lru_cache(maxsize=256)
def unit(code: str | None) -> pint.Unit | None:
    """The pint unit of a UCUM code, or None when the code is missing or not understood."""
    if not code:
        return None
    expression = _pint_expression(code)
    if expression is None:
        return None
    import pint

    try:
        return registry().parse_units(expression)
    except (pint.errors.PintError, AttributeError, TypeError, ValueError, SyntaxError):
        return None


def known(code: str | None) -> bool:
    """Whether `code` is a UCUM code this module can convert."""
    return unit(code) is not None


@lru_cache(maxsize=256)
def factor(from_code: str | None, to_code: str | None) -> float | None:
    """The number that turns an amount in `from_code` into `to_code`; None if either is unknown or the
    two are not of one dimension (a mass is never turned into a volume or into international units)."""
    if from_code and from_code == to_code and _pint_expression(from_code) is not None and _is_common(from_code):
        return 1.0  # the same code of a common unit: no need to load pint for a conversion by one
    source, target = unit(from_code), unit(to_code)
    if source is None or target is None:
        return None
    if source == target:
        return 1.0
    import pint

    try:
        value = registry().Quantity(1.0, source).to(target).magnitude
    except pint.errors.DimensionalityError:
        return None
    return _tidy(float(value))


def _is_common(code: str) -> bool:
    """A code made only of atoms this module maps (so pint would read it): mg, mg/kg, ug/m2/d..."""
    return all(_ATOM.fullmatch(part) and _ATOM.fullmatch(part).group(1) in _UCUM_ATOMS
               for part in re.split(r"[./]", code.strip()))


def convert(amount: float, from_code: str | None, to_code: str | None) -> float | None:
    """`amount` in `from_code` expressed in `to_code`, or None when the units are not comparable."""
    f = factor(from_code, to_code)
    return None if f is None else _tidy(amount * f)


def same_dimension(a: str | None, b: str | None) -> bool:
    """Whether amounts in the two codes can be compared at all."""
    return factor(a, b) is not None


def _tidy(x: float) -> float:
    """Round away binary noise from decimal prefixes (0.001 * 1000 = 1.0000000000000002 -> 1.0)."""
    if x == 0 or not math.isfinite(x):
        return x
    return float(f"{x:.12g}")
