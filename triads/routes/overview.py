"""The cohort overview for the LA lead and quality assurers, and the cohort-wide exports."""

from flask import render_template, request
from wtforms.fields.choices import SelectChoice

from app.auth.decorators import la_role_required
from app.auth.permissions import LA_STAFF
from app.exports import csv_response, xlsx_response
from app.interfaces import cohorts
from app.models import Milestone
from app.tenancy import current_la
from triads import interfaces, plans_bp
from triads.types import PlanStatus

HEADER = ["School", "URN", "Triad", "Coach school", "Self-evaluation", "Action plan",
          "Actions overdue", "Meetings held (of 3)"]


def _cohort(cohort_id: int | None, choices):
    """The cohort in the address, else the one chosen (?cohort=), else the one running today."""
    if cohort_id is not None:
        return cohorts.get_cohort(current_la, cohort_id)
    return cohorts.choose_cohort(choices, request.args.get("cohort"))


def _filtered(rows, triad: str, plan_status: str, overdue_only: bool):
    if triad:
        rows = [r for r in rows if r.triad and str(r.triad.id) == triad]
    if plan_status == "NONE":
        rows = [r for r in rows if r.plan is None]
    elif plan_status in PlanStatus.__members__:
        rows = [r for r in rows if r.plan and r.plan.status.name == plan_status]
    if overdue_only:
        rows = [r for r in rows if r.overdue]
    return rows


def _filters() -> tuple[str, str, bool]:
    return (request.args.get("triad", "")[:12], request.args.get("plan", "")[:20],
            request.args.get("overdue") == "yes")


def _table(rows) -> list[list]:
    return [[r.school.name, r.school.urn, r.triad.name if r.triad else "",
             ("This school" if r.is_coach else r.coach_name), r.self_evaluation,
             r.plan.status.label if r.plan else "Not started", r.overdue, r.meetings_held]
            for r in rows]


@plans_bp.get("/")
@plans_bp.get("/cohorts/<int:cohort_id>")
@la_role_required(*LA_STAFF)
def overview(cohort_id: int | None = None):
    choices = cohorts.list_cohorts(current_la)
    cohort = _cohort(cohort_id, choices)
    triad, plan_status, overdue_only = _filters()
    all_rows = interfaces.overview.cohort_overview(current_la, cohort) if cohort else []
    rows = _filtered(all_rows, triad, plan_status, overdue_only)
    triads = interfaces.list_triads(current_la, cohort) if cohort else []
    return render_template(
        "triads/plans/overview.html", cohort=cohort, cohorts=choices,
        rows=rows, total=len(all_rows), triad=triad, plan_status=plan_status,
        overdue_only=overdue_only, Milestone=Milestone,
        triad_choices=[SelectChoice("", "All triads")] + [SelectChoice(str(t.id), t.name) for t in triads],
        plan_choices=[SelectChoice("", "Any status"), SelectChoice("NONE", "Not started")]
        + [SelectChoice(s.name, s.label) for s in PlanStatus],
    )


@plans_bp.get("/cohorts/<int:cohort_id>/overview.<any(csv, xlsx):fmt>")
@la_role_required(*LA_STAFF)
def export_overview(cohort_id: int, fmt: str):
    cohort = cohorts.get_cohort(current_la, cohort_id)
    triad, plan_status, overdue_only = _filters()
    rows = _table(_filtered(interfaces.overview.cohort_overview(current_la, cohort), triad,
                            plan_status, overdue_only))
    filename = f"{current_la.slug}-cohort-{cohort.start_year}.{fmt}"
    if fmt == "csv":
        return csv_response(filename, HEADER, rows)
    applied = ", ".join(f"{k}={v}" for k, v in
                        (("triad", triad), ("plan status", plan_status), ("overdue only", overdue_only))
                        if v) or "none"
    return xlsx_response(filename, {"Cohort": (HEADER, rows)},
                         note=f"{current_la.name}, cohort {cohort.academic_year}. Filters applied: {applied}.")


@plans_bp.get("/cohorts/<int:cohort_id>/actions.xlsx")
@la_role_required(*LA_STAFF)
def export_actions(cohort_id: int):
    cohort = cohorts.get_cohort(current_la, cohort_id)
    rows = interfaces.plans.cohort_actions(current_la, cohort)
    header = ["School", "URN", "Area", "Priority", "Action", "Owner", "Start", "Due", "Status",
              "Resources"]
    return xlsx_response(f"{current_la.slug}-actions-{cohort.start_year}.xlsx",
                         {"Actions": (header, rows)},
                         note=f"Every action in every plan of {current_la.name}, {cohort.academic_year}.")
