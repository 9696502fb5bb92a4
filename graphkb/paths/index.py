"""The review-to-review view of a graph that reading paths and plans run on.

Two reviews are linked when one *continues* the other, when one *refers* to
the other (names the method its paper introduced), or when they *share*
specific concepts: concepts few reviews mention (counting the reviews of
their narrower concepts, so a broad field is never rare) that at least one of
the two is about.  A concept more than a small share of the series mentions
(:data:`SPECIFIC_SHARE`) never bridges, and a broader concept reached through
the hierarchy is no bridge at all.  Links through common concepts only are *weak*: kept aside for
``--allow-weak``.  Reviews with almost no text (a link, "the review is here")
are never steps.

Examples
--------
>>> from graphkb.records import Extraction, Review
>>> from graphkb.model import graph_rows, to_networkx
>>> def concept(name, salience):
...     return {"name": name, "kind": "method", "aliases": [], "count": 2, "salience": salience,
...             "about": salience >= 0.5}
>>> text = "סקירה מלאה. " * 40
>>> def concepts(day):  # three reviews of 29 mention Jacobi decoding, the first two are about it
...     jacobi = [concept("Jacobi decoding", 0.9 if day <= 2 else 0.3)] if day <= 3 else []
...     return jacobi + [concept(f"topic {day}", 1.0)]
>>> reviews = [Review(id=f"2024-06-{day:02d}", date=f"2024-06-{day:02d}", title=f"Paper {day}", text=text,
...                   concepts=concepts(day)) for day in range(1, 30)]
>>> index = ReadingIndex(to_networkx(graph_rows(Extraction(reviews))))
>>> link = index.link("2024-06-01", "2024-06-02")
>>> link.via, link.shared, link.weak
('shares', ('Jacobi decoding',), False)
>>> index.link("2024-06-01", "2024-06-03") is None  # one only mentions it: too weak a bridge
True
"""

from __future__ import annotations

import math
import re
import threading
import weakref
from collections import defaultdict
from itertools import islice
from dataclasses import asdict, dataclass
from typing import Any

from graphkb.extract.folding import fold_words as fold

__all__ = [
    "ABOUT_SALIENCE",
    "SPECIFIC_SHARE",
    "THIN_WORDS",
    "Step",
    "Link",
    "ReadingIndex",
    "reading_index",
    "is_about",
    "centrality",
]

ABOUT_SALIENCE = 0.5
"""In a graph whose mentions carry no ``about`` flag, a mention this salient counts as what the review is about."""
CENTRAL = 0.3
"""A concept this central to a review (aboutness times prominence) is what the review is about, for bridges and endpoints."""
SPECIFIC_SHARE = 0.06
"""A concept mentioned (itself or through a narrower concept) by more than this share of reviews never bridges."""
THIN_WORDS = 8
"""A review with fewer words than this besides its links ("the review is here: …") is never a step of a path or
plan (unless named by its id)."""
ENTITY_LABELS = ("Model", "Dataset")
_URL = re.compile(r"\S*://\S*|www\.\S*")
_WORD = re.compile(r"\w{2,}")
WORD_COUNT_PIECE = 400  # characters of a review read at a time to tell whether it is thin
CONTINUATION_STRENGTH = 0.8  # a continuation of confidence 1 links like two reviews about the same rare concept
SKIPPING_CONTINUATION = 0.25  # left to a continuation that skips reviews of its own chain
REFERENCE_STRENGTH = 0.7
PASSING_WEIGHT = 0.5  # a concept a review only mentions counts half at that end of a bridge
MIN_BRIDGE = 0.45  # shared concepts weaker than this (a fairly common concept one review only mentions) link nothing
NEAREST_HOLDERS = 8  # reviews linked per concept on each side in posting order (keeps 100x corpora fast)
MAX_NEIGHBOURS = 30  # strongest shared-concept links kept per review
WEAK_SHARE = 0.35  # concepts commoner than this link nothing, even weakly
WEAK_FACTOR = 0.3
STEP_COST = 0.05
BACKWARD_COST = 0.35
AGAINST_PREREQUISITE_COST = 0.3  # reading what a review builds on after it


