"""rdflib's in-memory store: the baseline in benchmarks, small fixtures, and `rdflib:PATH` (a built
store queried by rdflib's engine).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from rdflib import URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from ..errors import QueryError
from ..vocab.namespaces import sparql_prologue
from .base import RDFLIB_SCHEME, Quad, Rows, _capped, _first_line, with_prefixes
from .oxigraph import OxigraphStore
from .result_norm import normalise_rows


class MemoryStore:
    """rdflib's in-memory Dataset: the baseline in benchmarks and a store for small fixtures."""

    def __init__(self, quads: Iterable[Quad] = ()) -> None:
        from rdflib import Dataset

        self.location = ":rdflib-memory:"
        self._ds = Dataset(default_union=True)
        for s, p, o, g in quads:
            self._ds.graph(g).add((s, p, o)) if g is not None else self._ds.add((s, p, o))

    def _run(self, query: str, bindings: Mapping[str, Node] | None):
        from pyparsing import ParseException

        try:
            return self._ds.query(with_prefixes(query), initBindings=dict(bindings or {}))
        except ParseException as e:
            line = e.lineno - sparql_prologue().count("\n")
            raise QueryError(f"SPARQL syntax error: line {line}, column {e.col}: {e.msg}") from e
        except Exception as e:  # rdflib's own evaluation errors (e.g. NotBoundError in an aggregate)
            raise QueryError(f"query failed on rdflib: {type(e).__name__}: {_first_line(e)}") from e

    def select(self, query: str, bindings: Mapping[str, Node] | None = None, *, max_rows: int | None = None) -> Rows:
        result = self._run(query, bindings)
        names = [str(v) for v in result.vars]
        try:
            rows, truncated = _capped((tuple(row) for row in result), max_rows)
        except Exception as e:  # rdflib evaluates lazily and raises its own errors (e.g. NotBoundError)
            raise QueryError(f"query failed on rdflib: {type(e).__name__}: {_first_line(e)}") from e
        return Rows(names, normalise_rows(query, names, rows), truncated)

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        return bool(self._run(query, bindings).askAnswer)

    def construct(
        self, query: str, bindings: Mapping[str, Node] | None = None, *, max_rows: int | None = None
    ) -> list[tuple[Node, Node, Node]]:
        return _capped(iter(self._run(query, bindings)), max_rows)[0]

    def named_graphs(self) -> list[URIRef]:
        return sorted(
            c.identifier
            for c in self._ds.contexts()
            if isinstance(c.identifier, URIRef) and c.identifier != DATASET_DEFAULT_GRAPH_ID
        )

    def quads(self) -> Iterator[Quad]:
        for s, p, o, g in self._ds.quads((None, None, None, None)):
            yield s, p, o, (g.identifier if hasattr(g, "identifier") else g)

    def close(self) -> None:
        pass


_RDFLIB_COPIES: dict[tuple[str, str], MemoryStore] = {}


def _rdflib_copy(root: str) -> MemoryStore:
    """rdflib's engine over a copy of a built store: the same commands on a second SPARQL engine.

    The copy is kept per build (the `current` target), so the many queries of one command, and the
    query processes forked from this one, load it once."""
    embedded = OxigraphStore.open_read_only(root)
    key = (str(Path(root).resolve()), str((Path(root) / "current").resolve()))
    try:
        if key not in _RDFLIB_COPIES:
            _RDFLIB_COPIES.clear()
            _RDFLIB_COPIES[key] = MemoryStore(embedded.quads())
        copy = _RDFLIB_COPIES[key]
    finally:
        embedded.close()
    copy.location = RDFLIB_SCHEME + root
    return copy
