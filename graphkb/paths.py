"""Reading paths between topics, and reading plans for one topic.

A *topic* is a concept (by its name or any alias, English or Hebrew,
fuzzy-matched), a model or dataset name, words of a review title, an arXiv id,
or a review id (``2024-06-14``, ``2024-06-14-2``, also written ``14.06.24``).

A *reading path* from topic A to topic B is a short sequence of reviews that
starts at a review about A and ends at the review that answers B.  Reviews are
linked when they share concepts, weighted by specificity (a concept few
reviews mention is a stronger bridge than "transformers": TF-IDF cosine over
the reviews' concepts), or when one continues the other.  A step costs more
the weaker its link, and the cost grows with the square of the weakness, so
two close steps through the review that connects A and B beat one long jump.
Reading against posting order costs extra.  The best path of at most
:data:`MAX_STEPS` reviews is found exactly by dynamic programming over path
length; ``k`` diverse alternatives come from penalising the reviews earlier
paths used.

Examples
--------
>>> from graphkb.records import Extraction, Review
>>> from graphkb.model import graph_rows, to_networkx
>>> def concept(name, salience=1.0):
...     return {"name": name, "kind": "method", "aliases": [], "count": 2, "salience": salience}
>>> def follows(*ids):
...     return [{"target": i, "kind": "recent_series", "evidence": "", "confidence": 0.9} for i in ids]
>>> reviews = [
...     Review(id="2024-06-13", date="2024-06-13", title="Lookahead decoding",
...            concepts=[concept("Jacobi decoding"), concept("parallel decoding", 0.5)]),
...     Review(id="2024-06-14", date="2024-06-14", title="CLLMs: Consistency Large Language Models",
...            concepts=[concept("consistency models"), concept("Jacobi decoding", 0.6),
...                      concept("parallel decoding", 0.5)], continues=follows("2024-06-13")),
...     Review(id="2024-06-15", date="2024-06-15", title="MEDUSA: multiple decoding heads",
...            concepts=[concept("Medusa"), concept("parallel decoding", 0.5)],
...            continues=follows("2024-06-13", "2024-06-14")),
...     Review(id="2024-06-16", date="2024-06-16", title="DPO", concepts=[concept("DPO")]),
... ]
>>> graph = to_networkx(graph_rows(Extraction(reviews)))
>>> [step.review for step in reading_paths(graph, "jacobi decoding", "Medusa")[0].steps]
['2024-06-13', '2024-06-14', '2024-06-15']
>>> [step.review for step in reading_plan(graph, "2024-06-15").steps]
['2024-06-13', '2024-06-14', '2024-06-15']
"""

from __future__ import annotations

import math
import re
import unicodedata
import weakref
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date as _date
from typing import Any

from graphkb.errors import NoPathError, UnknownTopicError
from graphkb.extract.folding import fold_words as _fold, hebrew_prefix_variants
from graphkb.lookup import review_key

__all__ = [
    "MAX_STEPS",
    "Topic",
    "Step",
    "ReadingPath",
    "ReadingPlan",
    "ReadingIndex",
    "reading_index",
    "resolve_topic",
    "reading_paths",
    "reading_plan",
]

MAX_STEPS = 7
"""The longest reading path, in reviews."""

ENTITY_LABELS = ("Model", "Dataset")
"""Entity labels that count as topics and as bridges between reviews."""

ENTITY_BRIDGE_FACTOR = 0.6  # a shared model or dataset is a weaker bridge than a shared concept
BROADER_BRIDGE_FACTOR = 0.4  # reviews also meet through the broader concept of what they mention
NARROWER_ABOUTNESS = 0.5  # a review about DPO is half a review about preference optimization
MAX_NEIGHBOURS = 30  # strongest concept links kept per review (continuations are always kept)
MIN_SIMILARITY = 0.02
SPECIFIC_SHARE = 0.25  # a bridge needs a shared concept mentioned by at most this share of reviews
CONTINUATION_STRENGTH = 0.7  # a continuation of confidence 1 links like a 0.7 cosine
SKIPPING_CONTINUATION = 0.25  # share of that strength left to a continuation that skips reviews of its chain
STEP_COST = 0.05
BACKWARD_COST = 0.35
START_WEIGHT = 1.0  # starting at a review that only mentions A costs a weak step
END_WEIGHT = 2.0  # ending anywhere but at the review that answers B is expensive
REUSE_PENALTY = 0.6
SINGLE_REVIEW_COST = 0.5
FUZZY_ACCEPT = 88
FUZZY_SUGGEST = 55
BACKGROUND_SIMILAR = 3  # earlier similar reviews a plan lists as background for the topic's first review
BACKGROUND_SIMILARITY = 0.15
BACKGROUND_BROADER = 2  # broader concepts a concept plan lists as background
PLAN_LIMIT = 25

