"""Score an extraction against a hand-labelled gold file.

The gold format is ``tests/data/gold-dev.jsonl``: one object per review with its
start ``line``.  Extracted reviews are aligned to gold reviews by start line,
then each topic module scores its fields on the aligned pairs:
:mod:`~graphkb.evaluation.segments` (reviews, dates, titles, arXiv ids),
:mod:`~graphkb.evaluation.concepts` and :mod:`~graphkb.evaluation.continuations`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphkb.errors import InputError

__all__ = ["Alignment", "align", "load_gold", "evaluate", "LINE_TOLERANCE"]

LINE_TOLERANCE = 2


@dataclass
class Alignment:
    """Gold and extracted reviews paired by start line.

    ``pairs`` holds ``(gold, extracted)`` dicts; ``missed`` gold reviews no
    extracted review starts at; ``extra`` extracted reviews inside the gold's
    line ranges that no gold review starts at.
    """

    pairs: list[tuple[dict[str, Any], dict[str, Any]]]
    missed: list[dict[str, Any]]
    extra: list[dict[str, Any]]
    gold: list[dict[str, Any]]
    extracted: list[dict[str, Any]]


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """Read a gold ``.jsonl`` file, one review object per line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(f"gold file not found: {path}") from None
    except (UnicodeDecodeError, IsADirectoryError) as error:
        raise InputError(f"cannot read gold file {path}: {error}") from None
    gold = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            try:
                gold.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise InputError(f"{path}:{number}: not JSON: {error.msg}") from None
    if not gold:
        raise InputError(f"gold file is empty: {path}")
    return gold


# a gap between two gold reviews with more unmatched extracted reviews than this is unlabelled text
MAX_EXTRA_IN_GAP = 2


def _covered_ranges(
    gold: list[dict[str, Any]], extracted: list[dict[str, Any]], matched: set[int] | None = None
) -> list[tuple[int, int]]:
    """Line ranges the gold labels cover.

    A gold review covers the lines up to the next gold review's start, unless
    more than ``MAX_EXTRA_IN_GAP`` unmatched extracted reviews start between
    the two (the gap is then text the gold does not label, and the review
    covers only the lines up to the first of them).  ``matched`` holds the
    start lines of extracted reviews paired with a gold review.
    """
    matched = matched or set()
    starts = sorted(g["line"] for g in gold)
    unmatched = sorted(r["line_start"] for r in extracted if r["line_start"] not in matched)
    last_line = max((r["line_end"] for r in extracted), default=max(starts, default=0))
    ranges: list[tuple[int, int]] = []
    for index, start in enumerate(starts):
        following = starts[index + 1] if index + 1 < len(starts) else None
        inside = [s for s in unmatched if s > start + LINE_TOLERANCE and (following is None or s < following - LINE_TOLERANCE)]
        if following is not None and len(inside) <= MAX_EXTRA_IN_GAP:
            end = following - 1
        else:
            end = inside[0] - 1 if inside else (following - 1 if following is not None else last_line)
        if ranges and start <= ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], max(ranges[-1][1], end))
        else:
            ranges.append((start, end))
    return ranges


def align(extracted: list[dict[str, Any]], gold: list[dict[str, Any]]) -> Alignment:
    """Pair each gold review with the extracted review starting at (or within
    ``LINE_TOLERANCE`` lines of) its line.

    >>> a = align([{"line_start": 1, "line_end": 5}, {"line_start": 6, "line_end": 9}], [{"line": 1}])
    >>> len(a.pairs), len(a.missed), len(a.extra)
    (1, 0, 0)
    """
    by_start = sorted(extracted, key=lambda r: r["line_start"])
    used: set[int] = set()
    pairs, missed = [], []
    for item in sorted(gold, key=lambda g: g["line"]):
        best = None
        for index, record in enumerate(by_start):
            distance = abs(record["line_start"] - item["line"])
            if index not in used and distance <= LINE_TOLERANCE and (best is None or distance < best[0]):
                best = (distance, index)
        if best is None:
            missed.append(item)
        else:
            used.add(best[1])
            pairs.append((item, by_start[best[1]]))
    ranges = _covered_ranges(gold, extracted, {by_start[index]["line_start"] for index in used})
    extra = [
        record
        for index, record in enumerate(by_start)
        if index not in used and any(lo <= record["line_start"] <= hi for lo, hi in ranges)
    ]
    return Alignment(pairs=pairs, missed=missed, extra=extra, gold=gold, extracted=extracted)


def evaluate(extracted: list[dict[str, Any]], gold: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Score extracted records (as dicts) against gold reviews, field by field.

    Returns a dict of sections (``segments``, ``concepts``, ``continuations``),
    each a dict of figure name to value.
    """
    from graphkb.evaluation import concepts, continuations, segments

    alignment = align(extracted, gold)
    return {
        "segments": segments.score(alignment),
        "concepts": concepts.score(alignment),
        "continuations": continuations.score(alignment),
    }
