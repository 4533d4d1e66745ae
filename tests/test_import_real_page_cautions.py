"""Cautions as real guideline pages word them, written in this project's own words from what each construction
tells a prescriber, before the importer was changed (the real pages measured are kept outside the repository; no
test copies one).

- A glossary line under a table or at the foot of a page ("ICS: inhaled corticosteroid", "ICS = inhaled
  corticosteroid", "Abbreviations: ICS, inhaled corticosteroid; ...") defines the abbreviation the page then uses in
  its warnings ("do not prescribe high-dose ICS ..."): the warning is about the drug the long form names. The
  glossary line itself offers nothing (it had been drafted as a first-line recommendation of the drug, and the
  warnings using the abbreviation named no drug at all).
- A statement that a drug can worsen, aggravate, precipitate, trigger or unmask a harm ("X can worsen angina in
  people with heart disease") warns about that drug, as "X can cause ..." does.
- An exception that says when or how a drug is given ("on any day except the day of the weekly dose", "unless the
  heart needs it run more slowly or in divided doses") excludes no patients: no contraindication is drafted, the
  recommendation stands and the curator is told.
"""

from __future__ import annotations

import pytest
from draft_reading import iri_local, page_draft, recommended_stage_names, warned_kinds
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.recognise import Lexicon

HEADER = """Treating an invented wheezing illness

Last updated: 2 May 2025

"""


def _draft(lexicon: Lexicon, body: str, ext: str = "txt"):
    return page_draft(lexicon, HEADER, body, ext)


_local = iri_local
warned = warned_kinds
recommended = recommended_stage_names


def _iri_local(lexicon: Lexicon, name: str) -> str:
    found = lexicon.therapies(name)
    assert found, name
    return _local(found[-1].iri)


# ---------------------------------------------------------------------------------------------------------------
# glossary lines define the abbreviation a warning uses


@pytest.mark.parametrize("glossary", [
    "ICS: inhaled corticosteroid",
    "ICS = inhaled corticosteroid",
    "ICS - inhaled corticosteroid",
    "Abbreviations: ICS, inhaled corticosteroid; SABA, short-acting beta agonist.",
])
def test_a_glossary_line_names_the_drug_a_later_warning_abbreviates(lexicon: Lexicon, glossary: str) -> None:
    steroid = _iri_local(lexicon, "inhaled corticosteroid")
    body = ("Flare plans\n\n"
            "Children who wheeze only with colds should not be given a short burst of high-dose ICS at home.\n\n"
            f"{glossary}\n")
    d = _draft(lexicon, body)
    assert warned(d).get(steroid), (glossary, warned(d))
    # the glossary line recommends nothing: the page's only words about the steroid warn against it
    assert steroid not in recommended(d), recommended(d)


def test_a_glossary_line_before_the_warning_reads_the_same(lexicon: Lexicon) -> None:
    steroid = _iri_local(lexicon, "inhaled corticosteroid")
    body = ("Notes\n\nICS: inhaled corticosteroid\n\n"
            "Do not prescribe a course of high-dose ICS for a child whose wheeze comes only with colds.\n")
    d = _draft(lexicon, body)
    assert warned(d).get(steroid) == {"Contraindication"}, warned(d)
    assert steroid not in recommended(d)


def test_a_label_and_a_sentence_is_no_glossary(lexicon: Lexicon) -> None:
    # "Reliever: salbutamol ..." names a role and a drug; it is a recommendation line, not a definition
    d = _draft(lexicon, "Treatment\n\nReliever: salbutamol 100 micrograms, 2 puffs as needed\n")
    assert _iri_local(lexicon, "salbutamol") in recommended(d)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sep=st.sampled_from([": ", " = ", " - ", " \u2013 "]), before=st.booleans(),
       ext=st.sampled_from(["txt", "md"]))
def test_glossary_lines_never_recommend_whatever_the_separator_or_place(lexicon: Lexicon, sep: str, before: bool,
                                                                         ext: str) -> None:
    steroid = _iri_local(lexicon, "inhaled corticosteroid")
    gloss = f"ICS{sep}inhaled corticosteroid"
    warning = "Avoid high-dose ICS in a child with wheeze only during colds."
    parts = [gloss, warning] if before else [warning, gloss]
    head = "## Plans\n\n" if ext == "md" else "Plans\n\n"
    d = _draft(lexicon, head + "\n\n".join(parts) + "\n", ext)
    assert warned(d).get(steroid) == {"Caution"}
    assert steroid not in recommended(d)


