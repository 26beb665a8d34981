"""Rows for the data feed: a cohort's triads, action plans, priorities, actions, meetings and QA
visits, a page at a time, in id order. Each page is a count and one SELECT (with the children it
needs loaded in one more), whatever the cohort's size."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import lazyload

from app.extensions import db
from app.models import Cohort, LocalAuthority
from triads.models import Action, ActionPlan, Meeting, Priority, ProgressNote, QAVisit, Triad, TriadMember
from triads.types import ActionStatus, PlanStatus


def _page(stmt: Select, key, offset: int, limit: int) -> tuple[list, int]:
    """The rows of `stmt` at this page, in `key` order, and how many there are in all."""
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    return list(db.session.execute(stmt.order_by(*key).offset(offset).limit(limit))), total


@dataclass(frozen=True)
class MemberRow:
    triad_id: int
    triad_name: str
    school_id: int
    coach_school_id: int | None


def triad_members(la: LocalAuthority, cohort: Cohort, offset: int, limit: int) -> tuple[list[MemberRow], int]:
    stmt = (select(Triad.id, Triad.name, TriadMember.school_id, Triad.coach_school_id)
            .join(Triad, Triad.id == TriadMember.triad_id)
            .where(Triad.la_id == la.id, TriadMember.la_id == la.id, Triad.cohort_id == cohort.id))
    rows, total = _page(stmt, (Triad.id, TriadMember.school_id), offset, limit)
    return [MemberRow(*row) for row in rows], total


@dataclass(frozen=True)
class PlanRow:
    plan_id: int
    school_id: int
    status: PlanStatus
    signed_off_at: datetime | None
    changed_since_sign_off: bool
    updated_at: datetime
    priorities: int


def plans(la: LocalAuthority, cohort: Cohort, offset: int, limit: int) -> tuple[list[PlanRow], int]:
    priorities = (select(func.count(Priority.id)).where(Priority.plan_id == ActionPlan.id)
                  .correlate(ActionPlan).scalar_subquery())
    stmt = (select(ActionPlan.id, ActionPlan.school_id, ActionPlan.status, ActionPlan.signed_off_at,
                   ActionPlan.changed_since_sign_off, ActionPlan.updated_at, priorities)
            .where(ActionPlan.la_id == la.id, ActionPlan.cohort_id == cohort.id))
    rows, total = _page(stmt, (ActionPlan.id,), offset, limit)
    return [PlanRow(*row[:4], bool(row[4]), row[5], int(row[6] or 0)) for row in rows], total


@dataclass(frozen=True)
class PriorityRow:
    priority_id: int
    plan_id: int
    school_id: int
    position: int
    area_id: str
    statement_id: str | None
    title: str
    intended_outcome: str


def priorities(la: LocalAuthority, cohort: Cohort, offset: int, limit: int) -> tuple[list[PriorityRow], int]:
    stmt = (select(Priority.id, ActionPlan.id, ActionPlan.school_id, Priority.position, Priority.area_id,
                   Priority.statement_id, Priority.title, Priority.intended_outcome)
            .join(ActionPlan, ActionPlan.id == Priority.plan_id)
            .where(Priority.la_id == la.id, ActionPlan.la_id == la.id, ActionPlan.cohort_id == cohort.id))
    rows, total = _page(stmt, (Priority.id,), offset, limit)
    return [PriorityRow(*row) for row in rows], total


@dataclass(frozen=True)
class ActionRow:
    action_id: int
    priority_id: int
    plan_id: int
    school_id: int
    area_id: str
    description: str
    starts_on: date | None
    due_on: date | None
    status: ActionStatus
    plan_status: PlanStatus
    progress_notes: int
    last_noted_at: datetime | None


def actions(la: LocalAuthority, cohort: Cohort, offset: int, limit: int) -> tuple[list[ActionRow], int]:
    def of_notes(column):
        return select(column).where(ProgressNote.action_id == Action.id).correlate(Action).scalar_subquery()

    stmt = (select(Action.id, Priority.id, ActionPlan.id, ActionPlan.school_id, Priority.area_id,
                   Action.description, Action.starts_on, Action.due_on, Action.status, ActionPlan.status,
                   of_notes(func.count(ProgressNote.id)), of_notes(func.max(ProgressNote.created_at)))
            .join(Priority, Priority.id == Action.priority_id)
            .join(ActionPlan, ActionPlan.id == Priority.plan_id)
            .where(Action.la_id == la.id, ActionPlan.la_id == la.id, ActionPlan.cohort_id == cohort.id))
    rows, total = _page(stmt, (Action.id,), offset, limit)
    return [ActionRow(*row[:10], progress_notes=int(row[10] or 0), last_noted_at=row[11]) for row in rows], total


def meetings(la: LocalAuthority, cohort: Cohort, offset: int, limit: int) -> tuple[list[Meeting], int]:
    stmt = (select(Meeting).options(lazyload(Meeting.attendees))
            .join(Triad, Triad.id == Meeting.triad_id)
            .where(Meeting.la_id == la.id, Triad.la_id == la.id, Triad.cohort_id == cohort.id))
    rows, total = _page(stmt, (Meeting.id,), offset, limit)
    return [meeting for (meeting,) in rows], total


def visits(la: LocalAuthority, cohort: Cohort, offset: int, limit: int) -> tuple[list[QAVisit], int]:
    stmt = (select(QAVisit).options(lazyload(QAVisit.next_steps), lazyload(QAVisit.comments))
            .where(QAVisit.la_id == la.id, QAVisit.cohort_id == cohort.id))
    rows, total = _page(stmt, (QAVisit.id,), offset, limit)
    return [visit for (visit,) in rows], total
