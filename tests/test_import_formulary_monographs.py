"""A formulary page of drug monographs copied to text (every page here is written for this test, in the layout of a
national children's formulary): each drug is a heading over the same field headings, repeated under every drug,

    METHYLPHENIDATE HYDROCHLORIDE
    =============================
    INDICATIONS AND DOSE
      ->  BY MOUTH
          Child 6-17 years: Initially 5 mg once daily; maximum 60 mg per day.
    CAUTIONS
      Tics or Tourette syndrome; epilepsy (stop if seizures occur); cardiac history.
    MEDICINAL FORMS
      Tablet: 5 mg, 10 mg, 20 mg.

A reader takes each field as the field of the drug printed over it:
- a field heading printed under several drugs is that drug's field each time (before, every 'Indications and dose'
  was taken for the first one on the page, so every dose went to the first drug);
- a 'Cautions' field that opens on a verbless list of conditions, separated by semicolons, warns about that drug
  (before, only a list of ten words or fewer did);
- the amounts under 'Medicinal forms' are the strengths the products come in, not doses to give;
- 'Initially 20 mg' begins a titrated dose, not the first stage: the stage the page gives the drug in words of its
  own stands, and a drug named among those that have failed ('has not responded to X, Y and Z') takes no stage
  from that sentence.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from tests.draft_reading import iri_local, recommended_stage_names, warned_kinds

PAGE = """Medicines for adults > Nervous system > Invented test monographs

INVENTED TEST MONOGRAPHS FOR A NEUROPATHIC PAIN FORMULARY
[Invented test guidance - not clinical advice]
Last reviewed 14-Feb-2025.

{entries}
References
----------
1. An invented formulary title for a monograph test. Example Publisher, 2024.
"""

ENTRY = """
{name}
{rule}

INDICATIONS AND DOSE
  Neuropathic pain [1]
  ->  BY MOUTH
      Adult: Initially {start} mg once daily, increased if necessary in steps
      of {start} mg at weekly intervals; maximum {maximum} mg per day [1].

CAUTIONS
  {conditions}; history of falls (review the dose if falls occur); elderly [1].

MEDICINAL FORMS
  Tablet: {strengths}.

