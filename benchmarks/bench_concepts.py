"""Whole-corpus ``graphkb extract`` time against the floor measured in the same run.

The floor is what any spaCy-based extractor pays: a fresh Python, ``import
spacy`` and tokenising the corpus with ``spacy.blank("he")``.  The measured
command is the real one, ``graphkb extract CORPUS -o FILE`` in a fresh Python
(segmentation, the concept and entity pipeline, continuations, JSON output).
Each is run several times, alternating, and the medians are compared; the
issue's target is a ratio of at most 2.  The in-process split (pipeline
build, annotation of all reviews) is printed too.

Usage::

    python benchmarks/bench_concepts.py [CORPUS] [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR = """
import sys, spacy
nlp = spacy.blank("he")
doc = nlp.make_doc(open(sys.argv[1], encoding="utf-8").read())
"""


def _wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    from graphkb import DEFAULT_CORPUS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "reviews.jsonl"
        floor_command = [sys.executable, "-c", FLOOR, str(args.corpus)]
        extract_command = [sys.executable, "-m", "graphkb", "extract", str(args.corpus), "-o", str(output)]
        _wall(floor_command)  # warm the file cache and .pyc files
        _wall(extract_command)
        floors, extracts = [], []
        for _ in range(args.runs):
            floors.append(_wall(floor_command))
            extracts.append(_wall(extract_command))
    floor, extract = statistics.median(floors), statistics.median(extracts)
    print(f"floor (python + import spacy + tokenise corpus): {floor:.2f} s (median of {args.runs})")
    print(f"graphkb extract, whole corpus:                   {extract:.2f} s (median of {args.runs})")
    print(f"ratio extract / floor: {extract / floor:.2f} (target <= 2)")

    from extract.concepts import annotate_concepts, build_pipeline
    from extract.sources import read_reviews

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
