"""RELATED links between concepts, from how often reviews mention them together.

The weight of a pair is its normalised pointwise mutual information over
reviews, ``NPMI(a, b) = log(p(a, b) / (p(a) p(b))) / -log p(a, b)`` in
[-1, 1]: 1 when the two always come together, 0 when independent.  Pairs
are kept when enough reviews share them and the weight is high enough; a
pair the lexicon already links by ``broader`` is left to that link.

Examples
--------
>>> from graphkb.records import Review
>>> def review(i, *names):
...     return Review(id=str(i), date="2024-06-01", concepts=[{"name": n} for n in names])
>>> reviews = [review(1, "DPO", "RLHF"), review(2, "DPO", "RLHF"), review(3, "Mamba"), review(4, "LoRA")]
>>> related_concepts(reviews, min_reviews=2)
[{'source': 'DPO', 'target': 'RLHF', 'weight': 1.0, 'reviews': 2}]
"""

from __future__ import annotations

import math
from collections import Counter
from itertools import combinations
from typing import TYPE_CHECKING, Any, Iterable

from graphkb.records import Review

if TYPE_CHECKING:
    from graphkb.extract.knowledge import Knowledge

__all__ = ["related_concepts", "npmi"]


def npmi(together: int, left: int, right: int, total: int) -> float:
    """Normalised PMI of two events seen ``left`` and ``right`` times, ``together`` of them jointly, in ``total``.

    >>> npmi(5, 5, 5, 100)
    1.0
    >>> abs(round(npmi(1, 10, 10, 100), 3))
    0.0
    """
    if together <= 0:
        return -1.0
    joint = together / total
    if joint >= 1.0:
        return 1.0
    value = math.log(joint / ((left / total) * (right / total))) / -math.log(joint)
    return max(-1.0, min(1.0, value))


def _broader_pairs(knowledge: Knowledge | None) -> set[frozenset[str]]:
    if knowledge is None:
        from graphkb.extract.knowledge import load_knowledge

        knowledge = load_knowledge()
    return {frozenset((entry.name, parent)) for entry in knowledge.lexicon.values() for parent in entry.broader}


def related_concepts(
    reviews: Iterable[Review],
    knowledge: Knowledge | None = None,
    *,
    min_reviews: int = 2,
    min_weight: float = 0.2,
    max_per_concept: int = 10,
) -> list[dict[str, Any]]:
    """Concept pairs that reviews mention together more than chance, each unordered pair once.

    Parameters
    ----------
    reviews : iterable of Review
        Records with ``concepts`` filled.
    knowledge : Knowledge, optional
        Its lexicon's ``broader`` pairs are left to that link; the shipped knowledge by default.
    min_reviews : int
        Least number of reviews that must mention both.
    min_weight : float
        Least NPMI weight.
    max_per_concept : int
        Keep at most this many strongest links per concept (a link stays when
        either end keeps it), so hubs do not drown the picture.

    Returns
    -------
    list of dict
        ``{"source", "target", "weight", "reviews"}`` with ``source < target``,
        strongest first.
    """
    concept_sets = [frozenset(concept["name"] for concept in review.concepts) for review in reviews]
    total = len(concept_sets)
    if total == 0:
        return []
    single: Counter[str] = Counter()
    joint: Counter[tuple[str, str]] = Counter()
    for names in concept_sets:
        single.update(names)
        joint.update(combinations(sorted(names), 2))
    linked = _broader_pairs(knowledge)
    candidates = []
    for (source, target), together in joint.items():
        if together < min_reviews or frozenset((source, target)) in linked:
            continue
        weight = npmi(together, single[source], single[target], total)
        if weight >= min_weight:
            candidates.append({"source": source, "target": target, "weight": round(weight, 4), "reviews": together})
    candidates.sort(key=lambda link: (-link["weight"], -link["reviews"], link["source"], link["target"]))
    kept_per_concept: Counter[str] = Counter()
    related = []
    for link in candidates:
        if kept_per_concept[link["source"]] < max_per_concept or kept_per_concept[link["target"]] < max_per_concept:
            kept_per_concept[link["source"]] += 1
            kept_per_concept[link["target"]] += 1
            related.append(link)
    return related
