"""Whose dose a table row or a line is when the drug opening it carries a bracketed note naming another drug
('Ibuprofen (NSAID, first line with paracetamol) | 400 mg orally three times daily'). A reader gives the row to the
drug that opens it: the note says something about that drug, and a drug named in it is context, never the owner of
the amount after the note. Sentences and tables are our own; what each should draft is what it tells a prescriber."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Namespace

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

KGV = Namespace("https://w3id.org/guideline-kg/vocab#")


def drafted(lexicon, body: str) -> tuple[dict[str, set[tuple[float, str]]], set[str]]:
    """(drug -> {(amount, unit)}, drugs recommended) as drafted from one article."""
    article, _ = read_any(f"# An invented test condition\n\n## Drug doses\n\n{body}\n".encode(), "owner.md")
    g = Graph().parse(data=build_draft(article, lexicon, "owner.md").ttl, format="turtle")
    doses: dict[str, set[tuple[float, str]]] = {}
    recommended: set[str] = set()
    for rec in g.subjects(KGV.stage, None):
        drug = str(g.value(rec, KGV.therapy)).rsplit("/", 1)[-1]
        recommended.add(drug)
        for dose in g.objects(rec, KGV.dose):
            amount = g.value(dose, KGV.amountMin)
            unit = str(g.value(dose, KGV.amountUnit)).rsplit("/", 1)[-1].rsplit("#", 1)[-1]
            if amount is not None:
                doses.setdefault(drug, set()).add((float(amount), unit))
    return doses, recommended


TABLE = """| Drug | Dose | Notes |
| --- | --- | --- |
| Ibuprofen (NSAID, first line with paracetamol) | 400 mg orally three times daily | with food |
| Paracetamol | 1 g orally four times daily | max 4 g/day |
| Naproxen (alternative to ibuprofen) | 500 mg orally twice daily | |"""


def test_the_drug_opening_a_rows_first_cell_owns_its_dose_not_the_drug_in_its_note(lexicon):
    doses, recommended = drafted(lexicon, TABLE)
    # the table says: ibuprofen 400 mg, paracetamol 1 g, naproxen 500 mg
    assert (400.0, "MilliGM") in doses.get("ibuprofen", set()), doses
    assert (400.0, "MilliGM") not in doses.get("acetaminophen", set()), doses
    assert (500.0, "MilliGM") in doses.get("naproxen", set()), doses
    assert (500.0, "MilliGM") not in doses.get("ibuprofen", set()), doses
    assert "naproxen" in recommended


def test_a_note_offering_another_drug_never_takes_the_amount_after_it(lexicon):
    # 'Paracetamol (or ibuprofen) 500 mg': the 500 mg is printed as paracetamol's
    doses, _ = drafted(lexicon, "Paracetamol (or ibuprofen) 500 mg orally every 6 hours.")
    assert (500.0, "MilliGM") not in doses.get("ibuprofen", set()), doses


def test_a_bracket_giving_a_classs_example_still_doses_the_example(lexicon):
    # 'NSAIDs (e.g. naproxen) 500 mg': a class has no dose of its own; the 500 mg is naproxen's
    doses, _ = drafted(lexicon, "NSAIDs (e.g. naproxen) 500 mg twice daily.")
    assert (500.0, "MilliGM") in doses.get("naproxen", set()), doses


def test_a_bracket_holding_its_own_amount_doses_the_drug_inside_it(lexicon):
    doses, _ = drafted(lexicon, "Oral corticosteroid (prednisolone 40 mg daily) for 5 days.")
    assert (40.0, "MilliGM") in doses.get("prednisolone", set()), doses


_PAIRS = [("ibuprofen", "acetaminophen", "paracetamol"), ("amoxicillin", "clarithromycin", "clarithromycin"),
          ("ondansetron", "metoclopramide", "metoclopramide"), ("omeprazole", "aspirin", "aspirin")]
_NOTES = ["first line with {b}", "given with {b}", "alternative to {b}", "use after {b}", "if {b} not tolerated",
          "preferred over {b}", "{b} is also an option", "as well as {b}"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pair=st.sampled_from(_PAIRS), note=st.sampled_from(_NOTES), amount=st.integers(2, 900),
       table=st.booleans(), square=st.booleans())
def test_no_drug_named_in_a_note_after_another_drug_owns_the_amount_after_the_note(lexicon, pair, note, amount,
                                                                                    table, square):
    lead, note_iri, note_name = pair
    words = note.format(b=note_name)
    bracketed = f"[{words}]" if square else f"({words})"
    first = f"{lead.capitalize()} {bracketed}"
    body = (f"| Drug | Dose |\n| --- | --- |\n| {first} | {amount} mg orally twice daily |" if table
            else f"{first} {amount} mg orally twice daily.")
    doses, _ = drafted(lexicon, body)
    assert (float(amount), "MilliGM") not in doses.get(note_iri, set()), (body, doses)
    assert (float(amount), "MilliGM") in doses.get(lead, set()), (body, doses)
