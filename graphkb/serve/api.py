"""What each JSON endpoint of ``graphkb serve`` answers, as plain functions over a :class:`~graphkb.serve.state.Snapshot`.

A *view item* is what the page draws for a node: ``{"id", "type", "label",
"x", "y", "size", "date"}``; an edge is ``{"id", "source", "target", "type"}``.
Nothing here writes: Cypher runs with ``write=False``, which the store
itself enforces (FalkorDB ``GRAPH.RO_QUERY``, Neo4j read access mode).

Examples
--------
>>> from graphkb.serve.state import GraphState
>>> snapshot = GraphState(store).snapshot()  # doctest: +SKIP
>>> search(snapshot, "ממבה")[0]["id"]  # doctest: +SKIP
'Concept:Mamba'
"""

from __future__ import annotations

import io
from typing import Any

from graphkb.errors import InputError, UnknownNameError, WriteRefusedError

__all__ = [
    "EXPAND_LIMIT",
    "GRAPH_LIMIT",
    "ROW_LIMIT",
    "TIME_LIMIT",
    "info",
    "search",
    "whole_graph",
    "expand",
    "view_items",
    "node_details",
    "review_reader",
    "named_queries",
    "run_cypher",
    "reading_path",
    "reading_plan",
    "export_view",
]

EXPAND_LIMIT = 50
"""Neighbours an expansion adds at a time ("showing 50 of 62")."""
GRAPH_LIMIT = 5_000
"""Nodes of the opening view; a larger graph opens on its best-linked nodes."""
ROW_LIMIT = 1_000
"""Rows a console query returns ("1,000 of 5,312 rows")."""
TIME_LIMIT = 1.0
"""Seconds a console query may run."""
SEARCH_LIMIT = 10
FUZZY_CUTOFF = 80
MAX_VIEW_IDS = 200_000


# -- items ------------------------------------------------------------------------------------------


def _item(snapshot, node: str, positions: dict[str, tuple[float, float]]) -> dict[str, Any]:
    from graphkb.viz.data import node_label

    attrs = snapshot.graph.nodes[node]
    x, y = positions.get(node, (0.0, 0.0))
    item = {
        "id": node,
        "type": attrs.get("label") or node.partition(":")[0],
        "label": node_label(node, attrs),
        "x": round(x, 1),
        "y": round(y, 1),
        "size": snapshot.degree.get(node, 0),
    }
    date = snapshot.first_date.get(node)
    if date:
        item["date"] = date
    return item


def _edges(snapshot, new: set[str], known: set[str]) -> list[dict[str, Any]]:
    """Every edge with one end in ``new`` and the other in ``new`` or ``known``, each once."""
    graph = snapshot.graph
    reach = new | known
    found: dict[str, dict[str, Any]] = {}

    def add(source: str, target: str, key: str) -> None:
        if source != target:
            edge_id = f"{source}|{key}|{target}"
            found.setdefault(edge_id, {"id": edge_id, "source": source, "target": target, "type": key})

    for node in new:
        if snapshot.degree.get(node, 0) <= len(reach):  # scan the node's own links
            for source, target, key in (*graph.out_edges(node, keys=True), *graph.in_edges(node, keys=True)):
                if source in reach and target in reach:
                    add(source, target, key)
        else:  # a hub: look up each node of the view instead of its thousands of links
            for other in reach:
                for key in graph.succ[node].get(other, ()):
                    add(node, other, key)
                for key in graph.pred[node].get(other, ()):
                    add(other, node, key)
    return list(found.values())


def _check_node(snapshot, node: str) -> str:
    if node not in snapshot.graph:
        raise UnknownNameError(f"no node {node!r} in the graph")
    return node


def _view_ids(ids: Any) -> set[str]:
    if ids is None:
        return set()
    if not isinstance(ids, list) or not all(isinstance(item, str) for item in ids) or len(ids) > MAX_VIEW_IDS:
        raise InputError(f"a view is a list of at most {MAX_VIEW_IDS} node ids")
    return set(ids)


# -- endpoints --------------------------------------------------------------------------------------


