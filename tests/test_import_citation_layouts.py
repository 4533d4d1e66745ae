"""Citation markers and reference lists in the layouts real pages print them (kg.sources.citations, kg.sources.reader,
kg.importer.markdown): parenthesised numbers '(3)' / '(2, 4)' where a marker stands, a bare number before a sentence's
stop, 'Ref: 3', '[^3]' footnotes, markers printed inside a sentence or between an item's sentences, markers after a
lead-in's colon, headings with Pandoc/kramdown attributes, and the publication year of an entry that prints other
years too. Each expectation is written from what the layout means to a reader, not from the program's output."""

from __future__ import annotations

import re

from draft_reading import sentence_draft, warned_agents
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.markdown import read_any
from kg.sources.citations import publication_year

HEADER = "What is the treatment of an invented test condition?\n\nLast updated: May 5, 2021\n\nInvented Test Guidance\n\n"


def _refs(n: int, style: str = "{k}) ") -> str:
    return "References\n" + "".join(f"{style.format(k=k)}Invented author. Invented work number {k}. Example Publisher. "
                                    f"20{10 + k:02d}.\n" for k in range(1, n + 1))


def _plain(body: str, n_refs: int = 5) -> dict[str, tuple[str, ...]]:
    """statement text -> its markers, for a plain page with `body` under 'Treatment' and `n_refs` numbered references"""
    article, _ = read_any((HEADER + "Treatment\n\n" + body + "\n\n" + _refs(n_refs)).encode(), "page.txt")
    return {item.text: item.markers for item in article.items}


def _markers_of(items: dict[str, tuple[str, ...]], phrase: str) -> tuple[str, ...]:
    hits = [m for text, m in items.items() if phrase in text]
    assert hits, f"no statement says {phrase!r}: {list(items)}"
    return hits[0]


# ---- parenthesised numbers


def test_parenthesised_numbers_ending_a_sentence_or_bullet_are_its_citation_markers():
    items = _plain("Start antibiotics within 4 hours of diagnosis (1). Send sputum for culture first.\n"
                   "Review IV treatment by 48 hours and switch to oral if improving (1,2).\n\n"
                   "Escalate to IV therapy:\n"
                   "  - Piperacillin-tazobactam 4.5 g IV every 8 hours (3)\n"
                   "  - Meropenem 1 g IV every 8 hours, after microbiology advice (2, 4)\n")
    assert _markers_of(items, "within 4 hours of diagnosis") == ("1",)
    assert _markers_of(items, "switch to oral") == ("1", "2")
    assert _markers_of(items, "4.5 g IV") == ("3",)
    assert _markers_of(items, "Meropenem 1 g IV") == ("2", "4")
    # the number is out of the sentence's words: nothing reads '(3)' as part of the dose any more
    assert not any("(3)" in text or "(2, 4)" in text for text in items)


def test_parenthesised_markers_after_a_closing_bracket_and_on_a_wrapped_line_of_their_own():
    items = _plain("Start antibiotics within 4 hours of diagnosis (within 1 hour if sepsis is\n"
                   "suspected)(1). Send sputum for culture before the first dose.\n\n"
                   "Alternative:\n"
                   "  Doxycycline 200 mg orally on day 1, then 100 mg once daily for a further 4 days\n"
                   "  (1,3).\n")
    assert _markers_of(items, "sepsis is suspected") == ("1",)
    assert _markers_of(items, "for a further 4 days") == ("1", "3")


def test_parenthesised_counts_durations_limits_years_and_item_numbers_are_never_markers():
    items = _plain("Give amoxicillin 500 mg three times a day (5 days).\n"
                   "Give two doses of vaccine (2 doses).\n"
                   "Paracetamol 1 g every 6 hours (max 4 g).\n"
                   "As the 2019 guideline advised (2019).\n"
                   "Give 1-2 puffs as needed (2 to 4)\n"
                   "(1) Give oxygen to keep saturation above 94%.\n")
    for phrase in ("(5 days)", "(2 doses)", "(max 4 g)", "(2019)", "(2 to 4)", "(1) Give oxygen"):
        hits = [(text, m) for text, m in items.items() if phrase in text]
        assert hits and all(m == () for _, m in hits), (phrase, hits)


