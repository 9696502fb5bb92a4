"""The graph page in a real browser: headless Chromium with every request outside the file blocked.

Needs Debian's ``chromium`` (``requires("chromium")``: skipped without it, a failure under CI).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkb import viz
from graphkb.extract.pipeline import extraction_from
from graphkb.lookup import find_concept
from test_viz import HOSTILE, sample_graph

pytestmark = [pytest.mark.browser, pytest.mark.requires("chromium")]

CHROMIUM_EXTRA_ARGS = ["--disable-gpu"]


class Page:
    """A loaded graph page, with what it logged and every request that tried to leave the file."""

    def __init__(self, browser, path: Path):
        self.url = path.resolve().as_uri()
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", lambda dialog: (self.errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
        self.page.route("**/*", self._route)
        self.page.goto(self.url)
        self.page.wait_for_function("() => document.body.dataset.ready === 'true'", timeout=60_000)

    def _route(self, route):
        if route.request.url == self.url:
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def js(self, expression: str, argument=None):
        return self.page.evaluate(expression, argument)

    def click_node(self, node_id: str) -> None:
        """Centre the node in the view, then click it with the mouse."""
        self.page.mouse.click(*self.point_at(node_id))

    def point_at(self, node_id: str) -> tuple[float, float]:
        """Centre the node in the view and give its page coordinates."""
        self.js("id => graphkb.network.moveTo({position: graphkb.network.getPosition(id), scale: 1.5})", node_id)
        return self.js(
            """id => { const p = graphkb.network.canvasToDOM(graphkb.network.getPosition(id));
                       const box = document.querySelector('#graph canvas').getBoundingClientRect();
                       return [box.left + p.x, box.top + p.y]; }""",
            node_id,
        )

    def close(self) -> None:
        self.page.close()


@pytest.fixture()
def open_page(browser, tmp_path):
    pages = []

    def open_(graph, name="graph.html"):
        path = viz.write_html(graph, tmp_path / name)
        page = Page(browser, path)
        pages.append(page)
        return page

    yield open_
    for page in pages:
        page.close()


def _search(page: Page, text: str) -> None:
    page.page.fill("#search", text)
    page.page.press("#search", "Enter")
    page.page.wait_for_function("() => !graphkb.state.moving", timeout=10_000)  # the focus animation


def _centred(page: Page, node_id: str) -> bool:
    return page.js(
        """id => { const view = graphkb.network.getViewPosition(), at = graphkb.network.getPosition(id);
                   return Math.hypot(view.x - at.x, view.y - at.y) * graphkb.network.getScale() < 5; }""",
        node_id,
    )


def _pixel_is_veiled(page: Page, node_id: str) -> bool:
    """Whether the canvas pixel at a node's centre is pale: drawn under the veil that covers what is not highlighted."""
    rgb = page.js(
        """id => { const canvas = document.querySelector('#graph canvas'), ratio = canvas.width / canvas.clientWidth;
                   const p = graphkb.network.canvasToDOM(graphkb.network.getPosition(id));
                   return [...canvas.getContext('2d').getImageData(Math.round(p.x * ratio), Math.round(p.y * ratio), 1, 1).data].slice(0, 3); }""",
        node_id,
    )
    return min(rgb) > 180


def test_sample_page_counts_no_errors_no_requests(open_page):
    graph = sample_graph()
    page = open_page(graph)
    assert page.js("[graphkb.nodes.length, graphkb.edges.length]") == [graph.number_of_nodes(), graph.number_of_edges()]
    assert page.js("[graphkb.nodeView.length, graphkb.edgeView.length]") == [graph.number_of_nodes(), graph.number_of_edges()]
    assert page.js("Object.keys(graphkb.network.getPositions()).length") == graph.number_of_nodes()
    assert page.errors == [] and page.outside == []


def test_search_focuses_the_concept_english_and_hebrew(open_page):
    page = open_page(sample_graph())
    _search(page, "DPO")
    assert page.js("graphkb.state.selected") == "Concept:DPO"
    assert page.js("graphkb.network.getSelectedNodes()") == ["Concept:DPO"]
    assert _centred(page, "Concept:DPO")
    assert page.page.text_content("#details-heading") == "DPO"
    _search(page, "ממבה")
    assert page.js("graphkb.state.selected") == "Concept:Mamba"
    assert _centred(page, "Concept:Mamba")
    _search(page, "ה-DPO")
    assert page.js("graphkb.state.selected") == "Concept:DPO"
    page.page.fill("#search", "consist")
    assert "consistency models" in page.page.inner_text("#results")
    assert page.errors == [] and page.outside == []


