"""Cue patterns and small readings of statement text shared by several of the builder's passes.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.sources.reader import split_markers

from . import ImporterError
from .context import Clause, circumstance_spans, clause_at
from .cue_words import cue_words
from .dose_grammar import Dose, band_measure_kind, bands_in, form_routes_in, routes_in, switch_routes
from .draft_model import StatementDraft, _lit
from .recognise import Lexicon, Mention

# a warning clause with no subject after a dose and a semicolon ("X 100 mg twice daily; contraindicated in pregnancy",
# a table row and its Contraindications cell): it is about the drug dosed before it
_SUBJECTLESS_AFTER_DOSE = re.compile(r"\s*;\s*(?:contra-?indicated|(?:use )?with caution|caution|avoid (?:in|if|with|during)|"
                                     r"not (?:for|in|to be used|recommended (?:in|for))|do not use (?:in|if|with|during))\b",
                                     re.IGNORECASE)

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
# an instruction to give what follows ("Start at 25 mcg daily", "Resume 0.6 mg twice daily", "Give 5 mg"): a bare
# dose said this way is the drug's the page is about; one only described ("the older 200 mcg start") is not
_INSTRUCTION = re.compile(
    r"^\W*(?:then\s+)?(?:start|begin|give|take|use|resume|continue|prescribe|administer|apply|offer|initiate)\b", re.I
)
# the verb of a dose given after a warning about the same drug ("reduce the dose to", "give", "use")
# routes a drug's unstated dose may take from its other doses in the same section (see carry_drug_routes)
_CARRIED_ROUTES = frozenset({"oral", "topical", "inhaled", "rectal", "nasal", "buccal", "sublingual"})
# a clause that only cuts the dose of a drug already warned about in the statement ("use with caution; give a
# quarter of the usual azathioprine dose", "reduce the X dose by half", "halve X"): part of the warning, not an offer
_DOSE_CUT = re.compile(
    r"\b(?:reduc(?:e|es|ed|ing)|lower(?:s|ed|ing)?|decreas(?:e|es|ed|ing)|cut(?:s|ting)?|halv(?:e|es|ed|ing)|"
    r"adjust(?:s|ed|ing)?)\b|\b(?:a\s+|one[- ])?(?:quarter|third|half|fraction|proportion)\s+(?:of\b|the\b)|"
    r"\b(?:lower|reduced|smaller|half|quarter)[- ]dose\b|\b\d+\s*%\s+of\s+the\s+(?:usual|normal|standard|full)\b",
    re.I,
)


def _icd_line(phrase: str) -> str:
    """A skos:closeMatch to the WHO ICD-10 category the phrase names, for the curator to confirm ('' if none)."""
    from .vocabulary import ICD10_IRI, find_condition

    hit = find_condition(phrase)
    if hit is None:
        return ""
    code, title = hit
    return f"    skos:closeMatch <{ICD10_IRI}{code}> ; rdfs:comment {_lit(f'ICD-10 {code}: {title} (matched by name; confirm)')} ;\n"
# "midazolam or propofol", "A, B and C": a list of drugs given the same way
# "-" and "+" join the drugs of one combination ("artemether-lumefantrine", "A + B")
# ("switch to X (or to Y in pregnancy)": the bracketed "or to" lists Y as the other drug switched to)
_LIST_JOIN = re.compile(r"\s*\(?\s*(?:,|or|and|and/or|/|-|\+)\s*(?:or\s+|and\s+)?(?:to\s+)?(?:(?:an?|the)\s+)?", re.I)
# ... and 'an acceptable alternative to X', 'a substitute for X', 'as an alternative to X': X is what the other replaces
_REPLACED_BY = re.compile(r"(?:\b(?:instead of|rather than|in place of|alternatives?(?:\s+[a-z]+)? to|substitutes? for)|,\s*not)\s+"
                          r"(?:(?:the|an?)\s+)?$", re.I)
# the alternative stage named in words ("Alternative:", "alternatives", "an alternative to X") or a substitution
# ("may be used instead", "in place of X", "another option"): an alternative by what it says, not by a circumstance
_ALTERNATIVE_NAMED = re.compile(r"\balternatives?\b|\balternatively\b|\binstead\b|\bsubstitut\w*|\bin place of\b|"
                                r"\brather than\b|\b(?:another|other) options?\b", re.I)
_FAILED_STAGE = re.compile(
    r"\b(?:on|despite|after|following|of|with|to)\s+(?:the\s+|a\s+|an\s+|their\s+|his\s+|her\s+)?(?:\w+\s+){0,2}?"
    r"(?:(?:first|second)[- ](?:line|choice)|initial|standard)\s+(?:therapy|treatment|drugs?|agents?|antibiotics?|"
    r"options?|medicines?|medications?|regimens?|antiemetics?|care)\b",
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
# what may come before a drug that is an item's subject: up to two describing words ("Intra-articular", "Oral"),
# no preposition or verb phrase ("Overlap with heparin" is about the overlap)
_LED_BY_NAME = re.compile(r"^\W*(?:(?!(?:with|for|to|of|in|on|at|after|before|than|from|by|and|or|if|when|until)\b)"
                          r"[\w-]+\W+){0,2}$", re.I)
# a line that is only the label of a warnings section ("Cautions and contraindications", "WARNINGS")
_WARNING_LABEL_ONLY = re.compile(r"\W*(?:(?:absolute|relative|special|important|key|main|cautions?|contra-?indications?|"
                                 r"warnings?|precautions?|and|&)\W*)+", re.I)
# a drug named only for a state of the patient ("penicillin allergy", "folate deficiency", "allergic to penicillin"),
# which the patient does not take: a warning naming nothing else is about another drug (the co-medication of "people
# taking X and Y" is taken, and a warning naming only it still cautions it)
# (and the nouns of data/cue_words.txt [drug_state_nouns]: "after penicillin anaphylaxis", "in opioid dependence")
_STATE_OF_PATIENT = re.compile(r"[\s-]*(?:\w+\s+)?(?:allerg\w*|hypersensitiv\w*|intoleran\w*|deficien\w*|sensitiv\w*|"
                               + "|".join(re.escape(w) for w in sorted(cue_words("drug_state_nouns"), key=len, reverse=True))
                               + r")\b", re.I)
_STATE_BEFORE = re.compile(r"\b(?:allergic|hypersensitive|intolerant|sensitive)\s+to\s+(?:an?\s+|the\s+)?$", re.I)


def _condition_end(text: str, c: Clause) -> int:
    """Where the condition of a conditional clause ends: the comma or colon after its cue ("If X is not tolerated,
    Y 80 mg is the alternative": Y is given, X is the condition), else the clause's end."""
    m = re.compile(r"[,:]").search(text, c.cue_span[1], c.end)
    return m.start() if m else c.end


def _in_any(cl: list[Clause], position: int) -> bool:
    return clause_at(cl, position) is not None
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


def _with_route(dose: Dose, route: str) -> Dose:

    return replace(dose, route=route)
# where an amount starts: a number followed by a unit word
_AMOUNT_START = re.compile(r"\b\d+(?:\.\d+)?\s*(?:-\s*\d+(?:\.\d+)?\s*)?(?:mg|g|mcg|micrograms?|units?|mL|mmol|IU|ng)\b", re.I)


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


# a bracket opened right after a drug's name, its own words up to the closing bracket ('Ibuprofen (NSAID, first line
# with paracetamol) 400 mg'): a note about the drug before it
_NOTE_BRACKET = re.compile(r"\s*(?:\((?P<round>[^()]*)\)|\[(?P<square>[^\[\]]*)\])")
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


def _without_bracketed_forms(text: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions outside a bracket printed straight after a drug's name that names its forms or products ('Vitamin D
    (cholecalciferol or ergocalciferol)', 'Adrenaline (epinephrine)'): the bracket says what the named drug is given
    as, and the heading is about the drug before it."""
    out = []
    for m in mentions:
        opened = text.rfind("(", 0, m.start)
        closed = text.find(")", m.end)
        inside = opened >= 0 and closed >= 0 and ")" not in text[opened:m.start]
        if inside and any(n.end <= opened and not text[n.end:opened].strip() for n in mentions):
            continue
        out.append(m)
    return out


# a drug named as one that cannot be used ('Morphine not tolerated', 'doxycycline unsuitable', 'penicillin is
# contraindicated'): the circumstance of what is given instead
_UNUSABLE_CUE = re.compile(r"unsuitable|not suitable|contra-?indicated|not tolerated|intolerable", re.I)
_UNUSABLE_SUBJECT_GAP = re.compile(r"\s*(?:(?:is|are|was|were|being)\s+)?", re.I)


def _named_unusable(text: str, m: Mention) -> bool:
    """Whether m is named as a drug that cannot be used: its name straight before an unusable cue."""
    gap = _UNUSABLE_SUBJECT_GAP.match(text, m.end)
    return _UNUSABLE_CUE.match(text, gap.end()) is not None
