"""Fixtures: the app on each database (SQLite and a throwaway PostgreSQL), clean tables per test,
factories, and one signed-in client per role."""

import os
import tempfile
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from app import create_app, migrate
from app.db import Base
from app.extensions import db
from tests import factories
from tests.pg_cluster import Cluster, PostgresUnavailable

BACKENDS = [b for b in os.environ.get("TEST_DATABASES", "sqlite,postgresql").split(",") if b]


@pytest.fixture(scope="session")
def postgres_server():
    url = os.environ.get("TEST_POSTGRES_URL")
    if url:
        yield None, url
        return
    try:
        cluster = Cluster()
        cluster.start()
    except PostgresUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI: {exc}")
        pytest.skip(f"PostgreSQL not available: {exc}")
    yield cluster, None
    cluster.stop()


def database_url(backend: str, request) -> str:
    if backend == "sqlite":
        # A RAM-backed folder when there is one: SQLite syncs to disk on every commit.
        shm = Path("/dev/shm")  # noqa: S108 - only a parent for mkdtemp, which makes a private folder
        folder = Path(tempfile.mkdtemp(prefix="send-triads-test-", dir=shm if shm.is_dir() else None))
        return f"sqlite:///{folder / 'test.sqlite'}"
    cluster, url = request.getfixturevalue("postgres_server")
    if url:
        return url
    return cluster.create_database("send_triads_test")


class RequestInOwnContextClient(FlaskClient):
    """Runs every request in its own app context and database session, as in production.

    Each test holds an app context open for factories and assertions. Flask reuses an open
    context for requests, so without this every client in a test would share one `g` (the
    signed-in user, the current LA, the CSP nonce) and one session: an anonymous client would
    be served as whoever signed in last. The test's session is set aside during the request
    and expired afterwards, so the test reads what the request committed.
    """

    def run_wsgi_app(self, environ, buffered=False):
        test_session = db.session.registry() if db.session.registry.has() else None
        db.session.registry.clear()
        try:
            with self.application.app_context():
                return super().run_wsgi_app(environ, buffered)
        finally:
            if test_session is not None:
                db.session.registry.set(test_session)
                test_session.expire_all()


@pytest.fixture(scope="session", params=BACKENDS)
def app(request):
    url = database_url(request.param, request)
    application = create_app("test", DATABASE_URL=url)
    application.test_client_class = RequestInOwnContextClient
    application.backend = request.param
    with application.app_context():
        migrate.upgrade(db.engine)
    yield application
    db.engine.dispose()


@pytest.fixture(autouse=True)
def _app_context(request):
    if "app" not in request.fixturenames:
        yield
        return
    application = request.getfixturevalue("app")
    with application.app_context():
        yield
        db.session.rollback()
        _empty_tables()


def _empty_tables() -> None:
    # DELETE, not TRUNCATE: a test leaves a handful of rows, and TRUNCATE of every table costs
    # PostgreSQL far more than deleting them. Ids keep counting up, which no test relies on.
    with db.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
    db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make():
    return factories


def sign_in(client, user, password: str = factories.PASSWORD):
    response = client.post("/sign-in", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return client


@pytest.fixture
def world(app):
    """Two LAs, each with a school and one person in every LA role, plus global roles."""
    from app.models import Role

    built = {}
    for key in ("a", "b"):
        la = factories.la(name=f"Authority {key.upper()}", slug=f"authority-{key}")
        school = factories.school(la, name=f"School {key.upper()} One")
        other = factories.school(la, name=f"School {key.upper()} Two")
        built[key] = {
            "la": la,
            "school": school,
            "other_school": other,
            "lead": factories.user(Role.LA_LEAD, la=la, name=f"Lead {key.upper()}"),
            "senco": factories.user(Role.SENCO, school=school, name=f"Senco {key.upper()}"),
            "head": factories.user(Role.HEADTEACHER, school=school, name=f"Head {key.upper()}"),
            "qa": factories.user(Role.QUALITY_ASSURER, la=la, name=f"Assurer {key.upper()}"),
        }
    built["admin"] = factories.user(Role.PLATFORM_ADMIN, name="Platform Admin")
    built["analyst"] = factories.user(Role.PROGRAMME_ANALYST, name="Programme Analyst")
    return built


@pytest.fixture
def signed_in(app, world):
    """signed_in("a", "lead") -> a test client signed in as LA A's lead."""

    def _client(la_key: str | None, role: str):
        person = world[role] if la_key is None else world[la_key][role]
        return sign_in(app.test_client(), person)

    return _client
