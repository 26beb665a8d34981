"""Action plans: priorities from the self-evaluation, actions, progress notes, the workflow."""

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import lazyload
from werkzeug.exceptions import NotFound

from app import data_revisions
from app.db import utcnow
from app.extensions import db
from app.interfaces import audit
from app.interfaces.errors import EditConflict, Invalid, expect_version, flush_or_conflict
from app.models import AuditEvent, Cohort, LocalAuthority, Milestone, Role, RoleAssignment, School, User
from selfeval import interfaces as selfeval
from triads.interfaces import notices
from triads.models import (
    Action,
    ActionPlan,
    PlanTransition,
    Priority,
    PriorityComment,
    ProgressNote,
    SignOffRule,
    SuccessCriterion,
)
from triads.types import ActionStatus, CriterionOutcome, PlanStatus, SignOff, TriadsAction

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



@dataclass(frozen=True)
class PlanSummary:
    """Where a plan stands, read without its priorities, actions or comments: what a triad's or a
    cohort's page shows of each school's plan, and what triads.access.reads_plan needs."""

    id: int
    la_id: int
    school_id: int
    cohort_id: int
    status: PlanStatus


def plan_summaries(la: LocalAuthority, cohort_id: int,
                   school_ids: Iterable[int] | None = None) -> dict[int, PlanSummary]:
    """School id -> its plan's summary for the cohort, in one query; every school's without `school_ids`."""
    stmt = (select(ActionPlan.id, ActionPlan.la_id, ActionPlan.school_id, ActionPlan.cohort_id, ActionPlan.status)
            .where(ActionPlan.la_id == la.id, ActionPlan.cohort_id == cohort_id))
    if school_ids is not None:
        stmt = stmt.where(ActionPlan.school_id.in_(list(school_ids)))
    return {row.school_id: PlanSummary(*row) for row in db.session.execute(stmt)}


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
    audit.record(la, TriadsAction.PLAN_STARTED, plan, school_id=school.id, priorities=len(chosen))
    return plan


def _transition(la, plan, from_status, to_status, user, note="") -> None:
    db.session.add(PlanTransition(la_id=la.id, plan_id=plan.id, from_status=from_status,
                                  to_status=to_status, actor_id=user.id if user else None, note=note))


def transitions(la: LocalAuthority, plan: ActionPlan) -> list[tuple[PlanTransition, str | None]]:
    stmt = (select(PlanTransition, User.name).outerjoin(User, User.id == PlanTransition.actor_id)
            .where(PlanTransition.la_id == la.id, PlanTransition.plan_id == plan.id)
            .order_by(PlanTransition.created_at, PlanTransition.id))
    return list(db.session.execute(stmt))


def _refuse_if_closed(plan: ActionPlan) -> None:
    # Before anything changes: a refusal must leave nothing behind for the request to commit.
    if plan.status not in EDITABLE:
        raise Invalid({"plan": "This plan has been reviewed at year end and is closed"})


def _touch(la: LocalAuthority, plan: ActionPlan, action: TriadsAction, what: str) -> None:
    """A change after sign-off stays visible until the headteacher signs again; `what` names it
    ("Priority added: ...") for the plan page."""
    if plan.status in (PlanStatus.SIGNED_OFF, PlanStatus.IN_PROGRESS):
        plan.changed_since_sign_off = True
    audit.record(la, action, plan, what=what)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def next_step(plan: ActionPlan) -> tuple[PlanStatus, str] | None:
    return TRANSITIONS.get(plan.status)


YEAR_END_REVIEW_LEAD_TIME = timedelta(weeks=4)


def year_end_review_opens(cohort: Cohort) -> date:
    """The one rule for when a plan's year-end review may start: the summer term, from 1 June of
    the cohort's second calendar year, or four weeks before the lead's meeting 3 if that is earlier."""
    return min(date(cohort.start_year + 1, 6, 1),
               cohort.timetable[Milestone.MEETING_3] - YEAR_END_REVIEW_LEAD_TIME)


def today() -> date:
    return utcnow().date()


def agreed_by(headteacher: str) -> str:
    """The transition note of a sign-off the SENCO made for the headteacher."""
    return f"agreed by the headteacher, {headteacher}"


