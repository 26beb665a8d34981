from flask import abort, current_app, flash, redirect, render_template, request, url_for

from app.admin import bp, csv_files, gias_codes, gias_import, gias_payload, school_import
from app.admin.forms import GiasConfirmForm, SchoolForm, SchoolImportForm
from app.auth import scope
from app.auth.decorators import la_role_required
from app.auth.permissions import can_view_school
from app.exports import csv_response, xlsx_response
from app.forms import ConfirmForm, press, render_form, save
from app.interfaces import schools as school_data
from app.interfaces import users
from app.interfaces.schools import SchoolData
from app.kept_pages import kept
from app.models import Phase, Role, SchoolType
from app.tenancy import current_la, la_roles
from app.upload_limits import accepts_upload

MAX_IMPORT_BYTES = 2 * 1024 * 1024


def _form_data(form: SchoolForm) -> SchoolData:
    return SchoolData(
        urn=form.urn.data,
        name=form.name.data,
        phase=Phase[form.phase.data],
        school_type=SchoolType[form.school_type.data],
    )


@bp.get("/la/<la_slug>/schools")
@la_role_required(Role.LA_LEAD, Role.QUALITY_ASSURER)
@kept
def schools():
    query = request.args.get("q", "")[:120]
    page = request.args.get("page", 1, type=int) or 1
    result = school_data.search_schools(
        current_la, query, page, current_app.config["SCHOOLS_PER_PAGE"]
    )
    return render_template("admin/schools.html", result=result, query=query)


@bp.get("/la/<la_slug>/schools/export.<any(csv, xlsx):fmt>")
@la_role_required(Role.LA_LEAD, Role.QUALITY_ASSURER)
def export_schools(fmt: str):
    header = ["URN", "Name", "Phase", "Type"]
    rows = [[s.urn, s.name, s.phase.label, s.school_type.label]
            for s in school_data.list_schools(current_la)]
    filename = f"{current_la.slug}-schools.{fmt}"
    if fmt == "csv":
        return csv_response(filename, header, rows)
    return xlsx_response(filename, {"Schools": (header, rows)},
                         note=f"All schools in {current_la.name}")


