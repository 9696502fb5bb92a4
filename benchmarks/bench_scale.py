"""Scale benchmark: build synthetic corpora of 1x, 10x and 100x the example.

Each corpus is the example with its dates moved on (see ``synthetic.py``).
For each size it runs ``graphkb build CORPUS --data-dir DIR`` in a fresh
folder and prints the wall time and the peak memory of the whole process tree
(the graphkb process, its extraction workers and the embedded server),
sampled every 50 ms.

Usage::

    python benchmarks/bench_scale.py [--factors 1 10 100] [--jobs N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import synthetic_corpus  # noqa: E402

from graphkb import DEFAULT_CORPUS  # noqa: E402


def tree_rss(process: psutil.Process) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_build(corpus: Path, data_dir: Path, jobs: int) -> tuple[float, int]:
    command = [sys.executable, "-m", "graphkb", "build", str(corpus), "--data-dir", str(data_dir), "--jobs", str(jobs)]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    watched = psutil.Process(child.pid)
    peak = 0
    while child.poll() is None:
        try:
            peak = max(peak, tree_rss(watched))
        except psutil.Error:
            pass
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    if child.returncode:
        raise SystemExit(f"build failed on {corpus.name}: {child.stderr.read().decode(errors='replace')}")
    return elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    example = DEFAULT_CORPUS.read_text(encoding="utf-8")
    results = []
    with tempfile.TemporaryDirectory(prefix="graphkb-scale-") as workdir:
        for factor in args.factors:
            corpus = Path(workdir) / f"corpus-{factor}x.txt"
            corpus.write_text(synthetic_corpus(example, factor), encoding="utf-8")
            elapsed, peak = run_build(corpus, Path(workdir) / f"kb-{factor}x", args.jobs)
            results.append((factor, elapsed, peak))
            print(f"{factor:>4}x  {elapsed:8.1f} s  peak {peak / 2**20:8.0f} MiB", flush=True)
    base = results[0][1] if results and results[0][0] == 1 else None
    print("\nfactor  time (s)  per 1x-unit vs 1x  peak memory (MiB)")
    for factor, elapsed, peak in results:
        ratio = f"{elapsed / (factor * base):.2f}" if base else "-"
        print(f"{factor:>5}x  {elapsed:8.1f}  {ratio:>17}  {peak / 2**20:17.0f}")


if __name__ == "__main__":
    main()
