"""Context checks on concept mentions: negation, contrast, word sense and acronym support.

A lexicon match says a review *spells* a concept; these checks decide whether the sentence around it *means*
it.  A mention is dropped when a negation cue stands shortly before it ("ללא צורך בפיין-טיון", "without
fine-tuning"), when a contrast cue sets it aside ("בניגוד ל-RLHF", "instead of PPO"), or when a concept with a
second sense appears beside words of that other sense ("יישור" of representations is not RLHF alignment).  An
all-capitals acronym written once and supported by nothing else in the review is dropped too.  The cue words,
windows and senses are data: ``extract/data/context.yaml``.

Examples
--------
>>> check = ContextCheck(load_context_rules(), prefix_variants=lambda word: [word])
>>> words = "we train it without any fine-tuning at all".split()
>>> check.reason(words, 5, "fine-tuning", sentence_start=0)
'negated'
>>> check.reason("we compare it to PPO".split(), 4, "PPO", sentence_start=0) is None
True
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphkb.extract.datafiles import DATA_DIR, data_error, read_mapping

__all__ = ["ContextRules", "ContextCheck", "load_context_rules", "CONTEXT_PATH"]

CONTEXT_PATH = DATA_DIR / "context.yaml"
_REQUIRED: dict[str, Any] = {
    "negation_cues": list[str],
    "negation_phrases": list[str],
    "negation_window": int,
    "contrast_cues": list[str],
    "contrast_window": int,
    "acronym_support": dict,
}
_OPTIONAL: dict[str, Any] = {"senses": dict}


@dataclass(frozen=True)
class ContextRules:
    """The context checks of ``extract/data/context.yaml``, as loaded."""

    negation_cues: frozenset[str]
    negation_phrases: tuple[tuple[str, ...], ...]
    negation_window: int
    contrast_cues: tuple[tuple[str, ...], ...]
    contrast_window: int
    senses: dict[str, frozenset[str]]
    max_unsupported_acronym_mentions: int


def _words(values: Any, path: Path, key: str) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        raise data_error(path, key.split("."), f"{key} must be a list of words")
    return [value.casefold() for value in values]


@functools.lru_cache(maxsize=4)
def load_context_rules(path: str | Path = CONTEXT_PATH) -> ContextRules:
    """Read the context checks (once per file).

    >>> "ללא" in load_context_rules().negation_cues
    True
    """
    path = Path(path)
    data = read_mapping(path, _REQUIRED, _OPTIONAL)
    try:
        senses = {
            str(name): frozenset(_words(sense.get("not_near", []), path, f"senses.{name}.not_near"))
            for name, sense in (data.get("senses") or {}).items()
        }
        return ContextRules(
            negation_cues=frozenset(_words(data["negation_cues"], path, "negation_cues")),
            negation_phrases=tuple(tuple(p.split()) for p in _words(data["negation_phrases"], path, "negation_phrases")),
            negation_window=int(data["negation_window"]),
            contrast_cues=tuple(tuple(p.split()) for p in _words(data["contrast_cues"], path, "contrast_cues")),
            contrast_window=int(data["contrast_window"]),
            senses=senses,
            max_unsupported_acronym_mentions=int(data["acronym_support"]["max_unsupported_mentions"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise data_error(path, ("acronym_support",), f"acronym_support or senses: missing or malformed entry {error}") from None


def _by_first_word(phrases: Sequence[tuple[str, ...]]) -> dict[str, list[tuple[str, ...]]]:
    grouped: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        grouped.setdefault(phrase[0], []).append(phrase[1:])
    return grouped


class ContextCheck:
    """Applies :class:`ContextRules` to mentions in a tokenised sentence.

    Parameters
    ----------
    rules : ContextRules
    prefix_variants : callable
        A lower-cased token and the same token without each Hebrew prefix it may carry ("וללא" -> "וללא",
        "ללא"), so cue words are listed once, bare.
    """

    def __init__(self, rules: ContextRules, prefix_variants: Callable[[str], Sequence[str]]):
        self.rules = rules
        self._prefix_variants = prefix_variants
        self._variants: dict[str, frozenset[str]] = {}
        self._inert_words: dict[str, bool] = {}
        self._negation_phrases = _by_first_word(rules.negation_phrases)
        self._contrast_phrases = _by_first_word(rules.contrast_cues)

    def prefix_variants(self, word: str) -> frozenset[str]:
        """``word`` and its forms without a Hebrew prefix (remembered: a review repeats its words)."""
        variants = self._variants.get(word)
        if variants is None:
            variants = frozenset(self._prefix_variants(word))
            if len(self._variants) < 100_000:
                self._variants[word] = variants
        return variants

    def _inert(self, word: str) -> bool:
        """Whether ``word`` is no negation cue and opens no negation or contrast phrase (remembered)."""
        inert = self._inert_words.get(word)
        if inert is None:
            variants = self.prefix_variants(word)
            inert = (
                self.rules.negation_cues.isdisjoint(variants)
                and variants.isdisjoint(self._negation_phrases)
                and variants.isdisjoint(self._contrast_phrases)
            )
            if len(self._inert_words) < 100_000:
                self._inert_words[word] = inert
        return inert

    def _folded(self, words: Sequence[str], start: int, end: int) -> list[str]:
        return [word.casefold() for word in words[max(0, start) : end] if word.strip("-־\"'")]

    def _is_cue(self, word: str, cues: frozenset[str]) -> bool:
        return not cues.isdisjoint(self.prefix_variants(word))

    def _phrase_before(self, words: list[str], phrases: dict[str, list[tuple[str, ...]]], within: int) -> bool:
        """Whether one of ``phrases`` (by first word) stands among the last ``within`` words (its first word may carry a prefix)."""
        for i in range(max(0, len(words) - within - 1), len(words)):
            variants = self.prefix_variants(words[i])
            if variants.isdisjoint(phrases):
                continue  # most words start no phrase: spare building the intersection
            for first in variants & phrases.keys():
                if any(tuple(words[i + 1 : i + 1 + len(rest)]) == rest and i + 1 + len(rest) <= len(words) for rest in phrases[first]):
                    return True
        return False

    def reason(self, words: Sequence[str], start: int, concept: str, *, sentence_start: int, sentence_end: int | None = None) -> str | None:
        """Why the mention of ``concept`` at token ``start`` does not count (``"negated"``, ``"contrasted"``,
        ``"other sense"``), or None when it counts.

        ``words`` are the token texts of the document; the sentence spans ``sentence_start``…``sentence_end``.
        """
        rules = self.rules
        before = self._folded(words, max(sentence_start, start - rules.negation_window - 2), start)
        if not all(map(self._inert, before)):  # most mentions have no cue word before them at all
            near = before[-rules.negation_window :]
            if any(self._is_cue(word, rules.negation_cues) for word in near):
                return "negated"
            if self._phrase_before(before, self._negation_phrases, rules.negation_window):
                return "negated"
            if self._phrase_before(before, self._contrast_phrases, rules.contrast_window):
                return "contrasted"
        other_sense = rules.senses.get(concept)
        if other_sense:
            sentence = self._folded(words, sentence_start, sentence_end if sentence_end is not None else len(words))
            if any(self._is_cue(word, other_sense) for word in sentence):
                return "other sense"
        return None
