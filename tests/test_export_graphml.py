"""GraphML read back by networkx: every node and relationship, and the label Gephi and yEd show is the node's name."""

from __future__ import annotations

import json

import networkx as nx
from click.testing import CliRunner

from graphkb.cli import cli


def test_graphml_keeps_the_graph_and_labels_nodes_by_name(corpus_store_dir, corpus_graph, tmp_path):
    out = tmp_path / "graph.graphml"
    result = CliRunner().invoke(cli, ["export", "--format", "graphml", "-o", str(out), "--data-dir", str(corpus_store_dir)])
    assert result.exit_code == 0, result.output
    read = nx.read_graphml(out, force_multigraph=True)
    assert set(read.nodes) == set(corpus_graph.nodes)
    assert set(read.edges(keys=True)) == set(corpus_graph.edges(keys=True))
    for node, data in corpus_graph.nodes(data=True):
        got = read.nodes[node]
        assert got["type"] == data["label"]
        if data["label"] == "Review":
            assert got["key"] == data["id"] and got["label"] == (data["title"] or data["displayTitle"] or data["id"])
        elif data["label"] == "Concept":
            assert got["label"] == data["name"] and json.loads(got["aliases"]) == list(data["aliases"])