_ARXIV_ID = re.compile(r"^(?:arxiv:)?(\d{4}\.\d{4,5})(?:v\d+)?$", re.IGNORECASE)


def _join(names: list[str]) -> str:
    """``["a", "b", "c"]`` -> ``"a, b and c"``."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


@dataclass(frozen=True)
class Topic:
    """A resolved topic: what the user named and the reviews about it.

    Attributes
    ----------
    query : str
        What the user typed.
    name : str
        The canonical concept or entity name, or the review id.
    kind : str
        ``"concept"``, ``"entity"``, ``"title"`` or ``"review"``.
    reviews : dict
        Review id -> how much the review is about the topic, in ``(0, 1]``
        (1 for the review that is most about it).
    nodes : tuple of str
        The graph nodes (``"Concept:DPO"``...) a concept or entity topic stands for.
    """

    query: str
    name: str
    kind: str
    reviews: dict[str, float]
    nodes: tuple[str, ...] = ()

    def best(self) -> str:
        """The review most about the topic (the earliest among equals)."""
        return max(self.reviews, key=lambda review: (self.reviews[review], [-n for n in _id_numbers(review)]))


def _id_numbers(review_id: str) -> tuple[int, ...]:
    """``"2024-06-14-2"`` -> ``(2024, 6, 14, 2)``: review ids in posting order."""
    return tuple(int(part) for part in re.findall(r"\d+", review_id))


@dataclass(frozen=True)
class Step:
    """One review to read, and why it is there."""

    review: str
    date: str | None
    title: str | None
    arxiv: str | None
    why: str

    def to_dict(self) -> dict[str, Any]:
        """``{"review", "date", "title", "arxiv", "why"}``."""
        return asdict(self)


@dataclass(frozen=True)
class ReadingPath:
    """An ordered list of reviews from topic A to topic B; lower ``cost`` is a better path."""

    steps: list[Step]
    cost: float

    def to_dict(self) -> dict[str, Any]:
        """``{"steps": [...], "cost"}`` as the JSON output holds it."""
        return {"steps": [step.to_dict() for step in self.steps], "cost": round(self.cost, 4)}


@dataclass(frozen=True)
class ReadingPlan:
    """The reviews to read on one topic: background first, then the topic's own reviews."""

    topic: Topic
    steps: list[Step]

    def to_dict(self) -> dict[str, Any]:
        """``{"topic", "steps": [...]}``."""
        return {"topic": self.topic.name, "steps": [step.to_dict() for step in self.steps]}


@dataclass(frozen=True)
class _Link:
    """Why two reviews are neighbours: similarity and the features they share."""

    similarity: float
    shared: tuple[str, ...]  # mentioned by both, strongest bridge first
    broader: tuple[str, ...]  # reached from at least one side through a BROADER link