def test_a_parenthesised_number_the_reference_list_does_not_hold_stays_text_and_is_reported():
    text = HEADER + "Treatment\n\nGive amoxicillin 500 mg three times a day (7).\n\n" + _refs(3)
    article, _ = read_any(text.encode(), "page.txt")
    item = next(i for i in article.items if "amoxicillin" in i.text)
    assert item.markers == () and "(7)" in item.text
    assert any("'(7)'" in why and "7 is not in the reference list" in why and "curator" in why
               for _, why in article.problems)


def test_a_page_without_a_reference_list_reads_no_parenthesised_marker():
    article, _ = read_any((HEADER + "Treatment\n\nGive amoxicillin 500 mg three times a day (2).\n").encode(),
                          "page.txt")
    item = next(i for i in article.items if "amoxicillin" in i.text)
    assert item.markers == () and "(2)" in item.text


def test_parenthesised_markers_in_markdown_use_the_markdown_reference_list():
    page = ("# Invented test guidance\n\nLast updated: 5 May 2021\n\n## Treatment\n\n"
            "- Co-amoxiclav 500/125 mg orally three times a day for 5 days (1).\n"
            "- Ceftazidime 2 g IV every 8 hours (2)\n\n## References\n\n"
            "1. Invented author. Invented work one. Example Publisher. 2019.\n"
            "2. Invented author. Invented work two. Example Publisher. 2020.\n")
    article, _ = read_any(page.encode(), "page.md")
    by_text = {i.text: i.markers for i in article.items}
    assert _markers_of(by_text, "500/125 mg") == ("1",)
    assert _markers_of(by_text, "Ceftazidime 2 g") == ("2",)


# ---- a bare number before a sentence's stop, glued superscripts


def test_a_bare_number_before_the_stop_is_a_marker_only_when_the_list_holds_it_and_no_counted_word_precedes():
    items = _plain("The cause is most commonly autoimmune (Hashimoto's) thyroiditis 5.\n\n"
                   "Offer a take-home naloxone kit before discharge 2. Train the family too.\n\n"
                   "Do not use metformin in CKD stage 4.\n\n"
                   "Repeat the dose after day 3.\n\n"
                   "Increase the dose by 25.\n\n"
                   "Review the patient again 9.\n")
    assert _markers_of(items, "thyroiditis") == ("5",)
    assert _markers_of(items, "naloxone kit") == ("2",)
    assert _markers_of(items, "CKD stage 4") == ()
    assert _markers_of(items, "after day 3") == ()
    assert _markers_of(items, "by 25") == ()
    assert _markers_of(items, "again 9") == ()  # 9 is not an entry of the five-entry list


def test_superscripts_that_lost_their_raising_after_a_stop_are_all_read_even_when_spaced():
    items = _plain("Transdermal fentanyl 12 micrograms/hour patch, changed every 72 hours.2 5\n\n"
                   "Start oral morphine in addition to paracetamol.2\n")
    assert _markers_of(items, "72 hours") == ("2", "5")
    assert _markers_of(items, "in addition to paracetamol") == ("2",)


# ---- markers inside a sentence, between an item's sentences, after a lead-in's colon


def test_a_bracket_marker_inside_a_sentence_never_becomes_part_of_its_dose():
    items = _plain("Give amoxicillin [1] 500 mg three times a day for 5 days.\n\n"
                   "As the national guideline advises [2], give oxygen to keep saturation above 94%.\n")
    dose = next(text for text in items if "amoxicillin" in text)
    assert "500 mg three times a day for 5 days" in dose and not re.search(r"amoxicillin\s+1\b", dose)
    assert items[dose] == ("1",)
    assert _markers_of(items, "give oxygen") == ("2",)


def test_a_list_items_marker_before_its_comma_or_is_the_items_marker():
    page = ("# Invented test guidance\n\nLast updated: 5 May 2021\n\n## Treatment\n\nFirst line - either of:\n\n"
            "- fluconazole 150 mg orally as a single dose [2], or\n"
            "- clotrimazole 500 mg vaginal pessary as a single dose at night.\n\n## References\n\n"
            "1. Invented author. Invented work one. Example Publisher. 2019.\n"
            "2. Invented author. Invented work two. Example Publisher. 2020.\n")
    article, _ = read_any(page.encode(), "page.md")
    item = next(i for i in article.items if "fluconazole" in i.text)
    assert item.markers == ("2",) and "[2]" not in item.text


