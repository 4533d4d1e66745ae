"""Hard-wrapped pages, tested from what the wrapped page says (the layout sweep's hard_wrap cases,
tests/test_import_layout_invariance.py):

- a number a wrap left at the end of a line before its unit on the next line ("(max. 2" / "g/dose)") is the amount
  it is, never a citation marker: the maximum stays with its dose and the statement stays whole;
- a page re-wrapped narrower than it was written (wrapped once, then each line broken again, as a mail client or a
  narrow window does) has short lines inside its sentences ("... takes" / "it:" / "phenobarbital ..."): such a short
  rest of a long line ends where the page's own wrap fell, so a lead-in's colon, a capitalised word or a line that
  reads like a title on it does not end the statement;
- a filled line over a line opening with a bare amount is a sentence a wrap broke, not a title over its text;
- a second marker wrapped onto a line of its own (".^1" / "^2") adds to the statement's markers;
- in Markdown a contents line wrapped before "[References](#refs)" goes on its paragraph and opens no reference list;
- a numbered section title underlined with '-----' in a plain-text page is a heading, as its unnumbered printing is.
"""

from __future__ import annotations

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.markdown import read_any

MD_HEAD = "# Invented guidance for a wrap test\n\nLast updated: 5 May 2021\n\n"
MD_REFS = ("\n## References\n\n1. An invented guideline title for a wrap test. Example Publisher; 2020.\n"
           "2. A second invented title. Example Publisher; 2021.\n")
TXT_HEAD = "Invented guidance for a wrap test\n\nLast updated: 5 May 2021\n\n"
TXT_REFS = ("\nReferences\n\n1. An invented guideline title for a wrap test. Example Publisher; 2020.\n"
            "2. A second invented title. Example Publisher; 2021.\n")


def md(body: str):
    return read_any((MD_HEAD + body + MD_REFS).encode(), "wrap.md")[0]


def txt(body: str):
    return read_any((TXT_HEAD + body + TXT_REFS).encode(), "wrap.txt")[0]


def _texts(art) -> list[tuple[str, tuple[str, ...]]]:
    return [(" ".join(i.text.split()), i.markers) for i in art.items]


def test_a_maximum_wrapped_before_its_unit_stays_the_amount_in_markdown():
    art = md("## Treatment\n\n**5 years and over:** first-line flucloxacillin 50 mg/kg IV 6-hourly (max. 2\n"
             "g/dose).^1\n")
    [(text, markers)] = _texts(art)
    assert "(max. 2 g/dose)" in text
    assert markers == ("1",)


def test_a_daily_maximum_wrapped_before_its_unit_stays_the_amount_in_plain_text():
    art = txt("Rescue treatment\n\nCyclizine 50 mg IV, up to 3 times daily; max. 150\nmg/day [2].\n")
    [(text, markers)] = _texts(art)
    assert "max. 150 mg/day" in text
    assert markers == ("2",)


def test_a_number_at_a_lines_end_before_a_capitalised_line_is_still_a_marker():
    # the marker rule itself is kept: a bare number after the stop, before the next sentence, cites the reference list
    art = txt("Rescue treatment\n\nGive cyclizine 50 mg IV up to 3 times daily. 2\nReview the patient after 1 hour.\n")
    text, markers = _texts(art)[0]
    assert text.startswith("Give cyclizine 50 mg IV up to 3 times daily.") and "Review" not in text
    assert markers == ("2",)


REWRAPPED = """Treatment

Use the Glasgow-Blatchford score at first assessment and the full
Rockall
score after endoscopy [1]. Follow a restrictive transfusion
policy:
transfuse red cells when haemoglobin falls below 70 g/L (80 g/L
with
cardiovascular disease) [2].
Alternative if phenytoin is unsuitable or the child already takes
it:
phenobarbital 20 mg/kg IV over 20 minutes (max 1 g), one loading
dose [2].
Do not use carbamazepine in people who carry HLA-B*1502;
test people of Han
Chinese or Thai origin before starting, because of the high
risk of
Stevens-Johnson syndrome [2].
"""


def test_a_page_re_wrapped_narrower_keeps_each_statement_whole():
    art = txt(REWRAPPED)
    texts = [t for t, _ in _texts(art)]
    # the long first line is the sentence's, not a heading over "Rockall"
    assert "Use the Glasgow-Blatchford score at first assessment and the full" not in art.headings
    assert any(t.startswith("Use the Glasgow-Blatchford score at first assessment and the full Rockall score after "
                            "endoscopy") for t in texts)
    # a lead-in's colon on the short rest of a line: the lead-in goes on into what it introduces
    assert any(t.startswith("Follow a restrictive transfusion policy: transfuse red cells") for t in texts)
    assert any(t.startswith("Alternative if phenytoin is unsuitable or the child already takes it: phenobarbital 20 "
                            "mg/kg") for t in texts)
    # a capitalised word on the line after a short rest goes on the sentence
    assert any(t.startswith("Do not use carbamazepine in people who carry HLA-B*1502; test people of Han Chinese or "
                            "Thai origin") for t in texts)
    assert not any(t.startswith(("Chinese", "Rockall", "transfuse", "phenobarbital")) for t in texts)


