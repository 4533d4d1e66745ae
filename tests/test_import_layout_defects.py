"""Layout defects the metamorphic sweep (tests/test_import_layout_invariance.py) found, each tested from what the
printed page says:

- a numbered section title written Setext style ("2. Preventing stroke" over a line of '-', or "2\\. Preventing
  stroke" as an HTML-to-Markdown converter escapes it) is a section heading, as its '## 2. Preventing stroke'
  printing is, so the statements under it belong to that section and not to the list item it looked like;
- a Markdown line whose source was wrapped (an HTML-to-Markdown converter wraps the text it writes, entities and
  all) goes on into the next line however short it reads once its entities are decoded:
  "**Type I penicillin allergy:** levofloxacin" over "10&ndash;20&nbsp;mg/kg/day PO ..." is one statement.
"""

from __future__ import annotations

import re
import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.markdown import read_any

HEAD = "# Invented guidance for a layout test\n\nLast updated: 5 May 2021\n\n"
REFS = "\n## References\n\n1. An invented guideline title for a layout test. Example Publisher; 2020.\n"


def article(body: str):
    return read_any((HEAD + body + REFS).encode(), "layout.md")[0]


def _sections(art) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for item in art.items:
        out.setdefault(item.heading, []).append(item.text)
    return out


BODY_ATX = ("## 1. Controlling the rate\n\nGive bisoprolol 2.5 mg by mouth once daily [1].\n\n"
            "## 2. Preventing stroke\n\nOffer apixaban 5 mg by mouth twice daily [1].\n")


def test_a_numbered_setext_heading_titles_its_section_as_its_atx_printing_does():
    setext = ("1. Controlling the rate\n-----------------------\n\nGive bisoprolol 2.5 mg by mouth once daily [1].\n\n"
              "2. Preventing stroke\n--------------------\n\nOffer apixaban 5 mg by mouth twice daily [1].\n")
    atx, art = article(BODY_ATX), article(setext)
    assert "2. Preventing stroke" in art.headings and "1. Controlling the rate" in art.headings
    assert _sections(art) == _sections(atx)
    # the heading is a heading, never a statement of its own
    assert not any(i.text.startswith(("1. Controlling", "2. Preventing", "Controlling", "Preventing")) for i in art.items)


def test_an_escaped_numbered_setext_heading_is_read_as_the_same_heading():
    escaped = ("1\\. Controlling the rate\n=======================\n\nGive bisoprolol 2.5 mg by mouth once daily [1].\n\n"
               "2\\. Preventing stroke\n--------------------\n\nOffer apixaban 5 mg by mouth twice daily [1].\n")
    assert _sections(article(escaped)) == _sections(article(BODY_ATX))


def test_a_bullet_over_a_rule_stays_a_list_item():
    # '- item' over '---': the rule under a list is a thematic break, the item is still guidance
    art = article("## Treatment\n\n- Give bisoprolol 2.5 mg by mouth once daily [1].\n\n---\n\n"
                  "Review in two weeks [1].\n")
    assert any(i.text.startswith("Give bisoprolol 2.5 mg") for i in art.items)
    assert "Give bisoprolol 2.5 mg by mouth once daily. 1" not in art.headings


def test_an_entity_laden_lead_in_wrapped_before_its_amount_is_one_statement():
    body = ("## Alternatives\n\n**Type I penicillin allergy:** levofloxacin\n"
            "10&ndash;20&nbsp;mg/kg/day PO every 12&ndash;24&nbsp;hours for\n10&ndash;14&nbsp;days.[1]\n")
    texts = [i.text for i in article(body).items]
    assert len(texts) == 1, texts
    assert texts[0].startswith("Type I penicillin allergy: levofloxacin 10–20 mg/kg/day"), texts


def _entities(text: str) -> str:
    return text.replace("-", "&ndash;").replace(" mg", "&nbsp;mg").replace(" days", "&nbsp;days")


@settings(max_examples=40, deadline=None)
@given(width=st.integers(40, 100),
       label=st.sampled_from(["Type I penicillin allergy", "Severe penicillin allergy", "Children over 12 years",
                              "If the first course fails"]),
       drug=st.sampled_from(["levofloxacin", "clarithromycin", "doxycycline"]),
       low=st.integers(1, 20), high=st.integers(21, 90), course=st.integers(5, 14))
