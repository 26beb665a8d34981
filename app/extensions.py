"""Unbound extensions, bound to the app in create_app()."""

from pathlib import Path

from flask import Flask
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import scoped_session, sessionmaker
from sqlalchemy.pool import StaticPool


class Database:
    """A thin Flask integration for plain SQLAlchemy 2: one engine, one scoped session per request."""

    def __init__(self) -> None:
        self.engine: Engine | None = None
        self.session = scoped_session(sessionmaker(autoflush=True, expire_on_commit=False))

    def init_app(self, app: Flask) -> None:
        url = resolve_sqlite_path(app.config["DATABASE_URL"], Path(app.instance_path))
        self.engine = make_engine(url, echo=app.config.get("SQLALCHEMY_ECHO", False),
                                  pool_size=app.config.get("DATABASE_POOL_SIZE", 5),
                                  max_overflow=app.config.get("DATABASE_MAX_OVERFLOW", 10))
        self.session.configure(bind=self.engine)
        app.extensions["database"] = self

        @app.teardown_appcontext
        def remove_session(exc: BaseException | None) -> None:
            # remove() rolls back anything not committed, so a crash mid-request changes nothing.
            self.session.remove()


def resolve_sqlite_path(url: str, instance_path: Path) -> str:
    prefix = "sqlite:///"
    if url.startswith(prefix) and url != "sqlite:///:memory:":
        path = url.removeprefix(prefix)
        if not path.startswith("/"):
            instance_path.mkdir(parents=True, exist_ok=True)
            return prefix + str(instance_path / path)
    return url


def make_engine(url: str, echo: bool = False, *, pool_size: int = 5, max_overflow: int = 10) -> Engine:
    if url.startswith("sqlite"):
        kwargs: dict = {"connect_args": {"check_same_thread": False, "timeout": 15}}
        if url == "sqlite:///:memory:":
            # One shared connection, or every request would see its own empty database.
            kwargs["poolclass"] = StaticPool
        engine = create_engine(url, echo=echo, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # Each worker process holds its own pool: PostgreSQL sees up to
    # servers x workers x (pool_size + max_overflow) connections (README, Running several app servers).
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=pool_size, max_overflow=max_overflow)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


db = Database()
login_manager = LoginManager()
csrf = CSRFProtect()
