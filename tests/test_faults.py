"""Faults and hostile input (issue 15): a full disk, a killed process, a huge review, a hostile byte.

Each test reproduces one case of ``docs/faults.md`` (the table names the
test) with the real embedded store, the real spaCy pipeline and the real
command line.  The full-disk cases mount a small tmpfs (``tmpfs`` fixture:
skipped with its reason where mount is not permitted).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import redis

from graphkb.errors import InputError, QueryError, StoreError, StoreUnavailableError
from graphkb.extract.links import find_links
from graphkb.extract.sources import read_reviews
from graphkb.records import Review
from graphkb.store import open_store
from graphkb.store.falkordb_store import GRAPH_NAME, PREVIOUS_NAME, STAGING_NAME
from graphkb.store.server import LOG_LIMIT_BYTES, MARKER_NAME, EmbeddedServer, process_alive
from graphkb.text import neutralise_bidi
from test_sources import SAMPLE
from test_store import data_dir, run_cli, server_pid, small_reviews, small_rows, without_nulls  # noqa: F401  (data_dir: a fixture)

PYTHON = sys.executable
HEADER = "המאמר היומי של מייק 14.06.24: CLLMs: Consistency Large Language Models\n\n"


def one_line_error(done: subprocess.CompletedProcess, code: int | None = None) -> str:
    """The one stderr line of a failed command (no traceback), after checking the exit code."""
    assert done.returncode != 0 if code is None else done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def wait_until(condition, timeout: float = 60.0, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


@pytest.fixture
def small_corpus(tmp_path) -> Path:
    path = tmp_path / "small.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


def fill_disk(folder: Path, leave_kib: int) -> Path:
    """Fill the file system of ``folder`` until about ``leave_kib`` KiB are free; returns the filler file."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as handle:
        while True:
            status = os.statvfs(folder)
            room = status.f_bavail * status.f_frsize - leave_kib * 1024
            if room <= 0:
                break
            try:
                handle.write(b"\0" * min(room, 1 << 16))
            except OSError:  # full
                break
    return filler


def stored_reviews(data_dir: Path) -> int:
    done = run_cli("query", "MATCH (r:Review) RETURN count(r) AS n", "--format", "json", "--data-dir", str(data_dir))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)[0]["n"]


# -- data integrity: a full disk ----------------------------------------------------------------------


def test_full_disk_during_a_build_keeps_the_stored_graph_and_says_why(tmpfs, small_corpus, records):
    disk = tmpfs("2m")
    data_dir = disk / "kb"
    with open_store(data_dir) as store:
        store.load(small_rows(records))
    assert stored_reviews(data_dir) == len(records)
    filler = fill_disk(disk, 150)
    started = time.monotonic()
    done = run_cli("build", str(small_corpus), "--replace", "--data-dir", str(data_dir))
    message = one_line_error(done)
    assert "the stored graph is unchanged" in message and "No space left on device" in message
    assert not EmbeddedServer(data_dir).ping()  # the server stopped although it could not save
    assert stored_reviews(data_dir) == len(records)
    assert time.monotonic() - started < 60
    filler.unlink()  # once there is room again, nothing of the failed build turns up
    assert stored_reviews(data_dir) == len(records)
    done = run_cli("build", str(small_corpus), "--replace", "--data-dir", str(data_dir))
    assert done.returncode == 0, done.stderr
    assert stored_reviews(data_dir) == 2


def test_full_disk_on_a_write_query_keeps_the_graph(tmpfs, records):
    disk = tmpfs("2m")
    data_dir = disk / "kb"
    with open_store(data_dir) as store:
        store.load(small_rows(records))
    filler = fill_disk(disk, 150)
    done = run_cli("query", "--write", "MATCH (r:Review) SET r.flag = 1", "--data-dir", str(data_dir))
    message = one_line_error(done)
    assert "the stored graph is unchanged" in message and "No space left on device" in message
    filler.unlink()
    done = run_cli("query", "MATCH (r:Review) WHERE r.flag = 1 RETURN count(r) AS n", "--format", "json", "--data-dir", str(data_dir))
    assert json.loads(done.stdout) == [{"n": 0}]


