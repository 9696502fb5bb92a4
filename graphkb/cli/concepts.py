"""``graphkb concepts``: the concepts of a corpus with the number of reviews mentioning each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from graphkb.cli.options import store_config, store_options
from graphkb.cli.output import ROW_FORMATS, emit, emit_rows, to_table

__all__ = ["concepts"]


@click.command(
    epilog="""\b
Examples:
  graphkb concepts --top 20
  graphkb concepts --kind method --format csv > methods.csv
  graphkb concepts --data-dir ./kb --format json
  graphkb concepts my-corpus.txt                   # extract a corpus without storing it"""
)
@click.argument("corpus", required=False, type=click.Path(path_type=Path))
@click.option("--top", type=click.IntRange(min=1), help="Show only the N concepts with the most reviews.")
@click.option("--kind", help="Only concepts of this kind (method, architecture, task, phenomenon, discovered, ...).")
@click.option("--format", "format_", type=click.Choice(ROW_FORMATS), default="table", show_default=True)
@store_options
def concepts(corpus: Path | None, top: int | None, kind: str | None, format_: str, **store: Any) -> None:
    """List the concepts of the stored graph (or of CORPUS, extracted) with
    the number of reviews that mention each, most reviewed first."""
    from graphkb.concept_table import concept_table
    from graphkb.graph import load

    rows = concept_table(load(corpus or store_config(**store)), kind=kind, top=top)
    if format_ == "table":
        title = f"{len(rows)} concepts" + (f" of kind {kind}" if kind else "")
        emit(to_table(["concept", "kind", "reviews", "mentions", "broader"],
                      [[row["name"], row["kind"], row["reviews"], row["mentions"], ", ".join(row["broader"])] for row in rows],
                      title=title, right=("reviews", "mentions"), styles={"concept": "bold", "kind": "cyan", "broader": "dim"},
                      width=120))
    else:
        columns = ["name", "kind", "reviews", "mentions", "broader", "review_ids"]
        emit_rows(columns, [[row[column] for column in columns] for row in rows], format_)
