"""Recognise what a statement is about with the graph's own names and wording.

Therapies, conditions, patient states and populations are found by their labels, synonyms and
abbreviations as the built store holds them (kg.read.names.NAMES_QUERY), so a curator who adds a drug
or a synonym to graph/entities teaches the importer at the next build. Stage and strength terms
come from the vocabulary too: a stage's rdfs:label and a strength's "Worded as: ..." comment are
its cues. What is left here is reading grammar — how English marks an alternative, a caution or
a monitoring item — mapped onto vocabulary terms; no drug, dose or condition is named in code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from rdflib import URIRef

from kg.read.names import KIND_CLASSES, NAMES_QUERY
from kg.sources.reader import split_markers
from kg.store.base import Store
from kg.vocab.namespaces import KGV, THER

from .cue_words import cue_words, stage_words
from .dose_grammar import route_word_spans
from .vocabulary import DrugEntry, drug_index, knows_combination, plural_class, variant_names

_WORD = re.compile(r"[a-z0-9²]+")
_CLEARANCE_WORDS = frozenset({"clearance", "ratio", "excretion"})
_SPECIMENS = frozenset({"serum", "plasma", "blood", "urine", "urinary", "capillary", "venous", "arterial", "csf"})
_SLASH_JOIN = re.compile(r"\s*/\s*")
_MAX_NAME_TOKENS = 12
# the longest drug name a salt name is read around ('hydrocortisone' in 'hydrocortisone sodium succinate')
_MAX_SALT_CORE = 5
# what may stand between the words of a salt name as printed: spaces, a slash between salts ('succinate/tartrate') or
# a bracket round a qualifier ('calcitonin (salmon)')
_SALT_GAP = re.compile(r"\s*[/(]?\s*")
# a word joined to a drug as one combination: 'X-drug', 'X + drug', 'X/drug' (and the drug first)
_PARTNER_BEFORE = re.compile(r"(?<![\w-])(?P<word>[A-Za-z][a-z]{5,})(?:-|\s*\+\s*|\s*/\s*)\Z")
_PARTNER_AFTER = re.compile(r"(?:-|\s*\+\s*|\s*/\s*)(?P<word>[A-Za-z][a-z]{5,})(?![\w-])")
# English word endings no drug name has ('-induced', '-based', '-resistant', '-related', '-naive', '-free')
_ENGLISH_ENDINGS = ("ed", "ing", "ive", "ous", "ful", "less", "like", "free", "based", "type", "able", "ible", "ment",
                    "ness", "tion", "sion", "ship", "ity", "ary", "ory", "ward", "wise", "ant", "ent", "naive", "ally",
                    # '-allergic', '-therapy', '-inhibitor', '-exposure', '-sparing' words, not drug names
                    "ic", "al", "ly", "or", "er", "py", "ure", "ics", "ism", "ist")


# words of dosing prose that follow a drug after '/', '+' or '-' and are not drugs ('X/placebo', 'X + standard care')
_DOSING_NOUNS = frozenset(
    """placebo control vehicle standard regimen regimens monotherapy combination infusion injection tablets capsules
    solution suspension syrup course courses schedule protocol dosing daily weekly monthly hourly alone weight bolus
    loading maintenance rescue sachet sachets patch patches spray cream gel drops""".split()
)


# "<class word> such as X", "a <class word> (e.g. X", "<class words>, for example X": the word before the example
_EXAMPLE_OF = re.compile(
    r"\b(?P<cls>[A-Za-z][a-z]{4,}s?)\s*(?:\(|,)?\s*(?:such as|e\.g\.,?|eg|for example,?|for instance,?|including)\s+"
    r"(?:(?:an?|the)\s+)?\Z"
)
# words that name no class of their own before an example ('drugs such as X', 'strong inhibitors such as X')
_GENERIC_NOUNS = frozenset(
    """drug medicine medication agent treatment therapie therapy product option preparation substance compound
    inhibitor inducer antagonist agonist blocker interaction other""".split()
)
# "a", "an", "another", "any", "one": before a drug's name, any member of the class it names
_ANY_ONE = frozenset({"a", "an", "another", "any"})
# nouns the article belongs to instead ('a paracetamol tablet', 'an amoxicillin course')
_FORM_NOUNS = frozenset(
    """tablet tablets capsule capsules course courses dose doses inhaler injection infusion regimen level levels
    suspension solution syrup patch spray cream gel suppository trial challenge allergy hypersensitivity reaction
    overdose prescription""".split()
)


# a number with a unit of concentration in the patient ('4 mmol/L', '10 mg/dL', '25 nmol/L', '6.5 mEq/L', '48 mmol/mol')
_LAB_VALUE = re.compile(r"\s*\d+(?:[.,]\d+)?(?:\s*(?:-|to)\s*\d+(?:[.,]\d+)?)?\s*(?:m|micro|µ|u|n|p)?(?:mol|g|eq|iu|u)"
                        r"\s*/\s*(?:d?l|mol)\b|\s*\d+(?:[.,]\d+)?\s*%", re.I)
_TOKEN = re.compile(r"[^\W\d_]+|[<>≤≥=]")


def is_analyte(text: str, start: int, end: int) -> bool:
    """Whether the substance named at text[start:end] is something measured in the patient, not a therapy: after a
    specimen or a measuring verb ('serum prolactin', 'check glucose', 'monitor sodium'), before a measuring noun
    ('potassium level', 'lithium concentration'), named as a goal ('target glucose', 'aim for a potassium of 4-5') or
    compared with a laboratory value ('glucose below 4 mmol/L', 'potassium should be kept above 4 mmol/L'). The
    cue words are data (kg/importer/data/cue_words.txt)."""
    from .cue_words import cue_words

    # the words right before the name, joined to it by spaces alone ('check the', 'aim for a', 'serum')
    lead = re.search(r"((?:[^\W\d_]+\s+){1,4})\Z", text[max(0, start - 60) : start])
    before = _TOKEN.findall(lead.group(1).casefold()) if lead else []
    after_text = text[end : end + 60]
    after = _TOKEN.findall(after_text.casefold())
    if before and (before[-1] in _SPECIMENS or before[-1] in cue_words("analyte_verbs")
                   or before[-1] in cue_words("analyte_targets") or before[-1] in cue_words("analyte_qualifiers")):
        return True
    # 'aim for a potassium of 4-5 mmol/L', 'check the sodium', 'target for the glucose'
    while before and before[-1] in ("a", "an", "the", "for", "of", "her", "his", "their"):
        before.pop()
        if before and (before[-1] in cue_words("analyte_targets") or before[-1] in cue_words("analyte_verbs")):
            return True
    if after and after[0] in cue_words("analyte_nouns") and not re.match(r"\s*[-:]", after_text):
        return True
    # 'a lactate of 4 mmol/L or more', 'with a sodium of 125 mmol/L': the substance's measured value in the patient
    of_value = re.match(r"\s+of\b", after_text, re.I)
    if of_value is not None and not re.search(r"(?<![\w.])\d", text[max(0, start - 30) : start]) and (
            _LAB_VALUE.match(after_text[of_value.end() :]) is not None):
        return True
    gap = 0
    for word in after:
        if word in cue_words("analyte_comparisons"):
            rest = after_text[after_text.casefold().find(word) + len(word) :]
            rest = re.sub(r"^\s*(?:than|to|by|of|at least|or equal to|more than|less than)?", "", rest, flags=re.I)
            return _LAB_VALUE.match(rest) is not None
        if word not in cue_words("analyte_gap_words") or gap >= 4:
            return False
        gap += 1
    return False


def _could_be_drug(word: str) -> bool:
    from .vocabulary import _stopwords

    w = word.casefold()
    return (not w.endswith(_ENGLISH_ENDINGS) and w not in _stopwords() and w not in _DOSING_NOUNS
            and w not in cue_words("irregular_participles"))

could_be_drug = _could_be_drug

STAGES_QUERY = """
SELECT ?stage ?label ?position WHERE { ?stage a kgv:Stage ; rdfs:label ?label ; kgv:position ?position }
"""
STRENGTHS_QUERY = """
SELECT ?strength ?comment WHERE { ?strength a kgv:Strength ; rdfs:comment ?comment }
"""
UMBRELLA_QUERY = """
SELECT ?term ?comment WHERE { ?term a kgv:UmbrellaTerm ; rdfs:comment ?comment }
"""
REFERENCES_QUERY = """
SELECT ?work ?type ?title ?source ?year WHERE {
  VALUES ?type { kgv:GuidelineReference kgv:ResearchReference }
  ?work a ?type ; dcterms:title ?title .
  OPTIONAL { ?work kgv:sourceTitle ?source }
  OPTIONAL { ?work dcterms:issued ?year }
}
"""

# How English marks a stage beyond the stage's own label; keyed by the vocabulary term's local name
# so a stage missing from the store is simply never proposed.
STAGE_WORDING: tuple[tuple[str, str], ...] = (
    ("Alternative", r"\balternatives?\b|\binstead\b|\bsubstitut\w*|\bcontraindicat\w*|\bnot tolerated\b|\bintoleran\w*|\bunavailable\b|"
                    r"\bnot available\b|\banother option\b|\bother options?\b|"
                    # an allergy to the usual drug is why another replaces it ("Penicillin allergy", "allergic to
                    # penicillin"); "Allergic rhinitis" names a disease, not an allergy to a drug
                    r"\b[\w-]+ allerg(?:y|ies)\b|\ballergic to\b|\bhypersensitiv\w* to\b|"
                    # "If penicillin allergic:", "if allergic", "penicillin-allergic patients": the same allergy
                    r"\bif\s+(?:the\s+(?:patient|person|child)\s+is\s+)?(?:[\w]+[- ])?allergic\b|\b\w+-allergic\b"),
    ("Refractory", r"\brefractory\b|(?<!risk of )(?<!rates of )(?<!factors for )(?<!factor for )\bresistan(?:t|ce)\b(?! (?:is|rates?) low)"),
    ("Escalation", r"\binadequate response\b|\bintensif\w*|\bescalat\w*|\bsecond[- ]line\b|\bsecond[- ]choice\b|"
                   r"\bstep[- ]up\b"),
    # "continue treatment", "continue for 6 months" — but not "if seizures continue", where the disease continues
    # "then continue by mouth", "continue it orally": how the drug just given goes on, not how long to continue
    ("TaperMaintenance", r"\btaper\w*|\bmaintenance\b|(?<!\bif )(?<!\bwhile )(?<!\bwhen )(?<!s )\bcontinue\b(?! (?:after|despite))"
                         r"(?!\s+(?:(?:it|them|the \w+|treatment|therapy)\s+)?(?:by mouth|orally|oral\w*|po\b|iv\b|"
                         r"intraven\w*|subcutaneous\w*|with (?:oral|tablets)|on (?:oral|tablets)|as (?:oral|tablets)))|"
                         r"\bremain on\b|\breduce\b|\bstop\b|\bwean\w*"),
    # "add potassium chloride to all IV fluids", "add glucose 5% to the fluid": what the infusion holds, not a drug
    # added to the main treatment
    # "supplemental oxygen" names the gas given, not an add-on; "supportive treatment" is given beside the main one
    ("Adjunct", r"\badd\b(?![^.;]*?\bto (?:the |all |each |every |any |maintenance )?(?:[\w%.-]+ ){0,2}(?:fluids?|"
                r"infusions?|bags?|drips?|solutions?|feeds?)\b)|\badjunct\w*|\bsupplement(?!al\b)\w*|\balongside\b|"
                r"\bin addition\b|\bsupportive\s+(?:care|treatment|therapy|therapies|measures|management)\b|\badjuvant\b"),
    # "from the start", "at the start of treatment": when something is given, not the first stage
    ("FirstLine", r"\bfirst[- ]line\b|\bfirst[- ]choice\b|\binitial\w*|(?<!\bthe )(?<!\bthe very )\bstart\b(?!\s+of\b)|"
                  r"\bbegin\b|\bcornerstone\b"),
)
# "replace the deficit plus maintenance over 48 hours", "maintenance fluids": the fluid a body needs each day, not
# the maintenance stage of a treatment (blanked before stage cues, the vocabulary's label included, are read)
_NOT_A_STAGE = re.compile(
    r"\bdeficit\s+(?:plus|and|\+)\s+maintenance\b|\bmaintenance\s+(?:fluids?|requirements?|volumes?|rates?)\b|"
    # "replace the deficit ... on top of maintenance", "in addition to maintenance fluids": the body's daily need,
    # which the treatment is given beside, neither the maintenance stage nor an add-on to another treatment
    r"\b(?:on\s+top\s+of|in\s+addition\s+to|as\s+well\s+as|over\s+and\s+above)\s+(?:the\s+)?(?:usual\s+|normal\s+|"
    r"daily\s+)?maintenance(?:\s+(?:fluids?|requirements?|needs?|volumes?))?\b|"
    # "Maintenance dose: 62.5-250 mcg", "Usual maintenance is 300-600 mg daily", "Maintenance: digoxin 125 mcg": the
    # dose after the starting or loading dose, not the taper/maintenance stage ("continue for 6 months" still is)
    # ("5. Maintenance:" with nothing after its colon is a section's title, as "5. Maintenance" is: the stage)
    r"\bmaintenance\s+doses?\b|^\W*(?:\d{1,2}[.)]\s+)?(?:the\s+)?(?:usual\s+)?maintenance\b(?=\s*(?::(?!\s*$)|[-–]\s|is\b|usually\b|"
    r"of\b|\d))|\busual\s+maintenance\b|"
    # "starting 25 mg once daily ..., maintenance 100-200 mg daily" (a regimen row): the dose after the starting dose,
    # named by its amount, not the maintenance stage
    r"\bmaintenance\b(?=\s*[:\u2013-]?\s*\d)|"
    # "a rescue inhaler", "rescue doses when needed", "a COPD rescue pack": the reliever or stand-by supply a patient
    # takes for symptoms, not the refractory stage ("rescue therapy after failure of IV steroids" still is)
    r"\brescue\s+(?:inhalers?|relievers?|packs?|doses?|analgesia|breaths|puffs)\b|"
    # "Reduce the dose when creatinine clearance is 60 mL/min or less", "reduce the dose in hepatic impairment": a
    # dose fitted to how the kidneys or liver clear the drug, not a taper of treatment that has worked
    r"\breduce\b(?=[^.;:]{0,60}?\b(?:renal|hepatic|kidney|liver|creatinine|egfr|crcl|clearance|dialysis)\b)",
    re.IGNORECASE,
)
CAUTION_WORDING = re.compile(
    r"\brisk of\b|\bcaution\w*|\bpitfall\w*|\bavoid\b|\bcontraindicat\w*|\bmay (?:precipitate|trigger|cause)\b",
    re.IGNORECASE,
)
RISK_AFTER = re.compile(r"\brisk of\b|\bprecipitat\w*|\btrigger\w*|\bcause\w*|\bdue to\b", re.IGNORECASE)
# What a check measures, as a line with no verb names it: a specimen and what is measured in it ("serum potassium",
# "capillary blood glucose", "trough vancomycin level") or a test, an observation or a function of an organ
_MEASURED = (
    r"(?:serum|plasma|blood|capillary|urine|urinary|venous|arterial|trough|peak|random|fasting)\s+[\w&+-]+|"
    r"(?:[\w&+()-]+\s+){0,3}?(?:function(?:\s+tests?)?|counts?|levels?|inr|ecg|bp|blood pressure|hba1c|tsh|ft4|urate|"
    r"creatinine|electrolytes|u&es?|lfts?|fbc|saturations?|observations|obs|gas(?:es)?|lactate|ketones?|weight|"
    r"temperature|pulse|heart rate|respiratory rate|urine output|fluid balance|peak flow|"
    # a level or marker by its generic name ("C-reactive protein", "peak and trough levels", "pain scores",
    # "plasma concentration")
    r"protein|crp|esr|procalcitonin|scores?|concentrations?|troughs?|peaks?(?:\s+and\s+troughs?)?|sedation|"
    r"conscious level|level of consciousness|oximetry)(?![\w&])"
)
# when a check is done: "hourly", "every 4 weeks", "at baseline", "before starting", "1, 2 and 4 hours after"
_MEASURE_TIMING = (
    r"\b(?:hourly|\d+(?:-\d+)?-hourly|daily|weekly|monthly|yearly|annually|every|at\s+(?:baseline|\d+|each|every|"
    r"admission|arrival|diagnosis)|before|after|on\s+(?:admission|arrival|day)|until|\d+-(?:weekly|monthly)|"
    r"continuous\w*|(?:with|at|for)\s+(?:each|every)|each\s+(?:set|visit|review|dose|shift)|(?:around|about)\s+(?:the\s+)?(?:\w+\s+)?(?:doses?|\d+)|"
    r"\d+(?:-\d+)?-hourly|twice|while|during)\b"
)
# a line with a finite verb says something about the measure ("Low blood pressure after the first dose is common"),
# it does not list a check
_NO_FINITE_VERB = (r"(?![^.;]*\b(?:is|are|was|were|be|been|has|have|had|may|might|can|could|will|would|should|must|"
                   r"does|do|did|improves?|causes?|suggests?|means?|shows?|indicates?|occurs?|remains?|becomes?|"
                   r"falls|rises|increases|decreases)\b)")
MONITORING_WORDING = re.compile(
    r"\bmonitor\w*|\bassess\w*|\bcheck\w*|\btesting\b|\bmeasur\w*|\bfollow[- ]up\b|\bsurveillance\b|"
    # a lead-in over the tests to do ("should have the following investigations:", "Baseline bloods:")
    r"\b(?:following|these|baseline|initial|routine|admission)\s+(?:investigations|blood\s+tests|bloods|tests)\b|"
    r"^\W*(?:investigations|blood\s+tests)\s*:?\s*$|"
    r"^(?:observe|watch)\b|\bwatch (?:out )?for\b|"
    # "Review the child at 48 hours": review as the instruction, said of the patient (not "after specialist review")
    r"^review (?:the|every|each|all|any|him|her|them)\b|\bobserve (?:for|the|closely)\b|"
    r"\b(?:peak|trough|pre-?dose|post-?dose)\b[\s()]*(?:(?:and|or|/)\s*\(?(?:peak|trough|pre-?dose|post-?dose)\)?\s+)?"
    r"(?:\(?[\w-]+\)?\s+){0,2}?(?:levels?|concentrations?)\b|"
    r"\brepeat (?:the )?(?:\w+[- ]){0,2}(?:x-ray|scan|test|tests|level|levels|count|ecg|echo\w*|gas|gases|bloods|"
    r"cultures?|swabs?|films?|studies|panel|profile|function|saturations?|observations|obs|score|scale|assessment|"
    r"questionnaire)\b|\brecheck\w*|\bscreen\w*|"
    # a test or assessment done again ("retest", "re-assess") or repeated until a reading is reached
    r"\bre-?(?:test|assess|measure|score|evaluat)\w*|\brepeat\b[^.;]*\buntil (?:the )?(?:score|level|reading|count|"
    r"result|value)s?\b|"
    r"\b(?:perform|arrange|obtain|request|order|send|take|do)\b[^.;]*\b(?:tests?|scans?|x-rays?|echocardiogra\w*|"
    r"ultrasound|ecg|levels?|counts?|imaging|cultures?|samples?|swabs?|bloods)\b|"
    # the other verbs of a check: "Weigh the child daily", "Look for signs of hypoglycaemia", "Ask about visual
    # symptoms at each visit", "Keep a fluid balance chart"
    r"^(?:[^.;:]{1,40}:\s*)?(?:weigh|look (?:out )?for (?:any )?(?:signs?|symptoms?)|ask about|keep an? [\w ]{0,30}?"
    r"(?:chart|record|diary))\b|"
    # a measurement named with its timing and no verb ("Serum potassium 1, 2 and 4 hours after treatment", "Blood
    # glucose hourly", "Renal function before starting", "U&Es at baseline", "Baseline and 3-monthly HbA1c")
    r"^" + _NO_FINITE_VERB + r"\W*(?:[^.;:]{1,40}:\s*)?"  # an optional label: "On intravenous morphine: ..."
    r"(?:(?:baseline|and|then|\d+-(?:weekly|monthly)|daily|weekly|monthly|yearly|annual|continuous)\s+)*"
    r"(?:" + _MEASURED + r")[^.;]*?" + _MEASURE_TIMING + r"|"
    r"^" + _NO_FINITE_VERB + r"\W*(?:baseline|\d+-(?:hourly|daily|weekly|monthly)|hourly|daily|weekly|monthly|yearly|annual|"
    r"continuous)\b[^.;:]{0,30}?"
    r"\b(?:" + _MEASURED + r")",
    re.IGNORECASE,
)
# A severity the text is scoped to ("Severe infection", "Life-threatening attack", "moderate to severe"), but not
# one it excludes ("non-severe", "not severe") or a sign it names ("severe pain" under a first-line heading is read
# only where nothing else decides the stage).
_SEVERITY = re.compile(
    r"(?<![-\w])(?<!non-)(?<!not )(?:(?:moderate(?:ly)?[- ](?:to[- ])?)?severe|very severe|life[- ]threatening|critical|"
    r"fulminant|acute severe|"
    # the disease's extent ("If widespread", "Extensive or bullous lesions", "disseminated infection"): as severe
    r"widespread|disseminated|extensive(?!\s+(?:experience|evidence|use|data|research|review|literature|reading)))\b",
    re.IGNORECASE,
)


def severity_heading(text: str) -> str | None:
    """The severity wording a heading or lead-in scopes its items to, or None."""
    m = _SEVERITY.search(text)
    return m.group(0) if m else None


PREFERENCE_WORDING = re.compile(r"\bprefer\w*", re.IGNORECASE)
_WORDED_AS = re.compile(r"Worded as:\s*(?P<cues>[^.]*)")


@dataclass(frozen=True)
class Mention:
    iri: str
    kind: str  # "therapy", "feature" or "population"
    start: int
    end: int
    name: str


@dataclass(frozen=True)
class KnownReference:
    iri: str
    ref_type: str
    title: str
    source: str
    year: int | None


@dataclass
class Lexicon:
    """Everything the importer recognises, as loaded from one built store."""

    names: dict[tuple[str, ...], list[tuple[str, str, str]]] = field(
        default_factory=dict
    )  # tokens -> (iri, kind, name)
    labels: dict[str, str] = field(default_factory=dict)  # iri -> preferred display name
    stage_cues: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)  # (stage IRI, cue)
    stage_positions: dict[str, int] = field(default_factory=dict)
    strength_cues: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)
    # words a page uses for any drug of a broad kind ('an antibiotic'): graph/vocab's kgv:UmbrellaTerm
    umbrella_words: tuple[str, ...] = ()
    references: list[KnownReference] = field(default_factory=list)
    known_iris: set[str] = field(default_factory=set)
    # drugs recognised through the drug lexicon that the graph does not have: IRI -> lexicon entry
    drafted: dict[str, DrugEntry] = field(default_factory=dict)
    use_drug_lexicon: bool = True
    surface: dict[str, set[str]] = field(default_factory=dict)  # drafted IRI -> names as printed
    unknown_names: dict[str, str] = field(default_factory=dict)  # a word read as an unknown drug -> its drafted IRI
    # fixed-combination products printed as their components ('sacubitril/valsartan'): the name as printed -> the
    # components' IRIs; drafted as the components, the product kept for the curator in a flag
    products: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _vocab_iri: dict[str, str] = field(default_factory=dict)
    # mentions() of a text read before, while nothing it reads has changed since (see _state): a draft asks for the
    # same statement's mentions many times over, and reading them is most of a draft's time
    _mention_cache: dict[tuple[str, str | None], tuple[tuple, list[Mention]]] = field(
        default_factory=dict, repr=False, compare=False)
    _edits: int = field(default=0, repr=False, compare=False)  # names added, entries replaced: part of _state

    def _state(self) -> tuple:
        """What mentions() reads that a draft changes: the lexicon only grows (names, drafted entities, unknown words,
        products), so their sizes and the count of in-place edits say whether a reading may have changed."""
        return (len(self.names), len(self.drafted), len(self.unknown_names), len(self.products), len(self._vocab_iri),
                self.use_drug_lexicon, self._edits)

    def fork(self) -> Lexicon:
        """A copy whose drafting state (drugs drafted, names as printed, unknown words) is its own: one draft's new
        entities never reach another draft, so a file drafts the same whatever was drafted before it in the run."""
        return replace(
            self,
            # names are copied too: a substance one page defines ('ORS') is that page's name, not every page's
            names={key: list(entries) for key, entries in self.names.items()},
            labels=dict(self.labels),
            drafted=dict(self.drafted),
            surface={iri: set(names) for iri, names in self.surface.items()},
            unknown_names=dict(self.unknown_names),
            products=dict(self.products),
            _vocab_iri=dict(self._vocab_iri),
            _mention_cache={},
        )

    @classmethod
    def from_store(cls, store: Store) -> Lexicon:
        lex = cls()
        kind_of = {}
        for kind, classes in (
            ("therapy", KIND_CLASSES["therapy"]),
            ("feature", KIND_CLASSES["feature"]),
            ("population", KIND_CLASSES["population"]),
        ):
            for c in classes:
                kind_of[str(c)] = kind
        for entity, type_, name in sorted((str(a), str(b), str(c)) for a, b, c in store.select(NAMES_QUERY).rows):
            lex.known_iris.add(entity)
            kind = kind_of.get(type_)
            if kind is None:
                continue
            lex.add_name(entity, kind, name)
        for stage, label, position in store.select(STAGES_QUERY).rows:
            lex.stage_positions[str(stage)] = int(position)
            parts = [p.strip() for p in str(label).split("/") if p.strip()]
            for part in parts:
                lex.stage_cues.append(
                    (str(stage), re.compile(r"\b" + re.escape(part).replace(r"\ ", r"[- ]") + r"\b", re.I))
                )
            local = str(stage).rsplit("#", 1)[-1]
            for name, pattern in STAGE_WORDING:
                if name == local:
                    lex.stage_cues.append((str(stage), re.compile(pattern, re.I)))
            # the words real pages print for a stage ("Bridging glucocorticoids", "1st choice", "2nd line",
            # "Treatment failure", "Option 2"): vocabulary in data/cue_words.txt, one list a stage
            # ("[adjunct_stage_words]", "[escalation_stage_words]", ...), read as that stage's wording
            words = sorted(stage_words(local), key=len, reverse=True)
            if words:
                lex.stage_cues.append((str(stage), re.compile(
                    r"(?<![\w-])(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+").replace(r"\-", r"[- ]")
                                              for w in words) + r")(?![\w-])", re.I)))
        order = {name: i for i, (name, _) in enumerate(STAGE_WORDING)}
        lex.stage_cues.sort(key=lambda sc: (order.get(sc[0].rsplit("#", 1)[-1], 99), sc[0], sc[1].pattern))
        umbrella = []
        for _term, comment in sorted(store.select(UMBRELLA_QUERY).rows, key=lambda r: str(r[0])):
            m = _WORDED_AS.search(str(comment))
            if m:
                umbrella += [w.strip() for w in re.split(r",\s*(?:or\s+)?|\s+or\s+", m.group("cues")) if w.strip()]
        lex.umbrella_words = tuple(umbrella)
        for strength, comment in sorted(store.select(STRENGTHS_QUERY).rows, key=lambda r: str(r[0])):
            m = _WORDED_AS.search(str(comment))
            if not m:
                continue
            for cue in re.split(r",\s*(?:or\s+)?|\s+or\s+", m.group("cues")):
                cue = cue.strip()
                if cue and not cue.startswith("stated as"):
                    lex.strength_cues.append((str(strength), re.compile(r"\b" + re.escape(cue) + r"\b", re.I)))
        for work, type_, title, source, year in store.select(REFERENCES_QUERY).rows:
            y = int(str(year)[:4]) if year is not None and str(year)[:4].isdigit() else None
            lex.references.append(KnownReference(str(work), str(type_), str(title), str(source or ""), y))
        lex.references.sort(key=lambda r: r.iri)
        return lex

    def add_name(self, iri: str, kind: str, name: str) -> None:
        key = tuple(_WORD.findall(name.casefold()))
        if not key or len(key) > _MAX_NAME_TOKENS:
            return
        entries = self.names.setdefault(key, [])
        if (iri, kind, name) not in entries:
            entries.append((iri, kind, name))
            entries.sort()
            self._edits += 1
        self.labels.setdefault(iri, name)

    # ------------------------------------------------------------ mentions

    def mentions(self, text: str, kind: str | None = None) -> list[Mention]:
        """Longest-first matches of known names (of one kind, if given), left to right, never overlapping.

        The graph's own names win; a word the graph does not know is looked up in the drug lexicon."""
        state = self._state()
        cached = self._mention_cache.get((text, kind))
        if cached is not None and cached[0] == state:
            return list(cached[1])
        found = self._read_mentions(text, kind)
        # keyed by the state after reading: a reading that drafted an entity reads the same the next time
        self._mention_cache[(text, kind)] = (self._state(), found)
        return list(found)

    def _read_mentions(self, text: str, kind: str | None) -> list[Mention]:
        words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text.casefold())]
        out: list[Mention] = []
        i = 0
        while i < len(words):
            salt = self._salt_form(text, words, i) if kind in (None, "therapy") else None
            if salt is not None:
                iri, n = salt
                stop = words[i + n - 1][2]
                if text[stop : stop + 1] == ")" and "(" in text[words[i][1] : stop]:
                    stop += 1  # 'calcitonin (salmon)': the qualifier's bracket is part of the name as printed
                if iri in self.drafted:
                    self.surface.setdefault(iri, set()).add(text[words[i][1] : stop])
                out.append(Mention(iri, "therapy", words[i][1], stop, text[words[i][1] : stop]))
                i += n
                continue
            for n in range(min(_MAX_NAME_TOKENS, len(words) - i), 0, -1):
                key = tuple(w for w, _, _ in words[i : i + n])
                hits = [h for h in self.names.get(key, ()) if kind is None or h[1] == kind]
                if hits:
                    iri, hit_kind, name = hits[0]
                    out.append(Mention(iri, hit_kind, words[i][1], words[i + n - 1][2], name))
                    i += n
                    break
            else:
                known_unknown = self.unknown_names.get(words[i][0]) if kind in (None, "therapy") else None
                if known_unknown is not None:
                    out.append(Mention(known_unknown, "therapy", words[i][1], words[i][2], text[words[i][1] : words[i][2]]))
                    i += 1
                    continue
                hit = self._lexicon_drug(words, i) if kind in (None, "therapy") and self.use_drug_lexicon else None
                if hit is not None and i > 0 and words[i - 1][0] in _SPECIMENS:
                    # "serum potassium", "plasma glucose": a substance measured in a specimen is a test, not a drug
                    hit = None
                if hit is not None and i + hit[1] < len(words) and words[i + hit[1]][0] in _CLEARANCE_WORDS:
                    # "creatinine clearance", "creatinine ratio": a substance whose clearance or ratio is a
                    # laboratory measure of the patient, not a drug given
                    hit = None
                if hit is not None and any(w in cue_words("syndrome_nouns")
                                           for w, _, _ in words[i + hit[1] : i + hit[1] + 2]):
                    # "serotonin syndrome", "neuroleptic malignant syndrome": a substance's name heading the name of
                    # a syndrome (within two words) names the patient's condition, not a drug given or warned about
                    hit = None
                if hit is None:
                    i += 1
                    continue
                iri, n = hit
                if (iri in self.drafted and not self.drafted[iri].is_class and i > 0 and words[i - 1][0] in _ANY_ONE
                        # the article itself, not a list label ('a) mannitol 20% ...')
                        and not text[words[i - 1][2] : words[i][1]].strip()
                        and (i < 2 or not text[words[i - 2][2] : words[i - 1][1]].strip().endswith(("(", "[")))
                        # a capital 'A' over a capitalised name at the line's start is a table's cell (a category
                        # 'A Pyridoxine (vitamin B6) Oral 20 mg'), not an article: prose writes 'A phenothiazine ...'
                        and not (text[words[i - 1][1]] == "A" and text[words[i][1]].isupper()
                                 and not text[: words[i - 1][1]].strip(" \t-*•"))
                        and not (i + n < len(words) and words[i + n][0] in _FORM_NOUNS)
                        and not self._preparation_after(text, words, i + n)
                        and not text[words[i + n - 1][2] : words[i + n - 1][2] + 1] == "-"):
                    # "a phenothiazine", "a tetracycline", "another cephalosporin": an indefinite article before a
                    # drug's name means any member of the class it names, never that one substance
                    iri = self._class_of(self.drafted[iri])
                if iri in self.drafted:
                    self.surface.setdefault(iri, set()).add(text[words[i][1] : words[i + n - 1][2]])
                out.append(Mention(iri, "therapy", words[i][1], words[i + n - 1][2], text[words[i][1] : words[i + n - 1][2]]))
                i += n
        out = [m for m in out if m.kind != "therapy" or not is_analyte(text, m.start, m.end)]
        out = _brand_in_brackets(text, out)
        if kind in (None, "therapy") and self.use_drug_lexicon:
            out = self._unknown_partners(text, out)
            out = self._example_classes(text, out)
        return self._combinations(text, out)

    def _salt_form(self, text: str, words: list[tuple[str, int, int]], i: int) -> tuple[str, int] | None:
        """(the drug's IRI, tokens used) when the name printed at word i is a known drug with salt, hydrate or source
        words around it ("pyridostigmine bromide", "hydrocortisone sodium succinate", "sodium valproate",
        "esomeprazole magnesium", "metoprolol succinate/tartrate", "calcitonin (salmon)"): the drug given is the base
        drug, so the name resolves to the entity the base name does, never to a new drug or a drug class
        ("succinates"). The words are data (data/cue_words.txt [salt_words], [salt_prefix_words], [salt_ion_words],
        [salt_qualifier_words]). Never cut: a name made only of salt and ion words ("magnesium sulfate", "lithium
        carbonate", "calcium gluconate"), a name the graph lists whole, and a tail that is itself a substance the
        lexicon lists when the whole name is not one of its names ("amoxicillin sodium chloride": a diluent, not a
        salt of amoxicillin)."""
        tails = cue_words("salt_words") | cue_words("salt_qualifier_words")
        heads = cue_words("salt_prefix_words")
        ions = cue_words("salt_words") | cue_words("salt_ion_words")
        if words[i][0] not in heads and not any(w in tails for w, _, _ in words[i + 1 : i + _MAX_SALT_CORE + 1]):
            return None  # no salt word near: the ordinary reading (most words of a page)
        # the prefix: counter-ions printed before the drug ('sodium valproate'), joined by spaces only
        p = i
        while p < len(words) - 1 and words[p][0] in heads and not text[words[p][2] : words[p + 1][1]].strip():
            p += 1
        for n in range(min(_MAX_SALT_CORE, len(words) - p), 0, -1):
            core = tuple(w for w, _, _ in words[p : p + n])
            if all(w in ions for w in core):
                continue  # 'magnesium', 'lithium': the ion itself, so 'magnesium sulfate' stays a substance of its own
            # the tail: salt words right after the drug, joined by spaces, '/' or brackets ('succinate/tartrate',
            # '(salmon)'), up to the first other word
            end = p + n
            while end < len(words) and words[end][0] in tails and _SALT_GAP.fullmatch(text[words[end - 1][2] : words[end][1]]):
                end += 1
            if end == p + n and p == i:
                continue  # nothing around the name: the ordinary reading
            if core[-1] in tails or core[0] in heads:
                continue  # 'amoxicillin sodium' is no base name: the salt words are read as the tail, not the drug
            graph = [h for h in self.names.get(core, ()) if h[1] == "therapy"]
            entry = None if graph or not self.use_drug_lexicon else drug_index().get(core)
            if not graph and (entry is None or entry.is_class):
                continue
            if any(h[1] == "therapy" for k in range(end, min(i + _MAX_NAME_TOKENS, len(words)) + 1)
                   for h in self.names.get(tuple(w for w, _, _ in words[i:k]), ())):
                return None  # the graph lists the whole name as printed (or a longer one): the graph's own name wins
            tail = tuple(w for w, _, _ in words[p + n : end])
            whole = " ".join(w for w, _, _ in words[i:end])
            listed = drug_index().get(tuple(w for w, _, _ in words[i:end])) if self.use_drug_lexicon else None
            # the entry the listed one's own name reads as ('thyroxine' is read as levothyroxine, data/common_names.tsv)
            listed = drug_index().get(tuple(_WORD.findall(listed.canonical.casefold())), listed) if listed else None
            if listed is not None and (entry is None or listed.canonical != entry.canonical) and tuple(
                    w for w in _WORD.findall(listed.canonical.casefold()) if w not in tails and w not in heads) != core:
                return None  # the lexicon lists the whole name as another drug's ('methylthioninium chloride' is its
                # methylene blue), not as a salt of this one: the lexicon's reading stands
            if (len(tail) > 1 and (tail in drug_index() or " ".join(tail) in variant_names())
                    and whole not in variant_names() and tail[-1] not in cue_words("salt_ester_words")):
                # 'X sodium chloride': a substance printed after the drug (a diluent), not its salt; 'X sodium
                # phosphate' / 'X sodium succinate' are the drug's own esters ([salt_ester_words])
                return None
            return (graph[0][0] if graph else self._iri_for(entry)), end - i
        return None

    @staticmethod
    def _preparation_after(text: str, words: list[tuple[str, int, int]], j: int) -> bool:
        """Whether a preparation noun (data/cue_words.txt [preparation_nouns]) stands within three words from word j,
        with nothing but spaces, a strength or a hyphen between ('a lactulose retention enema', 'a chlorhexidine
        0.2% mouthwash'): the drug's own preparation, never a class."""
        nouns = cue_words("preparation_nouns")
        for k in range(j, min(j + 3, len(words))):
            if k > j and re.search(r"[^\s\d.%-]", text[words[k - 1][2] : words[k][1]]):
                return False
            if words[k][0] in nouns:
                return True
        return False

    def _unknown_partners(self, text: str, found: list[Mention]) -> list[Mention]:
        """A word joined to a known single drug as one combination ('dihydroartemisinin-piperaquine', 'X + Y',
        'X/Y') that neither the graph nor the drug lexicon knows is read as a drug too: a new entity, flagged for
        the curator, rather than a combination silently cut to its known half. Ordinary English compounds
        ('methotrexate-induced', 'artemisinin-based') are not drugs and are left alone."""
        taken = [(m.start, m.end) for m in found]
        extra: list[Mention] = []
        for m in found:
            if m.kind != "therapy" or self._is_class(m.iri):
                continue
            before = _PARTNER_BEFORE.search(text, 0, m.start)
            after = _PARTNER_AFTER.match(text, m.end)
            for hit, group in ((before, "word"), (after, "word")):
                if hit is None:
                    continue
                a, b = hit.span(group)
                word = text[a:b]
                if any(x < b and a < y for x, y in taken) or not _could_be_drug(word):
                    continue
                if word.casefold() in cue_words("drug_state_nouns"):
                    # "medication-overuse headache", "opioid-dependence": a state of the patient the drug's name
                    # qualifies, never a second drug of a combination (data/cue_words.txt)
                    continue
                if self.names.get((word.casefold(),)):
                    continue
                iri = self._unknown_iri(word, self.label(m.iri))
                extra.append(Mention(iri, "therapy", a, b, word))
                taken.append((a, b))
        return sorted([*found, *extra], key=lambda x: x.start) if extra else found

    def unknown_iri(self, word: str, partner: str) -> str:
        """The IRI of a substance neither the graph nor the lexicon knows, drafted as a new entity (flagged)."""
        return self._unknown_iri(word, partner)

    def _unknown_iri(self, word: str, partner: str) -> str:
        key = word.casefold()
        if key not in self.unknown_names:
            iri = str(THER) + "-".join(_WORD.findall(key))
            self.drafted.setdefault(iri, DrugEntry(name=key, canonical=key, drugbank=None, mesh=None, synonyms=(),
                                                   partner=partner))
            self.unknown_names[key] = iri
        iri = self.unknown_names[key]
        self.surface.setdefault(iri, set()).add(word)
        return iri

    def new_substance(self, name: str, entry: DrugEntry, also: tuple[str, ...] = ()) -> str:
        """Draft a substance the page doses under a name neither the graph nor the lexicon's medicines know (see
        kg.importer.substances): a new entity, flagged for the curator, found by its name and by the page's own
        abbreviations of it from here on."""
        key = name.casefold()
        iri = self.unknown_names.get(key) or str(THER) + "-".join(_WORD.findall(key))[:60].strip("-")
        self.drafted.setdefault(iri, entry)
        for n in (name, *also):
            self.add_name(iri, "therapy", n)
            self.unknown_names.setdefault(n.casefold(), iri)
        self.labels[iri] = entry.name
        self.surface.setdefault(iri, set()).update(also)
        return iri

    def _combinations(self, text: str, found: list[Mention]) -> list[Mention]:
        """Two drugs joined by a slash ('sacubitril/valsartan') are one fixed-combination product when the lexicon
        lists the pair as one, or both sides are single drugs (not classes). By the facts convention
        (tests/fixtures/import/articles/README.md) such a product is drafted as its COMPONENTS, each a drug of its own
        (recommended, warned and dosed as the page says), as a hyphenated one ('amoxicillin-clavulanate') is; the
        product as printed is recorded (self.products) so the draft keeps it for the curator in a flag."""
        for prev, m in zip(found, found[1:], strict=False):
            if (prev.kind == m.kind == "therapy" and _SLASH_JOIN.fullmatch(text[prev.end : m.start])
                    and prev.iri != m.iri
                    and (knows_combination(prev.name, m.name) or not (self._is_class(prev.iri) or self._is_class(m.iri)))):
                self.products.setdefault(text[prev.start : m.end], (prev.iri, m.iri))
        return found

    def label(self, iri: str) -> str:
        entry = self.drafted.get(iri)
        return entry.name if entry is not None else self.labels.get(iri, iri.rsplit("/", 1)[-1])

    def _is_class(self, iri: str) -> bool:
        entry = self.drafted.get(iri)
        return entry is not None and entry.is_class

    def _lexicon_drug(self, words: list[tuple[str, int, int]], i: int) -> tuple[str, int] | None:
        """(therapy IRI, tokens used) for the longest drug-lexicon name starting at word i."""
        index = drug_index()
        for n in range(min(5, len(words) - i), 0, -1):
            entry = index.get(tuple(w for w, _, _ in words[i : i + n]))
            if entry is not None:
                return self._iri_for(entry), n
        return None

    def _class_of(self, entry: DrugEntry) -> str:
        """The class a single drug's name stands for after 'a'/'an': the lexicon's plural class when it has one,
        else a new class entity named in the plural, flagged for the curator."""
        listed = plural_class(entry.name)
        if listed is not None:
            return self._iri_for(listed)
        name = entry.canonical + ("es" if entry.canonical.endswith(("s", "x", "ch", "sh")) else "s")
        iri = str(THER) + "-".join(_WORD.findall(name))
        reason = (f"read as a drug class from 'a {entry.name.casefold()}' (an indefinite article before a drug's name "
                  f"means any member of its class); the drug lexicon knows '{entry.name}' only as one substance")
        self.drafted.setdefault(iri, DrugEntry(name=name, canonical=name, drugbank=None, mesh=None, synonyms=(),
                                               class_reason=reason))
        return iri

    def _example_classes(self, text: str, found: list[Mention]) -> list[Mention]:
        """'a macrolide such as clarithromycin', 'carbapenems (e.g. meropenem)': a word the lexicon does not know,
        followed by a drug given as its example, names that drug's class. It is drafted as a new class entity, flagged
        for the curator with the example, so the statement recommends the class, never the one member it names."""
        taken = [(m.start, m.end) for m in found]
        extra: list[Mention] = []
        for m in found:
            if m.kind != "therapy":
                continue
            hit = _EXAMPLE_OF.search(text, 0, m.start)
            if hit is None or hit.end() != m.start:
                continue
            a, b = hit.span("cls")
            word = text[a:b]
            if (any(x < b and a < y for x, y in taken) or not _could_be_drug(word.rstrip("s"))
                    or word.casefold().rstrip("s") in _GENERIC_NOUNS
                    # "by mouth (for example glucose tablets)": the word is how the example is given, not its class
                    or any(x <= a < y for x, y in route_word_spans(text))
                    # "drug-induced hyponatraemia (e.g. lithium)", "hyponatraemia (e.g. carbamazepine)": the word
                    # names a state of the patient (its ending, data/cue_words.txt [condition_word_endings]) and the
                    # examples are its causes, never members of a drug class
                    or word.casefold().rstrip("s").endswith(tuple(cue_words("condition_word_endings")))):
                continue
            singular = word.casefold()[:-1] if word.casefold().endswith("s") else word.casefold()
            name = singular + "s"
            iri = str(THER) + "-".join(_WORD.findall(name))
            reason = (f"read as a drug class because the article gives {m.name} as an example of '{word}'; in neither "
                      "the graph nor the drug lexicon")
            self.drafted.setdefault(iri, DrugEntry(name=name, canonical=name, drugbank=None, mesh=None, synonyms=(),
                                                   class_reason=reason))
            self.surface.setdefault(iri, set()).add(word)
            self.unknown_names.setdefault(word.casefold(), iri)
            extra.append(Mention(iri, "therapy", a, b, word))
            taken.append((a, b))
        return sorted([*found, *extra], key=lambda x: x.start) if extra else found

    def _iri_for(self, entry: DrugEntry) -> str:
        """The graph's therapy when any of the entry's names is one of its names, else a drafted new one."""
        if entry.canonical in self._vocab_iri:
            return self._vocab_iri[entry.canonical]
        iri = None
        for name in (entry.canonical, entry.name, *entry.synonyms):
            key = tuple(_WORD.findall(name.casefold()))
            hits = [h for h in self.names.get(key, ()) if h[1] == "therapy"]
            if hits:
                iri = hits[0][0]
                break
        if iri is None:
            slug = "-".join(_WORD.findall(entry.name.casefold()))[:60].strip("-") or "drug"
            iri = str(THER) + slug
            self.drafted[iri] = entry
            self._edits += 1
        self._vocab_iri[entry.canonical] = iri
        return iri

    def umbrella_iris(self) -> frozenset[str]:
        """The therapies an umbrella word is read as ('antibiotic' -> the class of antibacterial agents)."""
        probe = self.fork()  # reading the words must not draft entities into this lexicon
        return frozenset(m.iri for w in self.umbrella_words for m in probe.therapies(w))

    def therapies(self, text: str) -> list[Mention]:
        return [m for m in self.mentions(text) if m.kind == "therapy"]

    def features(self, text: str) -> list[Mention]:
        return [m for m in self.mentions(text) if m.kind == "feature"]

    def populations(self, text: str) -> list[Mention]:
        return self.mentions(text, "population")

    # ------------------------------------------------------------ wording

    def stage(self, text: str) -> str | None:
        return _earliest(self.stage_cues, _NOT_A_STAGE.sub(lambda m: " " * len(m.group(0)), text))

    def strength(self, text: str) -> str | None:
        return _earliest(self.strength_cues, text, longest=True)

    def find_reference(self, title: str, source: str, year: int | None) -> tuple[str | None, bool]:
        """(IRI of the same work already in the graph, whether the year took part in the match)."""
        key = (normalise_title(title), normalise_title(source))
        exact = [
            r.iri
            for r in self.references
            if (normalise_title(r.title), normalise_title(r.source)) == key and r.year == year and year is not None
        ]
        if exact:
            return exact[0], True
        loose = [r.iri for r in self.references if (normalise_title(r.title), normalise_title(r.source)) == key]
        if year is None and len(loose) == 1:
            return loose[0], False
        return None, False


