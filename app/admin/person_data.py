"""A person's data: download everything held about them (subject access) and erase their details
once they have left. The LA lead, for people in their LA, from the person's page; the platform
administrator, for anyone, found by e-mail address. Both asked first, both audited."""

from flask import Response, abort, flash, redirect, render_template, request, url_for

from app.admin import bp
from app.auth.decorators import global_role_required, la_role_required
from app.auth.principal import signed_in_user
from app.forms import CONTROL_CHARS, ConfirmForm, press, render_form
from app.interfaces import personal_data, users
from app.models import LocalAuthority, Role, User
from app.personal_data import archive, former_label, is_erased
from app.tenancy import current_la


def _data_page(person: User, la: LocalAuthority | None, back: str):
    """GET: what is held, section by section; POST: the archive, recorded in the audit trail."""
    form = ConfirmForm()
    export = personal_data.collect(person, la)
    if form.validate_on_submit():
        personal_data.record_export(person, la)
        response = Response(archive(export), mimetype="application/zip")
        response.headers.set("Content-Disposition", "attachment", filename=f"personal-data-{person.id}.zip")
        response.headers["Cache-Control"] = "no-store"
        return response
    return render_form("admin/person_data.html", form, person=person, la=la, export=export, back=back)


def _erase_page(person: User, la: LocalAuthority | None, here: str, back: str):
    form = ConfirmForm()
    if form.validate_on_submit():
        erased = []
        refused = press(lambda: erased.append(personal_data.erase(person, la, signed_in_user())), to=here)
        if refused:
            return refused
        flash(f"The person's details have been erased. Their records now show “{erased[0]}”.")
        return redirect(back, code=303)
    return render_form("admin/person_erase.html", form, person=person, la=la, back=back,
                       refusals=personal_data.erasure_refusals(person, la, signed_in_user()),
                       label=former_label([a.role for a in person.roles]), erased=is_erased(person.email))


@bp.route("/la/<la_slug>/people/<int:user_id>/personal-data", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def person_data(user_id: int):
    person = users.get_person(current_la, user_id)
    return _data_page(person, current_la, url_for("admin.person", user_id=person.id))


@bp.route("/la/<la_slug>/people/<int:user_id>/erase", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def erase_person(user_id: int):
    person = users.get_person(current_la, user_id)
    return _erase_page(person, current_la, url_for("admin.erase_person", user_id=person.id),
                       url_for("admin.person", user_id=person.id))


@bp.get("/admin/people/personal-data")
@global_role_required(Role.PLATFORM_ADMIN)
def find_person():
    email = request.args.get("email", "").strip()[:254]
    person, error = None, None
    if email and ("@" not in email or CONTROL_CHARS.search(email)):  # PostgreSQL refuses a NUL byte
        error = "Enter an email address in the correct format, like name@example.org"
    elif email:
        person = users.get_user_by_email(email)
        error = None if person else "No account has that email address"
    return render_template("admin/person_find.html", email=email, person=person, error=error)


def _anyone(user_id: int) -> User:
    person = users.get_user(user_id)
    if person is None:
        abort(404)
    return person


@bp.route("/admin/people/<int:user_id>/personal-data", methods=["GET", "POST"])
@global_role_required(Role.PLATFORM_ADMIN)
def any_person_data(user_id: int):
    return _data_page(_anyone(user_id), None, url_for("admin.find_person"))


@bp.route("/admin/people/<int:user_id>/erase", methods=["GET", "POST"])
@global_role_required(Role.PLATFORM_ADMIN)
def erase_anyone(user_id: int):
    return _erase_page(_anyone(user_id), None, url_for("admin.erase_anyone", user_id=user_id),
                       url_for("admin.find_person"))
