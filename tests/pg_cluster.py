"""A throwaway PostgreSQL cluster for the test run: loopback only, no fsync, removed afterwards.

Each test process (each pytest-xdist worker) starts its own, the first time a test needs
PostgreSQL. Its folder is named after the process that owns it, so a later run can stop and
remove what a killed run left behind (`remove_stale`).
"""

import atexit
import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

PREFIX = "send-triads-pg-"
# Folders named before the owner's process id was part of the name: removed once this old.
STALE_AFTER_SECONDS = 24 * 3600


class PostgresUnavailable(RuntimeError):
    pass


def _find(binary: str) -> str | None:
    found = shutil.which(binary)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{binary}"), reverse=True):
        return str(candidate)
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def owner_of(folder: Path, prefix: str) -> int | None:
    """The process id in a folder named `<prefix><pid>-<random>`, or None for an older name."""
    rest = folder.name.removeprefix(prefix)
    number, dash, _ = rest.partition("-")
    return int(number) if dash and number.isdigit() else None


def is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def is_stale(folder: Path, prefix: str) -> bool:
    """Left behind by a test process that has gone (or, for an old-style name, a day old)."""
    pid = owner_of(folder, prefix)
    if pid is not None:
        return not is_running(pid)
    try:
        return time.time() - folder.stat().st_mtime > STALE_AFTER_SECONDS
    except FileNotFoundError:
        return False


class Cluster:
    def __init__(self) -> None:
        self.initdb = _find("initdb")
        self.pg_ctl = _find("pg_ctl")
        if not (self.initdb and self.pg_ctl):
            raise PostgresUnavailable("initdb/pg_ctl not found: install PostgreSQL 15 binaries")
        self.root = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))
        self.data = self.root / "data"
        self.port = _free_port()
        # initdb refuses to run as root; run the cluster as the postgres user.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.root, "postgres", "postgres")
        self.stopped = False
        atexit.register(self.stop)  # should the session end without its fixture teardown

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_user, *args], check=True, capture_output=True, text=True)

    def start(self) -> str:
        try:
            self._run(self.initdb, "-D", str(self.data), "-A", "trust", "-U", "postgres",
                      "-E", "UTF8", "--locale=C")
            options = (
                f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                "-c max_connections=200"
            )
            self._run(self.pg_ctl, "-D", str(self.data), "-o", options, "-l",
                      str(self.root / "log"), "-w", "start")
        except subprocess.CalledProcessError as exc:
            self.stop()
            raise PostgresUnavailable(f"could not start PostgreSQL: {exc.stderr}") from exc
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        if self.stopped:
            return
        self.stopped = True
        _stop_and_remove(self.root, self.pg_ctl, self.as_user)


def _stop_and_remove(root: Path, pg_ctl: str | None, as_user: list[str]) -> None:
    data = root / "data"
    if pg_ctl and (data / "postmaster.pid").exists():
        with contextlib.suppress(subprocess.CalledProcessError, OSError):
            subprocess.run([*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "stop"],
                           check=True, capture_output=True, text=True)
    shutil.rmtree(root, ignore_errors=True)


def remove_stale() -> list[Path]:
    """Stop and remove the clusters of test runs that ended without removing theirs."""
    removed = []
    pg_ctl = _find("pg_ctl")
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    for root in Path(tempfile.gettempdir()).glob(f"{PREFIX}*"):
        if root.is_dir() and is_stale(root, PREFIX):
            _stop_and_remove(root, pg_ctl, as_user)
            removed.append(root)
    return removed
