"""Segment scoring and ``graphkb evaluate`` against the dev gold sample."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkb.extract.pipeline import extract_records
from graphkb.cli import cli
from graphkb.evaluation import align
from graphkb.evaluation.segments import score, titles_match

GOLD_DEV = Path(__file__).parent / "data" / "gold-dev.jsonl"


def test_titles_match_ignores_case_and_punctuation():
    assert titles_match("LaMA-NAS: Efficient Neural Architecture Search", "lama nas efficient neural architecture search.")
    assert not titles_match("Consistency Models", "Consistency Models Made Easy")
    assert titles_match(None, None) and not titles_match(None, "A Title")


def test_score_counts_missed_extra_and_dates_by_confidence():
    gold = [
        {"line": 1, "date": "2024-06-01", "date_confidence": "printed", "title": "A", "arxiv": ["2401.00001"]},
        {"line": 10, "date": "2024-06-02", "date_confidence": "inferred", "title": None, "arxiv": []},
        {"line": 20, "date": "2024-06-03", "date_confidence": "repaired", "title": "C", "arxiv": []},
    ]
    extracted = [
        {"line_start": 1, "line_end": 8, "date": "2024-06-01", "title": "A", "arxiv": ["2401.00001"]},
        {"line_start": 9, "line_end": 14, "date": "2024-06-03", "title": None, "arxiv": []},
        {"line_start": 15, "line_end": 17, "date": "2024-06-03", "title": "X", "arxiv": []},
        {"line_start": 30, "line_end": 35, "date": "2024-06-04", "title": "D", "arxiv": []},
    ]
    figures = score(align(extracted, gold))
    assert (figures["reviews_found"], figures["reviews_missed"], figures["reviews_extra"]) == (2, 1, 1)
    assert figures["missed_lines"] == [20] and figures["extra_lines"] == [15]
    assert figures["dates_exact_printed"] == 1.0
    assert figures["dates_exact_inferred"] == 0.0 and figures["dates_within_one_day_inferred"] == 1.0
    assert figures["titles"] == 1.0 and figures["arxiv_exact"] == 1.0


def test_dev_sample_meets_the_segmentation_targets(gold, corpus_path):
    reviews = extract_records(corpus_path, concepts=False, continuations=False)
    figures = score(align([r.to_dict() for r in reviews], gold))
    assert figures["reviews_found"] == len(gold) and figures["reviews_extra"] == 0
    assert figures["dates_exact_printed"] == 1.0 and figures["dates_exact_repaired"] == 1.0
    assert figures["dates_within_one_day_inferred"] >= 0.9
    assert figures["titles"] >= 0.97
    assert figures["arxiv_exact"] == 1.0


def test_evaluate_command_prints_every_section(corpus_path):
    pytest.importorskip("graphkb.extract.concepts", reason="the concepts module (issue 3) has not landed")
    runner = CliRunner()
    result = runner.invoke(cli, ["evaluate", "--gold", str(GOLD_DEV), str(corpus_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert {"segments", "concepts", "continuations"} <= set(figures)
    assert figures["segments"]["reviews_found"] == 90
    text = runner.invoke(cli, ["evaluate", "--gold", str(GOLD_DEV), str(corpus_path)])
    assert text.exit_code == 0 and "segments" in text.output and "reviews_found" in text.output


def test_evaluate_help_and_missing_gold(tmp_path, corpus_path):
    runner = CliRunner()
    assert "graphkb evaluate --gold" in runner.invoke(cli, ["evaluate", "--help"]).output
    result = runner.invoke(cli, ["evaluate", "--gold", str(tmp_path / "none.jsonl"), str(corpus_path)])
    assert result.exit_code != 0
