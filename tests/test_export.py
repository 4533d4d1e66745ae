"""Export formats parse back, keep one named graph per article, and are byte-identical across builds."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from kg.config import GRAPH_DIR
from kg.publish.build import build
from kg.render.export import export
from kg.store.oxigraph import OxigraphStore
from kg.vocab.namespaces import ART
from kg_cli.main import main


@pytest.mark.parametrize("fmt, rdflib_format", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_export_parses_back_to_the_same_triple_count(store, fmt, rdflib_format):
    text = export(store, fmt)
    g = Graph().parse(data=text, format=rdflib_format)
    assert len(g) == len({(s, p, o) for s, p, o, _ in store.quads()})
    if fmt == "jsonld":
        json.loads(text)


def test_trig_keeps_one_named_graph_per_article(store):
    ds = Dataset()
    ds.parse(data=export(store, "trig"), format="trig")
    names = {g.identifier for g in ds.graphs() if len(g)}
    assert {ART["ssc-myositis-overlap-adult"], ART["juvenile-uctd-scleroderma-jdm-overlap"]} <= names
    adult = ds.graph(ART["ssc-myositis-overlap-adult"])
    assert (ART["ssc-myositis-overlap-adult"], None, None) in adult


@pytest.fixture(scope="module")
def second_build(tmp_path_factory) -> OxigraphStore:
    """A second, independent build of the same sources (the session store is the first): two builds in all."""
    root = tmp_path_factory.mktemp("second-build") / "store"
    build(GRAPH_DIR, root)
    return OxigraphStore.open_read_only(root)


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld", "trig"])
def test_two_builds_from_the_same_sources_export_byte_identical_files(store, second_build, fmt):
    assert export(store, fmt).encode("utf-8") == export(second_build, fmt).encode("utf-8")


def test_export_cli_writes_a_file(cli_env, tmp_path):
    out = tmp_path / "g.trig"
    result = CliRunner().invoke(main, ["export", "--format", "trig", "-o", str(out)])
    assert result.exit_code == 0 and out.stat().st_size > 10000
