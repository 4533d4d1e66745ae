"""Compare what several articles recommend for the same therapy, a related drug or a drug class.

What is paired, and why (every pair carries its reason, `Pairing`):

- **same drug**: the same therapy IRI in two articles;
- **related drugs**: two drugs the graph relates with `skos:related` (curated in
  graph/entities/therapies.ttl; the reifying `rdf:Statement` holds the justification and its source,
  which are printed with the pair). Related drugs are compared like one drug;
- **same class**: two drugs sharing a `kgv:drugClass` (or a broader class through `skos:broader`).
  Drugs that only share a class are listed side by side by stage; their doses are shown, never equated.

Which drugs are related is graph data: nothing here names a drug.

How doses are compared (normalisation changes units only, never period or basis):

- amounts of one dimension are put in one unit through `kg.vocab.units` (UCUM codes; 1 g = 1000 mg);
- each amount keeps its own period (per day, per week, per dose, per course, period not stated) and its
  own basis (flat, per kg body weight, per kg ideal body weight, per m²). Two doses are equated only when
  both period and basis agree. A per-week, per-course or per-dose amount is never spread into a per-day
  figure. The one exception is exact, not a spread: a per-dose amount with a stated number of doses a
  day (or one dose every day) has a daily total (dose × doses a day), compared with a per-day amount;
- otherwise the amounts are shown side by side with "not compared: per week vs per day".

Each pair of recommendations is classified: same; different dose; different basis; doses not comparable
as recorded (e.g. per week vs per day); only in one article; or explained by a different population or indication (a dose or basis difference where the populations
or conditions differ too). Both sides cite their statements (locator and markers as printed).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV, RDFS, SKOS
from rdflib.term import Node

from ..read.description import prefetch_closure
from ..store.base import Store
from ..vocab import units
from ..vocab.namespaces import KGV
from .dose import Dose, iri_of, label_of
from .dose_text import DoseFacts, describe, duration_text, frequency_text, maximum_text, number_text, range_text
from .evidence import NodeView, dose_facts, format_dose, statement_evidence
from .evidence import read_dose as read_dose_model

SAME = "same"
DIFFERENT_DOSE = "different dose"
DIFFERENT_BASIS = "different basis"
ONLY_ONE = "only in one article"
EXPLAINED = "explained by a different population or indication"
NOT_COMPARABLE = "doses not comparable as recorded"

SAME_DRUG = "same drug"
RELATED_DRUGS = "related drugs"
SAME_CLASS = "same class"

# Masses are compared in this unit; other dimensions keep their own unit.
MASS_UNIT = "mg"

RECS_OF_THERAPY = """
SELECT DISTINCT ?rec ?article WHERE { ?rec kgv:therapy ?therapy ; a kgv:Recommendation ; kgv:inArticle ?article . }
"""

RECS_OF_CONDITION = """
SELECT DISTINCT ?rec ?article ?therapy WHERE {
  ?rec kgv:forConditionOrBroader ?condition ; kgv:inArticle ?article ; kgv:therapy ?therapy .
}
"""

FLAGS_ABOUT = """
SELECT DISTINCT ?flag ?kind ?level ?message WHERE {
  ?flag kgv:about ?subject ; a kgv:Flag ; kgv:flagKind ?kind ; kgv:level ?level ; kgv:message ?message .
}
"""

ALL_RECS = """
SELECT DISTINCT ?rec ?article ?therapy WHERE { ?rec a kgv:Recommendation ; kgv:therapy ?therapy ; kgv:inArticle ?article . }
"""

# A class's members: drugs of it or of a narrower class, and the class or a narrower one named as a therapy.
MEMBERS_OF_CLASS = """
SELECT DISTINCT ?therapy WHERE {
  { ?therapy kgv:drugClass ?c . ?c skos:broader* ?class . } UNION { ?therapy a kgv:DrugClass ; skos:broader* ?class . }
}
"""

CLASSES_OF_THERAPY = """
SELECT DISTINCT ?class WHERE {
  { ?therapy kgv:drugClass ?direct . ?direct skos:broader* ?class . } UNION { ?therapy a kgv:DrugClass ; skos:broader* ?class . }
}
"""

RELATED_OF = """
SELECT DISTINCT ?other WHERE { { ?therapy skos:related ?other } UNION { ?other skos:related ?therapy } }
"""


# ---------------------------------------------------------------- why two therapies are paired


@dataclass(frozen=True)
class Pairing:
    """Why two items were put side by side: the kind, the graph relation that says so, and its reason."""

    kind: str  # SAME_DRUG, RELATED_DRUGS or SAME_CLASS
    relation: str | None  # the graph property: skos:related, kgv:drugClass
    via: str | None  # the shared class (label) for SAME_CLASS
    justification: str | None  # the curator's reason, from the graph
    source: str | None
    text: str


def _class_depths(view: NodeView, therapy: Node) -> dict[Node, int]:
    """The drug's classes with their distance (1 = its own kgv:drugClass, 2 = that class's broader...)."""
    depths: dict[Node, int] = {}
    frontier, depth = view.all(therapy, KGV.drugClass), 1
    if KGV.DrugClass in view.types(therapy):  # a class named as the therapy ("anti-TNF agents")
        frontier, depth = [therapy], 0
    while frontier:
        nxt = []
        for c in sorted(frontier, key=str):
            if c not in depths:
                depths[c] = depth
                nxt += view.all(c, SKOS.broader)
        frontier, depth = nxt, depth + 1
    return depths


def _relation_note(view: NodeView, a: Node, b: Node) -> tuple[str | None, str | None]:
    """The justification and source of a skos:related statement between a and b, in either direction."""
    for s, o in ((a, b), (b, a)):
        for st in sorted(view.store.select(
            "SELECT ?st WHERE { ?st rdf:subject ?s ; rdf:predicate skos:related ; rdf:object ?o . }",
            {"s": s, "o": o},
        ).rows, key=lambda r: str(r[0])):
            note, source = view.one(st[0], RDFS.comment), view.one(st[0], DCTERMS.source)
            return (str(note) if note is not None else None, str(source) if source is not None else None)
    return None, None


def pairing(view: NodeView, a: Node, b: Node) -> Pairing | None:
    """Why therapies a and b may be compared, or None. Symmetric: pairing(a, b) == pairing(b, a)."""
    if a == b:
        return Pairing(SAME_DRUG, None, None, None, None, f"same drug: {view.label(a)}")
    first, second = sorted((a, b), key=str)  # one order, so the answer cannot depend on the argument order
    if second in view.all(first, SKOS.related) or first in view.all(second, SKOS.related):
        note, source = _relation_note(view, first, second)
        names = " and ".join(sorted((view.label(first), view.label(second)), key=str.casefold))
        text = f"related drugs (skos:related): {names}" + ("" if note else " (no justification recorded)")
        return Pairing(RELATED_DRUGS, "skos:related", None, note, source, text)
    da, db = _class_depths(view, first), _class_depths(view, second)
    shared = set(da) & set(db)
    if shared:
        cls = min(shared, key=lambda c: (da[c] + db[c], str(c)))
        return Pairing(SAME_CLASS, "kgv:drugClass", view.label(cls), None, None,
                       f"same class: {view.label(cls)} (kgv:drugClass); different drugs, doses not equated")
    return None


# ---------------------------------------------------------------- doses in comparable terms


@dataclass(frozen=True)
class NormalDose:
    """A dose in comparable terms: unit made common, period and basis kept as recorded.

    `quantity` writes the compared figure out in full ("2000 mg per kg body weight per course");
    `daily_total` is set only where it is exact (per day, or per dose with a stated number a day).
    """

    display: str
    low: float | None
    high: float | None
    unit: str | None
    basis: str | None
    period: str
    quantity: str | None
    daily_total: tuple[float | None, float] | None
    daily_text: str | None
    maximum: str | None
    maximum_amount: float | None = None  # the stated maximum in `maximum_unit` (mg for masses)
    maximum_unit: str | None = None
    maximum_period: str | None = None
    formula: list[str] = field(default_factory=list)


def _quantity(low: float | None, high: float | None, unit: str | None, basis: str | None, period: str) -> str | None:
    """The compared figure in full: amount, unit, basis (none for a flat dose) and period."""
    if high is None:
        return None
    words = [range_text(low, high, places=4), unit or "(unit not recorded)"]
    if basis:
        words.append(basis)
    words.append(f"per {period}" if period != "period not stated" else "(period not stated)")
    return " ".join(words)


@dataclass(frozen=True)
class RecordedDose:
    """A dose's numbers as the graph records them (IRIs as strings): the input of `normal_dose`."""

    display: str
    low: float | None
    high: float | None
    unit: str | None  # UCUM code
    per: str | None  # period IRI
    period: str  # its label
    basis: str | None  # basis IRI
    basis_label: str | None
    times_per_day: float | None = None
    interval_days: float | None = None  # one dose every this many days
    maximum: str | None = None
    max_amount: float | None = None
    max_unit: str | None = None  # UCUM code
    max_period: str | None = None  # label


    @classmethod
    def of(cls, d: Dose) -> RecordedDose:
        """The comparison's input from the one dose model (kg.questions.dose), read with its units' UCUM codes."""
        facts = DoseFacts.of(d)
        return cls(
            display=describe(facts),
            low=d.amount_min,
            high=d.amount_max,
            unit=d.unit_code,
            per=iri_of(d.per),
            period=d.per.label if d.per is not None else "period not stated",
            basis=iri_of(d.basis),
            basis_label=label_of(d.basis),
            times_per_day=d.times_per_day,
            interval_days=d.interval_days,
            maximum=_maximum(d, facts),
            max_amount=d.max_amount,
            max_unit=d.max_unit_code,
            max_period=label_of(d.max_per),
        )


