"""Tests that need a tool from outside Python: skipped with one reason where it is missing, required by CI.

A pytest plugin (loaded by ``tests/conftest.py``).  A test, class or module
names the tools it needs with the ``requires`` marker; a fixture that needs
one calls :func:`require` first::

    pytestmark = pytest.mark.requires("chromium")

    @pytest.mark.requires("node")
    def test_grammar(): ...

    @pytest.fixture(scope="module")
    def browser():
        require("chromium")
        ...

Where a tool is missing the test is skipped with one reason
(``needs chromium: apt-get install chromium, or bash .ci/run``) and the run
ends with a "checks that did not run" section naming each missing tool, the
tests it would have run and how to get it.  Under CI (``CI=true``, as
``.ci/run`` runs) a missing tool that CI provides is a failure instead, so CI
never goes green while checking less.

The tools (:data:`TOOLS`):

- ``chromium``: Debian's ``chromium`` on ``PATH``; ``.ci/run`` installs it.
- ``node``: ``node`` and ``npm`` on ``PATH``; ``.ci/run`` installs them.
- ``tmpfs``: a small tmpfs can be mounted here, which needs root (and, in a
  container, ``CAP_SYS_ADMIN``).  CI runs ``.ci/run`` as root (its
  ``apt-get`` needs it), so there a missing tmpfs is a failure.  Tests get one
  from the :func:`tmpfs` fixture.
- ``gdb``: ``gdb`` on ``PATH``, to break a live server's lock the way FalkorDB
  sometimes does; ``.ci/run`` installs it.
- ``neo4j``: ``NEO4J_URI`` names a scratch Neo4j database.  No server can be
  installed on CI, so it stays a skip there.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

__all__ = ["IN_CI", "TOOLS", "Tool", "available", "how_to_get", "mount_tmpfs", "require", "tmpfs", "unmount"]

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@dataclass(frozen=True)
class Tool:
    """A tool from outside Python that some tests need.

    Attributes
    ----------
    checks : str
        What the tests that need it check, for the end-of-run summary.
    get : str
        How to get it, for the skip reason and the summary.
    in_ci : bool
        Whether CI provides it (``bash .ci/run`` gets it too): under ``CI=true`` a missing one fails the tests
        that need it.
    present : Callable[[], bool]
        Whether it is here.
    """

    checks: str
    get: str
    in_ci: bool
    present: Callable[[], bool]


def mount_tmpfs(folder: Path, size: str) -> None:
    """Mount a fresh tmpfs of ``size`` bytes (``mount`` syntax: ``64k``, ``2m``) on ``folder``."""
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)],
                   check=True, capture_output=True, timeout=30)


def unmount(folder: Path) -> None:
    """Detach the tmpfs on ``folder`` (lazily, so a file still open in it does not keep it mounted)."""
    subprocess.run(["umount", "--lazy", str(folder)], check=True, capture_output=True, timeout=30)


def _can_mount_tmpfs() -> bool:
    with tempfile.TemporaryDirectory(prefix="graphkb-tmpfs-probe-") as folder:
        try:
            mount_tmpfs(Path(folder), "64k")
        except (OSError, subprocess.SubprocessError):
            return False
        unmount(Path(folder))
        return True


TOOLS: dict[str, Tool] = {
    "chromium": Tool(
        checks="the graph page in a real headless browser",
        get="apt-get install chromium",
        in_ci=True,
        present=lambda: shutil.which("chromium") is not None,
    ),
    "node": Tool(
        checks="the Neo4j Cypher against Neo4j's own grammar",
        get="apt-get install nodejs npm",
        in_ci=True,
        present=lambda: shutil.which("node") is not None and shutil.which("npm") is not None,
    ),
    "tmpfs": Tool(
        checks="what a full disk does to a build",
        get="run the tests as root (mount -t tmpfs)",
        in_ci=True,
        present=_can_mount_tmpfs,
    ),
    "gdb": Tool(
        checks="an embedded server started with FalkorDB's graph lock broken",
        get="apt-get install gdb",
        in_ci=True,
        present=lambda: shutil.which("gdb") is not None,
    ),
    "neo4j": Tool(
        checks="the Neo4j store against a real server",
        get="set NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD) to a scratch Neo4j database",
        in_ci=False,
        present=lambda: bool(os.environ.get("NEO4J_URI")),
    ),
}


@functools.cache
def available(name: str) -> bool:
    """Whether the tool ``name`` (a key of :data:`TOOLS`) is here; looked for once per run.

    Examples
    --------
    >>> available("chromium") == (shutil.which("chromium") is not None)
    True
    """
    if name not in TOOLS:
        raise ValueError(f"unknown tool {name!r} in requires(); known: {', '.join(sorted(TOOLS))}")
    return TOOLS[name].present()


def how_to_get(names: list[str]) -> str:
    """How to get the tools ``names``, in one line.

    Examples
    --------
    >>> how_to_get(["chromium"])
    'apt-get install chromium, or bash .ci/run'
    >>> how_to_get(["neo4j"])
    'set NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD) to a scratch Neo4j database'
    """
    ways = "; ".join(TOOLS[name].get for name in names)
    return f"{ways}, or bash .ci/run" if any(TOOLS[name].in_ci for name in names) else ways


def require(*names: str) -> None:
    """Skip the running test (fail it under CI, for a tool CI provides) unless every tool named is here.

    The reason names every missing tool.

    Examples
    --------
    >>> @pytest.fixture(scope="module")
    ... def browser():
    ...     require("chromium")  # before anything that starts it
    ...     ...
    """
    missing = [name for name in sorted(set(names)) if not available(name)]
    if not missing:
        return
    needs = f"needs {', '.join(missing)}: {how_to_get(missing)}"
    if IN_CI and any(TOOLS[name].in_ci for name in missing):
        stop = pytest.fail.Exception(f"CI must run this check, but it {needs}", pytrace=False)
    else:
        stop = pytest.skip.Exception(needs)
    stop.missing_tools = missing  # for the summary
    raise stop


@pytest.fixture
def tmpfs(tmp_path) -> Iterator[Callable[[str], Path]]:
    """A function mounting a fresh tmpfs of a given size (``"150k"``, ``"2m"``) and giving its folder.

    Every tmpfs it mounted is unmounted after the test.
    """
    require("tmpfs")
    mounted: list[Path] = []

    def mount(size: str) -> Path:
        folder = tmp_path / f"tmpfs-{len(mounted)}"
        folder.mkdir()
        mount_tmpfs(folder, size)
        mounted.append(folder)
        return folder

    yield mount
    for folder in reversed(mounted):
        unmount(folder)


_MISSING = pytest.StashKey[dict[str, list[str]]]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"requires(*tools): the test needs these tools from outside Python ({', '.join(TOOLS)})")
    config.stash[_MISSING] = {}


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    require(*(name for marker in item.iter_markers("requires") for name in marker.args))


def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> None:
    if call.excinfo is not None:
        for tool in getattr(call.excinfo.value, "missing_tools", ()):
            item.config.stash[_MISSING].setdefault(tool, []).append(item.nodeid)


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    missing = config.stash[_MISSING]
    if not missing:
        return
    terminalreporter.section("checks that did not run")
    for name, node_ids in sorted(missing.items()):
        tool = TOOLS[name]
        files = sorted({node_id.split("::")[0] for node_id in node_ids})
        consequence = "failed: CI must run them" if IN_CI and tool.in_ci else "skipped"
        tests = f"{len(node_ids)} test{'s' if len(node_ids) > 1 else ''}"
        terminalreporter.line(f"{name}: {tests} of {tool.checks} {consequence} ({', '.join(files)})")
        terminalreporter.line(f"    to run them: {how_to_get([name])}")