def advance(la: LocalAuthority, plan: ActionPlan, user: User, version: int | None,
            note: str = "", headteacher: str | None = None) -> None:
    """The plan's next step. `headteacher`: the SENCO signs off for the headteacher named."""
    expect_version(plan, version)
    step = next_step(plan)
    if step is None:
        raise Invalid({"plan": "This plan has no further step"})
    target, _ = step
    if headteacher is not None and target is not PlanStatus.SIGNED_OFF:
        raise Invalid({"plan": "This plan is not waiting to be signed off"})
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
        opens = year_end_review_opens(db.session.get(Cohort, plan.cohort_id))
        if today() < opens:
            raise Invalid({"plan": f"The year-end review opens on {opens.day} {opens:%B %Y}"})
        unreviewed = [c for p in plan.priorities for c in p.criteria if c.outcome is None]
        if unreviewed:
            raise Invalid({"plan": f"Record the impact against every success criterion first: "
                                   f"{len(unreviewed)} still to review"})
    before = plan.status
    plan.status = target
    flush_or_conflict()
    if headteacher is not None:
        note = agreed_by(headteacher)
    _transition(la, plan, before, target, user, note)
    detail = {"headteacher": headteacher} if headteacher is not None else {}
    audit.record(la, TriadsAction.PLAN_ADVANCED, plan, status=target, **detail)
    if target is PlanStatus.SHARED:
        notices.plan_shared(la, plan, user)
    elif target is PlanStatus.SIGNED_OFF:
        notices.plan_signed_off(la, plan, user)


def sign_again(la: LocalAuthority, plan: ActionPlan, user: User, version: int | None,
               headteacher: str | None = None) -> None:
    """The changes since sign-off, signed off. `headteacher`: by the SENCO, for the head named."""
    expect_version(plan, version)
    if not plan.changed_since_sign_off:
        raise Invalid({"plan": "Nothing has changed since the plan was signed off"})
    plan.signed_off_at = utcnow()
    plan.signed_off_by_id = user.id
    plan.changed_since_sign_off = False
    flush_or_conflict()
    note = "Changes signed off again" + (f", {agreed_by(headteacher)}" if headteacher is not None else "")
    _transition(la, plan, plan.status, plan.status, user, note)
    detail = {"headteacher": headteacher} if headteacher is not None else {}
    audit.record(la, TriadsAction.PLAN_ADVANCED, plan, status=plan.status, signed_again=True, **detail)
    db.session.flush()


# --- who signs off: the cohort's rule and the schools' headteachers ---------------------------


def sign_off_rule(la: LocalAuthority, cohort: Cohort) -> SignOffRule | None:
    return db.session.scalar(select(SignOffRule).where(SignOffRule.la_id == la.id,
                                                       SignOffRule.cohort_id == cohort.id))


def sign_off_of(la: LocalAuthority, cohort: Cohort) -> SignOff:
    found = sign_off_rule(la, cohort)
    return found.rule if found is not None else SignOff.HEADTEACHER_ONLY


def set_sign_off(la: LocalAuthority, cohort: Cohort, rule: SignOff, version: int | None) -> SignOffRule:
    """The LA lead's choice for the cohort. `version` is the rule's as the form showed it (None
    while the cohort has none yet: two leads setting it first at once still collide, on the
    cohort's unique row)."""
    found = sign_off_rule(la, cohort)
    if found is None:
        if version not in (None, 0):
            raise EditConflict()
        found = SignOffRule(la_id=la.id, cohort_id=cohort.id, rule=rule)
        db.session.add(found)
        before = SignOff.HEADTEACHER_ONLY
    else:
        expect_version(found, version)
        before = found.rule
        found.rule = rule
    try:
        flush_or_conflict()
    except IntegrityError as exc:  # another lead set the cohort's first rule a moment ago
        raise EditConflict() from exc
    audit.record(la, TriadsAction.PLAN_SIGN_OFF_RULE_SET, cohort, before=before, after=rule)
    return found


@dataclass
class Leaders:
    """A school's people with an active account who may sign off, by role."""

    headteachers: list[User] = dataclasses.field(default_factory=list)
    sencos: list[User] = dataclasses.field(default_factory=list)


