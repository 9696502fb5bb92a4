"""What the page shows of each node and link, as JSON-ready data: labels, details, styles, legend.

Every string from the corpus stays data here; the page shows it through ``textContent``.
"""

from __future__ import annotations

import re
from typing import Any

from graphkb.viz.layout import compute_layout
from graphkb.viz.views import neighbours

__all__ = ["NODE_STYLES", "EDGE_STYLES", "PHYSICS_NODE_LIMIT", "node_label", "page_data"]

# node label -> (colour, vis-network shape, legend text)
NODE_STYLES: dict[str, tuple[str, str, str]] = {
    "Review": ("#4e79a7", "dot", "Review"),
    "Concept": ("#f28e2b", "dot", "Concept"),
    "Paper": ("#59a14f", "square", "Paper"),
    "Resource": ("#a0a0a0", "triangle", "Code / web link"),
    "Organization": ("#b07aa1", "diamond", "Organization"),
    "Person": ("#ff9da7", "diamond", "Person"),
    "Model": ("#76b7b2", "diamond", "Model"),
    "Dataset": ("#9c755f", "diamond", "Dataset"),
    "Series": ("#e15759", "star", "Series"),
}
# relationship type -> (colour, drawn with an arrow)
EDGE_STYLES: dict[str, tuple[str, bool]] = {
    "MENTIONS": ("#c9c9c9", False),
    "REVIEWS": ("#8cc084", False),
    "CITES": ("#b5d6ae", False),
    "LINKS_TO": ("#d6d6d6", False),
    "BROADER": ("#f5b673", True),
    "RELATED": ("#f7d4ad", False),
    "CONTINUES": ("#d62728", True),
    "PART_OF": ("#f1a3a4", False),
    "REFERS_TO": ("#ff9896", True),
    "INTRODUCES": ("#bcbd22", True),
}
PHYSICS_NODE_LIMIT = 300
"""Above this many nodes the page starts with physics off (the layout is precomputed)."""

LABEL_CHARS = 36
TOP_CONCEPTS = 8
RELATED_LIMIT = 40

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _web_url(url: Any) -> str | None:
    return url if isinstance(url, str) and re.match(r"^https?://", url, re.IGNORECASE) else None


def node_label(node: str, attrs: dict[str, Any]) -> str:
    """The short text a node is drawn with: a review's title, a paper's arXiv id, a link without its scheme, a name;
    cut to :data:`LABEL_CHARS` characters.

    ``attrs`` are the node's attributes in the graph; a path step's number (``pathStep``) goes first.

    >>> node_label("Paper:2401.10774", {"label": "Paper", "arxivId": "2401.10774", "title": "MEDUSA"})
    '2401.10774'
    >>> node_label("Review:2024-06-14", {"label": "Review", "title": "CLLMs: Consistency Large Language Models", "pathStep": 1})
    '1. CLLMs: Consistency Large Language M…'
    """
    label = attrs.get("label")
    if label == "Review":
        text = attrs.get("title") or attrs.get("id") or node
    elif label == "Paper":
        text = attrs.get("arxivId") or attrs.get("title") or attrs.get("url") or node
    elif label == "Resource":
        text = re.sub(r"^https?://(www\.)?", "", attrs.get("url") or node)
    else:
        text = attrs.get("name") or attrs.get("id") or node.partition(":")[2]
    text = _short(str(text))
    if attrs.get("pathStep"):
        text = f"{attrs['pathStep']}. {text}"
    return text


def _heading(node: str, attrs: dict[str, Any]) -> str:
    if attrs.get("label") == "Review" and not attrs.get("title"):
        return f"Review {attrs.get('id') or node} (untitled)"
    return str(attrs.get("title") or attrs.get("name") or attrs.get("arxivId") or attrs.get("url") or node)


def _review_details(graph, node: str, attrs: dict[str, Any]) -> dict[str, Any]:
    fields = [["Date", f"{attrs.get('date') or '?'} ({attrs.get('dateConfidence') or 'printed'})"]]
    if attrs.get("title"):
        fields.append(["Title", attrs["title"]])
    if attrs.get("lineStart"):
        fields.append(["Source lines", f"{attrs['lineStart']}–{attrs.get('lineEnd') or attrs['lineStart']}"])
    if attrs.get("pathStep"):
        fields.append(["Reading step", str(attrs["pathStep"])])
    links, mentions, chain = [], [], []
    for _, other, key, edge in graph.out_edges(node, keys=True, data=True):
        target = graph.nodes[other]
        if key in ("REVIEWS", "CITES"):
            url = _web_url(target.get("url"))
            if url:
                text = f"arXiv {target['arxivId']}" if target.get("arxivId") else url
                links.append([text, url])
        elif key == "LINKS_TO" and _web_url(target.get("url")):
            links.append([target["url"], target["url"]])
        elif key == "MENTIONS" and target.get("label") == "Concept":
            mentions.append((edge.get("salience") or 0.0, edge.get("count") or 0, target.get("name"), other, edge.get("evidence")))
        elif key == "CONTINUES":
            chain.append(["continues", other, edge.get("evidence") or ""])
    for other, _, key, edge in graph.in_edges(node, keys=True, data=True):
        if key == "CONTINUES":
            chain.append(["continued by", other, edge.get("evidence") or ""])
    mentions.sort(key=lambda m: (-m[0], -m[1], m[2] or ""))
    top = mentions[:TOP_CONCEPTS]
    evidence = next((m[4] for m in top if m[4]), None)
    return {
        "fields": fields,
        "links": links,
        "related": [other for _, _, _, other, _ in top],
        "evidence": evidence,
        "chain": [[relation, other, evidence] for relation, other, evidence in chain],
        "text": _short(attrs.get("text") or "", 600),
    }


