"""The ``graphkb`` command: a thin layer over the library.

Each command lives in its own module and is imported only when it runs, so
``graphkb --help`` and read-only commands start fast.  Any
:class:`~graphkb.errors.GraphkbError` becomes one line on stderr and a
non-zero exit; so does an error of the machine (a full disk, a file that
cannot be written, input nested past Python's recursion limit).  SIGTERM and
SIGHUP (a closed terminal) stop a command the way Ctrl-C does: the embedded
server is released and a half-written staging graph dropped.
"""

from __future__ import annotations

import importlib
import signal
import sys

import click

from graphkb import __version__
from graphkb.errors import GraphkbError, mask_secrets

__all__ = ["main", "cli", "COMMANDS", "Terminated", "stop_on_termination_signals"]

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
    "lexicon": ("graphkb.cli.lexicon", "lexicon", "Keep the lexicon current: suggest missing terms, check data files."),
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


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where the command is, like Ctrl-C's KeyboardInterrupt."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _terminate(signum: int, frame: object) -> None:
    for name in ("SIGTERM", "SIGHUP"):  # the clean-up that follows is not to be cut short by a second signal
        signal.signal(getattr(signal, name), signal.SIG_IGN)
    raise Terminated(signum)


def stop_on_termination_signals() -> None:
    """Make SIGTERM and SIGHUP raise :class:`Terminated` (a KeyboardInterrupt) where the program is.

    Context managers then release the embedded server and drop a staging graph,
    as they do on Ctrl-C.  Signals a caller already handles are left alone.
    """
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name) and signal.getsignal(getattr(signal, name)) is signal.SIG_DFL:
            signal.signal(getattr(signal, name), _terminate)


def _one_line(error: BaseException) -> str:
    return mask_secrets(" ".join(str(error).split()))


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning graphkb errors into one-line messages."""
    stop_on_termination_signals()
    try:
        code = cli.main(args=argv, prog_name="graphkb", standalone_mode=False)
    except GraphkbError as error:
        click.echo(f"graphkb: error: {_one_line(error)}", err=True)
        sys.exit(error.exit_code)
    except click.exceptions.Abort as error:
        stopped = error.__context__
        if isinstance(stopped, Terminated):
            click.echo(f"graphkb: stopped by {stopped}", err=True)
            sys.exit(128 + stopped.signum)
        click.echo("graphkb: aborted", err=True)
        sys.exit(130)
    except Terminated as stopped:
        click.echo(f"graphkb: stopped by {stopped}", err=True)
        sys.exit(128 + stopped.signum)
    except BrokenPipeError:
        sys.exit(0)
    except OSError as error:  # the machine's, not graphkb's: a full disk, a folder where a file should be
        where = f" {error.filename}" if error.filename else ""
        click.echo(f"graphkb: error:{where} {error.strerror or _one_line(error)}", err=True)
        sys.exit(1)
    except RecursionError:
        click.echo("graphkb: error: the input is nested too deeply to read", err=True)
        sys.exit(2)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    if isinstance(code, int) and code:  # a command's ctx.exit(n): outside standalone mode click returns n
        sys.exit(code)
