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

from .base import Store
from .memory import RDFLIB_SCHEME, _rdflib_copy
from .oxigraph import OxigraphStore

# Engines opened by URL scheme, named "module:Class" and imported only when a location asks for one (as
# rdflib's plugin registry names its stores), so the remote engine's HTTP code loads
# only when a location asks for it. The class is called as Class(location, timeout=…).
ENGINES: dict[str, str] = {"http://": "kg.store.remote:RemoteStore", "https://": "kg.store.remote:RemoteStore"}


def is_remote(location: str) -> bool:
    return location.startswith(tuple(ENGINES))


def _engine(location: str) -> type:
    scheme = next(s for s in ENGINES if location.startswith(s))
    module, _, name = ENGINES[scheme].partition(":")
    return getattr(importlib.import_module(module), name)


def open_store(location: str, timeout: float | None = None) -> Store:
    """Open the store at a path (embedded Oxigraph, read-only) or a SPARQL endpoint URL.

    `timeout` (seconds) bounds each request to a remote store, and is sent to engines that take a
    per-query limit so that the server stops too (the embedded store is stopped by `kg.store.guards`)."""
    if is_remote(location):
        return _engine(location)(location, timeout=timeout or 60.0)
    if location.startswith(RDFLIB_SCHEME):
        return _rdflib_copy(location[len(RDFLIB_SCHEME):])
    return OxigraphStore.open_read_only(location)
