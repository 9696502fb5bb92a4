"""Continuation chains and series, read from the graph.

Works on the networkx view of the graph (:func:`graphkb.model.to_networkx`
or :meth:`graphkb.store.GraphStore.read_networkx`): CONTINUES links between
Review nodes, and Series nodes their reviews are PART_OF.

Examples
--------
>>> from graphkb.extract.pipeline import extraction_from
>>> from graphkb.model import graph_rows, to_networkx
>>> from graphkb.records import Review
>>> a = Review(id="2024-06-21", date="2024-06-21", title="NER as span prediction")
>>> b = Review(id="2024-06-22", date="2024-06-22", title="GLiNER",
...            continues=[{"target": "2024-06-21", "kind": "yesterday", "evidence": "שסקרנו אתמול", "confidence": 0.95}])
>>> graph = to_networkx(graph_rows(extraction_from([a, b])))
>>> review_chain(graph, "2024-06-22")["continues"][0]["review"]
'2024-06-21'
>>> [s["size"] for s in list_series(graph)]
[2]
"""

from __future__ import annotations

from typing import Any

from graphkb.lookup import find_review
from graphkb.model import node_id

__all__ = ["review_chain", "list_series", "stored_chain_graph"]


def _review_nodes(graph: Any) -> dict[str, dict[str, Any]]:
    return {attrs["id"]: attrs for _, attrs in graph.nodes(data=True) if attrs.get("label") == "Review"}


def _summary(graph: Any, review_id: str) -> dict[str, Any]:
    attrs = graph.nodes[node_id("Review", review_id)]
    return {"review": review_id, "date": attrs.get("date"), "title": attrs.get("title")}


def _links(graph: Any, review_id: str, outgoing: bool) -> list[dict[str, Any]]:
    node = node_id("Review", review_id)
    edges = graph.out_edges(node, data=True) if outgoing else graph.in_edges(node, data=True)
    links = []
    for source, target, attrs in edges:
        if attrs.get("type") != "CONTINUES":
            continue
        other = graph.nodes[target if outgoing else source]["id"]
        links.append(
            {
                **_summary(graph, other),
                "kind": attrs.get("kind"),
                "evidence": attrs.get("evidence"),
                "confidence": attrs.get("confidence"),
            }
        )
    return sorted(links, key=lambda link: (link["date"] or "", link["review"]))


def _series_of(graph: Any, review_id: str) -> dict[str, Any] | None:
    for _, target, attrs in graph.out_edges(node_id("Review", review_id), data=True):
        if attrs.get("type") == "PART_OF":
            return _series_record(graph, target)
    return None


def _series_record(graph: Any, series_node: str) -> dict[str, Any]:
    attrs = graph.nodes[series_node]
    members = sorted(
        (graph.nodes[source]["date"] or "", graph.nodes[source]["id"])
        for source, _, edge in graph.in_edges(series_node, data=True)
        if edge.get("type") == "PART_OF"
    )
    return {
        "id": attrs.get("id"),
        "name": attrs.get("name"),
        "start": attrs.get("start"),
        "end": attrs.get("end"),
        "size": len(members),
        "reviews": [review_id for _, review_id in members],
    }


def review_chain(graph: Any, review: str) -> dict[str, Any]:
    """What a review continues and what continues it, with the evidence.

    ``review`` is looked up by :func:`graphkb.lookup.find_review` (an id, a printed date or a title).

    Returns
    -------
    dict
        ``{"review", "date", "title", "continues": [links], "continued_by":
        [links], "chain": [ids of every review linked to it, in date order],
        "series": series record or None}``; a link is ``{"review", "date",
        "title", "kind", "evidence", "confidence"}``.
    """
    import networkx as nx

    review_id = find_review(graph, review)
    continues = nx.DiGraph()
    continues.add_node(review_id)
    continues.add_edges_from(
        (graph.nodes[s]["id"], graph.nodes[t]["id"]) for s, t, attrs in graph.edges(data=True) if attrs.get("type") == "CONTINUES"
    )
    linked = nx.ancestors(continues, review_id) | nx.descendants(continues, review_id) | {review_id}
    chain = sorted(linked, key=lambda rid: (graph.nodes[node_id("Review", rid)].get("date") or "", rid))
    return {
        **_summary(graph, review_id),
        "continues": _links(graph, review_id, outgoing=True),
        "continued_by": _links(graph, review_id, outgoing=False),
        "chain": chain,
        "series": _series_of(graph, review_id),
    }


def list_series(graph: Any) -> list[dict[str, Any]]:
    """Every series, longest first: ``{"id", "name", "start", "end", "size", "reviews"}``."""
    series = [_series_record(graph, node) for node, attrs in graph.nodes(data=True) if attrs.get("label") == "Series"]
    return sorted(series, key=lambda s: (-s["size"], s["start"] or "", s["id"] or ""))


_STORED = {
    "reviews": "MATCH (r:Review) RETURN r.id AS id, r.date AS date, r.title AS title",
    "continues": (
        "MATCH (a:Review)-[c:CONTINUES]->(b:Review) "
        "RETURN a.id AS source, b.id AS target, c.kind AS kind, c.evidence AS evidence, c.confidence AS confidence"
    ),
    "series": "MATCH (s:Series) RETURN s.id AS id, s.name AS name, s.start AS start, s.end AS end, s.size AS size",
    "part_of": "MATCH (r:Review)-[:PART_OF]->(s:Series) RETURN r.id AS review, s.id AS series",
}


def stored_chain_graph(graph_store: Any) -> Any:
    """The part of a stored graph chains and series need (reviews, CONTINUES,
    series, PART_OF), shaped like :func:`graphkb.model.to_networkx`: a few
    small queries instead of reading the whole graph."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    _, rows = graph_store.query(_STORED["reviews"])
    for review_id, day, title in rows:
        graph.add_node(node_id("Review", review_id), label="Review", id=review_id, date=day, title=title)
    _, rows = graph_store.query(_STORED["series"])
    for series_id, name, start, end, size in rows:
        graph.add_node(node_id("Series", series_id), label="Series", id=series_id, name=name, start=start, end=end, size=size)
    _, rows = graph_store.query(_STORED["continues"])
    for source, target, kind, evidence, confidence in rows:
        graph.add_edge(
            node_id("Review", source), node_id("Review", target), key="CONTINUES", type="CONTINUES",
            kind=kind, evidence=evidence, confidence=confidence,
        )
    _, rows = graph_store.query(_STORED["part_of"])
    for review_id, series_id in rows:
        graph.add_edge(node_id("Review", review_id), node_id("Series", series_id), key="PART_OF", type="PART_OF")
    return graph
