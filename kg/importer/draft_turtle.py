"""The draft's Turtle fragments: drafted entities, references, citation markers, doses and the article.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from kg.sources.reader import ReferenceEntry, text_checksum
from kg.vocab.curie import local_name
from kg.vocab.namespaces import ART, COND, PREFIXES, REF

from .band_bounds import BandBounds, band_bounds
from .draft_cues import _icd_line
from .draft_model import (
    BASES,
    DRAFT_HEADER,
    NEW_ROUTES,
    PERIODS,
    REFERENCE_TYPES,
    ROUTES,
    TIME_UNITS,
    UNITS,
    DoseDraft,
    Draft,
    StatementDraft,
    _curie,
    _lit,
    _num,
    slugify,
)
from .turtle_out import write_draft
from .vocabulary import class_members, product_entry


class DraftTurtle:
    """The draft's Turtle: new entities, references, markers, doses and the article text.

    A mixin of kg.importer.draft's builder: it reads and writes the builder's state through self.
    """

    def markers(self) -> None:
        positions = {r.position for r in self.a.references}
        labels = sorted({m for item in self.a.items for m in item.markers}, key=int)
        for label in labels:
            if int(label) in positions:
                self.markers_resolved.append(label)
            else:
                self.markers_dangling.append(label)
                first = next(i for i in self.a.items if label in i.markers)
                self.flag(
                    f"flag-marker-{label}",
                    "kgv:DanglingMarker",
                    "warning",
                    [self.q(f"m-{label}")],
                    f"Marker {label} is printed but the reference list has {len(positions)} entries.",
                )
                self.note(
                    first.locator,
                    first.line,
                    f"citation marker {label} is beyond the reference list ({len(positions)} entries)",
                    level="warning",
                )

    def route_term(self, route: str | None) -> str:
        if route not in ROUTES:
            # a route the lexicon data can name (kg/importer/data/route_forms.txt) but no table here lists is drafted
            # as a new term like the others, never a crash that loses the whole draft (a pessary's 'vaginal' did)
            term, label = NEW_ROUTES.get(route) or (
                "kgv:Route" + "".join(w.capitalize() for w in re.split(r"[^A-Za-z]+", str(route)) if w), str(route))
            if term not in self.new_routes:
                self.new_routes.append(term)
                self.new_entities.append(
                    f"{term} a kgv:Route ; rdfs:label {_lit(label)} ;\n"
                    f"    kgv:note {_lit('needs curation: route not in the vocabulary; drafted by kg import, add it to graph/vocab')} ."
                )
                self.note("article", 1, f"route '{label}' is not in the vocabulary: drafted as {term}", level="warning")
            return term
        return ROUTES[route]

    def draft_lexicon_therapies(self) -> None:
        """Drugs found through the drug lexicon but not in the graph: drafted as new entities, flagged."""
        for iri in dict.fromkeys(self.used_therapies):
            entry = self.lex.drafted.get(iri)
            if entry is None:
                continue
            curie = _curie(iri)
            kind = "kgv:DrugClass" if entry.is_class else "kgv:Drug"
            lines = [f"{curie} a {kind} ; skos:prefLabel {_lit(entry.name)} ;"]
            surface = sorted({m for m in self.lex.surface.get(iri, ()) if m.casefold() != entry.name.casefold()})
            if surface:
                lines.append("    skos:altLabel " + ", ".join(_lit(x) for x in surface) + " ;")
            if entry.mappings:
                lines.append("    skos:closeMatch " + ", ".join(f"<{m}>" for m in entry.mappings) + " ;")
            lines.append(
                "    kgv:note \"needs curation: drafted by kg import as a substance the article doses, not a medicine the "
                "graph or the drug lexicon lists (" + entry.found_as.replace('"', "'") + "); check the name and what it "
                "is, give it a class, move it to graph/entities/therapies.ttl\" ."
                if entry.found_as else
                "    kgv:note \"needs curation: drafted by kg import as an unknown drug, in neither the graph nor the drug "
                "lexicon, printed joined to a known drug; check the name, give it a class, move it to "
                "graph/entities/therapies.ttl\" ."
                if entry.unknown else
                "    kgv:note \"needs curation: drafted by kg import as a drug class the article names but neither the "
                "graph nor the drug lexicon lists under that name; check the class and its members, move it to "
                "graph/entities/therapies.ttl\" ."
                if entry.class_reason else
                "    kgv:note \"needs curation: drafted by kg import from the drug lexicon of "
                "drug-named-entity-recognition; check the mappings, give it a class, move it to "
                "graph/entities/therapies.ttl\" ."
            )
            self.new_entities.append("\n".join(lines))
            self.flag(
                f"flag-new-therapy-{local_name(iri)}",
                "kgv:NotStatedInSource",
                "warning",
                [curie],
                (f"'{entry.name}' read as one combination product of {' and '.join(entry.parts)} (printed with a "
                 "slash), not two drugs given together; not in the graph: check it is the fixed combination"
                 if entry.parts else
                 f"'{entry.name}' is in neither the graph nor the drug lexicon: read as a drug because it is printed "
                 f"joined to {entry.partner} as one combination; check the name and what it is"
                 if entry.unknown and not entry.found_as else
                 f"'{entry.name}' read as a substance the article gives: {entry.found_as}; check the name and what it is"
                 + (f" ({', '.join(entry.mappings)})" if entry.mappings else "")
                 if entry.found_as else
                 f"'{entry.name}' is not in the graph" + ("" if entry.class_reason else "; drafted from the drug lexicon")
                 + (f" ({', '.join(entry.mappings)})" if entry.mappings else ""))
                + (self.class_flag(entry) if entry.is_class else "")
                + ".",
            )
            self.note("article", 1, f"new therapy drafted {'as an unknown drug' if entry.unknown else 'from the drug lexicon'}: "
                      f"{entry.name}", level="warning")
        used = set(self.used_therapies)
        for printed, parts in sorted(self.lex.products.items()):
            if not used & set(parts):
                continue
            # the facts convention drafts a fixed combination printed as its components ('sacubitril/valsartan') as
            # those components; the product itself, and the lexicon's identifiers for it, stay in front of the curator
            listed = product_entry(self.lex.label(parts[0]), self.lex.label(parts[1]))
            names = " and ".join(self.lex.label(p) for p in parts)
            self.flag(
                f"flag-combination-{slugify(printed)}",
                "kgv:AmbiguousWording",
                "info",
                [_curie(p) for p in parts],
                f"'{printed}' read as one combination product, drafted as its components {names}, each recommended, "
                "warned and dosed as the article says"
                + (f"; the drug lexicon lists the product as '{listed.name}'"
                   + (f" ({', '.join(listed.mappings)})" if listed.mappings else "")
                   if listed is not None else "")
                + "; check the product.",
            )
            self.note("article", 1, f"combination product '{printed}' drafted as its components {names}")

    @staticmethod
    def class_flag(entry) -> str:
        """What a curator needs to know of a drafted drug class: why it was read as one, and its members when the
        drug lexicon files any under it (never one member chosen for the class)."""
        members = class_members(entry)
        return ("; a drug class, not one drug" + (f" ({entry.class_reason})" if entry.class_reason else "")
                + (f"; members the drug lexicon files under it: {', '.join(members[:20])}"
                   + (f" and {len(members) - 20} more" if len(members) > 20 else "")
                   if members else "; the drug lexicon lists no members for it")
                + "; a recommendation of the class stands for the class, no member is chosen")

    def new_condition(self, phrase: str, st: StatementDraft, why: str) -> str:
        iri = str(COND) + slugify(phrase, 50)
        curie = _curie(iri)
        if not any(e.startswith(f"{curie} a kgv:Condition") for e in self.new_entities):
            self.new_entities.append(
                f"{curie} a kgv:Condition ; skos:prefLabel {_lit(phrase)} ;\n"
                + _icd_line(phrase)
                +
                f"    kgv:note {_lit(f'needs curation: drafted by kg import ({why}); match it to a known condition or move it to graph/entities/conditions.ttl')} ."
            )
            self.flag(
                f"flag-new-{slugify(phrase, 40)}",
                "kgv:NotStatedInSource",
                "warning",
                [curie],
                f"No known condition matched '{phrase}' ({why}); a new condition was drafted.",
            )
        return iri

    # ------------------------------------------------------------ references

    def reference_lines(self) -> tuple[list[str], list[str]]:
        entries, works = [], []
        for ref in self.a.references:
            work, with_year = self.lex.find_reference(ref.title, ref.source, ref.year)
            local = f"ref-{ref.position}"
            if work is not None:
                self.refs_matched += 1
                if not with_year:
                    self.flag(
                        f"flag-{local}-year",
                        "kgv:NotStatedInSource",
                        "warning",
                        [self.q(local)],
                        "The entry prints no year; it was matched to a known work by title and source only.",
                    )
            else:
                self.refs_new += 1
                work = self.new_work(ref)
                works.append(self.work_ttl(ref, work))
            if ref.year is None:
                self.note(f"References › {ref.position}", ref.line, "reference has no year", level="warning")
            lines = [
                f"{self.q(local)} a kgv:ReferenceEntry ; kgv:inArticle art:{self.slug} ; kgv:position {ref.position} ;",
                f"    kgv:typeAsPrinted {_lit(ref.ref_type)} ;",
                f"    kgv:titleAsPrinted {_lit(ref.title)} ;",
                f"    kgv:sourceAsPrinted {_lit(ref.source)} ;",
            ]
            if ref.year is not None:
                lines.append(f"    kgv:yearAsPrinted {ref.year} ;")
            lines.append(f"    kgv:refersTo {_curie(work)} .")
            entries.append("\n".join(lines))
        return entries, works

    def new_work(self, ref: ReferenceEntry) -> str:
        source = slugify(ref.source, 24) if ref.source.strip() else ""  # no source printed: no hash of nothing
        title = slugify(ref.title, 48)
        if title != slugify(ref.title, 10_000):
            # a title cut short names the work by its opening words only, and two works of one journal and year can
            # open alike ("<Society> 2020 guidelines for ..."): the whole title's words, hashed, keep them apart (the
            # same title printed in another case or punctuation keeps its IRI)
            words = " ".join(re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", ref.title).casefold()))
            title = f"{title}-{hashlib.sha256(words.encode('utf-8')).hexdigest()[:8]}"
        parts = [p for p in (source, str(ref.year) if ref.year else "no-year", title) if p]
        iri = str(REF) + "-".join(parts)
        return iri

    def work_ttl(self, ref: ReferenceEntry, iri: str) -> str:
        kind = REFERENCE_TYPES.get(ref.ref_type.strip().casefold())
        if kind is None:
            kind = "kgv:ResearchReference"
            self.flag(
                f"flag-ref-{ref.position}-type",
                "kgv:AmbiguousWording",
                "warning",
                [self.q(f"ref-{ref.position}")],
                f"Entry type '{ref.ref_type}' is neither Guideline nor Research; drafted as research.",
            )
        lines = [
            f"{_curie(iri)} a {kind} ;",
            f"    dcterms:title {_lit(ref.title)} ;",
            f"    kgv:sourceTitle {_lit(ref.source)}" + (" ;" if ref.year else " ."),
        ]
        if ref.year:
            lines.append(f'    dcterms:issued "{ref.year:04d}"^^xsd:gYear .')
        if ref.year is None:
            self.flag(
                f"flag-ref-{ref.position}-year",
                "kgv:NotStatedInSource",
                "warning",
                [self.q(f"ref-{ref.position}")],
                "The reference entry prints no year.",
            )
        return "\n".join(lines)

    # ------------------------------------------------------------ Turtle

    def emit(self) -> Draft:
        art = f"art:{self.slug}"
        ns = f"{ART}{self.slug}/"
        out: list[str] = [
            f"{DRAFT_HEADER} from {self.source_file}: review every 'needs curation' note and kgv:Flag,",
            "# write summaries in your own words, then move it to graph/articles/ and run `kg build`.",
        ]
        prefixes = [
            "kgv",
            "art",
            "cond",
            "ft",
            "th",
            "cls",
            "pop",
            "ref",
            "unit",
            "skos",
            "rdfs",
            "dcterms",
            "prov",
            "xsd",
            "qudt",
        ]
        out += [f"@prefix {p}: <{PREFIXES[p]}> ." for p in prefixes]
        out.append(f"@prefix {self.prefix}: <{ns}> .")
        out.append("")
        entries, works = self.reference_lines()
        out += [
            f"{art} a kgv:GuidelineArticle ;",
            f"    dcterms:title {_lit(self.a.title)} ;",
            f"    kgv:question {_lit(self.a.question)} ;",
            *self.date_lines(),
            f"    kgv:population {_curie(self.population)} ;",
            f"    kgv:aboutCondition {_curie(self.condition)} ;",
            f"    kgv:sourceFile {_lit(self.source_file)} .",
            "",
            "########## sections (heading as printed; the checksum locates it)",
            "",
        ]
        for heading, (local, pos) in self.sections.items():
            out.append(f"{self.q(local)} a kgv:Section ; kgv:inArticle {art} ; kgv:position {pos} ;")
            out.append(f"    kgv:heading {_lit(heading)} ;")
            out.append(f"    kgv:headingSha256 {_lit(text_checksum(heading))} .")
        out += ["", "########## statements (locator: section + item path; checksum of the text as printed)", ""]
        for st in self.statements:
            item = st.item
            lines = [
                f"{self.q(st.local)} a kgv:Statement ; kgv:inArticle {art} ; "
                f"kgv:inSection {self.q(st.section_local)} ; "
                f"kgv:itemPath {_lit(item.path)} ;",
                f"    kgv:sourceLine {item.line} ; kgv:textSha256 {_lit(item.checksum)} ;",
            ]
            markers = f"kgv:markersAsPrinted {_lit(item.markers_printed)}"
            if item.markers:
                markers += " ; kgv:hasMarker " + ", ".join(self.q(f"m-{m}") for m in dict.fromkeys(item.markers))
            lines.append(f"    {markers} ;")
            lines.append(f"    kgv:role {st.role}" + (" ;" if st.needs or self.keep_text else " ."))
            if st.needs:
                lines.append(
                    f"    kgv:note {_lit('needs curation: ' + '; '.join(st.needs))}"
                    + (" ;" if self.keep_text else " .")
                )
            if self.keep_text:
                lines.append(f"    kgv:sourceText {_lit(item.text)} .")
            out.append("\n".join(lines))
        out += ["", "########## citation markers as printed", ""]
        for label in self.markers_resolved + self.markers_dangling:
            line = f"{self.q(f'm-{label}')} a kgv:CitationMarker ; kgv:inArticle {art} ; kgv:markerLabel {_lit(label)}"
            out.append(line + (" ;\n    kgv:flaggedUnresolved true ." if label in self.markers_dangling else " ."))
        out += ["", "########## reference list as printed; each entry refers to a cited work", ""]
        out += entries
        if works:
            out += [
                "",
                "# New cited works: not found in the graph (by title, source and year). Move them to",
                "# graph/entities/references.ttl once checked.",
                "",
            ]
            out += works
        out += ["", "########## recommendations (drafted: check stage, strength, rank and qualifiers)", ""]
        ranks: dict[str, int] = {}
        for rec in self.recs.values():
            ranks[rec.stage] = ranks.get(rec.stage, 0) + 1
            lines = [
                f"{self.q(rec.local)} a kgv:Recommendation ; kgv:inArticle {art} ;",
                f"    kgv:forCondition {_curie(self.condition)} ; kgv:population {_curie(self.population)} ;",
                f"    kgv:therapy {_curie(rec.therapy)} ; kgv:stage {_curie(rec.stage)} ; "
                f"kgv:rank {ranks[rec.stage]} ; "
                f"kgv:strength {_curie(rec.strength)} ;",
            ]
            if rec.features:
                lines.append(
                    "    kgv:appliesWhenAny " + ", ".join(_curie(f) for f in dict.fromkeys(rec.features)) + " ;"
                )
            if rec.doses:
                lines.append("    kgv:dose " + ", ".join(self.q(d) for d in rec.doses) + " ;")
            if rec.duration is not None and rec.duration[2] in TIME_UNITS:
                lo, hi, unit = rec.duration
                parts = (
                    ([f"kgv:durationMin {_num(lo)}"] if lo is not None else [])
                    + ([f"kgv:durationMax {_num(hi)}"] if hi is not None else [])
                    + [f"kgv:durationUnit {TIME_UNITS[unit]}"]
                )
                lines.append("    " + " ; ".join(parts) + " ;")
            if rec.stage_guessed:
                lines.append(f"    kgv:note {_lit('needs curation: ' + rec.stage_guessed)} ;")
            lines.append(
                "    prov:wasDerivedFrom " + ", ".join(self.q(s) for s in dict.fromkeys(rec.statements)) + " ."
            )
            out.append("\n".join(lines))
            if rec.stage_guessed:
                self.flag(
                    f"flag-{rec.local}-stage",
                    "kgv:AmbiguousWording",
                    "info",
                    [self.q(rec.local)],
                    rec.stage_guessed[0].upper() + rec.stage_guessed[1:] + ".",
                )
        out += ["", "########## dose schedules", ""]
        for dd in self.doses:
            out.append(self.dose_ttl(dd))
        if self.adjustments:
            out += ["", "########## where a feature moves a dose within its range", ""] + self.adjustments
        if self.cautions:
            out += ["", "########## cautions", ""] + self.cautions
        if self.monitors:
            out += ["", "########## monitoring", ""] + self.monitors
        self.draft_lexicon_therapies()
        if self.new_entities:
            out += [
                "",
                "########## new entities (drafted; move to graph/entities once checked)",
                "",
            ] + self.new_entities
        if self.flags:
            out += ["", "########## what does not add up or was not stated, recorded as found", ""]
            for local, kind, level, about, message in self.flags:
                out.append(
                    f"{self.q(local)} a kgv:Flag ; kgv:inArticle {art} ; kgv:flagKind {kind} ; "
                    f"kgv:level {_lit(level)} ;\n"
                    f"    kgv:about {', '.join(about)} ;\n    kgv:message {_lit(message)} ."
                )
        # The fragments above state the triples; they are parsed (a malformed term fails here) and written
        # deterministically, grouped by kind, in rdflib's longturtle layout (kg/importer/turtle_out.py).
        ttl = write_draft("\n".join(out) + "\n", {self.prefix: ns}, out[:2])
        return Draft(
            self.slug,
            self.prefix,
            ttl,
            self.statements,
            self.doses,
            list(self.recs.values()),
            self.markers_resolved,
            self.markers_dangling,
            self.refs_matched,
            self.refs_new,
            self.notes,
            len(self.cautions),
            len(self.monitors),
            self.caution_facts,
            self.monitoring_facts,
            self.combination_cautions,
        )

    def dose_ttl(self, dd: DoseDraft) -> str:
        d = dd.dose
        cls = "kgv:DoseCeiling" if d.ceiling else "kgv:DoseSchedule"
        parts: list[str] = []
        notes: list[str] = []
        if d.amount_not_stated:
            parts.append("kgv:amountNotStated true")
        else:
            if d.amount_min is not None:
                parts.append(f"kgv:amountMin {_num(d.amount_min)}")
            if d.amount_max is not None:
                parts.append(f"kgv:amountMax {_num(d.amount_max)}")
            else:
                notes.append(f"at least {_num(d.amount_min)} {d.unit}; no upper amount stated")
            parts += [
                f"kgv:amountUnit {UNITS[d.unit]}",
                f"kgv:basis {BASES[d.basis]}",
                f"kgv:per {PERIODS[d.per]}",
            ]
        parts.append(f"kgv:route {self.route_term(d.route)}")
        if dd.preferred_route:
            parts.append(f"kgv:preferredRoute {self.route_term(dd.preferred_route)}")
        if d.times_per_day is not None:
            parts.append(f"kgv:timesPerDay {d.times_per_day}")
        if d.times_range is not None:
            notes.append(f"{d.times_range[0]} to {d.times_range[1]} times a day")
        if d.times_per_week is not None:
            notes.append(f"{d.times_per_week} times a week")
        if d.doses is not None:
            parts += [f"kgv:dosesMin {d.doses[0]}", f"kgv:dosesMax {d.doses[1]}"]
        if d.interval is not None and (d.interval[1] not in TIME_UNITS or d.interval_max is not None):
            high = f"-{_num(d.interval_max)}" if d.interval_max is not None else ""
            notes.append(f"every {_num(d.interval[0])}{high} {d.interval[1]}(s)")
        elif d.interval is not None:
            parts += [f"kgv:intervalValue {_num(d.interval[0])}", f"kgv:intervalUnit {TIME_UNITS[d.interval[1]]}"]
        bands: list[tuple[str, BandBounds]] = []
        if d.band:
            notes.append(f"for patients in the band {d.band}")
            # the band's measure and printed bounds, for a query to select the dose by the patient's weight, age or
            # renal function; a band whose bounds cannot be read without guessing stays the note alone
            parts_read = [band_bounds(part) for part in d.band.split(", ")]
            if all(b is not None for b in parts_read):
                for n, bounds in enumerate(parts_read, 1):
                    local = f"{dd.local}-band" + (f"-{n}" if len(parts_read) > 1 else "")
                    bands.append((local, bounds))
                    parts.append(f"kgv:forBand {self.q(local)}")
        if d.timing:
            notes.append(f"given {d.timing}")
        if d.step_span:
            notes.append(f"stepped {d.step_span} (not the course)")
        if d.infusion is not None:
            lo, hi, unit = d.infusion
            notes.append(f"each given over {_num(lo)}{'-' + _num(hi) if hi != lo else ''} {unit}(s)")
        if d.duration is not None and d.duration[2] in TIME_UNITS:
            lo, hi, unit = d.duration
            if lo is not None:
                parts.append(f"kgv:durationMin {_num(lo)}")
            if hi is not None:
                parts.append(f"kgv:durationMax {_num(hi)}")
            parts.append(f"kgv:durationUnit {TIME_UNITS[unit]}")
        if d.maximum is not None:
            amount, unit, per = d.maximum
            parts += [f"kgv:maxAmount {_num(amount)}", f"kgv:maxUnit {UNITS[unit]}", f"kgv:maxPer {PERIODS[per]}"]
            if d.maximum_basis not in (None, "flat"):
                # 'max 20 mg/kg/day': the maximum scales with the patient as the amount does (kgv:maxBasis)
                parts.append(f"kgv:maxBasis {BASES[d.maximum_basis]}")
        else:
            parts.append("kgv:noMaximumStated true")
        if d.concentration is not None:
            parts.append(f"kgv:concentrationPercent {_num(d.concentration)}")
        if d.descriptor:
            parts.append(f"kgv:doseDescriptor {_lit(d.descriptor)}")
        if d.initial:
            parts.append("kgv:initialOnly true")
        if notes:
            parts.append(f"kgv:scheduleNote {_lit('; '.join(notes))}")
        parts.append(f"prov:wasDerivedFrom {self.q(dd.statement)}")
        lines, current = [], ""
        for part in parts:
            if current and len(current) + len(part) + 3 > 110:
                lines.append(current + " ;")
                current = part
            else:
                current = f"{current} ; {part}" if current else part
        lines.append(current + " .")
        out = f"{self.q(dd.local)} a {cls} ;\n    " + "\n    ".join(lines)
        for local, b in bands:
            said = [f"kgv:bandMeasure kgv:{b.measure}"]
            if b.low is not None:
                said += [f"kgv:bandLow {_num(b.low)}", f"kgv:bandLowInclusive {'true' if b.low_inclusive else 'false'}"]
            if b.high is not None:
                said += [f"kgv:bandHigh {_num(b.high)}",
                         f"kgv:bandHighInclusive {'true' if b.high_inclusive else 'false'}"]
            if b.unit is not None:
                said.append(f"kgv:bandUnit {_lit(b.unit)}")
            out += f"\n{self.q(local)} a kgv:PatientBand ;\n    " + " ;\n    ".join(said) + " ."
        return out
