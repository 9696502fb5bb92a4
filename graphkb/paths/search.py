"""Reading paths: the reviews to read, in order, to get from one topic to another.

A path starts at a review about topic A and ends at the review most about B.
Each step follows a continuation or a reference (read in their direction:
what a review builds on comes first) or shares specific concepts with the
step before; the cost of a step grows with the square of its link's weakness,
so two close steps beat one long jump, and reading against posting order or
against a prerequisite costs extra.  The best path of at most
:data:`MAX_STEPS` reviews is found exactly by dynamic programming over path
length; ``k`` diverse alternatives come from penalising the reviews earlier
paths used.  When no specific bridge connects A and B the answer is an honest
:class:`~graphkb.errors.NoPathError`, or with ``allow_weak`` the best weak path,
marked weak.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from graphkb.errors import NoPathError
from graphkb.paths.index import ReadingIndex, Step, reading_index
from graphkb.paths.topics import Topic, describe_membership, resolve_topic

__all__ = ["MAX_STEPS", "ReadingPath", "reading_paths"]

MAX_STEPS = 7
"""The longest reading path, in reviews."""

START_WEIGHT = 1.0  # starting at a review that only mentions A costs a weak step
END_WEIGHT = 2.0  # ending anywhere but at the review most about B is expensive
REUSE_PENALTY = 0.6
SINGLE_REVIEW_COST = 0.5
MAX_COST = 2.5  # a dearer path strings loose bridges together: no honest answer to "how does A lead to B"
START_ABOUT = 0.5  # a review at least this much about topic A (of the most about it) is as good a start as any


@dataclass(frozen=True)
class ReadingPath:
    """An ordered list of reviews from topic A to topic B; lower ``cost`` is a better path.

    ``weak`` is true when some step is linked only through common concepts.
    """

    steps: list[Step]
    cost: float
    weak: bool = False

    def to_dict(self) -> dict[str, Any]:
        """``{"steps": [...], "cost", "weak"}`` as the JSON output holds it."""
        return {"steps": [step.to_dict() for step in self.steps], "cost": round(self.cost, 4), "weak": self.weak}


def reading_paths(
    graph: Any, a: str, b: str, k: int = 1, max_steps: int = MAX_STEPS, allow_weak: bool = False
) -> list[ReadingPath]:
    """The reviews to read, in order, to get from topic ``a`` to topic ``b``.

    Parameters
    ----------
    graph : networkx.MultiDiGraph or ReadingIndex
        The graph (see :func:`graphkb.model.to_networkx`).
    a, b : str
        Topics: concepts by any alias, model names, title words, review ids, or words the reviews use.
    k : int
        How many diverse paths to return (best first); fewer when fewer exist.
    max_steps : int
        The longest path, in reviews (at most :data:`MAX_STEPS`).
    allow_weak : bool
        When no path of specific bridges exists, return the best path through
        common concepts too, marked weak, instead of raising.

    Returns
    -------
    list of ReadingPath

    Raises
    ------
    graphkb.errors.UnknownTopicError
        ``a`` or ``b`` matches nothing.
    graphkb.errors.NoPathError
        No path of at most ``max_steps`` reviews connects them (through specific bridges,
        unless ``allow_weak``).
    """
    index = reading_index(graph)
    if k < 1:
        raise ValueError("k must be at least 1")
    max_steps = max(1, min(max_steps, MAX_STEPS))
    source, target = resolve_topic(index, a), resolve_topic(index, b)
    starts = _start_costs(index, _steps_of(index, source))
    ends = {review: END_WEIGHT * (1 - about) for review, about in _steps_of(index, target).items()}
    paths = [p for p in _diverse_paths(index, index.edges, starts, ends, k, max_steps, source, target) if p.cost <= MAX_COST]
    if not paths and allow_weak:
        paths = _diverse_paths(index, index.weak_edges(), starts, ends, k, max_steps, source, target)
    if not paths:
        hint = "" if allow_weak else "; --allow-weak shows the best path through common concepts"
        raise NoPathError(
            f"no reading path of at most {max_steps} reviews connects {_describe(index, source)} "
            f"to {_describe(index, target)}: no chain of continuations, references or specific shared "
            f"concepts links them{hint}"
        )
    return paths


def _steps_of(index: ReadingIndex, topic: Topic) -> dict[str, float]:
    """The topic's reviews that can be steps: no thin review, unless the user named it."""
    return {r: about for r, about in topic.reviews.items() if r not in index.thin or topic.kind == "review"}


