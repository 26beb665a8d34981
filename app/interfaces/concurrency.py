"""Optimistic locking across requests.

A form carries the version of the record it was drawn from. `expect_version` refuses the save if
someone has saved since; the mapper's version column catches the race inside one request.
"""

from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db


class EditConflict(Exception):
    """Someone else saved this record after the form was opened."""


def expect_version(record, version: int | None) -> None:
    if version is None or record.version != version:
        raise EditConflict()


def flush() -> None:
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise EditConflict() from exc