def test_short_unpunctuated_lines_of_a_page_written_once_stay_statements_of_their_own():
    # no re-wrap on this page: a list of short lines under a lead-in stays one statement a line
    art = txt("Monitoring\n\nCheck at every visit:\nPotassium\nCreatinine\nBlood pressure\n")
    texts = [t for t, _ in _texts(art)]
    assert not any("Potassium Creatinine" in t for t in texts)


SENTENCES = [
    "Give amoxicillin 500 mg by mouth three times daily for 5 days [1].",
    "Follow a restrictive transfusion policy: transfuse red cells when haemoglobin falls below 70 g/L [2].",
    "In people of Han Chinese or Thai origin, test for HLA-B*1502 before starting carbamazepine [1].",
    "Alternative where terlipressin is unavailable: octreotide 50 micrograms IV as a single bolus [2].",
    "Review the patient at 48 hours and Stop the antibiotic if cultures are negative [1].",
]


@settings(max_examples=25, deadline=None, derandomize=True)
@given(picked=st.lists(st.sampled_from(SENTENCES), min_size=2, max_size=4, unique=True),
       first=st.integers(70, 90), second=st.integers(56, 69))
def test_re_wrapping_a_paragraph_narrower_never_changes_its_statements(picked, first, second):
    """A paragraph wrapped at one width, then each of its lines again at a narrower one (the long-and-short lines of
    a re-wrapped e-mail), reads as the same statements as the paragraph on one line."""
    paragraph = " ".join(picked)
    once = textwrap.wrap(paragraph, first, break_on_hyphens=False, break_long_words=False)
    twice = [part for line in once for part in textwrap.wrap(line, second, break_on_hyphens=False,
                                                             break_long_words=False)]
    whole = _texts(txt("Treatment\n\n" + paragraph + "\n"))
    assert _texts(txt("Treatment\n\n" + "\n".join(twice) + "\n")) == whole


def test_a_second_caret_marker_wrapped_onto_its_own_line_adds_to_the_statements_markers():
    printed = "## Treatment\n\nTreatment-resistant depression: consider adding lithium, with specialist advice.^1 ^2\n"
    wrapped = "## Treatment\n\nTreatment-resistant depression: consider adding lithium, with specialist advice.^1\n^2\n"
    for body in (printed, wrapped):
        [(text, markers)] = _texts(md(body))
        assert markers == ("1", "2"), body
        assert text.startswith("Treatment-resistant depression: consider adding lithium, with specialist advice.")


def test_a_wrapped_contents_line_naming_the_references_opens_no_reference_list():
    # "[References](#refs)" wrapped onto its own line goes on the contents paragraph: the body below it is read
    body = ("**In this guideline:** [Bacterial vaginosis](#bv) · [Candidiasis](#vvc) ·\n[References](#refs)\n\n"
            "## Bacterial vaginosis {#bv}\n\nGive metronidazole 400 mg orally twice a day for 7 days [1].\n")
    texts = [t for t, _ in _texts(md(body))]
    assert any(t.startswith("Give metronidazole 400 mg orally twice a day for 7 days") for t in texts)


def test_a_numbered_title_underlined_in_plain_text_is_a_heading():
    # "2. Step 3 - moderate to severe pain (escalation)" over a rule of '-': a Setext heading, as unnumbered
    body = ("1. Step 1 - mild pain (first line)\n----------------------------------\n\n"
            "Paracetamol 1 g orally four times daily [1].\n\n"
            "2. Step 3 - moderate to severe pain (escalation)\n------------------------------------------------\n\n"
            "Morphine 5-10 mg orally every 4 hours [2].\n")
    art = txt(body)
    assert "2. Step 3 - moderate to severe pain (escalation)" in art.headings
    by_heading = {i.heading: i.text for i in art.items}
    assert by_heading["2. Step 3 - moderate to severe pain (escalation)"].startswith("Morphine 5-10 mg")
    assert not any(i.text.startswith(("1. Step", "2. Step", "Step ")) for i in art.items)


def test_a_filled_line_over_a_line_opening_with_an_amount_is_a_sentence_not_a_title():
    body = ("Perianal disease\n\n"
            "First line for perianal fistula or abscess (after drainage): metronidazole\n"
            "400 mg orally three times daily [2]. Alternative: ciprofloxacin 500 mg orally\ntwice daily [2].\n")
    art = txt(body)
    assert "First line for perianal fistula or abscess (after drainage): metronidazole" not in art.headings
    assert any(t.startswith("First line for perianal fistula or abscess (after drainage): metronidazole 400 mg")
               for t, _ in _texts(art))
