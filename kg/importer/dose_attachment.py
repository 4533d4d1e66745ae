"""Attaching each parsed dose to its drug: combination products, strengths, schedules and frequencies.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from kg.sources.reader import Item
from kg.vocab.curie import local_name
from kg.vocab.namespaces import PREFIXES

from . import ImporterError
from .context import Clause, circumstance_spans, clause_at
from .dose_grammar import Dose, caption_course, parse_statement
from .draft_cues import (
    _LIST_JOIN,
    _PRODUCT_JOIN,
    _carrier_routes,
    _condition_spans,
    _drop_comparators,
    _in_compound,
    _not_modifiers,
    _opening_circumstance_end,
    _patient_medicine,
    _subject_drugs,
    _with_route,
)
from .draft_model import _MASSES, UNITS, DoseDraft, RecommendationDraft, StatementDraft, slugify
from .recognise import Mention, is_preference

# What a product holds ("One four-drug tablet holds isoniazid 75 mg, ...", "each capsule contains 250 mg", "Each tablet:
# isoniazid 75 mg"): the amounts after these words, up to the end of the sentence, are strengths, not doses to give.
_PRODUCT = (r"(?:tablets?|capsules?|caplets?|sachets?|vials?|ampoules?|pills?|products?|preparations?|formulations?|"
            r"fdcs?|combinations?|suppositor(?:y|ies)|patch(?:es)?|pens?|inhalers?|pessar(?:y|ies)|lozenges?)")
_COMPOSITION_VERB = re.compile(
    r"\b" + _PRODUCT + r"\b[^.;:]{0,40}?\b(?:contains?|containing|holds?|holding|comprises?|comprising|consists? of|"
    r"consisting of|(?:is|are) made (?:up )?of)\b|\beach " + _PRODUCT + r"\s*(?::|\()", re.IGNORECASE)
# a caption or lead-in saying its rows list what a product holds ("content per tablet", "Composition of the FDC tablets",
# "strengths available:")
_COMPOSITION_CAPTION = re.compile(
    r"\b(?:contents?|composition|strengths?) (?:per|of (?:each|one|the))\b|\b(?:per|each) (?:tablet|capsule|sachet)\b(?!s)|"
    r"\bcomposition\b|\bstrengths? (?:available|supplied)\b|\b(?:available|supplied) (?:as|in)\b|"
    + _COMPOSITION_VERB.pattern, re.IGNORECASE)
_SENTENCE_STOP = re.compile(r"[.;](?:\s|$)")


_STRENGTH = r"(\d+(?:\.\d+)?\s*%|1\s*(?::|in)\s*[\d,]+)"
_STRENGTH_AFTER = re.compile(rf"\s*(?:of\s+(?:the\s+)?(?:[A-Za-z-]+\s+){{0,2}}?){_STRENGTH}", re.IGNORECASE)
_STRENGTH_BEFORE = re.compile(rf"{_STRENGTH}(?:\s+[A-Za-z-]+){{0,3}}[\s,:]*$", re.IGNORECASE)


def _volume_strength(text: str, dose: Dose) -> str | None:
    """The strength a volume is given of: '2 mL/kg of 10% glucose' -> '10%', 'glucose 10% 2 mL/kg' -> '10%',
    '0.5 mL of 1:1000 adrenaline' -> '1:1000'; None when the clause states none."""
    after = _STRENGTH_AFTER.match(text, dose.span[1])
    if after:
        return re.sub(r"\s+", " ", after.group(1))
    before = _STRENGTH_BEFORE.search(text[max(0, dose.span[0] - 40) : dose.span[0]])
    return re.sub(r"\s+", " ", before.group(1)) if before else None


# the words between a recommended drug and its conditioned alternative: " or, if not tolerated, ",
# "; if colchicine fails, use " (the alternative is recommended too, at its condition's stage)
_CONDITIONED_NEXT = re.compile(
    r"\s*(?:[,;]\s*)?(?:(?:or|otherwise|alternatively)\b\s*,?\s*)?(?:if|when|where|should|in case)\b[^.;]*?,\s*"
    r"(?:(?:then\s+)?(?:use|give|offer|start|try|consider|switch to|add|prescribe)\s+)?(?:(?:an?|the)\s+)?",
    re.I,
)
_STRONG_BREAK = re.compile(r";|\.\s")
# "X as first-line treatment, or Y", "X for adults and Y": the first drug's own phrase, then the next drug
_QUALIFIED_JOIN = re.compile(
    r"\s+(?:as|for|in|to|with|at)\b[^.;:()]*?,?\s+(?:or|and|and/or)\s+(?:(?:an?|the)\s+)?", re.I
)
# a clause that opens as the other option: "...; otherwise give X", ", or Y if ...", "Alternatively, Y"
_OPENS_ALTERNATIVE = re.compile(r"\W*(?:or|otherwise|alternatively|else)\b", re.I)
# the condition a later drug of a list carries ("or Y if the person is pregnant"); "if needed" is no condition
_OWN_CONDITION = re.compile(
    r"\b(?:if|when|where|in case)\b(?!\s+(?:needed|required|necessary|appropriate|possible|available|desired|"
    r"clinically indicated|indicated)\b)[^.;]*",
    re.I,
)
# what may stand between a class and the drugs it stands for: its abbreviation, then a bracket, a dash or a colon
_SPELLED_OUT = re.compile(r"\s*(?:\([A-Z][A-Za-z0-9-]{1,9}s?\)\s*)?(?:\(|[-–—]\s|:)\s*(?:either\s+)?")
# the noun a class word describes when it stands before one ("antibiotic dose", "analgesic ladder", "opioid use")
_KIND_OF = re.compile(r"[ \t]+(doses?|treatment|therapy|course|courses|choice|choices|prescribing|prescriptions?|policy|"
                      r"stewardship|resistance|ladder|plan|review|allergy|allergies|history|use|exposure|guidance|"
                      r"options?|selection|duration|timing)\b", re.I)


def _spelled_out(text: str, m: Mention, named: list[Mention], is_class) -> bool:
    """A class followed by the single drugs it stands for here ("a DOAC (apixaban, dabigatran or rivaroxaban)", "a
    direct-acting oral anticoagulant (DOAC) - apixaban or rivaroxaban -"): those drugs are what is offered. An example
    ("a macrolide such as clarithromycin") names the class, not the choice, and is not this."""
    # (the class's own abbreviation after its long form, "direct-acting oral anticoagulant (DOAC)", is not a member)
    after = [n for n in named if n.start >= m.end and n.iri != m.iri]
    if not after or is_class(after[0].iri):
        return False
    end = m.end
    if text[: m.start].rstrip().endswith("(") and text[m.end :].lstrip().startswith(")"):
        # the abbreviation itself, in brackets after the long form ("... anticoagulant (DOAC) - apixaban, ..."): it
        # stands for the same drugs, read from after its bracket
        end = text.index(")", m.end) + 1
    return _SPELLED_OUT.fullmatch(text[end : after[0].start]) is not None


def _bare_amount(dose: Dose) -> bool:
    """An amount stated with nothing that times it: no period, frequency, interval, course, count or schedule of
    days, and not an upper or lower bound only ('up to 4 g' may be a day's ceiling) or a product's strength. An amount
    per kg or per m2 with no route either ('Azathioprine at 2 mg/kg ideal body weight', 'Mycophenolate 500-1000
    mg/m2') is a maintenance amount printed without its period as often as one administration: it stays not
    stated (flagged), as the curated reading of the seed articles has it."""
    return (not dose.amount_not_stated and (dose.basis in (None, "flat") or dose.route is not None) and dose.per is None and not dose.ceiling and not dose.at_least
            and dose.times_per_day is None and dose.times_range is None and dose.times_per_week is None
            and dose.interval is None and dose.duration is None and dose.doses is None and dose.timing is None
            and not (dose.strength or dose.level or dose.rate or dose.titration or dose.threshold))


# "8 mg/kg/day with sulfamethoxazole 40 mg/kg/day orally twice daily", "90 mg/kg/day of amoxicillin and 6.4 mg/kg/day
# of clavulanate PO BID": two amounts joined by 'with'/'and' where only a drug name stands between them are the
# components of one administration, so what follows the last (period, frequency, course, route) is said of both.
# Words that make 'with ...' a circumstance rather than a second drug are excluded.
_WITH_COMPONENT = re.compile(
    r"(?:of\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?\s+(?:and|with|plus|\+)"
    r"|(?:together\s+|combined\s+)?with\s+(?!(?:food|meals?|milk|water|a|an|the|or|and|then|each|every)\b)"
    r"[a-z][\w-]*(?:\s+(?!(?:and|or|then|for|daily|once|twice)\b)[a-z][\w-]*)?)"
)
# the unit the dose grammar gives one amount per component of a combination ('500/125 mg')
_PARTS_UNIT = re.compile(r"(?P<u>\w+) of each part of a combination \((?P<a>\d+(?:\.\d+)?)/(?P<b>\d+(?:\.\d+)?) \w+\)")


class DoseAttachment:
    """Attaching a parsed dose to its drug: products, strengths, schedules, frequencies.

    A mixin of kg.importer.draft's builder: it reads and writes the builder's state through self.
    """

    def composition(self, st: StatementDraft, text: str, doses: list[Dose]) -> list[Dose]:
        """What a product holds is its strength, never a dose to give: the amounts after "one tablet holds", "each
        capsule contains", "Each tablet:" in the same sentence, and every amount of a table or list whose caption or
        lead-in says it lists contents ("content per tablet", "Fixed-dose combinations: composition")."""
        from dataclasses import replace as _replace

        context = [p.item.text for p in self.parents(st.item) if self.is_lead_in(p)]
        caption = self.caption_of(st)
        if caption is not None:
            context.append(caption.item.text)
        if any(_COMPOSITION_CAPTION.search(t) for t in context):
            return [_replace(d, strength=True) if not d.amount_not_stated else d for d in doses]
        regions = []
        for m in _COMPOSITION_VERB.finditer(text):
            stop = _SENTENCE_STOP.search(text, m.end())
            regions.append((m.end(), stop.start() if stop else len(text)))
        if not regions:
            return doses
        return [_replace(d, strength=True) if not d.amount_not_stated and any(a <= d.span[0] < b for a, b in regions)
                else d for d in doses]

    def offered(self, text: str, wording: str, therapies: list[Mention], own: bool, cl: list[Clause],
                st: StatementDraft | None = None) -> list[Mention]:
        """The drugs a statement without a drafted dose recommends: the first one named, every one listed with it
        ("midazolam or propofol", "A, B and C", "X as first-line treatment, or Y if ..."), and the drug of another
        clause that carries recommending words of its own ("If X is not tolerated, give Y; otherwise give X") or
        opens with "or"/"otherwise". A drug named in passing ("in people taking X") is none of these."""
        if own and len(therapies) > 1:
            # "In patients taking digoxin, give calcium slowly", "Patients allergic to penicillin should receive
            # clarithromycin": a drug that only describes the patients (their medicine, their allergy) is not offered
            # (not the role phrase "as an alternative": "Use X first-line and Y as an alternative" offers Y)
            spans = [(a, b) for a, b in circumstance_spans(text) if not text[a : a + 3].casefold().startswith("as ")]
            outside = [m for m in therapies if not any(a <= m.start < b for a, b in spans)]
            if outside and len(outside) < len(therapies):
                therapies = outside
        if own and therapies and all(_patient_medicine(text, m, self.lex) for m in therapies):
            # "Consider the diagnosis in patients taking lithium", "Check the INR in people already on warfarin": every
            # drug named describes the patients (what they already take), so the sentence offers none
            if st is not None:
                names = ", ".join(dict.fromkeys(m.name for m in therapies))
                st.needs.append(f"{names} named only as what the patients already take: no recommendation drafted")
            return []
        if own and len(therapies) > 1 and (end := _opening_circumstance_end(text)) is not None:
            # "If the previous treatment was amoxicillin, use doxycycline", "Unlike aspirin, clopidogrel can be used":
            # a drug named only in the opening circumstance describes the patient or the comparison; the main clause
            # after its comma names the drug offered
            after = [m for m in therapies if m.start > end]
            if after and len(after) < len(therapies):
                therapies = after
        listed = [therapies[0]]
        if not own:
            return listed
        for k, m in enumerate(therapies[1:], 1):
            prev = listed[-1]
            gap = text[prev.end : m.start]
            if _LIST_JOIN.fullmatch(gap) or _CONDITIONED_NEXT.fullmatch(gap) or (
                therapies[k - 1] is prev and _QUALIFIED_JOIN.fullmatch(gap)
            ):
                listed.append(m)
                continue
            c = clause_at(cl, m.start)
            if c is None or c.negative or c == clause_at(cl, prev.start):
                continue
            words = wording[c.start : c.end]
            if self.lex.strength(words) or self.lex.stage(words) or _OPENS_ALTERNATIVE.match(text, c.start):
                listed.append(m)
        return listed

    def own_clause_text(self, therapy: str, text: str) -> str:
        """The statement as the therapy's stage is read from it: when its sentences or ";" parts name different drugs
        ("X is the drug of choice; Y is an alternative", "First choice: X. Second choice: Y"), the parts naming only
        other drugs are blanked, so one drug's stage wording is not another's."""
        mentions = _not_modifiers(text, self.lex.therapies(text))
        if len({m.iri for m in mentions}) < 2:
            return text
        # sentences and ";" parts only: a weaker break ("use X instead of Y") keeps its words with X
        bounds = [0, *(m.start() for m in _STRONG_BREAK.finditer(text)), len(text)]
        if len(bounds) < 3:
            return text
        out = text
        for a, b in zip(bounds, bounds[1:], strict=False):
            named = {m.iri for m in mentions if a <= m.start < b}
            if named and therapy not in named:
                out = out[:a] + " " * (b - a) + out[b:]
        return out

    def own_segment_stage(self, st: StatementDraft, therapy: str, text: str) -> tuple[str, str] | None:
        """The stage a later drug of a list takes from its own words ("X as first-line treatment or Y as an
        alternative"; "X as first-line treatment, or Y if the person is pregnant" makes Y the alternative, the
        condition being where X is not given). None when its own words name no stage."""
        named = self.lex.therapies(text)
        mentions = [m for m in named if not _in_compound(text, m, named)]
        k = next((i for i, m in enumerate(mentions) if m.iri == therapy), None)
        if not k or mentions[0].iri == therapy:
            return None
        prev, m = mentions[k - 1], mentions[k]
        gap = text[prev.end : m.start]
        if not (_LIST_JOIN.fullmatch(gap) or _QUALIFIED_JOIN.fullmatch(gap)):
            return None
        end = mentions[k + 1].start if k + 1 < len(mentions) else len(text)
        segment = text[m.end : end]
        stage = self.lex.stage(segment)
        if stage:
            return stage, ""
        condition = _OWN_CONDITION.search(segment)
        alternative = self._stage_named("Alternative")
        if condition and alternative and re.search(r"\bor\b", gap, re.I) and (self.lex.stage(gap) or is_preference(gap)):
            why = (f"{m.name} is offered instead of {prev.name} under its own condition ('{condition.group(0).strip()}'): "
                   "drafted as an alternative; add the condition as a qualifier by hand")
            if why not in st.needs:
                st.needs.append(why)
            return alternative, why
        return None

    def without_topic_classes(self, st: StatementDraft, therapies: list[Mention], own: bool) -> list[Mention]:
        """The therapies a statement with no dose recommends, less the drug classes it names only as a topic.

        A class is the category of the drugs around it, not a drug recommended on its own, when it is carried from
        the heading or lead-in ("Bronchodilators" over "run the nebuliser on air"), when it names the section
        ("Give an antibiotic only when ..." under "Antibiotics", whose drugs are listed below), or when the same
        paragraph gives doses of single drugs ("step up bronchodilators. Give salbutamol 5 mg ..."). A class
        recommended in a section of its own ("Offer an ACE inhibitor and a beta-blocker") is kept."""
        heading_classes = {m.iri for m in self.lex.therapies(st.item.heading) if self.is_class(m.iri)}
        dosed_nearby = self._paragraph_doses_a_drug(st) or self._list_below_doses_other_drugs(st)
        named = self.lex.therapies(st.item.text)
        kept = []
        for m in therapies:
            kind_of = _KIND_OF.match(st.item.text, m.end) if self.is_class(m.iri) else None
            if kind_of is not None:
                # "Give the first antibiotic dose within 1 hour", "Step up the analgesic ladder", "antibiotic choice":
                # the class word says what kind of dose, ladder or choice is meant; it is not a drug offered itself
                st.needs.append(f"'{m.name}' names the kind of {kind_of.group(1)} meant, not a drug recommended on its "
                                "own: not drafted")
                continue
            if m.iri in self.umbrella_iris:
                # "Offer an antibiotic", "an antiemetic may help": a word for any drug of a broad kind (graph/vocab's
                # kgv:UmbrellaTerm) names nothing a curator can act on; never a class recommendation
                st.needs.append(f"'{m.name}' is an umbrella word for any drug of its kind, not a "
                                "drug or class to recommend: no recommendation drafted; needs a curator's eye")
                continue
            if self.is_class(m.iri) and (not own or m.iri in heading_classes or dosed_nearby
                                         or _spelled_out(st.item.text, m, named, self.is_class)):
                st.needs.append(
                    f"'{m.name}' is a drug class named as the topic of the drugs around it, not recommended on its "
                    "own: not drafted"
                )
                continue
            kept.append(m)
        return kept

    def _sentence_before_product(self, st: StatementDraft, unit: str) -> tuple[str, str, str | None] | None:
        """(IRI, name, route of its dose there) of the one drug or fluid the sentence just before `st`, in the same paragraph, names and
        doses in `unit` ("0.9% sodium chloride 20 mL/kg IV bolus. ... give further 10 mL/kg boluses"); None when
        there is no such sentence, it names more than one, or it gives no amount in that unit."""
        paragraph, _, sentence = st.item.path.partition(".s")
        if not sentence.isdigit() or int(sentence) < 2:
            return None
        before = f"{paragraph}.s{int(sentence) - 1}"
        other = next((o for o in self.statements if o.section_local == st.section_local and o.item.path == before),
                     None)
        if other is None:
            return None
        named = {m.iri: m.name for m in self.lex.therapies(other.item.text) if not self.is_class(m.iri)}
        if len(named) != 1:
            return None
        try:
            doses = parse_statement(other.item.text, other.item.line)
        except ImporterError:
            return None
        same = [d for d in doses if d.unit == unit and not d.amount_not_stated and not (d.strength or d.rate or d.level or d.threshold or d.rounding)]
        if not same:
            return None
        routes = {d.route for d in same}
        iri, name = next(iter(named.items()))
        return iri, name, routes.pop() if len(routes) == 1 else None

    def _list_below_doses_other_drugs(self, st: StatementDraft) -> bool:
        """Whether st is a paragraph over a list or table of the same section whose items dose single drugs st does
        not name ("A beta-blocker or diltiazem is the usual first drug" over rows for bisoprolol, metoprolol and
        diltiazem): the class is what the list spells out. A class offered in a list item of its own ("1. Offer an
        ACE inhibitor and a beta-blocker" beside "2. Ramipril: ...") is one of the items, and is kept."""
        if st.item.kind not in ("paragraph", "sentence") or st.item.line in self.a.table_rows:
            return False
        mine = {m.iri for m in self.lex.therapies(st.item.text)}
        at = self._order.get(st.local)
        if at is None:
            return False
        for other in self.statements[at + 1:]:
            if other.section_local != st.section_local:
                break
            if other.item.kind != "bullet" and other.item.line not in self.a.table_rows:
                continue
            drugs = {m.iri for m in self.lex.therapies(other.item.text) if not self.is_class(m.iri)}
            if len(drugs) == 1 and not drugs & mine and self._bare_dose(other.item.text):
                return True
        return False

    def _paragraph_doses_a_drug(self, st: StatementDraft) -> bool:
        """Whether a sentence of the same paragraph gives an amount of a single drug (not a class)."""
        if getattr(self, "_paragraphs", None) is None:
            # (section, paragraph path) -> its statements in page order, built once instead of a scan of the page a call
            self._paragraphs: dict[tuple[str, str], list[StatementDraft]] = {}
            for other in self.statements:
                key = (other.section_local, other.item.path.split(".s", 1)[0])
                self._paragraphs.setdefault(key, []).append(other)
        for other in self._paragraphs.get((st.section_local, st.item.path.split(".s", 1)[0]), []):
            if other is st:
                continue
            if any(not self.is_class(m.iri) for m in self.lex.therapies(other.item.text)) and self._bare_dose(
                other.item.text
            ):
                return True
        return False

    def component_amounts(self, st: StatementDraft, doses: list[Dose], therapies: list[Mention], own: bool
                          ) -> list[Dose]:
        """'amoxicillin/clavulanate 875/125 mg', 'co-amoxiclav 500/125 mg': one amount per component of a
        combination, with one unit. Printed after the components' names (joined by a slash or a tight hyphen), each
        component gets its own amount, on the same schedule (the facts convention). Printed after a product's own name
        (no component named), the product's dose is its first amount, as the facts read it, and the rest is noted for
        the curator; printed anywhere else it stays unheld and reported."""
        from dataclasses import replace as _replace

        text = st.item.text
        out: list[Dose] = []
        for d in doses:
            m = _PARTS_UNIT.fullmatch(d.unit or "") if not d.amount_not_stated and own else None
            before = [t for t in therapies if t.end <= d.span[0]] if m else []
            if not before or text[before[-1].end : d.span[0]].strip():
                out.append(d)
                continue
            phrase = text[d.span[0] : d.span[1]]
            cut = d.span[0] + phrase.index("/")
            first = _replace(d, amount_min=Decimal(m.group("a")), amount_max=Decimal(m.group("a")), unit=m.group("u"),
                             span=(d.span[0], cut))
            pair = before[-2:] if len(before) >= 2 and _PRODUCT_JOIN.fullmatch(text[before[-2].end : before[-1].start]) \
                else None
            if pair is not None and pair[0].iri != pair[1].iri:
                second = _replace(first, amount_min=Decimal(m.group("b")), amount_max=Decimal(m.group("b")),
                                  span=(cut + 1, d.span[1]))
                st.needs.append(f"'{phrase}': one amount per component of {text[pair[0].start : pair[1].end]}, each "
                                "drafted on its component")
                out += [first, second]
            else:
                st.needs.append(f"'{phrase}': the amounts of the components of {before[-1].name}, a product with a name "
                                f"of its own; its dose drafted with the first amount ({m.group('a')} {m.group('u')}), "
                                f"the other ({m.group('b')} {m.group('u')}) not drafted: needs a curator's eye")
                out.append(first)
        return out

    def unheld(self, st: StatementDraft, dose: Dose) -> bool:
        """A dose that is not drafted, with the reason in the statement's notes: a course total of doses already
        read, or an amount (or maximum) in a unit a kgv:DoseSchedule cannot hold (units, mmol, mL, puffs)."""
        if dose.amount_not_stated:
            return False
        phrase = st.item.text[dose.span[0] : dose.span[1]]
        if dose.total:
            st.needs.append(f"'{phrase}' read as the total of the doses before it, not another dose: not drafted")
            return True
        if dose.unit not in UNITS:
            what = "a count of the product" if dose.count_of_product else f"{dose.unit}"
            st.needs.append(
                f"'{phrase}' is an amount in {what}, which the vocabulary has no unit for: not drafted as a dose; "
                "enter it by hand"
            )
            return True
        if dose.maximum is not None and dose.maximum[1] not in UNITS:
            st.needs.append(
                f"the maximum of '{phrase}' is in {dose.maximum[1]}, which kgv:maxUnit cannot hold: the dose is not "
                "drafted; enter it by hand"
            )
            return True
        return False

    def volume_of_strength(self, st: StatementDraft, dose: Dose) -> Dose:
        """A volume given of a stated strength ("glucose 10% 2 mL/kg", "0.5 mL of 1:1000 adrenaline") is drafted
        as a volume dose with its strength kept (kgv:concentrationPercent for a percentage) and a note: the mass
        follows from the strength only if it is w/v, which is the curator's to say, so no mass is computed."""
        if dose.unit != "mL" or dose.amount_not_stated:
            return dose
        strength = _volume_strength(st.item.text, dose)
        if strength is None:
            return dose
        phrase = st.item.text[dose.span[0] : dose.span[1]]
        st.needs.append(f"'{phrase}' is a volume of a stated strength ({strength}): drafted as a volume in mL with its "
                        "strength kept; the mass it holds is not computed")
        percent = re.fullmatch(r"(\d+(?:\.\d+)?)\s*%", strength.strip())
        if percent and dose.concentration is None:
            from dataclasses import replace as _replace

            return _replace(dose, concentration=Decimal(percent.group(1)))
        return dose

    def caption_of(self, st: StatementDraft) -> StatementDraft | None:
        """The caption of a list or table with no lead-in ending in ':' above it: the statement just before the
        run of top-level bullets or table rows that `st` belongs to, in the same section ('Give oral X twice
        daily for 3 days.' over '- 5 to 14 kg: 20 mg' bullets; 'Children (weight-based, oral)' over a table)."""
        item = st.item
        if not self._in_run(item) or self.parents(item):
            return None
        at = self._order.get(st.local)
        if at is None:
            return None
        run = self._in_run(item)
        table = self.table_of(item)
        k = at - 1
        while k >= 0 and self.statements[k].item.heading == item.heading and self._in_run(self.statements[k].item) == run:
            if run == "row" and self.table_of(self.statements[k].item) != table:
                # the row above belongs to another table printed straight before this one: a caption's reach ends
                # with its own table ('Intravenous regimen for gentamicin' says nothing of the next table's rows)
                return None
            k -= 1
        if k < 0 or self.statements[k].item.heading != item.heading:
            return None
        caption = self.statements[k]
        if caption.item.kind == "bullet" and (run == "bullet" or "." in caption.item.path):
            # a nested bullet before a list is a point of the list above, not a caption; a top-level bullet
            # captions only the table under it ('- Dosing: oral X twice daily for 3 days' over the rows)
            return None
        return caption

    def printed_as_product(self, st: StatementDraft, first: Mention, second: Mention) -> bool:
        """Whether the heading, a lead-in or the caption over st prints the two drugs as one combination product
        ('Piperacillin-tazobactam', 'sacubitril/valsartan'): the names joined by a hyphen or a slash only."""
        caption = self.caption_of(st)
        carriers = [st.item.heading, *(p.item.text for p in self.parents(st.item)),
                    *([caption.item.text] if caption is not None else [])]
        joined = re.compile(re.escape(first.name) + r"\s*[-/\u2010\u2011]\s*" + re.escape(second.name), re.I)
        return any(joined.search(text or "") for text in carriers)

    def caption_drug(self, st: StatementDraft) -> Mention | None:
        """The one drug the caption of st's list names, leaving aside a drug it names as a circumstance
        ('Penicillin allergy: clarithromycin'); None when it names none, several, or doses a drug itself."""
        caption = self.caption_of(st)
        if caption is None or not self._bare_dose(st.item.text):
            return None
        text = caption.item.text
        try:
            if any(not d.amount_not_stated for d in parse_statement(text, caption.item.line)):
                return None
        except ImporterError:
            return None
        # a circumstance ends at the caption's colon: 'Penicillin allergy: clarithromycin' names the drug after it
        spans = [(a, text.find(":", a, b) if ":" in text[a:b] else b) for a, b in circumstance_spans(text)]
        spans += _condition_spans(text)
        # 'An alternative to methotrexate, and the preferred choice ...' over '- 1-2.5 mg/kg a day' under
        # 'Azathioprine': a drug named only as the comparator is never the drug the list under the caption doses
        named = _drop_comparators(text, _not_modifiers(text, self.lex.therapies(text)))
        # 'Alternative if buccal midazolam is not available: rectal diazepam', 'If lorazepam cannot be given, use
        # phenobarbital': the drug in the condition is why, the drug outside it is what the list under it doses
        outside = [m for m in named if not any(a <= m.start < b for a, b in spans)]
        named = _subject_drugs(text, outside if outside or not _condition_spans(text) else [])
        specific = [m for m in named if not self.is_class(m.iri)]
        if specific and len({m.iri for m in specific}) == 1:
            # 'Morphine is the opioid of choice.': a class named beside the one drug is its category, not a rival
            named = specific
        return named[0] if len({m.iri for m in named}) == 1 else None

    def table_of(self, item: Item) -> int | None:
        """The line of the header row of the table whose row `item` is (None: no header row read over it)."""
        found = self.a.table_header.get(item.line)
        return found[0] if found is not None else None

    def header_cell_drug(self, st: StatementDraft) -> tuple[Mention, str] | None:
        """The one drug (not a class) a table's first header cell names over its rows ('| Amoxicillin | Dose |' over
        '| Child 1-4 years | 250 mg three times daily |'), with that cell; None when the row is of no such table or the
        cell names none or several."""
        found = self.a.table_header.get(st.item.line)
        if found is None or not found[1]:
            return None
        cell = found[1][0]
        named = _not_modifiers(cell, self.lex.therapies(cell))
        if len({m.iri for m in named}) != 1 or self.is_class(named[0].iri):
            return None
        return named[0], cell

    def _in_run(self, item: Item) -> str | None:
        """'row' for a table row, 'bullet' for a top-level bullet, None for anything else."""
        if item.line in self.a.table_rows:
            return "row"
        return "bullet" if item.kind == "bullet" and "." not in item.path else None

    def caption_schedule(self, st: StatementDraft) -> tuple[Dose | None, list[str]]:
        """What a caption states for every row under it, when it states no amount of its own: the frequency,
        course length, number of doses (a dose with no amount), and the route."""
        caption = self.caption_of(st)
        if caption is None:
            if st.item.line not in self.a.table_rows or self.parents(st.item) or st.item.heading == self.a.title:
                return None, []
            before = self.statements[: self._order.get(st.local) or 0]
            if any(s.item.heading == st.item.heading and s.item.line not in self.a.table_rows for s in before):
                return None, []  # the heading is over other text first: not the table's caption
            # a table straight under its heading, the heading stating the schedule ("Children 10-19 kg: given orally,
            # twice daily" printed over the table's header): the heading is the table's caption (its route and band
            # are carried as a heading's)
            text, line = st.item.heading, st.item.line
        else:
            text, line = caption.item.text, caption.item.line
        try:
            found = parse_statement(text, line)
        except ImporterError:
            return None, []
        if any(not d.amount_not_stated for d in found):
            return None, []  # a caption that doses a drug itself is a statement, not the rows' caption
        schedule = next((d for d in found if d.times_per_day or d.times_range or d.interval or d.duration or d.doses
                         or d.per in ("week", "month")), None) or caption_course(text, line)
        return schedule, _carrier_routes(text) if caption is not None else []

    def schedules_by_drug(self, st: StatementDraft, from_lead_in: bool) -> dict[str, Dose] | None:
        """When the lead-in (or caption) over st names two or more drugs and gives them different schedules
        ('Give oral paracetamol every 4-6 hours, or oral ibuprofen every 6-8 hours:'), the schedule of each drug's
        own clause (from its name to the next drug's); None when it names fewer drugs or one schedule for all."""
        if from_lead_in:
            source = next((p for p in self.parents(st.item) if self.is_lead_in(p)), None)
        else:
            source = self.caption_of(st)
        if source is None:
            return None
        text = source.item.text
        named = _not_modifiers(text, self.lex.therapies(text))
        if len({m.iri for m in named}) < 2:
            return None
        out: dict[str, Dose] = {}
        for k, m in enumerate(named):
            end = named[k + 1].start if k + 1 < len(named) else len(text)
            try:
                found = parse_statement(text[m.start : end], source.item.line)
            except ImporterError:
                return None
            schedule = next((d for d in found if d.amount_not_stated and (
                d.times_per_day or d.times_range or d.interval or d.duration or d.doses)), None)
            if schedule is not None and m.iri not in out:
                out[m.iri] = schedule
        keys = {(d.times_per_day, d.times_range, d.interval, d.interval_max, d.duration, d.doses) for d in out.values()}
        return out if len(keys) >= 2 else None

    def note_lead_in_amounts(self, st: StatementDraft, text: str) -> None:
        """'Zoledronic acid 4 mg IV; with renal impairment:' over rows of reduced doses: a lead-in drafts nothing and
        only its amount-less schedule is carried to its rows, so an amount it states for itself (the usual dose here)
        would vanish without a word; it is reported for the curator, never drafted by guess (it may be the usual dose,
        a strength or a total the rows divide)."""
        try:
            found = parse_statement(text, st.item.line)
        except ImporterError:
            return
        # a lead-in's one ceiling is carried to its rows as their maximum (lead_in_ceiling), not left behind
        carried = self.lead_in_ceiling(text, st.item.line, found) is not None
        for d in found:
            if d.amount_not_stated or d.strength or d.level or d.rate or d.titration or d.threshold or d.rounding:
                continue
            if carried and d.ceiling:
                continue
            st.needs.append(f"the lead-in states the amount '{text[d.span[0] : d.span[1]]}', not drafted (a lead-in's "
                            "amount is not carried to the rows under it): add it by hand if it is a dose to give; "
                            "needs a curator's eye")

    def lead_in_schedule(self, st: StatementDraft) -> Dose | None:
        """The frequency a lead-in states for the bullets under it ('Oral ibuprofen, three times daily:')."""
        for parent in self.parents(st.item):
            if not self.is_lead_in(parent):
                continue
            try:
                found = parse_statement(parent.item.text, parent.item.line)
            except ImporterError:
                return None
            for d in found:
                if d.amount_not_stated and (d.times_per_day or d.times_range or d.interval or d.duration or d.doses
                                            or d.per in ("week", "month")):
                    return d
            limited = self.lead_in_ceiling(parent.item.text, parent.item.line, found)
            if limited is not None:
                return limited
            if not found:
                # a caption stating only how long ("use this regimen instead, for 7 days:") still dates its rows
                return caption_course(parent.item.text, parent.item.line)
            return None
        return None

    def lead_in_ceiling(self, text: str, line: int, found: list[Dose]) -> Dose | None:
        """'Paracetamol, by mouth, every 4 to 6 hours when required (not more than 4 g in 24 hours):' over its bands:
        a lead-in whose only amount is one ceiling gives its rows that maximum, and the schedule its other words
        state (read with the ceiling blanked out, as the grammar reads an amount-less lead-in). None when the lead-in
        states any other amount, several ceilings, or names more than one drug (whose rows the limit bounds would
        then be a guess)."""
        ceilings = [d for d in found if not d.amount_not_stated]
        if (len(ceilings) != 1 or not ceilings[0].ceiling or ceilings[0].amount_min is not None
                or ceilings[0].amount_max is None or ceilings[0].unit is None or ceilings[0].per is None
                or len({m.iri for m in _not_modifiers(text, self.lex.therapies(text))}) > 1):
            return None
        limit = ceilings[0]
        a, b = limit.span
        try:
            rest = parse_statement(text[:a] + " " * (b - a) + text[b:], line)
        except ImporterError:
            return None
        if any(not d.amount_not_stated for d in rest):
            return None
        schedule = next((d for d in rest if d.has_schedule), None) or Dose(line=line, amount_not_stated=True)
        return replace(schedule, maximum=(limit.amount_max, limit.unit, limit.per), maximum_basis=limit.basis)

    def is_class(self, iri: str) -> bool:
        entry = self.lex.drafted.get(iri)
        if entry is not None:
            return entry.is_class
        return iri.startswith(PREFIXES["cls"])

    def carry_frequency(self, st: StatementDraft, doses: list[Dose]) -> list[Dose]:
        """'40 mg or 1 mg/kg once daily': a frequency after the last of alternatives joined by 'or' applies to
        each, as a reader takes it; every carry is listed for the curator."""
        text = st.item.text
        out = list(doses)
        for k in range(len(out) - 2, -1, -1):
            a, b = out[k], out[k + 1]
            if a.amount_not_stated or b.amount_not_stated:
                continue
            between = text[a.span[1] : b.span[0]].strip(" ,").casefold()
            between = re.sub(r"^\([^()]*\)\s*", "", between)  # '2.5 mg (under 5 years) or 5 mg'
            if (
                re.match(r"^(?:\+|plus\b)", between) or between == "/" or _WITH_COMPONENT.fullmatch(between)
            ) and b.basis == a.basis:
                # "artemether 20 mg + lumefantrine 120 mg per dose, twice daily": the components of one
                # administration share what is said after the last of them (period, frequency, course, route)
                out[k] = self._component_schedule(st, a, b)
                continue
            if between not in ("or", "to", "and", "or up to"):
                continue
            if a.route is None and b.route is not None:
                from dataclasses import replace as _r

                a = out[k] = _r(a, route=b.route)
                st.needs.append(
                    f"route '{b.route}' of '{text[b.span[0] : b.span[1]]}' carried to the alternative "
                    f"'{text[a.span[0] : a.span[1]]}'"
                )
            if a.times_per_day or a.times_range or a.interval or a.duration:
                continue
            if not (b.times_per_day or b.times_range or b.interval or b.duration):
                continue
            if a.basis != b.basis:
                # '500-1000 mg/m² or 500 mg twice daily': a different basis may carry its own schedule
                st.needs.append(
                    f"the frequency after '{text[b.span[0] : b.span[1]]}' may also apply to "
                    f"'{text[a.span[0] : a.span[1]]}': not carried, check by hand"
                )
                continue
            from dataclasses import replace

            carried = replace(
                a,
                times_per_day=b.times_per_day,
                times_range=b.times_range,
                interval=b.interval,
                interval_max=b.interval_max,
                duration=b.duration,
                per=a.per or (b.per if (b.times_per_day or b.times_range or b.interval) else None),
                route=a.route or b.route,
            )
            out[k] = carried
            st.needs.append(
                f"frequency of '{text[b.span[0] : b.span[1]]}' carried to the alternative '{text[a.span[0] : a.span[1]]}'"
            )
        return out

    def _component_schedule(self, st: StatementDraft, a: Dose, b: Dose) -> Dose:
        from dataclasses import replace

        text = st.item.text
        fields: dict[str, object] = {}
        if a.per is None and b.per is not None:
            fields["per"] = b.per
        if not (a.times_per_day or a.times_range or a.interval) and (b.times_per_day or b.times_range or b.interval):
            fields.update(times_per_day=b.times_per_day, times_range=b.times_range, interval=b.interval,
                          interval_max=b.interval_max)
        if a.duration is None and b.duration is not None:
            fields["duration"] = b.duration
        if a.doses is None and b.doses is not None:
            fields["doses"] = b.doses
        if a.route is None and b.route is not None:
            fields["route"] = b.route
        if fields:
            st.needs.append(
                f"{', '.join(fields)} of '{text[b.span[0] : b.span[1]]}' carried to the component "
                f"'{text[a.span[0] : a.span[1]]}' given with it"
            )
        return replace(a, **fields) if fields else a

    def add_dose(
        self, st: StatementDraft, dose: Dose, therapy: str | None, stage: tuple[str, bool], strength: str
    ) -> None:
        bare = _bare_amount(dose)
        if bare:
            # "buccal midazolam 5 mg", a table cell "10 mg" in a band's row, "lorazepam 0.1 mg/kg IV (max 4 mg)": an
            # amount with no frequency, interval, course or count is, in its plain meaning, what is given at one time
            # (tests/fixtures/import/articles/README.md, "Conventions"), never a day's amount; flagged below
            dose = replace(dose, per="dose")
        if dose.doses is not None and dose.per is None and not dose.amount_not_stated and not dose.ceiling:
            # a counted number of administrations given to the amount from outside its own phrase ('2 mg' under a
            # 'single dose' column or caption): each counted administration is that amount, so it is per dose, as
            # the dose grammar reads a count in the amount's own phrase ('2 mg IV as a single dose')
            dose = replace(dose, per="dose")
        if dose.per in ("hour", "minute") and dose.interval is not None and dose.interval == (1, dose.per):
            # '10-25 mL/kg/hour ... with hourly review', '... reviewing the child hourly': a rate runs without a break,
            # so 'hourly' beside it times something else (the review), never the rate's own interval
            st.needs.append(f"'{dose.per}ly' beside the rate '{st.item.text[dose.span[0] : dose.span[1]]}' read as the "
                            "timing of something else (a rate has no interval): no interval drafted")
            dose = replace(dose, interval=None, interval_max=None)
        if therapy is None and not dose.amount_not_stated and dose.unit not in _MASSES:
            # "further boluses of 10 mL/kg", "once 40 mL/kg has been given": a volume, units or a count means
            # nothing to give without the product it is of. The one product the sentence before (same paragraph)
            # doses in the same unit is its product, said in a note; otherwise reported, never a drugless dose.
            phrase = st.item.text[dose.span[0] : dose.span[1]]
            product = self._sentence_before_product(st, dose.unit)
            if product is not None and not self.lex.therapies(st.item.text):
                therapy, name, route = product
                st.needs.append(f"'{phrase}' attached to {name}, the one product the sentence before gives in "
                                f"{dose.unit}: check it is that product's")
                if dose.route is None and route is not None:
                    dose = _with_route(dose, route)
                    st.needs.append(f"route '{route}' carried from the sentence before to '{phrase}'")
        if therapy is None and not dose.amount_not_stated and dose.unit not in _MASSES:
            st.needs.append(f"'{phrase}' is an amount in {dose.unit} with no drug or fluid named for it: not drafted "
                            "as a dose; enter it by hand if it belongs to a product named elsewhere")
            return
        if dose.equivalent:
            st.needs.append(f"'{dose.equivalent}' in brackets restates the dose "
                            f"'{st.item.text[dose.span[0] : dose.span[1]]}' in another unit: one dose drafted, the "
                            "equivalent kept in this note")
        base = f"dose-{local_name(therapy)}" if therapy else f"dose-{st.local[3:]}"
        # the first of base, base-2, base-3, ... not taken; names are never given back, so the search for a base goes
        # on from where its last one ended (a page dosing one drug thousands of times stays linear)
        n = self._dose_next.get(base, 1)
        local = base if n == 1 else f"{base}-{n}"
        while local in self._dose_locals:
            n += 1
            local = f"{base}-{n}"
        self._dose_next[base] = n + 1
        dd = DoseDraft(local, dose, therapy, st.local)
        self.doses.append(dd)
        self._dose_locals.add(local)
        if therapy is not None:
            self._last_dose[therapy] = dd
        where = st.item.locator
        if therapy is None:
            if any(n.startswith("ambiguous:") for n in st.needs):
                message = ("The importer found this dose but more than one drug it could belong to (see the "
                           "curator's line); link it to the right drug's recommendation by hand.")
            elif not self.lex.therapies(st.item.text):
                # nothing names the drug: neither the statement nor its lead-in, heading or the sentence before (or
                # they name several, or only a drug warned against); never attached to a drug by guess
                st.needs.append(f"dose '{st.item.text[dose.span[0] : dose.span[1]]}' found but no drug is named for "
                                "it here (statement, lead-in, heading or sentence before): attach it by hand")
                message = ("The importer found this dose but no drug named for it (statement, lead-in, heading or "
                           "the sentence before); link it to the drug's recommendation by hand.")
            else:
                st.needs.append("dose parsed but no therapy in the graph matched: add the drug to graph/entities")
                message = "The importer found this dose but no therapy it knows; link it to a recommendation by hand."
            self.flag(f"flag-{local}-therapy", "kgv:NotStatedInSource", "warning", [self.q(local)], message)
            return
        rec = self.rec(therapy, stage, strength, st)
        rec.doses.append(local)
        if bare:
            self.flag(
                f"flag-{local}-period",
                "kgv:NotStatedInSource",
                "warning",
                [self.q(local)],
                "No frequency is stated for this amount: read as the amount given at one time (per dose), "
                "not a day's amount; check.",
            )
            self.note(where, st.item.line, "dose amount has no frequency: read as one administration (per dose)",
                      level="warning")
        elif not dose.amount_not_stated and dose.per is None:
            self.flag(
                f"flag-{local}-period",
                "kgv:NotStatedInSource",
                "warning",
                [self.q(local)],
                "No period (per dose, day or week) is stated for this amount.",
            )
            self.note(where, st.item.line, "dose amount has no period (per dose/day/week)", level="warning")
        if dose.amount_not_stated:
            self.flag(
                f"flag-{local}-amount",
                "kgv:NotStatedInSource",
                "info",
                [self.q(local)],
                "A schedule is stated without an amount.",
            )

    def rec(self, therapy: str, stage: tuple[str, bool], strength: str, st: StatementDraft,
            component: bool = False) -> RecommendationDraft:
        key = (therapy, stage[0])
        if key not in self.recs:
            local = f"rec-{local_name(therapy)}-{slugify(local_name(stage[0]))}"
            self.recs[key] = RecommendationDraft(local, therapy, stage[0], strength, stage_guessed=stage[1])
        rec = self.recs[key]
        self.used_therapies.append(therapy)
        self.attach(st, therapy, rec=rec)
        if not component:
            # a combination product printed as its components ('piperacillin-tazobactam 4.5 g') is recommended as each
            # component (the facts convention), though the amount is the first-named one's
            for other in self.product_partners(st.item.text, therapy):
                if (other, stage[0]) not in self.recs:
                    st.needs.append(f"{self.lex.label(other)} recommended with {self.lex.label(therapy)}, its partner in "
                                    "one combination product")
                self.rec(other, stage, strength, st, component=True)
        return rec

    def product_partners(self, text: str, therapy: str) -> list[str]:
        """The other components of a combination product printed as its components ('piperacillin-tazobactam',
        'sacubitril/valsartan': joined by a tight hyphen or a slash, both single drugs) of which therapy is one."""
        found = self.lex.therapies(text)
        out: list[str] = []
        for a, b in zip(found, found[1:], strict=False):
            if (a.iri != b.iri and therapy in (a.iri, b.iri) and _PRODUCT_JOIN.fullmatch(text[a.end : b.start])
                    and not self.is_class(a.iri) and not self.is_class(b.iri)):
                out.append(b.iri if a.iri == therapy else a.iri)
        return out

    def attach(
        self,
        st: StatementDraft,
        therapy: str,
        rec: RecommendationDraft | None = None,
        target_dose: DoseDraft | None = None,
    ) -> None:
        if rec is None:
            rec = next((r for r in self.recs.values() if target_dose and target_dose.local in r.doses), None)
            if rec is None:
                return
        rec.statements.append(st.local)  # duplicates are dropped when written
        for f in self.lex.features(st.item.text):
            if f.iri != self.condition:
                rec.features.append(f.iri)
