"""A dose schedule written out in words: one neutral form (DoseFacts) and one wording (describe).

Every view of a dose (evidence, comparison, treatment path, graph projection) reads the same graph
fields, so they all build a DoseFacts from what they hold and write it with `describe`. Absent fields
are said to be absent ("route not recorded", "maximum not recorded"), never filled in, and where the
graph records kgv:noMaximumStated the text says "no maximum stated".

The number and unit helpers here are the one way to write an as-recorded number, a range and a
counted unit ("15–20", "2 weeks", "every week").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ..vocab.namespaces import KGV
from .dose import Dose, DoseNames, label_of

DASH = "\u2013"


# ---------------------------------------------------------------- numbers and units


def number_text(x: Any, places: int | None = None) -> str:
    """A number as a person writes it: 15, 0.5, 0.00001 (no trailing zeros, no exponent).

    Recorded numbers are written exactly; `places` rounds computed ones (e.g. a rate after division).
    """
    if x is None:
        return "?"
    try:  # str() first: rdflib Literals are str subclasses that still hold numbers ("0.50" -> 0.5)
        d = Decimal(str(x))
    except InvalidOperation:
        return str(x)
    if not d.is_finite():
        return str(x)
    if places is not None:
        d = round(d, places)
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f")


def range_text(low: Any, high: Any, places: int | None = None) -> str:
    """'15–20', or '15' when both ends agree, or 'up to 20' when only the upper end is known."""
    if low is None:
        return f"up to {number_text(high, places)}"
    if high is None or number_text(low, places) == number_text(high, places):
        return number_text(low, places)
    return f"{number_text(low, places)}{DASH}{number_text(high, places)}"


def plural(unit: str, count: Any) -> str:
    """'week' counted: 1 week, 2 weeks (labels already ending in s are left alone)."""
    if not unit or number_text(count) == "1" or unit.endswith("s"):
        return unit
    return unit + "s"


def quantity_text(low: Any, high: Any, unit: str | None) -> str:
    """A counted span: '2–4 weeks', 'at least 2 weeks', 'up to 4 weeks', '3 days'; '' when no number."""
    if low is None and high is None:
        return ""
    unit = unit or "(unit not recorded)"
    if high is None:
        return f"at least {number_text(low)} {plural(unit, low)}"
    return f"{range_text(low, high)} {plural(unit, high)}"


# ---------------------------------------------------------------- the neutral form


@dataclass(frozen=True)
class DoseFacts:
    """The fields of one kgv:DoseSchedule, with display labels in place of IRIs."""

    amount_min: float | None = None
    amount_max: float | None = None
    unit: str | None = None
    basis: str | None = None  # None for a flat amount
    period: str | None = None
    period_not_stated: bool = False
    route: str | None = None
    preferred_route: str | None = None
    times_per_day: float | None = None
    interval: float | None = None
    interval_unit: str | None = None
    doses_min: float | None = None
    doses_max: float | None = None
    duration_min: float | None = None
    duration_max: float | None = None
    duration_unit: str | None = None
    max_amount: float | None = None
    max_unit: str | None = None
    max_per: str | None = None
    max_basis: str | None = None  # label of kgv:maxBasis when the maximum scales ("per kg body weight")
    no_maximum_stated: bool = False
    concentration_percent: float | None = None
    amount_not_stated: bool = False
    descriptor: str | None = None
    initial_only: bool = False
    note: str | None = None

    @classmethod
    def of(cls, d: Dose) -> DoseFacts:
        """The wording's fields of one dose (kg.questions.dose.Dose): labels in place of IRIs."""
        return cls(
            amount_min=d.amount_min,
            amount_max=d.amount_max,
            unit=label_of(d.unit),
            basis=None if d.flat else label_of(d.basis),
            period=None if d.per is None or d.period_not_stated else d.per.label,
            period_not_stated=d.period_not_stated,
            route=label_of(d.route),
            preferred_route=label_of(d.preferred_route),
            times_per_day=d.times_per_day,
            interval=d.interval,
            interval_unit=label_of(d.interval_unit),
            doses_min=d.doses_min,
            doses_max=d.doses_max,
            duration_min=d.duration_min,
            duration_max=d.duration_max,
            duration_unit=label_of(d.duration_unit),
            max_amount=d.max_amount,
            max_unit=label_of(d.max_unit),
            max_per=label_of(d.max_per),
            max_basis=None if d.max_basis_scaling is None else label_of(d.max_basis),
            no_maximum_stated=d.no_maximum_stated,
            concentration_percent=d.concentration_percent,
            amount_not_stated=d.amount_not_stated,
            descriptor=d.descriptor,
            initial_only=d.initial_only,
            note=d.note,
        )

    @classmethod
    def from_properties(cls, props: Mapping[str, list], label: Callable[[Any], str]) -> DoseFacts:
        """From a dose's values keyed by kgv local name ('amountMin', 'route', ...); `label` names an IRI.
        Read through the one dose model (kg.questions.dose.Dose)."""
        return cls.of(Dose.from_properties(None, props, DoseNames(label)))