def read_dose(view: NodeView, dose: Node) -> RecordedDose:
    return RecordedDose.of(read_dose_model(view, dose, codes=True))


def normal_dose(d: RecordedDose) -> NormalDose:
    """Put the amount in one unit; keep period and basis. A daily total only where it is exact."""
    formula: list[str] = []
    low, high, unit = d.low, d.high, d.unit
    f = units.factor(d.unit, MASS_UNIT)
    if f is not None and high is not None:
        low = units.convert(d.low, d.unit, MASS_UNIT) if d.low is not None else None
        high, unit = units.convert(d.high, d.unit, MASS_UNIT), MASS_UNIT
        if f != 1.0:
            formula.append(f"{range_text(d.low, d.high)} {d.unit} × {_n(f)} = {range_text(low, high, 4)} {MASS_UNIT}")
    basis_words = None if d.basis == str(KGV.BasisFlat) else d.basis_label  # a flat dose reads "1000 mg per dose"
    max_amount, max_unit = d.max_amount, d.max_unit
    if max_amount is not None and units.factor(max_unit, MASS_UNIT) is not None:
        max_amount, max_unit = units.convert(max_amount, max_unit, MASS_UNIT), MASS_UNIT
    daily = None
    if high is not None:
        if d.per == str(KGV.PerDay):
            daily = (low, high)
        elif d.per == str(KGV.PerDose):
            times = d.times_per_day
            if times is None and d.interval_days == 1:
                times = 1.0  # one dose every day
            if times:
                daily = (low * times if low is not None else None, high * times)
                formula.append(
                    f"daily total: {_quantity(low, high, unit, basis_words, 'dose')} × {_n(times)} a day = "
                    f"{_quantity(daily[0], daily[1], unit, basis_words, 'day')}"
                )
    return NormalDose(
        display=d.display,
        low=low,
        high=high,
        unit=unit,
        basis=d.basis_label,
        period=d.period,
        quantity=_quantity(low, high, unit, basis_words, d.period),
        daily_total=daily,
        daily_text=_quantity(daily[0], daily[1], unit, basis_words, "day") if daily else None,
        maximum=d.maximum,
        maximum_amount=max_amount,
        maximum_unit=max_unit,
        maximum_period=d.max_period,
        formula=formula,
    )


