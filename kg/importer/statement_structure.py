"""Reading one statement: its doses, recommendations, cautions, contraindications and monitoring items.

The per-statement pass of the builder; the other mixins answer the questions it asks (which drug, which stage,
which band).
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.sources.reader import sentence_starts, split_markers

from . import ImporterError
from .context import (
    RESTRICTION,
    RISK_CUE,
    SIDE_EFFECTS,
    Clause,
    circumstance_spans,
    clause_at,
    clauses,
    in_failed_span,
    kept_for_a_group,
    later_stage,
    mask_provisos,
)
from .cue_words import cue_words
from .dose_grammar import (
    Dose,
    band_measure_kind,
    form_routes_in,
    is_course_label,
    parse_statement,
    route_word_spans,
    routes_in,
    two_measures,
)
from .draft_cues import (
    _ALTERNATIVE_NAMED,
    _BACKGROUND_HEADING,
    _CARRIED_ROUTES,
    _DOSE_CUT,
    _FAILED_BEFORE,
    _FAILED_STAGE,
    _LED_BY_NAME,
    _PRODUCT_JOIN,
    _REPLACED_BY,
    _STATE_BEFORE,
    _STATE_OF_PATIENT,
    _WARNING_LABEL_ONLY,
    _bracket_note,
    _carrier_routes,
    _comedication,
    _comparator,
    _condition_end,
    _drop_comparators,
    _given_for_a_course,
    _governs,
    _in_any,
    _leads,
    _not_modifiers,
    _patient_medicine,
    _with_route,
    parse_statement_schedule,
    route_misfit,
)
from .draft_model import _NEGATIVE, StatementDraft
from .function_bands import function_measure_of, is_unnamed_band
from .recognise import Mention, is_caution, is_monitoring, is_preference, is_scope, monitoring_reading, states_no_check
from .substances import glossary

_ADJUSTED_DOSE = re.compile(r"\b(?:reduce|lower|decrease|adjust|give|use|change)\b", re.I)
# a warning that only asks for care ('use with caution', 'caution in renal impairment'), never one that forbids
_ASKS_CAUTION = re.compile(r"\bcaution\b", re.I)
_EXCEPTION = re.compile(r"\b(?:except|unless|apart from|other than)\b[^.;,]*", re.I)
# a condition that a treatment failed or the disease came back (the next stage), as against one that only narrows who
# gets the treatment ("only for non-severe infection", "only after 5 days of heparin")
_FAILURE_CUE = re.compile(
    r"fail|ineffective|inadequate|no response|not respond|not controlled|persist|despite|refractory|resistan|worsen|"
    r"relaps|recur|not (?:improv|settl|work)",
    re.I,
)
_STAGE_NAMED = re.compile(r"\b(?:first|second|third)[- ](?:line|choice)\b|\balternatives?\b|\brefractory\b|\brescue\b|"
                          r"\bescalat\w*|\bmaintenance\b|\btaper\w*|\badjunct\w*", re.I)
# what failed named as the step up itself ("despite second-line treatment", "after escalation")
_FAILED_ESCALATION = re.compile(r"\bsecond[- ](?:line|choice)\b|\bescalat\w*", re.I)
# a verb of giving with a pronoun for its drug ("use it", "consider them", "give it")
_PRONOUN_GIVEN = re.compile(r"\b(?:use|give|offer|consider|start|try|prescribe|reserve|keep|add)\s+(?:it|them)\b", re.I)


# an instruction to give something, after the patient's description ("..., give vitamin K")
_GIVE_AFTER = re.compile(r"(?:^|[,;:]\s*|\bthen\s+)(?:give|offer|start|use|prescribe|administer|add)\b", re.I)
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
# a higher dose of the drug already given ("raise it to 120 mg", "increase the dose to", "go up to 120 mg")
_DOSE_RAISE = re.compile(r"\b(?:raise|increase|go up|titrate (?:up|upwards)|double)\w*\b[^.;]{0,30}?\b(?:to|by)\s+\d[\d.,]*"
                         r"(?:\s*(?:mg|g|mcg|micrograms?|units?|ml)\b)?", re.I)
# a section of warnings ("Cautions", "8. CAUTIONS", "Contraindications and interactions"): its statements warn; a
# stage word there ("reduce the dose in renal impairment") adjusts a dose, it does not recommend a stage
# a drug entry's field of the products it comes in ('Medicinal forms'); the words are data/cue_words.txt
# [product_form_headings]
_PRODUCT_FORM_HEADING = re.compile(r"^\W*(?:\d+(?:\.\d+)*\.?\s+)?(?:" + "|".join(
    re.escape(w).replace(r"\ ", r"\s+") for w in sorted(cue_words("product_form_headings"), key=len, reverse=True))
    + r")\W*$", re.I)
_CAUTION_HEADING = re.compile(r"^\W*(?:\d+(?:\.\d+)*\.?\s+)?(?:cautions?|contra-?indications?|warnings?|precautions|"
                              r"safety|(?:drug )?interactions|adverse effects|side effects)\b", re.I)
_MONITORING_HEADING = re.compile(r"^\W*(?:\d+(?:\.\d+)*\.?\s+)?"
                                 # "Required investigations", "Baseline tests", "Further investigations"
                                 r"(?:(?:required|recommended|initial|baseline|further|key|essential|suggested)\s+)?"
                                 r"(?:monitoring|what to monitor|follow[- ]up|surveillance|"
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


_AVAILABLE = re.compile(r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(
    cue_words("availability_words"), key=len, reverse=True)) + r")\b", re.I)
# an instruction that opens with a verb of giving ("Give ...", "Offer ...", "Prescribe ..."); "Use" and "Start" are
# left out, as "use a lower dose", "start low" under a warnings heading cut the dose for the patients it names
_GIVING_OPENS = re.compile(r"\W*(?:give|offer|prescribe|administer)\b", re.I)
# "X instead of Y", "X rather than Y", "X in preference to Y": Y is the drug replaced
_INSTEAD_OF = re.compile(r"\b(?:instead\s+of|rather\s+than|in\s+preference\s+to|in\s+place\s+of)\b", re.I)


def _one_route(carriers: list[list[str]]) -> list[str]:
    """The route of the nearest carrier that names any ([route]); [] when none names one or the nearest names two
    different routes (which of them a dose takes is not said)."""
    for routes in carriers:
        if routes:
            return routes[:1] if len(set(routes)) == 1 else []
    return []
# the only text between an amount and the drug it is of: "90 mg/kg/day of amoxicillin"
_AMOUNT_OF = re.compile(r"\s+of\s+")
# what stands between a combination's name and its second part's amount: the first part's amount and a slash
_SECOND_PART = re.compile(r"\s*\d+(?:\.\d+)?\s*(?:(?:mg|g|mcg|microgram|micrograms)\s*)?/\s*", re.I)


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


class StatementStructure:
    """Reading one statement into doses, recommendations, cautions and monitoring.

    A mixin of kg.importer.draft's builder: it reads and writes the builder's state through self.
    """

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
        if item.heading != self.a.title and _PRODUCT_FORM_HEADING.match(item.heading):
            # 'Tablet: 5 mg, 10 mg, 20 mg' under a drug entry's 'Medicinal forms': the strengths its products come in;
            # an amount there is a dose only when the line says how often to give it
            doses = [d if d.amount_not_stated or d.times_per_day or d.times_range or d.interval or d.times_per_week
                     or d.per in ("day", "week") else replace(d, strength=True) for d in doses]
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
                    # bounds each row that states none of its own (kg.importer.dose_attachment lead_in_ceiling)
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
