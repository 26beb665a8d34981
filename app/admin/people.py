from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.exceptions import NotFound

from app.admin import bp, csv_files, people_import
from app.admin.forms import InvitationForm, PeopleImportForm, RoleForm, school_choices
from app.auth.decorators import la_role_required
from app.auth.emails import send_invitation
from app.auth.principal import signed_in_user
from app.exports import csv_response
from app.forms import ConfirmForm, render_form, save
from app.interfaces import invitations, users
from app.interfaces import schools as school_data
from app.models import Role, User
from app.tenancy import current_la


def _chosen_school(form):
    """The school picked in the form, only if it is one of this LA's (form tampering -> error)."""
    role = Role[form.role.data]
    if role.scope != "school":
        return None, True
    try:
        return school_data.get_school(current_la, int(form.school.data)), True
    except (ValueError, TypeError, NotFound):
        form.school.errors = ["Select one of this local authority's schools"]
        return None, False


@bp.get("/la/<la_slug>/people")
@la_role_required(Role.LA_LEAD)
def people():
    return render_template(
        "admin/people.html",
        people=[(p, users.roles_in_la(p, current_la)) for p in users.list_people(current_la)],
        invitations=invitations.list_open_invitations(current_la),
    )


@bp.route("/la/<la_slug>/people/invite", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def invite():
    form = InvitationForm()
    form.school.choices = school_choices(school_data.list_schools(current_la))
    if request.method == "GET":
        _prefill(form)
    if form.validate_on_submit():
        school, ok = _chosen_school(form)
        if ok:
            invitation = invitations.create_invitation(
                current_la, form.email.data, form.name.data, Role[form.role.data], school,
                signed_in_user(), current_app.config["INVITATION_MAX_AGE"],
            )
            send_invitation(invitation, current_la)
            flash(f"An invitation has been sent to {invitation.email}.")
            return redirect(url_for("admin.people"))
    return render_form("admin/invite.html", form)


def _prefill(form: InvitationForm) -> None:
    """"Invite a headteacher" links (who signs off action plans) open the form with the role and
    school chosen: ?role=HEADTEACHER&school=<id>. Anything not on offer is ignored."""
    role = request.args.get("role", "")
    if role in {r.name for r in Role.invitable_by_la()}:
        form.role.data = role
    school = request.args.get("school", "")
    if school and school in {c.value for c in form.school.choices}:
        form.school.data = school


@bp.route("/la/<la_slug>/people/import", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def import_people():
    """Every row is checked first; a file with any problem invites nobody. Then the invitations
    go out together (by SMTP, or to the outbox)."""
    form = PeopleImportForm()
    row_errors: list = []
    if form.validate_on_submit():
        try:
            rows, row_errors = people_import.parse(csv_files.read_upload(form.file.data), people_import.Lookups(
                schools=lambda urns: invitations.school_ids_by_urn(current_la, urns),
                held=lambda emails: invitations.held_roles(current_la, emails),
                invited=lambda emails: invitations.invited_roles(current_la, emails)))
        except csv_files.ImportFileError as exc:
            form.file.errors = [str(exc)]
        else:
            if row_errors:
                form.file.errors = [
                    f"{len(row_errors)} problem{'s' if len(row_errors) != 1 else ''} in the file. Nobody "
                    "has been invited. Fix the rows listed below and upload the file again"]
            else:
                sent = invitations.create_invitations(current_la, rows, signed_in_user(),
                                                      current_app.config["INVITATION_MAX_AGE"])
                for invitation in sent:
                    send_invitation(invitation, current_la)
                flash(f"{len(sent)} invitation{'s have' if len(sent) != 1 else ' has'} been sent.")
                return redirect(url_for("admin.people"))
    return render_form("admin/people_import.html", form, row_errors=row_errors[:500],
                       more_errors=max(0, len(row_errors) - 500), roles=people_import.ROLES)


@bp.get("/la/<la_slug>/people/import/template.csv")
@la_role_required(Role.LA_LEAD)
def people_import_template():
    header, *rows = people_import.TEMPLATE
    return csv_response("people-template.csv", header, rows)


@bp.post("/la/<la_slug>/invitations/<int:invitation_id>/resend")
@la_role_required(Role.LA_LEAD)
def resend_invitation(invitation_id: int):
    invitation = invitations.get_la_invitation(current_la, invitation_id)
    if not invitation.is_open:
        abort(404)
    invitations.renew(current_la, invitation, current_app.config["INVITATION_MAX_AGE"])
    send_invitation(invitation, current_la)
    flash(f"The invitation to {invitation.email} has been sent again. Earlier links no longer work.")
    return redirect(url_for("admin.people"))


@bp.route("/la/<la_slug>/invitations/<int:invitation_id>/revoke", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def revoke_invitation(invitation_id: int):
    """Asks first (GET); cancels on the answer (POST). An invitation no longer open has nothing to
    cancel: back to the list."""
    invitation = invitations.get_la_invitation(current_la, invitation_id)
    if not invitation.is_open:
        return redirect(url_for("admin.people"))
    form = ConfirmForm()
    if form.validate_on_submit():
        invitations.revoke(current_la, invitation)
        flash(f"The invitation to {invitation.email} has been cancelled.")
        return redirect(url_for("admin.people"))
    return render_form("admin/invitation_cancel.html", form, invitation=invitation)


@bp.get("/la/<la_slug>/people/<int:user_id>")
@la_role_required(Role.LA_LEAD)
def person(user_id: int):
    user = users.get_person(current_la, user_id)
    return render_template(
        "admin/person.html", person=user, roles=users.roles_in_la(user, current_la)
    )


def _role_form_page(user: User, assignment=None):
    form = RoleForm()
    form.school.choices = school_choices(school_data.list_schools(current_la))
    if assignment is not None and not form.is_submitted():
        form.role.data = assignment.role.name
        form.school.data = str(assignment.school_id or "")
        form.version.data = assignment.version
    if form.validate_on_submit():
        school, ok = _chosen_school(form)
        role = Role[form.role.data]
        if ok and assignment is not None and _would_leave_no_lead(user, assignment, role):
            form.role.errors = ["The local authority must keep at least one active SEND lead"]
        elif ok and save(form, lambda: _grant_or_change(user, assignment, role, school, form.version.data),
                         record=assignment):
            flash(f"{user.name}'s roles have been saved.")
            return redirect(url_for("admin.person", user_id=user.id))
    return render_form("admin/role_form.html", form, person=user, assignment=assignment)


def _grant_or_change(user: User, assignment, role: Role, school, version: int | None):
    if assignment is None:
        return users.grant_role(user, role, la=current_la, school=school)
    return users.change_role(current_la, user, assignment, role, school, version)


def _would_leave_no_lead(user: User, assignment, new_role: Role | None) -> bool:
    if assignment.role is not Role.LA_LEAD or new_role is Role.LA_LEAD or not assignment.active:
        return False
    return users.count_active_leads(current_la) <= 1


@bp.route("/la/<la_slug>/people/<int:user_id>/roles/new", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def add_role(user_id: int):
    return _role_form_page(users.get_person(current_la, user_id))


@bp.route("/la/<la_slug>/people/<int:user_id>/roles/<int:assignment_id>/edit",
          methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def edit_role(user_id: int, assignment_id: int):
    user = users.get_person(current_la, user_id)
    return _role_form_page(user, users.get_role_assignment(current_la, user, assignment_id))


@bp.post("/la/<la_slug>/people/<int:user_id>/roles/<int:assignment_id>/remove")
@la_role_required(Role.LA_LEAD)
def remove_role(user_id: int, assignment_id: int):
    user = users.get_person(current_la, user_id)
    assignment = users.get_role_assignment(current_la, user, assignment_id)
    if _would_leave_no_lead(user, assignment, None):
        flash("The local authority must keep at least one active SEND lead.")
        return redirect(url_for("admin.person", user_id=user.id))
    users.remove_role(current_la, user, assignment)
    flash(f"The role has been removed from {user.name}.")
    if users.roles_in_la(user, current_la):
        return redirect(url_for("admin.person", user_id=user.id))
    return redirect(url_for("admin.people"))


@bp.post("/la/<la_slug>/people/<int:user_id>/deactivate")
@la_role_required(Role.LA_LEAD)
def deactivate(user_id: int):
    user = users.get_person(current_la, user_id)
    if user.id == current_user.id:
        flash("You cannot deactivate your own account.")
    elif any(a.role is Role.LA_LEAD and a.active for a in users.roles_in_la(user, current_la)) \
            and users.count_active_leads(current_la) <= 1:
        flash("The local authority must keep at least one active SEND lead.")
    else:
        users.set_active_in_la(current_la, user, False)
        flash(f"{user.name} has been deactivated in {current_la.name}.")
    return redirect(url_for("admin.person", user_id=user.id))


@bp.post("/la/<la_slug>/people/<int:user_id>/reactivate")
@la_role_required(Role.LA_LEAD)
def reactivate(user_id: int):
    user = users.get_person(current_la, user_id)
    users.set_active_in_la(current_la, user, True)
    flash(f"{user.name} has been reactivated in {current_la.name}.")
    return redirect(url_for("admin.person", user_id=user.id))