def normalise(view: NodeView, dose: Node) -> NormalDose:
    return normal_dose(read_dose(view, dose))


def _n(x: float | None) -> str:
    return number_text(x, places=4)


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _maximum(d: Dose, facts: DoseFacts) -> str | None:
    if facts.max_amount is None and not facts.no_maximum_stated:
        return None
    text = maximum_text(facts)
    code = d.max_unit_code
    if facts.max_amount is not None and code not in (None, MASS_UNIT):
        converted = units.convert(facts.max_amount, code, MASS_UNIT)
        if converted is not None:
            text += f" (= {_n(converted)} {MASS_UNIT})"
    return text


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class Side:
    article: str
    article_title: str
    recommendation: str
    therapy: str
    therapy_label: str
    stage: str | None
    population: str | None
    indication: list[str]
    dose: NormalDose | None
    dose_from: str | None
    route: str | None
    duration: str | None
    frequency: str | None
    maximum: str | None
    citations: list[dict]
    # the curator's flags about the recommendation or its dose ("basis read as actual body weight")
    flags: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class Row:
    classification: str
    underlying: str | None
    explained_by: list[str]
    differences: list[dict]
    sides: list[Side]
    paired_because: list[str]


@dataclass(frozen=True)
class TherapyComparison:
    therapy: str  # the group's first therapy IRI (the one drug, for a single drug)
    label: str
    therapies: list[str]
    articles: list[str]
    pairing: Pairing
    rows: list[Row]


