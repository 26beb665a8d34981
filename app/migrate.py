"""Alembic driven from the app's engine, for the CLI and the tests."""

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Engine

import app.models  # noqa: F401
import selfeval.models  # noqa: F401
import triads.models  # noqa: F401
from app.data_revisions import UNWATCHED
from app.db import Base

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("file_template", "%%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s")
    config.attributes["engine"] = engine
    return config


def _run(engine: Engine, action, *args, **kwargs) -> None:
    with engine.connect() as connection:
        # A migration's writes raise no data revision: the table may not exist yet, and a release
        # starts new processes, which keep no page from before.
        connection.execution_options(**{UNWATCHED: True})
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # On SQLite a migration changes a table by copying it, dropping the old one and renaming
            # the copy. With foreign keys enforced, dropping the old table would delete every row
            # that refers to it (ON DELETE CASCADE): an LA's change would empty its schools. The
            # pragma only takes effect outside a transaction; the keys are checked at the end.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                config = alembic_config(engine)
                config.attributes["connection"] = connection
                action(config, *args, **kwargs)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"the migration left rows that refer to missing rows: {broken[:5]}")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def upgrade(engine: Engine, revision: str = "head") -> None:
    _run(engine, command.upgrade, revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    _run(engine, command.downgrade, revision)


def revision(engine: Engine, message: str) -> None:
    _run(engine, command.revision, message=message, autogenerate=True)


def differences(engine: Engine) -> list:
    """What autogenerate would change: empty when models and migrations agree."""
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        return compare_metadata(context, Base.metadata)
