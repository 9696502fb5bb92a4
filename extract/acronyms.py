"""Acronyms a text defines: "Proximal Policy Optimization או בקיצור PPO", "Mixture of Experts (MoE)".

The cue words and the small words an acronym's letters may skip are data (``acronym_cues``,
``acronym_skippable`` in ``extract/data/concept_rules.yaml``).

Examples
--------
>>> from graphkb.extract.matching import build_pipeline
>>> doc = build_pipeline()("נשתמש ב-Proximal Policy Optimization או בקיצור PPO.")
>>> [(d.acronym, d.long_form) for d in find_acronym_definitions(doc)]
[('PPO', 'Proximal Policy Optimization')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Sequence

from spacy.tokens import Doc

from graphkb.extract.knowledge import load_rules
from graphkb.extract.matching import HEBREW_LETTER, LATIN_LETTER, token_view

__all__ = ["AcronymDefinition", "find_acronym_definitions", "ACRONYM"]

ACRONYM = re.compile(r"^(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Za-z0-9]{1,9}$")


def _has_alnum(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


@dataclass(frozen=True)
class AcronymDefinition:
    """An acronym a text defines, and the token range of its long form."""

    long_form: str
    acronym: str
    start: int
    end: int


def _spells(acronym: str, words: Sequence[str], skippable: frozenset[str]) -> bool:
    """Whether the words' leading letters spell the acronym; each word gives a prefix of itself, small words may give none.

    >>> _spells("lora", ["low", "rank", "adaptation"], frozenset())
    True
    >>> _spells("moe", ["mixture", "of", "experts"], frozenset({"of"}))
    True
    """
    if not words:
        return not acronym
    if not acronym:
        return all(word in skippable for word in words)
    word, rest = words[0], words[1:]
    if word in skippable and _spells(acronym, rest, skippable):
        return True
    for length in range(1, min(len(word), len(acronym)) + 1):
        if word[:length] != acronym[:length]:
            break
        if _spells(acronym[length:], rest, skippable):
            return True
    return False


def _latin_word(text: str) -> bool:
    return bool(LATIN_LETTER.search(text)) and not HEBREW_LETTER.search(text) and "/" not in text


def find_acronym_definitions(doc: Doc, rules: dict[str, Any] | None = None) -> list[AcronymDefinition]:
    """Acronyms the text defines by its long form: "Proximal Policy Optimization או בקיצור PPO",
    "Neural Architecture Search או NAS בקצרה", "Low-Rank Adaptation (LoRA)", "KAN (Kolmogorov-Arnold Networks)".

    >>> from graphkb.extract.matching import build_pipeline
    >>> nlp = build_pipeline()
    >>> [(d.long_form, d.acronym) for d in find_acronym_definitions(nlp("נשתמש ב-Proximal Policy Optimization או בקיצור PPO"))]
    [('Proximal Policy Optimization', 'PPO')]
    """
    rules = rules or load_rules()
    cues, skippable = rules["acronym_cues"], rules["acronym_skippable"]
    texts = token_view(doc).texts
    definitions: list[AcronymDefinition] = []
    for index, text in enumerate(texts):
        if not "A" <= text[:1] <= "Z":
            continue  # an acronym opens with a capital (ACRONYM): most words are passed without a regex call
        acronym = text[:-1] if text.endswith("s") and text[:-1].isupper() else text
        if not ACRONYM.match(acronym):
            continue
        backward = index - 1
        while backward >= 0 and index - backward <= 3 and (texts[backward] in cues or not _has_alnum(texts[backward])):
            backward -= 1
        forward = index + 2 if index + 1 < len(texts) and texts[index + 1] == "(" else index + 1
        for step, first in ((-1, backward), (1, forward)):
            if (step < 0 and backward == index - 1) or (step > 0 and forward == index + 1):
                continue  # no cue between the acronym and the words
            collected: list[int] = []
            position = first
            while 0 <= position < len(texts) and len(collected) < 12 and (texts[position] == "-" or _latin_word(texts[position])):
                collected.append(position)
                position += step
            collected.sort()
            for cut in range(len(collected)):
                span_tokens = collected[cut:] if step < 0 else collected[: len(collected) - cut]
                while span_tokens and texts[span_tokens[0]] == "-":
                    span_tokens = span_tokens[1:]
                while span_tokens and texts[span_tokens[-1]] == "-":
                    span_tokens = span_tokens[:-1]
                words = [texts[i].lower() for i in span_tokens if texts[i] != "-"]
                if len(words) >= 2 and _spells(acronym.lower(), words, skippable):
                    start, end = span_tokens[0], span_tokens[-1] + 1
                    definitions.append(AcronymDefinition(doc[start:end].text, acronym, start, end))
                    break
            else:
                continue
            break
    return definitions
