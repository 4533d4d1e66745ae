"""Queries beyond the documented size and depth bounds are refused by the guard, before any parser runs.

Before the bounds, a 20,000-step property path or a few thousand nested groups made pyoxigraph overflow
its stack (the child died with SIGSEGV and `kg query` said only "the query process ended without an
answer"), or made rdflib's parser fail with RecursionError or run for minutes. The bounds are
kg.store.sparql_text.MAX_NESTING, MAX_QUERY_TOKENS, MAX_QUERY_CHARS and MAX_PATH_STEPS (README "Reliability").
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import QueryError
from kg.store.guards import check_query, run_isolated
from kg.store.sparql_text import MAX_NESTING, MAX_PATH_STEPS, MAX_QUERY_TOKENS, QueryTooComplex

KG = str(Path(sys.executable).parent / "kg")
# The guard raises the recursion limit rdflib's parser needs; hypothesis notes it will not lower it again.
pytestmark = pytest.mark.filterwarnings("ignore:The recursion limit will not be reset")
P = "<http://x/p>"

# Each nesting form: (opening, core, closing) wrapped n times around a core that makes a valid query.
NESTINGS = {
    "group": ("SELECT * WHERE { ", "{", "?s ?p ?o", "}", " }"),
    "expression": ("SELECT * WHERE { ?s ?p ?o FILTER(", "(", "?o", ")", ") }"),
    "function": ("SELECT * WHERE { ?s ?p ?o FILTER(", "STR(", "?o", ")", ") }"),
    "negation": ("SELECT * WHERE { ?s ?p ?o FILTER(", "!(", "?o", ")", ") }"),
    "path": ("SELECT * WHERE { ?s ", "(", P, ")", " ?o }"),
    "sub-select": ("SELECT * WHERE { ", "{ SELECT * WHERE ", "{ ?s ?p ?o }", "}", " }"),
    "filter-exists": ("SELECT * WHERE { ?s ?p ?o ", "FILTER EXISTS { ?s ?p ?o ", "", "}", " }"),
    "optional": ("SELECT * WHERE { ?s ?p ?o ", "OPTIONAL { ?s ?p ?o ", "", "}", " }"),
    "blank-node": ("SELECT * WHERE { ?s ?p ", f"[ {P} ", "?o", "]", " }"),
    "collection": ("SELECT * WHERE { ?s ?p ", "( ", "?o", ")", " }"),
}


def _nested(form: str, n: int) -> str:
    head, opening, core, closing, tail = NESTINGS[form]
    return head + opening * n + core + closing * n + tail


def _outer_depth(form: str) -> int:
    """Brackets the form's fixed head already opens (the WHERE group, a FILTER's parenthesis)."""
    head = NESTINGS[form][0]
    return head.count("{") + head.count("(") + head.count("[")


def _mixed(forms: list[str]) -> str:
    """One query nesting several forms inside each other: groups, sub-selects, EXISTS, expressions."""
    text = "?s ?p ?o"
    for form in reversed(forms):
        if form == "group":
            text = "{ " + text + " }"
        elif form == "optional":
            text = "?s ?p ?o OPTIONAL { " + text + " }"
        elif form == "exists":
            text = "?s ?p ?o FILTER EXISTS { " + text + " }"
        elif form == "sub-select":
            text = "{ SELECT * WHERE { " + text + " } }"
    return "SELECT * WHERE { " + text + " }"


@settings(max_examples=60, deadline=None)
@given(form=st.sampled_from(sorted(NESTINGS)), n=st.integers(min_value=1, max_value=4 * MAX_NESTING))
def test_nesting_within_the_limit_is_checked_and_beyond_it_is_refused_with_the_limit(form: str, n: int) -> None:
    text = _nested(form, n)
    depth = _outer_depth(form) + n + NESTINGS[form][2].count("{")
    if depth <= MAX_NESTING:
        assert check_query(text).form == "SELECT"
    else:
        with pytest.raises(QueryTooComplex, match=f"nested too deeply.*the limit is {MAX_NESTING}"):
            check_query(text)


@settings(max_examples=40, deadline=None)
@given(forms=st.lists(st.sampled_from(["group", "optional", "exists", "sub-select"]), min_size=1, max_size=40))
def test_mixed_nesting_is_checked_within_the_limit_and_refused_beyond(forms: list[str]) -> None:
    text = _mixed(forms)
    depth = 1 + sum(2 if f == "sub-select" else 1 for f in forms)
    if depth <= MAX_NESTING:
        assert check_query(text).form == "SELECT"
    else:
        with pytest.raises(QueryTooComplex, match="nested too deeply"):
            check_query(text)


@settings(max_examples=40, deadline=None)
@given(op=st.sampled_from(["/", "|"]), n=st.integers(min_value=1, max_value=3 * MAX_PATH_STEPS),
       inverse=st.booleans())
def test_property_paths_longer_than_the_limit_are_refused(op: str, n: int, inverse: bool) -> None:
    step = ("^" if inverse else "") + P
    text = "SELECT * WHERE { ?s " + op.join([step] * n) + " ?o }"
    if n <= MAX_PATH_STEPS:
        assert check_query(text).form == "SELECT"
    else:
        with pytest.raises(QueryTooComplex, match=f"property path too long: {n} predicates.*limit is {MAX_PATH_STEPS}"):
            check_query(text)


@settings(max_examples=15, deadline=None)
@given(n=st.integers(min_value=MAX_QUERY_TOKENS // 6, max_value=5 * MAX_QUERY_TOKENS),
       chain=st.sampled_from(["union", "and", "triples", "values"]))
def test_long_chains_are_refused_by_size_not_left_to_time_out(n: int, chain: str) -> None:
    if chain == "union":
        text = "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * n) + " }"
    elif chain == "and":
        text = "SELECT * WHERE { ?s ?p ?o FILTER(" + " && ".join(["?o"] * n) + ") }"
    elif chain == "triples":
        text = "SELECT * WHERE { " + " ".join(f"?s{i} {P} ?o ." for i in range(n)) + " }"
    else:
        text = "SELECT * WHERE { VALUES ?x { " + " ".join(f'"{i}"' for i in range(n)) + " } }"
    from kg.store.sparql_text import strict_tokens

    if len(strict_tokens(text)) <= MAX_QUERY_TOKENS:
        assert check_query(text).form == "SELECT"  # no RecursionError ("nested too deeply") on flat input
    else:
        with pytest.raises(QueryTooComplex, match=f"query too large.*limit is {MAX_QUERY_TOKENS:,}"):
            check_query(text)


def test_a_huge_literal_is_refused_by_length() -> None:
    with pytest.raises(QueryTooComplex, match="characters"):
        check_query('SELECT * WHERE { ?s ?p "' + "a" * 1_100_000 + '" }')


def test_kg_query_refuses_a_20000_step_path_with_one_line_and_exit_2(cli_env: dict, tmp_path: Path) -> None:
    query = tmp_path / "long.rq"
    query.write_text("SELECT * WHERE { ?s " + "/".join(["kgv:treats"] * 20_000) + " ?o }")
    done = subprocess.run([KG, "query", str(query), "--timeout", "120"], capture_output=True, text=True,
                          env=cli_env, timeout=120)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "query too large" in lines[0] and f"{MAX_QUERY_TOKENS:,}" in lines[0], lines


def test_kg_query_refuses_deep_groups_naming_the_limit(cli_env: dict, tmp_path: Path) -> None:
    query = tmp_path / "deep.rq"
    query.write_text("SELECT * WHERE " + "{" * 5000 + "?s ?p ?o" + "}" * 5000)
    done = subprocess.run([KG, "query", str(query)], capture_output=True, text=True, env=cli_env, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [done.stderr.strip()]
    assert f"the limit is {MAX_NESTING}" in done.stderr


def test_a_crashed_query_child_is_reported_as_a_crash_with_its_signal() -> None:
    # Before: "the query process ended without an answer", with no hint that the engine died.
    with pytest.raises(QueryError, match="crashed \\(SIGSEGV\\)"):
        run_isolated(lambda: os.kill(os.getpid(), signal.SIGSEGV), timeout=30)


def test_kg_serve_answers_400_with_the_limit_for_deep_and_long_queries(store_path: Path) -> None:
    from serve_server import Server

    server = Server(store_path)
    try:
        for text, words in [("SELECT * WHERE " + "{" * 3000 + "?s ?p ?o" + "}" * 3000, "nested too deeply"),
                            ("SELECT * WHERE { ?s " + "/".join([P] * 20_000) + " ?o }", "query too large"),
                            ("SELECT * WHERE { ?s " + "/".join([P] * 200) + " ?o }", "property path too long")]:
            body = urllib.parse.urlencode({"query": text}).encode()
            request = urllib.request.Request(server.url, data=body, method="POST",
                                             headers={"Content-Type": "application/x-www-form-urlencoded",
                                                      "Accept": "application/sparql-results+json"})
            with pytest.raises(urllib.error.HTTPError) as caught:
                urllib.request.urlopen(request, timeout=60)
            assert caught.value.code == 400
            message = caught.value.read().decode()
            assert words in message and "the limit is" in message, message
        # and the server still answers an ordinary query
        with urllib.request.urlopen(server.url + "?query=" + urllib.parse.quote("ASK { ?s ?p ?o }"),
                                    timeout=60) as answer:
            assert json.loads(answer.read())["boolean"] is True
    finally:
        server.stop()
