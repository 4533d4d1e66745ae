"""The one JSON writer of typed results: `to_data` turns a result object (frozen dataclasses all the way
down) into JSON values, `to_json` writes it. `kg paths`, `kg trace`, `kg trace --impact`, `kg compare` and
`kg check` print `to_json(result)`; the explorer and tests read `to_data(result)`; tests check both against the JSON
Schemas in kg/schemas/ (`schema_for`).

What is not a plain field of a result is said here, once per type, rather than by hand-built dicts in the
question modules: derived fields a reader needs in the JSON (a statement's locator), fields left out when
empty (a finding's absent location), whether a document leads with the educational notice and whether its
keys are written sorted (as each command has always printed them).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from .. import EDUCATIONAL_NOTICE
from ..findings import Finding
from ..questions.compare import Comparison
from ..questions.evidence import Impact, StatementEvidence, Trace
from ..questions.integrity import CheckReport
from ..questions.path_model import JSON_NAME, OMIT_NONE, TreatmentPath

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"

# Derived fields written next to a type's own fields.
_EXTRA_FIELDS: dict[type, tuple[str, ...]] = {StatementEvidence: ("locator",)}
# Types whose absent (None) fields are left out of the JSON.
_OMIT_NONE: tuple[type, ...] = (Finding,)
# How each top-level result is written: (leads with the notice, keys sorted), and its schema file.
_DOCUMENTS: dict[type, tuple[bool, bool, str]] = {
    Trace: (True, True, "trace.schema.json"),
    Impact: (True, True, "impact.schema.json"),
    Comparison: (True, True, "compare.schema.json"),
    CheckReport: (False, False, "check.schema.json"),
    TreatmentPath: (True, False, "path.schema.json"),
}


def to_data(value: Any) -> Any:
    """JSON values of a result: dataclasses become objects (field order), tuples and lists arrays. A field's
    metadata may rename it in the JSON (JSON_NAME: `from_` -> `from`) or leave it out when None (OMIT_NONE)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        omit_none = isinstance(value, _OMIT_NONE)
        out = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if item is None and (omit_none or f.metadata.get(OMIT_NONE)):
                continue
            out[f.metadata.get(JSON_NAME, f.name)] = to_data(item)
        for name in _EXTRA_FIELDS.get(type(value), ()):
            out[name] = to_data(getattr(value, name))
        return out
    if isinstance(value, dict):
        return {k: to_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_data(v) for v in value]
    return value


def document(result: Any) -> dict:
    """The JSON document of a top-level result (with the educational notice where the command prints it)."""
    notice, _, _ = _kind(result)
    data = to_data(result)
    return {"notice": EDUCATIONAL_NOTICE, **data} if notice else data


def to_json(result: Any) -> str:
    """The JSON a command prints for `result`: 2-space indent, UTF-8 as is, one trailing newline."""
    _, sort, _ = _kind(result)
    return json.dumps(document(result), indent=2, ensure_ascii=False, sort_keys=sort) + "\n"


def schema_for(result_type: type) -> dict:
    """The JSON Schema a result type's document follows."""
    return json.loads((SCHEMAS / _DOCUMENTS[result_type][2]).read_text(encoding="utf-8"))


def _kind(result: Any) -> tuple[bool, bool, str]:
    try:
        return _DOCUMENTS[type(result)]
    except KeyError:
        raise TypeError(f"no JSON document is defined for {type(result).__name__}") from None