"""

# (printed name, lexicon name, starting amount, maximum, strengths): the amounts differ between drugs, so a dose
# drafted for the wrong drug or a strength drafted as a dose is seen
DRUGS = [
    ("AMITRIPTYLINE HYDROCHLORIDE", "amitriptyline", 10, 75, (25, 50)),
    ("GABAPENTIN", "gabapentin", 300, 3600, (100, 400)),
    ("PREGABALIN", "pregabalin", 150, 600, (225, 600)),
    ("DULOXETINE", "duloxetine", 60, 120, (30, 90)),
    ("CARBAMAZEPINE", "carbamazepine", 200, 1600, (100, 400)),
]
CONDITIONS = ["Glaucoma", "Urinary retention", "Asthma", "Epilepsy"]


def _page(entries: list[tuple[str, str, int, int, tuple[int, int]]], conditions: list[str]) -> str:
    return PAGE.format(entries="".join(
        ENTRY.format(name=name, rule="=" * len(name), start=start, maximum=maximum, conditions=condition,
                     strengths=", ".join(f"{s} mg" for s in strengths))
        for (name, _, start, maximum, strengths), condition in zip(entries, conditions, strict=True)))


def _draft(lexicon, text: str):
    article, _ = read_any(text.encode(), "monographs.txt")
    return build_draft(article, lexicon, "monographs.txt")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(st.sampled_from(DRUGS), min_size=2, max_size=4, unique_by=lambda d: d[1]),
       data=st.data())
def test_each_monograph_field_is_the_field_of_the_drug_printed_over_it(lexicon, entries, data):
    conditions = data.draw(st.lists(st.sampled_from(CONDITIONS), min_size=len(entries), max_size=len(entries)))
    draft = _draft(lexicon, _page(entries, conditions))
    amounts: dict[str, set[float]] = {}
    maxima: dict[str, set[float]] = {}
    for dd in draft.doses:
        if dd.therapy and not dd.dose.amount_not_stated:
            amounts.setdefault(iri_local(dd.therapy), set()).add(float(dd.dose.amount_min))
            if dd.dose.maximum:
                maxima.setdefault(iri_local(dd.therapy), set()).add(float(dd.dose.maximum[0]))
    warned = warned_kinds(draft)
    for _, drug, start, maximum, _strengths in entries:
        # the starting dose only: never another drug's dose, never a strength from 'Medicinal forms'
        assert amounts.get(drug) == {float(start)}, (drug, amounts)
        assert maxima.get(drug) == {float(maximum)}, (drug, maxima)
        assert "Caution" in warned.get(drug, set()), (drug, warned)
    assert set(amounts) == {drug for _, drug, *_ in entries}, amounts


def test_amounts_under_medicinal_forms_are_strengths_unless_the_line_says_how_often(lexicon):
    text = _page([DRUGS[1]], ["Asthma"]).replace(
        "  Tablet: 100 mg, 400 mg.", "  Tablet: 100 mg, 400 mg.\n  Oral solution: 50 mg/mL; give 250 mg three times daily.")
    draft = _draft(lexicon, text)
    got = sorted(float(dd.dose.amount_min) for dd in draft.doses
                 if iri_local(dd.therapy) == "gabapentin" and not dd.dose.amount_not_stated)
    # the starting dose, and the forms line that states how often to give its amount; the listed strengths are not
    assert got == [250.0, 300.0], got


def test_a_salt_name_printed_after_the_drug_is_the_drug(lexicon):
    text = _page([("LISDEXAMFETAMINE DIMESYLATE", "lisdexamfetamine", 30, 70, (20, 40))], ["Tics"])
    draft = _draft(lexicon, text)
    drugs = {iri_local(dd.therapy) for dd in draft.doses if dd.therapy}
    assert drugs == {"lisdexamfetamine"}, drugs


SUMMARY = """
Treatment summary
-----------------
Amitriptyline is the first-line drug [1]. Pregabalin is an alternative when amitriptyline is not tolerated [1].
Carbamazepine is reserved for pain that has not responded to amitriptyline, pregabalin and duloxetine [1].
"""


@pytest.mark.parametrize("entry", [DRUGS[2], DRUGS[4]], ids=lambda d: d[1])
def test_a_starting_amount_does_not_make_the_drug_first_line_where_the_page_gives_it_another_stage(lexicon, entry):
    text = _page([entry], ["Asthma"])
    title_end = text.index("Last reviewed")
    text = text[:title_end] + text[title_end:].replace("\n", "\n" + SUMMARY, 1)
    stages = recommended_stage_names(_draft(lexicon, text))
    assert stages.get("amitriptyline") == {"FirstLine"}, stages
    if entry[1] == "pregabalin":
        # 'Initially 150 mg' in its monograph says where the dose starts; the page calls pregabalin an alternative
        assert stages.get("pregabalin") == {"Alternative"}, stages
    else:
        # carbamazepine comes after the listed drugs fail; 'Initially 200 mg' does not make it first line
        assert stages.get("carbamazepine") and "FirstLine" not in stages["carbamazepine"], stages
        # pregabalin is named as the alternative and as one of the drugs that failed: the failure gives it no
        # second stage, so it stays the alternative; duloxetine is only named as what failed and is offered nowhere
        assert stages.get("pregabalin") == {"Alternative"}, stages
        assert "duloxetine" not in stages, stages


ALLERGY_PAGE = """INVENTED TEST REGIMENS FOR A RECURRENT INFECTION
Last reviewed 14-Feb-2025.

Vancomycin

Regimen
125 mg orally four times daily for 10 days [1].

Vancomycin allergy/intolerance

Regimen
{second} mg orally twice daily for 10 days [1].

References
1. An invented guidance title for a regimen test. Example Publisher, 2024.
"""


@pytest.mark.parametrize("second", [200, 300])
def test_a_heading_naming_a_drug_only_as_the_patients_allergy_is_not_the_drug_of_the_sections_under_it(lexicon,
                                                                                                      second):
    draft = _draft(lexicon, ALLERGY_PAGE.format(second=second))
    vancomycin = sorted(float(dd.dose.amount_min) for dd in draft.doses
                        if iri_local(dd.therapy) == "vancomycin" and not dd.dose.amount_not_stated)
    # the first regimen is vancomycin's (the heading over it names the drug); the one under the allergy is not
    assert vancomycin == [125.0], vancomycin
