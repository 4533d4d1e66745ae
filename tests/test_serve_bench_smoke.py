"""Smoke run of the serve load benchmark on a tiny store: both servers answer every request of the mix,
and each cell reports throughput, latency and CPU time. No timing is asserted (the benchmark reports speed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.server, pytest.mark.slow]


def test_serve_load_benchmark_runs_both_servers_without_errors(tmp_path: Path) -> None:
    out = tmp_path / "serve-load.json"
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "serve_load.py"), "--triples", "3000",
                           "--duration", "1", "--out", str(out)], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "SERVE_LOAD_CLIENTS": "1,4"}, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(out.read_text())
    assert set(report["servers"]) == {"kg serve", "oxigraph serve-read-only"}
    assert len(report["queries"]) >= 5
    for server in report["servers"].values():
        for cell in [*server["named"], server["trivial"]]:
            assert cell["requests"] > 0 and cell["errors"] == 0, cell["error_sample"]
            assert cell["p99_ms"] >= cell["p50_ms"] > 0 and cell["server_cpu_s"] >= 0
            assert cell["wall_s"] > 0 and cell["client_cpu_s"] >= 0
    during = report["load_average_during"]  # the machine is shared: the run records how loaded it was
    assert during["samples"] >= 2 and during["min"] <= during["mean"] <= during["max"]
    assert report["run_wall_s"] > 0 and report["client_cpu_s"] >= 0
    assert "| clients | kg serve req/s | Oxigraph req/s" in proc.stdout
