"""The LA lead's one-table view of a cohort: where every school, triad and plan stands."""

from dataclasses import dataclass
from datetime import date, datetime

from app.db import utcnow
from app.models import Cohort, DueState, LocalAuthority, Milestone, School
from selfeval import interfaces as selfeval
from selfeval.interfaces import SelfEvaluationStatus
from triads.interfaces import meetings, plans
from triads.interfaces.plans import PlanSummary
from triads.interfaces.triads import list_triads
from triads.models import ActionPlan, Meeting, Triad
from triads.types import MeetingStatus, PlanStatus

MEETINGS = (Milestone.MEETING_1, Milestone.MEETING_2, Milestone.MEETING_3)
SIGNED_OFF = frozenset({PlanStatus.SIGNED_OFF, PlanStatus.IN_PROGRESS, PlanStatus.REVIEWED})


@dataclass(frozen=True)
class OverviewRow:
    school: School
    triad: Triad | None
    is_coach: bool
    coach_name: str
    self_evaluation: str
    evaluation_status: SelfEvaluationStatus | None  # None: not started
    self_evaluation_id: int | None
    submitted_at: datetime | None
    areas_completed: int
    voices: int  # other people's views given
    plan: PlanSummary | None
    overdue: int
    meetings_held: int
    # How the school stands against the cohort's timetable (app.models.cohort.due_state).
    self_evaluation_due: DueState
    plan_due: DueState
    meeting_due: DueState


def plan_due(cohort: Cohort, plan: ActionPlan | PlanSummary | None, today: date | None = None) -> DueState:
    """Against 'Action plans signed off by': done once the plan is signed off (or further on)."""
    return cohort.timetable.state(Milestone.PLAN_SIGNED_OFF, plan is not None and plan.status in SIGNED_OFF,
                                  today)


def meeting_due(cohort: Cohort, meeting: Meeting, today: date | None = None) -> DueState:
    """Meeting n against 'Meeting n by': done once it is recorded."""
    return cohort.timetable.state(MEETINGS[meeting.number - 1], meeting.status is MeetingStatus.RECORDED, today)


def next_meeting_due(cohort: Cohort, held: int, today: date | None = None) -> DueState:
    """Against the date of the triad's next meeting: meeting 1's until one is held, and so on."""
    if held >= len(MEETINGS):
        return DueState.DONE
    return cohort.timetable.state(MEETINGS[held], False, today)


def cohort_overview(la: LocalAuthority, cohort: Cohort) -> list[OverviewRow]:
    """A fixed number of queries whatever the cohort's size: no query per school."""
    evaluations = selfeval.cohort_overview(la, cohort)
    triads = list_triads(la, cohort)
    triad_of = {sid: t for t in triads for sid in t.school_ids}
    names = {row.school.id: row.school.name for row in evaluations}
    held = meetings.recorded_counts(la, [t.id for t in triads])
    # Summaries and counts, not whole plans: the table shows a plan's status, not its contents.
    today = utcnow().date()
    plan_of = plans.plan_summaries(la, cohort.id)
    overdue = plans.overdue_counts(la, cohort.id, today)
    # Each school's standing depends on one fact (submitted, the plan's status, meetings held):
    # judged once per answer rather than once per school, each judgement building the timetable.
    evaluation_states = {done: cohort.timetable.state(Milestone.SELF_EVALUATION_DUE, done, today)
                         for done in (False, True)}
    plan_states: dict[PlanStatus | None, DueState] = {}
    meeting_states: dict[int, DueState] = {}
    rows = []
    for row in evaluations:
        triad = triad_of.get(row.school.id)
        plan = plan_of.get(row.school.id)
        plan_key = plan.status if plan else None
        if plan_key not in plan_states:
            plan_states[plan_key] = plan_due(cohort, plan, today)
        meetings_held = held.get(triad.id, 0) if triad else 0
        if triad and meetings_held not in meeting_states:
            meeting_states[meetings_held] = next_meeting_due(cohort, meetings_held, today)
        status = (row.evaluation.status.label if row.evaluation else "Not started")
        rows.append(OverviewRow(
            school=row.school, triad=triad,
            is_coach=bool(triad and triad.coach_school_id == row.school.id),
            coach_name=names.get(triad.coach_school_id, "") if triad else "",
            self_evaluation=status, evaluation_status=row.evaluation.status if row.evaluation else None,
            self_evaluation_id=row.evaluation.id if row.evaluation else None,
            submitted_at=row.evaluation.submitted_at if row.evaluation else None,
            areas_completed=row.areas_completed,
            voices=row.voices, plan=plan, overdue=overdue.get(row.school.id, 0), meetings_held=meetings_held,
            self_evaluation_due=evaluation_states[bool(row.evaluation and row.evaluation.submitted)],
            plan_due=plan_states[plan_key],
            meeting_due=meeting_states[meetings_held] if triad else DueState.UPCOMING,
        ))
    return rows
