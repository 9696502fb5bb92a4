"""``graphkb viz``: write the interactive, offline HTML picture of the graph."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from graphkb.cli.options import store_config, store_options

__all__ = ["viz"]


@click.command(
    epilog="""\b
Examples:
  graphkb viz --out graph.html                      # the whole graph
  graphkb viz --concept DPO --depth 2 --out dpo.html
  graphkb viz --concept ממבה --out mamba.html       # any alias, Hebrew too
  graphkb viz --review 2024-06-14 --out cllms.html  # its chain and series
  graphkb viz --path "Jacobi decoding" Medusa       # a reading path
  graphkb viz --since 2024-06-01 --until 2024-06-30
"""
)
@click.option("--out", "out", type=click.Path(dir_okay=False, writable=True, path_type=Path), default=Path("graphkb.html"),
              show_default=True, help="The HTML file to write.")
@click.option("--concept", metavar="NAME", help="Show a concept's neighbourhood (any alias, English or Hebrew).")
@click.option("--depth", type=click.IntRange(0, 6), default=1, show_default=True, help="Links out from --concept.")
@click.option("--review", "review_id", metavar="ID", help="Show a review with its continuation chain and series.")
@click.option("--path", "path_topics", nargs=2, metavar="A B", help="Show the reading path from topic A to topic B.")
@click.option("--since", metavar="YYYY-MM-DD", help="Only reviews posted on or after this date.")
@click.option("--until", metavar="YYYY-MM-DD", help="Only reviews posted on or before this date.")
@store_options
def viz(out: Path, concept: str | None, depth: int, review_id: str | None, path_topics: tuple[str, str] | None,
        since: str | None, until: str | None, **store: Any) -> None:
    """Write one self-contained HTML page to explore the graph in a browser.

    It works offline: the drawing library is inside the file.  With no view
    option it shows the whole graph; --concept, --review and --path show one
    part, and --since/--until keep a date window (alone or with a view).  In
    the page: search names and titles, filter by type and date, click a node
    for its details.
    """
    from graphkb import viz as pictures
    from graphkb.errors import InputError
    from graphkb.graph import load
    from graphkb.progress import progress_bar

    chosen = [name for name, value in (("--concept", concept), ("--review", review_id), ("--path", path_topics)) if value]
    if len(chosen) > 1:
        raise InputError(f"choose one view, not {' and '.join(chosen)}")
    with progress_bar("Reading the graph", total=None):
        graph = load(store_config(**store))
    if concept:
        graph = pictures.concept_view(graph, concept, depth)
    elif review_id:
        graph = pictures.review_view(graph, review_id)
    elif path_topics:
        from graphkb.paths import reading_paths

        best = reading_paths(graph, *path_topics, k=1)[0]
        name = f"Reading path: {path_topics[0]} → {path_topics[1]}"
        graph = pictures.path_view(graph, [step.review for step in best.steps], name=name)
    if since or until:
        graph = pictures.date_window(graph, since, until)
    with progress_bar(f"Laying out {graph.number_of_nodes()} nodes", total=None):
        written = pictures.write_html(graph, out)
    click.echo(f"wrote {written} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} links)", err=True)
