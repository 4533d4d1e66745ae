"""The patient band a dose is for (age, weight, renal function), when the dose line does not state it itself.
"""

from __future__ import annotations

import re

from kg.sources.reader import split_markers

from .cue_words import cue_words
from .dose_grammar import bands_in
from .draft_cues import _bare_band_label, _is_patient_label, _label_text
from .draft_model import StatementDraft

# a statement that goes on with the course of the one before it ("Then 5 mg/kg once daily on days 2 to 5")
_CONTINUES = re.compile(r"\s*(?:then|followed\s+by|after\s+that|thereafter)\b", re.IGNORECASE)


# words naming a group of patients of their own (data/cue_words.txt [group_opening_words])
_GROUP_OPENING_WORDS = cue_words("group_opening_words")


class BandContext:
    """The patient band a statement's dose is for: its own words, a row label, a column above.

    A mixin of kg.importer.draft's builder: it reads and writes the builder's state through self.
    """

    def continued_band(self, st: StatementDraft) -> tuple[str | None, str]:
        """The band of the statement just before, when this one opens by continuing its course ('Children 6 months
        and older: 10 mg/kg on day 1.' then 'Then 5 mg/kg once daily on days 2 to 5.'): the one band that statement's
        drafted doses hold, or None (no band there, several, or the statement does not continue one)."""
        if not _CONTINUES.match(st.item.text):
            return None, ""
        at = self._order.get(st.local)
        if not at:
            return None, ""
        prev = self.statements[at - 1]
        if prev.section_local != st.section_local or prev.item.heading != st.item.heading:
            return None, ""
        bands = {dd.dose.band for dd in self.doses if dd.statement == prev.local and not dd.dose.amount_not_stated}
        if len(bands) == 1 and None not in bands:
            return bands.pop(), "statement before (this one continues its course)"
        return None, ""

    def label_band(self, st: StatementDraft) -> tuple[str | None, str] | None:
        """The band of a patient label printed on its own line above the statement in the same section, with the
        statements under it as its siblings rather than nested ('**Children 1 month-17 years**' over '- Isoniazid:
        10 mg/kg ...'): a short line of patient words and a band, no amount, no verb. Its scope runs to the next such
        label; a label with no band ('**Adults**') ends the one before. None when no label stands above."""
        at = self._order.get(st.local)
        if at is None:
            return None
        for prev in reversed(self.statements[max(0, at - 12) : at]):
            if prev.section_local != st.section_local or prev.item.heading != st.item.heading:
                return None
            if self.is_lead_in(prev) and not self.band_line(prev):
                return None  # a lead-in's band is its nested items' (context_band), and it closes any label above it
            text = split_markers(prev.item.text)[0].strip(" *_:")
            bare = _bare_band_label(text) if not _is_patient_label(text) else None
            if bare is not None:
                band, certain = bare
                if certain or self.band_column_above(prev):
                    return band, f"band label above ('{text}')"
                return None, ""  # a range that may be a course: it still ends the label above it
            if not _is_patient_label(text):
                continue
            found = set(bands_in(text))
            if len(found) == 1:
                return found.pop(), f"patient label above ('{text}')"
            return None, ""
        return None

    def band_label_line(self, st: StatementDraft) -> bool:
        """A line naming patients and their band only, no drug ('Child 1-11 months:', 'Body-weight 10-20 kg')."""
        body = _label_text(st)
        return bool(body) and not self.lex.therapies(body) and (
            _is_patient_label(body) or _bare_band_label(body) is not None)

    def band_line(self, st: StatementDraft) -> bool:
        """A band line printed over its dose lines with its colon ('Child 1-11 months:', '**Neonates 7-28 days:**',
        'Under 40 kg:') and nothing nested under it: the dose lines are its siblings, as formularies print them, so
        it labels them as a label without a colon does (label_band), rather than as a lead-in of no items. A line
        naming only patients ('Adults:') is one too: it ends the band above it and gives none."""
        if not self.band_label_line(st):
            return False
        at = self._order.get(st.local)
        nxt = self.statements[at + 1] if at is not None and at + 1 < len(self.statements) else None
        return nxt is None or nxt.section_local != st.section_local or not nxt.item.path.startswith(st.item.path + ".")

    def band_column_above(self, label: StatementDraft) -> bool:
        """Whether a bare range of years or months on a line of its own ('6-12 years') stands in a flattened table's
        band column: the column's header cell ('Age', 'Weight') or a band label no course could be ('Under 6
        months') is printed above it in the same run of lines, or the line opens the run (nothing above it in its
        section is a dose it could time). A range straight under a dose line with no such header above is left
        alone: there it may be that dose's course ('Amoxicillin' / '500 mg' / '6-12 months')."""
        at = self._order.get(label.local)
        if at is None:
            return False
        run = []
        for prev in reversed(self.statements[max(0, at - 12) : at]):
            if prev.section_local != label.section_local or prev.item.heading != label.item.heading:
                break
            run.append(prev)
        headers = cue_words("band_column_headers")
        top = -1  # the first band line of the run: the column opens there
        for k, prev in enumerate(run):
            text = prev.item.text.strip(" *_:\t").casefold()
            if text in headers:
                return True
            bare = _bare_band_label(text)
            if bare is not None:
                if bare[1]:
                    return True
                top = k
        # the band lines alternate with dose lines from the top of the run: the column opens when nothing above its
        # first band line is a dose that line could time
        dosed = {dd.statement for dd in self.doses if not dd.dose.amount_not_stated}
        return not any(prev.local in dosed for prev in run[top + 1 :])

    def context_band(self, st: StatementDraft) -> tuple[str | None, str]:
        """The one weight or age band the lead-in or the section heading states for the doses under it
        ('Children 3 months to 17 years' over 'Offer ceftriaxone 80 mg/kg ...'); None when it states none or
        several (then no band is chosen for the dose)."""
        for parent in self.parents(st.item):
            if self.is_lead_in(parent):
                found = set(bands_in(parent.item.text))
                if found:
                    return (found.pop(), "lead-in") if len(found) == 1 else (None, "")
        lead = self.paragraph_label(st)
        if lead and not any(w.casefold() in _GROUP_OPENING_WORDS for w in re.findall(r"[\w-]+", st.item.text)):
            # 'Children under 12 years: give X 250 mg. In severe infection give 500 mg.': the paragraph's label is the
            # band of its later sentences, unless one names other patients ('Adults should take 500 mg')
            found = set(bands_in(lead))
            if found:
                return (found.pop(), f"label opening the paragraph ('{lead.strip(': ')}')") if len(found) == 1 \
                    else (None, "")
        label = self.label_band(st)
        if label is not None:
            return label
        caption = self.caption_of(st) if st.item.line in self.a.table_rows else None
        if caption is not None:
            # "Table 2. Adults 40-55 kg, given orally once daily." over a table: the band of every row
            found = set(bands_in(caption.item.text))
            if found:
                return (found.pop(), "caption over the table") if len(found) == 1 else (None, "")
        if st.item.heading != self.a.title:
            found = set(bands_in(st.item.heading))
            if len(found) == 1:
                return found.pop(), "section heading"
            bare = _bare_band_label(st.item.heading) if not found else None
            if bare is not None:
                # a heading that is only a band ('1 month to 11 months' over 'Amoxicillin 125 mg ...', a flattened
                # table's band cell read as a heading): a heading is never a course cell, so the range is the band
                return bare[0], "section heading (a band label)"
            # a numbered section's band holds in its unnumbered subsections ("4. Oral doses for adults" over
            # "Lamotrigine (monotherapy)"): the nearest enclosing heading that states one band
            for outer in [] if found else st.item.outer:
                found = set(bands_in(outer))
                if found:
                    return (found.pop(), f"heading of the enclosing section ('{outer}')") if len(found) == 1 else (None, "")
        return None, ""
