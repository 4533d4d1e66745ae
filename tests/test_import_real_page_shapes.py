"""Shapes seen when real public guideline pages (formulary and antimicrobial pages saved as text, question-and-answer
summaries) were imported as a smoke test. Each test is written in this project's own words from what the construction
tells a prescriber, before the importer was run on it; none copies a page.

- A drug table flattened to text puts every cell on its own line between blank lines ("Drug 250mg twice a day",
  then "7 days"). A line that states an amount to give, a frequency or a bare course length is a statement, not a
  section heading: read as a heading, its dose vanished from the draft without a note.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from kg.sources.reader import read_article

HEADER = """Treating an invented skin infection

Last updated: 2 May 2025

"""


def _article(body: str):
    return read_article(HEADER + body)


# ------------------------------------------------------------------------------------ cells between blank lines

FLATTENED_TABLE = """Drug choices

Small patches only:

Mupirocin 2% ointment

apply three times a day

5 days

Spreading infection

Cefalexin 500mg three times a day

7 days
"""


def test_cells_that_state_a_dose_a_frequency_or_a_course_are_statements_not_headings():
    a = _article(FLATTENED_TABLE)
    texts = [i.text for i in a.items]
    assert "Cefalexin 500mg three times a day" in texts
    assert "apply three times a day" in texts
    assert "7 days" in texts and "5 days" in texts
    for line in ("Cefalexin 500mg three times a day", "apply three times a day", "7 days", "5 days"):
        assert line not in a.headings
    # a short label with no amount, frequency or course length is still the heading of what follows
    assert "Spreading infection" in a.headings
    assert a.unaccounted(HEADER + FLATTENED_TABLE) == []


def test_a_dose_row_between_blank_lines_drafts_that_drugs_dose(lexicon):
    text = HEADER + FLATTENED_TABLE
    article, _ = read_any(text.encode(), "flattened.txt")
    draft = build_draft(article, lexicon, "flattened.txt")
    # (cefalexin is drafted under the lexicon's canonical name for its one entity, "cephalexin")
    cefalexin = [dd.dose for dd in draft.doses if (dd.therapy or "").endswith("/cephalexin")]
    assert cefalexin, [(dd.therapy, dd.dose) for dd in draft.doses]
    (dose,) = cefalexin
    assert str(dose.amount_min) == "500" and dose.unit == "mg" and dose.times_per_day == 3


@pytest.mark.parametrize(
    "heading",
    [
        "Children weighing 40 kg and over",
        "Adults over 65 years",
        "For eGFR under 30 mL/min",
        "Second choice",
    ],
)
def test_headings_naming_a_band_a_kidney_threshold_or_a_choice_stay_headings(heading):
    a = _article(f"{heading}\n\nGive the usual course as below.\n")
    assert heading in a.headings


@settings(max_examples=40, deadline=None)
@given(
    drug=st.sampled_from(["Cefalexin", "Doxycycline", "Trimethoprim", "Clarithromycin", "Amoxicillin"]),
    amount=st.sampled_from(["100mg", "200 mg", "250mg", "500 mg", "1 g"]),
    schedule=st.sampled_from(
        ["twice daily", "three times a day", "4 x daily", "12 hourly", "every 8 hours", "bd", "QDS", "once a day"]
    ),
    course=st.sampled_from(["5 days", "7 days", "3 days", "5 - 7 days", "14 days"]),
)
def test_any_dose_row_and_course_row_between_blank_lines_is_a_statement(drug, amount, schedule, course):
    body = f"Treatment\n\n{drug} {amount} {schedule}\n\n{course}\n"
    a = _article(body)
    texts = [i.text for i in a.items]
    assert f"{drug} {amount} {schedule}" in texts and course in texts
    assert a.headings[-1] == "Treatment" and f"{drug} {amount} {schedule}" not in a.headings
    assert a.unaccounted(HEADER + body) == []


# ------------------------------------------------------------------------------ 'x' for 'times' in a frequency

@pytest.mark.parametrize(
    ("phrase", "times"),
    [
        ("Give 250mg 4 x daily", 4),
        ("Give 250 mg 3x daily", 3),
        ("Give 250 mg 2 x a day", 2),
        ("Give 250 mg 3 × per day", 3),
    ],
)
def test_n_x_daily_is_n_doses_a_day_never_once_a_day(phrase, times):
    from kg.importer.dose_grammar import parse_statement

    (dose,) = parse_statement(phrase)
    assert dose.times_per_day == times
    assert dose.per == "dose"  # the amount is each dose's: 250 mg four times a day is 1 g a day, not 250 mg a day


def test_a_range_of_x_daily_is_a_range_of_times_a_day():
    from kg.importer.dose_grammar import parse_statement

    (dose,) = parse_statement("Apply 2 to 3 x daily for 5 days")
    assert dose.times_range == (2, 3) and dose.times_per_day is None


@settings(max_examples=40, deadline=None)
@given(amount=st.integers(1, 900), n=st.integers(2, 6), sign=st.sampled_from(["x", "X", "×"]),
       space=st.sampled_from(["", " "]), period=st.sampled_from(["daily", "a day", "per day"]))
def test_any_n_x_a_day_reads_n_times_a_day(amount, n, sign, space, period):
    from kg.importer.dose_grammar import parse_statement

    (dose,) = parse_statement(f"Take {amount} mg {n}{space}{sign} {period}.")
    assert dose.times_per_day == n and dose.per == "dose"


# ------------------------------------------------------------ a circumstance that lists its drugs in brackets

def _cautions(lexicon, body: str) -> set[tuple[str, str]]:
    text = HEADER + "Cautions\n\n" + body + "\n"
    article, _ = read_any(text.encode(), "cautions.txt")
    draft = build_draft(article, lexicon, "cautions.txt")
    return {((agent or "none").rsplit("/", 1)[-1], kind) for _st, agent, kind in draft.caution_facts}


@pytest.mark.parametrize(
    "sentence",
    [
        "Do not give simvastatin to people taking strong enzyme blockers (itraconazole, clarithromycin, or ritonavir).",
        "Simvastatin must not be used in patients receiving enzyme blockers (itraconazole, clarithromycin and "
        "ritonavir) because levels rise.",
        "Avoid simvastatin in anyone on potent enzyme blockers (for example itraconazole, clarithromycin, ritonavir).",
    ],
)
def test_drugs_listed_in_brackets_inside_the_circumstance_are_warned_only_as_the_combinations_partners(lexicon,
                                                                                                      sentence):
    """The sentence warns against simvastatin; the drugs the patient takes with it are its circumstance, and by the
    combination convention (tests/fixtures/import/articles/README.md) each is warned too, as a partner drafted from
    the combination warning, never as the sentence's own subject."""
    text = HEADER + "Cautions\n\n" + sentence + "\n"
    article, _ = read_any(text.encode(), "cautions.txt")
    draft = build_draft(article, lexicon, "cautions.txt")
    subjects = {a.rsplit("/", 1)[-1] for st, a, _k in draft.caution_facts if a and (st, a) not in draft.combination_cautions}
    partners = {a.rsplit("/", 1)[-1] for st, a in draft.combination_cautions}
    assert subjects == {"simvastatin"}, subjects
    assert partners == {"itraconazole", "clarithromycin", "ritonavir"}, partners


