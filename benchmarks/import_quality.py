"""Measure `kg import` against facts read by hand: precision and recall per facet.

Each condition in tests/fixtures/import/articles/ is written in two layouts (plain text and Markdown) with
one `<name>.facts.json` of the facts a reader takes from it (see the README there). Every layout is drafted
and compared with the facts, facet by facet:

- doses: every field at once (drug, amount, unit, basis, period, route, times a day, interval, duration,
  number of doses, maximum, weight/age band); a dose with one field wrong counts as a miss and an extra
- recommendations: (drug, stage)
- cautions: (drug, caution or contraindication)
- monitoring: the hand-read keyword appears in a drafted monitoring item's statement
- references: (printed number, year)
- markers: (statement, its markers), the statement found by a phrase it contains

plus two counts that must stay zero: polarity inversions (a drug the article warns against drafted as a
recommendation) and silent drops (a non-blank input line the reader placed nowhere and reported nowhere).

Run: .venv/bin/python benchmarks/import_quality.py [store]   (default store .kg/store)
Writes benchmarks/results/import-quality.json and the table between the markers in README.md, then
regenerates docs/readme/ from README.md (scripts/sync-readme-docs.py). tests/test_import_measured.py runs
the same measurement.
"""

from __future__ import annotations

import json
import os
import re
import runpy
import sys
from collections import Counter
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from kg.importer import ImporterError
from kg.importer.dose_grammar import Dose
from kg.importer.draft import Draft, build_draft
from kg.importer.markdown import read_any
from kg.importer.recognise import Lexicon
from kg.importer.route_forms import form_tokens, route_words

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "fixtures" / "import" / "articles"
RESULTS = ROOT / "benchmarks" / "results" / "import-quality.json"
FACETS = ("doses", "recommendations", "cautions", "monitoring", "references", "markers")
BEGIN, END = "<!-- import-quality:begin -->", "<!-- import-quality:end -->"
# The sets, in the order they were written (tests/fixtures/import/articles/README.md says what each is and
# the README gives each held-out set's first-sight figures). A facts file naming a set not listed here is an
# error, so a typo cannot quietly start a row of its own.
SETS = ("development", "held-out", "held-out-2", "held-out-3", "held-out-4", "held-out-5", "held-out-6",
        "held-out-7", "held-out-8", "held-out-9", "held-out-10",
        "held-out-13", "held-out-11", "held-out-12", "held-out-14", "held-out-15",
        "held-out-16", "held-out-17", "held-out-18", "held-out-19", "held-out-20", "held-out-21", "held-out-22",
        "held-out-23", "held-out-24",
        "held-out-25", "held-out-26", "held-out-27", "held-out-31", "held-out-32")
ROUTE_NAMES = {None: "none"}
BASIS_NAMES = {"flat": "flat", "body_weight": "kg", "ideal_body_weight": "ibw", "body_surface_area": "m2"}


def _n(value: Decimal | None) -> str:
    if value is None:
        return ""
    d = Decimal(value).normalize()
    return str(int(d)) if d == d.to_integral_value() else format(d, "f")


def _range(lo, hi) -> str:
    return _n(lo) if lo == hi or hi is None else f"{_n(lo)}-{_n(hi)}"


