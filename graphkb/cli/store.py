"""``graphkb build``, ``graphkb query`` and ``graphkb export``: the graph store from the command line.

Heavy libraries (the extraction pipeline, pandas, the store clients) are
imported inside the commands, so ``--help`` and ``query --list`` start fast.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import click

from graphkb.cli.options import knowledge_options, load_knowledge_option, store_config, store_options
from graphkb.cli.output import ROW_FORMATS, emit, emit_rows
from graphkb.export import FORMATS as EXPORT_FORMATS  # a table only: the writers import their libraries when run

__all__ = ["build", "query", "export"]


@click.command(
    epilog="""\b
Examples:
  graphkb build                                  # the shipped example corpus
  graphkb build reviews.txt --data-dir ./kb      # your corpus, your folder
  graphkb build big-corpus.txt --jobs 4          # spread extraction over 4 processes
  graphkb build --neo4j bolt://localhost:7687 --neo4j-password secret
"""
)
@click.argument("corpus", required=False, type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True, help="Start from an empty graph instead of merging into the stored one.")
@click.option("--encoding", metavar="NAME", help="Corpus text encoding [default: detected].")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes for concept extraction.")
@knowledge_options
@store_options
def build(
    corpus: Path | None,
    replace: bool,
    encoding: str | None,
    jobs: int,
    concepts_file: Path | None,
    entities_file: Path | None,
    cues_file: Path | None,
    **store: Any,
) -> None:
    """Extract CORPUS (default: the shipped example) and load it into the graph store.

    Building is idempotent: nodes and links are merged on stable ids, so a
    rebuild changes nothing and a corpus with one more review adds only that
    review's nodes and links.  The load is atomic: if it fails or is killed,
    the stored graph stays as it was.
    """
    from graphkb.extract.pipeline import extract
    from graphkb import DEFAULT_CORPUS
    from graphkb.graph import open_store
    from graphkb.model import graph_rows

    # open first: a foreign folder, an unreachable Neo4j or a wrong password fail before the extraction
    knowledge = load_knowledge_option(concepts_file, entities_file, cues_file)
    with open_store(store_config(**store), create=True) as graph_store:
        extraction = extract(corpus or DEFAULT_CORPUS, knowledge=knowledge, encoding=encoding, jobs=jobs)
        rows = graph_rows(extraction)
        total = sum(len(r) for r in rows.nodes.values()) + sum(len(r) for r in rows.relationships.values())
        started = time.perf_counter()
        counts = graph_store.load(rows, replace=replace)
        elapsed = time.perf_counter() - started
        where = graph_store.describe()
    click.echo(f"{len(extraction.reviews)} reviews extracted; {total} rows loaded into {where} in {elapsed:.2f}s")
    width = max(len(name) for name in counts) if counts else 0
    for name, count in counts.items():
        click.echo(f"  {name:<{width}}  {count:>6}")
    others = counts.get("Review", 0) - len(rows.nodes.get("Review", []))
    if others > 0:
        click.echo(f"note: the store also holds {others} reviews from earlier builds; --replace keeps only this corpus", err=True)


@click.command(
    epilog="""\b
Examples:
  graphkb query "MATCH (r:Review) RETURN count(r) AS reviews"
  graphkb query --list
  graphkb query --name reviews_about_concept --param concept=DPO
  graphkb query --name top_concepts --param limit=5 --format json
  graphkb query "MATCH (r:Review {id: \\$id}) RETURN r.title AS title" --param id=2024-06-14
  graphkb query --write "MATCH (c:Concept {name: 'LLM'}) SET c.note = 'core'"