def _concept_details(graph, node: str, attrs: dict[str, Any]) -> dict[str, Any]:
    fields = [["Kind", attrs.get("kind") or "concept"]]
    if attrs.get("aliases"):
        fields.append(["Aliases", list(attrs["aliases"])])
    mentions = []
    for other, _, key, edge in graph.in_edges(node, keys=True, data=True):
        if key == "MENTIONS":
            review = graph.nodes[other]
            mentions.append((edge.get("salience") or 0.0, review.get("date") or "", other, review, edge.get("evidence")))
    fields.append(["Reviews", str(len(mentions))])
    if attrs.get("label") == "Concept":
        broader = [graph.nodes[o].get("name") for _, o, k in graph.out_edges(node, keys=True) if k == "BROADER"]
        if broader:
            fields.append(["Broader", sorted(broader)])
    mentions.sort(key=lambda m: (-m[0], m[1]))
    evidence = next((m[4] for m in mentions if m[4]), None)
    related = [m[2] for m in sorted(mentions, key=lambda m: m[1])]
    return {"fields": fields, "related": related[:RELATED_LIMIT], "evidence": evidence, "links": [], "chain": []}


def _other_details(graph, node: str, attrs: dict[str, Any]) -> dict[str, Any]:
    hidden = {"label", "pathStep", "x", "y"}
    fields = [[name, [str(item) for item in value] if isinstance(value, list) else str(value)]
              for name, value in attrs.items() if name not in hidden and value not in (None, "", [])]
    links = []
    url = _web_url(attrs.get("url"))
    if url:
        links.append([f"arXiv {attrs['arxivId']}" if attrs.get("arxivId") else url, url])
    reviews = [other for other in neighbours(graph, node) if graph.nodes[other].get("label") == "Review"]
    reviews.sort(key=lambda other: graph.nodes[other].get("date") or "")
    return {"fields": fields, "links": links, "related": reviews[:RELATED_LIMIT], "evidence": None, "chain": []}


def _search_terms(attrs: dict[str, Any]) -> list[str]:
    terms = [attrs.get(name) for name in ("name", "title", "id", "arxivId", "url")]
    terms += list(attrs.get("aliases") or ())
    return list(dict.fromkeys(str(term) for term in terms if term))


def page_data(graph, positions: dict[str, tuple[float, float]] | None = None) -> dict[str, Any]:
    """Everything the page needs, as JSON-ready data: nodes, edges, details, legend and options.

    Node ids are the graph's (``"Label:key"``), edges are numbered, so the
    page's counts are the graph's.  Keys whose value is None are left out.
    """
    positions = positions if positions is not None else compute_layout(graph)
    simple = graph.to_undirected(as_view=True)
    nodes = []
    for node, attrs in graph.nodes(data=True):
        label = attrs.get("label") or node.partition(":")[0]
        if label == "Review":
            details = _review_details(graph, node, attrs)
        elif label == "Concept":
            details = _concept_details(graph, node, attrs)
        else:
            details = _other_details(graph, node, attrs)
        x, y = positions.get(node, (0.0, 0.0))
        date = attrs.get("date") or attrs.get("start")
        item = {
            "id": node,
            "type": label,
            "label": node_label(node, attrs),
            "heading": _heading(node, attrs),
            "untitled": True if label == "Review" and not attrs.get("title") else None,
            "date": date if isinstance(date, str) and _DATE.match(date) else None,
            "end": attrs.get("end") if label == "Series" else None,
            "degree": len(set(simple.neighbors(node)) - {node}),
            "step": attrs.get("pathStep"),
            "search": _search_terms(attrs),
            "x": round(x, 1),
            "y": round(y, 1),
            **details,
        }
        nodes.append({name: value for name, value in item.items() if value is not None})
    edges = []
    for number, (source, target, key, attrs) in enumerate(graph.edges(keys=True, data=True)):
        edge = {"id": number, "from": source, "to": target, "type": attrs.get("type") or key}
        if attrs.get("evidence"):
            edge["tip"] = f"{edge['type']}: {_short(str(attrs['evidence']), 140)}"
        edges.append(edge)
    types = sorted({n["type"] for n in nodes}, key=lambda t: list(NODE_STYLES).index(t) if t in NODE_STYLES else 99)
    dates = sorted(n["date"] for n in nodes if "date" in n)
    return {
        "view": graph.graph.get("view") or "Whole graph",
        "focus": graph.graph.get("focus"),
        "nodes": nodes,
        "edges": edges,
        "nodeStyles": {t: {"color": c, "shape": s, "legend": text} for t, (c, s, text) in NODE_STYLES.items()},
        "edgeStyles": {t: {"color": c, "arrow": a} for t, (c, a) in EDGE_STYLES.items()},
        "types": types,
        "dateRange": [dates[0], dates[-1]] if dates else None,
        "physics": 0 < len(nodes) <= PHYSICS_NODE_LIMIT,
    }
