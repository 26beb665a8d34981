"""Backing up and restoring a SQLite database while the service may be running.

A backup is taken with SQLite's online backup API: one consistent copy, read in a single
transaction that writers (the database is in WAL mode) do not wait for. A restore checks the backup
first (its integrity, and that its schema is one these migrations know), refuses while anything
else has the database open unless forced, copies the current database aside as
`<name>.before-restore`, then copies the backup in through SQLite itself, so that even a forced
restore never leaves a half-written file. PostgreSQL is backed up with its own tools (README,
"Backups").
"""

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

from app.migrate import alembic_config

BEFORE_RESTORE = ".before-restore"
PG_DUMP_HINT = ("This installation uses PostgreSQL: back it up with pg_dump and restore it with "
                "pg_restore, as the README's \"Backups\" section shows "
                "(pg_dump -Fc ... and pg_restore --clean --if-exists ...).")


class BackupRefused(RuntimeError):
    pass


@dataclass(frozen=True)
class Checked:
    path: Path
    revisions: tuple[str, ...]
    up_to_date: bool  # at the migrations' head: nothing to upgrade after restoring


def sqlite_path(database_url: str) -> Path:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise BackupRefused(PG_DUMP_HINT if url.get_backend_name() == "postgresql" else
                            f"flask backup copies SQLite databases; this one is {url.get_backend_name()}.")
    if not url.database or url.database == ":memory:":
        raise BackupRefused("The database is in memory: there is nothing on disk to back up.")
    return Path(url.database)


def _copy(source: sqlite3.Connection, target_path: Path) -> None:
    target = sqlite3.connect(target_path)
    try:
        source.backup(target)  # every page in one step: one consistent snapshot
        # A backup is one self-contained file, not a WAL database waiting for its -wal file.
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()


def backup(database: Path, target: Path) -> Checked:
    """Copies the live database to `target` (replacing it only once the copy is whole and checked)."""
    if not database.is_file():
        raise BackupRefused(f"There is no database at {database}.")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=15)
    try:
        _copy(source, partial)
    finally:
        source.close()
    try:
        checked = check(partial)
    except BackupRefused:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)
    return Checked(target, checked.revisions, checked.up_to_date)


def check(path: Path) -> Checked:
    """The backup's integrity and its schema revision, or why it cannot be restored."""
    if not path.is_file():
        raise BackupRefused(f"There is no file at {path}.")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            revisions = tuple(sorted(row[0] for row in connection.execute(
                "SELECT version_num FROM alembic_version")))
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise BackupRefused(f"{path} is not a database this service can restore: {exc}.") from exc
    if problems != ["ok"]:
        raise BackupRefused(f"{path} is damaged (SQLite's integrity check: {'; '.join(problems[:5])}).")
    scripts = ScriptDirectory.from_config(alembic_config(None))  # type: ignore[arg-type] - scripts only
    unknown = [r for r in revisions if _revision(scripts, r) is None]
    if not revisions or unknown:
        raise BackupRefused(f"{path} was made by another version of the service: its schema "
                            f"({', '.join(revisions) or 'none'}) is not one these migrations know.")
    return Checked(path, revisions, set(revisions) == set(scripts.get_heads()))


def _revision(scripts: ScriptDirectory, revision: str):
    try:
        return scripts.get_revision(revision)
    except Exception:  # noqa: BLE001 - alembic raises several kinds for an unknown revision
        return None


def in_use(database: Path) -> bool:
    """Whether another connection has the database open. Leaving WAL mode needs the only
    connection; when it succeeds nothing else is reading or writing."""
    if not database.exists():
        return False
    connection = sqlite3.connect(database, timeout=0)
    try:
        mode = connection.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        return mode.lower() != "delete"
    except sqlite3.OperationalError:  # database is locked
        return True
    finally:
        connection.close()


def restore(backup_path: Path, database: Path, force: bool = False) -> Checked:
    checked = check(backup_path)
    if not force and in_use(database):
        raise BackupRefused(f"{database} is in use: stop the service (and anything else using the "
                            "database) and try again, or restore with --force.")
    live = sqlite3.connect(database, timeout=15)
    try:
        if database.stat().st_size:
            _copy(live, database.with_name(database.name + BEFORE_RESTORE))
        source = sqlite3.connect(f"file:{backup_path}?mode=ro", uri=True)
        try:
            source.backup(live)
        finally:
            source.close()
        problems = [row[0] for row in live.execute("PRAGMA integrity_check")]
    finally:
        live.close()
    if problems != ["ok"]:
        raise BackupRefused(f"The restored database fails SQLite's integrity check: {problems[:5]}; "
                            f"the database as it was is in {database.name}{BEFORE_RESTORE}.")
    return checked
