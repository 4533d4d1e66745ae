"""A label over dose lines that names one drug as not usable and another as what is given ('*Morphine not tolerated -
alternative:* **oxycodone**' over '- PRN: 1-2.5 mg SC, up to hourly', as a last-days-of-life chart prints it; every
page here is written for this test): the lines dose the drug that is given; the one that cannot be used is the
circumstance (before, the doses were left ambiguous between the two and attached to neither)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

PAGE = """# Invented test last-days medicines

_Invented test guidance, not clinical advice._ Last reviewed February 14, 2025.

## Pain

*{first} {cue} — alternative:* **{second}**
- PRN: {prn} mg SC, up to hourly
- Syringe driver: {driver} mg over 24 hours

## References

1. An invented guidance title for a label test. Example Publisher, 2024.
"""

PAIRS = [("Morphine", "oxycodone"), ("Haloperidol", "levomepromazine"), ("Cyclizine", "haloperidol"),
         ("Hyoscine butylbromide", "glycopyrronium")]
CUES = ["not tolerated", "is not tolerated", "contraindicated", "unsuitable", "not suitable"]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pair=st.sampled_from(PAIRS), cue=st.sampled_from(CUES), prn=st.integers(1, 20), driver=st.integers(21, 90))
def test_dose_lines_under_a_label_dose_the_drug_given_not_the_unusable_one(lexicon, pair, cue, prn, driver):
    first, second = pair
    text = PAGE.format(first=first, cue=cue, second=second, prn=prn, driver=driver)
    article, _ = read_any(text.encode(), "label.md")
    draft = build_draft(article, lexicon, "label.md")
    given_iri = lexicon.therapies(second)[0].iri
    got = sorted((dd.therapy, dd.dose.amount_min, dd.dose.per) for dd in draft.doses if not dd.dose.amount_not_stated)
    assert got == sorted([(given_iri, Decimal(prn), "dose"), (given_iri, Decimal(driver), "day")]), got
