"""Synthetic guideline graphs in the project's own vocabulary, for benchmarks at 10k, 100k and 1M triples.

Deterministic: the same seed and size give byte-identical files. The layout is a graph/ directory that
passes the real shapes, so `kg build --graph-dir OUT` runs the real pipeline on it: vocab/ (the real
vocabulary, copied), entities/ (synthetic conditions, therapies, populations and cited works), articles/
(one Turtle file per article: sections, statements with checksums, citation markers, reference entries,
recommendations with doses, cautions), shapes/ and rules/ (copied from graph/). Beside them,
derived.ttl holds what graph/rules derive (marker resolution, CiTO citations, name keys, condition
reach) for the loader-only baseline, and manifest.json names each file's named graph.

Shape choices that matter for query cost: the number of conditions grows with the number of articles, so
a bigger library covers more conditions while each leaf condition is still treated by the same number of
articles (ARTICLES_PER_LEAF) at every size. A question about one leaf condition is then the same size at
10k and at 1M triples, and the benchmark's "within 2x of 10k" compares like with like. Ten hub conditions
(c0-c9) have no article of their own; every leaf sits under one of them (skos:broader), so a question about
a hub gathers a tenth of all guidance. Cited works follow a skewed distribution so some works are cited by
many articles, as review articles are.
Labels are synthetic ("condition 17", "therapy 203"); no clinical content is generated.

    python benchmarks/generate.py --triples 100000 --out /tmp/kg-bench-100k
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from kg.read.names import normalise  # noqa: E402
from kg.vocab.namespaces import ART, BASE, COND, DERIVED_GRAPH, POP, REF, SHARED_GRAPH, THER  # noqa: E402

PREFIXES = f"""@prefix kgv:  <{BASE}vocab#> .
@prefix art:  <{ART}> .
@prefix cond: <{COND}> .
@prefix th:   <{THER}> .
@prefix pop:  <{POP}> .
@prefix ref:  <{REF}> .
@prefix unit: <http://qudt.org/vocab/unit/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix cito: <http://purl.org/spar/cito/> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
"""

STAGES = ["FirstLine", "Adjunct", "Alternative", "TaperMaintenance", "Escalation", "Refractory"]
STRENGTHS = ["StrengthStart", "StrengthUse", "StrengthConsider", "StrengthAdd", "StrengthContinue"]
ROLES = ["RoleGuidance", "RoleRationale", "RoleLeadIn", "RoleSummary"]
BASES = ["BasisBodyWeight", "BasisBodySurfaceArea", "BasisFlat", "BasisIdealBodyWeight"]
PERS = ["PerDay", "PerWeek", "PerDose", "PerCourse"]
ROUTES = ["RouteOral", "RouteIntravenous", "RouteSubcutaneous", "RouteNotStated"]
UNITS = ["MilliGM", "GM", "MicroGM"]

TRIPLES_PER_ARTICLE = 885  # measured average of what `article` below writes (incl. its derived triples)
HUBS = 10  # conditions c0-c9: broader conditions only, reached through skos:broader
ARTICLES_PER_LEAF = 2  # articles i and i+1 (i even) treat the same leaf condition, at every size


def leaf_of(article: int) -> int:
    """The leaf condition an article is about: fixed by the article's number, not by the library's size."""
    return HUBS + article // ARTICLES_PER_LEAF


class Writer:
    """Collects Turtle statements and counts the triples they hold."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.triples = 0

    def subject(self, subject: str, pairs: list[tuple[str, str]]) -> None:
        body = " ;\n    ".join(f"{p} {o}" for p, o in pairs)
        self.lines.append(f"{subject} {body} .")
        self.triples += len(pairs)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _sha(text: str) -> str:
    return json.dumps(hashlib.sha256(text.encode()).hexdigest())


def _q(text: str) -> str:
    return json.dumps(text)  # a valid Turtle string literal for the plain ASCII labels generated here


