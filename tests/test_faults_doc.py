"""``docs/faults.md`` stays honest: every test it names exists, and every fault test is in it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
TABLE = ROOT / "docs" / "faults.md"
ROW = re.compile(r"^\| (?P<number>\d+) \| (?P<case>.+?) \| (?P<behaviour>.+?) \| `(?P<test>tests/[\w/]+\.py::\w+(?:\[[\w-]+\])?)` \|$")


def table_rows() -> list[dict[str, str]]:
    return [match.groupdict() for line in TABLE.read_text(encoding="utf-8").splitlines() if (match := ROW.match(line))]


def functions_of(path: Path) -> dict[str, list[str] | None]:
    """The test functions of ``path`` with their parametrize ``ids=`` lists (None where ids are generated)."""
    found: dict[str, list[str] | None] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
            ids = None
            for decorator in node.decorator_list:
                for keyword in getattr(decorator, "keywords", []):
                    if keyword.arg == "ids" and isinstance(keyword.value, ast.List):
                        ids = [element.value for element in keyword.value.elts if isinstance(element, ast.Constant)]
                if isinstance(decorator, ast.Call) and ast.unparse(decorator.func) == "pytest.mark.parametrize" and ids is None:
                    values = decorator.args[1] if len(decorator.args) > 1 else None
                    if isinstance(values, ast.List) and all(isinstance(element, ast.Constant) for element in values.elts):
                        ids = [str(element.value) for element in values.elts]  # pytest's ids for plain values
            found[node.name] = ids
    return found


def test_the_table_counts_every_fault_the_issue_counted():
    rows = table_rows()
    assert len(rows) >= 107
    assert [int(row["number"]) for row in rows] == list(range(1, len(rows) + 1))
    assert sum(row["case"].startswith("**#15**") for row in rows) >= 20


@pytest.mark.parametrize("row", table_rows(), ids=lambda row: row["number"])
def test_every_named_test_exists(row):
    test = row["test"]
    file_name, _, rest = test.partition("::")
    name, _, param = rest.partition("[")
    path = ROOT / file_name
    assert path.is_file(), f"row {row['number']}: no {file_name}"
    functions = functions_of(path)
    assert name in functions, f"row {row['number']}: no {name} in {file_name}"
    if param:
        ids = functions[name]
        assert ids is not None and param.rstrip("]") in ids, f"row {row['number']}: {name} has no case [{param}"


def test_every_fault_test_is_in_the_table():
    named = {row["test"].partition("[")[0] for row in table_rows()}
    for path in sorted((ROOT / "tests").glob("test_faults*.py")):
        if path.name == Path(__file__).name:
            continue
        for name in functions_of(path):
            assert f"tests/{path.name}::{name}" in named, f"{path.name}::{name} is missing from docs/faults.md"
