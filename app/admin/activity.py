from flask import render_template

from app.admin import bp
from app.auth.decorators import la_role_required
from app.interfaces import audit
from app.models import Role
from app.tenancy import current_la


@bp.get("/la/<la_slug>/activity")
@la_role_required(Role.LA_LEAD)
def activity():
    return render_template("admin/activity.html", events=audit.list_events(current_la))
