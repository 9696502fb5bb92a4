"""References between reviews, and the methods each reviewed paper introduces.

The author often names an earlier reviewed paper or its method ("שיפור של
STaR שסקרתי", "כמו ב-MEDUSA").  A paper *introduces* a method when its title
names it before the colon ("MEDUSA: Simple LLM Inference…") or the review
says the paper proposes it ("המחברים מציעים GraphAny"), and the series has not
named it before that review.  A later review that names the method *refers
to* the review of that paper.  The phrases and limits live in
``extract/data/references.yaml``.

Examples
--------
>>> from graphkb.records import Review
>>> def concept(name):
...     return {"name": name, "aliases": [], "salience": 0.6, "count": 2}
>>> reviews = [
...     Review(id="2024-06-15", date="2024-06-15", title="MEDUSA: Multiple Decoding Heads",
...            text="המאמר מציע ראשים.", concepts=[concept("MEDUSA")]),
...     Review(id="2024-07-01", date="2024-07-01", title="Hydra",
...            text="זה שיפור של MEDUSA שסקרתי. קריאה מהנה!", concepts=[concept("MEDUSA")]),
... ]
>>> found = link_references(reviews)
>>> found.introduces
[{'review': '2024-06-15', 'concept': 'MEDUSA', 'name': 'MEDUSA'}]
>>> [(r["source"], r["target"], r["name"], r["confidence"]) for r in found.refers]
[('2024-07-01', '2024-06-15', 'MEDUSA', 0.9)]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from graphkb.extract.datafiles import data_error, read_mapping
from graphkb.extract.discovery import name_spellings, title_method_name
from graphkb.extract.folding import fold_words as _fold
from graphkb.records import Review

__all__ = ["REFERENCES_PATH", "ReferenceRules", "References", "load_reference_rules", "link_references"]

REFERENCES_PATH = Path(__file__).parent / "data" / "references.yaml"
_EVIDENCE_CHARS = 220
_SENTENCE_END = re.compile(r"(?<!\d)[.!?](?!\d)|\n")
_LATIN_WORD = re.compile(r"[A-Za-z0-9]+(?:[-.][A-Za-z0-9]+)*")


@dataclass(frozen=True)
class ReferenceRules:
    """Everything ``references.yaml`` holds, compiled."""

    proposes: tuple[re.Pattern[str], ...]
    cues: tuple[str, ...]
    common_share: float
    cued_confidence: float
    plain_confidence: float


@dataclass
class References:
    """What :func:`link_references` finds.

    Attributes
    ----------
    introduces : list of dict
        ``{"review", "concept", "name"}``: the review's paper introduces the
        concept (``concept`` is ``None`` when the method is no concept of the
        graph; ``name`` is how the paper calls it).
    refers : list of dict
        ``{"source", "target", "name", "evidence", "confidence"}``: the source
        review names what the target review's paper introduced.
    """

    introduces: list[dict[str, Any]] = field(default_factory=list)
    refers: list[dict[str, Any]] = field(default_factory=list)


_REQUIRED: dict[str, Any] = {"proposes": list[str], "cues": list[str]}
_OPTIONAL: dict[str, Any] = {
    "common_share": float,
    "cued_confidence": float,
    "plain_confidence": float,
}


@lru_cache(maxsize=8)
def load_reference_rules(path: str | Path | None = None) -> ReferenceRules:
    """Read and compile ``extract/data/references.yaml`` (or another file of that shape).

    Raises
    ------
    graphkb.errors.InputError
        ``file:line: what is wrong``: the file is missing, not YAML, a key is misspelt or a pattern is malformed.

    >>> load_reference_rules().cued_confidence
    0.9
    """
    path = Path(path or REFERENCES_PATH)
    data = read_mapping(path, _REQUIRED, _OPTIONAL)
    proposes = []
    for number, pattern in enumerate(data["proposes"]):
        try:
            proposes.append(re.compile(pattern))
        except re.error as error:
            raise data_error(path, ("proposes", number), f"bad pattern: {error}") from None
        if "name" not in proposes[-1].groupindex:
            raise data_error(path, ("proposes", number), "a pattern needs a (?P<name>...) group")
    return ReferenceRules(
        proposes=tuple(proposes),
        cues=tuple(unicodedata.normalize("NFC", cue).casefold() for cue in data["cues"]),
        common_share=float(data.get("common_share") or 0.04),
        cued_confidence=float(data.get("cued_confidence") or 0.9),
        plain_confidence=float(data.get("plain_confidence") or 0.6),
    )


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around ``text[start:end]``, at most :data:`_EVIDENCE_CHARS` characters."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    following = _SENTENCE_END.search(text, end)
    right = following.end() if following else len(text)
    sentence = " ".join(text[left:right].split())
    return sentence if len(sentence) <= _EVIDENCE_CHARS else sentence[: _EVIDENCE_CHARS - 1] + "…"


def _concept_names(concept: dict[str, Any]) -> list[str]:
    names = [concept["name"], *(alias for alias in concept.get("aliases") or () if isinstance(alias, str))]
    return sorted({name for name in names if len(_fold(name)) > 1}, key=len, reverse=True)


def _find(text: str, names: Iterable[str]) -> tuple[int, int] | None:
    """Where the first of ``names`` (tried longest first) occurs in ``text``, as a span."""
    for name in names:
        if re.search(r"[A-Za-z]", name):
            match = next(name_spellings(text, name), None)
            if match:
                return match.span()
        else:
            at = text.find(name)
            if at >= 0:
                return at, at + len(name)
    return None


def _latin_words(text: str) -> set[str]:
    """The casefolded Latin-script words of a text (``"Quiet-STaR"`` gives ``quiet-star``, ``quiet`` and ``star``)."""
    words = set()
    for match in _LATIN_WORD.finditer(text):
        word = match.group(0).casefold()
        words.add(word)
        words.update(part for part in word.split("-") if part)
    return words


def _introductions(review: Review, rules: ReferenceRules, seen_words: set[str], seen_concepts: set[str]) -> list[dict[str, Any]]:
    """What the review's paper introduces: its title's method and the methods it "proposes".

    A name the series used before this review is no introduction; a concept an
    earlier review mentioned is not introduced by this one (the name still is).
    """
    by_fold: dict[str, str] = {}
    for concept in review.concepts:
        for name in _concept_names(concept):
            by_fold.setdefault(_fold(name), concept["name"])
    head = title_method_name(review.title)
    named: list[str] = [head] if head else []
    text = unicodedata.normalize("NFC", review.text or "")
    for pattern in rules.proposes:
        named.extend(match.group("name").rstrip(".-") for match in pattern.finditer(text))
    found: list[dict[str, Any]] = []
    for name in dict.fromkeys(named):
        if name.casefold() in seen_words:
            continue
        concept = by_fold.get(_fold(name))
        if concept in seen_concepts and " " in name:  # an earlier review's topic named in a title, not a method
            continue
        found.append({"review": review.id, "concept": None if concept in seen_concepts else concept, "name": name})
    return found


def link_references(reviews: list[Review], rules: ReferenceRules | None = None) -> References:
    """Find what each review's paper introduces and which earlier reviews each review refers to.

    Parameters
    ----------
    reviews : list of Review
        The series in posting order, with concepts extracted.
    rules : ReferenceRules, optional
        Loaded from ``references.yaml`` when omitted.

    Returns
    -------
    References
    """
    rules = rules or load_reference_rules()
    mentioned_by: dict[str, int] = {}
    for review in reviews:
        for concept in review.concepts:
            mentioned_by[concept["name"]] = mentioned_by.get(concept["name"], 0) + 1
    common = max(2.0, rules.common_share * len(reviews))
    found = References()
    seen_words: set[str] = set()
    seen_concepts: set[str] = set()
    by_word: dict[str, list[tuple[Review, dict[str, Any]]]] = {}  # casefolded method name -> introductions
    by_concept: dict[str, list[tuple[Review, dict[str, Any]]]] = {}
    for review in reviews:
        text = unicodedata.normalize("NFC", review.text or "")
        words = _latin_words(text)
        concepts = {concept["name"]: concept for concept in review.concepts}
        candidates = [intro for word in words for intro in by_word.get(word, ())]
        candidates += [intro for name in concepts for intro in by_concept.get(name, ())]
        for earlier, intro in {id(intro): (earlier, intro) for earlier, intro in candidates}.values():
            concept = concepts.get(intro["concept"]) if intro["concept"] else None
            span = _find(text, [intro["name"], *(_concept_names(concept) if concept else ())])
            if span is None and concept is None:
                continue
            evidence = _sentence(text, *span) if span else concept.get("evidence") or ""
            cued = any(cue in evidence.casefold() for cue in rules.cues)
            if not cued and mentioned_by.get(intro["concept"] or "", 0) > common:
                continue
            found.refers.append(
                {
                    "source": review.id,
                    "target": earlier.id,
                    "name": intro["concept"] or intro["name"],
                    "evidence": evidence,
                    "confidence": rules.cued_confidence if cued else rules.plain_confidence,
                }
            )
        own = _introductions(review, rules, seen_words, seen_concepts)
        found.introduces.extend(own)
        for intro in own:
            by_word.setdefault(intro["name"].casefold(), []).append((review, intro))
            if intro["concept"]:
                by_concept.setdefault(intro["concept"], []).append((review, intro))
        seen_words.update(words)
        seen_words.update(_latin_words(review.title or ""))
        seen_concepts.update(concepts)
    best: dict[tuple[str, str], dict[str, Any]] = {}
    for link in found.refers:  # one reference per pair of reviews: the surest
        key = (link["source"], link["target"])
        if key not in best or link["confidence"] > best[key]["confidence"]:
            best[key] = link
    found.refers = list(best.values())
    return found
