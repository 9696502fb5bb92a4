"""An interactive, offline picture of the graph: one self-contained HTML file.

The page draws the graph with vis-network (the copy pyvis ships, inlined, so
nothing is fetched from the network), from a layout computed here, and adds a
legend, a search box, filters by type and date, and a details panel.  Every
string from the corpus reaches the page as JSON inside a
``<script type="application/json">`` block and is shown through
``textContent``, so a review containing ``<script>`` shows as text.

Views cut the graph down before drawing: :func:`concept_view`,
:func:`review_view`, :func:`path_view` and :func:`date_window`.

Examples
--------
>>> from graphkb.records import Review
>>> from graphkb.model import graph_rows, to_networkx
>>> concept = {"name": "DPO", "kind": "method", "aliases": ["ה-DPO"], "count": 2, "salience": 0.9}
>>> reviews = [Review(id="2024-06-14", date="2024-06-14", title="CLLMs", concepts=[concept])]
>>> graph = to_networkx(graph_rows(reviews, series=[], related=[], lexicon={}))
>>> html = render_html(concept_view(graph, "dpo"))
>>> "vis-network" in html and "cdn" not in html.lower()
True
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import json
import math
import re
import unicodedata
from pathlib import Path
from typing import Any, Iterable

from graphkb.errors import InputError, UnknownNameError
from graphkb.text import neutralise_bidi

__all__ = [
    "NODE_STYLES",
    "EDGE_STYLES",
    "PHYSICS_NODE_LIMIT",
    "find_concept",
    "find_review",
    "concept_view",
    "review_view",
    "path_view",
    "date_window",
    "compute_layout",
    "page_data",
    "render_html",
    "write_html",
]

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
}
PHYSICS_NODE_LIMIT = 300
"""Above this many nodes the page starts with physics off (the layout is precomputed)."""

HEBREW_PREFIXES = "בהולמשכ"
LABEL_CHARS = 36
TOP_CONCEPTS = 8
RELATED_LIMIT = 40

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# ---------------------------------------------------------------- name lookup


def _fold(text: str) -> str:
    """A search key: NFC, case-folded, hyphens and underscores as spaces, one space between words."""
    text = unicodedata.normalize("NFC", text).casefold().replace("-", " ").replace("_", " ")
    return " ".join(text.split())


def _close(query: str, choices: Iterable[str], limit: int = 5) -> list[str]:
    from rapidfuzz import fuzz, process

    found = process.extract(query, list(dict.fromkeys(choices)), scorer=fuzz.WRatio, limit=limit, score_cutoff=60)
    return [choice for choice, _, _ in found]


def find_concept(graph, name: str) -> str:
    """The node id of the concept called ``name`` (its canonical name or any alias, any case).

    A Hebrew prefix glued to the name ("ה-DPO", "וב-RLHF") is tried off too.

    Raises
    ------
    UnknownNameError
        No concept has that name; ``candidates`` lists the closest names.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("Concept:DPO", label="Concept", name="DPO", aliases=["Direct Preference Optimization"])
    >>> find_concept(g, "direct-preference optimization")
    'Concept:DPO'
    """
    keys: dict[str, str] = {}
    for node, attrs in graph.nodes(data=True):
        if attrs.get("label") != "Concept":
            continue
        for alias in [attrs.get("name") or "", *(attrs.get("aliases") or ())]:
            keys.setdefault(_fold(alias), node)
    wanted = _fold(name)
    attempts = [wanted]
    stripped = wanted
    while stripped and stripped[0] in HEBREW_PREFIXES:
        stripped = stripped[1:].lstrip(" ")
        attempts.append(stripped)
    for attempt in attempts:
        if attempt in keys:
            return keys[attempt]
    names = [attrs.get("name") for _, attrs in graph.nodes(data=True) if attrs.get("label") == "Concept"]
    raise UnknownNameError(f"no concept named {name!r}", candidates=_close(name, names))


def find_review(graph, review_id: str) -> str:
    """The node id of the review ``review_id`` (e.g. ``2024-06-14`` or ``2024-06-16-2``).

    Raises
    ------
    UnknownNameError
        No review has that id; ``candidates`` lists the closest ids.
    """
    node = f"Review:{review_id.strip()}"
    if node in graph and graph.nodes[node].get("label") == "Review":
        return node
    ids = [attrs["id"] for _, attrs in graph.nodes(data=True) if attrs.get("label") == "Review"]
    raise UnknownNameError(f"no review with id {review_id!r}", candidates=_close(review_id, ids, limit=3))


# ---------------------------------------------------------------------- views


def _neighbours(graph, node: str, edge_type: str | None = None) -> set[str]:
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

    Holds the reviews linked to it through CONTINUES (in either direction,
    transitively), the series it is part of with their reviews, everything
    the review itself links to, and the concepts at least two of those
    reviews share.
    """
    centre = find_review(graph, review_id)
    chain = {centre}
    pending = [centre]
    while pending:
        for other in _neighbours(graph, pending.pop(), "CONTINUES"):
            if other not in chain:
                chain.add(other)
                pending.append(other)
    series = {s for s in _neighbours(graph, centre, "PART_OF")}
    reviews = set(chain)
    for item in series:
        reviews |= _neighbours(graph, item, "PART_OF")
    nodes = reviews | series | _neighbours(graph, centre)
    mentions: dict[str, int] = {}
    for review in reviews:
        for concept in _neighbours(graph, review, "MENTIONS"):
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
    steps = [find_review(graph, review_id) for review_id in review_ids]
    if not steps:
        raise InputError("a reading path needs at least one review")
    nodes = set(steps)
    for before, after in zip(steps, steps[1:]):
        shared = _neighbours(graph, before, "MENTIONS") & _neighbours(graph, after, "MENTIONS")
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
        reviews = [other for other in _neighbours(graph, node) if graph.nodes[other].get("label") == "Review"]
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


