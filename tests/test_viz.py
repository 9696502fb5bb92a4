"""The graph picture: views, page data, escaping and the offline HTML (no browser here; see test_viz_browser.py)."""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re

import pytest
from click.testing import CliRunner

from graphkb import viz
from graphkb.errors import InputError, UnknownNameError
from graphkb.lookup import find_concept, find_review
from graphkb.model import graph_rows, to_networkx
from graphkb.extract.pipeline import extraction_from
from graphkb.records import Extraction, Review

HOSTILE = '<script>window.__pwned=1</script>"><img src=x onerror="window.__pwned=2">'


def _concept(name, kind="method", aliases=(), salience=0.5, evidence=None, count=2):
    return {"name": name, "kind": kind, "aliases": list(aliases), "count": count, "salience": salience, "evidence": evidence}


def sample_reviews() -> list[Review]:
    """Six hand-made reviews: a continuation, a series, Hebrew titles and aliases, and one hostile review."""
    return [
        Review(id="2024-06-13", date="2024-06-13", title="Jacobi decoding", line_start=100, line_end=130,
               arxiv=["2305.10427"], text="פענוח יעקובי מאיץ הסקה",
               concepts=[_concept("Jacobi decoding", salience=0.9, evidence="Jacobi decoding מאיץ את ההסקה")]),
        Review(id="2024-06-14", date="2024-06-14", title="CLLMs: Consistency Large Language Models", line_start=133,
               line_end=149, arxiv=["2403.00835"], links=["https://github.com/hao-ai-lab/Consistency_LLM"],
               text="המאמר שסקרנו אתמול",
               concepts=[_concept("Jacobi decoding", salience=0.3),
                         _concept("consistency models", aliases=["מודלי קונסיסטנסי"], salience=0.8,
                                  evidence="מודלי קונסיסטנסי לומדים לקפוץ ישר לתשובה")],
               continues=[{"target": "2024-06-13", "kind": "yesterday", "evidence": "המאמר שסקרנו אתמול", "confidence": 0.9}]),
        Review(id="2024-06-15", date="2024-06-15", title="Medusa: Simple LLM Inference Acceleration", line_start=150,
               line_end=170, arxiv=["2401.10774"],
               concepts=[_concept("Medusa", salience=0.9), _concept("Jacobi decoding", salience=0.2)],
               entities=[{"name": "Together AI", "type": "Organization", "count": 1}]),
        Review(id="2024-06-16", date="2024-06-16", title="Direct Preference Optimization", line_start=171, line_end=190,
               arxiv=["2305.18290"], text="ה-DPO הוא שיטה",
               concepts=[_concept("DPO", aliases=["Direct Preference Optimization", "ה-DPO"], salience=0.95,
                                  evidence="ה-DPO מחליף את RLHF"),
                         _concept("RLHF", aliases=["וב-RLHF"], salience=0.4)]),
        Review(id="2024-06-16-2", date="2024-06-16", title=HOSTILE, line_start=191, line_end=200,
               text=HOSTILE + " </script><!-- \u2028 tail", links=["javascript:alert(1)"],
               concepts=[_concept("RLHF", evidence=HOSTILE + "\u2028</script>")]),
        Review(id="2024-06-17", date="2024-06-17", title="ממבה: מודל מרחב מצבים", line_start=201, line_end=230,
               concepts=[_concept("Mamba", kind="architecture", aliases=["ממבה"], salience=0.9,
                                  evidence="ממבה היא ארכיטקטורה של מרחב מצבים")]),
    ]


SAMPLE_SERIES = [{"id": "jacobi-2024-06", "name": "Jacobi decoding → Medusa, Jun 2024", "start": "2024-06-13",
                  "end": "2024-06-15", "reviews": ["2024-06-13", "2024-06-14", "2024-06-15"]}]
SAMPLE_RELATED = [{"source": "Jacobi decoding", "target": "Medusa", "weight": 0.5, "reviews": 1}]


def sample_rows():
    return graph_rows(Extraction(sample_reviews(), series=SAMPLE_SERIES, related=SAMPLE_RELATED))


def sample_graph():
    return to_networkx(sample_rows())


@pytest.fixture()
def graph():
    return sample_graph()


def _embedded_data(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.DOTALL)
    assert match, "the page embeds its data as JSON"
    return json.loads(match.group(1))


# ------------------------------------------------------------------- lookups


@pytest.mark.parametrize("name", ["DPO", "dpo", "Direct Preference Optimization", "direct-preference optimization", "ה-DPO", "הDPO", "וה-DPO"])
def test_find_concept_by_any_alias_case_and_hebrew_prefix(graph, name):
    assert find_concept(graph, name) == "Concept:DPO"


