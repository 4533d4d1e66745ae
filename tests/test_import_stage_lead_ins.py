"""Stages read from what stands over a drug's block, as a reader takes them at first sight:
- a line ending in a colon that names a stage ('Alternatives in early disease:', 'Second line:', 'If not tolerated:')
  governs the drug sections under it (a drug-name heading with dose bullets), every one of them at one level, up to
  the next section that is not a drug's;
- a drug given only to prevent another drug's side effect ('start domperidone before apomorphine to prevent nausea')
  is an adjunct of that drug, whatever stage the section is;
- 'rescue therapy' after failure is refractory (kgv:Refractory), but a rescue inhaler or rescue doses are the
  reliever a patient takes for symptoms, not a later stage;
- a drug named first line under a severity heading (Markdown, capitals or underlined), on a page whose own first
  line is given in another section, is the page's escalation (README severity-heading convention).
Articles are our own."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Namespace

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

KGV = Namespace("https://w3id.org/guideline-kg/vocab#")


def stages(lexicon, page: str, name: str = "stages.md") -> dict[str, set[str]]:
    """drug -> {stage local name} as drafted."""
    article, _ = read_any(page.encode(), name)
    g = Graph().parse(data=build_draft(article, lexicon, name).ttl, format="turtle")
    out: dict[str, set[str]] = {}
    for rec in g.subjects(KGV.stage, None):
        drug = str(g.value(rec, KGV.therapy)).rsplit("/", 1)[-1]
        out.setdefault(drug, set()).add(str(g.value(rec, KGV.stage)).rsplit("#", 1)[-1])
    return out


BLOCKS_MD = """# Parkinson disease

## Treatment

Levodopa is first line for motor symptoms.

### Levodopa

- 100 mg three times daily

{lead}

### Ropinirole

- 0.25 mg three times daily

### Rasagiline

- 1 mg once daily

## Monitoring

Review every 6 months.
"""

BLOCKS_TXT = """Parkinson disease

TREATMENT

Levodopa is first line for motor symptoms.

Levodopa
- 100 mg three times daily

{lead}

Ropinirole
- 0.25 mg three times daily

Rasagiline
- 1 mg once daily

MONITORING

Review every 6 months.
"""


@pytest.mark.parametrize("lead, stage", [("Alternatives in early disease:", "Alternative"),
                                         ("Second line:", "Escalation"),
                                         ("If not tolerated:", "Alternative")])
@pytest.mark.parametrize("layout", ["md", "txt"])
def test_a_stage_lead_in_governs_every_drug_block_under_it(lexicon, lead, stage, layout):
    page = (BLOCKS_MD if layout == "md" else BLOCKS_TXT).format(lead=lead)
    got = stages(lexicon, page, f"stages.{layout}")
    assert got.get("ropinirole") == {stage}, got
    assert got.get("rasagiline") == {stage}, got
    assert got.get("levodopa") == {"FirstLine"}, got


def test_a_drug_given_to_prevent_another_drugs_side_effect_is_an_adjunct(lexicon):
    page = BLOCKS_MD.format(lead="If not tolerated:") + (
        "\n## Apomorphine\n\nStart domperidone 10 mg three times daily 2 days before apomorphine to prevent nausea.\n")
    got = stages(lexicon, page)
    assert got.get("domperidone") == {"Adjunct"}, got


@pytest.mark.parametrize("line, stage", [
    ("Rescue therapy with infliximab 5 mg/kg IV if no response to IV steroids after 3 days.", "Refractory"),
    ("Ciclosporin 2 mg/kg/day IV as rescue treatment after failure of IV hydrocortisone.", "Refractory"),
])
def test_rescue_therapy_after_failure_is_refractory(lexicon, line, stage):
    got = stages(lexicon, f"# Colitis\n\n## Treatment\n\n{line}\n")
    assert stage in next(iter(got.values())), got


@pytest.mark.parametrize("noun", ["inhaler", "reliever", "doses"])
def test_a_rescue_inhaler_or_rescue_doses_are_not_the_refractory_stage(lexicon, noun):
    got = stages(lexicon, f"# Asthma\n\n## Treatment\n\nUse salbutamol 100 micrograms as rescue {noun} when needed.\n")
    assert "Refractory" not in got.get("albuterol", set()), got


SEVERE = {
    "md": "# Asthma in adults\n\n## First-line treatment\n\n{first}\n\n## Acute severe asthma\n\n{severe}\n",
    "caps": "Asthma in adults\n\nFIRST-LINE TREATMENT\n\n{first}\n\nACUTE SEVERE ASTHMA\n\n{severe}\n",
    "underlined": ("Asthma in adults\n\nFirst-line treatment\n=====================\n\n{first}\n\n"
                   "Acute severe asthma\n-------------------\n\n{severe}\n"),
}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(layout=st.sampled_from(sorted(SEVERE)),
       severe=st.sampled_from(["First-line: prednisolone 40 mg orally.", "Give prednisolone 40 mg orally first.",
                               "Prednisolone 40 mg orally is first line.", "Prednisolone 40 mg orally."]))
def test_the_first_drug_of_a_severe_section_is_the_pages_escalation_whatever_its_heading_layout(lexicon, layout,
                                                                                                 severe):
    page = SEVERE[layout].format(first="Salbutamol 100 micrograms inhaled as needed is first line.", severe=severe)
    got = stages(lexicon, page, "severe.md" if layout == "md" else "severe.txt")
    assert got.get("prednisolone") == {"Escalation"}, (layout, severe, got)
    assert got.get("albuterol") == {"FirstLine"}, (layout, severe, got)


@pytest.mark.parametrize("line, cls, members", [
    ("Offer a direct-acting oral anticoagulant (DOAC) - apixaban, dabigatran or rivaroxaban - when the score is 2 or "
     "more.", "factor-xa-inhibitors", {"apixaban", "dabigatran", "rivaroxaban"}),
    ("Use a selective serotonin reuptake inhibitor (SSRI): sertraline or fluoxetine.",
     "selective-serotonin-reuptake-inhibitors", {"sertraline", "fluoxetine"}),
])
def test_a_class_with_its_abbreviation_then_its_members_recommends_the_members_not_the_class(lexicon, line, cls,
                                                                                             members):
    # the fixture facts' reading (atrial-fibrillation: 'a DOAC (apixaban, ...)' recommends the four drugs, never the
    # class): the abbreviation in brackets stands for the same drugs as the long form before it
    got = stages(lexicon, f"# Test\n\n## Treatment\n\n{line}\n")
    assert members <= set(got), got
    assert not any(k.startswith(cls.split("-")[0]) and k not in members for k in got), got
