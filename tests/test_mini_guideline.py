"""Logic of paths, evidence and compare on the mini guideline (tests/fixtures/mini, invented): every dose basis
computed from its published formula, units mg/g/ug converted once, a narrower condition reached from a broader
one, evidence traced to its statement. Expected numbers are worked out here from the formulas and the fixture's
own comments, not read from the program's output."""

from __future__ import annotations

import json
import math

import pytest
from data import run

ADULT_MAN = ("--age", "40", "--sex", "male", "--weight", "100", "--height", "180")
CHILD = ("--age", "10", "--sex", "female", "--weight", "30", "--height", "135")


def kg_json(store, *args: str) -> dict:
    result = run(*args, "--format", "json", env={"KG_STORE": str(store)})
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _steps(path: dict) -> dict[str, dict]:
    """The steps that apply to the patient, by therapy."""
    return {s["therapy"]["label"]: s for s in path["steps"] if s.get("therapy") and s["applies"]}


@pytest.fixture(scope="module")
def adult_path(mini_path) -> dict[str, dict]:
    return _steps(kg_json(mini_path, "paths", "mini disease", *ADULT_MAN))


def test_body_surface_area_dose_uses_mosteller_and_the_stated_maximum(adult_path) -> None:
    bsa = math.sqrt(180 * 100 / 3600)  # Mosteller: sqrt(height cm x weight kg / 3600)
    computed = adult_path["minidrug bsa"]["dose"]["computed"]
    assert computed["min_exact"] == pytest.approx(10 * bsa) and computed["max_exact"] == pytest.approx(20 * bsa)
    assert 20 * bsa > 30 and computed["max"] == 30 and computed["capped"]  # maximum 30 mg per week


def test_a_microgram_maximum_caps_a_milligram_dose(adult_path) -> None:
    computed = adult_path["minidrug weight"]["dose"]["computed"]
    assert computed["min_exact"] == pytest.approx(2 * 100)  # 2 mg/kg x 100 kg
    assert computed["unit"] == "mg" and computed["max"] == 150 and computed["capped"]  # 150000 ug = 150 mg


def test_ideal_body_weight_dose_uses_devine_and_says_no_maximum_was_stated(adult_path) -> None:
    ibw = 50 + 2.3 * (180 / 2.54 - 60)  # Devine, male
    computed = adult_path["minidrug ideal"]["dose"]["computed"]
    assert computed["unit"] == "g" and computed["min_exact"] == pytest.approx(1 * ibw)
    assert not computed["capped"] and computed["uncapped"]


def test_flat_microgram_dose_is_written_as_stated(adult_path) -> None:
    dose = adult_path["minidrug flat"]["dose"]
    assert (dose["min"], dose["max"], dose["unit"], dose["per"]) == (500, 500, "mcg", "day")


def test_broader_condition_reaches_the_narrower_ones_guidance_for_its_population(mini_path) -> None:
    adult = kg_json(mini_path, "paths", "mini disease", *ADULT_MAN)
    child = kg_json(mini_path, "paths", "mini disease", *CHILD)
    assert [s["id"] for s in child["steps"] if s["applies"]] == [
        "https://w3id.org/guideline-kg/id/article/mini-child/rec-bsa"], "children get the children's article"
    assert {s["id"].rsplit("/", 2)[-2] for s in adult["steps"] if s["applies"]} == {"mini-adult"}
    assert any(s["id"].endswith("mini-child/rec-bsa") and not s["applies"] for s in adult["steps"]), \
        "the narrower condition's guidance is reached, shown as not applicable to an adult"


def test_compare_equates_grams_and_milligrams_of_one_basis_and_period(mini_path) -> None:
    result = run("compare", "minidrug bsa", env={"KG_STORE": str(mini_path)})
    assert result.exit_code == 0, result.output
    assert "0.015 g × 1000 = 15 mg" in result.stdout  # normalised in unit only
    assert "10–20 mg per m² body surface area per week vs 15 mg per m² body surface area per week" in result.stdout
    assert "explained by a different population or indication" in result.stdout


def test_trace_leads_from_a_dose_to_its_statement_and_reference(mini_path) -> None:
    trace = kg_json(mini_path, "trace", "art:mini-adult/dose-weight")
    text = json.dumps(trace)
    assert "mini-adult/st-2" in text and "mini-handbook" in text
    assert "mini-adult/st-1" not in text, "only the statement the dose was derived from"
