"""The store interface every engine implements: Rows, the Store protocol and the helpers engines share.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from typing import Protocol

from rdflib import URIRef
from rdflib.term import Node

from ..vocab.namespaces import sparql_prologue

RDFLIB_SCHEME = "rdflib:"  # `rdflib:PATH`: the store built at PATH, queried by rdflib's in-memory engine

Quad = tuple[Node, Node, Node, Node]


@dataclass
class Rows:
    """A SELECT result: variable names and rows of terms (None where unbound)."""

    vars: list[str]
    rows: list[tuple[Node | None, ...]]
    truncated: bool = False

    def dicts(self) -> list[dict[str, Node | None]]:
        return [dict(zip(self.vars, row, strict=True)) for row in self.rows]

    def __len__(self) -> int:
        return len(self.rows)


class Store(Protocol):
    location: str

    def select(
        self, query: str, bindings: Mapping[str, Node] | None = None, *, max_rows: int | None = None
    ) -> Rows: ...

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool: ...

    def construct(
        self, query: str, bindings: Mapping[str, Node] | None = None, *, max_rows: int | None = None
    ) -> list[tuple[Node, Node, Node]]: ...

    def quads(self) -> Iterator[Quad]: ...

    def named_graphs(self) -> list[URIRef]: ...

    def close(self) -> None: ...


def _capped(items: Iterable, max_rows: int | None) -> tuple[list, bool]:
    """Read at most max_rows items (all when None) and say whether more were left."""
    if max_rows is None:
        return list(items), False
    out = list(islice(items, max_rows + 1))
    return out[:max_rows], len(out) > max_rows


def with_prefixes(query: str) -> str:
    """Prepend the project prefixes so named queries and users can use CURIEs freely."""
    return sparql_prologue() + query


def _first_line(e: Exception) -> str:
    return str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
