"""A regimen list saved from a web page's definition list prints each label and each value on a line of its own
("Drug" / "Plus either:" "Amoxicillin" / "Dosage" / "500mg TDS"), often with blank lines between. Read line by line,
the labels and short values looked like headings and every dose was drafted with no drug. Each record (a drug label,
its value, and the field labels after it) is one dose of the drug its value names, a course cell printed once for
every row ("Duration" / "All: for 10 days") times the rows below it (flagged as carried), and a dose printed after a
trademarked product the lexicon does not know is never given to the drug named before that product. Every line here
is invented for this test in our own words, in the shape of a real page; what it should draft was decided from the
text before the importer was run on it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

HEAD = "Eradication of an Invented Gastric Infection\n\nCaution\n\nDo not treat reflux alone.\n\nRegimen details\n\n"
TAIL = "\nEditorial Information\n\nLast reviewed: 01/02/2022\n"

# label, value lines; a record opens at each "Drug" label
RECORDS = [
    ("Drug", ["Always give a PPI."]), ("Dosage", ["Twice daily"]), ("Duration", ["All:", "for 10 days"]),
    ("Drug", ["PPI with Amoxicillin"]), ("Dosage", ["500mg TDS"]),
    ("Drug", ["Plus either:", "Doxycycline"]), ("Dosage", ["100mg BD"]),
    ("Drug", ["Or", "Metronidazole"]), ("Dosage", ["400mg TDS"]),
]


def _page(records=RECORDS, blank: bool = True, label=lambda s: s) -> str:
    sep = "\n\n" if blank else "\n"
    return HEAD + sep.join(f"{label(name)}{sep}" + "\n".join(value) for name, value in records) + "\n" + TAIL


def _draft(lexicon, text: str):
    article, _ = read_any(text.encode(), "t.txt")
    assert article.unaccounted(text) == []
    return article, build_draft(article, lexicon, "t.txt")


def _doses(draft) -> list[tuple]:
    return sorted(((dd.therapy or "-").rsplit("/", 1)[-1], str(dd.dose.amount_min), dd.dose.unit,
                   str(dd.dose.times_per_day), str(dd.dose.duration))
                  for dd in draft.doses if not dd.dose.amount_not_stated)


def test_each_record_of_a_label_per_line_list_doses_the_drug_its_value_names(lexicon):
    _, draft = _draft(lexicon, _page())
    got = {(d[0], d[1], d[2], d[3]) for d in _doses(draft)}
    assert got == {("amoxicillin", "500", "mg", "3"), ("doxycycline", "100", "mg", "2"),
                   ("metronidazole", "400", "mg", "3")}


def test_a_course_printed_once_for_all_rows_times_every_dose_below_it_flagged(lexicon):
    _, draft = _draft(lexicon, _page())
    doses = _doses(draft)
    assert doses and all("10" in d[4] and "day" in d[4] for d in doses)
    needs = [n for s in draft.statements for n in s.needs if "printed once for every row" in n]
    assert len(needs) == len(doses)


def test_without_an_all_rows_course_no_dose_is_given_a_course(lexicon):
    records = [r if r[0] != "Duration" else ("Duration", ["Ask the specialist"]) for r in RECORDS]
    _, draft = _draft(lexicon, _page(records))
    assert all(d[4] == "None" for d in _doses(draft))


def test_the_report_names_each_record_read_from_label_lines(lexicon):
    article, _ = _draft(lexicon, _page())
    assert sum("one label or value a line" in why for _, why in article.problems) == 4


def test_a_dose_after_an_unknown_trademarked_product_is_no_drug_never_the_class_or_drug_before_it(lexicon):
    records = RECORDS + [("Drug", ["Allergy & recent Doxycycline", "", "PPI with Invenbrand® (bismuthate salt)"]),
                         ("Dosage", ["300mg BD"])]
    _, draft = _draft(lexicon, _page(records))
    [row] = [d for d in _doses(draft) if d[1] == "300"]
    assert row[0] == "-"
    assert any("Invenbrand®" in n and "attach it by hand" in n for s in draft.statements for n in s.needs)


def test_in_prose_a_dose_after_an_unknown_trademarked_product_is_not_the_drug_named_before_it(lexicon):
    text = HEAD + "If doxycycline was used recently, give amoxicillin with Invenbrand® 250 mg twice daily.\n" + TAIL
    _, draft = _draft(lexicon, text)
    [row] = [d for d in _doses(draft) if d[1] == "250"]
    assert row[0] == "-"


def test_a_drug_heading_over_prose_is_no_label_list(lexicon):
    text = HEAD + "Drug\n\nAmoxicillin is the usual choice for adults with the invented infection.\n\n" \
                  "Monitoring\n\nCheck symptoms at 2 weeks.\n" + TAIL
    article, _ = _draft(lexicon, text)
    assert not any("one label or value a line" in why for _, why in article.problems)


@settings(max_examples=15, deadline=None)
@given(blank=st.booleans(), style=st.sampled_from(["plain", "colon", "bold", "upper"]))
def test_the_list_reads_the_same_with_or_without_blank_lines_and_in_any_label_style(lexicon, blank, style):
    label = {"plain": lambda s: s, "colon": lambda s: f"{s}:", "bold": lambda s: f"**{s}**",
             "upper": lambda s: s.upper()}[style]
    _, draft = _draft(lexicon, _page(blank=blank, label=label))
    _, reference = _draft(lexicon, _page())
    assert _doses(draft) == _doses(reference)


def test_a_trademarked_brand_in_brackets_straight_after_the_drug_leaves_the_dose_with_that_drug(lexicon):
    text = HEAD + "Give doxycycline (Invenbrand®) 100 mg twice daily.\n" + TAIL
    _, draft = _draft(lexicon, text)
    [row] = [d for d in _doses(draft) if d[1] == "100"]
    assert row[0] == "doxycycline"
