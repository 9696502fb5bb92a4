"""The ``graphkb`` command: a thin layer over the library.

Each command lives in its own module and is imported only when it runs, so
``graphkb --help`` and read-only commands start fast.  Any
:class:`~graphkb.errors.GraphkbError` becomes one line on stderr and a
non-zero exit.
"""

from __future__ import annotations

import importlib
import sys

import click

from graphkb import __version__
from graphkb.errors import GraphkbError

__all__ = ["main", "cli", "COMMANDS"]

# command name -> (module, attribute, one-line help shown by ``graphkb --help``)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "extract": ("graphkb.cli.extract", "extract", "Cut a corpus into review records (jsonl, json or table)."),
    "evaluate": ("graphkb.cli.evaluate", "evaluate", "Score an extraction against a gold file."),
    "concepts": ("graphkb.cli.concepts", "concepts", "List concepts with their review counts."),
    "chain": ("graphkb.cli.chain", "chain", "Show what a review continues and what continues it."),
    "series": ("graphkb.cli.chain", "series", "List the series of linked reviews."),
    "build": ("graphkb.cli.store", "build", "Extract a corpus and load it into the graph store."),
    "query": ("graphkb.cli.store", "query", "Run Cypher (or a named query) against the store."),
    "export": ("graphkb.cli.store", "export", "Export the graph as GraphML, JSON or Neo4j CSV."),
    "viz": ("graphkb.cli.viz", "viz", "Write an interactive, offline HTML picture of the graph."),
    "path": ("graphkb.cli.paths", "path", "Reading path between two topics."),
    "plan": ("graphkb.cli.paths", "plan", "Reading plan for one topic."),
    "serve": ("graphkb.cli.serve", "serve", "Explore, query and plan in a local web page over the store."),
}


class LazyGroup(click.Group):
    """A click group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module_name, attribute, _ = COMMANDS[cmd_name]
        return getattr(importlib.import_module(module_name), attribute)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, help_) for name, (_, _, help_) in COMMANDS.items()])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="graphkb")
def cli() -> None:
    """graphkb: a knowledge graph of paper reviews you can see, query and learn from.

    \b
    Example:
      graphkb build && graphkb viz --out graph.html
    """


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning graphkb errors into one-line messages."""
    try:
        cli.main(args=argv, prog_name="graphkb", standalone_mode=False)
    except GraphkbError as error:
        click.echo(f"graphkb: error: {error}", err=True)
        sys.exit(error.exit_code)
    except click.exceptions.Abort:
        click.echo("graphkb: aborted", err=True)
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except BrokenPipeError:
        sys.exit(0)
