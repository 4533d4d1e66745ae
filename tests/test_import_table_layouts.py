"""Dose tables as real pages print them, read at first sight (issue 13; the tables round after held-out-10).

Each test is written from what the table says to a reader: every row of a table is a row (whatever its cells'
widths), a caption, a heading or a column's name that states the band, the route or the schedule gives it to every
row, a table of what a tablet contains lists strengths (never doses), and a "Notes" column's warning is a warning.
The generator at the end writes known doses into varying table layouts and checks that the draft recovers exactly
those doses or flags the row for the curator.
"""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

MD = "# Test guidance\n\nLast updated: 2024-03-03\n\n## Treatment\n\n{body}\n\n## References\n\n1. A. Work. Pub; 2020.\n"
TXT = "Test guidance\n\nLast updated: 2024-03-03\n\nTreatment\n\n{body}\n\nReferences\n1. A. Work. Pub; 2020.\n"


def _draft(lexicon, body: str, layout: str = "md"):
    text = (MD if layout == "md" else TXT).format(body=body)
    name = f"t.{layout}"
    article, _ = read_any(text.encode(), name)
    assert article.unaccounted(text) == []
    return article, build_draft(article, lexicon, name)


def doses(lexicon, body: str, layout: str = "md") -> set[tuple]:
    """(drug, amount, unit, per, route, times a day, band) of every dose the draft states an amount for."""
    _article, draft = _draft(lexicon, body, layout)
    return {((dd.therapy or "-").rsplit("/", 1)[-1], dd.dose.amount_min, dd.dose.unit, dd.dose.per, dd.dose.route,
             dd.dose.times_per_day, dd.dose.band)
            for dd in draft.doses if not dd.dose.amount_not_stated}


def test_every_row_of_a_pipe_table_whose_rows_line_up_is_a_row_and_the_first_is_never_taken_for_a_header(lexicon):
    # three rows of the same shape: cells of equal width line up as a text table's would, but the table is a pipe
    # table whose header row is the one over the rule; its first data row is a dose row like the others
    body = ("| Body weight | Pyrazinamide | Ethambutol |\n|---|---|---|\n"
            "| 40-55 kg | 1000 mg | 800 mg |\n| 56-75 kg | 1500 mg | 1200 mg |\n| 76-90 kg | 2000 mg | 1600 mg |")
    got = {(drug, amount, band) for drug, amount, _u, _p, _r, _t, band in doses(lexicon, body)}
    assert got == {
        ("pyrazinamide", D(1000), "40-55 kg"), ("ethambutol", D(800), "40-55 kg"),
        ("pyrazinamide", D(1500), "56-75 kg"), ("ethambutol", D(1200), "56-75 kg"),
        ("pyrazinamide", D(2000), "76-90 kg"), ("ethambutol", D(1600), "76-90 kg"),
    }


def test_a_warning_table_whose_rows_line_up_keeps_every_drugs_warning(lexicon):
    body = ("| Drug | Warning |\n|---|---|\n| Isoniazid | Contraindicated in liver disease. |\n"
            "| Rifampicin | Contraindicated in jaundice. |\n| Ethambutol | Contraindicated in optic neuritis. |")
    _article, draft = _draft(lexicon, body)
    warned = {(agent or "-").rsplit("/", 1)[-1] for _st, agent, _kind in draft.caution_facts}
    assert {"isoniazid", "rifampin", "ethambutol"} <= warned


def test_a_band_in_the_drug_columns_name_and_a_schedule_in_the_dose_columns_name_reach_every_row(lexicon):
    # "Drug (children under 14 years)" says whom every row is for; "Dose, by mouth once daily" says how and how often
    # every amount under it is given
    body = ("| Drug (children under 14 years) | Dose, by mouth once daily | Maximum |\n|---|---|---|\n"
            "| Isoniazid | 10 mg/kg | 300 mg |\n| Rifampicin | 15 mg/kg | 600 mg |")
    got = doses(lexicon, body)
    assert {(drug, amount, route, times, band) for drug, amount, _u, _p, route, times, band in got} == {
        ("isoniazid", D(10), "oral", 1, "under 14 years"), ("rifampin", D(15), "oral", 1, "under 14 years"),
    }


