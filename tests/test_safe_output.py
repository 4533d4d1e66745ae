"""Outputs are written whole or not at all, never through a symlink, never over curated sources or a file
the tool did not write (unless --force); exports round-trip every Unicode literal in every format."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef

from kg.config import GRAPH_DIR
from kg.errors import InputError
from kg.render.export import FORMATS, export
from kg.safe_write import WriteFailed, write_output
from kg.store.memory import MemoryStore

KG = str(Path(sys.executable).parent / "kg")
S, P, G = URIRef("http://example.org/s"), URIRef("http://example.org/p"), URIRef("http://example.org/g")


def kg(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([KG, *args], capture_output=True, text=True, env={**os.environ, **env})


# ---------------------------------------------------------------- kg export -o / kg viz -o


@pytest.mark.parametrize("command", [["export", "--format", "ttl"], ["viz"]], ids=["export", "viz"])
def test_output_under_graph_is_refused_and_nothing_is_written(cli_env, command) -> None:
    target = GRAPH_DIR / "articles" / "zz-written-by-a-test.ttl"
    try:
        proc = kg(*command, "-o", str(target), "--force", env=cli_env)
        assert proc.returncode == 2 and "curated sources" in proc.stderr and "Traceback" not in proc.stderr
        assert not target.exists()
    finally:
        target.unlink(missing_ok=True)


@pytest.mark.parametrize("command", [["export", "--format", "nt"], ["viz"]], ids=["export", "viz"])
def test_existing_foreign_file_needs_force(cli_env, tmp_path: Path, command) -> None:
    target = tmp_path / "notes.html"
    target.write_text("my notes\n", encoding="utf-8")
    proc = kg(*command, "-o", str(target), env=cli_env)
    assert proc.returncode == 2 and "--force" in proc.stderr
    assert target.read_text(encoding="utf-8") == "my notes\n"
    forced = kg(*command, "-o", str(target), "--force", env=cli_env)
    assert forced.returncode == 0, forced.stderr
    assert target.read_text(encoding="utf-8") != "my notes\n"
    again = kg(*command, "-o", str(target), env=cli_env)  # now it is the tool's own output
    assert again.returncode == 0, again.stderr


@pytest.mark.parametrize("command", [["export", "--format", "jsonld"], ["viz"]], ids=["export", "viz"])
def test_symlinked_output_is_refused_and_its_target_untouched(cli_env, tmp_path: Path, command) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    link = tmp_path / "out.html"
    link.symlink_to(victim)
    proc = kg(*command, "-o", str(link), "--force", env=cli_env)
    assert proc.returncode == 2 and "symbolic link" in proc.stderr
    assert victim.read_text(encoding="utf-8") == "keep me\n" and link.is_symlink()


def test_a_failed_write_keeps_the_previous_file_and_leaves_no_temporary(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "out.ttl"
    target.write_text("previous\n", encoding="utf-8")

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("kg.safe_write.os.fsync", full_disk)
    with pytest.raises(WriteFailed, match="No space left on device.*previous file"):
        write_output(target, "new content\n", force=True)
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl"]


def test_writing_into_a_directory_path_is_refused(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    with pytest.raises(InputError, match="not a regular file"):
        write_output(tmp_path / "d", "x", force=True)


# ---------------------------------------------------------------- every literal survives every format

SEPARATORS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\r\n\t\x00\x7f\"\\'"
LITERALS = st.text(st.one_of(st.sampled_from(SEPARATORS), st.characters(blacklist_categories=("Cs",))), max_size=30)


def _parse_back(text: str, fmt: str) -> set[str]:
    if fmt in ("trig", "nq"):
        ds = Dataset()
        ds.parse(data=text, format=FORMATS[fmt])
        return {str(o) for _, _, o, _ in ds.quads((None, None, None, None))}
    g = Graph()
    g.parse(data=text, format=FORMATS[fmt])
    return {str(o) for o in g.objects()}


@settings(max_examples=150, deadline=None)
@given(value=LITERALS, lang=st.sampled_from([None, "en"]))
def test_every_unicode_literal_round_trips_through_every_export_format(value: str, lang: str | None) -> None:
    store = MemoryStore([(S, P, Literal(value, lang=lang), G)])
    for fmt in FORMATS:
        try:
            text = export(store, fmt)
        except InputError as e:  # a format that cannot hold the value must say so, never write it broken
            assert fmt == "rdfxml" and "XML 1.0 does not allow" in e.message, (fmt, e.message)
            continue
        assert _parse_back(text, fmt) == {value}, fmt
        if fmt in ("nt", "nq"):
            # One statement, one line: no line-breaking character is left unescaped for a line reader.
            assert len(text.splitlines()) == 2, fmt
            parsed = list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS if fmt == "nq"
                                   else ox.RdfFormat.N_TRIPLES))
            assert [q.object.value for q in parsed] == [value]
    assert json.loads(export(store, "jsonld"))  # valid JSON whatever the characters


# ---------------------------------------------------------------- kg build --store inside the sources


def test_a_store_inside_the_curated_sources_is_refused_and_nothing_is_created(tmp_path: Path) -> None:
    import shutil

    graph = tmp_path / "graph"
    shutil.copytree(GRAPH_DIR, graph)
    for store in (graph / "store", graph / "articles" / "x", tmp_path / "link" / "x"):
        (tmp_path / "link").unlink(missing_ok=True)
        (tmp_path / "link").symlink_to(graph)  # a path that reaches the sources through a link
        proc = subprocess.run([KG, "build", "--store", str(store), "--graph-dir", str(graph), "-q"],
                              capture_output=True, text=True)
        assert proc.returncode == 2, proc.stderr
        assert "curated sources" in proc.stderr and "Traceback" not in proc.stderr
        assert not (graph / "store").exists() and not (graph / "articles" / "x").exists()
    proc = subprocess.run([KG, "build", "--store", str(GRAPH_DIR / "zz-store-by-a-test"), "-q"],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and not (GRAPH_DIR / "zz-store-by-a-test").exists()


def test_the_written_path_is_shown_with_control_characters_escaped(cli_env, tmp_path: Path) -> None:
    target = tmp_path / "out\x07\u202e.nt"
    proc = kg("export", "--format", "nt", "-o", str(target), env=cli_env)
    assert proc.returncode == 0, proc.stderr
    assert target.exists()
    assert "\x07" not in proc.stderr and "\u202e" not in proc.stderr and "\\u0007" in proc.stderr


# ---------------------------------------------------------------- a file the tool wrote, then the user edited


@pytest.mark.parametrize("command, name", [(["export", "--format", "nt"], "g.nt"),
                                           (["export", "--format", "jsonld"], "g.jsonld"),
                                           (["export", "--format", "kgx"], "g"),
                                           (["viz"], "g.html")], ids=["nt", "jsonld", "kgx", "viz"])
def test_an_edited_output_is_not_overwritten_without_force(cli_env, tmp_path: Path, command, name) -> None:
    # Before: the file still looked like the tool's own (its header was intact), so the user's edit was lost.
    target = tmp_path / name
    first = kg(*command, "-o", str(target), env=cli_env)
    assert first.returncode == 0, first.stderr
    written = [target] if command[-1] != "kgx" else [tmp_path / "g_nodes.tsv", tmp_path / "g_edges.tsv"]
    again = kg(*command, "-o", str(target), env=cli_env)  # unchanged: still the tool's own
    assert again.returncode == 0, again.stderr
    edited = written[-1]
    edited.write_bytes(edited.read_bytes() + b"# my note, keep it\n")
    kept = edited.read_bytes()
    refused = kg(*command, "-o", str(target), env=cli_env)
    assert refused.returncode == 2
    assert refused.stderr.strip().count("\n") == 0 and "--force" in refused.stderr and "changed" in refused.stderr
    assert edited.read_bytes() == kept
    forced = kg(*command, "-o", str(target), "--force", env=cli_env)
    assert forced.returncode == 0, forced.stderr
    assert b"my note" not in edited.read_bytes()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # replaced by rename, nothing left


def test_an_output_whose_record_is_missing_or_a_symlink_is_not_taken_as_the_tools_own(tmp_path: Path) -> None:
    from kg.safe_write import record_path

    target = tmp_path / "page.txt"
    write_output(target, "first\n")
    record_path(target).unlink()
    with pytest.raises(InputError, match="not written by this tool"):
        write_output(target, "second\n")
    record_path(target).symlink_to(tmp_path / "elsewhere")
    with pytest.raises(InputError):
        write_output(target, "second\n")
    assert target.read_text() == "first\n"


def test_a_notebook_or_library_write_html_keeps_an_edited_page(tmp_path: Path) -> None:
    from kg.render.viz import write_html

    page = ('<!DOCTYPE html><html><h1 id="kg-title">t</h1><div class="kg-controls"></div></html>\n')
    target = tmp_path / "p.html"
    write_html(target, page)
    write_html(target, page)  # re-running a notebook: its own page, replaced
    target.write_text(page + "<!-- my edit -->\n", encoding="utf-8")
    with pytest.raises(InputError, match="--force|changed"):
        write_html(target, page)
    assert "my edit" in target.read_text(encoding="utf-8")
    mine = tmp_path / "mine.html"
    mine.write_text("my own page\n", encoding="utf-8")
    with pytest.raises(InputError):
        write_html(mine, page)
    assert mine.read_text(encoding="utf-8") == "my own page\n"
    write_html(target, page, force=True)
    assert target.read_text(encoding="utf-8") == page


@pytest.mark.parametrize("length", [200, 240, 250])
def test_an_output_with_a_long_legal_name_is_written_and_recognised(tmp_path: Path, length: int) -> None:
    # Before: the temporary file's and the record's names (the target's plus a prefix and suffix) passed
    # 255 bytes, so a legal 250-character name gave "File name too long".
    target = tmp_path / ("n" * (length - 3) + ".nt")
    write_output(target, "first\n")
    write_output(target, "second\n")  # recognised as the tool's own
    assert target.read_text() == "second\n"
    target.write_text("edited\n")
    with pytest.raises(InputError, match="changed since"):
        write_output(target, "third\n")
