"""A grammar for the dose phrases of guideline articles: a tokenizer and a recursive-descent parser.

    statement  := { dose | other }*
    dose       := [ceiling] quantity ["-"] mass [basis] [period] modifiers*
    quantity   := NUMBER [ ("-" | "to") NUMBER ]
    mass       := mg | g | mcg (and their spelt-out forms)
    basis      := ("/" | "per") (kg | m2 | m²) [ ["of"] ["ideal"] "body weight" | "IBW" ]
    period     := ("/" | "per" | "a" | "each") (day | week | dose | course) | "daily" | "weekly"
    modifiers  := route | frequency | interval | doses | duration | maximum | concentration | descriptor
    maximum    := ("maximum" | "max") ["absolute"] ["dose"] [":" | "of"] quantity mass [basis] [period]
    duration   := ("for" ["at least"] | "over") quantity ["consecutive"] time-unit
    interval   := "every" [quantity] time-unit | quantity time-unit "apart"
    frequency  := ("once" | "twice" | "thrice" | N "times") ("daily" | "a day" | "per day") | "single daily dose"

Modifiers are attached to the nearest dose before them (the words just before a dose, such as a
route or "two ... doses", belong to that dose). The output fields mirror the vocabulary's
DoseSchedule terms (amountMin, amountMax, amountUnit, basis, per, route, timesPerDay, interval,
doses, duration, maximum, concentrationPercent). Only ImporterError ever leaves this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from . import ImporterError
from .cue_words import cue_words
from .function_bands import function_bands, function_measure_of
from .route_forms import route_forms_by_first_word, route_words

_TOKEN = re.compile(
    # "600 000 units": thousands grouped by a space (SI style, as units of penicillin or heparin are printed) are one
    # number only before a unit counted in thousands, so "2 100 mg tablets" stays two numbers
    r"(?P<num>\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?=\s*(?i:units?|iu|international units)\b)"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d*\.\d+|\d+)"
    r"|(?P<word>[A-Za-zµμ][A-Za-z0-9²µμ]*)"
    r"|(?P<space>\s+)"
    r"|(?P<sym>.)",
    re.DOTALL,
)

MASS_UNITS = {
    "mg": "mg",
    "milligram": "mg",
    "milligrams": "mg",
    "g": "g",
    "gm": "g",
    "gram": "g",
    "grams": "g",
    "mcg": "mcg",
    "µg": "mcg",
    "μg": "mcg",
    "ug": "mcg",
    "microgram": "mcg",
    "micrograms": "mcg",
    # British spellings of older pages
    "milligramme": "mg",
    "milligrammes": "mg",
    "gramme": "g",
    "grammes": "g",
    "microgramme": "mcg",
    "microgrammes": "mcg",
    "ng": "ng",
    "nanogram": "ng",
    "nanograms": "ng",
    "nanogramme": "ng",
    "nanogrammes": "ng",
}
# "2.4 MU" (mega units: million units, as benzylpenicillin and colistimethate are printed), "3 MIU" (million
# international units): the number is in millions of the unit
_MILLION_UNITS = {"mu": "units", "megaunit": "units", "megaunits": "units", "miu": "IU"}
# Amounts that are not a mass: units of activity, an amount of substance, a volume. The draft holds those the
# vocabulary has a kgv:Unit for (units, IU, mmol, mL; kg.importer.draft.UNITS) and reports the rest (micromol).
# "units" the article does not call international stay "units" (UCUM [arb'U]); "IU" / "international units" are IU.
OTHER_UNITS = {
    "unit": "units",
    "units": "units",
    # "50,000 U/kg i.m.": the abbreviation safety lists warn against, still printed in older tables; after a number it
    # is units of activity (read as units, the dose's text kept as printed)
    "u": "units",
    "iu": "IU",
    "mmol": "mmol",
    "micromol": "micromol",
    "µmol": "micromol",
    "μmol": "micromol",
    "umol": "micromol",
    "ml": "mL",
    "millilitre": "mL",
    "millilitres": "mL",
    "milliliter": "mL",
    "milliliters": "mL",
    # a volume in litres ("Hartmann's solution 1 litre", "500 mL to 1 L"); "mmol/L" and "mg/L" stay concentrations
    "l": "L",
    "litre": "L",
    "litres": "L",
    "liter": "L",
    "liters": "L",
}
# Counts of a product ("2 puffs", "1-2 tablets"): an amount only where no mass is stated beside them.
PRODUCT_COUNTS = {
    "puff": "puffs", "puffs": "puffs", "tablet": "tablets", "tablets": "tablets", "capsule": "capsules",
    "capsules": "capsules", "drop": "drops", "drops": "drops", "spray": "sprays", "sprays": "sprays",
    "actuation": "actuations", "actuations": "actuations", "sachet": "sachets", "sachets": "sachets",
    "patch": "patches", "patches": "patches", "tab": "tablets", "tabs": "tablets", "lozenge": "lozenges",
    "lozenges": "lozenges", "suppository": "suppositories", "suppositories": "suppositories", "pessary": "pessaries",
    "pessaries": "pessaries",
}
_BASIS_UNITS = {"kg": "body_weight", "m2": "body_surface_area", "m²": "body_surface_area"}
_PERIODS = {"day": "day", "d": "day", "week": "week", "wk": "week", "dose": "dose", "course": "course"}
_TIME_UNITS = {
    "day": "day",
    "days": "day",
    "week": "week",
    "weeks": "week",
    "wk": "week",
    "wks": "week",
    "month": "month",
    "months": "month",
    "year": "year",
    "years": "year",
    "hour": "hour",
    "hours": "hour",
    "minute": "minute",
    "minutes": "minute",
    "min": "minute",
    "mins": "minute",
    "seconds": "second",  # "every 30-60 seconds" (not "second", the ordinal of "a second dose")
    "secs": "second",
    "sec": "second",
    "h": "hour",
    "hr": "hour",
    "hrs": "hour",
    "hourly": "hour",
    "hrly": "hour",
    "d": "day",
    "mo": "month",
    "mos": "month",
}
# Route words and two-word route phrases ("IV", "orally", "by mouth", "per rectum", "intravaginally"): vocabulary in
# data/route_words.txt. "ng" alone is the nanogram unit and "INH" isoniazid: such words are routes only straight after
# a dose's amount (_AFTER_AMOUNT_ROUTES), never in ROUTE_WORDS, which every carrier of a route reads.
ROUTE_WORDS = {w: r for w, r in route_words()[0].items() if w not in route_words()[2]}
_AFTER_AMOUNT_ROUTES = {w: r for w, r in route_words()[0].items() if w in route_words()[2]}
_ROUTE_PHRASES = route_words()[1]
# words before a form that make it a form the dose is not given in ("if unable to take tablets", "instead of a patch")
_NOT_THIS_FORM = ("unable", "cannot", "can't", "not", "instead", "than", "without", "nil", "nothing")
# the first words of a form that says where a dose is put ("into the vagina", "to the affected area", "each nostril")
_PLACING_WORDS = ("to", "into", "in", "per", "each", "high", "applied")
# verbs whose 'up' makes "up to N" the amount moved to, not a ceiling ("go up to 120 mg once daily")
_MOVE_UP = ("go", "goes", "going", "move", "moves", "moving", "step", "steps", "stepping")
# Latin and British prescription abbreviations for how many times a day.
FREQUENCY_WORDS = {
    "od": 1,
    "qd": 1,
    "bd": 2,
    "bid": 2,
    "tds": 3,
    "tid": 3,
    "qds": 4,
    "qid": 4,
    "mane": 1,
    "nocte": 1,
    # US: every bedtime, every morning, every evening
    "qhs": 1,
    "qam": 1,
    "qpm": 1,
}
# every other day: "qod", "qad" (US), "eod"
_EVERY_OTHER_DAY = ("qod", "qad", "eod")
# "every other week", "every second day", "every third month": the N-th period (grammar words, not clinical ones)
# "3 doses", "two applications 7 days apart": a count of administrations (grammar words naming one administration)
_COUNTED_ADMINISTRATIONS = ("doses", "dose", "infusions", "injections", "applications", "administrations")
_NTH_WORDS = {"other": 2, "alternate": 2, "second": 2, "third": 3, "fourth": 4}
_Q_INTERVAL = re.compile(r"^q(?P<n>\d+(?:\.\d+)?)?(?P<unit>h|hr|hrs|hourly|d|w|wk|wks|min|mins)?$")
_Q_UNITS = {
    "h": "hour",
    "hr": "hour",
    "hrs": "hour",
    "hourly": "hour",
    "d": "day",
    "w": "week",
    "wk": "week",
    "wks": "week",
    "min": "minute",
    "mins": "minute",
}
_PRODUCT_WORDS = {
    "tablet", "tablets", "tab", "tabs", "capsule", "capsules", "vial", "vials", "ampoule", "ampoules", "sachet",
    "sachets", "suppository", "suppositories", "strength", "strengths", "formulation", "formulations", "patch",
    "patches", "pen", "pens", "syringe", "syringes", "preparation", "preparations", "pack", "packs", "inhalation",
    "inhalations", "puff", "puffs", "actuation", "actuations", "spray", "sprays", "nebule", "nebules", "drops",
}
# Forms a dose is given in one unit at a time ("10 mg suppository at night"), where a strength beside them may be the
# dose itself (_one_unit_given); and the words that time it
_GIVEN_FORMS = {"tablet", "tablets", "tab", "tabs", "capsule", "capsules", "sachet", "sachets", "suppository",
                "suppositories", "patch", "patches", "pessary", "pessaries", "nebule", "nebules"}
_SCHEDULE_WORDS = {"every", "once", "twice", "thrice", "daily", "weekly", "nightly", "night", "nocte", "morning",
                   "mane", "evening", "hourly", "times", "changed", "replaced"}
# Verbs, step nouns and bracket-condition words are vocabulary: data/cue_words.txt (read by cue_words.py)
_TITRATION_VERBS = cue_words("titration_verbs")
# Words of a formulation between a strength and its product ("500 mg modified-release tablets")
# a price printed after an amount ('(£11.52)', '($4.10)'): the amount is a presentation's, unless the words after it
# give it a schedule or a route
_PRICE = re.compile(r"\(\s*[£$€]\s*\d")
_DOSING_AFTER = re.compile(r"\b(?:daily|once|twice|times|every|hourly|given|give|administered|repeat\w*)\b", re.I)
_FORMULATION_WORDS = {
    "modified", "extended", "prolonged", "sustained", "controlled", "delayed", "immediate", "slow", "release",
    "released", "film", "coated", "enteric", "gastro", "resistant", "dispersible", "chewable", "orodispersible",
    "effervescent", "soluble", "mr", "xl", "xr", "er", "sr", "cr", "ir", "oral", "vaginal", "buccal", "scored",
}
# Verbs that move a dose to a new amount ("increase to 10 mg", "step down to the 14 mg patch", "double the dose to
# 20 mg"): an amount they lead to, with no schedule of its own, is a step of a titration, not a dose
_STEP_TARGET_VERBS = _TITRATION_VERBS | cue_words("step_target_verbs")
_STEP_WORDS = cue_words("step_words")
_GROUP_OPENING_WORDS = cue_words("group_opening_words")
_BRACKET_CONDITION_WORDS = cue_words("bracket_condition_words")
# verbs and nouns of a taper or titration that run over a span ('weaning over 6 weeks', 'withdraw over 4 weeks')
_STEP_SPAN_VERBS = _STEP_TARGET_VERBS | cue_words("step_span_verbs")
# words that name a titration schedule: an amount tied to one day of it is a step, not a dose (_with_titration_days)
_SCHEDULE_TITRATION = re.compile(
    r"(?<![\w-])(?:" + "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in cue_words(
        "titration_schedule_words")), key=len, reverse=True)) + r")(?![\w-])", re.IGNORECASE)
# "titrate over 4 days", "build up over four days": the span the schedule runs over, right after its word
_SCHEDULE_SPAN = re.compile(r"\s+(?:\w+\s+){0,2}?over\s+(?:the\s+(?:first|next)\s+)?(?:\d{1,2}|one|two|three|four|five|"
                            r"six|seven|eight|nine|ten|eleven|twelve|fourteen)\s+(?:days?|weeks?)\b", re.IGNORECASE)
_NUMBER_WORDS = {
    "one": 1,
    "single": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_TIMES = {"once": 1, "twice": 2, "thrice": 3}
_DASHES = {"-", "–", "—"}
# age units a band may be stated in, to the unit the band is written with
_AGE_UNITS = {"years": "years", "year": "years", "yr": "years", "yrs": "years", "y": "years", "months": "months",
              "month": "months", "mth": "months", "mths": "months", "mo": "months", "mos": "months", "wk": "weeks",
              "wks": "weeks",
              "weeks": "weeks", "week": "weeks", "days": "days", "day": "days", "hours": "hours", "hour": "hours"}
_MAX_WORDS = {"maximum", "max"}
# words that cap a dose with 'at' / 'to' / 'of' after them ("capped at 1 g", "limited to 60 mg", "a ceiling of 2 g")
_CAP_WORDS = cue_words("cap_words")
# words that make a clause a warning: a renal band there is when not to give the drug, not a dose's band
_WARNING_WORDS = tuple(sorted(cue_words("warning_words")))
# words after "for N days" that tie the span to an event rather than to the start of treatment
_AFTER_EVENT = ("after", "beyond", "past", "following", "post")
# words before such a span that make it a continuation past the course ("and for 2 days after", "continue for ...")
# words after 'and IV' / 'with oral' that go on about the same dose, not another drug ("500 mg orally and IV if
# vomiting", "with IV access", "plus oral as needed")
_NOT_AN_AGENT = frozenset(cue_words("not_agent_words"))
# words that open a comma-separated part going on with the same dose's schedule ("..., divided into two doses per day",
# "..., given every 8 hours", "..., in 3 divided doses", "..., for 14 days")
_SCHEDULE_GOES_ON = ("divided", "given", "administered", "in", "for", "every", "once", "twice", "each", "daily")
_GO_ON = ("and", "continue", "continued", "continuing", "then", "further", "another", "additional", "extra", "plus")
# the verb right after a band that opens a row of a band list ('2-5 years use 20 mg', 'Over 40 kg give 1 g')
_BAND_LABEL_VERBS = ("use", "give", "take", "prescribe", "start", "offer", "administer", "dose")
# British prescription shorthand: "5/7" five days (of seven), "2/52" two weeks (of fifty-two), "3/12" three months
_UK_FRACTIONS = {"7": "day", "52": "week", "12": "month"}
# words before a band that say it is about the patient ('children 6-11 years', 'aged under 5 years')
# words a band label carries between its unit and the amount it labels ('8-11kg body weight, 62.5mg')
_BAND_FILLER = ("body", "weight", "bodyweight", "old", "of", "age")
_PATIENT_WORDS = ("aged", "age", "ages", "weighing", "weight", "weighs", "children", "child", "adults", "adult", "infants",
                  "patients", "those", "people", "adolescents", "if", "body", "neonates", "neonate", "babies", "baby",
                  "newborns", "newborn")
# How an age band in weeks or days is counted, as pages print it next to the band ("<30 weeks' gestation",
# "gestational age 30-34 weeks", "postmenstrual age (PMA) <=29 weeks", "GA 30-34 wk", "postnatal age 0-7 days"): the
# words say the band is the patient's own age (never a course length), and the draft names the measure with the band.
# Word runs (lower case, in order) -> the measure; the first word of a run may also follow the band.
_AGE_MEASURES = (
    (("corrected", "gestational", "age"), "corrected gestational age"),
    (("corrected", "age"), "corrected age"),
    (("cga",), "corrected gestational age"),
    (("gestational", "age"), "gestational age"),
    (("gestational",), "gestational age"),
    (("gestation",), "gestational age"),
    (("ga",), "gestational age"),
    (("postmenstrual", "age"), "postmenstrual age"),
    (("post", "-", "menstrual", "age"), "postmenstrual age"),
    (("postmenstrual",), "postmenstrual age"),
    (("pma",), "postmenstrual age"),
    (("postconceptional", "age"), "postconceptional age"),
    (("pca",), "postconceptional age"),
    (("postnatal", "age"), "postnatal age"),
    (("postnatal",), "postnatal age"),
    (("pna",), "postnatal age"),
    (("chronological", "age"), "postnatal age"),
)
# the words of a band's printed bound ('under', 'more than', 'at least', 'up to', 'younger than', 'first')
_BOUND_WORDS = ("under", "below", "over", "above", "less", "more", "than", "at", "least", "up", "to", "younger",
                "older", "first", "birth")
# words that make the weeks or days after them a time, not an age ('for 2-4 weeks:', 'over the next 3 days:')
_TIME_BEFORE_BAND = ("for", "over", "within", "after", "every", "during", "in", "of", "last", "next", "past", "than",
                     "first", "about", "around", "approximately", "by", "until", "till", "from", "at", "since")
_MEASURE_WORDS = tuple({w for run, _name in _AGE_MEASURES for w in run if w != "-"})
# words before a bracketed band in weeks that name it by gestation ("term (37 weeks or more)", "preterm (<37 weeks)")
_GESTATION_WORDS = ("term", "preterm", "pre-term", "premature", "prematurity")
# words that grade a gestation named in words ("very preterm", "late preterm", "extremely premature")
_GESTATION_GRADES = ("very", "extremely", "moderately", "moderate", "late", "early", "full", "born", "and")
_DESCRIPTOR_LEVELS = {"high", "medium", "low", "moderate"}
# "no IV access", "an IV line": the route word names equipment, not how this dose is given
_NOT_A_ROUTE_AFTER = (
    "access", "line", "lines", "cannula", "cannulation", "catheter", "team",
    # a part of the body, not a way of giving a drug: "rectal pain", "oral thrush", "vaginal discharge", "nasal
    # swab", "oral intake", "IV-to-oral switch"
    "pain", "bleeding", "discomfort", "tenderness", "examination", "exam", "swab", "swabs", "temperature",
    "symptoms", "ulcer", "ulcers", "ulceration", "lesion", "lesions", "thrush", "candidiasis", "discharge", "itch",
    "itching", "irritation", "fissure", "prolapse", "surgery", "intake", "hygiene", "health", "cavity", "mucosa",
    "mucositis", "abscess", "involvement", "switch", "step",
)
# words of a change of route or regimen ("transitioning to oral", "switch to", "step down to", "converted to")
_SWITCH_WORDS = tuple(sorted(cue_words("switch_words")))
_RATE_UNITS = {"min": "minute", "minute": "minute", "minutes": "minute", "h": "hour", "hr": "hour", "hour": "hour",
               "hours": "hour"}
# Words before a rate that make it a measurement of the patient ("creatinine clearance below 50 mL/min", "urine
# output of 1 mL/kg/hour") or a comparison with one, not an amount to give.
_RATE_THRESHOLD = ("clearance", "crcl", "egfr", "gfr", "output", "below", "above", "under", "less", "greater",
                   "exceeds", "exceeding", "<", ">", "≤", "≥")
# A divisor that makes an amount a concentration in a fluid ("15-20 mg/L", "20 mmol per litre of fluid",
# "5.5 mmol/L"): a drug level or the make-up of a fluid, never an amount to give. ("/mL" stays a product's strength.)
# the words a later course segment may hold besides frequencies, time units and routes ("then once daily for the
# next 4 days", "followed by every 12 hours for a further 5 days")
_SEGMENT_WORDS = {
    "then", "thereafter", "followed", "by", "after", "that", "for", "every", "each", "daily", "a", "an", "day", "times",
    "per", "once", "twice", "thrice", "dose", "doses", "the", "next", "following", "remaining", "further", "another",
    "at", "night", "morning", "bedtime", "on", "alternate", "other", "weekly", "x", "mouth", "to", "and", "or",
    "of", "in", "divided", "hourly", "more", "total", "up", "until", "given", "continue", "continued", "give",
    "weeks", "days", "week", "hours", "single",
}
# words that make an amount per mL a level in the blood, not a product's strength ('target trough 15-20 mcg/mL')
_LEVEL_WORDS = ("trough", "troughs", "peak", "peaks", "level", "levels", "concentration", "concentrations", "serum",
                "plasma", "target", "aim")
# words after a volume that make it the fluid a dose is made up in, not a product's concentration ('in 100 mL water
# for injection', 'in a 50 mL syringe', 'in 500 mL as an infusion'): containers and ways of giving, not substances
_PREPARED_IN_WORDS = cue_words("prepared_in_words")
# verbs that make the volume after an amount the fluid it is made up in ('1 g diluted in 250 mL', 'infuse 1 g in 1 L')
_DILUTION_VERBS = cue_words("dilution_verbs")
_FLUID_VOLUMES = ("l", "litre", "liter", "litres", "liters", "dl", "decilitre", "deciliter")


@dataclass(frozen=True)
class Token:
    kind: str  # "num", "word" or "sym"
    text: str  # lower-cased for words
    start: int
    end: int


@dataclass(frozen=True)
class Dose:
    """One dose schedule as stated; None means the statement does not say."""

    line: int
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    unit: str | None = None  # mg, g, mcg
    basis: str | None = None  # flat, body_weight, ideal_body_weight, body_surface_area
    per: str | None = None  # dose, day, week, course; None = period not stated
    route: str | None = None  # oral, intravenous, subcutaneous, topical
    times_per_day: int | None = None
    interval: tuple[Decimal, str] | None = None  # (value, time unit)
    doses: tuple[int, int] | None = None
    duration: tuple[Decimal | None, Decimal | None, str] | None = None  # (min, max, time unit)
    maximum: tuple[Decimal, str, str | None] | None = None  # (amount, unit, per)
    maximum_basis: str | None = None  # "body_weight" for "max 6 mg/kg/day": the maximum scales with the patient
    concentration: Decimal | None = None  # percent
    descriptor: str | None = None  # high-dose, pulse, ...
    initial: bool = False
    ceiling: bool = False  # only an upper bound is given ("≤10 mg/day")
    amount_not_stated: bool = False
    near: bool = False  # "closer to 1 mg/kg": a position within a range given elsewhere, not a dose
    span: tuple[int, int] = field(default=(0, 0), compare=False)  # characters of the amount phrase
    times_range: tuple[int, int] | None = None  # "once or twice daily", "2-3 times a day"
    times_per_week: int | None = None  # "twice a week": the vocabulary's timesPerDay cannot say it
    other_maxima: tuple[str, ...] = ()  # a second maximum as written ("not exceeding 4 g/day")
    route_alternatives: tuple[str, str] | None = None  # "IV/IM": the first is the route drafted
    condition: str | None = None  # "if eGFR 10-30": the dose holds only then
    interval_max: Decimal | None = None  # "every 2-4 weeks": the high end (interval holds the low end)
    at_least: bool = False  # "at least 15 mg/week": amount_min only, no upper amount stated
    band: str | None = None  # "10-20 kg", "under 12 years": the weight or age band the dose is for
    strength: bool = False  # "5 mg tablets": a product strength, not a dose to give
    # "2 g in 100 mL sodium chloride 0.9%", "made up to 50 mL": the volume a dose is made up in (with strength set)
    preparation: bool = False
    total: bool = False  # "for a total of 6 g" after the doses: the course total of a dose already read
    count_of_product: bool = False  # "2 puffs": a count of a product, no mass
    rate: bool = False  # "at no more than 50 mg/min", "clearance below 50 mL/min": a rate that is not a dose to give
    level: bool = False  # "a trough of 15-20 mg/L", "20 mmol/L of fluid": a concentration in a fluid, not a dose
    titration: bool = False  # "increase by 5 mg every 2 weeks": a titration step, not a dose
    # "Risperidone titration: 2 mg on day 1, 4 mg on day 2": a step of a titration schedule, tied to one day of it (with
    # titration set); the statement still offers its drug, as a dose line does
    schedule_step: bool = field(default=False, compare=False)
    threshold: bool = False  # "split when above 300 mg": an amount the dose is compared with, not a dose to give
    rounding: bool = False  # "rounded to the nearest 25 micrograms": the step a dose is rounded to, not a dose
    # "30-50 or 80-100 mg/kg/day": a bare range printed before an alternative that states the unit once; it takes
    # that alternative's unit, basis, period and schedule (the text of the alternative, for the curator's note)
    alternative_to: str | None = None
    given_so_far: bool = False  # "once 40 mL/kg has been given": an amount counted up to, not a dose to give
    infusion: tuple[Decimal, Decimal, str] | None = None  # "over 10-12 hours": how long one administration runs
    # "nebulised", "by slow IV injection", "as a bolus": the words make the amount one administration
    one_administration: bool = field(default=False, compare=False)
    timing: str | None = None  # "on days 1 and 15", "at 0, 2 and 6 weeks": when each dose falls (a schedule note)
    loading_read: bool = False  # "1 g then 500 mg daily": no count stated; read as one loading dose (flagged)
    segment: bool = False  # "500 mg twice daily for 3 days, then once daily for 4 days": the later course segment,
    # the amount carried from the dose before 'then' (flagged)
    # "weaning over 6 weeks", "titrate up over 4 weeks": the span a step-down or step-up runs over, as printed; not how
    # long the dose is given (never its course), kept for the curator's note
    step_span: str | None = None
    # "800 units (20 micrograms)": the same dose restated in another unit in a bracket (kept for the curator's note)
    equivalent: str | None = field(default=None, compare=False)

    @property
    def has_schedule(self) -> bool:
        """Something beyond a bare route was said (used to decide whether an amount-less dose is worth drafting)."""
        return any(
            x is not None
            for x in (
                self.times_per_day,
                self.times_range,
                self.times_per_week,
                self.interval,
                self.doses,
                self.concentration,
                self.descriptor,
                self.maximum,
            )
        )


# Dotted Latin abbreviations ("b.i.d.", "q.6.h.", "i.v.", "s.c.", "p.r.n.") read as their undotted forms; the dots
# become spaces so every character keeps its position (dose spans index the statement as printed).
_DOTTED = re.compile(r"(?<![A-Za-z0-9.])((?:[A-Za-z0-9]{1,2}\.){2,4})(?![A-Za-z0-9])")
_UNDOTTED = {"bid", "tid", "qid", "qds", "tds", "od", "bd", "qd", "qod", "iv", "im", "sc", "po", "pr", "sl", "prn", "qh",
             "qam", "qpm", "qhs", "hs", "ac", "pc"}


# the word after an amount and 'or' that makes the amount an upper bound ('7.5 mg a day or less')
_CEILING_AFTER = ("less", "lower", "below", "fewer")
# ... and the words that make it a lower bound ('20 mg a day or more')
_FLOOR_AFTER = ("more", "above", "higher", "greater", "over")


def _undot(text: str) -> str:
    def plain(m: re.Match[str]) -> str:
        letters = m.group(1).replace(".", "")
        if letters.lower() in _UNDOTTED or re.fullmatch(r"q\d{1,2}h", letters, re.I):
            return letters + " " * (len(m.group(1)) - len(letters))
        return m.group(1)

    return _DOTTED.sub(plain, text) if "." in text else text


def tokenize(text: str) -> list[Token]:
    out: list[Token] = []
    for m in _TOKEN.finditer(_undot(text)):
        kind = m.lastgroup
        if kind == "space":
            continue
        value = m.group()
        out.append(Token(kind, value.lower() if kind == "word" else value, m.start(), m.end()))
        if (len(out) >= 3 and kind == "word" and out[-2].text == "-" and out[-3].text in ("intra", "trans")
                and out[-3].end == out[-2].start and out[-2].end == out[-1].start):
            # 'intra-articular', 'intra-muscular': a prefix written with a hyphen is one word (one route)
            out[-3:] = [Token("word", out[-3].text + out[-1].text, out[-3].start, out[-1].end)]
    return out


def _plain(value: Decimal | None) -> str:
    if value is None:
        return ""
    d = value.normalize()
    return str(int(d)) if d == d.to_integral_value() else format(d, "f")


def _in_mg(unit: str) -> float:
    from kg.vocab.units import factor

    return factor(unit, "mg") or 1.0


def _convert(value: Decimal, unit: str, to: str) -> Decimal:
    """An amount in another mass unit, through kg.vocab.units (pint); exact decimals, no binary noise."""
    from kg.vocab.units import factor

    f = factor(unit, to)
    if f is None:
        return value
    return (value * Decimal(repr(f))).normalize()


def _number(tok: Token, line: int) -> Decimal:
    try:
        return Decimal(re.sub(r"[,\s\u00a0\u2009\u202f]", "", tok.text))
    except InvalidOperation as e:  # the tokenizer only yields digits, so this is a guard, not a path
        raise ImporterError(line, f"unreadable number {tok.text!r}") from e


@dataclass
class _Core:
    start: int  # token index
    end: int  # token index after the phrase
    lo: Decimal | None
    hi: Decimal
    unit: str
    basis: str
    per: str | None
    ceiling: bool
    at_least: bool = False
    rate: str | None = None  # "50 mg/min", "18 units/kg/hour": an amount per "minute" / "hour"
    level: bool = False  # "15-20 mg/L", "20 mmol/L of fluid": a concentration in a fluid, not how much
    shares_with: int | None = None  # "30-50 or 80-100 mg/kg/day": the start of the amount whose unit this one takes


class _Parser:
    def __init__(self, text: str, line: int) -> None:
        self.text = text
        self.line = line
        self.toks = tokenize(text)

    # ------------------------------------------------------------ primitives

    def tok(self, i: int) -> Token | None:
        return self.toks[i] if 0 <= i < len(self.toks) else None

    def word(self, i: int, *words: str) -> bool:
        t = self.tok(i)
        return t is not None and t.kind == "word" and (not words or t.text in words)

    def sym(self, i: int, *syms: str) -> bool:
        t = self.tok(i)
        return t is not None and t.kind == "sym" and t.text in syms

    def num(self, i: int) -> bool:
        t = self.tok(i)
        return t is not None and t.kind == "num"

    def count_at(self, i: int) -> tuple[int, int] | None:
        """A count written as digits or a number word."""
        t = self.tok(i)
        if t is None:
            return None
        if t.kind == "num" and "." not in t.text:
            return int(re.sub(r"[,\s\u00a0\u2009\u202f]", "", t.text)), i + 1
        if t.kind == "word" and t.text in _NUMBER_WORDS:
            return _NUMBER_WORDS[t.text], i + 1
        return None

    # ------------------------------------------------------------ quantity and amount

    def quantity(self, i: int) -> tuple[Decimal, Decimal, int] | None:
        if not self.num(i):
            return None
        lo = _number(self.toks[i], self.line)
        j = i + 1
        if (self.word(i - 1, "day", "days", "week", "weeks", "month", "months")
                and not self.word(i - 2, "a", "per", "each", "every", "times") and not self.sym(i - 2, "/")
                and (self.sym(j, *_DASHES) or self.word(j, "to")) and self.num(j + 1) and self.any_unit(j + 2)):
            # "from 2 mg on day 1 to 4 mg on day 2": the low number is the day's, the amount is the number after it
            return None
        if (self.sym(j, *_DASHES) or self.word(j, "to")) and self.num(j + 1):
            hi = _number(self.toks[j + 1], self.line)
            if hi < lo:
                raise ImporterError(self.line, f"dose range {lo}-{hi} runs backwards (low end above high end)")
            return lo, hi, j + 2
        return lo, lo, j

    def ceiling_prefix(self, i: int) -> int | None:
        """Index after a 'no more than' / 'up to' style prefix at i, or None."""
        if self.sym(i, "≤"):
            return i + 1
        if self.sym(i, "<"):
            return i + 2 if self.sym(i + 1, "=") else i + 1
        if self.word(i, "at") and self.word(i + 1, "most"):
            return i + 2
        if self.word(i, "up") and self.word(i + 1, "to") and not (
            self.word(i - 1, *_MOVE_UP) or (self.word(i - 1, "it", "this", "them") and self.word(i - 2, *_MOVE_UP))
        ):
            # "go up to 120 mg", "step it up to 40 mg": 'up' belongs to the verb and the amount is the new dose
            return i + 2
        if self.word(i, "no", "not") and self.word(i + 1, "more") and self.word(i + 2, "than"):
            return i + 3
        return None

    def floor_prefix(self, i: int) -> int | None:
        """Index after an 'at least' style prefix at i, or None."""
        if self.sym(i, "≥"):
            return i + 1
        if self.sym(i, ">") and self.sym(i + 1, "="):
            return i + 2
        if self.word(i, "at") and self.word(i + 1, "least"):
            return i + 2
        if self.word(i, "a") and self.word(i + 1, "minimum") and self.word(i + 2, "of"):
            return i + 3
        if self.word(i, "minimum") and self.word(i + 1, "of"):
            return i + 2
        if self.word(i, "no", "not") and self.word(i + 1, "less", "fewer") and self.word(i + 2, "than"):
            return i + 3
        return None

    def mass_unit(self, j: int) -> str | None:
        t = self.tok(j)
        return MASS_UNITS.get(t.text) if t is not None and t.kind == "word" else None

    def any_unit(self, j: int) -> str | None:
        """A mass unit, else a unit the vocabulary's doses cannot hold (units, mmol, mL), else a product count."""
        unit = self.mass_unit(j)
        if unit is not None:
            return unit
        t = self.tok(j)
        if t is None or t.kind != "word":
            return None
        if t.text == "international" and self.word(j + 1, "units", "unit"):
            return "IU"
        return OTHER_UNITS.get(t.text) or PRODUCT_COUNTS.get(t.text)

    def amount(self, i: int) -> _Core | None:
        j = i
        ceiling = at_least = False
        after = self.ceiling_prefix(j)
        if after is not None:
            ceiling, j = True, after
        else:
            after = self.floor_prefix(j)
            if after is not None:
                at_least, j = True, after
        q = self.quantity(j)
        if q is None:
            return None
        lo, hi, j = q
        if self.word(j, "million") and self.any_unit(j + 1):
            # "2.4 million units": the number is in millions
            lo, hi, j = lo * 1000000, hi * 1000000, j + 1
        elif self.word(j, *_MILLION_UNITS):
            # "2.4 MU": read as "2 400 000 units", the unit as printed in full
            unit = _MILLION_UNITS[self.toks[j].text]
            lo, hi = lo * 1000000, hi * 1000000
            basis, j = self.basis(j + 1)
            per, j = self.period(j)
            return _Core(i, j, None if ceiling else lo, hi, unit, basis, per, ceiling, at_least)
        if self.sym(j, *_DASHES) and self.mass_unit(j + 1):
            j += 1  # "1000-mg doses"
        unit = self.any_unit(j)
        if unit is None:
            return None
        j += 2 if self.word(j, "international") else 1
        level_words = any(self.word(x, *_LEVEL_WORDS) for x in range(max(0, i - 5), i))
        if (self.sym(j, "/") or self.word(j, "per", "in")) and (
            self.word(j + 1, *_FLUID_VOLUMES) or (level_words and self.word(j + 1, "ml", "millilitre", "milliliter"))
        ):
            # "a trough of 15-20 mg/L", "20 mmol/L of fluid": a concentration, read whole so that no part of it is
            # taken for an amount to give
            return _Core(i, j + 2, None if ceiling else lo, hi, unit, "flat", None, ceiling, at_least, level=True)
        if (unit in ("mL", "L") and lo == hi and (self.sym(j, *_DASHES) or self.word(j, "to")) and self.num(j + 1)
                and OTHER_UNITS.get(self.toks[j + 2].text if self.word(j + 2) else "") in ("mL", "L")):
            # "500 mL to 1 L", "1-1.5 L": a volume range, both ends in the smaller unit (as a mass range is)
            hi_unit = OTHER_UNITS[self.toks[j + 2].text]
            hi_value = _number(self.toks[j + 1], self.line)
            if hi_unit != unit:
                lo, hi_value = (lo * 1000, hi_value) if unit == "L" else (lo, hi_value * 1000)
                unit = "mL"
            if hi_value < lo:
                raise ImporterError(self.line, f"dose range {lo}-{hi_value} {unit} runs backwards (low end above high end)")
            hi, j = hi_value, j + 3
        if unit not in MASS_UNITS.values():
            # no mixed-unit range or conversion outside masses and volumes; a basis and period are still read
            # ("80 units/kg")
            basis, j = self.basis(j)
            per, j = self.period(j)
            rate, j = self.rate(j)
            return _Core(i, j, None if ceiling else lo, hi, unit, basis, per, ceiling, at_least, rate)
        # a mixed-unit range, "250 mg-1 g" / "500 mg to 1 g" / "500 mg up to 1 g" (nothing between the amounts):
        # both ends in the smaller unit, through kg.vocab.units
        if lo == hi and self.word(j, "up") and self.word(j + 1, "to") and self.num(j + 2) and self.mass_unit(j + 3):
            j += 1
        if lo == hi and (self.sym(j, *_DASHES) or self.word(j, "to")) and self.num(j + 1) and self.mass_unit(j + 2):
            hi_unit = self.mass_unit(j + 2)
            hi_value = _number(self.toks[j + 1], self.line)
            if hi_unit != unit:
                small, large = (unit, hi_unit) if _in_mg(unit) < _in_mg(hi_unit) else (hi_unit, unit)
                lo = _convert(lo, unit, small)
                hi_value = _convert(hi_value, hi_unit, small)
                unit = small
            if hi_value < lo:
                raise ImporterError(self.line, f"dose range {lo}-{hi_value} {unit} runs backwards (low end above high end)")
            hi, j = hi_value, j + 3
        basis, j = self.basis(j)
        per, j = self.period(j)
        if basis != "flat":
            basis, j = self.basis_qualifier(j, basis)
        rate, j = self.rate(j)
        if not (ceiling or at_least or rate) and lo == hi and self.word(j, "or") and self.word(
                j + 1, *_CEILING_AFTER, *_FLOOR_AFTER) and not self.word(j + 2, "than", "often", "frequently"):
            # '7.5 mg a day or less', '10 mg or lower': the amount is a ceiling, as 'no more than 7.5 mg a day' is;
            # '20 mg a day or more' a floor, as 'at least 20 mg a day' is
            if self.word(j + 1, *_CEILING_AFTER):
                ceiling = True
            else:
                at_least = True
            j += 2
        core = _Core(i, j, None if ceiling else lo, hi, unit, basis, per, ceiling, at_least, rate)
        return core

    def rate(self, j: int) -> tuple[str | None, int]:
        """'/min', 'per hour' after an amount: a rate, per "minute" or "hour" (None when not a rate)."""
        if (self.sym(j, "/") or self.word(j, "per", "an", "a")) and self.word(j + 1, *_RATE_UNITS):
            return _RATE_UNITS[self.toks[j + 1].text], j + 2
        return None, j

    def rate_aside(self, core: _Core, cores: list[_Core]) -> bool:
        """A rate that is not a dose to give: a limit on how fast a dose is given ("at a rate up to 150 mg/min",
        "20 mg/kg at 50 mg/min"), or a measurement of the patient ("creatinine clearance below 50 mL/min").
        Any other rate is a dose per minute or per hour ("insulin 0.1 units/kg/hour", "then 1 g/hour")."""
        if core.ceiling:
            return True  # "up to", "no more than", "max": how fast at most, a limit on giving the dose
        if core.unit == "L" and core.rate == "minute":
            return True  # "2-4 L/min": a flow (of oxygen, of a gas), reported as a rate, never drafted as a dose
        if any(self.word(x, *_RATE_THRESHOLD) or self.sym(x, *_RATE_THRESHOLD)
               for x in range(max(0, core.start - 5), core.start)):
            return True
        given_before = [c for c in cores if c.end <= core.start and not c.rate and not c.level]
        if given_before and any(self.word(x, "at", "rate") for x in range(max(0, core.start - 4), core.start)):
            # "20 mg/kg IV at 50 mg/min": how fast the dose before it runs, unless a new step starts between them
            return self.sequence_break(given_before[-1].end, core.start) is None
        return False

    def basis(self, j: int) -> tuple[str, int]:
        if self.word(j, *cue_words("amount_base_words")) and (self.sym(j + 1, "/") or self.word(j + 1, "per")):
            # "10 mg base/kg": the amount is counted as the drug's base (not its salt), per kg as any mg/kg is
            found, end = self.basis(j + 1)
            if found != "flat":
                return found, end
        if self.sym(j, "/") or self.word(j, "per"):
            k = j + 1
            if self.word(k, "kg", "m2", "m²"):
                return _BASIS_UNITS[self.toks[k].text], k + 1
            if self.word(k, "m") and self.sym(k + 1, "^") and self.num(k + 2) and self.toks[k + 2].text == "2":
                return "body_surface_area", k + 3
        return "flat", j

    def basis_qualifier(self, j: int, basis: str) -> tuple[str, int]:
        k = j + 1 if self.word(j, "of") else j
        if self.word(k, "ideal") and self.word(k + 1, "body") and self.word(k + 2, "weight"):
            return "ideal_body_weight", k + 3
        if self.word(k, "ibw"):
            return "ideal_body_weight", k + 1
        if self.word(k, "bw") and basis == "body_weight":
            return basis, k + 1  # "4 mg/kg bw": per kg of body weight, as "4 mg/kg body weight"
        if self.word(k, "actual") and self.word(k + 1, "body") and self.word(k + 2, "weight"):
            return basis, k + 3
        if self.word(k, "body") and self.word(k + 1, "weight"):
            return basis, k + 2
        return basis, j

    def period(self, j: int) -> tuple[str | None, int]:
        # 'in 24 hours', 'per 24 h', '/24 h': a day
        if (self.sym(j, "/") or self.word(j, "in", "per", "every", "each")) and self.num(j + 1) and self.toks[j + 1].text == "24":
            if self.word(j + 2, "hours", "hour", "h", "hrs", "hr"):
                return "day", j + 3
        if self.word(j, "in", "per", "over") and self.word(j + 1, "one", "a", "each", "any", "the") and self.word(
                j + 2, "course"):
            return "course", j + 3  # "do not exceed 6 mg in one course", "max 6 mg over the course"
        if (
            (self.sym(j, "/") or self.word(j, "per", "a", "each"))
            and self.word(j + 1)
            and self.toks[j + 1].text in _PERIODS
        ):
            return _PERIODS[self.toks[j + 1].text], j + 2
        if self.word(j, "daily") and not self._times_before(j):
            return "day", j + 1
        if self.word(j, "weekly"):
            return "week", j + 1
        return None, j

    def _times_before(self, j: int) -> bool:
        if self.sym(j - 1, "-"):
            j -= 1  # "twice-daily"
        return self.word(j - 1, *_TIMES) or self.times_sign(j - 1)

    def switched_to(self, i: int) -> bool:
        """The route at i is the one a later step switches to ("... for 3 days before transitioning to oral
        therapy", "then switch to oral", "stepping down to oral"), not the route of the dose being read."""
        if not self.word(i - 1, "to"):
            return False
        return any(self.word(k, *_SWITCH_WORDS) for k in range(max(0, i - 4), i - 1))

    def in_warning_aside(self, lo: int, i: int) -> bool:
        """Token i sits in a bracketed warning after the dose ("100 mg bd (caution: do not use if eGFR < 45)"): the
        condition there is when the drug must not be given, never one under which this dose holds."""
        for k in range(i - 1, lo - 1, -1):
            if self.sym(k, ")"):
                return False
            if self.sym(k, "("):
                return any(self.word(j, "not", "avoid", "caution", "never", "contraindicated", "don")
                           for j in range(k + 1, i))
        return False

    def times_sign(self, j: int) -> bool:
        """'times' at j, or the multiplication sign standing for it after a count ('4 x daily', '3 × a day')."""
        return self.word(j, "times") or ((self.word(j, "x") or self.sym(j, "×")) and self.count_at(j - 1) is not None)

    def per_day_at(self, j: int) -> int | None:
        """Index after 'daily', '-daily', 'a day', 'per day', 'each day', '/day', '/d' at j, or None."""
        if self.sym(j, "-") and self.word(j + 1, "daily"):
            return j + 2
        if self.word(j, "daily"):
            return j + 1
        if self.word(j, "a", "per", "each", "every") and self.word(j + 1, "day"):
            return j + 2
        if self.sym(j, "/") and self.word(j + 1, "day", "d"):
            return j + 2  # "3 times/day", "3x/day"
        return None

    def times_count(self, i: int) -> int | None:
        """The count before 'times' at i ("3 times", "three times", "three-times-daily"), or None."""
        c = self.count_at(i - 1) or (self.count_at(i - 2) if self.sym(i - 1, "-") else None)
        return c[0] if c else None

    def per_week_at(self, j: int) -> int | None:
        """Index after 'weekly', 'a week', 'per week', 'each week', 'every week' at j, or None."""
        if self.sym(j, "-") and self.word(j + 1, "weekly"):
            return j + 2
        if self.word(j, "weekly"):
            return j + 1
        if self.word(j, "a", "per", "each", "every") and self.word(j + 1, "week"):
            return j + 2
        return None

    # ------------------------------------------------------------ modifiers

    def nth_time_unit(self, i: int) -> tuple[int, str, int] | None:
        """'other week', 'alternate day', 'second month', '3rd day' at i (after 'every'): (N, period, index after),
        or None. Only days, weeks and months: 'every other hour' is not how pages say a schedule."""
        if self.word(i, *_NTH_WORDS):
            n, k = _NTH_WORDS[self.toks[i].text], i + 1
        elif self.num(i) and self.word(i + 1, "nd", "rd", "th") and self.toks[i].text.isdigit():
            n, k = int(self.toks[i].text), i + 2
        else:
            return None
        if n < 2 or not self.word(k) or _TIME_UNITS.get(self.toks[k].text) not in ("day", "week", "month"):
            return None
        return n, _TIME_UNITS[self.toks[k].text], k + 1

    def time_span(self, i: int) -> tuple[Decimal, Decimal, bool, str, int] | None:
        """quantity ["consecutive"] time-unit -> (lo, hi, consecutive, unit, next index)."""
        q = self.quantity(i)
        if q is None:
            c = self.count_at(i)
            if c is None:
                return None
            q = (Decimal(c[0]), Decimal(c[0]), c[1])
            # "seven to ten days", "five-seven days": a range written in number words
            if (self.word(c[1], "to", "or") or self.sym(c[1], *_DASHES)) and self.count_at(c[1] + 1):
                high = self.count_at(c[1] + 1)
                if high[0] > c[0] and self.word(high[1]) and self.toks[high[1]].text in _TIME_UNITS:
                    q = (Decimal(c[0]), Decimal(high[0]), high[1])
        lo, hi, j = q
        if (lo == hi and self.word(j, "or") and self.num(j + 1) and self.word(j + 2)
                and self.toks[j + 2].text in _TIME_UNITS and _number(self.toks[j + 1], self.line) > lo):
            # 'every 3 or 4 weeks', 'for 5 or 7 days': either time, read as the range they span (as 'every 3-4
            # weeks' is), never the first alone nor nothing
            hi, j = _number(self.toks[j + 1], self.line), j + 2
        uk = self.uk_fraction(j)
        if uk is not None:
            return lo, hi, False, uk[0], uk[1]
        consecutive = self.word(j, "consecutive")
        if consecutive:
            j += 1
        if self.word(j) and self.toks[j].text in _TIME_UNITS:
            return lo, hi, consecutive, _TIME_UNITS[self.toks[j].text], j + 1
        return None

    def main_span_with_range(self, span: tuple[Decimal, Decimal, bool, str, int]) -> bool:
        """Whether a span is followed by a bracket holding only a range of the same time unit that takes the span in
        ("14 days (10-21 days)"): the main figure and the range around it."""
        if span[0] != span[1] or not self.sym(span[4], "("):
            return False
        rng = self.time_span(span[4] + 1)
        return (rng is not None and rng[3] == span[3] and rng[0] <= span[0] <= rng[1] and rng[0] < rng[1]
                and self.sym(rng[4], ")"))

    def uk_fraction(self, j: int) -> tuple[str, int] | None:
        """'/7', '/52', '/12' after a count at j: British prescription shorthand for days, weeks and months ("x 5/7"
        is five days, "2/52" two weeks, "3/12" three months); (time unit, next index), or None. Only where no
        unit follows, so "500/125 mg" stays the two parts of a combination."""
        if not (self.sym(j, "/") and self.num(j + 1)) or self.toks[j + 1].text not in _UK_FRACTIONS:
            return None
        if self.any_unit(j + 2) is not None or self.sym(j + 2, "/") or self.num(j + 2):
            return None
        return _UK_FRACTIONS[self.toks[j + 1].text], j + 2

    def _q_interval(self, i: int, qm, changes: dict) -> int:
        """'q6h', 'q4-6h', 'q 6 h', 'q2 weeks', 'q2w': every N (to M) hours, days or weeks."""
        j = i + 1
        if qm and qm.group("n"):
            value = Decimal(qm.group("n"))
        else:
            value, j = _number(self.toks[i + 1], self.line), i + 2
        high = None
        unit = _Q_UNITS.get(qm.group("unit")) if qm and qm.group("unit") else None
        if unit is None and self.sym(j, *_DASHES) and self.num(j + 1):
            high, j = _number(self.toks[j + 1], self.line), j + 2
        if unit is None and self.word(j):
            unit = _Q_UNITS.get(self.toks[j].text) or _TIME_UNITS.get(self.toks[j].text)
            if unit is not None:
                j += 1
        if unit is None:
            return i + 1
        changes["interval"] = (value, unit)
        if high is not None and high != value:
            changes["interval_max"] = high
        return j

    def spaced_interval(self, j: int) -> tuple[tuple[Decimal, str], int] | None:
        """'1-week intervals', '2 week intervals', 'intervals of 4 weeks' at j (after 'at'): ((N, unit), next index),
        or None."""
        if self.num(j):
            k = j + 1 + (1 if self.sym(j + 1, *_DASHES) else 0)
            unit = _TIME_UNITS.get(self.toks[k].text) if self.word(k) else None
            if unit is not None and self.word(k + 1, "interval", "intervals"):
                return (_number(self.toks[j], self.line), unit), k + 2
        if self.word(j, "intervals", "interval") and self.word(j + 1, "of") and self.num(j + 2) and self.word(j + 3):
            unit = _TIME_UNITS.get(self.toks[j + 3].text)
            if unit is not None:
                return (_number(self.toks[j + 2], self.line), unit), j + 4
        return None

    def day_split(self, i: int) -> tuple[int, int, int] | None:
        """(fewest, most, token after) for the words at i that split a day's amount into doses: 'in 1 or 2 doses',
        'in one to two divided doses', 'as a single dose or in two divided doses'; None for any other words, or when
        the doses run beyond a day ('in 4 doses over 48 hours')."""
        low = None
        k = i
        if self.word(k, "as", "in") and self.word(k + 1, "a", "one") and self.word(k + 2, "single") and self.word(
                k + 3, "dose") and self.word(k + 4, "or") and self.word(k + 5, "in"):
            low, k = 1, k + 5  # 'as a single dose or in two divided doses'
        elif self.word(k, "once") and self.per_day_at(k + 1) and self.word(self.per_day_at(k + 1), "or") and \
                self.word(self.per_day_at(k + 1) + 1, "in"):
            low, k = 1, self.per_day_at(k + 1) + 1  # 'once daily or in 2 divided doses', 'once a day or in two doses'
        if not self.word(k, "in") or self.count_at(k + 1) is None:
            return None
        first, k = self.count_at(k + 1)
        high = first
        if low is None and (self.word(k, "or", "to") or self.sym(k, *_DASHES)) and self.count_at(k + 1) is not None:
            high, k = self.count_at(k + 1)
            low = first
        elif low is None:
            return None  # 'in 3 doses', 'in 3 divided doses': read by the rules for a count and for divided doses
        if self.word(k, "divided"):
            k += 1
        if not self.word(k, "doses", "dose") or not 0 < low <= high <= 24 or self.beyond_a_day(k + 1):
            return None
        return low, high, k + 1

    def _hours_at(self, k: int) -> Decimal | None:
        """The number of hours before 'hourly' at k, in digits or a word ("6-hourly", "twelve-hourly")."""
        if self.num(k):
            return _number(self.toks[k], self.line)
        if self.word(k) and self.toks[k].text in _NUMBER_WORDS and self.toks[k].text != "single":
            return Decimal(_NUMBER_WORDS[self.toks[k].text])
        return None

    def conditional_bracket(self, i: int, hi: int) -> int | None:
        """The index of the ')' closing the bracket opened at i when it holds a schedule under a condition and no
        amount ('(every 8 hours if severe)', '(twice daily when eGFR is below 30)'); None otherwise."""
        depth = 0
        for x in range(i + 1, hi):
            if self.sym(x, "("):
                depth += 1
            elif self.sym(x, ")"):
                if depth == 0:
                    inside = range(i + 1, x)
                    # the condition: 'if', 'when', 'unless', or 'in'/'for'/'during' a group ('(7 days in men)'),
                    # never 'in 2 divided doses' or 'for 5 days' (a number after it is the schedule itself)
                    cue = any(self.word(y, "if", "when", "unless") or (
                        self.word(y, "in", "for", "during") and self.word(y + 1)
                        and not self.word(y + 1, "divided", "a", "each", "total", "at", "up", "the", "one", "two",
                                          "three", "four", *_NUMBER_WORDS)
                    ) for y in inside)
                    schedule = any(
                        self.word(y, "every", "daily", "twice", "once", "thrice", "times", "hourly", *FREQUENCY_WORDS)
                        or (self.word(y) and _Q_INTERVAL.match(self.toks[y].text) and self.toks[y].text != "q")
                        or (self.num(y) and self.word(y + 1) and self.toks[y + 1].text in _TIME_UNITS)
                        for y in inside
                    )
                    # (the unit of a renal band, 'if CrCl 26-50 mL/min', is the patient's, not an amount's)
                    amount = any(self.any_unit(y) and self.num(y - 1) and not self.in_function_band(y) for y in inside)
                    return x if cue and schedule and not amount else None
                depth -= 1
        return None

    def in_function_band(self, y: int) -> bool:
        """Token y is part of a renal-function band ('CrCl 26-50 mL/min')."""
        if not hasattr(self, "_function_spans"):
            self._function_spans = [(a, b) for a, b, _ in function_bands(self.toks)]
        return any(a <= y < b for a, b in self._function_spans)

    def _counted_from(self, k: int, lo: int) -> int:
        """The index of the word before a run of times and counts ending at k ('after [48 hours or] 6 doses')."""
        while k > lo and (self.num(k) or self.count_at(k) or self.word(k, "or", "and") or self.sym(k, *_DASHES)
                          or (self.word(k) and self.toks[k].text in _TIME_UNITS)):
            k -= 1
        return k

    def _duration_label(self, i: int) -> int | None:
        """After the word 'duration' at i ('Duration: 7 days', 'duration of at least 7 days', 'duration - for 5
        days'): the index where the course is read from, or None when no course follows."""
        k = i + 1
        if self.sym(k, ":", *_DASHES) or self.word(k, "of", "is"):
            k += 1
        if self.word(k, "for"):
            k += 1
        floor = self.floor_prefix(k) if self.word(k) else None
        start = floor if floor is not None else k + 2 if self.word(k, "up") and self.word(k + 1, "to") else k
        return k if self.time_span(start) is not None else None

    def _omni_nocte(self, i: int) -> bool:
        """'10 mg ON', '10 mg PO ON': the prescription abbreviation for every night, printed in capitals straight after
        an amount or its route; 'on' in lower case, or 'ON DAY 1', is the English word."""
        t = self.toks[i]
        if t.kind != "word" or t.text != "on" or self.text[t.start : t.end] != "ON" or i == 0:
            return False
        before = self.toks[i - 1]
        if not (self.any_unit(i - 1) or (before.kind == "word" and before.text in ROUTE_WORDS)):
            return False
        after = self.tok(i + 1)
        return after is None or after.kind != "word" or not (
            after.text in _TIME_UNITS or self.text[after.start : after.end].isupper()
            or after.text in ("the", "a", "an", "alternate", "each", "every", "day", "days", "arrival", "admission",
                              "waking", "demand", "top", "treatment", "discharge"))

    def modifiers(self, lo: int, hi: int, dose: Dose, nearest_route: bool = False) -> Dose:
        """Apply every modifier found in tokens [lo, hi) to the dose. With nearest_route (the words before an amount)
        the route word nearest the amount wins ('For pain not controlled by oral morphine, start morphine by IV
        infusion at 10-40 micrograms/kg/hour'); after the amount the first does."""
        changes: dict = {}
        over_days = False
        consecutive_no_period = None
        event_span = None
        i = lo
        skip = getattr(self, "_maximum_cores", {})
        while i < hi:
            if i in skip and skip[i] > i:
                # "every 4-6 hours, max 4 g daily": the maximum's own period is not the dose's frequency
                i = skip[i]
                continue
            t = self.toks[i]
            nxt = i + 1
            if self.titration_clause(lo, i):
                # "250 micrograms TDS, increased at weekly intervals", "20 units/hour, doubled every 30 minutes": the
                # step's timing is when the dose changes, never the dose's own period or interval
                end = next((x for x in range(i + 1, hi) if self.sym(x, ";", ".")), hi)
                over = next((x for x in range(i + 1, end) if self.word(x, "over") and self.steps_over(x)), None)
                if over is not None and "step_span" not in changes:
                    # 'tapering over the next 3 months': the span the steps run over, kept for the curator
                    changes["step_span"] = self.text[t.start : self.toks[self.steps_over(over) - 1].end]
                if nearest_route:
                    # '..., escalate to noradrenaline by IV infusion, 0.05-0.5 micrograms/kg/minute': before the
                    # amount, the step's words name how the amount after them is given
                    named = [x for x in range(i + 1, end) if self.word(x) and self.toks[x].text in ROUTE_WORDS
                             and not self.word(x + 1, *_NOT_A_ROUTE_AFTER) and not self.route_denied(lo, x)
                             and not self.switched_to(x)]
                    # 'by subcutaneous infusion': the bare method word says nothing against the route named with it
                    named = [x for x in named if not self.word(x, "infusion", "infusions")] or named
                    if named and ("route" not in changes or self.nearer_route(named[-1])):
                        changes["route"] = ROUTE_WORDS[self.toks[named[-1]].text]
                i = end
                continue
            qm = _Q_INTERVAL.match(t.text) if t.kind == "word" else None
            later = self.time_span(i) if t.kind == "num" or (t.kind == "word" and t.text in _NUMBER_WORDS) else None
            if (later and self.word(later[4], "later") and "doses" not in changes and "interval" not in changes
                    and "times_per_day" not in changes and "times_range" not in changes
                    # straight after the amount (its route or 'again' may stand between): "review one week later"
                    # after a ';' times a review, not a dose
                    and all(self.word(x) and (self.toks[x].text in ROUTE_WORDS or self.toks[x].text in ("again", "given"))
                            for x in range(lo, i))):
                # "then 0.6 mg one hour later", "10 mg 12 hours later": one more administration, at that time
                changes["doses"], i = (1, 1), later[4] + 1
                continue
            if (i == lo and dose.per is None and "per" not in changes and (
                    self.word(i, "total") or self.word(i, "in") and self.word(i + 1, "total"))
                    and not self.word(i + (1 if self.word(i, "total") else 2), "daily", "per", "a", "each", "dose")):
                # "7.2 million units total, administered as 3 doses of 2.4 million units": the whole course's amount
                changes["per"] = "course"
            if (i == lo and t.kind == "word" and t.text in ("now", "immediately") and "doses" not in changes
                    and not (self.word(i + 1, "and", "then") and not self.num(i + 2))
                    and not self.word(i + 1, "every", "daily", "twice", "once")):
                changes["doses"] = (1, 1)  # "10 mg now": one administration, given at once ("stat")
            close = self.conditional_bracket(i, hi) if t.kind == "sym" and t.text == "(" else None
            if close is not None:
                # "1 g every 12 hours (every 8 hours if severe)": the bracket is a variant that holds only under its
                # condition; its schedule never replaces the dose's own, and the whole bracket is kept as the
                # condition for the curator
                if "condition" not in changes:
                    changes["condition"] = self.text[self.toks[i + 1].start : self.toks[close - 1].end]
                nxt = close + 1
            elif (
                t.kind == "word"
                and t.text in FREQUENCY_WORDS
                and (self.word(i + 1, "to", "or") or self.sym(i + 1, *_DASHES))
                and self.word(i + 2, *FREQUENCY_WORDS)
                and FREQUENCY_WORDS[self.toks[i + 2].text] != FREQUENCY_WORDS[t.text]
                and "times_per_day" not in changes
                and "times_range" not in changes
            ):
                # "BD to QDS", "bd-tds", "TDS or QDS": a range of times a day written in abbreviations (the first
                # alone would read as the whole frequency)
                low, high = sorted((FREQUENCY_WORDS[t.text], FREQUENCY_WORDS[self.toks[i + 2].text]))
                changes["times_range"], nxt = (low, high), i + 3
            elif t.kind == "word" and t.text in FREQUENCY_WORDS and "times_per_day" not in changes:
                changes["times_per_day"] = FREQUENCY_WORDS[t.text]
            elif t.kind == "word" and t.text in _EVERY_OTHER_DAY and "interval" not in changes:
                changes["interval"] = (Decimal(2), "day")
            elif qm and (qm.group("n") or self.num(i + 1)) and t.text != "q" or (t.kind == "word" and t.text == "q" and self.num(i + 1)):
                nxt = self._q_interval(i, qm, changes)
            elif (
                t.kind == "word" and t.text in _TIMES and self.word(i + 1, "or", "to") and self.count_at(i + 2)
                and self.count_at(i + 2)[0] > _TIMES[t.text] and self.times_sign(self.count_at(i + 2)[1])
                and self.per_day_at(self.count_at(i + 2)[1] + 1) and "times_range" not in changes
            ):
                # "twice or three times a day", "twice to four times daily": a range of times a day
                high, after = self.count_at(i + 2)
                changes["times_range"], nxt = (_TIMES[t.text], high), self.per_day_at(after + 1)
            elif t.kind == "word" and t.text in _TIMES and self.word(i + 1, "or") and self.word(i + 2, *_TIMES) and self.word(
                i + 3, "daily", "a", "per", "each"
            ):
                changes["times_range"] = (_TIMES[t.text], _TIMES[self.toks[i + 2].text])
                nxt = i + 4
            elif t.kind == "word" and t.text == "at" and "interval" not in changes and (
                    spaced := self.spaced_interval(i + 1)) is not None:
                # "each at 1-week intervals", "at 2-week intervals", "at intervals of 4 weeks": every N weeks
                changes["interval"], nxt = spaced[0], spaced[1]
            elif t.kind == "word" and t.text == "fortnightly":
                changes["interval"] = (Decimal(2), "week")
            elif t.kind == "word" and t.text == "monthly":
                changes["interval"] = (Decimal(1), "month")
            elif t.kind == "word" and t.text in ("yearly", "annually"):
                changes["interval"] = (Decimal(1), "year")
            elif t.kind == "word" and t.text in ("hourly", "hrly") and (
                self._hours_at(i - 1) or (self.sym(i - 1, *_DASHES) and self._hours_at(i - 2))
            ):
                k = i - 1 if self._hours_at(i - 1) else i - 2  # "6 hourly", "6-hourly", "twelve-hourly"
                high = self._hours_at(k)
                changes["interval"] = (high, "hour")
                if (self.sym(k - 1, *_DASHES) or self.word(k - 1, "to")) and self.num(k - 2):
                    changes["interval"], changes["interval_max"] = (_number(self.toks[k - 2], self.line), "hour"), high
                elif self.word(k - 1, "to") and self.sym(k - 2, *_DASHES) and self.num(k - 3):
                    # "4- to 6-hourly": the first number's hyphen is suspended until the second's
                    changes["interval"], changes["interval_max"] = (_number(self.toks[k - 3], self.line), "hour"), high
            elif (
                t.text in ("x", "×")
                and i > lo
                and self.count_at(i - 1)
                and self.per_day_at(i + 1)
                and "times_range" not in changes
                and "times_per_day" not in changes
            ):
                # "500mg 4 x daily", "2 x a day": 'x' is 'times' there, a daily frequency (never once a day)
                changes["times_per_day"], nxt = self.count_at(i - 1)[0], self.per_day_at(i + 1)
            elif (t.kind == "sym" and t.text in ("×", "x")) or (t.kind == "word" and t.text == "x" and self.num(i + 1)):
                c = self.count_at(i + 1)
                span = self.time_span(i + 1)
                if span is not None and (span[1] != span[0] or self.uk_fraction(i + 2) is not None):
                    # "x 5-7 days": a course of 5 to 7 days, not five doses; "x 5/7": five days
                    changes["duration"], nxt = (span[0], span[1], span[3]), span[4]
                elif c is not None:
                    if self.word(c[1]) and self.toks[c[1]].text in _TIME_UNITS:
                        unit = _TIME_UNITS[self.toks[c[1]].text]
                        changes["duration"], nxt = (Decimal(c[0]), Decimal(c[0]), unit), c[1] + 1
                    else:
                        changes["doses"], nxt = (c[0], c[0]), c[1] + (1 if self.word(c[1], "doses", "dose") else 0)
            elif t.kind == "word" and re.fullmatch(r"x\d+", t.text):
                n = int(t.text[1:])
                uk = self.uk_fraction(i + 1)
                if uk is not None:
                    changes["duration"], nxt = (Decimal(n), Decimal(n), uk[0]), uk[1]  # "x5/7": five days
                elif self.word(i + 1) and self.toks[i + 1].text in _TIME_UNITS:
                    # "x5 days": a course length, not five doses
                    changes["duration"], nxt = (Decimal(n), Decimal(n), _TIME_UNITS[self.toks[i + 1].text]), i + 2
                else:
                    changes["doses"] = (n, n)
            elif (t.kind == "word" and (dose.per == "day" or changes.get("per") == "day")
                  and "times_range" not in changes and (split := self.day_split(i)) is not None):
                # "1-2.5 mg/kg a day in 1 or 2 doses", "200-400 mg a day as a single dose or in two divided doses":
                # how many doses the day's amount is given in, a range of times a day (never a course's count)
                low, high, nxt = split
                if low == high:
                    changes["times_per_day"] = low
                else:
                    changes["times_range"] = (low, high)
                    changes.pop("times_per_day", None)  # the once a day of a bare "daily" before it no longer holds
                changes.pop("doses", None)
            elif t.kind == "word" and t.text == "divided" and self.word(i + 1, "into", "in") and self.count_at(i + 2):
                # "divided into 3 doses": three doses a day; the trailing "doses" is the same three, not a course
                n, end = self.count_at(i + 2)
                high = self.count_at(end + 1) if self.sym(end, *_DASHES) or self.word(end, "to", "or") else None
                if high is not None and high[0] > n and self.word(high[1], "doses") and not self.beyond_a_day(
                        high[1] + 1):
                    # "divided into 2-3 doses", "divided into two or three doses": a range of times a day
                    changes["times_range"], nxt = (n, high[0]), high[1] + 1
                    self.divided_per_day(dose, changes)
                    if changes.get("times_per_day") == 1:
                        del changes["times_per_day"]  # the once a day of a bare "daily" before it
                    i = nxt
                    continue
                changes["times_per_day"], nxt = n, end + (1 if self.word(end, "doses", "dose") else 0)
                if self.beyond_a_day(nxt):
                    del changes["times_per_day"]
                    changes["doses"] = (n, n)  # "divided into 4 doses over 48 hours": four doses in all
                else:
                    self.divided_per_day(dose, changes)
            elif (
                t.kind == "word"
                and t.text == "in"
                and self.count_at(i + 1)
                and (self.sym(self.count_at(i + 1)[1], *_DASHES) or self.word(self.count_at(i + 1)[1], "to", "or"))
                and self.count_at(self.count_at(i + 1)[1] + 1)
                and self.word(self.count_at(self.count_at(i + 1)[1] + 1)[1], "divided")
            ):
                # "in two to three divided doses", "in 2-4 divided doses": a range of times a day
                low, after = self.count_at(i + 1)
                high, end = self.count_at(after + 1)
                changes["times_range"], nxt = (low, high), end + 1
                if not self.beyond_a_day(nxt + (1 if self.word(nxt, "doses", "dose") else 0)):
                    self.divided_per_day(dose, changes)
                # "15-25 mg daily in 2-3 divided doses": the day's amount is split into 2 or 3 doses, so the once a
                # day a bare "daily" implies before it no longer holds
                if changes.get("times_per_day") == 1:
                    del changes["times_per_day"]
            elif t.kind == "word" and t.text == "in" and self.count_at(i + 1) and self.word(self.count_at(i + 1)[1], "divided"):
                c = self.count_at(i + 1)
                changes["times_per_day"], nxt = c[0], c[1] + 1
                if self.word(nxt, "doses", "dose") and self.beyond_a_day(nxt + 1):
                    # "2 g/kg in 4 divided doses over 48 hours": four doses in all over two days, not four a day
                    del changes["times_per_day"]
                    changes["doses"] = (c[0], c[0])
                else:
                    self.divided_per_day(dose, changes)
            elif (
                self.count_at(i) is not None
                and (self.sym(i + 1, *_DASHES) or self.word(i + 1, "to", "or"))
                and self.count_at(i + 2)
                and self.times_sign(self.count_at(i + 2)[1])
                and self.word(self.count_at(i + 2)[1] + 1, "daily", "a", "per", "each")
            ):
                hi_n = self.count_at(i + 2)
                changes["times_range"], nxt = (self.count_at(i)[0], hi_n[0]), hi_n[1] + 2
            elif t.kind == "word":
                if t.text in ROUTE_WORDS and ("route" not in changes or (nearest_route and self.nearer_route(i))) and not self.word(
                    i + 1, *_NOT_A_ROUTE_AFTER
                ) and not (
                    self.sym(i + 1, "-") and self.word(i + 2, "to")  # "IV-to-oral switch": a change, not a route
                ) and not self.switched_to(i) and not self.route_denied(lo, i) and not self.route_in_condition(i):
                    changes["route"] = ROUTE_WORDS[t.text]
                    changes.pop("route_alternatives", None)
                    if (self.sym(i + 1, "/") or self.word(i + 1, "or")) and self.word(i + 2) and (
                        self.toks[i + 2].text in ROUTE_WORDS
                        and ROUTE_WORDS[self.toks[i + 2].text] != changes["route"]
                    ):
                        # "IV/IM", "orally or IV": the first is drafted, the choice is reported
                        changes["route_alternatives"] = (changes["route"], ROUTE_WORDS[self.toks[i + 2].text])
                        nxt = i + 3
                elif t.text in ("if", "when", "unless") and "condition" not in changes and not self.in_warning_aside(lo, i):
                    # "(30 mg BD if eGFR 10-30)": the dose holds only under a condition the fields cannot hold
                    end = next((x for x in range(i + 1, hi) if self.sym(x, ")", ";", ".", ",")), hi)
                    changes["condition"] = self.text[t.start : self.toks[end - 1].end] if end > i else t.text
                elif self.word(i + 1) and (t.text, self.toks[i + 1].text) in _ROUTE_PHRASES and (
                    "route" not in changes or (nearest_route and self.nearer_route(i))
                ) and not self.route_denied(lo, i):
                    changes["route"], nxt = _ROUTE_PHRASES[(t.text, self.toks[i + 1].text)], i + 2
                    changes.pop("route_alternatives", None)
                elif (t.text in _AFTER_AMOUNT_ROUTES and i == lo and not dose.amount_not_stated
                      and "route" not in changes and not self.word(i + 1, *_NOT_A_ROUTE_AFTER)):
                    # "100 micrograms inh", "20 mg NG": straight after the amount the abbreviation is the route (before
                    # an amount "INH" is isoniazid, and "ng" after a number the nanogram)
                    changes["route"] = _AFTER_AMOUNT_ROUTES[t.text]
                elif t.text == "once" and self.per_week_at(i + 1) and dose.per in (None, "dose") and dose.doses is None:
                    # "once weekly", "once a week": the amount is the week's, never a day's ('the usual dose of
                    # 15-25 mg once a week' too: one dose a week is the week's amount)
                    changes["per"], nxt = "week", self.per_week_at(i + 1)
                elif t.text == "once" and self.word(i + 1, "a", "per", "each", "every") and self.word(
                    i + 2, "month", "year"
                ) and "interval" not in changes and dose.interval is None:
                    # "once a month", "once every year": one dose each month (year), as 'monthly' and 'yearly' are;
                    # the period stays a month (a year), never converted into days
                    changes["interval"], nxt = (Decimal(1), self.toks[i + 2].text), i + 3
                elif (t.text in _TIMES or (t.text == "times" and i > lo and self.times_count(i))) and self.per_week_at(
                    i + 1
                ):
                    # "twice a week", "3 times weekly": not a daily frequency; said in the schedule note
                    n = _TIMES[t.text] if t.text in _TIMES else self.times_count(i)
                    changes["times_per_week"], nxt = n, self.per_week_at(i + 1)
                elif t.text in _TIMES and self.per_day_at(i + 1) and "times_range" not in changes:
                    changes["times_per_day"], nxt = _TIMES[t.text], self.per_day_at(i + 1)
                elif (
                    t.text == "times"
                    and i > lo
                    and self.times_count(i)
                    and self.per_day_at(i + 1)
                    and "times_range" not in changes
                ):
                    changes["times_per_day"], nxt = self.times_count(i), self.per_day_at(i + 1)
                elif t.text == "hourly" and "interval" not in changes:
                    changes["interval"] = (Decimal(1), "hour")  # bare "hourly"; "6-hourly" is read above
                elif t.text == "alternate" and self.word(i + 1) and _TIME_UNITS.get(self.toks[i + 1].text) in (
                        "day", "week", "month") and "interval" not in changes:
                    # "on alternate days", "on alternate weeks": every second day (week, month)
                    changes["interval"], nxt = (Decimal(2), _TIME_UNITS[self.toks[i + 1].text]), i + 2
                elif t.text == "per" and self.word(i + 1, "dose") and dose.per is None and "per" not in changes:
                    # "3 mg/kg IV per dose": the period printed after the route is still the amount's
                    changes["per"], nxt = "dose", i + 2
                elif t.text in ("stat", "statim") and "doses" not in changes:
                    changes["doses"] = (1, 1)  # "stat": once, now
                elif t.text == "one" and self.sym(i + 1, *_DASHES) and self.word(i + 2, "off") and "doses" not in changes:
                    changes["doses"], nxt = (1, 1), i + 3  # "as a one-off bolus": one dose
                elif (
                    t.text == "once"
                    and "doses" not in changes
                    and not self.word(i - 1, "at", "all")  # "treat at once": straight away, not one dose
                    and (i + 1 >= hi or self.sym(i + 1, ".", ",", ";", ")", "(") or self.word(i + 1, "only")
                         # "given once over 10 minutes": one dose, run over that time
                         or (self.word(i + 1, "over") and (self.time_span(i + 2) or (0, 0, 0, ""))[3] in (
                             "minute", "hour")))
                ):
                    changes["doses"] = (1, 1)  # "400 mg PO once": one dose
                elif (t.text == "prn" or (t.text == "as" and self.word(i + 1, "needed", "required"))) and (
                    dose.per is None and "per" not in changes
                ):
                    changes["per"] = "dose"  # "5 mg PRN", "as needed": the amount given each time
                elif t.text in ("bolus", "boluses") and dose.per is None and "per" not in changes:
                    changes["per"] = "dose"  # "10 mL/kg bolus": a bolus is one administration, given at once
                elif (
                    t.text == "per"
                    and self.word(i + 1, "day", "week")
                    and dose.per is None
                    and "per" not in changes
                    and "times_per_day" not in changes
                    and "times_range" not in changes
                ):
                    # "at least 5 mg of folic acid per week": the period printed after the drug's name is the amount's
                    changes["per"], nxt = _PERIODS[self.toks[i + 1].text], i + 2
                elif (
                    t.text == "daily"
                    and dose.per is None
                    and not self._times_before(i)
                    and not self.word(i - 1, "divided", "single", "or")
                    and "times_per_day" not in changes
                    and "times_range" not in changes
                ):
                    changes["per"] = "day"  # "500 mg IV daily", "1-2 mg/kg (max 40 mg) daily"
                    if dose.basis is None or dose.basis == "flat":
                        # a flat amount "daily" is given once a day, as "once daily" is; a weight-based daily amount
                        # ("1-2 mg/kg daily") may be split, so no frequency is read for it
                        changes["times_per_day"] = 1
                elif (
                    t.text == "weekly"
                    and dose.per is None
                    and "per" not in changes
                    and "times_per_week" not in changes
                    and not self._times_before(i)
                ):
                    changes["per"] = "week"  # "15 mg orally weekly": the week's amount, as "15 mg weekly" is
                elif (
                    (t.text == "at" and self.word(i + 1, "night", "bedtime"))
                    or (t.text in ("every", "each") and self.word(i + 1, "morning", "night", "evening"))
                    or (t.text == "in" and self.word(i + 1, "the") and self.word(i + 2, "morning", "evening"))
                    or t.text in ("nightly", "nocte", "mane")
                    or self._omni_nocte(i)
                ) and "times_per_day" not in changes and "times_range" not in changes:
                    changes["times_per_day"] = 1  # once a day, at that time
                    nxt = i + (1 if t.text in ("nightly", "nocte", "mane", "on") else 3 if t.text == "in" else 2)
                elif (
                    not dose.amount_not_stated  # "repeat after 5 minutes" alone repeats a dose stated elsewhere
                    and t.text in ("repeat", "repeated", "repeating")
                    and self.word(i + 1, "after", "every", "in")
                    # "one repeat after 2 hours allowed", "a single repeat after 10 minutes": one further dose at most,
                    # as "repeat once after 2 hours" is: neither a regular interval nor a count (noted by the draft)
                    and not self.word(i - 1, "one", "single")
                    and self.time_span(i + 2)
                    and "interval" not in changes
                ):
                    # "repeat after 5 minutes if needed": the interval between doses
                    span = self.time_span(i + 2)
                    changes["interval"], nxt = (span[0], span[3]), span[4]
                    if span[1] != span[0]:
                        changes["interval_max"] = span[1]
                    if self.word(i + 1, "after", "in") and not self.open_ended(span[4]):
                        # "200 micrograms/kg, repeated in 2 weeks", "100 mg once, repeated after 2 weeks": the dose
                        # is given once more, so two doses; "repeat after 5 minutes if needed" (or "until ...")
                        # may go on, so no count is read
                        changes["doses"] = (2, 2)
                elif (
                    not dose.amount_not_stated
                    and t.text in ("second", "further", "another")
                    and self.word(i + 1, "dose")
                    and self.word(i + 2, "after", "in")
                    and self.time_span(i + 3)
                    and "interval" not in changes
                ):
                    # "needs a second dose after 2 weeks": two doses, that far apart ("... if needed": the interval
                    # only, as for an open repeat)
                    span = self.time_span(i + 3)
                    changes["interval"], nxt = (span[0], span[3]), span[4]
                    if span[1] != span[0]:
                        changes["interval_max"] = span[1]
                    if not self.open_ended(span[4]):
                        changes["doses"] = (2, 2)
                elif t.text == "single" and self.word(i + 1, "daily") and self.word(i + 2, "dose"):
                    changes["times_per_day"], nxt = 1, i + 3
                elif (t.text == "single" and self.word(i + 1, "dose") and (
                        self.word(i - 1, "the") or self.word(i - 2, "the")) and not self.word(i - 2, "as", "in", "by")):
                    nxt = i + 2  # "with the single dose of gentamicin", "plus the gentamicin single dose": another drug's
                elif (t.text == "single" and self.word(i + 1, "dose") and self.word(i - 1, "a")
                      and self.word(i - 2, "in", "as")
                      and 1 in (changes.get("times_per_day"), dose.times_per_day)):
                    # "50 mg/kg IV qd in a single dose", "daily in a single dose": the day's amount given at once,
                    # once a day for the course; not one administration in all
                    nxt = i + 2
                elif t.text == "single" and self.word(i + 1, "dose", "infusion", "injection", "bolus"):
                    changes["doses"], nxt = (1, 1), i + 2  # "as a single dose", "in a single dose"
                    if self.word(i + 1, "infusion"):
                        # "as a single infusion over 12 hours": one dose, and an infusion is how it is given
                        nxt = i + 1
                elif (
                    t.text == "single"
                    and self.word(i + 1)
                    and self.toks[i + 1].text in ROUTE_WORDS
                    and self.word(i + 2, "dose", "infusion", "injection", "bolus")
                ):
                    changes["doses"] = (1, 1)  # "single oral dose": the route word is read next
                elif t.text == "every":
                    nth = self.nth_time_unit(i + 1)
                    if nth is not None:
                        # "every other week", "every alternate day", "every second month", "every 3rd day": one dose
                        # each N-th period, the same interval as "every 2 weeks"
                        changes["interval"], nxt = (Decimal(nth[0]), nth[1]), nth[2]
                    else:
                        span = self.time_span(i + 1)
                        if span:
                            changes["interval"], nxt = (span[0], span[3]), span[4]
                            if span[1] != span[0]:
                                changes["interval_max"] = span[1]
                        elif self.word(i + 1) and self.toks[i + 1].text in _TIME_UNITS:
                            changes["interval"], nxt = (Decimal(1), _TIME_UNITS[self.toks[i + 1].text]), i + 2
                elif t.text in ("for", "over") and any(a <= i + 1 < b for a, b, _ in self.bands()):
                    pass  # 'adults over 12 years': an age band, not a duration
                elif t.text == "for" and self.word(i - 1, *cue_words("contact_verbs")) and (
                        self.time_span(i + 1) or (0, 0, 0, ""))[3] in ("minute", "hour", "second"):
                    # "retained for 30-60 minutes", "left on for 8 hours": how long one application stays in place,
                    # never how long the course runs (the statement keeps it as printed)
                    nxt = self.time_span(i + 1)[4]
                elif t.text == "for" and any(self.word(x, "until", "unless", "till") for x in range(lo, i)):
                    pass  # 'until afebrile for 48 hours': a condition to stop, not the course's duration
                elif (t.text == "up" and self.word(i + 1, "to") and "duration" not in changes
                      and (self.time_span(i + 2) or (0, 0, 0, ""))[3] in ("day", "week", "month")
                      and not any(self.word(x, "until", "unless", "till", "after", "within") for x in range(lo, i))):
                    # "1 g every 6 hours up to 5 days": the course's upper bound, as "for up to 5 days" is
                    span = self.time_span(i + 2)
                    changes["duration"], nxt = (None, span[1], span[3]), span[4]
                elif t.text == "over" and self.steps_over(i) is not None:
                    # "40 mg daily, weaning over 6 weeks", "titrate up to 20 mg over 4 weeks": the span the steps run
                    # over, not how long this amount is given; kept as written for the curator, never the course
                    end = self.steps_over(i)
                    verb = next(x for x in range(i - 1, -1, -1) if self.word(x, *_STEP_SPAN_VERBS))
                    start = verb if verb >= lo else i  # 'weaning over 6 weeks', as printed from its verb
                    changes["step_span"] = self.text[self.toks[start].start : self.toks[end - 1].end]
                    nxt = end
                elif t.text in ("for", "over") or (t.text == "duration" and self._duration_label(i) is not None) or (
                        # "during the first 3 days": the course, as "for the first 3 days" is ("during pregnancy" is not)
                        t.text == "during" and self.word(i + 1, "the") and self.word(i + 2, "first", "next", "initial")):
                    # "Duration: 7 days", "duration of 5 days", "duration at least 7 days" read as "for 7 days"
                    k = i + 1 if t.text != "duration" else self._duration_label(i)
                    # "for at least 10 days", "for a minimum of 6 weeks", "for no less than 10 days": a lower bound
                    # of the course; "for up to 6 weeks", "for a maximum of 5 days", "for no more than 5 days": an
                    # upper bound (symbols such as '≥' are an amount's, not a course's, so only words count here)
                    floor = self.floor_prefix(k) if self.word(k) else None
                    at_least = floor is not None
                    if at_least:
                        k = floor
                    up_to = self.word(k, "up") and self.word(k + 1, "to")
                    if up_to:
                        k += 2
                    elif self.word(k, "a") and self.word(k + 1, "maximum") and self.word(k + 2, "of"):
                        up_to, k = True, k + 3
                    elif self.word(k, "no", "not") and self.word(k + 1, "more", "longer") and self.word(k + 2, "than"):
                        up_to, k = True, k + 3
                    # "for the first hour", "for the next 3 days": a span counted from the start of treatment
                    ordinal = self.word(k, "the") and self.word(k + 1, "first", "next", "following", "initial")
                    if ordinal:
                        k += 2
                    # "for a total of 7 days", "for a further 7 days", "for another 5 days", "for an additional 3
                    # days": the span is this dose's course
                    if self.word(k, "a") and self.word(k + 1, "total") and self.word(k + 2, "of"):
                        k += 3
                    elif self.word(k, "a", "an") and self.word(k + 1, "further", "additional", "extra"):
                        k += 2
                    elif self.word(k, "another", "further"):
                        k += 1
                    span = self.time_span(k)
                    if span is not None and not up_to and not at_least:
                        # "for 6 weeks minimum", "for 7 days or longer", "for 7 days or more": a lower bound;
                        # "for 5 days maximum": an upper one
                        e = span[4]
                        alone = not (self.num(e + 1) or self.num(e + 2) or self.word(e + 2, "than"))
                        if alone and (self.word(e, "minimum", "min") or (self.word(e, "or", "and") and self.word(
                                e + 1, "longer", "more", "over", "above"))):
                            at_least = True
                        elif alone and (self.word(e, "maximum", "max") or (self.word(e, "or") and self.word(
                                e + 1, "less", "fewer", "shorter"))):
                            up_to = True
                    if span is None and ordinal and self.word(k) and self.toks[k].text in _TIME_UNITS:
                        span = (Decimal(1), Decimal(1), False, _TIME_UNITS[self.toks[k].text], k + 1)
                    if span and t.text == "for" and self.word(span[4], *_AFTER_EVENT):
                        # "for 2 days after new lesions stop forming": a span counted from an event. It goes on past
                        # the course ("and for 2 days after", "continue for 2 days after") and is never its length
                        # then; alone ("for 5 days following surgery") it is the course, read only if no course
                        # length is stated beside it ("for at least 7 days" stays the duration)
                        if not any(self.word(x, *_GO_ON) for x in range(max(lo, i - 3), i)):
                            event_span = (None if up_to else span[0], None if at_least else span[1], span[3])
                        i = span[4]
                        continue
                    if span:
                        s_lo, s_hi, consecutive, unit, nxt = span
                        if unit in ("hour", "minute", "second") and t.text == "over":
                            # 'over 10-12 hours': how long one infusion runs, not how long the course lasts
                            changes["infusion"] = (s_lo, s_hi, unit)
                            i = nxt
                            continue
                        changes["duration"] = (None if up_to else s_lo, None if at_least else s_hi, unit)
                        over_days = t.text == "over" and unit in ("day", "week")
                        if consecutive and unit == "day" and t.text == "for":
                            consecutive_no_period = (int(s_lo), int(s_hi))
                elif (
                    t.text in ("doses", "dose")
                    and i > lo
                    and self.count_at(i - 1)
                    and self.count_cap_before(i - 2) is not None
                ):
                    # "max 4 doses in 24 hours", "no more than 4 doses in 24 hours", "up to 8 doses": a cap on how many
                    # doses, not a course of that many; kept as written for the curator (the vocabulary has no field
                    # for it); "max 8 doses (2 mg in total)": the bracket is the maximum amount, read as such
                    end = next((x for x in range(i + 1, hi) if self.sym(x, ")", "(", ";", ".", ",")), hi)
                    first = self.count_cap_before(i - 2)
                    phrase = self.text[self.toks[first].start : self.toks[end - 1].end]
                    changes["other_maxima"] = (*dose.other_maxima, phrase)
                    nxt = end
                elif t.text in _COUNTED_ADMINISTRATIONS and i > lo and self.count_at(i - 1) and (
                    self.word(self._counted_from(i - 2, lo), "after", "following", "within", "until")
                ):
                    # "if pain persists after two doses of oral morphine", "review after 48 hours or 6 doses": when
                    # to act, not a course of that many
                    pass
                elif (t.text in _COUNTED_ADMINISTRATIONS and i > lo + 1 and self.word(i - 1, "separate", "individual")
                      and self.count_at(i - 2) and "doses" not in changes):
                    # "administered as 3 separate doses of 2.4 million units": three administrations
                    n = self.count_at(i - 2)[0]
                    changes["doses"] = (n, n)
                elif t.text in _COUNTED_ADMINISTRATIONS and i > lo and self.count_at(i - 1):
                    n = self.count_at(i - 1)[0]
                    changes["doses"] = (n, n)
                    low = self.count_at(i - 3) if i - 3 >= lo else None
                    if (self.sym(i - 2, *_DASHES) or self.word(i - 2, "to", "or")) and low and low[0] < n:
                        changes["doses"] = (low[0], n)  # "for 2-3 doses", "2 or 3 doses": a range of counts
                elif t.text in _DESCRIPTOR_LEVELS and self.sym(i + 1, "-") and self.word(i + 2, "dose"):
                    changes["descriptor"], nxt = f"{t.text}-dose", i + 3
                elif t.text == "pulse":
                    changes["descriptor"] = "pulse"
                elif t.text == "first" and self.word(i + 1, "dose") and (
                    self.num(i + 2) or (self.word(i + 2, "of", "is") and self.num(i + 3))
                    or (self.sym(i + 2, ":") and self.num(i + 3))
                    # "750 mg PO as a single first dose, then 250 mg q8h": the amount is the first dose itself
                    or (self.word(i - 1, "single", "a", "the") and self.word(i - 2, "as", "a"))
                ):
                    # "(first dose 200 mg)", "first dose of 2 g": one administration at the start
                    changes["initial"] = True
                    if "doses" not in changes:
                        changes["doses"] = (1, 1)
                elif t.text == "initially" or (t.text in ("initial", "starting", "loading") and (
                    # "Optional loading dose below", "see the loading dose above": a pointer to another dose
                    (self.word(i + 1, "dose") and not self.word(i + 2, "below", "above")) or (t.text == "loading" and (
                        self.num(i + 1) or (self.sym(i + 1, ":") and self.num(i + 2))))
                )):
                    # "loading dose 20 mg/kg", and a table's "Loading dose" column read as "Loading 7 mg/kg"
                    changes["initial"] = True
                    if self.word(i + 1, "dose"):
                        # "initial dose", "starting dose": the words name one administration (its period is per dose)
                        changes["one_administration"] = True
                    if t.text == "loading" and "doses" not in changes:
                        # a loading dose is one administration before the maintenance dose
                        changes["doses"] = (1, 1)
            elif t.kind == "num" and self.sym(i + 1, "%") and self.sym(i - 1, "(") and self.sym(i + 2, ")"):
                changes["concentration"] = _number(t, self.line)
                nxt = i + 3
            elif (t.kind == "num" and self.word(i + 1, "days") and self.word(i + 2, "a", "per", "each", "every")
                  and self.word(i + 3, "week") and "timing" not in changes):
                # "20 mg daily, 5 days a week": which days of each week (no field holds it): the schedule note
                changes["timing"], nxt = self.text[t.start : self.toks[i + 3].end], i + 4
            elif t.kind == "num":
                span = self.time_span(i)
                if span and self.word(span[4], "apart"):
                    changes["interval"], nxt = (span[0], span[3]), span[4] + 1
                elif (span and span[3] in ("day", "week", "month") and "duration" not in changes
                      and dose.duration is None and not self.sym(i - 1, "(")
                      and not self.word(i - 1, "for", "over", "in", "of", "to", "and", "or", "after", "before")
                      and self.main_span_with_range(span)):
                    # "14 days (10-21 days)", a table's "Duration (Range)" cell: the figure printed first is the
                    # course, the bracket after it the range around it (not a second course, not the course itself)
                    changes["duration"], nxt = (span[0], span[1], span[3]), self.closing_bracket(span[4] + 1) + 1
                elif (span and span[3] in ("day", "week", "month") and "duration" not in changes
                      and dose.duration is None and (
                          (self.sym(i - 1, "(") and self.sym(span[4], ")"))
                          or self.word(span[4], "course", "courses", "regimen", "treatment"))):
                    # "1 g three times a day (7 days)", "a 7 day course": how long the course runs
                    changes["duration"], nxt = (span[0], span[1], span[3]), span[4] + 1
                elif (span and span[3] in ("day", "week") and "duration" not in changes and dose.duration is None
                      and ("interval" in changes or "times_per_day" in changes or dose.interval is not None
                           or dose.times_per_day is not None)
                      # (a comma may stand between, as the cell's own separator: 'three times a day, 14 days')
                      and (self.word(i - 1) or (self.sym(i - 1, ",") and self.word(i - 2, *_FREQUENCY_ENDS)))
                      and not self.word(i - 1, "for", "over", "in", "of", "to", "and", "or", "after", "before")
                      and not any(b[0] <= i < b[1] for b in self.bands())
                      and (span[4] >= len(self.toks) or self.sym(span[4], ".", ";", ",", ")")
                           or (self.tok(span[4]) is not None and self.toks[span[4]].kind == "word"
                               and self.text[self.toks[span[4]].start:self.toks[span[4]].start + 1].isupper()))):
                    # "500mg every 6 hours 5-7 days", a drug table's duration cell printed straight after the
                    # frequency cell: how long the course runs (a bare span after a frequency, ending the clause)
                    changes["duration"], nxt = (span[0], span[1], span[3]), span[4]
                elif (not span and "duration" not in changes and dose.duration is None and self.sym(i + 1, *_DASHES)
                      and self.word(i + 2, "day", "week", "month") and self.word(i + 3, "course", "regimen",
                                                                                   "treatment")):
                    # "a 7-day course": the hyphenated adjective is the course's length
                    n = _number(t, self.line)
                    changes["duration"], nxt = (n, n, _TIME_UNITS[self.toks[i + 2].text]), i + 4
            i = nxt
        if event_span is not None and "duration" not in changes and dose.duration is None:
            changes["duration"] = event_span
        if any(self.word(x, *_ONE_ADMINISTRATION_WORDS) for x in range(lo, hi)) or any(
            self.word(x, "after", "with", "following", "per") and self.word(x + 1, "each", "every", "any")
            and self.word(x + 2) and self.toks[x + 2].text not in _TIME_UNITS
            and self.toks[x + 2].text not in ("other", "dose", "morning", "evening", "night") for x in range(lo, hi)
        ) or any(
            # "4 micrograms/kg IV; repeat if there is no response": what is repeated is one administration
            self.word(x, "repeat", "repeated") and self.word(x + 1, "if", "as", "once", "after", "every", "until")
            for x in range(lo, hi)
        ):
            # "10 mL/kg after each watery stool", "2 mL/kg after every vomit", "with each feed": the amount is given
            # once at every such event, so it is one administration (per dose), whatever the events' number
            changes["one_administration"] = True
        if "route" not in changes and dose.route is None:
            form = self.route_form(lo, hi)
            if form is not None:
                changes["route"] = form  # "6.25 mg s/c", "10 mg suppository", "by subcutaneous injection"
        dose = replace(dose, **changes)
        return _settle_period(dose, over_days, consecutive_no_period)

    def titration_clause(self, lo: int, i: int) -> bool:
        """Token i opens a clause after the dose that changes it ("..., increased at weekly intervals", "..., doubled
        every 30 minutes", "... and titrate every 2 weeks"): a titration verb (data/cue_words.txt) right after a
        comma, semicolon, 'and' or 'then' ('double strength' is a product, not a step)."""
        t = self.toks[i]
        if i <= lo or t.kind != "word" or t.text not in _TITRATION_VERBS | _STEP_TARGET_VERBS:
            return False
        if self.word(i + 1, "strength", "dose", "doses"):
            return False
        k = i - 1
        while k > lo and self.word(k, "then", "and", "gradually", "slowly", "may", "can", "be", "if", "needed"):
            k -= 1
        return self.sym(k, ",", ";") or self.word(i - 1, "and", "then")

    def nearer_route(self, i: int) -> bool:
        """A route word at i, after another route before the amount, replaces it: not when it is that route's
        alternative ('by subcutaneous injection or infusion', 'IV/IM') or the bare method 'infusion', which says
        nothing against a route already named ('subcutaneous ... infusion')."""
        return not (self.word(i - 1, "or", "and") or self.sym(i - 1, "/")
                    or self.word(i, "infusion", "infusions"))

    def route_in_condition(self, i: int) -> bool:
        """The route word at i names another dose in a condition: '600 micrograms/kg as a single dose, if the oral
        dose cannot be given', 'when the IV route is not available': 'if'/'when'/'unless' a few words before, and the
        word after it names a dose, route or form (the condition's subject), never how this dose is given."""
        if not self.word(i + 1, "dose", "doses", "route", "form", "formulation", "preparation", "medicine"):
            return False
        for k in range(i - 1, max(-1, i - 4), -1):
            if self.word(k, "if", "when", "unless", "where", "until", "once"):
                return True
            if self.tok(k) is None or self.toks[k].kind == "sym":
                return False
        return False

    def route_denied(self, lo: int, i: int) -> bool:
        """The route word at i names a way the dose is NOT given: 'nil by mouth', 'nothing by mouth', 'unable to take
        orally', 'not controlled by oral morphine', 'instead of IV' (a word of _NOT_THIS_FORM or 'nil'/'nothing'
        within the three words before it)."""
        for k in range(i - 1, max(lo, i - 3) - 1, -1):
            if self.tok(k) is None or (self.toks[k].kind == "sym" and self.toks[k].text not in ("-", "'")):
                return False  # 'Where diamorphine is not stocked, intranasal fentanyl': the clause ended
            if self.word(k, *_NOT_THIS_FORM):
                return True
        return False

    def route_form(self, lo: int, hi: int) -> str | None:
        """The route a form or method in tokens [lo, hi) says (data/route_forms.txt: "s/c", "suppository",
        "transdermal patch", "dispersible tablets"), read only where no route word stands; never a form the dose is
        switched to or that the patient cannot take ("switch to tablets", "if unable to take tablets"). Forms that
        disagree settle nothing, except that where the dose is put ("insert one tablet into the vagina", "apply the
        patch to the affected area") says more than what it is; the route is then left unstated, never guessed."""
        found = self.route_form_hits(lo, hi)
        routes = {r for r, _ in found}
        if len(routes) == 1:
            return routes.pop()
        placed = {r for r, placing in found if placing}
        return placed.pop() if len(placed) == 1 else None

    def route_form_hits(self, lo: int, hi: int) -> list[tuple[str, bool]]:
        """(route, whether the form says where the dose is put) of each form in tokens [lo, hi), in order."""
        found: list[tuple[str, bool]] = []
        i = lo
        by_first = route_forms_by_first_word()
        while i < hi:
            for form, route in by_first.get(self.toks[i].text, ()):
                end = i + len(form)
                if end > hi or any(self.toks[i + n].text != w for n, w in enumerate(form)):
                    continue
                if self.switched_to(i) or any(self.word(k, *_NOT_THIS_FORM) for k in range(max(lo, i - 3), i)):
                    continue
                found.append((route, form[0] in _PLACING_WORDS))
                i = end - 1  # the longest form at i is read; its words are not read again ("vaginal tablet")
                break
            i += 1
        return found

    # ------------------------------------------------------------ statement

    def is_trailing_limit(self, core_start: int) -> bool:
        """', up to 4 g daily' after a dose: the limit of the dose before it (a monograph's maximum), not a second
        dose. After a titration step ('increase by 500 mg weekly, up to 2 g/day') it is the dose titrated to."""
        # in brackets right after the dose and holding only the limit ('15 mg/kg (up to 1 g) twice daily') it is that
        # dose's limit too; a bracket that goes on with a condition ('(up to 1 g in severe infection)') is not
        if self.word(core_start, "up") and self.word(core_start + 1, "to"):
            opener = core_start - 1  # the core starts at its "up to" prefix
        elif self.word(core_start - 1, "to") and self.word(core_start - 2, "up"):
            opener = core_start - 3
        else:
            return False
        if self.sym(opener, ","):
            return not self.goes_on_with_condition(core_start)
        return self.sym(opener, "(") and self._bracket_holds_only_a_limit(opener + 1)

    def _bracket_holds_only_a_limit(self, k: int) -> bool:
        """The bracket opened before k closes before any word that makes it a condition or a second dose."""
        for j in range(k, min(k + 12, len(self.toks))):
            if self.sym(j, ")"):
                return True
            if self.limit_period_at(j):
                continue  # "(up to 2.4 g in 24 hours)": the limit's own period, not a condition
            if self.word(j, *_BRACKET_CONDITION_WORDS):
                return False
        return False

    def in_limit_bracket(self, limit: _Core, core: _Core) -> bool:
        """Whether core stands in the same bracket as the maximum before it, after a ',' / ';' / 'and' / 'or'
        ('(max 2 g per dose, 4 g per day)', '[maximum 2 g/dose; 4 g/day in meningitis]')."""
        opener = next((x for x in range(limit.start - 1, max(-1, limit.start - 6), -1) if self.sym(x, "(", "[")), None)
        if opener is None:
            return False
        gap = range(limit.end, core.start)
        if any(self.sym(x, ")", "]", "(", "[") for x in gap):
            return False
        if not any(self.sym(x, ",", ";") or self.word(x, "and", "or") for x in gap):
            return False
        return any(self.sym(x, ")", "]") for x in range(core.end, len(self.toks)))

    def limit_period_at(self, j: int) -> bool:
        """'in 24 hours', 'per day', 'over any 24 hours', 'within a day' at j: the period a limit is counted over."""
        if not self.word(j, "in", "per", "over", "within", "each", "every", "a"):
            return False
        k = j + 1
        if self.word(k, "any", "a", "one", "each", "every"):
            k += 1
        if self.num(k):
            k += 1
        return self.word(k) and self.toks[k].text in _TIME_UNITS

    def goes_on_with_condition(self, core_start: int) -> bool:
        """', up to 2 g in severe infection': words after the limit's amount, before the clause ends, that make it a
        dose for some patients (a condition), not a ceiling of the dose before it."""
        return self.condition_after(core_start) is not None

    def condition_after(self, core_start: int) -> str | None:
        """The condition words after the amount at core_start ('in severe infection'), up to the clause's end."""
        core = self.amount(core_start)
        j = core.end if core is not None else core_start + 1
        while j < len(self.toks) and not self.sym(j, ",", ";", ".", ")", ":"):
            if self.limit_period_at(j):
                j += 1
                continue
            if self.word(j, *(_BRACKET_CONDITION_WORDS - {"or", "and", "then", "after", "before"})):
                end = next((x for x in range(j, len(self.toks)) if self.sym(x, ",", ";", ".", ")", ":")),
                           len(self.toks))
                return self.text[self.toks[j].start : self.toks[end - 1].end]
            if self.word(j, "then"):
                return None
            j += 1
        return None

    def is_cumulative_limit(self, core_start: int) -> bool:
        """'up to a total of 10 mg', 'to a cumulative total of 10 mg', 'to a total dose of 3 mg/kg': the most given
        over the whole course, a maximum (per course), never an amount of its own."""
        k = core_start - 1
        seen_total = False
        while k >= 0 and core_start - k <= 6:
            if self.word(k, "total", "cumulative"):
                seen_total = True
            elif self.word(k, "to") and seen_total:
                return True
            elif not self.word(k, "a", "of", "dose", "maximum", "max", "the"):
                return False
            k -= 1
        return False

    def maximum_lead(self, core_start: int) -> int:
        """The index of the word that opens the maximum at core_start ("maximum daily dose 4 g" -> "maximum"); the
        core's own start when no such word stands within the maximum's usual lead words."""
        k = core_start - 1
        while k >= 0 and core_start - k <= 5:
            if self.word(k, *_MAX_WORDS) or self.word(k, "exceeding", "exceed"):
                return k
            if self.word(k, "at", "to", "of") and self.word(k - 1, *_CAP_WORDS):
                return k - 1
            if not self.word(k, "absolute", "dose", "of", "total", "single", "per", "each", "daily", "weekly",
                             "recommended", "is"):
                break
            k -= 1
        return core_start

    def amount_unit_at(self, k: int) -> int:
        """The token after the number or range of numbers that starts at k ('5' or '5–10' before 'mL')."""
        q = self.quantity(k)
        return q[2] if q else k + 1

    @staticmethod
    def divided_per_day(dose: Dose, changes: dict) -> None:
        """'40 mg/kg in 3 divided doses', 'divided into 2 doses': the amount is what is split into the day's doses, the
        day's total, so with no period of its own it is per day (never each dose's amount, which would give the
        patient three times the total)."""
        if dose.per is None and "per" not in changes and dose.infusion is None and "infusion" not in changes:
            # ('60 mg/kg over 24 hours in 4 divided doses', 'over 48 hours in 4 divided doses': the span says whether
            # the amount is the day's or the course's; _spread_over decides that once the whole dose is read)
            changes["per"] = "day"

    def beyond_a_day(self, k: int) -> bool:
        """'over 48 hours', 'over 2 days', 'over 5 days' at k: a span longer than one day."""
        if not self.word(k, "over"):
            return False
        span = self.time_span(k + 1)
        if span is None:
            return False
        hours = {"hour": 1, "day": 24, "week": 168}.get(span[3])
        return hours is not None and span[0] * hours > 24

    def count_cap_before(self, k: int) -> int | None:
        """The first token of a cap that ends at k and is put on a number of doses ('max', 'maximum of', 'up to',
        'no more than', 'not more than', 'at most', 'not exceeding', 'do not exceed'), or None."""
        if self.word(k, *_MAX_WORDS, "exceed", "exceeding"):
            return k
        if self.word(k, "of") and self.word(k - 1, *_MAX_WORDS):
            return k - 1
        if self.word(k, "to") and self.word(k - 1, "up"):
            return k - 1
        if self.word(k, "most") and self.word(k - 1, "at"):
            return k - 1
        if self.word(k, "than") and self.word(k - 1, "more") and self.word(k - 2, "no", "not"):
            return k - 2
        return None

    def is_maximum(self, core_start: int) -> bool:
        if self.is_cumulative_limit(core_start):
            return True
        if (self.sym(core_start - 1, "(") and self.word(core_start - 2, "doses") and self.count_at(core_start - 3)
                and self.count_cap_before(core_start - 4) is not None):
            return True  # "max 8 doses (2 mg in total)", "max 2 doses (20 mg) in 24 hours": the most given, a maximum
        k = core_start - 1
        skipped = 0
        while k >= 0 and skipped < 4:
            if self.word(k, *_MAX_WORDS):
                return True
            if self.word(k, "exceeding", "exceed"):
                return True
            if self.word(k, "at", "to", "of") and self.word(k - 1, *_CAP_WORDS):
                return True  # "capped at 1 g", "limited to 60 mg", "a cap of 2 g": a maximum
            if self.word(k, "absolute", "dose", "of", "total", "single", "per", "each", "daily", "weekly", "recommended",
                         "is") or self.sym(k, ":", "(", ",", "."):
                k -= 1
                skipped += 1
                continue
            return False
        return False

    def is_postfix_maximum(self, core: _Core) -> bool:
        """'(30 mg maximum)', '(up to 30 mg weekly maximum)', '40 mg daily max': an amount whose own words end on
        'maximum' is the limit of the dose before it, never a dose to give."""
        k = core.end
        if self.word(k, "per", "a", "each") and self.word(k + 1, "day", "week", "dose", "month"):
            k += 2
        elif self.word(k, "daily", "weekly"):
            k += 1
        return self.word(k, *_MAX_WORDS) and (k + 1 >= len(self.toks) or self.sym(k + 1, ")", ",", ";", ".", "]"))

    def is_strength(self, core: _Core) -> bool:
        """'5 mg tablets', '500 mg modified-release tablets', 'tablets (10 mg)', 'available as 2.5 mg': a product
        strength, not a dose to give. Both amounts of a combination ('10 mg/10 mg tablets') are strengths when
        either is."""
        if self._strength(core):
            return True
        # "10 mg/10 mg modified-release tablets", "tablets (10 mg/10 mg)": one product's two parts
        partner = self._combination_partner(core)
        return partner is not None and self._strength(partner)

    def _combination_partner(self, core: _Core) -> _Core | None:
        """The other mass of 'A mg/B mg' (after the slash for the first, before it for the second), or None."""
        if self.sym(core.end, "/") and self.num(core.end + 1):
            other = self.amount(core.end + 1)
            if other is not None and other.unit in MASS_UNITS.values():
                return other
        if self.sym(core.start - 1, "/") and self.word(core.start - 2, *MASS_UNITS):
            for back in (3, 5):  # "10 mg/10 mg", "5-10 mg/10 mg"
                other = self.amount(core.start - back) if core.start - back >= 0 else None
                if other is not None and other.end == core.start - 1:
                    return other
        return None

    def _strength(self, core: _Core) -> bool:
        if self._preparation(core):
            return True
        rest = re.split(r"[;.](?:\s|$)", self.text[self.toks[core.end - 1].end :], maxsplit=1)[0]
        if _PRICE.search(rest) and not _DOSING_AFTER.search(rest):
            # '1mg powder and solvent for solution for injection (£11.52)', '500micrograms/0.1ml ... pen (£73.00 = 1
            # pen)': a formulary's presentation with its price, what a pack holds, never a dose to give
            return True
        k = core.end
        skipped = 0
        # formulation words between the amount and the product ('modified-release', 'film-coated', 'dispersible')
        while skipped < 6 and (self.word(k, *_FORMULATION_WORDS) or (self.sym(k, *_DASHES) and self.word(k + 1))):
            k += 1
            skipped += 1
        nxt = self.tok(k)
        if nxt is not None and nxt.kind == "word" and nxt.text in _PRODUCT_WORDS:
            return not self._one_unit_given(core, k)
        # '100 micrograms/puff', '5 mg/mL', '250 mg per tablet': an amount per unit of product
        if (self.sym(core.end, "/") or self.word(core.end, "per")) and self.word(
            core.end + 1, "puff", "puffs", "actuation", "spray", "ml", "tablet", "capsule", "vial", "ampoule", "sachet"
        ):
            return True
        if (self.sym(core.end, "/") or self.word(core.end, "per", "in")) and self.num(core.end + 1) and self.word(
            core.end + 2, "ml", "millilitres", "milliliters"
        ) and not self.prepared_in(core):
            return True  # "125 mg/5 mL": a concentration of the product
        if self.sym(core.start - 1, ",") and (self.tok(core.end) is None or self.sym(core.end, ",", ";", ".")):
            # "capsules 250mg, 500mg; oral suspension ...": the next strength of a list the product word opens, with
            # no schedule of its own after it, is a strength as the first is (never a dose to give)
            for back in range(2, 6):
                other = self.amount(core.start - back) if core.start - back >= 0 else None
                if other is not None and other.end == core.start - 1:
                    return self._listed_strength(other)
        return self._listed_strength(core)

    def _listed_strength(self, core: _Core) -> bool:
        """The amount stands after a word that lists the product's strengths ('tablets 10 mg', 'available as')."""
        k = core.start - 1
        while k >= 0 and (self.word(k, "the", "a", "an", "in") or self.sym(k, ":", "(")):
            k -= 1  # "tablets (10 mg/10 mg)": the bracket gives the strength of the product named before it
        if self.word(k, "and", "or") and self.num(k - 1):
            # "tablets come as 25, 50, 75 and 100 micrograms": the unit printed once after a list of strengths
            k -= 1
            while k >= 0 and (self.num(k) or self.sym(k, ",")):
                k -= 1
        if self.word(k, "available") and self.sym(k + 1, ":") and self.word(k - 1, "not"):
            return False  # 'when naproxen is not tolerated or not available: 50-60 mg/kg a day': a condition's end
        return self.word(k, "available", "supplied", "comes", "come", "strengths", "strength", "tablets", "capsules") or (
            self.word(k, "as") and self.word(k - 1, "available", "supplied", "comes", "come")
        )

    def prepared_in(self, core: _Core) -> bool:
        """'2 g in 100 mL sodium chloride 0.9%', '1 g in 250 mL glucose 5% over 60 minutes', '2 g in 100 mL of fluid':
        the amount is the dose and the volume after 'in' is the fluid it is made up in (its preparation), never a
        product's concentration. Without a word saying so ('250 mg in 5 mL', a product) it stays a concentration;
        a slash or 'per' ('500 mg/5 mL') is always one."""
        if not (self.word(core.end, "in") and self.num(core.end + 1)):
            return False
        volume = self.amount(core.end + 1)
        if volume is None or volume.unit not in ("mL", "L"):
            return False
        j = volume.end
        if self.word(j, *_PRODUCT_WORDS) or self.word(j, *_FORMULATION_WORDS):
            return False  # "250 mg in 5 mL oral suspension": the product's concentration
        ahead = range(j, min(len(self.toks), j + 6))
        if any(self.sym(k, "%") for k in ahead):
            return True  # the fluid's own concentration follows: 'sodium chloride 0.9%', '5% glucose'
        if self.word(j, "of") and self.word(j + 1) and not self.word(j + 1, *_PRODUCT_WORDS):
            return True  # 'in 100 mL of fluid', 'in 50 mL of water for injection'
        if any(self.word(k, *_PREPARED_IN_WORDS) for k in ahead):
            return True  # 'in 100 mL water for injection', 'in a 50 mL syringe', 'as an infusion'
        if any(self.word(k, "over") and self.time_span(k + 1) is not None for k in ahead):
            return True  # 'in 100 mL over 30 minutes': given as an infusion of that volume
        before = range(max(0, core.start - 3), core.start)
        return any(self.word(k, *_DILUTION_VERBS) for k in before)

    def _one_unit_given(self, core: _Core, k: int) -> bool:
        """'Bisacodyl 10 mg suppository at night', 'Diclofenac 100 mg suppository once daily', 'Amoxicillin 500 mg
        dispersible tablets three times a day': the only amount of its clause, with the form it is given in and a
        schedule after it, is the dose (one unit of that form each time), not a strength listed apart. Never when a
        count stands before it ('two 500 mg tablets'), the words list what is available, or another amount follows
        in the clause (the dose is that one: '500 mg tablets, two tablets four times a day')."""
        if self.toks[k].text not in _GIVEN_FORMS:
            return False
        if self.num(core.start - 1) or self.word(core.start - 1, *_NUMBER_WORDS, "x", "of", "the", "a", "an", "as") or \
                self.sym(core.start - 1, "×", "(") or any(
                    self.word(x, "available", "supplied", "comes", "come", "strength", "strengths", "contains")
                    for x in range(max(0, core.start - 5), core.start)):
            return False
        scheduled = False
        for j in range(k + 1, len(self.toks)):
            t = self.toks[j]
            if t.kind == "sym" and t.text in (";", ".", "(", ")") or self.word(j, "then", "or", "and"):
                break
            if (t.kind == "num" and self.amount(j) is not None) or (
                    t.kind == "word" and t.text in _NUMBER_WORDS and self.word(j + 1, *PRODUCT_COUNTS)):
                return False  # another amount or a count of the form: the dose is that one
            if t.kind == "word" and (t.text in _SCHEDULE_WORDS or t.text in FREQUENCY_WORDS
                                     or _Q_INTERVAL.match(t.text) or self.per_day_at(j)):
                scheduled = True
        return scheduled

    def _preparation(self, core: _Core) -> bool:
        """'Make up 50 units of insulin to 50 mL', 'dilute 1 g to 10 mL': how a product is made up (its strength in
        the syringe or bag), not a dose to give. The amount after 'make up', and the volume it is made up or diluted
        'to' / 'in' / 'with', are both read as the preparation."""
        if self.word(core.start - 1, "up") and self.word(core.start - 2, "make", "made", "making"):
            return True
        if core.ceiling and self.word(core.start, "up") and self.word(core.start - 1, "make", "made", "making"):
            return True  # "made up to 50 mL": the volume the dose is made up to (read with its 'up to')
        # "Preparation: 50 units soluble insulin in 50 mL", "To prepare the infusion, ...": a statement about making
        # the product up
        if any(self.word(k, "preparation", "prepare", "prepared", "preparing", "dilution", "reconstitution")
               for k in range(0, min(core.start, 4))):
            return True
        if core.unit in ("mL", "L") and self.word(core.start - 1, "to", "in", "with"):
            window = range(max(0, core.start - 12), core.start - 1)
            if any(self.word(k, "up") and self.word(k - 1, "make", "made", "making")
                   or self.word(k, "dilute", "diluted", "diluting", "reconstitute", "reconstituted") for k in window):
                return True
            # "2 g in 100 mL", "50 units soluble insulin in 50 mL": the volume another amount is given in
            return any(self.num(k) and self.amount(k) is not None and self.amount(k).end <= core.start - 1
                       for k in window)
        return False

    def one_administration_with(self, cores: list[_Core], doses: list[Dose]) -> None:
        """An amount with no schedule given 'with' / 'plus' a single administration is given in that administration,
        per dose ("insulin 10 units IV, given with glucose 0.5 g/kg IV"); in place. (The route past 'then' is the
        draft's to carry, and only from a loading or first dose.)"""
        at = {d.span[0]: x for x, d in enumerate(doses) if not d.segment and not d.amount_not_stated}
        for k in range(1, len(cores)):
            a, b = cores[k - 1], cores[k]
            xa, xb = at.get(self.toks[a.start].start), at.get(self.toks[b.start].start)
            if xa is None or xb is None:
                continue
            first, second = doses[xa], doses[xb]
            brk = self.sequence_break(a.end, b.start)
            joins = [x for x in self.joiners(a.end, b.start) if self.word(x, "with", "plus") or self.sym(x, "+")]
            if joins and brk is None:
                def one_administration(d: Dose) -> bool:
                    return d.per == "dose" and not (d.times_per_day or d.times_range or d.interval or d.duration
                                                    or d.times_per_week)

                def unscheduled(d: Dose) -> bool:
                    return d.per is None and not d.has_schedule and d.duration is None and not d.ceiling

                if one_administration(first) and unscheduled(second):
                    doses[xb] = replace(second, per="dose")
                elif one_administration(second) and unscheduled(first):
                    doses[xa] = replace(first, per="dose")

    def bare_alternative(self, i: int) -> _Core | None:
        """'30-50 or 80-100 mg/kg/day': a range with no unit of its own, then 'or' and an amount that states one; the
        first range takes that unit, basis and period (a reader reads two doses, never one range of 30-100)."""
        if self.sym(i - 1, "/", "-", "–", "—") or self.word(i - 1, "per", "to", "or") or self.num(i - 1):
            return None
        q = self.quantity(i)
        if q is None:
            return None
        lo, hi, j = q
        if not self.word(j, "or") or self.any_unit(j) is not None:
            return None
        partner = self.amount(j + 1)
        if partner is None or partner.start != j + 1 or partner.ceiling or partner.at_least or partner.level:
            return None
        if lo == hi and partner.lo == partner.hi and partner.unit in PRODUCT_COUNTS.values() and partner.lo > lo:
            # "1 or 2 tablets", "2 or 3 puffs": one dose of either count, as "1-2 tablets" is
            return replace(partner, start=i, lo=lo)
        return _Core(i, j, lo, hi, partner.unit, partner.basis, partner.per, False, rate=partner.rate,
                     shares_with=j + 1)

    def is_rounding(self, core: _Core) -> bool:
        """'rounded to the nearest 25 micrograms', 'in multiples of 2.5 mg': the step a computed dose is rounded to
        (what the products allow), not a dose to give."""
        k = core.start - 1
        if self.word(k, "nearest"):
            return True
        return self.word(k, "of") and self.word(k - 1, "multiples", "multiple")

    def is_threshold(self, core: _Core) -> bool:
        """'split when above 300 mg', 'in divided doses above 300 mg', 'doses over 1 g', 'if the dose is more than
        4 g': an amount the dose is compared with, not a dose to give. ('not more than 4 g' is a ceiling: its
        prefix is the amount's own, so the word before the amount is not the comparison.)"""
        if core.ceiling or core.at_least:
            return False
        k = core.start - 1
        if self.word(k, "than"):
            return self.word(k - 1, "more", "less", "greater", "higher", "lower", "fewer") and not self.word(
                k - 2, "no", "not")
        if self.word(k, "over", "above", "under", "below") and any(b[1] == core.start for b in self.bands()):
            return False  # '50 kg and over 900 mg': the word closes the band before the amount, compares nothing
        return self.word(k, "above", "over", "below", "under", "exceeding", "exceeds")

    def bare_second_limit(self, end: int) -> str | None:
        """'... an hour and 64 a day' after a maximum: a second limit written as a bare number and a period, as
        printed, or None."""
        k = end
        while k < len(self.toks) and k - end < 3 and self.word(k) and not self.word(k, "and", "or"):
            k += 1  # the maximum's own period words ('an hour')
        if not (self.word(k, "and") and self.num(k + 1) and self.word(k + 2, "a", "an", "per", "each", "in")
                and self.word(k + 3, "day", "hour", "week", "24")):
            return None
        last = k + 4 if self.word(k + 3, "24") and self.word(k + 4, "hours") else k + 3
        return self.text[self.toks[k + 1].start : self.toks[last].end]

    def is_given_so_far(self, core: _Core) -> bool:
        """'once 40 mL/kg has been given', 'after 60 mL/kg in total': the amount given so far that a step waits
        for, not a dose to give."""
        nxt = [t.text for t in self.toks[core.end : core.end + 3] if t.kind == "word"]
        if nxt[:2] in (["has", "been"], ["have", "been"]) or nxt[:2] == ["in", "total"]:
            return True
        # 'seek help after 40 mL/kg', 'no response after a total of 10 mg': what has gone in by then
        if self.word(core.start - 1, "after"):
            return True
        if (self.word(core.start - 1, "of") and self.word(core.start - 2, "total")
                and (self.word(core.start - 3, "after", "once", "reaching", "reached")
                     or (self.word(core.start - 3, "a") and self.word(core.start - 4, "after", "once", "reaching",
                                                                        "reached")))):
            return True
        return self.word(core.start - 1, "once") and not self.word(core.start - 2, "give", "given", "take")

    def is_titration(self, core: _Core) -> bool:
        """'increase by 5 mg every 2 weeks', 'in 2.5 mg increments': a step, not a dose."""
        nxt = self.tok(core.end)
        if nxt is not None and nxt.kind == "word" and nxt.text in _STEP_WORDS:
            return True
        if self.word(core.start - 1, "of") and self.word(core.start - 2, *_STEP_WORDS):
            return True  # 'in steps of 5 mg'
        label = core.start - (2 if self.sym(core.start - 1, ":") else 1)
        if self.word(label, *cue_words("step_label_nouns")) and (
                label == 0 or self.sym(label - 1, ",", ":", ";", "|", "(") or self.word(label - 1, "dose")):
            return True  # a table cell or label 'Reduction 10 mg every 2 weeks', 'Decrease: 2.5 mg every 2-4 weeks'
        if not self.word(core.start - 1, "by"):
            return False
        if self.word(core.start - 2, "up", "down"):
            return True  # 'then up by 300 mg/day every 3-7 days', 'step down by 5 mg': a change by a step, whatever verb
        for k in range(core.start - 2, max(-1, core.start - 8), -1):
            if self.word(k) and self.toks[k].text in _TITRATION_VERBS:
                return True
        if self.word(core.start - 2, "then"):
            # "reduce by 5 mg every week to 10 mg daily, then by 1 mg every month": 'then by' goes on with the
            # sentence's step verb, however far back it stands
            for k in range(core.start - 3, -1, -1):
                if self.sym(k, ";", ".", ":"):
                    return False
                if self.word(k) and self.toks[k].text in _TITRATION_VERBS:
                    return True
            # "3. then by 2.5 mg every 2-4 weeks": a statement (a list item) that opens with 'then by' goes on with
            # the step of the item before it; 'by' and an amount after 'then' never give a dose ('followed by' does)
            return all(x.kind == "sym" for x in self.toks[: core.start - 2])
        return False

    def steps_over(self, i: int) -> int | None:
        """The end of 'over <span>' at i when a step verb of the same clause leads to it ('weaning over 6 weeks',
        'increasing to 25 mg over 4 weeks', 'titrate up to 20 mg over 4 weeks', 'taper off over 2 weeks'): the span
        the titration or taper runs over. None otherwise ('2 g/kg over 2 days' is how the amount is given)."""
        k = i + 1
        if self.word(k, "the") and self.word(k + 1, "next", "following", "first"):
            k += 2
        elif self.word(k, "a", "an") and self.word(k + 1, "period") and self.word(k + 2, "of"):
            k += 3
        span = self.time_span(k)
        if span is None or span[3] not in ("day", "week", "month", "year"):
            return None
        for x in range(i - 1, max(-1, i - 9), -1):
            if self.sym(x, ";", ".", ":", "(", ")") or self.word(x, "then", "followed", "and", "or", "with",
                                                                 *_BAND_LABEL_VERBS):
                return None  # 'increase fluids and give 2 g/kg over 2 days': the span is the giving verb's
            if self.word(x, *_STEP_SPAN_VERBS):
                return span[4]
        return None

    def is_step_continuation(self, core: _Core, cores: list[_Core], k: int) -> bool:
        """'reduce by 10 mg each month, then (by) 5 mg each month, and then as little as 1 mg each month': an amount
        after 'then' that continues a step ('by N') of the same sentence, with only the step's interval after it
        and no schedule of a dose ('then 10 mg daily' is a dose), is the next step."""
        if k == 0 or not (self.is_titration(cores[k - 1]) or k - 1 in self._steps):
            return False
        gap = range(cores[k - 1].end, core.start)
        if any(self.sym(x, ";", ".", ":") for x in gap) or not any(self.word(x, "then") for x in gap):
            return False
        j = core.end
        if self.word(j, "each", "every", "per", "a") and self.word(j + 1) and self.toks[j + 1].text in _TIME_UNITS:
            return True
        if self.word(j, "every") and self.time_span(j + 1) is not None:
            return True
        return self.word(core.start - 1, "by") and (j >= len(self.toks) or self.sym(j, ",", ".", ";", ")"))

    def signed_step(self, core: _Core) -> bool:
        """The amount at core is printed with a plus sign as what a dose goes up by ('Titration: +5-10 mg a day,
        weekly', 'up to +1 mg, weekly'): the sign opens the text or a cell or clause, never joins two amounts or two
        drugs ('500 mg + 125 mg', 'amoxicillin + clavulanate')."""
        if not self.sym(core.start - 1, "+") or self.toks[core.start - 1].end != self.toks[core.start].start:
            return False  # (a sign set apart by a space, '+ 500 mg', may be a bullet)
        k = core.start - 2
        while k >= 0 and self.word(k, "up", "to", "by", "of"):
            k -= 1
        return k < 0 or self.sym(k, ":", ";", ",", "(", "|")

    def is_step_target(self, core: _Core, cores: list[_Core], k: int) -> bool:
        """'increase to 7.5 mg', 'titrate up to 180 mg', 'step down to the 14 mg patch', 'double the dose to 20 mg':
        the amount a step moves the dose to (a step verb within a few words before 'to', in the same clause);
        '..., then 10 mg if needed' after such a target is the next step of the same titration."""
        if self.word(core.end, "reached") or (self.word(core.end, "is", "has") and self.word(core.end + 1, "reached")):
            return True  # "continue until 20 mg reached", "until 10 mg is reached": the amount a taper leads to
        start = core.start
        if self.word(start, "up") and self.word(start + 1, "to"):
            start += 1  # the core starts at its 'up to' prefix
        else:
            start -= 1
            while start >= 0 and self.word(start, "the", "a") or (start >= 0 and self.word(start - 1, "the")
                                                                 and self.word(start, "dose")):
                start -= 1
        if self.word(start, "to") and k and self.is_titration(cores[k - 1]) and all(
                (self.word(x) and not self.word(x, "usual", "maintenance", "target", "then"))
                # "reduce by 10 mg every 2 weeks down to 20 mg", "... every 2-4 weeks to 10 mg": the step's interval
                or self.num(x) or self.sym(x, *_DASHES) for x in
                range(cores[k - 1].end, start)) and start - cores[k - 1].end <= 6:
            return True  # "taper by 10 mg each month to 20 mg": the amount the steps lead to
        if self.word(start, "to"):
            for x in range(start - 1, max(-1, start - 6), -1):
                tok = self.toks[x]
                if tok.kind != "word":
                    if self.sym(x, "-"):
                        continue  # 'up-titrate' split at its hyphen
                    return False
                if tok.text in _STEP_TARGET_VERBS:
                    return True
            return False
        if k and self.word(core.start - 1, "then") and (self.sym(core.start - 2, ",") or self.word(core.start - 2,
                                                                                                "and")):
            prev = cores[k - 1]
            return prev.end >= core.start - 3 and self.is_step_target(prev, cores, k - 1)
        return False

    def after_band(self, core: _Core) -> tuple[int, int, str] | None:
        """A band right after the amount ('2.5 mg (under 5 years)', '250 mg for children 10-20 kg')."""
        for b in self.bands():
            if self.in_function_band(b[0]) and any(
                    self.sym(x, "(") and self.conditional_bracket(x, len(self.toks)) for x in range(core.end, b[0])):
                # '1 g every 8 hours (every 12 hours if CrCl 26-50 mL/min)': the band is the bracket's variant's, kept
                # with its condition for the curator, never the band of the dose before the bracket
                return None
        for b in self.bands():
            if (
                core.end <= b[0] <= core.end + 3
                and not self.sym(b[1], ":")  # '10-20 kg: 250 mg; 20-40 kg: 500 mg': that band opens the next dose
                and not any(self.sym(x, ";", ".") for x in range(core.end, b[0]))
                and not self.labels_next_amount(core, b)
            ):
                return b
        for b in self.bands():
            # further on in the dose's own words, said of the patient ('3 mg/kg/dose twice daily for infants under
            # 1 year'): no separator, no other amount and no other band between the dose and the band
            # ('for children over the age of 6 months': the words 'the age of' stand between the bound and its number)
            at = b[0] - 3 if self.word(b[0] - 1, "of") and self.word(b[0] - 2, "age") and self.word(b[0] - 3, "the") \
                else b[0]
            # 'for persons weighing <150 kg', '... weighing less than 150 kg': the sign or the words of the bound are
            # the band's, the patient words stand before them
            if self.sym(at - 1, "<", ">", "≤", "≥", "<=", ">=", "=<", "=>"):
                at -= 1
            elif (self.word(at - 1, "than") and self.word(at - 2, "less", "more", "greater")
                  or self.word(at - 1, "to") and self.word(at - 2, "up")
                  or self.word(at - 1, "least") and self.word(at - 2, "at")):
                at -= 2
            elif self.word(at - 1, "under", "over", "below", "above"):
                at -= 1
            if (
                b[0] > core.end + 3
                and not self.sym(b[1], ":")
                and (self.word(at - 1, *_PATIENT_WORDS) or self.word(at - 2, *_PATIENT_WORDS))
                # ... or the condition the dose is given under ('0.5 g once daily if weight ≤27 kg')
                and (self.word(at - 2, "for", "in", "if", "to") or self.word(at - 3, "for", "in", "if", "to")
                     or any(self.word(at - n, "if") for n in (4, 5)) or self.word(at - 1, "aged"))
                and not self.separators(core.end, b[0])
                and not any(self.sym(x, ".") for x in range(core.end, b[0]))
                # a bracket closed before the patient words is the dose's own ('100mg (1 dose) for children over the
                # age of 6 months'); one left open or closed after them is another clause's
                and self.closed_brackets(core.end, at)
                and not any(core.end <= c.start < b[0] for c in getattr(self, "_all_cores", []))
                and not any(core.end <= o[0] < b[0] for o in self.bands())
            ):
                return b
        for b in self.bands():
            # at the end of the dose's own words, in a bracket of its own or after 'if' / 'when' ('every 6 hours
            # (<2yr)', 'once daily (2-5 yrs)', 'once daily if ≥12 y'): who the dose is for, as a table row says it
            lead = [x for x in range(max(core.end, b[0] - 3), b[0])
                    if self.sym(x, "(") or self.word(x, "if", "when", "aged")
                    # '1 g twice a day from 12 years' (an open band read from 'from', see bands)
                    or (x == b[0] - 1 and self.word(x, "from") and b[2].endswith(" and over"))]
            if not lead and (self.word(b[0] - 1, "than", "at", "before", "after")
                             or self.word(b[0] - 2, "than", "at")):
                # 'if born at less than 32 weeks', 'in babies born before 32 weeks': the lead a few words further back
                lead = [x for x in range(max(core.end, b[0] - 6), b[0]) if self.word(x, "if", "when", "born")][-1:]
            if (
                b[0] > core.end + 3
                and lead
                and (not self.sym(lead[-1], "(") or self.sym(b[1], ")"))
                and not any(self.sym(x, ";", ".", ")") for x in range(core.end, lead[-1]))
                and not any(core.end <= c.start < b[0] for c in getattr(self, "_all_cores", []))
                and not any(core.end <= o[0] < b[0] for o in self.bands())
            ):
                return b
        return None

    def closed_brackets(self, lo: int, hi: int) -> bool:
        """Whether every bracket opened between tokens lo and hi closes before hi, and none closes one opened
        before lo."""
        depth = 0
        for x in range(lo, hi):
            if self.sym(x, "("):
                depth += 1
            elif self.sym(x, ")"):
                depth -= 1
                if depth < 0:
                    return False
        return depth == 0

    def labels_next_amount(self, core: _Core, band: tuple[int, int, str]) -> bool:
        """Whether a band after the amount is the label of the next amount in a 'label amount, label amount'
        list ('(>5yr 1mg, <5yr 0.5mg)', 'adults 400 micrograms, children 100 micrograms'): a list separator
        between this amount and the band, and the next amount right after the band. Such a band is the next
        amount's; binding it to the amount before it would give that dose the other band's patients."""
        nxt = [c for c in getattr(self, "_all_cores", []) if c.start >= band[1]]
        if nxt and self.leads_its_amounts() and not any(
                self.word(band[0] - n, "for", "in", "if", "when", *_PATIENT_WORDS) for n in (1, 2)):
            # rows whose band is printed before the amount ('<8kg body weight, 7.5mg/kg twice daily' over '8-11kg
            # body weight, 62.5mg twice daily', joined into one text): the band, its filler words and a comma or
            # colon straight before the next amount label that amount, as the statement's first band labels its
            # first; read as the amount before's band, every row would carry the next row's patients
            after = band[1]
            while self.word(after, *_BAND_FILLER):
                after += 1
            if self.sym(after, ",", ":", "-") and nxt[0].start == after + 1:
                return True
        if not nxt or nxt[0].start != band[1] and not (nxt[0].start == band[1] + 1 and self.sym(band[1], ":", "-")):
            return False
        return any(self.sym(x, ",", "/") or self.word(x, "and", "or") for x in range(core.end, band[0]))

    def leads_its_amounts(self) -> bool:
        """Whether the statement prints its bands before their amounts: its first band comes before its first
        amount ('<8kg body weight, 7.5mg/kg ...'). A list of band and amount pairs is printed one way throughout,
        so a band between two amounts of such a list is the label of the amount after it."""
        cores = getattr(self, "_all_cores", [])
        bands = self.bands()
        return bool(cores and bands) and bands[0][1] <= cores[0].start

    def open_ended(self, k: int) -> bool:
        """Whether the words from token k to the end of the clause leave a repeat open ('if needed', 'as
        required', 'until ...', 'again', 'prn', 'if there is no response')."""
        while k < len(self.toks) and not self.sym(k, ";", "."):
            if self.word(k, "if", "until", "prn", "again", "needed", "required", "necessary", "persist", "persists",
                         "allowed", "permitted", "optional"):
                return True
            k += 1
        return False

    def band_for(self, core: _Core, previous: _Core | None) -> str | None:
        """The band right after the amount, else the last one stated before it since the previous dose (one
        right after the previous dose is that dose's band, not this one's)."""
        after = self.after_band(core)
        if after is not None:
            return after[2]
        claimed = self.after_band(previous) if previous is not None else None
        since = previous.end if previous is not None else 0
        bands = [b for b in self.bands() if since <= b[0] < core.start and b != claimed]
        if bands:
            return bands[-1][2]
        if previous is not None and self.raised_to(previous, core):
            # '30-40kg body weight, 250mg twice daily, increased if necessary in severe infections to 500mg twice
            # daily': the raised dose is the same row's, for the band of the dose it raises
            earlier = self._cores_before(previous)
            raised = self.band_for(previous, earlier[-1] if earlier else None)
            if raised is not None:
                return raised
        # a band that labels the whole statement ('Under 7 days old: X 50 mg/kg ..., plus Y 50 mg/kg ...') is the
        # band of every dose in it that states none of its own
        label = getattr(self, "_label_band", None)
        if label is not None and label[1] <= core.start and not self.group_opens(label[1], core.start) and not any(
                # 'Child 1-11 months: 125 mg ...; Child 1-4 years: 250 mg ...; 500 mg ...': a later band printed
                # before an amount labels the amounts after it, and the statement's label no longer reaches them
                label[1] <= b[0] and b[1] <= core.start and b != claimed
                and not any(self.after_band(c) == b for c in self._cores_before(core)) for b in self.bands()):
            return label[2]
        # a band that opens the statement or heads its clause ("5 to 14 kg: artemether 20 mg + lumefantrine
        # 120 mg", a table row "5-14 kg  20 mg  120 mg") is the band of every dose after it, up to the next band
        # or the end of the clause (";" or a full stop); a band after a dose stays that dose's own
        before = [b for b in self.bands() if b[1] <= core.start and b != claimed
                  and not any(self.after_band(c) == b for c in self._cores_before(core))]
        if not before:
            return None
        last = before[-1]
        heads = last[0] <= 2 or self.sym(last[1], ":")
        broken = any(self.sym(x, ";", ".") for x in range(last[1], core.start)) or self.group_opens(last[1], core.start)
        return last[2] if heads and not broken else None

    def group_opens(self, lo: int, hi: int) -> bool:
        """Whether a clause between tokens lo and hi opens on patients of their own ('Under 12 years: 250 mg twice
        daily; adults 500 mg twice daily', '..., and in adolescents 1 g'): a band that labels the clauses before
        them is not theirs (data/cue_words.txt [group_opening_words]); the amount after has its own band or none."""
        for x in range(lo, hi):
            if not self.sym(x, ";", ",", "."):
                continue
            y = x + 1
            while y < hi and self.word(y, "and", "or", "in", "for", "but", "while", "whereas"):
                y += 1
            if y < hi and self.word(y, *_GROUP_OPENING_WORDS):
                return True
        return False

    def raised_to(self, previous: _Core, core: _Core) -> bool:
        """The amount is what the dose before it is raised or lowered to, in the same clause ('250mg twice daily,
        increased if necessary to 500mg'): a verb of data/cue_words.txt [titration_verbs] between them, 'to' straight
        before it, no ';' or full stop between."""
        if not self.word(core.start - 1, "to") or core.start - previous.end > 12:
            return False
        between = range(previous.end, core.start)
        verbs = cue_words("titration_verbs")
        stops = [x for x in between if self.sym(x, ";", ".")]
        if stops:
            # '250 mg three times a day; increased if necessary to 30 mg/kg three times a day' (a formulary's dose
            # line): a clause after a semicolon that opens on the verb, with no subject of its own, raises the dose
            # before it; a full stop, or a clause naming anything first ('; adults 500 mg'), ends the dose
            last = stops[-1]
            return all(self.sym(x, ";") for x in stops) and self.word(last + 1, *verbs)
        return any(self.word(x, *verbs) for x in between)

    def _cores_before(self, core: _Core) -> list[_Core]:
        return [c for c in getattr(self, "_all_cores", []) if c.end <= core.start]

    def bands(self) -> list[tuple[int, int, str]]:
        """(start token, end token, text) of every weight or age band: '10-20 kg', 'under 12 years', '<2 years'."""
        if hasattr(self, "_bands"):
            return self._bands
        out: list[tuple[int, int, str]] = []
        for k, t in enumerate(self.toks):
            if t.kind != "num" or (out and k < out[-1][1]):
                continue
            # the number must not be an amount's or basis's own ("mg/kg")
            if self.sym(k - 1, "/") or self.word(k - 1, "per"):
                continue
            q = self.quantity(k)
            lo, hi, j = q if q else (None, None, k + 1)
            unit_tok = self.tok(j)
            if unit_tok is None or unit_tok.kind != "word" or unit_tok.text not in (*_AGE_UNITS, "kg"):
                bare = self.unitless_band(k, j, lo, hi)
                if bare is not None and self.risk_group(bare[0], bare[1]) is None:
                    out.append(bare)
                continue
            low_unit = None
            if lo == hi and unit_tok.text in _AGE_UNITS and (self.sym(j + 1, *_DASHES) or self.word(j + 1, "to")) \
                    and self.num(j + 2) and self.word(j + 3, *_AGE_UNITS):
                # '1 month–17 years', '3 months to 17 years': a range whose ends are in different age units
                # (or repeat the unit: '2 years to 5 years')
                if _AGE_UNITS[unit_tok.text] != _AGE_UNITS[self.toks[j + 3].text]:
                    low_unit = _AGE_UNITS[unit_tok.text]
                    if lo == 1:
                        low_unit = low_unit[:-1]
                hi = _number(self.toks[j + 2], self.line)
                j += 3
                unit_tok = self.toks[j]
            if self.sym(j + 1, "/") or self.word(j + 1, "per"):
                continue
            if unit_tok.text == "kg" and self.mass_unit(k - 1):
                continue
            prefix = ""
            said_of_patient = False
            p = k - 1
            if self.sym(p, "<", "≤", ">", "≥"):
                prefix = {"<": "under", "≤": "up to", ">": "over", "≥": "at least"}[self.toks[p].text] + " "
                p -= 1
            elif self.word(p, "than") and self.word(p - 1, "younger", "older"):
                # 'younger than 2 years' is under 2 years, 'older than 12 years' over 12 years (both strict, and
                # said of the patient: never a course length)
                prefix, p, said_of_patient = ("under " if self.word(p - 1, "younger") else "over "), p - 2, True
            elif self.word(p, "under", "below", "over", "above") or (self.word(p, "than") and self.word(p - 1, "less", "more")):
                prefix = ("less than " if self.word(p - 1, "less") else "more than " if self.word(p - 1, "more") else
                          self.toks[p].text + " ")
                p -= 2 if self.word(p, "than") else 1
            elif self.word(p, "least") and self.word(p - 1, "at"):
                prefix, p = "at least ", p - 2
            elif self.word(p, "of") and self.word(p - 1, "age") and self.word(p - 2, "the") and self.word(
                    p - 3, "under", "below", "over", "above"):
                # 'over the age of 6 months', 'under the age of 2 years': the patient's age, never a course
                prefix, p, said_of_patient = self.toks[p - 3].text + " ", p - 4, True
            elif self.word(p, "before", "after") and self.word(p - 1, "born"):
                # 'born before 32 weeks' is a gestation under 32 weeks, 'born after 34 weeks' one over 34 weeks
                prefix, p = ("under " if self.word(p, "before") else "over "), p - 1  # (left on 'born')
            elif self.word(p, "first"):
                prefix, p = "first ", p - 1  # 'in the first 72 hours of life' (an age only with 'of life' / 'old')
            if self.word(p, "for") and any(self.word(x, *cue_words("course_taking_verbs"))
                                           for x in range(max(0, p - 6), p)):
                # 'anyone expected to take prednisolone for 3 months or longer': how long the drug is taken (a
                # condition on its use), never the patient's age
                continue
            from_age = False
            if (not prefix and self.word(p, "from") and lo == hi and low_unit is None
                    and _AGE_UNITS.get(unit_tok.text) in ("years", "months")
                    and not (self.word(j + 1, "to", "until") or self.sym(j + 1, *_DASHES))):
                # 'From 12 years: 1 g', '500 mg from 12 years': the patient's age from then on, an open band (12 years
                # and over); 'from 1 to 5 years' is a range, read as one
                from_age, p = True, p - 1
            from_birth = False
            if not prefix and lo == hi and (self.word(p, "to") or self.sym(p, *_DASHES)) and self.word(p - 1, "birth"):
                from_birth, p = True, p - 2  # 'neonates (birth to 28 days)': kept as printed, no number invented
            spelled_up_to = False
            if not prefix and self.word(p, "to") and self.word(p - 1, "up"):
                # 'Up to 3 months: 10 mg' (a table's row label): up to 3 months of age; 'for up to 3 months' is a course,
                # so the words make a band only where a band is certain (a row label, said of the patient)
                prefix, p, spelled_up_to = "up to ", p - 2, True
            floor, floor_unit = None, ""
            if prefix in ("under ", "below ", "less than ") and (self.word(p, "to") or self.sym(p, *_DASHES)):
                # '10 to <15 kg', '10-<15 kg', '10 kg to under 15 kg' (a table's half-open band): the band has the
                # lower bound before 'to' as well, never only the upper one
                q_at = p - 2 if self.word(p - 1, unit_tok.text) else p - 1
                if unit_tok.text in _AGE_UNITS and self.word(p - 1, *_AGE_UNITS) and \
                        _AGE_UNITS[self.toks[p - 1].text] != _AGE_UNITS[unit_tok.text]:
                    # '1 month to <12 years': the lower bound in its own unit, kept with it
                    q_at = p - 2
                    floor_unit = _AGE_UNITS[self.toks[p - 1].text]
                if q_at >= 0 and self.num(q_at) and not (self.sym(q_at - 1, *_DASHES) and self.num(q_at - 2)):
                    floor = _number(self.toks[q_at], self.line)
                    if out and out[-1][1] > q_at:
                        out.pop()  # '10 kg' read as a band of its own before 'to'
                    p = q_at - 1
            ages = unit_tok.text != "kg"
            # '(2-5 yrs)': a range of years or months alone in a bracket is an age band (a course is 'for 1-2 years')
            bracketed = (self.sym(p, "(") and self.sym(j + 1, ")") and lo != hi
                         and _AGE_UNITS.get(unit_tok.text) in ("years", "months"))
            # how the age is counted, printed before or after the band ('gestational age <30 weeks', '30-34 weeks'
            # gestation', 'PMA <=29 weeks', 'born at 30-34 weeks', 'postnatal age 0-7 days'): the band is the
            # patient's age, never a course length, and the draft keeps the measure with it
            measure = None
            if ages:
                found = self.measure_before(p)
                if found is not None:
                    measure, p = found
            tail = j + 1  # the token after the band's own words (unit, measure, 'or more')
            if ages:
                found = self.measure_after(tail)  # (read past, even when the words before named the measure)
                if found is not None:
                    measure, tail = measure or found[0], found[1]
            suffix = ""
            if self.word(tail, "and", "or") and self.word(tail + 1, "over", "above", "older", "more", "less", "under",
                                                          "below", "younger"):
                suffix = f" {self.toks[tail].text} {self.toks[tail + 1].text}"
                tail += 2
            if from_age and not suffix:
                # said of the patient only where nothing follows that makes it a time ('from 3 months after
                # diagnosis'): the band closes the clause ('... and 1 g from 12 years.'), or labels a row in months
                closed = tail >= len(self.toks) or self.sym(tail, ":", ".", ",", ";", ")")
                if not closed or (_AGE_UNITS[unit_tok.text] == "months" and not (
                        (p < 0 or self.sym(p, ";", ",", ":")) and self.sym(tail, ":"))):
                    continue
                suffix = " and over"
            if ages:
                found = self.measure_after(tail)  # '37 weeks or more gestation'
                if found is not None:
                    measure, tail = measure or found[0], found[1]
            old = self.word(j + 1, "old")
            if old and tail == j + 1:
                tail += 1
            of_life = self.word(tail, "of") and self.word(tail + 1, "life", "age")
            if ages and not measure and not of_life and self.word(tail, "of"):
                continue  # 'at least 1 year of good adherence', '6 months of treatment': a span of time, not an age
            if of_life and not suffix and self.word(tail + 2, "and", "or") and self.word(
                    tail + 3, "over", "above", "older", "more", "less", "under", "below", "younger"):
                # '2 years of age and older': the bound after 'of age' is the band's own, never dropped
                suffix = f" {self.toks[tail + 2].text} {self.toks[tail + 3].text}"
                tail += 4
                of_life = False
            # '(<30 weeks)', '(30-34 weeks)' after a dose: a bound no course takes, or a range of weeks within a
            # pregnancy's span (from 22 weeks), is the gestation the dose is for
            bracket_weeks = (self.sym(p, "(") and self.sym(tail, ")") and _AGE_UNITS.get(unit_tok.text) == "weeks"
                             and (bool(prefix or suffix) or (lo != hi and lo is not None and lo >= 22))
                             # after the dose it is for, or after the patients ('neonates (<30 weeks)'); never a
                             # label's time ('Long-term (6 weeks or more):')
                             and (any(self.any_unit(x) for x in range(0, p)) or self.word(p - 1, *_PATIENT_WORDS)))
            # '(>2 months)', '(more than 2 years)', '(2 years or more)' after a dose: a printed bound, never a time
            # ('(over 2 years)' may be how long a taper runs, and stays unread as a band)
            bracketed = bracketed or (
                self.sym(p, "(") and self.sym(tail, ")") and _AGE_UNITS.get(unit_tok.text) in ("years", "months")
                and (self.sym(k - 1, "<", ">", "≤", "≥") or prefix in ("more than ", "less than ") or bool(suffix)))
            nxt_tok = self.tok(tail + 1)
            if (self.sym(p, "(") and self.sym(tail, ")") and ages and p > 0 and self.word(p - 1)
                    and not self.word(p - 1, *_PATIENT_WORDS) and not any(self.any_unit(x) for x in range(0, p))
                    and nxt_tok is not None and nxt_tok.kind == "word" and self.text[nxt_tok.start].isupper()):
                # 'early latent syphilis (<1 yr) Benzathine penicillin G, 2.4 mU' (a table's stage cell, then the
                # treatment cell): a bracket after a noun that is no patient, before any amount, with a new cell
                # opening after it, bounds something else (how long the infection has lasted), not the patient's age
                continue
            # a band is about the patient: a prefix, a range, or a patient word before it ('children 6-11 years')
            patient = any(self.word(x, *_PATIENT_WORDS) for x in (p, p - 1))
            # a row label: the band opens the statement and a colon closes it ('1 to 9 years: 600 mg',
            # 'Under 7 days old: ampicillin ...'); a course length never stands there
            # ('Children aged 1 to 4 years: 2.5 mg; 5 to 11 years: 5 mg': a band opening a clause after ';' or ','
            # labels that clause's dose just as one opening the statement does)
            # ... and so does a band opening the statement straight before the verb that gives its dose
            # ('2-5 years use 20 mg', '>5 years give 30 mg': a row of a page's band list), or a bound or range
            # straight before the amount (a table row read as '<30 weeks 5 mg/kg IV every 48 hours')
            # ('... three times daily: 1-4 years 250 mg; 5-11 years 500 mg': a row after a colon or a semicolon too)
            label = (p < 0 or self.sym(p, ";", ",", ":")) and (
                self.sym(tail, ":") or (old and self.sym(j + 2, ":"))
                or (p < 0 and self.word(tail, *_BAND_LABEL_VERBS))
                or ((p < 0 or self.sym(p, ";", ":")) and self.num(tail) and bool(prefix or suffix or lo != hi or measure))
                # ... or, in years or months, by a comma straight before an amount with its unit ('2 – 6 years, 5mL
                # twice a day', a formulary's row; weeks and days there may be a phase of the course: 'weeks 6-12, 20 mg')
                # (the amount may be a range: '12 – 18 years, 5–10mL four times a day'; its unit follows the range)
                or ((p < 0 or self.sym(p, ";", ":")) and self.sym(tail, ",") and self.num(tail + 1)
                    and _AGE_UNITS.get(unit_tok.text) in ("years", "months")
                    and self.any_unit(self.amount_unit_at(tail + 1)) is not None
                    and bool(prefix or suffix or lo != hi or measure)))
            # a bound or range closed by a colon after the drug's name labels what follows wherever it stands
            # ('Gentamicin <30 weeks: 5 mg/kg ...', a table with its bands across the header); never after words
            # that make it a time ('for 2-4 weeks:', 'over the next 3 days:')
            # (it labels the doses after it up to the next band, not the whole statement)
            colon_label = (self.sym(tail, ":") and bool(prefix or suffix or lo != hi or measure) and p >= 0
                           and not self.word(p, *_TIME_BEFORE_BAND))
            # ... as does the first part of a two-part label ('<30 weeks, 0-7 days: 5 mg/kg ...'): a bound or range
            # opening the statement, a comma, and the colon a few words on with no amount between
            if p < 0 and self.sym(tail, ",") and bool(prefix or suffix or lo != hi):
                colon = next((x for x in range(tail + 1, min(tail + 9, len(self.toks))) if self.sym(x, ":")), None)
                colon_label = colon is not None and not any(self.any_unit(x) for x in range(tail + 1, colon))
            if prefix == "first " and not (old or of_life or measure):
                continue  # 'for the first 72 hours' is a course; 'the first 72 hours of life' an age
            if _AGE_UNITS.get(unit_tok.text) in ("days", "weeks", "hours") and not (
                old or ((label or colon_label) and (prefix or suffix or lo != hi))
                or (patient and (prefix or lo != hi or low_unit))
                or of_life or (patient and suffix and (not self.word(p, *_TIME_BEFORE_BAND) or (
                    self.word(p, "of") and self.word(p - 1, *_PATIENT_WORDS)))) or measure or bracket_weeks or from_birth
            ):
                # '7 days' is a course length unless it is said of the patient ('under 7 days old', 'neonates
                # (under 28 days)', 'neonates 72 hours and older', a row label, '30-34 weeks' gestation'); hours
                # only ever so
                continue
            # ('up to 2 kg' is always the patient's weight; '(up to 2 years)' after a dose its age)
            if spelled_up_to and not (patient or label or colon_label or said_of_patient or old or of_life or measure
                                      or not ages
                                      or (self.sym(p, "(") and self.sym(tail, ")"))):
                continue
            # '(>5yr 1mg, <5yr 0.5mg)', 'over 6 years 5 mg': a bound opening a bracket or a list item straight
            # before an amount is that amount's label (a course length is never printed in front of the dose)
            bound_before_amount = (bool(prefix) and (p < 0 or self.sym(p, "(", ",", ";", ":"))
                                   and self.num(tail) and self.any_unit(tail + 1) is not None)
            if ages:
                # 'over 2 years' may be a duration: an age needs a patient word, 'aged', 'old'/'of age' after it,
                # 'and over' after it, or a bound no duration takes ('under 5 years', '<2 years')
                if not (
                    patient
                    or said_of_patient
                    or bracketed
                    or bracket_weeks
                    or label
                    or colon_label
                    or low_unit
                    or suffix
                    or measure
                    or from_birth
                    or prefix.startswith(("under", "up to", "less than", "at least", "first"))
                    or old
                    or of_life
                    or bound_before_amount
                ):
                    continue
            elif not (prefix or lo != hi or patient or suffix or self.sym(j + 1, ":")):
                continue
            unit = "kg" if unit_tok.text == "kg" else _AGE_UNITS[unit_tok.text]
            if unit != "kg" and lo == hi == 1:
                unit = unit[:-1]  # "under 1 year", "1 month and over"
            if floor is not None:
                if floor_unit:
                    floor_unit = f" {floor_unit[:-1] if floor == 1 else floor_unit}"
                amount, prefix = f"{_plain(floor)}{floor_unit} to {prefix.strip()} {_plain(hi)}", ""
            elif from_birth:
                amount = f"birth-{_plain(hi)}"
            elif low_unit:
                amount = f"{_plain(lo)} {low_unit}-{_plain(hi)}"
            else:
                amount = f"{_plain(lo)}-{_plain(hi)}" if lo != hi else _plain(lo)
            end = tail
            risk = self.risk_group(k, end)
            if risk is not None:
                # '(under 2 years, in child care, or an antibiotic in the past 4 weeks)': who is at risk, a condition
                # of the statement, not the band its doses are for
                self._risk_groups = [*getattr(self, "_risk_groups", []), risk]
                continue
            counted = f" ({measure})" if measure else ""
            out.append((k, end, f"{prefix}{amount} {unit}{suffix}{counted}".strip()))
            if label:
                self._label_band = out[-1]
        out = sorted([*out, *self._function_bands(out)])
        out = self._two_part_bands(out)
        out = sorted([*out, *self._word_bands(out)])
        self._bands = out
        return out

    def _function_bands(self, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """Bands of renal function ('CrCl 26-50 mL/min: 1 g IV every 12 hours', 'if eGFR < 45, give ...'), read by
        kg.importer.function_bands. A band in a clause that warns ('if eGFR < 30, do not use'; '(avoid if CrCl < 15)')
        is when the drug must not be given, never the band a dose is for: it is left to the warning."""
        out: list[tuple[int, int, str]] = []
        for band in function_bands(self.toks):
            start, end, _text = band
            if any(a < end and start < b for a, b, _ in found):
                continue
            lo = start
            while lo > 0 and not self.sym(lo - 1, ";", ".", "("):
                lo -= 1
            hi = end
            while hi < len(self.toks) and not self.sym(hi, ";", ".", ")"):
                hi += 1
            if any(self.word(x, *_WARNING_WORDS) for x in range(lo, hi)):
                continue
            out.append(band)
            if (start == 0 or self.sym(start - 1, ";")) and self.sym(end, ":"):
                self._label_band = band  # 'CrCl 10-25 mL/min: 500 mg IV every 12 hours' (a row label)
        return out

    def _word_bands(self, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """A row label that names the patients by gestation in words alone ('Preterm:', 'Term neonates:', 'Very
        preterm infants: ...'): the band as printed, never a number the page does not print."""
        out: list[tuple[int, int, str]] = []
        starts = [0] + [x + 1 for x in range(len(self.toks)) if self.sym(x, ";")]
        for start in starts:
            colon = next((x for x in range(start, min(start + 6, len(self.toks))) if self.sym(x, ":")), None)
            if colon is None or colon == start or any(a < colon and b > start for a, b, _ in found):
                continue
            words = [self.toks[x] for x in range(start, colon)]
            if not all(t.kind == "word" or t.text == "-" for t in words):
                continue
            names = [t.text for t in words if t.kind == "word"]
            joined = " ".join(names).replace("pre term", "preterm")
            if not any(w in _GESTATION_WORDS for w in joined.split()) or not all(
                    w in (*_GESTATION_WORDS, *_PATIENT_WORDS, *_GESTATION_GRADES) for w in joined.split()):
                continue
            band = (start, colon, self.text[words[0].start : words[-1].end].casefold())
            out.append(band)
            if start == 0:
                self._label_band = band
        return out

    def unitless_band(self, k: int, j: int, lo: Decimal | None, hi: Decimal | None) -> tuple[int, int, str] | None:
        """'Adults and children over 12:', 'children under 5, give ...': a bound said of the patients with no unit
        printed. Kept as printed ('over 12'), never given a unit the page does not print; the draft flags it."""
        if lo is None or lo != hi or not (self.sym(j, ":", ",", ";", ")") or j >= len(self.toks)):
            return None
        if self.word(k - 1, "over", "under", "above", "below"):
            prefix, p = self.toks[k - 1].text, k - 2
        elif self.word(k - 1, "than") and self.word(k - 2, "older", "younger"):
            prefix, p = ("over" if self.word(k - 2, "older") else "under"), k - 3
        else:
            return None
        if not self.word(p, *_PATIENT_WORDS) or self.word(p, "weight", "weighing", "weighs", "body"):
            return None
        return k, j, f"{prefix} {_plain(lo)}"

    def _two_part_bands(self, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """Two bands of different measures printed together ('<=29 weeks PMA, 0-28 days': gestation and postnatal
        age; 'children 1-5 years, 10-18 kg') are one band with both parts, never one part kept alone."""
        out: list[tuple[int, int, str]] = []
        for b in found:
            prev = out[-1] if out else None
            if (
                prev is not None
                and two_measures(prev[2], b[2])
                and b[0] - prev[1] <= 5
                and any(self.sym(x, ",", "/", "&", ":", "(") or self.word(x, "and", "with") for x in range(prev[1], b[0]))
                # nothing between but a separator and the second band's own bound ('..., over 28 days'; a table row's
                # two band cells 'PMA <=29 weeks: postnatal age 0-28 days: 5 mg/kg ...'; the weight in brackets after
                # the age, 'Child 6-17 years (body weight under 70 kg)', or joined to it, '... and body weight ...')
                and all(self.sym(x, ",", "/", "&", ":", "<", ">", "≤", "≥", "=", "(", ")")
                        or self.word(x, "and", "with", "body", "weight", "weighing", *_BOUND_WORDS, *_MEASURE_WORDS)
                        for x in range(prev[1], b[0]))
            ):
                merged = (prev[0], b[1], f"{prev[2]}, {b[2]}")
                out[-1] = merged
                if getattr(self, "_label_band", None) in (prev, b):
                    self._label_band = merged
                continue
            out.append(b)
        return out

    def _measure_run(self, i: int, run: tuple[str, ...]) -> bool:
        return all(self.sym(i + n, w) if w == "-" else self.word(i + n, w) for n, w in enumerate(run))

    def measure_after(self, e: int) -> tuple[str, int] | None:
        """(measure, index after it) when the words from token e name how the band before them is counted ("weeks'
        gestation", "weeks gestational age", "weeks PMA", "weeks of gestation", "weeks postmenstrual age (PMA)")."""
        i = e + 1 if self.sym(e, "'", "’") else e
        if self.word(i, "of") and not self.word(i + 1, "age", "life"):
            i += 1
        for run, name in _AGE_MEASURES:
            if self._measure_run(i, run):
                end = i + len(run)
                if self.sym(end, "(") and self.word(end + 1) and self.sym(end + 2, ")") and any(
                    r == (self.toks[end + 1].text,) for r, _ in _AGE_MEASURES
                ):
                    end += 3  # 'postmenstrual age (PMA)'
                return name, end
        if self.sym(i, "(") and self.sym(i + 2, ")") and self.word(i + 1):
            for run, name in _AGE_MEASURES:
                if run == (self.toks[i + 1].text,):
                    return name, i + 3  # 'neonates 0-7 days (PNA)'
        return None

    def measure_before(self, p: int) -> tuple[str, int] | None:
        """(measure, index before it) when the words ending at token p name how the band after them is counted
        ("gestational age <30 weeks", "postmenstrual age (PMA) <=29 weeks", "GA 30-34 wk", "born at 30-34 weeks",
        "term (37 weeks or more)")."""
        if self.sym(p, ":"):
            p -= 1  # 'Gestational age: 30-34 weeks'
        if self.sym(p, ")") and self.word(p - 1) and self.sym(p - 2, "(") and self.word(p - 3):
            p -= 3  # 'postmenstrual age (PMA)'
        if self.word(p, "of") or self.word(p, "at") and not self.word(p - 1, "born"):
            p -= 1  # 'gestational age of 30 weeks', 'gestation at 34 weeks'
        if self.word(p, "at") and self.word(p - 1, "born"):
            return "gestational age", p - 2  # 'born at 30-34 weeks': the gestation the baby was born at
        if self.word(p, "born"):
            return "gestational age", p - 1  # 'born before 32 weeks', 'born at less than 32 weeks'
        for run, name in _AGE_MEASURES:
            start = p - len(run) + 1
            if start >= 0 and self._measure_run(start, run):
                return name, start - 1
        if self.sym(p, "(") and self.word(p - 1, *_GESTATION_WORDS) and not (
                self.sym(p - 2, "-") or self.word(p - 2, "long", "short", "medium", "near")):
            return "gestational age", p - 2  # ('long-term (6 weeks or more)' is a time, never a gestation)
        return None

    def risk_group(self, start: int, end: int) -> tuple[int, int, str] | None:
        """(first token, token after, text) of the bracket around an age or weight at [start, end) when that bracket
        names who is at risk rather than a dose band: it follows 'risk' ('people at high risk (aged 65 and over)',
        'risk factors (under 2 years)'), or it lists the age among other features that are neither bands nor doses
        ('(under 2 years, attending child care, or given an antibiotic in the past 4 weeks)'). None otherwise."""
        depth, open_at = 0, None
        for x in range(start - 1, -1, -1):
            if self.sym(x, ")"):
                depth += 1
            elif self.sym(x, "("):
                if depth == 0:
                    open_at = x
                    break
                depth -= 1
        if open_at is None:
            return None
        close_at = self.closing_bracket(end)
        if close_at is None or any(self.sym(x, ":") or (self.mass_unit(x) and self.num(x - 1))
                                   for x in range(open_at + 1, close_at)):
            return None  # '(under 5 years: 250 mg)': a band that labels its own dose ('e.g.' holds no gram)
        text = self.text[self.toks[open_at + 1].start : self.toks[close_at - 1].end] if close_at > open_at + 1 else ""
        after_risk = any(self.word(x, "risk", "risks") or (self.word(x, "factors") and self.word(x - 1, "risk"))
                         for x in range(max(0, open_at - 3), open_at))
        if after_risk:
            return open_at, close_at + 1, text
        # the other items of a list in the bracket: the words between its separators, outside the age itself
        items, item = [], []
        for x in range(open_at + 1, close_at):
            if start <= x < end:
                continue
            if self.sym(x, ",", ";") or self.word(x, "or", "and"):
                items.append(item)
                item = []
            else:
                item.append(x)
        items.append(item)
        others = [it for it in items if it and not any(self.num(x) for x in it)]
        # ('(pregnancy, under 12 years, intolerance)': one word that names no patient group is a feature too)
        if len(items) >= 2 and others and any(
                len(it) >= 2 or not all(self.word(x, *_PATIENT_WORDS) for x in it) for it in others):
            return open_at, close_at + 1, text
        return None

    def sequence_break(self, lo: int, hi: int) -> tuple[int, int] | None:
        """(first index of the break, index after the last break) of 'then' / 'followed by' / ';' in [lo, hi)."""
        first = last = None
        for x in range(lo, hi):
            if self.word(x, "then") or self.sym(x, ";"):
                first, last = x if first is None else first, x + 1
            elif self.word(x, "followed") and self.word(x + 1, "by"):
                first, last = x if first is None else first, x + 2
        if first is None:
            return None
        while first > lo and self.sym(first - 1, ","):
            first -= 1
        return first, last

    def separators(self, lo: int, hi: int) -> list[int]:
        """Token indexes of ',', ';' and 'or' in [lo, hi) outside brackets (inside '(40-79 kg)' they are the
        bracket's own)."""
        return [x for x in self.outside_brackets(lo, hi) if self.sym(x, ",", ";") or self.word(x, "or")]

    def outside_brackets(self, lo: int, hi: int) -> list[int]:
        """Token indexes in [lo, hi) that stand outside any bracket and are not brackets themselves."""
        out, depth = [], 0
        for x in range(lo, hi):
            if self.sym(x, "("):
                depth += 1
            elif self.sym(x, ")"):
                depth = max(0, depth - 1)
            elif depth == 0:
                out.append(x)
        return out

    def after_bracketed_alternative(self, core: _Core, cores: list[_Core], k: int, dose: Dose) -> Dose:
        """'500 mg (250 mg in children under 12 years) twice daily': the words after the bracket that holds the next
        amount are this dose's too (the bracket is an alternative set inside it); they fill only what this dose does
        not state."""
        opening = self.opening_bracket(core.end, cores[k + 1].start)
        if opening is None or self.separators(core.end, opening) or self.sequence_break(core.end, opening):
            return dose
        close = self.closing_bracket(opening + 1)
        if close is None:
            return dose
        if not any(opening < c.start < close for c in cores):
            return dose
        limit = len(self.toks)
        later = [c.start for c in cores if c.start > close]
        if later:
            limit = later[0]
        # a comma that goes on with the schedule ('4 mg/kg/day) orally, divided into two doses per day') does not end
        # the words after the bracket; any other separator does
        seps = [x for x in self.separators(close + 1, limit)
                if not (self.sym(x, ",") and self.word(x + 1, *_SCHEDULE_GOES_ON))] + [
            x for x in range(close + 1, limit) if self.sym(x, ".") or self.word(x, "then")]
        if seps:
            limit = min(seps)
        if limit <= close + 1:
            return dose
        extra = self.modifiers(close + 1, limit, Dose(line=self.line, amount_not_stated=True))
        fill: dict = {}
        if dose.times_per_day is None and dose.times_range is None and dose.interval is None and (
            extra.times_per_day is not None or extra.times_range is not None or extra.interval is not None
        ):
            fill.update(times_per_day=extra.times_per_day, times_range=extra.times_range, interval=extra.interval,
                        interval_max=extra.interval_max, times_per_week=extra.times_per_week)
        if dose.duration is None and extra.duration is not None:
            fill["duration"] = extra.duration
        if dose.route is None and extra.route is not None:
            fill["route"] = extra.route
        if not fill:
            return dose
        return _settle_period(replace(dose, **fill), False, None)

    def course_segments(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """(first token, token after) of each later course segment in [lo, hi): the words after 'then',
        'followed by', 'after that' or 'thereafter' up to the next such word, a ';' or the end. [] when none."""
        starts = []
        for x in range(lo, hi):
            if self.word(x, "then", "thereafter"):
                starts.append((x, x + 1))
            elif self.word(x, "followed") and self.word(x + 1, "by"):
                starts.append((x, x + 2))
            elif self.word(x, "after") and self.word(x + 1, "that"):
                starts.append((x, x + 2))
        out = []
        for n, (at, after) in enumerate(starts):
            end = starts[n + 1][0] if n + 1 < len(starts) else hi
            stop = next((y for y in range(after, end) if self.sym(y, ";", ".") and not self.num(y + 1)), end)
            out.append((at, stop))
        return [(a, b) for a, b in out if b > a]

    def schedule_after_comma(self, core: _Core, cores: list[_Core], k: int) -> bool:
        """Whether the words between dose k and dose k+1 are dose k's schedule printed after a comma ('75 mg, twice
        daily 75 mg, once daily', two table cells on one line): only schedule words with a frequency stand between
        the amounts, and the next amount is followed by a schedule of its own, so the first is not shared."""
        nxt = cores[k + 1]
        if not self.sym(core.end, ",") or nxt.start <= core.end + 1:
            return False
        between = range(core.end + 1, nxt.start)
        if not self.only_schedule_words(core.end + 1, nxt.start) or not self.states_frequency(core.end + 1, nxt.start):
            return False
        if self.sequence_break(core.end, nxt.start) is not None or any(self.word(x, "or") for x in between):
            return False
        end = cores[k + 2].start if k + 2 < len(cores) else len(self.toks)
        lo = nxt.end + 1 if self.sym(nxt.end, ",") else nxt.end
        hi = next((x for x in range(lo, end) if self.sym(x, ",", ";", ".", "(")), end)
        return hi > lo and self.only_schedule_words(lo, hi) and self.states_frequency(lo, hi)

    def schedule_between_cells(self, core: _Core, cores: list[_Core], k: int) -> bool:
        """Whether the words between dose k and dose k+1 are dose k's schedule in a table row flattened to one line
        with no comma between its cells ('500 mg po TID 50 mg/kg/day in three divided doses', an adult and a child
        cell): route and frequency words only stand right after the first amount, and the next amount is followed by
        a schedule of its own, so the words are the first amount's, never the next one's (a frequency is printed
        after the amount it times)."""
        nxt = cores[k + 1]
        if self.sym(core.end, ",") or nxt.start <= core.end:
            return False  # the comma case is schedule_after_comma's
        between = range(core.end, nxt.start)
        if any(self.toks[x].kind != "word" for x in between):
            return False  # a bracket, a stop or a number between them: not two cells side by side
        if not self.only_schedule_words(core.end, nxt.start) or not self.states_frequency(core.end, nxt.start):
            return False
        if self.sequence_break(core.end, nxt.start) is not None or any(
                self.word(x, "or", "and", "then", "to") for x in between):
            return False
        end = cores[k + 2].start if k + 2 < len(cores) else len(self.toks)
        lo = nxt.end + 1 if self.sym(nxt.end, ",") else nxt.end
        hi = next((x for x in range(lo, end) if self.sym(x, ",", ";", ".", "(")), end)
        return hi > lo and self.only_schedule_words(lo, hi) and self.states_frequency(lo, hi)

    def states_frequency(self, lo: int, hi: int) -> bool:
        """Whether tokens [lo, hi) state how often a dose is given (times a day, an interval)."""
        found = self.modifiers(lo, hi, Dose(line=self.line, amount_not_stated=True))
        return found.times_per_day is not None or found.times_range is not None or found.interval is not None

    def only_schedule_words(self, lo: int, hi: int) -> bool:
        """Whether tokens [lo, hi) say only how often, how long and by which route (no drug or action named)."""
        for x in range(lo, hi):
            t = self.toks[x]
            if t.kind in ("num", "sym"):
                continue
            if (t.text in _SEGMENT_WORDS or t.text in FREQUENCY_WORDS or t.text in _TIMES or t.text in _TIME_UNITS
                    or t.text in ROUTE_WORDS or t.text in _NUMBER_WORDS or _Q_INTERVAL.match(t.text)):
                continue
            return False
        return True

    def joiners(self, lo: int, hi: int) -> list[int]:
        """Token indexes of 'with', 'plus', '+' and 'and' in [lo, hi) outside brackets that join a second drug's
        amount ('25 mg/kg every 12 hours IV with gentamicin 5 mg/kg'): what stands before one belongs to the dose
        before it, what stands after it to the dose after it. 'and then', 'with food' and 'and IV' are not."""
        out = []
        for x in self.outside_brackets(lo, hi):
            if self.word(x, "with", "plus", "and") or self.sym(x, "+"):
                nxt = self.tok(x + 1)
                if nxt is not None and nxt.kind == "num":
                    out.append(x)  # "1 g IV and 500 mg orally": the next amount follows at once
                    continue
                if self.route_of_next_agent(x):
                    out.append(x)  # "6 hourly plus IV metronidazole 500 mg": the route is the next drug's
                    continue
                if nxt is None or nxt.kind != "word" or nxt.text in ROUTE_WORDS or nxt.text in (
                    "then", "food", "meals", "meal", "milk", "water", "a", "an", "the", "each", "every", "repeat",
                    "repeated", "after", "before", "continue", "continued", "over", "for", "up", "at", *_TIMES,
                    *FREQUENCY_WORDS, *_NUMBER_WORDS,
                ):
                    continue
                out.append(x)
        return out

    def route_of_next_agent(self, x: int) -> bool:
        """Whether the joining word at x ('plus', 'with', 'and', '+') is followed by a route and then a word that
        names something given, not the schedule ('plus IV metronidazole', 'with oral prednisolone'): that route is
        the next drug's, never the dose's before the joiner ('500 mg orally and IV' or 'and IV if vomiting' are
        not)."""
        if not (self.word(x, "with", "plus", "and") or self.sym(x, "+")):
            return False
        route, named = self.tok(x + 1), self.tok(x + 2)
        return (route is not None and route.kind == "word" and route.text in ROUTE_WORDS and named is not None
                and named.kind == "word" and named.text not in ROUTE_WORDS and named.text not in _NOT_AN_AGENT
                and named.text not in FREQUENCY_WORDS and named.text not in _TIMES and named.text not in _NUMBER_WORDS
                and named.text not in _SEGMENT_WORDS and named.text not in _TIME_UNITS
                and not _Q_INTERVAL.match(named.text))

    def closing_bracket(self, lo: int) -> int | None:
        """The first ')' from lo that no '(' from lo opened: the one closing a bracket open just before lo."""
        depth = 0
        for x in range(lo, len(self.toks)):
            if self.sym(x, "("):
                depth += 1
            elif self.sym(x, ")"):
                if depth == 0:
                    return x
                depth -= 1
        return None

    def opening_bracket(self, lo: int, hi: int) -> int | None:
        """The last '(' in [lo, hi) not closed before hi: the next amount is inside it."""
        last = None
        for x in range(lo, hi):
            if self.sym(x, "("):
                last = x
            elif self.sym(x, ")"):
                last = None
        return last

    def is_total(self, core_start: int) -> bool:
        """'a total of 6 g', 'total dose 6 g', 'cumulative dose of 6 g' just before an amount."""
        for k in range(core_start - 1, max(-1, core_start - 5), -1):
            if self.word(k, "total", "cumulative"):
                return True
            if not (self.word(k, "of", "dose", "a", "the", "course") or self.sym(k, ":")):
                return False
        return False

    def is_near(self, core_start: int) -> bool:
        if self.word(core_start - 1, "to") and self.word(core_start - 2, "closer", "close", "nearer"):
            return True
        return self.word(core_start - 1, "toward", "towards", "nearer")

    def statement(self) -> list[Dose]:
        cores: list[_Core] = []
        maxima: list[tuple[int, _Core]] = []  # (index of the dose it bounds, core)
        i = 0
        while i < len(self.toks):
            core = self.amount(i)
            if core is None:
                core = self.bare_alternative(i)
            if core is None:
                i += 1
                continue
            if (
                self.sym(core.start - 1, "/")
                and self.num(core.start - 2)
                and not (self.sym(core.start - 3, "/") or self.word(core.start - 3, *MASS_UNITS))
                and core.unit in MASS_UNITS.values()
            ):
                # "co-amoxiclav 500/125 mg": the amounts of a combination's two parts, one product; the vocabulary's
                # dose holds one amount, so it is read with a unit that says so and reported, never dropped
                a = _number(self.toks[core.start - 2], self.line)
                cores.append(_Core(core.start - 2, core.end, a, a, f"{core.unit} of each part of a combination "
                                   f"({_plain(a)}/{_plain(core.hi)} {core.unit})", core.basis, core.per, False))
                i = core.end
                continue
            if (
                self.sym(core.start - 1, "/")
                and self.word(core.start - 2, *MASS_UNITS)
                and self.num(core.start - 3)
                and core.unit in MASS_UNITS.values()
                and core.basis in (None, "flat")
                and cores
                and cores[-1].end == core.start - 1
            ):
                # "amoxicillin-clavulanate 875 mg/125 mg": a second mass after a mass is the amount of the
                # combination's second part (a concentration's divisor is a volume, '125 mg/5 mL')
                cores.append(core)
                i = core.end
                continue
            if self.sym(core.start - 1, "/") or (self.word(core.start - 1, "per") and self.num(core.start)):
                i = core.end  # "125 mg/5 mL", "250 mg per 5 mL": the volume of a concentration, not an amount
                continue
            if core.rate == "minute" and cores and self.is_maximum(core.start):
                # "20 mg/kg IV at a rate not exceeding 50 mg/minute": how fast the dose may run, a rate limit (reported
                # as a rate), never the dose's maximum amount
                cores.append(replace(core, ceiling=True))
                i = core.end
                continue
            if self.is_maximum(core.start) or (cores and self.is_postfix_maximum(core)) or (
                cores and self.is_trailing_limit(core.start) and not self.is_titration(cores[-1])
            ) or (
                # ', not more than 2 mg a day', '(≤2 mg a day)' right after a dose: that dose's limit, never a dose
                # of its own ('no more than 2 mg a day' alone, with no dose before it, stays a ceiling dose)
                # ('; no more than 1 g' right after the dose's clause too: nothing else between them)
                cores and core.ceiling and self.sym(core.start - 1, ",", "(", ";")
                and not self.word(core.start, "up") and not self.is_titration(cores[-1])
                and not any(self.sym(x, ";", ".", ":") for x in range(cores[-1].end, core.start - 1))
            ) or (
                # "2 mg every 5 minutes up to 10 mg": 'up to' after the repeats' schedule is how far they go, the
                # dose's limit ("500 mg up to 1 g", with nothing between, stays one range)
                cores and self.word(core.start, "up") and core.ceiling and not self.is_titration(cores[-1])
                and any(self.word(x, "every", "repeat", "repeated", "repeating", "hourly") or (
                    self.word(x) and self.toks[x].text.endswith("ly") and self.toks[x].text[:-2] in _TIME_UNITS)
                        for x in range(cores[-1].end, core.start))
                and not any(self.sym(x, ";", ".", ":", ",", "(") for x in range(cores[-1].end, core.start))
                and not self.goes_on_with_condition(core.start)
            ) or (
                # "(max 2 g per dose, 4 g per day)": a further amount in the bracket a maximum opened is a limit too
                maxima and self.in_limit_bracket(maxima[-1][1], core)
                and not (cores and cores[-1].start > maxima[-1][1].start)
            ) or (
                # "max 12 mg in 24 hours and 2 mg an hour": a limit joined to the maximum before it is a maximum too
                maxima and self.word(core.start - 1, "and") and 0 <= core.start - 1 - maxima[-1][1].end <= 3
                and all(self.word(x) for x in range(maxima[-1][1].end, core.start))
                and not (cores and cores[-1].start > maxima[-1][1].start)
            ):
                maxima.append((len(cores) - 1, core))
            else:
                cores.append(core)
            i = core.end
        # Rates and product strengths ("50 mg/min", "(two 5 mg inhalations)") are read for the curator's notes but
        # stand aside: a maximum or frequency next to them belongs to the dose around them.
        side = [c for c in cores if (c.rate and self.rate_aside(c, cores)) or c.level or self.is_strength(c)
                or self.is_threshold(c) or self.is_rounding(c)]
        cores = [c for c in cores if c not in side]
        masses = [c for c in cores if c.unit in MASS_UNITS.values()]
        if masses:
            # "100 mcg (2 puffs)", "5 mL (250 mg)": the mass is the dose; the count or volume is how it is taken.
            # Only a mass of the same phrase restates it: a table row's other cell ('6 puffs, Salbutamol nebulised
            # 2.5 mg'), after a comma or semicolon, is a dose of its own
            def restated(c: _Core) -> bool:
                return any(not any(self.sym(x, ",", ";") for x in range(min(c.end, m.end), max(c.start, m.start)))
                           for m in masses)

            # (a volume is always how the mass is taken: 'glucose 15-20 g, e.g. 150-200 mL of fruit juice')
            cores = [c for c in cores if not (c.unit == "mL" or c.unit in PRODUCT_COUNTS.values() and restated(c))]
        equivalents: dict[int, str] = {}
        kept: list[_Core] = []
        for c in cores:
            prev = kept[-1] if kept else None
            close = self.closing_bracket(c.end) if prev is not None else None
            if (prev is not None and close is not None and self.sym(prev.end, "(") and c.start == prev.end + 1
                    and (c.unit, c.basis) != (prev.unit, prev.basis) and not c.rate and not prev.rate
                    and all(self.word(x, "of") or self.num(x) or self.sym(x, "%", ".") for x in range(c.end, close))):
                # "800 units (20 micrograms) daily", "1 g (10 mmol) IV": an amount alone in a bracket right after
                # another, in another unit, restates the same dose; one dose is drafted (the first), and the
                # bracket is kept in a note, never drafted as a second dose
                equivalents[prev.start] = self.text[self.toks[c.start].start : self.toks[close - 1].end]
                continue
            kept.append(c)
        cores = kept
        # a maximum bounds the last dose before it
        maxima = [(sum(1 for c in cores if c.start < core.start) - 1, core) for _, core in maxima]
        self._maximum_cores = {self.maximum_lead(core.start): core.end for _, core in maxima}
        doses: list[Dose] = []
        self._all_cores = cores
        self._steps: set[int] = set()  # the cores read as steps so far (a step after 'then' goes on from them)
        for k, core in enumerate(cores):
            first, last = self.toks[core.start], self.toks[core.end - 1]
            dose = Dose(
                line=self.line,
                amount_min=core.lo,
                amount_max=None if core.at_least else core.hi,
                unit=core.unit,
                basis=core.basis,
                per=core.per or core.rate,  # "0.1 units/kg/hour": an amount per kg per hour
                ceiling=core.ceiling,
                at_least=core.at_least,
                span=(first.start, last.end),
                near=self.is_near(core.start),
                strength=self.is_strength(core),
                titration=self.is_titration(core) or self.is_given_so_far(core)
                or self.is_step_continuation(core, cores, k),
                given_so_far=self.is_given_so_far(core),
                band=self.band_for(core, cores[k - 1] if k else None),
                count_of_product=core.unit in PRODUCT_COUNTS.values(),
                equivalent=equivalents.get(core.start),
            )
            if self.is_total(core.start):
                # "3 doses of 2 g, a total of 6 g": the sum of the doses before it, not another dose; alone
                # ("a total of 2 g/kg over 2 days") it is the course amount itself
                dose = replace(dose, total=True) if k > 0 else replace(dose, per=dose.per or "course")
            prefix_lo = 0 if k == 0 else max(cores[k - 1].end, core.start - 4)
            if k > 0:
                stop = next((x for x in range(core.start - 1, cores[k - 1].end - 1, -1) if self.sym(x, ".")), None)
                if stop is not None and self.closed_brackets(stop, core.start):
                    # '... then taper. Alternatively, give a single intramuscular injection of methylprednisolone
                    # acetate (Depo-Medrone) 80-120 mg': after a full stop the new sentence's words before the amount
                    # are the amount's own, as the first sentence's are the first amount's (the route, 'single')
                    prefix_lo = stop + 1
            region_hi = cores[k + 1].start - 4 if k + 1 < len(cores) else len(self.toks)
            segments = self.course_segments(core.end, cores[k + 1].start if k + 1 < len(cores) else len(self.toks))
            if segments:
                # "500 mg twice daily for 3 days, then once daily for 4 days": the words after 'then' are a later
                # course segment of the same amount, never this segment's schedule
                region_hi = min(region_hi, segments[0][0]) if k + 1 < len(cores) else segments[0][0]
            if k + 1 < len(cores):
                # "2 g IV q6h, or 1 g IV q4h": a comma, ";" or "or" between two doses ends the first one's words
                seps = self.separators(core.end, cores[k + 1].start)
                opening = self.opening_bracket(core.end, cores[k + 1].start)
                if opening is not None:
                    seps = sorted({*seps, opening})  # "(30 mg BD if ...)": the bracket opens the next dose's words
                if seps:
                    region_hi = seps[0]
            if k > 0:
                seps = self.separators(cores[k - 1].end, core.start)
                opening = self.opening_bracket(cores[k - 1].end, core.start)
                if opening is not None:
                    seps = sorted({*seps, opening})
                if seps:
                    prefix_lo = max(prefix_lo, seps[-1] + 1)
            if k + 1 < len(cores) and (self.schedule_after_comma(core, cores, k)
                                       or self.schedule_between_cells(core, cores, k)):
                region_hi = cores[k + 1].start  # '75 mg, twice daily 75 mg, once daily': the first schedule is its
            if k > 0 and (self.schedule_after_comma(cores[k - 1], cores, k - 1)
                          or self.schedule_between_cells(cores[k - 1], cores, k - 1)):
                prefix_lo = max(prefix_lo, core.start)  # ... and never the next amount's
            region_hi = max(region_hi, core.end)
            # A sequence break ("then", "followed by", ";") between two doses ends the first dose's words and
            # starts the next one's: "25 mg/kg IV, then 15 mg/kg" gives IV to the first dose, not the second.
            if k + 1 < len(cores):
                brk = self.sequence_break(core.end, cores[k + 1].start)
                if brk is not None:
                    region_hi = brk[0]
            if k > 0:
                brk = self.sequence_break(cores[k - 1].end, core.start)
                if brk is not None:
                    prefix_lo = max(prefix_lo, brk[1])
            if k + 1 < len(cores):
                joins = self.joiners(core.end, cores[k + 1].start)
                if joins and not self.separators(core.end, joins[0]) and self.sequence_break(core.end, joins[0]) is None:
                    region_hi = joins[0]  # the words up to the joiner are this dose's, whatever the 4-word rule said
            if k > 0:
                joins = self.joiners(cores[k - 1].end, core.start)
                if joins:
                    prefix_lo = max(prefix_lo, joins[-1] + 1)
            if k + 1 == len(cores):
                # "500 mg three times daily plus IV gentamicin": a route after a joiner names the next drug's route
                agent = next((x for x in self.outside_brackets(core.end, region_hi) if self.route_of_next_agent(x)),
                             None)
                if agent is not None:
                    region_hi = max(core.end, agent)
            for later in side:
                # "4 g IV over 20 minutes, then 1 g/hour for 24 hours": a rate after a sequence break starts words
                # of its own (the 24 hours are the infusion's, not the loading dose's)
                if later.rate and core.end <= later.start < region_hi:
                    brk = self.sequence_break(core.end, later.start)
                    if brk is not None:
                        region_hi = max(core.end, min(region_hi, brk[0]))
            before = self.modifiers(prefix_lo, core.start, Dose(line=self.line, amount_not_stated=True),
                                    nearest_route=True)
            lead = core.start - 1
            while lead > prefix_lo and (self.word(lead, "of", "is", "be", "should") or self.sym(lead, ":")):
                lead -= 1
            if dose.per is None and self.word(lead, "dose") and self.word(lead - 1, "daily", "weekly"):
                # "a total daily dose of 40 mg", "usual daily dose 200-400 mg", "a weekly dose of 15 mg": the words name
                # the day's (the week's) amount, however it is split, never one administration
                dose = replace(dose, per="day" if self.word(lead - 1, "daily") else "week")
                if self.word(lead - 2, "single") and self.word(lead - 1, "daily"):
                    dose = replace(dose, times_per_day=1)  # "as a single daily dose of 40 mg": once a day
            if dose.per is None and any(
                self.word(x, "dose", "infusion", "injection", "bolus")
                and (self.word(x + 1, "of") or self.word(x - 1, "loading", "bolus"))
                for x in range(max(prefix_lo, core.start - 6), core.start)
            ):
                # 'a second dose of immunoglobulin 2 g/kg', 'loading dose 25 mg/kg': one administration
                dose = replace(dose, per="dose")
            dose = replace(
                dose,
                route=before.route,
                doses=before.doses,
                descriptor=before.descriptor,
                initial=before.initial,
            )
            if dose.doses is None and self.word(core.start - 1, "single", "one") and self.word(
                core.end, "dose", "injection", "infusion"
            ):
                # "a single 2 g dose", "one 1 g injection": one administration
                dose = replace(dose, doses=(1, 1), per=dose.per or "dose")
            if dose.per is None and dose.initial and dose.doses == (1, 1):
                dose = replace(dose, per="dose")  # "Loading 7 mg/kg": one administration
            # no words after the amount (a table row "8-15 kg  2 mg" under "(oral, single dose)"): the period the
            # words before it imply is still settled
            dose = self.modifiers(core.end, region_hi, dose) if region_hi > core.end else _settle_period(dose, False, None)
            if (dose.doses == (1, 1) and dose.times_per_day == 1 and dose.times_range is None and dose.interval is None
                    and dose.duration is None and core.per is None
                    and any(self.word(x, "night", "bedtime", "nocte", "morning", "evening", "mane")
                            for x in range(core.end, region_hi))
                    and not any(self.word(x, "daily", "day", "days", "od", "qd", "nightly", "every", "each")
                                for x in range(core.end, region_hi))):
                # "500 mg vaginal pessary as a single dose at night": when the one dose is given, not once a day
                dose = replace(dose, times_per_day=None, per="dose")
            if k + 1 < len(cores):
                dose = self.after_bracketed_alternative(core, cores, k, dose)
            if (
                core.end < len(self.toks)
                and self.word(core.end, "doses")
                and core.start > 0
                and self.count_at(core.start - 1)
            ):
                n = self.count_at(core.start - 1)[0]
                dose = _settle_period(replace(dose, doses=(n, n)), False, None)
            if dose.initial and dose.doses == (1, 1) and (dose.times_per_day or dose.times_range or dose.interval
                                                          or dose.times_per_week):
                # "a loading dose of 100 mg once daily for 3 days": a loading regimen of several administrations, not
                # one; how many is not counted here (the course says how long)
                dose = replace(dose, doses=None)
            if (not dose.titration and dose.per in (None, "dose") and dose.times_per_day is None
                    and dose.times_range is None and dose.times_per_week is None and dose.interval is None
                    and self.is_step_target(core, cores, k)):
                # the amount a step moves to, with no schedule of its own, is a step (the facts' convention), never
                # a dose to give; with its own schedule ('raise it to 120 mg once daily') it is the new regimen
                dose = replace(dose, titration=True)
            if not dose.titration and self.signed_step(core):
                # '+5-10 mg a day, weekly' in a Titration column: the step the dose goes up by, never a dose to give
                dose = replace(dose, titration=True)
            if (dose.ceiling and dose.condition is None and k and self.word(core.start, "up")
                    and self.sym(core.start - 1, ",", "(")):
                # "80 mg/kg once daily, up to 2 g in severe infection": not the ceiling of the dose before it but a
                # dose of its own for the patients the words name (the condition kept for the curator)
                said = self.condition_after(core.start)
                if said is not None:
                    dose = replace(dose, condition=said)
            if dose.titration:
                self._steps.add(k)
            doses.append(dose)
            for lo_seg, hi_seg in segments:
                schedule = self.modifiers(lo_seg, hi_seg, Dose(line=self.line, amount_not_stated=True))
                if not (schedule.times_per_day or schedule.times_range or schedule.interval or schedule.duration
                        or schedule.doses or schedule.times_per_week) or not self.only_schedule_words(lo_seg, hi_seg):
                    continue  # 'then stop', 'then switch to oral X': no later segment of this amount is read
                later = replace(schedule, amount_not_stated=False, amount_min=dose.amount_min,
                                amount_max=dose.amount_max, unit=dose.unit, basis=dose.basis, per=None,
                                ceiling=dose.ceiling, at_least=dose.at_least, band=dose.band, span=dose.span,
                                segment=True, maximum=schedule.maximum or dose.maximum,
                                maximum_basis=schedule.maximum_basis or dose.maximum_basis)
                doses.append(_settle_period(later, False, None))
        self.one_administration_with(cores, doses)
        for k in range(len(cores) - 1):
            if not self.schedule_between_cells(cores[k], cores, k):
                continue
            # "500 mg po TID 50 mg/kg/day in three divided doses 14 days": the row's last cell, its course, is
            # printed once after both dose cells and is the whole row's (the adult cell has no course of its own)
            first = next((x for x, d in enumerate(doses) if d.span[0] == self.toks[cores[k].start].start), None)
            second = next((d for d in doses if d.span[0] == self.toks[cores[k + 1].start].start), None)
            if (first is not None and second is not None and doses[first].duration is None
                    and doses[first].doses is None and second.duration is not None):
                doses[first] = replace(doses[first], duration=second.duration)
        for core in cores:
            if core.shares_with is None:
                continue
            # "30-50 or 80-100 mg/kg/day orally in 3 divided doses": the words printed once after the second range are
            # both ranges' (two alternatives, by indication or severity), never one merged range; flagged
            partner = next((d for d in doses if d.span[0] == self.toks[core.shares_with].start), None)
            own = next((x for x, d in enumerate(doses) if d.span[0] == self.toks[core.start].start), None)
            if partner is not None and own is not None:
                first, last = self.toks[core.start], self.toks[core.end - 1]
                doses[own] = replace(partner, amount_min=core.lo, amount_max=core.hi, span=(first.start, last.end),
                                     alternative_to=self.text[partner.span[0] : partner.span[1]])
        for target, core in maxima:
            per = core.per or ("course" if self.is_cumulative_limit(core.start) else None)
            if per is None and self.word(core.start - 1, "dose") and self.word(core.start - 2, "single", "per", "each"):
                per = "dose"  # "max single dose 4 g", "maximum per dose 1 g"
            colon = 1 if self.sym(core.start - 1, ":") else 0
            if per is None and self.word(core.start - 1 - colon, "dose") and self.word(core.start - 2 - colon,
                                                                                       *_MAX_WORDS):
                per = "dose"  # "maximum dose 2 g", "Maximum dose: 500 mg": the words name one dose's cap
            if per is None and self.word(core.end, "single", "per", "each") and self.word(core.end + 1, "dose"):
                per = "dose"  # "(max 2 g single dose)"
            if per is None:
                # "maximum daily dose 2.4 g", "max. weekly dose: 25 mg": the period stands before the amount
                lead = next((k for k in range(core.start - 1, max(-1, core.start - 5), -1)
                             if self.word(k, "daily", "weekly")), None)
                if lead is not None and any(self.word(k, *_MAX_WORDS) for k in range(max(0, lead - 2), lead)):
                    per = "day" if self.word(lead, "daily") else "week"
            if per is None and core.rate == "hour":
                per = "hour"  # "max 4 sprays an hour": the limit over an hour (read by the core as a rate)
            if per is None and self.sym(core.end, ")") and self.word(core.start - 2, "doses"):
                per = self.period(core.end + 1)[0]  # "max 2 doses (20 mg) in 24 hours": the cap's own period
            # "(max 2 g amoxicillin per dose)": the maximum names the drug it bounds between its amount and its
            # period; it bounds the dose written next to that name, and the period is the maximum's own
            named, j = [], core.end
            while self.word(j) and not self.word(j, "per") and len(named) < 3:
                named.append(self.toks[j].text.casefold())
                j += 1
            if named and self.word(j, "per") and self.word(j + 1, "dose", "day"):
                per = per or self.toks[j + 1].text.casefold()
                for k in range(len(doses) - 1, -1, -1):
                    a, b = doses[k].span
                    # the drug's name right before the dose ("amoxicillin 90 mg") or after it ("90 mg of amoxicillin")
                    near = re.findall(r"[a-z][a-z-]+", self.text[max(0, a - 30) : a].casefold())[-1:] + re.findall(
                        r"[a-z][a-z-]+", self.text[b : b + 30].casefold()
                    )[:2]
                    if not doses[k].amount_not_stated and named[-1] in near:
                        target = k
                        break
            lead = self.maximum_lead(core.start)
            name = self.toks[lead - 1].text.casefold() if lead > 0 and self.word(lead - 1) else ""
            if len(name) >= 4 and name.isalpha() and name not in _BAND_LABEL_VERBS:
                # "haloperidol 5 mg IM plus promethazine 50 mg IM; haloperidol max 20 mg daily": a maximum led by a
                # drug's name bounds the dose printed right after that name, not the last dose before it
                for k in range(len(doses)):
                    a = doses[k].span[0]
                    before = re.findall(r"[a-z][a-z-]+", self.text[max(0, a - 30) : a].casefold())[-1:]
                    if not doses[k].amount_not_stated and not doses[k].titration and before == [name]:
                        target = k
                        break
            if target >= 0 and doses[target].titration and not doses[target].given_so_far:
                # "80 mg three times daily, increasing by 80 mg every 10-14 days; maximum 960 mg daily": a maximum
                # after a titration step bounds the dose being titrated (the step is not a dose and is not drafted,
                # so the maximum would be lost with it); with no such dose before it in the statement it stands
                # alone, for the dose line above (kg.importer.carry_passes carry_maxima) or the curator
                earlier = [x for x in range(target - 1, -1, -1) if not (
                    doses[x].amount_not_stated or doses[x].titration or doses[x].strength or doses[x].rate
                    or doses[x].level or doses[x].threshold or doses[x].rounding)]
                target = earlier[0] if earlier else -2
            if target == -1:
                # "Max 4 g a day: 1 g every 6 hours": a limit printed before the dose, in the same sentence, is that
                # dose's maximum (the first dose after it), never a dose of its own
                after = [x for x, d in enumerate(doses) if not d.amount_not_stated and d.span[0] >= self.toks[
                    core.end - 1].end and not (d.strength or d.titration or d.rate or d.level)]
                if after and not any(self.sym(x, ";", ".") for x in range(core.end, len(self.toks))
                                     if self.toks[x].end <= doses[after[0]].span[0]):
                    target = after[0]
            if target >= 0 and _measured_in_other_terms(doses[target].unit, core.unit):
                # 'Tetracycline, 500 mg ... Children: Benzathine penicillin, 150,000 U/kg ..., to a maximum of 7.2 mU':
                # a limit in units of activity cannot bound a dose in milligrams (nor the other way round); it is the
                # limit of a dose this statement did not read, kept standing alone for the curator, never the
                # maximum of another drug's dose
                target = -2
            bound = (core.hi, core.unit, per)
            more = self.bare_second_limit(core.end)
            if target >= 0 and more is not None:
                # "max 4 sprays an hour and 64 a day": the second limit prints no unit; it is kept as written for
                # the curator beside the first, never given a unit, never a dose, never dropped
                doses[target] = replace(doses[target], other_maxima=(*doses[target].other_maxima, more))
            if target >= 0 and doses[target].maximum is not None:
                # "max 60 mg/kg/day, not exceeding 4 g/day": the vocabulary holds one maximum; the first stays in
                # the fields and the others are kept as written for the curator, never dropped
                last = core.end - 1
                if any(self.sym(x, "(", "[") for x in range(max(0, core.start - 8), core.start)):
                    # inside a bracket: its condition words are the limit's ('4 g/day in meningitis'), kept with it
                    last = next((x - 1 for x in range(core.end, len(self.toks)) if self.sym(x, ")", "]", ",", ";")),
                                last)
                phrase = self.text[self.toks[core.start].start : self.toks[max(last, core.end - 1)].end]
                doses[target] = replace(doses[target], other_maxima=(*doses[target].other_maxima, phrase))
            elif target >= 0:
                doses[target] = replace(doses[target], maximum=bound, maximum_basis=core.basis)
            else:
                doses.append(
                    Dose(
                        line=self.line,
                        amount_not_stated=True,
                        maximum=bound,
                        maximum_basis=core.basis,
                        span=(self.toks[core.start].start, self.toks[core.end - 1].end),
                    )
                )
        colon = next((x for x in range(cores[0].start) if self.sym(x, ":")), None) if len(cores) > 1 else None
        if colon is not None:
            # "give midazolam IM as a single dose: 10 mg for over 40 kg, 5 mg for 13-40 kg": the words before the
            # colon are every listed dose's, as a lead-in's are its bullets'
            lead = self.modifiers(0, colon, Dose(line=self.line, amount_not_stated=True))
            for k in range(1, len(doses)):
                d = doses[k]
                if d.amount_not_stated:
                    continue
                filled = replace(d, route=d.route or lead.route, doses=d.doses or lead.doses)
                doses[k] = _settle_period(filled, False, None) if filled != d else d
        self.bands()
        risk_groups = list(getattr(self, "_risk_groups", []))
        for x, t in enumerate(self.toks):
            # 'people at high risk (aged 65 and over)': a bracket after 'risk' says who is at risk, whatever it holds
            if t.kind == "sym" and t.text == "(" and not any(g[0] == x for g in risk_groups):
                close = next((y for y in range(x + 1, len(self.toks)) if self.sym(y, ")", "(")), None)
                if close is None or not self.sym(close, ")") or close == x + 1:
                    continue
                if any(self.mass_unit(y) or self.sym(y, ":") for y in range(x + 1, close)):
                    continue
                if any(self.word(y, "risk", "risks") for y in range(max(0, x - 3), x)):
                    risk_groups.append((x, close + 1, self.text[self.toks[x + 1].start : self.toks[close - 1].end]))
        for start, end, said in risk_groups:
            # the doses of a statement that names who is at risk hold for them: a condition kept for the curator
            # (the band field stays empty; the draft reports the condition)
            a, b = self.toks[start].start, self.toks[end - 1].end
            for k, d in enumerate(doses):
                if d.amount_not_stated or d.band is not None or d.condition is not None:
                    continue
                between = self.text[min(b, d.span[0]) : max(a, d.span[1])]
                if "." not in between.replace("..", "") or re.search(r"\d\.\d", between):
                    doses[k] = replace(d, condition=f"at risk: {said}")
        for core in side:
            first, last = self.toks[core.start], self.toks[core.end - 1]
            threshold = not (core.rate or core.level) and self.is_threshold(core)
            rounding = not (core.rate or core.level or threshold) and self.is_rounding(core)
            doses.append(Dose(line=self.line, amount_min=core.lo, amount_max=core.hi, unit=core.unit, basis=core.basis,
                              per=core.per, span=(first.start, last.end), rate=bool(core.rate), level=core.level,
                              threshold=threshold, rounding=rounding,
                              strength=not (core.rate or core.level or threshold or rounding),
                              preparation=not (core.rate or core.level or threshold or rounding)
                              and self._preparation(core)))
        doses.sort(key=lambda d: d.span[0])
        if not doses:
            bare = self.modifiers(0, len(self.toks), Dose(line=self.line, amount_not_stated=True))
            if bare.has_schedule or bare.route is not None:
                doses.append(bare)
        return doses


_INJECTED_AMOUNTS = ("mL", "L", "units", "IU", "mmol", "micromol")
_INJECTED = ("intravenous", "intramuscular", "subcutaneous")
# words that make an amount with no frequency one administration: a nebuliser run ("2.5 mg salbutamol nebuliser",
# "add 250 mcg to the nebuliser"), an injection (singular)
_ONE_ADMINISTRATION_WORDS = ("nebulised", "nebulized", "nebuliser", "nebulizer", "injection", "bolus")


def _spread_over(dose: Dose) -> bool:
    """Whether the span an amount is given 'over' holds several of its doses (a total spread over it), not one
    infusion: more than one dose a day over a span of a day or more, or a dose interval shorter than the span."""
    lo, hi, unit = dose.infusion
    hours = {"minute": Decimal(1) / 60, "hour": Decimal(1), "day": Decimal(24)}.get(unit)
    if hours is None or lo * hours < 24:
        return False
    several = (dose.times_per_day or 0) >= 2 or dose.times_range is not None or (dose.doses or (0, 0))[0] >= 2
    if dose.interval is not None:
        every = {"minute": Decimal(1) / 60, "hour": Decimal(1), "day": Decimal(24)}.get(dose.interval[1])
        several = several or (every is not None and dose.interval[0] * every < lo * hours)
    return several


def _settle_period(dose: Dose, over_days: bool, consecutive: tuple[int, int] | None) -> Dose:
    """Fill the period the wording implies when the amount itself carries none."""
    if dose.amount_not_stated:
        return dose
    if dose.per is None and dose.infusion is not None and _spread_over(dose):
        # "60 mg/kg over 24 hours in 4 divided doses": no one administration runs 24 hours when four are given in
        # them; the amount is the total the doses add up to over that span, so per day (a 24-hour span) or the
        # course total over a longer span, never each dose's amount
        lo, hi, unit = dose.infusion
        hours = hi * (24 if unit == "day" else 1)
        if lo == hi and hours == 24:
            return replace(dose, per="day", infusion=None)
        return replace(dose, per="course", infusion=None, duration=dose.duration or (lo, hi, unit))
    if (dose.per is None and dose.infusion is not None and dose.infusion[0] == dose.infusion[1]
            and dose.infusion[0] * {"hour": 1, "day": 24}.get(dose.infusion[2], 0) == 24
            and dose.doses is None and dose.times_per_day is None and dose.times_range is None
            and dose.interval is None and dose.times_per_week is None):
        # "Syringe driver: 10 mg over 24 hours", "5 mg subcutaneously over 24 hours": a continuous infusion that
        # runs the whole day gives its amount each 24 hours, per day (how it runs is kept as its infusion)
        return replace(dose, per="day")
    if dose.per is not None:
        if dose.per == "day" and consecutive is not None and dose.doses is None:
            return replace(dose, doses=consecutive)
        return dose
    if dose.times_per_day is not None and dose.times_per_day >= 2:
        return replace(dose, per="dose")
    if dose.times_range is not None or dose.times_per_week is not None:
        return replace(dose, per="dose")
    if dose.times_per_day == 1:
        return replace(dose, per="day")
    if over_days:
        return replace(dose, per="course")  # spread over days: the amount is the course total
    if dose.doses is not None or dose.descriptor == "pulse" or dose.interval is not None:
        return replace(dose, per="dose")
    if dose.unit in _INJECTED_AMOUNTS and dose.route in _INJECTED and not dose.ceiling and consecutive is None:
        # "calcium gluconate 10% 30 mL IV", "insulin 0.1 units/kg IV", "600,000 units IM": a volume, units or mmol
        # given by injection with no schedule at all is what goes in at one administration
        return replace(dose, per="dose")
    if dose.duration is None and (dose.infusion is not None or dose.one_administration):
        # no frequency, and the words describe one administration: "30 mL IV over 10 minutes" (one infusion runs
        # over that time), "10-20 mg nebulised", "0.5 mL/kg by slow IV injection": the amount is what is given
        # that once, so per dose; a bare amount with no such word stays "not stated"
        return replace(dose, per="dose")
    if consecutive is not None:
        # "10-20 mg/kg for 1-5 consecutive days": one dose on each day, so the amount is per dose
        return replace(dose, per="dose", doses=consecutive, interval=(Decimal(1), "day"), duration=None)
    return dose


def parse_statement(text: str, line: int = 1) -> list[Dose]:
    """Every dose stated in one statement, in reading order; [] when it states none."""
    if not isinstance(text, str):
        raise ImporterError(line, "dose text must be a string")
    line = max(1, line)
    try:
        doses = _parse_text(text)
    except ImporterError:
        doses = _read_statement(text, line)  # read again for the error's own line
    return [d if d.line == line else replace(d, line=line) for d in doses]


@lru_cache(maxsize=4096)
def _parse_text(text: str) -> tuple[Dose, ...]:
    """The doses of a statement's text, read once however often a draft asks (a statement is read while learning the
    page's substances, again while drafting it, again for its neighbours' context); the reading depends on the text
    alone, and each dose carries the line it is asked for (parse_statement)."""
    # a dot leader between a row's label and its amount ('2-11 years ............ 1 mg/kg/hour') is read as the
    # colon it stands for, in place, so every span still points into the text as printed
    text = _DOT_LEADER.sub(lambda m: ":" + " " * (len(m.group(0)) - 1), text)
    return tuple(_read_statement(text, 1))


_DOT_LEADER = re.compile(r"(?<=[^\s.])\s*(?:\.{3,}|…+)\s*(?=(?:up to |max(?:imum)? )?\d)")


def _read_statement(text: str, line: int) -> list[Dose]:
    return _with_band_schedules(text, _with_lead_schedule(
        text, _with_events(text, _with_timing(text, _Parser(text, line).statement()))))


def _schedule_of(words: str) -> Dose | None:
    """The schedule a run of words states as the grammar reads it after an amount ('12-hourly', 'every 8 hours',
    'twice daily'), or None when it states none."""
    probe = _Parser("1 mg " + words, 1).statement()
    if len(probe) != 1:
        return None
    p = probe[0]
    if p.interval is None and p.times_per_day is None and p.per in (None, "dose"):
        return None
    return p


# the last word of a frequency ('three times a day', 'every 8 hours', 'BD'): a bare span after it and a comma is the
# course cell of the same row ('125 mg orally three times a day, 14 days'); after any other word it is said of
# something else ('if needed, 5 days')
_FREQUENCY_ENDS = ("day", "daily", "hourly", "hours", "hour", "week", "weekly", "night", "morning", "evening",
                   *FREQUENCY_WORDS)


def _measured_in_other_terms(dose_unit: str | None, limit_unit: str | None) -> bool:
    """Whether a dose and a limit are amounts of different kinds that no reading converts: a mass, units of activity,
    amount of substance (mmol). A count of a product or a volume may be bounded by a mass ('2 tablets, max 4 g a
    day'), so those are never called different here."""
    def kind(unit: str | None) -> str | None:
        if unit in MASS_UNITS.values():
            return "mass"
        if unit in ("units", "IU"):
            return "activity"
        if unit in ("mmol", "micromol"):
            return "substance"
        return None
    one, other = kind(dose_unit), kind(limit_unit)
    return one is not None and other is not None and one != other


def _with_band_schedules(text: str, doses: list[Dose]) -> list[Dose]:
    """'Cefotaxime 50 mg/kg IV, PMA <37 weeks: 12-hourly; PMA ≥37 weeks: 8-hourly', 'cefotaxime 50 mg/kg: under 37
    weeks 12-hourly; 37 weeks and over 8-hourly': one amount printed once, then a schedule for each band, split by
    semicolons. The amount is given at each band's schedule: one dose per band, each with its own band and schedule
    (never the first band's schedule for every patient). Only where every part names exactly one band and a
    schedule, and nothing but a route stands between the amount and the first band."""
    out: list[Dose] = []
    starts = sorted(d.span[0] for d in doses if not d.amount_not_stated)
    for d in doses:
        if d.amount_not_stated or d.strength or d.rate or d.level or d.threshold or d.titration:
            out.append(d)
            continue
        end = next((x for x in starts if x > d.span[0]), len(text))
        sentence = re.search(r"\.(?:\s|$)", text[d.span[1] : end])
        region = text[d.span[1] : d.span[1] + sentence.start() if sentence else end]
        parts = [p for p in region.split(";")]
        if len(parts) < 2:
            out.append(d)
            continue
        split: list[tuple[str, Dose]] = []
        for part in parts:
            parser = _Parser(part, d.line)
            bands = parser.bands()
            if len(bands) != 1:
                break
            start, stop, band = bands[0]
            before = part[: parser.toks[start].start]
            if re.search(r"\d", before) or (before.strip(" ,:") and _schedule_of(before.strip(" ,:")) is not None):
                break  # a schedule of the amount's own before the first band, or an amount before a band
            after = part[parser.toks[stop - 1].end :] if stop <= len(parser.toks) else ""
            schedule = _schedule_of(after.strip(" ,:"))
            if schedule is None:
                break
            split.append((band, schedule))
        else:
            for band, sch in split:
                out.append(replace(d, band=band, interval=sch.interval, interval_max=sch.interval_max,
                                   times_per_day=sch.times_per_day, times_range=sch.times_range,
                                   per=d.per if d.per not in (None, "dose") else (sch.per or d.per)))
            continue
        out.append(d)
    return out


# the words a schedule printed before a colon may open with ('Rifapentine, orally once weekly for 12 weeks: ...')
_SCHEDULE_OPENERS = frozenset({"once", "twice", "thrice", "daily", "weekly", "every", "monthly", *FREQUENCY_WORDS,
                               *ROUTE_WORDS})


def _lead_schedule(lead: str) -> Dose | None:
    """The route, period, frequency and course a lead before a colon states with no amount ('Rifapentine, orally
    once weekly for 12 weeks'), read as the grammar reads them after an amount; None when it states no schedule."""
    toks = tokenize(lead)
    if any(t.kind == "word" and t.text in _TITRATION_VERBS for t in toks):
        return None  # 'Titrate bisoprolol every 2-4 weeks (to 7.5 mg ...)': how often a step is taken, not a schedule
    at = next((n for n, t in enumerate(toks) if t.kind == "word" and (
        t.text in _SCHEDULE_OPENERS or _Q_INTERVAL.match(t.text) and t.text != "q"
        or t.text == "times" and n and (toks[n - 1].kind == "num" or toks[n - 1].text in _NUMBER_WORDS))), None)
    if at is None:
        # 'cefalexin by mouth for 10 days,': a course alone opens the schedule too
        # (never after a verb of taking: 'anyone expected to take prednisolone for 3 months' times another use)
        at = next((n for n, t in enumerate(toks[:-2]) if t.kind == "word" and t.text == "for"
                   and toks[n + 1].kind == "num" and toks[n + 2].text.casefold() in _TIME_UNITS
                   and not any(x.kind == "word" and x.text in cue_words("course_taking_verbs")
                               for x in toks[max(0, n - 6) : n])), None)
    if at is None:
        return None
    if toks[at].text == "times":
        at -= 1  # '3 times a day'
    elif at >= 2 and toks[at - 1].text in ("times", "x", "×") and (toks[at - 2].kind == "num"
                                                                     or toks[at - 2].text in _NUMBER_WORDS):
        at -= 2  # 'three times daily', '3 x daily': the count is the schedule's own
    if re.search(r"\b[A-Z][a-z]", lead[toks[at].end :]):
        # 'qid for 4 wk Neurosyphilis, including ... Aqueous crystalline penicillin G,' (a table flattened into one
        # line): a capitalised word after the schedule opens another cell or sentence, so the schedule is the row's
        # before it, not this amount's lead
        return None
    if any(t.kind == "word" and t.text in _OTHER_REGIMEN for t in toks[at:]):
        # 'permethrin cream every day for 7 days, then twice a week until cured, plus oral ivermectin': the schedule
        # is another regimen's (or a later step's), not that of the amount after the lead
        return None
    probe = _Parser("1 mg " + lead[toks[at].start :], 1).statement()
    if len(probe) != 1:
        return None
    p = probe[0]
    if p.per in (None, "dose") and p.times_per_day is None and p.interval is None and p.duration is None:
        return None  # a route alone is carried by the draft (flagged), not here
    return p


# words after a lead's schedule that start another regimen or a later step: the schedule is not the lead's
_OTHER_REGIMEN = frozenset({"then", "followed", "plus", "and", "also", "after", "before"})


def _with_lead_schedule(text: str, doses: list[Dose]) -> list[Dose]:
    """'Rifapentine, orally once weekly for 12 weeks: 32.1-49.9 kg 750 mg; 50 kg and over 900 mg': a schedule
    printed once before a colon, with no amount of its own, is the schedule of every bare amount after it (the rows of
    a band list or a weekly-regimen table: 750 mg a week for 12 weeks). An amount with a frequency, interval or period
    of its own keeps it and takes only the lead's course and route; the nearest lead before an amount that states a
    schedule is its lead (the words of its own clause before it first: 'Rifapentine once weekly 300 mg'). The same
    lead is every amount's of its clause ('azithromycin once a day for 5 days, 12 mg/kg for children ... and 500 mg
    from 12 years'), and a sentence with no amount stating a schedule is the lead of the band rows after it
    ('cefalexin orally for 10 days. Children under 12 years: 25 mg/kg twice daily. From 12 years: 1 g twice daily')."""
    if not doses:
        return doses
    leads: dict[tuple[int, int], Dose | None] = {}
    amounts = [o for o in doses if not o.amount_not_stated]

    def lead_of(start: int, stop: int) -> Dose | None:
        if (start, stop) not in leads:
            leads[(start, stop)] = _lead_schedule(text[start:stop])
        return leads[(start, stop)]

    out = list(doses)
    for k, d in enumerate(doses):
        if d.amount_not_stated or d.strength or d.rate or d.level or d.titration or d.segment:
            continue
        scheduled = d.per is not None or d.times_per_day is not None or d.interval is not None \
            or d.times_range is not None
        # the words of the amount's own clause before it ('Rifapentine once weekly 300 mg', a table row under a column
        # named 'Rifapentine once weekly'), then each lead closed by a colon, nearest first
        own = d.span[0]
        lead: Dose | None = None
        for colon in [own, *reversed([m.start() for m in re.finditer(r":", text[:own])])]:
            start = max(text.rfind(";", 0, colon), text.rfind(". ", 0, colon), text.rfind(":", 0, colon)) + 1
            inside = [o for o in amounts if start <= o.span[0] < colon]
            if inside:
                first = min(o.span[0] for o in inside)
                if colon == own and _same_clause_amounts(text, first, own):
                    lead = lead_of(start, first)  # the clause's lead before its first amount is each amount's
                break  # an amount stands in the lead: it is a dose of its own, not a schedule over the rows
            lead = lead_of(start, colon)
            if lead is not None:
                break
        if lead is None and d.band is not None:
            lead = _sentence_lead(text, d, amounts, lead_of)
        if lead is None:
            continue
        names = ("duration", "route") if scheduled else (
            "per", "times_per_day", "interval", "interval_max", "duration", "route", "doses")
        changes = {name: getattr(lead, name) for name in names
                   if getattr(d, name) is None and getattr(lead, name) is not None}
        if "duration" in changes and (d.doses == (1, 1) or d.initial or d.loading_read):
            del changes["duration"]  # a course times a regimen, never its single or first dose
        if changes:
            out[k] = replace(d, **changes)
    return out


# words that start a later step or another regimen between two amounts of one clause ('10 mg/kg on day 1, then 5
# mg/kg'): the clause's lead is the first amount's only
_NEXT_STEP = re.compile(r"\b(?:then|followed|after|before|until|increas\w*|reduc\w*|titrat\w*|if|when|or)\b|;|\.(?!\d)",
                        re.IGNORECASE)


def _same_clause_amounts(text: str, first: int, own: int) -> bool:
    """Whether the amounts from `first` to the one at `own` are rows of one clause (bands joined by 'and' or
    commas), with no later step or alternative between them."""
    return _NEXT_STEP.search(text, first, own) is None


def _sentence_lead(text: str, d: Dose, amounts: list[Dose], lead_of) -> Dose | None:
    """The schedule of the amount-less sentence before the band rows that `d` is one of ('azithromycin orally once
    daily for 5 days. Children under 12 years: 12 mg/kg. From 12 years: 500 mg'): only when d's own sentence
    opens with its band and a colon, and each sentence between is such a band row."""
    sentence = text.rfind(". ", 0, d.span[0]) + 2
    if sentence < 2 or not text[sentence : d.span[0]].rstrip().endswith(":"):
        return None
    while sentence >= 2:
        before = text.rfind(". ", 0, sentence - 2)
        start = max(before + 2 if before >= 0 else 0, text.rfind(":", 0, sentence - 2) + 1, text.rfind(";", 0,
                                                                                                          sentence - 2) + 1)
        inside = [o for o in amounts if start <= o.span[0] < sentence]
        if not inside:
            # the words after the sentence's last colon ('Severe reaction: azithromycin orally once daily for 5
            # days'): a schedule, or None for a label that states none
            return lead_of(start, sentence - 2)
        row = max(before + 2 if before >= 0 else 0, 0)
        if not (any(o.band is not None for o in inside) and ":" in text[row : min(o.span[0] for o in inside)]):
            return None  # a sentence between that is not a band row: the lead does not reach past it
        sentence = row
    return None


# "after each watery stool", "with every feed", "following each vomit": an event the amount is given at, not a time
_EVENT = re.compile(r"\b(?:after|with|following)\s+(?:each|every|any)\s+(?!(?:other\s+)?(?:day|week|month|hour|minute|"
                    r"year|dose|morning|evening|night)s?\b)[a-z]", re.IGNORECASE)


def _with_events(text: str, doses: list[Dose]) -> list[Dose]:
    """An amount the statement gives at each of an event ('After each watery stool: ORS 10 mL/kg', a lead-in before
    the amount) with no schedule of its own is one administration per event: per dose, as when the event follows it."""
    if not doses or not _EVENT.search(text):
        return doses
    return [replace(d, per="dose") if (d.per is None and not d.amount_not_stated and d.times_per_day is None
                                       and d.interval is None and d.duration is None and not d.ceiling
                                       and _EVENT.search(text, 0, d.span[0])) else d for d in doses]


# When the doses of a course fall: "on days 1 and 15", "on days 1, 8 and 15", "at 0, 2 and 6 weeks", "at weeks 0,
# 2 and 6". The vocabulary holds a number of doses and one interval, not a list of days: the count is drafted, the
# interval only when the days are evenly spaced, and the days themselves go into the schedule note.
_NUMS = r"\d{1,3}(?:\s*,\s*\d{1,3})*(?:\s*,?\s*(?:and|&)\s*\d{1,3})"
# A list of days never runs into an amount ("on day 1 and 100 mg on day 8": the 100 is milligrams, not a day); and
# "on day 1 and another (injection) on day 8", "on day 1 and again on day 15" name the days one by one.
_UNIT_WORDS = "|".join(
    sorted((re.escape(u) for u in (*MASS_UNITS, *OTHER_UNITS, *PRODUCT_COUNTS, *_MILLION_UNITS)), key=len, reverse=True))
_NOT_AN_AMOUNT = rf"(?!\s*(?:[.,]\d|%|/|(?:{_UNIT_WORDS})\b))"
_TIMING = re.compile(
    rf"\b(?:(?:on|at|in)\s+)?(?P<u1>days?|weeks?|months?)\s+(?P<a>{_NUMS})\b{_NOT_AN_AMOUNT}"
    rf"|\bat\s+(?P<b>{_NUMS})\s+(?P<u2>days?|weeks?|months?)\b"
    r"|\bon\s+(?P<u3>day)\s+(?P<c1>\d{1,3})\s*,?\s+(?:and|&)\s+(?:(?:another|again|a\s+second|a\s+further|repeated)"
    r"(?:\s+(?:one|dose|injection|infusion|administration))?\s+)?(?:on\s+)?day\s+(?P<c2>\d{1,3})\b",
    re.IGNORECASE,
)


# "on day 1" (one dose that day) and "on days 2 to 5" / "days 2-5" / "days 2 through 5" (a run of days, both ends
# counted): each belongs to the amount it follows, so a loading day and the days after it keep their own count.
# a day written as a word ("on days two to five"), or the ordinal of a run ("on the second to fifth days")
_DAY_WORD = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_DAY_ORDINAL = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
_DAY_RUN = re.compile(
    rf"\b(?:on\s+)?days?\s+(?P<a>\d{{1,3}}|{_DAY_WORD})\s*(?:-|–|—|to|through|thru|until)\s*(?:day\s+)?"
    rf"(?P<b>\d{{1,3}}|{_DAY_WORD})\b"
    r"(?!\s*(?:times\b|x\b|×|mg\b|g\b|mcg\b|µg\b|ml\b|doses?\b|%|\.\d))"
    r"|\bon\s+day\s+(?P<one>\d{1,3})\b(?!\s*(?:-|–|—|,\s*\d{1,3}\s*(?:,|and\b|&)|(?:and\b|&)"
    rf"(?!\s*[\d.,]+\s*(?:{_UNIT_WORDS})\b)|to\b|through\b|\.\d))"
    r"|\bday\s+(?P<lab>\d{1,3})(?=\s*:)"
    # "160 mg at week 0, then 80 mg at week 2": one administration at that point of the course
    r"|\bat\s+(?:day|week)\s+(?P<at>\d{1,3})\b(?!\s*(?:-|–|—|,\s*\d{1,3}\s*(?:,|and\b|&)|and\b|&|or\b|to\b|through\b|\.\d))"
    r"|\bon\s+(?:the\s+)?(?P<first>first)\s+day\b"
    rf"|\bon\s+(?:the\s+)?(?P<oa>{_DAY_ORDINAL})\s*(?:-|–|to|through|until)\s*(?:the\s+)?(?P<ob>{_DAY_ORDINAL})\s+days\b",
    re.IGNORECASE,
)


def _day_number(word: str) -> int:
    """The number of a day as printed: digits, a number word ("two") or an ordinal ("fifth")."""
    if word.isdigit():
        return int(word)
    w = word.lower()
    if w in _NUMBER_WORDS:
        return _NUMBER_WORDS[w]
    return _DAY_ORDINAL.split("|").index(w) + 1


_LABEL_GAP = re.compile(r"\s*[:,]\s*$")
# a statement that opens with its time of course as a label ("Day 1: azithromycin 500 mg ...", "Days 2-5: ..."): the
# label holds for the first amount of its clause, with the drug's name and route between them (no number, no stop)
_LEAD_GAP = re.compile(r"\s*:\s*[^\d;.:]*$")
_OPENS_STATEMENT = re.compile(r"^[\W_]*$")
# other times of course printed as a statement's label, for which the conventions set no field: "First 72 hours:"
# (read as "for the first 72 hours" is), "Week 1-2:" / "Weeks 3 to 4:", "Thereafter:" / "After that:" /
# "Maintenance:". Kept as the dose's schedule note (flagged), never turned into a course or a band.
_COURSE_LEAD = re.compile(
    r"^[\W_]*(?:(?:for\s+)?(?:the\s+)?first\s+(?P<n>\d{1,3})\s*(?P<u>hours?|days?|weeks?)"
    r"|weeks?\s+(?P<wa>\d{1,2})(?:\s*(?:-|–|—|to|through)\s*(?P<wb>\d{1,2}))?"
    r"|thereafter|after\s+that|afterwards|subsequently|from\s+then\s+on|maintenance)(?=\s*:)",
    re.IGNORECASE,
)


def is_course_label(timing: str) -> bool:
    """A dose's schedule note that came from a time-of-course label (_COURSE_LEAD), not a list of days."""
    return _COURSE_LEAD.match(timing + ":") is not None


# a week label inside a statement whose lines were joined ("weeks 1-2: 25 mg once daily weeks 3-4: 50 mg once daily")
_WEEK_LABEL = re.compile(r"(?<![\w-])weeks?\s+(?P<wa>\d{1,2})(?:\s*(?:-|–|—|to|through)\s*(?P<wb>\d{1,2}))?(?=\s*:)",
                         re.IGNORECASE)


def _with_course_lead(text: str, doses: list[Dose]) -> list[Dose]:
    """The time of course a statement opens with as its label (see _COURSE_LEAD) goes to the first amount after it:
    as the dose's schedule note, and for "First N hours/days/weeks:" also as its course, as the dose grammar reads
    "for the first N hours" written after the dose. A week label that follows a dose of the same statement with no
    number between ("... 25 mg once daily weeks 3-4: 50 mg once daily") labels the next amount the same way."""
    labels: list[re.Match] = []
    m = _COURSE_LEAD.match(text)
    if m is not None:
        labels.append(m)
    given = [d for d in doses if not d.amount_not_stated]
    for w in _WEEK_LABEL.finditer(text):
        if m is not None and w.start() < m.end():
            continue
        prev = [d for d in given if d.span[1] <= w.start()]
        if prev and not re.search(r"\d", text[prev[-1].span[1] : w.start()]):
            labels.append(w)
    out = list(doses)
    for lab in labels:
        after = [k for k, d in enumerate(out) if not d.amount_not_stated and d.span[0] >= lab.end()]
        if not after or not _LEAD_GAP.match(text[lab.end() : out[after[0]].span[0]]):
            continue
        k = after[0]
        d = out[k]
        if d.timing is not None:
            continue
        label = " ".join(lab.group(0).strip(" \t*_-•").split())
        changes: dict = {"timing": label}
        groups = lab.groupdict()
        if groups.get("n") and d.duration is None:
            unit = lab.group("u").casefold().rstrip("s")
            changes["duration"] = (Decimal(lab.group("n")), Decimal(lab.group("n")), unit)
        elif groups.get("wa") and d.duration is None and (
                d.times_per_day or d.times_range or d.interval or d.per == "day"):
            # "Weeks 1-2: 25 mg once daily", "Week 5: 100 mg once daily": a dose given at a frequency through those
            # weeks runs for them (a lone amount under "Week 2:" is one given that week: no course is read for it)
            first, last = int(lab.group("wa")), int(lab.group("wb") or lab.group("wa"))
            if last >= first:
                changes["duration"] = (Decimal(last - first + 1), Decimal(last - first + 1), "week")
        out[k] = replace(d, **changes)
    return out


def _with_day_runs(text: str, doses: list[Dose]) -> list[Dose]:
    out = list(doses)
    named = [(m.start(), m.end()) for m in _TIMING.finditer(text)]
    for m in _DAY_RUN.finditer(text):
        if any(a <= m.start() < b for a, b in named):
            continue  # "on day 1 and another on day 8": one list of named days (_with_timing), not a day of its own
        # "Day 1: 500 mg", "on days 2 to 5, 5 mg/kg": a label for the amount right after it; otherwise the days
        # belong to the amount before them in the same clause (never across a ';' or ':')
        after = [k for k, d in enumerate(out) if not d.amount_not_stated and d.span[0] >= m.end()]
        before = [k for k, d in enumerate(out) if not d.amount_not_stated and d.span[1] <= m.start()]
        if m.group("at") is not None and before and not re.search(r"[;:,.]", text[out[before[-1]].span[1] : m.start()]):
            k = before[-1]  # "160 mg SC at week 0, 80 mg SC at week 2": the point in time of the amount before it
        elif after and _LABEL_GAP.match(text[m.end() : out[after[0]].span[0]]):
            k = after[0]
        elif after and _OPENS_STATEMENT.match(text[: m.start()]) and _LEAD_GAP.match(text[m.end() : out[after[0]].span[0]]):
            k = after[0]  # "Day 1: azithromycin 500 mg orally": the statement's label, the drug's name after it
        elif before and not re.search(r"[;:]", text[out[before[-1]].span[1] : m.start()]):
            k = before[-1]
        else:
            continue
        d = out[k]
        if d.timing is not None:
            continue  # the nearest dose already has its days
        changes: dict = {"timing": m.group(0).strip()}
        if m.group("first") is not None:
            # "on the first day": that day's amount, however it is split (no count is guessed); a schedule note. Said
            # to be given once that day ("500 mg once on the first day") it is one administration, as "on day 1" is
            if (re.fullmatch(r"[^\d,;.()]*\bonce\s+", text[d.span[1] : m.start()]) and d.doses is None
                    and d.interval is None and not d.times_per_day and d.times_range is None):
                changes["doses"] = (1, 1)
                if d.per is None:
                    changes["per"] = "dose"
        elif m.group("one") is not None or m.group("lab") is not None or m.group("at") is not None:
            if d.doses is None and d.interval is None and not d.times_per_day and d.times_range is None:
                changes["doses"] = (1, 1)  # "on day 1": given once, that day
                if d.per is None:
                    changes["per"] = "dose"
        else:
            first, last = _day_number(m.group("a") or m.group("oa")), _day_number(m.group("b") or m.group("ob"))
            if last <= first:
                continue  # not a run of days as written; left to the curator
            n = last - first + 1
            if d.duration is None:
                changes["duration"] = (Decimal(n), Decimal(n), "day")
            if d.times_per_day is None and d.times_range is None and d.interval is None and d.per is None:
                # "5 mg/kg on days 2-5" with no frequency: one dose on each of those days
                changes.update(per="dose", doses=(n, n), interval=(Decimal(1), "day"), duration=None)
        out[k] = replace(d, **changes)
    return out


_THEN = re.compile(r"\b(?:then|followed\s+by)\b", re.IGNORECASE)


def _unscheduled(d: Dose) -> bool:
    return (d.per in (None, "dose") and not d.ceiling and d.times_per_day is None and d.times_range is None
            and d.times_per_week is None and d.interval is None and d.duration is None and d.doses is None
            and d.timing is None)


def _with_loading(text: str, doses: list[Dose]) -> list[Dose]:
    """'1 g then 500 mg daily for 4 days', '4 g IV over 20 minutes, then 1 g/hour': an amount with no schedule of
    its own, followed by 'then' / 'followed by' and a dose that has one (or a rate), is given once first (a
    loading dose): one administration, flagged for the curator (kgv:initialOnly only where the article says
    'loading' or 'initial')."""
    out = list(doses)
    given = [k for k, d in enumerate(out) if not d.amount_not_stated and not (d.strength or d.level or d.titration)]
    for a, b in zip(given, given[1:], strict=False):
        first, nxt = out[a], out[b]
        if first.rate or not _unscheduled(first) or first.initial or first.doses is not None:
            continue
        gap = text[first.span[1] : nxt.span[0]]
        if not _THEN.search(gap) or re.search(r"\.\s", gap) or first.band != nxt.band:
            continue
        if nxt.rate or not _unscheduled(nxt) or nxt.per == "day":
            out[a] = replace(first, doses=(1, 1), per="dose", loading_read=True)
    return out


# "Repeat once after 15 minutes", "This can be repeated if there is no response", "repeat up to 3 times": what is
# repeated is one administration
_REPEAT = re.compile(r"\b(?:repeat|repeated|repeating)\b(?:\s+(?:the\s+|this\s+)?(?:dose|it|this|once|twice))?"
                     r"\s*(?:if|as|once|twice|after|every|until|in|when|at|up\s+to)\b", re.IGNORECASE)


_REPEAT_LINE = re.compile(r"\s*(?:(?:this|it|the\s+dose|which)\s+(?:can|may|should|could|is\s+to)\s+(?:then\s+)?be\s+)?"
                          + _REPEAT.pattern, re.IGNORECASE)


def repeat_line(text: str) -> bool:
    """Whether a statement opens by repeating a dose stated before it ('Repeat once after 15 minutes if still low',
    'This may be repeated after 10 minutes') and states no amount of its own."""
    if not _REPEAT_LINE.match(text):
        return False
    try:
        # a level the repeat waits for ('if still below 4 mmol/L') is no amount to give
        return not any(not (d.amount_not_stated or d.level or d.threshold or d.rate) for d in parse_statement(text))
    except ImporterError:
        return False


def _with_repeat(text: str, doses: list[Dose]) -> list[Dose]:
    """An amount with no schedule, followed later in the statement by words that repeat it ('Give 15-20 g of glucose
    by mouth. Repeat once after 15 minutes if still low.') with no other amount between, is one administration: per
    dose, as when the repeat is in its own clause. Nothing else is read from the repeat here."""
    found = list(_REPEAT.finditer(text))
    if not found or not doses:
        return doses
    out = list(doses)
    given = [k for k, d in enumerate(out) if not d.amount_not_stated]
    for m in found:
        before = [k for k in given if out[k].span[1] <= m.start()]
        if not before:
            continue
        k = before[-1]
        d = out[k]
        if (d.per is None and not d.ceiling and d.times_per_day is None and d.times_range is None
                and d.times_per_week is None and d.interval is None and d.duration is None and not d.strength
                and not d.level and not d.titration and not d.rate):
            out[k] = replace(d, per="dose")
    return out


_COURSE_SUBJECT = re.compile(r"^\s*\(?\s*(?:[A-Za-z][\w-]*\s+){1,3}(?:is|are|should\s+be|must\s+be)\s+"
                             r"(?:(?:only\s+)?(?:given|used|continued|prescribed)\s+)?(?=for\b)", re.IGNORECASE)


def _with_course_sentence(text: str, doses: list[Dose]) -> list[Dose]:
    """A sentence after every amount of the statement that states only a course ('Valaciclovir 1 g three times a
    day. Duration: at least 7 days.') times the doses before it that state none (never a single or a first dose), as
    a course line under a dose line does."""
    from .course_lines import course_line

    given = [d for d in doses if not (d.amount_not_stated or d.strength or d.level or d.titration or d.rate)]
    if not given:
        return doses
    last = max(d.span[1] for d in given)
    course = None
    for m in re.finditer(r"(?<=[.;])\s+(?P<s>[^.;]+[.;]?)", text[last:]):
        # "(Gentamicin is for maximum of 3 days).", "Treatment should be continued for 7 days.": a subject and its
        # verb before the course are read past
        sentence = _COURSE_SUBJECT.sub("", m.group("s"), count=1)
        course = course_line(sentence) or course
    if course is None:
        return doses
    return [replace(d, duration=course) if d in given and d.duration is None and d.doses != (1, 1) and not d.initial
            else d for d in doses]


# One day of a schedule, right after an amount ("2 mg on day 1", "50 mg (day 1)", "12.5 mg once or twice on the first
# day") or as its label right before it ("Day 2: 100 mg"); never a run of days ("on days 1-3", "day 1 to day 5").
_ONE_DAY_AFTER = re.compile(
    r"\s*(?:(?:once|twice)(?:\s+or\s+(?:once|twice))?\s+)?(?:\(\s*days?\s+\d{1,2}\s*\)"
    r"|on\s+(?:the\s+)?day\s+\d{1,2}\b(?!\s*(?:-|–|—|to\b|through\b|until\b)\s*(?:day\s+)?\d{1,2}\b"
    rf"(?![.,]\d|\s*(?:{_UNIT_WORDS})\b))"
    r"|on\s+(?:the\s+)?(?:first|second|third|fourth|fifth|sixth|seventh)\s+day\b)",
    re.IGNORECASE,
)
_ONE_DAY_BEFORE = re.compile(r"(?:^|[,;(]|\band\b)\s*day\s+\d{1,2}\s*[:=\-–]\s*$", re.IGNORECASE)
# The number of the one day an amount is given on, past how often it is given that day ("300 mg once on day 1", "300
# mg twice daily on day 2", "300 mg three times a day on the third day"); never a run of days ("on days 1-3")
# ('on day 2 and 300 mg ...': the next step's amount, not a run of days 'on days 2 and 3'; '2 times a day on day 2':
# how often that day)
_DAY_OF_AMOUNT = re.compile(
    r"(?:\d\s*times\b|[^\d,;.()\[\]]){0,40}?\bon\s+(?:the\s+)?(?:day\s+(?P<n>\d{1,2})\b(?!\s*(?:-|–|—|to\b|through\b|until\b|and\b)"
    rf"\s*(?:day\s+)?\d{{1,2}}\b(?![.,]\d|\s*(?:{_UNIT_WORDS})\b))|(?P<w>first|second|third|fourth|fifth|sixth|seventh)"
    r"\s+day\b)", re.IGNORECASE)
_ORDINAL_DAYS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7}


def _day_of_amount(text: str, d: Dose) -> int | None:
    m = _DAY_OF_AMOUNT.match(text, d.span[1])
    if m is None:
        return None
    return int(m.group("n")) if m.group("n") else _ORDINAL_DAYS[m.group("w").lower()]


def _day_by_day_steps(text: str, doses: list[Dose]) -> set[int]:
    """'gabapentin 300 mg once on day 1, 300 mg twice daily on day 2, 300 mg three times daily on day 3, then increase
    by 300 mg a day ... to a usual 900-3600 mg a day': amounts each tied to one of two or more days in a row, in one
    sentence, that build up (the amount a day rises) or are followed by a titration verb (data/cue_words.txt) in
    the same sentence, are the steps of a titration schedule given day by day, not doses (the facts' convention).
    Days that do not follow one another ('150 mg on day 1 and 100 mg on day 8') are doses of their own, and so is a
    first day set against a run of days ('500 mg on day 1, then 250 mg on days 2 to 5': a loading dose)."""
    tied = [(k, _day_of_amount(text, d)) for k, d in enumerate(doses)
            if not (d.amount_not_stated or d.titration or d.strength or d.rate or d.level or d.amount_min is None)]
    tied = [(k, day) for k, day in tied if day is not None]
    out: set[int] = set()
    run: list[tuple[int, int]] = []
    for k, day in [*tied, (-1, -1)]:
        if run and k >= 0 and day == run[-1][1] + 1 and not re.search(
                r"[.;](?:\s|$)", text[doses[run[-1][0]].span[1] : doses[k].span[0]]):
            run.append((k, day))
            continue
        if len(run) >= 2:
            last = doses[run[-1][0]]
            stop = re.compile(r"[.;](?:\s|$)").search(text, last.span[1])
            rest = text[last.span[1] : stop.start() if stop else len(text)]
            verb = any(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", rest, re.IGNORECASE) for w in _TITRATION_VERBS)
            daily = [doses[x].amount_min * (doses[x].times_per_day or 1) for x, _ in run]
            if verb or all(a < b for a, b in zip(daily, daily[1:], strict=False)):
                out.update(x for x, _ in run)
        run = [(k, day)] if k >= 0 else []
    return out


def _with_titration_days(text: str, doses: list[Dose]) -> list[Dose]:
    return _maxima_to_titrated(doses, _titration_days(text, doses))


def _titration_days(text: str, doses: list[Dose]) -> list[Dose]:
    """'Risperidone titration: 2 mg on day 1, 4 mg on day 2, then 4-6 mg daily', 'titrate over 4 days: 50 mg (day 1),
    100 mg (day 2) ...': after a word that names a titration schedule (data/cue_words.txt), in the same sentence, an
    amount tied to one day of the schedule is a step of the titration, not a dose to give (the facts' convention:
    titration steps are not doses); the amount the schedule leads to, with a schedule of its own, stays the dose.
    The step is reported for the curator, never dropped."""
    by_day = _day_by_day_steps(text, doses)
    if by_day:
        doses = [replace(d, titration=True, schedule_step=True) if k in by_day else d for k, d in enumerate(doses)]
    found = list(_SCHEDULE_TITRATION.finditer(text))
    cues = [m.start() for m in found]
    if not cues or not doses:
        return doses
    # "Build up over four days: 50 mg, 100 mg, 200 mg and then 300 mg": a schedule that runs over a span lists its
    # steps in the rest of its clause, whatever ties each to its day
    spans = []
    for m in found:
        run = _SCHEDULE_SPAN.match(text, m.end())
        if run is not None:
            stop = re.compile(r";|\.(?:\s|$)").search(text, run.end())
            spans.append((run.end(), stop.start() if stop else len(text)))
    out = list(doses)
    for k, d in enumerate(out):
        if d.amount_not_stated or d.titration or d.strength or d.rate or d.level:
            continue
        cue = [c for c in cues if c < d.span[0] and not re.search(r"[.;]\s|\.$", text[c : d.span[0]])]
        if not cue:
            continue
        if (_ONE_DAY_AFTER.match(text, d.span[1]) or _ONE_DAY_BEFORE.search(text[: d.span[0]])
                or any(a <= d.span[0] < b for a, b in spans)):
            out[k] = replace(d, titration=True, schedule_step=True)
    return out


def _maxima_to_titrated(before: list[Dose], after: list[Dose]) -> list[Dose]:
    """A maximum the statement's reading gave to an amount that has since been read as a step of the titration
    schedule ('900-1800 mg/day in 3 divided doses | 300 mg on day 1, ... 300 mg TDS on day 3, then up by 300 mg/day
    ... | Maximum: 3600 mg/day') bounds the dose being titrated, the nearest earlier amount that is given, as a maximum
    after a titration step does (_Parser.statement); with no such dose it stays where it is (never dropped)."""
    out = list(after)
    for k, d in enumerate(out):
        if d.maximum is None or not d.titration or before[k].titration:
            continue
        given = [x for x in range(k - 1, -1, -1) if not (
            out[x].amount_not_stated or out[x].titration or out[x].strength or out[x].rate or out[x].level)]
        if given and out[given[0]].maximum is None:
            out[given[0]] = replace(out[given[0]], maximum=d.maximum, maximum_basis=d.maximum_basis)
            out[k] = replace(d, maximum=None, maximum_basis=None)
    return out


# "..., both for 14 days", "... and Y 400 mg twice daily, each for 7 days": the course printed once for every dose of
# the sentence
_SHARED_COURSE = re.compile(r"\b(?:both|all|each)\s+(?:given\s+)?(?:(?P<route>[a-z]+)\s+)?for\b", re.IGNORECASE)


# the join of two drugs given together as one regimen ("X 500 mg PLUS Y 400 mg", "X + Y")
_PLUS_JOIN = re.compile(r"\bplus\b|\+", re.IGNORECASE)


def _with_shared_course(text: str, doses: list[Dose]) -> list[Dose]:
    """'Doxycycline 100 mg PO BID and metronidazole 400 mg PO BID, both for 14 days': the course read for the last
    dose is every dose's of the same sentence (none with a course of its own, none across a full stop)."""
    given = [k for k, d in enumerate(doses) if not (d.amount_not_stated or d.titration or d.strength or d.level
                                                   or d.rate)]
    if len(given) < 2:
        return doses
    last = doses[given[-1]]
    m = _SHARED_COURSE.search(text, last.span[1])
    if m is not None and m.group("route") is not None and m.group("route").casefold() not in ROUTE_WORDS:
        m = None  # "all patients for ...": no course shared by name
    if last.duration is None:
        return doses
    if m is None or re.search(r"[.;]\s", text[last.span[1] : m.start()]):
        # "oral vancomycin 500 mg 6 hourly PLUS IV metronidazole 500 mg 8 hourly (duration 10 days)": the doses of one
        # regimen given together ('plus', '+') take the course printed once after the last of them
        # (a cap, "for up to 3 days", is more often the last drug's own limit: not shared)
        if last.duration[0] is None or not all(_PLUS_JOIN.search(text[doses[a].span[1] : doses[b].span[0]])
                                               for a, b in zip(given, given[1:], strict=False)):
            return doses
    # a route printed in the shared phrase ("both orally for 14 days") is every dose's too
    shared_route = (m is not None and m.group("route") is not None and m.group("route").casefold() in ROUTE_WORDS
                    and last.route is not None)
    out = list(doses)
    for k in reversed(given[:-1]):
        d = out[k]
        if re.search(r"[.;:]\s", text[d.span[1] : last.span[0]]):
            break
        if d.duration is None and d.doses is None:
            out[k] = replace(d, duration=last.duration)  # (a counted dose, "once", has no course to share)
        if shared_route and out[k].route is None:
            out[k] = replace(out[k], route=last.route)  # "..., both orally for 14 days": the route is every dose's
    return out


def _with_timing(text: str, doses: list[Dose]) -> list[Dose]:
    doses = _with_titration_days(text, doses)
    doses = _with_shared_course(text, doses)
    doses = _with_repeat(text, _with_loading(text, _with_course_lead(text, _with_day_runs(text, doses))))
    doses = _with_course_sentence(text, doses)
    found = list(_TIMING.finditer(text))
    if not found or not doses:
        return doses
    out = list(doses)
    for m in found:
        # the dose the list follows: the nearest amount before it
        before = [k for k, d in enumerate(out) if not d.amount_not_stated and d.span[1] <= m.start()]
        if not before:
            continue
        k = before[-1]
        d = out[k]
        numbers = [int(n) for n in re.findall(r"\d+", m.group("a") or m.group("b") or "")] or [
            int(m.group("c1")), int(m.group("c2"))]
        unit = (m.group("u1") or m.group("u2") or m.group("u3")).lower().rstrip("s")
        steps = {b - a for a, b in zip(numbers, numbers[1:], strict=False)}
        changes: dict = {"timing": m.group(0).strip()}
        if d.doses is None:
            changes["doses"] = (len(numbers), len(numbers))
        if d.per is None:
            changes["per"] = "dose"
        if d.interval is None and len(steps) == 1 and min(steps) > 0 and not d.times_per_day:
            changes["interval"] = (Decimal(min(steps)), unit)
        out[k] = replace(d, **changes)
    return out


def parse_dose(text: str, line: int = 1) -> Dose:
    """Exactly one dose with an amount, e.g. '15-20 mg/m2/week (maximum 40 mg/week)'."""
    doses = [d for d in parse_statement(text, line) if not d.amount_not_stated]
    if len(doses) != 1:
        found = "no amount with a unit (mg, g, mcg)" if not doses else f"{len(doses)} amounts"
        raise ImporterError(
            max(1, line), f"expected one dose such as '0.5-1 mg/kg/day'; found {found} in {text[:60]!r}"
        )
    return doses[0]


def routes_in(text: str) -> list[str]:
    """Routes named anywhere in a text (for a lead-in such as 'Oral prednisone:')."""
    found: list[str] = []
    parser = _Parser(text, 1)
    toks = parser.toks
    for k, t in enumerate(toks):
        after = toks[k + 1].text if k + 1 < len(toks) else ""
        route = None
        if t.kind != "word" or parser.route_denied(0, k):
            continue  # 'Nil by mouth:', 'If unable to take oral medicines': a way the doses are not given
        if (t.text, after) in _ROUTE_PHRASES:
            route = _ROUTE_PHRASES[(t.text, after)]
        elif t.text in ROUTE_WORDS and after not in _NOT_A_ROUTE_AFTER and not (
            after == "-" and k + 2 < len(toks) and toks[k + 2].text == "to"
        ):
            route = ROUTE_WORDS[t.text]
            if t.text in ("infusion", "infusions") and any(
                x.kind == "word" and x.text in ROUTE_WORDS and x.text not in ("infusion", "infusions")
                for x in toks[max(0, k - 3) : k]
            ):
                # 'by subcutaneous injection or infusion', 'subcutaneous infusion': the method of the route just
                # named, not a second route
                continue
        if route is not None and route not in found:
            found.append(route)
    return found


def form_routes_in(text: str) -> list[str]:
    """Routes the forms of a text say ("10 mg suppository", "eye drops", "into the vagina"), in order, once each; a
    form the dose is switched to or that the patient cannot take is not one ("if unable to take tablets")."""
    parser = _Parser(text, 1)
    return list(dict.fromkeys(r for r, _ in parser.route_form_hits(0, len(parser.toks))))


def switch_routes(text: str) -> list[str]:
    """Routes named as the end of a change of route ('oral step-down', 'IV-to-oral switch', 'oral switch'): routes_in
    leaves them out, since no dose on that line is given that way yet; a carrier over doses still names them, so that
    'IV or oral step-down' over a dose is read as naming two routes, not IV alone."""
    found: list[str] = []
    toks = tokenize(text)
    for k, t in enumerate(toks):
        after = toks[k + 1].text if k + 1 < len(toks) else ""
        if t.kind == "word" and t.text in ROUTE_WORDS and after in ("switch", "step"):
            route = ROUTE_WORDS[t.text]
            if route not in found:
                found.append(route)
    return found


_GESTATION_MEASURES = ("gestational age", "corrected gestational age", "postmenstrual age", "postconceptional age")


def band_measure_kind(band: str) -> str:
    """What a band measures: 'weight' (kg), 'gestation' (weeks counted from conception: gestational, corrected or
    postmenstrual age, as the draft names it in brackets), 'age' (since birth), or an organ-function measure's
    vocabulary term ('CreatinineClearance'). A band of two parts is its parts'."""
    if "," in band:
        return "+".join(band_measure_kind(p) for p in band.split(","))
    function = function_measure_of(band.strip())
    if function is not None:
        return function.term  # 'CrCl 26-50 mL/min': renal function, a measure of its own
    if re.search(r"\bkg\b", band):
        return "weight"
    if any(f"({m})" in band for m in _GESTATION_MEASURES) or re.search(r"\b(?:pre)?term\b", band):
        return "gestation"
    return "age"


def two_measures(a: str, b: str) -> bool:
    """Whether two bands measure different things, so that a dose under both is for both: weight and age, gestation
    and age since birth, or (no measure printed) weeks over days or hours ('<30 weeks:' over '0-7 days: ...')."""
    if band_measure_kind(a) != band_measure_kind(b):
        return True
    units = {m.group(1) for band in (a, b) for m in [re.search(r"\b(weeks?|days?|hours?)\b", band)] if m}
    return any(u.startswith("week") for u in units) and any(u.startswith(("day", "hour")) for u in units)


def bands_in(text: str) -> list[str]:
    """The weight or age bands a text states ('Children 3 months to 17 years' -> ['3 months-17 years']), in order.

    A heading or caption is not a dose line: two numbers that would make a backwards range there ('Section 4 - 3
    Antibiotics') are labels, and the text states no band rather than refusing the whole page."""
    try:
        return [b[2] for b in _Parser(text, 1).bands()]
    except ImporterError:
        return []


def route_word_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of route words, so a caller can tell a route from part of a drug name."""
    toks = tokenize(text)
    spans = [(t.start, t.end) for t in toks if t.kind == "word" and t.text in ROUTE_WORDS]
    for a, b in zip(toks, toks[1:], strict=False):
        if a.kind == "word" and (a.text, b.text) in _ROUTE_PHRASES:
            spans.append((a.start, b.end))
    return sorted(spans)


# The course length a caption closes with ("..., use this regimen instead, for 7 days:", "for 10-14 days:"):
# the rows of the table or list under it are taken for that long.
_CAPTION_COURSE = re.compile(
    r"\bfor\s+(?P<lo>\d+(?:\.\d+)?)(?:\s*(?:-|–|to)\s*(?P<hi>\d+(?:\.\d+)?))?\s+(?P<unit>[a-z]+)\s*[:.]?\s*"
    r"(?:\d{1,3}(?:\s*,\s*\d{1,3})*)?\s*$",
    re.IGNORECASE,
)


def caption_course(text: str, line: int = 1) -> Dose | None:
    """A dose with no amount holding only the course length a lead-in ends with, or None."""
    m = _CAPTION_COURSE.search(text.strip())
    if m is None or m.group("unit").casefold() not in _TIME_UNITS:
        return None
    lo = Decimal(m.group("lo"))
    hi = Decimal(m.group("hi")) if m.group("hi") else lo
    return Dose(line=line, amount_not_stated=True, duration=(lo, hi, _TIME_UNITS[m.group("unit").casefold()]))
