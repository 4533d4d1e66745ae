"""The result writers of `kg serve` over the whole input space: any Unicode literal, language tag or
IRI is written so that a standard parser reads back exactly the same term, or the format refuses
(Unrepresentable) and the server falls back to the client's next format or answers 406."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.server import formats

SRX = "{http://www.w3.org/2005/sparql-results#}"
XSD = "http://www.w3.org/2001/XMLSchema#"

literals = st.one_of(
    st.text().map(ox.Literal),
    st.builds(lambda v, lang: ox.Literal(v, language=lang), st.text(),
              st.sampled_from(["en", "fr", "de-ch", "zh-hant-tw", "en-gb", "sr-latn", "x-private"])),
    st.builds(lambda v: ox.Literal(v, datatype=ox.NamedNode(XSD + "token")), st.text()),
)


def solutions(lit: ox.Literal) -> formats.Solutions:
    return formats.Solutions(["x", "y"], [(lit, None), (ox.NamedNode("http://example.org/a?b=c&d&e=%3C"), lit)])


@settings(max_examples=300, deadline=None)
@given(literals)
def test_results_json_round_trips_any_literal(lit: ox.Literal) -> None:
    doc = json.loads(formats.results_json(solutions(lit)))
    x = doc["results"]["bindings"][0]["x"]
    assert x["value"] == lit.value
    assert x.get("xml:lang") == (lit.language or None)
    assert doc["results"]["bindings"][0].keys() == {"x"}


@settings(max_examples=300, deadline=None)
@given(literals)
def test_results_xml_is_well_formed_and_exact_or_refused(lit: ox.Literal) -> None:
    try:
        body = formats.results_xml(solutions(lit))
    except formats.Unrepresentable as e:
        assert "XML 1.0 cannot carry" in str(e)
        assert any(ord(c) < 0x20 and c not in "\t\n\r" or c in "\ufffe\uffff" for c in lit.value)
        return
    root = ET.fromstring(body)  # raises on ill-formed XML
    lits = root.findall(f"{SRX}results/{SRX}result/{SRX}binding/{SRX}literal")
    assert [(e.text or "") for e in lits] == [lit.value, lit.value]
    if lit.language:
        assert lits[0].get("{http://www.w3.org/XML/1998/namespace}lang") == lit.language
    assert root.find(f"{SRX}results/{SRX}result/{SRX}binding/{SRX}uri").text == "http://example.org/a?b=c&d&e=%3C"


@settings(max_examples=300, deadline=None)
@given(literals)
def test_results_csv_and_tsv_keep_one_row_per_solution(lit: ox.Literal) -> None:
    rows = list(csv.reader(io.StringIO(formats.results_csv(solutions(lit)).decode(), newline="")))
    assert rows == [["x", "y"], [lit.value, ""], ["http://example.org/a?b=c&d&e=%3C", lit.value]]
    lines = formats.results_tsv(solutions(lit)).decode().split("\n")
    assert len(lines) == 4 and lines[-1] == ""  # header, two rows: no raw newline from a value
    assert all(line.count("\t") == 1 for line in lines[:3])


@pytest.mark.parametrize("mtype,fmt", [(formats.TURTLE, ox.RdfFormat.TURTLE),
                                       (formats.NTRIPLES, ox.RdfFormat.N_TRIPLES),
                                       (formats.RDFXML, ox.RdfFormat.RDF_XML),
                                       (formats.JSONLD, ox.RdfFormat.JSON_LD),
                                       (formats.N3, ox.RdfFormat.N3)])
@settings(max_examples=150, deadline=None)
@given(lit=literals)
def test_graph_formats_round_trip_any_literal_or_refuse(mtype: str, fmt, lit: ox.Literal) -> None:
    triple = ox.Triple(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"), lit)
    try:
        body = formats.write_graph([triple], mtype)
    except formats.Unrepresentable:
        assert mtype == formats.RDFXML, f"{mtype} refused {lit!r}"
        return
    assert [t.object for t in ox.parse(body, format=fmt)] == [lit]


def test_write_falls_back_to_the_next_acceptable_type_then_406() -> None:
    sol = solutions(ox.Literal("bell\x07"))
    assert formats.write(sol, [formats.XML, formats.JSON])[0] == formats.JSON
    with pytest.raises(formats.NotAcceptable, match="U\\+0007"):
        formats.write(sol, [formats.XML])


@pytest.mark.parametrize("accept,form,expected", [
    (None, "SELECT", list(formats.RESULT_TYPES)),
    ("text/csv;q=0.5, application/sparql-results+xml", "SELECT", [formats.XML, formats.CSV]),
    ("*/*;q=0.1, text/tab-separated-values", "SELECT", [formats.TSV, formats.JSON, formats.XML, formats.CSV]),
    ("application/json", "SELECT", [formats.JSON]),
    ("application/json", "CONSTRUCT", [formats.JSONLD]),
    ("text/*", "CONSTRUCT", [formats.TURTLE, formats.N3]),
    ("text/turtle;q=0", "CONSTRUCT", [formats.NTRIPLES, formats.RDFXML, formats.JSONLD, formats.N3][:0]),
    ("image/png", "SELECT", []),
])
def test_negotiation_orders_by_quality_then_specificity(accept, form, expected) -> None:
    assert formats.negotiate(accept, form) == expected


# Predicate IRIs: RDF/XML writes a predicate as an XML element name (namespace + local name), which not every
# IRI can be (one ending in '/', a digit, '%41' or '#'). pyoxigraph then wrote `<oxprefix: ...>` (HTTP 200,
# ill-formed XML that strict parsers reject; its own lenient parser read it back).
predicate_iris = st.builds(
    lambda base, local: base + local,
    st.sampled_from(["http://example.org/", "http://example.org/x#", "urn:", "http://example.org/a/b?c="]),
    st.text(st.characters(codec="utf-8", exclude_characters="<>\"{}|^`\\ \x00\t\n\r",
                          exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), max_size=6),
)


@pytest.mark.parametrize("predicate", ["http://x/1", "http://x/", "http://x/%41", "urn:1", "http://x#"])
def test_rdfxml_refuses_a_predicate_it_cannot_name_instead_of_writing_broken_xml(predicate: str) -> None:
    import xml.parsers.expat

    triple = ox.Triple(ox.NamedNode("http://example.org/s"), ox.NamedNode(predicate), ox.Literal("o"))
    with pytest.raises(formats.Unrepresentable, match="predicate"):
        body = formats.write_graph([triple], formats.RDFXML)
        xml.parsers.expat.ParserCreate(namespace_separator=" ").Parse(body, True)  # shows the broken output
    # the server then answers in the next acceptable format
    assert formats.write([triple], [formats.RDFXML, formats.TURTLE])[0] == formats.TURTLE


@settings(max_examples=200, deadline=None)
@given(predicate_iris)
def test_rdfxml_output_is_well_formed_and_exact_for_any_predicate_or_refused(predicate: str) -> None:
    try:
        p = ox.NamedNode(predicate)
    except ValueError:
        return  # not an IRI pyoxigraph accepts: cannot come out of the store
    triple = ox.Triple(ox.NamedNode("http://example.org/s"), p, ox.Literal("o"))
    try:
        body = formats.write_graph([triple], formats.RDFXML)
    except formats.Unrepresentable:
        return
    ET.fromstring(body)  # strict XML parser: raises on ill-formed output
    assert [q.triple for q in ox.parse(body, format=ox.RdfFormat.RDF_XML)] == [triple]
