"""Bound values reach Oxigraph's planner as a VALUES block as well as a substitution (kg.store).

The hint must never change an answer: it states the same term the substitution binds, written by the
engine's own serialiser. Checked over all of Unicode (quotes, backslashes, line breaks, language tags,
datatypes) and over query shapes where a bound name is also used in OPTIONAL, FILTER and sub-selects.
"""

from __future__ import annotations

import pyoxigraph as ox
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef

import kg.store
from kg.store.oxigraph import OxigraphStore, _with_values_hint

EX = "http://example.org/"
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
LITERALS = st.one_of(
    TEXT.map(Literal),
    st.tuples(TEXT, st.sampled_from(["en", "fr-CA", "de"])).map(lambda t: Literal(t[0], lang=t[1])),
    st.integers(-10**6, 10**6).map(Literal),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(Literal),
)


def _store(values: list[Literal]) -> OxigraphStore:
    quads = [(URIRef(f"{EX}s{i}"), URIRef(f"{EX}p"), v, URIRef(f"{EX}g")) for i, v in enumerate(values)]
    quads.append((URIRef(f"{EX}s0"), URIRef(f"{EX}q"), Literal("other"), URIRef(f"{EX}g")))
    return OxigraphStore.in_memory(quads)


@settings(max_examples=150, deadline=None)
@given(values=st.lists(LITERALS, min_size=1, max_size=5), pick=st.integers(0, 4))
def test_a_bound_literal_finds_the_same_subjects_as_a_filter_on_its_value(values, pick):
    store = _store(values)
    bound = values[pick % len(values)]
    got = store.select("SELECT ?s WHERE { ?s <http://example.org/p> ?o }", {"o": bound}).rows
    expected = [(URIRef(f"{EX}s{i}"),) for i, v in enumerate(values) if v == bound or (v.eq(bound) is True and
                                                                                        v.n3() == bound.n3())]
    assert sorted(set(got)) == sorted(set(expected))


@settings(max_examples=100, deadline=None)
@given(value=LITERALS)
def test_the_hint_is_valid_sparql_that_the_engine_parses(value):
    term = ox.Literal(str(value), language=value.language) if value.language else (
        ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype))) if value.datatype else ox.Literal(str(value)))
    text = _with_values_hint("SELECT ?o WHERE { ?s ?p ?o }", {ox.Variable("o"): term})
    assert text is not None and "VALUES (?o)" in text
    ox.Store().query(text)  # raises SyntaxError if the hint broke the query text


SHAPES = [
    "SELECT ?x ?y WHERE { ?x <http://example.org/p> ?v . OPTIONAL { ?x <http://example.org/q> ?y } }",
    "SELECT ?x WHERE { ?x ?p ?v FILTER (?v != \"nothing\") }",
    "SELECT ?x WHERE { { SELECT ?x WHERE { ?x ?p ?o } } ?x <http://example.org/p> ?v }",
    "SELECT ?x WHERE { ?x ?p ?v MINUS { ?x <http://example.org/q> ?v } }",
    "ASK { ?x <http://example.org/p> ?v }",
]


def test_answers_with_the_hint_equal_answers_with_substitution_alone(monkeypatch):
    store = _store([Literal("a"), Literal("b", lang="en"), Literal(3)])
    cases = [(shape, bindings) for shape in SHAPES
             for bindings in ({"x": URIRef(f"{EX}s0")}, {"v": Literal("a")}, {"x": URIRef(f"{EX}s1"), "v": Literal(3)})]

    def answers():
        return [store.ask(q, b) if q.startswith("ASK") else store.select(q, b).rows for q, b in cases]

    hinted = answers()
    monkeypatch.setattr(kg.store.oxigraph, "_with_values_hint", lambda text, subs: None)
    assert hinted == answers()
    assert any(hinted[:3]) and any(not a for a in hinted)  # the cases include answers and empty answers