# Two spellings of the same dose compare equal, and only those (tests/fixtures/import/articles/README.md,
# "Conventions"): a dose given once a day is both the dose and the day's amount, so per "dose" and per "day"
# agree when the times a day are exactly 1; an open band is compared as a bound ("35 kg and over", "35 kg or
# more", "at least 35 kg", ">=35 kg" are one band; "over 40 kg" is a strict bound and stays apart from ">=").
_OPEN_BAND = (
    (re.compile(r"^(?P<n>[\d.]+)\s*(?P<u>[a-z]+)\s+(?:and|or)\s+(?:over|above|more|older)$"), ">="),
    (re.compile(r"^(?:at\s+least|>=|≥)\s*(?P<n>[\d.]+)\s*(?P<u>[a-z]+)$"), ">="),
    (re.compile(r"^(?:over|above|more\s+than|older\s+than|>)\s*(?P<n>[\d.]+)\s*(?P<u>[a-z]+)$"), ">"),
    (re.compile(r"^(?:under|below|less\s+than|younger\s+than|<)\s*(?P<n>[\d.]+)\s*(?P<u>[a-z]+)$"), "<"),
    (re.compile(r"^(?:up\s+to|<=|≤)\s*(?P<n>[\d.]+)\s*(?P<u>[a-z]+)$"), "<="),
    (re.compile(r"^(?P<n>[\d.]+)\s*(?P<u>[a-z]+)\s+(?:and|or)\s+(?:under|below|less|younger)$"), "<="),
)
_UNIT_SPELLING = {"year": "years", "month": "months", "week": "weeks", "kgs": "kg"}


# How an age in weeks or days is counted ("<37 weeks' gestation", "30-34 weeks (gestational age)", "PMA <=29 weeks",
# "postnatal age 0-7 days") names the band, it does not change its bound: the band is compared by its bound alone.
_AGE_MEASURE = re.compile(
    r"\((?:corrected |post-?menstrual |postconceptional |postnatal |chronological )?(?:gestational )?age\)|"
    r"\((?:pma|ga|cga|pna|pca)\)|'|’|\b(?:corrected\s+)?(?:gestational|postmenstrual|postconceptional|postnatal|"
    r"chronological)\s+age\b|\b(?:of\s+)?gestation\b|\b(?:pma|ga|cga|pna|pca)\b|\b(?:postnatal|postmenstrual)\b")


# A band's bound is compared apart from how its age is counted (canonical_band), but a gestational and a postnatal
# age with the same bound are different patients: when BOTH sides name the measure it must agree; when one side
# names none, the bound alone decides (relax_measure).
_MEASURE_NAMES = (
    ("postmenstrual", re.compile(r"post-?menstrual|postconceptional|corrected|\b(?:pma|pca|cga)\b")),
    ("gestational", re.compile(r"gestation|\bga\b")),
    ("postnatal", re.compile(r"postnatal|chronological|\bpna\b")),
)


def band_measure(band: str | None) -> str | None:
    """How the ages of a band are counted ("gestational", "postmenstrual", "postnatal"), joined per part, or None
    when the band names no measure."""
    if band is None:
        return None
    named = []
    for part in band.casefold().split(","):
        named.append(next((name for name, pattern in _MEASURE_NAMES if pattern.search(part)), "-"))
    return None if set(named) == {"-"} else ",".join(named)


def _measures_agree(one: tuple, other: tuple) -> bool:
    """Measures agree part by part where both name one ("-" or no measure at all names none)."""
    if not one or not other:
        return True
    a, b = one[0].split(","), other[0].split(",")
    return len(a) == len(b) and all(x == y or "-" in (x, y) for x, y in zip(a, b, strict=True))


def relax_measure(got: Counter, want: Counter) -> None:
    """Let a dose whose band names no measure match one that names it (same bound, every other field equal): the
    unmatched drafted key is counted under the expected key. Two named measures that differ never match."""
    extra_got = got - want
    missing = want - got
    for key, n in list(missing.items()):
        for other, m in list(extra_got.items()):
            if n == 0:
                break
            if m == 0 or other == key:
                continue
            if key[:12] == other[:12] and _measures_agree(key[12:], other[12:]):
                k = min(n, m)
                got[other] -= k
                got[key] += k
                extra_got[other] -= k
                n -= k
    got += Counter()  # drop the zero counts


def _canonical_part(text: str) -> str:
    text = " ".join(_AGE_MEASURE.sub(" ", text).split())
    text = re.sub(r"^birth\s*(?:-|–|to)\s*", "0-", text)  # "birth to 28 days" is "0-28 days"
    for pattern, bound in _OPEN_BAND:
        m = pattern.match(text)
        if m:
            return f"{bound}{m.group('n')} {_UNIT_SPELLING.get(m.group('u'), m.group('u'))}"
    return text


