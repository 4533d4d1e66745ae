"""Cue words of the importer's grammar, read once from data/cue_words.txt.

The words that make an amount a titration step or a bracket a condition are vocabulary a curator extends, so they
live in a data file, not in Python literals; this module is the one reader of that file.
"""

from __future__ import annotations

import importlib.resources
from functools import lru_cache


@lru_cache(maxsize=1)
def _lists() -> dict[str, frozenset[str]]:
    text = importlib.resources.files(__package__).joinpath("data", "cue_words.txt").read_text(encoding="utf-8")
    out: dict[str, set[str]] = {}
    current: set[str] | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = out.setdefault(line[1:-1].strip(), set())
            continue
        if current is None:
            raise ValueError(f"data/cue_words.txt line {number}: {line!r} stands under no [list] heading")
        current.add(line.casefold())
    return {name: frozenset(words) for name, words in out.items()}


def cue_words(name: str) -> frozenset[str]:
    """The words of one list of data/cue_words.txt ('titration_verbs', 'step_words', ...); a name the file does
    not hold is an error, so a typo cannot quietly read as an empty list."""
    lists = _lists()
    if name not in lists:
        raise KeyError(f"data/cue_words.txt has no [{name}] list (it has: {', '.join(sorted(lists))})")
    return lists[name]


def stage_words(stage: str) -> frozenset[str]:
    """The words data/cue_words.txt lists for one stage of the vocabulary, by its local name ('Adjunct' reads
    [adjunct_stage_words], 'Escalation' [escalation_stage_words]); empty for a stage the file lists none for."""
    return _lists().get(f"{stage.casefold()}_stage_words", frozenset())
