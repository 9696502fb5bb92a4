"""The one fold of names and the Hebrew prefixes read off them.

Every comparison of names (lexicon aliases, lookups of concepts, reviews and
topics, search keys of the page, cue phrases) goes through :func:`fold`; the
Hebrew prefix letters and the order they stack in are language facts kept in
``extract/data/concept_rules.yaml``, read by :func:`hebrew_prefix_variants`.

Examples
--------
>>> fold("KV-Cache") == fold("kv  cache") == fold("kv_cache")
True
>>> fold_words("CLLMs: Consistency LLMs")
'cllms consistency llms'
>>> hebrew_prefix_variants("וב-RLHF")
['ב-RLHF', 'RLHF']
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any, Mapping

__all__ = ["fold", "fold_words", "hebrew_prefix_variants", "hebrew_prefix_letters"]

# hyphens, dashes, underscores and whitespace: the ways one name's words are joined
_JOINERS = re.compile(r"[\s_\-\u2010-\u2015\u2212]+")
_NON_WORD = re.compile(r"[\W_]+")
_MIN_REST = 2


@lru_cache(maxsize=1 << 16)  # names recur: every review's concepts are folded again by each step that compares them
def fold(text: str) -> str:
    """The key under which two spellings of a name count as one: NFC, case-folded, joiners as one space.

    >>> fold("Mamba–2"), fold("  ממבה "), fold("Self_Attention")
    ('mamba 2', 'ממבה', 'self attention')
    """
    return _JOINERS.sub(" ", unicodedata.normalize("NFC", text).casefold()).strip()


def fold_words(text: str) -> str:
    """:func:`fold` with every punctuation mark as a space too: the words of a title or free text.

    >>> fold_words("GLiNER: NER, (for) all!")
    'gliner ner for all'
    """
    return _NON_WORD.sub(" ", unicodedata.normalize("NFC", text).casefold()).strip()  # \W covers fold's joiners


def _rules(rules: Mapping[str, Any] | None) -> Mapping[str, Any]:
    if rules is not None:
        return rules
    from graphkb.extract.knowledge import load_rules

    return load_rules()


def hebrew_prefix_letters(rules: Mapping[str, Any] | None = None) -> str:
    """The letters that glue onto a Hebrew word as a prefix (``hebrew_prefix_letters`` of the rules).

    >>> sorted(hebrew_prefix_letters()) == sorted("בהולמשכ")
    True
    """
    return str(_rules(rules)["hebrew_prefix_letters"])


@lru_cache(maxsize=8)
def _sequence(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def hebrew_prefix_variants(text: str, rules: Mapping[str, Any] | None = None) -> list[str]:
    """``text`` without a leading Hebrew prefix, shortest prefix first, as Hebrew stacks prefixes.

    A prefix is a run of at most ``hebrew_prefix_max`` of the ``hebrew_prefix_letters`` that matches
    ``hebrew_prefix_sequence`` in full (``"וכשה"``, ``"שב"``; never ``"מש"``), optionally followed by a
    hyphen (``"ה-DPO"``); at least two letters must remain.  ``text`` itself is not among the variants.

    Parameters
    ----------
    text : str
        A name as typed or written.
    rules : mapping, optional
        The concept rules (:func:`graphkb.extract.knowledge.load_rules`); the shipped ones by default.

    Examples
    --------
    >>> hebrew_prefix_variants("בממבה")
    ['ממבה']
    >>> hebrew_prefix_variants("ה-DPO"), hebrew_prefix_variants("DPO")
    (['DPO'], [])
    """
    rules = _rules(rules)
    letters = rules["hebrew_prefix_letters"]
    sequence = rules.get("hebrew_prefix_sequence")
    matcher = _sequence(sequence) if sequence else None
    text = unicodedata.normalize("NFC", text).strip()
    variants = []
    for length in range(1, int(rules["hebrew_prefix_max"]) + 1):
        if length > len(text) or text[length - 1] not in letters:
            break
        if matcher is not None and not matcher.fullmatch(text[:length]):
            continue
        rest = text[length:].removeprefix("-")
        if len(rest) >= _MIN_REST:
            variants.append(rest)
    return variants