# A band of renal function ("CrCl 26-50 mL/min", "eGFR <30 mL/min/1.73m2") is compared by its measure, bound and unit
# (tests/fixtures/import/articles/README.md, "Open bands" and "Renal function bands"): the measure's abbreviation or
# full name, the bound as a word or a sign, a range with a hyphen, en dash or "to", and the unit with or without spaces
# are one band; a different measure (CrCl and eGFR), bound or unit never is.
_FUNCTION_NAME = (
    (re.compile(r"^(?:crcl|clcr|creatinine\s+clearance)\b\s*"), "CrCl"),
    (re.compile(r"^(?:egfr|estimated\s+gfr|estimated\s+glomerular\s+filtration\s+rate)\b\s*"), "eGFR"),
    (re.compile(r"^(?:gfr|glomerular\s+filtration\s+rate)\b\s*"), "GFR"),
)
_FUNCTION_BOUND = (
    (re.compile(r"^(?:<=|≤|up\s+to|at\s+most)\s*"), "<="), (re.compile(r"^(?:>=|≥|at\s+least)\s*"), ">="),
    (re.compile(r"^(?:<|below|under|less\s+than)\s*"), "<"), (re.compile(r"^(?:>|above|over|more\s+than|greater\s+than)\s*"), ">"),
)
_FUNCTION_VALUE = re.compile(r"^(?:of\s+|is\s+|:\s*)?(?P<lo>[\d.]+)(?:\s*(?:-|–|to)\s*(?P<hi>[\d.]+))?\s*(?P<rest>.*)$")


def canonical_function_band(band: str) -> str | None:
    """A renal-function band in one spelling ('CrCl 26-50 mL/min', 'eGFR <30 mL/min/1.73m2'), or None when the
    band does not open with a renal measure's name."""
    text = " ".join(band.casefold().split())
    name = None
    for pattern, canonical in _FUNCTION_NAME:
        m = pattern.match(text)
        if m:
            name, text = canonical, text[m.end() :]
            break
    if name is None:
        return None
    text = re.sub(r"^(?:of|is|:)\s*", "", text)
    bound = ""
    for pattern, sign in _FUNCTION_BOUND:
        m = pattern.match(text)
        if m:
            bound, text = sign, text[m.end() :]
            break
    m = _FUNCTION_VALUE.match(text)
    if m is None:
        return None
    rest = m.group("rest")
    after = re.search(r"\s*\b(?:or|and)\s+(less|below|under|lower|more|above|over|greater|higher)$", rest)
    if after and not bound:
        bound = "<=" if after.group(1) in ("less", "below", "under", "lower") else ">="
        rest = rest[: after.start()]
    unit = re.sub(r"\s+", "", rest).replace("²", "2").replace("minute", "min").replace("ml/", "mL/")
    value = f"{m.group('lo')}-{m.group('hi')}" if m.group("hi") else f"{bound}{m.group('lo')}"
    return f"{name} {value}" + (f" {unit}" if unit else "")


def canonical_band(band: str | None) -> str | None:
    """An open band as its bound (">=35 kg"); any other band as printed. A band of two parts ("<=29 weeks PMA,
    0-28 days": gestation and postnatal age) is compared part by part; the words saying how an age is counted are not
    compared (see _AGE_MEASURE)."""
    if band is None:
        return None
    function = canonical_function_band(band)
    if function is not None:
        return function
    parts = [" ".join(p.casefold().split()) for p in band.split(",")]
    if len(parts) == 1 and not _AGE_MEASURE.search(parts[0]) and not parts[0].startswith("birth"):
        text = parts[0]
        for pattern, bound in _OPEN_BAND:
            m = pattern.match(text)
            if m:
                return f"{bound}{m.group('n')} {_UNIT_SPELLING.get(m.group('u'), m.group('u'))}"
        return band
    return ", ".join(_canonical_part(p) for p in parts)


