"""Warnings and conditions as real guideline pages print them, written in this project's own words from what each
construction tells a prescriber, before the importer was run on it (the real pages measured are kept outside the
repository; no test copies one).

- A drug class in a warning with its members in brackets after an abbreviation ("avoid penicillins (e.g.
  amoxicillin, flucloxacillin) ..."): the members are warned against with the class. The full stop of "e.g." once
  ended the warning's clause, so the members after it were drafted as drugs to give (a polarity inversion).
- A warning that names no drug ("Avoid if the eGFR is under 45", "Not to be used in pregnancy", "Contraindications:
  porphyria", verbless items under a "Contraindications" heading or a "Do not use in:" lead-in) under one drug's dose
  line, lead-in or heading is about that drug, as a reader takes it; drafted and flagged. Its only drug, when that
  drug is a state of the patient ("penicillin allergy"), is its circumstance, never the drug warned against.
- A flattened drug table prints each row's indication as a line of its own just above the drug's name ("If the rash
  is widespread" over "Oral cefalexin", "Only if MRSA is confirmed" over "Mupirocin 2% ointment", "If allergic to
  penicillin:" closing the row before): that condition gives the drug its stage, as a heading over it would.
- A warning that ends in a colon with nothing under it ("X must not be used:", its list lost when the page was
  saved) was read as a lead-in and drafted nothing; it is still a warning about X.
- On a page with no headings every line is under the title, where doses restated below are deferred; a line whose
  only schedule has no amount ("X 1% lotion is an alternative, washed off after 8 hours") restates no dose, and the
  drug it offers was lost with it.
"""

from __future__ import annotations

import pytest
from draft_reading import iri_local, page_draft, recommended_stage_names, warned_kinds
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.recognise import Lexicon

HEADER = """Treating an invented urinary infection

Last updated: 2 May 2025

"""


def _draft(lexicon: Lexicon, body: str, ext: str = "txt"):
    return page_draft(lexicon, HEADER, body, ext)


_local = iri_local
warned = warned_kinds
recommended = recommended_stage_names


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


# ------------------------------------------------------------------ a warning that names no drug, under one drug's dose

SUBJECTLESS = [
    ("Must not be given in the first three months of pregnancy.", "Contraindication"),
    ("Not to be used if the creatinine clearance is under 30 mL/min.", "Caution"),
    ("Avoid during breastfeeding.", "Caution"),
    ("Contraindications: porphyria; severe liver failure.", "Contraindication"),
    ("It should not be used in people with myasthenia gravis.", "Caution"),
]
DOSE_LINES = {
    "trimethoprim": "Trimethoprim 200 mg by mouth twice a day for 3 days.",
    "nitrofurantoin": "Nitrofurantoin modified-release 100 mg twice daily for 3 days.",
    "cefalexin": "Cefalexin 500 mg twice a day for 7 days.",
}


@pytest.mark.parametrize(("warning", "kind"), SUBJECTLESS)
@pytest.mark.parametrize("layout", ["lines", "bullets"])
def test_a_warning_with_no_drug_under_one_drugs_dose_is_about_that_drug(lexicon, warning, kind, layout):
    if layout == "lines":
        body = f"Treatment\n\n{DOSE_LINES['trimethoprim']}\n\n{warning}\n"
    else:
        body = f"Treatment\n\n- {DOSE_LINES['trimethoprim']}\n- {warning}\n"
    d = _draft(lexicon, body)
    assert warned(d) == {"trimethoprim": {kind}}, (warning, d.caution_facts)
    # the reading is the draft's, not the page's words: the curator is told where the drug came from
    line = next(s for s in d.statements if s.item.text.startswith(warning.split()[0]))
    told = [*line.needs, *(n.reason for n in d.notes if n.line == line.item.line)]
    assert any("trimethoprim" in n.casefold() for n in told), told


def test_verbless_items_under_a_contraindications_heading_belong_to_the_drug_of_the_section_before(lexicon):
    body = ("Nitrofurantoin\n\nGive 100 mg twice daily for 3 days.\n\nContraindications\n"
            "- an eGFR below 45 mL/min\n- G6PD deficiency\n")
    d = _draft(lexicon, body)
    assert warned(d) == {"nitrofurantoin": {"Contraindication"}}
    assert sum(1 for f in d.caution_facts if f[2] == "Contraindication") == 2


