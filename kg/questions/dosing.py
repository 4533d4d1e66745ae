"""Dose arithmetic: patient measures, the formulas the graph names, and a dose computed for a patient.

Generic and drug-agnostic: a dose schedule says what its amount is scaled by (kgv:basis ->
kgv:scaledBy a kgv:Measure); a derived measure names its kgv:Formula and the measures that formula
kgv:needs. This module only knows how to compute each formula IRI and how to multiply, cap and round.

- Mosteller (kgv:FormulaMosteller): BSA m² = sqrt(height cm × weight kg / 3600).
- Devine (kgv:FormulaDevine): IBW kg = 50 (male) or 45.5 (female) + 2.3 × (height cm / 2.54 − 60).
  The formula is defined from 5 ft (60 in) up; below that it is still computed and a warning says so.

A maximum is applied only when the schedule states one whose period is the dose's period; otherwise
the result says why it was not applied, or that no maximum is stated. Computed amounts are rounded
to 1 decimal place (mg) or 2 (g, mL, mmol, units; 3 for L); the unrounded values stay in `formula` and `*_exact`.
A dose of any unit scales the same way (mL/kg x kg -> mL, units/kg/hour x kg -> units/hour): same unit,
same period; a maximum of another dimension (mg against mL) is "not comparable", never converted.
Nothing is assumed: without a needed measurement the result names what is missing and computes nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..vocab import units
from ..vocab.namespaces import KGV
from .dose import Dose, iri_of, label_of
from .dose_text import number_text, range_text

# Given measures: the patient's inputs, keyed by the graph's measure IRIs.
GIVEN_MEASURES = {str(KGV.BodyWeight): "weight_kg", str(KGV.Height): "height_cm", str(KGV.Sex): "sex"}

NO_PERIOD = "period not stated"  # the label of kgv:PeriodNotStated
INCH_CM = 2.54
DEVINE_BASE_KG = {"male": 50.0, "female": 45.5}
DEVINE_KG_PER_INCH = 2.3
DEVINE_FROM_INCHES = 60.0

# Decimal places per UCUM unit code. Converting a maximum to the dose's unit is kg.vocab.units' job.
# A volume, an amount of substance or units of activity computed per kg for a small child are small numbers
# (0.05 unit/kg/hour x 3 kg = 0.15 unit/hour): two places, so rounding never halves or doubles them.
ROUNDING = {"mg": 1, "g": 2, "mL": 2, "L": 3, "mmol": 2, "[iU]": 2, "[arb'U]": 2}


@dataclass
class Measures:
    """What is known of the patient's body; None where not given."""

    weight_kg: float | None = None
    height_cm: float | None = None
    sex: str | None = None

    def given(self, measure_iri: str):
        attr = GIVEN_MEASURES.get(measure_iri)
        return getattr(self, attr) if attr else None


@dataclass
class Derived:
    """A derived measure: its value, the formula written out with the inputs, and any warning."""

    measure: str
    value: float
    formula: str
    inputs: dict[str, float | str]
    warnings: list[str] = field(default_factory=list)


def mosteller_bsa(height_cm: float, weight_kg: float) -> Derived:
    value = math.sqrt(height_cm * weight_kg / 3600)
    return Derived(
        str(KGV.BodySurfaceArea), value,
        f"BSA (Mosteller) = sqrt({number_text(height_cm)} cm × {number_text(weight_kg)} kg / 3600) = {value:.4f} m²",
        {"height_cm": height_cm, "weight_kg": weight_kg},
    )


def devine_ibw(sex: str, height_cm: float) -> Derived:
    inches = height_cm / INCH_CM
    base = DEVINE_BASE_KG[sex]
    value = base + DEVINE_KG_PER_INCH * (inches - DEVINE_FROM_INCHES)
    warnings = []
    if inches < DEVINE_FROM_INCHES:
        warnings.append(
            f"Devine formula is defined from 60 in (152.4 cm); height {number_text(height_cm)} cm is below, "
            "so the ideal body weight is an extrapolation"
        )
    if value <= 0:
        warnings.append(f"Devine formula gives {value:.2f} kg for height {number_text(height_cm)} cm: not usable")
    return Derived(
        str(KGV.IdealBodyWeight), value,
        f"IBW (Devine, {sex}) = {number_text(base)} + 2.3 × ({number_text(height_cm)} cm / 2.54 − 60) = {number_text(base)} + 2.3 × "
        f"({inches:.4f} − 60) = {value:.4f} kg",
        {"sex": sex, "height_cm": height_cm},
        warnings,
    )


