"""Treatment paths: walk the guidance recorded for a condition and lay it out for one patient.

The graph decides everything clinical; this module only walks and applies the following rules.

Reach. Asking for a condition reaches the recommendations recorded for it and for every narrower
condition (skos:broader pointing up to it). Each step keeps its own article, condition and population.

Population. A kgv:Population carries its age bounds (kgv:minAgeYears inclusive, kgv:belowAgeYears
exclusive); the patient's age selects the populations that fit. Steps for other populations are kept
(applies=false, reason names the population) and a warning says so when they are all there is. Without
an age every population is shown and a warning says the age was not given.

Applicability of a step (kgv:Recommendation), checked in this order:
1. Its therapy is avoided (--avoid T where T is the therapy, a class it belongs to through
   kgv:drugClass / skos:broader, or a therapy a combination kgv:combines): not applicable, "avoided".
2. kgv:adjunctTo T and T is avoided: not applicable.
3. Qualifiers: kgv:appliesWhenAll F... needs every F; kgv:appliesWhenAny F... needs at least one.
   A patient feature satisfies a qualifier when it is the qualifier or a narrower concept of it
   (the qualifier is among the feature's skos:broader ancestors). `--response inadequate` adds the
   feature the graph labels "inadequate response".
4. kgv:alternativeTo T with kgv:alternativeWhen: the step stands in for T and applies when T is
   avoided. It is an additional route: with qualifiers too, it applies if the qualifiers hold OR T is
   avoided. Without kgv:alternativeWhen it is an optional alternative approach: it applies as an option.
5. No qualifier and no alternative: it applies to every patient of its population.
kgv:preferredWhenAny never gates; the patient's features that match it are shown. kgv:doseFrom R means
the step's dose is R's dose, and the step says so. Not-applicable steps are returned with their reason,
never dropped.

Doses are computed by kg.questions.dosing; a kgv:DoseAdjustment whose qualifiers the patient meets shows the
position within the range (both ends selected -> both shown with a warning, never a silent pick).
Cautions apply to a step when their kgv:agent is its therapy or one of its groups and their
kgv:inPatientsWith is the step's condition or reached from it through skos:broader / kgv:hasComponent;
cautions without an agent are listed once for the path.

Two walks give the same answer (a test checks it): "networkx" builds graphs from the edges retrieved
for this question only (hierarchy hops, step ordering with follows / alternativeTo / adjunctTo /
startsWith edges) and walks them; "sparql" lets property paths do the hierarchy and sorts the steps.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from rdflib import URIRef
from rdflib.namespace import PROV, RDF

from ..errors import InputError
from ..read.description import read_labels
from ..store.base import Store
from ..vocab.labels import label_of_props
from ..vocab.namespaces import KGV
from .bands import Band, band_status, check_band
from .dose import Dose, DoseNames, iri_of
from .dose_text import DoseFacts, describe, kgv_properties, number_text, range_text
from .dosing import Computed, Measures, Outcome, Scale, Schedule, compute, devine_ibw, mosteller_bsa
from .path_model import (
    BandCheck,
    Caution,
    Citation,
    ConditionView,
    CuratorFlag,
    DerivedMeasure,
    DerivedMeasures,
    DiagnosticTest,
    DisplacedBy,
    DoseFrom,
    Given,
    MonitoringItem,
    PatientView,
    PopulationView,
    Qualifier,
    Qualifiers,
    RangePosition,
    Ref,
    Reference,
    SeeAlso,
    Source,
    Span,
    Stage,
    Statement,
    Step,
    StepDose,
    StepRef,
    TreatmentPath,
    Unmatched,
    Window,
)
from .path_queries import (
    PathData,
    feature_ancestors_sparql,
    fetch_path_data,
    guided_wholes,
    hierarchy_edges,
    narrower_conditions_sparql,
)

WALKS = ("networkx", "sparql")
# Input-validation bounds on the measures a user types, not clinical limits: neither article states a
# plausible range, so these only keep typing slips (1e-300, 1e308, a height in metres) from reaching the
# dose arithmetic. Documented in docs/path-semantics.md and the README ("Reliability").
LIMITS = {"weight": (0.2, 350.0, "kg"), "height": (40.0, 250.0, "cm"), "age": (0.0, 120.0, "years"),
          "crcl": (0.0, 400.0, "mL/min"), "egfr": (0.0, 400.0, "mL/min/1.73 m2")}
MEASURE_DECIMALS = 3  # digits after the decimal point a measure may have
_EXAMPLE = {"age": "45", "weight": "70", "height": "165", "crcl": "45", "egfr": "45"}
SEXES = ("female", "male")
_SEX_SPELLINGS = {"f": "female", "female": "female", "m": "male", "male": "male"}
_PLAIN_NUMBER = re.compile(r"\+?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
INADEQUATE_RESPONSE_LABEL = "inadequate response"


NO_QUALIFIERS = "no qualifiers: applies to every patient of this population"


def _k(term: str) -> str:
    return str(KGV[term])


WAS_DERIVED_FROM = str(PROV.wasDerivedFrom)


@dataclass
class Patient:
    """What the user said about the patient, as typed (names are resolved against the graph later)."""

    age: float | None = None
    sex: str | None = None
    weight_kg: float | None = None
    height_cm: float | None = None
    has: list[str] = field(default_factory=list)
    avoid: list[str] = field(default_factory=list)
    response: str | None = None
    crcl: float | None = None  # creatinine clearance, mL/min
    egfr: float | None = None  # estimated GFR, mL/min/1.73 m2 (never converted to or from a creatinine clearance)


def _range_hint(kind: str) -> str:
    low, high, unit = LIMITS[kind]
    return (f"accepted: a plain number of {unit} from {number_text(low)} to {number_text(high)}, "
            f"at most {MEASURE_DECIMALS} decimals, no unit or exponent (e.g. {_EXAMPLE[kind]})")


def parse_measure(kind: str, text: str) -> float:
    """A typed age, weight or height as a number, or an InputError (exit 2) naming the accepted range.

    Only a plain decimal within LIMITS is accepted: no sign (so no negative zero), no exponent, no NaN
    or infinity, no unit suffix ("70kg"), at most MEASURE_DECIMALS decimals. The error quotes what was
    typed, never an expansion of it (1e-300 used to print as 300 zeros).
    """
    low, high, unit = LIMITS[kind]
    typed = text.strip()
    shown = typed if len(typed) <= 40 else typed[:37] + "..."
    if typed.startswith("-") and _PLAIN_NUMBER.fullmatch(typed[1:]):  # negative, -0 included
        raise InputError(f"{kind} {shown} {unit} is out of range", _range_hint(kind))
    if not _PLAIN_NUMBER.fullmatch(typed):
        if re.fullmatch(r"[+-]?[0-9.]+\s*[A-Za-z]+", typed):
            raise InputError(f"{kind} {shown!r}: give the number alone, in {unit}", _range_hint(kind))
        raise InputError(f"{kind} {shown!r} is not a plain number", _range_hint(kind))
    decimals = typed.partition(".")[2].rstrip("0")
    if len(decimals) > MEASURE_DECIMALS:
        raise InputError(f"{kind} {shown!r} has more than {MEASURE_DECIMALS} decimals", _range_hint(kind))
    value = float(typed)
    if not (low <= value <= high):
        raise InputError(f"{kind} {shown} {unit} is out of range", _range_hint(kind))
    return value


def normal_sex(text: str | None) -> str | None:
    """female or male from F, M, female, male in any case (spaces ignored); an InputError lists the rest."""
    if text is None:
        return None
    sex = _SEX_SPELLINGS.get(text.strip().lower())
    if sex is None:
        shown = text if len(text) <= 40 else text[:37] + "..."
        raise InputError(f"sex {shown!r} is not known", "accepted: F, M, female, male (any case)")
    return sex


def typed_patient(age: str | None = None, sex: str | None = None, weight: str | None = None,
                  height: str | None = None, has: list[str] | tuple[str, ...] = (),
                  avoid: list[str] | tuple[str, ...] = (), response: str | None = None,
                  crcl: str | None = None, egfr: str | None = None) -> Patient:
    """The Patient for measures as a user typed them (CLI options, form fields): parsed by one rule.

    None is "not given"; anything else, the empty string included, must be valid."""

    def measure(kind: str, text: str | None) -> float | None:
        return None if text is None else parse_measure(kind, text)

    return Patient(age=measure("age", age), sex=normal_sex(sex), weight_kg=measure("weight", weight),
                   height_cm=measure("height", height), has=list(has), avoid=list(avoid), response=response or None,
                   crcl=measure("crcl", crcl), egfr=measure("egfr", egfr))


def check_patient(p: Patient) -> None:
    """Reject implausible measurements with the value and the accepted range (InputError, exit 2).

    Measures given as numbers (library callers) are held to the same range, finite and unsigned; the
    decimals rule is for typed text (parse_measure), where it keeps 1e-300-like slips out.
    """
    for kind, value in (("weight", p.weight_kg), ("height", p.height_cm), ("age", p.age), ("crcl", p.crcl),
                        ("egfr", p.egfr)):
        if value is None:
            continue
        low, high, unit = LIMITS[kind]
        if not (math.isfinite(value) and low <= value <= high) or math.copysign(1.0, value) < 0:
            raise InputError(f"{kind} {value!r} {unit} is out of range", _range_hint(kind))
    if p.sex is not None and p.sex not in SEXES:
        raise InputError(f"sex {p.sex!r} is not known", "accepted: F, M, female, male (any case)")
    if p.response not in (None, "inadequate"):
        raise InputError(f"response {p.response!r} is not known", "accepted: inadequate")


@dataclass
class Resolved:
    condition: str
    features: list[str]
    avoid: list[str]
    feature_names: dict[str, str]
    avoid_names: dict[str, str]


def resolve(names, condition: str, patient: Patient) -> Resolved:
    """Resolve the condition, features and therapies by name (kg.read.names.NameIndex; unknown -> closest)."""
    cond = str(names.resolve(condition, "condition"))
    features: dict[str, str] = {}
    for name in patient.has:
        features.setdefault(str(names.resolve(name, "feature")), name)
    if patient.response == "inadequate":
        features.setdefault(str(names.resolve(INADEQUATE_RESPONSE_LABEL, "feature")), "--response inadequate")
    avoid: dict[str, str] = {}
    for name in patient.avoid:
        avoid.setdefault(str(names.resolve(name, "therapy")), name)
    return Resolved(cond, sorted(features), sorted(avoid), features, avoid)


# ---------------------------------------------------------------- the two walks of the hierarchy


def reached_conditions(store: Store, condition: str, walk: str) -> list[str]:
    if walk == "sparql":
        return sorted(narrower_conditions_sparql(store, URIRef(condition)))
    import networkx as nx  # the walk's library, loaded by the walk (kg viz imports this module for Patient)

    g = nx.DiGraph()
    g.add_node(condition)
    g.add_edges_from(hierarchy_edges(store, URIRef(condition), "down"))  # narrower -> broader
    return sorted(nx.ancestors(g, condition) | {condition})


def feature_closure(store: Store, feature: str, walk: str) -> set[str]:
    """The feature and every broader concept it satisfies."""
    if walk == "sparql":
        return feature_ancestors_sparql(store, URIRef(feature)) | {feature}
    import networkx as nx

    g = nx.DiGraph()
    g.add_node(feature)
    g.add_edges_from(hierarchy_edges(store, URIRef(feature), "up"))
    return nx.descendants(g, feature) | {feature}


def node_label(store: Store, iri: str) -> str:
    """The node's label by the one policy (kg.vocab.labels); its IRI when it has none."""
    return read_labels(store, [URIRef(iri)]).get(iri, iri)


