"""Drafts are written by rdflib: deterministic bytes, a canonical form (re-writing a draft's own graph gives the
same text), every literal escaped by the library, nothing dropped by the grouping, and the checksum line that
protects a curator's edits still working."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal

from kg.importer.draft import build_draft, is_untouched_draft, seal
from kg.importer.markdown import read_any
from kg.importer.turtle_out import parse_fragments, serialise
from kg.vocab.namespaces import KGV

ARTICLE = """What is the treatment of an invented serialisation condition?

Last updated: May 5, 2021

Invented Serialisation Guidance

Treatment

{bullets}

References

Guideline
An invented guidance title for a serialisation test
Example Publisher, 2020
"""
BULLETS = (
    "Give prednisone 40 mg od for 5 days. 1",
    "Methotrexate 15 mg once weekly (max 25 mg/week). 1",
    "Avoid ibuprofen in asthma. 1",
    "Check renal function every 3 months. 1",
)



def _draft(lexicon, bullets=BULLETS, keep_text=False):
    text = ARTICLE.format(bullets="\n".join(f"  • {b}" for b in bullets))
    article, _ = read_any(text.encode(), "serial.txt")
    return build_draft(article, lexicon, "serial.txt", keep_text=keep_text)


def test_the_same_article_drafts_to_the_same_bytes(lexicon):
    assert _draft(lexicon).ttl == _draft(lexicon).ttl


def test_a_draft_is_in_canonical_form_rewriting_its_graph_gives_the_same_text(lexicon):
    draft = _draft(lexicon)
    header = draft.ttl.split("\n")[:2]
    graph = parse_fragments(draft.ttl, {draft.prefix: f"https://w3id.org/guideline-kg/id/article/{draft.slug}/"})
    assert serialise(graph, header) == draft.ttl


def test_grouping_drops_no_triple_and_groups_by_kind_in_reading_order(lexicon):
    draft = _draft(lexicon)
    g = Graph().parse(data=draft.ttl, format="turtle")
    assert len(list(g.subjects(None, KGV.Statement))) == len(BULLETS)
    order = [draft.ttl.index(f"########## {t}") for t in ("the article", "statements", "recommendations", "cautions")]
    assert order == sorted(order)
    # a block per subject: every typed subject's block is in the text once
    for s in set(g.subjects()):
        assert draft.ttl.count("\n" + s.n3(g.namespace_manager) + "\n") == 1


def test_the_checksum_line_still_tells_an_untouched_draft_from_an_edited_one(lexicon):
    sealed = seal(_draft(lexicon).ttl)
    assert is_untouched_draft(sealed)
    assert not is_untouched_draft(sealed.replace("kgv:FirstLine", "kgv:Escalation", 1))


@settings(max_examples=30, deadline=None, derandomize=True)
# quotes, backslashes, tabs, non-Latin letters and Turtle's own punctuation; digits and ':' are left out because
# the reader gives them meaning (markers, lead-ins) before the text reaches the draft
@given(st.text(alphabet=st.sampled_from(list('abz XYZ"\\\'\té߀λж中;,.!?-()[]{}<>@#&*_=+~`')), min_size=1, max_size=40)
       .filter(lambda t: t.strip()))
def test_any_statement_text_kept_in_the_draft_comes_back_exactly(lexicon, words):
    bullet = "Give prednisone 40 mg daily, " + words.strip()
    draft = _draft(lexicon, (bullet + " 1",), keep_text=True)
    g = Graph().parse(data=draft.ttl, format="turtle")
    texts = [str(o) for o in g.objects(None, KGV.sourceText)]
    assert len(texts) == 1
    # the reader normalises white space and rewrites bracket markers; quotes, backslashes and controls are escaped
    # by rdflib, so the draft parses and the statement's words come back
    assert texts[0].startswith("Give prednisone 40 mg daily,")
    assert isinstance(next(g.objects(None, KGV.sourceText)), Literal)