def _start_costs(index: ReadingIndex, about: dict[str, float]) -> dict[str, float]:
    """What starting at each of a topic's reviews costs.

    Any review at least :data:`START_ABOUT` about the topic is a good start; one
    that builds on another such review (continues it or refers to it) is no
    start at all: a series is read from where it starts, so a path reaches it
    through the review it builds on.
    """
    return {
        review: START_WEIGHT * max(0.0, 1.0 - value / START_ABOUT)
        for review, value in about.items()
        if not any(about.get(earlier, 0.0) >= START_ABOUT for earlier in (*index.continues.get(review, ()), *index.refers.get(review, ())))
    }


def _diverse_paths(
    index: ReadingIndex,
    edges: dict[str, list[tuple[str, float]]],
    starts: dict[str, float],
    ends: dict[str, float],
    k: int,
    max_steps: int,
    source: Topic,
    target: Topic,
) -> list[ReadingPath]:
    paths: list[ReadingPath] = []
    seen: set[tuple[str, ...]] = set()
    penalties: dict[str, float] = defaultdict(float)
    for _ in range(3 * k):
        found = _cheapest_walk(edges, starts, ends, penalties, max_steps)
        if found is None:
            break
        for review in found[:-1] or found:  # the goal stays: alternatives differ on the way to it
            penalties[review] += REUSE_PENALTY
        if found in seen:
            continue
        seen.add(found)
        paths.append(_explain(index, found, source, target, starts, ends))
        if len(paths) == k:
            break
    return paths


def _describe(index: ReadingIndex, topic: Topic) -> str:
    if topic.kind == "review":
        title = index.reviews[topic.name].get("title")
        return f"review {topic.name}" + (f" ({title})" if title else "")
    count = len(topic.reviews)
    return f"{topic.name!r} ({count} review{'s' if count != 1 else ''})"


def _cheapest_walk(
    edges: dict[str, list[tuple[str, float]]],
    starts: dict[str, float],
    ends: dict[str, float],
    penalties: dict[str, float],
    max_steps: int,
) -> tuple[str, ...] | None:
    """The cheapest path of at most ``max_steps`` reviews from a start to an end.

    Dynamic programming over path length (a state is a review reached in
    ``n`` steps), so the step limit is exact; a state no cheaper than the same
    review reached in fewer steps is dropped, as is one that cannot beat the
    best path found.  A single review about both topics is a path too, at
    :data:`SINGLE_REVIEW_COST` extra: a path from a review about A reads better.
    """
    best: tuple[float, tuple[str, ...]] | None = None
    for review in sorted(starts.keys() & ends.keys()):
        total = starts[review] + ends[review] + penalties.get(review, 0.0) + SINGLE_REVIEW_COST
        if best is None or total < best[0]:
            best = (total, (review,))
    cheapest_end = min(ends.values(), default=0.0)
    expanded: dict[str, float] = {}
    layer = {review: (cost + penalties.get(review, 0.0), (review,)) for review, cost in starts.items()}
    for _ in range(max_steps - 1):
        following: dict[str, tuple[float, tuple[str, ...]]] = {}
        for review, (cost, walk) in layer.items():
            if cost >= expanded.get(review, math.inf) or (best is not None and cost + cheapest_end >= best[0]):
                continue
            expanded[review] = cost
            for other, step in edges.get(review, ()):
                total = cost + step + penalties.get(other, 0.0)
                known = following.get(other)
                if (known is None or total < known[0]) and other not in walk:
                    following[other] = (total, walk + (other,))
        for review, (cost, walk) in following.items():
            if review in ends and (best is None or cost + ends[review] < best[0] - 1e-12):
                best = (cost + ends[review], walk)
        if not following:
            break
        layer = following
    return best[1] if best else None


def _explain(
    index: ReadingIndex,
    walk: tuple[str, ...],
    source: Topic,
    target: Topic,
    starts: dict[str, float],
    ends: dict[str, float],
) -> ReadingPath:
    cost = starts.get(walk[0], 0.0) + ends.get(walk[-1], 0.0) + (SINGLE_REVIEW_COST if len(walk) == 1 else 0.0)
    cost += sum(index.step_cost(first, second) for first, second in zip(walk, walk[1:]))
    steps = []
    for position, review in enumerate(walk):
        reasons = []
        if position == 0:
            reasons.append(f"starting point, {describe_membership(index, source, review)}")
        if position == len(walk) - 1:
            reasons.append(f"goal, {describe_membership(index, target, review)}")
        previous = walk[position - 1] if position > 0 else None
        if previous:
            reasons.append(index.why_linked(previous, review))
        steps.append(index.step(review, "; ".join(reasons), previous))
    weak = cost > MAX_COST or any(index.link(first, second).weak for first, second in zip(walk, walk[1:]))
    return ReadingPath(steps=steps, cost=cost, weak=weak)
