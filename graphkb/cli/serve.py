"""``graphkb serve``: the local web app over the store."""

from __future__ import annotations

from typing import Any

import click

from graphkb.cli.options import store_config, store_options

__all__ = ["serve"]


@click.command(
    epilog="""\b
Examples:
  graphkb serve                          # http://127.0.0.1:8765/
  graphkb serve --port 9000 --open       # and open it in the browser
  graphkb serve --neo4j bolt://localhost:7687
"""
)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback lets other machines reach the page (a warning says so).")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True, help="Port to listen on.")
@click.option("--allow-host", "extra_hosts", multiple=True, metavar="NAME",
              help="Another Host-header name the page may be reached by (e.g. a LAN name); repeatable.")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the default browser.")
@click.option("--time-limit", type=click.FloatRange(0.05, 60), default=1.0, show_default=True,
              help="Seconds a console query may run.")
@click.option("--row-limit", type=click.IntRange(1, 100_000), default=1000, show_default=True,
              help="Rows a console query returns.")
@store_options
def serve(host: str, port: int, extra_hosts: tuple[str, ...], open_browser: bool, time_limit: float, row_limit: int,
          **store: Any) -> None:
    """Serve a local page to explore, query and plan over the graph store.

    Search names and aliases (English or Hebrew), expand nodes, run read-only
    Cypher and the named queries, find reading paths and plans, read reviews,
    play the graph through time, export the view, share it as a link.  Every
    view is JSON too (/api/...).  The page only reads: no write reaches the
    store.  Ctrl+C stops the server.
    """
    import socket
    import webbrowser

    import uvicorn

    from graphkb.errors import InputError
    from graphkb.graph import open_store
    from graphkb.serve import create_app
    from graphkb.serve.security import allowed_hosts, is_loopback

    if not is_loopback(host):
        click.echo(f"graphkb: warning: listening on {host}: other machines can reach the page and read the whole graph", err=True)
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.bind((host, port))
    except OSError as error:
        raise InputError(f"cannot listen on {host}:{port}: {error.strerror}") from None
    graph_store = open_store(store_config(**store))
    try:
        app = create_app(graph_store, hosts=allowed_hosts(host, list(extra_hosts)), time_limit=time_limit, row_limit=row_limit)
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        url = f"http://{f'[{shown}]' if ':' in shown else shown}:{port}/"
        click.echo(f"graphkb serve: {url} over {graph_store.describe()} (Ctrl+C stops)", err=True)
        if open_browser:
            webbrowser.open(url)
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        graph_store.close()