# ---------------------------------------------------------------- the path


class _Ctx:
    """The retrieved data plus the patient, with the lookups every step needs."""

    def __init__(self, data: PathData, res: Resolved, closures: dict[str, set[str]], patient: Patient,
                 inadequate: str | None) -> None:
        self.d = data
        self.res = res
        self.closures = closures
        self.patient = patient
        self.inadequate = inadequate
        self.avoid = set(res.avoid)
        self.see_also: list[SeeAlso] = []
        self.measures = Measures(patient.weight_kg, patient.height_cm, patient.sex)
        self.band_measures = {"weight_kg": patient.weight_kg, "age": patient.age, "crcl": patient.crcl,
                              "egfr": patient.egfr}
        # Indexes so each step looks up its cautions and monitoring directly (hub conditions have
        # thousands of steps).
        self.cautions_by_agent: dict[str, list[str]] = {}
        for caution, props in sorted(data.cautions.items()):
            for agent in props.get(_k("agent"), []):
                self.cautions_by_agent.setdefault(agent, []).append(caution)
        self.monitoring_by_therapy: dict[str, list[str]] = {}
        for item, props in sorted(data.monitoring.items()):
            for therapy in props.get(_k("relatedTherapy"), []):
                self.monitoring_by_therapy.setdefault(therapy, []).append(item)

    def label(self, iri: str | None) -> str | None:
        if iri is None:
            return None
        return self.d.labels.get(iri, iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1])

    def ref(self, iri: str | None) -> Ref | None:
        return None if iri is None else Ref(iri, self.label(iri))

    def refs(self, iris) -> tuple[Ref, ...]:
        return tuple(Ref(i, self.label(i)) for i in iris)

    def avoided_by(self, therapy: str) -> list[str]:
        """The --avoid entries that rule this therapy out: itself, a class or broader class it belongs
        to, a therapy a combination combines, or (for a class) every one of its member drugs."""
        direct = self.avoid & ({therapy} | self.d.therapy_groups.get(therapy, set()))
        if direct:
            return sorted(direct)
        members = self.d.class_members.get(therapy, {})
        hits = {m: self.avoid & ({m} | groups) for m, groups in members.items()}
        if members and all(hits.values()):
            return sorted(set().union(*hits.values()))
        return []

    def partly_avoided(self, therapy: str) -> list[str]:
        """Members of a class step that are avoided while others are not (the class stays usable)."""
        members = self.d.class_members.get(therapy, {})
        return sorted(m for m, groups in members.items() if self.avoid & ({m} | groups))

    def matches(self, qualifier: str) -> list[str]:
        """Patient features that satisfy a qualifier (the feature is it or narrower than it)."""
        return sorted(f for f, anc in self.closures.items() if qualifier in anc)

    def population_fits(self, population: str | None) -> bool | None:
        if self.patient.age is None or population is None:
            return None
        bounds = self.d.population_bounds.get(population, {})
        lo, below = bounds.get("minAgeYears"), bounds.get("belowAgeYears")
        return (lo is None or self.patient.age >= lo) and (below is None or self.patient.age < below)


def _vals(props: dict, term: str) -> list:
    return props.get(_k(term), []) if not term.startswith("http") else props.get(term, [])


def _val(props: dict, term: str):
    v = _vals(props, term)
    return sorted(v, key=str)[0] if v else None


def _num(x):
    if x is None:
        return None
    f = float(x)
    return int(f) if f.is_integer() else f


