"""Guards of `kg query` (shared with `kg serve`): refused query forms, a timeout that really stops the query,
and a row cap that says when it cut."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.store.guards import QueryRefused, UpdateRefused, check_query
from kg.store.sparql_text import tokenize, where_brace

KG = str(Path(sys.executable).parent / "kg")
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }"


def kg(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([KG, *args], capture_output=True, text=True, env={**__import__("os").environ, **env})


@pytest.mark.parametrize("text", ["INSERT DATA { <a> <b> <c> }", "load <file:///etc/passwd>", "CLEAR ALL",
                                  "WITH <g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"])
def test_updates_are_refused(text: str) -> None:
    with pytest.raises(UpdateRefused):
        check_query(text)


def test_service_is_refused_even_in_lower_case() -> None:
    with pytest.raises(QueryRefused, match="SERVICE"):
        check_query("select * { service <http://x/> { ?s ?p ?o } }")


def test_keywords_in_strings_comments_iris_and_variables_are_data() -> None:
    checked = check_query('SELECT ?service ?load WHERE { ?s <http://x/#DROP> "INSERT" } # DELETE')
    assert checked.form == "SELECT" and checked.from_graphs == []


def test_from_graphs_are_expanded_for_the_store_check() -> None:
    checked = check_query("PREFIX ex: <http://example.org/> SELECT * FROM ex:g FROM NAMED <http://h> { ?s ?p ?o }")
    assert checked.from_graphs == ["http://example.org/g", "http://h"]


def test_tokenizer_keeps_a_string_with_a_hash_whole() -> None:
    assert [t.kind for t in tokenize('"a # b" ?x')] == ["string", "var"]


def test_where_brace_skips_the_construct_template() -> None:
    text = "CONSTRUCT { ?s ?p ?o } { ?s ?p ?o }"
    assert text[:where_brace(text)] == "CONSTRUCT { ?s ?p ?o } {"


def test_cli_timeout_stops_the_query_with_one_line_error(cli_env: dict[str, str]) -> None:
    t0 = time.monotonic()
    proc = kg("query", SLOW, "--timeout", "1", env=cli_env)
    elapsed = time.monotonic() - t0
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [proc.stderr.strip()]  # one line, no traceback
    assert "timed out after 1 s" in proc.stderr
    assert elapsed < 8, "stopped at the timeout, not when the query would have finished"


def test_cli_cap_states_truncation_in_table_and_on_stderr(cli_env: dict[str, str], store) -> None:
    total = len(store.select("SELECT ?s WHERE { ?s a kgv:Statement }"))
    assert total > 3
    table = kg("query", "SELECT ?s WHERE { ?s a kgv:Statement }", "--max-rows", "3", env=cli_env)
    # the row count is the table's last line; the educational-use notice follows it
    assert table.returncode == 0 and table.stdout.rstrip().splitlines()[-2].endswith("(3 rows, truncated)")
    as_csv = kg("query", "SELECT ?s WHERE { ?s a kgv:Statement }", "--max-rows", "3", "--format", "csv", env=cli_env)
    assert len(as_csv.stdout.splitlines()) == 1 + 3
    assert "truncated to the first 3 rows" in as_csv.stderr


def test_cli_refuses_from_outside_the_store(cli_env: dict[str, str]) -> None:
    proc = kg("query", "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", env=cli_env)
    assert proc.returncode == 2
    assert "not a graph of this store" in proc.stderr
