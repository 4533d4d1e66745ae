"""Every bad input or fault is one clear line and a non-zero exit: hostile IRI-shaped values, a full disk
during build, a terminal that cannot show UTF-8, control characters on their way to the terminal."""

from __future__ import annotations

import os
import re
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.config import GRAPH_DIR
from kg_cli.main import main

KG = str(Path(sys.executable).parent / "kg")
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
PIECES = ["urn:a", ">", "<", "?p", "?o", "}", "{", "#", "\"", "'", "\\", "\\u0041", " ", "\r", "\x1b[31m",
          "http://127.0.0.1:1/", "kgv:", ":", "%", "^^", "@en", ".", ";", "\x00", "\u2028", "é", "SERVICE"]
HOSTILE = st.lists(st.sampled_from(PIECES), min_size=1, max_size=8).map("".join).filter(lambda v: v.strip())
COMMANDS = st.sampled_from([
    lambda v, out: ["query", "first-line-therapies", "-p", f"condition={v}"],
    lambda v, out: ["query", "doses-for-therapy", "-p", f"therapy={v}"],
    lambda v, out: ["paths", v],
    lambda v, out: ["trace", v],
    lambda v, out: ["compare", v],
    lambda v, out: ["viz", v, "-o", out],
])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=HOSTILE, command=COMMANDS)
def test_hostile_values_give_one_clear_line_and_a_non_zero_exit(cli_env, tmp_path: Path, value: str,
                                                                command) -> None:
    args = command(value, str(tmp_path / "out.html"))
    result = CliRunner().invoke(main, args)
    assert isinstance(result.exception, SystemExit), f"{args!r} raised {result.exception!r}"
    assert result.exit_code != 0, args
    lines = [ln for ln in result.output.splitlines() if not ln.startswith("… ")]
    assert lines and lines[-1].startswith("Error: "), result.output
    assert "Traceback" not in result.output
    assert not CONTROL.search(result.output), "control characters reached the terminal"


def test_control_characters_in_a_value_are_escaped_before_the_terminal(cli_env) -> None:
    proc = subprocess.run([KG, "paths", "\x1b[2J\x07evil"], capture_output=True, text=True,
                          env={**os.environ, **cli_env})
    assert proc.returncode != 0
    assert "\x1b" not in proc.stderr and "\x07" not in proc.stderr
    assert "Error:" in proc.stderr


def test_a_terminal_without_utf8_gets_escapes_not_a_unicode_error(cli_env) -> None:
    env = {**os.environ, **cli_env, "LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "ascii", "PYTHONUTF8": "0"}
    proc = subprocess.run([KG, "query", "first-line-therapies", "-p", "condition=juvenile overlap syndrome"],
                          capture_output=True, env=env)
    assert proc.returncode == 0, proc.stderr.decode("ascii", "replace")
    assert b"UnicodeEncodeError" not in proc.stderr
    assert b"\\xb2" in proc.stdout or b"\\u" in proc.stdout  # m\xb2 (per m²) written as an escape


def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit then fails with EFBIG, like ENOSPC
    resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))


def test_a_full_disk_during_build_is_one_line_and_keeps_the_previous_store(store_copy: Path) -> None:
    root = store_copy
    current = os.readlink(root / "current")
    proc = subprocess.run([KG, "build", "--full", "--store", str(root), "-q"], capture_output=True, text=True,
                          preexec_fn=_limit_file_size)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [proc.stderr.strip()], proc.stderr
    assert "cannot write the store" in proc.stderr and "previous store" in proc.stderr
    assert os.readlink(root / "current") == current
    assert sorted(p.name for p in root.iterdir() if p.name.startswith("build-") and p.is_dir()) == [current]