def treatment_path(store: Store, names, condition: str, patient: Patient, walk: str = "networkx") -> TreatmentPath:
    """The treatment path for a condition and patient (kg.questions.path_model.TreatmentPath; its JSON, written by
    kg.render.result_json.to_json, follows kg/schemas/path.schema.json)."""
    if walk not in WALKS:
        raise InputError(f"unknown walk {walk!r}", "accepted: " + ", ".join(WALKS))
    check_patient(patient)
    res = resolve(names, condition, patient)
    inadequate = None
    if patient.response == "inadequate":
        inadequate = str(names.resolve(INADEQUATE_RESPONSE_LABEL, "feature"))
    reached = reached_conditions(store, res.condition, walk)
    closures = {f: feature_closure(store, f, walk) for f in res.features}
    data = fetch_path_data(store, reached)
    unlabelled = [iri for iri in [res.condition, *reached, *res.features, *res.avoid] if iri not in data.labels]
    found = read_labels(store, [URIRef(iri) for iri in unlabelled])
    data.labels.update({iri: found.get(iri, iri) for iri in unlabelled})
    ctx = _Ctx(data, res, closures, patient, inadequate)
    if not data.recs:
        ctx.see_also = _see_also(store, ctx, res.condition)
    elif patient.age is not None:
        # Guidance is reached, but none of it is written for this patient's age (an 18-year-old asking
        # for the juvenile overlap): point to linked conditions whose guidance is.
        pops = {_val(props, "population") for props in data.recs.values()} - {None}
        if pops and not any(ctx.population_fits(pop) for pop in pops):
            ctx.see_also = [w for w in _see_also(store, ctx, res.condition)
                            if any(ctx.population_fits(pop.iri) for pop in w.populations)]
    return _assemble(ctx, reached, walk)


def _see_also(store: Store, ctx: _Ctx, asked: str) -> list[SeeAlso]:
    """Conditions with guidance that have the asked one as a part, are broader than it or are related to
    it; those with guidance for the patient's population first, then those naming the asked condition
    itself, then by name."""
    out = []
    for whole, relation, part, pops in guided_wholes(store, URIRef(asked)):
        for pop in pops:
            if pop not in ctx.d.population_bounds:
                rows = store.select(_POP_BOUNDS, {"population": URIRef(pop)}).rows
                ctx.d.population_bounds[pop] = {str(r[1]).rsplit("#", 1)[-1]: float(r[2].toPython()) for r in rows}
        fits = [ctx.population_fits(pop) for pop in pops]
        out.append(((not any(f is not False for f in fits), part != asked), SeeAlso(
            whole, node_label(store, whole), _RELATION_WORDS.get(relation, relation), Ref(part, node_label(store, part)),
            tuple(Ref(pop, node_label(store, pop)) for pop in pops))))
    out.sort(key=lambda e: (e[0], e[1].label, e[1].relation, e[1].part.iri))
    return [e for _, e in out]


_POP_BOUNDS = """
SELECT ?population ?p ?bound WHERE {
  ?population ?p ?bound . FILTER (?p IN (kgv:minAgeYears, kgv:belowAgeYears))
}
"""


_RELATION_WORDS = {"hasComponent": "component", "hasManifestation": "manifestation",
                   "hasComplication": "complication", "broader": "broader condition", "related": "related condition"}


def _see_also_text(w: SeeAlso, asked: str) -> str:
    if w.relation == "broader condition":
        return f"{w.label} (a broader condition)"
    if w.relation == "related condition":
        return f"{w.label} (a related condition)"
    if w.part.iri == asked:
        return f"{w.label} (has it as a {w.relation})"
    return f"{w.label} (has {w.part.label}, a narrower condition, as a {w.relation})"


def _assemble(ctx: _Ctx, reached: list[str], walk: str) -> TreatmentPath:
    d = ctx.d
    warnings: list[str] = []
    p = ctx.patient
    derived = _derived_measures(ctx.measures, warnings)
    steps: dict[str, Step] = {}
    avoided: dict[str, bool] = {}
    step_warnings: dict[str, list[str]] = {}
    for rec, props in d.recs.items():
        steps[rec], avoided[rec], step_warnings[rec] = _step(ctx, rec, props, warnings)
    _displace(ctx, steps)
    _gate_continuations(steps)
    for rec, s in steps.items():
        steps[rec] = replace(s, status=_status(s.applies, s.option))
    order, relations = _order(ctx, steps, walk)
    for rec in order:
        s = steps[rec]
        reason = s.reason
        if avoided[rec] and relations[rec] and s.population_match is not False:
            reason += _standing_in(ctx, steps, relations[rec])
        steps[rec] = replace(s, alternatives=tuple(relations[rec]), reason=reason)
    ordered = _number([steps[r] for r in order])
    populations = sorted({s.source.population.iri for s in ordered if s.source.population})
    fitting = [pop for pop in populations if ctx.population_fits(pop)]
    cond_label = ctx.label(ctx.res.condition)
    if not ordered:
        text = f"No recommendations are recorded for {cond_label} or any narrower condition."
        if ctx.see_also:
            wholes = "; ".join(_see_also_text(w, ctx.res.condition) for w in ctx.see_also)
            first = ctx.see_also[0].label
            text += f" Guidance that covers it: {wholes}. Try: kg paths \"{first}\"."
        else:
            text += (f" The graph links {cond_label} to no condition that has guidance (as a component, "
                     "manifestation or complication, a broader condition or a related one).")
        warnings.append(text)
    if p.age is None and len(populations) > 1:
        bounds = "; ".join(f"{ctx.label(pop)}: {_bounds_text(ctx, pop)}" for pop in populations)
        warnings.append(
            "Age not given: the guidance of each population is shown separately and numbered on its own "
            f"({bounds}); give --age to choose one."
        )
    elif p.age is None and ordered:
        warnings.append("Age not given: every step is shown with the population it is written for.")
    elif ordered and not fitting:
        others = ", ".join(ctx.label(pop) for pop in populations)
        text = (f"No guidance for a patient aged {number_text(p.age)} is recorded for {cond_label}: the only "
                f"guidance reached is for {others}; it is shown as not applicable to this patient.")
        if ctx.see_also:
            wholes = "; ".join(_see_also_text(w, ctx.res.condition) for w in ctx.see_also)
            text += (f" Guidance written for this patient's age is recorded for: {wholes}. "
                     f"Try: kg paths \"{ctx.see_also[0].label}\".")
        warnings.append(text)
    elif ordered:
        for pop in populations:
            if pop not in fitting:
                n = sum(1 for s in ordered if s.source.population and s.source.population.iri == pop)
                warnings.append(
                    f"{n} step(s) for {ctx.label(pop)} are shown as not applicable: the patient is "
                    f"{number_text(p.age)} years old."
                )
    warnings.extend(_emptied_stages(ctx, ordered, avoided))
    path_cautions = _condition_cautions(ctx, reached)
    monitoring = _path_monitoring(ctx, reached)
    tests = _diagnostic_tests(ctx)
    silent = _unmatched_inputs(ctx, ordered)
    warnings.extend(u.text for u in silent if u.text not in warnings)
    for s in ordered:
        for w in step_warnings[s.id]:
            if w not in warnings:
                warnings.append(w)
    uncapped = [f"{s.therapy.label} ({s.stage.label}): {_amount(dd.computed)}"
                for s in ordered if s.status != "not-applicable" for dd in s.doses
                if dd.computed and dd.computed.uncapped]
    if uncapped:
        warnings.append("Computed doses not checked against any maximum (the article states none for the same "
                        "period): " + "; ".join(uncapped))
    unevaluated = sorted({c.reason for s in ordered if s.status != "not-applicable" for dd in s.doses
                          for c in (dd.bands or ()) if c.status == "not-evaluated"})
    if unevaluated:
        warnings.append("Doses given for a patient band are shown without choosing among them where the band "
                        "could not be checked: " + "; ".join(unevaluated))
    return TreatmentPath(
        walk=walk,
        condition=ConditionView(ctx.res.condition, cond_label, ctx.refs(reached), tuple(ctx.see_also)),
        populations=tuple(
            PopulationView(pop, ctx.label(pop), _bounds_text(ctx, pop), ctx.population_fits(pop),
                           tuple(s.id for s in ordered if s.source.population and s.source.population.iri == pop))
            for pop in populations
        ),
        unmatched=tuple(silent),
        patient=PatientView(
            age=p.age, sex=p.sex, weight_kg=p.weight_kg, height_cm=p.height_cm,
            features=tuple(Given(f, ctx.label(f), ctx.res.feature_names[f]) for f in ctx.res.features),
            avoid=tuple(Given(t, ctx.label(t), ctx.res.avoid_names[t]) for t in ctx.res.avoid),
            response=p.response,
            population=ctx.refs(fitting),
            derived=derived,
            crcl_ml_min=p.crcl,
            egfr_ml_min_173m2=p.egfr,
        ),
        steps=tuple(ordered),
        cautions=tuple(path_cautions),
        monitoring=tuple(monitoring),
        diagnostic_tests=tuple(tests),
        warnings=tuple(warnings),
    )


