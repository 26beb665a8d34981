"""Forms for the celebration of learning. Choices are set per request; each field refuses what it
did not offer, and triads.interfaces.celebrations checks the rest."""

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from app.forms import PERSONAL_DATA_HINT, Form, VersionField, date_field, long_text, select, submit, text
from triads.forms.fields import IdChoices
from triads.types import CelebrationFormat, ChangeKind

SUMMARY_MAX = 6000


class EventForm(Form):
    held_on = date_field("Date of the celebration", required="Enter the date of the celebration")
    format = RadioField("Is the celebration in person or online?",
                        choices=[SelectChoice(f.name, f.label) for f in CelebrationFormat],
                        validate_choice=False, widget=GovRadioInput(), default="")
    venue = long_text("Venue or joining note", 500,
                      "Where it takes place, or how to join online. " + PERSONAL_DATA_HINT)
    version = VersionField()
    submit = submit("Save the celebration")

    def validate_format(self, field) -> None:
        if not field.data:
            raise ValidationError("Choose whether the celebration is in person or online")
        if field.data not in CelebrationFormat.__members__:
            raise ValidationError("Choose in person or online")

    @property
    def format_value(self) -> CelebrationFormat | None:
        return CelebrationFormat[self.format.data] if self.format.data in CelebrationFormat.__members__ else None


class SummaryForm(Form):
    summary = long_text("Introduction", SUMMARY_MAX,
                        "The opening of the report: what the cohort did this year and what it "
                        "learned. " + PERSONAL_DATA_HINT, required="Enter the introduction")
    version = VersionField()
    submit = submit("Save the introduction")


class WithdrawForm(Form):
    reason = long_text("Why are you withdrawing the report?", 1000,
                       "Schools see only their own triad's part until you publish it again. "
                       + PERSONAL_DATA_HINT, required="Enter why you are withdrawing the report")
    version = VersionField()
    submit = submit("Withdraw the report")


class ContributionForm(Form):
    representative = text("Representative", max_length=200,
                          hint="The name and role of the person who presents for the triad, for "
                               "example Priya Shah, SENCO.")
    representative_school = select("Representative's school", [], None)
    key_learnings = long_text("Key learnings", required="Enter the triad's key learnings")
    evidence_of_impact = long_text("Evidence of impact",
                                   hint="What has changed and how you know. " + PERSONAL_DATA_HINT)
    next_steps = long_text("Next steps for next year")
    version = VersionField()
    submit = submit("Save the triad's contribution")

    def validate_representative_school(self, field) -> None:
        if field.data and field.data not in {c.value for c in field.choices}:
            raise ValidationError("Choose one of the triad's schools")

    @property
    def school_id(self) -> int | None:
        return int(self.representative_school.data) if self.representative_school.data else None


class StoryForm(Form):
    title = text("Title", max_length=200, required="Enter a title for the story",
                 hint="For example, A TA training programme for every class.")
    story = long_text("The story", required="Enter the story",
                      hint="What changed, for whom, and what made the difference. " + PERSONAL_DATA_HINT)
    areas = IdChoices("Areas", description="The areas of the eight that the story is about.")
    kinds = IdChoices("Kinds of change")
    version = VersionField()
    submit = submit("Save the story")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds.choices = [SelectChoice(k.name, k.label) for k in ChangeKind]

    def validate_areas(self, field) -> None:
        if not field.data:
            raise ValidationError("Choose at least one area the story is about")

    def validate_kinds(self, field) -> None:
        if not field.data:
            raise ValidationError("Choose at least one kind of change")

    @staticmethod
    def values(field) -> list[str]:
        return list(dict.fromkeys(field.data or []))