def test_a_converter_wrapped_paragraph_reads_as_the_one_statement_it_wraps(width, label, drug, low, high, course):
    """A converter wraps its Markdown source, entities included, at any width: the paragraph is read as the one
    statement it is, with the text a browser shows."""
    source = _entities(f"**{label}:** {drug} {low}-{high} mg/kg/day by mouth in two doses for {course} days.") + "[1]"
    wrapped = "\n".join(textwrap.wrap(source, width=width, break_long_words=False, break_on_hyphens=False))
    texts = [i.text for i in article("## Alternatives\n\n" + wrapped + "\n").items]
    assert texts == [f"{label}: {drug} {low}–{high} mg/kg/day by mouth in two doses for {course} days. 1"], (wrapped,
                                                                                                              texts)


def test_markers_a_wrap_put_before_the_next_sentence_end_the_statement_above():
    # "... unless anuric" / "[1][2]. Plasma potassium ...": both markers cite the first sentence, the second sentence
    # has none, and no number is read into either sentence's text
    art = article("## Potassium\n\nPotassium chloride 40 mmol/L in all IV fluids after the first bolus, unless anuric\n"
                  "[1][2]. Plasma potassium drops once insulin is running.\n")
    got = [(i.text, i.markers) for i in art.items]
    assert got == [("Potassium chloride 40 mmol/L in all IV fluids after the first bolus, unless anuric. 1, 2", ("1", "2")),
                   ("Plasma potassium drops once insulin is running.", ())], got


def test_markers_wrapped_onto_a_line_of_their_own_before_a_colon_cite_the_lead_in():
    art = article("## Refractory pain\n\nIf pain is still severe after two doses of oral morphine, inform the registrar\n"
                  "[1][2]:\n\n1. Morphine 100 micrograms/kg IV over 5 minutes [2].\n")
    lead = next(i for i in art.items if i.text.startswith("If pain is still severe"))
    assert lead.markers == ("1", "2"), (lead.text, lead.markers)


# --- characters a saved page carries (kg.sources.printed_chars) ------------------------------------------------

BODY = ("## Treatment\n\nFirst-line: co-amoxiclav 625 mg by mouth three times a day for 5 days [1].\n\n"
        "## Cautions\n\n- Do not give amoxicillin after an anaphylactic reaction to a penicillin [1].\n")


def _texts(art) -> list[tuple[str, str]]:
    return [(i.heading, i.text) for i in art.items]


def test_soft_hyphens_zero_width_spaces_nonbreaking_hyphens_and_ligatures_read_as_the_words_they_print():
    printed = (BODY.replace("amoxiclav", "amoxi\u00adclav").replace("co-", "co\u2011").replace("First-", "First\u2011")
               .replace("anaphylactic", "ana\u00adphylac\u200btic")
               .replace("penicillin", "peni\u00adcil\u00adlin").replace("amoxicillin", "amoxi\u200bcillin"))
    assert printed != BODY and "\u00ad" in printed and "\u2011" in printed
    assert _texts(article(printed)) == _texts(article(BODY))


def test_ligatures_of_a_pdf_copy_read_as_their_letters():
    printed = BODY.replace("First", "\ufb01rst".capitalize()).replace("first", "\ufb01rst")
    art = article(printed.replace("reaction", "re\ufb02ex reaction"))
    assert any("reflex reaction" in t for _, t in _texts(art)), _texts(art)


def test_a_page_mis_decoded_as_windows_1252_reads_as_the_page_and_says_so():
    typeset = BODY.replace("625 mg", "625\u00a0mg").replace("5 days", "5\u00a0days").replace("Do not", "Don\u2019t")
    garbled = "".join(c.encode("utf-8").decode("cp1252") if ord(c) > 127 else c for c in typeset)
    assert "Â\u00a0mg" in garbled and "â€™" in garbled
    art = article(garbled)
    assert [t for _, t in _texts(art)] == [t for _, t in _texts(article(typeset))]
    assert any("mis-decoded" in msg for _, msg in art.problems), art.problems


def test_a_garbled_no_break_space_given_back_as_a_plain_space_is_read_as_a_space():
    art = article(BODY.replace("625 mg", "625Â mg"))
    assert any("625 mg by mouth" in t for _, t in _texts(art)), _texts(art)


def test_a_capital_a_circumflex_in_a_word_is_left_as_written():
    art = article(BODY.replace("Treatment", "Treatment (Âge adulte)"))
    assert "Treatment (Âge adulte)" in art.headings


# --- HTML left in a Markdown page --------------------------------------------------------------------------------