def _emptied_stages(ctx: _Ctx, ordered: list[Step], avoided: dict[str, bool]) -> list[str]:
    """A stage the patient's features select (a step's qualifiers are met) in which every such step is
    avoided and no other step is left: said once, so the reader need not add up the per-step reasons."""
    out = []
    groups: dict[tuple[str, str], list[Step]] = {}
    for s in ordered:
        if s.population_match is not False:
            groups.setdefault((s.source.article, s.stage.iri), []).append(s)
    for (article, _), group in groups.items():
        selected = [s for s in group if avoided[s.id] and (s.qualifiers.all or s.qualifiers.any)
                    and all(q.met for q in s.qualifiers.all)
                    and (not s.qualifiers.any or any(q.met for q in s.qualifiers.any))]
        if selected and all(s.status == "not-applicable" for s in group):
            title = ctx.d.article_titles.get(article, article)
            names = ", ".join(s.therapy.label for s in selected)
            given = ", ".join(sorted({g.given_as for g in _given_avoids(ctx)}))
            out.append(f"No {group[0].stage.label} step of \"{title}\" is left for this patient: every one its "
                       f"features select is avoided ({names}; --avoid {given}), and the article names no other step at that stage.")
    return out


def _given_avoids(ctx: _Ctx) -> list[Given]:
    return [Given(t, ctx.label(t), ctx.res.avoid_names[t]) for t in ctx.res.avoid]


def _standing_in(ctx: _Ctx, steps: dict[str, Step], alternatives: list[StepRef]) -> str:
    """What an avoided step's reason says of the steps recorded as alternatives to its therapy.

    Only an alternative whose own target is avoided stands in (mycophenolate stands in for methotrexate,
    not for a combination avoided because of its IVIG), and one ruled out itself is said to be so, never
    offered in the avoided step's place."""
    standing = [a for a in alternatives
                if steps[a.id].alternative_to and ctx.avoided_by(steps[a.id].alternative_to.iri)]
    live = [a for a in standing if steps[a.id].status != "not-applicable"]
    dead = [a for a in standing if steps[a.id].status == "not-applicable"]
    out = ""
    if live:
        out += "; stands in for it: " + ", ".join(f"{a.therapy} ({a.stage})" for a in live)
    if dead:
        names = ", ".join(f"{a.therapy} ({a.stage})" for a in dead)
        out += f"; {names} {'is' if len(dead) == 1 else 'are'} ruled out too"
        if not live:
            out += ": no alternative the article names for it is left for this patient"
    return out


def _derived_measures(m: Measures, warnings: list[str]) -> DerivedMeasures:
    bsa = ibw = None
    if m.height_cm is not None and m.weight_kg is not None:
        b = mosteller_bsa(m.height_cm, m.weight_kg)
        bsa = DerivedMeasure(round(b.value, 2), b.value, b.formula, b.inputs)
    if m.height_cm is not None and m.sex is not None:
        i = devine_ibw(m.sex, m.height_cm)
        ibw = DerivedMeasure(round(i.value, 1), i.value, i.formula, i.inputs)
        warnings.extend(w for w in i.warnings if w not in warnings)
    return DerivedMeasures(bsa, ibw)


# ---------------------------------------------------------------- one step


def _step(ctx: _Ctx, rec: str, props: dict, warnings: list[str]) -> tuple[Step, bool, list[str]]:
    """One step before the passes over all steps; with whether its therapy is avoided and its warnings."""
    d = ctx.d
    therapy = _val(props, "therapy")
    stage = _val(props, "stage")
    population = _val(props, "population")
    article = _val(props, "inArticle")
    all_q = sorted(_vals(props, "appliesWhenAll"))
    any_q = sorted(_vals(props, "appliesWhenAny"))
    alt_to = _val(props, "alternativeTo")
    alt_when = sorted(_vals(props, "alternativeWhen"))
    adjunct_to = _val(props, "adjunctTo")
    dose_from = _val(props, "doseFrom")
    fits = ctx.population_fits(population)
    avoided = ctx.avoided_by(therapy) if therapy else []

    matched = {q: ctx.matches(q) for q in all_q + any_q}
    missing_all = [q for q in all_q if not matched[q]]
    any_ok = not any_q or any(matched[q] for q in any_q)
    q_ok = not missing_all and any_ok
    has_q = bool(all_q or any_q)
    option = False
    if fits is False:
        applies, reason = False, (f"for {ctx.label(population)}; the patient is {number_text(ctx.patient.age)} "
                                  "years old")
    elif avoided:
        applies = False
        given = ", ".join(ctx.res.avoid_names[a] for a in avoided)
        reason = f"avoided: {ctx.label(therapy)} (--avoid {given})"
        if therapy not in avoided and not (set(avoided) & d.therapy_groups.get(therapy, set())):
            reason += f": every member of {ctx.label(therapy)} is avoided"
    elif adjunct_to and ctx.avoided_by(adjunct_to):
        applies, reason = False, f"adjunct to {ctx.label(adjunct_to)}, which is avoided"
    else:
        q_reason = _qualifier_reason(ctx, all_q, any_q, matched, missing_all, any_ok)
        if alt_to and alt_when:
            alt_ok = bool(ctx.avoided_by(alt_to))
            when = " or ".join(ctx.label(w) for w in alt_when)
            applies = (q_ok and has_q) or alt_ok
            if alt_ok:
                reason = f"stands in for {ctx.label(alt_to)}, which is avoided (alternative when {when})"
            elif has_q and q_ok:
                reason = q_reason
            else:
                route = f"or when {ctx.label(alt_to)} is avoided ({when})"
                reason = f"{q_reason}; {route}" if has_q else (
                    f"alternative to {ctx.label(alt_to)} when it is {when}: {ctx.label(alt_to)} is not avoided")
        elif alt_to:
            option = True
            applies = q_ok
            reason = f"optional alternative approach to {ctx.label(alt_to)}" + (f"; {q_reason}" if has_q else "")
        else:
            applies = q_ok
            reason = q_reason if has_q else NO_QUALIFIERS
    preferred = sorted(_vals(props, "preferredWhenAny"))
    preferred_matches = sorted({f for q in preferred for f in ctx.matches(q)})
    displaces = None
    gated_out = fits is False or bool(avoided) or bool(adjunct_to and ctx.avoided_by(adjunct_to))
    if (preferred_matches and not applies and not gated_out and alt_to and alt_when and not has_q):
        # An alternative whose only gate is "its target is not to be used", and which the article names
        # as the choice for a feature this patient has: the preference opens it and displaces the target.
        applies, displaces = True, alt_to
        feats = ", ".join(ctx.label(f) for f in preferred_matches)
        reason = (f"preferred for this patient ({feats}) over {ctx.label(alt_to)}, which it stands in for "
                  f"(alternative when {' or '.join(ctx.label(w) for w in alt_when)})")
    if applies and not option and therapy:
        partial = ctx.partly_avoided(therapy)
        if partial:
            reason += "; avoided members left out: " + ", ".join(ctx.label(m) for m in partial)
    is_preferred = bool(applies and preferred_matches)
    preference_note = None
    if preferred_matches and not applies:
        preference_note = (f"the article prefers it for {', '.join(ctx.label(f) for f in preferred_matches)}, "
                           "but the preference does not act: the step does not apply to this patient")
    step_warnings: list[str] = []
    doses = [_dose(ctx, dose, step_warnings, compute_it=fits is not False) for dose in d.rec_doses.get(rec, [])]
    if dose_from and dose_from not in d.recs:
        step_warnings.append(f"{ctx.label(therapy)}: the dose source {dose_from} was not found")
    cautions = _step_cautions(ctx, rec, therapy)
    monitoring = _step_monitoring(ctx, therapy, population, cautions)
    # the step's dose is the first one offered to this patient (a dose outside its band is listed, not chosen)
    first = next((dd for dd in doses if dd.band_status in (None, "in")),
                 next((dd for dd in doses if dd.offered is not False), doses[0] if doses else None))
    step_warnings.extend(_unbanded_beside_band(ctx, therapy, stage, doses) if applies else [])
    if doses and applies and all(dd.offered is False for dd in doses):
        step_warnings.append(f"{ctx.label(therapy)} ({ctx.label(stage)}): no dose the article gives is for this "
                             "patient's bands; every one is listed as not offered, with the band that excludes it")
    source_rec = d.recs.get(dose_from, {}) if dose_from else {}
    step = Step(
        id=rec,
        type=_kind(props, "Recommendation"),
        stage=Stage(stage, ctx.label(stage), d.stage_positions.get(stage)),
        rank=_num(_val(props, "rank")),
        therapy=ctx.ref(therapy),
        strength=ctx.label(_val(props, "strength")),
        applies=applies,
        option=option,
        status=_status(applies, option),
        number=None,
        preferred=is_preferred,
        preference_note=preference_note,
        displaces=ctx.ref(displaces),
        displaced_by=(),
        reason=reason,
        population_match=fits,
        qualifiers=Qualifiers(tuple(_qualifier(ctx, q, matched[q]) for q in all_q),
                              tuple(_qualifier(ctx, q, matched[q]) for q in any_q)),
        preferred_when=ctx.refs(preferred),
        preferred_matches=ctx.refs(preferred_matches),
        alternative_to=ctx.ref(alt_to),
        alternative_when=tuple(ctx.label(w) for w in alt_when),
        adjunct_to=ctx.ref(adjunct_to),
        starts_with=ctx.refs(sorted(_vals(props, "startsWith"))),
        follows=tuple(sorted(_vals(props, "follows"))),
        continues=tuple(sorted(_vals(props, "continues"))),
        dose_from=None if not dose_from else DoseFrom(
            dose_from, ctx.label(_val(source_rec, "therapy")), ctx.label(_val(source_rec, "stage")),
            f"dose as given for {ctx.label(_val(source_rec, 'therapy'))} "
            f"({ctx.label(_val(source_rec, 'stage'))}) in the same article"),
        dose=first,
        computed=first.computed if first else None,
        doses=tuple(doses),
        duration=_duration(ctx, props),
        response_window=_window(ctx, props, "responseWindowValue", "responseWindowUnit"),
        onset_up_to=_window(ctx, props, "onsetMaxValue", "onsetUnit"),
        preferred_over=ctx.refs(sorted(_vals(props, "preferredOver"))),
        note=_val(props, "note"),
        purpose=_val(props, "purpose"),
        flags=_step_flags(ctx, rec),
        cautions=tuple(cautions),
        monitoring=tuple(monitoring),
        citations=tuple(_citations(ctx, rec)),
        source=Source(article, d.article_titles.get(article), ctx.ref(population), ctx.ref(d.rec_condition.get(rec)),
                      tuple(_statements(ctx, rec))),
    )
    return step, bool(avoided), step_warnings


