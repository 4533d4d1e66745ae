"""Views of results: trace, compare and check text, path text, SPARQL result formats, the HTML graph view, JSON
of typed results, RDF and other exports.

WRITERS is the one registry of how a result is written: (result type, format) -> the function that writes it,
both named "module:attribute" and imported only when used (as store.ENGINES names its engines), so a command
knows its `--format` choices (`formats(result_type)`) without loading the questions or the views. A new result
type plugs in with one entry per format; `render(result, fmt)` finds the entry for the result's class (or its
nearest base class) and returns the whole output as text.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

_JSON = "kg.render.result_json:to_json"  # one JSON writer for the typed results (their schemas: kg/schemas/)

# (result type, format) -> writer; the first format of a type is its default.
WRITERS: dict[tuple[str, str], str] = {
    ("kg.questions.evidence:Trace", "text"): "kg.render.trace:trace_text",
    ("kg.questions.evidence:Trace", "json"): _JSON,
    ("kg.questions.evidence:Impact", "text"): "kg.render.trace:impact_text",
    ("kg.questions.evidence:Impact", "json"): _JSON,
    ("kg.questions.compare:Comparison", "text"): "kg.render.compare:comparison_text",
    ("kg.questions.compare:Comparison", "json"): _JSON,
    ("kg.questions.integrity:CheckReport", "text"): "kg.render.findings:check_text",
    ("kg.questions.integrity:CheckReport", "json"): _JSON,
    ("kg.questions.path_model:TreatmentPath", "text"): "kg.render.render_path:plain",
    ("kg.questions.path_model:TreatmentPath", "json"): _JSON,
    ("kg.store.base:Rows", "table"): "kg.render.results_format:to_table",
    ("kg.store.base:Rows", "json"): "kg.render.results_format:json_text",
    ("kg.store.base:Rows", "csv"): "kg.render.results_format:to_csv",
    ("kg.store.base:Rows", "tsv"): "kg.render.results_format:to_tsv",
}


def formats(result_type: str) -> tuple[str, ...]:
    """The formats a result type ("module:Class") is written in, in registry order (the first is the default)."""
    found = tuple(fmt for (kind, fmt) in WRITERS if kind == result_type)
    if not found:
        raise KeyError(f"no writer registered for {result_type}")
    return found


def _name(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


def writer(result: object, fmt: str) -> Callable[[Any], str]:
    """The function that writes `result` in `fmt`: the entry for its class, else for its nearest base class."""
    for cls in type(result).__mro__:
        target = WRITERS.get((_name(cls), fmt))
        if target:
            module, _, attr = target.partition(":")
            return getattr(importlib.import_module(module), attr)
    raise KeyError(f"no {fmt} writer registered for {_name(type(result))}")


def render(result: object, fmt: str) -> str:
    """`result` written in `fmt` (see WRITERS)."""
    return writer(result, fmt)(result)
