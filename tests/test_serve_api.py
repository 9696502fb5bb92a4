"""``graphkb serve``'s JSON API, in-process (Starlette's TestClient over httpx) on the real corpus store."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from graphkb.serve import create_app

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")  # starlette 1.x prefers httpx2

BASE = "http://127.0.0.1:8765"
VENDOR = Path(__file__).parents[1] / "graphkb" / "serve" / "assets" / "vendor"


@pytest.fixture(scope="module")
def client(corpus_store):
    from starlette.testclient import TestClient

    with TestClient(create_app(corpus_store, time_limit=0.5, row_limit=20), base_url=BASE) as client:
        wait_for_reading_index(client)
        yield client


def wait_for_reading_index(client, seconds: float = 120) -> dict:
    """The server's reading index status once it is wholly built (in the background, as the snapshot loads)."""
    import time

    deadline = time.monotonic() + seconds
    while not (status := client.get("/api/info").json()["readingIndex"])["weak"]:
        assert time.monotonic() < deadline, status
        time.sleep(0.1)
    return status


def test_info_counts_the_store(client, corpus_store):
    info = client.get("/api/info").json()
    counts = corpus_store.counts()
    assert info["nodes"] == sum(counts.get(label, 0) for label in ("Review", "Concept", "Paper", "Resource", "Organization",
                                                                    "Person", "Model", "Dataset", "Series"))
    assert info["dateRange"][0] <= "2024-06-14" <= info["dateRange"][1]
    assert info["limits"]["rows"] == 20 and info["limits"]["seconds"] == 0.5
    assert re.fullmatch(r"[0-9a-f]{12}", info["version"])


@pytest.mark.parametrize("text", ["ממבה", "בממבה", "mamba", "Mamab", "MAMBA"])
def test_search_finds_mamba_in_any_script_prefix_or_typo(client, text):
    found = client.get("/api/search", params={"q": text}).json()
    assert found[0]["id"] in ("Concept:Mamba", "Model:Mamba"), found[:3]


def test_search_reads_dates_titles_and_arxiv_ids(client):
    assert client.get("/api/search", params={"q": "14.06.24"}).json()[0]["id"] == "Review:2024-06-14"
    titled = client.get("/api/search", params={"q": "Consistency Large Language"}).json()
    assert "Review:2024-06-14" in [item["id"] for item in titled]
    assert client.get("/api/search", params={"q": "2405.18047"}).json()[0]["id"] in ("Review:2024-05-30", "Paper:2405.18047")
    assert client.get("/api/search", params={"q": ""}).json() == []


def test_expand_pages_through_neighbours_with_counts(client):
    first = client.get("/api/expand", params={"id": "Concept:Mamba", "limit": 3}).json()
    assert first["nodes"][0]["id"] == "Concept:Mamba"
    assert first["shown"] == 3 < first["total"]
    second = client.get("/api/expand", params={"id": "Concept:Mamba", "limit": 3, "offset": 3}).json()
    assert {n["id"] for n in first["nodes"][1:]}.isdisjoint(n["id"] for n in second["nodes"][1:])
    ids = {n["id"] for n in first["nodes"]}
    assert all(edge["source"] in ids and edge["target"] in ids for edge in first["edges"])
    assert all({"x", "y", "type", "label"} <= set(n) for n in first["nodes"])


def test_expand_links_new_nodes_to_the_view(client):
    alone = client.post("/api/expand", json={"id": "Review:2024-06-15", "limit": 50}).json()
    view = [n["id"] for n in alone["nodes"]]
    more = client.post("/api/expand", json={"id": "Review:2024-06-14", "limit": 50, "view": view}).json()
    new = {n["id"] for n in more["nodes"]}
    assert any(edge["source"] in set(view) - new or edge["target"] in set(view) - new for edge in more["edges"])


def test_unknown_node_is_a_404_with_one_message(client):
    response = client.get("/api/expand", params={"id": "Concept:nothing-like-this"})
    assert response.status_code == 404
    assert response.json()["kind"] == "UnknownNameError"


def test_console_returns_a_table_and_the_graph_it_holds(client):
    result = client.post("/api/cypher", json={
        "query": "MATCH p = (r:Review {id: $id})-[:MENTIONS]->(c:Concept) RETURN p", "params": {"id": "2024-06-14"},
    }).json()
    assert result["columns"] == ["p"] and result["shown"] == result["total"] > 0
    ids = {n["id"] for n in result["graph"]["nodes"]}
    assert "Review:2024-06-14" in ids
    assert {(e["source"], e["type"]) for e in result["graph"]["edges"]} == {("Review:2024-06-14", "MENTIONS")}


