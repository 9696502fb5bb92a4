"""Progress bars for steps that can take more than a second.

Bars go to stderr and only when stderr is a terminal, so piped or logged
output stays clean.

Examples
--------
>>> with progress_bar("Extracting", total=3) as advance:
...     for _ in range(3):
...         advance(1)
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Callable, Iterator

__all__ = ["progress_bar", "progress_enabled"]


def progress_enabled() -> bool:
    """Whether progress bars are shown: stderr is an interactive terminal."""
    return sys.stderr.isatty()


@contextmanager
def progress_bar(description: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """A bar for ``total`` units of work (``None``: of unknown length); yields ``advance(n)``.

    Silent when stderr is not a terminal.
    """
    if not progress_enabled():
        yield lambda n=1: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    counter = (MofNCompleteColumn(),) if total is not None else ()
    columns = (TextColumn("{task.description}"), BarColumn(), *counter, TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(description, total=total)
        yield lambda n=1: progress.advance(task, n)