# Unit and rate-period names as the facts files write them (tests/fixtures/import/articles/README.md): "unit" for
# units of activity whether or not the article says international ("units", "IU"), "mL", "L", "mmol", "micromol", "ng",
# and a counted form in the singular ("puff", "drop", "tablet", "capsule", "spray", "sachet", "patch"); per "hour" /
# "minute" for a rate. The draft's own names (kg.importer.dose_grammar) map onto these.
_UNIT_NAMES = {"units": "unit", "iu": "unit", "international units": "unit", "unit": "unit", "ml": "mL",
               "millilitre": "mL", "puffs": "puff", "drops": "drop", "tablets": "tablet", "mmol": "mmol",
               "capsules": "capsule", "sprays": "spray", "sachets": "sachet", "patches": "patch", "l": "L",
               "litre": "L", "umol": "micromol", "µmol": "micromol", "nanogram": "ng", "nanograms": "ng"}
_PERIOD_NAMES = {"h": "hour", "hr": "hour", "hours": "hour", "min": "minute", "minutes": "minute"}


def canonical_unit(unit: str | None) -> str | None:
    return None if unit is None else _UNIT_NAMES.get(unit.casefold(), unit)


# a maximum is a ceiling the reader may restate in another unit of mass: "max 1.2 g daily" and "max 1200 mg a day"
# are one ceiling, so a maximum in a unit of mass is compared in mg (the amount itself stays as printed: it is
# the dose the page writes, and the facts keep its unit)
_MG_PER = {"g": Fraction(1000), "mg": Fraction(1), "microgram": Fraction(1, 1000), "micrograms": Fraction(1, 1000),
           "mcg": Fraction(1, 1000), "µg": Fraction(1, 1000)}


def _canonical_max(maximum: str | None) -> str | None:
    """'600000 units dose' and '600000 unit dose' are one maximum; so are '1.2 g day' and '1200 mg day'."""
    if maximum is None:
        return None
    parts = maximum.split(" ")
    if len(parts) == 3:
        parts[1] = canonical_unit(parts[1])
        parts[2] = _PERIOD_NAMES.get(parts[2], parts[2])
        factor = _MG_PER.get(parts[1])
        if factor is not None:
            try:
                mg = Fraction(parts[0]) * factor
            except ValueError:  # a range or a word: compared as written
                return " ".join(parts)
            parts[0] = str(mg.numerator) if mg.denominator == 1 else str(float(mg))
            parts[1] = "mg"
    return " ".join(parts)


_ONCE_EVERY = re.compile(r"^1 (day|week|month|year)$")


def canonical_dose(fact: tuple) -> tuple:
    """A dose tuple with the spellings that mean the same dose made one (see the note above)."""
    out = list(fact)
    out[2] = canonical_unit(out[2])
    out[4] = _PERIOD_NAMES.get(out[4], out[4])
    out[10] = _canonical_max(out[10])
    # "70 mg once weekly": one dose every 1 week is that week's amount, whether the reader wrote per dose with
    # interval "1 week" or per week (likewise a month or a year); "every 2 weeks" and "twice a week" stay apart
    # "buccal midazolam 5 mg": an amount with no period, times a day or interval is the amount given at one time,
    # whether the reader wrote per "none" (not stated) or per "dose"; anything that times it keeps them apart
    if out[4] == "none" and out[6] is None and out[7] is None:
        out[4] = "dose"
    once_every = _ONCE_EVERY.match(out[7] or "")
    if out[4] == "dose" and out[6] is None and once_every:
        out[4], out[7] = once_every.group(1), None
        if out[4] == "day":
            out[6] = "1"
    if out[6] == "1" and out[4] in ("dose", "day"):
        out[4] = "day"
    measure = band_measure(out[11])
    out[11] = canonical_band(out[11])
    # the way an age is counted is compared only when both sides name one (see band_measure, relax_measure)
    return tuple(out) + ((measure,) if measure else ())


