"""Lists of the tests to do, under a lead-in or heading that names them investigations (every page here is written
for this test, in the layouts of a hospital formulary and a trust's cellulitis guideline):

    All patients suspected of acute withdrawal should have the following investigations:
    - U&E's
    - LFT's

    Required Investigations
      • Blood cultures for severe cases
      • Swabs from broken or exuding areas

Each listed test is a monitoring item, as under 'Monitoring' (before, neither the lead-in's 'the following
investigations' nor the heading's 'Required' was read as naming checks, and no item was drafted).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

PAGE = """Invented test withdrawal guidance
Last reviewed 14-Feb-2025.

Assessment

{block}

References
1. An invented guidance title for an investigations test. Example Publisher, 2024.
"""

TESTS = ["U&E's", "Mg & PO4", "LFT's", "blood glucose", "FBC", "serum phosphate", "folate/B12",
         "Blood cultures for severe cases", "Swabs from broken or exuding areas", "Throat swabs"]
LEADS = ["All patients suspected of acute withdrawal should have the following investigations:",
         "Send these investigations on admission:", "Baseline bloods:"]
HEADINGS = ["Required Investigations", "Initial investigations", "Baseline tests"]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tests=st.lists(st.sampled_from(TESTS), min_size=2, max_size=5, unique=True),
       layout=st.sampled_from(["lead", "heading"]), data=st.data())
def test_each_listed_investigation_is_a_monitoring_item(lexicon, tests, layout, data):
    if layout == "lead":
        block = data.draw(st.sampled_from(LEADS)) + "\n" + "\n".join(f"- {t}" for t in tests)
    else:
        block = data.draw(st.sampled_from(HEADINGS)) + "\n\n" + "\n".join(f"  • {t}" for t in tests)
    article, _ = read_any(PAGE.format(block=block).encode(), "investigations.txt")
    draft = build_draft(article, lexicon, "investigations.txt")
    monitored = [label for _, label in draft.monitoring_facts]
    for t in tests:
        assert any(t in label for label in monitored), (t, monitored)
    assert len(monitored) == len(tests), monitored
