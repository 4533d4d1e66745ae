"""Dose-grammar leftovers found at first sight of blind articles: a course length taken from a span counted from an
event, a count of doses carried from a lead-in onto doses with a frequency of their own, a dose repeated by the line
after it, and a route ("by mouth") read as the class of the drug it introduces. Every sentence is written for this
test in our own words; what it should draft is what it tells a prescriber, decided before the importer was run."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.dose_grammar import parse_statement
from tests.draft_reading import sentence_draft


def draft_of(lexicon, sentence: str):
    return sentence_draft(lexicon, sentence, name="leftovers.txt", title="For Dose Leftovers", test="dose leftovers")


def doses_of(draft) -> list[tuple[str, object]]:
    return [((dd.therapy or "none").rsplit("/", 1)[-1], dd.dose) for dd in draft.doses if not dd.dose.amount_not_stated]


# ------------------------------------------------------------------------------------------- course lengths
# (sentence, the course it states: (at least, at most, unit); None for a bound not stated)
COURSES = [
    ("valaciclovir 1 g three times a day for at least 7 days", (D(7), None, "day")),
    ("aciclovir 800 mg five times a day for a minimum of 7 days", (D(7), None, "day")),
    ("aciclovir 800 mg five times a day for no less than 10 days", (D(10), None, "day")),
    ("doxycycline 100 mg twice a day for up to 14 days", (None, D(14), "day")),
    ("trimethoprim 200 mg twice a day for not more than 7 days", (None, D(7), "day")),
    ("trimethoprim 200 mg twice a day for no more than 7 days", (None, D(7), "day")),
    ("cefalexin 500 mg twice a day for 7 to 10 days", (D(7), D(10), "day")),
    ("flucloxacillin 500 mg four times a day for 7-14 d", (D(7), D(14), "day")),
    ("amoxicillin 500 mg tds x 5/7", (D(5), D(5), "day")),
    ("nitrofurantoin 100 mg bd for 2/52", (D(2), D(2), "week")),
    # a span counted from an event goes on past the course: the course stated beside it is the duration
    ("valaciclovir 1 g every 8 hours for at least 7 days, and for 2 days after new lesions stop forming",
     (D(7), None, "day")),
    ("valaciclovir 1 g three times a day for 2 days after the rash crusts, for at least 7 days", (D(7), None, "day")),
    ("famciclovir 500 mg three times a day for 7 days (continue for 2 days after the last new lesion)",
     (D(7), D(7), "day")),
]


@pytest.mark.parametrize(("sentence", "course"), COURSES)
def test_the_course_length_is_the_one_the_sentence_gives_the_course(sentence, course):
    (dose,) = [d for d in parse_statement(sentence) if not d.amount_not_stated]
    assert dose.duration == course, sentence


def test_going_on_past_an_event_is_never_read_as_the_course_length():
    # "continue for 2 days after the last lesion" says how long past an event, not that the course is two days
    (dose,) = parse_statement("valaciclovir 1 g three times a day; continue for 2 days after the last new lesion")
    assert dose.duration is None


def test_a_course_counted_from_an_event_alone_is_still_the_course():
    (dose,) = parse_statement("aciclovir 800 mg five times a day for 7 days following the onset of the rash")
    assert dose.duration == (D(7), D(7), "day")


BOUNDS = {"for at least": (True, False), "for a minimum of": (True, False), "for no less than": (True, False),
          "for up to": (False, True), "for not more than": (False, True), "for no more than": (False, True),
          "for": (False, False)}


@settings(max_examples=60, deadline=None)
@given(bound=st.sampled_from(sorted(BOUNDS)), n=st.integers(2, 28), unit=st.sampled_from(["days", "weeks"]),
       after=st.integers(1, 5), event=st.sampled_from(["after the last new lesion", "after symptoms settle",
                                                        "beyond the fever", "following the last blister"]),
       joiner=st.sampled_from([", and", "; continue", " and continue", ", then"]))
def test_no_span_after_an_event_replaces_the_course_stated_before_it(bound, n, unit, after, event, joiner):
    sentence = f"valaciclovir 1 g three times a day {bound} {n} {unit}{joiner} for {after} days {event}"
    (dose,) = parse_statement(sentence)
    floor, cap = BOUNDS[bound]
    want = (None if cap else D(n), None if floor else D(n), unit.rstrip("s"))
    assert dose.duration == want, sentence


# ------------------------------------------------------------------------------------------- counts of doses
def test_a_lead_in_count_never_reaches_a_dose_with_its_own_frequency(lexicon):
    # "one dose before transfer" counts the dose given before transfer; the list item gives a regimen three times a
    # day, whose number of doses the article does not state
    _g, draft = draft_of(lexicon, "Take blood cultures, then give antibiotics within 1 hour (one dose before "
                                  "transfer if needed):\n- amoxicillin 2 g IV three times a day")
    ((drug, dose),) = doses_of(draft)
    assert drug == "amoxicillin"
    assert (dose.times_per_day, dose.doses) == (3, None)


def test_a_lead_in_single_dose_still_reaches_rows_with_no_schedule(lexicon):
    _g, draft = draft_of(lexicon, "Give a single dose of ceftriaxone by intramuscular injection:\n"
                                  "- adults: 1 g\n- children: 50 mg/kg")
    got = [(drug, dose.doses, dose.per) for drug, dose in doses_of(draft)]
    assert got == [("ceftriaxone", (1, 1), "dose")] * 2, got


# ------------------------------------------------------------------------------------------- a repeated dose
REPEATS = [
    "Give 15-20 g of glucose by mouth. Repeat once after 15 minutes if the glucose is still below 4 mmol/L.",
    "Give 15-20 g of glucose by mouth.\nRepeat once after 15 minutes if the blood glucose is still low.",
    "Give glucagon 1 mg IM. This may be repeated after 10 minutes.",
    "Give 15-20 g of glucose by mouth; recheck after 15 minutes and repeat up to 3 times.",
]


@pytest.mark.parametrize("sentence", REPEATS)
def test_an_amount_the_next_words_repeat_is_one_administration(lexicon, sentence):
    _g, draft = draft_of(lexicon, sentence)
    ((drug, dose),) = doses_of(draft)
    assert drug in ("glucose", "glucagon")
    assert dose.per == "dose", sentence


def test_a_repeat_of_a_test_makes_no_dose_one_administration(lexicon):
    # what is repeated is the blood glucose, not the hydrocortisone
    text = "Give hydrocortisone 100 mg IV. Repeat the blood glucose after 1 hour."
    (dose,) = [d for d in parse_statement(text) if not d.amount_not_stated]
    assert dose.per is None  # the repeat read nothing into the dose
    _g, draft = draft_of(lexicon, text)
    ((drug, dose),) = doses_of(draft)
    # the draft reads the bare amount as one administration by its own rule (no frequency stated), flagged as that
    assert (drug, dose.per) == ("hydrocortisone", "dose")
    assert not any("repeats it" in n.reason for n in draft.notes)
    assert any("no frequency" in n.reason for n in draft.notes)


# ------------------------------------------------------------------------------------------- routes are not classes
def test_by_mouth_before_an_example_is_the_route_not_a_class_of_the_example(lexicon):
    # the example names what the carbohydrate is; "mouth" is how it is taken, never a class of glucose
    _g, draft = draft_of(lexicon, "Give 15-20 g of quick-acting carbohydrate by mouth (for example glucose tablets).")
    assert [drug for drug, _d in doses_of(draft)] == ["glucose"]
    assert not any("mouth" in (dd.therapy or "") for dd in draft.doses)
    assert not any("mouth" in r.therapy for r in draft.recommendations)


# ------------------------------------------------------------------------------------------- units and frequencies
# (phrase, what it doses: amount low, amount high, unit as the grammar names it, basis, period, times a day,
#  interval, number of doses)
UNITS_AND_FREQUENCIES = [
    ("omeprazole 2 capsules mane", (D(2), D(2), "capsules", "flat", "day", 1, None, None)),
    ("fluticasone 2 sprays into each nostril once daily", (D(2), D(2), "sprays", "flat", "day", 1, None, None)),
    ("macrogol 1-2 sachets twice a day", (D(1), D(2), "sachets", "flat", "dose", 2, None, None)),
    ("apply 1 patch every 72 hours", (D(1), D(1), "patches", "flat", "dose", None, (D(72), "hour"), None)),
    ("sodium glycerophosphate 0.5 micromol/kg once daily", (D("0.5"), D("0.5"), "micromol", "body_weight", "day", 1,
                                                             None, None)),
    ("fentanyl 1-2 nanograms/kg", (D(1), D(2), "ng", "body_weight", None, None, None, None)),
    ("benzathine benzylpenicillin 2.4 million units IM once", (D(2400000), D(2400000), "units", "flat", "dose", None,
                                                               None, (1, 1))),
    ("heparin 80 units/kg IV bolus", (D(80), D(80), "units", "body_weight", "dose", None, None, None)),
    ("Hartmann's solution 1 litre IV over 2 hours", (D(1), D(1), "L", "flat", "dose", None, None, None)),
    ("500 mL to 1 L of fluid IV over 1 hour", (D(500), D(1000), "mL", "flat", "dose", None, None, None)),
    ("amitriptyline 10 mg nocte", (D(10), D(10), "mg", "flat", "day", 1, None, None)),
    ("amitriptyline 10 mg ON", (D(10), D(10), "mg", "flat", "day", 1, None, None)),
    ("amitriptyline 10 mg PO ON", (D(10), D(10), "mg", "flat", "day", 1, None, None)),
    ("prednisolone 40 mg mane", (D(40), D(40), "mg", "flat", "day", 1, None, None)),
    ("furosemide 40 mg on alternate days", (D(40), D(40), "mg", "flat", "dose", None, (D(2), "day"), None)),
    ("morphine 5 mg IV stat", (D(5), D(5), "mg", "flat", "dose", None, None, (1, 1))),
    ("paracetamol 1 g orally prn", (D(1), D(1), "g", "flat", "dose", None, None, None)),
    ("adrenaline 1 mg IM once", (D(1), D(1), "mg", "flat", "dose", None, None, (1, 1))),
]


@pytest.mark.parametrize(("phrase", "want"), UNITS_AND_FREQUENCIES)
def test_each_unit_and_frequency_is_read_as_it_is_prescribed(phrase, want):
    (d,) = [d for d in parse_statement(phrase) if not d.amount_not_stated]
    got = (d.amount_min, d.amount_max, d.unit, d.basis, d.per, d.times_per_day, d.interval, d.doses)
    assert got == want, phrase


def test_three_times_a_week_is_a_weekly_frequency_of_single_doses():
    (d,) = parse_statement("hydroxocobalamin 1 mg IM three times a week for 2 weeks")
    assert (d.per, d.times_per_week, d.times_per_day, d.duration) == ("dose", 3, None, (D(2), D(2), "week"))


@pytest.mark.parametrize("phrase", ["10 MG ON DAY 1", "Focus on 10 mg doses", "give 10 mg on the first day",
                                    "10 mg on arrival"])
def test_on_is_every_night_only_in_capitals_after_an_amount(phrase):
    assert all(d.times_per_day is None for d in parse_statement(phrase)), phrase


def test_a_flow_of_litres_a_minute_is_a_rate_never_a_dose():
    (d,) = parse_statement("oxygen 2-4 L/min by nasal cannula")
    assert d.rate


# the vocabulary's unit term for each counted form or amount the grammar reads
DRAFTED_UNITS = [
    ("Give omeprazole 2 capsules once daily.", "omeprazole", "Capsule"),
    ("Give fluticasone 2 sprays into each nostril once daily.", "fluticasone", "Spray"),
    ("Give macrogol 1 sachet twice daily.", "macrogol", "Sachet"),
    ("Fentanyl: apply 1 patch every 72 hours.", "fentanyl", "Patch"),
    ("Give fentanyl 1 nanogram/kg IV.", "fentanyl", "NanoGM"),
    ("Give sodium glycerophosphate 1 micromol/kg IV once daily.", "sodium-glycerophosphate", "MicroMOL"),
    ("Give Hartmann's solution 1 litre IV over 2 hours.", "ringer-s-lactate", "L"),
]


@pytest.mark.parametrize(("sentence", "drug", "unit"), DRAFTED_UNITS)
def test_each_counted_form_and_small_unit_is_drafted_with_its_vocabulary_unit(lexicon, sentence, drug, unit):
    from kg.vocab.namespaces import KGV, UNIT

    g, draft = draft_of(lexicon, sentence)
    got = [(d, dose) for d, dose in doses_of(draft)]
    assert [d for d, _ in got] == [drug], got
    units = set(g.objects(None, KGV.amountUnit))
    assert units == {getattr(KGV, unit) if unit in ("Capsule", "Spray", "Sachet", "Patch") else UNIT[unit]}, units


# ------------------------------------------------------------------------------------------- composed spellings
AMOUNTS = [("500", D(500), D(500)), ("250-500", D(250), D(500)), ("1.5", D("1.5"), D("1.5")),
           ("5 to 10", D(5), D(10))]
UNIT_SPELLINGS = [("mg", "mg"), ("milligrams", "mg"), ("micrograms", "mcg"), ("mcg", "mcg"), ("nanograms", "ng"),
                  ("mmol", "mmol"), ("micromol", "micromol"), ("units", "units"), ("mL", "mL"), ("capsules", "capsules"),
                  ("sachets", "sachets"), ("sprays", "sprays")]
BASES = [("", "flat"), ("/kg", "body_weight"), (" per kg", "body_weight"), ("/m2", "body_surface_area")]
FREQUENCIES = [("twice a day", 2, None), ("three times daily", 3, None), ("tds", 3, None), ("every 8 hours", None, 8),
               ("8-hourly", None, 8), ("four times a day", 4, None), ("qds", 4, None), ("bd", 2, None)]
DURATIONS = [("", None), (" for 5 days", (D(5), D(5), "day")), (" for at least 7 days", (D(7), None, "day")),
             (" for up to 14 days", (None, D(14), "day")), (" for 7 to 10 days", (D(7), D(10), "day")),
             (" x 5/7", (D(5), D(5), "day")), (" for 2/52", (D(2), D(2), "week")),
             (" for a minimum of 6 weeks", (D(6), None, "week")),
             (" for at least 7 days, and for 2 days after the last lesion", (D(7), None, "day"))]


@settings(max_examples=120, deadline=None)
@given(amount=st.sampled_from(AMOUNTS), unit=st.sampled_from(UNIT_SPELLINGS), basis=st.sampled_from(BASES),
       frequency=st.sampled_from(FREQUENCIES), duration=st.sampled_from(DURATIONS), maximum=st.booleans())
def test_every_composition_of_amount_unit_basis_frequency_course_and_maximum_reads_each_part(
        amount, unit, basis, frequency, duration, maximum):
    printed, lo, hi = amount
    spelled, unit_name = unit
    basis_text, basis_name = basis
    freq_text, times, hours = frequency
    course_text, course = duration
    cap = f", maximum 40 {spelled} per day" if maximum else ""
    phrase = f"drugname {printed} {spelled}{basis_text} {freq_text}{course_text}{cap}"
    doses = [d for d in parse_statement(phrase) if not d.amount_not_stated]
    assert len(doses) == 1, phrase
    d = doses[0]
    assert (d.amount_min, d.amount_max, d.unit, d.basis) == (lo, hi, unit_name, basis_name), phrase
    assert d.per == "dose", phrase
    assert d.times_per_day == times, phrase
    assert d.interval == ((D(hours), "hour") if hours else None), phrase
    assert d.duration == course, phrase
    assert d.doses is None, phrase
    if maximum:
        assert d.maximum == (D(40), unit_name, "day"), phrase


# ------------------------------------------------------------------------------------------- substances and fluids
# (sentence, the substance the volume is given of as the draft names it, the volume, its unit, the basis)
FLUIDS = [
    # well-known fluids the lexicon lists under another of its names (kg/importer/data/common_names.tsv)
    ("Give 30 mL/kg of balanced crystalloid IV within 3 hours.", "crystalloid-solutions", D(30), "mL", "body_weight"),
    ("Give a 500 mL crystalloid bolus over 15 minutes.", "crystalloid-solutions", D(500), "mL", "flat"),
    ("Give Hartmann's 1 L IV over 2 hours.", "ringer-s-lactate", D(1), "L", "flat"),
    ("Give compound sodium lactate 500 mL IV over 1 hour.", "ringer-s-lactate", D(500), "mL", "flat"),
    ("Give 0.9% sodium chloride 20 mL/kg IV bolus.", "sodium-chloride", D(20), "mL", "body_weight"),
    ("Then give glucose 10% 100 mL/hour IV.", "glucose", D(100), "mL", "flat"),
    ("Give dextrose 10% 2 mL/kg IV.", "glucose", D(2), "mL", "body_weight"),
    # fluids neither the graph nor the lexicon knows: new substances, named as printed
    ("Give 500 mL of Gelofusine IV.", "gelofusine", D(500), "mL", "flat"),
    ("Gelofusine 500 mL IV over 15 minutes.", "gelofusine", D(500), "mL", "flat"),
    ("Give 20% albumin 100 mL IV.", "albumin", D(100), "mL", "flat"),
    ("Albumin 20% 100 mL IV over 1 hour.", "albumin", D(100), "mL", "flat"),
    ("Plasma-Lyte 148 1 L IV over 2 hours.", "plasma-lyte", D(1), "L", "flat"),
    ("Give a 250 mL Plasma-Lyte bolus.", "plasma-lyte", D(250), "mL", "flat"),
    ("Give 10 mL/kg of packed red cells over 3 hours.", "packed-red-cells", D(10), "mL", "body_weight"),
]


@pytest.mark.parametrize(("sentence", "drug", "amount", "unit", "basis"), FLUIDS)
def test_a_volume_is_drafted_for_the_fluid_it_is_given_of(lexicon, sentence, drug, amount, unit, basis):
    _g, draft = draft_of(lexicon, sentence)
    got = [(d, dose.amount_min, dose.unit, dose.basis) for d, dose in doses_of(draft)]
    assert got == [(drug, amount, unit, basis)], sentence
    # a strength printed with the fluid is never an amount of its own
    assert all(dose.unit != "%" for _d, dose in doses_of(draft))


@pytest.mark.parametrize(("sentence", "name"), [
    ("Give 500 mL of Gelofusine IV.", "gelofusine"), ("Give 20% albumin 100 mL IV.", "albumin"),
    ("Give 10 mL/kg of packed red cells over 3 hours.", "packed red cells")])
def test_an_unknown_fluid_is_a_new_substance_flagged_for_the_curator(lexicon, sentence, name):
    _g, draft = draft_of(lexicon, sentence)
    iri = draft.lexicon.unknown_names[name]
    entry = draft.lexicon.drafted[iri]
    assert entry.found_as and name in entry.found_as.casefold() and entry.drugbank is None and entry.mesh is None
    assert "read as a substance the article gives" in draft.ttl


NOT_FLUIDS = [
    "Child 1-4 years: 2.5-10 mL twice daily.",  # an age band before the volume
    "Small sips work best: 5 mL every minute.",  # an ordinary word before the volume
    "Give 10 mL/kg of the calculated deficit over 24 hours.",  # something named elsewhere
    "Give 20 mL/kg IV fluid bolus.",  # a vehicle, not a substance
    "Give ORS 10 mL/kg after each loose stool.",  # an abbreviation the page does not define
    "Restrict fluid intake to 1.5 L a day.",
]


@pytest.mark.parametrize("sentence", NOT_FLUIDS)
def test_a_word_merely_next_to_a_volume_is_never_drafted_as_a_substance(lexicon, sentence):
    _g, draft = draft_of(lexicon, sentence)
    assert not draft.lexicon.unknown_names, (sentence, draft.lexicon.unknown_names)
    assert not [d for d, _dose in doses_of(draft)], sentence


@settings(max_examples=40, deadline=None)
@given(name=st.sampled_from(["Gelofusine", "Plasma-Lyte", "Volplex", "Isoplex", "Sterofundin"]),
       volume=st.sampled_from([("500 mL", D(500), "mL"), ("1 L", D(1), "L"), ("250 mL", D(250), "mL"),
                               ("10 mL/kg", D(10), "mL")]),
       shape=st.sampled_from(["Give {v} of {n} IV.", "Give a {v} {n} bolus over 15 minutes.", "{n} {v} IV.",
                              "Infuse {v} of {n} over 30 minutes."]))
def test_any_unknown_fluid_given_by_volume_is_drafted_as_itself_never_as_another_drug(lexicon, name, volume, shape):
    printed, amount, unit = volume
    _g, draft = draft_of(lexicon, shape.format(v=printed, n=name))
    got = [(d, dose.amount_min, dose.unit) for d, dose in doses_of(draft)]
    assert got == [(name.casefold(), amount, unit)], got


# ------------------------------------------------------------------------------------------- more course spellings
MORE_COURSES = [
    ("cefalexin 500 mg three times a day for a total of 7 days", (D(7), D(7), "day")),
    ("amoxicillin 500 mg three times a day for a further 7 days", (D(7), D(7), "day")),
    ("amoxicillin 500 mg three times a day for another 5 days", (D(5), D(5), "day")),
    ("rifampicin 600 mg once a day for 6 weeks minimum", (D(6), None, "week")),
    ("aciclovir 800 mg five times a day for 7 days or longer", (D(7), None, "day")),
    ("aciclovir 800 mg five times a day for 7 days or more", (D(7), None, "day")),
    ("ibuprofen 400 mg three times a day for 5 days maximum", (None, D(5), "day")),
    ("cefalexin 500 mg twice a day for seven to ten days", (D(7), D(10), "day")),
    ("cefalexin 500 mg twice a day (7 days)", (D(7), D(7), "day")),
    ("cefalexin 500 mg twice a day (7-10 days)", (D(7), D(10), "day")),
    ("cefalexin 500 mg twice a day; duration 7 days", (D(7), D(7), "day")),
    ("cefalexin 500 mg twice a day; duration: at least 7 days", (D(7), None, "day")),
    ("cefalexin 500 mg twice a day, duration up to 14 days", (None, D(14), "day")),
    ("cefalexin 500 mg twice a day, 7-day course", (D(7), D(7), "day")),
    ("cefalexin 500 mg twice a day for a 7-day course", (D(7), D(7), "day")),
]


@pytest.mark.parametrize(("sentence", "course"), MORE_COURSES)
def test_every_spelling_of_a_course_length_is_read_with_its_bound(sentence, course):
    (dose,) = [d for d in parse_statement(sentence) if not d.amount_not_stated]
    assert dose.duration == course, sentence


@pytest.mark.parametrize("sentence", ["cefalexin 500 mg twice a day (2 doses)",
                                      "aciclovir 800 mg five times a day for 7 days or more than 14 days if severe",
                                      "ibuprofen 400 mg three times a day for 5 days maximum 1.2 g per day"])
def test_a_bound_word_that_belongs_to_something_else_is_not_the_courses(sentence):
    (dose,) = [d for d in parse_statement(sentence) if not d.amount_not_stated]
    assert dose.duration is None or dose.duration[0] == dose.duration[1], sentence


@pytest.mark.parametrize(("line", "course"), [
    ("Duration: at least 7 days.", (D(7), None, "day")), ("For at least 7 days", (D(7), None, "day")),
    ("Minimum 7 days", (D(7), None, "day")), ("Up to 14 days", (None, D(14), "day")),
    ("Duration: for a minimum of 6 weeks", (D(6), None, "week")), ("7-10 days", (D(7), D(10), "day"))])
def test_a_course_line_keeps_its_bound(line, course):
    from kg.importer.course_lines import course_line

    assert course_line(line) == course


def test_a_course_line_with_a_bound_times_the_dose_line_above_it(lexicon):
    _g, draft = draft_of(lexicon, "Valaciclovir 1 g orally three times a day\nDuration: at least 7 days")
    ((drug, dose),) = doses_of(draft)
    assert (drug, dose.duration) == ("valacyclovir", (D(7), None, "day"))


def test_a_lead_in_course_never_times_a_single_dose(lexicon):
    # "each a 5-day course" times the course; the single dose on day 1 is one administration
    _g, draft = draft_of(lexicon, "First-choice oral antibiotics, each a 5-day course:\n"
                                  "- doxycycline 200 mg as a single dose on day 1, then 100 mg once a day for 4 days")
    got = sorted((dose.amount_min, dose.doses, dose.duration) for _d, dose in doses_of(draft))
    assert got == [(D(100), None, (D(4), D(4), "day")), (D(200), (1, 1), None)], got


@pytest.mark.parametrize(("phrase", "times", "interval"), [
    ("amitriptyline 10 mg PO qhs", 1, None), ("amitriptyline 10 mg q.h.s.", 1, None), ("prednisone 40 mg qAM", 1, None),
    ("furosemide 40 mg qod", None, (D(2), "day")), ("furosemide 40 mg q.o.d.", None, (D(2), "day")),
    ("furosemide 40 mg eod", None, (D(2), "day"))])
def test_us_and_uk_abbreviations_of_a_daily_or_alternate_day_schedule(phrase, times, interval):
    (d,) = parse_statement(phrase)
    assert (d.times_per_day, d.interval) == (times, interval), phrase


# ------------------------------------------------------------------------------------------- counts only from counting words
COUNTS = [
    ("cefotaxime 2 g IV three times a day, first dose within 1 hour", None),
    ("cefotaxime 2 g IV three times a day; the 1st dose within 1 hour", None),
    ("cefotaxime 2 g IV three times a day for 2-3 doses, then oral", (2, 3)),
    ("cefotaxime 2 g IV, 2 or 3 doses", (2, 3)),
    ("cefotaxime 2 g IV every 8 hours; review after 48 hours or 6 doses", None),
    ("ceftriaxone 1 g IV every 12 hours for 4 doses", (4, 4)),
    ("benzathine benzylpenicillin 2.4 million units IM as a one-off", (1, 1)),
    ("ceftriaxone 1 g IM as a single dose", (1, 1)),
    ("adrenaline 1 mg IM once", (1, 1)),
]


@pytest.mark.parametrize(("sentence", "count"), COUNTS)
def test_a_number_of_doses_comes_only_from_words_that_count_doses(sentence, count):
    (dose,) = [d for d in parse_statement(sentence) if not d.amount_not_stated]
    assert dose.doses == count, sentence


@settings(max_examples=40, deadline=None)
@given(hours=st.integers(1, 72), n=st.integers(2, 12), what=st.sampled_from(["review", "reassess", "switch to oral"]))
def test_a_time_or_count_to_act_after_is_never_a_course_of_doses(hours, n, what):
    (dose,) = parse_statement(f"cefotaxime 2 g IV every 8 hours; {what} after {hours} hours or {n} doses")
    assert dose.doses is None


@pytest.mark.parametrize(("sentence", "course"), [
    ("Valaciclovir 1 g orally three times a day. Duration: at least 7 days.", (D(7), None, "day")),
    ("Valaciclovir 1 g orally three times a day. 7 days.", (D(7), D(7), "day")),
    ("Cefalexin 500 mg twice a day. Course: 7-10 days.", (D(7), D(10), "day"))])
def test_a_sentence_holding_only_a_course_times_the_dose_before_it(sentence, course):
    (dose,) = [d for d in parse_statement(sentence) if not d.amount_not_stated]
    assert dose.duration == course, sentence