def dose_fact(dose: Dose, drug: str) -> tuple:
    """A drafted dose in the facts file's vocabulary."""
    if dose.at_least:
        amount = f">={_n(dose.amount_min)}"
    elif dose.ceiling:
        amount = f"<={_n(dose.amount_max)}"
    else:
        amount = _range(dose.amount_min, dose.amount_max)
    times = str(dose.times_per_day) if dose.times_per_day else (
        f"{dose.times_range[0]}-{dose.times_range[1]}" if dose.times_range else None
    )
    interval = None
    if dose.interval is not None:
        interval = f"{_range(dose.interval[0], dose.interval_max or dose.interval[0])} {dose.interval[1]}"
    duration = None
    if dose.duration is not None:
        lo, hi, unit = dose.duration
        if lo is None:
            duration = f"<={_n(hi)} {unit}"
        elif hi is None:
            duration = f">={_n(lo)} {unit}"
        else:
            duration = f"{_range(lo, hi)} {unit}"
    count = _range(*dose.doses) if dose.doses else None
    maximum = f"{_n(dose.maximum[0])} {dose.maximum[1]} {dose.maximum[2] or 'none'}" if dose.maximum else None
    return (
        drug,
        amount,
        dose.unit,
        BASIS_NAMES.get(dose.basis, dose.basis),
        dose.per or "none",
        dose.route or "none",
        times,
        interval,
        duration,
        count,
        maximum,
        dose.band,
    )


def _route(printed: str) -> str:
    """A fact's route as the convention names it: a route word of kg/importer/data/route_words.txt as printed
    ("intravaginal", "IV", "per rectum") is compared as the route it names (tests/fixtures/import/articles/README.md,
    "Routes"), so a reader who writes the page's own word and one who writes the route's name agree."""
    words, phrases, _after = route_words()
    tokens = form_tokens(printed)
    if len(tokens) == 1 and tokens[0] in words:
        return words[tokens[0]]
    return phrases.get(tokens, printed) if len(tokens) == 2 else printed


def expected_dose(fact: dict, drug: str) -> tuple:
    return (
        drug,
        fact["amount"],
        fact["unit"],
        fact["basis"],
        fact["per"],
        _route(fact["route"]),
        fact["times"],
        fact["interval"],
        fact["duration"],
        fact["count"],
        fact["max"],
        fact["band"],
    )


def _drug(lexicon: Lexicon, name: str) -> str:
    found = lexicon.therapies(name)
    if found:
        return found[0].iri
    # a substance the draft itself added as a new, flagged entity (read after the draft is built)
    return lexicon.unknown_names.get(name.casefold(), f"unrecognised:{name}")


_PRODUCT_JOIN = re.compile(r"\s*[-/]\s*")


def _drugs(lexicon: Lexicon, name: str) -> list[str]:
    """The drugs a recommendation or caution fact names. A combination product written as its components
    ('sacubitril/valsartan', 'piperacillin-tazobactam') is its components, each recommended or warned (the facts
    convention in tests/fixtures/import/articles/README.md); a dose fact keeps the first-named one (_drug), where the
    convention puts an amount given for the whole product."""
    found = lexicon.therapies(name)
    if len(found) >= 2 and not name[: found[0].start].strip() and not name[found[-1].end :].strip() and all(
            _PRODUCT_JOIN.fullmatch(name[a.end : b.start]) for a, b in zip(found, found[1:], strict=False)):
        return list(dict.fromkeys(m.iri for m in found))
    return [_drug(lexicon, name)]


def facts_of_draft(draft: Draft, article, lexicon: Lexicon) -> dict[str, Counter]:
    by_local = {s.local: s for s in draft.statements}
    out = {facet: Counter() for facet in FACETS}
    for dd in draft.doses:
        if not dd.dose.amount_not_stated:
            out["doses"][canonical_dose(dose_fact(dd.dose, dd.therapy or "no-therapy"))] += 1
    for rec in draft.recommendations:
        out["recommendations"][(rec.therapy, rec.stage.rsplit("#", 1)[-1])] += 1
    for _st, agent, kind in draft.caution_facts:
        out["cautions"][(agent, kind)] += 1
    out["monitoring_text"] = [text for _st, text in draft.monitoring_facts]
    for ref in article.references:
        out["references"][(ref.position, ref.year)] += 1
    out["statements"] = [(by_local[s.local].item.text, tuple(s.item.markers)) for s in draft.statements]
    return out


