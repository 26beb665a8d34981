"""Dashboard pages and their downloads.

Only the LA's SEND leads and quality assurers may see them (others get a 403). A lead sees every
cohort of the LA; a quality assurer only the cohorts the LA has assigned them to, because the
pages put every school's own judgements side by side. Every page also downloads as CSV (its
first table) and Excel (every table, and a sheet saying which cohort, sorting and filters).
"""

from flask import abort, g, render_template, request
from flask_login import current_user

from app.auth.decorators import la_role_required
from app.interfaces import cohorts
from app.models import Cohort, Role, current_cohort
from app.tenancy import current_la, has_la_role
from dashboards import bp, summaries
from dashboards import matching_reports as matching_views
from dashboards import reports as views
from dashboards.data import CohortData
from dashboards.layout import Report, csv_download, xlsx_download
from triads.interfaces import visits

LEADS_AND_ASSURERS = (Role.LA_LEAD, Role.QUALITY_ASSURER)

# Page key -> (title, what it shows), in the order the index lists them.
PAGES = {
    "heatmap": ("Heatmap of self-evaluations",
                "every school's own judgement of the eight areas, sortable by school, triad or area"),
    "statements": ("Statements across the cohort",
                   "the highest and lowest rated statements, with their spread"),
    "strengths": ("Strengths to showcase and schools that may benefit from support",
                  "per area, with the evidence behind each rating and whether it has been checked"),
    "year_on_year": ("Year on year", "each school's change in each area since the previous cohort"),
    "action_plans": ("Action-plan themes",
                     "priorities by area and statement, kinds of action and their progress, to plan CPD"),
    "completion": ("Completion",
                   "who has submitted, who is in progress or overdue, and each school's action plan"),
    "peer_matching": ("Peer matching",
                      "for each school's needs, the schools strong in that area that could help"),
    "coverage": ("Schools at a glance",
                 "each school's self-evaluation by area, its action plan and the last QA judgement"),
}


def may_see_every_cohort() -> bool:
    return has_la_role(Role.LA_LEAD)


def visible_cohorts() -> list[Cohort]:
    everything = cohorts.list_cohorts(current_la)
    if may_see_every_cohort():
        return everything
    assigned = visits.assigned_cohort_ids(current_la, current_user)
    return [c for c in everything if c.id in assigned]


def load_cohort(cohort_id: int) -> Cohort:
    """The cohort, if the LA has it (else 404) and this person may compare its schools (else 403)."""
    cohort = cohorts.get_cohort(current_la, cohort_id)
    if not may_see_every_cohort() and not visits.is_assigned(current_la, cohort.id, current_user.id):
        abort(403)
    return cohort


@bp.get("/")
@la_role_required(*LEADS_AND_ASSURERS)
def index():
    choices = visible_cohorts()
    wanted = request.args.get("cohort", "")
    cohort = next((c for c in choices if str(c.id) == wanted), None) or current_cohort(choices)
    overview = None
    if cohort is not None:
        data = CohortData(current_la, cohort)
        overview = {"schools": len(data.schools), "submitted": int(data.schools["submitted"].sum()),
                    "triads": int(data.schools["triad_id"].nunique())}
    return render_template("dashboards/index.html", cohorts=choices, cohort=cohort, pages=PAGES,
                           overview=overview, may_see_all=may_see_every_cohort())


def _render(report: Report, cohort: Cohort, **context):
    if report.has_charts:
        g.allow_inline_style = True  # plotly.js positions its charts with inline styles
    return render_template("dashboards/report.html", report=report, cohort=cohort,
                           pages=PAGES, **context)


def _download(report: Report, cohort: Cohort, fmt: str, stem: str):
    filename = f"{current_la.slug}-{stem}-{cohort.start_year}.{fmt}"
    if fmt == "csv":
        return csv_download(report, filename)
    return xlsx_download(report, filename, current_la.name, cohort.academic_year)


def _sorting() -> tuple[str, str]:
    sort = request.args.get("sort", "school")[:40]
    order = request.args.get("order", "asc")
    return sort, order if order in summaries.ORDERS else "asc"


def _heatmap(cohort: Cohort) -> Report:
    data = CohortData(current_la, cohort)
    sort, order = _sorting()
    if data.framework is None:
        abort(404)
    if sort not in (*summaries.SORTS, *data.framework.area_ids):
        sort = "school"
    return views.heatmap(data, sort, order)


def _school(cohort: Cohort, school_id: int) -> Report:
    data = CohortData(current_la, cohort)
    if data.framework is None or school_id not in set(data.schools["school_id"]):
        abort(404)  # not a school of this cohort (nor, then, of this LA)
    return views.school(data, school_id)


def _cohort_report(build):
    def report(cohort: Cohort) -> Report:
        data = CohortData(current_la, cohort)
        if data.framework is None:
            abort(404)
        return build(data)

    return report


REPORTS = {
    "heatmap": _heatmap,
    "statements": _cohort_report(views.statements),
    "strengths": _cohort_report(views.strengths),
    "year_on_year": _cohort_report(views.year_on_year),
    "action_plans": _cohort_report(views.action_plans),
    "completion": _cohort_report(views.completion),
    "peer_matching": _cohort_report(matching_views.peer_matching),
    "coverage": _cohort_report(matching_views.coverage),
}
PATHS = {"heatmap": "heatmap", "statements": "statements", "strengths": "strengths-and-support",
         "year_on_year": "year-on-year", "action_plans": "action-plans", "completion": "completion",
         "peer_matching": "peer-matching", "coverage": "schools-at-a-glance"}


def _register(key: str) -> None:
    build = REPORTS[key]
    path = f"/cohorts/<int:cohort_id>/{PATHS[key]}"

    @la_role_required(*LEADS_AND_ASSURERS)
    def page(cohort_id: int):
        cohort = load_cohort(cohort_id)
        return _render(build(cohort), cohort)

    @la_role_required(*LEADS_AND_ASSURERS)
    def download(cohort_id: int, fmt: str):
        cohort = load_cohort(cohort_id)
        return _download(build(cohort), cohort, fmt, PATHS[key])

    bp.add_url_rule(path, key, page, methods=["GET"])
    bp.add_url_rule(path + ".<any(csv, xlsx):fmt>", f"{key}_download", download, methods=["GET"])


for _key in REPORTS:
    _register(_key)


@bp.get("/cohorts/<int:cohort_id>/schools/<int:school_id>")
@la_role_required(*LEADS_AND_ASSURERS)
def school(cohort_id: int, school_id: int):
    cohort = load_cohort(cohort_id)
    return _render(_school(cohort, school_id), cohort, school_id=school_id)


@bp.get("/cohorts/<int:cohort_id>/schools/<int:school_id>.<any(csv, xlsx):fmt>")
@la_role_required(*LEADS_AND_ASSURERS)
def school_download(cohort_id: int, school_id: int, fmt: str):
    cohort = load_cohort(cohort_id)
    return _download(_school(cohort, school_id), cohort, fmt, f"area-profile-{school_id}")
