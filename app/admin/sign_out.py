"""Sign a person out everywhere: the LA lead for people in their LA (from the person's page), the
platform administrator for anyone (found by e-mail address on "Find a person"). Asked first;
audited."""

from flask import abort, flash, redirect, render_template, request, url_for

from app.admin import bp
from app.auth import sessions
from app.auth.decorators import global_role_required, la_role_required
from app.forms import press
from app.interfaces import users
from app.models import Role, User
from app.tenancy import current_la


def _sign_out(person: User, la, back: str, done: str):
    refused = press(lambda: sessions.sign_out_everywhere(person, la), to=back)
    if refused:
        return refused
    flash(f"{person.name} has been signed out everywhere.")
    return redirect(done, code=303)


@bp.route("/la/<la_slug>/people/<int:user_id>/sign-out-everywhere", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def sign_out_person(user_id: int):
    person = users.get_person(current_la, user_id)
    back = url_for("admin.person", user_id=person.id)
    if request.method == "POST":
        return _sign_out(person, current_la, back, back)
    return render_template("admin/sign_out_everywhere.html", person=person, back=back,
                           sessions=sessions.live_sessions(person),
                           action=url_for("admin.sign_out_person", user_id=person.id))


@bp.route("/admin/people/<int:user_id>/sign-out-everywhere", methods=["GET", "POST"])
@global_role_required(Role.PLATFORM_ADMIN)
def sign_out_anyone(user_id: int):
    person = users.get_user(user_id)
    if person is None:
        abort(404)
    back = url_for("admin.find_person", email=person.email)
    if request.method == "POST":
        return _sign_out(person, None, back, back)
    return render_template("admin/sign_out_everywhere.html", person=person, back=back,
                           sessions=sessions.live_sessions(person),
                           action=url_for("admin.sign_out_anyone", user_id=person.id))