class ReadingIndex:
    """The review-to-review view of a graph that paths and plans run on.

    Build it once per graph (:func:`reading_index` caches it); each path is
    then a few milliseconds.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The graph of :func:`graphkb.model.to_networkx` or of a store's
        ``read_networkx()``.
    """

    def __init__(self, graph: Any):
        self.reviews: dict[str, dict[str, Any]] = {}
        self.mentions: dict[str, dict[str, float]] = defaultdict(dict)  # review -> "Label:name" -> strength
        self.mentioned_by: dict[str, dict[str, float]] = defaultdict(dict)  # "Label:name" -> review -> strength
        self.names: dict[str, str] = {}  # "Label:name" -> name
        self.aliases: dict[str, set[str]] = defaultdict(set)  # "Label:name" -> folded names and aliases
        self.broader: dict[str, set[str]] = defaultdict(set)
        self.narrower: dict[str, set[str]] = defaultdict(set)
        self.continues: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)  # source -> target -> props
        self.papers: dict[str, str] = {}  # arXiv id -> review id
        self._read(graph)
        self.skipping = self._skipping_continuations()
        self.order = {review: position for position, review in enumerate(sorted(self.reviews, key=self._date_key))}
        self._index_names()
        self._link_reviews()

    # -- reading the graph ------------------------------------------------------------------------

    def _read(self, graph: Any) -> None:
        for node, attrs in graph.nodes(data=True):
            label = attrs.get("label")
            if label == "Review":
                self.reviews[str(attrs.get("id", node.partition(":")[2]))] = {
                    "date": attrs.get("date"),
                    "title": attrs.get("title"),
                    "arxiv": None,
                }
            elif label == "Concept" or label in ENTITY_LABELS:
                name = str(attrs.get("name", node.partition(":")[2]))
                self.names[node] = name
                self.aliases[node].add(_fold(name))
                for alias in attrs.get("aliases") or ():
                    if isinstance(alias, str) and _fold(alias):
                        self.aliases[node].add(_fold(alias))
        primary: dict[str, str] = {}
        for source, target, attrs in graph.edges(data=True):
            kind = attrs.get("type")
            source_review = source.partition(":")[2] if source.startswith("Review:") else None
            if kind == "MENTIONS" and source_review in self.reviews and target in self.names:
                strength = _mention_strength(attrs.get("salience"), attrs.get("count"))
                self.mentions[source_review][target] = strength
                self.mentioned_by[target][source_review] = strength
            elif kind == "BROADER" and source in self.names and target in self.names:
                self.broader[source].add(target)
                self.narrower[target].add(source)
            elif kind == "CONTINUES" and source_review in self.reviews:
                target_review = target.partition(":")[2]
                if target_review in self.reviews and target_review != source_review:
                    self.continues[source_review][target_review] = dict(attrs)
            elif kind in ("REVIEWS", "CITES") and source_review in self.reviews:
                arxiv_id = graph.nodes[target].get("arxivId")
                if arxiv_id:
                    self.papers.setdefault(arxiv_id, source_review)
                    if kind == "REVIEWS" or source_review not in primary:
                        primary[source_review] = arxiv_id
        for review, arxiv_id in primary.items():
            self.reviews[review]["arxiv"] = arxiv_id

    def _skipping_continuations(self) -> set[tuple[str, str]]:
        """Continuations implied by a chain through other reviews (C continues A, and C → B → A also holds).

        Reading a series in order means taking the chain, so these links count less.
        """
        import networkx as nx

        chain = nx.DiGraph((source, target) for source, targets in self.continues.items() for target in targets)
        if not nx.is_directed_acyclic_graph(chain):
            return set()
        return set(chain.edges) - set(nx.transitive_reduction(chain).edges)

    def _date_key(self, review: str) -> tuple[str, tuple[int, ...]]:
        return (self.reviews[review].get("date") or review[:10], _id_numbers(review))

    def _index_names(self) -> None:
        self.by_alias: dict[str, set[str]] = defaultdict(set)
        for node, folded in self.aliases.items():
            for alias in folded:
                self.by_alias[alias].add(node)
        self.folded_titles = {review: _fold(attrs["title"] or "") for review, attrs in self.reviews.items()}

    # -- links between reviews --------------------------------------------------------------------

    def _link_reviews(self) -> None:
        total = max(len(self.reviews), 1)
        vectors: dict[str, dict[str, float]] = {}
        expanded: dict[str, dict[str, float]] = {}
        for review, mentioned in self.mentions.items():
            features = dict(mentioned)
            for node, strength in mentioned.items():
                for parent in self.broader.get(node, ()):
                    lifted = strength * BROADER_BRIDGE_FACTOR
                    if lifted > features.get(parent, 0.0):
                        features[parent] = lifted
            expanded[review] = features
        frequency: dict[str, int] = defaultdict(int)
        for features in expanded.values():
            for node in features:
                frequency[node] += 1
        self.idf = {node: math.log((1 + total) / (1 + count)) for node, count in frequency.items()}
        for review, features in expanded.items():
            vector = {}
            for node, strength in features.items():
                weight = strength * self.idf[node]
                if not node.startswith("Concept:"):
                    weight *= ENTITY_BRIDGE_FACTOR
                if weight > 0:
                    vector[node] = weight
            vectors[review] = vector
        norms = {review: math.sqrt(sum(w * w for w in vector.values())) or 1.0 for review, vector in vectors.items()}
        self.frequency = frequency
        self.specific_limit = max(2, SPECIFIC_SHARE * total)
        holders: dict[str, list[str]] = defaultdict(list)
        for review, vector in vectors.items():
            for node in vector:
                holders[node].append(review)
        pairs: set[tuple[str, str]] = set()
        for node, held in holders.items():
            if len(held) > 1 and self.is_specific(node):  # only a specific concept makes two reviews neighbours
                held.sort()
                pairs.update((first, second) for i, first in enumerate(held) for second in held[i + 1 :])
        candidates: dict[str, list[tuple[float, str, _Link]]] = defaultdict(list)
        for first, second in sorted(pairs):
            first_vector, second_vector = vectors[first], vectors[second]
            shared = {node: first_vector[node] * second_vector[node] for node in first_vector.keys() & second_vector.keys()}
            similarity = sum(shared.values()) / (norms[first] * norms[second])
            if similarity < MIN_SIMILARITY:
                continue
            ranked = sorted(shared, key=lambda node: (-shared[node], node))
            direct = tuple(n for n in ranked if n in self.mentions[first] and n in self.mentions[second])
            lifted = tuple(n for n in ranked if n not in direct)
            link = _Link(similarity, direct, lifted)
            candidates[first].append((similarity, second, link))
            candidates[second].append((similarity, first, link))
        self.links: dict[str, dict[str, _Link]] = defaultdict(dict)
        for review, found in candidates.items():
            found.sort(key=lambda item: (-item[0], item[1]))
            for _, other, link in found[:MAX_NEIGHBOURS]:
                self.links[review][other] = link
                self.links[other][review] = link
        self.edges: dict[str, list[tuple[str, float]]] = defaultdict(list)
        neighbours: dict[str, set[str]] = defaultdict(set)
        for review, linked in self.links.items():
            neighbours[review].update(linked)
        for source, targets in self.continues.items():
            for target in targets:
                neighbours[source].add(target)
                neighbours[target].add(source)
        for review, others in neighbours.items():
            for other in sorted(others, key=self.order.get):
                self.edges[review].append((other, self.step_cost(review, other)))

    def is_specific(self, node: str) -> bool:
        """Whether few enough reviews mention a concept for it to bridge two of them."""
        return self.frequency.get(node, 0) <= self.specific_limit

    def continuation(self, first: str, second: str) -> tuple[str, str, dict[str, Any]] | None:
        """The continuation between two reviews as ``(later, earlier, props)``, if either continues the other."""
        if second in self.continues.get(first, {}):
            return first, second, self.continues[first][second]
        if first in self.continues.get(second, {}):
            return second, first, self.continues[second][first]
        return None

    def strength(self, first: str, second: str) -> float:
        """How strongly two reviews are linked, in ``[0, 1]`` (shared concepts or-ed with a continuation)."""
        link = self.links.get(first, {}).get(second)
        similarity = link.similarity if link else 0.0
        continuation = self.continuation(first, second)
        if continuation:
            later, earlier, props = continuation
            confidence = min(max(_number(props.get("confidence"), 1.0), 0.0), 1.0)
            linked = CONTINUATION_STRENGTH * confidence
            if (later, earlier) in self.skipping:
                linked *= SKIPPING_CONTINUATION
            similarity = 1 - (1 - similarity) * (1 - linked)
        return min(similarity, 1.0)

    def step_cost(self, source: str, target: str) -> float:
        """Cost of reading ``target`` right after ``source``: convex in the weakness of their link."""
        weakness = 1.0 - self.strength(source, target)
        cost = STEP_COST + weakness * weakness
        if self.order[target] < self.order[source]:
            cost += BACKWARD_COST
        return cost

    # -- explanations -----------------------------------------------------------------------------

    def title_match(self, review: str, node: str) -> float:
        """How much the review's title is about a concept or entity, in ``[0, 2]``.

        2 when the title is its name, or names it before a colon ("MEDUSA: Simple LLM…",
        the paper's own method); 1 plus half the share of the title the name covers when
        the title names it elsewhere (any alias, whole words); 0 when it does not.
        """
        title = self.folded_titles.get(review, "")
        aliases = [alias for alias in self.aliases.get(node, ()) if len(alias) > 1 and f" {alias} " in f" {title} "]
        if not aliases:
            return 0.0
        head = _fold((self.reviews[review].get("title") or "").partition(":")[0])
        if head in aliases:
            return 2.0
        return 1.0 + 0.5 * max(len(alias) for alias in aliases) / len(title)

    def why_linked(self, previous: str, review: str) -> str:
        """Why ``review`` follows ``previous``: the continuation and the most specific shared concepts."""
        reasons = []
        continuation = self.continuation(previous, review)
        if continuation:
            later, earlier, _ = continuation
            if later == review:
                reasons.append(f"continues the review of {earlier}")
            else:
                reasons.append(f"the previous review ({later}) continues it")
        if review in self.links.get(previous, {}):
            reasons.append(self.shared_phrase(previous, review, "it" if continuation else "the previous review"))
        if self.order[review] < self.order[previous]:
            reasons.append("read out of posting order: it came earlier")
        return "; ".join(reasons) or "linked to the previous review"

    def shared_phrase(self, first: str, second: str, other: str) -> str:
        """What links two reviews, naming the most specific shared concepts: ``"shares X and Y with {other}"``."""
        link = self.links[first][second]
        specific = [node for node in link.shared if self.is_specific(node)]
        if specific or not link.broader:
            return f"shares {_join([self.names[node] for node in (specific or link.shared)[:3]])} with {other}"
        topics = [node for node in link.broader if self.is_specific(node)]
        narrowest = [node for node in topics if not self.narrower.get(node, set()) & set(topics)]
        return f"both it and {other} are about {_join([self.names[node] for node in narrowest[:2]])}"

    def step(self, review: str, why: str) -> Step:
        """The :class:`Step` for a review."""
        attrs = self.reviews[review]
        return Step(review=review, date=attrs.get("date"), title=attrs.get("title"), arxiv=attrs.get("arxiv"), why=why)


