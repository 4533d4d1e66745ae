"""kg.render.WRITERS, the one registry of (result type, format) -> writer: every entry resolves, a command's
--format choices are read from it, a result is written by its class's entry (or a base class's), and a result
type with no writer is refused rather than written some other way."""

from __future__ import annotations

import importlib
import json

import pytest
from rdflib import Literal, URIRef

from kg import EDUCATIONAL_NOTICE
from kg.questions.compare import Comparison
from kg.questions.evidence import Impact, Trace
from kg.render import WRITERS, formats, render, writer
from kg.render.result_json import to_json
from kg.store.base import Rows


def _resolve(name: str):
    module, _, attr = name.partition(":")
    return getattr(importlib.import_module(module), attr)


def _trace(**changes) -> Trace:
    fields = dict(subject="https://w3id.org/guideline-kg/id/therapy/x", subject_kind="therapy", subject_label="X",
                  direction="back", holders=(), statements=())
    return Trace(**{**fields, **changes})


def test_every_entry_names_a_result_class_and_a_callable_writer() -> None:
    for (result_type, fmt), target in WRITERS.items():
        assert isinstance(_resolve(result_type), type), result_type
        assert callable(_resolve(target)), target
        assert fmt in ("text", "json", "csv", "tsv", "table", "xml", "html", "turtle"), fmt


def test_the_cli_format_choices_are_the_registry_formats() -> None:
    from kg_cli.check_cmd import check
    from kg_cli.compare_cmd import compare
    from kg_cli.query_cmd import query
    from kg_cli.trace_cmd import trace

    for command, result_type in ((trace, "kg.questions.evidence:Trace"), (compare, "kg.questions.compare:Comparison"),
                                 (check, "kg.questions.integrity:CheckReport"), (query, "kg.store.base:Rows")):
        option = next(p for p in command.params if p.name == "fmt")
        assert tuple(option.type.choices) == formats(result_type)
        assert option.default == formats(result_type)[0]


def test_trace_and_impact_have_the_same_formats_so_one_option_serves_both() -> None:
    assert formats("kg.questions.evidence:Trace") == formats("kg.questions.evidence:Impact")


def test_a_result_is_written_by_its_class_entry_and_a_subclass_by_its_base() -> None:
    class Narrower(Trace):
        pass

    plain, narrower = _trace(), Narrower(**vars(_trace()))
    assert render(narrower, "text") == render(plain, "text")
    assert render(plain, "text").endswith(EDUCATIONAL_NOTICE + "\n")
    assert "no statements found" in render(plain, "text")


def test_json_of_a_typed_result_is_the_one_json_writer() -> None:
    impact = Impact(reference="https://w3id.org/guideline-kg/id/reference/r", reference_label="R",
                    left_without_support=(), keeps_other_support=(), feeds=())
    assert render(impact, "json") == to_json(impact)
    assert json.loads(render(impact, "json"))["notice"] == EDUCATIONAL_NOTICE
    comparison = Comparison(subject=None, subject_label=None, therapies=(), classes=(), addressed_by=())
    assert render(comparison, "json") == to_json(comparison)


def test_query_rows_are_written_by_the_registry_in_every_result_format() -> None:
    rows = Rows(["s", "n"], [(URIRef("https://w3id.org/guideline-kg/id/therapy/x"), Literal(3))])
    assert formats("kg.store.base:Rows") == ("table", "json", "csv", "tsv")
    assert json.loads(render(rows, "json"))["results"]["bindings"][0]["n"]["value"] == "3"
    assert render(rows, "csv").splitlines()[0] == "s,n"
    assert render(rows, "tsv").splitlines()[0] == "?s\t?n"
    assert render(rows, "table").splitlines()[2] == "th:x  3"


def test_a_type_or_format_with_no_writer_is_refused() -> None:
    with pytest.raises(KeyError):
        writer(object(), "text")
    with pytest.raises(KeyError):
        writer(_trace(), "xml")
    with pytest.raises(KeyError):
        formats("kg.questions.paths:Nothing")
