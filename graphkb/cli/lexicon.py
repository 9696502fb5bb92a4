"""``graphkb lexicon``: keep the lexicon current (``suggest`` terms it lacks, read a concept's ``mentions``, ``check`` the
data files)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from graphkb.cli.options import knowledge_options, load_knowledge_option
from graphkb.cli.output import emit, to_json, to_table

__all__ = ["lexicon", "suggest", "mentions", "thin", "check", "SUGGEST_FORMATS", "MENTIONS_FORMATS"]

SUGGEST_FORMATS = ("yaml", "table", "json")
MENTIONS_FORMATS = ("table", "json")


@click.group()
def lexicon() -> None:
    """Keep the concept lexicon current: the weekly curator's loop.

    \b
    Examples:
      graphkb lexicon suggest > new-terms.yaml     # terms the lexicon lacks, as entries to paste
      graphkb lexicon thin --since 2025-02-01      # tags on a mention or two: the likeliest wrong senses
      graphkb lexicon mentions "evaluation metrics"  # where the text names a concept: does each alias mean it?
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
  graphkb lexicon mentions "evaluation metrics"
  graphkb lexicon mentions מטריקה --set-aside
  graphkb lexicon mentions likelihood new-reviews.txt --format json"""
)
@click.argument("name")
@click.argument("corpus", required=False, type=click.Path(path_type=Path))
@click.option("--set-aside", is_flag=True, help="Only the places that do not count (context checks, too few mentions).")
@click.option("--format", "format_", type=click.Choice(MENTIONS_FORMATS), default="table", show_default=True)
@click.option("--encoding", help="Text encoding of the corpus (detected when omitted).")
@knowledge_options
def mentions(name: str, corpus: Path | None, set_aside: bool, format_: str, encoding: str | None, **knowledge: Path | None) -> None:
    """Every place CORPUS (the shipped example by default) names the concept NAME (a name or any alias), with the
    words the matcher read and their sentence, and why a place does not count: a context check set it aside
    (negated, contrasted, other sense) or the review names the concept too little. Read it to see whether each
    alias means its concept wherever it stands; a wrong one is a sense check or an alias to drop.
    """
    from graphkb import DEFAULT_CORPUS
    from graphkb.extract.concepts import concept_mentions
    from graphkb.extract.sources import read_reviews

    knowledge_files = load_knowledge_option(**knowledge)
    concept = _concept_named(name, knowledge_files.lexicon)
    places = concept_mentions(read_reviews(corpus or DEFAULT_CORPUS, encoding=encoding), concept, nlp=knowledge_files.pipeline())
    if set_aside:
        places = [place for place in places if not place["counted"]]
    if format_ == "json":
        emit(to_json(places))
        return
    rows = [[place["date"], place["written"], place["why"] or "counts", place["context"]] for place in places]
    reviews = len({place["review"] for place in places})
    title = f"{concept}: {len(places)} places in {reviews} reviews, {sum(not place['counted'] for place in places)} not counted"
    emit(to_table(["date", "written", "status", "context"], rows, title=title, width=160))


@lexicon.command(
    epilog="""\b
Examples:
  graphkb lexicon thin --since 2025-02-01
  graphkb lexicon thin new-reviews.txt --most 1 --format json"""
)
@click.argument("corpus", required=False, type=click.Path(path_type=Path))
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="Only reviews of this day (YYYY-MM-DD) or later.")
@click.option("--most", type=click.IntRange(min=1), default=2, show_default=True, help="Concepts a review names at most N times.")
@click.option("--format", "format_", type=click.Choice(MENTIONS_FORMATS), default="table", show_default=True)
@click.option("--encoding", help="Text encoding of the corpus (detected when omitted).")
@knowledge_options
def thin(corpus: Path | None, since, most: int, format_: str, encoding: str | None, **knowledge: Path | None) -> None:
    """The places of every lexicon concept a review of CORPUS (the shipped example by default) keeps on a mention or
    two outside its title, with the words read and their sentence: the tags likeliest to rest on a word used in
    another sense. Read the new reviews' list each week; a wrong one is a sense check or an alias to drop, and
    `mentions NAME` shows the rest of that alias's places.
    """
    from graphkb import DEFAULT_CORPUS
    from graphkb.extract.concepts import thin_mentions
    from graphkb.extract.sources import read_reviews

    reviews = read_reviews(corpus or DEFAULT_CORPUS, encoding=encoding)
    if since is not None:
        reviews = [review for review in reviews if review.date and review.date >= since.date().isoformat()]
    places = thin_mentions(reviews, most=most, nlp=load_knowledge_option(**knowledge).pipeline())
    if format_ == "json":
        emit(to_json(places))
        return
    rows = [[place["date"], place["concept"], place["written"], place["context"]] for place in places]
    title = f"{len(places)} places of concepts named at most {most} times in {len(reviews)} reviews"
    emit(to_table(["date", "concept", "written", "context"], rows, title=title, width=160))


def _concept_named(name: str, lexicon) -> str:
    """The canonical name of the lexicon concept ``name`` names or is an alias of, looked up as every command looks
    a concept up (:func:`graphkb.lookup.find_named`)."""
    from graphkb.lookup import find_named

    concepts = ((entry.name, entry.name, entry.aliases) for entry in lexicon.values())
    return find_named(concepts, name, missing="no concept of the lexicon is named {!r}")


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