def school_leaders(la: LocalAuthority, school_ids: list[int]) -> dict[int, Leaders]:
    """Each school's active headteachers and SENCOs (active account and role), in one query."""
    found: dict[int, Leaders] = {sid: Leaders() for sid in school_ids}
    if not school_ids:
        return found
    # Their names and accounts, not every role each of them holds (User.roles loads if read).
    stmt = (select(RoleAssignment.school_id, RoleAssignment.role, User)
            .join(User, User.id == RoleAssignment.user_id).options(lazyload(User.roles))
            .where(RoleAssignment.la_id == la.id, RoleAssignment.school_id.in_(school_ids),
                   RoleAssignment.active.is_(True), User.active.is_(True),
                   RoleAssignment.role.in_([Role.HEADTEACHER, Role.SENCO]))
            .order_by(User.name, User.id))
    for school_id, role, user in db.session.execute(stmt):
        leaders = found[school_id]
        (leaders.headteachers if role is Role.HEADTEACHER else leaders.sencos).append(user)
    return found


def schools_without_headteacher(la: LocalAuthority, cohort: Cohort) -> list[tuple[School, Leaders]]:
    """The cohort's schools with no active headteacher account, by name, with their SENCOs."""
    schools = sorted((m.school for m in cohort.members), key=lambda s: s.name)
    leaders = school_leaders(la, [s.id for s in schools])
    return [(s, leaders[s.id]) for s in schools if not leaders[s.id].headteachers]


# --- what changed since sign-off ---------------------------------------------------------------

CHANGES = (TriadsAction.PLAN_PRIORITY_SAVED, TriadsAction.PLAN_PRIORITY_DELETED,
           TriadsAction.PLAN_ACTION_SAVED)


def changes_since_sign_off(la: LocalAuthority, plan: ActionPlan) -> list[str]:
    """What the audit trail recorded as changed on the plan since it was last signed off, in
    order, each once: "Priority added: ...", "Action changed: ...". Changes recorded before the
    trail named them are counted, not named."""
    if not plan.changed_since_sign_off or plan.signed_off_at is None:
        return []
    stmt = (select(AuditEvent.detail)
            .where(AuditEvent.la_id == la.id, AuditEvent.entity == "ActionPlan",
                   AuditEvent.entity_id == plan.id, AuditEvent.created_at >= plan.signed_off_at,
                   AuditEvent.action.in_([a.key for a in CHANGES]))
            .order_by(AuditEvent.created_at, AuditEvent.id)
            # Recorded with each change of the plan, in its transaction (audit.record).
            .execution_options(**{data_revisions.WRITTEN_WITH_ITS_DATA: True}))
    found: list[str] = []
    unnamed = 0
    for detail in db.session.scalars(stmt):
        what = (detail or {}).get("what")
        if not what:
            unnamed += 1
            continue
        if what not in found:
            found.append(what)
    if unnamed:
        found.append(f"{unnamed} other change{'s' if unnamed != 1 else ''}")
    return found


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
    _refuse_if_closed(plan)
    change = "added" if priority is None else "changed"
    if priority is None:
        priority = Priority(la_id=la.id, plan_id=plan.id, position=len(plan.priorities))
        plan.priorities.append(priority)
    else:
        expect_version(priority, version)
    priority.area_id = details.area_id
    priority.title = details.title
    priority.intended_outcome = details.intended_outcome
    kept = {c.text: c for c in priority.criteria}
    priority.criteria = [kept.get(text) or SuccessCriterion(la_id=la.id, text=text)
                         for text in details.criteria]
    _touch(la, plan, TriadsAction.PLAN_PRIORITY_SAVED, f"Priority {change}: {_short(details.title)}")
    flush_or_conflict()
    return priority


