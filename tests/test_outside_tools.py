"""The skip policy for tools from outside Python: a clear skip and summary on a bare machine, a failure under CI.

Each case runs pytest in a subprocess on a small test file, with ``PATH``
holding only this interpreter, so chromium, node and npm are missing there.
"""

from __future__ import annotations

import errno
import sys
from pathlib import Path

import pytest

from outside_tools import TOOLS

TESTS = Path(__file__).parent

PAGE_TESTS = """
import pytest

pytestmark = pytest.mark.requires("chromium")

def test_page():
    pass

@pytest.mark.requires("node")
def test_page_and_grammar():
    pass
"""

SERVER_TEST = """
import pytest

@pytest.mark.requires("neo4j")
def test_server():
    pass
"""

PLAIN_TEST = """
def test_plain():
    pass
"""


@pytest.fixture()
def bare_pytest(pytester, monkeypatch, tmp_path):
    """Run pytest with the plugin in a subprocess where only Python is on ``PATH``; give its result."""
    python_only = tmp_path / "python-only"
    python_only.mkdir()
    (python_only / "python").symlink_to(sys.executable)
    monkeypatch.setenv("PATH", str(python_only))
    monkeypatch.setenv("PYTHONPATH", str(TESTS))
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.delenv("CI", raising=False)
    pytester.makepyfile(test_pages=PAGE_TESTS, test_server=SERVER_TEST, test_plain=PLAIN_TEST)

    def run(*args: str):
        return pytester.runpytest_subprocess("-p", "outside_tools", "-p", "no:cacheprovider", "-ra", *args)

    return run


def test_missing_tools_skip_with_one_reason_and_a_summary(bare_pytest):
    result = bare_pytest()
    assert result.ret == pytest.ExitCode.OK
    result.assert_outcomes(passed=1, skipped=3)
    result.stdout.fnmatch_lines(["SKIPPED [[]1[]] *: needs chromium: apt-get install chromium, or bash .ci/run"])
    result.stdout.fnmatch_lines(
        ["SKIPPED [[]1[]] *: needs chromium, node: apt-get install chromium; apt-get install nodejs npm, or bash .ci/run"]
    )
    result.stdout.fnmatch_lines([
        "*= checks that did not run =*",
        "chromium: 2 tests of the graph page in a real headless browser skipped (test_pages.py)",
        "    to run them: apt-get install chromium, or bash .ci/run",
        "neo4j: 1 test of the Neo4j store against a real server skipped (test_server.py)",
        "    to run them: set NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD) to a scratch Neo4j database",
        "node: 1 test of the Neo4j Cypher against Neo4j's own grammar skipped (test_pages.py)",
        "    to run them: apt-get install nodejs npm, or bash .ci/run",
    ])


def test_under_ci_a_tool_ci_provides_fails_the_run(bare_pytest, monkeypatch):
    monkeypatch.setenv("CI", "true")
    result = bare_pytest()
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.assert_outcomes(passed=1, skipped=1, errors=2)
    result.stdout.fnmatch_lines([
        "*= checks that did not run =*",
        "chromium: 2 tests of the graph page in a real headless browser failed: CI must run them (test_pages.py)",
        "neo4j: 1 test of the Neo4j store against a real server skipped (test_server.py)",
        "node: 1 test of the Neo4j Cypher against Neo4j's own grammar failed: CI must run them (test_pages.py)",
        "ERROR test_pages.py::test_page - Failed: CI must run this check, but it needs chromium: *",
        "ERROR test_pages.py::test_page_and_grammar - Failed: CI must run this check, but it needs chromium, node: *",
    ])


def test_a_run_with_every_tool_has_no_summary(bare_pytest):
    result = bare_pytest("test_plain.py")
    assert result.ret == 0
    assert "checks that did not run" not in result.stdout.str()


def test_an_unknown_tool_is_an_error(pytester, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(TESTS))
    pytester.makepyfile("import pytest\n\n@pytest.mark.requires('chromum')\ndef test_typo():\n    pass\n")
    result = pytester.runpytest_subprocess("-p", "outside_tools", "-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*unknown tool 'chromum' in requires(); known: chromium, gdb, neo4j, node, tmpfs*"])


def test_tools_ci_provides_are_those_ci_can_have():
    assert {name for name, tool in TOOLS.items() if tool.in_ci} == {"chromium", "gdb", "node", "tmpfs"}


@pytest.mark.requires("tmpfs")
def test_tmpfs_is_a_small_disk_of_its_own(tmpfs):
    folder = tmpfs("64k")
    with pytest.raises(OSError) as full:
        (folder / "fill").write_bytes(b"\0" * 128 * 1024)
    assert full.value.errno == errno.ENOSPC
