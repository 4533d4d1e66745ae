"""A lead-in that cuts a drug's dose over the reduced dose of each band (every page here is written for this test, in
the way a prescribing guideline's renal section prints it):

    Reduce the dose of gabapentin or pregabalin in renal impairment:
    - Gabapentin, CrCl 30-49 mL/min: 400-1400 mg a day by mouth in 2 divided doses.
    - Pregabalin, CrCl 30-60 mL/min: 75-300 mg a day by mouth in 2-3 divided doses.
    - CrCl below 30 mL/min: seek specialist advice.

Each item that gives an amount for a band is the dose given in that band, as the same rows printed as a table are,
and the cut's verb ('reduce') is no taper stage of it. Before this rule the lead-in's warning reached every item, so
the band doses were drafted as cautions and no dose; an item with no amount (the last) is still the lead-in's
caution about both drugs.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

ARTICLE = """What is the treatment of an invented test condition?

Last updated: May 5, 2021

Invented Renal Band Guidance

{mark}Treatment

First line: offer gabapentin or pregabalin.

{mark}Renal impairment

{body}

{mark}References

1. An invented guidance title for a renal band test. Example Publisher, 2020.
"""


def drafted(lexicon, body: str, layout: str):
    name = f"cut-bands.{layout}"
    text = ARTICLE.format(mark="## " if layout == "md" else "", body=body)
    article, _ = read_any(text.encode(), name)
    draft = build_draft(article, lexicon, name)
    doses = sorted((dd.therapy, f"{dd.dose.amount_min.normalize():f}", dd.dose.band) for dd in draft.doses
                   if not dd.dose.amount_not_stated)
    stages = {(r.therapy, r.stage.rsplit("#", 1)[-1]) for r in draft.recommendations}
    cautions = {(agent, kind) for _, agent, kind in draft.caution_facts}
    return doses, stages, cautions


def body(lead: str, rows: list[str]) -> str:
    return "\n".join([lead, *(f"- {r}" for r in rows)])


def iri(lexicon, name: str) -> str:
    return lexicon.therapies(name)[0].iri


@pytest.mark.parametrize("layout", ["txt", "md"])
def test_each_band_under_a_dose_cut_lead_in_is_a_dose_and_no_taper(lexicon, layout):
    rows = ["Gabapentin, CrCl 30-49 mL/min: 400-1400 mg a day by mouth in 2 divided doses.",
            "Pregabalin, CrCl 30-60 mL/min: 75-300 mg a day by mouth in 2-3 divided doses.",
            "CrCl below 30 mL/min: seek specialist advice."]
    doses, stages, cautions = drafted(
        lexicon, body("Reduce the dose of gabapentin or pregabalin in renal impairment:", rows), layout)
    gaba, prega = iri(lexicon, "gabapentin"), iri(lexicon, "pregabalin")
    assert (gaba, "400", "CrCl 30-49 mL/min") in doses
    assert (prega, "75", "CrCl 30-60 mL/min") in doses
    assert not {s for _, s in stages} & {"TaperMaintenance"}, stages
    # the item with no amount is still the lead-in's warning about both drugs
    assert {(gaba, "Caution"), (prega, "Caution")} <= cautions


CUTS = st.sampled_from(["Reduce the dose of {d} in renal impairment:", "Lower the dose of {d} in renal impairment:",
                        "Adjust the {d} dose in renal impairment:", "Reduce {d} dosing in renal impairment:"])
BANDS = st.sampled_from(["CrCl 30-49 mL/min", "eGFR 15-29 mL/min", "CrCl 15-29 mL/min", "CrCl under 30 mL/min"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=CUTS, drug=st.sampled_from(["gabapentin", "pregabalin", "metformin", "ciprofloxacin"]),
       band=BANDS, amount=st.sampled_from(["200", "300", "500"]), layout=st.sampled_from(["txt", "md"]))
def test_a_band_dose_under_any_dose_cut_lead_in_is_drafted_as_a_dose(lexicon, cut, drug, band, amount, layout):
    rows = [f"{band}: {amount} mg twice a day by mouth."]
    doses, stages, _ = drafted(lexicon, body(cut.format(d=drug), rows), layout)
    got = [(t, a) for t, a, _ in doses]
    assert (iri(lexicon, drug), amount) in got, (cut, rows, doses)
    assert (iri(lexicon, drug), "TaperMaintenance") not in stages
