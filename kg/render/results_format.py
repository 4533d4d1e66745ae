"""Render SELECT results: a readable table, W3C SPARQL 1.1 Results JSON, CSV and TSV."""

from __future__ import annotations

import csv
import io
import json

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ..store.base import Rows
from ..vocab.curie import shorten


def term_json(term: Node) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def to_json(rows: Rows) -> str:
    """The W3C SPARQL 1.1 Query Results JSON Format."""
    doc = {
        "head": {"vars": rows.vars},
        "results": {
            "bindings": [{v: term_json(t) for v, t in zip(rows.vars, row, strict=True) if t is not None} for row in rows.rows]
        },
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)


def to_csv(rows: Rows, delimiter: str = ",") -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    writer.writerow(rows.vars)
    for row in rows.rows:
        writer.writerow(["" if t is None else str(t) for t in row])
    return buf.getvalue()


def to_tsv(rows: Rows) -> str:
    """SPARQL 1.1 TSV: header with ?vars, terms in N-Triples syntax."""
    lines = ["\t".join(f"?{v}" for v in rows.vars)]
    for row in rows.rows:
        lines.append("\t".join("" if t is None else t.n3() for t in row))
    return "\n".join(lines) + "\n"


def to_table(rows: Rows, max_width: int = 60) -> str:
    if not rows.vars:
        return "(no columns)\n"
    cells = [[_clip(shorten(t), max_width) for t in row] for row in rows.rows]
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(rows.vars)]
    line = "  ".join(v.ljust(w) for v, w in zip(rows.vars, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    out.append(f"({len(rows.rows)} row{'s' if len(rows.rows) != 1 else ''}{', truncated' if rows.truncated else ''})")
    return "\n".join(out) + "\n"


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def json_text(rows: Rows) -> str:
    """SPARQL 1.1 Query Results JSON with one trailing newline, as `kg query` writes it."""
    return to_json(rows) + "\n"
