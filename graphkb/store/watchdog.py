"""The embedded server's watchdog: shut the server down once no graphkb process uses it.

The last graphkb process to release a server shuts it down itself; this
process covers the case where that cannot happen (the last user was killed
with SIGKILL, or its machine slept through it).  It is started with the
server, in a session of its own, and checks once a second whether anyone
holds the folder's users lock; after :data:`~graphkb.store.server.IDLE_SHUTDOWN_SECONDS`
(or ``GRAPHKB_SERVER_IDLE_SECONDS``) without a user it takes the start lock,
as :meth:`~graphkb.store.server.EmbeddedServer.release` does, and shuts the
server down.  It exits as soon as the server it watches is gone, and stops a
server whose folder or socket was deleted under it (no client can reach it
again; with no save rule configured, SIGTERM stops it without saving).

Usage (done by :class:`~graphkb.store.server.EmbeddedServer`)::

    python -m graphkb.store.watchdog DATA_DIR
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

from graphkb.errors import StoreUnavailableError
from graphkb.store.server import IDLE_ENV, IDLE_SHUTDOWN_SECONDS, START_TIMEOUT, EmbeddedServer, process_alive

__all__ = ["watch", "idle_seconds"]

CHECK_SECONDS = 1.0


def idle_seconds() -> float:
    """How long a server may go unused: ``GRAPHKB_SERVER_IDLE_SECONDS`` or :data:`IDLE_SHUTDOWN_SECONDS`.

    >>> os.environ["GRAPHKB_SERVER_IDLE_SECONDS"] = "5"; idle_seconds()
    5.0
    >>> os.environ["GRAPHKB_SERVER_IDLE_SECONDS"] = "soon"; idle_seconds() == IDLE_SHUTDOWN_SECONDS
    True
    >>> del os.environ["GRAPHKB_SERVER_IDLE_SECONDS"]
    """
    try:
        configured = float(os.environ.get(IDLE_ENV, ""))
    except ValueError:
        return IDLE_SHUTDOWN_SECONDS
    return configured if configured > 0 else IDLE_SHUTDOWN_SECONDS


def watch(data_dir: Path, server_pid: int, idle_limit: float) -> None:
    """Watch the server ``server_pid`` of ``data_dir`` until it is gone or shut down for idleness."""
    server = EmbeddedServer(data_dir)
    idle_since: float | None = None
    while process_alive(server_pid):
        time.sleep(CHECK_SECONDS)
        if not server.socket_path.exists() or server.read_pid() != server_pid:
            if process_alive(server_pid) and server.is_our_server(server_pid):
                os.kill(server_pid, signal.SIGTERM)  # its folder or socket was deleted: no client can reach it again
            return
        if server.in_use():
            idle_since = None
            continue
        idle_since = idle_since if idle_since is not None else time.monotonic()
        if time.monotonic() - idle_since >= idle_limit and server.shutdown_if_idle():
            return


def main(argv: list[str]) -> None:
    server = EmbeddedServer(Path(argv[0]))
    deadline = time.monotonic() + START_TIMEOUT
    # started as the server was launched: its pid file and socket come soon
    while (server_pid := server.read_pid()) is None or not server.socket_path.exists():
        if time.monotonic() > deadline:
            return
        time.sleep(0.05)
    try:
        watch(server.data_dir, server_pid, idle_seconds())
    except (StoreUnavailableError, OSError):
        pass  # the folder became unusable part-way: nothing left to watch


if __name__ == "__main__":
    main(sys.argv[1:])
