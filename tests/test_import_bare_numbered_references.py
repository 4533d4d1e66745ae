"""A reference list numbered with bare numbers set apart by a gap, as a list copied from a PDF prints it (every entry
here is invented for this test):

    REFERENCES
    1  Invented Institute. Management of an invented condition in
       children (NG1). 2015, updated 2019.
    2  Invented Formulary Committee. Invented formulary: two invented
       drugs. 2025.

Each number opens an entry and the lines under it are that entry's, so every marker in the text finds its work and
year. Before this rule the list was read as the unnumbered 'type / title / source' layout, three lines an entry:
the wrapped lines of one entry became the next entry's type or title, and four of five works lost their year.
"""

from __future__ import annotations

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.markdown import read_any

PAGE = """What is the treatment of an invented test condition?

Last updated: May 5, 2021

Invented Bare Number Guidance

Treatment

{body}

REFERENCES
{refs}
"""

WORKS = [
    ("Invented Institute for Care", "Management of an invented condition in children and young people (NG1)", 2015),
    ("Invented Formulary Committee", "Invented formulary: two invented drugs and their doses", 2025),
    ("Alpha A, Beta B, Gamma C, et al", "An invented trial of an invented drug in an invented condition. J Invented "
     "Med. 2018;66(3):516-554", 2018),
    ("Invented Regulatory Agency", "An invented drug: risks of invented side effects. Invented Safety Update", 2014),
    ("Invented Hospital Pharmacy", "Invented sachets: how to give them", 2022),
    ("Delta D, Epsilon E", "A second invented review of invented treatments. Invented Rev. 2020;12:1-9", 2020),
]


def refs_block(works: list[tuple[str, str, int]], gap: str, width: int) -> str:
    lines = []
    for n, (who, what, year) in enumerate(works, start=1):
        entry = textwrap.wrap(f"{who}. {what}. {year}.", width)
        head = f"{n}{gap}"
        lines.append(head + entry[0])
        lines.extend(" " * 3 + rest for rest in entry[1:])
    return "\n".join(lines)


def read(works, gap: str = "  ", width: int = 60, cited: tuple[int, ...] = (1,)):
    body = f"Give amoxicillin 500 mg three times a day for 5 days {','.join(map(str, cited))}."
    text = PAGE.format(body=body, refs=refs_block(works, gap, width))
    article, _ = read_any(text.encode(), "bare-numbers.txt")
    return article, text


def test_each_bare_number_opens_an_entry_with_its_year():
    article, text = read(WORKS[:5])
    assert [(r.position, r.year) for r in article.references] == [(n, w[2]) for n, w in enumerate(WORKS[:5], 1)]
    # each entry holds its own work (what it is called), never the next entry's lines
    assert all(WORKS[r.position - 1][1][:24] in f"{r.ref_type} {r.title} {r.source}" for r in article.references)
    assert article.unaccounted(text) == []


@settings(max_examples=40, deadline=None)
@given(works=st.lists(st.sampled_from(WORKS), min_size=1, max_size=6),
       gap=st.sampled_from(["  ", "   ", "\t", "    "]), width=st.integers(30, 90))
def test_every_entry_of_a_bare_numbered_list_keeps_its_work_and_year(works, gap, width):
    article, text = read(works, gap, width, cited=tuple(range(1, len(works) + 1)))
    assert [(r.position, r.year) for r in article.references] == [(n, w[2]) for n, w in enumerate(works, 1)]
    assert article.unaccounted(text) == []
