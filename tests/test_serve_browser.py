"""``graphkb serve`` end to end: the real server on loopback, the real page in headless Chromium (WebGL in
SwiftShader), every request that leaves the server blocked.
"""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

import pytest

from test_viz import HOSTILE, SAMPLE_RELATED, SAMPLE_SERIES, sample_reviews

pytestmark = [pytest.mark.browser, pytest.mark.requires("chromium")]

REVERSED_TITLE = "\u202eReversed RLHF title"  # a right-to-left override would show it backwards
REBOUND_HOST = "rebound.example"  # resolves to 127.0.0.1 in this browser: a DNS-rebinding attack
CHROMIUM_EXTRA_ARGS = ["--use-gl=angle", "--use-angle=swiftshader-webgl", "--enable-unsafe-swiftshader",
                       f"--host-resolver-rules=MAP {REBOUND_HOST} 127.0.0.1"]


def _serve(data_dir: Path):
    from graphkb.serve import create_app
    from graphkb.serve.server import background_server
    from graphkb.store import open_store

    with open_store(data_dir, create=False) as store, background_server(create_app(store)) as url:
        yield url, store


@pytest.fixture(scope="module")
def served(corpus_store_dir):
    yield from _serve(corpus_store_dir)


@pytest.fixture(scope="module")
def hostile_served(tmp_path_factory):
    from graphkb.store import open_store

    data_dir = tmp_path_factory.mktemp("hostile-store")
    from graphkb.model import graph_rows
    from graphkb.records import Extraction, Review

    reversed_review = Review(id="2024-06-18", date="2024-06-18", title=REVERSED_TITLE, text=f"{REVERSED_TITLE} \u2067x\u2069")
    rows = graph_rows(Extraction([*sample_reviews(), reversed_review], series=SAMPLE_SERIES, related=SAMPLE_RELATED))
    with open_store(data_dir) as store:
        store.load(rows)
    yield from _serve(data_dir)


