"""`kg viz` through the CLI on the real store: the written page, its JSON report, and its errors."""

from __future__ import annotations

import json
import re

import click
import pytest
from click.testing import CliRunner

from kg import EDUCATIONAL_NOTICE
from kg.questions.projection import project
from kg_cli.main import main

OVERLAP = "scleroderma-myositis overlap"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def page_data(html_text: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html_text, re.S)
    assert m, "no data block"
    return json.loads(m.group(1))


def test_writes_a_self_contained_page_with_the_projection(cli_env, store, tmp_path):
    out = tmp_path / "overlap.html"
    result = run("viz", OVERLAP, "-o", str(out))
    assert result.exit_code == 0, result.output
    view = project(store, OVERLAP)
    n, e = view.graph.number_of_nodes(), view.graph.number_of_edges()
    assert f"Showing all {n:,} nodes, {e:,} edges." in result.output
    assert EDUCATIONAL_NOTICE in result.output
    raw = out.read_bytes()
    text = raw.decode("utf-8")
    assert '<meta charset="utf-8">' in text
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text), "page refers to another host"
    data = page_data(text)
    assert len(data["nodes"]) == n and len(data["edges"]) == e
    assert EDUCATIONAL_NOTICE in text
    methotrexate = next(x for x in data["nodes"] if x["id"].endswith("/therapy/methotrexate"))
    assert "15\u201320 mg per m\u00b2 body surface area per week" in methotrexate["evidence"]


def test_json_report_matches_the_page(cli_env, tmp_path):
    out = tmp_path / "all.html"
    result = run("viz", "-o", str(out), "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    data = page_data(out.read_text(encoding="utf-8"))
    assert report["nodes_shown"] == len(data["nodes"]) == report["nodes_total"]
    assert report["edges_shown"] == len(data["edges"])
    assert report["cut"] is False and report["output"] == str(out)


def test_max_nodes_cuts_and_says_so(cli_env, tmp_path):
    out = tmp_path / "cut.html"
    result = run("viz", OVERLAP, "--max-nodes", "25", "-o", str(out), "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["cut"] is True and report["nodes_shown"] == 25
    assert "cut by --max-nodes" in report["message"]
    assert "cut by --max-nodes" in out.read_text(encoding="utf-8")
    text_run = run("viz", OVERLAP, "--max-nodes", "25", "-o", str(out))
    assert "The view was cut" in text_run.output


def test_depth_keeps_the_neighbourhood(cli_env, store, tmp_path):
    out = tmp_path / "d1.html"
    result = run("viz", OVERLAP, "--depth", "1", "-o", str(out), "--format", "json")
    report = json.loads(result.stdout)
    g = project(store, OVERLAP).graph
    focus = "https://w3id.org/guideline-kg/id/condition/scleroderma-myositis-overlap"
    one_hop = {focus} | set(g.successors(focus)) | set(g.predecessors(focus))
    assert report["nodes_shown"] == len(one_hop)
    assert {n["id"] for n in page_data(out.read_text(encoding="utf-8"))["nodes"]} == one_hop


def test_reference_highlights_what_relies_on_it(cli_env, store, tmp_path):
    out = tmp_path / "ref.html"
    result = run("viz", "--reference", "Scleroderma overlap syndrome.", "-o", str(out), "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    view = project(store, reference="Scleroderma overlap syndrome.")
    assert report["highlighted"] == len(view.highlight) > 0
    nodes = {n["id"]: n for n in page_data(out.read_text(encoding="utf-8"))["nodes"]}
    # Highlighted nodes get a thick border; the rest are dimmed.
    for iri in view.highlight:
        assert nodes[iri].get("borderWidth") == 3, iri


@pytest.mark.parametrize(
    "args, message",
    [
        (["viz", "sclerodermia myositis overlap", "-o", "x.html"], "unknown condition or feature"),
        (["viz", "--depth", "2", "-o", "x.html"], "--depth needs a CONDITION or --reference"),
        (["viz", "--path", "-o", "x.html"], "--path needs a CONDITION"),
        (["viz", "--reference", "no such paper at all", "-o", "x.html"], "unknown reference"),
    ],
)
def test_bad_input_exits_2_with_one_line(cli_env, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and message in errors[0]
    assert not (tmp_path / "x.html").exists()


def test_output_is_required_and_help_teaches(cli_env):
    missing = run("viz", OVERLAP)
    assert missing.exit_code == 2 and "-o" in missing.output
    helped = run("viz", "--help")
    assert helped.exit_code == 0
    assert 'kg viz "scleroderma-myositis overlap" -o overlap.html --open' in helped.output


def test_open_hands_the_written_file_to_the_browser(cli_env, tmp_path, monkeypatch):
    # click.launch is the boundary to the desktop; record instead of starting a browser in CI.
    launched: list[str] = []
    monkeypatch.setattr(click, "launch", lambda url, **kw: launched.append(url) or 0)
    out = tmp_path / "open.html"
    result = run("viz", "juvenile overlap syndrome", "-o", str(out), "--open")
    assert result.exit_code == 0, result.output
    assert launched == [str(out.resolve())]


@pytest.mark.parametrize("age, population", [("45", "adults"), ("10", "children")])
def test_path_highlights_the_applicable_steps_of_kg_paths_in_order(cli_env, store, tmp_path, age, population):
    patient = ["--age", age, "--sex", "female", "--weight", "30" if age == "10" else "70", "--height", "140"]
    derived = json.loads(run("paths", OVERLAP, *patient, "--format", "json").stdout)
    expected = [s["id"] for s in derived["steps"] if s["applies"]]
    assert expected, "the path should have applicable steps for this patient"

    out = tmp_path / "path.html"
    result = run("viz", OVERLAP, "--path", *patient, "-o", str(out), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["path"] == expected
    data = page_data(out.read_text(encoding="utf-8"))
    assert data["path"] == expected
    nodes = {n["id"]: n for n in data["nodes"]}
    for i, rec in enumerate(expected, start=1):
        assert nodes[rec]["label"].startswith(f"{i}. "), nodes[rec]["label"]
        assert nodes[rec]["population"] == population


def test_patient_options_without_path_are_refused(cli_env, tmp_path):
    result = run("viz", OVERLAP, "--age", "45", "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 2 and "only apply with --path" in result.stderr


def test_viz_files_get_the_explorers_views_overview_and_path(cli_env, tmp_path):
    whole = tmp_path / "all.html"
    assert run("viz", "-o", str(whole)).exit_code == 0
    assert page_data(whole.read_text(encoding="utf-8"))["view"] == "overview"
    path = tmp_path / "path.html"
    result = run("viz", OVERLAP, "--path", "--age", "45", "--weight", "70", "--height", "165", "-o", str(path))
    assert result.exit_code == 0, result.output
    data = page_data(path.read_text(encoding="utf-8"))
    assert data["view"] == "path"
    assert {n["id"] for n in data["nodes"]} == set(data["path"])  # the path alone, left to right
    assert data["options"]["layout"]["hierarchical"]["direction"] == "LR"
    around = tmp_path / "around.html"
    assert run("viz", OVERLAP, "-o", str(around)).exit_code == 0
    assert page_data(around.read_text(encoding="utf-8"))["view"] == "force"
