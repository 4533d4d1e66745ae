"""Command x engine parity: run the commands users run, on any store, and compare with the embedded store.

The cases are the documented examples themselves (every named query's `# example:`, the examples in
`kg paths/trace/compare/viz --help`), plus the listings, `kg check` and `kg export`. Each runs through the
real CLI (click's test runner, in process); a case passes on an engine when its exit code, standard
output and written file are byte-identical to the embedded store's.

The README's parity table (between `<!-- parity:start -->` and `<!-- parity:end -->`) is checked against
what tests/test_conformance.py measures; `python tests/parity.py` prints the measured table to paste.
"""

from __future__ import annotations

import re
import shlex
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from kg.config import GRAPH_DIR
from kg.read.catalog import LISTINGS
from kg.read.queries import named_queries
from kg_cli.main import main as cli

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
ENGINES = ("embedded Oxigraph", "rdflib", "Oxigraph server", "Virtuoso 7.2")


@dataclass(frozen=True)
class Case:
    command: str  # the row of the parity table
    args: tuple[str, ...]  # arguments after `kg`, without --store; "{out}" stands for a file to write

    @property
    def label(self) -> str:
        return " ".join(shlex.quote(a) for a in self.args)


def _help_examples(command: str) -> list[list[str]]:
    result = CliRunner().invoke(cli, [command, "--help"])
    out = []
    for line in result.output.splitlines():
        line = line.strip()
        if line.startswith(f"kg {command}"):
            out.append(shlex.split(line)[1:])
    return out


def _viz_args(args: list[str]) -> list[str]:
    args = [a for a in args if a != "--open"]
    if "-o" in args:
        args[args.index("-o") + 1] = "{out}"
    else:
        args += ["-o", "{out}"]
    return args


# rdflib's engine needs about 9 minutes for every case on 2 cores; CI runs these commands on it, and the
# README marks the rest as measured by hand (`python tests/parity.py rdflib`).
QUICK_COMMANDS = ("kg query (named queries)", "kg conditions", "kg therapies", "kg references", "kg check", "kg export")


def cases(commands: tuple[str, ...] | None = None) -> list[Case]:
    return [c for c in _all_cases() if commands is None or c.command in commands]


def _all_cases() -> list[Case]:
    out: list[Case] = []
    for query in named_queries(GRAPH_DIR / "queries").values():
        for example in query.examples[:1]:
            args = shlex.split(example)[1:]
            if "--format" not in args:
                args += ["--format", "json"]
            args += ["--timeout", "120"]  # parity is about answers; a slow engine is not a wrong one
            out.append(Case("kg query (named queries)", tuple(args)))
    for kind in sorted(LISTINGS):
        out.append(Case(f"kg {kind}", (kind, "--format", "json")))
    for args in _help_examples("paths"):
        out.append(Case("kg paths", tuple(args)))
        out.append(Case("kg paths", (*args, "--walk", "sparql")))
    for args in _help_examples("trace"):
        if "--sources" not in args:
            out.append(Case("kg trace", tuple(args)))
    for args in _help_examples("compare"):
        out.append(Case("kg compare", tuple(args)))
    for args in _help_examples("viz"):
        out.append(Case("kg viz", tuple(_viz_args(args))))
    out.append(Case("kg check", ("check", "--format", "json")))
    out.append(Case("kg check", ("check",)))
    for fmt in ("nq", "trig", "ttl", "nt", "jsonld"):
        out.append(Case("kg export", ("export", "--format", fmt)))
    return out


def run(case: Case, location: str, workdir: Path, env: dict[str, str] | None = None) -> tuple[int, str, bytes]:
    """Exit code, standard output and the written file's bytes of one case on one store."""
    workdir.mkdir(parents=True, exist_ok=True)
    target = workdir / "out.file"  # the same path on every store: commands print the path they wrote
    target.unlink(missing_ok=True)
    args = [a.replace("{out}", str(target)) for a in case.args] + ["--store", location]
    result = CliRunner().invoke(cli, args, env={"KG_STORE": None, **(env or {})})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    written = target.read_bytes() if target.exists() else b""
    stdout = result.stdout.replace(str(target), "<out>").replace(location, "<store>")
    return result.exit_code, stdout, written.replace(location.encode(), b"<store>")


def compare_engine(reference: str, location: str, workdir: Path, env: dict[str, str] | None = None,
                   ref_cache: dict | None = None, commands: tuple[str, ...] | None = None,
                   ) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """Per command: (cases identical to the reference store, cases); and the labels of the cases that differ."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    failures = []
    for case in cases(commands):
        expected = ref_cache.get(case) if ref_cache is not None else None
        if expected is None:
            expected = run(case, reference, workdir)
            if ref_cache is not None:
                ref_cache[case] = expected
        try:
            got = run(case, location, workdir, env)
        except Exception as e:  # noqa: BLE001 - a crash is a failed case, reported with the others
            got = (-1, f"{type(e).__name__}: {e}", b"")
        counts[case.command][1] += 1
        if got == expected:
            counts[case.command][0] += 1
        else:
            failures.append(f"kg {case.label}: exit {got[0]} vs {expected[0]}; {_first_difference(got, expected)}")
    return {k: (v[0], v[1]) for k, v in counts.items()}, failures


def _first_difference(got: tuple, expected: tuple) -> str:
    for name, a, b in (("stdout", got[1], expected[1]), ("file", got[2], expected[2])):
        if a != b:
            i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
            return f"{name} differs at {i}: {a[max(0, i - 60):i + 60]!r} vs {b[max(0, i - 60):i + 60]!r}"
    return "same output"


def readme_table() -> dict[str, dict[str, str]]:
    """The parity table in the README: {command: {engine: "passed/total"}}."""
    text = README.read_text(encoding="utf-8")
    block = re.search(r"<!-- parity:start -->(.*?)<!-- parity:end -->", text, re.DOTALL)
    if not block:
        return {}
    lines = [line for line in block.group(1).splitlines() if line.startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    table = {}
    for line in lines[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        table[cells[0].strip("`")] = dict(zip(header[1:], cells[1:], strict=False))
    return table


def format_table(measured: dict[str, dict[str, tuple[int, int]]]) -> str:
    commands = sorted({c for per in measured.values() for c in per})
    lines = ["| command | " + " | ".join(ENGINES) + " |", "| --- |" + " --- |" * len(ENGINES)]
    for command in commands:
        cells = []
        for engine in ENGINES:
            got = measured.get(engine, {}).get(command)
            cells.append(f"{got[0]}/{got[1]}" if got else "not run")
        lines.append(f"| `{command}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    # Measure one engine by hand: python tests/parity.py rdflib|URL [REFERENCE_STORE]
    import sys
    import tempfile

    target = sys.argv[1]
    reference = sys.argv[2] if len(sys.argv) > 2 else str(ROOT / ".kg" / "store")
    location = f"rdflib:{reference}" if target == "rdflib" else target
    with tempfile.TemporaryDirectory() as tmp:
        counts, failures = compare_engine(reference, location, Path(tmp))
    for command, (ok, total) in sorted(counts.items()):
        print(f"{command}: {ok}/{total}")
    print("\n".join(failures))