"""
)
@click.argument("cypher", required=False)
@click.option("--name", "-n", "query_name", metavar="NAME", help="Run a named query from queries/ (see --list).")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE", help="A parameter ($KEY); KEY:=JSON for a typed value. Repeatable.")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries with their parameters.")
@click.option("--format", "output_format", type=click.Choice(ROW_FORMATS), default="table", show_default=True)
@click.option("--write", is_flag=True, help="Allow the query to change the graph (otherwise writes are refused).")
@store_options
def query(cypher: str | None, query_name: str | None, params: tuple[str, ...], list_queries: bool, output_format: str, write: bool, **store: Any) -> None:
    """Run CYPHER (or a named query) against the graph store and print the rows.

    Queries are read-only unless --write is given.  Values go in as
    parameters ($name in the query, --param name=value on the line); "-" as
    CYPHER reads the query from stdin.  JSON output is an array of row
    objects keyed by column name.
    """
    from graphkb.errors import InputError
    from graphkb.graph import open_store
    from graphkb.named_queries import get_query, load_library, parse_param_args

    if list_queries:
        _print_library(load_library())
        return
    if (cypher is None) == (query_name is None):
        raise InputError("give a Cypher query or --name NAME (see graphkb query --list)")
    values = parse_param_args(params)
    named = get_query(query_name) if query_name else None
    if cypher == "-":
        cypher = sys.stdin.read()
    with open_store(store_config(**store), require_graph=not write) as graph_store:
        if named is not None:
            columns, rows = graph_store.query(named.cypher_for(graph_store.engine), named.bind(values), write=write)
        else:
            columns, rows = graph_store.query(cypher, values, write=write)
    emit_rows(columns, rows, output_format, indent=1, compact=True)
    if output_format == "table":
        emit(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")


def _print_library(library: dict) -> None:
    for named in library.values():
        engines = sorted(named.texts)
        only = "" if engines == ["any"] or engines == ["falkordb", "neo4j"] else f"  [{', '.join(engines)} only]"
        click.echo(f"{named.name}{only}")
        click.echo(f"    {named.purpose}")
        for parameter in named.parameters:
            default = "required" if parameter.required else f"default {parameter.default!r}"
            click.echo(f"    --param {parameter.name}=<{parameter.type}>  {parameter.description} ({default})")
        click.echo(f"    e.g. {named.example}")


@click.command(
    epilog="""\b
Examples:
  graphkb export --format graphml -o graphkb.graphml        # open in Gephi
  graphkb export --format gexf -o graphkb.gexf              # Gephi's timeline plays the series
  graphkb export --format json > graphkb.json               # networkx and D3 node-link
  graphkb export --format obsidian -o vault/                # an Obsidian vault; re-export keeps your edits
  graphkb export --format bibtex -o papers.bib              # Zotero, LaTeX (also ris, csljson)
  graphkb export --format neo4j-csv -o import/              # for neo4j-admin import
"""
)
@click.option("--format", "output_format", type=click.Choice(list(EXPORT_FORMATS)), default="graphml",
              show_default=True, help="; ".join(f"{name}: {entry.opens_in}" for name, entry in EXPORT_FORMATS.items()))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="File (default stdout) or, for neo4j-csv and obsidian, folder (default ./graphkb-neo4j-csv, ./graphkb-vault).")
@store_options
def export(output_format: str, output: Path | None, **store: Any) -> None:
    """Export the stored graph for the tools readers already use.

    A vault re-exported into the same folder updates the notes graphkb wrote
    and never touches a note you wrote or edited (those are listed).
    """
    from graphkb.errors import InputError
    from graphkb.export import export_graph
    from graphkb.export.neo4j_csv import neo4j_import_command
    from graphkb.graph import load

    graph = load(store_config(**store))
    try:
        done = export_graph(graph, output_format, output)
    except BrokenPipeError:
        raise  # stdout closed by the reader (| head): the CLI's edge ends quietly
    except OSError as error:
        raise InputError(f"cannot write {error.filename or output}: {error.strerror}") from None
    if output_format == "neo4j-csv":
        click.echo(f"{len(done.files)} CSV files in {done.files[0].parent if done.files else output}; import them with:", err=True)
        click.echo(neo4j_import_command(done.files), err=True)
    elif output_format == "obsidian":
        folder = output or Path(EXPORT_FORMATS["obsidian"].default_folder)
        click.echo(f"{len(done.files)} notes written, {len(done.removed)} stale notes removed in {folder}", err=True)
        for kept in done.kept:
            click.echo(f"kept (written or edited by you): {kept}", err=True)
    elif done.files and EXPORT_FORMATS[output_format].holds == "papers":
        papers = sum(data["label"] == "Paper" for _, data in graph.nodes(data=True))
        click.echo(f"{papers} papers written to {done.files[0]}", err=True)
    elif done.files:
        click.echo(f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} relationships written to {done.files[0]}", err=True)
