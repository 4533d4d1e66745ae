"""A dose table pasted to text with pipes only between its cells and its header wrapped over lines (every page here is
written for this test, in the layout of a children's emergency pathway):

      Age band     | Salbutamol, inhaled    | Salbutamol,  | Ipratropium bromide,
                   | pMDI + spacer          | nebulised    | nebulised
      -------------+------------------------+--------------+---------------------
      2-5 years    | 6 puffs                | 2.5 mg       | 250 micrograms

- it is the pipe table a reader sees: one header whose column names join their wrapped words, one row per band
  (before, it was read as whitespace-aligned text and the first row's band was glued to the second's);
- a count of a product in its own cell ('6 puffs') is a dose of its own; only a mass in the same phrase ('100 mcg
  (2 puffs)') restates it (before, any mass anywhere in the row dropped every count).
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.dose_grammar import parse_statement
from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from kg.sources.tables import frame_inner_pipe_tables

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)


@given(width=st.integers(2, 5), wraps=st.integers(1, 3), rows=st.integers(1, 4), indent=st.integers(0, 6),
       data=st.data())
def test_an_inner_pipe_table_is_framed_line_for_line_with_its_header_words_joined(width, wraps, rows, indent, data):
    header = [[data.draw(WORD) if (k == 0 and w == 0) or data.draw(st.booleans()) else "" for k in range(width)]
              for w in range(wraps)]
    for cells in header[1:]:
        if not any(cells):  # a wrapped header line holds some words
            cells[data.draw(st.integers(0, width - 1))] = data.draw(WORD)
    body = [[data.draw(WORD) for _ in range(width)] for _ in range(rows)]
    pad = " " * indent
    lines = ["Caption line", ""]
    lines += [pad + " | ".join(cells) for cells in header]
    lines.append(pad + "+".join("-" * 6 for _ in range(width)))
    lines += [pad + " | ".join(cells) for cells in body]
    lines += ["", "After the table."]
    out, joined = frame_inner_pipe_tables(lines)
    assert len(out) == len(lines)
    first_header = 2
    rule = first_header + wraps
    names = [" ".join(w for w in (header[r][k] for r in range(wraps)) if w) for k in range(width)]
    assert out[rule - 1] == "| " + " | ".join(names) + " |"
    assert all(out[first_header + r] == "" for r in range(wraps - 1))
    # every line left blank is reported with what it was joined to
    assert set(joined) == {first_header + r for r in range(wraps - 1)}
    assert out[rule] == "|" + "|".join(["---"] * width) + "|"
    assert out[rule + 1 : rule + 1 + rows] == ["| " + " | ".join(cells) + " |" for cells in body]
    assert out[:2] == lines[:2] and out[-2:] == lines[-2:]


def test_lines_that_only_hold_pipes_in_prose_are_left_as_they_were():
    lines = ["Dose A | dose B is a choice", "no rule under it", "x | y"]
    assert frame_inner_pipe_tables(lines) == (lines, {})


PAGE = """ACUTE WHEEZE IN CHILDREN - INVENTED TEST PATHWAY
Published 3 September 2024

STEP 2   BRONCHODILATORS

  Give inhaled salbutamol; doses by age band from the table.

  Age band     | Salbutamol, inhaled    | Salbutamol,  | Ipratropium bromide,
               | pMDI + spacer          | nebulised    | nebulised
  -------------+------------------------+--------------+---------------------
{rows}

References
1. An invented pathway title for a pipe table test. Example Publisher, 2024.
"""


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bands=st.lists(st.tuples(st.sampled_from(["2-5 years", "6-11 years", "12-18 years"]), st.integers(2, 12),
                                st.sampled_from(["2.5", "5"]), st.sampled_from([250, 500])),
                      min_size=1, max_size=3, unique_by=lambda b: b[0]))
def test_each_band_row_of_an_inner_pipe_table_gives_its_doses(lexicon, bands):
    rows = "\n".join(f"  {band:<12} | {puffs} puffs{'':<17} | {neb} mg{'':<7} | {ipra} micrograms"
                     for band, puffs, neb, ipra in bands)
    text = PAGE.format(rows=rows)
    article, _ = read_any(text.encode(), "wheeze.txt")
    # the header's wrapped lines are read into the one header row and reported as such, never dropped silently
    assert article.unaccounted(text) == []
    draft = build_draft(article, lexicon, "wheeze.txt")
    got = {(dd.therapy.rsplit("/", 1)[-1], dd.dose.amount_min, dd.dose.unit, dd.dose.band) for dd in draft.doses
           if dd.therapy and not dd.dose.amount_not_stated}
    want = set()
    for band, puffs, neb, ipra in bands:
        want |= {("albuterol", Decimal(puffs), "puffs", band), ("albuterol", Decimal(neb), "mg", band),
                 ("ipratropium", Decimal(ipra), "mcg", band)}
    assert got == want


def test_a_count_is_dropped_only_beside_a_mass_of_the_same_phrase():
    assert [d.unit for d in parse_statement("100 micrograms (2 puffs) twice daily")] == ["mcg"]
    assert [d.unit for d in parse_statement("Salbutamol 6 puffs, Salbutamol nebulised 2.5 mg")] == ["puffs", "mg"]
