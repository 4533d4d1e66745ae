"""Write docs/readme/<name>.md from named top-level (`## `) sections of README.md.

README.md is the single source: each docs/readme file is a copy of the sections listed in FILES, with
relative links rewritten so they still resolve from docs/readme/. Never edit a docs/readme file by hand;
edit README.md and run

    python scripts/sync-readme-docs.py            # rewrite the files that differ
    python scripts/sync-readme-docs.py --check    # exit 1 and name the files that differ

Writes are atomic (temporary file + rename) and byte-stable: the same README gives the same bytes, and a
file already up to date is not touched. tests/test_readme_docs_sync.py fails when a file has drifted.
"""

from __future__ import annotations

import os
import posixpath
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS_DIR = ROOT / "docs" / "readme"

# File name -> the README sections it holds, in order, each named by the start of its `## ` heading
# (a prefix, so that a reworded tail does not need an edit here; it must match exactly one heading).
# A section appears in at most one file.
FILES: dict[str, tuple[str, ...]] = {
    "paths.md": ("Treatment paths",),
    "evidence.md": ("Evidence: tracing, integrity and comparison",),
    "viz.md": ("Looking at the graph: `kg viz`", "Notebooks"),
    "import.md": ("Importing new articles",),
    "stores.md": ("Stores, the SPARQL endpoint and remote triple stores",),
}

HEADER = "<!-- generated from README.md by scripts/sync-readme-docs.py: edit README.md, then run the script -->\n\n"

_FENCE = re.compile(r"^(```|~~~)")
_LINK = re.compile(r"(\]\()([^)\s]+)(\))")


def sections(readme_text: str) -> list[tuple[str, str]]:
    """The README's top-level sections as (heading title, text from the heading to the next one).

    A `## ` line inside a fenced code block is not a heading.
    """
    found: list[tuple[str, list[str]]] = []
    in_fence = False
    for line in readme_text.splitlines(keepends=True):
        if _FENCE.match(line):
            in_fence = not in_fence
        if not in_fence and line.startswith(("# ", "## ")):
            # a `# ` heading ends the previous section and starts no named one
            found.append((line[3:].strip() if line.startswith("## ") else "", [line]))
        elif found:
            found[-1][1].append(line)
    return [(title, "".join(lines)) for title, lines in found if title]


def _slugs(text: str) -> set[str]:
    """GitHub-style anchors of the headings in text."""
    out = set()
    for line in text.splitlines():
        m = re.match(r"^#{1,6} (.*)$", line)
        if m:
            slug = re.sub(r"[^\w\- ]", "", m.group(1).strip().lower()).replace(" ", "-")
            out.add(slug)
    return out


def _rewrite_links(text: str) -> str:
    """Make README-relative link targets resolve from docs/readme/ (anchors to sections not copied here
    point back into README.md)."""
    here = _slugs(text)
    rel_dir = DOCS_DIR.relative_to(ROOT).as_posix()

    def fix(m: re.Match[str]) -> str:
        target = m.group(2)
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("/"):
            return m.group(0)  # absolute URL, mailto:, or site-absolute path
        if target.startswith("#"):
            if target[1:] in here:
                return m.group(0)
            return f"{m.group(1)}{posixpath.relpath('README.md', rel_dir)}{target}{m.group(3)}"
        path, sep, anchor = target.partition("#")
        return f"{m.group(1)}{posixpath.relpath(path, rel_dir)}{sep}{anchor}{m.group(3)}"

    out, in_fence = [], False
    for line in text.splitlines(keepends=True):
        if _FENCE.match(line):
            in_fence = not in_fence
        out.append(line if in_fence else _LINK.sub(fix, line))
    return "".join(out)


def render(readme_text: str) -> dict[str, str]:
    """The text each docs/readme file should hold, from the README's text."""
    secs = sections(readme_text)
    used: dict[str, str] = {}
    result = {}
    for name, prefixes in FILES.items():
        parts = []
        for prefix in prefixes:
            hits = [(t, s) for t, s in secs if t.startswith(prefix)]
            if len(hits) != 1:
                raise SystemExit(
                    f"README.md: {len(hits)} `## ` headings start with {prefix!r} (wanted for docs/readme/{name}); "
                    "fix FILES in scripts/sync-readme-docs.py"
                )
            title, text = hits[0]
            if title in used:
                raise SystemExit(f"README section {title!r} is mapped to both {used[title]} and {name}")
            used[title] = name
            parts.append(text.rstrip("\n") + "\n")
        result[name] = HEADER + _rewrite_links("\n".join(parts))
    return result


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        tmp.write_bytes(text.encode("utf-8"))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def stale(root: Path = ROOT) -> list[str]:
    """Names of the docs/readme files whose bytes differ from what sync() would write."""
    want = render((root / "README.md").read_text(encoding="utf-8"))
    docs = root / DOCS_DIR.relative_to(ROOT)
    return [n for n, t in want.items() if not (docs / n).exists() or (docs / n).read_bytes() != t.encode("utf-8")]


def sync(root: Path = ROOT) -> list[str]:
    """Rewrite the docs/readme files that differ from README.md; returns the names written."""
    want = render((root / "README.md").read_text(encoding="utf-8"))
    docs = root / DOCS_DIR.relative_to(ROOT)
    docs.mkdir(parents=True, exist_ok=True)
    written = []
    for name in stale(root):
        _write_atomic(docs / name, want[name])
        written.append(name)
    return written


def main(argv: list[str]) -> int:
    if argv[1:] == ["--check"]:
        names = stale()
        for n in names:
            print(f"docs/readme/{n} differs from README.md; run: python scripts/sync-readme-docs.py", file=sys.stderr)
        return 1 if names else 0
    if argv[1:]:
        print("usage: sync-readme-docs.py [--check]", file=sys.stderr)
        return 2
    for n in sync():
        print(f"wrote docs/readme/{n}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