# ------------------------------------------------- a relative clause that describes who, not what to avoid

def _readings(lexicon, body: str) -> tuple[set[str], set[str]]:
    text = HEADER + "Treatment\n\n" + body + "\n"
    article, _ = read_any(text.encode(), "relative.txt")
    draft = build_draft(article, lexicon, "relative.txt")
    recommended = {r.therapy.rsplit("/", 1)[-1] for r in draft.recommendations}
    warned = {(agent or "none").rsplit("/", 1)[-1] for _st, agent, _kind in draft.caution_facts}
    return recommended, warned


@pytest.mark.parametrize(
    "sentence",
    [
        "Offer nitrofurantoin to women who do not have kidney disease.",
        "Prescribe cefalexin for children (who do not need admission) with a spreading rash.",
        "Give doxycycline to adults who do not have a fever, for 5 days.",
        "Offer trimethoprim to men that do not have a urinary catheter.",
    ],
)
def test_who_do_not_describes_the_patients_offered_the_drug_and_never_warns_against_it(lexicon, sentence):
    recommended, warned = _readings(lexicon, sentence)
    assert warned == set(), warned
    assert len(recommended) == 1


def test_an_imperative_do_not_still_warns(lexicon):
    recommended, warned = _readings(lexicon, "Do not give nitrofurantoin to women who have kidney disease.")
    assert warned == {"nitrofurantoin"} and not recommended


