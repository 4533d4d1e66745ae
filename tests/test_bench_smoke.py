"""Smoke run of the pipeline benchmark at 2k triples: it runs end to end and reports every metric.
No timing is asserted here; speed is what the benchmark reports, not what tests check. The smallest size
keeps this cheap (the real run is 10k, 100k and 1M)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_benchmark_smoke_runs_the_real_build_and_reports_every_metric(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "2k", "--repeat", "1",
                           "--cli-runs", "1", "--out", str(tmp_path)], capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads((tmp_path / "pipeline-2k.json").read_text())
    (result,) = report["results"]
    assert result["triples"] >= 2_000
    assert result["kg_build"]["exit_code"] == 0 and result["kg_build"]["cpu_s"] > 0
    assert result["bulk_load"]["build_s"] > 0 and result["rdflib"]["build_s"] > 0
    assert result["rebuild"]["exit_code"] == 0 and result["rebuild"]["incremental"], result["rebuild"]
    for store in ("oxigraph", "rdflib"):
        assert set(result[store]["queries"]) == {"path", "trace", "aggregate"}
        assert all(q["median_ms"] > 0 and q["measured"] for q in result[store]["queries"].values())
    assert {"kg --help", "kg paths", "kg viz (all, 500 nodes)"} <= set(result["cli"])
    assert all(t["exit_code"] == 0 for t in result["cli"].values()), result["cli"]
    assert all("error" not in c and c["queries"] > 0 for c in result["query_counts"].values()), result["query_counts"]
    for metric in ("kg build s (vs bulk load)", "rebuild 1 article s", "path median ms", "kg paths", "queries"):
        assert metric in proc.stdout
