"""The extraction pipeline: source → reviews → concepts, entities → continuations → series, related concepts.

Concepts are annotated in chunks of reviews, so spaCy documents never pile up
and ``jobs > 1`` spreads the chunks over worker processes; discovered concepts
are then unified and continuations linked over the whole series.
:func:`extract_records` gives the reviews; :func:`extract` adds the steps over
the whole corpus (series, co-occurrence) and returns an
:class:`~graphkb.records.Extraction`, what :func:`graphkb.model.graph_rows`
maps to the graph.  One :class:`~graphkb.extract.knowledge.Knowledge` serves
every step.

Examples
--------
>>> from graphkb import DEFAULT_CORPUS
>>> extraction = extract(DEFAULT_CORPUS)  # doctest: +SKIP
>>> extraction.reviews[0].date, len(extraction.series)  # doctest: +SKIP
('2024-05-30', 17)
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

from graphkb.progress import progress_bar
from graphkb.records import Extraction, Review

from graphkb.extract.knowledge import Knowledge, load_knowledge

__all__ = ["extract", "extract_records", "extraction_from", "CHUNK_SIZE"]

CHUNK_SIZE = 32


def _annotate_chunk(task: tuple[list[Review], str, str, str]) -> list[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """Worker: concepts and entities of one chunk of reviews, with the knowledge files the parent loaded."""
    from graphkb.extract.concepts import annotate_concepts

    reviews, concepts_path, entities_path, cues_path = task
    annotate_concepts(reviews, nlp=load_knowledge(concepts_path, entities_path, cues_path).pipeline(), unify=False)
    return [(review.concepts, review.entities) for review in reviews]


@contextmanager
def _collector_spared() -> Iterator[Callable[[], None]]:
    """Steps during which the cyclic garbage collector leaves alone what is alive each time they call the function
    this yields (``gc.freeze``), given all back at the end (``gc.unfreeze``): its walks over spaCy's and the
    lexicons' objects, which live as long as the extraction, took a tenth of it.  A process that froze objects of
    its own keeps them frozen and nothing more is frozen.

    >>> with _collector_spared() as spare:
    ...     spare()
    ...     gc.get_freeze_count() > 0
    True
    >>> gc.get_freeze_count()
    0
    """
    if gc.get_freeze_count():
        yield lambda: None
        return
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()


def _annotate(reviews: list[Review], jobs: int, knowledge: Knowledge, spare: Callable[[], None]) -> None:
    chunks = [reviews[start : start + CHUNK_SIZE] for start in range(0, len(reviews), CHUNK_SIZE)]
    with progress_bar("Concepts", total=len(reviews)) as advance:
        if jobs > 1 and len(chunks) > 1:
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(max_workers=jobs) as pool:
                paths = (str(knowledge.concepts_path), str(knowledge.entities_path), str(knowledge.cues_path))
                for chunk, results in zip(chunks, pool.map(_annotate_chunk, [(chunk, *paths) for chunk in chunks])):
                    for review, (concepts, entities) in zip(chunk, results):
                        review.concepts, review.entities = concepts, entities
                    advance(len(chunk))
        else:
            from graphkb.extract.concepts import annotate_concepts

            spare()  # spaCy's modules
            nlp = knowledge.pipeline()
            spare()  # and the pipeline
            for chunk in chunks:
                annotate_concepts(chunk, nlp=nlp, unify=False)
                advance(len(chunk))
    from graphkb.extract.aboutness import mark_about
    from graphkb.extract.discovery import unify_discovered

    unify_discovered(reviews)
    mark_about(reviews)


def extract_records(
    source: str | Path,
    *,
    knowledge: Knowledge | None = None,
    encoding: str | None = None,
    concepts: bool = True,
    continuations: bool = True,
    jobs: int = 1,
) -> list[Review]:
    """Extract every review of ``source`` in corpus order.

    Parameters
    ----------
    source : str or Path
        A corpus text file, a Telegram Desktop ``result.json`` export, or a
        folder of ``.txt``/``.md`` files, one review each.
    knowledge : Knowledge, optional
        Lexicon, entities, cue phrases and rules (:func:`~graphkb.extract.knowledge.load_knowledge`),
        used by every step; the shipped knowledge by default.
    encoding : str, optional
        Text encoding; detected (UTF-8, UTF-16, BOM, Windows-1255) when omitted.
    concepts, continuations : bool
        Fill ``concepts``/``entities`` and ``continues`` (both on by default).
    jobs : int
        Worker processes for concept extraction (1: in this process).

    Raises
    ------
    graphkb.errors.InputError
        The source is missing, empty, binary, undecodable or holds no review.
    """
    from graphkb.extract.display_titles import add_display_titles
    from graphkb.extract.sources import read_reviews

    knowledge = knowledge or load_knowledge()
    with _collector_spared() as spare:
        reviews = read_reviews(source, encoding=encoding)
        if concepts:
            _annotate(reviews, max(1, jobs), knowledge, spare)
        add_display_titles(reviews)
        if continuations:
            from graphkb.extract.continuations import link_continuations

            link_continuations(reviews, knowledge)
    return reviews


def extraction_from(reviews: list[Review], knowledge: Knowledge | None = None) -> Extraction:
    """The steps over a whole corpus of extracted ``reviews``: its series, related concepts and references.

    Parameters
    ----------
    reviews : list of Review
        Records in corpus order with concepts and continuations filled (from :func:`extract_records`).
    knowledge : Knowledge, optional
        The knowledge they were extracted with (the shipped knowledge by default).

    Examples
    --------
    >>> a = Review(id="2024-06-21", date="2024-06-21", title="NER")
    >>> b = Review(id="2024-06-22", date="2024-06-22", title="GLiNER",
    ...            continues=[{"target": "2024-06-21", "kind": "yesterday", "evidence": "אתמול", "confidence": 0.9}])
    >>> [item["reviews"] for item in extraction_from([a, b]).series]
    [['2024-06-21', '2024-06-22']]
    """
    from graphkb.extract.continuations import find_series
    from graphkb.extract.cooccurrence import related_concepts
    from graphkb.extract.references import link_references

    knowledge = knowledge or load_knowledge()
    references = link_references(reviews)
    return Extraction(
        reviews=reviews,
        series=find_series(reviews, knowledge),
        related=related_concepts(reviews, knowledge),
        lexicon=knowledge.lexicon,
        introduces=references.introduces,
        references=references.refers,
    )


def extract(
    source: str | Path,
    *,
    knowledge: Knowledge | None = None,
    encoding: str | None = None,
    jobs: int = 1,
) -> Extraction:
    """Extract every review of ``source`` and what links them: the whole pipeline, ready for the graph.

    Parameters are those of :func:`extract_records`.

    Raises
    ------
    graphkb.errors.InputError
        The source is missing, empty, binary, undecodable or holds no review.
    """
    knowledge = knowledge or load_knowledge()
    return extraction_from(extract_records(source, knowledge=knowledge, encoding=encoding, jobs=jobs), knowledge)
