"""Concept recall and a precision lower bound against gold concept lists.

Both sides are folded the way ``tests/data/gold-README.md`` describes: lower-cased,
parenthesised text dropped, every run of non-alphanumerics turned into one
space, a final "s" dropped from words longer than three letters (not "ss"),
and a few abbreviations expanded.  Two folded names match when they are
equal, or when the words of one contain the words of the other and the
smaller has at least one word that is not generic.

Examples
--------
>>> concept_matches("LLM reasoning", {"reasoning"})
True
>>> concept_matches("model", {"diffusion models"})
False
>>> fold_concept("Key-Value caches")
'kv cache'
"""

from __future__ import annotations

import re
from typing import Any, Iterable, NamedTuple

__all__ = ["fold_concept", "concept_matches", "score", "review_tallies", "ReviewTally", "GENERIC_WORDS", "ABBREVIATIONS"]

GENERIC_WORDS = frozenset(
    "model large language llm learning network neural deep method data the of for and in based training ai "
    "machine task system".split()
)

# folded name -> folded long form, applied to whole names on both sides
ABBREVIATIONS = {
    "llm": "large language model",
    "language model": "large language model",
    "ssm": "state space model",
    "moe": "mixture of expert",
    "rag": "retrieval augmented generation",
    "cot": "chain of thought",
    "icl": "in context learning",
    "sae": "sparse autoencoder",
    "kd": "knowledge distillation",
    "rl": "reinforcement learning",
    "vit": "vision transformer",
    "gnn": "graph neural network",
    "peft": "parameter efficient fine tuning",
    "nas": "neural architecture search",
    "attention": "attention mechanism",
    "self attention": "attention mechanism",
    "finetuning": "fine tuning",
    "key value cache": "kv cache",
}

_PARENTHESISED = re.compile(r"\([^)]*\)")
_NON_ALNUM = re.compile(r"[^\w]+|_+")


