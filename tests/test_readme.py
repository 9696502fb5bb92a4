"""The README stays true to the CLI: every command is toured, every --help has an example."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkb.cli import COMMANDS, cli

README = Path(__file__).parents[1] / "README.md"


@pytest.fixture(scope="module")
def readme() -> str:
    return README.read_text(encoding="utf-8")


def test_first_lines_give_install_run_and_test_commands(readme):
    block = re.search(r"```bash\n(.*?)```", readme, re.S)
    assert block and readme.index(block.group(0)) < 200, "the README opens with its two commands"
    install_run, test = block.group(1).strip().splitlines()
    assert "pip install" in install_run and "graphkb build" in install_run
    assert "pytest" in test
    assert test in (Path(__file__).parents[1] / ".ci" / "run").read_text(), ".ci/run runs the README's test command"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_is_in_the_readme(readme, command):
    assert re.search(rf"graphkb {command}\b", readme), f"README has no tour of `graphkb {command}`"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_help_has_an_example(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output and f"graphkb {command}" in result.output
