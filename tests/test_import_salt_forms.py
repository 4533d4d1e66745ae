"""Drug names as real pages print them: a salt, hydrate, ester or source qualifier after (or a counter-ion before) a
drug's name names that drug, so its dose, recommendation or caution goes to the entity the base name is read as;
a name that is only salt and ion words ("magnesium sulfate", "lithium carbonate") is a substance of its own; one
active substance under its British and international names is one entity.

Statements are written for these tests from what the words mean (a salt form is the drug given); the words a salt
name is made of are data (kg/importer/data/cue_words.txt [salt_words], [salt_prefix_words], [salt_ion_words],
[salt_qualifier_words], [salt_ester_words]).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_import_polarity import cautioned, draft_of, recommended

from kg.importer.cue_words import cue_words
from kg.importer.vocabulary import drug_index, variant_names

# (as printed, the base name a curator's facts give)
SALT_FORMS = [
    ("pyridostigmine bromide", "pyridostigmine"),
    ("calcitonin (salmon)", "calcitonin"),
    ("sodium valproate", "valproate"),
    ("hydrocortisone sodium succinate", "hydrocortisone"),
    ("prednisolone sodium phosphate", "prednisolone"),
    ("hydrocortisone sodium phosphate", "hydrocortisone"),
    ("morphine sulfate", "morphine"),
    ("fentanyl citrate", "fentanyl"),
    ("ondansetron hydrochloride", "ondansetron"),
    ("amoxicillin trihydrate", "amoxicillin"),
    ("esomeprazole magnesium", "esomeprazole"),
    ("metoprolol succinate", "metoprolol"),
    ("metoprolol tartrate", "metoprolol"),
    ("metoprolol succinate/tartrate", "metoprolol"),
    ("risedronate sodium", "risedronate"),
    ("alendronate sodium", "alendronic acid"),
    ("ondansetron (Zofran®)", "ondansetron"),
]


def _dose_owners(draft) -> list[str]:
    """The drug each amount the draft gives is a dose of (what the scorer compares)."""
    return sorted(str(d.therapy).rsplit("/", 1)[-1] for d in draft.doses if not d.dose.amount_not_stated)


def _one(lexicon, text: str):
    found = lexicon.fork().therapies(text)
    assert len(found) == 1, [(m.name, m.iri) for m in found]
    return found[0]


@pytest.mark.parametrize(("printed", "base"), SALT_FORMS)
def test_a_salt_form_names_the_same_entity_as_its_base_drug(lexicon, printed, base):
    salt = _one(lexicon, f"Give {printed} 10 mg once daily.")
    assert salt.iri == _one(lexicon, f"Give {base} 10 mg once daily.").iri
    assert salt.name == printed  # the whole name as printed is the mention, nothing of it is left to read again


def test_no_drug_class_is_drafted_from_a_salt_word(lexicon):
    # 'hydrocortisone sodium succinate' once drafted hydrocortisone plus a new class 'succinates'
    lex = lexicon.fork()
    found = lex.therapies("Give hydrocortisone sodium succinate 100 mg IV every 6 hours.")
    assert [m.name for m in found] == ["hydrocortisone sodium succinate"]
    assert not any(e.is_class for e in lex.drafted.values() if e not in lexicon.drafted.values())


@pytest.mark.parametrize("printed", ["magnesium sulfate", "potassium chloride", "calcium gluconate", "calcium carbonate",
                                     "sodium bicarbonate", "ferrous sulfate", "ferrous fumarate", "sodium chloride",
                                     "lithium carbonate", "lithium citrate", "iron sucrose", "zinc sulfate"])
def test_a_substance_whose_salt_is_the_drug_is_never_cut_to_an_ion(lexicon, printed):
    whole = _one(lexicon, f"Give {printed} as directed.")
    assert whole.name == printed
    first = lexicon.fork().therapies(f"Give {printed.split()[0]} as directed.")
    assert not first or first[0].iri != whole.iri  # 'magnesium sulfate' is not 'magnesium'


@pytest.mark.parametrize(("one", "other"), [("calcium gluconate", "calcium carbonate"),
                                            ("ferrous sulfate", "ferrous fumarate"),
                                            ("lithium carbonate", "lithium citrate")])
def test_two_salts_of_one_ion_stay_two_substances(lexicon, one, other):
    # their doses differ: a dose of one must never be read as a dose of the other
    assert _one(lexicon, f"Give {one}.").iri != _one(lexicon, f"Give {other}.").iri


@pytest.mark.parametrize(("printed", "same_as"), [("methylthioninium chloride", "methylene blue"),
                                                  ("levothyroxine sodium", "levothyroxine")])
def test_a_salt_name_the_lexicon_lists_as_a_drug_of_another_name_is_that_drug(lexicon, printed, same_as):
    # 'methylthioninium chloride' is the British name of methylene blue, not a salt of some other 'methylthioninium'
    assert _one(lexicon, f"Give {printed}.").iri == _one(lexicon, f"Give {same_as}.").iri


def test_a_diluent_printed_after_a_drug_is_not_read_as_its_salt(lexicon):
    # 'sodium chloride' is a substance of its own: never swallowed into the drug's name as a salt of it
    found = lexicon.fork().therapies("Give amoxicillin sodium chloride 0.9% 100 mL.")
    assert all(m.name.casefold() != "amoxicillin sodium chloride" for m in found)


@pytest.mark.parametrize(("british", "international"), [("adrenaline", "epinephrine"), ("salbutamol", "albuterol"),
                                                        ("paracetamol", "acetaminophen"), ("frusemide", "furosemide"),
                                                        ("glyceryl trinitrate", "nitroglycerin"),
                                                        ("ciclosporin", "cyclosporine"), ("cefalexin", "cephalexin"),
                                                        ("chlorphenamine", "chlorpheniramine"),
                                                        ("aciclovir", "acyclovir"), ("valaciclovir", "valacyclovir"),
                                                        ("colecalciferol", "cholecalciferol"),
                                                        ("levothyroxine", "thyroxine"), ("mesalazine", "mesalamine"),
                                                        ("flucloxacillin", "floxacillin"),
                                                        ("glycopyrronium", "glycopyrrolate"),
                                                        ("phytomenadione", "phytonadione"),
                                                        ("beclometasone", "beclomethasone"),
                                                        ("eformoterol", "formoterol"),
                                                        ("sodium cromoglicate", "cromolyn"),
                                                        ("procaine benzylpenicillin", "penicillin g procaine"),
                                                        ("risedronate", "risedronic acid"),
                                                        ("alendronate", "alendronic acid"),
                                                        ("ibandronate", "ibandronic acid")])
def test_one_active_substance_under_its_two_names_is_one_entity(lexicon, british, international):
    assert _one(lexicon, f"Give {british}.").iri == _one(lexicon, f"Give {international}.").iri


@pytest.mark.parametrize(("statement", "base", "salt_entity"), [
    ("Offer pyridostigmine bromide 60 mg orally four times daily.", "pyridostigmine", "pyridostigmine-bromide"),
    ("Give hydrocortisone sodium succinate 100 mg IV every 6 hours.", "hydrocortisone", "succinates"),
    ("Offer sodium valproate 500 mg twice daily.", "valproic-acid", "sodium-valproate"),
])
def test_a_salt_forms_recommendation_and_dose_go_to_the_base_drug(lexicon, statement, base, salt_entity):
    g, draft = draft_of(lexicon, statement)
    assert base in recommended(g), draft.ttl
    assert _dose_owners(draft) == [base], draft.ttl
    assert salt_entity not in draft.ttl


def test_a_caution_of_a_salt_form_warns_against_the_base_drug(lexicon):
    g, draft = draft_of(lexicon, "Avoid hydrocortisone sodium succinate in people with active infection.")
    assert cautioned(g) == {"hydrocortisone"}, draft.ttl


_BASES = ["pyridostigmine", "hydrocortisone", "prednisolone", "morphine", "fentanyl", "ondansetron", "amoxicillin",
          "esomeprazole", "metoprolol", "calcitonin", "furosemide", "omeprazole"]
_TAILS = sorted(cue_words("salt_words") - cue_words("salt_ion_words") - {"hydrogen"})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(base=st.sampled_from(_BASES), tail=st.lists(st.sampled_from(_TAILS), min_size=1, max_size=2, unique=True),
       joiner=st.sampled_from([" ", "/"]))
def test_any_known_drug_with_any_salt_words_after_it_resolves_to_the_drug(lexicon, base, tail, joiner):
    # two salt words that are together a substance the lexicon lists ('dipotassium sulfate', 'sodium chloride') are,
    # after a drug, a second substance (a diluent), not its salt, unless the last is an ester word ('sodium
    # phosphate'): that reading is the diluent test below, so such a tail is not a salt form's
    assume(not (len(tail) > 1 and (tuple(tail) in drug_index() or " ".join(tail) in variant_names())
                and tail[-1] not in cue_words("salt_ester_words")))
    printed = base + " " + joiner.join(tail)
    found = lexicon.fork().therapies(f"Give {printed} 5 mg daily.")
    assert [m.iri for m in found] == [_one(lexicon, f"Give {base} 5 mg daily.").iri]
    assert found[0].name == printed


_WHOLE_SALTS = sorted(key for key in drug_index() if len(key) == 2 and key[0] in cue_words("salt_ion_words")
                      and key[1] in cue_words("salt_words") and not drug_index()[key].is_class)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(_WHOLE_SALTS))
def test_a_known_whole_salt_substance_is_never_stripped(lexicon, key):
    # 'lithium carbonate', 'magnesium sulfate', 'calcium gluconate': the lexicon's own substance, never cut to the ion
    printed = " ".join(key)
    found = lexicon.fork().therapies(f"Give {printed} as directed.")
    assert [m.name for m in found] == [printed]
    ion = drug_index().get(key[:1])
    if ion is not None and ion.canonical != drug_index()[key].canonical:
        assert found[0].iri != _one(lexicon, f"Give {key[0]} as directed.").iri


_PAGE = """# Myasthenic and adrenal crises

