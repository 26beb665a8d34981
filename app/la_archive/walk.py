"""Which tables hold an LA's data, read from the foreign keys of the models' metadata.

A table belongs to LAs when it has a column pointing at `local_authority`, or a foreign key to a
table that belongs to LAs (an outbox attachment through its message). People belong to no LA:
each person who holds a role in the LA, or whom its records name (an author, whoever acted), goes
into the archive with only this LA's roles. Every other table must be listed below with why it is
not exported, so a new table is never silently left out: the walk refuses to run until it is.
"""

from dataclasses import dataclass, field

from sqlalchemy import Column, LargeBinary, Table, select
from sqlalchemy.sql.elements import ColumnElement

from app.db import Base

LA_TABLE = "local_authority"
PEOPLE_TABLE = "user_account"
# A person is a member of an LA while a row of this table gives them a role there.
MEMBERSHIP = ("role_assignment", "user_id")

# Tables with no LA's data in them, or left out of an LA's archive on purpose, and why.
NOT_PER_LA = {
    "sign_in_attempt": "the installation's security log (e-mail address and network address, kept "
                       "30 days); it names no LA",
    "notification_digest": "a person's one e-mail a day, which may carry several LAs' news; the "
                           "LA's own notifications are exported",
    "outbox_message": "mail the installation held instead of sending it (development and demo); "
                      "what each person was told is in the LA's notifications",
    "outbox_attachment": "goes with its outbox message",
    "user_session": "a signed-in browser of this installation; imported people sign in afresh",
    "two_step_secret": "a person's authenticator secret: never leaves the installation; imported "
                       "people set up two-step sign-in again",
    "recovery_code": "hashes of a person's two-step recovery codes, as two_step_secret",
    "network_count": "the network's counts, worked out from the LA's self-evaluations: recounted "
                     "when the archive is loaded",
    "network_revision": "one number for the whole installation, raised by every recount of the "
                        "network's counts",
    "data_revision": "a number per LA of this installation raised by every write, for pages kept "
                     "once drawn; loading the archive raises it",
}
# Tables about one person, exported with each member of the LA.
PERSON_TABLES = {
    "notification_opt_out": "the e-mails the person chose not to get",
}
# A person's columns that go into the archive; the others are secrets of this installation and stay
# here (an imported person sets a password with "Forgotten your password?").
PERSON_COLUMNS = {"id", "created_at", "version", "updated_at", "email", "name", "active",
                  "last_signed_in_at"}
PERSON_SECRETS = {
    "password_hash": "a hash of the password: not for the LA's copy; people set a new one",
    "session_key": "signs the person in: made anew for the imported person",
}


class Unclassified(RuntimeError):
    """The models have a table or a person's column that nobody has decided about."""


@dataclass(frozen=True)
class Owned:
    """A table that belongs to LAs, and how its rows are found for one LA."""

    table: Table
    # The column naming the LA (`la_id`; `id` of local_authority itself), when the table has one.
    la_column: Column | None
    # Otherwise the foreign key to the table its rows hang from.
    parent: Column | None = None


@dataclass(frozen=True)
class Plan:
    owned: dict[str, Owned]  # in dependency order: a table after every table it points at
    people: Table
    person_tables: dict[str, Column]  # table name -> its column pointing at the person
    left_out: dict[str, str] = field(default_factory=lambda: dict(NOT_PER_LA))

    def exported(self) -> list[str]:
        return [*self.owned, self.people.name, *self.person_tables]

    def belongs_to(self, name: str, la_id: int) -> ColumnElement[bool]:
        """The rows of an owned table that belong to the LA."""
        entry = self.owned[name]
        if entry.la_column is not None:
            return entry.la_column == la_id
        target = target_of(entry.parent)
        return entry.parent.in_(select(target.c.id).where(self.belongs_to(target.name, la_id)))


def target_of(column: Column) -> Table:
    (key,) = column.foreign_keys
    return key.column.table


def blob_columns(table: Table) -> list[Column]:
    return [c for c in table.columns if isinstance(c.type, LargeBinary)]


def foreign_keys(table: Table) -> list[Column]:
    return [c for c in table.columns if c.foreign_keys]


def _owned_tables() -> dict[str, Owned]:
    tables = Base.metadata.tables
    owned: dict[str, Owned] = {LA_TABLE: Owned(tables[LA_TABLE], tables[LA_TABLE].c.id)}
    grew = True
    while grew:
        grew = False
        for table in Base.metadata.sorted_tables:
            if table.name in owned or table.name in (PEOPLE_TABLE, *PERSON_TABLES):
                continue
            keys = sorted(foreign_keys(table), key=lambda c: c.name)
            direct = [c for c in keys if target_of(c).name == LA_TABLE]
            through = [c for c in keys if target_of(c).name in owned and target_of(c) is not table]
            if direct:
                owned[table.name] = Owned(table, direct[0])
            elif through:
                owned[table.name] = Owned(table, None, through[0])
            else:
                continue
            grew = True
    order = [t.name for t in Base.metadata.sorted_tables]
    return {name: owned[name] for name in sorted(owned, key=order.index)}


def unclassified() -> list[str]:
    """What the models hold that the archive neither exports nor lists as left out: empty when
    every table and every person's column has been decided about."""
    owned = _owned_tables()
    problems = [f"table {t.name}" for t in Base.metadata.sorted_tables
                if t.name not in owned and t.name not in NOT_PER_LA
                and t.name not in PERSON_TABLES and t.name != PEOPLE_TABLE]
    people = Base.metadata.tables[PEOPLE_TABLE]
    problems += [f"column {PEOPLE_TABLE}.{c}" for c in people.c.keys()  # noqa: SIM118 - column names, not columns
                 if c not in PERSON_COLUMNS and c not in PERSON_SECRETS]
    return problems


def plan() -> Plan:
    problems = unclassified()
    if problems:
        raise Unclassified(
            "The LA archive does not know about: " + ", ".join(problems) + ". Decide whether each "
            "is an LA's data (a foreign key to local_authority or to a table that has one), a "
            "person's (PERSON_TABLES, PERSON_COLUMNS) or not per-LA (NOT_PER_LA, PERSON_SECRETS), "
            "in app/la_archive/walk.py.")
    tables = Base.metadata.tables
    owned = {name: entry for name, entry in _owned_tables().items() if name not in NOT_PER_LA}
    person_tables = {}
    for name in PERSON_TABLES:
        (column,) = [c for c in foreign_keys(tables[name]) if target_of(c).name == PEOPLE_TABLE]
        person_tables[name] = column
    return Plan(owned, tables[PEOPLE_TABLE], person_tables)
