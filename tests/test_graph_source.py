"""One graph source: after `graphkb build my.txt` every read command shows my.txt; with none built, one clear error."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import graphkb

MY_CORPUS = """\
המאמר היומי של מייק 03.03.31 Widgetformer: Transformers for Widgets

סקירה על Widgetformer, ארכיטקטורה חדשה ל-widget detection. Widgetformer משתמש ב-RLHF.

https://arxiv.org/abs/3103.00001

המאמר היומי של מייק 04.03.31 Gizmonet: Widgetformer at Scale

המאמר שסקרנו אתמול הציג את Widgetformer; היום Gizmonet מגדיל אותו. Gizmonet ו-Widgetformer שוב עם RLHF.

https://arxiv.org/abs/3103.00002
"""

READ_COMMANDS = {
    "concepts": ["concepts", "--format", "json"],
    "chain": ["chain", "04.03.31", "--format", "json"],
    "series": ["series", "--format", "json"],
    "path": ["path", "Widgetformer", "Gizmonet", "--format", "json"],
    "plan": ["plan", "2031-03-04", "--format", "json"],
    "viz": ["viz", "--out", "{tmp}/graph.html"],
    "query": ["query", "MATCH (r:Review) RETURN r.id AS id ORDER BY id", "--format", "json"],
    "export": ["export", "--format", "json", "-o", "{tmp}/graph.json"],
}


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "graphkb", *args], capture_output=True, text=True, encoding="utf-8",
                          env=env, timeout=300)


@pytest.fixture(scope="module")
def my_store(tmp_path_factory):
    """A store built from a small corpus of my own, named by GRAPHKB_DATA_DIR only."""
    tmp = tmp_path_factory.mktemp("my-store")
    corpus = tmp / "my.txt"
    corpus.write_text(MY_CORPUS, encoding="utf-8")
    env = {**os.environ, "GRAPHKB_DATA_DIR": str(tmp / "kb")}
    env.pop("NEO4J_URI", None)
    done = run("build", str(corpus), env=env)
    assert done.returncode == 0, done.stderr
    return tmp, env


@pytest.mark.parametrize("command", list(READ_COMMANDS))
def test_every_read_command_shows_the_built_corpus(my_store, command):
    tmp, env = my_store
    done = run(*(arg.format(tmp=tmp) for arg in READ_COMMANDS[command]), env=env)
    assert done.returncode == 0, done.stderr
    shown = done.stdout
    if command in ("viz", "export"):
        shown = (tmp / ("graph.html" if command == "viz" else "graph.json")).read_text(encoding="utf-8")
    assert "2031-03-0" in shown, shown[:500]
    leak = "Review:2024-" if command == "viz" else "2024-"  # the page's search box shows "2024-06-14" as a hint
    assert leak not in shown, "the shipped example leaked in"
    if command == "concepts":
        assert "Widgetformer" in {row["name"] for row in json.loads(shown)}
    if command == "query":
        assert [row["id"] for row in json.loads(shown)] == ["2031-03-03", "2031-03-04"]


@pytest.mark.parametrize("command", list(READ_COMMANDS))
def test_with_no_store_built_every_read_command_says_so(tmp_path, command):
    env = {**os.environ, "GRAPHKB_DATA_DIR": str(tmp_path / "never-built")}
    env.pop("NEO4J_URI", None)
    done = run(*(arg.format(tmp=tmp_path) for arg in READ_COMMANDS[command]), env=env)
    assert done.returncode != 0
    assert done.stderr.strip().splitlines() == [
        f"graphkb: error: no graph in {tmp_path / 'never-built'}; run `graphkb build` first"
    ]
    assert not (tmp_path / "never-built").exists()


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def _library_modules():
    package = Path(graphkb.__file__).parent
    roots = [package, Path(__import__("graphkb.extract", fromlist=["x"]).__file__).parent]
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            if "cli" not in path.relative_to(root).parts and path.name != "__main__.py":  # the entry point runs the CLI
                yield path


def test_no_library_module_imports_the_cli():
    offenders = {str(path): sorted(m for m in _imports(path) if m.startswith("graphkb.cli")) for path in _library_modules()}
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_walk_sees_the_library():
    names = {path.name for path in _library_modules()}
    assert {"chains.py", "graph.py", "pipeline.py", "knowledge.py"} <= names