# --------------------------------------------- a bracketed warning after a dose qualifies it, never cancels it

def _drafted(lexicon, body: str):
    text = HEADER + "Treatment\n\n" + body + "\n"
    article, _ = read_any(text.encode(), "aside.txt")
    draft = build_draft(article, lexicon, "aside.txt")
    doses = {((dd.therapy or "none").rsplit("/", 1)[-1], str(dd.dose.amount_min), dd.dose.times_per_day)
             for dd in draft.doses}
    recommended = {r.therapy.rsplit("/", 1)[-1] for r in draft.recommendations}
    warned = {((agent or "none").rsplit("/", 1)[-1], kind) for _st, agent, kind in draft.caution_facts}
    return doses, recommended, warned


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("nitrofurantoin 100mg po bd (caution: do not use if eGFR is below 45 mL/min)", "Contraindication"),
        ("Offer nitrofurantoin 100 mg twice a day (avoid if eGFR is below 45 mL/min).", "Caution"),
        ("Give nitrofurantoin 100 mg twice daily (do not give if the eGFR is under 45 mL/min) for 7 days.",
         "Contraindication"),
    ],
)
def test_a_bracketed_warning_after_a_dose_keeps_the_dose_and_warns_about_the_same_drug(lexicon, sentence, kind):
    doses, recommended, warned = _drafted(lexicon, sentence)
    assert ("nitrofurantoin", "100", 2) in doses, doses
    assert "nitrofurantoin" in recommended
    assert warned == {("nitrofurantoin", kind)}, warned


def test_a_bracketed_warning_naming_another_drug_still_keeps_the_dose_before_it(lexicon):
    doses, recommended, warned = _drafted(
        lexicon, "Give trimethoprim 200 mg twice a day (do not combine with methotrexate)."
    )
    assert ("trimethoprim", "200", 2) in doses and "trimethoprim" in recommended
    assert warned  # the combination warning is drafted for the curator, whichever drug it is filed under


def test_the_condition_of_a_bracketed_warning_is_never_read_as_the_doses_own_condition():
    from kg.importer.dose_grammar import parse_statement

    doses = parse_statement("nitrofurantoin 100mg po bd (caution: do not use if eGFR is below 45 mL/min)")
    (dose,) = [d for d in doses if d.unit == "mg"]
    assert dose.condition is None
    # a bracketed condition that is the dose's own still is
    (dose,) = parse_statement("Give 30 mg twice a day (if eGFR is 10-30)")
    assert dose.condition is not None and "eGFR" in dose.condition


# --------------------------------------------------- the one drug a page's title names doses its bare rows

TITLED = """How is hypothyroidism treated with {drug}?

Last updated: 2 May 2025

Starting {drug} in adults

Older adults

  • Start at 25 micrograms once daily.
  • The older practice of a 200 microgram start is no longer followed.
"""


def test_a_bare_instruction_dose_takes_the_one_drug_the_title_names_and_says_so(lexicon):
    article, _ = read_any(TITLED.format(drug="levothyroxine").encode(), "titled.txt")
    draft = build_draft(article, lexicon, "titled.txt")
    doses = {((dd.therapy or "none").rsplit("/", 1)[-1], str(dd.dose.amount_min)) for dd in draft.doses}
    assert ("levothyroxine", "25") in doses, doses
    # a dose the page only describes, with no instruction to give it, is not pinned on the title's drug
    assert ("levothyroxine", "200") not in doses
    notes = [n for s in draft.statements for n in s.needs]
    assert any("title" in n and "levothyroxine" in n.casefold() for n in notes), notes


