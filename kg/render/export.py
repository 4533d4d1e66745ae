"""Deterministic export: the same store gives byte-identical files.

Quads are sorted before serialisation. Turtle, TriG, JSON-LD and RDF/XML come from rdflib's serialisers fed
in that order; N-Triples and N-Quads are written here, one line per statement in sorted order, with every
control and line-separating character escaped (RDF 1.1 canonical N-Triples: ECHAR for \\b \\t \\n \\f
\\r \\" \\\\, UCHAR for the other C0 controls and DEL, and also for NEL, U+2028 and U+2029, which line
readers split on). Blank nodes do not occur in the curated graph.

Turtle, TriG, N-Triples and N-Quads start with a comment naming the tool and the educational-use notice,
which is also how `kg export -o` recognises a file it wrote earlier (JSON-LD, which has no comments, by its
@context naming the project vocabulary).
"""

from __future__ import annotations

import re

from rdflib import BNode, Dataset, Graph, Literal, URIRef

from .. import EDUCATIONAL_NOTICE
from ..errors import InputError
from ..store.base import Store
from ..vocab.namespaces import PREFIXES

FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig", "nq": "nquads", "rdfxml": "xml"}
# Other names users type for the same formats.
ALIASES = {"turtle": "ttl", "json-ld": "jsonld", "nquads": "nq", "ntriples": "nt", "n-triples": "nt", "xml": "rdfxml"}
# Formats that leave RDF: a FHIR R4 Bundle (one JSON file) and KGX TSV (a nodes and an edges file).
ECOSYSTEM_FORMATS = ("fhir", "kgx")
# Characters XML 1.0 cannot hold at all, escaped or not (tab, line feed and carriage return are allowed).
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def canonical_format(fmt: str) -> str:
    """The format's own name for any accepted spelling; an unknown one is refused with the choices."""
    name = ALIASES.get(fmt.lower(), fmt.lower())
    if name not in FORMATS and name not in ECOSYSTEM_FORMATS:
        choices = ", ".join([*FORMATS, *ECOSYSTEM_FORMATS, *ALIASES])
        raise InputError(f"unknown export format {fmt!r}", f"choose one of {choices}")
    return name


def _refuse_unwritable_xml(quads) -> None:
    for s, p, o, _ in quads:
        for term in (s, p, o):
            if isinstance(term, Literal | URIRef) and XML_FORBIDDEN.search(str(term)):
                bad = XML_FORBIDDEN.search(str(term)).group()
                raise InputError(
                    f"cannot write RDF/XML: {term.n3()[:80]} holds the character U+{ord(bad):04X}, which XML 1.0 "
                    "does not allow",
                    "export as --format nt, nq, ttl or trig instead, which can escape it",
                )


class _OrderedGraph(Graph):
    """A graph that lists subjects and each subject's predicate-object pairs in sorted order.

    rdflib's RDF/XML writer walks `subjects()` and `predicate_objects()`, whose order follows hash sets and
    so changes between runs; sorting them here makes the RDF/XML export byte-identical like the others.
    """

    def subjects(self, predicate=None, object=None, unique=False):  # noqa: A002 - rdflib's signature
        return iter(sorted(set(super().subjects(predicate, object)), key=lambda t: t.n3()))

    def predicate_objects(self, subject=None, unique=False):
        return iter(sorted(set(super().predicate_objects(subject)), key=lambda po: (po[0].n3(), po[1].n3())))


HEADER = "# guideline-kg export"
_ECHAR = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
_NEEDS_ESCAPE = re.compile("[\x00-\x1f\x7f\"\\\\\x85\u2028\u2029]")
_IRI_FORBIDDEN = re.compile('[\x00-\x20<>"{}|^`\\\\]')


def _escape(value: str) -> str:
    return _NEEDS_ESCAPE.sub(lambda m: _ECHAR.get(m.group(), f"\\u{ord(m.group()):04X}"), value)


def nt_term(term) -> str:
    """One term in N-Triples syntax; an IRI that N-Triples cannot carry is refused, never written broken."""
    if isinstance(term, URIRef):
        if _IRI_FORBIDDEN.search(term):
            raise InputError(f"cannot export the IRI {str(term)!r}: it holds characters N-Triples forbids in IRIs")
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = f'"{_escape(str(term))}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None:
            return f"{text}^^{nt_term(URIRef(term.datatype))}"
        return text
    raise InputError(f"cannot export the term {term!r}")


def _sort_key(quad) -> tuple[str, ...]:
    return tuple(t.n3() if t is not None else "" for t in (quad[3], quad[0], quad[1], quad[2]))


def export(store: Store, fmt: str) -> str:
    """The whole graph in one RDF format (or a FHIR Bundle); KGX, two files, is `kg.render.exports.kgx.to_kgx`."""
    fmt = canonical_format(fmt)
    if fmt == "fhir":
        from .exports.fhir import to_fhir

        return to_fhir(store)
    if fmt == "kgx":
        raise InputError("KGX is two files (nodes and edges)", "use kg.render.exports.kgx.to_kgx, or `kg export --format kgx -o PREFIX`")
    quads = sorted(store.quads(), key=_sort_key)
    if fmt == "rdfxml":
        _refuse_unwritable_xml(quads)
    header = f"{HEADER} ({fmt}). {EDUCATIONAL_NOTICE}\n"
    if fmt in ("nt", "nq"):
        lines = set()
        for s, p, o, g in quads:
            graph = f" {nt_term(g)}" if fmt == "nq" and g is not None else ""
            lines.add(f"{nt_term(s)} {nt_term(p)} {nt_term(o)}{graph} .\n")
        return header + "".join(sorted(lines))
    if fmt == "trig":
        ds = Dataset()
        for p, ns in PREFIXES.items():
            ds.bind(p, ns)
        for s, p, o, g in quads:
            ds.graph(g).add((s, p, o))
        out = ds.serialize(format=FORMATS[fmt])
    else:
        g = _OrderedGraph() if fmt == "rdfxml" else Graph()
        for p, ns in PREFIXES.items():
            g.bind(p, ns)
        for s, p, o, _ in quads:
            g.add((s, p, o))
        try:
            out = g.serialize(format=FORMATS[fmt], **({"auto_compact": True} if fmt == "jsonld" else {}))
        except ValueError as e:  # RDF/XML cannot name a predicate whose IRI does not end in an XML name
            raise InputError(f"cannot write {fmt}: {e}", "export as --format ttl, nt, nq or trig instead") from None
    return header + out if fmt in ("ttl", "trig") else out
