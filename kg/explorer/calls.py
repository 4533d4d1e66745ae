"""The library calls behind the explorer's pages, each as one function of (store, names, ...).

Under `kg serve` each runs whole inside one query worker (kg.server's PooledStore.call: one pipe round
trip and one timeout for the ~100 queries of a treatment path, every query still guarded); over a plain
store the explorer calls them directly. They are module-level so a worker job names them by reference,
take and return only picklable values, and hold no clinical logic: each is the CLI's library call.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import URIRef

from ..errors import UnknownName
from ..questions.dose_text import range_text

if TYPE_CHECKING:
    from ..questions.path_model import TreatmentPath


def path_call(store, names, condition: str, patient) -> TreatmentPath:
    from ..questions.paths import treatment_path

    return treatment_path(store, names, condition, patient)


def evidence_call(store, names, thing: str, reference: str, sources: Path | None) -> tuple:
    """(trace, impact) for a reference (forward trace and impact) or a thing (trace back); impact None for a thing."""
    from ..questions.evidence import impact, resolve_reference, resolve_thing, trace_back, trace_forward

    if reference:
        ref = resolve_reference(store, reference, names)
        return trace_forward(store, ref, sources), impact(store, ref)
    iri, kind = resolve_thing(store, thing, names)
    return trace_back(store, iri, kind, sources), None


def compare_subject(store, names, subject: str) -> tuple[URIRef, str]:
    """A therapy or drug class first, else a condition: the resolution `kg compare` applies."""
    try:
        return names.resolve(subject, "therapy"), "therapy"
    except UnknownName:
        iri = names.resolve(subject, "condition", "therapy")
        is_condition = store.ask("ASK { ?x a kgv:Condition }", {"x": iri})
        return iri, "condition" if is_condition else "therapy"


def compare_call(store, names, subject: str):
    from ..questions.compare import compare

    iri, kind = compare_subject(store, names, subject) if subject else (None, None)
    return compare(store, iri, kind)


def graph_call(store, names, condition: str | None, patient, with_patient: bool, notice: str) -> str:
    """The kg.render.viz page of the guidance (condition None) or of a condition, with the patient's path."""
    from ..questions.paths import treatment_path
    from ..questions.projection import project
    from ..render.viz import render_html

    view = project(store, condition, names=names)
    path = treatment_path(store, names, condition, patient) if condition else None
    path_ids = [s.id for s in path.steps if s.applies] if path else []
    layout = "path" if path_ids and with_patient else ("overview" if condition is None else "force")
    page, _ = render_html(view.graph, title=view.title + (" — treatment path" if layout == "path" else ""),
                          highlight_path=path_ids or None, highlight=view.highlight or None,
                          focus=None if layout == "path" else view.focus, notice=notice,
                          layout=layout, step_notes=step_notes(path) if path else None)
    return page


def step_notes(path: TreatmentPath) -> dict[str, str]:
    """The dose each applicable step shows on its node: computed for the patient when it could be, with the
    maximum that capped it, else as written (the same fields the path page's cards show)."""
    notes: dict[str, str] = {}
    for step in path.steps:
        if not step.applies:
            continue
        parts = []
        for d in step.doses:
            c = d.computed
            if c:
                per = f"/{c.per}" if c.per and c.per != "period not stated" else ""
                parts.append(f"{range_text(c.min, c.max)} {c.unit}{per} for this patient"
                             + (f" ({c.cap})" if c.capped and c.cap else ""))
            else:
                parts.append(d.as_written)
        if step.dose_from:
            parts.append(step.dose_from.text)
        notes[step.id] = "; ".join(parts) if parts else "no dose given"
    return notes