def test_a_title_naming_two_drugs_gives_a_bare_dose_to_neither(lexicon):
    article, _ = read_any(TITLED.format(drug="levothyroxine and liothyronine").encode(), "titled2.txt")
    draft = build_draft(article, lexicon, "titled2.txt")
    therapies = {(dd.therapy or "none").rsplit("/", 1)[-1] for dd in draft.doses if str(dd.dose.amount_min) == "25"}
    assert therapies <= {"none"}, therapies


# ------------------------------------------------------------- thousands grouped by a space before 'units'

def test_space_grouped_thousands_of_units_are_one_amount_never_zero():
    from kg.importer.dose_grammar import parse_statement

    (dose,) = parse_statement("Give 600 000 units by deep IM injection every 4 weeks.")
    assert str(dose.amount_min) == "600000" and dose.unit == "units"


def test_a_count_before_a_mass_is_never_joined_into_thousands():
    from kg.importer.dose_grammar import parse_statement

    doses = parse_statement("Take 2 100 mg tablets twice a day.")
    assert all(d.amount_min is None or d.amount_min < 1000 for d in doses)


@settings(max_examples=60, deadline=None)
@given(head=st.integers(1, 999), groups=st.lists(st.integers(0, 999), min_size=1, max_size=2),
       sep=st.sampled_from([" ", "\u00a0", "\u202f"]), unit=st.sampled_from(["units", "IU", "unit"]))
def test_any_space_grouped_amount_of_units_reads_as_written(head, groups, sep, unit):
    from kg.importer.dose_grammar import parse_statement

    printed = sep.join([str(head)] + [f"{g:03d}" for g in groups])
    (dose,) = parse_statement(f"Give {printed} {unit} IM once.")
    assert int(dose.amount_min) == int(printed.replace(sep, ""))


# ------------------------------------------------------------------ a body part is not a route of giving

@pytest.mark.parametrize(
    "sentence",
    [
        "Think of prostatitis if there is perineal or rectal pain.",
        "Oral thrush is common after inhaled steroids.",
        "Look for vaginal discharge and send a swab.",
        "Encourage oral intake of fluids.",
        "Do not use it as an IV-to-oral switch.",
    ],
)
def test_a_symptom_or_body_part_never_drafts_a_route(sentence):
    from kg.importer.dose_grammar import parse_statement, routes_in

    assert [d.route for d in parse_statement(sentence) if d.route] in ([], ["inhaled"])
    assert set(routes_in(sentence)) <= {"inhaled"}


def test_a_route_before_its_drug_is_still_a_route():
    from kg.importer.dose_grammar import parse_statement, routes_in

    assert routes_in("Give rectal diazepam 5 mg or oral prednisolone.") == ["rectal", "oral"]
    (dose,) = parse_statement("Give 500 mg IV every 8 hours.")
    assert dose.route == "intravenous"


# --------------------------------------------- a page's first paragraph is guidance, never taken as its title

QUESTION_THEN_ANSWER = """Is there a good treatment for an invented fever?

Cefalexin 500 mg twice daily for 7 days is the usual treatment for the invented fever. It works best when it is
started early.
"""

SENTENCE_FIRST = """For a widespread invented rash, give oral cefalexin as the first choice.

Drug details

Cefalexin 500mg twice daily

7 days
"""


def test_a_question_page_answered_in_one_paragraph_is_read_not_refused(lexicon):
    article, _ = read_any(QUESTION_THEN_ANSWER.encode(), "answer.txt")
    assert article.question.startswith("Is there a good treatment")
    texts = " ".join(i.text for i in article.items)
    assert "Cefalexin 500 mg twice daily" in texts
    draft = build_draft(article, lexicon, "answer.txt")
    assert any((dd.therapy or "").endswith("/cephalexin") and str(dd.dose.amount_min) == "500" for dd in draft.doses)
    assert article.unaccounted(QUESTION_THEN_ANSWER) == []