@dataclass(frozen=True)
class ClassItem:
    therapy: str
    therapy_label: str
    stage: str
    population: str | None
    recommendation: str
    doses: list[str]


@dataclass(frozen=True)
class ClassPair:
    """Two drugs of one class at the same stage in two articles, and why they stand side by side."""

    stage: str
    articles: list[str]
    therapies: list[str]
    labels: list[str]
    because: Pairing


@dataclass(frozen=True)
class ClassComparison:
    drug_class: str
    label: str
    by_article: dict[str, list[ClassItem]]
    pairs: list[ClassPair]


@dataclass(frozen=True)
class Comparison:
    subject: str | None
    subject_label: str | None
    therapies: list[TherapyComparison]
    classes: list[ClassComparison]
    addressed_by: list[str]  # the articles with any recommendation for the subject (all articles without one)


# ---------------------------------------------------------------- building sides


def _doses(view: NodeView, rec: Node) -> tuple[list[Node], Node | None]:
    doses = sorted(view.all(rec, KGV.dose), key=str)
    source = view.one(rec, KGV.doseFrom)
    if not doses and source is not None:
        return sorted(view.all(source, KGV.dose), key=str), source
    return doses, None


def _indication(view: NodeView, rec: Node) -> list[str]:
    out = [f"for {view.label(c)}" for c in sorted(view.all(rec, KGV.forCondition), key=str)]
    for prop, words in ((KGV.appliesWhenAny, "when any of"), (KGV.appliesWhenAll, "when all of")):
        if view.all(rec, prop):
            out.append(f"{words}: {', '.join(sorted(view.label(f) for f in view.all(rec, prop)))}")
    if view.all(rec, KGV.alternativeTo):
        reasons = sorted(view.label(r) for r in view.all(rec, KGV.alternativeWhen))
        out.append(
            f"instead of {', '.join(sorted(view.label(t) for t in view.all(rec, KGV.alternativeTo)))}"
            + (f" ({', '.join(reasons)})" if reasons else "")
        )
    return out


def _citations(view: NodeView, nodes: list[Node]) -> list[dict]:
    statements = sorted(
        {st for n in nodes for st in view.all(n, PROV.wasDerivedFrom)}, key=str
    )
    out = []
    for st in statements:
        ev = statement_evidence(view, st)
        out.append(
            {
                "statement": ev.iri,
                "locator": ev.locator,
                "markers": ev.markers_as_printed,
                "references": sorted({c.work_title for c in ev.citations if c.work_title}),
                "unresolved": sorted({c.label for c in ev.citations if not c.resolved}),
            }
        )
    return out


