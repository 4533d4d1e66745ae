"""A plain page's list items that lost their bullet marks, as the layout sweep (tests/test_import_layout_invariance.py)
found them read differently in two printings of one page:

- an indented item with no mark whose sentence a wrap carried onto a line indented deeper ("  Risperidone PO:
  titrate from 2 mg ..., then usual dose" over "    4-6 mg daily in 1-2 divided doses.") is one statement, as it
  is when the wrapped line is indented like the item (written with tabs, one tab each): how deep a page indents
  its wrapped lines never decides where a statement ends. Read as two, the second half's dose had no drug of its
  own and was drafted for a word of the paragraph above ("prolactin-related adverse effects");
- an item ending with its citation markers after the full stop ("(b) Phytomenadione 5 mg IV, by slow injection
  [1].") ends there: the next line opening with an item's bracketed letter ("(c) Four-factor prothrombin complex
  concentrate ...") is the next item, not the sentence going on, and each keeps its own markers.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.importer.markdown import read_any

HEAD = "INVENTED GUIDANCE FOR A LAYOUT TEST\nLast updated: 5 May 2021\n\n1. CHOOSING A DRUG\n"
REFS = "\n2. REFERENCES\n1) An invented guideline title for a layout test. Example Publisher; 2020.\n"

LEAD = ("The choice weighs metabolic and prolactin-related adverse effects [1]. For first-line oral treatment use\n"
        "one of the following:\n\n")


def _items(body: str) -> list[tuple[str, tuple[str, ...]]]:
    art = read_any((HEAD + body + REFS).encode(), "layout.txt")[0]
    return [(item.text, item.markers) for item in art.items if item.heading == "1. CHOOSING A DRUG"]


def _page(item_indent: str, wrap_indent: str) -> str:
    return (LEAD
            + f"{item_indent}Olanzapine PO: 10 mg once daily. Max 20 mg daily. [1]\n"
            + f"{item_indent}Risperidone PO: titrate from 2 mg on day 1 to 4 mg on day 2, then usual dose\n"
            + f"{wrap_indent}4-6 mg daily in 1-2 divided doses. Max 16 mg daily. [1]\n")


def _risperidone_statements(items) -> list[str]:
    return [text for text, _ in items if "4-6 mg daily" in text]


def test_a_wrapped_line_indented_deeper_than_its_unmarked_item_goes_on_the_items_sentence():
    items = _items(_page("  ", "    "))
    (statement,) = _risperidone_statements(items)
    assert statement.startswith("Risperidone PO: titrate from 2 mg")
    assert not any(text.startswith("4-6 mg") for text, _ in items)


@settings(max_examples=25, deadline=None)
@given(item=st.sampled_from(["  ", "   ", "    ", "\t"]), deeper=st.sampled_from(["", " ", "  ", "    ", "\t"]))
def test_how_deep_the_wrapped_line_is_indented_never_changes_the_statements(item, deeper):
    """The same page with its wrapped line indented like its item, or deeper by spaces or a tab: same statements."""
    assert _items(_page(item, item + deeper)) == _items(_page(item, item))


def test_the_risperidone_dose_of_a_wrapped_item_is_drafted_for_risperidone(lexicon):
    """What the page means: the usual dose 4-6 mg daily is risperidone's; no word of the paragraph above owns it."""
    from import_quality import facts_of_draft

    from kg.importer.draft import build_draft

    art = read_any((HEAD + _page("  ", "    ") + REFS).encode(), "layout.txt")[0]
    doses = facts_of_draft(build_draft(art, lexicon, "layout.txt"), art, lexicon)["doses"]
    owners = {dose[0].rsplit("/", 1)[-1] for dose in doses if dose[1] == "4-6"}
    assert owners == {"risperidone"}


ENUMERATED = ("Bleeding that endangers life [1]:\n"
              "  (a) Stop warfarin.\n"
              "  (b) Phytomenadione 5 mg IV, by slow injection [1].\n"
              "  (c) Four-factor prothrombin complex concentrate (PCC), IV, dosed on the INR\n"
              "      before treatment [2][3].\n")


def test_an_item_ending_in_markers_after_its_full_stop_ends_before_the_next_bracketed_item():
    items = _items(ENUMERATED)
    texts = [text for text, _ in items]
    assert any(t.startswith("(b) Phytomenadione 5 mg IV, by slow injection") and "(c)" not in t for t in texts)
    assert dict(items)[next(t for t in texts if t.startswith("(b)"))] == ("1",)
    assert any(t.startswith("(c) Four-factor") and "before treatment" in t for t in texts)


def test_a_bracketed_c_item_is_guidance_and_a_bracketed_c_with_a_year_is_a_copyright_line():
    """"(c)" opens a list's third item as often as it prints a copyright sign: only with a year or the words of a
    copyright notice is it page furniture."""
    from kg.sources.page_chrome import chrome_reason

    assert chrome_reason("(c) Four-factor prothrombin complex concentrate (PCC), IV, dosed on the INR") is None
    assert chrome_reason("(c) Give aspirin 300 mg by mouth.") is None
    assert chrome_reason("(c) 2024 Example Hospitals NHS Trust") == "a copyright line"
    assert chrome_reason("(c) Crown copyright") == "a copyright line"
    assert chrome_reason("© Example Trust") == "a copyright line"
