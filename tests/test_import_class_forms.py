"""Plural, singular and possessive forms of drug and class names, and umbrella words.

A page names a class in whichever form its sentence needs ("nitrates", "an SSRI", "NSAID's"): every form of a name the
drug lexicon lists reads as that name, so "Do not give nitrates to anyone who has taken a PDE-5 inhibitor" warns
against nitrates (its subject), not the PDE-5 inhibitor (the circumstance). A word for any drug of a broad kind
("offer an antibiotic", "an antiemetic may help") names nothing a curator can act on: the statement is drafted flagged
for the curator, never as a class recommendation. Sentences are our own; the expected reading is what each tells a
prescriber."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef

from kg.importer.vocabulary import drug_index, listed_names
from tests.draft_reading import PARACETAMOL_LEAD, recommended_stages, sentence_draft, warned_subjects
from tests.draft_reading import warned_agents as warned


def draft_of(lexicon, sentence: str):
    return sentence_draft(lexicon, sentence, name="forms.txt", title="On Class Forms", test="class form",
                          lead=PARACETAMOL_LEAD)


def _needs(draft) -> list[str]:
    return [n for s in draft.statements for n in s.needs]


@pytest.mark.parametrize(("plural", "singular"), [("nitrates", "nitrate"), ("SSRIs", "SSRI"), ("NSAID's", "NSAID"),
                                                  ("analgesics", "analgesic"), ("benzodiazepines", "benzodiazepine")])
def test_a_names_plural_singular_and_possessive_forms_read_as_the_same_drug_or_class(lexicon, plural, singular):
    got = [m.iri for m in lexicon.therapies(plural)]
    assert got, plural
    assert [m.iri for m in lexicon.therapies(singular)] == got, (plural, singular)


@pytest.mark.parametrize("frame", ["Do not give {x} to anyone who has taken a PDE-5 inhibitor in the last 24 hours.",
                                   "Never give {x} to a patient who has taken a PDE-5 inhibitor.",
                                   "{X} are contraindicated in people taking a PDE-5 inhibitor."])
def test_the_class_a_ban_is_about_is_its_subject_not_the_drug_of_its_circumstance(lexicon, frame):
    sentence = frame.format(x="nitrates", X="Nitrates")
    _g, draft = draft_of(lexicon, sentence)
    agents = {a for a, _k in warned_subjects(draft)}
    assert ("nitrate", "Contraindication") in warned(draft), (sentence, warned(draft))
    assert "phosphodiesterase-5-inhibitors" not in agents, (sentence, agents)


@pytest.mark.parametrize("sentence", ["Offer an antibiotic to women with typical symptoms.",
                                      "An antiemetic may help if vomiting persists.",
                                      "Give an analgesic before the procedure.",
                                      "Offer an anticoagulant to people with atrial fibrillation."])
def test_an_umbrella_word_is_flagged_for_the_curator_not_recommended_as_a_class(lexicon, sentence):
    g, draft = draft_of(lexicon, sentence)
    assert set(recommended_stages(g)) == {"acetaminophen"}, (sentence, recommended_stages(g))
    assert any("umbrella word" in n and "curator" in n for n in _needs(draft)), _needs(draft)


def test_a_class_that_is_not_an_umbrella_word_is_still_recommended(lexicon):
    g, _ = draft_of(lexicon, "Offer an ACE inhibitor to people with heart failure.")
    assert "angiotensin-converting-enzyme-inhibitors" in recommended_stages(g)


def test_the_umbrella_words_are_the_vocabularys_data(lexicon):
    # graph/vocab's kgv:UmbrellaTerm instances, "Worded as: ..." in their comments, are the only source
    from pathlib import Path

    g = Graph().parse(Path(__file__).resolve().parent.parent / "graph" / "vocab" / "guideline.ttl")
    kgv = "https://w3id.org/guideline-kg/vocab#"
    rdf_type = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    comment = URIRef("http://www.w3.org/2000/01/rdf-schema#comment")
    words = set()
    for term in g.subjects(rdf_type, URIRef(kgv + "UmbrellaTerm")):
        cues = re.search(r"Worded as:\s*([^.]*)", str(g.value(term, comment))).group(1)
        words |= {w.strip() for w in re.split(r",\s*(?:or\s+)?|\s+or\s+", cues) if w.strip()}
    assert words and set(lexicon.umbrella_words) == words


_LISTED = set(listed_names())
_CLASSES = sorted(k for k in _LISTED if drug_index()[k].is_class and k[-1].endswith("s") and not k[-1].endswith("ss")
                  and len(k[-1]) > 4 and k[-1].isalpha())
_SINGLE = sorted(k for k in _LISTED if len(k) == 1 and k[0].isalpha() and len(k[0]) >= 3)


@settings(max_examples=60, deadline=None)
@given(key=st.sampled_from(_CLASSES))
def test_the_singular_of_a_listed_class_is_that_class_unless_the_lexicon_lists_the_singular_itself(key):
    singular = (*key[:-1], key[-1][:-1])
    entry = drug_index()[singular]
    assert entry is drug_index()[key] or singular in _LISTED, (key, entry.canonical)


@settings(max_examples=60, deadline=None)
@given(key=st.sampled_from(_SINGLE))
def test_the_plural_of_a_listed_name_never_displaces_a_name_the_lexicon_lists(key):
    plural = (key[0] + "s",)
    entry = drug_index().get(plural)
    assert entry is not None
    assert entry is drug_index()[key] or plural in _LISTED, (key, entry.canonical)

