"""Polarity and context of a statement, in the manner of the ConText algorithm (Harkema et al., 2009).

ConText finds trigger cues ("avoid", "contraindicated", "if ... fails") and applies each to the
concepts within its scope, a scope that runs to the end of the clause and stops at terminators
("but", "however", ";"). medspaCy implements it on spaCy documents; we implement the same three
parts (cue, direction, terminated scope) on plain strings because the importer has no spaCy model to
load (none may be downloaded at run time), its statements are single sentences or bullets, and the
outcome it needs is not a negation flag but a clinical reading: a caution, a contraindication or a
later stage. The cue list is English grammar, not clinical knowledge: no drug or condition is named.

Each clause of a statement gets one reading:
- "contraindication": contraindicated, must not, never, do not give/use ... -> kgv:Contraindication
- "caution": avoid, should be avoided, not recommended, should not, use with caution ... -> kgv:Caution
- "withhold": stop, withhold, discontinue ... -> an instruction, noted for the curator, never a recommendation
- "continue": do not stop, should not be discontinued ... -> keep the drug going: noted, neither caution nor recommendation
- "urgent": do not delay, never wait for ... -> what to give first: noted, neither caution nor recommendation
- "negated": no role for, not needed, no evidence ... -> neither a recommendation nor a caution
- "conditional": if/when ... fails, after failure of, inadequate response, reserved for -> a later stage
- "positive": none of these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cue_words import cue_words

_RESTRICTION_PATTERN = (
    r"\bonly\b[^.;:]{0,40}?\b(?:under|on|after|with|by|following|in discussion with)\s+(?:the\s+)?"
    # ... with up to two words naming which specialist ('the infection specialist', 'a consultant microbiologist')
    r"(?:(?:advice|supervision|guidance|direction|recommendation) of\s+)?(?:an?\s+)?(?:[\w-]+\s+){0,2}?(?:specialist|expert|"
    r"consultant|senior|hospital|microbiolog\w*|infectious diseases|haematolog\w*|paediatric\w*|pediatric\w*)\b|"
    r"\b(?:specialist|hospital|expert|consultant)[- ](?:use|initiation|supervision|advice) only\b|"
    r"\b(?:seek|get|obtain|take|ask for)\s+(?:\w+\s+){0,3}?(?:advice|input|opinion|review|guidance)\b[^.;:]{0,30}?"
    r"\bbefore\b"
)
# a restriction of a drug to specialist hands, as its cue reads ("only under specialist supervision")
RESTRICTION = re.compile(_RESTRICTION_PATTERN, re.IGNORECASE)

# a state of the patient a dose is cut for, within a few words of "in/if/when" (no amount on the way)
_STATE_WORDS = (r"(?:impair\w*|insufficien\w*|failure|disease|eGFR|GFR|clearance|creatinine|CrCl|"
                r"older|elderly|frail\w*|weight|pregnan\w*|breast-?feeding|taking|receiving|started|added|given)")
_PATIENT_STATE = r"[^.;\d]{0,40}?\b" + _STATE_WORDS + r"\b"
# a statement opening on a label that names patients by a state ("Elderly:", "In renal impairment:", "Frail or
# older people:")
_STATE_LABEL = re.compile(r"^\W*[^.;:,\d]{0,40}?\b" + _STATE_WORDS + r"\b[^.;:,\d]{0,30}?:\s", re.IGNORECASE)
# a cut of a drug's dose with no amount of its own ("reduce the dose of X", "halve the X dose", "by half", "by 50%");
# a cut to a stated amount ("reduce the dose to 5 mg daily") gives a dose, and a step of an amount ("reduce the dose
# by 5 mg every week") a taper: both are read as such
_DOSE_CUT = (r"\b(?:reduce|lower|decrease|halve|adjust)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?dos(?:e|es|ing)\b"
             r"(?![^.;]*?\b(?:to\s+\d|by\s+\d+(?:\.\d+)?\s*[a-zµ]))")
_DOSE_CUT_RE = re.compile(_DOSE_CUT, re.IGNORECASE)

# (reading, pattern). Order matters: the first reading whose cue appears in a clause wins, so the
# stronger "contraindication" is tested before "caution", and "caution" before "conditional"
# ("avoid X if Y fails" is still a caution).
_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        (
            # "do not delay adrenaline to give oxygen", "never wait for the CT scan before X": the page urges giving a
            # drug first; it warns against none of the drugs it names and recommends nothing new
            "urgent",
            r"\b(?:do|does|should|must) not (?:delay|wait|postpone|defer|hold off)\b|\bdon'?t (?:delay|wait)\b|"
            r"\bnever (?:delay|wait)\b",
        ),
        (
            # "do not stop X during a flare", "X should not be stopped": keep the drug going; it warns against
            # nothing and starts nothing (an instruction for the curator)
            "continue",
            r"\b(?:do|does|should|must) not (?:stop|discontinue|interrupt|withhold|omit|suspend|pause)\b|"
            r"\bdon'?t (?:stop|discontinue|interrupt)\b|\b(?:should|must) not be (?:stopped|discontinued|interrupted|"
            r"withheld|omitted)\b",
        ),
        (
            "contraindication",
            r"\bcontra-?indicated\b|\bcontraindication\b|^\W*contra-?indications?\s*[:\u2013\u2014-]|\bmust not\b|\bmust never\b|\bnever (?:be )?(?:use|give|"
            r"start|prescribe|combine|offer|administer)\w*|"
            # the imperative ban on giving a drug, whichever verb of giving it uses ("do not offer X", "do not
            # initiate X", "do not co-prescribe X with Y"); "does not" describes, it never bans (see _DESCRIBED)
            r"\b(?:do|does) not (?:use|give|start|prescribe|co-?prescribe|combine|administer|add|offer|initiate|"
            r"commence|dispense|supply|inject|infuse)\b|"
            r"\bdon'?t (?:use|give|start|prescribe|combine|offer|administer|initiate)\b",
        ),
        (
            "caution",
            # "Neither X nor Y is recommended for ...": the negation covers both drugs, the first as much as the second
            r"\bneither\b[^.;:]*?\bnor\b[^.;:]*?\b(?:is|are|should be)\s+(?:recommended|advised|suitable)\b|"
            r"\bavoid\w*\b|\bnot (?:be )?recommended\b|\bnot advised\b|\bshould not\b|\bshouldn'?t\b|"
            r"\bwith (?:great )?caution\b|\bcautio\w+\b|\bdiscouraged\b|"
            # "do not" warns, but "cases that do not respond/improve" describes a failure, not a warning
            r"\b(?:do|does) not\b(?!\s+(?:respond|improve|settle|resolve|work|tolerate|recover|clear)\w*)|\bnot to be\b|"
            r"\bbeware\b|\bunsafe\b|\bnot safe\b|\bharmful\b|\b(?:suggests?|recommends?|advises?|advised) against\b|"
            # "take care with X", "care is needed", "X interacts with Y" (the drug it opens with is the one warned)
            r"\btake (?:special |particular |great |extra )?care\b|\bcare (?:is )?(?:needed|required)\b|"
            r"\bcare should be taken\b|\binteracts? with\b|\b(?:important|significant|serious|dangerous) "
            r"interactions? with\b|"
            # a dose cut for a state of the patient ("reduce the dose of X in renal impairment", "the dose of X should
            # be halved when Y is started"): a caution about X in that state, not a taper of X (no amount: "reduce
            # the dose to 5 mg" gives a dose and is read as one)
            r"\b(?:reduce|lower|decrease|halve|adjust)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?dos(?:e|es|ing)(?:\s+of\s+(?:the\s+)?"
            r"(?:[\w-]+\s+){0,2}?[\w-]+)?(?:\s*\([^()]{0,60}\))?\s+(?:in|if|when|for|with|where|while)\s+" + _PATIENT_STATE + r"|"
            # the state named first, as a label or an opening clause ("Elderly: reduce the dose of X", "In older
            # people, halve the dose of X"): the same caution about X in that state
            r"^[^.;:,\d]{0,40}?\b" + _STATE_WORDS + r"\b[^.;:,\d]{0,30}?[:,]\s*(?:[\w-]+\s+){0,2}?" + _DOSE_CUT + r"|"
            r"\bdos(?:e|es|ing)\s+(?:of\s+(?:the\s+)?(?:[\w-]+\s+){1,3}?)?(?:should|must|may|needs? to|will need to)\s+be\s+"
            r"(?:reduced|lowered|decreased|halved|adjusted)\s+(?:in|if|when|for|with|where|while)\s+" + _PATIENT_STATE + r"|"
            r"\bnot suitable\b|\bunsuitable\b|\bnot (?:be )?(?:offered|used|given)\b|"
            # "not for use in ...", "is not for children under 12", "not licensed for routine use": who may not have it
            r"\bnot (?:intended |licensed |approved |indicated )?for\s+(?!(?:routine|general|regular)\s+use\b)"
            r"(?:(?:long-term|prolonged|topical|oral|systemic)\s+)?(?:use|children|adults|infants|neonates|newborns|babies|people|"
            r"patients|women|men|anyone|those|pregnan\w*|breast-?feeding|under|over|younger|older)\b|"
            # a restriction to specialist hands ("only under specialist supervision", "should only be started on
            # consultant advice", "hospital use only") and advice to seek before use ("seek specialist advice before
            # starting X"): the drug is not one to start from the page, so a caution for the curator
            + _RESTRICTION_PATTERN,
        ),
        (
            # a statement of risk, harm or association about the drug ("X taken in the first 12 weeks carries a
            # small increased risk of ...", "X can cause ...", "X is associated with ..."): a fact for the
            # curator's caution, never advice to give the drug (skipped when the clause also advises: _ADVICE)
            "caution",
            r"\b(?:carr(?:y|ies|ied)|poses?|posed|raises?|raised|increases?|increased|doubles?|has|have|had|bears?|"
            r"brings?|confers?)\s+(?:with it\s+)?(?:an?\s+|the\s+|some\s+)?(?:(?:small|slight|slightly|higher|"
            r"increased|greater|higher|possible|known|rare|real|significant|serious|major|minor|low|high|"
            r"important)\s+)*(?:risks?|harms?|dangers?|hazards?)\b|"
            r"\b(?:rises?|increases?|excess) in (?:the\s+)?risks?\b|"
            # (a harm made worse or brought out counts as one caused: "X can worsen angina", "may unmask ischaemia")
            r"\b(?:can|may|might|could|is known to|are known to)\s+(?:also\s+)?(?:cause|induce|provoke|lead to|"
            r"result in|worsen|aggravate|exacerbate|precipitate|trigger|unmask|bring on)\b|"
            # (not a benefit: "X is linked to a lower risk of recurrence than Y", "associated with fewer relapses")
            r"\b(?:is|are|was|were|has been|have been)\s+(?:\w+\s+)?(?:associated|linked)\s+(?:with|to)\b"
            r"(?!\s+(?:an?\s+|the\s+)?(?:(?:much|slightly|significantly|substantially)\s+)?(?:lower|reduced|"
            r"decreased|smaller|less|fewer|better|improved|shorter|faster|no)\b)",
        ),
        (
            # an instruction to stop or hold back a drug ("Stop the X 2 weeks before the test", "X should be
            # withheld"): neither a recommendation to give it nor a warning against it
            "withhold",
            r"^\W*(?:then\s+)?(?:stop|withhold|hold|discontinue|suspend|pause|cease|omit|interrupt)\b|"
            r"\b(?:should|must|can|may) be (?:stopped|withheld|held|discontinued|suspended|paused|omitted|interrupted)\b|"
            # "Look at current antibiotics: stop it unless essential": the pronoun is the drug named before
            r"\b(?:stop|withhold|discontinue|suspend)\s+(?:it|them)\b",
        ),
        (
            "negated",
            r"\bno (?:role|place|benefit|evidence|need)\b|"
            # "No test-of-cure swab is needed": what is not needed is named between "no" and the verb
            r"\bno\s+(?:[\w-]+\s+){0,5}?(?:is|are)\s+(?:needed|necessary|required|indicated)\b|\bnot (?:needed|necessary|required|indicated|effective|"
            r"routinely)\b|\bineffective\b|\bunnecessary\b|\bof no (?:benefit|value)\b|"
            r"\b(?:insufficient|inadequate|not enough|limited|no (?:good|clear|convincing)) evidence\b|"
            # "not for routine use" says what "not routinely" says: no routine place, not a warning
            r"\bnot (?:intended |recommended |indicated )?for (?:routine|general|regular) use\b|"
            r"\bcannot (?:be )?recommend\w*|\bevidence does not support\b|\bnot (?:a )?first[- ](?:line|choice)\b|"
            r"\bnot (?:the |an? )?(?:drug|treatment|agent|medicine) of (?:first )?choice\b",
        ),
        (
            "conditional",
            # "for people who cannot take X", "in patients who do not respond": the relative clause is the condition
            r"(?:\b(?:if|when|where|once(?!\s+(?:a\s+)?(?:daily|weekly|monthly|day|week|month|a day|a week|every|per)\b)|"
            r"should)\b|\b(?:for|in)\s+(?:an?\s+|the\s+)?(?:people|patients?|persons?|those|children|child|adults?|women|men|"
            r"anyone|someone|infants?)\s+who\b)[^.;]*?\b(?:fails?|failed|failure|inadequate|insufficient|"
            # "if hypotension continues after fluids": the disease goes on after the treatment given
            r"continu(?:e|es|ing)\s+(?:after|despite|in spite of|beyond)|"
            # "if X causes side effects": the drug cannot be kept up
            r"(?:causes?|caused|gives?|produces?|has|had|develops?)\s+(?:troublesome\s+|intolerable\s+|unacceptable\s+|"
            r"significant\s+|serious\s+)?(?:side[- ]effects|adverse (?:effects|reactions|events))|"
            r"unsuccessful|ineffective|not (?:respond\w*|improv\w*|work\w*|tolerated|controlled|settl\w*)|"
            r"no (?:response|improvement)|persist\w*|recur\w*|relaps\w*|worsen\w*|refractory|intoleran\w*|"
            r"(?:stays?|remains?|is still|are still) (?:high|above|uncontrolled|raised|elevated)|above target|"
            # "if K+ stays at 6.5 mmol/L or above", "when symptoms persist despite treatment": the disease goes on
            r"(?:stays?|remains?|is still|are still) (?:at )?[\d.]+\s*[^\s,;.]*\s+or (?:above|more|higher|over)|despite\b|"
            r"not (?:at|reached|reach) target|unsuitable|not suitable|cannot be used|cannot take|cannot tolerate|"
            r"unavailable|not available|not possible|not (?:an )?option|not feasible|not practical|"
            r"no (?:iv |intravenous |venous )?access|(?:can ?not|unable to) (?:swallow|"
            r"keep [\w ]{0,20}down|"
            r"be given)|(?:can ?not|could not) be (?:tapered|reduced|weaned|withdrawn|stopped)|"
            r"(?:unable|fails?|failed) to (?:taper|reduce|wean|withdraw)|"
            r"(?:allergic|hypersensitive) to [\w-]+|(?:has|have|with) (?:an? )?(?:[\w-]+ )?(?:allergy|hypersensitivity)|"
            # "if none of the first-line drugs can be taken", "cannot be taken": the earlier drugs are unusable
            r"(?:none|neither) of\b[^.;]*?\bcan (?:be )?(?:taken|used|given|tolerated|take|use)|cannot be (?:taken|given))|"
            r"\b(?:after|following|upon|on) (?:the )?(?:failure|an inadequate response|inadequate response|"
            r"non-?response|intolerance)\b|\breserved? for\b|\breserve[sd]?\s+(?:(?!for\b)[\w-]+\s+){1,4}for\b|"
            # "only for people who ...", "only in non-paroxysmal AF", "only where ...": the drug is kept for some
            r"\bonly (?:if|when|where|for|after|in)\b|"
            # "a rescue inhaler", "rescue doses": the reliever taken for symptoms, not a later stage
            r"\b(?:second|third)[- ](?:line|choice)\b|\brescue\b"
            r"(?!\s+(?:inhalers?|relievers?|packs?|doses?|analgesia|breaths|puffs)\b)",
        ),
    )
)
_RISK_CUE = RISK_CUE = _CUES[4][1]  # the statement-of-risk "caution" patterns (after urgent, continue, contraindication, caution)
# a list of what a drug may do to the patient ("Common side effects include ...", "Adverse effects: ...", "The most
# frequent adverse reactions are ..."): a fact for the drug's record, neither an offer of the drug nor a warning
SIDE_EFFECTS = re.compile(
    r"^\W*(?:(?:the|its|their)\s+)?(?:(?:most|more|very|less)\s+)?(?:(?:common|commonest|frequent|usual|main|possible|"
    r"potential|serious|rare|other|known|reported|expected|minor|major)\s+(?:and\s+\w+\s+)?)*"
    r"(?:side[- ]effects?|adverse (?:drug )?(?:effects?|reactions?|events?)|undesirable effects|unwanted effects)"
    r"(?:\s+(?:of|with|from)\s+[^:;.]{1,60}?)?\s*(?::|\b(?:include|includes|are|is|may include|can include|such as)\b)",
    re.IGNORECASE,
)
# advice to give a drug, in the clause that also states its risk
_ADVICE = re.compile(
    r"\b(?:give|offer|start|prescribe|consider|recommend\w*|first[- ]line|preferred|choice)\b|^\W*(?:use|treat)\b|"
    r"\b(?:should|can|may) be (?:used|given|offered|started)\b",
    re.I,
)
# Terminators end a cue's scope (ConText's "termination" triggers); sentences and ";" end clauses.
# (a colon before a condition ends the warning it follows: "Use X with caution in renal impairment: if creatinine
# clearance is below 30 mL/min, reduce the dose to ..." gives a dose under a condition, not the caution's words)
_CLAUSE_BREAK = re.compile(
    # a full stop ends a clause, but not the one of an abbreviation inside it ("avoid penicillins (e.g. amoxicillin)",
    # "i.e.", "vs.", "approx."): the words after it are still the warning's
    r";|(?<!\be\.g)(?<!\beg)(?<!\bi\.e)(?<!\bie)(?<!\bvs)(?<!\bcf)(?<!\bapprox)(?<!\bincl)(?<!\bresp)\.\s|\s(?:but|however|whereas|although|while|instead|then)\s|,\s(?:and|but|so|therefore|thus|hence)\s|"
    r":\s(?=(?:if|when|where|below|"
    r"above)\b)"
    # "avoid amoxicillin and give clarithromycin": an "and" before a new instruction to give opens its own clause
    r"|\s(?:and|or)\s(?=(?:instead\s+)?(?:give|offer|use|start|prescribe|consider|switch|add|substitute)\s)"
    # "X 100 mg bd (caution: do not use if eGFR < 45)": a bracketed warning after the dose is a clause of its own,
    # so the dose before it stays a dose to give
    r"|\s?\((?=\s*(?:(?:caution|warning|note|important)\s*[:\-–]\s*)?(?:do not|don'?t|avoid|never|must not|should "
    r"not|contra-?indicated|not recommended|use with caution)\b)",
    re.I,
)
# "for intolerance of or contraindication to Y", "with a contraindication to Y": the reason another drug is used
_NOUN_CONDITION = re.compile(r"\b(?:for|with|given|because of|due to|in case of)\s+(?:an?\s+|the\s+)?"
                             r"(?:[\w-]+\s+(?:of|to)\s+or\s+)?$", re.I)
_CONDITION_BEFORE = re.compile(r"\b(?:if|when|where|unless|in case|for patients who)\b[^.;]*$", re.I)
# "Do not use codeine unless paracetamol and ibuprofen have failed": the warning holds back a later-stage drug,
# so the clause reads as conditional (the drug is reserved for failure), never as a first-line recommendation.
_UNLESS_FAILED = re.compile(
    r"\bunless\b[^.;]*?\b(?:fail\w*|ineffective|inadequate\w*|insufficient|unsuccessful|not (?:work\w*|respond\w*|"
    r"tolerated|controlled|effective|suitable)|no (?:response|improvement)|intoleran\w*|unsuitable|"
    r"contra-?indicated|cannot (?:be used|take|tolerate))\b[^.;]*",
    re.I,
)
UNLESS_FAILED = _UNLESS_FAILED  # for the importer: an 'unless' that reserves a drug for failure excludes no patients
# "Offer X unless contraindicated": a standing proviso on a recommendation, not a warning about the drug and
# not an alternative stage. It is blanked (same length, so positions hold) before cues are read.
_PROVISO = re.compile(
    r"[,(]?\s*\b(?:unless|except (?:where|when|if)|if not|where not|when not)\s+(?:(?:it is|they are|there is an?|"
    r"otherwise)\s+)?(?:contra-?indicated|contraindications?|not tolerated|intolerant|unsuitable|not suitable)\b\)?",
    re.I,
)


# "(read the cautions first)", "see cautions", "refer to the contraindications below": a pointer to the page's
# warnings, not a warning of its own
_CROSS_REFERENCE = re.compile(
    r"[(\[]?\s*\b(?:see|read|check|refer to|consult)\s+(?:the\s+)?(?:cautions?|contra-?indications?|warnings?|"
    r"precautions|safety (?:information|advice)|cautions and contra-?indications)(?:\s+(?:first|below|above|section|"
    r"opposite|overleaf|in full|before (?:use|prescribing|giving)))?\s*[)\]]?",
    re.I,
)


def mask_provisos(text: str) -> str:
    """The statement with every 'unless contraindicated'-style proviso and every pointer to the page's cautions
    ('see cautions') blanked out (positions kept)."""
    text = _CROSS_REFERENCE.sub(lambda m: " " * len(m.group(0)), text)
    return _PROVISO.sub(lambda m: " " * len(m.group(0)), text)


# "a rescue inhaler", "rescue doses": the reliever taken for symptoms, not the refractory stage
_ESCALATION_NAMED = re.compile(r"\bescalat\w*|\bsecond[- ](?:line|choice)\b|\bstep[- ]up\b", re.I)
_LATER_STAGE = {"refractory": re.compile(r"\brefractory\b|\brescue\b(?!\s+(?:inhalers?|relievers?|packs?|doses?|analgesia|"
                                         r"breaths|puffs)\b)|\bthird[- ]line\b", re.I)}


@dataclass(frozen=True)
class Clause:
    start: int
    end: int
    reading: str  # continue, contraindication, caution, withhold, negated, conditional or positive
    cue: str  # the words that set the reading ("" when positive)
    cue_span: tuple[int, int] = (0, 0)  # characters of the cue in the statement

    @property
    def negative(self) -> bool:
        return self.reading in ("contraindication", "caution", "withhold", "negated", "continue", "urgent")


# "men who do not have a catheter", "children that do not need admission": a relative clause that says who the
# patients are; the negation is theirs, not a warning against the drug offered to them
_RELATIVE_NEGATION = re.compile(r"\b(?:who|that|which)\s+(?:(?:still|already|currently)\s+)?$", re.I)


# What may stand before an imperative "do not" in its clause: nothing, a conjunction or adverb, or an opening
# circumstance ("In pregnancy do not use X", "If eGFR is below 30 do not give X"). A noun before it is its subject,
# and then "do not" describes ("Calcium does not lower the potassium", "Most sore throats do not need antibiotics").
_IMPERATIVE_OPENING = re.compile(
    r"^(?:(?:and|or|but|then|so|also|please|therefore|thus|generally|usually|routinely|simply|just|still|again|"
    r"otherwise|else|now|you)\b\s*)*$|"
    r"^(?:if|when|whenever|where|while|whilst|in|for|during|after|before|until|unless|once|at|on|with|without|under|"
    r"over|as|from|since|within|beyond|below|above)\b",
    re.I,
)
_DO_NOT = re.compile(r"(?:do|does|did)\s+not\b|(?:don|doesn|didn)'?t\b", re.I)


def described_negation(part: str, start: int) -> bool:
    """Whether the 'do not' at `start` of a clause describes (its subject is named before it: 'Calcium does not
    lower the potassium') rather than instructs ('Do not give X', 'Aspirin: do not offer it', 'In pregnancy, do not
    use X'). 'does not' never instructs."""
    if re.match(r"(?:does|did)\s+not\b|(?:doesn|didn)'?t\b", part[start:], re.I):
        return True
    before = re.split(r"[:;,(\u2013\u2014]|\s[-\u2013\u2014]\s|\.\s", part[:start])[-1]
    before = re.sub(r"^[\W\d]+", "", before).strip()
    return bool(before) and not _IMPERATIVE_OPENING.search(before)


def _first_cue(pattern: re.Pattern[str], part: str) -> re.Match[str] | None:
    """The first match of a cue in the clause that is not the 'do not' of a relative clause describing patients,
    nor a 'do not' that describes what its subject does ('X does not lower Y')."""
    for m in pattern.finditer(part):
        if _DO_NOT.match(m.group(0)) and (_RELATIVE_NEGATION.search(part[: m.start()])
                                          or described_negation(part, m.start())):
            continue
        return m
    return None


# the imperative warnings that open a main clause ("..., avoid X", "... do not give X", "never ...")
_IMPERATIVE_WARNING = re.compile(r"(?:do|does)\s+not\b|don'?t\b|avoid\b|never\b|use\b|must\s+not\b", re.I)
# a finite verb or a comparison inside the condition: the condition is a clause of its own, so an imperative cue
# after it opens the main clause ("If eGFR is below 30 do not give X", "If eGFR < 30 avoid X")
_CONDITION_VERB = re.compile(
    r"\b(?:is|are|was|were|has|have|had|be|been|becomes?|falls?|rises?|drops?|exceeds?|takes?|taking|receives?|"
    r"receiving|on|develops?|shows?|\d|\w{3,}ing)\b|[<>\u2264\u2265]",
    re.I,
)


def warns_in_main_clause(condition: str, cue: str) -> bool:
    """Whether a warning cue that follows a condition ('if', 'when', 'unless' ...) belongs to the main clause the
    condition governs, not to the condition itself: a comma, colon, dash or 'then' closes the condition, and an
    imperative warning after a condition with its own verb opens the main clause."""
    closed = re.search(r"[,:\u2013\u2014]|\s-\s|\bthen\b", condition)
    if closed and (_CONDITION_VERB.search(condition[: closed.start()]) or _IMPERATIVE_WARNING.match(cue)):
        # the condition had its verb before the comma ("If eGFR is below 30, metformin is contraindicated"); a comma
        # inside a verbless list ("where NSAIDs, colchicine and steroids are contraindicated") does not close it
        return True
    if re.match(r"(?:do\s+not|don'?t|avoid|never)\b", cue, re.I):
        # an imperative ban or "avoid" is never the content of a condition ("When breastfeeding do not give X")
        return True
    if _IMPERATIVE_WARNING.match(cue) and _CONDITION_VERB.search(condition):
        return True
    # "If eGFR is below 30 use metformin with caution": the imperative opens the main clause before the cue
    opens = re.search(r"\s(?:use|give|prescribe|start|offer|avoid|do\s+not|never)\b", condition, re.I)
    return bool(opens and _CONDITION_VERB.search(condition[: opens.start()]))


# a bracket naming what cannot be used, and nothing else: '(beta-blocker contraindicated)', '(if metformin not
# tolerated)', '(penicillin unsuitable)' (a bracket that opens on its cue, '(contraindicated in pregnancy)', warns)
_ASIDE_CONDITION = re.compile(r"\((?:if\s+|when\s+)?(?:an?\s+|the\s+)?(?!(?:is|are|be|been|use|used|avoid|not)\b)[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,2}\s+"
                              r"(?:is\s+|are\s+)?(?:contra-?indicated|not\s+tolerated|unsuitable|not\s+suitable)\)",
                              re.IGNORECASE)


def clauses(text: str, lead: str = "") -> list[Clause]:
    """The statement's clauses in order, each with its reading. `lead` is the label its paragraph opens with when the
    statement is a later sentence of that paragraph ("Elderly: " over "Reduce dose of X (by half)."): a label names
    the patients of every sentence of its paragraph, not only of the first one."""
    bounds = [0]
    for m in _CLAUSE_BREAK.finditer(text):
        bounds.append(m.start())
    bounds.append(len(text))
    out: list[Clause] = []
    state_label = _STATE_LABEL.match(text)
    # where the label naming the patients by a state ends: its own, else the paragraph's (then it is before the text)
    label_end = state_label.end() if state_label is not None else 0 if lead and _STATE_LABEL.match(lead) else None
    for a, b in zip(bounds, bounds[1:], strict=False):
        if b <= a:
            continue
        part = text[a:b]
        reading, cue, span = "positive", "", (a, a)
        aside_at: tuple[int, int] | None = None
        for kind, pattern in _CUES:
            m = _first_cue(pattern, part)
            if m and pattern is _RISK_CUE and _ADVICE.search(part):
                # "Give X, which can cause drowsiness": the advice stands; the risk is its side remark
                m = None
            if m:
                reading, cue, span = kind, m.group(0), (a + m.start(), a + m.end())
                cond = _CONDITION_BEFORE.search(part[: m.start()]) if kind != "conditional" else None
                if cond and warns_in_main_clause(part[cond.start() : m.start()], m.group(0)):
                    # "If eGFR is below 30, do not give metformin", "When breastfeeding, avoid codeine": the
                    # condition is the warning's circumstance and the warning stands; only a cue inside the
                    # condition ("if methotrexate is contraindicated, ...") makes the clause conditional
                    cond = None
                unless = _UNLESS_FAILED.search(part, m.end()) if kind in ("caution", "contraindication") else None
                noun = (_NOUN_CONDITION.search(part[: m.start()])
                        if kind == "contraindication" and m.group(0).casefold().startswith("contraindication") else None)
                aside = _ASIDE_CONDITION.search(part) if kind in ("caution", "contraindication") else None
                if aside is not None and not (aside.start() <= m.start() < aside.end()):
                    aside = None
                if aside is not None and not cond and not noun:
                    # "Diltiazem | Alternative (beta-blocker contraindicated) | 60 mg ...": the bracket says why the
                    # drug is given (another is contraindicated), as "if a beta-blocker is contraindicated" would; it
                    # warns against neither the drug before it nor the dose after it
                    reading, cue, span = "conditional", aside.group(0), (a + aside.start(), a + aside.end())
                    aside_at = span
                elif noun and not cond:
                    # "X is second line, for intolerance of or contraindication to Y": the contraindication is Y's and
                    # is why X is given, not a warning about X
                    tail = re.match(r"\s+(?:to|of|with)\s+[\w-]+", part[m.end() :])
                    end = m.end() + (tail.end() if tail else 0)
                    reading, cue, span = "conditional", part[noun.start() : end], (a + noun.start(), a + end)
                elif unless and not cond:
                    reading, cue, span = "conditional", unless.group(0), (a + unless.start(), a + unless.end())
                elif cond:
                    # "if methotrexate is contraindicated": the warning is the condition for what follows
                    reading, cue, span = "conditional", part[cond.start() : m.end()], (a + cond.start(), a + m.end())
                break
        if reading == "positive":
            # "Calcium does not lower the potassium", "Antibiotics do not shorten the illness": a statement of what a
            # drug does not do; neither a warning nor an offer of the drug (ConText's negated concept)
            described = next((m for m in _DO_NOT.finditer(part) if not _RELATIVE_NEGATION.search(part[: m.start()])
                              and described_negation(part, m.start())), None)
            cond = _CONDITION_BEFORE.search(part[: described.start()]) if described is not None else None
            if cond is not None:
                # "If the unit does not stock diamorphine, use fentanyl instead": the negation is the condition's
                # content (a drug that cannot be had), so the clause is conditional, as a failure would be
                reading, cue, span = ("conditional", part[cond.start() : described.end()],
                                      (a + cond.start(), a + described.end()))
            elif described is not None:
                tail = re.match(r"\s*\w+", part[described.end():])
                stop = described.end() + (tail.end() if tail else 0)
                reading, cue, span = "negated", part[described.start():stop], (a + described.start(), a + stop)
        if reading == "positive" and label_end is not None and b > label_end and (
                cut := _DOSE_CUT_RE.search(text, max(a, label_end), b)):
            # "Elderly: avoid sedation unless essential. Reduce the dose of X by half.": the statement's label names
            # the patients, so a cut of X's dose in any of its sentences is a caution about X in them, as "reduce the
            # dose of X in the elderly" is
            # (the cut must follow the label: "Adjust the dose to creatinine clearance:" is a lead-in to bands)
            reading, cue, span = "caution", cut.group(0), (cut.start(), cut.end())
        if aside_at is not None:
            # the bracket is a clause of its own; the words around it read as they would without it
            for x, y, r in ((a, aside_at[0], "positive"), (aside_at[0], aside_at[1], "conditional"),
                            (aside_at[1], b, "positive")):
                if y > x:
                    out.append(Clause(x, y, r, cue if r == "conditional" else "", span if r == "conditional"
                                      else (x, x)))
            continue
        split = _split_at_disjunction(text, a, reading, span) if reading == "conditional" else None
        if split is not None:
            # "Offer X, or Y if X is not tolerated": the condition scopes Y's clause only; X before the "or"
            # is the sentence's own recommendation
            out.append(Clause(a, split, "positive", "", (a, a)))
            a = split
        out.append(Clause(a, b, reading, cue, span))
    # ", and in any neonate given X": a second circumstance of the warning before it, not a clause of its own
    merged: list[Clause] = []
    for c in out:
        if merged and merged[-1].negative and c.reading == "positive" and _MORE_CIRCUMSTANCE.match(text, c.start):
            p = merged[-1]
            merged[-1] = Clause(p.start, c.end, p.reading, p.cue, p.cue_span)
            continue
        merged.append(c)
    out = merged
    if any(c.reading == "conditional" for c in out):
        # "X is kept for people who have not responded to Y, and only after a consultant has reviewed them": the
        # restriction to specialist hands qualifies the later-stage recommendation the sentence makes; it is not a
        # warning of its own (the draft notes it for the curator)
        out = [Clause(c.start, c.end, "positive", "", (c.start, c.start))
               if c.reading == "caution" and RESTRICTION.fullmatch(c.cue) else c for c in out]
    # A conditional clause that opens a sentence ("If colchicine fails, give ...") conditions the clause it
    # governs as well: the drug after the comma is the later-stage one.
    for k in range(len(out) - 1):
        aside = text[out[k].start : out[k].start + 1] == "(" and text[out[k].end - 1 : out[k].end] == ")"
        if out[k].reading == "conditional" and out[k + 1].reading == "positive" and not aside and not _OTHERWISE.match(
            text, out[k + 1].start
        ):
            out[k + 1] = Clause(out[k + 1].start, out[k + 1].end, "conditional", out[k].cue, (0, 0))
    return out


_MORE_CIRCUMSTANCE = re.compile(r",\s*(?:and|or)\s+(?:also\s+)?(?:in|for|to|with|during|after|before|within)\b", re.I)
# "...; otherwise give X": the clause holds where the condition before it does not
_OTHERWISE = re.compile(r"\W*(?:otherwise|else|if not|in (?:all )?other (?:patients|cases))\b", re.I)
# "X, or Y if ...", "X or, if ..., Y", "X or Y if X is ...": the "or" that opens the conditioned alternative
_DISJUNCTION = re.compile(r",\s*or\b,?|\bor\s*,|\s(?:or|otherwise|alternatively)\b,?", re.I)
# "if not tolerated", "if it fails", "if contraindicated": a condition whose subject is the drug just named
_SUBJECTLESS = re.compile(
    r"^\W*(?:if|when|where|should|in case)\s+(?:(?:it|this|that|they|these|those)\s+)?(?:(?:is|are|proves?)\s+)?"
    r"(?:not\b|contra|intoleran|unavailable|ineffective|unsuitable|fail|unsuccessful|inadequate)",
    re.I,
)
_GENERIC = {"there", "response", "patient", "patients", "treatment", "therapy", "tolerated", "contraindicated",
            "fails", "failed", "failure", "unavailable", "suitable", "unsuitable", "available", "with", "have", "this",
            "that", "these", "those", "they", "when", "where", "should", "inadequate", "intolerant", "intolerance"}


def _split_at_disjunction(text: str, a: int, reading: str, span: tuple[int, int]) -> int | None:
    """Where a conditional clause's own alternative begins, when a recommendation stands before its "or".

    The condition's subject must be that earlier drug ("if X is not tolerated", or "if not tolerated", "if it
    fails"): "X or Y if Z fails" offers both X and Y after Z, so it is not split.
    """
    cue_start = span[0]
    head = text[a:cue_start]
    last = None
    for m in _DISJUNCTION.finditer(head):
        last = m
    if last is None or not re.search(r"[A-Za-z]{3}", head[: last.start()]):
        return None
    cue = text[cue_start : span[1]]
    if re.search(r"\b(?:allergic|hypersensitive) to\b|\ballerg(?:y|ies)\b|\bhypersensitivity\b", cue, re.I):
        # "X, or Y if allergic to penicillin": an allergy is the patient's, and it scopes the alternative it follows
        return a + last.start()
    # "if there is no response to X": the drug may follow the cue words, up to the end of the phrase
    tail = re.match(r"[^,.;]*", text[span[1] :])
    if not _SUBJECTLESS.match(cue):
        named = set(re.findall(r"[a-z][a-z-]{3,}", (cue + (tail.group(0) if tail else "")).casefold())) - _GENERIC
        before = set(re.findall(r"[a-z][a-z-]{3,}", head[: last.start()].casefold()))
        if not named & before:
            return None
    return a + last.start()


def in_failed_span(clause: Clause, start: int, end: int) -> bool:
    """A drug named inside 'if <drug> fails' is the one that failed, not the one to give next."""
    a, b = clause.cue_span
    cue = clause.cue.casefold()
    return clause.reading == "conditional" and a <= start and end <= b and not cue.startswith(("reserve", "only", "second", "third", "rescue"))


def clause_at(cl: list[Clause], position: int) -> Clause | None:
    for c in cl:
        if c.start <= position < c.end:
            return c
    return None


# a heading or lead-in that only names the kind of list under it: each item under "Contraindications" is one;
# "Relative contraindications", "Cautions", "Interactions", "Side effects" and the like are milder
CONTRAINDICATION_LABEL = re.compile(r"\bcontra-?indications?\b|\bcontra-?indicated\b", re.I)
MILDER_LABEL = re.compile(r"\bcautions?\b|\bprecautions?\b|\bwarnings?\b|\brelative\b|\binteractions?\b"
                          r"|\bside[- ]effects?\b|\badverse\b|\bnot\s+(?:a\s+)?contra", re.I)


def statement_reading(text: str) -> str:
    """The strongest reading in a statement (for a lead-in or heading that scopes its bullets)."""
    readings = {c.reading for c in clauses(text)}
    for kind in ("contraindication", "caution", "withhold", "continue", "conditional", "negated"):
        if kind in readings:
            return kind
    return "positive"


_UNUSABLE = re.compile(
    r"contra-?indicat|intoleran|not tolerated|cannot (?:take|tolerate|be used|be taken|be given)|unable to|unavailable|"
    # access counts only when it is lacking ("no IV access", "without venous access"); "when IV access exists" is none
    r"unsuitable|not available|not possible|not (?:an )?option|not feasible|not practical|"
    r"\b(?:no|without|lack of|lacking|cannot (?:get|obtain|gain))\s+(?:\w+\s+){0,2}?access|access (?:is )?(?:not|un)\w*|"
    r"swallow|not suitable|side[- ]effects|adverse (?:effects|reactions|events)|"
    # "if vomiting prevents oral rehydration": the treatment before cannot be taken
    r"\bprevents?\s+(?:\w+\s+){0,2}?(?:oral|rehydration|intake|treatment|drinking|taking|feeding|absorption)\b|"
    r"allerg|hypersensitiv|"
    r"\b(?:none|neither) of\b[^.;]*?\bcan (?:be )?(?:taken|used|given|tolerated|take|use)\b",
    re.I,
)


# the disease is severe (not a severe allergy or reaction to a drug)
_SEVERE_DISEASE = re.compile(
    r"(?<![-\w])(?<!non-)(?<!not )(?:severe|very severe|life[- ]threatening|critical|fulminant)\b"
    r"(?!\s+(?:[\w-]+\s+)?(?:allerg|hypersensitiv|reaction|intoleran|anaphyla|rash))",
    re.I,
)
# a reason the drug itself cannot be used (as opposed to a route or setting that cannot be used)
_DRUG_UNUSABLE = re.compile(r"contra-?indicat|intoleran|not tolerated|tolerate|allerg|hypersensitiv", re.I)
_FAILURE = re.compile(r"\bfail\w*|\binadequate\b|\bno (?:response|improvement)\b|\bnot (?:respond\w*|improv\w*)|"
                      r"\bpersist\w*|\bineffective\b", re.I)


def later_stage(cue_text: str, clause_text: str) -> str:
    """Which later stage a conditional cue points to: 'Refractory', 'Alternative' or 'Escalation'.

    A drug for patients who cannot take the first one is its alternative. "Second line" alone is a step up,
    but a second-line drug "only when none of the first-line drugs can be used", or "a second-line
    alternative", replaces drugs that cannot be taken rather than ones that failed: the alternative."""
    refractory = [m.group(0).casefold() for m in _LATER_STAGE["refractory"].finditer(clause_text)]
    if refractory and not (set(refractory) == {"rescue"} and _ESCALATION_NAMED.search(clause_text)):
        # "Rescue (escalation when prophylaxis has failed)": the page names the stage outright; 'rescue' alone, with
        # no stage named, is the refractory care after a failure
        return "Refractory"
    if _UNUSABLE.search(cue_text):
        # a severity inside an example of why the drug is unsuitable ("(for example with moderate to severe mitral
        # stenosis)") is the reason, not severe disease; and "... or not tolerated" in the same clause is the drug's
        severe = _SEVERE_DISEASE.search(re.sub(r"\([^()]*\)", " ", clause_text))
        if severe and not _DRUG_UNUSABLE.search(cue_text) and not _DRUG_UNUSABLE.search(clause_text):
            # "for a severe exacerbation, or when oral treatment is not possible, give X IV": the severity makes X a
            # step up; a route that cannot be used is the lesser reason
            return "Escalation"
        return "Alternative"
    if re.match(r"\W*(?:only|reserve)", cue_text, re.I) and _UNUSABLE.search(clause_text) and not _FAILURE.search(
        clause_text
    ):
        # "only if the person is allergic to penicillin", "reserve X for people who cannot take Y": the cue is a
        # bare "only if"/"reserve for"; the condition after it says the earlier drug cannot be used
        return "Alternative"
    if kept_for_a_group(cue_text, clause_text):
        # "only for people who take little exercise", "reserved for pregnant women": kept for a group, with no failure
        # and no severity named, it is used instead of the usual drug for that group (the importer notes it)
        return "Alternative"
    if re.match(r"\W*(?:second|third)[- ]line\b", cue_text, re.I) and (
        _UNUSABLE.search(clause_text) or re.search(r"\balternatives?\b", clause_text, re.I)
    ) and not _FAILURE.search(clause_text):
        # "second-line, for intolerance or failure of X" still steps up after a failure: escalation
        return "Alternative"
    return "Escalation"


# a treatment that failed or a disease that goes on ("not controlled", "stays high despite X", "resistant to X")
_FAILED_OR_GOES_ON = re.compile(
    r"\bfail\w*|\bineffective\b|\binadequate\w*|\bno (?:response|improvement|better)\b|\bnot (?:respond\w*|improv\w*|"
    r"controlled|settl\w*|work\w*|enough|tolerated)\b|\bpersist\w*|\bdespite\b|\bstill\b|\bstays?\b|\bremains?\b|"
    r"\babove target\b|\brefractory\b|\bresistant\b|\bworse\w*|\brelaps\w*|\brecur\w*",
    re.I,
)


def kept_for_a_group(cue_text: str, clause_text: str) -> bool:
    """Whether an 'only for/in/when ...' or 'reserved for ...' cue keeps a drug for a group of patients rather than
    for a failure, an intolerance or severe disease ("only for people who take little exercise")."""
    return (bool(re.match(r"\W*(?:only|reserve)", cue_text, re.I)) and not _FAILED_OR_GOES_ON.search(clause_text)
            and not _SEVERE_DISEASE.search(clause_text) and not _UNUSABLE.search(clause_text))


_RISK_PARENS = re.compile(r"\((?P<a>[^()]*?)\s+risks?\)|\(risk of (?P<b>[^()]+)\)", re.I)
_RISK_WORDS = re.compile(
    r"\b(?:risk of|risks of|because of|due to|may (?:cause|precipitate|trigger|worsen)|can (?:cause|precipitate|"
    r"trigger|worsen)|which (?:can|may) (?:cause|precipitate|trigger|worsen)|precipitat\w+|trigger\w*|"
    r"causes?|worsens?)\s+(?:the\s+|a\s+|an\s+)?(?P<risk>[^.;,()]+)",
    re.I,
)
_THRESHOLD = re.compile(
    r"\b(?P<cmp>above|over|more than|greater than|higher than|exceeding|in excess of|beyond|at or above|"
    r"at least|below|under|less than)\s*$|(?P<sym>[>≥<≤])\s*$",
    re.I,
)


def risk_phrase(text: str) -> str | None:
    """The risk a caution names, in the article's words ('renal crisis'), or None."""
    m = _RISK_PARENS.search(text)
    if m:
        phrase = (m.group("a") or m.group("b") or "").strip()
        phrase = re.sub(r"^(?:a|an|the|increased|higher)\s+", "", phrase, flags=re.I)
        return phrase or None
    m = _RISK_WORDS.search(text)
    if m:
        phrase = re.sub(r"\s+\d[\d, ]*$", "", m.group("risk")).strip()
        phrase = re.sub(r"^(?:(?:an?|the|increased|higher)\s+)*(?:risks? of\s+)?(?:(?:an?|the)\s+)?", "", phrase, flags=re.I)
        words = phrase.split()
        return " ".join(words[:6]) or None
    return None


def threshold_word(text_before: str) -> str | None:
    """'above' in 'avoid prednisone above 15 mg/day': how the amount bounds the caution."""
    m = _THRESHOLD.search(text_before)
    if not m:
        return None
    if m.group("sym"):
        return {">": "above", "≥": "at or above", "<": "below", "≤": "at or below"}[m.group("sym")]
    return m.group("cmp").lower()


# Who or what a warning is about, as opposed to the circumstance it names: "avoid clarithromycin in people
# taking simvastatin", "contraindicated in a history of penicillin allergy". A drug inside such a phrase is the
# circumstance (a co-medication or an allergy), not the drug warned against. English grammar, no drug named.
_STATE_NOUNS = "|".join(re.escape(w) for w in sorted(cue_words("drug_state_nouns"), key=len, reverse=True))
_CIRCUMSTANCE = re.compile(
    r"\b(?:in|for|to)\s+(?:(?:any|all|every|an?|the)\s+)?(?:(?:people|patients?|children|child|adults?|women|men|those|"
    r"anyone|infants?|neonates?|newborns?|babies|baby|someone|persons?|(?!be\b|who\b)[a-z]+)\s+)?"
    r"(?:who\s+(?:are\s+|is\s+)?|already\s+)?(?:taking|receiving|on|using|given|treated\s+with|allergic\s+to|with)\b"
    # "..., or one receiving X", "anyone given X": the patient described by what they already receive
    r"|\b(?:one|anyone|those|someone)\s+(?:already\s+)?(?:taking|receiving|given|on|using)\b"
    # a drug's name qualifying a state of the patient ("in opioid dependence", "digoxin toxicity", "benzodiazepine
    # overdose", "rifampicin resistance", "methotrexate-induced"): the state, not a drug warned against
    # (the state nouns are vocabulary: data/cue_words.txt [drug_state_nouns]; "use disorder" is two words)
    r"|\b[\w-]+?[\s-]+(?:" + _STATE_NOUNS + r"|use\s+disorder)\b|\b[\w]+-(?:induced|related|associated)\b"
    # "not recommended as a respiratory stimulant", "as an alternative to X": the role the warned drug would play
    r"|\bas\s+(?:an?|the)\s+"
    # "people on methotrexate", "children already on an inhaled steroid": patients described by their medicine
    r"|\b(?:patients?|people|persons?|children|child|those|anyone|someone|women|men|adults?|infants?)\s+"
    r"(?:already\s+|currently\s+)?on\b"
    # "if penicillin allergic", "in penicillin-allergic patients": the drug the patient is allergic to
    r"|\b[\w]+[\s-]+(?:allergic|hypersensitive|intolerant)\b"
    # "if the patient is taking warfarin", "while already on digoxin": the patient's co-medication
    r"|\b(?:is|are|if|while|whilst|when|patients?|people|persons?|child|children|someone|anyone)\s+(?:already\s+|"
    r"currently\s+|also\s+)?(?:taking|receiving|using|already\s+on)\b"
    # "if the person takes warfarin", "when the child uses an inhaled steroid": the same, in the present simple
    r"|\b(?:person|patient|child|woman|man|someone|anyone|they|he|she)\s+(?:already\s+|also\s+|currently\s+)?"
    r"(?:takes|uses|receives|is\s+on|is\s+taking)\b"
    r"|\b(?:patients?|people|persons?|child|children|someone|anyone)\s+(?:already\s+|currently\s+)?(?:on\s+treatment"
    r"\s+with|treated\s+with)\b"
    # "when amiodarone is started", "if a macrolide is added": the drug whose start times the warning
    r"|\b(?:when|if|once|after|as)\s+(?:(?:an?|the)\s+)?[\w-]+(?:\s+[\w-]+)?\s+(?:is|are|has been|have been)\s+"
    r"(?:started|added|given|co-?prescribed|introduced|begun|initiated)\b"
    # the drug a warning is given "with": "caution with digoxin", "avoid alongside other QT-prolonging drugs",
    # "interacts with warfarin", "contraindicated in combination with X", "do not give together with Y"
    r"|\b(?:caution|cautiously|contra-?indicated|avoid(?:ed)?|interacts?|interactions?|interacting|combin(?:e|ed|ing)|"
    r"in\s+combination|together|co-?administ\w*|co-?prescrib\w*|concomitant(?:ly)?(?:\s+use)?)\s+(?:when\s+)?"
    r"(?:with|alongside)\b|\balongside\b|\bconcomitant(?:ly)?\s+(?:use\s+of|with)\b"
    # "contraindicated in clarithromycin", "avoid in ciclosporin", "use with caution in NSAIDs": a table's warning
    # column read with its cell ("| Colchicine | ... | Clarithromycin |"); "in" opens the patients' situation, so a
    # drug named there is the co-medication, the row's drug the one warned
    r"|\b(?:contra-?indicated|avoid(?:ed)?|(?:with\s+)?caution)\s+in\b"
    r"|\bwho\s+(?:take|takes|receive|receives|are\s+taking|are\s+on|use)\b|\bhistory\s+of\b"
    # "anyone who has taken a PDE-5 inhibitor in the last 24 hours", "people who have recently used X", "a patient
    # who took X", "if the patient has had X": a drug already taken is when the warning applies, not what it warns of
    r"|\bwho\s+(?:(?:has|have|had)\s+(?:recently\s+|just\s+|already\s+|previously\s+|ever\s+)?(?:taken|used|"
    r"received|had|been\s+(?:taking|given|using|receiving|on|treated\s+with|prescribed))|(?:recently\s+|already\s+|"
    r"previously\s+)?(?:took|used|received|is\s+taking|is\s+on|is\s+using|are\s+using|is\s+receiving|are\s+"
    r"receiving|were\s+taking|uses))\b"
    r"|\b(?:person|patient|child|woman|man|someone|anyone|they|he|she)\s+(?:has|have|had)\s+(?:recently\s+|just\s+|"
    r"already\s+|previously\s+)?(?:taken|used|received|been\s+(?:taking|given|using|receiving|on))\b"
    r"|\b(?:allergic|hypersensitive)\s+to\b"
    # "a serious adverse reaction to a fluoroquinolone", "intolerance of X": the drug that harmed before
    r"|\b(?:reactions?|allerg(?:y|ies)|hypersensitivity|intolerance|sensitivity|anaphyla\w+)\s+(?:to|of|with)\b"
    # the timing of the warning, measured from another drug ("within 36 hours of the last X dose", "for 2 weeks
    # after stopping X", "before starting X"): that drug is when, not what, is warned against
    r"|\bwithin\s+[^,;()]*?\b(?:of|after|before|from)\b"
    r"|\b(?:after|before|since|until)\s+(?:the\s+)?(?:last|first|final|previous|next)\b"
    r"|\b(?:after|before|since|until|when)\s+(?:stopping|starting|switching\s+from|discontinuing|withdrawing)\b"
    # "until thiamine has been given": the drug the warning waits for
    r"|\b(?:until|before)\b(?=[^,;()]*?\b(?:has|have|is|are)\s+been\s+(?:given|started|administered|replaced)\b)",
    re.IGNORECASE,
)


def circumstance_spans(text: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
    """The circumstance phrases of a warning in text[lo:hi], each running to the next comma or the end. A comma
    inside brackets opened within the phrase does not end it: "patients taking strong inhibitors (A, B, C)" lists
    the circumstance's own drugs, every one of them a circumstance, none the drug warned against."""
    hi = len(text) if hi is None else hi
    out = []
    for m in _CIRCUMSTANCE.finditer(text, lo, hi):
        end, depth = hi, 0
        for k in range(m.end(), hi):
            ch = text[k]
            if ch in "([":
                depth += 1
            elif ch in ")]" and depth:
                depth -= 1
            elif ch == "," and depth == 0:
                end = k
                break
            elif depth == 0 and (k == 0 or not text[k - 1].isalnum()) and _MAIN_VERB.match(text, k):
                # "Patients taking warfarin should not receive aspirin": the main clause's verb ends the phrase that
                # describes the patients, so the drug after it is the one the sentence is about
                end = k
                break
        out.append((m.start(), end))
    return out


# the verb that opens a sentence's main clause after a phrase describing the patients
_MAIN_VERB = re.compile(r"(?:should|must|shall|need|needs|can|cannot|may|will|do|does|is|are|receive|take|get)\b", re.I)


# A ceiling on how much is given ("do not exceed 6 mg in one course", "should not exceed 5 mg/kg", "do not give more
# than 4 doses in 24 hours", "never apply more than 100 g a week"): the dose's maximum, a field of the dose, not a
# warning against the drug (tests/fixtures/import/articles/README.md lists no caution for it). A ceiling scoped to
# a state of the patient ("do not exceed 200 micrograms a day in frail people", "... if eGFR is below 30") is a dose
# cut for that state, which IS a caution, so it is not one of these.
_CEILING = re.compile(
    r"\b(?:(?:do|does|should|must|shall)\s+not|never|not\s+to)\s+(?:be\s+)?(?:exceed(?:ed)?\b|go\s+(?:above|beyond|over)\b"
    r"|(?:give|use|apply|take|administer|prescribe|inject|infuse|be\s+given|be\s+used|be\s+applied)\s+"
    r"(?:more\s+than|in\s+excess\s+of|above)\b)",
    re.I,
)
_CEILING_SCOPE = re.compile(
    r"\b(?:in|if|when|for|with|where|while|whilst|during|unless)\s+(?:" + _PATIENT_STATE[: -len(")\\b")] + r"|"
    r"renal|hepatic|liver|kidney|dialysis|child\w*|infants?|neonates?|adults?|adolescents?|patients|people|"
    r"those|anyone|women|men|girls|boys|under|over|aged|below|above)\b)"
    r"|\b(?:eGFR|GFR|CrCl|creatinine clearance)\b",
    re.I,
)


def dose_ceiling(text: str, start: int, end: int) -> re.Match[str] | None:
    """The ceiling on the amount a warning states when its cue words, at text[start], open one and nothing up to end
    (the clause's end) scopes it to a state of the patient: None otherwise."""
    m = _CEILING.match(text, start, end)
    if m is None or _CEILING_SCOPE.search(text, m.end(), end):
        return None
    return m
