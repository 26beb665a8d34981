"""The meeting form. Its choices are set per request from the triad; triads.interfaces checks the
rules between fields."""

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from app.forms import PERSONAL_DATA_HINT, VersionField, date_field, long_text, select, submit
from triads.forms import arrangements
from triads.forms.fields import IdChoices
from triads.interfaces.arrangements import today


class MeetingForm(arrangements.ArrangedForm):
    held_on = date_field("Date of the meeting")
    start_time = arrangements.start_time()
    end_time = arrangements.end_time()
    place = arrangements.place("For example, the host school's library. Leave blank to use the host school.")
    online_link = arrangements.online_link()
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

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.recorded.data == "yes" and self.held_on.data is None:
            return self.add_errors({"held_on": "Enter the date the meeting was held"}) and valid
        if self.recorded.data == "yes" and self.held_on.data > today():
            return self.add_errors({"held_on": "A meeting can only be recorded as held on or before today"}) and valid
        return valid

    def validate_host_school(self, field) -> None:
        if field.data and field.data not in {c.value for c in field.choices}:
            raise ValidationError("Choose the host from the triad's schools")

    def validate_recorded(self, field) -> None:
        if field.data not in ("yes", "no"):
            raise ValidationError("Select whether the meeting has taken place")

    @property
    def host_school_id(self) -> int | None:
        return int(self.host_school.data) if self.host_school.data else None
