"""`kg paths` through click: text layout, JSON against the shipped schema, input errors with exit 2."""

from __future__ import annotations

import json
import math

import jsonschema
import pytest
from click.testing import CliRunner

from kg import EDUCATIONAL_NOTICE
from kg.questions.paths import path_schema
from kg_cli.main import main

OVERLAP = "scleroderma-myositis overlap"


def kg(*args: str):
    return CliRunner().invoke(main, ["paths", *args])


def test_text_starts_with_notice_and_shows_stages_doses_and_citations(cli_env):
    r = kg(OVERLAP, "--age", "45", "--sex", "female", "--weight", "70", "--height", "165", "--has", "diabetes")
    assert r.exit_code == 0, r.output
    lines = [line for line in r.output.splitlines() if not line.startswith("…")]
    assert lines[0] == EDUCATIONAL_NOTICE
    for header in ("-- first line --", "-- adjunct --", "-- alternative --", "-- escalation --", "-- refractory --",
                   "-- taper / maintenance --"):
        assert header in r.output
    # methotrexate 15-20 mg/m²/week * sqrt(165*70/3600) = 26.87-35.82 -> "26.9–35.8 mg/week"
    assert round(15 * math.sqrt(165 * 70 / 3600), 1) == 26.9
    assert "for this patient: 26.9–35.8 mg/week" in r.output
    assert "BSA (Mosteller) = sqrt(165 cm × 70 kg / 3600)" in r.output
    assert "toward the lower end" in r.output and "because of diabetes" in r.output
    assert "[2] Guideline Directed Topic Overview (2025)" in r.output
    assert "NOT APPLICABLE" in r.output and "source: Initial Treatment for Scleroderma-Myositis Overlap" in r.output


def test_capped_dose_is_shown_as_capped(cli_env):
    # BSA = sqrt(198 * 88 / 3600) = 2.2; 20 mg/m² * 2.2 = 44 > 40 mg/week maximum
    r = kg(OVERLAP, "--age", "50", "--weight", "88", "--height", "198")
    assert r.exit_code == 0 and "capped at 40 mg/week" in r.output


def test_missing_height_is_named(cli_env):
    r = kg(OVERLAP, "--age", "45", "--weight", "70")
    assert r.exit_code == 0 and "not computed: height needed" in r.output


def test_json_validates_against_shipped_schema(cli_env):
    r = kg(OVERLAP, "--age", "10", "--weight", "30", "--height", "135", "--sex", "male", "--format", "json")
    assert r.exit_code == 0
    path = json.loads(r.stdout)
    jsonschema.validate(path, path_schema())
    assert path["notice"] == EDUCATIONAL_NOTICE
    assert path["patient"]["population"][0]["label"] == "children"
    first = path["steps"][0]
    for key in ("stage", "therapy", "dose", "computed", "applies", "reason", "cautions", "monitoring", "citations",
                "source"):
        assert key in first


@pytest.mark.parametrize("args,expected", [
    (["--weight", "0"], "weight 0 kg is out of range"),
    (["--weight", "351"], "weight 351 kg is out of range"),
    (["--height", "39"], "height 39 cm is out of range"),
    (["--height", "251"], "height 251 cm is out of range"),
    (["--age", "-1"], "age -1 years is out of range"),
    (["--age", "121"], "age 121 years is out of range"),
])
def test_implausible_input_exits_2_naming_value_and_range(cli_env, args, expected):
    r = kg(OVERLAP, *args)
    assert r.exit_code == 2
    assert expected in r.output and "accepted" in r.output
    assert "Traceback" not in r.output


def test_unknown_feature_and_therapy_list_closest_names(cli_env):
    r = kg(OVERLAP, "--has", "diabetis")
    assert r.exit_code == 2 and "unknown feature 'diabetis'" in r.output and "diabetes" in r.output
    r = kg(OVERLAP, "--avoid", "methotrexat")
    assert r.exit_code == 2 and "closest: methotrexate" in r.output


def test_unknown_condition_exits_2(cli_env):
    r = kg("sclerodermia overlap")
    assert r.exit_code == 2 and "unknown condition" in r.output


def test_help_teaches_with_examples():
    r = CliRunner().invoke(main, ["paths", "--help"])
    assert r.exit_code == 0 and "Examples:" in r.output and "--response" in r.output
