"""Synthetic corpora N times the size of the example, for the scale benchmark.

Each copy of the example corpus has every printed date moved on by
``copy * SHIFT`` days, so dates keep rising through the corpus and the real
headers, paragraphs and garbling are reused as they are.

>>> text = "המאמר היומי של מייק 30.05.24 . Title\\n\\nbody 21.06.2024\\n"
>>> print(synthetic_corpus(text, 2).splitlines()[4])
המאמר היומי של מייק 01.03.25 . Title
"""

from __future__ import annotations

import dataclasses
import random
import re
import time
from datetime import date, timedelta

__all__ = ["synthetic_corpus", "synthetic_rows", "replicated_records", "SHIFT_DAYS"]

# The example spans ~270 days; 100 copies of 275 days stay inside two-digit years 2024-2099.
SHIFT_DAYS = 275
DATE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?![\d])")


def _shift(match: re.Match[str], days: int) -> str:
    day, month, year = (int(part) for part in match.groups())
    long_year = len(match.group(3)) == 4
    try:
        moved = date(year if long_year else 2000 + year, month, day) + timedelta(days=days)
    except ValueError:  # a garbled date: keep it garbled
        return match.group(0)
    year_text = f"{moved.year:04d}" if long_year else f"{moved.year % 100:02d}"
    return f"{moved.day:0{len(match.group(1))}d}.{moved.month:02d}.{year_text}"


def synthetic_corpus(text: str, copies: int) -> str:
    """The example ``text`` repeated ``copies`` times with its dates moved on."""
    parts = [text.rstrip("\n")]
    for copy in range(1, copies):
        days = copy * SHIFT_DAYS
        parts.append(DATE.sub(lambda m: _shift(m, days), text.rstrip("\n")))
    return "\n\n".join(parts) + "\n"


def synthetic_rows(nodes: int = 10_000, seed: int = 1):
    """Graph rows of the model's shape with ``nodes`` nodes: reviews, Zipf-distributed concepts, papers, links,
    entities, series, topped up with datasets mentioned by one review each."""
    from graphkb.model import NODE_KEYS, graph_rows
    from graphkb.records import Extraction, Review

    rng = random.Random(seed)
    n_reviews, n_concepts, n_orgs = nodes * 3 // 10, nodes * 15 // 100, nodes * 5 // 100
    n_series = nodes // 20
    concepts = [f"concept {i}" for i in range(n_concepts)]
    zipf = [1 / (rank + 1) for rank in range(n_concepts)]
    reviews, series, day = [], [], 0
    for i in range(n_reviews):
        day += rng.choice((1, 1, 1, 2, 3))
        posted = time.strftime("%Y-%m-%d", time.gmtime(1_700_000_000 + day * 86_400))
        mentioned = set(rng.choices(concepts, weights=zipf, k=6))
        reviews.append(
            Review(
                id=f"r{i}", date=posted, title=f"Synthetic review {i}: ניסוי", line_start=i * 20 + 1, line_end=i * 20 + 19,
                arxiv=[f"{2300 + i // 10000}.{i % 10000:05d}"], links=[f"https://github.com/example/repo{i}"] if i % 2 else [],
                concepts=[{"name": name, "kind": "method", "aliases": [], "count": 2, "salience": rng.random(), "evidence": "…"}
                          for name in mentioned],
                entities=[{"name": f"org {rng.randrange(n_orgs)}", "type": "Organization", "count": 1}],
                continues=[{"target": f"r{i - 1}", "kind": "yesterday", "evidence": "אתמול", "confidence": 0.9}] if i and i % 4 else [],
            )
        )
    members = [review.id for review in reviews]
    for s in range(n_series):
        start = s * len(members) // n_series
        series.append({"id": f"s{s}", "name": f"series {s}", "start": reviews[start].date, "end": reviews[start + 2].date,
                       "reviews": members[start:start + 3]})
    rows = graph_rows(Extraction(reviews, series=series))
    counts = rows.counts()
    extra = nodes - sum(counts.get(label, 0) for label in NODE_KEYS)
    for i in range(max(0, extra)):
        rows.nodes["Dataset"].append({"name": f"dataset {i}"})
        rows.relationships[("MENTIONS", "Review", "Dataset")].append({"source": f"r{rng.randrange(n_reviews)}",
                                                                     "target": f"dataset {i}", "count": 1})
    return rows


def replicated_records(records, copies: int):
    """``copies`` copies of extracted review records, each moved on by ``copy * SHIFT_DAYS`` days (ids,
    dates and continuation targets), sharing the concepts, entities and papers: the corpus graph ``copies`` times.

    >>> from graphkb.records import Review
    >>> [r.id for r in replicated_records([Review(id="2024-06-14-2", date="2024-06-14")], 2)]
    ['2024-06-14-2', '2025-03-16-2']
    """

    def moved(review_id: str, days: int) -> str:
        day = date.fromisoformat(review_id[:10]) + timedelta(days=days)
        return day.isoformat() + review_id[10:]

    copied = []
    for copy in range(copies):
        days = copy * SHIFT_DAYS
        for record in records:
            continues = [{**link, "target": moved(link["target"], days)} for link in record.continues]
            copied.append(dataclasses.replace(record, id=moved(record.id, days), date=moved(record.date, days) if record.date else record.date,
                                              continues=continues))
    return copied