def info(snapshot, store, *, row_limit: int = ROW_LIMIT, time_limit: float = TIME_LIMIT) -> dict[str, Any]:
    """The store, its counts and version, the date range, styles and limits, whether the reading index is built
    (:meth:`graphkb.serve.reading.WarmReadingIndex.status`): what the page starts from."""
    from graphkb.viz import EDGE_STYLES, NODE_STYLES

    return {
        "version": snapshot.version,
        "bbox": snapshot.bbox,
        "store": store.describe(),
        "engine": store.engine,
        "nodes": snapshot.graph.number_of_nodes(),
        "edges": snapshot.edge_count,
        "dateRange": snapshot.date_range,
        "nodeStyles": {label: {"color": color, "legend": text} for label, (color, _, text) in NODE_STYLES.items()},
        "edgeStyles": {rel: {"color": color, "arrow": arrow} for rel, (color, arrow) in EDGE_STYLES.items()},
        "limits": {"expand": EXPAND_LIMIT, "graph": GRAPH_LIMIT, "rows": row_limit, "seconds": time_limit},
        "readingIndex": snapshot.reading.status(),
    }


def search(snapshot, text: str, limit: int = SEARCH_LIMIT) -> list[dict[str, Any]]:
    """Nodes whose name, alias, title, review id or arXiv id match ``text``, best first.

    Case, hyphens and a glued Hebrew prefix (``וב-RLHF``, ``בממבה``) are
    folded (:mod:`graphkb.extract.folding`, the fold every lookup shares), a
    date such as ``14.06.24`` finds that day's review (:func:`graphkb.lookup.review_key`), and a close spelling
    (``Mamab``) stands in when nothing matches exactly.  Exact matches come
    first, then word-prefix and inside-a-word matches, then close spellings;
    ties go to concepts, then to the better-linked node.
    """
    from rapidfuzz import fuzz, process

    from graphkb.extract.folding import fold_words, hebrew_prefix_variants
    from graphkb.lookup import review_key

    text = (text or "").strip()
    if not text:
        return []
    keys, owners = snapshot.search_keys
    typed = fold_words(review_key(text) or text)
    unprefixed = {fold_words(variant) for variant in hebrew_prefix_variants(text)} - {typed}  # must leave a whole name
    scores: dict[str, tuple[float, str]] = {}

    def offer(node: str, score: float, matched: str) -> None:
        if score > scores.get(node, (-1.0, ""))[0]:
            scores[node] = (score, matched)

    for position, key in enumerate(keys):
        node, source = owners[position]
        if key == typed or key in unprefixed:
            offer(node, 100.0, source)
        elif key.startswith(typed):
            offer(node, 90.0 - min(len(key) - len(typed), 40) / 10, source)
        elif f" {typed}" in f" {key}":
            offer(node, 80.0, source)
    if len(scores) < limit:
        for _, score, position in process.extract(typed, keys, scorer=fuzz.ratio, limit=limit, score_cutoff=FUZZY_CUTOFF):
            offer(owners[position][0], 0.7 * score, owners[position][1])
    graph = snapshot.graph

    def rank(node: str) -> tuple:
        return (-scores[node][0], graph.nodes[node].get("label") != "Concept", -snapshot.degree.get(node, 0), node)

    results = []
    for node in sorted(scores, key=rank)[:limit]:
        attrs = graph.nodes[node]
        results.append({
            "id": node,
            "type": attrs.get("label"),
            "name": str(attrs.get("name") or attrs.get("title") or attrs.get("id") or attrs.get("url") or node),
            "matched": scores[node][1],
            "date": snapshot.first_date.get(node),
            "score": round(scores[node][0], 1),
        })
    return results


