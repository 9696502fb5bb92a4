"""CSV files for ``neo4j-admin database import full``: one file per label and per relationship kind.

Examples
--------
>>> print(neo4j_import_command([Path("import/nodes_Review.csv"), Path("import/relationships_CONTINUES_Review_Review.csv")]))
neo4j-admin database import full --array-delimiter=';' --multiline-fields=true --nodes=import/nodes_Review.csv --relationships=import/relationships_CONTINUES_Review_Review.csv neo4j
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from graphkb.model import NODE_KEYS

__all__ = ["write_neo4j_csv", "neo4j_import_command"]

ARRAY_DELIMITER = ";"


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
