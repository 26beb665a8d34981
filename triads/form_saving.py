"""Saving a form through an interface: what a route does when the save is refused."""

from collections.abc import Callable

from flask import flash

from app.interfaces import concurrency
from triads.interfaces import Invalid


def show_errors(form, errors: dict[str, str]) -> None:
    """Put an interface's messages on the fields they name; a message for no field is flashed."""
    for key, message in errors.items():
        field = getattr(form, key, None)
        if field is None:
            flash(message)
        else:
            field.errors = [*field.errors, message]


def save(form, action: Callable[[], object], *, record, conflict_field: str, conflict: str) -> int | None:
    """Run `action`. None when it saved; else the status to show the form again with: 409 when
    someone saved `record` first (the form keeps what was typed and now carries the newer
    version, so saving again is deliberate), 400 when the interface refused the input."""
    try:
        action()
    except concurrency.EditConflict:
        getattr(form, conflict_field).errors = [conflict]
        form.version.data = record.version
        return 409
    except Invalid as exc:
        show_errors(form, exc.errors)
        return 400
    return None