# ---------------------------------------------------------------------------------------------------------------
# verbs of harm


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(modal=st.sampled_from(["can", "may", "might", "could"]),
       verb=st.sampled_from(["worsen", "aggravate", "exacerbate", "precipitate", "trigger", "unmask", "bring on"]))
def test_a_drug_that_can_worsen_a_harm_is_cautioned(lexicon: Lexicon, modal: str, verb: str) -> None:
    digoxin = _iri_local(lexicon, "digoxin")
    body = f"Heart disease\n\nEven usual doses of digoxin {modal} {verb} an arrhythmia in people with low potassium.\n"
    d = _draft(lexicon, body)
    assert warned(d).get(digoxin) == {"Caution"}, warned(d)
    assert digoxin not in recommended(d)


@pytest.mark.parametrize("verb", ["prevent", "relieve", "reduce", "shorten"])
def test_a_drug_that_can_ease_a_harm_is_not_cautioned(lexicon: Lexicon, verb: str) -> None:
    digoxin = _iri_local(lexicon, "digoxin")
    d = _draft(lexicon, f"Heart disease\n\nDigoxin can {verb} palpitations in people with a fast heart rate.\n")
    assert digoxin not in warned(d)


# ---------------------------------------------------------------------------------------------------------------
# exceptions about when or how, not who


@pytest.mark.parametrize("line", [
    "Give folic acid 5 mg once a week, on any day except the day the methotrexate is taken.",
    "Folic acid may be taken on any day except the methotrexate day.",
    "Take folic acid 5 mg weekly, except on the same day as methotrexate.",
])
def test_an_exception_of_timing_is_no_contraindication(lexicon: Lexicon, line: str) -> None:
    folic = _iri_local(lexicon, "folic acid")
    d = _draft(lexicon, f"Supplements\n\n{line}\n")
    assert folic not in warned(d), warned(d)
    st_ = d.statements[-1]
    assert any("when or how" in n for n in st_.needs), st_.needs


def test_an_exception_of_manner_is_no_contraindication(lexicon: Lexicon) -> None:
    ivig = _iri_local(lexicon, "intravenous immunoglobulin")
    line = ("Intravenous immunoglobulin 2 g/kg as one infusion over 12 hours (unless poor heart function requires a "
            "slower rate or divided doses)")
    d = _draft(lexicon, f"First treatment\n\n{line}\n")
    assert ivig not in warned(d), warned(d)
    assert ivig in recommended(d)


def test_an_exception_of_patients_is_still_a_contraindication(lexicon: Lexicon) -> None:
    amox = _iri_local(lexicon, "amoxicillin")
    d = _draft(lexicon, "First treatment\n\nGive amoxicillin 500 mg three times a day, unless the person has had "
                        "anaphylaxis to a penicillin.\n")
    assert warned(d).get(amox) == {"Contraindication"}
    assert amox in recommended(d)


# ---------------------------------------------------------------------------------------------------------------
# a table's warning column whose cell names only a drug: the co-medication, the row's drug is the one warned


@pytest.mark.parametrize("column,kind", [("Contraindications", "Contraindication"), ("Avoid with", "Caution"),
                                         ("Cautions", "Caution")])
def test_a_drug_in_a_warning_column_is_the_co_medication(lexicon: Lexicon, column: str, kind: str) -> None:
    colchicine, clarith = _iri_local(lexicon, "colchicine"), _iri_local(lexicon, "clarithromycin")
    body = ("Choices for a flare\n\n"
            f"| Drug | Dose | {column} |\n| --- | --- | --- |\n"
            "| Colchicine | 500 micrograms twice a day | Clarithromycin |\n"
            "| Naproxen | 500 mg twice a day | Peptic ulcer |\n")
    d = _draft(lexicon, body, "md")
    w = warned(d)
    assert w.get(colchicine) == {kind}, w
    assert clarith not in w, w
    assert clarith not in recommended(d)


def test_a_class_with_members_in_a_warning_column_is_all_co_medication(lexicon: Lexicon) -> None:
    colchicine = _iri_local(lexicon, "colchicine")
    body = ("Choices for a flare\n\n| Drug | Dose | Contraindications |\n| --- | --- | --- |\n"
            "| Colchicine | 500 micrograms twice a day | Strong CYP3A4 inhibitors (clarithromycin, itraconazole) |\n"
            "| Naproxen | 500 mg twice a day | Peptic ulcer |\n")
    w = warned(_draft(lexicon, body, "md"))
    assert w.get(colchicine) == {"Contraindication"}, w
    assert set(w) == {colchicine, _iri_local(lexicon, "naproxen")}, w


