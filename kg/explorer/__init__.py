"""The browser explorer: patient path, evidence, comparison, search, SPARQL editor and graphs.

A read-only Starlette app of server-rendered Jinja2 pages with plain CSS and a little plain JS, all
shipped as package data (templates/, static/): nothing is fetched from a CDN, so it works offline.
Every number on a page comes from the same library call as the CLI's JSON (kg.paths.treatment_path,
kg.evidence.trace_back / trace_forward / impact, kg.compare.compare); the templates only lay it out.

`kg serve` mounts it at "/" after its /sparql routes:

    from kg.explorer import ExplorerConfig, create_explorer
    app = create_explorer(store, ExplorerConfig(queries_dir=GRAPH_DIR / "queries"))

The SPARQL page runs queries in the browser by POSTing to `config.sparql_path` (the endpoint with all
its guards); the explorer itself never runs user-written SPARQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from starlette.applications import Starlette

from ..store import Store


@dataclass
class ExplorerConfig:
    """How the explorer is set up.

    queries_dir: the named queries offered on the SPARQL page (graph/queries); None offers none.
    sources_dir: article files, to show each statement's own text (checksum-confirmed); None or a
        missing directory shows evidence without the text.
    sparql_path: where the SPARQL page sends queries (the guarded endpoint, POST form-encoded).
    timeout, max_rows: the endpoint's limits, shown on the SPARQL page so users know them.
    """

    queries_dir: Path | None = None
    sources_dir: Path | None = None
    sparql_path: str = "/sparql"
    timeout: float = 10.0
    max_rows: int = 10_000


def create_explorer(store: Store, config: ExplorerConfig | None = None) -> Starlette:
    """The explorer app over an open (read-only) store."""
    from .app import build_app

    return build_app(store, config or ExplorerConfig())


__all__ = ["ExplorerConfig", "create_explorer"]
