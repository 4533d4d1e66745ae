"""Where things are: the graph/ sources, the default store and the article sources.

The same code runs from a source checkout (editable install, `make demo`) and from an installed wheel. In a
checkout, graph/ beside kg/ is the curated source of truth and the store lives in the project's .kg/. An
installed wheel carries a copy of graph/ as package data (`kg/_graph`, mapped from graph/ at build time by
pyproject.toml) and keeps its store in .kg/ of the current directory, never inside site-packages.
KG_GRAPH_DIR, KG_STORE and KG_SOURCES override each choice.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
GRAPH_ENV = "KG_GRAPH_DIR"
STORE_ENV = "KG_STORE"
SOURCES_ENV = "KG_SOURCES"
PACKAGED_GRAPH_DIR = Path(__file__).resolve().parent / "_graph"


def _in_checkout() -> bool:
    return (PROJECT_ROOT / "pyproject.toml").is_file() and (PROJECT_ROOT / "graph" / "vocab").is_dir()


def _graph_dir() -> Path:
    if os.environ.get(GRAPH_ENV):
        return Path(os.environ[GRAPH_ENV])
    return PROJECT_ROOT / "graph" if _in_checkout() else PACKAGED_GRAPH_DIR


GRAPH_DIR = _graph_dir()
DEFAULT_STORE = (PROJECT_ROOT if _in_checkout() else Path.cwd()) / ".kg" / "store"
# The seed articles live beside the project checkout; a user points KG_SOURCES elsewhere.
DEFAULT_SOURCES = PROJECT_ROOT.parent / "shared" / "seeds"


def store_location(explicit: str | None = None) -> str:
    """The store to use: an explicit path or URL, else $KG_STORE, else .kg/store (see the module docstring)."""
    return explicit or os.environ.get(STORE_ENV) or str(DEFAULT_STORE)


def sources_dir(explicit: str | None = None) -> Path:
    return Path(explicit or os.environ.get(SOURCES_ENV) or DEFAULT_SOURCES)
