"""A drug class named in a sentence is recommended or warned about only when the sentence recommends or warns about
the class itself.

Written from what each line tells a clinician, decided before the importer was run on it:
- a class word standing before the noun it describes ("the first antibiotic dose", "the analgesic ladder", "the
  antibiotic choice") says what kind of dose, ladder or choice is meant; it offers no drug (an ACE inhibitor offered
  to every adult is still offered);
- "Do not delay adrenaline to give oxygen or antihistamines", "Never wait for oxygen before giving adrenaline": the
  page says what to give first; it warns against neither drug ("Do not give antihistamines instead of adrenaline"
  still does);
- "if vomiting persists on oral antiemetics": the antiemetics are what the patient is already taking, not the next
  step;
- a review of the drugs ("Review antibiotics at 48-72 hours") and a scope sentence offer none of them (see
  tests/test_import_monitoring_meaning.py).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from tests.draft_reading import recommended_stages, section_article, warned_agents


def _draft(lexicon, line: str, heading: str = "Treatment"):
    body = f"- Offer paracetamol 1 g orally every 6 hours [1].\n- {line} [1]"
    text = section_article("class word", "Class Words", "class words").format(heading=heading, body=body)
    article, _ = read_any(text.encode(), "class-words.txt")
    draft = build_draft(article, lexicon, "class-words.txt")
    return Graph().parse(data=draft.ttl, format="turtle"), draft


CLASSES = {"antibiotic": "anti-bacterial-agents", "analgesic": "analgesics", "opioid": "analgesics-opioid",
           "antiemetic": "antiemetics"}


@pytest.mark.parametrize(
    ("line", "cls"),
    [
        ("Give the first antibiotic dose within 1 hour of arrival.", "anti-bacterial-agents"),
        ("Step up the analgesic ladder quickly if pain is severe.", "analgesics"),
        ("Base the antibiotic choice on local resistance patterns.", "anti-bacterial-agents"),
    ],
)
def test_a_class_word_before_the_noun_it_describes_offers_no_drug(lexicon, line, cls):
    g, draft = _draft(lexicon, line)
    assert cls not in recommended_stages(g), recommended_stages(g)
    assert any("names the kind of" in n for s in draft.statements for n in s.needs)


def test_a_class_offered_on_its_own_is_still_recommended(lexicon):
    g, _draft_ = _draft(lexicon, "Offer an ACE inhibitor and a beta-blocker to every adult with heart failure.")
    assert "angiotensin-converting-enzyme-inhibitors" in recommended_stages(g), recommended_stages(g)


@pytest.mark.parametrize(
    "line",
    [
        "Do not delay adrenaline to give oxygen or antihistamines.",
        "Never wait for oxygen before giving adrenaline.",
        "Do not wait for antihistamines to work before giving adrenaline.",
    ],
)
def test_an_instruction_not_to_delay_warns_against_no_drug_it_names(lexicon, line):
    _g, draft = _draft(lexicon, line)
    assert not warned_agents(draft), warned_agents(draft)


def test_an_instruction_not_to_give_one_drug_instead_of_another_still_warns(lexicon):
    _g, draft = _draft(lexicon, "Do not give antihistamines instead of adrenaline.")
    assert ("histamine-antagonists", "Contraindication") in warned_agents(draft), warned_agents(draft)


def test_the_drug_symptoms_persist_on_is_not_the_next_step(lexicon):
    g, _draft_ = _draft(lexicon, "Admit for IV rehydration if vomiting persists on oral antiemetics.")
    assert "antiemetics" not in recommended_stages(g), recommended_stages(g)


_NOUNS = ["dose", "choice", "ladder", "course", "policy", "review", "plan", "options"]
_VERBS = ["Give the first", "Agree the", "Follow the local", "Record the"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(word=st.sampled_from(sorted(CLASSES)), noun=st.sampled_from(_NOUNS), verb=st.sampled_from(_VERBS))
def test_no_class_word_that_describes_a_noun_is_ever_recommended(lexicon, word, noun, verb):
    g, _d = _draft(lexicon, f"{verb} {word} {noun} with the team.")
    assert CLASSES[word] not in recommended_stages(g), (word, noun, recommended_stages(g))


_FIRST = ["adrenaline", "the antibiotic", "aspirin", "naloxone"]
_OTHERS = ["oxygen", "antihistamines", "a CT scan", "paracetamol"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.sampled_from(_FIRST), other=st.sampled_from(_OTHERS),
       form=st.sampled_from(["Do not delay {a} to give {b}.", "Never wait for {b} before giving {a}.",
                             "Do not delay {a} while waiting for {b}."]))
def test_no_instruction_not_to_delay_is_ever_a_warning(lexicon, first, other, form):
    _g, draft = _draft(lexicon, form.format(a=first, b=other))
    assert not warned_agents(draft), (form, warned_agents(draft))


# ------------------------------------------------------------------ the patient's own medicine is not what is given
#
# "If the person takes warfarin, give vitamin K": warfarin says who the patient is; vitamin K is what the sentence
# gives. The present simple ("takes", "uses", "is on") describes the patient as "is taking" does.


@pytest.mark.parametrize(
    ("line", "own", "given"),
    [
        ("If the person takes warfarin, give vitamin K.", "warfarin", "vitamin-k"),
        ("When the child uses an inhaled steroid, add montelukast.", None, "montelukast"),
        ("If the patient is on digoxin, give calcium gluconate slowly.", "digoxin", "calcium-gluconate"),
    ],
)
def test_the_medicine_the_patient_takes_is_not_recommended_by_a_sentence_that_gives_another(lexicon, line, own, given):
    g, _d = _draft(lexicon, line)
    stages = recommended_stages(g)
    assert any(k == given or k.startswith(given + "-") for k in stages), stages
    if own is not None:
        assert own not in stages, stages


def test_a_patient_medicine_and_an_unknown_drug_given_recommends_neither(lexicon):
    g, draft = _draft(lexicon, "If the person takes warfarin, give zylotrexamab.")
    assert "warfarin" not in recommended_stages(g), recommended_stages(g)
