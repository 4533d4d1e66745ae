"""Settings of `kg serve`, shared by the endpoint, the guards in front of it and the explorer."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..store.guards import DEFAULT_TIMEOUT

MAX_BODY = 1 << 20  # bytes of request body read at most (a query larger than this is refused with 413)


def default_workers() -> int:
    """One worker per core: queries are CPU-bound, and more workers than cores only add switching."""
    return max(2, os.cpu_count() or 2)


@dataclass
class ServerConfig:
    """What the server serves and its limits.

    location: the store (a directory, or a SPARQL endpoint URL).
    timeout: seconds a query may run before its worker is killed (503).
    max_rows: result cap; a capped answer says so in X-KG-Truncated (and, for JSON, "truncated").
    cors_origin: a browser origin allowed to query cross-site; None sends no CORS header.
    allowed_hosts: Host header values accepted besides the bound address and loopback names
        ("*" accepts any: only for a deliberate public bind).
    workers: query worker processes, each with the store open.
    fast_workers: extra workers that answer only query texts known to be cheap (kg.server.pool), so a
        cheap query never waits behind slow ones.
    """

    location: str
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = 10_000
    cors_origin: str | None = None
    queries_dir: Path | None = None
    sources_dir: Path | None = None
    workers: int = field(default_factory=default_workers)
    fast_workers: int = 1
    allowed_hosts: tuple[str, ...] = ()
    max_body: int = MAX_BODY