# a drug's other name in brackets right after it, with a trade mark sign or not: 'ondansetron (Zofran®)'
_BRACKET_OPEN = re.compile(r"\s*\(\s*")
_BRACKET_CLOSE = re.compile(r"\s*[®™]?\s*\)")


# the four-letter suffix the US names a biologic's product by ('anifrolumab-fnia', 'trastuzumab-dkst'): the lexicon
# lists some brands ('Saphnelo') under the suffixed name, which is the same substance as the bare one
_BIOLOGIC_SUFFIX = re.compile(r"-[a-z]{4}")


def _one_substance(a: str, b: str) -> bool:
    """True when two therapy IRIs name one substance: the same IRI, or one the other's with a biologic's suffix."""
    short, long = sorted((a, b), key=len)
    return a == b or (long.startswith(short) and _BIOLOGIC_SUFFIX.fullmatch(long[len(short):]) is not None)


def _brand_in_brackets(text: str, found: list[Mention]) -> list[Mention]:
    """'ondansetron (Zofran®)', 'Zofran® (ondansetron)': the same drug named twice, its brand or other name in
    brackets, is one mention of it over the whole name as printed, not two mentions of one drug."""
    out: list[Mention] = []
    for m in found:
        prev = out[-1] if out else None
        if (prev is not None and prev.kind == m.kind == "therapy" and _one_substance(prev.iri, m.iri)
                and _BRACKET_OPEN.fullmatch(re.sub(r"[®™]", "", text[prev.end : m.start]))):
            close = _BRACKET_CLOSE.match(text, m.end)
            if close is not None:
                out[-1] = replace(prev, iri=min(prev.iri, m.iri, key=len), end=close.end(),
                                  name=text[prev.start : close.end()])
                continue
        out.append(m)
    return out


