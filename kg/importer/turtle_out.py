"""Write a draft's graph as Turtle through rdflib, deterministically, in the order a curator reviews it.

The builder states the draft's triples in Turtle fragments; this module parses them into an rdflib graph (so a
malformed term fails here, never in a curator's `kg build`) and serialises the graph with rdflib's
`longturtle` writer, which sorts subjects, predicates and objects and so gives byte-identical output for the
same graph. The sorted blocks are then regrouped by the kind of node (article, sections, statements, markers,
references, recommendations, doses, cautions, monitoring, new entities, flags), each group under a comment,
subjects in natural order within it ("st-2-9" before "st-2-10"). Nothing is dropped: a block of a kind not
listed goes to a last group.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib import RDF, Graph, Literal, URIRef

from kg.vocab.namespaces import KGV, PREFIXES

# (comment, classes) in reading order; a subject goes to the first group one of whose classes it has.
GROUPS: tuple[tuple[str, tuple[URIRef, ...]], ...] = (
    ("the article", (KGV.GuidelineArticle,)),
    ("sections (heading as printed; the checksum locates it)", (KGV.Section,)),
    ("statements (locator: section + item path; checksum of the text as printed)", (KGV.Statement,)),
    ("citation markers as printed", (KGV.CitationMarker,)),
    ("reference list as printed; each entry refers to a cited work", (KGV.ReferenceEntry,)),
    (
        "new cited works: not found in the graph (by title, source and year); move them to "
        "graph/entities/references.ttl once checked",
        (KGV.GuidelineReference, KGV.ResearchReference),
    ),
    ("recommendations (drafted: check stage, strength, rank and qualifiers)", (KGV.Recommendation,)),
    ("dose schedules", (KGV.DoseSchedule, KGV.DoseCeiling)),
    ("where a feature moves a dose within its range", (KGV.DoseAdjustment,)),
    ("cautions", (KGV.Caution, KGV.Contraindication)),
    ("monitoring", (KGV.MonitoringItem,)),
    ("what does not add up or was not stated, recorded as found", (KGV.Flag,)),
)
OTHER = "new entities (drafted; move to graph/entities once checked)"
_NATURAL = re.compile(r"(\d+)")


def _natural(text: str) -> list:
    return [int(p) if p.isdigit() else p for p in _NATURAL.split(text)]


def parse_fragments(ttl: str, extra_prefixes: dict[str, str]) -> Graph:
    """The graph the builder's Turtle states (prefix lines included in the text)."""
    g = Graph(bind_namespaces="none")
    g.parse(data=ttl, format="turtle")
    for prefix, ns in {**PREFIXES, **extra_prefixes}.items():
        g.bind(prefix, ns, override=True, replace=True)
    return g


def serialise(g: Graph, header: list[str]) -> str:
    """Header comment lines, then the graph's Turtle (rdflib longturtle) regrouped by kind of node."""
    text = g.serialize(format="longturtle")
    chunks = [c.strip("\n") for c in re.split(r"\n\s*\n", text) if c.strip()]
    prefixes = [c for c in chunks if c.lstrip().upper().startswith(("PREFIX", "@PREFIX", "BASE", "@BASE"))]
    blocks = [c for c in chunks if c not in prefixes]
    # the first token of a block is its subject as longturtle writes it; map it back to the node
    by_token: dict[str, URIRef] = {}
    for s in set(g.subjects()):
        if isinstance(s, URIRef):
            by_token[s.n3(g.namespace_manager)] = s
    group_of: dict[URIRef, int] = {}
    for s in by_token.values():
        types = set(g.objects(s, RDF.type))
        group_of[s] = next((k for k, (_, classes) in enumerate(GROUPS) if types & set(classes)), len(GROUPS))
    grouped: dict[int, list[tuple[list, str]]] = {}
    for block in blocks:
        token = block.split(None, 1)[0]
        subject = by_token.get(token)
        k = group_of.get(subject, len(GROUPS)) if subject is not None else len(GROUPS)
        grouped.setdefault(k, []).append((_natural(token), block))
    out = list(header)
    out += prefixes
    for k in sorted(grouped):
        title = GROUPS[k][0] if k < len(GROUPS) else OTHER
        out += ["", f"########## {title}", ""]
        out += [block + "\n" for _, block in sorted(grouped[k], key=lambda kb: kb[0])]
    return "\n".join(out).rstrip("\n") + "\n"


# ---------------------------------------------------------------- the fast writer
# The draft of a 1 MB article holds ~400,000 triples; rdflib's Turtle parser and sorted longturtle writer spent
# about two thirds of the drafting CPU on them. The builder's fragments are parsed by pyoxigraph instead (already
# the store's engine; a malformed term still fails before a curator's `kg build`), and each subject block is
# written here in exactly the layout `longturtle` gives it: predicates sorted (rdf:type first, as "a"), objects
# sorted with rdflib's own term order, terms written by rdflib's own qname and literal functions (cached), so the
# bytes are those of `serialise(parse_fragments(...))`. Anything outside the shapes the builder writes (blank
# nodes, multi-line or explicitly xsd:string literals, an unbound predicate namespace) goes the rdflib way.

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_TYPE = str(RDF.type)
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_ESCAPE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


class _Fallback(Exception):
    """The input has a shape the fast writer does not reproduce; rdflib writes it."""


