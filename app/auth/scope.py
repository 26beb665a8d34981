"""Which cohorts of the LA the person signed in reads as LA staff: the one loader of the one rule
(`permissions.cohort_scope`), used by every package's access rules, so that the self-evaluation,
cohort, school, plan, visit, celebration and dashboard pages and their downloads agree.

A record in a cohort outside the scope is answered as if it did not exist (404), the same as
another LA's: a quality assurer of one cohort learns nothing of the others.
"""

from collections.abc import Iterable

from flask import abort, g
from flask_login import current_user

from app import features
from app.auth.permissions import (
    LA_STAFF,
    SCHOOL_READERS,
    CohortScope,
    cohort_scope,
    holds,
    needs_assigned_cohorts,
    school_ids,
)
from app.interfaces import cohorts
from app.models import Cohort, LocalAuthority, RoleAssignment, User
from app.tenancy import current_la, la_roles


def scope_for(la: LocalAuthority, user: User, assignments: Iterable[RoleAssignment]) -> CohortScope:
    """For any person in any LA (what is waiting for them, reminders): one query for an assurer
    limited to their cohorts, none for anyone else."""
    mine = [a for a in assignments if a.la_id == la.id]
    assigned = features.assigned_cohort_ids(la, user) if needs_assigned_cohorts(mine) else set()
    return cohort_scope(mine, assigned)


def current_scope() -> CohortScope:
    """For the person signed in, in the LA of the request; worked out once per request."""
    if "cohort_scope" not in g:
        g.cohort_scope = scope_for(current_la, current_user, la_roles())
    return g.cohort_scope


def current_staff_reads(cohort_id: int | None) -> bool:
    return current_scope().covers(cohort_id)


def readable_cohorts(every: Iterable[Cohort]) -> list[Cohort]:
    """Of these cohorts, in order, those the person signed in reads as LA staff."""
    scope = current_scope()
    return [c for c in every if scope.covers(c.id)]


def load_cohort(cohort_id: int) -> Cohort:
    """A cohort of the LA that the person signed in reads as LA staff; 404 otherwise."""
    cohort = cohorts.get_cohort(current_la, cohort_id)
    if not current_scope().covers(cohort.id):
        abort(404)
    return cohort


def current_reads_school(school_id: int) -> bool:
    """A school in a cohort this person reads as LA staff (a lead: every school of the LA; an
    assurer also sees a school not yet in any cohort only with the whole LA)."""
    scope = current_scope()
    return scope.every or scope.covers_any(c.id for c in cohorts.cohorts_of_school(current_la, school_id))


def hides_school(school_id: int) -> bool:
    """Whether this person reaches the school only as LA staff and it is in no cohort of their
    scope: its page is then a 404. Its own staff always reach it."""
    roles = la_roles()
    if school_id in school_ids(roles, *SCHOOL_READERS) or not holds(roles, *LA_STAFF):
        return False
    return not current_reads_school(school_id)
