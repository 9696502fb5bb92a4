"""Extraction speed on the shipped corpus, in reviews per second, and on one huge review.

Prints the segmentation rate (``extract.sources.read_reviews``: decoding,
cutting, dates, titles, links, cleaning) as the median of several runs, and,
when the concepts and continuations modules are present, the rate of the
whole ``extract_records`` pipeline.

Then a single review of 5, 10, 20 and 50 MB (a header and one line made of
every review of the corpus, URLs included, repeated) goes through the whole
pipeline, each in a fresh process; the seconds per MB staying flat as the
size grows is what "linear in the size" means here.

Usage::

    python benchmarks/bench_extract.py [CORPUS] [--runs N] [--sizes 5,10,20,50]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = "המאמר היומי של מייק 30.05.24: One Very Long Review\n\n"


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


def write_single_review(corpus: Path, megabytes: float, path: Path) -> int:
    """Write one review of about ``megabytes`` MB to ``path``; returns its size in bytes.

    The review is one line: the corpus's review texts, over and over, with a
    running number after every third word, so no four-word run repeats and
    the OCR-repeat cleaning keeps all of it for the concept pass.
    """
    from graphkb.extract.sources import read_reviews

    words = " ".join(review.text for review in read_reviews(corpus)).split()
    target, written, number = megabytes * 2**20, 0, 0
    with open(path, "w", encoding="utf-8") as handle:
        written += handle.write(HEADER)
        while written < target:
            pieces = []
            for start in range(0, len(words), 3):
                number += 1
                pieces.append(" ".join(words[start : start + 3]) + f" n{number}")
            written += len(" ".join(pieces).encode("utf-8")) + 1
            handle.write(" ".join(pieces) + " ")
        handle.write("\n")
    return path.stat().st_size


def _extract_one(path: str) -> None:
    """In a fresh process: extract ``path`` and print reviews, seconds, CPU seconds and peak memory as JSON."""
    from graphkb.extract.pipeline import extract_records

    wall, cpu = time.perf_counter(), time.process_time()
    reviews = extract_records(path)
    print(json.dumps({
        "reviews": len(reviews),
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


def bench_single_review(corpus: Path, sizes: list[float]) -> None:
    print("one review of N MB through extract_records (a fresh process each):")
    print(f"  {'MB':>5}  {'reviews':>7}  {'wall s':>7}  {'CPU s':>7}  {'CPU s/MB':>8}  {'peak MB':>8}")
    with tempfile.TemporaryDirectory() as folder:
        for megabytes in sizes:
            path = Path(folder) / f"review-{megabytes:g}MB.txt"
            size = write_single_review(corpus, megabytes, path) / 2**20
            done = subprocess.run([sys.executable, __file__, "--extract-one", str(path)], capture_output=True, text=True, check=True)
            figures = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"  {size:5.1f}  {figures['reviews']:>7}  {figures['wall']:7.1f}  {figures['cpu']:7.1f}"
                  f"  {figures['cpu'] / size:8.2f}  {figures['peak_mb']:8.0f}")
            path.unlink()


def main() -> None:
    from graphkb import DEFAULT_CORPUS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="5,10,20,50", help="single-review sizes in MB, comma-separated ('' to skip)")
    parser.add_argument("--extract-one", metavar="FILE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.extract_one:
        _extract_one(args.extract_one)
        return

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
    sizes = [float(size) for size in args.sizes.split(",") if size.strip()]
    if sizes:
        bench_single_review(args.corpus, sizes)


if __name__ == "__main__":
    main()