class Page:
    """The served page, with what it logged and every request that tried to leave the server."""

    def __init__(self, browser, url: str):
        parts = urllib.parse.urlsplit(url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.refused: list[str] = []  # API answers of 4xx, which the page shows as messages
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", lambda dialog: (self.errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
        self.page.route("**/*", self._route)
        self.open(url)

    def _console(self, message) -> None:
        if message.type != "error":
            return
        if message.text.startswith("Failed to load resource: the server responded with a status of 4"):
            self.refused.append(message.text)
        else:
            self.errors.append(message.text)

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_function("() => document.body.dataset.ready", timeout=60_000)
        assert self.js("document.body.dataset.ready") == "true", self.js("document.getElementById('status').textContent")

    def _route(self, route):
        if route.request.url.startswith(self.origin + "/"):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def js(self, expression: str, argument=None):
        return self.page.evaluate(expression, argument)

    def wait(self, expression: str, argument=None) -> None:
        self.page.wait_for_function(expression, arg=argument, timeout=30_000)

    def nodes(self) -> set[str]:
        return set(self.js("graphkb.graph.nodes()"))

    def search(self, text: str) -> None:
        self.page.keyboard.press("/")
        self.page.keyboard.type(text)
        self.wait("() => Number(document.body.dataset.results) > 0")
        self.page.keyboard.press("Enter")

    def close(self) -> None:
        assert self.errors == []
        assert self.outside == []
        self.page.close()


@pytest.fixture
def page(browser, served):
    opened = Page(browser, served[0])
    yield opened
    opened.close()


def test_search_in_hebrew_lands_on_mamba(page):
    page.search("ממבה")
    page.wait("() => document.body.dataset.selected === 'Concept:Mamba'")
    page.wait("() => document.getElementById('details-heading').textContent === 'Mamba'")
    shown = page.nodes()
    assert "Concept:Mamba" in shown and len(shown) > 5
    assert "Review:2024-09-07" in shown  # ReMamba, a review about Mamba


def test_expand_then_undo(page):
    page.search("Mamba")
    page.wait("() => document.body.dataset.selected === 'Concept:Mamba'")
    before = page.nodes()
    page.js("graphkb.select('Review:2024-09-07')")
    page.page.keyboard.press("e")
    page.wait("n => graphkb.graph.order > n", len(before))
    assert "showing" in page.js("document.getElementById('status').textContent")
    assert page.nodes() > before
    page.page.keyboard.press("u")
    page.wait("n => graphkb.graph.order === n", len(before))
    assert page.nodes() == before


def test_hide_then_undo(page):
    page.search("Mamba")
    page.wait("() => document.body.dataset.selected === 'Concept:Mamba'")
    page.page.keyboard.press("h")
    page.wait("() => !graphkb.graph.hasNode('Concept:Mamba')")
    page.page.click("#undo")
    page.wait("() => graphkb.graph.hasNode('Concept:Mamba')")


def test_console_query_shows_a_table_and_a_graph(page):
    page.page.click("button[data-panel=panel-console]")
    page.page.fill("#cypher", "MATCH p = (r:Review {id: '2024-06-14'})-[:MENTIONS]->(c:Concept) RETURN p")
    page.page.click("#run")
    page.wait("() => document.body.dataset.console === 'done'")
    rows = page.js("document.querySelectorAll('#console-table tr').length - 1")
    assert rows > 0
    assert page.js("document.getElementById('console-status').textContent").startswith(f"{rows} of {rows} rows")
    page.js("graphkb.openNode('Concept:Mamba')")
    page.wait("() => document.body.dataset.selected === 'Concept:Mamba'")
    assert "Review:2024-06-14" not in page.nodes()
    page.page.click("#add-results")
    page.wait("() => graphkb.graph.hasNode('Review:2024-06-14')")
    assert page.js("graphkb.graph.hasEdge('Review:2024-06-14|MENTIONS|Concept:Jacobi decoding')")


def test_a_write_query_is_refused(page, served):
    store = served[1]
    before = store.counts()
    page.page.click("button[data-panel=panel-console]")
    page.page.fill("#cypher", "MATCH (c:Concept {name: 'Mamba'}) SET c.name = 'pwned' RETURN c")
    page.page.click("#run")
    page.wait("() => document.body.dataset.console === 'error'")
    assert "refused" in page.js("document.getElementById('console-status').textContent")
    assert page.refused and "400" in page.refused[0]
    assert store.counts() == before
    assert store.query("MATCH (c:Concept {name: 'Mamba'}) RETURN count(c)")[1] == [[1]]


def test_named_query_form(page):
    page.page.click("button[data-panel=panel-console]")
    page.page.select_option("#named", "reviews_about_concept")
    page.page.fill("#named-form input[name=concept]", "ממבה")
    page.page.click("#run")
    page.wait("() => document.body.dataset.console === 'done'")
    assert "ReMamba" in page.js("document.getElementById('console-table').textContent")


def test_path_panel_draws_jacobi_decoding_to_medusa(page):
    page.page.click("button[data-panel=panel-path]")
    page.page.fill("#path-from", "Jacobi decoding")
    page.page.fill("#path-to", "Medusa")
    page.page.click("#path-form button")
    page.wait("() => document.body.dataset.path === '2024-06-14,2024-06-15'")
    steps = page.js("[...document.querySelectorAll('#path-steps li')].map(li => li.textContent)")
    assert len(steps) == 2 and "CLLMs" in steps[0] and "MEDUSA" in steps[1]
    assert "continues the review of 2024-06-14" in steps[1]
    assert page.js("graphkb.graph.getEdgeAttribute('step:Review:2024-06-14|Review:2024-06-15', 'type')") == "arrow"


def test_permalink_reload_restores_the_view(page, browser):
    page.search("ממבה")
    page.wait("() => document.body.dataset.selected === 'Concept:Mamba'")
    page.js("graphkb.select('Review:2024-09-07')")
    page.page.keyboard.press("e")
    page.wait("() => document.getElementById('status').textContent.includes('showing')")
    page.js("graphkb.select('Concept:Mamba')")
    page.page.uncheck("#legend input[data-type=Paper]")
    page.js("graphkb.renderer.getCamera().setState({x: 0.4, y: 0.6, ratio: 0.3, angle: 0})")
    page.page.wait_for_timeout(500)
    url = page.js("location.href")
    state = json.loads(urllib.parse.unquote(url.split("#", 1)[1]))
    assert state["seed"] == "Concept:Mamba" and state["sel"] == "Concept:Mamba" and state["types"] == ["Paper"]
    shown = page.nodes()
    again = Page(browser, url)
    try:
        again.wait("() => document.body.dataset.selected === 'Concept:Mamba'")
        assert again.nodes() == shown
        assert again.js("document.querySelector('#legend input[data-type=Paper]').checked") is False
        camera = again.js("graphkb.renderer.getCamera().getState()")
        assert abs(camera["x"] - 0.4) < 1e-3 and abs(camera["ratio"] - 0.3) < 1e-3
        assert again.js("document.getElementById('search').value") == "ממבה"
    finally:
        again.close()


def test_review_reader_shows_rtl_text_with_evidence(page):
    page.search("2024-06-15")
    page.wait("() => document.body.dataset.selected === 'Review:2024-06-15'")
    page.wait("() => !document.getElementById('read').hidden")
    page.page.click("#read")
    page.wait("() => !document.getElementById('reader').hidden")
    assert page.js("getComputedStyle(document.getElementById('reader-text')).direction") == "rtl"
    assert page.js("document.querySelectorAll('#reader-text mark').length") > 0
    assert page.js("[...document.querySelectorAll('#reader-links a')].some(a => a.href.startsWith('https://arxiv.org/abs/'))")


def test_hostile_review_text_renders_as_text(browser, hostile_served):
    page = Page(browser, hostile_served[0])
    try:
        page.js("graphkb.openNode('Review:2024-06-16-2')")
        page.wait("() => document.body.dataset.selected === 'Review:2024-06-16-2'")
        page.wait("() => document.getElementById('details-heading').textContent.length > 0")
        page.page.click("#read")
        page.wait("() => !document.getElementById('reader').hidden")
        assert page.js("document.getElementById('details-heading').textContent") == HOSTILE
        assert HOSTILE in page.js("document.getElementById('reader-text').textContent")
        assert page.js("document.querySelectorAll('img, #reader script, #details script').length") == 0
        assert page.js("window.__pwned") is None
        assert page.js("[...document.querySelectorAll('a[href]')].every(a => /^(https?:|blob:)/.test(a.href))")
    finally:
        page.close()


def test_bidi_controls_are_neutralised(browser, hostile_served):
    page = Page(browser, hostile_served[0])
    try:
        page.page.fill("#search", "Reversed RLHF")
        page.wait("() => Number(document.body.dataset.results) > 0")
        assert "Reversed RLHF title" in page.js("document.getElementById('results').textContent")
        assert "\u202e" not in page.js("document.getElementById('results').textContent")
        page.js("graphkb.openNode('Review:2024-06-18')")
        page.wait("() => document.getElementById('details-heading').textContent.length > 0")
        page.page.click("#read")
        page.wait("() => !document.getElementById('reader').hidden")
        shown = page.js("document.getElementById('details-heading').textContent + document.getElementById('reader-text').textContent")
        assert "Reversed RLHF title" in shown
        assert not any(control in shown for control in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    finally:
        page.close()


def test_a_foreign_host_header_is_refused(browser, served):
    port = urllib.parse.urlsplit(served[0]).port
    page = browser.new_page()
    try:
        response = page.goto(f"http://{REBOUND_HOST}:{port}/")
        assert response.status == 400
        assert "graphkb" not in page.content()
    finally:
        page.close()


def test_date_range_filters_and_plays(page):
    total = page.js("graphkb.graph.order")
    page.js("""() => { const until = document.getElementById('until'); until.value = '20';
                       until.dispatchEvent(new Event('input')); }""")
    page.wait("() => !document.getElementById('counts').textContent.startsWith(String(graphkb.graph.order))")
    shown = int(page.js("document.getElementById('counts').textContent").split(" ")[0].replace(",", ""))
    assert 0 < shown < total
    assert page.js("document.getElementById('until-label').textContent") == "2024-06-19"
    page.page.click("#play")
    page.wait("() => Number(document.getElementById('until').value) > 25")
    page.page.click("#play")  # pause
    assert page.js("document.getElementById('play').textContent") == "Play"


def test_exports_of_the_view(page):
    page.search("ממבה")
    page.wait("() => document.body.dataset.selected === 'Concept:Mamba'")
    shown = page.nodes()
    files = {}
    for button, name in (("#export-png", "png"), ("#export-svg", "svg"), ("#export-html", "html"), ("#export-graphml", "graphml")):
        with page.page.expect_download() as download:
            page.page.click(button)
        files[name] = Path(download.value.path()).read_bytes()
    assert files["png"].startswith(b"\x89PNG") and len(files["png"]) > 5000
    svg = files["svg"].decode("utf-8")
    assert svg.startswith("<svg") and svg.count("<circle") == len(shown) and "Mamba" in svg
    html = files["html"].decode("utf-8")
    assert html.startswith("<!doctype html>") and "Concept:Mamba" in html
    assert files["graphml"].count(b"<node ") == len(shown)


def test_next_and_previous_match_with_the_keyboard(page):
    page.page.keyboard.press("/")
    page.page.keyboard.type("decoding")
    page.wait("() => Number(document.body.dataset.results) > 2")
    page.page.keyboard.press("Enter")
    page.wait("() => Boolean(document.body.dataset.selected)")
    first = page.js("document.body.dataset.selected")
    assert first == page.js("document.querySelector('#results li.current').dataset.id")
    page.page.keyboard.press("n")
    page.wait("node => document.body.dataset.selected && document.body.dataset.selected !== node", first)
    page.page.keyboard.press("p")
    page.wait("node => document.body.dataset.selected === node", first)


def test_a_whole_graph_permalink_with_a_limit_opens_its_best_linked_part(browser, served):
    view = urllib.parse.quote(json.dumps({"seed": "all", "limit": 40}))
    opened = Page(browser, f"{served[0]}#{view}")
    try:
        assert opened.js("graphkb.graph.order") == 40 and opened.js("graphkb.graph.size") > 0
        assert "Concept:large language models" in opened.nodes()
        assert opened.js("document.getElementById('status').textContent").startswith("showing the 40 best-linked of")
        # drawn: sigma holds display data for every node and link of the view
        assert opened.js("graphkb.graph.everyNode(n => graphkb.renderer.getNodeDisplayData(n) !== undefined)")
        assert opened.js("graphkb.graph.everyEdge(e => graphkb.renderer.getEdgeDisplayData(e) !== undefined)")
        assert opened.js("graphkb.graph.everyEdge((e, attrs) => attrs.type === 'line')")  # the overview has no arrowheads
    finally:
        opened.close()


def test_a_mouse_click_selects_the_node_under_it_and_darkens_its_links(page):
    node = "Concept:Mamba"
    page.js("""node => { const d = graphkb.renderer.getNodeDisplayData(node);
                         graphkb.renderer.getCamera().setState({x: d.x, y: d.y, ratio: 0.01, angle: 0}); }""", node)
    page.js("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    x, y = page.js("""node => { const p = graphkb.renderer.graphToViewport(graphkb.graph.getNodeAttributes(node));
                                const box = document.getElementById('graph').getBoundingClientRect();
                                return [box.left + p.x, box.top + p.y]; }""", node)
    page.page.mouse.click(x, y)
    page.wait("node => document.body.dataset.selected === node", node)
    links = page.js("node => graphkb.graph.edges(node).map(e => graphkb.renderer.getEdgeDisplayData(e).color)", node)
    assert links and set(links) == {"#444"}
    assert page.js("node => graphkb.renderer.getNodeDisplayData(node).highlighted", node) is True
    page.page.keyboard.press("Escape")
    page.wait("() => document.body.dataset.selected === ''")
    assert "#444" not in page.js("node => graphkb.graph.edges(node).map(e => graphkb.renderer.getEdgeDisplayData(e).color)", node)
