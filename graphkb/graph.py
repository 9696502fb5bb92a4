"""Where the graph comes from, decided once for every command that reads it.

A source is a :class:`StoreConfig` (the embedded store in a data folder, or a
Neo4j server) or a corpus file to extract in memory.  :func:`load` returns the
graph as a networkx ``MultiDiGraph`` (see :func:`graphkb.model.to_networkx`);
:func:`open_store` opens the store itself for queries and builds.  A store
that holds no graph is one clear error, :class:`~graphkb.errors.NoGraphError`
("no graph in …; run `graphkb build` first"): nothing falls back to the
example corpus behind the user's back.

Examples
--------
>>> config = StoreConfig.from_env(data_dir="/tmp/kb", environ={})
>>> config.data_dir, config.neo4j_uri
(PosixPath('/tmp/kb'), None)
>>> StoreConfig.from_env(environ={"NEO4J_URI": "bolt://db:7687"}).describe()
'Neo4j at bolt://db:7687'
>>> load(StoreConfig(data_dir=Path("/nonexistent/kb")))
Traceback (most recent call last):
...
graphkb.errors.NoGraphError: no graph in /nonexistent/kb; run `graphkb build` first
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping, TypeVar, Union

from graphkb.errors import NoGraphError
from graphkb.store import default_data_dir

if TYPE_CHECKING:
    from graphkb.extract.knowledge import Knowledge
    from graphkb.store.base import GraphStore

__all__ = ["StoreConfig", "GraphSource", "open_store", "load"]

T = TypeVar("T")


@dataclass(frozen=True)
class StoreConfig:
    """Which store holds the graph: Neo4j when ``neo4j_uri`` is set, else the embedded store in ``data_dir``.

    Attributes
    ----------
    data_dir : Path
        Folder of the embedded FalkorDB store.
    neo4j_uri, neo4j_user, neo4j_password, neo4j_database : str, optional
        A Neo4j server and its credentials.
    """

    data_dir: Path
    neo4j_uri: str | None = None
    neo4j_user: str | None = None
    neo4j_password: str | None = None
    neo4j_database: str | None = None

    @classmethod
    def from_env(
        cls,
        data_dir: str | Path | None = None,
        neo4j_uri: str | None = None,
        neo4j_user: str | None = None,
        neo4j_password: str | None = None,
        neo4j_database: str | None = None,
        *,
        environ: Mapping[str, str] | None = None,
    ) -> StoreConfig:
        """The values given, each missing one from the environment (``GRAPHKB_DATA_DIR``, ``NEO4J_URI``,
        ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``) or its default."""
        environ = os.environ if environ is None else environ
        return cls(
            data_dir=Path(data_dir).expanduser() if data_dir else default_data_dir(environ),
            neo4j_uri=neo4j_uri or environ.get("NEO4J_URI") or None,
            neo4j_user=neo4j_user or environ.get("NEO4J_USER") or None,
            neo4j_password=neo4j_password if neo4j_password is not None else environ.get("NEO4J_PASSWORD"),
            neo4j_database=neo4j_database or environ.get("NEO4J_DATABASE") or None,
        )

    def describe(self) -> str:
        """Where the graph is, for messages: ``"Neo4j at bolt://…"`` or the data folder."""
        return f"Neo4j at {self.neo4j_uri}" if self.neo4j_uri else str(self.data_dir)


GraphSource = Union[StoreConfig, str, Path, None]
"""A :class:`StoreConfig`, a corpus file or folder to extract, or ``None`` for ``StoreConfig.from_env()``."""


def open_store(config: StoreConfig | None = None, *, create: bool = False, require_graph: bool = True) -> GraphStore:
    """Open the store ``config`` names (a context manager; ``StoreConfig.from_env()`` by default).

    Parameters
    ----------
    create : bool
        Make a new embedded data folder (``graphkb build`` does; reads do not).
    require_graph : bool
        Refuse a store that holds no graph yet.

    Raises
    ------
    graphkb.errors.NoGraphError
        Nothing is built there (and ``create``/``require_graph`` say that matters).
    graphkb.errors.StoreUnavailableError
        Neo4j unreachable or refusing the credentials; a folder that is not graphkb's.
    """
    from graphkb.store import open_store as open_backend

    config = config or StoreConfig.from_env()
    if not config.neo4j_uri and not create and _unbuilt(config.data_dir):
        raise NoGraphError(f"no graph in {config.describe()}; run `graphkb build` first")
    store = open_backend(
        config.data_dir,
        config.neo4j_uri,
        config.neo4j_user,
        config.neo4j_password,
        database=config.neo4j_database,
        create=create,
    )
    if require_graph and not create and not store.has_graph():
        store.close()
        raise NoGraphError(f"no graph in {config.describe()}; run `graphkb build` first")
    return store


def _unbuilt(folder: Path) -> bool:
    """A data folder that does not exist or is empty (a folder with other files is refused by the store)."""
    return not folder.exists() or (folder.is_dir() and not any(folder.iterdir()))


def load(
    source: GraphSource = None,
    *,
    read: Callable[[GraphStore], T] | None = None,
    knowledge: Knowledge | None = None,
) -> Any:
    """The graph from ``source``: read back from a store, or extracted from a corpus.

    Parameters
    ----------
    source : StoreConfig, path or None
        A store (``None``: ``StoreConfig.from_env()``) or a corpus file or folder.
    read : callable, optional
        For a store: what to read (``read(store)``), when a command needs less than the whole graph
        (e.g. :func:`graphkb.chains.stored_chain_graph`); the whole graph by default.
    knowledge : Knowledge, optional
        For a corpus: the knowledge to extract it with (the shipped knowledge by default).

    Returns
    -------
    networkx.MultiDiGraph
        Shaped like :func:`graphkb.model.to_networkx` (or what ``read`` returns).

    Raises
    ------
    graphkb.errors.NoGraphError
        The store holds no graph.
    graphkb.errors.InputError
        The corpus cannot be read.
    """
    if isinstance(source, (str, Path)):
        from graphkb.extract.pipeline import extract
        from graphkb.model import graph_rows, to_networkx

        return to_networkx(graph_rows(extract(source, knowledge=knowledge)))
    with open_store(source) as store:
        return read(store) if read is not None else store.read_networkx()
