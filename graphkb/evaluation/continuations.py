"""Continuation figures: precision and recall of links by reachability.

A gold link counts as found when its target is reachable from its source
through extracted CONTINUES links, so a chain (A → B → C) and a star
(A → B, A → C) both find "A continues C".  An extracted link counts as right
when the gold links make its target reachable from its source too.

Gold reviews are known by date; extracted reviews by id.  Both are put on
one set of nodes through the alignment: an aligned extracted review is its
gold review's node, any other review (and any gold target outside the gold
sample) is the node of its date.

Examples
--------
>>> from graphkb.evaluation import Alignment
>>> gold = [{"date": "2024-06-12", "continues": []},
...         {"date": "2024-06-13", "continues": [{"target_date": "2024-06-12", "kind": "yesterday"}]},
...         {"date": "2024-06-14", "continues": [{"target_date": "2024-06-12", "kind": "recent_series"}]}]
>>> extracted = [{"id": "a", "date": "2024-06-12", "continues": []},
...              {"id": "b", "date": "2024-06-13", "continues": [{"target": "a"}]},
...              {"id": "c", "date": "2024-06-14", "continues": [{"target": "b"}]}]
>>> figures = score(Alignment(list(zip(gold, extracted)), [], [], gold, extracted))
>>> figures["recall"], figures["precision"]
(1.0, 0.5)
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

__all__ = ["score"]


def _reachable(edges: dict[str, set[str]], source: str) -> set[str]:
    seen: set[str] = set()
    stack = list(edges.get(source, ()))
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(edges.get(node, ()))
    return seen


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def score(alignment: Any) -> dict[str, Any]:
    """Continuation precision and recall over the aligned reviews.

    Returns
    -------
    dict
        ``gold_links`` (gold links with a target), ``found``, ``recall``,
        ``extracted_links`` (links from aligned reviews), ``right``,
        ``precision``, ``gold_unresolved`` (gold references naming no
        review), and ``recall_by_kind``.
    """
    gold_node: dict[int, str] = {}
    gold_by_date: dict[str, str] = {}
    for gold, _ in alignment.pairs:
        key = gold["date"]
        while key in gold_by_date.values():
            key += "+"
        gold_node[id(gold)] = key
        gold_by_date.setdefault(gold["date"], key)
    extracted_node = {extracted["id"]: gold_node[id(gold)] for gold, extracted in alignment.pairs}
    taken = set(extracted_node.values())
    for record in alignment.extracted:
        if record["id"] not in extracted_node:
            key = record.get("date") or record["id"]
            extracted_node[record["id"]] = key if key not in taken else f"{key}#{record['id']}"

    gold_edges: dict[str, set[str]] = defaultdict(set)
    gold_links: set[tuple[str, str]] = set()
    kinds: dict[tuple[str, str], str] = {}
    unresolved = 0
    for gold, _ in alignment.pairs:
        source = gold_node[id(gold)]
        for link in gold.get("continues") or ():
            if not link.get("target_date"):
                unresolved += 1
                continue
            target = gold_by_date.get(link["target_date"], link["target_date"])
            gold_edges[source].add(target)
            gold_links.add((source, target))
            kinds.setdefault((source, target), link.get("kind") or "")

    extracted_edges: dict[str, set[str]] = defaultdict(set)
    for record in alignment.extracted:
        source = extracted_node[record["id"]]
        for link in record.get("continues") or ():
            if link.get("target") in extracted_node:
                extracted_edges[source].add(extracted_node[link["target"]])
    aligned_sources = {extracted_node[extracted["id"]] for _, extracted in alignment.pairs}
    extracted_links = {(s, t) for s, targets in extracted_edges.items() if s in aligned_sources for t in targets}

    found = {link for link in gold_links if link[1] in _reachable(extracted_edges, link[0])}
    right = {link for link in extracted_links if link[1] in _reachable(gold_edges, link[0])}
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for link in gold_links:
        by_kind[kinds[link]][0] += link in found
        by_kind[kinds[link]][1] += 1
    return {
        "gold_links": len(gold_links),
        "found": len(found),
        "recall": _ratio(len(found), len(gold_links)),
        "extracted_links": len(extracted_links),
        "right": len(right),
        "precision": _ratio(len(right), len(extracted_links)),
        "gold_unresolved": unresolved,
        "recall_by_kind": {kind: _ratio(hit, total) for kind, (hit, total) in sorted(by_kind.items())},
    }
