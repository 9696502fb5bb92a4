"""Take the graph where readers already work: Gephi, networkx, D3, Neo4j, Obsidian, Zotero and LaTeX.

Every export takes the networkx view of the graph (:func:`graphkb.model.to_networkx`
or :meth:`graphkb.store.GraphStore.read_networkx`); one module per format family:

- :mod:`graphkb.export.nodelink`: node-link JSON (networkx, D3)
- :mod:`graphkb.export.graphml`: GraphML (Gephi, yEd, networkx)
- :mod:`graphkb.export.gexf`: GEXF 1.3 with time (Gephi's timeline)
- :mod:`graphkb.export.neo4j_csv`: CSV for ``neo4j-admin database import``
- :mod:`graphkb.export.obsidian`: a Markdown vault (Obsidian, Logseq)
- :mod:`graphkb.export.references`: BibTeX, RIS and CSL JSON (Zotero, LaTeX, Pandoc)

Examples
--------
>>> sorted(FORMATS)
['bibtex', 'csljson', 'gexf', 'graphml', 'json', 'neo4j-csv', 'obsidian', 'ris']
>>> print(FORMATS["gexf"].opens_in)
Gephi (its timeline plays the series day by day), networkx.read_gexf
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable

from graphkb.errors import InputError, UnknownNameError

__all__ = ["FORMATS", "ExportFormat", "Exported", "export_graph"]


def _write_json(graph, out: IO[bytes]) -> None:
    import io

    from graphkb.export.nodelink import write_node_link

    text = io.TextIOWrapper(out, encoding="utf-8", newline="\n")
    write_node_link(graph, text)
    text.detach()


def _write_graphml(graph, out: IO[bytes]) -> None:
    from graphkb.export.graphml import write_graphml

    write_graphml(graph, out)


def _write_gexf(graph, out: IO[bytes]) -> None:
    from graphkb.export.gexf import write_gexf

    write_gexf(graph, out)


def _references_writer(fmt: str) -> Callable[[object, IO[bytes]], None]:
    def write(graph, out: IO[bytes]) -> None:
        from graphkb.export.references import REFERENCE_FORMATS, paper_references

        out.write(REFERENCE_FORMATS[fmt](paper_references(graph)).encode("utf-8"))

    return write


@dataclass(frozen=True)
class ExportFormat:
    """One export format: what opens it, whether it is a file (``write``) or a folder, and what it holds."""

    name: str
    opens_in: str
    write: Callable[[object, IO[bytes]], None] | None = None  # None: the format writes a folder
    default_folder: str | None = None
    holds: str = "graph"  # "graph", or "papers" for the reference formats


@dataclass
class Exported:
    """What an export did: the files it wrote, and (a vault) the notes it left alone or removed."""

    files: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)


FORMATS: dict[str, ExportFormat] = {
    entry.name: entry
    for entry in (
        ExportFormat("graphml", "Gephi, yEd, networkx.read_graphml", _write_graphml),
        ExportFormat("json", "networkx.node_link_graph with its defaults, D3's force layout", _write_json),
        ExportFormat("gexf", "Gephi (its timeline plays the series day by day), networkx.read_gexf", _write_gexf),
        ExportFormat("neo4j-csv", "neo4j-admin database import full", default_folder="graphkb-neo4j-csv"),
        ExportFormat("obsidian", "Obsidian (or Logseq): open the folder as a vault", default_folder="graphkb-vault"),
        ExportFormat("bibtex", "Zotero, JabRef, LaTeX with biber or bibtex", _references_writer("bibtex"), holds="papers"),
        ExportFormat("ris", "Zotero, EndNote, Mendeley", _references_writer("ris"), holds="papers"),
        ExportFormat("csljson", "Zotero, Pandoc --citeproc, citeproc-js", _references_writer("csljson"), holds="papers"),
    )
}


def _write_folder(graph, fmt: str, folder: Path) -> Exported:
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder} is a file; {fmt} export writes a folder")
    if fmt == "neo4j-csv":
        from graphkb.export.neo4j_csv import write_neo4j_csv

        return Exported(files=write_neo4j_csv(graph, folder))
    from graphkb.export.obsidian import write_vault

    return write_vault(graph, folder)


def export_graph(graph, fmt: str, output: Path | None) -> Exported:
    """Write ``graph`` in format ``fmt`` to ``output``: a file (stdout when None) or a folder.

    Raises
    ------
    UnknownNameError
        ``fmt`` is not one of :data:`FORMATS`.
    InputError
        A folder format is given a file.
    """
    chosen = FORMATS.get(fmt)
    if chosen is None:
        from rapidfuzz import process

        raise UnknownNameError(f"unknown export format {fmt!r}", [m for m, _, _ in process.extract(fmt, list(FORMATS), limit=1)])
    if chosen.write is None:
        return _write_folder(graph, fmt, Path(output or chosen.default_folder))
    if output is None:
        chosen.write(graph, sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return Exported()
    with open(output, "wb") as handle:
        chosen.write(graph, handle)
    return Exported(files=[Path(output)])