def test_console_states_the_row_cap(client):
    result = client.post("/api/cypher", json={"query": "MATCH (c:Concept) RETURN c.name AS name"}).json()
    assert result["shown"] == 20 < result["total"]
    assert len(result["rows"]) == 20


def test_console_stops_at_the_time_limit(client):
    response = client.post("/api/cypher", json={"query": "MATCH (a), (b), (c) RETURN count(*)"})
    assert response.status_code == 400
    assert response.json()["kind"] == "QueryTimeoutError"
    assert "0.5 s" in response.json()["error"]


@pytest.mark.parametrize("cypher", [
    "CREATE (c:Concept {name: 'pwned'}) RETURN c",
    "MATCH (c:Concept {name: 'Mamba'}) SET c.name = 'pwned' RETURN c",
    "MATCH (c:Concept {name: 'Mamba'}) DETACH DELETE c",
    "MERGE (c:Concept {name: 'pwned'}) RETURN c",
])
def test_no_write_reaches_the_store(client, corpus_store, cypher):
    before = corpus_store.counts()
    response = client.post("/api/cypher", json={"query": cypher})
    assert response.status_code == 400
    assert response.json()["kind"] == "WriteRefusedError"
    assert corpus_store.counts() == before
    assert corpus_store.query("MATCH (c:Concept {name: 'pwned'}) RETURN c")[1] == []


def test_named_queries_list_parameters_and_run(client):
    listed = {q["name"]: q for q in client.get("/api/queries").json()}
    parameters = {p["name"]: p for p in listed["reviews_about_concept"]["parameters"]}
    assert parameters["concept"]["required"] is True
    result = client.post("/api/cypher", json={"name": "reviews_about_concept", "params": {"concept": "ממבה"}}).json()
    assert result["total"] > 0 and "review" in result["columns"]
    missing = client.post("/api/cypher", json={"name": "reviews_about_concept", "params": {}})
    assert missing.status_code == 400 and "concept" in missing.json()["error"]


def test_path_uses_the_reading_path_engine(client, corpus_store):
    from graphkb.paths import reading_paths

    served = client.get("/api/path", params={"from": "Jacobi decoding", "to": "Medusa"}).json()
    expected = reading_paths(corpus_store.read_networkx(), "Jacobi decoding", "Medusa")[0].to_dict()
    assert served["paths"][0] == expected
    assert [s["review"] for s in served["paths"][0]["steps"]] == ["2024-06-14", "2024-06-15"]
    assert {"Review:2024-06-14", "Review:2024-06-15"} <= {n["id"] for n in served["nodes"]}
    unknown = client.get("/api/path", params={"from": "Jacobi decoding", "to": "zzqqxx"})
    assert unknown.status_code == 404 and unknown.json()["kind"] == "UnknownTopicError"


def test_plan_uses_the_reading_plan_engine(client):
    plan = client.get("/api/plan", params={"topic": "2024-09-22"}).json()
    assert plan["steps"][-1]["review"] == "2024-09-22" or "2024-09-22" in [s["review"] for s in plan["steps"]]
    assert all(step["why"] for step in plan["steps"])


def test_review_reader_has_text_evidence_chain_and_series(client):
    review = client.get("/api/review", params={"id": "2024-06-15"}).json()
    assert review["title"].startswith("MEDUSA")
    assert review["text"] and re.search(r"[\u05d0-\u05ea]", review["text"])
    assert review["evidence"] and all(e["sentence"] for e in review["evidence"])
    assert any(r["url"].startswith("https://arxiv.org/abs/") for r in review["references"])
    assert "2024-06-14" in [link["review"] for link in review["continues"]]
    assert review["series"] and "2024-06-15" in review["series"]["reviews"]


def test_node_details_match_the_viz_panel(client):
    details = client.get("/api/node", params={"id": "Concept:Mamba"}).json()
    assert details["heading"] == "Mamba"
    assert any(name == "Aliases" and "ממבה" in value for name, value in details["fields"])
    assert all(other in details["names"] for other in details["related"])


def test_export_graphml_and_the_offline_page(client):
    import networkx as nx

    ids = ["Concept:Mamba", "Review:2024-06-08", "Review:2024-09-07"]
    graphml = client.post("/api/export/graphml", json={"ids": ids})
    assert graphml.status_code == 200 and "attachment" in graphml.headers["content-disposition"]
    exported = nx.read_graphml(__import__("io").BytesIO(graphml.content))
    assert set(exported) == set(ids) and exported.number_of_edges() >= 2
    page = client.post("/api/export/html", json={"ids": ids, "positions": {"Concept:Mamba": [10, 20]}})
    assert page.status_code == 200 and page.text.startswith("<!doctype html>")
    assert '"x":10.0,"y":20.0' in page.text
    assert client.post("/api/export/pdf", json={"ids": ids}).status_code == 404


