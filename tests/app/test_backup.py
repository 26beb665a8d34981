"""Backups that restore: SQLite's online backup taken while a writer saves, restored only when
checked and when nothing else has the database open (or when forced), and the pg_dump/pg_restore
commands the README gives for PostgreSQL, run against the test cluster."""

import shutil
import sqlite3
import subprocess
import threading
import time
from contextlib import closing

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, func, insert, select, text
from sqlalchemy.engine import make_url

from app import backup
from app.db import Base
from app.extensions import make_engine
from app.migrate import alembic_config
from tests import pg_cluster
from tests.conftest import BACKENDS, on_maintenance_database


def _count(path, table: str = "school") -> int:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 - our own names


@pytest.fixture
def live(tmp_path):
    """A SQLite database as the service keeps it (WAL, foreign keys on), at the migrations' head."""
    path = tmp_path / "live.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    _schema_at_head(engine)
    with engine.begin() as connection:
        la = Base.metadata.tables["local_authority"]
        connection.execute(insert(la).values(name="Backup Borough", slug="backup", code="900"))
    yield path, engine
    engine.dispose()


def test_a_backup_taken_while_a_writer_saves_is_whole_and_restores(live, tmp_path):
    path, engine = live
    school = Base.metadata.tables["school"]
    committed: list[int] = []
    stop = threading.Event()

    def save_schools():
        n = 0
        while not stop.is_set():
            with engine.begin() as connection:
                connection.execute(insert(school).values(
                    la_id=1, urn=f"{n:06d}", name=f"Ysgol Llanŵ {n}", phase="PRIMARY", school_type="ACADEMY"))
            n += 1
            committed.append(n)

    writer = threading.Thread(target=save_schools)
    writer.start()
    try:
        while len(committed) < 20:
            time.sleep(0.01)
        taken = []
        for i in range(3):
            before = len(committed)
            target = tmp_path / f"backup-{i}.sqlite"
            checked = backup.backup(path, target)
            after = len(committed)
            count = _count(target)
            # Every save committed before the backup began is in it; none that began after it ended.
            assert before <= count <= after + 1
            assert checked.up_to_date
            taken.append((target, count))
            time.sleep(0.05)
    finally:
        stop.set()
        writer.join()
    total = _count(path)
    assert total == len(committed) > taken[-1][1] - 1

    # The service still has the database open: refused, and nothing changed.
    with engine.connect() as connection:
        connection.execute(select(func.count()).select_from(school)).scalar()
        with pytest.raises(backup.BackupRefused, match="in use"):
            backup.restore(taken[0][0], path)
    engine.dispose()
    assert _count(path) == total

    backup.restore(taken[0][0], path)
    assert _count(path) == taken[0][1]
    assert _count(path.with_name(path.name + backup.BEFORE_RESTORE)) == total
    # Forced while open, the restore goes through SQLite: the open connection sees the backup.
    with engine.connect() as connection:
        connection.execute(select(func.count()).select_from(school)).scalar()
        backup.restore(taken[1][0], path, force=True)
        assert connection.execute(select(func.count()).select_from(school)).scalar() == taken[1][1]
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_damaged_backup_or_one_from_another_version_is_refused(live, tmp_path):
    path, engine = live
    engine.dispose()
    good = tmp_path / "good.sqlite"
    backup.backup(path, good)

    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(good.read_bytes()[:4096] + b"\x00garbage" * 512)
    with pytest.raises(backup.BackupRefused):
        backup.restore(damaged, path)
    newer = tmp_path / "newer.sqlite"
    shutil.copy(good, newer)
    with closing(sqlite3.connect(newer)) as connection:
        connection.execute("DELETE FROM alembic_version")
        connection.execute("INSERT INTO alembic_version VALUES ('ffffffffffff')")
        connection.commit()
    with pytest.raises(backup.BackupRefused, match="another version of the service"):
        backup.restore(newer, path)
    with pytest.raises(backup.BackupRefused, match="There is no file"):
        backup.restore(tmp_path / "missing.sqlite", path)
    assert _count(path, "local_authority") == 1
    assert not path.with_name(path.name + backup.BEFORE_RESTORE).exists()


