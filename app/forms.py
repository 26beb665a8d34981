"""Shared form pieces: GOV.UK widgets, plain-text validators, the optimistic-lock field, and the
one path every route takes to save a form through an interface and show why a save was refused.

The rule: a refused form re-renders with 400 (bad input) or 409 (someone else saved first), the
person's answers still in it; a refused button (publish, advance, submit) redirects with 303 and a
message; never a redirect with a 4xx, which a browser would show as a bare "Redirecting..." page.
"""

import re
from collections.abc import Callable
from datetime import date

from flask import flash, redirect, render_template
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovDateInput,
    GovPasswordInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import HiddenInput

from app.child_names import CharacterCountWithNameCheck, ChildNameCheck
from app.interfaces.errors import RACES, EditConflict, Invalid, discard_changes, flush_or_conflict, newest_version

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class PlainText:
    """Names and titles are plain text: no markup characters, no control characters."""

    def __init__(self, label: str) -> None:
        self.label = label

    def __call__(self, form, field) -> None:
        value = field.data or ""
        if "<" in value or ">" in value:
            raise ValidationError(f"{self.label} must not contain < or >")
        if CONTROL_CHARS.search(value):
            raise ValidationError(f"{self.label} must only contain printable characters")


class MaxLength:
    """Length(max=...) that stops the chain: the email parser must never read megabytes of text
    (a 10 MB sign-in field otherwise costs seconds of CPU before it is refused)."""

    def __init__(self, max_length: int, message: str) -> None:
        self.max_length = max_length
        self.message = message

    def __call__(self, form, field) -> None:
        if len(field.data or "") > self.max_length:
            raise StopValidation(self.message)


def strip(value):
    return value.strip() if isinstance(value, str) else value


def text(label: str, *, max_length: int, required: str | None = None, hint: str | None = None,
         plain: bool = True, **kwargs) -> StringField:
    # DataRequired, not InputRequired: it looks at the value after stripping, so spaces alone
    # count as empty.
    validators = [DataRequired(message=required)] if required else []
    validators.append(Length(max=max_length, message=f"{label} must be {max_length} characters or fewer"))
    if plain:
        validators.append(PlainText(label))
    description = hint or ""
    return StringField(label, validators=validators, filters=[strip], widget=GovTextInput(),
                       description=description, **kwargs)


PERSONAL_DATA_HINT = "Do not include a child's name or anything that could identify a child."
LONG_TEXT_MAX = 4000


class PrintableText:
    """Long free text may hold printable characters, line breaks and tabs, nothing else (a NUL
    byte, for one, cannot be stored by PostgreSQL)."""

    def __init__(self, label: str) -> None:
        self.label = label

    def __call__(self, form, field) -> None:
        if CONTROL_CHARS.search(field.data or ""):
            raise ValidationError(f"{self.label} must only contain printable characters")


def long_text(label: str, max_length: int = LONG_TEXT_MAX, hint: str = PERSONAL_DATA_HINT,
              required: str | None = None):
    validators = [DataRequired(message=required)] if required else [Optional()]
    validators += [Length(max=max_length, message=f"{label} must be {max_length} characters or fewer"),
                   PrintableText(label), ChildNameCheck()]
    return TextAreaField(label, validators=validators, filters=[strip], description=hint,
                         widget=CharacterCountWithNameCheck(), default="")


def email(label: str = "Email address", required: str | None = "Enter an email address") -> StringField:
    return StringField(
        label,
        validators=[
            InputRequired(message=required) if required else Optional(),
            MaxLength(254, "Email address must be 254 characters or fewer"),
            Email(
                message="Enter an email address in the correct format, like name@example.org",
                check_deliverability=False,
            ),
        ],
        filters=[lambda v: v.strip().lower() if isinstance(v, str) else v],
        widget=GovTextInput(),
    )


def password(label: str, required: str, *, validators=(), hint: str = "") -> PasswordField:
    return PasswordField(
        label,
        validators=[
            InputRequired(message=required),
            Length(max=128, message=f"{label} must be 128 characters or fewer"),
            *validators,
        ],
        widget=GovPasswordInput(),
        description=hint,
    )


def select(label: str, choices, required: str | None, **kwargs) -> SelectField:
    validators = [InputRequired(message=required)] if required else []
    return SelectField(label, choices=choices, validators=validators, widget=GovSelect(),
                       validate_choice=False, **kwargs)


def submit(label: str) -> SubmitField:
    return SubmitField(label, widget=GovSubmitInput())


class GovDateField(DateField):
    """A GOV.UK day/month/year date input. Optional unless `required` is given.

    Any partial, impossible or tampered date becomes a message at the field, never a server
    error, and is never dropped silently.
    """

    widget = GovDateInput()

    def __init__(self, label: str, required: str | None = None, **kwargs):
        # No Optional()/InputRequired(): they look only at the day box, so an empty day with a
        # month and year would pass as "no date". Emptiness is judged on all three parts below.
        super().__init__(label, validators=[], format="%d %m %Y", **kwargs)
        self.label_text = label
        self.required_message = required

    def process_formdata(self, valuelist):
        parts = [str(v).strip() for v in valuelist[:3]]
        parts += [""] * (3 - len(parts))
        self.raw_data = parts
        self.data = None
        if not any(parts):
            return
        missing = [name for name, part in zip(("day", "month", "year"), parts, strict=True) if not part]
        if missing:
            raise ValueError(f"{self.label_text} must include a {' and a '.join(missing)}")
        try:
            day, month, year = (int(p) for p in parts)
            if not 1900 < year < 2200:
                raise ValueError
            self.data = date(year, month, day)
        except ValueError:
            raise ValueError(f"{self.label_text} must be a real date, like 27 3 2026") from None

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()  # keeps the message process_formdata gave
        if self.data is None and self.required_message:
            raise StopValidation(self.required_message)