def test_foreign_host_header_is_refused(client):
    response = client.get("/api/info", headers={"host": "attacker.example:8765"})
    assert response.status_code == 400


@pytest.mark.parametrize("headers", [
    {"origin": "http://attacker.example"},
    {"origin": "null"},
    {"sec-fetch-site": "cross-site"},
    {"sec-fetch-site": "same-site"},
    {"content-type": "text/plain"},
])
def test_requests_that_are_not_from_the_page_are_refused(client, headers):
    response = client.post("/api/cypher", content=b'{"query": "RETURN 1"}',
                           headers={"content-type": "application/json", **headers})
    assert response.status_code == 403


def test_the_page_itself_may_post(client):
    response = client.post("/api/cypher", json={"query": "RETURN 1 AS one"},
                           headers={"origin": BASE, "sec-fetch-site": "same-origin"})
    assert response.status_code == 200 and response.json()["rows"] == [[1]]


def test_every_response_carries_the_security_headers(client):
    for response in (client.get("/"), client.get("/api/info"), client.get("/api/info", headers={"host": "evil.example"})):
        assert response.headers["content-security-policy"].startswith("default-src 'self'")
        assert response.headers["x-content-type-options"] == "nosniff"
    page = client.get("/").text
    assert "<script>" not in page and "<style>" not in page and "style=" not in page  # no inline code under the CSP
    assert not re.search(r"(src|href)=\"(https?:)?//", page)  # nothing from elsewhere


def test_only_reads_are_routed(client):
    assert client.delete("/api/info", headers={"content-type": "application/json"}).status_code == 405
    assert client.put("/api/cypher", json={"query": "RETURN 1"}).status_code == 405


def test_vendored_libraries_are_there_and_match_their_record():
    record = (VENDOR / "VENDORED.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\S+\.js) \| (\S+) \| ([\d.]+) \| MIT .*\| ([0-9a-f]{64}) \|$", record, flags=re.MULTILINE)
    assert {row[0] for row in rows} == {"sigma.min.js", "graphology.umd.min.js"}
    for name, _, _, digest in rows:
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name


def test_assets_are_served_and_fetch_nothing_from_elsewhere(client):
    for name in ("app.js", "app.css", "vendor/sigma.min.js", "vendor/graphology.umd.min.js"):
        response = client.get(f"/assets/{name}")
        assert response.status_code == 200, name
    code = client.get("/assets/app.js").text
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", code)
    assert "innerHTML" not in code and "eval(" not in code


def test_a_rebuilt_store_is_picked_up(tmp_path):
    from starlette.testclient import TestClient

    from graphkb.model import graph_rows
    from graphkb.records import Extraction, Review
    from graphkb.store import open_store

    with open_store(tmp_path) as store:
        second = graph_rows(Extraction([Review(id="2024-06-15", date="2024-06-15", title="Two")]))
        store.load(graph_rows(Extraction([Review(id="2024-06-14", date="2024-06-14", title="One")])))
        with TestClient(create_app(store, refresh_seconds=0), base_url=BASE) as client:
            before = client.get("/api/info").json()
            store.load(second)
            after = client.get("/api/info").json()
            added = sum(len(rows) for rows in second.nodes.values())  # the review and the paper it reviews
            assert after["nodes"] == before["nodes"] + added and after["version"] != before["version"]
            assert "Review:2024-06-15" in [hit["id"] for hit in client.get("/api/search", params={"q": "Two"}).json()]


def test_a_rebuilt_store_is_picked_up_in_the_background(tmp_path):
    import time

    from starlette.testclient import TestClient

    from graphkb.model import graph_rows
    from graphkb.records import Extraction, Review
    from graphkb.store import open_store

    with open_store(tmp_path) as store:
        store.load(graph_rows(Extraction([Review(id="2024-06-14", date="2024-06-14", title="One")])))
        with TestClient(create_app(store, refresh_seconds=0.05), base_url=BASE) as client:
            before = client.get("/api/info").json()
            store.load(graph_rows(Extraction([Review(id="2024-06-15", date="2024-06-15", title="Two")])))
            deadline = time.monotonic() + 60
            while (after := client.get("/api/info").json())["version"] == before["version"]:
                assert time.monotonic() < deadline, "the rebuilt store was never picked up"
                time.sleep(0.05)
            assert after["nodes"] > before["nodes"]
            assert "Review:2024-06-15" in [hit["id"] for hit in client.get("/api/search", params={"q": "Two"}).json()]


