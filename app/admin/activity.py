from flask import render_template, request

from app.admin import bp
from app.auth.decorators import la_role_required
from app.interfaces import audit
from app.models import CoreAction, Role
from app.tenancy import current_la


@bp.get("/la/<la_slug>/activity")
@la_role_required(Role.LA_LEAD)
def activity():
    # A reporting tool reads the data feed every hour or so: its reads would push every change off
    # the page, so they are shown only when asked for.
    feed_reads = request.args.get("include") == "feed-reads"
    leave_out = () if feed_reads else (CoreAction.API_TOKEN_USED,)
    return render_template("admin/activity.html", feed_reads=feed_reads,
                           events=audit.list_events(current_la, leave_out=leave_out))