def _status(applies: bool, option: bool) -> str:
    return "not-applicable" if not applies else ("option" if option else "applies")


def _qualifier(ctx: _Ctx, q: str, matched: list[str]) -> Qualifier:
    return Qualifier(q, ctx.label(q), bool(matched), ctx.refs(matched))


def _qualifier_reason(ctx: _Ctx, all_q, any_q, matched, missing_all, any_ok) -> str:
    parts, met = [], []
    for q in all_q:
        if matched[q]:
            met.append(_met_text(ctx, q, matched[q]))
    for q in any_q:
        if matched[q]:
            met.append(_met_text(ctx, q, matched[q]))
    missing = []
    for q in missing_all:
        missing.append(_requires(ctx, q))
    if not any_ok:
        options = [("--response inadequate" if _is_inadequate(ctx, q) else f"{ctx.label(q)} (--has)") for q in any_q]
        missing.append("needs one of: " + ", ".join(options))
    if missing:
        parts.append("not applicable: " + "; ".join(missing))
        if met:
            parts.append("met: " + ", ".join(met))
        return "; ".join(parts)
    return "qualifiers met: " + ", ".join(met)


def _is_inadequate(ctx: _Ctx, q: str) -> bool:
    return q == ctx.inadequate or ctx.label(q) == INADEQUATE_RESPONSE_LABEL


def _requires(ctx: _Ctx, q: str) -> str:
    if _is_inadequate(ctx, q):
        return "requires --response inadequate"
    return f"needs {ctx.label(q)} (--has)"


def _met_text(ctx: _Ctx, q: str, features: list[str]) -> str:
    via = [ctx.label(f) for f in features if f != q]
    return ctx.label(q) + (f" (from {', '.join(via)})" if via else "")


def _duration(ctx: _Ctx, props: dict) -> Span | None:
    lo, hi, unit = _val(props, "durationMin"), _val(props, "durationMax"), _val(props, "durationUnit")
    anchor = _val(props, "durationAnchor")
    if lo is None and hi is None and anchor is None:
        return None
    return Span(_num(lo), _num(hi), ctx.label(unit), anchor)


def _window(ctx: _Ctx, props: dict, value: str, unit: str) -> Window | None:
    v = _val(props, value)
    return None if v is None else Window(_num(v), ctx.label(_val(props, unit)))


# ---------------------------------------------------------------- doses


def read_dose(ctx: _Ctx, dose: str) -> Dose:
    """The one dose model (kg.questions.dose) of a retrieved dose: labels by the policy, UCUM codes from the store."""
    props = ctx.d.doses.get(dose, {})
    return Dose.from_properties(dose, kgv_properties(props), DoseNames(ctx.label, ctx.d.unit_codes.get),
                                _vals(props, str(RDF.type)))


def _dose(ctx: _Ctx, dose: str, warnings: list[str], compute_it: bool) -> StepDose:
    d = ctx.d
    m = read_dose(ctx, dose)
    schedule = Schedule.of(m)
    basis = iri_of(m.basis)
    scale = None
    if basis in d.basis_measure:
        measure, mlabel, munit = d.basis_measure[basis]
        formula = d.formulas.get(measure)
        scale = Scale(measure, mlabel, munit, formula[0] if formula else None, formula[1] if formula else None,
                      sorted(d.formula_needs.get(formula[0], [])) if formula else [])
    checks = _band_checks(ctx, dose)
    status = band_status(checks)
    if not compute_it:
        outcome = Outcome(None, note="not computed: the step is for another population")
    elif status == "outside":
        outcome = Outcome(None, note="not offered: " + "; ".join(c.reason for c in checks if c.status == "outside"))
    else:
        outcome = compute(schedule, scale, ctx.measures)
    computed = None
    if outcome.computed:
        c = outcome.computed
        computed = replace(c, gaps=c.gaps + tuple(f"curator: {f['message']}" for f in d.flags.get(dose, [])))
        warnings.extend(w for w in c.warnings if w not in warnings and not w.startswith("uncapped dose"))
    return StepDose.of(
        m, flags=tuple(CuratorFlag(**f) for f in d.flags.get(dose, [])), computed=computed,
        missing=tuple(f"{x} needed" for x in outcome.missing), computed_note=outcome.note,
        range_position=tuple(_range_position(ctx, dose, schedule, computed, warnings)),
        as_written=describe(DoseFacts.of(m)), bands=checks, band_status=status,
    )


