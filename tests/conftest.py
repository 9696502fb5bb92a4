"""Shared fixtures: the shipped corpus, the dev gold sample, one extraction per session."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from graphkb import DEFAULT_CORPUS

TESTS = Path(__file__).parent
GOLD_DEV = TESTS / "data" / "gold-dev.jsonl"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


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
    from graphkb.model import graph_rows

    return graph_rows(records)


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
