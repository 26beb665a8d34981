"""The lead's choice of which cohorts a quality assurer reads: those assigned to them (the
default), or every cohort of the LA. The rule itself is app/auth/permissions.py `cohort_scope`."""

from flask import flash, redirect, request, url_for

from app.admin import bp
from app.admin.forms import AssurerCohortsForm
from app.auth.decorators import la_role_required
from app.forms import render_form, save
from app.interfaces import users
from app.models import Role
from app.tenancy import current_la


@bp.route("/la/<la_slug>/people/assurers/<int:assurer_role_id>/cohorts", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def assurer_cohorts(assurer_role_id: int):
    assignment = users.get_assurer_role(current_la, assurer_role_id)
    person = users.get_person(current_la, assignment.user_id)
    form = AssurerCohortsForm()
    if request.method == "GET":
        form.cohorts.data = "whole_la" if assignment.whole_la else "assigned"
        form.version.data = assignment.version
    if form.validate_on_submit() and save(
        form, lambda: users.set_assurer_whole_la(current_la, person, assignment, form.cohorts.data == "whole_la",
                                                 form.version.data),
        record=assignment,
    ):
        flash(f"{person.name} now reads " + ("every cohort of the local authority." if assignment.whole_la
                                             else "only the cohorts they are assigned to."))
        return redirect(url_for("admin.person", user_id=person.id))
    return render_form("admin/assurer_cohorts.html", form, person=person, assignment=assignment)