def test_a_truncated_shapes_file_is_a_build_error_naming_the_file(tmp_path: Path) -> None:
    import shutil

    graph = tmp_path / "graph"
    shutil.copytree(GRAPH_DIR, graph)
    shapes = sorted((graph / "shapes").glob("*.ttl"))[0]
    text = shapes.read_text(encoding="utf-8")
    shapes.write_text(text[: len(text) // 2], encoding="utf-8")
    proc = subprocess.run([KG, "build", "--store", str(tmp_path / "store"), "--graph-dir", str(graph), "-q"],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert f"shapes/{shapes.name}" in proc.stderr and "build failed" in proc.stderr


def test_an_engine_error_raised_while_reading_results_is_a_query_error() -> None:
    """Oxigraph evaluates lazily: a SERVICE answering garbage fails only when the rows are read. The store
    (used directly by the library; `kg query` refuses SERVICE before this) reports it as a QueryError."""
    import http.server
    import threading

    import pytest

    from kg.errors import QueryError
    from kg.store.oxigraph import OxigraphStore

    class Garbage(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - stdlib handler name
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", "5")
            self.end_headers()
            self.wfile.write(b"{bad}")

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Garbage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        store = OxigraphStore.in_memory()
        with pytest.raises(QueryError, match="while reading results"):
            store.select(f"SELECT * {{ SERVICE <http://127.0.0.1:{server.server_address[1]}/> {{ ?s ?p ?o }} }}")
    finally:
        server.shutdown()
        server.server_close()


def test_a_full_disk_during_import_is_one_line_and_writes_no_partial_draft(cli_env, seeds_dir: Path,
                                                                           tmp_path: Path) -> None:
    article = sorted(seeds_dir.glob("*.txt"))[0]
    out = tmp_path / "drafts"

    def tiny_limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4000, 4000))  # smaller than any draft

    proc = subprocess.run([KG, "import", str(article), "--out", str(out)], capture_output=True, text=True,
                          env={**os.environ, **cli_env}, preexec_fn=tiny_limit)
    assert proc.returncode == 1
    errors = [ln for ln in proc.stderr.splitlines() if not ln.startswith("… ")]
    assert len(errors) == 1 and errors[0].startswith("Error: ") and "file size limit" in errors[0], proc.stderr
    assert not any(p.suffix == ".ttl" for p in out.rglob("*")) if out.exists() else True


# Terminal control: C0/C1 controls (ESC starts colour, clear-screen and title sequences; U+009B is a one-byte
# CSI) and the bidirectional overrides and isolates (U+202A-E, U+2066-9, "Trojan Source": text shown in another
# order than it is stored). Tab and newline are layout.
TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
HOSTILE_ALT = "evil\\u001B[2J\\u0007\\u202Eal\\u009Bx"
HOSTILE_PREF = "systemic\\u001B[31m sclerosis\\u2066"


@pytest.fixture(scope="module")
def hostile_label_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store whose labels hold terminal control characters (curated sources are files anyone may edit)."""
    import shutil

    tmp = tmp_path_factory.mktemp("hostile-labels")
    graph = tmp / "graph"
    shutil.copytree(GRAPH_DIR, graph)
    conditions = graph / "entities" / "conditions.ttl"
    text = conditions.read_text(encoding="utf-8")
    for old, new in [('skos:prefLabel "scleroderma-myositis overlap" ;',
                      f'skos:prefLabel "scleroderma-myositis overlap" ; skos:altLabel "{HOSTILE_ALT}" ;'),
                     ('skos:prefLabel "systemic sclerosis" ;', f'skos:prefLabel "{HOSTILE_PREF}" ;')]:
        assert old in text
        text = text.replace(old, new)
    conditions.write_text(text, encoding="utf-8")
    proc = subprocess.run([KG, "build", "--store", str(tmp / "store"), "--graph-dir", str(graph), "-q"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return tmp / "store"


@pytest.mark.parametrize("args", [
    ["conditions"],
    ["compare", "cond:systemic-sclerosis"],
    ["paths", "scleroderma-myositis overlap"],
    ["trace", "cond:systemic-sclerosis"],
    ["check", "--level", "info"],
    ["query", "SELECT ?l WHERE { ?c skos:prefLabel|skos:altLabel ?l }"],
    ["paths", "evil"],
])
def test_labels_with_terminal_controls_are_escaped_in_text_output(hostile_label_store: Path, args) -> None:
    proc = subprocess.run([KG, *args, "--store", str(hostile_label_store)], capture_output=True, text=True)
    assert "Traceback" not in proc.stderr
    assert not TERMINAL_CONTROL.search(proc.stdout), f"stdout of {args}: {proc.stdout[:300]!r}"
    assert not TERMINAL_CONTROL.search(proc.stderr), f"stderr of {args}: {proc.stderr[:300]!r}"


def test_machine_formats_keep_the_value_exactly(hostile_label_store: Path) -> None:
    import json

    proc = subprocess.run([KG, "query", "SELECT ?l WHERE { cond:systemic-sclerosis skos:prefLabel ?l }",
                           "--format", "json", "--store", str(hostile_label_store)], capture_output=True, text=True)
    value = json.loads(proc.stdout)["results"]["bindings"][0]["l"]["value"]
    assert value == "systemic\x1b[31m sclerosis\u2066"


# Numbers click parses but the library cannot use: NaN compares false with every bound (so FloatRange let it
# through and the query "timed out after nan s" at once), inf and 1e308 overflowed select() (traceback), and a
# row cap above sys.maxsize overflowed islice() (traceback).
@pytest.mark.parametrize("args", [
    ["query", "ASK {}", "--timeout", "nan"],
    ["query", "ASK {}", "--timeout", "inf"],
    ["query", "ASK {}", "--timeout", "1e308"],
    ["query", "ASK {}", "--timeout", "-0.5"],
    ["query", "ASK {}", "--max-rows", "99999999999999999999999"],
    ["serve", "--timeout", "nan"],
    ["serve", "--timeout", "inf"],
    ["serve", "--max-rows", "99999999999999999999999"],
    ["viz", "--max-nodes", "99999999999999999999999"],
    ["viz", "--depth", "99999999999999999999999"],
])
def test_unusable_numbers_are_a_usage_error_not_a_traceback(cli_env, args) -> None:
    proc = subprocess.run([KG, *args], capture_output=True, text=True, env={**os.environ, **cli_env}, timeout=60)
    assert proc.returncode == 2, (args, proc.returncode, proc.stderr[-500:])
    assert "Traceback" not in proc.stderr and "Error: Invalid value" in proc.stderr


def test_the_library_refuses_a_nan_timeout_and_reads_inf_as_no_limit(store_path: Path) -> None:
    from kg.errors import KgError
    from kg.store.guards import Limits, guarded_query

    with pytest.raises(KgError, match="invalid timeout"):
        guarded_query(str(store_path), "ASK {}", Limits(timeout=float("nan")))
    # the guard forks: run the positive cases in a fresh process (a fork of pytest's threads can abort)
    code = ("import sys; from kg.store.guards import Limits, guarded_query as q; s = sys.argv[1]; "
            "assert q(s, 'ASK { ?s ?p ?o }', Limits(timeout=float('inf'))).boolean is True; "
            "r = q(s, 'SELECT * { ?s ?p ?o }', Limits(timeout=5, max_rows=10 ** 30)).rows; "
            "assert len(r.rows) > 100 and not r.truncated")
    proc = subprocess.run([sys.executable, "-c", code, str(store_path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-800:]


def test_a_repeated_parameter_is_refused_not_silently_overridden(cli_env) -> None:
    proc = subprocess.run([KG, "query", "first-line-therapies", "-p", "condition=scleroderma-myositis overlap",
                           "-p", "condition=juvenile overlap syndrome"], capture_output=True, text=True,
                          env={**os.environ, **cli_env})
    assert proc.returncode == 2 and "condition" in proc.stderr and "more than once" in proc.stderr


def test_a_query_file_that_is_not_utf8_is_one_line(cli_env, tmp_path: Path) -> None:
    rq = tmp_path / "latin1.rq"
    rq.write_bytes('SELECT * WHERE { ?s ?p "caf\xe9" }'.encode("latin-1"))
    proc = subprocess.run([KG, "query", str(rq)], capture_output=True, text=True, env={**os.environ, **cli_env})
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "UTF-8" in proc.stderr and "latin1.rq" in proc.stderr


def test_the_timeout_covers_checking_the_query_too(cli_env, tmp_path: Path) -> None:
    """The guard's parser (rdflib/pyparsing) took minutes on 20,000 alternatives, before the timer started."""
    import time

    rq = tmp_path / "wide.rq"
    # 20,000 alternatives are now refused by size before parsing (tests/test_query_limits.py); an IN list
    # just within the 4,000-token bound still takes rdflib several seconds to check.
    rq.write_text("SELECT * WHERE { ?s ?p ?o FILTER(?o IN (" + ", ".join(str(i) for i in range(1950)) + ")) }",
                  encoding="utf-8")
    start = time.monotonic()
    proc = subprocess.run([KG, "query", str(rq), "--timeout", "1"], capture_output=True, text=True,
                          env={**os.environ, **cli_env}, timeout=120)
    assert time.monotonic() - start < 15, "the timeout did not cover the guard's check"
    assert proc.returncode == 1 and "timed out after 1 s" in proc.stderr, proc.stderr