def test_click_a_review_shows_its_details_and_highlights_its_neighbours(open_page):
    page = open_page(sample_graph())
    page.click_node("Review:2024-06-14")
    assert page.js("graphkb.state.selected") == "Review:2024-06-14"
    assert page.page.text_content("#details-heading") == "CLLMs: Consistency Large Language Models"
    fields = page.page.inner_text("#details-fields")
    assert "2024-06-14" in fields and "133–149" in fields
    assert page.page.get_attribute("#details-links a", "href") == "https://arxiv.org/abs/2403.00835"
    assert "consistency models" in page.page.inner_text("#details-related")
    assert page.page.text_content("#details-evidence") == "מודלי קונסיסטנסי לומדים לקפוץ ישר לתשובה"
    highlighted = set(page.js("graphkb.state.highlighted"))
    assert {"Review:2024-06-14", "Concept:consistency models", "Review:2024-06-13", "Paper:2403.00835"} <= highlighted
    assert "Concept:DPO" not in highlighted and "Review:2024-06-17" not in highlighted
    page.js("graphkb.network.fit({animation: false})")
    page.page.wait_for_timeout(200)
    assert _pixel_is_veiled(page, "Review:2024-06-17") and not _pixel_is_veiled(page, "Review:2024-06-13")
    page.page.click("#details-related button >> text=consistency models")
    assert page.js("graphkb.state.selected") == "Concept:consistency models"
    assert page.errors == [] and page.outside == []


def test_hostile_text_renders_as_text(open_page):
    page = open_page(sample_graph())
    page.click_node("Review:2024-06-16-2")
    assert page.page.text_content("#details-heading") == HOSTILE
    assert page.page.text_content("#details-evidence") == HOSTILE + "\u2028</script>"
    assert HOSTILE in page.page.text_content("#details-text")
    page.page.mouse.move(*page.point_at("Review:2024-06-16-2"))
    page.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    assert page.page.text_content("div.vis-tooltip").startswith(HOSTILE)
    page.page.fill("#search", "onerror")
    assert HOSTILE[:20] in page.page.inner_text("#results")
    assert page.js("document.querySelectorAll('img, iframe').length") == 0
    assert page.js("document.querySelectorAll('script').length") == 3
    assert page.js("window.__pwned") is None
    assert all(not href.startswith("javascript") for href in page.js("[...document.links].map(a => a.href)"))
    assert page.errors == [] and page.outside == []


def test_hebrew_is_right_to_left(open_page):
    page = open_page(sample_graph())
    page.click_node("Review:2024-06-17")
    assert page.js("getComputedStyle(document.getElementById('details-heading')).direction") == "rtl"
    page.click_node("Review:2024-06-14")
    assert page.js("getComputedStyle(document.getElementById('details-heading')).direction") == "ltr"
    assert page.js("getComputedStyle(document.getElementById('details-evidence')).direction") == "rtl"


def test_filters_by_type_and_date(open_page):
    graph = sample_graph()
    page = open_page(graph)
    concepts = sum(1 for _, a in graph.nodes(data=True) if a["label"] == "Concept")
    page.page.uncheck("#legend input[data-type=Concept]")
    assert page.js("graphkb.nodeView.length") == graph.number_of_nodes() - concepts
    assert page.js("graphkb.edgeView.get().every(e => !e.from.startsWith('Concept:') && !e.to.startsWith('Concept:'))")
    page.page.check("#legend input[data-type=Concept]")
    page.page.fill("#since", "2024-06-16")
    page.page.fill("#until", "2024-06-16")
    page.page.dispatch_event("#until", "change")
    shown = set(page.js("graphkb.nodeView.getIds()"))
    assert {n for n in shown if n.startswith("Review:")} == {"Review:2024-06-16", "Review:2024-06-16-2"}
    assert "Concept:DPO" in shown and "Concept:Mamba" not in shown and "Series:jacobi-2024-06" not in shown
    assert page.page.inner_text("#counts").startswith(f"{len(shown)} of {graph.number_of_nodes()} nodes")
    page.page.click("#all-dates")
    assert page.js("graphkb.nodeView.length") == graph.number_of_nodes()
    assert page.errors == []


def test_a_view_opens_on_its_focus(open_page):
    page = open_page(viz.concept_view(sample_graph(), "Jacobi decoding", depth=2))
    assert page.js("graphkb.state.selected") == "Concept:Jacobi decoding"
    assert page.page.text_content("#view") == "Concept Jacobi decoding, depth 2"
    assert page.errors == []


@pytest.fixture(scope="module")
def corpus_graph(records):
    from graphkb.model import graph_rows, to_networkx

    return to_networkx(graph_rows(extraction_from(records)))


def test_corpus_page(open_page, corpus_graph):
    page = open_page(corpus_graph, "corpus.html")
    assert page.js("[graphkb.nodes.length, graphkb.edges.length]") == [corpus_graph.number_of_nodes(), corpus_graph.number_of_edges()]
    assert page.js("[graphkb.nodeView.length, graphkb.edgeView.length]") == [corpus_graph.number_of_nodes(), corpus_graph.number_of_edges()]
    dpo = find_concept(corpus_graph, "DPO")
    _search(page, "DPO")
    assert page.js("graphkb.state.selected") == dpo
    assert _centred(page, dpo)
    review = "Review:2024-06-14"
    page.click_node(review)
    assert page.js("graphkb.state.selected") == review
    assert page.page.text_content("#details-heading") == corpus_graph.nodes[review]["title"]
    assert "2024-06-14" in page.page.inner_text("#details-fields")
    assert page.errors == [] and page.outside == []


@pytest.mark.parametrize("size", [0, 1])
def test_tiny_graphs_render(open_page, size):
    import networkx as nx

    graph = nx.MultiDiGraph()
    if size:
        graph.add_node("Concept:DPO", label="Concept", name="DPO", kind="method", aliases=[])
    page = open_page(graph)
    assert page.js("graphkb.nodes.length") == size
    assert page.errors == [] and page.outside == []
