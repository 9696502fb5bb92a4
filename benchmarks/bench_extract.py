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
import statistics
import time
from pathlib import Path


def _rate(function, runs: int) -> tuple[int, float]:
    times, count = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        count = len(function())
        times.append(time.perf_counter() - start)
    return count, statistics.median(times)


def main() -> None:
    from graphkb import DEFAULT_CORPUS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from extract.sources import read_reviews

    start = time.perf_counter()
    read_reviews(args.corpus)  # first run: imports and data files
    print(f"first segmentation (imports included): {time.perf_counter() - start:.3f} s")
    count, seconds = _rate(lambda: read_reviews(args.corpus), args.runs)
    print(f"segmentation: {count} reviews in {seconds * 1000:.1f} ms (median of {args.runs}) = {count / seconds:,.0f} reviews/s")
    try:
        from extract.pipeline import extract_records
        import extract.concepts  # noqa: F401  (present once issue 3 lands)
        import extract.continuations  # noqa: F401
    except ImportError as missing:
        print(f"full pipeline: skipped ({missing})")
        return
    extract_records(args.corpus)
    count, seconds = _rate(lambda: extract_records(args.corpus), max(1, args.runs // 2))
    print(f"full extract_records: {count} reviews in {seconds:.2f} s = {count / seconds:,.1f} reviews/s")


if __name__ == "__main__":
    main()
