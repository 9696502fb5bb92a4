"""``graphkb lexicon``: keep the lexicon current (``suggest`` terms it lacks, ``check`` the data files)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from graphkb.cli.options import knowledge_options
from graphkb.cli.output import emit, to_json, to_table

__all__ = ["lexicon", "suggest", "check", "SUGGEST_FORMATS"]

SUGGEST_FORMATS = ("yaml", "table", "json")


@click.group()
def lexicon() -> None:
    """Keep the concept lexicon current: the weekly curator's loop.

    \b
    Examples:
      graphkb lexicon suggest > new-terms.yaml     # terms the lexicon lacks, as entries to paste
      graphkb lexicon check                        # every data file under extract/data/, file:line errors
    """


@lexicon.command(
    epilog="""\b
Examples:
  graphkb lexicon suggest
  graphkb lexicon suggest new-reviews.txt --min-reviews 3 --format table
  graphkb lexicon suggest --concepts my-concepts.yaml --format json"""
)
@click.argument("corpus", required=False, type=click.Path(path_type=Path))
@click.option("--min-reviews", type=click.IntRange(min=1), default=2, show_default=True, help="Only terms at least N reviews use.")
@click.option("--format", "format_", type=click.Choice(SUGGEST_FORMATS), default="yaml", show_default=True)
@click.option("--encoding", help="Text encoding of the corpus (detected when omitted).")
@knowledge_options
def suggest(corpus: Path | None, min_reviews: int, format_: str, encoding: str | None, **knowledge: Path | None) -> None:
    """List terms CORPUS (the shipped example by default) uses that the lexicon lacks.

    Latin-script terms and acronyms several reviews use, and English terms written in Hebrew letters
    (found by their phonetic key, or by a loanword ending), most reviewed first, each with a proposed
    name and kind, the spellings seen and two contexts. The YAML entries paste into concepts.yaml.
    """
    from graphkb import DEFAULT_CORPUS
    from graphkb.extract.entities import load_entities
    from graphkb.extract.lexicon import load_lexicon
    from graphkb.extract.sources import read_reviews
    from graphkb.extract.suggest import suggest_terms, suggestions_yaml

    corpus = corpus or DEFAULT_CORPUS
    concepts_file, entities_file = knowledge["concepts_file"], knowledge["entities_file"]
    suggestions = suggest_terms(
        read_reviews(corpus, encoding=encoding), load_lexicon(concepts_file), load_entities(entities_file), min_reviews=min_reviews
    )
    if format_ == "json":
        emit(to_json([dataclasses.asdict(suggestion) for suggestion in suggestions]))
    elif format_ == "table":
        rows = [
            [
                suggestion.name,
                f"alias of {suggestion.spelling_of}" if suggestion.spelling_of else suggestion.kind,
                suggestion.reviews,
                ", ".join(suggestion.aliases),
                suggestion.contexts[0][1] if suggestion.contexts else "",
            ]
            for suggestion in suggestions
        ]
        title = f"{len(suggestions)} terms the lexicon lacks (at least {min_reviews} reviews)"
        emit(to_table(["term", "kind", "reviews", "spellings", "context"], rows, title=title, right=["reviews"], width=140))
    else:
        emit(suggestions_yaml(suggestions, source=Path(corpus).name, min_reviews=min_reviews))


@lexicon.command(
    epilog="""\b
Examples:
  graphkb lexicon check
  graphkb lexicon check --concepts my-concepts.yaml"""
)
@knowledge_options
@click.pass_context
def check(ctx: click.Context, **knowledge: Path | None) -> None:
    """Check every data file under extract/data/ (or your own --concepts, --entities, --cues) as extraction
    reads it: YAML syntax, required keys and their types, broader concepts that exist and form no cycle,
    no alias claimed twice, cue patterns that compile. Prints each fault as file:line: message and exits 1,
    or one "ok" line."""
    from graphkb.extract.datacheck import check_data_files

    checks = check_data_files(knowledge["concepts_file"], knowledge["entities_file"], knowledge["cues_file"])
    errors = [check.error for check in checks if check.error]
    for error in errors:
        click.echo(error, err=True)
    if errors:
        click.echo(f"{len(errors)} of {len(checks)} data files have errors", err=True)
        ctx.exit(1)
    click.echo(f"ok: {', '.join(check.summary for check in checks if check.summary != 'parsed')}; {len(checks)} files")
