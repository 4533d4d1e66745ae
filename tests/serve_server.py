"""A real `kg serve` process on 127.0.0.1 for the serve tests, and what they inspect of it."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

KG = str(Path(sys.executable).parent / "kg")
# The command that serves; KG_SERVE_ARGV replaces it to run the same tests against another server
# (how the "fails before the fix" runs against the previous stdlib server were made, see the README).
SERVE = shlex.split(os.environ["KG_SERVE_ARGV"]) if os.environ.get("KG_SERVE_ARGV") else [KG, "serve"]


class Server:
    """`kg serve --port 0 …` started as a subprocess; the URL is read from its start-up line."""

    def __init__(self, store_path: Path, *args: str, host: str = "127.0.0.1") -> None:
        self.proc = subprocess.Popen([*SERVE, "--store", str(store_path), "--port", "0", "--host", host, *args],
                                     stderr=subprocess.PIPE, text=True)
        assert self.proc.stderr is not None
        self.startup: list[str] = []
        while True:
            line = self.proc.stderr.readline()
            if not line:
                raise AssertionError(f"kg serve ended before serving: {self.startup}")
            self.startup.append(line)
            m = re.search(r"at (http://(\S+?):(\d+))/sparql", line)
            if m:
                break
        self.base = m.group(1)
        self.port = int(m.group(3))
        self.url = self.base + "/sparql"

    def workers(self) -> set[int]:
        """Pids of the query workers: children of the forkserver, the server's child that has children."""
        return {pid for child in _children(self.proc.pid) for pid in _children(child)}

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except FileNotFoundError:
        return out
    for task in tasks:
        try:
            out += [int(p) for p in (task / "children").read_text().split()]
        except FileNotFoundError:
            pass
    return out


def pid_alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"
