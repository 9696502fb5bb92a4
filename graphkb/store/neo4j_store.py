"""The Neo4j store, through the official driver.

Reads run with ``execute_query(routing_=READ)``, so they go to a reader and in
a read access mode the server refuses writes.  A load is one write
transaction: a build that fails or is cut off is rolled back whole.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import unquote, urlsplit

from graphkb.errors import QueryError, QueryTimeoutError, StoreError, StoreUnavailableError, WriteRefusedError, mask_secrets
from graphkb.progress import progress_bar
from graphkb.model import NODE_KEYS, GraphRows
from graphkb.store.base import BATCH_SIZE, GraphStore, check_params, load_plan, one_line

__all__ = ["Neo4jStore", "constraint_statements", "check_uri", "REPLACE_STATEMENT"]

SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
# The driver logs its own account of a failed connection ("Unable to retrieve routing information")
# through logging's last-resort handler, which prints it on stderr before graphkb's one line.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

# what a server answers a write sent in read mode: single instance, cluster follower, read-only database
WRITE_REFUSED_CODES = (
    "Neo.ClientError.Statement.AccessMode",
    "Neo.ClientError.Cluster.NotALeader",
    "Neo.ClientError.General.ForbiddenOnReadOnlyDatabase",
)


REPLACE_STATEMENT = "MATCH (n) WHERE any(label IN labels(n) WHERE label IN $labels) DETACH DELETE n"


def constraint_statements() -> list[str]:
    """``CREATE CONSTRAINT … IF NOT EXISTS`` for the key of every node label."""
    return [
        f"CREATE CONSTRAINT graphkb_{label.lower()}_{key} IF NOT EXISTS FOR (n:{label}) REQUIRE n.{key} IS UNIQUE"
        for label, key in NODE_KEYS.items()
    ]


def check_uri(uri: str) -> tuple[str, str | None, str | None]:
    """``(uri without credentials, user, password)`` of a Neo4j URI, or one clear error.

    Credentials written into the URI are taken out (the driver wants them
    apart) and never shown again; the host and port are checked here, since
    the driver raises a bare ``ValueError`` on some and wraps a port past
    65535 to another.

    >>> check_uri("bolt://neo4j:secret@localhost:7687")
    ('bolt://localhost:7687', 'neo4j', 'secret')
    >>> check_uri("bolt://:7687")
    Traceback (most recent call last):
    ...
    graphkb.errors.StoreUnavailableError: bad Neo4j URI 'bolt://:7687': it names no host; use bolt://host:7687 or neo4j://host (neo4j+s:// for Aura)
    """
    usage = "use bolt://host:7687 or neo4j://host (neo4j+s:// for Aura)"
    shown = mask_secrets(uri)
    try:
        parts = urlsplit(uri.strip())
        port = parts.port
        host = parts.hostname
    except ValueError as error:
        raise StoreUnavailableError(f"bad Neo4j URI {shown!r}: {error}; {usage}") from None
    if parts.scheme.lower() not in SCHEMES:
        raise StoreUnavailableError(f"bad Neo4j URI {shown!r}: {usage}")
    if not host:
        raise StoreUnavailableError(f"bad Neo4j URI {shown!r}: it names no host; {usage}")
    if port == 0:
        raise StoreUnavailableError(f"bad Neo4j URI {shown!r}: port 0 is not a port; {usage}")
    address = f"[{host}]" if ":" in host else host
    plain = f"{parts.scheme}://{address}" + (f":{port}" if port is not None else "")
    plain += parts.path + (f"?{parts.query}" if parts.query else "")
    user = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password is not None else None
    return plain, user, password


class Neo4jStore(GraphStore):
    """The graph in a Neo4j database.

    Parameters
    ----------
    uri : str
        ``bolt://host:7687``, ``neo4j://…`` or ``neo4j+s://…`` (Aura).
    user, password : str
        Credentials (``neo4j`` / empty when not given).
    database : str, optional
        The database; the server's default when omitted.

    Examples
    --------
    >>> with Neo4jStore("bolt://localhost:7687", "neo4j", "secret") as store:  # doctest: +SKIP
    ...     store.counts()["Review"]
    190
    """

    engine = "neo4j"
    node_ref_function = "elementId"

    def __init__(self, uri: str, user: str | None = None, password: str | None = None, database: str | None = None):
        import neo4j
        from neo4j.exceptions import AuthError, DriverError, Neo4jError

        self.uri, uri_user, uri_password = check_uri(uri)
        user, password = user or uri_user, password if password is not None else uri_password
        self._secrets = (password, uri_password)
        self.database = database or None
        try:
            self._driver = neo4j.GraphDatabase.driver(self.uri, auth=(user or "neo4j", password or ""))
        except (ValueError, DriverError) as error:
            raise StoreUnavailableError(f"bad Neo4j URI {self.uri!r}: {self._one_line(error)}") from None
        try:
            self._driver.verify_connectivity()
        except AuthError:
            self._driver.close()
            raise StoreUnavailableError(
                f"Neo4j at {self.uri} refused the user name or password (set --neo4j-user/--neo4j-password or NEO4J_USER/NEO4J_PASSWORD)"
            ) from None
        except (DriverError, OSError, ValueError) as error:
            self._driver.close()
            raise StoreUnavailableError(f"cannot reach Neo4j at {self.uri}: {self._one_line(error)}") from None
        except Neo4jError as error:
            self._driver.close()
            raise StoreUnavailableError(f"Neo4j at {self.uri}: {self._one_line(error.message or error)}") from None

    def _one_line(self, error: Any) -> str:
        """A driver's message on one line, with no password in it."""
        return mask_secrets(one_line(error), *self._secrets)

    def describe(self) -> str:
        return f"Neo4j at {self.uri}" + (f" (database {self.database})" if self.database else "")

    def setup_schema(self) -> None:
        for statement in constraint_statements():
            self._run(statement, write=True)

    def load(self, rows: GraphRows, *, replace: bool = False, batch_size: int = BATCH_SIZE) -> dict[str, int]:
        from neo4j.exceptions import DriverError, Neo4jError

        plan = load_plan(rows, batch_size)
        self.setup_schema()  # schema changes cannot share the data transaction

        def write_all(tx) -> None:
            if replace:
                tx.run(REPLACE_STATEMENT, labels=list(NODE_KEYS)).consume()
            with progress_bar("Loading", total=sum(len(step.rows) for step in plan)) as advance:
                for step in plan:
                    tx.run(step.cypher, rows=step.rows).consume()
                    advance(len(step.rows))

        try:
            with self._driver.session(database=self.database) as session:
                session.execute_write(write_all)
        except DriverError as error:
            raise StoreUnavailableError(f"lost Neo4j at {self.uri} while loading; nothing was written: {self._one_line(error)}") from None
        except Neo4jError as error:
            raise StoreError(f"loading the graph failed, the stored graph is unchanged: {self._one_line(error.message or error)}") from None
        return self.counts()

    def query(
        self, cypher: str, params: dict[str, Any] | None = None, write: bool = False, *, timeout: float | None = None
    ) -> tuple[list[str], list[list[Any]]]:
        return self._run(cypher, check_params(params), write=write, timeout=timeout)

    def _run(
        self, cypher: str, params: dict[str, Any] | None = None, write: bool = False, timeout: float | None = None
    ) -> tuple[list[str], list[list[Any]]]:
        import neo4j
        from neo4j.exceptions import AuthError, ClientError, DriverError, Neo4jError

        routing = neo4j.RoutingControl.WRITE if write else neo4j.RoutingControl.READ
        statement = neo4j.Query(cypher, timeout=timeout) if timeout else cypher
        try:
            records, _, keys = self._driver.execute_query(statement, params or {}, routing_=routing, database_=self.database)
        except AuthError as error:
            raise StoreUnavailableError(f"Neo4j at {self.uri} refused the credentials: {self._one_line(error.message or error)}") from None
        except ClientError as error:
            if error.code and "TransactionTimedOut" in error.code:
                raise QueryTimeoutError(f"the query ran past its time limit of {timeout:g} s and was stopped") from None
            if error.code in WRITE_REFUSED_CODES:
                raise WriteRefusedError("the query writes to the graph: pass --write (write=True) to allow it") from None
            raise QueryError(self._one_line(error.message or error)) from None
        except DriverError as error:
            raise StoreUnavailableError(f"lost Neo4j at {self.uri}: {self._one_line(error)}") from None
        except Neo4jError as error:
            raise StoreError(self._one_line(error.message or error)) from None
        return list(keys), [[_plain(value) for value in record.values()] for record in records]

    def close(self) -> None:
        self._driver.close()


def _plain(value: Any) -> Any:
    """Driver values as plain Python: nodes and relationships as dicts, paths as lists."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {"_labels": sorted(value.labels), **dict(value)}
    if isinstance(value, Relationship):
        return {"_type": value.type, **dict(value)}
    if isinstance(value, Path):
        items: list[Any] = [_plain(value.start_node)]
        for relationship in value.relationships:
            items.append(_plain(relationship))
            items.append(_plain(relationship.end_node))
        return items
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if hasattr(value, "iso_format"):  # neo4j.time types
        return value.iso_format()
    return value
