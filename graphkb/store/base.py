"""What every graph store shares: the schema, the load plan, the networkx view.

Labels, relationship types and key properties put into Cypher text come only
from :data:`graphkb.model.NODE_KEYS` and :data:`graphkb.model.RELATIONSHIPS`;
every value goes in as a parameter (``UNWIND $rows``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from graphkb.errors import QueryError, StoreError
from graphkb.model import NODE_KEYS, RELATIONSHIPS, GraphRows, node_id

__all__ = ["GraphStore", "LoadStep", "load_plan", "check_params", "one_line", "read_statements", "BATCH_SIZE"]

BATCH_SIZE = 500
PARAMETER_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


class LoadStep(tuple):
    """One write: ``(cypher, rows)`` where ``cypher`` reads ``$rows``."""

    __slots__ = ()

    def __new__(cls, cypher: str, rows: list[dict[str, Any]]):
        return super().__new__(cls, (cypher, rows))

    @property
    def cypher(self) -> str:
        return self[0]

    @property
    def rows(self) -> list[dict[str, Any]]:
        return self[1]


def _node_statement(label: str) -> str:
    key = NODE_KEYS[label]
    return f"UNWIND $rows AS row MERGE (n:{label} {{{key}: row.{key}}}) SET n += row"


def _relationship_statement(rel_type: str, source_label: str, target_label: str) -> str:
    source_key, target_key = NODE_KEYS[source_label], NODE_KEYS[target_label]
    return (
        f"UNWIND $rows AS row "
        f"MATCH (s:{source_label} {{{source_key}: row.source}}) "
        f"MATCH (t:{target_label} {{{target_key}: row.target}}) "
        f"MERGE (s)-[r:{rel_type}]->(t) SET r += row.props"
    )


def read_statements(node_ref_function: str) -> dict[str, str]:
    """The Cypher every store runs to count and read back the graph, by purpose.

    ``node_ref_function`` gives a node's id within one query (``id`` on
    FalkorDB, ``elementId`` on Neo4j).
    """
    ref = node_ref_function
    return {
        "any_node": "MATCH (n) RETURN n LIMIT 1",
        # one label or type per query: both stores answer such a count from their statistics, without a scan
        # (a grouped count over all nodes and links takes a quarter of a second on a 250,000-link graph)
        **{f"count {label}": f"MATCH (n:{label}) RETURN count(n) AS count" for label in NODE_KEYS},
        **{f"count {rel_type}": f"MATCH ()-[r:{rel_type}]->() RETURN count(r) AS count" for rel_type in RELATIONSHIPS},
        "nodes": f"MATCH (n) RETURN {ref}(n) AS ref, labels(n)[0] AS label, properties(n) AS props",
        "relationships": f"MATCH (s)-[r]->(t) RETURN {ref}(s) AS source, {ref}(t) AS target, type(r) AS type, properties(r) AS props",
    }


# A review's own links are rebuilt from its new extraction, so an edited lexicon or cue file
# leaves no stale MENTIONS or CONTINUES behind; reviews not in the corpus keep theirs.
REFRESH_REVIEW_LINKS = "UNWIND $rows AS row MATCH (r:Review {id: row.id})-[link]->() DELETE link"
# What the paper a loaded review reviews introduces is found again from the review too.
REFRESH_PAPER_LINKS = "UNWIND $rows AS row MATCH (:Review {id: row.id})-[:REVIEWS]->(:Paper)-[link:INTRODUCES]->() DELETE link"
# Nodes that only stale links held: series with no member, concepts, entities, papers and resources with no link.
ORPHAN_CLEANUP_LABELS = ("Series", "Concept", "Organization", "Person", "Model", "Dataset", "Paper", "Resource")


def _orphan_statement(label: str) -> str:
    return f"MATCH (n:{label}) OPTIONAL MATCH (n)-[link]-() WITH n, count(link) AS links WHERE links = 0 DELETE n"


def _batches(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def load_plan(rows: GraphRows, batch_size: int = BATCH_SIZE) -> list[LoadStep]:
    """The writes that load ``rows``: nodes first (label by label), then the
    loaded reviews' old links are dropped, then relationships, then nodes left
    with no link at all.

    Raises
    ------
    StoreError
        A label or relationship is not in the model's whitelist, or a row has no key.

    Examples
    --------
    >>> from graphkb.model import graph_rows
    >>> from graphkb.records import Extraction, Review
    >>> plan = load_plan(graph_rows(Extraction([Review(id="a", date="2024-06-14")])))
    >>> plan[0].cypher
    'UNWIND $rows AS row MERGE (n:Review {id: row.id}) SET n += row'
    """
    steps: list[LoadStep] = []
    for label, node_rows in rows.nodes.items():
        if label not in NODE_KEYS:
            raise StoreError(f"cannot load nodes labelled {label!r}: not a label of the graph model")
        key = NODE_KEYS[label]
        if any(row.get(key) in (None, "") for row in node_rows):
            raise StoreError(f"cannot load a {label} node without its key {key!r}")
        for batch in _batches(node_rows, batch_size):
            steps.append(LoadStep(_node_statement(label), batch))
    review_ids = [{"id": row["id"]} for row in rows.nodes.get("Review", ())]
    for batch in _batches(review_ids, batch_size):
        steps.append(LoadStep(REFRESH_PAPER_LINKS, batch))
        steps.append(LoadStep(REFRESH_REVIEW_LINKS, batch))
    for (rel_type, source_label, target_label), rel_rows in rows.relationships.items():
        if (source_label, target_label) not in RELATIONSHIPS.get(rel_type, ()):
            raise StoreError(f"cannot load ({source_label})-[:{rel_type}]->({target_label}): not in the graph model")
        prepared = [
            {"source": row["source"], "target": row["target"], "props": {k: v for k, v in row.items() if k not in ("source", "target")}}
            for row in rel_rows
        ]
        for batch in _batches(prepared, batch_size):
            steps.append(LoadStep(_relationship_statement(rel_type, source_label, target_label), batch))
    steps.extend(LoadStep(_orphan_statement(label), []) for label in ORPHAN_CLEANUP_LABELS)
    return steps


def check_params(params: dict[str, Any] | None) -> dict[str, Any]:
    """Parameters with checked names and NFC-normalised text values.

    Whole numbers outside the stores' 64-bit range and non-finite floats are
    refused, not clamped or wrapped by the store.

    >>> check_params({"concept": "DPO"})
    {'concept': 'DPO'}
    >>> check_params({"limit": 2**64})
    Traceback (most recent call last):
    ...
    graphkb.errors.QueryError: parameter limit: 18446744073709551616 is outside the 64-bit range the store keeps (-9223372036854775808 … 9223372036854775807)
    """
    if params is None:
        return {}
    checked = {}
    for name, value in params.items():
        if not isinstance(name, str) or not PARAMETER_NAME.match(name):
            raise QueryError(f"bad parameter name {name!r}: use letters, digits and _")
        try:
            checked[name] = _checked_value(name, value)
        except RecursionError:
            raise QueryError(f"parameter {name} nests lists or maps too deeply") from None
    return checked


def _checked_value(name: str, value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and not INT64_MIN <= value <= INT64_MAX:
        raise QueryError(f"parameter {name}: {value} is outside the 64-bit range the store keeps ({INT64_MIN} … {INT64_MAX})")
    if isinstance(value, float) and not math.isfinite(value):
        raise QueryError(f"parameter {name}: {value} is not a finite number")
    if isinstance(value, list):
        return [_checked_value(name, item) for item in value]
    if isinstance(value, dict):
        return {key: _checked_value(name, item) for key, item in value.items()}
    return value


def one_line(message: str) -> str:
    """A store's message on one line."""
    return " ".join(str(message).split())


