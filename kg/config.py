"""Where things are: the project's graph/ sources, the default store and the article sources."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
GRAPH_DIR = PROJECT_ROOT / "graph"
STORE_ENV = "KG_STORE"
SOURCES_ENV = "KG_SOURCES"
DEFAULT_STORE = PROJECT_ROOT / ".kg" / "store"
# The seed articles live beside the project checkout; a user points KG_SOURCES elsewhere.
DEFAULT_SOURCES = PROJECT_ROOT.parent / "shared" / "seeds"


def store_location(explicit: str | None = None) -> str:
    """The store to use: an explicit path or URL, else $KG_STORE, else .kg/store in the project."""
    return explicit or os.environ.get(STORE_ENV) or str(DEFAULT_STORE)


def sources_dir(explicit: str | None = None) -> Path:
    return Path(explicit or os.environ.get(SOURCES_ENV) or DEFAULT_SOURCES)
