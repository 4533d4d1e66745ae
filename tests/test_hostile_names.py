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


def test_a_huge_query_file_is_refused_without_being_read_whole(cli_env, tmp_path: Path) -> None:
    # Before: a 300 MB .rq file was read into memory (600 MB resident) before the guard refused it by size.
    big = tmp_path / "big.rq"
    with open(big, "wb") as fh:
        fh.write(b'SELECT * WHERE { ?s ?p "')
        fh.truncate(300_000_000)
    done = subprocess.run(["/usr/bin/env", "bash", "-c", f'ulimit -v 1500000; exec "{KG}" query "{big}"'],
                          capture_output=True, text=True, env={**os.environ, **cli_env}, timeout=120)
    assert done.returncode == 2, done.stderr[-300:]
    assert "larger than 4,000,000 bytes" in done.stderr and done.stderr.count("\n") == 1


def test_a_query_path_that_is_a_device_or_a_fifo_says_so(cli_env, tmp_path: Path) -> None:
    zero = tmp_path / "zero.rq"
    zero.symlink_to("/dev/zero")
    fifo = tmp_path / "pipe.rq"
    os.mkfifo(fifo)
    for path in (zero, fifo):
        done = subprocess.run([KG, "query", str(path)], capture_output=True, text=True,
                              env={**os.environ, **cli_env}, timeout=60)
        assert done.returncode == 2 and "is not a regular file" in done.stderr, done.stderr
