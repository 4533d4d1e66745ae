"""A list of conditions under a warning label printed as the lead-in of its list, on a page about one drug (every page
here is written for this test, in the layout of a trust's one-drug treatment page with no blank lines):

    Enoxaparin for VTE treatment
    BEFORE STARTING TREATMENT
    - Check FBC, INR and renal function
    RELATIVE CONTRAINDICATIONS
    - Acute bacterial endocarditis
    - Major trauma
    DOSE
    - Commence enoxaparin 1 mg/kg 12-hourly

- a lead-in that is only a warning label ('RELATIVE CONTRAINDICATIONS', 'Contraindications:') reads its items as the
  heading rule does: cautions under a milder label, contraindications under a plain one (before, a lead-in gave its
  items no reading and nothing was drafted);
- a verbless item whose list names no drug warns about the one drug the page's title names and doses, when nothing
  above names one (before, no caution was drafted), flagged for the curator.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from tests.draft_reading import warned_kinds

PAGE = """{drug} for an invented test indication (test guideline)
Use this guideline only in adults
BEFORE STARTING TREATMENT
- Check FBC, INR and renal function
- Always weigh the patient
{label}
{items}
DOSE
- Commence {lower} {amount} once daily
"""

DRUGS = [("Enoxaparin", "1 mg/kg"), ("Dalteparin", "200 units/kg"), ("Fondaparinux", "7.5 mg")]
ITEMS = ["Acute bacterial endocarditis", "Major trauma", "Epidural and spinal anaesthesia",
         "Haemophilia or other haemorrhagic disorders", "Thrombocytopenia", "Active peptic ulcer"]
LABELS = [("RELATIVE CONTRAINDICATIONS", "Caution"), ("Relative contraindications:", "Caution"),
          ("CONTRAINDICATIONS", "Contraindication"), ("Contraindications:", "Contraindication")]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drug=st.sampled_from(DRUGS), label=st.sampled_from(LABELS),
       items=st.lists(st.sampled_from(ITEMS), min_size=1, max_size=4, unique=True))
def test_items_under_a_warning_label_lead_in_warn_about_the_pages_one_drug(lexicon, drug, label, items):
    name, amount = drug
    text = PAGE.format(drug=name, lower=name.lower(), amount=amount, label=label[0],
                       items="\n".join(f"- {i}" for i in items))
    article, _ = read_any(text.encode(), "one-drug.txt")
    draft = build_draft(article, lexicon, "one-drug.txt")
    local = lexicon.therapies(name)[0].iri.rsplit("/", 1)[-1]
    assert warned_kinds(draft) == {local: {label[1]}}
