"""The typed result of a treatment path (kg.questions.paths): frozen dataclasses whose field order is the order
of the keys in the path's JSON (kg/schemas/path.schema.json); kg.render.result_json.to_json writes it field by
field, led by the educational notice.

A field whose JSON name is not a Python name (`from`) says so in its metadata (`JSON_NAME`); a key that only
some items carry (a citation's `flagged`, a path caution's `population`, a step monitoring item's `linked_by`)
is a field left out when None (`OMIT_NONE`), so the JSON keeps exactly the keys it always had.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .dose import Dose, label_of
from .dosing import Computed

# Field metadata keys: the name of the field in the JSON when it differs from the Python name, and a field
# left out of the JSON when it is None (a key some items of a list have and others have not).
JSON_NAME = "json_name"
OMIT_NONE = "omit_none"


def _omit_none() -> Any:
    return field(default=None, metadata={OMIT_NONE: True})


def _num(x: float | None) -> int | float | None:
    """A number as the JSON shows it: whole numbers without a decimal point."""
    if x is None:
        return None
    f = float(x)
    return int(f) if f.is_integer() else f


@dataclass(frozen=True)
class Ref:
    """A node the path names: its IRI and label."""

    iri: str
    label: str | None


@dataclass(frozen=True)
class Given:
    """A patient input resolved to a node: the node and the words the user gave."""

    iri: str
    label: str | None
    given_as: str


@dataclass(frozen=True)
class CuratorFlag:
    """A curator's flag on a step or a dose (kgv:Flag): shown next to what it is about."""

    id: str
    kind: str
    level: str
    message: str


@dataclass(frozen=True)
class Interval:
    """Every `value` `unit` (a dose given every 4 weeks)."""

    value: int | float | None
    unit: str | None


@dataclass(frozen=True)
class Count:
    """How many doses: at least `min`, at most `max` (None where not stated)."""

    min: int | float | None
    max: int | float | None


@dataclass(frozen=True)
class Span:
    """A duration: `min` to `max` `unit`, counted from `from_` (JSON `from`) where the article says."""

    min: int | float | None
    max: int | float | None
    unit: str | None
    from_: str | None = field(metadata={JSON_NAME: "from"})


@dataclass(frozen=True)
class MaxDose:
    """The stated maximum: `amount` `unit` per `per`."""

    amount: int | float | None
    unit: str | None
    per: str | None


@dataclass(frozen=True)
class BandCheck:
    """One band a dose is given for (kgv:forBand) checked against the patient (kg.questions.bands): status
    "in", "outside" (the dose is not offered) or "not-evaluated" (the measure was not given or cannot be
    compared: the dose is shown, never chosen silently), with the reason in words."""

    band: str
    measure: Ref
    text: str
    status: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class StepDose:
    """One dose of a step as a path shows it: the schedule as recorded (from the one dose model,
    kg.questions.dose.Dose), what was computed for the patient or why not, and the range position the
    patient's features select."""

    id: str
    min: int | float | None
    max: int | float | None
    unit: str | None
    basis: str | None
    per: str | None
    route: str | None
    preferred_route: str | None
    times_per_day: int | float | None
    interval: Interval | None
    doses: Count | None
    duration: Span | None
    max_dose: MaxDose | None
    no_maximum_stated: bool
    amount_not_stated: bool
    ceiling: bool
    concentration_percent: int | float | None
    descriptor: str | None
    initial_only: bool
    note: str | None
    flags: tuple[CuratorFlag, ...]
    computed: Computed | None
    missing: tuple[str, ...]
    computed_note: str | None
    range_position: tuple[RangePosition, ...]
    as_written: str
    # The patient bands the dose is for (kgv:forBand), each checked; band_status sums them up and offered is
    # False when a band excludes the patient (the dose is listed, not computed, and says why). A dose with no
    # band has none of the three keys in its JSON.
    bands: tuple[BandCheck, ...] | None = _omit_none()
    band_status: str | None = _omit_none()
    offered: bool | None = _omit_none()

    @classmethod
    def of(cls, dose: Dose, *, flags: tuple[CuratorFlag, ...], computed: Computed | None,
           missing: tuple[str, ...], computed_note: str | None, range_position: tuple[RangePosition, ...],
           as_written: str, bands: tuple[BandCheck, ...] = (), band_status: str | None = None) -> StepDose:
        """The path's view of one dose model plus what the path computed for the patient."""
        m = dose
        has_duration = not (m.duration_min is None and m.duration_max is None and m.duration_anchor is None)
        return cls(
            id=m.iri,
            min=_num(m.amount_min), max=_num(m.amount_max),
            unit=label_of(m.unit), basis=label_of(m.basis), per=label_of(m.per), route=label_of(m.route),
            preferred_route=label_of(m.preferred_route),
            times_per_day=_num(m.times_per_day),
            interval=None if m.interval is None else Interval(_num(m.interval), label_of(m.interval_unit)),
            doses=None if m.doses_min is None and m.doses_max is None else Count(_num(m.doses_min),
                                                                                 _num(m.doses_max)),
            duration=None if not has_duration else Span(_num(m.duration_min), _num(m.duration_max),
                                                         label_of(m.duration_unit), m.duration_anchor),
            max_dose=None if m.max_amount is None else MaxDose(_num(m.max_amount), label_of(m.max_unit),
                                                               label_of(m.max_per)),
            no_maximum_stated=m.no_maximum_stated,
            amount_not_stated=m.amount_not_stated,
            ceiling=m.ceiling,
            concentration_percent=_num(m.concentration_percent),
            descriptor=m.descriptor,
            initial_only=m.initial_only,
            note=m.note,
            flags=flags, computed=computed, missing=missing, computed_note=computed_note,
            range_position=range_position, as_written=as_written,
            bands=bands or None, band_status=band_status, offered=None if not bands else band_status != "outside",
        )


