"""The cohort's timetable: the LA lead sets the dates of the programme year; every "overdue",
"due soon" and "behind" in the service is judged against them (app.models.cohort)."""

from flask import flash, redirect, request, url_for

from app.admin import bp
from app.auth.decorators import la_role_required
from app.forms import VersionedForm, date_field, render_form, save, submit
from app.interfaces import cohorts as cohort_data
from app.models import Cohort, Milestone, Role
from app.tenancy import current_la


class TimetableForm(VersionedForm):
    submit = submit("Save timetable")


# One GOV.UK date input per milestone, named by the milestone's column (meeting_1_by, ...).
for _milestone in Milestone:
    setattr(TimetableForm, _milestone.value,
            date_field(_milestone.label, required=f"Enter the date for ‘{_milestone.label}’"))


def timetable_form(cohort: Cohort) -> TimetableForm:
    """The form, drawn from the cohort's dates on GET, from what was sent on POST; each date's hint
    names the programme's default, so going back to it is typing it in."""
    form = TimetableForm(version=cohort.version) if request.method == "GET" else TimetableForm()
    dates = cohort.timetable
    for milestone in Milestone:
        field = form[milestone.value]
        default = milestone.default_for(cohort.start_year)
        field.description = f"Programme default: {default.day} {default:%B %Y}. For example, " \
                            f"{default.day} {default.month} {default.year}"
        if request.method == "GET":
            field.data = dates[milestone]
    return form


@bp.route("/la/<la_slug>/cohorts/<int:cohort_id>/timetable", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def timetable(cohort_id: int):
    cohort = cohort_data.get_cohort(current_la, cohort_id)
    form = timetable_form(cohort)
    if form.validate_on_submit() and save(form, lambda: cohort_data.set_timetable(
        current_la, cohort, {m: form[m.value].data for m in Milestone}, form.version.data,
    ), record=cohort):
        changed = form.saved
        flash(f"The {cohort.academic_year} timetable has been saved: "
              + (f"{len(changed)} date{'s' if len(changed) != 1 else ''} changed." if changed
                 else "no dates changed."))
        for warning in cohort_data.timetable_warnings(cohort.timetable.dates):
            flash(f"Check the order: {warning}.")
        return redirect(url_for("admin.cohort", cohort_id=cohort.id))
    in_order = sorted(Milestone, key=lambda m: m.default_for(cohort.start_year))
    return render_form("admin/timetable.html", form, cohort=cohort, milestones=in_order,
                       warnings=cohort_data.timetable_warnings(cohort.timetable.dates))

