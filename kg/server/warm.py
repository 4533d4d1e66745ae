"""Preloaded once in the pool's forkserver, so every worker (and every replacement) forks warm.

A worker's first explorer page used to pay for importing the library (kg.questions.paths, kg.questions.evidence, kg.questions.compare,
~1.2 s) and for the guard's first parse of each of the treatment path's 29 query texts (rdflib's SPARQL
parser, ~2 s); a first treatment-path page took 2.5 s in a worker against 0.5 s once warm. The imports
and the guard's checks of the library's own query texts (module constants; the guard caches its verdict
per text, kg.store.guards._check) run here, before the workers fork, and cost server start-up once.
"""

from __future__ import annotations

import re
import sys

import kg.explorer.calls  # noqa: F401
import kg.explorer.choices  # noqa: F401

# The modules whose calls the explorer runs in a worker (kg.explorer.calls), and the name index.
import kg.questions.compare  # noqa: F401
import kg.questions.evidence  # noqa: F401
import kg.questions.path_queries  # noqa: F401
import kg.questions.paths  # noqa: F401
import kg.read.names  # noqa: F401

from ..store.guards import check_query

_QUERY = re.compile(r"\s*(?:PREFIX|SELECT|ASK|CONSTRUCT|DESCRIBE)\s", re.IGNORECASE)
# The treatment path (the explorer's landing page), name resolution and the form's choices.
WARM_MODULES = ("kg.questions.path_queries", "kg.questions.paths", "kg.read.names", "kg.explorer.choices")


def warm_guard(modules: tuple[str, ...] = WARM_MODULES) -> int:
    """Check each module-level query text of `modules` once, filling the guard's cache; returns how many."""
    done = 0
    for name in modules:
        for value in vars(sys.modules[name]).values():
            if isinstance(value, str) and _QUERY.match(value):
                try:
                    check_query(value)
                    done += 1
                except Exception:  # noqa: BLE001 - a fragment, not a whole query: the worker checks it when used
                    pass
    return done


warm_guard()
