"""A title to show for every review, printed or derived.

29 of the series' reviews print no paper title.  So that an untitled review is not "about nothing" on a
picture or in a reading list, each gets a ``display_title``: the printed title when there is one; else the
title another review printed for the same arXiv paper; else a short topic line: the first of its opening
sentences that names a concept the review is about, else the names of those concepts.  ``title_derived`` says
the title was not printed.  Run it after concepts are marked ``about``.

Examples
--------
>>> from graphkb.records import Review
>>> a = Review(id="a", date="2024-06-01", title="CLLMs: Consistency Large Language Models", arxiv=["2403.00835"])
>>> b = Review(id="b", date="2024-06-02", arxiv=["2403.00835"], text="ממשיכים עם CLLMs.")
>>> c = Review(id="c", date="2024-06-03", text="סקירה קצרה היום. נדבר על מודלי דיפוזיה ועל הדרך שבה הם מסירים רעש.",
...            concepts=[{"name": "diffusion models", "aliases": ["מודלי דיפוזיה"], "about": True}])
>>> _ = add_display_titles([a, b, c])
>>> b.display_title, b.title_derived
('CLLMs: Consistency Large Language Models', True)
>>> c.display_title
'נדבר על מודלי דיפוזיה ועל הדרך שבה הם מסירים רעש'
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from graphkb.records import Review

__all__ = ["add_display_titles", "topic_line", "TOPIC_LINE_CHARS"]

TOPIC_LINE_CHARS = 80
_SENTENCE = re.compile(r"[^.!?\n:]+")
_URL = re.compile(r"https?://\S+")


OPENING_SENTENCES = 3


def _cut(sentence: str, limit: int) -> str:
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0].rstrip(",;") + "…"


def topic_line(text: str, names: Sequence[str], limit: int = TOPIC_LINE_CHARS) -> str | None:
    """The first of the opening sentences of ``text`` that holds one of ``names``, cut at a word boundary to at most
    ``limit`` characters, or None.

    >>> topic_line("Short intro. A very long sentence about diffusion models and noise. More.", ["diffusion models"], 40)
    'A very long sentence about diffusion…'
    >>> topic_line("Hello there, readers.", ["Mamba", "SSM"]) is None
    True
    """
    folded = [name.casefold() for name in names]
    sentences = (" ".join(m.group().split()) for m in _SENTENCE.finditer(_URL.sub(" ", text)))
    for sentence in [s for s in sentences if len(s) >= 12][:OPENING_SENTENCES]:
        if any(name in sentence.casefold() for name in folded):
            return _cut(sentence, limit)
    return None


def add_display_titles(reviews: Sequence[Review]) -> Sequence[Review]:
    """Fill ``display_title`` and ``title_derived`` of every review (in place; returns the reviews)."""
    printed = {arxiv_id: review.title for review in reviews if review.title for arxiv_id in review.arxiv[:1]}
    for review in reviews:
        if review.title:
            review.display_title, review.title_derived = review.title, False
            continue
        linked = next((printed[arxiv_id] for arxiv_id in review.arxiv if arxiv_id in printed), None)
        about = [c for c in review.concepts if c.get("about")]
        spellings = [spelling for c in about for spelling in (c["name"], *c.get("aliases", ()))]
        review.display_title = linked or topic_line(review.text or review.raw_text or "", spellings) or (
            " · ".join(c["name"] for c in about[:3]) or None
        )
        review.title_derived = True
    return reviews
