"""The graph pages: the kg.viz views (the same HTML `kg viz` writes) inside the explorer.

/graph shows a form and frames /graph/view.html, which is a kg.viz page: the whole guidance as the
clustered overview, or a condition's neighbourhood with the patient's path highlighted in stage order.
The kg.viz page carries its scripts inline (it must work as a lone file), so it gets its own
Content-Security-Policy: inline script and style only, no network at all.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from .. import EDUCATIONAL_NOTICE
from ..dose_text import range_text
from ..errors import KgError
from .app import Explorer
from .pages import PatientForm

VIEW_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
            "frame-ancestors 'self'; base-uri 'none'; form-action 'none'")


def graph_page(ex: Explorer, request: Request) -> Response:
    form = PatientForm.from_request(request)
    return ex.page("graph.html", page="graph", form=form, share=form.query(),
                   condition_names=ex.choices.condition_names())


def step_notes(path: dict) -> dict[str, str]:
    """The dose each applicable step shows on its node: computed for the patient when it could be, with the
    maximum that capped it, else as written (the same fields the path page's cards show)."""
    notes: dict[str, str] = {}
    for step in path["steps"]:
        if not step["applies"]:
            continue
        parts = []
        for d in step["doses"]:
            c = d["computed"]
            if c:
                per = f"/{c['per']}" if c["per"] and c["per"] != "period not stated" else ""
                parts.append(f"{range_text(c['min'], c['max'])} {c['unit']}{per} for this patient"
                             + (f" ({c['cap']})" if c["capped"] and c["cap"] else ""))
            else:
                parts.append(d["as_written"])
        if step["dose_from"]:
            parts.append(step["dose_from"]["text"])
        notes[step["id"]] = "; ".join(parts) if parts else "no dose given"
    return notes


def graph_view(ex: Explorer, request: Request) -> Response:
    from ..paths import treatment_path
    from ..projection import project
    from ..viz import render_html

    form = PatientForm.from_request(request)
    try:
        patient = form.patient()
        condition = form.condition or None
        view = project(ex.store, condition, names=ex.names)
        path = treatment_path(ex.store, ex.names, condition, patient) if condition else None
        path_ids = [s["id"] for s in path["steps"] if s["applies"]] if path else []
        with_patient = any((form.age, form.sex, form.weight, form.height, form.has, form.avoid, form.response))
        layout = "path" if path_ids and with_patient else ("overview" if condition is None else "force")
        page, _ = render_html(view.graph, title=view.title + (" — treatment path" if layout == "path" else ""),
                              highlight_path=path_ids or None, highlight=view.highlight or None,
                              focus=None if layout == "path" else view.focus, notice=EDUCATIONAL_NOTICE,
                              layout=layout, step_notes=step_notes(path) if path else None)
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
