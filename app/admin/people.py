from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.exceptions import NotFound

from app.admin import bp
from app.admin.forms import InvitationForm, RoleForm, school_choices
from app.auth.decorators import la_role_required
from app.auth.emails import send_invitation
from app.interfaces import concurrency, invitations, users
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
    if form.validate_on_submit():
        school, ok = _chosen_school(form)
        if ok:
            invitation = invitations.create_invitation(
                current_la, form.email.data, form.name.data, Role[form.role.data], school,
                current_user, current_app.config["INVITATION_MAX_AGE"],
            )
            send_invitation(invitation, current_la)
            flash(f"An invitation has been sent to {invitation.email}.")
            return redirect(url_for("admin.people"))
    return render_template("admin/invite.html", form=form), 400 if form.errors else 200


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


@bp.post("/la/<la_slug>/invitations/<int:invitation_id>/revoke")
@la_role_required(Role.LA_LEAD)
def revoke_invitation(invitation_id: int):
    invitation = invitations.get_la_invitation(current_la, invitation_id)
    if invitation.is_open:
        invitations.revoke(current_la, invitation)
        flash(f"The invitation to {invitation.email} has been cancelled.")
    return redirect(url_for("admin.people"))


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
        elif ok:
            try:
                if assignment is None:
                    users.grant_role(user, role, la=current_la, school=school)
                else:
                    users.change_role(current_la, user, assignment, role, school, form.version.data)
            except concurrency.EditConflict:
                form.role.errors = [
                    "Someone else changed this role since you opened the page. Check it and save again"
                ]
                form.version.data = assignment.version
                return render_template("admin/role_form.html", form=form, person=user,
                                       assignment=assignment), 409
            except users.DuplicateRole as exc:
                form.role.errors = [str(exc)]
            else:
                flash(f"{user.name}'s roles have been saved.")
                return redirect(url_for("admin.person", user_id=user.id))
    return render_template("admin/role_form.html", form=form, person=user,
                           assignment=assignment), 400 if form.errors else 200


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