def _earliest(cues: list[tuple[str, re.Pattern[str]]], text: str, longest: bool = False) -> str | None:
    """The IRI of the cue found first in text; at one position the first-ranked cue, or with `longest` the
    longest one ('suggested regimen' is the regimen wording, not the weaker 'suggested')."""
    best: tuple[int, int, int, str] | None = None
    for rank, (iri, pattern) in enumerate(cues):
        m = pattern.search(text)
        if m:
            key = (m.start(), -(m.end() - m.start()) if longest else 0, rank, iri)
            if best is None or key[:3] < best[:3]:
                best = key
    return best[3] if best else None


def normalise_title(text: str) -> str:
    """Titles and sources compare without case, punctuation or spacing ('Scleroderma overlap syndrome.')."""
    return "".join(_WORD.findall(text.casefold()))


def is_caution(text: str) -> bool:
    return bool(CAUTION_WORDING.search(text))


def risk_region(text: str) -> int | None:
    """Where the named risk starts ('... risk of <risk>'), or None."""
    m = RISK_AFTER.search(text)
    return m.end() if m else None


# "need no routine coagulation monitoring", "without monitoring": says that none is needed; "with reliable
# follow-up", "where follow-up is assured": the patient's circumstance a choice depends on, not a check to do
_NO_MONITORING = re.compile(
    r"\b(?:no|without|not need(?:ed)?|not required)\s+(?:\w+\s+){0,3}?(?:monitoring|checks?|tests?|testing)\b|"
    r"\bno\s+(?:[\w-]+\s+){0,5}?(?:is|are)\s+(?:needed|necessary|required)\b|"
    r"\b(?:monitoring|checks?|tests?|testing|measurements?)\b[^.;]{0,40}?\b(?:is|are)\s+not\s+(?:routinely\s+|usually\s+)?"
    r"(?:needed|required|necessary|indicated|recommended)\b|"
    r"\b(?:reliable|assured|good|guaranteed|adequate|access to)\s+follow[- ]up\b|"
    r"\bfollow[- ]up (?:is|can be|will be) (?:assured|reliable|available|guaranteed|possible)\b",
    re.IGNORECASE,
)
# what a reader of a monitoring list is told to do besides "check" and "measure": record a score, book a test, keep
# a chart ("Record the Glasgow Coma Scale score ...", "Book a hearing test ...", "Keep a daily stool chart")
_RECORD_WORDING = re.compile(
    r"\b(?:record|document|chart|book|arrange)(?:s|ed)?\b[^.;]*\b(?:scores?|scales?|tests?|charts?|pressure|pulse|counts?|"
    r"weight|temperature|observations|review|audiology)\b|\b(?:stool|fluid|observation|symptom|seizure) (?:chart|diary)\b|"
    # a measure recorded, or a score or chart used, again and again ("Record blood glucose hourly", "Use the PEWS
    # score with every set of observations")
    r"\b(?:record|document|chart|note|use|apply|complete)\b[^.;]*?\b(?:" + _MEASURED + r")[^.;]*?" + _MEASURE_TIMING + r"|"
    # the passive ("Pain, sedation and respiratory rate should be recorded hourly")
    r"\b(?:is|are|be)\s+(?:recorded|documented|charted)\b[^.;]*?" + _MEASURE_TIMING,
    re.IGNORECASE,
)