FORMULAS = {str(KGV.FormulaMosteller): ("height_cm", "weight_kg"), str(KGV.FormulaDevine): ("sex", "height_cm")}


def apply_formula(formula_iri: str, measures: Measures) -> Derived:
    if formula_iri == str(KGV.FormulaMosteller):
        return mosteller_bsa(measures.height_cm, measures.weight_kg)
    if formula_iri == str(KGV.FormulaDevine):
        return devine_ibw(measures.sex, measures.height_cm)
    raise ValueError(f"no arithmetic known for formula {formula_iri}")


def knows_formula(formula_iri: str) -> bool:
    return formula_iri in FORMULAS


@dataclass
class Scale:
    """How a schedule's amount scales: the measure and, if derived, its formula and needed inputs."""

    measure: str
    measure_label: str
    measure_unit: str
    formula: str | None = None
    formula_label: str | None = None
    needs: list[tuple[str, str]] = field(default_factory=list)  # (measure IRI, label)


@dataclass
class Schedule:
    """The numbers of a dose schedule that arithmetic needs (labels are for the formula text)."""

    amount_min: float | None
    amount_max: float | None
    unit_code: str | None
    unit_label: str | None
    per: str | None
    per_label: str | None
    max_amount: float | None = None
    max_unit_code: str | None = None
    max_per: str | None = None
    max_per_label: str | None = None
    no_maximum_stated: bool = False
    # kgv:maxBasis: the maximum scales with the patient ("max 20 mg/kg/day"); None = absolute
    max_basis: str | None = None
    max_basis_label: str | None = None
    basis: str | None = None  # the amount's own basis, to tell whether the maximum scales the same way

    @classmethod
    def of(cls, d: Dose) -> Schedule:
        """The numbers of one dose (kg.questions.dose.Dose) that arithmetic needs."""
        return cls(
            amount_min=d.amount_min, amount_max=d.amount_max, unit_code=d.unit_code, unit_label=label_of(d.unit),
            per=iri_of(d.per), per_label=label_of(d.per), max_amount=d.max_amount, max_unit_code=d.max_unit_code,
            max_per=iri_of(d.max_per), max_per_label=label_of(d.max_per), no_maximum_stated=d.no_maximum_stated,
            max_basis=d.max_basis_scaling, max_basis_label=label_of(d.max_basis), basis=d.basis_scaling,
        )


@dataclass(frozen=True, kw_only=True)
class Computed:
    """A dose computed for one patient. Fields are in the order a path's JSON writes them (`computed`)."""

    min: float | None
    max: float
    min_exact: float | None
    max_exact: float
    unit: str
    per: str | None
    capped: bool
    cap: str | None
    maximum: str
    uncapped: bool = False
    # What the schedule leaves open next to the number ("period not stated", curator flags); dosing
    # knows only the period, the path adds the curator's flags of the dose (dataclasses.replace).
    gaps: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    formula: str
    inputs: dict[str, float | str]
    rounding: str


@dataclass
class Outcome:
    """The result for one schedule: computed, or why not (missing measurements, nothing to scale)."""

    computed: Computed | None
    missing: list[str] = field(default_factory=list)
    note: str | None = None


def scale_value(scale: Scale, measures: Measures) -> tuple[Derived | None, list[str]]:
    """The patient's value of the measure a dose scales by, or the labels of missing measurements."""
    if scale.formula is None:
        value = measures.given(scale.measure)
        if value is None:
            return None, [scale.measure_label]
        return Derived(scale.measure, float(value), f"{scale.measure_label} = {number_text(value, 4)} {scale.measure_unit}",
                       {GIVEN_MEASURES.get(scale.measure, scale.measure_label): value}), []
    missing = [label for iri, label in scale.needs if measures.given(iri) is None]
    if missing:
        return None, missing
    if not knows_formula(scale.formula):
        return None, [f"arithmetic for formula {scale.formula_label or scale.formula}"]
    return apply_formula(scale.formula, measures), []


