"""Turn a read article into a draft in the curation format of graph/articles (Turtle text).

The draft has the generated skeleton a curator would otherwise type — article, sections,
statements with locators and checksums, citation markers, reference-list entries — plus every
piece of guidance the importer could structure: recommendations, dose schedules, cautions and
monitoring items, each derived from its statements. What it could not structure stays as a
statement with a role and a kgv:note beginning "needs curation". Unknowns are never filled in:
an unstated period is kgv:PeriodNotStated, an unstated route kgv:RouteNotStated, an unstated
maximum kgv:noMaximumStated, each with a flag where a reader would need the detail.

Output is deterministic: everything is emitted in reading order with stable local names.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal

from kg.sources.reader import JOIN_LINE, Article, Item, ReferenceEntry, sentence_starts, split_markers, text_checksum
from kg.vocab.curie import local_name, turtle_name
from kg.vocab.namespaces import ART, BASE, COND, KGV, PREFIXES, REF

from . import ImporterError
from .band_bounds import BandBounds, band_bounds
from .context import (
    CONTRAINDICATION_LABEL,
    MILDER_LABEL,
    RESTRICTION,
    RISK_CUE,
    SIDE_EFFECTS,
    UNLESS_FAILED,
    Clause,
    circumstance_spans,
    clause_at,
    clauses,
    dose_ceiling,
    in_failed_span,
    kept_for_a_group,
    later_stage,
    mask_provisos,
    risk_phrase,
    statement_reading,
    threshold_word,
)
from .course_lines import course_instruction, course_line, every_row_course, heading_course
from .cue_words import cue_words
from .dose_grammar import (
    Dose,
    band_measure_kind,
    bands_in,
    caption_course,
    form_routes_in,
    is_course_label,
    parse_statement,
    repeat_line,
    route_word_spans,
    routes_in,
    switch_routes,
    two_measures,
)
from .function_bands import function_measure_of, is_unnamed_band
from .recognise import (
    Lexicon,
    Mention,
    could_be_drug,
    is_caution,
    is_monitoring,
    is_preference,
    is_scope,
    monitoring_reading,
    risk_region,
    severity_heading,
    states_no_check,
)
from .substances import glossary, learn_dosed_substances
from .turtle_out import write_draft
from .vocabulary import class_members, product_entry

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
# a statement that goes on with the course of the one before it ("Then 5 mg/kg once daily on days 2 to 5")
_CONTINUES = re.compile(r"\s*(?:then|followed\s+by|after\s+that|thereafter)\b", re.IGNORECASE)
_QUESTION_SUBJECT = re.compile(
    r"(?:patients? with|treatment (?:of|for)|management of|therapy for|for)\s+"
    r"(?:an?\s+|the\s+)?(?P<subject>[^?]+?)\s*\??$",
    re.IGNORECASE,
)


@dataclass
class Note:
    """A line of the curator list: where, what kind of attention, and why."""

    locator: str
    line: int
    reason: str
    text: str = ""
    level: str = "info"


# What a product holds ("One four-drug tablet holds isoniazid 75 mg, ...", "each capsule contains 250 mg", "Each tablet:
# isoniazid 75 mg"): the amounts after these words, up to the end of the sentence, are strengths, not doses to give.
_PRODUCT = (r"(?:tablets?|capsules?|caplets?|sachets?|vials?|ampoules?|pills?|products?|preparations?|formulations?|"
            r"fdcs?|combinations?|suppositor(?:y|ies)|patch(?:es)?|pens?|inhalers?|pessar(?:y|ies)|lozenges?)")
_COMPOSITION_VERB = re.compile(
    r"\b" + _PRODUCT + r"\b[^.;:]{0,40}?\b(?:contains?|containing|holds?|holding|comprises?|comprising|consists? of|"
    r"consisting of|(?:is|are) made (?:up )?of)\b|\beach " + _PRODUCT + r"\s*(?::|\()", re.IGNORECASE)
# a caption or lead-in saying its rows list what a product holds ("content per tablet", "Composition of the FDC tablets",
# "strengths available:")
_COMPOSITION_CAPTION = re.compile(
    r"\b(?:contents?|composition|strengths?) (?:per|of (?:each|one|the))\b|\b(?:per|each) (?:tablet|capsule|sachet)\b(?!s)|"
    r"\bcomposition\b|\bstrengths? (?:available|supplied)\b|\b(?:available|supplied) (?:as|in)\b|"
    + _COMPOSITION_VERB.pattern, re.IGNORECASE)
# a fluid named right after the volume a dose is made up in ("2 g in 100 mL sodium chloride 0.9%", "made up to 50 mL
# with glucose 5%", "in 250 mL of 5% glucose"): the text before the fluid's name ends so
_DILUENT_BEFORE = re.compile(r"\b(?:in|to|into)\s+(?:a\s+)?\d+(?:\.\d+)?\s*(?:mL|ml|millilitres?|L|litres?)\s+"
                             r"(?:(?:with|of)\s+)?(?:\d+(?:\.\d+)?\s*%\s+)?\Z")
_SENTENCE_STOP = re.compile(r"[.;](?:\s|$)")
# a warning clause with no subject after a dose and a semicolon ("X 100 mg twice daily; contraindicated in pregnancy",
# a table row and its Contraindications cell): it is about the drug dosed before it
_SUBJECTLESS_AFTER_DOSE = re.compile(r"\s*;\s*(?:contra-?indicated|(?:use )?with caution|caution|avoid (?:in|if|with|during)|"
                                     r"not (?:for|in|to be used|recommended (?:in|for))|do not use (?:in|if|with|during))\b",
                                     re.IGNORECASE)
# the same warning to the end of its clause: it names no stage of the drug dosed before it
_SUBJECTLESS_WARNING = re.compile(_SUBJECTLESS_AFTER_DOSE.pattern + r"[^;]*", re.IGNORECASE)

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


SEAL = "# kg-import-sha256: "


def seal(ttl: str) -> str:
    """The draft with a checksum line of its own text, so a later run can tell an untouched draft from an
    edited one by its content, not by a header a curator would leave in place."""
    lines = ttl.split("\n", 1)
    body = lines[1] if len(lines) > 1 else ""
    return f"{lines[0]}\n{SEAL}{hashlib.sha256(body.encode('utf-8')).hexdigest()}\n{body}"


def is_untouched_draft(text: str) -> bool:
    """True only for a file kg import wrote and nobody has changed since (its checksum line still matches)."""
    parts = text.split("\n", 2)
    if len(parts) < 3 or not parts[0].startswith(DRAFT_HEADER) or not parts[1].startswith(SEAL):
        return False
    return hashlib.sha256(parts[2].encode("utf-8")).hexdigest() == parts[1][len(SEAL) :].strip()


def _prefix_for(slug: str) -> str:
    initials = "".join(w[0] for w in slug.split("-") if w and w[0].isalpha())[:4] or "d"
    prefix = initials
    while prefix in PREFIXES or prefix in ("kgv", "xsd", "unit"):
        prefix += "x"
    return prefix


# words naming a group of patients of their own (data/cue_words.txt [group_opening_words])
_GROUP_OPENING_WORDS = cue_words("group_opening_words")
# a label opening a paragraph's first sentence ('Elderly: avoid ...', 'Children under 12 years: give ...'): a few words
# up to a colon, with no sentence stop before it (see _Builder.paragraph_label)
_PARAGRAPH_LABEL = re.compile(r"^\W*(?P<label>[^.;:!?]{2,50}?):\s+\S")

# a patient label's own words, after its band's numbers, units and bound words are set aside
_LABEL_BAND_WORDS = re.compile(
    r"\d+(?:\.\d+)?|[-–—<>≤≥=()]|\b(?:kg|years?|yrs?|months?|weeks?|days?|to|and|or|under|over|below|above|up|"
    r"less|more|than|at|least|older|younger)\b", re.I)


def _is_patient_label(text: str) -> bool:
    """'Children 1 month-17 years', 'Adolescents 12-17 years', 'Adults': a short line naming only patients."""
    words = _LABEL_BAND_WORDS.sub(" ", text).casefold().split()
    return 0 < len(words) <= 4 and len(text.split()) <= 10 and all(w in cue_words("patient_label_words") for w in words)


# a band that is a bound or a span and so is never a course length on its own ('under 6 months', '6 months-6 years',
# '12 years and over', '10-20 kg')
_CERTAIN_BAND = re.compile(r"\b(?:under|over|below|above|up to|at least|less than|more than|and over|and above|"
                           r"and older|or more|or older|and under)\b|\bkg\b|\d\s*(?:months?|years?)-\d", re.I)


# a footnote's mark opening its line ('† 1 g in severe infection', 'ᵃ Not in pregnancy'): a dagger, a section or
# paragraph sign, or a superscript letter (an asterisk opening a line is a bullet to the reader)
_FOOTNOTE_OPENING = re.compile(r"^\s*[\u2020\u2021\u00a7\u00b6\u1d43\u1d47\u1d9c\u1d48\u1d49]+\s*")


def _bare_band_label(text: str) -> tuple[str, bool] | None:
    """The band of a line that states one age or weight band and nothing else but patient words: a flattened
    table's band cell on a line of its own ('Under 6 months', '6-12 years', '1 month to 11 months'), with whether
    the band is certain by itself (a bound, a span in two units, a weight) or only as a row's label (a bare range of
    years or months, which after a dose could be its course). None for any other line; days, weeks and hours are
    never read here (a bare '5-7 days' cell is a course)."""
    t = text.strip(" *_:\t")
    if not t or len(t.split()) > 10 or _LABEL_BAND_WORDS.sub(" ", t).casefold().split() and not _is_patient_label(t):
        return None
    found = bands_in(t)
    certain = len(found) == 1
    if not found:
        found = bands_in(t + ":")  # read as a row label ('6-12 years:'), the one place a bare range is a band
    if len(found) != 1 or band_measure_kind(found[0]) not in ("age", "weight"):
        return None
    band = found[0]
    if re.search(r"\b(?:days?|weeks?|hours?)\b", band):
        return None
    if not certain and not _CERTAIN_BAND.search(band) and "-" not in band:
        return None  # '3 months' alone: a course length as often as an age
    return band, certain or bool(_CERTAIN_BAND.search(band))


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


# the substance right after a warning cue, with a "-containing"/"-based" product word ('dextrose-containing fluids')
_WARNED_OBJECT = re.compile(r"\s+(?:the\s+|any\s+|all\s+)?(?P<w>[a-z][a-z]{3,})(?:-(?:containing|based)\b)", re.I)
# "as a substitute for", "instead of", "in place of", "rather than": the drug named next is the one to keep
_SUBSTITUTE_FOR = re.compile(
    r"\b(?:as\s+(?:an?\s+)?(?:substitutes?|replacements?|alternatives?)\s+(?:for|to)|instead\s+of|in\s+place\s+of|"
    r"rather\s+than)\s+",
    re.IGNORECASE,
)
_WITH_AFTER_CUE = re.compile(r"\b(?:with|plus)\s+(?!(?:great\s+|extra\s+|particular\s+|special\s+)?caution\b)", re.I)
_LIST_JOIN = re.compile(r"\s*(?:,\s*(?:(?:or|and|and/or)\s+)?|(?:or|and|and/or)\s+)(?:an?\s+|other\s+|any\s+)?", re.I)
_WITH_CAUTION = re.compile(r"\bwith\s+(?:great\s+|extra\s+|particular\s+|special\s+)?caution\b")
_CIRCUMSTANCE_WORD = re.compile(r"\b(?:until|before|after|unless|without|with)\b", re.I)
# the words that open the reason a check is made, after the check (", because ...", ": ..."; data/cue_words.txt
# [check_reason_words]); the reason runs to the end of the sentence
_CHECK_REASON = re.compile(r"(?::\s+|,?\s+(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(
    cue_words("check_reason_words"), key=len, reverse=True)) + r")\s+)(?=[^.;:]*$)", re.I)
# the words that stand for drugs named before them ("it", "these drugs", "either drug", "both of them"; data/
# cue_words.txt [anaphor_words]), longest first so "either of these drugs" is read whole
_ANAPHORS = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(cue_words("anaphor_words"), key=len, reverse=True))
# a warning clause that speaks of a drug named before it: a pronoun ("use it with caution", "avoid them in ...") or
# the bare instruction with no object ("use with caution", "avoid in pregnancy")
_BACK_REFERENCE = re.compile(
    r"\b(?:" + _ANAPHORS + r")\b|"
    r"\b(?:use|avoid|give)\s+(?:only\s+)?(?:with|in|during|if|when|for|and)\b|\b(?:use|avoid)\s*$",
    re.I,
)
# a harm that is a pattern of drug use ("medication-overuse headache"), named after a statement of risk
_STATE_HARM = re.compile(r"(?:[\w-]+[\s-]+)?(?:" + "|".join(
    re.escape(w) for w in sorted(cue_words("use_pattern_nouns"), key=len, reverse=True)) + r")\b", re.I)
# a pronoun that stands for a drug named before ("it is contraindicated ...", "avoid them ...")
_PRONOUN_BACK = re.compile(r"\b(?:" + _ANAPHORS + r")\b", re.I)
# an instruction to give what follows ("Start at 25 mcg daily", "Resume 0.6 mg twice daily", "Give 5 mg"): a bare
# dose said this way is the drug's the page is about; one only described ("the older 200 mcg start") is not
_INSTRUCTION = re.compile(
    r"^\W*(?:then\s+)?(?:start|begin|give|take|use|resume|continue|prescribe|administer|apply|offer|initiate)\b", re.I
)
# an instruction verb straight before an amount, opening a later clause ("After the first doses, wait 12 hours, then
# resume 0.6 mg twice daily"): the sentence gives that amount, as one opening on the verb does
_INSTRUCTED_AMOUNT = re.compile(
    r"(?:[,;]\s*(?:and\s+)?(?:then\s+)?|\bthen\s+)(?:start|begin|give|take|resume|continue|administer)\s+"
    r"(?:it\s+|at\s+|with\s+)?\d", re.I)
# a line that is a dose and nothing else: an amount first ("250 mg four times daily for 10 days") or after a short
# label of the patients or the setting ("Child 1-5 years: 125 mg twice daily", "Adults: 500 mg"); on a page about one
# drug such a line is that drug's, as a reader of a drug monograph takes it
_AMOUNT_LINE = re.compile(r"^\W*(?:[^:.;!?]{1,60}:\s*)?(?:about\s+|up\s+to\s+)?\d", re.I)
_REASON = re.compile(r",\s*(?:as|since|because)\b|\s(?:because|since)\b|\bdue to\b|:\s", re.I)
# the verb of a dose given after a warning about the same drug ("reduce the dose to", "give", "use")
# routes a drug's unstated dose may take from its other doses in the same section (see carry_drug_routes)
_CARRIED_ROUTES = frozenset({"oral", "topical", "inhaled", "rectal", "nasal", "buccal", "sublingual"})
_ADJUSTED_DOSE = re.compile(r"\b(?:reduce|lower|decrease|adjust|give|use|change)\b", re.I)
# a warning that only asks for care ('use with caution', 'caution in renal impairment'), never one that forbids
_ASKS_CAUTION = re.compile(r"\bcaution\b", re.I)
# a clause that only cuts the dose of a drug already warned about in the statement ("use with caution; give a
# quarter of the usual azathioprine dose", "reduce the X dose by half", "halve X"): part of the warning, not an offer
_DOSE_CUT = re.compile(
    r"\b(?:reduc(?:e|es|ed|ing)|lower(?:s|ed|ing)?|decreas(?:e|es|ed|ing)|cut(?:s|ting)?|halv(?:e|es|ed|ing)|"
    r"adjust(?:s|ed|ing)?)\b|\b(?:a\s+|one[- ])?(?:quarter|third|half|fraction|proportion)\s+(?:of\b|the\b)|"
    r"\b(?:lower|reduced|smaller|half|quarter)[- ]dose\b|\b\d+\s*%\s+of\s+the\s+(?:usual|normal|standard|full)\b",
    re.I,
)
# the patients a recommendation leaves out: "unless the person has had anaphylaxis to a penicillin", "except after
# penicillin anaphylaxis", "unless bleeding risk forbids it", "bleeding risk permitting"
_EXCEPTION_CI = re.compile(
    r"\b(?:unless|except(?:\s+(?:after|in|with|for|when|if|where))?)\s+(?P<what>[^.;,:]+)"
    r"|\b(?P<what2>[\w-]+(?:\s+[\w-]+){0,2})\s+permitting\b",
    re.I,
)
# "stop it unless essential", "unless clearly still needed", "unless advised by a specialist": a proviso on stopping
# or a need, not a group of patients excluded
_UNLESS_NEED = re.compile(
    r"\b(?:essential|needed|necessary|required|indicated|advised|directed|specialist|clear|benefits?|otherwise)\b|"
    # "unless ... rhythm control is more suitable", "unless another drug is preferred": a choice of another approach,
    # not a group of patients the drug harms
    r"\b(?:more|better|most)\s+(?:suitable|appropriate|effective)\b|\bpreferr?(?:ed|able)\b|\bbetter\b",
    re.I,
)
_EXCEPTION_SUBJECT = re.compile(
    r"^(?:(?:the|a)\s+(?:person|patient|child|woman|man|adult)|they|he|she|there)\s+(?:has|have|is|are|had|was|were)"
    r"(?:\s+(?:had|been|a|an))?\s+",
    re.I,
)
_EXCEPTION_VERB = re.compile(r"\s+(?:forbids?|prevents?|precludes?|allows?|permits?)\s+(?:it|this|them)?\s*$", re.I)
# an exception about the time or the manner of giving ("except the day the methotrexate is taken", "except on the same
# day as X", "unless heart function requires a slower rate or divided doses"), not a group of patients excluded
_EXCEPTION_WHEN_OR_HOW = re.compile(
    r"^(?:except|unless)\s+(?:on\s+|at\s+|during\s+|for\s+)?(?:the\s+|a\s+)?(?:same\s+)?(?:[\w-]+\s+)?"
    r"(?:day|days|night|nights|morning|mornings|evening|evenings|weekend|time|times|hour|hours|week|weeks)\b|"
    r"\b(?:more slowly|slower|faster|divided doses|(?:infus|inject|dilut|administ)\w*\s+(?:the\s+)?(?:dose|drug|it)\b)",
    re.I,
)
_CONCESSIVE = re.compile(r",\s*(?:though|although|but|while|whereas|yet)\b", re.I)
_EXCEPTION = re.compile(r"\b(?:except|unless|apart from|other than)\b[^.;,]*", re.I)
_curie = turtle_name  # one implementation: kg.vocab.curie


class _Builder:
    def __init__(self, article: Article, lexicon: Lexicon, source_file: str, keep_text: bool) -> None:
        self.a = article
        self.lex = lexicon
        self.source_file = source_file
        self.keep_text = keep_text
        self.slug = slugify(article.title)
        self.prefix = _prefix_for(self.slug)
        self.notes: list[Note] = []
        self.flags: list[tuple[str, str, str, list[str], str]] = []  # (local, kind, level, about, message)
        self.new_entities: list[str] = []
        self.used_therapies: list[str] = []
        self.stage_overrides: dict[str, str | None] = {}
        # statements read as the reduced dose of a band under a lead-in that cuts the dose: the cut is not their stage
        self.band_cut_items: set[str] = set()
        # statement -> therapies outside every conditional clause of it (the override is not theirs)
        self.unconditioned: dict[str, set[str]] = {}
        # (section, paragraph, drug, caution kind) -> where the paragraph first warned about the drug that way
        self._paragraph_cautions: dict[tuple[str, str, str, str], str] = {}
        # (agent, kind, the warning's own words) -> where it was first drafted: a warning restated elsewhere
        self._caution_signatures: dict[tuple[str, str, frozenset[str]], str] = {}
        self.from_heading: set[str] = set()
        self.from_above: set[str] = set()
        self.from_sentence: set[str] = set()
        self.from_section: set[str] = set()
        self.heading_displaced: set[str] = set()
        self.from_title: set[str] = set()
        self._one_drug_page: bool | None = None  # see one_drug_page
        self.from_caption: set[str] = set()
        self.from_label: set[str] = set()
        self.from_outer: dict[str, str] = {}  # statement -> the enclosing heading that named its drug
        self.from_header: dict[str, str] = {}  # table row -> the first header cell that named its drug
        self.from_paragraph: set[str] = set()  # bare doses whose drug the line above opens with (dosing none)
        self.list_labels: dict[str, str] = {}
        self._stated_stages: dict[str, tuple[str, str] | None] = {}
        self._stated_version: dict[str, int] = {}  # how many stage overrides were set when a drug's stage was read
        self._reading_stated = False
        self.caution_facts: list[tuple[str, str | None, str]] = []
        self.combination_cautions: set[tuple[str, str]] = set()
        self.monitoring_facts: list[tuple[str, str]] = []
        self.new_routes: list[str] = []  # therapies the draft refers to (to draft the lexicon's new ones)
        self.sections: dict[str, tuple[str, int]] = {}  # heading -> (local, position)
        self.statements: list[StatementDraft] = []
        self.by_item: dict[int, StatementDraft] = {}
        self.doses: list[DoseDraft] = []
        self.recs: dict[tuple[str, str], RecommendationDraft] = {}
        self.umbrella_iris = lexicon.umbrella_iris()
        self._flag_locals: set[str] = set()
        self._statement_locals: set[str] = set()
        self._dose_locals: set[str] = set()
        self._dose_next: dict[str, int] = {}  # a dose name's base -> the first suffix not yet tried (add_dose)
        self._statement_next: dict[str, int] = {}  # the same for repeated statement locators
        self._last_dose: dict[str, DoseDraft] = {}
        self.cautions: list[str] = []
        # (statement, agent, kind) -> index of its Turtle in self.cautions (a later, stronger reading rewrites it)
        self._caution_ttl: dict[tuple[str, str | None, str], int] = {}
        self.adjustments: list[str] = []
        self.monitors: list[str] = []
        self.markers_resolved: list[str] = []
        self.markers_dangling: list[str] = []
        self.refs_matched = 0
        self.refs_new = 0

    # ------------------------------------------------------------ article-level facts

    def article_condition(self) -> str:
        for text in (self.a.title, self.a.question, self.a.subtitle):
            features = [m for m in self.lex.features(text) if m.iri.startswith(str(COND))]
            if features:
                return max(features, key=lambda m: (m.end - m.start, -m.start)).iri
        m = _QUESTION_SUBJECT.search(self.a.question.strip())
        subject = (m.group("subject") if m else self.a.title).strip().rstrip("?.").strip()
        iri = str(COND) + slugify(subject, 50)
        self.new_entities.append(
            f"{_curie(iri)} a kgv:Condition ; skos:prefLabel {_lit(subject)} ;\n"
            + _icd_line(subject)
            +
            '    kgv:note "needs curation: drafted by kg import because no condition in the graph matched the title; '
            'move to graph/entities/conditions.ttl" .'
        )
        self.flag(
            "flag-new-condition",
            "kgv:NotStatedInSource",
            "warning",
            [_curie(iri)],
            f"No known condition matched the title; a new condition '{subject}' was drafted. Check its name "
            f"and synonyms and move it to graph/entities.",
        )
        self.note("article", 1, f"new condition drafted: {subject}", level="warning")
        return iri

    def article_population(self) -> str:
        # a subtitle printed with the title often names who the page is for ("Guidance for adults and children")
        for text in (self.a.title, self.a.question, self.a.subtitle):
            pops = self.lex.populations(text)
            if pops:
                return pops[0].iri
        pops = sorted({iri for key, hits in self.lex.names.items() for iri, kind, _ in hits if kind == "population"})
        if not pops:
            raise ImporterError(1, "the graph defines no kgv:Population; build the graph before importing")
        chosen = next((p for p in pops if p.endswith("/adult")), pops[0])
        self.flag(
            "flag-population",
            "kgv:NotStatedInSource",
            "warning",
            [f"art:{self.slug}"],
            f"The article names no population; {local_name(chosen)} was assumed by the importer and must be confirmed.",
        )
        self.note("article", 1, f"population not stated; {local_name(chosen)} assumed", level="warning")
        return chosen

    # ------------------------------------------------------------ helpers

    def date_lines(self) -> list[str]:
        """The article's date as the source gives it: a day, a month, only a year (an ambiguous numeric date,
        whose two readings the curator settles), or kgv:statesNoDate when the article prints none."""
        date = self.a.last_updated
        if date is None:
            return ["    kgv:statesNoDate true ;"]  # flagged for the curator (flag-no-date)
        kind = {4: "xsd:gYear", 7: "xsd:gYearMonth"}.get(len(date), "xsd:date")
        return [f'    dcterms:modified "{date}"^^{kind} ;']

    def note(self, locator: str, line: int, reason: str, text: str = "", level: str = "info") -> None:
        self.notes.append(Note(locator, line, reason, text, level))

    def flag(self, local: str, kind: str, level: str, about: list[str], message: str) -> None:
        base, n = local, 2
        while local in self._flag_locals:
            local, n = f"{base}-{n}", n + 1
        self._flag_locals.add(local)
        self.flags.append((local, kind, level, about, message))

    def q(self, local: str) -> str:
        return f"{self.prefix}:{local}"

    def find_continued_lines(self) -> dict[int, StatementDraft]:
        """A sentence printed over two lines ('If symptoms persist after 48 hours, offer' / 'co-amoxiclav 625 mg
        ...'): the line after an unfinished one (no closing punctuation, no citation marker, ending on a comma or a
        word that needs what follows) -> the unfinished line, read as its lead-in, as a reader reads one sentence."""
        out: dict[int, StatementDraft] = {}
        for prev, st in zip(self.statements, self.statements[1:], strict=False):
            if (prev.section_local != st.section_local or st.item.line != prev.item.line + 1
                    or prev.item.kind != st.item.kind or prev.item.markers or prev.item.line in self.a.table_rows):
                continue
            if prev.item.kind == "bullet" and prev.item.path != st.item.path:
                # "1. Mannitol ... IV, or" over "2. Hypertonic saline ...": the list marker opens a new item; the
                # ", or" offers the next option, it does not run the sentence on
                continue
            body = prev.item.text.rstrip()
            if self.lex.therapies(body):
                # a first line that names drugs of its own is read as its own statement (a lead-in drafts nothing, and
                # its drugs would be lost); only a bare condition ('If symptoms persist after 48 hours, offer') leads
                continue
            if _UNFINISHED.search(body) and st.item.text[:1].isalpha():
                out[st.item.line] = prev
        return out

    def parents(self, item: Item) -> list[StatementDraft]:
        """Enclosing items (lead-ins and parent bullets), nearest first; the first line of a sentence printed over
        two lines is the lead-in of the second."""
        out = []
        above = getattr(self, "continued", {}).get(item.line)
        if above is not None and above.item is not item:
            out.append(above)
        parts = item.path.split(".")
        if parts[-1].startswith("s"):
            return out
        sec = self.sections[item.heading][0]
        own = self.by_item.get(id(item))
        order = self._order[own.local] if own is not None else len(self.statements)
        for k in range(len(parts) - 1, 0, -1):
            st = self.path_before(sec, ".".join(parts[:k]), order)
            if st:
                out.append(st)
                continue
            # a paragraph of several sentences over the list ("This is a severe complication; treat it with
            # either:"): its sentences are the lead-in, the last one nearest (each after the one before it, so a
            # same-titled section further up lends none)
            sentences: list[StatementDraft] = []
            while (nxt := self.path_before(sec, f"{'.'.join(parts[:k])}.s{len(sentences) + 1}", order)) is not None and (
                not sentences or self._order[nxt.local] > self._order[sentences[-1].local]
            ):
                sentences.append(nxt)
            out.extend(reversed(sentences))
        return out

    # ------------------------------------------------------------ passes

    def build(self) -> Draft:
        self.condition = self.article_condition()
        self.population = self.article_population()
        if self.a.last_updated is None:
            self.flag("flag-no-date", "kgv:NotStatedInSource", "warning", [f"art:{self.slug}"],
                      "The article prints no date (no updated, reviewed or published line); it is drafted as "
                      "kgv:statesNoDate true. Add dcterms:modified if the publisher gives a date elsewhere.")
            self.note("article", 1, "the article states no date: drafted as kgv:statesNoDate; add dcterms:modified "
                      "if the publisher gives a date", level="warning")
        elif len(self.a.date_readings) > 1:
            readings = " or ".join(self.a.date_readings)
            self.flag("flag-ambiguous-date", "kgv:AmbiguousWording", "warning", [f"art:{self.slug}"],
                      f"The date line (line {self.a.date_line}) reads as {readings}; only the year "
                      f"{self.a.last_updated} is certain and drafted. Write the day the publisher means as xsd:date.")
            self.note("article", self.a.date_line or 1, "ambiguous numeric date: only the year "
                      f"{self.a.last_updated} is drafted; it reads as {readings}", level="warning")
        position = 0
        for heading in self.a.headings:
            if heading not in self.sections:
                position += 1
                self.sections[heading] = (f"sec-{position}", position)
        self.by_path: dict[tuple[str, str], StatementDraft] = {}
        # every statement of a (section, path), in page order: two sections with the same title ('First line' under
        # two parent headings) share a section and so their paths; a lookup by path takes the nearest one above
        self.by_path_all: dict[tuple[str, str], list[StatementDraft]] = {}
        self.by_local: dict[str, StatementDraft] = {}
        self._order: dict[str, int] = {}
        for item in self.a.items:
            sec_local, sec_pos = self.sections[item.heading]
            local = f"st-{sec_pos}-{item.path}"
            if (sec_local, item.path) in self.by_path:
                base, n = local, self._statement_next.get(local, 2)
                while f"{base}-{n}" in self._statement_locals:
                    n += 1
                self._statement_next[base] = n + 1
                local = f"{base}-{n}"
                self.note(
                    item.locator,
                    item.line,
                    "repeated heading: this statement's locator is the same as an "
                    "earlier one's, so `kg sources verify` finds only the first",
                    level="warning",
                )
            st = StatementDraft(item, local, sec_local)
            self.by_local[local] = st
            self.statements.append(st)
            self._order[local] = len(self.statements) - 1
            self._statement_locals.add(local)
            self.by_item[id(item)] = st
            self.by_path.setdefault((sec_local, item.path), st)
            self.by_path_all.setdefault((sec_local, item.path), []).append(st)
        self.markers()
        # substances the page doses under names neither the graph nor the lexicon's medicines know ('ORS', 'zinc'),
        # learnt from the whole page first so every line reads them alike
        learn_dosed_substances(self.lex, [*self.a.headings, *(item.text for item in self.a.items)], self.a.glossary)
        self.list_labels = self.find_list_labels()
        self.governing = self.find_governing_conditions()
        self.continued = self.find_continued_lines()
        summary_doses: list[tuple[StatementDraft, list[tuple[Dose, str | None]]]] = []
        title_section = self.sections[self.a.title][0]
        for st in self.statements:
            found = self.structure(st, defer_doses=st.section_local == title_section)
            if found:
                summary_doses.append((st, found))
        # Summary lines restate doses given in detail below; only a dose stated nowhere else is kept.
        seen: dict[tuple, list[Dose]] = {}
        for d in self.doses:
            seen.setdefault(self._dose_key(d.dose, d.therapy), []).append(d.dose)
        for st, found in summary_doses:
            for dose, therapy in found:
                if dose.amount_not_stated:
                    continue
                # each detailed dose accounts for one summary dose: a summary giving the same amount twice with
                # different schedules ('0.6 mg one hour later, then 0.6 mg once or twice daily') restates only as
                # many doses as the detail gives
                details = seen.get(self._dose_key(dose, therapy), [])
                restated = next((k for k, detail in enumerate(details) if self._restates(dose, detail)), None)
                if restated is not None:
                    details.pop(restated)
                else:
                    self.add_dose(st, dose, therapy, self.stage_for(st), self.strength_for(st))
                    st.structured = True
        self.carry_courses()
        self.carry_maxima()
        self.repeated_doses()
        self.carry_drug_routes()
        self.carry_weight_basis()
        for st in self.statements:
            self.finish_role(st)
        return self.emit()

    def carry_maxima(self) -> None:
        """A line holding only a maximum ('Maximum 3.6 g a day', 'Max 1.6 g daily') right under a dose line of one drug,
        in the same section, is that dose's maximum, as the same words after the dose in its own sentence are: a reader
        takes it for the one dose above that states none. Noted on both lines; never when the line above doses more
        than one drug or holds several doses with no maximum (which one it bounds is not said), never when the
        maximum line names another drug."""
        by_statement: dict[str, list[DoseDraft]] = {}
        for dd in self.doses:
            by_statement.setdefault(dd.statement, []).append(dd)
        for k, st in enumerate(self.statements[1:], 1):
            own = by_statement.get(st.local, [])
            limits = [dd for dd in own if dd.dose.amount_not_stated and dd.dose.maximum is not None]
            if len(limits) != 1 or len(own) != 1 or _schedule_beyond_maximum(limits[0].dose):
                continue
            before = self.statements[k - 1]
            if before.item.heading != st.item.heading:
                continue
            given = [dd for dd in by_statement.get(before.local, []) if not dd.dose.amount_not_stated]
            drugs = {dd.therapy for dd in given}
            if len(drugs) != 1 or None in drugs or limits[0].therapy not in (None, *drugs):
                continue
            open_ = [dd for dd in given if dd.dose.maximum is None]
            if len(open_) != 1:
                continue
            target, limit = open_[0], limits[0].dose
            target.dose = replace(target.dose, maximum=limit.maximum, maximum_basis=limit.maximum_basis)
            phrase = st.item.text[limit.span[0] : limit.span[1]]
            st.needs.append(f"maximum '{phrase}' read as the maximum of the dose on the line above: check")
            before.needs.append(f"maximum '{phrase}' carried from the line under it to "
                                f"'{before.item.text[target.dose.span[0] : target.dose.span[1]]}': check")

    def carry_courses(self) -> None:
        """A course length the page prints apart from the dose it times: a line holding only a course ('7 days',
        'Duration: 5 days') right after a dose line, as a drug table flattened to text prints its course cell, or a
        heading that times what is under it ('Steroid course (three day duration)'). A reader takes it for the doses
        that state no course of their own; each carry is noted for the curator. Never for a single dose, never across
        a heading that names a drug or a stage (the line would belong to another row), never when the dose line
        doses more than one drug (which one the course times is not said)."""
        from dataclasses import replace

        by_statement: dict[str, list[DoseDraft]] = {}
        for dd in self.doses:
            by_statement.setdefault(dd.statement, []).append(dd)

        def time_doses(drafted: list[DoseDraft], course, st: StatementDraft, where: str) -> int:
            # the doses of one dose line that state no course of their own (never a single or a first dose) take the
            # course; each carry is noted on that line for the curator; returns how many were timed
            timed = 0
            for dd in drafted:
                if dd.dose.duration is not None or dd.dose.doses == (1, 1) or dd.dose.initial:
                    continue
                dd.dose = replace(dd.dose, duration=course)
                st.needs.append(f"course {where} to '{st.item.text[dd.dose.span[0] : dd.dose.span[1]]}': check")
                timed += 1
            return timed

        closing: set[str] = set()  # course lines that timed the dose lines above them
        for k, st in enumerate(self.statements):
            course = course_line(st.item.text)
            if course is None or k == 0 or st.local in by_statement:
                continue
            before = self.statements[k - 1]
            crossed = st.item.heading != before.item.heading
            if crossed and (self.lex.therapies(st.item.heading) or self.lex.stage(st.item.heading)
                            or severity_heading(st.item.heading)):
                continue
            drafted = by_statement.get(before.local, [])
            if not drafted or len({dd.therapy for dd in drafted}) != 1:
                continue
            timed = time_doses(drafted, course, before, f"'{st.item.text.strip()}' (the line after it) carried")
            st.needs.extend([f"course length of the dose on the line before ('{before.item.text[:60]}')"] * timed)
            closing.add(st.local)
            # the options of one block joined by a line of their own ('Amoxicillin oral 1g 8 hourly' / 'or' /
            # 'Clarithromycin oral 250-500mg 12 hourly' / 'or' / 'Doxycycline ...' / 'Duration: 5 days.'): the course
            # printed under the last option closes the block, so it times every option the joining lines tie to it;
            # a line that is not a joining line, or a dose line timed on its own, ends the walk
            j = k - 1
            while j >= 2 and JOIN_LINE.fullmatch(self.statements[j - 1].item.text.strip()):
                option = self.statements[j - 2]
                rows = [dd for dd in by_statement.get(option.local, []) if not dd.dose.amount_not_stated]
                if option.section_local != st.section_local or not rows or any(
                        dd.dose.duration is not None for dd in rows):
                    break
                timed = time_doses(rows, course, option, f"'{st.item.text.strip()}' (printed under the last of the "
                                                         "options joined to this one) carried")
                st.needs.extend([f"course length of the option '{option.item.text[:60]}' it closes"] * timed)
                j -= 2
            # the rows of one drug printed straight above it ('Flucloxacillin' / '500mg QDS' / 'Child' / '1 month to
            # 1 year: 62.5mg QDS' / ... / '5 days'): a flattened drug table prints one course cell for the whole
            # block, so it times every dose line of that drug back up to the drug's own line; a line dosing another
            # drug, any other line, or a heading ends the block
            drug = next(iter({dd.therapy for dd in drafted}))
            heading = st.item.heading
            for above in reversed(self.statements[: k - 1]):
                if drug is None or before.local in self.label_locals() or self.lex.therapies(before.item.text):
                    break
                if above.item.heading != heading:
                    if not (_is_patient_label(heading) and not self.lex.therapies(heading)):
                        break
                    heading = above.item.heading  # 'Child' under 'Flucloxacillin': the drug's band block
                rows = by_statement.get(above.local, [])
                if not rows:
                    if _is_patient_label(above.item.text) and not self.lex.therapies(above.item.text):
                        continue
                    break
                if {dd.therapy for dd in rows} != {drug} or self.lex.therapies(above.item.text):
                    break
                timed = time_doses(rows, course, above, f"'{st.item.text.strip()}' (printed once under the drug's "
                                                        "rows) carried")
                st.needs.extend([f"course length of the dose lines above ('{above.item.text[:60]}')"] * timed)
        # a course cell that says it times every row ('Duration' / 'All: for 7 days' over a regimen list printed one
        # label or value a line): carried to each later dose line of its section that prints no course of its own
        for k, st in enumerate(self.statements):
            found = every_row_course(st.item.text)
            if found is None:
                continue
            course, at = found
            phrase = " ".join(st.item.text[at:].split(";")[0].split())
            for later in self.statements[k + 1:]:
                if later.item.heading != st.item.heading:
                    break
                if every_row_course(later.item.text) is not None:
                    break  # a course of its own for the rows below
                drafted = [dd for dd in by_statement.get(later.local, []) if not dd.dose.amount_not_stated]
                time_doses(drafted, course, later, f"'{phrase}' (line {st.item.line}, printed once for every row) "
                                                   "carried")
        # a heading's course times the run of dose lines straight under it that dose one drug ('Steroid course
        # (three day duration)' over its age rows): the first line that doses another drug, or none, ends the run, so
        # the course never reaches a later, unrelated step printed under the same heading
        runs: dict[str, list[StatementDraft]] = {}
        for st in self.statements:
            runs.setdefault(st.item.heading, []).append(st)
        for heading, under in runs.items():
            if heading == self.a.title:
                continue
            course = heading_course(heading)
            if course is None:
                continue
            try:
                if any(not d.amount_not_stated for d in parse_statement(heading)):
                    continue  # a heading that doses a drug itself is a statement of its own, not a caption
            except ImporterError:
                continue
            drug: str | None = None
            for st in under:
                drafted = [dd for dd in by_statement.get(st.local, []) if not dd.dose.amount_not_stated]
                therapies = {dd.therapy for dd in drafted}
                if len(therapies) != 1 or (drug is not None and therapies != {drug}) or None in therapies:
                    break
                drug = next(iter(therapies))
                time_doses(drafted, course, st, f"carried from the section heading '{heading}'")

        # a lead-in that names no drug and states how long its group is treated ('**MRSA, native valve** – course 6
        # weeks' over '- First line: vancomycin ...' / '- Alternative: daptomycin 10 mg/kg IV once daily'), as a
        # table's Course cell times its row: it times the doses of the items listed under it that state no course of
        # their own; the nearest lead-in decides, and one that doses a drug itself is a statement, not a caption
        for k, st in enumerate(self.statements):
            drafted = [dd for dd in by_statement.get(st.local, [])
                       if not (dd.dose.amount_not_stated or dd.dose.titration or dd.dose.strength)]
            if not drafted:
                continue
            for parent in self.parents(st.item) or self._list_lead(k):
                body = split_markers(parent.item.text)[0]
                if parent.local in by_statement or _not_modifiers(body, self.lex.therapies(body)):
                    break  # 'Penicillin-susceptible streptococci' names no drug: the name only modifies
                course = heading_course(body)
                if course is not None:
                    time_doses(drafted, course, st, f"carried from the line it is listed under "
                                                    f"('{parent.item.text.strip()[:60]}')")
                    break
        # a sentence that only says how long to treat ("Treat for 5 days.") printed once before the regimens times
        # every dose after it in its section (and the sections under it) that states no course of its own, as a
        # reader carries it; flagged as carried. It stops at the next such sentence, at the end of its section and at
        # a heading that states a course of its own (that heading times what is under it)
        for k, st in enumerate(self.statements):
            course = course_instruction(st.item.text)
            if course is None or st.local in by_statement or st.local in closing:
                continue  # a course line printed under the doses it times closes them; it opens nothing below
            section = st.item.heading
            for later in self.statements[k + 1 :]:
                heading = later.item.heading
                if course_instruction(later.item.text) is not None or (
                        heading != section and (section not in later.item.outer or heading_course(heading))):
                    break
                drafted = [dd for dd in by_statement.get(later.local, [])
                           if not (dd.dose.amount_not_stated or dd.dose.titration or dd.dose.strength)]
                time_doses(drafted, course, later, f"'{st.item.text.strip()}' (stated once before the regimens) "
                                                   "carried")
        # "If mild infection, cefalexin for 5 days. Give 500 mg four times daily.": an amount whose sentence names no
        # drug takes the course of the sentence before it (the next item of a split paragraph, or the sentence before
        # in the same item) when that sentence gives the same drug for a course and nothing else
        for k, st in enumerate(self.statements):
            for dd in by_statement.get(st.local, []):
                if dd.dose.amount_not_stated or dd.dose.duration is not None or dd.therapy is None:
                    continue
                text = st.item.text
                cuts = [m.end() for m in _SENTENCE_END.finditer(text, 0, dd.dose.span[0])]
                if cuts:
                    if self.lex.therapies(text[cuts[-1] : dd.dose.span[0]]):
                        continue
                    before, line = text[cuts[-2] if len(cuts) > 1 else 0 : cuts[-1]], st.item.line
                elif k and st.local in self.from_sentence:
                    before, line = self.statements[k - 1].item.text, self.statements[k - 1].item.line
                else:
                    continue
                if any(c.negative for c in clauses(mask_provisos(before))):
                    continue
                named = [m for m in _not_modifiers(before, self.lex.therapies(before)) if m.iri == dd.therapy]
                if not named or not _given_for_a_course(before, named[0]):
                    continue
                course = parse_statement_schedule(before, line)
                if course is not None:
                    time_doses([dd], course, st, f"'{before.strip()}' (the sentence before, naming the drug) carried")

    def _list_lead(self, k: int) -> list[StatementDraft]:
        """The line a bullet's list is printed under when the layout does not nest it ('**MRSA** – course 6 weeks'
        over '- First line: ...', each a top-level item): the first statement before the run of bullets the k-th
        statement ends, in the same section, when that statement is itself a bullet; else nothing."""
        st = self.statements[k]
        if st.item.kind != "bullet":
            return []
        if getattr(self, "_list_leads", None) is None:
            # each bullet's list lead, found in one pass over the page (a walk back per bullet made a long list
            # quadratic): the statement before the run of bullets, in the same section
            self._list_leads: dict[str, StatementDraft | None] = {}
            lead: StatementDraft | None = None
            previous: StatementDraft | None = None
            for other in self.statements:
                if other.item.kind == "bullet":
                    if previous is None or previous.section_local != other.section_local:
                        lead = None
                    elif previous.item.kind != "bullet":
                        lead = previous
                    self._list_leads[other.local] = lead
                previous = other
        found = self._list_leads.get(st.local)
        return [found] if found is not None else []

    def repeated_doses(self) -> None:
        """A statement that only repeats the dose before it ('Give 15-20 g of glucose by mouth.' then 'Repeat once
        after 15 minutes if still low.') makes that dose one administration: an amount of the statement before with
        no schedule of its own is per dose, as when the repeat is in its own clause (kg.importer.dose_grammar), and
        the reading is noted for the curator. Nothing else (no interval, no count) is taken from the repeat."""
        from dataclasses import replace

        by_statement: dict[str, list[DoseDraft]] = {}
        for dd in self.doses:
            by_statement.setdefault(dd.statement, []).append(dd)
        for k, st in enumerate(self.statements):
            if k == 0 or by_statement.get(st.local) or not repeat_line(st.item.text):
                continue
            before = self.statements[k - 1]
            if before.item.heading != st.item.heading:
                continue
            given = [dd for dd in by_statement.get(before.local, []) if not dd.dose.amount_not_stated]
            if len(given) != 1:
                continue  # which of several amounts is repeated is not said
            d = given[0].dose
            if d.band is not None:
                continue  # the last row of a banded list: the repeat is said of every row, not of this one alone
            if (d.per is None and not d.ceiling and d.times_per_day is None and d.times_range is None
                    and d.times_per_week is None and d.interval is None and d.duration is None):
                given[0].dose = replace(d, per="dose")
                before.needs.append(f"'{before.item.text[d.span[0] : d.span[1]]}' read as one administration (per "
                                    f"dose): the line after it repeats it ('{st.item.text.strip()[:60]}')")

    def carry_weight_basis(self) -> None:
        """The weight a page says its per-kg doses are counted on, printed apart from the doses ('Gentamicin is dosed on
        ideal body weight; vancomycin on actual body weight.', a section 'Synergistic dosing on ideal body weight.', a
        heading '(synergistic dosing, ideal body weight)'). A reader counts those doses per kg of ideal body weight:
        a clause naming one drug does so for that drug's per-kg doses on the whole page; a statement or heading naming
        none, for the per-kg doses of its section (of the one drug its heading names, when it names one). Each carry
        is noted for the curator. Never a dose that names its own weight, and never from a clause with a condition
        ('In obesity, dose on ideal body weight' is a variant for some patients, not the page's basis)."""
        def rebase(dd: DoseDraft, st: StatementDraft, source: str) -> None:
            dd.dose = replace(dd.dose, basis="ideal_body_weight")
            st.needs.append(f"per-kg dose '{st.item.text[dd.dose.span[0]:dd.dose.span[1]]}' counted on ideal body "
                            f"weight, as {source} says: check")

        per_kg = [(dd, self.by_local[dd.statement]) for dd in self.doses
                  if dd.dose.basis == "body_weight" and not dd.dose.amount_not_stated]
        if not per_kg:
            return
        drugs: dict[str, str] = {}  # therapy -> the statement that bases it
        sections: dict[str, tuple[str | None, str]] = {}  # heading -> (its one drug or None, the statement)
        for st in self.statements:
            if st.local in {dd.statement for dd, _ in per_kg}:
                continue
            body = split_markers(st.item.text)[0]
            for part in re.split(r"[;.]\s+", body):
                m = _IBW_DRUG.match(part.strip())
                if m is not None:
                    named = {x.iri for x in _not_modifiers(m.group("drug"), self.lex.therapies(m.group("drug")))}
                    if len(named) == 1 and len(m.group("drug").split()) <= 4:
                        drugs.setdefault(next(iter(named)), f"'{part.strip()}' (line {st.item.line})")
                elif _IBW_SECTION.match(part.strip()):
                    sections.setdefault(st.item.heading, (None, f"'{part.strip()}' (line {st.item.line})"))
        for heading in {st.item.heading for _, st in per_kg}:
            if heading in sections or not _IBW_HEADING.search(heading):
                continue
            sections[heading] = (None, f"the heading '{heading}'")
        for heading, (_, source) in list(sections.items()):
            named = {x.iri for x in _not_modifiers(heading, self.lex.therapies(heading))}
            sections[heading] = (next(iter(named)) if len(named) == 1 else None, source)
        for dd, st in per_kg:
            if dd.therapy in drugs:
                rebase(dd, st, drugs[dd.therapy])
            elif st.item.heading in sections:
                only, source = sections[st.item.heading]
                if only is None or only == dd.therapy:
                    rebase(dd, st, source)

    def carry_drug_routes(self) -> None:
        """A dose that states no route, of a drug the article gives one way only, in a section where that route is
        stated for the same drug ('Allopurinol: start 100 mg once daily by mouth' over 'CKD stage 3: 50 mg once
        daily'): a reader takes the drug's route, and the draft says where it came from. Never a parenteral route:
        an IV or IM course is often continued another way ('60 mg IV, then 40 mg daily'), so an unstated route
        after one stays unstated rather than guessed."""
        routes: dict[str, set[str]] = {}
        stated_in: dict[str, set[tuple[str, str]]] = {}
        # a dose whose drug was only guessed from around it ('the drug of the doses above it in this section: check
        # it is that drug's') does not lend its route to the drug: when the guess is wrong ('one puff via pMDI'
        # under prednisolone's doses) the route would spread to every dose of a drug never given that way
        guessed = self.from_section | self.from_paragraph | self.from_title | self.from_label
        for dd in self.doses:
            if dd.therapy is not None and dd.dose.route is not None and dd.statement not in guessed:
                routes.setdefault(dd.therapy, set()).add(dd.dose.route)
                stated_in.setdefault(dd.therapy, set()).add((self.by_local[dd.statement].section_local, dd.statement))
        for dd in self.doses:
            if dd.therapy is None or dd.dose.route is not None or dd.dose.amount_not_stated:
                continue
            given = routes.get(dd.therapy, set())
            st = self.by_local[dd.statement]
            # from another statement of the section only: within one statement the dose's own words decide (a
            # route is not carried across 'then', nor to an amount given 'with food')
            if len(given) != 1 or not any(sec == st.section_local and local != st.local
                                          for sec, local in stated_in[dd.therapy]):
                continue
            route = next(iter(given))
            if route not in _CARRIED_ROUTES or route_misfit(st.item.text, dd.dose, route) is not None:
                continue
            dd.dose = _with_route(dd.dose, route)
            text = st.item.text
            st.needs.append(
                f"route '{route}' carried to '{text[dd.dose.span[0] : dd.dose.span[1]]}' from the same drug's dose in "
                "this section (the article states no other route for it): check"
            )
        self.carry_adjusted_routes()

    def carry_adjusted_routes(self) -> None:
        """'4 mg/kg once a day by slow intravenous infusion' then 'If CrCl is below 10 mL/min: 4 mg/kg every 48
        hours': a row for a band of renal (or other organ) function that restates the usual dose's amount with
        another schedule is the same regimen adjusted, so it keeps the usual dose's route, parenteral or not. Only
        from the nearest earlier dose of the same drug in the section with the same amount, unit and basis and no
        band of its own; noted for the curator."""
        for k, dd in enumerate(self.doses):
            d = dd.dose
            if (dd.therapy is None or d.route is not None or d.amount_not_stated or d.band is None
                    or function_measure_of(d.band) is None):
                continue
            st = self.by_local[dd.statement]
            usual = next((o for o in reversed(self.doses[:k]) if o.therapy == dd.therapy and o.dose.band is None
                          and not o.dose.amount_not_stated
                          and self.by_local[o.statement].section_local == st.section_local
                          and self._dose_key(o.dose, o.therapy) == self._dose_key(d, dd.therapy)), None)
            if usual is None or usual.dose.route is None:
                continue
            dd.dose = _with_route(d, usual.dose.route)
            text = st.item.text
            st.needs.append(f"route '{usual.dose.route}' carried to '{text[d.span[0] : d.span[1]]}' (a dose for the "
                            f"band {d.band}) from the same drug's usual dose of the same amount above it: check")

    @staticmethod
    def _dose_key(dose: Dose, therapy: str | None) -> tuple:
        return (therapy, dose.amount_min, dose.amount_max, dose.unit, dose.basis)

    @staticmethod
    def _restates(summary: Dose, detail: Dose) -> bool:
        """A summary line's dose restates a detailed one unless both state how often it is given and say it
        differently ('0.6 mg once or twice daily' in the summary is not the '0.6 mg one hour later' below it)."""
        def often(d: Dose) -> tuple | None:
            if d.times_per_day or d.times_range or d.interval:
                return (d.times_per_day, d.times_range, d.interval, d.interval_max)
            return ("once",) if d.doses == (1, 1) else None
        a, b = often(summary), often(detail)
        return a is None or b is None or a == b

    def markers(self) -> None:
        positions = {r.position for r in self.a.references}
        labels = sorted({m for item in self.a.items for m in item.markers}, key=int)
        for label in labels:
            if int(label) in positions:
                self.markers_resolved.append(label)
            else:
                self.markers_dangling.append(label)
                first = next(i for i in self.a.items if label in i.markers)
                self.flag(
                    f"flag-marker-{label}",
                    "kgv:DanglingMarker",
                    "warning",
                    [self.q(f"m-{label}")],
                    f"Marker {label} is printed but the reference list has {len(positions)} entries.",
                )
                self.note(
                    first.locator,
                    first.line,
                    f"citation marker {label} is beyond the reference list ({len(positions)} entries)",
                    level="warning",
                )

    def context_text(self, st: StatementDraft) -> list[str]:
        return [p.item.text for p in self.parents(st.item)] + [st.item.heading]

    def stage_context(self, st: StatementDraft) -> list[str]:
        """The context a stage is read from: the statement's lead-ins and heading, then the condition printed over a
        heading that only names a drug ('If widespread' over 'oral Flucloxacillin')."""
        governing = self.governing.get(st.item.heading)
        # the label its paragraph opens with is the nearest context of a later sentence ('Second line: give X. Y may
        # also be used.': Y is second line too)
        lead = self.paragraph_label(st)
        over = self.lead_in_over_drug_label(st) or self.lead_in_over_option_block(st)
        return ([lead] if lead else []) + ([over] if over else []) + self.context_text(st) + (
            [governing] if governing else [])

    def lead_in_over_option_block(self, st: StatementDraft) -> str | None:
        """The lead-in printed over a block of dose lines set apart by blank lines, with nothing nested under it ('If
        true penicillin / beta-lactam allergy:' / '' / 'Clarithromycin oral/IV 500mg 12 hourly'; 'Moderately severe
        CAP:' / '' / 'Amoxicillin IV 1g 8 hourly' / 'and' / 'Clarithromycin ...'): a reader takes it for the condition
        and stage of every option of the block, as of items listed under it. Only dose lines and lines joining them
        ('or', 'and') may stand between; None for anything else, or when st has a lead-in of its own."""
        if st.item.kind != "paragraph" or self.parents(st.item):
            return None
        at = self._order.get(st.local)
        if at is None or not _states_a_dose(st.item.text):
            return None
        # (a block of options is a handful of lines: the walk stops after a dozen, so a long run of dose lines costs
        # a bounded look-back each, never a scan of the section)
        for above in reversed(self.statements[max(0, at - _OPTION_BLOCK_LINES) : at]):
            if above.section_local != st.section_local:
                return None
            text = above.item.text.strip()
            if JOIN_LINE.fullmatch(text) or (above.item.kind == "paragraph" and _states_a_dose(text)):
                continue
            body = split_markers(text)[0].strip()
            if (above.item.kind == "lead-in" or body.endswith(":")) and above.local not in self._with_items_set():
                return above.item.text
            return None
        return None

    def _with_items_set(self) -> set[str]:
        """The locals of the statements some item is nested under (a lead-in or parent bullet), found once."""
        if getattr(self, "_with_items", None) is None:
            self._with_items = {p.local for other in self.statements for p in self.parents(other.item)}
        return self._with_items

    def lead_in_over_drug_label(self, st: StatementDraft) -> str | None:
        """The lead-in printed straight over the drug line that labels st's dose lines, with nothing nested under it
        ('Alternative if propranolol is unsuitable:' / 'Atenolol' / '25-50 mg orally once daily'): a reader takes it
        for the condition and stage of that drug's block, as a condition over a heading naming one drug is
        (find_governing_conditions). None when st is no such dose line or the line above its label is anything else."""
        label_local = self.list_labels.get(st.local)
        if label_local is None:
            return None
        at = self._order.get(label_local)
        if not at:
            return None
        above, label = self.statements[at - 1], self.statements[at]
        if above.section_local != label.section_local or label.item.path.startswith(above.item.path + "."):
            return None
        body = split_markers(above.item.text)[0].strip()
        if not body.endswith(":") or self.band_label_line(above) or self._route_line(body.rstrip(":")):
            return None
        return above.item.text

    def find_governing_conditions(self) -> dict[str, str]:
        """For each heading that names one drug and little else ('Mupirocin 2% ointment', 'oral Flucloxacillin'), the
        condition printed just above it, which a reader takes as that drug's indication: a heading of its own with
        nothing under it ('If widespread', 'Only if MRSA'), or a short line ending in a colon that closes the section
        before ('If penicillin allergic:'). Flattened drug tables print a row's indication so."""
        with_items = {i.heading for i in self.a.items}
        outer: dict[str, tuple[str, ...]] = {}  # heading -> the headings enclosing its section
        for i in self.a.items:
            outer.setdefault(i.heading, i.outer)
        before: dict[str, StatementDraft] = {}  # heading -> the statement just before its first statement
        for k, st in enumerate(self.statements[1:], 1):
            if st.item.heading != self.statements[k - 1].item.heading:
                before.setdefault(st.item.heading, self.statements[k - 1])
        out: dict[str, str] = {}
        counts: dict[str, int] = {}  # heading -> how many statements its section holds
        for st in self.statements:
            counts[st.item.heading] = counts.get(st.item.heading, 0) + 1
        headings = self.a.headings
        for k in range(1, len(headings)):
            h = headings[k]
            named = _not_modifiers(h, self.lex.therapies(h))
            if len({m.iri for m in named}) != 1 or self.lex.stage(h) or severity_heading(h):
                continue
            rest = h[: named[0].start] + h[named[0].end :]
            # a bracketed note on the drug ('Methotrexate (preferred for joint and skin disease)', 'Belimumab
            # (Benlysta)') says which patients or which brand, and leaves the heading a drug's own section
            rest = re.sub(r"\([^()]*\)", " ", rest)
            if len(re.findall(r"[A-Za-z]{3,}", rest)) > 3 or _GOVERNING_CONDITION.match(h):
                continue
            prev = headings[k - 1]
            if prev == self.a.title:
                continue
            if prev not in with_items and _GOVERNING_CONDITION.match(prev) and len(prev.split()) <= 10:
                out[h] = prev
                continue
            if h in before and (before[h].item.heading in outer.get(h, ()) or (
                    # a plain page marks no heading levels: the intro is the only statement of the heading just before
                    before[h].item.heading == prev and counts.get(prev) == 1)) and not self._states_own_stage(h) and \
                    self._intro_after_failure(before[h].item.text):
                # '## Steroid-sparing immunosuppressants' / 'Add one of these when the disease remains active despite
                # hydroxychloroquine ...' / '### Methotrexate': the section's opening paragraph says when the drugs of
                # its sections are given (after a failure), naming drugs only as what failed; it leads them as a
                # lead-in would
                out[h] = before[h].item.text.strip()
                continue
            if h in before:
                line = before[h].item.text.strip()
                # a colon line naming a stage and no drug ('Alternatives in early disease:', 'Second line:') leads the
                # drug sections under it as a condition does
                if line.endswith(":") and len(line.split()) <= 10 and (_GOVERNING_CONDITION.match(line) or (
                        self.lex.stage(line) and not self.lex.therapies(line))):
                    out[h] = line
                    continue
            if prev in out and self.lex.stage(out[prev]) and outer.get(prev) == outer.get(h) and h in outer and not (
                    self._intro_after_failure(out[prev]) and self._states_own_stage(h)):
                # '### Ropinirole' then '### Rasagiline' under 'Alternatives in early disease:': the stage lead-in
                # governs every drug section under it at one level, up to the next section that is not a drug's
                out[h] = out[prev]
        return out

    def _states_own_stage(self, heading: str) -> bool:
        """Whether the first statement of the section under heading names a stage in its own words ('Azathioprine is
        an alternative to methotrexate'): the section says its drug's stage, so no paragraph over it does."""
        first = next((st for st in self.statements if st.item.heading == heading), None)
        stage = self.lex.stage(first.item.text) if first is not None else None
        # 'Start at 10 mg ...' says when the drug begins, not its stage (stage_for's weak 'start')
        return stage is not None and (stage != self._stage_named("FirstLine") or bool(_FIRST_LINE_NAMED.search(
            first.item.text)))

    def _lead_in_for_anothers_course(self, st: StatementDraft, text: str, therapy: str) -> bool:
        """Whether text is a lead-in over st that names the patients by another drug's course ('to anyone expected to
        take prednisolone', 'for patients on long-term methotrexate') and offers no drug of its own."""
        if not any(p.item.text == text for p in self.parents(st.item)):
            return False
        named = self.lex.therapies(text)
        course = [m for m in named if _COURSE_PATIENTS.search(text[max(0, m.start - 80) : m.start])]
        return bool(course) and len(course) == len(named) and all(m.iri != therapy for m in course)

    def _intro_after_failure(self, text: str) -> bool:
        """Whether text, a section's opening paragraph, adds or gives drugs after a failure ('Add one of these when the
        disease remains active despite X', 'For disease that stays active despite standard treatment, add a
        biologic') and names drugs only inside that failure (every drug after its first failure word)."""
        failure = _FAILED_BEFORE_ADDING.search(text)
        if failure is None or not _ADDED_WORD.search(text):
            return False
        return all(m.start >= failure.start() for m in self.lex.therapies(text))

    def stage_for(self, st: StatementDraft, therapy: str | None = None) -> tuple[str, str]:
        """The stage and, when the article's words did not decide it, why it was chosen ('' when they did)."""
        override = self.stage_overrides.get(st.local)
        # "after 72 hours on first-line therapy", "despite initial treatment": the stage named is the one that was
        # tried, not the stage of the drug the statement gives next
        own_text = _FAILED_STAGE.sub(lambda m: " " * len(m.group(0)), mask_provisos(st.item.text))
        # "switch to X 40 mg daily, tapering slowly to the lowest dose", "start X and reduce it gradually": how the
        # drug just given is brought down, not a taper stage of its own
        own_text = _TAPER_OF_GIVEN.sub(lambda m: m.group("give") + " " * len(m.group("taper")), own_text)
        # "Prednisolone 10 mg once daily for 8 weeks, then taper and stop": the course just dosed coming down, in its
        # own sentence, not a taper stage of its own (a taper in a sentence or section of its own still is)
        own_text = _TAPER_OF_COURSE.sub(lambda m: m.group("give") + " " * len(m.group("taper")), own_text)
        # "stop the opioid and give naloxone": the stopping is of what came before, not a taper of the drug given
        own_text = _STOP_THEN_GIVE.sub(lambda m: " " * len(m.group(0)), own_text)
        # "Naproxen 500 mg twice a day; contraindicated in peptic ulcer" (a table's Contraindications cell): a warning
        # about the drug just dosed, not a drug given because another is contraindicated (the alternative stage)
        own_text = _SUBJECTLESS_WARNING.sub(lambda m: " " * len(m.group(0)), own_text)
        own_text = _INSTEAD_OF_SCHEDULE.sub(lambda m: " " * len(m.group(0)), own_text)
        if therapy is not None and therapy in self.unconditioned.get(st.local, ()):
            # its stage is read from the sentence without the other drug's condition ("if X is not tolerated"
            # is the alternative's wording, not X's)
            override = None
            for c in clauses(own_text):
                if c.reading == "conditional":
                    own_text = own_text[: c.start] + " " * (c.end - c.start) + own_text[c.end :]
        if override is not None:
            return override, ""
        first_stage = min(self.lex.stage_positions, key=lambda s: self.lex.stage_positions[s], default="")
        if therapy is not None:
            segment = self.own_segment_stage(st, therapy, own_text)
            if segment is not None:
                return segment
            own_text = self.own_clause_text(therapy, own_text)
            named = self.lex.therapies(own_text)
            for m in _ADDED.finditer(own_text):
                if any(n.start == m.end() and n.iri != therapy for n in named) or (
                    m.group(0).rstrip().casefold().endswith((" a", " an")) and not any(
                        n.start == m.end() and n.iri == therapy for n in named)
                ):
                    # "Naproxen ... add a PPI if GI risk": the adjunct is the PPI, not the row's drug
                    own_text = own_text[: m.start()] + " " * (m.end() - m.start()) + own_text[m.end() :]
        if therapy is not None and self._named_only_as_the_course(own_text, therapy):
            # "Use it only while verapamil is being titrated": verapamil is the course the line's own drug runs
            # inside, not a drug this line gives; it keeps the stage the article gives it elsewhere
            stated = self.stated_stage(therapy, st)
            if stated is not None:
                return stated[0], ""
        if therapy is not None and self._prevents_anothers_effect(own_text, therapy):
            # "Start domperidone 2 days before apomorphine to prevent nausea": a drug given only to prevent another
            # drug's side effect is given beside that drug, the vocabulary's adjunct, whatever stage the section is
            return self._stage_named("Adjunct") or first_stage, ""
        weak_start = None
        for k, text in enumerate([own_text, *self.stage_context(st)]):
            if k > 0 and st.local in self.band_cut_items:
                # 'Reduce the dose of gabapentin in renal impairment:' over a band's reduced dose: the same drug given
                # at a lower dose in that state, not a taper stage (the cut's verb is no stage cue here)
                text = _DOSE_CUT.sub(lambda m: " " * len(m.group(0)), text)
            if k > 0 and text == self.a.title:
                # "...: conventional DMARDs, bridging steroids and biologics": a title lists the page's topics; the
                # bridging course is one section of the page, not the stage of every line before the first heading
                text = _ADJUNCT_COURSE.sub(lambda m: " " * len(m.group(0)), text)
            if k > 0 and therapy is not None and self._lead_in_for_anothers_course(st, text, therapy) and \
                    self._stage_named("Adjunct"):
                # "Offer bone protection to anyone expected to take prednisolone ...:" over '- alendronic acid 70 mg
                # ...': the drugs listed are given beside that course, the adjunct, whatever the heading's stage
                return self._stage_named("Adjunct"), ""
            conditional = [c for c in clauses(text) if c.reading == "conditional"] if k > 0 else []
            if conditional:
                # a heading or lead-in that is itself a condition ("If first-line treatment fails", "If symptoms
                # persist after 48 hours, offer"): the later stage it names, even when it names the earlier stage
                # ('first-line') in its condition
                return self._stage_named(later_stage(" ".join(c.cue for c in conditional), text)) or first_stage, ""
            if k > 0 and text == st.item.heading and _FAILURE_HEADING.search(text) and not self.lex.stage(text):
                # a heading that names a failure without 'if' ("Treatment failure", "No response after 48 hours",
                # "Not improving on antibiotics"): what is under it is the step up
                return self._stage_named("Escalation") or first_stage, ""
            if k > 0 and self._names_unusable_drug(text) and self._stage_named("Alternative"):
                # "Second line (doxycycline unsuitable)", "Alternatives (labetalol contraindicated):": the drugs under
                # it replace one that cannot be used, the alternative stage (later_stage's rule), never a step up
                return self._stage_named("Alternative"), ""
            stage = self.lex.stage(text)
            later = self.later_stage_over_circumstance(stage, text, self.stage_context(st) if k == 0 else [])
            if later is not None:
                # "Severe, non-severe penicillin allergy | Escalation | Ceftazidime ...", "Penicillin allergy: X" under
                # "Escalate to IV therapy:": the allergy says who gets X at the step the page names, not that X is
                # the alternative to the first line; the later stage the row, lead-in or heading names stands
                why = (f"an allergy or intolerance names who gets this drug at the later stage the page names "
                       f"({later.rsplit('#', 1)[-1]}): drafted at that stage, not as an alternative to the first line")
                if why not in st.needs:
                    st.needs.append(why)
                return later, ""
            if stage and stage == self._stage_named("FirstLine") and not _FIRST_LINE_NAMED.search(text):
                # "Warfarin: start 10 mg once daily ..." under "Alternatives": 'start' begins the regimen, the
                # heading names its stage (so too for a lead-in, "Then start oral morphine every 4 hours:" over
                # its dose rows)
                if k == 0 and therapy is not None and self.added_here(text, therapy):
                    # "Start metformin, and add gliclazide if ...": 'start' is the other drug's; this one is added
                    stage = self._stage_named("Adjunct") or stage
                    if any(_FAILED_BEFORE_ADDING.search(t) for t in [text, *self.stage_context(st)]):
                        stage = self._stage_named("Escalation") or stage
                    return stage, ""
                # "Then start oral morphine" under "Step 2 - moderate to severe pain", "Start X" under "If first-line
                # fails": 'start' says when a drug begins, not that it is the first stage; the heading's stage, a
                # condition, a failure or a severity over the line decides first
                weak_start = stage
                continue
            if stage and stage == self._stage_named("Adjunct") and (k == 0 and any(
                _FAILED_BEFORE_ADDING.search(t) for t in [own_text, *self.stage_context(st)]
            ) or k > 0 and text == self.governing.get(st.item.heading) and _FAILED_BEFORE_ADDING.search(text)):
                # "Symptoms not controlled on monotherapy: add digoxin", "add X" under "Inadequate response": a drug
                # added because the treatment so far is not enough is the vocabulary's escalation ("added or switched
                # to when the response is inadequate"), not an adjunct to it
                return self._stage_named("Escalation") or stage, ""
            if stage and stage == self._stage_named("Adjunct") and _ADDED_WORD.search(text) and not _ADJUNCT_NAMED.search(
                    text):
                # "MRSA: add vancomycin ..." under "Severe infection - escalate to IV", "MRSA suspected - add:" in the
                # section "Severe HAP": a drug added to the regimen of a later stage the page names (or of severe
                # disease) is given at that stage, the vocabulary's escalation "added ... for severe disease"
                outer = [self.stage_context(st)[j] for j in range(k, len(self.stage_context(st)))]
                for t in outer:
                    named = self.lex.stage(t)
                    if named in {self._stage_named("Escalation"), self._stage_named("Refractory")} - {None}:
                        return named, ""
                    if named is not None:
                        break
                    if severity_heading(t) and self._stage_named("Escalation"):
                        return self._stage_named("Escalation"), ""
            if stage and k == 0 and therapy is not None and stage == self._stage_named("TaperMaintenance") and \
                    _CONTINUE_ONLY.search(text) and not _TAPER_WORDS.search(text):
                # "Continue the enoxaparin for at least 5 days and until the INR is 2": how long the drug this section
                # already gives goes on, at the stage it was given (the vocabulary's taper/maintenance is a reduced
                # or long-term regimen: "continue apixaban 2.5 mg for at least 6 months" with no earlier course here)
                earlier = self.earlier_stage_in_section(st, therapy)
                if earlier is not None:
                    return earlier, ""
            if stage and stage == self._stage_named("FirstLine") and self._severe_section_after_page_first_line(st):
                # "First-line: prednisolone 40 mg" under "Acute severe asthma" when the page's own first line is given
                # in a section of its own: the severe section's first drug is a step up from the page's first line
                # (the vocabulary's kgv:Escalation, "for severe disease"), as the severity-heading convention reads it
                why = ("first-line wording under a severity heading, on a page with a first line of its own elsewhere: "
                       "drafted as escalation; change it to first line if the article means the first treatment")
                if why not in st.needs:
                    st.needs.append(why)
                return self._stage_named("Escalation") or stage, why
            if stage:
                return stage, ""
        first = min(self.lex.stage_positions, key=lambda s: self.lex.stage_positions[s], default=None)
        if first is None:
            raise ImporterError(st.item.line, "the graph defines no kgv:Stage; build the graph before importing")
        relapse = next((m.group(0) for t in [own_text, *self.stage_context(st)] if (m := _RELAPSE.search(t))), None)
        escalation_stage = self._stage_named("Escalation")
        if weak_start is not None:
            relapse = None  # "start X" for a recurrence is still the drug's first course unless more is said
        if relapse and escalation_stage:
            why = (f"stage read from '{relapse}' only: a relapse or recurrence is treated after the first course, drafted "
                   "as escalation; change it if the article means another stage")
            if why not in st.needs:
                st.needs.append(why)
            return escalation_stage, why
        severity = next((m for m in map(severity_heading, [*self.stage_context(st), self.row_label(st),
                                                            *self.lead_in_preamble(st),
                                                            self.severity_condition(own_text, therapy)]) if m), None)
        escalation = self._stage_named("Escalation")
        if severity and escalation:
            # "Severe infection" with no stage wording: first-line care of severe disease or a step up? The
            # vocabulary's kgv:Escalation covers "severe disease", so that is drafted, and the curator is told.
            why = (f"stage read from the severity wording '{severity}' only: drafted as escalation (the vocabulary's "
                   "'for severe disease'); change it to first line if the article means the first treatment of severe "
                   "disease")
            if why not in st.needs:
                st.needs.append(why)
            return escalation, why
        adjunct = self._stage_named("Adjunct")
        if therapy is not None and adjunct and self._given_during_anothers_course(own_text, therapy):
            # "Omeprazole 20 mg od while the prednisolone dose is high" with no stage wording: a drug the page gives only
            # inside another drug's course is given beside it, the vocabulary's adjunct ("added to the main treatment")
            why = ("stage read from the words placing this drug inside another drug's course only: drafted as adjunct; "
                   "change it if the article means a stage of its own")
            if why not in st.needs:
                st.needs.append(why)
            return adjunct, why
        if weak_start is not None:
            return weak_start, ""
        stated = self.stated_stage(therapy, st) if therapy is not None else None
        if stated is not None:
            # a dose row ('Adults: 500 mg orally twice daily for 7 days' under 'Clarithromycin') says no stage; the
            # article said it elsewhere, in words of its own, for this drug and no other stage
            why = f"stage taken from what the article says of this drug elsewhere ('{stated[1][:80]}')"
            if why not in st.needs:
                st.needs.append(why)
            return stated[0], why
        return first, "no stage wording found; the first stage was assumed"

    def later_stage_over_circumstance(self, stage: str | None, text: str, context: list[str]) -> str | None:
        """The escalation or refractory stage that `text` (or else the first of its lead-ins and headings that names a
        stage) names in words, when `text` reads as the alternative only because of a circumstance (an allergy, an
        intolerance, a contraindication) and never calls itself an alternative; None otherwise."""
        alternative = self._stage_named("Alternative")
        if alternative is None or stage != alternative or _ALTERNATIVE_NAMED.search(text):
            return None
        if not any(_ALLERGY.search(t) for t in [text, *context[:1]]):
            # only the patient's allergy says who gets the drug at that step; "if X is not tolerated" or "where oral
            # treatment is unsuitable" says it replaces X within the step, the alternative
            return None
        later = {self._stage_named("Escalation"), self._stage_named("Refractory")} - {None}
        for t in [text, *context]:
            masked = t
            for iri, pattern in self.lex.stage_cues:
                if iri == alternative:
                    masked = pattern.sub(lambda m: " " * len(m.group(0)), masked)
            named = self.lex.stage(masked)
            if named in later:
                return named
            if t is not text and (self.lex.stage(t) is not None or _ALTERNATIVE_NAMED.search(t)):
                return None  # the nearest context that names a stage names another one (or the alternative)
        return None

    def _severe_section_after_page_first_line(self, st: StatementDraft) -> bool:
        """Whether st stands under a severity heading (its own or an enclosing one, a Markdown, capitals or underlined
        heading alike) while a section before it with no severity heading already recommended a first line."""
        if st.item.heading == self.a.title or not any(
                severity_heading(h) for h in (st.item.heading, *st.item.outer)):
            return False
        first = self._stage_named("FirstLine")
        for rec in self.recs.values():
            if rec.stage != first:
                continue
            for local in rec.statements:
                other = self.by_local.get(local)
                if other is not None and other.item.heading not in (st.item.heading, self.a.title) and not any(
                        severity_heading(h) for h in (other.item.heading, *other.item.outer)):
                    return True
        return False

    def _prevents_anothers_effect(self, text: str, therapy: str) -> bool:
        """Whether text gives `therapy` before or with another drug to prevent or counter something ('domperidone 10 mg
        2 days before apomorphine to prevent nausea', 'with ondansetron cover to reduce vomiting')."""
        named = self.lex.therapies(text)
        mine = [m for m in named if m.iri == therapy]
        if not mine:
            return False
        for other in named:
            if other.iri == therapy or other.start < mine[0].end:
                continue
            between = text[mine[0].end : other.start]
            if _GIVEN_BESIDE.search(between) and _TO_PREVENT.match(text, other.end):
                return True
        return False

    def _given_during_anothers_course(self, text: str, therapy: str) -> bool:
        """Whether text places `therapy` inside another drug's course: a word of data/cue_words.txt
        [during_course_words] ("while", "during", "from the start of") followed closely, in the same clause, by another
        drug or class, with `therapy` named outside that phrase ("omeprazole 20 mg od while the prednisolone dose is
        high"; "start alendronic acid 70 mg weekly at the outset of long-term glucocorticoid treatment"). 'Start'
        there says when the drug begins, not that it is the first stage."""
        named = self.lex.therapies(text)
        mine = next((m for m in named if m.iri == therapy), None)
        if mine is None:
            return False
        for w in _DURING_COURSE.finditer(text):
            if any(o.iri != therapy and o.start >= w.end() and not re.search(r"[.;:]", text[w.end() : o.start])
                   and o.start - w.end() <= 40 and not w.start() <= mine.start < o.start for o in named):
                return True
        return False

    def _named_only_as_the_course(self, text: str, therapy: str) -> bool:
        """Whether every mention of `therapy` in text stands in a phrase of data/cue_words.txt [during_course_words]
        that places the line inside its course ("use it only while verapamil is being titrated")."""
        mine = [m for m in self.lex.therapies(text) if m.iri == therapy]
        if not mine:
            return False
        spans = [(w.end(), w.end() + 40) for w in _DURING_COURSE.finditer(text)]
        return all(any(a <= m.start <= b and not re.search(r"[.;:]", text[a : m.start]) for a, b in spans) for m in mine)

    def earlier_stage_in_section(self, st: StatementDraft, therapy: str) -> str | None:
        """The one stage this section's earlier statements recommend the drug at, or None."""
        stages = {rec.stage for rec in self.recs.values() if rec.therapy == therapy
                  and any((o := self.by_local.get(local)) is not None and o.section_local == st.section_local
                          and o.item.line < st.item.line for local in rec.statements)}
        return next(iter(stages)) if len(stages) == 1 else None

    def added_here(self, text: str, therapy: str) -> bool:
        """Whether the drug is named right after 'add' ("..., and add gliclazide 40 mg"), after another drug."""
        named = self.lex.therapies(text)
        mine = next((m for m in named if m.iri == therapy), None)
        if mine is None or not any(m.start < mine.start and m.iri != therapy for m in named):
            return False
        return any(a.end() == mine.start for a in _ADDED.finditer(text))

    def severity_condition(self, text: str, therapy: str | None) -> str:
        """The condition before a drug that scopes it to severe disease ("In severe infection give X", "If the
        infection is severe, X", "For life-threatening attacks, X"), or '' when the line has none: read as a severity
        heading is (only when no stage wording decides). A severe allergy or reaction is the patient's, not the
        disease's."""
        named = [m for m in self.lex.therapies(text) if therapy is None or m.iri == therapy]
        if not named:
            return ""
        # before the drug ("In severe infection give X") or after it, in its clause ("X in severe infection")
        clause = clause_at(clauses(text), named[0].start)
        end = clause.end if clause is not None else len(text)
        m = _SEVERE_CONDITION.search(text[:end])
        return m.group("severity") if m else ""

    def row_label(self, st: StatementDraft) -> str:
        """The label a row or a labelled line gives itself before its first drug ('Severe infection (admitted)' in a
        table's indication column, '**Severe infection (admitted):** ceftriaxone ...'): a short heading of its own,
        read as a heading is (for a severity, only when no stage wording decides), or '' when there is none."""
        text = st.item.text
        named = self.lex.therapies(text)
        if not named:
            return ""
        label = text[: named[0].start]
        is_row = st.item.line in self.a.table_rows
        if not label.strip() or len(label.split()) > 8 or not (is_row or label.rstrip().endswith(":")):
            return ""
        return label

    def lead_in_preamble(self, st: StatementDraft) -> list[str]:
        """The paragraph just before the lead-in of st's list, in the same section ('... may signal cerebral oedema
        (severe complication).' over 'Treat at once, before imaging:'): it says what the list treats."""
        lead = next((p for p in self.parents(st.item) if self.is_lead_in(p)), None)
        at = self._order.get(lead.local) if lead is not None else None
        if not at:
            return []
        before = self.statements[at - 1]
        if before.section_local != lead.section_local or before.item.kind not in ("paragraph", "sentence"):
            return []
        return [before.item.text]

    def stated_stage(self, therapy: str, here: StatementDraft) -> tuple[str, str] | None:
        """The one stage the article's words give a drug in its other statements (read as those statements are
        read, with the first such statement), or None when they give none or more than one."""
        if self._reading_stated:
            return None
        # (read again once a later statement's condition has set its stage: read before that, "Second line: if
        # vomiting prevents oral rehydration, give X" would count as X's second-line stage, not its alternative)
        version = len(self.stage_overrides)
        if self._stated_version.get(therapy) != version:
            self._stated_stages.pop(therapy, None)
            self._stated_version[therapy] = version
        if therapy not in self._stated_stages:
            found: dict[str, str] = {}
            self._reading_stated = True
            try:
                for other in self.statements:
                    if other is here or self.is_lead_in(other):
                        continue
                    text = mask_provisos(other.item.text)
                    named = self.lex.therapies(text)
                    mine = [m for m in named if m.iri == therapy and not _in_compound(text, m, named)]
                    if not mine or any(c.negative and c.start <= mine[0].start < c.end for c in clauses(text)):
                        continue  # 'X is not recommended under 1 month' gives X no stage
                    if any(c.reading == "conditional" and c.cue_span != (0, 0)
                           and max(c.start, c.cue_span[0]) <= mine[0].start < _condition_end(text, c)
                           for c in clauses(text)):
                        continue  # 'if X is not tolerated': the condition names X, it gives X no stage
                    if _REPLACED_BY.search(text[: mine[0].start]):
                        continue  # 'antihistamines instead of adrenaline': X is what is replaced, given no stage
                    needs = list(other.needs)
                    stage, why = self.stage_for(other, therapy)
                    other.needs[:] = needs
                    if not why:
                        found.setdefault(stage, other.item.text)
            finally:
                self._reading_stated = False
            self._stated_stages[therapy] = next(iter(found.items())) if len(found) == 1 else None
        return self._stated_stages[therapy]

    def strength_for(self, st: StatementDraft) -> str:
        for text in [mask_provisos(st.item.text), *[p.item.text for p in self.parents(st.item)]]:
            s = self.lex.strength(text)
            if s:
                return s
        return str(KGV.StrengthUse)

    def therapies_for(self, st: StatementDraft, doses_stated: bool = True) -> tuple[list[Mention], bool]:
        """The therapies a statement is about: its own, unless it only names others in passing under a
        lead-in that names its subject ('Use when MTX-refractory' under 'Mycophenolate mofetil:')."""
        text = st.item.text
        named_here = self.lex.therapies(text)
        own = [m for m in named_here if not _in_compound(text, m, named_here)]
        noted = [(m, n) for m in own if (n := _bracket_note(text, m, own)) is not None]
        if noted:
            # 'Ibuprofen (NSAID, first line with paracetamol) 400 mg orally': the drug opening the line owns it; a drug
            # named in its bracketed note is context (still offered when the note offers it: '(or ibuprofen)')
            dropped = [m for m, (_, start, _) in noted if not _NOTE_OFFERS.match(text, start)]
            own = [m for m in own if m not in dropped]
            if dropped:
                st.needs.append(", ".join(dict.fromkeys(m.name for m in dropped)) + " named in a bracketed note after "
                                + noted[0][1][0].name + ": read as context of the note, not as a drug given here")
        co_medications = _co_medications(text, own, [a.start() for a in _AMOUNT_START.finditer(text)])
        if co_medications and len(co_medications) == len(own) and _AMOUNT_START.search(text):
            # 'Taken with aspirin: 25 mg on alternate days' under '## Apixaban': the line names only a co-medication
            # (or a condition's drug), so its amount is the drug the heading or lead-in names; the draft says so
            own = []
            st.needs.append(", ".join(dict.fromkeys(m.name for m in co_medications)) + " named in a condition or "
                            "co-medication clause, not as the drug of the line's dose")
        fluids = [m for m in own if _DILUENT_BEFORE.search(text[: m.start])]
        if fluids and len(fluids) < len(own):
            # "ceftriaxone 2 g in 100 mL sodium chloride 0.9%": the fluid a dose is made up in is its preparation,
            # never a drug given (no dose, no recommendation); the draft says so
            own = [m for m in own if m not in fluids]
            st.needs.append(", ".join(dict.fromkeys(m.name for m in fluids)) + " named as the fluid a dose is made up "
                            "or diluted in (its preparation), not as a drug given: nothing drafted for it")
        elif fluids:
            # no other drug named here: the dose is the drug the heading or lead-in names, never the fluid's
            st.needs.append(", ".join(dict.fromkeys(m.name for m in fluids)) + " named as the fluid a dose is made up "
                            "or diluted in (its preparation), not as a drug given: the dose's drug is not the fluid")
            own = []
        parts = [m for m in own if _solution_component(text, m, own)]
        if parts:
            # 'sodium chloride 0.9% with glucose 5% at 10 mL/kg/hour': one fluid made of both; its rate and its
            # recommendation are the solution's, drafted for the component named first, and the draft says so
            own = [m for m in own if m not in parts]
            st.needs.append(", ".join(dict.fromkeys(m.name for m in parts)) + " read as a component of the solution "
                            f"named before it ({own[0].name if own else 'unnamed'}), not as a drug given on its own: "
                            "check the fluid's entry")
        compared = [m for m in own if _comparator(text, m)]
        if compared and len(compared) == len(own):
            # 'An alternative to belimumab for the same patients: 300 mg IV every 4 weeks' under 'Anifrolumab': the
            # line names only the drug its own is compared with or replaces; that drug never owns the line's dose
            # (a dose given to the wrong drug is worse than one left for the curator), the heading's drug does
            own = []
            st.needs.append(", ".join(dict.fromkeys(m.name for m in compared)) + " named only as the comparator of "
                            "this line's drug ('an alternative to', 'instead of', ...): what the line's drug is compared "
                            "with or used in place of, not its subject" + (", and not the drug of its dose"
                                                                             if doses_stated else ""))
        inherited: list[Mention] = []
        if not own and (_FOOTNOTE_OPENING.match(text) or st.item.line in self.a.footnote_lines):
            # '† 1 g in severe infection' under a table whose '500 mg†' cell calls it: the footnote qualifies the
            # one row whose cell carries its mark, not the drug of the row printed last, so no drug is carried to it
            # from a row, heading or the page (a dose given to the wrong drug is worse than one left for the curator)
            st.needs.append("a footnote under a table (it opens with its mark): its amount is not given to the drug "
                            "of a row above; the curator attaches it to the row whose cell carries the mark")
            return [], False
        for parent in self.parents(st.item):
            parent_named = self.lex.therapies(parent.item.text)
            if not own and parent_named and _all_unavailable(parent.item.text, parent_named):
                in_heading = [m for m in self.lex.therapies(st.item.heading) if m.iri not in {n.iri for n in parent_named}]
                if len({m.iri for m in in_heading}) == 1 and st.item.heading != self.a.title:
                    # '## Rectal diazepam' over 'If buccal midazolam is not available:': the section's own drug
                    self.from_heading.add(st.local)
                    return in_heading[:1], False
                # 'If buccal midazolam is not available:' over '- 1-4 years: 5 mg PR': the lead-in names a drug only as
                # the one that cannot be given, so the amounts under it are another drug's, and no drug from a heading
                # or an earlier section is carried over it: the curator attaches them
                st.needs.append(", ".join(dict.fromkeys(m.name for m in parent_named)) + " named in the lead-in only "
                                "as the drug that cannot be given: the dose under it is another drug's, not named here")
                return [], False
            # a lead-in naming a drug only as the comparator ('An alternative to methotrexate, and the preferred
            # choice for ...' under 'Azathioprine') gives its items no drug: the heading's is theirs
            inherited = _subject_drugs(parent.item.text, _drop_comparators(
                parent.item.text, _outside_conditions(parent.item.text, parent_named)))
            if inherited:
                break
        if compared and not own and not inherited:
            # the line's drug is not named on it: only the heading may name it; the carrying guesses below (the
            # bullet or sentence above, the section's doses) would find the comparator itself
            in_heading = self.lex.therapies(st.item.heading) if st.item.heading != self.a.title else []
            in_heading = [m for m in _subject_drugs(st.item.heading, _outside_conditions(st.item.heading, [
                m for m in in_heading if not _in_compound(st.item.heading, m, in_heading)]))
                if m.iri not in {c.iri for c in compared}]
            if len({m.iri for m in in_heading}) == 1:
                self.from_heading.add(st.local)
                return in_heading[:1], False
            if doses_stated:
                st.needs.append("the line names its drug only by comparison and no heading names one drug: its dose "
                                "is attached to no drug; attach it by hand (needs a curator's eye)")
            return [], False
        label = self.list_labels.get(st.local)
        if not inherited and not own and label is not None:
            self.from_label.add(st.local)
            last = self.line_end_drug(self.by_local[label])
            if last is not None:
                return [last], False
            return self.lex.therapies(self.by_local[label].item.text)[:1], False
        if not inherited and not own:
            # the bullet above names the drug and this one only gives its dose ('Colchicine is first line' /
            # '500 mcg twice daily'): a reader carries the drug down one bullet, and the draft says so
            above = self.previous_sibling(st)
            if above is not None:
                above_named = self.lex.therapies(above.item.text)
                named = _drop_comparators(above.item.text, [m for m in above_named
                                                            if not _in_compound(above.item.text, m, above_named)])
                if len({m.iri for m in named}) == 1 and self._bare_dose(text):
                    self.from_above.add(st.local)
                    return named[:1], False
        if not inherited and not own:
            # the sentence before, in the same paragraph, is about one drug and this one only gives a dose ('Anakinra
            # is reserved for ... Dose: 100 mg subcutaneously once daily.', 'Febuxostat 80 mg daily. Go up to 120 mg
            # if ...'): a reader carries that drug on, and the draft says so; so does an instruction with no amount
            # ('Mupirocin 2% ointment. Apply it three times daily.'), nearer than a heading whose drug may be a
            # circumstance ('If resistance to fusidic acid is suspected')
            before = self.previous_sentence(st)
            goes_on = _INSTRUCTION.match(text) is not None or self._bare_dose(text)
            subject = self.sentence_subject(before) if before is not None and goes_on else None
            if subject is not None:
                self.from_sentence.add(st.local)
                return [subject], False
        if not inherited and not own and self._bare_dose(text):
            # '| Amoxicillin | Dose |' over '| Child 1-4 years | 250 mg three times daily |': the first header cell names
            # the drug of every row under it, nearer than the caption or the section heading
            header = self.header_cell_drug(st)
            if header is not None:
                self.from_header[st.local] = header[1]
                return [header[0]], False
        if not inherited and not own:
            # the sentence over the list names the drug and each row gives a band's dose ('First choice:
            # phenoxymethylpenicillin for 5 to 10 days.' over '- Child 1-5 years: 125 mg four times a day'): the
            # caption is nearer than the section heading, and the draft says where the drug came from
            named = self.caption_drug(st)
            if named is not None:
                self.from_caption.add(st.local)
                return [named], False
        if not inherited and st.item.heading != self.a.title:
            # the section heading names the drug ("Colchicine", "Salbutamol for children")
            in_heading = self.lex.therapies(st.item.heading)
            inherited = [m for m in in_heading if not _in_compound(st.item.heading, m, in_heading)]
            # read as a lead-in is: a drug named only in the heading's condition ("Alternative - Nitrofurantoin PO
            # (if trimethoprim resistance is likely)") is the circumstance, not the drug its rows dose
            inherited = _subject_drugs(st.item.heading, _outside_conditions(st.item.heading, inherited))
            if not inherited and not own and self._bare_dose(text):
                # '## Octreotide' over '### Dosing' over '- 50 micrograms bolus': the nearest heading enclosing this
                # section that names a drug names it for the section, as its own heading would
                outer = self.outer_heading_drug(st)
                if outer is not None:
                    self.from_outer[st.local] = outer[1]
                    inherited = [outer[0]]
            if inherited and all(self.is_class(m.iri) for m in inherited) and any(
                not self.is_class(m.iri) for m in own
            ):
                # a heading naming only a class ("Antibiotics") is the section's topic; a drug the statement
                # names itself ("Do not use levofloxacin ...") is what the statement is about
                inherited = []
            self.from_heading.add(st.local)
            if inherited and not own:
                rival = self.nearer_subject(st, {m.iri for m in inherited})
                if rival is not None:
                    # a line between the heading and this dose opens with another drug ('Benzathine
                    # benzylpenicillin, IM (alternative when ...' printed over two lines above the bands): the heading's
                    # drug is no longer certainly the one dosed here, so the dose is attached to neither and the
                    # curator is told both names; the heading's route is not carried either
                    self.heading_displaced.add(st.local)
                    return [inherited[0], rival], False
        if not inherited and not own and self._bare_dose(text):
            # 'Starting doses' over '1. Adults under 65: levothyroxine 1.6 micrograms/kg ...', '2. Adults 65 and over:
            # 25-50 micrograms ...', '3. ... initially 25 micrograms ...', then 'The usual maintenance dose is 100-200
            # micrograms': a reader carries the drug of the doses above down the section until another drug is named
            carried = self.section_drug(st)
            if carried is not None:
                self.from_section.add(st.local)
                return [carried], False
        if not inherited and not own and self._bare_dose(text) and (
                _INSTRUCTION.match(text) or _INSTRUCTED_AMOUNT.search(text)
                or _AMOUNT_LINE.match(text) and self.one_drug_page()):
            # "Start at 25 micrograms once daily" on a page whose title names one drug (and no heading, lead-in or
            # bullet above names another): a reader takes the page's drug, and the draft says so for the curator
            topic = self.title_drug()
            if topic is not None:
                self.from_title.add(st.local)
                return [topic], False
        if own and (not inherited or _leads(text, own[0]) or self._owns_dose(text, own)
                    or all(self.is_class(m.iri) for m in inherited)):
            # a class in the heading or lead-in ("Antibiotics") is the section's topic: a drug the statement names
            # itself is its subject
            return own, True
        if inherited:
            return inherited, False
        return own, bool(own)

    def dose_sentence_drug(self, st: StatementDraft, dose: Dose, therapies: list[Mention], text: str,
                           end: int) -> str | None:
        """The drug of a dose whose sentence names none, in a statement whose drugs are named only in the sentences
        after it ('CrCl 10-25 mL/min: 500 mg IV every 12 hours. Piperacillin-tazobactam needs no change ...' under
        a heading naming meropenem): the one drug the statement's lead-in, the line above or its heading gives the
        dose's sentence read alone; never a drug named only after the dose's sentence ends. None (the dose drafted
        unattached, for the curator) when that context names no one drug."""
        said = text[dose.span[0] : dose.span[1]]
        names = " or ".join(dict.fromkeys(m.name for m in therapies))
        alone = replace(st, item=replace(st.item, text=text[:end].rstrip()), needs=[])
        found, found_own = self.therapies_for(alone)
        iris = list(dict.fromkeys(m.iri for m in found))
        if not found_own and len(iris) == 1:
            st.needs.append(f"dose '{said}' names no drug in its sentence: attached to {found[0].name}, the drug its "
                            f"lead-in, the line above or its heading gives, not to {names}, named only in a sentence "
                            "after it; check (needs a curator's eye)")
            return iris[0]
        st.needs.append(f"dose '{said}' names no drug in its sentence, and {names} is named only in a sentence after it: "
                        "not attached to it; attach the dose by hand (needs a curator's eye)")
        return None

    def section_drug(self, st: StatementDraft) -> Mention | None:
        """The one drug (not a class) the nearest earlier lines of st's section dosed, when no line between names
        another: the drug a run of bare doses under one heading goes on being about. None when the nearest line that
        names or doses a drug names several, warns against one, or doses none."""
        at = self._order[st.local]
        if any(c.negative for c in clauses(mask_provisos(st.item.text))):
            return None  # a line warning against a dose is never given a drug by carrying
        for earlier in reversed(self.statements[:at]):
            if earlier.section_local != st.section_local:
                return None
            if earlier.local in self.from_title:
                return None  # the drug above was itself only the title's guess: carried no further
            text = earlier.item.text
            dosed = list(dict.fromkeys(dd.therapy for dd in self.doses if dd.statement == earlier.local))
            named = _not_modifiers(text, self.lex.therapies(text))
            if not dosed and not named:
                continue
            specific = [m for m in named if not self.is_class(m.iri)]
            if not dosed and specific and len({m.iri for m in specific}) == 1 and _leads(text, specific[0]) and not any(
                    c.negative or c.reading == "conditional" for c in clauses(mask_provisos(text))):
                # 'Terlipressin reduces portal pressure ...' over 'Dose: 2 mg IV every 4 hours': the line above opens
                # with the one drug it is about and doses none; the bare dose under it is that drug's
                self.from_paragraph.add(st.local)
                return Mention(specific[0].iri, "therapy", 0, 0, self.lex.label(specific[0].iri))
            if (len(dosed) != 1 or dosed[0] is None or self.is_class(dosed[0])
                    or any(m.iri != dosed[0] for m in named)
                    or any(c.negative for c in clauses(mask_provisos(text)))):
                return None
            iri = dosed[0]
            return Mention(iri, "therapy", 0, 0, self.lex.label(iri))
        return None

    def field_route(self, st: StatementDraft) -> list[str]:
        """The route a field line just above st in the same block states ('Route: IV' over 'Dose: 50 micrograms
        bolus'): lines on consecutive lines of the section, walked up to the first line that is not such a field
        and names a drug or gives an amount of its own. [] when there is none."""
        at = self._order[st.local]
        line = st.item.line
        for earlier in reversed(self.statements[:at]):
            if earlier.section_local != st.section_local or earlier.item.line < line - 1:
                return []
            line = earlier.item.line
            m = _ROUTE_FIELD.match(split_markers(earlier.item.text)[0])
            if m is not None:
                return _carrier_routes(m.group("value"))
            if self.lex.therapies(earlier.item.text) or self._bare_dose(earlier.item.text):
                return []
        return []

    def scope_routes(self, st: StatementDraft) -> tuple[list[str], list[str]]:
        """The routes the page states for every dose of st's section and for every dose of the page, in sentences of
        their own before st ('All doses in this section are intravenous unless marked otherwise.', 'Doses on this
        page are oral unless stated otherwise.'): ([section's], [page's]), each [] when none is stated."""
        if not hasattr(self, "_route_scopes"):
            self._route_scopes: list[tuple[int, StatementDraft, str, list[str]]] = []
            for k, earlier in enumerate(self.statements):
                m = _ROUTE_SCOPE.match(split_markers(earlier.item.text)[0].strip())
                if m is None:
                    continue
                routes = _carrier_routes(m.group("route"))
                if len(set(routes)) == 1 and not self.lex.therapies(m.group("route")):
                    scope = "section" if (m.group("scope") or "").casefold() in ("section", "table", "part") else "page"
                    self._route_scopes.append((k, earlier, scope, routes))
        at = self._order.get(st.local, -1)
        section: list[str] = []
        page: list[str] = []
        for k, earlier, scope, routes in self._route_scopes:
            if k >= at:
                break
            if scope == "page":
                page = routes
            elif earlier.section_local == st.section_local or earlier.item.heading in st.item.outer:
                section = routes
        return section, page

    def route_line_above(self, st: StatementDraft) -> list[str]:
        """The route a line of its own states over the band and dose lines of a drug's block, as BNF for Children
        prints it ('Amoxicillin' / 'By mouth' / 'Child 1-11 months:' / '125 mg three times a day' / 'By intravenous
        injection' / 'Child 1 month-17 years:' / '20 mg/kg every 8 hours'): walked up over consecutive band lines and
        lines giving an amount with no drug, to the nearest route line. A line naming a drug, or any other text, ends
        the walk (the block's route is that line's or none). [] when there is none."""
        at = self._order[st.local]
        for earlier in reversed(self.statements[max(0, at - 40) : at]):
            # the statements straight above in the section, however the page spaces or wraps them (a blank line
            # between Markdown paragraphs, a re-wrapped paragraph's sentences): any other text ends the walk
            if earlier.section_local != st.section_local:
                return []
            text = _label_text(earlier)
            if self._route_line(text):
                return _carrier_routes(text)
            if self.lex.therapies(text) or not (self.band_label_line(earlier) or self._bare_dose(text)):
                return []
        return []

    def _route_line(self, text: str) -> bool:
        """A line stating only how the doses under it are given ('By mouth', 'By slow intravenous injection',
        'Orally'): one route, a few words, no number, no drug, no band."""
        if not text or len(text.split()) > 7 or re.search(r"\d", text) or self.lex.therapies(text):
            return False
        routes = _carrier_routes(text)
        if len(set(routes)) != 1 or _is_patient_label(text):
            return False
        # nothing but the route and the words that print one ('Give treatment orally twice daily' says more)
        return all(w in _ROUTE_LINE_WORDS or _carrier_routes(w) or _carrier_routes(f"by {w}")
                   for w in re.findall(r"[a-z]+", text.casefold()))

    def enclosing_headings(self, st: StatementDraft) -> tuple[str, ...]:
        """The headings enclosing st's section, nearest first: the levels Markdown marks, or in a layout with one level
        of headings a heading that names a drug and has no text of its own, printed over the headings after it
        ('Amoxicillin' over 'Children' with its rows and 'Adults' with its rows; 'Octreotide' over 'Route: IV'). Such
        a heading encloses the headings after it until one that names a drug or another heading with no text."""
        marked = st.item.outer
        if marked:
            return marked
        if not hasattr(self, "_with_text"):
            self._with_text = {item.heading for item in self.a.items}
        headings = self.a.headings
        try:
            at = headings.index(st.item.heading)
        except ValueError:
            return ()
        if at == 0 or self.lex.therapies(st.item.heading):
            return ()
        band_block = _bare_band_label(st.item.heading) is not None or _is_patient_label(st.item.heading)
        columns = cue_words("band_column_headers") | cue_words("dose_column_headers")
        for heading in reversed(headings[1:at]):
            named = bool(self.lex.therapies(heading))
            if heading not in self._with_text:
                if band_block and not named and heading.strip(" *_:").casefold() in columns:
                    # 'Paracetamol oral dose' / 'Age' / 'Dose' / '1-2 years' / '100 mg': the table's column names,
                    # flattened to headings of their own, sit between the drug heading and its band rows
                    continue
                return (heading,) if named else ()
            if named:
                # 'Flucloxacillin' / '500mg QDS' / 'Child' / '1 month to 1 year: 62.5mg QDS': a heading naming only
                # patients is a band block of the drug heading above it, even when that heading has a row of its own
                return (heading,) if _is_patient_label(st.item.heading) else ()
        return ()

    def outer_heading_drug(self, st: StatementDraft) -> tuple[Mention, str] | None:
        """The one drug (not a class) named by the nearest heading enclosing st's section that names any drug, with
        that heading; None when no enclosing heading names a drug, or the nearest one names several (which one is not
        said) or only a class."""
        for heading in self.enclosing_headings(st):
            named = _not_modifiers(heading, self.lex.therapies(heading))
            if not named:
                continue
            if len({m.iri for m in named}) != 1 or self.is_class(named[0].iri):
                return None
            return named[0], heading
        return self.entry_heading_drug(st)

    def entry_heading_drug(self, st: StatementDraft) -> tuple[Mention, str] | None:
        """A formulary entry printed as sibling sections ('GlucaGen Hypokit' / '(Glucagon)' over its presentations,
        then 'Indications and dose' over the doses): a section titled only as the entry's dose field takes the one drug
        (not a class) the heading straight before it names, with that heading; None otherwise."""
        if not _DOSE_FIELD_HEADING.fullmatch(st.item.heading.strip(" :")):
            return None
        headings = self.a.headings
        at = headings.index(st.item.heading) if st.item.heading in headings else -1
        if at < 1 or headings[at - 1] == self.a.title:
            return None
        before = headings[at - 1]
        named = _not_modifiers(before, self.lex.therapies(before))
        if len({m.iri for m in named}) != 1 or self.is_class(named[0].iri):
            return None
        return named[0], before

    def title_drug(self) -> Mention | None:
        """The one drug (not a class) the article's title and question name, or None when they name none or more."""
        found: dict[str, Mention] = {}
        for text in (self.a.title, self.a.question):
            named = self.lex.therapies(text or "")
            for m in named:
                if not _in_compound(text, m, named):
                    found.setdefault(m.iri, m)
        if len(found) != 1:
            return None
        (m,) = found.values()
        return None if self.is_class(m.iri) else m

    def one_drug_page(self) -> bool:
        """True when the title names one drug and no line of the page that states an amount names any other therapy
        (drug or class): a monograph-like page ('Phenoxymethylpenicillin' over 'Child 1-5 years: 125 mg twice
        daily'), whose bare dose lines a reader takes as that drug's. A page dosing a second therapy anywhere is not
        one, so a bare line there stays unattached for the curator rather than guessed."""
        if self._one_drug_page is None:
            topic = self.title_drug()
            self._one_drug_page = topic is not None and not any(
                m.iri != topic.iri
                for st in self.statements if self._bare_dose(st.item.text)
                for m in _not_modifiers(st.item.text, self.lex.therapies(st.item.text)))
        return self._one_drug_page

    def nearer_subject(self, st: StatementDraft, heading_iris: set[str]) -> Mention | None:
        """The drug (not a class) that the nearest earlier line of st's section opens with, when it is not the
        heading's drug; None when no line opens with a drug or the nearest one opens with the heading's drug."""
        at = self._order[st.local]
        for earlier in reversed(self.statements[:at]):
            if earlier.section_local != st.section_local:
                break
            text = earlier.item.text
            if self.parent_reading(earlier) in _NEGATIVE:
                continue  # an item of a warning list ('Do not use in:' / '- folate deficiency') is nobody's subject
            cl = clauses(mask_provisos(text))
            # a drug named in a condition or a warning ('If allopurinol is not tolerated, ...') is not the line's
            # subject; nor is one named as the comparator ('An alternative to methotrexate, ...' under 'Azathioprine')
            named = [m for m in _drop_comparators(text, _not_modifiers(text, self.lex.therapies(text)))
                     if (c := clause_at(cl, m.start)) is None or c.reading == "positive"]
            if not named or not _leads(text, named[0]) or self.is_class(named[0].iri):
                continue
            return None if named[0].iri in heading_iris else named[0]
        return None

    def path_before(self, section_local: str, path: str, order: int) -> StatementDraft | None:
        """The nearest statement above page position `order` with this section and path (see by_path_all)."""
        found = None
        for other in self.by_path_all.get((section_local, path), ()):
            if self._order[other.local] >= order:
                break
            found = other
        return found

    def previous_sentence(self, st: StatementDraft) -> StatementDraft | None:
        """The sentence just before st in the same paragraph ('3.s2' -> '3.s1'), if st is a later sentence."""
        head, _, last = st.item.path.rpartition(".")
        if not last.startswith("s") or not last[1:].isdigit() or int(last[1:]) <= 1:
            return None
        path = f"{head}.s{int(last[1:]) - 1}" if head else f"s{int(last[1:]) - 1}"
        return self.path_before(st.section_local, path, self._order[st.local])

    def paragraph_label(self, st: StatementDraft) -> str:
        """The label a paragraph opens with ('Elderly: ', 'Children under 12 years: ', 'Second line: '), with its colon,
        when st is a later sentence of that paragraph and prints no label of its own; '' otherwise. The plain-text
        reader splits a paragraph into its sentences, but a label over the paragraph's first sentence names the
        patients, band, route or stage of all of them, as it does for a bullet kept whole. A label naming a drug
        (a dose line 'Gentamicin: 5 mg/kg ...') is the drug's, read by the owner rules, not here."""
        if st.item.kind != "sentence" or _PARAGRAPH_LABEL.match(st.item.text):
            return ""
        prev = self.previous_sentence(st)
        while prev is not None:
            m = _PARAGRAPH_LABEL.match(prev.item.text)
            if m is not None:
                label = m.group("label")
                return "" if self.lex.therapies(label) else label.strip() + ": "
            prev = self.previous_sentence(prev)
        return ""

    def sentence_subject(self, st: StatementDraft) -> Mention | None:
        """The one drug a sentence is about: the drug its doses were drafted for, else the drug (not a class) it opens
        with; None when it warns against something, doses several drugs, or names none up front."""
        text = st.item.text
        if any(c.negative for c in clauses(mask_provisos(text))):
            return None  # a warning's drug is never carried to the dose after it
        named = _not_modifiers(text, self.lex.therapies(text))
        dosed = {dd.therapy for dd in self.doses if dd.statement == st.local and dd.therapy is not None}
        if len(dosed) == 1:
            return next((m for m in named if m.iri in dosed), None)
        if dosed:
            return None
        start = _after_condition(text)
        # the drug opening the sentence, or opening its main clause after a leading circumstance or label ("If mild
        # infection, cefalexin for 5 days.")
        leads = named and (_leads(text, named[0]) or 0 < start <= named[0].start
                           and len(re.findall(r"\w+", text[start : named[0].start])) <= 1)
        return named[0] if leads and not self.is_class(named[0].iri) else None

    def previous_sibling(self, st: StatementDraft) -> StatementDraft | None:
        """The bullet just above in the same list (same section and parent), if any."""
        parts = st.item.path.split(".")
        if parts[-1].startswith("s") or not parts[-1].isdigit() or int(parts[-1]) <= 1 or st.item.kind != "bullet":
            return None
        path = ".".join(parts[:-1] + [str(int(parts[-1]) - 1)])
        above = self.path_before(st.section_local, path, self._order[st.local])
        return above if above is not None and above.item.kind == "bullet" else None

    @staticmethod
    def _bare_dose(text: str) -> bool:
        """A bullet that names no drug but states an amount ('500 mcg twice daily', 'For severe croup, give a
        single dose of 0.6 mg/kg'): the caller has already found no drug in it."""
        try:
            return any(not d.amount_not_stated for d in parse_statement(text))
        except ImporterError:
            return False

    @staticmethod
    def _owns_dose(text: str, own: list[Mention]) -> bool:
        try:
            doses = parse_statement(text)
        except ImporterError:
            return False
        return any(any(m.end <= d.span[0] for m in own) for d in doses if not d.amount_not_stated)

    def childless_warning(self, st: StatementDraft, text: str) -> bool:
        """A warning that ends in a colon but has nothing under it ("X should not be used:" with its list lost when
        the page was saved, or printed as a paragraph): still a warning about the drug it names, read as a statement
        (its circumstances are not stated, and the caution says so)."""
        if st.local in self._with_items_set() or st.local in self.label_locals():
            return False
        cl = clauses(text)
        return any(c.reading in ("contraindication", "caution") for c in cl) and any(
            _in_any([c for c in cl if c.negative], m.start) for m in self.lex.therapies(text))

    def is_lead_in(self, st: StatementDraft) -> bool:
        body, _ = split_markers(st.item.text)
        return (st.item.kind == "lead-in" or body.rstrip().endswith(":") or st.local in self.label_locals()
                or id(st) in self._continued_firsts())

    def label_locals(self) -> set[str]:
        """The locals of the lines that label a list (the values of list_labels) as a set, rebuilt only when
        list_labels is replaced or grows: asked for every statement, a scan of the dict each time was quadratic."""
        key = (id(self.list_labels), len(self.list_labels))
        if getattr(self, "_label_key", None) != key:
            self._label_key, self._label_set = key, set(self.list_labels.values())
        return self._label_set

    def _continued_firsts(self) -> set[int]:
        """The ids of the first lines of sentences printed over two lines (the values of continued), as label_locals."""
        continued = getattr(self, "continued", {})
        key = (id(continued), len(continued))
        if getattr(self, "_continued_key", None) != key:
            self._continued_key, self._continued_set = key, {id(p) for p in continued.values()}
        return self._continued_set

    def find_list_labels(self) -> dict[str, str]:
        """Bullets under a short line that names one drug and gives no dose ('**Vancomycin, tapered and pulsed
        (oral)**' over '1. 125 mg QDS for 10–14 days', ...): bullet local -> the label's local. A reader takes the
        label as the list's lead-in even without its colon."""
        out: dict[str, str] = {}
        label: StatementDraft | None = None
        previous: StatementDraft | None = None
        for st in self.statements:
            if st.item.kind == "lead-in" and previous is not None and previous.section_local == st.section_local \
                    and self.band_label_line(st):
                continue  # 'Clarithromycin (oral)' / 'Child 1-11 months:' / '7.5 mg/kg ...' (or '- 7.5 mg/kg ...'
                # under it): a band line over the drug's dose lines does not end its rows (as a line naming only
                # patients does not, below)
            if st.item.kind == "bullet" and previous is not None and previous.section_local == st.section_local:
                if previous.item.kind != "bullet":
                    label = previous if self._is_drug_label(previous) else None
                if label is not None and self._bare_dose(st.item.text) and not self.lex.therapies(st.item.text):
                    out[st.local] = label.local
            elif (
                st.item.kind == "paragraph"
                and previous is not None
                and previous.item.kind == "paragraph"
                and previous.section_local == st.section_local
            ):
                # the plain-text layout of the same list: an uncited line holding only a drug's name, with no blank
                # line to make it a heading, over lines that each give a dose and name no drug ('Azithromycin' over
                # 'Infants under 1 month: 10 mg/kg orally once daily for 5 days [1]'); the rows run until a line
                # that is not a bare dose
                if previous.local not in out and label is not None and (
                        _is_patient_label(previous.item.text) and not self.lex.therapies(previous.item.text)
                        or self._route_line(_label_text(previous))):
                    pass  # 'Flucloxacillin' / '500mg QDS' / 'Child' / '1 month to 1 year: 62.5mg QDS': a line naming
                    # only the patients of the rows under it does not end the drug's rows, nor does a line naming only
                    # their route ('Amoxicillin' / 'By mouth' / 'Child 1-11 months:' / '125 mg ...')
                elif previous.local not in out:
                    label = previous if not previous.item.markers and (
                        self._is_drug_label(previous) or self.line_end_drug(previous) is not None) else None
                if label is not None and self._bare_dose(st.item.text) and not self.lex.therapies(st.item.text):
                    out[st.local] = label.local
            else:
                label = None
            previous = st
        return out

    def line_end_drug(self, st: StatementDraft) -> Mention | None:
        """The drug a line ends with when the line gives no amount and is no warning ('PPI twice daily WITH
        clarithromycin', 'AND either amoxicillin +'): a page that prints each drug's dose on the line under its name
        gives the next line's amount to that drug, never to another one the line names before it."""
        body, _ = split_markers(st.item.text)
        named = _not_modifiers(body, self.lex.therapies(body))
        if not named or not _LINE_END.fullmatch(body[named[-1].end :]):
            return None
        if any(c.negative for c in clauses(mask_provisos(body))):
            return None
        try:
            doses = parse_statement(body, st.item.line)
        except ImporterError:
            return None
        return None if any(not d.amount_not_stated for d in doses) else named[-1]

    def _is_drug_label(self, st: StatementDraft) -> bool:
        body, _ = split_markers(st.item.text)
        if body.rstrip().endswith((".", ";", "?")) or len(body.split()) > 10:
            return False
        named = {m.iri for m in _not_modifiers(body, self.lex.therapies(body))}
        try:
            doses = parse_statement(body, st.item.line)
        except ImporterError:
            return False
        return len(named) == 1 and not any(not d.amount_not_stated for d in doses)

    def structure(self, st: StatementDraft, defer_doses: bool) -> list[tuple[Dose, str | None]]:
        item = st.item
        # 'unless contraindicated' is a proviso on the recommendation: blanked so it reads neither as a
        # contraindication nor as the alternative stage (positions are kept for the dose spans)
        text = mask_provisos(item.text)
        if self.is_lead_in(st) and not self.childless_warning(st, text):
            self.exception_contraindication(st, text, _not_modifiers(text, self.lex.therapies(text)))
            self.note_lead_in_amounts(st, text)
            return []
        defined = glossary(text)
        if defined:
            # "ICS: inhaled corticosteroid" under a table: what the page's abbreviation stands for (learnt before any
            # statement is drafted), never an offer of the drug it spells out
            st.needs.append("a glossary line (" + "; ".join(f"{a} = {long}" for a, long in defined.items())
                            + "): read as what the page's abbreviations stand for; nothing drafted from it")
            st.structured = True
            return []
        if _WARNING_LABEL_ONLY.fullmatch(split_markers(text)[0]):
            # "**Cautions and contraindications**" on a line of its own: the label of the warnings that follow, each
            # drafted from its own line; the label warns against nothing (not the drugs of the heading above it)
            st.needs.append("the label of a warnings section: nothing drafted from it (the warnings under it are "
                            "drafted from their own lines)")
            return []
        if is_scope(text):
            # "This guideline covers children with acute pain: analgesics by age, opioids in hospital and monitoring":
            # what the page is about; the drugs and checks it names are its topics, not recommended, warned about or
            # asked for here
            named = ", ".join(dict.fromkeys(m.name for m in self.lex.therapies(text)))
            st.needs.append("a statement of the page's scope or purpose: nothing drafted from it"
                            + (f" ({named} named as topics)" if named else ""))
            return []
        try:
            doses = parse_statement(text, item.line)
        except ImporterError as e:
            st.needs.append(f"dose wording not understood: {e.detail}")
            doses = []
        label = split_markers(text)[0].strip(" :.-\u2013\t")
        if (label and len(label.split()) <= 3 and self.lex.stage(label) and not self.lex.therapies(label)
                and not any(not d.amount_not_stated for d in doses)):
            # '3rd choice' on a line of its own under '1st choice NSAID': a stage label over the lines that follow;
            # it recommends nothing itself, never the drug of the heading above it at its own stage
            st.needs.append(f"a stage label standing alone ('{label}'): nothing drafted from it")
            st.structured = True
            return []
        therapies, own = self.therapies_for(st, doses_stated=any(not d.amount_not_stated for d in doses))
        # the drugs the statement names before any reading below sets some aside (a failed, replaced or warned drug):
        # an amount printed straight after one of those is still that drug's, never another's (see the dose loop)
        named_drugs = list(therapies)
        # Polarity first: what a clause warns against is a caution, never a dose to give.
        cl = clauses(text, self.paragraph_label(st))
        restricted = RESTRICTION.search(text)
        if restricted and not any(c.negative for c in cl):
            # read as a qualifier of the sentence's later-stage recommendation, not a warning: the curator is told
            st.needs.append(f"restricted to specialist hands ('{restricted.group(0)}'): add it as a qualifier by hand")
        side_effects = SIDE_EFFECTS.match(text)
        if side_effects and not any(c.negative and not RISK_CUE.search(c.cue) for c in cl) and not [
                d for d in doses if not d.amount_not_stated]:
            # "Common side effects include diarrhoea and nausea" under a drug's heading: what the drug may do, for its
            # record; neither an offer of the drug (a recommendation) nor a warning against it (a caution)
            named = ", ".join(dict.fromkeys(m.name for m in therapies)) or "the drug of this section"
            st.needs.append(f"a list of side effects ('{side_effects.group(0).strip()}') of {named}: neither a "
                            "recommendation nor a caution drafted; add them to the drug's record by hand")
            st.structured = True
            return []
        parent_reading = self.parent_reading(st)
        negatives = [c for c in cl if c.negative]
        if not negatives and parent_reading in _NEGATIVE:
            available = _AVAILABLE.search(text)
            giving = _GIVING_OPENS.match(text)
            instead = _INSTEAD_OF.search(text)
            cut_by = self.dose_cut_lead_in(st)
            if cut_by is not None and any(d.band and not (d.amount_not_stated or d.titration or d.rate or d.level
                                                          or d.strength) for d in doses):
                # "Reduce the dose of gabapentin or pregabalin in renal impairment:" over "Gabapentin, CrCl 30-49
                # mL/min: 400-1400 mg a day ...": each item is the reduced dose for its band, a dose to give (as the
                # same rows printed as a table are); the lead-in itself is the caution
                st.needs.append(f"a dose for its band under a lead-in that cuts the dose ('{cut_by}'): drafted as "
                                "the dose given in that band, not as a caution")
                parent_reading = "positive"
                self.band_cut_items.add(st.local)
            elif available is not None:
                # "Amitriptyline is available as 10 mg tablets" under "Cautions": what the drug comes as, a pack
                # strength; the heading's warning does not make it one (data/cue_words.txt [availability_words])
                named = ", ".join(dict.fromkeys(m.name for m in therapies)) or "no drug"
                st.needs.append(f"what {named} is available as ('{available.group(0).strip()}') under a heading of "
                                "warnings: not a warning, nothing drafted from it")
                st.structured = True
                return []
            if parent_reading not in _NEGATIVE:
                pass  # the reduced dose of its band (above): no warning of the lead-in reaches it
            elif giving is not None and not _DOSE_CUT.search(text):
                # "Give at least 15 mg of morphine before escalating" under "Cautions": an instruction to give, whose
                # words warn against nothing; read as the sentence reads, not as a warning of the heading
                st.needs.append(f"an instruction to give ('{giving.group(0).strip()}') under a heading of warnings, "
                                "with no warning wording of its own: not drafted as a caution; check")
            elif instead is not None and any(m.start < instead.start() for m in therapies) and any(
                    m.start >= instead.end() for m in therapies):
                # "Use doxycycline instead of tetracycline in renal impairment" under "Cautions": the drug replaced
                # is the one warned against; the replacement is offered (the alternative), never warned
                negatives = [Clause(instead.end(), len(text), parent_reading,
                                    "(" + parent_reading + " lead-in)", instead.span())]
            else:
                negatives = [Clause(0, len(text), parent_reading, "(" + parent_reading + " lead-in)")]
        adjusted_for: list[Mention] = []
        if negatives:
            doses = self.negative_clauses(st, negatives, therapies, own, doses)
            if own:
                warned_own = [m for m in therapies if _in_any(negatives, m.start)]
                # a drug restricted to specialist hands in the clause that doses it ('Meropenem 1 g IV every 8 hours
                # may be used only on the advice of a consultant microbiologist') still owns that dose: the
                # restriction is its caution, the dose its recommendation's (negative_clauses kept the dose)
                restricted = [m for m in warned_own if (c := clause_at(negatives, m.start)) is not None
                              and RESTRICTION.fullmatch(c.cue) and any(
                                  not d.amount_not_stated and clause_at(negatives, d.span[0]) is c for d in doses)]
                therapies = [m for m in therapies if not _in_any(negatives, m.start) or m in restricted]
                warned_iris = {m.iri for m in warned_own}
                cut = [m for m in therapies if m.iri in warned_iris and (c := clause_at(cl, m.start)) is not None
                       and _DOSE_CUT.search(text, c.start, c.end)]
                if cut:
                    # "Azathioprine with allopurinol: use with caution; give a quarter of the usual azathioprine
                    # dose": the clause naming the drug again cuts the dose of the drug just warned about; it is the
                    # caution's own advice, never an offer of that drug (a recommendation would invert its polarity)
                    therapies = [m for m in therapies if m not in cut]
                    st.needs.append(
                        f"a dose reduction for {cut[0].name} after the warning about it ('"
                        f"{_DOSE_CUT.search(text, clause_at(cl, cut[0].start).start).group(0)}'): kept with the "
                        "caution, not drafted as a recommendation; add the adjustment to the caution by hand"
                    )
                given = [d for d in doses if not d.amount_not_stated]
                # ... or a clause that is only the dose, after a warning that only asks for caution ('Atenolol, eGFR
                # below 15 | use with caution; 25 mg on alternate days'): the careful dose of the drug warned about
                only_caution = bool(negatives) and all(_ASKS_CAUTION.search(c.cue) for c in negatives)
                if not therapies and given and len({m.iri for m in warned_own}) == 1 and any(
                    _ADJUSTED_DOSE.search(text, clause_at(cl, d.span[0]).start, d.span[0])
                    or only_caution and not text[clause_at(cl, d.span[0]).start : d.span[0]].strip(" ;:,.-\u2013")
                    for d in given if clause_at(cl, d.span[0]) is not None
                ):
                    # "Use X with caution in renal impairment: if creatinine clearance is below 30, reduce the dose
                    # to 1 mg/kg": the dose after the warning is X's own dose for that condition
                    therapies = adjusted_for = warned_own[:1]
                    st.needs.append(
                        f"dose given after the warning about {warned_own[0].name}, for the condition stated there: "
                        "attached to it; add the condition (e.g. the renal threshold) as a qualifier by hand"
                    )
                    # its stage is the drug's in this section: "reduce the dose" adjusts, it is not a taper
                    context_stage = next((s for s in map(self.lex.stage, self.context_text(st)) if s), None)
                    if context_stage is not None:
                        self.stage_overrides[st.local] = context_stage
            if therapies:
                # a drug named as the circumstance of a warning ("in any neonate given calcium-containing fluids")
                # is neither warned against nor recommended by it
                spans = [span for c in cl for span in circumstance_spans(text, c.start, c.end)]
                circumstance = [m for m in therapies if any(a <= m.start < b for a, b in spans)]
                if circumstance and len(circumstance) < len(self.lex.therapies(text)):
                    therapies = [m for m in therapies if m not in circumstance]
            elif all(c.negative for c in cl) or parent_reading in _NEGATIVE:
                therapies = []
            if not therapies and not [d for d in doses if not d.amount_not_stated]:
                st.structured = True
                return []
        conditional = [c for c in cl if c.reading == "conditional"]
        if conditional and own:
            failed = [m for m in therapies if any(in_failed_span(c, m.start, m.end) for c in conditional)]
            if failed:
                therapies = [m for m in therapies if m not in failed]
                if not therapies:
                    st.needs.append("names only the therapy that failed: the next step is in another statement")
                    return []
        if own:
            # "has not responded to X", "after 2 days on X", "despite X": X is what failed, not what is given next;
            # "air, not oxygen", "rather than X": X is what the sentence turns away from
            failed = [m for m in therapies if _FAILED_BEFORE.search(text[: m.start]) or _NOT_BEFORE.search(text[: m.start])]
            if failed:
                therapies = [m for m in therapies if m not in failed]
                names = ", ".join(dict.fromkeys(m.name for m in failed))
                st.needs.append(f"{names} named as what failed or what is not used here: not recommended by this statement")
                if not therapies and not [d for d in doses if not d.amount_not_stated]:
                    return []
        switched = False
        swap = _SWITCH.search(text)
        if swap and own:
            # "switch X to Y", "replace X with Y": Y is the next step; X is what it replaces, not recommended here
            a, b = swap.span("old") if swap.group("old") is not None else swap.span("old2")
            replaced = [m for m in therapies if a <= m.start < b]
            if replaced and len(replaced) < len(therapies):
                therapies = [m for m in therapies if m not in replaced]
                names = ", ".join(dict.fromkeys(m.name for m in replaced))
                st.needs.append(f"'{swap.group(0).strip()}': {names} is replaced at this step, not recommended by it")
                switched = True
        if (conditional or parent_reading == "conditional") and not adjusted_for:
            # a bullet under a conditional lead-in ("If allergic to X, use this regimen instead:") takes the
            # lead-in's condition: an allergy makes the regimen an alternative, a failure an escalation
            leads = [p.item.text for p in self.parents(item) if self.is_lead_in(p)]
            inherited = [c.cue for t in leads for c in clauses(t) if c.reading == "conditional"]
            cue_text = " ".join(dict.fromkeys(c.cue for c in conditional)) or " ".join(inherited) or "(conditional lead-in)"
            # a condition taken from the lead-in is read with the lead-in's words ("If the stool frequency remains
            # above 8 on day 3 of IV steroids, offer rescue therapy:" names the refractory stage its items are at)
            target = later_stage(cue_text, text if conditional else " ".join([text, *leads]))
            if target == "Escalation" and _FAILURE_CUE.search(cue_text) and not _STAGE_NAMED.search(
                _FAILED_STAGE.sub(lambda m: " " * len(m.group(0)), mask_provisos(text))
            ):
                # "If shock persists despite noradrenaline, add vasopressin": what failed was itself the step up
                # (the article gives it the escalation stage), so the drug given now is for disease that has not
                # responded to escalation, the vocabulary's refractory stage; the line's own stage words still win
                # what failed: named in the failure's own words ("despite X", "if X fails") or in its condition, up
                # to the comma that closes it ("If there is still no response after X, give Y")
                failed_iris = sorted({m.iri for m in self.lex.therapies(text) if _FAILED_BEFORE.search(text[: m.start])
                                      or any(in_failed_span(c, m.start, m.end) or (
                                          c.cue_span != (0, 0) and _FAILURE_CUE.search(c.cue)
                                          and c.cue_span[0] <= m.start < _condition_end(text, c)
                                          and _condition_end(text, c) < c.end) for c in conditional)})
                escalated = [iri for iri in failed_iris
                             if (stated := self.stated_stage(iri, st)) is not None
                             and stated[0] == self._stage_named("Escalation")]
                if escalated or _FAILED_ESCALATION.search(cue_text):
                    target = "Refractory"
            if target == "Alternative" and kept_for_a_group(cue_text, text):
                st.needs.append(f"kept for a group ('{cue_text[:60]}') with no failure or severity named: drafted as an "
                                "alternative to the usual drug; check the stage and add the group as a qualifier")
            label = re.match(r"\W*([^:,;.]{1,30}?)\s*[:,]", text)
            # a later stage named as the statement's label ("Alternative, only for ...: X"); a first-line label
            # still lets "or Y if X is contraindicated" make Y the alternative
            labelled = label is not None and len(label.group(1).split()) <= 3 and self.lex.stage(label.group(1)) not in (
                None, self._stage_named("FirstLine"))
            section_stage = next((s for s in map(self.lex.stage, self.context_text(st)) if s), None)
            in_staged_section = section_stage is not None and section_stage == self._stage_named("Alternative")
            raised = _DOSE_RAISE.search(text)
            named_here = {m.iri for m in _not_modifiers(text, self.lex.therapies(text))}
            if raised and len({m.iri for m in therapies}) == 1 and named_here <= {therapies[0].iri}:
                # "If the urate is still above target after 4 weeks, raise it to 120 mg": a higher dose of the same
                # drug, not a new stage; the drug keeps the one stage the article's words give it elsewhere
                stated = self.stated_stage(therapies[0].iri, st)
                if stated is not None:
                    self.stage_overrides[st.local] = stated[0]
                st.needs.append(f"'{raised.group(0)}': a dose increase of {therapies[0].name} under a condition, not a "
                                "new stage; add the condition as a qualifier by hand")
            elif any(_REFRACTORY_WORD.search(t) for t in self.context_text(st)):
                # "Anakinra only where NSAIDs, colchicine and steroids are contraindicated or ineffective" under
                # "Refractory": the heading names the stage; the condition lists what came before
                self.stage_overrides[st.local] = section_stage
            elif target == "Alternative" and not labelled and not _ALTERNATIVE_NAMED.search(text) and (
                    named_later := self.later_stage_over_circumstance(self._stage_named("Alternative"), text,
                                                                      self.context_text(st))) is not None:
                # "If allergic to penicillin: ceftazidime 2 g IV" under "Escalate to IV therapy:": the allergy says who
                # gets the drug at the later step the lead-in or heading names, not that it replaces the first line
                self.stage_overrides[st.local] = named_later
                st.needs.append(f"an allergy or intolerance names who gets this drug at the later stage the page names "
                                f"({named_later.rsplit('#', 1)[-1]}): drafted at that stage, not as an alternative to "
                                "the first line")
            elif (labelled or in_staged_section) and target == "Escalation" and not _FAILURE_CUE.search(cue_text):
                # "Alternative, only for non-severe infection ...: X", "X ..., only after 5 days of Y" under an
                # "Alternatives" heading: the condition narrows who gets X; the stage is the one the article names
                pass
            else:
                self.stage_overrides[st.local] = self._stage_named(target)
            if own and conditional:
                # "Offer X, or Y if X is not tolerated": the condition is Y's; X, in a positive clause of its
                # own, keeps the stage the sentence or its section gives it
                self.unconditioned[st.local] = {m.iri for m in therapies if (c := clause_at(cl, m.start)) is not None
                                                and c.reading == "positive"}
                for c in conditional:
                    before = {m.iri for m in therapies if m.start < c.start}
                    if len(before) == 1 and _PRONOUN_GIVEN.search(text, c.start, c.end):
                        # "Digoxin slows the rate at rest, so use it only in people who take little exercise": the
                        # pronoun is the drug named before, so the condition is that drug's own
                        self.unconditioned[st.local] -= before
        onto = _SWITCH_TO.search(text)
        if not switched and onto and own and any(m.start >= onto.end() for m in therapies):
            # "switch to enoxaparin at full dose", "change to one of ...": the drug switched to is the next step;
            # unless it was named before the switch too ("X 30 mg daily, with Y 600 mg IV; switch to Y 450 mg orally
            # once improving"): then the switch changes how that one drug is given and the regimen goes on, so the
            # drugs before it stay given (and keep their own doses)
            onto_drugs = {m.iri for m in therapies if m.start >= onto.end()}
            if not onto_drugs & {m.iri for m in therapies if m.end <= onto.start()}:
                therapies = [m for m in therapies if m.start >= onto.end()]
            switched = True
        stepped_down = bool(_STEP_DOWN.search(text)) and not _FAILURE_CUE.search(text)
        if stepped_down and switched:
            # "switch to oral co-amoxiclav when afebrile", "change to tablets once improving": the course goes on by
            # mouth because the patient is better, not a step up; the drug keeps the stage its section gives
            st.needs.append(f"'{_STEP_DOWN.search(text).group(0).strip()}': a switch to oral treatment on improvement "
                            "continues the course at its stage, not an escalation; check the stage")
        if switched and not stepped_down and st.local not in self.stage_overrides and not self.lex.stage(
            _FAILED_STAGE.sub(lambda m: " " * len(m.group(0)), text)
        ):
            # a switch is made because the current drug is not enough: the vocabulary's escalation
            self.stage_overrides[st.local] = self._stage_named("Escalation")
        excluded = bool(own and not negatives and self.exception_contraindication(st, text, therapies))
        checks, not_a_check = monitoring_reading(text, _reviewed_spans(text, self.lex.therapies(text)))
        if not_a_check:
            st.needs.append(f"worded like a check but not drafted as a monitoring item: {not_a_check}")
        inherited_monitoring = any(is_monitoring(p.item.text) and self.is_lead_in(p) for p in self.parents(item))
        if (not inherited_monitoring and not not_a_check and item.heading != self.a.title
                and _MONITORING_HEADING.search(item.heading)
                and (not states_no_check(text) or action_threshold(text) is not None)
                and not negatives and (not _OTHER_ACTION.match(text) or _TEST_ADDED.match(text)
                                       and not self.lex.therapies(text))):
            # every item of a "Monitoring" or "Follow-up" section that gives no dose is a monitoring item, however it
            # is worded ("INR: daily during warfarin initiation", "Arterial blood gases on arrival"), unless it opens
            # with another instruction ("Review children whose ...")
            inherited_monitoring = True
        # "if X is contraindicated" is the condition of an alternative, not a caution about X
        caution_text = text
        for c in conditional:
            caution_text = caution_text[: c.cue_span[0]] + " " * (c.cue_span[1] - c.cue_span[0]) + caution_text[c.cue_span[1] :]
        if not negatives and is_caution(caution_text) and not [d for d in doses if not d.amount_not_stated]:
            self.caution(st, therapies)
            return []
        if checks or inherited_monitoring:
            if _MONITORING_HEADING.fullmatch(split_markers(text)[0].strip(" .:")) is not None:
                # "Monitoring" standing as a line of its own (a section title the layout did not mark): the items
                # under it are the monitoring, the title is not one of them
                st.needs.append("a section title standing as a statement ('" + text.strip() + "'): not drafted as a "
                                "monitoring item")
                st.structured = True
                return []
        action = action_threshold(text) if checks or inherited_monitoring else None
        if action is not None:
            # "ALT above 5 times the upper limit: stop the hepatotoxic drugs", "If cultures are still positive at 4
            # months, stop the regimen and refer": a stopping rule or an action on a result, not a check to do. A drug
            # named in the result ("rifampicin resistance") is not given; a drug the action names is read as usual
            st.needs.append(f"an action on a result ('{action[0]}'): not a monitoring item; enter the stopping rule or "
                            "referral by hand (needs a curator's eye)")
            if not [m for m in therapies if m.start >= action[1]]:
                named = ", ".join(dict.fromkeys(m.name for m in therapies))
                if named:
                    st.needs.append(f"{named} named in the result the action waits for, not given: nothing drafted")
                st.structured = True
                return []
            therapies = [m for m in therapies if m.start >= action[1]]
        elif checks or inherited_monitoring:
            # an amount that is a measurement of the patient ("creatinine clearance below 60 mL/min") or a level is
            # the monitoring's threshold, not a dose to give
            if not [d for d in doses if not d.amount_not_stated and not d.rate and not d.level]:
                self.monitoring(st, therapies)
                return []
        # the carriers of a route, nearest first: the lead-ins and parent bullets, the line over a list, the caption,
        # the table's first header cell, then the section heading and the headings enclosing it. The nearest carrier
        # that names a route decides; one that names two ('IV dose    Oral dose' read as a heading) decides nothing,
        # and the route is left unstated rather than guessed
        carriers = [self.field_route(st), self.route_line_above(st),
                    *(_carrier_routes(p.item.text) for p in self.parents(item))]
        if st.local in self.list_labels:
            carriers.append(_carrier_routes(self.by_local[self.list_labels[st.local]].item.text))
        caption_schedule, caption_routes = self.caption_schedule(st)
        carriers.append(caption_routes)
        if (header := self.header_cell_drug(st)) is not None:
            # '| Oral amoxicillin | Dose |': the route of the first header cell that names the rows' drug is how every
            # row of the table is given (a route in a dose column's name, 'IV dose', is that column's alone)
            carriers.append(_carrier_routes(header[1]))
        context_routes = _one_route(carriers)
        heading_carriers = []
        route_heading = None
        if item.heading != self.a.title and st.local not in self.heading_displaced:
            # '## IV antibiotics' over '### Meningitis': the nearest enclosing heading that names a route gives it to
            # every section under it, until a heading of its level or higher
            heading_carriers = [_carrier_routes(h) for h in (item.heading, *item.outer)]
            route_heading = next((h for h in (item.heading, *item.outer) if _carrier_routes(h)), None)
        section_scope, page_scope = self.scope_routes(st)
        if any(carriers):
            # 'Doses are oral unless otherwise stated' yields to a carrier over the dose that states its own route,
            # even one naming two ('IV or IM benzylpenicillin' over '10 yr and over: 1200 mg'): that is the page
            # stating otherwise, and which of the two the dose takes is left unstated, never the page's default
            section_scope = page_scope = []
        # 'All doses in this section are intravenous unless marked otherwise.': what the page says of every dose of a
        # section holds as its heading would (a heading naming a route, nearer, still decides first); what it says
        # of every dose on the page holds after every heading
        heading_routes = _one_route([*heading_carriers[:1], section_scope, *heading_carriers[1:], page_scope])
        # a heading that names a drug with its route ('Oral prednisolone') gives that route to its drug's doses (and
        # to doses that name no drug), never to a dose of another drug the section names ('methylprednisolone 1 g')
        heading_drugs = {m.iri for m in self.lex.therapies(route_heading or "") if not self.is_class(m.iri)}
        sentence_routes: list[str] = []
        if st.local in self.from_sentence and (before := self.previous_sentence(st)) is not None:
            # 'First line: ORS by mouth. Give 50 mL/kg over 4 hours': the sentence that lends its drug lends the one
            # route it gives that drug too
            found = list(dict.fromkeys(routes_in(before.item.text) or form_routes_in(before.item.text)))
            if not found:
                # 'First line: ORS by mouth. Give 50 mL/kg over 4 hours. Offer it as 5 mL every minute': the sentence
                # before took its route from the one before it; its doses of the drug pass it on
                found = list(dict.fromkeys(dd.dose.route for dd in self.doses if dd.statement == before.local
                                           and dd.dose.route is not None and not dd.dose.amount_not_stated))
            sentence_routes = found if len(found) == 1 else []
        elif own and len({m.iri for m in therapies}) == 1 and (before := self.previous_sentence(st)) is not None:
            # 'Levodopa 50 mg PO three times daily initially. Usual maintenance levodopa 400-800 mg per day': the
            # sentence before doses the same drug one way only; a route that is not parenteral carries on to it
            same = {dd.dose.route for dd in self.doses if dd.statement == before.local
                    and dd.therapy == therapies[0].iri and not dd.dose.amount_not_stated}
            if len(same) == 1 and (route := next(iter(same))) in _CARRIED_ROUTES:
                sentence_routes = [route]
        above_routes: list[str] = []
        if st.local in self.from_section and len({m.iri for m in therapies}) == 1:
            # a dose that takes its drug from the doses above it in the section ('ORS by mouth ... 50 mL/kg over 4
            # hours' over 'Offer it as 5 mL every minute') takes the route of the nearest of them, when that route is
            # not parenteral (an IV course is often continued another way)
            above = [dd.dose.route for dd in self.doses
                     if dd.therapy == therapies[0].iri and not dd.dose.amount_not_stated
                     and self.by_local[dd.statement].section_local == st.section_local]
            if above and above[-1] in _CARRIED_ROUTES:
                above_routes = [above[-1]]
        placed: list[tuple[Dose, str | None]] = []
        name_spans = [(m.start, m.end) for m in therapies] if own else []
        for dose in [d for d in doses if d.near]:
            self.adjustment(st, dose, therapies)
        doses = [d for d in doses if not d.near]
        doses = self.composition(st, text, doses)
        # 'Risperidone titration: 2 mg on day 1, 4 mg on day 2': the steps of a titration schedule are not doses, but
        # the statement gives its drug all the same (the dose it reaches is stated elsewhere or left to the curator)
        stepped = own and any(d.schedule_step for d in doses)
        if own:
            # "those taking prednisolone 20 mg a day or more for at least 4 weeks": a floor of what the patients
            # already take describes them (their exposure), never a dose the page gives
            for dose in [d for d in doses if d.at_least and not d.amount_not_stated]:
                owner = next((m for m in reversed(therapies) if m.end <= dose.span[0]), None)
                # (the amount straight after the drug's name: 'in patients taking methotrexate, give at least 5 mg
                # of folic acid' gives folic acid)
                if (owner is not None and re.fullmatch(r"[\s(]*", text[owner.end : dose.span[0]])
                        and _patient_medicine(text, owner, self.lex)):
                    doses = [d for d in doses if d is not dose]
                    st.needs.append(f"'{text[dose.span[0] : dose.span[1]]}' read as what the patients already take "
                                    f"({owner.name}), not a dose to give: not drafted")
        for dose in [d for d in doses if d.strength or d.titration or d.rate or d.level or d.threshold or d.rounding]:
            what = ("a rate (a limit on how fast a dose runs, or a measurement of the patient)"
                    if dose.rate else "a concentration in a fluid (a drug level or what a fluid contains)"
                    if dose.level else "a threshold a dose is compared with" if dose.threshold
                    else "the step a dose is rounded to" if dose.rounding
                    else "the preparation (the volume the dose is made up or diluted in)" if dose.preparation
                    else "a product strength" if dose.strength
                    else "an amount given so far that a step waits for" if dose.given_so_far else "a titration step")
            st.needs.append(f"'{text[dose.span[0] : dose.span[1]]}' read as {what}, not a dose to give: not drafted")
        # a rate or a concentration in the fluid stated by a statement whose subject is the drug ("Potassium chloride
        # 40 mmol/L in all IV fluids after the first bolus"): the drug is still what the statement gives
        not_held = [d for d in doses if (d.rate or d.level) and own and therapies and _leads(text, therapies[0])
                    and therapies[0].end <= d.span[0]]
        doses = [d for d in doses if not (d.strength or d.titration or d.rate or d.level or d.threshold or d.rounding)]
        doses = self.component_amounts(st, doses, therapies, own)
        unheld = [d for d in doses if self.unheld(st, d)]
        doses = [self.volume_of_strength(st, d) for d in doses if d not in unheld]
        doses = self.carry_frequency(st, doses)
        own_lead = self.lead_in_schedule(st)
        lead_schedule = own_lead or caption_schedule
        by_drug = self.schedules_by_drug(st, from_lead_in=own_lead is not None) if lead_schedule is not None else None
        if lead_schedule is not None:
            from dataclasses import replace as _replace

            carried = []
            common = lead_schedule
            for dose in doses:
                lead_schedule = common
                if by_drug is not None and not dose.amount_not_stated:
                    # "Give oral paracetamol every 4-6 hours, or oral ibuprofen every 6-8 hours:" over rows naming
                    # both: each row's amount takes the schedule of its own drug's clause, never the other's
                    owner = _owner(dose, therapies, own, text)
                    lead_schedule = by_drug.get(owner)
                    if lead_schedule is None:
                        st.needs.append(f"the lead-in gives its drugs different schedules and none names the drug of "
                                        f"'{text[dose.span[0] : dose.span[1]]}': no frequency or course carried")
                        carried.append(dose)
                        continue
                lead_frequency = lead_schedule.times_per_day or lead_schedule.times_range or lead_schedule.interval
                # a number of doses belongs to the schedule it was counted with: a dose with a frequency of its own
                # ("2 g IV three times a day" under "(one dose before transfer if needed)") never takes the
                # lead-in's count
                own_frequency = bool(dose.times_per_day or dose.times_range or dose.interval)
                if lead_frequency and not dose.amount_not_stated and not own_frequency:
                    dose = _replace(
                        dose,
                        times_per_day=lead_schedule.times_per_day,
                        times_range=lead_schedule.times_range,
                        interval=lead_schedule.interval,
                        interval_max=lead_schedule.interval_max,
                        per=dose.per or ("dose" if (lead_schedule.times_per_day or 0) >= 2 or lead_schedule.times_range
                                         or lead_schedule.interval else "day" if lead_schedule.times_per_day == 1 else None),
                    )
                    st.needs.append(f"frequency carried from the lead-in to '{text[dose.span[0] : dose.span[1]]}'")
                if (not dose.amount_not_stated and dose.per is None and lead_schedule.per in ("week", "month")
                        and not own_frequency and not lead_frequency):
                    # "Rifapentine, taken orally once weekly for 12 weeks" over a table of weight bands: each row's
                    # amount is the week's (a weekly regimen), never an amount whose period is not stated
                    dose = _replace(dose, per=lead_schedule.per)
                    st.needs.append(f"period '{lead_schedule.per}' carried from the lead-in or caption to "
                                    f"'{text[dose.span[0] : dose.span[1]]}'")
                if (not dose.amount_not_stated and dose.doses is None and lead_schedule.doses is not None
                        and not own_frequency):
                    # "give a single dose of X by intramuscular injection:" over its age bands: each amount is
                    # that one dose
                    dose = _replace(dose, doses=lead_schedule.doses,
                                    per=dose.per or ("dose" if lead_schedule.doses == (1, 1) else None))
                    st.needs.append(f"number of doses carried from the lead-in to '{text[dose.span[0] : dose.span[1]]}'")
                if not dose.amount_not_stated and dose.maximum is None and lead_schedule.maximum is not None:
                    # 'every 4 to 6 hours (not more than 4 g in 24 hours):' over its bands: the lead-in's one limit
                    # bounds each row that states none of its own (kg.importer.draft lead_in_ceiling)
                    dose = _replace(dose, maximum=lead_schedule.maximum, maximum_basis=lead_schedule.maximum_basis)
                    st.needs.append(f"maximum carried from the lead-in to '{text[dose.span[0] : dose.span[1]]}': check")
                if (not dose.amount_not_stated and dose.duration is None and lead_schedule.duration is not None
                        and dose.doses != (1, 1) and not dose.initial):
                    # (never to a single or a first dose: "each a 5-day course:" over "200 mg as a single dose on
                    # day 1, then 100 mg once a day for 4 days" times the course, not the one dose)
                    # "..., twice daily for 5 days:" over a table of amounts: the course length is the caption's
                    dose = _replace(dose, duration=lead_schedule.duration)
                    st.needs.append(f"duration carried from the lead-in to '{text[dose.span[0] : dose.span[1]]}'")
                if (not dose.amount_not_stated and dose.doses is None and lead_schedule.doses is not None
                        and not own_frequency):
                    # "twice daily for 3 days (6 doses)" over a table of amounts: each row's course has that many
                    dose = _replace(dose, doses=lead_schedule.doses)
                    st.needs.append(f"number of doses carried from the caption to '{text[dose.span[0] : dose.span[1]]}'")
                carried.append(dose)
            doses = carried
        for dose in doses:
            if dose.route_alternatives is not None:
                a, b = dose.route_alternatives
                st.needs.append(
                    f"'{text[dose.span[0] : dose.span[1]]}' may be given {a} or {b}: drafted as {a}; add the other route by hand"
                )
            if dose.segment and not dose.amount_not_stated:
                st.needs.append(
                    f"the schedule after 'then' is read as a later course segment of '{text[dose.span[0] : dose.span[1]]}' "
                    "(the same amount, its own frequency and length); check against the article"
                )
            if dose.alternative_to and not dose.amount_not_stated:
                st.needs.append(
                    f"'{text[dose.span[0] : dose.span[1]]}' has no unit of its own: read with the unit, period and schedule "
                    f"of the alternative printed after it ('{dose.alternative_to}'), as a second dose (the article gives "
                    "two, e.g. by indication or severity); check which applies when"
                )
            if dose.loading_read:
                st.needs.append(
                    f"'{text[dose.span[0] : dose.span[1]]}' has no schedule of its own before 'then'/'followed by': read as one "
                    "loading dose (count 1); check against the article"
                )
            if dose.condition and not dose.amount_not_stated:
                st.needs.append(
                    f"'{text[dose.span[0] : dose.span[1]]}' is stated under a condition ('{dose.condition}'): add it as a "
                    "qualifier by hand"
                )
            for extra in dose.other_maxima:
                st.needs.append(
                    f"a second maximum '{extra}' is stated for '{text[dose.span[0] : dose.span[1]]}'; the draft holds "
                    "the first only: apply both by hand"
                )
            if dose.band:
                st.needs.append(f"dose '{text[dose.span[0] : dose.span[1]]}' is for the band {dose.band} (a schedule note)")
                if re.fullmatch(r"(?:over|under|above|below) [\d.]+", dose.band):
                    st.needs.append(f"band '{dose.band}' is printed with no unit (years? kg?): kept as printed; "
                                    "needs a curator's eye")
                if is_unnamed_band(dose.band):
                    # '3.0-3.5 mmol/L   30-60 mg' under 'by adjusted calcium:', 'Serum calcium 3.0-3.5 mmol/L': no
                    # measure the vocabulary models is named; none is supplied, the curator reads it from the page
                    st.needs.append(f"band '{dose.band}' is a laboratory value with no measure modelled for it (none named "
                                    "on its row, or one data/function_measures.txt does not list): kept as printed, no "
                                    "measure supplied; needs a curator's eye")
                measure = function_measure_of(dose.band)
                if measure is not None and not (re.search(r"\bmL/min\b", dose.band) or dose.band.endswith(
                        f" {measure.unit}")):
                    # 'if eGFR < 45, give ...': the band as printed, never given the unit the page leaves out
                    st.needs.append(f"band '{dose.band}' is printed with no unit (the measure is usually counted in "
                                    f"{measure.unit}): kept as printed, no unit supplied; needs a curator's eye")
            if dose.step_span:
                st.needs.append(f"dose '{text[dose.span[0] : dose.span[1]]}' is stepped '{dose.step_span}' (the span a "
                                "titration or taper runs over, not how long this amount is given): no course drafted; "
                                "needs a curator's eye")
            if dose.timing and is_course_label(dose.timing):
                st.needs.append(
                    f"dose '{text[dose.span[0] : dose.span[1]]}' is given '{dose.timing}' (the time of course the "
                    "statement opens with): kept as its schedule note"
                    + (", and as its course as 'for the first ...' is read" if dose.duration and
                       re.match(r"(?i)(?:for\s+)?(?:the\s+)?first\b", dose.timing) else
                       "; no course, band or step is drawn from it")
                    + ": needs a curator's eye"
                )
            elif dose.timing and dose.doses is None:
                # "20 mg daily, 5 days a week": which days, and nothing else the fields can hold
                st.needs.append(f"dose '{text[dose.span[0] : dose.span[1]]}' is given '{dose.timing}': kept as its "
                                "schedule note only (the vocabulary cannot hold which days); needs a curator's eye")
            elif dose.timing:
                st.needs.append(
                    f"dose '{text[dose.span[0] : dose.span[1]]}' is given '{dose.timing}': drafted as a number of doses"
                    + (" and their interval" if dose.interval else "; the uneven days are in the schedule note only")
                    + " (the vocabulary cannot hold a list of days)"
                )
        if doses and re.search(r"\bhalf\b|\bhalved\b|\bdouble[ds]?\b|\bquarter\b", text, re.I):
            st.needs.append("a dose is given as a fraction or multiple of another ('half', 'double'): check by hand")
        if not doses and st.needs and not st.structured and not therapies:
            return []
        # the drug of a positive clause beside a warning ("Avoid X with Y; use Z instead") is still recommended,
        # on the wording of its own clause only (the 'use' of 'do not use X' recommends nothing)
        wording = text
        for c in negatives:
            wording = wording[: c.start] + " " * (c.end - c.start) + wording[c.end :]
        if own:
            # "do not give X instead of Y", "drive the nebuliser with air rather than oxygen": Y is what is
            # replaced, not a drug this sentence recommends
            therapies = [m for m in therapies if not _REPLACED_BY.search(text[: m.start])]
            spans = circumstance_spans(text)
            given = _GIVE_AFTER.search(text, max(b for _a, b in spans)) if spans else None
            if therapies and given and all(any(a <= m.start < b for a, b in spans) for m in therapies) and not [
                    d for d in doses if not d.amount_not_stated]:
                # "If the person takes warfarin, give vitamin K": the only drugs named describe the patient (their own
                # medicine); what the sentence gives is something neither the graph nor the lexicon knows
                names = ", ".join(dict.fromkeys(m.name for m in therapies))
                st.needs.append(f"{names} named as the patient's own medicine, not what the sentence gives "
                                f"('{given.group(0).strip()} ...'): not recommended; the drug given is not recognised")
                therapies = []
        if not doses and st.structured and not (negatives and own and therapies):
            return []
        for dose in doses:
            if dose.amount_not_stated and not dose.has_schedule:
                # a bare route: a dose only when the route word is not part of a drug's name
                spans = route_word_spans(text)
                if not spans or all(any(s >= a and e <= b for a, b in name_spans) for s, e in spans):
                    continue
                if is_preference(text):
                    continue
            if dose.route is None and (context_routes or sentence_routes or above_routes or heading_routes):
                route = (context_routes or sentence_routes or above_routes or heading_routes)[0]
                where = ("lead-in" if context_routes else "sentence before" if sentence_routes
                         else "drug's dose above" if above_routes else "section heading")
                misfit = route_misfit(text, dose, route)
                owner = _owner(dose, therapies, own, text)
                if misfit is None and not context_routes and not sentence_routes and not above_routes and own and heading_drugs and \
                        owner is not None and owner not in heading_drugs and not self.is_class(owner):
                    misfit = f"the heading gives it for {', '.join(self.lex.label(i) for i in sorted(heading_drugs))}"
                if misfit is None:
                    dose = _with_route(dose, route)
                    st.needs.append(f"route '{dose.route}' carried from the {where} to "
                                    f"'{text[dose.span[0] : dose.span[1]]}'")
                elif not dose.amount_not_stated:
                    # the line's own words win over the section's: the route is left unstated, never guessed
                    st.needs.append(f"route '{route}' of the {where} not carried to '{text[dose.span[0] : dose.span[1]]}'"
                                    f": {misfit}; route left unstated (needs a curator's eye)")
            elif dose.route is None and placed and placed[-1][0].route is not None and not dose.amount_not_stated:
                prev = placed[-1][0]
                gap = text[prev.span[1] : dose.span[0]]
                # "750 mg orally at once, then 250 mg every 8 hours", "1 g IV, then 500 mg 12-hourly": a later amount
                # of the same drug in the same sentence is given as the first unless it names its own route (read
                # by the grammar) or the words between say the way changes ('then switch to', 'step down'); across
                # 'then' the carry is flagged for the curator, since a later step is sometimes given another way
                sequence = bool(re.search(r"\b(?:then|followed by|thereafter)\b", gap, re.I)) and not prev.initial
                if (
                    _owner(dose, therapies, own, text) == placed[-1][1]
                    and not re.search(r"\b(?:switch\w*|transition\w*|convert\w*|step\w* down)\b", gap, re.I)
                    and (misfit := route_misfit(text, dose, prev.route)) is None
                ):
                    dose = _with_route(dose, prev.route)
                    said = text[dose.span[0] : dose.span[1]]
                    st.needs.append(
                        f"route '{prev.route}' carried from the dose before to '{said}'" + (
                            " across 'then': check that the later step is given the same way (needs a curator's eye)"
                            if sequence else "")
                    )
                    if prev.route_alternatives is not None:
                        # the dose before may be given two ways: so may this one
                        a, b = prev.route_alternatives
                        st.needs.append(f"'{text[dose.span[0] : dose.span[1]]}' may be given {a} or {b}: drafted as {a}; "
                                        "add the other route by hand")
                elif _owner(dose, therapies, own, text) == placed[-1][1] and \
                        (misfit := route_misfit(text, dose, prev.route)) is not None:
                    # 'Ondansetron (IV or oral) | 4 mg | 0.1 mg/kg': the line names more than the one route
                    st.needs.append(f"route '{prev.route}' of the dose before not carried to "
                                    f"'{text[dose.span[0] : dose.span[1]]}': {misfit}; route left unstated (needs a "
                                    "curator's eye)")
            if dose.band is None and not dose.amount_not_stated:
                band, where = self.context_band(st)
                if band is None:
                    band, where = self.continued_band(st)
                if band is not None:
                    from dataclasses import replace as _rb

                    dose = _rb(dose, band=band)
                    st.needs.append(f"band '{band}' carried from the {where} to '{text[dose.span[0] : dose.span[1]]}'")
            elif dose.band is not None and not dose.amount_not_stated:
                # a band of another measure over the row's own ('<=29 weeks PMA:' over '- 0-28 days: 5 mg/kg ...'; a
                # caption 'Children 1-5 years' over weight rows): the dose is for both, never for its own part alone
                # an age over weight rows ('Children 1 year and older:' over '10-15 kg: 30 mg') says who the table is
                # for and the weight picks the dose: the row keeps its weight band and the draft names the age
                band, where = self.context_band(st)
                if band is not None and two_measures(band, dose.band) and band not in dose.band:
                    said = text[dose.span[0] : dose.span[1]]
                    if "weight" in band_measure_kind(band) + band_measure_kind(dose.band):
                        st.needs.append(f"dose '{said}' for the band {dose.band} is also under the {where}'s band "
                                        f"'{band}' (kept as a note, not in the dose's band; needs a curator's eye)")
                    else:
                        from dataclasses import replace as _rb

                        dose = _rb(dose, band=f"{band}, {dose.band}")
                        st.needs.append(f"band '{band}' from the {where} joined to the row's own band for '{said}' "
                                        "(the dose is for both)")
            therapy = _owner(dose, therapies, own, text)
            if own and therapy is not None and (brand := _product_between(text, therapies, therapy, dose)) is not None:
                # "PPI with De-noltab® (...) 240mg": a trademarked product the lexicon does not know stands between
                # the drug named and the amount; the amount is that product's, never the drug's before it
                st.needs.append(f"dose '{text[dose.span[0] : dose.span[1]]}' follows the product '{brand}', which "
                                "is no drug the lexicon knows: drafted with no drug (not given to the drug named "
                                "before it); attach it by hand")
                therapy = None
            printed_for = _set_aside_owner(dose, named_drugs, therapies, own, text)
            if printed_for is not None and therapy is not None and therapy != printed_for.iri:
                # 'Primaquine 30 mg ...' read as set aside (replaced, failed, a comparator) while the sentence goes on
                # to another drug: the amount follows primaquine's own name, so it is never the other drug's (a dose
                # given to the wrong drug is worse than one left for the curator)
                st.needs.append(f"'{text[dose.span[0] : dose.span[1]]}' is printed for {printed_for.name}, which this "
                                f"statement does not give; not attached to {self.lex.label(therapy)}: attach it by hand "
                                "(needs a curator's eye)")
                therapy = None
            if own and therapy is not None and (end := _sentence_named_none(dose, therapies, text)) is not None:
                therapy = self.dose_sentence_drug(st, dose, therapies, text, end)
            whole = _whole_product(dose, therapies, therapy, text) if own and not dose.amount_not_stated else None
            if whole is not None:
                # "piperacillin-tazobactam 4.5 g": one amount printed for the whole product is kept on the first-named
                # component (the facts convention), never split into the components' shares
                st.needs.append(f"amount is for the combination: '{text[dose.span[0] : dose.span[1]]}' is printed for "
                                f"{whole} as a whole; drafted on its first-named component, not split: needs a "
                                "curator's eye")
            if dose.amount_not_stated and therapy is not None and self.is_class(therapy) and not self.without_topic_classes(
                st, [m for m in therapies if m.iri == therapy][:1], own
            ):
                # a route or schedule with no amount, on a class that is only the section's topic ("Oral dose" in a
                # table header under "Antibiotics"): nothing to recommend
                continue
            if not own:
                # a class named beside one drug ("Amoxicillin, if antibiotics are needed:") is not a rival owner
                specific = [m for m in therapies if not self.is_class(m.iri)]
                if specific and len({m.iri for m in specific}) == 1:
                    therapies, therapy = specific, specific[0].iri
            fuller = _fuller_name(therapies) if not own and len({m.iri for m in therapies}) > 1 else None
            if fuller is not None:
                # "lithium" (the heading) and "Lithium carbonate" (the line above): one drug, named once in full; the
                # dose is the fuller name's, flagged
                shorter = " or ".join(dict.fromkeys(m.name for m in therapies if m.iri != fuller))
                therapies, therapy = [m for m in therapies if m.iri == fuller], fuller
                st.needs.append(f"dose attached to {therapies[0].name}, the fuller name of the drug also named here "
                                f"as {shorter}: check it is that drug's")
            elif not own and len(therapies) == 2 and therapies[0].iri != therapies[1].iri and \
                    self.printed_as_product(st, therapies[0], therapies[1]):
                # '### Piperacillin-tazobactam (Tazocin)' over '- 4.5 g intravenously every 6 hours': the carrier
                # names one combination product; its one amount is the first-named component's (the facts
                # convention), never the second's alone (4.5 g of tazobactam) and never split
                therapy = therapies[0].iri
                st.needs.append(f"amount is for the combination: '{text[dose.span[0] : dose.span[1]]}' is carried from "
                                f"{therapies[0].name}-{therapies[1].name} as a whole; drafted on its first-named "
                                "component, not split: needs a curator's eye")
            elif not own and len({m.iri for m in therapies}) > 1:
                names = " or ".join(dict.fromkeys(m.name for m in therapies))
                st.needs.append(
                    f"ambiguous: '{text[dose.span[0] : dose.span[1]]}' could be a dose of {names}; attach it by hand"
                )
                therapy = None
            elif not own and therapy is not None and st.local in self.from_above:
                st.needs.append(f"dose attached to {therapies[0].name}, named in the bullet above")
            elif not own and therapy is not None and st.local in self.from_sentence:
                st.needs.append(f"dose attached to {therapies[0].name}, the drug of the sentence before")
            elif not own and therapy is not None and st.local in self.from_caption:
                st.needs.append(f"dose attached to {therapies[0].name}, named in the sentence over the list")
            elif not own and therapy is not None and st.local in self.from_paragraph:
                st.needs.append(f"dose attached to {therapies[0].name}, the drug the line above it opens with (no "
                                "other drug named between): check it is that drug's")
            elif not own and therapy is not None and st.local in self.from_section:
                st.needs.append(f"dose attached to {therapies[0].name}, the drug of the doses above it in this "
                                "section (no other drug named between): check it is that drug's")
            elif not own and therapy is not None and st.local in self.from_title:
                st.needs.append(f"dose attached to {therapies[0].name}, the one drug the article's title names: "
                                "check it is that drug's")
            elif not own and therapy is not None and st.local in self.from_label:
                st.needs.append(f"dose attached to {therapies[0].name}, named in the line over the list")
            elif not own and therapy is not None and st.local in self.from_header:
                st.needs.append(f"dose attached to {therapies[0].name}, named in the table's first header cell "
                                f"'{self.from_header[st.local]}'")
            elif not own and therapy is not None and st.local in self.from_outer:
                st.needs.append(f"dose attached to {therapies[0].name}, named in the heading "
                                f"'{self.from_outer[st.local]}' over this section")
            elif not own and therapy is not None and st.local in self.from_heading:
                st.needs.append(f"dose attached to {therapies[0].name}, named in the section heading")
            placed.append((dose, therapy))
        if not placed and is_preference(text) and routes_in(text) and therapies:
            target = self._last_dose.get(therapies[0].iri)
            if target is not None:
                target.preferred_route = routes_in(text)[0]
                self.attach(st, therapies[0].iri, target_dose=target)
                st.structured = True
                return []
        exception = _EXCEPTION.search(text)
        if placed and exception and not conditional and not excluded:
            # "give X except in asthma": the recommendation does not hold there, and no field of a dose says so
            st.needs.append(
                f"exception wording ('{exception.group(0)}'): the recommendation does not hold there; add a caution or "
                "qualifier by hand"
            )
        if defer_doses and placed:
            st.role = "kgv:RoleSummary"
            if own and therapies and all(d.amount_not_stated for d, _ in placed):
                # a summary line whose only schedule has no amount ("X 1% lotion is an alternative, washed off after 8
                # hours") restates no dose, and its schedule is not drafted; the drug it offers is still recommended
                strength = self.strength_for(st)
                for m in self.without_topic_classes(st, self.offered(text, wording, therapies, own, cl, st), own):
                    self.rec(m.iri, self.stage_for(st, m.iri), strength, st)
                st.structured = True
                return []
            return placed
        strength = self.strength_for(st)
        for dose, therapy in placed:
            self.add_dose(st, dose, therapy, self.stage_for(st, therapy), strength)
        if placed and own and therapies and all(d.amount_not_stated for d, _ in placed):
            # a schedule with no amount ("high-dose X-Y", "for 5 days") goes to the first drug; the drugs listed with
            # it ("amoxicillin-clavulanate", "X, or Y if ...") are recommended by the sentence all the same
            dosed = {t for _, t in placed}
            for m in self.without_topic_classes(st, self.offered(text, wording, therapies, own, cl, st), own):
                if m.iri not in dosed:
                    dosed.add(m.iri)
                    self.rec(m.iri, self.stage_for(st, m.iri), strength, st)
        if placed:
            st.structured = True
            return []
        therapies = self.without_topic_classes(st, therapies, own)
        colon = wording.find(": ")
        offered_under_stage = (
            own and colon > 0 and any(m.start > colon for m in therapies) and item.heading != self.a.title
            and self.lex.stage(item.heading) is not None
        )
        if offered_under_stage:
            # "PE in an unstable patient: systemic thrombolysis with alteplase" under an "Escalation" heading: a
            # situation and the drug for it, the stage the heading's
            therapies = [m for m in therapies if m.start > colon]
        if therapies and not unheld and _CAUTION_HEADING.match(item.heading) and (
            self.lex.strength(wording) or self.lex.stage(wording)
        ) and self.lex.stage(wording) != self._stage_named("Alternative"):
            # "Colchicine in renal impairment: reduce the dose" in the Cautions: a dose adjustment under a warning,
            # not a recommendation at a stage (the replacement a warning names, "use Y instead", still is one)
            names = ", ".join(dict.fromkeys(m.name for m in therapies))
            st.needs.append(f"in a section of cautions: no recommendation drafted for {names}; add a dose adjustment "
                            "or qualifier by hand if the article gives one")
            return []
        if therapies and item.heading != self.a.title and _BACKGROUND_HEADING.match(item.heading):
            # "Lithium is recommended in many older guidelines" under "Background", "Consider giant cell arteritis,
            # which responds to prednisolone" under "Differential diagnosis": a section that explains the condition
            # names drugs as its causes, history or look-alikes; a sentence there with no dose offers none of them
            names = ", ".join(dict.fromkeys(m.name for m in therapies))
            st.needs.append(f"{names} named in a section about the condition ('{item.heading}'), with no dose: no "
                            "recommendation drafted; add one by hand if the sentence advises giving it")
            return []
        heading_stage = self.lex.stage(item.heading) if item.heading != self.a.title else None
        led_under_stage = (
            own and item.kind == "bullet" and not negatives and heading_stage is not None and bool(therapies)
            and _LED_BY_NAME.match(wording[: therapies[0].start]) is not None
            and not self.lex.strength(wording) and not self.lex.stage(wording)
        )
        if led_under_stage:
            # "- Intra-articular methylprednisolone for one large joint" under "Alternatives": a list item whose
            # subject is the drug, under a heading that names the stage, offers it at that stage
            st.needs.append(f"{therapies[0].name} recommended at the stage its heading names ('{item.heading}'): the "
                            "item states no dose or stage of its own; check")
        # "If mild infection, cefalexin for 5 days.": the drug given for a course, no amount printed, is offered
        coursed = own and not negatives and any(_given_for_a_course(wording, m) for m in therapies)
        if therapies and (self.lex.strength(wording) or self.lex.stage(wording) or unheld or switched
                          or offered_under_stage or led_under_stage or not_held or stepped or coursed):
            # a dose the vocabulary cannot hold still recommends its drug; the amount waits for the curator
            listed = self.offered(text, wording, therapies, own, cl, st)
            for m in {m.iri: m for m in listed}.values():
                rec = self.rec(m.iri, self.stage_for(st, m.iri), strength, st)
                schedule = parse_statement_schedule(text, item.line)
                if schedule is not None and rec.duration is None:
                    rec.duration = schedule
            st.structured = True
        return []

    def exception_contraindication(self, st: StatementDraft, text: str, therapies: list[Mention]) -> bool:
        """'Give X ..., unless the person has had anaphylaxis to a penicillin', 'X, bleeding risk permitting': the
        patients the recommendation excludes are a contraindication to X (the recommendation itself stands)."""
        m = _EXCEPTION_CI.search(text)
        if m is None or _UNLESS_NEED.search(m.group(0)) or UNLESS_FAILED.search(m.group(0)):
            return False
        if _EXCEPTION_WHEN_OR_HOW.search(m.group(0)):
            # "on any day except the day of the weekly dose", "unless heart function requires a slower rate": when or
            # how the drug is given, not patients who may not have it
            st.needs.append(f"exception wording ('{m.group(0).strip()}') says when or how the drug is given, not who "
                            "may not have it: no contraindication drafted; add it to the dose's instructions by hand")
            return True
        what = (m.group("what") or m.group("what2") or "").strip()
        what = _EXCEPTION_SUBJECT.sub("", what)
        what = _EXCEPTION_VERB.sub("", what).strip(" ,")
        # the exception qualifies its own clause: one opened by ', though' / ', but' after the drug ('X may be given,
        # though treatment can often wait until after delivery unless exposure was recent') names when to treat, not
        # who may not have X
        turn = max((c.end() for c in _CONCESSIVE.finditer(text, 0, m.start())), default=0)
        agents = [t for t in therapies if turn <= t.start and t.end <= m.start()]
        if not what or not agents:
            return False
        agent = agents[-1]
        conditions = [f for f in self.lex.features(what) if f.iri.startswith(str(COND))]
        risk = conditions[0].name if conditions else what
        clause = Clause(m.start(), m.end(), "contraindication", m.group(0).strip(), (m.start(), m.end()))
        structured = st.structured
        self.caution_node(st, agent, clause, [], risk=risk)
        st.structured = structured  # the recommendation is still to be read from the statement
        st.needs.append(f"exception wording ('{m.group(0).strip()}') read as a contraindication to {agent.name}; the "
                        "recommendation stands")
        return True

    def continued_band(self, st: StatementDraft) -> tuple[str | None, str]:
        """The band of the statement just before, when this one opens by continuing its course ('Children 6 months
        and older: 10 mg/kg on day 1.' then 'Then 5 mg/kg once daily on days 2 to 5.'): the one band that statement's
        drafted doses hold, or None (no band there, several, or the statement does not continue one)."""
        if not _CONTINUES.match(st.item.text):
            return None, ""
        at = self._order.get(st.local)
        if not at:
            return None, ""
        prev = self.statements[at - 1]
        if prev.section_local != st.section_local or prev.item.heading != st.item.heading:
            return None, ""
        bands = {dd.dose.band for dd in self.doses if dd.statement == prev.local and not dd.dose.amount_not_stated}
        if len(bands) == 1 and None not in bands:
            return bands.pop(), "statement before (this one continues its course)"
        return None, ""

    def label_band(self, st: StatementDraft) -> tuple[str | None, str] | None:
        """The band of a patient label printed on its own line above the statement in the same section, with the
        statements under it as its siblings rather than nested ('**Children 1 month-17 years**' over '- Isoniazid:
        10 mg/kg ...'): a short line of patient words and a band, no amount, no verb. Its scope runs to the next such
        label; a label with no band ('**Adults**') ends the one before. None when no label stands above."""
        at = self._order.get(st.local)
        if at is None:
            return None
        for prev in reversed(self.statements[max(0, at - 12) : at]):
            if prev.section_local != st.section_local or prev.item.heading != st.item.heading:
                return None
            if self.is_lead_in(prev) and not self.band_line(prev):
                return None  # a lead-in's band is its nested items' (context_band), and it closes any label above it
            text = split_markers(prev.item.text)[0].strip(" *_:")
            bare = _bare_band_label(text) if not _is_patient_label(text) else None
            if bare is not None:
                band, certain = bare
                if certain or self.band_column_above(prev):
                    return band, f"band label above ('{text}')"
                return None, ""  # a range that may be a course: it still ends the label above it
            if not _is_patient_label(text):
                continue
            found = set(bands_in(text))
            if len(found) == 1:
                return found.pop(), f"patient label above ('{text}')"
            return None, ""
        return None

    def band_label_line(self, st: StatementDraft) -> bool:
        """A line naming patients and their band only, no drug ('Child 1-11 months:', 'Body-weight 10-20 kg')."""
        body = _label_text(st)
        return bool(body) and not self.lex.therapies(body) and (
            _is_patient_label(body) or _bare_band_label(body) is not None)

    def band_line(self, st: StatementDraft) -> bool:
        """A band line printed over its dose lines with its colon ('Child 1-11 months:', '**Neonates 7-28 days:**',
        'Under 40 kg:') and nothing nested under it: the dose lines are its siblings, as formularies print them, so
        it labels them as a label without a colon does (label_band), rather than as a lead-in of no items. A line
        naming only patients ('Adults:') is one too: it ends the band above it and gives none."""
        if not self.band_label_line(st):
            return False
        at = self._order.get(st.local)
        nxt = self.statements[at + 1] if at is not None and at + 1 < len(self.statements) else None
        return nxt is None or nxt.section_local != st.section_local or not nxt.item.path.startswith(st.item.path + ".")

    def band_column_above(self, label: StatementDraft) -> bool:
        """Whether a bare range of years or months on a line of its own ('6-12 years') stands in a flattened table's
        band column: the column's header cell ('Age', 'Weight') or a band label no course could be ('Under 6
        months') is printed above it in the same run of lines, or the line opens the run (nothing above it in its
        section is a dose it could time). A range straight under a dose line with no such header above is left
        alone: there it may be that dose's course ('Amoxicillin' / '500 mg' / '6-12 months')."""
        at = self._order.get(label.local)
        if at is None:
            return False
        run = []
        for prev in reversed(self.statements[max(0, at - 12) : at]):
            if prev.section_local != label.section_local or prev.item.heading != label.item.heading:
                break
            run.append(prev)
        headers = cue_words("band_column_headers")
        top = -1  # the first band line of the run: the column opens there
        for k, prev in enumerate(run):
            text = prev.item.text.strip(" *_:\t").casefold()
            if text in headers:
                return True
            bare = _bare_band_label(text)
            if bare is not None:
                if bare[1]:
                    return True
                top = k
        # the band lines alternate with dose lines from the top of the run: the column opens when nothing above its
        # first band line is a dose that line could time
        dosed = {dd.statement for dd in self.doses if not dd.dose.amount_not_stated}
        return not any(prev.local in dosed for prev in run[top + 1 :])

    def context_band(self, st: StatementDraft) -> tuple[str | None, str]:
        """The one weight or age band the lead-in or the section heading states for the doses under it
        ('Children 3 months to 17 years' over 'Offer ceftriaxone 80 mg/kg ...'); None when it states none or
        several (then no band is chosen for the dose)."""
        for parent in self.parents(st.item):
            if self.is_lead_in(parent):
                found = set(bands_in(parent.item.text))
                if found:
                    return (found.pop(), "lead-in") if len(found) == 1 else (None, "")
        lead = self.paragraph_label(st)
        if lead and not any(w.casefold() in _GROUP_OPENING_WORDS for w in re.findall(r"[\w-]+", st.item.text)):
            # 'Children under 12 years: give X 250 mg. In severe infection give 500 mg.': the paragraph's label is the
            # band of its later sentences, unless one names other patients ('Adults should take 500 mg')
            found = set(bands_in(lead))
            if found:
                return (found.pop(), f"label opening the paragraph ('{lead.strip(': ')}')") if len(found) == 1 \
                    else (None, "")
        label = self.label_band(st)
        if label is not None:
            return label
        caption = self.caption_of(st) if st.item.line in self.a.table_rows else None
        if caption is not None:
            # "Table 2. Adults 40-55 kg, given orally once daily." over a table: the band of every row
            found = set(bands_in(caption.item.text))
            if found:
                return (found.pop(), "caption over the table") if len(found) == 1 else (None, "")
        if st.item.heading != self.a.title:
            found = set(bands_in(st.item.heading))
            if len(found) == 1:
                return found.pop(), "section heading"
            bare = _bare_band_label(st.item.heading) if not found else None
            if bare is not None:
                # a heading that is only a band ('1 month to 11 months' over 'Amoxicillin 125 mg ...', a flattened
                # table's band cell read as a heading): a heading is never a course cell, so the range is the band
                return bare[0], "section heading (a band label)"
            # a numbered section's band holds in its unnumbered subsections ("4. Oral doses for adults" over
            # "Lamotrigine (monotherapy)"): the nearest enclosing heading that states one band
            for outer in [] if found else st.item.outer:
                found = set(bands_in(outer))
                if found:
                    return (found.pop(), f"heading of the enclosing section ('{outer}')") if len(found) == 1 else (None, "")
        return None, ""

    def composition(self, st: StatementDraft, text: str, doses: list[Dose]) -> list[Dose]:
        """What a product holds is its strength, never a dose to give: the amounts after "one tablet holds", "each
        capsule contains", "Each tablet:" in the same sentence, and every amount of a table or list whose caption or
        lead-in says it lists contents ("content per tablet", "Fixed-dose combinations: composition")."""
        from dataclasses import replace as _replace

        context = [p.item.text for p in self.parents(st.item) if self.is_lead_in(p)]
        caption = self.caption_of(st)
        if caption is not None:
            context.append(caption.item.text)
        if any(_COMPOSITION_CAPTION.search(t) for t in context):
            return [_replace(d, strength=True) if not d.amount_not_stated else d for d in doses]
        regions = []
        for m in _COMPOSITION_VERB.finditer(text):
            stop = _SENTENCE_STOP.search(text, m.end())
            regions.append((m.end(), stop.start() if stop else len(text)))
        if not regions:
            return doses
        return [_replace(d, strength=True) if not d.amount_not_stated and any(a <= d.span[0] < b for a, b in regions)
                else d for d in doses]

    def offered(self, text: str, wording: str, therapies: list[Mention], own: bool, cl: list[Clause],
                st: StatementDraft | None = None) -> list[Mention]:
        """The drugs a statement without a drafted dose recommends: the first one named, every one listed with it
        ("midazolam or propofol", "A, B and C", "X as first-line treatment, or Y if ..."), and the drug of another
        clause that carries recommending words of its own ("If X is not tolerated, give Y; otherwise give X") or
        opens with "or"/"otherwise". A drug named in passing ("in people taking X") is none of these."""
        if own and len(therapies) > 1:
            # "In patients taking digoxin, give calcium slowly", "Patients allergic to penicillin should receive
            # clarithromycin": a drug that only describes the patients (their medicine, their allergy) is not offered
            # (not the role phrase "as an alternative": "Use X first-line and Y as an alternative" offers Y)
            spans = [(a, b) for a, b in circumstance_spans(text) if not text[a : a + 3].casefold().startswith("as ")]
            outside = [m for m in therapies if not any(a <= m.start < b for a, b in spans)]
            if outside and len(outside) < len(therapies):
                therapies = outside
        if own and therapies and all(_patient_medicine(text, m, self.lex) for m in therapies):
            # "Consider the diagnosis in patients taking lithium", "Check the INR in people already on warfarin": every
            # drug named describes the patients (what they already take), so the sentence offers none
            if st is not None:
                names = ", ".join(dict.fromkeys(m.name for m in therapies))
                st.needs.append(f"{names} named only as what the patients already take: no recommendation drafted")
            return []
        if own and len(therapies) > 1 and (end := _opening_circumstance_end(text)) is not None:
            # "If the previous treatment was amoxicillin, use doxycycline", "Unlike aspirin, clopidogrel can be used":
            # a drug named only in the opening circumstance describes the patient or the comparison; the main clause
            # after its comma names the drug offered
            after = [m for m in therapies if m.start > end]
            if after and len(after) < len(therapies):
                therapies = after
        listed = [therapies[0]]
        if not own:
            return listed
        for k, m in enumerate(therapies[1:], 1):
            prev = listed[-1]
            gap = text[prev.end : m.start]
            if _LIST_JOIN.fullmatch(gap) or _CONDITIONED_NEXT.fullmatch(gap) or (
                therapies[k - 1] is prev and _QUALIFIED_JOIN.fullmatch(gap)
            ):
                listed.append(m)
                continue
            c = clause_at(cl, m.start)
            if c is None or c.negative or c == clause_at(cl, prev.start):
                continue
            words = wording[c.start : c.end]
            if self.lex.strength(words) or self.lex.stage(words) or _OPENS_ALTERNATIVE.match(text, c.start):
                listed.append(m)
        return listed

    def own_clause_text(self, therapy: str, text: str) -> str:
        """The statement as the therapy's stage is read from it: when its sentences or ";" parts name different drugs
        ("X is the drug of choice; Y is an alternative", "First choice: X. Second choice: Y"), the parts naming only
        other drugs are blanked, so one drug's stage wording is not another's."""
        mentions = _not_modifiers(text, self.lex.therapies(text))
        if len({m.iri for m in mentions}) < 2:
            return text
        # sentences and ";" parts only: a weaker break ("use X instead of Y") keeps its words with X
        bounds = [0, *(m.start() for m in _STRONG_BREAK.finditer(text)), len(text)]
        if len(bounds) < 3:
            return text
        out = text
        for a, b in zip(bounds, bounds[1:], strict=False):
            named = {m.iri for m in mentions if a <= m.start < b}
            if named and therapy not in named:
                out = out[:a] + " " * (b - a) + out[b:]
        return out

    def own_segment_stage(self, st: StatementDraft, therapy: str, text: str) -> tuple[str, str] | None:
        """The stage a later drug of a list takes from its own words ("X as first-line treatment or Y as an
        alternative"; "X as first-line treatment, or Y if the person is pregnant" makes Y the alternative, the
        condition being where X is not given). None when its own words name no stage."""
        named = self.lex.therapies(text)
        mentions = [m for m in named if not _in_compound(text, m, named)]
        k = next((i for i, m in enumerate(mentions) if m.iri == therapy), None)
        if not k or mentions[0].iri == therapy:
            return None
        prev, m = mentions[k - 1], mentions[k]
        gap = text[prev.end : m.start]
        if not (_LIST_JOIN.fullmatch(gap) or _QUALIFIED_JOIN.fullmatch(gap)):
            return None
        end = mentions[k + 1].start if k + 1 < len(mentions) else len(text)
        segment = text[m.end : end]
        stage = self.lex.stage(segment)
        if stage:
            return stage, ""
        condition = _OWN_CONDITION.search(segment)
        alternative = self._stage_named("Alternative")
        if condition and alternative and re.search(r"\bor\b", gap, re.I) and (self.lex.stage(gap) or is_preference(gap)):
            why = (f"{m.name} is offered instead of {prev.name} under its own condition ('{condition.group(0).strip()}'): "
                   "drafted as an alternative; add the condition as a qualifier by hand")
            if why not in st.needs:
                st.needs.append(why)
            return alternative, why
        return None

    def without_topic_classes(self, st: StatementDraft, therapies: list[Mention], own: bool) -> list[Mention]:
        """The therapies a statement with no dose recommends, less the drug classes it names only as a topic.

        A class is the category of the drugs around it, not a drug recommended on its own, when it is carried from
        the heading or lead-in ("Bronchodilators" over "run the nebuliser on air"), when it names the section
        ("Give an antibiotic only when ..." under "Antibiotics", whose drugs are listed below), or when the same
        paragraph gives doses of single drugs ("step up bronchodilators. Give salbutamol 5 mg ..."). A class
        recommended in a section of its own ("Offer an ACE inhibitor and a beta-blocker") is kept."""
        heading_classes = {m.iri for m in self.lex.therapies(st.item.heading) if self.is_class(m.iri)}
        dosed_nearby = self._paragraph_doses_a_drug(st) or self._list_below_doses_other_drugs(st)
        named = self.lex.therapies(st.item.text)
        kept = []
        for m in therapies:
            kind_of = _KIND_OF.match(st.item.text, m.end) if self.is_class(m.iri) else None
            if kind_of is not None:
                # "Give the first antibiotic dose within 1 hour", "Step up the analgesic ladder", "antibiotic choice":
                # the class word says what kind of dose, ladder or choice is meant; it is not a drug offered itself
                st.needs.append(f"'{m.name}' names the kind of {kind_of.group(1)} meant, not a drug recommended on its "
                                "own: not drafted")
                continue
            if m.iri in self.umbrella_iris:
                # "Offer an antibiotic", "an antiemetic may help": a word for any drug of a broad kind (graph/vocab's
                # kgv:UmbrellaTerm) names nothing a curator can act on; never a class recommendation
                st.needs.append(f"'{m.name}' is an umbrella word for any drug of its kind, not a "
                                "drug or class to recommend: no recommendation drafted; needs a curator's eye")
                continue
            if self.is_class(m.iri) and (not own or m.iri in heading_classes or dosed_nearby
                                         or _spelled_out(st.item.text, m, named, self.is_class)):
                st.needs.append(
                    f"'{m.name}' is a drug class named as the topic of the drugs around it, not recommended on its "
                    "own: not drafted"
                )
                continue
            kept.append(m)
        return kept

    def _sentence_before_product(self, st: StatementDraft, unit: str) -> tuple[str, str, str | None] | None:
        """(IRI, name, route of its dose there) of the one drug or fluid the sentence just before `st`, in the same paragraph, names and
        doses in `unit` ("0.9% sodium chloride 20 mL/kg IV bolus. ... give further 10 mL/kg boluses"); None when
        there is no such sentence, it names more than one, or it gives no amount in that unit."""
        paragraph, _, sentence = st.item.path.partition(".s")
        if not sentence.isdigit() or int(sentence) < 2:
            return None
        before = f"{paragraph}.s{int(sentence) - 1}"
        other = next((o for o in self.statements if o.section_local == st.section_local and o.item.path == before),
                     None)
        if other is None:
            return None
        named = {m.iri: m.name for m in self.lex.therapies(other.item.text) if not self.is_class(m.iri)}
        if len(named) != 1:
            return None
        try:
            doses = parse_statement(other.item.text, other.item.line)
        except ImporterError:
            return None
        same = [d for d in doses if d.unit == unit and not d.amount_not_stated and not (d.strength or d.rate or d.level or d.threshold or d.rounding)]
        if not same:
            return None
        routes = {d.route for d in same}
        iri, name = next(iter(named.items()))
        return iri, name, routes.pop() if len(routes) == 1 else None

    def _list_below_doses_other_drugs(self, st: StatementDraft) -> bool:
        """Whether st is a paragraph over a list or table of the same section whose items dose single drugs st does
        not name ("A beta-blocker or diltiazem is the usual first drug" over rows for bisoprolol, metoprolol and
        diltiazem): the class is what the list spells out. A class offered in a list item of its own ("1. Offer an
        ACE inhibitor and a beta-blocker" beside "2. Ramipril: ...") is one of the items, and is kept."""
        if st.item.kind not in ("paragraph", "sentence") or st.item.line in self.a.table_rows:
            return False
        mine = {m.iri for m in self.lex.therapies(st.item.text)}
        at = self._order.get(st.local)
        if at is None:
            return False
        for other in self.statements[at + 1:]:
            if other.section_local != st.section_local:
                break
            if other.item.kind != "bullet" and other.item.line not in self.a.table_rows:
                continue
            drugs = {m.iri for m in self.lex.therapies(other.item.text) if not self.is_class(m.iri)}
            if len(drugs) == 1 and not drugs & mine and self._bare_dose(other.item.text):
                return True
        return False

    def _paragraph_doses_a_drug(self, st: StatementDraft) -> bool:
        """Whether a sentence of the same paragraph gives an amount of a single drug (not a class)."""
        if getattr(self, "_paragraphs", None) is None:
            # (section, paragraph path) -> its statements in page order, built once instead of a scan of the page a call
            self._paragraphs: dict[tuple[str, str], list[StatementDraft]] = {}
            for other in self.statements:
                key = (other.section_local, other.item.path.split(".s", 1)[0])
                self._paragraphs.setdefault(key, []).append(other)
        for other in self._paragraphs.get((st.section_local, st.item.path.split(".s", 1)[0]), []):
            if other is st:
                continue
            if any(not self.is_class(m.iri) for m in self.lex.therapies(other.item.text)) and self._bare_dose(
                other.item.text
            ):
                return True
        return False

    def component_amounts(self, st: StatementDraft, doses: list[Dose], therapies: list[Mention], own: bool
                          ) -> list[Dose]:
        """'amoxicillin/clavulanate 875/125 mg', 'co-amoxiclav 500/125 mg': one amount per component of a
        combination, with one unit. Printed after the components' names (joined by a slash or a tight hyphen), each
        component gets its own amount, on the same schedule (the facts convention). Printed after a product's own name
        (no component named), the product's dose is its first amount, as the facts read it, and the rest is noted for
        the curator; printed anywhere else it stays unheld and reported."""
        from dataclasses import replace as _replace

        text = st.item.text
        out: list[Dose] = []
        for d in doses:
            m = _PARTS_UNIT.fullmatch(d.unit or "") if not d.amount_not_stated and own else None
            before = [t for t in therapies if t.end <= d.span[0]] if m else []
            if not before or text[before[-1].end : d.span[0]].strip():
                out.append(d)
                continue
            phrase = text[d.span[0] : d.span[1]]
            cut = d.span[0] + phrase.index("/")
            first = _replace(d, amount_min=Decimal(m.group("a")), amount_max=Decimal(m.group("a")), unit=m.group("u"),
                             span=(d.span[0], cut))
            pair = before[-2:] if len(before) >= 2 and _PRODUCT_JOIN.fullmatch(text[before[-2].end : before[-1].start]) \
                else None
            if pair is not None and pair[0].iri != pair[1].iri:
                second = _replace(first, amount_min=Decimal(m.group("b")), amount_max=Decimal(m.group("b")),
                                  span=(cut + 1, d.span[1]))
                st.needs.append(f"'{phrase}': one amount per component of {text[pair[0].start : pair[1].end]}, each "
                                "drafted on its component")
                out += [first, second]
            else:
                st.needs.append(f"'{phrase}': the amounts of the components of {before[-1].name}, a product with a name "
                                f"of its own; its dose drafted with the first amount ({m.group('a')} {m.group('u')}), "
                                f"the other ({m.group('b')} {m.group('u')}) not drafted: needs a curator's eye")
                out.append(first)
        return out

    def unheld(self, st: StatementDraft, dose: Dose) -> bool:
        """A dose that is not drafted, with the reason in the statement's notes: a course total of doses already
        read, or an amount (or maximum) in a unit a kgv:DoseSchedule cannot hold (units, mmol, mL, puffs)."""
        if dose.amount_not_stated:
            return False
        phrase = st.item.text[dose.span[0] : dose.span[1]]
        if dose.total:
            st.needs.append(f"'{phrase}' read as the total of the doses before it, not another dose: not drafted")
            return True
        if dose.unit not in UNITS:
            what = "a count of the product" if dose.count_of_product else f"{dose.unit}"
            st.needs.append(
                f"'{phrase}' is an amount in {what}, which the vocabulary has no unit for: not drafted as a dose; "
                "enter it by hand"
            )
            return True
        if dose.maximum is not None and dose.maximum[1] not in UNITS:
            st.needs.append(
                f"the maximum of '{phrase}' is in {dose.maximum[1]}, which kgv:maxUnit cannot hold: the dose is not "
                "drafted; enter it by hand"
            )
            return True
        return False

    def volume_of_strength(self, st: StatementDraft, dose: Dose) -> Dose:
        """A volume given of a stated strength ("glucose 10% 2 mL/kg", "0.5 mL of 1:1000 adrenaline") is drafted
        as a volume dose with its strength kept (kgv:concentrationPercent for a percentage) and a note: the mass
        follows from the strength only if it is w/v, which is the curator's to say, so no mass is computed."""
        if dose.unit != "mL" or dose.amount_not_stated:
            return dose
        strength = _volume_strength(st.item.text, dose)
        if strength is None:
            return dose
        phrase = st.item.text[dose.span[0] : dose.span[1]]
        st.needs.append(f"'{phrase}' is a volume of a stated strength ({strength}): drafted as a volume in mL with its "
                        "strength kept; the mass it holds is not computed")
        percent = re.fullmatch(r"(\d+(?:\.\d+)?)\s*%", strength.strip())
        if percent and dose.concentration is None:
            from dataclasses import replace as _replace

            return _replace(dose, concentration=Decimal(percent.group(1)))
        return dose

    def caption_of(self, st: StatementDraft) -> StatementDraft | None:
        """The caption of a list or table with no lead-in ending in ':' above it: the statement just before the
        run of top-level bullets or table rows that `st` belongs to, in the same section ('Give oral X twice
        daily for 3 days.' over '- 5 to 14 kg: 20 mg' bullets; 'Children (weight-based, oral)' over a table)."""
        item = st.item
        if not self._in_run(item) or self.parents(item):
            return None
        at = self._order.get(st.local)
        if at is None:
            return None
        run = self._in_run(item)
        table = self.table_of(item)
        k = at - 1
        while k >= 0 and self.statements[k].item.heading == item.heading and self._in_run(self.statements[k].item) == run:
            if run == "row" and self.table_of(self.statements[k].item) != table:
                # the row above belongs to another table printed straight before this one: a caption's reach ends
                # with its own table ('Intravenous regimen for gentamicin' says nothing of the next table's rows)
                return None
            k -= 1
        if k < 0 or self.statements[k].item.heading != item.heading:
            return None
        caption = self.statements[k]
        if caption.item.kind == "bullet" and (run == "bullet" or "." in caption.item.path):
            # a nested bullet before a list is a point of the list above, not a caption; a top-level bullet
            # captions only the table under it ('- Dosing: oral X twice daily for 3 days' over the rows)
            return None
        return caption

    def printed_as_product(self, st: StatementDraft, first: Mention, second: Mention) -> bool:
        """Whether the heading, a lead-in or the caption over st prints the two drugs as one combination product
        ('Piperacillin-tazobactam', 'sacubitril/valsartan'): the names joined by a hyphen or a slash only."""
        caption = self.caption_of(st)
        carriers = [st.item.heading, *(p.item.text for p in self.parents(st.item)),
                    *([caption.item.text] if caption is not None else [])]
        joined = re.compile(re.escape(first.name) + r"\s*[-/\u2010\u2011]\s*" + re.escape(second.name), re.I)
        return any(joined.search(text or "") for text in carriers)

    def caption_drug(self, st: StatementDraft) -> Mention | None:
        """The one drug the caption of st's list names, leaving aside a drug it names as a circumstance
        ('Penicillin allergy: clarithromycin'); None when it names none, several, or doses a drug itself."""
        caption = self.caption_of(st)
        if caption is None or not self._bare_dose(st.item.text):
            return None
        text = caption.item.text
        try:
            if any(not d.amount_not_stated for d in parse_statement(text, caption.item.line)):
                return None
        except ImporterError:
            return None
        # a circumstance ends at the caption's colon: 'Penicillin allergy: clarithromycin' names the drug after it
        spans = [(a, text.find(":", a, b) if ":" in text[a:b] else b) for a, b in circumstance_spans(text)]
        spans += _condition_spans(text)
        # 'An alternative to methotrexate, and the preferred choice ...' over '- 1-2.5 mg/kg a day' under
        # 'Azathioprine': a drug named only as the comparator is never the drug the list under the caption doses
        named = _drop_comparators(text, _not_modifiers(text, self.lex.therapies(text)))
        # 'Alternative if buccal midazolam is not available: rectal diazepam', 'If lorazepam cannot be given, use
        # phenobarbital': the drug in the condition is why, the drug outside it is what the list under it doses
        outside = [m for m in named if not any(a <= m.start < b for a, b in spans)]
        named = _subject_drugs(text, outside if outside or not _condition_spans(text) else [])
        specific = [m for m in named if not self.is_class(m.iri)]
        if specific and len({m.iri for m in specific}) == 1:
            # 'Morphine is the opioid of choice.': a class named beside the one drug is its category, not a rival
            named = specific
        return named[0] if len({m.iri for m in named}) == 1 else None

    def table_of(self, item: Item) -> int | None:
        """The line of the header row of the table whose row `item` is (None: no header row read over it)."""
        found = self.a.table_header.get(item.line)
        return found[0] if found is not None else None

    def header_cell_drug(self, st: StatementDraft) -> tuple[Mention, str] | None:
        """The one drug (not a class) a table's first header cell names over its rows ('| Amoxicillin | Dose |' over
        '| Child 1-4 years | 250 mg three times daily |'), with that cell; None when the row is of no such table or the
        cell names none or several."""
        found = self.a.table_header.get(st.item.line)
        if found is None or not found[1]:
            return None
        cell = found[1][0]
        named = _not_modifiers(cell, self.lex.therapies(cell))
        if len({m.iri for m in named}) != 1 or self.is_class(named[0].iri):
            return None
        return named[0], cell

    def _in_run(self, item: Item) -> str | None:
        """'row' for a table row, 'bullet' for a top-level bullet, None for anything else."""
        if item.line in self.a.table_rows:
            return "row"
        return "bullet" if item.kind == "bullet" and "." not in item.path else None

    def caption_schedule(self, st: StatementDraft) -> tuple[Dose | None, list[str]]:
        """What a caption states for every row under it, when it states no amount of its own: the frequency,
        course length, number of doses (a dose with no amount), and the route."""
        caption = self.caption_of(st)
        if caption is None:
            if st.item.line not in self.a.table_rows or self.parents(st.item) or st.item.heading == self.a.title:
                return None, []
            before = self.statements[: self._order.get(st.local) or 0]
            if any(s.item.heading == st.item.heading and s.item.line not in self.a.table_rows for s in before):
                return None, []  # the heading is over other text first: not the table's caption
            # a table straight under its heading, the heading stating the schedule ("Children 10-19 kg: given orally,
            # twice daily" printed over the table's header): the heading is the table's caption (its route and band
            # are carried as a heading's)
            text, line = st.item.heading, st.item.line
        else:
            text, line = caption.item.text, caption.item.line
        try:
            found = parse_statement(text, line)
        except ImporterError:
            return None, []
        if any(not d.amount_not_stated for d in found):
            return None, []  # a caption that doses a drug itself is a statement, not the rows' caption
        schedule = next((d for d in found if d.times_per_day or d.times_range or d.interval or d.duration or d.doses
                         or d.per in ("week", "month")), None) or caption_course(text, line)
        return schedule, _carrier_routes(text) if caption is not None else []

    def schedules_by_drug(self, st: StatementDraft, from_lead_in: bool) -> dict[str, Dose] | None:
        """When the lead-in (or caption) over st names two or more drugs and gives them different schedules
        ('Give oral paracetamol every 4-6 hours, or oral ibuprofen every 6-8 hours:'), the schedule of each drug's
        own clause (from its name to the next drug's); None when it names fewer drugs or one schedule for all."""
        if from_lead_in:
            source = next((p for p in self.parents(st.item) if self.is_lead_in(p)), None)
        else:
            source = self.caption_of(st)
        if source is None:
            return None
        text = source.item.text
        named = _not_modifiers(text, self.lex.therapies(text))
        if len({m.iri for m in named}) < 2:
            return None
        out: dict[str, Dose] = {}
        for k, m in enumerate(named):
            end = named[k + 1].start if k + 1 < len(named) else len(text)
            try:
                found = parse_statement(text[m.start : end], source.item.line)
            except ImporterError:
                return None
            schedule = next((d for d in found if d.amount_not_stated and (
                d.times_per_day or d.times_range or d.interval or d.duration or d.doses)), None)
            if schedule is not None and m.iri not in out:
                out[m.iri] = schedule
        keys = {(d.times_per_day, d.times_range, d.interval, d.interval_max, d.duration, d.doses) for d in out.values()}
        return out if len(keys) >= 2 else None

    def note_lead_in_amounts(self, st: StatementDraft, text: str) -> None:
        """'Zoledronic acid 4 mg IV; with renal impairment:' over rows of reduced doses: a lead-in drafts nothing and
        only its amount-less schedule is carried to its rows, so an amount it states for itself (the usual dose here)
        would vanish without a word; it is reported for the curator, never drafted by guess (it may be the usual dose,
        a strength or a total the rows divide)."""
        try:
            found = parse_statement(text, st.item.line)
        except ImporterError:
            return
        # a lead-in's one ceiling is carried to its rows as their maximum (lead_in_ceiling), not left behind
        carried = self.lead_in_ceiling(text, st.item.line, found) is not None
        for d in found:
            if d.amount_not_stated or d.strength or d.level or d.rate or d.titration or d.threshold or d.rounding:
                continue
            if carried and d.ceiling:
                continue
            st.needs.append(f"the lead-in states the amount '{text[d.span[0] : d.span[1]]}', not drafted (a lead-in's "
                            "amount is not carried to the rows under it): add it by hand if it is a dose to give; "
                            "needs a curator's eye")

    def lead_in_schedule(self, st: StatementDraft) -> Dose | None:
        """The frequency a lead-in states for the bullets under it ('Oral ibuprofen, three times daily:')."""
        for parent in self.parents(st.item):
            if not self.is_lead_in(parent):
                continue
            try:
                found = parse_statement(parent.item.text, parent.item.line)
            except ImporterError:
                return None
            for d in found:
                if d.amount_not_stated and (d.times_per_day or d.times_range or d.interval or d.duration or d.doses
                                            or d.per in ("week", "month")):
                    return d
            limited = self.lead_in_ceiling(parent.item.text, parent.item.line, found)
            if limited is not None:
                return limited
            if not found:
                # a caption stating only how long ("use this regimen instead, for 7 days:") still dates its rows
                return caption_course(parent.item.text, parent.item.line)
            return None
        return None

    def lead_in_ceiling(self, text: str, line: int, found: list[Dose]) -> Dose | None:
        """'Paracetamol, by mouth, every 4 to 6 hours when required (not more than 4 g in 24 hours):' over its bands:
        a lead-in whose only amount is one ceiling gives its rows that maximum, and the schedule its other words
        state (read with the ceiling blanked out, as the grammar reads an amount-less lead-in). None when the lead-in
        states any other amount, several ceilings, or names more than one drug (whose rows the limit bounds would
        then be a guess)."""
        ceilings = [d for d in found if not d.amount_not_stated]
        if (len(ceilings) != 1 or not ceilings[0].ceiling or ceilings[0].amount_min is not None
                or ceilings[0].amount_max is None or ceilings[0].unit is None or ceilings[0].per is None
                or len({m.iri for m in _not_modifiers(text, self.lex.therapies(text))}) > 1):
            return None
        limit = ceilings[0]
        a, b = limit.span
        try:
            rest = parse_statement(text[:a] + " " * (b - a) + text[b:], line)
        except ImporterError:
            return None
        if any(not d.amount_not_stated for d in rest):
            return None
        schedule = next((d for d in rest if d.has_schedule), None) or Dose(line=line, amount_not_stated=True)
        return replace(schedule, maximum=(limit.amount_max, limit.unit, limit.per), maximum_basis=limit.basis)

    def is_class(self, iri: str) -> bool:
        entry = self.lex.drafted.get(iri)
        if entry is not None:
            return entry.is_class
        return iri.startswith(PREFIXES["cls"])

    def carry_frequency(self, st: StatementDraft, doses: list[Dose]) -> list[Dose]:
        """'40 mg or 1 mg/kg once daily': a frequency after the last of alternatives joined by 'or' applies to
        each, as a reader takes it; every carry is listed for the curator."""
        text = st.item.text
        out = list(doses)
        for k in range(len(out) - 2, -1, -1):
            a, b = out[k], out[k + 1]
            if a.amount_not_stated or b.amount_not_stated:
                continue
            between = text[a.span[1] : b.span[0]].strip(" ,").casefold()
            between = re.sub(r"^\([^()]*\)\s*", "", between)  # '2.5 mg (under 5 years) or 5 mg'
            if (
                re.match(r"^(?:\+|plus\b)", between) or between == "/" or _WITH_COMPONENT.fullmatch(between)
            ) and b.basis == a.basis:
                # "artemether 20 mg + lumefantrine 120 mg per dose, twice daily": the components of one
                # administration share what is said after the last of them (period, frequency, course, route)
                out[k] = self._component_schedule(st, a, b)
                continue
            if between not in ("or", "to", "and", "or up to"):
                continue
            if a.route is None and b.route is not None:
                from dataclasses import replace as _r

                a = out[k] = _r(a, route=b.route)
                st.needs.append(
                    f"route '{b.route}' of '{text[b.span[0] : b.span[1]]}' carried to the alternative "
                    f"'{text[a.span[0] : a.span[1]]}'"
                )
            if a.times_per_day or a.times_range or a.interval or a.duration:
                continue
            if not (b.times_per_day or b.times_range or b.interval or b.duration):
                continue
            if a.basis != b.basis:
                # '500-1000 mg/m² or 500 mg twice daily': a different basis may carry its own schedule
                st.needs.append(
                    f"the frequency after '{text[b.span[0] : b.span[1]]}' may also apply to "
                    f"'{text[a.span[0] : a.span[1]]}': not carried, check by hand"
                )
                continue
            from dataclasses import replace

            carried = replace(
                a,
                times_per_day=b.times_per_day,
                times_range=b.times_range,
                interval=b.interval,
                interval_max=b.interval_max,
                duration=b.duration,
                per=a.per or (b.per if (b.times_per_day or b.times_range or b.interval) else None),
                route=a.route or b.route,
            )
            out[k] = carried
            st.needs.append(
                f"frequency of '{text[b.span[0] : b.span[1]]}' carried to the alternative '{text[a.span[0] : a.span[1]]}'"
            )
        return out

    def _component_schedule(self, st: StatementDraft, a: Dose, b: Dose) -> Dose:
        from dataclasses import replace

        text = st.item.text
        fields: dict[str, object] = {}
        if a.per is None and b.per is not None:
            fields["per"] = b.per
        if not (a.times_per_day or a.times_range or a.interval) and (b.times_per_day or b.times_range or b.interval):
            fields.update(times_per_day=b.times_per_day, times_range=b.times_range, interval=b.interval,
                          interval_max=b.interval_max)
        if a.duration is None and b.duration is not None:
            fields["duration"] = b.duration
        if a.doses is None and b.doses is not None:
            fields["doses"] = b.doses
        if a.route is None and b.route is not None:
            fields["route"] = b.route
        if fields:
            st.needs.append(
                f"{', '.join(fields)} of '{text[b.span[0] : b.span[1]]}' carried to the component "
                f"'{text[a.span[0] : a.span[1]]}' given with it"
            )
        return replace(a, **fields) if fields else a

    def add_dose(
        self, st: StatementDraft, dose: Dose, therapy: str | None, stage: tuple[str, bool], strength: str
    ) -> None:
        bare = _bare_amount(dose)
        if bare:
            # "buccal midazolam 5 mg", a table cell "10 mg" in a band's row, "lorazepam 0.1 mg/kg IV (max 4 mg)": an
            # amount with no frequency, interval, course or count is, in its plain meaning, what is given at one time
            # (tests/fixtures/import/articles/README.md, "Conventions"), never a day's amount; flagged below
            dose = replace(dose, per="dose")
        if dose.doses is not None and dose.per is None and not dose.amount_not_stated and not dose.ceiling:
            # a counted number of administrations given to the amount from outside its own phrase ('2 mg' under a
            # 'single dose' column or caption): each counted administration is that amount, so it is per dose, as
            # the dose grammar reads a count in the amount's own phrase ('2 mg IV as a single dose')
            dose = replace(dose, per="dose")
        if dose.per in ("hour", "minute") and dose.interval is not None and dose.interval == (1, dose.per):
            # '10-25 mL/kg/hour ... with hourly review', '... reviewing the child hourly': a rate runs without a break,
            # so 'hourly' beside it times something else (the review), never the rate's own interval
            st.needs.append(f"'{dose.per}ly' beside the rate '{st.item.text[dose.span[0] : dose.span[1]]}' read as the "
                            "timing of something else (a rate has no interval): no interval drafted")
            dose = replace(dose, interval=None, interval_max=None)
        if therapy is None and not dose.amount_not_stated and dose.unit not in _MASSES:
            # "further boluses of 10 mL/kg", "once 40 mL/kg has been given": a volume, units or a count means
            # nothing to give without the product it is of. The one product the sentence before (same paragraph)
            # doses in the same unit is its product, said in a note; otherwise reported, never a drugless dose.
            phrase = st.item.text[dose.span[0] : dose.span[1]]
            product = self._sentence_before_product(st, dose.unit)
            if product is not None and not self.lex.therapies(st.item.text):
                therapy, name, route = product
                st.needs.append(f"'{phrase}' attached to {name}, the one product the sentence before gives in "
                                f"{dose.unit}: check it is that product's")
                if dose.route is None and route is not None:
                    dose = _with_route(dose, route)
                    st.needs.append(f"route '{route}' carried from the sentence before to '{phrase}'")
        if therapy is None and not dose.amount_not_stated and dose.unit not in _MASSES:
            st.needs.append(f"'{phrase}' is an amount in {dose.unit} with no drug or fluid named for it: not drafted "
                            "as a dose; enter it by hand if it belongs to a product named elsewhere")
            return
        if dose.equivalent:
            st.needs.append(f"'{dose.equivalent}' in brackets restates the dose "
                            f"'{st.item.text[dose.span[0] : dose.span[1]]}' in another unit: one dose drafted, the "
                            "equivalent kept in this note")
        base = f"dose-{local_name(therapy)}" if therapy else f"dose-{st.local[3:]}"
        # the first of base, base-2, base-3, ... not taken; names are never given back, so the search for a base goes
        # on from where its last one ended (a page dosing one drug thousands of times stays linear)
        n = self._dose_next.get(base, 1)
        local = base if n == 1 else f"{base}-{n}"
        while local in self._dose_locals:
            n += 1
            local = f"{base}-{n}"
        self._dose_next[base] = n + 1
        dd = DoseDraft(local, dose, therapy, st.local)
        self.doses.append(dd)
        self._dose_locals.add(local)
        if therapy is not None:
            self._last_dose[therapy] = dd
        where = st.item.locator
        if therapy is None:
            if any(n.startswith("ambiguous:") for n in st.needs):
                message = ("The importer found this dose but more than one drug it could belong to (see the "
                           "curator's line); link it to the right drug's recommendation by hand.")
            elif not self.lex.therapies(st.item.text):
                # nothing names the drug: neither the statement nor its lead-in, heading or the sentence before (or
                # they name several, or only a drug warned against); never attached to a drug by guess
                st.needs.append(f"dose '{st.item.text[dose.span[0] : dose.span[1]]}' found but no drug is named for "
                                "it here (statement, lead-in, heading or sentence before): attach it by hand")
                message = ("The importer found this dose but no drug named for it (statement, lead-in, heading or "
                           "the sentence before); link it to the drug's recommendation by hand.")
            else:
                st.needs.append("dose parsed but no therapy in the graph matched: add the drug to graph/entities")
                message = "The importer found this dose but no therapy it knows; link it to a recommendation by hand."
            self.flag(f"flag-{local}-therapy", "kgv:NotStatedInSource", "warning", [self.q(local)], message)
            return
        rec = self.rec(therapy, stage, strength, st)
        rec.doses.append(local)
        if bare:
            self.flag(
                f"flag-{local}-period",
                "kgv:NotStatedInSource",
                "warning",
                [self.q(local)],
                "No frequency is stated for this amount: read as the amount given at one time (per dose), "
                "not a day's amount; check.",
            )
            self.note(where, st.item.line, "dose amount has no frequency: read as one administration (per dose)",
                      level="warning")
        elif not dose.amount_not_stated and dose.per is None:
            self.flag(
                f"flag-{local}-period",
                "kgv:NotStatedInSource",
                "warning",
                [self.q(local)],
                "No period (per dose, day or week) is stated for this amount.",
            )
            self.note(where, st.item.line, "dose amount has no period (per dose/day/week)", level="warning")
        if dose.amount_not_stated:
            self.flag(
                f"flag-{local}-amount",
                "kgv:NotStatedInSource",
                "info",
                [self.q(local)],
                "A schedule is stated without an amount.",
            )

    def rec(self, therapy: str, stage: tuple[str, bool], strength: str, st: StatementDraft,
            component: bool = False) -> RecommendationDraft:
        key = (therapy, stage[0])
        if key not in self.recs:
            local = f"rec-{local_name(therapy)}-{slugify(local_name(stage[0]))}"
            self.recs[key] = RecommendationDraft(local, therapy, stage[0], strength, stage_guessed=stage[1])
        rec = self.recs[key]
        self.used_therapies.append(therapy)
        self.attach(st, therapy, rec=rec)
        if not component:
            # a combination product printed as its components ('piperacillin-tazobactam 4.5 g') is recommended as each
            # component (the facts convention), though the amount is the first-named one's
            for other in self.product_partners(st.item.text, therapy):
                if (other, stage[0]) not in self.recs:
                    st.needs.append(f"{self.lex.label(other)} recommended with {self.lex.label(therapy)}, its partner in "
                                    "one combination product")
                self.rec(other, stage, strength, st, component=True)
        return rec

    def product_partners(self, text: str, therapy: str) -> list[str]:
        """The other components of a combination product printed as its components ('piperacillin-tazobactam',
        'sacubitril/valsartan': joined by a tight hyphen or a slash, both single drugs) of which therapy is one."""
        found = self.lex.therapies(text)
        out: list[str] = []
        for a, b in zip(found, found[1:], strict=False):
            if (a.iri != b.iri and therapy in (a.iri, b.iri) and _PRODUCT_JOIN.fullmatch(text[a.end : b.start])
                    and not self.is_class(a.iri) and not self.is_class(b.iri)):
                out.append(b.iri if a.iri == therapy else a.iri)
        return out

    def attach(
        self,
        st: StatementDraft,
        therapy: str,
        rec: RecommendationDraft | None = None,
        target_dose: DoseDraft | None = None,
    ) -> None:
        if rec is None:
            rec = next((r for r in self.recs.values() if target_dose and target_dose.local in r.doses), None)
            if rec is None:
                return
        rec.statements.append(st.local)  # duplicates are dropped when written
        for f in self.lex.features(st.item.text):
            if f.iri != self.condition:
                rec.features.append(f.iri)

    def adjustment(self, st: StatementDraft, dose: Dose, therapies: list[Mention]) -> None:
        """'closer to 0.5 mg/kg': which end of an earlier range applies, for the features named."""
        owner = therapies[0].iri if therapies else None
        for dd in reversed(self.doses[-20:]):  # the range it refers to is stated just before
            d = dd.dose
            if dd.therapy != owner or d.unit != dose.unit or d.basis != dose.basis or d.amount_min == d.amount_max:
                continue
            if dose.amount_max not in (d.amount_min, d.amount_max):
                continue
            position = "kgv:LowerEnd" if dose.amount_max == d.amount_min else "kgv:UpperEnd"
            features = [f.iri for f in self.lex.features(st.item.text) if f.iri != self.condition]
            local = f"adjust-{st.local[3:]}"
            self.adjustments.append(
                f"{self.q(local)} a kgv:DoseAdjustment ; kgv:inArticle art:{self.slug} ;\n"
                f"    kgv:adjusts {self.q(dd.local)} ; kgv:rangePosition {position} ;\n"
                + (
                    f"    kgv:appliesWhenAny {', '.join(_curie(f) for f in dict.fromkeys(features))} ;\n"
                    if features
                    else ""
                )
                + f"    prov:wasDerivedFrom {self.q(st.local)} ."
            )
            if not features:
                st.needs.append("dose adjustment with no recognised patient feature")
            st.structured = True
            return
        st.needs.append("an amount is given as a position ('closer to') but no matching range was found")

    def _stage_named(self, local: str) -> str | None:
        for iri in self.lex.stage_positions:
            if iri.rsplit("#", 1)[-1] == local:
                return iri
        return None

    def parent_reading(self, st: StatementDraft) -> str:
        """The reading a lead-in or heading gives its bullets ('Avoid:', 'Drugs to avoid', 'If this fails:')."""
        for parent in self.parents(st.item):
            if self.is_lead_in(parent):
                reading = statement_reading(parent.item.text)
                if reading in ("contraindication", "caution") and self._names_unusable_drug(parent.item.text):
                    continue
                if reading != "positive":
                    return reading
        if st.item.heading != self.a.title:
            reading = statement_reading(st.item.heading)
            if reading in ("contraindication", "caution") and not self._names_unusable_drug(st.item.heading):
                return reading
            if _CONTRAINDICATION_LABEL.search(st.item.heading) and len(st.item.heading.split()) <= 6:
                # a heading that only names what is under it ("Contraindications", "Absolute contraindications",
                # "Contraindications to X"), with no verb: each item under it is one ("Relative contraindications"
                # and the like, milder, are cautions)
                return "caution" if _MILDER_LABEL.search(st.item.heading) else "contraindication"
        return "positive"

    def dose_cut_lead_in(self, st: StatementDraft) -> str | None:
        """The text of the lead-in st is nested under when that lead-in cuts the dose of a drug ('Reduce the dose of
        gabapentin or pregabalin in renal impairment:'), else None."""
        for parent in self.parents(st.item):
            if self.is_lead_in(parent):
                body = split_markers(parent.item.text)[0].strip()
                # the drug may be named by the lead-in, by the item itself or by the section's heading ('Gentamicin
                # in renal impairment' / 'Reduce the dose when creatinine clearance is 60 mL/min or less:' / 'CrCl
                # 30-60 mL/min: Gentamicin 1 mg/kg IV every 24 hours')
                named = self.lex.therapies(body) or self.lex.therapies(st.item.text) or self.lex.therapies(
                    st.item.heading)
                return body if _DOSE_CUT.search(body) and named else None
        return None

    def _names_unusable_drug(self, text: str) -> bool:
        """Whether every warning of a heading or lead-in only says which drug cannot be used ("Alternatives (labetalol
        unsuitable):", "Second line (doxycycline contraindicated)"): that is the circumstance of the drugs under it,
        the alternatives, never a warning against them."""
        negatives = [c for c in clauses(text) if c.negative]
        named = self.lex.therapies(text)
        return bool(negatives) and all(
            _UNUSABLE_CUE.fullmatch(text[c.cue_span[0] : c.cue_span[1]])
            and any(_UNUSABLE_SUBJECT_GAP.fullmatch(text[m.end : c.cue_span[0]]) for m in named)
            for c in negatives)

    def negative_clauses(
        self, st: StatementDraft, negatives: list[Clause], therapies: list[Mention], own: bool, doses: list[Dose]
    ) -> list[Dose]:
        """Draft a caution or contraindication for each therapy a negative clause names; return the doses left
        for the positive clauses (an amount inside a negative clause is the caution's threshold)."""
        text = st.item.text
        kept = []
        thresholds: dict[int, list[str]] = {}
        ceilings = {k: m for k, c in enumerate(negatives) if (m := dose_ceiling(text, c.cue_span[0], c.end))}
        for d in doses:
            c = clause_at(negatives, d.span[0]) if not d.amount_not_stated else None
            if c is None and not own and negatives and negatives[0].cue.startswith("("):
                c = negatives[0]
            if c is not None and own and negatives.index(c) in ceilings and d.span[0] < ceilings[negatives.index(c)].start():
                # "PCC 25 units/kg, do not exceed 2500 units": the dose before a ceiling is given; the ceiling is its
                # maximum (read by the dose grammar), not a threshold of a warning
                c = None
            if c is not None and RESTRICTION.fullmatch(c.cue) and not d.amount_not_stated:
                # "Meropenem 1 g IV every 8 hours may be used only on the advice of a consultant microbiologist": the
                # restriction says who decides, not an amount to stay under; the dose is still the dose to give (the
                # caution is drafted beside it)
                st.needs.append(f"'{text[d.span[0] : d.span[1]]}' drafted as a dose given only as the restriction "
                                f"('{c.cue}') allows: check")
                c = None
            if c is None:
                kept.append(d)
                continue
            word = threshold_word(text[: d.span[0]])
            amount = text[d.span[0] : d.span[1]]
            thresholds.setdefault(negatives.index(c), []).append(f"{word} {amount}" if word else amount)
        for k, c in enumerate(negatives):
            if k in ceilings:
                # "do not exceed 6 mg in one course", "Do not give more than 4 doses in 24 hours": a ceiling on the
                # amount, unscoped by any state of the patient, is the dose's maximum, not a warning against the drug
                # (a ceiling "in frail people" or "if eGFR < 30" is a dose cut for that state, a caution, read below)
                ceiling = re.split(r"[,;(]", text[ceilings[k].start() : c.end], maxsplit=1)[0].strip().rstrip(".")
                amounts = thresholds.get(k, [])
                st.needs.append(f"a ceiling on the amount given ('{ceiling}'): read as the dose's maximum, not a "
                                "warning against the drug; no caution drafted"
                                + (f" and {', '.join(amounts)} not drafted as a dose" if amounts else "")
                                + ": check the dose's maximum (needs a curator's eye)")
                continue
            agents = [m for m in therapies if c.start <= m.start < c.end] if own else list(therapies)
            named_at_first = bool(agents)
            reason = _REASON.search(text, max(c.start, c.cue_span[1]), c.end)
            if own and reason and any(m.start < reason.start() for m in agents):
                # "Avoid flumazenil, as reversing a benzodiazepine can provoke seizures": the drug named in the
                # reason is not the one warned against
                agents = [m for m in agents if m.start < reason.start()]
            named = _named_with_caution(text, c, agents) if own else None
            if named is not None and len(agents) > 1:
                # "Allopurinol raises azathioprine levels: use azathioprine with caution", "Azathioprine with
                # allopurinol: use with caution": the caution is about the drug it names; the other is the
                # interacting drug, its circumstance
                others = ", ".join(dict.fromkeys(m.name for m in agents if m.iri != named.iri))
                st.needs.append(f"{others} read as the interacting drug of the caution about {named.name}, not as its "
                                "subject")
                agents = [m for m in agents if m.iri == named.iri]
            replaced = [m for m in agents if own and _SUBSTITUTE_FOR.search(text, c.start, m.start)
                        and _SUBSTITUTE_FOR.search(text, c.start, m.start).end() <= m.start
                        and "," not in text[_SUBSTITUTE_FOR.search(text, c.start, m.start).end() : m.start]]
            if replaced:
                # "Do not use fruit juice as a substitute for ORS", "avoid X in place of Y": the drug after 'instead of'
                # is the one the page wants given; the warning is about what would replace it, never about that drug
                names = ", ".join(dict.fromkeys(m.name for m in replaced))
                st.needs.append(f"{names} read as what the warning ('{c.cue}') wants kept, named after a substitute "
                                "phrase, not as its subject")
                agents = [m for m in agents if m not in replaced]
            if own and c.cue.endswith(" lead-in)") and len({m.iri for m in agents}) > 1 and _LED_BY_NAME.match(
                    text[: agents[0].start]) is not None:
                # under a "Cautions" heading, "Rifampicin makes hormonal contraceptives less reliable; advise ...": the
                # sentence is about the drug it opens with (with any drug listed beside it: "X and Y ..."); a drug
                # named later is the object of what it says (an interacting drug), not a caution of its own
                subject = [agents[0]]
                for m in agents[1:]:
                    if re.fullmatch(r"\s*(?:,|and|or|/|\+|, and|, or)\s*", text[subject[-1].end : m.start]):
                        subject.append(m)
                    else:
                        break
                objects = [m for m in agents if m not in subject and m.iri not in {x.iri for x in subject}]
                if objects:
                    st.needs.append(f"{', '.join(dict.fromkeys(m.name for m in objects))} read as the object of what "
                                    f"the sentence says about {subject[0].name} (its subject), not as a caution of its "
                                    "own: needs a curator's eye")
                    agents = [m for m in agents if m not in objects]
            spans = circumstance_spans(text, c.start, c.end) if own else []
            if own and not c.cue.startswith("("):
                # "Avoid clarithromycin with simvastatin", "Verapamil must not be given with beta-blockers": after the
                # cue, "with Y" is the circumstance of the warning about the drug before it. ("Colchicine with
                # clarithromycin is contraindicated" names the combination as the subject, before the cue: both.)
                spans += [(w.start(), (text.find(",", w.end(), c.end) + 1 or c.end + 1) - 1)
                          for w in _WITH_AFTER_CUE.finditer(text, c.cue_span[1], c.end)]
            named_as_circumstance = [m for m in agents if any(a <= m.start < b for a, b in spans)]
            if (own and agents and len(named_as_circumstance) == len(agents) and not c.cue.startswith("(")
                    and not _WARNED_OBJECT.match(text, c.cue_span[1])
                    and any(m.start < c.start for m in therapies if not _in_any(negatives, m.start))):
                # "Give amoxicillin 500 mg ... (avoid if penicillin allergic)", "Amoxicillin 500 mg tds; do not use in
                # penicillin allergy": every drug of the warning is its circumstance, so the warning is about the
                # drug the statement named before it (read below as a back-reference)
                names = ", ".join(dict.fromkeys(m.name for m in named_as_circumstance))
                st.needs.append(f"{names} read as the circumstance of the warning ('{c.cue}'), not as its subject")
                agents = []
            elif named_as_circumstance and len(named_as_circumstance) < len(agents):
                # the drug warned against is the other one; the co-medication or allergy is its circumstance
                agents = [m for m in agents if m not in named_as_circumstance]
                names = ", ".join(dict.fromkeys(m.name for m in named_as_circumstance))
                st.needs.append(f"{names} read as the circumstance of the warning ('{c.cue}'), not as its subject")
            elif named_as_circumstance and own and kept and c.start > 0 and (
                    text[: c.start].rstrip().endswith((";", "(")) or text[c.start :].lstrip().startswith((";", "("))):
                # "Amoxicillin 25 mg/kg; avoid in penicillin allergy" (a table row and its Notes cell): the warning
                # clause names only its circumstance; it is about the drug whose dose the statement gives before it
                earlier = [m for m in therapies if m.start < c.start and not any(a <= m.start < b for a, b in spans)
                           and not any(o.start <= m.start < o.end for o in negatives)]
                if len({m.iri for m in earlier}) == 1:
                    names = ", ".join(dict.fromkeys(m.name for m in named_as_circumstance))
                    st.needs.append(f"{names} read as the circumstance of the warning ('{c.cue}'); the warning read "
                                    f"as about {earlier[0].name}, dosed before it in the statement")
                    agents = earlier[:1]
            lead = next((p for p in self.parents(st.item) if self.is_lead_in(p)), None)
            if own and agents and c.cue.endswith(" lead-in)") and lead is not None and _CIRCUMSTANCE_LEAD_IN.search(
                    mask_provisos(lead.item.text)):
                # "Do not use in:" over "- folate deficiency", "Avoid in people with:" over "- a penicillin allergy":
                # each item completes the lead-in's circumstance, so a drug it names is that circumstance
                named_as_circumstance = list(agents)
            only_circumstance = bool(own and agents and all(m in named_as_circumstance for m in agents) and (
                not c.cue.startswith("(") or c.cue.endswith(" lead-in)")) and (
                c.cue.endswith(" lead-in)") or all(_STATE_OF_PATIENT.match(text, m.end)
                                                  or _STATE_BEFORE.search(text[: m.start]) for m in agents)))
            if only_circumstance:
                # "Contraindicated in penicillin allergy" on the line under "Pivmecillinam 400 mg ...": the only drug
                # the warning names is its circumstance, never the drug warned against (that is read below from the
                # sentence or the line it belongs to; else no caution is drafted)
                names = ", ".join(dict.fromkeys(m.name for m in named_as_circumstance))
                st.needs.append(f"{names} read as the circumstance of the warning ('{c.cue}'), not as its subject")
                agents = []
            topic = (self._heading_drug(st) if own and agents and c.reading in ("caution", "contraindication")
                     and all(self.is_class(m.iri) for m in agents) else None)
            if topic is not None and topic.iri not in {m.iri for m in agents}:
                # under a heading naming one drug, "Antidepressants can cause hyponatraemia, especially SSRIs" or
                # "Avoid NSAIDs and ACE inhibitors" names drug classes only as the context of the warning (the class
                # the section's drug belongs to, or the drugs it interacts with): the warning is about that drug
                names = ", ".join(dict.fromkeys(m.name for m in agents))
                st.needs.append(f"{names} (a drug class) read as the context of the warning ('{c.cue}') in the "
                                f"section about {topic.name}, its subject: needs a curator's eye")
                agents = [topic]
            if (agents and RISK_CUE.fullmatch(c.cue) and st.item.heading != self.a.title
                    and _BACKGROUND_HEADING.match(st.item.heading)):
                # "Drugs that can cause it include lithium and amiodarone" under "Causes": the drugs are the condition's
                # causes, which the section explains; a statement of risk there warns no prescriber (a warning's own
                # words, "avoid", "contraindicated", are still drafted)
                names = ", ".join(dict.fromkeys(m.name for m in agents))
                st.needs.append(f"a statement of risk ('{c.cue}') about {names} in a section about the condition "
                                f"('{st.item.heading}'): read as a cause, no caution drafted")
                continue
            reason = _CHECK_REASON.search(text, 0, c.cue_span[0]) if agents and RISK_CUE.fullmatch(c.cue) else None
            if (reason is not None and reason.start() > 0 and all(m.start >= reason.end() for m in agents)
                    and is_monitoring(text[: reason.start()])):
                # "Serum potassium twice a week, because high-dose trimethoprim can cause hyperkalaemia": the risk is
                # why the check is made (data/cue_words.txt [check_reason_words]), not a warning against the drug
                names = ", ".join(dict.fromkeys(m.name for m in agents))
                st.needs.append(f"a statement of risk ('{c.cue}') about {names} given as the reason for a check: no "
                                "caution drafted; add one by hand if the graph should hold it")
                continue
            harm = _STATE_HARM.search(text, c.cue_span[1], c.end) if RISK_CUE.fullmatch(c.cue) else None
            if agents and harm is not None:
                # "Analgesics on 15 or more days a month can cause medication-overuse headache": the harm a statement of
                # risk names is a pattern of taking drugs too often (data/cue_words.txt [use_pattern_nouns]),
                # so it warns about how often a drug is taken, not against the drug: noted, no caution drafted
                names = ", ".join(dict.fromkeys(m.name for m in agents))
                st.needs.append(f"a statement of risk ('{c.cue}') whose harm is a pattern of drug use ('{harm.group(0)}'): "
                                f"it is about how {names} is used, not a warning against it; no caution drafted, add one "
                                "by hand if the graph should hold it")
                continue
            if c.reading == "withhold":
                names = ", ".join(dict.fromkeys(m.name for m in agents)) or "no therapy named"
                st.needs.append(
                    f"an instruction to stop or hold back {names} ('{c.cue}'), not a recommendation to give it: "
                    "nothing drafted; enter it by hand if the graph should hold it"
                )
                continue
            if c.reading == "continue":
                names = ", ".join(dict.fromkeys(m.name for m in (agents or therapies))) or "no therapy named"
                st.needs.append(
                    f"an instruction to keep {names} going ('{c.cue}'): neither a warning against it nor a new "
                    "recommendation; nothing drafted"
                )
                continue
            if c.reading == "urgent":
                names = ", ".join(dict.fromkeys(m.name for m in (agents or therapies))) or "no therapy named"
                st.needs.append(
                    f"an instruction not to delay ('{c.cue}'): it says what to give first, and warns against none of "
                    f"{names}; nothing drafted from this clause"
                )
                continue
            if c.reading == "negated":
                names = ", ".join(m.name for m in agents) or "no therapy named"
                st.needs.append(f"negated wording ('{c.cue}'): {names} is not recommended here; nothing drafted")
                continue
            unknown = self._unknown_object(text, c, agents) if own else None
            if unknown is not None:
                # "Avoid dextrose-containing fluids until thiamine has been given": the warning is about the
                # substance it names first, unknown to the graph and the lexicon; the known drug after "until" is
                # its circumstance, so the warning is never shifted onto it
                names = ", ".join(dict.fromkeys(m.name for m in agents))
                st.needs.append(f"the warning ('{c.cue}') is about '{unknown.name}', drafted as a new entity; "
                                f"{names} read as its circumstance, not its subject")
                agents = [unknown]
            if not agents and own and (_BACK_REFERENCE.search(text, c.start, c.end) or text[c.start:].lstrip().startswith("(")
                                       or _SUBJECTLESS_AFTER_DOSE.match(text, c.start) and kept
                                       or named_as_circumstance):
                # "Lithium raises the risk of ...; use it with caution": the clause speaks of the drug the sentence
                # is about, named before it (and not as a circumstance of another warning); so does a bracketed
                # warning after a dose ("X 100 mg bd (caution: do not use if eGFR < 45)")
                # (a drug named as what failed or what the organism resists, "If resistant to cefalexin: trimethoprim
                # 200 mg bd (avoid in the first trimester)", "If amoxicillin has failed: ...", is the circumstance of
                # the next step, never what the step's own warning is about)
                earlier = [m for m in therapies if m.start < c.start
                           and not any(o.start <= m.start < o.end for o in negatives if o is not c)
                           and not any(a <= m.start < b for a, b in circumstance_spans(text, 0, c.start))
                           and not _FAILED_BEFORE.search(text[: m.start])
                           and not any(in_failed_span(x, m.start, m.end) for x in clauses(text)
                                       if x.reading == "conditional")]
                if earlier:
                    agents = earlier
                    names = ", ".join(dict.fromkeys(m.name for m in agents))
                    st.needs.append(f"warning wording ('{c.cue}') names no therapy: read as {names}, named before "
                                    "it in the sentence")
                pronoun = _PRONOUN_BACK.search(text, c.start, c.end)
                warned = list(dict.fromkeys(a for local, a, _ in self.caution_facts if local == st.local and a))
                if not earlier and pronoun is not None and len(warned) == 1:
                    # "Use X with caution after a non-severe allergy; it is contraindicated after anaphylaxis": the
                    # pronoun is the drug the statement's earlier warning is about (the only drug it warned about)
                    agents = [Mention(warned[0], "therapy", 0, 0, self.lex.label(warned[0]))]
                    st.needs.append(f"warning wording ('{c.cue}') speaks of '{pronoun.group(0)}': read as "
                                    f"{agents[0].name}, the drug of the statement's earlier warning")
            if not agents and (only_circumstance or not named_at_first and not [
                    m for m in self.lex.therapies(text) if not any(a <= m.start < b for a, b in circumstance_spans(text))]
                               ) and self._opens_subjectless_warning(text, c):
                # "Avoid if eGFR is below 45" or "Not to be used in pregnancy" on the line or bullet under a dose of one
                # drug, a verbless item under a "Contraindications" heading that follows that drug's section: a
                # reader takes the warning as about that drug; drafted, flagged for the curator
                found = self.warning_subject(st)
                if found is not None:
                    agents = [found[0]]
                    st.needs.append(f"warning wording ('{c.cue}') names no therapy: read as {found[0].name}, the "
                                    f"drug of {found[1]}: needs a curator's eye")
            if (not agents and not self.lex.therapies(text) and _DOSE_WARNING.search(text, c.start, c.end)
                    and _TITLE_WARNING_CUE.match(c.cue)):
                # "Never start at full replacement dose in cardiac patients" on a page about one drug, under headings
                # and lead-ins that name none: the warning is about that drug's dose, as a reader takes it
                topic = self.title_drug()
                if topic is not None and not any(self.lex.therapies(t) for t in self.context_text(st)):
                    agents = [topic]
                    st.needs.append(f"warning wording ('{c.cue}') about a dose names no therapy: read as {topic.name}, "
                                    "the one drug the page's title names; check")
            if not agents:
                st.needs.append(f"warning wording ('{c.cue}') names no therapy: no caution drafted")
                continue
            partners = self._combination_partners(text, negatives, k, agents, spans) if own else []
            for m in agents:
                self.caution_node(st, m, c, thresholds.get(k, []), co_medication=partners)
            for m in partners:
                # the facts convention for a combination warning ("do not give X with Y", "avoid X in people taking
                # Y"): it warns both drugs, each with the other as its co-medication; the partner's caution is drafted
                # from the same statement and flagged, never given the subject's dose threshold
                names = ", ".join(dict.fromkeys(a.name for a in agents))
                st.needs.append(f"{m.name} cautioned too, drafted from a combination warning ('{c.cue}' about "
                                f"{names} with {m.name}): needs a curator's eye")
                self.caution_node(st, m, c, [], co_medication=agents, combination=names)
                self.combination_cautions.add((st.local, m.iri))
        return kept

    def _combination_partners(self, text: str, negatives: list[Clause], k: int, agents: list[Mention],
                              spans: list[tuple[int, int]]) -> list[Mention]:
        """The drugs a warning names as given TOGETHER with the drug it warns against ("avoid X in people taking Y",
        "do not give X with Y", "X is contraindicated in combination with Y", "in patients on Y, avoid X"): by the facts
        convention each is warned too. A drug named as an allergy, a state ('Y toxicity'), a drug taken before (a
        wash-out: 'who has taken Y in the last 48 hours', 'within 36 hours of the last Y dose') or one the warned drug
        would replace is the circumstance only. Named member drugs ('strong CYP3A4 inhibitors (clarithromycin,
        ritonavir)') are warned rather than the class they illustrate; a class named alone is warned as the class."""
        if not agents:
            return []
        c = negatives[k]
        sentence_start = max(text.rfind(".", 0, c.start), text.rfind(";", 0, c.start)) + 1
        earlier = [] if any(o.start < c.start for o in negatives if o is not c) else [
            (a, b) for a, b in circumstance_spans(text, sentence_start, c.start)]
        subject = {m.iri for m in agents}
        out: list[Mention] = []
        for m in self.lex.therapies(text):
            if m.iri in subject or any(m.iri == o.iri for o in out):
                continue
            if any(o.start <= m.start < o.end for o in negatives if o is not c):
                continue
            span = next(((a, b) for a, b in [*spans, *earlier] if a <= m.start < b), None)
            if span is None:
                continue
            # the words from the circumstance's start (or, for a "with Y" after the cue, from the cue) to the drug,
            # without the manner "with caution", which names no co-medication
            start = span[0] if span[0] < c.start or span[0] < c.cue_span[1] else max(c.cue_span[1], sentence_start)
            if re.search(r"[:;]", text[span[0] : m.start]):
                # "in anyone on an anticoagulant: warfarin and DOAC levels fall": a drug after a colon is the
                # explanation's, not the co-medication's
                continue
            lead = set(re.findall(r"[a-z][a-z-]*", _WITH_CAUTION.sub(" ", text[start : m.start].casefold())))
            after = re.match(r"[\s-]*([a-z]+)", text[m.end :].casefold())
            if (not lead & cue_words("co_medication_words") or lead & cue_words("not_co_medication_words")
                    or (after is not None and after.group(1) in cue_words("drug_state_words"))
                    or _STATE_BEFORE.search(text[: m.start])):
                continue
            before = re.search(r"([a-z]+)\s*,?\s*(?:or|and/or)\s*$", text[max(0, span[0] - 30) : span[0]].casefold())
            if before is not None and before.group(1) in cue_words("alone_words"):
                # "liothyronine, alone or with levothyroxine": the warning is about the drug in either use
                continue
            out.append(m)
        # a list of co-medications runs past the comma that ends a circumstance ("in people taking diuretics, ACE
        # inhibitors or NSAIDs"): each drug joined to a partner by a comma, "or" or "and" is a partner too
        for m in self.lex.therapies(text):
            if (out and m.start > out[-1].end and m.iri not in subject and all(m.iri != o.iri for o in out)
                    and _LIST_JOIN.fullmatch(text[out[-1].end : m.start])):
                out.append(m)
        if any(not self.is_class(m.iri) for m in out):
            out = [m for m in out if not self.is_class(m.iri)]
        return out

    @staticmethod
    def _opens_subjectless_warning(text: str, c: Clause) -> bool:
        """Whether the statement opens with a warning that has no subject of its own: nothing but a circumstance,
        a pronoun or a label before its cue ("Avoid if ...", "Not to be used in ...", "It should not be used ...",
        "Contraindications: ..."), or, under a warning heading or lead-in, a verbless item ("eGFR below 45"). A
        noun subject ("Rapid rehydration is not suitable ..."), a sentence of its own under a warning heading, a
        warning after an instruction in the same sentence ("Give X ...; do not give it with milk") or a bare label
        ("Cautions and contraindications") is not."""
        if _WARNING_LABEL_ONLY.fullmatch(text):
            return False
        if c.cue.startswith("("):
            body, _ = split_markers(text)
            return (len(body.split()) <= 10 and not _FINITE_VERB.search(body) and not _INSTRUCTION.match(body)
                    and not re.match(r"\W*(?:see|refer|read|consult|check|ask|seek|monitor|review|discuss|tell|"
                                     r"advise|inform|note)\b", body, re.I))
        if c.start > 0 and text[: c.start].strip(" \t-*\u2022"):
            return False
        verb = _BARE_BAN_VERB.match(text, c.cue_span[0])
        if verb is not None and verb.group("verb").casefold() not in cue_words("medicine_handling_verbs"):
            # "Do not share towels", "Do not bite/suck fingers": a bare ban whose verb handles no medicine is an
            # instruction about something else, never a warning about the drug of the line above
            return False
        before = text[c.start : c.cue_span[0]].strip(" \t-*\u2022")
        if _warning_names_object(text, c):
            # "Do not prescribe high-dose ICS ...", "Do not use the rapid regimen ...", "Do not start at doses below
            # ...": the warning names what it is about after its verb, something the lexicon does not know
            return False
        return (not before or before.endswith(":") or _PRONOUN_SUBJECT.fullmatch(before) is not None
                or re.match(r"(?:if|when|where|in|for|during|unless|while)\b", before, re.I) is not None)

    def _heading_drug(self, st: StatementDraft) -> Mention | None:
        """The one drug (not a class) the heading over st names, when that heading is not the page's title."""
        if st.item.heading == self.a.title:
            return None
        named = _not_modifiers(st.item.heading, self.lex.therapies(st.item.heading))
        if len({m.iri for m in named}) != 1 or self.is_class(named[0].iri):
            return None
        return Mention(named[0].iri, "therapy", 0, 0, self.lex.label(named[0].iri))

    def warning_subject(self, st: StatementDraft) -> tuple[Mention, str] | None:
        """The one drug (not a class) a warning that names none is about, and where it was found: the nearest earlier
        line of its section that doses, warns against, recommends or names a drug; under a heading that only labels
        warnings ('Contraindications', 'Do not use in'), the section just before it. None when that line is about
        several drugs or a class, or nothing above names one."""
        for parent in self.parents(st.item):
            named = _not_modifiers(parent.item.text, self.lex.therapies(parent.item.text))
            if named:
                one = len({m.iri for m in named}) == 1 and not self.is_class(named[0].iri)
                return (named[0], "the line over the list") if one else None
        if st.item.heading != self.a.title:
            named = _not_modifiers(st.item.heading, self.lex.therapies(st.item.heading))
            if named:
                one = len({m.iri for m in named}) == 1 and not self.is_class(named[0].iri)
                return (named[0], "the section heading") if one else None
        at = self._order[st.local]
        here = self.sections[st.item.heading][1]
        heading_labels = (st.item.heading != self.a.title and not self.lex.therapies(st.item.heading)
                          and self.parent_reading(st) in ("contraindication", "caution"))
        for earlier in reversed(self.statements[:at]):
            if earlier.section_local != st.section_local and not (
                    heading_labels and self.sections[earlier.item.heading][1] == here - 1):
                return None
            text = earlier.item.text
            spans = circumstance_spans(text)
            about = {dd.therapy for dd in self.doses if dd.statement == earlier.local and dd.therapy}
            about |= {agent for local, agent, _ in self.caution_facts if local == earlier.local and agent}
            about |= {r.therapy for r in self.recs.values() if earlier.local in r.statements}
            if not about:
                about = {m.iri for m in _not_modifiers(text, self.lex.therapies(text))
                         if not any(a <= m.start < b for a, b in spans)}
            if not about:
                continue
            if len(about) != 1 or self.is_class(next(iter(about))):
                return None
            iri = next(iter(about))
            where = "the line above" if earlier.section_local == st.section_local else "the section before its heading"
            return Mention(iri, "therapy", 0, 0, self.lex.label(iri)), where
        return None

    def _unknown_object(self, text: str, c: Clause, agents: list[Mention]) -> Mention | None:
        """The substance a warning names right after its cue ('avoid dextrose-containing fluids ...') when
        neither the graph nor the lexicon knows it and every known drug of the clause comes after a word that
        makes it the circumstance ('until', 'before', 'after', 'unless', 'with'): a new entity, flagged."""
        if c.reading not in ("caution", "contraindication") or not agents:
            return None
        m = _WARNED_OBJECT.match(text, c.cue_span[1])
        if m is None or not could_be_drug(m.group("w")) or any(a.start < m.end("w") for a in agents):
            return None
        if not all(_CIRCUMSTANCE_WORD.search(text, m.end(), a.start) for a in agents):
            return None
        iri = self.lex.unknown_iri(m.group("w"), self.lex.label(agents[0].iri))
        self.used_therapies.append(iri)
        return Mention(iri, "therapy", m.start("w"), m.end("w"), m.group("w"))

    def contraindication_label(self, st: StatementDraft) -> str | None:
        """The heading or lead-in over st when it names what is under it contraindications and nothing milder
        ('Absolute contraindications', 'Contraindications:'; not 'Cautions and contraindications'), else None."""
        for text in [p.item.text for p in self.parents(st.item) if self.is_lead_in(p)] + [st.item.heading]:
            if text != self.a.title and _CONTRAINDICATION_LABEL.search(text) and not _MILDER_LABEL.search(text):
                return text.strip()
        return None

    def caution_node(
        self, st: StatementDraft, agent: Mention | None, c: Clause, levels: list[str], risk: str | None = None,
        co_medication: list[Mention] | None = None, combination: str | None = None,
    ) -> None:
        text = st.item.text
        clause_text = text[c.start : c.end] if not c.cue.startswith("(") else text
        phrase = risk or risk_phrase(clause_text) or risk_phrase(text)
        paragraph = st.item.path.split(".s", 1)[0]
        if not phrase and not levels and agent is not None and ".s" in st.item.path:
            # a later sentence of the same paragraph restating the caution about the same agent, of the same kind, or
            # stating the risk behind it ("Miconazole: do not use. Even miconazole gel can raise the INR ..."); a
            # warning of another kind is one of its own ("Naproxen and aspirin must not be given together" after
            # "Avoid aspirin in children ..."; the facts read the kind of each sentence by its own cue words)
            # (or with no cue words of its own, read as a warning only by its heading's)
            kinds = (("Caution", "Contraindication") if RISK_CUE.fullmatch(c.cue) or c.cue.startswith("(")
                     else ("Contraindication",) if c.reading == "contraindication" else ("Caution",))
            key = next((k for kind in kinds if (k := (st.section_local, paragraph, agent.iri, kind))
                        in self._paragraph_cautions), None)
            if key is not None:
                st.needs.append(f"restates the caution drafted from {self._paragraph_cautions[key]}: not drafted twice")
                st.structured = True
                return
        cls = "kgv:Contraindication" if c.reading == "contraindication" else "kgv:Caution"
        labelled = self.contraindication_label(st)
        if cls == "kgv:Caution" and labelled is not None:
            # "Avoid X in severe renal impairment" under a heading or lead-in that names its items contraindications
            # ("Absolute contraindications", "Contraindications:"): the page itself files the warning as one
            cls = "kgv:Contraindication"
            note = f"'{c.cue}' read as a contraindication: it is listed under '{labelled}'"
            if note not in st.needs:
                st.needs.append(note)
        cue_end = max(0, c.cue_span[1] - c.start) if not c.cue.startswith("(") else 0
        signature = (_warning_signature(clause_text, agent, cue_end) if agent is not None and not levels
                     else frozenset())
        if agent is not None and len(signature) >= 2 and (agent.iri, cls, signature) in self._caution_signatures:
            # "Codeine is contraindicated in children under 12 years" in the summary and again, with its reason, in
            # the cautions: one contraindication, stated twice
            st.needs.append(f"restates the {'contraindication' if cls.endswith('Contraindication') else 'caution'} "
                            f"about {agent.name} drafted from {self._caution_signatures[(agent.iri, cls, signature)]}: "
                            "not drafted twice")
            st.structured = True
            return
        if agent is not None and len(signature) >= 2:
            self._caution_signatures.setdefault((agent.iri, cls, signature), st.item.locator)
        kind = cls.split(":")[1]
        milder = (st.local, agent.iri if agent is not None else None, "Caution")
        if agent is not None and kind == "Contraindication" and milder in self.caution_facts:
            # "Use X with caution after a non-severe allergy; it is contraindicated after anaphylaxis": one statement
            # warns about one drug twice, and the stronger reading stands (the convention of the facts and of
            # graph/vocab): the caution drafted from the first clause becomes the contraindication, noted
            k = self.caution_facts.index(milder)
            self.caution_facts[k] = (st.local, agent.iri, kind)
            at = self._caution_ttl.get(milder)
            if at is not None:
                self.cautions[at] = self.cautions[at].replace(" a kgv:Caution ;", " a kgv:Contraindication ;", 1)
                self._caution_ttl[(st.local, agent.iri, kind)] = at
            st.needs.append(f"the statement warns about {agent.name} twice, the second time as a contraindication "
                            f"('{c.cue}'): drafted as one contraindication (the stronger reading); add the milder "
                            "circumstance by hand if the graph should hold it")
            return
        if agent is not None and kind == "Caution" and (st.local, agent.iri, "Contraindication") in self.caution_facts:
            # the contraindication came first in the statement: the milder warning about the same drug is folded into it
            st.needs.append(f"a milder warning about {agent.name} ('{c.cue}') in a statement that contraindicates it: "
                            "folded into the contraindication (the stronger reading)")
            return
        if agent is not None and (st.local, agent.iri, cls.split(":")[1]) in self.caution_facts:
            # "do not give an IV bolus of insulin, and do not start it in the first hour": two warnings of one
            # kind about one drug in one statement are one caution; the second is noted, not drafted twice
            st.needs.append(f"a second warning about {agent.name} in this statement ('{c.cue}'): folded into the "
                            "first; add its circumstance to that caution by hand")
            return
        if agent is not None:
            self._paragraph_cautions.setdefault((st.section_local, paragraph, agent.iri, cls.split(":")[1]),
                                                st.item.locator)
        risk_iri = None
        if phrase:
            found = [f for f in self.lex.features(phrase) if f.iri.startswith(str(COND))]
            risk_iri = found[0].iri if found else self.new_condition(phrase, st, "risk named in a caution")
        else:
            risk_iri = self.new_condition("risk not stated in the article", st, "caution with no risk named")
        others = [
            f
            for f in self.lex.features(clause_text)
            if f.iri.startswith(str(COND)) and f.iri != risk_iri and (not phrase or f.name.casefold() not in phrase.casefold())
        ]
        in_patients = others[0].iri if others else self.condition
        base = f"caution-{st.local[3:]}" + (f"-{local_name(agent.iri)}" if agent else "")
        local, n = base, 2
        while any(f"{self.q(local)} a " in x for x in self.cautions):
            local, n = f"{base}-{n}", n + 1
        lines = [f"{self.q(local)} a {cls} ; kgv:inArticle art:{self.slug} ;"]
        if agent is not None:
            lines.append(f"    kgv:agent {_curie(agent.iri)} ;")
            self.used_therapies.append(agent.iri)
        if levels:
            lines.append(f"    kgv:agentDoseLevel {_lit('; '.join(levels))} ;")
        partners = [m for m in dict.fromkeys(m.iri for m in co_medication or []) if agent is None or m != agent.iri]
        if partners:
            lines.append(f"    kgv:withCoMedication {', '.join(_curie(m) for m in partners)} ;")
            self.used_therapies.extend(partners)
        lines.append(f"    kgv:risk {_curie(risk_iri)} ; kgv:inPatientsWith {_curie(in_patients)} ;")
        lines.append(f"    prov:wasDerivedFrom {self.q(st.local)} .")
        self._caution_ttl[(st.local, agent.iri if agent else None, cls.split(":")[1])] = len(self.cautions)
        self.cautions.append("\n".join(lines))
        self.caution_facts.append((st.local, agent.iri if agent else None, cls.split(":")[1]))
        what = "contraindication" if cls == "kgv:Contraindication" else "caution"
        self.note(
            st.item.locator,
            st.item.line,
            f"{what} drafted from '{c.cue}'"
            + (f" for {agent.name}" if agent else "")
            + (f" ({'; '.join(levels)})" if levels else "")
            + (f", drafted from a combination warning about {combination} with it" if combination else "")
            + f"; risk: {phrase or 'not stated'}: check it is not a recommendation",
            st.item.text,
            level="warning",
        )
        st.structured = True

    def route_term(self, route: str | None) -> str:
        if route not in ROUTES:
            # a route the lexicon data can name (kg/importer/data/route_forms.txt) but no table here lists is drafted
            # as a new term like the others, never a crash that loses the whole draft (a pessary's 'vaginal' did)
            term, label = NEW_ROUTES.get(route) or (
                "kgv:Route" + "".join(w.capitalize() for w in re.split(r"[^A-Za-z]+", str(route)) if w), str(route))
            if term not in self.new_routes:
                self.new_routes.append(term)
                self.new_entities.append(
                    f"{term} a kgv:Route ; rdfs:label {_lit(label)} ;\n"
                    f"    kgv:note {_lit('needs curation: route not in the vocabulary; drafted by kg import, add it to graph/vocab')} ."
                )
                self.note("article", 1, f"route '{label}' is not in the vocabulary: drafted as {term}", level="warning")
            return term
        return ROUTES[route]

    def draft_lexicon_therapies(self) -> None:
        """Drugs found through the drug lexicon but not in the graph: drafted as new entities, flagged."""
        for iri in dict.fromkeys(self.used_therapies):
            entry = self.lex.drafted.get(iri)
            if entry is None:
                continue
            curie = _curie(iri)
            kind = "kgv:DrugClass" if entry.is_class else "kgv:Drug"
            lines = [f"{curie} a {kind} ; skos:prefLabel {_lit(entry.name)} ;"]
            surface = sorted({m for m in self.lex.surface.get(iri, ()) if m.casefold() != entry.name.casefold()})
            if surface:
                lines.append("    skos:altLabel " + ", ".join(_lit(x) for x in surface) + " ;")
            if entry.mappings:
                lines.append("    skos:closeMatch " + ", ".join(f"<{m}>" for m in entry.mappings) + " ;")
            lines.append(
                "    kgv:note \"needs curation: drafted by kg import as a substance the article doses, not a medicine the "
                "graph or the drug lexicon lists (" + entry.found_as.replace('"', "'") + "); check the name and what it "
                "is, give it a class, move it to graph/entities/therapies.ttl\" ."
                if entry.found_as else
                "    kgv:note \"needs curation: drafted by kg import as an unknown drug, in neither the graph nor the drug "
                "lexicon, printed joined to a known drug; check the name, give it a class, move it to "
                "graph/entities/therapies.ttl\" ."
                if entry.unknown else
                "    kgv:note \"needs curation: drafted by kg import as a drug class the article names but neither the "
                "graph nor the drug lexicon lists under that name; check the class and its members, move it to "
                "graph/entities/therapies.ttl\" ."
                if entry.class_reason else
                "    kgv:note \"needs curation: drafted by kg import from the drug lexicon of "
                "drug-named-entity-recognition; check the mappings, give it a class, move it to "
                "graph/entities/therapies.ttl\" ."
            )
            self.new_entities.append("\n".join(lines))
            self.flag(
                f"flag-new-therapy-{local_name(iri)}",
                "kgv:NotStatedInSource",
                "warning",
                [curie],
                (f"'{entry.name}' read as one combination product of {' and '.join(entry.parts)} (printed with a "
                 "slash), not two drugs given together; not in the graph: check it is the fixed combination"
                 if entry.parts else
                 f"'{entry.name}' is in neither the graph nor the drug lexicon: read as a drug because it is printed "
                 f"joined to {entry.partner} as one combination; check the name and what it is"
                 if entry.unknown and not entry.found_as else
                 f"'{entry.name}' read as a substance the article gives: {entry.found_as}; check the name and what it is"
                 + (f" ({', '.join(entry.mappings)})" if entry.mappings else "")
                 if entry.found_as else
                 f"'{entry.name}' is not in the graph" + ("" if entry.class_reason else "; drafted from the drug lexicon")
                 + (f" ({', '.join(entry.mappings)})" if entry.mappings else ""))
                + (self.class_flag(entry) if entry.is_class else "")
                + ".",
            )
            self.note("article", 1, f"new therapy drafted {'as an unknown drug' if entry.unknown else 'from the drug lexicon'}: "
                      f"{entry.name}", level="warning")
        used = set(self.used_therapies)
        for printed, parts in sorted(self.lex.products.items()):
            if not used & set(parts):
                continue
            # the facts convention drafts a fixed combination printed as its components ('sacubitril/valsartan') as
            # those components; the product itself, and the lexicon's identifiers for it, stay in front of the curator
            listed = product_entry(self.lex.label(parts[0]), self.lex.label(parts[1]))
            names = " and ".join(self.lex.label(p) for p in parts)
            self.flag(
                f"flag-combination-{slugify(printed)}",
                "kgv:AmbiguousWording",
                "info",
                [_curie(p) for p in parts],
                f"'{printed}' read as one combination product, drafted as its components {names}, each recommended, "
                "warned and dosed as the article says"
                + (f"; the drug lexicon lists the product as '{listed.name}'"
                   + (f" ({', '.join(listed.mappings)})" if listed.mappings else "")
                   if listed is not None else "")
                + "; check the product.",
            )
            self.note("article", 1, f"combination product '{printed}' drafted as its components {names}")

    @staticmethod
    def class_flag(entry) -> str:
        """What a curator needs to know of a drafted drug class: why it was read as one, and its members when the
        drug lexicon files any under it (never one member chosen for the class)."""
        members = class_members(entry)
        return ("; a drug class, not one drug" + (f" ({entry.class_reason})" if entry.class_reason else "")
                + (f"; members the drug lexicon files under it: {', '.join(members[:20])}"
                   + (f" and {len(members) - 20} more" if len(members) > 20 else "")
                   if members else "; the drug lexicon lists no members for it")
                + "; a recommendation of the class stands for the class, no member is chosen")

    def new_condition(self, phrase: str, st: StatementDraft, why: str) -> str:
        iri = str(COND) + slugify(phrase, 50)
        curie = _curie(iri)
        if not any(e.startswith(f"{curie} a kgv:Condition") for e in self.new_entities):
            self.new_entities.append(
                f"{curie} a kgv:Condition ; skos:prefLabel {_lit(phrase)} ;\n"
                + _icd_line(phrase)
                +
                f"    kgv:note {_lit(f'needs curation: drafted by kg import ({why}); match it to a known condition or move it to graph/entities/conditions.ttl')} ."
            )
            self.flag(
                f"flag-new-{slugify(phrase, 40)}",
                "kgv:NotStatedInSource",
                "warning",
                [curie],
                f"No known condition matched '{phrase}' ({why}); a new condition was drafted.",
            )
        return iri

    def caution(self, st: StatementDraft, therapies: list[Mention]) -> None:
        text = st.item.text
        features = self.lex.features(text)
        cut = risk_region(text)
        risks = [f for f in features if cut is not None and f.start >= cut and f.iri.startswith(str(COND))]
        if not risks:
            st.needs.append("caution wording found but no known condition named as the risk")
            return
        others = [f for f in features if f.iri != risks[0].iri and f.iri.startswith(str(COND))]
        local = f"caution-{st.local[3:]}"
        in_patients = others[0].iri if others else self.condition
        self.cautions.append(
            f"{self.q(local)} a kgv:Caution ; kgv:inArticle art:{self.slug} ;\n"
            + (f"    kgv:agent {_curie(therapies[0].iri)} ;\n" if therapies else "")
            + f"    kgv:risk {_curie(risks[0].iri)} ; kgv:inPatientsWith {_curie(in_patients)} ;\n"
            f"    prov:wasDerivedFrom {self.q(st.local)} ."
        )
        self.caution_facts.append((st.local, therapies[0].iri if therapies else None, "Caution"))
        for m in therapies[:1]:
            self._paragraph_cautions.setdefault(
                (st.section_local, st.item.path.split(".s", 1)[0], m.iri, "Caution"), st.item.locator
            )
        if therapies:
            self.used_therapies.append(therapies[0].iri)
        self.note(st.item.locator, st.item.line, f"caution drafted: risk of {risks[0].name}", st.item.text, "warning")
        if not others:
            self.flag(
                f"flag-{local}-population",
                "kgv:AmbiguousWording",
                "info",
                [self.q(local)],
                "The statement names no condition the risk applies in; the article's condition was used.",
            )
        st.structured = True

    def monitoring(self, st: StatementDraft, therapies: list[Mention]) -> None:
        body, _ = split_markers(st.item.text)
        features = self.lex.features(body)
        label = features[0].name if features else " ".join(re.findall(r"[\w/+-]+", body)[:6])
        local = f"monitor-{st.local[3:]}"
        lines = [
            f"{self.q(local)} a kgv:MonitoringItem ; kgv:inArticle art:{self.slug} ;",
            f"    skos:prefLabel {_lit(label)} ; kgv:forCondition {_curie(self.condition)} ; "
            f"kgv:population {_curie(self.population)} ;",
        ]
        if features:
            lines.append("    kgv:monitorsFor " + ", ".join(sorted({_curie(f.iri) for f in features})) + " ;")
        if therapies and self.lex.therapies(body):
            lines.append(f"    kgv:relatedTherapy {_curie(therapies[0].iri)} ;")
        lines.append(f"    prov:wasDerivedFrom {self.q(st.local)} .")
        self.monitors.append("\n".join(lines))
        self.monitoring_facts.append((st.local, body))
        if not features:
            st.needs.append("monitoring item labelled from its first words: give it a proper label")
        st.structured = True

    def finish_role(self, st: StatementDraft) -> None:
        title_section = self.sections[self.a.title][0]
        if self.is_lead_in(st):
            st.role = "kgv:RoleLeadIn"
        elif st.section_local == title_section and st.item.heading == self.a.title:
            st.role = "kgv:RoleSummary"
        elif st.structured:
            st.role = "kgv:RoleGuidance"
        else:
            st.role = "kgv:RoleGuidance" if self.lex.therapies(st.item.text) else "kgv:RoleBackground"
            if st.role == "kgv:RoleGuidance" or not st.needs:
                st.needs.insert(0, "nothing structured: role guessed, summarise or structure by hand")
        if st.needs:
            self.note(st.item.locator, st.item.line, "; ".join(st.needs), st.item.text)

    # ------------------------------------------------------------ references

    def reference_lines(self) -> tuple[list[str], list[str]]:
        entries, works = [], []
        for ref in self.a.references:
            work, with_year = self.lex.find_reference(ref.title, ref.source, ref.year)
            local = f"ref-{ref.position}"
            if work is not None:
                self.refs_matched += 1
                if not with_year:
                    self.flag(
                        f"flag-{local}-year",
                        "kgv:NotStatedInSource",
                        "warning",
                        [self.q(local)],
                        "The entry prints no year; it was matched to a known work by title and source only.",
                    )
            else:
                self.refs_new += 1
                work = self.new_work(ref)
                works.append(self.work_ttl(ref, work))
            if ref.year is None:
                self.note(f"References › {ref.position}", ref.line, "reference has no year", level="warning")
            lines = [
                f"{self.q(local)} a kgv:ReferenceEntry ; kgv:inArticle art:{self.slug} ; kgv:position {ref.position} ;",
                f"    kgv:typeAsPrinted {_lit(ref.ref_type)} ;",
                f"    kgv:titleAsPrinted {_lit(ref.title)} ;",
                f"    kgv:sourceAsPrinted {_lit(ref.source)} ;",
            ]
            if ref.year is not None:
                lines.append(f"    kgv:yearAsPrinted {ref.year} ;")
            lines.append(f"    kgv:refersTo {_curie(work)} .")
            entries.append("\n".join(lines))
        return entries, works

    def new_work(self, ref: ReferenceEntry) -> str:
        source = slugify(ref.source, 24) if ref.source.strip() else ""  # no source printed: no hash of nothing
        title = slugify(ref.title, 48)
        if title != slugify(ref.title, 10_000):
            # a title cut short names the work by its opening words only, and two works of one journal and year can
            # open alike ("<Society> 2020 guidelines for ..."): the whole title's words, hashed, keep them apart (the
            # same title printed in another case or punctuation keeps its IRI)
            words = " ".join(re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", ref.title).casefold()))
            title = f"{title}-{hashlib.sha256(words.encode('utf-8')).hexdigest()[:8]}"
        parts = [p for p in (source, str(ref.year) if ref.year else "no-year", title) if p]
        iri = str(REF) + "-".join(parts)
        return iri

    def work_ttl(self, ref: ReferenceEntry, iri: str) -> str:
        kind = REFERENCE_TYPES.get(ref.ref_type.strip().casefold())
        if kind is None:
            kind = "kgv:ResearchReference"
            self.flag(
                f"flag-ref-{ref.position}-type",
                "kgv:AmbiguousWording",
                "warning",
                [self.q(f"ref-{ref.position}")],
                f"Entry type '{ref.ref_type}' is neither Guideline nor Research; drafted as research.",
            )
        lines = [
            f"{_curie(iri)} a {kind} ;",
            f"    dcterms:title {_lit(ref.title)} ;",
            f"    kgv:sourceTitle {_lit(ref.source)}" + (" ;" if ref.year else " ."),
        ]
        if ref.year:
            lines.append(f'    dcterms:issued "{ref.year:04d}"^^xsd:gYear .')
        if ref.year is None:
            self.flag(
                f"flag-ref-{ref.position}-year",
                "kgv:NotStatedInSource",
                "warning",
                [self.q(f"ref-{ref.position}")],
                "The reference entry prints no year.",
            )
        return "\n".join(lines)

    # ------------------------------------------------------------ Turtle

    def emit(self) -> Draft:
        art = f"art:{self.slug}"
        ns = f"{ART}{self.slug}/"
        out: list[str] = [
            f"{DRAFT_HEADER} from {self.source_file}: review every 'needs curation' note and kgv:Flag,",
            "# write summaries in your own words, then move it to graph/articles/ and run `kg build`.",
        ]
        prefixes = [
            "kgv",
            "art",
            "cond",
            "ft",
            "th",
            "cls",
            "pop",
            "ref",
            "unit",
            "skos",
            "rdfs",
            "dcterms",
            "prov",
            "xsd",
            "qudt",
        ]
        out += [f"@prefix {p}: <{PREFIXES[p]}> ." for p in prefixes]
        out.append(f"@prefix {self.prefix}: <{ns}> .")
        out.append("")
        entries, works = self.reference_lines()
        out += [
            f"{art} a kgv:GuidelineArticle ;",
            f"    dcterms:title {_lit(self.a.title)} ;",
            f"    kgv:question {_lit(self.a.question)} ;",
            *self.date_lines(),
            f"    kgv:population {_curie(self.population)} ;",
            f"    kgv:aboutCondition {_curie(self.condition)} ;",
            f"    kgv:sourceFile {_lit(self.source_file)} .",
            "",
            "########## sections (heading as printed; the checksum locates it)",
            "",
        ]
        for heading, (local, pos) in self.sections.items():
            out.append(f"{self.q(local)} a kgv:Section ; kgv:inArticle {art} ; kgv:position {pos} ;")
            out.append(f"    kgv:heading {_lit(heading)} ;")
            out.append(f"    kgv:headingSha256 {_lit(text_checksum(heading))} .")
        out += ["", "########## statements (locator: section + item path; checksum of the text as printed)", ""]
        for st in self.statements:
            item = st.item
            lines = [
                f"{self.q(st.local)} a kgv:Statement ; kgv:inArticle {art} ; "
                f"kgv:inSection {self.q(st.section_local)} ; "
                f"kgv:itemPath {_lit(item.path)} ;",
                f"    kgv:sourceLine {item.line} ; kgv:textSha256 {_lit(item.checksum)} ;",
            ]
            markers = f"kgv:markersAsPrinted {_lit(item.markers_printed)}"
            if item.markers:
                markers += " ; kgv:hasMarker " + ", ".join(self.q(f"m-{m}") for m in dict.fromkeys(item.markers))
            lines.append(f"    {markers} ;")
            lines.append(f"    kgv:role {st.role}" + (" ;" if st.needs or self.keep_text else " ."))
            if st.needs:
                lines.append(
                    f"    kgv:note {_lit('needs curation: ' + '; '.join(st.needs))}"
                    + (" ;" if self.keep_text else " .")
                )
            if self.keep_text:
                lines.append(f"    kgv:sourceText {_lit(item.text)} .")
            out.append("\n".join(lines))
        out += ["", "########## citation markers as printed", ""]
        for label in self.markers_resolved + self.markers_dangling:
            line = f"{self.q(f'm-{label}')} a kgv:CitationMarker ; kgv:inArticle {art} ; kgv:markerLabel {_lit(label)}"
            out.append(line + (" ;\n    kgv:flaggedUnresolved true ." if label in self.markers_dangling else " ."))
        out += ["", "########## reference list as printed; each entry refers to a cited work", ""]
        out += entries
        if works:
            out += [
                "",
                "# New cited works: not found in the graph (by title, source and year). Move them to",
                "# graph/entities/references.ttl once checked.",
                "",
            ]
            out += works
        out += ["", "########## recommendations (drafted: check stage, strength, rank and qualifiers)", ""]
        ranks: dict[str, int] = {}
        for rec in self.recs.values():
            ranks[rec.stage] = ranks.get(rec.stage, 0) + 1
            lines = [
                f"{self.q(rec.local)} a kgv:Recommendation ; kgv:inArticle {art} ;",
                f"    kgv:forCondition {_curie(self.condition)} ; kgv:population {_curie(self.population)} ;",
                f"    kgv:therapy {_curie(rec.therapy)} ; kgv:stage {_curie(rec.stage)} ; "
                f"kgv:rank {ranks[rec.stage]} ; "
                f"kgv:strength {_curie(rec.strength)} ;",
            ]
            if rec.features:
                lines.append(
                    "    kgv:appliesWhenAny " + ", ".join(_curie(f) for f in dict.fromkeys(rec.features)) + " ;"
                )
            if rec.doses:
                lines.append("    kgv:dose " + ", ".join(self.q(d) for d in rec.doses) + " ;")
            if rec.duration is not None and rec.duration[2] in TIME_UNITS:
                lo, hi, unit = rec.duration
                parts = (
                    ([f"kgv:durationMin {_num(lo)}"] if lo is not None else [])
                    + ([f"kgv:durationMax {_num(hi)}"] if hi is not None else [])
                    + [f"kgv:durationUnit {TIME_UNITS[unit]}"]
                )
                lines.append("    " + " ; ".join(parts) + " ;")
            if rec.stage_guessed:
                lines.append(f"    kgv:note {_lit('needs curation: ' + rec.stage_guessed)} ;")
            lines.append(
                "    prov:wasDerivedFrom " + ", ".join(self.q(s) for s in dict.fromkeys(rec.statements)) + " ."
            )
            out.append("\n".join(lines))
            if rec.stage_guessed:
                self.flag(
                    f"flag-{rec.local}-stage",
                    "kgv:AmbiguousWording",
                    "info",
                    [self.q(rec.local)],
                    rec.stage_guessed[0].upper() + rec.stage_guessed[1:] + ".",
                )
        out += ["", "########## dose schedules", ""]
        for dd in self.doses:
            out.append(self.dose_ttl(dd))
        if self.adjustments:
            out += ["", "########## where a feature moves a dose within its range", ""] + self.adjustments
        if self.cautions:
            out += ["", "########## cautions", ""] + self.cautions
        if self.monitors:
            out += ["", "########## monitoring", ""] + self.monitors
        self.draft_lexicon_therapies()
        if self.new_entities:
            out += [
                "",
                "########## new entities (drafted; move to graph/entities once checked)",
                "",
            ] + self.new_entities
        if self.flags:
            out += ["", "########## what does not add up or was not stated, recorded as found", ""]
            for local, kind, level, about, message in self.flags:
                out.append(
                    f"{self.q(local)} a kgv:Flag ; kgv:inArticle {art} ; kgv:flagKind {kind} ; "
                    f"kgv:level {_lit(level)} ;\n"
                    f"    kgv:about {', '.join(about)} ;\n    kgv:message {_lit(message)} ."
                )
        # The fragments above state the triples; they are parsed (a malformed term fails here) and written
        # deterministically, grouped by kind, in rdflib's longturtle layout (kg/importer/turtle_out.py).
        ttl = write_draft("\n".join(out) + "\n", {self.prefix: ns}, out[:2])
        return Draft(
            self.slug,
            self.prefix,
            ttl,
            self.statements,
            self.doses,
            list(self.recs.values()),
            self.markers_resolved,
            self.markers_dangling,
            self.refs_matched,
            self.refs_new,
            self.notes,
            len(self.cautions),
            len(self.monitors),
            self.caution_facts,
            self.monitoring_facts,
            self.combination_cautions,
        )

    def dose_ttl(self, dd: DoseDraft) -> str:
        d = dd.dose
        cls = "kgv:DoseCeiling" if d.ceiling else "kgv:DoseSchedule"
        parts: list[str] = []
        notes: list[str] = []
        if d.amount_not_stated:
            parts.append("kgv:amountNotStated true")
        else:
            if d.amount_min is not None:
                parts.append(f"kgv:amountMin {_num(d.amount_min)}")
            if d.amount_max is not None:
                parts.append(f"kgv:amountMax {_num(d.amount_max)}")
            else:
                notes.append(f"at least {_num(d.amount_min)} {d.unit}; no upper amount stated")
            parts += [
                f"kgv:amountUnit {UNITS[d.unit]}",
                f"kgv:basis {BASES[d.basis]}",
                f"kgv:per {PERIODS[d.per]}",
            ]
        parts.append(f"kgv:route {self.route_term(d.route)}")
        if dd.preferred_route:
            parts.append(f"kgv:preferredRoute {self.route_term(dd.preferred_route)}")
        if d.times_per_day is not None:
            parts.append(f"kgv:timesPerDay {d.times_per_day}")
        if d.times_range is not None:
            notes.append(f"{d.times_range[0]} to {d.times_range[1]} times a day")
        if d.times_per_week is not None:
            notes.append(f"{d.times_per_week} times a week")
        if d.doses is not None:
            parts += [f"kgv:dosesMin {d.doses[0]}", f"kgv:dosesMax {d.doses[1]}"]
        if d.interval is not None and (d.interval[1] not in TIME_UNITS or d.interval_max is not None):
            high = f"-{_num(d.interval_max)}" if d.interval_max is not None else ""
            notes.append(f"every {_num(d.interval[0])}{high} {d.interval[1]}(s)")
        elif d.interval is not None:
            parts += [f"kgv:intervalValue {_num(d.interval[0])}", f"kgv:intervalUnit {TIME_UNITS[d.interval[1]]}"]
        bands: list[tuple[str, BandBounds]] = []
        if d.band:
            notes.append(f"for patients in the band {d.band}")
            # the band's measure and printed bounds, for a query to select the dose by the patient's weight, age or
            # renal function; a band whose bounds cannot be read without guessing stays the note alone
            parts_read = [band_bounds(part) for part in d.band.split(", ")]
            if all(b is not None for b in parts_read):
                for n, bounds in enumerate(parts_read, 1):
                    local = f"{dd.local}-band" + (f"-{n}" if len(parts_read) > 1 else "")
                    bands.append((local, bounds))
                    parts.append(f"kgv:forBand {self.q(local)}")
        if d.timing:
            notes.append(f"given {d.timing}")
        if d.step_span:
            notes.append(f"stepped {d.step_span} (not the course)")
        if d.infusion is not None:
            lo, hi, unit = d.infusion
            notes.append(f"each given over {_num(lo)}{'-' + _num(hi) if hi != lo else ''} {unit}(s)")
        if d.duration is not None and d.duration[2] in TIME_UNITS:
            lo, hi, unit = d.duration
            if lo is not None:
                parts.append(f"kgv:durationMin {_num(lo)}")
            if hi is not None:
                parts.append(f"kgv:durationMax {_num(hi)}")
            parts.append(f"kgv:durationUnit {TIME_UNITS[unit]}")
        if d.maximum is not None:
            amount, unit, per = d.maximum
            parts += [f"kgv:maxAmount {_num(amount)}", f"kgv:maxUnit {UNITS[unit]}", f"kgv:maxPer {PERIODS[per]}"]
            if d.maximum_basis not in (None, "flat"):
                # 'max 20 mg/kg/day': the maximum scales with the patient as the amount does (kgv:maxBasis)
                parts.append(f"kgv:maxBasis {BASES[d.maximum_basis]}")
        else:
            parts.append("kgv:noMaximumStated true")
        if d.concentration is not None:
            parts.append(f"kgv:concentrationPercent {_num(d.concentration)}")
        if d.descriptor:
            parts.append(f"kgv:doseDescriptor {_lit(d.descriptor)}")
        if d.initial:
            parts.append("kgv:initialOnly true")
        if notes:
            parts.append(f"kgv:scheduleNote {_lit('; '.join(notes))}")
        parts.append(f"prov:wasDerivedFrom {self.q(dd.statement)}")
        lines, current = [], ""
        for part in parts:
            if current and len(current) + len(part) + 3 > 110:
                lines.append(current + " ;")
                current = part
            else:
                current = f"{current} ; {part}" if current else part
        lines.append(current + " .")
        out = f"{self.q(dd.local)} a {cls} ;\n    " + "\n    ".join(lines)
        for local, b in bands:
            said = [f"kgv:bandMeasure kgv:{b.measure}"]
            if b.low is not None:
                said += [f"kgv:bandLow {_num(b.low)}", f"kgv:bandLowInclusive {'true' if b.low_inclusive else 'false'}"]
            if b.high is not None:
                said += [f"kgv:bandHigh {_num(b.high)}",
                         f"kgv:bandHighInclusive {'true' if b.high_inclusive else 'false'}"]
            if b.unit is not None:
                said.append(f"kgv:bandUnit {_lit(b.unit)}")
            out += f"\n{self.q(local)} a kgv:PatientBand ;\n    " + " ;\n    ".join(said) + " ."
        return out


_STRENGTH = r"(\d+(?:\.\d+)?\s*%|1\s*(?::|in)\s*[\d,]+)"
_STRENGTH_AFTER = re.compile(rf"\s*(?:of\s+(?:the\s+)?(?:[A-Za-z-]+\s+){{0,2}}?){_STRENGTH}", re.IGNORECASE)
_STRENGTH_BEFORE = re.compile(rf"{_STRENGTH}(?:\s+[A-Za-z-]+){{0,3}}[\s,:]*$", re.IGNORECASE)


def _volume_strength(text: str, dose: Dose) -> str | None:
    """The strength a volume is given of: '2 mL/kg of 10% glucose' -> '10%', 'glucose 10% 2 mL/kg' -> '10%',
    '0.5 mL of 1:1000 adrenaline' -> '1:1000'; None when the clause states none."""
    after = _STRENGTH_AFTER.match(text, dose.span[1])
    if after:
        return re.sub(r"\s+", " ", after.group(1))
    before = _STRENGTH_BEFORE.search(text[max(0, dose.span[0] - 40) : dose.span[0]])
    return re.sub(r"\s+", " ", before.group(1)) if before else None


def _icd_line(phrase: str) -> str:
    """A skos:closeMatch to the WHO ICD-10 category the phrase names, for the curator to confirm ('' if none)."""
    from .vocabulary import ICD10_IRI, find_condition

    hit = find_condition(phrase)
    if hit is None:
        return ""
    code, title = hit
    return f"    skos:closeMatch <{ICD10_IRI}{code}> ; rdfs:comment {_lit(f'ICD-10 {code}: {title} (matched by name; confirm)')} ;\n"


# the words between a recommended drug and its conditioned alternative: " or, if not tolerated, ",
# "; if colchicine fails, use " (the alternative is recommended too, at its condition's stage)
_CONDITIONED_NEXT = re.compile(
    r"\s*(?:[,;]\s*)?(?:(?:or|otherwise|alternatively)\b\s*,?\s*)?(?:if|when|where|should|in case)\b[^.;]*?,\s*"
    r"(?:(?:then\s+)?(?:use|give|offer|start|try|consider|switch to|add|prescribe)\s+)?(?:(?:an?|the)\s+)?",
    re.I,
)
_STRONG_BREAK = re.compile(r";|\.\s")
# "midazolam or propofol", "A, B and C": a list of drugs given the same way
# "-" and "+" join the drugs of one combination ("artemether-lumefantrine", "A + B")
# ("switch to X (or to Y in pregnancy)": the bracketed "or to" lists Y as the other drug switched to)
_LIST_JOIN = re.compile(r"\s*\(?\s*(?:,|or|and|and/or|/|-|\+)\s*(?:or\s+|and\s+)?(?:to\s+)?(?:(?:an?|the)\s+)?", re.I)
# "X as first-line treatment, or Y", "X for adults and Y": the first drug's own phrase, then the next drug
_QUALIFIED_JOIN = re.compile(
    r"\s+(?:as|for|in|to|with|at)\b[^.;:()]*?,?\s+(?:or|and|and/or)\s+(?:(?:an?|the)\s+)?", re.I
)
# a clause that opens as the other option: "...; otherwise give X", ", or Y if ...", "Alternatively, Y"
_OPENS_ALTERNATIVE = re.compile(r"\W*(?:or|otherwise|alternatively|else)\b", re.I)
# the condition a later drug of a list carries ("or Y if the person is pregnant"); "if needed" is no condition
_OWN_CONDITION = re.compile(
    r"\b(?:if|when|where|in case)\b(?!\s+(?:needed|required|necessary|appropriate|possible|available|desired|"
    r"clinically indicated|indicated)\b)[^.;]*",
    re.I,
)
# ... and 'an acceptable alternative to X', 'a substitute for X', 'as an alternative to X': X is what the other replaces
_REPLACED_BY = re.compile(r"(?:\b(?:instead of|rather than|in place of|alternatives?(?:\s+[a-z]+)? to|substitutes? for)|,\s*not)\s+"
                          r"(?:(?:the|an?)\s+)?$", re.I)
# a condition that a treatment failed or the disease came back (the next stage), as against one that only narrows who
# gets the treatment ("only for non-severe infection", "only after 5 days of heparin")
_FAILURE_CUE = re.compile(
    r"fail|ineffective|inadequate|no response|not respond|not controlled|persist|despite|refractory|resistan|worsen|"
    r"relaps|recur|not (?:improv|settl|work)",
    re.I,
)
# a stage named outright in a line ("second-line", "as an alternative", "rescue"), as against the verbs that also
# cue a stage ("add", "start")
# the patient's allergy to a drug ("penicillin allergy", "if allergic to penicillin", "after anaphylaxis")
_ALLERGY = re.compile(r"\ballerg\w*|\bhypersensitiv\w*|\banaphyla\w*", re.I)
# "add", "added", "adding": an adjunct by the verb only; "adjunct" names the stage itself
_ADDED_WORD = re.compile(r"\badd(?:s|ed|ing)?\b", re.I)
_ADJUNCT_NAMED = re.compile(r"\badjunct\w*", re.I)
# the alternative stage named in words ("Alternative:", "alternatives", "an alternative to X") or a substitution
# ("may be used instead", "in place of X", "another option"): an alternative by what it says, not by a circumstance
_ALTERNATIVE_NAMED = re.compile(r"\balternatives?\b|\balternatively\b|\binstead\b|\bsubstitut\w*|\bin place of\b|"
                                r"\brather than\b|\b(?:another|other) options?\b", re.I)
_STAGE_NAMED = re.compile(r"\b(?:first|second|third)[- ](?:line|choice)\b|\balternatives?\b|\brefractory\b|\brescue\b|"
                          r"\bescalat\w*|\bmaintenance\b|\btaper\w*|\badjunct\w*", re.I)
# "continue X", "remain on X" as the only taper/maintenance wording, against the words of a reduced or long-term regimen
_CONTINUE_ONLY = re.compile(r"\bcontinu\w*|\bremain on\b", re.I)
_TAPER_WORDS = re.compile(r"\btaper\w*|\bmaintenance\b|\breduc\w*|\bstop\b|\bwean\w*|\blong[- ]term\b|\bindefinitely\b|"
                          r"\blife-?long\b|\bfor life\b|\bmonths?\b|\byears?\b|\bextended\b|\bsecondary prevention\b|"
                          r"\bprophyla\w*", re.I)
# what failed named as the step up itself ("despite second-line treatment", "after escalation")
_FAILED_ESCALATION = re.compile(r"\bsecond[- ](?:line|choice)\b|\bescalat\w*", re.I)
_FIRST_LINE_NAMED = re.compile(r"\bfirst[- ](?:line|choice)\b|\bcornerstone\b", re.I)
_RELAPSE = re.compile(r"\b(?:relapse[sd]?|recurrences?|recurrent|recurring)\b", re.I)
_FAILED_STAGE = re.compile(
    r"\b(?:on|despite|after|following|of|with|to)\s+(?:the\s+|a\s+|an\s+|their\s+|his\s+|her\s+)?(?:\w+\s+){0,2}?"
    r"(?:(?:first|second)[- ](?:line|choice)|initial|standard)\s+(?:therapy|treatment|drugs?|agents?|antibiotics?|"
    r"options?|medicines?|medications?|regimens?|antiemetics?|care)\b",
    re.I,
)
# a line that stops mid-sentence: on a comma, or on a word that needs what follows (a verb of giving, a preposition,
# a conjunction, an article)
_UNFINISHED = re.compile(
    r"(?:,|\b(?:offer|give|use|start|add|consider|prescribe|try|switch to|change to|with|to|of|and|or|then|the|an?|"
    r"for|plus|either|followed by))\Z",
    re.I,
)
# a treatment so far that is not enough, said before a drug is added ("not controlled on monotherapy", "If one drug is
# not enough", "Inadequate response to one drug", "if ... persists despite X"); "risk of resistance" is no failure
_FAILED_BEFORE_ADDING = re.compile(
    r"\bfail\w*|\bineffective\b|\binadequate(?:ly)?\s+(?:response|control\w*|controlled)\b|\bno (?:response|improvement|"
    r"better)\b|\bnot (?:respond\w*|improv\w*|controlled|settl\w*|worked|working|enough|sufficient)\b|\bpersist\w*|"
    r"\bdespite\b|\b(?:still|stays?|remains?)\s+(?:\w+\s+)?(?:high|above|uncontrolled|raised|elevated|symptomatic|poor)\b|"
    r"\babove target\b|\bresistant\b|\brefractory\b",
    re.I,
)
# a verb of giving with a pronoun for its drug ("use it", "consider them", "give it")
_PRONOUN_GIVEN = re.compile(r"\b(?:use|give|offer|consider|start|try|prescribe|reserve|keep|add)\s+(?:it|them)\b", re.I)
# what may stand between a class and the drugs it stands for: its abbreviation, then a bracket, a dash or a colon
_SPELLED_OUT = re.compile(r"\s*(?:\([A-Z][A-Za-z0-9-]{1,9}s?\)\s*)?(?:\(|[-–—]\s|:)\s*(?:either\s+)?")


# an instruction to give something, after the patient's description ("..., give vitamin K")
_GIVE_AFTER = re.compile(r"(?:^|[,;:]\s*|\bthen\s+)(?:give|offer|start|use|prescribe|administer|add)\b", re.I)
# the noun a class word describes when it stands before one ("antibiotic dose", "analgesic ladder", "opioid use")
_KIND_OF = re.compile(r"[ \t]+(doses?|treatment|therapy|course|courses|choice|choices|prescribing|prescriptions?|policy|"
                      r"stewardship|resistance|ladder|plan|review|allergy|allergies|history|use|exposure|guidance|"
                      r"options?|selection|duration|timing)\b", re.I)


def _spelled_out(text: str, m: Mention, named: list[Mention], is_class) -> bool:
    """A class followed by the single drugs it stands for here ("a DOAC (apixaban, dabigatran or rivaroxaban)", "a
    direct-acting oral anticoagulant (DOAC) - apixaban or rivaroxaban -"): those drugs are what is offered. An example
    ("a macrolide such as clarithromycin") names the class, not the choice, and is not this."""
    # (the class's own abbreviation after its long form, "direct-acting oral anticoagulant (DOAC)", is not a member)
    after = [n for n in named if n.start >= m.end and n.iri != m.iri]
    if not after or is_class(after[0].iri):
        return False
    end = m.end
    if text[: m.start].rstrip().endswith("(") and text[m.end :].lstrip().startswith(")"):
        # the abbreviation itself, in brackets after the long form ("... anticoagulant (DOAC) - apixaban, ..."): it
        # stands for the same drugs, read from after its bracket
        end = text.index(")", m.end) + 1
    return _SPELLED_OUT.fullmatch(text[end : after[0].start]) is not None


_FAILURE_HEADING = re.compile(
    r"\b(?:treatment|therapy|antibiotic|first[- ]line) failure\b|\bfail(?:ed|s|ure|ing)?\b|\bno (?:response|improvement)\b|"
    r"\bnot (?:responding|improving|settling|resolving)\b|\bnon-?respon\w*|\bpoor response\b|\binadequate response\b",
    re.I,
)
_DURING_COURSE = re.compile(r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(
    cue_words("during_course_words"), key=len, reverse=True)) + r")\b", re.I)
# "anyone expected to take prednisolone", "patients on long-term methotrexate": people named by another drug's course
# (data/cue_words.txt [course_patient_words]); the name follows within two words
_COURSE_PATIENTS = re.compile(r"\b(?:anyone|everyone|people|patients|persons|those|adults|children|women|men)\s+(?:"
                              + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(
                                  cue_words("course_patient_words"), key=len, reverse=True))
                              + r")\s+(?:[\w-]+\s+){0,2}?$", re.I)
_ADJUNCT_COURSE = re.compile(r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(
    cue_words("adjunct_stage_words"), key=len, reverse=True)) + r")\b", re.I)
_TAPER_OF_COURSE = re.compile(
    r"(?P<give>\b\d+(?:[.,]\d+)?(?:\s*[-\u2013]\s*\d+(?:[.,]\d+)?)?\s*(?:mg|g|micrograms?|mcg|units?|ml|mmol)\b[^.;]*?)"
    r"(?P<taper>,?\s+then\s+(?:be\s+)?(?:reduc|taper|wean|lower|decreas)\w*\b(?:[^.;]|\.(?=\d))*)",
    re.I,
)
_TAPER_OF_GIVEN = re.compile(
    r"(?P<give>\b(?:switch\w*|chang\w*|convert\w*|start\w*|give|offer|begin)\b[^.;]*?)"
    r"(?P<taper>(?:,\s*|\s+(?:and|then)\s+)(?:reduc|taper|wean)\w*\s+(?:it|them|the dose|this|slowly|gradually|down|"
    r"off)\b[^.;]*)",
    re.I,
)
# a condition scoping what follows to severe disease ("In severe infection", "If the attack is life-threatening,",
# "For moderate to severe pain"); not a severe allergy or reaction, which is why another drug replaces the usual one
_SEVERE_CONDITION = re.compile(
    r"\b(?:in|for|if|when|where|with)\b[^.;:]{0,50}?(?P<severity>(?<![-\w])(?<!non-)(?<!not )(?:(?:moderate(?:ly)?[- ]"
    r"(?:to[- ])?)?severe|very severe|life[- ]threatening|critical|fulminant)\b)"
    r"(?!\s+(?:[\w-]+\s+)?(?:allerg|hypersensitiv|reaction|intoleran|anaphyla|rash|side|adverse|renal|hepatic|kidney|"
    r"liver|cardiac|heart|impair|insufficien|dehydrat|malnutrition|neutropeni|thrombocytopeni|immunosuppress))",
    re.I,
)
# "stop the opioid and give naloxone", "withhold the statin, then start X": what is stopped before the drug the line
# gives; the stopping is of another drug, not a taper of the one given
_STOP_THEN_GIVE = re.compile(
    r"\b(?:stop|withhold|discontinue|cease|reduce|wean\w*|taper)\b[^.;]*?(?:,\s*|\s+)(?:and|then)\s+(?:(?:instead|immediately|"
    r"promptly)\s+)?(?=(?:give|start|use|offer|add|switch|administer|prescribe|begin|commence)\b)",
    re.I,
)
# "every 3 weeks instead of every 4 weeks", "250 mg instead of 500 mg", "instead of the usual dose": the same drug on
# another schedule or amount, not a drug given instead of another (the alternative stage)
_INSTEAD_OF_SCHEDULE = re.compile(
    r"\binstead of\s+(?:\d|(?:every|once|twice|thrice|three|four|q\d+h?|daily|weekly|monthly|fortnightly|a single|single|"
    r"(?:the|a)\s+(?:usual|standard|normal|full|higher|lower|recommended)\s+(?:[\w-]+\s+)?(?:dose|doses|dosing|"
    r"schedule|interval|regimen|amount|frequency|injection|injections|course|strength))\b)[^,;.]*",
    re.I,
)
# a switch to treatment by mouth, or one made because the patient is better ("switch to oral X", "change to tablets",
# "once afebrile for 24 hours, switch to X", "when improving"): the route steps down, the treatment does not step up
_STEP_DOWN = re.compile(
    r"\b(?:switch\w*|chang\w*|convert\w*|mov\w*|step\w*\s+down)\s+(?:\w+\s+)?(?:to|onto)\s+(?:an?\s+|the\s+)?(?:oral|by mouth|"
    r"tablets?|po|enteral)\b|"
    r"(?<!not )(?<!no )\b(?:improv(?:es|ed|ing)|afebrile|apyrexial|clinically stable|haemodynamically stable|stabilised|"
    r"feeling better|settl(?:es|ed|ing)|can swallow|able to swallow|tolerating oral|can take oral)\b",
    re.I,
)
_SWITCH_TO = re.compile(r"\b(?:switch\w*|chang\w*|escalat\w*|step\w* up)\s+to\b", re.I)
_SWITCH = re.compile(
    r"\b(?:switch\w*|chang\w*|convert\w*)\s+(?!to\b|onto\b)(?:(?:from|over)\s+)?(?P<old>[^.;]+?)\s+(?:to|for)\s+|"
    r"\breplac\w*\s+(?P<old2>[^.;]+?)\s+(?:with|by)\s+",
    re.I,
)


# a drug named as the one that failed or was not enough; up to three articles or modifiers may stand between the
# failure words and the name ("not responded to nebulised bronchodilators", "after 2-3 days on a first-choice X")
_MODIFIERS = r"(?:(?:a|an|the|any|their|his|her|its|other|another|[a-z]+-[a-z]+|[a-z]+(?:ed|al|ic|ous|ive))\s+){0,3}"
_FAILED_BEFORE = re.compile(
    r"(?:\b(?:not|never|poorly|inadequately|partially|failed to) (?:respond(?:ed|ing|s)?|improv(?:ed|e|ing)|settl(?:ed|e))"
    r"(?:\s+(?:to|on|with|after))?|\bunresponsive to|\brefractory to|\bresistant to|\bdespite|\bfailure (?:of|on|with)|"
    r"\bfailed|\bintoleran\w* (?:of|to)|\b\d+(?:\s*[-–]\s*\d+)?\s*(?:hours?|days?|weeks?|months?) (?:on|of)|"
    # "if ketonuria and weight loss persist on oral antiemetics": the drug the symptoms go on despite
    r"\bpersist\w* (?:on|with|despite))\s+"
    + _MODIFIERS + r"$",
    re.I,
)
_NOT_BEFORE = re.compile(r"(?:,\s*not|\brather than|\binstead of|\bin place of|\bother than|\bnor|(?<![-\w])no|"
                         # "substitute rifabutin for rifampicin", "can be substituted for rifampicin": what is replaced
                         r"\bsubstitut\w*\b[^.;]*?\bfor|"
                         # "does little or no physical exercise": what the patient does not have, with its describing
                         # words ("no more than 4 g of X" limits X's amount and still gives it)
                         r"(?<![-\w])no(?:\s+(?!more\b|less\b|longer\b|later\b|sooner\b|than\b|other\b)[a-z]+){1,2})\s+"
                         r"(?:(?:the|an?|any)\s+)?$",
                         re.I)


# the heading's own word for the last stage ("Refractory flares"); "Resistant disease" may mean the next step only
_REFRACTORY_WORD = re.compile(r"\brefractory\b", re.I)
# what may come before a drug that is an item's subject: up to two describing words ("Intra-articular", "Oral"),
# no preposition or verb phrase ("Overlap with heparin" is about the overlap)
_LED_BY_NAME = re.compile(r"^\W*(?:(?!(?:with|for|to|of|in|on|at|after|before|than|from|by|and|or|if|when|until)\b)"
                          r"[\w-]+\W+){0,2}$", re.I)
# a higher dose of the drug already given ("raise it to 120 mg", "increase the dose to", "go up to 120 mg")
_DOSE_RAISE = re.compile(r"\b(?:raise|increase|go up|titrate (?:up|upwards)|double)\w*\b[^.;]{0,30}?\b(?:to|by)\s+\d[\d.,]*"
                         r"(?:\s*(?:mg|g|mcg|micrograms?|units?|ml)\b)?", re.I)
# a section of warnings ("Cautions", "8. CAUTIONS", "Contraindications and interactions"): its statements warn; a
# stage word there ("reduce the dose in renal impairment") adjusts a dose, it does not recommend a stage
_CAUTION_HEADING = re.compile(r"^\W*(?:\d+(?:\.\d+)*\.?\s+)?(?:cautions?|contra-?indications?|warnings?|precautions|"
                              r"safety|(?:drug )?interactions|adverse effects|side effects)\b", re.I)
# "add a PPI", "add omeprazole": the drug named right after "add" is the one added
_ADDED = re.compile(r"\b(?:add|adding)\s+(?:an?\s+|the\s+)?", re.I)
_MONITORING_HEADING = re.compile(r"^\W*(?:\d+(?:\.\d+)*\.?\s+)?(?:monitoring|what to monitor|follow[- ]up|surveillance|"
                                 r"investigations|tests|observations|checks|review and monitoring|"
                                 # "Targets", "Target ranges", "Laboratory values", "Blood tests": the rows are
                                 # values to reach or check in the patient, never drugs given
                                 r"targets?(?:\s+(?:ranges?|values?|levels?))?\s*$|laboratory|lab tests|blood tests|"
                                 r"reference ranges?)\b", re.I)


# The instruction of an action threshold: what to do once a result is reached ("...: stop the hepatotoxic drugs",
# "If ALT rises above 5 times the upper limit, stop ... and seek advice", "..., refer to the specialist service")
_THRESHOLD_ACTION = re.compile(
    r"(?:stop|withhold|hold|discontinue|suspend|omit|interrupt|cease|refer|seek|get|obtain|ask\s+for|contact|call|"
    r"discuss|escalate|admit|transfer|switch|change|halve|reduce|lower|increase|give\s+a\s+further|"
    r"start\s+(?:a|an|the)?\s*(?:different|alternative|second|new))\b",
    re.I,
)


# "Review antibiotics at 48-72 hours", "review every antibiotic", "reassess the choice of anticoagulant": the drug named
# right after the review verb is what is reviewed (but "review the gentamicin level" reviews a level)
_REVIEW_OF = re.compile(r"\b(?:review|reassess|re-evaluate|reconsider)\s+(?:(?:the|all|every|each|any|their|his|her)\s+)?"
                        r"(?:(?:choice|need|route|duration|dose|indication|use)\s+(?:of|for)\s+(?:the\s+|an?\s+)?)?"
                        r"(?:(?:intravenous|iv|oral|empirical|empiric|current|regular)\s+)?\Z", re.I)
_LEVEL_AFTER = re.compile(r"\s*(?:levels?|concentrations?|troughs?|peaks?|assays?)\b", re.I)


def _reviewed_spans(text: str, mentions: list[Mention]) -> tuple[tuple[int, int], ...]:
    """The spans of the drugs a review reviews ('Review antibiotics at 48 hours'), with the review verb."""
    out = []
    for m in mentions:
        before = _REVIEW_OF.search(text[: m.start])
        if before is not None and not _LEVEL_AFTER.match(text, m.end):
            out.append((before.start(), m.end))
    return tuple(out)


def action_threshold(text: str) -> tuple[str, int] | None:
    """(the action, where it starts) of a statement that says what to do once a result is reached, or None. The
    statement opens with the
    result ('ALT more than 5 times the upper limit: ...', 'If ALT rises above ..., ...') and its main clause, after the
    colon or the condition's comma, opens with an action (stop, withhold, refer, seek advice ...) that is not itself a
    check ('..., repeat the INR in 2 days' stays monitoring)."""
    body = split_markers(text)[0]
    # (a decimal point inside the result, "6.5 mmol/L", does not end it; nor does a comma inside the condition,
    # "above 5 times the upper limit, or above 3 times with symptoms, stop ...")
    first = re.match(r"(?:[^.;]|\.(?=\d))*", body).group(0)
    if re.match(r"\W*(?:if|when|where|once|should)\b", first, re.I):
        splits = [m.end() for m in re.finditer(r",\s*(?:then\s+)?", first)]
    else:
        colon = re.match(r"(?:[^:]){3,}?:\s*", first)
        splits = [colon.end()] if colon else []
    for at in splits:
        rest = first[at:]
        if _THRESHOLD_ACTION.match(rest) and not is_monitoring(rest):
            return rest.strip(), at
    return None


# a statement opening with an instruction other than a test ("Review children whose ...", "Refer if ..."): under a
# follow-up heading it is an action for the clinician, not a monitoring item
_OTHER_ACTION = re.compile(r"^\W*(?:\d+(?:\.\d+)*\.?\s+)?(?:review|refer|advise|tell|give|offer|consider|discuss|explain|"
                           r"ensure|treat|start|stop|continue|use|provide|admit|discharge|inform|educate|counsel|seek|"
                           r"return|add|switch|change|prescribe|"
                           # an escalation or a call for help ("Escalate to the outreach team if NEWS2 is 5 or more",
                           # "Call for senior help if ..."): what to do, not what to measure
                           r"escalate|involve|call|contact|notify|alert|transfer|page|bleep)\b", re.I)


# "Add FT4 to the TSH", "Consider a chest X-ray": under a monitoring heading, adding or considering what is no drug
# adds a test to the checks
_TEST_ADDED = re.compile(r"\W*(?:add|consider|offer|arrange|request|order|include)\b", re.I)
_USE_BEFORE = re.compile(r"\b(?:use|give|prescribe|start)\s+(?:the\s+)?$", re.I)
_WITH_LABEL = re.compile(r"\s+with\s+$", re.I)


# the cue words that say a drug cannot be used, and what may stand between that drug and them ("labetalol unsuitable",
# "doxycycline is contraindicated", "metformin not tolerated")
_UNUSABLE_CUE = re.compile(r"unsuitable|not suitable|contra-?indicated|not tolerated|intolerable", re.I)
_UNUSABLE_SUBJECT_GAP = re.compile(r"\s*(?:(?:is|are|was|were|being)\s+)?", re.I)
# a warning about how much is given ("never start at full dose", "do not exceed 4 g a day", "avoid high doses")
_DOSE_WARNING = re.compile(r"\bdos(?:e|es|ing|age)\b|\bexceed\b|\d\s*(?:mg|g|mcg|micrograms?)\b", re.I)
# the cues of an instruction not to give something (never 'does not need', which tells what is not required)
_TITLE_WARNING_CUE = re.compile(r"\s*(?:never|do not|don'?t|avoid|must not|should not|not to)\b", re.I)
# a line that is only the label of a warnings section ("Cautions and contraindications", "WARNINGS")
_WARNING_LABEL_ONLY = re.compile(r"\W*(?:(?:absolute|relative|special|important|key|main|cautions?|contra-?indications?|"
                                 r"warnings?|precautions?|and|&)\W*)+", re.I)
# a finite verb: an item under a warning heading that has one is a sentence of its own, not a verbless circumstance
_FINITE_VERB = re.compile(r"\b(?:is|are|was|were|has|have|had|can|may|might|should|must|will|would|could|does|do|"
                          r"did|increases?|causes?|reduces?|raises?)\b", re.I)
# what may follow a warning's verb when the warning names no object of its own: a circumstance, a pronoun, the end
# ("Avoid if ...", "Do not use in ...", "Avoid it during ...", "Contraindications: eGFR ..."); anything else
# after a verb of giving is the object the warning is about ("Do not use the rapid regimen", "at doses below")
# a bare ban and the verb after it ("Do not share", "Never combine", "Don't crush")
_BARE_BAN_VERB = re.compile(r"(?:do\s+not|don['\u2019]?t|never)\s+(?P<verb>[a-z]+)\b", re.I)
_GIVING_VERB_END = re.compile(r"\b(?:use|used|give|given|start|started|prescribe|prescribed|offer|offered|administer|"
                              r"initiate|add|combine|avoid|recommend|recommended)$", re.I)
_NO_OBJECT_AFTER = re.compile(
    r"\s*(?:$|[:;,.(\u2013\u2014-]|(?:it|them|this|these)\b|(?:if|in|with|for|during|when|where|unless|until|before|"
    r"after|while|whilst|below|above|under|over|on|beyond|within|throughout|except|as|together|alongside|routinely|"
    r"at\s+all)\b(?!\s+(?:a\s+|the\s+)?(?:\w+\s+)?doses?\b))", re.I)


def _warning_names_object(text: str, c: Clause) -> bool:
    """Whether a warning's verb of giving is followed by the thing it warns against ("Do not use the rapid regimen",
    "Do not prescribe high-dose ICS", "Do not start at doses below ..."), not by its circumstance or nothing ("Avoid
    if ...", "Do not use in ...", "Not to be used during ...")."""
    cue = text[c.cue_span[0] : c.cue_span[1]]
    if not _GIVING_VERB_END.search(cue):
        return False
    return _NO_OBJECT_AFTER.match(text, c.cue_span[1]) is None


# the subject of a warning that points back to the drug being discussed ("It should not be ...", "This medicine is
# contraindicated ...")
_PRONOUN_SUBJECT = re.compile(r"(?:it|they|this|these|(?:this|the|these)\s+(?:drug|medicine|medication|agent|"
                              r"treatment|preparation|product|antibiotic)s?)(?:\s+(?:is|are|should|must|may))?", re.I)
# a drug named only for a state of the patient ("penicillin allergy", "folate deficiency", "allergic to penicillin"),
# which the patient does not take: a warning naming nothing else is about another drug (the co-medication of "people
# taking X and Y" is taken, and a warning naming only it still cautions it)
# (and the nouns of data/cue_words.txt [drug_state_nouns]: "after penicillin anaphylaxis", "in opioid dependence")
_STATE_OF_PATIENT = re.compile(r"[\s-]*(?:\w+\s+)?(?:allerg\w*|hypersensitiv\w*|intoleran\w*|deficien\w*|sensitiv\w*|"
                               + "|".join(re.escape(w) for w in sorted(cue_words("drug_state_nouns"), key=len, reverse=True))
                               + r")\b", re.I)
# what may follow the drug a line ends with ('WITH clarithromycin +', 'AND amoxicillin:'): joining marks only
_LINE_END = re.compile(r"[\s+:&,\u2013\u2014-]*")
_STATE_BEFORE = re.compile(r"\b(?:allergic|hypersensitive|intolerant|sensitive)\s+to\s+(?:an?\s+|the\s+)?$", re.I)
# a line that states a condition only ("If widespread", "Only if MRSA", "If penicillin allergic:", "In pregnancy")
# the words that put a drug before or beside another one ('2 days before apomorphine', 'with each dose of', 'when
# starting') and the purpose that makes it a cover for that drug ('to prevent nausea', 'to reduce its side effects')
_GIVEN_BESIDE = re.compile(r"\b(?:before|with|alongside|during|while|when\s+starting|at\s+the\s+start\s+of|prior\s+to)\b",
                           re.I)
_TO_PREVENT = re.compile(r"[^.;]{0,40}?\bto\s+(?:prevent|reduce|avoid|counter\w*|protect\s+against|minimi[sz]e|"
                         r"limit|lessen)\b", re.I)
_GOVERNING_CONDITION = re.compile(r"\W*(?:only\s+)?(?:if|when|where|in|for|unless)\b(?!.*\b(?:give|use|offer|take|"
                                  r"start|prescribe|apply)\b)", re.I)
# a warning lead-in that stops at the preposition of its circumstance ("Do not use in:", "Avoid in people with:",
# "Contraindicated if:"): the items under it say in whom, never which drug
_CIRCUMSTANCE_LEAD_IN = re.compile(
    r"\b(?:in|with|for|if|when|during|while)(?:\s+(?:people|patients|those|anyone|children|adults|women)"
    r"(?:\s+(?:with|who|taking|on))?)?\s*[:\u2013\u2014-]?\s*$", re.I)
_CONTRAINDICATION_LABEL = CONTRAINDICATION_LABEL
_MILDER_LABEL = MILDER_LABEL


_SIGNATURE_STOP = frozenset(
    "a an the is are be been it its this that these those and or of to in on for with as by at use used using do "
    "does not should must never give given giving avoid avoided contraindicated contraindication caution cautions "
    "cautiously recommended advised people patients person patient".split()
)


def _warning_signature(clause_text: str, agent: Mention, after: int = 0) -> frozenset[str]:
    """The words that say when a warning applies ('children under 12 years'), without its drug, its cue words and
    the reason given after its cue (from `after`): two statements warning about one drug in these same words
    restate one warning."""
    reason = _REASON.search(clause_text, after)
    body = clause_text[: reason.start()] if reason else clause_text
    body = re.sub(r"\s+\d+(?:\s*,\s*\d+)*\s*$", "", body)  # trailing citation markers
    words = set(re.findall(r"[a-z0-9]+", body.casefold()))
    words -= set(re.findall(r"[a-z0-9]+", agent.name.casefold()))
    return frozenset(words - _SIGNATURE_STOP)


def _named_with_caution(text: str, c: Clause, agents: list[Mention]) -> Mention | None:
    """The drug a 'with caution' warning is about when it names it: 'use X with caution', or the label 'X with Y:'
    before 'use with caution' (X is used, Y is what it is used with)."""
    if not re.match(r"with (?:great )?caution|cautiously", c.cue, re.I):
        return None
    for m in agents:
        if not text[m.end : c.cue_span[0]].strip() and _USE_BEFORE.search(text, c.start, m.start):
            return m
    first = min(agents, key=lambda m: m.start, default=None)
    if first is not None and not re.sub(r"[\W_]+", "", text[c.start : first.start]):
        colon = text.find(":", first.end, c.cue_span[0])
        partner = [m for m in agents if m is not first and first.end < m.start and (colon < 0 or m.start < colon)]
        if colon > 0 and partner and _WITH_LABEL.match(text[first.end : partner[0].start]):
            return first
    return None


def _condition_end(text: str, c: Clause) -> int:
    """Where the condition of a conditional clause ends: the comma or colon after its cue ("If X is not tolerated,
    Y 80 mg is the alternative": Y is given, X is the condition), else the clause's end."""
    m = re.compile(r"[,:]").search(text, c.cue_span[1], c.end)
    return m.start() if m else c.end


def _in_any(cl: list[Clause], position: int) -> bool:
    return clause_at(cl, position) is not None


_AVAILABLE = re.compile(r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(
    cue_words("availability_words"), key=len, reverse=True)) + r")\b", re.I)
# an instruction that opens with a verb of giving ("Give ...", "Offer ...", "Prescribe ..."); "Use" and "Start" are
# left out, as "use a lower dose", "start low" under a warnings heading cut the dose for the patients it names
_GIVING_OPENS = re.compile(r"\W*(?:give|offer|prescribe|administer)\b", re.I)
# "X instead of Y", "X rather than Y", "X in preference to Y": Y is the drug replaced
_INSTEAD_OF = re.compile(r"\b(?:instead\s+of|rather\s+than|in\s+preference\s+to|in\s+place\s+of)\b", re.I)
# the words that name a drug as the comparator of the line's drug ("an alternative to belimumab", "instead of X",
# "unlike X", "switch from X"; data/cue_words.txt [comparator_words]), then up to three describing words ("an
# alternative to oral methotrexate"), right before the drug's name
_COMPARATOR_BEFORE = re.compile(r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(
    cue_words("comparator_words"), key=len, reverse=True)) + r")\s+" + _MODIFIERS + r"$", re.I)


def _comparator(text: str, m: Mention) -> bool:
    """True when m is named as the comparator of the line's drug ('An alternative to belimumab for the same patients:
    300 mg ...'): what the line's drug replaces or is measured against, so never the owner of its dose."""
    return _COMPARATOR_BEFORE.search(text[max(0, m.start - 80) : m.start]) is not None


def _drop_comparators(text: str, mentions: list[Mention]) -> list[Mention]:
    """mentions without those named only as a comparator ('An alternative to methotrexate, and the preferred choice
    ...' names no drug of its own for the doses under it)."""
    return [m for m in mentions if not _comparator(text, m)]
# a heading of a section that explains the condition rather than treats it ("Background", "Causes", "Aetiology",
# "Differential diagnosis"); the words are data/cue_words.txt [background_heading_words]
_BACKGROUND_HEADING = re.compile(r"^\W*(?:\d+(?:\.\d+)*\.?\s+)?(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(
    cue_words("background_heading_words"), key=len, reverse=True)) + r")\W*$", re.I)
_OPENERS = re.compile(r"\W*(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(
    cue_words("circumstance_openers"), key=len, reverse=True)) + r")\b", re.I)
_PATIENT_MEDICINE = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(
    cue_words("patient_medicine_words") | cue_words("cause_words"), key=len, reverse=True)) + r")\b", re.I)


_PATIENTS_DESCRIBED = re.compile(r"\b(?:in|for|to)\s+(?:(?:any|all|the)\s+)?(?:people|patients?|persons?|anyone|someone|those|"
                                 r"children|adults?|women|men|infants?)\s+(?:who|whose|that)\b", re.I)


def _opening_circumstance_end(text: str) -> int | None:
    """The position of the comma that ends a sentence's opening circumstance ("If the previous treatment was
    amoxicillin, ...", "Unlike aspirin, ..."; the openers are data/cue_words.txt [circumstance_openers]); None when
    the sentence opens otherwise or the circumstance has no comma outside brackets before the sentence ends."""
    if _OPENERS.match(text) is None:
        return None
    depth = 0
    for k, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        elif depth == 0 and ch in ".;:":
            return None
        elif depth == 0 and ch == ",":
            return k
    return None


def _patient_medicine(text: str, m: Mention, lex: Lexicon) -> bool:
    """Whether the drug m is named in a circumstance phrase as what the patients already take ("in patients taking
    lithium", "people already on warfarin", "anyone who recently started sertraline"): a word of data/cue_words.txt
    [patient_medicine_words] between the phrase's start and the drug, and no wording of giving between them."""
    starts = [a for a, b in circumstance_spans(text) if a <= m.start < b]
    # "in anyone who recently started sertraline", "for patients who have been taking lithium": the patients
    # described by a relative clause, within the drug's own clause
    clause_start = max((k + 1 for k, ch in enumerate(text[: m.start]) if ch in ",;.()[]:"), default=0)
    starts += [p.start() for p in _PATIENTS_DESCRIBED.finditer(text, clause_start, m.start)]
    for a in starts:
        between = text[a : m.start]
        if _PATIENT_MEDICINE.search(between) and lex.strength(between) is None and lex.stage(between) is None:
            return True
    return False


# a clause saying one drug's per-kg doses are counted on ideal body weight ('Gentamicin is dosed on ideal body weight',
# 'Vancomycin doses are calculated using ideal body weight'); anything before the drug (a condition) rules it out
_IBW_DRUG = re.compile(r"^(?P<drug>[A-Za-z][\w\- ]*?)\s+(?:doses?\s+)?(?:is|are|should\s+be|must\s+be)?\s*"
                       r"(?:dosed|calculated|based|given|prescribed)\s+(?:on|by|using|according\s+to)\s+"
                       r"(?:the\s+(?:patient'?s\s+)?)?ideal\s+body\s+weight(?:\s*\(IBW\))?\.?$", re.IGNORECASE)
# ... and a statement saying so of its section's doses, naming no drug ('Synergistic dosing on ideal body weight.',
# 'Dose on ideal body weight', 'Doses are calculated using ideal body weight')
_IBW_SECTION = re.compile(r"^(?:[A-Za-z]+\s+)?(?:dos(?:e|es|ing)|calculate\s+(?:the\s+)?doses?|doses\s+are\s+"
                          r"(?:calculated|based))\s+(?:on|by|using|according\s+to)\s+(?:the\s+(?:patient'?s\s+)?)?"
                          r"ideal\s+body\s+weight(?:\s*\(IBW\))?\.?$", re.IGNORECASE)
# a heading that states it ('Gentamicin in renal impairment (synergistic dosing, ideal body weight)')
_IBW_HEADING = re.compile(r"\bideal\s+body\s+weight\b", re.IGNORECASE)


def _not_modifiers(text: str, named: list[Mention]) -> list[Mention]:
    """The drugs `text` names as drugs: a name used only as a modifier ('MTX-refractory') left out, the first
    component of a hyphenated combination ('piperacillin-tazobactam') kept, since the word after its hyphen is a drug
    the same list names (without the list, the first component would be read as a modifier and the second drug alone
    would take the product's amount)."""
    return [m for m in named if not _in_compound(text, m, named)]


def _in_compound(text: str, m: Mention, mentions: list[Mention] | tuple[Mention, ...] = ()) -> bool:
    """'MTX-refractory', 'MTX-intolerant': a name used as a modifier, not as the subject. 'Codeine-containing'
    and 'codeine-based' products are the drug itself, so they stay its mentions, and so is the first drug of a
    combination printed with a hyphen ('artemether-lumefantrine'): the word after the hyphen is another drug."""
    if not (m.end < len(text) and text[m.end] == "-" and text[m.end + 1 : m.end + 2].isalpha()):
        return False
    if any(o.start == m.end + 1 and o.kind == "therapy" for o in mentions):
        return False
    return not re.match(r"-(?:containing|based|including)\b", text[m.end :], re.I)


# a concentration printed beside a name ('0.9%', '5%', '10% w/v')
_CONC = r"\d+(?:\.\d+)?\s*%"
# what joins the components of one solution: 'X 0.9% with Y 5%', 'X 0.9% and Y 5%', '0.9% X + 5% Y', 'X 0.9%/Y 5%'
_COMPONENT_JOIN = re.compile(r"\s*(?:" + _CONC + r")?\s*(?:with|and|plus|\+|/)\s*(?:" + _CONC + r")?\s*\Z", re.I)


def _solution_component(text: str, m: Mention, mentions: list[Mention]) -> bool:
    """Whether m is the second component of a solution printed as 'X c% with Y c%' (or 'c% X and c% Y'): both names
    carry a concentration and nothing but the joining word stands between them, so they are one fluid, not two
    drugs given side by side."""
    before = [o for o in mentions if o.end <= m.start]
    if not before:
        return False
    prev = before[-1]
    gap = text[prev.end : m.start]
    if not _COMPONENT_JOIN.fullmatch(gap):
        return False
    prev_conc = re.match(r"\s*" + _CONC, gap) or re.search(_CONC + r"\s*\Z", text[: prev.start])
    own_conc = re.match(r"\s*" + _CONC, text[m.end :]) or re.search(_CONC + r"\s*\Z", gap)
    return bool(prev_conc and own_conc)


# the word that opens a clause about someone or something else than the drug a caption leads with ('Dexamethasone PO,
# for adults who cannot take acetazolamide', 'Clarithromycin if allergic to penicillin', 'instead of amoxicillin')
_SUBORDINATE = re.compile(r"\b(?:who|whom|whose|which|if|unless|when|where|after|before|instead|rather|than|despite|"
                          r"cannot|can't|unable|intolerant|allergic|allergy)\b", re.IGNORECASE)


# a condition clause: 'if X is not available', 'when X cannot be given', 'unless X is tolerated', 'where X has
# failed', running to the clause's end (a colon, semicolon, comma or spaced dash)
_CONDITION_OPEN = re.compile(r"\b(?:if|when|where|unless|in case|in those|in patients|in people|for those|for patients|"
                             r"for people)\b", re.I)
_CONDITION_END = re.compile(r"[:;,]|\s[-\u2013\u2014]\s|\b(?:use|give|then|try|consider|offer)\b", re.I)


def _condition_spans(text: str) -> list[tuple[int, int]]:
    """The condition clauses of a carrier, each from its opening word to the clause's end."""
    out = []
    for m in _CONDITION_OPEN.finditer(text):
        end = _CONDITION_END.search(text, m.end())
        out.append((m.start(), end.start() if end else len(text)))
    return out


# a condition saying a drug cannot be the one given ('if X is not available', 'when X cannot be given', 'X not
# tolerated', 'if allergic to X', 'if X has failed')
_UNAVAILABLE = re.compile(r"\bnot\s+(?:\w+\s+)?(?:available|possible|tolerated|suitable|appropriate)\b|\bunavailable\b|"
                          r"\bcannot\b|\bcan't\b|\bunable\b|\bintoleran\w*|\bcontraindicated\b|\ballerg\w*|"
                          r"\bfail\w*|\bno\s+(?:access|supply|stock)\b|\bout of stock\b", re.I)


def _all_unavailable(text: str, named: list[Mention]) -> bool:
    """Whether every drug the carrier names is inside a condition clause saying it cannot be the one given."""
    spans = [(a, b) for a, b in _condition_spans(text) if _UNAVAILABLE.search(text, a, b)]
    return bool(spans) and all(any(a <= m.start < b for a, b in spans) for m in named)


def _outside_conditions(text: str, named: list[Mention]) -> list[Mention]:
    """The drugs a carrier names outside its condition clauses ('If buccal midazolam is not available, give rectal
    diazepam:' -> diazepam); all it names when every one is inside a condition (a list under 'If on warfarin:' is
    still about warfarin when nothing else is named)."""
    spans = _condition_spans(text)
    outside = [m for m in named if not any(a <= m.start < b for a, b in spans)]
    return outside if outside else named


def _subject_drugs(text: str, named: list[Mention]) -> list[Mention]:
    """The drugs a carrier (lead-in, caption) is about: when it leads with one drug and names every other only in a
    clause opened after it by a subordinating word ('Alternative - dexamethasone PO, for adults who cannot take
    acetazolamide'), the leading drug alone; otherwise all it names."""
    if len({m.iri for m in named}) < 2 or not _leads(text, named[0]):
        return named
    first = named[0]
    others = [m for m in named if m.iri != first.iri]
    if all(_SUBORDINATE.search(text, first.end, m.start) for m in others):
        return [m for m in named if m.iri == first.iri]
    return named


def _leads(text: str, m: Mention) -> bool:
    return len(re.findall(r"\w+", text[: m.start])) <= 3


# a course printed straight after the drug, with at most its route or form between ("cefalexin for 5 days",
# "doxycycline orally for 7 days", "nitrofurantoin (oral) for 3 days")
_COURSE_AFTER_DRUG = re.compile(
    r"[\s,()]*(?:(?:orally|oral|by\s+mouth|po|iv|im|intravenously|intramuscularly|topically|tablets?|capsules?|"
    r"cream|ointment|alone)[\s,()]*){0,2}for\s+(?:at\s+least\s+|up\s+to\s+)?(?:\d+|one|two|three|four|five|six|"
    r"seven|eight|nine|ten|twelve|fourteen)(?:\s*(?:-|–|to)\s*\d+)?[\s-]*(?:days?|weeks?|months?)\b", re.I)
# a leading label of the patients or the disease, to a colon ("Mild infection: cefalexin for 5 days")
_LEADING_LABEL = re.compile(r"^\W*[^:.;,\d]{1,60}:\s*")
# the end of a sentence inside a statement (a full stop or semicolon before a capital, never a decimal point)
_SENTENCE_END = re.compile(r"[.;]\s+(?=[A-Z])")
# a leading phrase naming the patients or the disease, to a comma ("For mild infection, ...", "In adults, ...")
_LEADING_PHRASE = re.compile(r"^\W*(?:for|in)\s+[^,.;:()]{1,50},\s*", re.I)


def _after_condition(text: str) -> int:
    """Where a sentence's main clause starts: after its opening circumstance ("If mild infection, ...", "In adults,
    ...") or its leading label ("Mild infection: ..."); 0 when it opens on its main clause."""
    end = _opening_circumstance_end(text)
    if end is not None:
        return end + 1
    label = _LEADING_LABEL.match(text) or _LEADING_PHRASE.match(text)
    return label.end() if label else 0


def _given_for_a_course(text: str, m: Mention) -> bool:
    """Whether the sentence's main clause is the drug m given for a course and nothing else ("If mild infection,
    cefalexin for 5 days."): a reader takes it as the instruction to give m, though no amount is printed."""
    if text[_after_condition(text) : m.start].strip(" \t-*•") or _COURSE_AFTER_DRUG.match(text, m.end) is None:
        return False
    return True


# Routes by which a drug is given as a single administration, never run at a rate ("10-40 micrograms/kg/hour" is an
# infusion, a pump or a patch): an oral or intramuscular route of a section is not carried onto a rate.
_NO_RATE_ROUTES = frozenset({"oral", "rectal", "sublingual", "buccal", "intramuscular", "topical", "intranasal",
                             "nasal"})


def _one_route(carriers: list[list[str]]) -> list[str]:
    """The route of the nearest carrier that names any ([route]); [] when none names one or the nearest names two
    different routes (which of them a dose takes is not said)."""
    for routes in carriers:
        if routes:
            return routes[:1] if len(set(routes)) == 1 else []
    return []


def _label_text(st: StatementDraft) -> str:
    """A short line's words as a label: its citation markers, emphasis marks and closing colon set aside."""
    return split_markers(st.item.text)[0].strip(" *_:\t")


def _carrier_routes(text: str) -> list[str]:
    """The routes a carrier (heading, lead-in, caption, header cell) states for what is under it. Of two routes,
    one outside brackets and one in an aside ('IM (alternative when a 10-day oral course is unlikely to be
    completed)'), the aside's is a circumstance; a route only in brackets ('Doxycycline (oral)') is the carrier's."""
    # a carrier naming no route word may name a form that settles one ('Eye drops', 'Vaginal pessaries:')
    routes = routes_in(text) or form_routes_in(text)
    if len(set(routes)) > 1:
        outside = routes_in(_ASIDE.sub(lambda m: " " * len(m.group(0)), text))
        if len(set(outside)) == 1:
            return outside
    # 'IV or oral step-down', 'IV then oral switch': the route switched to is named too, so the carrier names two
    # routes and gives neither (a dose under it may be either); 'Oral step-down' alone names the oral route
    return routes + [r for r in switch_routes(text) if r not in routes]


_ASIDE = re.compile(r"\([^()]*\)")
# the words a line stating only a route prints around it ('By mouth', 'By slow intravenous injection', 'IV dose')
_ROUTE_LINE_WORDS = frozenset({"by", "via", "given", "route", "routes", "the", "slow", "rapid", "deep", "continuous",
                               "intermittent", "injection", "injections", "infusion", "infusions", "bolus", "mouth",
                               "only", "or", "administration", "dose", "doses", "as", "a", "an", "short", "single",
                               "once"})
# a sentence stating how every dose of a section or page is given ('All doses in this section are intravenous unless
# marked otherwise.', 'Doses on this page are oral unless stated otherwise.', 'All doses below are given by mouth.')
_ROUTE_SCOPE = re.compile(
    r"^(?:all\s+(?:the\s+)?|the\s+)?(?:doses?|dosages?|drugs|medicines|treatments|antibiotics|regimens)\s+"
    r"(?:(?:in|on|of|listed\s+in|given\s+in|shown\s+in)\s+this\s+(?P<scope>section|page|table|part|guideline|guidance|"
    r"chapter|document|leaflet)\s+|below\s+)?(?:are|is)\s+(?:to\s+be\s+)?(?:given\s+)?(?P<route>(?:by\s+)?[a-z][a-z -]{1,30}?)"
    r"\s*(?:,?\s*(?:unless|except)\b[^.]*)?\.?$", re.IGNORECASE)
# a field line naming how the doses of its block are given ('Route: IV', 'Route of administration - oral')
_ROUTE_FIELD = re.compile(r"^\W*(?:route(?:\s+of\s+administration)?|administration|how\s+given|given)\s*[:\-\u2013]\s*"
                          r"(?P<value>[^.;]{1,40})\.?\s*$", re.IGNORECASE)


def route_misfit(text: str, dose: Dose, route: str) -> str | None:
    """Why a route carried from a heading, caption, column or lead-in contradicts the dose line's own words (None when
    it fits): a rate ('per hour') cannot be given by mouth or by one injection, and a line that names another route
    ('Then switch to oral: 500 mg twice daily' under 'IV therapy') is not the section's route."""
    if dose.per in ("hour", "minute") and route in _NO_RATE_ROUTES:
        return f"it is a rate (per {dose.per}), which is not given {route}"
    other = [r for r in routes_in(text) if r != route]
    if other:
        return f"the line names its own route ({', '.join(other)})"
    # 'Clotrimazole 500 mg pessary at night' under 'Oral antifungals': a form on the line that is given another way
    # ('pessary', 'eye drops', 'into the vagina') says the carried route is not this dose's
    forms = [r for r in form_routes_in(text) if r != route]
    if forms:
        return f"the line names a form given another way ({', '.join(forms)})"
    return None


def _schedule_beyond_maximum(dose: Dose) -> bool:
    """Whether an amount-less dose says more than its maximum (a frequency, interval, count or course)."""
    return any(x is not None for x in (dose.times_per_day, dose.times_range, dose.times_per_week, dose.interval,
                                       dose.doses, dose.duration, dose.concentration, dose.descriptor))


def _bare_amount(dose: Dose) -> bool:
    """An amount stated with nothing that times it: no period, frequency, interval, course, count or schedule of
    days, and not an upper or lower bound only ('up to 4 g' may be a day's ceiling) or a product's strength. An amount
    per kg or per m2 with no route either ('Azathioprine at 2 mg/kg ideal body weight', 'Mycophenolate 500-1000
    mg/m2') is a maintenance amount printed without its period as often as one administration: it stays not
    stated (flagged), as the curated reading of the seed articles has it."""
    return (not dose.amount_not_stated and (dose.basis in (None, "flat") or dose.route is not None) and dose.per is None and not dose.ceiling and not dose.at_least
            and dose.times_per_day is None and dose.times_range is None and dose.times_per_week is None
            and dose.interval is None and dose.duration is None and dose.doses is None and dose.timing is None
            and not (dose.strength or dose.level or dose.rate or dose.titration or dose.threshold))


def _with_route(dose: Dose, route: str) -> Dose:
    from dataclasses import replace

    return replace(dose, route=route)


# "8 mg/kg/day with sulfamethoxazole 40 mg/kg/day orally twice daily", "90 mg/kg/day of amoxicillin and 6.4 mg/kg/day
# of clavulanate PO BID": two amounts joined by 'with'/'and' where only a drug name stands between them are the
# components of one administration, so what follows the last (period, frequency, course, route) is said of both.
# Words that make 'with ...' a circumstance rather than a second drug are excluded.
_WITH_COMPONENT = re.compile(
    r"(?:of\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?\s+(?:and|with|plus|\+)"
    r"|(?:together\s+|combined\s+)?with\s+(?!(?:food|meals?|milk|water|a|an|the|or|and|then|each|every)\b)"
    r"[a-z][\w-]*(?:\s+(?!(?:and|or|then|for|daily|once|twice)\b)[a-z][\w-]*)?)"
)
# where an amount starts: a number followed by a unit word
_AMOUNT_START = re.compile(r"\b\d+(?:\.\d+)?\s*(?:-\s*\d+(?:\.\d+)?\s*)?(?:mg|g|mcg|micrograms?|units?|mL|mmol|IU|ng)\b", re.I)
# the only text between an amount and the drug it is of: "90 mg/kg/day of amoxicillin"
_AMOUNT_OF = re.compile(r"\s+of\s+")
# what stands between a combination's name and its second part's amount: the first part's amount and a slash
_SECOND_PART = re.compile(r"\s*\d+(?:\.\d+)?\s*(?:(?:mg|g|mcg|microgram|micrograms)\s*)?/\s*", re.I)
# the unit the dose grammar gives one amount per component of a combination ('500/125 mg')
_PARTS_UNIT = re.compile(r"(?P<u>\w+) of each part of a combination \((?P<a>\d+(?:\.\d+)?)/(?P<b>\d+(?:\.\d+)?) \w+\)")


# what joins the parts of one combination product: a tight hyphen ('amoxicillin-clavulanate') or a slash, spaced or
# not. A dash with a space on either side separates a lead from its text ('**Insulin-glucose** - soluble insulin 10
# units plus glucose 25 g'): read as a hyphen, it made 'glucose - soluble insulin' one product and drafted the
# insulin's 10 units for glucose.
_PRODUCT_JOIN = re.compile(r"-|\s*/\s*")


# the words that put a drug in a condition or co-medication clause ('taken with aspirin', 'if on warfarin', 'in
# people taking ritonavir', 'after metformin', 'followed by furosemide'): the drug named there is given beside, before
# or instead of the dose's drug, and governs only an amount that follows its name inside its own clause
_COMEDICATION_CUE = re.compile(
    r"(?:\b(?P<with>(?:(?:taken|given|used|combined|together)\s+)?(?:with|alongside|plus))"
    r"|\bif\s+(?:already\s+|also\s+)?(?:on|taking|receiving|using|given)"
    r"|\b(?:people|patients|those|adults|children|women|men|anyone)\s+(?:who\s+(?:are|is)\s+)?(?:already\s+|also\s+)?"
    r"(?:taking|on|receiving|using|given)"
    r"|\b(?:after|following|followed\s+by|then|before|preceded\s+by))\s+(?:an?\s+|the\s+)?$",
    re.I,
)
# a clause break between a drug's name and an amount: the amount is not said of that name ('Taken with aspirin: 25 mg')
_CLAUSE_BREAK = re.compile(r"[:;,(]|\s[-\u2013\u2014]\s")


def _comedication(text: str, m: Mention) -> bool:
    """True when m is named in a condition or co-medication clause (a cue word right before its name). A bare
    'with' is one only after an amount in its clause ('albumin 1 g/kg IV with furosemide') or opening the clause
    ('With aspirin: 25 mg'): 'Treat the encephalopathy with thiamine' names the treatment."""
    cue = _COMEDICATION_CUE.search(text, max(0, m.start - 60), m.start)
    if cue is None:
        return False
    if cue.group("with") and not re.match(r"(?:taken|given|used|combined|together)\b", cue.group("with"), re.I):
        clause = re.split(r"[.;:!?]\s", text[: cue.start()])[-1]
        return _AMOUNT_START.search(clause) is not None or not re.sub(r"[\W_]", "", clause)
    return True


def _governs(text: str, m: Mention, start: int) -> bool:
    """True when the amount at `start` follows m's name inside m's own clause (no clause break between)."""
    return m.end <= start and _CLAUSE_BREAK.search(text[m.end : start]) is None


def _co_medications(text: str, mentions: list[Mention], amounts: list[int]) -> list[Mention]:
    """The mentions named only as a condition or co-medication: a cue word before the name and no amount after it
    inside its own clause ('Taken with aspirin: 25 mg on alternate days' under an apixaban heading)."""
    return [m for m in mentions if _comedication(text, m) and not any(_governs(text, m, a) for a in amounts)]


# a bracket opened right after a drug's name, its own words up to the closing bracket ('Ibuprofen (NSAID, first line
# with paracetamol) 400 mg'): a note about the drug before it
_NOTE_BRACKET = re.compile(r"\s*(?:\((?P<round>[^()]*)\)|\[(?P<square>[^\[\]]*)\])")
# a note that offers the drug it names in place of the one before it ('Paracetamol (or ibuprofen) 500 mg'): the named
# drug is still recommended there, though the amount after the bracket is not its
_NOTE_OFFERS = re.compile(r"\s*(?:or|and/or)\b", re.I)
# a bracket that lists what the name before it stands for ('NSAIDs (e.g. naproxen) 500 mg', 'a statin (i.e.
# atorvastatin) 20 mg'): its drugs are what is given, not a note about another drug
_NOTE_EXAMPLES = re.compile(r"\s*(?:e\.?g\b|i\.?e\b|eg\b|such as|for example|for instance|including|like|namely)", re.I)


def _bracket_note(text: str, m: Mention, mentions: list[Mention]) -> tuple[Mention, int, int] | None:
    """(the drug the note is about, where the note's words start, where the note ends) when m is named inside a bracketed note printed right after
    another drug's name, the note holds no amount, and an amount follows the note: 'Ibuprofen (NSAID, first line with
    paracetamol) 400 mg orally' is ibuprofen's row; paracetamol is context of the note, never the owner of the 400 mg.
    """
    for lead in mentions:
        if lead.end > m.start or lead.kind != "therapy" or lead.iri == m.iri:
            continue
        note = _NOTE_BRACKET.match(text, lead.end)
        group = "round" if note is not None and note.group("round") is not None else "square"
        if note is None or not note.start(group) <= m.start < m.end <= note.end(group):
            continue
        inner = note.group(group)
        if _AMOUNT_START.search(inner) or not _AMOUNT_START.search(text, note.end()) or _NOTE_EXAMPLES.match(inner):
            return None
        if any(o.end <= lead.start and _NOTE_BRACKET.match(text, o.end) and o.end < lead.start < _NOTE_BRACKET.match(
                text, o.end).end() for o in mentions):
            return None  # the lead is itself inside an earlier note
        return lead, note.start(group), note.end()
    return None


def _whole_product(dose: Dose, therapies: list[Mention], therapy: str | None, text: str) -> str | None:
    """The product as printed ('piperacillin-tazobactam') when the dose's one amount follows a combination's name
    directly and is the first-named component's by _owner, with no amount of the second part after it ('24 mg/26 mg'
    gives each part its own); else None."""
    for a, b in zip(therapies, therapies[1:], strict=False):
        if (a.iri == therapy and a.iri != b.iri and _PRODUCT_JOIN.fullmatch(text[a.end : b.start])
                and b.end <= dose.span[0] and not text[b.end : dose.span[0]].strip()
                and not re.match(r"\s*/", text[dose.span[1] :])):
            return text[a.start : b.end]
    return None


# a product's name printed with its trademark sign ("De-noltab®", "Zovirax ™")
_TRADEMARKED = re.compile(r"(?P<name>[^\s();,:]+)\s*[®™]")


def _product_between(text: str, therapies: list[Mention], therapy: str, dose: Dose) -> str | None:
    """The trademarked name printed between the owner's last mention before the dose and the amount, when that name
    is no mention of a drug itself (a brand the lexicon does not know), or None."""
    before = [m for m in therapies if m.iri == therapy and m.end <= dose.span[0]]
    if not before:
        return None
    start = before[-1].end
    for m in _TRADEMARKED.finditer(text, start, dose.span[0]):
        if any(t.start <= m.start("name") < t.end for t in therapies):
            continue
        if re.fullmatch(r"\s*[(\[]\s*", text[start : m.start("name")]):
            continue  # "amoxicillin (Amoxil®) 500 mg": the brand in brackets straight after the drug is its own
        return m.group(0)
    return None


def _sentence_named_none(dose: Dose, therapies: list[Mention], text: str) -> int | None:
    """Where the dose's sentence ends when it names none of `therapies` and every one of them is named only after that
    end ('500 mg IV every 12 hours. Piperacillin-tazobactam needs no change ...'); else None. A dose is never the
    drug's that a later sentence names."""
    end = next((p for p in sentence_starts(text) if p > dose.span[0]), None)
    if end is None or not therapies or any(m.start < end for m in therapies):
        return None
    return end


def _owner(dose: Dose, therapies: list[Mention], own: bool, text: str = "", comparators: bool = False) -> str | None:
    """The therapy a dose belongs to: the one named right after it with 'of' ('90 mg/kg/day of amoxicillin'),
    else the last one named before it (a drug named in a condition or co-medication clause only when the amount
    follows it inside that clause), else the first named at all (never one named in a co-medication clause after the
    amount: 'albumin 1 g/kg with furosemide 1 mg/kg' gives none of albumin's amount to furosemide)."""
    if not therapies:
        return None
    if own and text:
        # a drug named as the comparator ('Y 300 mg IV, an alternative to X', 'instead of X, 10 mg of Y') is what the
        # line's drug replaces or is measured against: never the dose's owner, whatever it stands next to
        therapies = therapies if comparators else _drop_comparators(text, therapies)
        if not therapies:
            return None
        after = [m for m in therapies if m.start >= dose.span[1] and _AMOUNT_OF.fullmatch(text[dose.span[1] : m.start])]
        if after:
            return after[0].iri
    if own:
        before = [m for m in therapies if m.end <= dose.span[0]]
        if text:
            before = [m for m in before if not _comedication(text, m) or _governs(text, m, dose.span[0])]
            # a drug named in a bracketed note after another drug's name never takes the amount after the note
            before = [m for m in before if (note := _bracket_note(text, m, therapies)) is None
                      or note[2] > dose.span[0]] or before
            # a drug named for the patient's state ('Doxycycline: (severe penicillin allergy): 200 mg', 'X, if
            # allergic to penicillin, 500 mg') is what the patient must not take: the amount is the other drug's
            before = [m for m in before if not (_STATE_OF_PATIENT.match(text, m.end)
                                                or _STATE_BEFORE.search(text[: m.start]))] or before
            if not before and _comedication(text, therapies[0]):
                return None
        if len(before) >= 2 and text and _PRODUCT_JOIN.fullmatch(text[before[-2].end : before[-1].start]):
            # "amoxicillin-clavulanate 875 mg/125 mg": the first amount is the first part's, the one after the
            # slash the second part's
            gap = text[before[-1].end : dose.span[0]]
            if re.fullmatch(r"\s*", gap):
                return before[-2].iri
            if _SECOND_PART.fullmatch(gap):
                return before[-1].iri
        if before:
            return before[-1].iri
    return therapies[0].iri


# how far back a dose line looks for the lead-in over its block of options (lead_in_over_option_block)
_OPTION_BLOCK_LINES = 12
# a section title that names only the dose field of a drug's entry ('Indications and dose', 'Dose', 'Dosage and
# administration')
_DOSE_FIELD_HEADING = re.compile(r"(?:indications?\s+and\s+)?(?:doses?|dosage|dosing)(?:\s+and\s+administration)?",
                                 re.IGNORECASE)


def _states_a_dose(text: str) -> bool:
    """Whether a statement's text gives an amount to give (its doses are read once per text, see parse_statement)."""
    try:
        return any(not d.amount_not_stated for d in parse_statement(text))
    except ImporterError:
        return False


def _set_aside_owner(dose: Dose, named: list[Mention], kept: list[Mention], own: bool, text: str) -> Mention | None:
    """The drug an amount is printed for when the statement has set that drug aside: the drug the owner rule picks
    among every drug the statement names (`named`, comparators too) is not among those it still gives (`kept`) or is
    named there as a comparator ('switch from X 500 mg to Y'), and its name stands right before the amount in one
    clause ('Primaquine 30 mg (as base) orally ...'). None otherwise, or when the
    statement names its drugs elsewhere (a heading, a lead-in) or the dose states no amount."""
    if not own or not text or dose.amount_not_stated or not named:
        return None
    iri = _owner(dose, named, own, text, comparators=True)
    if iri is None:
        return None
    printed = next((m for m in reversed(named) if m.iri == iri and _governs(text, m, dose.span[0])), None)
    if printed is None or (iri in {m.iri for m in kept} and not _comparator(text, printed)):
        return None
    if "(" in text[: printed.start].rsplit(")", 1)[-1] and ")" in text[printed.end : dose.span[0]]:
        return None  # 'Diltiazem | Alternative (beta-blocker contraindicated) | 60 mg': named in a bracket closed before
        # the amount, so the amount is not printed for it
    return printed


def parse_statement_schedule(text: str, line: int):
    """A duration stated without a dose ('continue for at least 12 months'), or None."""
    from .dose_grammar import _Parser

    try:
        parser = _Parser(text, max(1, line))
        bare = parser.modifiers(0, len(parser.toks), Dose(line=max(1, line), amount_not_stated=True))
    except ImporterError:
        # a number pair the dose grammar refuses ("reviewed until 2026-11-30" read as a backwards range) is no
        # duration; the statement's doses, parsed apart, already report what they cannot read
        return None
    return bare.duration


def _fuller_name(therapies: list) -> str | None:
    """The IRI of the one candidate whose name holds every other candidate's name as whole words ('Lithium carbonate'
    over 'lithium', 'insulin glargine' over 'insulin'): the same drug named once in full. None when two names differ
    ('lithium' and 'valproate') or two full names tie."""
    words = {m.iri: re.findall(r"[a-z0-9]+", m.name.casefold()) for m in therapies}
    longest = max(words.values(), key=len)
    full = {iri for iri, w in words.items() if w == longest}
    if len(full) != 1:
        return None

    def inside(short: list[str]) -> bool:
        return any(longest[k : k + len(short)] == short for k in range(len(longest) - len(short) + 1))

    return next(iter(full)) if all(inside(w) for w in words.values()) else None


def build_draft(article: Article, lexicon: Lexicon, source_file: str, keep_text: bool = False) -> Draft:
    """The curated-format draft of one article (pure: no files are read or written, and `lexicon` is not changed:
    the draft works on its own fork, so drafting several files in one run gives each the draft it gets alone)."""
    own = lexicon.fork()
    draft = _Builder(article, own, source_file, keep_text).build()
    draft.lexicon = own
    return draft


__all__ = ["BASE", "DRAFT_HEADER", "Draft", "Note", "build_draft", "slugify"]
