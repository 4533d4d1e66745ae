"""A substance named as something measured in the patient ('check blood glucose', 'potassium level', 'glucose below 4
mmol/L', 'aim for a potassium of 4-5 mmol/L') is an analyte: never a therapy recommended there, never the owner of a
neighbouring drug's dose. A substance given ('potassium chloride 40 mmol', 'give glucose 10%') is still a therapy.
Sentences are our own; what each should draft is what it tells a prescriber."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Namespace

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from kg.importer.recognise import is_analyte

KGV = Namespace("https://w3id.org/guideline-kg/vocab#")


def drafted(lexicon, body: str) -> tuple[dict[str, set[float]], set[str]]:
    """(drug -> {amount}, drugs recommended) as drafted from one article."""
    article, _ = read_any(f"# An invented test condition\n\n## Treatment\n\n{body}\n".encode(), "analyte.md")
    g = Graph().parse(data=build_draft(article, lexicon, "analyte.md").ttl, format="turtle")
    doses: dict[str, set[float]] = {}
    recommended: set[str] = set()
    for rec in g.subjects(KGV.stage, None):
        drug = str(g.value(rec, KGV.therapy)).rsplit("/", 1)[-1]
        recommended.add(drug)
        for dose in g.objects(rec, KGV.dose):
            amount = g.value(dose, KGV.amountMin)
            if amount is not None:
                doses.setdefault(drug, set()).add(float(amount))
    return doses, recommended


@pytest.mark.parametrize("line, analyte", [
    ("Potassium should be kept above 4 mmol/L.", "potassium"),
    ("Aim for a potassium of 4-5 mmol/L.", "potassium"),
    ("Glucose below 4 mmol/L: give 15-20 g of fast-acting carbohydrate.", "glucose"),
])
def test_a_substance_compared_with_a_laboratory_value_is_never_recommended(lexicon, line, analyte):
    doses, recommended = drafted(lexicon, line)
    assert not any(d.startswith(analyte) for d in recommended), recommended
    assert not any(d.startswith(analyte) for d in doses), doses


def test_a_substance_given_after_its_own_measurement_is_still_given(lexicon):
    # the line measures potassium and gives potassium chloride: the chloride is dosed, the measurement is not
    doses, recommended = drafted(lexicon, "If the potassium level is below 3.5 mmol/L, give potassium chloride 40 "
                                          "mmol orally.")
    assert 40.0 in doses.get("potassium-chloride", set()), doses
    assert "potassium" not in recommended


@pytest.mark.parametrize("text, start, end, expected", [
    ("Check blood glucose before each dose.", 12, 19, True),
    ("Measure serum prolactin at baseline.", 14, 23, True),
    ("Monitor potassium level daily.", 8, 17, True),
    ("Monitor sodium closely during treatment.", 8, 14, True),
    ("Lithium levels should be checked weekly.", 0, 7, True),
    ("Target glucose 6-10 mmol/L.", 7, 14, True),
    ("Serum potassium > 6.5 mmol/L: calcium gluconate.", 6, 15, True),
    ("Give potassium if below 3.5 mmol/L.", 5, 14, False),
    ("Potassium chloride 40 mmol/L in the fluids.", 0, 18, False),
    ("Check renal function. Potassium chloride 40 mmol orally.", 22, 40, False),
    ("Lithium: level 0.4-1.0 mmol/L; start 400 mg at night.", 0, 7, False),
])
def test_what_makes_a_substance_an_analyte(text, start, end, expected):
    assert is_analyte(text, start, end) is expected, text[start:end]


_ANALYTES = ["potassium", "sodium", "glucose", "magnesium", "calcium", "lithium"]
_MEASURING = ["Check {a} daily.", "Monitor {a} closely.", "Measure serum {a} at baseline.", "{A} level weekly.",
              "Keep {a} above 4 mmol/L.", "If {a} is below 3 mmol/L, review.", "Target {a} 4-6 mmol/L.",
              "{A} should be kept below 10 mmol/L."]
_GIVEN = [("ondansetron", "Ondansetron {n} mg orally."), ("metformin", "Metformin {n} mg twice daily."),
          ("amoxicillin", "Amoxicillin {n} mg three times daily.")]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(analyte=st.sampled_from(_ANALYTES), measuring=st.sampled_from(_MEASURING), given_drug=st.sampled_from(_GIVEN),
       amount=st.integers(2, 900), first=st.booleans())
def test_an_analyte_is_never_recommended_nor_takes_a_neighbouring_drugs_dose(lexicon, analyte, measuring, given_drug,
                                                                             amount, first):
    measure = measuring.format(a=analyte, A=analyte.capitalize())
    drug, template = given_drug
    give = template.format(n=amount)
    doses, recommended = drafted(lexicon, f"{measure} {give}" if first else f"{give} {measure}")
    assert not any(d == analyte or d.startswith(analyte + "s") for d in recommended), (measure, give, recommended)
    assert amount in doses.get(drug, set()), (measure, give, doses)


@pytest.mark.parametrize("heading", ["Targets", "Target ranges", "Laboratory values", "Blood tests"])
def test_the_rows_of_a_targets_or_blood_tests_table_are_never_drugs_given(lexicon, heading):
    # '| Potassium | 3.5-5.0 mmol/L | daily |' under 'Targets': a value to keep the patient's potassium in, not a dose
    page = (f"Give metformin 500 mg twice daily.\n\n## {heading}\n\n| Test | Target | Frequency |\n| --- | --- | --- |\n"
            "| Potassium | 3.5-5.0 mmol/L | daily |\n| Glucose | 4-7 mmol/L | before meals |\n")
    doses, recommended = drafted(lexicon, page)
    assert not {"potassium", "glucose"} & recommended, recommended
    assert 500.0 in doses.get("metformin", set()), doses
