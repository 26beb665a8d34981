"""Cohort-wide rows for comparison and analysis (dashboards): triad places, plans, priorities,
actions with their progress, first meetings and QA checks. Each function is one query, however
many schools the cohort has, and returns plain rows: labels, not model objects."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.db import utcnow
from app.extensions import db
from app.models import Cohort, DueState, LocalAuthority, due_state
from app.models.enums import Labelled
from triads.models import Action, ActionPlan, Meeting, Priority, QAVisit, Triad, TriadMember
from triads.types import ActionStatus, PlanStatus, Rigour, VisitStatus


@dataclass(frozen=True)
class TriadPlace:
    cohort_id: int
    school_id: int
    triad_id: int
    triad_name: str
    coach_school_id: int | None


def triad_places(la: LocalAuthority, cohort_ids: list[int]) -> list[TriadPlace]:
    """Each school's triad in each of these cohorts."""
    if not cohort_ids:
        return []
    stmt = (select(TriadMember.cohort_id, TriadMember.school_id, Triad.id, Triad.name,
                   Triad.coach_school_id)
            .join(Triad, Triad.id == TriadMember.triad_id)
            .where(Triad.la_id == la.id, TriadMember.la_id == la.id,
                   TriadMember.cohort_id.in_(cohort_ids))
            .order_by(Triad.name, TriadMember.id))
    return [TriadPlace(*row) for row in db.session.execute(stmt)]


@dataclass(frozen=True)
class PlanRow:
    school_id: int
    plan_id: int
    status_label: str
    step: int  # 1 (draft) to 6 (reviewed at year end): the workflow order, for sorting
    changed_since_sign_off: bool


def plan_rows(la: LocalAuthority, cohort: Cohort) -> list[PlanRow]:
    order = list(PlanStatus)
    stmt = (select(ActionPlan.school_id, ActionPlan.id, ActionPlan.status,
                   ActionPlan.changed_since_sign_off)
            .where(ActionPlan.la_id == la.id, ActionPlan.cohort_id == cohort.id)
            .order_by(ActionPlan.id))
    return [PlanRow(school_id, plan_id, status.label, order.index(status) + 1, bool(changed))
            for school_id, plan_id, status, changed in db.session.execute(stmt)]


@dataclass(frozen=True)
class PriorityRow:
    school_id: int
    plan_id: int
    priority_id: int
    area_id: str
    statement_id: str | None
    title: str


def priority_rows(la: LocalAuthority, cohort: Cohort) -> list[PriorityRow]:
    stmt = (select(ActionPlan.school_id, ActionPlan.id, Priority.id, Priority.area_id,
                   Priority.statement_id, Priority.title)
            .join(ActionPlan, ActionPlan.id == Priority.plan_id)
            .where(Priority.la_id == la.id, ActionPlan.la_id == la.id,
                   ActionPlan.cohort_id == cohort.id)
            .order_by(ActionPlan.id, Priority.position, Priority.id))
    return [PriorityRow(*row) for row in db.session.execute(stmt)]


class Progress(Labelled):
    DONE = "Done"
    ON_TRACK = "On track"
    NOT_DUE = "Not started, not yet due"
    AT_RISK = "At risk or overdue"


def action_progress(status: ActionStatus, due_on: date | None, today: date) -> Progress:
    """Where an action stands, as the plan screens define it: an action past its due date and not
    done is overdue, whatever its status says; at risk and off track both count as at risk."""
    if status is ActionStatus.DONE:
        return Progress.DONE
    overdue = due_state(due_on, False, today) is DueState.OVERDUE
    if status in (ActionStatus.AT_RISK, ActionStatus.OFF_TRACK) or overdue:
        return Progress.AT_RISK
    if status is ActionStatus.ON_TRACK:
        return Progress.ON_TRACK
    return Progress.NOT_DUE


@dataclass(frozen=True)
class ActionRow:
    school_id: int
    plan_id: int
    priority_id: int
    area_id: str
    action_id: int
    description: str
    status_label: str
    due_on: date | None
    progress: Progress


def action_rows(la: LocalAuthority, cohort: Cohort, today: date | None = None) -> list[ActionRow]:
    today = today or utcnow().date()
    stmt = (select(ActionPlan.school_id, ActionPlan.id, Priority.id, Priority.area_id, Action.id,
                   Action.description, Action.status, Action.due_on)
            .join(Priority, Priority.id == Action.priority_id)
            .join(ActionPlan, ActionPlan.id == Priority.plan_id)
            .where(Action.la_id == la.id, ActionPlan.la_id == la.id,
                   ActionPlan.cohort_id == cohort.id)
            .order_by(ActionPlan.id, Priority.position, Action.id))
    return [ActionRow(school_id, plan_id, priority_id, area_id, action_id, description,
                      status.label, due_on, action_progress(status, due_on, today))
            for school_id, plan_id, priority_id, area_id, action_id, description, status, due_on
            in db.session.execute(stmt)]


def first_meeting_dates(la: LocalAuthority, cohort: Cohort) -> dict[int, date | None]:
    """Triad id -> the date of its first meeting (action planning), when one is set."""
    stmt = (select(Meeting.triad_id, Meeting.held_on)
            .join(Triad, Triad.id == Meeting.triad_id)
            .where(Meeting.la_id == la.id, Triad.la_id == la.id, Triad.cohort_id == cohort.id,
                   Meeting.number == 1))
    return dict(db.session.execute(stmt).all())


@dataclass(frozen=True)
class QACheck:
    school_id: int
    visit_id: int
    rigour_label: str
    rigour_step: int  # 1 (not yet rigorous) to 4 (highly rigorous)
    held_on: date | None
    focus_areas: tuple[str, ...]
    whole_triad: bool


def qa_checks(la: LocalAuthority, cohort: Cohort) -> list[QACheck]:
    """Each school's latest final QA report in this cohort; a triad visit counts for each of its
    schools. Schools with no final report are absent: nobody has checked their self-rating."""
    order = list(Rigour)
    stmt = (select(QAVisit.id, QAVisit.school_id, TriadMember.school_id, QAVisit.rigour,
                   QAVisit.held_on, QAVisit.focus_areas, QAVisit.triad_id)
            .outerjoin(TriadMember, (TriadMember.triad_id == QAVisit.triad_id)
                       & (TriadMember.la_id == la.id))
            .where(QAVisit.la_id == la.id, QAVisit.cohort_id == cohort.id,
                   QAVisit.status == VisitStatus.FINAL, QAVisit.rigour.is_not(None))
            .order_by(QAVisit.held_on, QAVisit.id))
    latest: dict[int, QACheck] = {}
    for visit_id, own_school, triad_school, rigour, held_on, focus, triad_id in db.session.execute(stmt):
        school_id = own_school if own_school is not None else triad_school
        if school_id is None:
            continue
        latest[school_id] = QACheck(school_id, visit_id, rigour.label, order.index(rigour) + 1,
                                    held_on, tuple(focus or ()), triad_id is not None)
    return sorted(latest.values(), key=lambda check: check.school_id)
