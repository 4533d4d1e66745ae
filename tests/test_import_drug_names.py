"""Drug names the importer must recognise in articles of other conditions: a drug listed in the lexicon only
under its own canonical name, everyday short names of drug classes, and slash-printed combination products.

Statements are written for this test from what the words mean; the drugs are real names so the drug lexicon
(or the graph) knows them.
"""

from __future__ import annotations

import pytest

from kg.importer.vocabulary import drug_index, knows_combination


@pytest.mark.parametrize("name", ["thiamine", "pyridoxine"])
def test_a_vitamin_given_as_a_drug_is_recognised_by_its_own_name(name):
    # the lexicon lists these under 'vitamin b1' / 'vitamin b6'; their own name must name them too
    entry = drug_index().get((name,))
    assert entry is not None and entry.canonical == name


@pytest.mark.parametrize("printed", ["beta-blocker", "beta blockers", "Beta-blockers"])
def test_the_everyday_name_of_the_beta_blocker_class_is_a_drug_class(lexicon, printed):
    found = lexicon.therapies(f"Offer a {printed} to every adult.")
    assert len(found) == 1
    assert found[0].name.casefold() == printed.casefold()
    assert lexicon.drafted.get(found[0].iri) is None or lexicon.drafted[found[0].iri].is_class


def test_a_slash_combination_the_lexicon_lists_is_read_as_its_components_and_kept_as_a_product(lexicon):
    """The facts convention: a combination product written as its components is drafted as its components; the
    product as printed is kept (Lexicon.products) so the draft can show it to the curator."""
    assert knows_combination("sacubitril", "valsartan")
    lex = lexicon.fork()
    found = lex.therapies("Switch to sacubitril/valsartan when symptoms persist.")
    assert [m.name.casefold() for m in found] == ["sacubitril", "valsartan"]
    assert lex.products == {"sacubitril/valsartan": (found[0].iri, found[1].iri)}


def test_two_drugs_printed_with_a_slash_are_one_combination_even_if_the_lexicon_lacks_the_pair(lexicon):
    lex = lexicon.fork()
    found = lex.therapies("Give amlodipine / atorvastatin once daily.")
    assert len(found) == 2 and lex.products == {"amlodipine / atorvastatin": (found[0].iri, found[1].iri)}


def test_drugs_joined_by_and_stay_two_drugs(lexicon):
    # 'a and b' in prose is two drugs given together, not a product; only the slash prints a product
    found = lexicon.therapies("Give amlodipine and atorvastatin once daily.")
    assert len(found) == 2


def test_a_drug_and_a_class_joined_by_a_slash_are_not_merged_into_a_product(lexicon):
    # "an ACE inhibitor/ARB" is a choice between classes, not one product
    lex = lexicon.fork()
    found = lex.therapies("Start an ACE inhibitor/beta-blocker.")
    assert len(found) == 2 and lex.products == {}


@pytest.mark.parametrize("text", ["Check serum potassium after a week.", "Measure plasma glucose daily.",
                                  "Stop if serum magnesium is above 2 mmol/L."])
def test_a_substance_measured_in_a_specimen_is_a_test_not_a_drug(lexicon, text):
    # "serum potassium" is a blood result; naming it must not draft potassium as a drug given or warned against
    assert lexicon.therapies(text) == []


def test_the_same_substance_given_as_a_treatment_is_still_a_drug(lexicon):
    assert [m.name.casefold() for m in lexicon.therapies("Give magnesium sulfate 2 g intravenously.")][:1] != []