def test_a_section_folded_into_details_reads_as_its_heading_and_text():
    folded = ("<details>\n<summary>Treatment</summary>\n\n<p>First-line: co-amoxiclav 625 mg by mouth three times a day "
              "for 5 days [1].</p>\n\n</details>\n\n<details><summary>Cautions</summary>\n\n- Do not give amoxicillin "
              "after an anaphylactic reaction to a penicillin [1].\n\n</details>\n")
    art = article(folded)
    assert _texts(art) == _texts(article(BODY))
    # the tag lines are accounted for as layout, never lost or read as text
    text = HEAD + folded + REFS
    assert not art.unaccounted(text)
    assert any("HTML tag line" in why for _, why in art.skipped)


def test_inline_html_reads_as_the_text_a_browser_shows():
    html_body = ("<div class=\"content\">\n\n## Treatment\n\n<p><strong>First-line:</strong> co-amoxiclav 625 mg by mouth "
                 "three times a day for 5 days<sup>1</sup>.</p>\n\n</div>\n")
    art = article(html_body)
    item = next(i for i in art.items if "co-amoxiclav" in i.text)
    assert item.text.startswith("First-line: co-amoxiclav 625 mg by mouth three times a day for 5 days"), item.text
    assert item.markers == ("1",)


def test_a_comparison_is_never_taken_for_a_tag_and_a_unit_power_is_not_a_marker():
    art = article("## Treatment\n\n<p>Children <6 years: 375 mg/m<sup>2</sup> once a day [1].</p>\n")
    item = art.items[0]
    assert item.text.startswith("Children <6 years: 375 mg/m² once a day"), item.text
    assert item.markers == ("1",)


def test_a_numbered_question_heading_titles_its_section_as_the_unnumbered_question_does():
    def read(first: str, second: str):
        text = ("Invented guidance on a numbered heading test\n\nHow is the invented condition treated?\n\n"
                "Last updated: May 5, 2021\n\n"
                f"{first}\n\n- Offer ramipril 1.25 mg once daily [1].\n\n{second}\n\n- Avoid NSAIDs [1].\n\n"
                "References\n1. An invented guideline title for a layout test. Example Publisher; 2020.\n")
        return read_any(text.encode(), "numbered.txt")[0]

    plain = read("Which drugs are started first?", "What should be avoided?")
    numbered = read("1. Which drugs are started first?", "2. What should be avoided?")
    assert numbered.headings[1:] == ["1. Which drugs are started first?", "2. What should be avoided?"]
    assert [i.text for i in numbered.items] == [i.text for i in plain.items]
    assert [i.heading.split(". ", 1)[-1] for i in numbered.items] == [i.heading for i in plain.items]


def _plain(body: str):
    text = ("Invented guidance on a numbered heading test\n\nHow is the invented condition treated?\n\n"
            "Last updated: May 5, 2021\n\n" + body +
            "\nReferences\n1. An invented guideline title for a layout test. Example Publisher; 2020.\n")
    return read_any(text.encode(), "numbered.txt")[0]


def test_a_numbered_title_over_an_indented_list_heads_it_as_the_unnumbered_title_does():
    body = ("{a}\nIf pain persists, change to an intravenous opioid [1].\n\n{b}\n  - Nausea: ondansetron 0.1 mg/kg IV "
            "8-hourly when needed [1].\n  - Keep the child warm [1].\n\n{c}\n  - Do not use pethidine [1].\n")
    plain = _plain(body.format(a="Step 3: pain not controlled", b="Supportive treatment", c="Cautions"))
    numbered = _plain(body.format(a="6. Step 3: pain not controlled", b="7. Supportive treatment", c="8. Cautions"))
    assert "7. Supportive treatment" in numbered.headings and "8. Cautions" in numbered.headings
    assert [(i.heading.split(". ", 1)[-1], i.text) for i in numbered.items] == [(i.heading, i.text) for i in plain.items]


def test_a_numbered_step_opening_with_its_verb_over_an_indented_list_stays_a_step():
    art = _plain("Treatment\n\n1. Give oxygen\n  - 15 L/min by mask [1].\n\n2. Give antibiotics\n  - amoxicillin 500 mg "
                 "three times a day [1].\n")
    assert not any(h.startswith(("1. Give", "2. Give")) for h in art.headings), art.headings


# --- a plain page that numbers its sections in one run ------------------------------------------------------------

TXT_HEAD = "Invented guidance for a layout test\n\nLast updated: 5 May 2021\n\n"
TXT_REFS = "\nREFERENCES\n[1] An invented guideline title for a layout test. Example Publisher; 2020.\n"

