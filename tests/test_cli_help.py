"""Every command has help that teaches and is documented in the README."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg_cli.main import COMMANDS, main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_registered_command_is_importable():
    import click

    assert main.list_commands(click.Context(main)) == list(COMMANDS)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_command_has_help_with_text(name):
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output and len(result.output.splitlines()) > 4


@pytest.mark.parametrize("name", list(COMMANDS))
def test_command_is_documented_in_readme(name):
    assert f"`kg {name}" in README, f"kg {name} is not in README.md"


def test_top_level_help_lists_commands_and_examples():
    out = CliRunner().invoke(main, ["--help"]).output
    assert "kg build" in out and "Commands:" in out and "paths" in out