def _side(view: NodeView, rec: Node, dose: Node | None, dose_from: Node | None) -> Side:
    article = view.one(rec, KGV.inArticle)
    therapy = view.one(rec, KGV.therapy)
    model = read_dose_model(view, dose, codes=True) if dose is not None else None  # the one read of the dose
    normal = normal_dose(RecordedDose.of(model)) if model is not None else None
    facts = DoseFacts.of(model) if model is not None else None
    duration = (duration_text(facts) if facts else "") or duration_text(dose_facts(view, rec))
    return Side(
        article=str(article),
        article_title=view.label(article),
        recommendation=str(rec),
        therapy=str(therapy),
        therapy_label=view.label(therapy),
        stage=view.label(view.one(rec, KGV.stage)) or None,
        population=view.label(view.one(rec, KGV.population)) or None,
        indication=_indication(view, rec),
        dose=normal,
        dose_from=str(dose_from) if dose_from is not None else None,
        route=view.label(view.one(dose, KGV.route)) if dose is not None and view.one(dose, KGV.route) else None,
        duration=duration or None,
        frequency=(frequency_text(facts) or None) if facts else None,
        maximum=normal.maximum if normal else None,
        citations=_citations(view, [rec] + ([dose] if dose is not None else [])),
        flags=_flags(view, [rec] + ([dose] if dose is not None else [])),
    )


def _flags(view: NodeView, subjects: list[Node]) -> list[dict]:
    """The curator's flags about any of these nodes, by flag id (kgv:about is read from the flag's side)."""
    found: dict[str, dict] = {}
    for subject in subjects:
        for flag, kind, level, message in view.store.select(FLAGS_ABOUT, {"subject": subject}).rows:
            found[str(flag)] = {"id": str(flag), "kind": str(kind).rsplit("#", 1)[-1], "level": str(level),
                                "message": str(message)}
    return [found[k] for k in sorted(found)]


# ---------------------------------------------------------------- comparing two doses


def dose_relation(a: NormalDose, b: NormalDose) -> tuple[bool | None, str]:
    """(equal?, note) for two normalised doses; equal is None where they cannot be compared."""
    if a.high is None and b.high is None:
        return (a.display == b.display), "no amount stated on either side"
    if a.high is None or b.high is None:
        return None, "an amount is stated on one side only"
    if a.unit != b.unit:
        return None, f"not compared: amounts in {a.unit} vs {b.unit}"
    if a.basis != b.basis:
        return None, f"not equated: different basis ({a.quantity} vs {b.quantity})"
    if a.period == b.period:
        equal = _close(a.low, b.low) and _close(a.high, b.high)
        return equal, f"per {a.period}: {a.quantity} vs {b.quantity}"
    if a.daily_total is not None and b.daily_total is not None:
        equal = _close(a.daily_total[0], b.daily_total[0]) and _close(a.daily_total[1], b.daily_total[1])
        return equal, f"as daily totals: {a.daily_text} vs {b.daily_text}"
    return None, (
        f"not compared: per {a.period} vs per {b.period} ({a.quantity} vs {b.quantity}); "
        "an amount is compared only per its own period"
    )


def _dose_difference(a: NormalDose | None, b: NormalDose | None) -> tuple[str | None, list[dict]]:
    """(classification of the dose itself, differences) for two normalised doses."""
    if a is None or b is None:
        if a is None and b is None:
            return None, []
        return ONLY_ONE, [
            {"field": "dose", "values": [a and a.display, b and b.display], "note": "a dose is given in one article only"}
        ]
    na, nb = a, b
    diffs: list[dict] = []
    kind = None
    if na.basis != nb.basis:
        diffs.append({"field": "basis", "values": [na.basis, nb.basis]})
        kind = DIFFERENT_BASIS
    equal, note = dose_relation(na, nb)
    if equal is True:
        if na.display != nb.display:
            diffs.append({"field": "dose", "values": [na.display, nb.display], "note": note, "equal": True})
    else:
        diffs.append({"field": "dose", "values": [na.display, nb.display], "note": note})
        kind = kind or (DIFFERENT_DOSE if equal is False else NOT_COMPARABLE)
    return kind, diffs


