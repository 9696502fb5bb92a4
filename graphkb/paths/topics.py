"""What a user names as a topic, resolved to the reviews about it.

A topic is a review id (``2024-06-14``, ``14.06.24``), an arXiv id, a concept
or model/dataset name or alias (case, hyphen and Hebrew-prefix insensitive),
words of review titles, a close spelling of a name, or, failing those, words
the reviews themselves use: a lexicon concept no review names is expanded to
its aliases and narrower concepts ("model merging" -> "weight averaging"),
and the reviews are searched for them, ranked like BM25 (``rank_bm25``), with
Hebrew prefixes and English endings folded.  How much a review is about a
concept comes from aboutness (what the concept layer says the review is
about), never from its title alone.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import weakref
from collections import Counter
from dataclasses import dataclass
from datetime import date as _date
from itertools import chain
from typing import Any

from graphkb.errors import UnknownTopicError
from graphkb.extract.folding import hebrew_prefix_variants
from graphkb.lookup import review_key
from graphkb.paths.index import ReadingIndex, fold, id_numbers, join_names, reading_index

__all__ = ["Topic", "resolve_topic", "search_reviews", "prepare_text_search", "aboutness", "describe_membership", "PASSING_ABOUT", "NARROWER_ABOUTNESS"]

PASSING_ABOUT = 0.35  # a review that only mentions a concept is this much about it, times its mention strength
NARROWER_ABOUTNESS = 0.5  # a review about DPO is half a review about preference optimization
FUZZY_ACCEPT = 88
FUZZY_SUGGEST = 55
SEARCH_KEEP = 0.5  # text-search hits kept: those scoring at least this share of the best
SEARCH_LIMIT = 8
SUGGESTIONS = 6

_ARXIV_ID = re.compile(r"^(?:arxiv:)?(\d{4}\.\d{4,5})(?:v\d+)?$", re.IGNORECASE)
_HEBREW_LETTER = re.compile(r"^[\u05d0-\u05ea]")
_WORD = re.compile(r"[A-Za-z0-9]+|[\u05d0-\u05ea]+")
_ENGLISH_ENDING = re.compile(r"(?:ing|ed|es|s)$")


@dataclass(frozen=True)
class Topic:
    """A resolved topic: what the user named and the reviews about it.

    Attributes
    ----------
    query : str
        What the user typed.
    name : str
        The canonical concept or entity name, the review id, or the searched words.
    kind : str
        ``"concept"``, ``"entity"``, ``"title"``, ``"text"`` (found by text search) or ``"review"``.
    reviews : dict
        Review id -> how much the review is about the topic, in ``(0, 1]``.
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
        return max(self.reviews, key=lambda review: (self.reviews[review], [-n for n in id_numbers(review)]))


