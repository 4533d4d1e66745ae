"""Page structure that must never cost a page its guidance, written from what each layout means to a reader.

A table of contents near the top of a page ("Contents" / "On this page" / "In this guideline", or numbered section
titles with no caption) lists the sections printed below it, "8. References" among them. It is navigation: set
aside with a report line, never the start of the reference list (which would swallow the whole page below it), and
never read as headings or statements. The reference list is the last section so titled with entries that read as
references.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from import_quality import facts_of_draft

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

TITLE = "Invented guidance on a page-structure reading test (not clinical advice)"
DATE = "Last reviewed: 4 May 2025"
REFERENCES = [
    "Smith J, Jones K. An invented guideline on focal seizures in adults. J Invented Neurol. 2020;12:1-10.",
    "Brown A. An invented titration study. Invented Epilepsia. 2019;60:100-110.",
]
# the sections of the page: (title, statement under it); each statement says its own dose in words a reader reads
SECTIONS = [
    ("Definitions", "Focal seizures start in one part of the brain [1]."),
    ("First presentation", "Start lamotrigine 25 mg once daily by mouth for 2 weeks [2]."),
    ("Alternate-day phase", "If valproate is also taken, give lamotrigine 25 mg on alternate days for 2 weeks [2]."),
    ("Maintenance", "Give levetiracetam 500 mg twice daily by mouth [1]."),
]


def _page(layout: str, contents: str | None, numbered: bool) -> str:
    """The page in the plain or Markdown layout, with a contents block of the given style (None: none) and its
    section headings numbered or not."""
    md = layout == "markdown"
    out = [f"# {TITLE}" if md else TITLE, "", DATE, ""]
    titles = [t for t, _ in SECTIONS] + ["References"]
    if contents is not None:
        caption, style = contents.split(":")
        if caption:
            out += [f"## {caption}" if md and style != "plain" else caption]
            if md:
                out.append("")
        for n, t in enumerate(titles, start=1):
            slug = t.casefold().replace(" ", "-")
            entry = {"numbered": f"{n}. {t}", "plain": t, "link": f"- [{t}](#{slug})",
                     "numbered-link": f"{n}. [{t}](#{slug})", "leaders": f"{n}. {t} ........ {n + 2}"}[style]
            out.append(entry)
        out.append("")
    for n, (t, statement) in enumerate(SECTIONS, start=1):
        heading = f"{n}. {t}" if numbered else t
        out += [f"## {heading}" if md else heading, statement, ""]
        if md:
            out.insert(len(out) - 2, "")
    refs = f"{len(SECTIONS) + 1}. References" if numbered else "References"
    out += [f"## {refs}" if md else refs, *(f"{k}. {r}" for k, r in enumerate(REFERENCES, start=1)), ""]
    return "\n".join(out)


def _facts(text: str, name: str, lexicon):
    article, _ = read_any(text.encode(), name)
    draft = build_draft(article, lexicon, name)
    facts = facts_of_draft(draft, article, draft.lexicon or lexicon)
    return article, facts


CONTENTS = ["Contents:numbered", "CONTENTS:numbered", "On this page:link", "In this guideline:numbered",
            "Contents:plain", "Contents:leaders", ":numbered", "On this page:numbered-link"]


def test_a_contents_block_listing_references_does_not_start_the_reference_list(lexicon):
    # "CONTENTS / 1. Definitions ... 5. References" at the top, then the body whose headings repeat those titles
    for layout, name in (("text", "toc.txt"), ("markdown", "toc.md")):
        plain_article, plain = _facts(_page(layout, None, numbered=True), name, lexicon)
        article, facts = _facts(_page(layout, "CONTENTS:numbered", numbered=True), name, lexicon)
        assert facts["doses"] == plain["doses"] and len(facts["doses"]) == 3, (layout, facts["doses"])
        assert [(r.position, r.year) for r in article.references] == [(1, 2020), (2, 2019)]
        assert article.unaccounted(_page(layout, "CONTENTS:numbered", numbered=True)) == []
        # every contents line is set aside with its reason, and none is read as a statement or a heading
        skipped = {n: why for n, why in article.skipped}
        lines = _page(layout, "CONTENTS:numbered", numbered=True).splitlines()
        caption = next(k for k, ln in enumerate(lines) if ln.strip() in ("CONTENTS", "## CONTENTS"))
        first = caption + (2 if layout == "markdown" else 1)
        toc = [caption + 1] + [k + 1 for k in range(first, lines.index("", first))]
        assert len(toc) == len(SECTIONS) + 2
        assert toc and all("table of contents" in skipped.get(n, "") for n in toc), (toc, skipped)
        assert not any(i.line in toc for i in article.items)


def test_a_contents_block_with_no_caption_is_recognised_by_its_titles_repeating_the_numbered_sections(lexicon):
    text = _page("text", ":numbered", numbered=True)
    article, facts = _facts(text, "toc.txt", lexicon)
    assert len(facts["doses"]) == 3 and len(article.references) == 2
    assert not any(i.text.startswith(("1. Definitions", "Definitions")) for i in article.items)


def test_a_numbered_list_under_prose_whose_items_are_not_later_sections_stays_guidance(lexicon):
    # three short numbered lines with no caption are a list of the page's own, unless they repeat numbered sections
    body = "Treatment\nChoose one, in this order [1]:\n\n1. Lamotrigine\n2. Levetiracetam\n3. Carbamazepine\n\n" \
           "Dosing\nStart lamotrigine 25 mg once daily by mouth [2].\n\nReferences\n" + \
           "\n".join(f"{k}. {r}" for k, r in enumerate(REFERENCES, start=1)) + "\n"
    article, _ = read_any(f"{TITLE}\n\n{DATE}\n\n{body}".encode(), "list.txt")
    texts = [i.text for i in article.items]
    assert any(t.startswith("Levetiracetam") for t in texts), texts


def test_the_reference_list_is_the_last_section_so_titled_with_entries_that_read_as_references(lexicon):
    # a "See References" style mention, a section titled References with no entries (a note), then the real list
    text = (f"{TITLE}\n\n{DATE}\n\nTreatment\nStart lamotrigine 25 mg once daily by mouth [1].\n\n"
            "References\nThe sources are listed at the end of the page.\n\n"
            "Maintenance\nGive levetiracetam 500 mg twice daily by mouth [2].\n\n"
            "References\n" + "\n".join(f"{k}. {r}" for k, r in enumerate(REFERENCES, start=1)) + "\n")
    article, facts = _facts(text, "refs.txt", lexicon)
    assert len(facts["doses"]) == 2, facts["doses"]
    assert [(r.position, r.year) for r in article.references] == [(1, 2020), (2, 2019)]
    assert article.unaccounted(text) == []


def test_a_markdown_numbered_references_heading_reads_its_numbered_entries(lexicon):
    # "## 5. References" names the list as "## References" does: its numbered entries are references, not bullets
    text = _page("markdown", None, numbered=True)
    article, _ = _facts(text, "num.md", lexicon)
    assert [(r.position, r.year) for r in article.references] == [(1, 2020), (2, 2019)]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(layout=st.sampled_from(["text", "markdown"]), contents=st.sampled_from([None, *CONTENTS]),
       numbered=st.booleans())
def test_the_same_facts_are_drafted_whatever_the_contents_block_and_numbering(lexicon, layout, contents, numbered):
    name = "prop.md" if layout == "markdown" else "prop.txt"
    _, base = _facts(_page(layout, None, numbered=False), name, lexicon)
    text = _page(layout, contents, numbered)
    article, facts = _facts(text, name, lexicon)
    assert Counter(facts["doses"]) == Counter(base["doses"]), (contents, numbered, text)
    assert facts["references"] == base["references"]
    assert article.unaccounted(text) == []


# --- heading levels: a numbered section over unnumbered subsections -------------------------------------------------

SUBSECTIONS = [("Lamotrigine (monotherapy)", "Give lamotrigine 100 mg twice daily as maintenance [1]."),
               ("Levetiracetam", "Give levetiracetam 500 mg twice daily [1].")]
NUMBERINGS = ["4. {t}", "4 {t}", "4) {t}", "Section 4 - {t}", "Section 4: {t}"]


def _levels_page(layout: str, numbering: str, blank_under: bool, sub_marks: str = "###") -> str:
    """A numbered section 'Oral doses for adults' holding unnumbered subsections, one per drug; then a numbered
    section naming another route, so the route must not run on past its section."""
    md = layout == "markdown"
    out = [f"# {TITLE}" if md else TITLE, "", DATE, ""]
    top = numbering.format(t="Oral doses for adults")
    out += [f"## {top}" if md else top]
    if blank_under or md:
        out.append("")
    for title, statement in SUBSECTIONS:
        out += [f"{sub_marks} {title}" if md else title, *([""] if md else []), statement, ""]
    nxt = numbering.replace("4", "5").format(t="Intravenous doses")
    out += [f"## {nxt}" if md else nxt, *([""] if md else []), "Give phenytoin 20 mg/kg once as a loading dose [1].", ""]
    out += ["## References" if md else "References", f"1. {REFERENCES[0]}", ""]
    return "\n".join(out)


def test_an_unnumbered_subsection_under_a_numbered_section_holds_the_sections_route(lexicon):
    # "4. Oral doses for adults" printed between blank lines, then "Lamotrigine (monotherapy)" over its dose: the
    # numbered title is the section, the drug's title a subsection, so the doses in it are oral
    text = _levels_page("text", "4. {t}", blank_under=True)
    article, facts = _facts(text, "levels.txt", lexicon)
    inside = [i for i in article.items if i.heading in {t for t, _ in SUBSECTIONS}]
    assert inside and all(i.outer == ("4. Oral doses for adults",) for i in inside), [(i.heading, i.outer)
                                                                                    for i in article.items]
    routes = {(d[0].rsplit("/", 1)[-1], d[5]) for d in facts["doses"]}
    assert routes == {("lamotrigine", "oral"), ("levetiracetam", "oral"), ("phenytoin", "intravenous")}, routes


def test_a_list_spaced_by_blank_lines_stays_a_list_not_numbered_headings():
    # "1. Oxygen" / "2. Salbutamol" / "3. Ipratropium" set apart by blank lines are the items of one list
    body = "Treatment\nGive these in order [1]:\n\n1. Oxygen\n\n2. Salbutamol\n\n3. Ipratropium\n\nReview at 1 hour.\n"
    text = f"{TITLE}\n\n{DATE}\n\n{body}\nReferences\n1. {REFERENCES[0]}\n"
    article, _ = read_any(text.encode(), "loose.txt")
    assert not any(h.startswith(("1.", "2.", "3.")) for h in article.headings), article.headings
    assert {i.text for i in article.items} >= {"Oxygen", "Salbutamol", "Ipratropium"}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(layout=st.sampled_from(["text", "markdown"]), numbering=st.sampled_from(NUMBERINGS), blank_under=st.booleans(),
       sub_marks=st.sampled_from(["##", "###", "####"]))
def test_a_numbered_sections_route_reaches_every_dose_of_its_subsections_whatever_the_layout(
        lexicon, layout, numbering, blank_under, sub_marks):
    text = _levels_page(layout, numbering, blank_under, sub_marks)
    article, facts = _facts(text, "levels.md" if layout == "markdown" else "levels.txt", lexicon)
    routes = sorted((d[0].rsplit("/", 1)[-1], d[1], d[5]) for d in facts["doses"])
    assert routes == [("lamotrigine", "100", "oral"), ("levetiracetam", "500", "oral"),
                      ("phenytoin", "20", "intravenous")], (text, routes)
    assert article.unaccounted(text) == []


def test_a_numbered_sections_age_band_reaches_the_dose_of_its_unnumbered_subsection_and_stops_at_the_next(lexicon):
    text = (f"{TITLE}\n\n{DATE}\n\n4. Oral doses for children 12 to 17 years\n\nLamotrigine\n"
            "Give lamotrigine 25 mg once daily [1].\n\n5. Oral doses for adults\n\nLevetiracetam\n"
            f"Give levetiracetam 500 mg twice daily [1].\n\nReferences\n1. {REFERENCES[0]}\n")
    _, facts = _facts(text, "bands.txt", lexicon)
    bands = {(d[0].rsplit("/", 1)[-1], d[5], d[11]) for d in facts["doses"]}
    assert bands == {("lamotrigine", "oral", "12-17 years"), ("levetiracetam", "oral", None)}, bands


# --- full stops of abbreviations --------------------------------------------------------------------------------

def _body_page(body: str, md: bool = False) -> str:
    if md:
        return f"# {TITLE}\n\n{DATE}\n\n## Treatment\n\n{body}\n\n## References\n\n1. {REFERENCES[0]}\n"
    return f"{TITLE}\n\n{DATE}\n\nTreatment\n{body}\n\nReferences\n1. {REFERENCES[0]}\n"


def test_a_maximum_abbreviated_at_a_line_end_stays_the_maximum_of_the_dose_before_it(lexicon):
    # "max." ends the line and the amount is on the next: the 4 g is the dose's daily maximum, never a dose to give
    text = _body_page("Give paracetamol 1 g every 6 hours by mouth, max.\n4 g daily [1].")
    article, facts = _facts(text, "max.txt", lexicon)
    assert [i.text for i in article.items] == ["Give paracetamol 1 g every 6 hours by mouth, max. 4 g daily. 1"]
    (dose,) = facts["doses"]
    # (the measured facts compare a ceiling in a unit of mass in mg, fixtures README "Facts": 4 g a day is 4000 mg)
    assert dose[1:3] == ("1", "g") and dose[10] == "4000 mg day", dose


LEADING = ["max.", "min.", "approx.", "e.g.", "i.e.", "Dr.", "et al.", "vs.", "cf.", "incl."]
TRAILING = ["b.d.", "t.d.s.", "o.d.", "q.d.s.", "p.o.", "i.v.", "tab.", "caps.", "wk.", "yrs.", "No."]


def test_a_full_stop_after_an_abbreviation_that_leads_into_a_capital_ends_no_sentence():
    for abbreviation in LEADING:
        text = _body_page(f"Use a weak opioid, {abbreviation} Codeine 30 mg every 6 hours by mouth [1].")
        article, _ = read_any(text.encode(), "lead.txt")
        assert len(article.items) == 1, (abbreviation, [i.text for i in article.items])


def test_a_dosing_abbreviation_then_a_capital_still_ends_the_sentence_it_closes():
    # "500 mg b.d. Review ..." : the abbreviation's stop doubles as the sentence's
    article, _ = read_any(_body_page("Give naproxen 500 mg b.d. Review the dose at 48 hours [1].").encode(), "t.txt")
    assert [i.text for i in article.items] == ["Give naproxen 500 mg b.d.", "Review the dose at 48 hours. 1"]


@settings(max_examples=60, deadline=None)
@given(abbreviation=st.sampled_from(LEADING + TRAILING), md=st.booleans(), data=st.data())
def test_a_line_wrapped_after_an_abbreviation_is_one_statement_whatever_the_wrap(abbreviation, md, data):
    # a statement with an abbreviation's full stop inside it reads as one statement wherever the page wrapped it
    # after the abbreviation: the next line opens with an amount or a word that goes on with the sentence
    tail = data.draw(st.sampled_from(["4 g daily [1].", "500 mg twice daily by mouth [1].", "for 5 days [1].",
                                      "with food, for 5 days [1]."]))
    head = data.draw(st.sampled_from(["Give paracetamol 1 g every 6 hours,", "Give ibuprofen 400 mg", "Give one"]))
    one_line = _body_page(f"{head} {abbreviation} {tail}", md)
    wrapped = _body_page(f"{head} {abbreviation}\n{tail}", md)
    name = "w.md" if md else "w.txt"
    flat = [i.text for i in read_any(one_line.encode(), name)[0].items]
    article = read_any(wrapped.encode(), name)[0]
    assert [i.text for i in article.items] == flat and len(flat) == 1, (wrapped, [i.text for i in article.items])
    assert article.unaccounted(wrapped) == []


# --- a list of the page's abbreviations ------------------------------------------------------------------------

GLOSSARY = ["NSAID: non-steroidal anti-inflammatory drug", "PPI - proton pump inhibitor", "bd  twice daily",
            "IV = intravenous", "ACEi, angiotensin-converting enzyme inhibitor"]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(md=st.booleans(), caption=st.sampled_from(["Abbreviations", "Glossary", "List of abbreviations",
                                                  "Abbreviations used in this guideline", "7. Abbreviations"]),
       entries=st.lists(st.sampled_from(GLOSSARY), min_size=1, max_size=5, unique=True), before=st.booleans())
def test_a_list_of_abbreviations_drafts_nothing_and_every_entry_is_accounted_for(lexicon, md, caption, entries,
                                                                                  before):
    # what a short form stands for is not guidance: a drug class spelled out is not recommended, a frequency is not
    # a dose and no line of it is a monitoring item; the dose in the treatment section is drafted as ever
    mark = "## " if md else ""
    gap = "\n" if md else ""
    glossary = f"{mark}{caption}\n{gap}" + "\n".join(f"- {e}" if md else e for e in entries) + "\n"
    treatment = f"{mark}Treatment\n{gap}Give naproxen 500 mg twice daily by mouth for 5 days [1].\n"
    body = f"{glossary}\n{treatment}" if before else f"{treatment}\n{glossary}"
    head = f"# {TITLE}" if md else TITLE
    text = f"{head}\n\n{DATE}\n\n{body}\n{mark}References\n{gap}1. {REFERENCES[0]}\n"
    article, facts = _facts(text, "g.md" if md else "g.txt", lexicon)
    assert [d[0].rsplit("/", 1)[-1] for d in facts["doses"]] == ["naproxen"], facts["doses"]
    assert list(facts["recommendations"]) == [(facts["doses"].most_common()[0][0][0], "FirstLine")] or \
        all(r[0].endswith("naproxen") for r in facts["recommendations"]), facts["recommendations"]
    assert not facts["monitoring_text"] and not facts["cautions"]
    assert article.unaccounted(text) == []
    assert not any(i.text.split(":")[0] in {"NSAID", "PPI", "IV"} for i in article.items)


def test_an_abbreviations_line_in_the_body_is_a_glossary_not_guidance(lexicon):
    text = _body_page("Give naproxen 500 mg twice daily by mouth [1].\n\nAbbreviations: NSAID, non-steroidal "
                      "anti-inflammatory drug; PPI, proton pump inhibitor; bd, twice daily.")
    article, facts = _facts(text, "line.txt", lexicon)
    assert [i.text for i in article.items] == ["Give naproxen 500 mg twice daily by mouth. 1"]
    assert {r[0].rsplit("/", 1)[-1] for r in facts["recommendations"]} == {"naproxen"}
    assert article.unaccounted(text) == []


def test_a_line_of_guidance_under_an_abbreviations_heading_is_still_read():
    # only entries are set aside: advice written under the heading (no short form and gap) stays a statement
    text = _body_page("x").replace("Treatment\nx", "Abbreviations\nNSAID: non-steroidal anti-inflammatory drug\n"
                                                  "Avoid NSAIDs in people with kidney disease [1].")
    article, _ = read_any(text.encode(), "adv.txt")
    assert [i.text for i in article.items] == ["Avoid NSAIDs in people with kidney disease. 1"]


def test_a_numbered_question_titles_its_section_as_the_question_alone_does():
    # "5. How is treatment monitored?" over its list is the section's title, as "How is treatment monitored?" is
    for numbered in ("5. How is treatment monitored?", "5 How is treatment monitored?"):
        text = _body_page("Give naproxen 500 mg twice daily by mouth [1].\n\n" + numbered +
                          "\n\n- Check renal function 1-2 weeks after starting [1].")
        article, _ = read_any(text.encode(), "q.txt")
        assert numbered in article.headings, article.headings
        assert not any(i.text.startswith(numbered) for i in article.items)


def test_a_short_numbered_title_over_an_indented_list_heads_it_as_the_unnumbered_title_does(lexicon):
    # "10. Cautions and contraindications" over "  * Colchicine is contraindicated ...": the section's title, so the
    # list is read as cautions, never as a list item holding recommendations
    for title in ("Cautions and contraindications", "10. Cautions and contraindications"):
        text = _body_page("Give colchicine 500 micrograms twice daily by mouth [1].\n\n" + title + "\n"
                          "  * Colchicine is contraindicated in people taking clarithromycin [1].\n"
                          "  * Avoid naproxen if eGFR is below 30 mL/min [1].")
        article, facts = _facts(text, "c.txt", lexicon)
        assert title in article.headings, article.headings
        kinds = {(a.rsplit("/", 1)[-1], k) for a, k in facts["cautions"]}
        assert ("colchicine", "Contraindication") in kinds, kinds
        assert all(s == "FirstLine" for _, s in facts["recommendations"]), facts["recommendations"]
