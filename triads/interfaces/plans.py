"""Action plans: priorities from the self-evaluation, actions, progress notes, the workflow."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from werkzeug.exceptions import NotFound

from app.db import utcnow
from app.extensions import db
from app.interfaces import audit, concurrency
from app.models import Cohort, LocalAuthority, Role, RoleAssignment, School, User
from selfeval import interfaces as selfeval
from triads.interfaces.common import Invalid
from triads.models import (
    Action,
    ActionPlan,
    ActionStatus,
    CriterionOutcome,
    PlanStatus,
    PlanTransition,
    Priority,
    PriorityComment,
    ProgressNote,
    SuccessCriterion,
)

SHORT_PLAN = 5  # the plan must stay short: the page warns beyond this many priorities
MAX_PRIORITIES = 10

# Which workflow step may follow which, and who takes it.
TRANSITIONS: dict[PlanStatus, tuple[PlanStatus, str]] = {
    PlanStatus.DRAFT: (PlanStatus.SHARED, "school"),
    PlanStatus.SHARED: (PlanStatus.COACH_REVIEWED, "coach"),
    PlanStatus.COACH_REVIEWED: (PlanStatus.SIGNED_OFF, "headteacher"),
    PlanStatus.SIGNED_OFF: (PlanStatus.IN_PROGRESS, "school"),
    PlanStatus.IN_PROGRESS: (PlanStatus.REVIEWED, "school"),
}
EDITABLE = {PlanStatus.DRAFT, PlanStatus.SHARED, PlanStatus.COACH_REVIEWED, PlanStatus.SIGNED_OFF,
            PlanStatus.IN_PROGRESS}


@dataclass(frozen=True)
class Suggestion:
    area_id: str
    statement_id: str | None
    title: str


def get_plan(la: LocalAuthority, plan_id: int) -> ActionPlan:
    plan = db.session.scalar(select(ActionPlan).where(ActionPlan.id == plan_id, ActionPlan.la_id == la.id))
    if plan is None:
        raise NotFound()
    return plan


def find_plan(la: LocalAuthority, school_id: int, cohort_id: int) -> ActionPlan | None:
    return db.session.scalar(select(ActionPlan).where(
        ActionPlan.la_id == la.id, ActionPlan.school_id == school_id, ActionPlan.cohort_id == cohort_id))


def list_plans(la: LocalAuthority, cohort: Cohort) -> list[ActionPlan]:
    return list(db.session.scalars(select(ActionPlan).where(
        ActionPlan.la_id == la.id, ActionPlan.cohort_id == cohort.id)))


def suggestions(la: LocalAuthority, school: School, cohort: Cohort) -> list[Suggestion]:
    """Pre-filled priorities: the areas for development the SENCO confirmed on the summary, or
    else the lowest-rated areas with their lowest statement; one per area, in area order."""
    evaluation = selfeval.find_self_evaluation(la, school.id, cohort.id)
    if evaluation is None:
        return []
    variant = selfeval.variant_of(evaluation)
    if evaluation.confirmed_development:
        picked = {}
        for statement_id in evaluation.confirmed_development:
            try:
                picked.setdefault(variant.area_of(statement_id).id, statement_id)
            except KeyError:
                continue
        pairs = list(picked.items())
    else:
        pairs = selfeval.areas_for_development(evaluation)
    order = [a.id for a in variant.areas]
    found = [Suggestion(area_id, statement_id, variant.statement(statement_id).text)
             for area_id, statement_id in pairs]
    return sorted(found, key=lambda s: order.index(s.area_id))[:SHORT_PLAN]


def start_plan(la: LocalAuthority, school: School, cohort: Cohort, user: User | None,
               chosen: list[Suggestion]) -> ActionPlan:
    existing = find_plan(la, school.id, cohort.id)
    if existing is not None:
        return existing
    plan = ActionPlan(la_id=la.id, school_id=school.id, cohort_id=cohort.id)
    plan.priorities = [
        Priority(la_id=la.id, position=n, area_id=s.area_id, statement_id=s.statement_id,
                 title=s.title[:200])
        for n, s in enumerate(chosen[:MAX_PRIORITIES])
    ]
    db.session.add(plan)
    db.session.flush()
    _transition(la, plan, None, PlanStatus.DRAFT, user, "Plan started")
    audit.record(la, "plan.started", plan, school_id=school.id, priorities=len(chosen))
    return plan


def _transition(la, plan, from_status, to_status, user, note="") -> None:
    db.session.add(PlanTransition(la_id=la.id, plan_id=plan.id, from_status=from_status,
                                  to_status=to_status, actor_id=user.id if user else None, note=note))


def transitions(la: LocalAuthority, plan: ActionPlan) -> list[tuple[PlanTransition, str | None]]:
    stmt = (select(PlanTransition, User.name).outerjoin(User, User.id == PlanTransition.actor_id)
            .where(PlanTransition.la_id == la.id, PlanTransition.plan_id == plan.id)
            .order_by(PlanTransition.created_at, PlanTransition.id))
    return list(db.session.execute(stmt))


def _touch(la: LocalAuthority, plan: ActionPlan, what: str) -> None:
    """A change after sign-off stays visible until the headteacher signs again."""
    if plan.status not in EDITABLE:
        raise Invalid({"plan": "This plan has been reviewed at year end and is closed"})
    if plan.status in (PlanStatus.SIGNED_OFF, PlanStatus.IN_PROGRESS):
        plan.changed_since_sign_off = True
    audit.record(la, what, plan)


def next_step(plan: ActionPlan) -> tuple[PlanStatus, str] | None:
    return TRANSITIONS.get(plan.status)


def advance(la: LocalAuthority, plan: ActionPlan, user: User, version: int | None,
            note: str = "") -> None:
    concurrency.expect_version(plan, version)
    step = next_step(plan)
    if step is None:
        raise Invalid({"plan": "This plan has no further step"})
    target, _ = step
    if target is PlanStatus.SHARED and not plan.priorities:
        raise Invalid({"plan": "Add at least one priority before you share the plan"})
    if target is PlanStatus.SIGNED_OFF:
        open_comments = [c for p in plan.priorities for c in p.comments if c.resolved_at is None]
        if open_comments:
            raise Invalid({"plan": f"Resolve the coach's {len(open_comments)} open comment"
                                   f"{'s' if len(open_comments) != 1 else ''} before signing off"})
        plan.signed_off_at = utcnow()
        plan.signed_off_by_id = user.id
        plan.changed_since_sign_off = False
    if target is PlanStatus.REVIEWED:
        unreviewed = [c for p in plan.priorities for c in p.criteria if c.outcome is None]
        if unreviewed:
            raise Invalid({"plan": f"Record the impact against every success criterion first: "
                                   f"{len(unreviewed)} still to review"})
    before = plan.status
    plan.status = target
    concurrency.flush()
    _transition(la, plan, before, target, user, note)
    audit.record(la, "plan.advanced", plan, status=target)


def sign_again(la: LocalAuthority, plan: ActionPlan, user: User) -> None:
    plan.signed_off_at = utcnow()
    plan.signed_off_by_id = user.id
    plan.changed_since_sign_off = False
    _transition(la, plan, plan.status, plan.status, user, "Changes signed off again")
    db.session.flush()


# --- priorities, criteria, actions ---------------------------------------------------------------


@dataclass(frozen=True)
class PriorityDetails:
    area_id: str
    title: str
    intended_outcome: str
    criteria: list[str]


def get_priority(plan: ActionPlan, priority_id: int) -> Priority:
    for priority in plan.priorities:
        if priority.id == priority_id:
            return priority
    raise NotFound()


def save_priority(la: LocalAuthority, plan: ActionPlan, priority: Priority | None,
                  details: PriorityDetails, area_ids: set[str], version: int | None) -> Priority:
    if details.area_id not in area_ids:
        raise Invalid({"area": "Choose one of the eight areas"})
    if priority is None and len(plan.priorities) >= MAX_PRIORITIES:
        raise Invalid({"title": f"A plan can have at most {MAX_PRIORITIES} priorities; keep it short"})
    if priority is None:
        priority = Priority(la_id=la.id, plan_id=plan.id, position=len(plan.priorities))
        plan.priorities.append(priority)
    else:
        concurrency.expect_version(priority, version)
    priority.area_id = details.area_id
    priority.title = details.title
    priority.intended_outcome = details.intended_outcome
    kept = {c.text: c for c in priority.criteria}
    priority.criteria = [kept.get(text) or SuccessCriterion(la_id=la.id, text=text)
                         for text in details.criteria]
    _touch(la, plan, "plan.priority_saved")
    concurrency.flush()
    return priority


def delete_priority(la: LocalAuthority, plan: ActionPlan, priority: Priority) -> None:
    _touch(la, plan, "plan.priority_deleted")
    plan.priorities.remove(priority)
    db.session.flush()


@dataclass(frozen=True)
class ActionDetails:
    description: str
    owner_id: int | None
    starts_on: date | None
    due_on: date | None
    resources: str
    status: ActionStatus


def school_staff(la: LocalAuthority, school_id: int) -> list[User]:
    stmt = (select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
            .where(RoleAssignment.la_id == la.id, RoleAssignment.school_id == school_id,
                   RoleAssignment.active.is_(True),
                   RoleAssignment.role.in_([Role.SENCO, Role.HEADTEACHER]))
            .distinct().order_by(User.name))
    return list(db.session.scalars(stmt))


def get_action(priority: Priority, action_id: int) -> Action:
    for action in priority.actions:
        if action.id == action_id:
            return action
    raise NotFound()


def save_action(la: LocalAuthority, plan: ActionPlan, cohort: Cohort, priority: Priority,
                action: Action | None, details: ActionDetails, version: int | None) -> Action:
    errors = {}
    staff = {u.id for u in school_staff(la, plan.school_id)}
    if details.owner_id is not None and details.owner_id not in staff:
        errors["owner"] = "The owner must be one of the school's own people"
    if details.starts_on and details.due_on and details.due_on < details.starts_on:
        errors["due_on"] = "The due date must be the same as or after the start date"
    start, end = cohort.bounds
    for field, value in (("starts_on", details.starts_on), ("due_on", details.due_on)):
        if value and not (date(start.year - 1, 1, 1) <= value <= date(end.year + 1, 12, 31)):
            errors.setdefault(field, "Enter a date within a year of the cohort's academic year")
    if errors:
        raise Invalid(errors)
    if action is None:
        action = Action(la_id=la.id, priority_id=priority.id)
        priority.actions.append(action)
    else:
        concurrency.expect_version(action, version)
    action.description = details.description
    action.owner_id = details.owner_id
    action.starts_on, action.due_on = details.starts_on, details.due_on
    action.resources = details.resources
    action.status = details.status
    _touch(la, plan, "plan.action_saved")
    concurrency.flush()
    return action


def add_progress_note(la: LocalAuthority, plan: ActionPlan, action: Action, status: ActionStatus,
                      body: str, user: User) -> ProgressNote:
    if plan.status not in EDITABLE:
        raise Invalid({"body": "This plan has been reviewed at year end and is closed"})
    note = ProgressNote(la_id=la.id, action_id=action.id, author_id=user.id, status=status, body=body)
    action.notes.append(note)
    action.status = status
    if plan.status is PlanStatus.SIGNED_OFF:
        # Progress on a signed-off plan means it is under way.
        _transition(la, plan, plan.status, PlanStatus.IN_PROGRESS, user, "First progress recorded")
        plan.status = PlanStatus.IN_PROGRESS
    db.session.flush()
    audit.record(la, "plan.progress_noted", plan, action_id=action.id, status=status)
    return note


def overdue_actions(la: LocalAuthority, school_ids: list[int] | None = None,
                    today: date | None = None) -> list[tuple[Action, ActionPlan, Priority, str]]:
    """Actions past their due date and not done, oldest first, with the school's name."""
    today = today or utcnow().date()
    stmt = (select(Action, ActionPlan, Priority, School.name)
            .join(Priority, Priority.id == Action.priority_id)
            .join(ActionPlan, ActionPlan.id == Priority.plan_id)
            .join(School, School.id == ActionPlan.school_id)
            .where(Action.la_id == la.id, Action.due_on < today, Action.status != ActionStatus.DONE,
                   ActionPlan.status != PlanStatus.REVIEWED)
            .order_by(Action.due_on, School.name))
    if school_ids is not None:
        stmt = stmt.where(ActionPlan.school_id.in_(school_ids))
    return list(db.session.execute(stmt))


