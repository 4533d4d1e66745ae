"""Drafting is independent of what was drafted before it in the same run: `kg import a b` gives b the draft that
`kg import b` gives it. The lexicon records the new entities a draft adds (drugs neither the graph nor the drug
lexicon knows, classes read from 'a <drug>'); before each draft worked on its own fork, a second file could find a
word already taken as an unknown drug by the first and draft different facts (found by the layout-invariance sweep:
dextrose in nausea-vomiting-pregnancy.md gained or lost a caution with the order of the files)."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

ARTICLES = Path(__file__).parent / "fixtures" / "import" / "articles"
FILES = sorted(p for p in ARTICLES.iterdir() if p.suffix in (".txt", ".md") and p.name != "README.md")


def _draft(path: Path, lexicon):
    article, _layout = read_any(path.read_bytes(), path.name)
    return build_draft(article, lexicon, path.name)


def _state(lexicon):
    return (dict(lexicon.drafted), {k: set(v) for k, v in lexicon.surface.items()}, dict(lexicon.unknown_names))


def test_drafting_an_article_leaves_the_shared_lexicon_unchanged(lexicon):
    before = _state(lexicon)
    for path in FILES[:6]:
        _draft(path, lexicon)
    assert _state(lexicon) == before


@pytest.mark.parametrize("name", ["nausea-vomiting-pregnancy.md", "gout.txt", "hyperkalaemia.md"])
def test_an_article_drafts_the_same_after_every_other_fixture_as_alone(lexicon, name):
    alone = _draft(ARTICLES / name, lexicon).ttl
    for path in FILES:
        _draft(path, lexicon)
    assert _draft(ARTICLES / name, lexicon).ttl == alone


@settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.lists(st.sampled_from(FILES), min_size=1, max_size=3), last=st.sampled_from(FILES))
def test_a_drafts_text_does_not_depend_on_the_files_drafted_before_it(lexicon, order, last):
    alone = _draft(last, lexicon).ttl
    for path in order:
        _draft(path, lexicon)
    assert _draft(last, lexicon).ttl == alone