def test_a_caption_stating_the_band_gives_it_to_every_row_of_its_table(lexicon):
    body = ("Children under 12 years, oral, twice daily:\n\n| Drug | Dose |\n|---|---|\n"
            "| Amoxicillin | 25 mg/kg |\n| Clarithromycin | 7.5 mg/kg |")
    got = doses(lexicon, body)
    assert {(drug, amount, route, times, band) for drug, amount, _u, _p, route, times, band in got} == {
        ("amoxicillin", D(25), "oral", 2, "under 12 years"), ("clarithromycin", D("7.5"), "oral", 2, "under 12 years"),
    }


def test_a_caption_sentence_over_a_table_stating_the_band_gives_it_to_every_row(lexicon):
    body = ("Table 2. Adults 40-55 kg, given orally once daily.\n\n| Drug | Dose |\n|---|---|\n"
            "| Pyrazinamide | 1000 mg |\n| Ethambutol | 800 mg |")
    got = doses(lexicon, body)
    assert {(drug, amount, band) for drug, amount, _u, _p, _r, _t, band in got} == {
        ("pyrazinamide", D(1000), "40-55 kg"), ("ethambutol", D(800), "40-55 kg"),
    }


def test_a_route_in_the_heading_over_a_table_reaches_its_rows_flagged(lexicon):
    text = ("# Test guidance\n\nLast updated: 2024-03-03\n\n## IV fluids\n\n| Fluid | Volume |\n|---|---|\n"
            "| Sodium chloride 0.9% | 20 mL/kg over 15 minutes |\n\n## References\n\n1. A. Work. Pub; 2020.\n")
    article, _ = read_any(text.encode(), "t.md")
    draft = build_draft(article, lexicon, "t.md")
    (dose,) = [dd for dd in draft.doses if not dd.dose.amount_not_stated]
    assert dose.dose.route == "intravenous"
    st = next(s for s in draft.statements if s.local == dose.statement)
    assert any("route 'intravenous' carried" in n for n in st.needs)


def test_what_a_combination_tablet_contains_is_its_strength_never_a_dose(lexicon):
    for body in (
        "One common four-drug tablet holds isoniazid 75 mg, rifampicin 150 mg, pyrazinamide 400 mg and ethambutol 275 mg.",
        "Each tablet contains isoniazid 75 mg and rifampicin 150 mg.",
        "| Product | Isoniazid | Rifampicin |\n|---|---|---|\n| Two-drug tablet | 75 mg | 150 mg |\n| Four-drug tablet | 75 mg | 150 mg |",
        "| Drug | Strength |\n|---|---|\n| Isoniazid | 100 mg |\n| Rifampicin | 300 mg |",
        "Fixed-dose combination tablets, content per tablet:\n\n| Drug | Amount |\n|---|---|\n| Isoniazid | 75 mg |\n| Rifampicin | 150 mg |",
    ):
        _article, draft = _draft(lexicon, body)
        assert [dd for dd in draft.doses if not dd.dose.amount_not_stated] == [], body
        assert any("strength" in n for s in draft.statements for n in s.needs), body


def test_a_lead_in_saying_how_many_tablets_to_take_leaves_the_amounts_under_it_doses(lexicon):
    body = "Take one tablet twice daily, by mouth:\n\n| Drug | Dose |\n|---|---|\n| Amoxicillin | 500 mg |"
    got = doses(lexicon, body)
    assert {(drug, amount, times) for drug, amount, _u, _p, _r, times, _b in got} == {("amoxicillin", D(500), 2)}


def test_a_footnote_mark_on_a_cell_is_not_part_of_its_amount(lexicon):
    for mark in ("*", "^a", "\u2020", " [b]", "**"):
        body = f"| Drug | Dose |\n|---|---|\n| Doxycycline | 100 mg{mark} |\n| Amoxicillin | 500 mg |\n\n{mark.strip()} with food"
        got = doses(lexicon, body)
        assert ("doxycycline", D(100), "mg") in {g[:3] for g in got}, mark


