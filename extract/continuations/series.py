"""Series: runs of reviews linked by confident, recent continuations, and their names."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Any, Iterable, Sequence

from graphkb.extract.continuations.cues import load_cues
from graphkb.extract.continuations.resolution import posting_day
from graphkb.extract.folding import fold as _fold
from graphkb.extract.knowledge import Knowledge, load_knowledge
from graphkb.records import Review

__all__ = ["SERIES_MIN_CONFIDENCE", "SERIES_MAX_GAP_DAYS", "find_series", "series_name"]

SERIES_MIN_CONFIDENCE = 0.5
"""Links below this confidence stay in ``continues`` but do not join series."""
SERIES_MAX_GAP_DAYS = 21
"""A link reaching further back (a reminder of an old review) does not join series."""

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _span(start: str, end: str) -> str:
    """``"Jun 2024"``, ``"Jul–Aug 2024"`` or ``"Dec 2024–Jan 2025"``."""
    try:
        first, last = date.fromisoformat(start[:10]), date.fromisoformat(end[:10])
    except ValueError:
        return f"{start}–{end}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{_MONTHS[first.month - 1]} {first.year}"
    if first.year == last.year:
        return f"{_MONTHS[first.month - 1]}–{_MONTHS[last.month - 1]} {first.year}"
    return f"{_MONTHS[first.month - 1]} {first.year}–{_MONTHS[last.month - 1]} {last.year}"


def _label(review: Review, shared: Counter[str], generic: frozenset[str], avoid: str | None = None, title_first: bool = False) -> str | None:
    """The concept that best names ``review`` within its series: a specific
    one the series shares (or, with ``title_first``, the one its title names)."""
    title = (review.title or "").lower()
    head = re.split(r"[:–—]| - ", title)[0] if ":" in title or " - " in title else ""
    candidates = [c for c in review.concepts if c.get("name") and c["name"] != avoid and _fold(str(c["name"])) not in generic]

    def rank(concept: dict[str, Any]) -> tuple[bool, ...]:
        names = [str(n).lower() for n in (concept["name"], *(concept.get("aliases") or ())) if n]
        in_head, in_title = any(n in head for n in names), any(n in title for n in names)
        is_shared, salience = shared[concept["name"]] > 1, float(concept.get("salience", 0.0))
        return (in_head, in_title, is_shared, salience) if title_first else (is_shared, in_title, salience)

    if candidates:
        return str(max(candidates, key=rank)["name"])
    if review.title:
        head = " ".join(re.split(r"[:–—]| - ", review.title)[0].split()[:5])
        return head if head and head != avoid else None
    return None


def series_name(members: Sequence[Review], generic: Iterable[str] | None = None) -> str:
    """Name a series from its dominant shared concepts and its date span.

    The first review's main shared concept, an arrow, the concept the last
    review's title names; ``generic`` concepts (default: the cue file's
    generic terms) never name a series.

    Examples
    --------
    >>> from graphkb.records import Review
    >>> a = Review(id="a", date="2024-06-12", concepts=[{"name": "Jacobi decoding", "salience": 0.9}])
    >>> b = Review(id="b", date="2024-06-15", title="MEDUSA: Simple LLM Inference Acceleration",
    ...            concepts=[{"name": "Medusa", "salience": 0.5}, {"name": "Jacobi decoding", "salience": 0.6}])
    >>> series_name([a, b])
    'Jacobi decoding → Medusa, Jun 2024'
    """
    stop = frozenset(_fold(g) for g in generic) if generic is not None else load_cues().generic_terms
    shared: Counter[str] = Counter(name for r in members for name in {str(c["name"]) for c in r.concepts if c.get("name")})
    first = _label(members[0], shared, stop)
    last = _label(members[-1], shared, stop, avoid=first, title_first=True) if len(members) > 1 else None
    if first and last and _fold(first) != _fold(last):
        topic = f"{first} → {last}"
    else:
        topic = first or last or members[0].id
    return f"{topic}, {_span(members[0].date, members[-1].date)}"


def find_series(
    reviews: Sequence[Review],
    knowledge: Knowledge | None = None,
    min_confidence: float = SERIES_MIN_CONFIDENCE,
    max_gap_days: int = SERIES_MAX_GAP_DAYS,
) -> list[dict[str, Any]]:
    """Series: maximal groups of reviews joined by continuation links.

    A series is a connected component (links taken as undirected) of two or
    more reviews, over links of at least ``min_confidence`` between reviews
    at most ``max_gap_days`` apart.

    Returns
    -------
    list of dict
        ``{"id": "series-<first review id>", "name", "start", "end",
        "reviews": [ids in posting order]}``, in order of their first review;
        named with ``knowledge``'s generic terms left out (see :func:`series_name`).
    """
    import networkx as nx

    generic = (knowledge or load_knowledge()).cues.generic_terms

    position = {review.id: index for index, review in enumerate(reviews)}
    graph = nx.Graph()
    for review in reviews:
        for link in review.continues:
            if link.get("target") not in position or float(link.get("confidence", 1.0)) < min_confidence:
                continue
            source_day, target_day = posting_day(review), posting_day(reviews[position[link["target"]]])
            if source_day is None or target_day is None or abs((source_day - target_day).days) <= max_gap_days:
                graph.add_edge(review.id, link["target"])
    series = []
    for component in nx.connected_components(graph):
        members = sorted((reviews[position[i]] for i in component), key=lambda r: position[r.id])
        series.append(
            {
                "id": f"series-{members[0].id}",
                "name": series_name(members, generic),
                "start": members[0].date,
                "end": members[-1].date,
                "reviews": [r.id for r in members],
            }
        )
    return sorted(series, key=lambda s: position[s["reviews"][0]])
