"""Sub-bullets a word processor's hollow circle became in a copy to text ('o Start with 100 mg orally twice a day'),
under a bullet that names the drug, with the maximum printed two lines below the dose, past a titration step (every
page here is written for this test, in the layout of a primary-care summary):

  * Offer carbamazepine first line [1].
      o Start with 100 mg orally twice a day [1].
      o Increase by 100-200 mg every 3 days according to response [1].
      o Maximum 1,200 mg a day [1].

- 'o' before a capital or a digit opens a list item, as '◦' does (before, the lines were read as one paragraph or
  as separate paragraphs, never as the bullet's items); 'o' in a sentence is never taken for one;
- a maximum on its own line bounds the dose above it past a line that only steps the dose up (before, it bounded
  only the line straight above, and was lost).
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

PAGE = """What is the treatment of an invented test neuralgia?

Last updated: May 5, 2021

Invented Test Neuralgia Summary

Treatment

  * Offer {drug} first line [1].
      o Start with {start} mg orally twice a day [1].
{step}      o Maximum {maximum} mg a day [1].

References

1. An invented guidance title for a sub-bullet test. Example Publisher, 2020.
"""

DRUGS = ["carbamazepine", "oxcarbazepine", "gabapentin", "pregabalin"]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drug=st.sampled_from(DRUGS), start=st.integers(1, 300), times=st.integers(2, 12), step=st.booleans())
def test_a_hollow_sub_bullet_list_gives_its_drug_a_dose_and_its_maximum(lexicon, drug, start, times, step):
    text = PAGE.format(drug=drug, start=start, maximum=start * times,
                       step="      o Increase by 100-200 mg every 3 days according to response [1].\n" if step else "")
    article, _ = read_any(text.encode(), "neuralgia.txt")
    assert [i.kind for i in article.items][-2:] == ["bullet", "bullet"]
    draft = build_draft(article, lexicon, "neuralgia.txt")
    iri = lexicon.therapies(drug)[0].iri
    got = [(dd.dose.amount_min, dd.dose.maximum[0] if dd.dose.maximum else None) for dd in draft.doses
           if dd.therapy == iri and not dd.dose.amount_not_stated]
    assert got == [(Decimal(start), Decimal(start * times))], got


def test_a_lone_o_in_a_sentence_is_not_a_bullet():
    text = PAGE.format(drug="carbamazepine", start=100, maximum=1200, step="").replace(
        "  * Offer", "o dear, this line is prose.\n\n  * Offer")
    article, _ = read_any(text.encode(), "neuralgia.txt")
    assert any(i.text.startswith("o dear") and i.kind != "bullet" for i in article.items)
