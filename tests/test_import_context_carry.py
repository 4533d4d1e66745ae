"""Context carry of drug and route, written from what each layout says to a reader before the importer was run.

Scope rules (README, importer section): a heading, caption, table column or lead-in carries its drug and route to the
dose lines under it that state none of their own; a heading's reach ends at the next heading of the same or a higher
level (so a '## Octreotide' covers its '### Dosing'); the line's own words always win (a rate per hour is not given
by mouth; a line naming another route keeps it); the nearest carrier wins over a farther one; every carry is noted
in the draft for the curator.
"""

from __future__ import annotations

import pytest

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from kg.importer.recognise import Lexicon

HEAD_TXT = "Invented guidance on a reading test condition\n\nLast updated: May 5, 2021\n\n"
HEAD_MD = "# Invented guidance on a reading test condition\n\nLast updated: May 5, 2021\n\n"
REFS_TXT = "\nReferences\n1. An invented guideline title for a reading test. Example Publisher; 2020.\n"
REFS_MD = "\n## References\n\n1. An invented guideline title for a reading test. Example Publisher; 2020.\n"


def draft(lexicon: Lexicon, body: str, md: bool = True):
    name = "carry.md" if md else "carry.txt"
    text = (HEAD_MD if md else HEAD_TXT) + body + (REFS_MD if md else REFS_TXT)
    art = read_any(text.encode(), name)[0]
    return build_draft(art, lexicon, name)


def doses(d) -> list[tuple[str, str, str | None, str | None]]:
    """(drug local name or 'none', amount as printed, per, route) of every drafted dose with an amount."""
    out = []
    for dd in d.doses:
        if dd.dose.amount_not_stated:
            continue
        lo, hi = dd.dose.amount_min, dd.dose.amount_max
        amount = f"{lo.normalize():f}" if hi is None or hi == lo else f"{lo.normalize():f}-{hi.normalize():f}"
        out.append(((dd.therapy or "none").rsplit("/", 1)[-1], amount, dd.dose.per, dd.dose.route))
    return out


def needs(d) -> list[str]:
    return [n for s in d.statements for n in s.needs]


# ------------------------------------------------------------------ (d) the line's own words win over the section's


@pytest.mark.parametrize("md", [True, False])
def test_an_hourly_rate_under_an_oral_heading_is_not_given_by_mouth(lexicon: Lexicon, md: bool) -> None:
    # "Morphine: 10-40 micrograms/kg/hour" is a rate: it runs through a pump, so the section's "oral" does not fit it
    body = ("## Oral analgesia\n\n" if md else "Oral analgesia\n\n") + (
        "- Paracetamol 15 mg/kg every 6 hours.\n- Morphine: 10-40 micrograms/kg/hour if pain persists.\n")
    d = draft(lexicon, body, md)
    got = doses(d)
    assert ("acetaminophen", "15", "dose", "oral") in got
    assert ("morphine", "10-40", "hour", None) in got
    assert any("not carried to '10-40 micrograms/kg/hour'" in n and "rate" in n for n in needs(d))


def test_an_hourly_rate_after_an_oral_dose_of_the_same_drug_does_not_take_its_route(lexicon: Lexicon) -> None:
    body = ("Pain relief\n\n- Morphine 200-400 micrograms/kg by mouth every 4 hours.\n"
            "- Morphine 10-40 micrograms/kg/hour if the pain is not controlled.\n")
    got = doses(draft(lexicon, body, md=False))
    assert ("morphine", "200-400", "dose", "oral") in got
    assert all(not (drug == "morphine" and per == "hour" and route == "oral") for drug, _, per, route in got)


@pytest.mark.parametrize("md", [True, False])
def test_a_line_naming_its_own_route_keeps_it_from_the_heading(lexicon: Lexicon, md: bool) -> None:
    # under "IV therapy", "Then switch to oral: 500 mg twice daily cefalexin" is oral, never IV
    body = ("## IV therapy\n\n" if md else "IV therapy\n\n") + (
        "- Ceftriaxone 2 g once daily.\n- Then switch to oral: cefalexin 500 mg twice daily.\n")
    got = doses(draft(lexicon, body, md))
    assert ("ceftriaxone", "2", "day", "intravenous") in got
    assert all(route != "intravenous" for drug, _, _, route in got if drug == "cefalexin")


def test_an_infusion_rate_after_an_iv_bolus_runs_on_intravenously(lexicon: Lexicon) -> None:
    # "50 micrograms IV bolus, then 50 micrograms/hour": the rate is the infusion that follows the bolus
    d = draft(lexicon, "## Octreotide\n\n- 50 micrograms IV bolus, then 50 micrograms/hour for 2-5 days.\n")
    got = doses(d)
    assert ("octreotide", "50", "hour", "intravenous") in got
    assert any("carried from the dose before to '50 micrograms/hour'" in n for n in needs(d))


def test_an_oral_course_after_an_iv_dose_is_not_made_intravenous(lexicon: Lexicon) -> None:
    # across 'then' a route is not carried unless the later amount is a rate: a daily amount may be oral
    got = doses(draft(lexicon, "## Prednisolone\n\n- 60 mg IV once, then 40 mg daily for 5 days.\n"))
    assert ("prednisolone", "40", "day", None) in got or all(
        route != "intravenous" for drug, amount, _, route in got if amount == "40")


# ------------------------------------------------------------------ (a) a heading over the section's heading


def test_a_drug_heading_encloses_its_subsections(lexicon: Lexicon) -> None:
    body = ("## Octreotide\n\n### Dosing\n\n- 50 micrograms bolus, then 25-50 micrograms/hour.\n\n"
            "## Heparin\n\n### Adults\n\n- 5000 units subcutaneously every 12 hours.\n\n#### Children\n\n"
            "- 75 units/kg IV bolus over 10 minutes.\n")
    d = draft(lexicon, body)
    got = doses(d)
    assert ("octreotide", "50", "dose", None) in got
    assert ("octreotide", "25-50", "hour", None) in got
    assert ("heparin", "5000", "dose", "subcutaneous") in got
    assert ("heparin", "75", "dose", "intravenous") in got
    assert any("named in the heading 'Octreotide' over this section" in n for n in needs(d))


def test_a_heading_of_the_same_level_ends_the_enclosing_drug(lexicon: Lexicon) -> None:
    # '## Octreotide' does not reach past '## Supportive care' to the '### Dosing' under that
    body = "## Octreotide\n\n- Give it early.\n\n## Supportive care\n\n### Dosing\n\n- 50 micrograms bolus.\n"
    got = doses(draft(lexicon, body))
    assert all(drug != "octreotide" for drug, *_ in got)


def test_the_sections_own_drug_heading_is_nearer_than_the_enclosing_one(lexicon: Lexicon) -> None:
    body = "## Octreotide\n\n### Terlipressin\n\n- 2 mg every 4 hours.\n"
    got = doses(draft(lexicon, body))
    assert [drug for drug, *_ in got] == ["terlipressin"]


def test_an_enclosing_route_heading_reaches_its_subsections(lexicon: Lexicon) -> None:
    body = "## IV antibiotics\n\n### Meningitis\n\n- Cefotaxime 50 mg/kg every 8 hours.\n\n## Oral antibiotics\n\n" \
           "### Meningitis follow-up\n\n- Amoxicillin 500 mg three times daily.\n"
    got = doses(draft(lexicon, body))
    assert ("cefotaxime", "50", "dose", "intravenous") in got
    assert ("amoxicillin", "500", "dose", "oral") in got