def test_flask_backup_copies_sqlite_and_points_postgresql_to_pg_dump(app, tmp_path):
    target = tmp_path / "copy.sqlite"
    done = app.test_cli_runner().invoke(args=["backup", str(target)])
    if app.backend == "postgresql":
        assert done.exit_code == 1
        assert "pg_dump -Fc" in done.output and "README" in done.output
        assert not target.exists()
    else:
        assert done.exit_code == 0, done.output
        assert "integrity checked" in done.output
        assert backup.check(target).up_to_date


def _libpq(url) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _schema_at_head(engine) -> None:
    Base.metadata.create_all(engine)
    heads = ScriptDirectory.from_config(alembic_config(engine)).get_heads()
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)"))
        for head in heads:
            connection.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": head})


@pytest.mark.skipif("postgresql" not in BACKENDS, reason="pg_dump and pg_restore are PostgreSQL's")
def test_pg_dump_and_pg_restore_as_the_readme_gives_them_round_trip(postgres_server, request, tmp_path):
    pg_dump, pg_restore = pg_cluster._find("pg_dump"), pg_cluster._find("pg_restore")
    if not (pg_dump and pg_restore):
        pytest.skip("pg_dump/pg_restore not installed")
    cluster, url = postgres_server
    server = make_url(url or f"postgresql+psycopg://postgres@127.0.0.1:{cluster.port}/postgres")
    source, restored = (server.set(database=f"send_triads_backup_{name}") for name in ("source", "restored"))
    for database in (source, restored):
        on_maintenance_database(_libpq(server), f'DROP DATABASE IF EXISTS "{database.database}"')
        on_maintenance_database(_libpq(server), f'CREATE DATABASE "{database.database}"')
        request.addfinalizer(lambda name=database.database: on_maintenance_database(
            _libpq(server), f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine = create_engine(source)
    try:
        _schema_at_head(engine)
        with engine.begin() as connection:
            tables = Base.metadata.tables
            connection.execute(insert(tables["local_authority"]).values(name="Cyngor Llanŵ", slug="llanw", code="902"))
            connection.execute(insert(tables["school"]), [
                {"la_id": 1, "urn": f"90000{n}", "name": f"Ysgol Llanŵ {n}", "phase": "PRIMARY",
                 "school_type": "ACADEMY"} for n in range(3)])
            connection.execute(insert(tables["user_account"]).values(email="lead@llanw.example", name="Siân Ŵ"))
    finally:
        engine.dispose()
    dump = tmp_path / "send-triads.pgdump"
    subprocess.run([pg_dump, "--format=custom", f"--file={dump}", _libpq(source)], check=True,  # noqa: S603
                   capture_output=True)

    def restore():
        subprocess.run([pg_restore, "--clean", "--if-exists", "--no-owner", f"--dbname={_libpq(restored)}",  # noqa: S603
                        str(dump)], check=True, capture_output=True)

    def rows(url) -> dict:
        engine = create_engine(url)
        try:
            with engine.connect() as connection:
                return {table.name: connection.execute(table.select().order_by(*table.primary_key)).all()
                        for table in Base.metadata.sorted_tables} | {
                    "alembic_version": connection.execute(text("SELECT * FROM alembic_version")).all()}
        finally:
            engine.dispose()

    restore()
    expected = rows(source)
    assert rows(restored) == expected
    assert len(expected["school"]) == 3
    # Over a database that has changed since: --clean --if-exists puts it back as it was dumped.
    engine = create_engine(restored)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM school"))
        connection.execute(text("INSERT INTO local_authority (name, slug, code, shares_benchmarks, version, "
                                "updated_at, created_at) VALUES ('Later', 'later', '901', false, 1, now(), now())"))
    engine.dispose()
    restore()
    assert rows(restored) == expected
