"""Reading-path time on the corpus graph once it is loaded (target: <= 100 ms per path),
and on the 100x synthetic graph (target: <= 1 s per path).

Prints the time to get the graph (from the store when ``--data-dir``/``--neo4j``
is given, else extracted from the shipped corpus), the one-off index build,
and the median and worst time of ``reading_paths`` over a set of topic pairs,
for k = 1 and k = 3, plus ``reading_plan``.  Then the same on the synthetic
graph: the corpus records copied ``--copies`` times (default 100) with their
dates moved on by :data:`synthetic.SHIFT_DAYS` per copy, as ``synthetic.py``
does to the text (copying the extracted records skips re-extracting the same
reviews 100 times; the graph is the same).

Usage::

    python benchmarks/bench_paths.py                      # extract the shipped corpus
    python benchmarks/bench_paths.py --data-dir ~/.local/share/graphkb   # the built store
    python benchmarks/bench_paths.py --copies 0           # the corpus graph only
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from graphkb.errors import GraphkbError

PAIRS = [
    ("Jacobi decoding", "Medusa"),
    ("named entity recognition", "GLiNER"),
    ("DPO", "RLHF"),
    ("speculative decoding", "Mamba"),
    ("LoRA", "quantization"),
    ("sparse autoencoder", "mechanistic interpretability"),
    ("chain of thought", "Quiet-STaR"),
    ("diffusion models", "knowledge distillation"),
]
TARGET_MS = 100.0
SYNTHETIC_TARGET_MS = 1000.0
REPEATS = 5


def load_graph(data_dir: str | None, neo4j: str | None):
    """The corpus graph: read back from the store, or extracted from the shipped corpus."""
    from graphkb import DEFAULT_CORPUS
    from graphkb.graph import StoreConfig, load

    if data_dir or neo4j:
        config = StoreConfig.from_env(data_dir, neo4j)
        return load(config), f"store {config.describe()}"
    return load(DEFAULT_CORPUS), "extracted from the shipped corpus"


def synthetic_graph(copies: int):
    """The corpus records ``copies`` times over, dates (and ids) moved on by SHIFT_DAYS per copy."""
    sys.path.insert(0, str(Path(__file__).parent))
    from synthetic import SHIFT_DAYS

    from graphkb import DEFAULT_CORPUS
    from graphkb.extract.pipeline import extract_records, extraction_from
    from graphkb.model import graph_rows, to_networkx

    records = extract_records(DEFAULT_CORPUS)
    moved_ids = {}
    copied = []
    for copy in range(copies):
        shift = timedelta(days=copy * SHIFT_DAYS)
        for record in records:
            day = (date.fromisoformat(record.date) + shift).isoformat()
            moved_ids[(copy, record.id)] = day + record.id[10:]
        for record in records:
            day = (date.fromisoformat(record.date) + shift).isoformat()
            continues = [{**link, "target": moved_ids.get((copy, link.get("target")))} for link in record.continues]
            copied.append(replace(record, id=moved_ids[(copy, record.id)], date=day, continues=continues))
    return to_networkx(graph_rows(extraction_from(copied))), len(copied)


def index_and_measure(graph, target_ms: float) -> None:
    """Print the graph's size and its one-off index build, then path and plan times on it."""
    from graphkb.paths import ReadingIndex

    start = time.perf_counter()
    index = ReadingIndex(graph)
    print(f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges; reading index (once per graph): "
          f"{(time.perf_counter() - start) * 1000:.1f} ms, {len(index.reviews)} reviews, "
          f"{sum(len(e) for e in index.edges.values())} review links")
    measure(index, PAIRS, target_ms)


def measure(index, pairs, target_ms: float) -> None:
    """Print path and plan times over ``pairs`` on a built index."""
    from graphkb.paths import reading_paths, reading_plan

    for k in (1, 3):
        times = []
        for a, b in pairs:
            elapsed = timed_ms(lambda: reading_paths(index, a, b, k=k))
            times.append(elapsed)
            try:
                found = reading_paths(index, a, b, k=k)
                summary = " -> ".join(step.review for step in found[0].steps)
            except GraphkbError as error:
                summary = f"{type(error).__name__}: {error}"[:100]
            print(f"  k={k} {a!r} -> {b!r}: {elapsed:.1f} ms  {summary}")
        verdict = "meets" if max(times) <= target_ms else "MISSES"
        print(f"path k={k}: median {statistics.median(times):.1f} ms, worst {max(times):.1f} ms "
              f"({verdict} the {target_ms:.0f} ms target)")
    plan_times = [timed_ms(lambda: reading_plan(index, topic)) for topic in ("RLHF", "Medusa", "Quiet-STaR")]
    verdict = "meets" if max(plan_times) <= target_ms else "MISSES"
    print(f"plan: median {statistics.median(plan_times):.1f} ms, worst {max(plan_times):.1f} ms "
          f"({verdict} the {target_ms:.0f} ms target)")


def timed_ms(call) -> float:
    """Best of ``REPEATS`` runs of ``call()``, in milliseconds (errors are answers too)."""
    best = float("inf")
    for _ in range(REPEATS):
        start = time.perf_counter()
        try:
            call()
        except GraphkbError:
            pass
        best = min(best, (time.perf_counter() - start) * 1000)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", help="read the graph from this embedded store")
    parser.add_argument("--neo4j", help="read the graph from this Neo4j URI")
    parser.add_argument("--copies", type=int, default=100, help="size of the synthetic graph (0: skip it)")
    args = parser.parse_args()

    start = time.perf_counter()
    graph, origin = load_graph(args.data_dir, args.neo4j)
    print(f"graph: {origin} in {time.perf_counter() - start:.2f} s")
    index_and_measure(graph, TARGET_MS)
    if args.copies > 0:
        start = time.perf_counter()
        graph, count = synthetic_graph(args.copies)
        print(f"\nsynthetic graph ({args.copies}x, {count} reviews) built in {time.perf_counter() - start:.1f} s")
        index_and_measure(graph, SYNTHETIC_TARGET_MS)

if __name__ == "__main__":
    main()