SECTIONS = [
    ("DIAGNOSIS", ["Most cases are viral and settle within ten days.1"]),
    ("ADULTS", []),
    ("First line", ["Give amoxicillin 500 mg by mouth three times daily for 5 days.1"]),
    ("Penicillin allergy", ["Give doxycycline 100 mg by mouth twice daily for 5 days.1"]),
    ("Severe infection requiring hospital admission", ["Give ceftriaxone 2 g IV once daily.1"]),
    ("MONITORING", ["Review every patient after 72 hours.1"]),
]


def _plain_page(sections, numbered: bool, blank_before: list[bool]) -> str:
    out = []
    for n, ((title, body), blank) in enumerate(zip(sections, blank_before, strict=False), start=1):
        if blank and out:
            out.append("")
        out.append(f"{n}. {title}" if numbered else title)
        out.extend(body)
    return TXT_HEAD + "\n".join(out) + "\n" + TXT_REFS


def _plain_sections(text: str) -> dict[str, list[str]]:
    art = read_any(text.encode(), "layout.txt")[0]
    assert art.unaccounted(text) == []
    out: dict[str, list[str]] = {}
    for item in art.items:
        out.setdefault(re.sub(r"^\d{1,2}\.\s+", "", item.heading), []).append(item.text)
    return out


def test_a_numbered_section_title_right_after_a_statement_is_a_heading_not_a_list_item():
    # "4. Penicillin allergy" follows the first-line statement with no blank line, and "5. Severe infection ..."
    # stands over its statement: each titles its section as the unnumbered printing does, and the ceftriaxone
    # statement is never read into the title above it
    blanks = [True, True, False, False, False, True]
    numbered = _plain_sections(_plain_page(SECTIONS, True, blanks))
    assert numbered == _plain_sections(_plain_page(SECTIONS, False, blanks))
    assert numbered["Severe infection requiring hospital admission"] == ["Give ceftriaxone 2 g IV once daily. 1"]
    assert numbered["Penicillin allergy"] == ["Give doxycycline 100 mg by mouth twice daily for 5 days. 1"]


def test_a_short_numbered_list_printed_without_text_between_its_items_stays_a_list():
    text = (TXT_HEAD + "TREATMENT\nGive in this order:\n1. Oxygen\n2. Salbutamol\n3. Ipratropium\n4. Hydrocortisone\n"
            + TXT_REFS)
    art = read_any(text.encode(), "layout.txt")[0]
    assert [i.text for i in art.items if i.heading == "TREATMENT"][1:] == ["Oxygen", "Salbutamol", "Ipratropium",
                                                                           "Hydrocortisone"]


@settings(max_examples=30, deadline=None)
@given(blanks=st.lists(st.booleans(), min_size=len(SECTIONS), max_size=len(SECTIONS)),
       drop=st.sets(st.integers(0, len(SECTIONS) - 1), max_size=2))
def test_a_statement_is_in_the_section_whose_numbered_title_stands_above_it(blanks, drop):
    sections = [s for k, s in enumerate(SECTIONS) if k not in drop]
    if sum(1 for _, body in sections if body) < 3:
        return
    # each statement is in the section whose numbered title the page prints above it, however the titles are spaced
    expected = {title: [re.sub(r"\.(\d)$", r". \1", line) for line in body] for title, body in sections if body}
    assert _plain_sections(_plain_page(sections, True, blanks)) == expected


# --- a dose is never the drug's that a later sentence names -------------------------------------------------------

RENAL_PAGE = (TXT_HEAD + "TREATMENT\n- Meropenem 1 g IV every 8 hours [1].\n\n"
              "RENAL DOSE ADJUSTMENT (meropenem, by creatinine clearance)\n{rows}\n" + TXT_REFS)


def _drafted_doses(lexicon, text: str, name: str) -> list[tuple[str | None, str, str]]:
    from kg.importer.draft import build_draft

    draft = build_draft(read_any(text.encode(), name)[0], lexicon, name)
    return [((d.therapy or "").rsplit("/", 1)[-1] or None, str(d.dose.amount_min), d.dose.unit) for d in draft.doses]


