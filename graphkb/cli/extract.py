"""``graphkb extract``: cut a corpus into review records (jsonl, json or table)."""

from __future__ import annotations

from pathlib import Path

import click

from graphkb.cli.options import knowledge_options, load_knowledge_option
from graphkb.cli.output import emit, to_json, to_jsonl, to_table

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
    import atexit
    import gc

    from graphkb.extract.pipeline import extract_records

    # the process ends with the command: its last collections would walk all that spaCy and the lexicons built (a
    # tenth of the command's time) only to free what the system frees anyway
    atexit.register(gc.freeze)
    reviews = extract_records(corpus, knowledge=load_knowledge_option(**knowledge), encoding=encoding, jobs=jobs)
    if format_ == "table":
        rows = [[r.id, r.date_confidence, f"{r.line_start}-{r.line_end}", r.title or "—", " ".join(r.arxiv),
                 len(r.links) + len(r.social_links)] for r in reviews]
        text = to_table(["id", "dated", "lines", "title", "arXiv", "links"], rows, title=f"{len(reviews)} reviews",
                        styles={"id": "cyan", "lines": "dim", "title": "bold", "arXiv": "green"}, width=200 if output else None)
    elif format_ == "json":
        text = to_json([r.to_dict() for r in reviews])
    else:
        text = to_jsonl(r.to_dict() for r in reviews)
    emit(text, output)
    if output is not None:
        click.echo(f"wrote {len(reviews)} reviews to {output}", err=True)
