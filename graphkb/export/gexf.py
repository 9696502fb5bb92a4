"""GEXF 1.3 with time, for Gephi's timeline: the series plays day by day.

A review lives on its date (``start`` = ``end`` = the date); what reviews
point at (papers, concepts, models, resources) gets one spell per day a
review names it; a series runs from its first to its last review; a
relationship drawn by a review lives on that review's day, one a paper draws
(INTRODUCES) on the day of the paper's first review, and concept to
concept links (BROADER, RELATED) are timeless.  With ``timeformat="date"``
and ``mode="dynamic"``, Gephi's timeline shows the graph growing (one bound)
or a sliding window of days (two bounds).

Each node's GEXF label is what a reader calls it (title or name), its kind
of node is the ``type`` attribute (its own ``id`` property is left out: the
node id ``Review:2024-06-14`` holds it); each relationship's label is its type.  Lists (aliases) are JSON text.
Nodes carry the colour of their kind, a size by degree and the position of
``graphkb viz`` (``viz:color``, ``viz:size``, ``viz:position``), so Gephi opens
the picture the page shows.

Examples
--------
>>> import io, networkx as nx
>>> from graphkb.model import graph_rows, to_networkx
>>> from graphkb.records import Extraction, Review
>>> graph = to_networkx(graph_rows(Extraction([Review(id="a", date="2024-06-14", arxiv=["2403.00835"])])))
>>> out = io.BytesIO(); write_gexf(graph, out)
>>> nx.read_gexf(io.BytesIO(out.getvalue())).nodes["Paper:2403.00835"]["spells"]
[('2024-06-14', '2024-06-14')]
"""

from __future__ import annotations

from typing import IO

from graphkb.export.properties import KEY_PROPERTY, display_name, node_dates, node_properties, plain_value

__all__ = ["GEXF_VERSION", "timed_graph", "write_gexf"]

GEXF_VERSION = "1.3"


def _colour(hex_colour: str) -> dict[str, int]:
    return {"r": int(hex_colour[1:3], 16), "g": int(hex_colour[3:5], 16), "b": int(hex_colour[5:7], 16)}


def timed_graph(graph):
    """``graph`` relabelled for networkx's GEXF writer: labels, types, times, spells and looks as GEXF reads them."""
    import networkx as nx

    from graphkb.viz import NODE_STYLES, compute_layout

    days = node_dates(graph)
    positions = compute_layout(graph)
    timed = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        attributes = {k: plain_value(v) for k, v in node_properties(data).items() if k not in ("label", "start", "end", KEY_PROPERTY)}
        attributes.update(type=data["label"], label=display_name(data))
        if data["label"] == "Review" and data.get("date"):
            attributes.update(start=data["date"], end=data["date"])
        elif data["label"] == "Series" and data.get("start"):
            attributes.update(start=data["start"], end=data.get("end") or data["start"])
        elif days.get(node):
            attributes["spells"] = [(day, day) for day in days[node]]
        x, y = positions.get(node, (0.0, 0.0))
        attributes["viz"] = {
            "color": _colour(NODE_STYLES.get(data["label"], ("#888888",))[0]),
            "size": 4.0 + 2.0 * graph.degree(node) ** 0.5,
            "position": {"x": round(x, 1), "y": round(-y, 1) + 0.0, "z": 0.0},  # Gephi's y axis points up, the page's down
        }
        timed.add_node(node, **attributes)
    for source, target, key, data in graph.edges(keys=True, data=True):
        attributes = {k: plain_value(v) for k, v in data.items() if v is not None and k != "type"}
        attributes["label"] = key
        source_label = graph.nodes[source]["label"]
        day = graph.nodes[source].get("date") if source_label == "Review" else min(days.get(source) or [None]) if source_label == "Paper" else None
        if day:
            attributes.update(start=day, end=day)
        timed.add_edge(source, target, key=key, **attributes)
    return timed


def write_gexf(graph, out: IO[bytes]) -> None:
    """Write ``graph`` as dynamic GEXF 1.3 (``timeformat="date"``) to the binary stream ``out``."""
    import networkx as nx

    nx.write_gexf(timed_graph(graph), out, version=GEXF_VERSION)
