"""A dose range that runs backwards ('0.98 to 0.95 g', a typing slip or a figure pair) is wording the dose grammar
cannot read: the statement is kept and noted for the curator, and the rest of the page is still drafted. Before,
the line refused the whole file when it also recommended its drug ('Give amoxicillin 0.98 to 0.95 g daily.': exit
2, nothing drafted), because the schedule read for that recommendation did not catch the grammar's error."""
from __future__ import annotations

from draft_reading import SENTENCE_ARTICLE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

_LEAD = "Offer amoxicillin 500 mg orally three times a day for 5 days. 1\n"


def _draft(lexicon, sentence: str):
    text = SENTENCE_ARTICLE.format(title="Backwards", test="backwards range", lead=_LEAD, sentence=sentence)
    article, _ = read_any(text.encode(), "backwards.txt")
    return build_draft(article, lexicon, "backwards.txt")


def _noted(draft, fragment: str) -> bool:
    return any("runs backwards" in need for s in draft.statements if fragment in s.item.text for need in s.needs)


def test_a_backwards_range_in_a_recommending_sentence_is_noted_and_the_page_still_drafted(lexicon):
    draft = _draft(lexicon, "Give amoxicillin 0.98 to 0.95 g daily.")
    assert _noted(draft, "0.98 to 0.95")
    # the lead line's dose is still drafted: one bad line refuses nothing else
    assert any(d.dose.amount_min == 500 for d in draft.doses)
    # and the backwards range itself is never drafted as a dose
    assert not any(str(d.dose.amount_min) in ("0.98", "0.95", "950", "980") for d in draft.doses)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lo=st.integers(min_value=2, max_value=999),
    gap=st.integers(min_value=1, max_value=500),
    unit=st.sampled_from(["mg", "g", "micrograms", "mL", "units", "mg/kg"]),
    joint=st.sampled_from(["to", "-", "\u2013"]),
    frame=st.sampled_from(["Give amoxicillin {r} daily.", "Amoxicillin {r} (max {r}).", "Offer amoxicillin {r} for "
                           "5 days.", "Amoxicillin: {r} twice a day, up to {r} a day.", "Continue amoxicillin {r} for 7 "
                           "days."]),
)
def test_a_backwards_range_anywhere_in_a_sentence_never_refuses_the_page(lexicon, lo, gap, unit, joint, frame):
    hi = max(1, lo - gap)
    if hi >= lo:
        return
    sep = f" {joint} " if joint == "to" else joint
    draft = _draft(lexicon, frame.format(r=f"{lo}{sep}{hi} {unit}"))
    assert any(d.dose.amount_min == 500 for d in draft.doses)
