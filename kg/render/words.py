"""Words the text views share: a node named by its CURIE."""

from __future__ import annotations

from rdflib import URIRef

from ..vocab.curie import shorten


def short(iri: str | None) -> str:
    """An IRI as its CURIE (the IRI itself under no known prefix); "" for none."""
    return shorten(URIRef(iri)) if iri else ""
