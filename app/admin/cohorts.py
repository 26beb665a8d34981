"""The LA lead's cohorts: one per academic year, its schools, and next year's copy."""

from flask import flash, redirect, render_template, request, url_for
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovRadioInput
from wtforms import RadioField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from app import features
from app.admin import bp
from app.auth import scope
from app.auth.decorators import la_role_required
from app.forms import Form, VersionField, render_form, save, submit, text
from app.interfaces import cohorts as cohort_data
from app.interfaces import schools as school_data
from app.interfaces.errors import Invalid
from app.kept_pages import kept
from app.models import Role, School, academic_year_label, current_academic_year
from app.tenancy import current_la

FIND_HINT = ("To find a school by name, use your browser's Find (Ctrl+F, or Cmd+F on a Mac). "
             "Schools are listed alphabetically.")


# --- forms -------------------------------------------------------------------------------------


def year_choices() -> list[SelectChoice]:
    """The year before the current academic year to two years ahead."""
    now = current_academic_year()
    return [SelectChoice(str(year), academic_year_label(year)) for year in range(now - 1, now + 3)]


def school_choices(schools: list[School]) -> list[SelectChoice]:
    return [SelectChoice(str(s.id), f"{s.name} ({s.urn})") for s in schools]


class SchoolsField(SelectMultipleField):
    """GOV.UK checkboxes of school ids. Anything not offered is refused with our own wording."""

    widget = GovCheckboxesInput()

    def __init__(self, label: str, required: str | None = None, **kwargs):
        super().__init__(label, choices=[], validate_choice=False, **kwargs)
        self.required = required

    def pre_validate(self, form) -> None:
        offered = {c.value for c in self.choices}
        if not self.data:
            if self.required:
                raise ValidationError(self.required)
            return
        if any(value not in offered for value in self.data):
            raise ValidationError("Select schools from the list")

    @property
    def ids(self) -> list[int]:
        return [int(value) for value in dict.fromkeys(self.data or [])]


class NewCohortForm(Form):
    start_year = RadioField("Academic year", choices=[], widget=GovRadioInput(), validate_choice=False,
                            validators=[InputRequired(message="Select the academic year")])
    name = text("Name", max_length=120, hint="Leave blank to call it ‘Peer review’ and the year, "
                "for example Peer review 2026/27")
    schools = SchoolsField("Schools", required="Select at least one school", description=FIND_HINT)
    submit = submit("Create cohort")

    def validate_start_year(self, field) -> None:
        if field.data not in {c.value for c in field.choices}:
            raise ValidationError("Select the academic year")


class EditCohortForm(Form):
    name = text("Name", max_length=120, required="Enter a name for the cohort")
    schools = SchoolsField("Schools", required="Select at least one school", description=FIND_HINT)
    version = VersionField()
    submit = submit("Save cohort")

    def validate_name(self, field) -> None:
        # InputRequired reads the raw text, so a name of spaces would pass it and be stripped empty.
        if not field.data:
            raise ValidationError("Enter a name for the cohort")


class CopyCohortForm(Form):
    name = text("Name", max_length=120, hint="Leave blank to call it ‘Peer review’ and the year")
    new_schools = SchoolsField("Schools joining next year (optional)", description=FIND_HINT)
    submit = submit("Copy cohort")


# --- routes ------------------------------------------------------------------------------------


def _chosen(schools: list[School], ids: list[int]) -> list[School]:
    """The schools with these ids, from the LA's list the form offered (so never another LA's)."""
    by_id = {s.id: s for s in schools}
    return [by_id[school_id] for school_id in ids]


@bp.get("/la/<la_slug>/cohorts")
@la_role_required(Role.LA_LEAD, Role.QUALITY_ASSURER)
@kept
def cohorts():
    schools = cohort_data.school_counts(current_la)
    triads = features.triads().triad_counts(current_la)
    rows = [(cohort, schools.get(cohort.id, 0), triads.get(cohort.id, 0))
            for cohort in scope.readable_cohorts(cohort_data.list_cohorts(current_la))]
    return render_template("admin/cohorts.html", rows=rows)


