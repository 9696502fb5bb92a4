"""Context checks on concept mentions: negation, contrast, word sense and acronym support.

A lexicon match says a review *spells* a concept; these checks decide whether the sentence around it *means* it.  A
mention is dropped when a negation cue stands shortly before it ("ללא צורך בפיין-טיון", "without fine-tuning"), when
a contrast cue sets it aside ("בניגוד ל-RLHF", "instead of PPO"), unless a mark or word ends the cue's reach first
("לעומת זאת", on the other hand; "without harming"), or when a concept with a second sense appears beside words of
that other sense ("יישור" of representations is not RLHF alignment).  A sense check counts the words of the other
sense and of the concept's own in the sentence, the paragraph (a cue often stands in the sentence before) or the
whole review, and the more numerous win; where the window holds neither, the sense the review's other mentions show
decides (one sense per review, see :meth:`ContextCheck.sense_evidence`).  A check may apply to some spellings only
(a common Hebrew word as an alias, "נראות" for likelihood, counts only beside a word that supports it) and may look
at the word right after the mention ("להכליל את השיטה" generalises a method, not a model).  An all-capitals acronym
written once and supported by nothing else in the review is dropped too.  The cue words, windows and senses are
data: ``extract/data/context.yaml``.

Examples
--------
>>> check = ContextCheck(load_context_rules(), prefix_variants=lambda word: [word])
>>> words = "we train it without any fine-tuning at all".split()
>>> check.reason(words, 5, "fine-tuning", sentence_start=0)
'negated'
>>> check.reason("we compare it to PPO".split(), 4, "PPO", sentence_start=0) is None
True
>>> words = "bytes are grouped by entropy . each patch is then encoded .".split()
>>> check.reason(words, 7, "image patches", sentence_start=6, sentence_end=len(words))
'other sense'
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphkb.extract.datafiles import DATA_DIR, data_error, read_mapping

__all__ = ["ContextRules", "ContextCheck", "Sense", "load_context_rules", "CONTEXT_PATH", "WINDOWS"]

CONTEXT_PATH = DATA_DIR / "context.yaml"
_REQUIRED: dict[str, Any] = {
    "negation_cues": list[str],
    "negation_phrases": list[str],
    "negation_window": int,
    "contrast_cues": list[str],
    "contrast_window": int,
    "scope_ends": list[str],
    "acronym_support": dict,
}
_OPTIONAL: dict[str, Any] = {"senses": dict}
_SENSE_KEYS = ("not_near", "needs_near", "not_followed_by", "spellings", "window")
WINDOWS = ("sentence", "paragraph", "review")
_PARAGRAPH_BREAK = "\n"
# the endings a spelling's words may take: a Latin plural, Hebrew plural, feminine and construct endings
_ENDINGS = ("", "s", "es", "ים", "ות", "ית", "יות", "ה", "ת", "י")


@dataclass(frozen=True)
class Sense:
    """When a concept's name means that concept (an entry of ``senses`` in ``context.yaml``).

    Attributes
    ----------
    not_near : frozenset of str
        Words of the name's other sense: the mention does not count when they outnumber the ``needs_near`` words
        in the window (when one stands there, if ``needs_near`` is empty).
    needs_near : frozenset of str
        Words that support this sense; with no ``not_near``, the mention counts only when one stands in the window.
    not_followed_by : frozenset of str
        Words that, right after the mention, show the other sense ("להכליל את" = to generalise a method).
    spellings : tuple of tuple of str
        The spellings (as folded words) the check applies to; empty: every spelling.
    window : str
        ``sentence``, ``paragraph`` (the line the sentence stands in) or ``review``.
    """

    not_near: frozenset[str] = frozenset()
    needs_near: frozenset[str] = frozenset()
    not_followed_by: frozenset[str] = frozenset()
    spellings: tuple[tuple[str, ...], ...] = ()
    window: str = "sentence"


@dataclass(frozen=True)
class ContextRules:
    """The context checks of ``extract/data/context.yaml``, as loaded."""

    negation_cues: frozenset[str]
    negation_phrases: tuple[tuple[str, ...], ...]
    negation_window: int
    contrast_cues: tuple[tuple[str, ...], ...]
    contrast_window: int
    scope_ends: frozenset[str]
    senses: dict[str, Sense]
    max_unsupported_acronym_mentions: int


def _words(values: Any, path: Path, key: str) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        raise data_error(path, key.split("."), f"{key} must be a list of words")
    return [value.casefold() for value in values]


def _sense(name: str, entry: Any, path: Path) -> Sense:
    where = f"senses.{name}"
    if not isinstance(entry, dict):
        raise data_error(path, ("senses", name), f"{where} must be a mapping of {', '.join(_SENSE_KEYS)}")
    for key in entry:
        if key not in _SENSE_KEYS:
            close = difflib.get_close_matches(str(key), _SENSE_KEYS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (known keys: {', '.join(_SENSE_KEYS)})"
            raise data_error(path, ("senses", name, key), f"unknown key {key!r} in {where}{hint}")
    window = entry.get("window", "sentence")
    if window not in WINDOWS:
        raise data_error(path, ("senses", name, "window"), f"{where}.window must be one of {', '.join(WINDOWS)}, not {window!r}")
    sense = Sense(
        not_near=frozenset(_words(entry.get("not_near", []), path, f"{where}.not_near")),
        needs_near=frozenset(_words(entry.get("needs_near", []), path, f"{where}.needs_near")),
        not_followed_by=frozenset(_words(entry.get("not_followed_by", []), path, f"{where}.not_followed_by")),
        spellings=tuple(tuple(spelling.split()) for spelling in _words(entry.get("spellings", []), path, f"{where}.spellings")),
        window=window,
    )
    if not (sense.not_near or sense.needs_near or sense.not_followed_by):
        raise data_error(path, ("senses", name), f"{where} needs not_near, needs_near or not_followed_by")
    return sense


@functools.lru_cache(maxsize=4)
def load_context_rules(path: str | Path = CONTEXT_PATH) -> ContextRules:
    """Read the context checks (once per file).

    >>> "ללא" in load_context_rules().negation_cues
    True
    """
    path = Path(path)
    data = read_mapping(path, _REQUIRED, _OPTIONAL)
    senses = {str(name): _sense(str(name), entry, path) for name, entry in (data.get("senses") or {}).items()}
    support = data["acronym_support"]
    unknown = sorted(set(support) - {"max_unsupported_mentions"}) if isinstance(support, dict) else []
    if unknown:
        message = f"unknown key {unknown[0]!r} in acronym_support (known: max_unsupported_mentions; a sense goes under senses)"
        raise data_error(path, ("acronym_support", unknown[0]), message)
    try:
        return ContextRules(
            negation_cues=frozenset(_words(data["negation_cues"], path, "negation_cues")),
            negation_phrases=tuple(tuple(p.split()) for p in _words(data["negation_phrases"], path, "negation_phrases")),
            negation_window=int(data["negation_window"]),
            contrast_cues=tuple(tuple(p.split()) for p in _words(data["contrast_cues"], path, "contrast_cues")),
            contrast_window=int(data["contrast_window"]),
            scope_ends=frozenset(_words(data["scope_ends"], path, "scope_ends")),
            senses=senses,
            max_unsupported_acronym_mentions=int(support["max_unsupported_mentions"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise data_error(path, ("acronym_support",), f"acronym_support: missing or malformed entry {error}") from None


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

    def _writes(self, token: str, word: str) -> bool:
        """Whether ``token`` writes ``word``, maybe with a Hebrew prefix or article before it and an inflection ending
        after it ("ולייבלים" writes "לייבל", "גבוהים" writes "גבוה", "labels" writes "label")."""
        return any(form.startswith(word) and form[len(word) :] in _ENDINGS for form in self.prefix_variants(token))

    def _spelled(self, words: Sequence[str], start: int, end: int, spellings: tuple[tuple[str, ...], ...]) -> bool:
        """Whether tokens ``start``…``end`` write one of ``spellings``."""
        written = self._folded(words, start, end)
        return any(
            len(spelling) == len(written) and all(map(self._writes, written, spelling))
            for spelling in spellings
        )

    def _cue_count(self, words: Sequence[str], cues: frozenset[str]) -> int:
        return sum(self._is_cue(word, cues) for word in words)

    def _window(self, words: Sequence[str], sense: Sense, sentence: tuple[int, int], review: Sequence[str]) -> list[str]:
        """The folded words ``sense`` reads around a mention in the sentence ``sentence`` of ``words``."""
        if sense.window == "review":
            return [*self._folded(words, 0, len(words)), *self._folded(review, 0, len(review))]
        first, end = sentence
        if sense.window == "paragraph":
            while first > 0 and _PARAGRAPH_BREAK not in words[first - 1]:
                first -= 1
            while end < len(words) and _PARAGRAPH_BREAK not in words[end]:
                end += 1
        return self._folded(words, first, end)

    def _sense_verdict(
        self, words: Sequence[str], start: int, end: int | None, sense: Sense, sentence_start: int, sentence_end: int | None,
        review: Sequence[str],
    ) -> bool | None:
        """What the words around the mention at ``start``…``end`` say of ``sense``: True (this sense; also a spelling
        the check does not read), False (the other one), or None when the window holds no word of either list."""
        end = end if end is not None else start + 1
        if sense.spellings and not self._spelled(words, start, end, sense.spellings):
            return True
        sentence = (sentence_start, sentence_end if sentence_end is not None else len(words))
        following = self._folded(words, end, end + 2)[:1]
        if following and following[0] in sense.not_followed_by:
            return False
        if not (sense.not_near or sense.needs_near):
            return True
        window = self._window(words, sense, sentence, review)
        other = self._cue_count(window, sense.not_near) if sense.not_near else 0
        support = self._cue_count(window, sense.needs_near) if sense.needs_near else 0
        if not (other or support):
            return None
        return other <= support

    def sense_evidence(
        self,
        words: Sequence[str],
        start: int,
        concept: str,
        *,
        sentence_start: int,
        sentence_end: int | None = None,
        end: int | None = None,
        review: Sequence[str] = (),
    ) -> bool | None:
        """What the window of ``concept``'s sense check says of the mention at ``start``…``end`` (arguments as
        :meth:`reason`): True (this sense; also a spelling the check does not read, which is unambiguous), False
        (another), or None when it says nothing: no word of either sense stands there, or the concept has no check
        that lists words of another sense (support words alone cannot tell a mention of the other sense apart).

        >>> check = ContextCheck(load_context_rules(), prefix_variants=lambda word: [word])
        >>> words = "each patch of the image".split()
        >>> check.sense_evidence(words, 1, "image patches", sentence_start=0), check.sense_evidence(words[:2], 1, "image patches", sentence_start=0)
        (True, None)
        """
        sense = self.rules.senses.get(concept)
        if sense is None or not sense.not_near:
            return None
        return self._sense_verdict(words, start, end, sense, sentence_start, sentence_end, review)

    def reason(
        self,
        words: Sequence[str],
        start: int,
        concept: str,
        *,
        sentence_start: int,
        sentence_end: int | None = None,
        end: int | None = None,
        review: Sequence[str] = (),
        prevailing: Mapping[str, bool] | None = None,
    ) -> str | None:
        """Why the mention of ``concept`` at tokens ``start``…``end`` does not count (``"negated"``,
        ``"contrasted"``, ``"other sense"``), or None when it counts.

        ``words`` are the token texts of the document, line breaks included (a paragraph ends with one); the
        sentence spans ``sentence_start``…``sentence_end``; ``end`` is one past the mention's last token (its first
        token's end by default); ``review`` holds the rest of the review's words (the body for a title mention, the
        title for a body one), which a sense with the ``review`` window reads too.  When no word of either sense
        stands in the window, the sense the review's other mentions show decides (``prevailing``: concept -> True for
        this sense, False for the other; see :meth:`sense_evidence`), and without one the check's default: the mention
        counts unless the check lists only ``needs_near`` words.
        """
        rules = self.rules
        before = self._folded(words, max(sentence_start, start - rules.negation_window - 2), start)
        if not all(map(self._inert, before)):  # most mentions have no cue word before them at all
            ends = [index for index, word in enumerate(before) if self._is_cue(word, rules.scope_ends)]
            before = before[ends[-1] + 1 :] if ends else before
            near = before[-rules.negation_window :]
            if any(self._is_cue(word, rules.negation_cues) for word in near):
                return "negated"
            if self._phrase_before(before, self._negation_phrases, rules.negation_window):
                return "negated"
            if self._phrase_before(before, self._contrast_phrases, rules.contrast_window):
                return "contrasted"
        sense = rules.senses.get(concept)
        if sense is None:
            return None
        verdict = self._sense_verdict(words, start, end, sense, sentence_start, sentence_end, review)
        if verdict is None:
            verdict = (prevailing or {}).get(concept, not sense.needs_near or bool(sense.not_near))
        return None if verdict else "other sense"
