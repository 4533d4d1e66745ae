"""A list pasted from a web page under a warning heading sets one condition or drug per line, no bullet, no stop, each
line between blank lines:

    Contraindications

    Pregnancy

    Severe renal impairment

A reader of the page sees the items of the "Contraindications" list; the plain-text layout reader could only take each
short line for a heading of its own with nothing under it, so the conditions were drafted nowhere and no count saw
them. They are the heading's items (kg/importer/heading_lists.py), and every other heading with nothing under it is
reported with its line. Every sentence is invented for this test in our own words; what it should draft was decided
before the importer was run on it."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

HEADER = "Methotrexate for an invented joint condition\n\nLast updated: 2 May 2025\n\n"
TREATMENT = "Treatment\n\nStart methotrexate 7.5 mg by mouth once a week.\n\n"


def _read(body: str):
    text = HEADER + body
    article, _ = read_any(text.encode(), "lists.txt")
    assert article.unaccounted(text) == []
    return article


def _under(article, heading: str) -> list[str]:
    return [item.text for item in article.items if item.heading == heading]


@pytest.mark.parametrize("heading", ["Contraindications", "Cautions", "Side effects", "Do not use in", "Avoid in"])
def test_bare_lines_under_a_warning_heading_are_its_items_not_headings(heading):
    article = _read(TREATMENT + f"{heading}\n\nPregnancy\n\nSevere renal impairment\n\nActive infection\n")
    assert _under(article, heading) == ["Pregnancy", "Severe renal impairment", "Active infection"]
    assert not {"Pregnancy", "Severe renal impairment", "Active infection"} & set(article.headings)
    assert article.empty_headings == []


def test_the_list_ends_at_a_heading_with_its_own_text_under_it():
    article = _read(TREATMENT + "Contraindications\n\nPregnancy\n\nSevere renal impairment\n\nMonitoring\n\n"
                    "Check the blood count every month.\n")
    assert _under(article, "Contraindications") == ["Pregnancy", "Severe renal impairment"]
    assert _under(article, "Monitoring") == ["Check the blood count every month."]


def test_the_conditions_are_contraindications_of_the_drug_in_context_flagged_as_carried(lexicon):
    article = _read(TREATMENT + "Contraindications\n\nPregnancy\n\nSevere renal impairment\n")
    draft = build_draft(article, lexicon, "lists.txt")
    kinds = [(agent or "").rsplit("/", 1)[-1] + " " + kind for _st, agent, kind in draft.caution_facts]
    assert kinds == ["methotrexate Contraindication", "methotrexate Contraindication"]
    carried = [n for n in draft.notes if n.text in ("Pregnancy", "Severe renal impairment") and "curator" in n.reason]
    assert {n.text for n in carried} == {"Pregnancy", "Severe renal impairment"}


def test_a_heading_with_nothing_under_it_is_reported_with_its_line():
    # "Cautions" stands over another heading: kept as a title, and the report says so
    article = _read(TREATMENT + "Cautions\n\nAdults\nTake methotrexate with food.\n")
    assert article.empty_headings == [9]
    assert any(line == 9 and "'Cautions' has no statement under it" in why for line, why in article.problems)


_ITEMS = st.lists(st.sampled_from(["Pregnancy", "Breastfeeding", "Severe renal impairment", "Active infection",
                                   "Liver disease", "Children under 2 years", "Alcohol dependence",
                                   "Blood disorders", "Trimethoprim", "Live vaccines"]),
                  min_size=1, max_size=7, unique=True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(heading=st.sampled_from(["Contraindications", "CONTRAINDICATIONS", "Cautions", "Side effects",
                                "Do not use in", "Avoid in", "Interactions", "Precautions"]),
       items=_ITEMS, gap=st.sampled_from(["\n\n", "\n\n\n"]), after=st.booleans())
def test_every_line_of_a_bare_list_under_a_warning_heading_is_one_of_its_items(heading, items, gap, after):
    tail = "Monitoring\n\nCheck the blood count every month.\n" if after else ""
    article = _read(TREATMENT + heading + gap + gap.join(items) + "\n\n" + tail)
    assert _under(article, heading) == items


_LINES = st.lists(st.sampled_from(["Pregnancy", "Adults", "First line", "TREATMENT", "Cautions", "Monitoring",
                                   "Give methotrexate 7.5 mg by mouth once a week.", "Check the liver tests monthly.",
                                   "Side effects", "Mouth ulcers"]), min_size=1, max_size=10)


@settings(max_examples=60, deadline=None)
@given(lines=_LINES, gaps=st.lists(st.booleans(), min_size=10, max_size=10))
def test_every_heading_either_has_a_statement_under_it_or_is_reported(lines, gaps):
    """The invariant: a line placed as a heading (not the title) with no statement under it is counted in the report,
    whatever the page's short lines are and however they are spaced."""
    body = "".join(line + ("\n\n" if gap else "\n") for line, gap in zip(lines, gaps, strict=False))
    text = HEADER + "Treatment\n\nGive methotrexate 7.5 mg by mouth once a week.\n\n" + body
    article, _ = read_any(text.encode(), "lists.txt")
    assert article.unaccounted(text) == []
    item_lines = [item.line for item in article.items]
    heads = article.heading_at
    for k, (line, heading, _) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else 10**9
        sub = k + 1 < len(heads) and heading in heads[k + 1][2]
        if not any(line < n < end for n in item_lines) and not sub:
            assert line in article.empty_headings, (heading, line)
            assert any(n == line and "no statement under it" in why for n, why in article.problems)


MD_HEAD = "# Methotrexate for an invented joint condition\n\nLast updated: 2 May 2025\n\n## Treatment\n\n" \
          "Start methotrexate 7.5 mg by mouth once a week [1].\n\n"
MD_REFS = "\n## References\n\n1. An invented guideline title. Example Publisher; 2020.\n"


@pytest.mark.parametrize("title", ["**Contraindications**", "Contraindications", "**Do not use in:**"])
def test_a_line_that_only_names_a_list_titles_the_bare_lines_under_it_in_markdown(lexicon, title):
    text = MD_HEAD + f"{title}\n\nPregnancy\n\nSevere renal impairment\n" + MD_REFS
    article, _ = read_any(text.encode(), "lists.md")
    assert article.unaccounted(text) == []
    kinds = {kind for _st, agent, kind in build_draft(article, lexicon, "lists.md").caution_facts
             if (agent or "").endswith("/methotrexate")}
    under = [i for i in article.items if i.text in ("Pregnancy", "Severe renal impairment")]
    assert len(under) == 2 and all(i.kind == "bullet" for i in under)
    assert kinds == {"Contraindication"}


def test_a_warning_lead_in_over_bare_lines_set_flush_with_it_has_them_as_its_items(lexicon):
    article = _read(TREATMENT + "Safety\n\nAvoid in:\nBreastfeeding\nActive infection\n")
    assert [(i.path, i.text) for i in article.items if i.heading == "Safety"] == [
        ("1", "Avoid in:"), ("1.1", "Breastfeeding"), ("1.2", "Active infection")]


def test_a_line_naming_a_list_over_a_sentence_stays_a_statement():
    text = MD_HEAD + "Side effects\n\nMost people have none; nausea settles within weeks.\n" + MD_REFS
    article, _ = read_any(text.encode(), "lists.md")
    assert "Side effects" not in article.headings
    assert any(i.text == "Side effects" for i in article.items)