@bp.route("/la/<la_slug>/cohorts/new", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def new_cohort():
    form = NewCohortForm()
    form.start_year.choices = year_choices()
    all_schools = school_data.list_schools(current_la)
    form.schools.choices = school_choices(all_schools)
    taken = {c.start_year for c in cohort_data.list_cohorts(current_la)}
    if form.validate_on_submit() and save(form, lambda: cohort_data.create_cohort(
        current_la, int(form.start_year.data), _chosen(all_schools, form.schools.ids), form.name.data or None,
    )):
        cohort = form.saved
        flash(f"The {cohort.academic_year} cohort has been created with {len(cohort.members)} "
              f"school{'s' if len(cohort.members) != 1 else ''}.")
        return redirect(url_for("admin.cohort", cohort_id=cohort.id))
    return render_form("admin/cohort_new.html", form, taken=taken)


@bp.get("/la/<la_slug>/cohorts/<int:cohort_id>")
@la_role_required(Role.LA_LEAD, Role.QUALITY_ASSURER)
@kept
def cohort(cohort_id: int):
    cohort = scope.load_cohort(cohort_id)  # a quality assurer's: only their cohorts (404)
    triads = features.triads().list_triads(current_la, cohort)
    triad_of = {sid: t for t in triads for sid in t.school_ids}
    schools = cohort_data.cohort_schools(cohort)
    return render_template(
        "admin/cohort.html", cohort=cohort, schools=schools, triads=triads, triad_of=triad_of,
        names={s.id: s.name for s in schools},
        next_cohort=cohort_data.cohort_for_year(current_la, cohort.start_year + 1),
    )


@bp.route("/la/<la_slug>/cohorts/<int:cohort_id>/edit", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def edit_cohort(cohort_id: int):
    cohort = cohort_data.get_cohort(current_la, cohort_id)
    form = EditCohortForm(obj=cohort) if request.method == "GET" else EditCohortForm()
    all_schools = school_data.list_schools(current_la)
    form.schools.choices = school_choices(all_schools)
    if request.method == "GET":
        form.schools.data = [str(m.school_id) for m in cohort.members]
    page = {"cohort": cohort, "in_triads": features.triads().triad_names_by_school(cohort)}
    if form.validate_on_submit() and save(form, lambda: cohort_data.update_cohort(
        current_la, cohort, form.name.data, _chosen(all_schools, form.schools.ids), form.version.data,
    ), record=cohort):
        flash(f"The {cohort.academic_year} cohort has been saved.")
        return redirect(url_for("admin.cohort", cohort_id=cohort.id))
    if form.conflict:
        page["current"] = cohort_data.cohort_schools(cohort)
    return render_form("admin/cohort_form.html", form, **page)


@bp.route("/la/<la_slug>/cohorts/<int:cohort_id>/copy", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def copy_cohort(cohort_id: int):
    source = cohort_data.get_cohort(current_la, cohort_id)
    existing = cohort_data.cohort_for_year(current_la, source.start_year + 1)
    triads = features.triads().list_triads(current_la, source)
    form = CopyCohortForm()
    in_source = {m.school_id for m in source.members}
    joining = [s for s in school_data.list_schools(current_la) if s.id not in in_source]
    form.new_schools.choices = school_choices(joining)
    page = {"source": source, "existing": existing, "triads": triads,
            "next_year": academic_year_label(source.start_year + 1)}
    if existing is not None:
        # Refused, not an error in the form: next year's cohort is already there to change instead.
        return render_template("admin/cohort_copy.html", form=form, **page), (
            409 if request.method == "POST" else 200)
    if form.validate_on_submit():
        try:
            cohort = cohort_data.copy_cohort(current_la, source, _chosen(joining, form.new_schools.ids),
                                             form.name.data or None)
        except Invalid:
            # Only a cohort for next year created since this page was opened can get here.
            page["existing"] = cohort_data.cohort_for_year(current_la, source.start_year + 1)
            return render_template("admin/cohort_copy.html", form=form, **page), 409
        else:
            copied = features.triads().copy_triads(current_la, source, cohort)
            flash(f"The {cohort.academic_year} cohort has been created with {len(cohort.members)} "
                  f"schools and {len(copied)} triad{'s' if len(copied) != 1 else ''} kept from "
                  f"{source.academic_year}.")
            return redirect(url_for("admin.cohort", cohort_id=cohort.id))
    return render_form("admin/cohort_copy.html", form, **page)
