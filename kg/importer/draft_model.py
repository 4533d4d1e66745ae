"""The importer draft's model: the drafted statements, doses and recommendations, and the vocabulary terms
the grammar's words map to.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from kg.sources.reader import Item
from kg.vocab.curie import turtle_name

from .dose_grammar import Dose
from .recognise import Lexicon

_NEGATIVE = ("contraindication", "caution", "withhold", "negated", "continue", "urgent")

DRAFT_HEADER = "# Draft written by kg import"

# The grammar's unit names (kg.importer.dose_grammar) to the vocabulary's kgv:Unit terms, each with its UCUM code in
# graph/vocab: masses, volumes, amounts of substance, units of activity ("units" as printed = [arb'U], "IU" =
# [iU]) and counts of an inhaler, tablet, drop, capsule, spray, sachet or patch. A name not here (lozenges,
# suppositories, pessaries) is reported, not drafted.
UNITS = {"mg": "unit:MilliGM", "g": "unit:GM", "mcg": "unit:MicroGM", "ng": "unit:NanoGM", "mL": "unit:MilliL",
         "L": "unit:L", "mmol": "unit:MilliMOL", "micromol": "unit:MicroMOL", "IU": "unit:IU",
         "units": "kgv:ArbitraryUnit", "puffs": "kgv:Puff", "tablets": "kgv:Tablet", "drops": "kgv:Drop",
         "capsules": "kgv:Capsule", "sprays": "kgv:Spray", "sachets": "kgv:Sachet",
         "patches": "kgv:Patch"}
_MASSES = ("mg", "g", "mcg", "ng")  # an amount of a drug is meaningful alone; a volume, units or a count is not
BASES = {
    "flat": "kgv:BasisFlat",
    "body_weight": "kgv:BasisBodyWeight",
    "ideal_body_weight": "kgv:BasisIdealBodyWeight",
    "body_surface_area": "kgv:BasisBodySurfaceArea",
}
PERIODS = {
    "dose": "kgv:PerDose",
    "day": "kgv:PerDay",
    "week": "kgv:PerWeek",
    "course": "kgv:PerCourse",
    "hour": "kgv:PerHour",  # a rate: "0.1 units/kg/hour"
    "minute": "kgv:PerMinute",
    None: "kgv:PeriodNotStated",
}
ROUTES = {
    "oral": "kgv:RouteOral",
    "intravenous": "kgv:RouteIntravenous",
    "subcutaneous": "kgv:RouteSubcutaneous",
    "topical": "kgv:RouteTopical",
    None: "kgv:RouteNotStated",
}
# Routes the vocabulary does not have yet: drafted as new kgv:Route terms for the curator to adopt.
NEW_ROUTES = {
    "inhaled": ("kgv:RouteInhaled", "inhaled"),
    "intramuscular": ("kgv:RouteIntramuscular", "intramuscular"),
    "rectal": ("kgv:RouteRectal", "rectal"),
    "sublingual": ("kgv:RouteSublingual", "sublingual"),
    "nasogastric": ("kgv:RouteNasogastric", "nasogastric"),
    "gastrostomy": ("kgv:RouteGastrostomy", "gastrostomy"),
    "intranasal": ("kgv:RouteIntranasal", "intranasal"),
    "transdermal": ("kgv:RouteTransdermal", "transdermal"),
    "intrathecal": ("kgv:RouteIntrathecal", "intrathecal"),
    "buccal": ("kgv:RouteBuccal", "buccal"),
    "intravitreal": ("kgv:RouteIntravitreal", "intravitreal"),
    "intra-articular": ("kgv:RouteIntraArticular", "intra-articular"),
    "vaginal": ("kgv:RouteVaginal", "vaginal"),
    "ophthalmic": ("kgv:RouteOphthalmic", "ophthalmic"),
    "otic": ("kgv:RouteOtic", "otic"),
    "intraosseous": ("kgv:RouteIntraosseous", "intraosseous"),
    "intradermal": ("kgv:RouteIntradermal", "intradermal"),
}
TIME_UNITS = {"hour": "kgv:Hour", "day": "kgv:Day", "week": "kgv:Week", "month": "kgv:Month", "year": "kgv:Year"}
REFERENCE_TYPES = {"guideline": "kgv:GuidelineReference", "research": "kgv:ResearchReference"}


@dataclass
class Note:
    """A line of the curator list: where, what kind of attention, and why."""

    locator: str
    line: int
    reason: str
    text: str = ""
    level: str = "info"

@dataclass
class StatementDraft:
    item: Item
    local: str
    section_local: str
    role: str = "kgv:RoleBackground"
    structured: bool = False
    needs: list[str] = field(default_factory=list)


@dataclass
class DoseDraft:
    local: str
    dose: Dose
    therapy: str | None
    statement: str
    preferred_route: str | None = None


@dataclass
class RecommendationDraft:
    local: str
    therapy: str
    stage: str
    strength: str
    statements: list[str] = field(default_factory=list)
    doses: list[str] = field(default_factory=list)
    features: list[str] = field(default_factory=list)
    duration: tuple | None = None
    stage_guessed: str = ""  # why the stage is not the article's own wording ("" when it is)


@dataclass
class Draft:
    slug: str
    prefix: str
    ttl: str
    statements: list[StatementDraft]
    doses: list[DoseDraft]
    recommendations: list[RecommendationDraft]
    markers_resolved: list[str]
    markers_dangling: list[str]
    references_matched: int
    references_new: int
    notes: list[Note]
    cautions: int
    monitoring: int
    # structured views of what was drafted, for measuring drafts against hand-read facts
    caution_facts: list[tuple[str, str | None, str]] = field(default_factory=list)  # (statement, agent, class)
    monitoring_facts: list[tuple[str, str]] = field(default_factory=list)  # (statement, label)
    # the cautions drafted for the partner of a combination warning ("do not give X with Y": Y's), (statement, agent)
    combination_cautions: set[tuple[str, str]] = field(default_factory=set)
    # the draft's own fork of the lexicon, holding the entities this draft added (read by measurement)
    lexicon: Lexicon | None = field(default=None, repr=False, compare=False)


def slugify(text: str, limit: int = 60) -> str:
    """ASCII slug of a title; accents are folded ('Kawasaki-Krankheit: Übersicht' -> 'kawasaki-krankheit-ubersicht').
    A title with no Latin letters at all (Greek, Cyrillic, CJK) gets 'article-' plus a hash of the title, so two
    such titles never share a file and the same title always gets the same one."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", folded.casefold())
    out = ""
    for w in words:
        candidate = f"{out}-{w}" if out else w
        if len(candidate) > limit:
            break
        out = candidate
    if out and any(ch.isalpha() for ch in out):
        return out
    digest = hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]
    return f"{out}-{digest}" if out else f"article-{digest}"


def _lit(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    )
    escaped = "".join(ch if ch >= " " else f"\\u{ord(ch):04X}" for ch in escaped)
    return f'"{escaped}"'


def _num(value: Decimal | int) -> str:
    d = Decimal(value)
    if d == d.to_integral_value():
        return str(int(d))
    text = format(d.normalize(), "f")
    return text if "." in text else text + ".0"
_curie = turtle_name  # one implementation: kg.vocab.curie
