"""Forms for triads and their meetings. Choices are set per request from the cohort and triad;
each field refuses what it did not offer, and triads.interfaces checks the rules between fields."""

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovRadioInput
from wtforms import RadioField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from app.forms import PERSONAL_DATA_HINT, Form, VersionField, date_field, long_text, select, submit, text


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


class TriadForm(Form):
    name = text("Triad name", max_length=120, required="Enter a name for the triad",
                hint="For example, North triad or Triad 1")
    schools = IdChoices("Schools", description="Choose 3 or 4 schools from this cohort.")
    coach = IdRadio("Coach school", "Choose the coach school",
                    description="One of the schools you chose above: the school with stronger SEND "
                    "practice that coaches the others.")
    version = VersionField()
    submit = submit("Save triad")

    def validate_name(self, field) -> None:
        # InputRequired reads the raw text, so a name of spaces would pass it and be stripped empty.
        if not field.data:
            raise ValidationError("Enter a name for the triad")

    def validate_schools(self, field) -> None:
        if not field.data:
            raise ValidationError("Select 3 or 4 schools for a triad")


class MeetingForm(Form):
    held_on = date_field("Date of the meeting")
    host_school = select("Host school", [], None)
    attendees = IdChoices("People who attended", description="Leave blank while you are planning.")
    guests = long_text("Guests", 1000, "Anyone else who took part, with their role, for example "
                       "an educational psychologist. " + PERSONAL_DATA_HINT)
    agenda = long_text("Agenda")
    notes = long_text("Notes")
    agreed_actions = long_text("Agreed actions")
    follow_ups = long_text("Follow-ups")
    recorded = RadioField(
        "Has the meeting taken place?",
        choices=[SelectChoice("no", "No, we are planning it"),
                 SelectChoice("yes", "Yes, record it as held")],
        validators=[InputRequired(message="Select whether the meeting has taken place")],
        widget=GovRadioInput(),
        validate_choice=False,
    )
    version = VersionField()
    submit = submit("Save meeting")

    def validate_host_school(self, field) -> None:
        if field.data and field.data not in {c.value for c in field.choices}:
            raise ValidationError("Choose the host from the triad's schools")

    def validate_recorded(self, field) -> None:
        if field.data not in ("yes", "no"):
            raise ValidationError("Select whether the meeting has taken place")

    @property
    def host_school_id(self) -> int | None:
        return int(self.host_school.data) if self.host_school.data else None


class ConfirmForm(Form):
    """A bare form for a confirmation button, for CSRF."""
