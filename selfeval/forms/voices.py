"""Asking for other voices, and the form a colleague, parent or pupil answers through a link."""

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovRadioInput
from wtforms import RadioField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from app.forms import PERSONAL_DATA_HINT, Form, email, long_text, submit, text
from selfeval import framework as fw
from selfeval.forms.ratings import EVIDENCE_MAX, ScaleRadio, evidence_field_name, rating_field_name
from selfeval.types import VoiceKind


class VoiceForm(Form):
    """One person's views; `voice_form_class` adds a rating and a comment per statement."""

    statements: tuple[fw.Statement, ...] = ()

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.statements and all(rating is None for rating, _ in self.ratings().values()):
            self[rating_field_name(1)].errors.append("Rate at least one statement before you send")
            return False
        return True

    def ratings(self) -> dict[str, tuple[int | None, str]]:
        return {
            s.id: (self[rating_field_name(i)].value, self[evidence_field_name(i)].data or "")
            for i, s in enumerate(self.statements, start=1)
        }

    @property
    def name_given(self) -> str | None:
        return self.respondent_name.data if "respondent_name" in self else None


def voice_form_class(statements: list[fw.Statement], scale: fw.Scale, pupil: bool,
                     ask_name: bool) -> type[VoiceForm]:
    attributes = {"statements": tuple(statements)}
    for index, statement in enumerate(statements, start=1):
        label = statement.pupil_text if pupil and statement.pupil_text else statement.text
        attributes[rating_field_name(index)] = ScaleRadio(label, scale=scale)
        attributes[evidence_field_name(index)] = long_text(
            "Anything you want to add (optional)", EVIDENCE_MAX, PERSONAL_DATA_HINT
        )
    if ask_name:
        attributes["respondent_name"] = text("Your name (optional)", max_length=120)
    attributes["submit"] = submit("Send my views")
    return type("VoiceForm", (VoiceForm,), attributes)


class VoiceInvitationForm(Form):
    kind = RadioField(
        "Whose views do you want?",
        choices=[SelectChoice(k.name, k.label) for k in VoiceKind],
        validators=[InputRequired(message="Select whose views you want")],
        widget=GovRadioInput(),
    )
    areas = SelectMultipleField("Which areas should they give views on?", choices=[],
                                widget=GovCheckboxesInput(), validate_choice=False)
    email = email("Email address (optional)", None)
    name = text("Their name (optional)", max_length=120,
                hint="Leave blank for parents and pupils: their answers are anonymous.")
    submit = submit("Create invitation")

    def __init__(self, *args, area_choices: list[SelectChoice], **kwargs):
        super().__init__(*args, **kwargs)
        self.areas.choices = area_choices

    @property
    def voice_kind(self) -> VoiceKind:
        return VoiceKind[self.kind.data]

    def validate_kind(self, field):
        if field.data not in VoiceKind.__members__:
            raise ValidationError("Select whose views you want")

    def validate_areas(self, field):
        allowed = {c.value for c in self.areas.choices}
        if not field.data:
            raise ValidationError("Select at least one area")
        if any(a not in allowed for a in field.data):
            raise ValidationError("Select areas from the list")