def test_an_indented_band_row_ends_at_the_capitalised_sentence_back_at_the_margin():
    # the page prints meropenem's renal rows indented under the heading that names it, then a sentence about another
    # drug at the margin: the row is a statement of its own, never joined to that sentence
    rows = ("  CrCl 26-50 mL/min: 1 g IV every 12 hours\n  CrCl 10-25 mL/min: 500 mg IV every 12 hours\n"
            "Piperacillin-tazobactam needs no change above CrCl 40 mL/min [1].")
    art = read_any(RENAL_PAGE.format(rows=rows).encode(), "renal.txt")[0]
    texts = [i.text for i in art.items if i.heading.startswith("RENAL")]
    assert texts == ["CrCl 26-50 mL/min: 1 g IV every 12 hours", "CrCl 10-25 mL/min: 500 mg IV every 12 hours",
                     "Piperacillin-tazobactam needs no change above CrCl 40 mL/min. 1"], texts


def test_an_indented_row_still_goes_on_into_a_lower_case_line_at_the_margin():
    # a wrap that fell inside the row's sentence: the next line opens in lower case and continues it
    rows = "  CrCl 10-25 mL/min: 500 mg IV every 12 hours, given over 30 minutes and\nrepeated after each dialysis [1]."
    art = read_any(RENAL_PAGE.format(rows=rows).encode(), "renal.txt")[0]
    texts = [i.text for i in art.items if i.heading.startswith("RENAL")]
    assert texts == ["CrCl 10-25 mL/min: 500 mg IV every 12 hours, given over 30 minutes and repeated after each "
                     "dialysis. 1"], texts


def test_the_renal_rows_dose_is_meropenems_never_the_drug_of_the_sentence_after_it(lexicon):
    rows = ("  CrCl 26-50 mL/min: 1 g IV every 12 hours\n  CrCl 10-25 mL/min: 500 mg IV every 12 hours\n"
            "Piperacillin-tazobactam needs no change above CrCl 40 mL/min [1].")
    doses = _drafted_doses(lexicon, RENAL_PAGE.format(rows=rows), "renal.txt")
    assert ("meropenem", "500", "mg") in doses, doses
    assert not any(drug and drug.startswith("piperacillin") for drug, _, _ in doses), doses


def test_a_bullets_dose_is_not_the_drug_its_second_sentence_names(lexicon):
    # one list item of two sentences: the first gives a band's dose and names no drug, the second names another drug;
    # the dose is the drug the heading names
    rows = "- CrCl 10-25 mL/min: 500 mg IV every 12 hours. Piperacillin-tazobactam needs no change above CrCl 40 mL/min [1]."
    doses = _drafted_doses(lexicon, RENAL_PAGE.format(rows=rows), "renal.txt")
    assert ("meropenem", "500", "mg") in doses, doses
    assert not any(drug and drug.startswith("piperacillin") for drug, _, _ in doses), doses


_LATER_SENTENCES = ["{drug} needs no change above CrCl 40 mL/min", "{drug} is given at the usual dose",
                    "{drug} levels are checked before the third dose", "Doses of {drug} are not changed",
                    "{drug} is an alternative after microbiology advice"]


@settings(max_examples=25, deadline=None)
@given(heading_drug=st.sampled_from(["meropenem", "gentamicin", "vancomycin", "aciclovir"]),
       other=st.sampled_from(["piperacillin-tazobactam", "ceftriaxone", "clarithromycin", "linezolid"]),
       amount=st.sampled_from(["250 mg", "500 mg", "1 g", "2 g"]),
       schedule=st.sampled_from(["IV every 12 hours", "IV once daily", "by mouth twice a day", "IV every 24 hours"]),
       later=st.sampled_from(_LATER_SENTENCES),
       layout=st.sampled_from(["indented", "bullet", "paragraph", "markdown"]))
def test_a_dose_is_never_attached_to_a_drug_named_only_after_its_sentence_ends(lexicon, heading_drug, other, amount,
                                                                                 schedule, later, layout):
    """Whatever the layout (indented rows with the next sentence at the margin, one list item or one paragraph of two
    sentences, Markdown), the amount of a sentence that names no drug never goes to a drug the next sentence names."""
    sentence = later.format(drug=other)
    sentence = sentence[0].upper() + sentence[1:]
    row = f"CrCl 10-25 mL/min: {amount} {schedule}"
    heading = f"Renal dose adjustment ({heading_drug}, by creatinine clearance)"
    if layout == "markdown":
        text = HEAD + f"## {heading}\n\n- {row}. {sentence} [1].\n" + REFS
        name = "renal.md"
    else:
        rows = {"indented": f"  {row}\n{sentence} [1].", "bullet": f"- {row}. {sentence} [1].",
                "paragraph": f"{row}. {sentence} [1]."}[layout]
        text = TXT_HEAD + f"{heading.upper()}\n{rows}\n" + TXT_REFS
        name = "renal.txt"
    value, unit = amount.split()
    doses = _drafted_doses(lexicon, text, name)
    other_word = other.split("-")[0]
    assert not [d for d in doses if d[0] and d[0].startswith(other_word) and d[1:] == (value, unit)], (text, doses)