# "refer for same-day hospital assessment", "refer to the team for urgent review": handing the patient on is a
# referral, not a check the page asks the reader to do
_REFERRAL = re.compile(
    r"\brefer(?:red|ral)?\b[^.;]*?\b(?:assessment|review|evaluation|opinion|assessed|reviewed|evaluated)\b",
    re.IGNORECASE,
)


def _blank(pattern: re.Pattern[str], text: str) -> str:
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


# What a monitoring item is: a measurement or observation of the patient (or of a drug level) made again over time or
# at set points of treatment. The wording of a check ("check", "assess", "monitoring") is only a cue; these are the
# lines that carry the cue and ask for no such measurement.
# "This guideline covers ...", "The pathway is for ...", "Scope: ...": what the page is about
_SCOPE = re.compile(
    r"^\W*(?:(?:this|the|our)\s+(?:[\w-]+\s+){0,2}?(?:guideline|guidance|document|page|pathway|protocol|policy|summary|"
    r"section|chapter|leaflet|standard|algorithm|bundle|advice|recommendations?)s?\s+(?:covers?|applies|is\s+(?:for|about|"
    r"intended|aimed|written|meant)|are\s+(?:for|about)|describes?|sets?\s+out|outlines?|concerns?|includes?|addresses|"
    r"focuses|provides?|gives?|aims?|deals?\s+with|summari[sz]es|relates?\s+to)|(?:it|this)\s+(?:covers|applies\s+to)\b|"
    r"(?:scope|purpose|aims?|audience|who\s+(?:this|it|the)\s+(?:[\w-]+\s+)?is\s+for|not\s+covered|population|covers?)\s*[:\u2013-]\s)",
    re.IGNORECASE,
)
# the nouns a section title is made of ("Antibiotic treatment and monitoring", "After recovery and monitoring",
# "Assessment and initial management", "ASSESSMENT")
_TITLE_NOUN = (r"(?:monitoring|assessment|reassessment|follow[- ]up|surveillance|review|observations?|investigations?|"
               r"management|treatment|recovery|care|diagnosis|prevention|therapy|aftercare|referral|discharge|"
               r"escalation|resuscitation|stabilisation|stabilization|safety[- ]netting|prescribing|examination|"
               r"triage|recognition|tests?|checks?)")
