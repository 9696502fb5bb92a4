"""The reading index of a served graph, built in the background as soon as its snapshot loads.

Reading paths and plans (:mod:`graphkb.paths`) run on a review-to-review
index that takes a while to build on a large graph (seconds at 20,000
reviews).  :class:`WarmReadingIndex` builds it once per graph version in a
thread: first the index and the text search of topics (what every path and
plan needs), then the weak links only ``allow_weak`` uses.  Until a part is
ready a request for it waits briefly (:data:`WAIT_SECONDS`, so a small graph
never shows the wait), then gets an honest
:class:`~graphkb.errors.IndexWarmingError` (HTTP 503) saying how long the
build has been running.  Once all is built it freezes the objects that live
as long as the graph (:func:`gc.freeze`): millions of them on a large graph,
which every full garbage collection would otherwise scan, stalling whichever
request set it off for up to a second.

Examples
--------
>>> import networkx as nx
>>> warm = WarmReadingIndex(nx.MultiDiGraph())
>>> warm.index(weak=True).reviews
{}
>>> warm.status()["ready"], warm.status()["weak"]
(True, True)
"""

from __future__ import annotations

import gc
import threading
import time
from typing import Any, Callable

from graphkb.errors import IndexWarmingError

__all__ = ["WAIT_SECONDS", "WarmReadingIndex"]

WAIT_SECONDS = 3.0
"""How long a request waits for the index before it is told the index is warming."""


class WarmReadingIndex:
    """The :class:`~graphkb.paths.ReadingIndex` of ``graph``, built in a background thread from the start.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The snapshot's graph; not changed.
    prepare : callable, optional
        Run in the thread before the freeze: builds what else lives as long as the graph (the snapshot's search keys).
    """

    def __init__(self, graph: Any, prepare: Callable[[], Any] | None = None):
        self._prepare = prepare
        self._started = time.monotonic()
        self._seconds: dict[str, float] = {}
        self._index: Any = None
        self._error: BaseException | None = None
        self._ready = threading.Event()  # the index and its text search
        self._weak = threading.Event()  # and the weak links
        threading.Thread(target=self._build, args=(graph,), name="reading-index", daemon=True).start()

    def _build(self, graph: Any) -> None:
        from graphkb.paths import reading_index
        from graphkb.paths.topics import prepare_text_search

        try:
            index = reading_index(graph)
            prepare_text_search(index)
            self._index = index
            self._seconds["ready"] = time.monotonic() - self._started
            self._ready.set()
            index.weak_edges()
            self._seconds["weak"] = time.monotonic() - self._started
            if self._prepare is not None:
                self._prepare()
            gc.freeze()
        except BaseException as error:  # reported to every request that asks for the index
            self._error = error
        finally:
            self._ready.set()
            self._weak.set()

    def index(self, *, weak: bool = False, wait: float | None = None) -> Any:
        """The reading index, with its weak links built when ``weak``; waits up to ``wait`` seconds
        (:data:`WAIT_SECONDS` when ``None``) for it.

        Raises
        ------
        graphkb.errors.IndexWarmingError
            The index (or its weak links) is still being built.
        """
        (self._weak if weak else self._ready).wait(WAIT_SECONDS if wait is None else wait)
        if self._error is not None:
            raise self._error
        if self._index is None or (weak and not self._weak.is_set()):
            part = "weak links of the reading index" if self._index is not None else "reading index"
            raise IndexWarmingError(f"the {part} of this graph is still being built ({time.monotonic() - self._started:.0f} s "
                                    "so far, once per graph version): ask again in a few seconds")
        return self._index

    def status(self) -> dict[str, Any]:
        """``{"ready", "weak", "seconds"}``: which parts are built, and how many seconds each took to be."""
        return {"ready": self._index is not None, "weak": self._weak.is_set() and self._error is None,
                "seconds": {part: round(value, 2) for part, value in self._seconds.items()}}
