"""Dates of reviews: reading garbled header dates and repairing them over the series.

A header prints its date as ``DD.MM.YY`` but OCR mangles it: a digit glued in
front (``203.06.24``, ``603.08.24``), a zero read as nine (``92.06.24``), a dot
lost (``1502.25``) or moved (``9.709.24``), a dash in front (``-01.10.24``), a
range (``05-06.09.24``), two different dates in one header.  :func:`date_candidates`
turns one printed token into the dates it may stand for, each with a cost;
:func:`resolve_dates` then picks one date per review so that dates rise through
the corpus at the least total cost, and places reviews with no usable date
between their neighbours.

Examples
--------
>>> [(c.date.isoformat(), c.clean) for c in date_candidates("203.06.24")][:2]
[('2024-06-03', False), ('2024-06-20', False)]
>>> resolved = resolve_dates([date_candidates("01.06.24"), date_candidates("92.06.24"), []])
>>> [(d.isoformat(), how) for d, how in resolved]
[('2024-06-01', 'printed'), ('2024-06-02', 'repaired'), ('2024-06-03', 'inferred')]
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["DateCandidate", "TextClues", "DATE_TOKEN", "find_date_tokens", "date_candidates", "resolve_dates", "day_after_mention"]

# digits joined by date separators, as OCR prints them ("12.06.24", "4∕2.04.07.24", "1502.25")
DATE_TOKEN = re.compile(r"(?<![\d\w])\d{1,4}(?:[./∕\-־]\d{1,4}){1,3}(?!\d)")
_SEPARATOR = re.compile(r"[./∕\-־]")

# costs: a date read as printed is free; each repair costs by how much it assumes
_COST_NO_YEAR = 0.5
_COST_LAST_DIGITS = 1.0
_COST_FIRST_DIGITS = 1.5
_COST_TENS_MISREAD = 2.0
_COST_UNDATED = 3.0  # leaving a header's date unread
_COST_SAME_DAY = 1.0  # a second review on one date
_WINDOW = 40  # how many reviews back a rising sequence may skip


@dataclass(frozen=True)
class DateCandidate:
    """A date a printed token may stand for; ``clean`` when printed as is."""

    date: dt.date
    cost: float
    clean: bool


def find_date_tokens(text: str) -> list[str]:
    """Date-like tokens of ``text`` (digits joined by ``.``, ``/``, ``-``).

    >>> find_date_tokens("המאמר היומי של מייק -01.10.24 ... 1502.25 - x")
    ['01.10.24', '1502.25']
    """
    return [match.group(0).strip("-־ ") for match in DATE_TOKEN.finditer(text)]


def _year(text: str) -> int | None:
    if len(text) == 2:
        return 2000 + int(text)
    if len(text) == 4 and 1990 <= int(text) <= 2099:
        return int(text)
    return None


def _make(year: int, month: int, day: int, cost: float, clean: bool) -> DateCandidate | None:
    try:
        return DateCandidate(dt.date(year, month, day), cost, clean)
    except ValueError:
        return None


def date_candidates(token: str, years: tuple[int, ...] = ()) -> list[DateCandidate]:
    """The dates one printed token may stand for, cheapest first.

    ``years`` are tried for a token printed without a year (``12.07``).

    >>> [c.date.isoformat() for c in date_candidates("9.709.24")]
    ['2024-09-07', '2024-09-17', '2024-09-27']
    >>> date_candidates("1502.25")[0].date.isoformat()
    '2025-02-15'
    >>> date_candidates("05-06.09.24")[0].date.isoformat()
    '2024-09-05'
    >>> [c.date.isoformat() for c in date_candidates("12.07", years=(2024,))]
    ['2024-07-12']
    >>> [c.date.isoformat() for c in date_candidates("2024-06-14")]
    ['2024-06-14']
    """
    groups = _SEPARATOR.split(token.strip())
    if not all(group.isdigit() for group in groups):
        return []
    found: list[DateCandidate | None] = []
    if len(groups) == 3 and len(groups[0]) == 4 and _year(groups[0]) and len(groups[2]) <= 2:
        found.append(_make(_year(groups[0]), int(groups[1]), int(groups[2]), 0.0, True))  # ISO order
    elif len(groups) == 3 and _year(groups[2]) and len(groups[0]) <= 2 and len(groups[1]) <= 2:
        found.append(_make(_year(groups[2]), int(groups[1]), int(groups[0]), 0.0, True))
    elif len(groups) == 4 and _year(groups[3]) and "-" in token and all(len(g) <= 2 for g in groups[:3]):
        # a range of days, "05-06.09.24": the review is dated by its first day
        found.append(_make(_year(groups[3]), int(groups[2]), int(groups[0]), 0.0, True))
        found.append(_make(_year(groups[3]), int(groups[2]), int(groups[1]), 0.3, True))
    elif len(groups) == 2 and len(groups[0]) <= 2 and len(groups[1]) == 2:
        for year in years:
            found.append(_make(year, int(groups[1]), int(groups[0]), _COST_NO_YEAR, True))
    if not any(found):
        found = _repairs(groups)
    unique: dict[dt.date, DateCandidate] = {}
    for candidate in sorted((c for c in found if c), key=lambda c: c.cost):
        unique.setdefault(candidate.date, candidate)
    return list(unique.values())


def _repairs(groups: list[str]) -> list[DateCandidate | None]:
    """Readings of a garbled token: year last, month before it, day from what is left."""
    year = _year(groups[-1])
    if year is None or len(groups) < 2:
        return []
    rest = "".join(groups[:-1])
    if len(rest) < 3:
        return []
    month, day_digits = int(rest[-2:]), rest[:-2]
    found = []
    if len(day_digits) >= 2:
        found.append(_make(year, month, int(day_digits[-2:]), _COST_LAST_DIGITS, False))
        found.append(_make(year, month, int(day_digits[:2]), _COST_FIRST_DIGITS, False))
    else:
        found.append(_make(year, month, int(day_digits), _COST_LAST_DIGITS, False))
    for tens in range(4):
        found.append(_make(year, month, tens * 10 + int(day_digits[-1]), _COST_TENS_MISREAD, False))
    return found


@dataclass(frozen=True)
class TextClues:
    """What a review's own text says about when it was posted.

    ``day_after``: the text calls a date "yesterday"; ``after_pause``: it says
    it follows a break; ``weekend``: it says it is weekend reading.
    """

    day_after: dt.date | None = None
    after_pause: bool = False
    weekend: bool = False


def resolve_dates(
    candidates: list[list[DateCandidate]], clues: list[TextClues] | None = None
) -> list[tuple[dt.date | None, str]]:
    """One date per review, rising through the series, with how it was found.

    Each review's candidates come from its header (empty when it has none).
    A dynamic programme keeps the cheapest rising choice, where leaving a
    review's candidates unused costs more than any repair; a review whose
    chosen date was printed cleanly, with no other clean date in its header,
    is ``printed``, any other chosen date is ``repaired``.  Reviews left
    without a date are ``inferred`` from their neighbours and their text
    (:class:`TextClues`): a date the text calls yesterday, plus one, when it
    fits between the neighbours; after a pause, the day before the next dated
    review; otherwise the day after the review before, kept before the next
    dated review, and moved to the nearest weekend day that fits when the text
    says it is weekend reading.  With no date at all, dates are ``None``.
    """
    count = len(candidates)
    best: list[list[tuple[float, tuple[int, int] | None]]] = []
    for index, options in enumerate(candidates):
        scores = []
        for candidate in options:
            score = candidate.cost + _COST_UNDATED * index
            previous: tuple[int, int] | None = None
            for back in range(max(0, index - _WINDOW), index):
                skipped = index - back - 1
                for option_index, option in enumerate(candidates[back]):
                    before = best[back][option_index][0]
                    gap = (candidate.date - option.date).days
                    if gap < 0:
                        continue
                    step = before + _COST_UNDATED * skipped + _transition(gap, skipped)
                    if step < score:
                        score, previous = step, (back, option_index)
            scores.append((score, previous))
        best.append(scores)
    chosen: dict[int, DateCandidate] = {}
    final = min(
        ((best[i][k][0] + _COST_UNDATED * (count - 1 - i), i, k) for i in range(count) for k in range(len(best[i]))),
        default=None,
    )
    if final is not None:
        _, index, option = final
        link: tuple[int, int] | None = (index, option)
        while link is not None:
            chosen[link[0]] = candidates[link[0]][link[1]]
            link = best[link[0]][link[1]][1]
    return _fill(candidates, chosen, clues or [TextClues()] * count)


def _transition(gap_days: int, skipped: int) -> float:
    """Cost of moving ``gap_days`` forward with ``skipped`` undated reviews between."""
    cost = _COST_SAME_DAY if gap_days == 0 else 0.0
    crowded = skipped + 1 - gap_days
    if crowded > 0:
        cost += 0.5 * crowded
    return cost + 0.001 * gap_days


def _fill(
    candidates: list[list[DateCandidate]], chosen: dict[int, DateCandidate], clues: list[TextClues]
) -> list[tuple[dt.date | None, str]]:
    resolved: list[tuple[dt.date | None, str]] = []
    dated = sorted(chosen)
    for index, options in enumerate(candidates):
        if index in chosen:
            pick = chosen[index]
            rivals = {c.date for c in options if c.clean and c.cost == 0.0}
            printed = pick.clean and rivals <= {pick.date}
            resolved.append((pick.date, "printed" if printed else "repaired"))
            continue
        split = bisect.bisect_left(dated, index)
        low = chosen[dated[split - 1]].date if split else None
        high = chosen[dated[split]].date if split < len(dated) else None
        clue = clues[index]
        if clue.day_after and (low is None or low <= clue.day_after) and (high is None or clue.day_after <= high):
            date = clue.day_after
        elif low is None and high is None:
            date = None
        elif high is not None and (low is None or clue.after_pause):
            date = high - dt.timedelta(days=dated[split] - index)
            date = max(date, low) if low else date
        else:
            date = low + dt.timedelta(days=index - dated[split - 1])
            if high is not None and date >= high:
                date = max(low, high - dt.timedelta(days=1))
            if clue.weekend:
                date = _nearest_weekend(date, after=resolved[-1][0] if resolved else low, before=high)
        resolved.append((date, "inferred"))
    return resolved


_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@lru_cache(maxsize=1)
def _weekend_days() -> frozenset[int]:
    from graphkb.extract.knowledge import load_segment_data

    return frozenset(_DAY_NAMES.index(day.lower()) for day in load_segment_data()["weekend_days"])


def _nearest_weekend(date: dt.date, after: dt.date | None, before: dt.date | None) -> dt.date:
    """The weekend day nearest ``date`` strictly between ``after`` and ``before``, else ``date``."""
    for shift in (0, 1, -1, 2, -2, 3, -3):
        day = date + dt.timedelta(days=shift)
        if day.weekday() in _weekend_days() and (after is None or day > after) and (before is None or day < before):
            return day
    return date


_YESTERDAY_DATE = re.compile(r"אתמול\W{0,3}(\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?)")


def day_after_mention(text: str, years: tuple[int, ...] = ()) -> dt.date | None:
    """The day after a date the text calls "yesterday" ("שסקרנו אתמול 21.06.24").

    >>> day_after_mention("המאמר הזה הוא שפצור קל של המאמר שסקרנו אתמול 21.06.24.")
    datetime.date(2024, 6, 22)
    >>> day_after_mention("אתמול (26.09) סקרנו", years=(2024,))
    datetime.date(2024, 9, 27)
    """
    match = _YESTERDAY_DATE.search(text)
    if not match:
        return None
    clean = [c for c in date_candidates(match.group(1), years) if c.clean]
    return clean[0].date + dt.timedelta(days=1) if clean else None
