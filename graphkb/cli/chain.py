"""``graphkb chain`` and ``graphkb series``: the continuation links between reviews."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from graphkb.cli.options import store_config, store_options
from graphkb.cli.output import emit, to_json
from graphkb.text import neutralise_bidi

__all__ = ["chain", "series", "chain_text", "series_text"]

FORMATS = ("text", "json")

_corpus_option = click.option(
    "--corpus",
    type=click.Path(exists=True, path_type=Path),
    help="Extract this corpus instead of reading the store.",
)


def _link_line(link: dict[str, Any], arrow: str) -> list[str]:
    lines = [f"  {arrow} {link['review']}  {link['title'] or '(untitled)'}"]
    confidence = link.get("confidence")
    detail = f"{link['kind']}, confidence {confidence:.2f}" if confidence is not None else str(link["kind"])
    lines.append(f"      {detail}: “{' '.join((link.get('evidence') or '').split())}”")
    return lines


def chain_text(found: dict[str, Any]) -> str:
    """A review's links as plain text: what it continues, what continues it, its series."""
    lines = [f"{found['review']}  {found['title'] or '(untitled)'}"]
    if found["series"]:
        item = found["series"]
        lines.append(f"series: {item['name']} ({item['size']} reviews, {item['start']} … {item['end']})")
    lines.append("continues:")
    lines += [line for link in found["continues"] for line in _link_line(link, "→")] or ["  (nothing)"]
    lines.append("continued by:")
    lines += [line for link in found["continued_by"] for line in _link_line(link, "←")] or ["  (nothing)"]
    if len(found["chain"]) > 1:
        lines.append(f"chain: {' · '.join(found['chain'])}")
    return "\n".join(lines)


def series_text(items: list[dict[str, Any]]) -> str:
    """Series as plain text, longest first: size, span, name."""
    reviews = sum(item["size"] for item in items)
    lines = [f"{len(items)} series, {reviews} reviews"]
    for item in items:
        lines.append(f"{item['size']:>4}  {item['start']} … {item['end']}  {item['name']}")
    return "\n".join(lines)


@click.command(
    epilog="""\b
Examples:
  graphkb chain 2024-06-22                 # GLiNER: continues the NER review of the day before
  graphkb chain 15.06.24 --format json     # a date as the series prints it
  graphkb chain 2024-06-15 --corpus my-reviews.txt
"""
)
@click.argument("review")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True)
@_corpus_option
@store_options
def chain(review: str, output_format: str, corpus: Path | None, **store: Any) -> None:
    """What REVIEW continues and what continues it, with the evidence.

    REVIEW is a review id (2024-06-14, 2024-06-16-2), a date (14.06.24) or a
    title.  The graph comes from the store (or --corpus).
    """
    from graphkb.chains import review_chain, stored_chain_graph
    from graphkb.graph import load

    found = review_chain(load(corpus or store_config(**store), read=stored_chain_graph), review)
    emit(to_json(found) if output_format == "json" else neutralise_bidi(chain_text(found)))


@click.command(
    epilog="""\b
Examples:
  graphkb series
  graphkb series --min-size 3 --format json
"""
)
@click.option("--min-size", type=click.IntRange(2), default=2, show_default=True, help="Only series of at least this many reviews.")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True)
@_corpus_option
@store_options
def series(min_size: int, output_format: str, corpus: Path | None, **store: Any) -> None:
    """The series of linked reviews, longest first, with names and date spans.

    A series is a maximal group of reviews joined by continuation links
    ("yesterday", "the last 3 reviews", "tomorrow the sequel", ...).
    """
    from graphkb.chains import list_series, stored_chain_graph
    from graphkb.graph import load

    items = [item for item in list_series(load(corpus or store_config(**store), read=stored_chain_graph)) if item["size"] >= min_size]
    emit(to_json(items) if output_format == "json" else neutralise_bidi(series_text(items)))
