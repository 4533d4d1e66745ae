"""Real SPARQL servers for the tests: Oxigraph server and Virtuoso, started on 127.0.0.1 on free ports
with a temporary database directory, and stopped afterwards.

Virtuoso comes from Debian's `virtuoso-opensource` (installed by scripts/install-virtuoso.sh, which
`make test` runs); Oxigraph server from the `oxigraph` PyPI package in the venv.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
VIRTUOSO = shutil.which("virtuoso-t") or "/usr/bin/virtuoso-t"
VIRTUOSO_VAD = "/usr/share/virtuoso-opensource-7/vad"
VIRTUOSO_USER, VIRTUOSO_PASSWORD = "dba", "dba"  # the fresh database's administrator; local test instance only
# Virtuoso's default cap is 10,000 rows (the conformance suite uses it); the curated graph is smaller, so
# tests/test_remote_engines.py caps its instance at 1,000 to make truncation real: an export must page,
# and a larger answer must be refused, not cut.
VIRTUOSO_MAX_ROWS = 1000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, proc: subprocess.Popen, seconds: float, log: Path | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"server exited with {proc.returncode} before answering {url}\n{tail}")
        try:
            urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2).read()
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    stop(proc)
    raise RuntimeError(f"server did not answer {url} within {seconds:.0f} s")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


class Server:
    def __init__(self, name: str, url: str, proc: subprocess.Popen, env: dict[str, str] | None = None) -> None:
        self.name = name
        self.url = url
        self.proc = proc
        self.env = env or {}

    def stop(self) -> None:
        stop(self.proc)


def start_oxigraph(directory: Path, union_default: bool = True) -> Server:
    if not OXIGRAPH.exists():
        raise RuntimeError(f"the oxigraph server binary is missing at {OXIGRAPH} (pip install 'oxigraph>=0.5')")
    port = free_port()
    args = [str(OXIGRAPH), "serve", "--location", str(directory), "--bind", f"127.0.0.1:{port}"]
    if union_default:
        args.append("--union-default-graph")
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    _wait_for(url, proc, 30)
    return Server("oxigraph-server", url, proc)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = ., {vad}
VADInstallDir = {vad}/
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
CheckpointInterval = 0

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}/vsp
ServerThreads = 6
MaxClientConnections = 6
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 0
"""


def start_virtuoso(directory: Path, max_rows: int = VIRTUOSO_MAX_ROWS) -> Server:
    if not os.path.exists(VIRTUOSO):
        raise RuntimeError(f"{VIRTUOSO} is missing: run `bash scripts/install-virtuoso.sh` (make test does)")
    sql_port, http_port = free_port(), free_port()
    (directory / "vsp").mkdir(parents=True, exist_ok=True)
    ini = directory / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=directory, sql_port=sql_port, http_port=http_port, vad=VIRTUOSO_VAD,
                                       max_rows=max_rows))
    log = directory / "stdout.log"
    # -f: stay in the foreground, so the test owns the process and can stop it.
    proc = subprocess.Popen([VIRTUOSO, "-f", "-c", str(ini)], cwd=directory,
                            stdout=log.open("wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{http_port}/sparql"
    _wait_for(url, proc, 120, log)
    return Server("virtuoso", url, proc,
                  {"KG_STORE_USER": VIRTUOSO_USER, "KG_STORE_PASSWORD": VIRTUOSO_PASSWORD})