def date_field(label: str, required: str | None = None, hint: str = "For example, 27 3 2026"):
    return GovDateField(label, required=required, description=hint)


class VersionField(IntegerField):
    """Carries the record's version through the form, for optimistic locking."""

    widget = HiddenInput()

    def process_formdata(self, valuelist):
        try:
            self.data = int(valuelist[0]) if valuelist and valuelist[0] else None
        except ValueError:
            self.data = None

    def _value(self) -> str:
        # Render .data, not the submitted text: after a conflict the route sets the newest
        # version here, and the person's next save must carry it or it conflicts forever.
        return "" if self.data is None else str(self.data)


CONFLICT = ("Someone else saved this since you opened the page. Their version is saved; your "
            "changes are still in the form. Check them and save again.")
CHANGED = "Someone else changed this since you opened the page. Check it and try again."


class Form(FlaskForm):
    class Meta:
        locales = ["en_GB"]

    # Set when a save is refused because someone else saved first; the page shows the banner.
    conflict: str | None = None
    # What the interface call returned, once `save` has saved (the new record, say).
    saved: object = None
    # Set when an interface refused the input, whether or not the reason names a field.
    refused: bool = False


class VersionedForm(Form):
    """A form, or a lone button, that changes a record someone else may be changing too."""

    version = VersionField()


class ConfirmForm(Form):
    """A bare form for a button (remove, revoke, confirm), for CSRF."""


def show_errors(form: Form, errors: dict[str, str]) -> None:
    """Put an interface's messages on the fields they name; a message for no field is flashed."""
    for key, message in errors.items():
        field = getattr(form, key, None)
        if field is None:
            flash(message, "refused")
        else:
            field.errors = [*field.errors, message]


def save(form: Form, action: Callable[[], object], *, record=None, conflict: str = CONFLICT,
         conflict_field: str | None = None) -> bool:
    """Run the interface call `action`. True when it saved (its result is in `form.saved`). When it
    was refused the form says why: the interface's messages at their fields, or, when someone saved
    `record` first, the conflict at `conflict_field` (the form's first answer unless named) with the
    newer version in the form, so saving again is a deliberate choice over the other person's.

    `record` may be a function that finds it, for a form that creates the record on its first save:
    when two people create it at once, the second is shown the first one's version.

    Two saves that meet in the database (a stale version, or a unique row inserted a moment ago)
    are a conflict too, even where the interface did not turn them into one; the session is
    rolled back before anything is read from it again."""
    try:
        form.saved = action()
        flush_or_conflict()  # what the interface left unflushed meets the other save here, not at commit
    except (EditConflict, *RACES):
        discard_changes()
        form.conflict = conflict
        show_errors(form, {conflict_field or _first_answer(form): conflict})
        if hasattr(form, "version"):
            current = record() if callable(record) else record
            if current is not None:
                form.version.data = newest_version(current)
        return False
    except Invalid as exc:
        form.refused = True
        discard_changes()
        show_errors(form, exc.errors)
        return False
    return True


def _first_answer(form: Form) -> str:
    """Where a conflict is shown: the form's first answer ("" for a lone button: a message apart)."""
    for field in form:
        if field.type not in ("CSRFTokenField", "HiddenField", "VersionField", "SubmitField"):
            return field.name
    return ""


def press(action: Callable[[], object], *, to: str):
    """A button's interface call: None when it worked, else the way back to `to` with the reason."""
    try:
        action()
        flush_or_conflict()
    except (EditConflict, *RACES):
        return refuse_button(CHANGED, to)
    except Invalid as exc:
        return refuse_button(" ".join(r if r.endswith(".") else r + "." for r in exc.errors.values()), to)
    return None


def form_status(form: Form) -> int:
    if form.conflict:
        return 409
    return 400 if form.errors or form.refused else 200


def render_form(template: str, form: Form, **context):
    """The page with its form: 200, or 400 with the errors beside the fields, or 409 with the
    conflict at a field (and, where the page can say it, what the other person saved)."""
    return render_template(template, form=form, conflict=form.conflict, **context), form_status(form)


def refuse_button(message: str, to: str):
    """A refused button (publish, advance, submit): back to the page with the reason, as 303.
    A 303 would otherwise commit, so what the request did is discarded first."""
    discard_changes()
    flash(message, "refused")
    return redirect(to, code=303)


__all__ = ["CONFLICT", "PERSONAL_DATA_HINT", "ConfirmForm", "Form", "GovDateField", "HiddenField", "VersionField",
           "VersionedForm", "date_field", "email", "form_status", "long_text", "password", "refuse_button",
           "press", "render_form", "save", "select", "show_errors", "submit", "text"]
