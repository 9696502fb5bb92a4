"""Synthetic corpora N times the size of the example, for the scale benchmark.

Each copy of the example corpus has every printed date moved on by
``copy * SHIFT`` days, so dates keep rising through the corpus and the real
headers, paragraphs and garbling are reused as they are.

>>> text = "המאמר היומי של מייק 30.05.24 . Title\\n\\nbody 21.06.2024\\n"
>>> print(synthetic_corpus(text, 2).splitlines()[4])
המאמר היומי של מייק 01.03.25 . Title
"""

from __future__ import annotations

import re
from datetime import date, timedelta

__all__ = ["synthetic_corpus", "SHIFT_DAYS"]

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
