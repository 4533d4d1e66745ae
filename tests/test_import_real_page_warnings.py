"""Warnings and conditions as real guideline pages print them, written in this project's own words from what each
construction tells a prescriber, before the importer was run on it (the real pages measured are kept outside the
repository; no test copies one).

- A drug class in a warning with its members in brackets after an abbreviation ("avoid penicillins (e.g.
  amoxicillin, flucloxacillin) ..."): the members are warned against with the class. The full stop of "e.g." once
  ended the warning's clause, so the members after it were drafted as drugs to give (a polarity inversion).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from kg.importer.recognise import Lexicon

HEADER = """Treating an invented urinary infection

Last updated: 2 May 2025

"""


def _draft(lexicon: Lexicon, body: str, ext: str = "txt"):
    article, _ = read_any((HEADER + body).encode(), f"page.{ext}")
    return build_draft(article, lexicon, f"page.{ext}")


def _local(iri: str | None) -> str | None:
    return iri.rsplit("/", 1)[-1] if iri else None


def warned(d) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for _, agent, kind in d.caution_facts:
        out.setdefault(_local(agent), set()).add(kind)
    return out


def recommended(d) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for r in d.recommendations:
        out.setdefault(_local(r.therapy), set()).add(r.stage.rsplit("#", 1)[-1])
    return out


# ------------------------------------------------------------------ class members in brackets after "e.g."

ABBREVIATIONS = ["e.g.", "i.e.", "eg", "such as", "for example", "including"]
WARNINGS = ["Avoid {x} in people with a penicillin allergy.", "Do not give {x} to anyone allergic to penicillin.",
            "{x} must not be used in penicillin allergy."]


@pytest.mark.parametrize("abbreviation", ABBREVIATIONS)
@pytest.mark.parametrize("warning", WARNINGS)
def test_class_members_in_brackets_are_warned_against_with_the_class_never_offered(lexicon, abbreviation, warning):
    body = ("Treatment\n\nGive nitrofurantoin 100 mg twice daily for 3 days.\n\n"
            + warning.format(x=f"penicillins ({abbreviation} amoxicillin, flucloxacillin)") + "\n")
    d = _draft(lexicon, body)
    recs = recommended(d)
    assert "amoxicillin" not in recs and "flucloxacillin" not in recs, recs
    w = warned(d)
    assert {"amoxicillin", "flucloxacillin"} <= set(w), w
    assert recs.get("nitrofurantoin") == {"FirstLine"}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(abbreviation=st.sampled_from(["e.g.", "i.e.", "eg.", "e.g.,"]),
       members=st.lists(st.sampled_from(["amoxicillin", "flucloxacillin", "cefalexin", "co-amoxiclav"]), min_size=1,
                        max_size=3, unique=True),
       cue=st.sampled_from(["Avoid", "Do not use", "Never give"]))
def test_no_drug_named_inside_a_warning_after_an_abbreviation_is_offered(lexicon, abbreviation, members, cue):
    text = f"{cue} beta-lactams ({abbreviation} {', '.join(members)}) in people with a penicillin allergy."
    d = _draft(lexicon, f"Treatment\n\nGive nitrofurantoin 100 mg twice daily for 3 days.\n\n{text}\n")
    assert set(recommended(d)) == {"nitrofurantoin"}, text
