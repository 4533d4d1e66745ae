"""Draft curated sources from guideline article files (`kg import`).

Stages, each pure: read an article (plain layout via kg.sources.reader, Markdown via .markdown) ->
recognise therapies, conditions, stages, cautions and monitoring with the graph's own names
(.recognise) and doses with a grammar (.dose_grammar) -> a draft model written as Turtle in the
curation format (.draft) -> counts and a list for the curator (.summary). Nothing here writes
files; the CLI writes the drafts into place only when every input imported cleanly.
"""

from __future__ import annotations

from kg.errors import InputError


class ImporterError(InputError):
    """An article or a dose phrase the importer cannot read; carries the 1-based line it concerns."""

    def __init__(self, line: int, message: str, source: str | None = None) -> None:
        where = f"{source}:{line}" if source else f"line {line}"
        super().__init__(f"{where}: {message}")
        self.line = line
        self.detail = message
        self.source = source
