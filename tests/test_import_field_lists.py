"""A dose printed as a definition list, one field per line ("Drug: Flucloxacillin" / "Dose: 500 mg" / "Route: oral" /
"Frequency: every 6 hours" / "Duration: 5 days"; in Markdown often with bold labels), is one dose of the drug the block
or its heading names, with every field; read line by line it was a bare "500 mg" with no route, frequency or course.
A second block starts a new dose. Every line here is invented for this test in our own words; what it should draft was
decided before the importer was run on it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

TXT = "Cellulitis in adults: invented test guidance\n\nLast updated: 2024-03-03\n\n{body}\nREFERENCES\n[1] A. Work. Pub; 2020.\n"
MD = "# Cellulitis in adults: invented test guidance\n\nLast updated: 2024-03-03\n\n{body}\n## References\n\n1. A. Work. Pub; 2020.\n"


def _doses(lexicon, body: str, layout: str = "txt") -> list[tuple]:
    text = (TXT if layout == "txt" else MD).format(body=body)
    article, _ = read_any(text.encode(), f"t.{layout}")
    assert article.unaccounted(text) == []
    draft = build_draft(article, lexicon, f"t.{layout}")
    return sorted(((dd.therapy or "-").rsplit("/", 1)[-1], str(dd.dose.amount_min), dd.dose.unit, dd.dose.route,
                   dd.dose.times_per_day, dd.dose.interval, dd.dose.duration)
                  for dd in draft.doses if not dd.dose.amount_not_stated)


FLU = "Drug: Flucloxacillin\nDose: 500 mg\nRoute: oral\nFrequency: every 6 hours\nDuration: 5 days\n"


def _one(doses, drug):
    [dose] = [d for d in doses if d[0] == drug]
    return dose


def test_a_block_of_labelled_fields_is_one_dose_with_every_field(lexicon):
    drug, amount, unit, route, _times, interval, duration = _one(_doses(lexicon, "First line\n" + FLU), "flucloxacillin")
    assert (amount, unit, route) == ("500", "mg", "oral")
    assert "6" in str(interval) and "hour" in str(interval)
    assert "5" in str(duration) and "day" in str(duration)


def test_other_field_names_and_bold_labels_in_markdown_read_the_same(lexicon):
    md = ("## Penicillin allergy\n\n**Drug:** Clarithromycin\n**Dosage:** 500 mg\n**Route:** oral\n"
          "**How often:** twice daily\n**Length of treatment:** 5 days\n")
    txt = "PENICILLIN ALLERGY\nDrug: Clarithromycin\nDosage: 500 mg\nRoute: oral\nHow often: twice daily\n" \
          "Length of treatment: 5 days\n"
    got = _one(_doses(lexicon, md, "md"), "clarithromycin")
    assert got == _one(_doses(lexicon, txt), "clarithromycin")
    assert got[1:5] == ("500", "mg", "oral", 2) or got[1:5] == ("500", "mg", "oral", "2")


def test_without_a_drug_line_the_block_is_the_dose_of_the_drug_its_heading_names(lexicon):
    doses = _doses(lexicon, "Clarithromycin\nDose: 500 mg\nRoute: oral\nFrequency: twice daily\nDuration: 7 days\n")
    assert len(doses) == 1 and doses[0][0] == "clarithromycin" and doses[0][3] == "oral" and "7" in str(doses[0][6])


def test_a_second_drug_line_starts_a_new_dose(lexicon):
    body = "First line\n" + FLU + "Drug: Clarithromycin\nDose: 500 mg\nRoute: oral\nFrequency: every 12 hours\n" \
           "Duration: 7 days\n"
    doses = _doses(lexicon, body)
    assert [d[0] for d in doses] == ["clarithromycin", "flucloxacillin"]
    assert "12" in str(_one(doses, "clarithromycin")[5]) and "6" in str(_one(doses, "flucloxacillin")[5])


def test_a_long_field_line_never_swallows_the_field_under_it():
    text = TXT.format(body="Doxycycline\nDose: 200 mg on the first day, then 100 mg once daily by mouth with water\n"
                           "Duration: 5 days\n")
    article, _ = read_any(text.encode(), "t.txt")
    [item] = [i for i in article.items if i.heading == "Doxycycline"]
    assert item.text.endswith("for 5 days")
    assert any("read as one dose" in why for _, why in article.problems)


@settings(max_examples=20, deadline=None)
@given(order=st.permutations(["Dose: 500 mg", "Route: oral", "Frequency: every 8 hours", "Duration: 5 days"]),
       bold=st.booleans())
def test_the_fields_of_one_block_give_one_dose_in_any_order(order, bold):
    lines = [f"**{ln.split(':')[0]}:**{ln.split(':', 1)[1]}" if bold else ln for ln in order]
    text = MD.format(body="## Cefalexin\n\n" + "\n".join(lines) + "\n")
    article, _ = read_any(text.encode(), "t.md")
    items = [i for i in article.items if i.heading == "Cefalexin"]
    assert len(items) == 1
    for part in ("500 mg", "oral", "every 8 hours", "5 days"):
        assert part in items[0].text
