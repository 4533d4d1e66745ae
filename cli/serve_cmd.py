"""`kg serve`."""

from __future__ import annotations

import click

from .options import Seconds, count_range, handle_errors, store_option


@click.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind. Anything but a loopback address exposes the store to other machines "
                   "(a warning is printed).")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535), help="0 picks a free port.")
@click.option("--timeout", default=10.0, show_default=True, type=Seconds(0.1),
              help="Seconds a query may run; then its worker process is killed and the answer is 503.")
@click.option("--max-rows", default=10_000, show_default=True, type=count_range(1),
              help="Result cap; a capped answer says so in the X-KG-Truncated header (and in JSON).")
@click.option("--workers", default=None, type=click.IntRange(1, 64),
              help="Query worker processes, each keeping the store open. Default: one per core, at least 2.")
@click.option("--cors", "cors_origin", default=None, metavar="ORIGIN",
              help="Allow browser pages from ORIGIN (e.g. http://localhost:3000) to query. Default: no CORS.")
@click.option("--allow-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="Also accept requests whose Host header is NAME (repeatable). Loopback names and the bound "
                   "address are always accepted; others are refused (DNS-rebinding protection).")
@handle_errors
def serve(store: str | None, host: str, port: int, timeout: float, max_rows: int, workers: int | None,
          cors_origin: str | None, allowed_hosts: tuple[str, ...]) -> None:
    """Serve a read-only SPARQL 1.1 endpoint (/sparql) and the explorer (/) over the store.

    GET or POST queries to /sparql (SPARQL 1.1 Protocol). SELECT/ASK results as JSON, XML, CSV or TSV;
    CONSTRUCT/DESCRIBE as Turtle, N-Triples, RDF/XML, JSON-LD or N3; chosen by the Accept header, or
    by format= (json, xml, csv, tsv, turtle, nt, rdfxml, jsonld, n3), which wins over Accept.
    default-graph-uri / named-graph-uri may name graphs of the store. Updates, Graph Store writes,
    SERVICE, LOAD and FROM outside the store are refused with 403; cross-site browser requests too.

    \b
      kg serve
      kg serve --port 8080 --timeout 5 --max-rows 1000 --workers 4
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT ?d WHERE { ?d a kgv:Drug }' \\
           http://127.0.0.1:7878/sparql
    """
    from kg.config import GRAPH_DIR, sources_dir, store_location
    from kg.server.config import ServerConfig, default_workers
    from kg.server.run import exposure_warning
    from kg.server.run import serve as run_server
    from kg.store import is_remote, open_store

    location = store_location(store)
    if not is_remote(location):
        open_store(location).close()  # fail now, with the usual message, if there is no built store
    config = ServerConfig(location, timeout=timeout, max_rows=max_rows, cors_origin=cors_origin,
                          queries_dir=GRAPH_DIR / "queries", sources_dir=sources_dir(),
                          workers=workers or default_workers(), allowed_hosts=allowed_hosts)
    warning = exposure_warning(host)
    if warning:
        click.echo(warning, err=True)

    def announce(url: str) -> None:
        click.echo(f"serving {location} at {url}/sparql (read-only; {config.workers} workers; Ctrl-C stops)",
                   err=True)

    run_server(config, host, port, announce)
