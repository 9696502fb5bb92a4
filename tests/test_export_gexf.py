"""GEXF 1.3 with time, read back by networkx's GEXF reader (spells included) and by graphology-gexf.

graphology-gexf is the GEXF parser of Gephi Lite and sigma.js, run with node
from ``tests/js/gexf_read.mjs`` (``requires("node")``).  No copy of the GEXF
1.3 XSD is to be had offline here (not in Debian, npm or PyPI packages), so
the file is checked by these two readers rather than by ``xmllint --schema``.
"""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from graphkb.cli import cli

GEXF = "{http://gexf.net/1.3}"
JS = Path(__file__).parent / "js"


@pytest.fixture(scope="module")
def gexf_file(corpus_store_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("gexf") / "graph.gexf"
    result = CliRunner().invoke(cli, ["export", "--format", "gexf", "-o", str(out), "--data-dir", str(corpus_store_dir)])
    assert result.exit_code == 0, result.output
    return out


def test_gexf_is_dynamic_version_1_3_with_dates(gexf_file):
    root = ET.parse(gexf_file).getroot()
    assert root.tag == f"{GEXF}gexf" and root.get("version") == "1.3"
    graph = root.find(f"{GEXF}graph")
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"


def test_networkx_reads_the_graph_with_its_timeline(gexf_file, corpus_graph):
    read = nx.read_gexf(gexf_file)
    assert set(read.nodes) == set(corpus_graph.nodes)
    # the reader gives a DiGraph when no two relationships join the same pair; each edge's label is its type
    assert {(source, target, data["label"]) for source, target, data in read.edges(data=True)} == set(corpus_graph.edges(keys=True))
    for node, data in corpus_graph.nodes(data=True):
        if data["label"] == "Review":
            assert read.nodes[node]["start"] == read.nodes[node]["end"] == data["date"]
            assert read.nodes[node]["label"] == (data["title"] or data["displayTitle"] or data["id"])
    days = {}
    for review, target in corpus_graph.edges():
        if corpus_graph.nodes[review]["label"] == "Review" and corpus_graph.nodes[target]["label"] not in ("Review", "Series"):
            days.setdefault(target, set()).add(corpus_graph.nodes[review]["date"])
    assert days, "the corpus has reviewed papers and mentioned concepts"
    for node, dates in days.items():
        assert read.nodes[node]["spells"] == [(day, day) for day in sorted(dates)]
        assert read.nodes[node]["type"] == corpus_graph.nodes[node]["label"]
    mamba = read.nodes["Concept:Mamba"]
    assert "ממבה" in mamba["aliases"] and len(mamba["spells"]) > 1


def test_relationships_live_on_their_review_day_and_concept_links_are_timeless(gexf_file, corpus_graph):
    read = nx.read_gexf(gexf_file)
    for source, target, data in read.edges(data=True):
        if data["label"] in ("BROADER", "RELATED", "INTRODUCES"):  # links between concepts or from a paper
            assert "start" not in data and "end" not in data
        else:
            assert data["start"] == data["end"] == corpus_graph.nodes[source]["date"]
    series = next(data for node, data in corpus_graph.nodes(data=True) if data["label"] == "Series")
    assert read.nodes[f"Series:{series['id']}"]["start"] == series["start"]
    assert read.nodes[f"Series:{series['id']}"]["end"] == series["end"]


@pytest.mark.requires("node")
def test_gephi_lites_parser_reads_every_node_and_relationship(gexf_file, corpus_graph, node_js):
    run = subprocess.run([node_js, "gexf_read.mjs", str(gexf_file), "Concept:Mamba"], cwd=JS, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    read = json.loads(run.stdout)
    assert (read["order"], read["size"]) == (corpus_graph.number_of_nodes(), corpus_graph.number_of_edges())
    labels = [data["label"] for _, data in corpus_graph.nodes(data=True)]
    assert read["types"] == {label: labels.count(label) for label in set(labels)}
    assert read["sample"]["label"] == "Mamba" and "ממבה" in json.loads(read["sample"]["aliases"])
    assert read["edgeLabels"] == sorted({key for _, _, key in corpus_graph.edges(keys=True)})


def test_gephi_opens_the_picture_of_graphkb_viz(gexf_file, corpus_graph):
    from graphkb.viz import NODE_STYLES, compute_layout

    read = nx.read_gexf(gexf_file)
    positions = compute_layout(corpus_graph)
    for node, data in corpus_graph.nodes(data=True):
        look = read.nodes[node]["viz"]
        colour = NODE_STYLES[data["label"]][0]
        assert (look["color"]["r"], look["color"]["g"], look["color"]["b"]) == tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
        assert abs(look["position"]["x"] - positions[node][0]) <= 0.05 and abs(look["position"]["y"] + positions[node][1]) <= 0.05
    sizes = {node: read.nodes[node]["viz"]["size"] for node in read.nodes}
    hub = max(corpus_graph.nodes, key=corpus_graph.degree)
    assert sizes[hub] == max(sizes.values())
