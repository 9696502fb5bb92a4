"""Views: the part of the graph a page shows (a concept's neighbourhood, a review's chain, a path, a date window).

Each view returns a subgraph of the networkx graph (see :func:`graphkb.model.to_networkx`) with
``graph["view"]`` describing it and ``graph["focus"]`` naming the node the page centres on.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from graphkb.errors import InputError
from graphkb.lookup import find_concept, find_review
from graphkb.model import node_id

__all__ = ["concept_view", "review_view", "path_view", "date_window", "neighbours"]


def neighbours(graph, node: str, edge_type: str | None = None) -> set[str]:
    found = set()
    for _, other, key in graph.out_edges(node, keys=True):
        if edge_type in (None, key):
            found.add(other)
    for other, _, key in graph.in_edges(node, keys=True):
        if edge_type in (None, key):
            found.add(other)
    return found


def _subgraph(graph, nodes: Iterable[str], focus: str | None = None, view: str = ""):
    sub = graph.subgraph(nodes).copy()
    sub.graph.update(graph.graph)
    if focus is not None:
        sub.graph["focus"] = focus
    if view:
        sub.graph["view"] = view
    return sub


def concept_view(graph, name: str, depth: int = 1):
    """The neighbourhood of a concept: every node within ``depth`` links of it, links in either direction.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("Concept:DPO", label="Concept", name="DPO", aliases=[])
    >>> g.add_node("Review:a", label="Review", id="a")
    >>> g.add_node("Review:b", label="Review", id="b")
    >>> _ = g.add_edge("Review:a", "Concept:DPO", key="MENTIONS", type="MENTIONS")
    >>> sorted(concept_view(g, "DPO"))
    ['Concept:DPO', 'Review:a']
    """
    if depth < 0:
        raise InputError(f"depth must be 0 or more, not {depth}")
    import networkx as nx

    centre = find_concept(graph, name)
    nodes = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), centre, cutoff=depth)
    concept = graph.nodes[centre]["name"]
    return _subgraph(graph, nodes, focus=centre, view=f"Concept {concept}, depth {depth}")


def review_view(graph, review_id: str):
    """A review with its continuation chain and its series.

    ``review_id`` is an id, a printed date (``14.06.24``) or a title (see :func:`graphkb.lookup.find_review`).

    Holds the reviews linked to it through CONTINUES (in either direction,
    transitively), the series it is part of with their reviews, everything
    the review itself links to, and the concepts at least two of those
    reviews share.
    """
    centre = node_id("Review", find_review(graph, review_id))
    chain = {centre}
    pending = [centre]
    while pending:
        for other in neighbours(graph, pending.pop(), "CONTINUES"):
            if other not in chain:
                chain.add(other)
                pending.append(other)
    series = {s for s in neighbours(graph, centre, "PART_OF")}
    reviews = set(chain)
    for item in series:
        reviews |= neighbours(graph, item, "PART_OF")
    nodes = reviews | series | neighbours(graph, centre)
    mentions: dict[str, int] = {}
    for review in reviews:
        for concept in neighbours(graph, review, "MENTIONS"):
            mentions[concept] = mentions.get(concept, 0) + 1
    nodes |= {concept for concept, count in mentions.items() if count >= 2}
    return _subgraph(graph, nodes, focus=centre, view=f"Review {graph.nodes[centre]['id']}: chain and series")


def path_view(graph, review_ids: list[str], name: str | None = None):
    """A reading path: its reviews in order, numbered, with the concepts each step shares with the one before.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    review_ids : list of str
        Review ids in reading order (as :mod:`graphkb.paths` gives them).
    name : str, optional
        What the page calls the view, e.g. ``"Reading path: DPO → Mamba"``.
    """
    steps = [node_id("Review", find_review(graph, review_id)) for review_id in review_ids]
    if not steps:
        raise InputError("a reading path needs at least one review")
    nodes = set(steps)
    for before, after in zip(steps, steps[1:]):
        shared = neighbours(graph, before, "MENTIONS") & neighbours(graph, after, "MENTIONS")
        nodes |= {node for node in shared if graph.nodes[node].get("label") == "Concept"}
    sub = _subgraph(graph, nodes, focus=steps[0], view=name or f"Reading path, {len(steps)} reviews")
    for position, node in enumerate(steps, start=1):
        sub.nodes[node]["pathStep"] = position
    return sub


def _check_date(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise InputError(f"{option} must be a date as YYYY-MM-DD, not {value!r}") from None


def date_window(graph, since: str | None = None, until: str | None = None):
    """The reviews posted from ``since`` to ``until`` (inclusive, either may be open) and what they link to.

    Nodes without a date stay when they link to a review in the window, or
    to no review at all (a broader concept, say).

    Raises
    ------
    InputError
        A date is not ``YYYY-MM-DD`` or the window is empty.
    """
    since, until = _check_date(since, "--since"), _check_date(until, "--until")
    if since and until and since > until:
        raise InputError(f"--since {since} is after --until {until}")

    def inside(date: str | None) -> bool:
        return bool(date) and (since is None or date >= since) and (until is None or date <= until)

    kept = set()
    for node, attrs in graph.nodes(data=True):
        if attrs.get("label") == "Review":
            if inside(attrs.get("date")):
                kept.add(node)
            continue
        reviews = [other for other in neighbours(graph, node) if graph.nodes[other].get("label") == "Review"]
        if not reviews or any(inside(graph.nodes[other].get("date")) for other in reviews):
            kept.add(node)
    window = f"{since or '…'} to {until or '…'}"
    if not any(graph.nodes[node].get("label") == "Review" for node in kept):
        raise InputError(f"no review in this view was posted from {window}")
    view = f"{graph.graph['view']}, {window}" if graph.graph.get("view") else f"Reviews {window}"
    sub = _subgraph(graph, kept, view=view)
    if sub.graph.get("focus") not in sub:
        sub.graph.pop("focus", None)
    return sub