def _fold_word(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def fold_concept(name: str) -> str:
    """Fold a concept name for comparison (see the module docstring).

    >>> fold_concept("Diffusion Models (DMs)")
    'diffusion model'
    >>> fold_concept("LLMs")
    'large language model'
    """
    text = _PARENTHESISED.sub(" ", name.lower())
    words = [_fold_word(word) for word in _NON_ALNUM.sub(" ", text).split()]
    folded = " ".join(words)
    return ABBREVIATIONS.get(folded, folded)


def _names_match(left: str, right: str) -> bool:
    if left == right:
        return True
    left_words, right_words = set(left.split()), set(right.split())
    smaller, larger = (left_words, right_words) if len(left_words) <= len(right_words) else (right_words, left_words)
    return bool(smaller) and smaller <= larger and bool(smaller - GENERIC_WORDS)


def concept_matches(name: str, others: Iterable[str]) -> bool:
    """Whether ``name`` matches any of ``others`` once both are folded.

    >>> concept_matches("Direct Preference Optimization", ["DPO", "direct preference optimization"])
    True
    """
    folded = fold_concept(name)
    return any(_names_match(folded, fold_concept(other)) for other in others)


def _extracted_names(concept: Any) -> list[str]:
    if isinstance(concept, str):
        return [concept]
    return [concept["name"], *(concept.get("aliases") or ())]


def _any_match(names: list[str], targets: list[str]) -> bool:
    return any(concept_matches(name, targets) for name in names)


def _scored_concepts(extracted: dict[str, Any], about_only: bool) -> list[Any]:
    concepts = extracted.get("concepts") or ()
    return [c for c in concepts if not about_only or (isinstance(c, dict) and c.get("about"))]


class ReviewTally(NamedTuple):
    """The counts one gold review adds to the concept figures (see :func:`score`)."""

    shared_gold: int  # its gold concepts that at least two gold reviews list
    shared_found: int  # of those, the ones an extracted concept matches
    extracted: int  # the extracted concepts scored
    matching: int  # of those, the ones that match a gold concept of the review


def review_tallies(alignment) -> list[ReviewTally]:
    """Per gold review, the counts behind :func:`score` (a gold review no extracted one aligned to counts its shared
    gold concepts as missed): summed, they are the figures; resampled by review, they show how much the figures
    would move on another sample of reviews.

    >>> from graphkb.evaluation import align
    >>> gold = [{"line": 1, "concepts": ["DPO", "RLHF"]}, {"line": 9, "concepts": ["DPO"]}]
    >>> got = [{"line_start": 1, "line_end": 8, "concepts": ["DPO", "survey"]}, {"line_start": 9, "line_end": 12, "concepts": []}]
    >>> review_tallies(align(got, gold))
    [ReviewTally(shared_gold=1, shared_found=1, extracted=2, matching=1), ReviewTally(shared_gold=1, shared_found=0, extracted=0, matching=0)]
    """
    return _tallies(alignment, _about_only(alignment))


def _tallies(alignment, about_only: bool) -> list[ReviewTally]:
    shared: dict[str, int] = {}
    for item in alignment.gold:
        for folded in {fold_concept(name) for name in item.get("concepts") or ()}:
            shared[folded] = shared.get(folded, 0) + 1
    tallies = []
    for gold_item, extracted in alignment.pairs:
        gold_names = list(gold_item.get("concepts") or ())
        extracted_names = [_extracted_names(concept) for concept in _scored_concepts(extracted, about_only)]
        shared_names = [name for name in gold_names if shared.get(fold_concept(name), 0) >= 2]
        found = sum(any(_any_match(names, [name]) for names in extracted_names) for name in shared_names)
        matching = sum(_any_match(names, gold_names) for names in extracted_names)
        tallies.append(ReviewTally(len(shared_names), found, len(extracted_names), matching))
    for gold_item in alignment.missed:
        tallies.append(ReviewTally(sum(shared.get(fold_concept(name), 0) >= 2 for name in gold_item.get("concepts") or ()), 0, 0, 0))
    return tallies


def _about_only(alignment) -> bool:
    return any(
        isinstance(concept, dict) and "about" in concept
        for _, extracted in alignment.pairs
        for concept in extracted.get("concepts") or ()
    )


def score(alignment) -> dict[str, Any]:
    """Concept recall over gold concepts shared by at least two gold reviews, and a precision lower bound.

    When the records mark concepts ``about`` (what a review is about, apart from passing mentions), only
    those are scored: the gold lists what a review is about.

    Parameters
    ----------
    alignment : graphkb.evaluation.Alignment
        ``pairs`` of ``(gold, extracted)`` dicts; extracted concepts are dicts
        with ``name`` and ``aliases`` (plain strings are accepted too).

    Returns
    -------
    dict
        ``concept_recall``, ``concept_precision_lower_bound``, the counts
        behind them, and ``concepts_per_review`` (mean extracted per review).

    Examples
    --------
    >>> from graphkb.evaluation import align
    >>> gold = [{"line": 1, "concepts": ["DPO", "RLHF"]}, {"line": 9, "concepts": ["DPO"]}]
    >>> got = [{"line_start": 1, "line_end": 8, "concepts": [{"name": "direct preference optimization",
    ...         "aliases": ["DPO"]}, {"name": "survey", "aliases": []}]},
    ...        {"line_start": 9, "line_end": 12, "concepts": []}]
    >>> figures = score(align(got, gold))
    >>> figures["concept_recall"], figures["concept_precision_lower_bound"]
    (0.5, 0.5)
    """
    about_only = _about_only(alignment)
    tallies = _tallies(alignment, about_only)
    recall_total = sum(tally.shared_gold for tally in tallies)
    recall_hit = sum(tally.shared_found for tally in tallies)
    precision_total = sum(tally.extracted for tally in tallies)
    precision_hit = sum(tally.matching for tally in tallies)
    return {
        "concept_recall": round(recall_hit / recall_total, 4) if recall_total else None,
        "concept_precision_lower_bound": round(precision_hit / precision_total, 4) if precision_total else None,
        "shared_gold_concepts": recall_total,
        "shared_gold_concepts_found": recall_hit,
        "extracted_concepts": precision_total,
        "extracted_concepts_matching_gold": precision_hit,
        "concepts_per_review": round(precision_total / len(alignment.pairs), 2) if alignment.pairs else None,
        "scored": "about" if about_only else "all",
    }
