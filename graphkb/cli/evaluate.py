"""``graphkb evaluate``: score an extraction of CORPUS against a gold file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from graphkb.cli.options import knowledge_options, load_knowledge_option
from graphkb.cli.output import emit, to_json

__all__ = ["evaluate", "render_text"]


@click.command(
    epilog="""\b
Example:
  graphkb evaluate --gold tests/data/gold-dev.jsonl graphkb/data/daily-paper-reviews.he.txt"""
)
@click.argument("corpus", type=click.Path(path_type=Path))
@click.option("--gold", "gold_path", required=True, type=click.Path(path_type=Path),
              help="Gold annotations, one JSON object per review (see tests/data/gold-README.md).")
@click.option("--format", "format_", type=click.Choice(("text", "json")), default="text", show_default=True)
@click.option("--encoding", help="Text encoding of the corpus (detected when omitted).")
@knowledge_options
def evaluate(corpus: Path, gold_path: Path, format_: str, encoding: str | None, **knowledge: Path | None) -> None:
    """Extract CORPUS and score it against the gold file: reviews found, missed
    and extra; dates exact and within a day; titles; arXiv ids; concepts;
    continuations."""
    from graphkb.extract.pipeline import extract_records
    from graphkb.evaluation import evaluate as score_all, load_gold

    gold = load_gold(gold_path)
    reviews = extract_records(corpus, knowledge=load_knowledge_option(**knowledge), encoding=encoding)
    figures = score_all([r.to_dict() for r in reviews], gold)
    emit(to_json(figures) if format_ == "json" else render_text(figures))


def render_text(figures: dict[str, dict[str, Any]]) -> str:
    """The figures as an indented report, one section per scorer; lists are counted, not printed.

    >>> print(render_text({"segments": {"titles": 0.98, "missed_lines": []}}))
    segments
      titles        0.98
      missed_lines  (none)
    """
    lines = []
    for section, values in figures.items():
        lines.append(section)
        width = max((len(name) for name in values), default=0)
        for name, value in values.items():
            if isinstance(value, list):
                shown = "(none)" if not value else "; ".join(_brief(item) for item in value[:12])
                if len(value) > 12:
                    shown += f"; … {len(value) - 12} more"
            elif isinstance(value, dict):
                shown = ", ".join(f"{key}={_number(item)}" for key, item in value.items()) or "(none)"
            elif isinstance(value, float):
                shown = f"{value:.4g}"
            else:
                shown = "n/a" if value is None else str(value)
            lines.append(f"  {name.ljust(width)}  {shown}")
    return "\n".join(lines)


def _number(value: Any) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def _brief(item: Any) -> str:
    if isinstance(item, dict):
        return ", ".join(f"{key}={value}" for key, value in item.items())
    return str(item)
