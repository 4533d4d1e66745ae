"""The graph as an HL7 FHIR R4 Bundle shaped by the CPG-on-FHIR profiles (clinical practice guidelines).

Why R4: the CPG-on-FHIR implementation guide (HL7 `cqf-recommendations`, 2.0.0) is published on FHIR R4,
and the profiles below are its profiles. The Bundle is checked against `fhir.resources`' R4B models, R4B being
the technical correction of R4 that leaves PlanDefinition, ActivityDefinition, Dosage and Bundle unchanged.

What goes where:
- each article -> a PlanDefinition (cpg-computableplandefinition, type clinical-protocol) whose actions are
  the stages in their graph order; each stage holds one action per recommendation, pointing at it;
  escalation is a related action ("after-start" of the first line, offset by the response window the article
  states) and `kgv:follows` / `kgv:adjunctTo` / `kgv:startsWith` are related actions too;
- each recommendation -> a PlanDefinition (cpg-recommendationdefinition, type eca-rule) with the condition and
  population as use contexts, the qualifiers as applicability conditions, the cited works as
  relatedArtifact, and one action whose definition is
- an ActivityDefinition (cpg-medicationrequestactivity for drugs: MedicationRequest, intent proposal) whose
  `dosage` carries each dose schedule: always the full wording as text, and structured fields only where the
  graph states them (see `dosage`).
Codes appear only where the graph holds a checked mapping (skos:exactMatch to ATC, RxNorm, MONDO, HP).
"""

from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal

from rdflib import URIRef
from rdflib.namespace import DCTERMS

from kg import EDUCATIONAL_NOTICE
from kg.errors import KgError
from kg.questions.dose import Named
from kg.questions.dose_text import DoseFacts, describe
from kg.store.base import Store
from kg.vocab.namespaces import ATC, BASE, HP, KGV, MONDO, RXNORM

from .facts import GraphFacts

UCUM = "http://unitsofmeasure.org"
CPG = "http://hl7.org/fhir/uv/cpg/StructureDefinition/"
PLAN_TYPE = "http://terminology.hl7.org/CodeSystem/plan-definition-type"
USAGE = "http://terminology.hl7.org/CodeSystem/usage-context-type"
ACTIVITY_TYPE = "http://hl7.org/fhir/uv/cpg/CodeSystem/cpg-activity-type-cs"
CODE_SYSTEMS = (  # graph namespace of the mapping -> FHIR code system URI, CURIE-style code prefix
    (str(ATC), "http://www.whocc.no/atc", ""),
    (str(RXNORM), "http://www.nlm.nih.gov/research/umls/rxnorm", ""),
    (str(MONDO), "http://purl.obolibrary.org/obo/mondo.owl", "MONDO:"),
    (str(HP), "http://human-phenotype-ontology.org", "HP:"),
)
# The project's closed vocabulary of periods and time units, written as UCUM codes.
PERIOD_UCUM = {KGV.PerMinute: "min", KGV.PerHour: "h", KGV.PerDay: "d", KGV.PerWeek: "wk"}
TIME_UCUM = {KGV.Hour: "h", KGV.Day: "d", KGV.Week: "wk", KGV.Month: "mo", KGV.Year: "a"}
BASIS_UCUM = {KGV.BasisBodyWeight: "/kg", KGV.BasisIdealBodyWeight: "/kg", KGV.BasisBodySurfaceArea: "/m2"}


class FhirInvalid(KgError):
    exit_code = 1


def resource_id(iri: str) -> str:
    """A FHIR id ([A-Za-z0-9-.]{1,64}) that stays the same for the same IRI."""
    local = iri[len(BASE) + len("id/"):] if iri.startswith(BASE + "id/") else iri
    slug = re.sub(r"[^A-Za-z0-9.-]+", "-", local).strip("-") or "x"
    if len(slug) <= 64:
        return slug
    return slug[:51] + "-" + hashlib.sha256(iri.encode()).hexdigest()[:12]


def computable_name(iri: str) -> str:
    """PlanDefinition.name must start with a capital letter and hold letters, digits and underscores."""
    parts = re.split(r"[^A-Za-z0-9]+", resource_id(iri))
    return "".join(p[:1].upper() + p[1:] for p in parts if p)[:254] or "X"