def resolve_topic(graph: Any, query: str) -> Topic:
    """Resolve what a user typed to a :class:`Topic` and the reviews about it.

    Parameters
    ----------
    graph : networkx.MultiDiGraph or ReadingIndex
    query : str

    Raises
    ------
    graphkb.errors.UnknownTopicError
        Nothing matches; ``candidates`` holds the concepts of the reviews a text
        search finds and the closest names.

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
    folded = fold(text)
    for variant in _prefix_variants(text):
        if variant in index.by_alias:
            return _named_topic(index, text, index.by_alias[variant])
    titled = {r: 1.0 for r, title in index.folded_titles.items() if folded and f" {folded} " in f" {title} " and r not in index.thin}
    if titled:
        if len(titled) == 1:
            return Topic(query=text, name=next(iter(titled)), kind="review", reviews=titled)
        return Topic(query=text, name=text, kind="title", reviews=titled)
    return _fuzzy_or_searched(index, text, folded)


def _prefix_variants(text: str) -> list[str]:
    """The folded topic, then without a Hebrew prefix: ``"ה-DPO"`` -> ``"dpo"``, ``"בממבה"`` -> ``"ממבה"``."""
    variants = [fold(text), *(fold(variant) for variant in hebrew_prefix_variants(text))]
    return [variant for variant in dict.fromkeys(variants) if variant]


def _review_by_id(index: ReadingIndex, text: str) -> str | None:
    """The review an id or printed date names (``14.06.24``), ``None`` when ``text`` is neither."""
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
        for review, value in aboutness(index, node).items():
            about[review] = max(about.get(review, 0.0), value)
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


def aboutness(index: ReadingIndex, node: str, depth: int = 4) -> dict[str, float]:
    """Review -> how much it is about a concept or entity: how central the concept is to it.

    An entity (no aboutness) counts at :data:`PASSING_ABOUT` times its mention
    strength.  Reviews of narrower concepts count at :data:`NARROWER_ABOUTNESS`
    per level, ``depth`` levels down.  (Paths and plans leave thin reviews out.)
    """
    about: dict[str, float] = {}
    for review, strength in index.mentioned_by.get(node, {}).items():
        about[review] = index.centrality.get(review, {}).get(node, PASSING_ABOUT * strength)
    if depth > 0:
        for child in index.narrower.get(node, ()):
            for review, value in aboutness(index, child, depth - 1).items():
                about[review] = max(about.get(review, 0.0), NARROWER_ABOUTNESS * value)
    return about


# -- text search ----------------------------------------------------------------------------------


def _word_terms(text: str) -> list[frozenset[str]]:
    """The search terms of each word of a text: the folded word, without a Hebrew prefix, without an English ending.

    >>> [sorted(terms, key=len) for terms in _word_terms("ובמיזוג weight averaging")]
    [['מיזוג', 'במיזוג', 'ובמיזוג'], ['weight'], ['averag']]
    """
    return list(map(_terms_of_word, _WORD.findall(unicodedata.normalize("NFC", text).casefold())))


@functools.lru_cache(maxsize=1 << 17)  # a series reuses its words: each is worked out once
def _terms_of_word(word: str) -> frozenset[str]:
    if _HEBREW_LETTER.match(word):
        return frozenset({word, *(variant for variant in hebrew_prefix_variants(word) if len(variant) >= 3)})
    return frozenset({_ENGLISH_ENDING.sub("", word) if len(word) > 4 else word})


def _terms(text: str) -> list[str]:
    """All search terms of a text, in order (a bag for BM25)."""
    return [term for terms in _word_terms(text) for term in sorted(terms, key=len, reverse=True)]


def _holds_phrase(words: list[frozenset[str]], phrase: list[frozenset[str]]) -> bool:
    """Whether a text's words hold the phrase's words next to each other, in order.

    >>> _holds_phrase(_word_terms("ממצעים את המשקלים: weight averaged models"), _word_terms("weight averaging"))
    True
    >>> _holds_phrase(_word_terms("modular arithmetic tasks"), _word_terms("task arithmetic"))
    False
    """
    width, first = len(phrase), phrase[0]
    return any(
        not first.isdisjoint(words[start]) and all(not words[start + offset].isdisjoint(phrase[offset]) for offset in range(1, width))
        for start in range(len(words) - width + 1)
    )


def _bm25(documents: list[list[str]]):
    """``rank_bm25.BM25Okapi`` over ``documents``, each document's terms counted by :class:`collections.Counter`.

    The same counts, in the same order, as rank_bm25's own loop (0.2.2), several times faster on 20,000 reviews.
    """
    from rank_bm25 import BM25Okapi

    class CountedBM25(BM25Okapi):
        def _initialize(self, corpus):
            holders: Counter[str] = Counter()  # term -> documents holding it
            for document in corpus:
                self.doc_len.append(len(document))
                counts = Counter(document)
                self.doc_freqs.append(counts)
                holders.update(counts.keys())
            self.corpus_size = len(self.doc_len)
            self.avgdl = sum(self.doc_len) / self.corpus_size
            return holders

    return CountedBM25(documents)


class _TextIndex:
    """BM25 over the reviews' titles and texts (``rank_bm25.BM25Okapi``)."""

    def __init__(self, index: ReadingIndex, texts: dict[str, str]):
        self.reviews = [review for review in sorted(texts, key=index.order.__getitem__) if review not in index.thin]
        self.words = [_word_terms(texts[review]) for review in self.reviews]
        documents = [list(chain.from_iterable(words)) for words in self.words]
        self.bm25 = _bm25(documents) if documents else None

    def search(self, phrases: list[str]) -> dict[str, float]:
        """Review -> BM25 score, for the reviews that hold at least one of the phrases, word for word."""
        if self.bm25 is None:
            return {}
        wanted = [terms for terms in (_word_terms(phrase) for phrase in phrases) if terms]
        query = sorted({term for terms in wanted for word in terms for term in word})
        if not query:
            return {}
        scores = self.bm25.get_scores(query)
        return {
            review: float(score)
            for review, words, counts, score in zip(self.reviews, self.words, self.bm25.doc_freqs, scores)
            if score > 0 and any(all(not counts.keys().isdisjoint(terms) for terms in phrase) and _holds_phrase(words, phrase)
                                 for phrase in wanted)
        }

    def rank(self, phrases: list[str]) -> list[str]:
        """Reviews by BM25 score for the phrases' terms, whatever they hold (for suggestions)."""
        if self.bm25 is None:
            return []
        query = sorted({term for phrase in phrases for term in _terms(phrase)})
        scores = self.bm25.get_scores(query) if query else []
        return [review for score, review in sorted(zip(scores, self.reviews), key=lambda item: -item[0]) if score > 0]


_TEXT_INDEXES: "weakref.WeakKeyDictionary[ReadingIndex, _TextIndex]" = weakref.WeakKeyDictionary()