def test_a_numbered_list_of_sentences_inside_a_section_leaves_the_numbered_section_titles_headings():
    # the page numbers its sections 1-4 and numbers the cautions inside section 3 afresh ("1) Do not ...", "2) Avoid
    # ..."), as it could print them with dashes: "4. RENAL DOSE ADJUSTMENT (...)" still titles the indented rows under
    # it, and the rows are its statements, never joined to the title
    def page(mark: str) -> str:
        return (TXT_HEAD + "1. PRINCIPLES\nStart antibiotics within 4 hours of diagnosis.1\n\n"
                "2. TREATMENT\nGive meropenem 1 g IV every 8 hours.1\n\n"
                f"3. CAUTIONS\n{mark.format(n=1)} Do not use meropenem after anaphylaxis to a carbapenem.1\n"
                f"{mark.format(n=2)} Avoid doxycycline in pregnancy.\n\n"
                "4. RENAL DOSE ADJUSTMENT (meropenem, by creatinine clearance)\n"
                "  CrCl 26-50 mL/min: 1 g IV every 12 hours\n  CrCl 10-25 mL/min: 500 mg IV every 12 hours\n" + TXT_REFS)

    dashed = read_any(page("-").encode(), "layout.txt")[0]
    for mark in ("{n})", "{n}.", "a)"):
        numbered = read_any(page(mark).encode(), "layout.txt")[0]
        assert "4. RENAL DOSE ADJUSTMENT (meropenem, by creatinine clearance)" in numbered.headings, (mark,
                                                                                                     numbered.headings)
        assert [(i.heading, i.text) for i in numbered.items] == [(i.heading, i.text) for i in dashed.items], mark


# --- a heading's attribute block and a colon ----------------------------------------------------------------------

def test_a_colon_after_a_headings_attribute_block_keeps_the_heading_and_its_reference_list():
    # "## References {#refs}:" and "## References: {#refs}" title the reference list as "## References {#refs}" does
    plain = read_any((HEAD + "## Treatment {#tx}\n\nOffer amoxicillin 500 mg three times a day [1].\n\n"
                      "## References {#refs}\n\n1. An invented guideline title. Example Publisher; 2020.\n"
                      "2. Another invented title. Example Publisher; 2021.\n").encode(), "attrs.md")[0]
    assert [r.position for r in plain.references] == [1, 2]
    for printed in ("## References {#refs}:", "## References: {#refs}", "## Treatment {#tx}:"):
        text = (HEAD + "## Treatment {#tx}\n\nOffer amoxicillin 500 mg three times a day [1].\n\n"
                "## References {#refs}\n\n1. An invented guideline title. Example Publisher; 2020.\n"
                "2. Another invented title. Example Publisher; 2021.\n").replace(printed.replace(":", ""), printed)
        art = read_any(text.encode(), "attrs.md")[0]
        assert [r.position for r in art.references] == [1, 2], printed
        assert [i.text for i in art.items] == [i.text for i in plain.items], printed
        assert not any("{#" in h for h in art.headings), (printed, art.headings)


# --- a title in capitals with a lower-case qualifier, with no blank line under it ---------------------------------

def test_a_capitals_title_with_a_long_qualifier_heads_its_text_with_or_without_a_blank_line_under_it():
    # "MILD INFECTION - oral, 7 days (review, extend to 14 days if slow)" titles the section whose first statement
    # stands right under it, as it does with a blank line between; the statement is never joined to the title
    def page(gap: str):
        return read_any((TXT_HEAD + "GENERAL\nTake deep tissue samples before antibiotics where possible [1].\n\n"
                         "MILD INFECTION - oral, 7 days (review, extend to 14 days if slow)\n" + gap +
                         "First line: flucloxacillin 1 g PO four times daily for 7 days [1].\n" + TXT_REFS).encode(),
                        "layout.txt")[0]

    spaced, tight = page("\n"), page("")
    title = "MILD INFECTION - oral, 7 days (review, extend to 14 days if slow)"
    assert title in tight.headings, tight.headings
    assert [(i.heading, i.text) for i in tight.items] == [(i.heading, i.text) for i in spaced.items]
    assert any(i.heading == title and i.text.startswith("First line: flucloxacillin") for i in tight.items)