def _with_name_keys(subject: str, pairs: list[tuple[str, str]], keys_out: Writer) -> list[tuple[str, str]]:
    """Write the kgv:nameKey triples graph/rules/30-name-keys.rq derives to `keys_out` (the derived graph,
    loaded by the loader baseline; `kg build` derives them itself), so name lookup works as in a real build."""
    names = [
        v.strip('"') for p, v in pairs if p in ("skos:prefLabel", "skos:altLabel", "kgv:abbreviation", "dcterms:title")
    ]
    keys = sorted({normalise(n) for n in names + [subject.split(":", 1)[1]]} - {""})
    keys_out.subject(subject, [("kgv:nameKey", _q(k)) for k in keys])
    return pairs


def entities(n_conditions: int, n_therapies: int, n_works: int, rng: random.Random) -> tuple[Writer, Writer]:
    """The shared entities and their derived name keys."""
    w, d = Writer(), Writer()
    w.subject("pop:adult", [("a", "kgv:Population"), ("skos:prefLabel", '"adults"'), ("kgv:minAgeYears", "18")])
    w.subject("pop:child", [("a", "kgv:Population"), ("skos:prefLabel", '"children"'), ("kgv:belowAgeYears", "18")])
    for c in range(n_conditions):
        pairs = [
            ("a", "kgv:Condition"),
            ("skos:prefLabel", _q(f"condition {c}")),
            ("skos:altLabel", _q(f"synthetic condition {c}")),
        ]
        if c >= HUBS:
            pairs.append(("skos:broader", f"cond:c{broader_of(c)}"))
        w.subject(f"cond:c{c}", _with_name_keys(f"cond:c{c}", pairs, d))
    for t in range(n_therapies):
        w.subject(
            f"th:t{t}",
            _with_name_keys(
                f"th:t{t}",
                [("a", "kgv:Drug"), ("skos:prefLabel", _q(f"therapy {t}")), ("kgv:abbreviation", _q(f"T{t}"))],
                d,
            ),
        )
    for r in range(n_works):
        kind = "kgv:GuidelineReference" if r % 3 == 0 else "kgv:ResearchReference"
        w.subject(
            f"ref:w{r}",
            _with_name_keys(
                f"ref:w{r}",
                [
                    ("a", kind),
                    ("dcterms:title", _q(work_title(r))),
                    ("kgv:sourceTitle", _q(f"journal {r % 97}")),
                    ("dcterms:issued", f'"{1990 + r % 35}"^^xsd:gYear'),
                ],
                d,
            ),
        )
    return w, d


def work_title(r: int) -> str:
    """A cited work's title. It starts with a pseudo-word unique to the work: real titles differ from their
    first letters, and kg check compares titles within blocks sharing their first five characters, so a
    shared prefix ("cited work ...") would put every work of a 1M library in one block."""
    x, letters = (r * 7919 + 12345) % 26**6, []
    for _ in range(6):
        x, d = divmod(x, 26)
        letters.append(chr(ord("a") + d))
    return f"{''.join(letters)} cited work {r}"


def _skewed(rng: random.Random, n: int) -> int:
    """Works cited with a heavy head: low numbers are cited by many articles."""
    return min(n - 1, int(rng.paretovariate(1.2)) - 1 + (rng.randrange(n) if rng.random() < 0.7 else 0))


def broader_of(c: int) -> int | None:
    """The hub a leaf condition sits under; drawn from its own seeded stream so articles can look it up."""
    return random.Random(f"broader-{c}").randrange(HUBS) if c >= HUBS else None


