"""Golden outputs: `kg paths` (text and JSON, three patients), `kg trace`, `kg trace --impact`, `kg compare`,
`kg check` and two named queries print exactly what tests/golden/ holds.

These files freeze behaviour so that moving code between modules can be shown to change nothing a user sees.
They are written only by `python scripts/regen-golden.py` (never by this test): after a deliberate change of
output, regenerate them and review the diff like any other change.
"""

from __future__ import annotations

import pytest
from data import run
from golden_cases import CASES, GOLDEN_DIR, no_article_files


@pytest.mark.parametrize("name", sorted(CASES))
def test_cli_output_matches_its_golden_file(name: str, cli_env, monkeypatch: pytest.MonkeyPatch) -> None:
    no_article_files(monkeypatch.setattr, monkeypatch.delenv)
    result = run(*CASES[name])
    golden = GOLDEN_DIR / name
    assert golden.is_file(), f"{golden} missing: run `python scripts/regen-golden.py`"
    assert result.stdout == golden.read_text(encoding="utf-8"), (
        f"`kg {' '.join(CASES[name])}` no longer prints {golden.name}; if the change is intended, run "
        "`python scripts/regen-golden.py` and review the diff")


def test_every_golden_file_belongs_to_a_case() -> None:
    assert sorted(p.name for p in GOLDEN_DIR.iterdir()) == sorted(CASES)
