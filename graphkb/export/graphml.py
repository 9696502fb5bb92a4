"""GraphML for Gephi, yEd and ``networkx.read_graphml``."""

from __future__ import annotations

from typing import IO

from graphkb.export.properties import plain_value

__all__ = ["write_graphml"]


def write_graphml(graph, out: IO[bytes]) -> None:
    """GraphML of ``graph``; lists (aliases) become JSON text, missing values are left out.

    >>> import io, networkx as nx
    >>> graph = nx.MultiDiGraph(); graph.add_node("Concept:Mamba", label="Concept", aliases=["ממבה"])
    >>> out = io.BytesIO(); write_graphml(graph, out)
    >>> nx.read_graphml(io.BytesIO(out.getvalue())).nodes["Concept:Mamba"]["aliases"]
    '["ממבה"]'
    """
    import networkx as nx

    plain = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        plain.add_node(node, **{k: plain_value(v) for k, v in data.items() if v is not None})
    for source, target, key, data in graph.edges(keys=True, data=True):
        plain.add_edge(source, target, key=key, **{k: plain_value(v) for k, v in data.items() if v is not None})
    nx.write_graphml(plain, out, encoding="utf-8")
