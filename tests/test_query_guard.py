"""The guard decides on the parsed query, and the engine runs exactly what was checked.

A real HTTP server on 127.0.0.1 stands in for any address a query might reach: SERVICE, LOAD and FROM
hidden by every spelling SPARQL allows (comments ended by LF or CR, codepoint escapes, escaped local
names, case, white space, nesting) must never make it receive a request, through `kg query`'s guarded
path, named queries, or build rules run by rdflib.
"""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.config import GRAPH_DIR
from kg.errors import BuildFailed, KgError
from kg.publish.build import compile_sources
from kg.read.queries import named_queries
from kg.store.guards import Limits, QueryRefused, check_query, check_rule, guarded_query
from kg.store.memory import MemoryStore

EMPTY_RESULTS = b'{"head":{"vars":["s","p","o"]},"results":{"bindings":[]}}'


class Listener:
    """A SPARQL-looking endpoint on 127.0.0.1 that counts every request it receives."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                listener.requests.append(f"{self.command} {self.path}")
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(EMPTY_RESULTS)))
                self.end_headers()
                self.wfile.write(EMPTY_RESULTS)

            do_GET = do_POST = _answer  # noqa: N815 - stdlib handler names

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


def _run_guarded(store_path: Path, text: str) -> None:
    """Run through the guarded path; a refusal or a query error is fine, a request to the listener is not."""
    try:
        guarded_query(str(store_path), text, Limits(timeout=10))
    except KgError:
        pass


# ---------------------------------------------------------------- the three reproduced bypasses


def test_quote_inside_an_escaped_local_name_does_not_hide_service(store_path: Path, listener: Listener) -> None:
    # The old tokenizer read `\'` as opening a string that the `#'` closes, hiding SERVICE from it.
    text = f"SELECT * WHERE {{ ?s kgv:a\\' ?o . SERVICE <{listener.url}> {{ ?s ?p ?o }} }} #'"
    before = len(listener.requests)
    with pytest.raises(KgError):
        guarded_query(str(store_path), text, Limits(timeout=10))
    assert len(listener.requests) == before


def test_comment_ended_by_carriage_return_does_not_hide_service(store_path: Path, listener: Listener) -> None:
    # SPARQL ends a comment at CR as well as LF; the old tokenizer ran the comment on to the next LF.
    text = f"SELECT * WHERE {{ #x\r SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    before = len(listener.requests)
    with pytest.raises(QueryRefused, match="SERVICE"):
        guarded_query(str(store_path), text, Limits(timeout=10))
    assert len(listener.requests) == before


def test_codepoint_escape_inside_an_iri_does_not_hide_service(store_path: Path, listener: Listener) -> None:
    # `\u0041` inside <...> made the old tokenizer see a quote-delimited string instead of an IRI.
    text = f"SELECT * WHERE {{ <http://x/\\u0041'> ?p ?o . SERVICE <{listener.url}> {{ ?s ?p ?o }} }} #'"
    before = len(listener.requests)
    with pytest.raises(QueryRefused, match="SERVICE"):
        guarded_query(str(store_path), text, Limits(timeout=10))
    assert len(listener.requests) == before


def test_the_engine_runs_the_canonical_text_the_guard_checked() -> None:
    checked = check_query("select ?s { ?s a kgv:Drug } # a comment\r")
    assert checked.text == "select ?s { ?s a <https://w3id.org/guideline-kg/vocab#Drug> }"


def test_every_named_query_and_rule_passes_the_guard() -> None:
    for query in named_queries(GRAPH_DIR / "queries").values():
        assert check_query(query.text).form in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"), query.name
    for rule in sorted((GRAPH_DIR / "rules").glob("*.rq")):
        assert check_rule(rule.read_text(encoding="utf-8"), rule.name)


def test_oxigraph_only_syntax_is_refused_not_run_unchecked() -> None:
    with pytest.raises(KgError, match="syntax"):
        check_query("SELECT * WHERE { ?s ?p ?o LATERAL { SELECT * { ?s ?p ?x } LIMIT 1 } }")


# ---------------------------------------------------------------- build rules


def _graph_with_rule(tmp_path: Path, text: str) -> Path:
    import shutil

    graph = tmp_path / "graph"
    shutil.copytree(GRAPH_DIR, graph)
    (graph / "rules" / "99-hostile.rq").write_text(text, encoding="utf-8")
    return graph


def test_build_rule_with_service_is_refused_and_makes_no_request(tmp_path: Path, listener: Listener) -> None:
    graph = _graph_with_rule(tmp_path, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}")
    before = len(listener.requests)
    with pytest.raises(QueryRefused, match="99-hostile.rq: SERVICE"):
        compile_sources(graph)
    assert len(listener.requests) == before


def test_build_rule_reading_a_local_file_with_from_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.ttl"
    secret.write_text("<http://x/s> <http://x/p> <http://x/leaked> .\n", encoding="utf-8")
    graph = _graph_with_rule(tmp_path, f"CONSTRUCT {{ ?s ?p ?o }} FROM <{secret.as_uri()}> WHERE {{ ?s ?p ?o }}")
    with pytest.raises(QueryRefused, match="FROM"):
        compile_sources(graph)


# ---------------------------------------------------------------- property: no spelling reaches the network

CASES = st.sampled_from(["lower", "upper", "title", "random"])
GAPS = st.lists(st.sampled_from([" ", "\t", "\n", "\r", "\r\n", "#c\n", "#c\r", "#'\r", '#"\n', "# } \r"]),
                min_size=1, max_size=3).map("".join)


@st.composite
def keyword(draw: st.DrawFn, word: str) -> str:
    case = draw(CASES)
    if case == "lower":
        word = word.lower()
    elif case == "title":
        word = word.title()
    elif case == "random":
        word = "".join(c.upper() if draw(st.booleans()) else c.lower() for c in word)
    # Any letter may be written as a \u or \U codepoint escape, which SPARQL expands before parsing.
    return "".join(
        draw(st.sampled_from([c, f"\\u{ord(c):04X}", f"\\U{ord(c):08x}"])) if draw(st.booleans()) else c
        for c in word
    )


@st.composite
def endpoint(draw: st.DrawFn, url: str) -> tuple[str, str]:
    """(prologue, term): the listener's address as an IRI, an escaped IRI or a (local-escaped) prefixed name."""
    form = draw(st.sampled_from(["iri", "escaped", "pname", "escaped-pname"]))
    if form == "iri":
        return "", f"<{url}>"
    if form == "escaped":
        return "", "<" + url.replace("h", "\\u0068", 1).replace("/", "\\u002F") + ">"
    base, _, last = url.rpartition("/")
    prefix = draw(st.sampled_from(["e", "e1", "svc.x", ""]))
    local = last if form == "pname" else last[:3] + "\\-" + last[3:]  # any path reaches the listener
    return f"{draw(keyword('PREFIX'))} {prefix}: <{base}/>\n", f"{prefix}:{local}"


