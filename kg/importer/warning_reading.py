"""Cautions, contraindications, dose adjustments and monitoring items, each read from its clause.
"""

from __future__ import annotations

import re

from kg.sources.reader import split_markers
from kg.vocab.curie import local_name
from kg.vocab.namespaces import COND

from .context import (
    CONTRAINDICATION_LABEL,
    MILDER_LABEL,
    RESTRICTION,
    RISK_CUE,
    UNLESS_FAILED,
    Clause,
    circumstance_spans,
    clause_at,
    clauses,
    dose_ceiling,
    in_failed_span,
    mask_provisos,
    risk_phrase,
    statement_reading,
    threshold_word,
)
from .cue_words import cue_words
from .dose_grammar import Dose
from .draft_cues import (
    _BACKGROUND_HEADING,
    _DOSE_CUT,
    _FAILED_BEFORE,
    _INSTRUCTION,
    _LED_BY_NAME,
    _LIST_JOIN,
    _STATE_BEFORE,
    _STATE_OF_PATIENT,
    _SUBJECTLESS_AFTER_DOSE,
    _UNUSABLE_CUE,
    _UNUSABLE_SUBJECT_GAP,
    _WARNING_LABEL_ONLY,
    _in_any,
    _not_modifiers,
)
from .draft_model import StatementDraft, _curie, _lit
from .recognise import Mention, could_be_drug, is_monitoring, risk_region

# the substance right after a warning cue, with a "-containing"/"-based" product word ('dextrose-containing fluids')
_WARNED_OBJECT = re.compile(r"\s+(?:the\s+|any\s+|all\s+)?(?P<w>[a-z][a-z]{3,})(?:-(?:containing|based)\b)", re.I)
# "as a substitute for", "instead of", "in place of", "rather than": the drug named next is the one to keep
_SUBSTITUTE_FOR = re.compile(
    r"\b(?:as\s+(?:an?\s+)?(?:substitutes?|replacements?|alternatives?)\s+(?:for|to)|instead\s+of|in\s+place\s+of|"
    r"rather\s+than)\s+",
    re.IGNORECASE,
)
_WITH_AFTER_CUE = re.compile(r"\b(?:with|plus)\s+(?!(?:great\s+|extra\s+|particular\s+|special\s+)?caution\b)", re.I)
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
_REASON = re.compile(r",\s*(?:as|since|because)\b|\s(?:because|since)\b|\bdue to\b|:\s", re.I)
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
_USE_BEFORE = re.compile(r"\b(?:use|give|prescribe|start)\s+(?:the\s+)?$", re.I)
_WITH_LABEL = re.compile(r"\s+with\s+$", re.I)


# the cue words that say a drug cannot be used, and what may stand between that drug and them ("labetalol unsuitable",
# "doxycycline is contraindicated", "metformin not tolerated")
# a warning about how much is given ("never start at full dose", "do not exceed 4 g a day", "avoid high doses")
_DOSE_WARNING = re.compile(r"\bdos(?:e|es|ing|age)\b|\bexceed\b|\d\s*(?:mg|g|mcg|micrograms?)\b", re.I)
# the cues of an instruction not to give something (never 'does not need', which tells what is not required)
_TITLE_WARNING_CUE = re.compile(r"\s*(?:never|do not|don'?t|avoid|must not|should not|not to)\b", re.I)
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


class WarningReading:
    """Cautions, contraindications, dose adjustments and monitoring items.

    A mixin of kg.importer.draft's builder: it reads and writes the builder's state through self.
    """

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
                label = split_markers(parent.item.text)[0].strip(" :")
                if _CONTRAINDICATION_LABEL.search(label) and len(label.split()) <= 6 and not self.lex.therapies(label):
                    # 'RELATIVE CONTRAINDICATIONS' printed as the lead-in of its list (a page with no blank lines
                    # gives it no heading of its own): a label as the heading rule below reads it
                    return "caution" if _MILDER_LABEL.search(label) else "contraindication"
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
                if found is None and c.cue.startswith("(") and self.one_drug_page():
                    # 'Acute bacterial endocarditis' under 'Relative contraindications' on a page whose title names
                    # one drug and whose doses are all that drug's ('Enoxaparin for VTE treatment'): the page's drug
                    topic = self.title_drug()
                    found = (topic, "the page's title (the one drug the page doses)") if topic is not None else None
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

            def verbless(part: str) -> bool:
                return (len(part.split()) <= 10 and not _FINITE_VERB.search(part) and not _INSTRUCTION.match(part)
                        and not re.match(r"\W*(?:see|refer|read|consult|check|ask|seek|monitor|review|discuss|tell|"
                                         r"advise|inform|note)\b", part, re.I))

            if verbless(body):
                return True
            # a drug entry's field of warnings printed as one run of items ('Tics or Tourette syndrome; epilepsy (stop
            # if seizures occur); cardiac history'): it opens with a verbless item, an aside in brackets set apart
            items = re.sub(r"\([^()]*\)", " ", body).split(";")
            return len(items) > 1 and bool(items[0].strip()) and verbless(items[0])
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