_TITLE = re.compile(
    r"(?:^|:\s*)(?:(?:after|before|during|on|initial|ongoing|further|early|later)\s+)?(?:[\w'()/-]+\s+){0,3}?"
    + _TITLE_NOUN + r"(?:\s*(?:,|and|&|or|\+)\s*(?:(?:[\w'/-]+\s+){0,2}?)" + _TITLE_NOUN + r")+"
    r"(?:\s+(?:of|in|for|after|during)\s+[\w'(),/ -]{1,60})?\s*$|"
    r"^\s*" + _TITLE_NOUN + r"\s*$",
    re.IGNORECASE,
)
# a repeated check, or one timed against the course of treatment: what makes a check monitoring rather than a
# step done once
_REPEATED = re.compile(
    r"\b(?:every|each|again|repeat\w*|regular(?:ly)?|serial\w*|daily|twice|hourly|\d+(?:[-\u2013]\d+)?[- ]?hourly|"
    r"weekly|monthly|yearly|annual\w*|until|re-?(?:assess|score|check|measure|evaluat|test)\w*|continu\w*|throughout|"
    r"during|while|whilst|at\s+(?:least\s+)?\d[\d\s,and-]*\s*(?:hours?|days?|weeks?|months?|h)\b|(?:for|over)\s+(?:at\s+least\s+)?"
    r"(?:\d+|one|two|three|four|six|twelve|24|48)\s+(?:hours?|days?|weeks?)\s+after|after\s+(?:starting|each|every|the\s+"
    r"(?:first|last|\w+th|second|third)\s+dose|any\s+dose|dose\s+changes?)|before\s+(?:and|or)\s+after|"
    r"with\s+(?:each|every|the\s+other)\s+(?:set\s+of\s+)?observations?|on\s+day\s+\d)",
    re.IGNORECASE,
)
# an instruction to act, as a clause of its own ("..., then give antibiotics", "Call for help and ...", "and admit")
_ACTION_CLAUSE = re.compile(
    r"(?:^|[,;:]\s*|\b(?:and|then)\s+)(?:then\s+|and\s+)?(?:give|start|begin|eradicate|treat|admit|call|transfer|"
    r"prescribe|administer|offer|escalate|discharge|resuscitate|commence|arrange\s+admission|calculate|work\s+out)\b",
    re.IGNORECASE,
)
# a result the action waits for, measured on the patient ("refer the same day if abnormal", "give oxygen if below
# 95%"): the check decides the action, so it is a check; a presence test ("eradicate it if present") diagnoses
_ON_A_RESULT = re.compile(
    r"\b(?:if|when|once|until|while)\s+(?:it\s+|they\s+|the\s+\w+\s+|either\s+)?(?:is\s+|are\s+|falls?\s+|rises?\s+|"
    r"drops?\s+|stays?\s+|remains?\s+)?(?:abnormal|below|above|under|over|less|more|greater|lower|higher|raised|low|"
    r"high|elevated|rising|falling|out\s+of\s+range|outside|within|in\s+range|normal|controlled|stable|\d)",
    re.IGNORECASE,
)
# a check of the prescription against a limit ("check it against the maximum", "check the dose against the ceiling")
_VERIFY = re.compile(
    r"\b(?:double[- ])?(?:check|verify|confirm)\w*\s+(?:(?:it|them|each|every|the|this|that|all|your)\s+)?(?:[\w'-]+\s+){0,2}?"
    r"(?:it|them|doses?|calculations?|prescriptions?|volumes?|amounts?|labels?|strengths?|charts?|rates?)\s+"
    r"(?:against|with)\b[^.;]*|"
    r"\b(?:double[- ])?(?:check|verify|confirm)\w*\s+(?:(?:the|each|every|all|your)\s+)?(?:doses?|calculations?|"
    r"prescriptions?|drug\s+charts?)\b[^.;]*|"
    # a check before prescribing: allergies, contraindications, interactions, the product ("Check for contraindications
    # before giving thrombolysis", "Check the patient's allergy status", "Check the expiry date")
    r"\b(?:double[- ])?(?:check|verify|confirm|ask about)\w*\s+(?:for\s+)?(?:(?:the|any|each|all|their|his|her|"
    r"patient's|person's|child's)\s+)*(?:drug\s+)?(?:allerg\w*|contra-?indications?|interactions?|expiry|"
    r"identity|consent)\b[^.;]*",
    re.IGNORECASE,
)
# a review of the treatment ("Review intravenous treatment by 48 hours", "review the choice of antibiotic")
_TREATMENT_REVIEW = re.compile(
    r"\b(?:review|reassess|re-evaluate|reconsider)\s+(?:the\s+|all\s+|every\s+|each\s+|any\s+|their\s+)?(?:(?:choice|need|"
    r"route|duration|dose|indication|plan|use)\s+(?:of|for)\s+(?:the\s+|an?\s+)?)?(?:[\w-]+\s+){0,2}?(?:treatment|therapy|"
    r"therapies|medicines?|medications?|drugs?|prescriptions?|regimens?|doses?|route|choice|adherence|plan|diagnosis)\b",
    re.IGNORECASE,
)
# a time point, not a check: "at first assessment", "at every review", "after specialist assessment"
_TIME_POINT = re.compile(
    r"\b(?:at|after|before|on|during|with)\s+(?:the\s+|a\s+|each\s+|every\s+|any\s+|first\s+|initial\s+|the\s+first\s+|"
    r"(?:specialist|senior|consultant|clinical|medical)\s+)?(?P<noun>assessment|review|visit|contact|presentation|triage)s?\b",
    re.IGNORECASE,
)
# a score or rule used to stratify risk ("Use the Glasgow-Blatchford score at first assessment", "Assess stroke risk
# with the CHA2DS2-VASc score")
_RISK_SCORE = re.compile(
    r"\b(?:use|apply|calculate|work\s+out|assess|estimate|stratify|score)\b[^.;]*?\b(?:score|scale|tool|criteria|rule|"
    r"index|risk)\b|\b\w+\s+risk\s+(?:with|using|by)\b",
    re.IGNORECASE,
)
# a specimen taken for the diagnosis before treatment starts ("Take blood cultures before starting treatment")
_DIAGNOSTIC_SPECIMEN = re.compile(
    r"\b(?:cultures?|specimens?|samples?|swabs?|mid-?stream\s+urine|msu)\b[^.;]*?\bbefore\s+(?:the\s+first|starting|"
    r"giving|any|treatment|the\s+start)",
    re.IGNORECASE,
)
# waiting offered instead of treating ("either start an antibiotic or observe for 3 days", "observe without
# antibiotics")
_WAITING = re.compile(
    r"\b(?:start|give|prescribe|treat|offer)\b[^.;]{0,60}?\bor\s+(?:to\s+)?(?:be\s+)?(?:observ\w*|watch\w*|wait\w*)\b[^.;]*|"
    r"\b(?:observ\w*|watchful\s+waiting|wait\w*)\b[^.;]{0,50}?\b(?:or|rather\s+than|instead\s+of|without)\s+"
    r"(?:an?\s+)?(?:start\w*|giv\w*|prescrib\w*|treat\w*|\w+\s+(?:treatment|prescription))\b[^.;]*|"
    r"\bobserv\w*\s+(?:for\s+[\w\s]{0,25}?)?without\s+(?:an?\s+)?[\w-]+",
    re.IGNORECASE,
)


