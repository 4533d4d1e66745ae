"""An aminoglycoside section as endocarditis and sepsis pages print it (every page here is written for this test):

    Gentamicin is dosed on ideal body weight; vancomycin on actual body weight.
    ...
    ## Gentamicin in renal impairment
    Reduce the dose when creatinine clearance is 60 mL/min or less:
    | Renal function    | Gentamicin                 |
    | CrCl 30-60 mL/min | 1 mg/kg IV every 24 hours  |

Three readings a reader makes there:

- the weight the per-kg doses are counted on, printed apart from them: a clause naming one drug bases that drug's
  per-kg doses on the whole page; a statement or heading naming none, the per-kg doses of its section. Never a clause
  with a condition before the drug ('In obesity, ...'), never another drug's doses;
- the rows under a lead-in that cuts the dose are the doses given in each band even when only the section's heading
  names the drug (before this rule they were read as the lead-in's warning and drafted nothing, with no note);
- 'reduce the dose' for the kidneys or liver fits the dose to the patient; it is not the taper/maintenance stage.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

PAGE = """# Invented Renal Section Guidance for a Test Endocarditis

Last updated: 2021-05-05

## Empirical treatment

{basis}

- Amoxicillin 2 g IV every 4 hours
- plus gentamicin 1 mg/kg IV every 12 hours
- Vancomycin 15 mg/kg IV every 12 hours

## Gentamicin in renal impairment

{section_basis}Reduce the dose when creatinine clearance is 60 mL/min or less:

| Renal function | Gentamicin |
|---|---|
| CrCl 30-60 mL/min | 1 mg/kg IV every 24 hours |
| CrCl under 30 mL/min | 1 mg/kg IV every 48 hours |

## References

1. An invented guidance title for a renal section test. Example Publisher, 2020.
"""


def draft_of(lexicon, basis: str, section_basis: str = ""):
    text = PAGE.format(basis=basis, section_basis=section_basis)
    article, _ = read_any(text.encode(), "renal.md")
    return build_draft(article, lexicon, "renal.md")


def per_kg(draft) -> dict[tuple[str, str | None], str]:
    """(drug, band) -> basis of each per-kg dose."""
    return {(dd.therapy.rsplit("/", 1)[-1], dd.dose.band): dd.dose.basis for dd in draft.doses
            if dd.dose.basis in ("body_weight", "ideal_body_weight") and not dd.dose.amount_not_stated}


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(basis=st.sampled_from(["Gentamicin is dosed on ideal body weight; vancomycin on actual body weight.",
                              "Gentamicin doses are calculated using ideal body weight.",
                              "Gentamicin should be dosed according to ideal body weight (IBW).",
                              "Gentamicin is based on the patient's ideal body weight."]))
def test_a_clause_basing_one_drug_on_ideal_weight_bases_only_that_drugs_per_kg_doses(lexicon, basis):
    got = per_kg(draft_of(lexicon, basis))
    gentamicin = {band: b for (drug, band), b in got.items() if drug == "gentamicin"}
    assert len(gentamicin) == 3 and set(gentamicin.values()) == {"ideal_body_weight"}, got
    assert got[("vancomycin", None)] == "body_weight"


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(basis=st.sampled_from(["In obesity, gentamicin is dosed on ideal body weight.",
                              "Gentamicin and vancomycin are given by infusion.",
                              "Ideal body weight is worked out from height.",
                              "Vancomycin is dosed on actual body weight."]))
def test_a_conditional_or_unrelated_weight_statement_rebases_nothing(lexicon, basis):
    got = per_kg(draft_of(lexicon, basis))
    assert got and set(got.values()) == {"body_weight"}, got


def test_a_section_statement_naming_no_drug_bases_the_per_kg_doses_of_its_section_only(lexicon):
    got = per_kg(draft_of(lexicon, "Give the regimen below.", "Synergistic dosing on ideal body weight.\n\n"))
    assert got[("gentamicin", None)] == "body_weight"  # another section's dose
    banded = {band: b for (drug, band), b in got.items() if drug == "gentamicin" and band is not None}
    assert len(banded) == 2 and set(banded.values()) == {"ideal_body_weight"}, got


def test_rows_under_a_dose_cut_lead_in_are_doses_when_only_the_heading_names_the_drug(lexicon):
    draft = draft_of(lexicon, "Give the regimen below.")
    bands = {dd.dose.band for dd in draft.doses if dd.therapy.endswith("/gentamicin") and dd.dose.band}
    assert len(bands) == 2, bands
    intervals = sorted(dd.dose.interval for dd in draft.doses if dd.therapy.endswith("/gentamicin") and dd.dose.band)
    assert [i[0] for i in intervals] == [24, 48]


def test_reducing_a_dose_for_the_kidneys_is_not_the_taper_stage(lexicon):
    draft = draft_of(lexicon, "Give the regimen below.")
    stages = {r.stage.rsplit("#", 1)[-1] for r in draft.recommendations if r.therapy.endswith("/gentamicin")}
    assert "TaperMaintenance" not in stages, stages
