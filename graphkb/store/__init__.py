"""Graph stores: embedded FalkorDB (the default) and Neo4j, behind one interface.

:func:`open_store` opens the store it is given: Neo4j when a URI is given,
otherwise embedded FalkorDB in a data folder (by default
:func:`default_data_dir`).  Which store a command reads, from its options and
the environment, is decided once by :class:`graphkb.graph.StoreConfig`.

Examples
--------
>>> from graphkb.store import open_store
>>> with open_store("/tmp/kb") as store:  # doctest: +SKIP
...     columns, rows = store.query("MATCH (c:Concept) RETURN c.name AS name LIMIT $n", {"n": 3})
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping

from graphkb.store.base import GraphStore

__all__ = ["open_store", "default_data_dir", "GraphStore"]


def default_data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The data folder used when none is given: ``GRAPHKB_DATA_DIR`` or ``$XDG_DATA_HOME/graphkb``.

    >>> str(default_data_dir({"GRAPHKB_DATA_DIR": "/tmp/kb"}))
    '/tmp/kb'
    >>> str(default_data_dir({"XDG_DATA_HOME": "/data"}))
    '/data/graphkb'
    """
    environ = os.environ if environ is None else environ
    configured = environ.get("GRAPHKB_DATA_DIR")
    if configured:
        return Path(configured).expanduser()
    data_home = environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "graphkb"


def open_store(
    data_dir: str | Path | None = None,
    neo4j_uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    *,
    database: str | None = None,
    create: bool = True,
) -> GraphStore:
    """Open the graph store (see the module docstring for which one).

    Parameters
    ----------
    data_dir : path, optional
        Embedded store folder.
    neo4j_uri, user, password, database : str, optional
        Neo4j connection (see :meth:`graphkb.graph.StoreConfig.from_env` for the environment).
    create : bool
        Create a missing embedded data folder (builds do; reads should not).

    Raises
    ------
    graphkb.errors.StoreUnavailableError
        Neo4j unreachable or refusing the credentials; a folder that is not
        graphkb's; a server that cannot start.
    """
    if neo4j_uri:
        from graphkb.store.neo4j_store import Neo4jStore

        return Neo4jStore(neo4j_uri, user, password, database)
    from graphkb.store.falkordb_store import FalkorDBStore

    return FalkorDBStore(Path(data_dir) if data_dir else default_data_dir(), create=create)
