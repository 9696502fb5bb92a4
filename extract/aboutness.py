"""What a review is about: the few concepts a reader would list, apart from everything it mentions.

Every concept a review mentions stays in its record; :func:`mark_about` adds ``about`` (True for the 4–10
concepts the review is about) and ``aboutness`` (a score in [0, 1]) to each.  The score is a logistic model
over signals that mean the same thing whatever the concept and whatever the review's length: named in the
title, in the opening, how densely the body names it (mentions per 1,000 characters, so a long review's passing
mention weighs no more than a short one's), whether just once outside the title, and then among how
many other concepts of the same sentence (one item of a list is seldom the topic), whether the body names it only
in sentences that refer to another review of the series ("X, which we reviewed yesterday": the topic of that
review, not necessarily of this one), how many concepts the review names in all (on a log scale: a review that
names forty is about a smaller share of them than one that names eight), whether the lexicon marks it generic,
whether it is the broader concept of another one the review names, and how many reviews of the series mention
it.  An untitled review is scored from its body alone, with the same weights.  The weights, the threshold and the
bounds are data (``extract/data/aboutness.yaml``), fitted on the development sample by
``benchmarks/fit_aboutness.py``.

Examples
--------
>>> from graphkb.records import Review
>>> concepts = [
...     {"name": "Mamba", "kind": "architecture", "count": 6, "in_title": True, "in_opening": True},
...     {"name": "large language models", "kind": "architecture", "count": 1, "in_title": False,
...      "in_opening": False, "generic": True},
... ]
>>> review = Review(id="a", date="2024-06-08", text="Mamba " * 200, concepts=concepts)
>>> _ = mark_about([review])
>>> mamba, llms = review.concepts
>>> mamba["aboutness"] > 0.5 > llms["aboutness"]
True
>>> mamba["about"], llms["about"]  # a review is about at least its min_about best concepts
(True, True)
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphkb.extract.datafiles import DATA_DIR, data_error, read_mapping
from graphkb.records import Review

__all__ = ["AboutnessModel", "load_aboutness_model", "features", "FEATURES", "mark_about", "ABOUTNESS_PATH"]

ABOUTNESS_PATH = DATA_DIR / "aboutness.yaml"
DISCOVERED_KIND = "discovered"

FEATURES = (
    "bias",
    "in_title",
    "in_opening",
    "log_density",
    "generic",
    "discovered",
    "field",
    "broader_of_another",
    "series_share",
    "named_once",
    "named_once_among_many",
    "named_only_in_references",
    "concepts_named",
)


@dataclass(frozen=True)
class AboutnessModel:
    """Weights per feature, the probability a concept needs, and how many concepts a review is about."""

    weights: dict[str, float]
    threshold: float
    min_about: int
    max_about: int

    def probability(self, values: dict[str, float]) -> float:
        z = sum(self.weights.get(name, 0.0) * value for name, value in values.items())
        return 1.0 / (1.0 + math.exp(-z))


@functools.lru_cache(maxsize=4)
def load_aboutness_model(path: str | Path = ABOUTNESS_PATH) -> AboutnessModel:
    """Read the aboutness model (once per file).

    >>> load_aboutness_model().min_about
    4
    """
    path = Path(path)
    data = read_mapping(path, {"weights": dict, "threshold": float, "min_about": int, "max_about": int})
    try:
        weights = {str(name): float(value) for name, value in data["weights"].items()}
    except (TypeError, ValueError) as error:
        raise data_error(path, ("weights",), f"every weight must be a number ({error})") from None
    unknown = sorted(set(weights) - set(FEATURES))
    if unknown:
        raise data_error(path, ("weights",), f"unknown aboutness features {', '.join(unknown)} (known: {', '.join(FEATURES)})")
    return AboutnessModel(weights, float(data["threshold"]), int(data["min_about"]), int(data["max_about"]))


def features(concept: dict[str, Any], review: Review, series_share: float) -> dict[str, float]:
    """The signals of one concept of a review, each in a comparable range (see :data:`FEATURES`)."""
    review_concepts = review.concepts
    count = concept.get("count", 1)
    return {
        "bias": 1.0,
        "in_title": float(bool(concept.get("in_title"))),
        "in_opening": float(bool(concept.get("in_opening"))),
        "log_density": math.log1p(1000 * count / max(1, len(review.text))),
        "generic": float(bool(concept.get("generic"))),
        "discovered": float(concept.get("kind") == DISCOVERED_KIND),
        "field": float(concept.get("kind") == "field"),
        "broader_of_another": float(any(concept["name"] in (other.get("broader") or ()) for other in review_concepts)),
        "series_share": min(1.0, 4.0 * series_share),
        "named_once": float(count == 1 and not concept.get("in_title")),
        "named_once_among_many": min(1.0, concept.get("peers", 0) / 4) if count == 1 and not concept.get("in_title") else 0.0,
        "named_only_in_references": float(not concept.get("in_title") and 0 < count <= concept.get("referenced", 0)),
        "concepts_named": math.log(max(1, len(review_concepts))),
    }


def mark_about(reviews: Sequence[Review], model: AboutnessModel | None = None) -> Sequence[Review]:
    """Set ``about`` and ``aboutness`` on every concept of every review (in place; returns the reviews).

    A review is about its ``min_about`` best-scored concepts, and about more of them, up to ``max_about``,
    while their probability reaches the threshold.  ``series_share`` is the share of ``reviews`` that
    mention the concept, so a concept half the series names needs stronger signals.
    """
    model = model or load_aboutness_model()
    mentioned = Counter(concept["name"] for review in reviews for concept in review.concepts)
    total = max(1, len(reviews))
    for review in reviews:
        scored = sorted(
            ((model.probability(features(c, review, mentioned[c["name"]] / total)), index) for index, c in enumerate(review.concepts)),
            key=lambda pair: (-pair[0], pair[1]),
        )
        for rank, (probability, index) in enumerate(scored):
            concept = review.concepts[index]
            concept["aboutness"] = round(probability, 3)
            concept["about"] = rank < model.min_about or (probability >= model.threshold and rank < model.max_about)
    return reviews
