"""`kg serve`."""

from __future__ import annotations

import click

from .options import handle_errors, store_option


@click.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind. Anything but 127.0.0.1 exposes the endpoint to other machines.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535), help="0 picks a free port.")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds a query may run before it is stopped and answered with an error (503).")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(min=1),
              help="Result cap; a capped answer says so in the X-KG-Truncated header (and in JSON).")
@click.option("--cors", "cors_origin", default=None, metavar="ORIGIN",
              help="Allow browser pages from ORIGIN (e.g. http://localhost:3000) to query. Default: no CORS.")
@handle_errors
def serve(store: str | None, host: str, port: int, timeout: float, max_rows: int, cors_origin: str | None) -> None:
    """Serve a read-only SPARQL 1.1 endpoint over the store.

    GET or POST queries to /sparql; results as JSON, XML, CSV or TSV by Accept header (or
    ?format=json|xml|csv|tsv); CONSTRUCT as Turtle, N-Triples or JSON-LD. Open / in a browser for a
    query page listing the named queries. Updates, Graph Store writes, SERVICE, LOAD and FROM outside
    the store are refused with 403.

    \b
      kg serve
      kg serve --port 8080 --timeout 5 --max-rows 1000
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT ?d WHERE { ?d a kgv:Drug }' \\
           http://127.0.0.1:7878/sparql
    """
    from kg.config import GRAPH_DIR, store_location
    from kg.serve import ServerConfig, make_server
    from kg.store import is_remote, open_store

    location = store_location(store)
    if not is_remote(location):
        open_store(location).close()  # fail now, with the usual message, if there is no built store
    config = ServerConfig(location, timeout=timeout, max_rows=max_rows, cors_origin=cors_origin,
                          queries_dir=GRAPH_DIR / "queries")
    server = make_server(config, host, port)
    bound_host, bound_port = server.server_address[:2]
    click.echo(f"serving {location} at http://{bound_host}:{bound_port}/sparql (read-only; Ctrl-C stops)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
