"""How `kg import` scales with article size: time to read and draft a synthetic article of N MB.

Run: .venv/bin/python benchmarks/import_scale.py [store] [MB ...]   (default store .kg/store; sizes 1 10)
The article repeats the fixture gout article's sections under numbered headings, so it has the
seed layout's full mix (lead-ins, nested bullets, doses, markers). Linear time shows as a constant
seconds-per-MB across sizes.
"""

from __future__ import annotations

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


def run(lexicon: Lexicon, megabytes: float) -> tuple[float, int]:
    data = synthetic_article(megabytes)
    start = time.perf_counter()
    article, _ = read_any(data, "synthetic.txt")
    draft = build_draft(article, lexicon, "synthetic.txt")
    return time.perf_counter() - start, len(draft.statements)


def main(argv: list[str]) -> None:
    store = argv[1] if len(argv) > 1 else store_location()
    sizes = [float(x) for x in argv[2:]] or [1.0, 10.0]
    lexicon = Lexicon.from_store(open_store(store))
    for mb in sizes:
        seconds, statements = run(lexicon, mb)
        print(f"{mb:6.1f} MB: {statements:8d} statements in {seconds:7.2f} s ({seconds / mb:6.2f} s/MB)")


if __name__ == "__main__":
    main(sys.argv)
