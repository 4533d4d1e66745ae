"""One dose schedule, read once from the graph's properties: the typed model every dose view derives from.

A kgv:DoseSchedule (or kgv:DoseCeiling) is read into one frozen `Dose`: numbers as floats, what it points at
as `Named` (IRI and label by the one label policy), and its units' UCUM codes where the reader has them. The
views of a dose are built from it and never from the raw properties:

- `kg.questions.dose_text.DoseFacts.of(dose)`: the wording (`describe`), for trace, compare, paths, the views, exports;
- `kg.questions.dosing.Schedule.of(dose)`: the arithmetic for a patient (`compute`);
- `kg.questions.compare.RecordedDose.of(dose, ...)`: the side-by-side comparison in one mass unit.

Units are converted by `kg.vocab.units` (UCUM codes on pint) only, through `Dose.max_factor`: a maximum in
micrograms is applied to a milligram dose by `kg paths` exactly as `kg compare` compares it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..vocab import units
from ..vocab.namespaces import KGV

PERIOD_NOT_STATED = str(KGV.PeriodNotStated)
BASIS_FLAT = str(KGV.BasisFlat)


@dataclass(frozen=True)
class Named:
    """Something a dose points at (unit, basis, period, route...): its IRI and its label."""

    iri: str
    label: str


@dataclass(frozen=True)
class DoseNames:
    """How a reader names what a dose points at: a label for any IRI (the one label policy), and where the
    reader has them, a unit's UCUM code and a time unit's length in days (None when it does not)."""

    label: Callable[[Any], str]
    ucum_code: Callable[[Any], str | None] = lambda _node: None
    days: Callable[[Any], float | None] = lambda _node: None


@dataclass(frozen=True)
class Dose:
    """One kgv:DoseSchedule as the graph records it. Absent fields are None (or False for flags): nothing
    is filled in."""

    iri: str | None
    amount_min: float | None = None
    amount_max: float | None = None
    unit: Named | None = None
    unit_code: str | None = None  # UCUM
    basis: Named | None = None
    per: Named | None = None
    route: Named | None = None
    preferred_route: Named | None = None
    times_per_day: float | None = None
    interval: float | None = None
    interval_unit: Named | None = None
    interval_unit_days: float | None = None
    doses_min: float | None = None
    doses_max: float | None = None
    duration_min: float | None = None
    duration_max: float | None = None
    duration_unit: Named | None = None
    duration_anchor: str | None = None
    max_amount: float | None = None
    max_unit: Named | None = None
    max_unit_code: str | None = None  # UCUM
    max_per: Named | None = None
    max_basis: Named | None = None  # kgv:maxBasis: the maximum scales with the patient ("20 mg/kg per day")
    no_maximum_stated: bool = False
    concentration_percent: float | None = None
    amount_not_stated: bool = False
    descriptor: str | None = None
    initial_only: bool = False
    note: str | None = None
    ceiling: bool = False  # a kgv:DoseCeiling: a maximum, not a schedule to give

    @property
    def flat(self) -> bool:
        """A flat amount (no basis, or kgv:BasisFlat): nothing to scale by."""
        return self.basis is None or self.basis.iri == BASIS_FLAT

    @property
    def basis_scaling(self) -> str | None:
        """The basis IRI when the amount scales with the patient; None for a flat amount or none stated."""
        return None if self.flat else self.basis.iri

    @property
    def max_basis_scaling(self) -> str | None:
        """The maximum's basis IRI when it scales with the patient; None for an absolute maximum."""
        return None if self.max_basis is None or self.max_basis.iri == BASIS_FLAT else self.max_basis.iri

    @property
    def period_not_stated(self) -> bool:
        return self.per is not None and self.per.iri == PERIOD_NOT_STATED

    @property
    def interval_days(self) -> float | None:
        """One dose every this many days, when the interval and its unit's length are recorded."""
        if self.interval is None or self.interval_unit_days is None:
            return None
        return self.interval * self.interval_unit_days

    def max_factor(self) -> float | None:
        """The number turning the maximum's unit into the amount's (kg.vocab.units); None when not comparable."""
        if self.max_unit_code == self.unit_code:
            return 1.0
        return units.factor(self.max_unit_code, self.unit_code)

    @classmethod
    def from_properties(cls, iri: Any, props: Mapping[str, Sequence[Any]], names: DoseNames,
                        types: Sequence[Any] = ()) -> Dose:
        """From a dose's values keyed by kgv local name ('amountMin', 'route'...; kg.questions.dose_text.kgv_properties
        turns full IRIs into these); where a property has several values, the smallest by text is read."""

        def one(key: str) -> Any:
            values = props.get(key) or []
            return sorted(values, key=str)[0] if values else None

        def num(key: str) -> float | None:
            value = one(key)
            return None if value is None else float(str(value))

        def flag(key: str) -> bool:
            value = one(key)
            return value is True or str(value).lower() == "true"

        def named(key: str) -> Named | None:
            value = one(key)
            return None if value is None else Named(str(value), names.label(value))

        def text(key: str) -> str | None:
            value = one(key)
            return None if value is None else str(value)

        unit, max_unit, interval_unit = one("amountUnit"), one("maxUnit"), one("intervalUnit")
        return cls(
            iri=None if iri is None else str(iri),
            amount_min=num("amountMin"),
            amount_max=num("amountMax"),
            unit=named("amountUnit"),
            unit_code=None if unit is None else names.ucum_code(unit),
            basis=named("basis"),
            per=named("per"),
            route=named("route"),
            preferred_route=named("preferredRoute"),
            times_per_day=num("timesPerDay"),
            interval=num("intervalValue"),
            interval_unit=named("intervalUnit"),
            interval_unit_days=None if interval_unit is None else names.days(interval_unit),
            doses_min=num("dosesMin"),
            doses_max=num("dosesMax"),
            duration_min=num("durationMin"),
            duration_max=num("durationMax"),
            duration_unit=named("durationUnit"),
            duration_anchor=text("durationAnchor"),
            max_amount=num("maxAmount"),
            max_unit=named("maxUnit"),
            max_unit_code=None if max_unit is None else names.ucum_code(max_unit),
            max_per=named("maxPer"),
            max_basis=named("maxBasis"),
            no_maximum_stated=flag("noMaximumStated"),
            concentration_percent=num("concentrationPercent"),
            amount_not_stated=flag("amountNotStated"),
            descriptor=text("doseDescriptor"),
            initial_only=flag("initialOnly"),
            note=text("scheduleNote"),
            ceiling=str(KGV.DoseCeiling) in {str(t) for t in types},
        )


def label_of(named: Named | None) -> str | None:
    return None if named is None else named.label


def iri_of(named: Named | None) -> str | None:
    return None if named is None else named.iri
