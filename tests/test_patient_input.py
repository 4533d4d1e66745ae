"""Patient measures and sex as a user types them: one rule (kg.questions.paths.parse_measure / normal_sex)
for `kg paths`, `kg viz --path` and the explorer's form.

Before: `--sex F` was refused; `--height 1e-300` printed a 300-digit number; `--weight 1e-300` was
accepted (only "more than 0" was checked) and reached the dose arithmetic; `--age -0.0` was accepted;
"70kg" gave click's three-line usage text. The bounds are input validation, not clinical limits (neither
article states a range): see docs/path-semantics.md.
"""

from __future__ import annotations

import math

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.questions.paths import LIMITS, MEASURE_DECIMALS, Patient, check_patient, normal_sex, parse_measure
from kg_cli.main import main

OVERLAP = "scleroderma-myositis overlap"


def kg(*args: str):
    return CliRunner().invoke(main, ["paths", OVERLAP, *args])


@pytest.mark.parametrize("typed", ["F", "f", "female", "FEMALE", " Female ", "M", "m", "male", "MaLe"])
def test_sex_is_accepted_as_f_m_female_male_in_any_case(cli_env, typed: str) -> None:
    r = kg("--age", "45", "--sex", typed, "--weight", "70", "--height", "165", "--format", "json")
    assert r.exit_code == 0, r.output
    expected = "female" if typed.strip().lower().startswith("f") else "male"
    assert normal_sex(typed) == expected


@pytest.mark.parametrize("typed", ["x", "w", "fem", "2", "", "femalE2", "m f"])
def test_other_sex_values_are_refused_listing_the_accepted_ones(cli_env, typed: str) -> None:
    r = kg("--age", "45", "--sex", typed)
    assert r.exit_code == 2
    assert r.output.strip().count("\n") == 0
    assert "accepted: F, M, female, male" in r.output


@pytest.mark.parametrize("option, typed", [
    ("--height", "1e-300"), ("--weight", "1e-300"), ("--age", "1e-300"),
    ("--height", "-0"), ("--weight", "-0.0"), ("--age", "-0.0"), ("--age", "-0"),
    ("--weight", "nan"), ("--height", "NaN"), ("--age", "inf"), ("--weight", "-inf"), ("--height", "Infinity"),
    ("--weight", "1e308"), ("--height", "1" + "0" * 400), ("--age", "99999999999"),
    ("--weight", "70kg"), ("--height", "165 cm"), ("--age", "45y"), ("--weight", "0x46"), ("--weight", "7_0"),
    ("--weight", "0.0001"), ("--weight", "0.1"), ("--age", "30.12345"), ("--weight", "٧٠"),
])
def test_absurd_measures_are_one_line_usage_errors_with_the_range(cli_env, option: str, typed: str) -> None:
    r = kg("--age", "45", option, typed) if option != "--age" else kg(option, typed)
    assert r.exit_code == 2, r.output
    line = r.output.strip()
    assert "\n" not in line and line.startswith("Error:")
    kind = option[2:]
    low, high, unit = LIMITS[kind]
    assert f"from {low:g} to {high:g}" in line and unit in line
    assert len(line) < 300  # the typed text is quoted, never expanded into hundreds of digits


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from(sorted(LIMITS)), typed=st.one_of(
    st.text(max_size=30),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.decimals(allow_nan=False, allow_infinity=False, places=4).map(str),
))
def test_every_typed_measure_is_a_value_in_range_or_an_input_error(kind: str, typed: str) -> None:
    low, high, _ = LIMITS[kind]
    try:
        value = parse_measure(kind, typed)
    except InputError as e:
        assert "accepted:" in e.hint and "\n" not in e.message
        return
    assert math.isfinite(value) and low <= value <= high and math.copysign(1, value) > 0
    assert round(value, MEASURE_DECIMALS) == value
    check_patient(Patient(**{{"weight": "weight_kg", "height": "height_cm"}.get(kind, kind): value}))


@pytest.mark.parametrize("field, value", [("weight_kg", 1e-300), ("height_cm", float("nan")), ("age", -0.0),
                                          ("age", float("inf")), ("weight_kg", 1e308)])
def test_library_callers_passing_numbers_meet_the_same_bounds(field: str, value: float) -> None:
    with pytest.raises(InputError, match="accepted: a plain number"):
        check_patient(Patient(**{field: value}))


def test_viz_path_takes_the_same_patient_rules(cli_env, tmp_path) -> None:
    r = CliRunner().invoke(main, ["viz", OVERLAP, "--path", "--age", "45", "--sex", "F", "--height", "1e-300",
                                  "-o", str(tmp_path / "p.html")])
    assert r.exit_code == 2 and "height '1e-300' is not a plain number" in r.output
    assert not (tmp_path / "p.html").exists()