def test_an_opening_sentence_of_advice_is_a_statement_not_the_title(lexicon):
    article, _ = read_any(SENTENCE_FIRST.encode(), "sentence.txt")
    assert article.title != "For a widespread invented rash, give oral cefalexin as the first choice."
    assert any(i.text.startswith("For a widespread invented rash") for i in article.items)
    assert any("title" in why for _line, why in article.problems)  # the missing title is said, for the curator


@pytest.mark.parametrize("title", ["Acute invented fever in adults", "Invented rash: treatment", "Invented fever"])
def test_a_short_title_over_the_guidance_is_still_the_title(title):
    text = f"{title}\n\nCefalexin 500 mg twice daily for 7 days is the usual treatment. 1\n"
    article, _ = read_any(text.encode(), "titled.txt")
    assert article.title == title


def test_a_long_title_with_its_subtitle_printed_under_it_is_still_the_title():
    text = ("AN INVENTED FEVER IN ADULTS AND CHILDREN: WAITING, TESTING AND CHOOSING AN ANTIBIOTIC\n"
            "Invented guidance for tests; not clinical advice.\nUpdated: 21/01/2025\n\nTREATMENT\n"
            "Give cefalexin 500 mg twice daily for 7 days. 1\n")
    article, _ = read_any(text.encode(), "long-title.txt")
    assert article.title.startswith("AN INVENTED FEVER IN ADULTS")
    assert all(not i.text.startswith("AN INVENTED FEVER") for i in article.items)


# ------------------------------------------------------- the route a later step switches to is not this dose's

@pytest.mark.parametrize(
    ("sentence", "route"),
    [
        ("Give IV hydrocortisone 100 mg every 6 hours for 2 days before transitioning to oral therapy.", "intravenous"),
        ("Give IV co-amoxiclav 1.2 g three times a day, then switch to oral tablets.", "intravenous"),
        ("Give ceftriaxone 1 g IM once daily, stepping down to oral treatment after 48 hours.", "intramuscular"),
        ("Give amoxicillin 1 g IV three times a day until afebrile, then change to oral.", "intravenous"),
    ],
)
def test_a_route_after_switch_or_transition_to_belongs_to_the_next_step(sentence, route):
    from kg.importer.dose_grammar import parse_statement

    first = parse_statement(sentence)[0]
    assert first.route == route


def test_a_route_of_the_dose_itself_is_kept():
    from kg.importer.dose_grammar import parse_statement

    (dose,) = parse_statement("Give 500 mg orally twice daily for 5 days.")
    assert dose.route == "oral"


# ------------------------------------- a sentence with no drug goes on about the drug its paragraph just named

ROWS = """Drug details

If the first cream cannot be used

Mupirocin 2% ointment.  Apply it three times daily.

5 days

If resistance to mupirocin is suspected

Retapamulin 1% ointment.  Apply twice daily.

5 days
"""


def test_the_next_sentence_of_a_paragraph_is_about_the_drug_it_named_not_the_headings_circumstance(lexicon):
    text = HEADER + ROWS
    article, _ = read_any(text.encode(), "rows.txt")
    draft = build_draft(article, lexicon, "rows.txt")
    by_line = {}
    for dd in draft.doses:
        st = next(s for s in draft.statements if s.local == dd.statement)
        by_line[st.item.text] = (dd.therapy or "none").rsplit("/", 1)[-1]
    assert by_line.get("Apply it three times daily.") == "mupirocin", by_line
    assert by_line.get("Apply twice daily.") == "retapamulin", by_line
    # the drug a heading names as its circumstance ("resistance to mupirocin") is not recommended by the rows
    assert ("mupirocin", "Refractory") not in {
        (r.therapy.rsplit("/", 1)[-1], r.stage.rsplit("#", 1)[-1]) for r in draft.recommendations
    }
