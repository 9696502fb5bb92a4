"""Undoing OCR damage in review text: repeated fragments, LaTeX and emoji debris.

The PDF's OCR often prints a run of words twice in one paragraph ("ממשיך את
הקו המחקרי של openai ממשיך את הקו המחקרי של openai"), and turns the emoji
around a header into LaTeX (``$\\cancel{A} \\neq .$``, ``extstyle eq arphi``).

Examples
--------
>>> remove_repeats("ממשיך את הקו המחקרי של openai ממשיך את הקו המחקרי של openai המאמר הזה")
'ממשיך את הקו המחקרי של openai המאמר הזה'
>>> strip_markup("$\\\\cancel{A} \\\\neq .31.05.24$ המאמר")
' .31.05.24 המאמר'
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["remove_repeats", "strip_markup", "strip_broken_latex", "MIN_REPEAT_WORDS", "MIN_REPEAT_CHARS"]

MIN_REPEAT_WORDS = 4
MIN_REPEAT_CHARS = 20

_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+\*?(?:\[[^\]]*\])?")
_LETTER_ARGUMENT = re.compile(r"\{\s*[A-Za-z]{1,2}\s*\}")
# only the formatting tags OCR leaves (``<u>…</u>``): any other "<…>" is the author's text and kept as text
_TAG = re.compile(r"(?i)</?(?:u|b|i|em|strong|sub|sup|br)\s*/?>")
_BLANK_RUN = re.compile(r"\t[ \t]*| [ \t]+")  # a run of spaces and tabs that is not already one space


def strip_markup(text: str) -> str:
    """``text`` without LaTeX commands, math delimiters, braces and HTML tags.

    Arguments of LaTeX commands are kept (a date inside ``\\sqrt[4]{12.10.24}``
    survives).
    """
    text = _TAG.sub(" ", text)
    text = _LATEX_COMMAND.sub(" ", text)
    text = _LETTER_ARGUMENT.sub(" ", text)
    text = text.replace("$", " ").replace("{", " ").replace("}", " ")
    return _BLANK_RUN.sub(" ", text)


@lru_cache(maxsize=1)
def _broken_latex() -> re.Pattern:
    from graphkb.extract.knowledge import load_segment_data

    words = "|".join(re.escape(word) for word in load_segment_data()["latex_debris"])
    return re.compile(rf"(?<![A-Za-z])(?:{words})(?![A-Za-z])")


def strip_broken_latex(text: str) -> str:
    """``text`` without the remains of LaTeX commands that lost their backslash
    ("\\textstyle" printed as "extstyle"; the list is ``latex_debris`` in
    ``extract/data/segment.yaml``).

    >>> strip_broken_latex("extstyle eq arphi What Do Language Models Learn").split()
    ['What', 'Do', 'Language', 'Models', 'Learn']
    """
    return _broken_latex().sub(" ", text)


def remove_repeats(paragraph: str, min_words: int = MIN_REPEAT_WORDS, min_chars: int = MIN_REPEAT_CHARS) -> str:
    """``paragraph`` with every run of words it already said dropped.

    A run counts when it is at least ``min_words`` words and ``min_chars``
    characters long and its first copy ends before it starts.
    """
    words = paragraph.split()
    if len(words) < 2 * min_words:
        return paragraph
    grams = list(zip(*(words[offset:] for offset in range(min_words))))
    if len(set(grams)) == len(grams):
        return paragraph
    seen: dict[tuple[str, ...], int] = {}
    kept: list[str] = []
    index = 0
    while index < len(words):
        gram = tuple(words[index : index + min_words])
        first = seen.get(gram)
        if first is not None and first + min_words <= index:
            length = min_words
            while (
                index + length < len(words)
                and first + length < index
                and words[first + length] == words[index + length]
            ):
                length += 1
            if len(" ".join(words[index : index + length])) >= min_chars:
                index += length
                continue
        if len(gram) == min_words:
            seen.setdefault(gram, index)
        kept.append(words[index])
        index += 1
    return " ".join(kept)
