"""What the triads package tells people by e-mail when their work moves on, queued through
app.interfaces.notifications in the transaction of the change itself.

Who is told follows triads.access: the plan's coach is the SENCO of the triad's coach school when it
is not the plan's own school (`PlanContext.is_coach`); a plan's school is its SENCO; a visit's schools
are their SENCOs and headteachers (`VisitContext.is_school`). The person who made the change is not
told about it. No message carries a child's name: only school, triad and plan names.
"""

from collections.abc import Iterable

from app.interfaces import notifications, schools
from app.interfaces.notifications import path_for
from app.models import LocalAuthority, NotificationKind, Role, User
from triads.interfaces.triads import triad_of_school
from triads.models import ActionPlan, Priority, PriorityComment, QAVisit


def _others(people: Iterable[User], actor: User | None) -> list[User]:
    return [p for p in people if actor is None or p.id != actor.id]


def _plan_path(la: LocalAuthority, plan: ActionPlan, anchor: str = "") -> str:
    return path_for("plans.plan", la_slug=la.slug, plan_id=plan.id) + anchor


def plan_shared(la: LocalAuthority, plan: ActionPlan, actor: User | None) -> None:
    """To the coach school's SENCO: a partner's plan waits for their review."""
    triad = triad_of_school(la.id, plan.school_id, plan.cohort_id)
    if triad is None or triad.coach_school_id is None or triad.coach_school_id == plan.school_id:
        return
    school = schools.get_school(la, plan.school_id)
    coach = schools.get_school(la, triad.coach_school_id)
    for person in _others(notifications.people_at(la, [coach.id], Role.SENCO), actor):
        notifications.notify(
            la, person, NotificationKind.PLAN_SHARED,
            f"{school.name}'s action plan is ready for your review",
            f"{school.name} has shared its action plan with you. Read it and comment on its "
            "priorities, then mark it as reviewed.",
            _plan_path(la, plan), f"plan-{plan.id}:shared",
            reason=f"the SENCO of {coach.name}, the coach school of the {triad.name} triad")


def plan_commented(la: LocalAuthority, plan: ActionPlan, priority: Priority, comment: PriorityComment,
                   actor: User | None) -> None:
    """To the plan's school's SENCO: the coach commented and waits for an answer."""
    school = schools.get_school(la, plan.school_id)
    for person in _others(notifications.people_at(la, [school.id], Role.SENCO), actor):
        notifications.notify(
            la, person, NotificationKind.PLAN_COMMENTED,
            f"Your coach commented on {school.name}'s action plan",
            f"The coach school commented on priority {priority.position + 1} of your action plan. "
            "Answer the comment on the plan: the plan is signed off once every comment is answered.",
            _plan_path(la, plan, f"#priority-{priority.id}"), f"plan-{plan.id}:comment-{comment.id}",
            school_id=school.id)


def plan_signed_off(la: LocalAuthority, plan: ActionPlan, actor: User | None) -> None:
    """To the school's SENCO and the LA SEND lead: the plan is agreed and under way."""
    school = schools.get_school(la, plan.school_id)
    people = notifications.people_at(la, [school.id], Role.SENCO) + notifications.people_of_la(la, Role.LA_LEAD)
    for person in _others(dict.fromkeys(people), actor):
        notifications.notify(
            la, person, NotificationKind.PLAN_SIGNED_OFF,
            f"{school.name}'s action plan has been signed off",
            f"{school.name}'s action plan has been signed off. Progress on its actions can now be "
            "recorded against it.",
            _plan_path(la, plan), f"plan-{plan.id}:signed-off", school_id=school.id)


def draft_report_ready(la: LocalAuthority, visit: QAVisit, school_ids: list[int], title: str,
                       actor: User | None) -> None:
    """To the visited schools' SENCOs and headteachers: the draft QA report waits for comments."""
    for person in _others(notifications.people_at(la, school_ids, Role.SENCO, Role.HEADTEACHER), actor):
        school_id = next((a.school_id for a in person.active_roles()
                          if a.la_id == la.id and a.school_id in school_ids), None)
        notifications.notify(
            la, person, NotificationKind.QA_DRAFT_READY,
            f"The draft QA report for {title} is ready for your comments",
            f"The quality assurer has written up the QA visit to {title}. Read the draft report and "
            "comment on it before it is made final.",
            path_for("visits.visit", la_slug=la.slug, visit_id=visit.id), f"visit-{visit.id}:draft",
            school_id=school_id)
