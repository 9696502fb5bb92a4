"""The served graph: one snapshot of the store per graph version, with its layout and search keys.

The app opens the store once.  Each request asks :meth:`GraphState.snapshot`
for the current :class:`Snapshot`; at most every ``refresh_seconds`` a
background thread checks the store's counts (one per label and relationship
type, answered from the store's statistics), and when they changed (a
``graphkb build`` ran) reads the graph again.  A snapshot holds the networkx
view of the store, and computes once, on first use, what the views need: the
layout (:func:`graphkb.viz.compute_layout`, started in the background as soon
as the snapshot exists) and its bounding box, each node's first review date
and degree, the edge count and the search keys; the reading index of paths
and plans is built in the background from the start
(:mod:`graphkb.serve.reading`).

Examples
--------
>>> from graphkb.store import open_store
>>> state = GraphState(open_store("/tmp/kb", create=False))  # doctest: +SKIP
>>> state.snapshot().version  # doctest: +SKIP
'3f2a9c1e'
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from functools import cached_property
from typing import Any

from graphkb.errors import GraphkbError

__all__ = ["GraphState", "Snapshot"]


class Snapshot:
    """The store's graph at one version, and what is derived from it (each computed once).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The stored graph (:meth:`graphkb.store.GraphStore.read_networkx`).
    version : str
        A short hash of the store's counts.
    """

    def __init__(self, graph: Any, version: str):
        self.graph = graph
        self.version = version
        self._layout: dict[str, tuple[float, float]] | None = None
        self._layout_done = threading.Event()
        self._layout_error: BaseException | None = None
        self.answers: dict[Any, bytes] = {}  # JSON answers worth keeping for this version (the whole graph)
        self.reading: Any = None  # the reading index of paths and plans, once started (start_reading_index)

    def start_layout(self) -> None:
        """Compute the layout in a background thread (a large graph takes a while)."""
        threading.Thread(target=self._compute_layout, name=f"layout-{self.version}", daemon=True).start()

    def start_reading_index(self) -> None:
        """Build the reading index of paths and plans in the background (:class:`graphkb.serve.reading.WarmReadingIndex`)."""
        from graphkb.serve.reading import WarmReadingIndex

        self.reading = WarmReadingIndex(self.graph, prepare=lambda: (self.search_keys, self.degree, self.first_date))

    def _compute_layout(self) -> None:
        from graphkb.viz import compute_layout

        try:
            self._layout = compute_layout(self.graph)
        except BaseException as error:  # reported to the request that waits for it
            self._layout_error = error
        finally:
            self._layout_done.set()

    def positions(self) -> dict[str, tuple[float, float]]:
        """Node positions of the whole graph, waiting for the background layout (:meth:`start_layout`)."""
        self._layout_done.wait()
        if self._layout_error is not None:
            raise self._layout_error
        return self._layout or {}

    @cached_property
    def edge_count(self) -> int:
        """The number of relationships (networkx counts a multigraph's edges node by node)."""
        return self.graph.number_of_edges()

    @cached_property
    def bbox(self) -> list[list[float]]:
        """``[[min x, max x], [min y, max y]]`` of the layout (``[[0, 0], [0, 0]]`` for an empty graph)."""
        positions = self.positions().values()
        xs, ys = [x for x, _ in positions] or [0.0], [y for _, y in positions] or [0.0]
        return [[min(xs), max(xs)], [min(ys), max(ys)]]

    @cached_property
    def degree(self) -> dict[str, int]:
        """Node -> number of distinct neighbours."""
        graph = self.graph
        return {node: len((set(graph.successors(node)) | set(graph.predecessors(node))) - {node}) for node in graph}

    @cached_property
    def first_date(self) -> dict[str, str]:
        """Node -> the date it enters the series: a review's own date, else its earliest review's."""
        graph = self.graph
        dates: dict[str, str] = {}
        for node, attrs in graph.nodes(data=True):
            if attrs.get("label") == "Review" and attrs.get("date"):
                dates[node] = attrs["date"]
        for node, attrs in graph.nodes(data=True):
            if node in dates:
                continue
            linked = [dates[o] for o in (*graph.successors(node), *graph.predecessors(node)) if o in dates]
            if linked:
                dates[node] = min(linked)
            elif attrs.get("label") == "Series" and attrs.get("start"):
                dates[node] = attrs["start"]
        return dates

    @cached_property
    def date_range(self) -> list[str] | None:
        """``[first, last]`` review date, or None without dated reviews."""
        dates = [attrs["date"] for _, attrs in self.graph.nodes(data=True) if attrs.get("label") == "Review" and attrs.get("date")]
        return [min(dates), max(dates)] if dates else None

    @cached_property
    def search_keys(self) -> tuple[list[str], list[tuple[str, str]]]:
        """``(keys, owners)``: folded search keys and, per key, ``(node, the text it came from)``."""
        from graphkb.extract.folding import fold_words

        keys: list[str] = []
        owners: list[tuple[str, str]] = []
        for node, attrs in self.graph.nodes(data=True):
            texts = [attrs.get(name) for name in ("name", "title", "id", "arxivId", "url")]
            texts += list(attrs.get("aliases") or ())
            for text in dict.fromkeys(str(text) for text in texts if text):
                folded = fold_words(text)
                if folded:
                    keys.append(folded)
                    owners.append((node, text))
        return keys, owners


class GraphState:
    """The open store and its current :class:`Snapshot`.

    Parameters
    ----------
    store : graphkb.store.GraphStore
        Opened once for the app's life; only ever read (``write=False``).
    refresh_seconds : float
        How often, at most, a request checks whether the stored graph changed.
    """

    def __init__(self, store: Any, *, refresh_seconds: float = 2.0):
        self.store = store
        self.refresh_seconds = refresh_seconds
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._checked = 0.0

    def version(self) -> str:
        """A short hash of the store's node and relationship counts."""
        counts = self.store.counts()
        return hashlib.sha256(json.dumps(counts, sort_keys=True).encode()).hexdigest()[:12]

    def snapshot(self) -> Snapshot:
        """The current snapshot.

        A version check that falls due runs in a background thread (reading a
        changed store too), so a request never waits for it: it gets the
        snapshot the check replaces.  With ``refresh_seconds=0`` every request
        checks first and waits.
        """
        current = self._snapshot
        if current is None or self.refresh_seconds <= 0:
            with self._lock:
                if self._snapshot is None or self.refresh_seconds <= 0:
                    self._refresh()
                return self._snapshot
        if time.monotonic() - self._checked >= self.refresh_seconds and self._lock.acquire(blocking=False):
            threading.Thread(target=self._refresh_in_background, name="graph-version", daemon=True).start()
        return current

    def _refresh_in_background(self) -> None:
        try:
            self._refresh()
        except GraphkbError:  # the store is unavailable for now: keep serving what was read, check again later
            self._checked = time.monotonic()
        finally:
            self._lock.release()

    def _refresh(self) -> None:
        """Check the store's version and read it again when it changed (the caller holds the lock)."""
        version = self.version()
        if self._snapshot is None or self._snapshot.version != version:
            fresh = Snapshot(self.store.read_networkx(), version)
            fresh.start_layout()
            fresh.start_reading_index()
            self._snapshot = fresh
        self._checked = time.monotonic()