def stage_id(stage) -> str:
    return "stage-" + re.sub(r"[^A-Za-z0-9.-]+", "-", str(stage).rsplit("#", 1)[-1].rsplit("/", 1)[-1])


def number(x: float) -> int | Decimal:
    d = Decimal(str(x))
    return int(d) if d == d.to_integral_value() else d.normalize()


def quantity(value: float, code: str, unit: str | None = None) -> dict:
    return {"value": number(value), "unit": unit or code, "system": UCUM, "code": code}


class FhirBuilder:
    def __init__(self, facts: GraphFacts) -> None:
        self.f = facts

    # ------------------------------------------------------------ shared pieces

    def concept(self, node) -> dict:
        codings = []
        for namespace, system, prefix in CODE_SYSTEMS:
            for code in self.f.matches(node, namespace):
                codings.append({"system": system, "code": prefix + code})
        out: dict = {"text": self.f.label(node)}
        if codings:
            out = {"coding": codings, "text": self.f.label(node)}
        return out

    def population_context(self, population) -> dict:
        words = self.f.label(population)
        low, below = self.f.number(population, KGV.minAgeYears), self.f.number(population, KGV.belowAgeYears)
        bounds = []
        if low is not None:
            bounds.append(f"aged {number(low)} or over")
        if below is not None:
            bounds.append(f"under {number(below)}")
        if bounds:
            words += " (" + ", ".join(bounds) + ")"
        return {"code": {"system": USAGE, "code": "age"}, "valueCodeableConcept": {"text": words}}

    def use_context(self, condition, population) -> list[dict]:
        out = []
        if condition is not None:
            out.append({"code": {"system": USAGE, "code": "focus"}, "valueCodeableConcept": self.concept(condition)})
        if population is not None:
            out.append(self.population_context(population))
        return out

    def related_artifacts(self, things) -> list[dict]:
        cited, unresolved = self.f.citations(things)
        out = []
        seen = set()
        for c in cited:
            if c.work in seen:
                continue
            seen.add(c.work)
            markers = sorted({x.marker for x in cited if x.work == c.work})
            citation = ". ".join(x for x in (c.title, c.source, c.year) if x)
            out.append({"type": "citation", "label": ",".join(markers), "display": c.title,
                        "citation": citation, "url": str(c.work)})
        for u in unresolved:
            out.append({"type": "documentation", "label": u.marker,
                        "display": f"citation marker {u.marker} has no reference-list entry (flagged by the curator)"})
        for thing in things:
            for locator in self.f.locators(thing):
                entry = {"type": "documentation", "display": f"source statement: {locator}"}
                if entry not in out:
                    out.append(entry)
        return out

    def applicability(self, rec) -> list[dict]:
        out = []
        for prop, words in ((KGV.appliesWhenAll, "all of"), (KGV.appliesWhenAny, "any of")):
            features = self.f.all(rec, prop)
            if features:
                names = "; ".join(sorted(self.f.label(x) for x in features))
                out.append({"kind": "applicability",
                            "expression": {"description": f"the patient has {words}: {names}",
                                           "language": "text/plain", "expression": f"{words}: {names}"}})
        return out

    # ------------------------------------------------------------ dosage

    def dosage(self, dose: URIRef, sequence: int) -> dict:
        """One Dosage. Structured only where the graph states it:
        per dose -> doseQuantity/doseRange; per day or week -> rateQuantity/rateRange in UCUM rate units
        (mg/kg/d), which states the total without inventing how often it is given; per course, period not
        stated or no amount -> text only. A maximum per dose -> maxDosePerAdministration, per day/week ->
        maxDosePerPeriod."""
        d = self.f.dose(dose)  # the one dose model (kg.questions.dose), with its units' UCUM codes
        facts = DoseFacts.of(d)
        out: dict = {"sequence": sequence, "text": describe(facts)}
        if d.route is not None and d.route.iri != str(KGV.RouteNotStated):
            out["route"] = {"text": d.route.label}
        repeat: dict = {}
        if facts.times_per_day is not None:
            repeat.update(frequency=int(facts.times_per_day), period=1, periodUnit="d")
        elif facts.interval is not None:
            unit = TIME_UCUM.get(_term(d.interval_unit))
            if unit:
                repeat.update(frequency=1, period=number(facts.interval), periodUnit=unit)
        if facts.doses_min is not None:
            repeat["count"] = int(facts.doses_min)
            if facts.doses_max is not None and facts.doses_max != facts.doses_min:
                repeat["countMax"] = int(facts.doses_max)
        duration_unit = TIME_UCUM.get(_term(d.duration_unit))
        if facts.duration_min is not None and duration_unit:
            if facts.duration_max is not None and facts.duration_max != facts.duration_min:
                repeat["boundsRange"] = {"low": quantity(facts.duration_min, duration_unit),
                                         "high": quantity(facts.duration_max, duration_unit)}
            elif facts.duration_max is not None:
                repeat["boundsDuration"] = quantity(facts.duration_min, duration_unit)
        if repeat:
            out["timing"] = {"repeat": repeat}
        amount_unit = d.unit_code
        per = _term(d.per)
        if amount_unit and not facts.amount_not_stated and (facts.amount_min is not None or facts.amount_max is not None):
            code = amount_unit + BASIS_UCUM.get(_term(d.basis), "")
            if per == KGV.PerDose:
                out["doseAndRate"] = [self._amount(facts.amount_min, facts.amount_max, code, "dose")]
            elif per in PERIOD_UCUM:
                out["doseAndRate"] = [self._amount(facts.amount_min, facts.amount_max,
                                                   f"{code}/{PERIOD_UCUM[per]}", "rate")]
        max_unit = d.max_unit_code or amount_unit
        if max_unit and d.max_basis is not None:
            max_unit += BASIS_UCUM.get(_term(d.max_basis), "")  # 'mg/kg': a maximum that scales
        max_per = _term(d.max_per)
        if facts.max_amount is not None and max_unit:
            if max_per == KGV.PerDose:
                out["maxDosePerAdministration"] = quantity(facts.max_amount, max_unit)
            elif max_per in PERIOD_UCUM:
                out["maxDosePerPeriod"] = {"numerator": quantity(facts.max_amount, max_unit),
                                           "denominator": quantity(1, PERIOD_UCUM[max_per])}
        return out

    @staticmethod
    def _amount(low: float | None, high: float | None, code: str, kind: str) -> dict:
        if low is not None and (high is None or high == low):
            return {f"{kind}Quantity": quantity(low, code)}
        rng: dict = {"high": quantity(high, code)}
        if low is not None:
            rng = {"low": quantity(low, code), "high": quantity(high, code)}
        return {f"{kind}Range": rng}

    # ------------------------------------------------------------ resources

    def activity(self, rec: URIRef) -> dict:
        f = self.f
        therapy = f.one(rec, KGV.therapy)
        url = f"{rec}#activity"
        is_medicine = not f.is_a(therapy, KGV.NonDrugTherapy)
        out: dict = {
            "resourceType": "ActivityDefinition",
            "id": resource_id(str(rec)) + "-activity",
            "url": url,
            "name": computable_name(str(rec)) + "Activity",
            "title": f.label(therapy),
            "status": "draft",
            "experimental": True,
            "usage": EDUCATIONAL_NOTICE,
        }
        if is_medicine:
            out["meta"] = {"profile": [CPG + "cpg-medicationrequestactivity"]}
            out["kind"] = "MedicationRequest"
            out["profile"] = CPG + "cpg-medicationrequest"
            out["code"] = {"coding": [{"system": ACTIVITY_TYPE, "code": "order-medication"}]}
            out["intent"] = "proposal"
            out["doNotPerform"] = False
            out["productCodeableConcept"] = self.concept(therapy)
            doses = f.doses_of(rec)
            if doses:
                out["dosage"] = [self.dosage(d, i + 1) for i, d in enumerate(doses)]
            else:
                out["dosage"] = [{"sequence": 1, "text": "the article gives no dose for this recommendation"}]
        else:
            out["meta"] = {"profile": [CPG + "cpg-servicerequestactivity"]}
            out["kind"] = "ServiceRequest"
            out["intent"] = "proposal"
            out["doNotPerform"] = False
            out["code"] = self.concept(therapy)
        return out

    def recommendation(self, rec: URIRef) -> dict:
        f = self.f
        therapy, stage = f.one(rec, KGV.therapy), f.one(rec, KGV.stage)
        condition, population = f.one(rec, KGV.forCondition), f.one(rec, KGV.population)
        words = [f"{f.label(stage)} for {f.label(condition)} in {f.label(population)}"]
        if f.one(rec, KGV.strength) is not None:
            words.append(f"worded as: {f.label(f.one(rec, KGV.strength))}")
        preferred = f.all(rec, KGV.preferredWhenAny)
        if preferred:
            words.append("singled out for: " + "; ".join(sorted(f.label(x) for x in preferred)))
        replaced = f.all(rec, KGV.alternativeTo)
        if replaced:
            reasons = "; ".join(sorted(f.label(x) for x in f.all(rec, KGV.alternativeWhen))) or "no reason stated"
            words.append("instead of " + "; ".join(sorted(f.label(x) for x in replaced)) + f" ({reasons})")
        if f.text(rec, KGV.note):
            words.append(f"curator's note: {f.text(rec, KGV.note)}")
        action: dict = {"title": f.label(therapy), "description": "; ".join(words),
                        "definitionCanonical": f"{rec}#activity"}
        conditions = self.applicability(rec)
        if conditions:
            action["condition"] = conditions
        things = [rec, *f.doses_of(rec)]
        out: dict = {
            "resourceType": "PlanDefinition",
            "id": resource_id(str(rec)),
            "meta": {"profile": [CPG + "cpg-recommendationdefinition"]},
            "url": str(rec),
            "name": computable_name(str(rec)),
            "title": f"{f.label(therapy)}: {f.label(stage)} ({f.label(condition)}, {f.label(population)})",
            "type": {"coding": [{"system": PLAN_TYPE, "code": "eca-rule"}]},
            "status": "draft",
            "experimental": True,
            "description": "; ".join(words),
            "usage": EDUCATIONAL_NOTICE,
            "useContext": self.use_context(condition, population),
            "action": [action],
        }
        artifacts = self.related_artifacts(things)
        if artifacts:
            out["relatedArtifact"] = artifacts
        return out

    def article(self, art: URIRef) -> dict:
        f = self.f
        recs = f.recommendations_of(art)
        action_id = {r: "rec-" + resource_id(str(r)) for r in recs}
        by_therapy: dict = {}
        for r in recs:
            by_therapy.setdefault(f.one(r, KGV.therapy), []).append(r)
        stages: dict = {}
        for r in recs:
            stages.setdefault(f.one(r, KGV.stage), []).append(r)
        ordered = sorted(stages, key=lambda s: (f.stage_position(s), str(s)))
        first_line = stage_id(KGV.FirstLine) if KGV.FirstLine in stages else None
        stage_actions = []
        for stage in ordered:
            members = []
            for r in stages[stage]:
                act: dict = {"id": action_id[r], "title": f.label(f.one(r, KGV.therapy)),
                             "definitionCanonical": str(r)}
                conditions = self.applicability(r)
                if conditions:
                    act["condition"] = conditions
                related = []
                window = f.number(r, KGV.responseWindowValue)
                window_unit = TIME_UCUM.get(f.one(r, KGV.responseWindowUnit))
                if stage == KGV.Escalation and first_line and window is not None and window_unit:
                    related.append({"actionId": first_line, "relationship": "after-start",
                                    "offsetDuration": quantity(window, window_unit)})
                for earlier in f.all(r, KGV.follows):
                    if earlier in action_id:
                        related.append({"actionId": action_id[earlier], "relationship": "after"})
                for prop in (KGV.adjunctTo, KGV.startsWith):
                    for companion in f.all(r, prop):
                        for other in by_therapy.get(companion, []):
                            if other != r:
                                related.append({"actionId": action_id[other], "relationship": "concurrent-with-start"})
                if related:
                    act["relatedAction"] = sorted(related, key=lambda x: (x["actionId"], x["relationship"]))
                members.append(act)
            stage_actions.append({"id": stage_id(stage),
                                  "title": f.label(stage), "action": members})
        cautions = [c for c in f.of_type(KGV.Caution, KGV.Contraindication) if f.one(c, KGV.inArticle) == art]
        if cautions:
            stage_actions.append({"id": "cautions", "title": "cautions", "action": [
                {"id": "caution-" + resource_id(str(c)), "title": self.caution_title(c),
                 "description": f.text(c, KGV.mitigation) or "the article states no mitigation"} for c in cautions]})
        monitoring = [m for m in f.of_type(KGV.MonitoringItem) if f.one(m, KGV.inArticle) == art]
        if monitoring:
            stage_actions.append({"id": "monitoring", "title": "monitoring", "action": [
                {"id": "monitor-" + resource_id(str(m)), "title": f.label(m)} for m in monitoring]})
        out: dict = {
            "resourceType": "PlanDefinition",
            "id": resource_id(str(art)),
            "meta": {"profile": [CPG + "cpg-computableplandefinition"]},
            "url": str(art),
            "name": computable_name(str(art)),
            "title": f.label(art),
            "type": {"coding": [{"system": PLAN_TYPE, "code": "clinical-protocol"}]},
            "status": "draft",
            "experimental": True,
            "usage": EDUCATIONAL_NOTICE,
            "useContext": self.use_context(f.one(art, KGV.aboutCondition), f.one(art, KGV.population)),
            "action": stage_actions or [{"title": "the article records no recommendation"}],
        }
        if f.text(art, DCTERMS.modified):
            out["date"] = f.text(art, DCTERMS.modified)
        if f.text(art, DCTERMS.publisher):
            out["publisher"] = f.text(art, DCTERMS.publisher)
        if f.text(art, KGV.question):
            out["description"] = f.text(art, KGV.question)
        artifacts = [a for a in self.related_artifacts(recs) if a["type"] == "citation"]
        if artifacts:
            out["relatedArtifact"] = artifacts
        return out

    def caution_title(self, caution) -> str:
        f = self.f
        agent, risk = f.one(caution, KGV.agent), f.one(caution, KGV.risk)
        words = [f"{f.text(caution, KGV.agentDoseLevel) + ' ' if f.text(caution, KGV.agentDoseLevel) else ''}{f.label(agent) if agent is not None else 'the disease itself'}"]
        if risk is not None:
            words.append(f"risk of {f.label(risk)}")
        patients = f.one(caution, KGV.inPatientsWith)
        if patients is not None:
            words.append(f"in patients with {f.label(patients)}")
        kind = "contraindication" if f.is_a(caution, KGV.Contraindication) else "caution"
        return f"{kind}: " + ", ".join(words)

    def bundle(self) -> dict:
        entries = []
        for art in self.f.of_type(KGV.GuidelineArticle):
            resource = self.article(art)
            entries.append({"fullUrl": resource["url"], "resource": resource})
            for rec in self.f.recommendations_of(art):
                for resource in (self.recommendation(rec), self.activity(rec)):
                    entries.append({"fullUrl": resource["url"], "resource": resource})
        return {"resourceType": "Bundle", "id": "guideline-kg", "type": "collection",
                "meta": {"tag": [{"display": EDUCATIONAL_NOTICE}]}, "entry": entries}


def _json_default(value):
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(type(value).__name__)


def validate(bundle: dict) -> None:
    """Parse the Bundle with fhir.resources' models; a structural error names the element."""
    from fhir.resources.R4B.bundle import Bundle
    from pydantic import ValidationError

    try:
        Bundle.model_validate(json.loads(json.dumps(bundle, default=_json_default)))
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(x) for x in first.get("loc", ()))
        raise FhirInvalid(f"the FHIR Bundle does not validate at {where}: {first.get('msg')}",
                          "report this: the export produced a resource FHIR R4 does not allow") from None


def to_fhir(store: Store) -> str:
    """The FHIR Bundle as JSON text, validated, byte-identical for identical sources."""
    bundle = FhirBuilder(GraphFacts.read(store)).bundle()
    validate(bundle)
    return json.dumps(bundle, indent=2, ensure_ascii=False, default=_json_default) + "\n"


def _term(named: Named | None) -> URIRef | None:
    """The IRI a dose points at, as the term the tables above are keyed by."""
    return None if named is None else URIRef(named.iri)
