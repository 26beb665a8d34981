"""Alembic environment. Run through `flask --app wsgi db ...`, which hands over a connection."""

from alembic import context

import app.models  # noqa: F401  (registers every table on Base.metadata)
import selfeval.models  # noqa: F401
import triads.models  # noqa: F401
from app.db import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("Offline migrations are not supported; run against a database.")
run_migrations_online()
