"""docs/readme/*.md are generated from README.md by scripts/sync-readme-docs.py and must not drift."""

from __future__ import annotations

import re
import runpy
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "sync-readme-docs.py"
SYNC = runpy.run_path(str(SCRIPT))


def test_every_docs_readme_file_is_what_the_script_writes_from_readme():
    stale = SYNC["stale"](ROOT)
    assert not stale, (
        f"docs/readme/{', '.join(stale)} differ from README.md: edit README.md, then run "
        "`python scripts/sync-readme-docs.py`"
    )


def test_docs_readme_holds_no_file_the_script_does_not_write():
    on_disk = {p.name for p in (ROOT / "docs" / "readme").glob("*.md")}
    assert on_disk == set(SYNC["FILES"]), "a docs/readme file not generated from README.md would drift"


def test_each_readme_section_goes_to_at_most_one_file():
    seen: dict[str, str] = {}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    titles = [t for t, _ in SYNC["sections"](readme)]
    for name, prefixes in SYNC["FILES"].items():
        for prefix in prefixes:
            (title,) = [t for t in titles if t.startswith(prefix)]
            assert title not in seen, f"{title!r} in both {seen[title]} and {name}"
            seen[title] = name


def test_sync_repairs_a_drifted_copy_and_is_byte_stable(tmp_path):
    shutil.copy(ROOT / "README.md", tmp_path / "README.md")
    (tmp_path / "docs" / "readme").mkdir(parents=True)
    (tmp_path / "docs" / "readme" / "paths.md").write_text("stale copy\n", encoding="utf-8")
    assert "paths.md" in SYNC["stale"](tmp_path)
    assert set(SYNC["sync"](tmp_path)) == set(SYNC["FILES"])
    first = {p.name: p.read_bytes() for p in (tmp_path / "docs" / "readme").iterdir()}
    assert SYNC["sync"](tmp_path) == []  # nothing differs, nothing rewritten
    assert first == {p.name: p.read_bytes() for p in (tmp_path / "docs" / "readme").iterdir()}
    assert not [p for p in (tmp_path / "docs" / "readme").iterdir() if p.name.startswith(".")]  # no temp files left


def test_a_heading_inside_a_code_fence_does_not_split_a_section():
    text = "# T\n\n## A\n\n```\n## not a heading\n```\nafter\n\n## B\nb\n"
    assert [t for t, _ in SYNC["sections"](text)] == ["A", "B"]
    assert "after" in dict(SYNC["sections"](text))["A"]


def test_a_missing_section_is_a_clear_error():
    with pytest.raises(SystemExit, match="Treatment paths"):
        SYNC["render"]("# README\n\n## Something else\n")


_LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.mark.parametrize("doc", sorted([*(ROOT / "docs").glob("*.md"), *(ROOT / "docs" / "readme").glob("*.md"),
                                        ROOT / "README.md"]), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_relative_links_in_docs_resolve_to_files(doc):
    in_fence, broken = False, []
    for line in doc.read_text(encoding="utf-8").splitlines():
        if line.startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence:
            continue
        for target in _LINK.findall(line):
            path = target.split("#", 1)[0]
            if not path or re.match(r"^[a-z][a-z0-9+.-]*:", path, re.I):
                continue
            if not (doc.parent / path).exists():
                broken.append(target)
    assert not broken, f"{doc.relative_to(ROOT)}: links to missing files: {broken}"