def test_a_notes_columns_warning_is_a_warning_beside_the_rows_dose_never_its_whole_reading(lexicon):
    body = ("| Drug | Dose | Notes |\n|---|---|---|\n| Amoxicillin | 25 mg/kg | avoid in penicillin allergy |\n"
            "| Doxycycline | 100 mg | not for children under 12 years |")
    _article, draft = _draft(lexicon, body)
    got = {((dd.therapy or "-").rsplit("/", 1)[-1], dd.dose.amount_min) for dd in draft.doses
           if not dd.dose.amount_not_stated}
    assert got == {("amoxicillin", D(25)), ("doxycycline", D(100))}
    warned = {(agent or "-").rsplit("/", 1)[-1] for _st, agent, _kind in draft.caution_facts}
    assert "amoxicillin" in warned and "penicillins" not in warned, warned  # the allergy is the circumstance


def test_a_blank_first_cell_under_a_row_is_that_rows_drug_and_the_report_says_so(lexicon):
    for layout, body in (
        ("md", "| Drug | Dose |\n|---|---|\n| Amoxicillin | 25 mg/kg |\n| | 50 mg/kg in severe infection |"),
        ("txt", "| Drug | Dose |\n|---|---|\n| Amoxicillin | 25 mg/kg |\n| | 50 mg/kg in severe infection |"),
    ):
        article, draft = _draft(lexicon, body, layout)
        got = {((dd.therapy or "-").rsplit("/", 1)[-1], dd.dose.amount_min) for dd in draft.doses
               if not dd.dose.amount_not_stated}
        assert got == {("amoxicillin", D(25)), ("amoxicillin", D(50))}, layout
        assert any("merged" in why and "Amoxicillin" in why for _line, why in article.problems), layout


# ---- a generator of dose tables: known doses written into the layouts real pages use --------------------------------

DRUGS = ("Amoxicillin", "Clarithromycin", "Doxycycline", "Isoniazid", "Pyrazinamide", "Ethambutol", "Ibuprofen")
BANDS = ("10-19 kg", "20-29 kg", "30-39 kg", "40-54 kg")
MARKS = ("", "*", "^a", "\u2020", " [1]")


def _amounts():
    return st.one_of(st.integers(1, 1500).map(D), st.sampled_from(("2.5", "7.5", "0.5", "12.5")).map(D))


CAPTIONS = (  # (caption over the table, route, times a day and band it gives every row)
    ("", None, None, None),
    ("Given orally, twice daily:", "oral", 2, None),
    ("Table 1. Doses by mouth, once daily.", "oral", 1, None),
    ("Intravenous, three times a day:", "intravenous", 3, None),
    ("Children 10-19 kg: given orally, twice daily", "oral", 2, "10-19 kg"),
    ("Table 2. Adults 40-54 kg, once daily by mouth.", "oral", 1, "40-54 kg"),
)