def _unbanded_beside_band(ctx: _Ctx, therapy: str | None, stage: str | None, doses: list[StepDose]) -> list[str]:
    """A step whose doses include one for a band the patient is in (CrCl 10-25 mL/min) beside doses that state no
    band of that measure (the usual dose): the usual dose is not dropped (the article does not say it stops
    applying), but the reader is told both are offered and why; never a silent pick. Likewise a patient in two
    different bands of one measure ('10-20 kg' and '20-30 kg' at 20 kg: the printed bands share an end)."""
    offered = [dd for dd in doses if dd.offered is not False]
    measures = {c.measure.iri for dd in offered for c in dd.bands or () if c.status == "in"}
    split = [m for m in sorted(measures)
             if any(not any(c.measure.iri == m for c in dd.bands or ()) for dd in offered)]
    overlap = [m for m in sorted(measures)
               if len({c.text for dd in offered for c in dd.bands or () if c.measure.iri == m and c.status == "in"}) > 1]
    if not (split or overlap) or len(offered) < 2:
        return []

    def said(dd: StepDose) -> str:
        bands = ", ".join(c.text for c in dd.bands or ())
        return f"{range_text(dd.min, dd.max)} {dd.unit} ({bands or 'no band'})"

    why = "the article's bands do not choose between them"
    if overlap:
        names = ", ".join(sorted({c.measure.label for dd in offered for c in dd.bands or () if c.measure.iri in overlap}))
        why = f"the patient is in more than one of the article's {names} bands (they overlap at this value)"
    return [f"{ctx.label(therapy)} ({ctx.label(stage)}): {len(offered)} doses are offered to this patient and {why}: "
            f"{'; '.join(said(dd) for dd in offered)}; which to give is a clinical judgement (needs a curator's eye)"]


def _bound(props: dict, term: str) -> Decimal | None:
    v = _val(props, term)
    return None if v is None else Decimal(str(v))


def _band_checks(ctx: _Ctx, dose: str) -> tuple[BandCheck, ...]:
    """Each patient band the dose is for (kgv:forBand), checked against the patient by kg.questions.bands."""
    out = []
    for iri in sorted(_vals(ctx.d.doses.get(dose, {}), "forBand")):
        props = ctx.d.bands.get(iri, {})
        measure = _val(props, "bandMeasure")

        band = Band(iri, Ref(measure, ctx.label(measure)) if measure else Ref("", "measure not stated"),
                    _bound(props, "bandLow"), _val(props, "bandLowInclusive"), _bound(props, "bandHigh"),
                    _val(props, "bandHighInclusive"), _val(props, "bandUnit"))
        out.append(check_band(band, ctx.band_measures))
    return tuple(out)


def _range_position(ctx: _Ctx, dose: str, schedule: Schedule, computed: Computed | None,
                    warnings: list[str]) -> list[RangePosition]:
    d = ctx.d
    selected = []
    for adj, props in sorted(d.adjustments.items()):
        if dose not in _vals(props, "adjusts"):
            continue
        all_q, any_q = sorted(_vals(props, "appliesWhenAll")), sorted(_vals(props, "appliesWhenAny"))
        matched = {q: ctx.matches(q) for q in all_q + any_q}
        ok = all(matched[q] for q in all_q) and (not any_q or any(matched[q] for q in any_q))
        if not ok or not (all_q or any_q):
            continue
        position = _val(props, "rangePosition")
        lower = position == _k("LowerEnd")
        amount = schedule.amount_min if lower else schedule.amount_max
        value = None
        if computed:
            value = computed.min if lower else computed.max
        statements = [_statement(ctx, st) for st in sorted(d.owner_statements.get(adj, []))]
        selected.append(RangePosition(
            adj, ctx.label(position), _num(amount), value,
            tuple(Ref(f, ctx.label(f)) for q in all_q + any_q for f in matched[q]), tuple(statements),
        ))
    if len({s.position for s in selected}) > 1:
        warnings.append(
            f"The patient's features select both ends of the range for dose {dose.rsplit('/', 1)[-1]}: "
            "both are shown; the choice is a clinical judgement."
        )
    return selected


# ---------------------------------------------------------------- cautions, monitoring, tests, citations


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _kind(props: dict, expected: str) -> str:
    """The graph's type of a list element; an element of another kind is a bug, never shown."""
    if _k(expected) not in props.get(RDF_TYPE, []):
        raise AssertionError(f"a {expected} list received a node typed {props.get(RDF_TYPE)}")
    return f"kgv:{expected}"


def _caution(ctx: _Ctx, caution: str) -> Caution:
    props = ctx.d.cautions[caution]
    return Caution(
        id=caution,
        type=_kind(props, "Caution"),
        agent=ctx.ref(_val(props, "agent")),
        agent_dose_level=_val(props, "agentDoseLevel"),
        risk=ctx.ref(_val(props, "risk")),
        in_patients_with=ctx.ref(_val(props, "inPatientsWith")),
        mitigation=_val(props, "mitigation"),
        mitigated_by=tuple(sorted(_vals(props, "mitigatedBy"))),
        monitoring=ctx.refs(sorted(_vals(props, "callsForMonitoring"))),
        note=_val(props, "note"),
        article=_val(props, "inArticle"),
    )


def _step_cautions(ctx: _Ctx, rec: str, therapy: str | None) -> list[Caution]:
    if not therapy:
        return []
    groups = {therapy} | ctx.d.therapy_groups.get(therapy, set())
    condition = ctx.d.rec_condition.get(rec)
    article = _val(ctx.d.recs[rec], "inArticle")
    out = []
    population = _val(ctx.d.recs[rec], "population")
    candidates = sorted({c for g in groups for c in ctx.cautions_by_agent.get(g, [])})
    for caution in candidates:
        pops = ctx.d.caution_populations.get(caution, set())
        # A caution written for another population's article is not repeated on this step.
        if pops and population not in pops:
            continue
        if condition in ctx.d.caution_conditions.get(caution, set()):
            out.append(_caution(ctx, caution))
    return sorted(out, key=lambda c: (c.article != article, c.id))


def _condition_cautions(ctx: _Ctx, reached: list[str]) -> list[Caution]:
    out = []
    for caution, props in sorted(ctx.d.cautions.items()):
        pops = sorted(ctx.d.caution_populations.get(caution, set()))
        if _val(props, "agent") is None and (not pops or any(ctx.population_fits(x) is not False for x in pops)):
            out.append(replace(_caution(ctx, caution), population=ctx.refs(pops),
                               conditions=ctx.refs(sorted(ctx.d.caution_conditions[caution]))))
    return out


def _monitoring_item(ctx: _Ctx, item: str) -> MonitoringItem:
    props = ctx.d.monitoring.get(item, {})
    label = label_of_props(props) or ctx.label(item)
    return MonitoringItem(
        id=item,
        type=_kind(props, "MonitoringItem"),
        label=label,
        monitors_for=ctx.refs(sorted(_vals(props, "monitorsFor"))),
        related_therapy=ctx.refs(sorted(_vals(props, "relatedTherapy"))),
        population=ctx.ref(_val(props, "population")),
        article=_val(props, "inArticle"),
    )


def _step_monitoring(ctx: _Ctx, therapy: str | None, population: str | None,
                     cautions: list[Caution]) -> list[MonitoringItem]:
    groups = ({therapy} | ctx.d.therapy_groups.get(therapy, set())) if therapy else set()
    out: dict[str, MonitoringItem] = {}
    for item in sorted({i for g in groups for i in ctx.monitoring_by_therapy.get(g, [])}):
        if _val(ctx.d.monitoring[item], "population") in (None, population):
            out[item] = replace(_monitoring_item(ctx, item), linked_by="related therapy")
    for c in cautions:
        for m in c.monitoring:
            if m.iri in ctx.d.monitoring and m.iri not in out:
                out[m.iri] = replace(_monitoring_item(ctx, m.iri), linked_by="caution")
    return [out[k] for k in sorted(out)]


