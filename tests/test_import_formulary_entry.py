"""A formulary chapter's drug entry (every page here is written for this test, as NHS area formularies print an entry):

    GlucaGen Hypokit

    (Glucagon)

      • 1mg powder and solvent for solution for injection (£11.52)

    Indications and dose

      • Severe hypoglycaemia
        • Weight less than 25kg: 500micrograms by subcutaneous injection
        • Weight 25kg or over: 1mg by subcutaneous injection

- a section titled only as the entry's dose field ('Indications and dose', 'Dose', 'Dosage and administration') takes
  the one drug the heading straight before it names (before, its doses were drafted with no drug);
- an amount printed with a price ('(£11.52)') is a presentation, what a pack holds, never a dose to give (before, the
  1 mg presentation was drafted as a glucagon dose); an amount whose words give it a schedule stays a dose.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.dose_grammar import parse_statement
from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

PAGE = """Invented Formulary Entry Guidance for a Test Hypoglycaemia

Last updated: May 5, 2021

Conscious patient

  • Give 15-20 g glucose by mouth.

{brand}

({drug})

  • {presentation}

{field}

  • Severe hypoglycaemia
    • Weight less than 25kg: {small} by subcutaneous injection
    • Weight 25kg or over: {large} by subcutaneous injection

Notes

  1. Prescribe by brand.

References

1. An invented guidance title for a formulary entry test. Example Publisher, 2020.
"""


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entry=st.sampled_from([("GlucaGen Hypokit", "Glucagon", "500micrograms", "1mg"),
                              ("Buccolam", "Midazolam", "5mg", "10mg")]),
       field=st.sampled_from(["Indications and dose", "Dose", "Dosage and administration", "Dosage"]),
       presentation=st.sampled_from(["1mg powder and solvent for solution for injection (£11.52)",
                                     "10mg/2ml oromucosal solution pre-filled syringe (£91.50 = 4 syringes)"]))
def test_the_dose_field_section_takes_the_entrys_drug_and_priced_presentations_are_not_doses(lexicon, entry, field,
                                                                                              presentation):
    brand, drug, small, large = entry
    text = PAGE.format(brand=brand, drug=drug, presentation=presentation, field=field, small=small, large=large)
    article, _ = read_any(text.encode(), "entry.txt")
    draft = build_draft(article, lexicon, "entry.txt")
    iri = lexicon.therapies(drug)[0].iri
    doses = [dd for dd in draft.doses if not dd.dose.amount_not_stated]
    banded = [dd for dd in doses if dd.dose.band is not None]
    assert len(banded) == 2 and {dd.therapy for dd in banded} == {iri}, [(dd.therapy, dd.dose.band) for dd in doses]
    assert not [dd for dd in doses if dd.statement == next(
        s.local for s in draft.statements if s.item.text.startswith(presentation[:10]))]


def test_an_amount_with_a_price_and_a_schedule_is_still_a_dose():
    got = [d for d in parse_statement("Give 1 mg IM once (£11.52 per pack)") if not d.amount_not_stated]
    assert len(got) == 1 and not got[0].strength
