"""Result formats of the SPARQL 1.1 Protocol: negotiation and serialisation.

SELECT and ASK results are written here (W3C SPARQL 1.1 Query Results JSON, XML, CSV and TSV) from
pyoxigraph terms, so the server controls escaping and the row cap. CONSTRUCT and DESCRIBE results are
written by pyoxigraph's RDF serialisers (Turtle, N-Triples, RDF/XML, JSON-LD, N3).

XML 1.0 cannot carry some characters at all (C0 controls other than tab, newline and carriage return,
U+FFFE, U+FFFF), not even as character references. A result holding one is never written as ill-formed
XML: the XML formats refuse it (`Unrepresentable`), and the server answers with the client's next
acceptable format or 406 with the reason. A carriage return is written as `&#13;` so an XML parser
does not turn it into a newline.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
NTRIPLES = "application/n-triples"
RDFXML = "application/rdf+xml"
JSONLD = "application/ld+json"
N3 = "text/n3"

# In order of preference when the client accepts anything: the first is the default.
RESULT_TYPES: tuple[str, ...] = (JSON, XML, CSV, TSV)
GRAPH_TYPES: tuple[str, ...] = (TURTLE, NTRIPLES, RDFXML, JSONLD, N3)
# Other names clients use for the same formats.
RESULT_ALIASES = {"application/json": JSON, "application/xml": XML, "text/xml": XML}
GRAPH_ALIASES = {"application/json": JSONLD, "application/xml": RDFXML, "text/xml": RDFXML,
                 "application/x-turtle": TURTLE, "text/plain": NTRIPLES, "application/x-json+ld": JSONLD}


def _aliases(form: str) -> dict[str, str]:
    return GRAPH_ALIASES if form in ("CONSTRUCT", "DESCRIBE") else RESULT_ALIASES

# The `format` (or `output`) request parameter: a short name or a media type. Short names depend on
# the query form, the way SPARQLWrapper sends them: `xml` is results XML for SELECT, RDF/XML for CONSTRUCT.
RESULT_NAMES = {"json": JSON, "xml": XML, "csv": CSV, "tsv": TSV, "srj": JSON, "srx": XML}
GRAPH_NAMES = {"turtle": TURTLE, "ttl": TURTLE, "nt": NTRIPLES, "ntriples": NTRIPLES, "n-triples": NTRIPLES,
               "xml": RDFXML, "rdf": RDFXML, "rdfxml": RDFXML, "rdf+xml": RDFXML, "json": JSONLD,
               "jsonld": JSONLD, "json-ld": JSONLD, "n3": N3}

_RDF_FORMATS = {TURTLE: ox.RdfFormat.TURTLE, NTRIPLES: ox.RdfFormat.N_TRIPLES, RDFXML: ox.RdfFormat.RDF_XML,
                JSONLD: ox.RdfFormat.JSON_LD, N3: ox.RdfFormat.N3}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
# Characters XML 1.0 forbids even as character references (surrogates cannot occur in terms from the store).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class Unrepresentable(Exception):
    """The result holds something this format cannot carry faithfully."""


class NotAcceptable(Exception):
    """No format the client accepts can carry this result (HTTP 406)."""


class FormatConflict(Exception):
    """The request names two different formats (HTTP 400)."""


# ---------------------------------------------------------------- negotiation


def offered(form: str) -> tuple[str, ...]:
    return GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else RESULT_TYPES


def from_parameter(value: str, form: str) -> str:
    """The media type a `format=` value names for this query form; NotAcceptable if it names none.

    The value is a short name or a media type, or a comma-separated list of them (SPARQLWrapper sends
    `output=application/ld+json,application/x-json+ld`): the first one offered wins.
    """
    names = GRAPH_NAMES if form in ("CONSTRUCT", "DESCRIBE") else RESULT_NAMES
    for candidate in value.split(","):
        key = candidate.split(";")[0].strip().lower()
        mtype = names.get(key) or _aliases(form).get(key, key)
        if mtype in offered(form):
            return mtype
    raise NotAcceptable(f"format {value!r} is not offered for {form}; offered: "
                        + ", ".join(sorted(names)) + " or one of " + ", ".join(offered(form)))


def negotiate(accept: str | None, form: str) -> list[str]:
    """The offered media types the Accept header allows, best first (q-value, then specificity, then ours).

    An absent or empty Accept header accepts everything. An empty list means nothing offered is acceptable.
    """
    offers = offered(form)
    aliases = _aliases(form)
    if not accept or not accept.strip():
        return list(offers)
    best: dict[str, tuple[float, int]] = {}  # offer -> (q, specificity) of the most specific matching range
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        mrange = fields[0].lower()
        if not mrange:
            continue
        q = 1.0
        for f in fields[1:]:
            name, _, val = f.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(val), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        mrange = aliases.get(mrange, mrange)
        for offer in offers:
            if mrange == offer:
                spec = 2
            elif mrange == "*/*":
                spec = 0
            elif mrange.endswith("/*") and offer.startswith(mrange[:-1]):
                spec = 1
            else:
                continue
            if offer not in best or spec > best[offer][1]:
                best[offer] = (q, spec)
    ranked = [(-q, -spec, offers.index(o), o) for o, (q, spec) in best.items() if q > 0]
    return [o for *_, o in sorted(ranked)]


def choose(form: str, params: list[tuple[str, str]], accept: str | None) -> list[str]:
    """The media types to answer in, best first: `format=` wins over Accept; `output=` (Fuseki's name)
    counts when there is no `format`. Repeats that name the same type are fine (SPARQLWrapper sends
    format=json-ld&format=application/ld+json,…); two different types are a FormatConflict."""
    for name in ("format", "output"):
        named = {from_parameter(v, form) for k, v in params if k == name and v.strip()}
        if len(named) > 1:
            raise FormatConflict(f"conflicting '{name}' parameters name " + ", ".join(sorted(named)))
        if named:
            return [named.pop()]
    mtypes = negotiate(accept, form)
    if not mtypes:
        raise NotAcceptable(f"no acceptable format for {form} in Accept: {accept}; offered: "
                            + ", ".join(offered(form)) + " (or name one with format=)")
    return mtypes


# ---------------------------------------------------------------- SELECT and ASK


@dataclass
class Solutions:
    """A SELECT result (vars and rows of pyoxigraph terms, None where unbound) or an ASK result."""

    vars: list[str]
    rows: list[Sequence[object | None]]
    boolean: bool | None = None
    truncated: bool = False


def _term_json(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _term_json(term.subject),
                                            "predicate": _term_json(term.predicate),
                                            "object": _term_json(term.object)}}
    raise TypeError(f"not an RDF term: {term!r}")


def results_json(sol: Solutions) -> bytes:
    if sol.boolean is not None:
        return json.dumps({"head": {}, "boolean": sol.boolean}).encode()
    memo: dict = {}  # a term repeated across rows is converted once (the dict is only read by json.dumps)

    def term(t) -> dict:
        out = memo.get(t)
        if out is None:
            out = memo[t] = _term_json(t)
        return out

    bindings = [{v: term(t) for v, t in zip(sol.vars, row, strict=True) if t is not None} for row in sol.rows]
    doc: dict = {"head": {"vars": sol.vars}, "results": {"bindings": bindings}}
    if sol.truncated:
        doc["truncated"] = True  # not in the W3C format; clients that do not know it ignore it
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _xml_text(s: str) -> str:
    bad = _NOT_XML.search(s)
    if bad:
        raise Unrepresentable(f"a value holds U+{ord(bad.group()):04X}, which XML 1.0 cannot carry")
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _xml_attr(s: str) -> str:
    return (_xml_text(s).replace('"', "&quot;").replace("\t", "&#9;").replace("\n", "&#10;"))


def _term_xml(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            attr = f' xml:lang="{_xml_attr(term.language)}"'
        elif term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
            attr = f' datatype="{_xml_attr(term.datatype.value)}"'
        else:
            attr = ""
        return f"<literal{attr}>{_xml_text(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (f"<triple><subject>{_term_xml(term.subject)}</subject><predicate>{_term_xml(term.predicate)}"
                f"</predicate><object>{_term_xml(term.object)}</object></triple>")
    raise TypeError(f"not an RDF term: {term!r}")


def results_xml(sol: Solutions) -> bytes:
    """The W3C SPARQL Query Results XML Format; Unrepresentable if a value cannot be XML 1.0."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    if sol.boolean is not None:
        out.append(f"</head>\n<boolean>{'true' if sol.boolean else 'false'}</boolean>\n</sparql>\n")
        return "".join(out).encode()
    out += [f'<variable name="{_xml_attr(v)}"/>' for v in sol.vars]
    out.append("</head>\n<results>")
    for row in sol.rows:
        out.append("<result>")
        for var, term in zip(sol.vars, row, strict=True):
            if term is not None:
                out.append(f'<binding name="{_xml_attr(var)}">{_term_xml(term)}</binding>')
        out.append("</result>")
    out.append("</results>\n</sparql>\n")
    return "\n".join(out).encode("utf-8")


def _plain(term) -> str:
    """CSV: the lexical form of literals, IRIs and blank node labels without markup (SPARQL 1.1 CSV)."""
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return term.value if hasattr(term, "value") else str(term)


def results_csv(sol: Solutions) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")  # the SPARQL 1.1 CSV format ends lines with CRLF
    if sol.boolean is not None:
        writer.writerow(["true" if sol.boolean else "false"])
        return buf.getvalue().encode()
    writer.writerow(sol.vars)
    for row in sol.rows:
        writer.writerow(["" if t is None else _plain(t) for t in row])
    return buf.getvalue().encode("utf-8")


def results_tsv(sol: Solutions) -> bytes:
    """SPARQL 1.1 TSV: ?vars in the header, terms in N-Triples syntax (tabs and newlines escaped)."""
    if sol.boolean is not None:
        return ("true" if sol.boolean else "false").encode() + b"\n"
    lines = ["\t".join(f"?{v}" for v in sol.vars)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in sol.rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


_RESULT_WRITERS = {JSON: results_json, XML: results_xml, CSV: results_csv, TSV: results_tsv}


def write_solutions(sol: Solutions, mtype: str) -> bytes:
    return _RESULT_WRITERS[mtype](sol)


# ---------------------------------------------------------------- CONSTRUCT and DESCRIBE


def _xml_safe_terms(triples: Iterable) -> None:
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            value = term.value if hasattr(term, "value") else str(term)
            bad = _NOT_XML.search(value)
            if bad:
                raise Unrepresentable(f"a value holds U+{ord(bad.group()):04X}, which XML 1.0 cannot carry")
            if "\r" in value:
                # pyoxigraph writes a raw carriage return, which an XML parser reads back as a newline.
                raise Unrepresentable("a value holds a carriage return, which RDF/XML output would turn into a newline")


def write_graph(triples: list, mtype: str) -> bytes:
    """Serialise triples (pyoxigraph Triple objects) with pyoxigraph; Unrepresentable if they cannot be."""
    if mtype == RDFXML:
        _xml_safe_terms(triples)
    try:
        body = ox.serialize(triples, format=_RDF_FORMATS[mtype]) or b""
    except (ValueError, OSError, SyntaxError) as e:  # e.g. a predicate IRI RDF/XML cannot split into a QName
        raise Unrepresentable(f"{mtype} cannot carry this result: {e}") from e
    if mtype == RDFXML:
        _well_formed_xml(body)
    return body


def _well_formed_xml(body: bytes) -> None:
    """RDF/XML writes each predicate as an element name, which not every IRI can be (one ending in '/', '#',
    a digit or '%41'): pyoxigraph then writes `<oxprefix: ...>`, which strict XML parsers reject (its own
    lenient parser reads it back). A strict, namespace-aware parse of the output decides."""
    import xml.parsers.expat

    try:
        xml.parsers.expat.ParserCreate(namespace_separator=" ").Parse(body, True)
    except xml.parsers.expat.ExpatError as e:
        raise Unrepresentable("a predicate IRI of this result cannot be written as an XML element name "
                              f"(RDF/XML output would be ill-formed: {e})") from None


def write(result: Solutions | list, mtypes: Sequence[str]) -> tuple[str, bytes]:
    """Write the result in the first of `mtypes` that can carry it; NotAcceptable with the reasons if none can."""
    reasons = []
    for mtype in mtypes:
        try:
            body = write_graph(result, mtype) if isinstance(result, list) else write_solutions(result, mtype)
            return mtype, body
        except Unrepresentable as e:
            reasons.append(f"{mtype}: {e}")
    raise NotAcceptable("no acceptable format can carry this result (" + "; ".join(reasons)
                        + "); ask for another format, e.g. Accept: " + ", ".join(
                            t for t in (JSON, NTRIPLES) if t not in mtypes))
