"""Courses a page prints for a group of options rather than in each dose's own words (every page here is written for
this test, in the ways real regional antimicrobial pages and society summaries lay out their regimens):

- options printed one a paragraph and joined by a line holding only 'or' / 'and', the course printed once under the
  last option ('Amoxicillin oral 1g 8 hourly' / 'or' / 'Clarithromycin oral 500mg 12 hourly' / 'Duration: 5 days.'):
  the course closes that block and times every option the joining lines tie together, never the block printed
  after it. Before this rule the joining line was read as a section heading, so each option sat in a section of
  its own, the course timed only the last option and ran on into the next severity's doses;
- a group's label line stating its course over the list of its regimens ('**MRSA, native valve** – course 6 weeks'
  over '- First line: vancomycin ...' / '- Alternative: daptomycin 10 mg/kg IV once daily'), as a table's Course cell
  times its row: before this rule the label was an unrelated paragraph and the doses had no course.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from kg.sources.reader import read_article

PLAIN = """Invented Options Guidance for a Test Pneumonia

Last updated: May 5, 2021

Antibiotic therapy

Mild infection:

{first}

{join}

{second}

Duration: {course} days.


Severe infection:

Amoxicillin IV 1g 6 hourly

and

Clarithromycin IV 500mg 12 hourly

References

1. An invented guidance title for an options test. Example Publisher, 2020.
"""


def draft_of(lexicon, text: str, name: str):
    article, _ = read_any(text.encode(), name)
    return build_draft(article, lexicon, name)


def courses(draft) -> dict[tuple[str, str | None], set]:
    out: dict[tuple[str, str | None], set] = {}
    for dd in draft.doses:
        if dd.dose.amount_not_stated:
            continue
        out.setdefault((dd.therapy.rsplit("/", 1)[-1], dd.dose.route), set()).add(dd.dose.duration)
    return out


def test_a_line_holding_only_or_between_options_is_no_heading():
    text = PLAIN.format(first="Amoxicillin oral 1g 8 hourly", join="or", second="Clarithromycin oral 500mg 12 hourly",
                        course=5)
    article = read_article(text)
    headings = {item.heading for item in article.items}
    assert "or" not in headings and "and" not in headings
    assert any(item.text == "or" for item in article.items)  # kept as printed, never dropped


def test_a_course_under_the_last_option_times_every_option_of_its_block_and_nothing_after(lexicon):
    text = PLAIN.format(first="Amoxicillin oral 1g 8 hourly", join="or", second="Clarithromycin oral 500mg 12 hourly",
                        course=5)
    got = courses(draft_of(lexicon, text, "options.txt"))
    five = (5, 5, "day")
    assert {tuple(c) if c else None for c in got[("amoxicillin", "oral")]} == {five}
    assert {tuple(c) if c else None for c in got[("clarithromycin", "oral")]} == {five}
    # the severe block's doses state no course, and the mild block's course is not theirs
    assert got[("amoxicillin", "intravenous")] == {None}
    assert got[("clarithromycin", "intravenous")] == {None}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(join=st.sampled_from(["or", "OR", "and", "AND", "and/or", "plus", "PLUS"]),
       pair=st.sampled_from([("Amoxicillin oral 1g 8 hourly", "Doxycycline oral 100mg daily"),
                             ("Clarithromycin oral 500mg 12 hourly", "Amoxicillin oral 500mg 8 hourly"),
                             ("Nitrofurantoin oral 100mg 12 hourly", "Trimethoprim oral 200mg 12 hourly")]),
       course=st.integers(min_value=3, max_value=14))
def test_any_joined_options_take_the_course_printed_under_them(lexicon, join, pair, course):
    text = PLAIN.format(first=pair[0], join=join, second=pair[1], course=course)
    got = courses(draft_of(lexicon, text, "options.txt"))
    want = (course, course, "day")
    for line in pair:
        drug = line.split()[0].casefold()
        assert {tuple(c) if c else None for c in got[(drug, "oral")]} == {want}, (line, got)
    assert got[("amoxicillin", "intravenous")] == {None}


GROUPS = """# Invented Group Course Guidance for a Test Endocarditis

Last updated: 2021-05-05

## Directed treatment

**{group}** – course {course} weeks

- First line: flucloxacillin 2 g IV every 4 hours
- Alternative: daptomycin 10 mg/kg IV once daily

**Another organism**

- First line: benzylpenicillin 1.2 g IV every 4 hours

## References

1. An invented guidance title for a group course test. Example Publisher, 2020.
"""


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(group=st.sampled_from(["MRSA, native valve", "Meticillin-susceptible Staphylococcus aureus (MSSA)",
                              "Penicillin-susceptible streptococci (viridans and others)"]),
       course=st.integers(min_value=2, max_value=8))
def test_a_group_label_stating_a_course_times_the_regimens_listed_under_it(lexicon, group, course):
    got = courses(draft_of(lexicon, GROUPS.format(group=group, course=course), "groups.md"))
    want = (course, course, "week")
    assert {tuple(c) if c else None for c in got[("flucloxacillin", "intravenous")]} == {want}
    assert {tuple(c) if c else None for c in got[("daptomycin", "intravenous")]} == {want}
    # the next group states no course: none is carried into it
    assert got[("penicillin-g", "intravenous")] == {None}


@settings(max_examples=25, deadline=None)
@given(join=st.sampled_from(["PLUS ONE OF THE FOLLOWING", "OR if the child is vomiting", "Or, if allergic",
                             "AND/OR one of", "Plus either"]))
def test_a_line_opening_on_a_joining_word_titles_no_section(join):
    text = f"""Invented Joining Guidance for a Test Croup

Last updated: May 5, 2021

Treatment

For initial treatment use:

Adrenaline 1% solution 5 mL by inhalation via nebuliser

{join}

Dexamethasone 0.6 mg/kg orally as a single dose

References

1. An invented guidance title for a joining test. Example Publisher, 2020.
"""
    article = read_article(text)
    assert join not in {item.heading for item in article.items}
    dexamethasone = next(item for item in article.items if item.text.startswith("Dexamethasone"))
    adrenaline = next(item for item in article.items if item.text.startswith("Adrenaline"))
    assert dexamethasone.heading == adrenaline.heading == "Treatment"


@settings(max_examples=25, deadline=None)
@given(line=st.sampled_from(["Adrenaline 1% solution 5 mL by inhalation via nebuliser",
                             "Lactulose 15 mL twice daily", "Potassium chloride 40 mmol in 1 L over 8 hours",
                             "Paraldehyde 0.8 ml per kg rectally"]))
def test_a_capitalised_dose_line_in_ml_or_mmol_between_blank_lines_is_a_statement_not_a_title(line):
    text = f"""Invented Volume Guidance for a Test Condition

Last updated: May 5, 2021

Treatment

{line}

Review the response after an hour.

References

1. An invented guidance title for a volume test. Example Publisher, 2020.
"""
    article = read_article(text)
    assert line not in {item.heading for item in article.items}
    assert any(item.text == line and item.heading == "Treatment" for item in article.items)
