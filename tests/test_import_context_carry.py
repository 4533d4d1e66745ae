"""Context carry of drug and route, written from what each layout says to a reader before the importer was run.

Scope rules (README, importer section): a heading, caption, table column or lead-in carries its drug and route to the
dose lines under it that state none of their own; a heading's reach ends at the next heading of the same or a higher
level (so a '## Octreotide' covers its '### Dosing'); the line's own words always win (a rate per hour is not given
by mouth; a line naming another route keeps it); the nearest carrier wins over a farther one; every carry is noted
in the draft for the curator.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


def headed(heading: str, lines: str, md: bool) -> str:
    """LINES under HEADING, as a Markdown '## ' heading or as a plain-text heading line"""
    return ("## " if md else "") + heading + "\n\n" + lines


def needs(d) -> list[str]:
    return [n for s in d.statements for n in s.needs]


# ------------------------------------------------------------------ (d) the line's own words win over the section's


@pytest.mark.parametrize("md", [True, False])
def test_an_hourly_rate_under_an_oral_heading_is_not_given_by_mouth(lexicon: Lexicon, md: bool) -> None:
    # "Morphine: 10-40 micrograms/kg/hour" is a rate: it runs through a pump, so the section's "oral" does not fit it
    body = headed("Oral analgesia", "- Paracetamol 15 mg/kg every 6 hours.\n"
                  "- Morphine: 10-40 micrograms/kg/hour if pain persists.\n", md)
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
    body = headed("IV therapy", "- Ceftriaxone 2 g once daily.\n"
                  "- Then switch to oral: cefalexin 500 mg twice daily.\n", md)
    got = doses(draft(lexicon, body, md))
    assert ("ceftriaxone", "2", "day", "intravenous") in got
    assert all(route != "intravenous" for drug, _, _, route in got if drug == "cefalexin")


def test_an_infusion_rate_after_an_iv_bolus_runs_on_intravenously(lexicon: Lexicon) -> None:
    # "50 micrograms IV bolus, then 50 micrograms/hour": the rate is the infusion that follows the bolus
    d = draft(lexicon, "## Octreotide\n\n- 50 micrograms IV bolus, then 50 micrograms/hour for 2-5 days.\n")
    got = doses(d)
    assert ("octreotide", "50", "hour", "intravenous") in got
    assert any("carried from the dose before to '50 micrograms/hour'" in n for n in needs(d))


def test_a_route_carried_across_then_is_flagged_for_the_curator(lexicon: Lexicon) -> None:
    # '60 mg IV once, then 40 mg daily': the later amount names no route, so it takes the first amount's (as "1 g
    # IV, then 500 mg 12-hourly" is read); a later step is sometimes given another way, so the draft asks the
    # curator to check it (a switch between them, 'then switch to 40 mg daily', carries nothing:
    # tests/test_import_route_words.py)
    d = draft(lexicon, "## Prednisolone\n\n- 60 mg IV once, then 40 mg daily for 5 days.\n")
    assert ("prednisolone", "40", "day", "intravenous") in doses(d)
    assert any("carried from the dose before to '40 mg daily'" in n and "across 'then'" in n
               and "needs a curator's eye" in n for n in needs(d))



def test_a_route_is_not_carried_from_the_dose_before_when_the_line_names_two(lexicon: Lexicon) -> None:
    # '| Ondansetron (IV or oral) | 4 mg | 0.1 mg/kg |': the child's dose may be given either way; never IV alone
    body = "## Nausea\n\n| Drug | Adult dose | Child dose |\n| --- | --- | --- |\n| Ondansetron (IV or oral) | 4 mg | " \
           "0.1 mg/kg |\n"
    d = draft(lexicon, body)
    assert ("ondansetron", "0.1", None, None) in doses(d)
    assert any("not carried to '0.1 mg/kg'" in n for n in needs(d))



@pytest.mark.parametrize("md", [True, False])
def test_a_headings_route_for_its_drug_is_not_given_to_another_drug(lexicon: Lexicon, md: bool) -> None:
    # 'Oral prednisolone' over '- If severe: methylprednisolone 1 g daily for 3 days.': the heading says how
    # prednisolone is given; the methylprednisolone pulse's route is not said
    body = headed("Oral prednisolone", "- 40 mg once daily for 5 days.\n"
                  "- If severe: methylprednisolone 1 g daily for 3 days.\n", md)
    d = draft(lexicon, body, md)
    got = doses(d)
    assert ("prednisolone", "40", "day", "oral") in got
    assert ("methylprednisolone", "1", "day", None) in got
    assert any("the heading gives it for prednisolone" in n for n in needs(d))


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


# ------------------------------------------------------------------ (a)/(b)/(c) tables: header cells and captions


def test_a_drug_named_in_the_first_header_cell_is_every_rows_drug(lexicon: Lexicon) -> None:
    # '| Amoxicillin | Dose |' over age rows: each row's amount is amoxicillin's, never the section's class
    body = ("## Antibiotic treatment\n\n| Amoxicillin | Dose |\n| --- | --- |\n"
            "| Child 1-4 years | 250 mg three times daily |\n| Child 5-11 years | 500 mg three times daily |\n")
    d = draft(lexicon, body)
    assert [(drug, amount) for drug, amount, *_ in doses(d)] == [("amoxicillin", "250"), ("amoxicillin", "500")]
    assert any("named in the table's first header cell 'Amoxicillin'" in n for n in needs(d))


def test_the_route_of_a_drug_header_cell_is_every_rows_route(lexicon: Lexicon) -> None:
    body = ("## Treatment\n\n| Oral amoxicillin | Dose |\n| --- | --- |\n"
            "| Child 1-4 years | 250 mg three times daily |\n")
    assert doses(draft(lexicon, body)) == [("amoxicillin", "250", "dose", "oral")]


@pytest.mark.parametrize("md", [True, False])
def test_a_captions_route_ends_with_its_own_table(lexicon: Lexicon, md: bool) -> None:
    # 'Intravenous regimen for gentamicin' captions the weight table only; the next table's oral row is not IV
    if md:
        body = ("## Treatment\n\nIntravenous regimen for gentamicin\n\n| Weight | Dose |\n| --- | --- |\n"
                "| Under 40 kg | 7 mg/kg once daily |\n\n| Drug | Dose |\n| --- | --- |\n"
                "| Clarithromycin | 500 mg twice daily |\n")
    else:
        body = ("Treatment\n\nIntravenous regimen for gentamicin\n| Weight | Dose |\n| --- | --- |\n"
                "| Under 40 kg | 7 mg/kg once daily |\n| Drug | Dose |\n| --- | --- |\n"
                "| Clarithromycin | 500 mg twice daily |\n")
    got = doses(draft(lexicon, body, md))
    assert ("gentamicin", "7", "day", "intravenous") in got
    assert ("clarithromycin", "500", "dose", None) in got


@pytest.mark.parametrize("md", [True, False])
def test_a_route_in_a_dose_columns_name_reaches_a_cell_that_names_its_drug(lexicon: Lexicon, md: bool) -> None:
    # '| IV dose | Oral dose |' over 'Amoxicillin 1 g three times daily | Amoxicillin 500 mg three times daily'
    if md:
        body = ("## Step-down\n\n| IV dose | Oral dose |\n| --- | --- |\n"
                "| Amoxicillin 1 g three times daily | Amoxicillin 500 mg three times daily |\n")
    else:
        body = ("Step-down\n\nIV dose                              Oral dose\n"
                "Amoxicillin 1 g three times daily    Amoxicillin 500 mg three times daily\n"
                "Cefuroxime 1.5 g three times daily   Cefuroxime 500 mg twice daily\n")
    got = doses(draft(lexicon, body, md))
    assert ("amoxicillin", "1", "dose", "intravenous") in got
    assert ("amoxicillin", "500", "dose", "oral") in got


@pytest.mark.parametrize("md", [True, False])
def test_band_rows_under_a_drug_heading_are_that_drugs(lexicon: Lexicon, md: bool) -> None:
    body = ("## Paracetamol\n\n| Age | Dose |\n| --- | --- |\n| 1-5 years | 120-250 mg every 6 hours |\n"
            "| 6-11 years | 250-500 mg every 6 hours |\n") if md else (
        "Paracetamol\n\nAge          Dose\n1-5 years    120-250 mg every 6 hours\n6-11 years   250-500 mg every 6 hours\n")
    d = draft(lexicon, body, md)
    assert [(drug, amount, dd.dose.band) for (drug, amount, *_), dd in zip(doses(d), d.doses, strict=True)] == [
        ("acetaminophen", "120-250", "1-5 years"), ("acetaminophen", "250-500", "6-11 years")]


def test_a_one_row_table_naming_two_routes_gives_each_cell_its_own_columns_route(lexicon: Lexicon) -> None:
    # 'Drug   IV dose   Oral dose' over one row set apart as a table: a table of one row (tests/test_import_one_row_
    # tables.py), so each amount is read under its own column's name, never the first route named for both (this
    # header was read as a heading naming two routes, which carried neither, before one-row tables were read)
    body = "Step-down\n\nDrug          IV dose                 Oral dose\nAmoxicillin   1 g three times daily   500 mg " \
           "three times daily\n"
    got = doses(draft(lexicon, body, md=False))
    assert [(amount, route) for _drug, amount, *_, route in got] == [("1", "intravenous"), ("500", "oral")]


def test_a_route_in_an_aside_of_the_carrier_is_a_circumstance(lexicon: Lexicon) -> None:
    # 'IM (alternative when a 10-day oral course is unlikely to be completed):' gives its rows IM, not oral
    body = ("Treatment\n\nBenzathine benzylpenicillin, IM (alternative when a 10-day oral course is unlikely to be "
            "completed):\n  - under 27 kg: 600 000 units as a single dose\n")
    assert [route for *_, route in doses(draft(lexicon, body, md=False))] == ["intramuscular"]



@pytest.mark.parametrize("md", [True, False])
def test_a_route_field_line_gives_its_route_to_the_dose_line_under_it(lexicon: Lexicon, md: bool) -> None:
    # 'Octreotide' / 'Route: IV' / 'Dose: 50 micrograms bolus, then 50 micrograms/hour': a drug card read as a reader
    # reads it, each field with the others of its block
    body = ("## Acute management\n\n**Octreotide**\n\n- Route: IV\n- Dose: 50 micrograms bolus, then 50 "
            "micrograms/hour for 2-5 days.\n") if md else (
        "Acute management\n\nOctreotide\nRoute: IV\nDose: 50 micrograms bolus, then 50 micrograms/hour for 2-5 days.\n")
    got = doses(draft(lexicon, body, md))
    assert ("octreotide", "50", "dose", "intravenous") in got
    assert ("octreotide", "50", "hour", "intravenous") in got


def test_a_plain_drug_heading_with_no_text_encloses_the_band_headings_under_it(lexicon: Lexicon) -> None:
    # 'Amoxicillin' printed over 'Children' and 'Adults', each with its dose: both are amoxicillin's, until a heading
    # that names another drug
    body = ("Amoxicillin\n\nChildren\n- 1-4 years: 250 mg three times daily.\n\nAdults\n- 500 mg three times daily."
            "\n\nClarithromycin\n- 500 mg twice daily.\n\nSupportive care\n- 15 mg/kg every 6 hours.\n")
    got = doses(draft(lexicon, body, md=False))
    assert [(drug, amount) for drug, amount, *_ in got][:3] == [
        ("amoxicillin", "250"), ("amoxicillin", "500"), ("clarithromycin", "500")]
    # 'Clarithromycin' has text of its own: it encloses nothing, so 'Supportive care' gets no drug from it
    assert all(drug != "clarithromycin" for drug, amount, *_ in got if amount == "15")



@pytest.mark.parametrize("caption", [
    "Alternative - dexamethasone PO, for adults who cannot take acetazolamide.",
    "Dexamethasone by mouth, if acetazolamide is not tolerated:",
    "Second line: dexamethasone orally (for people allergic to acetazolamide):",
])
def test_a_carrier_leading_with_one_drug_names_the_others_only_as_its_circumstance(lexicon: Lexicon,
                                                                                 caption: str) -> None:
    body = f"Prevention\n\n{caption}\n  Adults: 2 mg every 6 hours, or 4 mg every 12 hours.\n"
    got = doses(draft(lexicon, body, md=False))
    assert got == [("dexamethasone", "2", "dose", "oral"), ("dexamethasone", "4", "dose", "oral")]


def test_a_carrier_offering_two_drugs_attaches_its_rows_to_neither(lexicon: Lexicon) -> None:
    # 'Amoxicillin or doxycycline:' over a bare dose: which drug it is is not said, so the curator is asked
    d = draft(lexicon, "Treatment\n\nAmoxicillin or doxycycline:\n  Adults: 500 mg twice daily.\n", md=False)
    assert [drug for drug, *_ in doses(d)] == ["none"]
    assert any("ambiguous" in n for n in needs(d))



@pytest.mark.parametrize("md", [True, False])
def test_the_drug_a_paragraph_opens_with_is_the_drug_of_the_bare_dose_under_it(lexicon: Lexicon, md: bool) -> None:
    # 'Terlipressin reduces portal pressure ...' then 'Dose: 2 mg IV every 4 hours ...' under a heading naming no drug
    body = ("## Variceal bleeding\n\n" if md else "Variceal bleeding\n\n") + (
        "Terlipressin reduces portal pressure and is started as soon as bleeding is suspected.\n\n"
        "Dose: 2 mg IV every 4 hours until bleeding is controlled.\n")
    d = draft(lexicon, body, md)
    assert doses(d) == [("terlipressin", "2", "dose", "intravenous")]
    assert any("the drug the line above it opens with" in n for n in needs(d))


def test_a_paragraph_warning_against_its_drug_lends_it_to_no_dose(lexicon: Lexicon) -> None:
    body = "Variceal bleeding\n\nDo not give terlipressin to people with ischaemic heart disease.\n\n" \
           "Dose: 2 mg IV every 4 hours.\n"
    assert [drug for drug, *_ in doses(draft(lexicon, body, md=False))] == ["none"]


def test_a_class_named_beside_the_captions_one_drug_is_not_a_rival(lexicon: Lexicon) -> None:
    # 'Morphine is the opioid of choice.' over '- Initial: 0.1 mg/kg every 4 hours.': the class is morphine's category
    body = "## Analgesia\n\nMorphine is the opioid of choice.\n\n- Initial: 0.1 mg/kg every 4 hours.\n"
    assert [drug for drug, *_ in doses(draft(lexicon, body))] == ["morphine"]


# ------------------------------------------------------------------ the scope rules as a property

# drugs the lexicon knows (printed name -> the local name the draft uses); routes a carrier or a line may name
_DRUGS = {"Morphine": "morphine", "Ceftriaxone": "ceftriaxone", "Ondansetron": "ondansetron",
          "Gentamicin": "gentamicin"}
_CARRIER_ROUTES = {"oral": "oral", "IV": "intravenous", None: None}
_OWN_ROUTES = {"IV": "intravenous", "IM": "intramuscular", None: None}  # never carried drug-to-drug by design


@st.composite
def _sections(draw):
    """One section: a heading (a drug and a route, or under Markdown an enclosing drug heading over '### Dosing'), an
    optional lead-in ending in ':' (a drug and/or a route), and dose bullets, each with or without its own drug and
    route, some of them hourly rates."""
    nested = draw(st.booleans())
    heading_drug = draw(st.sampled_from(sorted(_DRUGS)))
    heading_route = draw(st.sampled_from([None, "oral", "IV"]))
    lead = draw(st.sampled_from(["none", "drug", "route", "both"]))
    lead_drug = draw(st.sampled_from(sorted(_DRUGS))) if lead in ("drug", "both") else None
    lead_route = draw(st.sampled_from(["oral", "IV"])) if lead in ("route", "both") else None
    lines = draw(st.lists(st.tuples(st.sampled_from([None, *sorted(_DRUGS)]), st.sampled_from([None, "IV", "IM"]),
                                    st.booleans()), min_size=1, max_size=4))
    return nested, heading_drug, heading_route, lead_drug, lead_route, lines


def _expected(section, k: int, md: bool) -> tuple[str, str | None]:
    nested, heading_drug, heading_route, lead_drug, lead_route, lines = section
    drug, route, rate = lines[k]
    if drug is not None:
        want_drug = _DRUGS[drug]
    elif lead_drug is not None:
        want_drug = _DRUGS[lead_drug]
    elif k > 0 and lines[k - 1][0] is not None:
        want_drug = _DRUGS[lines[k - 1][0]]  # the bullet just above names a drug: nearer than the heading
    else:
        # the nearest line above that names a drug, if it is another than the heading's, makes the heading's drug
        # uncertain: the dose is attached to neither (the curator is told both) and the heading's route stays behind
        above = next((lines[j][0] for j in range(k - 1, -1, -1) if lines[j][0] is not None), None)
        want_drug = _DRUGS[heading_drug] if above in (None, heading_drug) else "none"
        if want_drug == "none":
            heading_route = None
    if route is not None:
        return want_drug, _OWN_ROUTES[route]
    carried = _CARRIER_ROUTES[lead_route or heading_route]
    if not lead_route and drug is not None and drug != heading_drug and not (md and nested):
        carried = None  # the heading's route is its own drug's: a line naming another drug does not take it
    if rate and carried == "oral":
        carried = None  # a rate is never given by mouth: left unstated
    return want_drug, carried


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(section=_sections(), md=st.booleans())
def test_each_dose_takes_the_drug_and_route_the_scope_rules_give(lexicon: Lexicon, section, md: bool) -> None:
    nested, heading_drug, heading_route, lead_drug, lead_route, lines = section
    route_word = f"{heading_route} " if heading_route else ""
    if md and nested:
        head = f"## {heading_drug}\n\n### {route_word.strip().capitalize() + ' dosing' if route_word else 'Dosing'}\n\n"
    elif md:
        head = f"## {route_word}{heading_drug.lower() if route_word else heading_drug}\n\n"
    else:
        head = f"{route_word}{heading_drug.lower() if route_word else heading_drug}\n\n"
    lead = ""
    if lead_drug or lead_route:
        lead = f"{lead_drug or 'Doses'}{f' ({lead_route})' if lead_route else ''}:\n"
    bullets = []
    for n, (drug, route, rate) in enumerate(lines):
        amount = 10 * (n + 1) + 1
        dose = f"{amount} micrograms/kg/hour" if rate else f"{amount} mg every 6 hours"
        bullets.append(f"- {drug + ' ' if drug else ''}{dose}{' ' + route if route else ''}.")
    body = head + lead + "\n".join(("  " if lead else "") + b for b in bullets) + "\n"
    d = draft(lexicon, body[0].upper() + body[1:] if not md else body, md)
    got = {amount: (drug, route) for drug, amount, _, route in doses(d)}
    for k in range(len(lines)):
        assert got.get(str(10 * (k + 1) + 1)) == _expected(section, k, md), body
