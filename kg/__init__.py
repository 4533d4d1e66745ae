"""Guideline knowledge graph: curated clinical guidance as RDF, with paths, evidence and views.

Stages, each knowing nothing of the ones after it:
sources (graph/) -> build (validate, derive, load) -> store -> questions -> views.
"""

__version__ = "0.1.0"

EDUCATIONAL_NOTICE = (
    "Educational use only: not medical advice; verify against the primary literature before any clinical use."
)
