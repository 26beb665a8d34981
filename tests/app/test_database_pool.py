"""Each worker process's connection pool to PostgreSQL is set by DATABASE_POOL_SIZE and
DATABASE_MAX_OVERFLOW, so an installation with several servers can keep within max_connections."""

import os
import subprocess
import sys
from pathlib import Path

from flask import Flask

from app.extensions import Database

ROOT = Path(__file__).resolve().parents[2]


def test_pool_size_and_overflow_come_from_the_configuration(tmp_path):
    app = Flask(__name__, instance_path=str(tmp_path))
    # No connection is made until the first query: a PostgreSQL URL is enough to build the engine.
    app.config.update(DATABASE_URL="postgresql+psycopg://triads@127.0.0.1:1/none",
                      DATABASE_POOL_SIZE=3, DATABASE_MAX_OVERFLOW=7)
    database = Database()
    database.init_app(app)
    assert database.engine.pool.size() == 3
    assert database.engine.pool._max_overflow == 7
    database.engine.dispose()


def test_pool_settings_are_read_from_the_environment():
    # In a process of its own: the configuration classes read the environment once, at import.
    env = {**os.environ, "DATABASE_POOL_SIZE": "2", "DATABASE_MAX_OVERFLOW": "4"}
    out = subprocess.run([sys.executable, "-c", "import config; c = config.ProductionConfig; "  # noqa: S603
                          "print(c.DATABASE_POOL_SIZE, c.DATABASE_MAX_OVERFLOW)"],
                         cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["2", "4"]
