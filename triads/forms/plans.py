"""Action-plan forms. Each field refuses what it did not offer; triads.interfaces.plans checks the
rest."""

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovRadioInput
from wtforms import RadioField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from app.forms import PERSONAL_DATA_HINT, Form, VersionField, date_field, long_text, select, submit, text
from triads.interfaces.plans import action_dates_problem
from triads.types import ActionStatus, CriterionOutcome, SignOff

MAX_CRITERIA = 6


class StartPlanForm(Form):
    priorities = SelectMultipleField("Priorities to start with", choices=[],
                                     widget=GovCheckboxesInput(), validate_choice=False)
    submit = submit("Start the action plan")


class PriorityForm(Form):
    area = select("Area", [], "Choose one of the eight areas")
    title = text("Priority", max_length=200, required="Enter the priority",
                 hint="What the school will improve, in a sentence.")
    intended_outcome = long_text("Intended outcome", 2000, "What will be different for pupils with SEND?")
    criteria = long_text("Success criteria", 2000,
                         "How we will know. One criterion per line, up to 6.",
                         required="Enter at least one success criterion")
    version = VersionField()
    submit = submit("Save priority")

    def validate_criteria(self, field):
        if len(self.criteria_list()) > MAX_CRITERIA:
            raise ValidationError(f"Enter at most {MAX_CRITERIA} success criteria, one per line")
        if any(len(line) > 300 for line in self.criteria_list()):
            raise ValidationError("Each success criterion must be 300 characters or fewer")

    def criteria_list(self) -> list[str]:
        return [line.strip() for line in (self.criteria.data or "").splitlines() if line.strip()]


class ActionForm(Form):
    description = long_text("Action", 1000, PERSONAL_DATA_HINT, required="Describe the action")
    owner = select("Owner", [], None, description="One of the school's own people.")
    starts_on = date_field("Start date")
    due_on = date_field("Due date")
    resources = long_text("Resources and cost", 1000, "For example: two half-days of TA training, £400.")
    status = select("Status", [SelectChoice(s.name, s.label) for s in ActionStatus], None)
    version = VersionField()
    submit = submit("Save action")

    def validate_status(self, field):
        if field.data not in ActionStatus.__members__:
            raise ValidationError("Choose a status")

    def validate_due_on(self, field):
        # With the other fields' errors, not after them (the interface checks it again).
        problem = None if field.errors or self.starts_on.errors else action_dates_problem(
            self.starts_on.data, field.data)
        if problem:
            raise ValidationError(problem)


class ProgressForm(Form):
    status = RadioField("Where is this action now?",
                        choices=[SelectChoice(s.name, s.label) for s in ActionStatus],
                        validators=[InputRequired(message="Choose where the action is now")],
                        widget=GovRadioInput())
    body = long_text("Progress note", 2000, PERSONAL_DATA_HINT, required="Enter a progress note")
    submit = submit("Add progress note")

    def validate_status(self, field):
        if field.data not in ActionStatus.__members__:
            raise ValidationError("Choose where the action is now")


class CoachCommentForm(Form):
    body = long_text("Comment on this priority", 2000, PERSONAL_DATA_HINT, required="Enter your comment")
    submit = submit("Add comment")


class ResolveForm(Form):
    response = long_text("How the school responded", 2000, "",
                         required="Say how you responded to the comment")
    submit = submit("Mark as resolved")


class CriterionReviewForm(Form):
    outcome = RadioField("Was it met?", choices=[SelectChoice(o.name, o.label) for o in CriterionOutcome],
                         validators=[InputRequired(message="Choose whether the criterion was met")],
                         widget=GovRadioInput())
    impact = long_text("Impact", 2000, "What changed, and the evidence for it. " + PERSONAL_DATA_HINT,
                       required="Describe the impact")
    version = VersionField()
    submit = submit("Save review")

    def validate_outcome(self, field):
        if field.data not in CriterionOutcome.__members__:
            raise ValidationError("Choose whether the criterion was met")


class SignOffForm(Form):
    """The SENCO signs off for the headteacher, under the cohort's rule, naming them."""

    headteacher = text("Headteacher's full name", max_length=120,
                       required="Enter the name of the headteacher who agreed the plan",
                       hint="The headteacher who read and agreed this plan. Their name is kept in "
                            "the plan's history.")
    version = VersionField()
    submit = submit("Sign off the plan")


class SignOffRuleForm(Form):
    rule = RadioField("Who signs off a school's action plan when the school has no headteacher account?",
                      choices=[SelectChoice(r.name, r.label) for r in SignOff],
                      validators=[InputRequired(message="Choose who signs off")],
                      widget=GovRadioInput())
    version = VersionField()
    submit = submit("Save")

    def validate_rule(self, field):
        if field.data not in SignOff.__members__:
            raise ValidationError("Choose who signs off")
