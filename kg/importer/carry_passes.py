"""Passes over the drafted doses that carry what a reader carries from one line to the next.

A maximum printed under a dose, a course printed after a list, the weight basis of a section, the route of a
drug's earlier line: each is carried where a careful reader would carry it, and the draft says so.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.sources.reader import JOIN_LINE, split_markers

from . import ImporterError
from .context import clauses, mask_provisos
from .course_lines import course_instruction, course_line, every_row_course, heading_course
from .dose_grammar import Dose, parse_statement, repeat_line
from .draft_cues import (
    _CARRIED_ROUTES,
    _given_for_a_course,
    _is_patient_label,
    _not_modifiers,
    _with_route,
    parse_statement_schedule,
    route_misfit,
)
from .draft_model import DoseDraft, StatementDraft
from .function_bands import function_measure_of
from .recognise import severity_heading

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
# the end of a sentence inside a statement (a full stop or semicolon before a capital, never a decimal point)
_SENTENCE_END = re.compile(r"[.;]\s+(?=[A-Z])")


def _schedule_beyond_maximum(dose: Dose) -> bool:
    """Whether an amount-less dose says more than its maximum (a frequency, interval, count or course)."""
    return any(x is not None for x in (dose.times_per_day, dose.times_range, dose.times_per_week, dose.interval,
                                       dose.doses, dose.duration, dose.concentration, dose.descriptor))


class CarryPasses:
    """What a reader carries from one line to the next: maxima, courses, weight basis, routes.

    A mixin of kg.importer.draft's builder: it reads and writes the builder's state through self.
    """

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
            j = k - 1
            while j > 0 and k - j <= 2 and not by_statement.get(self.statements[j].local) and (
                    steps := parse_statement(self.statements[j].item.text)) and all(d.titration for d in steps):
                # 'Start with 100 mg twice a day' / 'Increase by 100-200 mg every 3 days' / 'Maximum 1,200 mg a day':
                # a line that only steps the dose up, between the dose and its maximum, bounds nothing of its own
                j -= 1
            before = self.statements[j]
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
            st.needs.append(f"maximum '{phrase}' read as the maximum of the dose on the line above"
                            + (" (past the titration step between them)" if j < k - 1 else "") + ": check")
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
