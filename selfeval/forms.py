"""Self-evaluation forms. The area and voice forms are built per area from the framework file,
so no statement is ever written into a template."""

from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovFileInput,
    GovRadioInput,
)
from wtforms import RadioField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, ValidationError

from app.forms import PERSONAL_DATA_HINT, Form, VersionField, email, long_text, select, submit, text
from selfeval import framework as fw
from selfeval.models import VoiceKind

EVIDENCE_MAX = 2000
TEXT_MAX = 4000
def scale_choices(scale: fw.Scale, with_unsure: bool = False) -> list[SelectChoice]:
    choices = [SelectChoice(str(level.value), f"{level.value}. {level.label}") for level in scale.levels]
    if with_unsure:
        choices.append(SelectChoice("", "Don't know"))
    return choices


class ScaleRadio(RadioField):
    """A rating on the framework's scale, empty allowed; anything off the scale is refused."""

    widget = GovRadioInput()

    def __init__(self, *args, scale: fw.Scale, **kwargs):
        super().__init__(*args, choices=scale_choices(scale), validate_choice=False,
                         validators=[Optional()], **kwargs)
        self.scale = scale

    def process_formdata(self, valuelist):
        self.data = valuelist[0] if valuelist else None

    def pre_validate(self, form):
        if self.data in (None, ""):
            self.data = None
            return
        try:
            value = int(self.data)
        except (TypeError, ValueError):
            value = None
        if value is None or not self.scale.contains(value):
            self.data = None
            raise ValidationError(
                f"Choose a rating from {self.scale.min} to {self.scale.max} on the scale"
            )
        self.data = str(value)

    @property
    def value(self) -> int | None:
        return int(self.data) if self.data not in (None, "") else None


def rating_field_name(index: int) -> str:
    return f"rating_{index}"


def evidence_field_name(index: int) -> str:
    return f"evidence_{index}"


def area_form_class(area: fw.Area, scale: fw.Scale) -> type[Form]:
    attributes = {}
    for index, statement in enumerate(area.statements, start=1):
        attributes[rating_field_name(index)] = ScaleRadio(statement.text, scale=scale)
        attributes[evidence_field_name(index)] = long_text(
            "Evidence", EVIDENCE_MAX, "What shows this? For example a document, data or a visit."
        )
    attributes["judgement"] = ScaleRadio(f"Overall judgement for {area.title}", scale=scale)
    attributes["rationale"] = long_text("Why this judgement?", EVIDENCE_MAX, PERSONAL_DATA_HINT)
    attributes["strengths"] = long_text("Strengths in this area", TEXT_MAX, PERSONAL_DATA_HINT)
    attributes["development"] = long_text("Areas for development", TEXT_MAX, PERSONAL_DATA_HINT)
    attributes["completed"] = RadioField(
        "Have you completed this area?",
        choices=[SelectChoice("yes", "Yes, I've completed this area"),
                 SelectChoice("no", "No, I'll come back to it later")],
        validators=[InputRequired(message="Select whether you have completed this area")],
        widget=GovRadioInput(),
    )
    attributes["version"] = VersionField()
    attributes["submit"] = submit("Save and return to the task list")
    return type(f"AreaForm_{area.id}", (Form,), attributes)


def voice_form_class(statements: list[fw.Statement], scale: fw.Scale, pupil: bool,
                     ask_name: bool) -> type[Form]:
    attributes = {}
    for index, statement in enumerate(statements, start=1):
        label = statement.pupil_text if pupil and statement.pupil_text else statement.text
        attributes[rating_field_name(index)] = ScaleRadio(label, scale=scale)
        attributes[evidence_field_name(index)] = long_text(
            "Anything you want to add (optional)", EVIDENCE_MAX, PERSONAL_DATA_HINT
        )
    if ask_name:
        attributes["respondent_name"] = text("Your name (optional)", max_length=120)
    attributes["submit"] = submit("Send my views")
    return type("VoiceForm", (Form,), attributes)


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

    def validate_kind(self, field):
        if field.data not in VoiceKind.__members__:
            raise ValidationError("Select whose views you want")

    def validate_areas(self, field):
        allowed = {c.value for c in self.areas.choices}
        if not field.data:
            raise ValidationError("Select at least one area")
        if any(a not in allowed for a in field.data):
            raise ValidationError("Select areas from the list")


class EvidenceUploadForm(Form):
    file = FileField("Upload a file of evidence", validators=[FileRequired(message="Select a file")],
                     widget=GovFileInput(),
                     description="PDF, Word, Excel, PowerPoint, image or text; up to 5 MB. "
                     + PERSONAL_DATA_HINT)
    statement = select("Which statement does it support?", [], None)
    submit = submit("Upload evidence")


class CommentForm(Form):
    body = long_text("Your comment", TEXT_MAX, PERSONAL_DATA_HINT, required="Enter your comment")
    submit = submit("Add comment")


class ReopenForm(Form):
    reason = long_text("Why does it need reopening?", EVIDENCE_MAX,
                       "The school will see this reason.", required="Enter the reason for reopening")
    version = VersionField()
    submit = submit("Reopen self-evaluation")


class SubmitForm(Form):
    version = VersionField()
    submit = submit("Submit self-evaluation")


class SummaryForm(Form):
    strengths = SelectMultipleField("Strengths to share", choices=[], widget=GovCheckboxesInput(),
                                    validate_choice=False)
    development = SelectMultipleField("Areas for development", choices=[],
                                      widget=GovCheckboxesInput(), validate_choice=False)
    version = VersionField()
    submit = submit("Confirm strengths and areas for development")

    def validate_development(self, field):
        overlap = set(field.data or []) & set(self.strengths.data or [])
        if overlap:
            raise ValidationError("A statement cannot be both a strength and an area for development")


class FrameworkUploadForm(Form):
    file = FileField(
        "Upload a framework file",
        validators=[FileRequired(message="Select a framework file")],
        widget=GovFileInput(),
        description="A YAML file in the same layout as the framework that ships with the service. "
        "Up to 1 MB.",
    )
    submit = submit("Check and load framework")

