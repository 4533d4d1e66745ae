"""How the explorer is set up (its own module so the routes and the package entry point share it without a cycle)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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