def test_full_disk_on_a_first_build_leaves_a_usable_folder(tmpfs, small_corpus):
    disk = tmpfs("2m")
    data_dir = disk / "kb"
    filler = fill_disk(disk, 0)
    done = run_cli("build", str(small_corpus), "--data-dir", str(data_dir))
    one_line_error(done)
    marker = data_dir / MARKER_NAME
    assert not marker.exists() or json.loads(marker.read_text())["format"] == 1  # never a 0-byte marker
    filler.unlink()
    done = run_cli("build", str(small_corpus), "--data-dir", str(data_dir))
    assert done.returncode == 0, done.stderr
    assert stored_reviews(data_dir) == 2


def test_an_empty_marker_left_by_an_interrupted_first_build_is_rewritten(data_dir, small_corpus):
    data_dir.mkdir()
    (data_dir / MARKER_NAME).write_bytes(b"")  # what a first build on a full disk left before markers were atomic
    done = run_cli("build", str(small_corpus), "--data-dir", str(data_dir))
    assert done.returncode == 0, done.stderr
    assert json.loads((data_dir / MARKER_NAME).read_text())["format"] == 1


def test_a_failed_save_swaps_the_old_graph_back(tmpfs):
    disk = tmpfs("2m")
    with open_store(disk / "kb") as store:
        store.load(small_rows())
        before = without_nulls(store.read_networkx())
        filler = fill_disk(disk, 0)
        more = [Review(id=f"2024-07-{day:02d}", date=f"2024-07-{day:02d}", text="טקסט " * 400) for day in range(1, 29)]
        with pytest.raises(StoreError, match="unchanged: cannot save it: .*No space left on device"):
            store.load(small_rows(small_reviews() + more))
        assert without_nulls(store.read_networkx()) == before
        assert not any(store._connection.exists(name) for name in (STAGING_NAME, PREVIOUS_NAME))
        filler.unlink()


# -- data integrity: signals and a server left behind --------------------------------------------------

