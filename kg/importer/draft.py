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

from kg.sources.reader import Article, Item
from kg.vocab.curie import local_name
from kg.vocab.namespaces import COND, PREFIXES

from . import ImporterError
from .band_context import BandContext
from .carry_passes import CarryPasses
from .dose_attachment import DoseAttachment
from .dose_grammar import Dose
from .draft_cues import _icd_line
from .draft_model import (
    DRAFT_HEADER,
    NEW_ROUTES,
    ROUTES,
    UNITS,
    DoseDraft,
    Draft,
    Note,
    RecommendationDraft,
    StatementDraft,
    _curie,
    _lit,
    slugify,
)
from .draft_turtle import DraftTurtle
from .recognise import Lexicon
from .stage_reading import StageReading
from .statement_structure import StatementStructure
from .subject_reading import SubjectReading
from .substances import learn_dosed_substances
from .warning_reading import WarningReading

_QUESTION_SUBJECT = re.compile(
    r"(?:patients? with|treatment (?:of|for)|management of|therapy for|for)\s+"
    r"(?:an?\s+|the\s+)?(?P<subject>[^?]+?)\s*\??$",
    re.IGNORECASE,
)


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


class _Builder(
    BandContext,
    CarryPasses,
    StageReading,
    SubjectReading,
    DoseAttachment,
    WarningReading,
    StatementStructure,
    DraftTurtle,
):
    """Builds one article's draft; each mixin holds one kind of reading (see docs/architecture.md)."""

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


# a line that stops mid-sentence: on a comma, or on a word that needs what follows (a verb of giving, a preposition,
# a conjunction, an article)
_UNFINISHED = re.compile(
    r"(?:,|\b(?:offer|give|use|start|add|consider|prescribe|try|switch to|change to|with|to|of|and|or|then|the|an?|"
    r"for|plus|either|followed by))\Z",
    re.I,
)


def build_draft(article: Article, lexicon: Lexicon, source_file: str, keep_text: bool = False) -> Draft:
    """The curated-format draft of one article (pure: no files are read or written, and `lexicon` is not changed:
    the draft works on its own fork, so drafting several files in one run gives each the draft it gets alone)."""
    own = lexicon.fork()
    draft = _Builder(article, own, source_file, keep_text).build()
    draft.lexicon = own
    return draft


# the model's names stay importable from here, where callers and tests have always found them
__all__ = ["DRAFT_HEADER", "NEW_ROUTES", "ROUTES", "UNITS", "Draft", "DoseDraft", "Note", "RecommendationDraft",
           "StatementDraft", "build_draft", "is_untouched_draft", "seal", "slugify"]
