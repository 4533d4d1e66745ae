"""A saved guideline page is read, not refused, for what surrounds the article (issue 13: whole files were refused
for their header, losing every fact).

Written from what each kind of line says on real pages: a breadcrumb trail, "Skip to main content", an author or
DOI line, share and print links, an "On this page" list, a disclaimer carry no clinical fact and are set aside
with a report line naming them; a date printed at the foot of the page ("Page last reviewed: ...", CDC's "Last
Reviewed: May 2024") is the article's date, a "Next review due" date is not; a page with no date says so and is
drafted as kgv:statesNoDate; an ambiguous numeric date keeps only its year; a header line that carries guidance
(a dose, a cited sentence, a list item) is read as a statement. Only a file with nothing to read is refused.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from import_quality import facts_of_draft
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, XSD

from kg.importer import ImporterError
from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from kg.sources.page_chrome import chrome_reason
from kg.vocab.namespaces import KGV

ARTICLES = Path(__file__).resolve().parent / "fixtures" / "import" / "articles"
REFS = "References\n\n1. Example Society. Gout flare guideline. Example Journal; 2020.\n"


def _read(text: str, name: str = "page.txt"):
    article, _ = read_any(text.encode("utf-8"), name)
    assert article.unaccounted(text) == [], "every non-blank line is placed or reported"
    return article


def _skipped(article) -> dict[int, str]:
    return dict(article.skipped)


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Skip to main content", "navigation"),
        ("Home > Conditions > Gout", "breadcrumb"),
        ("Home › Health A to Z › Gout › Treatment", "breadcrumb"),
        ("By Jane Example, Example Health Service", "author"),
        ("Authors: A. Example, B. Example", "author"),
        ("doi: 10.1234/example.2024.5678", "DOI"),
        ("https://doi.org/10.1234/example", "DOI"),
        ("Citation: Example J. Gout flares. Example Journal. 2024.", "citation"),
        ("Share | Print | Email", "share"),
        ("[Facebook](https://example.org/f) [Print](https://example.org/p)", "links"),
        ("© 2024 Example Health Service. All rights reserved.", "copyright"),
        ("Content source: Example Centre for Disease Control", "page-information"),
        ("Next review due: 12 May 2027", "planned review"),
        ("This information does not replace the advice of a doctor.", "disclaimer"),
        ("Skip directly to site content", "navigation"),
        ("Search the Example Health website", "navigation"),
        ("Author information Article notes Copyright and License information Disclaimer", "navigation"),
        ("Source: Example Centre for Respiratory Diseases", "page-information"),
        ("J Ex Med. 2024 May 3;12(4):123-130.", "citation"),
        ("John Smith,1 Jane Doe,2 and Ann Example3", "author"),
        ("Jane Doe; John Smith.", "author"),
    ],
)
def test_each_kind_of_page_furniture_is_recognised_by_what_it_is(line, kind):
    reason = chrome_reason(line)
    assert reason is not None and any(w in reason for w in {
        "navigation": ["navigation"], "breadcrumb": ["breadcrumb"], "author": ["author"], "DOI": ["DOI"],
        "citation": ["citation"], "share": ["share"], "links": ["links"], "copyright": ["copyright"],
        "page-information": ["page-information"], "planned review": ["planned review"],
        "disclaimer": ["disclaimer"]}[kind]), reason


@pytest.mark.parametrize(
    "line",
    [
        "Give colchicine 500 micrograms twice daily.",  # an amount
        "Do not give allopurinol during a flare.",  # advice
        "Home > give 5 mg > stop",  # a dose inside what looks like a trail
        "By day 3 most patients improve; review the dose then.",  # 'By' opening a sentence of advice
    ],
)
def test_a_line_that_carries_guidance_is_never_page_furniture(line):
    assert chrome_reason(line) is None


def test_furniture_before_the_title_and_the_first_section_is_set_aside_with_a_report_line_each():
    text = ("Skip to main content\nHome > Conditions > Gout\n\nGout flares in adults\n"
            "By Jane Example, Example Health Service\nShare | Print | Email\n"
            "Last updated: 12 May 2024\n\nTreatment\nGive naproxen 500 mg twice daily [1].\n\n" + REFS)
    a = _read(text)
    assert a.title == "Gout flares in adults" and a.last_updated == "2024-05-12"
    assert [i.text for i in a.items] == ["Give naproxen 500 mg twice daily. 1"]
    skipped = _skipped(a)
    assert {1, 2, 5, 6} <= set(skipped) and all("page furniture" in skipped[n] for n in (1, 2, 5, 6))
    reported = {line for line, m in a.problems if "page furniture" in m}
    assert {1, 2, 5, 6} <= reported


def test_a_date_at_the_foot_of_the_page_is_the_articles_date_and_a_next_review_date_is_not():
    text = ("Gout flares in adults\n\nTreatment\nGive naproxen 500 mg twice daily [1].\n\n" + REFS
            + "\nPage last reviewed: 12 May 2024\nNext review due: 12 May 2027\n")
    a = _read(text)
    assert a.last_updated == "2024-05-12" and a.date_line == 10
    assert [(r.position, r.year) for r in a.references] == [(1, 2020)]  # the footer joined no reference entry
    assert "planned review" in _skipped(a)[11]
    assert any(line == 10 and "below the article's text" in m for line, m in a.problems)


def test_a_month_only_date_in_a_cdc_style_footer_is_kept_as_the_month_and_its_source_line_is_placed():
    text = ("# Gout flares\n\n## Treatment\n\n- Give naproxen 500 mg twice daily [1].\n\n## References\n\n"
            "1. Example Society. Gout flare guideline. Example Journal; 2020.\n\n"
            "Last Reviewed: May 2024\nContent source: Example Centre for Disease Control\n")
    a = _read(text, "page.md")
    assert a.last_updated == "2024-05" and a.date_line == 11
    assert [(r.position, r.year, r.source) for r in a.references] == [(1, 2020, a.references[0].source)]
    assert "Content source" not in a.references[0].source and 12 in _skipped(a)


@pytest.mark.parametrize("label", ["Last edited", "Revised", "Issued", "Published", "This page was last updated on"])
def test_a_labelled_date_line_anywhere_in_the_body_dates_an_article_with_no_header_date(label):
    text = f"Gout flares\n\nTreatment\nGive naproxen 500 mg twice daily [1].\n{label}: 3 June 2024\n\n" + REFS
    a = _read(text)
    assert a.last_updated == "2024-06-03" and a.date_line == 5
    assert [i.text for i in a.items] == ["Give naproxen 500 mg twice daily. 1"]


def test_an_article_with_no_date_is_read_and_says_so_and_the_draft_states_no_date(lexicon):
    text = "Gout flares in adults\n\nTreatment\nGive naproxen 500 mg twice daily [1].\n\n" + REFS
    a = _read(text)
    assert a.last_updated is None and a.date_line is None
    assert any("states no date" in m for _, m in a.problems)
    draft = build_draft(a, lexicon, "page.txt")
    g = Graph().parse(data=draft.ttl, format="turtle")
    article = next(g.subjects(KGV.sourceFile, Literal("page.txt")))
    assert (article, KGV.statesNoDate, Literal(True)) in g
    assert g.value(article, DCTERMS.modified) is None  # never an invented date
    assert any("no date" in n.reason for n in draft.notes)


def test_an_ambiguous_numeric_date_is_drafted_as_its_year_only_with_both_readings_flagged(lexicon):
    text = "Gout flares in adults\nUpdated: 05/06/2024\n\nTreatment\nGive naproxen 500 mg twice daily [1].\n\n" + REFS
    a = _read(text)
    assert a.last_updated == "2024" and set(a.date_readings) == {"2024-06-05", "2024-05-06"}
    draft = build_draft(a, lexicon, "page.txt")
    g = Graph().parse(data=draft.ttl, format="turtle")
    article = next(g.subjects(KGV.sourceFile, Literal("page.txt")))
    assert g.value(article, DCTERMS.modified) == Literal("2024", datatype=XSD.gYear)
    flags = [str(m) for m in g.objects(None, KGV.message) if "2024-06-05" in str(m) and "2024-05-06" in str(m)]
    assert flags, "the draft carries a flag naming both readings"


def test_strict_still_refuses_an_article_with_no_date_or_an_ambiguous_date(cli_env, tmp_path):
    from kg_cli.main import main

    for name, text, expected in [
        ("none.txt", "Gout flares\n\nTreatment\nGive naproxen 500 mg twice daily [1].\n\n" + REFS, "no date"),
        ("ambiguous.txt", "Gout flares\nUpdated: 05/06/2024\n\nTreatment\nGive naproxen 500 mg daily [1].\n\n" + REFS,
         "ambiguous"),
    ]:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        out = tmp_path / f"drafts-{name}"
        strict = CliRunner().invoke(main, ["import", str(path), "--out", str(out), "--strict", "-q"], env=cli_env)
        assert strict.exit_code == 2 and expected in strict.output and not out.exists()
        plain = CliRunner().invoke(main, ["import", str(path), "--out", str(out), "-q"], env=cli_env)
        assert plain.exit_code == 0, plain.output


def test_a_header_line_carrying_guidance_is_read_as_a_statement_not_a_subtitle():
    text = ("Gout flares in adults\nColchicine 500 micrograms twice daily is first line [1].\n"
            "Updated: 12 May 2024\n\nTreatment\nGive naproxen 500 mg twice daily [1].\n\n" + REFS)
    a = _read(text)
    assert a.subtitle == "" and a.last_updated == "2024-05-12"
    assert [i.line for i in a.items] == [2, 6]


def test_a_key_points_box_before_the_first_section_is_read_as_statements_and_an_on_this_page_list_is_not():
    text = ("# Gout flares in adults\n\nOn this page\n\n- [Key points](#key-points)\n- [Treatment](#treatment)\n\n"
            "## Key points\n\n- Do not start allopurinol during a flare [1].\n\n## Treatment\n\n"
            "- Give naproxen 500 mg twice daily [1].\n\n## References\n\n"
            "1. Example Society. Gout flare guideline. Example Journal; 2020.\n\nPage last reviewed: 12 May 2024\n")
    a = _read(text, "page.md")
    assert [i.text for i in a.items] == ["Do not start allopurinol during a flare. 1",
                                         "Give naproxen 500 mg twice daily. 1"]
    assert {3, 5, 6} <= set(_skipped(a)) and a.last_updated == "2024-05-12"


def test_a_setext_title_and_yaml_front_matter_give_the_title_and_date():
    setext = ("Gout flares in adults\n=====================\n\nLast updated: 12 May 2024\n\nTreatment\n---------\n\n"
              "Give naproxen 500 mg twice daily [1].\n\n" + REFS)
    for name in ("page.txt", "page.md"):
        a = _read(setext, name)
        assert a.title == "Gout flares in adults" and a.last_updated == "2024-05-12"
        assert "Treatment" in a.headings and [i.text for i in a.items] == ["Give naproxen 500 mg twice daily. 1"]
    yaml = ('---\ntitle: "Gout flares in adults"\ndate: 2024-05-12\nauthor: Jane Example\ntags: [gout]\n---\n\n'
            "# Gout flares in adults\n\n## Treatment\n\n- Give naproxen 500 mg twice daily [1].\n\n## References\n\n"
            "1. Example Society. Gout flare guideline. Example Journal; 2020.\n")
    a = _read(yaml, "page.md")
    assert a.title == "Gout flares in adults" and a.last_updated == "2024-05-12"
    assert {1, 2, 3, 4, 5, 6, 8} <= set(_skipped(a))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"Title\n\x00\x01binary\n", "binary"),
        (b"<!DOCTYPE html>\n<html><body><p>Give 5 mg</p></body></html>\n", "HTML"),
        (b"# Only a title\n\n## One\n\n## Two\n", "no statements"),
    ],
)
def test_only_a_file_with_nothing_to_read_as_an_article_is_refused(data, expected):
    with pytest.raises(ImporterError, match=expected):
        read_any(data, "x.md")


# ---------------------------------------------------------------- property over the fixture articles

FURNITURE = [
    "Skip to main content",
    "Home > Health A to Z > Conditions",
    "By Jane Example, Example Health Service",
    "Share | Print | Email",
    "Disclaimer: this page is for information only and is not a substitute for professional advice.",
    "doi: 10.1234/example.2024.5678",
    "Citation: Example J. Example page. Example Journal. 2024.",
    "© 2024 Example Health Service",
    "[Print this page](https://example.org/print)",
    "Skip directly to site content",
    "Source: Example Centre for Respiratory Diseases",
    "John Smith,1 Jane Doe,2 and Ann Example3",
    "Example Health Service",
    "On this page\n- [Treatment](#treatment)\n- [Doses](#doses)",
    "<!-- saved from url=(0042)https://example.org/page -->",
]
FILES = sorted(p for p in ARTICLES.iterdir() if p.suffix in (".txt", ".md") and p.name != "README.md")
_WARMED: set[Path] = set()


def _facets(text: str, name: str, lexicon) -> dict:
    article, _ = read_any(text.encode("utf-8"), name)
    draft = build_draft(article, lexicon, name)
    got = facts_of_draft(draft, article, lexicon)
    return {k: got[k] for k in ("doses", "recommendations", "cautions")}


def _header_end(path: Path) -> int:
    """0-based index after the last header line (title, question, date, subtitle) of a fixture article."""
    text = path.read_text(encoding="utf-8")
    article, _ = read_any(text.encode("utf-8"), path.name)
    first_item = min(i.line for i in article.items) - 1
    return min(first_item, max((n for n in article.accounted if n - 1 < first_item), default=0))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(FILES), st.lists(st.tuples(st.integers(0, 40), st.sampled_from(FURNITURE)), max_size=5),
       st.booleans())
def test_page_furniture_before_the_first_section_or_the_date_moved_to_the_foot_changes_no_drafted_fact(
    lexicon, path, inserts, move_date
):
    text = path.read_text(encoding="utf-8")
    if path not in _WARMED:
        # a draft teaches the lexicon the new drugs it drafts (benchmarks/import_quality.py scores by them): the
        # first draft of a file is made once so both drafts compared below see the same lexicon
        _facets(text, path.name, lexicon)
        _WARMED.add(path)
    base = _facets(text, path.name, lexicon)
    lines = text.splitlines()
    end = _header_end(path)
    header, body = lines[:end], lines[end:]
    if move_date:
        article, _ = read_any(text.encode("utf-8"), path.name)
        dated = article.date_line - 1 if article.date_line else None
        if dated is not None and dated < end and re.search(r"[A-Za-z]", lines[dated]):
            body = body + ["", lines[dated]]
            header = header[:dated] + [""] + header[dated + 1:]
    for at, furniture in inserts:
        k = at % (len(header) + 1)
        header = header[:k] + ["", furniture, ""] + header[k:]
    changed = "\n".join(header + body) + "\n"
    assert _facets(changed, path.name, lexicon) == base


# ---------------------------------------------------------------- date wordings and titles of real pages


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Updated 12th May 2024", "2024-05-12"),  # an ordinal day
        ("Last reviewed: Monday, 3 June 2024", "2024-06-03"),  # a weekday before the date
        ("Published: 1st of March 2023", "2023-03-01"),
        ("Last updated: 2024/05/12", "2024-05-12"),  # year first: only one reading
        ("NICE guideline [NG999] Published: 09 June 2022", "2022-06-09"),  # the label after the page's own name
        ("Clinical guideline 12 | Last updated 3 March 2023", "2023-03-03"),
        # an approval date beside the planned review: the approval dates the page, the review is a plan
        ("Approved: 2 May 2024 | Review date: May 2027", "2024-05-02"),
        ("Approved 2 May 2024", "2024-05-02"),
        ("Date approved: 2 May 2024", "2024-05-02"),
    ],
)
def test_a_header_date_in_the_wordings_pages_print_is_read_as_printed(line, iso):
    text = f"Gout flares in adults\n{line}\n\nTreatment\nGive naproxen 500 mg twice daily [1].\n\n" + REFS
    a = _read(text)
    assert a.last_updated == iso and a.date_line == 2


def test_a_sentence_in_the_body_that_mentions_publication_does_not_date_the_article():
    text = ("Gout flares in adults\n\nTreatment\nThe trial was published on 3 May 2019 and changed practice [1].\n"
            "Give naproxen 500 mg twice daily [1].\n\n" + REFS)
    a = _read(text)
    assert a.last_updated is None and len(a.items) == 2


def test_in_markdown_the_hash_title_is_the_title_and_a_site_name_above_it_is_set_aside():
    text = ("Example Health Service\n\n# Gout flares in adults\n\nLast updated: 12 May 2024\n\n## Treatment\n\n"
            "- Give naproxen 500 mg twice daily [1].\n\n## References\n\n"
            "1. Example Society. Gout flare guideline. Example Journal; 2020.\n")
    a = _read(text, "page.md")
    assert a.title == "Gout flares in adults" and 1 in _skipped(a)
    assert a.headings[0] == "Gout flares in adults" and "Treatment" in a.headings


def test_a_publishers_name_above_the_title_is_set_aside_and_the_title_below_it_is_the_title():
    text = ("Example Health Service\nGout flares in adults\nLast updated — 12 May 2024\n\nTreatment\n"
            "Give naproxen 500 mg twice daily [1].\n\n" + REFS)
    a = _read(text)
    assert a.title == "Gout flares in adults" and a.last_updated == "2024-05-12"
    assert "publisher" in _skipped(a)[1]


def test_a_name_like_line_that_is_the_only_title_stays_the_title():
    # nothing title-like follows it (the date does): the page's only heading line is its title, never dropped
    text = "Example Health Service\nLast updated: 12 May 2024\n\nTreatment\nGive naproxen 500 mg twice daily [1].\n"
    a = _read(text)
    assert a.title == "Example Health Service" and 1 not in _skipped(a)


def test_an_html_comment_left_by_a_page_saver_is_furniture_not_guidance():
    text = ("<!-- saved from url=(0042)https://example.org/gout -->\n# Gout flares in adults\n\n"
            "Last updated: 12 May 2024\n\n## Treatment\n\n- Give naproxen 500 mg twice daily [1].\n")
    a = _read(text, "page.md")
    assert a.title == "Gout flares in adults" and "HTML comment" in _skipped(a)[1]


def test_the_population_named_in_a_subtitle_is_the_drafts_population(lexicon):
    text = ("Gout flares\nGuidance for children\nLast updated: 12 May 2024\n\nTreatment\n"
            "Give naproxen 5 mg/kg twice daily [1].\n\n" + REFS)
    a = _read(text)
    assert a.subtitle == "Guidance for children"
    draft = build_draft(a, lexicon, "page.txt")
    assert not any("population not stated" in n.reason for n in draft.notes)


@pytest.mark.parametrize(
    ("header", "iso", "line"),
    [
        ("Published: 1 March 2020\nLast updated: 3 May 2024", "2024-05-03", 3),  # the update, not the first print
        ("Last updated: 3 May 2024\nFirst published: 1 March 2020", "2024-05-03", 2),
        ("Published 1 March 2020 · Updated 3 May 2024", "2024-05-03", 2),
        ("Last reviewed: 2024", "2024", 2),  # a year alone is kept as the year, never given a day
    ],
)
def test_of_several_dates_in_the_header_the_last_update_is_the_articles_date(header, iso, line):
    text = f"Gout flares in adults\n{header}\n\nTreatment\nGive naproxen 500 mg twice daily [1].\n\n" + REFS
    a = _read(text)
    assert a.last_updated == iso and a.date_line == line
    assert [i.text for i in a.items] == ["Give naproxen 500 mg twice daily. 1"]


def test_a_breadcrumb_printed_one_part_a_line_under_home_is_set_aside_and_the_title_follows_it():
    text = ("Skip to main content\nHome\nHealth A to Z\nGout\n\nGout flares in adults\n"
            "Page last reviewed: 12 May 2024\n\nTreatment\nGive naproxen 500 mg twice daily [1].\n\n" + REFS)
    a = _read(text)
    assert a.title == "Gout flares in adults" and a.last_updated == "2024-05-12"
    assert {1, 2, 3, 4} <= set(_skipped(a))


def test_a_journal_pages_header_gives_its_title_and_sets_its_furniture_aside():
    text = ("Journal of Example Medicine\nJ Ex Med. 2024 May 3;12(4):123-130. doi: 10.1234/jem.2024.123\n"
            "Gout flares in adults: a consensus statement\nJohn Smith,1 Jane Doe,2 and Ann Example3\n"
            "Author information Article notes Copyright and License information Disclaimer\n\n"
            "Treatment\nGive naproxen 500 mg twice daily [1].\n\n" + REFS)
    a = _read(text)
    assert a.title == "Gout flares in adults: a consensus statement"
    assert {1, 2, 4, 5} <= set(_skipped(a))
    assert [i.text for i in a.items] == ["Give naproxen 500 mg twice daily. 1"]


def test_a_title_carrying_its_own_not_advice_note_in_brackets_is_still_the_title():
    text = ("Gout flares in adults (test guidance written for this project, not clinical advice)\n"
            "Rheumatology summary\nLast reviewed: 3 March 2025\n\nTreatment\nGive naproxen 500 mg twice daily [1].\n")
    a = _read(text)
    assert a.title.startswith("Gout flares in adults") and a.subtitle == "Rheumatology summary"
    assert 1 not in _skipped(a)


def test_a_version_number_closing_a_header_line_is_not_a_citation_marker_and_the_date_below_it_is_the_headers():
    text = ("Sore throat in adults\nPrescribing guidance | Version 3\nDate of issue: 14 June 2024 | Review date: "
            "June 2027\n\nTreatment\nGive phenoxymethylpenicillin 500 mg four times daily [1].\n\n" + REFS)
    a = _read(text)
    assert a.last_updated == "2024-06-14" and a.date_line == 3
    assert not any("below the article's text" in m for _, m in a.problems)
    assert a.subtitle == "Prescribing guidance | Version 3"


def test_header_items_set_apart_by_full_stops_give_the_date_of_the_item_labelled_with_one():
    text = ("Diabetic ketoacidosis in children\nVersion 4.1. Approved: 11 November 2024. Next review: November 2026.\n\n"
            "Treatment\nGive 0.05 units/kg/hour of insulin [1].\n\n" + REFS)
    a = _read(text)
    assert a.last_updated == "2024-11-11" and a.date_line == 2


def test_a_key_points_box_set_as_a_markdown_blockquote_is_read_as_its_list():
    text = ("# Gout flares in adults\n\nLast updated: 12 May 2024\n\n> **Key points**\n>\n"
            "> - Give naproxen 500 mg twice daily [1].\n> - Do not stop allopurinol during a flare.\n\n"
            "## Treatment\n\n- Colchicine 500 micrograms twice daily [1].\n")
    a = _read(text, "page.md")
    texts = [(i.kind, i.text) for i in a.items]
    assert ("bullet", "Give naproxen 500 mg twice daily. 1") in texts
    assert ("bullet", "Do not stop allopurinol during a flare.") in texts
    assert not any(t.startswith(">") for _, t in texts)


@pytest.mark.parametrize(
    "header",
    [
        "Pertussis (whooping cough): antibiotic treatment in infants, children and adults\n"
        "Invented test guidance written for a project; not clinical advice.\nLast reviewed: 14 March 2025",
        "Acute bacterial sinusitis in adults and children: watchful waiting and antibiotic choice\n"
        "Updated: 21 January 2025",
    ],
)
def test_a_long_title_set_directly_over_its_subtitle_or_date_is_the_title_not_a_wrapped_paragraph(header):
    text = f"{header}\n\nTreatment\nGive azithromycin 500 mg once daily [1].\n\n" + REFS
    a = _read(text)
    assert a.title == header.splitlines()[0]


def test_an_escaped_greater_than_sign_opening_a_markdown_line_is_text_not_a_blockquote():
    text = "# Fever in adults\n\nLast updated: 12 May 2024\n\n## Treatment\n\n\\> 5 days of fever: refer [1].\n"
    a = _read(text, "page.md")
    assert [i.text for i in a.items] == ["> 5 days of fever: refer. 1"]