@st.composite
def dose_tables(draw):
    """(body, layout, expected doses as (drug, amount, unit, basis, band, route, times a day)) for one table holding
    known doses: rows of drugs or of weight bands (or the transpose), the unit in the cells or once in the column's
    name, footnote marks on amounts, a Notes column that warns, a blank first cell meaning "same as above", a group row
    over the rows ("Children 10-19 kg"), a caption giving route, frequency or band; as a Markdown pipe table, a pipe table in text, a text table aligned by spaces or a
    table copied from a browser with tabs between cells."""
    drugs = draw(st.lists(st.sampled_from(DRUGS), min_size=2, max_size=3, unique=True))
    unit, basis = draw(st.sampled_from((("mg", "flat"), ("mg", "body_weight"), ("g", "flat"), ("mcg", "body_weight"))))
    written = unit + ("/kg" if basis == "body_weight" else "")
    shape = draw(st.sampled_from(("rows", "unit-header", "bands-rows", "bands-cols")))
    layout = draw(st.sampled_from(("md", "txt-pipe", "txt-aligned", "txt-tabs")))
    mark = draw(st.sampled_from(MARKS))
    caption, route, times, caption_band = draw(st.sampled_from(CAPTIONS))
    notes = shape == "rows" and draw(st.booleans())
    merged = shape == "rows" and layout != "txt-aligned" and draw(st.booleans())
    bands = draw(st.lists(st.sampled_from(BANDS), min_size=2, max_size=3, unique=True)) if "bands" in shape else [None]
    if caption_band and "bands" in shape:
        caption, route, times, caption_band = CAPTIONS[0]  # a table of bands is not also captioned with one
    grouped = shape == "rows" and not caption_band and draw(st.booleans())
    if grouped:
        caption_band = "10-19 kg"  # a group row over the rows says whom they are for
    facts, grid = [], []
    if shape in ("rows", "unit-header"):
        header = ["Drug", f"Dose ({written})" if shape == "unit-header" else "Dose"] + (["Notes"] if notes else [])
        for drug in drugs:
            amount = draw(_amounts())
            facts.append((drug, amount, unit, basis, caption_band, route, times))
            grid.append([drug, (f"{amount}" if shape == "unit-header" else f"{amount} {written}") + mark]
                        + (["avoid in pregnancy"] if notes else []))
            if merged and drug == drugs[0]:
                more = draw(_amounts())
                facts.append((drug, more, unit, basis, caption_band, route, times))
                grid.append(["", (f"{more}" if shape == "unit-header" else f"{more} {written}") + mark]
                            + ([""] if notes else []))
    elif shape == "bands-rows":
        header = ["Body weight", *drugs]
        for band in bands:
            row = [band]
            for drug in drugs:
                amount = draw(_amounts())
                facts.append((drug, amount, unit, basis, band, route, times))
                row.append(f"{amount} {written}" + mark)
            grid.append(row)
    else:
        header = ["Drug", *bands]
        for drug in drugs:
            row = [drug]
            for band in bands:
                amount = draw(_amounts())
                facts.append((drug, amount, unit, basis, band, route, times))
                row.append(f"{amount} {written}" + mark)
            grid.append(row)
    if grouped:
        grid.insert(0, ["**Children 10-19 kg**" if layout == "md" else "Children 10-19 kg"] + [""] * (len(header) - 1))
    if layout in ("md", "txt-pipe"):
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in grid]
    elif layout == "txt-tabs":
        lines = ["\t".join(header)] + ["\t".join(row).rstrip("\t") for row in grid]
    else:
        widths = [max(len(r[k]) for r in [header, *grid]) + draw(st.integers(2, 5)) for k in range(len(header))]
        lines = ["".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in [header, *grid]]
    body = "\n".join(lines)
    if caption:
        body = caption + ("\n\n" if layout == "md" else "\n") + body
    return body, ("md" if layout == "md" else "txt"), facts


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(table=dose_tables())
def test_every_dose_written_into_a_table_is_drafted_exactly_or_its_row_is_flagged(lexicon, table):
    body, layout, facts = table
    article, draft = _draft(lexicon, body, layout)
    iri = {name: lexicon.therapies(name)[0].iri for name in DRUGS}
    want = {(iri[drug], *rest) for drug, *rest in facts}
    flagged_lines = {line for line, _why in article.problems}
    got = set()
    for dd in draft.doses:
        if dd.dose.amount_not_stated:
            continue
        d = dd.dose
        fact = (dd.therapy, d.amount_min, d.unit, d.basis, d.band, d.route, d.times_per_day)
        row = next(s for s in draft.statements if s.local == dd.statement)
        # a dose the table does not hold is only ever drafted with a word to the curator on its row
        assert fact in want or row.needs or row.item.line in flagged_lines, (body, fact)
        got.add(fact)
    # and no dose the table holds is left out: every one is drafted with every field written into the table
    assert got == want, (body, sorted(want - got, key=str), sorted(got - want, key=str))


def test_a_row_label_wrapped_onto_the_next_line_of_a_text_table_is_joined_back(lexicon):
    body = ("Weight band        Pyrazinamide    Ethambutol\n40 to 55 kg        1000 mg         800 mg\n"
            "Children under     35 mg/kg        20 mg/kg\n14 years\n\n"
            "Drug               Dose\nBenzathine         1.2 million units\nbenzylpenicillin\nAmoxicillin        500 mg")
    got = {(drug, amount, band) for drug, amount, _u, _p, _r, _t, band in doses(lexicon, body, "txt")}
    assert {("pyrazinamide", D(35), "under 14 years"), ("ethambutol", D(20), "under 14 years"),
            ("pyrazinamide", D(1000), "40-55 kg")} <= got
    assert ("penicillin-g-benzathine", D(1200000), None) in got


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(low=st.integers(1, 60), span=st.integers(1, 30), gap=st.integers(2, 6),
       drugs=st.lists(st.sampled_from(DRUGS), min_size=1, max_size=3, unique=True))
