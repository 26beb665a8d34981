"""How an interface refuses a save, the one way every package uses.

`Invalid` carries a message per form field (the form re-renders with 400). `EditConflict` means
someone saved the record after the form was drawn (the form re-renders with 409 and the newer
version). A form carries the version of the record it was drawn from; `expect_version` refuses
the save if someone has saved since, and `flush_or_conflict` catches the race inside one request.
"""

from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db


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


def flush_or_conflict() -> None:
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise EditConflict() from exc


def discard_changes() -> None:
    """Nothing of a refused request is kept, whatever status it answers with; and after a failed
    flush the session cannot be read from until it is rolled back."""
    db.session.rollback()


def newest_version(record) -> int:
    """The record's version as now saved, after a refused save."""
    discard_changes()
    db.session.refresh(record)
    return record.version