def test_find_concept_in_hebrew(graph):
    assert find_concept(graph, "ממבה") == "Concept:Mamba"


def test_unknown_concept_names_the_closest(graph):
    with pytest.raises(UnknownNameError) as caught:
        find_concept(graph, "Medusaa")
    assert "Medusa" in caught.value.candidates


def test_unknown_review_names_the_closest(graph):
    with pytest.raises(UnknownNameError) as caught:
        find_review(graph, "2024-06-18")
    assert caught.value.candidates


# --------------------------------------------------------------------- views


def test_concept_view_depth(graph):
    one = viz.concept_view(graph, "Jacobi decoding", depth=1)
    assert set(one) == {"Concept:Jacobi decoding", "Concept:Medusa", "Review:2024-06-13", "Review:2024-06-14", "Review:2024-06-15"}
    two = viz.concept_view(graph, "Jacobi decoding", depth=2)
    assert set(one) < set(two) and "Paper:2403.00835" in two and "Series:jacobi-2024-06" in two
    assert "Review:2024-06-16" not in two
    assert one.graph["focus"] == "Concept:Jacobi decoding"
    assert viz.concept_view(graph, "DPO", depth=0).number_of_nodes() == 1


def test_concept_view_keeps_every_link_between_its_nodes(graph):
    view = viz.concept_view(graph, "Jacobi decoding", depth=1)
    assert view.has_edge("Review:2024-06-14", "Review:2024-06-13", key="CONTINUES")
    assert view.has_edge("Concept:Jacobi decoding", "Concept:Medusa", key="RELATED")


def test_review_view_holds_chain_series_and_shared_concepts(graph):
    view = viz.review_view(graph, "2024-06-13")
    reviews = {n for n, a in view.nodes(data=True) if a["label"] == "Review"}
    assert reviews == {"Review:2024-06-13", "Review:2024-06-14", "Review:2024-06-15"}
    assert "Series:jacobi-2024-06" in view
    assert "Concept:Jacobi decoding" in view  # shared by the three
    assert "Concept:Medusa" not in view  # only one of them mentions it
    assert "Paper:2305.10427" in view  # the review's own links
    assert "Paper:2401.10774" not in view


def test_path_view_numbers_the_steps_and_keeps_the_bridges(graph):
    view = viz.path_view(graph, ["2024-06-13", "2024-06-14", "2024-06-15"])
    assert [view.nodes[f"Review:{d}"]["pathStep"] for d in ("2024-06-13", "2024-06-14", "2024-06-15")] == [1, 2, 3]
    assert "Concept:Jacobi decoding" in view and "Concept:consistency models" not in view
    labels = {n["id"]: n["label"] for n in viz.page_data(view)["nodes"]}
    assert labels["Review:2024-06-14"].startswith("2. ")
    with pytest.raises(UnknownNameError):
        viz.path_view(graph, ["2024-06-13", "1999-01-01"])
    with pytest.raises(InputError):
        viz.path_view(graph, [])


def test_date_window(graph):
    window = viz.date_window(graph, "2024-06-14", "2024-06-15")
    reviews = {n for n, a in window.nodes(data=True) if a["label"] == "Review"}
    assert reviews == {"Review:2024-06-14", "Review:2024-06-15"}
    assert "Concept:Medusa" in window and "Concept:DPO" not in window and "Concept:Mamba" not in window
    assert "Series:jacobi-2024-06" in window
    assert {n for n, a in viz.date_window(graph, since="2024-06-17").nodes(data=True) if a["label"] == "Review"} == {"Review:2024-06-17"}
    assert viz.date_window(graph).number_of_nodes() == graph.number_of_nodes()


def test_date_window_after_a_view_keeps_its_focus(graph):
    window = viz.date_window(viz.concept_view(graph, "Jacobi decoding"), until="2024-06-14")
    assert window.graph["focus"] == "Concept:Jacobi decoding"
    assert "Review:2024-06-15" not in window


@pytest.mark.parametrize("since, until", [("14.06.24", None), (None, "2024-13-01"), ("2024-06-20", "2024-06-01"), ("2024-07-01", None)])
def test_date_window_rejects_bad_dates(graph, since, until):
    with pytest.raises(InputError):
        viz.date_window(graph, since, until)


# -------------------------------------------------------------------- layout


def test_layout_places_every_node_finitely_and_repeatably(graph):
    first, second = viz.compute_layout(graph), viz.compute_layout(graph)
    assert set(first) == set(graph) and first == second
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in first.values())
    assert len({(round(x), round(y)) for x, y in first.values()}) == graph.number_of_nodes()