def article(i: int, n_conditions: int, n_therapies: int, n_works: int, rng: random.Random) -> tuple[Writer, Writer]:
    """One article and its derived triples (marker resolution and CiTO citations)."""
    w, d = Writer(), Writer()
    a = f"art:a{i}"
    ns = f"<{ART}a{i}/"
    cond = f"cond:c{leaf_of(i)}"
    pop = "pop:adult" if i % 3 else "pop:child"
    w.subject(
        a,
        [
            ("a", "kgv:GuidelineArticle"),
            ("dcterms:title", _q(f"article {i}")),
            ("kgv:question", _q(f"treatment question {i}")),
            ("dcterms:modified", '"2025-01-01"^^xsd:date'),
            ("dcterms:publisher", '"synthetic"'),
            ("kgv:population", pop),
            ("kgv:aboutCondition", cond),
            ("kgv:sourceFile", _q(f"synthetic-{i}.txt")),
        ],
    )
    n_refs = 8
    works = sorted({_skewed(rng, n_works) for _ in range(n_refs)})
    for pos, work in enumerate(works, 1):
        w.subject(
            f"{ns}ref-{pos}>",
            [
                ("a", "kgv:ReferenceEntry"),
                ("kgv:inArticle", a),
                ("kgv:position", str(pos)),
                ("kgv:typeAsPrinted", '"Guideline"' if work % 3 == 0 else '"Research"'),
                ("kgv:titleAsPrinted", _q(work_title(work))),
                ("kgv:sourceAsPrinted", _q(f"journal {work % 97}")),
                ("kgv:yearAsPrinted", str(1990 + work % 35)),
                ("kgv:refersTo", f"ref:w{work}"),
            ],
        )
        w.subject(f"{ns}m-{pos}>", [("a", "kgv:CitationMarker"), ("kgv:inArticle", a), ("kgv:markerLabel", f'"{pos}"')])
        d.subject(f"{ns}m-{pos}>", [("kgv:resolvesTo", f"{ns}ref-{pos}>")])
        d.subject(a, [("cito:cites", f"ref:w{work}")])
    statements = []
    for s in range(1, 11):
        w.subject(
            f"{ns}sec-{s}>",
            [
                ("a", "kgv:Section"),
                ("kgv:inArticle", a),
                ("kgv:position", str(s)),
                ("kgv:heading", _q(f"section {s} of article {i}")),
                ("kgv:headingSha256", _sha(f"section {s} of article {i}")),
            ],
        )
        for item in range(1, 5):
            st = f"{ns}st-{s}-{item}>"
            markers = sorted(rng.sample(range(1, len(works) + 1), k=rng.randint(1, 2)))
            w.subject(
                st,
                [
                    ("a", "kgv:Statement"),
                    ("kgv:inArticle", a),
                    ("kgv:inSection", f"{ns}sec-{s}>"),
                    ("kgv:itemPath", f'"{item}"'),
                    ("kgv:sourceLine", str(s * 10 + item)),
                    ("kgv:role", f"kgv:{ROLES[(s + item) % len(ROLES)]}"),
                    ("kgv:markersAsPrinted", _q(", ".join(map(str, markers)))),
                    ("kgv:summary", _q(f"summary of statement {s}.{item} in article {i}")),
                    ("kgv:textSha256", _sha(f"text of statement {s}.{item} in article {i}")),
                ]
                + [("kgv:hasMarker", f"{ns}m-{m}>") for m in markers],
            )
            for m in markers:
                d.subject(st, [("cito:cites", f"ref:w{works[m - 1]}")])
            statements.append(st)
    for r in range(1, 13):
        rec, dose = f"{ns}rec-{r}>", f"{ns}dose-{r}>"
        stage = STAGES[(r - 1) // 2 % len(STAGES)]
        lo = rng.choice([0.5, 1, 2, 5, 10, 15, 20, 100, 500])
        w.subject(
            rec,
            [
                ("a", "kgv:Recommendation"),
                ("kgv:inArticle", a),
                ("kgv:forCondition", cond),
                ("kgv:population", pop),
                ("kgv:therapy", f"th:t{rng.randrange(n_therapies)}"),
                ("kgv:stage", f"kgv:{stage}"),
                ("kgv:rank", str(r % 2 + 1)),
                ("kgv:strength", f"kgv:{rng.choice(STRENGTHS)}"),
                ("kgv:dose", dose),
            ]
            + [("prov:wasDerivedFrom", st) for st in rng.sample(statements, 2)],
        )
        hub = broader_of(leaf_of(i))
        d.subject(
            rec,
            [("kgv:forConditionOrBroader", cond)]
            + ([("kgv:forConditionOrBroader", f"cond:c{hub}")] if hub is not None else []),
        )
        w.subject(
            dose,
            [
                ("a", "kgv:DoseSchedule"),
                ("kgv:amountMin", str(lo)),
                ("kgv:amountMax", str(lo * 2)),
                ("kgv:amountUnit", f"unit:{rng.choice(UNITS)}"),
                ("kgv:basis", f"kgv:{rng.choice(BASES)}"),
                ("kgv:per", f"kgv:{rng.choice(PERS)}"),
                ("kgv:route", f"kgv:{rng.choice(ROUTES)}"),
                ("kgv:noMaximumStated", "true"),
                ("prov:wasDerivedFrom", statements[r]),
            ],
        )
    for c in range(1, 3):
        w.subject(
            f"{ns}caution-{c}>",
            [
                ("a", "kgv:Caution"),
                ("kgv:inArticle", a),
                ("kgv:agent", f"th:t{rng.randrange(n_therapies)}"),
                ("kgv:risk", f"cond:c{rng.randrange(n_conditions)}"),
                ("kgv:inPatientsWith", cond),
                ("kgv:mitigation", _q(f"mitigation {c}")),
                ("prov:wasDerivedFrom", statements[-c]),
            ],
        )
    return w, d


def generate(triples: int, out: Path, seed: int = 6) -> dict:
    """Write a graph directory of about `triples` triples; return its manifest."""
    rng = random.Random(seed)
    n_articles = max(4, round(triples / TRIPLES_PER_ARTICLE))  # at least two leaf conditions
    n_conditions = leaf_of(n_articles - 1) + 1
    n_therapies = max(40, n_articles // 3)
    n_works = max(30, n_articles * 3)
    if out.exists():
        shutil.rmtree(out)
    (out / "vocab").mkdir(parents=True)
    (out / "entities").mkdir()
    (out / "articles").mkdir()
    shutil.copy(PROJECT / "graph" / "vocab" / "guideline.ttl", out / "vocab" / "guideline.ttl")
    files = {"vocab/guideline.ttl": str(SHARED_GRAPH)}
    ent, keys = entities(n_conditions, n_therapies, n_works, rng)
    (out / "entities" / "synthetic.ttl").write_text(PREFIXES + ent.text(), encoding="utf-8")
    files["entities/synthetic.ttl"] = str(SHARED_GRAPH)
    for sub in ("shapes", "rules"):  # so that `kg build --graph-dir OUT` validates and derives as for graph/
        shutil.copytree(PROJECT / "graph" / sub, out / sub)
    derived_lines: list[str] = list(keys.lines)
    total = ent.triples + keys.triples
    for i in range(n_articles):
        w, d = article(i, n_conditions, n_therapies, n_works, rng)
        name = f"articles/a{i:06d}.ttl"
        (out / name).write_text(PREFIXES + w.text(), encoding="utf-8")
        files[name] = f"{ART}a{i}"
        derived_lines.extend(d.lines)
        total += w.triples + d.triples
    (out / "derived.ttl").write_text(PREFIXES + "\n".join(derived_lines) + "\n", encoding="utf-8")
    files["derived.ttl"] = str(DERIVED_GRAPH)
    manifest = {
        "seed": seed,
        "target_triples": triples,
        "articles": n_articles,
        "conditions": n_conditions,
        "therapies": n_therapies,
        "works": n_works,
        "generated_triples_excluding_vocab": total,
        "files": files,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return manifest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--triples", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    m = generate(args.triples, args.out, args.seed)
    print(f"{args.out}: {m['articles']} articles, {m['generated_triples_excluding_vocab']} triples (+ vocabulary)")


if __name__ == "__main__":
    main()
