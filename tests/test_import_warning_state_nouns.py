"""Whom a warning is about, read as a prescriber reads the sentence (written from what each phrase says, before the
importer was changed; first seen on blind pages about hospital pneumonia and migraine in children).

- One statement that warns about one drug twice, once mildly and once as a contraindication ("Use X with caution
  after a non-severe penicillin allergy; it is contraindicated after penicillin anaphylaxis"), is one
  contraindication of X: the stronger reading wins in the same statement (the facts' convention and
  graph/vocab's). The pronoun "it" is X, and the penicillin of "penicillin anaphylaxis" is the patient's history,
  never a drug warned against (the draft had a caution of X and a contraindication of the penicillin class).
- A drug's name qualifying a state of the patient ("penicillin allergy", "penicillin anaphylaxis", "opioid
  dependence", "medication overuse", "medication-overuse headache") names that state: no caution is drafted for
  the drug, and the word after its hyphen ("overuse") is never drafted as a new drug of a combination. The nouns
  are vocabulary (kg/importer/data/cue_words.txt [drug_state_nouns]).
- A statement of risk whose harm is a pattern of taking drugs too often ("Analgesics on 15 or more days a month can
  cause medication-overuse headache") says how often to take them, not that they are unsafe: no caution is
  drafted, and the curator is told ([use_pattern_nouns]).
"""

from __future__ import annotations

from draft_reading import iri_local, page_draft, warned_kinds
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.cue_words import cue_words
from kg.importer.recognise import Lexicon

HEADER = """Treating an invented chest infection

Last updated: 2 May 2025

"""

# drugs the graph or the drug lexicon knows, and the penicillin class as the allergen
DRUGS = ("ceftazidime", "cefuroxime", "clarithromycin", "doxycycline", "meropenem", "aztreonam")


def _draft(lexicon: Lexicon, body: str, ext: str = "md"):
    if ext == "md":
        return page_draft(lexicon, "# Treating an invented chest infection\n\n", body, "md")
    return page_draft(lexicon, HEADER, body, ext)


def _local(lexicon: Lexicon, name: str) -> str:
    found = lexicon.therapies(name)
    assert found, name
    return iri_local(found[-1].iri)


def test_a_mild_and_a_strong_warning_about_one_drug_in_one_statement_is_its_contraindication(lexicon) -> None:
    body = ("## Cautions\n\nUse ceftazidime with caution after a non-severe penicillin allergy; it is contraindicated "
            "after penicillin anaphylaxis.\n")
    warned = warned_kinds(_draft(lexicon, body))
    assert warned.get("ceftazidime") == {"Contraindication"}
    # the penicillin of the allergy and of the anaphylaxis is the patient's history, not a drug warned against
    assert _local(lexicon, "penicillin") not in warned


def test_a_drug_before_a_state_noun_is_the_patients_state_not_the_drug_warned(lexicon) -> None:
    body = "## Cautions\n\nDo not use cefuroxime after penicillin anaphylaxis.\n"
    warned = warned_kinds(_draft(lexicon, body))
    assert warned.get("cefuroxime") == {"Contraindication"}
    assert _local(lexicon, "penicillin") not in warned


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drug=st.sampled_from(DRUGS), strong_first=st.booleans(), layout=st.sampled_from(["md", "txt"]),
       state=st.sampled_from(sorted(cue_words("drug_state_nouns") & {"allergy", "anaphylaxis", "hypersensitivity"})))
def test_one_statement_two_warnings_one_drug_read_as_one_contraindication_whatever_their_order(
        lexicon, drug: str, strong_first: bool, layout: str, state: str) -> None:
    mild = f"use {drug} with caution after a non-severe penicillin {state}"
    strong = f"{drug} is contraindicated after a severe penicillin {state}"
    if strong_first:
        sentence = f"{strong[0].upper()}{strong[1:]}; {mild.replace(drug, 'it')}."
    else:
        sentence = f"{mild[0].upper()}{mild[1:]}; {strong.replace(drug, 'it', 1)}."
    body = f"## Cautions\n\n{sentence}\n" if layout == "md" else f"Cautions\n\n{sentence}\n"
    draft = _draft(lexicon, body, layout)
    warned = warned_kinds(draft)
    assert warned.get(_local(lexicon, drug)) == {"Contraindication"}, (sentence, warned)
    assert [a for _, a, _ in draft.caution_facts].count(lexicon.therapies(drug)[-1].iri) == 1
    assert _local(lexicon, "penicillin") not in warned


def test_medication_overuse_is_a_state_not_a_drug_to_warn_about(lexicon) -> None:
    body = "## Medication overuse\n\nAvoid medication overuse.\n\nTell families about medication-overuse headache.\n"
    draft = _draft(lexicon, body)
    assert warned_kinds(draft) == {}
    assert not [iri for iri in (draft.lexicon or lexicon).drafted if iri.endswith("/overuse")]


def test_a_risk_whose_harm_is_overuse_is_about_how_often_not_a_caution(lexicon) -> None:
    body = ("## Medication overuse\n\nAnalgesics on 15 or more days a month, or a triptan on 10 or more days a month, can "
            "cause medication-overuse headache; tell families this.\n")
    draft = _draft(lexicon, body)
    assert warned_kinds(draft) == {}
    needs = [n for s in draft.statements for n in s.needs]
    assert any("pattern of drug use" in n for n in needs), needs


def test_a_risk_whose_harm_is_a_disease_still_cautions_the_drug(lexicon) -> None:
    # the rule above is about the pattern of use only: a harm of the drug itself still warns about it
    body = "## Cautions\n\nCodeine can cause respiratory depression in children.\n"
    assert warned_kinds(_draft(lexicon, body)).get("codeine") == {"Caution"}
