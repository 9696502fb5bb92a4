"""``graphkb concepts``: the concepts of a corpus with the number of reviews mentioning each."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import click

from graphkb.cli.options import store_config, store_options

__all__ = ["concepts", "FORMATS"]

FORMATS = ("table", "json", "csv")


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
@click.option("--format", "format_", type=click.Choice(FORMATS), default="table", show_default=True)
@store_options
def concepts(corpus: Path | None, top: int | None, kind: str | None, format_: str, **store: Any) -> None:
    """List the concepts of the stored graph (or of CORPUS, extracted) with
    the number of reviews that mention each, most reviewed first."""
    from graphkb.concept_table import concept_table
    from graphkb.graph import load

    rows = concept_table(load(corpus or store_config(**store)), kind=kind, top=top)
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

    title = f"{len(rows)} concepts" + (f" of kind {kind}" if kind else "")
    table = Table(title=title)
    for column, style, justify in (("concept", "bold", "left"), ("kind", "cyan", "left"), ("reviews", None, "right"),
                                   ("mentions", "dim", "right"), ("broader", "dim", "left")):
        table.add_column(column, style=style, justify=justify, overflow="fold")
    for row in rows:
        # names can come from corpus text (discovered concepts): Text keeps brackets from being read as markup
        table.add_row(Text(row["name"]), Text(row["kind"] or ""), str(row["reviews"]), str(row["mentions"]),
                      Text(", ".join(row["broader"])))
    console = Console(width=120)
    with console.capture() as capture:
        console.print(table)
    return capture.get()
