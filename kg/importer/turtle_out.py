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

from rdflib import RDF, Graph, URIRef

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