def test_an_items_sentences_each_citing_its_own_source_are_separate_statements():
    page = ("# Invented test guidance\n\nLast updated: 5 May 2021\n\n## Safety\n\n"
            "- **Pregnancy** - rifapentine is not recommended in pregnancy.[2] Isoniazid with pyridoxine may be "
            "given.[1]\n\n## References\n\n"
            "1. Invented author. Invented work one. Example Publisher. 2019.\n"
            "2. Invented author. Invented work two. Example Publisher. 2020.\n")
    article, _ = read_any(page.encode(), "page.md")
    by_text = {i.text: i.markers for i in article.items}
    assert _markers_of(by_text, "not recommended in pregnancy") == ("2",)
    assert _markers_of(by_text, "may be given") == ("1",)


def test_a_marker_between_an_items_sentences_with_none_at_its_end_cites_the_whole_item():
    items = _plain("  - Colchicine 500 micrograms orally 2-4 times daily; max 6 mg per course [1]. Wait at least 3\n"
                   "    days before a further course.\n"
                   "  - Ciprofloxacin 500 mg orally twice a day for 7 days [1][4]. Check the cautions first.\n")
    colchicine = next(text for text in items if "Colchicine" in text)
    assert items[colchicine] == ("1",) and "Wait at least 3 days" in colchicine
    assert not re.search(r"course\.\s+1\s+Wait", colchicine)  # no stray number left between the sentences
    assert _markers_of(items, "twice a day for 7 days") == ("1", "4")


def test_markers_after_a_lead_ins_colon_close_it_but_an_amount_after_a_colon_goes_on():
    items = _plain("  b) 3 months of weekly rifapentine plus isoniazid, age 12 years and over [2,4]:\n"
                   "       rifapentine orally once weekly for 12 weeks:\n"
                   "         50 kg and over: 900 mg\n\n"
                   "2. Transdermal fentanyl, for stable pain in people who cannot swallow: 12\n"
                   "   micrograms/hour patch, changed every 72 hours [3].\n")
    lead = next(text for text in items if "age 12 years and over" in text)
    assert items[lead] == ("2", "4") and "rifapentine orally once weekly" not in lead
    fentanyl = next(text for text in items if "Transdermal fentanyl" in text)
    assert "12 micrograms/hour" in fentanyl and items[fentanyl] == ("3",)


# ---- other marker styles


def test_labelled_and_footnote_citations_are_markers():
    items = _plain("Give amoxicillin 500 mg three times a day for 5 days. Ref: 2\n\n"
                   "Give oxygen to keep saturation above 94% (Refs 1, 3).\n\n"
                   "Give paracetamol 1 g every 6 hours.[^4]\n")
    assert _markers_of(items, "amoxicillin 500 mg") == ("2",)
    assert _markers_of(items, "saturation above 94%") == ("1", "3")
    assert _markers_of(items, "paracetamol 1 g") == ("4",)


def test_superscript_digits_and_html_sup_left_in_markdown_are_markers():
    page = ("# Invented test guidance\n\nLast updated: 5 May 2021\n\n## Treatment\n\n"
            "- Give amoxicillin 500 mg three times a day.¹,²\n"
            "- Give oxygen to keep saturation above 94%.<sup>3</sup>\n"
            "- Body surface area 1.5 m<sup>2</sup> or more: 500 mg.<sup>1</sup>\n\n## References\n\n"
            + "".join(f"{k}. Invented author. Invented work {k}. Example Publisher. 2019.\n" for k in range(1, 4)))
    article, _ = read_any(page.encode(), "page.md")
    by_text = {i.text: i.markers for i in article.items}
    assert _markers_of(by_text, "amoxicillin") == ("1", "2")
    assert _markers_of(by_text, "saturation above 94%") == ("3",)
    assert _markers_of(by_text, "1.5 m²") == ("1",)


# ---- headings with attributes


def test_a_references_heading_with_pandoc_or_kramdown_attributes_still_opens_the_reference_list():
    for heading, extra in (("## References {#refs}", ""), ("## References {.unnumbered}", ""),
                           ("## References {-}", ""), ("## References", "{: #refs}\n")):
        page = ("# Invented test guidance\n\nLast updated: 5 May 2021\n\n## Treatment {#treat}\n\n"
                "- Give amoxicillin 500 mg three times a day for 5 days [1].\n- Give oxygen [2].\n\n"
                f"{heading}\n{extra}\n"
                "1. Invented author. Invented work one. Example Publisher. 2019.\n"
                "2. Invented author. Invented work two. Example Publisher. 2020.\n")
        article, _ = read_any(page.encode(), "page.md")
        assert [(r.position, r.year) for r in article.references] == [(1, 2019), (2, 2020)], heading
        assert "Treatment" in article.headings and not any("{" in h for h in article.headings), heading
        assert not article.unaccounted(page), heading


