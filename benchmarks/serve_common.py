"""Start `kg serve` and `oxigraph serve-read-only` side by side on one store, for the serve benchmarks.

Both on 127.0.0.1 with free ports; both read the same store directory. Oxigraph gets
--union-default-graph, which is what `kg serve` does without FROM or protocol graphs.
"""

from __future__ import annotations

import os
import re
import runpy
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
KG = BIN / "kg"
OXIGRAPH = BIN / "oxigraph"
README = PROJECT / "README.md"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Proc:
    def __init__(self, name: str, argv: list[str], url: str | None = None) -> None:
        self.name = name
        self.proc = subprocess.Popen(argv, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        self.url = url

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def cpu_seconds(self) -> float:
        """User + system CPU of the process and all its descendants that are still alive."""
        total = 0.0
        tick = os.sysconf("SC_CLK_TCK")
        for pid in [self.proc.pid, *_descendants(self.proc.pid)]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except FileNotFoundError:
                continue
            # utime, stime, cutime, cstime: the process and its waited-for children
            total += sum(int(x) for x in fields[11:15]) / tick
        return total


def _descendants(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids = [int(p) for p in (task / "children").read_text().split()]
        except FileNotFoundError:
            continue
        for k in kids:
            out += [k, *_descendants(k)]
    return out


def start_kg(store: Path, *args: str) -> Proc:
    p = Proc("kg serve", [str(KG), "serve", "--store", str(store), "--port", "0", *args])
    assert p.proc.stderr is not None
    while True:
        line = p.proc.stderr.readline()
        if not line:
            raise RuntimeError("kg serve did not start")
        m = re.search(r"at (http://\S+?)/sparql", line)
        if m:
            p.url = m.group(1) + "/sparql"
            return p


def start_oxigraph(store: Path, *args: str) -> Proc:
    port = free_port()
    location = (store / "current").resolve()
    p = Proc("oxigraph serve-read-only", [str(OXIGRAPH), "serve-read-only", "--location", str(location),
                                          "--bind", f"127.0.0.1:{port}", *args], f"http://127.0.0.1:{port}/query")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(p.url + "?query=ASK%7B%7D", timeout=2).read()
            return p
        except OSError:
            time.sleep(0.2)
    p.stop()
    raise RuntimeError("oxigraph serve-read-only did not start")


def oxigraph_version() -> str:
    return subprocess.run([str(OXIGRAPH), "--version"], capture_output=True, text=True).stdout.strip()


def replace_block(name: str, text: str) -> bool:
    """Replace the text between <!-- NAME:begin --> and <!-- NAME:end --> in README.md (atomically), then
    regenerate docs/readme/ from the README (scripts/sync-readme-docs.py), so docs are written one way only."""
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    doc = README.read_text(encoding="utf-8")
    if begin not in doc or end not in doc:
        return False
    head, rest = doc.split(begin, 1)
    _, tail = rest.split(end, 1)
    tmp = README.with_name(f".{README.name}.tmp{os.getpid()}")
    tmp.write_text(head + begin + "\n" + text.rstrip("\n") + "\n" + end + tail, encoding="utf-8")
    os.replace(tmp, README)
    runpy.run_path(str(PROJECT / "scripts" / "sync-readme-docs.py"))["sync"]()
    return True