def compute(schedule: Schedule, scale: Scale | None, measures: Measures) -> Outcome:
    """Scale the amount by the patient's measure, apply a maximum of the same period, round."""
    if schedule.amount_max is None:
        return Outcome(None, note="amount not stated")
    if scale is None:
        return Outcome(None, note="fixed amount: nothing to compute")
    derived, missing = scale_value(scale, measures)
    if derived is None:
        return Outcome(None, missing=missing)
    warnings = list(derived.warnings)
    if derived.value <= 0:
        return Outcome(None, note=f"{scale.measure_label} is not positive: nothing computed")
    lo_exact = schedule.amount_min * derived.value if schedule.amount_min is not None else None
    hi_exact = schedule.amount_max * derived.value
    unit = schedule.unit_label or schedule.unit_code or ""
    # A schedule's gap stays next to every number it produces: "period not stated" is never dropped.
    if schedule.per_label == NO_PERIOD:
        per_text = f" ({NO_PERIOD})"
    else:
        per_text = f"/{schedule.per_label}" if schedule.per_label else ""
    amount_text = range_text(schedule.amount_min, schedule.amount_max)
    formula = (f"{derived.formula}; {amount_text} {unit} per {scale.measure_unit} × {number_text(derived.value, 4)} "
               f"{scale.measure_unit} = {range_text(lo_exact, hi_exact, 4)} {unit}{per_text}")
    lo, hi = lo_exact, hi_exact
    capped, cap, applied = False, None, False
    if schedule.max_amount is not None:
        factor = _convert(schedule.max_unit_code, schedule.unit_code)
        scaled_max = schedule.max_basis is not None
        if scaled_max and schedule.max_basis != schedule.basis:
            # a maximum per kg on a dose per m² (or the reverse) would need a second measure: say so, never guess
            factor = None
            maximum = (f"maximum {number_text(schedule.max_amount)} {schedule.max_unit_code} per "
                       f"{schedule.max_basis_label or 'unit of another basis'} not compared: it scales by another "
                       "measure than the dose")
        elif factor is None:
            # a maximum in mg against a dose in mL (or units, or puffs): another dimension, never converted
            maximum = (f"maximum {number_text(schedule.max_amount)} {_unit_words(schedule.max_unit_code)} not compared: "
                       f"not comparable with a dose in {_unit_words(schedule.unit_code, schedule.unit_label)} "
                       f"(unit differs from {schedule.unit_code})")
        elif schedule.max_per != schedule.per:
            maximum = (f"maximum {number_text(schedule.max_amount)} {schedule.max_unit_code}/{schedule.max_per_label} "
                       f"not applied: the dose is given per {schedule.per_label}")
        else:
            ceiling = schedule.max_amount * factor
            applied = True
            maximum = f"maximum {number_text(ceiling)} {unit}{per_text}"
            if scaled_max:
                # the same measure the amount scales by: maximum x measure, shown in the formula
                stated = f"{number_text(schedule.max_amount)} {schedule.max_unit_code} per {scale.measure_unit}"
                ceiling = ceiling * derived.value
                maximum = (f"maximum {stated} × {number_text(derived.value, 4)} {scale.measure_unit} = "
                           f"{number_text(ceiling)} {unit}{per_text}")
            if hi > ceiling:
                capped, hi = True, ceiling
                cap = f"capped at {number_text(ceiling)} {unit}{per_text}"
                if lo is not None and lo > ceiling:
                    lo = ceiling
                formula += f"; {cap} (stated maximum)"
    elif schedule.no_maximum_stated:
        maximum = "no maximum stated"
    else:
        maximum = "no maximum recorded"
    places = ROUNDING.get(schedule.unit_code or "", 1)
    uncapped = not applied  # no maximum of this dose's period and unit was compared with it
    if uncapped:
        shown = range_text(round(lo, places) if lo is not None else None, round(hi, places))
        warnings.append(f"uncapped dose: {shown} {unit}{per_text} for this patient is not checked against any "
                        f"maximum ({maximum})")
    return Outcome(Computed(
        min=round(lo, places) if lo is not None else None, max=round(hi, places),
        min_exact=lo_exact, max_exact=hi_exact, unit=unit, per=schedule.per_label,
        capped=capped, cap=cap, maximum=maximum, formula=formula, uncapped=uncapped,
        gaps=(NO_PERIOD,) if schedule.per_label == NO_PERIOD else (),
        inputs={**derived.inputs, **({scale.measure_label: round(derived.value, 4)} if scale.formula else {})},
        rounding=f"rounded to {places} decimal place{'s' if places != 1 else ''}", warnings=tuple(warnings),
    ))


def _unit_words(code: str | None, label: str | None = None) -> str:
    """A unit as a reader knows it: its label, with the UCUM code where the two differ ("unit ([arb'U])")."""
    if label and code and label != code:
        return f"{label} ({code})"
    return label or code or "no unit"


def _convert(from_code: str | None, to_code: str | None) -> float | None:
    """Factor turning an amount in `from_code` into `to_code` (kg.vocab.units); None if not comparable."""
    if from_code == to_code:
        return 1.0
    return units.factor(from_code, to_code)
