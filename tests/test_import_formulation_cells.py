"""A formulations column whose cells name each form before its amounts (every page here is written for this test, as
national antibiotic guidelines print their drug tables):

    | Drug | Formulation | Dosage | Duration |
    | Amoxicillin (PO) | Powder for oral liquid: 125 mg/5 mL; Capsule: 250 mg; 500 mg | 50 mg/kg once daily | 10 days |

Every amount in a formulations cell is what a form holds, a strength, never a dose to give, as a cell opening on its
amount already was ('500 mg' under 'Strength'). Before this rule the amounts after the form's name were drafted as
doses (a real African paediatric guideline of real-10: 125, 250 and 500 mg amoxicillin 'doses').
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

PAGE = """# Invented Formulation Guidance for a Test Pharyngitis

Last updated: 2021-05-05

## Treatment

| Drug | {column} | Dosage | Duration |
|---|---|---|---|
| {drug} (PO) | {cell} | {dose} mg/kg once daily | 10 days |

## References

1. An invented guidance title for a formulation test. Example Publisher, 2020.
"""


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(column=st.sampled_from(["Formulation", "Formulations", "Preparations", "Available as"]),
       drug=st.sampled_from(["Amoxicillin", "Azithromycin", "Cefalexin"]),
       forms=st.lists(st.tuples(st.sampled_from(["Powder for oral liquid", "Capsule", "Tablet", "Oral liquid"]),
                                st.sampled_from(["125 mg/5 mL", "250 mg", "500 mg", "200 mg/5 mL", "1 g"])),
                      min_size=1, max_size=3),
       dose=st.sampled_from([10, 15, 50]))
def test_amounts_after_a_forms_name_in_a_formulations_cell_are_strengths(lexicon, column, drug, forms, dose):
    cell = "; ".join(f"{form}: {amount}" for form, amount in forms)
    text = PAGE.format(column=column, drug=drug, cell=cell, dose=dose)
    article, _ = read_any(text.encode(), "formulations.md")
    draft = build_draft(article, lexicon, "formulations.md")
    given = [(int(dd.dose.amount_min), dd.dose.basis) for dd in draft.doses
             if not dd.dose.amount_not_stated and not dd.dose.strength]
    assert given == [(dose, "body_weight")], given