@dataclass(frozen=True)
class RangePosition:
    """A dose adjustment the patient's features select: which end of the range, and why."""

    id: str
    position: str | None
    amount: int | float | None
    computed: float | None
    because: tuple[Ref, ...]
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class Statement:
    """A source statement: its IRI, where it is in the article, its summary."""

    id: str
    locator: str
    summary: str | None


@dataclass(frozen=True)
class Reference:
    iri: str
    title: str | None
    year: int
    source: str | None


@dataclass(frozen=True)
class Citation:
    """A citation marker of a step's statements: resolved to a reference, or why not (`flagged` only then),
    with the curator's flags about the marker."""

    marker: str
    resolved: bool
    reference: Reference | None
    flagged: bool | None = field(default=None, metadata={OMIT_NONE: True})
    text: str = ""
    # the curator's flags about this marker (e.g. "possibly misnumbered"), shown next to the citation
    flags: tuple[CuratorFlag, ...] = ()


@dataclass(frozen=True)
class Caution:
    """A caution; `population` and `conditions` only on the path's own cautions (those without an agent)."""

    id: str
    type: str
    agent: Ref | None
    agent_dose_level: str | None
    risk: Ref | None
    in_patients_with: Ref | None
    mitigation: str | None
    mitigated_by: tuple[str, ...]
    monitoring: tuple[Ref, ...]
    note: str | None
    article: str | None
    population: tuple[Ref, ...] | None = _omit_none()
    conditions: tuple[Ref, ...] | None = _omit_none()


@dataclass(frozen=True)
class MonitoringItem:
    """A monitoring item; `linked_by` (related therapy or caution) only on a step's items."""

    id: str
    type: str
    label: str | None
    monitors_for: tuple[Ref, ...]
    related_therapy: tuple[Ref, ...]
    population: Ref | None
    article: str | None
    linked_by: str | None = _omit_none()


@dataclass(frozen=True)
class DiagnosticTest:
    id: str
    type: str
    label: str | None
    purpose: str | None
    for_condition: Ref | None
    members: tuple[str, ...]
    when: tuple[Ref, ...]
    applies: bool
    article: str | None


@dataclass(frozen=True)
class Stage:
    iri: str | None
    label: str | None
    position: int | float | None


@dataclass(frozen=True)
class Qualifier:
    iri: str
    label: str | None
    met: bool
    matched_by: tuple[Ref, ...]


@dataclass(frozen=True)
class Qualifiers:
    all: tuple[Qualifier, ...]
    any: tuple[Qualifier, ...]


@dataclass(frozen=True)
class DisplacedBy:
    """The preferred alternative that made this step an option."""

    id: str
    therapy: str | None
    stage: str | None
    because: tuple[Ref, ...]


