"""Segmentation scores: reviews found, dates, titles and arXiv ids against gold.

Titles match when their similarity (rapidfuzz ``ratio``) is at least
``TITLE_THRESHOLD`` after lower-casing and dropping punctuation; a gold title
of ``null`` matches only an extracted ``null``.

Examples
--------
>>> from graphkb.evaluation import align
>>> gold = [{"line": 1, "date": "2024-06-14", "date_confidence": "printed", "title": "CLLMs: Consistency LLMs", "arxiv": ["2403.00835"]}]
>>> got = [{"line_start": 1, "line_end": 9, "date": "2024-06-14", "title": "CLLMs - Consistency LLMs.", "arxiv": ["2403.00835"]}]
>>> figures = score(align(got, gold))
>>> figures["reviews_found"], figures["dates_exact"], figures["titles"], figures["arxiv_exact"]
(1, 1.0, 1.0, 1.0)
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from graphkb.records import DATE_CONFIDENCES

__all__ = ["score", "normalise_title", "titles_match", "TITLE_THRESHOLD"]

TITLE_THRESHOLD = 90.0


def normalise_title(title: str | None) -> str:
    """Lower-cased title with punctuation dropped and spaces collapsed.

    >>> normalise_title("LaMA-NAS: Efficient  Search!")
    'lama nas efficient search'
    """
    return " ".join(re.sub(r"[^\w\s]|_", " ", (title or "").lower()).split())


def titles_match(gold: str | None, extracted: str | None) -> bool:
    """Whether an extracted title matches the gold one (both ``None`` counts)."""
    from rapidfuzz import fuzz

    if not gold or not extracted:
        return not gold and not extracted
    return fuzz.ratio(normalise_title(gold), normalise_title(extracted)) >= TITLE_THRESHOLD


def _share(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def _days_apart(first: str, second: str) -> int | None:
    try:
        return abs((dt.date.fromisoformat(first[:10]) - dt.date.fromisoformat(second[:10])).days)
    except (TypeError, ValueError):
        return None


def score(alignment: Any) -> dict[str, Any]:
    """Figures for reviews found/missed/extra, dates, titles and arXiv ids.

    Date figures are given overall and per gold ``date_confidence``
    (``dates_exact_printed``, ``dates_within_one_day_inferred``…), each a share
    of the aligned reviews with that confidence.
    """
    pairs = alignment.pairs
    figures: dict[str, Any] = {
        "gold_reviews": len(alignment.gold),
        "reviews_found": len(pairs),
        "reviews_missed": len(alignment.missed),
        "reviews_extra": len(alignment.extra),
        "review_recall": _share(len(pairs), len(alignment.gold)),
        "missed_lines": [g.get("line") for g in alignment.missed],
        "extra_lines": [r.get("line_start") for r in alignment.extra],
    }
    gaps = [_days_apart(g.get("date", ""), r.get("date", "")) for g, r in pairs]
    figures["dates_exact"] = _share(sum(1 for gap in gaps if gap == 0), len(pairs))
    figures["dates_within_one_day"] = _share(sum(1 for gap in gaps if gap is not None and gap <= 1), len(pairs))
    for confidence in DATE_CONFIDENCES:
        chosen = [gap for (g, _), gap in zip(pairs, gaps) if g.get("date_confidence") == confidence]
        figures[f"dates_{confidence}"] = len(chosen)
        figures[f"dates_exact_{confidence}"] = _share(sum(1 for gap in chosen if gap == 0), len(chosen))
        figures[f"dates_within_one_day_{confidence}"] = _share(
            sum(1 for gap in chosen if gap is not None and gap <= 1), len(chosen)
        )
    title_hits = [titles_match(g.get("title"), r.get("title")) for g, r in pairs]
    figures["titles"] = _share(sum(title_hits), len(pairs))
    figures["title_mismatches"] = [
        {"line": g.get("line"), "gold": g.get("title"), "extracted": r.get("title")}
        for (g, r), hit in zip(pairs, title_hits)
        if not hit
    ]
    arxiv_hits = [set(g.get("arxiv") or []) == set(r.get("arxiv") or []) for g, r in pairs]
    gold_ids = sum(len(set(g.get("arxiv") or [])) for g, _ in pairs)
    found_ids = sum(len(set(g.get("arxiv") or []) & set(r.get("arxiv") or [])) for g, r in pairs)
    extracted_ids = sum(len(set(r.get("arxiv") or [])) for _, r in pairs)
    figures["arxiv_exact"] = _share(sum(arxiv_hits), len(pairs))
    figures["arxiv_recall"] = _share(found_ids, gold_ids)
    figures["arxiv_precision"] = _share(found_ids, extracted_ids)
    figures["arxiv_mismatches"] = [
        {"line": g.get("line"), "gold": g.get("arxiv"), "extracted": r.get("arxiv")}
        for (g, r), hit in zip(pairs, arxiv_hits)
        if not hit
    ]
    return figures
