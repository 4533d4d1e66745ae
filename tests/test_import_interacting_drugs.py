"""A drug the patient has already taken is the circumstance of a warning about another drug, never a caution of its
own: "Do not give X to anyone who has taken Y in the last 48 hours" contraindicates X only (issue 13, warnings at
first sight: the interacting drug was drafted as a second contraindication)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs
from test_import_polarity import KGV, cautioned, draft_of, recommended


@pytest.mark.parametrize(
    ("statement", "subject", "taken"),
    [
        ("Do not give isosorbide mononitrate to anyone who has taken sildenafil in the last 48 hours.",
         "isosorbide-mononitrate", "sildenafil"),
        ("Never prescribe sildenafil to someone who has used isosorbide mononitrate in the past day.",
         "sildenafil", "isosorbide-mononitrate"),
        ("Avoid clarithromycin in patients who have recently taken simvastatin.", "clarithromycin", "simvastatin"),
        ("Trimethoprim must not be given to a child who took methotrexate this week.", "trimethoprim", "methotrexate"),
        ("Do not start ceftriaxone if the patient has received calcium gluconate in the last 48 hours.",
         "ceftriaxone", "calcium-gluconate"),
    ],
)
def test_a_drug_the_patient_has_already_taken_is_the_circumstance_not_a_second_warning(lexicon, statement, subject,
                                                                                       taken):
    g, draft = draft_of(lexicon, statement)
    assert subject in cautioned(g), draft.ttl
    assert taken not in cautioned(g), draft.ttl
    assert not recommended(g) & {subject, taken}
    assert any("circumstance of the warning" in n.reason for n in draft.notes), [n.reason for n in draft.notes]


_DRUGS = [("sildenafil", "sildenafil"), ("isosorbide mononitrate", "isosorbide-mononitrate"),
          ("clarithromycin", "clarithromycin"), ("simvastatin", "simvastatin"), ("methotrexate", "methotrexate"),
          ("trimethoprim", "trimethoprim")]
_TEMPLATES = [
    "Do not give {s} to anyone who has taken {o} in the last 24 hours.",
    "Avoid {s} in people who have recently used {o}.",
    "{S} is contraindicated in a patient who has had {o} within the past day.",
    "Never prescribe {s} to someone who took {o} yesterday.",
    "{S} should not be used if the person has taken {o} in the last week.",
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pair=hs.permutations(range(len(_DRUGS))).map(lambda p: (p[0], p[1])), template=hs.sampled_from(_TEMPLATES))
def test_swapping_the_drug_warned_against_and_the_drug_already_taken_swaps_the_caution(lexicon, pair, template):
    (s_name, s_iri), (o_name, o_iri) = _DRUGS[pair[0]], _DRUGS[pair[1]]
    for (a_name, a_iri), (b_name, b_iri) in [((s_name, s_iri), (o_name, o_iri)), ((o_name, o_iri), (s_name, s_iri))]:
        text = template.format(s=a_name, S=a_name[0].upper() + a_name[1:], o=b_name)
        g, draft = draft_of(lexicon, text)
        assert cautioned(g, KGV.Contraindication) | cautioned(g, KGV.Caution) >= {a_iri}, (text, draft.ttl)
        assert b_iri not in cautioned(g), (text, draft.ttl)
        assert not recommended(g) & {a_iri, b_iri}, text


def _section_draft(lexicon, heading: str, *bullets: str):
    from rdflib import Graph
    from test_import_polarity import ARTICLE

    from kg.importer.draft import build_draft
    from kg.importer.markdown import read_any

    body = heading + "\n\n" + "\n".join(f"  • {b}" for b in bullets)
    article, _ = read_any(ARTICLE.replace("Cues\n\n{bullets}", body).encode(), "section.txt")
    draft = build_draft(article, lexicon, "section.txt")
    return Graph().parse(data=draft.ttl, format="turtle"), draft


@pytest.mark.parametrize(
    ("heading", "dose", "warning", "drug", "classes"),
    [
        ("Sertraline", "Sertraline 50 mg once daily by mouth.",
         "Antidepressants can cause hyponatraemia in older people, especially SSRIs.", "sertraline",
         {"antidepressive-agents", "selective-serotonin-reuptake-inhibitors"}),
        ("Lithium", "Lithium 400 mg once daily by mouth.", "Avoid NSAIDs and ACE inhibitors.", "lithium",
         {"anti-inflammatory-agents-non-steroidal", "angiotensin-converting-enzyme-inhibitors"}),
    ],
)
def test_a_class_named_in_a_warning_under_a_drugs_heading_is_its_context_and_the_warning_is_that_drugs(
        lexicon, heading, dose, warning, drug, classes):
    g, draft = _section_draft(lexicon, heading, dose, warning)
    assert drug in cautioned(g), draft.ttl
    assert not cautioned(g) & classes, draft.ttl
    assert any("context of the warning" in n.reason and "curator" in n.reason for n in draft.notes)


def test_a_named_drug_warned_against_under_another_drugs_heading_keeps_its_own_caution(lexicon):
    g, draft = _section_draft(lexicon, "Lithium", "Lithium 400 mg once daily by mouth.",
                              "Do not give ibuprofen with lithium.")
    assert "ibuprofen" in cautioned(g), draft.ttl