@dataclass(frozen=True)
class StepRef:
    """Another step, named by therapy and stage (an alternative standing in for this step's therapy)."""

    id: str
    therapy: str | None
    stage: str | None
    applies: bool


@dataclass(frozen=True)
class DoseFrom:
    recommendation: str
    therapy: str | None
    stage: str | None
    text: str


@dataclass(frozen=True)
class Window:
    value: int | float | None
    unit: str | None


@dataclass(frozen=True)
class Source:
    article: str | None
    article_title: str | None
    population: Ref | None
    condition: Ref | None
    statements: tuple[Statement, ...]


@dataclass(frozen=True, kw_only=True)
class Step:
    """One step of a path (a kgv:Recommendation) for the patient: whether and why it applies, its doses,
    cautions, monitoring and sources. `status`, `number`, `displaced_by`, `option`, `reason` and
    `alternatives` are settled by the path's passes over all steps (dataclasses.replace)."""

    id: str
    type: str
    stage: Stage
    rank: int | float | None
    therapy: Ref | None
    strength: str | None
    applies: bool
    option: bool
    status: str
    number: int | None
    preferred: bool
    preference_note: str | None
    displaces: Ref | None
    displaced_by: tuple[DisplacedBy, ...]
    reason: str
    population_match: bool | None
    qualifiers: Qualifiers
    preferred_when: tuple[Ref, ...]
    preferred_matches: tuple[Ref, ...]
    alternative_to: Ref | None
    alternative_when: tuple[str | None, ...]
    adjunct_to: Ref | None
    starts_with: tuple[Ref, ...]
    follows: tuple[str, ...]
    continues: tuple[str, ...]
    dose_from: DoseFrom | None
    dose: StepDose | None
    computed: Computed | None
    doses: tuple[StepDose, ...]
    duration: Span | None
    response_window: Window | None
    onset_up_to: Window | None
    preferred_over: tuple[Ref, ...]
    note: str | None
    purpose: str | None
    flags: tuple[CuratorFlag, ...]
    cautions: tuple[Caution, ...]
    monitoring: tuple[MonitoringItem, ...]
    citations: tuple[Citation, ...]
    source: Source
    alternatives: tuple[StepRef, ...] = ()


@dataclass(frozen=True)
class SeeAlso:
    """A condition with guidance that has the asked one as a part."""

    iri: str
    label: str
    relation: str
    part: Ref
    populations: tuple[Ref, ...]


@dataclass(frozen=True)
class ConditionView:
    iri: str
    label: str | None
    reached: tuple[Ref, ...]
    see_also: tuple[SeeAlso, ...]


@dataclass(frozen=True)
class PopulationView:
    iri: str
    label: str | None
    bounds: str
    fits: bool | None
    steps: tuple[str, ...]


@dataclass(frozen=True)
class Unmatched:
    """A feature or --avoid that matches nothing in an article shown for the patient."""

    kind: str
    input: Given
    article: str
    article_title: str
    mentioned: bool
    text: str


@dataclass(frozen=True)
class DerivedMeasure:
    value: float
    exact: float
    formula: str
    inputs: dict[str, float | str]


@dataclass(frozen=True)
class DerivedMeasures:
    bsa_m2: DerivedMeasure | None
    ibw_kg: DerivedMeasure | None


@dataclass(frozen=True)
class PatientView:
    age: float | None
    sex: str | None
    weight_kg: float | None
    height_cm: float | None
    features: tuple[Given, ...]
    avoid: tuple[Given, ...]
    response: str | None
    population: tuple[Ref, ...]
    derived: DerivedMeasures
    # renal function as given (--crcl in mL/min, --egfr in mL/min/1.73 m2); left out of the JSON when not given
    crcl_ml_min: float | None = _omit_none()
    egfr_ml_min_173m2: float | None = _omit_none()


@dataclass(frozen=True, kw_only=True)
class TreatmentPath:
    """The treatment path for a condition and a patient (kg.questions.paths.treatment_path). Its JSON,
    led by the educational notice, is kg/schemas/path.schema.json."""

    walk: str
    condition: ConditionView
    populations: tuple[PopulationView, ...]
    unmatched: tuple[Unmatched, ...]
    patient: PatientView
    steps: tuple[Step, ...]
    cautions: tuple[Caution, ...]
    monitoring: tuple[MonitoringItem, ...]
    diagnostic_tests: tuple[DiagnosticTest, ...]
    warnings: tuple[str, ...]

