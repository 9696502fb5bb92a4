"""``graphkb extract``: cut a corpus into review records (jsonl, json or table)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from graphkb.cli.options import knowledge_options, load_knowledge_option

__all__ = ["extract", "FORMATS"]

FORMATS = ("jsonl", "json", "table")


@click.command(
    epilog="""\b
Examples:
  graphkb extract graphkb/data/daily-paper-reviews.he.txt | head -n 1
  graphkb extract CORPUS --format table
  graphkb extract telegram-export/result.json -o reviews.json --format json
  graphkb extract old-corpus.txt --encoding cp1255
  graphkb extract big-corpus.txt --jobs 4 -o reviews.jsonl"""
)
@click.argument("corpus", type=click.Path(path_type=Path))
@click.option("--format", "format_", type=click.Choice(FORMATS), default="jsonl", show_default=True,
              help="jsonl: one record a line; json: one array; table: a summary for reading.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here instead of standard output.")
@click.option("--encoding", help="Text encoding of the corpus (detected when omitted: UTF-8, UTF-16, BOM, cp1255).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes for concept extraction.")
@knowledge_options
def extract(corpus: Path, format_: str, output: Path | None, encoding: str | None, jobs: int, **knowledge: Path | None) -> None:
    """Cut CORPUS into one record per review: id, date, title, arXiv ids, links,
    line span, text, concepts, entities and continuations.

    CORPUS is a plain-text series of reviews, a Telegram Desktop export
    (result.json or its folder), or a folder of .txt/.md files, one review each.
    """
    from graphkb.extract.pipeline import extract_records

    reviews = extract_records(corpus, knowledge=load_knowledge_option(**knowledge), encoding=encoding, jobs=jobs)
    if format_ == "table":
        _print_table(reviews, output)
        return
    if format_ == "json":
        text = json.dumps([r.to_dict() for r in reviews], ensure_ascii=False, indent=2) + "\n"
    else:
        text = "".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in reviews)
    if output is None:
        click.echo(text, nl=False)
    else:
        _write(output, text)
        click.echo(f"wrote {len(reviews)} reviews to {output}", err=True)


def _write(output: Path, text: str) -> None:
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise click.FileError(str(output), hint=error.strerror) from None


def _print_table(reviews: list, output: Path | None) -> None:
    """A rich table of the reviews: to the terminal (coloured when it is one) or, plain, to ``output``."""
    import io

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"{len(reviews)} reviews")
    for column, style in (("id", "cyan"), ("dated", None), ("lines", "dim"), ("title", "bold"), ("arXiv", "green"), ("links", None)):
        table.add_column(column, style=style, overflow="fold")
    for review in reviews:
        # corpus text goes in as Text, so brackets in it are never read as rich markup
        table.add_row(
            review.id,
            review.date_confidence,
            f"{review.line_start}-{review.line_end}",
            Text(review.title or "—"),
            " ".join(review.arxiv),
            str(len(review.links) + len(review.social_links)),
        )
    if output is None:
        Console().print(table)
        return
    buffer = io.StringIO()
    Console(file=buffer, width=200, color_system=None).print(table)
    _write(output, buffer.getvalue())
