"""Patient bands: whether the band a dose is given for (kgv:forBand -> kgv:PatientBand) holds for one patient.

The graph states each band: its measure (kgv:bandMeasure: body weight, age, creatinine clearance, eGFR ...), its
bounds as printed (kgv:bandLow / kgv:bandHigh), whether a patient exactly on a bound is in it
(kgv:bandLowInclusive / kgv:bandHighInclusive) and the unit the bounds are printed in (kgv:bandUnit). This module
holds no band, bound or measure of its own: it compares the patient's measure with what the graph states.

Three answers, never a guess:
- "in": the patient's measure is within every bound, inclusive or not as the graph says;
- "outside": it is beyond a bound; the dose is not offered and the reason names the band and the patient's value;
- "not evaluated": the patient did not give the measure, the band prints no unit, the band's unit cannot be
  converted from the patient's (pint, through kg.vocab.units), or the band's measure is not one a patient option
  gives. The dose is shown with "band not evaluated: ..." and is never chosen silently. Creatinine clearance
  (mL/min) and eGFR (mL/min/1.73 m2) are different measures: one is never converted to the other, and the reason
  says so when the patient gave the other one.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..vocab import units
from ..vocab.namespaces import KGV
from .dose_text import number_text
from .path_model import BandCheck, Ref

# The measures a patient option gives: measure IRI -> (Patient attribute, the unit the option is typed in, the
# option). Units are the options' own (a CLI contract), not clinical knowledge; the bands come from the graph.
PATIENT_MEASURES: dict[str, tuple[str, str, str]] = {
    str(KGV.BodyWeight): ("weight_kg", "kg", "--weight"),
    str(KGV.Age): ("age", "years", "--age"),
    str(KGV.CreatinineClearance): ("crcl", "mL/min", "--crcl"),
    str(KGV.EstimatedGFR): ("egfr", "mL/min/1.73 m2", "--egfr"),
}
# Options that each give one measure of renal function; a band of one is never read from another.
RENAL_OPTIONS = ("crcl", "egfr")
# The UCUM code of a unit as bands print it (kg.importer.band_bounds writes these spellings), for conversion by pint.
_PRINTED_UNITS = {"kg": "kg", "years": "a", "months": "mo", "weeks": "wk", "days": "d", "mL/min": "mL/min"}


@dataclass(frozen=True)
class Band:
    """One kgv:PatientBand as the graph states it."""

    iri: str
    measure: Ref
    low: Decimal | None
    low_inclusive: bool | None
    high: Decimal | None
    high_inclusive: bool | None
    unit: str | None


def band_text(b: Band) -> str:
    """The band in words, from the graph's bounds: 'body weight under 50 kg', 'age at least 2 and under 12 years'."""
    parts = []
    if b.low is not None:
        parts.append(f"{'at least' if b.low_inclusive else 'over'} {number_text(b.low)}")
    if b.high is not None:
        parts.append(f"{'up to' if b.high_inclusive else 'under'} {number_text(b.high)}")
    unit = f" {b.unit}" if b.unit else " (no unit printed)"
    return f"{b.measure.label} {' and '.join(parts)}{unit}"


def _exact(x) -> Decimal:
    """A number as the decimal it was written as (a float's shortest repr), so a bound is met exactly."""
    return x if isinstance(x, Decimal) else Decimal(repr(float(x)))


def check_band(b: Band, given: dict[str, float | None]) -> BandCheck:
    """Whether the patient (`given`: Patient attribute -> value in its option's unit) is in band `b`."""
    text = band_text(b)

    def not_evaluated(why: str) -> BandCheck:
        return BandCheck(b.iri, b.measure, text, "not-evaluated", f"band not evaluated: {why}")

    option = PATIENT_MEASURES.get(b.measure.iri)
    if option is None:
        others = [PATIENT_MEASURES_BY_ATTR[a][2] for a in RENAL_OPTIONS if given.get(a) is not None]
        why = f"needs {b.measure.label}, which no patient option gives"
        if others:
            why += f" ({', '.join(others)} is a different measure and is not converted to it)"
        return not_evaluated(why)
    attr, patient_unit, flag = option
    value = given.get(attr)
    if value is None:
        why = f"needs {b.measure.label} ({flag})"
        if attr in RENAL_OPTIONS:
            others = [PATIENT_MEASURES_BY_ATTR[a][2] for a in RENAL_OPTIONS if a != attr and given.get(a) is not None]
            if others:
                why += (f"; the {', '.join(others)} given is a different measure of renal function and is never "
                        f"converted to {b.measure.label}")
        return not_evaluated(why)
    if not b.unit:
        return not_evaluated(f"the article prints no unit for the band's bounds (needs a curator's eye); "
                             f"the patient's {b.measure.label} is {number_text(value)} {patient_unit}")
    shown = f"{number_text(value)} {patient_unit}"
    if b.unit == patient_unit:
        in_band_unit = _exact(value)
    else:
        f = units.factor(_PRINTED_UNITS.get(patient_unit), _PRINTED_UNITS.get(b.unit))
        if f is None:
            return not_evaluated(f"the band is in {b.unit}, the patient's {b.measure.label} in {patient_unit}: "
                                 "not converted")
        converted = units.convert(value, _PRINTED_UNITS[patient_unit], _PRINTED_UNITS[b.unit])
        in_band_unit = _exact(converted)
        shown += f" = {number_text(converted)} {b.unit}"
    beyond = []
    if b.low is not None and in_band_unit < b.low:
        beyond.append(f"below the lower bound {number_text(b.low)}")
    elif b.low is not None and in_band_unit == b.low and not b.low_inclusive:
        beyond.append(f"exactly on the lower bound {number_text(b.low)}, which the band does not include")
    if b.high is not None and in_band_unit > b.high:
        beyond.append(f"above the upper bound {number_text(b.high)}")
    elif b.high is not None and in_band_unit == b.high and not b.high_inclusive:
        beyond.append(f"exactly on the upper bound {number_text(b.high)}, which the band does not include")
    if beyond:
        return BandCheck(b.iri, b.measure, text, "outside",
                         f"outside the band {text}: the patient's {b.measure.label} is {shown}, {'; '.join(beyond)}")
    return BandCheck(b.iri, b.measure, text, "in", f"in the band {text}: the patient's {b.measure.label} is {shown}")


PATIENT_MEASURES_BY_ATTR = {attr: (iri, unit, flag) for iri, (attr, unit, flag) in PATIENT_MEASURES.items()}


def band_status(checks: tuple[BandCheck, ...]) -> str | None:
    """The dose's answer over all its bands (it is for patients in all of them): outside if any excludes the
    patient, else not evaluated if any could not be, else in; None when the dose has no band."""
    if not checks:
        return None
    statuses = {c.status for c in checks}
    for status in ("outside", "not-evaluated"):
        if status in statuses:
            return status
    return "in"
