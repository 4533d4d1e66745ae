"""`kg query` and `kg queries`."""

from __future__ import annotations

import json
import sys

import click

from kg import EDUCATIONAL_NOTICE
from kg.render import formats

from .options import Seconds, count_range, handle_errors, store_option, write_text


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    from kg.errors import QueryError

    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"malformed --param {pair!r}", "write --param NAME=VALUE")
        if name.strip() in out:
            raise QueryError(f"--param {name.strip()} is given more than once", "give each parameter once")
        out[name.strip()] = value
    return out


@click.command()
@click.argument("query_spec", metavar="QUERY")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a parameter of a named query (repeatable). Values for entity parameters may be a label, "
    "synonym, CURIE or IRI.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(formats("kg.store.base:Rows")),
    default="table",
    show_default=True,
    help="table is for reading; json is the W3C SPARQL 1.1 Query Results JSON format.",
)
@click.option(
    "--timeout",
    default=None,
    type=Seconds(0.0),
    metavar="SECONDS",
    help="Stop the query after SECONDS and exit 1 with an error (0: no limit). Default: 10, as `kg serve`.",
)
@click.option(
    "--max-rows",
    default=None,
    type=count_range(1),
    metavar="N",
    help="Return at most N rows; the output says when it was truncated. Default: no cap.",
)
@store_option
@handle_errors
def query(
    query_spec: str, params: tuple[str, ...], fmt: str, timeout: float | None, max_rows: int | None, store: str | None
) -> None:
    """Run a SPARQL query: QUERY is SPARQL text, a .rq file, or the name of a shipped query.

    Guards as in `kg serve`: updates, SERVICE, LOAD and FROM outside the store are refused, and the
    query runs in a child process stopped at --timeout.

    All project prefixes (kgv:, th:, cond:, ref:, skos:, prov:, cito: ...) are predeclared.
    The default graph is the union of every article's named graph.

    \b
      kg queries                                   # list named queries
      kg query first-line-therapies -p condition="scleroderma-myositis overlap"
      kg query maximum-doses --format csv
      kg query 'SELECT ?d WHERE { ?d a kgv:Drug }'
      kg query my-question.rq --format json
      kg query 'SELECT * WHERE { ?s ?p ?o }' --max-rows 20 --timeout 2
    """
    from kg.config import GRAPH_DIR, store_location
    from kg.errors import QueryError
    from kg.read.names import NameIndex
    from kg.read.queries import bind_params, load_query_text
    from kg.store.guards import DEFAULT_TIMEOUT, Limits, guarded_query

    text, named = load_query_text(query_spec, GRAPH_DIR / "queries")
    raw = _parse_params(params)
    needs_names = named is not None and any(p.kind not in ("string", "integer", "iri") for p in named.params)

    def bind(st):  # runs in the query's child process, next to its own store handle
        return bind_params(named, raw, NameIndex(st) if needs_names else None)

    limits = Limits(timeout=DEFAULT_TIMEOUT if timeout is None else timeout, max_rows=max_rows)
    answer = guarded_query(store_location(store), text, limits, bind)
    if answer.form == "ASK":
        click.echo(
            str(answer.boolean).lower() if fmt != "json" else json.dumps({"head": {}, "boolean": answer.boolean})
        )
        return
    if answer.form in ("CONSTRUCT", "DESCRIBE"):
        from rdflib import Graph

        g = Graph()
        for triple in answer.triples or []:
            g.add(triple)
        sys.stdout.write(g.serialize(format="json-ld" if fmt == "json" else "turtle"))
        _note_truncation(answer.truncated, max_rows, "triples")
        return
    from kg.render import render

    rows = answer.rows
    if fmt == "table" and not rows.rows and named is None and raw:
        raise QueryError("parameters were given but the query is not a named query")
    text = render(rows, fmt)
    write_text(text) if fmt == "table" else sys.stdout.write(text)
    # Query answers can hold doses and recommendations: the table ends with the educational-use notice; the
    # machine formats (W3C JSON, CSV, TSV) have no place for it, so it goes to standard error instead.
    click.echo(EDUCATIONAL_NOTICE, err=fmt != "table")
    if fmt != "table":  # the table states truncation in its last line
        _note_truncation(rows.truncated, max_rows, "rows")


def _note_truncation(truncated: bool, max_rows: int | None, what: str) -> None:
    if truncated:
        click.echo(f"note: output truncated to the first {max_rows} {what} (--max-rows)", err=True)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@handle_errors
def queries(fmt: str) -> None:
    """List the named queries shipped in graph/queries, with their parameters and an example."""
    import json

    from kg.config import GRAPH_DIR
    from kg.read.queries import named_queries

    registry = named_queries(GRAPH_DIR / "queries")
    if fmt == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "name": q.name,
                        "title": q.title,
                        "description": q.description,
                        "params": [{"name": p.name, "kind": p.kind, "description": p.description} for p in q.params],
                        "examples": q.examples,
                    }
                    for q in registry.values()
                ],
                indent=2,
            )
        )
        return
    for q in registry.values():
        params = " ".join(f"--param {p.name}=<{p.kind}>" for p in q.params)
        click.echo(f"{q.name}  {params}".rstrip())
        click.echo(f"    {q.title}")
        for ex in q.examples:
            click.echo(f"    e.g. {ex}")