# --- a stage-and-drug title at the margin over its indented rows ------------------------------------------------------

def _stage_page(gap: str, second: str, rows2: str, between: str = "") -> str:
    # a section heading, then "First line - <drug> PO" over its indented row, then a sibling title over its own rows
    return (TXT_HEAD + "LOWER UTI, 3 MONTHS AND OVER (treat for 3 days)\n" + gap +
            "First line - Trimethoprim PO\n  4 mg/kg twice daily (max 200 mg per dose) for 3 days [1].\n" + between +
            second + "\n" + rows2 + TXT_REFS)


_SECOND = "Alternative - Nitrofurantoin PO (if trimethoprim resistance is likely)"
_ROWS2 = "  3 months-11 years: 750 micrograms/kg four times daily for 3 days\n  12-15 years: 50 mg four times daily [1].\n"


@settings(max_examples=12, deadline=None)
@given(gap=st.sampled_from(["", "\n", "\n\n"]), between=st.sampled_from(["", "\n"]))
def test_a_stage_and_drug_title_heads_its_indented_rows_whatever_blank_lines_stand_around_it(gap, between):
    # "Alternative - Nitrofurantoin PO (...)" back at the margin after the first title's indented row titles the rows
    # indented under it, as "First line - Trimethoprim PO" does: with or without a blank line under the section
    # heading or between the two blocks, the rows are never the first title's text
    art = read_any(_stage_page(gap, _SECOND, _ROWS2, between).encode(), "stage.txt")[0]
    sections = _sections(art)
    assert "First line - Trimethoprim PO" in art.headings and _SECOND in art.headings, art.headings
    assert [t.split(" [")[0] for t in sections["First line - Trimethoprim PO"]] == [
        "4 mg/kg twice daily (max 200 mg per dose) for 3 days. 1"], sections
    assert all(t.startswith(("3 months", "12-15")) for t in sections[_SECOND]), sections


def test_a_margin_sentence_over_indented_rows_is_not_a_title():
    # a sentence that ends with its stop is the paragraph's, not a title, even with rows indented under it
    art = read_any(_stage_page("\n", "Give the alternative if resistance is likely.", _ROWS2).encode(),
                   "stage.txt")[0]
    assert "Give the alternative if resistance is likely." not in art.headings, art.headings


def test_the_alternative_titles_rows_are_its_drugs_at_its_stage_never_the_drug_of_its_condition(lexicon):
    # the drug named in the title's condition ("if trimethoprim resistance is likely") is the circumstance: the rows
    # under the title are nitrofurantoin's, recommended as the alternative, never trimethoprim's or first line
    from kg.importer.draft import build_draft

    text = _stage_page("\n", _SECOND, _ROWS2, "\n")
    draft = build_draft(read_any(text.encode(), "stage.txt")[0], lexicon, "stage.txt")
    doses = [((d.therapy or "").rsplit("/", 1)[-1], str(d.dose.amount_min)) for d in draft.doses]
    assert ("nitrofurantoin", "750") in doses and ("nitrofurantoin", "50") in doses, doses
    assert ("trimethoprim", "4") in doses, doses
    stages = {(r.therapy.rsplit("/", 1)[-1], r.stage.rsplit("/", 1)[-1].rsplit("#", 1)[-1])
              for r in draft.recommendations}
    assert ("nitrofurantoin", "Alternative") in stages and ("nitrofurantoin", "FirstLine") not in stages, stages
    assert ("trimethoprim", "FirstLine") in stages, stages


# --- bracket markers inside a sentence, at a wrapped line's end ---------------------------------------------------------

_MARKED_SENTENCES = [
    "Send deep tissue samples ahead of antibiotics where you can [1]; doses assume normal renal function [2]; grade "
    "severity with the IWGDF scheme [1,3].",
    "Add oral prednisolone 40 mg once daily for 1 week [1], then taper the daily dose by 5 mg each week until it is "
    "stopped [1,4].",
    "Escalate to prednisolone 40 mg by mouth once a day for one week,[1] then lower the dose by 5 mg a week until it "
    "is stopped.[1,4]",
    "Give amoxicillin 500 mg three times a day [2], or clarithromycin 500 mg twice a day if allergic [3].",
]


def _wrapped_at(sentence: str, width: int) -> str:
    return "\n".join(textwrap.wrap(sentence, width, break_long_words=False, break_on_hyphens=False))