# ---- reference years


def test_the_publication_year_is_read_not_the_year_of_an_update_revision_or_access():
    assert publication_year("NICE. Tuberculosis (NG33). 2016, updated 2024.")[0] == 2016
    assert publication_year("NICE. Tuberculosis (NG33). 2016 (updated 2024).")[0] == 2016
    assert publication_year("WHO. Invented guidance (2016, revised 2024).")[0] == 2016
    assert publication_year("Invented work. Example Publisher; 2019 [cited 2024 May 3].")[0] == 2019
    assert publication_year("Invented page. Available at: example.org (accessed 12 May 2024). 2018.")[0] == 2018
    assert publication_year("Smith J. Invented work. Lancet. 2010;375:1969-1987.")[0] == 2010
    assert publication_year("Smith J. Invented work. J Med. 2024;12:34. Epub 2023 Jan 5.")[0] == 2024


def test_an_entry_dated_only_by_a_review_is_read_with_it_flagged_and_one_dated_only_by_access_has_no_year():
    year, note = publication_year("Invented page. Last reviewed March 2024.")
    assert year == 2024 and "curator" in note
    year, note = publication_year("Invented page. Available at: example.org (accessed 12 May 2024).")
    assert year is None and "accessed" in note.casefold() and "curator" in note


def test_the_reader_takes_the_publication_year_in_both_layouts_and_says_so():
    entry = "National Institute for Health and Care Excellence. Tuberculosis (NG33). 2016, updated 2024."
    for name, page in (("page.txt", HEADER + "Treatment\n\nGive isoniazid 300 mg daily [1].\n\nReferences\n1) "
                        + entry + "\n"),
                       ("page.md", "# Invented test guidance\n\nLast updated: 5 May 2021\n\n## Treatment\n\n"
                        "- Give isoniazid 300 mg daily [1].\n\n## References\n\n1. " + entry + "\n")):
        article, _ = read_any(page.encode(), name)
        assert [(r.position, r.year) for r in article.references] == [(1, 2016)], name
        assert any("publication year read as 2016" in why for _, why in article.problems), name


# ---- an exception in a clause of its own


def test_an_exception_in_a_though_clause_is_not_a_contraindication_to_the_drug_before_it(lexicon):
    _, draft = sentence_draft(lexicon, "Isoniazid with pyridoxine may be given, though treatment can often wait "
                              "until after delivery unless exposure was recent.", name="exception.txt",
                              title="Exception", test="exception clause")
    assert not any(kind == "Contraindication" for _, kind in warned_agents(draft))


# ---- properties