# where an action clause ends: at a semicolon, or where a check clause is joined to it ("give analgesia within 30
# minutes and reassess the pain score every 30 minutes")
_CLAUSE_END = re.compile(
    r";|\.\s|,?\s+(?:and|then)\s+(?:then\s+)?(?=(?:re-?)?(?:check|assess|measure|monitor|record|observe|review|test|"
    r"repeat|weigh|look|watch|keep)\w*\b)",
    re.IGNORECASE,
)


def _without_actions(text: str) -> str:
    """text with each action clause blanked, so a repeat it states ("treat it on a regular schedule") is not read as
    the repeat of a check beside it"""
    out = text
    for m in _ACTION_CLAUSE.finditer(text):
        end = _CLAUSE_END.search(text, m.end())
        stop = end.start() if end else len(text)
        out = out[: m.start()] + " " * (stop - m.start()) + out[stop:]
    return out


_FINITE = re.compile(r"\b(?:is|are|was|were|can|could|may|might|will|would|should|must|does|do|did|has|have|had|go|goes)\b",
                     re.IGNORECASE)


def states_no_check(text: str) -> bool:
    """Whether the statement says something (a finite verb) and names neither a check nor anything measured ("Most
    children can go home once they are drinking well"): under a monitoring heading it is not a monitoring item."""
    body = split_markers(text)[0] if text.strip() else text
    return (_FINITE.search(body) is not None and _cue(body) is None
            and re.search(r"\b(?:" + _MEASURED + r")", body, re.IGNORECASE) is None)


