"""Node-link JSON read back by networkx with its default arguments and laid out by D3's own force layout.

The D3 checks run ``tests/js/d3_links.mjs`` with node and the npm package
``d3-force`` (the ``node_js`` fixture installs it into ``tests/js``), so they
need node and npm (``requires("node")``).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from graphkb.cli import cli
from graphkb.model import NODE_KEYS, node_id

JS = Path(__file__).parent / "js"


@pytest.fixture(scope="module")
def document(corpus_store_dir, tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("nodelink") / "graph.json"
    result = CliRunner().invoke(cli, ["export", "--format", "json", "-o", str(out), "--data-dir", str(corpus_store_dir)])
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text(encoding="utf-8"))


def test_networkx_defaults_read_the_graph_as_stored(document, corpus_graph):
    for read in (nx.node_link_graph(document), nx.node_link_graph(document, edges="links")):
        assert read.number_of_nodes() == corpus_graph.number_of_nodes()
        assert set(read.nodes) == set(corpus_graph.nodes)
        assert set(read.edges(keys=True)) == set(corpus_graph.edges(keys=True))
    read = nx.node_link_graph(document)
    assert read.nodes["Review:2024-06-14"]["key"] == "2024-06-14"
    assert read.nodes["Paper:2403.00835"]["url"] == "https://arxiv.org/abs/2403.00835"


def test_nodes_keep_the_conventional_id_key_and_no_property_collides(document, corpus_graph):
    ids = [node["id"] for node in document["nodes"]]
    assert len(ids) == len(set(ids)) == corpus_graph.number_of_nodes()
    for node in document["nodes"]:  # the id is the node id; a node's own id property is "key"
        own = NODE_KEYS[node["label"]]
        assert node["id"] == node_id(node["label"], node["key" if own == "id" else own])
    assert document["links"] == document["edges"]


@pytest.mark.requires("node")
def test_node_js_links_every_relationship_to_its_nodes(document, node_js):
    run = subprocess.run([node_js, "d3_links.mjs"], cwd=JS, input=json.dumps(document), capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    laid_out = json.loads(run.stdout)
    assert laid_out["nodes"] == laid_out["distinctIds"] == laid_out["placed"] == len(document["nodes"])
    expected = [[link["source"], link["target"], link["key"], True] for link in document["links"]]
    assert laid_out["links"] == expected


@pytest.mark.requires("node")
def test_node_js_refuses_a_link_to_a_missing_node(document, node_js):
    broken = {"nodes": document["nodes"][:1], "links": [{"source": document["nodes"][0]["id"], "target": "Concept:nowhere"}]}
    run = subprocess.run([node_js, "d3_links.mjs"], cwd=JS, input=json.dumps(broken), capture_output=True, text=True, timeout=300)
    assert run.returncode != 0 and "node not found: Concept:nowhere" in run.stderr
