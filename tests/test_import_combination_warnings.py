"""A warning against giving two drugs together warns BOTH drugs (the facts convention for combination warnings in
tests/fixtures/import/articles/README.md; issue 13): "do not give clarithromycin with colchicine", "avoid NSAIDs in
patients taking methotrexate", "X and Y must not be co-prescribed". The drug the sentence is about gets the caution
its cue words say; the partner gets one of the same kind, drafted from the same statement and flagged "drafted from a
combination warning", and each caution names the other as its co-medication (kgv:withCoMedication). A drug named as
an allergy, a state of the patient, a drug taken BEFORE (a wash-out) or the way the warned drug might be given
("alone or with Y") is not a co-medication, and is not warned."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs
from test_import_polarity import KGV, cautioned, draft_of, recommended

THER = "https://w3id.org/guideline-kg/id/therapy/"


def _co_medications(g) -> dict[str, set[str]]:
    """warned drug -> the drugs its cautions name as given with it"""
    out: dict[str, set[str]] = {}
    for caution in set(g.subjects(KGV.agent, None)):
        for agent in g.objects(caution, KGV.agent):
            out.setdefault(str(agent).rsplit("/", 1)[-1], set()).update(
                str(o).rsplit("/", 1)[-1] for o in g.objects(caution, KGV.withCoMedication))
    return out


@pytest.mark.parametrize(
    ("statement", "subject", "partner", "kind"),
    [
        # the partner after the drug warned against: "with", "together with", "in patients taking", "on"
        ("Do not give clarithromycin with colchicine.", "clarithromycin", "colchicine", KGV.Contraindication),
        ("Warfarin should not be given together with aspirin.", "warfarin", "aspirin", KGV.Caution),
        ("Avoid clarithromycin in people taking simvastatin (risk of muscle damage).", "clarithromycin", "simvastatin",
         KGV.Caution),
        ("Do not give trimethoprim to patients who are taking methotrexate.", "trimethoprim", "methotrexate",
         KGV.Contraindication),
        ("Use calcium gluconate with caution in people taking digoxin.", "calcium-gluconate", "digoxin", KGV.Caution),
        ("Avoid giving furosemide with gentamicin where possible.", "furosemide", "gentamicin", KGV.Caution),
        ("Trimethoprim: contraindicated in patients taking methotrexate.", "trimethoprim", "methotrexate",
         KGV.Contraindication),
        # the partner first: the patients described by what they take, then the warning
        ("In patients taking simvastatin, avoid clarithromycin.", "clarithromycin", "simvastatin", KGV.Caution),
        ("People on warfarin must not take aspirin.", "aspirin", "warfarin", KGV.Contraindication),
        # a class warned, with a drug the patient takes
        ("Avoid NSAIDs in patients taking methotrexate.", "anti-inflammatory-agents-non-steroidal", "methotrexate",
         KGV.Caution),
        ("Do not combine verapamil with a beta-blocker: heart block may follow.", "verapamil",
         "adrenergic-beta-antagonists", KGV.Contraindication),
    ],
)
def test_a_combination_warning_warns_both_drugs_each_with_the_other_as_its_co_medication(
    lexicon, statement, subject, partner, kind
):
    g, draft = draft_of(lexicon, statement)
    assert {subject, partner} <= cautioned(g, kind), draft.ttl
    assert not recommended(g) & {subject, partner}, draft.ttl
    co = _co_medications(g)
    assert partner in co.get(subject, set()) and subject in co.get(partner, set()), co
    assert any("drafted from a combination warning" in n for st in draft.statements for n in st.needs), \
        [st.needs for st in draft.statements]


def test_named_members_of_an_interacting_class_are_each_warned_with_the_drug(lexicon):
    """'contraindicated with strong CYP3A4 inhibitors such as clarithromycin or itraconazole': the drugs the page
    names are the co-medications a reader warns; the drug of the sentence stays warned."""
    g, draft = draft_of(lexicon, "Colchicine is contraindicated with strong CYP3A4 inhibitors such as clarithromycin "
                                 "or itraconazole.")
    assert {"colchicine", "clarithromycin", "itraconazole"} <= cautioned(g, KGV.Contraindication), draft.ttl


def test_both_drugs_named_before_a_co_prescribing_ban_are_warned(lexicon):
    g, draft = draft_of(lexicon, "Clarithromycin and simvastatin must not be co-prescribed.")
    assert {"clarithromycin", "simvastatin"} <= cautioned(g, KGV.Contraindication), draft.ttl


@pytest.mark.parametrize(
    ("statement", "subject", "other"),
    [
        # an allergy, a history, a reaction: what the patient reacted to, not a drug given with it
        ("Ceftriaxone is contraindicated in people with a history of amoxicillin allergy.", "ceftriaxone", "amoxicillin"),
        ("Do not use flucloxacillin after a history of anaphylaxis or urticaria with a penicillin.", "flucloxacillin",
         "penicillins"),
        # a drug taken before (a wash-out), or one the warning waits for
        ("Do not give isosorbide mononitrate to anyone who has taken sildenafil in the last 48 hours.",
         "isosorbide-mononitrate", "sildenafil"),
        ("Do not give sacubitril until 36 hours have passed since the last enalapril dose.", "sacubitril", "enalapril"),
        # a state of the patient named by a drug
        ("Avoid clarithromycin in people with digoxin toxicity.", "clarithromycin", "digoxin"),
        # the way the warned drug might be given: the warning is about it in either use
        ("Do not routinely offer liothyronine, alone or with levothyroxine, for hypothyroidism.", "liothyronine",
         "levothyroxine"),
        # the reason of the warning, not a drug given with it
        ("Oxygen should be used with caution in COPD because of the risk of carbon dioxide retention.", "oxygen",
         "carbon-dioxide"),
    ],
)
def test_a_drug_that_is_not_given_with_the_warned_drug_is_not_warned(lexicon, statement, subject, other):
    g, draft = draft_of(lexicon, statement)
    assert subject in cautioned(g), draft.ttl
    assert other not in cautioned(g), draft.ttl
    assert not any("drafted from a combination warning" in n for st in draft.statements for n in st.needs)


_DRUGS = [("clarithromycin", "clarithromycin"), ("simvastatin", "simvastatin"), ("methotrexate", "methotrexate"),
          ("trimethoprim", "trimethoprim"), ("colchicine", "colchicine"), ("digoxin", "digoxin"),
          ("warfarin", "warfarin"), ("amiodarone", "amiodarone")]
# (template, kind): the drug warned against {a}, its partner {b}; subject-first and partner-first wordings
_TEMPLATES = [
    ("Do not give {a} with {b}.", KGV.Contraindication),
    ("Do not give {a} together with {b}.", KGV.Contraindication),
    ("Avoid {a} in patients taking {b}.", KGV.Caution),
    ("{A} is contraindicated in people receiving {b}.", KGV.Contraindication),
    ("{A} must not be co-prescribed with {b}.", KGV.Contraindication),
    ("Use {a} with caution in people taking {b}.", KGV.Caution),
    ("In patients taking {b}, avoid {a}.", KGV.Caution),
    ("Patients on {b} must not be given {a}.", KGV.Contraindication),
    ("{A} should not be used in combination with {b}.", KGV.Caution),
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pair=hs.permutations(range(len(_DRUGS))).map(lambda p: (p[0], p[1])), template=hs.sampled_from(_TEMPLATES))
def test_any_wording_of_a_combination_warning_warns_both_drugs_and_recommends_neither(lexicon, pair, template):
    (a_name, a_iri), (b_name, b_iri) = _DRUGS[pair[0]], _DRUGS[pair[1]]
    words, kind = template
    text = words.format(a=a_name, A=a_name[0].upper() + a_name[1:], b=b_name)
    g, draft = draft_of(lexicon, text)
    assert {a_iri, b_iri} <= cautioned(g, kind), (text, draft.ttl)
    assert not recommended(g) & {a_iri, b_iri}, text
    co = _co_medications(g)
    assert b_iri in co.get(a_iri, set()) and a_iri in co.get(b_iri, set()), (text, co)


_NOT_TOGETHER = [
    "Do not give {a} to anyone who has taken {b} in the last 24 hours.",
    "Avoid {a} in people with a history of {b} allergy.",
    "{A} is contraindicated within 14 days of stopping {b}.",
    "Avoid {a} in people with {b} toxicity.",
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pair=hs.permutations(range(len(_DRUGS))).map(lambda p: (p[0], p[1])), template=hs.sampled_from(_NOT_TOGETHER))
def test_a_drug_taken_before_or_reacted_to_is_never_warned_as_a_combination(lexicon, pair, template):
    (a_name, a_iri), (b_name, b_iri) = _DRUGS[pair[0]], _DRUGS[pair[1]]
    text = template.format(a=a_name, A=a_name[0].upper() + a_name[1:], b=b_name)
    g, draft = draft_of(lexicon, text)
    assert a_iri in cautioned(g), (text, draft.ttl)
    assert b_iri not in cautioned(g), (text, draft.ttl)