def compare_sides(a: Side, b: Side, paired_because: list[str] | None = None) -> Row:
    kind, diffs = _dose_difference(a.dose, b.dose)
    one_sided = (a.dose is None) != (b.dose is None)
    if one_sided:
        kind = ONLY_ONE
    daily_equal = (
        kind is None and a.dose and b.dose and a.dose.period != b.dose.period
        and a.dose.daily_total and b.dose.daily_total
    )
    for name in ("stage", "duration") if one_sided else ("stage", "route", "duration", "frequency", "maximum"):
        va, vb = getattr(a, name), getattr(b, name)
        if va == vb:
            continue
        if name == "frequency" and daily_equal:
            diffs.append({"field": name, "values": [va, vb], "note": "folded into the daily totals, which are equal", "equal": True})
            continue
        diffs.append({"field": name, "values": [va, vb]})
        if name in ("route", "duration", "frequency", "maximum") and a.dose and b.dose:
            kind = kind or DIFFERENT_DOSE
    explained = []
    if a.population != b.population:
        diffs.append({"field": "population", "values": [a.population, b.population]})
        explained.append(f"population: {a.population or 'not stated'} vs {b.population or 'not stated'}")
    if sorted(a.indication) != sorted(b.indication):
        diffs.append({"field": "indication", "values": [a.indication, b.indication]})
        explained.append("indication: " + " vs ".join("; ".join(s.indication) or "not stated" for s in (a, b)))
    because = list(paired_because or [])
    if kind is None:
        return Row(SAME, None, [], diffs, [a, b], because)
    if explained and kind != ONLY_ONE:
        return Row(EXPLAINED, kind, explained, diffs, [a, b], because)
    return Row(kind, None, [], diffs, [a, b], because)


# ---------------------------------------------------------------- pairing recommendations


def _rec_score(view: NodeView, ra: Node, rb: Node) -> tuple[int, list[str]]:
    """How well two recommendations of two articles match, and the reasons, most telling first."""
    ta, tb = view.one(ra, KGV.therapy), view.one(rb, KGV.therapy)
    why = pairing(view, ta, tb)
    score, reasons = 0, [why.text] if why else []
    if ta == tb:
        score += 4
    sa, sb = view.one(ra, KGV.stage), view.one(rb, KGV.stage)
    if sa == sb and sa is not None:
        score += 2
        reasons.append(f"same stage: {view.label(sa)}")
    else:
        reasons.append(f"closest match; stages differ: {view.label(sa) or '?'} vs {view.label(sb) or '?'}")
    da, db = _doses(view, ra)[0], _doses(view, rb)[0]
    if da and db:
        score += 1
        ma, mb = read_dose_model(view, da[0], codes=True), read_dose_model(view, db[0], codes=True)
        na, nb = normal_dose(RecordedDose.of(ma)), normal_dose(RecordedDose.of(mb))
        if na.basis == nb.basis and na.period == nb.period:
            score += 1
            reasons.append(f"doses of one basis and period ({na.basis}, per {na.period})")
        da_desc, db_desc = ma.descriptor, mb.descriptor
        if da_desc is not None and da_desc == db_desc:
            score += 1
            reasons.append(f"same dose descriptor: {da_desc}")
    return score, reasons


def _pairs(view: NodeView, recs_a: list[Node], recs_b: list[Node]) -> list[tuple[Node | None, Node | None, list[str]]]:
    """Pair recommendations of two articles, best match first; the rest stand alone.

    Deterministic: ties are broken by IRI, and each recommendation is used at most once."""
    scored = []
    for ra in recs_a:
        for rb in recs_b:
            score, reasons = _rec_score(view, ra, rb)
            scored.append((-score, str(ra), str(rb), ra, rb, reasons))
    pairs: list[tuple[Node | None, Node | None, list[str]]] = []
    used_a: set[Node] = set()
    used_b: set[Node] = set()
    for neg, _sa, _sb, ra, rb, reasons in sorted(scored, key=lambda s: s[:3]):
        if ra in used_a or rb in used_b or neg > -2:  # at least the same stage, or the same drug
            continue
        pairs.append((ra, rb, reasons))
        used_a.add(ra)
        used_b.add(rb)
    pairs += [(ra, None, []) for ra in sorted(recs_a, key=str) if ra not in used_a]
    pairs += [(None, rb, []) for rb in sorted(recs_b, key=str) if rb not in used_b]
    return pairs


def _dose_pairs(view: NodeView, da: list[Node], db: list[Node]) -> list[tuple[Node | None, Node | None]]:
    if not da or not db:
        return [(da[0] if da else None, db[0] if db else None)] if (da or db) else [(None, None)]
    scored = []
    for x in da:
        for y in db:
            nx_, ny = normalise(view, x), normalise(view, y)
            score = (nx_.basis == ny.basis) * 2 + (nx_.period == ny.period)
            scored.append((-score, str(x), str(y), x, y))
    out, ux, uy = [], set(), set()
    for _s, _x, _y, x, y in sorted(scored, key=lambda s: s[:3]):
        if x not in ux and y not in uy:
            out.append((x, y))
            ux.add(x)
            uy.add(y)
    out += [(x, None) for x in da if x not in ux] + [(None, y) for y in db if y not in uy]
    return out