def test_a_contraindications_heading_naming_its_drug_governs_verbless_items(lexicon):
    body = ("Treatment\n\nGive nitrofurantoin 100 mg twice daily for 3 days.\n\nContraindications to trimethoprim\n"
            "- blood dyscrasias\n- the first trimester of pregnancy\n")
    d = _draft(lexicon, body)
    assert warned(d) == {"trimethoprim": {"Contraindication"}}


def test_an_allergy_named_by_a_warning_under_a_dose_line_is_its_circumstance_not_its_drug(lexicon):
    # the drug in "penicillin allergy" is in whom the warning applies; the drug warned against is the one dosed above
    d = _draft(lexicon, "Treatment\n\nCefalexin 500 mg twice a day for 7 days.\n\nContraindicated in penicillin "
                        "allergy.\n")
    assert warned(d) == {"cephalexin": {"Contraindication"}}  # the lexicon's one entity for cefalexin


def test_items_completing_a_do_not_use_in_lead_in_are_circumstances_even_when_they_name_a_substance(lexicon):
    body = "Trimethoprim\n\n200 mg twice daily for 3 days.\n\nDo not use in:\n  - folate deficiency\n  - porphyria\n"
    d = _draft(lexicon, body)
    assert set(warned(d)) == {"trimethoprim"}, d.caution_facts


@pytest.mark.parametrize(
    "body",
    [
        # the warning names its own object after the verb: something the lexicon does not know
        "Treatment\n\nTrimethoprim 200 mg twice a day for 3 days.\n\nDo not use the short regimen in pregnancy.\n",
        # a sentence with a subject of its own
        "Treatment\n\nTrimethoprim 200 mg twice a day for 3 days.\n\nShort courses are not suitable for men.\n",
        # the line above is about two drugs: no single drug to read
        "Treatment\n\nTrimethoprim 200 mg or nitrofurantoin 100 mg twice a day.\n\nAvoid in pregnancy.\n",
        # a bare label line
        "Treatment\n\nTrimethoprim 200 mg twice a day for 3 days.\n\nCautions and contraindications\n\nSee the leaflet.\n",
        # an instruction then a warning with a pronoun in one sentence: the pronoun is the instruction's object
        "Treatment\n\nTrimethoprim 200 mg twice a day.\n\nGive the granules with water; do not give them with milk.\n",
    ],
)
def test_no_drug_is_carried_to_a_warning_that_has_a_subject_or_no_single_drug_above(lexicon, body):
    d = _draft(lexicon, body)
    assert "trimethoprim" not in warned(d) and "nitrofurantoin" not in warned(d), d.caution_facts


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drug=st.sampled_from(sorted(DOSE_LINES)), warning=st.sampled_from([w for w, _ in SUBJECTLESS]),
       other=st.sampled_from(sorted(DOSE_LINES)), bullets=st.booleans())
def test_a_subjectless_warning_goes_to_the_drug_just_above_never_to_an_earlier_one(lexicon, drug, warning, other,
                                                                                   bullets):
    lines = [DOSE_LINES[other], DOSE_LINES[drug], warning]
    body = "Treatment\n\n" + ("".join(f"- {x}\n" for x in lines) if bullets else "".join(f"{x}\n\n" for x in lines))
    d = _draft(lexicon, body)
    drafted = {"cefalexin": "cephalexin"}  # the lexicon's one entity for the INN and the US name
    assert set(warned(d)) == {drafted.get(drug, drug)}, (body, d.caution_facts)
    # a warning never becomes a recommendation
    assert set(recommended(d)) == {drafted.get(drug, drug), drafted.get(other, other)}


# ------------------------------------------------------------------ a condition printed over a drug-name heading

FLATTENED_ROWS = """Drug choices

For small patches:

Fusidic acid 2% cream

apply three times a day

5 days

{restricted}

Mupirocin 2% ointment

apply three times a day

5 days

{extent}

oral Cefalexin

500mg twice a day

7 days

adult dose

{allergy}

oral Doxycycline

100mg twice a day

7 days
"""


