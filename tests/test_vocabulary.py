"""The Python namespace mirrors the vocabulary file, and misspelt terms fail loudly."""

from __future__ import annotations

import pytest
from rdflib import Graph

from kg.config import GRAPH_DIR
from kg.vocab.namespaces import KGV


def vocabulary_terms() -> set[str]:
    g = Graph().parse(GRAPH_DIR / "vocab" / "guideline.ttl")
    ns = str(KGV._NS)
    return {str(s)[len(ns) :] for s in g.subjects() if str(s).startswith(ns)}


def test_python_namespace_lists_exactly_the_terms_defined_in_the_vocabulary():
    assert set(KGV.__annotations__) == vocabulary_terms()


def test_misspelt_vocabulary_term_raises_instead_of_minting_an_iri():
    with pytest.raises(AttributeError):
        KGV.Recomendation  # noqa: B018


def test_every_vocabulary_term_has_a_label_and_a_comment():
    g = Graph().parse(GRAPH_DIR / "vocab" / "guideline.ttl")
    from rdflib.namespace import RDFS

    missing = [
        t for t in vocabulary_terms() if g.value(KGV[t], RDFS.label) is None or g.value(KGV[t], RDFS.comment) is None
    ]
    assert missing == []