def test_wrapping_a_band_label_after_its_to_never_changes_the_doses_read(lexicon, low, span, gap, drugs):
    label = f"{low} to {low + span} kg"
    head = f"{low} to"
    width = len(label) + gap
    cells = "".join(f"{10 * (k + 1)} mg".ljust(len(d) + 3) for k, d in enumerate(drugs)).rstrip()
    names = "".join(d.ljust(len(d) + 3) for d in drugs).rstrip()
    one = f"{'Body weight'.ljust(max(width, 13))}{names}\n{label.ljust(max(width, 13))}{cells}\n" \
          f"{'above 90 kg'.ljust(max(width, 13))}{cells}"
    two = f"{'Body weight'.ljust(max(width, 13))}{names}\n{head.ljust(max(width, 13))}{cells}\n{low + span} kg\n" \
          f"{'above 90 kg'.ljust(max(width, 13))}{cells}"
    assert doses(lexicon, one, "txt") == doses(lexicon, two, "txt")


GROUPED = {  # a table whose rows are grouped under rows holding only a label ("Children 1-11 months"), in each layout
    "md": "| Drug | Dose |\n|---|---|\n| **Children 1-11 months** | |\n| Amoxicillin | 125 mg three times daily |\n"
          "| **Children 1-4 years** | |\n| Amoxicillin | 250 mg three times daily |",
    "txt-pipe": "| Drug | Dose |\n|---|---|\n| Children 1-11 months | |\n| Amoxicillin | 125 mg three times daily |\n"
                "| Children 1-4 years | |\n| Amoxicillin | 250 mg three times daily |",
    "txt-tabs": "Drug\tDose\nChildren 1-11 months\t\nAmoxicillin\t125 mg three times daily\nChildren 1-4 years\t\n"
                "Amoxicillin\t250 mg three times daily",
    "txt-aligned": "Drug                    Dose\nChildren 1-11 months\nAmoxicillin             125 mg three times daily\n"
                   "Children 1-4 years\nAmoxicillin             250 mg three times daily",
}


def test_a_row_holding_only_a_label_heads_the_rows_under_it_in_every_layout(lexicon):
    for name, body in GROUPED.items():
        got = {(drug, amount, times, band) for drug, amount, _u, _p, _r, times, band in
               doses(lexicon, body, "md" if name == "md" else "txt")}
        assert got == {("amoxicillin", D(125), 3, "1-11 months"), ("amoxicillin", D(250), 3, "1-4 years")}, name


def test_a_group_row_naming_a_drug_names_the_drug_of_the_band_rows_under_it(lexicon):
    body = ("| Age | Dose |\n|---|---|\n| Amoxicillin | |\n| 1-4 years | 125 mg |\n| 5-11 years | 250 mg |\n"
            "| Clarithromycin | |\n| 1-4 years | 62.5 mg |")
    got = {(drug, amount, band) for drug, amount, _u, _p, _r, _t, band in doses(lexicon, body)}
    assert got == {("amoxicillin", D(125), "1-4 years"), ("amoxicillin", D(250), "5-11 years"),
                   ("clarithromycin", D("62.5"), "1-4 years")}


def test_a_drug_row_whose_dose_cell_is_empty_is_no_group_heading_for_the_rows_under_it(lexicon):
    body = "| Drug | Dose |\n|---|---|\n| Amoxicillin | |\n| Doxycycline | 100 mg |\n| Clarithromycin | 500 mg |"
    got = {(drug, amount) for drug, amount, *_rest in doses(lexicon, body)}
    assert got == {("doxycycline", D(100)), ("clarithromycin", D(500))}


