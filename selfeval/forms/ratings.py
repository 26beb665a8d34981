"""A rating on the framework's scale, shared by the area form and the form for other voices."""

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional, ValidationError

from selfeval import framework as fw

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
