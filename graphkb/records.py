"""The records extraction produces and everything else reads: reviews and their typed payloads.

A :class:`Review`'s fields are the extraction contract; ``to_dict`` gives the
JSON object written by ``graphkb extract --format jsonl``.  Its concept
mentions, entity mentions and continuation links are plain dicts (the JSON
contract) typed by :class:`ConceptMention`, :class:`EntityMention` and
:class:`ContinuationLink`: every key of the type is present, a record made
with fewer (by hand, in a test) has the rest filled with defaults when it is
set on a review, and keys beyond them are kept.  An :class:`Extraction` holds the reviews of a corpus
with what is computed over all of them (series, RELATED links).

Examples
--------
>>> review = Review(id="a", date="2024-06-14", concepts=[{"name": "DPO", "kind": "method"}])
>>> review.concepts[0]["count"], review.concepts[0]["broader"]
(1, [])
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields
from typing import Any, Mapping, NotRequired, TypedDict

__all__ = [
    "Review",
    "Extraction",
    "ConceptMention",
    "EntityMention",
    "ContinuationLink",
    "SeriesRecord",
    "RelatedLink",
    "Introduction",
    "ReferenceLink",
    "DATE_CONFIDENCES",
    "CONTINUATION_KINDS",
    "ENTITY_TYPES",
]

DATE_CONFIDENCES = ("printed", "repaired", "inferred")
CONTINUATION_KINDS = ("yesterday", "explicit_date", "recent_series", "announced_followup", "earlier_topic")
ENTITY_TYPES = ("Organization", "Person", "Model", "Dataset")


class ConceptMention(TypedDict):
    """What a review says of one concept.

    The pipeline adds the signals aboutness is judged by (``in_title``, ``in_opening``, ``first``: where the
    body first names it as a share of its length, ``generic``, ``peers``: how many of the review's other concepts
    the sentence that first names it also names, ``referenced``: how many of its body mentions stand in a sentence
    that refers to another review of the series) and the verdict: ``about`` (one of the 4–10
    concepts the review is about) and ``aboutness`` (a score in [0, 1]); see :mod:`graphkb.extract.aboutness`.
    """

    name: str
    kind: str
    aliases: list[str]
    count: int
    salience: float
    evidence: str | None
    broader: list[str]
    in_title: NotRequired[bool]
    in_opening: NotRequired[bool]
    first: NotRequired[float | None]
    generic: NotRequired[bool]
    peers: NotRequired[int]
    referenced: NotRequired[int]
    about: NotRequired[bool]
    aboutness: NotRequired[float]


class EntityMention(TypedDict):
    """How often a review names an organisation, person, model or dataset."""

    name: str
    type: str
    count: int


class ContinuationLink(TypedDict):
    """A review's link to an earlier review it continues."""

    target: str
    kind: str
    evidence: str
    confidence: float


class SeriesRecord(TypedDict):
    """A series of linked reviews (see :func:`graphkb.extract.continuations.find_series`)."""

    id: str
    name: str
    start: str
    end: str
    reviews: list[str]


class RelatedLink(TypedDict):
    """Two concepts reviews mention together (see :func:`graphkb.extract.cooccurrence.related_concepts`)."""

    source: str
    target: str
    weight: float
    reviews: int


class Introduction(TypedDict):
    """A review's paper introduces a method (see :func:`graphkb.extract.references.link_references`);
    ``concept`` is ``None`` when the method is no concept of the reviews."""

    review: str
    concept: str | None
    name: str


class ReferenceLink(TypedDict):
    """A review names what an earlier review's paper introduced (see :func:`graphkb.extract.references.link_references`)."""

    source: str
    target: str
    name: str
    evidence: str
    confidence: float


_DEFAULTS: dict[str, dict[str, Any]] = {
    "concepts": {"kind": "concept", "aliases": [], "count": 1, "salience": 0.0, "evidence": None, "broader": []},
    "entities": {"count": 1},
    "continues": {"evidence": "", "confidence": 1.0},
}


def _complete(payload: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    """``payload`` with every missing key of its type set to its default (a complete payload is returned as is)."""
    if all(key in payload for key in defaults):
        return payload
    return {**payload, **{key: (list(value) if isinstance(value, list) else value) for key, value in defaults.items() if key not in payload}}


def _copied(value: Any) -> Any:
    """A deep copy of a field's JSON-like value: containers rebuilt, immutable leaves shared.

    ``dataclasses.asdict`` does the same through a generic recursion several times slower on a corpus of reviews.
    """
    if value is None or isinstance(value, (str, int, float)):
        return value
    if isinstance(value, list):
        return [_copied(item) for item in value]
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    return copy.deepcopy(value)


@dataclass
class Review:
    """One review of the series.

    Examples
    --------
    >>> r = Review(id="2024-06-14", date="2024-06-14", title="CLLMs", line_start=133, line_end=149)
    >>> r.to_dict()["id"]
    '2024-06-14'
    """

    id: str
    date: str
    title: str | None = None
    line_start: int = 0
    line_end: int = 0
    date_confidence: str = "printed"
    arxiv: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    social_links: list[str] = field(default_factory=list)
    text: str = ""
    raw_text: str = ""
    source: str = ""
    display_title: str | None = None
    title_derived: bool = False
    concepts: list[ConceptMention] = field(default_factory=list)
    entities: list[EntityMention] = field(default_factory=list)
    continues: list[ContinuationLink] = field(default_factory=list)

    def __setattr__(self, name: str, value: Any) -> None:
        defaults = _DEFAULTS.get(name)
        if defaults is not None:  # concepts, entities, continues: every payload complete, however it was made
            value = [_complete(payload, defaults) for payload in value]
        object.__setattr__(self, name, value)

    def to_dict(self) -> dict[str, Any]:
        """The record as a JSON-ready dict, contract fields first (a deep copy, as ``dataclasses.asdict`` gives)."""
        return {item.name: _copied(getattr(self, item.name)) for item in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Review":
        """Build a record from :meth:`to_dict` output, ignoring unknown keys."""
        names = cls.__dataclass_fields__.keys()
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class Extraction:
    """A corpus extracted: its reviews, and what the pipeline computed over all of them.

    Attributes
    ----------
    reviews : list of Review
        In corpus order, with concepts, entities and continuations filled.
    series : list of SeriesRecord
        Series of linked reviews.
    related : list of RelatedLink
        Concepts reviews mention together.
    lexicon : mapping
        The concept lexicon the reviews were extracted with (name -> entry with ``kind``, ``aliases``,
        ``broader``), for the concepts the graph holds beyond those mentioned.
    introduces : list of Introduction
        The methods each review's paper introduces.
    references : list of ReferenceLink
        Reviews that name what an earlier review's paper introduced.

    Examples
    --------
    >>> Extraction([Review(id="a", date="2024-06-14")]).series
    []
    """

    reviews: list[Review]
    series: list[SeriesRecord] = field(default_factory=list)
    related: list[RelatedLink] = field(default_factory=list)
    lexicon: Mapping[str, Any] = field(default_factory=dict)
    introduces: list[Introduction] = field(default_factory=list)
    references: list[ReferenceLink] = field(default_factory=list)
