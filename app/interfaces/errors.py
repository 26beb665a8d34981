"""How an interface refuses a save, the one way every package uses.

`Invalid` carries a message per form field (the form re-renders with 400). `EditConflict` means
someone saved the record after the form was drawn (the form re-renders with 409 and the newer
version). A form carries the version of the record it was drawn from; `expect_version` refuses
the save if someone has saved since, and `flush_or_conflict` catches the race inside one request.
"""

from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError, InvalidRequestError
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from app.db import utcnow
from app.extensions import db

# What the database says when two saves meet: a stale version on UPDATE, or a unique row that
# someone else inserted a moment ago.
RACES = (StaleDataError, IntegrityError)


class Invalid(ValueError):
    """Input refused, with a message per form field (a key that is no field is shown on its own)."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class EditConflict(Exception):
    """Someone else saved this record after the form was opened."""


def expect_version(record, version: int | None) -> None:
    if version is None or record.version != version:
        raise EditConflict()
    # The check above reads what this request loaded, and another save may commit before this
    # one flushes. Touching the record makes every save an UPDATE ... WHERE version = :version,
    # so the database itself refuses the second of two saves that meet, even one that changes
    # nothing on this row (only its children, or the same values again).
    record.updated_at = utcnow()
    flag_modified(record, "updated_at")  # even when the clock reads the same


def flush_or_conflict() -> None:
    try:
        db.session.flush()
    except RACES as exc:
        raise EditConflict() from exc


def discard_changes() -> None:
    """Nothing of a refused request is kept, whatever status it answers with; and after a failed
    flush the session cannot be read from until it is rolled back."""
    db.session.rollback()


def newest_version(record) -> int | None:
    """The record's version as now saved, after a refused save (None when it is not saved: a
    record this request was creating)."""
    discard_changes()
    if record is None or not inspect(record).persistent:
        return None
    try:
        db.session.refresh(record)
    except InvalidRequestError:  # someone else deleted it
        return None
    return record.version
