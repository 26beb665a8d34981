"""Answering an area, confirming the summary's lists, reopening, and commenting on an area."""

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovRadioInput
from wtforms import RadioField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from app.forms import PERSONAL_DATA_HINT, Form, VersionedForm, long_text, show_errors, submit
from selfeval import framework as fw
from selfeval.forms.ratings import EVIDENCE_MAX, TEXT_MAX, ScaleRadio, evidence_field_name, rating_field_name
from selfeval.interfaces import AreaAnswers

CANDIDATES = 10  # the summary offers the highest and lowest ten (and anything chosen), not every statement


class AreaForm(VersionedForm):
    """One area's answers; `area_form_class` adds a rating and an evidence note per statement."""

    area: fw.Area

    def fill(self, response) -> None:
        """Show the saved answers (`response` is the area's saved answers, or None)."""
        for index, statement in enumerate(self.area.statements, start=1):
            saved = response.rating_for(statement.id) if response else None
            self[rating_field_name(index)].data = str(saved.rating) if saved and saved.rating else None
            self[evidence_field_name(index)].data = saved.evidence if saved else ""
        if response is not None:
            self.judgement.data = str(response.judgement) if response.judgement else None
            self.rationale.data = response.rationale
            self.strengths.data = response.strengths
            self.development.data = response.development
            self.completed.data = "yes" if response.completed else None
            self.version.data = response.version
        else:
            self.version.data = 0

    def answers(self) -> AreaAnswers:
        ratings = {
            statement.id: (self[rating_field_name(index)].value, self[evidence_field_name(index)].data or "")
            for index, statement in enumerate(self.area.statements, start=1)
        }
        return AreaAnswers(
            ratings=ratings, judgement=self.judgement.value, rationale=self.rationale.data or "",
            strengths=self.strengths.data or "", development=self.development.data or "",
            completed=self.completed.data == "yes",
        )

    def show_problems(self, problems: dict[str, str]) -> None:
        """Put interfaces.area_problems' messages at their fields (a statement's at its rating)."""
        numbers = {s.id: index for index, s in enumerate(self.area.statements, start=1)}
        show_errors(self, {
            rating_field_name(numbers[key.removeprefix("rating-")]) if key.startswith("rating-") else key: message
            for key, message in problems.items()
        })


def area_form_class(area: fw.Area, scale: fw.Scale) -> type[AreaForm]:
    attributes = {"area": area}
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
    attributes["submit"] = submit("Save and return to the task list")
    return type(f"AreaForm_{area.id}", (AreaForm,), attributes)


class CommentForm(Form):
    body = long_text("Your comment", TEXT_MAX, PERSONAL_DATA_HINT, required="Enter your comment")
    submit = submit("Add comment")


class ReopenForm(VersionedForm):
    reason = long_text("Why does it need reopening?", EVIDENCE_MAX,
                       "The school will see this reason.", required="Enter the reason for reopening")
    submit = submit("Reopen self-evaluation")


class SummaryForm(VersionedForm):
    strengths = SelectMultipleField("Strengths to share", choices=[], widget=GovCheckboxesInput(),
                                    validate_choice=False)
    development = SelectMultipleField("Areas for development", choices=[],
                                      widget=GovCheckboxesInput(), validate_choice=False)
    submit = submit("Confirm strengths and areas for development")

    # The rated statements by id, for the page to name them.
    statements: dict[str, fw.Statement]

    def offer(self, variant: fw.Variant, scale: fw.Scale, ratings: fw.Ratings, evaluation,
              suggested: tuple[list[str], list[str]]) -> None:
        """Offer the highest rated statements as strengths and the lowest as areas for development,
        with whatever is already confirmed or suggested; show the confirmed (else suggested) lists
        when the page is first drawn."""
        rated = [s for a in variant.areas for s in a.statements if ratings.get(s.id)]
        ranked = [sid for sid, _ in fw.rank_statements({s.id: ratings[s.id] for s in rated})]
        self.statements = {s.id: s for s in rated}

        def choices(candidates):
            return [SelectChoice(sid, f"{self.statements[sid].text} ({scale.label(ratings[sid])})")
                    for sid in dict.fromkeys(candidates) if sid in self.statements]

        suggested_strengths, suggested_development = suggested
        self.strengths.choices = choices(
            [*ranked[:CANDIDATES], *evaluation.confirmed_strengths, *suggested_strengths])
        self.development.choices = choices(
            [*reversed(ranked[-CANDIDATES:]), *evaluation.confirmed_development, *suggested_development])
        if not self.is_submitted():
            self.strengths.data = evaluation.confirmed_strengths or suggested_strengths
            self.development.data = evaluation.confirmed_development or suggested_development
            self.version.data = evaluation.version

    def validate_development(self, field):
        overlap = set(field.data or []) & set(self.strengths.data or [])
        if overlap:
            raise ValidationError("A statement cannot be both a strength and an area for development")
