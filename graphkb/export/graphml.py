"""GraphML for Gephi, yEd and ``networkx.read_graphml``.

As in the GEXF export, a node's ``label`` is what a reader calls it (Gephi
and yEd show the ``label`` attribute as the node's label), its kind of node is
``type`` and its own ``id`` property is ``key``; lists (aliases) are JSON text.
"""

from __future__ import annotations

from typing import IO

from graphkb.export.properties import display_name, node_properties, plain_value

__all__ = ["write_graphml"]


def write_graphml(graph, out: IO[bytes]) -> None:
    """GraphML of ``graph`` (see the module docstring); missing values are left out.

    >>> import io, networkx as nx
    >>> graph = nx.MultiDiGraph(); graph.add_node("Concept:Mamba", label="Concept", name="Mamba", aliases=["ממבה"])
    >>> out = io.BytesIO(); write_graphml(graph, out)
    >>> nx.read_graphml(io.BytesIO(out.getvalue())).nodes["Concept:Mamba"]
    {'name': 'Mamba', 'aliases': '["ממבה"]', 'type': 'Concept', 'label': 'Mamba'}
    """
    import networkx as nx

    plain = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        attributes = {k: plain_value(v) for k, v in node_properties(data).items() if k != "label"}
        plain.add_node(node, **attributes, type=data["label"], label=display_name(data))
    for source, target, key, data in graph.edges(keys=True, data=True):
        plain.add_edge(source, target, key=key, **{k: plain_value(v) for k, v in data.items() if v is not None})
    nx.write_graphml(plain, out, encoding="utf-8")
