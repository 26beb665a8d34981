"""The LA as data controller: its lead writes the LA's privacy notice and reads the record of what
personal data the service holds for the LA, why, who sees it and for how long."""

from flask import flash, redirect, render_template, request, url_for

from app.admin import bp
from app.admin.forms import PrivacyNoticeForm
from app.auth.decorators import la_role_required
from app.data_protection import LAWFUL_BASIS, NOTICE_MAX_LENGTH, RECORD
from app.exports import csv_response, xlsx_response
from app.forms import render_form, save
from app.interfaces import data_protection
from app.models import Role
from app.tenancy import current_la


@bp.route("/la/<la_slug>/privacy-notice/edit", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def edit_privacy_notice():
    la = current_la._get_current_object()
    form = PrivacyNoticeForm()
    if request.method == "GET":
        form.notice.data = data_protection.privacy_notice(la)
        form.version.data = la.version
    if form.validate_on_submit() and save(
        form, lambda: data_protection.set_privacy_notice(la, form.notice.data, form.version.data), record=la,
    ):
        flash(f"Your privacy notice has been published as version {la.privacy_notice_version}.")
        return redirect(url_for("home.la_privacy_notice", slug=la.slug))
    return render_form("admin/privacy_notice_form.html", form, la=la, notice_max=NOTICE_MAX_LENGTH)


def _record_rows(years: int) -> list[list[str]]:
    return [[p.name, p.data, p.purpose, LAWFUL_BASIS, p.who_sees, p.kept_for(years), p.ending.value]
            for p in RECORD]


RECORD_HEADER = ["Kind of data", "What is held", "Why", "Lawful basis", "Who sees it", "How long it is kept",
                 "What happens then"]


@bp.get("/la/<la_slug>/record-of-processing")
@la_role_required(Role.LA_LEAD)
def record_of_processing():
    return render_template("admin/record_of_processing.html", record=RECORD, lawful_basis=LAWFUL_BASIS,
                           years=current_la.retention_years)


@bp.get("/la/<la_slug>/record-of-processing.<any(csv, xlsx):fmt>")
@la_role_required(Role.LA_LEAD)
def export_record_of_processing(fmt: str):
    rows = _record_rows(current_la.retention_years)
    filename = f"{current_la.slug}-record-of-processing.{fmt}"
    if fmt == "csv":
        return csv_response(filename, RECORD_HEADER, rows)
    return xlsx_response(filename, {"Record of processing": (RECORD_HEADER, rows)},
                         note=f"Personal data held in SEND Triads for {current_la.name}, the data controller")
