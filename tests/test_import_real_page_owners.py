"""Which drug and which band an amount is drafted for on layouts real guideline web pages use (NHS trust and
formulary pages, bpac-style drug lists). Three misattributions seen at first sight on saved real pages, restated in
invented text of the same shape:

- a parenthesised 'label amount, label amount' list ('(>5yr 1mg, <5yr 0.5mg)'): each band label is printed BEFORE
  its amount, so it is that amount's band, never the band of the amount before it;
- a drug named at the end of a line and its dose on the next line ('PPI WITH clarithromycin' / '500mg twice
  daily'): the amount is the drug's on the line just above, never another drug named elsewhere;
- 'Drug: (severe penicillin allergy): 200 mg ...': the drug named in the patient's allergy is what the patient must
  not take, so the amount is the row's drug's.

What each test expects is what the invented text tells a prescriber, not what the program printed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.dose_grammar import parse_statement
from tests.draft_reading import treatment_draft


def _doses(lexicon, body: str, name: str) -> set[tuple[str, Decimal, str | None]]:
    draft = treatment_draft(lexicon, body, test="real page owners", name=name)
    return {((dd.therapy or "none").rsplit("/", 1)[-1], dd.dose.amount_min, dd.dose.band)
            for dd in draft.doses if not dd.dose.amount_not_stated}


def _bands(text: str) -> dict[Decimal, str | None]:
    return {d.amount_min: d.band for d in parse_statement(text) if not d.amount_not_stated}


@pytest.mark.parametrize("text", [
    "Give glucagon IM (>5yr 1mg, <5yr 0.5mg)",
    "Give glucagon IM (>5 years 1 mg, <5 years 0.5 mg)",
    "Give glucagon IM (over 5 years 1 mg, under 5 years 0.5 mg)",
])
def test_a_band_printed_before_each_amount_in_a_list_is_the_band_of_the_amount_after_it(text):
    # the text says: 1 mg for children over 5 years, 0.5 mg for children under 5 years
    bands = _bands(text)
    assert bands[Decimal("0.5")] is not None and "under" in bands[Decimal("0.5")], bands
    assert bands[Decimal("1")] is None or "under" not in bands[Decimal("1")], bands


def test_the_reverse_order_list_keeps_each_band_with_the_amount_it_labels():
    # '(<5yr 0.5mg, >5yr 1mg)': 0.5 mg under 5 years; the 1 mg is never drafted for under 5 years
    bands = _bands("Give glucagon IM (<5yr 0.5mg, >5yr 1mg)")
    assert "under" in (bands[Decimal("0.5")] or ""), bands
    assert "under" not in (bands[Decimal("1")] or ""), bands


def test_a_band_printed_after_its_amount_stays_with_that_amount():
    # '40 mg (under 5 years), 20 mg (5 years and over)': the bracket after an amount is still that amount's band
    bands = _bands("Give prednisolone 40 mg (under 5 years), 20 mg (5 years and over)")
    assert "under" in (bands[Decimal("40")] or ""), bands
    assert "under" not in (bands[Decimal("20")] or ""), bands


@settings(max_examples=25, deadline=None)
@given(age=st.integers(2, 16), big=st.sampled_from(["1", "2", "5", "10"]), small=st.sampled_from(["0.25", "0.5"]),
       unit=st.sampled_from(["yr", "years", " years"]), sep=st.sampled_from([", ", "; ", " or ", ", or "]))
def test_no_amount_in_a_label_amount_list_takes_the_next_labels_band(age, big, small, unit, sep):
    text = f"Give the drug IM (>{age}{unit.strip() if unit == 'yr' else unit} {big}mg{sep}<{age}{unit} {small}mg)"
    bands = _bands(text)
    assert "under" not in (bands.get(Decimal(big)) or ""), (text, bands)


@pytest.mark.parametrize("join", ["WITH", "PLUS", "AND", "with", "+"])
def test_a_dose_on_the_line_under_a_drug_is_that_drugs(lexicon, join):
    # 'PPI twice daily WITH clarithromycin' / '500mg twice daily': the 500 mg is clarithromycin's, never
    # metronidazole's (named in the next block) and never left without a drug
    body = (f"PPI twice daily {join} clarithromycin\n\n500mg twice daily\n\nFor 7 days\n\n"
            "PLUS metronidazole\n\n400mg twice daily\n\nFor 7 days")
    doses = _doses(lexicon, body, "line-under.md")
    assert ("clarithromycin", Decimal("500"), None) in doses, doses
    assert ("metronidazole", Decimal("400"), None) in doses, doses
    assert not any(d == "metronidazole" and a == Decimal("500") for d, a, _ in doses), doses


def test_a_line_warning_against_the_drug_it_ends_with_gives_it_no_dose(lexicon):
    # 'Do not give with clarithromycin' / '20 mg once daily': the line warns; the amount under it is not drafted
    # for clarithromycin
    body = "Simvastatin\n\nDo not give with clarithromycin\n\n20 mg once daily"
    doses = _doses(lexicon, body, "line-under-warning.md")
    assert not any(d == "clarithromycin" for d, _, _ in doses), doses


@pytest.mark.parametrize("allergy", ["(severe penicillin allergy, e.g. anaphylaxis)", "(penicillin allergy)",
                                     "(if allergic to penicillin)", "(mild penicillin hypersensitivity, e.g. rash)"])
@pytest.mark.parametrize("drug,amount", [("Doxycycline", "200 mg"), ("Clarithromycin", "500 mg"),
                                         ("Cefalexin", "1 g")])
def test_the_drug_of_a_patients_allergy_never_takes_the_rows_dose(lexicon, allergy, drug, amount):
    # 'Doxycycline: (severe penicillin allergy): 200 mg, twice daily': 200 mg of doxycycline, nothing for penicillins
    body = f"{drug}: {allergy}: {amount}, twice daily, for five days"
    doses = _doses(lexicon, body, "allergy-row.md")
    owners = {d for d, _, _ in doses}
    drafted = {"cefalexin": "cephalexin"}  # the lexicon's one entity for the INN and the US name
    assert drafted.get(drug.lower(), drug.lower()) in owners, doses
    assert not any(o.startswith("penicillin") for o in owners), doses


# a flattened drug table, as a saved formulary page prints it: the drug's name, its adult row, a line naming only
# the patients of the band rows under it, the band rows, then one course cell for the whole block
BLOCK = """Drug details

