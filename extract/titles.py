"""Titles: the reviewed paper's English title, found in a Hebrew line and cleaned.

Titles are the Latin-script run of a line: after the header's phrase and date,
on the line after the header, or alone on a review's first line.  OCR leaves
emoji, arrows and LaTeX remains around them.

Examples
--------
>>> latin_run("98.07.24 א Mixture of A Million Experts")
'Mixture of A Million Experts'
>>> latin_run("4€ The Empirical Impact of Neural Parameter Symmetries, or Lack Thereof הסקירה היום")
'The Empirical Impact of Neural Parameter Symmetries, or Lack Thereof'
>>> clean_title("↑ Scaling and evaluating sparse autoencoders? 🤣")
'Scaling and evaluating sparse autoencoders?'
>>> clean_title("?When Can Transformers Count to n")
'When Can Transformers Count to n?'
>>> clean_title("FineZip : Beyond Preferences in Al Alignment")
'FineZip: Beyond Preferences in AI Alignment'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from graphkb.extract.ocr import strip_broken_latex, strip_markup

__all__ = ["latin_run", "clean_title", "latin_share", "is_title_line", "HEBREW", "LATIN"]

HEBREW = re.compile(r"[\u05d0-\u05ea]")
LATIN = re.compile(r"[A-Za-z]")
_KEEP_PUNCTUATION = set(":;,.!?&'\"()[]<>-–—/+%@#=_’‘“”")  # "<" and ">" too: text is kept as text, escaped where shown
_EDGE_JUNK = re.compile(r"^[\s\-–—:;,.|*#=_/\\]+|[\s\-–—:;,|*#=_/\\]+$")
_SPACE_BEFORE_MARK = re.compile(r"\s+([:;,?!])")
_PLAIN_WORD = re.compile(r"[^\W_][\w'’-]*[:;,.!?]*")


def latin_share(text: str) -> float:
    """The share of Latin letters among the Latin and Hebrew letters of ``text``."""
    latin = len(LATIN.findall(text))
    hebrew = len(HEBREW.findall(text))
    return latin / (latin + hebrew) if latin + hebrew else 0.0


def latin_run(text: str, capitalised: bool = True) -> str | None:
    """The first run of Latin-script words in ``text``, up to the next Hebrew word.

    Digits and punctuation inside the run are kept ("1,000,000,000 Personas");
    a run needs a word of two Latin letters or more and, when ``capitalised``,
    must open with a capital or a digit (a lower-case run is prose or debris).
    """
    tokens = strip_broken_latex(strip_markup(text)).split()
    start = next((i for i, token in enumerate(tokens) if len(LATIN.findall(token)) >= 1 and not HEBREW.search(token)), None)
    if start is None:
        return None
    run = []
    for token in tokens[start:]:
        if HEBREW.search(token):
            break
        run.append(token)
    title = clean_title(" ".join(run))
    if not title or not re.search(r"[A-Za-z]{2}", title):
        return None
    words = title.split()
    lead = next((word for word in words if _PLAIN_WORD.fullmatch(word)), words[0])  # past quotes, brackets, markup
    if capitalised and not any(char.isupper() or char.isdigit() for char in lead):
        return None
    return title


def _keep(char: str) -> bool:
    if char.isalnum() or char.isspace() or char in _KEEP_PUNCTUATION:
        return unicodedata.category(char) != "So"
    return False


@lru_cache(maxsize=1)
def _ocr_words() -> tuple[re.Pattern, dict[str, str]] | None:
    from graphkb.extract.knowledge import load_segment_data

    fixes = load_segment_data().get("title_ocr_words") or {}
    if not fixes:
        return None
    words = "|".join(re.escape(word) for word in fixes)
    return re.compile(rf"(?<![\w\-'])(?:{words})(?![\w\-'])"), fixes


def _fix_ocr_words(text: str) -> str:
    """``text`` with the words OCR misreads (``title_ocr_words`` in ``extract/data/segment.yaml``) put right."""
    table = _ocr_words()
    if table is None:
        return text
    pattern, fixes = table
    return pattern.sub(lambda match: fixes[match.group(0)], text)


def clean_title(text: str) -> str:
    """``text`` without emoji, arrows, markup and junk at its edges; spaces collapsed,
    no space before a colon or a question mark, OCR-misread words put right."""
    text = unicodedata.normalize("NFC", text).replace("**", " ")
    text = "".join(char if _keep(char) else " " for char in text)
    text = re.sub(r"\s+", " ", text)
    text = _fix_ocr_words(_SPACE_BEFORE_MARK.sub(r"\1", text))
    text = _EDGE_JUNK.sub("", text)
    text = text.rstrip(".").strip()
    if text[:1] in "?!" and text[-1:] not in "?!":
        text = text[1:] + text[0]  # right-to-left rendering moved the final mark to the front
    return _EDGE_JUNK.sub("", text)


def is_title_line(text: str) -> bool:
    """Whether a whole line reads as a title: mostly Latin, short, two words or more.

    >>> is_title_line("Gemma Scope: Open Sparse Autoencoders Everywhere All At Once on Gemma 2")
    True
    >>> is_title_line("המאמר מציע GraphAny לגרפים")
    False
    """
    stripped = strip_markup(text).strip()
    if not stripped or len(stripped) > 300 or "://" in stripped:
        return False
    return latin_share(stripped) >= 0.8 and len(re.findall(r"[A-Za-z]{2,}", stripped)) >= 2
