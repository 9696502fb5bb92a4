"""The README stays true to the CLI: every command is toured, every --help has an example."""

from __future__ import annotations

import json
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


# -- the README's example outputs are what the commands print ---------------------------------------------

_TIMING = re.compile(r"\d+(\.\d+)?\s?(s|ms)\b")
_BOX = re.compile(r"[\u2500-\u257f]")


def _words(line: str) -> str:
    """A printed line without table borders and with single spaces, so column widths do not matter."""
    return " ".join(_BOX.sub(" ", line).split())


def console_examples(text: str) -> list[tuple[str, list[str]]]:
    """``(command, stable expected lines)`` of every ``console`` block of the README, lines as :func:`_words`.

    A line is stable unless it is elided or cut (holds "…"), names a timing, or names the user's store.
    JSON output counts only when the README shows all of it (it then parses), as one line of compact JSON.
    """
    examples = []
    for block in re.findall(r"```console\n(.*?)```", text, re.S):
        for chunk in re.split(r"(?m)^\$ ", block)[1:]:
            command, *lines = chunk.rstrip("\n").split("\n")
            shown = "\n".join(lines).strip()
            if shown.startswith(("{", "[")):
                try:
                    stable = [json.dumps(json.loads(shown), ensure_ascii=False)]
                except ValueError:
                    stable = []
            else:
                stable = [_words(line) for line in lines if _words(line) and "…" not in line and not _TIMING.search(line)
                          and "~/" not in line]
            examples.append((command.split("  #")[0].strip(), stable))
    return examples


def test_the_example_parser_keeps_only_stable_lines():
    text = "```console\n$ graphkb x --y  # note\n│ a  │ b │\nb … c\nloaded in 0.17s\n$ graphkb z\n[{\"a\": 1,\n  …}]\n```\n"
    assert console_examples(text) == [("graphkb x --y", ["a b"]), ("graphkb z", [])]


def _in_order(expected: list[str], actual: list[str]) -> list[str]:
    """The expected lines missing from ``actual`` (each must follow the one before)."""
    missing, position = [], 0
    for line in expected:
        try:
            position = actual.index(line, position) + 1
        except ValueError:
            missing.append(line)
    return missing


READ_ONLY = ("graphkb extract", "graphkb query", "graphkb concepts", "graphkb chain", "graphkb series", "graphkb path",
             "graphkb plan", "graphkb evaluate", "graphkb lexicon mentions")


@pytest.mark.parametrize(
    ("command", "expected"),
    [pytest.param(c, e, id=c[:60]) for c, e in console_examples(README.read_text(encoding="utf-8")) if e and c.startswith(READ_ONLY)],
)
def test_readme_example_output_is_what_the_command_prints(corpus_store_dir, command, expected):
    import os
    import subprocess
    import sys

    env = {**os.environ, "GRAPHKB_DATA_DIR": str(corpus_store_dir), "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "COLUMNS": "200"}
    env.pop("NEO4J_URI", None)
    done = subprocess.run(["bash", "-c", command], cwd=README.parent, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=600)
    assert done.returncode == 0, done.stderr
    if expected[0].startswith(("{", "[")):
        assert [json.dumps(json.loads(done.stdout), ensure_ascii=False)] == expected
    else:
        assert _in_order(expected, [_words(line) for line in done.stdout.splitlines()]) == []
