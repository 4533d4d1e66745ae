"""The persistent store's write discipline: atomic swap, no orphans after a killed build, one writer at a time,
readers unaffected while a build runs. Every writer here is a real separate process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from generate import generate

from kg.config import GRAPH_DIR
from kg.errors import STORE_IN_USE_EXIT, KgError, StoreInUse
from kg.publish.build import build
from kg.store.oxigraph import MARKER, OxigraphStore, StoreWriter

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"

# A writer that starts a build and keeps inserting (slowly) until it is killed.
SLOW_WRITER = textwrap.dedent("""
    import sys, time
    from rdflib import Literal, URIRef
    from kg.store.oxigraph import StoreWriter

    def quads():
        for i in range(10**9):
            if i == 2000:
                print("writing", flush=True)
            if i >= 2000:
                time.sleep(0.001)
            yield (URIRef(f"http://example.org/s{i}"), URIRef("http://example.org/p"), Literal(i),
                   URIRef("http://example.org/g"))

    with StoreWriter(sys.argv[1]) as writer:
        writer.write(quads())
        writer.commit()
""")


def _count(root: Path) -> int:
    store = OxigraphStore.open_read_only(root)
    try:
        return int(store.select(COUNT).rows[0][0])
    finally:
        store.close()


def _builds(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith("build-") and p.is_dir())


@pytest.fixture()
def built(store_copy: Path) -> Path:
    """A store of the curated graph this test may write to: a copy of the session store, not a new build."""
    return store_copy


@pytest.fixture()
def writing(built: Path) -> Iterator[subprocess.Popen]:
    """A build process caught in the middle of writing its new store."""
    proc = subprocess.Popen([sys.executable, "-c", SLOW_WRITER, str(built)], stdout=subprocess.PIPE, text=True,
                            cwd=str(GRAPH_DIR.parent))
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "writing"
    yield proc
    if proc.poll() is None:
        proc.kill()
    proc.wait()


def test_killed_build_leaves_old_store_answering_and_next_build_removes_its_leftovers(
        built: Path, writing: subprocess.Popen) -> None:
    before = _count(built)
    current = os.readlink(built / "current")
    assert len(_builds(built)) == 2, "the writer's new build directory exists beside the current one"
    os.kill(writing.pid, signal.SIGKILL)
    writing.wait()
    # The old store is untouched: same link, same answers, and the half-written build is not visible.
    assert os.readlink(built / "current") == current
    assert _count(built) == before
    build(GRAPH_DIR, built, full=True)  # the lock died with the killed process, so the next build proceeds
    assert _builds(built) == sorted([os.readlink(built / "current"), current]), \
        "the new current build and the previous one (readers may hold it) remain; the killed one is gone"
    assert not [p for p in built.iterdir() if p.name.startswith("current.tmp")]
    assert _count(built) == before, "same sources, same number of quads"


def test_second_writer_gets_store_in_use(built: Path, writing: subprocess.Popen) -> None:
    with pytest.raises(StoreInUse, match="store in use"):
        with StoreWriter(built):
            pass
    proc = subprocess.run([str(Path(sys.executable).parent / "kg"), "build", "--store", str(built), "-q"],
                          capture_output=True, text=True)
    assert proc.returncode == STORE_IN_USE_EXIT == 75
    assert "store in use" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_read_only_queries_answer_while_a_build_is_writing(built: Path, writing: subprocess.Popen) -> None:
    expected = _count(built)  # answered while the writer holds the lock
    assert expected > 0
    proc = subprocess.run([str(Path(sys.executable).parent / "kg"), "query", COUNT, "--store", str(built),
                           "--format", "csv"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["n", str(expected)]
    assert writing.poll() is None, "the writer was still running during the queries"


def test_failed_build_removes_its_directory_and_keeps_current(built: Path) -> None:
    current = os.readlink(built / "current")
    with pytest.raises(RuntimeError):
        with StoreWriter(built) as writer:
            writer.write(iter(()))
            raise RuntimeError("simulated failure before commit")
    assert _builds(built) == [current]
    assert os.readlink(built / "current") == current


def _generated_sources(out: Path, triples: int) -> Path:
    """A benchmark graph: big enough that writing its store takes long enough to be interrupted."""
    generate(triples, out)
    return out


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_interrupted_kg_build_removes_its_partial_build_and_keeps_the_old_store(
        built: Path, tmp_path: Path, sig: signal.Signals) -> None:
    sources = _generated_sources(tmp_path / "sources", 60_000)
    before, current = _count(built), os.readlink(built / "current")
    proc = subprocess.Popen([str(Path(sys.executable).parent / "kg"), "build", "--store", str(built),
                             "--graph-dir", str(sources)], stderr=subprocess.PIPE, text=True,
                            # a shell that starts jobs in the background makes them ignore SIGINT; a
                            # terminal's Ctrl-C reaches a foreground command with the default action
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert proc.stderr is not None
    for line in proc.stderr:
        if "writing store" in line:
            break
    proc.send_signal(sig)
    err = proc.stderr.read()
    proc.wait(timeout=120)
    assert proc.returncode == 130, err
    assert "build interrupted" in err and "previous store" in err
    assert "Traceback" not in err
    assert _builds(built) == [current], "no half-written build directory is left behind"
    assert not [p for p in built.iterdir() if p.name.startswith("current.tmp")]
    assert os.readlink(built / "current") == current and _count(built) == before
    with StoreWriter(built):  # the lock was released on the way out
        pass


# ---------------------------------------------------------------- never remove what the tool did not create

KG = str(Path(sys.executable).parent / "kg")


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_build_into_a_directory_that_is_not_a_store_is_refused_and_deletes_nothing(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    (notes / "build-notes").mkdir(parents=True)
    (notes / "build-notes" / "thesis.txt").write_text("three years of work\n", encoding="utf-8")
    (notes / "current.tmp-draft.txt").write_text("draft\n", encoding="utf-8")
    before = _tree(notes)
    proc = subprocess.run([KG, "build", "--store", str(notes), "-q"], capture_output=True, text=True)
    assert proc.returncode != 0
    assert "is not a store" in proc.stderr and "Traceback" not in proc.stderr
    assert _tree(notes) == before, "not one file added, changed or removed"


def test_rebuild_of_a_store_keeps_files_a_user_put_there(built: Path) -> None:
    (built / "build-notes").mkdir()
    (built / "build-notes" / "thesis.txt").write_text("mine\n", encoding="utf-8")
    (built / "current.tmp-notes").write_text("mine too\n", encoding="utf-8")
    (built / "build-123.txt").write_text("and this\n", encoding="utf-8")
    build(GRAPH_DIR, built, full=True)
    build(GRAPH_DIR, built, full=True)
    assert (built / "build-notes" / "thesis.txt").read_text(encoding="utf-8") == "mine\n"
    assert (built / "current.tmp-notes").read_text(encoding="utf-8") == "mine too\n"
    assert (built / "build-123.txt").read_text(encoding="utf-8") == "and this\n"
    assert (built / MARKER).is_file()


def test_a_store_symlinked_elsewhere_or_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(KgError, match="not a directory"):
        StoreWriter(target).__enter__()
    assert target.read_text(encoding="utf-8") == "x"


def test_second_build_says_store_in_use_before_validating(built: Path, tmp_path: Path) -> None:
    broken = tmp_path / "graph"
    for sub in ("vocab", "entities", "articles", "shapes", "rules"):
        (broken / sub).mkdir(parents=True)
    (broken / "articles" / "bad.ttl").write_text("this is not turtle", encoding="utf-8")
    with StoreWriter(built):  # another build holds the lock
        proc = subprocess.run([KG, "build", "--store", str(built), "--graph-dir", str(broken), "-q"],
                              capture_output=True, text=True)
    # Validating first would have reported the syntax error and exited 1; the lock is taken first.
    assert proc.returncode == STORE_IN_USE_EXIT
    assert proc.stderr.strip().splitlines() == [proc.stderr.strip()] and "store in use" in proc.stderr
    assert "bad.ttl" not in proc.stderr


# ---------------------------------------------------------------- readers never lose their build

def _quads(root: Path) -> list:
    store = OxigraphStore.open_read_only(root)
    try:
        return list(store.quads())
    finally:
        store.close()


def _rebuild(root: Path, quads: list) -> None:
    with StoreWriter(root) as writer:
        writer.write(iter(quads))
        writer.commit()


def test_a_reader_keeps_its_build_through_several_rebuilds(built: Path) -> None:
    quads = _quads(built)
    reader = OxigraphStore.open_read_only(built)
    held = os.readlink(built / "current")
    expected = int(reader.select(COUNT).rows[0][0])
    for _ in range(3):
        _rebuild(built, quads)
    assert (built / held).is_dir(), "a build a reader holds is never removed"
    assert int(reader.select(COUNT).rows[0][0]) == expected
    reader.close()
    _rebuild(built, quads)
    assert not (built / held).exists(), "once no reader holds it, the next build removes it"
    assert len(_builds(built)) == 2, "current and previous"


READER_LOOP = textwrap.dedent("""
    import sys, time
    from kg.store.oxigraph import OxigraphStore
    failures = 0
    done = 0
    stop = time.monotonic() + float(sys.argv[2])
    while time.monotonic() < stop:
        try:
            store = OxigraphStore.open_read_only(sys.argv[1])
            n = store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0][0]
            time.sleep(0.05)  # hold the build across a swap
            store.select("SELECT ?s WHERE { ?s ?p ?o } LIMIT 500")
            store.close()
            done += 1
        except Exception as e:
            failures += 1
            print("FAIL", type(e).__name__, e, file=sys.stderr)
    print(done, failures)
