"""Compare what several articles recommend for the same therapy, side by side.

For each therapy that more than one article addresses, recommendations are paired across articles
(same stage first, then by dose), and each pair is compared field by field: stage, dose, basis,
route, duration, frequency, maximum, population and indication. Doses are normalised before they
are compared, so that equal doses written two ways compare equal:

- amounts to milligrams through the unit's UCUM code (qudt:ucumCode; 1 g = 1000 mg),
- periods to a daily rate through kgv:days (per week = 7 days), and a per-dose amount given a set
  number of times a day, or once every N days, to the same rate (per dose once daily == per day).

Each pair is classified: same; different dose; different basis; only in one article; or explained by
a different population or indication (a dose or basis difference where the populations or
conditions differ too). Both sides cite their statements (locator and markers as printed).

Drugs of one class that different articles use at the same place (e.g. two glucocorticoids) are
listed side by side at class level; their doses are shown, never equated.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from rdflib import URIRef
from rdflib.term import Node

from . import units
from .dose_text import duration_text, frequency_text, maximum_text, number_text, range_text
from .evidence import NodeView, dose_facts, format_dose, statement_evidence
from .namespaces import KGV, QUDT
from .results_format import shorten
from .store import Store

SAME = "same"
DIFFERENT_DOSE = "different dose"
DIFFERENT_BASIS = "different basis"
ONLY_ONE = "only in one article"
EXPLAINED = "explained by a different population or indication"

THERAPIES_IN_SEVERAL_ARTICLES = """
SELECT ?therapy (COUNT(DISTINCT ?article) AS ?articles) WHERE {
  ?rec a kgv:Recommendation ; kgv:therapy ?therapy ; kgv:inArticle ?article .
}
GROUP BY ?therapy HAVING (COUNT(DISTINCT ?article) > 1)
"""

RECS_OF_THERAPY = """
SELECT DISTINCT ?rec ?article WHERE { ?rec kgv:therapy ?therapy ; a kgv:Recommendation ; kgv:inArticle ?article . }
"""

RECS_OF_CONDITION = """
SELECT DISTINCT ?rec ?article ?therapy WHERE {
  ?rec kgv:forConditionOrBroader ?condition ; kgv:inArticle ?article ; kgv:therapy ?therapy .
}
"""

CLASS_RECS = """
SELECT DISTINCT ?rec ?article ?therapy WHERE {
  ?therapy kgv:drugClass ?class . ?rec kgv:therapy ?therapy ; a kgv:Recommendation ; kgv:inArticle ?article .
}
"""

CLASSES_OF_THERAPIES = """
SELECT DISTINCT ?class WHERE { ?rec a kgv:Recommendation ; kgv:therapy ?therapy . ?therapy kgv:drugClass ?class . }
"""


@dataclass
class NormalDose:
    """A dose in comparable terms, with the arithmetic that got it there."""

    display: str
    low_mg: float | None
    high_mg: float | None
    basis: str | None
    period: str
    period_days: float | None
    formula: list[str] = field(default_factory=list)

    def rate(self) -> tuple[float, float] | None:
        """Amount per day (mg, per basis unit) when the period is known in days."""
        if self.low_mg is None or self.high_mg is None or not self.period_days:
            return None
        return self.low_mg / self.period_days, self.high_mg / self.period_days


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def normalise(view: NodeView, dose: Node) -> NormalDose:
    formula: list[str] = []
    low, high = view.number(dose, KGV.amountMin), view.number(dose, KGV.amountMax)
    if low is None and high is not None:
        low = high  # a ceiling compares by its bound
    unit = view.one(dose, KGV.amountUnit)
    code = str(view.one(unit, QUDT.ucumCode)) if unit is not None and view.one(unit, QUDT.ucumCode) else None
    factor = units.factor(code, "mg")
    low_mg = high_mg = None
    if low is not None and factor is not None:
        low_mg, high_mg = low * factor, (high if high is not None else low) * factor
        if factor != 1.0:
            formula.append(f"{_r(low, high)} {code} × {_n(factor)} = {_r(low_mg, high_mg)} mg")
    per = view.one(dose, KGV.per)
    period = view.label(per) if per is not None else "not stated"
    days = view.number(per, KGV.days) if per is not None else None
    if per == KGV.PerDose:
        times = view.number(dose, KGV.timesPerDay)
        interval = view.number(dose, KGV.intervalValue)
        interval_days = view.number(view.one(dose, KGV.intervalUnit), KGV.days) if interval is not None else None
        if times and low_mg is not None:
            low_mg, high_mg = low_mg * times, high_mg * times
            days = 1.0
            formula.append(f"per dose × {_n(times)} a day = {_r(low_mg, high_mg)} mg per day")
        elif interval is not None and interval_days:
            days = interval * interval_days
            formula.append(f"one dose every {_n(days)} day(s) = per {_n(days)} day(s)")
    if days and days != 1.0 and low_mg is not None:
        formula.append(f"per {_n(days)} days ÷ {_n(days)} = {_r(low_mg / days, high_mg / days)} mg per day")
    basis = view.one(dose, KGV.basis)
    return NormalDose(
        format_dose(view, dose),
        low_mg,
        high_mg,
        view.label(basis) if basis is not None else None,
        period,
        days,
        formula,
    )


def _n(x: float | None) -> str:
    return number_text(x, places=4)


def _r(low: float | None, high: float | None) -> str:
    return range_text(low, high, places=4)


# ---------------------------------------------------------------- results


@dataclass
class Side:
    article: str
    article_title: str
    recommendation: str
    stage: str | None
    population: str | None
    indication: list[str]
    dose: dict | None
    dose_from: str | None
    route: str | None
    duration: str | None
    frequency: str | None
    maximum: str | None
    citations: list[dict]


@dataclass
class Row:
    classification: str
    underlying: str | None
    explained_by: list[str]
    differences: list[dict]
    sides: list[Side]


@dataclass
class TherapyComparison:
    therapy: str
    label: str
    articles: list[str]
    rows: list[Row]


@dataclass
class ClassComparison:
    drug_class: str
    label: str
    by_article: dict[str, list[dict]]


@dataclass
class Comparison:
    subject: str | None
    subject_label: str | None
    therapies: list[TherapyComparison]
    classes: list[ClassComparison]

    def as_dict(self) -> dict:
        return asdict(self)


# ---------------------------------------------------------------- building sides


def _doses(view: NodeView, rec: Node) -> tuple[list[Node], Node | None]:
    doses = view.all(rec, KGV.dose)
    source = view.one(rec, KGV.doseFrom)
    if not doses and source is not None:
        return view.all(source, KGV.dose), source
    return doses, None


def _indication(view: NodeView, rec: Node) -> list[str]:
    out = [f"for {view.label(c)}" for c in view.all(rec, KGV.forCondition)]
    out += (
        [f"when any of: {', '.join(sorted(view.label(f) for f in view.all(rec, KGV.appliesWhenAny)))}"]
        if view.all(rec, KGV.appliesWhenAny)
        else []
    )
    out += (
        [f"when all of: {', '.join(sorted(view.label(f) for f in view.all(rec, KGV.appliesWhenAll)))}"]
        if view.all(rec, KGV.appliesWhenAll)
        else []
    )
    if view.all(rec, KGV.alternativeTo):
        reasons = sorted(view.label(r) for r in view.all(rec, KGV.alternativeWhen))
        out.append(
            f"instead of {', '.join(sorted(view.label(t) for t in view.all(rec, KGV.alternativeTo)))}"
            + (f" ({', '.join(reasons)})" if reasons else "")
        )
    return out


def _duration(view: NodeView, node: Node) -> str | None:
    return duration_text(dose_facts(view, node)) or None


def _frequency(view: NodeView, dose: Node) -> str | None:
    return frequency_text(dose_facts(view, dose)) or None


def _maximum(view: NodeView, dose: Node) -> str | None:
    facts = dose_facts(view, dose)
    if facts.max_amount is None and not facts.no_maximum_stated:
        return None
    text = maximum_text(facts)
    unit = view.one(dose, KGV.maxUnit)
    factor = units.factor(str(view.one(unit, QUDT.ucumCode)), "mg") if unit is not None else None
    if facts.max_amount is not None and factor not in (None, 1.0):
        text += f" (= {_n(facts.max_amount * factor)} mg)"  # mass units compared in mg
    return text


def _citations(view: NodeView, nodes: list[Node]) -> list[dict]:
    statements = sorted(
        {st for n in nodes for st in view.all(n, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))}, key=str
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
    normal = normalise(view, dose) if dose is not None else None
    return Side(
        article=str(article),
        article_title=view.label(article),
        recommendation=str(rec),
        stage=view.label(view.one(rec, KGV.stage)) or None,
        population=view.label(view.one(rec, KGV.population)) or None,
        indication=_indication(view, rec),
        dose=asdict(normal) if normal else None,
        dose_from=str(dose_from) if dose_from is not None else None,
        route=view.label(view.one(dose, KGV.route))
        if dose is not None and view.one(dose, KGV.route) is not None
        else None,
        duration=_duration(view, dose) if dose is not None and _duration(view, dose) else _duration(view, rec),
        frequency=_frequency(view, dose) if dose is not None else None,
        maximum=_maximum(view, dose) if dose is not None else None,
        citations=_citations(view, [rec] + ([dose] if dose is not None else [])),
    )


# ---------------------------------------------------------------- comparing


def _dose_difference(a: dict | None, b: dict | None) -> tuple[str | None, list[dict]]:
    """(classification of the dose itself, differences) for two normalised doses."""
    if a is None or b is None:
        if a is None and b is None:
            return None, []
        return ONLY_ONE, [
            {
                "field": "dose",
                "values": [a and a["display"], b and b["display"]],
                "note": "a dose is given in one article only",
            }
        ]
    diffs: list[dict] = []
    kind = None
    if a["basis"] != b["basis"]:
        diffs.append({"field": "basis", "values": [a["basis"], b["basis"]]})
        kind = DIFFERENT_BASIS
    na, nb = NormalDose(**a), NormalDose(**b)
    ra, rb = na.rate(), nb.rate()
    if ra and rb:
        equal = _close(ra[0], rb[0]) and _close(ra[1], rb[1])
        note = f"per day: {_r(*ra)} mg vs {_r(*rb)} mg"
    elif a["period"] == b["period"] and na.low_mg is not None and nb.low_mg is not None:
        equal = _close(na.low_mg, nb.low_mg) and _close(na.high_mg, nb.high_mg)
        note = f"per {a['period']}: {_r(na.low_mg, na.high_mg)} mg vs {_r(nb.low_mg, nb.high_mg)} mg"
    elif na.low_mg is None and nb.low_mg is None:
        equal, note = a["display"] == b["display"], "no amount stated on either side"
    else:
        equal, note = False, f"not comparable: per {a['period']} vs per {b['period']}"
    if not equal:
        diffs.append({"field": "dose", "values": [a["display"], b["display"]], "note": note})
        kind = kind or DIFFERENT_DOSE
    else:
        diffs_note = {"field": "dose", "values": [a["display"], b["display"]], "note": note, "equal": True}
        if a["display"] != b["display"]:
            diffs.append(diffs_note)  # written differently, equal once normalised
    return kind, diffs


def compare_sides(a: Side, b: Side) -> Row:
    kind, diffs = _dose_difference(a.dose, b.dose)
    one_sided = (a.dose is None) != (b.dose is None)
    if one_sided:
        kind = ONLY_ONE
    for name in ("stage", "duration") if one_sided else ("stage", "route", "duration", "frequency", "maximum"):
        va, vb = getattr(a, name), getattr(b, name)
        if va != vb and name == "frequency" and kind is None and a.dose and b.dose and NormalDose(**a.dose).rate():
            # The frequency is folded into the daily rate, which compared equal.
            diffs.append(
                {"field": name, "values": [va, vb], "note": "equivalent once normalised to a daily rate", "equal": True}
            )
            continue
        if va != vb:
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
    if kind is None:
        return Row(SAME, None, [], diffs, [a, b])
    if explained and kind != ONLY_ONE:
        return Row(EXPLAINED, kind, explained, diffs, [a, b])
    return Row(kind, None, [], diffs, [a, b])


def _pairs(view: NodeView, recs_a: list[Node], recs_b: list[Node]) -> list[tuple[Node | None, Node | None]]:
    """Pair recommendations of two articles: same stage first, then by dose; the rest stand alone."""
    scored = []
    for ra in recs_a:
        for rb in recs_b:
            score = 2 if view.one(ra, KGV.stage) == view.one(rb, KGV.stage) else 0
            da, db = _doses(view, ra)[0], _doses(view, rb)[0]
            if da and db:
                score += 1
                na, nb = normalise(view, da[0]), normalise(view, db[0])
                score += bool(na.rate() and nb.rate()) + (
                    view.one(da[0], KGV.doseDescriptor) is not None
                    and view.one(da[0], KGV.doseDescriptor) == view.one(db[0], KGV.doseDescriptor)
                )
            scored.append((-score, str(ra), str(rb), ra, rb))
    pairs: list[tuple[Node | None, Node | None]] = []
    used_a: set[Node] = set()
    used_b: set[Node] = set()
    for neg, _sa, _sb, ra, rb in sorted(scored):
        if ra in used_a or rb in used_b or neg == 0:
            continue
        pairs.append((ra, rb))
        used_a.add(ra)
        used_b.add(rb)
    pairs += [(ra, None) for ra in sorted(recs_a, key=str) if ra not in used_a]
    pairs += [(None, rb) for rb in sorted(recs_b, key=str) if rb not in used_b]
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
    for _s, _x, _y, x, y in sorted(scored):
        if x not in ux and y not in uy:
            out.append((x, y))
            ux.add(x)
            uy.add(y)
    out += [(x, None) for x in da if x not in ux] + [(None, y) for y in db if y not in uy]
    return out


def compare_therapy(view: NodeView, therapy: Node, recs: dict[Node, list[Node]]) -> TherapyComparison:
    articles = sorted(recs, key=str)
    rows: list[Row] = []
    for i, art_a in enumerate(articles):
        for art_b in articles[i + 1 :]:
            for ra, rb in _pairs(view, sorted(recs[art_a], key=str), sorted(recs[art_b], key=str)):
                if ra is None or rb is None:
                    rec = ra if ra is not None else rb
                    doses, source = _doses(view, rec)
                    side = _side(view, rec, doses[0] if doses else None, source)
                    rows.append(
                        Row(
                            ONLY_ONE,
                            None,
                            [],
                            [
                                {
                                    "field": "recommendation",
                                    "values": [side.stage, None] if ra is not None else [None, side.stage],
                                }
                            ],
                            [side],
                        )
                    )
                    continue
                (da, sa), (db, sb) = _doses(view, ra), _doses(view, rb)
                for x, y in _dose_pairs(view, da, db):
                    if (x is None) != (y is None) and da and db:
                        rec, dose, source = (ra, x, sa) if x is not None else (rb, y, sb)
                        rows.append(
                            Row(
                                ONLY_ONE,
                                None,
                                [],
                                [{"field": "dose", "values": [format_dose(view, dose)]}],
                                [_side(view, rec, dose, source)],
                            )
                        )
                        continue
                    rows.append(compare_sides(_side(view, ra, x, sa), _side(view, rb, y, sb)))
    return TherapyComparison(str(therapy), view.label(therapy), [str(a) for a in articles], rows)


def _class_level(
    view: NodeView, store: Store, classes: list[Node], allowed_recs: set[Node] | None
) -> list[ClassComparison]:
    out = []
    for cls in sorted(set(classes), key=str):
        by_article: dict[str, list[dict]] = {}
        drugs_by_article: dict[str, set[Node]] = {}
        for rec, article, therapy in store.select(CLASS_RECS, {"class": cls}).rows:
            if allowed_recs is not None and rec not in allowed_recs:
                continue
            doses, _src = _doses(view, rec)
            by_article.setdefault(str(article), []).append(
                {
                    "therapy": view.label(therapy),
                    "stage": view.label(view.one(rec, KGV.stage)),
                    "recommendation": str(rec),
                    "doses": [format_dose(view, d) for d in doses],
                }
            )
            drugs_by_article.setdefault(str(article), set()).add(therapy)
        if len(by_article) < 2:
            continue
        sets = list(drugs_by_article.values())
        if all(s == sets[0] for s in sets):
            continue  # the same drugs on every side: compared drug by drug above
        for rows in by_article.values():
            rows.sort(key=lambda r: (r["stage"], r["therapy"], r["recommendation"]))
        out.append(ClassComparison(str(cls), view.label(cls), dict(sorted(by_article.items()))))
    return out


def compare(store: Store, subject: URIRef | None = None, subject_kind: str | None = None) -> Comparison:
    """Compare every therapy more than one article addresses; optionally only for a condition or a therapy."""
    view = NodeView(store)
    recs_by_therapy: dict[Node, dict[Node, list[Node]]] = {}
    allowed: set[Node] | None = None
    if subject is not None and subject_kind == "condition":
        allowed = set()
        for rec, article, therapy in store.select(RECS_OF_CONDITION, {"condition": subject}).rows:
            recs_by_therapy.setdefault(therapy, {}).setdefault(article, []).append(rec)
            allowed.add(rec)
        classes = [c for t in recs_by_therapy for c in view.all(t, KGV.drugClass)]
    elif subject is not None:
        therapies = [subject]
        classes = view.all(subject, KGV.drugClass)
        if KGV.DrugClass in view.types(subject):
            classes.append(subject)
        for therapy in therapies:
            for rec, article in store.select(RECS_OF_THERAPY, {"therapy": therapy}).rows:
                recs_by_therapy.setdefault(therapy, {}).setdefault(article, []).append(rec)
    else:
        for therapy, _n_articles in store.select(THERAPIES_IN_SEVERAL_ARTICLES).rows:
            for rec, article in store.select(RECS_OF_THERAPY, {"therapy": therapy}).rows:
                recs_by_therapy.setdefault(therapy, {}).setdefault(article, []).append(rec)
        classes = [row[0] for row in store.select(CLASSES_OF_THERAPIES).rows]
    therapies = [
        compare_therapy(view, t, recs)
        for t, recs in sorted(recs_by_therapy.items(), key=lambda kv: str(kv[0]))
        if len(recs) > 1
    ]
    therapies.sort(key=lambda t: t.label.casefold())
    return Comparison(
        str(subject) if subject is not None else None,
        view.label(subject) if subject is not None else None,
        therapies,
        _class_level(view, store, classes, allowed),
    )


def short(iri: str) -> str:
    return shorten(URIRef(iri))
