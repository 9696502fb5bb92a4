"""One error root for graphkb, with a subclass for each kind of failure.

The CLI turns any :class:`GraphkbError` into a one-line message on stderr and
a non-zero exit (as it does the machine's ``OSError``: a full disk, a folder
where a file should be); anything else is a bug and keeps its traceback.
Messages never show a password: :func:`mask_secrets`.
"""

from __future__ import annotations

import re

__all__ = [
    "mask_secrets",
    "GraphkbError",
    "InputError",
    "ExtractionError",
    "StoreError",
    "StoreUnavailableError",
    "NoGraphError",
    "QueryError",
    "QueryTimeoutError",
    "WriteRefusedError",
    "UnknownNameError",
    "UnknownTopicError",
    "NoPathError",
    "IndexWarmingError",
]


USER_INFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@]*@")


def mask_secrets(text: str, *secrets: str | None) -> str:
    """``text`` with the ``user:password@`` of any URI in it, and each of ``secrets``, masked.

    >>> mask_secrets("cannot reach bolt://neo4j:hunter2@db:7687 (hunter2)", "hunter2")
    'cannot reach bolt://***@db:7687 (***)'
    """
    text = USER_INFO.sub(r"\1***@", str(text))
    for secret in secrets:
        if secret and len(secret) >= 3:
            text = text.replace(secret, "***")
    return text


class GraphkbError(Exception):
    """Root of every error graphkb reports to its user.

    ``exit_code`` is what the CLI exits with.
    """

    exit_code = 1


class InputError(GraphkbError):
    """The input cannot be read: missing, empty, binary, wrong encoding, no review in it."""

    exit_code = 2


class ExtractionError(GraphkbError):
    """Extraction failed on input that could be read."""


class StoreError(GraphkbError):
    """The graph store refused or failed an operation."""


class StoreUnavailableError(StoreError):
    """The store cannot be reached or started (server down, wrong password, foreign data folder)."""


class NoGraphError(StoreError):
    """The store a read command looks in holds no graph: run ``graphkb build`` first."""


class QueryError(StoreError):
    """A Cypher query is malformed, misses a parameter, or writes without permission."""

    exit_code = 2


class QueryTimeoutError(QueryError):
    """A query ran past its time limit and was stopped."""


class WriteRefusedError(QueryError):
    """A query run read-only tried to write."""


class UnknownNameError(GraphkbError):
    """A name (query, review id, format) is not known; ``candidates`` lists close ones."""

    exit_code = 2

    def __init__(self, message: str, candidates: list[str] | None = None):
        self.candidates = list(candidates or [])
        if self.candidates:
            message = f"{message} (did you mean: {', '.join(self.candidates)}?)"
        super().__init__(message)


class UnknownTopicError(UnknownNameError):
    """A topic given to ``path`` or ``plan`` matches no concept or review."""


class NoPathError(GraphkbError):
    """Two topics exist but no reading path connects them."""


class IndexWarmingError(GraphkbError):
    """What the answer needs (the reading index of ``graphkb serve``) is still being built: ask again shortly."""
