"""The options graph commands share: where the graph is stored, which knowledge files to extract with.

``@store_options`` adds ``--data-dir`` (env ``GRAPHKB_DATA_DIR``) for the
embedded store and ``--neo4j URI`` (env ``NEO4J_URI``) with ``--neo4j-user``,
``--neo4j-password`` and ``--neo4j-database`` (env ``NEO4J_USER``,
``NEO4J_PASSWORD``, ``NEO4J_DATABASE``) for Neo4j.  The command receives them
as keyword arguments and maps them to a :class:`~graphkb.graph.StoreConfig`;
:mod:`graphkb.graph` decides from it where the graph comes from::

    @click.command()
    @store_options
    def viz(**store):
        graph = load(store_config(**store))   # a networkx MultiDiGraph

Nothing heavy is imported here: the store client loads when a store opens.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

__all__ = ["store_options", "store_config", "knowledge_options", "load_knowledge_option"]

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


def store_config(
    data_dir: Path | None = None,
    neo4j_uri: str | None = None,
    neo4j_user: str | None = None,
    neo4j_password: str | None = None,
    neo4j_database: str | None = None,
):
    """The :class:`~graphkb.graph.StoreConfig` the store options name (the environment fills the rest)."""
    from graphkb.graph import StoreConfig

    return StoreConfig.from_env(data_dir, neo4j_uri, neo4j_user, neo4j_password, neo4j_database)
