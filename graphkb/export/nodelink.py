"""Node-link JSON that networkx's and D3's default readers read right.

Each node's id is under the conventional ``"id"`` key (``"Review:2024-06-14"``,
``"Concept:Mamba"``) and a node's own ``id`` property (reviews, papers,
series) is under ``"key"``, so nothing collides with it.  The relationship
list is written twice, as ``"edges"`` (what ``networkx.node_link_graph``
reads by default since networkx 3.4's change of default) and as ``"links"``
(what D3's force layout and older networkx read), each link naming its
``source`` and ``target`` node ids, as ``d3.forceLink().id(d => d.id)`` expects.

Examples
--------
>>> import io, json, networkx as nx
>>> from graphkb.model import graph_rows, to_networkx
>>> from graphkb.records import Extraction, Review
>>> graph = to_networkx(graph_rows(Extraction([Review(id="a", date="2024-06-14", arxiv=["2403.00835"])])))
>>> out = io.StringIO(); write_node_link(graph, out)
>>> document = json.loads(out.getvalue())
>>> sorted(document)
['directed', 'edges', 'graph', 'links', 'multigraph', 'nodes']
>>> sorted(nx.node_link_graph(document).nodes)
['Paper:2403.00835', 'Review:a']
"""

from __future__ import annotations

import json
from typing import IO, Any

from graphkb.export.properties import node_properties

__all__ = ["node_link_document", "write_node_link"]


def node_link_document(graph) -> dict[str, Any]:
    """The node-link document of ``graph`` as a dict (see the module docstring for its shape)."""
    import networkx as nx

    plain = nx.MultiDiGraph()
    plain.add_nodes_from((node, node_properties(data)) for node, data in graph.nodes(data=True))
    plain.add_edges_from(
        (source, target, key, {k: v for k, v in data.items() if v is not None})
        for source, target, key, data in graph.edges(keys=True, data=True)
    )
    document = nx.node_link_data(plain, name="id", edges="edges")
    document["links"] = document["edges"]
    return document


def write_node_link(graph, out: IO[str]) -> None:
    """Write :func:`node_link_document` of ``graph`` to ``out`` as UTF-8 JSON (Hebrew unescaped)."""
    json.dump(node_link_document(graph), out, ensure_ascii=False, indent=1)
    out.write("\n")
