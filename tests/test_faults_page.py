"""Bidi spoofing in the graph page (issue 15, case 13), in a real headless Chromium.

A review body and an evidence sentence carrying U+202E/U+2066 must show the
URL after them in its own order in the details panel, and the title stays
text as printed.
"""

from __future__ import annotations

import pytest

from graphkb.model import graph_rows, to_networkx
from graphkb.records import Extraction, Review
from test_viz_browser import CHROMIUM_EXTRA_ARGS, open_page  # noqa: F401  (the viz tests' Chromium flags and page fixture)

pytestmark = [pytest.mark.browser, pytest.mark.requires("chromium")]

URL = "https://evil.example/"
CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def spoofed_graph():
    review = Review(
        id="2024-06-14", date="2024-06-14", title='"><b>Attention</b> Is All You Need', line_start=1, line_end=3,
        text=f"המאמר בכתובת \u202e{URL}\u202c מציע \u2067{URL}\u2069 שיטה",
        concepts=[{"name": "Jacobi decoding", "kind": "method", "aliases": [], "count": 2, "salience": 0.9,
                   "evidence": f"ראו \u202e{URL}\u202c"}],
    )
    return to_networkx(graph_rows(Extraction([review])))


def test_bidi_controls_never_reorder_the_details_panel(open_page):  # noqa: F811
    page = open_page(spoofed_graph())
    page.click_node("Review:2024-06-14")
    shown = {part: page.page.text_content(f"#details-{part}") for part in ("heading", "evidence", "text")}
    assert shown["evidence"] == f"ראו {URL}"
    assert shown["text"].count(URL) == 2
    assert shown["heading"] == '"><b>Attention</b> Is All You Need'  # as printed, as text
    assert not any(char in "".join(shown.values()) for char in CONTROLS)
    assert page.js("document.querySelectorAll('#details b').length") == 0
    assert page.errors == [] and page.outside == []
