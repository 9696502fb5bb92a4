"""How far mention extraction caps aboutness: per half of the development gold, every extracted concept scored.

The about-only figures (what ``graphkb evaluate`` scores) cannot beat the figures of every concept a review
mentions: a gold concept no mention matches is lost before aboutness ranks anything.  For each half (B, the
validation half of the tuning protocol, first; A = reviews starting on lines 1–853, B = 2460–3274) this prints
the recall and precision lower bound of all mentions, then of the ``about`` ones.  ``--misses A`` (or ``B``)
lists that half's shared gold concepts no mention matches, ``--extra A`` the concepts it extracts that match no gold
concept of their review (with the sentence of their first mention): look at the half you tune on, never at the other.

    python benchmarks/mention_recall.py [--misses A|B] [--extra A|B]
"""

from __future__ import annotations

import argparse
import copy
from collections import Counter
from pathlib import Path

from graphkb import DEFAULT_CORPUS
from graphkb.evaluation import align, load_gold
from graphkb.evaluation.concepts import concept_matches, fold_concept, score
from graphkb.extract.pipeline import extract_records

GOLD = Path(__file__).resolve().parents[1] / "tests" / "data" / "gold-dev.jsonl"
HALVES = {"B": (2460, 3274), "A": (1, 853)}


def _every_concept_about(records: list[dict]) -> list[dict]:
    marked = copy.deepcopy(records)
    for record in marked:
        for concept in record["concepts"]:
            concept["about"] = True
    return marked


def _misses(records: list[dict], gold: list[dict]) -> list[tuple[int, str]]:
    """(gold line, concept) of each gold concept two gold reviews of ``gold`` share that no mention matches."""
    shared = Counter(folded for item in gold for folded in {fold_concept(name) for name in item["concepts"]})
    alignment = align(records, gold)
    missed = [(item["line"], "(review not found)") for item in alignment.missed]
    for item, extracted in alignment.pairs:
        names = [name for concept in extracted["concepts"] for name in (concept["name"], *concept.get("aliases", ()))]
        missed += [
            (item["line"], wanted)
            for wanted in item["concepts"]
            if shared[fold_concept(wanted)] >= 2 and not any(concept_matches(name, [wanted]) for name in names)
        ]
    return missed


def _extra(records: list[dict], gold: list[dict]) -> list[tuple[int, dict]]:
    """(gold line, concept record) of each concept extracted for a review of ``gold`` that matches none of its gold concepts."""
    return [
        (item["line"], concept)
        for item, extracted in align(records, gold).pairs
        for concept in extracted["concepts"]
        if not any(concept_matches(name, item["concepts"]) for name in (concept["name"], *concept.get("aliases", ())))
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", choices=sorted(HALVES), help="list this half's shared gold concepts no mention matches")
    parser.add_argument("--extra", choices=sorted(HALVES), help="list this half's extracted concepts no gold concept matches")
    args = parser.parse_args()
    gold = load_gold(GOLD)
    records = [review.to_dict() for review in extract_records(DEFAULT_CORPUS, continuations=False)]
    for half, (first, last) in HALVES.items():
        mine = [record for record in records if first <= record["line_start"] <= last]
        items = [item for item in gold if first <= item["line"] <= last]
        every, about = score(align(_every_concept_about(mine), items)), score(align(mine, items))
        print(
            f"half {half}: all mentions recall {every['concept_recall']:.3f} precision ≥ {every['concept_precision_lower_bound']:.3f}"
            f" ({every['concepts_per_review']} a review) | about recall {about['concept_recall']:.3f}"
            f" precision ≥ {about['concept_precision_lower_bound']:.3f} ({about['concepts_per_review']} a review)"
        )
        if half == args.misses:
            for line, concept in _misses(mine, items):
                print(f"  line {line}: {concept}")
        if half == args.extra:
            for line, concept in _extra(mine, items):
                about = "about" if concept.get("about") else "     "
                spelled = ", ".join(concept["aliases"][:4])
                print(f"  line {line}: {about} {concept['name']} ×{concept['count']} [{spelled}] | {concept['evidence']}")


if __name__ == "__main__":
    main()