def whole_graph(snapshot, limit: int = GRAPH_LIMIT) -> dict[str, Any]:
    """The whole graph, or its ``limit`` best-linked nodes when it has more, in columns (compact for 50,000 nodes).

    Returns
    -------
    dict
        ``{"total", "types", "relations", "nodes": {"id", "type", "label", "x", "y", "size", "date"},
        "edges": {"source", "target", "type"}}``: node columns are parallel lists (``type`` indexes
        ``types``); an edge's ``source`` and ``target`` index the node columns, its ``type`` ``relations``.
    """
    if limit < 1:
        raise InputError("limit must be at least 1")
    graph = snapshot.graph
    nodes = list(graph)
    if len(nodes) > limit:
        nodes = sorted(nodes, key=lambda node: (-snapshot.degree[node], node))[:limit]
    position = {node: i for i, node in enumerate(nodes)}
    items = [_item(snapshot, node, snapshot.positions()) for node in nodes]
    types = sorted({item["type"] for item in items})
    type_index = {name: i for i, name in enumerate(types)}
    relations: dict[str, int] = {}
    edges: dict[str, list[int]] = {"source": [], "target": [], "type": []}
    for source, target, key in graph.edges(keys=True):
        if source in position and target in position and source != target:
            edges["source"].append(position[source])
            edges["target"].append(position[target])
            edges["type"].append(relations.setdefault(key, len(relations)))
    return {
        "total": graph.number_of_nodes(),
        "types": types,
        "relations": list(relations),
        "nodes": {
            "id": nodes,
            "type": [type_index[item["type"]] for item in items],
            "label": [item["label"] for item in items],
            "x": [item["x"] for item in items],
            "y": [item["y"] for item in items],
            "size": [item["size"] for item in items],
            "date": [item.get("date") for item in items],
        },
        "edges": edges,
    }


def expand(snapshot, node: str, *, limit: int = EXPAND_LIMIT, offset: int = 0, view: Any = None) -> dict[str, Any]:
    """A node and its neighbours ``offset`` to ``offset + limit`` (best-linked first), with their edges.

    Returns
    -------
    dict
        ``{"centre", "nodes", "edges", "total", "shown", "offset"}``: ``nodes``
        holds the centre first; ``edges`` every link among them and to the
        nodes of ``view`` (the ids the page already shows); ``total`` counts
        all the centre's neighbours.
    """
    graph = snapshot.graph
    _check_node(snapshot, node)
    if limit < 1 or offset < 0:
        raise InputError("limit must be at least 1 and offset at least 0")
    neighbours = sorted((set(graph.successors(node)) | set(graph.predecessors(node))) - {node},
                        key=lambda other: (-snapshot.degree[other], other))
    page = neighbours[offset : offset + limit]
    positions = snapshot.positions()
    new = {node, *page}
    return {
        "centre": node,
        "nodes": [_item(snapshot, other, positions) for other in [node, *page]],
        "edges": _edges(snapshot, new, _view_ids(view)),
        "total": len(neighbours),
        "shown": min(len(neighbours), offset + len(page)),
        "offset": offset,
    }


def view_items(snapshot, ids: list[str], view: Any = None) -> dict[str, Any]:
    """View items for ``ids`` (those in the graph) and their edges among themselves and to ``view``."""
    positions = snapshot.positions()
    present = [node for node in dict.fromkeys(ids) if node in snapshot.graph]
    return {"nodes": [_item(snapshot, node, positions) for node in present], "edges": _edges(snapshot, set(present), _view_ids(view))}


def node_details(snapshot, node: str) -> dict[str, Any]:
    """The details panel of a node, as :func:`graphkb.viz.page_data` gives it (fields, links, chain, evidence...)."""
    from graphkb.viz import page_data
    from graphkb.viz.views import neighbours

    _check_node(snapshot, node)
    ego = snapshot.graph.subgraph({node} | neighbours(snapshot.graph, node))
    data = page_data(ego, positions={})
    item = next(entry for entry in data["nodes"] if entry["id"] == node)
    names = {entry["id"]: entry["label"] for entry in data["nodes"]}
    item["names"] = {other: names.get(other, other) for other in item.get("related", []) + [c[1] for c in item.get("chain", [])]}
    for drop in ("x", "y", "search"):
        item.pop(drop, None)
    return item


