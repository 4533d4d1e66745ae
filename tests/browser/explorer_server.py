"""Run the explorer for the browser tests: `python explorer_server.py STORE PORT`.

A real uvicorn server on 127.0.0.1 in its own process. Until `kg serve` hosts the explorer, the
guarded /sparql route here is the endpoint's query path in miniature: kg.guards.guarded_query (text
guard, timeout in a child process, row cap) and the W3C JSON/CSV result formats.
"""

from __future__ import annotations

import json
import sys
import urllib.parse
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route

from kg.config import GRAPH_DIR, sources_dir
from kg.errors import KgError
from kg.explorer import ExplorerConfig, create_explorer
from kg.guards import Limits, QueryRefused, QueryTimeout, guarded_query
from kg.results_format import term_json, to_csv
from kg.store import open_store


def make_app(location: str) -> Starlette:
    config = ExplorerConfig(queries_dir=GRAPH_DIR / "queries", sources_dir=sources_dir(), timeout=10, max_rows=1000)

    async def sparql(request: Request) -> Response:
        if request.method != "POST":
            return PlainTextResponse("POST a query\n", status_code=405)
        form = urllib.parse.parse_qs((await request.body()).decode("utf-8"))
        if "query" not in form:
            return PlainTextResponse("missing 'query' parameter\n", status_code=400)
        try:
            answer = guarded_query(location, form["query"][0], Limits(timeout=config.timeout, max_rows=config.max_rows))
        except QueryRefused as e:
            return PlainTextResponse(f"refused: {e}\n", status_code=403)
        except QueryTimeout as e:
            return PlainTextResponse(f"{e}\n", status_code=503)
        except KgError as e:
            return PlainTextResponse(f"{e}\n", status_code=400)
        if answer.form != "SELECT":
            return PlainTextResponse("only SELECT in this test server\n", status_code=406)
        if "text/csv" in request.headers.get("accept", ""):
            return Response(to_csv(answer.rows), media_type="text/csv")
        rows = answer.rows
        doc = {"head": {"vars": rows.vars},
               "results": {"bindings": [{v: term_json(t) for v, t in zip(rows.vars, r, strict=True) if t is not None}
                                        for r in rows.rows]}}
        return Response(json.dumps(doc), media_type="application/sparql-results+json")

    explorer = create_explorer(open_store(location), config)
    return Starlette(routes=[Route("/sparql", sparql, methods=["GET", "POST"]), Mount("/", app=explorer)])


if __name__ == "__main__":
    store, port = sys.argv[1], int(sys.argv[2])
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    uvicorn.run(make_app(store), host="127.0.0.1", port=port, log_level="warning")
