"""Smoke run of the store benchmark at 10k triples: it runs end to end and reports every metric.
No timing is asserted here; speed is what the benchmark reports, not what tests check."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_benchmark_smoke_at_10k_reports_all_metrics(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "10k", "--repeat", "1",
                           "--cli-runs", "1", "--out", str(tmp_path)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads((tmp_path / "store-10k.json").read_text())
    (result,) = report["results"]
    assert result["triples"] >= 10_000
    for store in ("oxigraph", "rdflib"):
        assert result[store]["build_s"] > 0 and result[store]["build_peak_mb"] > 0
        assert set(result[store]["queries"]) == {"path", "trace", "aggregate"}
        assert all(q["median_ms"] > 0 and q["measured"] for q in result[store]["queries"].values())
    assert {"kg --help", "kg query recommendations-by-stage"} <= set(result["cli"])
    assert all(t["exit_code"] == 0 for t in result["cli"].values()), result["cli"]
    for metric in ("build s", "build CPU s", "build peak MB", "path median ms", "trace median ms", "aggregate median ms", "kg --help"):
        assert metric in proc.stdout