def join_names(names: list[str]) -> str:
    """``["a", "b", "c"]`` -> ``"a, b and c"``."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _word_count(text: str, enough: int) -> int:
    """Words of ``text`` outside links, counted until there are ``enough`` (a long review stops early).

    The text is read in pieces cut at spaces, which neither a word nor a link crosses.

    >>> _word_count("the review is here: https://example.com/a-b-c", 8), _word_count("word " * 5000, 8)
    (4, 8)
    """
    count, start = 0, 0
    while start < len(text) and count < enough:
        cut = text.find(" ", start + WORD_COUNT_PIECE)
        end = len(text) if cut < 0 else cut
        count += len(_WORD.findall(_URL.sub(" ", text[start:end])))
        start = end
    return min(count, enough)


def id_numbers(review_id: str) -> tuple[int, ...]:
    """``"2024-06-14-2"`` -> ``(2024, 6, 14, 2)``: review ids in posting order."""
    return tuple(int(part) for part in re.findall(r"\d+", review_id))


def _number(value: Any, default: float) -> float:
    if type(value) is float:  # the common cases, without the exception machinery
        return default if value != value else value
    if type(value) is int:
        return float(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return default if math.isnan(number) else number


def is_about(props: dict[str, Any]) -> bool:
    """Whether a MENTIONS link says the review is about the concept.

    The concept layer's ``about`` flag when the graph has it, else a salience of
    at least :data:`ABOUT_SALIENCE`.

    >>> is_about({"about": False, "salience": 0.9}), is_about({"salience": 0.6}), is_about({"count": 3})
    (False, True, False)
    """
    if props.get("about") is not None:
        return bool(props["about"])
    return _number(props.get("salience"), 0.0) >= ABOUT_SALIENCE


def centrality(props: dict[str, Any]) -> float:
    """How central a mentioned concept is to the review, in ``[0, 1]``: its aboutness times its prominence.

    Aboutness is the concept layer's ``aboutness`` when the graph has it, else 1
    for a mention :func:`is_about` says the review is about and
    :data:`PASSING_WEIGHT` for another; prominence comes from salience and count.

    >>> round(centrality({"about": True, "aboutness": 0.9, "salience": 1.0, "count": 6}), 2)
    0.9
    >>> round(centrality({"about": False, "salience": 0.2, "count": 1}), 2)
    0.12
    """
    return _aboutness(props) * _mention_strength(props.get("salience"), props.get("count"))


def _aboutness(props: dict[str, Any]) -> float:
    """How much a review is about what it mentions, in ``(0, 1]``, before its prominence (see :func:`centrality`)."""
    aboutness = _number(props.get("aboutness"), 0.0)
    if aboutness <= 0:
        aboutness = 1.0 if is_about(props) else PASSING_WEIGHT
    return min(aboutness, 1.0)


def _mention_strength(salience: Any, count: Any) -> float:
    """How much a review is about what it mentions, in ``(0, 1]``, from salience and count."""
    by_count = min(1.0, math.log1p(max(_number(count, 1.0), 1.0)) / math.log1p(6))
    value = _number(salience, -1.0)
    if value < 0:
        return max(by_count, 0.1)
    return max(0.1, min(1.0, 0.7 * min(value, 1.0) + 0.3 * by_count))


@dataclass(frozen=True)
class Step:
    """One review to read, and why it is there.

    ``via`` is how it is linked to the step before (``continues``, ``refers``
    or ``shares``; ``None`` for a first step), ``shared`` the specific concepts
    the two share, ``strength`` the link's strength in ``[0, 1]``.
    """

    review: str
    date: str | None
    title: str | None
    arxiv: str | None
    why: str
    via: str | None = None
    shared: tuple[str, ...] = ()
    strength: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """``{"review", "date", "title", "arxiv", "why", "via", "shared", "strength"}``."""
        found = asdict(self)
        found["shared"] = list(self.shared)
        found["strength"] = None if self.strength is None else round(self.strength, 3)
        return found


@dataclass(frozen=True)
class Link:
    """Why two reviews are neighbours.

    Attributes
    ----------
    strength : float
        In ``[0, 1]``: continuation, reference and shared concepts or-ed.
    via : str
        ``"continues"``, ``"refers"`` or ``"shares"`` (the strongest kind present).
    shared : tuple of str
        The specific concepts both mention, strongest bridge first.
    weak : bool
        Linked only through concepts too common to bridge (``generic`` names them).
    generic : tuple of str
    """

    strength: float
    via: str
    shared: tuple[str, ...] = ()
    weak: bool = False
    generic: tuple[str, ...] = ()


class ReadingIndex:
    """The review-to-review view of a graph.

    Build it once per graph (:func:`reading_index` caches it); each path is
    then a few milliseconds.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The graph of :func:`graphkb.model.to_networkx` or of a store's ``read_networkx()``.
    """

    def __init__(self, graph: Any):
        self.reviews: dict[str, dict[str, Any]] = {}
        self.mentions: dict[str, dict[str, float]] = defaultdict(dict)  # review -> "Label:name" -> strength
        self.centrality: dict[str, dict[str, float]] = defaultdict(dict)  # review -> concept node -> centrality
        self.about: dict[str, set[str]] = defaultdict(set)  # review -> concept nodes central to it
        self.mentioned_by: dict[str, dict[str, float]] = defaultdict(dict)  # node -> review -> strength
        self.names: dict[str, str] = {}  # "Label:name" -> name
        self.aliases: dict[str, set[str]] = defaultdict(set)  # node -> folded names and aliases
        self.broader: dict[str, set[str]] = defaultdict(set)
        self.narrower: dict[str, set[str]] = defaultdict(set)
        self.continues: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)  # later -> earlier -> props
        self.refers: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)  # source -> target -> props
        self.introduced_by: dict[str, set[str]] = defaultdict(set)  # concept node -> reviews of its paper
        self.papers: dict[str, str] = {}  # arXiv id -> review id
        self.texts: dict[str, str] = {}  # review -> title and text, for text search
        self.thin: set[str] = set()
        self._read(graph)
        self.order = {review: position for position, review in enumerate(sorted(self.reviews, key=self._date_key))}
        self.skipping = self._skipping_continuations()
        self.by_alias: dict[str, set[str]] = defaultdict(set)
        for node, folded in self.aliases.items():
            for alias in folded:
                self.by_alias[alias].add(node)
        self.folded_titles = {review: fold(attrs["title"] or "") for review, attrs in self.reviews.items()}
        self._count_families()
        self.links: dict[str, dict[str, Link]] = defaultdict(dict)
        self.bridging = self._bridges()  # review -> specific concept it mentions -> centrality
        self.edges = self._strict_edges()
        self._weak_links: dict[str, dict[str, Link]] = {}
        self._weak_edges: dict[str, list[tuple[str, float]]] | None = None
        self._weak_lock = threading.Lock()

    # -- reading the graph ------------------------------------------------------------------------

    def _read(self, graph: Any) -> None:
        for node, attrs in graph.nodes(data=True):
            label = attrs.get("label")
            if label == "Review":
                review = str(attrs.get("id", node.partition(":")[2]))
                self.reviews[review] = {"date": attrs.get("date"), "title": attrs.get("title"), "arxiv": None}
                self.texts[review] = f"{attrs.get('title') or ''}\n{attrs.get('text') or ''}"
                if _word_count(attrs.get("text") or "", THIN_WORDS) < THIN_WORDS:
                    self.thin.add(review)
            elif label == "Concept" or label in ENTITY_LABELS:
                name = str(attrs.get("name", node.partition(":")[2]))
                self.names[node] = name
                self.aliases[node].add(fold(name))
                for alias in attrs.get("aliases") or ():
                    if isinstance(alias, str) and fold(alias):
                        self.aliases[node].add(fold(alias))
        reviewed_by: dict[str, list[str]] = defaultdict(list)
        introductions: list[tuple[str, str]] = []
        for source, target, attrs in graph.edges(data=True):
            kind = attrs.get("type")
            source_review = source.partition(":")[2] if source.startswith("Review:") else None
            target_review = target.partition(":")[2] if target.startswith("Review:") else None
            if kind == "MENTIONS" and source_review in self.reviews and target in self.names:
                strength = _mention_strength(attrs.get("salience"), attrs.get("count"))
                self.mentions[source_review][target] = strength
                self.mentioned_by[target][source_review] = strength
                if target.startswith("Concept:"):
                    self.centrality[source_review][target] = _aboutness(attrs) * strength
                    if self.centrality[source_review][target] >= CENTRAL:
                        self.about[source_review].add(target)
            elif kind == "BROADER" and source in self.names and target in self.names:
                self.broader[source].add(target)
                self.narrower[target].add(source)
            elif kind in ("CONTINUES", "REFERS_TO") and source_review in self.reviews:
                if target_review in self.reviews and target_review != source_review:
                    (self.continues if kind == "CONTINUES" else self.refers)[source_review][target_review] = dict(attrs)
            elif kind in ("REVIEWS", "CITES") and source_review in self.reviews:
                if kind == "REVIEWS":
                    reviewed_by[target].append(source_review)
                arxiv_id = graph.nodes[target].get("arxivId")
                if arxiv_id:
                    self.papers.setdefault(arxiv_id, source_review)
                    if kind == "REVIEWS":
                        self.reviews[source_review]["arxiv"] = arxiv_id
            elif kind == "INTRODUCES":
                introductions.append((source, target))
        for paper, concept in introductions:
            if reviewed_by.get(paper) and concept in self.names:
                first = min(reviewed_by[paper], key=self._date_key)  # a paper reviewed again introduces nothing new
                self.introduced_by[concept].add(first)
                self.about[first].add(concept)
                self.centrality[first][concept] = 1.0

    def _date_key(self, review: str) -> tuple[str, tuple[int, ...]]:
        return (self.reviews[review].get("date") or review[:10], id_numbers(review))

    def _skipping_continuations(self) -> set[tuple[str, str]]:
        """Continuations implied by a chain through other reviews (C continues A, and C → B → A also holds).

        Reading a series in order means taking the chain, so these links count less.
        """
        import networkx as nx

        chain = nx.DiGraph((source, target) for source, targets in self.continues.items() for target in targets)
        if not nx.is_directed_acyclic_graph(chain):
            return set()
        return set(chain.edges) - set(nx.transitive_reduction(chain).edges)

    def _count_families(self) -> None:
        """How many reviews mention each concept or one of its narrower concepts, and how rare that makes it."""
        family: dict[str, set[str]] = {}

        def reviews_of(node: str, trail: frozenset[str]) -> set[str]:
            if node not in family:
                found = set(self.mentioned_by.get(node, ()))
                for child in self.narrower.get(node, ()):
                    if child not in trail:
                        found |= reviews_of(child, trail | {child})
                family[node] = found
            return family[node]

        total = max(len(self.reviews), 2)
        self.frequency = {node: len(reviews_of(node, frozenset({node}))) for node in self.names}
        self.specific_limit = max(3.0, SPECIFIC_SHARE * total)
        self.weak_limit = max(3.0, WEAK_SHARE * total)
        self.specificity = {
            node: max(0.0, min(1.0, math.log(total / max(count, 1)) / math.log(total)))
            for node, count in self.frequency.items()
        }

    def is_specific(self, node: str) -> bool:
        """Whether a concept is rare enough (itself and its narrower concepts) to bridge two reviews."""
        return node.startswith("Concept:") and self.frequency.get(node, 0) <= self.specific_limit

    # -- links between reviews --------------------------------------------------------------------

    def _holders(self, limit: float) -> dict[str, list[str]]:
        """Concept -> the reviews (no thin ones) mentioning it, in posting order, for concepts at most ``limit`` common."""
        holders: dict[str, list[str]] = {}
        for node, mentioned in self.mentioned_by.items():
            if node.startswith("Concept:") and 1 < len(mentioned) and self.frequency.get(node, 0) <= limit:
                held = sorted((r for r in mentioned if r not in self.thin), key=self.order.__getitem__)
                if len(held) > 1:
                    holders[node] = held
        return holders

    def _nearby_pairs(self, holders: dict[str, list[str]], about_only: bool) -> set[tuple[str, str]]:
        """Pairs ``(earlier, later)`` of reviews holding a concept, at most :data:`NEAREST_HOLDERS` holders apart in
        posting order; with ``about_only``, one of the two must be about the concept."""
        pairs: set[tuple[str, str]] = set()
        for node, held in holders.items():
            central = [node in self.about.get(review, ()) for review in held] if about_only else None
            for gap in range(1, NEAREST_HOLDERS + 1):
                if central is None:
                    pairs.update(zip(held, held[gap:]))
                else:
                    pairs.update((a, b) for a, b, about_a, about_b in zip(held, held[gap:], central, central[gap:])
                                 if about_a or about_b)
        return pairs

    def _bridges(self) -> dict[str, dict[str, float]]:
        """Review -> the specific concepts it mentions (those that may bridge it to another review) -> their centrality."""
        return {
            review: {node: self.centrality[review].get(node, 0.0) for node in mentioned if self.is_specific(node)}
            for review, mentioned in self.mentions.items()
        }

    def _shared_link(self, first: str, second: str) -> Link | None:
        """The link of two reviews through the concepts they share, if any specific one bridges them."""
        mine, theirs = self.bridging.get(first, {}), self.bridging.get(second, {})
        about_first, about_second = self.about.get(first, ()), self.about.get(second, ())
        bridges: dict[str, float] = {}
        for node in mine.keys() & theirs.keys():
            if node in about_first or node in about_second:
                bridges[node] = self.specificity[node] * math.sqrt(mine[node] * theirs[node])
        missing = 1.0
        for value in bridges.values():
            missing *= 1.0 - value
        if 1.0 - missing < MIN_BRIDGE:
            return None
        ranked = sorted(bridges, key=lambda node: (-bridges[node], node))
        return Link(strength=1.0 - missing, via="shares", shared=tuple(self.names[node] for node in ranked))

    def _strict_edges(self) -> dict[str, list[tuple[str, float]]]:
        candidates: dict[str, list[tuple[float, str, Link]]] = defaultdict(list)
        for first, second in sorted(self._nearby_pairs(self._holders(self.specific_limit), about_only=True)):
            link = self._shared_link(first, second)
            if link is not None:
                candidates[first].append((link.strength, second, link))
                candidates[second].append((link.strength, first, link))
        for review, found in candidates.items():
            found.sort(key=lambda item: (-item[0], self.order[item[1]]))
            for _, other, link in found[:MAX_NEIGHBOURS]:
                self.links[review][other] = link
                self.links[other][review] = link
        for kind in (self.continues, self.refers):
            for source, targets in kind.items():
                for target in targets:
                    if source not in self.thin and target not in self.thin:
                        link = self._combined(source, target)
                        self.links[source][target] = self.links[target][source] = link
        return self._costed(self.links)

    def _combined(self, first: str, second: str) -> Link:
        """The link of two reviews one of which continues or refers to the other, with what they share."""
        shared = self.links.get(first, {}).get(second) or self._shared_link(first, second)
        missing = 1.0 - (shared.strength if shared else 0.0)
        via = "shares"
        for kind, name, strength in ((self.refers, "refers", REFERENCE_STRENGTH), (self.continues, "continues", CONTINUATION_STRENGTH)):
            for later, earlier in ((first, second), (second, first)):
                props = kind.get(later, {}).get(earlier)
                if props is not None:
                    linked = strength * min(max(_number(props.get("confidence"), 1.0), 0.0), 1.0)
                    if name == "continues" and (later, earlier) in self.skipping:
                        linked *= SKIPPING_CONTINUATION
                    missing *= 1.0 - linked
                    via = name
        return Link(strength=1.0 - missing, via=via, shared=shared.shared if shared else ())

    def _costed(self, links: dict[str, dict[str, Link]]) -> dict[str, list[tuple[str, float]]]:
        order = self.order
        return {
            review: [(other, self._cost(review, other, linked[other])) for other in sorted(linked, key=order.__getitem__)]
            for review, linked in links.items()
        }

    def weak_edges(self) -> dict[str, list[tuple[str, float]]]:
        """The strict edges plus weak ones (reviews sharing only common concepts), built on first use (once, whichever
        thread asks first)."""
        with self._weak_lock:
            if self._weak_edges is None:
                self._weak_edges = self._build_weak_edges()
        return self._weak_edges

    def _build_weak_edges(self) -> dict[str, list[tuple[str, float]]]:
        specificity = self.specificity
        ranked = {  # a review's concepts, most specific first: the first ones another review shares are what links them
            review: sorted((node for node in mentioned if node.startswith("Concept:")), key=lambda node: (-specificity[node], node))
            for review, mentioned in self.mentions.items()
        }
        made: dict[tuple[str, ...], Link] = {}  # one Link per generic trio: most weak links share a few common concepts
        weak: dict[str, dict[str, Link]] = defaultdict(dict)
        for first, second in self._nearby_pairs(self._holders(self.weak_limit), about_only=False):
            if second in self.links.get(first, {}):
                continue
            theirs = self.mentions[second]
            common = tuple(islice((node for node in ranked[first] if node in theirs), 3))
            link = made.get(common)
            if link is None:
                link = made[common] = Link(strength=WEAK_FACTOR * specificity[common[0]], via="shares", weak=True,
                                           generic=tuple(self.names[node] for node in common))
            weak[first][second] = weak[second][first] = link
        costed = self._costed(weak)
        order = self.order.__getitem__
        edges = {review: sorted(self.edges.get(review, []) + costed.get(review, []), key=lambda edge: order(edge[0]))
                 for review in self.edges.keys() | costed.keys()}
        for review, linked in self.links.items():
            weak[review].update(linked)
        self._weak_links = weak
        return edges

    def link(self, first: str, second: str) -> Link | None:
        """The link between two reviews (strict, else weak once :meth:`weak_edges` was built), if any."""
        found = self.links.get(first, {}).get(second)
        if found is None and self._weak_edges is not None:
            found = self._weak_links.get(first, {}).get(second)
        return found

    def builds_on(self, later: str, earlier: str) -> bool:
        """Whether ``later`` continues or refers to ``earlier``."""
        return earlier in self.continues.get(later, {}) or earlier in self.refers.get(later, {})

    def _cost(self, source: str, target: str, link: Link) -> float:
        """Cost of reading ``target`` right after ``source``: convex in the weakness of their link."""
        weakness = 1.0 - link.strength
        cost = STEP_COST + weakness * weakness
        if self.order[target] < self.order[source]:
            cost += BACKWARD_COST
        if self.builds_on(source, target):
            cost += AGAINST_PREREQUISITE_COST
        return cost

    def step_cost(self, source: str, target: str) -> float:
        """Cost of reading ``target`` right after ``source`` (infinite when they are not linked)."""
        link = self.link(source, target)
        return math.inf if link is None else self._cost(source, target, link)

    # -- explanations -----------------------------------------------------------------------------

    def why_linked(self, previous: str, review: str) -> str:
        """Why ``review`` follows ``previous``: the continuation or reference, and the specific shared concepts."""
        link = self.link(previous, review)
        if link is None:
            return "linked to the previous review"
        reasons = []
        for later, earlier in ((review, previous), (previous, review)):
            if earlier in self.continues.get(later, {}):
                reasons.append(f"continues the review of {earlier}" if later == review else f"the previous review ({later}) continues it")
            props = self.refers.get(later, {}).get(earlier)
            if props is not None:
                name = props.get("name") or "it"
                reasons.append(f"refers to the review of {earlier} (names {name})" if later == review
                               else f"the previous review ({later}) refers to it (names {name})")
        if link.shared:
            other = "it" if reasons else "the previous review"
            reasons.append(f"shares {join_names(list(link.shared[:3]))} with {other}")
        if link.weak:
            reasons.append(f"(weak: shares only {join_names(list(link.generic))})")
        if self.order[review] < self.order[previous]:
            reasons.append("read out of posting order: it came earlier")
        return "; ".join(reasons)

    def step(self, review: str, why: str, previous: str | None = None) -> Step:
        """The :class:`Step` for a review, linked to ``previous`` when given."""
        attrs = self.reviews[review]
        link = self.link(previous, review) if previous else None
        return Step(
            review=review,
            date=attrs.get("date"),
            title=attrs.get("title"),
            arxiv=attrs.get("arxiv"),
            why=why,
            via=link.via if link else None,
            shared=link.shared if link else (),
            strength=link.strength if link else None,
        )


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
