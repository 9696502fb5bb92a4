"""Whole-corpus ``graphkb extract`` time against the floor measured in the same run.

The floor is what any spaCy-based extractor pays: a fresh Python, ``import
spacy`` and tokenising the corpus with ``spacy.blank("he")``.  The measured
command is the real one, ``graphkb extract CORPUS -o FILE`` in a fresh Python
(segmentation, the concept and entity pipeline, continuations, JSON output).
Each is run several times, alternating, and the medians are compared, in
wall-clock time and in CPU time (steadier on a shared machine); the issue's
target is a ratio of at most 2.  The in-process split (pipeline
build, annotation of all reviews) is printed too.

graphkb remembers work on disk (``$GRAPHKB_CACHE_DIR``).  The bench uses a
cache folder of its own and times the case the target is about, a corpus
extracted for the first time on an installed lexicon: the caches derived from
the data files (parsed YAML, the matcher's pattern tokens and table) are warm,
as after any earlier run, and the one derived from the corpus (each chunk's
transliteration look-ups) is emptied before every timed run.  One run from an
empty cache and one with every cache warm (the same corpus extracted again)
are printed beside it.

Usage::

    python benchmarks/bench_concepts.py [CORPUS] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS_CACHE = "transliterated"  # the cache kind keyed by the corpus's words

FLOOR = """
import sys, spacy
nlp = spacy.blank("he")
doc = nlp.make_doc(open(sys.argv[1], encoding="utf-8").read())
"""


def _run(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    from graphkb import DEFAULT_CORPUS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "reviews.jsonl"
        cache = Path(scratch) / "cache"
        env = {**os.environ, "GRAPHKB_CACHE_DIR": str(cache)}
        floor_command = [sys.executable, "-c", FLOOR, str(args.corpus)]
        extract_command = [sys.executable, "-m", "graphkb", "extract", str(args.corpus), "-o", str(output)]
        _run(floor_command)  # warm the file cache and .pyc files
        cold = _run(extract_command, env)  # from an empty cache
        warm = _run(extract_command, env)  # every cache warm
        floors, extracts = [], []
        for _ in range(args.runs):
            floors.append(_run(floor_command))
            for entry in cache.glob(f"{CORPUS_CACHE}-*"):
                entry.unlink()
            extracts.append(_run(extract_command, env))
    for label, index in (("wall", 0), ("cpu", 1)):
        floor = statistics.median(run[index] for run in floors)
        extract = statistics.median(run[index] for run in extracts)
        print(f"{label}: floor (python + import spacy + tokenise corpus) {floor:.2f} s, "
              f"graphkb extract {extract:.2f} s, ratio {extract / floor:.2f} (target <= 2; medians of {args.runs})")
        print(f"{'':<5}one run from an empty cache {cold[index]:.2f} s ({cold[index] / floor:.2f}x), "
              f"one with every cache warm {warm[index]:.2f} s ({warm[index] / floor:.2f}x)")

    from graphkb.extract.concepts import annotate_concepts
    from graphkb.extract.matching import build_pipeline
    from graphkb.extract.sources import read_reviews

    reviews = read_reviews(args.corpus)
    start = time.perf_counter()
    build_pipeline()
    built = time.perf_counter() - start
    start = time.perf_counter()
    annotate_concepts(reviews)
    annotated = time.perf_counter() - start
    print(f"in process: pipeline build {built:.2f} s, annotating {len(reviews)} reviews {annotated:.2f} s")


if __name__ == "__main__":
    main()
