"""Routes of the explorer. Each handler calls one library function and hands its result to a template.

Pages are GET-only and read-only; a patient is entirely in the query string, so any result page can be
bookmarked, shared or printed. Bad input (an unknown name, a weight out of range) is shown on the page
with the library's one-line message and the form keeps what was typed; status 400.
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from rdflib import URIRef
from starlette.responses import HTMLResponse

from .. import EDUCATIONAL_NOTICE
from ..errors import KgError
from ..questions.dose_text import number_text, range_text
from ..read.names import NameIndex
from ..store.base import Store
from ..store.guards import QueryTimeout
from ..vocab.curie import shorten
from .choices import Choices
from .config import ExplorerConfig

HERE = Path(__file__).resolve().parent

# Pages use only same-origin scripts and styles; the graph pages (kg.render.viz HTML) carry their scripts inline
# and get their own policy in graphs.py.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'self'; base-uri 'none'")

NAV = (("path", "/", "Treatment path"), ("search", "/search", "Search"), ("compare", "/compare", "Compare"),
       ("sparql", "/query", "SPARQL"), ("graph", "/graph", "Graphs"))


def _env() -> Environment:
    env = Environment(loader=PackageLoader("kg.explorer", "templates"), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = lambda x: "" if x is None else number_text(x)
    env.filters["short"] = lambda iri: shorten(URIRef(iri)) if iri else ""
    env.filters["anchor"] = lambda iri: "x-" + re.sub(r"[^A-Za-z0-9_-]+", "-", shorten(URIRef(iri)))
    env.globals["range_text"] = range_text
    env.globals["evidence_url"] = lambda iri: "/evidence?" + urllib.parse.urlencode({"thing": iri})
    env.globals["reference_url"] = lambda iri: "/evidence?" + urllib.parse.urlencode({"reference": iri})
    env.globals["notice"] = EDUCATIONAL_NOTICE
    env.globals["nav"] = NAV
    return env


class Explorer:
    """The state shared by the routes: the store, its names and choices, templates and settings."""

    def __init__(self, store: Store, config: ExplorerConfig) -> None:
        self.store = store
        self.config = config
        self.names = NameIndex(store)
        self.choices = Choices(store)
        self.env = _env()

    def call(self, fn, *args, **kwargs):
        """Run a library call of kg.explorer.calls: whole inside one query worker when the store offers
        `call` (kg serve's pooled store), else directly. A timeout or a busy pool becomes Unavailable
        (503), never a message on the page as if the input were wrong."""
        run = getattr(self.store, "call", None)
        try:
            if run is not None:
                return run(fn, *args, **kwargs)
            return fn(self.store, self.names, *args, **kwargs)
        except KgError as e:
            if _unavailable(e):
                raise Unavailable(str(e)) from e
            raise

    def page(self, template: str, status: int = 200, **context) -> HTMLResponse:
        html = self.env.get_template(template).render(**context)
        return HTMLResponse(html, status_code=status, headers=_headers())

    def sources(self) -> Path | None:
        d = self.config.sources_dir
        return d if d is not None and d.is_dir() else None


class Unavailable(Exception):
    """The store did not answer in time (timeout, every worker busy): the page is 503, not an input error.

    Not a KgError, so the pages' `except KgError` (input errors shown on the form) lets it through."""


def _unavailable(e: Exception) -> bool:
    return isinstance(e, QueryTimeout) or bool(getattr(e, "unavailable", False))


def _headers() -> dict[str, str]:
    return {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store",
            "Referrer-Policy": "no-referrer"}