def _number(value: Any, default: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return default if math.isnan(number) else number


def _mention_strength(salience: Any, count: Any) -> float:
    """How much a review is about what it mentions, in ``(0, 1]``, from salience and count."""
    by_count = min(1.0, math.log1p(max(_number(count, 1.0), 1.0)) / math.log1p(6))
    value = _number(salience, -1.0)
    if value < 0:
        return max(by_count, 0.1)
    return max(0.1, min(1.0, 0.7 * min(value, 1.0) + 0.3 * by_count))


_INDEXES: "weakref.WeakKeyDictionary[Any, tuple[tuple[int, int], ReadingIndex]]" = weakref.WeakKeyDictionary()


def reading_index(graph: Any) -> ReadingIndex:
    """The :class:`ReadingIndex` of a graph, built once and cached while the graph is unchanged.

    >>> import networkx as nx
    >>> reading_index(nx.MultiDiGraph()).reviews
    {}
    """
    if isinstance(graph, ReadingIndex):
        return graph
    signature = (graph.number_of_nodes(), graph.number_of_edges())
    cached = _INDEXES.get(graph)
    if cached is None or cached[0] != signature:
        cached = (signature, ReadingIndex(graph))
        _INDEXES[graph] = cached
    return cached[1]


# -- topics ---------------------------------------------------------------------------------------


def resolve_topic(graph: Any, query: str) -> Topic:
    """Resolve what a user typed to a :class:`Topic` and the reviews about it.

    Tried in order: a review id (``2024-06-14``, ``14.06.24``), an arXiv id, a
    concept or model/dataset name or alias (case, hyphen and Hebrew-prefix
    insensitive), words of review titles, then fuzzy matching.

    Parameters
    ----------
    graph : networkx.MultiDiGraph or ReadingIndex
    query : str

    Raises
    ------
    graphkb.errors.UnknownTopicError
        Nothing matches; ``candidates`` holds the closest names.

    Examples
    --------
    >>> import networkx as nx
    >>> resolve_topic(nx.MultiDiGraph(), "DPO")
    Traceback (most recent call last):
    ...
    graphkb.errors.UnknownTopicError: unknown topic 'DPO': the graph holds no reviews (run `graphkb build` first)
    """
    index = reading_index(graph)
    text = unicodedata.normalize("NFC", query or "").strip()
    if not text:
        raise UnknownTopicError("empty topic: give a concept, a review id or words of a title")
    if not index.reviews:
        raise UnknownTopicError(f"unknown topic {text!r}: the graph holds no reviews (run `graphkb build` first)")
    review = _review_by_id(index, text)
    if review:
        return Topic(query=text, name=review, kind="review", reviews={review: 1.0})
    arxiv = _ARXIV_ID.match(text)
    if arxiv and arxiv.group(1) in index.papers:
        review = index.papers[arxiv.group(1)]
        return Topic(query=text, name=review, kind="review", reviews={review: 1.0})
    folded = _fold(text)
    for variant in _prefix_variants(text):
        if variant in index.by_alias:
            return _named_topic(index, text, index.by_alias[variant])
    titled = {review: 1.0 for review, title in index.folded_titles.items() if folded and f" {folded} " in f" {title} "}
    if titled:
        if len(titled) == 1:
            return Topic(query=text, name=next(iter(titled)), kind="review", reviews=titled)
        return Topic(query=text, name=text, kind="title", reviews=titled)
    return _fuzzy_topic(index, text, folded)


def _prefix_variants(text: str) -> list[str]:
    """The folded topic, then without a Hebrew prefix: ``"ה-DPO"`` -> ``"dpo"``, ``"בממבה"`` -> ``"ממבה"``."""
    variants = [_fold(text), *(_fold(variant) for variant in hebrew_prefix_variants(text))]
    return [variant for variant in dict.fromkeys(variants) if variant]


def _review_by_id(index: ReadingIndex, text: str) -> str | None:
    review = review_key(text)
    if review is None:
        return None
    if review in index.reviews:
        return review
    wanted = _days(review[:10])
    nearby = sorted(index.reviews, key=lambda other: abs(_days(other[:10]) - wanted))[:5] if wanted else []
    raise UnknownTopicError(f"no review has the id {review!r}", candidates=sorted(nearby, key=index.order.get))


def _days(iso: str) -> int:
    """Day number of an ISO date, 0 when it is no date."""
    try:
        return _date.fromisoformat(iso).toordinal()
    except ValueError:
        return 0


def _named_topic(index: ReadingIndex, query: str, nodes: set[str]) -> Topic:
    """A topic from concept/entity nodes that share a folded name (a concept and the model of that name)."""
    about: dict[str, float] = {}
    for node in nodes:
        for review, strength in _aboutness(index, node).items():
            about[review] = max(about.get(review, 0.0), strength)
    concepts = sorted(node for node in nodes if node.startswith("Concept:"))
    chosen = concepts[0] if concepts else sorted(nodes)[0]
    if not about:
        raise UnknownTopicError(f"no review is about {index.names[chosen]!r}")
    top = max(about.values())
    return Topic(
        query=query,
        name=index.names[chosen],
        kind="concept" if concepts else "entity",
        reviews={review: value / top for review, value in about.items()},
        nodes=tuple(sorted(nodes)),
    )


def _aboutness(index: ReadingIndex, node: str, depth: int = 4) -> dict[str, float]:
    """Review -> how much it is about a concept: mention strength plus how much its title is about it.

    Reviews of narrower concepts count at :data:`NARROWER_ABOUTNESS` per level, ``depth`` levels down.
    """
    about: dict[str, float] = {}
    for review, strength in index.mentioned_by.get(node, {}).items():
        about[review] = strength + index.title_match(review, node)
    if depth > 0:
        for child in index.narrower.get(node, ()):
            for review, strength in _aboutness(index, child, depth - 1).items():
                about[review] = max(about.get(review, 0.0), NARROWER_ABOUTNESS * strength)
    return about


def _closeness(query: str, choice: str, **_: Any) -> float:
    """How close two names are, 0-100: whole-name similarity and best partial match, equally."""
    from rapidfuzz import fuzz

    return (fuzz.token_sort_ratio(query, choice) + fuzz.WRatio(query, choice)) / 2


def _fuzzy_topic(index: ReadingIndex, text: str, folded: str) -> Topic:
    from rapidfuzz import fuzz, process

    choices = list(index.by_alias)
    if folded and choices:
        close = process.extract(folded, choices, scorer=fuzz.ratio, limit=3)
        if close and close[0][1] >= FUZZY_ACCEPT:
            return _named_topic(index, text, index.by_alias[close[0][0]])
        suggestions = process.extract(folded, choices, scorer=_closeness, limit=12, score_cutoff=FUZZY_SUGGEST)
    else:
        suggestions = []
    candidates: list[str] = []
    for alias, _, _ in suggestions:
        for node in sorted(index.by_alias[alias]):
            if index.names[node] not in candidates:
                candidates.append(index.names[node])
    raise UnknownTopicError(
        f"unknown topic {text!r}: no concept, review id or title matches it", candidates=candidates[:5]
    )


# -- paths ----------------------------------------------------------------------------------------


def reading_paths(graph: Any, a: str, b: str, k: int = 1, max_steps: int = MAX_STEPS) -> list[ReadingPath]:
    """The reviews to read, in order, to get from topic ``a`` to topic ``b``.

    Parameters
    ----------
    graph : networkx.MultiDiGraph or ReadingIndex
        The graph (see :func:`graphkb.model.to_networkx`).
    a, b : str
        Topics: concepts by any alias, model names, title words or review ids.
    k : int
        How many diverse paths to return (best first); fewer when fewer exist.
    max_steps : int
        The longest path, in reviews (at most :data:`MAX_STEPS`).

    Returns
    -------
    list of ReadingPath
        Each starts at a review about ``a`` and ends at the review that best
        answers ``b``; every step says why it is there.

    Raises
    ------
    graphkb.errors.UnknownTopicError
        ``a`` or ``b`` matches nothing.
    graphkb.errors.NoPathError
        No path of at most ``max_steps`` reviews connects them.
    """
    index = reading_index(graph)
    if k < 1:
        raise ValueError("k must be at least 1")
    max_steps = max(1, min(max_steps, MAX_STEPS))
    source, target = resolve_topic(index, a), resolve_topic(index, b)
    starts = {review: START_WEIGHT * (1 - about) for review, about in source.reviews.items()}
    ends = {review: END_WEIGHT * (1 - about) for review, about in target.reviews.items()}
    paths: list[ReadingPath] = []
    seen: set[tuple[str, ...]] = set()
    penalties: dict[str, float] = defaultdict(float)
    for _ in range(3 * k):
        found = _cheapest_walk(index, starts, ends, penalties, max_steps)
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
    if not paths:
        raise NoPathError(
            f"no reading path of at most {max_steps} reviews connects {_describe(index, source)} "
            f"to {_describe(index, target)}: no chain of reviews sharing specific concepts or "
            "continuations links them"
        )
    return paths


def _describe(index: ReadingIndex, topic: Topic) -> str:
    if topic.kind == "review":
        title = index.reviews[topic.name].get("title")
        return f"review {topic.name}" + (f" ({title})" if title else "")
    count = len(topic.reviews)
    return f"{topic.name!r} ({count} review{'s' if count != 1 else ''})"


def _cheapest_walk(
    index: ReadingIndex,
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
            for other, step in index.edges.get(review, ()):
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
            reasons.append(_endpoint(index, source, review, "starting point"))
        if position == len(walk) - 1:
            reasons.append(_endpoint(index, target, review, "goal"))
        if position > 0:
            reasons.append(index.why_linked(walk[position - 1], review))
        steps.append(index.step(review, "; ".join(reasons)))
    return ReadingPath(steps=steps, cost=cost)


def _about(index: ReadingIndex, topic: Topic, review: str) -> str:
    """Why a review belongs to a topic: ``"about Medusa (named in its title)"``, ``"the review you named"``..."""
    if topic.kind == "review" and review == topic.name:
        return "the review you named"
    if topic.kind == "title":
        return f"its title names {topic.query}"
    named = topic.nodes
    if any(index.title_match(review, node) for node in named):
        return f"about {topic.name} (named in its title)"
    if any(review in index.mentioned_by.get(node, {}) for node in named):
        return f"about {topic.name}" if topic.reviews.get(review, 0.0) >= 0.5 else f"mentions {topic.name}"
    narrower = [
        index.names[child]
        for node in named
        for child in sorted(index.narrower.get(node, ()))
        if review in index.mentioned_by.get(child, {})
    ]
    return f"about {_join(narrower[:2])}, a kind of {topic.name}" if narrower else f"about {topic.name}"


def _endpoint(index: ReadingIndex, topic: Topic, review: str, role: str) -> str:
    return f"{role}, {_about(index, topic, review)}"


# -- plans ----------------------------------------------------------------------------------------


def reading_plan(graph: Any, topic: str, limit: int = PLAN_LIMIT) -> ReadingPlan:
    """A reading plan for one topic: what its reviews build on first, then its reviews in order.

    The topic's reviews (the ``limit`` most about it when there are more)
    come last.  Before them, as background: the reviews they continue, the
    main review of each broader concept, and the earlier reviews closest to
    the topic's first review.  For a review id this answers "what should I
    read before this review?".  Within each part, a review comes after every
    review it continues, and otherwise in posting order.

    Raises
    ------
    graphkb.errors.UnknownTopicError
        The topic matches nothing.
    """
    index = reading_index(graph)
    resolved = resolve_topic(index, topic)
    ranked = sorted(resolved.reviews, key=lambda r: (-resolved.reviews[r], index.order[r]))
    own = {review: _about(index, resolved, review) for review in ranked[:limit]}
    background: dict[str, str] = {}
    for review in own:
        for ancestor, through in _continued(index, review):
            if ancestor not in own and ancestor not in background:
                background[ancestor] = f"background: continued by the review of {through}"
    first = min(own, key=index.order.get)
    parents = sorted({parent for node in resolved.nodes for parent in index.broader.get(node, ())})
    for parent in parents[:BACKGROUND_BROADER]:
        about = {r: v for r, v in _aboutness(index, parent, depth=0).items() if r not in own and r not in background}
        strong = [r for r in about if about[r] >= 0.5 * max(about.values())] if about else []
        if strong:  # the review most about the broader concept, one posted before the topic's first if any
            best = max(strong, key=lambda r: (index.order[r] < index.order[first], about[r], -index.order[r]))
            background[best] = f"background: the review about {index.names[parent]}, the broader topic"
    earlier = [
        (link.similarity, other)
        for other, link in index.links.get(first, {}).items()
        if index.order[other] < index.order[first]
        and link.similarity >= BACKGROUND_SIMILARITY
        and any(index.is_specific(node) for node in link.shared)
        and other not in own
        and other not in background
    ]
    for _, other in sorted(earlier, reverse=True)[:BACKGROUND_SIMILAR]:
        background[other] = f"background: {index.shared_phrase(other, first, f'the review of {first}')}"
    steps = [index.step(review, reason) for review, reason in _in_reading_order(index, background).items()]
    steps += [index.step(review, reason) for review, reason in _in_reading_order(index, own).items()]
    return ReadingPlan(topic=resolved, steps=steps)


def _continued(index: ReadingIndex, review: str, depth: int = 3) -> list[tuple[str, str]]:
    """Earlier reviews ``review`` continues, transitively: ``(ancestor, the review that continues it)``."""
    found: list[tuple[str, str]] = []
    frontier = [review]
    seen = {review}
    for _ in range(depth):
        following = []
        for current in frontier:
            for ancestor in sorted(index.continues.get(current, ()), key=index.order.get):
                if ancestor not in seen:
                    seen.add(ancestor)
                    found.append((ancestor, current))
                    following.append(ancestor)
        frontier = following
    return found


def _in_reading_order(index: ReadingIndex, reasons: dict[str, str]) -> dict[str, str]:
    """Reviews after everything they continue, otherwise in posting order."""
    import networkx as nx

    order = nx.DiGraph()
    order.add_nodes_from(reasons)
    for review in reasons:
        for ancestor in index.continues.get(review, ()):
            if ancestor in reasons:
                order.add_edge(ancestor, review)
    try:
        ordered = list(nx.lexicographical_topological_sort(order, key=index.order.get))
    except nx.NetworkXUnfeasible:  # a continuation cycle (bad dates): fall back to posting order
        ordered = sorted(reasons, key=index.order.get)
    return {review: reasons[review] for review in ordered}
