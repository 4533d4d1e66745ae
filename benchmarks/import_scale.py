"""How `kg import` scales with article size: time to read and draft a synthetic article of N MB.

Run: .venv/bin/python benchmarks/import_scale.py [store] [MB ...]   (default store .kg/store; sizes 0.1 1)
The article repeats the fixture gout article's sections under numbered headings, so it has the
seed layout's full mix (lead-ins, nested bullets, doses, markers). Linear time shows as a constant
seconds-per-MB across sizes; the script reports each size's time as a ratio to the smallest size's,
measured in the same run (wall and CPU), and writes benchmarks/results/import-scale.json. This
replaces a timed unit test: speed is measured here, never asserted in tests/.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from kg.config import store_location
from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from kg.importer.recognise import Lexicon
from kg.store import open_store

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "import" / "gout-flare.txt"


def synthetic_article(megabytes: float) -> bytes:
    text = FIXTURE.read_text(encoding="utf-8")
    head, rest = text.split("First-line Options", 1)
    body, refs = rest.split("References", 1)
    block = "First-line Options" + body
    parts, size, n = [head], len(head), 0
    while size < megabytes * 1_000_000:
        n += 1
        chunk = block.replace("First-line Options", f"Part {n} Options").replace(
            "\nMonitoring\n", f"\nMonitoring {n}\n"
        )
        chunk = chunk.replace("When Colchicine", f"Part {n} When Colchicine").replace(
            "Preventing Further", f"Part {n} Preventing"
        )
        parts.append(chunk)
        size += len(chunk)
    parts.append("References" + refs)
    return "".join(parts).encode("utf-8")


RESULTS = Path(__file__).resolve().parent / "results" / "import-scale.json"


def run(lexicon: Lexicon, megabytes: float) -> tuple[float, int, float]:
    """(wall seconds, statements drafted, CPU seconds) to read and draft a synthetic article."""
    data = synthetic_article(megabytes)
    start, cpu = time.perf_counter(), time.process_time()
    article, _ = read_any(data, "synthetic.txt")
    draft = build_draft(article, lexicon, "synthetic.txt")
    return time.perf_counter() - start, len(draft.statements), time.process_time() - cpu


def main(argv: list[str]) -> None:
    store = argv[1] if len(argv) > 1 else store_location()
    sizes = sorted(float(x) for x in argv[2:]) or [0.1, 1.0]
    lexicon = Lexicon.from_store(open_store(store))
    run(lexicon, 0.02)  # warm up: loads the drug lexicon once
    rows = []
    for mb in sizes:
        wall, statements, cpu = run(lexicon, mb)
        rows.append({"megabytes": mb, "statements": statements, "wall_s": round(wall, 3), "cpu_s": round(cpu, 3)})
    base = rows[0]
    for row in rows:
        size_ratio = row["megabytes"] / base["megabytes"]
        row["size_ratio"] = round(size_ratio, 2)
        row["wall_ratio"] = round(row["wall_s"] / base["wall_s"], 2) if base["wall_s"] else None
        row["cpu_ratio"] = round(row["cpu_s"] / base["cpu_s"], 2) if base["cpu_s"] else None
        print(
            f"{row['megabytes']:6.2f} MB: {row['statements']:8d} statements in {row['wall_s']:7.2f} s wall, "
            f"{row['cpu_s']:7.2f} s CPU; {row['size_ratio']}x the size took {row['wall_ratio']}x the wall time, "
            f"{row['cpu_ratio']}x the CPU (linear: ~{row['size_ratio']}x)"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"benchmark": "import_scale", "rows": rows}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv)