def test_leaves_sit_beside_their_only_neighbour(graph):
    positions = viz.compute_layout(graph)
    (px, py), (rx, ry) = positions["Paper:2305.18290"], positions["Review:2024-06-16"]
    spread = max(x for x, _ in positions.values()) - min(x for x, _ in positions.values())
    assert math.dist((px, py), (rx, ry)) < spread / 4


# ----------------------------------------------------------------- page data


def test_page_data_counts_equal_the_graph(graph):
    data = viz.page_data(graph)
    assert len(data["nodes"]) == graph.number_of_nodes()
    assert len(data["edges"]) == graph.number_of_edges()
    assert len({e["id"] for e in data["edges"]}) == graph.number_of_edges()
    assert data["physics"] is True and data["dateRange"] == ["2024-06-13", "2024-06-17"]


def test_review_details(graph):
    node = next(n for n in viz.page_data(graph)["nodes"] if n["id"] == "Review:2024-06-14")
    fields = dict(node["fields"])
    assert fields["Date"].startswith("2024-06-14") and fields["Title"] == "CLLMs: Consistency Large Language Models"
    assert fields["Source lines"] == "133–149"
    assert ["arXiv 2403.00835", "https://arxiv.org/abs/2403.00835"] in node["links"]
    assert node["related"] == ["Concept:consistency models", "Concept:Jacobi decoding"]  # by salience
    assert node["evidence"] == "מודלי קונסיסטנסי לומדים לקפוץ ישר לתשובה"
    assert node["chain"] == [["continues", "Review:2024-06-13", "המאמר שסקרנו אתמול"]]


def test_concept_details_list_reviews_by_date(graph):
    node = next(n for n in viz.page_data(graph)["nodes"] if n["id"] == "Concept:Jacobi decoding")
    assert node["related"] == ["Review:2024-06-13", "Review:2024-06-14", "Review:2024-06-15"]
    assert dict(node["fields"])["Reviews"] == "3"
    assert node["evidence"] == "Jacobi decoding מאיץ את ההסקה"


def test_only_web_links_reach_the_page(graph):
    data = viz.page_data(graph)
    urls = [url for node in data["nodes"] for _, url in node["links"]]
    assert urls and all(url.startswith(("https://", "http://")) for url in urls)
    assert not any("javascript:" in url for url in urls)


# ---------------------------------------------------------- HTML and escaping


@pytest.fixture()
def html(graph):
    return viz.render_html(graph)


def test_page_is_self_contained(html):
    assert "<link" not in html
    assert not re.search(r"<(script|img|iframe)[^>]*\ssrc=", html, re.IGNORECASE)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html, re.IGNORECASE)
    assert "@import" not in html
    assert "bootstrap" not in html.lower() and not re.search(r"//cdn|cdn\.", html, re.IGNORECASE)
    assert "vis.Network" in html and "vis-network" in html


def test_hostile_text_never_reaches_the_html_raw(html):
    assert HOSTILE not in html
    assert "<img" not in html
    assert html.count("</script>") == 3  # the page's own three scripts, nothing from the corpus
    assert "sourceMappingURL" not in html  # devtools would fetch the map
    assert "\u2028" not in html and "<!--" not in html


def test_embedded_json_round_trips_the_hostile_text(html):
    data = _embedded_data(html)
    hostile = next(n for n in data["nodes"] if n["id"] == "Review:2024-06-16-2")
    assert hostile["heading"] == HOSTILE and hostile["text"].startswith(HOSTILE)
    assert hostile["evidence"] == HOSTILE + "\u2028</script>"


def test_title_is_escaped(graph):
    page = viz.render_html(graph, title="<b>x</b> & ה")
    assert "<title>&lt;b&gt;x&lt;/b&gt; &amp; ה</title>" in page


def test_content_security_policy_allows_exactly_the_page_scripts(html):
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html).group(1)
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    scripts = re.findall(r"<script>(.*?)</script>", html, re.DOTALL)
    assert len(scripts) == 2
    for code in scripts:
        digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy


