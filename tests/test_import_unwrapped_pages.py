"""A page copied out of a web browser prints each block on one line of its own, however long: a paragraph of 300
characters, then a short label ("First choice - Empirical"), then a drug line starting in lower case ("doxycycline
100mg po bd"), then a warning with no full stop ("Caution: Do not use if eGFR is under 30 ml/min"). No wrap ever
broke those lines, so a line break ends a block: the short lines are not the rests of wrapped lines, and the lower
case of a drug's name is not a sentence going on. Read as one wrapped paragraph, a warning printed under one drug
would be drafted for the next drug too (a wrong-owner caution) and every dose line would share one statement.

The pages are invented for these tests in the shape of NHS trust antibiotic pages (one block a line, a long opening
paragraph, stage labels on their own lines, lower-case drug lines); what each test expects is what the page tells a
prescriber."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from kg.sources.reader import wrapped_lines

LONG_1 = ("Cystitis in adults is suspected when a person reports new pain on passing urine together with urgency or "
          "frequency, and the diagnosis is supported when a urine dipstick shows nitrites in a fresh morning sample.")
LONG_2 = ("Start treatment straight away in people with typical symptoms rather than waiting for the culture result, "
          "and change the antibiotic later if the laboratory reports that the organism is resistant to it.")

PAGE = "\n".join([
    "Cystitis, uncomplicated (adults)",
    "Empirical treatment in primary care",
    LONG_1,
    LONG_2,
    "Treat for 3 days.",
    "First choice - Empirical",
    "nitrofurantoin 100mg po bd",
    "Caution: Do not use if eGFR is under 45 ml/min/1.73m2",
    "Lung and liver reactions have been reported with nitrofurantoin see the safety alerts",
    "Second choice - Empirical",
    "pivmecillinam 400mg po stat then 200mg po tds",
    "Last updated: 3 March 2025",
])


def _draft(lexicon, text: str = PAGE, name: str = "unwrapped.txt"):
    article, _ = read_any(text.encode(), name)
    return article, build_draft(article, lexicon, name)


def test_a_warning_line_under_one_drug_is_never_drafted_for_the_next_drug(lexicon):
    _article, draft = _draft(lexicon)
    warned = {((agent or "none").rsplit("/", 1)[-1], kind) for _st, agent, kind in draft.caution_facts}
    # the eGFR warning is printed under nitrofurantoin; pivmecillinam (whatever name the lexicon files it under) is
    # on a line of its own after a label line, and is warned against nowhere on the page
    assert {agent for agent, _kind in warned} == {"nitrofurantoin"}, warned


def test_each_line_of_a_one_block_a_line_page_is_a_statement_of_its_own(lexicon):
    article, _draft_ = _draft(lexicon)
    texts = [item.text for item in article.items]
    assert "nitrofurantoin 100mg po bd" in texts, texts
    assert "Caution: Do not use if eGFR is under 45 ml/min/1.73m2" in texts, texts
    assert "pivmecillinam 400mg po stat then 200mg po tds" in texts, texts


def test_the_same_lines_wrapped_by_a_narrow_page_still_join():
    # a hard-wrapped page (no line longer than its wrap) goes on reading its wrapped lines as one statement
    lines = ["Give nitrofurantoin 100 mg by mouth twice a day for three", "days to women who are not pregnant."]
    assert wrapped_lines(lines, 0, len(lines), None, set()) == {0: [1]}


def test_a_line_ending_on_a_word_that_needs_another_goes_on_even_on_an_unwrapped_page():
    lines = [LONG_1, LONG_2, "Give pivmecillinam with", "food to reduce nausea."]
    assert wrapped_lines(lines, 0, len(lines), None, set()).get(2) == [3]


_DRUGS = ["nitrofurantoin 100mg po bd", "trimethoprim 200mg po bd", "cefalexin 500mg po bd",
          "amoxicillin 500mg po tds", "pivmecillinam 400mg po tds"]
_LABELS = ["First choice - Empirical", "Second choice", "Alternative - Empirical", "If penicillin allergic",
           "Culture directed", "Additional information"]


@settings(max_examples=30, deadline=None)
@given(rows=st.lists(st.tuples(st.sampled_from(_LABELS), st.sampled_from(_DRUGS)), min_size=1, max_size=4))
def test_no_line_of_an_unwrapped_page_is_joined_to_a_label_or_drug_line_after_it(rows):
    lines = [LONG_1, LONG_2]
    for label, drug in rows:
        lines += [label, drug]
    joined = wrapped_lines(lines, 0, len(lines), None, set())
    assert joined == {}, (lines, joined)
