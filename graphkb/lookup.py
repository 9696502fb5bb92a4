"""Looking names up in the graph, one way everywhere: reviews by id, printed date or title; concepts by any alias.

Every comparison goes through the one fold (:func:`graphkb.extract.folding.fold`)
and Hebrew prefixes come off as the rules file says
(:func:`graphkb.extract.folding.hebrew_prefix_variants`).  A name that matches
nothing raises :class:`~graphkb.errors.UnknownNameError` with the closest
names (rapidfuzz) as suggestions.  ``graphkb chain``, ``graphkb viz`` and the
topics of ``graphkb path``/``plan`` all look names up here.

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("Review:2024-06-14", label="Review", id="2024-06-14", date="2024-06-14", title="CLLMs: Consistency LLMs")
>>> g.add_node("Concept:Mamba", label="Concept", name="Mamba", aliases=["ממבה"])
>>> find_review(g, "14.06.24"), find_review(g, "14/6/2024"), find_review(g, "cllms: consistency llms")
('2024-06-14', '2024-06-14', '2024-06-14')
>>> find_concept(g, "בממבה")
'Concept:Mamba'
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Iterable

from graphkb.errors import UnknownNameError
from graphkb.extract.folding import fold, hebrew_prefix_variants

__all__ = ["review_key", "review_ids", "find_review", "find_concept", "find_named", "closest"]

_REVIEW_ID = re.compile(r"^(?:review:)?(\d{4})-(\d{1,2})-(\d{1,2})(-\d+)?$", re.IGNORECASE)
_PRINTED_DATE = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{2}|\d{4})$")


def review_key(text: str) -> str | None:
    """The review id ``text`` writes, in id form: an id (``2024-06-16-2``) or a date as the series prints it.

    ``None`` when ``text`` is no id or date, or names a day the calendar lacks.

    >>> review_key("2024-06-14"), review_key("14.06.24"), review_key("14/6/2024"), review_key("review:2024-06-16-2")
    ('2024-06-14', '2024-06-14', '2024-06-14', '2024-06-16-2')
    >>> review_key("31.02.24") is None, review_key("DPO") is None
    (True, True)
    """
    text = text.strip()
    printed = _PRINTED_DATE.match(text)
    if printed:
        day, month, year = (int(part) for part in printed.groups())
        parts, suffix = (year + 2000 if year < 100 else year, month, day), ""
    else:
        match = _REVIEW_ID.match(text)
        if not match:
            return None
        parts, suffix = tuple(int(part) for part in match.groups()[:3]), match.group(4) or ""
    try:
        return date(*parts).isoformat() + suffix
    except ValueError:
        return None


def review_ids(graph: Any) -> dict[str, dict[str, Any]]:
    """Review id -> node attributes, for every Review node of ``graph``."""
    return {attrs["id"]: attrs for _, attrs in graph.nodes(data=True) if attrs.get("label") == "Review"}


def closest(query: str, choices: Iterable[str], limit: int = 5, cutoff: float = 60) -> list[str]:
    """The ``choices`` closest to ``query`` (rapidfuzz WRatio on folded text), best first.

    >>> closest("Medusaa", ["MEDUSA", "Mamba", "DPO"], limit=1)
    ['MEDUSA']
    """
    from rapidfuzz import fuzz, process

    unique = list(dict.fromkeys(choices))
    found = process.extract(query, unique, scorer=fuzz.WRatio, processor=fold, limit=limit, score_cutoff=cutoff)
    return [choice for choice, _, _ in found]


def find_review(graph: Any, name: str) -> str:
    """The id of the review ``name`` names: its id, a date (the day's first review; ``2024-06-14``,
    ``14.06.24``, ``14/6/2024``) or its title (any case or spacing).

    Raises
    ------
    graphkb.errors.UnknownNameError
        Nothing matches; ``candidates`` holds the nearest dates or the closest titles.
    """
    reviews = review_ids(graph)
    key = review_key(name)
    if key is not None:
        if key in reviews:
            return key
        same_day = sorted(rid for rid, attrs in reviews.items() if attrs.get("date") == key)
        if same_day:
            return same_day[0]
        nearby = sorted(reviews, key=lambda rid: abs(_day(rid[:10]) - _day(key[:10])))[:3]
        raise UnknownNameError(f"no review {name.strip()!r}", candidates=sorted(nearby))
    wanted = fold(name)
    titled = sorted(rid for rid, attrs in reviews.items() if attrs.get("title") and fold(attrs["title"]) == wanted)
    if titled:
        return titled[0]
    labels = {f"{rid} {reviews[rid].get('title') or ''}".strip(): rid for rid in reviews}
    raise UnknownNameError(f"no review {name.strip()!r}", candidates=[labels[label] for label in closest(name, labels, limit=3)])


def _day(iso: str) -> int:
    try:
        return date.fromisoformat(iso).toordinal()
    except ValueError:
        return 0


def find_concept(graph: Any, name: str) -> str:
    """The node id of the concept called ``name``: its canonical name or any alias, any case or joiner,
    with a Hebrew prefix glued or hyphenated on (``"ה-DPO"``, ``"וב-RLHF"``).

    Raises
    ------
    graphkb.errors.UnknownNameError
        No concept has that name; ``candidates`` lists the closest names.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("Concept:DPO", label="Concept", name="DPO", aliases=["Direct Preference Optimization"])
    >>> find_concept(g, "direct-preference optimization"), find_concept(g, "ה-DPO")
    ('Concept:DPO', 'Concept:DPO')
    """
    concepts = (
        (node, attrs.get("name") or "", attrs.get("aliases") or ())
        for node, attrs in graph.nodes(data=True)
        if attrs.get("label") == "Concept"
    )
    return find_named(concepts, name)


def find_named(concepts: Iterable[tuple[str, str, Iterable[str]]], name: str, missing: str = "no concept named {!r}") -> str:
    """The key of the concept ``name`` names among ``concepts`` (key, canonical name, aliases), matched as
    :func:`find_concept` matches; ``missing`` words the error when none does.

    >>> find_named([("DPO", "DPO", ["direct preference optimization"])], "ב-Direct Preference Optimization")
    'DPO'
    """
    keys: dict[str, str] = {}
    names = []
    for key, canonical, aliases in concepts:
        names.append(canonical)
        for alias in [canonical, *aliases]:
            keys.setdefault(fold(alias), key)
    for attempt in (name, *hebrew_prefix_variants(name)):
        key = keys.get(fold(attempt))
        if key is not None:
            return key
    raise UnknownNameError(missing.format(name.strip()), candidates=closest(name, names))
