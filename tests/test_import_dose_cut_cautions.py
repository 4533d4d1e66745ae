"""A cut of a drug's dose for a state of the patient is a caution about the drug in that state, never a taper or a
recommendation (tests/fixtures/import/articles/README.md, caution kinds: "a dose cut for a state of the patient").

Real pages name the state first, as a label over the paragraph ("Elderly: ... Reduce dose of X or Y (at least by
half)."), as an opening clause ("In older people, halve the dose of X"), or after an aside ("reduce the dose of X (by
half) in frail patients"). Before this rule only "reduce the dose of X in <state>" was read; the other shapes drafted
X as a TaperMaintenance recommendation beside the page's own "avoid X" warning: a polarity inversion. The statements
are written for this test.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_import_polarity import cautioned, draft_of, recommended

from kg.vocab.namespaces import KGV


@pytest.mark.parametrize(
    ("statement", "drugs"),
    [
        ("Older adults: keep sedation for when it is truly needed. Reduce dose of lorazepam or haloperidol (by half at "
         "least). Avoid haloperidol in dementia.", {"lorazepam", "haloperidol"}),
        ("In older people, halve the dose of diazepam.", {"diazepam"}),
        ("Frail patients: lower the dose of midazolam.", {"midazolam"}),
        ("Reduce the dose of lorazepam (by at least a half) in elderly patients.", {"lorazepam"}),
        ("In renal impairment: reduce the dose of gabapentin by 50%.", {"gabapentin"}),
    ],
)
def test_a_dose_cut_for_patients_named_first_or_after_an_aside_is_a_caution_not_a_recommendation(
    lexicon, statement, drugs
):
    g, draft = draft_of(lexicon, statement)
    assert drugs <= cautioned(g, KGV.Caution), draft.ttl
    assert not drugs & recommended(g), draft.ttl


@pytest.mark.parametrize(
    "statement",
    [
        # a cut to a stated amount is a dose for those patients, a step of an amount a taper: neither is the warning
        "In renal impairment: reduce the dose of enalapril to 2.5 mg daily.",
        "Older adults: reduce the prednisolone dose by 5 mg every week.",
        # a lead-in that itself names the measure the dose follows introduces bands; it warns nobody
        "Adjust the dose of gabapentin to creatinine clearance: give 300 mg daily when it is below 30 mL/min.",
    ],
)
def test_a_cut_to_a_stated_amount_or_by_a_stated_step_is_not_read_as_a_caution(lexicon, statement):
    g, draft = draft_of(lexicon, statement)
    assert not cautioned(g), draft.ttl


_STATES = ("Elderly", "Older people", "Frail patients", "In renal impairment", "In hepatic impairment",
           "Patients with heart failure", "In pregnancy")
_DRUGS = ("lorazepam", "haloperidol", "diazepam", "gabapentin", "morphine", "amitriptyline")
_CUTS = ("reduce the dose of {d}", "halve the dose of {d}", "lower the {d} dose", "reduce dose of {d} (at least by half)",
         "decrease the dose of {d} by 25%")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(state=st.sampled_from(_STATES), drug=st.sampled_from(_DRUGS), cut=st.sampled_from(_CUTS),
       label=st.booleans())
def test_any_dose_cut_under_a_state_named_first_warns_the_drug_and_never_recommends_it(lexicon, state, drug, cut,
                                                                                      label):
    opening = f"{state}: " if label else f"{state}, "
    g, draft = draft_of(lexicon, opening + cut.format(d=drug) + ".")
    assert drug in cautioned(g), draft.ttl
    assert drug not in recommended(g), draft.ttl
