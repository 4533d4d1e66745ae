"""The CLI commands whose output is frozen in tests/golden/ (see tests/test_golden_cli.py).

Each case is a file name and the arguments of one `kg` call against the store built from graph/. Statement
text from the article files is left out (as on a machine without the seed articles), so the files hold only
what the graph says and no sentence of the sources.
"""

from __future__ import annotations

from pathlib import Path

from data import OVERLAP

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"

ADULT_WOMAN = ("--age", "45", "--sex", "female", "--weight", "70", "--height", "165", "--has", "diabetes")
CHILD = ("--age", "10", "--sex", "male", "--weight", "30", "--height", "135")
INADEQUATE_RESPONSE = ("--age", "45", "--weight", "70", "--response", "inadequate", "--has", "severe weakness",
                       "--avoid", "methotrexate")

CASES: dict[str, tuple[str, ...]] = {
    "paths-adult-woman.txt": ("paths", OVERLAP, *ADULT_WOMAN),
    "paths-adult-woman.json": ("paths", OVERLAP, *ADULT_WOMAN, "--format", "json"),
    "paths-child.txt": ("paths", OVERLAP, *CHILD),
    "paths-child.json": ("paths", OVERLAP, *CHILD, "--format", "json"),
    "paths-inadequate-response.txt": ("paths", OVERLAP, *INADEQUATE_RESPONSE),
    "paths-inadequate-response.json": ("paths", OVERLAP, *INADEQUATE_RESPONSE, "--format", "json"),
    # trace text is frozen through --impact: the back-trace text prints each reference's full citation line,
    # which repeats the seed articles' reference lists word for word (seed-overlap); its JSON is frozen instead
    "trace-methotrexate.json": ("trace", "methotrexate", "--format", "json"),
    "trace-impact.txt": ("trace", "--reference", "ref:imaj-2011-scleroderma-overlap-syndrome", "--impact"),
    "trace-impact.json": ("trace", "--reference", "ref:imaj-2011-scleroderma-overlap-syndrome", "--impact",
                          "--format", "json"),
    "compare-glucocorticoids.txt": ("compare", "glucocorticoids"),
    "compare-all.json": ("compare", "--format", "json"),
    "check.json": ("check", "--format", "json"),
    "query-first-line-therapies.json": ("query", "first-line-therapies", "--param", f"condition={OVERLAP}",
                                        "--format", "json"),
    "query-maximum-doses.csv": ("query", "maximum-doses", "--format", "csv"),
}


def no_article_files(monkeypatch_setattr, monkeypatch_delenv) -> None:
    """Leave the article files out of `kg trace` (its default directory made absent)."""
    import kg.config

    monkeypatch_delenv("KG_SOURCES", raising=False)
    monkeypatch_setattr(kg.config, "DEFAULT_SOURCES", Path("/nonexistent/kg-golden-no-sources"))
