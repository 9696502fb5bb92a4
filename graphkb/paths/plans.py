"""Reading plans: what to read on one topic, and what to read before it.

A plan is what a teacher would hand out: the topic's own reviews (those about
it; passing mentions only with ``include_all``) in continuation and posting
order, and before each of them the background it needs, placed before the
first review that needs it: the reviews it continues or refers to, and an
earlier review about a specific concept it builds on.  For a review id the
plan answers "what should I read before this review?".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphkb.paths.index import ReadingIndex, Step, join_names, reading_index
from graphkb.paths.topics import Topic, describe_membership, resolve_topic

__all__ = ["PLAN_LIMIT", "ReadingPlan", "reading_plan"]

PLAN_LIMIT = 25
PLAN_ABOUT = 0.5  # a review this much about the topic is one of its own; less is a passing mention
CONTINUED_DEPTH = 3  # continuations followed back from each of the topic's reviews
BACKGROUND_STRENGTH = 0.45  # an earlier review linked this strongly through a concept it is about is background
BACKGROUND_SIMILAR = 3


@dataclass(frozen=True)
class ReadingPlan:
    """The reviews to read on one topic, each after what it builds on."""

    topic: Topic
    steps: list[Step]

    def to_dict(self) -> dict[str, Any]:
        """``{"topic", "steps": [...]}``."""
        return {"topic": self.topic.name, "steps": [step.to_dict() for step in self.steps]}


def reading_plan(graph: Any, topic: str, limit: int = PLAN_LIMIT, include_all: bool = False) -> ReadingPlan:
    """A reading plan for one topic: its reviews in order, each after the background it needs.

    Parameters
    ----------
    graph : networkx.MultiDiGraph or ReadingIndex
    topic : str
        A concept, model, title words, words the reviews use, or a review id.
    limit : int
        At most this many of the topic's own reviews (the most about it).
    include_all : bool
        Also list the reviews that only mention the topic in passing.

    Raises
    ------
    graphkb.errors.UnknownTopicError
        The topic matches nothing.
    """
    index = reading_index(graph)
    resolved = resolve_topic(index, topic)
    about = {r: v for r, v in resolved.reviews.items() if r not in index.thin or resolved.kind == "review"}
    ranked = sorted(about, key=lambda r: (-about[r], index.order[r]))
    chosen = ranked if include_all else [r for r in ranked if about[r] >= PLAN_ABOUT] or ranked[:1]
    own = {review: describe_membership(index, resolved, review) for review in chosen[:limit]}
    background: dict[str, str] = {}
    needs: dict[str, set[str]] = {}  # background review -> the reviews that need it
    for review in sorted(own, key=index.order.__getitem__):
        for earlier, reason in _builds_on(index, review):
            if earlier not in own and earlier not in index.thin:
                background.setdefault(earlier, f"background: {reason}")
                needs.setdefault(earlier, set()).add(review)
    for earlier, review, link in _concept_background(index, own, background):
        background[earlier] = f"background: {review} builds on it (about {join_names(list(link.shared[:2]))})"
        needs.setdefault(earlier, set()).add(review)
    reasons = {**background, **own}
    steps = []
    previous = None
    for review in _in_reading_order(index, reasons, needs):
        steps.append(index.step(review, reasons[review], previous if previous and index.link(previous, review) else None))
        previous = review
    return ReadingPlan(topic=resolved, steps=steps)


def _builds_on(index: ReadingIndex, review: str) -> list[tuple[str, str]]:
    """What ``review`` builds on: the reviews it continues (transitively) or refers to, with why."""
    found: list[tuple[str, str]] = []
    for target, props in sorted(index.refers.get(review, {}).items(), key=lambda item: index.order[item[0]]):
        found.append((target, f"{review} refers to it (names {props.get('name') or 'its method'})"))
    frontier, seen = [review], {review}
    for _ in range(CONTINUED_DEPTH):
        following = []
        for current in frontier:
            for earlier in sorted(index.continues.get(current, ()), key=index.order.__getitem__):
                if earlier not in seen:
                    seen.add(earlier)
                    found.append((earlier, f"continued by the review of {current}"))
                    following.append(earlier)
        frontier = following
    return found


def _concept_background(index: ReadingIndex, own: dict[str, str], background: dict[str, str]) -> list[tuple[str, str, Any]]:
    """Earlier reviews about a specific concept one of the topic's reviews builds on (strongest first)."""
    found: dict[str, tuple[float, str, Any]] = {}
    for review in own:
        for other, link in index.links.get(review, {}).items():
            if (
                link.via == "shares"
                and link.strength >= BACKGROUND_STRENGTH
                and index.order[other] < index.order[review]
                and other not in own
                and other not in background
                and other not in index.thin
                and (other not in found or found[other][0] < link.strength)
            ):
                found[other] = (link.strength, review, link)
    ranked = sorted(found.items(), key=lambda item: -item[1][0])[:BACKGROUND_SIMILAR]
    return [(other, review, link) for other, (_, review, link) in ranked]


def _in_reading_order(index: ReadingIndex, reasons: dict[str, str], needs: dict[str, set[str]]) -> list[str]:
    """Reviews after everything they build on (and background before what needs it), else in posting order."""
    import networkx as nx

    order = nx.DiGraph()
    order.add_nodes_from(reasons)
    for review in reasons:
        for earlier in list(index.continues.get(review, ())) + list(index.refers.get(review, ())):
            if earlier in reasons:
                order.add_edge(earlier, review)
    for earlier, needers in needs.items():
        order.add_edges_from((earlier, review) for review in needers)
    try:
        return list(nx.lexicographical_topological_sort(order, key=index.order.get))
    except nx.NetworkXUnfeasible:  # a continuation cycle (bad dates): fall back to posting order
        return sorted(reasons, key=index.order.get)