def is_scope(text: str) -> bool:
    """Whether the statement says what the page covers or is for ("This guideline covers adults ...")."""
    return _SCOPE.search(text) is not None


def _cue(text: str) -> re.Match[str] | None:
    return MONITORING_WORDING.search(text) or _RECORD_WORDING.search(text)


def monitoring_reading(text: str, reviewed: tuple[tuple[int, int], ...] = ()) -> tuple[bool, str | None]:
    """(whether the statement is a monitoring item, why a statement worded like a check is not one).

    `reviewed` holds the spans of drugs named as what a review reviews ("Review antibiotics at 48 hours"): found by
    the caller, who knows the drugs; a review of the drugs is not a check of the patient."""
    body = split_markers(text)[0] if text.strip() else text
    body = body.replace("\u2013", "-").replace("\u2014", "-")
    masked = _blank(_NO_MONITORING, _blank(_REFERRAL, body))
    if not _cue(masked):
        # a verbless line under a monitoring list is read by the caller from its heading; here only its own words
        return False, None
    if _SCOPE.search(body):
        return False, "a statement of the page's scope or purpose, not a check to do"
    if _TITLE.search(body.strip(" .:*#")) and not re.search(r"[.;]\s*\S", body.strip()):
        return False, "a section title standing as a line, not a check to do"
    for start, end in reviewed:
        masked = masked[:start] + " " * (end - start) + masked[end:]
    for pattern in (_VERIFY, _TREATMENT_REVIEW, _WAITING):
        masked = _blank(pattern, masked)
    # the time point keeps its timing ("at every ...") and loses only its noun as a cue
    masked = _TIME_POINT.sub(lambda m: m.group(0)[: m.start("noun") - m.start()] + "x" * (m.end("noun") - m.start("noun"))
                             + m.group(0)[m.end("noun") - m.start():], masked)
    if not _cue(masked):
        return False, ("a review of the treatment, a check of the prescription, waiting offered instead of treating, "
                       "or a time point: not a check of the patient")
    repeated = _REPEATED.search(_without_actions(body)) is not None
    cue = _cue(masked)
    if (cue.group(0).casefold() in ("monitoring", "surveillance", "follow-up", "follow up", "observation")
            and not repeated and not re.search(_MEASURE_TIMING, body, re.IGNORECASE)
            and not re.search(r"\b(?:" + _MEASURED + r")", body, re.IGNORECASE)):
        return False, "a call for monitoring that names nothing to measure and no time to do it"
    if re.match(r"screen\w*$", cue.group(0), re.IGNORECASE) and not repeated:
        return False, "a screening test done once, for the diagnosis, not a repeated check"
    if _RISK_SCORE.search(body) and not repeated:
        return False, "a score or risk assessment made once (to stratify risk), not a repeated check"
    if _DIAGNOSTIC_SPECIMEN.search(body) and not repeated:
        return False, "a specimen taken for the diagnosis before treatment, not a check of the response"
    if _ACTION_CLAUSE.search(masked) and not repeated and not _ON_A_RESULT.search(body):
        return False, "an instruction to act in which a check is one step done once, not a repeated check"
    return True, None


def is_monitoring(text: str, reviewed: tuple[tuple[int, int], ...] = ()) -> bool:
    return monitoring_reading(text, reviewed)[0]


def is_preference(text: str) -> bool:
    return bool(PREFERENCE_WORDING.search(text))




def stage_iri(local: str) -> URIRef:
    return getattr(KGV, local)