class GraphStore:
    """A Cypher graph store holding the graphkb model.

    Subclasses: :class:`~graphkb.store.falkordb_store.FalkorDBStore` (embedded)
    and :class:`~graphkb.store.neo4j_store.Neo4jStore`.  Use as a context
    manager, or call :meth:`close`.
    """

    #: ``"falkordb"`` or ``"neo4j"``: picks the dialect of named queries
    engine = ""
    #: Cypher function giving a node's id within one query
    node_ref_function = "id"

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def describe(self) -> str:
        """Where the graph lives, for messages."""
        raise NotImplementedError

    def setup_schema(self) -> None:
        """Create a uniqueness constraint on every node key (idempotent)."""
        raise NotImplementedError

    def load(self, rows: GraphRows, *, replace: bool = False, batch_size: int = BATCH_SIZE) -> dict[str, int]:
        """Write ``rows`` atomically (MERGE on keys) and return the stored counts.

        A progress bar counts the rows written when stderr is a terminal.

        Parameters
        ----------
        rows : GraphRows
            From :func:`graphkb.model.graph_rows`.
        replace : bool
            Start from an empty graph instead of merging into the stored one.
        batch_size : int
            Rows per ``UNWIND`` write.
        """
        raise NotImplementedError

    def query(
        self, cypher: str, params: dict[str, Any] | None = None, write: bool = False, *, timeout: float | None = None
    ) -> tuple[list[str], list[list[Any]]]:
        """Run Cypher; read-only unless ``write``; stopped after ``timeout`` seconds when given.

        Returns
        -------
        (columns, rows)
            Column names and rows of plain Python values (nodes and
            relationships become dicts, paths lists).

        Raises
        ------
        QueryError
            Malformed Cypher, a missing parameter, or a write without ``write=True``.
        QueryTimeoutError
            The query ran past ``timeout``.
        """
        raise NotImplementedError

    def close(self) -> None:
        """Release the connection (and the embedded server when no one else uses it)."""
        raise NotImplementedError

    def has_graph(self) -> bool:
        """Whether anything is stored."""
        _, rows = self.query(read_statements(self.node_ref_function)["any_node"])
        return bool(rows)

    def counts(self) -> dict[str, int]:
        """Stored nodes per label and relationships per type (labels first, non-zero only)."""
        statements = read_statements(self.node_ref_function)
        result: dict[str, int] = {}
        for name in (*NODE_KEYS, *RELATIONSHIPS):
            count = self.query(statements[f"count {name}"])[1][0][0]
            if count:
                result[name] = count
        return result

    def read_networkx(self):
        """The stored graph as a networkx MultiDiGraph shaped like :func:`graphkb.model.to_networkx`.

        A property no node of a label has a value for (stores keep no nulls)
        is absent; one that some nodes of the label have is ``None`` on the others.
        """
        import networkx as nx

        statements = read_statements(self.node_ref_function)
        _, node_rows = self.query(statements["nodes"])
        graph = nx.MultiDiGraph()
        ids: dict[Any, str] = {}
        keys_by_label: dict[str, set[str]] = {}
        for _, label, props in node_rows:
            keys_by_label.setdefault(label, set()).update(props)
        for ref_value, label, props in node_rows:
            if label not in NODE_KEYS:
                continue  # not graphkb's (a shared Neo4j database)
            full = {key: props.get(key) for key in sorted(keys_by_label[label])}
            ids[ref_value] = node_id(label, props[NODE_KEYS[label]])
            graph.add_node(ids[ref_value], label=label, **full)
        _, edge_rows = self.query(statements["relationships"])
        edges = [
            (ids[source], ids[target], rel_type, props)
            for source, target, rel_type, props in edge_rows
            if rel_type in RELATIONSHIPS and source in ids and target in ids
        ]
        keys_by_kind: dict[tuple[str, str, str], set[str]] = {}  # MENTIONS of a concept has more than of an entity
        for source, target, rel_type, props in edges:
            kind = (rel_type, graph.nodes[source]["label"], graph.nodes[target]["label"])
            keys_by_kind.setdefault(kind, set()).update(props)
        for source, target, rel_type, props in edges:
            kind = (rel_type, graph.nodes[source]["label"], graph.nodes[target]["label"])
            full = {key: props.get(key) for key in sorted(keys_by_kind[kind])}
            graph.add_edge(source, target, key=rel_type, type=rel_type, **full)
        return graph