def delete_priority(la: LocalAuthority, plan: ActionPlan, priority: Priority) -> None:
    _refuse_if_closed(plan)
    _touch(la, plan, TriadsAction.PLAN_PRIORITY_DELETED, f"Priority removed: {_short(priority.title)}")
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
    stmt = (select(User).join(RoleAssignment, RoleAssignment.user_id == User.id).options(lazyload(User.roles))
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


def action_dates_problem(starts_on: date | None, due_on: date | None) -> str | None:
    """Needs no database: the action form checks it with its fields, so it shows beside them."""
    if starts_on and due_on and due_on < starts_on:
        return "The due date must be the same as or after the start date"
    return None


def save_action(la: LocalAuthority, plan: ActionPlan, cohort: Cohort, priority: Priority,
                action: Action | None, details: ActionDetails, version: int | None) -> Action:
    errors = {}
    staff = {u.id for u in school_staff(la, plan.school_id)}
    if details.owner_id is not None and details.owner_id not in staff:
        errors["owner"] = "The owner must be one of the school's own people"
    if problem := action_dates_problem(details.starts_on, details.due_on):
        errors["due_on"] = problem
    start, end = cohort.bounds
    for field, value in (("starts_on", details.starts_on), ("due_on", details.due_on)):
        if value and not (date(start.year - 1, 1, 1) <= value <= date(end.year + 1, 12, 31)):
            errors.setdefault(field, "Enter a date within a year of the cohort's academic year")
    if errors:
        raise Invalid(errors)
    _refuse_if_closed(plan)
    change = "added" if action is None else "changed"
    if action is None:
        action = Action(la_id=la.id, priority_id=priority.id)
        priority.actions.append(action)
    else:
        expect_version(action, version)
    action.description = details.description
    action.owner_id = details.owner_id
    action.starts_on, action.due_on = details.starts_on, details.due_on
    action.resources = details.resources
    action.status = details.status
    _touch(la, plan, TriadsAction.PLAN_ACTION_SAVED, f"Action {change}: {_short(details.description)}")
    flush_or_conflict()
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
    audit.record(la, TriadsAction.PLAN_PROGRESS_NOTED, plan, action_id=action.id, status=status)
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



def overdue_counts(la: LocalAuthority, cohort_id: int, today: date | None = None) -> dict[int, int]:
    """School id -> how many of its plan's actions for the cohort are overdue (as overdue_actions),
    counted in the database."""
    today = today or utcnow().date()
    stmt = (select(ActionPlan.school_id, func.count(Action.id))
            .join(Priority, Priority.id == Action.priority_id)
            .join(ActionPlan, ActionPlan.id == Priority.plan_id)
            .where(Action.la_id == la.id, ActionPlan.cohort_id == cohort_id, Action.due_on < today,
                   Action.status != ActionStatus.DONE, ActionPlan.status != PlanStatus.REVIEWED)
            .group_by(ActionPlan.school_id))
    return dict(db.session.execute(stmt).all())


# --- coach comments and the year-end review ---------------------------------------------------


def add_comment(la: LocalAuthority, plan: ActionPlan, priority: Priority, body: str,
                user: User) -> PriorityComment:
    comment = PriorityComment(la_id=la.id, priority_id=priority.id, author_id=user.id, body=body)
    priority.comments.append(comment)
    db.session.flush()
    audit.record(la, TriadsAction.PLAN_COACH_COMMENTED, plan, priority_id=priority.id)
    notices.plan_commented(la, plan, priority, comment, user)
    return comment


def resolve_comment(la: LocalAuthority, plan: ActionPlan, comment: PriorityComment, response: str,
                    user: User) -> None:
    comment.resolved_at = utcnow()
    comment.resolved_by_id = user.id
    comment.response = response
    db.session.flush()
    audit.record(la, TriadsAction.PLAN_COMMENT_RESOLVED, plan, comment_id=comment.id)


def review_criterion(la: LocalAuthority, plan: ActionPlan, criterion: SuccessCriterion,
                     outcome: CriterionOutcome, impact: str, version: int | None) -> None:
    if plan.status not in (PlanStatus.IN_PROGRESS, PlanStatus.SIGNED_OFF):
        raise Invalid({"outcome": "Impact is reviewed once the plan is signed off and under way"})
    expect_version(criterion, version)
    criterion.outcome = outcome
    criterion.impact = impact
    flush_or_conflict()
    audit.record(la, TriadsAction.PLAN_CRITERION_REVIEWED, plan, criterion_id=criterion.id, outcome=outcome)


def author_names(action: Action) -> dict[int, str]:
    ids = {n.author_id for n in action.notes if n.author_id}
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())


def people_on_plan(plan: ActionPlan) -> dict[int, str]:
    """The names of who signed the plan off and who wrote and resolved the coach's comments."""
    ids = {plan.signed_off_by_id} | {i for p in plan.priorities for c in p.comments
                                     for i in (c.author_id, c.resolved_by_id)}
    ids.discard(None)
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
