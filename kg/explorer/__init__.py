"""The browser explorer: patient path, evidence, comparison, search, SPARQL editor and graphs.

A read-only Starlette app of server-rendered Jinja2 pages with plain CSS and a little plain JS, all
shipped as package data (templates/, static/): nothing is fetched from a CDN, so it works offline.
Every number on a page comes from the same library call as the CLI's JSON (kg.questions.paths.treatment_path,
kg.questions.evidence.trace_back / trace_forward / impact, kg.questions.compare.compare); the templates only lay it out.

`kg serve` mounts it at "/" after its /sparql routes:

    from kg.explorer import ExplorerConfig, create_explorer
    app = create_explorer(store, ExplorerConfig(queries_dir=GRAPH_DIR / "queries"))

The SPARQL page runs queries in the browser by POSTing to `config.sparql_path` (the endpoint with all
its guards); the explorer itself never runs user-written SPARQL.
"""

from __future__ import annotations

from starlette.applications import Starlette

from ..store.base import Store
from .config import ExplorerConfig


def create_explorer(store: Store, config: ExplorerConfig | None = None) -> Starlette:
    """The explorer app over an open (read-only) store."""
    from .routes import build_app

    return build_app(store, config or ExplorerConfig())


__all__ = ["ExplorerConfig", "create_explorer"]
