"""Stores behind one interface, the way rdflib puts stores behind one Graph API.

Every question the library asks goes through `Store.select` / `ask` / `construct` with values bound as
parameters, so the same code runs on the embedded Oxigraph store (default), on rdflib's in-memory
store (the benchmark baseline and small fixtures) and on a remote SPARQL endpoint.

The default graph is the union of all named graphs (one per article, plus the shared and derived
graphs), so queries need no GRAPH clauses.

Terms crossing this boundary are rdflib terms (URIRef, Literal, BNode).

Engines: `oxigraph` (embedded, the default), `memory` (rdflib) and `remote` (any SPARQL 1.1 endpoint);
`base` holds the interface they share. This module only opens one by location.
"""

from __future__ import annotations

import importlib

from .base import RDFLIB_SCHEME, Store

# Engines are named "module:Class" and imported only when a location asks for one (as rdflib's plugin
# registry names its stores): importing `kg.store` (which every `kg.store.*` import does) loads no engine,
# so a command loads the embedded engine only when it opens a store, rdflib's in-memory engine only for
# `rdflib:PATH`, and the remote engine's HTTP code only for a URL.
ENGINES: dict[str, str] = {"http://": "kg.store.remote:RemoteStore", "https://": "kg.store.remote:RemoteStore"}
# `rdflib:PATH` (rdflib's engine over a built store) and a plain path (the embedded Oxigraph store).
MEMORY_ENGINE = "kg.store.memory:_rdflib_copy"
EMBEDDED_ENGINE = "kg.store.oxigraph:OxigraphStore"


def is_remote(location: str) -> bool:
    return location.startswith(tuple(ENGINES))


def _load(spec: str):
    """The object a "module:name" spec names, importing its module now."""
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def _engine(location: str) -> type:
    scheme = next(s for s in ENGINES if location.startswith(s))
    return _load(ENGINES[scheme])


def open_store(location: str, timeout: float | None = None) -> Store:
    """Open the store at a path (embedded Oxigraph, read-only) or a SPARQL endpoint URL.

    `timeout` (seconds) bounds each request to a remote store, and is sent to engines that take a
    per-query limit so that the server stops too (the embedded store is stopped by `kg.store.guards`)."""
    if is_remote(location):
        return _engine(location)(location, timeout=timeout or 60.0)
    if location.startswith(RDFLIB_SCHEME):
        return _load(MEMORY_ENGINE)(location[len(RDFLIB_SCHEME):])
    return _load(EMBEDDED_ENGINE).open_read_only(location)
