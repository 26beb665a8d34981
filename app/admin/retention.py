"""How long a finished cohort's records are kept, set by the LA lead, with what the rule will remove
and when (the same preview `flask retention --dry-run` prints)."""

from flask import flash, redirect, request, url_for

from app.admin import bp
from app.admin.forms import RetentionForm
from app.auth.decorators import la_role_required
from app.data_protection import NAMES
from app.forms import render_form, save
from app.interfaces import data_protection, retention
from app.models import Role
from app.tenancy import current_la


@bp.route("/la/<la_slug>/retention", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def retention_rule():
    la = current_la._get_current_object()
    form = RetentionForm()
    if request.method == "GET":
        form.years.data = str(la.retention_years)
        form.version.data = la.version
    if form.validate_on_submit() and save(
        form, lambda: data_protection.set_retention_years(la, int(form.years.data), form.version.data), record=la,
    ):
        flash(f"A finished cohort's records are now kept for {la.retention_years} "
              f"year{'s' if la.retention_years != 1 else ''} after its academic year ends.")
        return redirect(url_for("admin.retention_rule"))
    return render_form("admin/retention.html", form, la=la, found=retention.preview(la), names=NAMES)
