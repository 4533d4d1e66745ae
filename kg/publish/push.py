"""Publish the curated graph: compile the sources once, then write them to a sink.

`kg build` writes an embedded store (`kg.publish.build.build`: StoreWriter, atomic `current` swap); `kg build
--store URL` pushes to a SPARQL endpoint (`push`, here). `push` lives here rather than in `kg.store.remote` so the
remote engine, part of the store layer, never imports the build (docs/architecture.md, "Layers").
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from rdflib import URIRef

from ..errors import InputError
from ..store.remote import LOAD_ENV, STAGING_PREFIX, TXN_LIMIT, RemoteStore, is_project_graph, term_sparql
from .build import BuildReport, Progress, compile_sources


def _load_transaction(remote: RemoteStore, graphs: dict[URIRef, bytes], stale: list[URIRef]) -> None:
    """One update request: drop and refill every graph. Engines apply a request as one transaction."""
    ops = []
    for name in sorted(graphs):
        ops.append(f"DROP SILENT GRAPH {term_sparql(name)}")
        if graphs[name].strip():
            ops.append(f"INSERT DATA {{ GRAPH {term_sparql(name)} {{\n{graphs[name].decode('utf-8')}\n}} }}")
    ops += [f"DROP SILENT GRAPH {term_sparql(g)}" for g in stale]
    remote._update(" ;\n".join(ops), timeout=max(remote.timeout or 0, 600))


def _load_staging(remote: RemoteStore, graphs: dict[URIRef, bytes], stale: list[URIRef],
                  progress: Progress | None) -> None:
    """Upload each graph into a staging graph, then swap them all in with one update request (MOVE)."""
    token = f"{time.time_ns()}"
    staging = {name: URIRef(f"{STAGING_PREFIX}{token}-{i}") for i, name in enumerate(sorted(graphs))}
    try:
        for name in sorted(graphs):
            if progress:
                progress(f"uploading graph {name} into staging")
            remote.put_graph(staging[name], graphs[name])
        ops = [f"MOVE SILENT {term_sparql(staging[n])} TO {term_sparql(n)}" for n in sorted(graphs)]
        ops += [f"DROP SILENT GRAPH {term_sparql(g)}" for g in stale]
        remote._update(" ;\n".join(ops), timeout=max(remote.timeout or 0, 600))
    except BaseException:
        for graph in staging.values():
            try:
                remote.drop_graph(graph)
            except Exception:  # noqa: BLE001 - the original failure is the one to report
                pass
        raise


def push(graph_dir: Path, url: str, progress: Progress | None = None, *, load: str | None = None) -> BuildReport:
    """Compile and validate the sources like `kg build`, then replace this project's graphs on the endpoint.

    Atomic for readers: with `load="transaction"` (the default up to TXN_LIMIT bytes) all graphs are
    dropped and refilled by one update request; with `load="staging"` each graph is uploaded into a
    staging graph and one update request MOVEs them all into place. Either way the switch from the old
    graphs to the new is one request, which Oxigraph, Jena TDB2 and Virtuoso apply as one transaction;
    a push that fails or is interrupted leaves the previous graphs as they were (staging graphs are
    removed, and any a killed push left behind are removed by the next one).

    Graphs of this project that the endpoint holds but the sources no longer produce are dropped;
    graphs of anyone else on the same endpoint are left alone.
    """
    sources = compile_sources(graph_dir, progress)
    remote = RemoteStore(url, check=False)
    graphs = {name: sources.graphs[name].serialize(format="nt", encoding="utf-8") for name in sorted(sources.graphs)}
    present = remote.all_graphs()
    leftovers = [g for g in present if str(g).startswith(STAGING_PREFIX)]
    stale = [g for g in present if is_project_graph(g) and g not in graphs] + leftovers
    size = sum(len(v) for v in graphs.values())
    # Virtuoso compiles INSERT DATA slowly (18 s for the curated 4k triples) but loads GSP uploads at once.
    small = size <= TXN_LIMIT and remote.engine() != "virtuoso"
    mode = load or os.environ.get(LOAD_ENV) or ("transaction" if small else "staging")
    if mode not in ("transaction", "staging"):
        raise InputError(f"unknown load mode {mode!r} in ${LOAD_ENV}", "use transaction or staging")
    if progress:
        progress(f"loading {len(graphs)} graphs ({size} bytes of N-Triples) into {url} ({mode})")
    if mode == "transaction":
        _load_transaction(remote, graphs, stale)
    else:
        _load_staging(remote, graphs, stale, progress)
    RemoteStore(url).check_union_default()
    return BuildReport(
        location=url,
        triples=sum(len(g) for g in sources.graphs.values()),
        graphs=[str(n) for n in sorted(sources.graphs)],
        findings=sources.findings,
    )