@settings(max_examples=40, deadline=None)
@given(sentence=st.sampled_from(_MARKED_SENTENCES), width=st.integers(45, 110),
       layout=st.sampled_from(["text", "markdown"]))
def test_a_sentence_wrapped_anywhere_keeps_its_words_and_markers_as_on_one_line(sentence, width, layout):
    # at the widths pages wrap at, a marker printed inside the sentence ("where you can [1]; doses ...", "for 1 week
    # [1], then taper ...", "for one week,[1] then lower ...") ends up at a line's end when the page wraps there: it
    # is still the sentence's marker, never a number read into the next line's words ("can; 1 doses", "then 1
    # taper"), and the markers keep the order printed
    def read(body: str):
        if layout == "markdown":
            art = article("## Treatment\n\n" + body + "\n")
        else:
            art = read_any((TXT_HEAD + "TREATMENT\n" + body + "\n" + TXT_REFS).encode(), "layout.txt")[0]
        return [(i.text, i.markers) for i in art.items]

    assert read(_wrapped_at(sentence, width)) == read(sentence), (width, _wrapped_at(sentence, width))


def test_a_marker_before_the_comma_that_carries_the_sentence_on_is_the_sentences_marker():
    # "... for 1 week [1], then" / "taper ... stopped [1,4]." as printed: the statement reads "then taper", and [1]
    # is among its markers
    art = read_any((TXT_HEAD + "TREATMENT\nAdd oral prednisolone 40 mg once daily for 1 week [1], then\ntaper the "
                    "daily dose by 5 mg each week until it is stopped [1,4].\n" + TXT_REFS).encode(), "layout.txt")[0]
    (item,) = art.items
    assert "then taper" in item.text and "then 1" not in item.text, item.text
    assert tuple(item.markers) == ("1", "4"), item.markers


# --- a section title with a colon typed after it --------------------------------------------------------------------

def test_a_maintenance_section_title_reads_the_same_stage_with_a_colon_after_it(lexicon):
    # "## 5. Maintenance:" titles the maintenance section as "## 5. Maintenance" does: a colon with nothing after it
    # is the title's punctuation, not the "Maintenance: <dose>" label of a dose after the starting dose
    from kg.importer.draft import build_draft

    def stages(title: str) -> set[tuple[str, str]]:
        text = HEAD + f"## {title}\n\n- **Azathioprine** 2-2.5 mg/kg/day PO.[1]\n" + REFS
        draft = build_draft(read_any(text.encode(), "colon.md")[0], lexicon, "colon.md")
        return {(r.therapy.rsplit("/", 1)[-1], r.stage.rsplit("#", 1)[-1]) for r in draft.recommendations}

    assert stages("5. Maintenance:") == stages("5. Maintenance"), (stages("5. Maintenance:"), stages("5. Maintenance"))
    assert ("azathioprine", "TaperMaintenance") in stages("5. Maintenance:")


def test_a_maintenance_label_before_its_dose_is_still_no_stage(lexicon):
    # the label of the dose after the starting one ("Maintenance: digoxin 125 mcg") stays no stage
    assert lexicon.stage("Maintenance: digoxin 125 micrograms once daily") is None
    assert lexicon.stage("Maintenance:") is not None


_SPACERS = ("| |||", "| | | |", "|  |  |  |", "||||")


@settings(max_examples=20, deadline=None)
@given(spacer=st.sampled_from(_SPACERS), where=st.sets(st.integers(0, 2), min_size=1))
def test_an_empty_spacer_row_of_a_copied_table_is_accounted_for_never_silently_dropped(spacer, where):
    # a table copied from a web page (a journal's treatment table) prints '| |||' spacer rows between its rows; such a
    # row has no text to read, and the report must still place it (a real Lyme-disease table dropped 8 lines silently)
    rows = ["Doxycycline | 100 mg twice daily | 14 days |", "Amoxicillin | 500 mg three times daily | 14 days |",
            "Cefuroxime | 500 mg twice daily | 14 days |"]
    lines = ["Drug | Dose | Duration |", "---|---|---|"]
    for k, row in enumerate(rows):
        if k in where:
            lines.append(spacer)
        lines.append(row)
    body = "## Treatment\n\n" + "\n".join(lines) + "\n"
    art = article(body)
    assert not art.unaccounted(HEAD + body + REFS)
    assert any("empty table row" in why for _, why in art.skipped)
    # the rows read as they read without the spacers
    assert [t for t in _texts(art) if t[1]] == _texts(article("## Treatment\n\n" + "\n".join(lines[:2] + rows) + "\n"))
