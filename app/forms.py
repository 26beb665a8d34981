"""Shared form pieces: GOV.UK widgets, plain-text validators and the optimistic-lock field."""

import re
from datetime import date

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

    The widget needs three parts; a tampered or partial POST is padded so it becomes a field
    message instead of a server error.
    """

    widget = GovDateInput()

    def __init__(self, label: str, required: str | None = None, **kwargs):
        validators = [InputRequired(message=required)] if required else [Optional()]
        super().__init__(label, validators=validators, format="%d %m %Y", **kwargs)
        self.label_text = label

    def process_formdata(self, valuelist):
        parts = [str(v).strip() for v in valuelist[:3]]
        parts += [""] * (3 - len(parts))
        self.raw_data = parts
        if not any(parts):
            self.data = None
            return
        try:
            day, month, year = (int(p) for p in parts)
            self.data = date(year, month, day)
        except ValueError:
            self.data = None
            raise ValueError(f"{self.label_text} must be a real date, like 27 3 2026") from None

    def pre_validate(self, form):
        if self.data is not None and not 1900 < self.data.year < 2200:
            raise ValidationError(f"{self.label_text} must be a real date, like 27 3 2026")


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


__all__ = ["Form", "GovDateField", "HiddenField", "VersionField", "date_field", "email", "password",
           "select", "submit", "text"]
