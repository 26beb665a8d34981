"""Loads an action plan for a request, with who may do what to it."""

from dataclasses import dataclass

from flask import abort

from app.interfaces import cohorts, schools
from app.models import Cohort, Role, School
from app.tenancy import current_la, la_roles
from triads import interfaces
from triads.models import ActionPlan, PlanStatus, Triad


@dataclass
class PlanContext:
    plan: ActionPlan
    school: School
    cohort: Cohort
    triad: Triad | None
    can_edit: bool
    is_coach: bool
    is_headteacher: bool
    is_la: bool

    def may_take(self, actor: str) -> bool:
        return {"school": self.can_edit, "coach": self.is_coach,
                "headteacher": self.is_headteacher}.get(actor, False)


def _school_ids(*roles: Role) -> set[int]:
    return {a.school_id for a in la_roles() if a.role in roles and a.school_id}


def own_school(school_id: int) -> bool:
    return school_id in _school_ids(Role.SENCO, Role.HEADTEACHER)


def is_la_staff() -> bool:
    return any(a.role in (Role.LA_LEAD, Role.QUALITY_ASSURER) for a in la_roles())


def can_view_plans_of(school_id: int, cohort_id: int, plan_status: PlanStatus | None) -> bool:
    if is_la_staff() or own_school(school_id):
        return True
    # Triad partners see a plan once it is shared, never a draft.
    if plan_status in (None, PlanStatus.DRAFT):
        return False
    triad = interfaces.triad_of_school(current_la.id, school_id, cohort_id)
    return bool(triad and _school_ids(Role.SENCO, Role.HEADTEACHER) & set(triad.school_ids))


def load(plan_id: int) -> PlanContext:
    plan = interfaces.plans.get_plan(current_la, plan_id)
    school = schools.get_school(current_la, plan.school_id)
    cohort = cohorts.get_cohort(current_la, plan.cohort_id)
    if not can_view_plans_of(school.id, cohort.id, plan.status):
        abort(403)
    triad = interfaces.triad_of_school(current_la.id, school.id, cohort.id)
    coach_id = triad.coach_school_id if triad else None
    return PlanContext(
        plan=plan, school=school, cohort=cohort, triad=triad,
        can_edit=own_school(school.id),
        is_coach=coach_id is not None and coach_id != school.id
        and coach_id in _school_ids(Role.SENCO),
        is_headteacher=school.id in _school_ids(Role.HEADTEACHER),
        is_la=is_la_staff(),
    )