# --------------------------------------------------------------------- layout


def compute_layout(graph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Node positions in page pixels, from a Fruchterman-Reingold layout (igraph's grid variant, fast at 10,000 nodes).

    Links to hubs ("large language models") pull less, and links inside a
    community (Louvain) pull harder than links across, so topics form visible
    clusters instead of one ball.  Nodes with a single neighbour (most papers
    and links) are set on a small ring around it, so the force layout only
    places the core; isolated nodes and pairs go in a grid beside it.

    >>> import networkx as nx
    >>> sorted(compute_layout(nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])))
    ['a', 'b', 'c', 'd']
    """
    import random

    import igraph

    neighbours = {node: (set(graph.successors(node)) | set(graph.predecessors(node))) - {node} for node in graph}
    core = [node for node in graph if len(neighbours[node]) >= 2]
    index = {node: i for i, node in enumerate(core)}
    edges = sorted({tuple(sorted((index[a], index[b]))) for a, b in graph.edges() if a in index and b in index and a != b})
    degree = [len(neighbours[node]) for node in core]
    weights = [1 / math.log2(1 + max(degree[a], degree[b])) for a, b in edges]
    positions: dict[str, tuple[float, float]] = {}
    if core:
        skeleton = igraph.Graph(n=len(core), edges=edges)
        igraph.set_random_number_generator(random.Random(seed))  # a repeatable picture
        try:
            community = skeleton.community_multilevel(weights=weights or None).membership if edges else [0] * len(core)
            pulls = [w * (1.0 if community[a] == community[b] else 0.05) for w, (a, b) in zip(weights, edges)]
            layout = skeleton.layout_fruchterman_reingold(niter=800, grid="auto", weights=pulls or None)
        finally:
            igraph.set_random_number_generator(random)
        # igraph's scale varies with the graph: give the core about 130 px per sqrt(node) a side
        xs, ys = [x for x, _ in layout], [y for _, y in layout]
        stretch = 130.0 * math.sqrt(len(core)) / (max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0)
        positions = {node: (x * stretch, y * stretch) for node, (x, y) in zip(core, layout)}
    rings: dict[str, list[str]] = {}
    lonely = []
    for node in graph:
        if node in index:
            continue
        anchor = next(iter(neighbours[node]), None)
        if anchor in index:
            rings.setdefault(anchor, []).append(node)
        else:
            lonely.append(node)
    for anchor, leaves in rings.items():
        ax, ay = positions[anchor]
        radius = 28.0 + 3.0 * len(leaves)
        for i, leaf in enumerate(leaves):
            angle = 2 * math.pi * i / len(leaves)
            positions[leaf] = (ax + radius * math.cos(angle), ay + radius * math.sin(angle))
    right = max((x for x, _ in positions.values()), default=0.0) + 120.0
    top = min((y for _, y in positions.values()), default=0.0)
    side = math.ceil(math.sqrt(len(lonely))) or 1
    for i, node in enumerate(lonely):
        positions[node] = (right + (i % side) * 70.0, top + (i // side) * 70.0)
    return positions


# ------------------------------------------------------------------ page data


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _web_url(url: Any) -> str | None:
    return url if isinstance(url, str) and re.match(r"^https?://", url, re.IGNORECASE) else None


def _node_label(node: str, attrs: dict[str, Any]) -> str:
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
    reviews = [other for other in _neighbours(graph, node) if graph.nodes[other].get("label") == "Review"]
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
            "label": _node_label(node, attrs),
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


# ----------------------------------------------------------------------- HTML


def _script_json(data: Any) -> str:
    """JSON safe inside a ``<script>`` element: no ``</script>``, ``<!--``, ``&`` or U+2028/U+2029 left raw.

    >>> _script_json({"t": "</script><!--\\u2028"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003c!--\\\\u2028"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def _script_code(code: str) -> str:
    """JavaScript source safe to inline in a ``<script>`` element."""
    return re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE).replace("<!--", "<\\!--")


def _asset(name: str) -> str:
    return importlib.resources.files("graphkb").joinpath("viz_assets", name).read_text(encoding="utf-8")


def _vis_network_js() -> str:
    """The vis-network build pyvis ships, without its source-map comment (devtools would fetch the map)."""
    code = importlib.resources.files("pyvis").joinpath("templates", "lib", "vis-9.1.2", "vis-network.min.js").read_text(encoding="utf-8")
    return re.sub(r"^//# sourceMappingURL=.*$", "", code, flags=re.MULTILINE)


def render_html(graph, *, title: str | None = None, positions: dict[str, tuple[float, float]] | None = None) -> str:
    """The page for ``graph`` as one self-contained HTML string.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A graph in the shape of :func:`graphkb.model.to_networkx`, or a view of one.
    title : str, optional
        The page title; the view's description when omitted.
    positions : dict, optional
        Node positions; computed with :func:`compute_layout` when omitted.
    """
    import base64
    import hashlib

    from jinja2 import Environment
    from markupsafe import Markup

    data = neutralise_bidi(page_data(graph, positions))
    scripts = [_script_code(_vis_network_js()), _script_code(_asset("viz.js"))]
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()}'" for code in scripts)
    template = Environment(autoescape=True, keep_trailing_newline=True).from_string(_asset("page.html"))
    return template.render(
        title=neutralise_bidi(title or f"graphkb: {data['view']}"),
        script_hashes=Markup(hashes),
        style=Markup(_asset("viz.css")),
        vis_network=Markup(scripts[0]),
        app=Markup(scripts[1]),
        data=Markup(_script_json(data)),
    )


def write_html(graph, out: str | Path, *, title: str | None = None) -> Path:
    """Write the page for ``graph`` to ``out`` (UTF-8) and return its path."""
    path = Path(out)
    try:
        path.write_text(render_html(graph, title=title), encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot write {path}: {error.strerror}") from None
    return path
