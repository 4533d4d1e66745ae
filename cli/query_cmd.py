"""`kg query` and `kg queries`."""

from __future__ import annotations

import sys

import click

from .options import handle_errors, open_store, store_option


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    from kg.errors import QueryError

    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"malformed --param {pair!r}", "write --param NAME=VALUE")
        out[name.strip()] = value
    return out


@click.command()
@click.argument("query_spec", metavar="QUERY")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a parameter of a named query (repeatable). Values for entity parameters may be a label, "
              "synonym, CURIE or IRI.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "tsv"]), default="table", show_default=True,
              help="table is for reading; json is the W3C SPARQL 1.1 Query Results JSON format.")
@store_option
@handle_errors
def query(query_spec: str, params: tuple[str, ...], fmt: str, store: str | None) -> None:
    """Run a SPARQL query: QUERY is SPARQL text, a .rq file, or the name of a shipped query.

    All project prefixes (kgv:, th:, cond:, ref:, skos:, prov:, cito: ...) are predeclared.
    The default graph is the union of every article's named graph.

    \b
      kg queries                                   # list named queries
      kg query first-line-therapies -p condition="scleroderma-myositis overlap"
      kg query maximum-doses --format csv
      kg query 'SELECT ?d WHERE { ?d a kgv:Drug }'
      kg query my-question.rq --format json
    """
    from kg.config import GRAPH_DIR
    from kg.errors import QueryError
    from kg.names import NameIndex
    from kg.queries import bind_params, load_query_text, query_form
    from kg.results_format import render

    text, named = load_query_text(query_spec, GRAPH_DIR / "queries")
    raw = _parse_params(params)
    st = open_store(store)
    needs_names = named is not None and any(p.kind not in ("string", "integer", "iri") for p in named.params)
    bindings = bind_params(named, raw, NameIndex(st) if needs_names else None)
    form = query_form(text)
    if form == "ASK":
        answer = st.ask(text, bindings)
        click.echo(str(answer).lower() if fmt != "json" else '{"head": {}, "boolean": %s}' % str(answer).lower())
        return
    if form in ("CONSTRUCT", "DESCRIBE"):
        from rdflib import Graph

        g = Graph()
        for triple in st.construct(text, bindings):
            g.add(triple)
        sys.stdout.write(g.serialize(format="json-ld" if fmt == "json" else "turtle"))
        return
    rows = st.select(text, bindings)
    if fmt == "table" and not rows.rows and named is None and raw:
        raise QueryError("parameters were given but the query is not a named query")
    sys.stdout.write(render(rows, fmt))


@click.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@handle_errors
def queries(fmt: str) -> None:
    """List the named queries shipped in graph/queries, with their parameters and an example."""
    import json

    from kg.config import GRAPH_DIR
    from kg.queries import named_queries

    registry = named_queries(GRAPH_DIR / "queries")
    if fmt == "json":
        click.echo(json.dumps([
            {"name": q.name, "title": q.title, "description": q.description,
             "params": [{"name": p.name, "kind": p.kind, "description": p.description} for p in q.params],
             "examples": q.examples} for q in registry.values()], indent=2))
        return
    for q in registry.values():
        params = " ".join(f"--param {p.name}=<{p.kind}>" for p in q.params)
        click.echo(f"{q.name}  {params}".rstrip())
        click.echo(f"    {q.title}")
        for ex in q.examples:
            click.echo(f"    e.g. {ex}")
