"""Hard-wrapped lines (text saved from e-mail, a PDF or a narrow column; Markdown written over several lines) are
read as the statements and headings they wrap, written from what each phrase says: a line opening with an amount
("300 mg and ethambutol 275 mg.") finishes the sentence above it, however short the line above is after a second
wrap; a band's title wrapped over two lines ("... sepsis or" / "organ failure)") is one heading, so the band reaches
the doses under it and not the band above; in Markdown a bold lead-in ("**Penicillin allergy:**") whose text a wrap
put on the next line is one statement with it; a real new item (a list item, a blank line, a heading) is never
joined.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.markdown import read_any
from kg.sources.reader import split_markers

HEAD = "Invented guidance on a hard-wrap reading test\n\nLast updated: May 5, 2021\n\n"
REFS = "\nReferences\n1. An invented guideline title for a reading test. Example Publisher; 2020.\n"


def article(body: str, name: str = "wrap.txt"):
    if name.endswith(".md"):
        text = "# Invented guidance on a hard-wrap reading test\n\nLast updated: May 5, 2021\n\n" + body + \
            "\n## References\n\n1. An invented guideline title for a reading test. Example Publisher; 2020.\n"
        return read_any(text.encode(), name)[0]
    return read_any((HEAD + body + REFS).encode(), name)[0]


def texts(art) -> list[str]:
    return [i.text for i in art.items]


def test_a_line_opening_with_an_amount_finishes_the_sentence_above_even_after_a_short_line():
    # the page was wrapped twice: the word before the amount was left alone on its line
    art = article("Combined tablets\nA combined tablet holds rifampicin 150 mg, pyrazinamide 400 mg,\nisoniazid\n"
                  "75 mg and ethambutol 275 mg [1].\n")
    joined = [t for t in texts(art) if "ethambutol 275 mg" in t]
    assert len(joined) == 1 and "isoniazid 75 mg and ethambutol" in joined[0], texts(art)
    assert not any(t.startswith("75 mg") for t in texts(art))


def test_a_band_title_wrapped_over_two_lines_heads_the_doses_under_it_not_the_band_above():
    art = article("Children (1 month to 11 years)\nFirst-line: amoxicillin 25 mg/kg orally twice a day for 5 days [1].\n\n"
                  "Severe disease (sepsis, organ failure or\nneed for intensive care)\n"
                  "Ceftriaxone 80 mg/kg intravenously once a day for 7 days [1].\n")
    title = "Severe disease (sepsis, organ failure or need for intensive care)"
    assert title in art.headings
    item = next(i for i in art.items if i.text.startswith("Ceftriaxone 80 mg/kg"))
    assert item.heading == title
    # the title is accounted for, never read as a statement of its own
    assert not any(t.startswith("Severe disease") or t.startswith("need for intensive") for t in texts(art))


def test_a_wrapped_sentence_after_a_blank_line_is_not_a_title():
    art = article("Treatment\nGive the usual care.\n\nPeople who cannot swallow tablets or\nliquids should have the "
                  "injection [1].\nReview at one week [1].\n")
    assert not any(h.startswith("People who cannot") for h in art.headings)
    assert any(t.startswith("People who cannot swallow tablets or liquids should") for t in texts(art))


def test_a_markdown_lead_in_wrapped_after_its_colon_is_one_statement_with_its_text():
    art = article("## Treatment\n\n**Penicillin allergy:**\nclarithromycin 500 mg orally twice a day for\n5 days.[1]\n",
                  "wrap.md")
    assert any(t.startswith("Penicillin allergy: clarithromycin 500 mg orally twice a day for 5 days")
               for t in texts(art)), texts(art)


def test_a_band_label_over_its_amount_is_not_joined_to_it():
    art = article("Treatment\nGive the usual care [1].\nAdults 18 years and over\n500 mg orally twice a day [1].\n")
    assert not any("over 500 mg" in t for t in texts(art)), texts(art)


def test_steps_of_a_list_that_lost_its_bullets_stay_separate_statements():
    art = article("Treatment\nGive the usual care [1].\nPrednisolone 40 mg daily for 5 days\n30 mg daily for 5 days\n"
                  "20 mg daily for 5 days [1].\n")
    assert not any("5 days 30 mg" in t for t in texts(art)), texts(art)


def test_lines_under_a_plain_lead_in_stay_its_rows():
    # in a plain page a short lead-in over indented or lone lines keeps them as its items, never joined
    art = article("Treatment\nGive one of:\n- amoxicillin 500 mg three times a day [1]\n"
                  "- doxycycline 100 mg twice a day [1]\n")
    assert sum(1 for t in texts(art) if t.startswith(("amoxicillin", "doxycycline"))) == 2


WORDS = ["give", "rifampicin", "and", "for", "with", "the", "dose", "orally", "daily", "isoniazid", "or", "then",
         "300 mg", "10 mg/kg", "275 mg", "weeks", "twice", "a", "day", "400 mg", "ethambutol"]


def _wrap(words: list[str], width: int) -> list[str]:
    out, cur = [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            out.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    return [*out, cur]


@settings(max_examples=40, deadline=None)
@given(words=st.lists(st.sampled_from(WORDS), min_size=8, max_size=40), first=st.integers(56, 100),
       second=st.integers(20, 100))
def test_a_sentence_wrapped_once_or_twice_reads_as_the_one_statement_it_is(words, first, second):
    # the sentence opens on words (a short first line over an amount may be a label, so its first line never ends
    # just before one: at the first width it is full, at the second the break falls inside these words)
    sentence = "Adults take the combined tablet with water and food and then " + " ".join(words) + " [1]."
    # wrapped at one width, then each line wrapped again at another (text re-wrapped by a second program)
    lines = [part for line in _wrap(sentence.split(" "), first) for part in _wrap(line.split(" "), second)]
    art = article("Treatment\n" + "\n".join(lines) + "\n")
    got = [(split_markers(i.text)[0].rstrip("."), i.markers) for i in art.items]
    assert got == [(sentence.removesuffix(" [1]."), ("1",))], (lines, got)
