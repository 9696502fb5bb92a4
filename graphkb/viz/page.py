"""The page: one self-contained HTML file, vis-network and the app inlined, the data as inert JSON."""

from __future__ import annotations

import importlib.resources
import json
import re
from pathlib import Path
from typing import Any

from graphkb.errors import InputError
from graphkb.text import neutralise_bidi
from graphkb.viz.data import page_data

__all__ = ["render_html", "write_html", "VIS_NETWORK"]

VIS_NETWORK = "vis-network.min.js"
"""The vendored vis-network build in ``graphkb/viz_assets/`` (version and licence in ``vis-network.NOTICE``)."""


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
    scripts = [_script_code(_asset(VIS_NETWORK)), _script_code(_asset("viz.js"))]
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
