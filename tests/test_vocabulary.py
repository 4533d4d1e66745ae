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


# A `kgv:` prefixed name written in SPARQL or Turtle text (queries embedded in kg/, named queries, rules, shapes,
# curated articles) bypasses the closed Python namespace, so a misspelt term there would silently match nothing.
# Every such name must be a term of the vocabulary. Local names: letters and digits (a trailing '.' or ';' is
# punctuation, not part of the name).
_KGV_NAME = __import__("re").compile(r"(?<![\w:/#])kgv:([A-Za-z][A-Za-z0-9_]*)")


def _kgv_names_in(paths) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in paths:
        for name in _KGV_NAME.findall(path.read_text(encoding="utf-8")):
            found.setdefault(name, set()).add(str(path.relative_to(GRAPH_DIR.parent)))
    return found


def test_every_kgv_name_in_sparql_and_turtle_text_is_a_term_of_the_closed_vocabulary():
    root = GRAPH_DIR.parent
    paths = [
        *sorted((root / "kg").rglob("*.py")),
        *sorted((root / "kg").rglob("*.rq")),
        *sorted(GRAPH_DIR.rglob("*.rq")),
        *sorted(GRAPH_DIR.rglob("*.ttl")),
    ]
    assert len(paths) > 20
    # The one deliberate exception: routes the vocabulary lacks, which a draft declares as new kgv:Route terms
    # (flagged) for the curator to adopt into graph/vocab; they may appear only in the importer's draft model.
    from kg.importer.draft import NEW_ROUTES

    proposed = {curie.split(":", 1)[1] for curie, _ in NEW_ROUTES.values()}
    unknown = {
        name: sorted(where)
        for name, where in _kgv_names_in(paths).items()
        if name not in vocabulary_terms() and not (name in proposed and where == {"kg/importer/draft_model.py"})
    }
    assert unknown == {}


def test_the_kgv_name_check_catches_a_misspelt_term(tmp_path):
    bad = tmp_path / "q.rq"
    bad.write_text("SELECT ?r WHERE { ?r a kgv:Recomendation ; kgv:stage kgv:FirstLine . }", encoding="utf-8")
    names = {name for name in _KGV_NAME.findall(bad.read_text(encoding="utf-8"))}
    assert names - vocabulary_terms() == {"Recomendation"}
