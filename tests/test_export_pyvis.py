"""graphkb.viz.to_pyvis: a pyvis Network drawn like ``graphkb viz``, written and opened in headless Chromium.

Every request leaving the written file is blocked and recorded: there must be none.  The page of
``tests/test_viz_browser.py`` opens it: graphkb's pyvis template marks the body ready once drawn, as the viz page does.
Needs Debian's ``chromium`` (``requires("chromium")``).
"""

from __future__ import annotations

import pytest
from pyvis.network import Network

from graphkb import viz
from graphkb.model import graph_rows, to_networkx
from graphkb.records import Extraction, Review
from test_viz_browser import CHROMIUM_EXTRA_ARGS, Page  # noqa: F401  (the viz tests' Chromium flags and page)

pytestmark = [pytest.mark.browser, pytest.mark.requires("chromium")]


@pytest.fixture()
def open_network(browser, tmp_path):  # noqa: F811
    """Write a pyvis Network to a file and open it in Chromium."""
    pages = []

    def open_(net, name="pyvis.html"):
        path = tmp_path / name
        net.write_html(str(path))
        pages.append(Page(browser, path))  # waits for the page to have drawn once
        return pages[-1]

    yield open_
    for page in pages:
        page.page.close()


def test_the_whole_graph_keeps_its_nodes_layout_and_styles_and_fetches_nothing(corpus_graph, open_network, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # pyvis would put a lib/ folder here if it fetched its own assets
    net = viz.to_pyvis(corpus_graph)
    assert isinstance(net, Network)
    page = open_network(net)
    assert page.outside == [] and page.errors == []
    assert not (tmp_path / "lib").exists()
    assert page.js("network.body.data.nodes.length") == corpus_graph.number_of_nodes()
    assert page.js("network.body.data.edges.length") == corpus_graph.number_of_edges()
    data = viz.page_data(corpus_graph)
    expected = {node["id"]: node for node in data["nodes"]}
    positions = page.js("network.getPositions()")  # vis-network gives whole numbers, cut towards zero
    assert all(abs(positions[n]["x"] - expected[n]["x"]) < 1 and abs(positions[n]["y"] - expected[n]["y"]) < 1 for n in expected)
    review = page.js("id => nodes.get(id)", "Review:2024-06-14")
    colour, shape, _ = viz.NODE_STYLES["Review"]
    assert (review["color"], review["shape"], review["label"]) == (colour, shape, expected["Review:2024-06-14"]["label"])
    assert review["title"].startswith(expected["Review:2024-06-14"]["heading"]) and "2024-06-14" in review["title"]


def test_a_view_keeps_its_nodes_and_corpus_text_stays_text(open_network):
    concept = {"name": "DPO", "kind": "method", "aliases": [], "count": 2, "salience": 0.9}
    hostile = "<img src=x onerror=\"window.pwned=1\"> </script><script>window.pwned=2</script>"
    graph = to_networkx(graph_rows(Extraction([Review(id="2024-06-14", date="2024-06-14", title=hostile, concepts=[concept]),
                                               Review(id="2024-06-15", date="2024-06-15", title="שלום", concepts=[concept])])))
    view = viz.concept_view(graph, "DPO")
    page = open_network(viz.to_pyvis(view))
    assert page.js("network.body.data.nodes.length") == view.number_of_nodes() == 3
    assert page.outside == [] and page.errors == []
    assert page.js("nodes.get('Review:2024-06-14').title").startswith(hostile)
    page.page.wait_for_timeout(300)
    at = page.js("""id => { const p = network.canvasToDOM(network.getPosition(id));
                          const box = document.querySelector('#mynetwork canvas').getBoundingClientRect();
                          return [box.left + p.x, box.top + p.y]; }""", "Review:2024-06-14")
    page.page.mouse.move(*at)
    page.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    assert page.js("document.querySelector('div.vis-tooltip').textContent").startswith(hostile)
    assert page.js("document.querySelectorAll('img').length") == 0 and page.js("window.pwned") is None
