"""Export the graph for other tools: GraphML (Gephi), node-link JSON (networkx), Neo4j CSV (neo4j-admin import).

Every export takes the networkx view of the graph (:func:`graphkb.model.to_networkx`
or :meth:`graphkb.store.GraphStore.read_networkx`).

Examples
--------
>>> from graphkb.model import graph_rows, to_networkx
>>> from graphkb.records import Extraction, Review
>>> graph = to_networkx(graph_rows(Extraction([Review(id="a", date="2024-06-14", arxiv=["2403.00835"])])))
>>> import io; out = io.StringIO(); write_json(graph, out)
>>> import json; sorted(json.loads(out.getvalue()))
['directed', 'graph', 'links', 'multigraph', 'nodes']
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import IO, Any

from graphkb.errors import InputError, UnknownNameError
from graphkb.model import NODE_KEYS

__all__ = ["FORMATS", "write_graphml", "write_json", "write_neo4j_csv", "export_graph", "neo4j_import_command"]

FORMATS = ("graphml", "json", "neo4j-csv")
ARRAY_DELIMITER = ";"


def _graphml_value(value: Any) -> Any:
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_graphml(graph, out: IO[bytes]) -> None:
    """GraphML for Gephi and yEd; lists (aliases) become JSON text, missing values are left out."""
    import networkx as nx

    plain = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        plain.add_node(node, **{k: _graphml_value(v) for k, v in data.items() if v is not None})
    for source, target, key, data in graph.edges(keys=True, data=True):
        plain.add_edge(source, target, key=key, **{k: _graphml_value(v) for k, v in data.items() if v is not None})
    nx.write_graphml(plain, out, encoding="utf-8")


def write_json(graph, out: IO[str]) -> None:
    """Node-link JSON; ``networkx.node_link_graph(json.load(f), edges="links", name="node")`` reads it back.

    The node id goes under ``"node"`` because ``"id"`` is a property of reviews and papers.
    """
    import networkx as nx

    json.dump(nx.node_link_data(graph, edges="links", name="node"), out, ensure_ascii=False, indent=1)
    out.write("\n")


def _csv_type(values: list[Any]) -> str:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return "boolean"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "int"
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return "float"
    if present and all(isinstance(v, list) for v in present):
        return "string[]"
    return "string"


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return ARRAY_DELIMITER.join(str(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def write_neo4j_csv(graph, folder: Path) -> list[Path]:
    """CSV files for ``neo4j-admin database import full``: one per label and per relationship kind.

    Each label has its own id space (``id:ID(Review)``), so keys of different
    labels never clash.  Returns the files written; see :func:`neo4j_import_command`.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder} is a file; neo4j-csv export writes a folder")
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    nodes_by_label: dict[str, list[dict[str, Any]]] = {}
    for _, data in graph.nodes(data=True):
        nodes_by_label.setdefault(data["label"], []).append(data)
    for label, items in nodes_by_label.items():
        key = NODE_KEYS[label]
        names = sorted({name for data in items for name in data if name not in ("label", key)})
        header = [f"{key}:ID({label})"] + [f"{name}:{_csv_type([d.get(name) for d in items])}" for name in names] + [":LABEL"]
        rows = [[data[key]] + [_csv_cell(data.get(name)) for name in names] + [label] for data in items]
        path = folder / f"nodes_{label}.csv"
        _write_csv(path, header, rows)
        written.append(path)
    edges_by_kind: dict[tuple[str, str, str], list[tuple[Any, Any, dict[str, Any]]]] = {}
    for source, target, data in graph.edges(data=True):
        kind = (data["type"], graph.nodes[source]["label"], graph.nodes[target]["label"])
        edges_by_kind.setdefault(kind, []).append((graph.nodes[source], graph.nodes[target], data))
    for (rel_type, source_label, target_label), items in edges_by_kind.items():
        names = sorted({name for _, _, data in items for name in data if name != "type"})
        header = [f":START_ID({source_label})", f":END_ID({target_label})", ":TYPE"]
        header += [f"{name}:{_csv_type([d.get(name) for _, _, d in items])}" for name in names]
        rows = [
            [source[NODE_KEYS[source_label]], target[NODE_KEYS[target_label]], rel_type] + [_csv_cell(data.get(name)) for name in names]
            for source, target, data in items
        ]
        path = folder / f"relationships_{rel_type}_{source_label}_{target_label}.csv"
        _write_csv(path, header, rows)
        written.append(path)
    return written


def neo4j_import_command(files: list[Path], database: str = "neo4j") -> str:
    """The ``neo4j-admin`` command that imports the files of :func:`write_neo4j_csv`."""
    import shlex

    parts = ["neo4j-admin database import full", f"--array-delimiter={shlex.quote(ARRAY_DELIMITER)}", "--multiline-fields=true"]
    for path in files:
        flag = "--nodes" if path.name.startswith("nodes_") else "--relationships"
        parts.append(f"{flag}={shlex.quote(str(path))}")
    parts.append(shlex.quote(database))
    return " ".join(parts)


def export_graph(graph, fmt: str, output: Path | None) -> list[Path]:
    """Write ``graph`` in format ``fmt`` to ``output`` (stdout for graphml/json when None).

    Returns the files written (none for stdout).
    """
    import sys

    if fmt not in FORMATS:
        from rapidfuzz import process

        raise UnknownNameError(f"unknown export format {fmt!r}", [m for m, _, _ in process.extract(fmt, FORMATS, limit=1)])
    if fmt == "neo4j-csv":
        return write_neo4j_csv(graph, output or Path("graphkb-neo4j-csv"))
    if fmt == "graphml":
        if output is None:
            write_graphml(graph, sys.stdout.buffer)
            return []
        with open(output, "wb") as handle:
            write_graphml(graph, handle)
        return [Path(output)]
    if output is None:
        write_json(graph, sys.stdout)
        return []
    with open(output, "w", encoding="utf-8") as handle:
        write_json(graph, handle)
    return [Path(output)]
