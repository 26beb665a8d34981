"""Dashboard pages and their downloads.

Who may see which cohort's pages is decided in dashboards.access (others get a 403). Every page also
downloads as CSV (its first table) and Excel (every table, and a sheet saying which cohort, sorting
and filters).
"""

from flask import abort, g, render_template, request

from app.auth.decorators import la_role_required
from app.interfaces import cohorts as cohort_data
from app.kept_pages import kept
from app.models import Cohort
from app.tenancy import current_la
from dashboards import access, bp, matching_reports, reports, summaries
from dashboards.data import CohortData
from dashboards.layout import Report, csv_download, xlsx_download
from dashboards.listing import ListFilter
from selfeval import interfaces as selfeval
from triads import interfaces as triads

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


@bp.get("/")
@la_role_required(*access.COHORT_VIEWERS)
@kept
def index():
    choices = access.current_visible_cohorts()
    cohort = cohort_data.choose_cohort(choices, request.args.get("cohort"))
    overview = None
    schools = cohort_data.school_counts(current_la)
    if cohort is not None:
        overview = {"schools": schools.get(cohort.id, 0), "submitted": selfeval.submitted_count(current_la, cohort.id),
                    "triads": triads.triad_counts(current_la).get(cohort.id, 0)}
    return render_template("dashboards/index.html", cohorts=choices, cohort=cohort, pages=PAGES,
                           overview=overview, school_counts=schools, may_see_all=access.current_sees_every_cohort(),
                           may_form_triads=access.current_forms_triads())


def _render(report: Report, cohort: Cohort, **context):
    if report.has_charts:
        g.allow_inline_style = True  # plotly.js positions its charts with inline styles
    return render_template("dashboards/report.html", report=report, cohort=cohort,
                           pages=PAGES, **context)


@kept
def _kept_render(build, cohort: Cohort, **context):
    """A report page, drawn once and kept until the LA's data changes (app/kept_pages.py); the
    person's access to the cohort is checked before, on every request."""
    return _render(build(), cohort, **context)


@kept
def _kept_download(build, cohort: Cohort, fmt: str, stem: str):
    """A report's download, made once and kept as its page is (the access check is before)."""
    report: Report = build()
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
    return reports.heatmap(data, sort, order)


def _school(cohort: Cohort, school_id: int) -> Report:
    data = CohortData(current_la, cohort)
    if data.framework is None or school_id not in set(data.schools["school_id"]):
        abort(404)  # not a school of this cohort (nor, then, of this LA)
    return reports.school(data, school_id)


def _cohort_report(build):
    def report(cohort: Cohort) -> Report:
        data = CohortData(current_la, cohort)
        if data.framework is None:
            abort(404)
        return build(data)

    return report


def _listed(build, page_params: tuple[str, ...]):
    """A long list's report, filtered and paged by the page's query string."""
    def report(data: CohortData) -> Report:
        return build(data, listing=ListFilter.read(request.args, data, page_params))

    return _cohort_report(report)


REPORTS = {
    "heatmap": _heatmap,
    "statements": _cohort_report(reports.statements),
    "strengths": _listed(reports.strengths, tuple(reports.STRENGTH_PAGES.values())),
    "year_on_year": _cohort_report(reports.year_on_year),
    "action_plans": _cohort_report(reports.action_plans),
    "completion": _cohort_report(reports.completion),
    "peer_matching": _listed(matching_reports.peer_matching, matching_reports.MATCHING_PAGES),
    "coverage": _cohort_report(matching_reports.coverage),
}
PATHS = {"heatmap": "heatmap", "statements": "statements", "strengths": "strengths-and-support",
         "year_on_year": "year-on-year", "action_plans": "action-plans", "completion": "completion",
         "peer_matching": "peer-matching", "coverage": "schools-at-a-glance"}


def _register(key: str) -> None:
    build = REPORTS[key]
    path = f"/cohorts/<int:cohort_id>/{PATHS[key]}"

    @la_role_required(*access.COHORT_VIEWERS)
    def page(cohort_id: int):
        cohort = access.load_cohort(cohort_id)
        return _kept_render(lambda: build(cohort), cohort)

    @la_role_required(*access.COHORT_VIEWERS)
    def download(cohort_id: int, fmt: str):
        cohort = access.load_cohort(cohort_id)
        return _kept_download(lambda: build(cohort), cohort, fmt, PATHS[key])

    bp.add_url_rule(path, key, page, methods=["GET"])
    bp.add_url_rule(path + ".<any(csv, xlsx):fmt>", f"{key}_download", download, methods=["GET"])


for _key in REPORTS:
    _register(_key)


@bp.get("/cohorts/<int:cohort_id>/schools/<int:school_id>")
@la_role_required(*access.COHORT_VIEWERS)
def school(cohort_id: int, school_id: int):
    cohort = access.load_cohort(cohort_id)
    return _kept_render(lambda: _school(cohort, school_id), cohort, school_id=school_id)


@bp.get("/cohorts/<int:cohort_id>/schools/<int:school_id>.<any(csv, xlsx):fmt>")
@la_role_required(*access.COHORT_VIEWERS)
def school_download(cohort_id: int, school_id: int, fmt: str):
    cohort = access.load_cohort(cohort_id)
    return _kept_download(lambda: _school(cohort, school_id), cohort, fmt, f"area-profile-{school_id}")
