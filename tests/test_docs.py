"""Docs that cannot drift: every docstring example runs, and docstrings name only files that exist.

The doctests are collected here (not with ``--doctest-modules``) so that each
module is imported under its installed name (``graphkb.extract.concepts``,
never ``extract.concepts``) exactly once.
"""

from __future__ import annotations

import ast
import doctest
import importlib
import pkgutil
import re
from pathlib import Path

import pytest


REPOSITORY = Path(__file__).parent.parent


def _modules() -> list[str]:
    """Every module of the installed package; graphkb.extract and graphkb.queries live outside graphkb/'s folder."""
    names = {"graphkb", "graphkb.extract", "graphkb.queries"}
    for package in sorted(names):
        path = importlib.import_module(package).__path__
        names.update(info.name for info in pkgutil.walk_packages(path, f"{package}."))
    return sorted(name for name in names if not name.endswith("__main__"))


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in finder.find(module, name):
        runner.run(test)
    failed, attempted = runner.summarize(verbose=False)
    assert failed == 0, f"{failed} of {attempted} docstring examples of {name} fail (run pytest -s to see them)"


def test_the_docstring_examples_are_many():
    finder = doctest.DocTestFinder(exclude_empty=True)
    examples = sum(len(test.examples) for name in _modules() for test in finder.find(importlib.import_module(name), name))
    assert examples >= 100


_PATH = re.compile(r"``([A-Za-z0-9_.\-]+(?:/[A-Za-z0-9_.\-]+)+)``")


def _sources() -> list[Path]:
    return sorted([*REPOSITORY.glob("graphkb/**/*.py"), *REPOSITORY.glob("extract/**/*.py")])


def test_docstrings_name_only_files_that_exist():
    dangling = []
    for source in _sources():
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for path in _PATH.findall(ast.get_docstring(node) or ""):
                if "." in path.rsplit("/", 1)[-1] and not any((base / path).exists() for base in (REPOSITORY, REPOSITORY / "graphkb")):
                    dangling.append(f"{source.relative_to(REPOSITORY)}: {path}")
    assert dangling == []


def test_the_reference_check_sees_the_docstrings():
    found = {path for source in _sources() for path in _PATH.findall(source.read_text(encoding="utf-8"))}
    assert "extract/data/concepts.yaml" in found and "tests/data/gold-dev.jsonl" in found
