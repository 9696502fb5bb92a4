"""What every export shares: plain property values, the renamed ``id`` property, display names, review dates.

Examples
--------
>>> node_properties({"label": "Review", "id": "2024-06-14", "title": "CLLMs", "source": None})
{'label': 'Review', 'key': '2024-06-14', 'title': 'CLLMs'}
>>> plain_value(["ממבה", "Mamba-2"])
'["ממבה", "Mamba-2"]'
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["KEY_PROPERTY", "plain_value", "node_properties", "display_name", "mention_weight", "node_dates"]

KEY_PROPERTY = "key"
"""Where a node's own ``id`` property (reviews, papers, series) goes, so it never collides with the node id."""

def plain_value(value: Any) -> Any:
    """A value a flat format can hold: lists and mappings become JSON text, the rest is kept."""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def node_properties(data: dict[str, Any]) -> dict[str, Any]:
    """A node's attributes without missing values, its own ``id`` property renamed :data:`KEY_PROPERTY`."""
    return {KEY_PROPERTY if name == "id" else name: value for name, value in data.items() if value is not None}


def display_name(data: dict[str, Any]) -> str:
    """What a reader calls a node: a review's or paper's title (a review's display title when it prints none),
    a concept's name, a resource's URL.

    >>> display_name({"label": "Paper", "id": "2401.10774", "arxivId": "2401.10774", "title": None})
    'arXiv:2401.10774'
    """
    if data.get("title") or data.get("displayTitle"):
        return str(data.get("title") or data["displayTitle"])
    if data.get("name"):
        return str(data["name"])
    if data.get("arxivId"):
        return f"arXiv:{data['arxivId']}"
    return str(data.get("id") or data.get("url") or "")


def mention_weight(mention: dict[str, Any]) -> tuple[bool, float, float]:
    """How central a mentioned concept is to its review, to sort by: what it is about first, then aboutness, salience.

    >>> mention_weight({"about": True, "aboutness": 0.8, "salience": 0.5}) > mention_weight({"salience": 1.0})
    True
    """
    return bool(mention.get("about")), mention.get("aboutness") or 0.0, mention.get("salience") or 0.0


def node_dates(graph) -> dict[str, list[str]]:
    """Each node's days in the series, sorted: a review's own date; for what reviews point at, their dates.

    A review keeps only its own date (the review it continues is not "on" the
    later day); concepts reached only through BROADER or RELATED have none.
    """
    dates: dict[str, set[str]] = {}
    for node, data in graph.nodes(data=True):
        if data["label"] == "Review" and data.get("date"):
            dates.setdefault(node, set()).add(data["date"])
    for source, target in graph.edges():
        day = graph.nodes[source].get("date") if graph.nodes[source]["label"] == "Review" else None
        if day and graph.nodes[target]["label"] != "Review":
            dates.setdefault(target, set()).add(day)
    return {node: sorted(days) for node, days in dates.items()}