{drug}

{adult} QDS

{patients}

1 month to 1 year: 62.5mg to 125mg QDS

2 to 9 years: 125mg to 250mg QDS

{course}

Doxycycline

200mg STAT then 100mg OD

7 days"""


@pytest.mark.parametrize("patients", ["Child", "Children", "Paediatrics"])
@pytest.mark.parametrize("course", ["5 days", "For 5 days", "Duration: 5 days"])
def test_band_rows_under_a_patients_line_are_the_drugs_above_and_the_course_printed_once_times_them_all(
        lexicon, patients, course):
    # the text says: flucloxacillin 500 mg four times daily for adults, 62.5-125 mg for 1 month to 1 year and
    # 125-250 mg for 2 to 9 years, each for 5 days; doxycycline's 7 days is its own
    body = BLOCK.format(drug="Flucloxacillin", adult="500mg", patients=patients, course=course)
    draft = treatment_draft(lexicon, body, test="real page owners", name="block.md")
    rows = {(dd.therapy or "none").rsplit("/", 1)[-1]: [] for dd in draft.doses}
    for dd in draft.doses:
        rows[(dd.therapy or "none").rsplit("/", 1)[-1]].append(dd.dose)
    assert "none" not in rows, rows
    assert {d.amount_min for d in rows["flucloxacillin"]} == {Decimal("500"), Decimal("62.5"), Decimal("125")}
    for d in rows["flucloxacillin"]:
        assert d.duration is not None and d.duration[1] == Decimal("5"), d
    assert all(d.duration is None or d.duration[1] != Decimal("5") for d in rows["doxycycline"]), rows


@pytest.mark.parametrize("text,lo,hi", [
    ("Flucloxacillin 500mg every 6 hours 5-7 days", "5", "7"),
    ("Cefalexin 500mg every 12 hours 5-7 days Cephalosporins should not be used in severe allergy.", "5", "7"),
    ("Clarithromycin 250 mg twice daily 5 days", "5", "5"),
    ("Amoxicillin 500 mg three times daily 7 days.", "7", "7"),
])
def test_a_bare_course_cell_after_the_frequency_is_the_course(text, lo, hi):
    # a drug table flattened to one line prints the duration cell straight after the frequency cell
    doses = [d for d in parse_statement(text) if not d.amount_not_stated]
    assert doses and doses[0].duration == (Decimal(lo), Decimal(hi), "day"), doses


@pytest.mark.parametrize("text", ["Amoxicillin 500 mg twice daily 7 days after surgery",
                                  "Gentamicin 5 mg/kg every 36 hours 7 days of age or more",
                                  "Amoxicillin 500 mg twice daily for neonates under 7 days"])
def test_a_span_said_of_an_event_or_the_patient_is_no_course(text):
    doses = [d for d in parse_statement(text) if not d.amount_not_stated]
    assert all(d.duration is None for d in doses), doses


# --- rows whose band label is printed BEFORE the amount, read as one text ('<8kg body weight, 7.5mg/kg twice daily'
# over '8-11kg body weight, 62.5mg twice daily', a formulary's weight rows under a bullet). A formulary page says:
# each weight gets the amount on its own row. Before the fix every amount after the first took the NEXT row's band,
# and the last amount took the first row's: a child of 12-19 kg drafted at the dose for under 8 kg.

# ascending bounds two or more apart, so every row is a true range ('4-5kg'), never '3-3kg'
_KG_ROWS = st.lists(st.integers(min_value=2, max_value=30), min_size=2, max_size=5, unique=True).map(
    lambda xs: sorted(2 * x for x in xs))


@settings(max_examples=60, deadline=None)
@given(bounds=_KG_ROWS, filler=st.sampled_from(["", " body weight", " bodyweight"]),
       sep=st.sampled_from([", ", ": "]), freq=st.sampled_from(["twice daily", "three times a day", "once daily"]))
def test_joined_rows_with_the_band_before_the_amount_keep_each_amount_with_its_own_band(bounds, filler, sep, freq):
    rows = [f"{lo}-{hi - 1}kg{filler}{sep}{10 * (n + 1)}mg {freq}"
            for n, (lo, hi) in enumerate(zip(bounds, bounds[1:] + [bounds[-1] + 10], strict=True))]
    doses = [d for d in parse_statement("clarithromycin " + " ".join(rows)) if not d.amount_not_stated]
    assert len(doses) == len(rows)
    for n, (lo, hi) in enumerate(zip(bounds, bounds[1:] + [bounds[-1] + 10], strict=True)):
        dose = next(d for d in doses if d.amount_min == Decimal(10 * (n + 1)))
        assert dose.band == f"{lo}-{hi - 1} kg", (rows, dose.amount_min, dose.band)


def test_an_open_first_row_keeps_its_bound_and_the_last_row_never_takes_the_first_rows_band():
    bands = _bands("clarithromycin <8kg body weight, 7.5mg/kg twice daily 8-11kg body weight, 62.5mg twice daily "
                   "12-19kg body weight, 125mg twice daily")
    assert bands == {Decimal("7.5"): "under 8 kg", Decimal("62.5"): "8-11 kg", Decimal("125"): "12-19 kg"}


def test_bands_printed_after_their_amounts_still_belong_to_the_amount_before():
    # 'amount band, amount band': the statement's first amount comes before its first band, so bands trail
    bands = _bands("clarithromycin 0.5 mg twice daily 10-20 kg, 1 mg twice daily 20-40 kg")
    assert bands == {Decimal("0.5"): "10-20 kg", Decimal("1"): "20-40 kg"}
    bands = _bands("amoxicillin 250 mg for children 10-20 kg, 500 mg for 20-40 kg")
    assert bands == {Decimal("250"): "10-20 kg", Decimal("500"): "20-40 kg"}


@pytest.mark.parametrize("label,band", [
    ("2 – 6 years", "2-6 years"), ("12 - 18 years", "12-18 years"), ("6-12 months", "6-12 months"),
    ("1 month – 2 years", "1 month-2 years"),
])
def test_an_age_range_before_a_comma_and_an_amount_labels_that_amount(label, band):
    # a formulary row 'miconazole oral gel ... 2 – 6 years, 5mL twice a day': the dose for children aged 2 to 6
    assert _bands(f"{label}, 5 mL twice a day") == {Decimal("5"): band}


@pytest.mark.parametrize("text", ["6-12 weeks, 500 mg daily", "For 2-6 years, 5 mL twice a day", "2 years, 5 mg"])
def test_a_span_of_weeks_or_a_time_before_a_comma_is_no_age_band(text):
    # weeks before a comma may be a phase of the course, 'for 2-6 years' a course, a single number no range
    assert all(band is None for band in _bands(text).values())


def test_weight_rows_indented_under_an_age_bullet_each_keep_their_band(lexicon):
    body = ("  • clarithromycin tablets 250mg, 500mg; suspension 125mg/5mL, 250mg/5mL.\n"
            "    • 1month – 12 years\n"
            "      <8kg body weight, 7.5mg/kg twice daily\n"
            "      8-11kg body weight, 62.5mg twice daily\n"
            "      12-19kg body weight, 125mg twice daily\n"
            "    • 12 – 18 years, 250mg twice daily\n")
    got = {(amount, band) for drug, amount, band in _doses(lexicon, body, "rows.txt") if drug == "clarithromycin"}
    assert {(Decimal("7.5"), "under 8 kg"), (Decimal("62.5"), "8-11 kg"), (Decimal("125"), "12-19 kg"),
            (Decimal("250"), "12-18 years")} <= got, got
    assert (Decimal("125"), "under 8 kg") not in got and (Decimal("7.5"), "8-11 kg") not in got


# --- 'for children over the age of 6 months' (an NHS page's threadworm dose): the words 'the age of' between the
# bound and its number still make the patient's age band, and a bracket the dose closes before the patient words
# ('100mg (1 dose) for children ...') is the dose's own and does not cut the band off.

@settings(max_examples=40, deadline=None)
@given(bound=st.sampled_from(["under", "over", "below", "above"]), n=st.integers(min_value=2, max_value=17),
       unit=st.sampled_from(["months", "years"]), bracket=st.sampled_from(["", " (1 dose)", " (max 1 g)"]),
       who=st.sampled_from(["children", "patients", "adults"]))
def test_a_bound_spelled_with_the_age_of_is_the_age_band_of_the_dose_before_it(bound, n, unit, bracket, who):
    text = f"Mebendazole 100mg{bracket} for {who} {bound} the age of {n} {unit}."
    assert _bands(text)[Decimal("100")] == f"{bound} {n} {unit}", text


@pytest.mark.parametrize("text", [
    "Give 100 mg, repeated over the age of 6 months",   # no patient: a time the dose is repeated over
    "Give 100 mg (or 200 mg for children under 2 years)",  # the bracket's own dose owns its band
])
def test_the_age_of_or_a_bracket_never_gives_a_dose_another_clauses_band(text):
    assert _bands(text)[Decimal("100")] is None, text


# --- two table cells flattened onto one line, each an amount, a comma and its own frequency ('75 mg, twice daily
# 75 mg, once daily': a treatment column and a prophylaxis column). The page says the first amount is given at the
# first frequency; before the fix the first lost its frequency (the words after its comma were read as the next
# amount's), so a twice-daily treatment dose was drafted with no schedule.

_FREQUENCIES = {"once daily": (1, None), "twice daily": (2, None), "three times a day": (3, None),
                "four times daily": (4, None), "every 8 hours": (None, 8), "every 12 hours": (None, 12)}


@settings(max_examples=60, deadline=None)
@given(first=st.sampled_from(sorted(_FREQUENCIES)), second=st.sampled_from(sorted(_FREQUENCIES)),
       a=st.integers(min_value=1, max_value=900), b=st.integers(min_value=1, max_value=900))
def test_a_frequency_after_an_amounts_comma_is_that_amounts_when_the_next_amount_has_its_own(first, second, a, b):
    doses = [d for d in parse_statement(f"Oseltamivir {a} mg, {first} {b} mg, {second}") if not d.amount_not_stated]
    assert len(doses) == 2
    for dose, phrase in zip(doses, (first, second), strict=True):
        times, hours = _FREQUENCIES[phrase]
        assert dose.times_per_day == times, (phrase, dose)
        assert (dose.interval[0] if dose.interval else None) == hours, (phrase, dose)


def test_a_frequency_shared_by_no_later_schedule_is_not_moved():
    # '500 mg, 250 mg twice daily': nothing but the second amount's own schedule; the first stays without one
    doses = [d for d in parse_statement("500 mg, 250 mg twice daily") if not d.amount_not_stated]
    assert [(d.amount_min, d.times_per_day) for d in doses] == [(Decimal("500"), None), (Decimal("250"), 2)]


# --- an old syphilis treatment table flattened to lines (stage cell, then the treatment cells): 'early latent syphilis
# (<1 yr) Benzathine penicillin G, 2.4 mU i.m.' gives adults 2.4 million units; the bracket is how long the infection
# has lasted. 'Children: Benzathine penicillin, 150,000 U/kg i.m., to a maximum of 7.2 mU' gives children 150,000
# units/kg up to 7.2 million units. Before the fix the adult dose was drafted for infants under 1 year, the 150,000 U/kg
# dose was not read at all ('U' was no unit) and its 7.2 million unit ceiling became the maximum of the tetracycline
# 500 mg dose printed before it.

def test_a_bracketed_duration_after_a_stage_cell_is_no_age_band_of_the_next_cells_dose():
    bands = _bands("Primary, secondary and early latent syphilis (<1 yr) Benzathine penicillin G, 2.4 mU i.m. in a "
                   "single dose")
    assert all(band is None for band in bands.values()), bands


@pytest.mark.parametrize("text", ["Give 250 mg (<2 yr)", "Cetirizine (>6 yrs) 10 mg daily",
                                  "Paracetamol (<2 yr) give 60 mg", "children (<2 yr) Paracetamol 5 mg"])
def test_a_bracketed_age_after_a_dose_a_patient_or_before_its_amount_stays_the_age_band(text):
    assert all(band is not None for band in _bands(text).values()), text


@pytest.mark.parametrize("printed", ["U", "units", "IU"])
def test_units_printed_as_u_after_a_number_are_units_of_activity(printed):
    doses = [d for d in parse_statement(f"Benzathine penicillin, 150,000 {printed}/kg i.m.") if not d.amount_not_stated]
    assert [(d.amount_min, d.unit in ("units", "IU"), d.basis) for d in doses] == [
        (Decimal("150000"), True, "body_weight")]


@settings(max_examples=40, deadline=None)
@given(dose_unit=st.sampled_from(["mg", "g", "micrograms"]), limit=st.sampled_from(["7.2 mU", "1000 units", "5 mmol"]),
       amount=st.integers(min_value=1, max_value=900))
def test_a_limit_of_another_kind_of_amount_never_becomes_a_doses_maximum(dose_unit, limit, amount):
    # a mass cannot be bounded by units of activity or by mmol: the limit is another (unread) dose's, kept apart
    doses = parse_statement(f"Tetracycline {amount} {dose_unit} four times daily for 4 weeks, to a maximum of {limit}")
    given = [d for d in doses if not d.amount_not_stated]
    assert given and all(d.maximum is None for d in given), doses
    assert any(d.amount_not_stated and d.maximum is not None for d in doses), doses


def test_a_tablet_count_may_still_be_bounded_by_a_mass():
    doses = [d for d in parse_statement("paracetamol 2 tablets four times daily (max 4 g a day)")
             if not d.amount_not_stated]
    assert doses[0].maximum is not None and doses[0].maximum[:2] == (Decimal("4"), "g")


# --- a row's course cell after its frequency cell and a comma ('1-11 months   125 mg orally three times a day, 14
# days'): the page gives the dose for 14 days. Before the fix the comma hid the course (it was read only with no
# comma between, '500mg every 6 hours 5-7 days').

@settings(max_examples=40, deadline=None)
@given(freq=st.sampled_from(["three times a day", "twice daily", "every 8 hours", "BD", "four times daily"]),
       n=st.integers(min_value=2, max_value=28), unit=st.sampled_from(["days", "weeks"]),
       end=st.sampled_from(["", ".", ";"]))
def test_a_bare_course_after_the_frequency_and_a_comma_is_the_course(freq, n, unit, end):
    (dose,) = [d for d in parse_statement(f"125 mg orally {freq}, {n} {unit}{end}") if not d.amount_not_stated]
    assert dose.duration == (Decimal(n), Decimal(n), unit[:-1]), dose


@pytest.mark.parametrize("text", ["Give 125 mg three times a day, 14 days after surgery",
                                  "500 mg twice daily if needed, 5 days", "500 mg twice daily, 2 weeks before surgery"])
def test_a_span_after_a_comma_said_of_an_event_or_a_condition_is_no_course(text):
    (dose,) = [d for d in parse_statement(text) if not d.amount_not_stated]
    assert dose.duration is None, dose