def _path_monitoring(ctx: _Ctx, reached: list[str]) -> list[MonitoringItem]:
    out = []
    for item in sorted(ctx.d.monitoring):
        m = _monitoring_item(ctx, item)
        pop = m.population.iri if m.population else None
        if ctx.population_fits(pop) is not False:
            out.append(m)
    return out


def _diagnostic_tests(ctx: _Ctx) -> list[DiagnosticTest]:
    out = []
    members = {m for props in ctx.d.tests.values() for m in _vals(props, "member")}
    for test, props in sorted(ctx.d.tests.items()):
        if test in members:
            continue
        all_q, any_q = sorted(_vals(props, "appliesWhenAll")), sorted(_vals(props, "appliesWhenAny"))
        matched = {q: ctx.matches(q) for q in all_q + any_q}
        ok = all(matched[q] for q in all_q) and (not any_q or any(matched[q] for q in any_q))
        out.append(DiagnosticTest(
            id=test,
            type=_kind(props, "DiagnosticTest"),
            label=label_of_props(props) or ctx.label(test),
            purpose=_val(props, "purpose"),
            for_condition=ctx.ref(_val(props, "forCondition")),
            members=tuple(sorted(ctx.label(m) for m in _vals(props, "member"))),
            when=ctx.refs(all_q + any_q),
            applies=ok,
            article=_val(props, "inArticle"),
        ))
    return out


def _statement(ctx: _Ctx, st: str) -> Statement:
    s = ctx.d.statements.get(st, {})
    return Statement(st, f"{s.get('heading', '?')} › item {s.get('item', '?')}", s.get("summary"))


def _statements(ctx: _Ctx, rec: str) -> list[Statement]:
    return sorted((_statement(ctx, st) for st in ctx.d.owner_statements.get(rec, [])), key=lambda s: s.locator)


def _step_flags(ctx: _Ctx, rec: str) -> tuple[CuratorFlag, ...]:
    """The curator's flags about the step and about the statements it is derived from (by flag id)."""
    found = {f["id"]: f for f in ctx.d.flags.get(rec, [])}
    for st in ctx.d.owner_statements.get(rec, []):
        found.update({f["id"]: f for f in ctx.d.flags.get(st, [])})
    return tuple(CuratorFlag(**found[k]) for k in sorted(found))


def _citations(ctx: _Ctx, rec: str) -> list[Citation]:
    markers: dict[str, str] = {}
    for st in ctx.d.owner_statements.get(rec, []):
        for marker, label in ctx.d.statement_markers.get(st, []):
            markers[marker] = label
    out = []
    for marker, label in sorted(markers.items(), key=lambda kv: (_int(kv[1]), kv[0])):
        ref = ctx.d.marker_refs.get(marker)
        flags = tuple(CuratorFlag(**f) for f in ctx.d.flags.get(marker, []))
        if ref:
            year = _int(ref["year"])
            out.append(Citation(label, True, Reference(ref["iri"], ref["title"], year, ref["source"]),
                                text=f"[{label}] {ref['title']} ({year})", flags=flags))
        else:
            why = f"no entry {label} in the reference list"
            if marker not in ctx.d.flagged_markers:
                why += " (not flagged by the curator)"
            out.append(Citation(label, False, None, flagged=marker in ctx.d.flagged_markers,
                                text=f"[{label}] does not resolve: {why}", flags=flags))
    return out


def _int(text) -> int:
    try:
        return int(str(text)[:4]) if len(str(text)) >= 4 else int(text)
    except ValueError:
        return 0


# ---------------------------------------------------------------- ordering and relations


def _sort_key(step: Step) -> tuple:
    return (step.population_match is False, step.source.article_title or "",
            step.stage.position or 99, step.rank or 99, step.id)


def _order(ctx: _Ctx, steps: dict[str, Step], walk: str) -> tuple[list[str], dict[str, list[StepRef]]]:
    """Step order and, for each step, the steps that stand in for its therapy."""
    by_therapy: dict[tuple[str, str], list[str]] = {}
    for r, st in steps.items():
        t = st.therapy.iri if st.therapy else None
        for key in ({t} | ctx.d.therapy_groups.get(t, set())) if t else set():
            by_therapy.setdefault((st.source.article, key), []).append(r)

    def naming(r: str, therapy: str) -> list[str]:
        """Steps of r's article whose therapy is `therapy` or belongs to it."""
        return [o for o in by_therapy.get((steps[r].source.article, therapy), []) if o != r]

    if walk == "sparql":
        order = sorted(steps, key=lambda r: _sort_key(steps[r]))
        relations = {r: [] for r in steps}
        for r in order:
            alt = steps[r].alternative_to
            for target in naming(r, alt.iri) if alt else []:
                relations[target].append(_alt_ref(steps[r]))
        return order, relations
    import networkx as nx

    g = nx.MultiDiGraph()
    for r, s in steps.items():
        g.add_node(r, key=_sort_key(s))
    for r, s in steps.items():
        for prev in s.follows:
            if prev in steps:
                g.add_edge(prev, r, kind="follows")
        for kind, targets in (("alternativeTo", [s.alternative_to]), ("adjunctTo", [s.adjunct_to]),
                              ("startsWith", s.starts_with)):
            for t in targets:
                for other in naming(r, t.iri) if t else []:
                    g.add_edge(r, other, kind=kind)
    timeline = nx.DiGraph((u, v) for u, v, k in g.edges(data="kind") if k == "follows")
    timeline.add_nodes_from(g.nodes)
    try:
        order = list(nx.lexicographical_topological_sort(timeline, key=lambda n: g.nodes[n]["key"]))
    except nx.NetworkXUnfeasible:
        order = sorted(steps, key=lambda r: _sort_key(steps[r]))
    position = {r: i for i, r in enumerate(order)}
    relations = {
        r: [_alt_ref(steps[u]) for u in sorted({u for u, _, k in g.in_edges(r, data="kind") if k == "alternativeTo"},
                                               key=position.get)]
        for r in steps
    }
    return order, relations


def _gate_continuations(steps: dict[str, Step]) -> None:
    """kgv:continues: a taper or maintenance step applies only when a step it continues applies.

    Resolved in dependency order, so a chain of continuations follows its first step. Each step reads only
    the steps it continues, so any dependency order gives the same result: the standard library's sorter,
    which both walks share (it is no part of walking the graph, and networkx would cost the sparql walk its
    import, the largest of `kg paths`)."""
    from graphlib import CycleError, TopologicalSorter

    deps = TopologicalSorter({r: [t for t in s.continues if t in steps] for r, s in steps.items()})
    try:
        order = list(deps.static_order())
    except CycleError:
        order = sorted(steps)
    for rec in order:
        step = steps[rec]
        targets = [steps[t] for t in step.continues if t in steps]
        names = " / ".join(f"{t.therapy.label} ({t.stage.label})" for t in targets)
        applying = [t for t in targets if t.applies]
        live = " / ".join(f"{t.therapy.label} ({t.stage.label})" for t in applying)
        # A continuation with no qualifiers of its own applies because what it continues does, not to
        # "every patient of this population": its reason says which step it follows.
        # (what follows that default, e.g. "; avoided members left out: ...", is kept)
        own = not step.reason.startswith(NO_QUALIFIERS)
        rest = "" if own else step.reason[len(NO_QUALIFIERS):]
        if step.applies and targets and not any(t.applies for t in targets):
            steps[rec] = replace(step, applies=False, reason=f"continues {names}, which does not apply to this patient")
        elif step.applies and not step.option and targets and all(t.option for t in targets if t.applies):
            why = f"continues {live}, which is only an option for this patient"
            steps[rec] = replace(step, option=True, reason=f"{step.reason}; {why}" if own else why + rest)
        elif step.applies and targets and not own:
            verb = "applies" if len(applying) == 1 else "apply"
            steps[rec] = replace(step, reason=f"continues {live}, which {verb} to this patient" + rest)


