from flask import abort, current_app, flash, redirect, render_template, send_file, url_for

from app.admin import bp
from app.admin.forms import LocalAuthorityDetailsForm, LocalAuthorityForm
from app.auth.decorators import global_role_required, la_role_required
from app.auth.emails import send_invitation
from app.auth.permissions import LA_ARCHIVE_DOWNLOADERS
from app.auth.principal import signed_in_user
from app.forms import ConfirmForm, render_form, save
from app.interfaces import invitations, local_authorities
from app.interfaces import outbox as outbox_messages
from app.la_archive.download import archive_download
from app.models import Role
from app.tenancy import current_la


@bp.get("/admin/local-authorities")
@global_role_required(Role.PLATFORM_ADMIN)
def las():
    return render_template("admin/las.html", las=local_authorities.list_las_with_school_counts())


@bp.route("/admin/local-authorities/new", methods=["GET", "POST"])
@global_role_required(Role.PLATFORM_ADMIN)
def new_la():
    form = LocalAuthorityForm()
    if form.validate_on_submit():
        clashes = local_authorities.clash(form.name.data, form.slug.data, form.code.data)
        for field_name, message in clashes.items():
            getattr(form, field_name).errors = [message]
        if not clashes:
            la = local_authorities.create_la(form.name.data, form.slug.data, form.code.data)
            invitation = invitations.create_invitation(
                la, form.lead_email.data, form.lead_name.data, Role.LA_LEAD, None, signed_in_user(),
                current_app.config["INVITATION_MAX_AGE"],
            )
            send_invitation(invitation, la)
            flash(f"{la.name} has been created and {invitation.email} invited as its SEND lead.")
            return redirect(url_for("admin.las"))
    return render_form("admin/la_form.html", form)


@bp.route("/admin/local-authorities/<int:la_id>/edit", methods=["GET", "POST"])
@global_role_required(Role.PLATFORM_ADMIN)
def edit_la(la_id: int):
    la = local_authorities.get_la(la_id)
    form = LocalAuthorityDetailsForm(obj=la)
    if form.validate_on_submit() and save(
        form, lambda: local_authorities.update_la(la, form.name.data, form.code.data, form.version.data),
        record=la,
    ):
        flash(f"{la.name} has been saved.")
        return redirect(url_for("admin.las"))
    return render_form("admin/la_edit.html", form, la=la, archive_form=ConfirmForm())


@bp.get("/admin/outbox")
@global_role_required(Role.PLATFORM_ADMIN)
def outbox():
    return render_template("admin/outbox.html", messages=outbox_messages.list_messages())


@bp.get("/admin/outbox/<int:message_id>")
@global_role_required(Role.PLATFORM_ADMIN)
def outbox_message(message_id: int):
    return render_template("admin/outbox_message.html", message=outbox_messages.get_message(message_id))


# All of an LA's data, as one archive (README, "Backups"). The LA owns it, so its lead may take a
# copy; the platform administrator may for any LA. A POST, with its CSRF token: each download is
# recorded in the LA's activity, and a link that anyone could put in a page must not do that.


def _send_archive(la):
    body, filename = archive_download(la)
    response = send_file(body, mimetype="application/zip", as_attachment=True, download_name=filename)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/admin/local-authorities/<int:la_id>/archive")
@global_role_required(Role.PLATFORM_ADMIN)
def la_archive(la_id: int):
    la = local_authorities.get_la(la_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return _send_archive(la)


@bp.route("/la/<la_slug>/all-data", methods=["GET", "POST"])
@la_role_required(*LA_ARCHIVE_DOWNLOADERS)
def own_la_archive():
    la = current_la._get_current_object()
    form = ConfirmForm()
    if form.validate_on_submit():
        return _send_archive(la)
    return render_form("admin/la_archive.html", form, la=la)

