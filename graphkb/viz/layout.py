"""The layout of a picture: node positions computed before the page draws it."""

from __future__ import annotations

import math

__all__ = ["compute_layout"]


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
