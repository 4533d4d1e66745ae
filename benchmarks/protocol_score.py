"""Score `kg serve` and Oxigraph server on the W3C SPARQL 1.1 Protocol cases for a read-only endpoint.

Builds the curated graph into a temporary store, starts both servers on it (127.0.0.1), runs every
case of tests/protocol_cases.py against each, writes benchmarks/results/protocol.json and the README
table between <!-- serve-protocol:begin/end -->.

    python benchmarks/protocol_score.py
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from serve_common import PROJECT, oxigraph_version, replace_block, start_kg, start_oxigraph

sys.path.insert(0, str(PROJECT / "tests"))
import protocol_cases as pc  # noqa: E402

RESULTS = PROJECT / "benchmarks" / "results" / "protocol.json"
ART = "https://w3id.org/guideline-kg/id/article/"
GRAPHS = pc.Graphs(a=ART + "ssc-myositis-overlap-adult", b=ART + "juvenile-uctd-scleroderma-jdm-overlap",
                   shared="https://w3id.org/guideline-kg/graph/shared")


def table(results: dict) -> str:
    lines = ["| server | passed | failed |", "|---|---|---|"]
    for server, cases in results["servers"].items():
        failed = [name for name, outcome in cases.items() if outcome != "pass"]
        lines.append(f"| {server} | {len(cases) - len(failed)} / {len(cases)} | "
                     + (", ".join(f"`{n}` ({cases[n].removeprefix('fail: ')})" for n in failed) or "none") + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    from kg.config import GRAPH_DIR
    from kg.publish.build import build

    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        build(GRAPH_DIR, store)
        results: dict = {"cases": len(pc.CASES), "oxigraph": oxigraph_version(), "servers": {}}
        for start, args in ((start_kg, ()), (start_oxigraph, ("--union-default-graph",))):
            server = start(store, *args)
            try:
                results["servers"][server.name] = pc.score(server.url, GRAPHS)
            finally:
                server.stop()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    text = table(results)
    print(text)
    print(f"wrote {RESULTS.relative_to(PROJECT)}" + ("; README table updated" if replace_block("serve-protocol", text)
                                                     else "; README has no serve-protocol block"))


if __name__ == "__main__":
    main()
