"""Named SPARQL queries shipped in graph/queries/, and running any query with bound parameters.

A named query is a .rq file whose leading comment lines declare metadata:

    # title: First-line therapies for a condition
    # description: What each article recommends to start with ...
    # param: condition condition   (name, kind; kind says how the value is resolved)
    # example: kg query first-line-therapies --param condition="scleroderma-myositis overlap"

Parameters are bound through the store's parameter binding (initBindings / substitutions), never
spliced into the query text. Kinds: an entity kind from kg.read.names (value resolved by name to an IRI),
`iri`, `string`, `integer`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from ..errors import QueryError, excerpt
from ..store.sparql_text import MAX_QUERY_CHARS, QueryTooComplex
from .names import KIND_CLASSES, NameIndex, expand_curie

MAX_QUERY_BYTES = 4 * MAX_QUERY_CHARS  # UTF-8 takes at most 4 bytes a character

_META = re.compile(r"^#\s*(?P<key>title|description|param|example):\s*(?P<value>.*)$")
LITERAL_KINDS = ("string", "integer", "iri")


@dataclass
class Param:
    name: str
    kind: str
    description: str = ""


@dataclass
class NamedQuery:
    name: str
    path: Path
    title: str = ""
    description: str = ""
    params: list[Param] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


def parse_named_query(path: Path) -> NamedQuery:
    q = NamedQuery(name=path.stem, path=path)
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _META.match(line.strip())
        if not m:
            if line.strip() and not line.startswith("#"):
                break
            continue
        key, value = m.group("key"), m.group("value").strip()
        if key == "param":
            parts = value.split(None, 2)
            if len(parts) < 2 or (parts[1] not in KIND_CLASSES and parts[1] not in LITERAL_KINDS):
                raise QueryError(
                    f"{path.name}: malformed '# param:' line {value!r}: expected 'NAME KIND [description]'"
                )
            q.params.append(Param(parts[0], parts[1], parts[2] if len(parts) > 2 else ""))
        elif key == "example":
            q.examples.append(value)
        else:
            setattr(q, key, value)
    return q


def named_queries(queries_dir: Path) -> dict[str, NamedQuery]:
    return {p.stem: parse_named_query(p) for p in sorted(queries_dir.glob("*.rq"))}


def load_query_text(spec: str, queries_dir: Path) -> tuple[str, NamedQuery | None]:
    """A query given as a named query, a path to a .rq file, or SPARQL text."""
    registry = named_queries(queries_dir)
    if spec in registry:
        return registry[spec].text, registry[spec]
    if spec.endswith((".rq", ".sparql")):
        path = Path(spec)
        if path.exists() and not path.is_file():  # a device (/dev/zero), a FIFO, a directory
            raise QueryError(f"{excerpt(spec)} is not a regular file", "give a .rq file of SPARQL text")
        if not path.is_file():
            raise QueryError(f"query file not found: {excerpt(spec)}")
        try:
            with open(path, "rb") as fh:  # bounded read: the guard refuses more anyway, so never load more
                data = fh.read(MAX_QUERY_BYTES + 1)
            if len(data) > MAX_QUERY_BYTES:
                raise QueryTooComplex(f"query file {excerpt(spec)} is larger than {MAX_QUERY_BYTES:,} bytes; "
                                      f"it was not read (the limit is {MAX_QUERY_CHARS:,} characters)")
            return data.decode("utf-8"), None
        except UnicodeDecodeError as e:
            raise QueryError(f"{spec} is not valid UTF-8 (byte 0x{e.object[e.start]:02x} at offset {e.start})",
                             "save the query file as UTF-8") from None
        except OSError as e:
            raise QueryError(f"cannot read {spec}: {e.strerror or e}") from None
    if re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", spec, re.IGNORECASE):
        return spec, None
    close = [n for n in registry if spec.lower() in n or n in spec.lower()]
    raise QueryError(
        f"unknown query {excerpt(spec)}: not a named query, a .rq file or SPARQL text",
        "named queries: " + ", ".join(close or registry),
    )


def bind_params(query: NamedQuery | None, raw: dict[str, str], names: NameIndex | None) -> dict[str, Node]:
    """Turn --param name=value pairs into typed terms; unknown or missing parameters are errors."""
    if query is None:
        if raw:
            return {k: _literal_or_iri(v) for k, v in raw.items()}
        return {}
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(raw) - set(declared))
    if unknown:
        raise QueryError(
            f"unknown parameter {unknown[0]!r} for query {query.name!r}",
            "accepted: " + (", ".join(declared) or "none"),
        )
    missing = [p.name for p in query.params if p.name not in raw]
    if missing:
        raise QueryError(f"query {query.name!r} needs --param {missing[0]}=VALUE", _param_help(declared[missing[0]]))
    bound: dict[str, Node] = {}
    for name, value in raw.items():
        p = declared[name]
        if p.kind == "string":
            bound[name] = Literal(value)
        elif p.kind == "integer":
            if not re.fullmatch(r"-?\d+", value.strip()):
                raise QueryError(f"parameter {name!r} must be an integer, got {value!r}")
            bound[name] = Literal(int(value), datatype=XSD.integer)
        elif p.kind == "iri":
            iri = expand_curie(value)
            if not iri:
                raise QueryError(f"parameter {name!r} must be an IRI or CURIE, got {value!r}")
            bound[name] = URIRef(iri)
        else:
            assert names is not None
            bound[name] = names.resolve(value, p.kind)
    return bound


def _param_help(p: Param) -> str:
    return f"{p.name}: a {p.kind}" + (f" — {p.description}" if p.description else "")


def _literal_or_iri(value: str) -> Node:
    iri = expand_curie(value)
    return URIRef(iri) if iri else Literal(value)