SIGNALLED_LOAD = textwrap.dedent(
    """
    import json, sys
    from graphkb.cli import stop_on_termination_signals
    from graphkb.extract.lexicon import load_lexicon
    from graphkb.model import graph_rows
    from graphkb.records import Extraction, Review
    from graphkb.store import open_store

    stop_on_termination_signals()
    records = [Review.from_dict(item) for item in json.load(open(sys.argv[2], encoding="utf-8"))]
    with open_store(sys.argv[1]) as store:
        print("loading", flush=True)
        store.load(graph_rows(Extraction(records, lexicon=load_lexicon())), batch_size=1)
    """
)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_sigterm_or_sighup_mid_load_drops_staging_and_releases_the_server(tmp_path, records, signum):
    data_dir = tmp_path / "kb"
    with open_store(data_dir) as store:
        store.load(small_rows())
    corpus_records = tmp_path / "records.json"
    corpus_records.write_text(json.dumps([r.to_dict() for r in records]), encoding="utf-8")
    load = subprocess.Popen([PYTHON, "-c", SIGNALLED_LOAD, str(data_dir), str(corpus_records)], stdout=subprocess.PIPE, text=True)
    try:
        assert load.stdout.readline().strip() == "loading"
        server = EmbeddedServer(data_dir)
        watcher = redis.Redis(unix_socket_path=str(server.socket_path))  # not a graphkb user: the server may stop
        pid = server.read_pid()
        assert wait_until(lambda: watcher.exists(STAGING_NAME)
                          and watcher.execute_command("GRAPH.RO_QUERY", STAGING_NAME, "MATCH (r:Review) RETURN count(r)")[1][0][0] > 20)
        watcher.close()
        load.send_signal(signum)
        load.wait(timeout=60)
    finally:
        if load.poll() is None:
            load.kill()
    assert load.returncode != -signum  # the signal was handled, not fatal
    assert wait_until(lambda: not process_alive(pid), timeout=30)  # released: the last user stopped the server
    with open_store(data_dir, create=False) as store:
        assert store.counts()["Review"] == 2
        assert not store._connection.exists(STAGING_NAME)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_sigterm_or_sighup_to_a_long_query_releases_the_server(tmp_path, signum):
    data_dir = tmp_path / "kb"
    with open_store(data_dir) as store:
        store.load(small_rows([Review(id=f"2024-07-{day:02d}", date=f"2024-07-{day:02d}") for day in range(1, 29)]))
    long_query = "MATCH (a), (b), (c), (d), (e), (f) RETURN count(*) AS n"  # 30 nodes: 7e8 rows, far past the signal
    env = {**os.environ}
    env.pop("NEO4J_URI", None)
    query = subprocess.Popen(
        [PYTHON, "-m", "graphkb", "query", long_query, "--data-dir", str(data_dir)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    server = EmbeddedServer(data_dir)
    try:
        assert wait_until(lambda: server.read_pid() is not None and server.in_use(), timeout=60)
        pid = server.read_pid()
        time.sleep(0.5)  # into the query
        query.send_signal(signum)
        _, stderr = query.communicate(timeout=60)
    finally:
        if query.poll() is None:
            query.kill()
    assert query.returncode == 128 + signum
    assert f"stopped by {signal.Signals(signum).name}" in stderr and "Traceback" not in stderr
    assert wait_until(lambda: not process_alive(pid), timeout=30)


def test_a_signal_at_any_moment_leaves_no_server_behind(tmp_path):
    """SIGTERM while the command starts, starts the server, connects or queries: never a server left running."""
    data_dir = tmp_path / "kb"
    with open_store(data_dir) as store:
        store.load(small_rows([Review(id=f"2024-07-{day:02d}", date=f"2024-07-{day:02d}") for day in range(1, 29)]))
    server = EmbeddedServer(data_dir)
    for delay in (0.3, 0.6, 0.9, 1.2, 1.6, 2.0, 3.0):
        query = subprocess.Popen([PYTHON, "-m", "graphkb", "query", "MATCH (a), (b), (c), (d), (e), (f) RETURN count(*) AS n",
                                  "--data-dir", str(data_dir)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        time.sleep(delay)
        query.send_signal(signal.SIGTERM)
        _, stderr = query.communicate(timeout=60)
        assert "Traceback" not in stderr, (delay, stderr)
        assert wait_until(lambda: not server.ping() and not server.in_use(), timeout=30), delay
        assert not [pid for pid in [server.read_pid()] if pid and process_alive(pid)], delay


def test_an_idle_server_left_by_a_killed_client_shuts_itself_down(data_dir):
    with open_store(data_dir) as store:
        store.load(small_rows())
    script = "import os, signal, sys\nfrom graphkb.store import open_store\nstore = open_store(sys.argv[1])\nos.kill(os.getpid(), signal.SIGKILL)\n"
    env = {**os.environ, "GRAPHKB_SERVER_IDLE_SECONDS": "2"}
    killed = subprocess.run([PYTHON, "-c", script, str(data_dir)], env=env)
    assert killed.returncode == -signal.SIGKILL
    pid = server_pid(data_dir)
    assert pid and process_alive(pid)  # left behind by the killed client
    assert wait_until(lambda: not process_alive(pid), timeout=30)
    with open_store(data_dir, create=False) as store:
        assert store.counts()["Review"] == 2


def test_the_watchdog_leaves_a_server_in_use_alone(data_dir, monkeypatch):
    monkeypatch.setenv("GRAPHKB_SERVER_IDLE_SECONDS", "1")
    with open_store(data_dir) as store:
        store.load(small_rows())
        pid = server_pid(data_dir)
        time.sleep(3.5)
        assert process_alive(pid) and store.counts()["Review"] == 2
    assert wait_until(lambda: not process_alive(pid), timeout=10)


# -- inputs ------------------------------------------------------------------------------------------------


def test_a_review_over_a_million_characters_is_extracted(tmp_path, corpus_path):
    from graphkb.extract.pipeline import extract_records

    words = " ".join(review.text for review in read_reviews(corpus_path)).split()
    # a running number every third word: no four-word run repeats, so OCR-repeat cleaning keeps it all
    body = " ".join(" ".join(words[start : start + 3]) + f" n{copy}x{start}" for copy in range(3) for start in range(0, len(words), 3))
    path = tmp_path / "long.txt"
    path.write_text(HEADER + body + "\n", encoding="utf-8")
    (review,) = extract_records(path, continuations=False)
    assert len(review.text) > 1_000_000
    assert {"reinforcement learning", "diffusion models"} <= {concept["name"] for concept in review.concepts}


def test_find_links_on_a_long_line_matches_in_place():
    text = " ".join(f"https://github.com/a/b{number}" for number in range(5000)) + " https://docs.google.com/document/d/1z/e dit"
    links = find_links(text)
    assert len(links) == 5001
    assert links[1234] == "https://github.com/a/b1234" and links[-1] == "https://docs.google.com/document/d/1z/edit"
    assert find_links("https://x.com/a" + ")" * 50_000 + ".") == ["https://x.com/a"]
    assert find_links("(see https://en.wikipedia.org/wiki/Mamba_(snake))") == ["https://en.wikipedia.org/wiki/Mamba_(snake)"]


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "reviews.txt"
    os.mkfifo(fifo)
    done = run_cli("extract", str(fifo), timeout=120)
    assert "is not a regular file" in one_line_error(done, 2)


def test_a_device_is_refused_without_reading_it():
    with pytest.raises(InputError, match="not a regular file"):
        read_reviews("/dev/zero")
    with pytest.raises(InputError, match="not a regular file"):
        read_reviews("/dev/null")


def test_the_size_cap_holds_while_reading_when_st_size_says_nothing(monkeypatch):
    import graphkb.extract.sources as sources

    proc_file = Path("/proc/self/maps")  # a regular file whose st_size is 0, however much it holds
    if not proc_file.is_file() or proc_file.stat().st_size != 0:
        pytest.skip("needs Linux /proc")
    monkeypatch.setattr(sources, "MAX_INPUT_BYTES", 200)
    monkeypatch.setattr(sources, "_READ_CHUNK", 64)
    with pytest.raises(InputError, match="too large"):
        sources.read_reviews(proc_file)


def _without_read_permission(*args: str) -> list[str]:
    """``args`` run so that file permissions bind (root reads anything unless it drops CAP_DAC_*)."""
    if os.geteuid() != 0:
        return list(args)
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}", *args]


@pytest.mark.parametrize("what", ["file", "folder"])
def test_an_unreadable_file_or_folder_is_one_line(tmp_path, what):
    folder = tmp_path / "reviews"
    folder.mkdir()
    (folder / "1.txt").write_text(SAMPLE, encoding="utf-8")
    locked = folder / "2.txt" if what == "file" else folder
    if what == "file":
        locked.write_text(SAMPLE, encoding="utf-8")
    locked.chmod(0)
    try:
        done = subprocess.run(_without_read_permission(PYTHON, "-m", "graphkb", "extract", str(folder)),
                              capture_output=True, text=True, timeout=120)
    finally:
        locked.chmod(0o700)
    if what == "file":
        assert "Permission denied" in one_line_error(done, 2)
    else:  # click checks the argument first: its usage error, exit 2, no traceback
        assert done.returncode == 2 and "is not readable" in done.stderr and "Traceback" not in done.stderr


def _export(messages):
    return {"name": "channel", "type": "public_channel", "id": 1, "messages": messages}


def test_telegram_parts_of_the_wrong_type_are_read(tmp_path):
    text = [HEADER, "המאמר מציע להאיץ את מודלי השפה ", {"type": "text_link", "text": "כאן", "href": 7},
            {"type": "text_link", "text": 5, "href": "https://arxiv.org/abs/2403.00835"}, {"type": "bold"}, None, 3]
    path = tmp_path / "result.json"
    path.write_text(json.dumps(_export([{"id": 1, "type": "message", "date": "2024-06-14T09:00:00", "text": text}])), encoding="utf-8")
    (review,) = read_reviews(path)
    assert (review.id, review.arxiv) == ("2024-06-14", ["2403.00835"])


def test_deeply_nested_json_is_one_error(tmp_path):
    path = tmp_path / "result.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(InputError, match="nests JSON too deeply"):
        read_reviews(path)
    assert "nests JSON too deeply" in one_line_error(run_cli("extract", str(path)), 2)


def test_one_bad_byte_gives_its_place_and_a_hint_that_works(tmp_path):
    path = tmp_path / "corpus.txt"
    data = SAMPLE.encode("utf-8")
    third_line = data.index(b"\n", data.index(b"\n") + 1) + 1
    path.write_bytes(data[: third_line + 11] + b"\xff" + data[third_line + 11 :])  # after "המאמר ": 5 letters of 2 bytes, a space
    message = one_line_error(run_cli("extract", str(path)), 2)
    assert "byte 0xff at line 3, column 7" in message
    assert "iconv -c -f utf-8 -t utf-8" in message
    fixed = tmp_path / "fixed.txt"
    with open(fixed, "wb") as out:
        subprocess.run(["iconv", "-c", "-f", "utf-8", "-t", "utf-8", str(path)], stdout=out, check=False)
    assert [r.id for r in read_reviews(fixed)] == ["2024-06-14", "2024-06-15"]


def test_a_file_in_another_encoding_is_told_to_pass_it(tmp_path):
    path = tmp_path / "corpus.txt"
    path.write_bytes(("Ελληνικά κείμενα " * 40).encode("iso-8859-7"))
    message = one_line_error(run_cli("extract", str(path)), 2)
    assert "not UTF-8 byte 0x" in message and "--encoding" in message


@pytest.mark.parametrize(
    "param, message",
    [
        ("x:=123456789012345678901234567890", "outside the 64-bit range"),
        ("x:=-9223372036854775809", "outside the 64-bit range"),
        ("x:=1e999", "not a finite number"),
        ("x:=[[1, 99999999999999999999]]", "outside the 64-bit range"),
        ("x:=" + "[" * 30_000 + "]" * 30_000, "nests JSON too deeply"),
    ],
    ids=["huge", "below-min", "infinite", "nested-huge", "deep"],
)
def test_out_of_range_parameters_are_refused(corpus_store_dir, param, message):
    done = run_cli("query", "RETURN $x AS x", "--param", param, "--data-dir", str(corpus_store_dir))
    assert message in one_line_error(done, 2)


def test_a_named_query_refuses_a_huge_int(corpus_store):
    from graphkb.named_queries import run_named

    with pytest.raises(QueryError, match="64-bit range"):
        run_named(corpus_store, "top_concepts", {"limit": "123456789012345678901234567890"})
    assert run_named(corpus_store, "top_concepts", {"limit": str(2**31 - 1)})[1]


# -- Neo4j connection --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "uri, message",
    [
        ("bolt://::::", "bad Neo4j URI"),
        ("bolt://127.0.0.1:99999", "Port out of range"),
        ("bolt://:7687", "names no host"),
        ("http://127.0.0.1:7474", "bad Neo4j URI"),
        ("neo4j://127.0.0.1:9", "cannot reach Neo4j"),
        ("bolt://127.0.0.1:9", "cannot reach Neo4j"),
    ],
    ids=["colons", "port-99999", "no-host", "http", "routing-closed-port", "closed-port"],
)
def test_bad_neo4j_uris_get_one_line(uri, message):
    env = {**os.environ, "NEO4J_URI": uri}
    done = subprocess.run([PYTHON, "-m", "graphkb", "query", "RETURN 1"], capture_output=True, text=True, env=env, timeout=120)
    assert message in one_line_error(done)  # one line: no traceback, no driver log line before it


@pytest.mark.parametrize("uri", ["bolt://neo4j:s3cr3t-pw@127.0.0.1:9", "bolt://neo4j:s3cr3t-pw@::::", "neo4j://neo4j:s3cr3t-pw@127.0.0.1:99999"])
def test_credentials_in_a_neo4j_uri_are_never_shown(uri):
    env = {**os.environ, "NEO4J_URI": uri, "NEO4J_PASSWORD": "s3cr3t-pw"}
    done = subprocess.run([PYTHON, "-m", "graphkb", "query", "RETURN 1"], capture_output=True, text=True, env=env, timeout=120)
    line = one_line_error(done)
    assert "s3cr3t-pw" not in done.stderr + done.stdout
    assert "neo4j:" not in line.replace("neo4j://", "")  # the user name went with the password


# -- store files --------------------------------------------------------------------------------------------


def test_a_folder_where_the_socket_goes_is_one_line(data_dir):
    with open_store(data_dir) as store:
        store.load(small_rows())
    (data_dir / "falkordb.sock").mkdir()
    done = run_cli("query", "MATCH (r:Review) RETURN count(r)", "--data-dir", str(data_dir))
    assert "is a folder, where the embedded server's socket goes" in one_line_error(done)
    (data_dir / "falkordb.sock").rmdir()
    assert stored_reviews(data_dir) == 2


def test_the_server_log_is_capped(data_dir):
    with open_store(data_dir) as store:
        store.load(small_rows())
    log = data_dir / "falkordb.log"
    log.write_bytes(b"old line\n" * (LOG_LIMIT_BYTES // 9 + 10))
    for _ in range(3):
        assert stored_reviews(data_dir) == 2
    assert (data_dir / "falkordb.log.1").stat().st_size > LOG_LIMIT_BYTES
    assert log.stat().st_size < 16_384  # warnings only: a few lines a start


def test_writes_commit_through_staging_and_leave_no_spare_graph(data_dir):
    with open_store(data_dir) as store:
        store.load(small_rows())
        store.query("MATCH (r:Review {id: '2024-06-14'}) SET r.flag = 1", write=True)
        assert store.query("MATCH (r:Review) WHERE r.flag = 1 RETURN r.id AS id")[1] == [["2024-06-14"]]
        assert store.query("MATCH (r:Review) RETURN count(r) AS n")[1] == [[2]]
        assert [name for name in (STAGING_NAME, PREVIOUS_NAME) if store._connection.exists(name)] == []
        assert store._connection.exists(GRAPH_NAME)
        with pytest.raises(QueryError, match="Invalid input"):
            store.query("MATCH (r:Review SET r.flag = 2", write=True)
        assert not store._connection.exists(STAGING_NAME)


def test_a_missing_data_folder_parent_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(StoreUnavailableError, match="is a file|Not a directory"):
        open_store(blocker / "kb")


# -- shown text: bidi controls and titles --------------------------------------------------------------------

SPOOF = "\u202ehttps://evil.example/\u202c"


def test_bidi_controls_never_reach_the_terminal(data_dir):
    review = Review(id="2024-06-14", date="2024-06-14", title="Plain", text=f"ראו {SPOOF} עכשיו \u2066x\u2069",
                    concepts=[{"name": "Jacobi decoding", "kind": "method", "aliases": [], "count": 1, "salience": 1.0,
                               "evidence": f"ראו {SPOOF}"}])
    with open_store(data_dir) as store:
        store.load(small_rows([review]))
    table = run_cli("query", "MATCH (r:Review)-[m:MENTIONS]->() RETURN r.text AS text, m.evidence AS evidence", "--data-dir", str(data_dir))
    assert table.returncode == 0, table.stderr
    assert "https://evil.example/" in table.stdout
    assert not any(char in table.stdout for char in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    exact = run_cli("query", "MATCH (r:Review) RETURN r.text AS text", "--format", "json", "--data-dir", str(data_dir))
    assert json.loads(exact.stdout)[0]["text"] == review.text  # data formats keep the text as stored


def test_neutralise_bidi_keeps_hebrew_marks_and_drops_spoofing_ones():
    assert neutralise_bidi("שלום\u200f, עולם") == "שלום\u200f, עולם"
    assert neutralise_bidi("evil\u200f.example\u200e/x") == "evil.example/x"
    assert neutralise_bidi(["a\u202eb", ("c\u2067d",), {"k\u202a": 1}]) == ["ab", ("cd",), {"k": 1}]
    assert neutralise_bidi(7) == 7


@pytest.mark.parametrize(
    "printed, title",
    [
        ('"><img src=x onerror=alert(1)> Attention Is All You Need', '"><img src=x onerror=alert(1)> Attention Is All You Need'),
        ("Attention <script>alert(1)</script> Is All You Need", "Attention <script>alert(1)</script> Is All You Need"),
        ('">Scaling Laws for Sparse Models', '">Scaling Laws for Sparse Models'),
        ("A <u>Good</u> Title", "A Good Title"),
    ],
    ids=["quote-angle", "script", "quote-angle-glued", "ocr-underline"],
)
def test_titles_keep_text_as_text(tmp_path, printed, title):
    path = tmp_path / "corpus.txt"
    path.write_text(f"המאמר היומי של מייק 14.06.24: {printed}\n\nהמאמר מציע להאיץ את מודלי השפה https://arxiv.org/abs/2403.00835\n",
                    encoding="utf-8")
    (review,) = read_reviews(path)
    assert review.title == title
