"""The review record: what extraction produces and everything else reads.

Its fields are the extraction contract of ``DESIGN.md``; ``to_dict`` gives
the JSON object written by ``graphkb extract --format jsonl``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["Review", "DATE_CONFIDENCES", "CONTINUATION_KINDS", "ENTITY_TYPES"]

DATE_CONFIDENCES = ("printed", "repaired", "inferred")
CONTINUATION_KINDS = ("yesterday", "explicit_date", "recent_series", "announced_followup", "earlier_topic")
ENTITY_TYPES = ("Organization", "Person", "Model", "Dataset")


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
    concepts: list[dict[str, Any]] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    continues: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The record as a JSON-ready dict, contract fields first."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Review":
        """Build a record from :meth:`to_dict` output, ignoring unknown keys."""
        names = cls.__dataclass_fields__.keys()
        return cls(**{k: v for k, v in data.items() if k in names})
