"""A lead-in printed over a block of dose lines set apart by blank lines, as regional antimicrobial pages print their
severity and allergy blocks (every page here is written for this test):

    Moderately severe infection:

    Amoxicillin IV 1g 8 hourly

    and

    Clarithromycin IV 500mg 12 hourly

    If true penicillin allergy:

    Levofloxacin oral 500mg 12 hourly

A reader takes the lead-in for the condition and stage of every option of its block; only dose lines and the lines
joining them stand between. Before this rule the blank line cut the options off from the lead-in, so the
allergy block's drug was drafted first line.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

PAGE = """Invented Option Block Guidance for a Test Pneumonia

Last updated: May 5, 2021

Antibiotic therapy

Mild infection:

Amoxicillin oral 500mg 8 hourly

{lead}

{first}

{join}

{second}

Review the patient after 48 hours.

References

1. An invented guidance title for an option block test. Example Publisher, 2020.
"""


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lead=st.sampled_from([("If true penicillin allergy:", "Alternative"),
                             ("If penicillin allergic:", "Alternative"),
                             ("Second line:", "Escalation"),
                             ("If no response after 48 hours:", "Escalation")]),
       pair=st.sampled_from([("Levofloxacin oral 500mg 12 hourly", "Doxycycline oral 100mg 12 hourly"),
                             ("Clarithromycin IV 500mg 12 hourly", "Levofloxacin IV 500mg 12 hourly")]),
       join=st.sampled_from(["or", "and", "OR"]))
def test_a_lead_in_over_an_option_block_stages_every_option(lexicon, lead, pair, join):
    text = PAGE.format(lead=lead[0], first=pair[0], join=join, second=pair[1])
    article, _ = read_any(text.encode(), "block.txt")
    draft = build_draft(article, lexicon, "block.txt")
    for line in pair:
        iri = lexicon.therapies(line.split()[0])[0].iri
        stages = {r.stage.rsplit("#", 1)[-1] for r in draft.recommendations if r.therapy == iri}
        assert stages == {lead[1]}, (line, stages)
    amoxicillin = lexicon.therapies("amoxicillin")[0].iri
    assert {r.stage.rsplit("#", 1)[-1] for r in draft.recommendations if r.therapy == amoxicillin} == {"FirstLine"}