def review_reader(snapshot, review: str) -> dict[str, Any]:
    """A review to read: its whole text, the evidence sentences to highlight, arXiv links, chain, series, references."""
    from graphkb.chains import review_chain

    node = review if review.startswith("Review:") else f"Review:{review}"
    _check_node(snapshot, node)
    graph = snapshot.graph
    attrs = graph.nodes[node]
    evidence: list[dict[str, str]] = []
    references: list[dict[str, str]] = []
    for _, other, key, edge in graph.out_edges(node, keys=True, data=True):
        target = graph.nodes[other]
        if key == "MENTIONS" and edge.get("evidence"):
            evidence.append({"sentence": str(edge["evidence"]), "about": str(target.get("name") or other), "node": other})
        elif key in ("REVIEWS", "CITES", "LINKS_TO") and target.get("url"):
            references.append({
                "kind": "reviewed paper" if key == "REVIEWS" else "cited paper" if key == "CITES" else str(target.get("kind") or "link"),
                "text": f"arXiv {target['arxivId']}" if target.get("arxivId") else str(target["url"]),
                "url": str(target["url"]),
                "node": other,
            })
    chain = review_chain(graph, attrs["id"])
    return {
        "id": attrs["id"],
        "node": node,
        "date": attrs.get("date"),
        "dateConfidence": attrs.get("dateConfidence"),
        "title": attrs.get("title"),
        "text": attrs.get("text") or "",
        "lines": [attrs.get("lineStart"), attrs.get("lineEnd")],
        "evidence": evidence,
        "references": references,
        "continues": chain["continues"],
        "continuedBy": chain["continued_by"],
        "chain": chain["chain"],
        "series": chain["series"],
    }


def named_queries(store) -> list[dict[str, Any]]:
    """The named queries this store runs, each with its parameters as form fields."""
    from graphkb.named_queries import NO_DEFAULT, load_library

    listed = []
    for query in load_library().values():
        if store.engine not in query.texts and "any" not in query.texts:
            continue
        listed.append({
            "name": query.name,
            "purpose": query.purpose,
            "parameters": [
                {"name": p.name, "type": p.type, "description": p.description, "required": p.required,
                 "default": None if p.default is NO_DEFAULT else p.default}
                for p in query.parameters
            ],
        })
    return listed


def run_cypher(snapshot, store, *, cypher: str | None = None, name: str | None = None, params: Any = None,
               limit: int = ROW_LIMIT, seconds: float = TIME_LIMIT) -> dict[str, Any]:
    """Run read-only Cypher (or the named query ``name``) with a time limit and a row cap.

    Returns
    -------
    dict
        ``{"columns", "rows", "total", "shown", "graph": {"nodes", "edges"}}``:
        ``rows`` holds at most ``limit`` rows of ``total``; ``graph`` the
        nodes and paths the rows hold, as view items.

    Raises
    ------
    graphkb.errors.QueryError
        Malformed Cypher, a write (the store refuses it), a bad parameter.
    graphkb.errors.QueryTimeoutError
        The query ran past ``seconds``.
    """
    from graphkb.named_queries import get_query

    if params is not None and not isinstance(params, dict):
        raise InputError("params must be an object of name: value")
    if name:
        query = get_query(name)
        cypher, params = query.cypher_for(store.engine), query.bind(params or {})
    if not cypher or not cypher.strip():
        raise InputError("give a Cypher query or the name of a named query")
    try:
        columns, rows = store.query(cypher, params or {}, write=False, timeout=seconds)
    except WriteRefusedError:
        raise WriteRefusedError("refused: the query writes to the graph, and the console only reads") from None
    shown = rows[:limit]
    nodes, edges = _graph_in_rows(snapshot, shown)
    positions = snapshot.positions() if nodes else {}
    return {
        "columns": columns,
        "rows": shown,
        "total": len(rows),
        "shown": len(shown),
        "graph": {"nodes": [_item(snapshot, node, positions) for node in nodes], "edges": edges},
    }


def _graph_node(snapshot, value: Any) -> str | None:
    """The graph node a result value stands for (a node dict with ``_labels``), if any."""
    if not isinstance(value, dict) or not value.get("_labels"):
        return None
    from graphkb.model import NODE_KEYS, node_id

    label = value["_labels"][0]
    key = NODE_KEYS.get(label)
    if key is None or value.get(key) is None:
        return None
    node = node_id(label, str(value[key]))
    return node if node in snapshot.graph else None