*Test guidance written for the kg project; not clinical advice.*
Neuromuscular Network clinical guideline · Updated 3 March 2026

## Pyridostigmine bromide

- 60 mg PO four times daily [1].

## Crisis

| Drug | Dose |
| --- | --- |
| Hydrocortisone sodium succinate | 100 mg IV every 6 hours |

- **Sodium valproate:** 500 mg PO twice daily [1].

## References

1. Guideline | An invented guideline on salt names | Example Publisher, 2025
"""


def test_a_salt_form_in_a_heading_a_table_cell_and_a_lead_in_doses_the_base_drug(lexicon):
    from kg.importer.draft import build_draft
    from kg.importer.markdown import read_any

    article, _ = read_any(_PAGE.encode(), "salt-names.md")
    draft = build_draft(article, lexicon, "salt-names.md")
    assert _dose_owners(draft) == ["hydrocortisone", "pyridostigmine", "valproic-acid"], draft.ttl
    assert "succinates" not in draft.ttl and "pyridostigmine-bromide" not in draft.ttl


def _common_name_lines() -> list[tuple[str, str]]:
    from kg.importer.vocabulary import COMMON_NAMES

    return sorted(COMMON_NAMES.items())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(line=st.sampled_from(_common_name_lines()))
def test_every_name_pair_of_the_data_file_names_one_entity(lexicon, line):
    # data/common_names.tsv: 'the name as pages print it <TAB> the lexicon's entry' -- both read as one entity
    name, listed = line
    by_name = lexicon.fork().therapies(f"Give {name} now.")
    by_entry = lexicon.fork().therapies(f"Give {listed} now.")
    if by_name and by_entry and by_entry[0].name.casefold() == listed:
        assert by_name[0].iri == by_entry[0].iri