DECOYS = st.sampled_from(["", "?s kgv:a\\' ?o . ", "<http://x/\\u0041'> ?p ?o . ", "?s ?p \"#\" . ",
                          "?s ?p '\"' . ", "?s ?p '''a ' '' \"\"\" ''' . ", "?s ?p \"\"\"}#\"\"\" . "])
NESTS = st.sampled_from(["{X}", "{ OPTIONAL {X} }", "{ {?s ?p ?o} UNION {X} }", "{ { SELECT * {X} } }",
                         "{ FILTER EXISTS {X} }", "{ ?s ?p ?o MINUS {X} }", "{ GRAPH ?g {X} }",
                         "{ FILTER NOT EXISTS { { SELECT * { OPTIONAL {X} } } } }"])


@st.composite
def hostile_query(draw: st.DrawFn, url: str) -> str:
    prologue, term = draw(endpoint(url))
    gap = draw(GAPS)
    head = draw(st.sampled_from([f"{draw(keyword('SELECT'))}{gap}*",
                                 f"{draw(keyword('CONSTRUCT'))}{gap}{{ ?s ?p ?o }}"]))
    kind = draw(st.sampled_from(["service", "service-silent", "load", "from", "from-named"]))
    decoy = draw(DECOYS)
    if kind.startswith("service"):
        silent = gap + draw(keyword("SILENT")) if kind == "service-silent" else ""
        inner = f"{decoy}{draw(keyword('SERVICE'))}{silent}{gap}{term}{gap}{{ ?s ?p ?o }}"
        body = draw(NESTS).replace("X", inner)
        return f"{prologue}{head}{gap}{draw(keyword('WHERE'))}{gap}{body}"
    if kind == "load":
        return f"{prologue}{draw(keyword('LOAD'))}{gap}{term}"
    named = gap + draw(keyword("NAMED")) if kind == "from-named" else ""
    return f"{prologue}{head}{gap}{draw(keyword('FROM'))}{named}{gap}{term}{gap}{{ {decoy} ?s ?p ?o }}"


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_hidden_service_load_or_from_reaches_the_network(store_path: Path, listener: Listener,
                                                           data: st.DataObject) -> None:
    text = data.draw(hostile_query(listener.url))
    before = len(listener.requests)
    _run_guarded(store_path, text)  # the engine: Oxigraph, through the same path as `kg query` and `kg serve`
    try:  # the build's engine: rdflib, which would also fetch FROM <iri>, through the rule guard
        MemoryStore().construct(check_rule(text))
    except KgError:
        pass
    assert listener.requests[before:] == [], f"request made for {text!r}"


