"""The cohort overview for the LA lead and quality assurers, and the cohort-wide exports.

This is the cohort's one status page: every school's triad, coach, self-evaluation (with its
areas completed and other views), action plan, overdue actions and meetings. The self-evaluations
overview (selfeval.overview) sends here, filtered by self-evaluation; the cohort's own page
(admin.cohort) and the dashboards link here."""

from flask import render_template, request
from wtforms.fields.choices import SelectChoice

from app.auth.decorators import la_role_required
from app.auth.permissions import LA_STAFF
from app.exports import csv_response, xlsx_response
from app.interfaces import cohorts
from app.kept_pages import kept
from app.models import Milestone
from app.tenancy import current_la
from selfeval.interfaces import SelfEvaluationStatus
from triads import access, interfaces, plans_bp
from triads.interfaces.overview import SIGNED_OFF
from triads.types import PlanStatus

HEADER = ["School", "URN", "Triad", "Coach school", "Self-evaluation", "Areas completed",
          "Other views", "Self-evaluation submitted", "Action plan", "Actions overdue",
          "Meetings held (of 3)"]
# ?evaluation=: a self-evaluation state, or every school that has not submitted yet.
NOT_SUBMITTED, NOT_STARTED = "NOT_SUBMITTED", "NONE"
EVALUATION_CHOICES = [SelectChoice("", "Any status"), SelectChoice(NOT_SUBMITTED, "Not submitted"),
                      SelectChoice(NOT_STARTED, "Not started")] + [
    SelectChoice(s.name, s.label) for s in SelfEvaluationStatus]


def _cohort(cohort_id: int | None, choices):
    """The cohort in the address, else the one chosen (?cohort=), else the one running today."""
    if cohort_id is not None:
        return access.load_cohort(cohort_id)
    return cohorts.choose_cohort(choices, request.args.get("cohort"))


def _filtered(rows, triad: str, plan_status: str, overdue_only: bool, evaluation: str = ""):
    if evaluation == NOT_SUBMITTED:
        rows = [r for r in rows if r.evaluation_status is not SelfEvaluationStatus.SUBMITTED]
    elif evaluation == NOT_STARTED:
        rows = [r for r in rows if r.evaluation_status is None]
    elif evaluation in SelfEvaluationStatus.__members__:
        rows = [r for r in rows if r.evaluation_status is SelfEvaluationStatus[evaluation]]
    if triad:
        rows = [r for r in rows if r.triad and str(r.triad.id) == triad]
    if plan_status == "NONE":
        rows = [r for r in rows if r.plan is None]
    elif plan_status in PlanStatus.__members__:
        rows = [r for r in rows if r.plan and r.plan.status.name == plan_status]
    if overdue_only:
        rows = [r for r in rows if r.overdue]
    return rows


def _filters() -> tuple[str, str, bool, str]:
    return (request.args.get("triad", "")[:12], request.args.get("plan", "")[:20],
            request.args.get("overdue") == "yes", request.args.get("evaluation", "")[:20])


def _table(rows) -> list[list]:
    return [[r.school.name, r.school.urn, r.triad.name if r.triad else "",
             ("This school" if r.is_coach else r.coach_name), r.self_evaluation, r.areas_completed,
             r.voices, r.submitted_at.date() if r.submitted_at else None,
             r.plan.status.label if r.plan else "Not started", r.overdue, r.meetings_held]
            for r in rows]


@plans_bp.get("/")
@plans_bp.get("/cohorts/<int:cohort_id>")
@la_role_required(*LA_STAFF)
@kept
def overview(cohort_id: int | None = None):
    choices = access.current_readable_cohorts(cohorts.list_cohorts(current_la))
    cohort = _cohort(cohort_id, choices)
    triad, plan_status, overdue_only, evaluation = _filters()
    all_rows = interfaces.overview.cohort_overview(current_la, cohort) if cohort else []
    rows = _filtered(all_rows, triad, plan_status, overdue_only, evaluation)
    triads = interfaces.list_triads(current_la, cohort) if cohort else []
    return render_template(
        "triads/plans/overview.html", cohort=cohort, cohorts=choices,
        rows=rows, total=len(all_rows), triad=triad, plan_status=plan_status,
        overdue_only=overdue_only, evaluation=evaluation, Milestone=Milestone,
        submitted=sum(r.evaluation_status is SelfEvaluationStatus.SUBMITTED for r in all_rows),
        signed_off=sum(r.plan is not None and r.plan.status in SIGNED_OFF for r in all_rows),
        evaluation_choices=EVALUATION_CHOICES,
        triad_choices=[SelectChoice("", "All triads")] + [SelectChoice(str(t.id), t.name) for t in triads],
        plan_choices=[SelectChoice("", "Any status"), SelectChoice("NONE", "Not started")]
        + [SelectChoice(s.name, s.label) for s in PlanStatus],
    )


@plans_bp.get("/cohorts/<int:cohort_id>/overview.<any(csv, xlsx):fmt>")
@la_role_required(*LA_STAFF)
def export_overview(cohort_id: int, fmt: str):
    cohort = access.load_cohort(cohort_id)
    triad, plan_status, overdue_only, evaluation = _filters()
    rows = _table(_filtered(interfaces.overview.cohort_overview(current_la, cohort), triad,
                            plan_status, overdue_only, evaluation))
    filename = f"{current_la.slug}-cohort-{cohort.start_year}.{fmt}"
    if fmt == "csv":
        return csv_response(filename, HEADER, rows)
    applied = ", ".join(f"{k}={v}" for k, v in
                        (("triad", triad), ("self-evaluation", evaluation), ("plan status", plan_status),
                         ("overdue only", overdue_only))
                        if v) or "none"
    return xlsx_response(filename, {"Cohort": (HEADER, rows)},
                         note=f"{current_la.name}, cohort {cohort.academic_year}. Filters applied: {applied}.")


@plans_bp.get("/cohorts/<int:cohort_id>/actions.xlsx")
@la_role_required(*LA_STAFF)
def export_actions(cohort_id: int):
    cohort = access.load_cohort(cohort_id)
    rows = interfaces.plans.cohort_actions(current_la, cohort)
    header = ["School", "URN", "Area", "Priority", "Action", "Owner", "Start", "Due", "Status",
              "Resources"]
    return xlsx_response(f"{current_la.slug}-actions-{cohort.start_year}.xlsx",
                         {"Actions": (header, rows)},
                         note=f"Every action in every plan of {current_la.name}, {cohort.academic_year}.")
