"""Fixtures: the app on each database (SQLite and a throwaway PostgreSQL), each test in a savepoint
that is rolled back, worlds built once and shared, factories, and signed-in clients per role.

How a test that uses the `app` fixture meets its database (README.md, "Tests"):

* In a savepoint (the default). One connection per database holds an outer transaction. Each test
  runs in a SAVEPOINT on it, with the app's session bound to that connection in
  join_transaction_mode="create_savepoint": each commit a request makes (and each factory's) only
  releases a savepoint of its own, and everything is rolled back after the test.
  `db.engine.connect()` hands out that same connection, read in a savepoint of its own, so
  `snapshot()` sees what the requests committed, as a fresh connection saw before.
* Shared fixtures (`@shared_fixture`: `world`, the triads `programme`, the dashboards cohort, the
  bad-input `setting`) are built once, each in a savepoint under the tests', and kept while the
  next tests need them. Each test gets its own objects, loaded afresh from the rows.
* `@pytest.mark.real_commits`: for a test that needs real commits (another app or engine on the
  same database, threads). It runs on the engine, as every test did before, and the tables are
  emptied after it.

Which tests run on which database is decided in `pytest_generate_tests`: on every database of
TEST_DATABASES, or on the first only for modules and tests marked `one_database`.
"""

import atexit
import contextlib
import dataclasses
import inspect
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from sqlalchemy import event
from sqlalchemy import inspect as inspect_mapped
from sqlalchemy.engine import make_url
from sqlalchemy.orm.state import InstanceState

from app import create_app, migrate
from app.db import Base
from app.extensions import db
from app.passwords import verify_password
from tests import factories, pg_cluster
from tests.pg_cluster import Cluster, PostgresUnavailable

BACKENDS = [b for b in os.environ.get("TEST_DATABASES", "sqlite,postgresql").split(",") if b]
# Every database test on every database, `one_database` ones too.
EVERY_TEST_ON_EVERY_DATABASE = os.environ.get("TEST_EVERY_DATABASE") == "1"
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw0", "gw1"... under pytest -n; "" otherwise
SQLITE_PREFIX = "send-triads-test-"


def pytest_configure(config):
    if not hasattr(config, "workerinput"):  # once per run: in the xdist controller, or alone
        remove_stale_folders()
        # Inherited by the xdist workers: what is older than this is from an earlier run.
        os.environ["SEND_TRIADS_TEST_RUN_STARTED"] = str(time.time())


def pytest_generate_tests(metafunc):
    """Tests that use the app run on every database of TEST_DATABASES, except those marked
    `one_database`, which run on the first (SQLite unless told otherwise). The closer mark wins:
    a test marked `both_databases` in a module marked `one_database` runs on every one. See
    README.md, "Tests", for which tests are which."""
    if "app" not in metafunc.fixturenames:
        return
    closest = next((m.name for m in metafunc.definition.iter_markers()
                    if m.name in ("one_database", "both_databases")), "both_databases")
    on_one = closest == "one_database" and not EVERY_TEST_ON_EVERY_DATABASE
    metafunc.parametrize("app", BACKENDS[:1] if on_one else BACKENDS, indirect=True, scope="session")


# --- temporary folders ------------------------------------------------------------------------


def temp_root() -> Path:
    # A RAM-backed folder when there is one: SQLite syncs to disk on every commit.
    shm = Path("/dev/shm")  # noqa: S108 - only a parent for mkdtemp, which makes a private folder
    return shm if shm.is_dir() else Path(tempfile.gettempdir())


def make_folder() -> Path:
    """A private folder for this process's SQLite files, named after the process that owns it."""
    return Path(tempfile.mkdtemp(prefix=f"{SQLITE_PREFIX}{os.getpid()}-", dir=temp_root()))


def remove_stale_folders() -> None:
    """SQLite folders and PostgreSQL clusters that earlier runs, killed or crashed, left behind."""
    for folder in temp_root().glob(f"{SQLITE_PREFIX}*"):
        if folder.is_dir() and folder.stat().st_uid == os.geteuid() and pg_cluster.is_stale(folder, SQLITE_PREFIX):
            shutil.rmtree(folder, ignore_errors=True)
    pg_cluster.remove_stale()


