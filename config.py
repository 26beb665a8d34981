"""Configuration classes. The environment wins; `instance/config.py` may override locally."""

import os
from datetime import timedelta

DEFAULT_SECRET = "dev-only-not-secret"  # noqa: S105  (production refuses to start with it)


def _database_url(default: str) -> str:
    url = os.environ.get("DATABASE_URL", default)
    # Hosting platforms still hand out the old scheme; SQLAlchemy 2 wants the driver named.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET)
    # Relative SQLite paths are resolved inside the instance folder by the app factory.
    DATABASE_URL = _database_url("sqlite:///send_triads.sqlite")
    SQLALCHEMY_ECHO = False
    # Connections each worker process keeps open to PostgreSQL, and how many more it may open at a
    # busy moment (SQLAlchemy's defaults). Not used for SQLite.
    DATABASE_POOL_SIZE = int(os.environ.get("DATABASE_POOL_SIZE", "5"))
    DATABASE_MAX_OVERFLOW = int(os.environ.get("DATABASE_MAX_OVERFLOW", "10"))

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=8)
    # A session also ends after this many minutes without a request (app/auth/sessions.py).
    SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "60"))
    REMEMBER_COOKIE_HTTPONLY = True

    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None  # tied to the session instead, so long forms do not expire mid-typing
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024

    # argon2id parameters (RFC 9106 "second recommended" profile).
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 65536
    ARGON2_PARALLELISM = 4

    INVITATION_MAX_AGE = timedelta(days=7)
    PASSWORD_RESET_MAX_AGE = timedelta(hours=2)
    # Failed sign-ins allowed in SIGN_IN_WINDOW per e-mail address and per client address.
    SIGN_IN_MAX_FAILURES_PER_ACCOUNT = 5
    SIGN_IN_MAX_FAILURES_PER_ADDRESS = 20
    SIGN_IN_WINDOW = timedelta(minutes=15)

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "1") == "1"
    MAIL_FROM = os.environ.get("MAIL_FROM", "SEND Triads <no-reply@send-triads.invalid>")
    # Keep a copy of each message sent with its links removed (production), instead of the whole
    # message when no mail server is set (development, the demo: how people get their links).
    OUTBOX_REDACT_LINKS = False

    SCHOOLS_PER_PAGE = 50

    # The data feed (/api/v1): requests per token in each fixed window, counted in the database so
    # the limit holds across worker processes; and rows per page, by default and at most.
    API_RATE_LIMIT = int(os.environ.get("API_RATE_LIMIT", "120"))
    API_RATE_WINDOW = timedelta(minutes=1)
    API_PER_PAGE = 100
    API_MAX_PER_PAGE = 500
    PRODUCTION = False

    # The network benchmarks show a figure only when at least this many LAs and schools stand behind
    # it. Raise them if you like; lower values than 3 and 5 stop the service from starting.
    NETWORK_MIN_LAS = int(os.environ.get("NETWORK_MIN_LAS", "3"))
    NETWORK_MIN_SCHOOLS = int(os.environ.get("NETWORK_MIN_SCHOOLS", "5"))

    # Memory each worker process may use to keep drawn report pages until their data changes
    # (app/kept_pages.py); 0 keeps none.
    KEPT_PAGES_MB = int(os.environ.get("KEPT_PAGES_MB", "64"))


class DevelopmentConfig(Config):
    DEBUG = False  # `flask run --debug` turns the debugger on when wanted


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret"  # noqa: S105
    DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "sqlite:///:memory:")
    WTF_CSRF_ENABLED = False
    # Cheap hashing keeps the suite fast; production parameters are exercised in test_passwords.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 1024
    ARGON2_PARALLELISM = 1


class ProductionConfig(Config):
    PRODUCTION = True
    OUTBOX_REDACT_LINKS = True  # an invitation or reset link in the outbox would give its account away
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-session"
    PREFERRED_URL_SCHEME = "https"


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}
