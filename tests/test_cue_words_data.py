"""The importer's grammar cue words (titration verbs, step words, bracket-condition words) come from one data file,
kg/importer/data/cue_words.txt, and from nowhere else: no Python module of kg/ keeps its own list of them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kg.importer import dose_grammar
from kg.importer.cue_words import cue_words
from kg.importer.dose_grammar import parse_statement

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "kg" / "importer" / "data" / "cue_words.txt"
LISTS = ("titration_verbs", "step_target_verbs", "step_words", "bracket_condition_words", "switch_words")


def _entries_in_file() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    current = None
    for line in DATA.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            current = out.setdefault(line.strip("[]"), set())
        else:
            current.add(line)
    return out


@pytest.mark.parametrize("name", LISTS)
def test_each_cue_list_is_the_data_files_list(name: str) -> None:
    assert cue_words(name) == frozenset(_entries_in_file()[name])
    assert cue_words(name), f"[{name}] is empty"


def test_a_list_the_file_does_not_hold_is_an_error_not_an_empty_list() -> None:
    with pytest.raises(KeyError, match="no \\[titration_verb\\] list"):
        cue_words("titration_verb")


def test_the_dose_grammar_uses_the_data_files_words() -> None:
    assert dose_grammar._TITRATION_VERBS == cue_words("titration_verbs")
    assert dose_grammar._STEP_TARGET_VERBS == cue_words("titration_verbs") | cue_words("step_target_verbs")
    assert dose_grammar._STEP_WORDS == cue_words("step_words")
    assert dose_grammar._BRACKET_CONDITION_WORDS == cue_words("bracket_condition_words")
    assert set(dose_grammar._SWITCH_WORDS) == cue_words("switch_words")


def _string_groups(tree: ast.AST):
    """Every group of string constants written together: a set/list/tuple literal or a call's arguments."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
            elts = node.elts
        elif isinstance(node, ast.Call):
            elts = node.args
        else:
            continue
        words = {e.value.casefold() for e in elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
        if words:
            yield node.lineno, words


def test_no_python_module_keeps_its_own_copy_of_a_cue_list() -> None:
    # a literal holding a good part of one list is a second source of it; the bracket-condition words are common
    # English ("in", "for", "if") so only a literal holding most of them counts
    least = {"bracket_condition_words": 8, "switch_words": 5}
    wanted = {name: (cue_words(name), least.get(name, 3)) for name in LISTS}
    found = []
    for path in sorted((ROOT / "kg").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line, words in _string_groups(tree):
            for name, (cues, least) in wanted.items():
                if len(words & cues) >= least:
                    found.append(f"{path.relative_to(ROOT)}:{line} repeats [{name}]: {sorted(words & cues)}")
    assert not found, "\n".join(found)


def test_a_step_by_a_listed_verb_is_a_titration_step_not_a_dose() -> None:
    # 'wean by 2.5 mg every week' steps the dose down: read from the data file's [titration_verbs]
    doses = parse_statement("Wean by 2.5 mg every week.", line=1)
    assert doses and all(d.titration for d in doses)