def kgv_properties(props: Mapping[Any, list]) -> dict[str, list]:
    """Values keyed by full predicate IRI -> keyed by kgv local name (other predicates dropped)."""
    ns = str(KGV)
    return {str(p)[len(ns):]: list(v) for p, v in props.items() if str(p).startswith(ns)}


# ---------------------------------------------------------------- wording


def amount_text(f: DoseFacts) -> str:
    """'15–20 mg per m² body surface area per week', 'at most 10 mg per day' or 'amount not stated'."""
    if f.amount_not_stated or (f.amount_min is None and f.amount_max is None):
        return "amount not stated"
    if f.amount_min is None:
        amount = f"at most {number_text(f.amount_max)}"
    else:
        amount = range_text(f.amount_min, f.amount_max if f.amount_max is not None else f.amount_min)
    words = [amount, f.unit or "", f.basis or "", f"per {f.period}" if f.period else ""]
    return " ".join(w for w in words if w)


def route_text(f: DoseFacts) -> str:
    """'0.1% topical', 'route not stated (subcutaneous preferred)' or 'route not recorded'."""
    route = f.route or "route not recorded"
    if f.preferred_route:
        route += f" ({f.preferred_route} preferred)"
    if f.concentration_percent is not None:
        route = f"{number_text(f.concentration_percent)}% {route}"
    return route


def frequency_text(f: DoseFacts) -> str:
    """'twice a day', 'every 4 weeks', '2 doses', joined by commas; '' when none is recorded."""
    parts = []
    if f.times_per_day is not None:
        times = number_text(f.times_per_day)
        parts.append({"1": "once a day", "2": "twice a day"}.get(times, f"{times} times a day"))
    if f.interval is not None:
        every = quantity_text(f.interval, f.interval, f.interval_unit)
        parts.append(f"every {every.removeprefix('1 ')}")
    if f.doses_min is not None or f.doses_max is not None:
        count = range_text(f.doses_min, f.doses_max)
        parts.append(f"{count} {plural('dose', f.doses_max if f.doses_max is not None else f.doses_min)}")
    return ", ".join(parts)


def duration_text(f: DoseFacts) -> str:
    """'2–4 weeks', 'at least 2 weeks'; '' when no duration is recorded."""
    return quantity_text(f.duration_min, f.duration_max, f.duration_unit)


def maximum_text(f: DoseFacts) -> str:
    """'maximum 40 mg per week', 'no maximum stated' or 'maximum not recorded'."""
    if f.max_amount is not None:
        words = [f"maximum {number_text(f.max_amount)}", f.max_unit or f.unit or "", f.max_basis or "",
                 f"per {f.max_per}" if f.max_per else ""]
        return " ".join(w for w in words if w)
    return "no maximum stated" if f.no_maximum_stated else "maximum not recorded"


def describe(f: DoseFacts) -> str:
    """The whole schedule in one line, e.g. '15–20 mg per m² body surface area per week, route not stated
    (subcutaneous preferred), maximum 40 mg per week'."""
    parts = [amount_text(f)]
    if f.period_not_stated and not f.amount_not_stated:
        parts.append("period not stated")
    if f.descriptor:
        parts.append(f.descriptor)
    parts.append(route_text(f))
    parts.append(frequency_text(f))
    duration = duration_text(f)
    parts.append(f"for {duration}" if duration else "")
    if f.initial_only:
        parts.append("starting dose")
    parts.append(maximum_text(f))
    text = ", ".join(p for p in parts if p)
    if f.note:
        text += f" (schedule note: {f.note})"
    return text
