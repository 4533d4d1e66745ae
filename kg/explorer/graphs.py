"""The graph pages: the kg.render.viz views (the same HTML `kg viz` writes) inside the explorer.

/graph shows a form and frames /graph/view.html, which is a kg.render.viz page: the whole guidance as the
clustered overview, or a condition's neighbourhood with the patient's path highlighted in stage order.
The kg.render.viz page carries its scripts inline (it must work as a lone file), so it gets its own
Content-Security-Policy: inline script and style only, no network at all.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from .. import EDUCATIONAL_NOTICE
from ..errors import KgError
from . import calls
from .app import Explorer
from .pages import PatientForm

VIEW_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
            "frame-ancestors 'self'; base-uri 'none'; form-action 'none'")


def graph_page(ex: Explorer, request: Request) -> Response:
    form = PatientForm.from_request(request)
    return ex.page("graph.html", page="graph", form=form, share=form.query(),
                   condition_names=ex.choices.condition_names())


def graph_view(ex: Explorer, request: Request) -> Response:
    form = PatientForm.from_request(request)
    try:
        with_patient = any((form.age, form.sex, form.weight, form.height, form.has, form.avoid, form.response))
        page = ex.call(calls.graph_call, form.condition or None, form.patient(), with_patient, EDUCATIONAL_NOTICE)
    except KgError as e:
        page = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Graph</title></head><body>"
                f"<p role=\"alert\">Cannot draw the graph: {_escape(str(e))}</p><p>{_escape(EDUCATIONAL_NOTICE)}</p>"
                "</body></html>")
        return HTMLResponse(page, status_code=400, headers={"Content-Security-Policy": VIEW_CSP})
    return HTMLResponse(page, headers={"Content-Security-Policy": VIEW_CSP, "X-Content-Type-Options": "nosniff",
                                       "Cache-Control": "no-store"})


def _escape(text: str) -> str:
    import html

    return html.escape(text)
