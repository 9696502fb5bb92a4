"""The extraction pipeline: source → reviews → concepts, entities → continuations.

Examples
--------
>>> from graphkb import DEFAULT_CORPUS
>>> reviews = extract_records(DEFAULT_CORPUS)  # doctest: +SKIP
>>> reviews[0].date  # doctest: +SKIP
'2024-05-30'
"""

from __future__ import annotations

from pathlib import Path

from graphkb.records import Review

__all__ = ["extract_records"]


def extract_records(
    source: str | Path,
    *,
    encoding: str | None = None,
    concepts: bool = True,
    continuations: bool = True,
) -> list[Review]:
    """Extract every review of ``source`` in corpus order.

    Parameters
    ----------
    source : str or Path
        A corpus text file, a Telegram Desktop ``result.json`` export, or a
        folder of ``.txt``/``.md`` files, one review each.
    encoding : str, optional
        Text encoding; detected (UTF-8, UTF-16, BOM, Windows-1255) when omitted.
    concepts, continuations : bool
        Fill ``concepts``/``entities`` and ``continues`` (both on by default).

    Raises
    ------
    graphkb.errors.InputError
        The source is missing, empty, binary, undecodable or holds no review.
    """
    from extract.sources import read_reviews

    reviews = read_reviews(source, encoding=encoding)
    if concepts:
        from extract.concepts import annotate_concepts

        annotate_concepts(reviews)
    if continuations:
        from extract.continuations import link_continuations

        link_continuations(reviews)
    return reviews