@pytest.mark.parametrize("restricted", ["Only if MRSA is confirmed", "Only when MRSA is isolated"])
@pytest.mark.parametrize("extent", ["If the rash is widespread", "If extensive"])
@pytest.mark.parametrize("allergy", ["If penicillin allergic:", "If allergic to penicillin:"])
def test_a_condition_line_over_a_drug_name_heading_gives_that_drug_its_stage(lexicon, restricted, extent, allergy):
    d = _draft(lexicon, FLATTENED_ROWS.format(restricted=restricted, extent=extent, allergy=allergy))
    recs = recommended(d)
    assert recs.get("fusidic-acid") == {"FirstLine"}, recs
    # kept for a group (MRSA), with no failure or severity: used instead of the usual drug
    assert recs.get("mupirocin") == {"Alternative"}, recs
    # widespread disease is the severe form: the vocabulary's escalation ("... or for severe disease")
    assert recs.get("cephalexin") == {"Escalation"}, recs  # cefalexin, drafted under the lexicon's name
    # an allergy to the usual drug: the drug given instead
    assert recs.get("doxycycline") == {"Alternative"}, recs


def test_a_heading_over_a_drug_heading_that_is_not_a_condition_gives_no_stage(lexicon):
    body = FLATTENED_ROWS.format(restricted="Second row", extent="Third row", allergy="Fourth row:")
    recs = recommended(_draft(lexicon, body))
    assert recs.get("mupirocin") == recs.get("cephalexin") == recs.get("doxycycline") == {"FirstLine"}, recs


# ------------------------------------------------------------------ a warning ending in a colon with nothing under it


@pytest.mark.parametrize("ext", ["txt", "md"])
@pytest.mark.parametrize("warning", ["Trimethoprim must not be used:", "Do not give trimethoprim to:",
                                     "Trimethoprim is contraindicated in:"])
def test_a_warning_lead_in_with_nothing_under_it_still_warns_against_its_drug(lexicon, ext, warning):
    # the list under the colon was lost when the page was saved: the warning itself still stands, and the drugs of
    # the lines around it are neither warned against nor dropped
    body = (f"Treatment\n\n- Nitrofurantoin 100 mg twice daily for 3 days.\n- {warning}\n"
            "- Pivmecillinam 400 mg three times daily for 3 days.\n")
    d = _draft(lexicon, body, ext)
    assert set(warned(d)) == {"trimethoprim"}, d.caution_facts
    assert "trimethoprim" not in recommended(d)
    assert {"nitrofurantoin"} <= set(recommended(d))


def test_a_warning_lead_in_with_its_list_warns_once_per_item_not_for_itself(lexicon):
    body = "Treatment\n\nTrimethoprim must not be used in:\n  - porphyria\n  - the first trimester of pregnancy\n"
    d = _draft(lexicon, body)
    lead = next(s for s in d.statements if s.item.text.startswith("Trimethoprim must"))
    assert not [f for f in d.caution_facts if f[0] == lead.local]
    assert len([f for f in d.caution_facts if f[1] and f[1].endswith("/trimethoprim")]) == 2


# ------------------------------------------------------------------ a summary line whose schedule has no amount


@pytest.mark.parametrize("line", [
    "- Lindane 1% lotion is an alternative, applied once and washed off after 8 hours 2",
    "- Malathion 0.5% liquid is an alternative, applied to the whole body and washed off after 24 hours 2",
    "- Benzyl benzoate 25% is an alternative, applied nightly for 3 nights 2",
])
def test_a_drug_offered_under_the_title_with_a_schedule_but_no_amount_is_still_recommended(lexicon, line):
    # a page with no headings: every line sits under the title, where doses restated below are deferred; a schedule
    # with no amount restates nothing, so the drug the line offers must not be lost with it
    body = "- Permethrin 5% cream is the first-line treatment 1\n" + line + "\n"
    d = _draft(lexicon, body)
    recs = recommended(d)
    drug = line.split()[1].casefold()
    named = [k for k in recs if k.startswith(drug[:6]) or drug[:6] in k]
    if not named:  # a drug the lexicon does not know is drafted as a new one, flagged
        named = [k for k in recs if k != "permethrin"]
    assert named and recs[named[0]] == {"Alternative"}, recs
