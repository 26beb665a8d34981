"""Which data changed, as a number per LA: raised in the same transaction as any write of that LA's
data, so that a page drawn once can be kept until the data under it changes (app/kept_pages.py),
in every process and on every server, with nothing to remember to call.

Every statement the app sends to the database passes the engine, so the engine is where writes are
seen: the first write of a transaction to a table a kept page may read raises the revision of the
LA of the request (LA pages only ever write their own LA's data, and the people they change hold
their roles there), or row 0 for writes made outside any LA's pages (the platform administrator's
pages, a person's own account, commands run from cron). A page is keyed on its LA's revision and
row 0's. A transaction raises one row only, so two transactions never wait on each other's rows
in opposite orders.
"""

import re
from collections.abc import Iterable

from flask import g, has_request_context
from sqlalchemy import event, select
from sqlalchemy.engine import Connection, Engine

from app.extensions import db
from app.models import DataRevision

EVERY_LA = 0

# Tables no kept page reads: sign-in and sessions, mail and notifications, two-step secrets, API
# tokens, the activity log and the network's own counts (kept on their own revision). Writing them
# changes no report, so a sign-in or a reminder run does not throw every kept page away.
NOT_READ_BY_KEPT_PAGES = frozenset({
    "data_revision", "user_session", "sign_in_attempt", "outbox_message", "outbox_attachment",
    "notification", "notification_digest", "notification_opt_out", "recovery_code", "two_step_secret",
    "api_token", "audit_event", "network_count", "network_revision",
})
# The sign-in's own stamp on the person's account, which no kept page shows.
SIGN_IN_STAMP = frozenset({"last_signed_in_at", "version"})

_READS = re.compile(r'\b(?:FROM|JOIN)\s+"?(\w+)"?', re.IGNORECASE)
_DML = re.compile(r'\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
_SET = re.compile(r"\bSET\s+(.*?)\s+WHERE\b", re.IGNORECASE | re.DOTALL)
_BUMPED = "data_revisions_bumped"
# Set in g while a page to be kept is drawn (app/kept_pages.py), to what it is kept on: the data
# (read only from tables that raise a revision) or nothing (fixed text, no read at all).
DRAWING_KEPT_PAGE = "keeping_page"
DATA_PAGE, TEXT_PAGE = "data", "text"
# An execution option for a read of such a table whose rows are only ever written in the same
# transaction as the data they describe (a plan's changes in the activity log): a revision raised
# by that data covers them.
WRITTEN_WITH_ITS_DATA = "written_with_its_data"
# An execution option for connections whose writes raise nothing: the migrations, which may run
# before the table exists (app/migrate.py).
UNWATCHED = "data_revisions_unwatched"


def written_table(statement: str) -> str | None:
    """The table an INSERT, UPDATE or DELETE writes; None for anything else. Changes of the schema
    are left out: they come with a new release, and a release starts new processes, which keep
    nothing from before."""
    found = _DML.match(statement)
    return found.group(2).lower() if found else None


def reads_unwatched(statement: str) -> bool:
    """Whether a statement reads a table whose writes raise no revision."""
    return any(table.lower() in NOT_READ_BY_KEPT_PAGES for table in _READS.findall(statement))


def counts(table: str, statement: str) -> bool:
    if table in NOT_READ_BY_KEPT_PAGES:
        return False
    if table == "user_account" and statement.lstrip()[:6].upper() == "UPDATE":
        found = _SET.search(statement)
        columns = {part.split("=")[0].strip().strip('"') for part in found.group(1).split(",")} if found else set()
        return not columns or not columns <= SIGN_IN_STAMP
    return True


def _scope() -> int:
    if not has_request_context():
        return EVERY_LA
    la = g.get("current_la")
    return la.id if la is not None else EVERY_LA


# The placeholder is the driver's: SQLite's "?", psycopg's "%s".
_RAISE = {mark: f"INSERT INTO data_revision (la_id, revision) VALUES ({mark}, 1) "  # noqa: S608 - no input
                "ON CONFLICT (la_id) DO UPDATE SET revision = data_revision.revision + 1" for mark in ("?", "%s")}


def _raise(conn: Connection, scope: int) -> None:
    # On the transaction's own DBAPI connection, with a cursor of its own: the statement just run
    # keeps its cursor (row counts, new ids), and this write commits or rolls back with it.
    raw = conn.connection.dbapi_connection.cursor()
    try:
        raw.execute(_RAISE["?" if conn.dialect.paramstyle == "qmark" else "%s"], (scope,))
    finally:
        raw.close()


def _seen(conn: Connection, cursor, statement: str, parameters, context, executemany) -> None:
    table = written_table(statement)
    if table is None:
        drawing = g.get(DRAWING_KEPT_PAGE) if has_request_context() else None
        if drawing == TEXT_PAGE or (drawing == DATA_PAGE and reads_unwatched(statement)
                                    and not context.execution_options.get(WRITTEN_WITH_ITS_DATA)):
            # A page drawn from what raises no revision could not tell when it is out of date.
            g.kept_page_reads_unwatched = True
        return
    if not counts(table, statement) or conn.get_execution_options().get(UNWATCHED):
        return
    scope = _scope()
    bumped = conn.info.setdefault(_BUMPED, set())
    if scope not in bumped:
        _raise(conn, scope)
        bumped.add(scope)


def _forget(conn: Connection, *args) -> None:
    # A savepoint rolled back may have taken a raise with it: the next write raises again.
    conn.info.pop(_BUMPED, None)


def _checked_in(dbapi_connection, record) -> None:
    record.info.pop(_BUMPED, None)  # a transaction the pool ended on its own


def watch(engine: Engine) -> None:
    event.listen(engine, "after_cursor_execute", _seen)
    for name in ("commit", "rollback", "rollback_savepoint"):
        event.listen(engine, name, _forget)
    event.listen(engine, "checkin", _checked_in)


def current(la_ids: Iterable[int]) -> tuple[int, ...]:
    """The revisions of these LAs and of row 0, in one statement, in that order (0 for none yet).

    What is read here may be what a page is kept on, so this transaction's next write raises the
    revision again, even if an earlier write of it already had: a write after the read must never
    leave the number the page was kept on."""
    wanted = sorted({EVERY_LA, *la_ids})
    found = dict(db.session.execute(select(DataRevision.la_id, DataRevision.revision)
                                    .where(DataRevision.la_id.in_(wanted))).all())
    db.session.connection().info.pop(_BUMPED, None)
    return tuple(found.get(la_id, 0) for la_id in wanted)


def raise_all() -> None:
    """Every kept page everywhere is out of date (every key holds row 0's revision): for data
    changed outside the app."""
    _raise(db.session.connection(), EVERY_LA)
