"""Which drug an amount is drafted for when one sentence doses two drugs ('soluble insulin 10 units plus glucose
25 g'). Held-out-10's hyperkalaemia article opens such a sentence with a bold lead naming both ('**Insulin-glucose**
- ...'): the spaced dash after the lead was read as the hyphen of a combination product ('glucose-insulin'), so the
insulin's 10 units were drafted for glucose. A dash with spaces around it separates a lead from its text; only a
tight hyphen or a slash joins the parts of one product. Sentences are our own; what each should draft is what it
tells a prescriber."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.draft_reading import doses_by_drug


@pytest.mark.parametrize("lead", ["**Insulin-glucose** - ", "Insulin-glucose - ", "Insulin and glucose - ",
                                  "**Insulin-glucose** – ", "Insulin-glucose: "])
@pytest.mark.parametrize("join", ["plus", "with", "and", "given with"])
@pytest.mark.parametrize("insulin", ["soluble insulin", "regular insulin", "short-acting insulin", "insulin"])
def test_insulin_units_are_drafted_for_insulin_and_the_grams_for_glucose(lexicon, lead, join, insulin):
    # the sentence says: 10 units of insulin, and 25 g of glucose, both IV
    # (the lexicon may know the named kind of insulin as its own entry, 'insulin-short-acting': still insulin)
    doses = doses_by_drug(lexicon, f"{lead}{insulin} 10 units {join} glucose 25 g, IV over 15 minutes.")
    insulins = set().union(*(v for k, v in doses.items() if k.startswith("insulin")))
    assert (10.0, "ArbitraryUnit") in insulins, doses
    assert (10.0, "ArbitraryUnit") not in doses.get("glucose", set()), doses
    assert (25.0, "GM") in doses.get("glucose", set()), doses
    assert (25.0, "GM") not in insulins, doses


def test_a_tight_hyphen_or_slash_still_joins_the_parts_of_one_product(lexicon):
    # 'amoxicillin-clavulanate 875 mg/125 mg': the first amount is amoxicillin's, the one after the slash clavulanate's
    for name in ("amoxicillin-clavulanate", "amoxicillin/clavulanate", "amoxicillin / clavulanate"):
        doses = doses_by_drug(lexicon, f"Give {name} 875 mg/125 mg orally twice daily.")
        assert (875.0, "MilliGM") not in doses.get("clavulanate", set()), (name, doses)


# pairs of drugs from the lexicon dosed side by side in one administration, with amounts in units the grammar knows
PAIRS = [("insulin", "units", "glucose", "g"), ("trimethoprim", "mg", "sulfamethoxazole", "mg"),
         ("amoxicillin", "mg", "metronidazole", "mg"), ("paracetamol", "mg", "ibuprofen", "mg"),
         ("ondansetron", "mg", "dexamethasone", "mg"), ("glucose", "g", "insulin", "units")]
UNIT_IRI = {"units": "ArbitraryUnit", "g": "GM", "mg": "MilliGM"}
IRI = {"paracetamol": "acetaminophen"}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pair=st.sampled_from(PAIRS), n=st.integers(1, 90), m=st.integers(91, 900),
       join=st.sampled_from(["with", "plus", "and", "given with"]),
       lead=st.sampled_from(["", "{A}-{B} - ", "**{A}-{B}** - ", "{A} and {B} - ", "{A}-{B}: "]))
def test_each_amount_stays_with_the_drug_it_follows(lexicon, pair, n, m, join, lead):
    a, ua, b, ub = pair
    head = lead.format(A=a.capitalize(), B=b)
    doses = doses_by_drug(lexicon, f"{head}Give {a} {n} {ua} {join} {b} {m} {ub} IV.")
    ia, ib = IRI.get(a, a), IRI.get(b, b)
    assert (float(n), UNIT_IRI[ua]) not in doses.get(ib, set()), doses
    assert (float(m), UNIT_IRI[ub]) not in doses.get(ia, set()), doses
    assert (float(n), UNIT_IRI[ua]) in doses.get(ia, set()), doses
    assert (float(m), UNIT_IRI[ub]) in doses.get(ib, set()), doses
