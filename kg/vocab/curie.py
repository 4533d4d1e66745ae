"""IRIs in short form, implemented once: display CURIEs, Turtle prefixed names and local names.

Vocabulary layer: depends only on kg.vocab.namespaces (the project's prefixes), so every stage may use it.
"""

from __future__ import annotations

import re

from rdflib import URIRef
from rdflib.term import Node

from .namespaces import PREFIXES

# Longest namespace first, so "art:" wins over a shorter prefix that is also a string prefix of the IRI.
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))
# A local part Turtle accepts unescaped after "prefix:" (PN_LOCAL, restricted to what our IRIs use).
_PN_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


def shorten(term: Node | None) -> str:
    """A compact display form: CURIE for known namespaces, the IRI otherwise, plain text for literals."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, ns in _BY_LENGTH:
            if text.startswith(ns) and len(text) > len(ns):
                return f"{prefix}:{text[len(ns):]}"
    return str(term)


def turtle_name(iri: str) -> str:
    """The IRI as Turtle writes it: `prefix:local` when the local part is a valid prefixed name, else `<iri>`."""
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns) and _PN_LOCAL.fullmatch(iri[len(ns):]) and not iri.endswith("."):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


def local_name(iri: str) -> str:
    """The last segment of an IRI (after the last '/' or '#', ignoring a trailing '/')."""
    return iri.rstrip("/").replace("#", "/").rsplit("/", 1)[-1]
