from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from flask import abort, render_template, url_for
from flask_login import current_user, login_required

from app import features, vendor
from app.data_protection import notice_blocks
from app.db import utcnow
from app.home import bp
from app.interfaces import cohorts, data_protection
from app.interfaces.local_authorities import get_la, get_la_by_slug, get_las_by_ids
from app.kept_pages import kept, kept_text
from app.models import LocalAuthority, Milestone, Role, RoleAssignment, School, academic_year_of
from app.tenancy import current_la, la_roles


@dataclass
class Waiting:
    """What is waiting for the person in one LA (the features' tasks), and, when nothing is, what
    comes next in the timetable of the cohort running today."""

    la: LocalAuthority
    tasks: list[features.Task]
    senco_schools: list[School] = field(default_factory=list)  # their way straight into this year's work
    next_up: tuple[Milestone, date] | None = None
    year_running: bool = False


def _waiting(la: LocalAuthority, roles: list[RoleAssignment], today: date) -> Waiting:
    found = Waiting(la, features.waiting_for(la, current_user, roles, today),
                    senco_schools=sorted({a.school for a in roles if a.role is Role.SENCO and a.school},
                                         key=lambda s: s.name))
    if not found.tasks:
        cohort = cohorts.cohort_for_year(la, academic_year_of(today))
        found.year_running = cohort is not None
        if cohort is not None:
            found.next_up = next(((m, day) for m, day in cohort.timetable.rows() if day >= today), None)
    return found


def _roles_by_la() -> list[tuple]:
    """The user's LAs, each with their active roles there and what is waiting for them."""
    by_la: dict[int, list] = defaultdict(list)
    for assignment in current_user.active_roles():
        if assignment.la_id is not None:
            by_la[assignment.la_id].append(assignment)
    today = utcnow().date()
    return [(la, by_la[la.id], _waiting(la, by_la[la.id], today)) for la in get_las_by_ids(set(by_la))]


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
@kept
def la_home():
    return render_template("home/la_home.html", roles=la_roles(),
                           waiting=_waiting(current_la, la_roles(), utcnow().date()))


@bp.get("/vendor/<name>")
def vendor_js(name: str):
    """A fingerprinted third-party script (app/static/vendor/), compressed and cached for a year."""
    return vendor.send_script(name)


@bp.app_template_global()
def plotly_js_url() -> str:
    """The chart pages' plotly.js: only the trace types the charts draw (assets/build_plotly.sh)."""
    return vendor.script_url("plotly-charts")


@bp.get("/accessibility")
@kept_text
def accessibility():
    return render_template("home/accessibility.html")


@bp.get("/privacy")
def privacy():
    # The notices of the person's own LAs; no list of every LA (an invitation links its own).
    notices = []
    if current_user.is_authenticated:
        notices = get_las_by_ids({a.la_id for a in current_user.active_roles() if a.la_id is not None})
    return render_template("home/privacy.html", notices=notices)


@bp.get("/privacy/<slug>")
def la_privacy_notice(slug: str):
    """An LA's own privacy notice, public: people read it before they accept an invitation, and a
    notice tells nothing an LA's own public pages do not (the LA's data pages still answer 404)."""
    la = get_la_by_slug(slug)
    if la is None:
        abort(404)
    is_lead = current_user.is_authenticated and any(
        a.role is Role.LA_LEAD and a.la_id == la.id for a in current_user.active_roles())
    return render_template("home/la_privacy_notice.html", la=la, is_lead=is_lead,
                           blocks=notice_blocks(data_protection.privacy_notice(la)))


@bp.app_template_global()
def privacy_notice_url(la_id: int) -> str:
    """The privacy notice of the LA with this id (an invitation's, say)."""
    return url_for("home.la_privacy_notice", slug=get_la(la_id).slug)
