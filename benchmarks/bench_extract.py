"""Extraction speed on the shipped corpus, in reviews per second.

Prints the segmentation rate (``extract.sources.read_reviews``: decoding,
cutting, dates, titles, links, cleaning) as the median of several runs, and,
when the concepts and continuations modules are present, the rate of the
whole ``extract_records`` pipeline.

Usage::

    python benchmarks/bench_extract.py [CORPUS] [--runs N]
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import time
from pathlib import Path


def _rate(function, runs: int) -> tuple[int, float, float]:
    """Reviews, median wall seconds and median CPU seconds of ``runs`` calls.

    CPU time is printed too because the machine may be shared: it does not
    count the time other processes hold the cores.
    """
    walls, cpus, count = [], [], 0
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        count = len(function())
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return count, statistics.median(walls), statistics.median(cpus)


def main() -> None:
    from graphkb import DEFAULT_CORPUS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from graphkb.extract.sources import read_reviews

    start = time.perf_counter()
    read_reviews(args.corpus)  # first run: imports and data files
    print(f"first segmentation (imports included): {time.perf_counter() - start:.3f} s")
    count, wall, cpu = _rate(lambda: read_reviews(args.corpus), args.runs)
    print(f"segmentation: {count} reviews in {wall * 1000:.0f} ms wall, {cpu * 1000:.0f} ms CPU (median of {args.runs})"
          f" = {count / wall:,.0f} reviews/s wall, {count / cpu:,.0f} reviews/s CPU")
    missing = [name for name in ("graphkb.extract.concepts", "graphkb.extract.continuations") if importlib.util.find_spec(name) is None]
    if missing:
        print(f"full pipeline: skipped ({', '.join(missing)} not present)")
        return
    from graphkb.extract.pipeline import extract_records

    extract_records(args.corpus)
    runs = max(1, args.runs // 2)
    count, wall, cpu = _rate(lambda: extract_records(args.corpus), runs)
    print(f"full extract_records: {count} reviews in {wall:.2f} s wall, {cpu:.2f} s CPU (median of {runs})"
          f" = {count / wall:,.1f} reviews/s wall, {count / cpu:,.1f} reviews/s CPU")


if __name__ == "__main__":
    main()
