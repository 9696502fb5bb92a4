"""Reading-path time on the corpus graph once it is loaded (target: <= 100 ms per path).

Prints the time to get the graph (from the store when ``--data-dir``/``--neo4j``
is given, else extracted from the shipped corpus), the one-off index build,
and the median and worst time of ``reading_paths`` over a set of topic pairs,
for k = 1 and k = 3, plus ``reading_plan``.

Usage::

    python benchmarks/bench_paths.py                      # extract the shipped corpus
    python benchmarks/bench_paths.py --data-dir ~/.local/share/graphkb   # the built store
"""

from __future__ import annotations

import argparse
import statistics
import time

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
REPEATS = 5


def load_graph(data_dir: str | None, neo4j: str | None):
    """The corpus graph: read back from the store, or extracted from the shipped corpus."""
    from graphkb import DEFAULT_CORPUS
    from graphkb.graph import StoreConfig, load

    if data_dir or neo4j:
        config = StoreConfig.from_env(data_dir, neo4j)
        return load(config), f"store {config.describe()}"
    return load(DEFAULT_CORPUS), "extracted from the shipped corpus"


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
    args = parser.parse_args()

    from graphkb.paths import ReadingIndex, reading_paths, reading_plan

    start = time.perf_counter()
    graph, origin = load_graph(args.data_dir, args.neo4j)
    print(f"graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges, {origin} "
          f"in {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    index = ReadingIndex(graph)
    print(f"reading index (once per graph): {(time.perf_counter() - start) * 1000:.1f} ms, "
          f"{len(index.reviews)} reviews, {sum(len(e) for e in index.edges.values())} review links")

    for k in (1, 3):
        times = []
        for a, b in PAIRS:
            elapsed = timed_ms(lambda: reading_paths(index, a, b, k=k))
            times.append(elapsed)
            try:
                found = reading_paths(index, a, b, k=k)
                summary = " -> ".join(step.review for step in found[0].steps)
            except GraphkbError as error:
                summary = f"{type(error).__name__}: {error}"[:100]
            print(f"  k={k} {a!r} -> {b!r}: {elapsed:.1f} ms  {summary}")
        verdict = "meets" if max(times) <= TARGET_MS else "MISSES"
        print(f"path k={k}: median {statistics.median(times):.1f} ms, worst {max(times):.1f} ms "
              f"({verdict} the {TARGET_MS:.0f} ms target)")
    plan_times = [timed_ms(lambda: reading_plan(index, topic)) for topic in ("RLHF", "Medusa", "Quiet-STaR")]
    print(f"plan: median {statistics.median(plan_times):.1f} ms, worst {max(plan_times):.1f} ms")


if __name__ == "__main__":
    main()
