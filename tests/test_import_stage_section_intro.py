"""A section's opening paragraph that says when the drugs of the sections under it are given, after a failure ("Add one
of these when the arthritis stays active despite X", "For disease that stays active despite standard treatment, add a
biologic"), leads those drug sections as a lead-in would: a drug section that says no stage of its own is at the step
up the paragraph names (the vocabulary's kgv:Escalation, "added or switched to when the response is inadequate"),
while one that names its own stage ("X is an alternative to Y") keeps it. First seen on a blind lupus page whose
methotrexate and belimumab sections were read as first line. Expectations are read from the articles' wording.
"""

from __future__ import annotations

import pytest
from draft_reading import page_draft, recommended_stage_names
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

MD = """# Treatment of an invented inflammatory arthritis

## First treatment

Offer naproxen 500 mg by mouth twice a day.

## Second-step drugs

{intro}

### Leflunomide (preferred for people with skin disease)

- Start at 10 mg by mouth once a day; the usual dose is 20 mg once a day.

### Sulfasalazine

Sulfasalazine is an alternative to leflunomide for people planning a pregnancy.

- 500 mg by mouth twice a day.

## Biologic therapy

For disease that stays active despite standard treatment, add a biologic to the current regimen.

### Tocilizumab (RoActemra)

- 162 mg by subcutaneous injection once a week.
"""

TXT = """Treatment of an invented inflammatory arthritis

First treatment
Offer naproxen 500 mg by mouth twice a day.

Second-step drugs
{intro}

Leflunomide (preferred for people with skin disease)
- Start at 10 mg by mouth once a day; the usual dose is 20 mg once a day.

Sulfasalazine
Sulfasalazine is an alternative to leflunomide for people planning a pregnancy.
- 500 mg by mouth twice a day.

Biologic therapy
For disease that stays active despite standard treatment, add a biologic to the current regimen.

Tocilizumab (RoActemra)
- 162 mg by subcutaneous injection once a week.
"""

INTRO = "Add one of these when the arthritis stays active despite naproxen and low-dose prednisolone."


def _stages(lexicon, layout: str, intro: str = INTRO) -> dict[str, set[str]]:
    text = (MD if layout == "md" else TXT).format(intro=intro)
    return recommended_stage_names(page_draft(lexicon, "", text, ext=layout))


@pytest.mark.parametrize("layout", ["md", "txt"])
def test_a_drug_section_under_an_add_after_failure_paragraph_is_the_step_up(lexicon, layout):
    stages = _stages(lexicon, layout)
    assert stages.get("leflunomide") == {"Escalation"}
    assert stages.get("tocilizumab") == {"Escalation"}


def test_a_drug_section_naming_its_own_stage_keeps_it_under_such_a_paragraph(lexicon):
    assert _stages(lexicon, "md").get("sulfasalazine") == {"Alternative"}


@pytest.mark.parametrize("layout", ["md", "txt"])
def test_the_drugs_the_paragraph_names_as_failed_are_not_the_step_up(lexicon, layout):
    assert "Escalation" not in _stages(lexicon, layout).get("naproxen", set())


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(intro=st.sampled_from([
    "These drugs are given by specialists.",
    "Each drug below has its own monitoring schedule.",
    "Choose one of these with the patient.",
]), layout=st.sampled_from(["md", "txt"]))
def test_a_paragraph_naming_no_failure_gives_the_drug_sections_under_it_no_step_up(lexicon, intro, layout):
    assert "Escalation" not in _stages(lexicon, layout, intro).get("leflunomide", set())
