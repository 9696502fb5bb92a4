"""The picture of ``graphkb viz`` as a :class:`pyvis.network.Network`, for notebook users who know pyvis.

:func:`to_pyvis` gives the same nodes, colours, shapes, sizes, layout
positions and hover titles (plain text) as the page of ``graphkb viz``.
pyvis's own templates load vis-network, Bootstrap and Tom Select from CDNs,
so the network is given graphkb's offline template (``viz_assets/pyvis.html``)
with the vendored vis-network inlined: ``write_html()`` and ``show()`` give a page that
fetches nothing (its Content-Security-Policy forbids it too).

Examples
--------
>>> from graphkb.records import Extraction, Review
>>> from graphkb.model import graph_rows, to_networkx
>>> concept = {"name": "DPO", "kind": "method", "aliases": ["ה-DPO"], "count": 2, "salience": 0.9}
>>> graph = to_networkx(graph_rows(Extraction([Review(id="2024-06-14", date="2024-06-14", title="<b>CLLMs</b>", concepts=[concept])])))
>>> net = to_pyvis(graph)
>>> [node["title"] for node in net.nodes]
['<b>CLLMs</b>\\n2024-06-14\\nReview', 'DPO\\nConcept']
>>> html = net.generate_html()
>>> "<script src" in html or "<link" in html
False
"""

from __future__ import annotations

import importlib.resources
from typing import Any

__all__ = ["PYVIS_TEMPLATE", "to_pyvis"]

PYVIS_TEMPLATE = "pyvis.html"
"""graphkb's offline template for pyvis, in ``graphkb/viz_assets/``."""


def _tooltip(node: dict[str, Any], legend: str) -> str:
    """The hover text of the page of ``graphkb viz``: heading, date and kind, one a line, as plain text."""
    return "\n".join(part for part in (node["heading"], node.get("date"), legend) if part)


def _options(physics: bool) -> dict[str, Any]:
    """vis-network options as the page of ``graphkb viz`` sets them (sizes by degree, physics for small graphs)."""
    return {
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "nodes": {
            "shape": "dot",
            "scaling": {"min": 8, "max": 28} if physics else {"min": 5, "max": 40},
            "font": {"face": "system-ui, 'Noto Sans Hebrew', 'DejaVu Sans', sans-serif", "color": "#222222",
                     "strokeWidth": 3, "strokeColor": "#ffffff"},
        },
        "edges": {"smooth": False, "selectionWidth": 1.5, "hoverWidth": 0},
        "interaction": {"hideEdgesOnDrag": True, "hover": True, "tooltipDelay": 200, "keyboard": False},
        "physics": {"enabled": True, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -120, "springLength": 150, "springConstant": 0.05, "avoidOverlap": 0.8},
                    "stabilization": {"enabled": True, "iterations": 120, "fit": True}} if physics else {"enabled": False},
    }


def to_pyvis(graph, *, positions: dict[str, tuple[float, float]] | None = None, height: str = "800px"):
    """``graph`` (a view such as :func:`graphkb.viz.concept_view`) as a pyvis Network drawn like ``graphkb viz``.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The whole graph or a view of it.
    positions : dict, optional
        Node positions; the layout of ``graphkb viz`` (:func:`graphkb.viz.compute_layout`) when omitted.
    height : str
        The height of the drawing, as CSS.

    Returns
    -------
    pyvis.network.Network
        Adjust it as any pyvis Network, then ``write_html(path)`` or, in a notebook, ``show(path)``.
    """
    from markupsafe import Markup
    from pyvis.network import Network

    from graphkb.viz.data import EDGE_STYLES, NODE_STYLES, page_data
    from graphkb.viz.page import VIS_NETWORK, _asset, _script_code

    data = page_data(graph, positions)
    # cdn_resources="remote" only stops pyvis copying its lib/ folder beside the page: the template below loads nothing
    net = Network(height=height, width="100%", directed=True, heading="", cdn_resources="remote")
    for node in data["nodes"]:
        color, shape, legend = NODE_STYLES.get(node["type"], ("#888888", "dot", node["type"]))
        net.add_node(node["id"], label=node["label"], title=_tooltip(node, legend), color=color, shape=shape,
                     x=node["x"], y=node["y"], value=node["degree"] + 1)
    for edge in data["edges"]:
        color, arrow = EDGE_STYLES.get(edge["type"], ("#cccccc", False))
        net.add_edge(edge["from"], edge["to"], title=edge.get("tip") or edge["type"], color=color,
                     arrows="to" if arrow else "", width=2.5 if edge["type"] == "CONTINUES" else 1)
    net.options = _options(data["physics"])
    folder = importlib.resources.files("graphkb").joinpath("viz_assets")
    net.set_template_dir(str(folder), PYVIS_TEMPLATE)
    net.templateEnv.globals["vis_network"] = Markup(_script_code(_asset(VIS_NETWORK)))
    net.template = net.templateEnv.get_template(PYVIS_TEMPLATE)  # what show() in a notebook renders
    return net