def prepare_text_search(index: ReadingIndex) -> None:
    """Build the text search of ``index`` now (it is otherwise built by the first topic that needs it)."""
    _text_index(index)


def _text_index(index: ReadingIndex) -> _TextIndex:
    """The text search of a reading index, built on first use."""
    found = _TEXT_INDEXES.get(index)
    if found is None:
        found = _TEXT_INDEXES[index] = _TextIndex(index, index.texts)
    return found


def _lexicon_phrases(folded: str) -> tuple[str, list[str]] | None:
    """A lexicon concept the graph lacks, by any alias: its name and the phrases that name it or a narrower concept."""
    from graphkb.extract.lexicon import load_lexicon

    lexicon = load_lexicon()
    for name, entry in lexicon.items():
        if folded in {fold(name), *(fold(alias) for alias in entry.aliases)}:
            phrases = [name, *entry.aliases]
            for other, child in lexicon.items():
                if name in child.broader:
                    phrases += [other, *child.aliases]
            return name, phrases
    return None


def search_reviews(graph: Any, query: str) -> dict[str, float]:
    """Reviews whose own words answer ``query`` (or, for a lexicon concept, its aliases), best first.

    Scores are BM25 scores scaled to ``(0, 1]``; hits under :data:`SEARCH_KEEP`
    of the best are dropped.
    """
    index = reading_index(graph)
    folded = fold(query)
    expanded = _lexicon_phrases(folded)
    phrases = expanded[1] if expanded else [query]
    scores = _text_index(index).search(phrases)
    if not scores:
        return {}
    top = max(scores.values())
    kept = sorted((r for r in scores if scores[r] >= SEARCH_KEEP * top), key=lambda r: -scores[r])[:SEARCH_LIMIT]
    return {review: scores[review] / top for review in kept}


def _fuzzy_or_searched(index: ReadingIndex, text: str, folded: str) -> Topic:
    from rapidfuzz import fuzz, process

    choices = list(index.by_alias)
    if folded and choices:
        close = process.extract(folded, choices, scorer=fuzz.ratio, limit=3)
        if close and close[0][1] >= FUZZY_ACCEPT:
            return _named_topic(index, text, index.by_alias[close[0][0]])
    found = search_reviews(index, text)
    if found:
        expanded = _lexicon_phrases(folded)
        return Topic(query=text, name=expanded[0] if expanded else text, kind="text", reviews=found)
    raise UnknownTopicError(
        f"unknown topic {text!r}: no concept, review id, title or review text matches it",
        candidates=_suggestions(index, text, folded, choices),
    )


def _suggestions(index: ReadingIndex, text: str, folded: str, choices: list[str]) -> list[str]:
    """What the reviews a looser text search finds are about, then the closest names."""
    from rapidfuzz import process

    candidates: list[str] = []
    for review in _text_index(index).rank([text])[:3]:
        for node in sorted(index.about.get(review, ()), key=lambda n: -index.specificity.get(n, 0.0)):
            if index.is_specific(node) and index.names[node] not in candidates:
                candidates.append(index.names[node])
                break
    close = process.extract(folded, choices, scorer=_closeness, limit=12, score_cutoff=FUZZY_SUGGEST) if folded else []
    for alias, _, _ in close:
        for node in sorted(index.by_alias[alias]):
            if index.names[node] not in candidates:
                candidates.append(index.names[node])
    return candidates[:SUGGESTIONS]


def _closeness(query: str, choice: str, **_: Any) -> float:
    """How close two names are, 0-100: whole-name similarity and best partial match, equally."""
    from rapidfuzz import fuzz

    return (fuzz.token_sort_ratio(query, choice) + fuzz.WRatio(query, choice)) / 2


def describe_membership(index: ReadingIndex, topic: Topic, review: str) -> str:
    """Why a review belongs to a topic: ``"about Medusa"``, ``"mentions DPO"``, ``"the review you named"``..."""
    if topic.kind == "review" and review == topic.name:
        return "the review you named"
    if topic.kind == "title":
        return f"its title names {topic.query}"
    if topic.kind == "text":
        return f"its text is about {topic.name}"
    if any(review in index.introduced_by.get(node, ()) for node in topic.nodes):
        return f"about {topic.name} (its paper introduces it)"
    if any(node in index.about.get(review, ()) for node in topic.nodes):
        return f"about {topic.name}"
    if any(review in index.mentioned_by.get(node, {}) for node in topic.nodes):
        return f"mentions {topic.name}"
    narrower = [
        index.names[child]
        for node in topic.nodes
        for child in sorted(index.narrower.get(node, ()))
        if review in index.mentioned_by.get(child, {})
    ]
    return f"about {join_names(narrower[:2])}, a kind of {topic.name}" if narrower else f"about {topic.name}"