# --- PostgreSQL -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres_server():
    """(cluster, None) for a throwaway cluster of this process, or (None, url) for
    TEST_POSTGRES_URL."""
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


def on_maintenance_database(url: str, statement: str) -> None:
    import psycopg

    maintenance = make_url(url).set(drivername="postgresql", database="postgres")
    with psycopg.connect(maintenance.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(statement)


def postgres_database(server: tuple, cleanup: list) -> str:
    """A database of this process's own: on its cluster, or, under xdist, one per worker on the
    server TEST_POSTGRES_URL names (alone, the suite uses that database itself, as it always has)."""
    cluster, url = server
    if cluster is not None:
        return cluster.create_database("send_triads_test")
    if not WORKER:
        return url
    name = f"{make_url(url).database}_{WORKER}"
    on_maintenance_database(url, f'DROP DATABASE IF EXISTS "{name}"')
    on_maintenance_database(url, f'CREATE DATABASE "{name}"')
    cleanup.append(lambda: on_maintenance_database(url, f'DROP DATABASE IF EXISTS "{name}"'))
    return make_url(url).set(database=name).render_as_string(hide_password=False)


# --- the databases of this test process ------------------------------------------------------

WROTE = "tests.wrote"  # in Session.info: this session flushed or executed a write not yet ended


@event.listens_for(db.session, "after_flush")
def _note_flush(session, _context):
    session.info[WROTE] = True


@event.listens_for(db.session, "do_orm_execute")
def _note_write(state):
    if not state.is_select:
        state.session.info[WROTE] = True


@event.listens_for(db.session, "after_transaction_end")
def _forget_writes(session, transaction):
    if transaction.parent is None:
        session.info.pop(WROTE, None)


class NeedsRealCommits(RuntimeError):
    """A test in a savepoint did what only real commits support."""


def _quiet_savepoints(dialect) -> None:
    """SAVEPOINT, RELEASE and ROLLBACK TO straight to the driver, unseen by cursor events: tests
    that count a page's statements count the app's SQL, never the suite's transaction control
    (which, like the BEGIN and COMMIT it replaces, no statement listener ever saw)."""

    def run(connection, sql: str) -> None:
        cursor = connection.connection.cursor()
        try:
            cursor.execute(sql)
        finally:
            cursor.close()

    dialect.do_savepoint = lambda connection, name: run(connection, f"SAVEPOINT {name}")
    dialect.do_release_savepoint = lambda connection, name: run(connection, f"RELEASE SAVEPOINT {name}")
    dialect.do_rollback_to_savepoint = lambda connection, name: run(connection, f"ROLLBACK TO SAVEPOINT {name}")


@dataclasses.dataclass
class Layer:
    spec: "SharedSpec"
    savepoint: object
    recipe: object


class TestDatabase:
    """One database of this test process: its app and engine, and the connection that the tests
    in savepoints share, with the shared fixtures built on it so far (`layers`, bottom first)."""

    __test__ = False

    def __init__(self, name: str, url: str) -> None:
        self.name = name
        self.app = create_app("test", DATABASE_URL=url)
        self.app.test_client_class = RequestInOwnContextClient
        self.app.backend = name
        self.engine = db.engine
        with self.app.app_context():
            migrate.upgrade(self.engine)
        db.session.remove()
        _quiet_savepoints(self.engine.dialect)
        # `db.engine` while a test runs in a savepoint: the same pool and events, but whoever
        # asks it for a connection is lent the test's own (see BorrowedConnection).
        self.savepoint_engine = self.engine.execution_options()
        self.connection = self.savepoint_engine.connect()
        if name == "sqlite":
            # pysqlite's own transaction handling breaks SAVEPOINT: let SQLAlchemy's BEGIN and
            # SAVEPOINT through as they are (the documented recipe, "Serializable isolation /
            # Savepoints / Transactional DDL" in the SQLAlchemy SQLite dialect notes).
            self.connection.connection.driver_connection.isolation_level = None
        self.savepoint_engine.connect = lambda: BorrowedConnection(self)
        self.outer = None
        self.layers: list[Layer] = []

    # -- tests in a savepoint -----------------------------------------------------------------

    def run_in_savepoint(self, chain: tuple):
        self._use(self.savepoint_engine, bind=self.connection, join_transaction_mode="create_savepoint")
        if self.outer is None:
            self.outer = self.connection.begin()
            if self.name == "sqlite":
                self.connection.exec_driver_sql("BEGIN")
        with self.app.app_context():
            self._require(chain)
            test = self.connection.begin_nested()
            options = self.connection.get_execution_options()
            try:
                yield
            finally:
                db.session.remove()
                if test.is_active:
                    test.rollback()
                changed = self.connection.get_execution_options() != options
                if changed:
                    # Options set on the session's connection stay on it: every later test would
                    # run with them (a write unseen by the data revisions, for one).
                    self.connection._execution_options = options
                    pytest.fail("the test changed the execution options of the connection the tests "
                                "share; use a connection of its own (@pytest.mark.real_commits)")
                if self.connection.get_nested_transaction() is not (
                        self.layers[-1].savepoint if self.layers else None):
                    self.reset()  # something left the connection in a state we cannot reason about

    def layer_for(self, spec: "SharedSpec") -> Layer | None:
        return next((layer for layer in self.layers if layer.spec is spec), None)

    def _require(self, chain: tuple) -> None:
        """Keep the layers this test shares, roll back the rest, build what is missing."""
        kept = 0
        while kept < min(len(chain), len(self.layers)) and self.layers[kept].spec is chain[kept][0]:
            kept += 1
        while len(self.layers) > kept:
            self.layers.pop().savepoint.rollback()
        for spec, parents in chain[kept:]:
            self.layers.append(self._build(spec, parents))

    def _build(self, spec: "SharedSpec", parents: dict) -> Layer:
        savepoint = self.connection.begin_nested()
        try:
            given = {"app": self.app, "make": factories}
            given.update({name: load(self.layer_for(below).recipe) for name, below in parents.items()})
            unknown = [p for p in spec.params if p not in given]
            if unknown:
                raise TypeError(f"the shared fixture {spec.name} may take only app, make and other "
                                f"shared fixtures, not {unknown}")
            value = spec.function(**{p: given[p] for p in spec.params})
            db.session.commit()
            recipe = to_recipe(value)
        except BaseException:
            db.session.remove()
            savepoint.rollback()
            raise
        db.session.remove()
        return Layer(spec, savepoint, recipe)

    def reset(self) -> None:
        """Roll back every layer and the outer transaction: the database as migrations left it."""
        db.session.remove()
        self.layers.clear()
        if self.outer is not None:
            if self.outer.is_active:
                self.outer.rollback()
            self.outer = None

    # -- tests with real commits --------------------------------------------------------------

    def run_with_commits(self):
        self.reset()  # nothing may hold the database while another connection writes to it
        self._use(self.engine, bind=self.engine, join_transaction_mode="conditional_savepoint")
        with self.app.app_context():
            try:
                yield
            finally:
                db.session.rollback()
                self.empty_tables()

    def empty_tables(self) -> None:
        # DELETE, not TRUNCATE: a test leaves a handful of rows, and TRUNCATE of every table costs
        # PostgreSQL far more than deleting them. Ids keep counting up, which no test relies on.
        with self.engine.begin() as connection:
            for table in reversed(Base.metadata.sorted_tables):
                connection.execute(table.delete())
        db.session.remove()

    # -----------------------------------------------------------------------------------------

    @staticmethod
    def _use(engine, **session_options) -> None:
        """Point the one `db` of the app package at this database (create_app() rebinds it)."""
        db.session.remove()
        db.engine = engine
        db.session.configure(**session_options)

    def close(self) -> None:
        self.reset()
        self.connection.close()
        self.engine.dispose()


class BorrowedConnection:
    """What `db.engine.connect()` gives a test in a savepoint: reads on the test's own connection,
    inside a savepoint rolled back when it is closed. It sees what requests committed (released),
    which is what a fresh connection saw when they committed for real; so that it sees nothing
    else, the test's own session must hold no uncommitted write. Writing through it is refused."""

    def __init__(self, database: TestDatabase) -> None:
        self.database = database
        self.savepoint = None

    def _connection(self):
        if self.savepoint is None:
            session = db.session.registry() if db.session.registry.has() else None
            if session is not None and session.info.get(WROTE):
                raise NeedsRealCommits(
                    "db.engine.connect() in a test whose session holds uncommitted writes: a fresh "
                    "connection would not see them, the test's own does. Commit them first, or mark "
                    "the test @pytest.mark.real_commits.")
            self.savepoint = self.database.connection.begin_nested()
        return self.database.connection

    def execute(self, *args, **kwargs):
        return self._connection().execute(*args, **kwargs)

    def scalar(self, *args, **kwargs):
        return self._connection().scalar(*args, **kwargs)

    def scalars(self, *args, **kwargs):
        return self._connection().scalars(*args, **kwargs)

    def exec_driver_sql(self, *args, **kwargs):
        return self._connection().exec_driver_sql(*args, **kwargs)

    @property
    def dialect(self):
        return self.database.connection.dialect

    def _refuse(self, *args, **kwargs):
        raise NeedsRealCommits("this test opens its own transaction on db.engine: mark it "
                               "@pytest.mark.real_commits")

    begin = begin_nested = commit = rollback = _refuse

    def close(self) -> None:
        if self.savepoint is not None:
            if self.savepoint.is_active:
                self.savepoint.rollback()
            self.savepoint = None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# This process's databases by name, as the `app` fixture makes them; and the database of the
# running test, and whether it runs in a savepoint.
_databases: dict[str, TestDatabase] = {}
_current: dict = {"database": None, "savepoints": False}


@pytest.fixture(scope="session")
def sqlite_database():
    folder = make_folder()
    atexit.register(shutil.rmtree, folder, ignore_errors=True)  # should the teardown not run
    database = TestDatabase("sqlite", f"sqlite:///{folder / 'test.sqlite'}")
    yield database
    database.close()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgresql_database(postgres_server):
    cleanup: list = []
    database = TestDatabase("postgresql", postgres_database(postgres_server, cleanup))
    yield database
    database.close()
    for step in cleanup:
        step()


@pytest.fixture(scope="session")
def app(request):
    if request.param not in ("sqlite", "postgresql"):
        raise ValueError(f"TEST_DATABASES names an unknown database: {request.param}")
    database = request.getfixturevalue(f"{request.param}_database")
    _databases[database.name] = database
    return database.app


@pytest.fixture(autouse=True)
def _database(request):
    if "app" not in request.fixturenames:
        yield
        return
    application = request.getfixturevalue("app")
    database = _databases[application.backend]
    savepoints = request.node.get_closest_marker("real_commits") is None
    _current.update(database=database, savepoints=savepoints)
    run = database.run_in_savepoint(shared_chain(request.node)) if savepoints else database.run_with_commits()
    # The network figures and report pages are kept per process keyed on revisions that only rise
    # in a real installation; here every test rolls back, so another test's could match the key.
    from app import kept_pages
    from dashboards import benchmarks

    benchmarks.forget_network_figures()
    kept_pages.forget(application)
    try:
        yield from run
    finally:
        _current.update(database=None, savepoints=False)
        db.engine = database.engine


# --- shared fixtures --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class SharedSpec:
    function: object
    name: str
    params: tuple[str, ...]


def shared_fixture(function):
    """A function-scoped fixture whose rows are built once and shared by the tests that use it.

    The fixture may take `app`, `make` and other shared fixtures. Built in a savepoint
    under the tests', its rows stay while the next tests need them; each test sees them as built
    (its own changes are rolled back) and gets its own ORM objects, loaded afresh by primary key,
    in the same dicts, lists and dataclasses the fixture returned. Under `real_commits` it is an
    ordinary fixture, built for each test."""
    params = tuple(inspect.signature(function).parameters)
    spec = SharedSpec(function, function.__name__, params)

    def fixture(**given):
        database = _current["database"]
        layer = database.layer_for(spec) if database is not None and _current["savepoints"] else None
        if layer is not None:
            return load(layer.recipe)
        # Not shared in this test (real commits, or one shared fixture too many): built for it.
        return function(**{p: given[p] for p in params})

    argnames = params if "app" in params else (*params, "app")  # every use is a database test
    fixture.__signature__ = inspect.Signature(
        [inspect.Parameter(p, inspect.Parameter.POSITIONAL_OR_KEYWORD) for p in argnames])
    fixture.__name__ = fixture.__qualname__ = function.__name__
    fixture.__doc__ = function.__doc__
    fixture.__module__ = function.__module__
    fixture.shared_spec = spec
    return pytest.fixture(name=function.__name__)(fixture)


def _spec_of(item, name: str) -> SharedSpec | None:
    definitions = item._fixtureinfo.name2fixturedefs.get(name)
    return getattr(definitions[-1].func, "shared_spec", None) if definitions else None


def shared_chain(item) -> tuple:
    """The shared fixtures a test uses, bottom first, each with its shared fixtures by the names
    it takes them by: the longest line of them in the test's fixture closure in which each one
    takes only fixtures below it. (One that is not on the line is built for the test itself.)"""
    cached = item.stash.get(_CHAIN, None)
    if cached is not None:
        return cached

    def line_of(name: str) -> list | None:
        spec = _spec_of(item, name)
        parents = {p: _spec_of(item, p) for p in spec.params if _spec_of(item, p) is not None}
        lines = [line_of(p) for p in parents]
        if any(line is None for line in lines):
            return None
        below = max(lines, key=len, default=[])
        if not set(parents.values()) <= {s for s, _ in below}:
            return None
        return [*below, (spec, parents)]

    lines = [line_of(n) for n in item.fixturenames if _spec_of(item, n) is not None]
    chain = tuple(max((line for line in lines if line is not None), key=len, default=[]))
    item.stash[_CHAIN] = chain
    return chain


_CHAIN = pytest.StashKey[tuple]()


@dataclasses.dataclass(frozen=True)
class _Row:
    model: type
    key: tuple


@dataclasses.dataclass(frozen=True)
class _Dataclass:
    cls: type
    fields: dict


def to_recipe(value):
    """The value with every ORM object replaced by its class and primary key."""
    state = inspect_mapped(value, raiseerr=False)
    if isinstance(state, InstanceState):
        if state.key is None:
            raise TypeError(f"a shared fixture returned {value!r}, which is not saved")
        return _Row(type(value), state.identity)
    if isinstance(value, dict):
        return {k: to_recipe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return type(value)(to_recipe(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _Dataclass(type(value), {f.name: to_recipe(getattr(value, f.name))
                                        for f in dataclasses.fields(value)})
    return value


def load(recipe):
    """A fresh copy of a shared fixture's value, its ORM objects loaded in this test's session."""
    if isinstance(recipe, _Row):
        found = db.session.get(recipe.model, recipe.key)
        assert found is not None, f"{recipe.model.__name__} {recipe.key} of a shared fixture is gone"
        return found
    if isinstance(recipe, _Dataclass):
        copy = object.__new__(recipe.cls)
        for name, value in recipe.fields.items():
            object.__setattr__(copy, name, load(value))
        return copy
    if isinstance(recipe, dict):
        return {k: load(v) for k, v in recipe.items()}
    if isinstance(recipe, list | tuple | set | frozenset):
        return type(recipe)(load(v) for v in recipe)
    return recipe


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Within each run of one module's tests on one database (pytest has grouped them so), the
    tests with real commits first, then the rest by the shared fixtures they use, so each shared
    fixture is built as few times as possible."""
    ordered, run, key = [], [], None

    def flush():
        run.sort(key=lambda item: (
            item.get_closest_marker("real_commits") is None,
            tuple(spec.name for spec, _ in shared_chain(item)),
        ))
        ordered.extend(run)
        run.clear()

    for item in items:
        backend = getattr(item, "callspec", None) and item.callspec.params.get("app")
        item_key = (item.path, backend)
        if backend is None or item_key != key:
            flush()
        key = item_key
        if backend is None:
            ordered.append(item)
        else:
            run.append(item)
    flush()
    items[:] = ordered
    if getattr(config.option, "loadgroup", False):
        name_groups(items)


def name_groups(items) -> None:
    """--dist loadgroup finds a test's xdist_group in its node id ("...::test@group"), which the
    worker appends by setting `item._nodeid`; pytest 9.2 keeps node ids in `item._id` instead,
    so every group is silently split up (pytest-dev/pytest-xdist#1386). Append it there, as
    xdist does, until xdist does it itself."""
    for item in items:
        groups = sorted({str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
                         for mark in item.iter_markers("xdist_group")})
        if not groups or "@" in item.nodeid.rpartition("]")[2]:
            continue
        if hasattr(item, "_id") and hasattr(type(item._id), "parse"):
            item._id = type(item._id).parse(f"{item.nodeid}@{'_'.join(groups)}")


# --- the test client --------------------------------------------------------------------------


class RequestInOwnContextClient(FlaskClient):
    """Runs every request in its own app context and database session, as in production.

    Each test holds an app context open for factories and assertions. Flask reuses an open
    context for requests, so without this every client in a test would share one `g` (the
    signed-in user, the current LA, the CSP nonce) and one session: an anonymous client would
    be served as whoever signed in last. The test's session is set aside during the request
    and expired afterwards, so the test reads what the request committed.

    In a savepoint, savepoints must end in the order they began. So the test's session first ends
    its transaction (it may only have read: see `settle`), and the request's savepoint is not
    nested in it, where a later rollback of the test's session would take back what the request
    committed. And should the test's session load something while the request runs (a callback
    the test registered reads a fixture's object), it joins the request's transaction instead of
    nesting a savepoint of its own in it; it ends that transaction, which it may only have read
    in, when the request is over.
    """

    def run_wsgi_app(self, environ, buffered=False):
        test_session = db.session.registry() if db.session.registry.has() else None
        in_savepoint = test_session is not None and _current["savepoints"]
        if in_savepoint:
            settle(test_session)
            test_session.join_transaction_mode = "rollback_only"
        db.session.registry.clear()
        try:
            with self.application.app_context():
                return super().run_wsgi_app(environ, buffered)
        finally:
            if test_session is not None:
                if in_savepoint:
                    test_session.join_transaction_mode = "create_savepoint"
                    settle(test_session)
                db.session.registry.set(test_session)
                test_session.expire_all()


def settle(session) -> None:
    if not session.in_transaction():
        return
    if session.new or session.dirty or session.deleted or session.info.get(WROTE):
        raise NeedsRealCommits(
            "a request while the test's session holds uncommitted changes: the request would see "
            "them here, on the test's connection, and not on a connection of its own. Commit them "
            "(or expire them) first, or mark the test @pytest.mark.real_commits.")
    session.commit()  # ends a transaction that only read: nothing is written, nothing lost


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make():
    return factories


# --- signing in -------------------------------------------------------------------------------

_real_sign_in = {"on": False}


@pytest.fixture(autouse=True)
def _sign_in_by_form(request):
    """`real_sign_in`: sign_in() posts the sign-in form, as it did for every test before."""
    _real_sign_in["on"] = request.node.get_closest_marker("real_sign_in") is not None
    yield
    _real_sign_in["on"] = False


def sign_in(client, user, password: str = factories.PASSWORD):
    """Sign the client in as the user. Puts in the client's session cookie what the sign-in form
    would after checking the same things (an active account, the password), without the POST;
    under `@pytest.mark.real_sign_in` it posts the form."""
    if _real_sign_in["on"]:
        return sign_in_by_form(client, user, password)
    assert user.is_active, f"{user.email} is deactivated and could not sign in"
    assert verify_password(user.password_hash, password), f"{user.email} has another password"
    stored = signed_in_session(client, user)
    with client.session_transaction() as session:
        session.update(stored)
    return client


def sign_in_by_form(client, user, password: str = factories.PASSWORD):
    response = client.post("/sign-in", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return client


def signed_in_session(client, user) -> dict:
    """What signing in stores for this user and this client: a new session on the server (as
    app.auth.sessions.start_session makes it) named by its token, a fresh login, and the "strong"
    session protection's identifier of the client's address and browser, computed by the login
    manager in a request like the client's."""
    from app.auth.sessions import describe_device
    from app.interfaces import user_sessions

    application = client.application
    manager = application.login_manager
    with application.test_request_context(environ_base=dict(client.environ_base)):
        from flask import request

        identifier = manager._session_identifier_generator()
        _row, token = user_sessions.create(
            user, lifetime=application.config["PERMANENT_SESSION_LIFETIME"],
            device=describe_device(request.user_agent.string), address=request.remote_addr or "")
        db.session.commit()
    return {"_user_id": token, "_fresh": True, "_id": identifier}


# --- worlds -----------------------------------------------------------------------------------


@shared_fixture
def world(make):
    """Two LAs, each with a school and one person in every LA role, plus global roles."""
    from app.models import Role

    built = {}
    for key in ("a", "b"):
        la = make.la(name=f"Authority {key.upper()}", slug=f"authority-{key}")
        school = make.school(la, name=f"School {key.upper()} One")
        other = make.school(la, name=f"School {key.upper()} Two")
        built[key] = {
            "la": la,
            "school": school,
            "other_school": other,
            "lead": make.user(Role.LA_LEAD, la=la, name=f"Lead {key.upper()}"),
            "senco": make.user(Role.SENCO, school=school, name=f"Senco {key.upper()}"),
            "head": make.user(Role.HEADTEACHER, school=school, name=f"Head {key.upper()}"),
            "staff": make.user(Role.STAFF, school=school, name=f"Deputy {key.upper()}"),
            "qa": make.user(Role.QUALITY_ASSURER, la=la, name=f"Assurer {key.upper()}"),
        }
    built["admin"] = make.user(Role.PLATFORM_ADMIN, name="Platform Admin")
    built["analyst"] = make.user(Role.PROGRAMME_ANALYST, name="Programme Analyst")
    return built


@pytest.fixture
def signed_in(app, world):
    """signed_in("a", "lead") -> a test client signed in as LA A's lead."""

    def _client(la_key: str | None, role: str):
        person = world[role] if la_key is None else world[la_key][role]
        return sign_in(app.test_client(), person)

    return _client


# --- property-based tests ---------------------------------------------------------------------

# "suite" (the default) keeps `make test` fast and the same on every run: a modest number of
# examples, chosen from a fixed seed. HYPOTHESIS_PROFILE=thorough explores far more, afresh on each
# run, and prints how to replay a failure (README.md, "Tests").
hypothesis_settings.register_profile(
    "suite", max_examples=6, deadline=None, derandomize=True, database=None, print_blob=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
hypothesis_settings.register_profile(
    "thorough", max_examples=200, deadline=None, derandomize=False, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))


@contextlib.contextmanager
def rolled_back():
    """One example of a property-based test in a savepoint of its own, rolled back after it: every
    example starts from the test's rows, whatever the one before it saved. The test's session
    keeps its objects, expired, so they are read afresh."""
    assert _current["savepoints"], "rolled_back() is for tests in a savepoint"
    db.session.rollback()  # the test's session only read; its savepoint must not enclose ours
    savepoint = _current["database"].connection.begin_nested()
    try:
        yield
    finally:
        db.session.rollback()
        if savepoint.is_active:
            savepoint.rollback()
        db.session.expire_all()
