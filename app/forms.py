"""Shared form pieces: GOV.UK widgets, plain-text validators and the optimistic-lock field."""

import re
from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
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
                   PrintableText(label)]
    return TextAreaField(label, validators=validators, filters=[strip], description=hint,
                         widget=GovCharacterCount(), default="")


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


class Form(FlaskForm):
    class Meta:
        locales = ["en_GB"]


__all__ = ["PERSONAL_DATA_HINT", "Form", "GovDateField", "HiddenField", "VersionField", "date_field",
           "email", "long_text", "password", "select", "submit", "text"]