def measure_file(path: Path, facts: dict, lexicon: Lexicon) -> dict:
    data = path.read_bytes()
    article, _layout = read_any(data, path.name)
    draft = build_draft(article, lexicon, path.name)
    lexicon = draft.lexicon or lexicon  # the draft's own fork knows the entities it added
    got = facts_of_draft(draft, article, lexicon)
    want = {facet: Counter() for facet in FACETS}
    for fact in facts["doses"]:
        want["doses"][canonical_dose(expected_dose(fact, _drug(lexicon, fact["drug"])))] += 1
    relax_measure(got["doses"], want["doses"])
    for fact in facts["recommendations"]:
        for drug in _drugs(lexicon, fact["drug"]):
            want["recommendations"][(drug, fact["stage"])] += 1
    for fact in facts["cautions"]:
        for drug in _drugs(lexicon, fact["drug"]):
            want["cautions"][(drug, fact["kind"])] += 1
    for ref in facts["references"]:
        want["references"][(ref["n"], ref["year"])] += 1
    # monitoring: a hand-read keyword found in a drafted item; extras are items matching no keyword
    texts = got.pop("monitoring_text")
    matched = [k for k in facts["monitoring"] if any(k.casefold() in t.casefold() for t in texts)]
    extra = [t for t in texts if not any(k.casefold() in t.casefold() for k in facts["monitoring"])]
    want["monitoring"] = Counter(facts["monitoring"])
    got["monitoring"] = Counter(matched) + Counter({f"extra:{t}": 1 for t in extra})
    statements = got.pop("statements")
    for phrase, markers in facts["markers"]:
        want["markers"][(phrase, tuple(markers))] += 1
        hits = [m for text, m in statements if phrase in text]
        got["markers"][(phrase, hits[0] if hits else ())] += 1
    # a caution fact with "with" is the partner of a combination warning (the facts convention: "do not give X with
    # Y" warns both): the drug is warned only beside the other, so recommending it alone elsewhere inverts nothing
    warned = {d for f in facts["cautions"] if not f.get("with") for d in _drugs(lexicon, f["drug"])}
    advised = {d for f in facts["recommendations"] for d in _drugs(lexicon, f["drug"])}
    inversions = sorted(r.therapy for r in draft.recommendations if r.therapy in warned - advised)
    text = data.decode("utf-8-sig")
    return {
        "file": path.name,
        "got": got,
        "want": want,
        "inversions": inversions,
        "silent_drops": article.unaccounted(text),
    }


def precision_recall(got: Counter, want: Counter) -> tuple[int, int, int]:
    """(matched, drafted, expected)."""
    return sum((got & want).values()), sum(got.values()), sum(want.values())


def refused_file(path: Path, facts: dict, error: ImporterError) -> dict:
    """A layout the importer refuses drafts nothing: every hand-read fact of the file is a miss (the facts
    themselves stand for what was expected), and the refusal is listed, so one refused file neither stops
    the measurement nor vanishes from it."""
    want = {facet: Counter(json.dumps(x, sort_keys=True) for x in facts[facet]) for facet in FACETS}
    return {
        "file": path.name,
        "got": {facet: Counter() for facet in FACETS},
        "want": want,
        "inversions": [],
        "silent_drops": [],
        "refused": str(error),
    }


