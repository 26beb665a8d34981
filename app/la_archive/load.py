"""Loads an LA's archive into an installation that does not have that LA: checked whole first (the
manifest's hashes and counts, the schema revision, clashes with what is here), then written in
one transaction, every row under a new id, so it is all there or none of it is."""

import json
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import BinaryIO

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Table,
    Time,
    TypeDecorator,
    UniqueConstraint,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app import features
from app.db import Base
from app.la_archive import references, walk
from app.la_archive.export import schema_revision
from app.la_archive.manifest import BadArchive, data_path
from app.la_archive.manifest import read as read_manifest

# How the LA's unique columns are named to the person importing.
LA_COLUMN_WORDS = {"name": "name", "slug": "web address name", "code": "LA code"}


class ArchiveRefused(Exception):
    """Nothing was loaded; `problems` says why, one sentence each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Imported:
    la_name: str
    la_slug: str
    counts: dict[str, int]
    people_already_here: int  # people the LA's records name who already had an account here


def import_archive(session: Session, source: str | BinaryIO) -> Imported:
    with zipfile.ZipFile(source) as archive:
        try:
            manifest = read_manifest(archive)
        except BadArchive as exc:
            raise ArchiveRefused([str(exc)]) from exc
        plan = walk.plan()
        connection = session.connection()
        here = schema_revision(connection)
        if manifest.schema_revision != here:
            raise ArchiveRefused([
                f"The archive was made with database schema {manifest.schema_revision}; this "
                f"installation's is {here}. Load it into an installation of the version that made "
                "it, then upgrade that installation (flask db upgrade)."])
        expected, given = set(plan.exported()), set(manifest.tables)
        if expected != given:
            raise ArchiveRefused([
                "The archive's tables do not match this installation's: "
                + "; ".join(f"{label}: {', '.join(sorted(names))}" for label, names in
                            (("not in the archive", expected - given), ("unknown here", given - expected))
                            if names) + "."])
        data = {name: json.loads(archive.read(data_path(name))) for name in expected}
        wrong = [name for name, rows in data.items() if len(rows) != manifest.tables[name]]
        if wrong:
            raise ArchiveRefused([f"The archive's row counts do not match its manifest for "
                                  f"{', '.join(sorted(wrong))}."])
        problems = _clashes(session, plan, data)
        if problems:
            raise ArchiveRefused(problems)
        loader = _Loader(session, plan, data, archive)
        try:
            with session.begin_nested():
                loader.run()
                for la_id in loader.ids[walk.LA_TABLE].values():
                    features.schools_changed(la_id)
        except SQLAlchemyError as exc:
            raise ArchiveRefused([f"The archive could not be loaded, and nothing of it was: "
                                  f"{getattr(exc, 'orig', exc)}"]) from exc
    return Imported(manifest.la["name"], manifest.la["slug"],
                    {name: len(rows) for name, rows in data.items()}, loader.matched_people)


def _members(data: dict[str, list[dict]]) -> set[int]:
    table, column = walk.MEMBERSHIP
    return {row[column] for row in data[table]}


def _clashes(session: Session, plan: walk.Plan, data: dict[str, list[dict]]) -> list[str]:
    problems = []
    la_table = plan.owned[walk.LA_TABLE].table
    (la,) = data[walk.LA_TABLE]
    for column in la_table.columns:
        if column.unique and session.scalar(select(la_table.c.id).where(column == la[column.key])):
            words = LA_COLUMN_WORDS.get(column.key, column.key)
            problems.append(f"This installation already has a local authority with the {words} "
                            f"{la[column.key]}.")
    members = _members(data)
    emails = sorted(row["email"].lower() for row in data[plan.people.name] if row["id"] in members)
    taken = sorted(session.scalars(select(plan.people.c.email).where(
        func.lower(plan.people.c.email).in_(emails)))) if emails else []
    if taken:
        shown = ", ".join(taken[:10]) + (f" and {len(taken) - 10} more" if len(taken) > 10 else "")
        problems.append(f"{len(taken)} of the archive's people already have an account here with "
                        f"the same e-mail address ({shown}). An archive is loaded only where none "
                        "of its people has an account: remove their accounts here first, or load it "
                        "into another installation.")
    return problems


def _from_plain(column: Column, value):
    kind = column.type
    if isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    if isinstance(kind, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    if isinstance(kind, Time):
        return time.fromisoformat(value)
    return value


class _Loader:
    def __init__(self, session: Session, plan: walk.Plan, data: dict[str, list[dict]],
                 archive: zipfile.ZipFile) -> None:
        self.session = session
        self.plan = plan
        self.data = data
        self.archive = archive
        self.ids: dict[str, dict[int, int]] = defaultdict(dict)
        # Foreign keys set once the rows they point at have ids: (table, row, new id, column, old target).
        self.deferred: list[tuple[Table, dict, int, Column, int]] = []
        self.matched_people = 0
        order = [t for t in Base.metadata.sorted_tables if t.name in data]
        # Tables with ids inside their text go last, when every id is known; nothing points at them.
        self.order = ([t for t in order if t.name not in references.REWRITE]
                      + [t for t in order if t.name in references.REWRITE])
        self.position = {t.name: i for i, t in enumerate(self.order)}

    def lookup(self, table: str, old: int) -> int | None:
        return self.ids.get(table, {}).get(old)

    def run(self) -> None:
        connection = self.session.connection()
        for table in self.order:
            rows = self.data[table.name]
            if table.name == self.plan.people.name:
                rows = self._match_people(rows)
            rows = [row for row in rows if not self._match_shared(table, row)]
            if not rows:
                continue
            rewrite = references.REWRITE.get(table.name)
            if rewrite is not None:
                rows = [rewrite(dict(row), self.lookup) for row in rows]
            pending: list[tuple[int, Column, int]] = []
            values = [self._values(table, row, index, pending) for index, row in enumerate(rows)]
            new_ids = connection.execute(
                insert(table).returning(table.c.id, sort_by_parameter_order=True), values).scalars().all()
            for row, new_id in zip(rows, new_ids, strict=True):
                self.ids[table.name][row["id"]] = new_id
            self.deferred += [(table, rows[index], new_ids[index], column, old)
                              for index, column, old in pending]
        for table, row, new_id, column, old in self.deferred:
            target = self.lookup(walk.target_of(column).name, old)
            if target is None:
                raise ArchiveRefused([f"{table.name}.{column.key} points at a row the archive does "
                                      "not have."])
            # Columns that change on every update (updated_at) keep the archive's value.
            kept = {c.key: _from_plain(c, row[c.key]) for c in table.columns
                    if c.onupdate is not None and row.get(c.key) is not None}
            connection.execute(update(table).where(table.c.id == new_id).values({column.key: target, **kept}))

    def _match_people(self, rows: list[dict]) -> list[dict]:
        """People named in the LA's records without a role in it (whoever created the LA, say)
        who already have an account here are that account; the others are new."""
        members = _members(self.data)
        people = self.plan.people
        new = []
        for row in rows:
            existing = None if row["id"] in members else self.session.scalar(
                select(people.c.id).where(func.lower(people.c.email) == row["email"].lower()))
            if existing is None:
                new.append(row)
            else:
                self.ids[people.name][row["id"]] = existing
                self.matched_people += 1
        return new

    def _match_shared(self, table: Table, row: dict) -> bool:
        """A row that belongs to no LA (a framework that ships with the service) is this
        installation's own copy when it has one, found by what makes it unique."""
        entry = self.plan.owned.get(table.name)
        if entry is None or entry.la_column is None or table.name == walk.LA_TABLE:
            return False
        if row[entry.la_column.key] is not None:
            return False
        for constraint in table.constraints:
            if not isinstance(constraint, UniqueConstraint):
                continue
            where = [c.is_(None) if row[c.key] is None else c == _from_plain(c, row[c.key])
                     for c in constraint.columns]
            existing = self.session.scalar(select(table.c.id).where(*where))
            if existing is not None:
                self.ids[table.name][row["id"]] = existing
                return True
        return False

    def _values(self, table: Table, row: dict, index: int, pending: list) -> dict:
        values = {}
        for column in table.columns:
            if column.key == "id" or column.key not in row:
                continue
            value = row[column.key]
            if value is None:
                pass
            elif column.foreign_keys:
                value = self._point(table, column, value, index, pending)
            elif column in walk.blob_columns(table):
                value = self.archive.read(value)
            else:
                value = _from_plain(column, value)
            values[column.key] = value
        return values

    def _point(self, table: Table, column: Column, old: int, index: int, pending: list) -> int | None:
        target = walk.target_of(column).name
        if target in self.plan.left_out:
            return None
        new = self.lookup(target, old)
        if new is not None:
            return new
        if target == table.name or self.position.get(target, -1) > self.position[table.name]:
            if not column.nullable:
                raise ArchiveRefused([f"{table.name}.{column.key} points at a row loaded after it."])
            pending.append((index, column, old))
            return None
        raise ArchiveRefused([f"A row of {table.name} points at row {old} of {target}, which the "
                              "archive does not have."])
