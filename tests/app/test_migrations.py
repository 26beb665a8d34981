"""Migrations build exactly the schema the models describe, on both databases, down and up again."""

import uuid

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from app import migrate
from app.extensions import make_engine
from tests.conftest import BACKENDS


@pytest.fixture(params=BACKENDS)
def empty_database(request, tmp_path):
    """A database with nothing in it, on each backend, dropped afterwards."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'migrations.sqlite'}")
        yield engine
        engine.dispose()
        return
    cluster, server_url = request.getfixturevalue("postgres_server")
    name = f"migrations_check_{uuid.uuid4().hex[:8]}"
    if cluster is not None:
        url = cluster.create_database(name)
    else:
        url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
        _on_maintenance_database(server_url, f'CREATE DATABASE "{name}"')
    engine = make_engine(url)
    yield engine
    engine.dispose()
    _on_maintenance_database(url, f'DROP DATABASE "{name}"')


def _on_maintenance_database(url: str, statement: str) -> None:
    maintenance = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with maintenance.connect() as connection:
        connection.execute(text(statement))
    maintenance.dispose()


def tables(engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def test_migrations_match_the_models_and_run_down_and_up_again(empty_database):
    engine = empty_database
    migrate.upgrade(engine)
    differences = migrate.differences(engine)
    assert differences == [], (
        "The models and the migrations disagree. Write a migration "
        f"(flask --app wsgi db revision -m '...') for: {differences}"
    )
    built = tables(engine)
    assert {"local_authority", "school", "user_account", "role_assignment", "alembic_version"} <= built

    migrate.downgrade(engine, "base")
    assert tables(engine) == {"alembic_version"}, "downgrade to base must remove every table"

    migrate.upgrade(engine)
    assert tables(engine) == built
    assert migrate.differences(engine) == []


def test_the_comparison_notices_a_schema_that_drifted(tmp_path):
    # Guards the test above against passing vacuously.
    engine = make_engine(f"sqlite:///{tmp_path / 'drift.sqlite'}")
    migrate.upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text("ALTER TABLE school ADD COLUMN stray_column VARCHAR(10)"))
        connection.execute(text("DROP INDEX ix_school_la_id_name"))
    found = repr(migrate.differences(engine))
    engine.dispose()
    assert "stray_column" in found and "ix_school_la_id_name" in found


def test_upgrading_keeps_the_rows_of_a_table_a_migration_rebuilds(empty_database):
    # On SQLite a migration that changes local_authority copies it, drops the old table and renames
    # the copy; with foreign keys enforced the drop would cascade and empty every LA's schools.
    engine = empty_database
    migrate.upgrade(engine, "a24dd3ec76f8")  # before the migrations that change local_authority
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO local_authority (id, name, slug, code, version) VALUES (1, 'Kept', 'kept', '999', 1)"))
        connection.execute(text(
            "INSERT INTO school (id, la_id, urn, name, phase, school_type, version) "
            "VALUES (1, 1, '100001', 'Kept School', 'PRIMARY', 'COMMUNITY', 1)"))
    migrate.upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM school")).scalars().all() == ["Kept School"]
        if engine.dialect.name == "sqlite":
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
