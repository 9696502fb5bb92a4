"""Shared fixtures: the shipped corpus, the dev gold sample, one extraction per session.

Tests that need a tool from outside Python (Chromium, Node.js, a mountable
tmpfs, a Neo4j server) say so with one mechanism, the ``requires`` marker of
the ``outside_tools`` plugin loaded here (``tests/outside_tools.py``)::

    pytestmark = pytest.mark.requires("chromium")       # a whole module

    @pytest.mark.requires("node")                        # one test
    def test_grammar(): ...

    @pytest.mark.requires("tmpfs")
    def test_full_disk(tmpfs):                           # tmpfs("150k") mounts one
        data_dir = tmpfs("150k")

A fixture that starts a tool calls ``outside_tools.require("chromium")``
first.  Never ``shutil.which`` + ``pytest.skip``/``pytest.fail`` by hand:
where a tool is missing the plugin skips with one reason, lists the checks
that did not run at the end of the run and how to get them, and under CI
(``CI=true``, as ``.ci/run`` runs) fails the tests needing chromium, node or
tmpfs, which CI provides; ``neo4j`` stays a skip there.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphkb import DEFAULT_CORPUS

pytest_plugins = ["outside_tools", "pytester"]

TESTS = Path(__file__).parent
GOLD_DEV = TESTS / "data" / "gold-dev.jsonl"


@pytest.fixture(scope="session")
def corpus_path() -> Path:
    return DEFAULT_CORPUS


@pytest.fixture(scope="session")
def gold() -> list[dict]:
    return [json.loads(line) for line in GOLD_DEV.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def records():
    """The whole shipped corpus, extracted once per test session (concepts and continuations included)."""
    from graphkb.extract.pipeline import extract_records

    return extract_records(DEFAULT_CORPUS)


@pytest.fixture(scope="session")
def records_by_id(records):
    return {r.id: r for r in records}


# -- graph store fixtures (issue 5) ----------------------------------------------------------------


@pytest.fixture(scope="session")
def corpus_rows(records):
    """The graph model rows of the whole shipped corpus."""
    from graphkb.extract.pipeline import extraction_from
    from graphkb.model import graph_rows

    return graph_rows(extraction_from(records))


@pytest.fixture(scope="session")
def corpus_store_dir(tmp_path_factory, corpus_rows):
    """An embedded store folder holding the corpus graph (built once per session)."""
    from graphkb.store import open_store

    data_dir = tmp_path_factory.mktemp("corpus-store")
    with open_store(data_dir) as store:
        store.load(corpus_rows)
    return data_dir


@pytest.fixture(scope="session")
def corpus_store(corpus_store_dir):
    """The open embedded store over the corpus graph (kept open, so its server stays up, for the session)."""
    from graphkb.store import open_store

    with open_store(corpus_store_dir, create=False) as store:
        yield store


@pytest.fixture(scope="session")
def corpus_graph(corpus_store):
    """The corpus graph as the store gives it back: what ``graphkb export`` exports."""
    return corpus_store.read_networkx()


@pytest.fixture(scope="session")
def node_js() -> str:
    """The node executable, with every npm package ``tests/js/package.json`` names installed (``npm ci`` if one is missing)."""
    import shutil
    import subprocess

    import outside_tools

    outside_tools.require("node")
    folder = TESTS / "js"
    wanted = json.loads((folder / "package.json").read_text(encoding="utf-8"))["dependencies"]
    if any(not (folder / "node_modules" / name).is_dir() for name in wanted):
        install = subprocess.run([shutil.which("npm"), "ci", "--no-audit", "--no-fund"], cwd=folder, capture_output=True, text=True)
        assert install.returncode == 0, install.stderr
    return shutil.which("node")


# -- headless Chromium (browser tests) --------------------------------------------------------------

# Without the background-networking flags Chromium keeps calling out to hosts this machine cannot reach.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run"]


@pytest.fixture(scope="module")
def browser(request):
    """Debian's headless Chromium for a module's browser tests (mark them ``requires("chromium")``); a module adds
    flags of its own in a ``CHROMIUM_EXTRA_ARGS`` list (software WebGL, a host-resolver rule…)."""
    import shutil

    from playwright.sync_api import sync_playwright

    args = [*CHROMIUM_ARGS, *getattr(request.module, "CHROMIUM_EXTRA_ARGS", ())]
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=args)
        yield chromium
        chromium.close()
