"""Concepts the lexicon lacks: method names that open titles and terms that reviews repeat, one name each.

A title such as "MEDUSA: Simple LLM Inference Acceleration …" names its method; a Latin-script term or acronym a
review repeats is a concept of that review.  Such concepts get the kind ``discovered``;
:func:`unify_discovered` gives each one name across the corpus and drops those too many reviews share to be
specific.  Limits and stop words are data (``extract/data/concept_rules.yaml``).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from typing import Any, Iterator, Sequence

from graphkb.extract.folding import fold
from graphkb.extract.knowledge import load_rules
from graphkb.extract.matching import clean_text
from graphkb.records import Review

__all__ = ["title_method_name", "name_spellings", "unify_discovered", "DISCOVERED_KIND", "TERM_SHAPE"]

DISCOVERED_KIND = "discovered"
TERM_SHAPE = re.compile(r"^(?:[A-Z0-9][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*|[A-Za-z]+[0-9][A-Za-z0-9]*|[a-z]+[A-Z][A-Za-z0-9]*)(?:-[A-Za-z0-9]+)*$")
_TITLE_NAME = re.compile(r"^\s*([A-Za-z0-9][\w.+\-]*(?: [\w.+\-]+){0,2})\s*:\s")


def name_spellings(text: str, name: str) -> Iterator[re.Match[str]]:
    """Where ``text`` writes the Latin-script method ``name`` as a whole: case and all ("WARM" is not "warm-up"),
    not inside a longer Latin word or number, and not a hyphenated part of a longer name ("STaR" is not in
    "Quiet-STaR", "GSM-Symbolic" is not in "GSM-Symbolic-P1").

    >>> [match.start() for match in name_spellings("GSM-Symbolic ו-GSM-Symbolic2 ו-GSM-Symbolic-P1", "GSM-Symbolic")]
    [0]
    >>> [match.start() for match in name_spellings("Quiet-STaR ממשיך את STaR", "STaR")]
    [20]
    """
    return re.finditer(rf"(?<![A-Za-z0-9])(?<![A-Za-z0-9]-){re.escape(name)}(?![A-Za-z0-9])(?!-[A-Za-z0-9])", text)


def _shaped_like_a_name(word: str) -> bool:
    """A term shape ("GLiNER", "2BP"), or hyphenated with such a part or of capitalised parts ("T-FREE", "Meta-Whisper")."""
    if TERM_SHAPE.match(word):
        return True
    parts = word.split("-")
    return len(parts) > 1 and (
        any(TERM_SHAPE.match(part) for part in parts) or all(part[:1].isupper() and part.isalpha() for part in parts)
    )


def title_method_name(title: str | None, rules: dict[str, Any] | None = None) -> str | None:
    """The method name a title opens with ("MEDUSA: Simple LLM ..." -> "MEDUSA"), if it looks like one.

    A name is one word shaped like a name, or capitalised and no stop word ("Position: ..." is none), or two or
    three words of which one is shaped like a name or all are capitalised ("Large Concept Models: ...").

    >>> title_method_name("GLiNER: Generalist Model for Named Entity Recognition")
    'GLiNER'
    >>> title_method_name("Large Concept Models: Language Modeling in a Sentence Representation Space")
    'Large Concept Models'
    >>> title_method_name("Learning to grok: Emergence of in-context learning") is None
    True
    """
    if not title:
        return None
    match = _TITLE_NAME.match(clean_text(title))
    if not match:
        return None
    name = match.group(1).strip()
    words = name.split()
    if len(words) > 1 and sum(ch.isupper() for ch in title) > 0.6 * sum(ch.isalpha() for ch in title):
        return None  # an all-capitals title makes every phrase look like a name: "RETHINKING SOFTMAX: ..."
    if len(words) > 1:
        named = any(_shaped_like_a_name(word) for word in words) or all(word[:1].isupper() for word in words)
    else:
        shaped = _shaped_like_a_name(name) or (name[:1].isupper() and name.isalpha())
        named = shaped and name.casefold() not in (rules or load_rules())["stop_words"]
    return name if named else None


def unify_discovered(reviews: Sequence[Review]) -> None:
    """One name per discovered concept across the corpus; drop those too many reviews share to be specific."""
    rules = load_rules()
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    reviews_with: Counter[str] = Counter()
    for review in reviews:
        for concept in review.concepts:
            if concept["kind"] == DISCOVERED_KIND:
                key = fold(concept["name"])
                spellings[key][concept["name"]] += concept["count"]
                reviews_with[key] += 1
    limit = max(3, math.ceil(float(rules["max_review_share"]) * len(reviews)))
    for review in reviews:
        kept = []
        for concept in review.concepts:
            if concept["kind"] == DISCOVERED_KIND:
                key = fold(concept["name"])
                if reviews_with[key] > limit and concept["salience"] < rules["title_weight"]:
                    continue
                name = spellings[key].most_common(1)[0][0]
                if name != concept["name"]:
                    concept["aliases"] = list(dict.fromkeys([concept["name"], *concept["aliases"]]))
                    concept["name"] = name
                concept["aliases"] = [a for a in concept["aliases"] if a != concept["name"]]
            kept.append(concept)
        review.concepts = kept