def test_whole_graph_in_columns_and_its_best_linked_part(client, corpus_store):
    whole = client.get("/api/graph").json()
    columns = whole["nodes"]
    assert len(columns["id"]) == whole["total"] == corpus_store.read_networkx().number_of_nodes()
    assert all(len(values) == len(columns["id"]) for values in columns.values())
    assert max(whole["edges"]["source"] + whole["edges"]["target"]) < len(columns["id"])
    mamba = columns["id"].index("Concept:Mamba")
    assert whole["types"][columns["type"][mamba]] == "Concept" and columns["label"][mamba] == "Mamba"
    part = client.get("/api/graph", params={"limit": 10}).json()
    assert len(part["nodes"]["id"]) == 10 and part["total"] == whole["total"]
    assert "Concept:large language models" in part["nodes"]["id"]
    assert client.get("/api/graph", params={"limit": 0}).status_code == 400


def _serve_command(*args: str):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "graphkb", "serve", *args], capture_output=True, text=True, timeout=120)


def test_serve_without_a_graph_says_so_in_one_line(tmp_path):
    done = _serve_command("--data-dir", str(tmp_path / "nothing-here"), "--port", "8799")
    assert done.returncode != 0
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("graphkb: error:") and "Traceback" not in done.stderr


def test_serve_on_a_busy_port_says_so_in_one_line(corpus_store_dir):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        done = _serve_command("--data-dir", str(corpus_store_dir), "--port", str(busy.getsockname()[1]))
    assert done.returncode == 2
    assert done.stderr.startswith("graphkb: error: cannot listen on 127.0.0.1:") and done.stderr.count("\n") == 1


def test_serve_warns_when_not_on_loopback(corpus_store_dir):
    import socket

    with socket.socket() as busy:  # the warning comes first; a busy port then ends the run
        busy.bind(("0.0.0.0", 0))
        busy.listen()
        done = _serve_command("--data-dir", str(corpus_store_dir), "--host", "0.0.0.0", "--port", str(busy.getsockname()[1]))
    assert "warning: listening on 0.0.0.0" in done.stderr.splitlines()[0]


def test_path_and_plan_take_the_cli_options(client, corpus_store):
    from graphkb.paths import reading_paths, reading_plan

    graph = corpus_store.read_networkx()
    strict = client.get("/api/path", params={"from": "LoRA", "to": "quantization"})
    assert strict.status_code == 404 and strict.json()["kind"] == "NoPathError" and "--allow-weak" in strict.json()["error"]
    weak = client.get("/api/path", params={"from": "LoRA", "to": "quantization", "allow_weak": "1"}).json()
    assert weak["paths"][0] == reading_paths(graph, "LoRA", "quantization", allow_weak=True)[0].to_dict()
    assert weak["paths"][0]["weak"] and {f"Review:{s['review']}" for s in weak["paths"][0]["steps"]} <= {n["id"] for n in weak["nodes"]}
    everything = client.get("/api/plan", params={"topic": "DPO", "all": "true"}).json()
    assert everything["steps"] == reading_plan(graph, "DPO", include_all=True).to_dict()["steps"]
    assert len(everything["steps"]) > len(client.get("/api/plan", params={"topic": "DPO"}).json()["steps"])
    assert client.get("/api/path", params={"from": "LoRA", "to": "quantization", "allow_weak": "maybe"}).status_code == 400


def test_paths_say_the_reading_index_is_warming_until_it_is_built(corpus_store, monkeypatch):
    from starlette.testclient import TestClient

    from graphkb.serve import reading

    monkeypatch.setattr(reading, "WAIT_SECONDS", 0.0)  # answer at once instead of waiting for the build
    with TestClient(create_app(corpus_store), base_url=BASE) as client:
        # the first request loads the snapshot, which starts the build: a path cannot be ready yet
        warming = client.get("/api/path", params={"from": "Jacobi decoding", "to": "Medusa"})
        assert warming.status_code == 503 and warming.json()["kind"] == "IndexWarmingError"
        assert "still being built" in warming.json()["error"]
        status = wait_for_reading_index(client)
        assert status["ready"] and 0 < status["seconds"]["ready"] <= status["seconds"]["weak"]
        served = client.get("/api/path", params={"from": "Jacobi decoding", "to": "Medusa"}).json()
        assert [step["review"] for step in served["paths"][0]["steps"]] == ["2024-06-14", "2024-06-15"]
