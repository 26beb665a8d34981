"""The LA lead's opt-in to the programme's anonymised benchmarks."""

from flask import flash, redirect, request, url_for

from app.admin import bp
from app.admin.forms import SharingForm
from app.auth.decorators import la_role_required
from app.forms import render_form, save
from app.interfaces import local_authorities
from app.models import Role
from app.tenancy import current_la


@bp.route("/la/<la_slug>/sharing", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def sharing():
    la = current_la._get_current_object()
    form = SharingForm()
    if request.method == "GET":
        form.shares.data = "yes" if la.shares_benchmarks else "no"
        form.version.data = la.version
    if form.validate_on_submit() and save(
        form, lambda: local_authorities.set_benchmark_sharing(la, form.shares.data == "yes", form.version.data),
        record=la,
    ):
        flash("Your choice has been saved. " + ("The network's benchmarks now include your figures, "
              "anonymised." if la.shares_benchmarks else "Your figures are not in the network's benchmarks."))
        return redirect(url_for("home.la_home"))
    return render_form("admin/sharing.html", form, la=la)
