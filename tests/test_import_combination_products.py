"""A combination product written as its components is drafted as its COMPONENTS (the facts convention in
tests/fixtures/import/articles/README.md; issue 13): "sacubitril/valsartan 24 mg/26 mg twice daily" doses sacubitril
24 mg and valsartan 26 mg, "piperacillin-tazobactam 4.5 g" keeps its one amount on the first-named component, and a
recommendation or warning of the product is one for each component. The product as printed stays in front of the
curator: a flag about both components names it, with the drug lexicon's identifiers when the lexicon lists it. A
product with a name of its own ("co-amoxiclav") stays that product. The scorer reads a fact naming a product by its
components ("piperacillin-tazobactam") as those components."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs
from test_import_polarity import KGV, cautioned, draft_of, recommended

from benchmarks.import_quality import _drug, _drugs


def _doses(draft) -> set[tuple[str, str, str]]:
    return {((d.therapy or "none").rsplit("/", 1)[-1], str(d.dose.amount_min), d.dose.unit) for d in draft.doses}


def _flags(draft) -> list[str]:
    return re.findall(r'kgv:message "([^"]*combination product[^"]*)"', draft.ttl)


def test_a_slash_product_with_one_amount_per_component_doses_each_component(lexicon):
    g, draft = draft_of(lexicon, "Offer sacubitril/valsartan 24 mg/26 mg orally twice daily.")
    assert {("sacubitril", "24", "mg"), ("valsartan", "26", "mg")} <= _doses(draft), _doses(draft)
    assert {"sacubitril", "valsartan"} <= recommended(g)
    assert "sacubitril-valsartan" not in recommended(g)
    flags = _flags(draft)
    assert flags and "sacubitril/valsartan" in flags[0] and "components" in flags[0], draft.ttl


def test_the_lexicon_identity_of_a_listed_product_is_kept_in_its_flag(lexicon):
    _g, draft = draft_of(lexicon, "Offer sacubitril/valsartan 24 mg/26 mg orally twice daily.")
    # the offline drug lexicon lists this product as "Valsartan and Sacubitril"
    assert any("lists the product as 'valsartan and sacubitril'" in f.casefold() for f in _flags(draft)), _flags(draft)


def test_a_warning_about_a_product_warns_each_component(lexicon):
    g, draft = draft_of(lexicon, "Do not give sacubitril/valsartan to people with a history of angioedema.")
    assert {"sacubitril", "valsartan"} <= cautioned(g, KGV.Contraindication), draft.ttl
    assert not recommended(g) & {"sacubitril", "valsartan"}


def test_one_amount_for_a_hyphenated_product_stays_on_its_first_component_and_is_never_split(lexicon):
    _g, draft = draft_of(lexicon, "Give piperacillin-tazobactam 4.5 g IV every 8 hours.")
    doses = _doses(draft)
    assert ("piperacillin", "4.5", "g") in doses, doses
    assert not any(t == "tazobactam" for t, _a, _u in doses), doses


def test_a_product_with_a_name_of_its_own_stays_that_product(lexicon):
    g, draft = draft_of(lexicon, "Give co-amoxiclav 1.2 g IV every 8 hours.")
    assert ("co-amoxiclav", "1.2", "g") in _doses(draft)
    assert "co-amoxiclav" in recommended(g)


def test_a_class_and_a_drug_joined_by_a_slash_are_a_choice_not_a_product(lexicon):
    _g, draft = draft_of(lexicon, "Start an ACE inhibitor/beta-blocker.")
    assert not _flags(draft)


@pytest.mark.parametrize(("name", "components"), [
    ("sacubitril/valsartan", ["sacubitril", "valsartan"]),
    ("piperacillin-tazobactam", ["piperacillin", "tazobactam"]),
    ("trimethoprim-sulfamethoxazole", ["trimethoprim", "sulfamethoxazole"]),
    ("co-amoxiclav", ["co-amoxiclav"]),
    ("clarithromycin", ["clarithromycin"]),
])
def test_the_scorer_reads_a_fact_naming_a_product_by_its_components_as_those_components(lexicon, name, components):
    assert [d.rsplit("/", 1)[-1] for d in _drugs(lexicon, name)] == components
    # a dose fact keeps the first-named component, where an amount for the whole product is put
    assert _drug(lexicon, name).rsplit("/", 1)[-1] == components[0]


_PAIRS = [("sacubitril", "valsartan"), ("amlodipine", "atorvastatin"), ("trimethoprim", "sulfamethoxazole"),
          ("ezetimibe", "simvastatin"), ("lopinavir", "ritonavir")]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pair=hs.sampled_from(_PAIRS), join=hs.sampled_from(["/", " / "]),
       amounts=hs.tuples(hs.integers(1, 900), hs.integers(1, 900)),
       frame=hs.sampled_from(["Offer {p} {a} mg/{b} mg orally twice daily.", "{P} {a} mg/{b} mg PO once daily."]))
def test_any_slash_product_with_an_amount_per_component_gives_each_component_its_own_amount(lexicon, pair, join,
                                                                                            amounts, frame):
    product = join.join(pair)
    text = frame.format(p=product, P=product[0].upper() + product[1:], a=amounts[0], b=amounts[1])
    g, draft = draft_of(lexicon, text)
    doses = _doses(draft)
    assert (pair[0], str(amounts[0]), "mg") in doses and (pair[1], str(amounts[1]), "mg") in doses, (text, doses)
    assert set(pair) <= recommended(g), text
    assert _flags(draft), text


def test_one_amount_for_the_whole_product_is_flagged_as_the_combinations(lexicon):
    _g, draft = draft_of(lexicon, "Give piperacillin-tazobactam 4.5 g IV every 8 hours.")
    needs = [n for st in draft.statements for n in st.needs]
    assert any("amount is for the combination" in n and "piperacillin-tazobactam" in n for n in needs), needs
    _g, draft = draft_of(lexicon, "Offer sacubitril/valsartan 24 mg/26 mg orally twice daily.")
    needs = [n for st in draft.statements for n in st.needs]
    assert not any("amount is for the combination" in n for n in needs), needs


@pytest.mark.parametrize(("statement", "expected"), [
    ("Give amoxicillin/clavulanate 875/125 mg orally twice daily for 7 days.",
     {("amoxicillin", "875", "mg"), ("clavulanic-acid", "125", "mg")}),
    ("Give trimethoprim-sulfamethoxazole 160/800 mg orally twice daily.",
     {("trimethoprim", "160", "mg"), ("sulfamethoxazole", "800", "mg")}),
])
def test_one_unit_after_the_components_amounts_gives_each_component_its_own(lexicon, statement, expected):
    """'875/125 mg' after 'amoxicillin/clavulanate': the first amount is the first component's, the second the
    second's (they were reported unread: 'no unit for' an amount of each part)."""
    _g, draft = draft_of(lexicon, statement)
    assert expected <= _doses(draft), _doses(draft)


def test_the_components_amounts_after_a_products_own_name_give_the_product_its_first_amount(lexicon):
    """'co-amoxiclav 500/125 mg' names no component: the product's dose is its first amount, as the facts read it
    (hap-adults), the second noted for the curator, never a second dose of the product."""
    _g, draft = draft_of(lexicon, "Give co-amoxiclav 500/125 mg orally three times a day for 5 days.")
    doses = _doses(draft)
    assert ("co-amoxiclav", "500", "mg") in doses and ("co-amoxiclav", "125", "mg") not in doses, doses
    needs = [n for st in draft.statements for n in st.needs]
    assert any("125 mg" in n and "not drafted" in n for n in needs), needs


def test_a_hyphenated_product_dosed_as_a_whole_is_recommended_as_each_component(lexicon):
    g, _draft = draft_of(lexicon, "Give piperacillin-tazobactam 4.5 g IV every 8 hours.")
    assert {"piperacillin", "tazobactam"} <= recommended(g)
