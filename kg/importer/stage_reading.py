"""Which stage of treatment a statement recommends its drug at (first line, escalation, refractory...).

The stage is read from the statement's own words first, then its lead-in, heading and section; a stage only
guessed is flagged for the curator.
"""

from __future__ import annotations

import re

from kg.sources.reader import JOIN_LINE, split_markers

from . import ImporterError
from .context import clause_at, clauses, later_stage, mask_provisos
from .cue_words import cue_words
from .dose_grammar import parse_statement
from .draft_cues import (
    _ALTERNATIVE_NAMED,
    _DOSE_CUT,
    _FAILED_BEFORE,
    _FAILED_STAGE,
    _LIST_JOIN,
    _REPLACED_BY,
    _SUBJECTLESS_AFTER_DOSE,
    _condition_end,
    _in_compound,
    _not_modifiers,
)
from .draft_model import StatementDraft
from .recognise import severity_heading

# the same warning to the end of its clause: it names no stage of the drug dosed before it
_SUBJECTLESS_WARNING = re.compile(_SUBJECTLESS_AFTER_DOSE.pattern + r"[^;]*", re.IGNORECASE)
# a stage named outright in a line ("second-line", "as an alternative", "rescue"), as against the verbs that also
# cue a stage ("add", "start")
# the patient's allergy to a drug ("penicillin allergy", "if allergic to penicillin", "after anaphylaxis")
_ALLERGY = re.compile(r"\ballerg\w*|\bhypersensitiv\w*|\banaphyla\w*", re.I)
# "add", "added", "adding": an adjunct by the verb only; "adjunct" names the stage itself
_ADDED_WORD = re.compile(r"\badd(?:s|ed|ing)?\b", re.I)
_ADJUNCT_NAMED = re.compile(r"\badjunct\w*", re.I)
# "continue X", "remain on X" as the only taper/maintenance wording, against the words of a reduced or long-term regimen
_CONTINUE_ONLY = re.compile(r"\bcontinu\w*|\bremain on\b", re.I)
_TAPER_WORDS = re.compile(r"\btaper\w*|\bmaintenance\b|\breduc\w*|\bstop\b|\bwean\w*|\blong[- ]term\b|\bindefinitely\b|"
                          r"\blife-?long\b|\bfor life\b|\bmonths?\b|\byears?\b|\bextended\b|\bsecondary prevention\b|"
                          r"\bprophyla\w*", re.I)
_FIRST_LINE_NAMED = re.compile(r"\bfirst[- ](?:line|choice)\b|\bcornerstone\b", re.I)
_RELAPSE = re.compile(r"\b(?:relapse[sd]?|recurrences?|recurrent|recurring)\b", re.I)
# a treatment so far that is not enough, said before a drug is added ("not controlled on monotherapy", "If one drug is
# not enough", "Inadequate response to one drug", "if ... persists despite X"); "risk of resistance" is no failure
_FAILED_BEFORE_ADDING = re.compile(
    r"\bfail\w*|\bineffective\b|\binadequate(?:ly)?\s+(?:response|control\w*|controlled)\b|\bno (?:response|improvement|"
    r"better)\b|\bnot (?:respond\w*|improv\w*|controlled|settl\w*|worked|working|enough|sufficient)\b|\bpersist\w*|"
    r"\bdespite\b|\b(?:still|stays?|remains?)\s+(?:\w+\s+)?(?:high|above|uncontrolled|raised|elevated|symptomatic|poor)\b|"
    r"\babove target\b|\bresistant\b|\brefractory\b",
    re.I,
)


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
# "add a PPI", "add omeprazole": the drug named right after "add" is the one added
_ADDED = re.compile(r"\b(?:add|adding)\s+(?:an?\s+|the\s+)?", re.I)
# a line that states a condition only ("If widespread", "Only if MRSA", "If penicillin allergic:", "In pregnancy")
# the words that put a drug before or beside another one ('2 days before apomorphine', 'with each dose of', 'when
# starting') and the purpose that makes it a cover for that drug ('to prevent nausea', 'to reduce its side effects')
_GIVEN_BESIDE = re.compile(r"\b(?:before|with|alongside|during|while|when\s+starting|at\s+the\s+start\s+of|prior\s+to)\b",
                           re.I)
_TO_PREVENT = re.compile(r"[^.;]{0,40}?\bto\s+(?:prevent|reduce|avoid|counter\w*|protect\s+against|minimi[sz]e|"
                         r"limit|lessen)\b", re.I)
_GOVERNING_CONDITION = re.compile(r"\W*(?:only\s+)?(?:if|when|where|in|for|unless)\b(?!.*\b(?:give|use|offer|take|"
                                  r"start|prescribe|apply)\b)", re.I)


# how far back a dose line looks for the lead-in over its block of options (lead_in_over_option_block)
_OPTION_BLOCK_LINES = 12


def _states_a_dose(text: str) -> bool:
    """Whether a statement's text gives an amount to give (its doses are read once per text, see parse_statement)."""
    try:
        return any(not d.amount_not_stated for d in parse_statement(text))
    except ImporterError:
        return False


# 'Initially 5 mg', 'starting dose 18 mg', 'start at 10 mg': the amount a titrated dose begins at, not the first stage
_STARTING_AMOUNT = re.compile(r"\b(?:initially|initial\s+dose(?:\s+of)?|starting\s+dose(?:\s+of)?|"
                              r"start(?:ing)?\s+(?:at|with|on))\s*:?\s*(?:a\s+dose\s+of\s+)?\d", re.I)

class StageReading:
    """Which stage of treatment a statement's drug is recommended at, and why.

    A mixin of kg.importer.draft's builder: it reads and writes the builder's state through self.
    """

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
        weak_start_own = False
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
                weak_start_own = k == 0
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
        if weak_start is not None and not (weak_start_own and _STARTING_AMOUNT.search(own_text)):
            return weak_start, ""
        stated = self.stated_stage(therapy, st) if therapy is not None else None
        if stated is None and weak_start is not None:
            why = ("stage read only from the starting amount's wording ('initially', 'start at'): drafted as first line; "
                   "change it if the article gives this drug another stage")
            if why not in st.needs:
                st.needs.append(why)
            return weak_start, why
        if stated is not None:
            # (also over 'Initially 20-30 mg once daily, increased ...' under a drug entry: 'initially' there begins
            # the dose, a starting amount before titration, not the treatment)
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
                    first = mine[0]
                    for m in reversed([n for n in named if n.end <= mine[0].start]):
                        if not _LIST_JOIN.fullmatch(text[m.end : first.start]):
                            break
                        first = m
                    if _FAILED_BEFORE.search(text[: first.start]):
                        # 'reserved for children whose ADHD has not responded to methylphenidate, lisdexamfetamine and
                        # atomoxetine': every drug of the list is what failed, the next drug's circumstance; no stage
                        continue
                    needs = list(other.needs)
                    stage, why = self.stage_for(other, therapy)
                    other.needs[:] = needs
                    if not why:
                        found.setdefault(stage, other.item.text)
            finally:
                self._reading_stated = False
            self._stated_stages[therapy] = next(iter(found.items())) if len(found) == 1 else None
        return self._stated_stages[therapy]
