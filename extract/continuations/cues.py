"""The cue phrases by which a review refers to earlier ones, read from ``extract/data/cues.yaml``.

Each cue names a kind, a confidence and the rule (:data:`RESOLVERS`) that
resolves it against the posting calendar (:mod:`.resolution`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from graphkb.extract.datafiles import data_error, read_mapping
from graphkb.extract.folding import fold as _fold
from graphkb.records import CONTINUATION_KINDS

__all__ = ["CUES_PATH", "RESOLVERS", "Cue", "CueBook", "load_cues"]

CUES_PATH = Path(__file__).parents[1] / "data" / "cues.yaml"
RESOLVERS = ("previous", "count", "days_ago", "date", "next", "line", "topic")


@dataclass(frozen=True)
class Cue:
    """One cue phrase: its pattern, kind, confidence and resolution rule."""

    kind: str
    pattern: re.Pattern[str]
    confidence: float
    resolve: str
    count: int | None = None
    max_reviews: int = 8
    min_days: int = 0
    max_days: int = 400


@dataclass(frozen=True)
class CueBook:
    """Everything ``cues.yaml`` holds, compiled."""

    cues: tuple[Cue, ...]
    numbers: dict[str, int]
    negations: tuple[re.Pattern[str], ...]
    generic_terms: frozenset[str]
    topic_markers: tuple[str, ...]
    expansions: dict[str, str]
    anchors: tuple[str, ...]
    contrasts: tuple[str, ...] = ()
    hebrew_stopwords: frozenset[str] = frozenset()
    contrast_factor: float = 1.0
    topic_max_matches: int | None = None


def _expand(pattern: str, placeholders: dict[str, str]) -> str:
    for name, value in placeholders.items():
        pattern = pattern.replace("{" + name + "}", value)
    return pattern


def _dedupe_group_names(pattern: str) -> str:
    """Rename repeated named groups (a placeholder used twice) to ``name__2``..."""
    seen: Counter[str] = Counter()

    def rename(match: re.Match[str]) -> str:
        name = match.group(1)
        seen[name] += 1
        return f"(?P<{name}>" if seen[name] == 1 else f"(?P<{name}__{seen[name]}>"

    return re.sub(r"\(\?P<(\w+)>", rename, pattern)


_CUES_REQUIRED: dict[str, Any] = {"cues": list}
_CUES_OPTIONAL: dict[str, Any] = {
    "numbers": dict,
    "placeholders": dict,
    "negations": list[str],
    "generic_terms": list[str],
    "topic_markers": list[str],
    "expansions": dict,
    "anchors": list[str],
    "contrasts": list[str],
    "hebrew_stopwords": list[str],
    "contrast_factor": float,
    "topic_max_matches": int,
}


@lru_cache(maxsize=8)
def load_cues(path: str | Path | None = None) -> CueBook:
    """Read and compile the cue phrases (``extract/data/cues.yaml`` by default).

    Raises
    ------
    graphkb.errors.InputError
        ``file:line: what is wrong``: the file is missing, not YAML, a key is misspelt or a cue is malformed.

    Examples
    --------
    >>> book = load_cues()
    >>> sorted({cue.kind for cue in book.cues}) == sorted(CONTINUATION_KINDS)
    True
    """
    path = Path(path or CUES_PATH)
    data = read_mapping(path, _CUES_REQUIRED, _CUES_OPTIONAL)
    numbers = {unicodedata.normalize("NFC", str(k)).lower(): int(v) for k, v in (data.get("numbers") or {}).items()}
    placeholders = {str(k): str(v) for k, v in (data.get("placeholders") or {}).items()}
    words = "|".join(re.escape(word) for word in sorted(numbers, key=len, reverse=True))
    placeholders.setdefault("N", rf"(?P<count>\d{{1,2}}|{words})(?![\w])" if words else r"(?P<count>\d{1,2})")
    cues = []
    for number, item in enumerate(data["cues"], 1):
        if not isinstance(item, dict):
            raise data_error(path, ("cues", number - 1), f"cue {number} must be a mapping with kind, pattern and resolve")
        kind, resolve = item.get("kind"), item.get("resolve")
        if kind not in CONTINUATION_KINDS or resolve not in RESOLVERS:
            raise data_error(path, ("cues", number - 1), f"cue {number}: unknown kind {kind!r} or resolve rule {resolve!r}")
        try:
            pattern = re.compile(_dedupe_group_names(_expand(item["pattern"], placeholders)))
        except (KeyError, re.error) as error:
            raise data_error(path, ("cues", number - 1, "pattern"), f"cue {number}: bad pattern: {error}") from None
        cues.append(
            Cue(
                kind=kind,
                pattern=pattern,
                confidence=float(item.get("confidence", 0.5)),
                resolve=resolve,
                count=item.get("count"),
                max_reviews=int(item.get("max_reviews", 8)),
                min_days=int(item.get("min_days", 0)),
                max_days=int(item.get("max_days", 400)),
            )
        )
    return CueBook(
        cues=tuple(cues),
        numbers=numbers,
        negations=tuple(re.compile(_expand(p, placeholders)) for p in data.get("negations") or ()),
        generic_terms=frozenset(_fold(t) for t in data.get("generic_terms") or ()),
        topic_markers=tuple(data.get("topic_markers") or ()),
        expansions={_fold(str(k)): str(v) for k, v in (data.get("expansions") or {}).items()},
        anchors=tuple(_fold(str(a)) for a in data.get("anchors") or ()),
        contrasts=tuple(_fold(str(c)) for c in data.get("contrasts") or ()),
        hebrew_stopwords=frozenset(_fold(str(w)) for w in data.get("hebrew_stopwords") or ()),
        contrast_factor=float(data.get("contrast_factor", 1.0)),
        topic_max_matches=_positive_int(data.get("topic_max_matches"), path, "topic_max_matches"),
    )


def _positive_int(value: Any, path: Path, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise data_error(path, (name,), f"`{name}` must be a positive whole number, not {value!r}")
    return value
