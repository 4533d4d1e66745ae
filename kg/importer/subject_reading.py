"""Which drug a statement is about.

A dose line often does not name its drug: the drug comes from a row label, a list label, a heading, the
sentence or line above, or the page title; each source is recorded so the draft can say where it came from.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from kg.sources.reader import split_markers
from kg.vocab.namespaces import KGV

from . import ImporterError
from .context import clause_at, clauses, mask_provisos
from .cue_words import cue_words
from .dose_grammar import Dose, parse_statement
from .draft_cues import (
    _AMOUNT_START,
    _INSTRUCTION,
    _STATE_BEFORE,
    _STATE_OF_PATIENT,
    _after_condition,
    _bare_band_label,
    _bracket_note,
    _carrier_routes,
    _comedication,
    _comparator,
    _condition_spans,
    _drop_comparators,
    _governs,
    _in_any,
    _in_compound,
    _is_patient_label,
    _label_text,
    _leads,
    _named_unusable,
    _not_modifiers,
    _subject_drugs,
    _without_bracketed_forms,
)
from .draft_model import _NEGATIVE, StatementDraft
from .recognise import Mention

# a fluid named right after the volume a dose is made up in ("2 g in 100 mL sodium chloride 0.9%", "made up to 50 mL
# with glucose 5%", "in 250 mL of 5% glucose"): the text before the fluid's name ends so
_DILUENT_BEFORE = re.compile(r"\b(?:in|to|into)\s+(?:a\s+)?\d+(?:\.\d+)?\s*(?:mL|ml|millilitres?|L|litres?)\s+"
                             r"(?:(?:with|of)\s+)?(?:\d+(?:\.\d+)?\s*%\s+)?\Z")
# a label opening a paragraph's first sentence ('Elderly: avoid ...', 'Children under 12 years: give ...'): a few words
# up to a colon, with no sentence stop before it (see _Builder.paragraph_label)
_PARAGRAPH_LABEL = re.compile(r"^\W*(?P<label>[^.;:!?]{2,50}?):\s+\S")


# a footnote's mark opening its line ('† 1 g in severe infection', 'ᵃ Not in pregnancy'): a dagger, a section or
# paragraph sign, or a superscript letter (an asterisk opening a line is a bullet to the reader)
_FOOTNOTE_OPENING = re.compile(r"^\s*[\u2020\u2021\u00a7\u00b6\u1d43\u1d47\u1d9c\u1d48\u1d49]+\s*")
# an instruction verb straight before an amount, opening a later clause ("After the first doses, wait 12 hours, then
# resume 0.6 mg twice daily"): the sentence gives that amount, as one opening on the verb does
_INSTRUCTED_AMOUNT = re.compile(
    r"(?:[,;]\s*(?:and\s+)?(?:then\s+)?|\bthen\s+)(?:start|begin|give|take|resume|continue|administer)\s+"
    r"(?:it\s+|at\s+|with\s+)?\d", re.I)
# a line that is a dose and nothing else: an amount first ("250 mg four times daily for 10 days") or after a short
# label of the patients or the setting ("Child 1-5 years: 125 mg twice daily", "Adults: 500 mg"); on a page about one
# drug such a line is that drug's, as a reader of a drug monograph takes it
_AMOUNT_LINE = re.compile(r"^\W*(?:[^:.;!?]{1,60}:\s*)?(?:about\s+|up\s+to\s+)?\d", re.I)
# what may follow the drug a line ends with ('WITH clarithromycin +', 'AND amoxicillin:'): joining marks only
_LINE_END = re.compile(r"[\s+:&,\u2013\u2014-]*")


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


def _co_medications(text: str, mentions: list[Mention], amounts: list[int]) -> list[Mention]:
    """The mentions named only as a condition or co-medication: a cue word before the name and no amount after it
    inside its own clause ('Taken with aspirin: 25 mg on alternate days' under an apixaban heading)."""
    return [m for m in mentions if _comedication(text, m) and not any(_governs(text, m, a) for a in amounts)]
# a note that offers the drug it names in place of the one before it ('Paracetamol (or ibuprofen) 500 mg'): the named
# drug is still recommended there, though the amount after the bracket is not its
_NOTE_OFFERS = re.compile(r"\s*(?:or|and/or)\b", re.I)
# a section title that names only the dose field of a drug's entry ('Indications and dose', 'Dose', 'Dosage and
# administration')
_DOSE_FIELD_HEADING = re.compile(r"(?:indications?\s+and\s+)?(?:doses?|dosage|dosing)(?:\s+and\s+administration)?",
                                 re.IGNORECASE)


class SubjectReading:
    """Which drug a statement is about: its own words, a label, a heading, the line above.

    A mixin of kg.importer.draft's builder: it reads and writes the builder's state through self.
    """

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
            usable = [m for m in inherited if not _named_unusable(parent.item.text, m)]
            if usable:
                # 'Morphine not tolerated - alternative: oxycodone' over its dose lines: the drug that cannot be used
                # is the circumstance; the lines dose the other one
                inherited = usable
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
                # (a drug the bullet above names only as what its dose is given with, 'Give 2000 units once daily
                # together with calcium if required', is not the drug its dose, nor this one, is of)
                named = [m for m in named if not _comedication(above.item.text, m)]
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
            inherited = _without_bracketed_forms(st.item.heading, inherited)
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
            if earlier.section_local != st.section_local or self.heading_between(earlier, st):
                # (a title printed twice, 'Regimen' under two drugs' headings, is one section of the draft but two
                # places on the page: a run of doses never carries across a heading)
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
        at = self.heading_occurrence(st)
        if at is None:
            return ()
        if at == 0 or self.lex.therapies(st.item.heading):
            return ()
        band_block = _bare_band_label(st.item.heading) is not None or _is_patient_label(st.item.heading)
        columns = cue_words("band_column_headers") | cue_words("dose_column_headers")
        for heading in reversed(headings[1:at]):
            # (a heading naming a drug only as the patient's state, 'Vancomycin allergy/intolerance', names the
            # circumstance of the sections under it, never their drug)
            named = any(not _STATE_OF_PATIENT.match(heading, m.end) and not _STATE_BEFORE.search(heading[: m.start])
                        for m in self.lex.therapies(heading))
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

    def heading_between(self, earlier: StatementDraft, st: StatementDraft) -> bool:
        """Whether a heading is printed between two statements' lines (after earlier's, at or before st's)."""
        if not hasattr(self, "_heading_lines"):
            self._heading_lines = sorted(line for line, _, _ in self.a.heading_at)
        k = bisect.bisect_right(self._heading_lines, earlier.item.line)
        return k < len(self._heading_lines) and self._heading_lines[k] <= st.item.line

    def heading_occurrence(self, st: StatementDraft) -> int | None:
        """The index in the page's headings of the one st's section is under: the nearest heading of that title above
        st's line. A title printed more than once ('Indications and dose' under each drug of a formulary page) is a
        different place each time, and what encloses it is what is printed above that occurrence, not the first one."""
        headings = self.a.headings
        if st.item.heading == headings[0] and not any(h == headings[0] for _, h, _ in self.a.heading_at):
            return 0
        at = None
        for k, (line, heading, _) in enumerate(self.a.heading_at):
            if line > st.item.line:
                break
            if heading == st.item.heading:
                at = k + 1  # heading_at lists the headings after the title, in page order
        if at is None or headings[at] != st.item.heading:
            return headings.index(st.item.heading) if st.item.heading in headings else None
        return at

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
        at = self.heading_occurrence(st)
        if at is None or at < 1 or headings[at - 1] == self.a.title:
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