# ---------------------------------------------------------------- SHACL-SPARQL goes through the guard too


def _graph_with_shape(tmp_path: Path, select: str) -> Path:
    import shutil

    graph = tmp_path / "graph"
    shutil.copytree(GRAPH_DIR, graph)
    (graph / "shapes" / "zz-sparql.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix kgv: <https://w3id.org/guideline-kg/vocab#> .\n"
        "<http://example.org/DrugShape> a sh:NodeShape ; sh:targetClass kgv:Drug ;\n"
        f"  sh:sparql [ sh:select {json.dumps(select)} ] .\n", encoding="utf-8")
    return graph


def test_shacl_sparql_with_service_is_refused_and_makes_no_request(tmp_path: Path, listener: Listener) -> None:
    graph = _graph_with_shape(tmp_path, f"SELECT $this WHERE {{ #x\r SERVICE <{listener.url}> {{ $this ?p ?o }} }}")
    before = len(listener.requests)
    with pytest.raises(BuildFailed) as failed:
        compile_sources(graph)
    assert any("SERVICE" in f.message for f in failed.value.findings)
    assert len(listener.requests) == before


def test_a_harmless_shacl_sparql_constraint_still_validates(tmp_path: Path) -> None:
    graph = _graph_with_shape(tmp_path, "SELECT $this WHERE { $this a kgv:Drug . FILTER NOT EXISTS { $this ?p ?o } }")
    assert compile_sources(graph).graphs  # checked by the guard, and run


TOKENS = st.sampled_from(["SELECT", "*", "WHERE", "{", "}", "?s", "?p", "?o", "kgv:a\\'", "<http://x/>", "'", '"',
                          "'''", '"""', "#", "\r", "\n", " ", "\\u0041", "\\U0001F600", "(", ")", "[", "]", ".",
                          ";", ",", "-2.5", "1e3", "VALUES", "UNDEF", "FILTER", "^^", "@en", "a", "|", "/", "^",
                          "SERVICE", "FROM", "NAMED", "LOAD", "PREFIX", "e:", "BASE", "\\", "%", "\x00", "é"])


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.lists(TOKENS, max_size=25).map("".join), st.text(max_size=60)))
def test_the_guard_answers_every_text_with_a_result_or_a_clear_error(text: str) -> None:
    """Whatever the text, the guard returns a decision or raises the library's error (one line on the CLI),
    never another exception type (which would be a traceback)."""
    try:
        checked = check_query(text)
    except KgError as e:
        assert e.message and "\n" not in e.message.strip()
    else:
        assert checked.form in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
        assert "SERVICE" not in {t.upper() for t in checked.text.split()}


# ------------------------------------------------------------------ strings with escapes and tabs


def _echar(value: str) -> str:
    """A SPARQL STRING_LITERAL2 for `value`, written with the grammar's ECHAR escapes (spec §19.8, [160])."""
    out = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return '"' + out.replace("\t", "\\t").replace("\b", "\\b").replace("\f", "\\f") + '"'


@pytest.mark.parametrize("spelling, value", [
    ('"a\\tb"', "a\tb"),            # the \t escape
    ('"a\\f\tb"', "a\f\tb"),        # \f followed by a raw tab
    ('"a\tb"', "a\tb"),             # a raw tab inside the string
    ('"""x\\ty"""', "x\ty"),        # a long string with \t
    ("'a\\bb'", "a\bb"),            # backspace escape in a single-quoted string
])
def test_strings_with_tab_escapes_are_checked_and_keep_their_value(spelling: str, value: str) -> None:
    # Both parsers must read the same literal: before the fix the guard refused these valid queries as
    # "cannot be checked faithfully", because rdflib's parser turned tabs into spaces.
    from rdflib import Literal, URIRef

    from kg.store.oxigraph import OxigraphStore

    s, p = URIRef("urn:s"), URIRef("urn:p")
    checked = check_query(f"ASK {{ <urn:s> <urn:p> {spelling} }}")
    for store in (OxigraphStore.in_memory([(s, p, Literal(value), URIRef("urn:g"))]),
                  MemoryStore([(s, p, Literal(value), URIRef("urn:g"))])):
        assert store.ask(checked.text) is True


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=20)
       .filter(lambda v: "\\u" not in v and "\\U" not in v))
def test_any_literal_written_with_escapes_round_trips_through_the_guard(value: str) -> None:
    from rdflib import Literal, URIRef

    from kg.store.oxigraph import OxigraphStore

    s, p = URIRef("urn:s"), URIRef("urn:p")
    store = OxigraphStore.in_memory([(s, p, Literal(value), URIRef("urn:g"))])
    checked = check_query(f"ASK {{ <urn:s> <urn:p> {_echar(value)} }}")
    assert store.ask(checked.text) is True
