"""Forms for QA visits. Choices are set per request; each field refuses what it did not offer."""

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from app.forms import PERSONAL_DATA_HINT, Form, VersionField, date_field, long_text, select, submit
from triads.forms import arrangements
from triads.forms.fields import IdChoices
from triads.interfaces.arrangements import in_year, today
from triads.interfaces.visits import MAX_NEXT_STEPS
from triads.types import Rigour

MAX_STEP = 500
VISIT_PLACE = "For example, the school's main office. Leave blank for the school itself."


class AssurersForm(Form):
    assurers = IdChoices("Quality assurers", description="Choose who may schedule and record QA "
                         "visits for this cohort.")
    submit = submit("Save quality assurers")


class ScheduleForm(arrangements.ArrangedForm):
    day_field, occasion = "planned_on", "visit"

    target = select("School or triad to visit", [], "Choose a school or a triad to visit")
    assurer = select("Quality assurer", [], None)
    planned_on = date_field("Date of the visit", required="Enter the date of the visit")
    start_time = arrangements.start_time()
    end_time = arrangements.end_time()
    place = arrangements.place(VISIT_PLACE)
    online_link = arrangements.online_link()
    submit = submit("Schedule visit")

    def validate_target(self, field) -> None:
        if field.data not in {c.value for c in field.choices if c.value}:
            raise ValidationError("Choose a school or a triad from the list")

    def validate_assurer(self, field) -> None:
        if field.data and field.data not in {c.value for c in field.choices}:
            raise ValidationError("Choose a quality assurer from the list")


class RearrangeForm(arrangements.ArrangedForm):
    """A scheduled visit's date, times and place."""

    day_field, occasion = "planned_on", "visit"

    planned_on = date_field("Date of the visit", required="Enter the date of the visit")
    start_time = arrangements.start_time()
    end_time = arrangements.end_time()
    place = arrangements.place(VISIT_PLACE)
    online_link = arrangements.online_link()
    version = VersionField()
    submit = submit("Save and send the update")


class AreaChoices(IdChoices):
    @property
    def values(self) -> list[str]:
        return list(dict.fromkeys(self.data or []))


class RecordForm(Form):
    held_on = date_field("Date of the visit", required="Enter the date the visit took place")
    headteacher_present = RadioField(
        "Was the headteacher present?",
        choices=[SelectChoice("yes", "Yes"), SelectChoice("no", "No")],
        validate_choice=False, widget=GovRadioInput(), default="")
    attendees = long_text("Who attended", 1000, "Names and roles of the adults who took part. "
                          + PERSONAL_DATA_HINT)
    focus_areas = AreaChoices("Focus areas", description="The areas of the eight the visit looked at.")
    evidence_seen = long_text("Evidence seen")
    working_well = long_text("What is working well")
    needs_to_change = long_text("What needs to change")
    challenge = long_text("Challenge given")
    reassurance = long_text("Reassurance given")
    rigour = RadioField("How rigorous is the school's peer-review process?",
                        choices=[SelectChoice(r.name, r.label) for r in Rigour],
                        validate_choice=False, widget=GovRadioInput(), default="")
    rigour_reason = long_text("Reason for the judgement")
    next_steps = long_text("Agreed next steps", 4000,
                           "One next step per line, up to 10. The school can add each to its action "
                           "plan. " + PERSONAL_DATA_HINT)
    version = VersionField()
    submit = submit("Save draft report")

    def validate_headteacher_present(self, field) -> None:
        if field.data not in ("", None, "yes", "no"):
            raise ValidationError("Choose yes or no")

    def validate_rigour(self, field) -> None:
        if field.data and field.data not in Rigour.__members__:
            raise ValidationError("Choose a judgement from the scale")

    cohort = None  # set by the route, so the date's year is checked with the rest

    def validate_held_on(self, field) -> None:
        if field.data is not None and field.data > today():
            raise ValidationError("The date of the visit must be today or in the past")
        if self.cohort is not None:
            for message in in_year(self.cohort, field.data, field.name, "The date of the visit").values():
                raise ValidationError(message)

    def validate_next_steps(self, field) -> None:
        if any(len(line) > MAX_STEP for line in self.steps()):
            raise ValidationError(f"Each next step must be {MAX_STEP} characters or fewer")
        if len(self.steps()) > MAX_NEXT_STEPS:
            raise ValidationError(f"Enter at most {MAX_NEXT_STEPS} next steps, one per line")

    def steps(self) -> list[str]:
        return list(dict.fromkeys(
            line.strip() for line in (self.next_steps.data or "").splitlines() if line.strip()))

    @property
    def present(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.headteacher_present.data or "")

    @property
    def rigour_value(self) -> Rigour | None:
        return Rigour[self.rigour.data] if self.rigour.data else None


class CommentForm(Form):
    body = long_text("Your comment on the draft report", 2000, PERSONAL_DATA_HINT,
                     required="Enter your comment")
    submit = submit("Add comment")


class ResponseForm(Form):
    response = long_text("The school's response", 4000, PERSONAL_DATA_HINT,
                         required="Enter the school's response")
    version = VersionField()
    submit = submit("Save response")


class StepForm(Form):
    priority = select("Priority", [], None)

    def validate_priority(self, field) -> None:
        if field.data and field.data not in {c.value for c in field.choices}:
            raise ValidationError("Choose a priority from the plan")
