"""Hostile names (found by red-teaming): a 100,000-character name made every command echo it whole in its
one-line error (100 KB on stderr, twice for `kg paths`) and spend seconds on a fuzzy search no name of
that length can win. Errors quote a bounded excerpt and say how long the name was."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.errors import UnknownName
from kg.read.names import NameIndex

KG = str(Path(sys.executable).parent / "kg")


def test_an_unknown_name_error_quotes_a_bounded_excerpt() -> None:
    error = UnknownName("condition", "x" * 100_000, [])
    assert len(str(error)) < 300 and "100,000 characters" in str(error)
    assert error.name == "x" * 100_000  # the full value stays on the error for callers


def test_a_name_longer_than_any_name_is_refused_without_a_fuzzy_search(store) -> None:
    with pytest.raises(UnknownName, match="longer than"):
        NameIndex(store).resolve("ab " * 30_000, "condition")


@pytest.mark.parametrize("args", [["paths", "{name}"], ["query", "first-line-therapies", "--param", "condition={name}"],
                                  ["compare", "{name}"], ["trace", "{name}"]])
def test_commands_answer_a_huge_name_with_one_short_line(cli_env, args) -> None:
    name = "[" * 100_000
    done = subprocess.run([KG, *[a.format(name=name) for a in args]], capture_output=True, text=True,
                          env={**os.environ, **cli_env}, timeout=120)
    assert done.returncode == 2, done.stderr[-300:]
    assert len(done.stderr) < 1_000, len(done.stderr)
    assert done.stderr.strip().splitlines()[-1].startswith("Error:")