def _alone(view: NodeView, rec: Node, dose: Node | None, source: Node | None, first: bool, field_: str) -> Row:
    side = _side(view, rec, dose, source)
    value = side.stage if field_ == "recommendation" else format_dose(view, dose)
    return Row(ONLY_ONE, None, [], [{"field": field_, "values": [value, None] if first else [None, value]}], [side], [])


def compare_group(view: NodeView, therapies: list[Node], recs: dict[Node, list[Node]]) -> TherapyComparison:
    """Compare, article against article, the recommendations of one drug or of drugs the graph relates."""
    articles = sorted(recs, key=str)
    rows: list[Row] = []
    for i, art_a in enumerate(articles):
        for art_b in articles[i + 1 :]:
            for ra, rb, reasons in _pairs(view, sorted(recs[art_a], key=str), sorted(recs[art_b], key=str)):
                if ra is None or rb is None:
                    rec = ra if ra is not None else rb
                    doses, source = _doses(view, rec)
                    rows.append(_alone(view, rec, doses[0] if doses else None, source, ra is not None, "recommendation"))
                    continue
                (da, sa), (db, sb) = _doses(view, ra), _doses(view, rb)
                for x, y in _dose_pairs(view, da, db):
                    if (x is None) != (y is None) and da and db:
                        rec, dose, source = (ra, x, sa) if x is not None else (rb, y, sb)
                        rows.append(_alone(view, rec, dose, source, x is not None, "dose"))
                        continue
                    rows.append(compare_sides(_side(view, ra, x, sa), _side(view, rb, y, sb), reasons))
    ordered = sorted(therapies, key=lambda t: (view.label(t).casefold(), str(t)))
    label = " / ".join(view.label(t) for t in ordered)
    why = pairing(view, ordered[0], ordered[0])
    # A group of several drugs is joined by skos:related statements: name the first one, in a fixed order.
    for i, a in enumerate(ordered):
        direct = [pairing(view, a, b) for b in ordered[i + 1 :] if b in view.all(a, SKOS.related) or a in view.all(b, SKOS.related)]
        if direct:
            why = direct[0]
            break
    return TherapyComparison(str(ordered[0]), label, [str(t) for t in ordered], [str(a) for a in articles], why, rows)


def _groups(view: NodeView, therapies: set[Node]) -> list[list[Node]]:
    """Therapies joined into groups by the graph's skos:related (connected components), sorted."""
    parent = {t: t for t in therapies}

    def root(t: Node) -> Node:
        while parent[t] != t:
            t = parent[t]
        return t

    for t in sorted(therapies, key=str):
        for other in view.all(t, SKOS.related):
            if other in parent:
                a, b = sorted((root(t), root(other)), key=str)
                parent[b] = a
    groups: dict[Node, list[Node]] = {}
    for t in sorted(therapies, key=str):
        groups.setdefault(root(t), []).append(t)
    return sorted(groups.values(), key=lambda g: [str(t) for t in g])


# ---------------------------------------------------------------- class level


