"""Regenerate tests/golden/ (the frozen CLI outputs of tests/test_golden_cli.py) from graph/.

Builds a fresh store from graph/ in a temporary directory, runs every case of tests/golden_cases.py through
the CLI exactly as the test does, and rewrites the files. Run it only after a deliberate change of output,
then review `git diff tests/golden/`:

    .venv/bin/python scripts/regen-golden.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from data import run  # noqa: E402
from golden_cases import CASES, GOLDEN_DIR, no_article_files  # noqa: E402

from kg.config import GRAPH_DIR  # noqa: E402
from kg.publish.build import build  # noqa: E402


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        build(GRAPH_DIR, store)
        os.environ["KG_STORE"] = str(store)
        no_article_files(lambda obj, name, value: setattr(obj, name, value),
                         lambda name, raising=False: os.environ.pop(name, None))
        GOLDEN_DIR.mkdir(exist_ok=True)
        for old in GOLDEN_DIR.iterdir():
            if old.name not in CASES:
                old.unlink()
        for name, args in sorted(CASES.items()):
            result = run(*args)
            if result.exit_code != 0:
                print(f"kg {' '.join(args)} exited {result.exit_code}: {result.output}", file=sys.stderr)
                return 1
            (GOLDEN_DIR / name).write_text(result.stdout, encoding="utf-8")
            print(f"wrote tests/golden/{name} ({len(result.stdout)} characters)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
