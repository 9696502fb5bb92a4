"""One lookup: reviews by id, any printed date form or title; concepts by any alias, Hebrew prefixes folded."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from graphkb.cli import cli
from graphkb.errors import UnknownNameError, UnknownTopicError
from graphkb.lookup import find_concept, find_review, review_key
from graphkb.model import graph_rows, to_networkx
from graphkb.paths import resolve_topic
from graphkb.records import Extraction, Review


@pytest.fixture(scope="module")
def graph():
    reviews = [
        Review(id="2024-06-14", date="2024-06-14", title="CLLMs: Consistency Large Language Models",
               concepts=[{"name": "Jacobi decoding", "kind": "method", "aliases": ["פענוח יעקובי"], "count": 3, "salience": 1.0}]),
        Review(id="2024-06-16", date="2024-06-16", title="Step-DPO"),
        Review(id="2024-06-16-2", date="2024-06-16", title="Mamba-2",
               concepts=[{"name": "Mamba", "kind": "architecture", "aliases": ["ממבה"], "count": 2, "salience": 0.9}]),
    ]
    return to_networkx(graph_rows(Extraction(reviews)))


@pytest.mark.parametrize("written", ["2024-06-14", "14.06.24", "14/6/2024", "14.6.2024", "14/06/24", "review:2024-06-14",
                                     "cllms: consistency large language models", "  CLLMs:  Consistency Large Language Models "])
def test_a_review_by_any_printed_form(graph, written):
    assert find_review(graph, written) == "2024-06-14"


def test_a_date_names_its_first_review_and_an_id_its_own(graph):
    assert find_review(graph, "16.06.24") == "2024-06-16"
    assert find_review(graph, "2024-06-16-2") == "2024-06-16-2"


def test_an_unknown_review_suggests_the_nearest(graph):
    with pytest.raises(UnknownNameError) as caught:
        find_review(graph, "15.06.24")
    assert caught.value.candidates and set(caught.value.candidates) <= {"2024-06-14", "2024-06-16", "2024-06-16-2"}
    with pytest.raises(UnknownNameError) as caught:
        find_review(graph, "Step DPOO")
    assert caught.value.candidates[0] == "2024-06-16"


@pytest.mark.parametrize("name", ["Mamba", "mamba", "ממבה", "בממבה", "וה-Mamba"])
def test_a_concept_by_any_alias_with_hebrew_prefixes(graph, name):
    assert find_concept(graph, name) == "Concept:Mamba"


def test_the_same_lookup_serves_reading_path_topics(graph):
    assert resolve_topic(graph, "14/6/2024").name == "2024-06-14"
    assert resolve_topic(graph, "בממבה").name == "Mamba"
    with pytest.raises(UnknownTopicError):
        resolve_topic(graph, "31.02.24x")


def test_review_key_refuses_impossible_days():
    assert review_key("31.02.24") is None and review_key("2024-13-01") is None


def test_viz_review_accepts_a_printed_date(corpus_store_dir, tmp_path):
    out = tmp_path / "cllms.html"
    result = CliRunner().invoke(cli, ["viz", "--review", "14.06.24", "--out", str(out), "--data-dir", str(corpus_store_dir)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    data = json.loads(page.split('<script type="application/json" id="graph-data">', 1)[1].split("</script>", 1)[0])
    assert data["focus"] == "Review:2024-06-14"
