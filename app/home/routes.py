from collections import defaultdict
from pathlib import Path

import plotly
from flask import render_template, send_file
from flask_login import current_user, login_required

from app.home import bp
from app.interfaces.local_authorities import get_las_by_ids
from app.models import Role
from app.tenancy import current_la, la_roles
from triads.interfaces.plans import overdue_actions

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def _roles_by_la() -> list[tuple]:
    """The user's LAs, each with their active roles there and the overdue actions they should
    see (their own schools', or every school's for the LA lead)."""
    by_la: dict[int, list] = defaultdict(list)
    for assignment in current_user.active_roles():
        if assignment.la_id is not None:
            by_la[assignment.la_id].append(assignment)
    result = []
    for la in get_las_by_ids(set(by_la)):
        roles = by_la[la.id]
        result.append((la, roles, _overdue(la, roles)))
    return result


def _overdue(la, roles) -> list:
    if any(a.role is Role.LA_LEAD for a in roles):
        return overdue_actions(la)
    own = [a.school_id for a in roles if a.school_id]
    return overdue_actions(la, own) if own else []


@bp.get("/")
def index():
    if not current_user.is_authenticated:
        return render_template("home/start.html")
    return render_template(
        "home/index.html",
        las=_roles_by_la(),
        is_admin=current_user.has_global_role(Role.PLATFORM_ADMIN),
        is_analyst=current_user.has_global_role(Role.PROGRAMME_ANALYST),
    )


@bp.get("/la/<la_slug>/")
@login_required
def la_home():
    return render_template("home/la_home.html", roles=la_roles(),
                           overdue=_overdue(current_la, la_roles()))


@bp.get("/vendor/plotly.min.js")
def plotly_js():
    """plotly.js from the installed Python package: the same version as the figures, no CDN."""
    return send_file(PLOTLY_JS, mimetype="text/javascript", max_age=86400)


@bp.get("/accessibility")
def accessibility():
    return render_template("home/accessibility.html")


@bp.get("/privacy")
def privacy():
    return render_template("home/privacy.html")
