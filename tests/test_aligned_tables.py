"""Tables printed as text with columns aligned by spaces (pages copied from HTML or PDF) are read as pipe tables are:
each cell with its column's name. Only a header of 2+ columns and 2+ rows that line up under it count; a row that
does not line up is reported and kept as prose, never dropped."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.sources.reader import read_article

HEAD = "Which dose should be given?\n\nLast reviewed: 2 March 2024\n\nInvented Test Guidance\n\nDosing\n\n"
REFS = "\nReferences\n\n1. Author A. A title. Journal 2020.\n"


def _items(body: str) -> list[str]:
    return [item.text for item in read_article(HEAD + body + REFS).items]


def test_weight_band_rows_read_each_cell_with_its_column_like_a_pipe_table() -> None:
    aligned = ("Oral amoxicillin by body weight: 1\n"
               "  Weight        Dose            Frequency\n"
               "  10-15 kg      150 mg          8-hourly\n"
               "  16-25 kg      250 mg          8-hourly\n")
    piped = ("Oral amoxicillin by body weight: 1\n"
             "| Weight | Dose | Frequency |\n|---|---|---|\n"
             "| 10-15 kg | 150 mg | 8-hourly |\n| 16-25 kg | 250 mg | 8-hourly |\n")
    texts = _items(aligned)
    # the header row names the columns; it is not a statement of its own
    assert not any(t.startswith("Weight") for t in texts)
    assert any("weight 10-15 kg:" in t and "150 mg" in t for t in texts)
    assert texts == _items(piped)


def test_drug_and_maximum_columns_name_the_drug_and_the_maximum() -> None:
    texts = _items("Treatment for adults: 1\n"
                   "  Age group        Artemether per dose    Maximum\n"
                   "  12-17 years      80 mg                  160 mg\n"
                   "  18 years over    80 mg                  320 mg\n")
    assert any("Artemether 80 mg per dose" in t and "maximum 160 mg" in t for t in texts)


def test_a_header_with_only_one_row_under_it_stays_prose() -> None:
    texts = _items("Give as follows: 1\n  Weight        Dose\n  10-15 kg      30 mg\n\nReview daily 1\n")
    assert any(t.startswith("Weight") for t in texts)
    assert any(t.startswith("10-15 kg") for t in texts)


def test_a_line_that_does_not_line_up_is_reported_and_kept_as_prose() -> None:
    text = (HEAD + "Give as follows: 1\n  Weight        Dose\n  10-15 kg      30 mg\n  16-23 kg      45 mg\n"
            "  over 40 kg      75 mg\n" + REFS)
    article = read_article(text)
    line = text.splitlines().index("  over 40 kg      75 mg") + 1
    assert any(n == line and "line up" in msg for n, msg in article.problems)
    assert any(item.line == line and "75 mg" in item.text for item in article.items)


_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8)
_cell = st.builds(lambda n, w: f"{n} {w}", st.integers(1, 999), _word)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 4).flatmap(lambda k: st.tuples(
    st.lists(_word, min_size=k, max_size=k, unique=True),
    st.lists(st.lists(_cell, min_size=k, max_size=k), min_size=2, max_size=5),
    st.lists(st.sampled_from(["left", "right", "centre"]), min_size=k, max_size=k))))
def test_an_aligned_table_reads_as_the_same_table_with_pipes_and_drops_no_line(table) -> None:
    header, rows, align = table
    names = [h.capitalize() for h in header]
    widths = [max(len(r[k]) for r in [names, *rows]) for k in range(len(names))]
    align[0] = "left"  # the first column is the row's label, printed from the left

    def place(cell: str, width: int, how: str) -> str:
        return cell.rjust(width) if how == "right" else cell.center(width) if how == "centre" else cell.ljust(width)

    def line(cells: list[str]) -> str:
        return "  " + "  ".join(place(c, w, a) for c, w, a in zip(cells, widths, align, strict=True)).rstrip()
    aligned = "Doses: 1\n" + "\n".join(line(r) for r in [names, *rows]) + "\n"
    piped = ("Doses: 1\n| " + " | ".join(names) + " |\n|" + "---|" * len(names) + "\n"
             + "".join("| " + " | ".join(r) + " |\n" for r in rows))
    assert _items(aligned) == _items(piped)
    text = HEAD + aligned + REFS
    article = read_article(text)
    placed = {item.line for item in article.items} | {n for n, _ in article.skipped}
    body = [n + 1 for n, raw in enumerate(text.splitlines()) if raw.startswith("  ")]
    assert set(body) <= placed


def test_bold_column_names_of_an_aligned_table_in_markdown_still_line_up() -> None:
    from kg.importer.markdown import read_markdown

    text = ("Which dose should be given?\n\nLast reviewed: 2 March 2024\n\n# Invented Test Guidance\n\n## Dosing\n\n"
            "Oral amoxicillin by body weight: [1]\n\n"
            "    **Weight**    **Dose**\n    10-15 kg      150 mg\n    16-25 kg      250 mg\n\n"
            "## References\n\n1. Author A. A title. Journal 2020.\n")
    texts = [item.text for item in read_markdown(text).items]
    assert any("weight 10-15 kg:" in t and "150 mg" in t for t in texts)
    assert not any("Weight" in t and "Dose" in t for t in texts)


def test_numbers_printed_right_aligned_under_their_column_name_take_its_unit() -> None:
    texts = _items("Oral paracetamol by body weight, every 6 hours: 1\n"
                   "  Weight      Dose (mg)\n"
                   "  10-15 kg          150\n"
                   "  16-25 kg          250\n")
    assert any("weight 10-15 kg:" in t and "150 mg" in t for t in texts)
    assert any("weight 16-25 kg:" in t and "250 mg" in t for t in texts)


def test_a_cell_wrapped_onto_its_own_line_under_its_column_goes_on_the_row_above() -> None:
    # "or 125 mg" sits under the Dose column with nothing under Weight: the page wrapped the 16-25 kg row's dose
    text = (HEAD + "Give as follows: 1\n  Weight        Dose            Frequency\n  10-15 kg      150 mg          8-hourly\n"
            "  16-25 kg      250 mg          8-hourly\n                or 125 mg\n" + REFS)
    article = read_article(text)
    line = text.splitlines().index("                or 125 mg") + 1
    assert not any(n == line for n, _ in article.problems)
    assert line in article.accounted
    assert any("weight 16-25 kg:" in t.text and "250 mg or 125 mg" in t.text and "8-hourly" in t.text
               for t in article.items)


def test_a_last_column_wrapped_over_several_lines_keeps_every_row_of_the_table() -> None:
    # an invented antibiotic table whose last column ("When to use") wraps: every drug's row is read, each with its
    # whole condition, and nothing under the table is lost
    body = ("Table 2. Antibiotic choices for adults\n"
            "Drug            Adult dose             When to use\n"
            "Cefalexin       500 mg three times     first choice unless\n"
            "                daily                  allergic to\n"
            "                                       penicillin\n"
            "Clindamycin     300 mg four times      penicillin allergy\n"
            "                daily\n"
            "Doxycycline     100 mg twice daily     when the others\n"
            "                                       cannot be used\n"
            "Review the choice at 48 hours 1\n")
    texts = _items(body)
    assert any(t.startswith("Cefalexin") and "500 mg three times daily" in t
               and "first choice unless allergic to penicillin" in t for t in texts), texts
    assert any(t.startswith("Clindamycin") and "300 mg four times daily" in t and "penicillin allergy" in t for t in texts)
    assert any(t.startswith("Doxycycline") and "100 mg twice daily" in t and "when the others cannot be used" in t
               for t in texts)
    assert not any(t.startswith(("daily", "penicillin", "cannot")) for t in texts)
    assert any(t.startswith("Review the choice") for t in texts)


_words = st.lists(_word, min_size=1, max_size=4).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 4).flatmap(lambda k: st.tuples(
    st.lists(_word, min_size=k, max_size=k, unique=True),
    st.lists(st.tuples(_word, st.lists(_words, min_size=k - 1, max_size=k - 1)), min_size=2, max_size=4),
    st.integers(0, 3), st.integers(1, k - 1), st.integers(2, 4))))
def test_wrapping_a_cell_under_its_column_over_lines_never_changes_the_rows_read(table) -> None:
    header, rows, which, column, pieces = table
    names = [h.capitalize() for h in header]
    grid = [[label, *cells] for label, cells in rows]
    which %= len(grid)
    widths = [max(len(r[k]) for r in [names, *grid]) for k in range(len(names))]

    def line(cells: list[str]) -> str:
        return "  " + "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    flat = "Doses: 1\n" + "\n".join(line(r) for r in [names, *grid]) + "\n"
    words = grid[which][column].split()
    size = max(1, -(-len(words) // pieces))
    parts = [" ".join(words[k : k + size]) for k in range(0, len(words), size)]
    out = [line(names)]
    for r, cells in enumerate(grid):
        if r != which:
            out.append(line(cells))
            continue
        out.append(line([*cells[:column], parts[0], *cells[column + 1 :]]))
        out += [line([""] * column + [p] + [""] * (len(cells) - column - 1)) for p in parts[1:]]
    wrapped = "Doses: 1\n" + "\n".join(out) + "\n"
    assert _items(wrapped) == _items(flat)
    text = HEAD + wrapped + REFS
    article = read_article(text)
    body = [n + 1 for n, raw in enumerate(text.splitlines()) if raw.startswith("  ")]
    assert set(body) <= article.accounted | {n for n, _ in article.skipped}


def test_prose_after_an_indented_table_is_not_reported() -> None:
    text = HEAD + "Give as follows: 1\n  Weight        Dose\n  10-15 kg      30 mg\n  16-23 kg      45 mg\nReview daily 1\n" + REFS
    assert not any("line up" in msg for _, msg in read_article(text).problems)


def test_columns_centred_by_spaces_with_a_band_in_the_first_cell_read_as_their_pipe_table() -> None:
    # a page's table pasted as text: every column centred under its name, the first cell a weight band
    centred = ("Oral amoxicillin twice daily: 1\n"
               "   Weight        Dose per dose     Maximum\n"
               "  5-10 kg            125 mg         250 mg\n"
               " 10-20 kg            250 mg         500 mg\n"
               "20 kg and over       500 mg          1 g\n")
    piped = ("Oral amoxicillin twice daily: 1\n| Weight | Dose per dose | Maximum |\n|---|---|---|\n"
             "| 5-10 kg | 125 mg | 250 mg |\n| 10-20 kg | 250 mg | 500 mg |\n| 20 kg and over | 500 mg | 1 g |\n")
    texts = _items(centred)
    assert any("weight 20 kg and over:" in t and "500 mg" in t and "maximum 1 g" in t for t in texts), texts
    assert texts == _items(piped)
