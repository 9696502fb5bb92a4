"""The store options every graph command shares, and helpers that open the graph with them.

``@store_options`` adds ``--data-dir`` (env ``GRAPHKB_DATA_DIR``) for the
embedded store and ``--neo4j URI`` (env ``NEO4J_URI``) with ``--neo4j-user``,
``--neo4j-password`` and ``--neo4j-database`` (env ``NEO4J_USER``,
``NEO4J_PASSWORD``, ``NEO4J_DATABASE``) for Neo4j.  The command receives them
as keyword arguments; pass them on unchanged::

    @click.command()
    @store_options
    def viz(**store):
        graph = open_graph(**store)          # a networkx MultiDiGraph

Nothing heavy is imported here: the store client loads when a store opens.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

__all__ = ["store_options", "knowledge_options", "load_knowledge_option", "open_graph", "open_graph_store"]

_OPTIONS = (
    click.option(
        "--data-dir",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="GRAPHKB_DATA_DIR",
        show_envvar=True,
        help="Folder of the embedded store [default: ~/.local/share/graphkb].",
    ),
    click.option(
        "--neo4j",
        "neo4j_uri",
        metavar="URI",
        envvar="NEO4J_URI",
        show_envvar=True,
        help="Use Neo4j at this URI (bolt://host:7687, neo4j+s://…) instead of the embedded store.",
    ),
    click.option("--neo4j-user", metavar="NAME", envvar="NEO4J_USER", show_envvar=True, help="Neo4j user [default: neo4j]."),
    click.option("--neo4j-password", metavar="SECRET", envvar="NEO4J_PASSWORD", show_envvar=True, help="Neo4j password."),
    click.option("--neo4j-database", metavar="NAME", envvar="NEO4J_DATABASE", show_envvar=True, help="Neo4j database [default: the server's]."),
)


_KNOWLEDGE_OPTIONS = tuple(
    click.option(f"--{name}", f"{name}_file", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path), help=help_)
    for name, help_ in (
        ("concepts", "Concept lexicon to use instead of the shipped extract/data/concepts.yaml."),
        ("entities", "Entity list to use instead of the shipped extract/data/entities.yaml."),
        ("cues", "Continuation cue phrases to use instead of the shipped extract/data/cues.yaml."),
    )
)


def knowledge_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--concepts``, ``--entities`` and ``--cues`` (own knowledge files); see :func:`load_knowledge_option`."""
    for option in reversed(_KNOWLEDGE_OPTIONS):
        command = option(command)
    return command


def load_knowledge_option(concepts_file: Path | None, entities_file: Path | None, cues_file: Path | None):
    """The :class:`~graphkb.extract.knowledge.Knowledge` the knowledge options name (shipped files by default)."""
    from graphkb.extract.knowledge import load_knowledge

    return load_knowledge(concepts_file, entities_file, cues_file)


def store_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the store options (``data_dir``, ``neo4j_uri``, ``neo4j_user``, ``neo4j_password``, ``neo4j_database``)."""
    for option in reversed(_OPTIONS):
        command = option(command)
    return command


def open_graph_store(
    data_dir: Path | None = None,
    neo4j_uri: str | None = None,
    neo4j_user: str | None = None,
    neo4j_password: str | None = None,
    neo4j_database: str | None = None,
    *,
    create: bool = False,
):
    """The :class:`~graphkb.store.GraphStore` the options name (a context manager).

    ``create`` makes a missing embedded data folder: only ``build`` needs it,
    reads report "run graphkb build first" instead.
    """
    from graphkb.store import open_store

    return open_store(data_dir, neo4j_uri, neo4j_user, neo4j_password, database=neo4j_database, create=create)


def open_graph(**store: Any):
    """The stored graph as a networkx MultiDiGraph (see :func:`graphkb.model.to_networkx`).

    Examples
    --------
    >>> graph = open_graph(data_dir=Path("/tmp/kb"))  # doctest: +SKIP
    >>> graph.nodes["Concept:DPO"]["label"]  # doctest: +SKIP
    'Concept'
    """
    with open_graph_store(**store) as graph_store:
        return graph_store.read_networkx()
