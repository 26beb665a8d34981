"""The LA lead's one-table view of a cohort: where every school, triad and plan stands."""

from collections import Counter
from dataclasses import dataclass

from app.models import Cohort, LocalAuthority, School
from selfeval import interfaces as selfeval
from triads.interfaces import meetings, plans
from triads.interfaces.triads import list_triads
from triads.models import ActionPlan, Triad


@dataclass(frozen=True)
class OverviewRow:
    school: School
    triad: Triad | None
    is_coach: bool
    coach_name: str
    self_evaluation: str
    plan: ActionPlan | None
    overdue: int
    meetings_held: int


def cohort_overview(la: LocalAuthority, cohort: Cohort) -> list[OverviewRow]:
    """A fixed number of queries whatever the cohort's size: no query per school."""
    evaluations = selfeval.cohort_overview(la, cohort)
    triads = list_triads(la, cohort)
    triad_of = {sid: t for t in triads for sid in t.school_ids}
    names = {row.school.id: row.school.name for row in evaluations}
    held = meetings.recorded_counts(la, [t.id for t in triads])
    plan_of = {p.school_id: p for p in plans.list_plans(la, cohort)}
    overdue = Counter(plan.school_id for _, plan, _, _ in plans.overdue_actions(la, list(names))
                      if plan.cohort_id == cohort.id)
    rows = []
    for row in evaluations:
        triad = triad_of.get(row.school.id)
        status = (row.evaluation.status.label if row.evaluation else "Not started")
        rows.append(OverviewRow(
            school=row.school, triad=triad,
            is_coach=bool(triad and triad.coach_school_id == row.school.id),
            coach_name=names.get(triad.coach_school_id, "") if triad else "",
            self_evaluation=status, plan=plan_of.get(row.school.id),
            overdue=overdue.get(row.school.id, 0),
            meetings_held=held.get(triad.id, 0) if triad else 0,
        ))
    return rows
