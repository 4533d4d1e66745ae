"""The explorer's routes: one URL per page handler of pages.py and graphs.py (which build on app.py)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import KgError
from ..store.base import Store
from . import graphs, pages
from .app import HERE, Explorer, Unavailable, _headers, _unavailable
from .config import ExplorerConfig


def build_app(store: Store, config: ExplorerConfig) -> Starlette:
    ex = Explorer(store, config)

    def bind(handler):
        def endpoint(request: Request) -> Response:
            return handler(ex, request)
        return endpoint

    routes = [
        Route("/", bind(pages.path_page), name="path"),
        Route("/evidence", bind(pages.evidence_page), name="evidence"),
        Route("/compare", bind(pages.compare_page), name="compare"),
        Route("/search", bind(pages.search_page), name="search"),
        Route("/query", bind(pages.sparql_page), name="sparql"),
        Route("/query/named", bind(pages.named_query), name="named-query"),
        Route("/graph", bind(graphs.graph_page), name="graph"),
        Route("/graph/view.html", bind(graphs.graph_view), name="graph-view"),
        Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={404: _not_found, Unavailable: _unavailable_page,
                                                       KgError: _store_error})
    app.state.explorer = ex
    return app


async def _not_found(request: Request, exc: Exception) -> Response:
    return PlainTextResponse("not found\n", status_code=404, headers=_headers())


async def _unavailable_page(request: Request, exc: Exception) -> Response:
    return PlainTextResponse(f"the store did not answer in time: {exc}\n", status_code=503, headers=_headers())


async def _store_error(request: Request, exc: Exception) -> Response:
    """A KgError no page handled (e.g. the form's choices timing out): 503 when the store was unavailable."""
    if _unavailable(exc):
        return await _unavailable_page(request, exc)
    return PlainTextResponse(f"the store could not answer: {exc}\n", status_code=500, headers=_headers())
