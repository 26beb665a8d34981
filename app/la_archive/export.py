"""Writes one LA's archive: every row of the tables that belong to it, the people its records name
(with only this LA's roles), the files of its file columns (evidence) and the manifest."""

import enum
import json
import zipfile
from collections import defaultdict
from datetime import date, datetime, time
from typing import BinaryIO

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Table, select
from sqlalchemy.engine import RowMapping

from app.db import utcnow
from app.la_archive import walk
from app.la_archive.manifest import MANIFEST, Manifest, data_path, file_path, sha256


class ExportError(RuntimeError):
    """The LA's rows point at something that is neither the LA's nor shared by every LA."""


def plain(value):
    """A column's value as JSON holds it: enums by name, dates and times in ISO 8601."""
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def schema_revision(connection: Connection) -> str:
    # Several heads only while branches of the migrations wait to be merged.
    return ",".join(sorted(MigrationContext.configure(connection).get_current_heads()))


class _Writer:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.files: dict[str, dict] = {}

    def write(self, name: str, data: bytes) -> None:
        self.archive.writestr(name, data)
        self.files[name] = {"sha256": sha256(data), "bytes": len(data)}

    def rows(self, table: str, rows: list[dict]) -> None:
        text = json.dumps(rows, ensure_ascii=False, indent=1, sort_keys=True)
        self.write(data_path(table), text.encode("utf-8"))


def export_la(connection: Connection, la_id: int, out: BinaryIO) -> Manifest:
    """Writes the archive of the LA to `out` (a zip). Reads through `connection`, so a caller that
    wants one consistent picture of a busy LA reads in one transaction."""
    plan = walk.plan()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        writer = _Writer(archive)
        found: dict[str, list[dict]] = {}
        for name, entry in plan.owned.items():
            statement = (select(entry.table).where(plan.belongs_to(name, la_id))
                         .order_by(entry.table.c.id).execution_options(yield_per=200))
            found[name] = [_row(entry.table, row, writer, plan)
                           for row in connection.execute(statement).mappings()]
        people = _add_shared_rows(connection, plan, found)
        for name, rows in found.items():
            writer.rows(name, rows)

        people_rows = [_person(row) for row in connection.execute(
            select(plan.people).where(plan.people.c.id.in_(sorted(people))).order_by(plan.people.c.id)
        ).mappings()] if people else []
        writer.rows(plan.people.name, people_rows)
        members = sorted({row[walk.MEMBERSHIP[1]] for row in found[walk.MEMBERSHIP[0]]})
        counts = {name: len(rows) for name, rows in found.items()} | {plan.people.name: len(people_rows)}
        for name, column in plan.person_tables.items():
            table = column.table
            rows = [_row(table, row, writer, plan) for row in connection.execute(
                select(table).where(column.in_(members)).order_by(table.c.id)).mappings()] if members else []
            writer.rows(name, rows)
            counts[name] = len(rows)

        la = found[walk.LA_TABLE][0]
        manifest = Manifest(
            schema_revision=schema_revision(connection), exported_at=utcnow().isoformat(),
            la={"name": la["name"], "slug": la["slug"], "code": la["code"]},
            tables=counts, files=writer.files,
        )
        archive.writestr(MANIFEST, json.dumps(manifest.as_json(), ensure_ascii=False, indent=1))
    return manifest


def _row(table: Table, row: RowMapping, writer: _Writer, plan: walk.Plan) -> dict:
    values = {}
    for column in table.columns:
        value = row[column.key]
        if value is not None and column in walk.blob_columns(table):
            path = file_path(table.name, column.key, row["id"])
            writer.write(path, bytes(value))
            value = path
        elif column.foreign_keys and walk.target_of(column).name in plan.left_out:
            value = None  # what it points at stays in this installation
        values[column.key] = plain(value)
    return values


def _person(row: RowMapping) -> dict:
    return {key: plain(value) for key, value in row.items() if key in walk.PERSON_COLUMNS}


def _add_shared_rows(connection: Connection, plan: walk.Plan, found: dict[str, list[dict]]) -> set[int]:
    """Adds the rows that the LA's rows point at but that belong to no LA (a framework that ships
    with the service), and returns the ids of every person the LA's rows name."""
    people: set[int] = set()
    wanted: dict[str, set[int]] = defaultdict(set)
    ids = {name: {row["id"] for row in rows} for name, rows in found.items()}
    for name, rows in found.items():
        for column in walk.foreign_keys(plan.owned[name].table):
            target = walk.target_of(column).name
            for row in rows:
                value = row[column.key]
                if value is None:
                    continue
                if target == plan.people.name:
                    people.add(value)
                elif target in ids and value not in ids[target]:
                    wanted[target].add(value)
    for target, row_ids in wanted.items():
        entry = plan.owned[target]
        if entry.la_column is None or not entry.la_column.nullable:
            raise ExportError(f"rows of the LA point at {len(row_ids)} row(s) of {target} that "
                              "belong to another LA")
        shared = list(connection.execute(select(entry.table).where(
            entry.table.c.id.in_(sorted(row_ids)), entry.la_column.is_(None))).mappings())
        if len(shared) != len(row_ids):
            raise ExportError(f"rows of the LA point at row(s) of {target} that belong to another LA")
        for row in shared:
            values = {key: plain(value) for key, value in row.items()}
            # Matched on import by what makes it unique, not by who loaded it.
            for column in walk.foreign_keys(entry.table):
                if column is not entry.la_column:
                    values[column.key] = None
            found[target].append(values)
        found[target].sort(key=lambda row: row["id"])
    return people