def _graph_in_rows(snapshot, rows: list[list[Any]]) -> tuple[list[str], list[dict[str, Any]]]:
    """Nodes the cells hold and the edges of the paths among them."""
    graph = snapshot.graph
    nodes: dict[str, None] = {}
    edges: dict[str, dict[str, Any]] = {}

    def walk(value: Any) -> str | None:
        """The node ``value`` is, if it is one (and the nodes and paths inside a list)."""
        node = _graph_node(snapshot, value)
        if node:
            nodes.setdefault(node)
            return node
        if isinstance(value, list):
            found = [walk(item) for item in value]
            for a, middle, b in zip(found, value[1:], found[2:]):  # a path: node, edge, node, ...
                if a and b and isinstance(middle, dict) and middle.get("_type"):
                    rel = middle["_type"]
                    source, target = (a, b) if graph.has_edge(a, b, key=rel) else (b, a)
                    edges.setdefault(f"{source}|{rel}|{target}", {"id": f"{source}|{rel}|{target}", "source": source,
                                                                   "target": target, "type": rel})
        return None

    for row in rows:
        walk(list(row))  # RETURN a, r, b reads as a path too
    return list(nodes), list(edges.values())


def _review_items(snapshot, steps: list[dict[str, Any]]) -> dict[str, Any]:
    """View items for the reviews of a path or plan, and the concepts consecutive steps share."""
    from graphkb.viz import path_view

    positions = snapshot.positions()
    view = path_view(snapshot.graph, [step["review"] for step in steps])
    nodes = list(view)
    return {"nodes": [_item(snapshot, node, positions) for node in nodes], "edges": _edges(snapshot, set(nodes), set())}


def reading_path(snapshot, start: str, goal: str, k: int = 1, allow_weak: bool = False) -> dict[str, Any]:
    """Reading paths from ``start`` to ``goal`` (the engine of ``graphkb path``) and the best one's reviews as view items.

    ``allow_weak`` is ``graphkb path --allow-weak``: with no specific bridge, the best path through common concepts.

    Raises
    ------
    graphkb.errors.IndexWarmingError
        The snapshot's reading index is still being built (:mod:`graphkb.serve.reading`).
    """
    from graphkb.paths import reading_paths

    if not 1 <= k <= 5:
        raise InputError("k must be 1 to 5")
    index = snapshot.reading.index(weak=allow_weak)
    paths = [path.to_dict() for path in reading_paths(index, start, goal, k=k, allow_weak=allow_weak)]
    return {"from": start, "to": goal, "paths": paths, **_review_items(snapshot, paths[0]["steps"])}


def reading_plan(snapshot, topic: str, include_all: bool = False) -> dict[str, Any]:
    """The reading plan for ``topic`` (the engine of ``graphkb plan``; ``include_all`` is its ``--all``) and its
    reviews as view items."""
    from graphkb.paths import reading_plan as plan_for

    plan = plan_for(snapshot.reading.index(), topic, include_all=include_all).to_dict()
    return {**plan, **_review_items(snapshot, plan["steps"])}


def export_view(snapshot, fmt: str, ids: Any, positions: Any = None) -> tuple[bytes, str, str]:
    """The nodes ``ids`` (and the links among them) as a file: ``(content, media type, file name)``.

    ``fmt`` is ``"html"`` (the self-contained page of ``graphkb viz``, with
    the page's own ``positions`` when given) or ``"graphml"``.
    """
    from graphkb.export.graphml import write_graphml
    from graphkb.viz import render_html

    chosen = [node for node in _view_ids(ids) if node in snapshot.graph]
    if not chosen:
        raise InputError("the view to export holds no node of the graph")
    view = snapshot.graph.subgraph(chosen).copy()
    view.graph["view"] = f"graphkb serve view, {len(chosen)} nodes"
    if fmt == "html":
        placed = None
        if isinstance(positions, dict):
            placed = {node: (float(xy[0]), float(xy[1])) for node, xy in positions.items()
                      if node in view and isinstance(xy, list) and len(xy) == 2 and all(isinstance(v, (int, float)) for v in xy)}
        layout = snapshot.positions()
        placed = {node: (placed or {}).get(node) or layout.get(node, (0.0, 0.0)) for node in view}
        return render_html(view, positions=placed).encode("utf-8"), "text/html; charset=utf-8", "graphkb-view.html"
    if fmt == "graphml":
        buffer = io.BytesIO()
        write_graphml(view, buffer)
        return buffer.getvalue(), "application/graphml+xml", "graphkb-view.graphml"
    raise UnknownNameError(f"no export format {fmt!r}", candidates=["html", "graphml"])
