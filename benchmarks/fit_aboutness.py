"""Fit the aboutness model (extract/data/aboutness.yaml) on the development gold, two-fold.

The gold sample holds two regions of the corpus: A = reviews starting on lines 1–853, B = 2460–3274.  The model is
fitted on one and scored on the other, both ways, and the validation figures are printed first; the figures on the
fitting half follow.  Each validation figure comes with a 90 % interval: the figures of 2,000 samples of the checked
half's reviews drawn with replacement, so a gap to a target can be read against how much another sample of reviews
would move it.  ``--write`` then fits on both halves and writes the weights the pipeline uses.

    python benchmarks/fit_aboutness.py [--write]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import numpy

from graphkb import DEFAULT_CORPUS
from graphkb.evaluation import align, load_gold
from graphkb.evaluation.concepts import concept_matches, review_tallies, score
from graphkb.extract.aboutness import ABOUTNESS_PATH, FEATURES, AboutnessModel, features, load_aboutness_model, mark_about
from graphkb.extract.pipeline import extract_records

GOLD = Path(__file__).resolve().parents[1] / "tests" / "data" / "gold-dev.jsonl"
HALVES = {"A": (1, 853), "B": (2460, 3274)}
THRESHOLDS = tuple(round(0.3 + 0.025 * step, 3) for step in range(13))  # 0.3 to 0.6
RESAMPLES = 2000


def _in(lines: tuple[int, int], line: int) -> bool:
    return lines[0] <= line <= lines[1]


def _rows(reviews, gold, halves):
    """Feature rows and labels (the concept matches a gold concept of its review) over the given halves."""
    mentioned = Counter(c["name"] for r in reviews for c in r.concepts)
    by_start = {r.line_start: r for r in reviews}
    x, y = [], []
    for item in gold:
        if not any(_in(HALVES[h], item["line"]) for h in halves) or item["line"] not in by_start:
            continue
        review = by_start[item["line"]]
        for concept in review.concepts:
            values = features(concept, review, mentioned[concept["name"]] / len(reviews))
            x.append([values[name] for name in FEATURES])
            names = [concept["name"], *concept.get("aliases", ())]
            y.append(float(any(concept_matches(name, item["concepts"]) for name in names)))
    return numpy.array(x), numpy.array(y)


def _fit(x, y, l2: float = 1.0, steps: int = 4000, rate: float = 0.5) -> dict[str, float]:
    weights = numpy.zeros(x.shape[1])
    for _ in range(steps):
        p = 1.0 / (1.0 + numpy.exp(-x @ weights))
        penalty = l2 * numpy.r_[0.0, weights[1:]]
        weights -= rate * (x.T @ (p - y) + penalty) / len(y)
    return {name: round(float(w), 3) for name, w in zip(FEATURES, weights)}


def _alignment(reviews, gold, halves, model: AboutnessModel):
    mark_about(reviews, model)
    records = [r.to_dict() for r in reviews if any(_in(HALVES[h], r.line_start) for h in halves)]
    items = [g for g in gold if any(_in(HALVES[h], g["line"]) for h in halves)]
    return align(records, items)


def _figures(reviews, gold, halves, model: AboutnessModel) -> dict:
    return score(_alignment(reviews, gold, halves, model))


def _intervals(alignment) -> dict[str, tuple[float, float]]:
    """5th and 95th percentiles of recall and precision over samples of the reviews drawn with replacement."""
    tallies = numpy.array(review_tallies(alignment), dtype=float)
    drawn = tallies[numpy.random.default_rng(0).integers(0, len(tallies), (RESAMPLES, len(tallies)))].sum(axis=1)
    recall, precision = drawn[:, 1] / drawn[:, 0], drawn[:, 3] / drawn[:, 2]
    return {name: tuple(numpy.percentile(values, [5, 95]).round(3)) for name, values in (("recall", recall), ("precision", precision))}


def _model(weights, threshold, base: AboutnessModel) -> AboutnessModel:
    return AboutnessModel(weights, threshold, base.min_about, base.max_about)


def _choose_threshold(reviews, gold, halves, weights, base):
    """The threshold that best balances recall and precision on the fitting halves: the smaller of the two
    margins to the targets, each half scored on its own as the issue scores it, averaged over the halves."""
    def margin(threshold):
        model = _model(weights, threshold, base)
        figures = [_figures(reviews, gold, (half,), model) for half in halves]
        return sum(min(f["concept_recall"] - 0.85, f["concept_precision_lower_bound"] - 0.80) for f in figures) / len(figures)
    return max(THRESHOLDS, key=margin)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="fit on both halves and write extract/data/aboutness.yaml")
    args = parser.parse_args()
    gold = load_gold(GOLD)
    reviews = extract_records(DEFAULT_CORPUS, continuations=False)
    base = load_aboutness_model()

    def line(label, f, spread=None):
        recall, precision = f"{f['concept_recall']:.3f}", f"{f['concept_precision_lower_bound']:.3f}"
        if spread:
            recall += " ({:.3f}–{:.3f})".format(*spread["recall"])
            precision += " ({:.3f}–{:.3f})".format(*spread["precision"])
        return f"  {label:<26} recall {recall}  precision ≥ {precision}  ({f['concepts_per_review']} about-concepts a review)"

    print("validation (fitted on the other half; 90 % of samples of its reviews fall in the brackets):")
    fitted = {}
    for fit_half, check_half in (("A", "B"), ("B", "A")):
        x, y = _rows(reviews, gold, (fit_half,))
        weights = _fit(x, y)
        threshold = _choose_threshold(reviews, gold, (fit_half,), weights, base)
        fitted[fit_half] = (weights, threshold)
        alignment = _alignment(reviews, gold, (check_half,), _model(weights, threshold, base))
        print(line(f"fit {fit_half} → check {check_half} (t={threshold})", score(alignment), _intervals(alignment)))
    print("on the fitting half itself:")
    for fit_half, (weights, threshold) in fitted.items():
        print(line(f"fit {fit_half} → check {fit_half}", _figures(reviews, gold, (fit_half,), _model(weights, threshold, base))))
    print("shipped model (extract/data/aboutness.yaml):")
    for half in HALVES:
        print(line(f"half {half}", _figures(reviews, gold, (half,), base)))
    if args.write:
        x, y = _rows(reviews, gold, tuple(HALVES))
        weights = _fit(x, y)
        threshold = _choose_threshold(reviews, gold, tuple(HALVES), weights, base)
        text = ABOUTNESS_PATH.read_text(encoding="utf-8").split("weights:")[0]
        body = ", ".join(f"{name}: {value}" for name, value in weights.items())
        ABOUTNESS_PATH.write_text(
            f"{text}weights: {{{body}}}\nthreshold: {threshold}\nmin_about: {base.min_about}\nmax_about: {base.max_about}\n",
            encoding="utf-8",
        )
        print(f"wrote {ABOUTNESS_PATH} (fitted on both halves, threshold {threshold})")


if __name__ == "__main__":
    main()
