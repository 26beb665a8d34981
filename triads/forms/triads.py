"""The triad form. Its choices are set per request from the cohort. The rules between fields that
need no database (3 or 4 schools, the coach among them) are checked with the fields, so that two
schools and no coach shows both errors at once; triads.interfaces checks the rest (and these again)."""

from wtforms.validators import ValidationError

from app.forms import Form, VersionField, submit, text
from triads.forms.fields import IdChoices, IdRadio
from triads.interfaces.triads import coach_problem, school_count_problem

# The coach school's choice for a triad whose schools have not yet agreed which of them coaches.
COACH_LATER = "later"


class TriadForm(Form):
    name = text("Triad name", max_length=120, required="Enter a name for the triad",
                hint="For example, North triad or Triad 1")
    schools = IdChoices("Schools", description="Choose 3 or 4 schools from this cohort.")
    coach = IdRadio("Coach school", "Choose the coach school",
                    description="One of the schools you chose above: the school with stronger SEND "
                    "practice that coaches the others. Until it has one, the triad's plans have "
                    "no coach to review them.")
    version = VersionField()
    submit = submit("Save triad")

    def validate_name(self, field) -> None:
        # InputRequired reads the raw text, so a name of spaces would pass it and be stripped empty.
        if not field.data:
            raise ValidationError("Enter a name for the triad")

    @property
    def coach_id(self) -> int | None:
        return None if self.coach.data == COACH_LATER else self.coach.selected_id

    def validate_schools(self, field) -> None:
        if field.errors:  # not from the list: nothing more to say about them
            return
        if not field.data:
            raise ValidationError("Select 3 or 4 schools for a triad")
        if problem := school_count_problem(field.ids):
            raise ValidationError(problem)

    def validate_coach(self, field) -> None:
        if field.errors or self.schools.errors and not self.schools.data:
            return
        try:
            school_ids, coach_id = self.schools.ids, self.coach_id
        except ValueError:  # not ids at all: the fields have said so
            return
        if problem := coach_problem(school_ids, coach_id):
            raise ValidationError(problem)