def _displace(ctx: _Ctx, steps: dict[str, Step]) -> None:
    """A preferred alternative displaces the therapy it stands in for (same article): that step, and
    the adjuncts given with it, become options; nothing is excluded, as the article rules nothing out."""
    for rec in sorted(steps):
        s = steps[rec]
        target = s.displaces.iri if s.displaces else None
        if not target:
            continue
        article = s.source.article
        feats = ", ".join(f.label for f in s.preferred_matches)
        by = DisplacedBy(rec, s.therapy.label, s.stage.label, s.preferred_matches)
        for other in sorted(steps):
            o = steps[other]
            if o.source.article != article or not o.applies or other == rec:
                continue
            # the displaced therapy may be named by the step itself or as a class it belongs to
            own = bool(o.therapy) and not o.continues and _is_or_in(ctx, o.therapy.iri, target)
            adjunct = bool(o.adjunct_to) and _is_or_in(ctx, o.adjunct_to.iri, target)
            if not (own or adjunct):
                continue
            o = replace(o, displaced_by=o.displaced_by + (by,))
            if not o.option:
                if own:
                    why = (f"; displaced: {s.therapy.label} is preferred for this patient ({feats}); "
                           f"{o.therapy.label} stays an option, as the article does not rule it out")
                else:
                    why = (f"; given with {ctx.label(target)}, which {s.therapy.label} displaces "
                           f"for this patient ({feats}): an option only if {ctx.label(target)} is used")
                o = replace(o, option=True, reason=o.reason + why)
            steps[other] = o


def _is_or_in(ctx: _Ctx, therapy: str, target: str) -> bool:
    return therapy == target or target in ctx.d.therapy_groups.get(therapy, set())


def _number(ordered: list[Step]) -> list[Step]:
    """Number the steps that apply, one sequence per population; options and others get no number."""
    counters: dict[str | None, int] = {}
    out = []
    for s in ordered:
        if s.status == "applies" and s.population_match is not False:
            key = s.source.population.iri if s.source.population else None
            counters[key] = counters.get(key, 0) + 1
            s = replace(s, number=counters[key])
        out.append(s)
    return out


def _bounds_text(ctx: _Ctx, population: str) -> str:
    b = ctx.d.population_bounds.get(population, {})
    lo, below = b.get("minAgeYears"), b.get("belowAgeYears")
    if lo is not None and below is not None:
        return f"aged {number_text(lo)} to under {number_text(below)}"
    if lo is not None:
        return f"aged {number_text(lo)} or over"
    if below is not None:
        return f"under {number_text(below)}"
    return "no age bounds recorded"


def _amount(c: Computed) -> str:
    per = f"/{c.per}" if c.per and c.per != "period not stated" else ""
    gap = " (period not stated)" if c.per == "period not stated" else ""
    return f"{range_text(c.min, c.max)} {c.unit}{per}{gap}"


def _article_qualifiers(ctx: _Ctx) -> dict[str, set[str]]:
    """Every concept a patient feature can meet in each article: step qualifiers and preferences,
    dose adjustments and diagnostic tests."""
    out: dict[str, set[str]] = {}
    tables = (ctx.d.recs, ctx.d.adjustments, ctx.d.tests)
    for table in tables:
        for props in table.values():
            article = _val(props, "inArticle")
            if article is None:
                continue
            for term in ("appliesWhenAll", "appliesWhenAny", "preferredWhenAny"):
                out.setdefault(article, set()).update(_vals(props, term))
    return out


def _article_mentions(ctx: _Ctx, aims: bool = False) -> dict[str, set[str]]:
    """Concepts an article speaks of without gating a step: caution risks and settings, monitoring targets;
    with `aims`, what its steps are said to act on (kgv:aimsAt, e.g. imiquimod for skin thickening)."""
    out: dict[str, set[str]] = {}
    sources = (((ctx.d.recs, ("aimsAt",)),) if aims else
               ((ctx.d.cautions, ("risk", "inPatientsWith")), (ctx.d.monitoring, ("monitorsFor",))))
    for table, terms in sources:
        for props in table.values():
            article = _val(props, "inArticle")
            if article is not None:
                out.setdefault(article, set()).update(v for t in terms for v in _vals(props, t))
    return out


def _article_therapies(ctx: _Ctx) -> dict[str, set[str]]:
    """Everything an --avoid can hit in each article: named therapies, their groups and members."""
    out: dict[str, set[str]] = {}
    for props in ctx.d.recs.values():
        article = _val(props, "inArticle")
        for term in ("therapy", "adjunctTo", "alternativeTo"):
            for t in _vals(props, term):
                hit = out.setdefault(article, set())
                hit.update({t} | ctx.d.therapy_groups.get(t, set()))
                for m, groups in ctx.d.class_members.get(t, {}).items():
                    hit.update({m} | groups)
    return out


def _unmatched_inputs(ctx: _Ctx, ordered: list[Step]) -> list[Unmatched]:
    """Features and --avoid names that match nothing in an article whose guidance is shown for this
    patient: said out loud, never a silent no-op."""
    shown = sorted({s.source.article for s in ordered if s.population_match is not False})
    if not shown:
        return []
    quals, therapies, mentions = _article_qualifiers(ctx), _article_therapies(ctx), _article_mentions(ctx)
    aims = _article_mentions(ctx, aims=True)
    out = []
    for kind, items, given, hits in (
        ("feature", ctx.res.features, ctx.res.feature_names, lambda a, f: ctx.closures.get(f, {f}) & quals.get(a, set())),
        ("avoid", ctx.res.avoid, ctx.res.avoid_names, lambda a, t: {t} & therapies.get(a, set())),
    ):
        for item in items:
            silent = [a for a in shown if not hits(a, item)]
            for a in silent:
                title = ctx.d.article_titles.get(a, a)
                what = ctx.label(item)
                closure = ctx.closures.get(item, {item})
                aimed = kind == "feature" and sorted(ctx.label(x) for x in closure & aims.get(a, set()))
                mentioned = kind == "feature" and bool(aimed or closure & mentions.get(a, set()))
                if kind == "avoid":
                    text = f"The article \"{title}\" names no therapy that --avoid {given[item]} rules out."
                    named = sorted(ctx.label(t) for t in ctx.d.related_named.get(item, set())
                                   & therapies.get(a, set()))
                    if named:
                        # A curated relation (e.g. prodrug and active drug) is no licence to exclude, but
                        # a reader avoiding one must hear that the article names the other.
                        text = (text[:-1] + f"; it names {', '.join(named)}, which the graph relates to {what} "
                                "(skos:related, not the same drug): --avoid does not rule "
                                f"{'it' if len(named) == 1 else 'them'} out.")
                elif aimed:
                    kind_of = "" if aimed == [what] else f" ({what} is recorded as a kind of {', '.join(aimed)})"
                    text = (f"The article \"{title}\" mentions {', '.join(aimed)} as something a step may act on"
                            f"{kind_of}, not as a reason to choose a step: it changes none of that article's steps.")
                elif mentioned:
                    text = (f"The article \"{title}\" mentions {what} only in its cautions or monitoring: "
                            "it changes none of that article's steps.")
                else:
                    text = f"The article \"{title}\" says nothing about {what}: it changes nothing in that article's steps."
                out.append(Unmatched(kind, Given(item, ctx.label(item), given[item]), a, title, mentioned, text))
    return out


def _alt_ref(step: Step) -> StepRef:
    return StepRef(step.id, step.therapy.label, step.stage.label, step.applies)


def path_schema() -> dict:
    """The JSON Schema of a path (kg/schemas/path.schema.json, shipped as package data)."""
    import json
    from importlib.resources import files

    return json.loads(files("kg").joinpath("schemas/path.schema.json").read_text(encoding="utf-8"))


