"""`kg query` and listings through the CLI; every output format parsed back by a real parser."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from kg import EDUCATIONAL_NOTICE
from kg.config import GRAPH_DIR
from kg.read.queries import named_queries
from kg_cli.main import main


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_at_least_ten_named_queries_are_shipped_with_titles_and_examples():
    registry = named_queries(GRAPH_DIR / "queries")
    assert len(registry) >= 10
    for q in registry.values():
        assert q.title and q.description and q.examples, q.name


@pytest.mark.parametrize("name", sorted(named_queries(GRAPH_DIR / "queries")))
def test_every_named_query_example_runs_and_returns_rows(cli_env, name):
    example = named_queries(GRAPH_DIR / "queries")[name].examples[0]
    import shlex

    args = shlex.split(example)[1:] + ["--format", "json"]
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["results"]["bindings"], f"{name} returned no rows"


def test_json_output_is_w3c_sparql_results_json(cli_env):
    result = run(
        "query", "first-line-therapies", "--param", "condition=scleroderma-myositis overlap", "--format", "json"
    )
    doc = json.loads(result.stdout)
    assert "therapy" in doc["head"]["vars"]
    therapies = {b["therapy"]["value"] for b in doc["results"]["bindings"]}
    # Adult: prednisone + methotrexate; juvenile (narrower condition): methylprednisolone, prednisolone, methotrexate.
    assert therapies == {"prednisone", "methotrexate", "methylprednisolone", "prednisolone"}
    assert all(b["therapy"]["type"] == "literal" for b in doc["results"]["bindings"])


def test_first_line_therapies_say_which_patients_a_step_needs(cli_env):
    # Adult article: IV methylprednisolone is added for severe weakness, dysphagia or respiratory muscle
    # involvement (the opening summary: for severe cases); prednisone 0.5–1 mg/kg/day is for every adult.
    # Before the whenAnyOf column, the query listed IV methylprednisolone as first line with no condition.
    doc = json.loads(run("query", "first-line-therapies", "--param", "condition=scleroderma-myositis overlap",
                         "--format", "json").stdout)
    assert {"whenAnyOf", "whenAllOf"} <= set(doc["head"]["vars"])
    adult = [b for b in doc["results"]["bindings"] if b["population"]["value"] == "adults"]
    mp = [b for b in adult if b["therapy"]["value"] == "methylprednisolone"]
    assert mp, "adult IV methylprednisolone for severe cases is first line"
    needs = set(mp[0]["whenAnyOf"]["value"].split(" | "))
    assert {"severe weakness", "dysphagia", "respiratory muscle involvement"} <= needs
    prednisone = [b for b in adult if b["therapy"]["value"] == "prednisone"]
    assert prednisone and all("whenAnyOf" not in b and "whenAllOf" not in b for b in prednisone)


def test_csv_and_tsv_outputs_parse_with_the_csv_module(cli_env):
    out = run("query", "maximum-doses", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    mtx = [r for r in rows if r["therapy"] == "methotrexate"]
    assert len(mtx) == 2 and {r["maximum"] for r in mtx} == {"40 mg/week"}
    assert any(r["maximum"] == "no maximum stated" for r in rows)
    tsv = list(csv.reader(io.StringIO(run("query", "maximum-doses", "--format", "tsv").stdout), delimiter="\t"))
    assert tsv[0][0] == "?article" and len(tsv) == len(rows) + 1


def test_table_output_is_readable_with_row_count(cli_env):
    out = run("query", "alternatives-when-unavailable", "-p", "therapy=MTX").stdout
    # the table ends with its row count, then the educational-use notice
    lines = out.rstrip().splitlines()
    assert "azathioprine" in out and "contraindicated" in out and lines[-2].endswith("rows)")
    assert lines[-1] == EDUCATIONAL_NOTICE


def test_parameter_accepts_label_synonym_abbreviation_curie_and_iri(cli_env):
    outputs = {
        spec: run("query", "doses-for-therapy", "-p", f"therapy={spec}", "--format", "csv").stdout
        for spec in (
            "IVIG",
            "intravenous immunoglobulin",
            "Intravenous-Immunoglobulin",
            "th:ivig",
            "https://w3id.org/guideline-kg/id/therapy/ivig",
        )
    }
    assert len(set(outputs.values())) == 1 and "ideal body weight" in next(iter(outputs.values()))


def test_sparql_text_and_rq_file_are_accepted(cli_env, tmp_path):
    text = 'SELECT ?d WHERE { ?d a kgv:Drug ; kgv:abbreviation "MTX" }'
    assert "th:methotrexate" in run("query", text).output
    path = tmp_path / "q.rq"
    path.write_text(text)
    assert "th:methotrexate" in run("query", str(path)).output


@pytest.mark.parametrize(
    "args, message",
    [
        (["query", "SELECT ?x WHERE { ?x a "], "SPARQL syntax error: line 1"),
        (["query", "missing.rq"], "query file not found"),
        (["query", "no-such-query"], "unknown query"),
        (["query", "first-line-therapies", "-p", "colour=red"], "unknown parameter 'colour'"),
        (["query", "first-line-therapies"], "needs --param condition"),
        (["query", "first-line-therapies", "-p", "condition=sclerodermia"], "closest: scleroderma"),
        (["query", "first-line-therapies", "-p", "nonsense"], "malformed --param"),
    ],
)
def test_bad_queries_exit_2_with_one_line_and_no_traceback(cli_env, args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_listings_in_table_and_json(cli_env):
    conditions = json.loads(run("conditions", "--format", "json").output)["results"]["bindings"]
    assert any(b["label"]["value"] == "scleroderma-myositis overlap" for b in conditions)
    therapies = run("therapies").output
    assert "MTX" in therapies and "MMF" in therapies and "IVIG" in therapies
    refs = json.loads(run("references", "--format", "json").output)["results"]["bindings"]
    shared = [b for b in refs if b["title"]["value"] == "Guideline Directed Topic Overview"]
    assert len(shared) == 1 and " | " in shared[0]["citedBy"]["value"]


def test_missing_store_says_to_run_build(tmp_path):
    result = CliRunner().invoke(main, ["conditions", "--store", str(tmp_path / "nothing")])
    assert result.exit_code == 1 and "run `kg build` first" in result.output