def test_script_json_escapes_what_ends_a_script():
    text = viz.page._script_json({"a": "</script><!--&\u2028\u2029"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"a": "</script><!--&\u2028\u2029"}


def test_large_graphs_start_with_physics_off():
    import networkx as nx

    graph = nx.MultiDiGraph()
    for i in range(viz.PHYSICS_NODE_LIMIT + 1):
        graph.add_node(f"Concept:c{i}", label="Concept", name=f"c{i}", kind="method", aliases=[])
        if i:
            graph.add_edge(f"Concept:c{i}", f"Concept:c{i - 1}", key="RELATED", type="RELATED", weight=1.0, reviews=1)
    assert viz.page_data(graph)["physics"] is False


def test_write_html(tmp_path, graph):
    out = viz.write_html(graph, tmp_path / "page.html")
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    with pytest.raises(InputError):
        viz.write_html(graph, tmp_path / "missing-folder" / "page.html")


# ----------------------------------------------------------------------- CLI


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    from graphkb.store import open_store

    data_dir = tmp_path_factory.mktemp("kb")
    with open_store(data_dir) as store:
        store.load(sample_rows())
    return data_dir


def _run(args):
    from graphkb.cli import cli

    return CliRunner().invoke(cli, args)


def test_cli_writes_the_whole_graph_from_the_store(sample_store, tmp_path):
    out = tmp_path / "all.html"
    result = _run(["viz", "--data-dir", str(sample_store), "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = _embedded_data(out.read_text(encoding="utf-8"))
    expected = sample_graph()
    assert len(data["nodes"]) == expected.number_of_nodes() and len(data["edges"]) == expected.number_of_edges()


@pytest.mark.parametrize(
    "args, focus, reviews",
    [
        (["--concept", "ה-DPO"], "Concept:DPO", {"Review:2024-06-16"}),
        (["--review", "2024-06-14"], "Review:2024-06-14", {"Review:2024-06-13", "Review:2024-06-14", "Review:2024-06-15"}),
        (["--concept", "Jacobi decoding", "--until", "2024-06-14"], "Concept:Jacobi decoding", {"Review:2024-06-13", "Review:2024-06-14"}),
        (["--since", "2024-06-16", "--until", "2024-06-16"], None, {"Review:2024-06-16", "Review:2024-06-16-2"}),
    ],
)
def test_cli_views(sample_store, tmp_path, args, focus, reviews):
    out = tmp_path / "view.html"
    result = _run(["viz", "--data-dir", str(sample_store), "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    data = _embedded_data(out.read_text(encoding="utf-8"))
    assert data["focus"] == focus
    assert {n["id"] for n in data["nodes"] if n["type"] == "Review"} == reviews


@pytest.mark.parametrize(
    "args, message",
    [
        (["--concept", "Medusaa"], "Medusa"),
        (["--review", "2099-01-01"], "no review"),
        (["--since", "yesterday"], "YYYY-MM-DD"),
        (["--concept", "DPO", "--review", "2024-06-14"], "one view"),
    ],
)
def test_cli_bad_input_is_one_clear_line(sample_store, tmp_path, args, message):
    import subprocess
    import sys

    out = tmp_path / "view.html"
    done = subprocess.run([sys.executable, "-m", "graphkb", "viz", "--data-dir", str(sample_store), "--out", str(out), *args],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert message in done.stderr and "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_cli_reading_path_on_the_corpus(records, tmp_path):
    from graphkb.paths import reading_paths
    from graphkb.store import open_store

    rows = graph_rows(extraction_from(records))
    with open_store(tmp_path / "kb") as store:
        store.load(rows)
    out = tmp_path / "path.html"
    result = _run(["viz", "--data-dir", str(tmp_path / "kb"), "--out", str(out), "--path", "Jacobi decoding", "Medusa"])
    assert result.exit_code == 0, result.output
    data = _embedded_data(out.read_text(encoding="utf-8"))
    steps = [f"Review:{step.review}" for step in reading_paths(to_networkx(rows), "Jacobi decoding", "Medusa")[0].steps]
    assert len(steps) >= 2 and "Review:2024-06-14" in steps
    numbered = sorted((n["step"], n["id"]) for n in data["nodes"] if "step" in n)
    assert [node for _, node in numbered] == steps
    assert data["focus"] == steps[0] and data["view"] == "Reading path: Jacobi decoding → Medusa"
    assert all(n["type"] in ("Review", "Concept") for n in data["nodes"])


# --------------------------------------------------------------------- vendored vis-network


def test_vis_network_is_vendored_with_version_and_licence_and_inlined_as_is(graph):
    from importlib.resources import files

    from graphkb.viz.page import VIS_NETWORK

    assets = files("graphkb").joinpath("viz_assets")
    code = assets.joinpath(VIS_NETWORK).read_text(encoding="utf-8")
    assert "@version 9.1.2" in code[:400] and "MIT License" in code[:1200]
    assert "sourceMappingURL" not in code  # devtools would fetch the map
    notice = assets.joinpath("vis-network.NOTICE").read_text(encoding="utf-8")
    assert "vis-network 9.1.2" in notice and "Apache-2.0 OR MIT" in notice and "Permission is hereby granted" in notice
    html = viz.render_html(graph)
    inlined = re.search(r"<script>(.*?)</script>", html, re.DOTALL).group(1)
    assert inlined.strip() == code.replace("</script", "<\\/script").replace("<!--", "<\\!--").strip()