class _Terms:
    """rdflib's term labels (as longturtle's get_pname/label compute them), cached, recording the prefixes used."""

    def __init__(self, g: Graph) -> None:
        self.g = g
        self.nm = g.namespace_manager
        self.used: dict[str, str] = {}
        self._iri: dict[tuple[str, bool], str] = {}
        self._typed: dict[tuple[str, str, str | None], str] = {}

    def pname(self, uri: str, predicate: bool) -> str | None:
        try:
            prefix, namespace, local = self.nm.compute_qname(uri, generate=False)
        except Exception:
            if predicate:
                raise _Fallback from None  # rdflib would generate an nsN prefix for it
            pfx = self.g.store.prefix(URIRef(uri))
            if pfx is None:
                return None
            prefix, namespace, local = pfx, URIRef(uri), ""
        local = local.replace("(", r"\(").replace(")", r"\)")
        local = _ESCAPE_PERCENT.sub("\\%", local)
        if local.endswith("."):
            return None
        if prefix.startswith("_") or self.used.get(prefix, str(namespace)) != str(namespace):
            raise _Fallback  # longturtle would rewrite the prefix
        self.used[prefix] = str(namespace)
        return f"{prefix}:{local}"

    def iri(self, uri: str, predicate: bool = False) -> str:
        key = (uri, predicate)
        label = self._iri.get(key)
        if label is None:
            if predicate and uri == _RDF_TYPE:
                label = "a"
            else:
                label = self.pname(uri, predicate) or URIRef(uri).n3()
            self._iri[key] = label
        return label

    def literal(self, value: str, datatype: str, language: str | None) -> str:
        if language is None and datatype == _XSD_STRING:
            if "\n" in value:
                raise _Fallback  # a multi-line literal: longturtle's triple quotes, kept exact by rdflib itself
            return Literal._quote_encode(value)  # type: ignore[arg-type]
        key = (value, datatype, language)
        label = self._typed.get(key)
        if label is None:
            lit = Literal(value, lang=language) if language else Literal(value, datatype=URIRef(datatype))
            if lit.datatype is not None:
                self.iri(str(lit.datatype))  # the datatype's prefix is declared, as longturtle does
            label = lit._literal_n3(use_plain=True, qname_callback=lambda dt: self.pname(str(dt), False))
            self._typed[key] = label
        return label


def _rdflib_term(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _fast(ttl: str, extra_prefixes: dict[str, str], header: list[str]) -> str:
    if "XMLSchema#string" in ttl or "xsd:string" in ttl:
        raise _Fallback
    try:
        parser = ox.parse(ttl, format=ox.RdfFormat.TURTLE)
        triples = set(parser)
    except SyntaxError:
        raise _Fallback from None  # rdflib reports it (or reads what pyoxigraph refuses)
    # the prefixes the document declares are bound first, as rdflib's parser binds them, then the project's
    prefix_lines = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in parser.prefixes.items())
    g = Graph(bind_namespaces="none")
    g.parse(data=prefix_lines, format="turtle")
    for prefix, ns in {**PREFIXES, **extra_prefixes}.items():
        g.bind(prefix, ns, override=True, replace=True)
    terms = _Terms(g)
    subjects: dict[str, dict[str, list]] = {}
    for t in triples:
        s, p, o = t.subject, t.predicate, t.object
        if not isinstance(s, ox.NamedNode) or isinstance(o, ox.BlankNode) or not isinstance(o, (ox.NamedNode, ox.Literal)):
            raise _Fallback
        subjects.setdefault(s.value, {}).setdefault(p.value, []).append(o)
    # every term is labelled before any block is written: the prefixes used are known (and declared) up front
    blocks: dict[int, list[tuple[list, str]]] = {}
    group_classes = [{str(c) for c in classes} for _, classes in GROUPS]
    for s, props in subjects.items():
        token = terms.iri(s)
        order = sorted(props, key=lambda p: (p != _RDF_TYPE, p != _RDFS_LABEL, p))
        parts = []
        for p in order:
            objects = props[p]
            if len(objects) == 1:
                labels = [_label(terms, objects[0])]
            else:
                ranked = sorted(((_rdflib_term(o), o) for o in objects), key=lambda pair: pair[0])
                if any(a[0] == b[0] for a, b in zip(ranked, ranked[1:], strict=False)):
                    raise _Fallback  # two lexical forms of one value: rdflib's graph holds them as one
                labels = [_label(terms, o) for _, o in ranked]
            verb = terms.iri(p, predicate=True)
            if len(labels) == 1:
                parts.append(f"{verb} {labels[0]}")
            else:
                parts.append(verb + "\n        " + " ,\n        ".join(labels))
        types = {o.value for o in props.get(_RDF_TYPE, ()) if isinstance(o, ox.NamedNode)}
        k = next((i for i, classes in enumerate(group_classes) if types & classes), len(GROUPS))
        blocks.setdefault(k, []).append((_natural(token), token + "\n    " + " ;\n    ".join(parts) + " ;\n."))
    out = list(header)
    if terms.used:
        out.append("\n".join(f"PREFIX {p}: <{ns}>" for p, ns in sorted(terms.used.items())))
    for k in sorted(blocks):
        title = GROUPS[k][0] if k < len(GROUPS) else OTHER
        out += ["", f"########## {title}", ""]
        out += [block + "\n" for _, block in sorted(blocks[k], key=lambda kb: kb[0])]
    return "\n".join(out).rstrip("\n") + "\n"


def _label(terms: _Terms, o) -> str:
    if isinstance(o, ox.NamedNode):
        return terms.iri(o.value)
    return terms.literal(o.value, o.datatype.value, o.language)


def write_draft(ttl: str, extra_prefixes: dict[str, str], header: list[str]) -> str:
    """The draft's Turtle: header lines, then the fragments' triples written as `serialise(parse_fragments(...))`
    would write them, byte for byte, at a fraction of the cost."""
    try:
        return _fast(ttl, extra_prefixes, header)
    except _Fallback:
        return serialise(parse_fragments(ttl, extra_prefixes), header)