@pytest.mark.parametrize("cue", ["contraindicated in", "avoid in", "use with caution in"])
def test_a_warning_after_a_dose_does_not_make_the_drug_an_alternative(lexicon: Lexicon, cue: str) -> None:
    # "contraindicated" names the alternative stage only when another drug is the one that cannot be given
    naproxen = _iri_local(lexicon, "naproxen")
    d = _draft(lexicon, f"Choices for a flare\n\nNaproxen 500 mg twice a day; {cue} peptic ulcer\n")
    assert recommended(d).get(naproxen) == {"FirstLine"}, recommended(d)
    assert warned(d).get(naproxen)


# ---------------------------------------------------------------------------------------------------------------
# side effects: what the drug may do, neither an offer of it nor a warning against it


@pytest.mark.parametrize("line", [
    "Common side effects include diarrhoea and nausea.",
    "Adverse effects: diarrhoea, nausea and vomiting.",
    "The most frequent adverse reactions are stomach upset and loose stools.",
    "Possible side effects of colchicine include diarrhoea.",
])
def test_a_side_effect_list_under_a_drug_heading_drafts_nothing(lexicon: Lexicon, line: str) -> None:
    colchicine = _iri_local(lexicon, "colchicine")
    d = _draft(lexicon, f"Colchicine\n\n- 500 micrograms twice a day\n- {line}\n")
    assert recommended(d).get(colchicine) == {"FirstLine"}  # from the dose line
    assert colchicine not in warned(d), warned(d)
    st_ = d.statements[-1]
    assert any("side effect" in n for n in st_.needs), st_.needs
    # the side-effect line itself recommends nothing: only the dose line's statement is a recommendation's source
    assert all(st_.local not in r.statements for r in d.recommendations)


def test_a_side_effect_line_that_also_warns_still_warns(lexicon: Lexicon) -> None:
    colchicine = _iri_local(lexicon, "colchicine")
    d = _draft(lexicon, "Colchicine\n\n- 500 micrograms twice a day\n"
                        "- Side effects include diarrhoea; do not use in severe kidney disease.\n")
    assert warned(d).get(colchicine) == {"Contraindication"}, warned(d)


# ---------------------------------------------------------------------------------------------------------------
# "instead of" a schedule or an amount: the same drug given another way, not an alternative drug


@pytest.mark.parametrize("line", [
    "In high-risk patients, give benzathine benzylpenicillin every 3 weeks instead of every 4 weeks.",
    "For older people, give benzathine benzylpenicillin 600 000 units instead of 1.2 million units.",
    "Benzathine benzylpenicillin may be given twice a month instead of the usual monthly injection.",
])
def test_instead_of_a_schedule_keeps_the_drugs_stage(lexicon: Lexicon, line: str) -> None:
    bpg = _iri_local(lexicon, "benzathine benzylpenicillin")
    d = _draft(lexicon, "First choice\n\nBenzathine benzylpenicillin 1.2 million units IM every 4 weeks.\n\n"
                        f"- {line}\n")
    assert recommended(d).get(bpg) == {"FirstLine"}, recommended(d)


@pytest.mark.parametrize("line", [
    "If naproxen is not tolerated, give ibuprofen 400 mg three times a day instead.",
    "Give ibuprofen 400 mg three times a day instead of naproxen when the stomach is upset.",
])
def test_instead_of_another_drug_is_still_the_alternative(lexicon: Lexicon, line: str) -> None:
    ibu = _iri_local(lexicon, "ibuprofen")
    d = _draft(lexicon, f"First choice\n\nNaproxen 500 mg twice a day.\n\n- {line}\n")
    assert recommended(d).get(ibu) == {"Alternative"}, recommended(d)


# ---------------------------------------------------------------------------------------------------------------
# a date in a recommending sentence


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(year=st.integers(2000, 2099), month=st.integers(1, 12), day=st.integers(1, 28))
def test_an_iso_date_in_a_recommending_sentence_never_stops_the_import(lexicon: Lexicon, year: int, month: int,
                                                                      day: int) -> None:
    # "2026-11-30" looks like a range running backwards to the dose grammar; it is a date, and the page must still
    # be drafted with its recommendation
    amox = _iri_local(lexicon, "amoxicillin")
    d = _draft(lexicon, f"Choices\n\nOffer amoxicillin as first-line treatment until {year}-{month:02d}-{day:02d}, "
                        "when the advice will be reviewed.\n")
    assert recommended(d).get(amox) == {"FirstLine"}
