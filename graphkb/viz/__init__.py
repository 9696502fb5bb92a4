"""An interactive, offline picture of the graph: one self-contained HTML file.

The page draws the graph with vis-network (vendored in ``graphkb/viz_assets/``, inlined, so
nothing is fetched from the network), from a layout computed here, and adds a
legend, a search box, filters by type and date, and a details panel.  Every
string from the corpus reaches the page as JSON inside a
``<script type="application/json">`` block and is shown through
``textContent``, so a review containing ``<script>`` shows as text.

:func:`to_pyvis` gives the same picture as a pyvis Network, for notebooks.
Views cut the graph down before drawing: :func:`concept_view`,
:func:`review_view`, :func:`path_view` and :func:`date_window`.

Examples
--------
>>> from graphkb.records import Extraction, Review
>>> from graphkb.model import graph_rows, to_networkx
>>> concept = {"name": "DPO", "kind": "method", "aliases": ["ה-DPO"], "count": 2, "salience": 0.9}
>>> reviews = [Review(id="2024-06-14", date="2024-06-14", title="CLLMs", concepts=[concept])]
>>> graph = to_networkx(graph_rows(Extraction(reviews)))
>>> html = render_html(concept_view(graph, "dpo"))
>>> "vis-network" in html and "<script src" not in html and "<link" not in html
True
"""

from graphkb.viz.data import EDGE_STYLES, NODE_STYLES, PHYSICS_NODE_LIMIT, page_data
from graphkb.viz.layout import compute_layout
from graphkb.viz.page import render_html, write_html
from graphkb.viz.pyvis import to_pyvis
from graphkb.viz.views import concept_view, date_window, path_view, review_view

__all__ = [
    "NODE_STYLES",
    "EDGE_STYLES",
    "PHYSICS_NODE_LIMIT",
    "concept_view",
    "review_view",
    "path_view",
    "date_window",
    "compute_layout",
    "page_data",
    "render_html",
    "write_html",
    "to_pyvis",
]