@bp.route("/la/<la_slug>/schools/new", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def new_school():
    form = SchoolForm()
    if form.validate_on_submit() and save(form, lambda: school_data.create_school(current_la, _form_data(form))):
        flash(f"{form.saved.name} has been added.")
        return redirect(url_for("admin.school", school_id=form.saved.id))
    return render_form("admin/school_form.html", form, school=None)


@bp.get("/la/<la_slug>/schools/<int:school_id>")
@la_role_required(Role.LA_LEAD, Role.QUALITY_ASSURER, Role.SENCO, Role.HEADTEACHER, Role.STAFF)
def school(school_id: int):
    school = school_data.get_school(current_la, school_id)
    if not can_view_school(la_roles(), school.id):
        abort(403)
    if scope.hides_school(school.id):
        abort(404)  # a quality assurer's page of a school in none of their cohorts
    people = users.list_school_people(current_la, school)
    return render_template("admin/school.html", school=school, people=people)


@bp.route("/la/<la_slug>/schools/<int:school_id>/edit", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def edit_school(school_id: int):
    school = school_data.get_school(current_la, school_id)
    form = SchoolForm(obj=school)
    if request.method == "GET":
        form.phase.data = school.phase.name
        form.school_type.data = school.school_type.name
    if form.validate_on_submit() and save(
        form, lambda: school_data.update_school(current_la, school, _form_data(form), form.version.data),
        record=school,
    ):
        flash(f"{school.name} has been saved.")
        return redirect(url_for("admin.school", school_id=school.id))
    return render_form("admin/school_form.html", form, school=school)


@bp.route("/la/<la_slug>/schools/<int:school_id>/delete", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def delete_school(school_id: int):
    school = school_data.get_school(current_la, school_id)
    people = users.list_school_people(current_la, school)
    form = ConfirmForm()
    if form.validate_on_submit() and not people:
        school_data.delete_school(current_la, school)
        flash(f"{school.name} has been removed.")
        return redirect(url_for("admin.schools"))
    # A removal refused because people still have roles there is a conflict, not a success.
    status = 409 if form.is_submitted() and people else 200
    return render_template("admin/school_delete.html", school=school, people=people, form=form), status


@bp.route("/la/<la_slug>/schools/import", methods=["GET", "POST"])
@accepts_upload(gias_import.MAX_BYTES + 1024 * 1024)  # the file and the form around it
@la_role_required(Role.LA_LEAD)
def import_schools():
    """One upload for both kinds of file: a file from Get Information about Schools, known by its
    column names, is checked and shown before anything is saved; a CSV of urn, name, phase and
    type is imported at once, all rows or none."""
    form = SchoolImportForm()
    row_errors: list = []
    if form.validate_on_submit():
        try:
            with csv_files.open_upload(form.file.data, gias_import.MAX_BYTES) as upload:
                if gias_import.is_gias(upload.header):
                    preview = gias_import.preview(upload, current_la.code, school_data.list_schools(current_la))
                    return _show_preview(preview)
                rows, row_errors = school_import.parse(
                    upload.raw(MAX_IMPORT_BYTES), lambda urns: school_data.existing_urns(current_la, urns)
                )
        except csv_files.ImportFileError as exc:
            form.file.errors = [str(exc)]
        else:
            if row_errors:
                form.file.errors = [
                    f"{len(row_errors)} problem{'s' if len(row_errors) != 1 else ''} in the "
                    "file. Nothing has been imported. Fix the rows listed below and upload "
                    "the file again"
                ]
            else:
                school_data.import_schools(current_la, rows)
                flash(f"{len(rows)} schools have been imported.")
                return redirect(url_for("admin.schools"))
    return _upload_page(form, row_errors)


def _upload_page(form: SchoolImportForm, row_errors: list):
    return render_form("admin/school_import.html", form, row_errors=row_errors[:500],
                       more_errors=max(0, len(row_errors) - 500), gias=gias_codes,
                       gias_max_mb=gias_import.MAX_BYTES // (1024 * 1024))


def _show_preview(preview: gias_import.Preview):
    form = GiasConfirmForm(formdata=None, payload=gias_payload.seal(current_la.id, preview))
    return render_template("admin/gias_preview.html", preview=preview, form=form, gias=gias_codes)


PAYLOAD_REFUSED = ("The checked file could not be read back, so nothing has been imported. "
                   "Upload the file again")


@bp.post("/la/<la_slug>/schools/import/confirm")
@la_role_required(Role.LA_LEAD)
def confirm_school_import():
    form = GiasConfirmForm()
    try:
        plan = gias_payload.unseal(current_la.id, form.payload.data if form.validate_on_submit() else "")
    except gias_payload.PayloadRefused:
        # Changed, cut short or too old: the upload form again, with the reason at its field.
        upload = SchoolImportForm(formdata=None)
        upload.file.errors = [PAYLOAD_REFUSED]
        return _upload_page(upload, [])
    refused = press(
        lambda: school_data.apply_import_plan(current_la, plan.to_add, plan.to_change, plan.counts),
        to=url_for("admin.import_schools"),
    )
    if refused:
        return refused
    flash(f"{_schools(len(plan.to_add))} added and {_schools(len(plan.to_change))} changed from "
          "Get Information about Schools.")
    return redirect(url_for("admin.schools"))


def _schools(count: int) -> str:
    return f"{count} school{'' if count == 1 else 's'}"


@bp.get("/la/<la_slug>/schools/import/template.csv")
@la_role_required(Role.LA_LEAD)
def school_import_template():
    return csv_response(
        "schools-template.csv",
        ["urn", "name", "phase", "type"],
        [["123456", "Example Primary School", "Primary", "Academy"]],
    )