""")


def test_concurrent_readers_never_fail_during_rebuilds(built: Path) -> None:
    quads = _quads(built)
    readers = [subprocess.Popen([sys.executable, "-c", READER_LOOP, str(built), "8"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for _ in range(2)]
    rebuilds = 0
    while any(r.poll() is None for r in readers) and rebuilds < 40:
        _rebuild(built, quads)
        rebuilds += 1
    results = [r.communicate(timeout=60) for r in readers]
    assert rebuilds >= 3
    for out, err in results:
        done, failures = map(int, out.split())
        assert failures == 0, err
        assert done > 0


# ---------------------------------------------------------------- a store directory reached through a link


def test_a_store_directory_reached_through_a_symlink_is_built_and_read_where_it_really_is(tmp_path: Path) -> None:
    # Before: `kg build --store link` refused with "link is not a directory" although it was one.
    real = tmp_path / "data-disk" / "store"
    real.mkdir(parents=True)
    link = tmp_path / "store"
    link.symlink_to(real)
    with StoreWriter(link) as writer:
        writer.write([])
        writer.commit()
    assert link.is_symlink() and (real / MARKER).is_file()
    OxigraphStore.open_read_only(link).close()


def test_a_dangling_or_file_symlink_store_is_one_clear_error_and_nothing_is_created(tmp_path: Path) -> None:
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "nowhere")
    with pytest.raises(KgError, match="symbolic link .* not a directory"):
        StoreWriter(dangling).__enter__()
    assert not (tmp_path / "nowhere").exists()
    victim = tmp_path / "notes.txt"
    victim.write_text("keep\n")
    to_file = tmp_path / "to-file"
    to_file.symlink_to(victim)
    with pytest.raises(KgError, match="not a directory"):
        StoreWriter(to_file).__enter__()
    assert victim.read_text() == "keep\n"


def test_a_symlink_to_a_foreign_directory_is_refused_like_the_directory(tmp_path: Path) -> None:
    foreign = tmp_path / "thesis"
    foreign.mkdir()
    (foreign / "chapter.txt").write_text("mine\n")
    link = tmp_path / "store"
    link.symlink_to(foreign)
    with pytest.raises(KgError, match="not a store built by"):
        StoreWriter(link).__enter__()
    assert sorted(p.name for p in foreign.iterdir()) == ["chapter.txt"]