_STYLES = {
    "bracket": lambda ms: " [" + ",".join(ms) + "]",
    "paren": lambda ms: " (" + ", ".join(ms) + ")",
    "caret": lambda ms: "^" + ",".join(ms),
    "superscript": lambda ms: ",".join(m.translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")) for m in ms),
    "footnote": lambda ms: "".join(f"[^{m}]" for m in ms),
}
_DRUGS = ["amoxicillin", "doxycycline", "ceftazidime", "meropenem", "linezolid", "prednisolone"]


@settings(max_examples=40, deadline=None)
@given(n_refs=st.integers(min_value=1, max_value=9), data=st.data())
def test_every_marker_and_reference_of_a_generated_page_is_read_and_no_dose_amount_is_one(n_refs, data):
    """Pages with N references and M cited dose statements, each in any supported marker style: every statement
    carries exactly the markers printed for it, every reference is read with its year, every line is accounted for,
    and a dose's amount (which is also an entry number of the list) stays in the statement's text."""
    style = data.draw(st.sampled_from(sorted(_STYLES)))
    m = data.draw(st.integers(min_value=1, max_value=6))
    lines, expected = [], []
    for k in range(m):
        cited = data.draw(st.lists(st.integers(1, n_refs), min_size=1, max_size=3, unique=True))
        amount = data.draw(st.integers(1, 9))
        text = f"Give {_DRUGS[k % len(_DRUGS)]} {amount} mg orally twice a day for {amount} days"
        lines.append(f"- {text}.{_STYLES[style]([str(c) for c in cited])}" if style in ("superscript", "caret")
                     else f"- {text}{_STYLES[style]([str(c) for c in cited])}.")
        expected.append((text, tuple(str(c) for c in cited)))
    page = (HEADER + "Treatment\n\n" + "\n".join(lines) + "\n\n"
            + _refs(n_refs, "[{k}] " if style != "paren" else "{k}. "))
    article, _ = read_any(page.encode(), "page.txt")
    for text, cited in expected:
        hits = [i for i in article.items if text in i.text]
        assert hits and hits[0].markers == cited, (text, cited, [(i.text, i.markers) for i in hits])
    assert [(r.position, r.year) for r in article.references] == [(k, 2010 + k) for k in range(1, n_refs + 1)]
    assert not article.unaccounted(page)


# ---- second round: forms found over held-out-12..24


def test_pandoc_superscript_citations_are_markers_and_a_squared_metre_stays_a_unit():
    page = ("# Invented test guidance\n\nLast updated: 5 May 2021\n\n## Treatment\n\n"
            "Offer aspirin 75-150 mg orally once daily from 12 weeks until birth.^1,3^\n\n"
            "Give 500 mg/m^2^ IV once.^2^\n\n## References\n\n"
            + "".join(f"{k}. Invented author. Invented work {k}. Example Publisher. 2019.\n" for k in range(1, 4)))
    article, _ = read_any(page.encode(), "page.md")
    by_text = {i.text: i.markers for i in article.items}
    assert _markers_of(by_text, "from 12 weeks until birth") == ("1", "3")
    assert _markers_of(by_text, "500 mg/m²") == ("2",)


def test_a_counted_word_after_a_determiner_or_its_own_number_does_not_take_the_marker_after_it():
    items = _plain("Ask about mood changes at every visit 5.\n\n"
                   "  - Check liver function and fasting lipids before starting and after 1\n"
                   "    month 4.\n\n"
                   "Repeat the dose after day 3.\n")
    assert _markers_of(items, "every visit") == ("5",)
    assert _markers_of(items, "after 1 month") == ("4",)
    assert _markers_of(items, "after day 3") == ()


def test_a_bare_marker_before_a_lead_ins_colon_and_alone_on_a_wrapped_line_is_read():
    items = _plain("Offer one of these combinations, applied once daily in the evening to all affected skin 1,2:\n"
                   "  - adapalene 0.1% with benzoyl peroxide 2.5% gel\n\n"
                   "Regimen 2:\n"
                   "  - clindamycin 1% gel\n\n"
                   "Severe renal impairment: isotretinoin 10 mg orally once daily to start\n"
                   "4.\n")
    assert _markers_of(items, "all affected skin") == ("1", "2")
    assert _markers_of(items, "Regimen 2") == ()
    assert _markers_of(items, "to start") == ("4",)


def test_an_items_sentences_citing_the_same_source_stay_one_statement_so_its_dose_keeps_its_maximum():
    page = ("# Invented test guidance\n\nLast updated: 5 May 2021\n\n## Treatment\n\n"
            "- Labetalol (oral): 100 mg twice daily initially.[2] Raise in 100 mg steps every 2-3 days as needed. "
            "Max 2.4 g daily, split into 3-4 doses.[2]\n\n## References\n\n"
            "1. Invented author. Invented work one. Example Publisher. 2019.\n"
            "2. Invented author. Invented work two. Example Publisher. 2020.\n")
    article, _ = read_any(page.encode(), "page.md")
    labetalol = [i for i in article.items if "Labetalol" in i.text or "Max 2.4 g" in i.text]
    assert len(labetalol) == 1 and "Max 2.4 g daily" in labetalol[0].text and labetalol[0].markers == ("2",)


def test_a_date_inside_a_reference_entry_is_the_works_never_the_pages():
    page = ("Invented test guidance\n\nTreatment\n\nGive aciclovir 800 mg orally five times a day [1].\n\n"
            "References\n1) National Institute for Health and Care Excellence. Clinical Knowledge\n"
            "   Summaries: Shingles. Last revised 2024.\n")
    article, _ = read_any(page.encode(), "page.txt")
    assert article.last_updated is None
    assert [(r.position, r.year) for r in article.references] == [(1, 2024)]
    assert not article.unaccounted(page)