# --- coach comments and the year-end review ---------------------------------------------------


def add_comment(la: LocalAuthority, plan: ActionPlan, priority: Priority, body: str,
                user: User) -> PriorityComment:
    comment = PriorityComment(la_id=la.id, priority_id=priority.id, author_id=user.id, body=body)
    priority.comments.append(comment)
    db.session.flush()
    audit.record(la, "plan.coach_commented", plan, priority_id=priority.id)
    return comment


def resolve_comment(la: LocalAuthority, plan: ActionPlan, comment: PriorityComment, response: str,
                    user: User) -> None:
    comment.resolved_at = utcnow()
    comment.resolved_by_id = user.id
    comment.response = response
    db.session.flush()
    audit.record(la, "plan.comment_resolved", plan, comment_id=comment.id)


def review_criterion(la: LocalAuthority, plan: ActionPlan, criterion: SuccessCriterion,
                     outcome: CriterionOutcome, impact: str, version: int | None) -> None:
    if plan.status not in (PlanStatus.IN_PROGRESS, PlanStatus.SIGNED_OFF):
        raise Invalid({"outcome": "Impact is reviewed once the plan is signed off and under way"})
    concurrency.expect_version(criterion, version)
    criterion.outcome = outcome
    criterion.impact = impact
    concurrency.flush()
    audit.record(la, "plan.criterion_reviewed", plan, criterion_id=criterion.id, outcome=outcome)


def author_names(action: Action) -> dict[int, str]:
    ids = {n.author_id for n in action.notes if n.author_id}
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())


def cohort_actions(la: LocalAuthority, cohort: Cohort) -> list[list]:
    """Every action of every plan in the cohort, as rows for a spreadsheet, in one query."""
    stmt = (select(School.name, School.urn, Priority.area_id, Priority.title, Action.description,
                   User.name, Action.starts_on, Action.due_on, Action.status, Action.resources)
            .join(Priority, Priority.id == Action.priority_id)
            .join(ActionPlan, ActionPlan.id == Priority.plan_id)
            .join(School, School.id == ActionPlan.school_id)
            .outerjoin(User, User.id == Action.owner_id)
            .where(Action.la_id == la.id, ActionPlan.cohort_id == cohort.id)
            .order_by(School.name, Priority.position, Action.id))
    return [[name, urn, area, title, description, owner or "", starts, due, status.label, resources]
            for name, urn, area, title, description, owner, starts, due, status, resources
            in db.session.execute(stmt)]
