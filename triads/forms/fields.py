"""Fields the triads package's forms share. Choices are set per request; each field refuses what it
did not offer."""

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovRadioInput
from wtforms import RadioField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError


class IdChoices(SelectMultipleField):
    """Checkboxes of record ids. `allowed` may be wider than the boxes shown: an id that is
    allowed but not offered (a school already in another triad) is left to the interfaces to
    refuse with their own, more precise message."""

    widget = GovCheckboxesInput()

    def __init__(self, label: str, **kwargs):
        super().__init__(label, choices=[], validate_choice=False, **kwargs)
        self.allowed: set[str] | None = None

    def pre_validate(self, form) -> None:
        allowed = self.allowed if self.allowed is not None else {c.value for c in self.choices}
        if any(value not in allowed for value in self.data or []):
            raise ValidationError(f"Choose {self.label.text.lower()} from the list")

    @property
    def ids(self) -> list[int]:
        return [int(value) for value in dict.fromkeys(self.data or [])]


class IdRadio(RadioField):
    widget = GovRadioInput()

    def __init__(self, label: str, required: str, **kwargs):
        super().__init__(label, choices=[], validate_choice=False,
                         validators=[InputRequired(message=required)], **kwargs)
        self.allowed: set[str] | None = None

    def pre_validate(self, form) -> None:
        allowed = self.allowed if self.allowed is not None else {c.value for c in self.choices}
        if self.data and self.data not in allowed:
            raise ValidationError(f"Choose the {self.label.text.lower()} from the list")

    @property
    def selected_id(self) -> int | None:
        return int(self.data) if self.data else None


def school_choices(schools) -> list[SelectChoice]:
    return [SelectChoice(str(s.id), s.name) for s in schools]
