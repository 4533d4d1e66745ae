"""Every output that states guidance carries the educational-use notice (project guide: "Outputs carry the
educational-use notice"). Text outputs end with it; the machine formats of `kg query` (W3C JSON, CSV, TSV)
have no place for a free-text line, so the notice goes to standard error there and stdout stays parseable."""

from __future__ import annotations

import json

import pytest
from data import run

from kg import EDUCATIONAL_NOTICE

# Commands whose standard output states guidance (doses, recommendations, evidence).
TEXT_OUTPUTS = [
    ("paths", "scleroderma-myositis overlap", "--age", "40"),
    ("trace", "methotrexate"),
    ("trace", "--reference", "ref:imaj-2011-scleroderma-overlap-syndrome", "--impact"),
    ("compare", "glucocorticoids"),
    ("query", "maximum-doses"),
    ("query", "doses-for-therapy", "--param", "therapy=MTX"),
]


@pytest.mark.parametrize("args", TEXT_OUTPUTS, ids=lambda a: " ".join(a[:3]))
def test_text_output_of_guidance_ends_with_the_educational_notice(args, cli_env) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    assert EDUCATIONAL_NOTICE in result.stdout


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv"])
def test_machine_formats_of_query_keep_stdout_parseable_and_put_the_notice_on_stderr(fmt, cli_env) -> None:
    result = run("query", "maximum-doses", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert EDUCATIONAL_NOTICE not in result.stdout
    assert EDUCATIONAL_NOTICE in result.stderr
    if fmt == "json":
        assert json.loads(result.stdout)["results"]["bindings"]
