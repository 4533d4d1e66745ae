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
    _g, draft = draft_of(lexicon, "Give hydrocortisone 100 mg IV. Repeat the blood glucose after 1 hour.")
    ((drug, dose),) = doses_of(draft)
    assert (drug, dose.per) == ("hydrocortisone", None)


# ------------------------------------------------------------------------------------------- routes are not classes
def test_by_mouth_before_an_example_is_the_route_not_a_class_of_the_example(lexicon):
    # the example names what the carbohydrate is; "mouth" is how it is taken, never a class of glucose
    _g, draft = draft_of(lexicon, "Give 15-20 g of quick-acting carbohydrate by mouth (for example glucose tablets).")
    assert [drug for drug, _d in doses_of(draft)] == ["glucose"]
    assert not any("mouth" in (dd.therapy or "") for dd in draft.doses)
    assert not any("mouth" in r.therapy for r in draft.recommendations)