def _class_level(
    view: NodeView, classes: list[Node], recs: list[tuple[Node, Node, Node]], always: bool
) -> list[ClassComparison]:
    out = []
    for cls in sorted(set(classes), key=str):
        members = {r[0] for r in view.store.select(MEMBERS_OF_CLASS, {"class": cls}).rows}
        items: dict[str, list[ClassItem]] = {}
        for rec, article, therapy in recs:
            if therapy not in members:
                continue
            doses, _src = _doses(view, rec)
            items.setdefault(str(article), []).append(
                ClassItem(
                    therapy=str(therapy),
                    therapy_label=view.label(therapy),
                    stage=view.label(view.one(rec, KGV.stage)),
                    population=view.label(view.one(rec, KGV.population)) or None,
                    recommendation=str(rec),
                    doses=[normalise(view, d).quantity or format_dose(view, d) for d in doses],
                )
            )
        if len(items) < 2:
            continue
        drug_sets = [{i.therapy for i in v} for v in items.values()]
        if not always and all(s == drug_sets[0] for s in drug_sets):
            continue  # the same drugs on every side: compared drug by drug above
        for v in items.values():
            v.sort(key=lambda i: (i.stage, i.therapy_label, i.recommendation))
        pairs = []
        arts = sorted(items)
        for i, a in enumerate(arts):
            for b in arts[i + 1 :]:
                for stage in sorted({x.stage for x in items[a]} & {x.stage for x in items[b]}):
                    for ta in sorted({x.therapy for x in items[a] if x.stage == stage}):
                        for tb in sorted({x.therapy for x in items[b] if x.stage == stage}):
                            why = pairing(view, URIRef(ta), URIRef(tb))
                            if why is not None and why.kind != SAME_DRUG:  # one drug is compared above
                                labels = [view.label(URIRef(ta)), view.label(URIRef(tb))]
                                pairs.append(ClassPair(stage, [a, b], [ta, tb], labels, why))
        out.append(ClassComparison(str(cls), view.label(cls), dict(sorted(items.items())), pairs))
    return out


# ---------------------------------------------------------------- entry points


def resolve_subject(store: Store, name: str) -> tuple[URIRef, str]:
    """The IRI a name denotes, and whether it is a condition or a therapy (a drug class counts as a therapy)."""
    from ..errors import UnknownName
    from ..read.names import NameIndex

    names = NameIndex(store)
    try:
        return names.resolve(name, "therapy"), "therapy"
    except UnknownName:
        iri = names.resolve(name, "condition", "therapy")
    kind = "condition" if store.ask("ASK { ?x a kgv:Condition }", {"x": iri}) else "therapy"
    return iri, kind


def compare(store: Store, subject: URIRef | None = None, subject_kind: str | None = None) -> Comparison:
    """Compare what the articles say: every therapy (or related drugs) more than one article addresses,
    and drug classes used differently; optionally only for a condition, a therapy or a drug class."""
    view = NodeView(store)
    rows = [(r[0], r[1], r[2]) for r in store.select(ALL_RECS).rows]
    always_classes = False
    if subject is not None and subject_kind == "condition":
        rows = [(r[0], r[1], r[2]) for r in store.select(RECS_OF_CONDITION, {"condition": subject}).rows]
        wanted = {r[2] for r in rows}
    elif subject is not None and KGV.DrugClass in view.types(subject):
        wanted = {r[0] for r in store.select(MEMBERS_OF_CLASS, {"class": subject}).rows}
        always_classes = True
    elif subject is not None:
        wanted = {subject} | {r[0] for r in store.select(RELATED_OF, {"therapy": subject}).rows}
    else:
        wanted = {r[2] for r in rows}
    rows = sorted((r for r in rows if r[2] in wanted), key=lambda r: (str(r[0]), str(r[1]), str(r[2])))
    # Read the recommendations and what they point at (doses, statements, therapies, units) in batches:
    # a bounded number of queries instead of one per node (kg.read.description.prefetch_closure).
    prefetch_closure(store, view._descriptions, [r[0] for r in rows] + [r[2] for r in rows], hops=3)
    by_therapy: dict[Node, dict[Node, list[Node]]] = {}
    for rec, article, therapy in rows:
        by_therapy.setdefault(therapy, {}).setdefault(article, []).append(rec)
    comparisons = []
    for group in _groups(view, set(by_therapy)):
        recs: dict[Node, list[Node]] = {}
        for t in group:
            for article, rs in by_therapy[t].items():
                recs.setdefault(article, []).extend(rs)
        if len(recs) > 1:
            comparisons.append(compare_group(view, group, recs))
    comparisons.sort(key=lambda t: (t.label.casefold(), t.therapy))
    if subject is not None and KGV.DrugClass in view.types(subject):
        classes = [subject]
    else:
        classes = sorted({r[0] for t in by_therapy for r in store.select(CLASSES_OF_THERAPY, {"therapy": t}).rows}, key=str)
    return Comparison(
        str(subject) if subject is not None else None,
        view.label(subject) if subject is not None else None,
        comparisons,
        _class_level(view, classes, rows, always_classes),
        sorted({str(r[1]) for r in rows}),
    )
