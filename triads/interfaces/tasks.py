"""What "waiting for you" reads of a cohort's triads, plans, actions and visits: each a single
query whatever the cohort's size, so a home page costs the same for 12 schools or 200. The rules
of who is waiting for what are in triads.tasks, through triads.access."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import exists, func, select
from sqlalchemy.orm import lazyload

from app.auth.permissions import SCHOOL_STAFF
from app.extensions import db
from app.models import Cohort, LocalAuthority, RoleAssignment, User
from triads.models import (
    Action,
    ActionPlan,
    CohortAssurer,
    PlanTransition,
    Priority,
    PriorityComment,
    QAVisit,
    QAVisitComment,
)
from triads.types import ActionStatus, PlanStatus


@dataclass(frozen=True)
class PlanState:
    plan: ActionPlan  # without its priorities loaded
    open_comments: int  # the coach's comments the school has not yet resolved
    since: datetime | None  # when the plan last moved (its latest workflow step)


def plan_states(la: LocalAuthority, cohort: Cohort, school_ids: Collection[int] | None = None) -> list[PlanState]:
    """The cohort's plans (of these schools, or all), with their open comments and the time of
    their last step, in one query."""
    open_comments = (
        select(func.count(PriorityComment.id))
        .join(Priority, Priority.id == PriorityComment.priority_id)
        .where(Priority.plan_id == ActionPlan.id, PriorityComment.la_id == la.id,
               PriorityComment.resolved_at.is_(None))
        .correlate(ActionPlan).scalar_subquery())
    since = (
        select(func.max(PlanTransition.created_at))
        .where(PlanTransition.plan_id == ActionPlan.id, PlanTransition.la_id == la.id)
        .correlate(ActionPlan).scalar_subquery())
    stmt = (select(ActionPlan, open_comments, since).options(lazyload(ActionPlan.priorities))
            .where(ActionPlan.la_id == la.id, ActionPlan.cohort_id == cohort.id)
            .order_by(ActionPlan.id))
    if school_ids is not None:
        stmt = stmt.where(ActionPlan.school_id.in_(list(school_ids)))
    return [PlanState(plan, count or 0, when) for plan, count, when in db.session.execute(stmt)]


@dataclass(frozen=True)
class ActionDue:
    action_id: int
    description: str
    due_on: date
    priority_id: int
    plan_id: int
    school_id: int


def actions_due(la: LocalAuthority, cohort: Cohort, school_ids: Collection[int] | None,
                by: date) -> list[ActionDue]:
    """Actions of the cohort's plans due on or before `by` and not done, in plans not yet closed by
    the year-end review, oldest first, in one query."""
    stmt = (select(Action.id, Action.description, Action.due_on, Priority.id, ActionPlan.id,
                   ActionPlan.school_id)
            .join(Priority, Priority.id == Action.priority_id)
            .join(ActionPlan, ActionPlan.id == Priority.plan_id)
            .where(Action.la_id == la.id, ActionPlan.cohort_id == cohort.id, Action.due_on <= by,
                   Action.status != ActionStatus.DONE, ActionPlan.status != PlanStatus.REVIEWED)
            .order_by(Action.due_on, Action.id))
    if school_ids is not None:
        stmt = stmt.where(ActionPlan.school_id.in_(list(school_ids)))
    return [ActionDue(*row) for row in db.session.execute(stmt)]


@dataclass(frozen=True)
class VisitState:
    visit: QAVisit  # without its next steps and comments loaded
    commented_school_ids: frozenset[int]  # the visited schools whose staff commented on the draft


def cohort_visits(la: LocalAuthority, cohort: Cohort) -> list[VisitState]:
    """The cohort's QA visits, and which schools' staff have commented on each, in two queries."""
    visits = list(db.session.scalars(
        select(QAVisit).options(lazyload(QAVisit.next_steps), lazyload(QAVisit.comments))
        .where(QAVisit.la_id == la.id, QAVisit.cohort_id == cohort.id)
        .order_by(QAVisit.planned_on, QAVisit.id)))
    if not visits:
        return []
    # A comment speaks for its author's school: whoever of the school's staff wrote it.
    commented: dict[int, set[int]] = {}
    rows = db.session.execute(
        select(QAVisitComment.visit_id, RoleAssignment.school_id).distinct()
        .join(RoleAssignment, RoleAssignment.user_id == QAVisitComment.author_id)
        .where(QAVisitComment.la_id == la.id, QAVisitComment.visit_id.in_([v.id for v in visits]),
               RoleAssignment.la_id == la.id, RoleAssignment.active.is_(True),
               RoleAssignment.role.in_(SCHOOL_STAFF), RoleAssignment.school_id.is_not(None)))
    for visit_id, school_id in rows:
        commented.setdefault(visit_id, set()).add(school_id)
    return [VisitState(v, frozenset(commented.get(v.id, ()))) for v in visits]


def cohort_has_assurer(la: LocalAuthority, cohort: Cohort) -> bool:
    return db.session.scalar(select(exists().where(
        CohortAssurer.la_id == la.id, CohortAssurer.cohort_id == cohort.id,
        CohortAssurer.user_id == User.id, User.active.is_(True)))) or False
