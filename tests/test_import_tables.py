"""Tables and captioned lists as a reader reads them (issue 13, held-out-6 first-sight misses), each tested on
wording of its own: a column named for a drug names the drug of its amounts, a "Maximum" column is a maximum and
a "Duration" column a course length, a route or period in a column's name applies to its amounts, a marker in a
cell is the row's marker, the header row is no statement; a caption with no amount of its own (a sentence, a
bold line or a bullet over a table) gives its route, frequency, course and number of doses to every row; a band
that heads a row is the band of every dose in it; the components of one administration ("A 20 mg + B 120 mg per
dose") share what is said after the last of them."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any, table_row_text

MD = "# Test guidance\n\nLast updated: 2024-03-03\n\n## Treatment\n\n{body}\n\n## References\n\n1. A. Work. Pub; 2020.\n"
TXT = "Test guidance\n\nLast updated: 2024-03-03\n\nTreatment\n\n{body}\n\nReferences\n1. A. Work. Pub; 2020.\n"



def doses(lexicon, body: str, layout: str = "md") -> list[tuple]:
    text = (MD if layout == "md" else TXT).format(body=body)
    name = f"t.{layout}"
    article, _ = read_any(text.encode(), name)
    assert article.unaccounted(text) == []
    draft = build_draft(article, lexicon, name)
    out = []
    for dd in draft.doses:
        d = dd.dose
        if d.amount_not_stated:
            continue
        out.append((
            (dd.therapy or "-").rsplit("/", 1)[-1], d.amount_min, d.per, d.route, d.times_per_day,
            d.duration, d.doses, d.maximum, d.band,
        ))
    return out


def test_a_column_named_for_a_drug_names_the_drug_of_its_amounts_and_the_band_heads_every_dose(lexicon):
    body = ("| Weight | Amoxicillin per dose | Clarithromycin per dose |\n| --- | --- | --- |\n"
            "| 10 to 19 kg | 250 mg | 125 mg |\n| 20 kg and over | 500 mg | 250 mg |")
    got = {(drug, amount, per, band) for drug, amount, per, _r, _t, _d, _c, _m, band in doses(lexicon, body)}
    assert got == {
        ("amoxicillin", D(250), "dose", "10-19 kg"), ("clarithromycin", D(125), "dose", "10-19 kg"),
        ("amoxicillin", D(500), "dose", "20 kg and over"), ("clarithromycin", D(250), "dose", "20 kg and over"),
    }


def test_a_maximum_column_bounds_the_dose_and_is_never_a_dose_and_a_duration_column_is_the_course(lexicon):
    body = ("| Drug | Daily dose | Maximum | Duration |\n| --- | --- | --- | --- |\n"
            "| Amoxicillin | 40 mg/kg/day in 3 divided doses [2] | 1 g per dose | 7 days |")
    got = doses(lexicon, body)
    assert len(got) == 1, got
    drug, amount, per, _route, times, duration, _count, maximum, _band = got[0]
    assert (drug, amount, per, times) == ("amoxicillin", D(40), "day", 3)
    assert duration == (D(7), D(7), "day") and maximum[:2] == (D(1), "g")


def test_a_marker_printed_in_a_cell_is_the_rows_marker_and_not_part_of_the_amount():
    assert table_row_text(["Drug", "Dose"], ["Amoxicillin", "40 mg/kg/day in 3 divided doses [2]"]).endswith("[2]")
    text = MD.format(body="| Drug | Dose |\n| --- | --- |\n| Amoxicillin | 40 mg/kg/day in 3 divided doses [2] |")
    article, _ = read_any(text.encode(), "t.md")
    (row,) = [i for i in article.items if "Amoxicillin" in i.text]
    assert row.markers == ("2",)


def test_a_route_in_a_columns_name_and_an_empty_cell(lexicon):
    body = ("| Step | Antibiotic | IV dose | Duration |\n| --- | --- | --- | --- |\n"
            "| Start | clarithromycin | 500 mg twice daily | - |")
    got = doses(lexicon, body)
    assert [(g[0], g[1], g[3], g[4], g[5]) for g in got] == [("clarithromycin", D(500), "intravenous", 2, None)]


def test_the_header_row_is_no_statement_but_is_accounted_for():
    text = MD.format(body="| Drug | Dose |\n| --- | --- |\n| Amoxicillin | 500 mg |")
    article, _ = read_any(text.encode(), "t.md")
    assert not any("Drug" in i.text and "Dose" in i.text for i in article.items)
    header_line = text.splitlines().index("| Drug | Dose |") + 1
    assert any(n == header_line and "header row" in why for n, why in article.skipped)


def test_a_caption_with_no_amount_gives_route_frequency_course_and_count_to_the_bullets_under_it(lexicon):
    body = ("Doses go by weight. Give oral amoxicillin three times daily for 5 days, 15 doses in all.\n"
            "- 10 to 19 kg: amoxicillin 250 mg\n- 20 kg and over: amoxicillin 500 mg")
    got = doses(lexicon, body, "txt")
    assert {(g[1], g[3], g[4], g[5], g[6], g[8]) for g in got} == {
        (D(250), "oral", 3, (D(5), D(5), "day"), (15, 15), "10-19 kg"),
        (D(500), "oral", 3, (D(5), D(5), "day"), (15, 15), "20 kg and over"),
    }


def test_a_bold_caption_gives_its_route_and_a_bullet_caption_its_schedule_to_the_table_under_it(lexicon):
    body = ("**Adults** (oral)\n\n| Drug | Dose |\n| --- | --- |\n| Doxycycline | 100 mg twice daily |")
    assert [g[3] for g in doses(lexicon, body)] == ["oral"]
    body = ("- Dosing: give amoxicillin orally twice daily for 7 days.\n\n"
            "| Weight | Amoxicillin per dose |\n| --- | --- |\n| 10 to 19 kg | 250 mg |")
    got = doses(lexicon, body)
    assert [(g[3], g[4], g[5]) for g in got] == [("oral", 2, (D(7), D(7), "day"))]


def test_a_caption_that_doses_a_drug_itself_or_a_bullet_above_a_list_gives_nothing_to_the_rows(lexicon):
    # the statement before the list gives a dose of its own: it is a statement, not the list's caption
    body = "Give doxycycline 200 mg orally once.\n- amoxicillin 500 mg\n- clarithromycin 250 mg"
    assert {(g[0], g[3], g[4]) for g in doses(lexicon, body, "txt")} >= {("amoxicillin", None, None),
                                                                         ("clarithromycin", None, None)}
    # a bullet before bullets is one point of the same list
    body = "- Give treatment orally twice daily.\n- amoxicillin 500 mg"
    assert [(g[3], g[4]) for g in doses(lexicon, body, "txt") if g[0] == "amoxicillin"] == [(None, None)]


def test_a_band_after_a_dose_stays_that_doses_own_and_a_semicolon_ends_a_heading_band(lexicon):
    body = "- amoxicillin 125 mg (under 5 years) or 250 mg"
    assert [g[8] for g in doses(lexicon, body, "txt")] == ["under 5 years", None]
    body = "- Children 6-11 years: amoxicillin 250 mg; adults: amoxicillin 500 mg"
    assert [g[8] for g in doses(lexicon, body, "txt")] == ["6-11 years", None]


def test_components_of_one_administration_share_what_follows_the_last_of_them(lexicon):
    body = "- 20 kg and over: amoxicillin 500 mg + clarithromycin 250 mg per dose, twice daily for 7 days"
    got = {(g[0], g[2], g[4], g[5], g[8]) for g in doses(lexicon, body, "txt")}
    assert got == {("amoxicillin", "dose", 2, (D(7), D(7), "day"), "20 kg and over"),
                   ("clarithromycin", "dose", 2, (D(7), D(7), "day"), "20 kg and over")}


_DRUGS = ("amoxicillin", "clarithromycin", "doxycycline")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    drugs=st.lists(st.sampled_from(_DRUGS), min_size=1, max_size=3, unique=True),
    bands=st.lists(st.integers(min_value=3, max_value=60), min_size=1, max_size=4, unique=True),
    amounts=st.lists(st.integers(min_value=1, max_value=900), min_size=12, max_size=12),
    maximum=st.integers(min_value=1000, max_value=4000),
)
def test_every_cell_of_a_drug_column_is_one_dose_of_that_drug_in_its_rows_band(lexicon, drugs, bands, amounts, maximum):
    # property: a weight-band table with one column per drug and a maximum column drafts exactly one dose per
    # drug cell, of that column's drug, with that row's band; the maximum is never a dose
    bands = sorted(bands)
    header = "| Weight | " + " | ".join(f"{d.capitalize()} per dose" for d in drugs) + " | Maximum |"
    rule = "| " + " | ".join("---" for _ in range(len(drugs) + 2)) + " |"
    rows, want = [], set()
    for r, lo in enumerate(bands):
        cells = []
        for c, drug in enumerate(drugs):
            amount = amounts[(r * 3 + c) % 12]
            cells.append(f"{amount} mg")
            want.add((drug, D(amount), f"{lo}-{lo + 2} kg"))
        rows.append(f"| {lo} to {lo + 2} kg | " + " | ".join(cells) + f" | {maximum} mg per dose |")
    got = doses(lexicon, "\n".join([header, rule, *rows]))
    assert {(g[0], g[1], g[8]) for g in got} == want and len(got) == len(want)
    assert all(g[1] != D(maximum) for g in got)


# ---- headings copied without the blank line under them, and what a statement under a heading is about


@pytest.mark.parametrize("heading", ["Scope", "WHEN TO REFER (URGENT)", "3 Severe infection (hospital)",
                                     "Escalation: failed first line", "Follow-up"])
def test_a_short_title_line_after_a_blank_line_is_a_heading_even_with_no_blank_line_under_it(heading):
    text = TXT.format(body=f"Give amoxicillin 500 mg three times daily. 1\n\n{heading}\nCheck the response at 48 hours. 1")
    article, _ = read_any(text.encode(), "t.txt")
    assert heading in article.headings
    (item,) = [i for i in article.items if i.text.startswith("Check")]
    assert item.heading == heading and article.unaccounted(text) == []


@pytest.mark.parametrize("line", ["Give amoxicillin 500 mg three times daily", "Dose by body weight.", "Adults:",
                                  "- a bullet", "Review at 48 hours", "see reference [2]"])
def test_a_statement_after_a_blank_line_with_text_under_it_stays_a_statement(line):
    text = TXT.format(body=f"Start here. 1\n\n{line}\nCheck the response. 1")
    article, _ = read_any(text.encode(), "t.txt")
    assert line.lstrip("- ").rstrip(":") not in [h.rstrip(":") for h in article.headings]


@given(st.lists(st.sampled_from(["Scope", "TREATMENT", "2 Dosing (adults)", "Other options", "Cautions"]),
                min_size=1, max_size=4, unique=True))
def test_every_title_line_over_its_text_opens_a_section_and_every_line_is_placed(headings):
    # property: sections whose headings sit straight above their first line read as those sections
    body = "\n\n".join(f"{h}\nGive amoxicillin 500 mg three times daily. 1" for h in headings)
    text = TXT.format(body=body)
    article, _ = read_any(text.encode(), "t.txt")
    assert [h for h in article.headings if h in headings] == headings
    assert article.unaccounted(text) == []


def test_a_drug_a_statement_names_is_its_subject_under_a_heading_that_names_only_a_class(lexicon):
    text = TXT.format(body="Antibiotics\n\n2.3 Do not use ciprofloxacin after a past tendon reaction to any fluoroquinolone. 1")
    article, _ = read_any(text.encode(), "t.txt")
    draft = build_draft(article, lexicon, "t.txt")
    agents = {agent.rsplit("/", 1)[-1] for _st, agent, _kind in draft.caution_facts}
    assert "ciprofloxacin" in agents and "anti-bacterial-agents" not in agents, agents


@pytest.mark.parametrize("sentence", ["Give amoxicillin rather than doxycycline. 1",
                                      "Use amoxicillin, not doxycycline. 1",
                                      "Give amoxicillin in place of doxycycline. 1",
                                      "Run the nebuliser on room air rather than oxygen. 1",
                                      "Run the nebuliser on room air, not oxygen. 1"])
def test_the_drug_a_sentence_puts_aside_is_not_recommended(lexicon, sentence):
    text = TXT.format(body=sentence)
    article, _ = read_any(text.encode(), "t.txt")
    draft = build_draft(article, lexicon, "t.txt")
    assert {r.therapy.rsplit("/", 1)[-1] for r in draft.recommendations} <= {"amoxicillin"}


def test_bands_across_the_header_give_each_amount_its_columns_band(lexicon):
    body = ("| Drug | 10 to 19 kg | 20 to 39 kg | 40 kg and over |\n| --- | --- | --- | --- |\n"
            "| Amoxicillin | 250 mg | 500 mg | 1 g |")
    got = [(g[0], g[1], g[8]) for g in doses(lexicon, body)]
    assert got == [("amoxicillin", D(250), "10-19 kg"), ("amoxicillin", D(500), "20-39 kg"),
                   ("amoxicillin", D(1), "40 kg and over")]


def test_a_cell_under_an_age_or_weight_column_is_the_rows_band(lexicon):
    body = "| Age | Dose |\n| --- | --- |\n| 6 to 11 years | amoxicillin 250 mg |\n| Under 6 years | amoxicillin 125 mg |"
    assert [(g[1], g[8]) for g in doses(lexicon, body)] == [(D(250), "6-11 years"), (D(125), "under 6 years")]


def test_a_column_named_only_for_a_drug_names_its_amounts_and_each_cell_keeps_its_own_route_and_interval(lexicon):
    body = ("| Age | Amoxicillin | Clarithromycin |\n| --- | --- | --- |\n"
            "| Under 6 years | 40 mg/kg IV q8h | 7.5 mg/kg orally q12h |")
    got = {(g[0], g[1], g[3], g[8]) for g in doses(lexicon, body)}
    assert got == {("amoxicillin", D(40), "intravenous", "under 6 years"),
                   ("clarithromycin", D("7.5"), "oral", "under 6 years")}


def test_a_pipe_table_pasted_into_a_plain_text_article_is_read_as_in_markdown(lexicon):
    table = ("| Weight | Amoxicillin per dose | Maximum |\n| --- | --- | --- |\n"
             "| 10 to 19 kg | 250 mg [2] | 500 mg per dose |")
    md, txt = doses(lexicon, table, "md"), doses(lexicon, table, "txt")
    assert md == txt and [(g[0], g[1], g[2], g[8]) for g in txt] == [("amoxicillin", D(250), "dose", "10-19 kg")]
    rows = []
    for layout, frame in (("md", MD), ("txt", TXT)):
        article, _ = read_any(frame.format(body=table).encode(), f"t.{layout}")
        rows.append([(i.text, i.markers, i.checksum) for i in article.items if "Amoxicillin" in i.text])
    assert rows[0] == rows[1] and rows[0][0][1] == ("2",)


def test_a_unit_printed_in_a_columns_name_applies_to_the_bare_numbers_under_it(lexicon):
    body = ("| Weight (kg) | Amoxicillin, mg | Maximum (mg) |\n| --- | --- | --- |\n"
            "| 10-19 | 250 | 1000 |\n| 20 to 39 | 500 | 1000 |")
    got = [(g[0], g[1], g[7][:2] if g[7] else None, g[8]) for g in doses(lexicon, body)]
    assert got == [("amoxicillin", D(250), (D(1000), "mg"), "10-19 kg"),
                   ("amoxicillin", D(500), (D(1000), "mg"), "20-39 kg")]
    body = "| Drug | Dose (mg/kg) |\n| --- | --- |\n| Amoxicillin | 15 |"
    assert [(g[1], g[8]) for g in doses(lexicon, body)] == [(D(15), None)]
    assert table_row_text(["Drug", "Dose (mg/kg)"], ["Amoxicillin", "15"]).split() == ["Amoxicillin", "15", "mg/kg"]


def test_a_captions_route_reaches_every_row_of_a_wrapped_text_table_with_a_note_for_the_curator(lexicon):
    # an invented table printed as text whose cells wrap under their columns, under a caption that says how every row is given:
    # each drug's amounts are read whole, every one takes the caption's route, and the draft says where it came from
    body = ("Table 3. Antibiotic doses for adults (all given intravenously)\n"
            "Drug             Usual dose              When to use\n"
            "Ceftriaxone      2 g once daily          first choice unless\n"
            "                                         allergic to\n"
            "                                         penicillin\n"
            "Vancomycin       1 g twice               penicillin allergy\n"
            "                 daily\n"
            "Gentamicin       5 mg/kg once daily      when sepsis is\n"
            "                                         suspected")
    got = doses(lexicon, body, "txt")
    assert {(g[0], g[1], g[3], g[4]) for g in got} == {
        ("ceftriaxone", D(2), "intravenous", 1), ("vancomycin", D(1), "intravenous", 2),
        ("gentamicin", D(5), "intravenous", 1)}, got
    text = TXT.format(body=body)
    article, _ = read_any(text.encode(), "t.txt")
    draft = build_draft(article, lexicon, "t.txt")
    notes = " ".join(n for s in draft.statements for n in s.needs)
    assert "route 'intravenous' carried" in notes or "route 'IV' carried" in notes, notes