def run(lexicon: Lexicon, only: str | None = None) -> dict:
    per_set: dict[str, dict[str, list[int]]] = {}
    details = []
    inversions, drops, refused = [], [], []
    for facts_path in sorted(ARTICLES.glob("*.facts.json")):
        facts = json.loads(facts_path.read_text(encoding="utf-8"))
        if facts["set"] not in SETS:
            raise ValueError(f"{facts_path.name}: set {facts['set']!r} is not one of {', '.join(SETS)}")
        if only and facts["set"] != only:
            continue
        stem = facts_path.name[: -len(".facts.json")]
        for layout_path in sorted(ARTICLES.glob(f"{stem}.*")):
            if layout_path.name.endswith(".facts.json"):
                continue
            try:
                result = measure_file(layout_path, facts, lexicon)
            except ImporterError as error:
                result = refused_file(layout_path, facts, error)
                refused.append((result["file"], result["refused"]))
            totals = per_set.setdefault(facts["set"], {f: [0, 0, 0] for f in FACETS})
            every = per_set.setdefault("all", {f: [0, 0, 0] for f in FACETS})
            row = {"file": result["file"], "set": facts["set"], "refused": result.get("refused")}
            for facet in FACETS:
                m, g, w = precision_recall(result["got"][facet], result["want"][facet])
                for t in (totals, every):
                    t[facet][0] += m
                    t[facet][1] += g
                    t[facet][2] += w
                row[facet] = [m, g, w]
                row[f"{facet}_missed"] = sorted(map(str, (result["want"][facet] - result["got"][facet]).elements()))
                row[f"{facet}_extra"] = sorted(map(str, (result["got"][facet] - result["want"][facet]).elements()))
            inversions += [(result["file"], x) for x in result["inversions"]]
            drops += [(result["file"], x) for x in result["silent_drops"]]
            details.append(row)
    summary = {
        name: {
            facet: {
                "precision": round(m / g, 3) if g else (1.0 if not w else 0.0),
                "recall": round(m / w, 3) if w else 1.0,
                "matched": m,
                "drafted": g,
                "expected": w,
            }
            for facet, (m, g, w) in sets.items()
        }
        for name, sets in per_set.items()
    }
    return {
        "summary": summary,
        "polarity_inversions": inversions,
        "silent_drops": drops,
        "refused": refused,
        "files": details,
    }


def table(result: dict) -> str:
    lines = [
        "| set | facet | precision | recall | matched / drafted / expected |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name in [*SETS, "all"]:
        for facet, f in result["summary"].get(name, {}).items():
            lines.append(
                f"| {name} | {facet} | {f['precision']:.2f} | {f['recall']:.2f} | "
                f"{f['matched']} / {f['drafted']} / {f['expected']} |"
            )
    lines.append("")
    lines.append(
        f"Polarity inversions: {len(result['polarity_inversions'])}. "
        f"Silent drops (input lines placed nowhere): {len(result['silent_drops'])}. "
        f"Files refused by the reader (every fact missed): {len(result['refused'])}. "
        f"Files: {len(result['files'])} ({len(result['files']) // 2} conditions x 2 layouts)."
    )
    return "\n".join(lines)


def write_table(result: dict) -> None:
    """Replace the table in README.md (atomically), then regenerate docs/readme/ from it: one way to write docs."""
    block = f"{BEGIN}\n{table(result)}\n{END}"
    doc = ROOT / "README.md"
    text = doc.read_text(encoding="utf-8")
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        tmp = doc.with_name(f".{doc.name}.tmp{os.getpid()}")
        tmp.write_text(head + block + tail, encoding="utf-8")
        os.replace(tmp, doc)
    runpy.run_path(str(ROOT / "scripts" / "sync-readme-docs.py"))["sync"]()


def main(argv: list[str]) -> None:
    from kg.config import store_location
    from kg.store import open_store

    store = argv[1] if len(argv) > 1 else store_location()
    lexicon = Lexicon.from_store(open_store(store))
    result = run(lexicon)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    write_table(result)
    print(table(result))
    for name, why in result["refused"]:
        print(f"  {name} refused: {why}")
    for row in result["files"]:
        for facet in FACETS:
            for x in row[f"{facet}_missed"]:
                print(f"  {row['file']} {facet} missed: {x}")
            for x in row[f"{facet}_extra"]:
                print(f"  {row['file']} {facet} extra:  {x}")


if __name__ == "__main__":
    main(sys.argv)
