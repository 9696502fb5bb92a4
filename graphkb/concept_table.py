"""The concepts of a graph with how many reviews mention each: what ``graphkb concepts`` lists.

Examples
--------
>>> from graphkb.model import graph_rows, to_networkx
>>> from graphkb.records import Extraction, Review
>>> review = Review(id="a", date="2024-06-01", concepts=[{"name": "DPO", "kind": "method", "count": 2,
...                 "salience": 0.5, "aliases": [], "broader": ["preference optimization"]}])
>>> rows = concept_table(to_networkx(graph_rows(Extraction([review]))))
>>> rows[0]["name"], rows[0]["reviews"], rows[0]["mentions"], rows[0]["broader"]
('DPO', 1, 2, ['preference optimization'])
"""

from __future__ import annotations

from typing import Any

__all__ = ["concept_table"]


def concept_table(graph: Any, *, kind: str | None = None, top: int | None = None) -> list[dict[str, Any]]:
    """One row per mentioned concept: ``name``, ``kind``, ``reviews`` (count), ``mentions``, ``broader``,
    ``review_ids``; most reviewed first.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        Shaped like :func:`graphkb.model.to_networkx` (from a store or a corpus, see :func:`graphkb.graph.load`).
    kind : str, optional
        Only concepts of this kind.
    top : int, optional
        Only the first ``top`` rows.
    """
    rows = []
    for node, attrs in graph.nodes(data=True):
        if attrs.get("label") != "Concept" or (kind and attrs.get("kind") != kind):
            continue
        reviews, mentions, broader = [], 0, []
        for source, _, edge in graph.in_edges(node, data=True):
            if edge.get("type") == "MENTIONS":
                reviews.append(graph.nodes[source]["id"])
                mentions += int(edge.get("count") or 1)
        for _, target, edge in graph.out_edges(node, data=True):
            if edge.get("type") == "BROADER":
                broader.append(graph.nodes[target]["name"])
        if reviews:
            rows.append({"name": attrs["name"], "kind": attrs.get("kind"), "reviews": len(reviews), "mentions": mentions,
                         "broader": sorted(broader), "review_ids": sorted(reviews)})
    rows.sort(key=lambda row: (-row["reviews"], -row["mentions"], row["name"].casefold()))
    return rows[:top] if top else rows