def test_a_contraindications_or_cautions_columns_cells_are_warnings_about_the_rows_drug(lexicon):
    # the column's name is the warning; its cells name only the circumstance
    for body, kinds in (
        ("| Drug | Dose | Contraindications |\n|---|---|---|\n| Amoxicillin | 500 mg three times daily | penicillin allergy |\n"
         "| Doxycycline | 100 mg twice daily | pregnancy |", {("amoxicillin", "Contraindication"),
                                                            ("doxycycline", "Contraindication")}),
        ("| Drug | Contraindications |\n|---|---|\n| Amoxicillin | penicillin allergy |\n| Doxycycline | pregnancy |",
         {("amoxicillin", "Contraindication"), ("doxycycline", "Contraindication")}),
        ("| Drug | Dose | Cautions |\n|---|---|---|\n| Amoxicillin | 500 mg three times daily | renal impairment |\n"
         "| Doxycycline | 100 mg twice daily | liver disease |", {("amoxicillin", "Caution"), ("doxycycline", "Caution")}),
    ):
        _article, draft = _draft(lexicon, body)
        got = {((agent or "-").rsplit("/", 1)[-1], kind) for _st, agent, kind in draft.caution_facts}
        assert got == kinds, body
        assert not draft.recommendations or "| Dose |" in body, "a warning row never recommends its drug"
        if "| Dose |" in body:
            assert {(dd.therapy or "-").rsplit("/", 1)[-1] for dd in draft.doses} == {"amoxicillin", "doxycycline"}


def test_a_table_with_drugs_across_its_columns_and_fields_down_its_rows_gives_each_drug_its_whole_column(lexicon):
    body = ("| | Amoxicillin | Clarithromycin |\n|---|---|---|\n| Dose | 500 mg | 250 mg |\n"
            "| Frequency | three times daily | twice daily |\n| Route | oral | oral |")
    article, draft = _draft(lexicon, body)
    got = {((dd.therapy or "-").rsplit("/", 1)[-1], dd.dose.amount_min, dd.dose.times_per_day, dd.dose.route)
           for dd in draft.doses if not dd.dose.amount_not_stated}
    assert got == {("amoxicillin", D(500), 3, "oral"), ("clarithromycin", D(250), 2, "oral")}
    assert any("read by its columns" in why for _line, why in article.problems)


def test_a_route_column_is_how_every_amount_of_the_row_is_given(lexicon):
    body = "| Drug | Dose | Reduced dose | Route |\n|---|---|---|---|\n| Apixaban | 5 mg twice daily | 2.5 mg twice daily | oral |"
    got = {(amount, route) for _d, amount, _u, _p, route, _t, _b in doses(lexicon, body)}
    assert got == {(D(5), "oral"), (D("2.5"), "oral")}


def test_a_column_naming_the_dose_beside_the_product_keeps_its_amounts_doses(lexicon):
    for body in (
        "| Drug | Preparation and dose |\n|---|---|\n| Amoxicillin | 500 mg three times daily |",
        "| Formulation | Adult dose |\n|---|---|\n| Amoxicillin capsules | 500 mg three times daily |",
    ):
        got = {(drug, amount, times) for drug, amount, _u, _p, _r, times, _b in doses(lexicon, body)}
        assert got == {("amoxicillin", D(500), 3)}, body


def test_a_half_open_band_keeps_its_lower_bound_and_up_to_labels_a_row(lexicon):
    # "10 to <15 kg" is from 10 kg up to (not including) 15 kg: never "under 15 kg", which would reach a 5 kg child
    body = ("| Weight | Dose |\n|---|---|\n| <10 kg | 100 mg |\n| 10 to <15 kg | 150 mg |\n| 15 kg to under 25 kg | 200 mg |\n"
            "\n| Age | Dose |\n|---|---|\n| Up to 3 months | 10 mg |\n| 3 to <6 months | 20 mg |")
    bands = {amount: band for _d, amount, _u, _p, _r, _t, band in doses(lexicon, body)}
    assert bands == {D(100): "under 10 kg", D(150): "10 to under 15 kg", D(200): "15 to under 25 kg",
                     D(10): "up to 3 months", D(20): "3 to under 6 months"}


def test_up_to_a_time_after_a_dose_stays_its_course_never_an_age_band():
    from kg.importer.dose_grammar import parse_statement

    (dose,) = [d for d in parse_statement("Continue 10 mg daily for up to 3 months.") if not d.amount_not_stated]
    assert dose.band is None and dose.duration == (None, D(3), "month")


def test_whom_a_dose_columns_name_says_its_amounts_are_for_is_their_band(lexicon):
    body = ("| Drug | Dose (adults) | Dose (children under 12 years) |\n|---|---|---|\n"
            "| Amoxicillin | 500 mg three times daily | 25 mg/kg twice daily |")
    got = {(amount, times, band) for _d, amount, _u, _p, _r, times, band in doses(lexicon, body)}
    assert got == {(D(500), 3, None), (D(25), 2, "under 12 years")}
