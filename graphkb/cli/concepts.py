"""``graphkb concepts``: the concepts of a corpus with the number of reviews mentioning each."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import click

__all__ = ["concepts", "concept_table", "FORMATS"]

FORMATS = ("table", "json", "csv")


def concept_table(reviews: list, *, kind: str | None = None, top: int | None = None) -> list[dict[str, Any]]:
    """One row per concept: name, kind, reviews (count), mentions, broader, aliases seen; most reviewed first.

    >>> from graphkb.records import Review
    >>> rows = concept_table([Review(id="a", date="2024-06-01", concepts=[{"name": "DPO", "kind": "method",
    ...                         "count": 2, "aliases": [], "broader": ["preference optimization"]}])])
    >>> rows[0]["name"], rows[0]["reviews"], rows[0]["mentions"]
    ('DPO', 1, 2)
    """
    rows: dict[str, dict[str, Any]] = {}
    for review in reviews:
        for concept in review.concepts:
            if kind and concept.get("kind") != kind:
                continue
            row = rows.setdefault(
                concept["name"],
                {"name": concept["name"], "kind": concept.get("kind"), "reviews": 0, "mentions": 0,
                 "broader": list(concept.get("broader") or ()), "review_ids": []},
            )
            row["reviews"] += 1
            row["mentions"] += int(concept.get("count", 1))
            row["review_ids"].append(review.id)
    ordered = sorted(rows.values(), key=lambda row: (-row["reviews"], -row["mentions"], row["name"].casefold()))
    return ordered[:top] if top else ordered


@click.command(
    epilog="""\b
Examples:
  graphkb concepts --top 20
  graphkb concepts --kind method --format csv > methods.csv
  graphkb concepts my-corpus.txt --format json"""
)
@click.argument("corpus", required=False, type=click.Path(path_type=Path))
@click.option("--top", type=click.IntRange(min=1), help="Show only the N concepts with the most reviews.")
@click.option("--kind", help="Only concepts of this kind (method, architecture, task, phenomenon, discovered, ...).")
@click.option("--format", "format_", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--encoding", help="Text encoding of the corpus (detected when omitted).")
def concepts(corpus: Path | None, top: int | None, kind: str | None, format_: str, encoding: str | None) -> None:
    """List the concepts of CORPUS (the shipped example corpus by default) with
    the number of reviews that mention each, most reviewed first."""
    from graphkb.extract.pipeline import extract_records
    from graphkb import DEFAULT_CORPUS

    reviews = extract_records(corpus or DEFAULT_CORPUS, encoding=encoding, continuations=False)
    rows = concept_table(reviews, kind=kind, top=top)
    if format_ == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif format_ == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["name", "kind", "reviews", "mentions", "broader", "review_ids"])
        for row in rows:
            writer.writerow([row["name"], row["kind"], row["reviews"], row["mentions"], "|".join(row["broader"]), "|".join(row["review_ids"])])
        click.echo(buffer.getvalue(), nl=False)
    else:
        click.echo(_render(rows, kind), nl=False)


def _render(rows: list[dict[str, Any]], kind: str | None) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from graphkb.text import neutralise_bidi

    title = f"{len(rows)} concepts" + (f" of kind {kind}" if kind else "")
    table = Table(title=title)
    for column, style, justify in (("concept", "bold", "left"), ("kind", "cyan", "left"), ("reviews", None, "right"),
                                   ("mentions", "dim", "right"), ("broader", "dim", "left")):
        table.add_column(column, style=style, justify=justify, overflow="fold")
    for row in rows:
        # names can come from corpus text (discovered concepts): Text keeps brackets from being read as markup
        table.add_row(Text(neutralise_bidi(row["name"])), Text(row["kind"] or ""), str(row["reviews"]), str(row["mentions"]),
                      Text(neutralise_bidi(", ".join(row["broader"]))))
    console = Console(width=120)
    with console.capture() as capture:
        console.print(table)
    return capture.get()
