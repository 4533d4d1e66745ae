"""KGX's own validator, run offline.

KGX builds a Biolink Model Toolkit at import time from the model on GitHub, and fetches JSON-LD contexts
from the web; nothing may be downloaded here, so before importing kgx this points both at the copies the
`biolink-model` package ships (schema YAML and prefix map). The predicate-mapping file is not shipped and
is only used for mapping non-Biolink predicates, which the export does not emit: an empty map stands in.
"""

from __future__ import annotations

import json
from pathlib import Path


def _patch_offline() -> None:
    import biolink_model
    import bmt.toolkit

    base = Path(next(iter(biolink_model.__path__)))
    bmt.toolkit.Toolkit.__init__.__defaults__ = (str(base / "schema" / "biolink_model.yaml"),
                                                 {"predicate mappings": []})
    import kgx.config

    context = json.loads((base / "prefixmaps" / "biolink-model-prefix-map.json").read_text())
    for name in ("biolink", "monarch_context", "obo_context"):
        kgx.config.jsonld_context_map[name] = context


def validate_kgx(nodes: Path, edges: Path) -> dict:
    """KGX Validator errors for a nodes/edges TSV pair, as {level: {error type: {message: [items]}}}."""
    _patch_offline()
    from kgx.transformer import Transformer
    from kgx.validator import Validator

    validator = Validator()
    Transformer(stream=True).transform(
        input_args={"filename": [str(nodes), str(edges)], "format": "tsv"},
        output_args={"format": "null"},
        inspector=validator,
    )
    return validator.get_errors()
